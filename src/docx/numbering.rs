//! The body's paragraph numbers as Word's own list numbering
//! (`word/numbering.xml`), not typed text: one list definition (decimal,
//! `%1.`, the number hanging at the margin before a tab, as the
//! `NumberedPara` style sets the paragraph) and one list (`w:num`) per run of
//! numbers, each starting (`w:startOverride`) at its first paragraph's
//! number in the model: the body's paragraphs are one run, and each annex
//! would start one afresh. So Word shows the model's numbers, those of the
//! Markdown and the PDF; and Word renumbers by itself, as an editor expects:
//! a paragraph inserted in Word, or a paragraph inserted or deleted as a
//! tracked change, renumbers the ones after it (in the redline, accepting
//! every change gives the new draft's numbers, rejecting every one the old
//! draft's, and a paragraph only renumbered carries no revision).

use super::package::W;
use super::styles::{mm, HANG_MM};
use super::xml::Xml;

/// The one list definition's id.
const DEFINITION: &str = "1";

/// The lists (`w:num`) of one document, in the order they are opened.
#[derive(Debug, Default)]
pub(crate) struct Lists {
    /// The first number of each list; list `i` has the id `i + 1`.
    starts: Vec<u32>,
    /// Whether the next numbered paragraph continues the last list.
    open: bool,
}

impl Lists {
    /// The list id of a numbered paragraph numbered `number` in the model:
    /// the open list's, else a new one starting at `number`.
    pub(crate) fn paragraph(&mut self, number: u32) -> u32 {
        if !self.open {
            self.starts.push(number);
            self.open = true;
        }
        self.starts.len() as u32
    }

    /// The numbers start afresh at the next numbered paragraph (an annex).
    pub(crate) fn restart(&mut self) {
        self.open = false;
    }

    /// The first number of each list, by id from 1.
    #[cfg(test)]
    pub(crate) fn starts(&self) -> &[u32] {
        &self.starts
    }

    /// `word/numbering.xml`.
    pub(crate) fn xml(&self) -> String {
        let mut x = Xml::part();
        x.open("w:numbering", &[("xmlns:w", W)]);
        x.open("w:abstractNum", &[("w:abstractNumId", DEFINITION)]);
        x.empty("w:multiLevelType", &[("w:val", "singleLevel")]);
        x.open("w:lvl", &[("w:ilvl", "0")]);
        x.empty("w:start", &[("w:val", "1")]);
        x.empty("w:numFmt", &[("w:val", "decimal")]);
        x.empty("w:suff", &[("w:val", "tab")]);
        x.empty("w:lvlText", &[("w:val", "%1.")]);
        x.empty("w:lvlJc", &[("w:val", "left")]);
        x.open("w:pPr", &[]);
        x.empty(
            "w:ind",
            &[("w:left", &mm(HANG_MM)), ("w:hanging", &mm(HANG_MM))],
        );
        x.close();
        x.close().close();
        for (i, start) in self.starts.iter().enumerate() {
            x.open("w:num", &[("w:numId", &(i + 1).to_string())]);
            x.empty("w:abstractNumId", &[("w:val", DEFINITION)]);
            // Every list restarts (Word would otherwise continue the count
            // of an earlier list of the same definition).
            x.open("w:lvlOverride", &[("w:ilvl", "0")]);
            x.empty("w:startOverride", &[("w:val", &start.to_string())]);
            x.close().close();
        }
        x.close();
        x.finish()
    }
}

/// The `w:numPr` of a paragraph of list `id`.
pub(crate) fn properties(x: &mut Xml, id: u32) {
    x.open("w:numPr", &[]);
    x.empty("w:ilvl", &[("w:val", "0")]);
    x.empty("w:numId", &[("w:val", &id.to_string())]);
    x.close();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_per_run_of_numbers_each_from_its_first_number() {
        let mut l = Lists::default();
        assert_eq!([l.paragraph(1), l.paragraph(2), l.paragraph(3)], [1, 1, 1]);
        l.restart();
        assert_eq!([l.paragraph(1), l.paragraph(2)], [2, 2]);
        l.restart();
        l.restart();
        assert_eq!(l.paragraph(7), 3);
        let xml = l.xml();
        roxmltree::Document::parse(&xml).unwrap();
        assert!(xml.contains("<w:lvlText w:val=\"%1.\"/>"), "{xml}");
        assert!(
            xml.contains("<w:ind w:left=\"567\" w:hanging=\"567\"/>"),
            "{xml}"
        );
        for (id, start) in [(1, 1), (2, 1), (3, 7)] {
            assert!(
                xml.contains(&format!("<w:num w:numId=\"{id}\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride></w:num>")),
                "{xml}"
            );
        }
        assert_eq!(xml.matches("<w:num ").count(), 3);
    }
}
