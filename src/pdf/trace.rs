//! Tracing a typst failure back to what the user wrote: the generated Typst
//! line typst points at and, from the map the Typst renderer keeps of where
//! each block was written ([`TypstDocument::sources`]), the source of that
//! block: a reply's file, line and column, report.yaml, or a template. A
//! failure in the layout's own text (a line of `un-report.typ` and nothing
//! of the document, or only its opening lines) names the layout alone.

use super::CompileError;
use crate::document::Source;
use crate::render::typst::TypstDocument;

/// The generated document's name in typst's messages.
const DOCUMENT: &str = "document.typ";

/// typst's message, with the layout's lines it points at, the generated
/// line, and where that line's block came from.
pub fn explain(e: &CompileError, typ: &TypstDocument, stem: &str) -> String {
    let mut msg = format!("typst could not compile {stem}:\n{}", e.message);
    let mut traced_to_document = false;
    for (file, n, line) in &e.locations {
        if file != DOCUMENT {
            msg.push_str(&format!(
                "\n  layout template {file}, line {n}: {}",
                line.trim()
            ));
            continue;
        }
        if std::mem::replace(&mut traced_to_document, true) {
            continue;
        }
        msg.push_str(&format!("\n  generated Typst, line {n}: {}", line.trim()));
        if let Some(block) = typ.block_at(*n) {
            if let Some(p) = block.paragraph {
                msg.push_str(&format!("\n  paragraph {p}"));
            }
            if let Some(from) = origin(&block.source) {
                msg.push_str(&format!("\n  {from}"));
            }
        }
    }
    msg
}

/// `from the reply submissions/colombia.yaml, line 9, column 3`: where a
/// block came from, said for a message (none: the tool wrote it).
fn origin(source: &Source) -> Option<String> {
    match source {
        Source::Reply {
            file, line, column, ..
        } => Some(format!(
            "from the reply {file}, line {line}, column {column}"
        )),
        Source::Report { key, line, column } => Some(format!(
            "from {} `{key}`, line {line}, column {column}",
            crate::project::MARKER
        )),
        Source::Template { template, line, .. } => {
            Some(format!("from the template {template}, line {line}"))
        }
        Source::Generated => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::typst::TypstBlock;

    fn typ() -> TypstDocument {
        TypstDocument {
            text: String::new(),
            sources: vec![
                TypstBlock {
                    line: 6,
                    source: Source::Generated,
                    paragraph: None,
                },
                TypstBlock {
                    line: 40,
                    source: Source::Reply {
                        file: "submissions/egypt.yaml".into(),
                        line: 8,
                        column: 5,
                        from: "Egypt".into(),
                        received: "2003-11-06".into(),
                        topic: "extent".into(),
                    },
                    paragraph: Some(6),
                },
            ],
        }
    }

    #[test]
    fn a_failure_in_the_layout_names_the_layout_never_a_reply() {
        let e = CompileError {
            timed_out: false,
            message: "error: unclosed delimiter".into(),
            locations: vec![
                (
                    "un-report.typ".into(),
                    171,
                    "#let para(num, body) = grid(".into(),
                ),
                (DOCUMENT.into(), 3, "#import \"un-report.typ\": *".into()),
            ],
        };
        let msg = explain(&e, &typ(), "E_CN.15_2004_7");
        assert!(
            msg.contains("layout template un-report.typ, line 171"),
            "{msg}"
        );
        assert!(
            !msg.contains("reply") && !msg.contains("paragraph"),
            "{msg}"
        );
    }

    #[test]
    fn a_failure_in_a_paragraph_names_its_reply_line_and_column() {
        let e = CompileError {
            timed_out: false,
            message: "error: panicked".into(),
            locations: vec![(DOCUMENT.into(), 41, "#para(\"6\")[...]".into())],
        };
        let msg = explain(&e, &typ(), "E_CN.15_2004_7");
        assert!(msg.contains("paragraph 6"), "{msg}");
        assert!(
            msg.contains("from the reply submissions/egypt.yaml, line 8, column 5"),
            "{msg}"
        );
    }
}
