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
    assert_eq!(
        line(&md, "| Colombia"),
        "| Colombia | 3,041 | 2,986 | .. | 6,027 |"
    );
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
    p.run(&["diff", "--docx", "old/E_CN.15_2004_7.md", MAIN])
        .success();
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
    // Nor does Word, in the text kept, inserted or deleted.
    let docx = p.bytes("output/E_CN.15_2004_7.changes.docx");
    let all = word_text(&docx, "word/document.xml", Changes::None).concat();
    assert!(!all.contains("**") && all.contains("3,4313,426"), "{all}");
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
    assert!(strict
        .stderr()
        .contains("warning: the drafts are different documents"));
    // The same document against itself: no warning.
    assert!(!p
        .run(&["diff", "--no-pdf", MAIN, MAIN])
        .stderr()
        .contains("warning"));
}

/// Which text of a Word document with tracked changes to read.
#[derive(Clone, Copy, PartialEq)]
enum Changes {
    /// A document without revisions.
    None,
    /// Every change accepted: deletions gone, insertions kept.
    Accepted,
    /// Every change rejected: insertions gone, deletions kept.
    Rejected,
}

/// The paragraphs' texts of `word/document.xml` (or `word/footnotes.xml`)
/// in `docx`, as Word shows them with `changes` accepted or rejected (a
/// paragraph or row whose own mark is removed goes with its text).
fn word_text(docx: &[u8], part: &str, changes: Changes) -> Vec<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a docx");
    let mut xml = String::new();
    zip.by_name(part)
        .expect("the part")
        .read_to_string(&mut xml)
        .expect("XML");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let gone = match changes {
        Changes::Accepted => "del",
        Changes::Rejected => "ins",
        Changes::None => "",
    };
    let removed = |n: roxmltree::Node| {
        changes != Changes::None
            && n.ancestors().any(|a| {
                a.tag_name().name() == gone
                    && !matches!(
                        a.parent().map(|p| p.tag_name().name()),
                        Some("rPr" | "trPr")
                    )
            })
    };
    let own_mark_gone = |n: roxmltree::Node, props: &str| {
        changes != Changes::None
            && n.children()
                .filter(|c| c.tag_name().name() == props)
                .flat_map(|c| c.descendants())
                .any(|d| d.tag_name().name() == gone)
    };
    let mut out = Vec::new();
    for p in doc.descendants().filter(|n| n.tag_name().name() == "p") {
        let row_gone = p
            .ancestors()
            .any(|a| a.tag_name().name() == "tr" && own_mark_gone(a, "trPr"));
        if changes != Changes::None && row_gone {
            continue;
        }
        let mut text = String::new();
        for n in p.descendants() {
            if removed(n)
                || n.ancestors()
                    .skip(1)
                    .any(|a| a.tag_name().name() == "p" && a != p)
            {
                continue;
            }
            match n.tag_name().name() {
                "t" | "delText" => text.push_str(n.text().unwrap_or("")),
                "tab" if n.parent().is_some_and(|r| r.tag_name().name() == "r") => text.push('\t'),
                _ => {}
            }
        }
        if changes != Changes::None && own_mark_gone(p, "pPr") {
            assert!(
                text.is_empty(),
                "a paragraph whose mark goes keeps {text:?}"
            );
            continue;
        }
        out.push(text);
    }
    out
}

/// The same paragraphs, or the first that differ.
fn same(got: &[String], want: &[String], what: &str) {
    let first = got.iter().zip(want).position(|(a, b)| a != b);
    assert!(
        first.is_none() && got.len() == want.len(),
        "{what}: paragraph {first:?} of {}/{}: {:?} instead of {:?}",
        got.len(),
        want.len(),
        first.map(|i| &got[i]),
        first.map(|i| &want[i])
    );
}

