//! The editing loop through the binary: `init`, `templates` (`--list`,
//! `--eject`, `--variables`), `check --strict` on placeholders, `watch`.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{compact, pdf_pages, Project, BUILTIN_TEMPLATES as BUILTIN};

const MAIN: &str = "output/E_CN.15_2004_7.md";

/// `sgreport args` in `cwd`, in an environment of its own
/// ([`Project::command`]).
fn sgreport(args: &[&str], cwd: &Path) -> crate::common::Run {
    Project::empty().run_in(cwd, args)
}

#[test]
fn init_output_builds_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    // An unrelated file already in the folder is left alone.
    fs::create_dir_all(tmp.path().join("new")).unwrap();
    fs::write(tmp.path().join("new/notes.txt"), "mine").unwrap();
    let run = sgreport(&["init", "new/report"], tmp.path());
    run.success();
    assert!(run.stdout().contains("report.yaml"), "{}", run.stdout());
    let dir = tmp.path().join("new/report");
    // No copies of the templates: the built-in ones are used, so later
    // improvements to them reach the project.
    assert!(!dir.join("templates").exists());
    assert_eq!(
        fs::read_to_string(dir.join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("/output/")
    );
    let listing = sgreport(&["templates", "new/report"], tmp.path());
    listing.success();
    assert!(
        !listing.stdout().contains("overridden"),
        "{}",
        listing.stdout()
    );
    assert!(dir.join("output").is_dir());
    let replies: Vec<_> = fs::read_dir(dir.join("submissions")).unwrap().collect();
    assert_eq!(replies.len(), 1, "one example reply");
    let example = fs::read_to_string(replies[0].as_ref().unwrap().path()).unwrap();
    assert!(example.contains("EXAMPLE REPLY"), "{example}");
    assert!(fs::read_to_string(dir.join("report.yaml"))
        .unwrap()
        .contains("REPLACE"));

    let check = sgreport(&["check", "new/report"], tmp.path());
    check.success();
    // A new project's only warnings are at the placeholder text to replace.
    let stderr = check.stderr();
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning"))
        .collect();
    assert!(
        !warnings.is_empty()
            && warnings
                .iter()
                .all(|l| l.contains("placeholder text left by `sgreport init`")),
        "a new project warns only at its placeholders:\n{}",
        check.stderr()
    );
    // In report.yaml and in the example reply, each at its place.
    for file in ["report.yaml:", "submissions/example-colombia.yaml:"] {
        assert!(
            stderr
                .lines()
                .any(|l| l.trim_start().starts_with("-->") && l.contains(file)),
            "no placeholder warning in {file}\n{stderr}"
        );
    }
    sgreport(&["build", "--no-pdf", "new/report"], tmp.path()).success();
    let md = fs::read_to_string(dir.join(MAIN)).unwrap();
    assert!(md.contains("Colombia"), "{md}");
    assert!(md.contains("# I. Introduction"), "{md}");
    assert_eq!(
        fs::read_to_string(tmp.path().join("new/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn init_refuses_to_overwrite_anything() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("report.yaml"), "# my report\n").unwrap();
    let run = sgreport(&["init", "."], tmp.path());
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("report.yaml"), "{}", run.stderr());
    assert!(
        run.stderr().contains("nothing was written"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join("report.yaml")).unwrap(),
        "# my report\n"
    );
    for folder in ["submissions", "templates", "output"] {
        assert!(!tmp.path().join(folder).exists(), "{folder}/ was created");
    }

    // An existing example reply is enough to refuse, and it is named.
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("submissions")).unwrap();
    fs::write(tmp.path().join("submissions/example-colombia.yaml"), "mine").unwrap();
    let run = sgreport(&["init"], tmp.path());
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("submissions/example-colombia.yaml"),
        "{}",
        run.stderr()
    );
    assert!(!tmp.path().join("report.yaml").exists());
    assert_eq!(
        fs::read_to_string(tmp.path().join("submissions/example-colombia.yaml")).unwrap(),
        "mine"
    );
}

