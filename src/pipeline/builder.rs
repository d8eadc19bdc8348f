//! `build` and `watch`: a prepared project to Markdown and PDF files in
//! `output/`, written all or nothing. A [`Builder`] remembers the previous
//! build: replies whose text did not change are not parsed again, and a PDF
//! is not recompiled when its Typst and layout did not change.
//!
//! The plain path: lock `output/`, prepare the project, start typst on
//! every PDF to make, write the other files while it compiles, wait for
//! it, then commit the whole generation ([`crate::output`]).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::compile::{
    finish_all, layout_draws_figures, prepare_typst, requests, say_typst_notices, standards_for,
    start_all, Job, WITHOUT_STANDARDS,
};
use super::{prepare_with, BuildError, Prepared, Stage, Timings};
use crate::diag::Diagnostic;
use crate::output::names::{DocumentNames, OutputKind, OutputName};
use crate::output::{self, OutputDir, Staged};
use crate::pdf::{self, FontChoice, Typst};
use crate::progress::{Progress, Silent};
use crate::project::ProjectLayout;
use crate::review::review_pdf;
use crate::review::sources::{self, ParagraphSources};
use crate::submissions::{ReplyCache, ReportConfig};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Also write PDFs.
    pub pdf: bool,
    /// Also write the generated Typst as `output/<symbol>.typ`.
    pub keep_typ: bool,
    /// Warnings stop the build, as errors.
    pub strict: bool,
    /// Also write `output/<symbol>.docx` (Word, in UN styles).
    pub docx: bool,
    /// Also write `<stem>.sources.json` and, with `pdf`, `<stem>.review.pdf`.
    pub review: bool,
    /// The standards every PDF declares (`--no-pdf-standards`: none).
    pub pdf_standards: pdf::Standards,
}

/// One document written.
#[derive(Debug, Clone)]
pub struct Written {
    pub symbol: String,
    pub markdown: PathBuf,
    pub pdf: Option<PathBuf>,
    pub docx: Option<PathBuf>,
    pub paragraphs: u32,
    pub replies: usize,
}

/// What one build did.
#[derive(Debug)]
pub struct BuildReport {
    /// The documents written, or why nothing was.
    pub outcome: Result<Vec<Written>, BuildError>,
    /// Warnings to print (empty when `--strict` made them errors).
    pub warnings: Vec<Diagnostic>,
    /// Files under `submissions/` that are not replies, and why.
    pub ignored: Vec<(PathBuf, &'static str)>,
    /// Replies parsed (the others came from the cache).
    pub replies_parsed: usize,
    /// PDFs compiled (the others were unchanged).
    pub pdfs_compiled: usize,
    /// Whether the new Markdown went into `output/` (also when the build
    /// then failed for want of typst; never after any other failure).
    pub markdown_written: bool,
    pub timings: Timings,
}

/// Builds one project, again and again (see the module's documentation).
pub struct Builder {
    root: PathBuf,
    opts: BuildOptions,
    replies: ReplyCache,
    typst: Option<(Typst, FontChoice)>,
    /// Whether the notices about `typst` were given (once per builder).
    typst_said: bool,
    /// PDF -> the Typst and layout the current PDF was made from.
    compiled: Compiled,
    progress: Arc<dyn Progress>,
    /// Builds once, then the process ends ([`Builder::once`]).
    once: bool,
}

impl Builder {
    pub fn new(root: &Path, opts: BuildOptions) -> Builder {
        Builder {
            root: root.to_path_buf(),
            opts,
            replies: ReplyCache::keeping(),
            typst: None,
            typst_said: false,
            compiled: HashMap::new(),
            progress: Arc::new(Silent),
            once: false,
        }
    }

    /// A builder that builds once in a process that ends after it (`sgreport
    /// build`): it keeps no reply for a next build, and leaves the project's
    /// data (hundreds of megabytes at 8,000 replies) to the system to take
    /// back at exit instead of freeing it piece by piece, which took a tenth
    /// of such a build.
    pub fn once(mut self) -> Builder {
        self.replies = ReplyCache::default();
        self.once = true;
        self
    }

    /// Reports long work (many replies, a typst install) to `progress`.
    pub fn with_progress(mut self, progress: Arc<dyn Progress>) -> Builder {
        self.progress = progress;
        self
    }

    /// Builds once. `say` prints notices (waiting for another build,
    /// installing typst, a substitute font).
    pub fn build(&mut self, say: &dyn Fn(&str)) -> BuildReport {
        let mut report = BuildReport {
            outcome: Ok(Vec::new()),
            warnings: Vec::new(),
            ignored: Vec::new(),
            replies_parsed: 0,
            pdfs_compiled: 0,
            markdown_written: false,
            timings: Timings::default(),
        };
        report.outcome = self.build_into(&mut report, say);
        report
    }

