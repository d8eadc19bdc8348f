//! The one document model: a report (or its addendum) built ONCE into a
//! typed, numbered [`Document`], which every output reads. Markdown, Typst
//! (then the PDF), Word, `sources.json`, the review copy and the word count
//! are renderers or readers over it, as pandoc's writers are over its AST;
//! no output parses another output's text.
//!
//! STABLE (other modules build on these names; extend, do not rename):
//! [`Document`], [`Masthead`], [`SessionBlock`], [`Summary`], [`Contents`],
//! [`ContentsRow`], [`Chapter`], [`Section`], [`Annex`], [`Block`],
//! [`Paragraph`], [`NumberedParagraph`], [`List`], [`ListStyle`],
//! [`ListItem`], [`Table`], [`Row`], [`RowKind`], [`Align`], [`Figure`],
//! [`Heading`], [`Inline`], [`Footnote`], [`FootnoteId`], [`NoteMark`],
//! [`Source`], [`Counted`], and the rules in [`labels`]. Every text field
//! holds the words as printed (typographic quotes already applied, no
//! markup, nothing escaped): each renderer escapes for its own format.
//!
//! How a document is made: the templates' rendered Markdown is parsed once
//! ([`build`]), then numbered ([`crate::render::numbering`]); the masthead
//! comes from the model, never from the Markdown.

pub mod build;
pub mod labels;
pub mod marks;

use serde::Serialize;

pub use crate::source::Source;

/// One document: the report or its addendum, numbered.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// `E/CN.15/2004/7`
    pub symbol: String,
    /// `E_CN.15_2004_7`: the outputs' file names start with it.
    pub file_stem: String,
    pub masthead: Masthead,
    /// A draft read back (the redline, which has no model): its masthead as
    /// the text it is. Empty for a document built from the model.
    pub front: Vec<Block>,
    pub summary: Summary,
    /// Where the contents stand (none: the templates left them out).
    pub contents: Option<Contents>,
    /// Blocks of the body before its first chapter (rare: a template's own).
    pub preamble: Vec<Block>,
    pub chapters: Vec<Chapter>,
    pub annexes: Vec<Annex>,
    /// Every footnote, referenced from the text by [`Inline::Note`] with its
    /// index here ([`FootnoteId`]), in the order the text references them.
    pub footnotes: Vec<Footnote>,
    /// How many numbered paragraphs the body has.
    pub paragraph_count: u32,
}

/// Page 1 above the summary: every field typed, from the model.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Masthead {
    /// `E/CN.15/2004/7`
    pub symbol: String,
    /// `Economic and Social Council`
    pub organ: String,
    /// `General` (printed `Distr.: General`)
    pub distribution: String,
    /// `1 March 2004`
    pub date: String,
    /// `English` (printed `Original: English`)
    pub original_language: String,
    /// `Advance unedited version`, `Draft`, or none.
    pub status: Option<String>,
    pub session: SessionBlock,
    /// The report's title (bold, large).
    pub title: String,
    /// `Report of the Secretary-General`, then for an addendum `Addendum`
    /// and `Replies received after 15 February 2004`.
    pub subtitle: Vec<String>,
    /// The cover note's text, `E/CN.15/2004/1.`, a footnote marked `*` on
    /// the agenda item line.
    pub cover_note: Option<String>,
    /// `V.04-51234 (E)`
    pub job_number: Option<String>,
    /// `*0451234*`: the Code 39 text of the job number's barcode.
    pub barcode: Option<String>,
}

/// The session block of the masthead.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SessionBlock {
    /// `Commission on Crime Prevention and Criminal Justice`
    pub body: String,
    /// `Thirteenth session`
    pub session: String,
    /// `Vienna, 11-20 May 2004`
    pub place_and_dates: String,
    /// `Item 4 of the provisional agenda` (the cover note's `*` is not part
    /// of it: see [`Masthead::cover_note`]).
    pub agenda_item: String,
    /// `Crime prevention and criminal justice`, printed bold.
    pub agenda_title: Option<String>,
}

/// The boxed summary on page 1.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    /// `Summary` (a single bold paragraph opening the summary).
    pub title: Option<String>,
    pub blocks: Vec<Block>,
}

/// The contents, made by the numbering pass (never typed in a template).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    /// `Contents`
    pub title: String,
    pub rows: Vec<ContentsRow>,
}

/// One row of the contents. Numbers are numbers: each renderer writes them
/// with [`labels`] (`I.`, `A.`), and points at the heading by the same
/// numbers ([`labels::anchor`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentsRow {
    Chapter {
        number: u32,
        title: String,
        /// First and last numbered paragraph (none: the chapter has none).
        paragraphs: Option<(u32, u32)>,
    },
    Section {
        chapter: u32,
        number: u32,
        title: String,
        paragraphs: Option<(u32, u32)>,
    },
    /// The row opening the annexes: `Annex` for one, `Annexes` for several.
    AnnexesHeading {
        count: u32,
    },
    Annex {
        number: u32,
        title: String,
    },
    /// The row opening the figures: `Figure` or `Figures`.
    FiguresHeading {
        count: u32,
    },
    Figure {
        number: u32,
        title: String,
    },
}

