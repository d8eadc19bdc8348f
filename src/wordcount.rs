//! The length of a report in words, counted the way the United Nations counts
//! it for the word limit of a report: every word of the report, footnotes
//! included, the masthead not.
//!
//! [`count_document`] counts a [`Document`] (what the build, `status` and
//! the word limit's warning use); [`count_words`] counts a draft's Markdown
//! (what `output/<symbol>.md` holds) by the same rules, and the two agree on
//! a document and its Markdown. Both count:
//!
//! - **counted**: the summary; every chapter, its headings included (`I.
//!   Introduction` is two words); the annexes, their headings and tables
//!   included; every footnote;
//! - **not counted**: the masthead (everything before
//!   `<!-- sgreport:summary -->`: symbol, organ, distribution, session block,
//!   title, job number) and the contents table, which the tool generates;
//! - **not words**: paragraph numbers (`12.`), list bullets and numbers
//!   (a subparagraph's `(a)` holds a letter: a word, as printed),
//!   footnote marks (`[^1]`), table rules, raw HTML and the marker comments,
//!   any other Markdown syntax, and a run of characters without a letter or a
//!   digit (`..`, `-`, `*`).
//!
//! A word is a maximal run of characters that are not white space and that
//! contains at least one letter or digit: `kidnapping`, `2003/28`, `3,041`,
//! `E/CN.15/2004/7`, `money-laundering` and `(Colombia,` are one word each.
//! Emphasis does not split a word (`**Con**tents` is one word); a line break
//! or the end of a paragraph, heading or table cell does.
//!
//! The parts of a document are set by its `<!-- sgreport:... -->` marker
//! lines (see [`crate::render::numbering::Region`]). A document with no marker
//! at all is counted whole.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::document::{labels, plain_text, Block, Document, Inline};
use crate::markdown::options as markdown_options;
use crate::render::numbering::Region;

/// The name of the part that holds the summary.
pub const SUMMARY: &str = "Summary";
/// The name of the part that holds every annex.
pub const ANNEXES: &str = "Annexes";
/// The name of the part that holds every footnote.
pub const FOOTNOTES: &str = "Footnotes";
/// Words of the body before its first chapter heading (only listed when
/// there are some).
pub const BODY: &str = "Body";

/// A document's length in words.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct WordCount {
    /// Every counted word.
    pub total: usize,
    /// The parts of the document, in this order: `Summary`, each chapter by
    /// its heading (`I. Introduction`), `Annexes`, `Footnotes` (plus `Body`
    /// after the summary if the body has words before its first chapter).
    /// The parts do not overlap and add up to `total`.
    pub sections: Vec<(String, usize)>,
    /// The lettered sections of the chapters, in order:
    /// (chapter heading, section heading, words), e.g.
    /// (`II. Replies received`, `A. Extent of and trends in kidnapping`, 211).
    /// Their words are also in their chapter's count; a chapter's words
    /// before its first section are in no entry here.
    pub subsections: Vec<(String, String, usize)>,
}

impl WordCount {
    /// The words of the part named `name`, if there is such a part (the
    /// tests' reading; status and the word limit read the sections).
    #[cfg(test)]
    pub(crate) fn part(&self, name: &str) -> Option<usize> {
        self.sections
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, w)| *w)
    }
}

