//! Stage 3: the model through the templates to numbered Markdown, and that
//! Markdown to Typst.

mod limits;
pub mod numbering;
pub mod overview;
pub mod templates;
pub mod typst;

pub use numbering::{ContentsEntry, Numbered};
pub use templates::Templates;

use crate::diag::Diagnostic;
use crate::model::DocumentModel;

/// The templates' Markdown, numbered: the document's final Markdown.
pub fn markdown(templates: &Templates, model: &DocumentModel) -> Result<Numbered, Diagnostic> {
    let rendered = templates.render(model)?;
    Ok(numbering::number(&rendered))
}
