//! English grammar for the sentences the report writes about States: the
//! plural of a clause by agreement, numbers in words, a group of States
//! named after its count, a figure with its unit. The templates reach these
//! through filters (`render::grammar`); the model and the warnings call them
//! directly, so each rule lives here once.

use super::{and_list, capfirst, spell, thousands, with_article};

/// A non-breaking space: between a number and its unit, inside dates and
/// symbols, so that a line never ends between them (Editorial Manual).
pub const NBSP: char = '\u{a0}';

/// `says` made plural by English agreement, and the first word group it
/// could not make plural with confidence (then `says_plural` is needed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub text: String,
    pub unsure: Option<String>,
}

/// Subject + verb pairs whose plural is known.
const VERBS: [(&str, &str); 6] = [
    ("has", "have"),
    ("is", "are"),
    ("was", "were"),
    ("had", "had"),
    ("does", "do"),
    ("hasn't", "haven't"),
];

/// Verbs that do not change with their subject.
const SAME: [&str; 9] = [
    "can", "could", "will", "would", "shall", "should", "may", "might", "must",
];

/// `it has established its units` -> `they have established their units`:
/// it -> they, its -> their, itself -> themselves, and the verb after "it"
/// where its plural is known (has, is, was, had, does, the modal verbs, a
/// past tense in -ed). Anything else after "it" (`it considers`, `ratify
/// it.`) is kept and reported as unsure.
pub fn plural_agreement(says: &str) -> Agreement {
    let words: Vec<&str> = says.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut unsure = None;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let (core, tail) = split_punctuation(w);
        let lower = core.to_lowercase();
        let cap = core.chars().next().is_some_and(char::is_uppercase);
        let fix = |s: &str| if cap { capfirst(s) } else { s.to_string() };
        match lower.as_str() {
            "its" => out.push(fix("their") + tail),
            "itself" => out.push(fix("themselves") + tail),
            "it" if tail.is_empty() && i + 1 < words.len() => {
                let (next, next_tail) = split_punctuation(words[i + 1]);
                match verb_plural(next) {
                    Some(v) => {
                        out.push(fix("they"));
                        out.push(v + next_tail);
                        i += 1;
                    }
                    None => {
                        unsure.get_or_insert_with(|| format!("{w} {}", words[i + 1]));
                        out.push(w.to_string());
                    }
                }
            }
            "it" => {
                unsure.get_or_insert_with(|| w.to_string());
                out.push(w.to_string());
            }
            _ => out.push(w.to_string()),
        }
        i += 1;
    }
    Agreement {
        text: out.join(" "),
        unsure,
    }
}

/// The plural of the verb after "it", where it is known.
fn verb_plural(verb: &str) -> Option<String> {
    let lower = verb.to_lowercase();
    if let Some((_, p)) = VERBS.iter().find(|(s, _)| *s == lower) {
        return Some(p.to_string());
    }
    (SAME.contains(&lower.as_str()) || (lower.ends_with("ed") && lower.len() > 3))
        .then(|| verb.to_string())
}

/// `its,` -> (`its`, `,`): a word and the punctuation after it.
fn split_punctuation(w: &str) -> (&str, &str) {
    let end = w
        .char_indices()
        .rev()
        .take_while(|(_, c)| !c.is_alphanumeric() && *c != '\'')
        .last()
        .map_or(w.len(), |(i, _)| i);
    w.split_at(end)
}

/// English number words: `UNITS[n]` for 0-19, `TENS[n]` for n tens (20-90);
/// written here once, for writing numbers and for reading them back.
pub(crate) const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
pub(crate) const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// 23 -> `twenty-three`, 112 -> `one hundred and twelve`: a number in
/// words, for a count that opens a sentence. From 1,000 on, figures.
pub fn words(n: u64) -> String {
    match n {
        0..=19 => UNITS[n as usize].to_string(),
        20..=99 if n.is_multiple_of(10) => TENS[(n / 10) as usize].to_string(),
        20..=99 => format!("{}-{}", TENS[(n / 10) as usize], UNITS[(n % 10) as usize]),
        100..=999 if n.is_multiple_of(100) => format!("{} hundred", UNITS[(n / 100) as usize]),
        100..=999 => format!(
            "{} hundred and {}",
            UNITS[(n / 100) as usize],
            words(n % 100)
        ),
        _ => thousands(n),
    }
}

