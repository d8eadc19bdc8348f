//! Where each numbered paragraph of a document came from, read from the
//! Document (every block carries its [`Source`], by construction: see
//! [`crate::render::provenance`]): the paragraph's own source, then those of
//! the lists, tables and paragraphs nested into it when they differ.
//! Nothing here is guessed from the text.

use serde::Serialize;

pub use crate::document::Source;
use crate::document::{Block, Document, NumberedParagraph};

/// The sources of one numbered paragraph (at least one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParagraphSources {
    pub number: u32,
    pub sources: Vec<Source>,
}

/// `output/<stem>.sources.json`.
#[derive(Debug, Clone, Serialize)]
pub struct SourcesFile<'a> {
    pub version: u32,
    pub symbol: &'a str,
    pub paragraphs: &'a [ParagraphSources],
}

/// The version of `sources.json`: 2 since sources carry a `kind`, a column,
/// report.yaml's own text and the answers an indicator's sentence counts.
pub const VERSION: u32 = 2;

/// The JSON of `output/<stem>.sources.json` (see the README).
pub fn sources_json(symbol: &str, paragraphs: &[ParagraphSources]) -> String {
    let file = SourcesFile {
        version: VERSION,
        symbol,
        paragraphs,
    };
    serde_json::to_string_pretty(&file).expect("plain data serialises") + "\n"
}

/// The sources of every numbered paragraph of `doc`, in order.
pub fn paragraph_sources(doc: &Document) -> Vec<ParagraphSources> {
    doc.numbered()
        .map(|p| ParagraphSources {
            number: p.number,
            sources: of_paragraph(p),
        })
        .collect()
}

/// A paragraph's source, then each different one of what is nested in it.
fn of_paragraph(p: &NumberedParagraph) -> Vec<Source> {
    let mut out = vec![p.source.clone()];
    let mut add = |s: &Source| {
        if !matches!(s, Source::Generated) && !out.contains(s) {
            out.push(s.clone());
        }
    };
    for b in &p.nested {
        nested_sources(b, &mut add);
    }
    out
}

fn nested_sources(b: &Block, add: &mut impl FnMut(&Source)) {
    add(b.source());
    match b {
        Block::List(l) => {
            for item in &l.items {
                add(&item.source);
                item.blocks.iter().for_each(|b| nested_sources(b, add));
            }
        }
        Block::Quote { blocks, .. } => blocks.iter().for_each(|b| nested_sources(b, add)),
        Block::Table(t) => t.general_notes.iter().for_each(|p| add(&p.source)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Inline, Paragraph};

    #[test]
    fn nested_blocks_add_their_sources_once() {
        let reply = |line| Source::Reply {
            file: "r.yaml".into(),
            line,
            column: 5,
            from: "Peru".into(),
            received: "2004-01-05".into(),
            topic: "extent".into(),
        };
        let para = |line| {
            Block::Paragraph(Paragraph {
                content: vec![Inline::Text("x".into())],
                source: reply(line),
            })
        };
        let p = NumberedParagraph {
            number: 3,
            content: Vec::new(),
            source: reply(7),
            nested: vec![para(7), para(9), para(9)],
        };
        assert_eq!(of_paragraph(&p), [reply(7), reply(9)]);
    }
}
