//! What a user sees when a project is wrong: the whole stderr of
//! `sgreport check` (not a terminal, so no colour) and its exit code, for
//! each invalid fixture project (`tests/fixtures/bad-*`), as insta snapshots.
//! A change of wording, order or location shows up as a reviewable diff.

use crate::common::Project;

/// `sgreport check` on a copy of `tests/fixtures/<name>`: its exit code and
/// stderr, the temporary folder's path (should it appear) as `[PROJECT]`.
/// Asserts stdout is empty (a failed check prints nothing there).
fn check(name: &str) -> (i32, String) {
    let p = Project::fixture(name);
    let run = p.run(&["check"]);
    assert_eq!(run.stdout(), "", "check printed to stdout");
    let root = p.path().to_string_lossy().into_owned();
    (run.code(), run.stderr().replace(&root, "[PROJECT]"))
}

/// Asserts that `err` points at each `file:line:col` (rustc's `--> ` lines).
fn assert_points_at(err: &str, locations: &[&str]) {
    for at in locations {
        assert!(
            err.lines().any(|l| l.trim_start() == format!("--> {at}")),
            "no `--> {at}` in:\n{err}"
        );
    }
}

#[test]
fn bad_replies() {
    let (code, err) = check("bad-reply");
    assert_eq!(code, 1, "{err}");
    assert_points_at(
        &err,
        &[
            "submissions/heading-in-answer.yaml:8:5",
            "submissions/impossible-date.yaml:3:11",
            "submissions/unknown-field.yaml:3:1",
            "submissions/unknown-sender.yaml:2:7",
            "submissions/wrong-type.yaml:7:22",
        ],
    );
    for said in [
        "an answer may not contain a heading",
        "February 2003 has no day 30",
        "unknown field `recieved`",
        "did you mean `received`?",
        "did you mean `Colombia`?",
        "`max_penalty_years` takes a number, not `sixteen`",
    ] {
        assert!(err.contains(said), "missing {said:?} in:\n{err}");
    }
    assert!(
        !err.contains("peru.yaml"),
        "the valid reply is named:\n{err}"
    );
    insta::assert_snapshot!("bad_reply_check", format!("exit code: {code}\n{err}"));
}

#[test]
fn bad_report_yaml() {
    let (code, err) = check("bad-report");
    assert_eq!(code, 1, "{err}");
    assert_points_at(&err, &["report.yaml:5:9"]);
    assert!(err.contains("February 2004 has no day 30"), "{err}");
    insta::assert_snapshot!("bad_report_check", format!("exit code: {code}\n{err}"));
}

#[test]
fn bad_template() {
    let (code, err) = check("bad-template");
    assert_eq!(code, 1, "{err}");
    assert_points_at(&err, &["templates/conclusions.md:2:66"]);
    assert!(err.contains("sttes"), "{err}");
    insta::assert_snapshot!("bad_template_check", format!("exit code: {code}\n{err}"));
}
