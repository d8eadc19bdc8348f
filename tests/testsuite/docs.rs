//! The documentation in docs/ stays complete: every field of the input
//! format, every variable a template receives (from a real render), every
//! filter, every function of the layout; the help lines point there.

use std::fs;
use std::path::Path;

use crate::common::{template_filters, Project, BUILTIN_TEMPLATES};

fn doc(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_format_page_has_every_field_of_contract_1_1() {
    let format = doc("format.md");
    for field in [
        "symbol",
        "organ",
        "date",
        "original_language",
        "distribution",
        "job_number",
        "status",
        "session",
        "body",
        "number",
        "place",
        "opens",
        "closes",
        "agenda_item",
        "agenda_title",
        "provisional_agenda",
        "title",
        "report_of",
        "mandate",
        "resolution",
        "adopted",
        "paragraph",
        "request",
        "previous_reports",
        "note_verbale",
        "cutoff",
        "word_limit",
        "topics",
        "key",
        "heading",
        "overview",
        "indicators",
        "type",
        "says",
        "says_plural",
        "topic",
        "conclusions",
        "statistics",
        "label",
        "years",
        "chart",
        "from",
        "kind",
        "acronym",
        "received",
        "reference",
        "language",
        "answers",
        "internal_note",
    ] {
        assert!(
            format.contains(&format!("`{field}`"))
                || format.contains(&format!("`{field}[]"))
                || format.contains(&format!(".{field}`")),
            "docs/format.md lacks `{field}`"
        );
    }
    for value in [
        "advance-unedited",
        "non-member-state",
        "organization",
        "yes-no",
        "bars",
        "lines",
    ] {
        assert!(format.contains(value), "docs/format.md lacks {value}");
    }
}

#[test]
fn the_template_page_lists_every_variable_and_filter() {
    let templates = doc("templates.md");
    let p = Project::fixture("small");
    let run = p.run(&["templates", "--variables"]);
    run.success();
    let out = run.stdout();
    let paths: Vec<&str> = out
        .lines()
        .take_while(|l| !l.starts_with("Top-level"))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| {
            w.chars()
                .all(|c| c.is_ascii_lowercase() || "_.[]".contains(c))
        })
        .collect();
    assert!(paths.len() > 50, "{out}");
    for path in paths {
        assert!(
            templates.lines().any(|l| l.split_whitespace().next() == Some(path)),
            "docs/templates.md lacks the variable {path}: regenerate its list with `sgreport templates --variables` in tests/fixtures/small"
        );
    }
    for filter in template_filters() {
        assert!(
            templates.contains(&format!("`{filter}")),
            "docs/templates.md lacks the filter {filter}"
        );
    }
    for (name, _) in BUILTIN_TEMPLATES {
        assert!(
            templates.contains(&format!("`{name}`")),
            "docs/templates.md lacks {name}"
        );
    }
}

#[test]
fn the_layout_page_lists_every_function_of_the_layout() {
    let layout = doc("layout.md");
    let typ = BUILTIN_TEMPLATES
        .iter()
        .find(|(n, _)| *n == "un-report.typ")
        .unwrap()
        .1;
    for line in typ.lines() {
        let Some(rest) = line.strip_prefix("#let ") else {
            continue;
        };
        let Some(name) = rest
            .split('(')
            .next()
            .filter(|n| rest.contains('(') && !n.contains(' '))
        else {
            continue;
        };
        assert!(
            layout.contains(&format!("`{name}(")),
            "docs/layout.md lacks {name}"
        );
    }
}

#[test]
fn help_lines_and_the_readme_point_to_docs() {
    let p = Project::fixture("small");
    p.write("submissions/new.yaml", "from: Chile\n");
    let run = p.run(&["check", "--no-pdf"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("(see docs/format.md)"),
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("FORMAT.md"), "{}", run.stderr());
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for page in ["docs/format.md", "docs/templates.md", "docs/layout.md"] {
        assert!(readme.contains(page), "README.md does not point to {page}");
    }
    // A user's clone has nothing beside it: no path leads out of it.
    assert!(
        !readme.contains("../"),
        "README.md sends readers outside the repository"
    );
}
