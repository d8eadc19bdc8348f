//! The numbered Markdown's events to WordprocessingML, the way
//! render/typst.rs turns them into Typst: the same regions, the same masthead
//! order, the same numbers. Every text goes through [`Xml::text`].

use std::collections::HashMap;

use pulldown_cmark::{Alignment, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::contents::{self, Counter};
use super::drawing::{self, Frame};
use super::masthead::{self, Page1, SessionLine};
use super::package::Converted;
use super::package::BARCODE_DRAWING_ID;
use super::runs::{self, Format};
use super::table;
use super::walk::{bookmark_end, bookmark_start};
use super::xml::Xml;
use crate::chart::Figure;
use crate::document::labels::{self, typographic_quotes};
use crate::document::{ListStyle, NoteMark};
use crate::markdown::options as markdown_options;
use crate::render::numbering::Region;

/// How a paragraph starts.
enum Lead {
    None,
    /// A number or letter, then a tab (hanging).
    Label(String),
    /// A footnote's own mark.
    FootnoteRef,
    /// A table note's letter.
    Letter(String),
}

struct Para {
    style: &'static str,
    runs: Xml,
    /// Continuation of an item: no hanging first line.
    continuation: bool,
    jc: Option<&'static str>,
    /// Text outside any bold run, and bold runs, seen (for box titles).
    plain_text: bool,
    strong_runs: u32,
    /// The paragraph's text as written (a contents cell is read back).
    plain: String,
}

struct List {
    /// The first item's number, and the items seen.
    start: u64,
    items: usize,
    /// The top-level ordered list of the body: the numbered paragraphs.
    numbered: bool,
    /// How the items are labelled (the model's rule), the numbered
    /// paragraphs' list aside.
    style: ListStyle,
}

struct Table {
    aligns: Vec<Alignment>,
    rows: Vec<Vec<Xml>>,
    /// Each cell's text, row by row.
    plain: Vec<Vec<String>>,
    head: bool,
    cell: Option<Xml>,
}

struct Conv<'e> {
    region: Region,
    out: Xml,
    para: Option<Para>,
    bold: u32,
    italic: u32,
    lists: Vec<List>,
    pending: Option<String>,
    quote: u32,
    table: Option<Table>,
    table_notes: Vec<Xml>,
    heading: Option<HeadingLevel>,
    /// The number of a heading is split off at its first text.
    split_heading: bool,
    html: Option<String>,
    code_block: Option<String>,
    /// The figures the Markdown shows, drawn where their image stands; the
    /// image's own text (its caption again) is skipped while this is set.
    figures: &'e [Figure],
    in_figure: bool,
    /// The headings and figures counted, for their bookmarks (which the
    /// contents' page fields refer to), and the bookmark ids given out.
    targets: Counter,
    bookmarks: u32,
    /// The bookmark the open heading ends.
    open_bookmark: Option<u32>,
    /// Footnote definitions by label, and the footnotes made.
    defs: &'e HashMap<String, Vec<Event<'e>>>,
    footnotes: Vec<Xml>,
    /// Inside a footnote or table note: the style of every paragraph, and how
    /// the first one starts.
    fixed_style: Option<&'static str>,
    first_lead: Option<Lead>,
    // The masthead, collected as lines of plain text.
    masthead: Vec<Vec<String>>,
    mast_line: String,
    rule_at: Option<usize>,
    symbol: String,
    title: String,
    job: Vec<String>,
    annex_section: bool,
}

pub fn convert(markdown: &str, figures: &[Figure]) -> Converted {
    let events: Vec<Event> = Parser::new_ext(markdown, markdown_options()).collect();
    let (main, notes) = crate::markdown::split_footnotes(events);
    let defs: HashMap<String, Vec<Event>> = notes.into_iter().collect();
    let mut c = Conv::new(&defs, figures);
    for e in main {
        c.event(e);
    }
    c.flush_region();
    c.close_para();
    Converted {
        body: c.out,
        footnotes: c.footnotes,
        symbol: c.symbol,
        title: c.title,
        job: c.job,
        annex_section: c.annex_section,
    }
}

