//! The Markdown the templates rendered, read once into typed blocks (a
//! [`Flow`]) that the numbering pass ([`crate::render::numbering`]) makes a
//! [`super::Document`]. Here every piece of text becomes inline runs
//! (typographic quotes applied once, [`labels::typographic_quotes`]), every
//! link a footnote, every footnote reference a [`FootnoteId`] with its mark,
//! and every source mark ([`crate::render::provenance`]) the [`Source`] of
//! the block it stands in.

use std::collections::{HashMap, VecDeque};

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::marks::{read_mark, Mark};
use super::{
    labels, plain_text, Align, Block, Footnote, FootnoteId, Inline, List, ListItem, NoteMark,
    Paragraph, Row, RowKind, Source, Table,
};

/// The part of the document a block belongs to, set by marker comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Region {
    #[default]
    Masthead,
    Summary,
    Contents,
    Body,
    Annexes,
}

impl Region {
    pub fn from_marker(html: &str) -> Option<Region> {
        let inner = html
            .trim()
            .strip_prefix("<!--")?
            .strip_suffix("-->")?
            .trim();
        match inner.strip_prefix("sgreport:")? {
            "masthead" => Some(Region::Masthead),
            "summary" => Some(Region::Summary),
            "contents" => Some(Region::Contents),
            "body" => Some(Region::Body),
            "annexes" => Some(Region::Annexes),
            _ => None,
        }
    }
}

/// What a source mark points at, for the builder.
pub trait Resolve {
    fn resolve(&self, mark: &Mark) -> Option<Source>;
}

/// No marks known: every mark is dropped, every block's source is
/// [`Source::Generated`] (a draft read back, the redline).
pub struct NoSources;

impl Resolve for NoSources {
    fn resolve(&self, _: &Mark) -> Option<Source> {
        None
    }
}

/// One top-level piece of the rendered Markdown.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A `<!-- sgreport:... -->` marker: what follows belongs to this part.
    Region(Region),
    Heading {
        level: u8,
        content: Vec<Inline>,
        source: Source,
    },
    /// `![title](figure:key)` alone in a paragraph.
    Figure {
        title: String,
        key: String,
        source: Source,
    },
    Block(Block),
}

/// The rendered Markdown, read: its items in order and every footnote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flow {
    pub items: Vec<Item>,
    pub footnotes: Vec<Footnote>,
}

/// Reads `markdown` (see the module's documentation).
pub fn read(markdown: &str, sources: &dyn Resolve) -> Flow {
    let events: Vec<Event> = Parser::new_ext(markdown, crate::markdown::options()).collect();
    let (main, notes) = crate::markdown::split_footnotes(events);
    let mut r = Reader {
        sources,
        definitions: notes.into_iter().collect(),
        stack: Vec::new(),
        flow: Flow::default(),
        region: Region::Masthead,
        prev: None,
        body_notes: 0,
        annex_notes: 0,
        table_notes: Vec::new(),
        given: HashMap::new(),
        queued: VecDeque::new(),
    };
    for e in main {
        r.event(e);
    }
    r.flow
}

/// An open element and what has been read inside it.
struct Frame {
    kind: Kind,
    inlines: Vec<Inline>,
    blocks: Vec<Block>,
    /// A mark of a reply's or report.yaml's text, which wins over a
    /// template's.
    input: Option<Source>,
    template: Option<Source>,
    /// An image `figure:key` read in this paragraph: (title, key).
    figure: Option<(String, String)>,
    /// Rows of a table.
    rows: Vec<Row>,
    cells: Vec<Vec<Inline>>,
    items: Vec<ListItem>,
}

enum Kind {
    Paragraph,
    Heading(u8),
    List(Option<u64>),
    Item,
    Table(Vec<Alignment>),
    TableHead,
    TableRow,
    TableCell,
    Emphasis,
    Strong,
    Link(String),
    Image(String),
    Quote,
    Verbatim,
    /// Anything else: its content is kept, its markup dropped.
    Other,
}

impl Frame {
    fn new(kind: Kind) -> Frame {
        Frame {
            kind,
            inlines: Vec::new(),
            blocks: Vec::new(),
            input: None,
            template: None,
            figure: None,
            rows: Vec::new(),
            cells: Vec::new(),
            items: Vec::new(),
        }
    }

