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

fn name(s: &str) -> OutputName {
    OutputName::parse(s).unwrap()
}

fn set(names: &[&str]) -> BTreeSet<OutputName> {
    names.iter().map(|n| name(n)).collect()
}

/// A fresh `output/` in a temporary project, opened.
fn open() -> (tempfile::TempDir, OutputDir) {
    let root = tempfile::tempdir().unwrap();
    let out = OutputDir::open(&root.path().join("output"), &|_| {}).unwrap();
    (root, out)
}

/// Commits `files` (name, text) as the whole new generation.
fn commit(out: &OutputDir, files: &[(&str, &str)]) -> Result<(), OutputError> {
    let mut s = Staged::new(out);
    for (n, text) in files {
        s.stage(&name(n), text.as_bytes()).unwrap();
    }
    let now: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
    s.commit(out, &set(&now), &[])
}

fn read(out: &OutputDir, n: &str) -> String {
    fs::read_to_string(out.dir.join(n)).unwrap()
}

#[test]
fn dropped_stage_leaves_target_untouched() {
    let (_root, out) = open();
    fs::write(out.dir.join("a.md"), "old").unwrap();
    {
        let mut s = Staged::new(&out);
        s.stage(&name("a.md"), b"new").unwrap();
    }
    assert_eq!(read(&out, "a.md"), "old");
    assert_eq!(names(&out.dir), [STATE_DIR, "a.md"]);
    assert!(names(&out.work_dir()).is_empty());
}

#[test]
fn a_commit_leaves_exactly_the_new_generation_and_no_file_of_the_user_is_touched() {
    let (_root, out) = open();
    commit(
        &out,
        &[
            ("A.md", "1"),
            ("A.pdf", "1"),
            ("A.docx", "1"),
            ("A_Add.1.md", "1"),
        ],
    )
    .unwrap();
    fs::write(out.dir.join("notes.md"), "mine").unwrap();
    fs::write(out.dir.join("draft.pdf"), "mine").unwrap();
    // Without --docx and without an addendum: both go with the commit.
    commit(&out, &[("A.md", "2"), ("A.pdf", "2")]).unwrap();
    assert_eq!(
        names(&out.dir),
        [STATE_DIR, "A.md", "A.pdf", "draft.pdf", "notes.md"]
    );
    assert_eq!(read(&out, "A.md"), "2");
    assert_eq!(out.generation().unwrap(), set(&["A.md", "A.pdf"]));
    remove_old_outputs(&out);
    // A new symbol: the old symbol's outputs go.
    commit(&out, &[("B.md", "3")]).unwrap();
    assert_eq!(
        names(&out.dir),
        [STATE_DIR, "B.md", "draft.pdf", "notes.md"]
    );
    // The replaced outputs wait aside until the next build removes them.
    assert_eq!(names(&out.state.old()).len(), 2);
    remove_old_outputs(&out);
    assert!(names(&out.state.old()).is_empty());
}

#[test]
fn outputs_no_journal_names_are_recognised_by_the_documents_names() {
    let (_root, out) = open();
    for n in ["E_1.docx", "E_1.figure-2.svg", "E_1_Add.1.md", "E_2.md"] {
        fs::write(out.dir.join(n), "earlier version").unwrap();
    }
    let docs = [
        DocumentNames::for_symbol("E/1"),
        DocumentNames::for_symbol("E/1/Add.1"),
    ];
    let mut s = Staged::new(&out);
    s.stage(&name("E_1.md"), b"new").unwrap();
    s.commit(&out, &set(&["E_1.md"]), &docs).unwrap();
    // E_2.md is no output of these documents, nor named by a journal: kept.
    assert_eq!(names(&out.dir), [STATE_DIR, "E_1.md", "E_2.md"]);
}

