//! The numbering pass: the rendered templates say what the report says; this
//! pass makes it a numbered [`Document`], so no number is ever typed in a
//! template.
//!
//! In the body, `#` headings open chapters (I, II ...), `##` headings
//! sections (A, B ...), and every top-level paragraph is numbered,
//! consecutively across chapters. Lists, tables, quotes and code that follow
//! a paragraph are nested into it, as its subparagraphs. In the annexes, `#`
//! opens an annex (`Annex I`, or `Annex` when there is only one) and the
//! next `##` is its title; a figure request (`![title](figure:key)`) becomes
//! a numbered figure. The contents rows, with each chapter's and section's
//! paragraph range, are made here from what was numbered.

use crate::document::build::{Flow, Item};
use crate::document::{
    plain_text, Annex, Block, Chapter, Contents, ContentsRow, Document, Figure, Inline, Masthead,
    NumberedParagraph, Section, Source, Summary,
};

pub use crate::document::build::Region;

/// Whose numbers the body's paragraphs carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    /// The templates' output: every top-level paragraph of the body is
    /// numbered here.
    Assign,
    /// A draft read back (the redline): the numbers are those typed (a
    /// top-level ordered list of the body is its numbered paragraphs); the
    /// masthead and contents are shown as the text they are.
    AsTyped,
}

/// What the numbering pass needs besides the flow.
pub struct Frame<'a> {
    pub symbol: String,
    pub file_stem: String,
    /// None: a draft read back, whose masthead is its text.
    pub masthead: Option<Masthead>,
    /// The chart of figure `number` of statistic `key`, if it can be drawn.
    pub chart: &'a dyn Fn(u32, &str, &str) -> Option<crate::chart::Figure>,
}

impl Frame<'static> {
    /// The frame of a draft read back or of Markdown without a model: no
    /// file stem, no masthead fields (its masthead is its text), no chart.
    pub fn draft(symbol: &str) -> Frame<'static> {
        fn no_chart(_: u32, _: &str, _: &str) -> Option<crate::chart::Figure> {
            None
        }
        Frame {
            symbol: symbol.to_string(),
            file_stem: String::new(),
            masthead: None,
            chart: &no_chart,
        }
    }
}

/// Numbers `flow` (see the module's documentation).
pub fn number(flow: Flow, numbers: Numbers, frame: &Frame) -> Document {
    let annex_total = flow
        .items
        .iter()
        .scan(Region::Masthead, |r, i| {
            if let Item::Region(n) = i {
                *r = *n;
            }
            Some(matches!(i, Item::Heading { level: 1, .. }) && *r == Region::Annexes)
        })
        .filter(|x| *x)
        .count() as u32;
    let mut n = Numberer {
        numbers,
        frame,
        annex_total,
        doc: Document {
            symbol: frame.symbol.clone(),
            file_stem: frame.file_stem.clone(),
            masthead: frame.masthead.clone().unwrap_or_default(),
            front: Vec::new(),
            summary: Summary::default(),
            contents: None,
            preamble: Vec::new(),
            chapters: Vec::new(),
            annexes: Vec::new(),
            footnotes: flow.footnotes,
            paragraph_count: 0,
        },
        region: Region::Masthead,
        open: false,
        figures: 0,
    };
    for item in flow.items {
        n.item(item);
    }
    n.finish()
}

struct Numberer<'a> {
    numbers: Numbers,
    frame: &'a Frame<'a>,
    annex_total: u32,
    doc: Document,
    region: Region,
    /// Whether the last block is a numbered paragraph later blocks nest into.
    open: bool,
    figures: u32,
}