    /// The block's source, taken out of the frame: an input's mark wins
    /// over a template's.
    fn take_source(&mut self) -> Source {
        self.input
            .take()
            .or_else(|| self.template.take())
            .unwrap_or_default()
    }

    fn is_block(&self) -> bool {
        !matches!(
            self.kind,
            Kind::Emphasis | Kind::Strong | Kind::Link(_) | Kind::Image(_) | Kind::Other
        )
    }
}

struct Reader<'a> {
    sources: &'a dyn Resolve,
    definitions: HashMap<String, Vec<Event<'a>>>,
    stack: Vec<Frame>,
    flow: Flow,
    region: Region,
    /// The character before the text being read in its block, for quotes.
    prev: Option<char>,
    body_notes: u32,
    annex_notes: u32,
    /// Per open table: its notes so far.
    table_notes: Vec<Vec<FootnoteId>>,
    /// Footnote label -> the note given out for its first reference.
    given: HashMap<String, FootnoteId>,
    /// The sources of the blocks that follow an input's first block (one
    /// mark per answer: see [`Mark::Input`]).
    queued: VecDeque<Source>,
}

impl<'a> Reader<'a> {
    fn event(&mut self, e: Event<'a>) {
        match e {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::Code(t) => {
                self.push(Inline::Code(t.to_string()));
                self.prev = t.chars().last();
            }
            Event::InlineHtml(h) => match read_mark(&h) {
                Some(m) => self.mark(&m),
                None => self.text(&h),
            },
            Event::Html(h) => self.text(&h),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.push(Inline::LineBreak),
            Event::Rule => self.block(Block::Rule {
                source: Source::default(),
            }),
            Event::FootnoteReference(label) => self.reference(&label),
            Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'a>) {
        let kind = match tag {
            Tag::Paragraph => Kind::Paragraph,
            Tag::Heading { level, .. } => Kind::Heading(heading_level(level)),
            Tag::List(start) => Kind::List(start),
            Tag::Item => Kind::Item,
            Tag::Table(al) => {
                self.table_notes.push(Vec::new());
                Kind::Table(al)
            }
            Tag::TableHead => Kind::TableHead,
            Tag::TableRow => Kind::TableRow,
            Tag::TableCell => Kind::TableCell,
            Tag::Emphasis => Kind::Emphasis,
            Tag::Strong => Kind::Strong,
            Tag::Link { dest_url, .. } => Kind::Link(dest_url.to_string()),
            Tag::Image { dest_url, .. } => Kind::Image(dest_url.to_string()),
            Tag::BlockQuote(_) => Kind::Quote,
            Tag::CodeBlock(CodeBlockKind::Fenced(_) | CodeBlockKind::Indented) | Tag::HtmlBlock => {
                Kind::Verbatim
            }
            _ => Kind::Other,
        };
        let frame = Frame::new(kind);
        if frame.is_block() {
            self.prev = None;
        }
        self.stack.push(frame);
    }

    fn end(&mut self, _tag: TagEnd) {
        let mut f = self.stack.pop().expect("balanced events");
        // Inline frames hand their marks on (`pass_marks`); blocks keep them.
        let source = if f.is_block() {
            labels::place_note_marks(&mut f.inlines);
            f.take_source()
        } else {
            Source::default()
        };
        let kind = std::mem::replace(&mut f.kind, Kind::Other);
        match kind {
            Kind::Paragraph => {
                let only_image =
                    |(t, _): &(String, String)| plain_text(&f.inlines).trim() == t.trim();
                if let Some((title, key)) = f.figure.clone().filter(only_image) {
                    self.flow.items.push(Item::Figure { title, key, source });
                    return;
                }
                self.block(Block::Paragraph(Paragraph {
                    content: f.inlines,
                    source,
                }));
            }
            Kind::Heading(level) => {
                self.inherit(&source);
                if self.stack.is_empty() {
                    self.queued.clear();
                    self.flow.items.push(Item::Heading {
                        level,
                        content: f.inlines,
                        source,
                    });
                } else {
                    self.block(Block::Heading(super::Heading {
                        level,
                        content: f.inlines,
                        source,
                    }));
                }
            }
            Kind::List(start) => {
                let depth = self
                    .stack
                    .iter()
                    .filter(|f| matches!(f.kind, Kind::List(_)))
                    .count();
                let subparagraphs = matches!(self.region, Region::Body);
                let style =
                    labels::list_style(depth, start.is_some(), start.unwrap_or(1), subparagraphs);
                self.block(Block::List(List {
                    style,
                    start: start.unwrap_or(1),
                    items: f.items,
                    source,
                }));
            }
            Kind::Item => {
                let mut blocks = f.blocks;
                if !f.inlines.is_empty() {
                    blocks.insert(
                        0,
                        Block::Paragraph(Paragraph {
                            content: f.inlines,
                            source: source.clone(),
                        }),
                    );
                }
                self.inherit(&source);
                if let Some(list) = self.stack.last_mut() {
                    list.items.push(ListItem { blocks, source });
                }
            }
            Kind::Table(alignments) => {
                let notes = self.table_notes.pop().unwrap_or_default();
                let mut rows = f.rows.into_iter();
                let header = rows.next().unwrap_or(Row {
                    kind: RowKind::Header,
                    cells: Vec::new(),
                });
                self.block(Block::Table(Table {
                    align: alignments.iter().map(align).collect(),
                    header,
                    rows: rows.collect(),
                    notes,
                    general_notes: Vec::new(),
                    source,
                }));
            }
            Kind::TableHead | Kind::TableRow => {
                let kind = if matches!(f.kind, Kind::TableHead) {
                    RowKind::Header
                } else if is_total(&f.cells) {
                    RowKind::Total
                } else {
                    RowKind::Body
                };
                self.inherit(&source);
                if let Some(t) = self.stack.last_mut() {
                    t.rows.push(Row {
                        kind,
                        cells: f.cells,
                    });
                }
            }
            Kind::TableCell => {
                self.inherit(&source);
                if let Some(row) = self.stack.last_mut() {
                    row.cells.push(f.inlines);
                }
            }
            Kind::Emphasis => {
                self.pass_marks(&f);
                self.push(Inline::Emphasis(f.inlines));
            }
            Kind::Strong => {
                self.pass_marks(&f);
                self.push(Inline::Strong(f.inlines));
            }
            Kind::Link(address) => self.link(address, f),
            Kind::Image(dest) => {
                let title = plain_text(&f.inlines);
                let key = dest.strip_prefix("figure:").filter(|k| is_key(k));
                if let (Some(key), Some(p)) = (key, self.stack.last_mut()) {
                    p.figure = Some((title.clone(), key.to_string()));
                }
                self.pass_marks(&f);
                self.text(&title);
            }
            Kind::Quote => self.block(Block::Quote {
                blocks: f.blocks,
                source,
            }),
            Kind::Verbatim => self.verbatim(&plain_text(&f.inlines), source),
            Kind::Other => {
                self.pass_marks(&f);
                for i in f.inlines {
                    self.push(i);
                }
                for b in f.blocks {
                    self.block(b);
                }
            }
        }
    }

    /// A code or HTML block: a region marker, an editor's comment (left
    /// out), or text shown line by line.
    fn verbatim(&mut self, text: &str, source: Source) {
        if let Some(r) = Region::from_marker(text) {
            self.queued.clear();
            self.region = r;
            self.flow.items.push(Item::Region(r));
        } else if text.trim_start().starts_with("<!--") || text.trim().is_empty() {
        } else {
            let lines = text.trim_end().lines().map(str::to_string).collect();
            self.block(Block::Verbatim { lines, source });
        }
    }

    /// A finished block: into the open container, or a top-level item; a
    /// table's note into its table.
    fn block(&mut self, mut b: Block) {
        if self.stack.is_empty() {
            self.follow(&mut b);
        }
        let b = match (self.last_table(), b) {
            (Some(t), Block::Paragraph(p)) if labels::is_table_note(&p.content) => {
                t.general_notes.push(p);
                return;
            }
            (_, b) => b,
        };
        match self.stack.last_mut() {
            Some(f) => {
                let source = b.source();
                let input = matches!(source, Source::Reply { .. } | Source::Report { .. });
                let template = matches!(source, Source::Template { .. });
                if f.input.is_none() && input {
                    f.input = Some(source.clone());
                } else if f.template.is_none() && template {
                    f.template = Some(source.clone());
                }
                f.blocks.push(b);
            }
            None => self.flow.items.push(Item::Block(b)),
        }
    }

    /// The table the next block would follow directly, if any.
    fn last_table(&mut self) -> Option<&mut Table> {
        let last = match self.stack.last_mut() {
            Some(f) => f.blocks.last_mut(),
            None => match self.flow.items.last_mut() {
                Some(Item::Block(b)) => Some(b),
                _ => None,
            },
        };
        match last {
            Some(Block::Table(t)) => Some(t),
            _ => None,
        }
    }

    /// A top-level block after an input's first: the next of that input's
    /// sources when it has no mark of its own; a template's text ends the
    /// input's blocks.
    fn follow(&mut self, b: &mut Block) {
        match b.source() {
            Source::Generated => {
                if let Some(s) = self.queued.pop_front() {
                    set_source(b, s);
                }
            }
            Source::Template { .. } => self.queued.clear(),
            _ => {}
        }
    }

    /// A closed part's source becomes its container's when it has none.
    fn inherit(&mut self, source: &Source) {
        if let Some(f) = self.stack.last_mut() {
            match source {
                Source::Reply { .. } | Source::Report { .. } if f.input.is_none() => {
                    f.input = Some(source.clone())
                }
                Source::Template { .. } if f.template.is_none() => {
                    f.template = Some(source.clone())
                }
                _ => {}
            }
        }
    }

    /// An inline frame's marks belong to the block around it.
    fn pass_marks(&mut self, f: &Frame) {
        if let Some(s) = &f.input {
            self.inherit(s);
        }
        if let Some(s) = &f.template {
            self.inherit(s);
        }
    }

    fn mark(&mut self, m: &Mark) {
        // A block's first mark of each kind wins: later ones are not looked up.
        let taken = self.stack.last().is_none_or(|f| match m {
            Mark::Input(..) => f.input.is_some(),
            Mark::Template { .. } => f.template.is_some(),
        });
        if taken {
            return;
        }
        let Some(source) = self.sources.resolve(m) else {
            return;
        };
        if let Mark::Input(first, count) = *m {
            self.queued = (first + 1..first + count.max(1))
                .filter_map(|i| self.sources.resolve(&Mark::Input(i, 1)))
                .collect();
        }
        if let Some(f) = self.stack.last_mut() {
            match source {
                Source::Reply { .. } | Source::Report { .. } if f.input.is_none() => {
                    f.input = Some(source)
                }
                Source::Template { .. } if f.template.is_none() => f.template = Some(source),
                _ => {}
            }
        }
    }

    fn text(&mut self, t: &str) {
        let prev = self.prev;
        if let Some(c) = t.chars().last() {
            self.prev = Some(c);
        }
        if t.contains(['"', '\'']) {
            self.push_text(&labels::typographic_quotes(t, prev));
        } else {
            self.push_text(t);
        }
    }

    /// Adds text to the innermost open element's last run, or as a new run.
    fn push_text(&mut self, t: &str) {
        match self.stack.last_mut().map(|f| f.inlines.last_mut()) {
            Some(Some(Inline::Text(a))) => a.push_str(t),
            _ => self.push(Inline::Text(t.to_string())),
        }
    }

    /// Adds a run to the innermost open element (text beside text is one run).
    fn push(&mut self, i: Inline) {
        let Some(f) = self.stack.last_mut() else {
            // Text outside any block (an HTML fragment): a paragraph of its own.
            if let Inline::Text(t) = &i {
                if t.trim().is_empty() {
                    return;
                }
            }
            self.flow
                .items
                .push(Item::Block(Block::Paragraph(Paragraph {
                    content: vec![i],
                    source: Source::default(),
                })));
            return;
        };
        match (f.inlines.last_mut(), i) {
            (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
            (_, i) => f.inlines.push(i),
        }
    }

    /// A link as a UN document gives it: its text, and its address in a
    /// footnote; or the address alone, once, when it is the link's text.
    fn link(&mut self, address: String, f: Frame) {
        self.pass_marks(&f);
        let text = plain_text(&f.inlines);
        if !labels::is_web_address(&address) {
            f.inlines.into_iter().for_each(|i| self.push(i));
        } else if labels::link_is_its_address(&text, &address) {
            self.push(Inline::Address {
                shown: crate::style::web_address(&address),
                address,
            });
        } else {
            let note = self.note(vec![labels::available_at_runs(&address)], Source::default());
            self.push(Inline::Link {
                content: f.inlines,
                address,
                note,
            });
            // Its mark, where the block's marks are placed once it is read.
            self.push(Inline::Note(note));
        }
    }

    /// A footnote reference: the definition read (once per label), marked as
    /// where it stands asks (table, annex, body).
    fn reference(&mut self, label: &str) {
        if let Some(&id) = self.given.get(label) {
            self.push(Inline::Note(id));
            return;
        }
        let Some(events) = self.definitions.remove(label) else {
            self.text(&format!("[^{label}]"));
            return;
        };
        let (paragraphs, source) = self.footnote_text(events);
        let id = self.note(paragraphs, source);
        self.given.insert(label.to_string(), id);
        self.push(Inline::Note(id));
    }

    /// A footnote's paragraphs, read by a reader of their own.
    fn footnote_text(&mut self, events: Vec<Event<'a>>) -> (Vec<Vec<Inline>>, Source) {
        let mut sub = Reader {
            sources: self.sources,
            definitions: HashMap::new(),
            stack: vec![Frame::new(Kind::Quote)],
            // The notes a note makes (its links) join the document's.
            flow: Flow {
                items: Vec::new(),
                footnotes: std::mem::take(&mut self.flow.footnotes),
            },
            region: self.region,
            prev: None,
            body_notes: self.body_notes,
            annex_notes: self.annex_notes,
            table_notes: Vec::new(),
            given: HashMap::new(),
            queued: VecDeque::new(),
        };
        for e in events {
            sub.event(e);
        }
        self.flow.footnotes = std::mem::take(&mut sub.flow.footnotes);
        self.body_notes = sub.body_notes;
        self.annex_notes = sub.annex_notes;
        let mut root = sub.stack.pop().expect("root");
        let source = root.take_source();
        let paragraphs = root
            .blocks
            .into_iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.content,
                other => vec![Inline::Text(block_text(&other))],
            })
            .collect();
        (paragraphs, source)
    }

