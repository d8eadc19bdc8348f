use super::*;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// What waits in the old outputs' folder for the next build to remove.
fn old_names(dir: &Path) -> Vec<String> {
    names(&dir.join(OLD))
}

/// The journal a commit leaves, settled: kept from build to build.
fn assert_settled(dir: &Path) {
    let text = fs::read_to_string(dir.join(JOURNAL)).unwrap();
    assert!(text.starts_with(SETTLED), "{text}");
}

#[test]
fn dropped_stage_leaves_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("a.md");
    fs::write(&target, "old").unwrap();
    {
        let mut s = Staged::default();
        s.stage(&target, b"new").unwrap();
    }
    assert_eq!(fs::read_to_string(&target).unwrap(), "old");
    assert_eq!(names(dir.path()), ["a.md"]);
}

#[test]
fn committed_stage_replaces_targets_and_stale_ones_go_with_the_old() {
    let dir = tempfile::tempdir().unwrap();
    let (md, pdf, stale) = (
        dir.path().join("a.md"),
        dir.path().join("a.pdf"),
        dir.path().join("a_Add.1.md"),
    );
    fs::write(&md, "old").unwrap();
    fs::write(&stale, "old addendum").unwrap();
    let mut s = Staged::default();
    s.stage(&md, b"new").unwrap();
    s.stage(&pdf, b"new pdf").unwrap();
    s.commit(dir.path(), std::slice::from_ref(&stale)).unwrap();
    assert_eq!(fs::read_to_string(&md).unwrap(), "new");
    assert_eq!(fs::read_to_string(&pdf).unwrap(), "new pdf");
    assert_eq!(names(dir.path()), [JOURNAL, OLD, "a.md", "a.pdf"]);
    assert_settled(dir.path());
    // The old a.md and the stale addendum wait aside, until removed.
    let old = old_names(dir.path());
    assert!(
        old.len() == 2 && old.iter().all(|n| n.ends_with(".old")),
        "{old:?}"
    );
    remove_old_outputs(dir.path());
    assert!(old_names(dir.path()).is_empty());
}

#[test]
fn a_failed_commit_leaves_the_old_generation_whole_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let (md, pdf, stale) = (
        dir.path().join("a.md"),
        dir.path().join("a.pdf"),
        dir.path().join("a_Add.1.md"),
    );
    fs::write(&md, "old").unwrap();
    fs::write(&stale, "old addendum").unwrap();
    // The PDF's place is taken by a folder: the commit must fail.
    fs::create_dir(&pdf).unwrap();
    let mut s = Staged::default();
    s.stage(&md, b"new").unwrap();
    s.stage(&pdf, b"new pdf").unwrap();
    let err = s
        .commit(dir.path(), std::slice::from_ref(&stale))
        .unwrap_err();
    assert!(err.to_string().contains("is a folder"), "{err}");
    assert_eq!(fs::read_to_string(&md).unwrap(), "old");
    assert_eq!(fs::read_to_string(&stale).unwrap(), "old addendum");
    assert_eq!(names(dir.path()), ["a.md", "a.pdf", "a_Add.1.md"]);
}

#[test]
fn a_rename_that_fails_midway_is_undone() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a.md"),
        dir.path().join("b.pdf"),
        dir.path().join("c.md"),
    );
    fs::write(&a, "old a").unwrap();
    fs::write(&b, "old b").unwrap();
    let mut s = Staged::default();
    s.stage(&a, b"new a").unwrap();
    s.stage(&c, b"new c").unwrap();
    // typst's PDF vanished before the commit: its move into place fails
    // after a.md and c.md were already placed.
    s.adopt(dir.path().join(".gone.pdf.tmp"), &b);
    s.commit(dir.path(), &[]).unwrap_err();
    assert_eq!(fs::read_to_string(&a).unwrap(), "old a");
    assert_eq!(fs::read_to_string(&b).unwrap(), "old b");
    assert_eq!(names(dir.path()), [JOURNAL, OLD, "a.md", "b.pdf"]);
    assert!(old_names(dir.path()).is_empty());
    assert_settled(dir.path());
}

