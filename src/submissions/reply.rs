//! One reply (`submissions/**/*.yaml`), parsed and checked against report.yaml.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::answer::{self, SafeMarkdown};
use super::report_config::{Checker, IndicatorKind, ReportConfig};
use super::yaml::{self, at, Scalar, SpannedMap};
use crate::date::Date;
use crate::diag::{nearest, Diagnostic};
use crate::members::{MemberTable, NameProblem, RegionalGroup};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SenderKind {
    MemberState,
    NonMemberState,
    Organization,
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum IndicatorValue {
    YesNo(bool),
    Number(f64),
}

/// A reply as the later stages see it: validated, answers made safe.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Relative to the project folder, as messages print it.
    pub file: PathBuf,
    pub from: String,
    pub kind: SenderKind,
    /// The Member State's regional group in 2004, for Member States.
    pub group: Option<RegionalGroup>,
    pub received: Date,
    pub reference: Option<String>,
    pub language: Option<String>,
    /// In the file's order; keys are topic keys.
    pub answers: Vec<(String, SafeMarkdown)>,
    pub indicators: Vec<(String, IndicatorValue)>,
    /// statistics key -> (year, count), years ascending.
    pub statistics: Vec<(String, Vec<(i32, u64)>)>,
    /// Where things are in the file, for warnings found later.
    pub at: ReplyLocations,
}

/// Line and column of a reply's fields, for diagnostics about the reply as a
/// whole (found after parsing).
#[derive(Debug, Clone, Default)]
pub struct ReplyLocations {
    pub from: (usize, usize),
    pub received: (usize, usize),
    /// indicator key -> where its value is.
    pub indicators: Vec<(String, (usize, usize))>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReply {
    from: Spanned<String>,
    kind: Option<Spanned<String>>,
    received: Spanned<String>,
    reference: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    #[serde(default)]
    answers: SpannedMap<String, String>,
    #[serde(default)]
    indicators: SpannedMap<String, Scalar>,
    #[serde(default)]
    statistics: SpannedMap<String, SpannedMap<Scalar, Scalar>>,
    #[allow(dead_code)]
    internal_note: Option<Spanned<String>>,
}

const FIELDS: &[&str] = &[
    "from",
    "kind",
    "received",
    "reference",
    "language",
    "answers",
    "indicators",
    "statistics",
    "internal_note",
];

/// Parses one reply. `file` is the path to print; `footnote_prefix` keeps this
/// reply's footnotes apart from every other's.
pub fn parse(
    file: &Path,
    text: &str,
    config: &ReportConfig,
    footnote_prefix: &str,
) -> Result<Reply, Vec<Diagnostic>> {
    let raw: RawReply = yaml::parse(file, text, FIELDS).map_err(|d| vec![d])?;
    let mut ck = Checker {
        file,
        problems: Vec::new(),
    };

    let kind = match raw.kind.as_ref().map(|k| (k, k.value.trim())) {
        None | Some((_, "member-state")) => SenderKind::MemberState,
        Some((_, "non-member-state")) => SenderKind::NonMemberState,
        Some((_, "organization")) => SenderKind::Organization,
        Some((k, other)) => {
            let kinds = ["member-state", "non-member-state", "organization"];
            let help = match nearest(other, kinds) {
                Some(n) => format!("did you mean `{n}`?"),
                None => "use one of: member-state, non-member-state, organization".into(),
            };
            let d = ck.error(k, format!("unknown kind `{other}`"));
            ck.push(d.with_help(help));
            SenderKind::MemberState
        }
    };
    let from = ck.text("from", &raw.from);
    let group = if kind == SenderKind::MemberState && !from.is_empty() {
        sender_group(&mut ck, &raw.from, &from, config.date)
    } else {
        None
    };
    let received = ck.date("received", &raw.received).unwrap_or(config.date);

    let answers = raw
        .answers
        .0
        .iter()
        .filter_map(|(key, value)| {
            let topics = config.topics.iter().map(|t| t.key.as_str());
            if !config.topics.iter().any(|t| t.key == key.value) {
                unknown_key(&mut ck, "topic", key, topics);
                return None;
            }
            if value.value.trim().is_empty() {
                let d = ck.error(value, format!("the answer on `{}` is empty", key.value));
                ck.push(
                    d.with_help("write the summary of the reply on this topic, or remove the line"),
                );
                return None;
            }
            match answer::sanitise(&value.value, footnote_prefix) {
                Ok(safe) => Some((key.value.clone(), safe)),
                Err(problems) => {
                    for p in problems {
                        let (line, column) = position_in_block(text, value, p.line, p.column);
                        ck.push(Diagnostic::error(file, line, column, p.message).with_help(p.help));
                    }
                    None
                }
            }
        })
        .collect();

    let indicators = raw
        .indicators
        .0
        .iter()
        .filter_map(|(key, value)| {
            let Some(ind) = config.indicators.iter().find(|i| i.key == key.value) else {
                unknown_key(
                    &mut ck,
                    "indicator",
                    key,
                    config.indicators.iter().map(|i| i.key.as_str()),
                );
                return None;
            };
            let v = indicator_value(ind.kind, &value.value);
            if v.is_none() {
                let (what, help) = match ind.kind {
                    IndicatorKind::YesNo => ("yes or no", "write `yes` or `no`"),
                    IndicatorKind::Number => {
                        ("a number", "write the number in digits, for example `25`")
                    }
                };
                let d = ck.error(
                    value,
                    format!("`{}` takes {what}, not `{}`", key.value, value.value),
                );
                ck.push(d.with_help(help));
            }
            Some((key.value.clone(), v?))
        })
        .collect();

    let statistics = raw
        .statistics
        .0
        .iter()
        .filter_map(|(key, years)| {
            let Some(stat) = config.statistics.iter().find(|s| s.key == key.value) else {
                unknown_key(
                    &mut ck,
                    "statistics",
                    key,
                    config.statistics.iter().map(|s| s.key.as_str()),
                );
                return None;
            };
            let mut counts = Vec::new();
            for (year, count) in &years.value.0 {
                // `2001:` or `"2001":`, the same year.
                let y = match &year.value {
                    Scalar::Int(i) => i32::try_from(*i).ok(),
                    Scalar::Text(t) => t.trim().parse().ok(),
                    _ => None,
                }
                .filter(|y| stat.years.contains(y));
                let Some(y) = y else {
                    let asked: Vec<String> = stat.years.iter().map(i32::to_string).collect();
                    let d = ck.error(
                        year,
                        format!("`{}` does not ask for the year {}", key.value, year.value),
                    );
                    ck.push(d.with_help(format!("the years asked for are {}", asked.join(", "))));
                    continue;
                };
                match count.value {
                    Scalar::Int(n) if n >= 0 => counts.push((y, n as u64)),
                    _ => {
                        let d = ck.error(
                            count,
                            format!("a count must be a whole number, not `{}`", count.value),
                        );
                        ck.push(d);
                    }
                }
            }
            counts.sort_unstable();
            Some((key.value.clone(), counts))
        })
        .collect();

    if !ck.problems.is_empty() {
        return Err(ck.problems);
    }
    Ok(Reply {
        file: file.to_path_buf(),
        from,
        kind,
        group,
        received,
        reference: raw
            .reference
            .as_ref()
            .map(|r| r.value.trim().to_string())
            .filter(|r| !r.is_empty()),
        language: raw
            .language
            .as_ref()
            .map(|r| r.value.trim().to_string())
            .filter(|r| !r.is_empty()),
        answers,
        indicators,
        statistics,
        at: ReplyLocations {
            from: at(&raw.from),
            received: at(&raw.received),
            indicators: raw
                .indicators
                .0
                .iter()
                .map(|(k, v)| (k.value.clone(), at(v)))
                .collect(),
        },
    })
}

fn sender_group(
    ck: &mut Checker,
    at_: &Spanned<String>,
    name: &str,
    date: Date,
) -> Option<RegionalGroup> {
    match MemberTable::builtin().check(name, date) {
        Ok(state) => Some(state.group()),
        Err(problem) => {
            let help = match &problem {
                NameProblem::UseOfficialName { official, .. } => Some(format!("write `from: {official}`")),
                NameProblem::Unknown { suggestion: Some(s), .. } => Some(format!("did you mean `{s}`?")),
                NameProblem::NotYetMember { .. } | NameProblem::NoLongerMember { .. } | NameProblem::Unknown { .. } => {
                    Some("a sender that is not a Member State needs `kind: non-member-state` or `kind: organization`".into())
                }
            };
            let mut d = ck.error(at_, problem.to_string());
            if let Some(h) = help {
                d = d.with_help(h);
            }
            ck.push(d);
            None
        }
    }
}

fn unknown_key<'a>(
    ck: &mut Checker,
    what: &str,
    key: &Spanned<String>,
    known: impl Iterator<Item = &'a str>,
) {
    let known: Vec<&str> = known.collect();
    let help = match nearest(&key.value, known.iter().copied()) {
        Some(n) => format!("did you mean `{n}`?"),
        None if known.is_empty() => format!("report.yaml declares no {what} keys"),
        None => format!("report.yaml declares: {}", known.join(", ")),
    };
    let d = ck.error(
        key,
        format!(
            "`{}` is not a {what} key declared in report.yaml",
            key.value
        ),
    );
    ck.push(d.with_help(help));
}