impl<'e> Conv<'e> {
    fn new(defs: &'e HashMap<String, Vec<Event<'e>>>, figures: &'e [Figure]) -> Self {
        Conv {
            region: Region::Masthead,
            out: Xml::fragment(),
            para: None,
            bold: 0,
            italic: 0,
            lists: Vec::new(),
            pending: None,
            quote: 0,
            table: None,
            table_notes: Vec::new(),
            heading: None,
            split_heading: false,
            html: None,
            code_block: None,
            figures,
            in_figure: false,
            targets: Counter::default(),
            bookmarks: 0,
            open_bookmark: None,
            defs,
            footnotes: Vec::new(),
            fixed_style: None,
            first_lead: None,
            masthead: Vec::new(),
            mast_line: String::new(),
            rule_at: None,
            symbol: String::new(),
            title: String::new(),
            job: Vec::new(),
            annex_section: false,
        }
    }

    /// A converter for a note's own paragraphs, sharing the footnote list.
    fn note(&self, style: &'static str, lead: Lead) -> Conv<'e> {
        let mut c = Conv::new(self.defs, self.figures);
        c.region = Region::Body;
        c.fixed_style = Some(style);
        c.first_lead = Some(lead);
        c
    }

    fn in_masthead(&self) -> bool {
        self.region == Region::Masthead && self.fixed_style.is_none()
    }

    fn event(&mut self, e: Event) {
        if self.in_figure {
            self.in_figure = !matches!(e, Event::End(TagEnd::Image));
            return;
        }
        if let Some(h) = self.html.as_mut() {
            match e {
                Event::Html(t) | Event::Text(t) => h.push_str(&t),
                Event::End(_) => self.end_html(),
                _ => {}
            }
            return;
        }
        if let Some(code) = self.code_block.as_mut() {
            match e {
                Event::Text(t) => code.push_str(&t),
                Event::End(_) => {
                    let code = self.code_block.take().unwrap_or_default();
                    for line in code.trim_end().lines() {
                        self.text(line);
                        self.close_para();
                    }
                }
                _ => {}
            }
            return;
        }
        match e {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            // Code prints as typed, its quotes straight (as in the PDF).
            Event::Code(t) => self.text_as_typed(&t),
            Event::Html(t) | Event::InlineHtml(t) => {
                if !t.trim_start().starts_with("<!--") {
                    self.text(&t)
                }
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => {
                if self.in_masthead() {
                    self.mast_line.push('\n');
                } else {
                    self.ensure_para();
                    self.run_element("w:br");
                }
            }
            Event::Rule => {
                if self.in_masthead() {
                    self.rule_at = Some(self.masthead.len());
                } else {
                    self.close_para();
                    self.simple_para("Rule", "");
                }
            }
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            Event::TaskListMarker(_) => {}
        }
    }

    /// Opens what a tag opens: a block, a list or item, a table part, or an
    /// inline style. Each kind has its own step below.
    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph if self.table.is_none() => {
                self.close_para();
                self.ensure_para();
            }
            Tag::Heading { level, .. } => self.start_heading(level),
            Tag::List(start) => self.start_list(start),
            Tag::Item => self.start_item(),
            Tag::Table(aligns) => self.start_table(aligns),
            Tag::TableHead => self.start_row(true),
            Tag::TableRow => self.start_row(false),
            Tag::TableCell => self.start_cell(),
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.start_strong(),
            Tag::BlockQuote(_) => {
                self.close_para();
                self.quote += 1;
            }
            Tag::CodeBlock(_) => {
                self.close_para();
                self.code_block = Some(String::new());
            }
            Tag::HtmlBlock => {
                self.close_para();
                self.html = Some(String::new());
            }
            Tag::Image { dest_url, .. } => {
                let figures = self.figures;
                if let Some(f) = figures.iter().find(|f| *f.file_name == *dest_url) {
                    self.figure(f);
                }
            }
            // Links are text (a reply's address is already printed after it);
            // other images are their description; nothing else opens an
            // element.
            _ => {}
        }
    }

