//! The reply file a questionnaire becomes (`import`), or the skeleton of
//! one (`add`): YAML in the reply format, fields in the format's order,
//! answers as literal blocks so their Markdown is kept line for line,
//! other text quoted where YAML would read it otherwise.

use super::error::AnswerProblem;
use super::fields::SYMBOL_TAG;
use super::numbers;
use super::read::Found;
use crate::date::Date;
use crate::submissions::report_config::ReportConfig;
use crate::submissions::{IndicatorKind, SenderKind};

/// What a filled questionnaire says, checked field by field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    pub symbol: Option<String>,
    pub from: String,
    pub reference: String,
    pub language: String,
    /// topic key -> Markdown.
    pub answers: Vec<(String, String)>,
    /// indicator key -> `yes`, `no` or a figure.
    pub indicators: Vec<(String, String)>,
    /// statistic key -> (year, figure).
    pub statistics: Vec<(String, Vec<(i32, String)>)>,
    /// The titles of the controls left blank.
    pub blank: Vec<String>,
}

/// Sorts what the controls hold into [`Answers`]; every answer that
/// cannot be imported (a figure in words, a Yes/No that is neither) is
/// reported, all at once.
pub fn sort(config: &ReportConfig, found: &[Found]) -> Result<Answers, Vec<AnswerProblem>> {
    let mut a = Answers::default();
    let mut problems = Vec::new();
    let mut answered = std::collections::HashSet::new();
    for f in found {
        if f.text.is_empty() {
            if f.tag != SYMBOL_TAG {
                a.blank.push(f.title.clone());
            }
            continue;
        }
        let problem = |(message, help): (String, String)| AnswerProblem {
            control: f.title.clone(),
            message,
            help,
        };
        // A control copied and filled twice: which one is the reply's?
        if !answered.insert(f.tag.as_str()) {
            problems.push(problem((
                "is answered twice (the control was copied)".into(),
                "keep one answer in the questionnaire and import it again".into(),
            )));
            continue;
        }
        let parts: Vec<&str> = f.tag.splitn(3, '.').collect();
        match parts.as_slice() {
            [SYMBOL_TAG] => a.symbol = Some(f.text.clone()),
            ["from"] => a.from = one_line(&f.text),
            ["reference"] => a.reference = one_line(&f.text),
            ["language"] => a.language = one_line(&f.text),
            ["answers", key] => a.answers.push((key.to_string(), f.text.clone())),
            ["indicators", key] => match indicator(config, key, &f.text) {
                Ok(v) => a.indicators.push((key.to_string(), v)),
                Err(e) => problems.push(problem(e)),
            },
            ["statistics", key, year] => match numbers::figure(&f.text, true) {
                Ok(v) => add_figure(&mut a.statistics, key, year.parse().unwrap_or(0), v),
                Err(e) => problems.push(problem(e)),
            },
            _ => {}
        }
    }
    if problems.is_empty() {
        Ok(a)
    } else {
        Err(problems)
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn indicator(config: &ReportConfig, key: &str, text: &str) -> Result<String, (String, String)> {
    let kind = config
        .indicators
        .iter()
        .find(|i| i.key == key)
        .map_or(IndicatorKind::YesNo, |i| i.kind);
    match kind {
        IndicatorKind::Number => numbers::figure(text, false),
        IndicatorKind::YesNo => match text.trim().to_lowercase().as_str() {
            "yes" => Ok("yes".into()),
            "no" => Ok("no".into()),
            _ => Err((
                format!("{:?} is neither Yes nor No", text.trim()),
                "choose Yes or No in the drop-down, or leave it blank".into(),
            )),
        },
    }
}

fn add_figure(stats: &mut Vec<(String, Vec<(i32, String)>)>, key: &str, year: i32, v: String) {
    match stats.iter_mut().find(|(k, _)| k == key) {
        Some((_, years)) => years.push((year, v)),
        None => stats.push((key.to_string(), vec![(year, v)])),
    }
}

/// The sender and the date, which the questionnaire's text does not decide
/// alone: the name as checked, the kind given, the date of receipt given.
pub struct Sender<'a> {
    pub name: &'a str,
    pub kind: SenderKind,
    pub received: Date,
}

/// The reply's YAML, with `header` (lines without `#`) as its first
/// comment.
pub fn yaml(header: &[String], sender: &Sender, a: &Answers) -> String {
    let mut y = String::new();
    for line in header {
        // A file's name may hold a line break: never out of the comment.
        let line: String = line
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        y.push_str(&format!("# {line}\n"));
    }
    y.push('\n');
    y.push_str(&format!("from: {}\n", scalar(sender.name)));
    y.push_str(&kind_line(sender.kind));
    y.push_str(&format!("received: {}\n", sender.received));
    if !a.reference.is_empty() {
        y.push_str(&format!("reference: {}\n", scalar(&a.reference)));
    }
    if !a.language.is_empty() {
        y.push_str(&format!("language: {}\n", scalar(&a.language)));
    }
    if !a.answers.is_empty() {
        y.push_str("answers:\n");
        for (key, text) in &a.answers {
            y.push_str(&format!("  {key}: |-\n"));
            for line in text.lines() {
                if line.is_empty() {
                    y.push('\n');
                } else {
                    y.push_str(&format!("    {line}\n"));
                }
            }
        }
    }
    if !a.indicators.is_empty() {
        y.push_str("indicators:\n");
        for (key, v) in &a.indicators {
            y.push_str(&format!("  {key}: {v}\n"));
        }
    }
    if !a.statistics.is_empty() {
        y.push_str("statistics:\n");
        for (key, years) in &a.statistics {
            let cells: Vec<String> = years.iter().map(|(y, v)| format!("{y}: {v}")).collect();
            y.push_str(&format!("  {key}: {{{}}}\n", cells.join(", ")));
        }
    }
    y
}

fn kind_line(kind: SenderKind) -> String {
    match kind {
        SenderKind::MemberState => String::new(),
        SenderKind::NonMemberState => "kind: non-member-state\n".into(),
        SenderKind::Organization => "kind: organization\n".into(),
    }
}

/// A one-line YAML value: plain when YAML reads it back as the same
/// string, else double-quoted (JSON's quoting is YAML's).
fn scalar(s: &str) -> String {
    let plain = s.chars().next().is_some_and(char::is_alphabetic)
        && s.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | '-' | '(' | ')' | '.' | ',' | '/' | '\'')
        })
        && !matches!(
            s.to_lowercase().as_str(),
            "yes" | "no" | "true" | "false" | "null" | "on" | "off" | "y" | "n"
        );
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).expect("a string serializes")
    }
}

