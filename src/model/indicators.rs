//! The questionnaire's closed questions: for each indicator, who answered,
//! who said yes or no, and the numbers given (a sender's latest answer counts).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::collate::sort_key;
use crate::source::Counted;
use crate::style::grammar::{plural_agreement, with_unit};
use crate::style::{number, ser};
use crate::submissions::{IndicatorKind, IndicatorValue, Reply, ReportConfig};

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorInfo {
    pub key: String,
    pub kind: IndicatorKind,
    pub says: String,
    /// `says` with a plural subject: 1.1 `says_plural`, else (1.2) made by
    /// English agreement ([`crate::style::grammar::plural_agreement`]).
    pub says_plural: String,
    /// 1.2: the phrase for one State answering no (yes-no indicators).
    pub says_not: Option<String>,
    /// 1.2: printed after each figure (number indicators).
    pub unit: Option<String>,
    /// 1.1: the topic whose section this indicator's sentence opens.
    pub topic: Option<String>,
    /// States that answered the question (a sender's latest answer counts).
    pub answered: usize,
    /// Their names, alphabetical.
    pub answered_by: Vec<String>,
    pub yes: Vec<String>,
    pub no: Vec<String>,
    pub values: Vec<NamedValue>,
    #[serde(serialize_with = "ser::opt_number")]
    pub min: Option<f64>,
    #[serde(serialize_with = "ser::opt_number")]
    pub max: Option<f64>,
    #[serde(serialize_with = "ser::opt_number")]
    pub median: Option<f64>,
    /// Number indicators: the lowest and the highest figure, each with the
    /// States that gave it (empty when no figure was given).
    pub lowest: Extreme,
    pub highest: Extreme,
    /// The figures between the lowest and the highest, in order of size.
    pub between: Vec<NamedValue>,
    /// More figures than a sentence can give ([`IN_SENTENCE_MAX`]): they
    /// go to an annex table and the sentence gives the range only.
    pub in_annex: bool,
    /// How the text refers to that annex (`annex II`, `the annex`), set
    /// once the document's annexes are known.
    pub annex: Option<String>,
    /// Every answer the sentence counts, where it is in its reply (for the
    /// sentence's provenance; not given to the templates).
    #[serde(skip)]
    pub counted: Vec<Counted>,
}

/// Up to this many figures are given in the sentence; more go to an annex.
pub const IN_SENTENCE_MAX: usize = 5;

/// One end of a range: a figure (with its unit) and who gave it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Extreme {
    pub figure: String,
    pub states: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedValue {
    pub from: String,
    #[serde(serialize_with = "ser::number")]
    pub value: f64,
    /// The value as printed, with the indicator's unit (`40 years`).
    pub figure: String,
}

/// Every indicator of report.yaml, answered by `sorted` (the replies in
/// sender order, then by date).
pub fn summarise(config: &ReportConfig, sorted: &[&Reply]) -> Vec<IndicatorInfo> {
    // Each sender's collation key, made once for every indicator.
    let keyed: Vec<(String, &Reply)> = sorted.iter().map(|r| (sort_key(&r.from), *r)).collect();
    config
        .indicators
        .iter()
        .map(|ind| {
            let unit = ind.unit.as_deref();
            let info = summarise_one(&ind.key, ind.kind, &ind.says, &keyed, unit);
            IndicatorInfo {
                says_plural: ind
                    .says_plural
                    .clone()
                    .unwrap_or_else(|| plural_agreement(&ind.says).text),
                says_not: ind.says_not.clone(),
                unit: ind.unit.clone(),
                topic: ind.topic.clone(),
                ..info
            }
        })
        .collect()
}

