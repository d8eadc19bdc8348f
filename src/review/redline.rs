//! The redline: a changes Markdown ([`super::changes_markdown`]) in the UN
//! layout, insertions underlined in colour, deletions struck through, a
//! change bar in the margin.
//!
//! The Markdown goes through the ordinary converter
//! ([`crate::render::typst::to_typst_titled`]), so every word of it reaches Typst
//! through `typst_text` as in any build. Before that, each CriticMarkup mark
//! the tool wrote (never one escaped as `\{`) becomes a private-use
//! character, which `typst_text` passes as text; after it, those characters
//! become calls of the layout's `redline-ins` and `redline-del`. A reply's
//! own private-use characters of that range are replaced first (U+FFFD), so
//! a reply can no more make a mark than it can write Typst. Inside a string
//! literal (the masthead's, a contents row's) a change shows as the new
//! text only.

use super::critic::{Kind, Summary};
use crate::document::build;
use crate::escape::typst_string;
use crate::render::numbering::{self, Numbers};
use crate::render::typst::to_typst_titled;

pub(crate) const INS_OPEN: char = '\u{E000}';
pub(crate) const INS_CLOSE: char = '\u{E001}';
pub(crate) const DEL_OPEN: char = '\u{E002}';
pub(crate) const DEL_CLOSE: char = '\u{E003}';
pub(crate) const SUB_OPEN: char = '\u{E004}';
pub(crate) const SUB_MID: char = '\u{E005}';
pub(crate) const SUB_CLOSE: char = '\u{E006}';

/// The redline's Typst document, from a changes Markdown and its summary.
pub fn redline_typst(changes_md: &str, summary: &Summary, heading: &str) -> String {
    let start = changes_md.find("<!-- sgreport:masthead -->").unwrap_or(0);
    // The PDF's title is the redline's heading (PDF/UA requires one).
    let typ = to_typst_titled(&sentinels(&changes_md[start..]), "", heading);
    let typ = strike_removed_numbers(&calls(&typ));
    let lines: Vec<String> = summary
        .lines()
        .iter()
        .map(|(kind, line)| {
            let kind = match kind {
                Kind::Added => "added",
                Kind::Removed => "removed",
                Kind::Changed => "changed",
                Kind::Plain => "plain",
            };
            format!("({}, {})", typst_string(kind), typst_string(line))
        })
        .collect();
    let front = format!(
        "#redline-summary({}, ({},))\n",
        typst_string(heading),
        lines.join(", ")
    );
    let mut out = String::with_capacity(typ.len() + front.len());
    let mut done = false;
    for line in typ.split_inclusive('\n') {
        out.push_str(line);
        if !done && line.starts_with("#show: un-document") {
            out.push_str(&front);
            done = true;
        }
    }
    out
}

