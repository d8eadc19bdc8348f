//! The rules that shape a UN document's labels, written once for every
//! output (Markdown, Typst, Word): Roman numerals and letters, the labels of
//! chapters, sections, annexes, figures and subparagraphs, footnote marks,
//! the "Available at" note of a link, and typographic quotes.

use super::{Inline, ListStyle, NoteMark};

/// Roman numerals (the rule is the editorial style's, [`crate::style::roman`]).
pub use crate::style::roman;

/// 1 -> `A`, 26 -> `Z`, 27 -> `AA`: section letters (upper case) and,
/// lower-cased, the letters of notes and subparagraphs.
pub fn letter(n: u32) -> String {
    let mut n = n;
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    s.iter().rev().collect()
}

/// `I.`: a chapter's number as printed.
pub fn chapter(number: u32) -> String {
    format!("{}.", roman(number))
}

/// `A.`: a section's number as printed.
pub fn section(number: u32) -> String {
    format!("{}.", letter(number))
}

/// `Annex II`, or `Annex` when the document has only one.
pub fn annex(number: u32, only: bool) -> String {
    if only {
        "Annex".to_string()
    } else {
        format!("Annex {}", roman(number))
    }
}

/// `I.`: an annex's or a figure's number in the contents.
pub fn contents_number(number: u32) -> String {
    format!("{}.", roman(number))
}

/// `Annex` (one) or `Annexes`: the row opening the annexes in the contents.
pub fn annexes_heading(count: u32) -> &'static str {
    if count == 1 {
        "Annex"
    } else {
        "Annexes"
    }
}

/// `Figure` (one) or `Figures`: the row opening the figures in the contents.
pub fn figures_heading(count: u32) -> &'static str {
    if count == 1 {
        "Figure"
    } else {
        "Figures"
    }
}

/// `Figure I. Reported cases of kidnapping, 2000-2003`.
pub fn figure_caption(number: u32, title: &str) -> String {
    format!("Figure {}. {title}", roman(number))
}

/// `1-4`, `5` or nothing: a contents row's paragraph range.
pub fn paragraph_range(range: Option<(u32, u32)>) -> String {
    match range {
        Some((a, b)) if a == b => a.to_string(),
        Some((a, b)) => format!("{a}-{b}"),
        None => String::new(),
    }
}

/// The style of a list found at `depth` subparagraph lists deep (0: directly
/// in a numbered paragraph), typed ordered (`ordered`, starting at `start`)
/// or bulleted, in the body (`subparagraphs`) or elsewhere. One UN rule:
/// subparagraphs are lettered (a), (b), nested (i), (ii), then (a) again; a
/// list typed from another number than 1 keeps its numbers (articles 10, 11
/// of a law: relettering would print (j)); outside the body, bullets stay
/// bullets and numbers stay numbers.
pub fn list_style(depth: usize, ordered: bool, start: u64, subparagraphs: bool) -> ListStyle {
    match (ordered, start, subparagraphs) {
        (true, s, _) if s != 1 => ListStyle::Numbers,
        (true, _, false) => ListStyle::Numbers,
        (false, _, false) => ListStyle::Bullets,
        _ if depth.is_multiple_of(2) => ListStyle::Letters,
        _ => ListStyle::Roman,
    }
}

/// The label of item `index` (0-based) of a list: `(a)`, `(ii)`, `10.`;
/// none for a bullet.
pub fn item_label(style: ListStyle, start: u64, index: usize) -> Option<String> {
    let n = start.saturating_add(index as u64);
    let small = u32::try_from(n).unwrap_or(u32::MAX);
    match style {
        ListStyle::Letters => Some(format!("({})", letter(small).to_lowercase())),
        ListStyle::Roman => Some(format!("({})", roman(small).to_lowercase())),
        ListStyle::Numbers => Some(format!("{n}.")),
        ListStyle::Bullets => None,
    }
}

