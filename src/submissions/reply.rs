//! One reply (`submissions/**/*.yaml`), parsed and checked against report.yaml:
//! every problem of the file reported in one go (an unknown field does not hide
//! the rest), figures checked so that they add up exactly, and invisible
//! direction controls noted as warnings.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::answer::{self, SafeMarkdown};
use super::report_config::{Checker, IndicatorKind, ReportConfig};
use super::yaml::{self, at, Scalar, SpannedMap};
use crate::date::Date;
use crate::diag::Diagnostic;
use crate::members::{MemberTable, NameProblem};
use crate::suggest::nearest;

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
    /// 1.1, organizations only: given in brackets at the first mention.
    pub acronym: Option<String>,
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
    /// Warnings found while reading the file (direction controls in the text),
    /// given out by [`super::warnings`].
    pub warnings: Vec<Diagnostic>,
}

/// Line and column of a reply's fields, for diagnostics about the reply as a
/// whole (found after parsing).
#[derive(Debug, Clone, Default)]
pub struct ReplyLocations {
    pub from: (usize, usize),
    pub received: (usize, usize),
    /// indicator key -> where its value is.
    pub indicators: Vec<(String, (usize, usize))>,
    /// topic key -> where the answer's text is.
    pub answers: Vec<(String, (usize, usize))>,
}