#[test]
fn an_interrupted_commit_is_rolled_back_by_the_next_build() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("output");
    fs::create_dir(&out).unwrap();
    // What a build killed between two renames leaves: a.md moved aside and
    // the new a.md in place, the new a.pdf not yet.
    fs::write(out.join(".a.md.1-0.old"), "old a").unwrap();
    fs::write(out.join("a.md"), "new a").unwrap();
    fs::write(out.join("b.md"), "new b").unwrap();
    fs::write(out.join(".a.pdf.1-1.tmp"), "new pdf").unwrap();
    fs::write(
        out.join(JOURNAL),
        "old\t.a.md.1-0.old\ta.md\nnew\tb.md\nnew\ta.pdf\n",
    )
    .unwrap();
    let _out = OutputDir::open(root.path(), &|_| {}).unwrap();
    assert_eq!(fs::read_to_string(out.join("a.md")).unwrap(), "old a");
    assert_eq!(names(&out), [".sgreport.lock", "a.md"]);
}

#[cfg(unix)]
#[test]
fn the_lock_never_follows_a_link_nor_truncates() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("output");
    fs::create_dir(&out).unwrap();
    let victim = root.path().join("bashrc");
    fs::write(&victim, "precious").unwrap();
    std::os::unix::fs::symlink(&victim, out.join(LOCK)).unwrap();
    let err = OutputDir::open(root.path(), &|_| {}).err().unwrap();
    assert!(err.contains("not a plain file"), "{err}");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    // A plain lock file keeps its content too.
    fs::remove_file(out.join(LOCK)).unwrap();
    fs::write(out.join(LOCK), "x").unwrap();
    drop(OutputDir::open(root.path(), &|_| {}).unwrap());
    assert_eq!(fs::read_to_string(out.join(LOCK)).unwrap(), "x");
}

#[test]
fn a_build_killed_after_preparing_its_commit_keeps_the_old_outputs() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("output");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("a.md"), "old a").unwrap();
    let mut s = Staged::default();
    s.stage(&out.join("a.md"), b"new a").unwrap();
    let prepared = s.prepare_commit(&out, &[], &[out.join("a.pdf")]).unwrap();
    assert!(out.join(JOURNAL).exists());
    // Killed while typst makes a.pdf: nothing is dropped.
    std::mem::forget(prepared);
    std::mem::forget(s);
    let _out = OutputDir::open(root.path(), &|_| {}).unwrap();
    assert_eq!(fs::read_to_string(out.join("a.md")).unwrap(), "old a");
    assert_eq!(names(&out), [".sgreport.lock", "a.md"]);
}

#[test]
fn a_prepared_commit_moves_the_files_made_since() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.pdf"));
    fs::write(&a, "old a").unwrap();
    let mut s = Staged::default();
    s.stage(&a, b"new a").unwrap();
    let prepared = s
        .prepare_commit(dir.path(), &[], std::slice::from_ref(&b))
        .unwrap();
    let tmp = temp_path(&b);
    fs::write(&tmp, "new b").unwrap();
    s.adopt(tmp, &b);
    s.commit_prepared(prepared).unwrap();
    assert_eq!(fs::read_to_string(&a).unwrap(), "new a");
    assert_eq!(fs::read_to_string(&b).unwrap(), "new b");
    assert_eq!(names(dir.path()), [JOURNAL, OLD, "a.md", "b.pdf"]);
    assert_settled(dir.path());
}

#[test]
fn a_prepared_commit_of_other_files_moves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.md");
    fs::write(&a, "old a").unwrap();
    let mut s = Staged::default();
    s.stage(&a, b"new a").unwrap();
    // The journal expects b.pdf, which never comes.
    let prepared = s
        .prepare_commit(dir.path(), &[], &[dir.path().join("b.pdf")])
        .unwrap();
    s.commit_prepared(prepared).unwrap_err();
    assert_eq!(fs::read_to_string(&a).unwrap(), "old a");
    assert_eq!(names(dir.path()), [JOURNAL, "a.md"]);
    assert_settled(dir.path());
}

