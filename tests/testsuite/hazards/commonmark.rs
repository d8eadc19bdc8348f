//! The CommonMark 0.31.2 specification's examples as replies' answers: every
//! example with a heading is refused (an answer may not add headings), every
//! other one is accepted, and no word of the reference output is lost or
//! joined to its neighbour on the way through the answer sanitiser and the
//! Typst converter. (Once, a newline inside an inline HTML tag or written as
//! `&#10;` was deleted, so words ran together.)

use crate::common::{answer_markdown_options, number_paragraphs, sanitise_answer, to_typst};

const SPEC: &str = include_str!("../../data/commonmark-spec-0.31.2.txt");

/// (number, Markdown, reference HTML) of every example.
fn examples() -> Vec<(usize, String, String)> {
    let fence = "`".repeat(32);
    let mut out = Vec::new();
    let mut lines = SPEC.lines();
    while let Some(line) = lines.next() {
        if line != format!("{fence} example") {
            continue;
        }
        let (mut md, mut html, mut in_html) = (String::new(), String::new(), false);
        for l in lines.by_ref() {
            if l == fence {
                break;
            }
            if l == "." && !in_html {
                in_html = true;
                continue;
            }
            let l = l.replace('→', "\t");
            let target = if in_html { &mut html } else { &mut md };
            target.push_str(&l);
            target.push('\n');
        }
        out.push((out.len() + 1, md, html));
    }
    out
}

/// The words of the reference HTML's text: tags left out, entities decoded.
/// A block tag separates words; an inline one (`<code>hi</code>lo`) does not,
/// as a reader of the rendered page sees no space there either.
fn html_words(html: &str) -> Vec<String> {
    words(&html_text(html))
}

/// The reference's words as the PDF prints them: web addresses the UN way,
/// without `https://`, `http://` or `mailto:` (the Markdown keeps them).
fn html_words_as_printed(html: &str) -> Vec<String> {
    let text = html_text(html)
        .replace("https://", "")
        .replace("http://", "")
        .replace("mailto:", "");
    words(&text)
}

/// The reference HTML's text: tags left out (block tags as a space),
/// entities decoded.
fn html_text(html: &str) -> String {
    const INLINE: &[&str] = &["a", "code", "em", "strong", "img", "del", "span"];
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start + 1..end.saturating_sub(1).max(start + 1)];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if !INLINE.contains(&name.as_str()) {
            text.push(' ');
        }
        rest = &rest[end..];
    }
    text.push_str(rest);
    decode_entities(&text)
}

fn decode_entities(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Runs of letters and digits: syntax and markup characters separate words
/// but are not words (a tag shown as typed, `<a href="bar">*foo*</a>`, still
/// has the word `foo`), while two words run together (`foobar`) are one.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The words of Markdown as a reader sees them (text and code, not syntax);
/// as in [`html_words`], only blocks and line breaks separate words.
fn markdown_words(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut text = String::new();
    for e in Parser::new_ext(md, answer_markdown_options()) {
        match e {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. } | Tag::Image { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link | TagEnd::Image) => {}
            _ => text.push(' '),
        }
    }
    words(&text)
}

/// The words of generated Typst as the PDF prints them: escapes undone,
/// function names and content brackets left out without separating words
/// (`#emph[foo]bar` prints "foobar"), except the calls that start a block or
/// a line; punctuation of arguments separates words like any other.
fn typst_words(typ: &str) -> Vec<String> {
    const BLOCKS: &[&str] = &["linebreak", "footnote", "para", "quote", "list", "enum"];
    let mut text = String::new();
    let mut chars = typ.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => text.extend(chars.next()),
            '#' => {
                let mut name = String::new();
                while let Some(c) = chars.next_if(|c| c.is_alphanumeric() || *c == '-' || *c == '.')
                {
                    name.push(c);
                }
                if BLOCKS.contains(&name.as_str()) {
                    text.push(' ');
                }
                // A link's address is not printed; its text follows.
                if name == "link" && chars.peek() == Some(&'(') {
                    skip_string_arguments(&mut chars);
                }
            }
            '[' | ']' => {}
            c => text.push(c),
        }
    }
    words(&text)
}

/// Skips `("...")`, strings and their escapes included.
fn skip_string_arguments(chars: &mut std::iter::Peekable<std::str::Chars>) {
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '"' => in_string = !in_string,
            ')' if !in_string => break,
            _ => {}
        }
    }
}

#[test]
fn every_commonmark_example_keeps_its_words_or_is_refused_for_a_heading() {
    let examples = examples();
    assert!(examples.len() >= 650, "{} examples", examples.len());
    let mut lost = Vec::new();
    for (n, md, html) in &examples {
        let has_heading = (1..=6).any(|l| html.contains(&format!("<h{l}>")));
        let safe = sanitise_answer(md, "r");
        match (has_heading, &safe) {
            (true, Some(_)) => lost.push(format!("example {n}: a heading was accepted")),
            (false, None) => lost.push(format!("example {n}: refused without a heading")),
            _ => {}
        }
        let Some(safe) = safe else { continue };
        let ours: std::collections::HashSet<String> = markdown_words(&safe).into_iter().collect();
        let doc = format!("<!-- sgreport:body -->\n\n# Chapter\n\n{safe}\n");
        let typ: std::collections::HashSet<String> =
            typst_words(&to_typst(&number_paragraphs(&doc)))
                .into_iter()
                .collect();
        // Character references print as typed (`&AElig;` stays), where the
        // reference HTML decodes them: a word only a decoded reference gives
        // is not expected (tests/testsuite/hazards/input.rs checks the
        // references print as typed).
        let typed: std::collections::HashSet<String> = words(md).into_iter().collect();
        let decoded_only = |w: &String| md.contains('&') && !typed.contains(w);
        for w in html_words(html) {
            if !ours.contains(&w) && !decoded_only(&w) {
                lost.push(format!("example {n}: {w:?} missing from the Markdown"));
            }
        }
        for w in html_words_as_printed(html) {
            if !typ.contains(&w) && !decoded_only(&w) {
                lost.push(format!("example {n}: {w:?} missing from the Typst"));
            }
        }
    }
    assert!(
        lost.is_empty(),
        "{} losses:\n{}",
        lost.len(),
        lost.join("\n")
    );
}