/// A reply skeleton for `add`: every topic and indicator of the report with
/// its question as a comment and an empty value (`""`), which `check`
/// reports ("the answer on `extent` is empty") until the reply's text is
/// typed in or the line deleted, so a skeleton cannot pass for a reply; the
/// statistics commented out, to be filled in and uncommented.
pub fn skeleton(
    config: &ReportConfig,
    name: &str,
    kind: SenderKind,
    received: Option<Date>,
) -> String {
    use super::fields::{indicator_question, topic_question};
    let mut y = format!(
        "# Reply of {} to the questionnaire for {}, created by `sgreport add`.\n\
         # Type each answer as the reply gives it; delete the lines the reply does not answer.\n\n",
        name, config.symbol
    );
    y.push_str(&format!("from: {}\n", scalar(name)));
    y.push_str(&kind_line(kind));
    match received {
        Some(d) => y.push_str(&format!("received: {d}\n")),
        None => y.push_str(
            "received: \"\"                    # the date the reply reached the Secretariat, YYYY-MM-DD\n",
        ),
    }
    y.push_str("# reference:                    # the reply's own reference\n");
    y.push_str("# language:                     # the language of the original reply\n");
    y.push_str("answers:\n");
    for t in &config.topics {
        y.push_str(&format!(
            "  # {}\n  {}: \"\"\n",
            one_line(&topic_question(t)),
            t.key
        ));
    }
    if !config.indicators.is_empty() {
        y.push_str("indicators:\n");
        for i in &config.indicators {
            let what = match i.kind {
                IndicatorKind::YesNo => "yes or no",
                IndicatorKind::Number => "a number",
            };
            y.push_str(&format!(
                "  # {} ({what})\n  {}: \"\"\n",
                one_line(&indicator_question(i)),
                i.key
            ));
        }
    }
    if !config.statistics.is_empty() {
        y.push_str("# statistics:\n");
        for s in &config.statistics {
            let years: Vec<String> = s.years.iter().map(|y| format!("{y}: ")).collect();
            y.push_str(&format!(
                "#   # {} (a count per year; delete the years not given)\n#   {}: {{{}}}\n",
                one_line(&s.label),
                s.key,
                years.join(", ")
            ));
        }
    }
    y
}