/// `diff --docx`: the new draft with every change tracked. Accepting all
/// gives the new draft's Word text exactly, rejecting all the old one's
/// (body, tables, footnotes); the revisions are sgreport's, dated.
#[test]
fn the_word_redline_accepts_to_the_new_draft_and_rejects_to_the_old() {
    let p = Project::fixture("small");
    p.write(
        "submissions/serbia-and-montenegro.yaml",
        &reply("Serbia and Montenegro", "2004-01-12", "2002: 12, 2003: 9"),
    );
    p.run(&["build", "--no-pdf", "--docx"]).success();
    p.write("old/E_CN.15_2004_7.md", &p.read(MAIN));
    let old_docx = p.bytes("output/E_CN.15_2004_7.docx");
    p.remove("submissions/serbia-and-montenegro.yaml");
    p.write(
        "submissions/chile.yaml",
        &reply("Chile", "2004-01-10", "2002: 7, 2003: 5"),
    );
    let colombia = p.read("submissions/colombia.yaml");
    p.write(
        "submissions/colombia.yaml",
        &colombia
            .replace("Penal Code punishes", "Penal Code forbids")
            .replace("national statistics office", "national police"),
    );
    p.run(&["build", "--no-pdf", "--docx"]).success();
    let new_docx = p.bytes("output/E_CN.15_2004_7.docx");
    let run = p.run_with_env(
        &["diff", "--no-pdf", "--docx", "old/E_CN.15_2004_7.md", MAIN],
        &[("SOURCE_DATE_EPOCH", "1078133400")],
    );
    run.success();
    assert!(
        run.stdout()
            .contains("wrote output/E_CN.15_2004_7.changes.docx"),
        "{}",
        run.stdout()
    );
    let redline = p.bytes("output/E_CN.15_2004_7.changes.docx");
    for part in ["word/document.xml", "word/footnotes.xml"] {
        let body = |v: Vec<String>| -> Vec<String> {
            // From the summary on, and without the cover's note: the
            // masthead is the draft's text read back (as in the PDF redline).
            let at = v.iter().position(|t| t == "Summary").unwrap_or(0);
            v[at..]
                .iter()
                .filter(|t| !t.starts_with("*\t"))
                .cloned()
                .collect()
        };
        same(
            &body(word_text(&redline, part, Changes::Accepted)),
            &body(word_text(&new_docx, part, Changes::None)),
            &format!("{part}, every change accepted"),
        );
        // Paragraphs only renumbered are not revisions (issue 24.1): with
        // every change rejected they keep their new numbers, the one
        // difference from the old draft.
        let unnumbered = |v: Vec<String>| -> Vec<String> {
            v.into_iter()
                .map(|t| match t.split_once(".\t") {
                    Some((n, rest)) if n.bytes().all(|b| b.is_ascii_digit()) => rest.to_string(),
                    _ => t,
                })
                .collect()
        };
        same(
            &unnumbered(body(word_text(&redline, part, Changes::Rejected))),
            &unnumbered(body(word_text(&old_docx, part, Changes::None))),
            &format!("{part}, every change rejected"),
        );
    }
    // Real revisions, sgreport's, dated; the paragraphs only renumbered are
    // not revisions.
    let xml = {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&redline[..])).unwrap();
        let mut s = String::new();
        zip.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    assert!(xml.contains("<w:ins w:id=\"") && xml.contains("<w:del w:id=\""));
    assert_eq!(
        xml.matches("w:author=\"sgreport\" w:date=\"2004-03-01T09:30:00Z\"")
            .count(),
        xml.matches("<w:ins ").count() + xml.matches("<w:del ").count()
    );
    for unchanged in [
        "Kidnapping is concentrated in a few states.",
        "Provisional figures for 2003",
    ] {
        let at = xml.find(unchanged).expect(unchanged);
        let para = &xml[xml[..at].rfind("<w:p>").unwrap()..at];
        assert!(
            !para.contains("<w:ins") && !para.contains("<w:del"),
            "{para}"
        );
    }
}
