//! The only ways untrusted text enters generated markup. Every string that
//! came from a reply or from report.yaml reaches Markdown through
//! [`markdown_text`], Typst through [`typst_text`] or [`typst_string`], and
//! XML (the SVG figures, the Word document) through [`xml_into`].

/// Characters that can start Markdown structure anywhere in a line (CommonMark
/// and the GitHub flavour readers use): emphasis, links, code, HTML, entities,
/// tables, strikethrough, math.
const MD_ALWAYS: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '&', '|', '~', '$', '#',
];

/// [`MD_ALWAYS`] as a table of the ASCII bytes: looked up for every byte of
/// every reply.
const ALWAYS_ESCAPED: [bool; 128] = {
    let mut table = [false; 128];
    let mut i = 0;
    while i < MD_ALWAYS.len() {
        table[MD_ALWAYS[i] as usize] = true;
        i += 1;
    }
    table
};

/// Escapes `s` so that Markdown shows it as typed, wherever it is placed:
/// newlines fold to spaces (a value is one run of text) and a leading marker
/// (`-`, `+`, `=`, `1.`) is escaped in case the value starts a line. A
/// non-breaking space stays one: it is there so that a line never ends there.
pub fn markdown_text(s: &str) -> String {
    let folded: String = s
        .split(|c: char| c.is_whitespace() && c != '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    markdown_inline(&folded, true)
}

/// Escapes one run of text inside a line; `line_start` says whether the run
/// opens a line, where list and heading markers are live.
pub fn markdown_inline(s: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    markdown_inline_into(&mut out, s, line_start);
    out
}

/// [`markdown_inline`], written at the end of `out` (a writer of a whole
/// document makes no string per run of text).
pub fn markdown_inline_into(out: &mut String, s: &str, line_start: bool) {
    // Control characters (a NUL from a YAML escape, say) print nothing; drop
    // them first so that what follows is judged where it really stands.
    if has_control(s) {
        let clean: String = s
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect();
        return markdown_inline_into(out, &clean, line_start);
    }
    // Blanks opening a line mean nothing to a reader, but could turn the
    // text after them into code or hide a marker from the checks below.
    let s = if line_start {
        s.trim_start_matches([' ', '\t'])
    } else {
        s
    };
    if line_start {
        // A marker opens a list only when a space (or the end) follows it.
        let opens = |rest: &str| rest.is_empty() || rest.starts_with([' ', '\t']);
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &s[digits..];
        if digits > 0 && (rest.starts_with('.') || rest.starts_with(')')) && opens(&rest[1..]) {
            // `1.` / `1)` would open an ordered list.
            out.push_str(&s[..digits]);
            out.push('\\');
            return markdown_inline_into(out, rest, false);
        }
        if let Some(c) = s.chars().next() {
            // Blanks may follow and separate the marks of a rule or a
            // setext underline (`---\t`, `- - -`).
            let rule = s.chars().all(|x| x == c || x == ' ' || x == '\t');
            if matches!(c, '-' | '+' | '=') && (opens(&s[1..]) || rule) {
                out.push('\\');
                out.push(c);
                return markdown_inline_into(out, &s[1..], false);
            }
        }
    }
    // Every character of MD_ALWAYS is ASCII: the text is copied in runs
    // between them, byte positions being character boundaries there.
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        if b.is_ascii() && ALWAYS_ESCAPED[usize::from(b)] {
            out.push_str(&s[from..i]);
            out.push('\\');
            from = i;
        }
    }
    out.push_str(&s[from..]);
}

/// Whether `s` holds a control character other than a tab (what
/// `char::is_control` says), found in its bytes: C0 and DEL are one byte
/// each, C1 (U+0080 to U+009F) is 0xC2 followed by 0x80 to 0x9F.
fn has_control(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &x)| {
        (x < 0x20 && x != b'\t')
            || x == 0x7f
            || (x == 0xc2 && b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    })
}

/// `Africa/Kenya 1` -> `africa-kenya-1`: the runs of ASCII letters and
/// digits, lower-cased, joined by `-`; a label safe in Markdown and Typst
/// alike. Different texts can give the same slug: callers that need unique
/// labels keep a registry of those they gave out.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for run in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        if run.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&run.to_ascii_lowercase());
    }
    out
}

/// Escapes `s` for Typst markup: every ASCII punctuation character gets a
/// backslash, which Typst reads as "this character, literally", so nothing in
/// the text can open code (`#`), math (`$`), a comment (`//`, `/*`), a label,
/// a reference, a heading, a list, raw text or a content block. Line breaks
/// become spaces: paragraph structure comes from the converter, never from text.
pub fn typst_text(s: &str) -> String {
    typst_text_after(s, None)
}