/// A group of States as a sentence names it: one State by its name (with
/// its article, `the Czech Republic`), several by their count followed by
/// their names in brackets (`four States (Colombia, Mexico and the
/// Philippines)`). `opens`: the group opens the sentence, so the article
/// is capitalized and the count is in words whatever its size.
pub fn states(names: &[String], opens: bool) -> String {
    let listed = and_list(&names.iter().map(|n| with_article(n)).collect::<Vec<_>>());
    let phrase = match names.len() {
        1 => listed,
        n if opens => format!("{} States ({listed})", words(n as u64)),
        n => format!("{} States ({listed})", spell(n as i64)),
    };
    if opens {
        capfirst(&phrase)
    } else {
        phrase
    }
}

/// `40` with unit `years` -> `40 years` (a non-breaking space between);
/// `1 years` is written `1 year`. Without a unit, the figure alone.
pub fn with_unit(figure: &str, unit: Option<&str>) -> String {
    match unit.map(str::trim).filter(|u| !u.is_empty()) {
        None => figure.to_string(),
        Some(u) if figure == "1" && u.ends_with('s') && !u.ends_with("ss") => {
            format!("{figure}{NBSP}{}", &u[..u.len() - 1])
        }
        Some(u) => format!("{figure}{NBSP}{u}"),
    }
}

/// `["E/CN.15/2003/7", "E/CN.15/2003/7/Add.1"]` -> `E/CN.15/2003/7 and
/// Add.1`: a symbol that extends the one before it is cited by what it adds,
/// as documents cite a report and its addendum.
pub fn symbols(list: &[String]) -> String {
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for (i, s) in list.iter().enumerate() {
        let short = i
            .checked_sub(1)
            .and_then(|p| s.strip_prefix(&format!("{}/", list[p])));
        out.push(short.unwrap_or(s).to_string());
    }
    and_list(&out)
}

/// `the maximum penalty for kidnapping` -> `Maximum penalty for
/// kidnapping`: a phrase of running text as a heading (no leading article).
pub fn as_heading(phrase: &str) -> String {
    let bare = ["the ", "a ", "an "]
        .iter()
        .find_map(|a| phrase.strip_prefix(a))
        .unwrap_or(phrase);
    capfirst(bare)
}

/// The senders of one kind: their names and the noun for one and for
/// several (`State`, `Member States`). `counted`: named senders are counted
/// first (`two States (Chile and Peru)`); organizations, whose names carry
/// their acronyms in brackets, are named without a count.
pub struct Kind<'a> {
    pub names: &'a [String],
    pub one: &'a str,
    pub many: &'a str,
    pub counted: bool,
}

