//! A reply's answer is Markdown typed by a colleague from a note verbale. It may
//! use paragraphs, emphasis, lists, links, footnotes and tables; it must not add
//! headings, and anything else (raw HTML, images, code) is shown as typed.
//!
//! The answer is parsed with pulldown-cmark and written out again from the
//! parse, every piece of text through [`crate::escape::markdown_inline`], so the
//! result can only contain the structure listed above.

use pulldown_cmark::{Alignment, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::escape::markdown_inline;

/// An answer rewritten as safe Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeMarkdown {
    pub markdown: String,
    /// Whether the answer opens with a paragraph, so an attribution can run in.
    pub starts_with_paragraph: bool,
}

/// A problem inside the answer text: 0-based line and 0-based byte column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerProblem {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: String,
}

pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES
}

/// Rewrites `text`. Footnote labels get `footnote_prefix` so that footnotes
/// from different replies never collide.
pub fn sanitise(text: &str, footnote_prefix: &str) -> Result<SafeMarkdown, Vec<AnswerProblem>> {
    let mut w = Writer::new(footnote_prefix);
    let mut problems = Vec::new();
    let mut first_block = None;
    let mut skip_heading = false;
    for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        if skip_heading {
            skip_heading = !matches!(event, Event::End(TagEnd::Heading(_)));
            continue;
        }
        if let Event::Start(tag) = &event {
            if w.depth == 0 && first_block.is_none() {
                first_block = Some(matches!(tag, Tag::Paragraph));
            }
            if let Tag::Heading { .. } = tag {
                let line = text[..range.start].matches('\n').count();
                let column = range.start - text[..range.start].rfind('\n').map_or(0, |i| i + 1);
                problems.push(AnswerProblem {
                    line,
                    column,
                    message: "an answer may not contain a heading".into(),
                    help: "the report's headings come from report.yaml; write this as a paragraph \
                           (to keep a literal `#`, write `\\#`)"
                        .into(),
                });
                skip_heading = true;
                continue;
            }
        }
        w.event(event);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(SafeMarkdown {
        markdown: w.finish(),
        starts_with_paragraph: first_block.unwrap_or(false),
    })
}

/// Where text is being collected instead of written straight out.
enum Capture {
    /// Code and HTML blocks: shown as typed, line by line.
    Verbatim(String),
    /// Images: only their description is kept.
    ImageAlt,
}

struct Writer<'p> {
    out: String,
    footnotes: String,
    prefix: &'p str,
    /// Indentation that continues each open container (list items, quotes).
    indents: Vec<String>,
    at_line_start: bool,
    /// Block nesting depth, to tell top-level blocks.
    depth: usize,
    /// Whether a block was already written in the current container.
    had_block: Vec<bool>,
    lists: Vec<Option<u64>>,
    links: Vec<Option<String>>,
    table: Option<Table>,
    capture: Option<Capture>,
    in_footnote: Option<String>,
    /// The next block runs on after a footnote label instead of starting a line.
    run_on: bool,
}

struct Table {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<String>>,
    header_rows: usize,
    in_head: bool,
}

impl<'p> Writer<'p> {
    fn new(prefix: &'p str) -> Self {
        Writer {
            out: String::new(),
            footnotes: String::new(),
            prefix,
            indents: Vec::new(),
            at_line_start: true,
            depth: 0,
            had_block: vec![false],
            lists: Vec::new(),
            links: Vec::new(),
            table: None,
            capture: None,
            in_footnote: None,
            run_on: false,
        }
    }

    fn finish(mut self) -> String {
        let mut md = std::mem::take(&mut self.out).trim_end().to_string();
        if !self.footnotes.is_empty() {
            md.push_str("\n\n");
            md.push_str(self.footnotes.trim_end());
        }
        md
    }

    fn label(&self, label: &str) -> String {
        format!("{}-{}", self.prefix, crate::escape::slug(label))
    }

    /// Writes raw Markdown syntax (never text from the answer).
    fn syntax(&mut self, s: &str) {
        if self.at_line_start {
            let indent: String = self.indents.concat();
            self.out.push_str(&indent);
            self.at_line_start = false;
        }
        self.out.push_str(s);
    }

    fn text(&mut self, s: &str) {
        match &mut self.capture {
            Some(Capture::Verbatim(buf)) => return buf.push_str(s),
            Some(Capture::ImageAlt) => {}
            None => {}
        }
        let escaped = markdown_inline(s, self.at_line_start);
        self.syntax(&escaped);
    }

    fn newline(&mut self) {
        self.out.push('\n');
        self.at_line_start = true;
    }

