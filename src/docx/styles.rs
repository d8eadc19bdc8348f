//! `word/styles.xml`: every style the converter uses, by name. Where the UN's
//! Word templates (DGACM) have a style for the part, its name is used
//! (`SingleTxt`, `HCh`, `H1`, `H23`, `H4`, `H56`, `TitleHCH`, `TitleH1`);
//! Word's built-in names are used for footnotes, header and footer, so that
//! pasting into a document built on the UN template maps onto its styles.
//! The other parts (masthead, summary box, contents, tables) have styles named
//! after what they are. [`STYLES`] is the mapping; the README repeats it.

use super::xml::Xml;

/// Twentieths of a point in a millimetre.
pub const TWIPS_PER_MM: f64 = 56.692_913;

pub fn mm(v: f64) -> String {
    ((v * TWIPS_PER_MM).round() as i64).to_string()
}

/// A4 with the PDF layout's margins (templates/un-report.typ).
pub const PAGE_WIDTH_MM: f64 = 210.0;
pub const PAGE_HEIGHT_MM: f64 = 297.0;
pub const MARGIN_TOP_MM: f64 = 30.0;
pub const MARGIN_BOTTOM_MM: f64 = 40.0;
/// The PDF layout's side margins: paragraph numbers and headings hang at
/// 30 mm from the left edge, the text runs from 40 mm to 40 mm from the
/// right edge (UN layout: 40 mm left and right for the text).
pub const MARGIN_LEFT_MM: f64 = 30.0;
pub const MARGIN_RIGHT_MM: f64 = 40.0;
pub const TEXT_WIDTH_MM: f64 = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM;
/// The hanging indent of paragraph numbers and heading numbers, as in the PDF.
pub const HANG_MM: f64 = 10.0;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Paragraph,
    Character,
    Table,
}

