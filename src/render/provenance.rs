//! Provenance by construction: where every block of the rendered Markdown
//! came from is written into that Markdown as it is made, as source marks
//! the Document's builder reads and removes ([`crate::document::build`]).
//!
//! A mark is an inline HTML element, `<sgreport-src n="12"/>`, placed just
//! before a block's first words (never at a line's start alone, so it never
//! makes an HTML block). Text of a reply or of report.yaml can never forge
//! one: such text reaches the Markdown only escaped, where `<` is always
//! `\<` ([`crate::escape`]). Three kinds of mark:
//! - `n="12"`: entry 12 of [`Marks::sources`]: a block of a reply's answer
//!   or of Markdown typed in report.yaml (overview, conclusions), with the
//!   file, line and column of that block, put there by [`mark_model`];
//! - `n="t5"`: line 5 of [`TemplateLines`]: literal text of a template line,
//!   put into the templates' text when they are loaded ([`mark_template`]);
//!   in `indicators.md` it also names the indicator (`i="serious_crime"`),
//!   so the sentence carries every answer it counts.

pub use crate::document::marks::{input_mark, Mark, TAG};
use crate::document::Source;
use crate::model::DocumentModel;

/// The template lines that marks point at: (template name, 1-based line).
pub type TemplateLines = Vec<(String, usize)>;

/// What one render's input marks point at, in the model: mark `n` is
/// `blocks[n]`, a block of an answer, overview or conclusions.
#[derive(Debug, Default, Clone)]
pub struct Marks {
    pub blocks: Vec<(Origin, usize)>,
}

/// Whose Markdown a mark stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// An answer: `topics[topic].entries[entry]`.
    Entry {
        topic: usize,
        entry: usize,
    },
    /// A topic's overview.
    Overview {
        topic: usize,
    },
    Conclusions,
}

impl Marks {
    /// The source of mark `n`, from `model`.
    pub fn source(&self, model: &DocumentModel, n: usize) -> Option<Source> {
        let (origin, k) = *self.blocks.get(n)?;
        let sources = match origin {
            Origin::Entry { topic, entry } => &model.topics.get(topic)?.entries.get(entry)?.sources,
            Origin::Overview { topic } => &model.topics.get(topic)?.overview_sources,
            Origin::Conclusions => &model.conclusions_sources,
        };
        sources.get(k).cloned()
    }
}

/// Renders with `model`'s answers, overviews and conclusions carrying their
/// source marks (put in place, and taken out again after `f`: nothing is
/// copied), and the marks' table.
pub fn with_marks<T>(model: &mut DocumentModel, f: impl FnOnce(&DocumentModel, &Marks) -> T) -> T {
    let mut marks = Marks::default();
    let mut put: Vec<Option<(usize, usize)>> = Vec::new();
    each_text(model, |md, origin, count| {
        let first = marks.blocks.len();
        let at = mark_blocks(md, first, count);
        if at.is_some() {
            marks.blocks.extend((0..count).map(|k| (origin, k)));
        }
        put.push(at);
    });
    let out = f(model, &marks);
    let mut put = put.into_iter();
    each_text(model, |md, _, _| {
        if let Some(Some((at, len))) = put.next() {
            md.replace_range(at..at + len, "");
        }
    });
    out
}

/// Calls `f` on every answer, overview and conclusions of `model`, always
/// in the same order, with its origin and how many sources its blocks have.
fn each_text(model: &mut DocumentModel, mut f: impl FnMut(&mut String, Origin, usize)) {
    for (t, topic) in model.topics.iter_mut().enumerate() {
        let n = topic.overview_sources.len();
        if let Some(o) = &mut topic.overview {
            f(o, Origin::Overview { topic: t }, n);
        }
        for (e, entry) in topic.entries.iter_mut().enumerate() {
            let origin = Origin::Entry { topic: t, entry: e };
            f(&mut entry.markdown, origin, entry.sources.len());
        }
    }
    let n = model.conclusions_sources.len();
    if let Some(c) = &mut model.conclusions {
        f(c, Origin::Conclusions, n);
    }
}

