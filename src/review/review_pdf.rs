//! The review copy: the document's own Typst with, beside each numbered
//! paragraph, its sources and the warnings about them, line numbers and a
//! "DRAFT FOR REVIEW" watermark. Made by the layout's `review-document` and
//! `review-para` (end of `un-report.typ`); the generated Typst itself is
//! unchanged but for three lines after its `#show: un-document` line.

use std::path::Path;

use super::draft::Draft;
use super::sources::{ParagraphSources, Source};
use crate::diag::Diagnostic;
use crate::escape::{markdown_text, typst_string};
use crate::submissions::report_config::Indicator;

/// The margin note of each numbered paragraph: its sources, one a line,
/// then the warnings about the replies it comes from and, for a paragraph
/// that states an indicator (its `says` text), the warnings about that
/// indicator (`no reply answers the indicator ...`). `markdown` is the draft.
pub fn notes(
    paragraphs: &[ParagraphSources],
    warnings: &[Diagnostic],
    markdown: &str,
    indicators: &[Indicator],
) -> Vec<(u32, String)> {
    let texts: Vec<(u32, String)> = Draft::parse(markdown)
        .map(|d| {
            d.paragraphs()
                .map(|u| (u.number.unwrap_or(0), u.key().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let about_indicator = |number: u32, w: &Diagnostic| {
        indicators.iter().any(|ind| {
            w.message.contains(&format!("indicator `{}`", ind.key))
                && texts
                    .iter()
                    .any(|(n, t)| *n == number && t.contains(&markdown_text(&ind.says)))
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
                if from_reply || about_indicator(p.number, w) {
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
    fn notes_are_strings_after_the_document_show_rule() {
        let t = review_typst(
            "#import \"un-report.typ\": *\n#show: un-document.with(symbol: \"X\")\n\n#para(\"1\")[a]\n",
            &[(1, "a\"b #x".into())],
        );
        assert!(t.contains("#show: un-document.with(symbol: \"X\")\n#show: review-document\n#let review-notes = (\n  \"1\": \"a\\\"b #x\",\n)\n"), "{t}");
    }
}
