//! Document -> Markdown: the draft an editor reads (`output/<stem>.md`).
//! Headings carry their numbers (`# I. Introduction`, `## A. ...`),
//! paragraphs theirs (`12. ...`), subparagraphs their UN labels as text
//! (`(a) ...`, [`labels::item_label`]), a list typed from another number
//! keeps it (`10.`), links and footnotes are real Markdown footnotes. Every
//! piece of text goes through [`markdown_inline`], so it shows as typed.

use crate::document::{
    labels, Align, Annex, Block, Contents, ContentsRow, Document, Footnote, FootnoteId, Inline,
    List, ListStyle, Masthead, NoteMark, Row, Table,
};
use crate::escape::{markdown_inline, markdown_inline_into};

/// The document's Markdown.
pub fn to_markdown(doc: &Document) -> String {
    let mut w = Writer {
        doc,
        out: Vec::new(),
    };
    w.masthead(&doc.masthead);
    if !doc.front.is_empty() {
        w.out.push("<!-- sgreport:masthead -->".into());
        w.blocks(&doc.front, "");
    }
    w.out.push("<!-- sgreport:summary -->".into());
    if let Some(t) = &doc.summary.title {
        w.out.push(format!("**{}**", inline_text(t, true)));
    }
    w.blocks(&doc.summary.blocks, "");
    if let Some(c) = &doc.contents {
        w.out.push("<!-- sgreport:contents -->".into());
        w.out.push(contents(c));
    }
    w.out.push("<!-- sgreport:body -->".into());
    w.blocks(&doc.preamble, "");
    for c in &doc.chapters {
        w.out.push(format!(
            "# {} {}",
            labels::chapter(c.number),
            w.inlines(&c.title, "")
        ));
        w.blocks(&c.blocks, "");
        for s in &c.sections {
            w.out.push(format!(
                "## {} {}",
                labels::section(s.number),
                w.inlines(&s.title, "")
            ));
            w.blocks(&s.blocks, "");
        }
    }
    if !doc.annexes.is_empty() {
        w.out.push("<!-- sgreport:annexes -->".into());
    }
    for a in &doc.annexes {
        w.annex(a);
    }
    let mut md = w.out.join("\n\n");
    let notes: Vec<String> = doc
        .footnotes
        .iter()
        .enumerate()
        .map(|(i, f)| w.definition(FootnoteId(i), f))
        .collect();
    if !notes.is_empty() {
        md.push_str("\n\n");
        md.push_str(&notes.join("\n\n"));
    }
    md.push('\n');
    md
}

/// A footnote's label in the Markdown: `1`, `a` (annexes), `t3-a` (table 3's note a).
pub fn note_label(id: FootnoteId, mark: NoteMark) -> String {
    match mark {
        NoteMark::Number(_) | NoteMark::AnnexLetter(_) => labels::note_mark(mark),
        NoteMark::TableLetter(_) => format!("t{}-{}", id.0, labels::note_mark(mark)),
    }
}

struct Writer<'a> {
    doc: &'a Document,
    out: Vec<String>,
}