/// Puts one mark before `markdown`'s first words, pointing at marks
/// `first` to `first + count - 1`: the sources of its top-level blocks
/// (footnote definitions left out), in order. The builder gives the first to
/// the block the mark stands in and the others to the blocks that follow it,
/// one each: the answer's blocks, which Tera writes one after the other.
/// Found without parsing: the first words stand after the first line's
/// container marks (`- `, `1. `, `> `, `| `), as the sanitised Markdown
/// writes them. Where the mark was put and its length.
fn mark_blocks(markdown: &mut String, first: usize, count: usize) -> Option<(usize, usize)> {
    if count == 0 {
        return None;
    }
    let at = first_words(markdown);
    // Alone on its line a mark would be an HTML block, shown as typed.
    let line = markdown[at..].lines().next().unwrap_or("");
    if line.trim().is_empty() {
        return None;
    }
    let mark = input_mark(first, count);
    markdown.insert_str(at, &mark);
    Some((at, mark.len()))
}

/// Where the first line's words start: after its blanks and container marks
/// (bullets, numbers, quote marks, a table's first pipe).
fn first_words(markdown: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &markdown[at..];
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let rest = &rest[blanks..];
        // A marker ends at a blank or at the line's end.
        let ends = |i: usize| rest[i..].is_empty() || rest[i..].starts_with([' ', '\t', '\n']);
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let marker =
            if (rest.starts_with(['-', '*', '+']) && ends(1)) || rest.starts_with(['>', '|']) {
                1
            } else if (1..=9).contains(&digits)
                && rest[digits..].starts_with(['.', ')'])
                && ends(digits + 1)
            {
                digits + 1
            } else {
                return at + blanks;
            };
        at += blanks + marker;
    }
}

