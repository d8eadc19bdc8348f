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

pub use crate::document::marks::{input_mark, read_mark, Mark, TAG};
use crate::document::Source;
use crate::model::DocumentModel;

/// The template lines that marks point at: (template name, 1-based line).
pub type TemplateLines = Vec<(String, usize)>;

/// The sources of the replies' and report.yaml's blocks one render marked.
#[derive(Debug, Default, Clone)]
pub struct Marks {
    pub sources: Vec<Source>,
}

impl Marks {
    /// The mark of a new source.
    fn mark(&mut self, source: Source) -> String {
        self.sources.push(source);
        input_mark(self.sources.len() - 1)
    }
}

/// A copy of `model` whose replies' answers, overviews and conclusions carry
/// a source mark at each block, and the sources the marks point at.
pub fn mark_model(model: &DocumentModel) -> (DocumentModel, Marks) {
    let mut marks = Marks::default();
    let mut m = model.clone();
    for topic in m.topics.iter_mut().chain(m.sections.iter_mut()) {
        if let Some(o) = &topic.overview {
            topic.overview = Some(mark_blocks(o, &topic.overview_sources, &mut marks));
        }
        for e in &mut topic.entries {
            e.markdown = mark_blocks(&e.markdown, &e.sources, &mut marks);
        }
    }
    if let Some(c) = &m.conclusions {
        m.conclusions = Some(mark_blocks(c, &m.conclusions_sources, &mut marks));
    }
    (m, marks)
}

/// `markdown` with the mark of `sources[i]` before the first words of its
/// top-level block `i` (footnote definitions left out). A block past the
/// sources given (none should be) takes the last one.
fn mark_blocks(markdown: &str, sources: &[Source], marks: &mut Marks) -> String {
    use pulldown_cmark::{Event, Parser, Tag};
    let Some(last) = sources.last() else {
        return markdown.to_string();
    };
    let mut at = Vec::new();
    let mut depth = 0usize;
    let mut block: Option<usize> = None;
    let mut blocks = 0usize;
    let mut in_note = false;
    for (event, range) in Parser::new_ext(markdown, crate::markdown::options()).into_offset_iter() {
        match &event {
            Event::Start(tag) => {
                if depth == 0 {
                    in_note = matches!(tag, Tag::FootnoteDefinition(_));
                    if !in_note {
                        block = Some(blocks);
                        blocks += 1;
                    }
                }
                depth += 1;
                let inline = matches!(
                    tag,
                    Tag::Emphasis | Tag::Strong | Tag::Link { .. } | Tag::Image { .. }
                );
                if inline && !in_note {
                    if let Some(b) = block.take() {
                        at.push((range.start, b));
                    }
                }
            }
            Event::End(_) => depth -= 1,
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::InlineMath(_)
                if !in_note =>
            {
                if let Some(b) = block.take() {
                    at.push((range.start, b));
                }
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(markdown.len() + at.len() * 24);
    let mut from = 0;
    for (pos, b) in at {
        // An escaped character's text starts after its backslash: the mark
        // goes before the backslash, which must keep escaping it.
        let pos = if markdown[..pos].ends_with('\\') {
            pos - 1
        } else {
            pos
        };
        out.push_str(&markdown[from..pos]);
        out.push_str(&marks.mark(sources.get(b).unwrap_or(last).clone()));
        from = pos;
    }
    out.push_str(&markdown[from..]);
    out
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
            Some(Mark::Template(1, None))
        );
        assert_eq!(read_mark("<sgreport-src n=\"4\"/>"), Some(Mark::Input(4)));
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
            let sources: Vec<Source> = (1..=safe.blocks.len().max(1))
                .map(|l| Source::Report {
                    key: "k".into(),
                    line: l,
                    column: 1,
                })
                .collect();
            let marked = mark_blocks(&safe.markdown, &sources, &mut Marks::default());
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
    fn each_block_of_an_answer_is_marked_at_its_first_words() {
        let mut marks = Marks::default();
        let s = |l| Source::Report {
            key: "k".into(),
            line: l,
            column: 3,
        };
        let md = "*Lead* one.\n\n- a\n- b\n\n| x | y |\n| - | - |\n| 1 | 2 |\n\nNote.[^n]\n\n[^n]: Foot.\n";
        let out = mark_blocks(md, &[s(1), s(3), s(6), s(10)], &mut marks);
        assert_eq!(
            out,
            "<sgreport-src n=\"0\"/>*Lead* one.\n\n- <sgreport-src n=\"1\"/>a\n- b\n\n| <sgreport-src n=\"2\"/>x | y |\n| - | - |\n| 1 | 2 |\n\n<sgreport-src n=\"3\"/>Note.[^n]\n\n[^n]: Foot.\n"
        );
        assert_eq!(marks.sources[3], s(10));
        // A block opening with an escaped character: the mark before the
        // backslash.
        let out = mark_blocks("\\<b> x\n", &[s(1)], &mut marks);
        assert_eq!(out, "<sgreport-src n=\"4\"/>\\<b> x\n");
    }
}
