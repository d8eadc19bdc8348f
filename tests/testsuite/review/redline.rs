//! Redlines a reviewer can trust (issue 24): table rows matched by their
//! State, words apart from their punctuation, whole sender names, emphasis
//! kept whole, and a summary that says which files it compares.

use pulldown_cmark::{Event, Parser};

use crate::common::{compact, pdf_pages, Project};
use crate::docx::word::{paragraphs as word_text, Changes};

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

/// The Word files of the `small` fixture built with `before`, then built
/// again with `after`, and the Word redline of the two drafts (dated
/// 2004-03-01T09:30:00Z): (old, new, redline).
fn word_redline(before: impl FnOnce(&Project), after: impl FnOnce(&Project)) -> [Vec<u8>; 3] {
    let p = Project::fixture("small");
    before(&p);
    p.run(&["build", "--no-pdf", "--docx"]).success();
    p.write("old/E_CN.15_2004_7.md", &p.read(MAIN));
    let old_docx = p.bytes("output/E_CN.15_2004_7.docx");
    after(&p);
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
    [old_docx, new_docx, redline]
}

/// Accepting every change of `redline` gives the text of `new` exactly,
/// rejecting every one the text of `old`: whole documents, page 1 (the
/// cover note a footnote), the summary, the contents, the body with Word's
/// paragraph numbers, the tables, the annexes, and the footnotes.
fn assert_exact_redline([old, new, redline]: &[Vec<u8>; 3]) {
    for part in ["word/document.xml", "word/footnotes.xml"] {
        same(
            &word_text(redline, part, Changes::Accepted),
            &word_text(new, part, Changes::None),
            &format!("{part}, every change accepted"),
        );
        // Paragraphs only renumbered are not revisions (issue 24.1): Word
        // numbers them, the old numbers with every change rejected.
        same(
            &word_text(redline, part, Changes::Rejected),
            &word_text(old, part, Changes::None),
            &format!("{part}, every change rejected"),
        );
    }
}

/// `diff --docx`: the new draft with every change tracked. Accepting all
/// gives the new draft's Word text exactly, rejecting all the old one's
/// (whole documents); the revisions are sgreport's, dated.
#[test]
fn the_word_redline_accepts_to_the_new_draft_and_rejects_to_the_old() {
    let files = word_redline(
        |p| {
            p.write(
                "submissions/serbia-and-montenegro.yaml",
                &reply("Serbia and Montenegro", "2004-01-12", "2002: 12, 2003: 9"),
            )
        },
        |p| {
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
        },
    );
    assert_exact_redline(&files);
    let redline = &files[2];
    // Real revisions, sgreport's, dated; the paragraphs only renumbered are
    // not revisions.
    let xml = crate::docx::word::part(redline, "word/document.xml").unwrap();
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

/// A reply added (every paragraph after it renumbered, the contents' ranges
/// changed) and the date of issue changed on page 1: the redline still
/// accepts to the new draft and rejects to the old, numbers and all; the
/// cover note is the same Word footnote as in `build --docx`.
#[test]
fn a_paragraph_added_renumbers_the_rest_in_word_both_ways() {
    let files = word_redline(
        |_| {},
        |p| {
            p.write(
                "submissions/chile.yaml",
                &reply("Chile", "2004-01-10", "2002: 7, 2003: 5"),
            );
            let report = p.read("report.yaml");
            p.write(
                "report.yaml",
                &report.replace("  date: 2004-03-01", "  date: 2004-03-08"),
            );
        },
    );
    assert_exact_redline(&files);
    let redline = &files[2];
    // The one new paragraph is inserted, its mark too; the paragraphs after
    // it carry no revision, Word renumbers them.
    let xml = crate::docx::word::part(redline, "word/document.xml").unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let numbered: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "p")
        .filter(|p| p.descendants().any(|n| n.tag_name().name() == "numPr"))
        .collect();
    // Whose own mark (its number's) is a revision.
    let marks: Vec<&str> = numbered
        .iter()
        .flat_map(|p| p.children().filter(|c| c.tag_name().name() == "pPr"))
        .flat_map(|ppr| ppr.children().filter(|c| c.tag_name().name() == "rPr"))
        .flat_map(|rpr| rpr.children())
        .map(|r| r.tag_name().name())
        .filter(|n| matches!(*n, "ins" | "del"))
        .collect();
    assert_eq!(marks, ["ins"]);
    // The cover note: a footnote marked by the agenda item's asterisk.
    let notes = crate::docx::word::part(redline, "word/footnotes.xml").unwrap();
    assert!(notes.contains(">E/CN.15/2004/1.</w:t>"), "{notes}");
    assert!(!word_text(redline, "word/document.xml", Changes::None)
        .iter()
        .any(|t| t.contains("E/CN.15/2004/1.")));
}

/// What the redline PDF draws, read from its content streams: each run of
/// text (where it starts, its baseline, its fill colour) and each straight
/// line stroked (its ends and colour), in points from the page's bottom
/// left corner.
#[derive(Debug, Default)]
struct Drawn {
    /// Page, x, baseline, colour.
    texts: Vec<(u32, f64, f64, Rgb)>,
    /// Page, one end, the other end, colour.
    lines: Vec<(u32, Point, Point, Rgb)>,
}