/// [`typst_text`] for text that follows `prev` in the same paragraph.
/// Straight quotes and apostrophes become typographic ones (contract 1.1,
/// as UN documents print them) as literal characters, so they are never
/// markup; escaping them instead would turn off Typst's smart quotes and
/// print them straight. Whether a quote opens or closes depends on the
/// character before it, hence `prev` across pieces of text.
pub fn typst_text_after(s: &str, prev: Option<char>) -> String {
    let quoted = crate::style::typographic_quotes(s, prev);
    let mut out = String::with_capacity(quoted.len() + quoted.len() / 4);
    for c in quoted.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            // Other control characters have no business in a report.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes `s` into `out` as XML character data or an attribute value (the
/// SVG figures and the Word document): `& < > " '` escaped, and characters
/// XML 1.0 cannot carry (control characters, which print nothing, and the
/// non-characters U+FFFE and U+FFFF) left out, as the Typst converter leaves
/// them out. Tab, line feed and carriage return are kept, or made spaces
/// with `fold_breaks` (for one-line labels).
pub fn xml_into(s: &str, out: &mut String, fold_breaks: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' if fold_breaks => out.push(' '),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
}

/// A Typst string literal (`"..."`) holding `s` exactly.
pub fn typst_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_as_char_is_control_finds_them() {
        for c in (0..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|c| (*c as u32) < 0x800)
        {
            let s = format!("a{c}b");
            assert_eq!(has_control(&s), c.is_control() && c != '\t', "{:?}", c);
        }
    }

    #[test]
    fn markdown_escapes_structure_but_keeps_plain_words() {
        assert_eq!(markdown_text("E/CN.15/2004/7"), "E/CN.15/2004/7");
        assert_eq!(markdown_text("# not a heading"), "\\# not a heading");
        assert_eq!(markdown_text("1. not a list"), "1\\. not a list");
        assert_eq!(markdown_text("- not a bullet"), "\\- not a bullet");
        assert_eq!(markdown_text("37.5 and -3"), "37.5 and -3");
        assert_eq!(markdown_text("---"), "\\---");
        assert_eq!(
            markdown_text("<b>x</b> & [a](b)"),
            "\\<b\\>x\\</b\\> \\& \\[a\\](b)"
        );
        assert_eq!(markdown_text("a\nb"), "a b");
        assert_eq!(markdown_text("back\\"), "back\\\\");
    }

    /// Once, `---` followed by a tab (and a NUL, dropped) opened a line
    /// unescaped; with the blanks trimmed it then read as a setext
    /// underline, turning the paragraph above into a heading.
    #[test]
    fn a_rule_with_tabs_or_control_characters_is_escaped() {
        assert_eq!(markdown_inline("---\t\0\t", true), "\\---\t\t");
        assert_eq!(markdown_inline("=\t=", true), "\\=\t=");
        assert_eq!(markdown_inline("--\tx", true), "--\tx");
    }

    /// A list marker needs its digits: a line opening with `.` or `)` is
    /// written as typed, without a needless backslash.
    #[test]
    fn a_mark_without_digits_opens_no_list() {
        assert_eq!(markdown_inline(". x", true), ". x");
        assert_eq!(markdown_inline(") x", true), ") x");
        assert_eq!(markdown_inline("7) x", true), "7\\) x");
    }

    #[test]
    fn slugs_keep_letters_and_digits() {
        assert_eq!(slug("Africa/Kenya 1"), "africa-kenya-1");
        assert_eq!(slug("  II. Replies -- received "), "ii-replies-received");
        assert_eq!(slug("***"), "");
    }

    #[test]
    fn straight_quotes_become_typographic_characters_never_markup() {
        assert_eq!(
            typst_text("the \"serious crime\" of 'X', Children's"),
            "the \u{201C}serious crime\u{201D} of \u{2018}X\u{2019}\\, Children\u{2019}s"
        );
        // After emphasis ends, a quote closes.
        assert_eq!(typst_text_after("\" said", Some('e')), "\u{201D} said");
        assert_eq!(typst_text_after("'90s", Some(' ')), "\u{2018}90s");
    }

    #[test]
    fn typst_escapes_every_punctuation_mark() {
        assert_eq!(typst_text("#set text(red)"), "\\#set text\\(red\\)");
        assert_eq!(typst_text("a // b"), "a \\/\\/ b");
        assert_eq!(typst_text("end\\"), "end\\\\");
        assert_eq!(typst_text("Côte d'Ivoire"), "Côte d\u{2019}Ivoire");
        assert_eq!(typst_string("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
    }

    /// The underscore too: unescaped, "5 _ 10" would lose its mark and
    /// "Legislation _draft_" would print in italics.
    #[test]
    fn typst_escapes_the_underscore_and_star() {
        assert_eq!(typst_text("5 _ 10"), "5 \\_ 10");
        assert_eq!(
            typst_text("Legislation _draft_ *x*"),
            "Legislation \\_draft\\_ \\*x\\*"
        );
    }

    /// Control characters print nothing in text; in a string literal they
    /// are kept, written as escapes; line breaks and tabs become spaces in
    /// text and escapes in a string.
    #[test]
    fn control_characters_are_dropped_in_text_and_escaped_in_strings() {
        assert_eq!(typst_text("a\u{7}b\u{0}c\u{9f}d"), "abcd");
        assert_eq!(typst_text("a\nb\rc\td"), "a b c d");
        assert_eq!(typst_text_after("x\u{1b}", Some('a')), "x");
        assert_eq!(typst_string("a\u{1}b\u{7f}"), "\"a\\u{1}b\\u{7f}\"");
        assert_eq!(typst_string("a\nb\rc\td"), "\"a\\nb\\rc\\td\"");
    }

    /// XML: breaks kept, or folded to spaces for one-line labels; control
    /// characters and the two non-characters left out.
    #[test]
    fn xml_keeps_or_folds_breaks_and_drops_what_xml_cannot_carry() {
        let xml = |s: &str, fold: bool| {
            let mut out = String::new();
            xml_into(s, &mut out, fold);
            out
        };
        assert_eq!(xml("a\tb\nc\rd", false), "a\tb\nc\rd");
        assert_eq!(xml("a\tb\nc\rd", true), "a b c d");
        assert_eq!(
            xml("<a & 'b' \"c\">", true),
            "&lt;a &amp; &apos;b&apos; &quot;c&quot;&gt;"
        );
        assert_eq!(xml("x\u{0}\u{1f}\u{fffe}\u{ffff}y", false), "xy");
        // Appends: what `out` held stays.
        let mut out = String::from("kept ");
        xml_into("z", &mut out, false);
        assert_eq!(out, "kept z");
    }
}
