//! The document model ([`Document`]) to WordprocessingML: page 1 from the
//! masthead's fields, the summary, the contents from their typed rows, the
//! chapters, sections and annexes with their numbers (the numbered
//! paragraphs' as Word lists, [`super::numbering`]), and every block as
//! the model says it is. Labels, note marks, captions and the "Available
//! at" notes of links are the model's ([`labels`]); its text already has its
//! typographic quotes, so nothing here changes a word. Text reaches the XML
//! only through [`Xml::text`].

use std::collections::HashMap;

use super::contents::{self, Row as ContentsLine, Target};
use super::drawing::{self, Frame};
use super::masthead::{self, para_text, Page1, SessionLine};
use super::numbering::Lists;
use super::package::{Converted, BARCODE_DRAWING_ID};
use super::runs::{self, Format, Layout};
use super::table;
use super::xml::Xml;
use crate::document::{
    labels, plain_text, Align, Annex, Block, Chapter, ContentsRow, Document, Figure, FootnoteId,
    Heading, Inline, List, Masthead, NoteMark, NumberedParagraph, RowKind, Table,
};

/// Where a block stands: its paragraphs' style follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Summary,
    Body,
    Annex,
    Quote,
}

impl Place {
    fn style(self) -> &'static str {
        match self {
            Place::Summary => "SummaryText",
            Place::Quote => "Quotation",
            Place::Body | Place::Annex => "SingleTxt",
        }
    }
}

struct Walk<'d> {
    doc: &'d Document,
    out: Xml,
    /// Word's footnotes, in id order from 1.
    footnotes: Vec<Xml>,
    /// The Word id of each model footnote already written.
    note_ids: HashMap<FootnoteId, usize>,
    /// Inside a footnote: a note referenced there prints its mark only
    /// (Word has no footnotes in footnotes).
    in_note: bool,
    bookmarks: u32,
    /// The Word lists that number the body's paragraphs.
    lists: Lists,
    /// A draft's own paragraph ranges of the contents, one for each row.
    ranges: Option<&'d [String]>,
}

/// The Word story of one document (the contents' paragraph ranges from
/// `ranges` if given, see [`super::from_draft`]).
pub(crate) fn convert<'d>(doc: &'d Document, ranges: Option<&'d [String]>) -> Converted {
    let mut w = Walk {
        doc,
        out: Xml::fragment(),
        footnotes: Vec::new(),
        note_ids: HashMap::new(),
        in_note: false,
        bookmarks: 0,
        lists: Lists::default(),
        ranges,
    };
    // A document numbered from Markdown alone has no masthead: no page 1
    // (a draft read back has its masthead as text, its front blocks).
    if doc.masthead != Masthead::default() {
        masthead::write(&mut w.out, &mut w.footnotes, &page1(&doc.masthead));
    }
    for b in &doc.front {
        w.block(b, Place::Body);
    }
    w.summary();
    w.contents();
    for b in &doc.preamble {
        w.block(b, Place::Body);
    }
    for c in &doc.chapters {
        w.chapter(c);
    }
    for a in &doc.annexes {
        w.annex(a);
    }
    let m = &doc.masthead;
    Converted {
        body: w.out,
        footnotes: w.footnotes,
        symbol: m.symbol.clone(),
        title: m.title.clone(),
        job: m.job_number.iter().chain(&m.barcode).cloned().collect(),
        lists: w.lists,
    }
}

/// Page 1 from the masthead's fields: the agenda item carries the cover
/// note's mark, the agenda item's title is bold.
fn page1(m: &Masthead) -> Page1 {
    let s = &m.session;
    let line = |text: &str, bold: bool, marked: bool| SessionLine {
        text: text.to_string(),
        bold,
        marked,
    };
    let mut session = vec![
        line(&s.body, false, false),
        line(&s.session, false, false),
        line(&s.place_and_dates, false, false),
        line(&s.agenda_item, false, m.cover_note.is_some()),
    ];
    session.extend(s.agenda_title.as_deref().map(|t| line(t, true, false)));
    Page1 {
        symbol: m.symbol.clone(),
        organ: m.organ.clone(),
        distribution: vec![
            format!("Distr.: {}", m.distribution),
            m.date.clone(),
            format!("Original: {}", m.original_language),
        ],
        status: m.status.iter().cloned().collect(),
        session,
        title: m.title.clone(),
        subtitle: m.subtitle.clone(),
        cover_note: m.cover_note.clone(),
    }
}

