//! The last layout rules of the printed page, read back from the outputs a
//! reader sees (Markdown, the PDF's text page by page, the Word XML): a
//! footnote's mark after the punctuation that follows it, no table split
//! leaving one row on a page, and a table's notes in note-size type at the
//! table's width.

use std::io::{Cursor, Read};

use crate::common::*;

const MAIN_MD: &str = "output/E_CN.15_2004_7.md";
const MAIN_PDF: &str = "output/E_CN.15_2004_7.pdf";
const MAIN_DOCX: &str = "output/E_CN.15_2004_7.docx";
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// `word/document.xml` of a `.docx`.
fn document_xml(bytes: &[u8]) -> String {
    docx_part(bytes, "word/document.xml")
}

/// The part `name` of a `.docx`.
fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut f = zip.by_name(name).expect("the part");
    let mut xml = String::new();
    f.read_to_string(&mut xml).expect("UTF-8");
    xml
}

/// The font size (half-points) and left indent (twentieths of a point)
/// of Word style `id`.
fn word_style(styles: &str, id: &str) -> (String, String) {
    let doc = roxmltree::Document::parse(styles).expect("well-formed XML");
    let style = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "style")) && n.attribute((W, "styleId")) == Some(id))
        .unwrap_or_else(|| panic!("no style {id}"));
    let attr = |name: &str, a: &str| {
        style
            .descendants()
            .find(|n| n.has_tag_name((W, name)))
            .and_then(|n| n.attribute((W, a)))
            .unwrap_or("0")
            .to_string()
    };
    (attr("sz", "val"), attr("ind", "left"))
}

/// For each footnote reference of a Word document, its paragraph's text
/// up to the reference.
fn text_before_each_footnote(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let mut out = Vec::new();
    for p in doc.descendants().filter(|n| n.has_tag_name((W, "p"))) {
        let mut text = String::new();
        for n in p.descendants() {
            if n.has_tag_name((W, "t")) {
                text.push_str(n.text().unwrap_or(""));
            } else if n.has_tag_name((W, "footnoteReference")) {
                out.push(text.clone());
            }
        }
    }
    out
}

/// The label of the footnote whose mark follows `before` in `md`.
fn note_after<'a>(md: &'a str, before: &str) -> &'a str {
    let at = md
        .find(before)
        .unwrap_or_else(|| panic!("{before:?} in\n{md}"))
        + before.len();
    let rest = md[at..]
        .strip_prefix("[^")
        .unwrap_or_else(|| panic!("no mark right after {before:?}: {}", &md[at..at + 20]));
    &rest[..rest.find(']').expect("closed mark")]
}

#[test]
fn a_footnote_mark_stands_after_the_punctuation_in_markdown_pdf_and_word() {
    let p = Project::fixture("small");
    p.write(
        "submissions/peru.yaml",
        &p.read("submissions/peru.yaml").replace(
            "Kidnapping carries up to 35 years.[^1]",
            "Kidnapping carries up to 35 years under the [Penal Code](https://www.example.org/penal-code). \
             The courts apply it[^2], as \"the Code[^1]\" asks.\n\n    [^2]: Since 2001.",
        ),
    );
    p.run(&["build", "--docx"]).success();
    let md = p.read(MAIN_MD);
    let link = note_after(&md, "under the Penal Code.");
    let comma = note_after(&md, "The courts apply it,");
    let quote = note_after(&md, "as \u{201C}the Code\u{201D}");
    assert!(!md.contains("Penal Code[^"), "{md}");
    assert!(md.contains(&format!(
        "[^{link}]: Available at [www.example.org/penal-code]"
    )));

    let pdf = compact(&pdf_pages(&p.bytes(MAIN_PDF)).concat());
    let printed = format!(
        "underthePenalCode.{link}Thecourtsapplyit,{comma}as\u{201C}theCode\u{201D}{quote}asks."
    );
    assert!(pdf.contains(&printed), "{printed} not in the PDF:\n{pdf}");

    let before = text_before_each_footnote(&document_xml(&p.bytes(MAIN_DOCX)));
    for end in [
        "under the Penal Code.",
        "The courts apply it,",
        "as \u{201C}the Code\u{201D}",
    ] {
        assert!(
            before.iter().any(|t| t.ends_with(end)),
            "no Word footnote mark right after {end:?}: {before:#?}"
        );
    }
}

