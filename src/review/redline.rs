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
use crate::escape::typst_string;
use crate::render::typst::to_typst_titled;

const INS_OPEN: char = '\u{E000}';
const INS_CLOSE: char = '\u{E001}';
const DEL_OPEN: char = '\u{E002}';
const DEL_CLOSE: char = '\u{E003}';
const SUB_OPEN: char = '\u{E004}';
const SUB_MID: char = '\u{E005}';
const SUB_CLOSE: char = '\u{E006}';

/// The redline's Typst document, from a changes Markdown and its summary.
pub fn redline_typst(changes_md: &str, summary: &Summary, heading: &str) -> String {
    let start = changes_md.find("<!-- sgreport:masthead -->").unwrap_or(0);
    // The PDF's title is the redline's heading (PDF/UA requires one).
    let typ = to_typst_titled(&sentinels(&changes_md[start..]), "", heading);
    let typ = calls(&typ);
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

/// The tool's marks as private-use characters (see the module's documentation).
fn sentinels(md: &str) -> String {
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
}
