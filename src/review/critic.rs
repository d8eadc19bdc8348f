//! The changes Markdown: a summary, then the new draft with word-level
//! CriticMarkup marks (`{++inserted++}`, `{--deleted--}`,
//! `{~~old~>new~~}`).
//!
//! Only the marks this module writes are marks: in the drafts' own text
//! every `{` and `}` is escaped (`\{`, `\}`, which Markdown shows as typed),
//! and so is a `~` before `>`, so a reply that types `{++` or `~>` shows it.

use std::fmt::Write as _;

use super::diff::{Comparison, Entry, Piece};
use super::draft::{Draft, Unit};
use super::table;
use crate::escape::markdown_text;
use crate::style::{and_list, count};

/// The comment that opens a changes Markdown.
pub const CHANGES_MARKER: &str = "<!-- sgreport:changes -->";

/// What changed, by numbered paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// New numbers.
    pub added: Vec<u32>,
    /// Old numbers.
    pub removed: Vec<u32>,
    /// New numbers.
    pub changed: Vec<u32>,
    /// (old, new) numbers of paragraphs whose text is the same.
    pub renumbered: Vec<(u32, u32)>,
    /// Other parts (headings, contents, tables, annexes) changed, added or removed.
    pub other: usize,
    /// Senders of, and named in the changes of, the paragraphs concerned.
    pub senders: Vec<String>,
}

impl Summary {
    /// Sums up `c`; `names` are the names to look for in changed text (the
    /// Member States' short names and the senders of both drafts).
    pub fn of(c: &Comparison, names: &[String]) -> Summary {
        let mut s = Summary::default();
        let mut senders: Vec<String> = Vec::new();
        for e in &c.entries {
            if let Entry::Same { old, new } = e {
                let (o, n) = (c.old.units[*old].number, c.new.units[*new].number);
                if let (Some(o), Some(n)) = (o, n) {
                    if o != n {
                        s.renumbered.push((o, n));
                    }
                }
                continue;
            }
            senders.extend(concerned(c, e, names));
            let (draft, unit) = match e {
                Entry::Changed { new, .. } | Entry::Added { new } => (&c.new, *new),
                Entry::Removed { old } => (&c.old, *old),
                Entry::Same { .. } => unreachable!("handled above"),
            };
            let list = match e {
                Entry::Changed { .. } => &mut s.changed,
                Entry::Added { .. } => &mut s.added,
                _ => &mut s.removed,
            };
            match draft.units[unit].number {
                Some(n) => list.push(n),
                None => s.other += 1,
            }
        }
        senders.sort();
        senders.dedup();
        s.senders = senders;
        s
    }

    /// The summary as plain lines (for the terminal and, escaped, the Markdown).
    pub fn lines(&self) -> Vec<(Kind, String)> {
        // A count of none is plain.
        let kind = |v: &[u32], k: Kind| if v.is_empty() { Kind::Plain } else { k };
        let numbers = |v: &[u32]| list(v.iter().map(u32::to_string));
        let mut out = vec![
            (
                kind(&self.added, Kind::Added),
                format!(
                    "Paragraphs added: {}{}",
                    self.added.len(),
                    numbers(&self.added)
                ),
            ),
            (
                kind(&self.removed, Kind::Removed),
                format!(
                    "Paragraphs removed: {}{}",
                    self.removed.len(),
                    numbers(&self.removed)
                ),
            ),
            (
                kind(&self.changed, Kind::Changed),
                format!(
                    "Paragraphs changed: {}{}",
                    self.changed.len(),
                    numbers(&self.changed)
                ),
            ),
            (
                Kind::Plain,
                format!(
                    "Paragraphs renumbered only: {}{}",
                    self.renumbered.len(),
                    list(self.renumbered.iter().map(|(o, n)| format!("{o} → {n}")))
                ),
            ),
            (
                Kind::Plain,
                format!(
                    "Other parts changed (headings, contents, tables, annexes): {}",
                    self.other
                ),
            ),
        ];
        out.push((
            Kind::Plain,
            if self.senders.is_empty() {
                "Senders concerned: none".to_string()
            } else {
                format!("Senders concerned: {}", and_list(&self.senders))
            },
        ));
        out
    }