    /// A figure where its image stands: the caption, then the drawing of
    /// the chart model, its alternative text made from the same model.
    fn figure(&mut self, f: &Figure) {
        // The image is alone in its paragraph: that paragraph is the figure's.
        self.para = None;
        self.in_figure = true;
        let target = self.targets.figure();
        let mut caption = Xml::fragment();
        let id = bookmark_start(&mut caption, &mut self.bookmarks, target);
        caption
            .open("w:r", &[])
            .element("w:t", &[("xml:space", "preserve")], &f.caption)
            .close();
        bookmark_end(&mut caption, id);
        write_para(
            &mut self.out,
            &Para {
                style: "FigureTitle",
                runs: caption,
                continuation: false,
                jc: None,
                plain_text: true,
                strong_runs: 0,
                plain: String::new(),
            },
        );
        self.out.open("w:p", &[]);
        self.out
            .open("w:pPr", &[])
            .empty("w:pStyle", &[("w:val", "Figure")])
            .close();
        let frame = Frame {
            id: BARCODE_DRAWING_ID + f.number,
            name: &format!("Figure {}", f.number),
            descr: &drawing::alt_text(&f.caption, &f.drawing),
        };
        drawing::figure(&mut self.out, &f.drawing, &frame);
        self.out.close();
    }

    /// A heading's paragraph; its number is split off at its first text.
    fn start_heading(&mut self, level: HeadingLevel) {
        self.close_para();
        self.heading = Some(level);
        self.split_heading = true;
        self.ensure_para();
        let target = match (self.region, level) {
            _ if self.fixed_style.is_some() => None,
            (Region::Body, HeadingLevel::H1) => Some(self.targets.chapter()),
            (Region::Body, HeadingLevel::H2) => Some(self.targets.section()),
            (Region::Annexes, HeadingLevel::H1) => Some(self.targets.annex()),
            _ => None,
        };
        if let Some(t) = target {
            let runs = &mut self.para.as_mut().expect("open").runs;
            self.open_bookmark = Some(bookmark_start(runs, &mut self.bookmarks, t));
        }
    }

    /// A list; the body's top-level ordered list is the numbered paragraphs.
    fn start_list(&mut self, start: Option<u64>) {
        self.close_para();
        let numbered = start.is_some()
            && self.lists.is_empty()
            && self.region == Region::Body
            && self.quote == 0
            && self.fixed_style.is_none();
        let subparagraphs = self.region == Region::Body && self.fixed_style.is_none();
        let style = labels::list_style(
            self.sub_depth(),
            start.is_some(),
            start.unwrap_or(1),
            subparagraphs,
        );
        self.lists.push(List {
            start: start.unwrap_or(1),
            items: 0,
            numbered,
            style,
        });
    }

    /// An item: its label waits for the item's first paragraph.
    fn start_item(&mut self) {
        self.close_para();
        let list = self.lists.last_mut().expect("an item in a list");
        let n = list.items;
        list.items += 1;
        let label = if list.numbered {
            format!("{}.", list.start + n as u64)
        } else {
            labels::item_label(list.style, list.start, n).unwrap_or_else(|| "\u{2022}".into())
        };
        self.pending = Some(label);
    }

    fn start_table(&mut self, aligns: Vec<Alignment>) {
        self.close_para();
        self.table = Some(Table {
            aligns,
            rows: Vec::new(),
            plain: Vec::new(),
            head: false,
            cell: None,
        });
    }

    /// A row of the table, the head's or the body's.
    fn start_row(&mut self, head: bool) {
        if let Some(t) = self.table.as_mut() {
            t.head = head;
            t.rows.push(Vec::new());
            t.plain.push(Vec::new());
        }
    }

    /// A cell: its own paragraph, styled and aligned by its place.
    fn start_cell(&mut self) {
        if let Some(t) = self.table.as_mut() {
            t.cell = Some(Xml::fragment());
        }
        let style = self.cell_style();
        let jc = self.cell_alignment();
        self.para = Some(Para {
            style,
            runs: Xml::fragment(),
            continuation: false,
            jc,
            plain_text: false,
            strong_runs: 0,
            plain: String::new(),
        });
    }