#[test]
fn a_failed_commit_leaves_the_old_generation_whole_and_no_temporary_file() {
    let (_root, out) = open();
    commit(&out, &[("a.md", "old"), ("a_Add.1.md", "old addendum")]).unwrap();
    // The PDF's place is taken by a folder: the commit must fail.
    fs::create_dir(out.dir.join("a.pdf")).unwrap();
    let err = commit(&out, &[("a.md", "new"), ("a.pdf", "new pdf")]).unwrap_err();
    assert!(err.to_string().contains("is a folder"), "{err}");
    assert_eq!(read(&out, "a.md"), "old");
    assert_eq!(read(&out, "a_Add.1.md"), "old addendum");
    assert_eq!(names(&out.dir), [STATE_DIR, "a.md", "a.pdf", "a_Add.1.md"]);
    assert!(names(&out.work_dir()).is_empty());
}

#[test]
fn a_rename_that_fails_midway_is_undone() {
    let (_root, out) = open();
    commit(&out, &[("a.md", "old a"), ("b.pdf", "old b")]).unwrap();
    remove_old_outputs(&out);
    let mut s = Staged::new(&out);
    s.stage(&name("a.md"), b"new a").unwrap();
    s.stage(&name("c.md"), b"new c").unwrap();
    // typst's PDF vanished before the commit: its move into place fails
    // after a.md and c.md were already placed.
    s.adopt(out.work_dir().join("gone.pdf"), &name("b.pdf"));
    s.commit(&out, &set(&["a.md", "b.pdf", "c.md"]), &[])
        .unwrap_err();
    assert_eq!(read(&out, "a.md"), "old a");
    assert_eq!(read(&out, "b.pdf"), "old b");
    assert_eq!(names(&out.dir), [STATE_DIR, "a.md", "b.pdf"]);
    assert!(names(&out.state.old()).is_empty());
    assert_eq!(out.generation().unwrap(), set(&["a.md", "b.pdf"]));
}

/// What a build killed between two renames of its commit leaves, undone
/// by the next build, and undone only once.
#[test]
fn an_interrupted_commit_is_rolled_back_by_the_next_build() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("output");
    let state = StateDir::of(&dir);
    fs::create_dir_all(state.old()).unwrap();
    fs::create_dir_all(state.work()).unwrap();
    // a.md moved aside and the new a.md in place; b.md was placed new; the
    // old c.md (stale) not yet moved aside.
    fs::write(state.old().join("1-0.old"), "old a").unwrap();
    fs::write(dir.join("a.md"), "new a").unwrap();
    fs::write(dir.join("b.md"), "new b").unwrap();
    fs::write(dir.join("c.md"), "old c").unwrap();
    let journal = Journal {
        settled: false,
        now: set(&["a.md", "b.md"]),
        was: set(&["a.md", "c.md"]),
        aside: vec![
            (name("a.md"), journal_backup("1-0.old")),
            (name("c.md"), journal_backup("1-1.old")),
        ],
        new: vec![name("b.md")],
    };
    journal.write(&state).unwrap();
    let out = OutputDir::open(&dir, &|_| {}).unwrap();
    assert_eq!(read(&out, "a.md"), "old a");
    assert_eq!(read(&out, "c.md"), "old c");
    assert_eq!(names(&dir), [STATE_DIR, "a.md", "c.md"]);
    assert_eq!(out.generation().unwrap(), set(&["a.md", "c.md"]));
    drop(out);
    // Opened again: nothing more is undone.
    let out = OutputDir::open(&dir, &|_| {}).unwrap();
    assert_eq!(names(&out.dir), [STATE_DIR, "a.md", "c.md"]);
}

fn journal_backup(s: &str) -> journal::Backup {
    // Backups are only made through the journal's own text.
    let text = format!("sgreport journal 1\npending\naside\tx.md\t{s}\n");
    let root = tempfile::tempdir().unwrap();
    let state = StateDir::of(root.path());
    fs::create_dir_all(state.path()).unwrap();
    fs::write(state.journal(), text).unwrap();
    Journal::read(&state).unwrap().unwrap().aside.remove(0).1
}