#[test]
fn the_journal_is_written_over_and_stays_settled() {
    let root = tempfile::tempdir().unwrap();
    let out_dir = root.path().join("output");
    fs::create_dir(&out_dir).unwrap();
    let (a, b) = (out_dir.join("a.md"), out_dir.join("b.md"));
    // A longer journal from an earlier build is written over, not appended to.
    let earlier = format!("{SETTLED}{}", "new\tz.md\n".repeat(50));
    fs::write(out_dir.join(JOURNAL), earlier).unwrap();
    fs::write(&a, "old a").unwrap();
    let mut s = Staged::default();
    s.stage(&a, b"new a").unwrap();
    s.stage(&b, b"new b").unwrap();
    let prepared = s.prepare_commit(&out_dir, &[], &[]).unwrap();
    let pending = fs::read_to_string(out_dir.join(JOURNAL)).unwrap();
    assert!(pending.starts_with(PENDING), "{pending}");
    assert_eq!(pending.lines().count(), 3, "{pending}");
    s.commit_prepared(prepared).unwrap();
    assert_eq!(names(&out_dir), [JOURNAL, OLD, "a.md", "b.md"]);
    assert_settled(&out_dir);
    // A settled journal is not undone by the next build: b.md stays.
    let _out = OutputDir::open(root.path(), &|_| {}).unwrap();
    assert_eq!(fs::read_to_string(&a).unwrap(), "new a");
    assert_eq!(fs::read_to_string(&b).unwrap(), "new b");
}

#[test]
fn a_pending_journal_whose_old_outputs_were_being_removed_is_not_undone() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("output");
    fs::create_dir(&out).unwrap();
    // A power cut lost the settled mark but kept the moves and one removal:
    // a.md's backup is gone, b.md's is still there; c.md is new.
    for (name, text) in [
        ("a.md", "new a"),
        ("b.md", "new b"),
        ("c.md", "new c"),
        (".b.md.1-1.old", "old b"),
    ] {
        fs::write(out.join(name), text).unwrap();
    }
    let journal = "old\t.a.md.1-0.old\ta.md\nold\t.b.md.1-1.old\tb.md\nnew\tc.md\n";
    fs::write(out.join(JOURNAL), format!("{PENDING}{journal}")).unwrap();
    let _out = OutputDir::open(root.path(), &|_| {}).unwrap();
    for name in ["a.md", "b.md", "c.md"] {
        let text = fs::read_to_string(out.join(name)).unwrap();
        assert!(text.starts_with("new"), "{name}: {text}");
    }
    assert_eq!(names(&out), [".sgreport.lock", "a.md", "b.md", "c.md"]);
}

#[test]
fn an_interrupted_commit_takes_the_old_outputs_back_from_their_folder() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("output");
    fs::create_dir_all(out.join(OLD)).unwrap();
    // Killed after a.md was moved aside and replaced, before b.md was placed.
    fs::write(out.join(OLD).join(".a.md.1-0.old"), "old a").unwrap();
    fs::write(out.join("a.md"), "new a").unwrap();
    let journal = format!("{PENDING}old\t{OLD}/.a.md.1-0.old\ta.md\nnew\tb.md\n");
    fs::write(out.join(JOURNAL), journal).unwrap();
    let _out = OutputDir::open(root.path(), &|_| {}).unwrap();
    assert_eq!(fs::read_to_string(out.join("a.md")).unwrap(), "old a");
    assert!(old_names(&out).is_empty());
}

#[cfg(unix)]
#[test]
fn removing_the_old_outputs_never_follows_a_link() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("output");
    fs::create_dir(&out).unwrap();
    let victim = root.path().join("thesis");
    fs::create_dir(&victim).unwrap();
    fs::write(victim.join("chapter.md"), "precious").unwrap();
    std::os::unix::fs::symlink(&victim, out.join(OLD)).unwrap();
    remove_old_outputs(&out);
    assert_eq!(
        fs::read_to_string(victim.join("chapter.md")).unwrap(),
        "precious"
    );
    assert!(
        fs::symlink_metadata(out.join(OLD)).is_err(),
        "the link goes"
    );
    // Nor does a commit move old outputs into a linked folder.
    std::os::unix::fs::symlink(&victim, out.join(OLD)).unwrap();
    fs::write(out.join("a.md"), "old a").unwrap();
    let mut s = Staged::default();
    s.stage(&out.join("a.md"), b"new a").unwrap();
    s.commit(&out, &[]).unwrap();
    assert_eq!(names(&victim), ["chapter.md"]);
    assert_eq!(old_names(&out).len(), 1);
}