/// The mark printed for a footnote: `3`, `a`.
pub fn note_mark(mark: NoteMark) -> String {
    match mark {
        NoteMark::Number(n) => n.to_string(),
        NoteMark::AnnexLetter(n) | NoteMark::TableLetter(n) => letter(n).to_lowercase(),
    }
}

/// Moves every footnote mark that stands before punctuation to after it
/// (`the website¹.` becomes `the website.¹`), as the UN editorial rule asks:
/// a reference mark follows punctuation, except a dash (which is left
/// after it) and a closing parenthesis (the mark then refers to the words
/// in the brackets). A mark at the end of emphasis or a link's text moves
/// out of it when punctuation follows. One rule for every output: the
/// document is built so, and each output prints the marks where they stand.
pub fn place_note_marks(inlines: &mut Vec<Inline>) {
    for i in inlines.iter_mut() {
        if let Inline::Emphasis(c) | Inline::Strong(c) | Inline::Link { content: c, .. } = i {
            place_note_marks(c);
        }
    }
    let mut i = 0;
    while i < inlines.len() {
        let notes = leading_marks(&inlines[i..]);
        let after = i + notes;
        if notes > 0 {
            if let Some(Inline::Text(t)) = inlines.get_mut(after) {
                let n = punctuation_before_mark(t);
                if n > 0 {
                    let punct: String = t.drain(..n).collect();
                    if t.is_empty() {
                        inlines.remove(after);
                    }
                    inlines.insert(i, Inline::Text(punct));
                    // `the website [^1].` was typed with a space before the
                    // mark: the punctuation closes up to the word.
                    if let Some(Inline::Text(before)) = i.checked_sub(1).map(|b| &mut inlines[b]) {
                        before.truncate(before.trim_end().len());
                    }
                }
            }
        } else if starts_with_punctuation(inlines.get(i + 1)) {
            hoist_trailing_marks(inlines, i);
        }
        i += notes.max(1);
    }
    join_text(inlines);
}

/// How many footnote marks stand at the start of `inlines`.
fn leading_marks(inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .take_while(|i| matches!(i, Inline::Note(_)))
        .count()
}

/// Whether `next` is text opening with punctuation a mark goes after.
fn starts_with_punctuation(next: Option<&Inline>) -> bool {
    matches!(next, Some(Inline::Text(t)) if punctuation_before_mark(t) > 0)
}

/// The marks ending the emphasis, strong text or link at `i`, moved out to
/// stand right after it.
fn hoist_trailing_marks(inlines: &mut Vec<Inline>, i: usize) {
    let (Inline::Emphasis(c) | Inline::Strong(c) | Inline::Link { content: c, .. }) =
        &mut inlines[i]
    else {
        return;
    };
    let keep = c.len()
        - c.iter()
            .rev()
            .take_while(|x| matches!(x, Inline::Note(_)))
            .count();
    let marks: Vec<Inline> = c.drain(keep..).collect();
    for (k, m) in marks.into_iter().enumerate() {
        inlines.insert(i + 1 + k, m);
    }
}

/// The length in bytes of the punctuation opening `t` that a footnote mark
/// goes after: full stops, commas, colons, semicolons, question and
/// exclamation marks, an ellipsis, closing quotation marks. None when a
/// letter or digit follows it (an apostrophe: `State’s`; a decimal point).
fn punctuation_before_mark(t: &str) -> usize {
    const AFTER: &[char] = &[
        '.', ',', ';', ':', '?', '!', '\u{2026}', '\u{201D}', '\u{2019}', '"',
    ];
    let n: usize = t
        .chars()
        .take_while(|c| AFTER.contains(c))
        .map(char::len_utf8)
        .sum();
    match t[n..].chars().next() {
        Some(c) if c.is_alphanumeric() => 0,
        _ => n,
    }
}