impl Numberer<'_> {
    fn item(&mut self, item: Item) {
        let draft = self.numbers == Numbers::AsTyped;
        match (self.region, item) {
            (_, Item::Region(r)) => {
                self.region = r;
                self.open = false;
                if r == Region::Contents {
                    self.doc.contents = Some(Contents {
                        title: "Contents".to_string(),
                        rows: Vec::new(),
                    });
                }
            }
            // The contents are made from what is numbered; a draft's
            // masthead is kept as its text.
            (Region::Contents, item) => drop(item),
            (Region::Masthead, Item::Block(b)) if draft => self.doc.front.push(b),
            (Region::Masthead, item) => drop(item),
            (
                Region::Body,
                Item::Heading {
                    level,
                    mut content,
                    source,
                },
            ) if level <= 2 => {
                self.open = false;
                if draft {
                    strip_number(&mut content);
                }
                self.body_heading(level, content, source);
            }
            (
                Region::Annexes,
                Item::Heading {
                    level: 1, source, ..
                },
            ) => {
                self.open = false;
                let number = self.doc.annexes.len() as u32 + 1;
                self.doc.annexes.push(Annex {
                    number,
                    only: self.annex_total == 1,
                    title: Vec::new(),
                    source,
                    blocks: Vec::new(),
                });
            }
            (
                Region::Annexes,
                Item::Heading {
                    level: 2,
                    content,
                    source,
                },
            ) if self.doc.annexes.last().is_some_and(|a| a.title.is_empty()) => {
                let a = self.doc.annexes.last_mut().expect("checked");
                a.title = content;
                if matches!(a.source, Source::Generated) {
                    a.source = source;
                }
            }
            (Region::Annexes, Item::Figure { title, key, source }) => {
                self.figure(title, key, source)
            }
            (region, Item::Figure { title, source, .. }) => {
                let _ = region;
                self.push(Block::Paragraph(crate::document::Paragraph {
                    content: vec![Inline::Text(title)],
                    source,
                }));
            }
            (
                _,
                Item::Heading {
                    level,
                    content,
                    source,
                },
            ) => {
                self.open = false;
                self.push(Block::Heading(crate::document::Heading {
                    level,
                    content,
                    source,
                }));
            }
            (Region::Body, Item::Block(b)) => self.body_block(b),
            (Region::Summary, Item::Block(Block::Paragraph(p)))
                if self.doc.summary.title.is_none()
                    && self.doc.summary.blocks.is_empty()
                    && is_title(&p.content) =>
            {
                self.doc.summary.title = Some(plain_text(&p.content));
            }
            (_, Item::Block(b)) => {
                self.open = false;
                self.push(b);
            }
        }
    }

    /// A chapter (`#`) or section (`##`) of the body.
    fn body_heading(&mut self, level: u8, title: Vec<Inline>, source: Source) {
        if level == 1 || self.doc.chapters.is_empty() {
            let number = self.doc.chapters.len() as u32 + 1;
            self.doc.chapters.push(Chapter {
                number,
                title: if level == 1 {
                    title.clone()
                } else {
                    Vec::new()
                },
                source: source.clone(),
                blocks: Vec::new(),
                sections: Vec::new(),
            });
            if level == 1 {
                return;
            }
        }
        let chapter = self.doc.chapters.last_mut().expect("one was opened");
        chapter.sections.push(Section {
            number: chapter.sections.len() as u32 + 1,
            title,
            source,
            blocks: Vec::new(),
        });
    }

    fn body_block(&mut self, b: Block) {
        match (self.numbers, b) {
            (Numbers::Assign, Block::Paragraph(p)) => {
                self.doc.paragraph_count += 1;
                let numbered = NumberedParagraph {
                    number: self.doc.paragraph_count,
                    content: p.content,
                    source: p.source,
                    nested: Vec::new(),
                };
                self.push(Block::Numbered(numbered));
                self.open = true;
            }
            (Numbers::AsTyped, Block::List(l))
                if !matches!(l.style, crate::document::ListStyle::Bullets) && !self.open =>
            {
                for (i, item) in l.items.into_iter().enumerate() {
                    let mut blocks = item.blocks.into_iter();
                    let content = match blocks.next() {
                        Some(Block::Paragraph(p)) => p.content,
                        Some(other) => {
                            self.push(other);
                            Vec::new()
                        }
                        None => Vec::new(),
                    };
                    let number = u32::try_from(l.start + i as u64).unwrap_or(u32::MAX);
                    self.doc.paragraph_count = self.doc.paragraph_count.max(number);
                    let mut nested = relist(blocks.collect());
                    restyle(&mut nested, 0);
                    self.push(Block::Numbered(NumberedParagraph {
                        number,
                        content,
                        source: item.source,
                        nested,
                    }));
                }
            }
            (
                _,
                b @ (Block::List(_)
                | Block::Table(_)
                | Block::Quote { .. }
                | Block::Verbatim { .. }
                | Block::Rule { .. }),
            ) if self.open => {
                if let Some(Block::Numbered(p)) = self.blocks().last_mut() {
                    p.nested.push(b);
                }
            }
            (_, b) => {
                self.open = false;
                self.push(b);
            }
        }
    }

    /// A figure of the annexes, numbered through the document.
    fn figure(&mut self, title: String, key: String, source: Source) {
        self.figures += 1;
        let number = self.figures;
        let file_name = crate::output::names::DocumentNames::with_stem(&self.frame.file_stem)
            .figure(number as usize)
            .to_string();
        let chart = (self.frame.chart)(number, &key, &file_name);
        self.push(Block::Figure(Figure {
            number,
            key,
            title,
            file_name,
            chart,
            source,
        }));
    }

    /// Where blocks go now.
    fn blocks(&mut self) -> &mut Vec<Block> {
        match self.region {
            Region::Summary => &mut self.doc.summary.blocks,
            Region::Body => match self.doc.chapters.last_mut() {
                Some(c) => match c.sections.last_mut() {
                    Some(s) => &mut s.blocks,
                    None => &mut c.blocks,
                },
                None => &mut self.doc.preamble,
            },
            Region::Annexes => match self.doc.annexes.last_mut() {
                Some(a) => &mut a.blocks,
                None => &mut self.doc.preamble,
            },
            Region::Masthead => &mut self.doc.front,
            Region::Contents => &mut self.doc.preamble,
        }
    }

    fn push(&mut self, b: Block) {
        self.blocks().push(b);
    }

    fn finish(mut self) -> Document {
        if let Some(c) = &mut self.doc.contents {
            c.rows = contents_rows(&self.doc.chapters, &self.doc.annexes);
        }
        self.doc
    }
}

