//! What the questionnaire says, in order, as blocks that the Word writer
//! ([`super::write`]) and the PDF's Markdown ([`super::layout`]) each lay
//! out: the words are chosen once, here.

use super::fields::{self, RESPONDENT, SYMBOL_TAG};
use crate::style;
use crate::submissions::ReportConfig;

/// One piece of the questionnaire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// "Questionnaire".
    Title(String),
    /// The report's title.
    Subtitle(String),
    /// A chapter: "I. Respondent".
    Chapter(String),
    /// A question's heading: "1. Extent of and trends in kidnapping".
    Question(String),
    /// A paragraph of plain text.
    Text(String),
    /// `label: [control]` on one line; `value` fills the control (the
    /// symbol).
    Labelled {
        label: String,
        tag: String,
        value: Option<String>,
    },
    /// A topic's rich text answer.
    Answer(String),
    /// A statistic's row of cells, a control per year.
    Years { tags: Vec<String>, years: Vec<i32> },
}

/// The questionnaire of `config`, block by block.
pub fn blocks(config: &ReportConfig) -> Vec<Block> {
    let mut out = vec![
        Block::Title("Questionnaire".into()),
        Block::Subtitle(config.title.clone()),
    ];
    out.push(Block::Text(introduction(config)));
    out.push(Block::Labelled {
        label: "Document symbol of the report".into(),
        tag: SYMBOL_TAG.into(),
        value: Some(config.symbol.clone()),
    });
    out.push(Block::Text(format!(
        "Please return the completed questionnaire by {}. Replies received after that date will be reflected in an addendum to the report. Leave blank any question you do not answer; do not change the text of the questionnaire.",
        style::date(config.cutoff)
    )));
    let mut chapters = Chapters(0);
    out.push(chapters.next("Respondent"));
    for (tag, label) in RESPONDENT {
        out.push(Block::Labelled {
            label: label.into(),
            tag: tag.into(),
            value: None,
        });
    }
    out.push(chapters.next("Questions"));
    let mut n = 0;
    for t in &config.topics {
        n += 1;
        out.push(Block::Question(format!("{n}. {}", t.heading)));
        out.push(Block::Text(fields::topic_question(t)));
        out.push(Block::Answer(fields::topic_field(t).tag));
    }
    for i in &config.indicators {
        n += 1;
        out.push(Block::Question(format!(
            "{n}. {}",
            fields::indicator_question(i)
        )));
        out.push(Block::Labelled {
            label: "Reply".into(),
            tag: fields::indicator_field(i).tag,
            value: None,
        });
    }
    if !config.statistics.is_empty() {
        out.push(chapters.next("Statistics"));
        out.push(Block::Text(
            "Please give the figure for each year in digits, without separators (write 1250); leave a cell blank where no figure is available.".into(),
        ));
    }
    for s in &config.statistics {
        n += 1;
        out.push(Block::Question(format!("{n}. {}", s.label)));
        out.push(Block::Years {
            tags: s
                .years
                .iter()
                .map(|y| fields::statistic_field(&s.key, &s.label, *y).tag)
                .collect(),
            years: s.years.clone(),
        });
    }
    out
}

/// Why the questionnaire is sent: the mandate and the note verbale.
fn introduction(config: &ReportConfig) -> String {
    let mandate: Vec<String> = config
        .mandate
        .iter()
        .map(|m| format!("{} of {}", m.resolution, style::date(m.adopted)))
        .collect();
    let sent = match config.note_verbale {
        Some(d) => format!(
            "The present questionnaire is annexed to the note verbale of {} by which the {} invited replies",
            style::date(d),
            config.report_of
        ),
        None => format!(
            "The present questionnaire is annexed to the note verbale by which the {} invited replies",
            config.report_of
        ),
    };
    if mandate.is_empty() {
        format!("{sent} for the report to the {}.", config.session.body)
    } else {
        format!(
            "{sent} for the report requested in {}.",
            style::and_list(&mandate)
        )
    }
}

/// Chapter numbers: I, II, III.
struct Chapters(usize);

impl Chapters {
    fn next(&mut self, title: &str) -> Block {
        const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
        let n = ROMAN[self.0];
        self.0 += 1;
        Block::Chapter(format!("{n}. {title}"))
    }
}
