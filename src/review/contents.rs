//! A draft's contents read back for the Word redline: the paragraphs
//! column of each row as the changes Markdown has it, marks of changes
//! included (`5-13` changed to `5-14`), so that accepting every change
//! gives the new draft's ranges and rejecting every one the old draft's.
//! Counted again from the redline's paragraphs (the new numbers and the
//! deleted paragraphs' old ones), they would be neither.

use crate::document::build::{Flow, Item, Region};
use crate::document::{Block, Inline};

/// The paragraphs column of each row of the contents' table in `flow`, if
/// it has one.
pub(crate) fn ranges(flow: &Flow) -> Option<Vec<String>> {
    let mut region = Region::Masthead;
    for item in &flow.items {
        match item {
            Item::Region(r) => region = *r,
            Item::Block(Block::Table(t)) if region == Region::Contents => {
                let column =
                    |cells: &[Vec<Inline>]| cells.get(2).map_or(String::new(), |c| text(c));
                return Some(t.rows.iter().map(|r| column(&r.cells)).collect());
            }
            _ => {}
        }
    }
    None
}

/// The text of a cell.
fn text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) | Inline::Code(t) => t.clone(),
            Inline::Emphasis(c) | Inline::Strong(c) => text(c),
            _ => String::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::build;

    #[test]
    fn each_row_s_paragraphs_as_typed_marks_included() {
        let md = "<!-- sgreport:summary -->\n\n| a | b | c |\n| - | - | - |\n| x | y | 1 |\n\n<!-- sgreport:contents -->\n\n**Contents**\n\n|  |  | Paragraphs |\n| :--- | :--- | ---: |\n| I. | Introduction | 1-4 |\n| II. | Replies | \u{E004}5-13\u{E005}5-14\u{E006} |\n| Annex |  |  |\n\n<!-- sgreport:body -->\n";
        let flow = build::read(md, &build::NoSources);
        assert_eq!(
            ranges(&flow).unwrap(),
            ["1-4", "\u{E004}5-13\u{E005}5-14\u{E006}", ""]
        );
        let none = build::read(
            "<!-- sgreport:body -->\n\n| a |\n| - |\n| 1 |\n",
            &build::NoSources,
        );
        assert_eq!(ranges(&none), None);
    }
}
