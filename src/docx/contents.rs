//! The contents in Word, as the PDF layout sets them: the number, the title
//! with a dotted leader, the paragraphs, and the page, which Word fills in
//! from a `PAGEREF` field to a bookmark on the heading (or figure caption)
//! the row names. The fields are marked dirty and the settings ask Word to
//! update fields on opening, so the pages are Word's own count. A group's
//! label ("Annexes", "Figures") spans the number and title columns, so it
//! never wraps inside a word.
//!
//! [`Target`] is the one rule naming the bookmarks: the converters put
//! them on the headings and captions, this module refers to them. A row
//! names its heading by its numbers (chapter, section within it, annex,
//! figure); read from the numbered Markdown ([`rows_of_markdown`]), rows
//! are numbered in order, as its contents list every chapter and section
//! of the body, then every annex, then every figure, in the order they
//! appear.

use super::styles::{mm, HANG_MM, TEXT_WIDTH_MM};
use super::xml::Xml;

/// The paragraphs' and the page's columns, as the PDF layout's.
const PARAGRAPHS_MM: f64 = 22.0;
const PAGE_MM: f64 = 12.0;
/// A cell's left and right margins together, in twips (the table style's).
const CELL_MARGINS_TWIPS: i64 = 2 * 57;

/// What a contents row points to, by its numbers (from 1): a chapter, a
/// section of a chapter, an annex, a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Chapter(u32),
    Section(u32, u32),
    Annex(u32),
    Figure(u32),
}

impl Target {
    /// The bookmark's name: hidden (a leading underscore, as Word's own),
    /// made of the kind and the numbers only.
    pub(crate) fn bookmark(self) -> String {
        match self {
            Target::Chapter(n) => format!("_Chapter{n}"),
            Target::Section(c, n) => format!("_Section{c}_{n}"),
            Target::Annex(n) => format!("_Annex{n}"),
            Target::Figure(n) => format!("_Figure{n}"),
        }
    }
}

/// The heading and figure counts, as the rows or the headings go by.
#[derive(Debug, Default)]
pub(crate) struct Counter {
    chapters: u32,
    sections: u32,
    annexes: u32,
    figures: u32,
}

impl Counter {
    pub(crate) fn chapter(&mut self) -> Target {
        self.chapters += 1;
        self.sections = 0;
        Target::Chapter(self.chapters)
    }
    pub(crate) fn section(&mut self) -> Target {
        self.sections += 1;
        Target::Section(self.chapters, self.sections)
    }
    pub(crate) fn annex(&mut self) -> Target {
        self.annexes += 1;
        Target::Annex(self.annexes)
    }
    pub(crate) fn figure(&mut self) -> Target {
        self.figures += 1;
        Target::Figure(self.figures)
    }
}

/// One row of the contents as Word sets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Row {
    /// A group's label: `Annexes`, `Figures`.
    Label(String),
    /// A chapter, section, annex or figure: its number (none for a
    /// section, whose letter is part of its title), title, paragraphs.
    Entry {
        number: String,
        title: String,
        paragraphs: String,
        target: Target,
    },
}

/// The group of rows being read: the body's, then the annexes', then the
/// figures' (each begun by a label row).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Body,
    Annexes,
    Figures,
}

/// The rows of the numbered Markdown's contents table, each cell's plain
/// text (number, title, paragraphs), the header row left out.
pub(crate) fn rows_of_markdown(cells: &[Vec<String>]) -> Vec<Row> {
    let mut group = Group::Body;
    let mut count = Counter::default();
    let mut rows = Vec::new();
    for row in cells {
        let cell = |i: usize| row.get(i).map_or("", |s| s.trim()).to_string();
        let (number, title, paragraphs) = (cell(0), cell(1), cell(2));
        if title.is_empty() && paragraphs.is_empty() {
            group = if number.starts_with("Figure") {
                Group::Figures
            } else {
                Group::Annexes
            };
            rows.push(Row::Label(number));
            continue;
        }
        let target = match group {
            Group::Body if number.is_empty() => count.section(),
            Group::Body => count.chapter(),
            Group::Annexes => count.annex(),
            Group::Figures => count.figure(),
        };
        rows.push(Row::Entry {
            number,
            title,
            paragraphs,
            target,
        });
    }
    rows
}

/// Writes the contents table.
pub(crate) fn write(x: &mut Xml, rows: &[Row]) {
    let widths = [
        HANG_MM,
        TEXT_WIDTH_MM - HANG_MM - PARAGRAPHS_MM - PAGE_MM,
        PARAGRAPHS_MM,
        PAGE_MM,
    ];
    x.open("w:tbl", &[]);
    x.open("w:tblPr", &[]);
    x.empty("w:tblStyle", &[("w:val", "PlainTable")]);
    x.empty("w:tblW", &[("w:w", &mm(TEXT_WIDTH_MM)), ("w:type", "dxa")]);
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    x.close();
    x.open("w:tblGrid", &[]);
    for w in widths {
        x.empty("w:gridCol", &[("w:w", &mm(w))]);
    }
    x.close();
    head_row(x, &widths);
    for row in rows {
        match row {
            Row::Label(label) => label_row(x, label, &widths),
            Row::Entry {
                number,
                title,
                paragraphs,
                target,
            } => entry_row(x, [number, title, paragraphs], *target, &widths),
        }
    }
    x.close();
}

