//! Stage 3: the model through the templates to numbered Markdown, and that
//! Markdown to Typst.

mod grammar;
mod isolated;
mod limits;
pub mod numbering;
pub mod overview;
pub mod templates;
pub mod typst;

pub use numbering::{ContentsEntry, FigureRef, Numbered};
pub use templates::Templates;

use crate::chart::{self, Figure};
use crate::diag::Diagnostic;
use crate::model::DocumentModel;

/// The templates' Markdown, numbered: the document's final Markdown.
pub fn markdown(templates: &Templates, model: &DocumentModel) -> Result<Numbered, Diagnostic> {
    let rendered = templates.render(model)?;
    Ok(numbering::number_with_figures(
        &rendered,
        &model.document.file_stem,
    ))
}

/// The figures the numbered Markdown shows, each described once (drawn as
/// SVG beside the Markdown and as Typst in the PDF). A figure whose
/// statistic has no chart is drawn as bars.
pub fn figures(model: &DocumentModel, refs: &[FigureRef]) -> Vec<Figure> {
    refs.iter()
        .filter_map(|f| {
            let st = model.statistics.iter().find(|s| s.key == f.key)?;
            let kind = match st.chart {
                crate::submissions::Chart::None => crate::submissions::Chart::Bars,
                k => k,
            };
            let (first, last) = (st.years.first()?, st.years.last()?);
            Some(Figure {
                number: f.number,
                file_name: f.file_name.clone(),
                caption: format!(
                    "Figure {}. {}, {first}-{last}",
                    numbering::roman(f.number),
                    st.label
                ),
                alt: chart::alt::text(st, kind),
                drawing: chart::describe(st, kind),
            })
        })
        .collect()
}