    /// A new footnote, its mark as where it stands asks.
    fn note(&mut self, paragraphs: Vec<Vec<Inline>>, source: Source) -> FootnoteId {
        let id = FootnoteId(self.flow.footnotes.len());
        let mark = if let Some(t) = self.table_notes.last_mut() {
            t.push(id);
            NoteMark::TableLetter(t.len() as u32)
        } else if self.region == Region::Annexes {
            self.annex_notes += 1;
            NoteMark::AnnexLetter(self.annex_notes)
        } else {
            self.body_notes += 1;
            NoteMark::Number(self.body_notes)
        };
        self.flow.footnotes.push(Footnote {
            mark,
            paragraphs,
            source,
        });
        id
    }
}

/// Gives `b` the source `s`.
fn set_source(b: &mut Block, s: Source) {
    match b {
        Block::Numbered(p) => p.source = s,
        Block::Paragraph(p) => p.source = s,
        Block::Heading(h) => h.source = s,
        Block::List(l) => l.source = s,
        Block::Table(t) => t.source = s,
        Block::Figure(f) => f.source = s,
        Block::Quote { source, .. } | Block::Verbatim { source, .. } | Block::Rule { source } => {
            *source = s
        }
    }
}

/// A block's words, for a footnote holding more than paragraphs.
fn block_text(b: &Block) -> String {
    match b {
        Block::Paragraph(p) => plain_text(&p.content),
        Block::Verbatim { lines, .. } => lines.join(" "),
        Block::List(l) => l
            .items
            .iter()
            .flat_map(|i| i.blocks.iter().map(block_text))
            .collect::<Vec<_>>()
            .join("; "),
        Block::Quote { blocks, .. } => blocks.iter().map(block_text).collect::<Vec<_>>().join(" "),
        _ => String::new(),
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    l as u8
}

fn align(a: &Alignment) -> Align {
    match a {
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
        Alignment::None => Align::Default,
    }
}

/// A row whose every filled cell is bold: `| **Total** | **3,546** |`.
fn is_total(cells: &[Vec<Inline>]) -> bool {
    let filled: Vec<&Vec<Inline>> = cells
        .iter()
        .filter(|c| !plain_text(c).trim().is_empty())
        .collect();
    !filled.is_empty()
        && filled.iter().all(|c| {
            c.iter()
                .filter(|i| !matches!(i, Inline::Text(t) if t.trim().is_empty()))
                .all(|i| matches!(i, Inline::Strong(_)))
        })
}

/// A statistic's key: lower-case letters, digits, `_`.
fn is_key(k: &str) -> bool {
    !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}
