//! The questionnaire's closed questions: for each indicator, who answered,
//! who said yes or no, and the numbers given (a sender's latest answer counts).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::collate::sort_key;
use crate::source::Counted;
use crate::style::ser;
use crate::submissions::{IndicatorKind, IndicatorValue, Reply, ReportConfig};

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorInfo {
    pub key: String,
    pub kind: IndicatorKind,
    pub says: String,
    /// 1.1: `says` with a plural subject; none means the sentences are built
    /// so that they never need it.
    pub says_plural: Option<String>,
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
    /// Every answer the sentence counts, where it is in its reply (for the
    /// sentence's provenance; not given to the templates).
    #[serde(skip)]
    pub counted: Vec<Counted>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedValue {
    pub from: String,
    #[serde(serialize_with = "ser::number")]
    pub value: f64,
}

/// Every indicator of report.yaml, answered by `sorted` (the replies in
/// sender order, then by date).
pub fn summarise(config: &ReportConfig, sorted: &[&Reply]) -> Vec<IndicatorInfo> {
    config
        .indicators
        .iter()
        .map(|ind| IndicatorInfo {
            says_plural: ind.says_plural.clone(),
            topic: ind.topic.clone(),
            ..summarise_one(&ind.key, ind.kind, &ind.says, sorted)
        })
        .collect()
}

fn summarise_one(key: &str, kind: IndicatorKind, says: &str, sorted: &[&Reply]) -> IndicatorInfo {
    let answers = latest_answers(key, sorted);
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
            }),
            IndicatorValue::YesNo(_) => None,
        })
        .collect();
    let mut numbers: Vec<f64> = values.iter().map(|v| v.value).collect();
    numbers.sort_by(f64::total_cmp);
    IndicatorInfo {
        key: key.to_string(),
        kind,
        says: says.to_string(),
        says_plural: None,
        topic: None,
        answered: answers.len(),
        answered_by: answers.iter().map(|(n, _)| n.clone()).collect(),
        yes: pick(true),
        no: pick(false),
        values,
        min: numbers.first().copied(),
        max: numbers.last().copied(),
        median: median(&numbers),
        counted: counted(key, sorted),
    }
}

/// Each sender's latest answer on `key`, senders in alphabetical order.
fn latest_answers(key: &str, sorted: &[&Reply]) -> Vec<(String, IndicatorValue)> {
    latest_replies(key, sorted)
        .into_iter()
        .filter_map(|r| {
            let v = r.indicators.iter().find(|(k, _)| k == key)?.1;
            Some((r.from.clone(), v))
        })
        .collect()
}

/// The reply whose answer on `key` counts, for each sender that answered,
/// senders in alphabetical order: one rule for the counts and for where
/// they came from.
fn latest_replies<'a>(key: &str, sorted: &[&'a Reply]) -> Vec<&'a Reply> {
    let mut latest: BTreeMap<String, &Reply> = BTreeMap::new();
    for r in sorted {
        if r.indicators.iter().any(|(k, _)| k == key) {
            latest.insert(sort_key(&r.from), r);
        }
    }
    latest.into_values().collect()
}

/// Where each counted answer on `key` is: file, line and column.
fn counted(key: &str, sorted: &[&Reply]) -> Vec<Counted> {
    latest_replies(key, sorted)
        .into_iter()
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
