//! Project discovery: every command finds `report.yaml` in the folder given
//! or any folder above it, as cargo finds `Cargo.toml`.

use crate::common::Project;

/// `sgreport args` in `cwd`, in an environment of its own
/// ([`Project::command`]).
fn sgreport(args: &[&str], cwd: &std::path::Path) -> crate::common::Run {
    Project::empty().run_in(cwd, args)
}

#[test]
fn commands_in_a_sub_folder_find_the_project_above() {
    let p = Project::fixture("small");
    let sub = p.path().join("submissions/late");
    let check = sgreport(&["check", "--no-pdf"], &sub);
    check.success();
    assert!(
        check.stdout().starts_with("ok: 6 replies"),
        "{}",
        check.stdout()
    );
    sgreport(&["status", "--today", "2004-03-01"], &sub).success();
    sgreport(&["templates"], &sub).success();
    sgreport(&["build", "--no-pdf"], &sub).success();
    assert!(p.path().join("output/E_CN.15_2004_7.md").is_file());
    assert!(
        !sub.join("output").exists(),
        "nothing written in the sub-folder"
    );
    // A folder argument inside the project works the same.
    sgreport(&["check", "--no-pdf", "submissions"], p.path()).success();
}

#[test]
fn no_project_is_exit_2_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    for cmd in ["check", "build", "status", "templates", "watch"] {
        let run = sgreport(&[cmd], tmp.path());
        assert_eq!(run.code(), 2, "{cmd}: {}", run.stderr());
        assert!(
            run.stderr().contains("no report.yaml in ")
                && run.stderr().contains(" or any folder above it"),
            "{cmd}: {}",
            run.stderr()
        );
        assert!(
            !run.stderr().contains("cannot read the file"),
            "{}",
            run.stderr()
        );
    }
    let run = sgreport(&["check", "/nonexistent/sgreport"], tmp.path());
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(
        run.stderr().contains(
            "no report.yaml in /nonexistent/sgreport or any folder above it (/nonexistent/sgreport does not exist)"
        ),
        "{}",
        run.stderr()
    );
}
