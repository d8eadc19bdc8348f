//! Load -> check -> model -> render: everything a build does before Typst,
//! writing nothing. Each stage is one named step, timed.

use std::path::Path;
use std::time::{Duration, Instant};

use super::{warnings, BuildError};
use crate::diag::{Diagnostic, Problems};
use crate::model::{self, DocumentModel};
use crate::pdf;
use crate::progress::{Progress, Silent};
use crate::render::{self, Templates};
use crate::submissions::{self, LoadedConfig, Project, ReplyCache};

/// A named stage of the pipeline, for timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// report.yaml and every reply read and checked.
    Load,
    /// The Tera templates loaded.
    Templates,
    /// Model, templates rendered, paragraphs numbered.
    Markdown,
    /// The warnings a build prints.
    Warnings,
    /// The figures drawn as SVG.
    Figures,
    /// Markdown -> Typst markup.
    Typst,
    /// `typst compile`.
    Compile,
    /// Staged and moved into `output/`.
    Write,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Load => "load and check",
            Stage::Templates => "templates",
            Stage::Markdown => "markdown",
            Stage::Warnings => "warnings",
            Stage::Figures => "figures (svg)",
            Stage::Typst => "typst markup",
            Stage::Compile => "typst compile",
            Stage::Write => "write",
        }
    }
}

/// How long each stage took, in the order they ran (a stage run once per
/// document is added up).
#[derive(Debug, Clone, Default)]
pub struct Timings(pub Vec<(Stage, Duration)>);

impl Timings {
    /// Runs `f` as `stage`, adding its time.
    pub fn time<T>(&mut self, stage: Stage, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = f();
        self.add(stage, started.elapsed());
        out
    }

    pub fn add(&mut self, stage: Stage, d: Duration) {
        match self.0.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, t)) => *t += d,
            None => self.0.push((stage, d)),
        }
    }

    pub fn get(&self, stage: Stage) -> Duration {
        self.0
            .iter()
            .find(|(s, _)| *s == stage)
            .map_or(Duration::ZERO, |(_, d)| *d)
    }
}

/// A document's model, its numbered Document and the Document's Markdown.
pub struct Rendered {
    pub model: DocumentModel,
    /// The document, built once: every output reads it.
    pub document: crate::document::Document,
    /// The Document as Markdown (`output/<stem>.md`).
    pub markdown: String,
    pub paragraphs: u32,
    /// The figures the Markdown shows: SVG files beside it, drawings in the PDF.
    pub figures: Vec<crate::chart::Figure>,
}

/// A project loaded, checked and rendered: what every command starts from.
pub struct Prepared {
    pub project: Project,
    pub templates: Templates,
    /// The report, then its addendum if any.
    pub documents: Vec<Rendered>,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

impl Prepared {
    /// With `--strict`, the warnings (the placeholder text `init` left
    /// among them) as errors.
    pub fn check_strict(&self, strict: bool) -> Result<(), BuildError> {
        if !strict || self.warnings.is_empty() {
            return Ok(());
        }
        Err(BuildError::Input(Problems(warnings::strict(
            self.warnings.clone(),
        ))))
    }
}

/// Prepares the project in `root` from scratch, silently.
pub fn prepare(root: &Path) -> Result<Prepared, BuildError> {
    prepare_with(root, &mut ReplyCache::default(), &Silent)
}

/// [`prepare`], reusing the replies `cache` parsed before and reporting long
/// work to `progress`.
pub fn prepare_with(
    root: &Path,
    cache: &mut ReplyCache,
    progress: &dyn Progress,
) -> Result<Prepared, BuildError> {
    let mut timings = Timings::default();
    let config = timings.time(Stage::Load, || submissions::load_config(root))?;
    let (project, templates) = load(root, config, cache, progress, &mut timings)?;
    // The report on this thread; the addendum and the input's warnings on
    // another core, as they need nothing from it.
    let (report, addendum, input_warnings) = std::thread::scope(|scope| {
        let input = scope.spawn(|| timed(|| warnings::input_warnings(&project, &templates)));
        let addendum = scope.spawn(|| {
            timed(|| {
                model::addendum(&project)
                    .map(|m| rendered(m, &templates, |_| ()).map(|(r, ())| r))
                    .transpose()
            })
        });
        let report = timed(|| {
            rendered(model::report(&project), &templates, |d| {
                warnings::word_limit_warning(&project, d)
            })
        });
        (
            report,
            addendum.join().expect("the addendum's renderer panicked"),
            input.join().expect("the warnings finder panicked"),
        )
    });
    for took in [report.1, addendum.1] {
        timings.add(Stage::Markdown, took);
    }
    let ((report, over_limit), addendum) = (report.0?, addendum.0);
    let documents: Vec<Rendered> = std::iter::once(report).chain(addendum?).collect();
    let (mut warnings, took) = input_warnings;
    timings.add(Stage::Warnings, took);
    warnings.extend(over_limit);
    let warnings = warnings::sorted(warnings);
    Ok(Prepared {
        project,
        templates,
        documents,
        warnings,
        timings,
    })
}

/// The replies read and the templates compiled, side by side (neither needs
/// the other).
fn load(
    root: &Path,
    config: LoadedConfig,
    cache: &mut ReplyCache,
    progress: &dyn Progress,
    timings: &mut Timings,
) -> Result<(Project, Templates), BuildError> {
    let (project, (templates, took)) = std::thread::scope(|scope| {
        let templates = scope.spawn(|| timed(|| load_templates(root)));
        let project = timings.time(Stage::Load, || {
            submissions::load_replies(root, config, cache, progress)
        });
        (
            project,
            templates.join().expect("the template loader panicked"),
        )
    });
    let project = project?;
    timings.add(Stage::Templates, took);
    Ok((project, templates?))
}

/// `f`'s result and how long it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let out = f();
    (out, started.elapsed())
}

/// The project's templates; a layout that imports a typst package is an
/// error here, before typst could try to fetch it, and so is a font file
/// typst must not be given.
fn load_templates(root: &Path) -> Result<Templates, Problems> {
    let templates = Templates::load(root).map_err(Problems)?;
    let file = templates.typst_layout_file();
    let mut problems = pdf::font_problems(root);
    problems.extend(pdf::package_uses(templates.typst_layout())
        .into_iter()
        .map(|p| {
            let message = format!("the layout uses the typst package `{}`", p.package);
            Diagnostic::error(&file, p.line, p.column, message).with_help(
                "sgreport never lets typst download packages: copy what the layout needs into un-report.typ",
            )
        }));
    if problems.is_empty() {
        Ok(templates)
    } else {
        Err(Problems(problems))
    }
}

/// A document's model through the templates to its numbered Document,
/// its Markdown and its figures; `beside` is given the Document while its
/// Markdown is written on another core.
fn rendered<T: Send>(
    mut model: DocumentModel,
    templates: &Templates,
    beside: impl FnOnce(&crate::document::Document) -> T,
) -> Result<(Rendered, T), BuildError> {
    let document = render::document(templates, &mut model)?;
    let (markdown, also) = std::thread::scope(|scope| {
        let markdown = scope.spawn(|| render::markdown::to_markdown(&document));
        let also = beside(&document);
        (markdown.join().expect("the Markdown writer panicked"), also)
    });
    let rendered = Rendered {
        markdown,
        paragraphs: document.paragraph_count,
        figures: render::figures(&document),
        model,
        document,
    };
    Ok((rendered, also))
}
