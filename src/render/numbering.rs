//! The numbering pass: the rendered templates say what the report says; this
//! pass numbers it the UN way, so no number is ever typed in a template.
//!
//! In the body, chapters get Roman numerals (`# I. Introduction`), sections
//! capital letters (`## A. ...`), and every top-level paragraph a number,
//! consecutively across chapters (`12. ...`, a Markdown ordered-list item with
//! an explicit number). Lists and tables that follow a paragraph are indented
//! into it, as its sub-paragraphs. Annex headings become `Annex I`, `Annex II`.
//! The contents, with each chapter's paragraph range, are written at the
//! `<!-- sgreport:contents -->` marker. Footnote definitions move to the end.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::markdown::options as markdown_options;

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

#[derive(Debug)]
enum Kind {
    Heading(HeadingLevel),
    Paragraph,
    Footnote,
    Marker(Region),
    Other,
}

/// One entry of the contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentsEntry {
    /// 1 chapter, 2 section, 0 annex, 3 figure.
    pub level: u8,
    /// `I.`, `A.`, or the annex's Roman numeral `I.`
    pub number: String,
    pub title: String,
    pub paragraphs: Option<(u32, u32)>,
}

/// The numbered Markdown and what the contents list.
#[derive(Debug)]
pub struct Numbered {
    pub markdown: String,
    pub contents: Vec<ContentsEntry>,
    pub paragraphs: u32,
    /// The figures, numbered in order through the document.
    pub figures: Vec<FigureRef>,
}

/// A figure the templates asked for (`![title](figure:<key>)`, alone in a
/// paragraph of the annexes), numbered: the Markdown now shows
/// `![Figure I. title](<stem>.figure-1.svg)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRef {
    pub number: u32,
    /// The statistic's key.
    pub key: String,
    /// `<stem>.figure-1.svg`
    pub file_name: String,
}

/// Numbers the rendered templates' Markdown (see the module's documentation).
pub fn number(rendered: &str) -> Numbered {
    number_with_figures(rendered, "")
}

/// [`number`], naming the figures' files after `stem` (the document's
/// file stem): `<stem>.figure-1.svg`.
pub fn number_with_figures(rendered: &str, stem: &str) -> Numbered {
    let blocks = top_level_blocks(rendered);
    let mut n = Numberer {
        annex_total: count_annexes(&blocks),
        stem: stem.to_string(),
        ..Numberer::default()
    };
    for (kind, range) in &blocks {
        n.block(kind, rendered[range.clone()].trim_end_matches('\n'));
    }
    n.finish()
}

/// The numbering pass's state while it walks the top-level blocks.
#[derive(Default)]
struct Numberer {
    out: Vec<String>,
    footnotes: Vec<String>,
    contents: Vec<ContentsEntry>,
    /// Where the contents go in `out`.
    contents_at: Option<usize>,
    region: Region,
    annex_total: u32,
    chapter: u32,
    section: u32,
    annex: u32,
    para: u32,
    /// Width of the marker of the paragraph that later blocks nest into.
    open_para: Option<usize>,
    stem: String,
    figures: Vec<FigureRef>,
}

impl Numberer {
    fn block(&mut self, kind: &Kind, src: &str) {
        match kind {
            Kind::Marker(r) => self.marker(*r, src),
            Kind::Footnote => self.footnotes.push(src.to_string()),
            Kind::Heading(level) if self.region == Region::Body && *level <= HeadingLevel::H2 => {
                self.body_heading(*level, src)
            }
            Kind::Heading(HeadingLevel::H1) if self.region == Region::Annexes => self.annex(),
            Kind::Heading(HeadingLevel::H2) if self.region == Region::Annexes => {
                self.annex_title(src)
            }
            Kind::Paragraph if self.region == Region::Body => self.paragraph(src),
            Kind::Paragraph if self.region == Region::Annexes && figure_request(src).is_some() => {
                self.figure(src)
            }
            Kind::Other if self.region == Region::Body && self.open_para.is_some() => {
                self.nest(src)
            }
            _ => {
                if !matches!(kind, Kind::Other) || self.region != Region::Body {
                    self.open_para = None;
                }
                self.out.push(src.to_string());
            }
        }
    }

