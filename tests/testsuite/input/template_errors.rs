//! Template errors an editor meets: an unknown filter (nearest suggested), a
//! block left open (named, with the line that opened it), a paragraph number
//! typed at a line start (a warning).

use crate::common::Project;

fn check(p: &Project) -> (i32, String) {
    let run = p.run(&["check", "--no-pdf", "--color", "never"]);
    (run.code(), run.stderr())
}

#[test]
fn an_unknown_filter_gets_the_nearest_one() {
    let p = Project::fixture("small");
    p.run(&["templates", "--eject", "summary.md"]).success();
    let text = p
        .read("templates/summary.md")
        .replacen("| subjects", "| subjets", 1);
    p.write("templates/summary.md", &text);
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error: unknown filter `subjets`"), "{err}");
    assert!(err.contains("--> templates/summary.md:"), "{err}");
    assert!(err.contains("did you mean `subjects`?"), "{err}");
}

#[test]
fn an_unclosed_block_is_named_with_its_opening_line() {
    let p = Project::fixture("small");
    p.run(&["templates", "--eject", "annexes.md"]).success();
    let annexes = p.read("templates/annexes.md") + "\n{% include \"extra.md\" %}\n";
    p.write("templates/annexes.md", &annexes);
    // A missing endif, met at the endfor.
    p.write(
        "templates/extra.md",
        "{% for t in topics %}\n{% if t.key %}\nA\n{% endfor %}\n",
    );
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("`{% endfor %}` does not close the `{% if %}` opened at line 2"),
        "{err}"
    );
    assert!(err.contains("--> templates/extra.md:4:"), "{err}");
    assert!(!err.contains("Unknown tag"), "{err}");
    // A missing endfor, met at the end of the template.
    p.write(
        "templates/extra.md",
        "{% for t in topics %}\n{% if t.key %}A{% endif %}\nend\n",
    );
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("the `{% for %}` opened at line 1 is never closed"),
        "{err}"
    );
    assert!(err.contains("add `{% endfor %}`"), "{err}");
}

#[test]
fn a_typed_paragraph_number_is_a_warning() {
    let p = Project::fixture("small");
    p.run(&["templates", "--eject", "conclusions.md"]).success();
    let text = format!(
        "{}\n12. The Commission may wish to take note of the present report.\n",
        p.read("templates/conclusions.md")
    );
    p.write("templates/conclusions.md", &text);
    let line = text.lines().count();
    let (code, err) = check(&p);
    assert_eq!(code, 0, "a warning: {err}");
    assert!(
        err.contains("warning: a paragraph number typed in a template"),
        "{err}"
    );
    assert!(
        err.contains(&format!("--> templates/conclusions.md:{line}:1")),
        "{err}"
    );
    let build = p.run(&["build", "--no-pdf"]);
    build.success();
    assert!(
        build.stderr().contains("paragraph number typed"),
        "{}",
        build.stderr()
    );
    assert_eq!(p.run(&["check", "--no-pdf", "--strict"]).code(), 1);
    assert_eq!(p.run(&["build", "--no-pdf", "--strict"]).code(), 1);
}