    /// Bold, counted in the paragraph (a box title is one bold run).
    fn start_strong(&mut self) {
        self.bold += 1;
        if let Some(p) = self.para.as_mut() {
            p.strong_runs += 1;
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph if self.table.is_none() => self.close_para(),
            TagEnd::Heading(_) => {
                if let (Some(id), Some(p)) = (self.open_bookmark.take(), self.para.as_mut()) {
                    bookmark_end(&mut p.runs, id);
                }
                self.close_para();
                self.heading = None;
            }
            TagEnd::List(_) => {
                self.close_para();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.close_para();
                self.pending = None;
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.write_table(t);
                }
            }
            TagEnd::TableCell => {
                let p = self.para.take();
                if let (Some(t), Some(p)) = (self.table.as_mut(), p) {
                    let mut cell = t.cell.take().unwrap_or_default();
                    write_para(&mut cell, &p);
                    if let Some(row) = t.rows.last_mut() {
                        row.push(cell);
                    }
                    if let Some(row) = t.plain.last_mut() {
                        row.push(p.plain);
                    }
                }
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::BlockQuote(_) => {
                self.close_para();
                self.quote = self.quote.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn end_html(&mut self) {
        let html = self.html.take().unwrap_or_default();
        if let Some(r) = Region::from_marker(&html) {
            self.switch_region(r);
        } else if !html.trim_start().starts_with("<!--") {
            for line in html.trim_end().lines() {
                self.text(line);
                self.close_para();
            }
        }
    }

    /// Depth of sub-paragraph lists (the numbered paragraphs' list not counted).
    fn sub_depth(&self) -> usize {
        self.lists.iter().filter(|l| !l.numbered).count()
    }

    /// A cell's paragraph style: the head's, the contents', or a table's text.
    fn cell_style(&self) -> &'static str {
        if self.table.as_ref().is_some_and(|t| t.head) {
            "TableHead"
        } else if self.region == Region::Contents {
            "ContentsText"
        } else {
            "TableText"
        }
    }

    fn cell_alignment(&self) -> Option<&'static str> {
        let t = self.table.as_ref()?;
        let col = t.rows.last().map_or(0, Vec::len);
        match t.aligns.get(col) {
            Some(Alignment::Right) => Some("right"),
            Some(Alignment::Center) => Some("center"),
            _ => None,
        }
    }

    fn para_style(&self) -> &'static str {
        if let Some(s) = self.fixed_style {
            return s;
        }
        if let Some(level) = self.heading {
            return match (self.region, level) {
                (Region::Annexes, HeadingLevel::H1) => "AnnexHead",
                (Region::Annexes, HeadingLevel::H2) => "AnnexTitle",
                (_, HeadingLevel::H1) => "HCh",
                (_, HeadingLevel::H2) => "H1",
                (_, HeadingLevel::H3) => "H23",
                (_, HeadingLevel::H4) => "H4",
                _ => "H56",
            };
        }
        if self.quote > 0 {
            return "Quotation";
        }
        if self.region == Region::Summary {
            return "SummaryText";
        }
        if self.lists.last().is_some_and(|l| l.numbered) {
            return "NumberedPara";
        }
        match self.sub_depth() {
            0 => "SingleTxt",
            1 => "SubPara1",
            2 => "SubPara2",
            _ => "SubPara3",
        }
    }

    /// Opens a paragraph if none is open, with the item's label if pending.
    fn ensure_para(&mut self) {
        if self.para.is_some() || self.in_masthead() {
            return;
        }
        let style = self.para_style();
        let in_item = !self.lists.is_empty() && self.heading.is_none();
        let lead = match (self.first_lead.take(), self.pending.take()) {
            (Some(l), _) => l,
            (None, Some(label)) => Lead::Label(label),
            (None, None) => Lead::None,
        };
        let continuation = in_item && matches!(lead, Lead::None);
        self.para = Some(Para {
            style,
            runs: Xml::fragment(),
            continuation,
            jc: None,
            plain_text: false,
            strong_runs: 0,
            plain: String::new(),
        });
        match lead {
            Lead::None => {}
            Lead::Label(l) => {
                self.plain_run(&l);
                self.run_element("w:tab");
            }
            Lead::FootnoteRef => runs::footnote_mark(&mut self.para.as_mut().expect("open").runs),
            Lead::Letter(l) => {
                runs::note_letter(&mut self.para.as_mut().expect("open").runs, &l);
                self.run_element("w:tab");
            }
        }
    }

    fn close_para(&mut self) {
        if self.in_masthead() {
            if !self.mast_line.is_empty() {
                let lines = std::mem::take(&mut self.mast_line)
                    .lines()
                    .map(|l| l.trim().to_string())
                    .collect();
                self.masthead.push(lines);
            }
            return;
        }
        let Some(mut p) = self.para.take() else {
            return;
        };
        if matches!(self.region, Region::Summary | Region::Contents)
            && self.fixed_style.is_none()
            && self.lists.is_empty()
            && self.heading.is_none()
            && !p.plain_text
            && p.strong_runs == 1
        {
            p.style = if self.region == Region::Summary {
                "SummaryTitle"
            } else {
                "ContentsTitle"
            };
        }
        write_para(&mut self.out, &p);
    }

