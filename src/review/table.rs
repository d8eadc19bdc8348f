//! The diff of two tables: rows matched by their first cell (the State or
//! the label), then compared cell by cell.
//!
//! Matching by position would pair a new State's row with the old row that
//! stood there and mark every figure of the table changed; matched by
//! label, an inserted row and a deleted row are just that.

use similar::{capture_diff_slices, Algorithm, DiffOp};

use super::diff::Piece;
use super::words::words;

/// Whether `text` is a table: every line a row (`| ... |`).
pub(crate) fn is_table(text: &str) -> bool {
    !text.is_empty() && text.lines().all(|l| l.trim_start().starts_with('|'))
}

/// A row's stretches between its unescaped `|`: the text before the first,
/// each cell, the text after the last.
fn segments(row: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in row.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '|' => {
                out.push(&row[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&row[start..]);
    out
}

/// A row's label: its first cell without emphasis or escapes.
fn label(row: &str) -> String {
    let cell = segments(row).get(1).copied().unwrap_or("");
    cell.replace(['*', '\\'], "").trim().to_string()
}

/// One row of the comparison, in the new table's order (a deleted row
/// where it stood, before the rows inserted in its place).
enum Row<'a> {
    Matched(&'a str, &'a str),
    Deleted(&'a str),
    Inserted(&'a str),
}

/// The rows of `old` and `new` matched by label.
fn rows<'a>(old: &'a str, new: &'a str) -> Vec<Row<'a>> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let la: Vec<String> = a.iter().map(|r| label(r)).collect();
    let lb: Vec<String> = b.iter().map(|r| label(r)).collect();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &la, &lb) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            out.extend((0..len).map(|k| Row::Matched(a[old_index + k], b[new_index + k])));
            continue;
        }
        out.extend(a[op.old_range()].iter().map(|r| Row::Deleted(r)));
        out.extend(b[op.new_range()].iter().map(|r| Row::Inserted(r)));
    }
    out
}

/// The diff of two tables as pieces: each row on its own line, a matched
/// row cell by cell (as a whole row if its cells differ in number).
pub(crate) fn pieces(old: &str, new: &str, names: &[String]) -> Vec<Piece> {
    let mut out = Vec::new();
    // A line break belongs to a text that has a row before and after it.
    let (mut old_rows, mut new_rows) = (false, false);
    for row in rows(old, new) {
        let (has_old, has_new) = match row {
            Row::Matched(..) => (true, true),
            Row::Deleted(_) => (true, false),
            Row::Inserted(_) => (false, true),
        };
        match (has_old && old_rows, has_new && new_rows) {
            (true, true) => out.push(Piece::Same("\n".into())),
            (true, false) => out.push(Piece::Deleted("\n".into())),
            (false, true) => out.push(Piece::Inserted("\n".into())),
            (false, false) if !out.is_empty() => {
                // A deleted row just before an inserted one at the top:
                // the break goes with the old text, after its row (at the
                // very end of a table, the old text then ends in a break,
                // which no rendering shows).
                out.push(Piece::Deleted("\n".into()));
                old_rows = false;
            }
            (false, false) => {}
        }
        old_rows |= has_old;
        new_rows |= has_new;
        match row {
            Row::Matched(o, n) => out.extend(cells(o, n, names)),
            Row::Deleted(o) => out.push(Piece::Deleted(o.to_string())),
            Row::Inserted(n) => out.push(Piece::Inserted(n.to_string())),
        }
    }
    coalesce(out)
}

/// A matched row, cell by cell.
fn cells(old: &str, new: &str, names: &[String]) -> Vec<Piece> {
    let (a, b) = (segments(old), segments(new));
    if a.len() != b.len() {
        return words(old, new, names);
    }
    let mut out = Vec::new();
    for (k, (o, n)) in a.iter().zip(&b).enumerate() {
        if k > 0 {
            out.push(Piece::Same("|".into()));
        }
        out.extend(words(o, n, names));
    }
    out
}

/// Adjacent pieces of one kind as one.
pub(crate) fn coalesce(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for p in pieces {
        match (out.last_mut(), p) {
            (Some(Piece::Same(a)), Piece::Same(b))
            | (Some(Piece::Inserted(a)), Piece::Inserted(b))
            | (Some(Piece::Deleted(a)), Piece::Deleted(b)) => a.push_str(&b),
            (_, p) => out.push(p),
        }
    }
    out
}

/// The labels of the rows that were inserted, deleted or changed.
pub(crate) fn changed_labels(old: &str, new: &str) -> Vec<String> {
    rows(old, new)
        .into_iter()
        .filter_map(|row| match row {
            Row::Matched(o, n) if o == n => None,
            Row::Matched(_, r) | Row::Deleted(r) | Row::Inserted(r) => Some(label(r)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "| State | 2003 |\n| :--- | ---: |\n| Colombia | 2,986 |\n| Serbia and Montenegro | 12 |\n| **Total** | **2,998** |";
    const NEW: &str = "| State | 2003 |\n| :--- | ---: |\n| Chile | 7 |\n| Colombia | 2,986 |\n| **Total** | **2,993** |";

    /// The text of one side: the new text with insertions, or the old one
    /// with deletions.
    fn side(pieces: &[Piece], new: bool) -> String {
        pieces
            .iter()
            .map(|p| match (p, new) {
                (Piece::Same(t), _) => t.as_str(),
                (Piece::Inserted(t), true) | (Piece::Deleted(t), false) => t,
                (Piece::Replaced(_, t), true) | (Piece::Replaced(t, _), false) => t,
                _ => "",
            })
            .collect()
    }

    #[test]
    fn rows_are_matched_by_their_first_cell() {
        let p = pieces(OLD, NEW, &[]);
        assert_eq!(side(&p, false), OLD);
        assert_eq!(side(&p, true), NEW);
        assert!(
            p.contains(&Piece::Inserted("\n| Chile | 7 |".into())),
            "{p:?}"
        );
        assert!(
            p.contains(&Piece::Deleted("\n| Serbia and Montenegro | 12 |".into())),
            "{p:?}"
        );
        assert!(p.contains(&Piece::Replaced("2,998".into(), "2,993".into())));
        // Colombia's row is untouched.
        assert!(
            p.iter()
                .all(|x| matches!(x, Piece::Same(_)) || !format!("{x:?}").contains("Colombia")),
            "{p:?}"
        );
        assert_eq!(
            changed_labels(OLD, NEW),
            ["Chile", "Serbia and Montenegro", "Total"]
        );
    }

    #[test]
    fn both_sides_survive_rows_deleted_and_inserted_at_the_top_and_bottom() {
        for (o, n) in [
            ("| A | 1 |\n| B | 2 |", "| C | 3 |\n| B | 2 |"),
            ("| A | 1 |\n| B | 2 |", "| A | 1 |\n| C | 3 |"),
            ("| A | 1 |", "| C | 3 |"),
        ] {
            let p = pieces(o, n, &[]);
            let old = side(&p, false);
            assert_eq!((old.trim_end(), side(&p, true)), (o, n.into()), "{p:?}");
            // Each row on its own line in the marked text.
            assert!(!format!("{p:?}").contains("|\", Inserted(\"|"), "{p:?}");
        }
    }
}