/// Counts the words of a numbered report Markdown; see the module
/// documentation for what counts.
pub fn count_words(markdown: &str) -> WordCount {
    let has_markers = Parser::new_ext(markdown, markdown_options()).any(|e| match e {
        Event::Html(h) => Region::from_marker(&h).is_some(),
        _ => false,
    });
    let mut c = Counter::new(if has_markers {
        Region::Masthead
    } else {
        Region::Body
    });
    // The level of the chapter or section heading being read.
    let mut heading: Option<HeadingLevel> = None;

    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Html(h) => {
                if let Some(r) = Region::from_marker(&h) {
                    c.flush();
                    c.region = r;
                    c.chapter = None;
                    c.subsection = None;
                }
            }
            Event::Text(t) | Event::Code(t) => c.text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => c.text.push(' '),
            Event::Start(Tag::Heading { level, .. })
                if c.footnotes_open == 0
                    && c.region == Region::Body
                    && level <= HeadingLevel::H2 =>
            {
                c.flush();
                heading = Some(level);
            }
            Event::End(TagEnd::Heading(_)) if heading.is_some() => {
                let title = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
                if heading.take() == Some(HeadingLevel::H1) {
                    c.chapters.push((title, 0));
                    c.chapter = Some(c.chapters.len() - 1);
                    c.subsection = None;
                } else if let Some(ch) = c.chapter {
                    let chapter_title = c.chapters[ch].0.clone();
                    c.subsections.push((chapter_title, title, 0));
                    c.subsection = Some(c.subsections.len() - 1);
                }
                c.flush();
            }
            Event::Start(Tag::FootnoteDefinition(_)) => {
                c.flush();
                c.footnotes_open += 1;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                c.flush();
                c.footnotes_open = c.footnotes_open.saturating_sub(1);
            }
            Event::Start(tag) if heading.is_none() && !is_inline(&tag) => c.flush(),
            Event::End(tag) if heading.is_none() && !is_inline_end(tag) => c.flush(),
            _ => {}
        }
    }
    c.flush();
    c.finish()
}

/// Counts the words of a document as printed (the same rules as
/// [`count_words`] over its Markdown): the summary, each chapter with its
/// heading (`I. Introduction`), sections, subparagraph labels (`(a)`), the
/// annexes with their headings, tables and figure captions, every footnote;
/// not the masthead, the contents or paragraph numbers.
pub fn count_document(doc: &Document) -> WordCount {
    let notes: usize = doc
        .footnotes
        .iter()
        .flat_map(|f| f.paragraphs.iter())
        .map(|p| inline_words(p))
        .sum();
    let summary =
        doc.summary.title.as_deref().map_or(0, words_in) + blocks_words(&doc.summary.blocks);
    let body = blocks_words(&doc.preamble);
    let mut chapters = Vec::new();
    let mut subsections = Vec::new();
    for c in &doc.chapters {
        let title = format!("{} {}", labels::chapter(c.number), plain_text(&c.title));
        let mut words = words_in(&title) + blocks_words(&c.blocks);
        for s in &c.sections {
            let heading = format!("{} {}", labels::section(s.number), plain_text(&s.title));
            let w = words_in(&heading) + blocks_words(&s.blocks);
            subsections.push((title.clone(), heading, w));
            words += w;
        }
        chapters.push((title, words));
    }
    let annexes: usize = doc
        .annexes
        .iter()
        .map(|a| {
            words_in(&labels::annex(a.number, a.only))
                + inline_words(&a.title)
                + blocks_words(&a.blocks)
        })
        .sum();
    let mut sections = vec![(SUMMARY.to_string(), summary)];
    if body > 0 {
        sections.push((BODY.to_string(), body));
    }
    sections.extend(chapters);
    sections.push((ANNEXES.to_string(), annexes));
    sections.push((FOOTNOTES.to_string(), notes));
    WordCount {
        total: sections.iter().map(|(_, w)| w).sum(),
        sections,
        subsections,
    }
}

fn blocks_words(blocks: &[Block]) -> usize {
    blocks.iter().map(block_words).sum()
}

fn block_words(b: &Block) -> usize {
    match b {
        Block::Numbered(p) => inline_words(&p.content) + blocks_words(&p.nested),
        Block::Paragraph(p) => inline_words(&p.content),
        Block::Heading(h) => inline_words(&h.content),
        Block::List(l) => l
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                labels::item_label(l.style, l.start, i).map_or(0, |t| words_in(&t))
                    + blocks_words(&item.blocks)
            })
            .sum(),
        Block::Table(t) => {
            std::iter::once(&t.header)
                .chain(&t.rows)
                .flat_map(|r| r.cells.iter())
                .map(|c| inline_words(c))
                .sum::<usize>()
                + t.general_notes
                    .iter()
                    .map(|p| inline_words(&p.content))
                    .sum::<usize>()
        }
        Block::Figure(f) => words_in(&labels::figure_caption(f.number, &f.title)),
        Block::Quote { blocks, .. } => blocks_words(blocks),
        Block::Verbatim { lines, .. } => lines.iter().map(|l| words_in(l)).sum(),
        Block::Rule { .. } => 0,
    }
}

