//! The YAML layer shared by report.yaml and the replies: strict options, tight
//! budgets, and serde-saphyr's structured errors turned into our diagnostics.

use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Error, Options, Spanned};

use crate::diag::Diagnostic;
use crate::suggest::nearest;

/// Largest input file accepted, per the input contract.
pub const MAX_FILE_BYTES: u64 = crate::read::MAX_TEXT_BYTES;

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
pub fn parse<'de, T: Deserialize<'de>>(file: &Path, text: &'de str) -> Result<T, Diagnostic> {
    parse_fields(file, text, struct_fields::<T>())
}

/// [`parse`], with the file's top-level field names given (for a type that
/// is not a struct, such as [`TopLevel`]): they help explain an error.
fn parse_fields<'de, T: Deserialize<'de>>(
    file: &Path,
    text: &'de str,
    fields: &[&str],
) -> Result<T, Diagnostic> {
    if let Some(d) = first_tag(file, text) {
        return Err(d);
    }
    serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| to_diagnostic(file, &e, text, fields))
}

/// The first YAML tag (`!!binary`, `!!str`, `!custom`) in `text`, as an
/// error: a tag changes what a value means (`!!binary` decodes base64), so a
/// value would no longer print as typed. serde-saphyr honours known tags
/// whatever its options, so its own parser is asked where the tags are. A
/// file that is not YAML at all is left to [`parse`]'s own error.
fn first_tag(file: &Path, text: &str) -> Option<Diagnostic> {
    if !text.contains('!') {
        return None;
    }
    for item in granit_parser::Parser::new_from_str(text) {
        let (event, span) = item.ok()?;
        let tag = match &event {
            granit_parser::Event::Scalar(_, _, _, tag)
            | granit_parser::Event::SequenceStart(_, _, tag)
            | granit_parser::Event::MappingStart(_, _, tag) => tag.as_ref(),
            _ => None,
        };
        if let Some(tag) = tag {
            let at = span.tag_start.unwrap_or(span.start);
            let (line, column) = (at.line(), at.col() + 1);
            let typed = text
                .lines()
                .nth(line.saturating_sub(1))
                .map(|l| l.chars().skip(at.col()).collect::<String>())
                .unwrap_or_default();
            let typed = typed.split_whitespace().next().unwrap_or("");
            let shown = if typed.starts_with('!') {
                typed.to_string()
            } else {
                tag.to_string()
            };
            let d = Diagnostic::error(file, line, column, format!("YAML tags such as `{shown}` are not allowed"))
                .with_span_len(shown.chars().count())
                .with_help("remove the tag and write the value as plain text; to begin a text with `!`, put it in quotes");
            return Some(d);
        }
    }
    None
}

/// The field names of the struct `T` deserializes as, as serde knows them
/// (renames applied): asked of `T` itself, so no list is kept by hand.
pub fn struct_fields<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields = None;
    let _ = T::deserialize(FieldNames(&mut fields));
    fields.unwrap_or(&[])
}

/// A deserializer that only records the field names a struct asks for.
struct FieldNames<'a>(&'a mut Option<&'static [&'static str]>);

impl<'de> Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = Some(fields);
        Err(serde::de::Error::custom("field names taken"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// The top-level keys of `text` that are not in `allowed`, each an error with
/// the nearest allowed name suggested; `Err` when the text is not a mapping
/// (or not YAML we accept at all).
pub fn unknown_keys(
    file: &Path,
    text: &str,
    allowed: &[&str],
) -> Result<Vec<Diagnostic>, Diagnostic> {
    let keys: TopLevel = parse_fields(file, text, allowed)?;
    Ok(keys
        .0
         .0
        .iter()
        .filter(|(k, _)| !allowed.contains(&k.value.as_str()))
        .map(|(k, _)| {
            let (line, column) = at(k);
            let d = Diagnostic::error(file, line, column, format!("unknown field `{}`", k.value));
            with_suggestion(d, &k.value, allowed)
        })
        .collect())
}

/// Whether every top-level key of `text` is plainly one of `allowed`, seen
/// without parsing: each line that starts at the left margin is a comment,
/// a document marker or `allowed_key:`. Then [`unknown_keys`] (a second,
/// full parse) has nothing to find. Anything else (a quoted key, flow style,
/// an unknown name) answers false, and the caller parses.
pub fn plainly_allowed(text: &str, allowed: &[&str]) -> bool {
    text.lines().all(|line| {
        if line.is_empty() || line.starts_with([' ', '\t', '#']) || line == "---" {
            return true;
        }
        let key_end = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(line.len());
        let (key, rest) = line.split_at(key_end);
        rest.starts_with(':')
            && rest[1..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '\t')
            && allowed.contains(&key)
    })
}

/// A file's top-level mapping, keys only. Its own type so that "not a mapping"
/// reads as for any other struct.
struct TopLevel(SpannedMap<String, serde::de::IgnoredAny>);

impl<'de> Deserialize<'de> for TopLevel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(MapVisitor::<String, serde::de::IgnoredAny>(
            PhantomData,
            "struct RawTopLevel",
        ))
        .map(TopLevel)
    }
}

