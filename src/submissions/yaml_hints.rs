//! YAML structure errors in words a newcomer can act on. serde-saphyr says
//! what the grammar expected ("did not find expected key", "mapping values
//! are not allowed in this context"); the usual causes are a tab, a line
//! indented one space off, a top-level field indented under another, or a
//! number written with separators. Each is recognised from the file's text
//! around the error and named at its own line.

use std::path::Path;

use crate::diag::Diagnostic;

/// A better diagnostic for a YAML error at `line` (1-based) of `text`, or
/// `None` when none of the usual causes is found. `fields` are the file's
/// top-level field names.
pub(crate) fn explain(
    file: &Path,
    text: &str,
    fields: &[&str],
    raw_message: &str,
    line: usize,
) -> Option<Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    tab(file, &lines, raw_message, line)
        .or_else(|| top_level_key_indented(file, &lines, fields, line))
        .or_else(|| separated_number_on(file, &lines, line))
        .or_else(|| indented_off(file, &lines, line))
}

/// A tab in a line's indentation, at the line that holds it (the parser
/// may report the line before).
fn tab(file: &Path, lines: &[&str], raw_message: &str, line: usize) -> Option<Diagnostic> {
    if !raw_message.to_ascii_lowercase().contains("tab") {
        return None;
    }
    let indented_with_tab = |l: &&str| {
        l.chars()
            .take_while(|c| c.is_whitespace())
            .any(|c| c == '\t')
    };
    let near = [line, line + 1, line.saturating_sub(1)];
    let at = near
        .into_iter()
        .filter(|&n| n >= 1 && n <= lines.len())
        .find(|&n| indented_with_tab(&lines[n - 1]))
        .or_else(|| lines.iter().position(indented_with_tab).map(|i| i + 1))?;
    let column = lines[at - 1].chars().position(|c| c == '\t')? + 1;
    Some(
        Diagnostic::error(file, at, column, "YAML indents with spaces, not tabs")
            .with_span_len(1)
            .with_help("replace the tab at the start of this line with spaces"),
    )
}

/// `key:` at the start of a line (after its indentation): the key.
fn key_of(line: &str) -> Option<&str> {
    let body = line.trim_start_matches(' ');
    let end = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    let rest = &body[end..];
    let is_key =
        end > 0 && rest.starts_with(':') && rest[1..].chars().next().is_none_or(|c| c == ' ');
    is_key.then(|| &body[..end])
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// A field of the top level (`indicators:`) indented under another, at or
/// before the error.
fn top_level_key_indented(
    file: &Path,
    lines: &[&str],
    fields: &[&str],
    line: usize,
) -> Option<Diagnostic> {
    let (i, key) = lines
        .iter()
        .take(line.min(lines.len()))
        .enumerate()
        .rev()
        .find_map(|(i, l)| {
            let key = key_of(l)?;
            (indent(l) > 0 && fields.contains(&key)).then_some((i, key))
        })?;
    // The error is at that key or inside its block, not after it (a topic
    // may be named like a field: `statistics:` under `answers:`).
    let own = indent(lines[i]);
    let inside = lines[i + 1..line.min(lines.len())]
        .iter()
        .all(|l| l.trim().is_empty() || indent(l) > own);
    if !inside {
        return None;
    }
    let d = Diagnostic::error(
        file,
        i + 1,
        indent(lines[i]) + 1,
        format!("`{key}` belongs at the top level: move it to column 1"),
    )
    .with_span_len(key.chars().count());
    Some(match parent(lines, i) {
        Some(p) => d.with_help(format!(
            "indented, it is read as part of `{p}` above it; YAML reads the indentation"
        )),
        None => {
            d.with_help("YAML reads the indentation: the file's fields start at the left margin")
        }
    })
}

/// The key that line `i` is indented under: the nearest key line above it
/// with less indentation, if that key opens a block.
fn parent<'a>(lines: &[&'a str], i: usize) -> Option<&'a str> {
    let own = indent(lines[i]);
    let above = lines[..i]
        .iter()
        .rev()
        .find(|l| indent(l) < own && key_of(l).is_some())?;
    opens_block(above).then(|| key_of(above)).flatten()
}

/// Whether `line` is a key with nothing after its colon: it opens a block
/// whose lines are indented further.
fn opens_block(line: &str) -> bool {
    key_of(line).is_some() && {
        let after = &line[line.find(':').map_or(line.len(), |i| i + 1)..];
        let after = after.split(" #").next().unwrap_or("").trim();
        after.is_empty() || after == "|" || after == ">" || after.starts_with(['|', '>'])
    }
}

/// A key line at or just before the error whose indentation no key above
/// it has: one space too many or too few.
fn indented_off(file: &Path, lines: &[&str], line: usize) -> Option<Diagnostic> {
    for n in [line, line.saturating_sub(1)] {
        if n == 0 || n > lines.len() {
            continue;
        }
        let here = lines[n - 1];
        let Some(key) = key_of(here) else { continue };
        let own = indent(here);
        let above: Vec<(usize, &str)> = lines[..n - 1]
            .iter()
            .filter_map(|l| key_of(l).map(|k| (indent(l), k)))
            .collect();
        let previous = lines[..n - 1].iter().rev().find(|l| key_of(l).is_some());
        let child = previous.is_some_and(|p| opens_block(p) && indent(p) < own);
        if above.is_empty() || child || above.iter().any(|&(i, _)| i == own) {
            continue;
        }
        let (level, sibling) = above
            .iter()
            .rev()
            .min_by_key(|&&(i, _)| i.abs_diff(own))
            .copied()?;
        let off = own.abs_diff(level);
        let spaces = if off == 1 {
            "one space".to_string()
        } else {
            format!("{off} spaces")
        };
        let way = if own > level { "too far" } else { "too little" };
        let message = format!("`{key}` is indented {spaces} {way}");
        return Some(
            Diagnostic::error(file, n, own + 1, message)
                .with_span_len(key.chars().count())
                .with_help(format!(
                    "line it up with `{sibling}` above it (column {}): YAML reads the indentation",
                    level + 1
                )),
        );
    }
    None
}

