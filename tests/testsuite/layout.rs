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
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut f = zip.by_name("word/document.xml").expect("document part");
    let mut xml = String::new();
    f.read_to_string(&mut xml).expect("UTF-8");
    xml
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
