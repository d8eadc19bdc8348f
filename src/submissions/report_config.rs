//! `report.yaml`: the document being prepared. `ReportConfig::parse(&str)` is
//! pure, so tests need no files.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::answer::{self, SafeMarkdown};
use super::reply::position_in_block;
use super::yaml::{self, at, Scalar};
use crate::date::Date;
use crate::diag::Diagnostic;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Final,
    Draft,
    AdvanceUnedited,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndicatorKind {
    YesNo,
    Number,
}

/// The validated report.yaml, plain data for the later stages.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    pub symbol: String,
    pub organ: String,
    pub date: Date,
    pub original_language: String,
    pub distribution: String,
    pub job_number: Option<String>,
    pub status: Status,
    pub session: Session,
    pub title: String,
    pub report_of: String,
    pub mandate: Vec<Mandate>,
    pub note_verbale: Option<Date>,
    pub cutoff: Date,
    pub word_limit: u32,
    pub topics: Vec<Topic>,
    pub indicators: Vec<Indicator>,
    pub statistics: Vec<Statistic>,
    /// 1.1: symbols of earlier reports on the same mandate.
    pub previous_reports: Vec<String>,
    /// 1.1: the drafting officer's conclusions, as safe Markdown.
    pub conclusions: Option<SafeMarkdown>,
    /// Date and job number of the addendum, when the editor sets them.
    pub addendum_date: Option<Date>,
    pub addendum_job_number: Option<String>,
    /// `topic:<key>` / `indicator:<key>` -> where the key is declared.
    pub key_locations: Vec<(String, (usize, usize))>,
    /// The placeholder text `init` left in the file, each a warning.
    pub placeholders: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub body: String,
    pub number: u32,
    pub place: String,
    pub opens: Date,
    pub closes: Date,
    pub agenda_item: String,
    /// 1.1: the agenda item's title, printed in bold under the item line.
    pub agenda_title: Option<String>,
    pub provisional_agenda: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Mandate {
    pub resolution: String,
    pub adopted: Date,
    /// 1.1: the operative paragraph that holds the request (`10`, `10 (b)`).
    pub paragraph: Option<String>,
    /// 1.1: the request as the report restates it (`to complete his report ...`).
    pub request: Option<String>,
    /// Where the request is written in report.yaml (line, column), else
    /// where the entry starts: the source of the sentence that cites it.
    pub at: (usize, usize),
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub key: String,
    pub heading: String,
    /// 1.1: the drafting officer's synthesis, printed first in the section.
    pub overview: Option<SafeMarkdown>,
    /// 1.2: the question as the questionnaire puts it to States.
    pub question: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub key: String,
    pub kind: IndicatorKind,
    pub says: String,
    /// 1.1: `says` with more than one State as subject.
    pub says_plural: Option<String>,
    /// 1.2: the phrase for one State answering no (yes-no indicators).
    pub says_not: Option<String>,
    /// 1.2: printed after each figure (number indicators): `years`.
    pub unit: Option<String>,
    /// Where the indicator is declared (its `key:`), for warnings about it.
    pub at: (usize, usize),
    /// 1.1: the topic whose section the indicator's sentence opens.
    pub topic: Option<String>,
    /// 1.2: the question as the questionnaire puts it to States.
    pub question: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Statistic {
    pub key: String,
    pub label: String,
    pub years: Vec<i32>,
    /// Contract 1.1 `chart`: a figure of the series beside its annex table.
    pub chart: Chart,
}

/// Contract 1.1 `statistics[].chart`: `bars | lines | none`, default none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Chart {
    #[default]
    None,
    Bars,
    Lines,
}