/// A chapter of the body: `I. Introduction`.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// 1-based; printed in Roman numerals.
    pub number: u32,
    pub title: Vec<Inline>,
    pub source: Source,
    /// The blocks before the chapter's first section.
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
}

/// A section of a chapter: `A. Legislation and penalties`.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// 1-based within its chapter; printed as a capital letter.
    pub number: u32,
    pub title: Vec<Inline>,
    pub source: Source,
    pub blocks: Vec<Block>,
}

/// An annex: `Annex I` (`Annex` when there is only one), its title, its
/// blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Annex {
    /// 1-based; printed in Roman numerals unless it is the only annex.
    pub number: u32,
    /// Whether the document has only this annex (then unnumbered).
    pub only: bool,
    pub title: Vec<Inline>,
    pub source: Source,
    pub blocks: Vec<Block>,
}

/// A block of text. Every block says where it came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of the body, numbered `12.`, with the lists, tables and
    /// unnumbered paragraphs nested into it (its subparagraphs).
    Numbered(NumberedParagraph),
    /// An unnumbered paragraph (summary, annexes, notes, nested text).
    Paragraph(Paragraph),
    /// A heading below a section (`###` and deeper in the templates), or an
    /// annex's subheading.
    Heading(Heading),
    List(List),
    Table(Table),
    Figure(Figure),
    /// A block quotation.
    Quote {
        blocks: Vec<Block>,
        source: Source,
    },
    /// Text shown line by line as typed (a code or HTML block in a reply).
    Verbatim {
        lines: Vec<String>,
        source: Source,
    },
    /// A horizontal rule.
    Rule {
        source: Source,
    },
}

impl Block {
    /// Where the block came from.
    pub fn source(&self) -> &Source {
        match self {
            Block::Numbered(p) => &p.source,
            Block::Paragraph(p) => &p.source,
            Block::Heading(h) => &h.source,
            Block::List(l) => &l.source,
            Block::Table(t) => &t.source,
            Block::Figure(f) => &f.source,
            Block::Quote { source, .. }
            | Block::Verbatim { source, .. }
            | Block::Rule { source } => source,
        }
    }
}

/// A numbered paragraph: `12. ...`.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberedParagraph {
    /// Consecutive across the body's chapters.
    pub number: u32,
    pub content: Vec<Inline>,
    pub source: Source,
    /// Its subparagraphs: lists, tables and paragraphs that follow it.
    pub nested: Vec<Block>,
}

/// An unnumbered paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub content: Vec<Inline>,
    pub source: Source,
}

/// A heading below section level.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 3 for `###`, and so on.
    pub level: u8,
    pub content: Vec<Inline>,
    pub source: Source,
}

/// A list: subparagraphs `(a)`, `(b)` (`(i)`, `(ii)` nested), items
/// numbered as typed, or bullets. The label of each item is
/// [`labels::item_label`], one rule for every output.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub style: ListStyle,
    /// The first item's number (1 unless typed otherwise: `10.`).
    pub start: u64,
    pub items: Vec<ListItem>,
    pub source: Source,
}

/// How a list's items are labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ListStyle {
    /// `(a)`, `(b)` ... : subparagraphs, first level.
    Letters,
    /// `(i)`, `(ii)` ... : subparagraphs, second level.
    Roman,
    /// `10.`, `11.` ... : a list typed from another number keeps it.
    Numbers,
    /// A bullet (outside the body, where lists are not subparagraphs).
    Bullets,
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub blocks: Vec<Block>,
    pub source: Source,
}

/// A table: a header row, body rows, a total row; the notes referenced in
/// its cells are printed under it, lettered a, b ([`NoteMark::TableLetter`]),
/// then its general notes. All are set in the notes' type, as wide as the
/// table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub align: Vec<Align>,
    pub header: Row,
    pub rows: Vec<Row>,
    /// The footnotes referenced in the table's cells, in order.
    pub notes: Vec<FootnoteId>,
    /// The paragraphs typed right under the table that open with a note's
    /// label (`Note: ...`, `Source: ...`, [`labels::is_table_note`]): they
    /// belong to the table, not to the text.
    pub general_notes: Vec<Paragraph>,
    pub source: Source,
}

impl Table {
    /// Whether body row `row` (0-based) stays on the page of the row after
    /// it. A table breaks across pages only where at least two body rows
    /// stand on each side of the break: the first and the second-to-last
    /// rows keep with the next; a table of fewer than four body rows does
    /// not break.
    pub fn keeps_with_next(&self, row: usize) -> bool {
        let n = self.rows.len();
        row + 1 < n && (n < 4 || row == 0 || row + 2 == n)
    }
}

