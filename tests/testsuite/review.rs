//! Review aids: `sgreport diff` between two drafts (issue 12).

use crate::common::{body, Project};

const MAIN: &str = "output/E_CN.15_2004_7.md";
const CHANGES: &str = "output/E_CN.15_2004_7.changes.md";

const CHILE: &str = "from: Chile\nreceived: 2004-01-10\nlanguage: Spanish\nanswers:\n  extent: |\n    Kidnapping is rare; a reply may type #, $, <, * and {++ or ~> or {~~a~>b~~} literally.\nindicators:\n  serious_crime: yes\n";

/// The small fixture built, kept as `old.md`, then one reply added (Chile)
/// and one word changed in another (Colombia's) and built again.
fn edited() -> Project {
    let p = Project::fixture("small");
    p.build_markdown();
    p.write("old.md", &p.read(MAIN));
    p.write("submissions/chile.yaml", CHILE);
    let colombia = p.read("submissions/colombia.yaml");
    p.write(
        "submissions/colombia.yaml",
        &colombia.replace("Penal Code punishes", "Penal Code forbids"),
    );
    p.build_markdown();
    p
}

/// The numbered paragraph `n.` of a changes Markdown.
fn paragraph(md: &str, n: u32) -> &str {
    let start = format!("{n}. ");
    body(md)
        .split("\n\n")
        .find(|b| b.starts_with(&start))
        .unwrap_or_else(|| panic!("no paragraph {n} in\n{md}"))
}

#[test]
fn diff_marks_the_new_reply_the_changed_word_and_the_counts_only() {
    let p = edited();
    let run = p.run(&["diff", "old.md", MAIN]);
    run.success();
    let out = run.stdout();
    assert!(out.contains("Paragraphs added: 1 (5)"), "{out}");
    assert!(out.contains("Paragraphs changed: 3 (2, 11, 13)"), "{out}");
    assert!(
        out.contains("Senders concerned: Chile and Colombia"),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "no colour off a terminal: {out:?}");
    let md = p.read(CHANGES);
    // The new reply, whole.
    assert!(paragraph(&md, 5).starts_with("5. {++*Chile*. Kidnapping is rare"));
    // The changed word, and nothing else in that paragraph.
    assert_eq!(
        paragraph(&md, 11).lines().next().unwrap(),
        "11. *Colombia*. The Penal Code {~~punishes~>forbids~~} kidnapping:"
    );
    // The sentences that count and list the senders.
    assert!(paragraph(&md, 2).contains("{~~three~>four~~} Member States: {++Chile, ++}Colombia"));
    assert!(paragraph(&md, 13).contains("{++Chile, ++}Colombia"));
    // Paragraphs only renumbered carry no mark.
    for n in [6, 7, 8, 9, 10, 12, 14, 15, 16, 17, 18] {
        let para = paragraph(&md, n);
        assert!(
            !["{++", "{--", "{~~"].iter().any(|m| para.contains(m)),
            "paragraph {n} was only renumbered: {para}"
        );
    }
    // With --exit-code, drafts that differ exit 1; a draft against itself 0.
    assert_eq!(p.run(&["diff", "--exit-code", "old.md", MAIN]).code(), 1);
    assert_eq!(p.run(&["diff", "--exit-code", MAIN, MAIN]).code(), 0);
}

#[test]
fn a_reply_cannot_write_marks() {
    let p = edited();
    p.run(&["diff", "old.md", MAIN]).success();
    let md = p.read(CHANGES);
    let chile = paragraph(&md, 5);
    assert_eq!(
        chile,
        "5. {++*Chile*. Kidnapping is rare; a reply may type \\#, \\$, \\<, \\* and \\{++ or \\~\\> or \\{\\~\\~a\\~\\>b\\~\\~\\} literally.++}"
    );
    // Exactly the marks the tool wrote: one insertion here.
    assert_eq!(
        chile.matches("{++").count() - chile.matches("\\{++").count(),
        1
    );
}

#[test]
fn changes_markdown_snapshot() {
    let p = edited();
    p.run(&["diff", "old.md", MAIN]).success();
    insta::assert_snapshot!("small_changes", p.read(CHANGES));
}

#[test]
fn a_file_that_is_not_a_draft_exits_2() {
    let p = Project::fixture("small");
    p.build_markdown();
    p.write("notes.md", "# Notes\n\n1. Something.\n");
    let run = p.run(&["diff", "notes.md", MAIN]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("not a draft written by sgreport"),
        "{}",
        run.stderr()
    );
    assert_eq!(p.run(&["diff", "missing.md", MAIN]).code(), 2);
}
