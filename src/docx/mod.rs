//! The draft in Word (`.docx`), for the UN's documents processing chain
//! (editing, translation, reference work in Word), written from the
//! document model as the Markdown and the PDF are: [`walk`] turns the
//! [`Document`](crate::document::Document) into WordprocessingML (the same
//! numbers, labels, notes and figures as the other outputs, never read back
//! from them), [`package`] zips the Office Open XML parts.
//!
//! - Styles are named ([`styles::STYLES`] is the mapping, with the UN
//!   template's names where known: `SingleTxt`, `HCh`, `H1`, `H23`, `H4`,
//!   `H56`, `TitleHCH`, `TitleH1`); A4, Times New Roman 10 pt, the PDF
//!   layout's margins; the symbol in the running header (right on odd pages,
//!   left on even ones), the job number and its barcode at the foot of page 1
//!   ([`masthead`], [`drawing`]).
//! - The body's paragraph numbers are Word's own list numbering
//!   ([`numbering`]): Word shows the model's numbers and renumbers when a
//!   paragraph is inserted or deleted (by an editor, or by accepting or
//!   rejecting the redline's changes). The (a), (i) labels of
//!   subparagraphs are typed text followed by a tab, as in UN documents;
//!   they are the model's.
//! - Footnotes are Word footnotes; the cover note is one with `*` as its mark;
//!   notes in tables are lettered under the table, as in the PDF; the
//!   annexes' footnotes carry their letters (the model's) as their marks.
//! - The contents give the paragraph ranges and the pages, which Word fills
//!   in from `PAGEREF` fields to bookmarks on the headings ([`contents`]).
//! - Figures are drawn from the chart model as DrawingML shapes ([`drawing`]).
//! - Text reaches the XML only through [`xml::escape`]: nothing in a reply can
//!   become markup, a field code or a hyperlink. The fields are `PAGE` in the
//!   footers and the contents' `PAGEREF`s, made of bookmark names alone.
//! - The zip is byte-identical for the same input (fixed part order,
//!   timestamps and ids).

mod contents;
mod drawing;
mod masthead;
mod numbering;
pub(crate) mod package;
mod runs;
pub(crate) mod styles;
mod table;
mod walk;
pub(crate) mod xml;

/// The `.docx` of one document of the model.
pub fn from_document(doc: &crate::document::Document) -> Vec<u8> {
    package::zip(&walk::convert(doc, None))
}

/// The `.docx` of a draft read back (the redline): as [`from_document`],
/// but with the contents' paragraph ranges as the draft has them
/// (`ranges`, one for each row of the contents, marks of changes
/// included), not counted from its numbered paragraphs; ignored unless
/// there is one for each row.
pub(crate) fn from_draft(doc: &crate::document::Document, ranges: &[String]) -> Vec<u8> {
    package::zip(&walk::convert(doc, Some(ranges)))
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use proptest::prelude::*;

    use super::*;

    fn pieces() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("<!-- sgreport:summary -->\n\n".to_string()),
            Just("<!-- sgreport:contents -->\n\n".to_string()),
            Just("<!-- sgreport:body -->\n\n".to_string()),
            Just("<!-- sgreport:annexes -->\n\n".to_string()),
            Just("# I. Chapter\n\n".to_string()),
            Just("## A. Section\n\n".to_string()),
            Just("1. ".to_string()),
            Just("   1. ".to_string()),
            Just("- ".to_string()),
            Just("> ".to_string()),
            Just("| a | b |\n| :--- | ---: |\n| c | d[^n] |\n\n".to_string()),
            Just("[^n]".to_string()),
            Just("\n\n[^n]: A note.\n\n".to_string()),
            Just("**bold**".to_string()),
            Just("*it*".to_string()),
            Just("`code`".to_string()),
            Just("---\n\n".to_string()),
            Just("\\\n".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("```\ncode\n```\n".to_string()),
            "[ -~\t\u{0}\u{1b}\u{a0}é<>&\"']{0,12}",
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_markdown_gives_well_formed_parts(md in pieces()) {
            let bytes = from_document(&crate::render::number_markdown(&md));
            let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
            prop_assert_eq!(zip.len(), package::PARTS.len() + 1);
            for i in 0..zip.len() {
                let mut f = zip.by_index(i).unwrap();
                let mut text = String::new();
                f.read_to_string(&mut text).unwrap();
                prop_assert!(roxmltree::Document::parse(&text).is_ok(), "{}: {}", f.name().unwrap(), text);
            }
        }
    }
}
