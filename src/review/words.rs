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

/// The word diff of `old` -> `new`. A name of `names` (whole words) that a
/// change touches is shown changed whole, in whichever text it stands.
pub fn words(old: &str, new: &str, names: &[String]) -> Vec<Piece> {
    let a = tokens(old);
    let b = tokens(new);
    let mut steps = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
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
    for (text, toks, side) in [(old, &a, Side::Old), (new, &b, Side::New)] {
        for span in name_spans(text, toks, names) {
            widen(&mut steps, span, side);
        }
    }
    blanks_between_changes(&mut steps, &a);
    pieces(&steps, &a, &b)
}

#[derive(Clone, Copy)]
enum Side {
    Old,
    New,
}

impl Step {
    fn range(&self, side: Side) -> &std::ops::Range<usize> {
        match side {
            Side::Old => &self.old,
            Side::New => &self.new,
        }
    }
}

/// The token ranges where a name of `names` stands in `text` as whole tokens.
fn name_spans(text: &str, toks: &[&str], names: &[String]) -> Vec<std::ops::Range<usize>> {
    let mut starts = Vec::with_capacity(toks.len() + 1);
    let mut at = 0;
    for t in toks {
        starts.push(at);
        at += t.len();
    }
    starts.push(at);
    let token_at = |byte: usize| starts.binary_search(&byte).ok();
    let mut out = Vec::new();
    for name in names.iter().filter(|n| !n.is_empty()) {
        for (i, _) in text.match_indices(name.as_str()) {
            if let (Some(s), Some(e)) = (token_at(i), token_at(i + name.len())) {
                if s + 1 < e {
                    out.push(s..e);
                }
            }
        }
    }
    out
}

/// A name of several tokens that a change touches in part: its equal tokens
/// join the change, so the name shows changed whole.
fn widen(steps: &mut [Step], span: std::ops::Range<usize>, side: Side) {
    let inside = |r: &std::ops::Range<usize>| {
        if r.is_empty() {
            span.start < r.start && r.start < span.end
        } else {
            r.start < span.end && span.start < r.end
        }
    };
    let touched = steps.iter().any(|s| !s.same && inside(s.range(side)));
    if touched {
        for s in steps.iter_mut().filter(|s| s.same && inside(s.range(side))) {
            s.same = false;
        }
    }
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
        let o: String = run.iter().flat_map(|s| &a[s.old.clone()]).copied().collect();
        let n: String = run.iter().flat_map(|s| &b[s.new.clone()]).copied().collect();
        match (same, o.is_empty(), n.is_empty()) {
            (true, ..) => out.push(Piece::Same(n)),
            (false, true, _) => out.push(Piece::Inserted(n)),
            (false, _, true) => out.push(Piece::Deleted(o)),
            (false, false, false) => replaced(&o, &n, &mut out),
        }
        k = run_end;
    }
    out.retain(|p| !matches!(p, Piece::Same(t) | Piece::Inserted(t) | Piece::Deleted(t) if t.is_empty()));
    super::table::coalesce(out)
}

/// A replacement, the blanks both sides begin or end with left out of it.
fn replaced(o: &str, n: &str, out: &mut Vec<Piece>) {
    let lead = common_blanks(o.chars(), n.chars());
    let (o, n, start) = (&o[lead..], &n[lead..], &n[..lead]);
    let tail = common_blanks(o.chars().rev(), n.chars().rev());
    let (o, n, end) = (&o[..o.len() - tail], &n[..n.len() - tail], &n[n.len() - tail..]);
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
                "(", "Serbia", ",", " ", "Côte", " ", "d'Ivoire", ")", " ", "13,562", " ", "\\*",
                " ", "4.5", ".", " ", "2001-2003", ",", " ", "5"
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