/// A template's text with a mark before the first letter or digit of each
/// run of literal text (outside `{{ }}`, `{% %}`, `{# #}` and raw blocks),
/// pointing at the run's line; the lines are added to `lines`. Lines where a
/// mark could change what the Markdown means are left alone: code (spans,
/// fenced or indented blocks), HTML (comments, the region markers, tags),
/// link and image destinations, link reference definitions.
pub fn mark_template(name: &str, text: &str, lines: &mut TemplateLines) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut in_raw = false;
    let mut blocks = Blocks::default();
    let mut tag_close: Option<&str> = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let skip = !blocks.markable(line);
        let mut id: Option<usize> = None;
        let mut marked_run = false;
        let mut prev: Option<char> = None;
        let mut rest = line;
        while !rest.is_empty() {
            if let Some(close) = tag_close {
                match rest.find(close) {
                    Some(j) => {
                        let tag = &rest[..j + close.len()];
                        if tag.contains("endraw") {
                            in_raw = false;
                        } else if close == "%}"
                            && tag.trim_start_matches('-').trim().starts_with("raw")
                        {
                            in_raw = true;
                        }
                        out.push_str(tag);
                        rest = &rest[j + close.len()..];
                        tag_close = None;
                        marked_run = false;
                        prev = None;
                    }
                    None => {
                        out.push_str(rest);
                        rest = "";
                    }
                }
                continue;
            }
            if rest.starts_with("{{") || rest.starts_with("{%") || rest.starts_with("{#") {
                tag_close = Some(match &rest[..2] {
                    "{{" => "}}",
                    "{%" => "%}",
                    _ => "#}",
                });
                out.push_str(&rest[..2]);
                rest = &rest[2..];
                // `{%- raw` and friends are read when the tag closes.
                if tag_close == Some("%}") {
                    let inner = rest.trim_start_matches('-').trim_start();
                    if inner.starts_with("raw") {
                        in_raw = true;
                    }
                }
                continue;
            }
            let c = rest.chars().next().expect("not empty");
            // The start of a word, not of an entity (`&amp;`, `&#38;`) or
            // an escape.
            // A number is never marked: at a line's start it may be a list
            // item's (`1.`).
            // Nor right after an emphasis mark, whose meaning depends on
            // the character beside it.
            let starts_word = c.is_alphabetic()
                && !prev.is_some_and(|p| {
                    p.is_alphanumeric() || matches!(p, '&' | '\\' | '#' | '*' | '_')
                });
            if starts_word && !marked_run && !skip && !in_raw {
                let n = *id.get_or_insert_with(|| {
                    lines.push((name.to_string(), i + 1));
                    lines.len() - 1
                });
                out.push_str(&format!("<{TAG} n=\"t{n}\""));
                if name == "indicators.md" {
                    // The include's contract: the indicator is `ind`.
                    out.push_str(" i=\"{{ ind.key | default(value='') | safe }}\"");
                }
                if name == "introduction.md" {
                    // The mandate's loop variable is `m` (outside the
                    // loop the attribute is empty).
                    out.push_str(
                        " m=\"{% if m is defined and m is map %}\
                         {{ m.key | default(value='') | safe }}{% endif %}\"",
                    );
                }
                out.push_str("/>");
                marked_run = true;
            }
            out.push(c);
            prev = Some(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Where a template's lines stand in the Markdown they make, as far as
/// marks are concerned: a line may take marks only as plain text (not in
/// code, an HTML block or comment, a link's text or address, nor indented
/// where it could be code).
#[derive(Default)]
struct Blocks {
    /// The open fence (its character and length).
    fence: Option<(char, usize)>,
    /// An HTML block: the text that ends it (none: a blank line does).
    html: Option<Option<&'static str>>,
    /// A code span opened on an earlier line.
    code_span: bool,
    comment: bool,
    /// A link's destination or a link definition going on to this line.
    link: bool,
}

impl Blocks {
    /// Reads `line`; whether it may take marks.
    fn markable(&mut self, line: &str) -> bool {
        let bare = line.trim_start_matches([' ', '>']);
        let was_open = self.fence.is_some()
            || self.html.is_some()
            || self.code_span
            || self.comment
            || self.link;
        let fence = fence_of(bare);
        match (self.fence, fence) {
            (Some((c, n)), Some((d, m))) if c == d && m >= n => self.fence = None,
            (None, Some(f)) => self.fence = Some(f),
            _ => {}
        }
        if let Some(end) = self.html {
            let ends = match end {
                Some(close) => line.contains(close),
                None => line.trim().is_empty(),
            };
            if ends {
                self.html = None;
            }
        } else if bare.starts_with('<') && !bare.starts_with("<!--") {
            let close = html_block_end(bare);
            if !close.is_some_and(|c| line.contains(c)) {
                self.html = Some(close);
            }
        }
        if line.contains("<!--") && !line.contains("-->") {
            self.comment = true;
        } else if self.comment && line.contains("-->") {
            self.comment = false;
        }
        let runs = line.split(|c| c != '`').filter(|r| !r.is_empty()).count();
        if runs % 2 == 1 {
            self.code_span = !self.code_span;
        }
        // A destination or definition left open goes on to the next line;
        // a blank line ends a definition's title at the latest.
        if line.trim().is_empty() {
            self.link = false;
        } else if let Some(at) = line.rfind("](").or_else(|| line.find("]:")) {
            self.link = !line[at..].contains(')') || line.contains("]:");
        } else if self.link && line.contains(')') {
            self.link = false;
        }
        let lead = line.len() - line.trim_start_matches(|c: char| !c.is_alphabetic()).len();
        let risky = ["`", "[", "](", "]:", "<", "\t"]
            .iter()
            .any(|s| line.contains(s))
            || line[..lead].contains("    ");
        !(was_open || fence.is_some() || risky)
    }
}

/// What ends the HTML block `bare` opens: a closing tag or marker, or
/// (none) a blank line.
fn html_block_end(bare: &str) -> Option<&'static str> {
    let rest = &bare[1..];
    let lower = rest.to_ascii_lowercase();
    if let Some(t) = ["pre", "script", "style", "textarea"]
        .into_iter()
        .find(|t| lower.starts_with(t))
    {
        return Some(match t {
            "pre" => "</pre>",
            "script" => "</script>",
            "style" => "</style>",
            _ => "</textarea>",
        });
    }
    if rest.starts_with('?') {
        Some("?>")
    } else if rest.starts_with("![CDATA[") {
        Some("]]>")
    } else if rest.starts_with('!') {
        Some(">")
    } else {
        None
    }
}

/// A fence opening or closing a code block: its character and length.
fn fence_of(bare: &str) -> Option<(char, usize)> {
    let c = bare.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = bare.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::marks::read_mark;

    #[test]
    fn template_runs_are_marked_before_their_first_word() {
        let mut lines = Vec::new();
        let t = mark_template(
            "intro.md",
            "# Introduction\n\n{% if a %}As at {{ cutoff }}, replies{% endif %}\n<!-- sgreport:body -->\n`{{ x }}`\n",
            &mut lines,
        );
        assert_eq!(
            t,
            "# <sgreport-src n=\"t0\"/>Introduction\n\n{% if a %}<sgreport-src n=\"t1\"/>As at {{ cutoff }}, <sgreport-src n=\"t1\"/>replies{% endif %}\n<!-- sgreport:body -->\n`{{ x }}`\n"
        );
        assert_eq!(
            lines,
            [("intro.md".to_string(), 1), ("intro.md".to_string(), 3)]
        );
        assert_eq!(
            read_mark("<sgreport-src n=\"t1\"/>"),
            Some(Mark::Template {
                line: 1,
                indicator: None,
                mandate: None
            })
        );
        assert_eq!(
            read_mark("<sgreport-src n=\"4\"/>"),
            Some(Mark::Input(4, 1))
        );
        assert_eq!(
            read_mark("<sgreport-src n=\"4\" c=\"3\"/>"),
            Some(Mark::Input(4, 3))
        );
        assert_eq!(read_mark("<b>"), None);
    }

    /// Every CommonMark example a reply may send, marked block by block,
    /// reads as the same document as unmarked: a mark never shows, never
    /// moves or joins a word, never changes a block.
    #[test]
    fn marks_change_nothing_a_reader_sees_in_any_commonmark_example() {
        use crate::document::build::{read, NoSources};
        let spec = include_str!("../../tests/data/commonmark-spec-0.31.2.txt");
        let fence = "`".repeat(32);
        let open = format!("{fence} example");
        let mut tried = 0;
        for example in spec.split(&open).skip(1) {
            let md = example
                .split("\n.\n")
                .next()
                .unwrap_or("")
                .replace('→', "\t");
            let Ok(safe) = crate::submissions::answer::sanitise(md.trim_start_matches('\n'), "p")
            else {
                continue;
            };
            let mut marked = safe.markdown.clone();
            mark_blocks(&mut marked, 0, safe.blocks.len().max(1));
            let (a, b) = (read(&marked, &NoSources), read(&safe.markdown, &NoSources));
            assert_eq!(a, b, "{md:?} marked as {marked:?}");
            tried += 1;
        }
        assert!(tried > 500, "{tried}");
    }

    /// The same for template text: each CommonMark example as a template's
    /// literal text reads the same with its marks.
    #[test]
    fn template_marks_change_nothing_in_any_commonmark_example() {
        use crate::document::build::{read, NoSources};
        let spec = include_str!("../../tests/data/commonmark-spec-0.31.2.txt");
        let fence = "`".repeat(32);
        let open = format!("{fence} example");
        let mut differ = Vec::new();
        for (i, example) in spec.split(&open).skip(1).enumerate() {
            let md = example
                .split("\n.\n")
                .next()
                .unwrap_or("")
                .replace('→', "\t");
            let md = md.trim_start_matches('\n');
            if md.contains('{') {
                continue;
            }
            let marked = mark_template("x.md", md, &mut Vec::new());
            if read(&marked, &NoSources) != read(md, &NoSources) {
                differ.push((i + 1, md.to_string(), marked));
            }
        }
        assert!(differ.is_empty(), "{} differ: {differ:#?}", differ.len());
    }

    #[test]
    fn an_answer_is_marked_once_and_each_block_gets_its_source() {
        use crate::document::build::{read, Item, Resolve};
        let s = |l| Source::Report {
            key: "k".into(),
            line: l,
            column: 3,
        };
        struct R(Vec<Source>);
        impl Resolve for R {
            fn resolve(&self, m: &Mark) -> Option<Source> {
                match m {
                    Mark::Input(i, _) => self.0.get(*i).cloned(),
                    Mark::Template { .. } => None,
                }
            }
        }
        for (md, at) in [
            ("*Lead* one.\n\n- a\n- b\n\n| x | y |\n| - | - |\n| 1 | 2 |\n\nNote.[^n]\n\n[^n]: Foot.\n", 0),
            ("- a\n- b\n\nc\n\nd\n\ne\n", 2),
            ("> 1. \\<b> x\n\nc\n\nd\n\ne\n", 5),
        ] {
            let mut out = md.to_string();
            let put = mark_blocks(&mut out, 0, 4);
            assert_eq!(
                out,
                format!("{}<sgreport-src n=\"0\" c=\"4\"/>{}", &md[..at], &md[at..])
            );
            assert_eq!(put, Some((at, 27)));
            let marks = vec![s(1), s(3), s(6), s(10)];
            // Then a template's text, which the answer's sources never reach.
            let flow = read(&format!("{out}\nAfter <sgreport-src n=\"t0\"/>this.\n\nMore.\n"), &R(marks));
            let lines: Vec<usize> = flow
                .items
                .iter()
                .map(|i| match i {
                    Item::Block(b) => match b.source() {
                        Source::Report { line, .. } => *line,
                        _ => 0,
                    },
                    _ => 99,
                })
                .collect();
            assert_eq!(lines, [1, 3, 6, 10, 0, 0], "{md:?}");
        }
    }
}
