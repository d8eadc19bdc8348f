//! The word diff of two texts: tokens, the diff of the tokens, and the
//! rule that a name touched by a change is shown changed whole.
//!
//! Words and punctuation are separate tokens, so removing one State from a
//! list (`Serbia, Montenegro, Peru`) removes that State and its comma, not
//! its neighbours with the punctuation they carry. A figure (`13,562`,
//! `4.5`, `2001-2003`) is one token, as is an escape (`\*`), so a mark never cuts one.

use similar::{capture_diff_slices, Algorithm, DiffOp};

use super::diff::Piece;

/// `s` cut into tokens: a word (letters and digits, an apostrophe between
/// letters, a comma or point between digits), a run of blanks, an escape
/// (`\` and the character after it), or any other single character.
pub(crate) fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let end = token_end(s, i);
        out.push(&s[i..end]);
        i = end;
    }
    out
}

/// Where the token starting at `i` ends.
fn token_end(s: &str, i: usize) -> usize {
    let rest = &s[i..];
    let mut chars = rest.char_indices().peekable();
    let (_, first) = chars.next().expect("a character at i");
    if first == '\\' {
        let next = rest[1..].chars().next().map_or(0, char::len_utf8);
        return i + 1 + next;
    }
    let word = |c: char| c.is_alphanumeric();
    let blank = |c: char| c.is_whitespace();
    if blank(first) {
        let n = rest.find(|c: char| !blank(c)).unwrap_or(rest.len());
        return i + n;
    }
    if !word(first) {
        return i + first.len_utf8();
    }
    let mut end = first.len_utf8();
    let mut prev = first;
    while let Some((at, c)) = chars.next() {
        // A joiner joins only between the characters it belongs between
        // (`13,562`, `d'Ivoire`), not at the end of a word (`2003.`).
        let next = chars.peek().map(|(_, n)| *n);
        let joins = match c {
            '\'' | '\u{2019}' => prev.is_alphabetic() && next.is_some_and(char::is_alphabetic),
            // A figure, or a range of them (`10-11`, `2001–2003`).
            ',' | '.' | '-' | '\u{2013}' => {
                prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit())
            }
            _ => false,
        };
        if word(c) {
            end = at + c.len_utf8();
        } else if !joins {
            break;
        }
        prev = c;
    }
    i + end
}

/// One step of the token diff: a token equal in both texts, or a change.
#[derive(Debug, Clone)]
struct Step {
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
    same: bool,
}

/// The word diff of `old` -> `new`. A name of `names` is one token, so a
/// change shows it whole, and it anchors the diff (patience) as a reviewer
/// reads a list of States: by the States.
pub fn words(old: &str, new: &str, names: &[String]) -> Vec<Piece> {
    let a = named_tokens(old, names);
    let b = named_tokens(new, names);
    let mut steps = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &a, &b) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => steps.extend((0..len).map(|k| Step {
                old: old_index + k..old_index + k + 1,
                new: new_index + k..new_index + k + 1,
                same: true,
            })),
            _ => steps.push(Step {
                old: op.old_range(),
                new: op.new_range(),
                same: false,
            }),
        }
    }
    blanks_between_changes(&mut steps, &a);
    pieces(&steps, &a, &b)
}

/// The [`tokens`] of `text`, each name of `names` that stands there as
/// whole tokens made one (where names overlap, the longest:
/// `Serbia and Montenegro`, not `Serbia`).
fn named_tokens<'a>(text: &'a str, names: &[String]) -> Vec<&'a str> {
    let toks = tokens(text);
    let mut starts = Vec::with_capacity(toks.len() + 1);
    let mut at = 0;
    for t in &toks {
        starts.push(at);
        at += t.len();
    }
    starts.push(at);
    let token_at = |byte: usize| starts.binary_search(&byte).ok();
    let mut spans: Vec<std::ops::Range<usize>> = names
        .iter()
        .filter(|n| !n.is_empty())
        .flat_map(|name| {
            text.match_indices(name.as_str())
                .filter_map(|(i, _)| Some(token_at(i)?..token_at(i + name.len())?))
        })
        .filter(|r| r.len() > 1)
        .collect();
    spans.sort_by_key(|r| (std::cmp::Reverse(r.len()), r.start));
    // Where a chosen name starts, the token after it; tokens in one taken.
    let mut name_end: Vec<Option<usize>> = vec![None; toks.len()];
    let mut taken = vec![false; toks.len()];
    for r in spans {
        if !taken[r.clone()].iter().any(|t| *t) {
            name_end[r.start] = Some(r.end);
            taken[r].iter_mut().for_each(|t| *t = true);
        }
    }
    let mut out = Vec::with_capacity(toks.len());
    let mut k = 0;
    while k < toks.len() {
        let end = name_end[k].unwrap_or(k + 1);
        out.push(&text[starts[k]..starts[end]]);
        k = end;
    }
    out
}

