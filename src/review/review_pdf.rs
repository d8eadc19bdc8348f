//! The review copy: the document's own Typst with, beside each numbered
//! paragraph, its sources and the warnings about them, line numbers and a
//! "DRAFT FOR REVIEW" watermark, and the warnings that concern no paragraph
//! on the first page. Made by the layout's `review-document`,
//! `review-paragraph` and `review-unplaced` (end of `un-report.typ`); the
//! generated Typst itself is unchanged but for four lines after its
//! `#show: un-document` line.

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

/// One line of a margin note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteLine {
    /// Where the paragraph comes from (`submissions/peru.yaml:6 · Peru`).
    Source(String),
    /// A warning of the build that concerns the paragraph.
    Warning(String),
}

/// The review copy's notes: each numbered paragraph's, and the warnings of
/// the build that concern none of its paragraphs (listed on the first page,
/// so that every warning appears).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    pub paragraphs: Vec<(u32, Vec<NoteLine>)>,
    pub unplaced: Vec<String>,
}

/// The notes of a document (see [`Notes`]). A paragraph's note lists its
/// sources, then the warnings that concern it: those about the replies it
/// comes from; for a paragraph that states an indicator (its `says` text)
/// those naming that indicator, among them those about an answer it counts
/// (a reply that contradicts an earlier one); for a paragraph in a topic's
/// section or naming the topic (`No information was received on ...`) those
/// naming that topic.
pub fn notes(
    paragraphs: &[ParagraphSources],
    warnings: &[Diagnostic],
    doc: &Document,
    config: &ReportConfig,
) -> Notes {
    let texts = paragraph_texts(doc);
    let concerns =
        |p: &ParagraphSources, w: &Diagnostic| {
            let Some((text, section)) = texts.get(&p.number) else {
                return false;
            };
            // The sentence of an indicator: the model says which it counts.
            let states_indicator = |key: &str| {
                p.sources
                    .iter()
                    .any(|s| matches!(s, Source::Template { indicator: Some(k), .. } if k == key))
            };
            // Every warning naming the indicator: one no reply answers, and one
            // about an answer it counts (a reply contradicting an earlier one).
            config.indicators.iter().any(|ind| {
                w.message.contains(&format!("`{}`", ind.key)) && states_indicator(&ind.key)
            }) || config.topics.iter().any(|t| {
                let heading = typographic_quotes(&t.heading, None);
                w.message.contains(&format!("topic `{}`", t.key))
                    && (*section == heading
                        || text.to_lowercase().contains(&heading.to_lowercase()))
            })
        };
    let mut placed = vec![false; warnings.len()];
    let paragraphs = paragraphs
        .iter()
        .map(|p| {
            let mut lines: Vec<NoteLine> = p
                .sources
                .iter()
                .map(|s| NoteLine::Source(s.describe()))
                .collect();
            for (k, w) in warnings.iter().enumerate() {
                let from_reply = p
                    .sources
                    .iter()
                    .any(|s| matches!(s, Source::Reply { file, .. } if w.file == Path::new(file)));
                if from_reply || concerns(p, w) {
                    placed[k] = true;
                    lines.push(NoteLine::Warning(describe(w)));
                }
            }
            (p.number, lines)
        })
        .collect();
    let unplaced = warnings
        .iter()
        .zip(&placed)
        .filter(|(_, placed)| !**placed)
        .map(|(w, _)| describe(w))
        .collect();
    Notes {
        paragraphs,
        unplaced,
    }
}

/// `warning (submissions/mexico-2.yaml:7): ...`
fn describe(w: &Diagnostic) -> String {
    format!("warning ({}:{}): {}", w.file.display(), w.line, w.message)
}

/// Each numbered paragraph's text, and the title of the section it is in.
fn paragraph_texts(doc: &Document) -> HashMap<u32, (String, String)> {
    let mut texts = HashMap::new();
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
    texts
}

/// The layout for a review copy: the project's, with the built-in review
/// functions added when it has none of its own (a project's
/// `templates/un-report.typ` written before they existed, or before notes
/// told warnings from sources: the built-in ones then replace its own).
pub fn review_layout(layout: &str) -> String {
    if layout.contains("#let review-paragraph(") {
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
pub fn review_typst(typ: &str, notes: &Notes) -> String {
    let line = |l: &NoteLine| match l {
        NoteLine::Source(t) => format!("(\"source\", {})", typst_string(t)),
        NoteLine::Warning(t) => format!("(\"warning\", {})", typst_string(t)),
    };
    let dict: Vec<String> = notes
        .paragraphs
        .iter()
        .map(|(n, lines)| {
            let lines: Vec<String> = lines.iter().map(line).collect();
            format!(
                "  {}: ({},),\n",
                typst_string(&n.to_string()),
                lines.join(", ")
            )
        })
        .collect();
    let dict = if dict.is_empty() {
        "(:)".to_string()
    } else {
        format!("(\n{})", dict.concat())
    };
    let unplaced: Vec<String> = notes.unplaced.iter().map(|w| typst_string(w)).collect();
    let review = format!(
        "#show: review-document\n#let review-notes = {dict}\n#let para = review-paragraph.with(review-notes)\n#review-unplaced(({}))\n",
        unplaced.iter().map(|w| format!("{w},")).collect::<String>()
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
        assert!(l.contains("#let review-paragraph(") && l.contains("#let review-document("));
        assert!(!l.contains("redline-ins"));
        assert_eq!(review_layout(&l), l);
    }

    #[test]
    fn notes_are_strings_after_the_document_show_rule() {
        let notes = Notes {
            paragraphs: vec![(
                1,
                vec![
                    NoteLine::Source("a\"b #x".into()),
                    NoteLine::Warning("w".into()),
                ],
            )],
            unplaced: vec!["u".into()],
        };
        let t = review_typst(
            "#import \"un-report.typ\": *\n#show: un-document.with(symbol: \"X\")\n\n#para(\"1\")[a]\n",
            &notes,
        );
        assert!(t.contains("#show: un-document.with(symbol: \"X\")\n#show: review-document\n#let review-notes = (\n  \"1\": ((\"source\", \"a\\\"b #x\"), (\"warning\", \"w\"),),\n)\n#let para = review-paragraph.with(review-notes)\n#review-unplaced((\"u\",))\n"), "{t}");
    }
}
