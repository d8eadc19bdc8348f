//! The places to answer in a questionnaire, made from report.yaml: each
//! with its tag (the key a reply uses: `answers.extent`), its title (what
//! Word shows on the control; LibreOffice keeps it when it drops the tag)
//! and the kind of control. The writer lays them out, the reader finds them
//! again by tag or title: both take them from [`fields`], so they cannot
//! disagree.

use crate::submissions::report_config::{Indicator, ReportConfig, Topic};
use crate::submissions::IndicatorKind;

/// The control a field is answered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Paragraphs, lists, emphasis, footnotes: a topic's answer.
    RichText,
    /// A drop-down of Yes and No.
    YesNo,
    /// One line of plain text holding a number.
    Number,
    /// One line of plain text (the respondent block).
    Line,
}

/// One place to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// `answers.<key>`, `indicators.<key>`, `statistics.<key>.<year>`,
    /// `from`, `reference`, `language`, or [`SYMBOL_TAG`].
    pub tag: String,
    /// The control's title: a label, then the tag in brackets, so that
    /// every title is unique and names its tag.
    pub title: String,
    pub control: Control,
}

/// The tag of the control holding the report's symbol, which tells an
/// import which report a questionnaire belongs to.
pub const SYMBOL_TAG: &str = "symbol";

/// Between the tag and `yes` or `no` in a drop-down item's value
/// (`indicators.serious_crime:yes`).
pub const YES_NO_SEPARATOR: char = ':';

/// The respondent block: tag, label.
pub const RESPONDENT: [(&str, &str); 3] = [
    ("from", "State or organization"),
    ("reference", "Reference of the reply"),
    ("language", "Language of the reply"),
];

impl Field {
    fn new(tag: String, label: &str, control: Control) -> Field {
        Field {
            title: format!("{label} [{tag}]"),
            tag,
            control,
        }
    }
}

/// Every place to answer in the questionnaire of `config`, in the order of
/// the form: the symbol, the respondent block, the topics, the indicators,
/// the statistics (a cell per year).
pub fn fields(config: &ReportConfig) -> Vec<Field> {
    let mut out = vec![Field::new(
        SYMBOL_TAG.into(),
        "Document symbol of the report",
        Control::Line,
    )];
    for (tag, label) in RESPONDENT {
        out.push(Field::new(tag.into(), label, Control::Line));
    }
    for t in &config.topics {
        out.push(topic_field(t));
    }
    for i in &config.indicators {
        out.push(indicator_field(i));
    }
    for s in &config.statistics {
        for year in &s.years {
            out.push(statistic_field(&s.key, &s.label, *year));
        }
    }
    out
}

pub fn topic_field(t: &Topic) -> Field {
    Field::new(format!("answers.{}", t.key), &t.heading, Control::RichText)
}

pub fn indicator_field(i: &Indicator) -> Field {
    let control = match i.kind {
        IndicatorKind::YesNo => Control::YesNo,
        IndicatorKind::Number => Control::Number,
    };
    Field::new(format!("indicators.{}", i.key), &capfirst(&i.says), control)
}

pub fn statistic_field(key: &str, label: &str, year: i32) -> Field {
    Field::new(
        format!("statistics.{key}.{year}"),
        &format!("{label}, {year}"),
        Control::Number,
    )
}

/// The question put on a topic: report.yaml's `question` (1.2), else one
/// made from the heading.
pub fn topic_question(t: &Topic) -> String {
    t.question.clone().unwrap_or_else(|| {
        format!(
            "Please provide information on the following: {}.",
            lower_first(&t.heading)
        )
    })
}

/// The question put on an indicator: report.yaml's `question` (1.2), else
/// one made from `says`.
pub fn indicator_question(i: &Indicator) -> String {
    if let Some(q) = &i.question {
        return q.clone();
    }
    match i.kind {
        IndicatorKind::YesNo => {
            let says = i.says.trim_end_matches('.');
            match says.strip_prefix("it ") {
                Some(rest) => format!("Please state whether your State {rest} (Yes or No)."),
                None => format!("Please state whether, in your State, {says} (Yes or No)."),
            }
        }
        IndicatorKind::Number => {
            format!("Please give {}, as a number.", i.says.trim_end_matches('.'))
        }
    }
}

/// What an empty control shows, greyed, until it is answered.
pub fn placeholder(control: Control) -> &'static str {
    match control {
        Control::YesNo => "Choose Yes or No.",
        Control::Number => "Type a number.",
        Control::RichText | Control::Line => "Click here to type.",
    }
}

/// The first letter in lower case, unless the first word is an acronym
/// (`UNODC`) or a name the heading capitalizes for itself.
fn lower_first(s: &str) -> String {
    let first_word = s.split_whitespace().next().unwrap_or("");
    let acronym = first_word.chars().filter(|c| c.is_uppercase()).count() > 1;
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if !acronym => c.to_lowercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

fn capfirst(s: &str) -> String {
    crate::style::capfirst(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_made_from_the_heading_and_the_acronym_keeps_its_case() {
        assert_eq!(lower_first("Extent of kidnapping"), "extent of kidnapping");
        assert_eq!(lower_first("UNODC assistance"), "UNODC assistance");
    }
}