fn with_suggestion(d: Diagnostic, name: &str, candidates: &[&str]) -> Diagnostic {
    if let Some(best) = nearest(name, candidates.iter().copied()) {
        d.with_help(format!("did you mean `{best}`?"))
    } else if !candidates.is_empty() {
        d.with_help(format!(
            "the fields allowed here are: {}",
            candidates.join(", ")
        ))
    } else {
        d
    }
}

fn to_diagnostic(
    file: &Path,
    err: &serde_saphyr::Error,
    text: &str,
    fields: &[&str],
) -> Diagnostic {
    let err = err.without_snippet();
    let (line, column) = err
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((0, 0));
    let message = message(err);
    let structural = !matches!(
        err,
        Error::SerdeUnknownField { .. }
            | Error::SerdeMissingField { .. }
            | Error::Budget { .. }
            | Error::DuplicateMappingKey { .. }
    ) && message != ANCHORS;
    if structural {
        let raw = first_line(&err.to_string());
        if let Some(better) = super::yaml_hints::explain(file, text, fields, &raw, line) {
            return better;
        }
    }
    let d = Diagnostic::error(file, line, column, message);
    match err {
        Error::SerdeMissingField { field, .. } => d.with_help(format!(
            "add the required field `{field}:` (see docs/format.md)"
        )),
        Error::SerdeUnknownField {
            field, expected, ..
        } => with_suggestion(d, field, expected),
        _ => d,
    }
}

const ANCHORS: &str =
    "YAML anchors and aliases (`&name`, `*name`) are not allowed: write each value out";
const MAPPING: &str = "expected a mapping of fields (`name: value` lines)";

/// What went wrong, in the words of the input contract where we know better
/// words than serde-saphyr's.
fn message(err: &Error) -> String {
    match err {
        Error::SerdeUnknownField { field, .. } => format!("unknown field `{field}`"),
        Error::SerdeMissingField { field, .. } => format!("missing field `{field}`"),
        Error::Budget { breach, .. } => match breach {
            BudgetBreach::Anchors { .. } | BudgetBreach::Aliases { .. } => ANCHORS.into(),
            BudgetBreach::Depth { .. } => "the nesting here is deeper than the format needs".into(),
            other => {
                format!("the file is larger or more complex than a reply can be (budget breached: {other:?})")
            }
        },
        Error::AliasError { .. }
        | Error::UnknownAnchor { .. }
        | Error::AliasReplayCounterOverflow { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => ANCHORS.into(),
        Error::Unexpected {
            expected: "mapping start",
            ..
        } => MAPPING.into(),
        Error::Unexpected {
            expected: "string scalar",
            ..
        } => "expected text here, not a list or mapping".into(),
        Error::SerdeInvalidType { expected, .. } if expected.starts_with("struct Raw") => {
            MAPPING.into()
        }
        Error::DuplicateMappingKey { key: Some(key), .. } => format!("`{key}` is given twice"),
        Error::DuplicateMappingKey { key: None, .. } => "a key is given twice".into(),
        other => first_line(&other.to_string()),
    }
}

/// serde-saphyr's own message, cut to its first line and without its location
/// (the diagnostic carries that).
fn first_line(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let cut = first.find(" at line ").map_or(first, |i| &first[..i]);
    cut.trim_end_matches('.').to_string()
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
        d.deserialize_map(MapVisitor(PhantomData, "a mapping"))
    }
}

/// Reads a mapping into a [`SpannedMap`]; the `&str` is what it expects.
struct MapVisitor<K, V>(PhantomData<(K, V)>, &'static str);

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for MapVisitor<K, V> {
    type Value = SpannedMap<K, V>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.1)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(SpannedMap(entries))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_files_need_no_second_parse() {
        let allowed = ["from", "received", "answers"];
        assert!(plainly_allowed(
            "# c\nfrom: Peru\nanswers:\n  x: y\n",
            &allowed
        ));
        assert!(!plainly_allowed(
            "from: Peru\nrecieved: 2004-01-01\n",
            &allowed
        ));
        assert!(!plainly_allowed("\"from\": Peru\n", &allowed));
        assert!(!plainly_allowed("{from: Peru}\n", &allowed));
        assert!(!plainly_allowed("from:x\n", &allowed));
    }
}