/// A number written with separators (`1,250`) on the error's line.
fn separated_number_on(file: &Path, lines: &[&str], line: usize) -> Option<Diagnostic> {
    let text = lines.get(line.checked_sub(1)?)?;
    let (start, typed) = separated_numbers(text).next()?;
    let column = text[..start].chars().count() + 1;
    let plain = plain_digits(typed)?;
    Some(
        Diagnostic::error(
            file,
            line,
            column,
            format!("`{typed}` is a number written with separators"),
        )
        .with_span_len(typed.chars().count())
        .with_help(format!("write {plain}")),
    )
}

/// Separators people put between groups of three digits.
const SEPARATORS: &[char] = &[',', '\'', '\u{2019}', ' ', '\u{a0}', '\u{202f}', '\u{2009}'];

/// `1,250` -> `1250`, when `typed` is digits in groups of three after the
/// first, joined by one kind of separator; otherwise `None`.
pub(crate) fn plain_digits(typed: &str) -> Option<String> {
    let typed = typed.trim();
    let sep = typed.chars().find(|c| SEPARATORS.contains(c))?;
    let groups: Vec<&str> = typed.split(sep).collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let ok = groups.len() > 1
        && groups.iter().all(|g| digits(g))
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    ok.then(|| groups.concat())
}

/// Every `1,250`-like run in `text`, with its byte offset.
fn separated_numbers(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        // The longest digits-and-separators run from here.
        let run_end = text[i..]
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_digit() || SEPARATORS.contains(&c)))
            .map_or(text.len(), |(j, _)| i + j);
        let run = text[i..run_end].trim_end_matches(|c: char| !c.is_ascii_digit());
        if plain_digits(run).is_some() {
            found.push((i, run));
        }
        i = run_end.max(i + 1);
    }
    found.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(text: &str, fields: &[&str], raw: &str, line: usize) -> String {
        explain(Path::new("x.yaml"), text, fields, raw, line)
            .map(|d| format!("{}:{}: {} ({:?})", d.line, d.column, d.message, d.help))
            .unwrap_or_default()
    }

    #[test]
    fn numbers_with_separators_are_read_plainly() {
        assert_eq!(plain_digits("1,250").as_deref(), Some("1250"));
        assert_eq!(plain_digits("12 345 678").as_deref(), Some("12345678"));
        assert_eq!(plain_digits("1'250").as_deref(), Some("1250"));
        assert_eq!(plain_digits("1,25"), None);
        assert_eq!(plain_digits("1250"), None);
        assert_eq!(plain_digits("1,250 cases"), None);
    }

    #[test]
    fn each_cause_is_named_at_its_line() {
        let fields = ["from", "received", "answers", "indicators"];
        assert_eq!(
            hint("from: X\nanswers:\n\textent: y\n", &fields, "tabs disallowed", 2),
            "3:1: YAML indents with spaces, not tabs (Some(\"replace the tab at the start of this line with spaces\"))"
        );
        assert!(hint(
            "from: X\nanswers:\n  a: y\n  indicators:\n    k: 1\n",
            &fields,
            "expected text",
            5
        )
        .starts_with("4:3: `indicators` belongs at the top level: move it to column 1"));
        assert!(
            hint("from: X\n received: 2004\n", &fields, "mapping values", 2)
                .starts_with("2:2: `received` belongs at the top level: move it to column 1")
        );
        assert!(hint("from: X\n note: 2004\n", &fields, "mapping values", 2)
            .starts_with("2:2: `note` is indented one space too far (Some(\"line it up with `from` above it (column 1)"));
        assert!(hint(
            "from: X\nanswers:\n  a: y\n b: z\n",
            &fields,
            "did not find expected key",
            4
        )
        .starts_with("4:2: `b` is indented one space too little (Some(\"line it up with `a` above it (column 3)"));
        assert!(hint(
            "from: X\nanswers:\n  a: y\n   b: z\n",
            &fields,
            "x",
            4
        )
        .starts_with("4:4: `b` is indented one space too far (Some(\"line it up with `a` above it (column 3)"));
        assert!(
            hint("s:\n  cases: {2001: 1,250}\n", &fields, "x", 2).starts_with(
                "2:17: `1,250` is a number written with separators (Some(\"write 1250\"))"
            ),
        );
        assert_eq!(hint("from: X\nreceived: y\n", &fields, "x", 2), "");
        // A key named like a field, with the error past its block: not it.
        assert!(!hint(
            "answers:\n  indicators: text\n  other: t\nstatistics:\n  cases: [\n",
            &fields,
            "x",
            5
        )
        .contains("belongs at the top level"));
    }
}