    fn marker(&mut self, r: Region, src: &str) {
        self.region = r;
        self.open_para = None;
        self.out.push(src.to_string());
        if r == Region::Contents {
            self.contents_at = Some(self.out.len());
            self.out.push(String::new());
        }
    }

    /// `# I. Title` for a chapter, `## A. Title` for a section.
    fn body_heading(&mut self, level: HeadingLevel, src: &str) {
        self.open_para = None;
        let title = heading_text(src);
        let (level, number, hashes) = if level == HeadingLevel::H1 {
            self.chapter += 1;
            self.section = 0;
            (1, format!("{}.", roman(self.chapter)), "#")
        } else {
            self.section += 1;
            (2, format!("{}.", letter(self.section)), "##")
        };
        self.out.push(format!("{hashes} {number} {title}"));
        self.contents.push(ContentsEntry {
            level,
            number,
            title,
            paragraphs: None,
        });
    }

    /// `# Annex II` (`# Annex` when there is only one).
    fn annex(&mut self) {
        self.annex += 1;
        let name = if self.annex_total == 1 {
            "Annex".to_string()
        } else {
            format!("Annex {}", roman(self.annex))
        };
        self.out.push(format!("# {name}"));
        self.contents.push(ContentsEntry {
            level: 0,
            number: format!("{}.", roman(self.annex)),
            title: String::new(),
            paragraphs: None,
        });
    }

    /// An annex's title, which the contents give beside its number.
    fn annex_title(&mut self, src: &str) {
        let title = heading_text(src);
        if let Some(e) = self
            .contents
            .last_mut()
            .filter(|e| e.level == 0 && e.title.is_empty())
        {
            e.title = title.clone();
        }
        self.out.push(format!("## {title}"));
    }

    /// `![Figure I. title](<stem>.figure-1.svg)`, listed in the contents.
    fn figure(&mut self, src: &str) {
        let Some((alt, key)) = figure_request(src) else {
            return;
        };
        let number = self.figures.len() as u32 + 1;
        let file_name = crate::output::names::DocumentNames::with_stem(&self.stem)
            .figure(number as usize)
            .to_string();
        self.out
            .push(format!("![Figure {}. {alt}]({file_name})", roman(number)));
        self.contents.push(ContentsEntry {
            level: 3,
            number: format!("{}.", roman(number)),
            title: alt.to_string(),
            paragraphs: None,
        });
        self.figures.push(FigureRef {
            number,
            key: key.to_string(),
            file_name,
        });
    }

    /// `12. ...`; the paragraph counts for its section and its chapter.
    fn paragraph(&mut self, src: &str) {
        self.para += 1;
        let para = self.para;
        let marker = format!("{para}. ");
        self.out.push(indent(src, &marker, marker.len()));
        self.open_para = Some(marker.len());
        let last = self.contents.len().saturating_sub(1);
        let chapter_at = self.contents.iter().rposition(|e| e.level == 1);
        for (i, e) in self.contents.iter_mut().enumerate() {
            if Some(i) == chapter_at || (i == last && e.level == 2) {
                let first = e.paragraphs.map_or(para, |(f, _)| f);
                e.paragraphs = Some((first, para));
            }
        }
    }

    /// A list or table after a paragraph: indented into it, as its
    /// subparagraphs.
    fn nest(&mut self, src: &str) {
        let width = self.open_para.unwrap_or(0);
        if let Some(last) = self.out.last_mut() {
            last.push_str("\n\n");
            last.push_str(&indent(src, &" ".repeat(width), width));
        }
    }