#[cfg(unix)]
#[test]
fn the_state_folder_lock_and_journal_never_follow_a_link() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("output");
    let state = StateDir::of(&dir);
    fs::create_dir(&dir).unwrap();
    let victim = root.path().join("bashrc");
    fs::write(&victim, "precious").unwrap();
    let outside = root.path().join("elsewhere");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("keep.md"), "precious").unwrap();
    // The state folder as a link to a folder outside: removed, not used.
    std::os::unix::fs::symlink(&outside, state.path()).unwrap();
    drop(OutputDir::open(&dir, &|_| {}).unwrap());
    assert!(fs::symlink_metadata(state.path()).unwrap().is_dir());
    assert_eq!(names(&outside), ["keep.md"]);
    // The lock and the journal as links: refused, the files untouched.
    for part in [state.lock(), state.journal()] {
        let _ = fs::remove_file(&part);
        std::os::unix::fs::symlink(&victim, &part).unwrap();
        let err = OutputDir::open(&dir, &|_| {}).err().unwrap().to_string();
        assert!(err.contains("not a plain file"), "{err}");
        assert!(err.contains(&part.display().to_string()), "{err}");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        fs::remove_file(&part).unwrap();
    }
    // A plain lock file keeps its content.
    fs::write(state.lock(), "x").unwrap();
    drop(OutputDir::open(&dir, &|_| {}).unwrap());
    assert_eq!(fs::read_to_string(state.lock()).unwrap(), "x");
}

#[cfg(unix)]
#[test]
fn a_journal_that_is_a_pipe_too_large_or_not_sgreports_is_refused_at_once() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("output");
    let state = StateDir::of(&dir);
    fs::create_dir_all(state.path()).unwrap();
    let victim = root.path().join("report.yaml");
    fs::write(&victim, "precious").unwrap();
    let c = std::ffi::CString::new(state.journal().to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let err = OutputDir::open(&dir, &|_| {}).err().unwrap().to_string();
    assert!(err.contains("not a plain file"), "{err}");
    fs::remove_file(state.journal()).unwrap();
    let huge = format!(
        "sgreport journal 1\nsettled\n{}",
        "now\ta.md\n".repeat(40_000)
    );
    fs::write(state.journal(), huge).unwrap();
    let err = OutputDir::open(&dir, &|_| {}).err().unwrap().to_string();
    assert!(
        err.contains(&format!("larger than {MAX_JOURNAL} bytes")),
        "{err}"
    );
    for planted in [
        "sgreport journal 1\npending\nnew\t../report.yaml\n",
        "sgreport journal 1\npending\nnew\t/tmp/x.md\n",
        "sgreport journal 1\npending\naside\ta.md\t../../report.yaml\n",
        "sgreport commit: pending\nnew\t../report.yaml\n",
    ] {
        fs::write(state.journal(), planted).unwrap();
        let err = OutputDir::open(&dir, &|_| {}).err().unwrap().to_string();
        assert!(err.contains("was not written by sgreport"), "{err}");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    }
}

#[cfg(unix)]
#[test]
fn a_planted_link_among_the_old_outputs_is_removed_never_moved_into_place() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("output");
    let state = StateDir::of(&dir);
    fs::create_dir_all(state.old()).unwrap();
    let victim = root.path().join("secret");
    fs::write(&victim, "secret").unwrap();
    std::os::unix::fs::symlink(&victim, state.old().join("1-0.old")).unwrap();
    let journal = Journal {
        settled: false,
        now: set(&["a.md"]),
        was: set(&["a.md"]),
        aside: vec![(name("a.md"), journal_backup("1-0.old"))],
        new: Vec::new(),
    };
    journal.write(&state).unwrap_or_else(|_| {
        fs::create_dir_all(state.work()).unwrap();
        journal.write(&state).unwrap()
    });
    let out = OutputDir::open(&dir, &|_| {}).unwrap();
    assert!(fs::symlink_metadata(out.dir.join("a.md")).is_err());
    assert!(names(&state.old()).is_empty());
    assert_eq!(fs::read_to_string(&victim).unwrap(), "secret");
}