/// A reply's answer holding `count` tables of 6 to 10 rows (`Tab3row07`
/// ...), each after a paragraph of a different length, so that the tables
/// fall at many places on their pages; a `Source:` line under every table.
fn many_tables(count: usize) -> String {
    let mut s = String::new();
    for t in 1..=count {
        let sentences = (t * 37) % 61 / 5 + 1;
        s.push_str(&"The courts reported on it. ".repeat(sentences));
        s.push_str("\n\n| Item | Count |\n| :--- | ---: |\n");
        for r in 1..6 + t % 5 {
            s.push_str(&format!("| Tab{t}row{r:02} | {r} |\n"));
        }
        s.push_str(&format!("\nSource: Ministry of Justice, table {t}.\n\n"));
    }
    s
}

/// The `small` fixture with [`many_tables`] in Peru's answer on legislation.
fn project_with_tables(count: usize) -> Project {
    let p = Project::fixture("small");
    let answer: String = many_tables(count)
        .lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("    {l}\n")
            }
        })
        .collect();
    p.write(
        "submissions/peru.yaml",
        &p.read("submissions/peru.yaml").replace(
            "  legislation: |\n",
            &format!("  legislation: |\n{answer}\n"),
        ),
    );
    p
}

/// The rows of a table one page carries (`Tab3row07`: 7), and the page's
/// text before the first.
type OnPage = (Vec<usize>, String);

/// For each table split across pages: its number and what each of its
/// pages carries.
fn split_tables(pages: &[String]) -> Vec<(usize, Vec<OnPage>)> {
    let mut tables: std::collections::BTreeMap<usize, Vec<OnPage>> = Default::default();
    for page in pages {
        let text = compact(page);
        let mut on: std::collections::BTreeMap<usize, OnPage> = Default::default();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("Tab") {
            let before = &text[..text.len() - rest.len() + at];
            rest = &rest[at + 3..];
            let t: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let Some(r) = rest[t.len()..].strip_prefix("row") else {
                continue;
            };
            let row: String = r.chars().take(2).collect();
            let entry = on
                .entry(t.parse().unwrap())
                .or_insert_with(|| (Vec::new(), before.to_string()));
            entry.0.push(row.parse().unwrap());
        }
        for (t, rows) in on {
            tables.entry(t).or_default().push(rows);
        }
    }
    tables
        .into_iter()
        .filter(|(_, pages)| pages.len() > 1)
        .collect()
}

/// A layout that leaves out the rows kept together: the built-in one,
/// its `data-table` called without `keep`.
fn layout_without_keep() -> String {
    let builtin = BUILTIN_TEMPLATES
        .iter()
        .find(|(name, _)| *name == "un-report.typ")
        .expect("the built-in layout")
        .1;
    format!(
        "{builtin}\n#let data-table-keeping = data-table\n\
         #let data-table(keep: (), ..args) = data-table-keeping(..args)\n"
    )
}

#[test]
fn no_page_carries_a_single_row_of_a_table_and_its_header_repeats() {
    let p = project_with_tables(60);
    let singles = |p: &Project| -> Vec<(usize, Vec<usize>)> {
        let pages = pdf_pages(&p.bytes(MAIN_PDF));
        split_tables(&pages)
            .into_iter()
            .flat_map(|(t, on)| on.into_iter().map(move |(rows, _)| (t, rows)))
            .filter(|(_, rows)| rows.len() == 1)
            .collect()
    };
    // Without the rows kept together, these tables leave single rows.
    p.write("templates/un-report.typ", &layout_without_keep());
    p.run(&["build"]).success();
    assert!(!singles(&p).is_empty(), "no table would leave a single row");

    p.remove("templates/un-report.typ");
    p.run(&["build"]).success();
    let pages = pdf_pages(&p.bytes(MAIN_PDF));
    let split = split_tables(&pages);
    assert!(!split.is_empty(), "no table breaks across pages");
    assert_eq!(singles(&p), vec![], "pages with a single row of a table");
    for (t, on) in &split {
        for (rows, before) in &on[1..] {
            assert!(
                before.ends_with("ItemCount"),
                "table {t}: rows {rows:?} on a page of their own without the header: {before}"
            );
        }
    }
}

/// Each row of the Word table holding `first_cell`: whether it is kept
/// from splitting, and whether every paragraph of it keeps with the next.
fn word_rows(xml: &str, first_cell: &str) -> Vec<(bool, bool)> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let table = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .find(|t| {
            t.descendants()
                .any(|n| n.has_tag_name((W, "t")) && n.text() == Some(first_cell))
        })
        .unwrap_or_else(|| panic!("no table with {first_cell}"));
    let has = |n: roxmltree::Node, name: &str| n.descendants().any(|d| d.has_tag_name((W, name)));
    table
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .map(|tr| {
            let kept = tr
                .descendants()
                .filter(|n| n.has_tag_name((W, "p")))
                .all(|p| has(p, "keepNext"));
            (has(tr, "cantSplit"), kept)
        })
        .collect()
}