fn summarise_one(
    key: &str,
    kind: IndicatorKind,
    says: &str,
    keyed: &[(String, &Reply)],
    unit: Option<&str>,
) -> IndicatorInfo {
    let latest = latest_replies(key, keyed);
    let answers = latest_answers(key, &latest);
    let pick = |want: bool| -> Vec<String> {
        answers
            .iter()
            .filter(|(_, v)| matches!(v, IndicatorValue::YesNo(b) if *b == want))
            .map(|(n, _)| n.clone())
            .collect()
    };
    let values: Vec<NamedValue> = answers
        .iter()
        .filter_map(|(n, v)| match v {
            IndicatorValue::Number(x) => Some(NamedValue {
                from: n.clone(),
                value: *x,
                figure: with_unit(&number(*x), unit),
            }),
            IndicatorValue::YesNo(_) => None,
        })
        .collect();
    let mut numbers: Vec<f64> = values.iter().map(|v| v.value).collect();
    numbers.sort_by(f64::total_cmp);
    let (lowest, highest, between) = range(&values);
    IndicatorInfo {
        key: key.to_string(),
        kind,
        says: says.to_string(),
        says_plural: String::new(),
        says_not: None,
        unit: None,
        topic: None,
        lowest,
        highest,
        between,
        in_annex: values.len() > IN_SENTENCE_MAX,
        annex: None,
        answered: answers.len(),
        answered_by: answers.iter().map(|(n, _)| n.clone()).collect(),
        yes: pick(true),
        no: pick(false),
        values,
        min: numbers.first().copied(),
        max: numbers.last().copied(),
        median: median(&numbers),
        counted: counted(key, &latest),
    }
}

/// The lowest and highest figures with the States that gave each, and the
/// figures between them, smallest first (States alphabetical at a tie).
fn range(values: &[NamedValue]) -> (Extreme, Extreme, Vec<NamedValue>) {
    let mut sorted: Vec<&NamedValue> = values.iter().collect();
    sorted.sort_by(|a, b| a.value.total_cmp(&b.value));
    let (Some(lo), Some(hi)) = (sorted.first(), sorted.last()) else {
        return Default::default();
    };
    let end = |x: f64, figure: &str| Extreme {
        figure: figure.to_string(),
        states: values
            .iter()
            .filter(|v| v.value == x)
            .map(|v| v.from.clone())
            .collect(),
    };
    let between = sorted
        .iter()
        .filter(|v| v.value != lo.value && v.value != hi.value)
        .map(|v| (*v).clone())
        .collect();
    (
        end(lo.value, &lo.figure),
        end(hi.value, &hi.figure),
        between,
    )
}

/// Each sender's latest answer on `key`, senders in alphabetical order.
fn latest_answers(key: &str, latest: &[&Reply]) -> Vec<(String, IndicatorValue)> {
    latest
        .iter()
        .filter_map(|r| {
            let v = r.indicators.iter().find(|(k, _)| k == key)?.1;
            Some((r.from.clone(), v))
        })
        .collect()
}

/// The reply whose answer on `key` counts, for each sender that answered,
/// senders in alphabetical order: one rule for the counts and for where
/// they came from.
/// `keyed`: the replies in sender order, then by date, each with its
/// sender's collation key.
fn latest_replies<'a>(key: &str, keyed: &[(String, &'a Reply)]) -> Vec<&'a Reply> {
    let mut latest: BTreeMap<&str, &Reply> = BTreeMap::new();
    for (sender, r) in keyed {
        if r.indicators.iter().any(|(k, _)| k == key) {
            latest.insert(sender, r);
        }
    }
    latest.into_values().collect()
}

/// Where each counted answer on `key` is: file, line and column.
fn counted(key: &str, latest: &[&Reply]) -> Vec<Counted> {
    latest
        .iter()
        .map(|r| {
            let (line, column) =
                r.at.indicators
                    .iter()
                    .find(|(k, _)| k == key)
                    .map_or(r.at.from, |(_, at)| *at);
            Counted {
                file: crate::source::source_file(&r.file),
                line,
                column,
                from: r.from.clone(),
            }
        })
        .collect()
}

/// The middle value of sorted numbers (the mean of the two middle ones).
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}
