//! The template filters that write the report's grammar, so that a
//! template reads as the sentences it produces: naming a group of States
//! after its count, numbers in words, lists joined with "and" or "or",
//! "from X, from Y and from Z". Each filter is a thin wrapper over
//! [`crate::style`]; each refuses an argument it does not know (a misspelt
//! argument would otherwise be ignored in silence).

use tera::{Kwargs, State, Tera, TeraResult};

use crate::style::grammar::{states, words};
use crate::style::{and_list, with_article};

/// Registers the filters of this module (see `docs/src/wording.md`).
pub fn register(tera: &mut Tera) {
    // ["Colombia", "Philippines"] -> `two States (Colombia and the
    // Philippines)`; one State -> its name with its article.
    // `opens=true`: the group opens the sentence (`Two States (...)`,
    // `Twenty-three States (...)`, `The Czech Republic`).
    tera.register_filter(
        "states",
        |names: Vec<String>, kw: Kwargs, _: &State| -> TeraResult<String> {
            only(&kw, "states", &["opens"])?;
            Ok(states(&names, kw.get::<bool>("opens")?.unwrap_or(false)))
        },
    );
    // 23 -> `twenty-three`: a count that opens a sentence (then `| capfirst`).
    tera.register_filter(
        "words",
        |n: i64, kw: Kwargs, _: &State| -> TeraResult<String> {
            only(&kw, "words", &[])?;
            Ok(u64::try_from(n).map_or_else(|_| n.to_string(), words))
        },
    );
    // ["Spain", "Holy See"] -> `from Spain and from the Holy See`.
    tera.register_filter(
        "from_each",
        |names: Vec<String>, kw: Kwargs, _: &State| -> TeraResult<String> {
            only(&kw, "from_each", &[])?;
            let each: Vec<String> = names
                .iter()
                .map(|n| format!("from {}", with_article(n)))
                .collect();
            Ok(and_list(&each))
        },
    );
    // Topic headings in running text: ["Extent", "Legislation and
    // penalties"] -> `extent and legislation and penalties`, separated by
    // semicolons when there are more than two (their headings may hold
    // "and" themselves). `or=true` joins the last with "or".
    tera.register_filter(
        "subjects",
        |headings: Vec<String>, kw: Kwargs, _: &State| -> TeraResult<String> {
            only(&kw, "subjects", &["or"])?;
            let word = if kw.get::<bool>("or")?.unwrap_or(false) {
                "or"
            } else {
                "and"
            };
            Ok(subjects(&headings, word))
        },
    );
}

/// `a; b; and c` (more than two), `a and b`, `a`, each heading lower-cased
/// at its start unless it begins with a name.
fn subjects(headings: &[String], word: &str) -> String {
    let items: Vec<String> = headings.iter().map(|h| lcfirst(h)).collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} {word} {b}"),
        [init @ .., last] => format!("{}; {word} {last}", init.join("; ")),
    }
}

/// "Legislation and penalties" -> "legislation and penalties"; names and
/// acronyms ("United Nations", "UNODC") keep their capital.
pub fn lcfirst(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), c.next()) {
        (Some(f), Some(n)) if f.is_uppercase() && n.is_lowercase() && !s.starts_with("United") => {
            f.to_lowercase().collect::<String>() + &s[f.len_utf8()..]
        }
        _ => s.to_string(),
    }
}

/// An error naming the argument `filter` does not take, and those it does.
pub fn only(kw: &Kwargs, filter: &str, known: &[&str]) -> TeraResult<()> {
    for (key, _) in kw.iter() {
        let key = key.to_string();
        if !known.contains(&key.as_str()) {
            let takes = if known.is_empty() {
                "takes no argument".to_string()
            } else {
                format!(
                    "takes only {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            return Err(tera::Error::message(format!(
                "the filter `{filter}` has no argument `{key}`: it {takes}"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_joined_as_a_sentence_lists_them() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(subjects(&v(&["Extent"]), "and"), "extent");
        assert_eq!(
            subjects(&v(&["Extent", "United Nations work"]), "or"),
            "extent or United Nations work"
        );
        assert_eq!(
            subjects(
                &v(&["Extent", "Legislation and penalties", "Victims"]),
                "and"
            ),
            "extent; legislation and penalties; and victims"
        );
    }
}