    fn finish(mut self) -> Numbered {
        if let Some(i) = self.contents_at {
            self.out[i] = contents_markdown(&self.contents);
        }
        let mut markdown = self
            .out
            .into_iter()
            .filter(|b| !b.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        if !self.footnotes.is_empty() {
            markdown.push_str("\n\n");
            markdown.push_str(&self.footnotes.join("\n\n"));
        }
        markdown.push('\n');
        Numbered {
            markdown,
            contents: self.contents,
            paragraphs: self.para,
            figures: self.figures,
        }
    }
}

fn top_level_blocks(md: &str) -> Vec<(Kind, std::ops::Range<usize>)> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut pending_html: Option<std::ops::Range<usize>> = None;
    for (event, range) in Parser::new_ext(md, markdown_options()).into_offset_iter() {
        match &event {
            Event::Start(tag) => {
                if depth == 0 {
                    let kind = match tag {
                        Tag::Heading { level, .. } => Kind::Heading(*level),
                        Tag::Paragraph => Kind::Paragraph,
                        Tag::FootnoteDefinition(_) => Kind::Footnote,
                        Tag::HtmlBlock => {
                            pending_html = Some(range.clone());
                            Kind::Other
                        }
                        _ => Kind::Other,
                    };
                    let kind = match (&kind, &pending_html) {
                        (Kind::Other, Some(r)) => {
                            Region::from_marker(&md[r.clone()]).map_or(Kind::Other, Kind::Marker)
                        }
                        _ => kind,
                    };
                    blocks.push((kind, range.clone()));
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth -= 1;
                if depth == 0 && matches!(tag, TagEnd::HtmlBlock) {
                    pending_html = None;
                }
            }
            Event::Rule if depth == 0 => blocks.push((Kind::Other, range.clone())),
            _ => {}
        }
    }
    blocks
}

/// `![title](figure:key)` alone in a paragraph -> (title as written, key).
fn figure_request(src: &str) -> Option<(&str, &str)> {
    let src = src.trim();
    let rest = src.strip_prefix("![")?.strip_suffix(')')?;
    let at = rest.rfind("](figure:")?;
    let key = &rest[at + "](figure:".len()..];
    let ok = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    ok.then_some((&rest[..at], key))
}

fn count_annexes(blocks: &[(Kind, std::ops::Range<usize>)]) -> u32 {
    let mut region = Region::Masthead;
    let mut n = 0;
    for (kind, _) in blocks {
        match kind {
            Kind::Marker(r) => region = *r,
            Kind::Heading(HeadingLevel::H1) if region == Region::Annexes => n += 1,
            _ => {}
        }
    }
    n
}

/// The text of an ATX or setext heading's source. A closing run of `#` is
/// dropped only where CommonMark drops it: after a space, never escaped.
fn heading_text(src: &str) -> String {
    let first = src.lines().next().unwrap_or("").trim();
    let t = first.trim_start_matches('#').trim();
    let without_closing = t.trim_end_matches('#');
    if without_closing.len() < t.len()
        && (without_closing.is_empty() || without_closing.ends_with(' '))
    {
        without_closing.trim_end().to_string()
    } else {
        t.to_string()
    }
}

/// Prefixes the first line with `first` and indents the others by `width`.
fn indent(src: &str, first: &str, width: usize) -> String {
    let pad = " ".repeat(width);
    src.lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{first}{}", l.trim_start())
            } else if l.trim().is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn contents_markdown(entries: &[ContentsEntry]) -> String {
    let mut md = String::from("**Contents**\n\n|  |  | Paragraphs |\n| :--- | :--- | ---: |\n");
    let mut annexes_started = false;
    for e in entries {
        let range = match e.paragraphs {
            Some((a, b)) if a == b => a.to_string(),
            Some((a, b)) => format!("{a}-{b}"),
            None => String::new(),
        };
        match e.level {
            1 => md.push_str(&format!("| {} | {} | {range} |\n", e.number, e.title)),
            2 => md.push_str(&format!("|  | {} {} | {range} |\n", e.number, e.title)),
            3 => {}
            _ => {
                if !annexes_started {
                    let word = if entries.iter().filter(|e| e.level == 0).count() == 1 {
                        "Annex"
                    } else {
                        "Annexes"
                    };
                    md.push_str(&format!("| {word} |  |  |\n"));
                    annexes_started = true;
                }
                md.push_str(&format!("| {} | {} |  |\n", e.number, e.title));
            }
        }
    }
    let figures: Vec<&ContentsEntry> = entries.iter().filter(|e| e.level == 3).collect();
    if !figures.is_empty() {
        let word = if figures.len() == 1 {
            "Figure"
        } else {
            "Figures"
        };
        md.push_str(&format!("| {word} |  |  |\n"));
        for e in figures {
            md.push_str(&format!("| {} | {} |  |\n", e.number, e.title));
        }
    }
    md.trim_end().to_string()
}

pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// 1 -> A, 26 -> Z, 27 -> AA: section letters (upper case) and, lower-cased,
/// the letters of table and annex notes.
pub fn letter(n: u32) -> String {
    let mut n = n;
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    s.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_paragraphs_across_chapters_and_nests_lists() {
        let md = "<!-- sgreport:body -->\n\n# Intro\n\nOne.\n\nTwo\nlines.\n\n- a\n- b\n\n# Next\n\n## Part\n\nThree.\n";
        let n = number(md);
        assert_eq!(
            n.markdown,
            "<!-- sgreport:body -->\n\n# I. Intro\n\n1. One.\n\n2. Two\n   lines.\n\n   - a\n   - b\n\n# II. Next\n\n## A. Part\n\n3. Three.\n"
        );
        assert_eq!(n.contents[0].paragraphs, Some((1, 2)));
        assert_eq!(n.contents[1].paragraphs, Some((3, 3)));
        assert_eq!(n.contents[2].paragraphs, Some((3, 3)));
    }

    #[test]
    fn headings_keep_an_escaped_closing_hash() {
        assert_eq!(heading_text("## Costs \\#"), "Costs \\#");
        assert_eq!(heading_text("## Costs ##"), "Costs");
        assert_eq!(heading_text("# C#"), "C#");
    }

    #[test]
    fn figures_are_numbered_through_the_document_and_listed() {
        let md = "<!-- sgreport:contents -->\n\n<!-- sgreport:body -->\n\n# Intro\n\nOne.\n\n<!-- sgreport:annexes -->\n\n# Annex\n\n## Cases, 2000-2003\n\n![Cases, 2000-2003](figure:cases)\n\n# Annex\n\n## Deaths \\<b\\>, 2001-2002\n\n![Deaths \\<b\\>, 2001-2002](figure:deaths_2)\n\n![not a figure](figure:Bad)\n";
        let n = number_with_figures(md, "E_CN.15_2004_7");
        assert!(n
            .markdown
            .contains("\n\n![Figure I. Cases, 2000-2003](E_CN.15_2004_7.figure-1.svg)\n\n"));
        assert!(n
            .markdown
            .contains("![Figure II. Deaths \\<b\\>, 2001-2002](E_CN.15_2004_7.figure-2.svg)"));
        assert!(n.markdown.contains("![not a figure](figure:Bad)"));
        assert_eq!(
            n.figures
                .iter()
                .map(|f| (f.number, f.key.as_str(), f.file_name.as_str()))
                .collect::<Vec<_>>(),
            [
                (1, "cases", "E_CN.15_2004_7.figure-1.svg"),
                (2, "deaths_2", "E_CN.15_2004_7.figure-2.svg")
            ]
        );
        assert!(n.markdown.contains(
            "| Figures |  |  |\n| I. | Cases, 2000-2003 |  |\n| II. | Deaths \\<b\\>, 2001-2002 |  |"
        ), "{}", n.markdown);
        // Without figures, the contents do not mention them.
        assert!(!number("<!-- sgreport:contents -->\n\n# A\n")
            .markdown
            .contains("Figure"));
    }

    #[test]
    fn roman_and_letters() {
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
        assert_eq!(letter(2), "B");
        assert_eq!(letter(27), "AA");
    }
}
