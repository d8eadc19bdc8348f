//! A data table in Word, as the PDF sets it: the full text width, each
//! column as wide as its text asks ([`column_widths`]), the header row
//! repeated on each page and ruled below,
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

/// About the width of a character of the table's type, in mm (a little
/// over the average, so that a word given its width fits).
const CHAR_MM: f64 = 1.9;

/// The widths (mm) of columns whose cells' texts are `texts` (row by row),
/// across the text width, as the PDF's automatic columns: when every cell
/// fits on one line, each column as wide as its longest cell, the room left
/// shared in proportion; otherwise each column first as wide as its longest
/// word (no word broken, "Feder/ation", as far as the width allows), and
/// the rest shared in proportion to what each still asks.
pub(crate) fn column_widths(cols: usize, texts: &[Vec<String>]) -> Vec<f64> {
    let cols = cols.max(1);
    let mut longest = vec![1usize; cols];
    let mut word = vec![1usize; cols];
    for row in texts {
        for (c, t) in row.iter().enumerate().take(cols) {
            longest[c] = longest[c].max(t.chars().count());
            let w = t.split_whitespace().map(|w| w.chars().count()).max();
            word[c] = word[c].max(w.unwrap_or(0));
        }
    }
    // A cell's padding: about two characters.
    let mm = |n: usize| (n + 2) as f64 * CHAR_MM;
    let asked: Vec<f64> = longest.iter().map(|&n| mm(n)).collect();
    let floor: Vec<f64> = word.iter().map(|&n| mm(n)).collect();
    let fill = |base: &[f64], weight: &[f64]| -> Vec<f64> {
        let left = TEXT_WIDTH_MM - base.iter().sum::<f64>();
        let weights: f64 = weight.iter().sum();
        base.iter()
            .zip(weight)
            .map(|(b, w)| b + left * if weights > 0.0 { w / weights } else { 0.0 })
            .collect()
    };
    if asked.iter().sum::<f64>() <= TEXT_WIDTH_MM {
        return fill(&asked, &asked);
    }
    if floor.iter().sum::<f64>() <= TEXT_WIDTH_MM {
        let more: Vec<f64> = asked.iter().zip(&floor).map(|(a, f)| a - f).collect();
        return fill(&floor, &more);
    }
    // Too many columns for their words: in proportion, words broken.
    let total: f64 = floor.iter().sum();
    floor.iter().map(|f| TEXT_WIDTH_MM * f / total).collect()
}

/// Writes a table whose columns are `widths_mm` wide; `rows[0]` is the
/// header row. A missing or empty cell is an empty paragraph (Word needs
/// one). `ruled`: the UN table's rules; otherwise a plain layout table.
pub(crate) fn write(x: &mut Xml, widths_mm: &[f64], rows: &[Vec<Xml>], ruled: bool) {
    let style = if ruled { "UNTable" } else { "PlainTable" };
    open(x, style, widths_mm);
    for (i, row) in rows.iter().enumerate() {
        x.open("w:tr", &[]);
        // No row is split across pages; the header row repeats on each.
        x.open("w:trPr", &[]).empty("w:cantSplit", &[]);
        if i == 0 {
            x.empty("w:tblHeader", &[]);
        }
        x.close();
        for (c, width) in widths_mm.iter().enumerate() {
            x.open("w:tc", &[]);
            x.open("w:tcPr", &[]);
            x.empty("w:tcW", &[("w:w", &mm(*width)), ("w:type", "dxa")]);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn a_names_column_is_wider_than_the_figures_and_no_word_is_broken() {
        let texts = vec![
            row(&["State", "2000", "2001", "2002", "2003", "Total"]),
            row(&[
                "The former Yugoslav Republic of Macedonia",
                "3",
                "14",
                "0",
                "0",
                "17",
            ]),
            row(&[
                "Russian Federation",
                "3,010",
                "2,693",
                "2,402",
                "2,115",
                "10,220",
            ]),
        ];
        let w = column_widths(6, &texts);
        let sum: f64 = w.iter().sum();
        assert!((sum - TEXT_WIDTH_MM).abs() < 1e-6, "{w:?}");
        assert!(w[1..].iter().all(|f| w[0] > 2.0 * f), "{w:?}");
        // "Federation" and "10,220" fit their columns.
        assert!(w[0] >= 12.0 * CHAR_MM && w[5] >= 8.0 * CHAR_MM, "{w:?}");
        // Short texts everywhere: room shared, the same order of widths.
        let w = column_widths(2, &[row(&["State", "Cases"]), row(&["Chile", "3"])]);
        assert!(
            (w.iter().sum::<f64>() - TEXT_WIDTH_MM).abs() < 1e-6 && w[0] >= w[1],
            "{w:?}"
        );
    }

    #[test]
    fn long_cells_wrap_at_words_and_each_column_keeps_its_longest_word() {
        let long = "a very long description of the measures taken ".repeat(4);
        let texts = vec![
            row(&["Measure", "Description"]),
            row(&["Legislation", &long]),
        ];
        let w = column_widths(2, &texts);
        assert!(w[0] >= 13.0 * CHAR_MM, "{w:?}");
        assert!(w[1] > w[0], "{w:?}");
        assert!((w.iter().sum::<f64>() - TEXT_WIDTH_MM).abs() < 1e-6);
    }
}
