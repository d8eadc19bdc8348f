//! Matching the units of two drafts, and the word diff of changed ones.
//!
//! Units are aligned on their text without the number (patience diff over
//! the units), so a paragraph that was only renumbered is equal. Within each
//! stretch that is not equal, a new unit is paired with the most similar old
//! unit of the same kind (word-level ratio at least [`THRESHOLD`]): changed;
//! the new units left are added, the old ones removed.

use similar::{capture_diff_slices, Algorithm, DiffOp, TextDiff};

use super::draft::{Draft, Unit};
use super::table;

/// How similar (0 to 1, by words) two paragraphs must be to count as one
/// paragraph changed rather than one removed and one added.
pub const THRESHOLD: f32 = 0.5;

/// Past this many comparisons in one stretch, a new unit is compared only
/// with the old units near its position.
const FULL_PAIRING: usize = 10_000;
const WINDOW: usize = 30;

/// A run of words in a changed unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    Inserted(String),
    Deleted(String),
    Replaced(String, String),
}

/// One unit of the comparison, in the order of the new draft (a removed
/// unit where it stood).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// Same text; `old` and `new` index the drafts' units.
    Same {
        old: usize,
        new: usize,
    },
    Changed {
        old: usize,
        new: usize,
        pieces: Vec<Piece>,
    },
    Added {
        new: usize,
    },
    Removed {
        old: usize,
    },
}

/// Two drafts compared.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub old: Draft,
    pub new: Draft,
    pub entries: Vec<Entry>,
}

impl Comparison {
    /// Whether anything but paragraph numbers differs.
    pub fn differs(&self) -> bool {
        self.entries
            .iter()
            .any(|e| !matches!(e, Entry::Same { .. }))
    }
}

/// Compares two drafts (see the module's documentation), with no names
/// (the tests' shorthand for [`compare_with`]).
#[cfg(test)]
pub(crate) fn compare(old: Draft, new: Draft) -> Comparison {
    compare_with(old, new, &[])
}

/// Compares two drafts; a name of `names` (the Member States' and the
/// senders') that a change touches is shown changed whole.
pub fn compare_with(old: Draft, new: Draft, names: &[String]) -> Comparison {
    let old_keys: Vec<&str> = old.units.iter().map(Unit::key).collect();
    let new_keys: Vec<&str> = new.units.iter().map(Unit::key).collect();
    let ops = capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys);
    let mut entries = Vec::new();
    let mut stretch: Option<(std::ops::Range<usize>, std::ops::Range<usize>)> = None;
    for op in ops {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            if let Some((o, n)) = stretch.take() {
                pair(&old, &new, o, n, names, &mut entries);
            }
            entries.extend((0..len).map(|i| Entry::Same {
                old: old_index + i,
                new: new_index + i,
            }));
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        stretch = Some(match stretch.take() {
            None => (o, n),
            Some((so, sn)) => (so.start..o.end, sn.start..n.end),
        });
    }
    if let Some((o, n)) = stretch {
        pair(&old, &new, o, n, names, &mut entries);
    }
    Comparison { old, new, entries }
}

