//! UN editorial style, in one place: how dates, numbers, ordinals, lists of
//! names and plurals are written in the report and in the tool's own
//! messages (United Nations Editorial Manual; `docs/` gives the sources).
//!
//! The model holds typed values (dates, counts, figures); these functions
//! format them when the templates' context is made, and the `ser` module
//! plugs them into serde so the model's fields serialise as the report
//! prints them.

use crate::date::Date;

/// `22 July 2003` (see [`Date::un_style`], where the rule is written).
pub fn date(d: Date) -> String {
    d.un_style()
}

fn month_name(d: Date) -> &'static str {
    d.month_name()
}

/// `11-20 May 2004`, `28 April-7 May 2004`, `30 December 2004-3 January 2005`.
pub fn date_range(from: Date, to: Date) -> String {
    if from.year != to.year {
        format!("{}-{}", date(from), date(to))
    } else if from.month != to.month {
        format!(
            "{} {}-{} {} {}",
            from.day,
            month_name(from),
            to.day,
            month_name(to),
            to.year
        )
    } else if from.day == to.day {
        date(from)
    } else {
        format!("{}-{} {} {}", from.day, to.day, month_name(to), to.year)
    }
}

/// 3041 -> `3,041` (the English documents' thousands separator).
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A signed whole number with thousands separators: `-1,200`.
pub fn signed_thousands(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", thousands(n.unsigned_abs()))
}

/// A reported number: whole numbers with separators, others to one decimal.
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        signed_thousands(x as i64)
    } else {
        format!("{x:.1}")
    }
}

/// 0-9 in words, larger numbers in figures (the rule for running text).
pub fn spell(n: i64) -> String {
    const W: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    usize::try_from(n)
        .ok()
        .and_then(|i| W.get(i))
        .map_or_else(|| signed_thousands(n), |w| w.to_string())
}

/// Numbers in one series: all in figures when the largest is 10 or more,
/// else in words (`Of the 12 States that replied, 9 reported`).
pub fn in_series(n: i64, largest: i64) -> String {
    if largest.max(n) >= 10 {
        signed_thousands(n)
    } else {
        spell(n)
    }
}

/// 13 -> `Thirteenth`, 58 -> `Fifty-eighth`.
pub fn ordinal_words(n: u32) -> String {
    const UNITS: [&str; 20] = [
        "",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    const TENS: [&str; 10] = [
        "", "", "twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet",
    ];
    let words = match n {
        1..=19 => UNITS[n as usize].to_string(),
        20..=99 if n.is_multiple_of(10) => format!("{}ieth", TENS[(n / 10) as usize]),
        20..=99 => format!("{}y-{}", TENS[(n / 10) as usize], UNITS[(n % 10) as usize]),
        _ => format!("{n}th"),
    };
    capfirst(&words)
}

/// 4 -> `IV`, 14 -> `XIV`.
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// First letter upper case, the rest untouched.
pub fn capfirst(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// `["A", "B", "C"]` -> `A, B and C` (no serial comma).
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Names that take "the" inside a sentence: the Holy See, organizations, and
/// States whose short name is used with the article.
pub fn with_article(name: &str) -> String {
    const STATES: &[&str] = &[
        "Holy See",
        "Bahamas",
        "Central African Republic",
        "Comoros",
        "Congo",
        "Czech Republic",
        "Democratic People's Republic of Korea",
        "Democratic Republic of the Congo",
        "Dominican Republic",
        "Gambia",
        "Lao People's Democratic Republic",
        "Libyan Arab Jamahiriya",
        "Maldives",
        "Marshall Islands",
        "Netherlands",
        "Niger",
        "Philippines",
        "Republic of Korea",
        "Republic of Moldova",
        "Russian Federation",
        "Seychelles",
        "Solomon Islands",
        "Sudan",
        "Syrian Arab Republic",
        "United Arab Emirates",
        "United Kingdom of Great Britain and Northern Ireland",
        "United Republic of Tanzania",
        "United States of America",
    ];
    const BODIES: &[&str] = &[
        "United Nations",
        "International",
        "European",
        "Office",
        "World",
        "Organization",
        "Council",
        "League",
        "Commission",
    ];
    if let Some(rest) = name.strip_prefix("The ") {
        return format!("the {rest}");
    }
    if STATES.contains(&name) || BODIES.iter().any(|b| name.starts_with(b)) {
        format!("the {name}")
    } else {
        name.to_string()
    }
}

/// United Nations system entities with their acronyms (`src/data/`, which
/// gives the source): name, acronym.
pub fn un_entities() -> impl Iterator<Item = (&'static str, &'static str)> {
    entity_table().iter().copied()
}

/// The table of `data/un-system-entities.tsv`, read once.
fn entity_table() -> &'static [(&'static str, &'static str)] {
    static TABLE: std::sync::OnceLock<Vec<(&'static str, &'static str)>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("data/un-system-entities.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .collect()
    })
}