/// A paragraph removed whole (`#para("11")[...]` holding deleted text
/// only, its notes' included) has its number struck too, as its text is:
/// `#para(redline-del[11])`. (The layout joins the number and its full
/// stop, which stays unstruck.)
fn strike_removed_numbers(typ: &str) -> String {
    let mut out = String::with_capacity(typ.len() + 64);
    for line in typ.split_inclusive('\n') {
        let removed = line
            .strip_prefix("#para(\"")
            .and_then(|rest| rest.split_once("\")["))
            .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .filter(|(_, body)| only_deleted(body.trim_end().strip_suffix(']').unwrap_or("x")));
        match removed {
            Some((n, body)) => {
                out.push_str(&format!("#para(redline-del[{n}])["));
                out.push_str(body);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Whether `body` (Typst markup) shows deleted text and nothing else:
/// without its `#redline-del[...]` calls, only the brackets of emphasis,
/// strong text and notes are left.
fn only_deleted(body: &str) -> bool {
    const DEL: &str = "#redline-del[";
    if !body.contains(DEL) || body.contains("#redline-ins[") {
        return false;
    }
    let mut rest = body;
    let mut left = String::new();
    while let Some(at) = rest.find(DEL) {
        left.push_str(&rest[..at]);
        // Past the call's closing bracket (escaped brackets are text).
        let mut depth = 0usize;
        let mut end = None;
        let mut chars = rest[at + DEL.len()..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '[' => depth += 1,
                ']' if depth == 0 => {
                    end = Some(at + DEL.len() + i + 1);
                    break;
                }
                ']' => depth -= 1,
                _ => {}
            }
        }
        let Some(end) = end else { return false };
        rest = &rest[end..];
    }
    left.push_str(rest);
    let left = left
        .replace("#emph[", "")
        .replace("#strong[", "")
        .replace("#footnote[", "");
    left.chars().all(|c| c == ']' || c.is_whitespace())
}

/// The tool's marks as private-use characters (see the module's documentation).
pub(crate) fn sentinels(md: &str) -> String {
    let md: String = md
        .chars()
        .map(|c| {
            if (INS_OPEN..=SUB_CLOSE).contains(&c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    let marks = [
        ("{++", INS_OPEN),
        ("++}", INS_CLOSE),
        ("{--", DEL_OPEN),
        ("--}", DEL_CLOSE),
        ("{~~", SUB_OPEN),
        ("~>", SUB_MID),
        ("~~}", SUB_CLOSE),
    ];
    let mut out = String::with_capacity(md.len());
    let mut rest = md.as_str();
    let mut in_sub = false;
    'outer: while let Some(c) = rest.chars().next() {
        if c == '\\' {
            let n = 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
            out.push_str(&rest[..n]);
            rest = &rest[n..];
            continue;
        }
        for (m, s) in marks {
            // `~>` is a mark only inside a substitution.
            if rest.starts_with(m) && (s != SUB_MID || in_sub) {
                in_sub = match s {
                    SUB_OPEN => true,
                    SUB_CLOSE => false,
                    _ => in_sub,
                };
                out.push(s);
                rest = &rest[m.len()..];
                continue 'outer;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The Word redline: the changes Markdown's draft read back into a
/// document (its numbers as typed, its masthead read back into its fields
/// ([`super::masthead`]) or else as its text, the contents' paragraph
/// ranges as it has them ([`super::contents`]), `symbol` in the running
/// head) and written by the Word writer, with each mark a tracked
/// change dated `date` (`2004-03-01T09:30:00Z`; see [`super::revisions`]).
pub fn redline_docx(changes_md: &str, symbol: &str, date: &str) -> Vec<u8> {
    let start = changes_md.find("<!-- sgreport:masthead -->").unwrap_or(0);
    let flow = build::read(&sentinels(&changes_md[start..]), &build::NoSources);
    let ranges = super::contents::ranges(&flow).unwrap_or_default();
    let frame = numbering::Frame::draft(symbol);
    let mut doc = numbering::number(flow, Numbers::AsTyped, &frame);
    // Page 1 as `build --docx` writes it, when the draft's masthead reads
    // back into its fields (the cover note then a Word footnote).
    if let Some(masthead) = super::masthead::read(&doc.front) {
        doc.masthead = masthead;
        doc.front.clear();
    }
    let docx = crate::docx::from_draft(&doc, &ranges);
    let mut tracker = super::revisions::Tracker::new(date);
    let parts = unzip(&docx)
        .into_iter()
        .map(|(name, xml)| {
            let xml = if name == "word/document.xml" || name == "word/footnotes.xml" {
                tracker.part(&xml)
            } else {
                // No revisions in the properties (the title), headers and
                // footers: the new draft's text.
                super::revisions::new_text_only(&xml)
            };
            (name, xml)
        })
        .collect::<Vec<_>>();
    crate::docx::package::zip_parts(parts.iter().map(|(n, x)| (n.as_str(), x.clone())))
}

/// A revision's date (`2004-03-01T09:30:00Z`) from seconds since 1970.
pub fn revision_date(secs: i64) -> String {
    let day = crate::date::Date::from_days_since_epoch(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        day.year,
        day.month,
        day.day,
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// The parts of a `.docx` the Word writer made, in their order.
fn unzip(docx: &[u8]) -> Vec<(String, String)> {
    use std::io::Read as _;
    // The writer's own zip, in memory: it reads back.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("the writer's zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("the writer's zip");
            let mut text = String::new();
            f.read_to_string(&mut text).expect("the writer's XML");
            let name = f.name().expect("the writer's part names").to_string();
            (name, text)
        })
        .collect()
}

/// The private-use characters as layout calls; in string literals, the new
/// text only.
fn calls(typ: &str) -> String {
    let mut calls = Calls {
        out: String::with_capacity(typ.len() + 64),
        in_string: false,
        hidden: false,
        depth: 0,
        marks: Vec::new(),
    };
    let mut chars = typ.chars();
    while let Some(c) = chars.next() {
        if calls.in_string {
            calls.string_char(c, &mut chars);
        } else {
            calls.markup_char(c, &mut chars);
        }
    }
    calls.out
}

/// The state of [`calls`] as it reads the Typst code a character at a time.
struct Calls {
    out: String,
    /// Inside a string literal, where no call can stand.
    in_string: bool,
    /// Inside deleted text in a string literal: left out.
    hidden: bool,
    /// Brackets open in markup, and the depth at which each open mark's own
    /// bracket stands. A mark closes only as the innermost bracket: the
    /// converter may have put its other end in a string (a heading's number)
    /// or a bracket may end first, so a close that does not fit is dropped
    /// and a mark still open is closed before the bracket around it closes
    /// (or at the end of the line): the brackets always balance.
    depth: usize,
    marks: Vec<usize>,
}

impl Calls {
    /// One character of a string literal: the new text only (deleted text and
    /// a substitution's old text are left out, and no mark is drawn), escapes
    /// kept whole.
    fn string_char(&mut self, c: char, chars: &mut std::str::Chars) {
        match c {
            '\\' => {
                let next = chars.next();
                if !self.hidden {
                    self.out.push(c);
                    self.out.extend(next);
                }
            }
            '"' => {
                self.in_string = false;
                self.hidden = false;
                self.out.push(c);
            }
            DEL_OPEN | SUB_OPEN => self.hidden = true,
            DEL_CLOSE | SUB_MID => self.hidden = false,
            INS_OPEN | INS_CLOSE | SUB_CLOSE => {}
            c if !self.hidden => self.out.push(c),
            _ => {}
        }
    }

    /// One character of markup: a mark opens or closes its call, and brackets
    /// are counted so the calls stay balanced (see [`Calls::depth`]).
    fn markup_char(&mut self, c: char, chars: &mut std::str::Chars) {
        match c {
            '\\' => {
                self.out.push(c);
                self.out.extend(chars.next());
            }
            '"' => {
                self.in_string = true;
                self.out.push(c);
            }
            INS_OPEN | DEL_OPEN | SUB_OPEN => {
                self.out.push_str(if c == INS_OPEN {
                    "#redline-ins["
                } else {
                    "#redline-del["
                });
                self.depth += 1;
                self.marks.push(self.depth);
            }
            SUB_MID if self.innermost() => self.out.push_str("]#redline-ins["),
            INS_CLOSE | DEL_CLOSE | SUB_CLOSE if self.innermost() => self.close_mark(),
            SUB_MID | INS_CLOSE | DEL_CLOSE | SUB_CLOSE => {}
            '[' => {
                self.depth += 1;
                self.out.push(c);
            }
            ']' | '\n' => {
                while self.innermost() {
                    self.close_mark();
                }
                if c == ']' {
                    self.depth = self.depth.saturating_sub(1);
                }
                self.out.push(c);
            }
            c => self.out.push(c),
        }
    }

    /// Whether the innermost open bracket is a mark's own.
    fn innermost(&self) -> bool {
        self.marks.last() == Some(&self.depth)
    }

    /// Closes the innermost mark's call.
    fn close_mark(&mut self) {
        self.out.push(']');
        self.marks.pop();
        self.depth -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revision_dates_are_utc() {
        assert_eq!(revision_date(1_078_133_400), "2004-03-01T09:30:00Z");
    }

    #[test]
    fn only_the_tools_marks_become_sentinels() {
        assert_eq!(
            sentinels("a {++b++} \\{++c++\\} {~~d~>e~~} f~>g \u{E000}"),
            "a \u{E000}b\u{E001} \\{++c++\\} \u{E004}d\u{E005}e\u{E006} f~>g \u{FFFD}"
        );
    }

    #[test]
    fn brackets_balance_when_a_mark_is_cut_by_a_string() {
        assert_eq!(
            calls("#s(\"\u{E000}B.\", [T\u{E001}])\n#s(\"B.\", [\u{E000}T])\n"),
            "#s(\"B.\", [T])\n#s(\"B.\", [#redline-ins[T]])\n"
        );
    }

    #[test]
    fn strings_keep_the_new_text() {
        assert_eq!(
            calls("x \u{E000}y\u{E001} \"1-\u{E004}9\u{E005}10\u{E006}\" \u{E002}z\u{E003}"),
            "x #redline-ins[y] \"1-10\" #redline-del[z]"
        );
    }

    #[test]
    fn a_paragraph_removed_whole_has_its_number_struck() {
        let removed = "#para(\"11\")[#emph[#redline-del[Peru]]#redline-del[\\. Kidnapping carries up to 35 years\\.]#footnote[#redline-del[Article numbers omitted\\.]]]\n";
        let changed = "#para(\"11\")[#redline-del[Three]#redline-ins[Two] States reported\\.]\n";
        let kept = "#para(\"12\")[Text #redline-del[gone] stays\\.]\n";
        let out = strike_removed_numbers(&format!("{removed}{changed}{kept}"));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "#para(redline-del[11])[#emph[#redline-del[Peru]]#redline-del[\\. Kidnapping carries up to 35 years\\.]#footnote[#redline-del[Article numbers omitted\\.]]]"
        );
        assert_eq!(lines[1], changed.trim_end());
        assert_eq!(lines[2], kept.trim_end());
        // A deleted bracket inside the text is text.
        assert!(only_deleted("#redline-del[a \\] b]"));
        assert!(!only_deleted("#redline-del[a] b"));
    }
}