    /// A run of text with the current bold and italic.
    /// Text, its straight quotes made typographic by the one rule
    /// ([`typographic_quotes`]), after the character before it in its
    /// paragraph.
    fn text(&mut self, t: &str) {
        let before = if self.in_masthead() {
            self.mast_line.chars().last()
        } else {
            self.para.as_ref().and_then(|p| p.plain.chars().last())
        };
        self.text_as_typed(&typographic_quotes(t, before));
    }

    /// A run of text with the current bold and italic.
    fn text_as_typed(&mut self, t: &str) {
        if self.in_masthead() {
            self.mast_line.push_str(t);
            return;
        }
        let mut t = t;
        if self.split_heading {
            self.split_heading = false;
            if let Some((num, rest)) = t
                .split_once(' ')
                .filter(|(n, _)| n.ends_with('.') && n.len() <= 6 && self.region != Region::Annexes)
            {
                self.ensure_para();
                self.plain_run(num);
                self.run_element("w:tab");
                t = rest.trim_start();
            }
        }
        self.ensure_para();
        let (bold, italic) = (self.bold > 0, self.italic > 0);
        let p = self.para.as_mut().expect("a paragraph is open");
        if !bold && !t.trim().is_empty() {
            p.plain_text = true;
        }
        p.plain.push_str(t);
        runs::text(&mut p.runs, t, Format { bold, italic });
    }

    fn plain_run(&mut self, t: &str) {
        let p = self.para.as_mut().expect("a paragraph is open");
        p.runs
            .open("w:r", &[])
            .element("w:t", &[("xml:space", "preserve")], t)
            .close();
    }

    fn run_element(&mut self, name: &'static str) {
        let p = self.para.as_mut().expect("a paragraph is open");
        p.runs.open("w:r", &[]).empty(name, &[]).close();
    }

    fn simple_para(&mut self, style: &'static str, text: &str) {
        let mut p = Para {
            style,
            runs: Xml::fragment(),
            continuation: false,
            jc: None,
            plain_text: false,
            strong_runs: 0,
            plain: String::new(),
        };
        if !text.is_empty() {
            p.runs
                .open("w:r", &[])
                .element("w:t", &[("xml:space", "preserve")], text)
                .close();
        }
        write_para(&mut self.out, &p);
    }

    fn footnote_reference(&mut self, label: &str) {
        // A note inside a note is printed as its label, as in the PDF.
        let def = self.defs.get(label).filter(|_| self.fixed_style.is_none());
        let Some(def) = def else {
            self.text(&format!("[^{label}]"));
            return;
        };
        if self.in_masthead() {
            return;
        }
        self.ensure_para();
        if self.table.is_some() {
            // UN tables carry their notes below them, lettered a, b ...
            let n = u32::try_from(self.table_notes.len() + 1).unwrap_or(u32::MAX);
            let letter = labels::note_mark(NoteMark::TableLetter(n));
            let mut c = self.note("TableNote", Lead::Letter(letter.clone()));
            c.run_events(def.clone());
            self.table_notes.push(c.out);
            runs::note_letter(&mut self.para.as_mut().expect("open").runs, &letter);
            return;
        }
        let mut c = self.note("FootnoteText", Lead::FootnoteRef);
        c.run_events(def.clone());
        self.footnotes.push(c.out);
        let id = self.footnotes.len();
        runs::footnote_reference(&mut self.para.as_mut().expect("open").runs, id);
    }

    fn run_events(&mut self, events: Vec<Event<'e>>) {
        for e in events {
            self.event(e);
        }
        self.close_para();
    }

    fn write_table(&mut self, t: Table) {
        let contents = self.region == Region::Contents;
        if contents && t.aligns.len() == 3 {
            // The header row is the Markdown's; Word writes its own.
            let rows = contents::rows_of_markdown(t.plain.get(1..).unwrap_or(&[]));
            contents::write(&mut self.out, &rows);
            // Word needs a paragraph between two tables; it also spaces the text.
            self.out.empty("w:p", &[]);
            return;
        }
        table::write(&mut self.out, t.aligns.len(), &t.rows, !contents);
        for note in std::mem::take(&mut self.table_notes) {
            self.out.append(&note);
        }
        // Word needs a paragraph between two tables; it also spaces the text.
        self.out.empty("w:p", &[]);
    }

