//! The questionnaire in the report's Markdown dialect, for its PDF: set by
//! the project's own layout (`un-report.typ`) as an annex, like any
//! document of the report. The words are [`super::text`]'s; the places to
//! answer are blank (a line, a table cell) for a reply on paper.

use super::text::{self, Block};
use crate::escape::markdown_text;
use crate::submissions::ReportConfig;

/// The numbered-Markdown document of the questionnaire of `config`.
pub fn markdown(config: &ReportConfig) -> String {
    let mut out = String::from("<!-- sgreport:annexes -->\n\n# Annex\n\n");
    for b in text::blocks(config) {
        out.push_str(&block(&b));
    }
    out
}

/// Room to write a figure by hand: a cell of em spaces.
const BLANK_CELL: &str = "\u{2003}\u{2003}\u{2003}\u{2003}\u{2003}\u{2003}";

fn block(b: &Block) -> String {
    match b {
        Block::Title(t) | Block::Subtitle(t) => format!("## {}\n\n", markdown_text(t)),
        Block::Chapter(t) => format!("### {}\n\n", markdown_text(t)),
        Block::Question(t) => format!("#### {}\n\n", markdown_text(t)),
        Block::Text(t) => format!("{}\n\n", markdown_text(t)),
        Block::Labelled { label, value, .. } => match value {
            Some(v) => format!("{}: **{}**\n\n", markdown_text(label), markdown_text(v)),
            None => format!("{}:\n\n---\n\n", markdown_text(label)),
        },
        Block::Answer(_) => "Reply:\n\n---\n\n---\n\n---\n\n".into(),
        Block::Years { years, .. } => {
            // One row of years over one of blanks: a table of two rows
            // never leaves a row alone on a page.
            let head: Vec<String> = years.iter().map(|y| y.to_string()).collect();
            let align = vec!["---:"; years.len()].join(" | ");
            let blank = vec![BLANK_CELL; years.len()].join(" | ");
            format!("| {} |\n| {align} |\n| {blank} |\n\n", head.join(" | "))
        }
    }
}
