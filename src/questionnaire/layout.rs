//! The questionnaire in the report's Markdown dialect, for its PDF: set by
//! the project's own layout (`un-report.typ`) as an annex, like any
//! document of the report. The words are [`super::text`]'s; the places to
//! answer are blank (a line, a table cell) for a reply on paper.

use super::fields::RESPONDENT;
use super::text::{self, Block};
use crate::escape::markdown_text;
use crate::submissions::ReportConfig;

/// The numbered-Markdown document of the questionnaire of `config`.
pub fn markdown(config: &ReportConfig) -> String {
    let mut out = String::from("<!-- sgreport:annexes -->\n\n# Annex\n\n");
    let blocks = text::blocks(config);
    let mut i = 0;
    while i < blocks.len() {
        // The respondent block is one table of labels and blank cells.
        if let Block::Labelled { tag, .. } = &blocks[i] {
            if tag == RESPONDENT[0].0 {
                out.push_str(&respondent_table());
                i += RESPONDENT.len();
                continue;
            }
        }
        out.push_str(&block(&blocks[i]));
        i += 1;
    }
    out
}

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
            let head: Vec<String> = years.iter().map(|y| y.to_string()).collect();
            let align = vec!["---:"; years.len()].join(" | ");
            let blank = vec![" "; years.len()].join(" | ");
            format!("| {} |\n| {align} |\n| {blank} |\n\n", head.join(" | "))
        }
    }
}

fn respondent_table() -> String {
    let mut t = String::from("|  |  |\n| :--- | :--- |\n");
    for (_, label) in RESPONDENT {
        t.push_str(&format!("| {} |  |\n", markdown_text(label)));
    }
    t.push('\n');
    t
}