/// The file as written. Unknown fields are found by [`yaml::unknown_keys`]
/// before this is read (so they do not stop the other checks); `from` and
/// `received` are optional here so that their absence is one more problem
/// among the others.
#[derive(Deserialize)]
struct RawReply {
    from: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    acronym: Option<Spanned<String>>,
    received: Option<Spanned<String>>,
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

/// The largest count or number accepted: with every figure at most 10^12, up
/// to 18 million figures add up in a `u64` without overflow, far more than
/// any report holds (and each is exact in an `f64`).
pub const MAX_FIGURE: u64 = 1_000_000_000_000;

/// Parses one reply. `file` is the path to print; `footnote_prefix` keeps this
/// reply's footnotes apart from every other's (see
/// [`super::footnote_prefixes`]).
pub fn parse(
    file: &Path,
    text: &str,
    config: &ReportConfig,
    footnote_prefix: &str,
) -> Result<Reply, Vec<Diagnostic>> {
    let (raw, problems) = read_raw(file, text)?;
    let mut ck = Checker { file, problems };
    let kind = sender_kind(&mut ck, &raw);
    let from = raw
        .from
        .as_ref()
        .map_or_else(String::new, |f| ck.text("from", f));
    match &raw.from {
        Some(f) if kind == SenderKind::MemberState && !from.is_empty() => {
            member_state(&mut ck, f, &from, config.date)
        }
        Some(_) if !from.is_empty() => {
            member_as_other_kind(&mut ck, &raw, &from, kind, config.date)
        }
        _ => {}
    }
    let received = raw
        .received
        .as_ref()
        .and_then(|r| ck.date("received", r))
        .unwrap_or(config.date);
    let acronym = acronym(&mut ck, &raw, kind);
    let answers = answers(&mut ck, &raw, config, text, footnote_prefix);
    let indicators = indicators(&mut ck, &raw, config);
    let statistics = statistics(&mut ck, &raw, config);
    if !ck.problems.is_empty() {
        ck.problems.sort_by_key(|d| (d.line, d.column));
        return Err(ck.problems);
    }
    Ok(Reply {
        file: file.to_path_buf(),
        from,
        kind,
        acronym,
        received,
        reference: trimmed(&raw.reference),
        language: trimmed(&raw.language),
        answers,
        indicators,
        statistics,
        at: locations(&raw),
        warnings: direction_controls(file, text, &raw)
            .into_iter()
            .chain(near_un_entity(file, &raw, kind))
            .chain(super::placeholders::warnings(file, text))
            .chain(unreferenced_notes(file, text, &raw))
            .collect(),
    })
}

/// The file read into [`RawReply`], with the problems found so far (unknown
/// and missing fields); `Err` when the file cannot be read as a reply at all.
fn read_raw(file: &Path, text: &str) -> Result<(RawReply, Vec<Diagnostic>), Vec<Diagnostic>> {
    let fields = yaml::struct_fields::<RawReply>();
    let mut problems = if yaml::plainly_allowed(text, fields) {
        Vec::new()
    } else {
        yaml::unknown_keys(file, text, fields).map_err(|d| vec![d])?
    };
    let raw: RawReply = match yaml::parse(file, text) {
        Ok(raw) => raw,
        Err(d) => {
            problems.push(d);
            return Err(problems);
        }
    };
    for (field, value) in [("from", &raw.from), ("received", &raw.received)] {
        // `recieved:` is already reported with "did you mean `received`?".
        let suggested = problems
            .iter()
            .any(|d| d.help.as_deref() == Some(&format!("did you mean `{field}`?")));
        if value.is_none() && !suggested {
            problems.push(
                Diagnostic::error(file, 0, 0, format!("missing field `{field}`")).with_help(
                    format!("add the required field `{field}:` (see docs/format.md)"),
                ),
            );
        }
    }
    Ok((raw, problems))
}

fn sender_kind(ck: &mut Checker, raw: &RawReply) -> SenderKind {
    match raw.kind.as_ref().map(|k| (k, k.value.trim())) {
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
    }
}

/// A Member State on the report's date cannot reply as a non-member State
/// or an organization: it would be listed under the wrong heading and
/// counted as not having replied.
fn member_as_other_kind(
    ck: &mut Checker,
    raw: &RawReply,
    from: &str,
    kind: SenderKind,
    date: Date,
) {
    let (Some(k), Some(state)) = (&raw.kind, MemberTable::builtin().member_named(from, date))
    else {
        return;
    };
    let as_what = match kind {
        SenderKind::Organization => "an organization",
        _ => "a non-member State",
    };
    let d = ck.error(
        k,
        format!(
            "{state} is a Member State of the United Nations on {}, not {as_what}",
            crate::style::date(date)
        ),
    );
    ck.push(d.with_help(format!("remove the line `kind:` and write `from: {state}`")));
}

/// An organization named nearly, but not exactly, as a United Nations
/// system entity: probably a typo, which would also lose the entity's
/// acronym. A warning, since another organization may have such a name.
fn near_un_entity(file: &Path, raw: &RawReply, kind: SenderKind) -> Option<Diagnostic> {
    let from = raw.from.as_ref()?;
    if kind != SenderKind::Organization {
        return None;
    }
    let near = crate::style::near_un_entity(from.value.trim())?;
    let (l, c) = at(from);
    let d = Diagnostic::warning(
        file,
        l,
        c,
        format!(
            "`{}` is close to the name of a United Nations system entity",
            from.value.trim()
        ),
    );
    Some(d.with_help(format!("did you mean `{near}`?")))
}

/// `acronym:` belongs to organizations: a State is named in full.
fn acronym(ck: &mut Checker, raw: &RawReply, kind: SenderKind) -> Option<String> {
    let a = raw.acronym.as_ref()?;
    let text = ck.text("acronym", a);
    if kind != SenderKind::Organization {
        let d = ck.error(a, "`acronym` is for organizations only");
        ck.push(d.with_help(
            "add `kind: organization`, or remove the acronym (States are named in full)",
        ));
        return None;
    }
    Some(text).filter(|t| !t.is_empty())
}

fn trimmed(s: &Option<Spanned<String>>) -> Option<String> {
    s.as_ref()
        .map(|r| r.value.trim().to_string())
        .filter(|r| !r.is_empty())
}

fn locations(raw: &RawReply) -> ReplyLocations {
    ReplyLocations {
        from: raw.from.as_ref().map_or((0, 0), at),
        received: raw.received.as_ref().map_or((0, 0), at),
        indicators: raw
            .indicators
            .0
            .iter()
            .map(|(k, v)| (k.value.clone(), at(v)))
            .collect(),
        answers: raw
            .answers
            .0
            .iter()
            .map(|(k, v)| (k.value.clone(), at(v)))
            .collect(),
    }
}

/// The answers, each made safe, keyed by declared topics.
fn answers(
    ck: &mut Checker,
    raw: &RawReply,
    config: &ReportConfig,
    text: &str,
    footnote_prefix: &str,
) -> Vec<(String, SafeMarkdown)> {
    let mut out = Vec::new();
    for (key, value) in &raw.answers.0 {
        if !config.topics.iter().any(|t| t.key == key.value) {
            let topics = config.topics.iter().map(|t| t.key.as_str());
            unknown_key(ck, "topic", key, topics);
            continue;
        }
        if value.value.trim().is_empty() {
            let d = ck.error(value, format!("the answer on `{}` is empty", key.value));
            ck.push(
                d.with_help("write the summary of the reply on this topic, or remove the line"),
            );
            continue;
        }
        match answer::sanitise(&value.value, footnote_prefix) {
            Ok(mut safe) => {
                safe.blocks = in_file(text, value, &safe.blocks);
                out.push((key.value.clone(), safe))
            }
            Err(problems) => {
                for p in problems {
                    let (line, column) = position_in_block(text, value, p.line, p.column);
                    ck.push(Diagnostic::error(ck.file, line, column, p.message).with_help(p.help));
                }
            }
        }
    }
    out
}

fn indicators(
    ck: &mut Checker,
    raw: &RawReply,
    config: &ReportConfig,
) -> Vec<(String, IndicatorValue)> {
    let mut out = Vec::new();
    for (key, value) in &raw.indicators.0 {
        let Some(ind) = config.indicators.iter().find(|i| i.key == key.value) else {
            let known = config.indicators.iter().map(|i| i.key.as_str());
            unknown_key(ck, "indicator", key, known);
            continue;
        };
        match indicator_value(ind.kind, &value.value) {
            Ok(v) => out.push((key.value.clone(), v)),
            Err(IndicatorError::Type) => {
                let (what, help) = match ind.kind {
                    IndicatorKind::YesNo => ("yes or no", "write `yes` or `no`".to_string()),
                    IndicatorKind::Number => (
                        "a number",
                        separators_help(&value.value).unwrap_or_else(|| {
                            "write the number in digits, for example `25`".into()
                        }),
                    ),
                };
                let d = ck.error(
                    value,
                    format!("`{}` takes {what}, not `{}`", key.value, value.value),
                );
                ck.push(d.with_help(help));
            }
            Err(IndicatorError::Negative) => {
                let d = ck.error(
                    value,
                    format!(
                        "`{}` is a count or a number of years and cannot be negative (`{}`)",
                        key.value, value.value
                    ),
                );
                ck.push(d.with_help(
                    "write the number without a minus sign, or leave the indicator out",
                ));
            }
            Err(IndicatorError::TooLarge) => {
                let d = too_large(ck.error(value, ""));
                ck.push(d);
            }
        }
    }
    out
}

/// A figure over [`MAX_FIGURE`], as an error at `at_`'s place.
fn too_large(at_: Diagnostic) -> Diagnostic {
    Diagnostic {
        message: "a figure this large cannot be added up exactly".into(),
        ..at_
    }
    .with_help("figures up to 1,000,000,000,000 (10^12) are accepted, so that every total is exact")
}

fn statistics(
    ck: &mut Checker,
    raw: &RawReply,
    config: &ReportConfig,
) -> Vec<(String, Vec<(i32, u64)>)> {
    let mut out = Vec::new();
    for (key, years) in &raw.statistics.0 {
        let Some(stat) = config.statistics.iter().find(|s| s.key == key.value) else {
            let known = config.statistics.iter().map(|s| s.key.as_str());
            unknown_key(ck, "statistics", key, known);
            continue;
        };
        out.push((
            key.value.clone(),
            series(ck, &key.value, &years.value, &stat.years),
        ));
    }
    out
}

/// One statistics series: year -> count, each year asked for and given once,
/// each count a whole number from 0 to [`MAX_FIGURE`]; years ascending.
fn series(
    ck: &mut Checker,
    key: &str,
    years: &SpannedMap<Scalar, Scalar>,
    asked: &[i32],
) -> Vec<(i32, u64)> {
    let mut counts: Vec<(i32, u64)> = Vec::new();
    let mut seen: Vec<(i32, (usize, usize))> = Vec::new();
    for (year, count) in &years.0 {
        // `2001:` or `"2001":`, the same year.
        let y = match &year.value {
            Scalar::Int(i) => i32::try_from(*i).ok(),
            Scalar::Text(t) => t.trim().parse().ok(),
            _ => None,
        }
        .filter(|y| asked.contains(y));
        let Some(y) = y else {
            let asked: Vec<String> = asked.iter().map(i32::to_string).collect();
            let d = ck.error(
                year,
                format!("`{key}` does not ask for the year {}", year.value),
            );
            ck.push(d.with_help(format!("the years asked for are {}", asked.join(", "))));
            continue;
        };
        if let Some((_, (l, c))) = seen.iter().find(|(s, _)| *s == y) {
            let d = ck.error(year, format!("the year {y} is given twice in `{key}`"));
            ck.push(d.with_help(format!(
                "it is given first at line {l}, column {c}; keep one"
            )));
            continue;
        }
        seen.push((y, at(year)));
        match count.value {
            Scalar::Int(n) if n < 0 => {
                let d = ck.error(count, format!("a count cannot be negative, not `{n}`"));
                ck.push(d);
            }
            Scalar::Int(n) if n as u64 > MAX_FIGURE => {
                let d = too_large(ck.error(count, ""));
                ck.push(d);
            }
            Scalar::Int(n) => counts.push((y, n as u64)),
            Scalar::Float(x) if x.fract() == 0.0 && x.abs() > MAX_FIGURE as f64 => {
                let d = too_large(ck.error(count, ""));
                ck.push(d);
            }
            _ => {
                let d = ck.error(
                    count,
                    format!("a count must be a whole number, not `{}`", count.value),
                );
                match separators_help(&count.value) {
                    Some(help) => ck.push(d.with_help(help)),
                    None => ck.push(d),
                }
            }
        }
    }
    counts.sort_unstable();
    counts
}

/// Characters that change the direction of the text around them: in print
/// they reverse what the reader sees.
const DIRECTION_CONTROLS: &[(char, &str)] = &[
    ('\u{061C}', "ARABIC LETTER MARK"),
    ('\u{200E}', "LEFT-TO-RIGHT MARK"),
    ('\u{200F}', "RIGHT-TO-LEFT MARK"),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING"),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING"),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING"),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE"),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE"),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE"),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE"),
    ('\u{2068}', "FIRST STRONG ISOLATE"),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE"),
];