    fn build_into(
        &mut self,
        report: &mut BuildReport,
        say: &dyn Fn(&str),
    ) -> Result<Vec<Written>, BuildError> {
        // Locked before the inputs are read: builds run one after the other,
        // each reading the newest inputs, so none overwrites a newer one.
        let out_dir = ProjectLayout::new(&self.root).output();
        let out = OutputDir::open(&out_dir, say).map_err(|e| BuildError::Tool(e.to_string()))?;
        let prepared = prepare_with(&self.root, &mut self.replies, self.progress.as_ref())?;
        report.replies_parsed = self.replies.parsed;
        report.timings = prepared.timings.clone();
        report.ignored = prepared.project.ignored.clone();
        prepared.check_strict(self.opts.strict)?;
        report.warnings = prepared.warnings.clone();
        // Without typst the Markdown is still worth having the night before a
        // deadline: it is written (the PDFs of earlier inputs go with the
        // rest of their generation), and the build still fails saying why.
        let no_typst = self.ensure_typst(say).err();
        let sources = if self.opts.review {
            review_sources(&prepared)
        } else {
            Vec::new()
        };
        let plan = self.plan_pdfs(&prepared, &out.dir, &sources, &mut report.timings);
        if !plan.jobs.is_empty() {
            layout_draws_figures(&prepared)?;
            if self.standards(&prepared) != self.opts.pdf_standards {
                say(WITHOUT_STANDARDS);
            }
        }
        let files = FileSet {
            prepared: &prepared,
            out: &out,
            plan: &plan,
            sources: &sources,
        };
        let written = self.write_all(&files, &mut report.timings)?;
        report.pdfs_compiled = plan.jobs.len();
        report.markdown_written = true;
        self.compiled
            .extend(plan.jobs.into_iter().map(|j| (j.name, (j.typst, j.layout))));
        if self.once {
            std::mem::forget(prepared);
        }
        match no_typst {
            Some(e) => Err(markdown_only(e, &written)),
            None => Ok(written),
        }
    }

    /// Finds (or installs) typst once per builder, when PDFs are wanted.
    fn ensure_typst(&mut self, say: &dyn Fn(&str)) -> Result<(), BuildError> {
        if !self.opts.pdf {
            return Ok(());
        }
        match &self.typst {
            None => self.typst = Some(prepare_typst(&self.root, say, self.progress.as_ref())?),
            Some(typst) if !self.typst_said => say_typst_notices(typst, say),
            Some(_) => {}
        }
        self.typst_said = true;
        Ok(())
    }

    /// Starts typst on the jobs; while it runs, stages the other files and
    /// removes the outputs the last build replaced; then adds the PDFs and
    /// commits the whole generation.
    fn write_all(
        &self,
        files: &FileSet,
        timings: &mut Timings,
    ) -> Result<Vec<Written>, BuildError> {
        let docs = &files.prepared.documents;
        let jobs = &files.plan.jobs;
        let started = std::time::Instant::now();
        let (work, rooms) = (files.out.work_dir(), files.out.typst_rooms());
        let running = match self.typst.as_ref().filter(|_| !jobs.is_empty()) {
            Some(typst) => {
                let reqs = requests(jobs, typst, docs, (&work, pdf::Room::Kept(&rooms)));
                start_all(jobs, &reqs, docs)?
            }
            None => Vec::new(),
        };
        // The files are written while typst runs: they wait on the disk,
        // typst on the processor.
        let writing = std::time::Instant::now();
        let mut staged = Staged::new(files.out);
        let written = self.stage_files(files, &mut staged, timings)?;
        timings.time(Stage::Write, || {
            output::remove_old_outputs(files.out);
            pdf::remove_other_rooms(&rooms, &pdf_names(&files.prepared.project.config));
        });
        let wrote = writing.elapsed();
        if !running.is_empty() {
            let made = finish_all(running, jobs, docs)?;
            // Counted once: the writes have their own stage.
            timings.add(Stage::Compile, started.elapsed().saturating_sub(wrote));
            for (job, tmp) in jobs.iter().zip(made) {
                staged.adopt(tmp, &job.name);
            }
        }
        let documents = document_names(&files.prepared.project.config);
        timings
            .time(Stage::Write, || {
                staged.commit(files.out, &files.plan.generation, &documents)
            })
            .map_err(|e| BuildError::Tool(e.to_string()))?;
        Ok(written)
    }

