//! Redlines a reviewer can trust (issue 24): table rows matched by their
//! State, words apart from their punctuation, whole sender names, emphasis
//! kept whole, and a summary that says which files it compares.

use pulldown_cmark::{Event, Parser};

use crate::common::{compact, pdf_pages, Project};

const MAIN: &str = "output/E_CN.15_2004_7.md";
const CHANGES: &str = "output/E_CN.15_2004_7.changes.md";

fn reply(from: &str, received: &str, cases: &str) -> String {
    format!(
        "from: {from}\nreceived: {received}\nanswers:\n  extent: |\n    Kidnapping is reported by {from}.\nindicators:\n  serious_crime: yes\nstatistics:\n  cases: {{{cases}}}\n"
    )
}

/// The small fixture with a reply from Serbia and Montenegro, kept as
/// `old/E_CN.15_2004_7.md`; then that reply withdrawn and one from Chile
/// added, and built again.
fn chile_in_serbia_and_montenegro_out() -> Project {
    let p = Project::fixture("small");
    p.write(
        "submissions/serbia-and-montenegro.yaml",
        &reply("Serbia and Montenegro", "2004-01-12", "2002: 12, 2003: 9"),
    );
    p.build_markdown();
    p.write("old/E_CN.15_2004_7.md", &p.read(MAIN));
    p.remove("submissions/serbia-and-montenegro.yaml");
    p.write(
        "submissions/chile.yaml",
        &reply("Chile", "2004-01-10", "2002: 7, 2003: 5"),
    );
    p.build_markdown();
    p
}

/// The line of `md` that starts with `start`.
fn line<'a>(md: &'a str, start: &str) -> &'a str {
    md.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line {start:?} in\n{md}"))
}

/// The text a CommonMark reader shows of `md` (no markup).
fn shown_text(md: &str) -> String {
    Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TABLES)
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.into_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn table_rows_are_matched_by_their_state_and_senders_are_whole_names() {
    let p = chile_in_serbia_and_montenegro_out();
    let run = p.run(&["diff", "--no-pdf", "old/E_CN.15_2004_7.md", MAIN]);
    run.success();
    let out = run.stdout();
    assert!(
        out.contains("Senders concerned: Chile and Serbia and Montenegro\n"),
        "{out}"
    );
    let md = p.read(CHANGES);
    // Colombia's row is Colombia's row, untouched; Chile's inserted and
    // Serbia and Montenegro's deleted, whole.
    assert_eq!(line(&md, "| Colombia"), "| Colombia | 3,041 | 2,986 | .. | 6,027 |");
    assert_eq!(
        line(&md, "| {++Chile"),
        "| {++Chile++} | {++..++} | {++7++} | {++5++} | {++12++} |"
    );
    assert_eq!(
        line(&md, "| {--Serbia"),
        "| {--Serbia and Montenegro--} | {--..--} | {--12--} | {--9--} | {--21--} |"
    );
    // The list of States: one State out, one in, the others untouched.
    assert!(
        md.contains(
            "Member States ({++Chile, ++}Colombia, Mexico{~~,~> and~~} Peru{-- and Serbia and Montenegro--})"
        ),
        "{md}"
    );
}

/// A changed total in bold: the change stands inside the emphasis, which a
/// CommonMark reader still reads as emphasis; the redline PDF prints no `*`
/// of markup.
#[test]
fn a_changed_bold_total_keeps_its_emphasis() {
    let p = chile_in_serbia_and_montenegro_out();
    p.run(&["diff", "old/E_CN.15_2004_7.md", MAIN]).success();
    let md = p.read(CHANGES);
    let total = line(&md, "| **Total**");
    assert!(total.contains("| **{~~3,4"), "{total}");
    assert!(!total.contains("****"), "{total}");
    // No markup `*` is left as text: as many as in the drafts themselves
    // (the agenda item's asterisk, the barcode).
    let stars = |md: &str| shown_text(md).matches('*').count();
    assert_eq!(stars(&md), stars(&p.read(MAIN)), "{}", shown_text(&md));
    let pdf = compact(&pdf_pages(&p.bytes("output/E_CN.15_2004_7.changes.pdf")).concat());
    assert!(!pdf.contains("**") && !pdf.contains("*|"), "{pdf}");
    assert!(pdf.contains("Total"), "{pdf}");
}

/// A footnote changed alone names the sender whose paragraph it belongs to.
#[test]
fn a_footnote_changed_alone_names_its_sender() {
    let p = Project::fixture("small");
    p.build_markdown();
    p.write("old.md", &p.read(MAIN));
    let colombia = p.read("submissions/colombia.yaml");
    p.write(
        "submissions/colombia.yaml",
        &colombia.replace("national statistics office", "national police"),
    );
    p.build_markdown();
    let run = p.run(&["diff", "--no-pdf", "old.md", MAIN]);
    run.success();
    assert!(
        run.stdout().contains("Senders concerned: Colombia\n"),
        "{}",
        run.stdout()
    );
}

/// The summary names both files with their folders, symbols and dates of
/// issue; two different documents compared warn, and exit as any diff.
#[test]
fn the_summary_names_both_files_and_two_symbols_warn() {
    let p = Project::fixture("small");
    p.build_markdown();
    p.run(&["diff", "--no-pdf", MAIN, MAIN]).success();
    let md = p.read(CHANGES);
    assert!(
        md.contains("**Changes from output/E\\_CN.15\\_2004\\_7.md (E/CN.15/2004/7, issued 1 March 2004) to output/E\\_CN.15\\_2004\\_7.md (E/CN.15/2004/7, issued 1 March 2004)**"),
        "{md}"
    );
    let add = "output/E_CN.15_2004_7_Add.1.md";
    let run = p.run(&["diff", "--no-pdf", MAIN, add]);
    assert_eq!(run.code(), 0);
    assert!(
        run.stderr().contains(
            "warning: the drafts are different documents: the old one is E/CN.15/2004/7, the new one E/CN.15/2004/7/Add.1"
        ),
        "{}",
        run.stderr()
    );
    let strict = p.run(&["diff", "--no-pdf", "--exit-code", MAIN, add]);
    assert_eq!(strict.code(), 1);
    assert!(strict.stderr().contains("warning: the drafts are different documents"));
    // The same document against itself: no warning.
    assert!(!p.run(&["diff", "--no-pdf", MAIN, MAIN]).stderr().contains("warning"));
}
