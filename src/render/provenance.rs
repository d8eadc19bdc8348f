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
    let mut in_comment = false;
    let mut in_raw = false;
    let mut in_fence = false;
    let mut tag_close: Option<&str> = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let fence = line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~");
        in_fence ^= fence;
        let skip = fence
            || in_fence
            || in_comment
            || line.starts_with("    ")
            || line.starts_with('\t')
            || ["`", "](", "]:", "<"].iter().any(|s| line.contains(s));
        if line.contains("<!--") && !line.contains("-->") {
            in_comment = true;
        } else if in_comment && line.contains("-->") {
            in_comment = false;
        }
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
            let starts_word = c.is_alphanumeric()
                && !prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '&' | '\\' | '#'));
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