/// Blanks alone between two changes join them: one change reads better
/// than two with a space between.
fn blanks_between_changes(steps: &mut [Step], a: &[&str]) {
    for k in 1..steps.len().saturating_sub(1) {
        let blank = steps[k].same && a[steps[k].old.start].trim().is_empty();
        if blank && !steps[k - 1].same && !steps[k + 1].same {
            steps[k].same = false;
        }
    }
}

/// The steps as pieces: runs of equal tokens, and each run of changed steps
/// as one insertion, deletion or replacement.
fn pieces(steps: &[Step], a: &[&str], b: &[&str]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < steps.len() {
        let same = steps[k].same;
        let run_end = steps[k..]
            .iter()
            .position(|s| s.same != same)
            .map_or(steps.len(), |n| k + n);
        let run = &steps[k..run_end];
        let o: String = run
            .iter()
            .flat_map(|s| &a[s.old.clone()])
            .copied()
            .collect();
        let n: String = run
            .iter()
            .flat_map(|s| &b[s.new.clone()])
            .copied()
            .collect();
        match (same, o.is_empty(), n.is_empty()) {
            (true, ..) => out.push(Piece::Same(n)),
            (false, true, _) => out.push(Piece::Inserted(n)),
            (false, _, true) => out.push(Piece::Deleted(o)),
            (false, false, false) => replaced(&o, &n, &mut out),
        }
        k = run_end;
    }
    out.retain(
        |p| !matches!(p, Piece::Same(t) | Piece::Inserted(t) | Piece::Deleted(t) if t.is_empty()),
    );
    super::table::coalesce(out)
}

/// A replacement, the blanks both sides begin or end with left out of it.
fn replaced(o: &str, n: &str, out: &mut Vec<Piece>) {
    let lead = common_blanks(o.chars(), n.chars());
    let (o, n, start) = (&o[lead..], &n[lead..], &n[..lead]);
    let tail = common_blanks(o.chars().rev(), n.chars().rev());
    let (o, n, end) = (
        &o[..o.len() - tail],
        &n[..n.len() - tail],
        &n[n.len() - tail..],
    );
    out.push(Piece::Same(start.to_string()));
    out.push(match (o.is_empty(), n.is_empty()) {
        (true, _) => Piece::Inserted(n.to_string()),
        (_, true) => Piece::Deleted(o.to_string()),
        _ => Piece::Replaced(o.to_string(), n.to_string()),
    });
    out.push(Piece::Same(end.to_string()));
}

/// The length in bytes of the blanks two texts share at the start.
fn common_blanks(a: impl Iterator<Item = char>, b: impl Iterator<Item = char>) -> usize {
    a.zip(b)
        .take_while(|(p, q)| p == q && p.is_whitespace())
        .map(|(p, _)| p.len_utf8())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn words_punctuation_figures_and_escapes_are_tokens() {
        assert_eq!(
            tokens("(Serbia, Côte d'Ivoire) 13,562 \\* 4.5. 2001-2003, 5"),
            [
                "(",
                "Serbia",
                ",",
                " ",
                "Côte",
                " ",
                "d'Ivoire",
                ")",
                " ",
                "13,562",
                " ",
                "\\*",
                " ",
                "4.5",
                ".",
                " ",
                "2001-2003",
                ",",
                " ",
                "5"
            ]
        );
    }

    #[test]
    fn removing_one_state_leaves_its_neighbours() {
        let p = words(
            "(Colombia, Serbia and Montenegro, Mexico)",
            "(Colombia, Mexico)",
            &names(&["Serbia", "Montenegro", "Serbia and Montenegro"]),
        );
        assert_eq!(
            p,
            [
                Piece::Same("(Colombia, ".into()),
                Piece::Deleted("Serbia and Montenegro, ".into()),
                Piece::Same("Mexico)".into()),
            ]
        );
    }

    #[test]
    fn a_name_changed_in_part_shows_whole() {
        let p = words(
            "Serbia and Montenegro replied.",
            "Serbia replied.",
            &names(&["Serbia", "Serbia and Montenegro"]),
        );
        assert_eq!(
            p,
            [
                Piece::Replaced("Serbia and Montenegro".into(), "Serbia".into()),
                Piece::Same(" replied.".into()),
            ]
        );
    }

    #[test]
    fn a_figure_in_bold_changes_inside_the_emphasis() {
        assert_eq!(
            words("**13,562**", "**13,553**", &[]),
            [
                Piece::Same("**".into()),
                Piece::Replaced("13,562".into(), "13,553".into()),
                Piece::Same("**".into()),
            ]
        );
    }
}