#[cfg(unix)]
#[test]
fn removing_the_old_outputs_never_follows_a_link() {
    let (root, out) = open();
    let victim = root.path().join("thesis");
    fs::create_dir(&victim).unwrap();
    fs::write(victim.join("chapter.md"), "precious").unwrap();
    std::os::unix::fs::symlink(&victim, out.state.old()).unwrap();
    remove_old_outputs(&out);
    assert_eq!(
        fs::read_to_string(victim.join("chapter.md")).unwrap(),
        "precious"
    );
    assert!(
        fs::symlink_metadata(out.state.old()).is_err(),
        "the link goes"
    );
    // Nor does a commit move old outputs into a linked folder.
    std::os::unix::fs::symlink(&victim, out.state.old()).unwrap();
    fs::write(out.dir.join("a.md"), "old a").unwrap();
    commit(&out, &[("a.md", "new a")]).unwrap();
    assert_eq!(names(&victim), ["chapter.md"]);
    assert_eq!(names(&out.state.old()).len(), 1);
}

#[test]
fn clean_removes_the_outputs_and_the_state_and_nothing_else() {
    let (_root, out) = open();
    commit(&out, &[("A.md", "1"), ("A.pdf", "1")]).unwrap();
    fs::write(out.dir.join("notes.md"), "mine").unwrap();
    let dir = out.dir.clone();
    drop(out);
    let removed = OutputDir::clean(&dir, &[], &|_| {}).unwrap();
    assert_eq!(removed, [name("A.md"), name("A.pdf")]);
    assert_eq!(names(&dir), ["notes.md"]);
    // Nothing of the user's left: the folder goes too.
    fs::remove_file(dir.join("notes.md")).unwrap();
    drop(OutputDir::open(&dir, &|_| {}).unwrap());
    OutputDir::clean(&dir, &[], &|_| {}).unwrap();
    assert!(!dir.exists());
}

#[test]
fn the_state_of_earlier_versions_goes() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("output");
    fs::create_dir_all(dir.join(".sgreport-typst/A.pdf")).unwrap();
    fs::create_dir_all(dir.join(".sgreport-old")).unwrap();
    fs::write(dir.join(".sgreport.lock"), "").unwrap();
    fs::write(dir.join(".sgreport-commit.journal"), "new\t/tmp/x\n").unwrap();
    fs::write(dir.join("A.md"), "").unwrap();
    drop(OutputDir::open(&dir, &|_| {}).unwrap());
    assert_eq!(names(&dir), [STATE_DIR, "A.md"]);
}

#[test]
fn the_next_build_keeps_a_settled_commit() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("output");
    {
        let out = OutputDir::open(&dir, &|_| {}).unwrap();
        commit(&out, &[("A.md", "1")]).unwrap();
        commit(&out, &[("A.md", "2"), ("B.md", "2")]).unwrap();
    }
    // The next build opens output/: a settled journal is not undone.
    let out = OutputDir::open(&dir, &|_| {}).unwrap();
    assert_eq!(read(&out, "A.md"), "2");
    assert_eq!(read(&out, "B.md"), "2");
    assert_eq!(out.generation().unwrap(), set(&["A.md", "B.md"]));
    assert_eq!(out.typst_rooms(), dir.join(STATE_DIR).join("typst"));
}

#[test]
fn a_journal_of_two_documents_and_their_figures_reads_back() {
    let (_root, out) = open();
    let mut files: Vec<(String, String)> = Vec::new();
    for stem in ["E_CN.15_2004_7", "E_CN.15_2004_7_Add.1"] {
        for kind in ["md", "pdf", "typ", "docx", "sources.json", "review.pdf"] {
            files.push((format!("{stem}.{kind}"), "x".into()));
        }
        for n in 1..=20 {
            files.push((format!("{stem}.figure-{n}.svg"), "x".into()));
        }
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    commit(&out, &files).unwrap();
    commit(&out, &files).unwrap();
    assert_eq!(out.generation().unwrap().len(), files.len());
}