type Rgb = [f64; 3];
type Point = (f64, f64);

fn drawn(pdf: &[u8]) -> Drawn {
    use crate::pdf::geometry::{number, times};
    use lopdf::content::Content;
    let at =
        |m: &[f64; 6], x: f64, y: f64| (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF");
    let mut out = Drawn::default();
    for (page, id) in doc.get_pages() {
        let content = Content::decode(&doc.get_page_content(id).unwrap()).unwrap();
        let identity = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let (mut ctm, mut stack, mut tm) = (identity, Vec::new(), identity);
        let (mut fill, mut stroke) = ([0.0; 3], [0.0; 3]);
        let mut path: Vec<(f64, f64)> = Vec::new();
        for op in &content.operations {
            let n: Vec<f64> = op.operands.iter().map(number).collect();
            match op.operator.as_str() {
                "q" => stack.push((ctm, fill, stroke)),
                "Q" => (ctm, fill, stroke) = stack.pop().unwrap_or((identity, [0.0; 3], [0.0; 3])),
                "cm" => ctm = times(&[n[0], n[1], n[2], n[3], n[4], n[5]], &ctm),
                "scn" | "sc" | "rg" if n.len() == 3 => fill = [n[0], n[1], n[2]],
                "SCN" | "SC" | "RG" if n.len() == 3 => stroke = [n[0], n[1], n[2]],
                "scn" | "sc" | "g" if n.len() == 1 => fill = [n[0]; 3],
                "BT" => tm = identity,
                "Tm" => tm = [n[0], n[1], n[2], n[3], n[4], n[5]],
                "Td" | "TD" => tm = times(&[1.0, 0.0, 0.0, 1.0, n[0], n[1]], &tm),
                "Tj" | "TJ" => {
                    let (x, y) = at(&times(&tm, &ctm), 0.0, 0.0);
                    out.texts.push((page, x, y, fill));
                }
                "m" => path = vec![at(&ctm, n[0], n[1])],
                "l" => path.push(at(&ctm, n[0], n[1])),
                "S" => {
                    if let [a, b] = path[..] {
                        out.lines.push((page, a, b, stroke));
                    }
                    path.clear();
                }
                _ => {}
            }
        }
    }
    out
}

/// The layout's colours of deleted and inserted text (`#b3261e`, `#0b5cad`).
const DELETED: [f64; 3] = [179.0 / 255.0, 38.0 / 255.0, 30.0 / 255.0];
const INSERTED: [f64; 3] = [11.0 / 255.0, 92.0 / 255.0, 173.0 / 255.0];

fn same_colour(a: [f64; 3], b: [f64; 3]) -> bool {
    a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.01)
}

/// The redline PDF's marks, read from what it draws: every run of deleted
/// text (red) has a red line through it, above its baseline; every run of
/// inserted text (blue) a blue line under it; a paragraph removed whole
/// has its number struck too.
#[test]
fn the_redline_pdf_strikes_deletions_and_underlines_insertions() {
    let p = Project::fixture("small");
    p.run(&["build"]).success();
    p.write("old.md", &p.read(MAIN));
    p.remove("submissions/peru.yaml");
    p.run(&["build"]).success();
    p.run(&["diff", "old.md", MAIN]).success();
    let d = drawn(&p.bytes("output/E_CN.15_2004_7.changes.pdf"));
    // The line drawn through or under a run starting at (x, y) on `page`,
    // in `colour`: horizontal, covering the run's first point; its height
    // above the baseline (negative: below).
    let mark = |page: u32, x: f64, y: f64, colour: [f64; 3]| {
        d.lines
            .iter()
            .filter(|(pg, a, b, c)| {
                *pg == page
                    && same_colour(*c, colour)
                    && (a.1 - b.1).abs() < 0.01
                    && a.0.min(b.0) <= x + 0.5
                    && a.0.max(b.0) > x + 0.5
                    && (a.1 - y).abs() < 6.0
            })
            .map(|(_, a, _, _)| a.1 - y)
            .next()
    };
    let mut struck = 0;
    let mut underlined = 0;
    // (Page 1 is the summary, which lists the changes in their colours.)
    for &(page, x, y, colour) in d.texts.iter().filter(|t| t.0 > 1) {
        if same_colour(colour, DELETED) {
            let h = mark(page, x, y, DELETED);
            assert!(
                h.is_some_and(|h| h > 1.0),
                "deleted text at {x},{y} on page {page} is not struck: {h:?}"
            );
            struck += 1;
        } else if same_colour(colour, INSERTED) {
            let h = mark(page, x, y, INSERTED);
            assert!(
                h.is_some_and(|h| h < 0.0),
                "inserted text at {x},{y} on page {page} is not underlined: {h:?}"
            );
            underlined += 1;
        }
    }
    assert!(
        struck >= 5 && underlined >= 3,
        "{struck} struck, {underlined} underlined"
    );
    // Peru's paragraph is removed whole: its number, at the left edge of
    // the numbers' column, is deleted text too.
    let left = d.texts.iter().map(|t| t.1).fold(f64::MAX, f64::min);
    assert!(
        d.texts
            .iter()
            .any(|t| (t.1 - left).abs() < 0.5 && same_colour(t.3, DELETED)),
        "no paragraph number struck"
    );
}