/// Pairs the units of one stretch that is not equal.
fn pair(
    old: &Draft,
    new: &Draft,
    olds: std::ops::Range<usize>,
    news: std::ops::Range<usize>,
    names: &[String],
    entries: &mut Vec<Entry>,
) {
    let full = olds.len() * news.len() <= FULL_PAIRING;
    let mut used = vec![false; olds.len()];
    let mut paired: Vec<Option<usize>> = vec![None; news.len()];
    for (k, n) in news.clone().enumerate() {
        let nu = &new.units[n];
        let centre = k * olds.len() / news.len().max(1);
        let (lo, hi) = if full {
            (0, olds.len())
        } else {
            (
                centre.saturating_sub(WINDOW),
                (centre + WINDOW).min(olds.len()),
            )
        };
        let mut best: Option<(f32, usize)> = None;
        for (j, is_used) in used.iter().enumerate().take(hi).skip(lo) {
            let ou = &old.units[olds.start + j];
            if *is_used || ou.number.is_some() != nu.number.is_some() || ou.region != nu.region {
                continue;
            }
            let r = similarity(words_of(ou.key()), words_of(nu.key()));
            if r >= THRESHOLD && best.is_none_or(|(b, _)| r > b) {
                best = Some((r, j));
            }
        }
        if let Some((_, j)) = best {
            used[j] = true;
            paired[k] = Some(j);
        }
    }
    entries.extend(
        (0..olds.len())
            .filter(|j| !used[*j])
            .map(|j| Entry::Removed {
                old: olds.start + j,
            }),
    );
    for (k, n) in news.enumerate() {
        entries.push(match paired[k] {
            Some(j) => Entry::Changed {
                old: olds.start + j,
                new: n,
                pieces: words(old.units[olds.start + j].key(), new.units[n].key(), names),
            },
            None => Entry::Added { new: n },
        });
    }
}

/// A heading's title without its `#` marks and number (`## B. Title` ->
/// `Title`): two headings are alike by their titles. Other text as it is.
fn words_of(key: &str) -> &str {
    let Some(rest) = key.strip_prefix('#') else {
        return key;
    };
    let rest = rest.trim_start_matches('#').trim_start();
    match rest.split_once(". ") {
        Some((n, title)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_uppercase()) => title,
        _ => rest,
    }
}

/// How alike two texts are, by words (0 to 1).
fn similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_words(a, b)
        .ratio()
}

/// The diff of one unit's text: a table row by row, other text by words.
pub fn words(old: &str, new: &str, names: &[String]) -> Vec<Piece> {
    if table::is_table(old) && table::is_table(new) {
        table::pieces(old, new, names)
    } else {
        super::words::words(old, new, names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(paras: &[&str]) -> Draft {
        let mut s = String::from("<!-- sgreport:body -->\n\n# I. A\n\n");
        for (i, p) in paras.iter().enumerate() {
            s.push_str(&format!("{}. {p}\n\n", i + 1));
        }
        Draft::parse(&s).unwrap()
    }

    #[test]
    fn renumbered_paragraphs_are_the_same_and_a_new_one_is_added() {
        let c = compare(
            draft(&["Alpha beta.", "Gamma delta."]),
            draft(&["New one here entirely.", "Alpha beta.", "Gamma delta."]),
        );
        let kinds: Vec<_> = c
            .entries
            .iter()
            .map(|e| match e {
                Entry::Same { .. } => "same",
                Entry::Changed { .. } => "changed",
                Entry::Added { .. } => "added",
                Entry::Removed { .. } => "removed",
            })
            .collect();
        assert_eq!(kinds, ["same", "same", "added", "same", "same"]);
        assert!(c.differs());
    }

    #[test]
    fn one_word_changed_is_one_replacement() {
        let p = words(
            "The Penal Code punishes kidnapping.",
            "The Penal Code forbids kidnapping.",
            &[],
        );
        assert_eq!(
            p,
            [
                Piece::Same("The Penal Code ".into()),
                Piece::Replaced("punishes".into(), "forbids".into()),
                Piece::Same(" kidnapping.".into()),
            ]
        );
    }

    #[test]
    fn headings_are_alike_by_their_titles() {
        assert_eq!(words_of("## B. Legislation"), "Legislation");
        assert!(
            similarity(
                words_of("## A. Extent of and trends"),
                words_of("## A. Support for victims")
            ) < THRESHOLD
        );
    }

    #[test]
    fn unlike_paragraphs_are_removed_and_added() {
        let c = compare(draft(&["One two three."]), draft(&["Nine ten eleven."]));
        assert!(matches!(c.entries[2], Entry::Removed { .. }));
        assert!(matches!(c.entries[3], Entry::Added { .. }));
    }
}