    fn switch_region(&mut self, r: Region) {
        self.close_para();
        self.flush_region();
        if r == Region::Annexes && self.region != Region::Annexes {
            // The annexes are a section of their own: their notes are
            // lettered a, b ... and start again.
            self.out.open("w:p", &[]).open("w:pPr", &[]);
            super::package::section_properties(&mut self.out, false);
            self.out.close().close();
            self.annex_section = true;
        }
        self.region = r;
    }

    /// Writes what the masthead collected (the paragraphs' order is that of
    /// templates/masthead.md, as in render/typst.rs's `masthead_call`).
    fn flush_region(&mut self) {
        if self.region != Region::Masthead || self.masthead.is_empty() {
            return;
        }
        let paras = std::mem::take(&mut self.masthead);
        let m = Masthead::parse(&paras, self.rule_at);
        masthead::write(&mut self.out, &mut self.footnotes, &m.page1());
        self.symbol = m.symbol;
        self.title = m.title;
        self.job = m.job;
    }
}

/// The masthead's paragraphs sorted into their parts: those above the rule
/// (United Nations and symbol, organ, distribution, status), then the
/// session, title, subtitle, and the cover note and job line.
struct Masthead {
    symbol: String,
    organ: String,
    distribution: Vec<String>,
    status: Vec<String>,
    session: Vec<String>,
    title: String,
    subtitle: Vec<String>,
    cover_note: Option<String>,
    job: Vec<String>,
}

impl Masthead {
    /// What page 1 prints: the session's lines as the PDF layout sets them
    /// (a fifth line, the agenda item's title, bold), the agenda item's
    /// asterisk (the first line after the body's name to end with one) the
    /// cover note's mark.
    fn page1(&self) -> Page1 {
        let marked = self
            .cover_note
            .as_ref()
            .and_then(|_| (1..self.session.len()).find(|&i| self.session[i].ends_with('*')));
        let session = self
            .session
            .iter()
            .enumerate()
            .map(|(i, l)| SessionLine {
                text: if marked == Some(i) {
                    l.strip_suffix('*').unwrap_or(l).to_string()
                } else {
                    l.clone()
                },
                bold: i >= 4,
                marked: marked == Some(i),
            })
            .collect();
        let note = |n: &String| n.strip_prefix('*').unwrap_or(n).trim_start().to_string();
        Page1 {
            symbol: self.symbol.clone(),
            organ: self.organ.clone(),
            distribution: self.distribution.clone(),
            status: self.status.clone(),
            session,
            title: self.title.clone(),
            subtitle: self.subtitle.clone(),
            cover_note: self.cover_note.as_ref().map(note),
        }
    }

    /// `paras` are the masthead's paragraphs as lines; `rule_at` is where
    /// the rule was (after the third paragraph if none).
    fn parse(paras: &[Vec<String>], rule_at: Option<usize>) -> Masthead {
        let rule = rule_at.unwrap_or(3.min(paras.len())).min(paras.len());
        let (top, rest) = paras.split_at(rule);
        let line = |i: usize, j: usize| top.get(i).and_then(|p| p.get(j)).cloned();
        let extra = rest.get(3..).unwrap_or(&[]);
        let is_note = |p: &&Vec<String>| p.first().is_some_and(|l| l.starts_with('*'));
        Masthead {
            symbol: line(0, 1).unwrap_or_default(),
            organ: line(1, 0).unwrap_or_default(),
            distribution: top.get(2).cloned().unwrap_or_default(),
            status: top.iter().skip(3).flatten().cloned().collect(),
            session: rest.first().cloned().unwrap_or_default(),
            title: rest.get(1).map(|p| p.join(" ")).unwrap_or_default(),
            subtitle: rest.get(2).cloned().unwrap_or_default(),
            cover_note: extra.iter().find(is_note).map(|p| p.join(" ")),
            job: extra
                .iter()
                .find(|p| !is_note(p))
                .cloned()
                .unwrap_or_default(),
        }
    }
}

