//! The PDF side of a build: the pinned typst made ready, and the documents
//! compiled side by side, each to a temporary PDF beside its target: all
//! started ([`start_all`]), then waited for ([`finish_all`]), so that the
//! caller works in between.

use std::path::{Path, PathBuf};

use std::sync::atomic::{AtomicU64, Ordering};

use super::{BuildError, Prepared, Rendered};
use crate::date::Date;
use crate::diag::Diagnostic;
use crate::output::names::{DocumentNames, OutputKind, OutputName};
use crate::pdf::{self, FontChoice, Typst};
use crate::progress::Progress;

/// The pinned typst (found or installed) and the body face, with a notice
/// for anything unusual.
pub fn prepare_typst(
    root: &Path,
    say: &dyn Fn(&str),
    progress: &dyn Progress,
) -> Result<(Typst, FontChoice), BuildError> {
    let typst =
        pdf::ensure_typst_with(say, progress).map_err(|e| BuildError::Tool(e.to_string()))?;
    let chosen = (typst, pdf::choose_font_for(root));
    say_typst_notices(&chosen, say);
    Ok(chosen)
}

/// The notices of [`prepare_typst`]: a typst other than the pinned one, a
/// body face other than Times New Roman.
pub fn say_typst_notices((typst, font): &(Typst, FontChoice), say: &dyn Fn(&str)) {
    if !typst.is_pinned() {
        say(&format!(
            "warning: using typst {} from {} (SGREPORT_TYPST); sgreport is pinned to typst {}",
            typst.version,
            typst.program.display(),
            pdf::TYPST_VERSION
        ));
    }
    if font.family != "Times New Roman" {
        say(&format!(
            "note: Times New Roman is not installed; the PDF uses {}",
            font.family
        ));
    }
}

/// The standards the PDFs declare: those `asked` for, but none when the
/// fonts cannot print every character of the replies (the `warnings` name
/// each): PDF/A has no room for a character without its glyph, and the PDF
/// with a box in its place is still worth having the night before a
/// deadline.
pub fn standards_for(asked: pdf::Standards, warnings: &[Diagnostic]) -> pdf::Standards {
    if super::warnings::unprintable(warnings) {
        pdf::Standards::Off
    } else {
        asked
    }
}

/// Said when [`standards_for`] turned the standards off.
pub const WITHOUT_STANDARDS: &str = "warning: the PDFs are written without PDF/UA-1 and \
PDF/A-2a: their fonts cannot print every character of the replies (each is named in a \
warning); add a font that has them to the project's fonts/ folder to make them \
accessible and archival";

/// One PDF to make: which document, its Typst, the layout, where it goes.
pub struct Job {
    pub document: usize,
    /// What messages call it: the document's file stem.
    pub stem: String,
    /// The PDF's name among the outputs.
    pub name: OutputName,
    pub typst: String,
    pub layout: String,
    /// Where it finally goes.
    pub target: PathBuf,
    pub standards: pdf::Standards,
}

/// Compiles every job side by side (the report and its addendum); returns
/// the temporary PDFs in the jobs' order, or the first failure explained
/// down to the reply it came from.
pub fn compile_all(
    jobs: &[Job],
    typst: &(Typst, FontChoice),
    docs: &[Rendered],
    work: &Path,
) -> Result<Vec<PathBuf>, BuildError> {
    let reqs = requests(jobs, typst, docs, (work, pdf::Room::Fresh));
    let running = start_all(jobs, &reqs, docs)?;
    finish_all(running, jobs, docs)
}

/// What typst is given for each job, in the jobs' order, to run in `room`
/// and leave the PDF in `work`.
/// The job with the largest document (the first of equals) keeps typst's
/// threads, the others beside it get one each ([`pdf::Threads`]).
pub fn requests<'a>(
    jobs: &'a [Job],
    (typst, font): &'a (Typst, FontChoice),
    docs: &[Rendered],
    (work, room): (&'a Path, pdf::Room<'a>),
) -> Vec<pdf::CompileRequest<'a>> {
    let lens: Vec<usize> = jobs.iter().map(|job| job.typst.len()).collect();
    jobs.iter()
        .enumerate()
        .map(|(i, job)| pdf::CompileRequest {
            launch: pdf::Launch {
                typst,
                font,
                timestamp: creation_time(docs[job.document].model.document.date),
                target: &job.target,
                work,
                room,
                threads: pdf::Threads::among(&lens, i),
                standards: job.standards,
            },
            document: &job.typst,
            layout: &job.layout,
        })
        .collect()
}

/// Starts typst on every request, one after the other in the jobs' order
/// (the report, which takes longest, first); they then run side by side
/// while the caller goes on. A compile that cannot start stops the others.
pub fn start_all(
    jobs: &[Job],
    reqs: &[pdf::CompileRequest],
    docs: &[Rendered],
) -> Result<Vec<pdf::Running>, BuildError> {
    let timeout = pdf::timeout_from_env().map_err(|e| BuildError::Tool(e.to_string()))?;
    jobs.iter()
        .zip(reqs)
        .map(|(job, req)| pdf::start(req, timeout).map_err(|e| explain(job, &e, docs)))
        .collect()
}