/// Text beside text made one run again.
fn join_text(inlines: &mut Vec<Inline>) {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for i in inlines.drain(..) {
        match (out.last_mut(), i) {
            (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
            (_, i) => out.push(i),
        }
    }
    *inlines = out;
}

/// The labels that open a table's general note: `Note:`, `Sources:`.
const TABLE_NOTE_LABELS: [&str; 4] = ["Note:", "Notes:", "Source:", "Sources:"];

/// Whether a paragraph typed right under a table is one of its notes: it
/// opens with a note's label (`*Note*: Two dots (..) indicate ...`,
/// `Source: Ministry of Justice.`).
pub fn is_table_note(content: &[Inline]) -> bool {
    let text = super::plain_text(content);
    let text = text.trim_start();
    TABLE_NOTE_LABELS.iter().any(|l| text.starts_with(l))
}

/// The footnote a link becomes: `Available at www.unodc.org.` (as text, for
/// the tests; the outputs print [`available_at_runs`]).
#[cfg(test)]
pub(crate) fn available_at(address: &str) -> String {
    format!("Available at {}.", crate::style::web_address(address))
}

/// [`available_at`] as the runs of the note: the address itself a run of
/// its own ([`Inline::Address`]), which every output can make a link.
pub fn available_at_runs(address: &str) -> Vec<super::Inline> {
    vec![
        super::Inline::Text("Available at ".to_string()),
        super::Inline::Address {
            shown: crate::style::web_address(address),
            address: address.to_string(),
        },
        super::Inline::Text(".".to_string()),
    ]
}

/// Whether a link's address is shown as the link's own text (then no
/// footnote: the address is printed once, in the text).
pub fn link_is_its_address(text: &str, address: &str) -> bool {
    let t = text.trim();
    t == address || t == crate::style::web_address(address)
}

/// Whether `address` is a web or mail address (a link to anything else is
/// only its text).
pub fn is_web_address(address: &str) -> bool {
    let l = address.to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://") || l.starts_with("mailto:")
}

/// Straight quotes and apostrophes made typographic (the rule is the
/// editorial style's, [`crate::style::typographic_quotes`]).
pub use crate::style::typographic_quotes;

/// The label a heading or figure is found by in the PDF (contents links):
/// `chapter-2`, `section-2-1`, `annex-1`, `figure-1`.
pub fn anchor(kind: &str, numbers: &[u32]) -> String {
    let mut s = kind.to_string();
    for n in numbers {
        s.push('-');
        s.push_str(&n.to_string());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_and_letters() {
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
        assert_eq!(letter(2), "B");
        assert_eq!(letter(27), "AA");
    }

    #[test]
    fn subparagraphs_are_lettered_then_roman_and_keep_a_typed_start() {
        let l = list_style(0, false, 1, true);
        assert_eq!(item_label(l, 1, 1).as_deref(), Some("(b)"));
        let r = list_style(1, true, 1, true);
        assert_eq!(item_label(r, 1, 3).as_deref(), Some("(iv)"));
        let n = list_style(0, true, 10, true);
        assert_eq!(item_label(n, 10, 1).as_deref(), Some("11."));
        assert_eq!(item_label(list_style(0, false, 1, false), 1, 0), None);
        assert_eq!(list_style(2, false, 1, true), ListStyle::Letters);
    }

    #[test]
    fn quotes_open_after_blanks_and_close_after_letters() {
        assert_eq!(
            typographic_quotes("the \"serious crime\" of 'X', Children's", None),
            "the \u{201C}serious crime\u{201D} of \u{2018}X\u{2019}, Children\u{2019}s"
        );
        assert_eq!(typographic_quotes("\" said", Some('e')), "\u{201D} said");
    }

    fn t(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    fn n(i: usize) -> Inline {
        Inline::Note(super::super::FootnoteId(i))
    }

    fn placed(mut inlines: Vec<Inline>) -> Vec<Inline> {
        place_note_marks(&mut inlines);
        inlines
    }

    #[test]
    fn a_note_mark_follows_punctuation_and_quotes_but_not_a_dash_or_bracket() {
        assert_eq!(
            placed(vec![t("the website"), n(0), t(". Next")]),
            vec![t("the website."), n(0), t(" Next")]
        );
        assert_eq!(
            placed(vec![t("a"), n(0), n(1), t("\u{201D};")]),
            vec![t("a\u{201D};"), n(0), n(1)]
        );
        assert_eq!(
            placed(vec![t("the website "), n(0), t(".")]),
            vec![t("the website."), n(0)]
        );
        for kept in [
            " \u{2014} b",
            "\u{2013}b",
            ")",
            "\u{2019}s law",
            ".5 cases",
            " and",
        ] {
            let v = vec![t("a"), n(0), t(kept)];
            assert_eq!(placed(v.clone()), v, "{kept}");
        }
    }

    #[test]
    fn a_note_mark_leaves_emphasis_or_a_link_when_punctuation_follows() {
        assert_eq!(
            placed(vec![Inline::Emphasis(vec![t("Act"), n(0)]), t(", which")]),
            vec![Inline::Emphasis(vec![t("Act")]), t(","), n(0), t(" which")]
        );
        let link = |c: Vec<Inline>| Inline::Link {
            content: c,
            address: "https://www.unodc.org".into(),
            note: super::super::FootnoteId(0),
        };
        assert_eq!(
            placed(vec![link(vec![t("the site")]), n(0), t(".")]),
            vec![link(vec![t("the site")]), t("."), n(0)]
        );
    }

    #[test]
    fn marks_stay_inside_emphasis_before_a_word_and_leave_it_in_order() {
        // No punctuation after the emphasis: its mark stays where typed.
        let kept = vec![Inline::Emphasis(vec![t("Act"), n(0)]), t(" which")];
        assert_eq!(placed(kept.clone()), kept);
        // Two marks leave it together, in their order.
        assert_eq!(
            placed(vec![Inline::Emphasis(vec![t("Act"), n(0), n(1)]), t(".")]),
            vec![Inline::Emphasis(vec![t("Act")]), t("."), n(0), n(1)]
        );
    }

    #[test]
    fn a_table_note_opens_with_its_label() {
        let em = |s: &str| Inline::Emphasis(vec![t(s)]);
        assert!(is_table_note(&[em("Note"), t(": Two dots.")]));
        assert!(is_table_note(&[t("Sources: Ministry of Justice.")]));
        assert!(!is_table_note(&[t("Notes were sent by 12 States.")]));
        assert!(!is_table_note(&[t("The source: police.")]));
    }

    #[test]
    fn a_link_note_gives_the_address_as_printed() {
        assert_eq!(
            available_at("https://www.unodc.org"),
            "Available at www.unodc.org."
        );
        assert!(link_is_its_address(
            "www.unodc.org",
            "https://www.unodc.org"
        ));
    }

    #[test]
    fn a_contents_row_gives_one_paragraph_or_a_range() {
        assert_eq!(paragraph_range(Some((1, 4))), "1-4");
        assert_eq!(paragraph_range(Some((5, 5))), "5");
        assert_eq!(paragraph_range(None), "");
    }

    #[test]
    fn outside_the_body_numbers_stay_numbers_and_bullets_stay_bullets() {
        // A numbered list of the summary or an annex, typed from 1.
        let n = list_style(0, true, 1, false);
        assert_eq!(n, ListStyle::Numbers);
        assert_eq!(item_label(n, 1, 1).as_deref(), Some("2."));
        assert_eq!(list_style(1, false, 1, false), ListStyle::Bullets);
    }

    #[test]
    fn a_contents_link_finds_its_heading_by_kind_and_numbers() {
        assert_eq!(anchor("chapter", &[2]), "chapter-2");
        assert_eq!(anchor("section", &[2, 1]), "section-2-1");
        assert_eq!(anchor("annex", &[]), "annex");
    }

    #[test]
    fn only_web_and_mail_addresses_are_links() {
        for a in ["http://x.org", "HTTPS://www.unodc.org", "mailto:a@b.org"] {
            assert!(is_web_address(a), "{a}");
        }
        for a in [
            "figure:cases",
            "file:///etc/passwd",
            "#annex-1",
            "www.unodc.org",
            "",
        ] {
            assert!(!is_web_address(a), "{a}");
        }
    }
}