#[test]
fn init_defaults_to_the_current_folder_and_keeps_a_gitignore() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join(".gitignore"), "target/\n").unwrap();
    let run = sgreport(&["init"], tmp.path());
    run.success();
    assert!(tmp.path().join("report.yaml").is_file());
    assert_eq!(
        fs::read_to_string(tmp.path().join(".gitignore")).unwrap(),
        "target/\n"
    );
    assert!(
        run.stdout().contains("add output/ to it"),
        "{}",
        run.stdout()
    );
    assert!(
        run.stdout().contains("`sgreport check`"),
        "{}",
        run.stdout()
    );
}

#[test]
fn check_strict_finds_the_placeholders_init_left() {
    let tmp = tempfile::tempdir().unwrap();
    sgreport(&["init"], tmp.path()).success();
    let run = sgreport(&["check", "--no-pdf", "--strict"], tmp.path());
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let err = run.stderr();
    assert!(
        err.contains("placeholder text left by `sgreport init`"),
        "{err}"
    );
    assert!(err.contains("report.yaml:"), "{err}");
    assert!(err.contains("[Title of the report"), "{err}");
    assert!(err.contains("submissions/example-colombia.yaml:"), "{err}");
    let short = sgreport(
        &["check", "--no-pdf", "--strict", "--message-format", "short"],
        tmp.path(),
    );
    let title_line = fs::read_to_string(tmp.path().join("report.yaml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("title:"))
        .unwrap()
        + 1;
    assert!(
        short
            .stderr()
            .contains(&format!("report.yaml:{title_line}:9: error: placeholder")),
        "{}",
        short.stderr()
    );
    // build --strict refuses the same project, and writes nothing (the
    // state folder with the lock a build takes first is not an output).
    let build = sgreport(&["build", "--no-pdf", "--strict"], tmp.path());
    assert_eq!(build.code(), 1, "{}", build.stderr());
    assert!(fs::read_dir(tmp.path().join("output"))
        .unwrap()
        .filter_map(Result::ok)
        .all(|e| e.file_name() == ".sgreport"));
    // Without --strict a new project is clean (init -> check -> build works).
    sgreport(&["check", "--no-pdf"], tmp.path()).success();
}

#[test]
fn templates_eject_copies_to_edit_and_never_overwrites() {
    let p = Project::fixture("small");
    let run = p.run(&["templates", "--eject", "summary.md", "annexes.md"]);
    run.success();
    let builtin = |n: &str| BUILTIN.iter().find(|(b, _)| *b == n).unwrap().1;
    assert_eq!(p.read("templates/summary.md"), builtin("summary.md"));
    assert_eq!(p.read("templates/annexes.md"), builtin("annexes.md"));
    p.write("templates/summary.md", "mine\n");
    let again = p.run(&["templates", "--eject", "summary.md", "analysis.md"]);
    assert_eq!(again.code(), 1, "{}", again.stderr());
    assert!(
        again
            .stderr()
            .contains("templates/summary.md exists already"),
        "{}",
        again.stderr()
    );
    assert!(!p.path().join("templates/analysis.md").exists());
    assert_eq!(p.read("templates/summary.md"), "mine\n");
    let typo = p.run(&["templates", "--eject", "sumary.md"]);
    assert_eq!(typo.code(), 2, "{}", typo.stderr());
    assert!(
        typo.stderr().contains("did you mean `summary.md`?"),
        "{}",
        typo.stderr()
    );
    let all = p.run(&["templates", "--eject-all"]);
    all.success();
    assert!(
        all.stdout().contains("kept templates/summary.md"),
        "{}",
        all.stdout()
    );
    assert_eq!(p.read("templates/summary.md"), "mine\n");
    for (name, _) in BUILTIN {
        assert!(p.path().join("templates").join(name).is_file(), "{name}");
    }
    let list = p.run(&["templates"]);
    assert!(
        list.stdout().contains("overridden (edited)"),
        "{}",
        list.stdout()
    );
    assert!(
        list.stdout().contains("overridden (unchanged)"),
        "{}",
        list.stdout()
    );
}

#[test]
fn templates_variables_come_from_a_real_render() {
    let p = Project::fixture("small");
    let run = p.run(&["templates", "--variables"]);
    run.success();
    let out = run.stdout();
    let line = |path: &str| {
        out.lines()
            .find(|l| l.split_whitespace().next() == Some(path))
            .unwrap_or_else(|| panic!("no line for {path}:\n{out}"))
            .to_string()
    };
    assert!(
        line("document.symbol").contains("\"E/CN.15/2004/7\""),
        "{out}"
    );
    assert!(line("replies").contains("list"), "{out}");
    assert!(line("replies[].from").contains("text"), "{out}");
    assert!(line("session.number").contains("whole number  13"), "{out}");
    assert!(
        line("topics[].heading").contains("Extent of and trends"),
        "{out}"
    );
    assert!(line("analysis.md").contains("sections"), "{out}");
    // Every top-level name a built-in template uses is listed.
    for (name, text) in BUILTIN.iter().filter(|(n, _)| n.ends_with(".md")) {
        for word in ["document.", "session.", "topics", "replies", "counts."] {
            if text.contains(&format!("{{{{ {word}")) {
                let top = word.trim_end_matches('.');
                // `line` fails the test if `top` is not listed.
                assert!(line(top).contains(top), "{name} uses {top}");
            }
        }
    }
}

#[test]
fn completions_for_each_shell() {
    let tmp = tempfile::tempdir().unwrap();
    // Each script registers itself for `sgreport` the way its shell
    // loads completions, and offers every command and a command's flag.
    for (shell, registers) in [
        ("bash", "complete -F _sgreport "),
        ("zsh", "#compdef sgreport"),
        ("fish", "complete -c sgreport "),
        ("elvish", "edit:completion:arg-completer[sgreport]"),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName 'sgreport'",
        ),
    ] {
        let run = sgreport(&["completions", shell], tmp.path());
        run.success();
        let script = run.stdout();
        assert!(script.contains(registers), "{shell}: {script}");
        for word in [
            "build",
            "check",
            "status",
            "watch",
            "init",
            "templates",
            "doctor",
            "diff",
            "completions",
            "questionnaire",
            "import",
            "add",
            "no-pdf",
            "today",
        ] {
            assert!(script.contains(word), "{shell} offers no {word}");
        }
    }
    let tcsh = sgreport(&["completions", "tcsh"], tmp.path());
    assert_eq!(tcsh.code(), 2);
    assert!(
        tcsh.stderr()
            .contains("invalid value 'tcsh' for '<SHELL>'\n  [possible values: bash, elvish, fish, powershell, zsh]"),
        "{}",
        tcsh.stderr()
    );
    assert_eq!(tcsh.stdout(), "");
}

#[test]
fn templates_list_marks_overrides() {
    let p = Project::fixture("small");
    p.write("templates/summary.md", "**Summary**\n\nOur own summary.\n");
    p.write("templates/extra.md", "An added part.\n");
    let run = p.run(&["templates", "--list"]);
    run.success();
    let out = run.stdout();
    let line = |name: &str| {
        out.lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no line for {name}:\n{out}"))
            .to_string()
    };
    assert!(line("summary.md").contains("overridden (edited)"), "{out}");
    assert!(line("report.md").contains("built in"), "{out}");
    assert!(line("un-report.typ").contains("PDF layout"), "{out}");
    assert!(line("extra.md").contains("project only"), "{out}");
    for (name, _) in BUILTIN {
        line(name);
    }
    // Without --list, the same listing.
    assert_eq!(p.run(&["templates"]).stdout(), out);
}

/// `sgreport watch` running on a project, its output read as it comes.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
    stderr: Arc<Mutex<String>>,
}

