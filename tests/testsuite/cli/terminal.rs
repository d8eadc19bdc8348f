//! Terminal conventions: `--color` with `NO_COLOR` and `CLICOLOR_FORCE`,
//! `-q`, `-v`, `doctor [DIR]` in plain words, `status` counting from the
//! local date.

use std::path::Path;

use crate::common::{fixture_dir, Project};

/// `sgreport args` in `cwd`, in an environment of its own (no colour
/// settings, [`Project::command`]), plus `env`.
fn sgreport(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> crate::common::Run {
    let mut cmd = Project::empty().command();
    cmd.args(args).current_dir(cwd).envs(env.iter().copied());
    crate::common::Run {
        output: cmd.output().expect("run sgreport"),
    }
}

const ESC: &str = "\u{1b}[";

#[test]
fn colour_follows_the_flag_then_the_environment() {
    let dir = fixture_dir("bad-reply");
    let check = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["check", "--no-pdf"];
        all.extend_from_slice(args);
        let run = sgreport(&all, &dir, env);
        assert_eq!(run.code(), 1, "{}", run.stderr());
        run.stderr().contains(ESC)
    };
    // Not a terminal: plain by default.
    assert!(!check(&[], &[]));
    // NO_COLOR is honoured; CLICOLOR_FORCE forces colour, even with NO_COLOR.
    assert!(!check(&[], &[("NO_COLOR", "1")]));
    assert!(check(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(!check(&[], &[("CLICOLOR_FORCE", "0")]));
    // The flag wins over the environment, before or after the command.
    assert!(check(&["--color", "always"], &[("NO_COLOR", "1")]));
    assert!(!check(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]));
    let before = sgreport(&["--color=always", "check", "--no-pdf"], &dir, &[]);
    assert!(before.stderr().contains(ESC), "{}", before.stderr());
    // Short messages are never coloured.
    assert!(!check(
        &["--color", "always", "--message-format", "short"],
        &[]
    ));
    let bad = sgreport(&["--color", "sometimes", "check"], &dir, &[]);
    assert_eq!(bad.code(), 2);
    assert!(
        bad.stderr().starts_with(
            "error: invalid value 'sometimes' for '--color <COLOR>'\n  [possible values: auto, always, never]"
        ),
        "{}",
        bad.stderr()
    );
}

#[test]
fn quiet_prints_no_wrote_line_and_verbose_lists_files_and_stages() {
    let p = Project::fixture("small");
    let quiet = sgreport(&["build", "--no-pdf", "-q"], p.path(), &[]);
    quiet.success();
    assert_eq!(quiet.stdout(), "", "-q prints no wrote line");
    assert!(p.path().join("output/E_CN.15_2004_7.md").is_file());
    let normal = sgreport(&["build", "--no-pdf"], p.path(), &[]);
    assert!(
        normal.stdout().starts_with("wrote ")
            && normal.stdout().contains("output/E_CN.15_2004_7.md"),
        "{}",
        normal.stdout()
    );
    // -q keeps the warnings.
    assert!(quiet.stderr().contains("warning"), "{}", quiet.stderr());

    let verbose = sgreport(&["-v", "check", "--no-pdf"], p.path(), &[]);
    verbose.success();
    let err = verbose.stderr();
    assert!(err.contains("read report.yaml and 6 replies"), "{err}");
    assert!(err.contains("read submissions/colombia.yaml"), "{err}");
    assert!(err.contains("ignored submissions/notes.txt"), "{err}");
    assert!(err.contains(" ms"), "time per stage: {err}");
    let plain = sgreport(&["check", "--no-pdf"], p.path(), &[]);
    assert!(
        !plain.stderr().contains("ignored submissions/"),
        "{}",
        plain.stderr()
    );
    let both = sgreport(&["-q", "-v", "check"], p.path(), &[]);
    assert_eq!(both.code(), 2, "-q and -v conflict");
    assert!(
        both.stderr()
            .starts_with("error: the argument '--quiet' cannot be used with '--verbose'"),
        "{}",
        both.stderr()
    );
}

#[test]
fn doctor_takes_a_folder_and_speaks_plainly() {
    let p = Project::fixture("small");
    let tmp = tempfile::tempdir().unwrap();
    let run = p.run_in(tmp.path(), &["doctor", p.path().to_str().unwrap()]);
    run.success();
    let out = run.stdout();
    let value = |label: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(label))
            .unwrap_or_else(|| panic!("no {label}: {out}"))
            .trim()
            .to_string()
    };
    // What each line says, not only that it is there: the project found
    // in the folder given, the pinned typst of this run's own cache, and
    // the face typst carries (this run is given no system font folders).
    assert_eq!(
        value("project:"),
        p.path().join("report.yaml").display().to_string()
    );
    let cache = p.home.path().join("cache/typst");
    assert_eq!(value("typst cache:"), cache.display().to_string());
    let pinned = if cache.join("0.15.1").exists() {
        format!(
            "{} (0.15.1), the pinned version",
            cache.join("0.15.1/bin/typst").display()
        )
    } else {
        // The pinned typst is on PATH (and so not linked into the cache).
        "(0.15.1), the pinned version".to_string()
    };
    assert!(value("typst:").contains(&pinned), "{out}");
    assert!(
        value("body font:").starts_with("Libertinus Serif, which typst carries"),
        "{out}"
    );
    for internal in ["via Env", "via Cache", "via Path", "Installed"] {
        assert!(!out.contains(internal), "{out}");
    }
    // Without a project too (its fonts/ folder is simply absent).
    let none = sgreport(&["doctor"], tmp.path(), &[]);
    none.success();
    assert!(
        none.stdout()
            .contains("project:              none (no report.yaml in"),
        "{}",
        none.stdout()
    );
}

#[test]
fn status_counts_from_the_local_date() {
    let p = Project::fixture("small");
    let today = |tz: &str| {
        // The clock, not SGREPORT_TODAY (empty is unset): whatever the day,
        // the two zones below disagree on it.
        let env = [("TZ", tz), ("SGREPORT_TODAY", "")];
        let run = sgreport(&["status", "--format", "json"], p.path(), &env);
        run.success();
        let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
        v["today"].as_str().unwrap().to_string()
    };
    // POSIX zones need no tz database: UTC+14 and UTC-12 are never on the
    // same calendar day.
    let east = today("EAST-14");
    let west = today("WEST+12");
    assert_ne!(east, west, "today follows the local zone");
    assert!(east > west);
}