/// The acronym of a United Nations system entity named exactly `name`.
pub fn un_entity_acronym(name: &str) -> Option<&'static str> {
    un_entities().find(|(n, _)| *n == name).map(|(_, a)| a)
}

/// The entity whose name `name` nearly is (a typo, another case, a missing
/// "the"), when it is not exactly one: worth a warning, since the acronym
/// and the name the report prints depend on it.
pub fn near_un_entity(name: &str) -> Option<&'static str> {
    if un_entity_acronym(name).is_some() {
        return None;
    }
    // A near miss is a slip or two (a letter, an apostrophe, "the"), not a
    // third of the name: one edit in ten characters at most.
    static ENTITIES: std::sync::OnceLock<crate::suggest::Candidates<'static>> =
        std::sync::OnceLock::new();
    ENTITIES
        .get_or_init(|| crate::suggest::Candidates::new(un_entities().map(|(n, _)| n)))
        .nearest_within(name, 10)
}

/// An organization at its first mention: `United Nations Children's Fund
/// (UNICEF)`; without an acronym, the name alone.
pub fn first_mention(name: &str, acronym: Option<&str>) -> String {
    match acronym {
        Some(a) if a != name => format!("{name} ({a})"),
        _ => name.to_string(),
    }
}

/// The short form of a body after its first full mention: `Commission on
/// Crime Prevention and Criminal Justice` -> `Commission`, `Economic and
/// Social Council` -> `Council`: the first word that is a kind of body.
pub fn body_short(name: &str) -> String {
    const KINDS: &[&str] = &[
        "Commission",
        "Council",
        "Assembly",
        "Committee",
        "Conference",
        "Board",
        "Forum",
    ];
    name.split_whitespace()
        .find(|w| KINDS.contains(w))
        .map_or_else(|| name.to_string(), str::to_string)
}

/// A count that opens a sentence: in words under 10 (`Two States`), else
/// introduced so that no sentence opens with a figure (`A total of 38 States`).
pub fn opening_count(n: i64) -> String {
    if (0..10).contains(&n) {
        capfirst(&spell(n))
    } else {
        format!("A total of {}", signed_thousands(n))
    }
}

/// An Internet address as a UN document prints it: `https://www.unodc.org/`
/// -> `www.unodc.org` (no scheme, no closing slash; `mailto:` dropped).
pub fn web_address(url: &str) -> String {
    let bare = ["https://", "http://", "mailto:"]
        .iter()
        .find_map(|p| url.strip_prefix(p))
        .unwrap_or(url);
    bare.strip_suffix('/').unwrap_or(bare).to_string()
}

/// Up to this many senders, the introduction names them; beyond, it counts
/// them and refers to the annex that lists them with their dates.
pub const SENDERS_NAMED_MAX: usize = 10;

/// `s` after a count other than one, for the tool's own messages.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `1 reply`, `3 replies`: a count with the noun in the right number.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub mod grammar;

/// Serde helpers: the model's typed fields serialised as the report prints
/// them, for the templates' context.
pub mod ser {
    use serde::Serializer;

    use crate::date::Date;

    pub fn date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::date(*d))
    }

    pub fn opt_date<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&super::date(*d)),
            None => s.serialize_none(),
        }
    }

    pub fn dates<S: Serializer>(d: &[Date], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(d.iter().map(|d| super::date(*d)))
    }

    pub fn number<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::number(*x))
    }

    pub fn opt_number<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match x {
            Some(x) => s.serialize_some(&super::number(*x)),
            None => s.serialize_none(),
        }
    }

    /// A table's figures: `3,041`, or `..` where none was given.
    pub fn figures<S: Serializer>(cells: &[Option<u64>], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            cells
                .iter()
                .map(|c| c.map_or_else(|| "..".into(), super::thousands)),
        )
    }

    pub fn date_range<S: Serializer>(d: &(Date, Date), s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::date_range(d.0, d.1))
    }

    pub fn ordinal<S: Serializer>(n: &u32, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::ordinal_words(*n))
    }
}

