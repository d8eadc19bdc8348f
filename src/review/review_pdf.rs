//! The review copy: the document's own Typst with, beside each numbered
//! paragraph, its sources and the warnings about them, line numbers and a
//! "DRAFT FOR REVIEW" watermark. Made by the layout's `review-document` and
//! `review-para` (end of `un-report.typ`); the generated Typst itself is
//! unchanged but for three lines after its `#show: un-document` line.

use std::collections::HashMap;
use std::path::Path;

use super::sources::{ParagraphSources, Source};
use crate::diag::Diagnostic;
use crate::document::labels::typographic_quotes;
use crate::document::{plain_text, Block, Document};
use crate::escape::typst_string;
use crate::render::templates::BUILTIN;
use crate::render::typst::LAYOUT_FILE;
use crate::submissions::ReportConfig;

/// The margin note of each numbered paragraph: its sources, one a line,
/// then the warnings that concern it: those about the replies it comes
/// from, for the sentence of an indicator those naming that indicator, and
/// for a paragraph in a topic's section or naming the topic (`No
/// information was received on ...`) those naming that topic.
pub fn notes(
    paragraphs: &[ParagraphSources],
    warnings: &[Diagnostic],
    doc: &Document,
    config: &ReportConfig,
) -> Vec<(u32, String)> {
    // number -> (text, title of the section it is in)
    let mut texts: HashMap<u32, (String, String)> = HashMap::new();
    for c in &doc.chapters {
        let parts = std::iter::once((String::new(), &c.blocks))
            .chain(c.sections.iter().map(|s| (plain_text(&s.title), &s.blocks)));
        for (section, blocks) in parts {
            for b in blocks {
                if let Block::Numbered(p) = b {
                    texts.insert(p.number, (plain_text(&p.content), section.clone()));
                }
            }
        }
    }
    let concerns = |p: &ParagraphSources, w: &Diagnostic| {
        let Some((text, section)) = texts.get(&p.number) else {
            return false;
        };
        let states_indicator = |key: &str| {
            p.sources
                .iter()
                .any(|s| matches!(s, Source::Template { indicator: Some(k), .. } if k == key))
        };
        config.indicators.iter().any(|ind| {
            w.message.contains(&format!("indicator `{}`", ind.key)) && states_indicator(&ind.key)
        }) || config.topics.iter().any(|t| {
            let heading = typographic_quotes(&t.heading, None);
            w.message.contains(&format!("topic `{}`", t.key))
                && (*section == heading || text.to_lowercase().contains(&heading.to_lowercase()))
        })
    };
    paragraphs
        .iter()
        .map(|p| {
            let mut lines: Vec<String> = p.sources.iter().map(Source::describe).collect();
            for w in warnings {
                let from_reply = p
                    .sources
                    .iter()
                    .any(|s| matches!(s, Source::Reply { file, .. } if w.file == Path::new(file)));
                if from_reply || concerns(p, w) {
                    lines.push(format!(
                        "warning ({}:{}): {}",
                        w.file.display(),
                        w.line,
                        w.message
                    ));
                }
            }
            (p.number, lines.join("\n"))
        })
        .collect()
}

/// The layout for a review copy: the project's, with the built-in review
/// functions added when it has none of its own (a project's
/// `templates/un-report.typ` written before they existed).
pub fn review_layout(layout: &str) -> String {
    if layout.contains("#let review-para") {
        return layout.to_string();
    }
    let builtin = BUILTIN
        .iter()
        .find(|(n, _)| *n == LAYOUT_FILE)
        .map_or("", |(_, t)| t);
    let start = builtin.find(REVIEW_START).unwrap_or(builtin.len());
    let end = builtin[start..]
        .find(REDLINE_START)
        .map_or(builtin.len(), |i| start + i);
    format!("{layout}\n{}", &builtin[start..end])
}

/// Where the review functions start in the built-in layout, and where the
/// redline's start after them.
const REVIEW_START: &str = "// Review copy (`sgreport build --review`)";
const REDLINE_START: &str = "// Redline (`sgreport diff`)";

/// `typ` (from [`crate::render::typst::to_typst`]) as a review copy.
pub fn review_typst(typ: &str, notes: &[(u32, String)]) -> String {
    let dict: Vec<String> = notes
        .iter()
        .map(|(n, note)| {
            format!(
                "  {}: {},\n",
                typst_string(&n.to_string()),
                typst_string(note)
            )
        })
        .collect();
    let dict = if dict.is_empty() {
        "(:)".to_string()
    } else {
        format!("(\n{})", dict.concat())
    };
    let review = format!(
        "#show: review-document\n#let review-notes = {dict}\n#let para = review-para.with(review-notes)\n"
    );
    let mut out = String::with_capacity(typ.len() + review.len());
    let mut done = false;
    for line in typ.split_inclusive('\n') {
        out.push_str(line);
        if !done && line.starts_with("#show: un-document") {
            out.push_str(&review);
            done = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_without_review_functions_gets_the_built_in_ones() {
        let l = review_layout("#let para(num, body) = body\n");
        assert!(l.starts_with("#let para(num, body) = body\n"));
        assert!(l.contains("#let review-para(") && l.contains("#let review-document("));
        assert!(!l.contains("redline-ins"));
        assert_eq!(review_layout(&l), l);
    }

    #[test]
    fn notes_are_strings_after_the_document_show_rule() {
        let t = review_typst(
            "#import \"un-report.typ\": *\n#show: un-document.with(symbol: \"X\")\n\n#para(\"1\")[a]\n",
            &[(1, "a\"b #x".into())],
        );
        assert!(t.contains("#show: un-document.with(symbol: \"X\")\n#show: review-document\n#let review-notes = (\n  \"1\": \"a\\\"b #x\",\n)\n"), "{t}");
    }
}
