//! The YAML layer shared by report.yaml and the replies: strict options, tight
//! budgets, and serde-saphyr errors turned into our diagnostics.

use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::{Options, Spanned};

use crate::diag::{nearest, Diagnostic};

/// Largest input file accepted, per the input contract.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Options for every file we read: YAML 1.2 booleans only (`yes` stays a string,
/// so the tool decides what it means), no anchors or aliases, shallow nesting.
pub fn options() -> Options {
    let budget = serde_saphyr::budget! {
        max_anchors: 0,
        max_aliases: 0,
        max_depth: 6,
        max_documents: 1,
    };
    serde_saphyr::options! {
        strict_booleans: true,
        budget: budget,
        with_snippet: false,
    }
}

/// Parses `text` (the contents of `file`) into `T`, or one diagnostic.
pub fn parse<'de, T: Deserialize<'de>>(
    file: &Path,
    text: &'de str,
    fields: &[&str],
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| to_diagnostic(file, &e, fields))
}

fn to_diagnostic(file: &Path, err: &serde_saphyr::Error, fields: &[&str]) -> Diagnostic {
    let (line, column) = err
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((0, 0));
    let raw = err.without_snippet().to_string();
    let message = clean_message(&raw);
    let mut d = Diagnostic::error(file, line, column, message.clone());
    if let Some(field) = between_backticks(&message, "missing field `") {
        d = d.with_help(format!("add the required field `{field}:` (see FORMAT.md)"));
    }
    if let Some(name) = between_backticks(&message, "unknown field `") {
        let expected = expected_names(&message);
        let candidates: Vec<&str> = if expected.is_empty() {
            fields.to_vec()
        } else {
            expected.iter().map(String::as_str).collect()
        };
        if let Some(best) = nearest(name, candidates.iter().copied()) {
            d = d.with_help(format!("did you mean `{best}`?"));
        } else if !candidates.is_empty() {
            d = d.with_help(format!(
                "the fields allowed here are: {}",
                candidates.join(", ")
            ));
        }
    }
    d
}

/// serde-saphyr's message, cut to its first line and said in the words of
/// the input contract where we know a better wording.
fn clean_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let cut = first.find(" at line ").map_or(first, |i| &first[..i]);
    let msg = cut.trim_end_matches('.');
    if let Some(field) = between_backticks(msg, "unknown field `") {
        return format!("unknown field `{field}`");
    }
    if msg.starts_with("budget breached: Anchors")
        || msg.starts_with("budget breached: Aliases")
        || msg.contains("alias")
    {
        return "YAML anchors and aliases (`&name`, `*name`) are not allowed: write each value out"
            .into();
    }
    if msg.starts_with("budget breached: Depth")
        || msg.contains("MaxDepth")
        || msg.contains("nesting")
    {
        return "the nesting here is deeper than the format needs".into();
    }
    if msg.starts_with("budget breached") {
        return format!("the file is larger or more complex than a reply can be ({msg})");
    }
    if msg == "expected mapping start" || msg.contains("expected struct Raw") {
        return "expected a mapping of fields (`name: value` lines)".into();
    }
    if let Some(key) = msg.strip_prefix("duplicate mapping key: ") {
        let key = key.split(',').next().unwrap_or(key).trim();
        return format!("`{key}` is given twice");
    }
    if msg == "expected string scalar" {
        return "expected text here, not a list or mapping".into();
    }
    msg.to_string()
}

fn between_backticks<'a>(s: &'a str, after: &str) -> Option<&'a str> {
    let start = s.find(after)? + after.len();
    let end = s[start..].find('`')? + start;
    Some(&s[start..end])
}

fn expected_names(message: &str) -> Vec<String> {
    let Some(i) = message.find("expected one of ") else {
        return message
            .find("expected `")
            .and_then(|i| between_backticks(&message[i..], "expected `"))
            .map(|s| vec![s.to_string()])
            .unwrap_or_default();
    };
    message[i..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// A YAML mapping kept in file order, keys and values with their locations.
/// (Spanned has no `Ord`, and file order is what diagnostics should follow.)
#[derive(Debug)]
pub struct SpannedMap<K, V>(pub Vec<(Spanned<K>, Spanned<V>)>);

impl<K, V> Default for SpannedMap<K, V> {
    fn default() -> Self {
        SpannedMap(Vec::new())
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for SpannedMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for MapVisitor<K, V> {
            type Value = SpannedMap<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(SpannedMap(entries))
            }
        }
        d.deserialize_map(MapVisitor(PhantomData))
    }
}

/// A plain YAML scalar whose meaning depends on the question it answers
/// (`yes`, `40`, `true`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Int(i) => write!(f, "{i}"),
            Scalar::Float(x) => write!(f, "{x}"),
            Scalar::Text(s) => f.write_str(s),
        }
    }
}

/// Line and column of a spanned value, as our diagnostics count them.
pub fn at<T>(s: &Spanned<T>) -> (usize, usize) {
    (s.referenced.line() as usize, s.referenced.column() as usize)
}
