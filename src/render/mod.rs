//! Stage 3: the model through the templates to one numbered
//! [`Document`], and the renderers over it: Markdown ([`markdown`]) and
//! Typst ([`typst`]).
//!
//! The templates' Markdown (with source marks, [`provenance`]) is read once
//! ([`crate::document::build`]) and numbered ([`numbering`]); the masthead
//! and the figures' charts come from the model.

mod grammar;
mod isolated;
mod limits;
pub mod markdown;
pub mod numbering;
pub mod overview;
pub mod provenance;
pub mod templates;
pub mod typst;

pub use templates::Templates;

use crate::chart::{self, Figure};
use crate::diag::Diagnostic;
use crate::document::Document;
use crate::document::{build, Masthead, SessionBlock, Source};
use crate::model::DocumentModel;
use crate::submissions::Status;
use numbering::Numbers;
use provenance::{Mark, Marks, TemplateLines};

/// The document of `model`, built once: templates, then numbering. The
/// model's answers carry their source marks while the templates render
/// (see [`provenance`]); the figures' notes are written into it.
pub fn document(templates: &Templates, model: &mut DocumentModel) -> Result<Document, Diagnostic> {
    chart_notes(model);
    let (rendered, marks) = provenance::with_marks(model, |m, marks| {
        (templates.render_marked(m), marks.clone())
    });
    let rendered = rendered?;
    let model = &*model;
    let sources = Sources {
        marks,
        lines: templates.template_lines(),
        model,
    };
    let flow = build::read(&rendered, &sources);
    let chart = |number: u32, key: &str, file_name: &str| figure(model, number, key, file_name);
    let frame = numbering::Frame {
        symbol: model.document.symbol.clone(),
        file_stem: model.document.file_stem.clone(),
        masthead: Some(masthead(model)),
        chart: &chart,
    };
    Ok(numbering::number(flow, Numbers::Assign, &frame))
}

/// Markdown written like the templates' output, numbered into a Document
/// without a model (no masthead, no charts, no sources): for tests and for
/// looking at what the numbering pass does.
pub fn number_markdown(rendered: &str) -> Document {
    let frame = numbering::Frame::draft("");
    numbering::number(
        build::read(rendered, &build::NoSources),
        Numbers::Assign,
        &frame,
    )
}

/// Each statistic's figure note, from the chart that draws it (what is
/// grouped, that gaps are not zeros).
pub(crate) fn chart_notes(model: &mut DocumentModel) {
    for st in &mut model.statistics {
        if st.chart != crate::submissions::Chart::None {
            st.chart_note = chart::note(st, st.chart);
        }
    }
}

/// What the marks of one render point at.
struct Sources<'a> {
    marks: Marks,
    lines: &'a TemplateLines,
    model: &'a DocumentModel,
}

impl build::Resolve for Sources<'_> {
    fn resolve(&self, mark: &Mark) -> Option<Source> {
        match mark {
            Mark::Input(i, _) => self.marks.source(self.model, *i),
            Mark::Template {
                line: i,
                indicator,
                mandate,
            } => {
                // A sentence citing a mandate is that entry of report.yaml's.
                let cited = mandate
                    .as_ref()
                    .and_then(|k| self.model.mandate.iter().find(|m| &m.key == k));
                if let Some(m) = cited {
                    return Some(m.source.clone());
                }
                let (template, line) = self.lines.get(*i)?;
                let counts = indicator
                    .as_ref()
                    .and_then(|k| self.model.indicators.iter().find(|ind| &ind.key == k))
                    .map_or_else(Vec::new, |ind| ind.counted.clone());
                Some(Source::Template {
                    template: template.clone(),
                    line: *line,
                    indicator: indicator.clone(),
                    counts,
                })
            }
        }
    }
}

/// The masthead, every field from the model, written the UN way.
pub fn masthead(model: &DocumentModel) -> Masthead {
    let d = &model.document;
    let s = &model.session;
    let mut subtitle = vec![format!("Report of the {}", model.report_of)];
    if d.is_addendum {
        subtitle.push("Addendum".to_string());
        subtitle.push(format!(
            "Replies received after {}",
            crate::style::date(model.cutoff)
        ));
    }
    Masthead {
        symbol: d.symbol.clone(),
        organ: d.organ.clone(),
        distribution: d.distribution.clone(),
        date: crate::style::date(d.date),
        original_language: d.original_language.clone(),
        status: match d.status {
            Status::AdvanceUnedited => Some("Advance unedited version".to_string()),
            Status::Draft => Some("Draft".to_string()),
            Status::Final => None,
        },
        session: SessionBlock {
            body: s.body.clone(),
            session: format!("{} session", crate::style::ordinal_words(s.ordinal)),
            place_and_dates: format!(
                "{}, {}",
                s.place,
                crate::style::date_range(s.dates.0, s.dates.1)
            ),
            agenda_item: format!("Item {} of the provisional agenda", s.agenda_item),
            agenda_title: s.agenda_title.clone(),
        },
        title: model.title.clone(),
        subtitle,
        cover_note: s.provisional_agenda.as_ref().map(|p| format!("{p}.")),
        job_number: d.job_number.clone(),
        barcode: d.barcode.clone(),
    }
}

/// The chart of figure `number`, of the statistic `key`: drawn as SVG
/// beside the Markdown and as Typst in the PDF, from one description. A
/// statistic without a chart of its own is drawn as bars.
fn figure(model: &DocumentModel, number: u32, key: &str, file_name: &str) -> Option<Figure> {
    let st = model.statistics.iter().find(|s| s.key == key)?;
    let kind = match st.chart {
        crate::submissions::Chart::None => crate::submissions::Chart::Bars,
        k => k,
    };
    let (first, last) = (st.years.first()?, st.years.last()?);
    Some(Figure {
        number,
        file_name: file_name.to_string(),
        caption: crate::document::labels::figure_caption(
            number,
            &format!("{}, {first}-{last}", st.label),
        ),
        alt: chart::alt::text(st, kind),
        drawing: chart::describe(st, kind),
    })
}

/// The charts of a document's figures, in order.
pub fn figures(doc: &Document) -> Vec<Figure> {
    doc.annexes
        .iter()
        .flat_map(|a| a.blocks.iter())
        .filter_map(|b| match b {
            crate::document::Block::Figure(f) => f.chart.clone(),
            _ => None,
        })
        .collect()
}