    /// `3 paragraphs added, ...` in one line.
    pub fn one_line(&self) -> String {
        format!(
            "{} added, {} removed, {} changed, {} renumbered only",
            count(self.added.len(), "paragraph", "paragraphs"),
            self.removed.len(),
            self.changed.len(),
            self.renumbered.len()
        )
    }
}

/// What a summary line is about (for colour on a terminal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Added,
    Removed,
    Changed,
    Plain,
}

/// ` (1, 2, 3)`, or ` (1, 2, ... and 40 more)`; nothing for none.
fn list(items: impl Iterator<Item = String>) -> String {
    const SHOWN: usize = 12;
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        return String::new();
    }
    let more = items.len().saturating_sub(SHOWN);
    let shown = items[..items.len().min(SHOWN)].join(", ");
    if more > 0 {
        format!(" ({shown} and {more} more)")
    } else {
        format!(" ({shown})")
    }
}

/// The senders an entry that is not the same concerns: the paragraph's
/// sender, the names in its changed words, the sender of the paragraph a
/// changed footnote belongs to, the States of a table's changed rows.
fn concerned(c: &Comparison, e: &Entry, names: &[String]) -> Vec<String> {
    let (draft, unit, changed) = match e {
        Entry::Changed {
            old, new, pieces, ..
        } => {
            let unit = &c.new.units[*new];
            let changed = if table::is_table(unit.key()) {
                table::changed_labels(c.old.units[*old].key(), unit.key()).join("; ")
            } else {
                changed_words(pieces)
            };
            (&c.new, unit, changed)
        }
        Entry::Added { new } => (
            &c.new,
            &c.new.units[*new],
            c.new.units[*new].key().to_string(),
        ),
        Entry::Removed { old } => (
            &c.old,
            &c.old.units[*old],
            c.old.units[*old].key().to_string(),
        ),
        Entry::Same { .. } => return Vec::new(),
    };
    let mut out: Vec<String> = unit.sender.iter().cloned().collect();
    out.extend(footnote_sender(draft, unit));
    out.extend(names_in(&changed.replace('\\', ""), names));
    out
}

/// The changed words of a changed unit, apart.
fn changed_words(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Same(_) => " | ".to_string(),
            Piece::Inserted(t) | Piece::Deleted(t) => format!(" {t} "),
            Piece::Replaced(a, b) => format!(" {a} | {b} "),
        })
        .collect()
}

/// For a footnote (`[^label]: ...`), the sender of the paragraph that
/// refers to it.
fn footnote_sender(draft: &Draft, unit: &Unit) -> Option<String> {
    let label = unit.key().strip_prefix("[^")?.split_once("]: ")?.0;
    let reference = format!("[^{label}]");
    draft
        .units
        .iter()
        .find(|u| u.number.is_some() && u.text.contains(&reference))?
        .sender
        .clone()
}

/// The names of `names` in `text` as whole words, the longest first: a name
/// inside a longer one found there (`Serbia` in `Serbia and Montenegro`) is
/// not another.
fn names_in(text: &str, names: &[String]) -> Vec<String> {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut found: Vec<(usize, usize, &String)> = names
        .iter()
        .filter(|n| !n.is_empty())
        .flat_map(|name| {
            text.match_indices(name.as_str())
                .filter(|(i, _)| {
                    !word(text[..*i].chars().next_back())
                        && !word(text[i + name.len()..].chars().next())
                })
                .map(move |(i, _)| (i, i + name.len(), name))
        })
        .collect();
    found.sort_by_key(|(s, e, _)| std::cmp::Reverse(e - s));
    let mut kept: Vec<(usize, usize, &String)> = Vec::new();
    for f in found {
        if kept.iter().all(|k| f.1 <= k.0 || k.1 <= f.0) {
            kept.push(f);
        }
    }
    kept.into_iter().map(|(_, _, n)| n.clone()).collect()
}