impl Walk<'_> {
    fn summary(&mut self) {
        let s = &self.doc.summary;
        if let Some(t) = &s.title {
            para_text(&mut self.out, "SummaryTitle", t);
        }
        for b in &s.blocks {
            self.block(b, Place::Summary);
        }
    }

    /// The contents: each row pointing at its heading by its numbers.
    fn contents(&mut self) {
        let Some(c) = &self.doc.contents else {
            return;
        };
        // On a page of its own (the style breaks the page before it).
        para_text(&mut self.out, "ContentsTitle", &c.title);
        let entry = |number: String, title: &str, range, target| ContentsLine::Entry {
            number,
            title: title.to_string(),
            paragraphs: labels::paragraph_range(range),
            target,
        };
        let rows: Vec<ContentsLine> = c
            .rows
            .iter()
            .map(|r| match r {
                ContentsRow::Chapter {
                    number,
                    title,
                    paragraphs,
                } => entry(
                    labels::chapter(*number),
                    title,
                    *paragraphs,
                    Target::Chapter(*number),
                ),
                ContentsRow::Section {
                    chapter,
                    number,
                    title,
                    paragraphs,
                } => entry(
                    String::new(),
                    &format!("{} {title}", labels::section(*number)),
                    *paragraphs,
                    Target::Section(*chapter, *number),
                ),
                ContentsRow::AnnexesHeading { count } => {
                    ContentsLine::Label(labels::annexes_heading(*count).to_string())
                }
                ContentsRow::Annex { number, title } => entry(
                    labels::contents_number(*number),
                    title,
                    None,
                    Target::Annex(*number),
                ),
                ContentsRow::FiguresHeading { count } => {
                    ContentsLine::Label(labels::figures_heading(*count).to_string())
                }
                ContentsRow::Figure { number, title } => entry(
                    labels::contents_number(*number),
                    title,
                    None,
                    Target::Figure(*number),
                ),
            })
            .collect();
        let mut rows = rows;
        if let Some(ranges) = self.ranges.filter(|r| r.len() == rows.len()) {
            for (row, typed) in rows.iter_mut().zip(ranges) {
                if let ContentsLine::Entry { paragraphs, .. } = row {
                    paragraphs.clone_from(typed);
                }
            }
        }
        contents::write(&mut self.out, &rows);
        // The contents have a page of their own, as in the PDF: the body
        // starts on the next page (this paragraph also keeps Word from
        // joining the contents' table to a table that follows).
        self.out.open("w:p", &[]);
        runs::page_break(&mut self.out);
        self.out.close();
    }

    fn chapter(&mut self, c: &Chapter) {
        let number = labels::chapter(c.number);
        self.heading(
            "HCh",
            Some(&number),
            &c.title,
            Some(Target::Chapter(c.number)),
        );
        for b in &c.blocks {
            self.block(b, Place::Body);
        }
        for s in &c.sections {
            let number = labels::section(s.number);
            let target = Target::Section(c.number, s.number);
            self.heading("H1", Some(&number), &s.title, Some(target));
            for b in &s.blocks {
                self.block(b, Place::Body);
            }
        }
    }

    fn annex(&mut self, a: &Annex) {
        // An annex numbers its paragraphs (if it has any) afresh.
        self.lists.restart();
        let name = labels::annex(a.number, a.only);
        self.heading(
            "AnnexHead",
            None,
            &[Inline::Text(name)],
            Some(Target::Annex(a.number)),
        );
        if !a.title.is_empty() {
            self.heading("AnnexTitle", None, &a.title, None);
        }
        for b in &a.blocks {
            self.block(b, Place::Annex);
        }
    }

    /// A heading of `style`: its number hanging before a tab, its title, and
    /// the bookmark the contents point to.
    fn heading(
        &mut self,
        style: &str,
        number: Option<&str>,
        title: &[Inline],
        target: Option<Target>,
    ) {
        let mut x = Xml::fragment();
        let id = target.map(|t| bookmark_start(&mut x, &mut self.bookmarks, t));
        if let Some(n) = number {
            runs::label(&mut x, n);
        }
        self.inlines(&mut x, title, Format::default());
        if let Some(id) = id {
            bookmark_end(&mut x, id);
        }
        runs::paragraph(&mut self.out, style, Layout::default(), &x);
    }

    fn block(&mut self, b: &Block, place: Place) {
        match b {
            Block::Numbered(p) => self.numbered(p),
            Block::Paragraph(p) => self.paragraph(place.style(), None, &p.content, false),
            Block::Heading(h) => self.subheading(h, place),
            Block::List(l) => self.list(l, place, 0),
            Block::Table(t) => self.table(t),
            Block::Figure(f) => self.figure(f),
            Block::Quote { blocks, .. } => {
                for b in blocks {
                    self.block(b, Place::Quote);
                }
            }
            Block::Verbatim { lines, .. } => {
                for l in lines {
                    let mut x = Xml::fragment();
                    runs::text(&mut x, l, Format::default());
                    runs::paragraph(&mut self.out, place.style(), Layout::default(), &x);
                }
            }
            Block::Rule { .. } => para_text(&mut self.out, "Rule", ""),
        }
    }

    /// A paragraph: its label hanging before a tab when it has one, or a
    /// continuation of the item or numbered paragraph before it.
    fn paragraph(&mut self, style: &str, label: Option<&str>, content: &[Inline], cont: bool) {
        let mut x = Xml::fragment();
        if let Some(l) = label {
            runs::label(&mut x, l);
        }
        self.inlines(&mut x, content, Format::default());
        let layout = Layout {
            continuation: cont,
            ..Layout::default()
        };
        runs::paragraph(&mut self.out, style, layout, &x);
    }

    /// Its text, numbered by Word's list (`12.`, see [`super::numbering`]),
    /// then its subparagraphs: the rest of its text, its lists (a), (b) ...,
    /// its tables.
    fn numbered(&mut self, p: &NumberedParagraph) {
        let mut x = Xml::fragment();
        self.inlines(&mut x, &p.content, Format::default());
        let layout = Layout {
            list: Some(self.lists.paragraph(p.number)),
            ..Layout::default()
        };
        runs::paragraph(&mut self.out, "NumberedPara", layout, &x);
        for b in &p.nested {
            match b {
                Block::Paragraph(q) => self.paragraph("NumberedPara", None, &q.content, true),
                Block::List(l) => self.list(l, Place::Body, 0),
                other => self.block(other, Place::Body),
            }
        }
    }

    /// A heading below a section (`1.`, `(a)`), or an annex's subheading.
    fn subheading(&mut self, h: &Heading, place: Place) {
        let style = match (place, h.level) {
            (Place::Annex, ..=2) => "AnnexTitle",
            (_, ..=3) => "H23",
            (_, 4) => "H4",
            _ => "H56",
        };
        // A number typed at the start of the heading hangs before a tab, as
        // the section's letter does.
        let split = match h.content.first() {
            Some(Inline::Text(t)) => t
                .split_once(' ')
                .filter(|(n, _)| n.ends_with('.') && n.len() <= 6 && place != Place::Annex),
            _ => None,
        };
        match split {
            Some((number, rest)) => {
                let mut title = vec![Inline::Text(rest.trim_start().to_string())];
                title.extend(h.content[1..].iter().cloned());
                self.heading(style, Some(number), &title, None);
            }
            None => self.heading(style, None, &h.content, None),
        }
    }

    /// A list at `depth` lists deep: each item's label ((a), (i), 10., or
    /// a bullet) hangs before its first paragraph; its other paragraphs
    /// continue it; a list in it goes one level deeper.
    fn list(&mut self, l: &List, place: Place, depth: usize) {
        let style = match depth {
            0 => "SubPara1",
            1 => "SubPara2",
            _ => "SubPara3",
        };
        for (i, item) in l.items.iter().enumerate() {
            let label =
                labels::item_label(l.style, l.start, i).unwrap_or_else(|| "\u{2022}".into());
            let mut label = Some(label);
            for b in &item.blocks {
                match b {
                    Block::Paragraph(p) => {
                        let cont = label.is_none();
                        self.paragraph(style, label.take().as_deref(), &p.content, cont);
                    }
                    Block::List(inner) => {
                        if let Some(l) = label.take() {
                            self.paragraph(style, Some(&l), &[], false);
                        }
                        self.list(inner, place, depth + 1);
                    }
                    other => {
                        if let Some(l) = label.take() {
                            self.paragraph(style, Some(&l), &[], false);
                        }
                        self.block(other, place);
                    }
                }
            }
        }
    }

    /// A table: the header row, the rows (a total row bold), each cell
    /// aligned as its column; its notes lettered under it, then its general
    /// notes, all in the notes' style at the table's width.
    fn table(&mut self, t: &Table) {
        let jc = |c: usize| match t.align.get(c) {
            Some(Align::Right) => Some("right"),
            Some(Align::Center) => Some("center"),
            _ => None,
        };
        // The header is the table's header by its place, whatever its kind.
        // A row kept with the next has every paragraph kept so; the header
        // row always is, and the last row is when notes follow (a note
        // never starts a page alone).
        let notes = t.notes.len() + t.general_notes.len();
        let last = t.rows.len().saturating_sub(1);
        let keeps = std::iter::once(true)
            .chain((0..t.rows.len()).map(|i| t.keeps_with_next(i) || (i == last && notes > 0)));
        let rows: Vec<Vec<Xml>> = std::iter::once((true, &t.header))
            .chain(t.rows.iter().map(|r| (false, r)))
            .zip(keeps)
            .map(|((header, row), keep)| {
                let (style, format) = match row.kind {
                    _ if header => ("TableHead", Format::default()),
                    RowKind::Header | RowKind::Body => ("TableText", Format::default()),
                    RowKind::Total => (
                        "TableText",
                        Format {
                            bold: true,
                            italic: false,
                        },
                    ),
                };
                row.cells
                    .iter()
                    .enumerate()
                    .map(|(c, cell)| {
                        let mut runs_x = Xml::fragment();
                        self.inlines(&mut runs_x, cell, format);
                        let mut p = Xml::fragment();
                        let layout = Layout {
                            jc: jc(c),
                            ..Layout::default()
                        };
                        runs::paragraph_keeping(&mut p, style, layout, keep, &runs_x);
                        p
                    })
                    .collect()
            })
            .collect();
        let texts: Vec<Vec<String>> = std::iter::once(&t.header)
            .chain(&t.rows)
            .map(|r| r.cells.iter().map(|c| plain_text(c)).collect())
            .collect();
        let widths = table::column_widths(t.align.len(), &texts);
        table::write(&mut self.out, &widths, &rows, true);
        // Each note paragraph but the last kept with the next.
        let mut left = t
            .notes
            .iter()
            .map(|id| self.doc.footnote(*id).paragraphs.len())
            .sum::<usize>()
            + t.general_notes.len();
        let mut keep = move || {
            left = left.saturating_sub(1);
            left > 0
        };
        for id in &t.notes {
            let note = self.doc.footnote(*id);
            let letter = labels::note_mark(note.mark);
            for (i, para) in note.paragraphs.iter().enumerate() {
                let mut x = Xml::fragment();
                if i == 0 {
                    runs::note_letter(&mut x, &letter);
                    runs::element(&mut x, "w:tab");
                }
                self.in_note = true;
                self.inlines(&mut x, para, Format::default());
                self.in_note = false;
                // The first line hangs its letter; later paragraphs of
                // the note align with its text.
                let layout = Layout {
                    continuation: i > 0,
                    ..Layout::default()
                };
                runs::paragraph_keeping(&mut self.out, "TableNoteLettered", layout, keep(), &x);
            }
        }
        for p in &t.general_notes {
            let mut x = Xml::fragment();
            self.inlines(&mut x, &p.content, Format::default());
            runs::paragraph_keeping(&mut self.out, "TableNote", Layout::default(), keep(), &x);
        }
        // Word needs a paragraph between two tables; it also spaces the text.
        self.out.empty("w:p", &[]);
    }

    /// A figure: its caption (the contents point to it), then the drawing of
    /// its chart model, its alternative text made from the same model.
    fn figure(&mut self, f: &Figure) {
        let caption = labels::figure_caption(f.number, &f.title);
        let mut x = Xml::fragment();
        let id = bookmark_start(&mut x, &mut self.bookmarks, Target::Figure(f.number));
        runs::text(&mut x, &caption, Format::default());
        bookmark_end(&mut x, id);
        runs::paragraph(&mut self.out, "FigureTitle", Layout::default(), &x);
        if let Some(chart) = &f.chart {
            let mut x = Xml::fragment();
            let frame = Frame {
                id: BARCODE_DRAWING_ID + f.number,
                name: &format!("Figure {}", f.number),
                descr: &drawing::alt_text(&caption, &chart.drawing),
            };
            drawing::figure(&mut x, &chart.drawing, &frame);
            runs::paragraph(&mut self.out, "Figure", Layout::default(), &x);
        }
    }

    fn inlines(&mut self, x: &mut Xml, inlines: &[Inline], format: Format) {
        for i in inlines {
            match i {
                Inline::Text(t) | Inline::Code(t) | Inline::Address { shown: t, .. } => {
                    runs::text(x, t, format)
                }
                Inline::Emphasis(c) => self.inlines(
                    x,
                    c,
                    Format {
                        italic: true,
                        ..format
                    },
                ),
                Inline::Strong(c) => self.inlines(
                    x,
                    c,
                    Format {
                        bold: true,
                        ..format
                    },
                ),
                // Its note's mark is the `Inline::Note` after it.
                Inline::Link { content, .. } => self.inlines(x, content, format),
                Inline::Note(id) => self.note(x, *id),
                Inline::LineBreak => runs::element(x, "w:br"),
            }
        }
    }

    /// A note's mark where it is referenced: a table note's letter, or a
    /// Word footnote (numbered by Word in the body, its letter in the annexes).
    fn note(&mut self, x: &mut Xml, id: FootnoteId) {
        let note = self.doc.footnote(id);
        if let NoteMark::TableLetter(_) = note.mark {
            runs::note_letter(x, &labels::note_mark(note.mark));
            return;
        }
        if self.in_note {
            runs::text(x, &labels::note_mark(note.mark), Format::default());
            return;
        }
        let word_id = match self.note_ids.get(&id) {
            Some(w) => *w,
            None => {
                let body = self.footnote_body(id);
                self.footnotes.push(body);
                let w = self.footnotes.len();
                self.note_ids.insert(id, w);
                w
            }
        };
        runs::footnote_reference(x, word_id, custom_mark(note.mark).as_deref());
    }

    /// A footnote's paragraphs, the first opening with its own mark.
    fn footnote_body(&mut self, id: FootnoteId) -> Xml {
        let note = self.doc.footnote(id);
        let mut body = Xml::fragment();
        self.in_note = true;
        for (i, para) in note.paragraphs.iter().enumerate() {
            let mut x = Xml::fragment();
            if i == 0 {
                runs::footnote_mark(&mut x, custom_mark(note.mark).as_deref());
            }
            self.inlines(&mut x, para, Format::default());
            runs::paragraph(&mut body, "FootnoteText", Layout::default(), &x);
        }
        self.in_note = false;
        body
    }
}