impl Watch {
    /// `sgreport watch <args> .` in `p`.
    fn start(p: &Project, args: &[&str]) -> Watch {
        let mut child = p
            .command()
            .arg("watch")
            .args(args)
            .arg(".")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sgreport watch");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut err_pipe = child.stderr.take().unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Watch {
            child,
            lines,
            seen: Vec::new(),
            stderr,
        }
    }

    /// Waits (up to 60 s: a PDF build on a busy machine) for a line of
    /// stdout that satisfies `pred`.
    fn expect(&mut self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if pred(&line) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "no line {what} within 60 s; stdout so far:\n{}\nstderr:\n{}",
                    self.seen.join("\n"),
                    self.stderr.lock().unwrap()
                ),
            }
        }
    }

    /// Waits (up to 20 s) for stderr to contain `text`.
    fn expect_stderr(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.stderr.lock().unwrap().contains(text) {
            assert!(
                Instant::now() < deadline,
                "stderr never said {text:?}:\n{}",
                self.stderr.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Writes `text` the way many editors save: a temporary file, renamed over
/// the original.
fn save_by_rename(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(
        ".{}.swp",
        path.file_name().unwrap().to_string_lossy()
    ));
    fs::write(&tmp, text).unwrap();
    fs::rename(&tmp, path).unwrap();
}

/// `watch` without `--no-pdf`: the PDF is rebuilt after an edit (its text
/// has the new words), and Ctrl-C stops it, leaving the last outputs whole.
#[test]
fn watch_rebuilds_the_pdf_after_an_edit_and_stops_on_ctrl_c() {
    const PDF: &str = "output/E_CN.15_2004_7.pdf";
    let p = Project::fixture("small");
    let mut w = Watch::start(&p, &[]);
    w.expect("for the first build", |l| l.starts_with("built: "));
    w.expect("saying it is watching", |l| l.starts_with("watching "));
    let pdf_text = || compact(&pdf_pages(&p.bytes(PDF)).concat());
    assert!(pdf_text().contains("Kidnappingcarriesupto35years."));

    let peru = p.read("submissions/peru.yaml").replace(
        "Kidnapping carries up to 35 years.",
        "Kidnapping carries up to 35 years under the Quipucamayoc Act.",
    );
    save_by_rename(&p.path().join("submissions/peru.yaml"), &peru);
    w.expect("for the edit", |l| {
        l.starts_with("rebuilt after submissions/peru.yaml changed")
    });
    assert!(
        pdf_text().contains("Kidnappingcarriesupto35yearsundertheQuipucamayocAct."),
        "the PDF was not rebuilt"
    );

    // Ctrl-C (SIGINT) stops it at once.
    // SAFETY: kill(2) on the child's own process id.
    assert_eq!(unsafe { libc::kill(w.child.id() as i32, libc::SIGINT) }, 0);
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = w.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "watch still running 10 s after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!status.success(), "{status:?}");
    assert_eq!(
        p.output_names(),
        [
            "E_CN.15_2004_7.md",
            "E_CN.15_2004_7.pdf",
            "E_CN.15_2004_7_Add.1.md",
            "E_CN.15_2004_7_Add.1.pdf"
        ]
    );
    assert!(pdf_text().contains("QuipucamayocAct"));
}

#[test]
fn watch_follows_edits_new_deleted_and_broken_files() {
    let p = Project::fixture("small");
    let mut w = Watch::start(&p, &["--no-pdf"]);
    let built = w.expect("for the first build", |l| l.starts_with("built: "));
    assert!(built.contains("replies parsed"), "{built}");
    w.expect("saying it is watching", |l| l.starts_with("watching "));
    let md = p.read(MAIN);
    assert!(!md.contains("Quipucamayoc"));

    // An edit, saved through a temporary file renamed over the reply.
    let peru = p.read("submissions/peru.yaml").replace(
        "Kidnapping carries up to 35 years.",
        "Kidnapping carries up to 35 years under the Quipucamayoc Act.",
    );
    save_by_rename(&p.path().join("submissions/peru.yaml"), &peru);
    let line = w.expect("for the edit", |l| {
        l.starts_with("rebuilt after submissions/peru.yaml changed")
    });
    assert!(line.contains("1 reply parsed"), "{line}");
    assert!(line.ends_with(" ms"), "{line}");
    assert!(p.read(MAIN).contains("Quipucamayoc Act"));

    // A new reply, in a new sub-folder.
    p.write(
        "submissions/south/chile.yaml",
        "from: Chile\nreceived: 2004-01-12\nanswers:\n  extent: |\n    Chile reported isolated cases of express kidnapping.\n",
    );
    w.expect("for the new file", |l| {
        l.starts_with("rebuilt after submissions/south/chile.yaml added")
    });
    assert!(p.read(MAIN).contains("express kidnapping"));

    // A deleted reply.
    p.remove("submissions/south/chile.yaml");
    w.expect("for the deleted file", |l| {
        l.starts_with("rebuilt after submissions/south/chile.yaml removed")
    });
    let before_broken = p.read(MAIN);
    assert!(!before_broken.contains("express kidnapping"));

    // A broken reply: the build fails, says why, and keeps the last output.
    p.write(
        "submissions/broken.yaml",
        "from: Chile\nreceived: 2004-01-12\nanswerz:\n  extent: Text.\n",
    );
    let line = w.expect("for the broken file", |l| {
        l.starts_with("build failed after submissions/broken.yaml added")
    });
    assert!(line.contains("1 error in the input"), "{line}");
    w.expect_stderr("submissions/broken.yaml:3");
    assert_eq!(
        p.read(MAIN),
        before_broken,
        "a failed build changed the output"
    );

    // Its fix.
    p.write(
        "submissions/broken.yaml",
        "from: Chile\nreceived: 2004-01-12\nanswers:\n  extent: |\n    Chile reported a fixed reply.\n",
    );
    w.expect("for the fixed file", |l| {
        l.starts_with("rebuilt after submissions/broken.yaml changed")
    });
    assert!(p.read(MAIN).contains("a fixed reply"));

    // A template override, and report.yaml, are watched too.
    let conclusions = BUILTIN
        .iter()
        .find(|(n, _)| *n == "conclusions.md")
        .unwrap()
        .1;
    p.write(
        "templates/conclusions.md",
        &format!("{conclusions}\n\nThe Commission may wish to note the Tlaloc paragraph.\n"),
    );
    w.expect("for the new template", |l| {
        l.starts_with("rebuilt after templates/conclusions.md added")
    });
    assert!(p.read(MAIN).contains("Tlaloc paragraph"));
    let report = format!("{}\nword_limit: 9000\n", p.read("report.yaml"));
    save_by_rename(&p.path().join("report.yaml"), &report);
    let line = w.expect("for report.yaml", |l| {
        l.starts_with("rebuilt after report.yaml changed")
    });
    // report.yaml changed: every reply (7 files now) is parsed again.
    assert!(line.contains("7 replies parsed"), "{line}");

    // Output and hidden files never start a build; the next change is
    // reported alone.
    p.write("output/scratch.md", "x");
    p.write("submissions/.notes.yaml", "x");
    p.write("submissions/notes.txt", "changed notes");
    p.write(
        "submissions/peru.yaml",
        &peru.replace("Quipucamayoc", "Inti"),
    );
    let line = w.expect("for the last edit", |l| l.starts_with("rebuilt after"));
    assert_eq!(
        line.split(':').next().unwrap(),
        "rebuilt after submissions/peru.yaml changed",
        "{line}"
    );
}