/// How the summary names a draft: the path as given (`./` before a bare
/// file name, so the folder always shows), then its symbol and date of
/// issue: `output/E_CN.15_2004_7.md (E/CN.15/2004/7, issued 1 March 2004)`.
pub fn draft_title(path: &std::path::Path, draft: &Draft) -> String {
    let in_folder = path.parent().is_some_and(|p| !p.as_os_str().is_empty());
    let shown = if in_folder || path.is_absolute() {
        path.display().to_string()
    } else {
        format!("./{}", path.display())
    };
    let about: Vec<String> = draft
        .symbol()
        .into_iter()
        .chain(draft.issued().map(|d| format!("issued {d}")))
        .collect();
    if about.is_empty() {
        shown
    } else {
        format!("{shown} ({})", about.join(", "))
    }
}

/// A warning when the two drafts are different documents (a report and its
/// addendum, say): their changes are then rarely what a reviewer meant.
pub fn symbol_warning(old: &Draft, new: &Draft) -> Option<String> {
    let (o, n) = (old.symbol()?, new.symbol()?);
    (o != n).then(|| {
        format!(
            "warning: the drafts are different documents: the old one is {o}, the new one {n}; \
             the changes below compare them all the same"
        )
    })
}

/// The changes Markdown: the summary, then the new draft marked.
/// `old_name` and `new_name` name the drafts in the heading.
pub fn changes_markdown(
    c: &Comparison,
    summary: &Summary,
    old_name: &str,
    new_name: &str,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{CHANGES_MARKER}\n");
    let _ = writeln!(
        out,
        "**Changes from {} to {}**\n",
        braces(&markdown_text(old_name)),
        braces(&markdown_text(new_name))
    );
    for (_, line) in summary.lines() {
        let _ = writeln!(out, "- {}", braces(&markdown_text(&line)));
    }
    out.push('\n');
    let mut first = true;
    for e in &c.entries {
        if !first {
            out.push_str("\n\n");
        }
        first = false;
        match e {
            Entry::Same { new, .. } => out.push_str(&braces(&c.new.units[*new].text)),
            Entry::Changed { new, pieces, .. } => {
                let unit = &c.new.units[*new];
                out.push_str(&braces(&unit.text[..unit.key_at]));
                let mut line_start = unit.key_at == 0;
                for p in pieces {
                    match p {
                        Piece::Same(t) => out.push_str(&braces(t)),
                        Piece::Inserted(t) => out.push_str(&mark("{++", "++}", t, line_start)),
                        Piece::Deleted(t) => out.push_str(&struck(t, line_start)),
                        Piece::Replaced(a, b)
                            if !a.contains('\n')
                                && !b.contains('\n')
                                && !has_delimiter(a)
                                && !has_delimiter(b) =>
                        {
                            let _ = write!(out, "{{~~{}~>{}~~}}", braces(a), braces(b));
                        }
                        Piece::Replaced(a, b) => {
                            out.push_str(&struck(a, line_start));
                            out.push_str(&mark("{++", "++}", b, false));
                        }
                    }
                    // Where the text written so far ends (deleted text too).
                    let t = match p {
                        Piece::Same(t) | Piece::Inserted(t) | Piece::Deleted(t) => t,
                        Piece::Replaced(_, b) => b,
                    };
                    line_start = t.ends_with('\n');
                }
            }
            Entry::Added { new } => {
                let unit = &c.new.units[*new];
                out.push_str(&braces(&unit.text[..unit.key_at]));
                out.push_str(&mark("{++", "++}", unit.key(), unit.key_at == 0));
            }
            Entry::Removed { old } => {
                // Its number stays outside, as an added paragraph's, so the
                // readers take it for the numbered paragraph it was; `9)`,
                // not `9.`: a list of its own, so the paragraph after it
                // keeps its own number (a list numbers on from its first).
                let unit = &c.old.units[*old];
                match unit.number {
                    Some(n) => {
                        let _ = write!(out, "{n}) ");
                    }
                    None => out.push_str(&braces(&unit.text[..unit.key_at])),
                }
                out.push_str(&mark("{--", "--}", unit.key(), unit.key_at == 0));
            }
        }
    }
    out.push('\n');
    out
}