/// A draft's subparagraphs, printed as paragraphs that start with their
/// labels (`(a) ...`, `(b) ...`): a list again, as in the document they
/// were printed from (the Word redline then gives them their hanging
/// labels, as `build --docx` does).
fn relist(blocks: Vec<Block>) -> Vec<Block> {
    use crate::document::{labels, List, ListItem, ListStyle, Paragraph};
    let mut out: Vec<Block> = Vec::new();
    for b in blocks {
        let Block::Paragraph(mut p) = b else {
            out.push(b);
            continue;
        };
        let next = match out.last() {
            Some(Block::List(l)) => labels::item_label(l.style, 1, l.items.len()),
            _ => None,
        };
        let first = [ListStyle::Letters, ListStyle::Roman]
            .into_iter()
            .find(|s| {
                starts_with_label(
                    &p.content,
                    &labels::item_label(*s, 1, 0).unwrap_or_default(),
                )
            });
        let label = match (&next, first) {
            (Some(n), _) if starts_with_label(&p.content, n) => n.clone(),
            (_, Some(style)) => {
                out.push(Block::List(List {
                    style,
                    start: 1,
                    items: Vec::new(),
                    source: p.source.clone(),
                }));
                labels::item_label(style, 1, 0).unwrap_or_default()
            }
            _ => {
                out.push(Block::Paragraph(p));
                continue;
            }
        };
        if let Some(Inline::Text(t)) = p.content.first_mut() {
            t.drain(..label.len() + 1);
        }
        if let Some(Block::List(l)) = out.last_mut() {
            let source = p.source.clone();
            l.items.push(ListItem {
                blocks: vec![Block::Paragraph(Paragraph {
                    content: p.content,
                    source: p.source,
                })],
                source,
            });
        }
    }
    out
}

/// Whether a paragraph starts with `label` and a space.
fn starts_with_label(content: &[Inline], label: &str) -> bool {
    matches!(content.first(), Some(Inline::Text(t))
        if t.strip_prefix(label).is_some_and(|r| r.starts_with(' ')))
}

