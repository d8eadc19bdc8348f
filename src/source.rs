//! Where a piece of the report came from: a reply's block (file, line,
//! column), report.yaml's own text (key, line, column), a template's line
//! (with the answers an indicator's sentence counts), or the tool itself.
//! Made where the input is read ([`crate::model`]), carried through the
//! templates into the [`crate::document::Document`], read by `sources.json`,
//! the review copy and typst's error messages.

use serde::Serialize;

/// Where a block came from: provenance by construction, carried from the
/// input through the templates (never guessed from the text afterwards).
/// Lines and columns are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    /// A reply's text: the file, and the line and column of this very block
    /// (paragraph, list, table) in it.
    Reply {
        /// Relative to the project folder, `/`-separated.
        file: String,
        line: usize,
        column: usize,
        from: String,
        /// `YYYY-MM-DD`
        received: String,
        topic: String,
    },
    /// Text from report.yaml: `topics.extent.overview`, `conclusions`,
    /// `mandate[0].request` ...
    Report {
        key: String,
        line: usize,
        column: usize,
    },
    /// A sentence a template wrote, and for an indicator's sentence every
    /// answer it counts.
    Template {
        /// `introduction.md`
        template: String,
        line: usize,
        /// The indicator (its key) whose sentence this is, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        indicator: Option<String>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        counts: Vec<Counted>,
    },
    /// Made by the tool itself (the masthead, the contents, numbers).
    #[default]
    Generated,
}

/// One answer an indicator's sentence counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counted {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub from: String,
}

/// A reply's file as sources name it: relative to the project folder,
/// `/`-separated on every system.
pub fn source_file(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl Source {
    /// `submissions/colombia.yaml:7:5 · Colombia · 2004-01-20`,
    /// `report.yaml:40:5 (conclusions)` or `template introduction.md:3`:
    /// for a margin note or a message.
    pub fn describe(&self) -> String {
        match self {
            Source::Reply {
                file,
                line,
                column,
                from,
                received,
                ..
            } => format!("{file}:{line}:{column} · {from} · {received}"),
            Source::Report { key, line, column } => {
                format!("{}:{line}:{column} ({key})", crate::project::MARKER)
            }
            Source::Template {
                template,
                line,
                counts,
                ..
            } if counts.is_empty() => format!("template {template}:{line}"),
            Source::Template {
                template,
                line,
                counts,
                ..
            } => format!(
                "template {template}:{line}, counting {} {}",
                counts.len(),
                if counts.len() == 1 {
                    "answer"
                } else {
                    "answers"
                }
            ),
            Source::Generated => "sgreport".to_string(),
        }
    }
}