    fn blank_line(&mut self) {
        if !self.at_line_start {
            self.newline();
        }
        let indent = self.indents.concat();
        self.out.push_str(indent.trim_end());
        self.newline();
    }

    /// Separates a new block from the one before it in the same container.
    fn open_block(&mut self) {
        let had = self.had_block.last().copied().unwrap_or(false);
        if std::mem::take(&mut self.run_on) {
            // Runs on after `[^label]: `.
        } else if had {
            self.blank_line();
        } else if !self.at_line_start {
            self.newline();
        }
        if let Some(h) = self.had_block.last_mut() {
            *h = true;
        }
        self.depth += 1;
    }

    fn close_block(&mut self) {
        self.depth -= 1;
        if !self.at_line_start {
            self.newline();
        }
    }

    fn event(&mut self, event: Event) {
        if self.table.is_some() && self.table_event(&event) {
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(&t)
            }
            Event::Html(t) | Event::InlineHtml(t) => self.text(&t),
            Event::FootnoteReference(label) => {
                let l = self.label(&label);
                self.syntax(&format!("[^{l}]"));
            }
            Event::SoftBreak => {
                if let Some(Capture::Verbatim(buf)) = &mut self.capture {
                    buf.push('\n');
                } else {
                    self.newline();
                }
            }
            Event::HardBreak => {
                self.syntax("\\");
                self.newline();
            }
            Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => self.open_block(),
            Tag::BlockQuote(_) => {
                self.open_block();
                self.syntax("");
                self.indents.push("> ".into());
                self.had_block.push(false);
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock => {
                self.open_block();
                self.capture = Some(Capture::Verbatim(String::new()));
            }
            Tag::List(start) => {
                self.open_block();
                self.lists.push(start);
            }
            Tag::Item => {
                if !self.at_line_start {
                    self.newline();
                }
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "- ".to_string(),
                };
                self.syntax(&marker);
                self.indents.push(" ".repeat(marker.len()));
                self.had_block.push(false);
                // Tight items hold their text directly: let it follow the marker.
                *self.had_block.last_mut().expect("item") = false;
            }
            Tag::FootnoteDefinition(label) => {
                let l = self.label(&label);
                // Write the definition into the footnote area.
                let body = std::mem::take(&mut self.out);
                self.in_footnote = Some(body);
                self.open_block();
                self.syntax(&format!("[^{l}]: "));
                self.indents.push("    ".into());
                self.had_block.push(false);
                // The first paragraph runs on after the label.
                self.run_on = true;
            }
            Tag::Table(alignments) => {
                self.open_block();
                self.table = Some(Table {
                    alignments,
                    rows: Vec::new(),
                    header_rows: 0,
                    in_head: false,
                });
            }
            Tag::Emphasis => self.syntax("*"),
            Tag::Strong => self.syntax("**"),
            Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {}
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let url = safe_url(&dest_url).filter(|_| !matches!(link_type, LinkType::Email));
                match url {
                    Some(u) => {
                        self.syntax("[");
                        self.links.push(Some(u));
                    }
                    None => self.links.push(None),
                }
                if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    // The text of an autolink is the address itself.
                }
            }
            Tag::Image { .. } => self.capture = Some(Capture::ImageAlt),
            Tag::Heading { .. }
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.close_block(),
            TagEnd::BlockQuote(_) => {
                self.indents.pop();
                self.had_block.pop();
                self.close_block();
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                if let Some(Capture::Verbatim(buf)) = self.capture.take() {
                    let lines: Vec<&str> = buf.trim_end_matches('\n').lines().collect();
                    for (i, line) in lines.iter().enumerate() {
                        self.text(line.trim());
                        if i + 1 < lines.len() {
                            self.syntax("\\");
                            self.newline();
                        }
                    }
                }
                self.close_block();
            }
            TagEnd::List(_) => {
                self.lists.pop();
                self.close_block();
            }
            TagEnd::Item => {
                self.indents.pop();
                self.had_block.pop();
                if !self.at_line_start {
                    self.newline();
                }
            }
            TagEnd::FootnoteDefinition => {
                self.indents.pop();
                self.had_block.pop();
                self.close_block();
                let body = self.in_footnote.take().unwrap_or_default();
                let note = std::mem::replace(&mut self.out, body);
                self.footnotes.push_str(note.trim_start_matches('\n'));
                self.footnotes.push('\n');
            }
            TagEnd::Emphasis => self.syntax("*"),
            TagEnd::Strong => self.syntax("**"),
            TagEnd::Link => {
                if let Some(url) = self.links.pop().flatten() {
                    self.syntax(&format!("](<{url}>)"));
                }
            }
            TagEnd::Image => self.capture = None,
            _ => {}
        }
    }

    /// Collects a table's cells; returns true when the event was consumed.
    fn table_event(&mut self, event: &Event) -> bool {
        match event {
            Event::Start(Tag::TableHead) => {
                let t = self.table.as_mut().expect("table");
                t.in_head = true;
                t.rows.push(Vec::new());
            }
            Event::End(TagEnd::TableHead) => {
                let t = self.table.as_mut().expect("table");
                t.in_head = false;
                t.header_rows = t.rows.len();
            }
            Event::Start(Tag::TableRow) => {
                self.table.as_mut().expect("table").rows.push(Vec::new())
            }
            Event::Start(Tag::TableCell) => {
                // Render the cell's inline content on its own.
                self.out.push('\u{0}');
                self.at_line_start = false;
            }
            Event::End(TagEnd::TableCell) => {
                let start = self.out.rfind('\u{0}').expect("cell start");
                let cell = self.out.split_off(start)[1..].trim().to_string();
                self.table
                    .as_mut()
                    .expect("table")
                    .rows
                    .last_mut()
                    .expect("row")
                    .push(cell);
            }
            Event::End(TagEnd::Table) => {
                let t = self.table.take().expect("table");
                self.write_table(t);
                self.close_block();
            }
            Event::End(TagEnd::TableRow) => {}
            _ => return false,
        }
        true
    }

    fn write_table(&mut self, t: Table) {
        let cols = t.alignments.len().max(1);
        let row_line = |cells: &[String]| {
            let mut line = String::from("|");
            for i in 0..cols {
                line.push(' ');
                line.push_str(cells.get(i).map_or("", String::as_str));
                line.push_str(" |");
            }
            line
        };
        let empty = Vec::new();
        let head = if t.header_rows > 0 {
            &t.rows[0]
        } else {
            &empty
        };
        let mut lines = vec![row_line(head)];
        let rule: String = t
            .alignments
            .iter()
            .map(|a| match a {
                Alignment::Left => " :--- |",
                Alignment::Center => " :---: |",
                Alignment::Right => " ---: |",
                Alignment::None => " --- |",
            })
            .collect();
        lines.push(format!("|{rule}"));
        for row in t.rows.iter().skip(t.header_rows.min(1)) {
            lines.push(row_line(row));
        }
        self.at_line_start = true;
        for line in lines {
            self.syntax(&line);
            self.newline();
        }
    }
}

