//! A data table in Word, as the PDF sets it: the full text width, columns
//! of equal width, the header row repeated on each page and ruled below,
//! rules above and below the table (the `UNTable` style), no row split
//! across pages. Cells arrive as finished paragraphs (those of a row kept
//! with the next carry `w:keepNext`, see [`crate::document::Table::keeps_with_next`]).

use super::styles::{mm, TEXT_WIDTH_MM};
use super::xml::Xml;

/// Opens a table of `style` across the text width, its columns `widths_mm`
/// wide (fixed, as the PDF sets them): the table's properties and grid, the
/// `w:tbl` left open for its rows.
pub(crate) fn open(x: &mut Xml, style: &str, widths_mm: &[f64]) {
    x.open("w:tbl", &[]);
    x.open("w:tblPr", &[]);
    x.empty("w:tblStyle", &[("w:val", style)]);
    x.empty("w:tblW", &[("w:w", &mm(TEXT_WIDTH_MM)), ("w:type", "dxa")]);
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    x.close();
    x.open("w:tblGrid", &[]);
    for w in widths_mm {
        x.empty("w:gridCol", &[("w:w", &mm(*w))]);
    }
    x.close();
}

/// Writes a table of `cols` columns; `rows[0]` is the header row. A
/// missing or empty cell is an empty paragraph (Word needs one). `ruled`:
/// the UN table's rules; otherwise a plain layout table.
pub(crate) fn write(x: &mut Xml, cols: usize, rows: &[Vec<Xml>], ruled: bool) {
    let cols = cols.max(1);
    let width = mm(TEXT_WIDTH_MM / cols as f64);
    let style = if ruled { "UNTable" } else { "PlainTable" };
    open(x, style, &vec![TEXT_WIDTH_MM / cols as f64; cols]);
    for (i, row) in rows.iter().enumerate() {
        x.open("w:tr", &[]);
        // No row is split across pages; the header row repeats on each.
        x.open("w:trPr", &[]).empty("w:cantSplit", &[]);
        if i == 0 {
            x.empty("w:tblHeader", &[]);
        }
        x.close();
        for c in 0..cols {
            x.open("w:tc", &[]);
            x.open("w:tcPr", &[]);
            x.empty("w:tcW", &[("w:w", &width), ("w:type", "dxa")]);
            if i == 0 && ruled {
                x.open("w:tcBorders", &[]);
                x.empty(
                    "w:bottom",
                    &[
                        ("w:val", "single"),
                        ("w:sz", "4"),
                        ("w:space", "0"),
                        ("w:color", "000000"),
                    ],
                );
                x.close();
            }
            x.close();
            match row.get(c) {
                Some(cell) if !cell.is_empty() => {
                    x.append(cell);
                }
                _ => {
                    x.empty("w:p", &[]);
                }
            }
            x.close();
        }
        x.close();
    }
    x.close();
}