/// A warning at each invisible direction control in the reply: where it is
/// typed in the file, at its own line and column; where a YAML escape
/// (`"\u202E"`) wrote it, at the start of the value that holds it.
/// `c` and its name, when it is one of [`DIRECTION_CONTROLS`]. Every one
/// of them comes after U+061C: the letters of most text are ruled out by
/// one comparison.
fn direction_control(c: char) -> Option<&'static (char, &'static str)> {
    if c < '\u{061C}' {
        return None;
    }
    DIRECTION_CONTROLS.iter().find(|(d, _)| *d == c)
}

fn direction_controls(file: &Path, text: &str, raw: &RawReply) -> Vec<Diagnostic> {
    let mut out = typed_direction_controls(file, text);
    let values = raw.answers.0.iter().map(|(_, v)| v).chain(raw.from.iter());
    for value in values {
        // Typed ones are in the file's text and already reported.
        let escaped = value
            .value
            .chars()
            .find_map(|c| direction_control(c).filter(|_| !text.contains(c)));
        if let Some((ch, name)) = escaped {
            let (l, c) = at(value);
            out.push(direction_warning(file, l, c, *ch, name));
        }
    }
    out.sort_by_key(|d| (d.line, d.column));
    out
}

/// A warning at each answer's footnote that nothing refers to.
fn unreferenced_notes(file: &Path, text: &str, raw: &RawReply) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (_, value) in &raw.answers.0 {
        for p in answer::unreferenced_notes(&value.value) {
            let (line, column) = position_in_block(text, value, p.line, p.column);
            out.push(Diagnostic::warning(file, line, column, p.message).with_help(p.help));
        }
    }
    out
}