/// `text` between `open` and `close`, a pair per line and per run of
/// words: blank lines, a line's indentation and block marker (`#`, `-`,
/// `1.`, `>`), and Markdown's inline delimiters (`*`, `_`, `` ` ``, `|`,
/// brackets, a footnote reference, a link's target) stay outside, so a mark
/// never straddles an emphasis, a table cell or a link.
fn mark(open: &str, close: &str, text: &str, line_start: bool) -> String {
    marked(open, close, text, line_start, false)
}

/// Text deleted from a paragraph that stays: as [`mark`], but without its
/// emphasis delimiters. The text kept and inserted has the new draft's
/// delimiters, which pair up; a deleted one would pair with one of them
/// (`**{--13,562--}****{++13,553++}**`) and print a literal `*`.
fn struck(text: &str, line_start: bool) -> String {
    marked("{--", "--}", text, line_start, true)
}

/// [`mark`], leaving out the emphasis delimiters if `drop_emphasis`.
fn marked(open: &str, close: &str, text: &str, line_start: bool, drop_emphasis: bool) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let at_start = i > 0 || line_start;
        let lead = if at_start { block_lead(line) } else { 0 };
        let (prefix, rest) = line.split_at(lead);
        out.push_str(prefix);
        let runs = runs(rest);
        for (k, &(words, run)) in runs.iter().enumerate() {
            if words && !run.trim().is_empty() {
                // In a table cell, the blanks that pad it stay outside
                // (`| {++Chile++} |`); elsewhere they are changed text.
                let cell = |r: Option<&(bool, &str)>| r.is_some_and(|(_, d)| *d == "|");
                let lead = if cell(k.checked_sub(1).and_then(|j| runs.get(j))) {
                    run.len() - run.trim_start().len()
                } else {
                    0
                };
                let tail = if cell(runs.get(k + 1)) {
                    run.len() - run.trim_end().len()
                } else {
                    0
                };
                let inner = &run[lead..run.len() - tail];
                let _ = write!(
                    out,
                    "{}{open}{}{close}{}",
                    &run[..lead],
                    braces(inner),
                    &run[run.len() - tail..]
                );
            } else if drop_emphasis && matches!(run, "*" | "_") {
                continue;
            } else {
                out.push_str(&braces(run));
            }
        }
    }
    out
}

/// Whether `s` has an inline delimiter that [`mark`] keeps outside marks.
fn has_delimiter(s: &str) -> bool {
    runs(s).iter().any(|(words, _)| !words)
}

/// `s` cut into runs of words (true) and of inline delimiters (false).
fn runs(s: &str) -> Vec<(bool, &str)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let end = match b[i] {
            b'\\' => {
                i += 1 + s[i + 1..].chars().next().map_or(0, char::len_utf8);
                continue;
            }
            b'*' | b'_' | b'`' | b'|' => i + 1,
            b'[' if b.get(i + 1) == Some(&b'^') => s[i..].find(']').map_or(b.len(), |j| i + j + 1),
            b']' if b.get(i + 1) == Some(&b'(') => s[i..].find(')').map_or(b.len(), |j| i + j + 1),
            b'[' | b']' => i + 1,
            _ => {
                i += 1;
                continue;
            }
        };
        if start < i {
            out.push((true, &s[start..i]));
        }
        out.push((false, &s[i..end]));
        start = end;
        i = end;
    }
    if start < b.len() {
        out.push((true, &s[start.min(b.len())..]));
    }
    out
}

