//! "Did you mean ...?": the name nearest to one typed, for the help of
//! every message that names an unknown field, key, filter or sender.

/// The closest of `candidates` to `given`, if it is close enough to be a likely typo.
pub fn nearest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    nearest_within(given, candidates, 3)
}

/// [`nearest`], with at most one edit in `per` characters of the longer
/// name (at least two edits).
pub fn nearest_within<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    per: usize,
) -> Option<&'a str> {
    Candidates::new(candidates).nearest_within(given, per)
}

/// Names to suggest from, each prepared once (lower case, letter counts):
/// a list asked again and again, such as the UN entities every reply is
/// compared with, is kept prepared.
pub struct Candidates<'a> {
    names: Vec<(&'a str, String, [u32; 129])>,
}

impl<'a> Candidates<'a> {
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> Candidates<'a> {
        let names = names
            .into_iter()
            .map(|c| {
                let lower = c.to_lowercase();
                let counts = char_counts(&lower);
                (c, lower, counts)
            })
            .collect();
        Candidates { names }
    }

    /// [`nearest_within`] among these names.
    pub fn nearest_within(&self, given: &str, per: usize) -> Option<&'a str> {
        let given_lower = given.to_lowercase();
        let given_counts = char_counts(&given_lower);
        self.names
            .iter()
            .filter_map(|(c, lower, counts)| {
                let limit = (c.len().max(given.len()) / per).max(2);
                // Each edit changes the letter counts by at most two, so
                // half their difference bounds the distance from below:
                // most candidates are ruled out without computing it.
                if count_difference(&given_counts, counts) / 2 > limit {
                    return None;
                }
                let d = strsim::damerau_levenshtein(&given_lower, lower);
                (d <= limit).then_some((d, *c))
            })
            .min_by_key(|(d, c)| (*d, *c))
            .map(|(_, c)| c)
    }
}

/// How many times each ASCII character occurs in `s`; every other character
/// in one bucket.
fn char_counts(s: &str) -> [u32; 129] {
    let mut counts = [0u32; 129];
    for c in s.chars() {
        counts[(c as usize).min(128)] += 1;
    }
    counts
}

fn count_difference(a: &[u32; 129], b: &[u32; 129]) -> usize {
    a.iter().zip(b).map(|(x, y)| x.abs_diff(*y) as usize).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_bound_never_drops_a_suggestion() {
        // Transpositions, case, one letter more or less: still found.
        let names = [
            "United Nations Children's Fund",
            "World Health Organization",
        ];
        assert_eq!(
            nearest("United Nations Childrens Fund", names),
            Some("United Nations Children's Fund")
        );
        assert_eq!(
            nearest("world helath organisation", names),
            Some("World Health Organization")
        );
        assert_eq!(nearest("Invented Organization 1234", names), None);
    }

    #[test]
    fn suggests_a_near_name_only() {
        let fields = ["from", "received", "reference"];
        assert_eq!(nearest("recieved", fields), Some("received"));
        assert_eq!(nearest("colour", fields), None);
    }
}