/// The columns' heads, over the paragraphs and the pages.
fn head_row(x: &mut Xml, widths: &[f64; 4]) {
    x.open("w:tr", &[]);
    x.open("w:trPr", &[]).empty("w:tblHeader", &[]).close();
    for (w, text) in widths.iter().zip(["", "", "Paragraphs", "Page"]) {
        cell(x, *w, 1, |x| {
            paragraph(x, "TableHead", Some("right"), None, |x| run(x, text, false));
        });
    }
    x.close();
}

/// "Annexes": bold, across the number and title columns.
fn label_row(x: &mut Xml, label: &str, widths: &[f64; 4]) {
    x.open("w:tr", &[]);
    cell(x, widths[0] + widths[1], 2, |x| {
        paragraph(x, "ContentsText", None, None, |x| run(x, label, true));
    });
    for w in &widths[2..] {
        cell(x, *w, 1, |x| {
            x.empty("w:p", &[]);
        });
    }
    x.close();
}

/// A chapter, section, annex or figure: its number, its title and a dotted
/// leader to the paragraphs, and its page.
fn entry_row(x: &mut Xml, [number, title, range]: [&str; 3], target: Target, widths: &[f64; 4]) {
    x.open("w:tr", &[]);
    cell(x, widths[0], 1, |x| {
        paragraph(x, "ContentsText", None, None, |x| run(x, number, false));
    });
    let leader_at = (widths[1] * super::styles::TWIPS_PER_MM).round() as i64 - CELL_MARGINS_TWIPS;
    cell(x, widths[1], 1, |x| {
        paragraph(x, "ContentsText", None, Some(leader_at), |x| {
            run(x, title, false);
            x.open("w:r", &[]).empty("w:tab", &[]).close();
        });
    });
    cell(x, widths[2], 1, |x| {
        paragraph(x, "ContentsText", Some("right"), None, |x| {
            run(x, range, false)
        });
    });
    cell(x, widths[3], 1, |x| {
        paragraph(x, "ContentsText", Some("right"), None, |x| {
            page_field(x, target)
        });
    });
    x.close();
}

/// The page of `target`'s bookmark: a field Word computes (dirty, so it is
/// updated when the document opens). Its instruction is made of the
/// bookmark's name alone, never of text from the report.
fn page_field(x: &mut Xml, target: Target) {
    let instr = format!(" PAGEREF {} \\h ", target.bookmark());
    x.empty("w:fldSimple", &[("w:instr", &instr), ("w:dirty", "true")]);
}

fn cell(x: &mut Xml, width_mm: f64, span: u32, body: impl FnOnce(&mut Xml)) {
    x.open("w:tc", &[]);
    x.open("w:tcPr", &[]);
    x.empty("w:tcW", &[("w:w", &mm(width_mm)), ("w:type", "dxa")]);
    if span > 1 {
        x.empty("w:gridSpan", &[("w:val", &span.to_string())]);
    }
    x.close();
    body(x);
    x.close();
}

/// A paragraph of `style`, aligned `jc`, with a right tab and dotted leader
/// at `leader` twips when given.
fn paragraph(
    x: &mut Xml,
    style: &'static str,
    jc: Option<&str>,
    leader: Option<i64>,
    runs: impl FnOnce(&mut Xml),
) {
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", style)]);
    if let Some(pos) = leader {
        x.open("w:tabs", &[]);
        x.empty(
            "w:tab",
            &[
                ("w:val", "right"),
                ("w:leader", "dot"),
                ("w:pos", &pos.to_string()),
            ],
        );
        x.close();
    }
    if let Some(jc) = jc {
        x.empty("w:jc", &[("w:val", jc)]);
    }
    x.close();
    runs(x);
    x.close();
}

fn run(x: &mut Xml, text: &str, bold: bool) {
    if text.is_empty() {
        return;
    }
    x.open("w:r", &[]);
    if bold {
        x.open("w:rPr", &[]).empty("w:b", &[]).close();
    }
    x.element("w:t", &[("xml:space", "preserve")], text);
    x.close();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(rows: &[[&str; 3]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn rows_point_to_their_headings_in_order_and_labels_span_two_columns() {
        let mut x = Xml::fragment();
        let rows = rows_of_markdown(&rows(&[
            ["I.", "Introduction", "1-4"],
            ["II.", "Replies", "5-9"],
            ["", "A. Extent", "5-6"],
            ["", "B. Laws", "7-9"],
            ["III.", "Conclusions", "10"],
            ["", "A. Findings", "10"],
            ["Annexes", "", ""],
            ["I.", "States", ""],
            ["II.", "Cases", ""],
            ["Figure", "", ""],
            ["I.", "Cases", ""],
        ]));
        write(&mut x, &rows);
        let xml = x.finish();
        let fields: Vec<&str> = xml
            .split("w:instr=\" PAGEREF ")
            .skip(1)
            .map(|s| s.split(' ').next().unwrap())
            .collect();
        assert_eq!(
            fields,
            [
                "_Chapter1",
                "_Chapter2",
                "_Section2_1",
                "_Section2_2",
                "_Chapter3",
                "_Section3_1",
                "_Annex1",
                "_Annex2",
                "_Figure1"
            ]
        );
        assert_eq!(xml.matches("w:dirty=\"true\"").count(), 9);
        assert_eq!(xml.matches("<w:gridSpan w:val=\"2\"/>").count(), 2);
        assert!(xml.contains("<w:b/></w:rPr><w:t xml:space=\"preserve\">Annexes</w:t>"));
        assert!(xml.contains(">Page</w:t>"));
        assert!(xml.contains("<w:tab w:val=\"right\" w:leader=\"dot\""));
    }
}