/// Length of a line's indentation and block marker.
fn block_lead(line: &str) -> usize {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    if rest.starts_with("[^") {
        // A footnote definition's label.
        if let Some(i) = rest.find("]: ") {
            return indent + i + 3;
        }
    }
    let marker = if rest.starts_with('#') {
        let hashes = rest.bytes().take_while(|b| *b == b'#').count();
        // The number of a chapter or section (`II.`, `B.`) stays outside
        // too: the converter sets it apart from the title.
        let number = rest[hashes..]
            .strip_prefix(' ')
            .map(|t| t.bytes().take_while(u8::is_ascii_uppercase).count())
            .filter(|n| *n > 0 && rest[hashes + 1 + n..].starts_with(". "));
        match number {
            Some(n) => hashes + 1 + n + 1,
            None => hashes,
        }
    } else if rest.starts_with(['-', '*', '+', '>']) {
        1
    } else {
        let d = rest.bytes().take_while(u8::is_ascii_digit).count();
        if d > 0 && rest[d..].starts_with(['.', ')']) {
            d + 1
        } else {
            0
        }
    };
    if marker > 0 && rest[marker..].starts_with(' ') {
        indent + marker + 1
    } else {
        indent
    }
}

/// Escapes the `{` and `}` of a draft's text (and a `~` before `>`), so that
/// no text can open or close a mark; escapes already there are kept.
pub fn braces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' if chars.peek() == Some(&'>') => out.push_str("\\~"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::diff::compare;
    use crate::review::Draft;

    #[test]
    fn text_cannot_open_a_mark() {
        assert_eq!(
            braces("a {++b++} \\{ ~> \\~>"),
            "a \\{++b++\\} \\{ \\~> \\~>"
        );
    }

    #[test]
    fn marks_keep_block_markers_outside() {
        assert_eq!(
            mark("{++", "++}", "Intro:\n\n    - a;\n# B. Title", false),
            "{++Intro:++}\n\n    - {++a;++}\n# B. {++Title++}"
        );
        assert_eq!(
            mark(
                "{--",
                "--}",
                "*Peru*. Up to \\*35\\*.[^peru-1] | [a](b) |",
                true
            ),
            "*{--Peru--}*{--. Up to \\*35\\*.--}[^peru-1] | [{--a--}](b) |"
        );
        assert_eq!(
            mark("{--", "--}", "[^peru-1]: Omitted.", true),
            "[^peru-1]: {--Omitted.--}"
        );
        // Deleted from a paragraph that stays: no emphasis delimiter left.
        assert_eq!(struck("**13,562** \\*", false), "{--13,562--}{-- \\*--}");
    }

    #[test]
    fn a_changed_word_and_an_added_paragraph() {
        let old = Draft::parse("<!-- sgreport:body -->\n\n1. *Peru*. Up to 35 years.\n").unwrap();
        let new = Draft::parse(
            "<!-- sgreport:body -->\n\n1. *Chile*. New {++ reply.\n\n2. *Peru*. Up to 30 years.\n",
        )
        .unwrap();
        let c = compare(old, new);
        let s = Summary::of(&c, &["Chile".into(), "Peru".into()]);
        assert_eq!((s.added.clone(), s.changed.clone()), (vec![1], vec![2]));
        assert_eq!(s.senders, ["Chile", "Peru"]);
        let md = changes_markdown(&c, &s, "a.md", "b.md");
        assert!(
            md.contains("1. *{++Chile++}*{++. New \\{++ reply.++}"),
            "{md}"
        );
        assert!(md.contains("2. *Peru*. Up to {~~35~>30~~} years."), "{md}");
    }
}