/// `yes`, `No`, `TRUE`... for yes-no; a plain number for number.
fn indicator_value(kind: IndicatorKind, v: &Scalar) -> Option<IndicatorValue> {
    match (kind, v) {
        (IndicatorKind::YesNo, Scalar::Bool(b)) => Some(IndicatorValue::YesNo(*b)),
        (IndicatorKind::YesNo, Scalar::Text(t)) => match t.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" => Some(IndicatorValue::YesNo(true)),
            "no" | "false" => Some(IndicatorValue::YesNo(false)),
            _ => None,
        },
        (IndicatorKind::Number, Scalar::Int(i)) => Some(IndicatorValue::Number(*i as f64)),
        (IndicatorKind::Number, Scalar::Float(x)) if x.is_finite() => {
            Some(IndicatorValue::Number(*x))
        }
        _ => None,
    }
}

/// Maps a position inside a scalar's text to the file's line and column.
/// Block scalars (`|`, `>`) start on the line after their indicator.
fn position_in_block(
    source: &str,
    value: &Spanned<String>,
    line: usize,
    column: usize,
) -> (usize, usize) {
    let (l, c) = at(value);
    let indicator_line = source.lines().nth(l.saturating_sub(1)).unwrap_or("");
    let rest = indicator_line
        .chars()
        .skip(c.saturating_sub(1))
        .collect::<String>();
    let is_block = rest.starts_with('|') || rest.starts_with('>');
    // serde-saphyr places a block scalar at its indicator or at its first line.
    if is_block || line > 0 {
        let file_line = if is_block { l + 1 + line } else { l + line };
        let text_line = source.lines().nth(file_line - 1).unwrap_or("");
        let indent = text_line.len() - text_line.trim_start().len();
        (file_line, indent + column + 1)
    } else {
        (l, c + column)
    }
}