/// One style: id (also its name unless `name` differs), what it is for,
/// and its properties.
pub struct Style {
    pub id: &'static str,
    pub name: &'static str,
    pub kind: Kind,
    pub based_on: Option<&'static str>,
    /// What the style is used for: the mapping the README gives, checked
    /// against it by a test (Word's styles part has no place for it).
    #[cfg_attr(not(test), allow(dead_code))]
    pub used_for: &'static str,
    /// Size in half-points; bold; italic.
    pub size: Option<u32>,
    pub bold: bool,
    pub italic: bool,
    pub superscript: bool,
    /// left, hanging, right indent in mm.
    pub indent: (f64, f64, f64),
    /// Space before and after in points.
    pub space: Option<(u32, u32)>,
    pub keep_next: bool,
    pub justify: Option<&'static str>,
    pub outline: Option<u32>,
    /// Paragraph borders: (top, bottom, box) in eighths of a point.
    pub border: Border,
    pub page_break_before: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Border {
    None,
    Top(u32),
    Bottom(u32),
    Box(u32),
}

const BASE: Style = Style {
    id: "",
    name: "",
    kind: Kind::Paragraph,
    based_on: Some("Normal"),
    used_for: "",
    size: None,
    bold: false,
    italic: false,
    superscript: false,
    indent: (0.0, 0.0, 0.0),
    space: None,
    keep_next: false,
    justify: None,
    outline: None,
    border: Border::None,
    page_break_before: false,
};

macro_rules! style {
    ($id:literal, $for:literal $(, $k:ident: $v:expr)* $(,)?) => {
        Style { id: $id, name: $id, used_for: $for, $($k: $v,)* ..BASE }
    };
}

pub const STYLES: &[Style] = &[
    style!("Normal", "the default: Times New Roman 10 pt, 6 pt after", based_on: None),
    style!("SingleTxt", "body text (UN template name); unnumbered paragraphs",
        indent: (HANG_MM, 0.0, 0.0), justify: Some("both")),
    style!("NumberedPara", "numbered paragraphs: the number hangs at the margin, then a tab",
        based_on: Some("SingleTxt"), indent: (HANG_MM, HANG_MM, 0.0)),
    style!("SubPara1", "subparagraphs (a), (b) ... and bullets, first level",
        based_on: Some("SingleTxt"), indent: (2.0 * HANG_MM, HANG_MM, 0.0)),
    style!("SubPara2", "subparagraphs (i), (ii) ..., second level",
        based_on: Some("SingleTxt"), indent: (3.0 * HANG_MM, HANG_MM, 0.0)),
    style!("SubPara3", "subparagraphs, third level and deeper",
        based_on: Some("SingleTxt"), indent: (4.0 * HANG_MM, HANG_MM, 0.0)),
    style!("Quotation", "quoted text", based_on: Some("SingleTxt"),
        indent: (2.0 * HANG_MM, 0.0, HANG_MM)),
    style!("HCh", "chapter headings, I. Introduction (UN template name)",
        size: Some(28), bold: true, indent: (HANG_MM, HANG_MM, 0.0), space: Some((12, 12)),
        keep_next: true, outline: Some(0)),
    style!("H1", "section headings, A. Legislation (UN template name)",
        size: Some(24), bold: true, indent: (HANG_MM, HANG_MM, 0.0), space: Some((12, 6)),
        keep_next: true, outline: Some(1)),
    style!("H23", "third-level headings, 1. (UN template name)", bold: true,
        indent: (HANG_MM, HANG_MM, 0.0), space: Some((6, 6)), keep_next: true, outline: Some(2)),
    style!("H4", "fourth-level headings, (a) (UN template name)", bold: true,
        indent: (HANG_MM, HANG_MM, 0.0), space: Some((6, 6)), keep_next: true, outline: Some(3)),
    style!("H56", "fifth-level headings and below, (i) (UN template name)", italic: true,
        indent: (HANG_MM, HANG_MM, 0.0), space: Some((6, 6)), keep_next: true, outline: Some(4)),
    style!("AnnexHead", "Annex I, on a new page", size: Some(24), bold: true,
        space: Some((0, 12)), keep_next: true, outline: Some(0), page_break_before: true),
    style!("AnnexTitle", "an annex's title", size: Some(28), bold: true,
        indent: (HANG_MM, 0.0, HANG_MM), space: Some((6, 12)), keep_next: true),
    style!("MastheadTop", "page 1: United Nations, a tab, the symbol; a thick rule below",
        size: Some(22), space: Some((0, 0)), border: Border::Bottom(12)),
    style!("Organ", "page 1: the organ, Economic and Social Council", size: Some(34),
        bold: true, space: Some((6, 6))),
    style!("Distribution", "page 1: Distr., the date, Original", space: Some((6, 0))),
    style!("DocStatus", "page 1: Advance unedited version, Draft", bold: true, italic: true,
        space: Some((6, 0))),
    style!("SessionBody", "page 1: the body of the session, over a rule", bold: true,
        space: Some((4, 0)), border: Border::Top(4)),
    style!("Session", "page 1: the session, place and dates, agenda item",
        space: Some((0, 0))),
    style!("TitleHCH", "page 1: the report's title (UN template name)", size: Some(32),
        bold: true, indent: (HANG_MM, 0.0, HANG_MM), space: Some((24, 6))),
    style!("TitleH1", "page 1: Report of the Secretary-General, Addendum (UN template name)",
        size: Some(24), bold: true, indent: (HANG_MM, 0.0, HANG_MM), space: Some((0, 6))),
    style!("JobNumber", "page 1 footer: the job number and the barcode line", size: Some(16),
        space: Some((0, 0))),
    style!("SummaryTitle", "the boxed summary: its title", bold: true, keep_next: true,
        indent: (0.0, 0.0, 0.0), space: Some((12, 6)), border: Border::Box(4)),
    style!("SummaryText", "the boxed summary: its paragraphs", justify: Some("both"),
        indent: (0.0, 0.0, 0.0), border: Border::Box(4)),
    style!("ContentsTitle", "Contents, on a page of its own", size: Some(28), bold: true,
        space: Some((0, 12)), page_break_before: true),
    style!("ContentsText", "rows of the table of contents", space: Some((0, 3))),
    style!("TableText", "table cells", size: Some(18), space: Some((2, 2))),
    style!("TableHead", "table header cells", size: Some(18), italic: true,
        space: Some((2, 2)), keep_next: true),
    style!("TableNote", "a table's Note: and Source: lines, under its lettered notes",
        size: Some(16), space: Some((0, 2))),
    style!("TableNoteLettered", "a table's lettered note (a, b ...), its lines aligned after the letter",
        based_on: Some("TableNote"), size: Some(16), space: Some((0, 2)), indent: (4.0, 4.0, 0.0)),
    style!("FigureTitle", "a figure's caption, bold above its drawing",
        bold: true, indent: (HANG_MM, 0.0, 0.0), space: Some((12, 8)), keep_next: true),
    style!("Figure", "the paragraph holding a figure's drawing",
        indent: (HANG_MM, 0.0, 0.0), space: Some((0, 8))),
    style!("Rule", "a horizontal rule", border: Border::Bottom(4)),
    style!("FootnoteText", "footnote text (Word's built-in footnote text)", size: Some(16),
        space: Some((0, 2)), indent: (HANG_MM, HANG_MM, 0.0)),
    style!("Header", "the running header: the symbol, 9 pt bold over a rule (Word's header)",
        size: Some(18), bold: true, space: Some((0, 0)), border: Border::Bottom(4)),
    style!("Footer", "the page number, 9 pt bold (Word's footer)", size: Some(18), bold: true,
        space: Some((0, 0))),
    style!("FootnoteReference", "footnote marks (Word's built-in footnote reference)",
        kind: Kind::Character, based_on: None, superscript: true),
    style!("NoteLetter", "the letters of table notes", kind: Kind::Character, based_on: None,
        superscript: true),
    style!("UNTable", "tables: rules above and below the header row and below the table",
        kind: Kind::Table, based_on: None),
    style!("PlainTable", "the masthead's and the contents' layout tables, no rules",
        kind: Kind::Table, based_on: None),
];

/// Word's own names for the styles that have one.
fn word_name(id: &str) -> &str {
    match id {
        "Normal" => "Normal",
        "FootnoteText" => "footnote text",
        "FootnoteReference" => "footnote reference",
        "Header" => "header",
        "Footer" => "footer",
        _ => id,
    }
}

pub fn styles_xml() -> String {
    let mut x = Xml::part();
    x.open(
        "w:styles",
        &[(
            "xmlns:w",
            "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        )],
    );
    x.open("w:docDefaults", &[])
        .open("w:rPrDefault", &[])
        .open("w:rPr", &[]);
    x.empty(
        "w:rFonts",
        &[
            ("w:ascii", "Times New Roman"),
            ("w:hAnsi", "Times New Roman"),
            ("w:eastAsia", "Times New Roman"),
            ("w:cs", "Times New Roman"),
        ],
    );
    x.empty("w:sz", &[("w:val", "20")]);
    x.empty("w:szCs", &[("w:val", "20")]);
    x.empty(
        "w:lang",
        &[
            ("w:val", "en-GB"),
            ("w:eastAsia", "en-US"),
            ("w:bidi", "ar-SA"),
        ],
    );
    x.close().close();
    x.open("w:pPrDefault", &[]).open("w:pPr", &[]);
    x.empty(
        "w:spacing",
        &[
            ("w:before", "0"),
            ("w:after", "120"),
            ("w:line", "240"),
            ("w:lineRule", "auto"),
        ],
    );
    x.close().close().close();
    for s in STYLES {
        write_style(&mut x, s);
    }
    x.close();
    x.finish()
}

fn write_style(x: &mut Xml, s: &Style) {
    let kind = match s.kind {
        Kind::Paragraph => "paragraph",
        Kind::Character => "character",
        Kind::Table => "table",
    };
    let mut attrs = vec![("w:type", kind), ("w:styleId", s.id)];
    if s.id == "Normal" {
        attrs.push(("w:default", "1"));
    }
    x.open("w:style", &attrs);
    x.empty("w:name", &[("w:val", word_name(s.name))]);
    if let Some(b) = s.based_on {
        x.empty("w:basedOn", &[("w:val", b)]);
    }
    if s.kind == Kind::Paragraph && s.id != "Normal" {
        x.empty(
            "w:next",
            &[(
                "w:val",
                if s.id.starts_with('H') || s.id.starts_with("Title") {
                    "SingleTxt"
                } else {
                    s.id
                },
            )],
        );
    }
    x.empty("w:qFormat", &[]);
    match s.kind {
        Kind::Paragraph => {
            x.open("w:pPr", &[]);
            if s.keep_next {
                x.empty("w:keepNext", &[]);
            }
            if s.page_break_before {
                x.empty("w:pageBreakBefore", &[]);
            }
            border(x, s.border);
            if s.id == "MastheadTop" {
                x.open("w:tabs", &[]);
                x.empty(
                    "w:tab",
                    &[("w:val", "right"), ("w:pos", &mm(TEXT_WIDTH_MM))],
                );
                x.close();
            }
            if let Some((before, after)) = s.space {
                x.empty(
                    "w:spacing",
                    &[
                        ("w:before", &(before * 20).to_string()),
                        ("w:after", &(after * 20).to_string()),
                    ],
                );
            }
            let (left, hanging, right) = s.indent;
            if s.id != "Normal" {
                let mut ind = vec![("w:left", mm(left)), ("w:right", mm(right))];
                if hanging > 0.0 {
                    ind.push(("w:hanging", mm(hanging)));
                }
                let ind: Vec<(&'static str, &str)> =
                    ind.iter().map(|(k, v)| (*k, v.as_str())).collect();
                x.empty("w:ind", &ind);
            }
            if let Some(j) = s.justify {
                x.empty("w:jc", &[("w:val", j)]);
            }
            if let Some(l) = s.outline {
                x.empty("w:outlineLvl", &[("w:val", &l.to_string())]);
            }
            x.close();
            run_props(x, s);
        }
        Kind::Character => run_props(x, s),
        Kind::Table => table_props(x, s.id == "UNTable"),
    }
    x.close();
}

fn border(x: &mut Xml, b: Border) {
    let line = |x: &mut Xml, side: &'static str, sz: u32| {
        x.empty(
            side,
            &[
                ("w:val", "single"),
                ("w:sz", &sz.to_string()),
                ("w:space", "4"),
                ("w:color", "000000"),
            ],
        );
    };
    match b {
        Border::None => {}
        Border::Top(sz) => {
            x.open("w:pBdr", &[]);
            line(x, "w:top", sz);
            x.close();
        }
        Border::Bottom(sz) => {
            x.open("w:pBdr", &[]);
            line(x, "w:bottom", sz);
            x.close();
        }
        Border::Box(sz) => {
            x.open("w:pBdr", &[]);
            for side in ["w:top", "w:left", "w:bottom", "w:right"] {
                line(x, side, sz);
            }
            x.close();
        }
    }
}

fn run_props(x: &mut Xml, s: &Style) {
    if s.size.is_none() && !s.bold && !s.italic && !s.superscript {
        return;
    }
    x.open("w:rPr", &[]);
    if s.bold {
        x.empty("w:b", &[]);
    }
    if s.italic {
        x.empty("w:i", &[]);
    }
    // The schema's order: b, i, sz, szCs, vertAlign.
    if let Some(sz) = s.size {
        x.empty("w:sz", &[("w:val", &sz.to_string())]);
        x.empty("w:szCs", &[("w:val", &sz.to_string())]);
    }
    if s.superscript {
        x.empty("w:vertAlign", &[("w:val", "superscript")]);
    }
    x.close();
}

fn table_props(x: &mut Xml, ruled: bool) {
    x.open("w:tblPr", &[]);
    x.empty("w:tblInd", &[("w:w", "0"), ("w:type", "dxa")]);
    x.open("w:tblBorders", &[]);
    for side in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ] {
        let on = ruled && matches!(side, "w:top" | "w:bottom");
        x.empty(
            side,
            &[
                ("w:val", if on { "single" } else { "nil" }),
                ("w:sz", if on { "4" } else { "0" }),
                ("w:space", "0"),
                ("w:color", "000000"),
            ],
        );
    }
    x.close();
    x.open("w:tblCellMar", &[]);
    x.empty("w:left", &[("w:w", "57"), ("w:type", "dxa")]);
    x.empty("w:right", &[("w:w", "57"), ("w:type", "dxa")]);
    x.close();
    x.close();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The guide's table of styles (docs/src/word.md) is this mapping: each
    /// style by its Word name, with what it is used for.
    #[test]
    fn the_guide_lists_every_style_and_its_use() {
        let guide = include_str!("../../docs/src/word.md");
        for s in STYLES {
            let row = format!("| `{}` | {} |", word_name(s.name), s.used_for);
            assert!(guide.contains(&row), "docs/src/word.md lacks {row}");
        }
    }
}