/// The style and text of the paragraph right after the table holding
/// `first_cell`.
fn after_word_table(xml: &str, first_cell: &str) -> (String, String) {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let table = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .find(|t| t.descendants().any(|n| n.text() == Some(first_cell)))
        .expect("the table");
    let p = table
        .next_siblings()
        .find(|n| n.has_tag_name((W, "p")))
        .expect("a paragraph after the table");
    let style = crate::docx::word::paragraph_style(p);
    let text = p
        .descendants()
        .filter(|n| n.has_tag_name((W, "t")))
        .filter_map(|n| n.text())
        .collect();
    (style, text)
}

#[test]
fn word_keeps_two_rows_on_each_side_of_a_break_and_a_short_table_whole() {
    let p = project_with_tables(2);
    p.run(&["build", "--docx", "--no-pdf"]).success();
    let xml = document_xml(&p.bytes(MAIN_DOCX));
    // The header row keeps with the first row; of six rows, the first and
    // the fifth keep with the next, and the last with the table's note
    // ("Source: ...") under it.
    let (t, f) = (true, false);
    assert_eq!(
        word_rows(&xml, "Tab1row01"),
        vec![(t, t), (t, t), (t, f), (t, f), (t, f), (t, t), (t, t)]
    );
    // Seven rows: the first, the sixth and the last.
    assert_eq!(
        word_rows(&xml, "Tab2row01"),
        vec![
            (t, t),
            (t, t),
            (t, f),
            (t, f),
            (t, f),
            (t, f),
            (t, t),
            (t, t)
        ]
    );
    // The note, the last paragraph of its table, keeps with nothing.
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let note = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .find(|p| {
            p.descendants()
                .any(|n| n.text().is_some_and(|t| t.contains("table 1.")))
        })
        .expect("the note of table 1");
    assert!(!note.descendants().any(|n| n.has_tag_name((W, "keepNext"))));
    let p = Project::fixture("small");
    p.write(
        "submissions/peru.yaml",
        &p.read("submissions/peru.yaml").replace(
            "Kidnapping carries up to 35 years.[^1]",
            "Cases:\n\n    | Year | Cases |\n    | --- | ---: |\n    | Short1 | 1 |\n    | Short2 | 2 |\n    | Short3 | 3 |\n\n    Kidnapping carries up to 35 years.[^1]",
        ),
    );
    p.run(&["build", "--docx", "--no-pdf"]).success();
    let xml = document_xml(&p.bytes(MAIN_DOCX));
    assert_eq!(
        word_rows(&xml, "Short1"),
        vec![(t, t), (t, t), (t, t), (t, f)],
        "a table of three rows is kept whole"
    );
}

#[test]
fn a_source_line_under_a_table_is_its_note_in_word_and_stays_under_it_in_markdown() {
    let p = project_with_tables(2);
    p.run(&["build", "--docx", "--no-pdf"]).success();
    let xml = document_xml(&p.bytes(MAIN_DOCX));
    assert_eq!(
        after_word_table(&xml, "Tab1row01"),
        (
            "TableNote".into(),
            "Source: Ministry of Justice, table 1.".into()
        )
    );
    // In the footnotes' size, 8 pt, from the table's left edge (Word's
    // tables span the text's width, from its left edge).
    let styles = docx_part(&p.bytes(MAIN_DOCX), "word/styles.xml");
    assert_eq!(word_style(&styles, "TableNote"), ("16".into(), "0".into()));
    // A lettered note's lines align after its letter (4 mm: 227 twips).
    assert_eq!(
        word_style(&styles, "TableNoteLettered"),
        ("16".into(), "227".into())
    );
    assert_eq!(word_style(&styles, "FootnoteText").0, "16");
    let md = p.read(MAIN_MD);
    let at = md
        .find("| Tab1row06 | 6 |\n")
        .expect("the table's last row");
    let after: Vec<&str> = md[at..].lines().skip(1).take(2).collect();
    assert_eq!(after[0], "", "{md}");
    assert_eq!(
        after[1].trim_start(),
        "Source: Ministry of Justice, table 1.",
        "{md}"
    );
    // Not a paragraph of its own: the numbers run on past it.
    assert!(
        !md.lines().any(|l| l.contains(". Source: Ministry")),
        "{md}"
    );
}
