//! The contents in Word, as the PDF layout sets them: the number, the title
//! with a dotted leader, the paragraphs, and the page, which Word fills in
//! from a `PAGEREF` field to a bookmark on the heading (or figure caption)
//! the row names. The fields are marked dirty and the settings ask Word to
//! update fields on opening, so the pages are Word's own count. A group's
//! label ("Annexes", "Figures") spans the number and title columns, so it
//! never wraps inside a word.
//!
//! [`Target`] is the one rule naming the bookmarks: the converter puts
//! them on the headings and captions, this module refers to them. A row
//! names its heading by the model's numbers (chapter, section within it,
//! annex, figure).

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

/// Writes the contents table.
pub(crate) fn write(x: &mut Xml, rows: &[Row]) {
    let widths = [
        HANG_MM,
        TEXT_WIDTH_MM - HANG_MM - PARAGRAPHS_MM - PAGE_MM,
        PARAGRAPHS_MM,
        PAGE_MM,
    ];
    super::table::open(x, "PlainTable", &widths);
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
        cell(x, *w, 1, false, |x| {
            paragraph(x, "TableHead", Some("right"), None, |x| run(x, text, false));
        });
    }
    x.close();
}

/// "Annexes": bold, across the number and title columns.
fn label_row(x: &mut Xml, label: &str, widths: &[f64; 4]) {
    x.open("w:tr", &[]);
    cell(x, widths[0] + widths[1], 2, true, |x| {
        paragraph(x, "ContentsText", None, None, |x| run(x, label, true));
    });
    for w in &widths[2..] {
        cell(x, *w, 1, false, |x| {
            x.empty("w:p", &[]);
        });
    }
    x.close();
}

/// A chapter, section, annex or figure: its number, its title and a dotted
/// leader to the paragraphs, and its page.
fn entry_row(x: &mut Xml, [number, title, range]: [&str; 3], target: Target, widths: &[f64; 4]) {
    x.open("w:tr", &[]);
    cell(x, widths[0], 1, true, |x| {
        paragraph(x, "ContentsText", None, None, |x| run(x, number, false));
    });
    let leader_at = (widths[1] * super::styles::TWIPS_PER_MM).round() as i64 - CELL_MARGINS_TWIPS;
    cell(x, widths[1], 1, false, |x| {
        paragraph(x, "ContentsText", None, Some(leader_at), |x| {
            run(x, title, false);
            x.open("w:r", &[]).empty("w:tab", &[]).close();
        });
    });
    cell(x, widths[2], 1, false, |x| {
        paragraph(x, "ContentsText", Some("right"), None, |x| {
            run(x, range, false)
        });
    });
    cell(x, widths[3], 1, false, |x| {
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

/// A cell `width_mm` wide across `span` columns. A cell of the first
/// column (`first`) has no inner margins: a number starts at the text's
/// edge, as in the PDF, and a long Roman numeral (`XVIII.`) still fits its
/// 10 mm.
fn cell(x: &mut Xml, width_mm: f64, span: u32, first: bool, body: impl FnOnce(&mut Xml)) {
    x.open("w:tc", &[]);
    x.open("w:tcPr", &[]);
    x.empty("w:tcW", &[("w:w", &mm(width_mm)), ("w:type", "dxa")]);
    if span > 1 {
        x.empty("w:gridSpan", &[("w:val", &span.to_string())]);
    }
    if first {
        x.open("w:tcMar", &[]);
        x.empty("w:left", &[("w:w", "0"), ("w:type", "dxa")]);
        x.empty("w:right", &[("w:w", "0"), ("w:type", "dxa")]);
        x.close();
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

    fn entry(number: &str, title: &str, target: Target) -> Row {
        Row::Entry {
            number: number.into(),
            title: title.into(),
            paragraphs: "1-4".into(),
            target,
        }
    }

    #[test]
    fn each_row_is_a_page_field_to_its_bookmark_and_labels_span_two_columns() {
        let mut x = Xml::fragment();
        let rows = [
            entry("I.", "Introduction", Target::Chapter(1)),
            entry("", "A. Extent", Target::Section(1, 1)),
            Row::Label("Annexes".into()),
            entry("I.", "States", Target::Annex(1)),
            Row::Label("Figures".into()),
            entry("I.", "Cases", Target::Figure(1)),
        ];
        write(&mut x, &rows);
        let xml = x.finish();
        let fields: Vec<&str> = xml
            .split("w:instr=\" PAGEREF ")
            .skip(1)
            .map(|s| s.split(' ').next().unwrap())
            .collect();
        assert_eq!(fields, ["_Chapter1", "_Section1_1", "_Annex1", "_Figure1"]);
        assert_eq!(xml.matches("w:dirty=\"true\"").count(), 4);
        assert_eq!(xml.matches("<w:gridSpan w:val=\"2\"/>").count(), 2);
        // Numbers and labels start at the text's edge: no margins in their cells.
        assert_eq!(xml.matches("<w:tcMar><w:left w:w=\"0\"").count(), 6);
        assert!(xml.contains("<w:b/></w:rPr><w:t xml:space=\"preserve\">Annexes</w:t>"));
        assert!(xml.contains(">Paragraphs</w:t>") && xml.contains(">Page</w:t>"));
        assert!(xml.contains("<w:tab w:val=\"right\" w:leader=\"dot\""));
    }
}