impl Chart {
    const NAMES: [&'static str; 3] = ["bars", "lines", "none"];

    fn from_name(name: &str) -> Option<Chart> {
        match name {
            "bars" => Some(Chart::Bars),
            "lines" => Some(Chart::Lines),
            "none" => Some(Chart::None),
            _ => None,
        }
    }
}

// ---- the file as written -------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    document: Spanned<RawDocument>,
    session: Spanned<RawSession>,
    title: Spanned<String>,
    report_of: Option<Spanned<String>>,
    mandate: Option<Vec<Spanned<RawMandate>>>,
    note_verbale: Option<Spanned<String>>,
    cutoff: Spanned<String>,
    word_limit: Option<Spanned<u32>>,
    topics: Spanned<Vec<Spanned<RawTopic>>>,
    indicators: Option<Vec<Spanned<RawIndicator>>>,
    statistics: Option<Vec<Spanned<RawStatistic>>>,
    previous_reports: Option<Vec<Spanned<String>>>,
    conclusions: Option<Spanned<String>>,
    addendum: Option<RawAddendum>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    symbol: Spanned<String>,
    organ: Spanned<String>,
    date: Spanned<String>,
    original_language: Spanned<String>,
    distribution: Option<Spanned<String>>,
    job_number: Option<Spanned<String>>,
    addendum_job_number: Option<Spanned<String>>,
    status: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    body: Spanned<String>,
    number: Spanned<u32>,
    place: Spanned<String>,
    opens: Spanned<String>,
    closes: Spanned<String>,
    agenda_item: Spanned<Scalar>,
    agenda_title: Option<Spanned<String>>,
    provisional_agenda: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMandate {
    resolution: Spanned<String>,
    adopted: Spanned<String>,
    paragraph: Option<Spanned<Scalar>>,
    request: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    key: Spanned<String>,
    heading: Spanned<String>,
    overview: Option<Spanned<String>>,
    question: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    key: Spanned<String>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    says: Spanned<String>,
    says_plural: Option<Spanned<String>>,
    says_not: Option<Spanned<String>>,
    unit: Option<Spanned<String>>,
    topic: Option<Spanned<String>>,
    question: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatistic {
    key: Spanned<String>,
    label: Spanned<String>,
    years: Spanned<Vec<Spanned<i32>>>,
    chart: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAddendum {
    date: Option<Spanned<String>>,
    job_number: Option<Spanned<String>>,
}

/// Collects the problems of one file while its fields are checked one by one.
pub(crate) struct Checker<'a> {
    pub file: &'a Path,
    pub problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    pub fn error<T>(&mut self, at_: &Spanned<T>, message: impl Into<String>) -> Diagnostic {
        let (l, c) = at(at_);
        Diagnostic::error(self.file, l, c, message)
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.problems.push(d);
    }

    pub fn date(&mut self, field: &str, s: &Spanned<String>) -> Option<Date> {
        match Date::parse(s.value.trim()) {
            Ok(d) => Some(d),
            Err(e) => {
                let d = self.error(s, format!("`{field}` is not a valid date: {e}"));
                self.push(d.with_help("write dates as YYYY-MM-DD, for example 2004-03-01"));
                None
            }
        }
    }

    pub fn text(&mut self, field: &str, s: &Spanned<String>) -> String {
        let t = s.value.trim().to_string();
        if t.is_empty() {
            let d = self.error(s, format!("`{field}` is empty"));
            self.push(d);
        }
        t
    }

    /// A key such as a topic's: `[a-z0-9_]+`.
    /// Markdown typed in report.yaml (an overview, the conclusions), made
    /// safe like a reply's answer; its problems point into `source`.
    pub fn markdown(
        &mut self,
        field: &str,
        s: &Spanned<String>,
        source: &str,
        footnote_prefix: &str,
    ) -> Option<SafeMarkdown> {
        if s.value.trim().is_empty() {
            let d = self.error(s, format!("`{field}` is empty"));
            self.push(d.with_help("write the text, or remove the line"));
            return None;
        }
        match answer::sanitise(&s.value, footnote_prefix) {
            Ok(mut safe) => {
                safe.blocks = super::reply::in_file(source, s, &safe.blocks);
                Some(safe)
            }
            Err(problems) => {
                for p in problems {
                    let (line, column) = position_in_block(source, s, p.line, p.column);
                    // The checks are a reply's: name the field instead.
                    let message = p.message.replace("an answer", &format!("`{field}`"));
                    let d = Diagnostic::error(self.file, line, column, message);
                    self.push(d.with_help(p.help));
                }
                None
            }
        }
    }

    pub fn key(&mut self, s: &Spanned<String>) -> String {
        let ok = !s.value.is_empty()
            && s.value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ok {
            let d = self.error(s, format!("`{}` is not a valid key", s.value));
            self.push(d.with_help("keys use only lower-case letters, digits and `_`"));
        }
        s.value.clone()
    }
}

/// A date that is not there because it was wrong (the error is already
/// reported; the value is never used).
const NO_DATE: Date = Date {
    year: 1,
    month: 1,
    day: 1,
};

/// The document symbol, which also names the output files: no control
/// characters, and none that a file name cannot hold.
fn symbol(ck: &mut Checker, s: &Spanned<String>) -> String {
    let symbol = ck.text("symbol", s);
    if let Some(bad) = symbol
        .chars()
        .find(|c| c.is_control() || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
    {
        let d = ck.error(
            s,
            format!(
                "the symbol contains {}, which a file name cannot hold (the output files are named after the symbol)",
                if bad.is_control() {
                    format!("the control character U+{:04X}", bad as u32)
                } else {
                    format!("`{bad}`")
                }
            ),
        );
        ck.push(d.with_help("write the symbol as it is printed, for example E/CN.15/2004/7"));
    }
    if symbol.len() > MAX_SYMBOL_BYTES {
        let d = ck.error(
            s,
            format!(
                "the symbol is {} bytes long; the output files are named after it, and a symbol may have at most {MAX_SYMBOL_BYTES}",
                symbol.len()
            ),
        );
        ck.push(d.with_help(
            "a file name holds at most 255 bytes, and the addendum's names add to the symbol; write the symbol as it is printed, for example E/CN.15/2004/7",
        ));
    }
    symbol
}

/// The longest symbol accepted, in bytes (UTF-8): a file name holds 255
/// bytes, and an output's name adds up to about 60 to the symbol (the
/// addendum's `_Add.1`, `.sources.json`, the marks of a file being
/// written). United Nations symbols are shorter than 40.
pub const MAX_SYMBOL_BYTES: usize = 120;

/// The file as written, and the unknown fields found on the way: an unknown
/// field does not hide the file's other problems. serde stops at the first
/// unknown field, so each one found is recorded, its lines blanked (line
/// numbers stay as they are) and the file read again. Only a key that opens
/// its line (block style) is blanked; anything else stops there, as before.
fn parse_raw(file: &Path, text: &str) -> Result<(RawConfig, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut unknown = Vec::new();
    let mut current = text.to_string();
    // More unknown fields than this is not a report.yaml with typos.
    for _ in 0..64 {
        let d = match yaml::parse::<RawConfig>(file, &current) {
            Ok(raw) => return Ok((raw, unknown)),
            Err(d) => d,
        };
        let next = d
            .message
            .starts_with("unknown field")
            .then(|| {
                // `plase:` read as the `place:` it surely is (when there is
                // no `place:` already), so that its value is checked and no
                // "missing field" follows; otherwise the key is left out.
                suggested(&d)
                    .and_then(|name| renamed_key(&current, d.line, d.column, name))
                    .or_else(|| without_key(&current, d.line, d.column))
            })
            .flatten();
        unknown.push(d);
        match next {
            Some(t) => current = t,
            None => return Err(unknown),
        }
    }
    Err(unknown)
}

/// The field name a diagnostic suggests (`did you mean `place`?`).
fn suggested(d: &Diagnostic) -> Option<&str> {
    let help = d.help.as_deref()?;
    help.strip_prefix("did you mean `")?.strip_suffix("`?")
}

/// `text` with the key at `line`:`column` (opening its line) renamed `name`.
fn renamed_key(text: &str, line: usize, column: usize, name: &str) -> Option<String> {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let key_line = lines.get_mut(line.checked_sub(1)?)?;
    let indent = key_line.len() - key_line.trim_start().len();
    if column != indent + 1 {
        return None;
    }
    let colon = key_line[indent..].find(':')? + indent;
    key_line.replace_range(indent..colon, name);
    let at = line - 1;
    if has_sibling(&lines, at, indent, name) {
        return None;
    }
    Some(lines.join("\n"))
}

/// Whether the mapping holding line `at` (keys at `indent`) has another key
/// `name`.
fn has_sibling(lines: &[String], at: usize, indent: usize, name: &str) -> bool {
    let in_block = |l: &&String| l.trim().is_empty() || l.len() - l.trim_start().len() >= indent;
    let before = lines[..at].iter().rev().take_while(in_block);
    let after = lines[at + 1..].iter().take_while(in_block);
    before.chain(after).any(|l| {
        l.len() - l.trim_start().len() == indent
            && l.trim_start()
                .strip_prefix(name)
                .is_some_and(|r| r.starts_with(':'))
    })
}

/// `text` with the key at `line`:`column` and its value (the lines indented
/// deeper below it) blanked; none if the key does not open its line.
fn without_key(text: &str, line: usize, column: usize) -> Option<String> {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let at = line.checked_sub(1)?;
    let key_line = lines.get(at)?;
    let indent = key_line.len() - key_line.trim_start().len();
    if column != indent + 1 {
        return None;
    }
    let deeper = |l: &String| l.trim().is_empty() || l.len() - l.trim_start().len() > indent;
    let end = at + 1 + lines[at + 1..].iter().take_while(|l| deeper(l)).count();
    for l in &mut lines[at..end] {
        l.clear();
    }
    Some(lines.join("\n"))
}

impl ReportConfig {
    /// Parses and validates report.yaml. `file` is only used in messages.
    pub fn parse(file: &Path, text: &str) -> Result<ReportConfig, Vec<Diagnostic>> {
        let (raw, unknown) = parse_raw(file, text)?;
        let mut ck = Checker {
            file,
            problems: unknown,
        };
        let doc = &raw.document.value;
        let status = status(&mut ck, doc);
        let date = ck.date("date", &doc.date);
        let (opens, closes, agenda_item) = session_dates_and_item(&mut ck, &raw.session.value);
        let cutoff = ck.date("cutoff", &raw.cutoff);
        let note_verbale = raw
            .note_verbale
            .as_ref()
            .and_then(|s| ck.date("note_verbale", s));
        let mandate = mandate(&mut ck, &raw);
        let mut keys = HashSet::new();
        let topics = topics(&mut ck, &mut keys, &raw.topics, text);
        let indicators = indicators(&mut ck, &mut keys, &raw, &topics);
        let conclusions = raw
            .conclusions
            .as_ref()
            .and_then(|c| ck.markdown("conclusions", c, text, CONCLUSIONS_FOOTNOTES));
        let previous_reports = raw
            .previous_reports
            .iter()
            .flatten()
            .map(|p| ck.text("previous_reports", p))
            .collect();
        let statistics = statistics(&mut ck, &mut keys, &raw);
        let addendum = raw.addendum.as_ref();
        let addendum_date = addendum
            .and_then(|a| a.date.as_ref())
            .and_then(|s| ck.date("date", s));
        let config = ReportConfig {
            symbol: symbol(&mut ck, &doc.symbol),
            organ: ck.text("organ", &doc.organ),
            date: date.unwrap_or(NO_DATE),
            original_language: ck.text("original_language", &doc.original_language),
            distribution: doc
                .distribution
                .as_ref()
                .map_or_else(|| "General".to_string(), |d| ck.text("distribution", d)),
            job_number: doc.job_number.as_ref().map(|j| ck.text("job_number", j)),
            status,
            session: session(&mut ck, &raw.session.value, opens, closes, agenda_item),
            title: ck.text("title", &raw.title),
            report_of: raw.report_of.as_ref().map_or_else(
                || "Secretary-General".to_string(),
                |r| ck.text("report_of", r),
            ),
            mandate,
            note_verbale,
            cutoff: cutoff.unwrap_or(NO_DATE),
            word_limit: raw.word_limit.as_ref().map_or(8500, |w| w.value),
            topics,
            indicators,
            statistics,
            previous_reports,
            conclusions,
            addendum_date,
            key_locations: key_locations(&raw),
            addendum_job_number: addendum_job_number(&mut ck, doc, addendum),
            placeholders: super::placeholders::warnings(file, text),
        };
        if ck.problems.is_empty() {
            Ok(config)
        } else {
            Err(ck.problems)
        }
    }

    /// `E/CN.15/2004/7` -> `E_CN.15_2004_7`: the output file stem.
    pub fn file_stem(symbol: &str) -> String {
        crate::output::names::file_stem(symbol)
    }

    /// Whether a reply received on `received` came after the cut-off date,
    /// and so goes to the addendum.
    pub fn is_late(&self, received: Date) -> bool {
        received > self.cutoff
    }

    /// The addendum's symbol: `E/CN.15/2004/7/Add.1`.
    pub fn addendum_symbol(&self) -> String {
        format!("{}/Add.1", self.symbol)
    }

    /// The addendum's date of issue: the one report.yaml gives, else the day
    /// the last late reply came (`last_late`), never before the report's own.
    pub fn addendum_issue_date(&self, last_late: Option<Date>) -> Date {
        self.addendum_date
            .unwrap_or_else(|| last_late.unwrap_or(self.date).max(self.date))
    }
}

/// 1.2 `document.addendum_job_number`, or the same under `addendum:`
/// (`job_number`), which came first; giving both is an error.
fn addendum_job_number(
    ck: &mut Checker,
    doc: &RawDocument,
    addendum: Option<&RawAddendum>,
) -> Option<String> {
    let older = addendum.and_then(|a| a.job_number.as_ref());
    match (&doc.addendum_job_number, older) {
        (Some(j), Some(_)) => {
            let d = ck.error(j, "the addendum's job number is given twice");
            ck.push(
                d.with_help("keep `document.addendum_job_number` and remove `addendum.job_number`"),
            );
            Some(ck.text("addendum_job_number", j))
        }
        (Some(j), None) => Some(ck.text("addendum_job_number", j)),
        (None, Some(j)) => Some(ck.text("job_number", j)),
        (None, None) => None,
    }
}

fn status(ck: &mut Checker, doc: &RawDocument) -> Status {
    match doc.status.as_ref().map(|s| (s, s.value.trim())) {
        None | Some((_, "final")) => Status::Final,
        Some((_, "draft")) => Status::Draft,
        Some((_, "advance-unedited")) => Status::AdvanceUnedited,
        Some((s, other)) => {
            let d = ck.error(s, format!("unknown status `{other}`"));
            ck.push(d.with_help("use one of: final, draft, advance-unedited"));
            Status::Final
        }
    }
}

/// The session's dates (checked in order), its number and its agenda item.
fn session_dates_and_item(
    ck: &mut Checker,
    ses: &RawSession,
) -> (Option<Date>, Option<Date>, String) {
    let opens = ck.date("opens", &ses.opens);
    let closes = ck.date("closes", &ses.closes);
    if let (Some(o), Some(c)) = (opens, closes) {
        if c < o {
            let d = ck.error(&ses.closes, "the session closes before it opens");
            ck.push(d);
        }
    }
    if ses.number.value == 0 {
        let d = ck.error(&ses.number, "the session number must be 1 or more");
        ck.push(d);
    }
    let agenda_item = match &ses.agenda_item.value {
        Scalar::Int(i) if *i > 0 => i.to_string(),
        Scalar::Text(t) if !t.trim().is_empty() => t.trim().to_string(),
        other => {
            let d = ck.error(&ses.agenda_item, format!("`{other}` is not an agenda item"));
            ck.push(d.with_help("write the item's number, for example `4` or `4 (a)`"));
            String::new()
        }
    };
    (opens, closes, agenda_item)
}

fn session(
    ck: &mut Checker,
    ses: &RawSession,
    opens: Option<Date>,
    closes: Option<Date>,
    agenda_item: String,
) -> Session {
    Session {
        body: ck.text("body", &ses.body),
        number: ses.number.value,
        place: ck.text("place", &ses.place),
        opens: opens.unwrap_or(NO_DATE),
        closes: closes.unwrap_or(NO_DATE),
        agenda_item,
        agenda_title: ses
            .agenda_title
            .as_ref()
            .map(|t| ck.text("agenda_title", t)),
        provisional_agenda: ses
            .provisional_agenda
            .as_ref()
            .map(|p| ck.text("provisional_agenda", p)),
    }
}

fn mandate(ck: &mut Checker, raw: &RawConfig) -> Vec<Mandate> {
    raw.mandate
        .iter()
        .flatten()
        .map(|m| Mandate {
            resolution: ck.text("resolution", &m.value.resolution),
            adopted: ck.date("adopted", &m.value.adopted).unwrap_or(NO_DATE),
            paragraph: m.value.paragraph.as_ref().map(|p| paragraph(ck, p)),
            request: m.value.request.as_ref().map(|r| request(ck, r)),
            at: m
                .value
                .request
                .as_ref()
                .map_or_else(|| yaml::at(&m.value.resolution), yaml::at),
        })
        .collect()
}

/// An operative paragraph's number: `10`, or text such as `10 (b)`.
fn paragraph(ck: &mut Checker, p: &Spanned<Scalar>) -> String {
    match &p.value {
        Scalar::Int(i) if *i > 0 => i.to_string(),
        Scalar::Text(t) if !t.trim().is_empty() => t.trim().to_string(),
        other => {
            let d = ck.error(p, format!("`{other}` is not a paragraph of the resolution"));
            ck.push(d.with_help("write the paragraph's number, for example `10` or `10 (b)`"));
            String::new()
        }
    }
}

/// The request as the introduction restates it after "requested the
/// Secretary-General": starting with "to", with no full stop of its own (the
/// sentence adds it). Line breaks of a folded block become spaces.
fn request(ck: &mut Checker, r: &Spanned<String>) -> String {
    let text = ck.text("request", r);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    text.trim_end_matches(['.', ';']).to_string()
}

/// Footnote labels of report.yaml's Markdown: `_` never occurs in a reply's
/// prefix (see `footnote_prefixes`), so these labels never meet a reply's.
const CONCLUSIONS_FOOTNOTES: &str = "yaml_conclusions";

/// Reports a key declared twice (`keys` holds `what:key` of those seen).
fn unique(ck: &mut Checker, keys: &mut HashSet<String>, what: &str, k: &Spanned<String>) {
    if !keys.insert(format!("{what}:{}", k.value)) {
        let d = ck.error(k, format!("the {what} key `{}` is declared twice", k.value));
        ck.push(d);
    }
}

fn topics(
    ck: &mut Checker,
    keys: &mut HashSet<String>,
    raw: &Spanned<Vec<Spanned<RawTopic>>>,
    source: &str,
) -> Vec<Topic> {
    let topics: Vec<Topic> = raw
        .value
        .iter()
        .map(|t| {
            unique(ck, keys, "topic", &t.value.key);
            let key = ck.key(&t.value.key);
            let prefix = format!("yaml_overview_{key}");
            Topic {
                heading: ck.text("heading", &t.value.heading),
                overview: t
                    .value
                    .overview
                    .as_ref()
                    .and_then(|o| ck.markdown("overview", o, source, &prefix)),
                question: t.value.question.as_ref().map(|q| ck.text("question", q)),
                key,
            }
        })
        .collect();
    if topics.is_empty() {
        let d = ck.error(raw, "the report needs at least one topic");
        ck.push(d);
    }
    topics
}

fn indicators(
    ck: &mut Checker,
    keys: &mut HashSet<String>,
    raw: &RawConfig,
    topics: &[Topic],
) -> Vec<Indicator> {
    raw.indicators
        .iter()
        .flatten()
        .map(|i| {
            unique(ck, keys, "indicator", &i.value.key);
            let kind = match i.value.kind.value.trim() {
                "yes-no" => IndicatorKind::YesNo,
                "number" => IndicatorKind::Number,
                other => {
                    let d = ck.error(&i.value.kind, format!("unknown indicator type `{other}`"));
                    ck.push(d.with_help("use `yes-no` or `number`"));
                    IndicatorKind::YesNo
                }
            };
            Indicator {
                key: ck.key(&i.value.key),
                kind,
                says: ck.text("says", &i.value.says),
                says_plural: i
                    .value
                    .says_plural
                    .as_ref()
                    .map(|p| ck.text("says_plural", p)),
                says_not: kind_only(
                    ck,
                    "says_not",
                    i.value.says_not.as_ref(),
                    kind,
                    IndicatorKind::YesNo,
                ),
                unit: kind_only(
                    ck,
                    "unit",
                    i.value.unit.as_ref(),
                    kind,
                    IndicatorKind::Number,
                ),
                at: at(&i.value.key),
                topic: i
                    .value
                    .topic
                    .as_ref()
                    .map(|t| indicator_topic(ck, t, topics)),
                question: i.value.question.as_ref().map(|q| ck.text("question", q)),
            }
        })
        .collect()
}

/// A 1.2 field that only one type of indicator has (`says_not` for
/// yes-no, `unit` for number): on the other type it would print nowhere,
/// so it is an error rather than silently ignored.
fn kind_only(
    ck: &mut Checker,
    field: &str,
    value: Option<&Spanned<String>>,
    kind: IndicatorKind,
    wanted: IndicatorKind,
) -> Option<String> {
    let value = value?;
    if kind != wanted {
        let (this, other) = match wanted {
            IndicatorKind::YesNo => ("yes-no", "number"),
            IndicatorKind::Number => ("number", "yes-no"),
        };
        let d = ck.error(
            value,
            format!("`{field}` is for {this} indicators; this one is {other}"),
        );
        ck.push(d.with_help(format!("remove `{field}`, or change `type` to `{this}`")));
    }
    Some(ck.text(field, value))
}

fn statistics(ck: &mut Checker, keys: &mut HashSet<String>, raw: &RawConfig) -> Vec<Statistic> {
    raw.statistics
        .iter()
        .flatten()
        .map(|s| {
            unique(ck, keys, "statistics", &s.value.key);
            let years = statistic_years(ck, &s.value.years.value);
            if years.is_empty() {
                let d = ck.error(&s.value.years, "list at least one year");
                ck.push(d);
            }
            Statistic {
                key: ck.key(&s.value.key),
                label: ck.text("label", &s.value.label),
                years,
                chart: chart(ck, s.value.chart.as_ref()),
            }
        })
        .collect()
}

/// The years of a statistic, in order; a year listed twice is an error at
/// its second mention (its column in the table would be doubled).
fn statistic_years(ck: &mut Checker, listed: &[Spanned<i32>]) -> Vec<i32> {
    let mut years: Vec<i32> = Vec::with_capacity(listed.len());
    for y in listed {
        if years.contains(&y.value) {
            let d = ck.error(y, format!("the year {} is listed twice", y.value));
            ck.push(d.with_help("list each year once"));
        } else {
            years.push(y.value);
        }
    }
    years.sort_unstable();
    years
}

/// `chart:` is one of three words; anything else is an error that suggests
/// the nearest (so `bar` says "did you mean `bars`?").
fn chart(ck: &mut Checker, raw: Option<&Spanned<String>>) -> Chart {
    let Some(raw) = raw else {
        return Chart::None;
    };
    let name = raw.value.trim();
    if let Some(c) = Chart::from_name(name) {
        return c;
    }
    let d = ck.error(raw, format!("unknown chart `{name}`"));
    let help = match crate::suggest::nearest(name, Chart::NAMES) {
        Some(n) => format!("did you mean `{n}`? (use one of: bars, lines, none)"),
        None => "use one of: bars, lines, none".to_string(),
    };
    ck.push(d.with_help(help));
    Chart::None
}

/// An indicator's `topic:`, which must be a declared topic key.
fn indicator_topic(ck: &mut Checker, t: &Spanned<String>, topics: &[Topic]) -> String {
    let key = t.value.trim();
    if !topics.iter().any(|tp| tp.key == key) {
        let known = topics.iter().map(|tp| tp.key.as_str());
        let help = match crate::suggest::nearest(key, known) {
            Some(n) => format!("did you mean `{n}`?"),
            None => format!(
                "the topics are: {}",
                topics
                    .iter()
                    .map(|tp| tp.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let d = ck.error(
            t,
            format!("`{key}` is not a topic key declared in report.yaml"),
        );
        ck.push(d.with_help(help));
    }
    key.to_string()
}

/// `topic:<key>` / `indicator:<key>` -> where the key is declared.
fn key_locations(raw: &RawConfig) -> Vec<(String, (usize, usize))> {
    let topics = raw
        .topics
        .value
        .iter()
        .map(|t| (format!("topic:{}", t.value.key.value), at(&t.value.key)));
    let indicators = raw
        .indicators
        .iter()
        .flatten()
        .map(|i| (format!("indicator:{}", i.value.key.value), at(&i.value.key)));
    topics.chain(indicators).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "document:\n  symbol: E/CN.15/2004/7\n  organ: Economic and Social Council\n  date: 2004-03-01\n  original_language: English\nsession:\n  body: Commission\n  number: 13\n  place: Vienna\n  opens: 2004-05-11\n  closes: 2004-05-20\n  agenda_item: 4\ntitle: T\ncutoff: 2004-02-15\ntopics:\n  - key: extent\n    heading: Extent\n";

    pub(crate) fn parse(extra: &str) -> Result<ReportConfig, Vec<Diagnostic>> {
        ReportConfig::parse(Path::new("report.yaml"), &format!("{BASE}{extra}"))
    }

    fn stats(chart: &str) -> String {
        format!("statistics:\n  - key: cases\n    label: Cases\n    years: [2001]\n{chart}")
    }

    #[test]
    fn chart_defaults_to_none_and_reads_each_value() {
        assert_eq!(parse(&stats("")).unwrap().statistics[0].chart, Chart::None);
        for (w, c) in [
            ("bars", Chart::Bars),
            ("lines", Chart::Lines),
            ("none", Chart::None),
        ] {
            let cfg = parse(&stats(&format!("    chart: {w}\n"))).unwrap();
            assert_eq!(cfg.statistics[0].chart, c);
        }
    }

    #[test]
    fn an_unknown_chart_is_an_error_with_the_nearest_value() {
        let errs = parse(&stats("    chart: bar\n")).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].message.contains("unknown chart `bar`"),
            "{:?}",
            errs[0]
        );
        assert!(errs[0]
            .help
            .as_deref()
            .unwrap()
            .contains("did you mean `bars`?"));
        let errs = parse(&stats("    chart: pie\n")).unwrap_err();
        assert_eq!(
            errs[0].help.as_deref(),
            Some("use one of: bars, lines, none")
        );
    }

    #[test]
    fn contract_1_1_fields_are_optional_and_read() {
        let cfg = parse("").unwrap();
        assert!(cfg.session.agenda_title.is_none() && cfg.previous_reports.is_empty());
        assert!(cfg.conclusions.is_none() && cfg.topics[0].overview.is_none());
        let text = BASE.replace("  agenda_item: 4\n", "  agenda_item: 4\n  agenda_title: Crime\n")
            + "mandate:\n  - resolution: Economic and Social Council resolution 2003/28\n    adopted: 2003-07-22\n    paragraph: 10\n    request: >-\n      to complete\n      his report.\n"
            + "previous_reports: [E/CN.15/2003/7]\nconclusions: |\n  Done.\n"
            + "indicators:\n  - key: s\n    type: yes-no\n    says: it is\n    says_plural: they are\n    topic: extent\n";
        let cfg = ReportConfig::parse(Path::new("report.yaml"), &text).unwrap();
        assert_eq!(cfg.session.agenda_title.as_deref(), Some("Crime"));
        assert_eq!(cfg.mandate[0].paragraph.as_deref(), Some("10"));
        // Folded lines joined, the closing full stop left to the sentence.
        assert_eq!(
            cfg.mandate[0].request.as_deref(),
            Some("to complete his report")
        );
        assert_eq!(cfg.previous_reports, ["E/CN.15/2003/7"]);
        assert_eq!(cfg.conclusions.unwrap().markdown.trim(), "Done.");
        assert_eq!(cfg.indicators[0].says_plural.as_deref(), Some("they are"));
        assert_eq!(cfg.indicators[0].topic.as_deref(), Some("extent"));
    }

    #[test]
    fn an_indicator_topic_must_be_declared() {
        let errs =
            parse("indicators:\n  - key: s\n    type: yes-no\n    says: it is\n    topic: extnt\n")
                .unwrap_err();
        assert!(
            errs[0].message.contains("`extnt` is not a topic key"),
            "{errs:?}"
        );
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `extent`?"));
    }

    /// The cut-off rule at its edge: a reply received on the cut-off day is
    /// in the report; only the next day's goes to the addendum.
    #[test]
    fn a_reply_on_the_cutoff_day_is_not_late() {
        let cfg = parse("").unwrap();
        let day = |s| Date::parse(s).unwrap();
        assert!(!cfg.is_late(day("2004-02-14")));
        assert!(!cfg.is_late(day("2004-02-15")));
        assert!(cfg.is_late(day("2004-02-16")));
    }

    /// The addendum's date: report.yaml's, else the last late reply's, never
    /// before the report's own (1 March 2004).
    #[test]
    fn the_addendum_is_dated_by_report_yaml_else_its_last_reply() {
        let cfg = parse("").unwrap();
        let day = |s| Date::parse(s).unwrap();
        assert_eq!(cfg.addendum_issue_date(None), day("2004-03-01"));
        assert_eq!(
            cfg.addendum_issue_date(Some(day("2004-02-20"))),
            day("2004-03-01")
        );
        assert_eq!(
            cfg.addendum_issue_date(Some(day("2004-03-09"))),
            day("2004-03-09")
        );
        let given = ReportConfig {
            addendum_date: Some(day("2004-04-02")),
            ..cfg
        };
        assert_eq!(
            given.addendum_issue_date(Some(day("2004-03-09"))),
            day("2004-04-02")
        );
    }
}