/// Words of inline runs: emphasis does not split a word, a line break does.
fn inline_words(inlines: &[Inline]) -> usize {
    words_in(&plain_text(inlines))
}

/// The state of one count.
struct Counter {
    region: Region,
    footnotes_open: usize,
    /// Index into `chapters` of the chapter being read, and into
    /// `subsections` of its lettered section.
    chapter: Option<usize>,
    subsection: Option<usize>,
    /// Text read since the last block boundary.
    text: String,
    summary: usize,
    body: usize,
    chapters: Vec<(String, usize)>,
    subsections: Vec<(String, String, usize)>,
    annexes: usize,
    footnotes: usize,
    total: usize,
}

impl Counter {
    fn new(region: Region) -> Counter {
        Counter {
            region,
            footnotes_open: 0,
            chapter: None,
            subsection: None,
            text: String::new(),
            summary: 0,
            body: 0,
            chapters: Vec::new(),
            subsections: Vec::new(),
            annexes: 0,
            footnotes: 0,
            total: 0,
        }
    }

    /// Counts the text read so far where it belongs.
    fn flush(&mut self) {
        let words = words_in(&self.text);
        self.text.clear();
        let slot = if self.footnotes_open > 0 {
            &mut self.footnotes
        } else {
            match self.region {
                Region::Masthead | Region::Contents => return,
                Region::Summary => &mut self.summary,
                Region::Annexes => &mut self.annexes,
                Region::Body => match self.chapter {
                    None => &mut self.body,
                    Some(ch) => {
                        if let Some(s) = self.subsection {
                            self.subsections[s].2 += words;
                        }
                        &mut self.chapters[ch].1
                    }
                },
            }
        };
        *slot += words;
        self.total += words;
    }

    fn finish(self) -> WordCount {
        let mut sections = vec![(SUMMARY.to_string(), self.summary)];
        if self.body > 0 {
            sections.push((BODY.to_string(), self.body));
        }
        sections.extend(self.chapters);
        sections.push((ANNEXES.to_string(), self.annexes));
        sections.push((FOOTNOTES.to_string(), self.footnotes));
        WordCount {
            total: self.total,
            sections,
            subsections: self.subsections,
        }
    }
}