/// Subparagraph lists `depth` deep and below lettered again by their depth:
/// a draft's numbered paragraphs were a list around them.
fn restyle(blocks: &mut [Block], depth: usize) {
    use crate::document::{labels, ListStyle};
    for b in blocks {
        if let Block::List(l) = b {
            if matches!(l.style, ListStyle::Letters | ListStyle::Roman) {
                l.style = labels::list_style(depth, true, 1, true);
            }
            for item in &mut l.items {
                restyle(&mut item.blocks, depth + 1);
            }
        }
    }
}

/// A draft's heading without the number it was printed with (`I.`, `A.`):
/// the number is the Document's.
fn strip_number(content: &mut [Inline]) {
    if let Some(Inline::Text(t)) = content.first_mut() {
        let cut = t
            .split_once(' ')
            .filter(|(n, _)| n.ends_with('.') && n.len() <= 6)
            .map(|(n, _)| n.len() + 1);
        if let Some(cut) = cut {
            t.drain(..cut);
        }
    }
}

/// A paragraph that is a single bold run: the summary's title.
fn is_title(content: &[Inline]) -> bool {
    matches!(content, [Inline::Strong(_)])
}

/// The contents: chapters and sections with their paragraph ranges, then
/// the annexes, then the figures.
fn contents_rows(chapters: &[Chapter], annexes: &[Annex]) -> Vec<ContentsRow> {
    let mut rows = Vec::new();
    for c in chapters {
        rows.push(ContentsRow::Chapter {
            number: c.number,
            title: plain_text(&c.title),
            paragraphs: range(
                c.blocks
                    .iter()
                    .chain(c.sections.iter().flat_map(|s| s.blocks.iter())),
            ),
        });
        for s in &c.sections {
            rows.push(ContentsRow::Section {
                chapter: c.number,
                number: s.number,
                title: plain_text(&s.title),
                paragraphs: range(s.blocks.iter()),
            });
        }
    }
    if !annexes.is_empty() {
        rows.push(ContentsRow::AnnexesHeading {
            count: annexes.len() as u32,
        });
        rows.extend(annexes.iter().map(|a| ContentsRow::Annex {
            number: a.number,
            title: plain_text(&a.title),
        }));
    }
    let figures: Vec<&Figure> = annexes
        .iter()
        .flat_map(|a| a.blocks.iter())
        .filter_map(|b| match b {
            Block::Figure(f) => Some(f),
            _ => None,
        })
        .collect();
    if !figures.is_empty() {
        rows.push(ContentsRow::FiguresHeading {
            count: figures.len() as u32,
        });
        rows.extend(figures.iter().map(|f| ContentsRow::Figure {
            number: f.number,
            title: f.title.clone(),
        }));
    }
    rows
}