/// The mark a footnote prints instead of Word's count: an annex's notes are
/// lettered a, b ... (the model's marks), the body's numbered by Word 1,
/// 2 ... in order, as the model numbers them.
fn custom_mark(mark: NoteMark) -> Option<String> {
    match mark {
        NoteMark::Number(_) => None,
        other => Some(labels::note_mark(other)),
    }
}

/// Opens the bookmark of `target` (the next of `ids`), returning its id.
pub(crate) fn bookmark_start(x: &mut Xml, ids: &mut u32, target: Target) -> u32 {
    *ids += 1;
    x.empty(
        "w:bookmarkStart",
        &[("w:id", &ids.to_string()), ("w:name", &target.bookmark())],
    );
    *ids
}

pub(crate) fn bookmark_end(x: &mut Xml, id: u32) {
    x.empty("w:bookmarkEnd", &[("w:id", &id.to_string())]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{
        Contents, Footnote, ListItem, ListStyle, Paragraph, Row, Section, SessionBlock, Source,
        Summary,
    };

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text(s.to_string())]
    }

    fn para(s: &str) -> Block {
        Block::Paragraph(Paragraph {
            content: text(s),
            source: Source::Generated,
        })
    }

    fn list(style: ListStyle, start: u64, items: &[&str]) -> Block {
        Block::List(List {
            style,
            start,
            items: items
                .iter()
                .map(|i| ListItem {
                    blocks: vec![para(i)],
                    source: Source::Generated,
                })
                .collect(),
            source: Source::Generated,
        })
    }

    fn note(mark: NoteMark, s: &str) -> Footnote {
        Footnote {
            mark,
            paragraphs: vec![text(s)],
            source: Source::Generated,
        }
    }

    /// A small document: one chapter of one section, a link, a list typed
    /// from 10, a table with a note, an annex with a note.
    fn document() -> Document {
        let numbered = NumberedParagraph {
            number: 1,
            content: vec![
                Inline::Text("See \u{201C}the site\u{201D} ".into()),
                Inline::Link {
                    content: text("UNODC"),
                    address: "https://www.unodc.org".into(),
                    note: FootnoteId(0),
                },
                Inline::Text(".".into()),
                Inline::Note(FootnoteId(0)),
            ],
            source: Source::Generated,
            nested: vec![
                list(ListStyle::Letters, 1, &["one;", "two."]),
                list(ListStyle::Numbers, 10, &["ten;", "eleven."]),
                para("The rest of 1."),
            ],
        };
        let table = Table {
            align: vec![Align::Left, Align::Right],
            header: Row {
                kind: RowKind::Header,
                cells: vec![text("State"), text("Cases")],
            },
            rows: vec![Row {
                kind: RowKind::Body,
                cells: vec![
                    text("Peru"),
                    vec![Inline::Text("3".into()), Inline::Note(FootnoteId(1))],
                ],
            }],
            notes: vec![FootnoteId(1)],
            general_notes: Vec::new(),
            source: Source::Generated,
        };
        Document {
            symbol: "E/CN.15/2004/7".into(),
            file_stem: "E_CN.15_2004_7".into(),
            front: Vec::new(),
            masthead: Masthead {
                symbol: "E/CN.15/2004/7".into(),
                organ: "Economic and Social Council".into(),
                distribution: "General".into(),
                date: "1 March 2004".into(),
                original_language: "English".into(),
                status: None,
                session: SessionBlock {
                    body: "Commission".into(),
                    session: "Thirteenth session".into(),
                    place_and_dates: "Vienna, 11-20 May 2004".into(),
                    agenda_item: "Item 4 of the provisional agenda".into(),
                    agenda_title: Some("Crime prevention".into()),
                },
                title: "Kidnapping".into(),
                subtitle: vec!["Report of the Secretary-General".into()],
                cover_note: Some("E/CN.15/2004/1.".into()),
                job_number: Some("V.04-51234 (E)".into()),
                barcode: Some("*0451234*".into()),
            },
            summary: Summary {
                title: Some("Summary".into()),
                blocks: vec![para("In short.")],
            },
            contents: Some(Contents {
                title: "Contents".into(),
                rows: vec![
                    ContentsRow::Chapter {
                        number: 1,
                        title: "Introduction".into(),
                        paragraphs: Some((1, 1)),
                    },
                    ContentsRow::Section {
                        chapter: 1,
                        number: 1,
                        title: "Extent".into(),
                        paragraphs: None,
                    },
                    ContentsRow::AnnexesHeading { count: 1 },
                    ContentsRow::Annex {
                        number: 1,
                        title: "States".into(),
                    },
                ],
            }),
            preamble: Vec::new(),
            chapters: vec![Chapter {
                number: 1,
                title: text("Introduction"),
                source: Source::Generated,
                blocks: vec![Block::Numbered(numbered)],
                sections: vec![Section {
                    number: 1,
                    title: text("Extent"),
                    source: Source::Generated,
                    blocks: vec![Block::Table(table)],
                }],
            }],
            annexes: vec![Annex {
                number: 1,
                only: true,
                title: text("States"),
                source: Source::Generated,
                blocks: vec![Block::Paragraph(Paragraph {
                    content: vec![Inline::Text("Peru".into()), Inline::Note(FootnoteId(2))],
                    source: Source::Generated,
                })],
            }],
            footnotes: vec![
                note(
                    NoteMark::Number(1),
                    &labels::available_at("https://www.unodc.org"),
                ),
                note(NoteMark::TableLetter(1), "Provisional."),
                note(NoteMark::AnnexLetter(1), "By note verbale."),
            ],
            paragraph_count: 1,
        }
    }

    /// (style, text with tabs as `|`) of each paragraph, a numbered one's
    /// number as Word counts it in its list (`lists`) first.
    fn paras(xml: &str, lists: &Lists) -> Vec<(String, String)> {
        let wrapped = format!(
            "<r xmlns:w=\"w\" xmlns:r=\"r\" xmlns:a=\"a\" xmlns:wp=\"wp\" xmlns:wps=\"s\" xmlns:wpg=\"g\" xmlns:mc=\"m\">{xml}</r>"
        );
        let doc = roxmltree::Document::parse(&wrapped).unwrap();
        let mut next: HashMap<usize, u32> = HashMap::new();
        doc.descendants()
            .filter(|n| n.tag_name().name() == "p")
            .map(|p| {
                let prop = |name: &str| {
                    p.descendants()
                        .find(|n| n.tag_name().name() == name)
                        .and_then(|n| n.attribute(("w", "val")))
                };
                let style = prop("pStyle").unwrap_or("").to_string();
                let mut t = String::new();
                if let Some(id) = prop("numId") {
                    let id: usize = id.parse().unwrap();
                    let n = next.entry(id).or_insert(lists.starts()[id - 1]);
                    t.push_str(&format!("{n}.|"));
                    *n += 1;
                }
                for n in p.descendants() {
                    match n.tag_name().name() {
                        "t" => t.push_str(n.text().unwrap_or("")),
                        "tab" if n.parent().is_some_and(|p| p.tag_name().name() == "r") => {
                            t.push('|')
                        }
                        _ => {}
                    }
                }
                (style, t)
            })
            .collect()
    }

    #[test]
    fn the_body_is_the_models_numbers_labels_and_notes() {
        let c = convert(&document(), None);
        let body = c.body.finish();
        let p = paras(&body, &c.lists);
        let has = |style: &str, text: &str| {
            assert!(
                p.iter().any(|(s, t)| s == style && t == text),
                "no {style} {text:?} in {p:?}"
            )
        };
        has("HCh", "I.|Introduction");
        has("H1", "A.|Extent");
        has("NumberedPara", "1.|See \u{201C}the site\u{201D} UNODC.");
        has("SubPara1", "(a)|one;");
        has("SubPara1", "(b)|two.");
        // A list typed from 10 keeps its numbers.
        has("SubPara1", "10.|ten;");
        has("SubPara1", "11.|eleven.");
        has("NumberedPara", "The rest of 1.");
        has("AnnexHead", "Annex");
        has("AnnexTitle", "States");
        // The table's note is lettered under it, its letter in the cell.
        has("TableHead", "Cases");
        has("TableText", "3a");
        has("TableNoteLettered", "a|Provisional.");
        // The link's address and the annex's note are Word footnotes.
        assert_eq!(
            c.footnotes.len(),
            3,
            "the cover note, the link, the annex note"
        );
        let notes: Vec<String> = c
            .footnotes
            .iter()
            .map(|n| n.finish_ref().to_string())
            .collect();
        assert!(notes[0].contains("E/CN.15/2004/1."));
        assert!(
            notes[1].contains("Available at www.unodc.org."),
            "{}",
            notes[1]
        );
        assert!(notes[2].contains("By note verbale."));
        assert!(body.contains("<w:footnoteReference w:id=\"2\"/>"));
        // The annex's note is lettered by the model, not counted by Word.
        assert!(body
            .contains("<w:footnoteReference w:customMarkFollows=\"1\" w:id=\"3\"/><w:t>a</w:t>"));
        assert!(
            notes[2].contains("<w:t>a</w:t></w:r><w:r><w:tab/>"),
            "{}",
            notes[2]
        );
        assert_eq!(c.job, ["V.04-51234 (E)", "*0451234*"]);
    }

    /// The (style, text) of each body paragraph of the Markdown as the build
    /// numbers it.
    fn built(md: &str) -> (Converted, Vec<(String, String)>) {
        let c = convert(&crate::render::number_markdown(md), None);
        let p = paras(c.body.finish_ref(), &c.lists);
        (c, p)
    }

    #[test]
    fn a_reply_s_lists_are_subparagraphs_a_then_i_and_a_typed_start_is_kept() {
        let md = "<!-- sgreport:body -->\n\n# Intro\n\nFirst:\n\n- one;\n\n  1. deep;\n  2. deeper.\n\n- two.\n\nArticles:\n\n10. ten;\n11. eleven.\n";
        let (_, p) = built(md);
        let got: Vec<(&str, &str)> = p.iter().map(|(s, t)| (s.as_str(), t.as_str())).collect();
        assert_eq!(
            got,
            [
                ("HCh", "I.|Intro"),
                ("NumberedPara", "1.|First:"),
                ("SubPara1", "(a)|one;"),
                ("SubPara2", "(i)|deep;"),
                ("SubPara2", "(ii)|deeper."),
                ("SubPara1", "(b)|two."),
                ("NumberedPara", "2.|Articles:"),
                ("SubPara1", "10.|ten;"),
                ("SubPara1", "11.|eleven."),
            ]
        );
    }

    #[test]
    fn a_table_s_notes_are_lettered_under_it_a_link_s_address_is_a_footnote() {
        let md = "<!-- sgreport:body -->\n\n# Intro\n\nSee [the site](https://www.unodc.org).[^a]\n\n| State | Cases |\n| :--- | ---: |\n| Peru | 3[^b] |\n\n[^a]: Note a.\n\n[^b]: Note b.\n";
        let (c, p) = built(md);
        assert!(
            p.contains(&("TableNoteLettered".into(), "a|Note b.".into())),
            "{p:?}"
        );
        assert!(p.contains(&("TableText".into(), "3a".into())), "{p:?}");
        assert!(p.contains(&("TableHead".into(), "State".into())), "{p:?}");
        let notes: Vec<&str> = c.footnotes.iter().map(|n| n.finish_ref()).collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        // The note's text, its runs joined (the address is a run of its own).
        let text: String = notes[0]
            .split('<')
            .map(|piece| piece.split_once('>').map_or(piece, |(_, t)| t))
            .collect();
        assert!(text.contains("Available at www.unodc.org."), "{}", notes[0]);
        assert!(notes[1].contains("Note a."));
        assert!(c.body.finish_ref().contains("<w:jc w:val=\"right\"/>"));
    }

    /// The numbered paragraphs' list ids, in order.
    fn list_ids(xml: &str) -> Vec<u32> {
        xml.match_indices("<w:numId w:val=\"")
            .map(|(at, m)| {
                let rest = &xml[at + m.len()..];
                rest[..rest.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn the_body_s_paragraphs_are_one_word_list_and_an_annex_starts_its_own() {
        let mut doc = document();
        let numbered = |n: u32| {
            Block::Numbered(NumberedParagraph {
                number: n,
                content: text("Text."),
                source: Source::Generated,
                nested: vec![para("The rest.")],
            })
        };
        doc.chapters[0].sections[0].blocks.push(numbered(2));
        doc.chapters.push(Chapter {
            number: 2,
            title: text("Next"),
            source: Source::Generated,
            blocks: vec![numbered(3)],
            sections: Vec::new(),
        });
        doc.annexes[0].blocks.extend([numbered(1), numbered(2)]);
        let c = convert(&doc, None);
        let body = c.body.finish();
        // One list across the chapters, from 1; the annex's from 1 again;
        // the rest of a paragraph is not numbered.
        assert_eq!(list_ids(&body), [1, 1, 1, 2, 2]);
        assert_eq!(c.lists.starts(), [1, 1]);
        let p = paras(&body, &c.lists);
        let numbers: Vec<&str> = p
            .iter()
            .filter(|(s, _)| s == "NumberedPara")
            .filter_map(|(_, t)| t.split_once(".|").map(|(n, _)| n))
            .collect();
        assert_eq!(numbers, ["1", "2", "3", "1", "2"]);
        assert!(!body.contains(">1.</w:t>") && !body.contains(">2.</w:t>"));
    }

    #[test]
    fn a_draft_s_contents_keep_their_typed_ranges_when_there_is_one_a_row() {
        let typed: Vec<String> = ["1-9", "", "", ""].map(String::from).into();
        let c = convert(&document(), Some(&typed));
        assert!(c.body.finish_ref().contains(">1-9</w:t>"));
        // Not one a row: counted from the paragraphs.
        let c = convert(&document(), Some(&typed[..2]));
        let body = c.body.finish();
        assert!(
            !body.contains(">1-9</w:t>") && body.contains(">1</w:t>"),
            "{body}"
        );
    }

    #[test]
    fn the_annexes_follow_in_the_one_section() {
        let md = "<!-- sgreport:body -->\n\n# Intro\n\nText.\n\n<!-- sgreport:annexes -->\n\n# Annex\n\n## List of States\n\nText.\n";
        let (c, p) = built(md);
        assert_eq!(c.body.finish_ref().matches("<w:sectPr>").count(), 0);
        assert!(p.contains(&("AnnexHead".into(), "Annex".into())), "{p:?}");
        assert!(
            p.contains(&("AnnexTitle".into(), "List of States".into())),
            "{p:?}"
        );
    }

    #[test]
    fn page_one_and_the_contents_come_from_the_typed_fields() {
        let c = convert(&document(), None);
        let body = c.body.finish();
        let p = paras(&body, &c.lists);
        let at = |text: &str| {
            p.iter()
                .position(|(_, t)| t == text)
                .unwrap_or_else(|| panic!("no {text:?} in {p:?}"))
        };
        assert_eq!(p[at("Distr.: General")].0, "Distribution");
        assert_eq!(p[at("Original: English")].0, "Distribution");
        // The agenda item carries the cover note's asterisk; its title is bold.
        assert_eq!(p[at("Item 4 of the provisional agenda*")].0, "Session");
        assert!(body.contains(
            "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">Crime prevention</w:t>"
        ));
        assert_eq!(p[at("Summary")].0, "SummaryTitle");
        assert_eq!(p[at("In short.")].0, "SummaryText");
        // Each contents row points at the bookmark on its heading.
        for (instr, bookmark) in [
            ("PAGEREF _Chapter1 ", "_Chapter1"),
            ("PAGEREF _Section1_1 ", "_Section1_1"),
            ("PAGEREF _Annex1 ", "_Annex1"),
        ] {
            assert!(body.contains(instr), "{instr}");
            assert!(
                body.contains(&format!("w:name=\"{bookmark}\"")),
                "{bookmark}"
            );
        }
        assert!(body.contains(">A. Extent</w:t>"));
        assert!(body.contains(">Annex</w:t>"));
    }
}