/// Only web and mail addresses become links; the address is written so that it
/// cannot end the link early.
fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    if !(lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:"))
    {
        return None;
    }
    let mut out = String::new();
    for c in url.trim().chars() {
        match c {
            '<' | '>' | ' ' | '\\' | '`' | '"' => out.push_str(&format!("%{:02X}", c as u32)),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(s: &str) -> String {
        sanitise(s, "peru").unwrap().markdown
    }

    #[test]
    fn keeps_allowed_structure() {
        assert_eq!(
            md("One *two* **three**.\n\nFour."),
            "One *two* **three**.\n\nFour."
        );
        assert_eq!(md("Intro:\n\n- a\n- b"), "Intro:\n\n- a\n- b");
        assert_eq!(
            md("See [UNODC](https://www.unodc.org/)."),
            "See [UNODC](<https://www.unodc.org/>)."
        );
    }

    #[test]
    fn footnotes_get_the_reply_prefix() {
        assert_eq!(
            md("Text.[^1]\n\n[^1]: Note."),
            "Text.[^peru-1]\n\n[^peru-1]: Note."
        );
    }

    #[test]
    fn html_and_scripts_are_shown_as_typed() {
        assert_eq!(
            md("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(md("a <b>bold</b> c"), "a \\<b\\>bold\\</b\\> c");
    }

    #[test]
    fn unsafe_links_keep_their_text_only() {
        assert_eq!(md("[click](javascript:alert(1))"), "click");
        assert_eq!(md("![x](/etc/passwd)"), "x");
    }

    #[test]
    fn headings_are_refused_with_their_line() {
        let err = sanitise("Fine.\n\n## Heading\n", "p").unwrap_err();
        assert_eq!((err[0].line, err[0].column), (2, 0));
    }

    #[test]
    fn tables_survive() {
        let t = "| Year | Cases |\n|---|--:|\n| 2002 | 4 |";
        assert_eq!(md(t), "| Year | Cases |\n| --- | ---: |\n| 2002 | 4 |");
    }

    #[test]
    fn result_is_stable_when_sanitised_again() {
        let t = "A #1 <x> & $5 [b] *c* \\ d\n\n1) one\n2) two\n\n> quote";
        let once = md(t);
        assert_eq!(md(&once), once);
    }
}