    /// Each document's Typst (for the PDF, and kept with `--keep-typ`), the
    /// PDFs that need compiling (those whose Typst or layout changed since
    /// this builder last made them, and the review copies with `--review`)
    /// and every output of the new generation.
    fn plan_pdfs(
        &self,
        prepared: &Prepared,
        out_dir: &Path,
        sources: &[Vec<ParagraphSources>],
        timings: &mut Timings,
    ) -> Plan {
        let mut plan = Plan {
            jobs: Vec::new(),
            typs: vec![None; prepared.documents.len()],
            generation: self.generation(prepared, out_dir),
        };
        if !(self.opts.pdf && self.typst.is_some()) {
            return plan;
        }
        let layout = prepared.templates.typst_layout();
        for (i, doc) in prepared.documents.iter().enumerate() {
            let names = DocumentNames::for_symbol(&doc.model.document.symbol);
            let typ = timings.time(Stage::Typst, || {
                crate::render::typst::render(&doc.document).text
            });
            let job = Job {
                document: i,
                stem: names.stem().to_string(),
                name: names.name(OutputKind::Pdf),
                target: names.name(OutputKind::Pdf).in_dir(out_dir),
                typst: typ.clone(),
                layout: layout.to_string(),
                standards: self.standards(prepared),
            };
            plan.jobs.extend(self.needs_compile(job));
            if self.opts.review {
                let job = self.review_job(prepared, i, out_dir, &typ, &sources[i]);
                plan.jobs.extend(self.needs_compile(job));
            }
            plan.typs[i] = Some(typ);
        }
        plan
    }

    /// Every output this build leaves in `output/`, by name: each
    /// document's Markdown and figures, and what the options ask for; and
    /// the questionnaire's files where `sgreport questionnaire` left them
    /// (outputs of that command, which a build does not make or remove).
    fn generation(&self, prepared: &Prepared, out_dir: &Path) -> BTreeSet<OutputName> {
        let pdf = self.opts.pdf && self.typst.is_some();
        let wanted = [
            (OutputKind::Markdown, true),
            (OutputKind::Pdf, pdf),
            (OutputKind::Docx, self.opts.docx),
            (OutputKind::Typst, self.opts.keep_typ && pdf),
            (OutputKind::Sources, self.opts.review),
            (OutputKind::ReviewPdf, self.opts.review && pdf),
        ];
        let mut names = BTreeSet::new();
        for doc in &prepared.documents {
            let d = DocumentNames::for_symbol(&doc.model.document.symbol);
            names.extend(wanted.iter().filter(|(_, w)| *w).map(|(k, _)| d.name(*k)));
            names.extend((1..=doc.figures.len()).map(|n| d.figure(n)));
            names.extend(
                OutputKind::QUESTIONNAIRE
                    .iter()
                    .map(|k| d.name(*k))
                    .filter(|n| std::fs::symlink_metadata(n.in_dir(out_dir)).is_ok()),
            );
        }
        names
    }

    /// Stages every file but the PDFs: each document's Markdown, its
    /// figures' SVG files, its Typst with `--keep-typ`, its Word file with
    /// `--docx`, its sources with `--review`.
    fn stage_files(
        &self,
        files: &FileSet,
        staged: &mut Staged,
        timings: &mut Timings,
    ) -> Result<Vec<Written>, BuildError> {
        let out_dir = &files.out.dir;
        let io = |e: output::OutputError| BuildError::Tool(e.to_string());
        let mut written = Vec::new();
        for (i, doc) in files.prepared.documents.iter().enumerate() {
            let names = DocumentNames::for_symbol(&doc.model.document.symbol);
            let md = names.name(OutputKind::Markdown);
            timings
                .time(Stage::Write, || staged.stage(&md, doc.markdown.as_bytes()))
                .map_err(io)?;
            // The figures' SVG files beside the Markdown, in the same commit.
            for f in &doc.figures {
                let svg = timings.time(Stage::Figures, || f.svg());
                let name = OutputName::parse(&f.file_name)
                    .filter(|n| names.is_figure(n))
                    .ok_or_else(|| {
                        BuildError::Tool(format!("{} is not a figure's file name", f.file_name))
                    })?;
                timings
                    .time(Stage::Write, || staged.stage(&name, svg.as_bytes()))
                    .map_err(io)?;
            }
            let docx = self.opts.docx.then(|| names.name(OutputKind::Docx));
            if let Some(name) = &docx {
                staged
                    .stage(name, &crate::docx::from_document(&doc.document))
                    .map_err(io)?;
            }
            let typ = &files.plan.typs[i];
            if let (true, Some(typ)) = (self.opts.keep_typ, typ) {
                staged
                    .stage(&names.name(OutputKind::Typst), typ.as_bytes())
                    .map_err(io)?;
            }
            if self.opts.review {
                let json = sources::sources_json(&doc.model.document.symbol, &files.sources[i]);
                staged
                    .stage(&names.name(OutputKind::Sources), json.as_bytes())
                    .map_err(io)?;
            }
            written.push(Written {
                symbol: doc.model.document.symbol.clone(),
                markdown: md.in_dir(out_dir),
                pdf: typ
                    .as_ref()
                    .map(|_| names.name(OutputKind::Pdf).in_dir(out_dir)),
                docx: docx.map(|n| n.in_dir(out_dir)),
                paragraphs: doc.paragraphs,
                replies: doc.model.counts.replies,
            });
        }
        Ok(written)
    }