/// Straight quotes and apostrophes made typographic, as UN documents print
/// them: a quote opens after a blank, an opening bracket or dash, another
/// opening quote, or at the start (`prev` is the character before `s`, if
/// any); otherwise it closes (and an apostrophe is a closing single quote).
pub fn typographic_quotes(s: &str, prev: Option<char>) -> String {
    if !s.contains(['"', '\'']) {
        return s.to_string();
    }
    let opens = |before: Option<char>| {
        before.is_none_or(|b| {
            b.is_whitespace()
                || matches!(
                    b,
                    '(' | '[' | '{' | '\u{2014}' | '\u{2013}' | '-' | '/' | '\u{201C}' | '\u{2018}'
                )
        })
    };
    let mut out = String::with_capacity(s.len() + 8);
    let mut before = prev;
    for c in s.chars() {
        out.push(match c {
            '"' if opens(before) => '\u{201C}',
            '"' => '\u{201D}',
            '\'' if opens(before) => '\u{2018}',
            '\'' => '\u{2019}',
            c => c,
        });
        before = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn words_and_figures() {
        assert_eq!(ordinal_words(13), "Thirteenth");
        assert_eq!(ordinal_words(58), "Fifty-eighth");
        assert_eq!(ordinal_words(20), "Twentieth");
        assert_eq!(spell(9), "nine");
        assert_eq!(spell(12), "12");
        assert_eq!(spell(-3), "-3");
        assert_eq!(in_series(4, 12), "4");
        assert_eq!(in_series(4, 9), "four");
        assert_eq!(thousands(3041), "3,041");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(number(40.0), "40");
        assert_eq!(number(-100.0), "-100");
        assert_eq!(number(17.5), "17.5");
    }

    #[test]
    fn dates_the_un_way() {
        assert_eq!(date(d("2003-07-22")), "22 July 2003");
        assert_eq!(
            date_range(d("2004-05-11"), d("2004-05-20")),
            "11-20 May 2004"
        );
        assert_eq!(
            date_range(d("2004-04-28"), d("2004-05-07")),
            "28 April-7 May 2004"
        );
        assert_eq!(
            date_range(d("2004-12-30"), d("2005-01-03")),
            "30 December 2004-3 January 2005"
        );
        assert_eq!(date_range(d("2004-05-11"), d("2004-05-11")), "11 May 2004");
    }

    #[test]
    fn lists_articles_and_plurals() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(and_list(&v(&["A", "B", "C"])), "A, B and C");
        assert_eq!(and_list(&v(&["A"])), "A");
        assert_eq!(with_article("Philippines"), "the Philippines");
        assert_eq!(with_article("Peru"), "Peru");
        assert_eq!(
            with_article("The former Yugoslav Republic of Macedonia"),
            "the former Yugoslav Republic of Macedonia"
        );
        assert_eq!(count(1, "reply", "replies"), "1 reply");
        assert_eq!(count(3, "reply", "replies"), "3 replies");
        assert_eq!(plural(2), "s");
    }

    #[test]
    fn acronyms_bodies_and_opening_counts() {
        assert_eq!(
            un_entity_acronym("United Nations Children's Fund"),
            Some("UNICEF")
        );
        assert_eq!(un_entity_acronym("Amnesty International"), None);
        assert_eq!(
            near_un_entity("United Nations Childrens Fund"),
            Some("United Nations Children's Fund")
        );
        assert_eq!(near_un_entity("United Nations Children's Fund"), None);
        assert_eq!(
            first_mention("World Health Organization", Some("WHO")),
            "World Health Organization (WHO)"
        );
        assert_eq!(
            body_short("Commission on Crime Prevention and Criminal Justice"),
            "Commission"
        );
        assert_eq!(body_short("Economic and Social Council"), "Council");
        assert_eq!(opening_count(2), "Two");
        assert_eq!(opening_count(38), "A total of 38");
        assert_eq!(web_address("https://www.unodc.org/"), "www.unodc.org");
        assert_eq!(web_address("mailto:a@b.org"), "a@b.org");
    }

    /// The edges of the number rules: whole numbers with separators (up to
    /// where a float stops being exact), others to one decimal; a series in
    /// words only while its largest is under 10.
    #[test]
    fn number_rules_at_their_edges() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(-1234.0), "-1,234");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(999_999_999_999_999.0), "999,999,999,999,999");
        assert_eq!(number(1e15), "1000000000000000.0");
        assert_eq!(signed_thousands(-7), "-7");
        assert_eq!(signed_thousands(0), "0");
        assert_eq!(in_series(9, 9), "nine");
        assert_eq!(in_series(3, 10), "3");
        assert_eq!(in_series(10, 3), "10");
        assert_eq!(spell(-1), "-1");
        assert_eq!(spell(10), "10");
    }

    /// A name is followed by its acronym the first time, unless it is its
    /// own acronym.
    #[test]
    fn first_mention_adds_a_different_acronym_only() {
        assert_eq!(
            first_mention("United Nations Children's Fund", Some("UNICEF")),
            "United Nations Children's Fund (UNICEF)"
        );
        assert_eq!(first_mention("UNICEF", Some("UNICEF")), "UNICEF");
        assert_eq!(first_mention("Interpol", None), "Interpol");
    }
}
