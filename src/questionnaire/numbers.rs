//! A figure typed into a questionnaire: digits only, as the reply format
//! wants them. A figure written with separators (`1,250`, `1 250`) or in
//! words (`forty`) is refused with the figure to write instead.

/// The figure in `text`, as the reply format writes it (`1250`, `2.5`);
/// decimals only where `whole` is false. Else the message and the help.
pub fn figure(text: &str, whole: bool) -> Result<String, (String, String)> {
    let t = text.trim();
    let plain = t.bytes().all(|b| b.is_ascii_digit())
        || (!whole
            && t.split_once('.')
                .is_some_and(|(a, b)| digits(a) && digits(b)));
    if plain && !t.is_empty() {
        let canonical = t.trim_start_matches('0');
        return Ok(match canonical {
            "" => "0".into(),
            c if c.starts_with('.') => format!("0{c}"),
            c => c.into(),
        });
    }
    if let Some(n) = without_separators(t) {
        return Err((
            format!("{t:?} is written with separators"),
            format!("write {n}: digits only, no separators"),
        ));
    }
    if let Some(n) = in_words(t) {
        return Err((
            format!("{t:?} is a number in words"),
            format!("write {n}: the figure in digits"),
        ));
    }
    let kind = if whole { "a whole number" } else { "a number" };
    Err((
        format!("{t:?} is not {kind}"),
        "write the figure in digits only, for example 1250, or leave it blank".into(),
    ))
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `1,250`, `1 250`, `1.250.000`, `1'250`: digits in groups of three after
/// the first, one kind of separator.
fn without_separators(t: &str) -> Option<String> {
    let sep = t.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(
        sep,
        ',' | '.' | ' ' | '\'' | '\u{a0}' | '\u{202f}' | '\u{2019}'
    ) {
        return None;
    }
    let groups: Vec<&str> = t.split(sep).collect();
    let ok = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups.iter().all(|g| digits(g))
        && groups[1..].iter().all(|g| g.len() == 3);
    ok.then(|| groups.concat().trim_start_matches('0').to_string())
        .map(|n| if n.is_empty() { "0".into() } else { n })
}

/// `forty`, `one hundred and twenty-five`, `two thousand`: English number
/// words up to the millions.
fn in_words(t: &str) -> Option<u64> {
    use crate::style::grammar::{TENS, UNITS};
    let lower = t.to_lowercase().replace('-', " ");
    let words: Vec<&str> = lower.split_whitespace().filter(|w| *w != "and").collect();
    if words.is_empty() {
        return None;
    }
    let (mut total, mut current) = (0u64, 0u64);
    for w in words {
        if let Some(n) = UNITS.iter().position(|u| *u == w) {
            current += n as u64;
        } else if let Some(n) = TENS.iter().position(|u| !u.is_empty() && *u == w) {
            current += 10 * n as u64;
        } else if w == "hundred" {
            current = current.max(1) * 100;
        } else if w == "thousand" || w == "million" {
            let scale = if w == "thousand" { 1_000 } else { 1_000_000 };
            total += current.max(1) * scale;
            current = 0;
        } else {
            return None;
        }
    }
    Some(total + current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_pass_and_the_rest_say_what_to_write() {
        assert_eq!(figure(" 40 ", true), Ok("40".into()));
        assert_eq!(figure("2.5", false), Ok("2.5".into()));
        assert_eq!(
            figure("1,250", true).unwrap_err().1,
            "write 1250: digits only, no separators"
        );
        assert_eq!(
            figure("1 250 000", true).unwrap_err().1,
            "write 1250000: digits only, no separators"
        );
        assert_eq!(
            figure("forty", true).unwrap_err().1,
            "write 40: the figure in digits"
        );
        assert_eq!(
            figure("one hundred and twenty-five", true).unwrap_err().1,
            "write 125: the figure in digits"
        );
        assert!(figure("about 40", true)
            .unwrap_err()
            .0
            .contains("is not a whole number"));
        assert!(figure("2.5", true).is_err());
    }
}
