//! Hazards to the written output: files that a build once left wrong or half-written.

use std::fs;

use crate::common::Project;

const MAIN_MD: &str = "output/E_CN.15_2004_7.md";
const ADD_MD: &str = "output/E_CN.15_2004_7_Add.1.md";

/// Once, a failed move into place left a mix of generations: files were
/// renamed one by one, so with one target unusable (locked, immutable, or a
/// folder) the new Markdown stood beside the old addendum, the build exited 2
/// and full-size temporary files stayed.
#[test]
fn a_failed_move_into_place_keeps_every_old_output_and_no_temporary_file() {
    let p = Project::fixture("small");
    p.build_markdown();
    let before = p.output_files();
    // The addendum's Markdown cannot be replaced: its place became a folder
    // (the same failure as an immutable or locked file).
    fs::remove_file(p.path().join(ADD_MD)).unwrap();
    fs::create_dir(p.path().join(ADD_MD)).unwrap();
    let names_before = p.output_names();
    let report = p.read("report.yaml").replace(
        "heading: Legislation and penalties",
        "heading: Legislation, penalties and sentencing",
    );
    p.write("report.yaml", &report);
    let run = p.run(&["build", "--no-pdf"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(run.stderr().contains("is a folder"), "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("the previous outputs are all still there"),
        "{}",
        run.stderr()
    );
    assert_eq!(p.output_names(), names_before, "no temporary file left");
    let main_now = p.read(MAIN_MD);
    assert!(
        !main_now.contains("sentencing"),
        "the old report stays whole"
    );
    assert_eq!(
        before
            .iter()
            .find(|(f, _)| f.ends_with("E_CN.15_2004_7.md")),
        p.output_files()
            .iter()
            .find(|(f, _)| f.ends_with("E_CN.15_2004_7.md"))
    );
}

/// Once, a stale addendum stayed in `output/` when no reply was late any
/// more: reviewers read an addendum that the report no longer had.
#[test]
fn an_addendum_no_longer_needed_is_removed_with_the_new_outputs() {
    let p = Project::fixture("small");
    p.build_markdown();
    assert!(p.path().join(ADD_MD).is_file());
    let report = p
        .read("report.yaml")
        .replace("cutoff: 2004-02-15", "cutoff: 2004-03-31");
    p.write("report.yaml", &report);
    p.build_markdown();
    assert_eq!(p.output_names(), ["E_CN.15_2004_7.md"]);
    // And a failed build does not remove it.
    let p = Project::fixture("small");
    p.build_markdown();
    let report = p
        .read("report.yaml")
        .replace("cutoff: 2004-02-15", "cutoff: 2004-03-31");
    p.write("report.yaml", &report);
    p.write(
        "submissions/bad.yaml",
        "from: Atlantis\nreceived: 2004-01-01\n",
    );
    assert_eq!(p.run(&["build", "--no-pdf"]).code(), 1);
    assert!(p.path().join(ADD_MD).is_file());
}

/// Once, `output/.sgreport.lock` planted as a link to a file of the user
/// (in a project cloned from someone else) was followed and emptied.
#[cfg(unix)]
#[test]
fn the_lock_file_is_never_followed_nor_emptied() {
    let p = Project::fixture("small");
    let victim = tempfile::NamedTempFile::new().unwrap();
    fs::write(victim.path(), "export PATH=precious\n").unwrap();
    fs::create_dir_all(p.path().join("output")).unwrap();
    std::os::unix::fs::symlink(victim.path(), p.path().join("output/.sgreport.lock")).unwrap();
    let run = p.run(&["build", "--no-pdf"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(
        run.stderr().contains("not a plain file"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        fs::read_to_string(victim.path()).unwrap(),
        "export PATH=precious\n"
    );
    assert!(!p.path().join(MAIN_MD).exists());
}

/// Once, a template that looped without end (two nested `range(100000)`)
/// hung the build for good.
#[test]
fn a_template_that_loops_without_end_stops_with_its_line() {
    let p = Project::fixture("small");
    p.write(
        "templates/summary.md",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}x{% endfor %}{% endfor %}\n",
    );
    let run = p.run(&["check", "--message-format", "short"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains(
            "templates/summary.md:1:45: error: the templates loop over more than 1000000 numbers"
        ),
        "{}",
        run.stderr()
    );
}

/// Once, when one document's typst failed, the other's finished PDF stayed
/// in `output/` under a temporary name.
#[test]
fn a_typst_failure_leaves_no_temporary_pdf_of_the_other_document() {
    let p = Project::fixture("small");
    p.run(&["build"]).success();
    let names_before = p.output_names();
    // A layout that fails for the addendum only.
    let layout = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/un-report.typ"
    ))
    .unwrap();
    let broken = layout.replace(
        "#let un-document(",
        "#let un-document-real(",
    ) + "\n#let un-document(symbol: \"\", ..args) = if symbol.ends-with(\"Add.1\") { panic(\"no addendum\") } else { un-document-real(symbol: symbol, ..args) }\n";
    p.write("templates/un-report.typ", &broken);
    let run = p.run(&["build"]);
    assert_ne!(run.code(), 0, "{}", run.stderr());
    assert!(run.stderr().contains("no addendum"), "{}", run.stderr());
    assert_eq!(p.output_names(), names_before);
}

/// Once, two builds started one after the other could commit in the wrong
/// order: the lock was taken after the inputs were read, so an older, slower
/// build could overwrite a newer one's output. Now a build waits for the
/// lock before it reads anything, and so reads the newest inputs.
#[test]
fn a_build_that_waits_for_another_reads_the_newest_inputs() {
    let p = Project::fixture("small");
    p.build_markdown();
    // Another build holds the lock.
    let lock = fs::OpenOptions::new()
        .write(true)
        .open(p.path().join("output/.sgreport.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut waiting = std::process::Command::new(env!("CARGO_BIN_EXE_sgreport"))
        .args(["build", "--no-pdf"])
        .current_dir(p.path())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Once it says it waits, it holds no input yet (no sleep to guess).
    let mut stderr = std::io::BufReader::new(waiting.stderr.take().unwrap());
    let mut said = String::new();
    while !said.contains("waiting for another sgreport build of this project to finish") {
        let mut line = String::new();
        let n = std::io::BufRead::read_line(&mut stderr, &mut line).unwrap();
        assert!(n > 0, "the build ended without waiting:\n{said}");
        said.push_str(&line);
    }
    // The inputs change while it waits: it must build these.
    let report = p.read("report.yaml").replace(
        "heading: Legislation and penalties",
        "heading: Legislation, penalties and sentencing",
    );
    p.write("report.yaml", &report);
    drop(lock);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let status = waiting.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{said}{rest}");
    assert!(p
        .read(MAIN_MD)
        .contains("Legislation, penalties and sentencing"));
}

/// Once, a full disk left full-size temporary files in `output/`. Here
/// `output/` is a private 80 KiB file system (a mount namespace of the test's
/// own, made with util-linux's `unshare`): the Markdown fits, the PDFs do not.
/// (typst's kept folders are not outputs: left out of the listings.)
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_previous_outputs_and_no_temporary_file() {
    let p = Project::fixture("small");
    fs::create_dir_all(p.path().join("output")).unwrap();
    let bin = env!("CARGO_BIN_EXE_sgreport");
    let script = format!(
        "mount -t tmpfs -o size=80k tmpfs output || exit 99
         {bin} build --no-pdf -q 2>/dev/null || exit 98
         echo BEFORE; ls -a output | grep -vx .sgreport-typst; cat output/*.md | cksum
         {bin} build --message-format short; echo EXIT=$?
         echo AFTER; ls -a output | grep -vx .sgreport-typst; cat output/*.md | cksum"
    );
    let out = std::process::Command::new("unshare")
        .args(["--mount", "--map-root-user", "sh", "-c", &script])
        .current_dir(p.path())
        .output()
        .expect("util-linux's unshare makes the small file system");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    let (before, after) = stdout.split_once("AFTER").expect("both listings");
    let before = before.split_once("BEFORE").expect("first listing").1;
    assert!(
        after.contains("EXIT=2") || before.contains("EXIT=2"),
        "{stdout}"
    );
    assert!(stderr.contains("No space left on device"), "{stderr}");
    let listing = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with("EXIT="))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let after_lines: Vec<String> = listing(after);
    let before_lines: Vec<String> = listing(before)
        .into_iter()
        .filter(|l| !l.starts_with("EXIT="))
        .collect();
    assert_eq!(
        before_lines, after_lines,
        "the same files with the same bytes, nothing else:\n{stdout}"
    );
}

/// The outputs a build replaces wait in `output/.sgreport-old/` (the end of
/// a build does not wait for the disk to free them) and go with the next
/// build: they never pile up, and no temporary file is left beside them.
#[test]
fn the_replaced_outputs_go_with_the_next_build() {
    let p = Project::fixture("small");
    let old = |p: &Project| -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(p.path().join("output/.sgreport-old"))
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    p.build_markdown();
    assert!(old(&p).is_empty(), "{:?}", old(&p));
    p.build_markdown();
    let first = old(&p);
    assert_eq!(first.len(), 2, "the two Markdown files replaced: {first:?}");
    assert!(first.iter().all(|n| n.ends_with(".old")), "{first:?}");
    p.build_markdown();
    let second = old(&p);
    assert_eq!(second.len(), 2, "{second:?}");
    assert!(
        second.iter().all(|n| !first.contains(n)),
        "{first:?} {second:?}"
    );
    assert_eq!(
        p.output_names(),
        ["E_CN.15_2004_7.md", "E_CN.15_2004_7_Add.1.md"]
    );
}

/// Once, the Typst an earlier `build --keep-typ` kept stayed in `output/`
/// after later builds without it: a `.typ` that no longer made the PDF
/// beside it. It goes with the next build that does not keep the Typst.
#[test]
fn kept_typst_goes_with_the_next_build_that_does_not_keep_it() {
    let p = Project::fixture("small");
    let typ = [
        "output/E_CN.15_2004_7.typ",
        "output/E_CN.15_2004_7_Add.1.typ",
    ];
    p.run(&["build", "-q", "--keep-typ"]).success();
    assert!(typ.iter().all(|f| p.path().join(f).is_file()));
    p.run(&["build", "-q"]).success();
    for f in typ {
        assert!(!p.path().join(f).exists(), "{f} stayed");
    }
    assert!(p.path().join("output/E_CN.15_2004_7.pdf").is_file());
}