/// The words of a run of text: maximal runs of non-white-space characters
/// that contain at least one letter or digit.
pub fn words_in(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Tags that live inside a line of text and so do not end a word.
fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "\
<!-- sgreport:masthead -->

United Nations\\
**E/CN.15/2004/7**

Distr.: General

<!-- sgreport:summary -->

**Summary**

The present report is submitted.

<!-- sgreport:contents -->

**Contents**

|  |  | Paragraphs |
| :--- | :--- | ---: |
| I. | Introduction | 1 |

<!-- sgreport:body -->

# I. Introduction

1. In its resolution 2003/28 of 22 July 2003, the Council asked.

# II. Replies received

## A. Extent of kidnapping

2. *Colombia*. Kidnapping de**cli**ned.[^colombia-1]

   - simple kidnapping;
   - for ransom.

3. *Peru*. Up to 35 years -- see below.

## B. Legislation

4. None.

<!-- sgreport:annexes -->

# Annex

## Replies received

| Sender | 2001 | 2002 |
| :--- | ---: | ---: |
| Colombia | 3,041 | .. |

[^colombia-1]: Figures of the national statistics office.
";

    #[test]
    fn counts_a_known_report_exactly() {
        let c = count_words(REPORT);
        // Summary: "Summary" + "The present report is submitted." = 1 + 5.
        // I: heading 2 + "In its resolution 2003/28 of 22 July 2003, the
        //    Council asked." 11.
        // II: heading 3;
        //     A: heading 4 + "Colombia. Kidnapping declined." 3
        //        + "simple kidnapping;" 2 + "for ransom." 2
        //        + "Peru. Up to 35 years -- see below." 7 ("--" is no word);
        //     B: heading 2 + "None." 1.
        // Annexes: "Annex" + "Replies received" + "Sender 2001 2002"
        //     + "Colombia 3,041" (".." is no word) = 1 + 2 + 3 + 2.
        // Footnotes: "Figures of the national statistics office." 6.
        // Not counted: the masthead, the contents table, paragraph numbers,
        // bullets, the footnote mark.
        assert_eq!(
            c.sections,
            vec![
                ("Summary".to_string(), 6),
                ("I. Introduction".to_string(), 13),
                ("II. Replies received".to_string(), 3 + 18 + 3),
                ("Annexes".to_string(), 8),
                ("Footnotes".to_string(), 6),
            ]
        );
        assert_eq!(
            c.subsections,
            vec![
                (
                    "II. Replies received".to_string(),
                    "A. Extent of kidnapping".to_string(),
                    4 + 3 + 2 + 2 + 7
                ),
                (
                    "II. Replies received".to_string(),
                    "B. Legislation".to_string(),
                    3
                ),
            ]
        );
        assert_eq!(c.total, 57);
        assert_eq!(c.total, c.sections.iter().map(|(_, w)| w).sum::<usize>());
        assert_eq!(c.part("Footnotes"), Some(6));
    }

    #[test]
    fn masthead_and_contents_are_not_counted() {
        let only_front = "<!-- sgreport:masthead -->\n\nUnited Nations\n\n\
                          <!-- sgreport:contents -->\n\n| I. | Introduction | 1-4 |\n| --- | --- | --- |\n";
        let c = count_words(only_front);
        assert_eq!(c.total, 0);
        assert_eq!(
            c.sections,
            vec![
                ("Summary".to_string(), 0),
                ("Annexes".to_string(), 0),
                ("Footnotes".to_string(), 0)
            ]
        );
    }

    /// The Document and its Markdown are counted alike: labels `(a)`,
    /// headings with their numbers, tables, notes, a link's note.
    #[test]
    fn a_document_counts_as_its_markdown() {
        let rendered = "<!-- sgreport:summary -->\n\n**Summary**\n\nIt sums up.\n\n\
            <!-- sgreport:body -->\n\n# Introduction\n\nIn its *resolution* 2003/28, see [the site](https://www.unodc.org/).[^n]\n\n\
            - simple kidnapping;\n- for ransom.\n\n## Part\n\n| A | B |\n| --- | ---: |\n| x y | 3,041 |\n\n\
            <!-- sgreport:annexes -->\n\n# Annex\n\n## Replies received\n\nText here.\n\n[^n]: A note.\n";
        let doc = crate::render::number_markdown(rendered);
        let md = crate::render::markdown::to_markdown(&doc);
        let (d, m) = (count_document(&doc), count_words(&md));
        assert_eq!(d, m, "{md}");
        // I. Introduction 2; the sentence 7 (the link's text, no address);
        // (a) simple kidnapping; (b) for ransom. 6; A. Part 2; the table 5.
        assert_eq!(d.part("I. Introduction"), Some(2 + 7 + 6 + 2 + 5));
        assert_eq!(d.part("Footnotes"), Some(2 + 3));
    }

    #[test]
    fn what_is_a_word() {
        assert_eq!(
            words_in("money-laundering, E/CN.15/2004/7 3,041 .. - * (a)"),
            4
        );
        assert_eq!(words_in("  "), 0);
        assert_eq!(words_in("Côte d'Ivoire"), 2);
        // Emphasis does not split a word; a line break does.
        let c =
            count_words("<!-- sgreport:summary -->\n\n**Con**tents and\nmore\\\nwords `code`\n");
        assert_eq!(c.total, 5);
    }

    #[test]
    fn a_document_without_markers_is_counted_whole() {
        let c = count_words("# Title\n\nOne two three.[^a]\n\n[^a]: A note.\n");
        assert_eq!(c.total, 1 + 3 + 2);
        assert_eq!(c.part("Title"), Some(4));
        assert_eq!(c.part("Footnotes"), Some(2));
    }

    #[test]
    fn body_words_before_the_first_chapter_are_listed() {
        let c = count_words("<!-- sgreport:body -->\n\n1. Lead in.\n\n# Chapter\n\n2. Text.\n");
        assert_eq!(c.part("Body"), Some(2));
        assert_eq!(c.part("Chapter"), Some(2));
        assert_eq!(c.total, 4);
    }
}