    /// The standards of this build's PDFs ([`standards_for`]).
    fn standards(&self, prepared: &Prepared) -> pdf::Standards {
        standards_for(self.opts.pdf_standards, &prepared.warnings)
    }

    /// The job of document `i`'s review copy.
    fn review_job(
        &self,
        prepared: &Prepared,
        i: usize,
        out_dir: &Path,
        typ: &str,
        paragraphs: &[ParagraphSources],
    ) -> Job {
        let doc = &prepared.documents[i];
        let names = DocumentNames::for_symbol(&doc.model.document.symbol);
        let notes = review_pdf::notes(
            paragraphs,
            &prepared.warnings,
            &prepared.documents[i].document,
            &prepared.project.config,
        );
        let name = names.name(OutputKind::ReviewPdf);
        Job {
            document: i,
            stem: format!("{}.review", names.stem()),
            target: name.in_dir(out_dir),
            name,
            typst: review_pdf::review_typst(typ, &notes),
            layout: review_pdf::review_layout(prepared.templates.typst_layout()),
            standards: self.standards(prepared),
        }
    }

    /// `job` when its PDF must be made: the Typst and layout this builder
    /// last made it from differ, or it is not there.
    fn needs_compile(&self, job: Job) -> Option<Job> {
        let same = self
            .compiled
            .get(&job.name)
            .is_some_and(|(t, l)| *t == job.typst && *l == job.layout);
        (!same || !job.target.is_file()).then_some(job)
    }
}

/// PDF -> the Typst and layout its current PDF was made from.
type Compiled = HashMap<OutputName, (String, String)>;

/// What a build makes besides the staged files.
struct Plan {
    /// The PDFs to compile.
    jobs: Vec<Job>,
    /// Each document's Typst, when PDFs are made.
    typs: Vec<Option<String>>,
    /// Every output of the new generation.
    generation: BTreeSet<OutputName>,
}

/// The sources of every numbered paragraph, per document.
fn review_sources(prepared: &Prepared) -> Vec<Vec<ParagraphSources>> {
    prepared
        .documents
        .iter()
        .map(|d| sources::paragraph_sources(&d.document))
        .collect()
}

/// What [`Builder::stage_files`] writes from.
struct FileSet<'a> {
    prepared: &'a Prepared,
    out: &'a OutputDir,
    plan: &'a Plan,
    /// Each document's paragraph sources, with `--review`.
    sources: &'a [Vec<ParagraphSources>],
}

/// Every PDF the report can have (the review copies too), by file name:
/// typst's kept folders of any other go ([`pdf::remove_other_rooms`]).
fn pdf_names(config: &ReportConfig) -> Vec<String> {
    document_names(config)
        .iter()
        .flat_map(|d| [d.name(OutputKind::Pdf), d.name(OutputKind::ReviewPdf)])
        .map(|n| n.as_str().to_string())
        .collect()
}

/// The names of the report's documents, the addendum's whether it has one
/// or not: their outputs found in `output/` belong to sgreport.
fn document_names(config: &ReportConfig) -> [DocumentNames; 2] {
    [
        DocumentNames::for_symbol(&config.symbol),
        DocumentNames::for_symbol(&config.addendum_symbol()),
    ]
}

/// typst could not be had: say so, and that the Markdown was written.
fn markdown_only(e: BuildError, written: &[Written]) -> BuildError {
    // With --docx the Word files were written with the Markdown.
    let files: Vec<String> = written
        .iter()
        .flat_map(|w| std::iter::once(&w.markdown).chain(w.docx.as_ref()))
        .map(|p| p.display().to_string())
        .collect();
    let what = if written.iter().any(|w| w.docx.is_some()) {
        "The Markdown and Word files were written"
    } else {
        "The Markdown was written"
    };
    match e {
        BuildError::Tool(why) => BuildError::Tool(format!(
            "{why}\n{what} ({}); the PDFs were not made, and those of the earlier build were removed with the rest of its outputs.",
            files.join(", ")
        )),
        other => other,
    }
}