/// `from four Member States, one non-member State (the Holy See) and two
/// organizations`: the senders of a document by kind, each kind counted (in
/// figures for all when one count is 10 or more) and one sender always
/// named. `named`: every sender is named, "from" opening each kind (`from
/// two States (Chile and Peru) and from the United Nations Children's Fund
/// (UNICEF)`).
pub fn received_from(kinds: &[Kind], named: bool) -> String {
    let largest = kinds.iter().map(|k| k.names.len()).max().unwrap_or(0) as i64;
    let parts: Vec<String> = kinds
        .iter()
        .filter(|k| !k.names.is_empty())
        .map(|k| {
            let n = k.names.len();
            let noun = if n == 1 { k.one } else { k.many };
            let count = super::in_series(n as i64, largest);
            let listed = and_list(&k.names.iter().map(|n| with_article(n)).collect::<Vec<_>>());
            if named && !k.counted {
                listed
            } else if n == 1 || named {
                format!("{count} {noun} ({listed})")
            } else {
                format!("{count} {noun}")
            }
        })
        .collect();
    match (parts.is_empty(), named) {
        (true, _) => String::new(),
        // Named groups hold commas and "and" of their own: "from" opens each.
        (false, true) => and_list(
            &parts
                .iter()
                .map(|p| format!("from {p}"))
                .collect::<Vec<_>>(),
        ),
        (false, false) => format!("from {}", and_list(&parts)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn agreement_makes_the_known_plurals() {
        let a = plural_agreement(
            "kidnapping is established as a serious crime in its domestic legislation",
        );
        assert_eq!(
            a.text,
            "kidnapping is established as a serious crime in their domestic legislation"
        );
        assert_eq!(a.unsure, None);
        let a = plural_agreement("it has established units, it is a party; it was");
        assert_eq!(
            a.text,
            "they have established units, they are a party; they were"
        );
        assert_eq!(
            plural_agreement("it ratified the Convention itself").text,
            "they ratified the Convention themselves"
        );
        assert_eq!(
            plural_agreement("it can extradite").text,
            "they can extradite"
        );
    }

    #[test]
    fn agreement_sees_the_word_before_its_punctuation() {
        assert_eq!(
            plural_agreement("it has established the offence by itself, in its law.").text,
            "they have established the offence by themselves, in their law."
        );
    }

    #[test]
    fn a_three_letter_word_in_ed_is_not_taken_for_a_past_tense() {
        // "fed", "led", but also "bed", "red": too short to tell, so the
        // user is asked for the plural (`says_plural`).
        let a = plural_agreement("it fed the data into its system");
        assert_eq!(a.unsure.as_deref(), Some("it fed"));
        assert_eq!(a.text, "it fed the data into their system");
        assert_eq!(plural_agreement("it used").text, "they used");
    }

    #[test]
    fn agreement_names_what_it_cannot_make_plural() {
        let a = plural_agreement("it considers kidnapping a serious crime");
        assert_eq!(a.unsure.as_deref(), Some("it considers"));
        assert_eq!(a.text, "it considers kidnapping a serious crime");
        let a = plural_agreement("the Convention applies to it");
        assert_eq!(a.unsure.as_deref(), Some("it"));
    }

    #[test]
    fn numbers_in_words() {
        assert_eq!(words(4), "four");
        assert_eq!(words(23), "twenty-three");
        assert_eq!(words(40), "forty");
        assert_eq!(words(112), "one hundred and twelve");
        assert_eq!(words(300), "three hundred");
        assert_eq!(words(1200), "1,200");
    }

    #[test]
    fn groups_of_states() {
        assert_eq!(states(&v(&["Spain"]), true), "Spain");
        assert_eq!(states(&v(&["Czech Republic"]), true), "The Czech Republic");
        assert_eq!(states(&v(&["Czech Republic"]), false), "the Czech Republic");
        assert_eq!(
            states(&v(&["Colombia", "Mexico", "Philippines"]), true),
            "Three States (Colombia, Mexico and the Philippines)"
        );
        let many: Vec<String> = (0..23).map(|i| format!("S{i}")).collect();
        assert!(states(&many, true).starts_with("Twenty-three States (S0, "));
        assert!(states(&many, false).starts_with("23 States (S0, "));
        assert!(states(&many[..2], false).starts_with("two States (S0 and S1)"));
    }

    #[test]
    fn symbols_headings_and_senders() {
        assert_eq!(
            symbols(&v(&["E/CN.15/2003/7", "E/CN.15/2003/7/Add.1"])),
            "E/CN.15/2003/7 and Add.1"
        );
        assert_eq!(symbols(&v(&["A/58/1", "E/2003/9"])), "A/58/1 and E/2003/9");
        assert_eq!(as_heading("the maximum penalty"), "Maximum penalty");
        assert_eq!(as_heading("penalties"), "Penalties");
        let one = v(&["Spain"]);
        let four = v(&["Belarus", "Nigeria", "Philippines", "Venezuela"]);
        let orgs = v(&["A", "B"]);
        fn kinds_of<'a>(m: &'a [String], orgs: &'a [String]) -> Vec<Kind<'a>> {
            vec![
                Kind {
                    names: m,
                    one: "State",
                    many: "Member States",
                    counted: true,
                },
                Kind {
                    names: &[],
                    one: "non-member State",
                    many: "non-member States",
                    counted: true,
                },
                Kind {
                    names: orgs,
                    one: "organization",
                    many: "organizations",
                    counted: false,
                },
            ]
        }
        let kinds = |m| kinds_of(m, &orgs);
        assert_eq!(
            received_from(&kinds(&one), false),
            "from one State (Spain) and two organizations"
        );
        assert_eq!(
            received_from(&kinds(&four)[..1], true),
            "from four Member States (Belarus, Nigeria, the Philippines and Venezuela)"
        );
        assert_eq!(
            received_from(&kinds(&one), true),
            "from one State (Spain) and from A and B"
        );
        let many: Vec<String> = (0..12).map(|i| format!("S{i}")).collect();
        assert_eq!(
            received_from(&kinds(&many), false),
            "from 12 Member States and 2 organizations"
        );
    }

    #[test]
    fn figures_with_units() {
        assert_eq!(with_unit("40", Some("years")), "40\u{a0}years");
        assert_eq!(with_unit("1", Some("years")), "1\u{a0}year");
        assert_eq!(with_unit("1", Some("cases")), "1\u{a0}case");
        assert_eq!(with_unit("1,200", None), "1,200");
    }
}