/// First and last numbered paragraph among `blocks`.
fn range<'a>(blocks: impl Iterator<Item = &'a Block>) -> Option<(u32, u32)> {
    let mut out: Option<(u32, u32)> = None;
    for b in blocks {
        if let Block::Numbered(p) = b {
            out = Some(out.map_or((p.number, p.number), |(f, _)| (f, p.number)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::document::{plain_text, Block, ContentsRow, Document, ListStyle};
    use crate::render::markdown::to_markdown;
    use crate::render::number_markdown;

    /// A draft's Markdown read back with its numbers as typed (the redline).
    fn number_draft(md: &str) -> Document {
        let none = |_: u32, _: &str, _: &str| None;
        let frame = super::Frame {
            symbol: String::new(),
            file_stem: String::new(),
            masthead: None,
            chart: &none,
        };
        let flow = crate::document::build::read(md, &crate::document::build::NoSources);
        super::number(flow, super::Numbers::AsTyped, &frame)
    }

    /// `blocks` in short: `(a) text` for a list item, `¶ text` for a
    /// paragraph (a subparagraph's label is then part of its text).
    fn shape(blocks: &[Block]) -> Vec<String> {
        let mut out = Vec::new();
        for b in blocks {
            match b {
                Block::Paragraph(p) => out.push(format!("¶ {}", plain_text(&p.content))),
                Block::List(l) => {
                    for (i, item) in l.items.iter().enumerate() {
                        let label = crate::document::labels::item_label(l.style, l.start, i);
                        let text = shape(&item.blocks).join(" / ");
                        out.push(format!("{} {text}", label.unwrap_or_default()));
                    }
                }
                other => out.push(format!("{other:?}")),
            }
        }
        out
    }

    #[test]
    fn numbers_paragraphs_across_chapters_and_nests_lists() {
        let md = "<!-- sgreport:body -->\n\n# Intro\n\nOne.\n\nTwo\nlines.\n\n- a\n- b\n\n# Next\n\n## Part\n\nThree.\n";
        let doc = number_markdown(md);
        assert_eq!(
            to_markdown(&doc),
            "<!-- sgreport:summary -->\n\n<!-- sgreport:body -->\n\n# I. Intro\n\n1. One.\n\n2. Two lines.\n\n   (a) a\n\n   (b) b\n\n# II. Next\n\n## A. Part\n\n3. Three.\n"
        );
        let Some(Block::Numbered(p)) = doc.chapters[0].blocks.get(1) else {
            panic!("{doc:?}")
        };
        assert!(matches!(&p.nested[..], [Block::List(l)] if l.style == ListStyle::Letters));
        assert_eq!(doc.paragraph_count, 3);
    }

    #[test]
    fn the_contents_rows_carry_numbers_and_paragraph_ranges() {
        let md = "<!-- sgreport:contents -->\n\n<!-- sgreport:body -->\n\n# Intro\n\nOne.\n\nTwo.\n\n# Next\n\n## Part\n\nThree.\n\n<!-- sgreport:annexes -->\n\n# Annex\n\n## Cases, 2000-2003\n\n![Cases, 2000-2003](figure:cases)\n\n# Annex\n\n## Deaths\n\n![not a figure](figure:Bad)\n";
        let doc = number_markdown(md);
        let rows = &doc.contents.as_ref().expect("contents").rows;
        assert_eq!(
            rows,
            &[
                ContentsRow::Chapter {
                    number: 1,
                    title: "Intro".into(),
                    paragraphs: Some((1, 2))
                },
                ContentsRow::Chapter {
                    number: 2,
                    title: "Next".into(),
                    paragraphs: Some((3, 3))
                },
                ContentsRow::Section {
                    chapter: 2,
                    number: 1,
                    title: "Part".into(),
                    paragraphs: Some((3, 3))
                },
                ContentsRow::AnnexesHeading { count: 2 },
                ContentsRow::Annex {
                    number: 1,
                    title: "Cases, 2000-2003".into()
                },
                ContentsRow::Annex {
                    number: 2,
                    title: "Deaths".into()
                },
                ContentsRow::FiguresHeading { count: 1 },
                ContentsRow::Figure {
                    number: 1,
                    title: "Cases, 2000-2003".into()
                },
            ]
        );
        let md = to_markdown(&doc);
        assert!(
            md.contains(
                "# Annex I\n\n## Cases, 2000-2003\n\n![Figure I. Cases, 2000-2003](.figure-1.svg)"
            ),
            "{md}"
        );
        assert!(md.contains("| Annexes |  |  |\n| I. | Cases, 2000-2003 |  |\n| II. | Deaths |  |\n| Figure |  |  |\n| I. | Cases, 2000-2003 |  |"), "{md}");
        // Not a figure's key: the image's text.
        assert!(
            md.contains("# Annex II\n\n## Deaths\n\nnot a figure"),
            "{md}"
        );
    }

    #[test]
    fn the_templates_masthead_text_is_dropped_and_a_bold_opening_is_the_summarys_title() {
        let md = "<!-- sgreport:masthead -->\n\nTyped masthead.\n\n<!-- sgreport:summary -->\n\n**Summary**\n\nThe report.\n\n**Not a title**\n\n<!-- sgreport:body -->\n\n# Intro\n\nOne.\n\n### Detail\n\nTwo.\n\n# Next\n\nThree.\n\n<!-- sgreport:annexes -->\n\n# Annex\n\n## Cases\n\nText.\n";
        let doc = number_markdown(md);
        assert_eq!(
            to_markdown(&doc),
            "<!-- sgreport:summary -->\n\n**Summary**\n\nThe report.\n\n**Not a title**\n\n<!-- sgreport:body -->\n\n# I. Intro\n\n1. One.\n\n### Detail\n\n2. Two.\n\n# II. Next\n\n3. Three.\n\n<!-- sgreport:annexes -->\n\n# Annex\n\n## Cases\n\nText.\n"
        );
        // Only the first paragraph, if bold, is the title: the Word and PDF
        // writers give it the title's style.
        assert_eq!(doc.summary.title.as_deref(), Some("Summary"));
        assert_eq!(
            shape(&doc.summary.blocks),
            ["¶ The report.", "¶ Not a title"]
        );
    }

    #[test]
    fn a_summary_opening_with_plain_text_has_no_title() {
        let doc = number_markdown(
            "<!-- sgreport:summary -->\n\nThe report.\n\n**Bold later**\n\n<!-- sgreport:body -->\n\n# A\n\nOne.\n",
        );
        assert_eq!(doc.summary.title, None);
        assert_eq!(
            shape(&doc.summary.blocks),
            ["¶ The report.", "¶ Bold later"]
        );
    }

    #[test]
    fn a_draft_keeps_its_masthead_numbers_and_subparagraphs() {
        let md = "<!-- sgreport:masthead -->\n\nE/CN.15/2004/7\n\n<!-- sgreport:body -->\n\n# I. Intro\n\n1. One:\n\n   (a) first;\n\n   (b) second.\n\n   A closing sentence.\n\n2. Two:\n\n   - x\n\n     - inner\n\n# Legal framework\n\n## A. Part\n\n5. Five.\n";
        let doc = number_draft(md);
        assert_eq!(
            to_markdown(&doc),
            "<!-- sgreport:masthead -->\n\nE/CN.15/2004/7\n\n<!-- sgreport:summary -->\n\n<!-- sgreport:body -->\n\n# I. Intro\n\n1. One:\n\n   (a) first;\n\n   (b) second.\n\n   A closing sentence.\n\n2. Two:\n\n   (a) x\n\n   (i) inner\n\n# II. Legal framework\n\n## A. Part\n\n5. Five.\n"
        );
        let titles: Vec<String> = doc.chapters.iter().map(|c| plain_text(&c.title)).collect();
        assert_eq!(titles, ["Intro", "Legal framework"]);
        // The typed subparagraphs are a list again (the Word redline gives
        // them hanging labels); the sentence after them is not an item.
        let Some(Block::Numbered(p)) = doc.chapters[0].blocks.first() else {
            panic!("{doc:?}")
        };
        assert_eq!(
            shape(&p.nested),
            ["(a) ¶ first;", "(b) ¶ second.", "¶ A closing sentence."]
        );
        assert_eq!(doc.paragraph_count, 5);
    }

    #[test]
    fn a_heading_keeps_an_escaped_closing_hash() {
        let doc = number_markdown("<!-- sgreport:body -->\n\n# Costs \\#\n\n# Costs ##\n\n# C#\n");
        let titles: Vec<String> = doc
            .chapters
            .iter()
            .map(|c| crate::document::plain_text(&c.title))
            .collect();
        assert_eq!(titles, ["Costs #", "Costs", "C#"]);
    }

    #[test]
    fn a_list_typed_from_another_number_keeps_it_and_nested_lists_are_roman() {
        let md = "<!-- sgreport:body -->\n\n# A\n\nArticles:\n\n10. ten;\n11. eleven.\n\nPoints:\n\n- one\n  - inner\n";
        let out = to_markdown(&number_markdown(md));
        assert!(
            out.contains("1. Articles:\n\n   10. ten;\n   11. eleven."),
            "{out}"
        );
        assert!(
            out.contains("2. Points:\n\n   (a) one\n\n   (i) inner"),
            "{out}"
        );
    }
}