fn write_para(x: &mut Xml, p: &Para) {
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", p.style)]);
    if p.continuation {
        x.empty("w:ind", &[("w:firstLine", "0")]);
    }
    if let Some(jc) = p.jc {
        x.empty("w:jc", &[("w:val", jc)]);
    }
    x.close();
    x.append(&p.runs);
    x.close();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (style, text with tabs as `|`) of each paragraph of `xml`.
    fn paras(xml: &str) -> Vec<(String, String)> {
        xml.split("<w:p>")
            .skip(1)
            .map(|p| {
                let style = p
                    .split("<w:pStyle w:val=\"")
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .unwrap_or("")
                    .to_string();
                let mut text = String::new();
                for piece in p.split("<w:").skip(1) {
                    if piece.starts_with("tab/>") {
                        text.push('|');
                    } else if let Some(t) = piece.strip_prefix("t xml:space=\"preserve\">") {
                        text.push_str(t.split('<').next().unwrap_or(""));
                    } else if let Some(t) = piece.strip_prefix("t>") {
                        text.push_str(t.split('<').next().unwrap_or(""));
                    }
                }
                (style, text)
            })
            .collect()
    }

    fn body(md: &str) -> Vec<(String, String)> {
        paras(&convert(md, &[]).body.finish())
    }

    #[test]
    fn subparagraphs_run_a_then_i_and_continue_their_item() {
        let md = "<!-- sgreport:body -->\n\n# I. Intro\n\n3. First:\n\n   1. one;\n\n      1. deep;\n      2. deeper.\n\n   2. two.\n\n   More of 3.\n\n4. Next.\n";
        let p = body(md);
        let got: Vec<(&str, &str)> = p.iter().map(|(s, t)| (s.as_str(), t.as_str())).collect();
        assert_eq!(
            got,
            [
                ("HCh", "I.|Intro"),
                ("NumberedPara", "3.|First:"),
                ("SubPara1", "(a)|one;"),
                ("SubPara2", "(i)|deep;"),
                ("SubPara2", "(ii)|deeper."),
                ("SubPara1", "(b)|two."),
                ("NumberedPara", "More of 3."),
                ("NumberedPara", "4.|Next."),
            ]
        );
    }

    #[test]
    fn a_list_typed_from_ten_keeps_its_numbers_and_bullets_are_subparagraphs() {
        let md = "<!-- sgreport:body -->\n\n1. Articles:\n\n   10. ten;\n   11. eleven.\n\n   - one;\n   - two.\n\n<!-- sgreport:annexes -->\n\n# Annex\n\n- a State\n";
        let p = body(md);
        let got: Vec<(&str, &str)> = p.iter().map(|(s, t)| (s.as_str(), t.as_str())).collect();
        assert_eq!(
            got,
            [
                ("NumberedPara", "1.|Articles:"),
                ("SubPara1", "10.|ten;"),
                ("SubPara1", "11.|eleven."),
                ("SubPara1", "(a)|one;"),
                ("SubPara1", "(b)|two."),
                ("", ""),
                ("AnnexHead", "Annex"),
                ("SubPara1", "\u{2022}|a State"),
            ]
        );
    }

    #[test]
    fn notes_in_a_table_are_lettered_below_it_and_others_are_footnotes() {
        let md = "<!-- sgreport:body -->\n\n1. Text.[^a]\n\n| State | Cases |\n| :--- | ---: |\n| Peru | 3[^b] |\n\n[^a]: Note a.\n\n[^b]: Note b.\n";
        let c = convert(md, &[]);
        let xml = c.body.finish();
        assert!(xml.contains("<w:footnoteReference w:id=\"1\"/>"));
        assert_eq!(c.footnotes.len(), 1);
        assert!(c.footnotes[0].finish_ref().contains("Note a."));
        let p = paras(&xml);
        assert!(
            p.contains(&("TableNote".into(), "a|Note b.".into())),
            "{p:?}"
        );
        assert!(p.contains(&("TableText".into(), "3a".into())), "{p:?}");
        assert!(xml.contains("<w:jc w:val=\"right\"/>"));
    }

    #[test]
    fn the_annexes_are_a_section_and_their_headings_keep_their_words() {
        let md = "<!-- sgreport:body -->\n\n1. Text.\n\n<!-- sgreport:annexes -->\n\n# Annex I\n\n## List of States\n\nText.\n";
        let c = convert(md, &[]);
        assert!(c.annex_section);
        let xml = c.body.finish();
        assert_eq!(xml.matches("<w:sectPr>").count(), 1);
        let p = paras(&xml);
        assert!(p.contains(&("AnnexHead".into(), "Annex I".into())));
        assert!(p.contains(&("AnnexTitle".into(), "List of States".into())));
    }
}