fn direction_warning(file: &Path, line: usize, column: usize, ch: char, name: &str) -> Diagnostic {
    Diagnostic::warning(
        file,
        line,
        column,
        format!(
            "the text contains the invisible character U+{:04X} {name}, which reverses the text around it in print",
            ch as u32
        ),
    )
    .with_help("delete it (most editors do not show it)")
}

/// A warning at each direction control typed as such in `text`.
fn typed_direction_controls(file: &Path, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (l, line) in text.lines().enumerate() {
        for (c, ch) in line.chars().enumerate() {
            let Some((_, name)) = direction_control(ch) else {
                continue;
            };
            out.push(direction_warning(file, l + 1, c + 1, ch, name));
        }
    }
    out
}

/// A Member State's `from`: its official short name, a member on the
/// report's date.
fn member_state(ck: &mut Checker, at_: &Spanned<String>, name: &str, date: Date) {
    let Err(problem) = MemberTable::builtin().check(name, date) else {
        return;
    };
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

/// `1,250` is to be written `1250`: the help for a number typed with
/// separators.
fn separators_help(typed: &Scalar) -> Option<String> {
    let Scalar::Text(t) = typed else { return None };
    super::yaml_hints::plain_digits(t).map(|plain| format!("write {plain}, without separators"))
}

enum IndicatorError {
    /// Not a value of the indicator's type.
    Type,
    /// A number below zero (every number indicator is a count or a number of years).
    Negative,
    /// A number over [`MAX_FIGURE`].
    TooLarge,
}

/// `yes`, `No`, `TRUE`... for yes-no; a plain number from 0 to [`MAX_FIGURE`]
/// for number.
fn indicator_value(kind: IndicatorKind, v: &Scalar) -> Result<IndicatorValue, IndicatorError> {
    let number = |x: f64| {
        if x < 0.0 {
            Err(IndicatorError::Negative)
        } else if x > MAX_FIGURE as f64 {
            Err(IndicatorError::TooLarge)
        } else {
            Ok(IndicatorValue::Number(x))
        }
    };
    match (kind, v) {
        (IndicatorKind::YesNo, Scalar::Bool(b)) => Ok(IndicatorValue::YesNo(*b)),
        (IndicatorKind::YesNo, Scalar::Text(t)) => match t.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" => Ok(IndicatorValue::YesNo(true)),
            "no" | "false" => Ok(IndicatorValue::YesNo(false)),
            _ => Err(IndicatorError::Type),
        },
        (IndicatorKind::Number, Scalar::Int(i)) => number(*i as f64),
        (IndicatorKind::Number, Scalar::Float(x)) if x.is_finite() => number(*x),
        _ => Err(IndicatorError::Type),
    }
}