/// A column's alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    /// Not said (Markdown `---`).
    Default,
}

/// A row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub kind: RowKind,
    pub cells: Vec<Vec<Inline>>,
}

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Header,
    Body,
    /// Every cell bold (`| **Total** | **3,546** |`): a total row.
    Total,
}

/// A figure: a chart drawn from the chart model, in the annexes.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// 1-based through the document; printed in Roman numerals.
    pub number: u32,
    /// The statistic's key.
    pub key: String,
    /// The title as the template wrote it (`Reported cases, 2000-2003`);
    /// the caption is [`labels::figure_caption`].
    pub title: String,
    /// `<stem>.figure-1.svg`, written beside the Markdown.
    pub file_name: String,
    /// The chart model (none: the statistic has no figures to draw, and the
    /// figure is shown as its caption only).
    pub chart: Option<crate::chart::Figure>,
    pub source: Source,
}

/// A run of text inside a paragraph, heading or cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Words as printed (typographic quotes applied, nothing escaped).
    Text(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    /// Inline code, shown as typed.
    Code(String),
    /// A link: its text, and the footnote giving its address (`Available
    /// at www.unodc.org.`, [`labels::available_at`]); a link whose text is
    /// its address is only that text. The note's mark is not printed with
    /// the link: it is the [`Inline::Note`] that follows it, after any
    /// punctuation ([`labels::place_note_marks`]).
    Link {
        content: Vec<Inline>,
        /// The address as written (`https://www.unodc.org`).
        address: String,
        /// The footnote giving the address.
        note: FootnoteId,
    },
    /// A web address printed as itself (a link whose text is its address,
    /// which then needs no footnote): `shown` as printed (`www.unodc.org`),
    /// `address` as written. A real link in the PDF.
    Address {
        shown: String,
        address: String,
    },
    /// A footnote reference: its mark, printed where it stands (after
    /// punctuation, [`labels::place_note_marks`]).
    Note(FootnoteId),
    /// A hard line break.
    LineBreak,
}

/// Index into [`Document::footnotes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FootnoteId(pub usize);

/// A footnote.
#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    pub mark: NoteMark,
    /// Its paragraphs.
    pub paragraphs: Vec<Vec<Inline>>,
    pub source: Source,
}

/// How a footnote is marked where it is referenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NoteMark {
    /// 1, 2, 3 ... : the body's footnotes, consecutive.
    Number(u32),
    /// a, b, c ... : the annexes' footnotes (counted from the first annex).
    AnnexLetter(u32),
    /// a, b, c ... : a table's notes, printed under it (counted per table).
    TableLetter(u32),
}

impl Document {
    /// Every numbered paragraph, in order.
    pub fn numbered(&self) -> impl Iterator<Item = &NumberedParagraph> {
        self.body_blocks().filter_map(|b| match b {
            Block::Numbered(p) => Some(p),
            _ => None,
        })
    }

    /// The body's top-level blocks, chapter by chapter, section by section.
    pub fn body_blocks(&self) -> impl Iterator<Item = &Block> {
        self.preamble
            .iter()
            .chain(self.chapters.iter().flat_map(|c| {
                c.blocks
                    .iter()
                    .chain(c.sections.iter().flat_map(|s| s.blocks.iter()))
            }))
    }

    /// The footnote `id` refers to.
    pub fn footnote(&self, id: FootnoteId) -> &Footnote {
        &self.footnotes[id.0]
    }

    /// The document's title, for the PDF's metadata.
    pub fn title(&self) -> &str {
        &self.masthead.title
    }
}

/// The text of inline runs without markup: what a reader sees (footnote
/// marks left out). For headings as plain text and for comparisons.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    plain_into(inlines, &mut out);
    out
}

fn plain_into(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) | Inline::Address { shown: t, .. } => out.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Link { content: c, .. } => {
                plain_into(c, out)
            }
            Inline::Note(_) => {}
            Inline::LineBreak => out.push('\n'),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: usize) -> Table {
        let row = |kind| Row {
            kind,
            cells: vec![vec![Inline::Text("x".into())]],
        };
        Table {
            align: vec![Align::Left],
            header: row(RowKind::Header),
            rows: (0..rows).map(|_| row(RowKind::Body)).collect(),
            notes: Vec::new(),
            general_notes: Vec::new(),
            source: Source::Generated,
        }
    }

    fn kept(rows: usize) -> Vec<bool> {
        let t = table(rows);
        (0..rows).map(|i| t.keeps_with_next(i)).collect()
    }

    #[test]
    fn a_table_breaks_only_between_two_rows_on_each_side() {
        assert_eq!(kept(1), [false]);
        assert_eq!(kept(3), [true, true, false]);
        assert_eq!(kept(4), [true, false, true, false]);
        assert_eq!(kept(6), [true, false, false, false, true, false]);
    }
}