/// Waits for every compile; the temporary PDFs in the jobs' order, or the
/// first failure (the other compiles stopped, their PDFs removed).
pub fn finish_all(
    running: Vec<pdf::Running>,
    jobs: &[Job],
    docs: &[Rendered],
) -> Result<Vec<PathBuf>, BuildError> {
    let mut pdfs = Vec::new();
    for (job, compile) in jobs.iter().zip(running) {
        match compile.finish() {
            Ok(pdf) => pdfs.push(pdf),
            Err(e) => {
                // The other documents' PDFs are of no use any more.
                for pdf in pdfs {
                    let _ = std::fs::remove_file(pdf);
                }
                return Err(explain(job, &e, docs));
            }
        }
    }
    Ok(pdfs)
}

/// A failed compile, explained down to the reply it came from: the user's
/// to fix when typst rejected the input, the tool's otherwise.
fn explain(job: &Job, e: &pdf::CompileError, docs: &[Rendered]) -> BuildError {
    let typ = crate::render::typst::render(&docs[job.document].document);
    let message = pdf::trace::explain(e, &typ, &job.stem);
    if e.is_against_the_standards() {
        // The document's to fix (or to exempt), not the tool's.
        return BuildError::Typst(format!("{message}\n{}", pdf::STANDARDS_HELP));
    }
    if e.is_in_the_input() {
        BuildError::Typst(message)
    } else {
        BuildError::Tool(message)
    }
}

/// The creation time of the PDF of a document dated `date`:
/// `SOURCE_DATE_EPOCH` when set, else the document's own date, so that the
/// same input always gives the same bytes.
pub fn creation_time(date: Date) -> i64 {
    source_date_epoch().unwrap_or_else(|| date.unix_timestamp())
}

/// `SOURCE_DATE_EPOCH` (seconds), the reproducible-builds convention for
/// the time written into outputs, when set to a number.
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
}

/// A project's own `un-report.typ` older than figures cannot draw them: an
/// error naming the layout, before typst would fail on an unknown function.
pub fn layout_draws_figures(prepared: &Prepared) -> Result<(), BuildError> {
    let figures = prepared.documents.iter().any(|d| !d.figures.is_empty());
    let layout = prepared.templates.typst_layout();
    let file = prepared.templates.typst_layout_file();
    let help = "copy the figure functions (from `chart-hatch` to the end) of the built-in un-report.typ into the project's copy, or set `chart: none`";
    if !figures {
        return Ok(());
    }
    let d = if !layout.contains("chart-figure") {
        crate::diag::Diagnostic::error(
            file,
            0,
            0,
            "the layout has no `chart-figure` function, which draws the figures asked for with `chart:` in report.yaml",
        )
    } else if let Some(line) = chart_figure_without_alt(layout) {
        // A layout made before figures had alternative text.
        crate::diag::Diagnostic::error(
            file,
            line,
            6,
            "the layout's `chart-figure` takes no `alt`, the alternative text each figure's PDF tag must carry (PDF/UA-1)",
        )
    } else {
        return Ok(());
    };
    Err(BuildError::Input(crate::diag::Problems(vec![
        d.with_help(help)
    ])))
}

/// The line (1-based) of the layout's `#let chart-figure(...)` when its
/// parameters (up to `) =`) have no `alt`.
fn chart_figure_without_alt(layout: &str) -> Option<usize> {
    let at = layout.find("#let chart-figure(")?;
    let params = &layout[at..];
    let params = &params[..params.find(") =").unwrap_or(params.len())];
    (!params.contains("alt")).then(|| layout[..at].lines().count() + 1)
}

/// `check`: compiles every document into a temporary folder outside the
/// project, so that whatever `check` accepts, `build` can build; the folder
/// is removed whatever happens.
pub fn check_pdf(
    prepared: &Prepared,
    typst: &(Typst, FontChoice),
    standards: pdf::Standards,
) -> Result<(), BuildError> {
    layout_draws_figures(prepared)?;
    let standards = standards_for(standards, &prepared.warnings);
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
            let names = DocumentNames::for_symbol(&doc.model.document.symbol);
            let name = names.name(OutputKind::Pdf);
            Job {
                document: i,
                stem: names.stem().to_string(),
                target: name.in_dir(&dir.0),
                name,
                typst: crate::render::typst::render(&doc.document).text,
                layout: prepared.templates.typst_layout().to_string(),
                standards,
            }
        })
        .collect();
    compile_all(&jobs, typst, &prepared.documents, &dir.0).map(|_| ())
}

/// A folder of the system's temporary folder, removed when dropped.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new() -> std::io::Result<ScratchDir> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("sgreport-check-{}-{n}", std::process::id()));
        // Not create_dir_all: a folder or link someone made at this name in
        // the shared temporary folder is refused, never used.
        std::fs::create_dir(&dir)?;
        Ok(ScratchDir(dir))
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
