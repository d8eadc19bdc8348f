//! The template filters that write the report's grammar, so that a
//! template reads as the sentences it produces: naming a group of States
//! after its count, numbers in words, lists joined with "and" or "or",
//! "from X, from Y and from Z". Each filter is a thin wrapper over
//! [`crate::style`]; each refuses an argument it does not know (a misspelt
//! argument would otherwise be ignored in silence).

use tera::{Kwargs, State, Tera, TeraResult};

use crate::style::grammar::{as_heading, received_from, states, symbols, words, Kind};
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
    // ["E/CN.15/2003/7", "E/CN.15/2003/7/Add.1"] -> `E/CN.15/2003/7 and
    // Add.1`: document symbols as a citation gives them.
    tera.register_filter(
        "symbols",
        |list: Vec<String>, kw: Kwargs, _: &State| -> TeraResult<String> {
            only(&kw, "symbols", &[])?;
            Ok(symbols(&list))
        },
    );
    // `the maximum penalty` -> `Maximum penalty`: a phrase as a heading.
    tera.register_filter(
        "as_heading",
        |phrase: String, kw: Kwargs, _: &State| -> TeraResult<String> {
            only(&kw, "as_heading", &[])?;
            Ok(as_heading(&phrase))
        },
    );
    // received_from(member_states=..., non_member_states=...,
    // organizations=..., named=false) -> `from four Member States, one
    // non-member State (the Holy See) and two organizations`; one sender is
    // always named; `named=true` names every one (`from two States (Chile
    // and Peru) and from the United Nations Children's Fund (UNICEF)`).
    tera.register_function(
        "received_from",
        |kw: Kwargs, _: &State| -> TeraResult<String> {
            only(
                &kw,
                "received_from",
                &[
                    "member_states",
                    "non_member_states",
                    "organizations",
                    "named",
                ],
            )?;
            let list = |key: &str| -> TeraResult<Vec<String>> {
                Ok(kw.get::<Vec<String>>(key)?.unwrap_or_default())
            };
            let (members, others, orgs) = (
                list("member_states")?,
                list("non_member_states")?,
                list("organizations")?,
            );
            let kinds = [
                Kind {
                    names: &members,
                    one: "State",
                    many: "Member States",
                    counted: true,
                },
                Kind {
                    names: &others,
                    one: "non-member State",
                    many: "non-member States",
                    counted: true,
                },
                Kind {
                    names: &orgs,
                    one: "organization",
                    many: "organizations",
                    counted: false,
                },
            ];
            Ok(received_from(
                &kinds,
                kw.get::<bool>("named")?.unwrap_or(false),
            ))
        },
    );
}

/// `a; b; and c`, `a and b`, `a`, each heading lower-cased at its start
/// unless it begins with a name. Semicolons separate more than two, or two
/// of which one holds an "and" or "or" of its own (`extent of and trends in
/// kidnapping; and penalties`), so that the list reads one way only.
fn subjects(headings: &[String], word: &str) -> String {
    let items: Vec<String> = headings.iter().map(|h| lcfirst(h)).collect();
    let inner = |s: &String| s.contains(" and ") || s.contains(" or ");
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] if !inner(a) && !inner(b) => format!("{a} {word} {b}"),
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

/// An error naming the argument `filter` (or function) does not take, and those it does.
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
            subjects(&v(&["Extent of and trends", "Penalties"]), "and"),
            "extent of and trends; and penalties"
        );
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