/// The blocks' positions in a scalar's text ([`answer::SafeMarkdown::blocks`])
/// as the file's lines and columns.
pub(crate) fn in_file(
    source: &str,
    value: &Spanned<String>,
    blocks: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    blocks
        .iter()
        .map(|&(l, c)| position_in_block(source, value, l, c))
        .collect()
}

/// Maps a position inside a scalar's text to the file's line and column.
/// Block scalars (`|`, `>`) start on the line after their indicator.
pub(crate) fn position_in_block(
    source: &str,
    value: &Spanned<String>,
    line: usize,
    column: usize,
) -> (usize, usize) {
    let (l, c) = at(value);
    let indicator_line = source.lines().nth(l.saturating_sub(1)).unwrap_or("");
    let first = indicator_line.chars().nth(c.saturating_sub(1));
    let is_block = matches!(first, Some('|' | '>'));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> ReportConfig {
        let text = include_str!("../../tests/fixtures/small/report.yaml");
        ReportConfig::parse(Path::new("report.yaml"), text).unwrap()
    }

    const HEAD: &str = "from: Chile\nreceived: 2004-01-05\n";

    /// `line:column: message` of each problem.
    fn problems(text: &str) -> Vec<String> {
        parse(Path::new("r.yaml"), text, &config(), "r")
            .unwrap_err()
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn an_unknown_field_does_not_hide_the_other_problems() {
        let p = problems(&format!(
            "{HEAD}answer:\n  extent: x\nindicators:\n  serious_crime: maybe\n"
        ));
        assert_eq!(
            p,
            [
                "3:1: unknown field `answer`",
                "6:18: `serious_crime` takes yes or no, not `maybe`"
            ]
        );
        let d = parse(
            Path::new("r.yaml"),
            "from: Chile\nrecieved: 2004-01-05\n",
            &config(),
            "r",
        )
        .unwrap_err();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `received`?"));
        assert_eq!(problems("from: Chile\n"), ["0:0: missing field `received`"]);
    }

    #[test]
    fn figures_that_cannot_be_counted() {
        assert_eq!(
            problems(&format!("{HEAD}indicators:\n  max_penalty_years: -5\n")),
            ["4:22: `max_penalty_years` is a count or a number of years and cannot be negative (`-5`)"]
        );
        assert_eq!(
            problems(&format!("{HEAD}statistics:\n  cases: {{2001: -3}}\n")),
            ["4:17: a count cannot be negative, not `-3`"]
        );
        assert_eq!(
            problems(&format!(
                "{HEAD}statistics:\n  cases: {{2001: 1, \"2001\": 2}}\n"
            )),
            ["4:20: the year 2001 is given twice in `cases`"]
        );
        let big = format!("{HEAD}statistics:\n  cases: {{2001: 9223372036854775807, 2002: 1}}\n");
        assert_eq!(
            problems(&big),
            ["4:17: a figure this large cannot be added up exactly"]
        );
        assert_eq!(
            problems(&format!("{HEAD}indicators:\n  max_penalty_years: 1e300\n")),
            ["4:22: a figure this large cannot be added up exactly"]
        );
        let ok = format!("{HEAD}statistics:\n  cases: {{2001: 1000000000000}}\n");
        assert!(parse(Path::new("r.yaml"), &ok, &config(), "r").is_ok());
    }

    #[test]
    fn a_near_miss_un_entity_name_is_a_warning_and_acronym_is_for_organizations() {
        let text =
            "from: United Nations Childrens Fund\nkind: organization\nreceived: 2004-01-02\n";
        let reply = parse(Path::new("r.yaml"), text, &config(), "r").unwrap();
        assert_eq!(reply.warnings.len(), 1);
        assert_eq!(
            reply.warnings[0].help.as_deref(),
            Some("did you mean `United Nations Children's Fund`?")
        );
        let exact =
            "from: United Nations Children's Fund\nkind: organization\nreceived: 2004-01-02\n";
        assert!(parse(Path::new("r.yaml"), exact, &config(), "r")
            .unwrap()
            .warnings
            .is_empty());
        let state = "from: Peru\nacronym: PE\nreceived: 2004-01-02\n";
        let errs = parse(Path::new("r.yaml"), state, &config(), "r").unwrap_err();
        assert!(
            errs[0].message.contains("for organizations only"),
            "{errs:?}"
        );
    }

    #[test]
    fn every_direction_control_is_found_by_its_quick_check() {
        for (c, name) in DIRECTION_CONTROLS {
            assert_eq!(direction_control(*c).map(|(_, n)| *n), Some(*name));
        }
        assert_eq!(direction_control('a'), None);
    }

    #[test]
    fn direction_controls_are_warnings_at_their_place() {
        let text = format!("{HEAD}answers:\n  extent: abc \u{202E}fed\n");
        let reply = parse(Path::new("r.yaml"), &text, &config(), "r").unwrap();
        let w: Vec<String> = reply
            .warnings
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect();
        assert_eq!(
            w,
            ["4:15: the text contains the invisible character U+202E RIGHT-TO-LEFT OVERRIDE, which reverses the text around it in print"]
        );
    }
}