impl Writer<'_> {
    fn masthead(&mut self, m: &Masthead) {
        if m.symbol.is_empty() {
            return;
        }
        let t = |s: &str| inline_text(s, false);
        self.out.push("<!-- sgreport:masthead -->".into());
        self.out
            .push(format!("United Nations\\\n**{}**", t(&m.symbol)));
        self.out.push(format!("**{}**", t(&m.organ)));
        self.out.push(format!(
            "Distr.: {}\\\n{}\\\nOriginal: {}",
            t(&m.distribution),
            t(&m.date),
            t(&m.original_language)
        ));
        if let Some(s) = &m.status {
            self.out.push(t(s));
        }
        self.out.push("---".into());
        let s = &m.session;
        let mut session = format!(
            "{}\\\n{}\\\n{}\\\n{}",
            inline_text(&s.body, true),
            t(&s.session),
            t(&s.place_and_dates),
            t(&s.agenda_item)
        );
        if m.cover_note.is_some() {
            session.push('*');
        }
        if let Some(a) = &s.agenda_title {
            session.push_str(&format!("\\\n**{}**", t(a)));
        }
        self.out.push(session);
        self.out.push(format!("**{}**", t(&m.title)));
        let sub: Vec<String> = m.subtitle.iter().map(|s| format!("**{}**", t(s))).collect();
        if !sub.is_empty() {
            self.out.push(sub.join("\\\n"));
        }
        if let Some(n) = &m.cover_note {
            self.out.push(format!("\\* {}", t(n)));
        }
        if let Some(j) = &m.job_number {
            let mut job = inline_text(j, true);
            if let Some(b) = &m.barcode {
                job.push_str(&format!("\\\n{}", code_span(b)));
            }
            self.out.push(job);
        }
    }

    fn annex(&mut self, a: &Annex) {
        self.out
            .push(format!("# {}", labels::annex(a.number, a.only)));
        if !a.title.is_empty() {
            self.out.push(format!("## {}", self.inlines(&a.title, "")));
        }
        self.blocks(&a.blocks, "");
    }

    fn blocks(&mut self, blocks: &[Block], indent: &str) {
        for b in blocks {
            let md = self.block(b, indent);
            if !md.trim().is_empty() {
                self.out.push(md);
            }
        }
    }

    /// One block; lines after the first are indented by `indent` (the
    /// first is placed by the caller).
    fn block(&self, b: &Block, indent: &str) -> String {
        match b {
            Block::Numbered(p) => {
                let mut s = format!("{}. ", p.number);
                let pad = format!("{indent}{}", " ".repeat(s.len()));
                self.inlines_into(&p.content, &pad, &mut s, &mut true);
                for n in &p.nested {
                    s.push_str(&format!("\n\n{pad}{}", self.block(n, &pad)));
                }
                s
            }
            Block::Paragraph(p) => self.inlines(&p.content, indent),
            Block::Heading(h) => format!(
                "{} {}",
                "#".repeat(usize::from(h.level.clamp(1, 6))),
                self.inlines(&h.content, indent)
            ),
            Block::List(l) => self.list(l, indent),
            Block::Table(t) => self.table(t, indent),
            Block::Figure(f) => format!(
                "![{}]({})",
                inline_text(&labels::figure_caption(f.number, &f.title), false),
                f.file_name
            ),
            Block::Quote { blocks, .. } => blocks
                .iter()
                .map(|b| {
                    self.block(b, &format!("{indent}> "))
                        .lines()
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .map(|s| format!("> {s}"))
                .collect::<Vec<_>>()
                .join(&format!("\n{indent}>\n{indent}")),
            Block::Verbatim { lines, .. } => lines
                .iter()
                .map(|l| inline_text(l, true))
                .collect::<Vec<_>>()
                .join(&format!("\\\n{indent}")),
            Block::Rule { .. } => "---".into(),
        }
    }

    /// Lettered and roman subparagraphs as paragraphs opening with their
    /// label (Markdown has no such lists); numbers as an ordered list from
    /// the number typed; bullets as bullets.
    fn list(&self, l: &List, indent: &str) -> String {
        let mut items = Vec::new();
        for (i, item) in l.items.iter().enumerate() {
            let label = labels::item_label(l.style, l.start, i);
            let marker = match (l.style, &label) {
                (ListStyle::Bullets, _) | (_, None) => "- ".to_string(),
                (ListStyle::Numbers, Some(n)) => format!("{n} "),
                (_, Some(lbl)) => format!("{lbl} "),
            };
            let (pad, open) = match l.style {
                // A list item: its blocks continue under its text.
                ListStyle::Bullets | ListStyle::Numbers => (
                    format!("{indent}{}", " ".repeat(marker.len())),
                    marker.clone(),
                ),
                // A paragraph opening with its label: the same margin.
                _ => (indent.to_string(), marker.clone()),
            };
            let mut s = open;
            for (j, b) in item.blocks.iter().enumerate() {
                if j > 0 {
                    s.push_str(&format!("\n\n{pad}"));
                }
                s.push_str(&self.block(b, &pad));
            }
            items.push(s);
        }
        let sep = match l.style {
            ListStyle::Bullets | ListStyle::Numbers if !is_loose(l) => format!("\n{indent}"),
            _ => format!("\n\n{indent}"),
        };
        items.join(&sep)
    }

    fn table(&self, t: &Table, indent: &str) -> String {
        // Written into one string: an annex table has a row per reply.
        let row = |r: &Row, s: &mut String| {
            s.push_str("| ");
            for (i, c) in r.cells.iter().enumerate() {
                if i > 0 {
                    s.push_str(" | ");
                }
                self.inlines_into(c, "", s, &mut true);
            }
            s.push_str(" |");
        };
        let line = format!("\n{indent}");
        let mut s = String::new();
        row(&t.header, &mut s);
        let rule: Vec<&str> = t
            .align
            .iter()
            .map(|a| match a {
                Align::Left => ":---",
                Align::Center => ":---:",
                Align::Right => "---:",
                Align::Default => "---",
            })
            .collect();
        s.push_str(&line);
        s.push_str(&format!("| {} |", rule.join(" | ")));
        for r in &t.rows {
            s.push_str(&line);
            row(r, &mut s);
        }
        // Its general notes, as typed under it (its lettered notes are
        // footnote definitions).
        for p in &t.general_notes {
            s.push_str(&format!("\n\n{indent}{}", self.inlines(&p.content, indent)));
        }
        s
    }

    /// Inline runs as Markdown; a line break continues at `indent`.
    fn inlines(&self, inlines: &[Inline], indent: &str) -> String {
        let mut s = String::new();
        let mut line_start = true;
        self.inlines_into(inlines, indent, &mut s, &mut line_start);
        s
    }

    fn inlines_into(
        &self,
        inlines: &[Inline],
        indent: &str,
        s: &mut String,
        line_start: &mut bool,
    ) {
        for i in inlines {
            match i {
                Inline::Text(t) => {
                    let t = if *line_start {
                        t.trim_start()
                    } else {
                        t.as_str()
                    };
                    if t.is_empty() {
                        continue;
                    }
                    markdown_inline_into(s, t, *line_start);
                }
                Inline::Emphasis(c) => {
                    s.push('*');
                    *line_start = false;
                    self.inlines_into(c, indent, s, line_start);
                    s.push('*');
                }
                Inline::Strong(c) => {
                    s.push_str("**");
                    *line_start = false;
                    self.inlines_into(c, indent, s, line_start);
                    s.push_str("**");
                }
                Inline::Code(c) => s.push_str(&code_span(c)),
                // A real link, its text the address as printed: read back
                // (a draft diffed), it is the same address run again.
                Inline::Address { shown, address } => s.push_str(&format!(
                    "[{}](<{}>)",
                    markdown_inline(shown, false),
                    address.replace('<', "%3C").replace('>', "%3E")
                )),
                // Its note's mark is the `Inline::Note` after it.
                Inline::Link { content, .. } => self.inlines_into(content, indent, s, line_start),
                Inline::Note(id) => s.push_str(&self.reference(*id)),
                Inline::LineBreak => {
                    s.push_str(&format!("\\\n{indent}"));
                    *line_start = true;
                    continue;
                }
            }
            *line_start = false;
        }
    }

    fn reference(&self, id: FootnoteId) -> String {
        format!("[^{}]", note_label(id, self.doc.footnote(id).mark))
    }

    /// `[^1]: Available at www.unodc.org.`; later paragraphs indented.
    fn definition(&self, id: FootnoteId, f: &Footnote) -> String {
        let paras: Vec<String> = f
            .paragraphs
            .iter()
            .map(|p| self.inlines(p, "    "))
            .collect();
        format!("[^{}]: {}", note_label(id, f.mark), paras.join("\n\n    "))
    }
}

/// Whether any item of a list holds more than one block (a loose list).
fn is_loose(l: &List) -> bool {
    l.items.iter().any(|i| i.blocks.len() > 1)
}

/// Plain text as Markdown, shown as typed.
fn inline_text(s: &str, line_start: bool) -> String {
    markdown_inline(s, line_start)
}

/// A code span holding `s`, its backtick fence longer than any run inside.
fn code_span(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// The contents as a Markdown table.
fn contents(c: &Contents) -> String {
    let mut md = format!(
        "**{}**\n\n|  |  | Paragraphs |\n| :--- | :--- | ---: |\n",
        inline_text(&c.title, false)
    );
    for row in &c.rows {
        let t = |s: &str| inline_text(s, false);
        let line = match row {
            ContentsRow::Chapter {
                number,
                title,
                paragraphs,
            } => format!(
                "| {} | {} | {} |",
                labels::chapter(*number),
                t(title),
                labels::paragraph_range(*paragraphs)
            ),
            ContentsRow::Section {
                number,
                title,
                paragraphs,
                ..
            } => format!(
                "|  | {} {} | {} |",
                labels::section(*number),
                t(title),
                labels::paragraph_range(*paragraphs)
            ),
            ContentsRow::AnnexesHeading { count } => {
                format!("| {} |  |  |", labels::annexes_heading(*count))
            }
            ContentsRow::FiguresHeading { count } => {
                format!("| {} |  |  |", labels::figures_heading(*count))
            }
            ContentsRow::Annex { number, title } | ContentsRow::Figure { number, title } => {
                format!("| {} | {} |  |", labels::contents_number(*number), t(title))
            }
        };
        md.push_str(&line);
        md.push('\n');
    }
    md.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::number_markdown;

    fn md(rendered: &str) -> String {
        to_markdown(&number_markdown(rendered))
    }

    #[test]
    fn links_and_notes_are_real_footnotes() {
        let out = md("<!-- sgreport:body -->\n\n# A\n\nSee the [Office](https://www.unodc.org/) and <https://www.un.org>.[^x]\n\n[^x]: A note.\n");
        assert!(
            out.contains("1. See the Office[^1] and [www.un.org](<https://www.un.org>).[^2]"),
            "{out}"
        );
        assert!(
            out.ends_with(
                "[^1]: Available at [www.unodc.org](<https://www.unodc.org/>).\n\n[^2]: A note.\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn a_note_mark_follows_the_punctuation_after_a_link_or_a_reference() {
        let out = md("<!-- sgreport:body -->\n\n# A\n\nWith the [Office](https://www.unodc.org/). As *the Act*[^x], \"the Code[^y]\".\n\n[^x]: A note.\n\n[^y]: B note.\n");
        assert!(
            out.contains("1. With the Office.[^1] As *the Act*,[^2] \u{201C}the Code\u{201D}.[^3]"),
            "{out}"
        );
    }

    #[test]
    fn text_is_shown_as_typed_with_typographic_quotes() {
        let out = md("<!-- sgreport:body -->\n\n# A\n\nThe \"serious crime\" of `a*b` \\*not\\* *em* **strong**.\n");
        assert!(
            out.contains(
                "1. The \u{201C}serious crime\u{201D} of `a*b` \\*not\\* *em* **strong**."
            ),
            "{out}"
        );
    }

    #[test]
    fn table_notes_and_annex_notes_are_lettered() {
        let out = md("<!-- sgreport:body -->\n\n# A\n\nText.\n\n| Region | Cases |\n| --- | ---: |\n| North[^n] | 12 |\n\n<!-- sgreport:annexes -->\n\n# Annex\n\n## T\n\nSource.[^a]\n\n[^n]: Provisional.\n\n[^a]: Annex note.\n");
        assert!(out.contains("| North[^t0-a] | 12 |"), "{out}");
        assert!(out.contains("Source.[^a]"), "{out}");
        assert!(
            out.contains("[^t0-a]: Provisional.\n\n[^a]: Annex note."),
            "{out}"
        );
    }
}
