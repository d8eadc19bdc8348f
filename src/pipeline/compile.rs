//! The PDF side of a build: the pinned typst made ready, and the documents
//! compiled side by side, each to a temporary PDF beside its target.

use std::path::{Path, PathBuf};

use std::sync::atomic::{AtomicU64, Ordering};

use super::{BuildError, Prepared, Rendered};
use crate::pdf::{self, FontChoice, Typst};
use crate::progress::Progress;
use crate::render::typst::to_typst_with;
use crate::submissions::Project;

/// The pinned typst (found or installed) and the body face, with a notice
/// for anything unusual.
pub fn prepare_typst(
    root: &Path,
    say: &dyn Fn(&str),
    progress: &dyn Progress,
) -> Result<(Typst, FontChoice), BuildError> {
    let typst = pdf::ensure_typst_with(say, progress).map_err(BuildError::Tool)?;
    if !typst.is_pinned() {
        say(&format!(
            "warning: using typst {} from {} (SGREPORT_TYPST); sgreport is pinned to typst {}",
            typst.version,
            typst.program.display(),
            pdf::TYPST_VERSION
        ));
    }
    let font = pdf::choose_font_for(root);
    if font.family != "Times New Roman" {
        say(&format!(
            "note: Times New Roman is not installed; the PDF uses {}",
            font.family
        ));
    }
    Ok((typst, font))
}

/// One PDF to make: which document, its Typst, the layout, where it goes.
pub struct Job {
    pub document: usize,
    pub stem: String,
    pub typst: String,
    pub layout: String,
    pub target: PathBuf,
}

/// Compiles every job side by side (the report and its addendum); returns
/// the temporary PDFs in the jobs' order, or the first failure explained
/// down to the reply it came from.
pub fn compile_all(
    jobs: &[Job],
    (typst, font): &(Typst, FontChoice),
    docs: &[Rendered],
    project: &Project,
) -> Result<Vec<PathBuf>, BuildError> {
    let results: Vec<Result<PathBuf, pdf::CompileError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|job| {
                let req = pdf::CompileRequest {
                    typst,
                    document: &job.typst,
                    layout: &job.layout,
                    font,
                    timestamp: timestamp(&docs[job.document]),
                    target: &job.target,
                    keep: false,
                };
                scope.spawn(move || pdf::compile(&req))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(panicked())))
            .collect()
    });
    let failed = jobs
        .iter()
        .zip(&results)
        .find_map(|(job, r)| r.as_ref().err().map(|e| (job, e)));
    if let Some((job, e)) = failed {
        // The other document's PDF, finished, is of no use any more.
        for tmp in results.iter().flatten() {
            let _ = std::fs::remove_file(tmp);
        }
        let doc = &docs[job.document];
        let message = pdf::trace::explain(e, &doc.markdown, &job.stem, project);
        return Err(if e.is_in_the_input() {
            BuildError::Typst(message)
        } else {
            BuildError::Tool(message)
        });
    }
    Ok(results.into_iter().flatten().collect())
}

fn panicked() -> pdf::CompileError {
    pdf::CompileError {
        message: "the typst runner panicked".into(),
        locations: Vec::new(),
    }
}

/// The PDF's creation time: `SOURCE_DATE_EPOCH` when set, else the
/// document's own date, so that the same input always gives the same bytes.
fn timestamp(doc: &Rendered) -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| doc.model.document.date.unix_timestamp())
}

/// A project's own `un-report.typ` older than figures cannot draw them: an
/// error naming the layout, before typst would fail on an unknown function.
pub fn layout_draws_figures(prepared: &Prepared) -> Result<(), BuildError> {
    let figures = prepared.documents.iter().any(|d| !d.figures.is_empty());
    if !figures || prepared.templates.typst_layout().contains("chart-figure") {
        return Ok(());
    }
    let d = crate::diag::Diagnostic::error(
        prepared.templates.typst_layout_file(),
        0,
        0,
        "the layout has no `chart-figure` function, which draws the figures asked for with `chart:` in report.yaml",
    )
    .with_help("copy the figure functions (from `chart-hatch` to the end) of the built-in un-report.typ into the project's copy, or set `chart: none`");
    Err(BuildError::Input(crate::diag::Problems(vec![d])))
}

/// `check`: compiles every document into a temporary folder outside the
/// project, so that whatever `check` accepts, `build` can build; the folder
/// is removed whatever happens.
pub fn check_pdf(prepared: &Prepared, typst: &(Typst, FontChoice)) -> Result<(), BuildError> {
    layout_draws_figures(prepared)?;
    let dir = ScratchDir::new().map_err(|e| {
        BuildError::Tool(format!(
            "cannot create a temporary folder to check the PDF: {e}"
        ))
    })?;
    let jobs: Vec<Job> = prepared
        .documents
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let stem = doc.model.document.file_stem.clone();
            Job {
                document: i,
                target: dir.0.join(format!("{stem}.pdf")),
                typst: to_typst_with(&doc.markdown, &doc.figures),
                layout: prepared.templates.typst_layout().to_string(),
                stem,
            }
        })
        .collect();
    compile_all(&jobs, typst, &prepared.documents, &prepared.project).map(|_| ())
}

/// A folder of the system's temporary folder, removed when dropped.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new() -> std::io::Result<ScratchDir> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("sgreport-check-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(ScratchDir(dir))
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
