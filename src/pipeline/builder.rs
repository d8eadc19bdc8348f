//! `build` and `watch`: a prepared project to Markdown and PDF files in
//! `output/`, written all or nothing. A [`Builder`] remembers the previous
//! build: replies whose text did not change are not parsed again, and a PDF
//! is not recompiled when its Typst and layout did not change.
//!
//! So that a build takes little more than typst itself, typst starts on the
//! report as soon as `report.yaml` is read, and loads while the project is
//! prepared; each document goes to typst as soon as it is rendered;
//! everything else is written while typst compiles; after it, only the
//! moves into `output/` remain.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::compile::{
    creation_time, finish_all, installed_typst, layout_draws_figures, prepare_typst, requests,
    say_typst_notices, start_all, Early, Job,
};
use super::{prepare_from, BuildError, Prepared, Rendered, Stage, Timings};
use crate::diag::Diagnostic;
use crate::output::{self, OutputDir, Staged};
use crate::pdf::{self, FontChoice, Typst};
use crate::progress::{Progress, Silent};
use crate::render::Templates;
use crate::review::review_pdf;
use crate::review::sources::{self, ParagraphSources};
use crate::submissions::{self, ReplyCache, ReportConfig};

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
    /// file stem -> the Typst and layout the current PDF was made from.
    compiled: Compiled,
    progress: Arc<dyn Progress>,
}

impl Builder {
    pub fn new(root: &Path, opts: BuildOptions) -> Builder {
        Builder {
            root: root.to_path_buf(),
            opts,
            replies: ReplyCache::default(),
            typst: None,
            typst_said: false,
            compiled: HashMap::new(),
            progress: Arc::new(Silent),
        }
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
        let out = OutputDir::open(&self.root, say).map_err(BuildError::Tool)?;
        let (prepared, started) = self.prepare_and_start(&out.dir)?;
        report.replies_parsed = self.replies.parsed;
        report.timings = prepared.timings.clone();
        report.ignored = prepared.project.ignored.clone();
        prepared.check_strict(self.opts.strict)?;
        report.warnings = prepared.warnings.clone();
        // Without typst the Markdown is still worth having the night before a
        // deadline: it is written, the PDFs are left as they were, and the
        // build still fails (exit 2) saying why.
        let no_typst = self.ensure_typst(say).err();
        let sources = if self.opts.review {
            review_sources(&prepared)
        } else {
            Vec::new()
        };
        let (jobs, typs) = self.plan_pdfs(
            &prepared,
            &out.dir,
            &sources,
            started.made,
            &mut report.timings,
        );
        if !jobs.is_empty() {
            layout_draws_figures(&prepared)?;
        }
        let files = FileSet {
            prepared: &prepared,
            out_dir: &out.dir,
            typs: &typs,
            sources: &sources,
        };
        // Listed before typst ends, so that the commit after it is short.
        let stale = stale_outputs(&prepared, &out.dir, &self.opts);
        pdf::remove_other_rooms(&out.dir, &pdf_names(&prepared.project.config));
        let early = started.early;
        let written = self.write_all(&files, &jobs, early, &stale, &mut report.timings)?;
        report.pdfs_compiled = jobs.len();
        report.markdown_written = true;
        self.compiled
            .extend(jobs.into_iter().map(|j| (j.stem, (j.typst, j.layout))));
        match no_typst {
            Some(e) => Err(markdown_only(e, &written)),
            None => Ok(written),
        }
    }

    /// Loads and renders the project ([`prepare_from`]); the report's typst
    /// starts as soon as report.yaml is read, and each document goes to
    /// typst as soon as it is rendered.
    fn prepare_and_start(&mut self, out_dir: &Path) -> Result<(Prepared, Started), BuildError> {
        let mut timings = Timings::default();
        let config = timings.time(Stage::Load, || submissions::load_config(&self.root))?;
        let mut started = Started {
            early: self
                .start_early(&config.config, out_dir)
                .map(Early::Waiting)
                .into_iter()
                .collect(),
            made: Vec::new(),
        };
        let typst = self.typst.clone();
        let compiled = &self.compiled;
        let mut give = |doc: &Rendered, templates: &Templates| {
            if let Some(typst) = &typst {
                started.start(typst, doc, templates, (out_dir, compiled));
            }
        };
        let progress = self.progress.as_ref();
        let cache = &mut self.replies;
        let prepared = prepare_from(&self.root, config, cache, progress, timings, &mut give)?;
        Ok((prepared, started))
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

    /// Starts typst for the report's PDF before the report is made, when
    /// typst is here already: it loads while the replies are read and the
    /// templates rendered, on the other processor (measured: about 2 ms off
    /// the fixture's 48-50 ms build). The addendum's typst starts with the
    /// compiles: started as well once the replies were read, it made the
    /// build 4 ms slower (four threads on two processors). Nothing is said
    /// here; the notices come once the input is known to be sound.
    fn start_early(&mut self, config: &ReportConfig, out_dir: &Path) -> Option<pdf::Waiting> {
        if !self.opts.pdf {
            return None;
        }
        if self.typst.is_none() {
            self.typst = installed_typst(&self.root);
        }
        let (typst, font) = self.typst.as_ref()?;
        let stem = ReportConfig::file_stem(&config.symbol);
        let target = out_dir.join(format!("{stem}.pdf"));
        let launch = pdf::Launch {
            typst,
            font,
            timestamp: creation_time(config.date),
            target: &target,
            // The report's, started first: nothing runs beside it yet.
            threads: pdf::Threads::All,
            room: pdf::Room::Kept,
        };
        pdf::start_waiting(&launch).ok()
    }

    /// Starts typst on the jobs (giving the `early` one its document);
    /// while it runs, stages the other files and prepares the commit; then
    /// adds the PDFs and commits everything, removing `stale` outputs.
    fn write_all(
        &self,
        files: &FileSet,
        jobs: &[Job],
        early: Vec<Early>,
        stale: &[PathBuf],
        timings: &mut Timings,
    ) -> Result<Vec<Written>, BuildError> {
        let docs = &files.prepared.documents;
        let started = std::time::Instant::now();
        let running = match self.typst.as_ref().filter(|_| !jobs.is_empty()) {
            Some(typst) => {
                let reqs = requests(jobs, typst, docs, pdf::Room::Kept);
                start_all(jobs, &reqs, docs, early)?
            }
            None => {
                // No PDF to make (unchanged since the last build): stopped now.
                drop(early);
                Vec::new()
            }
        };
        // The files are written while typst runs: they wait on the disk,
        // typst on the processor.
        let writing = std::time::Instant::now();
        let mut staged = Staged::default();
        let written = self.stage_files(files, &mut staged, timings)?;
        let pdfs: Vec<PathBuf> = if running.is_empty() {
            Vec::new()
        } else {
            jobs.iter().map(|j| j.target.clone()).collect()
        };
        let commit = timings
            .time(Stage::Write, || {
                staged.prepare_commit(files.out_dir, stale, &pdfs)
            })
            .map_err(|e| not_moved(files.out_dir, e))?;
        timings.time(Stage::Write, || output::remove_old_outputs(files.out_dir));
        let wrote = writing.elapsed();
        if !running.is_empty() {
            let made = finish_all(running, jobs, docs)?;
            // Counted once: the writes have their own stage.
            timings.add(Stage::Compile, started.elapsed().saturating_sub(wrote));
            for (job, tmp) in jobs.iter().zip(made) {
                staged.adopt(tmp, &job.target);
            }
        }
        timings
            .time(Stage::Write, || staged.commit_prepared(commit))
            .map_err(|e| not_moved(files.out_dir, e))?;
        Ok(written)
    }

    /// Each document's Typst (for the PDF, and kept with `--keep-typ`) and
    /// the PDFs that need compiling: those whose Typst or layout changed since
    /// this builder last made them, and the review copies with `--review`.
    /// `made`: the documents' Typst already made (and how long each took).
    fn plan_pdfs(
        &self,
        prepared: &Prepared,
        out_dir: &Path,
        sources: &[Vec<ParagraphSources>],
        made: Vec<(String, Duration)>,
        timings: &mut Timings,
    ) -> (Vec<Job>, Vec<Option<String>>) {
        let mut made = made.into_iter();
        let mut jobs = Vec::new();
        let mut typs = Vec::new();
        if !(self.opts.pdf && self.typst.is_some()) {
            return (jobs, vec![None; prepared.documents.len()]);
        }
        let layout = prepared.templates.typst_layout();
        for (i, doc) in prepared.documents.iter().enumerate() {
            let stem = &doc.model.document.file_stem;
            let typ = match made.next() {
                Some((typ, took)) => {
                    timings.add(Stage::Typst, took);
                    typ
                }
                None => timings.time(Stage::Typst, || {
                    crate::render::typst::render(&doc.document).text
                }),
            };
            let target = out_dir.join(format!("{stem}.pdf"));
            let key = (typ.clone(), layout.to_string());
            if needs_compile(&self.compiled, stem, (&key.0, &key.1), &target) {
                jobs.push(Job {
                    document: i,
                    stem: stem.clone(),
                    typst: key.0,
                    layout: key.1,
                    target,
                });
            }
            if self.opts.review {
                jobs.extend(self.review_job(prepared, i, out_dir, &typ, &sources[i]));
            }
            typs.push(Some(typ));
        }
        (jobs, typs)
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
        let out_dir = files.out_dir;
        let io = |e: std::io::Error| {
            BuildError::Tool(format!("cannot write to {}: {e}", out_dir.display()))
        };
        let mut written = Vec::new();
        for (i, doc) in files.prepared.documents.iter().enumerate() {
            let stem = &doc.model.document.file_stem;
            let md_path = out_dir.join(format!("{stem}.md"));
            timings
                .time(Stage::Write, || {
                    staged.stage(&md_path, doc.markdown.as_bytes())
                })
                .map_err(io)?;
            // The figures' SVG files beside the Markdown, in the same commit.
            for f in &doc.figures {
                let svg = timings.time(Stage::Figures, || f.svg());
                timings
                    .time(Stage::Write, || {
                        staged.stage(&out_dir.join(&f.file_name), svg.as_bytes())
                    })
                    .map_err(io)?;
            }
            let docx = self.opts.docx.then(|| out_dir.join(format!("{stem}.docx")));
            if let Some(path) = &docx {
                staged
                    .stage(path, &crate::docx::from_document(&doc.document))
                    .map_err(io)?;
            }
            if let (true, Some(typ)) = (self.opts.keep_typ, &files.typs[i]) {
                staged
                    .stage(&out_dir.join(format!("{stem}.typ")), typ.as_bytes())
                    .map_err(io)?;
            }
            if self.opts.review {
                let json = sources::sources_json(&doc.model.document.symbol, &files.sources[i]);
                let path = out_dir.join(format!("{stem}.sources.json"));
                staged.stage(&path, json.as_bytes()).map_err(io)?;
            }
            written.push(Written {
                symbol: doc.model.document.symbol.clone(),
                markdown: md_path,
                pdf: files.typs[i]
                    .as_ref()
                    .map(|_| out_dir.join(format!("{stem}.pdf"))),
                docx,
                paragraphs: doc.paragraphs,
                replies: doc.model.counts.replies,
            });
        }
        Ok(written)
    }

    /// The job of document `i`'s review copy, when it changed.
    fn review_job(
        &self,
        prepared: &Prepared,
        i: usize,
        out_dir: &Path,
        typ: &str,
        paragraphs: &[ParagraphSources],
    ) -> Option<Job> {
        let stem = format!("{}.review", prepared.documents[i].model.document.file_stem);
        let notes = review_pdf::notes(
            paragraphs,
            &prepared.warnings,
            &prepared.documents[i].document,
            &prepared.project.config,
        );
        let key = (
            review_pdf::review_typst(typ, &notes),
            review_pdf::review_layout(prepared.templates.typst_layout()),
        );
        let target = out_dir.join(format!("{stem}.pdf"));
        needs_compile(&self.compiled, &stem, (&key.0, &key.1), &target).then_some(Job {
            document: i,
            stem,
            typst: key.0,
            layout: key.1,
            target,
        })
    }
}

/// file stem -> the Typst and layout its current PDF was made from.
type Compiled = HashMap<String, (String, String)>;

/// Whether the PDF at `target` must be made: the Typst and layout it was
/// made from last (by this builder) differ, or it is not there.
fn needs_compile(
    compiled: &Compiled,
    stem: &str,
    (typst, layout): (&str, &str),
    target: &Path,
) -> bool {
    compiled
        .get(stem)
        .is_none_or(|(t, l)| t != typst || l != layout)
        || !target.is_file()
}

/// What [`Builder::prepare_and_start`] started: typst still waiting or
/// compiling, and each document's Typst with the time it took to make.
struct Started {
    early: Vec<Early>,
    made: Vec<(String, Duration)>,
}

impl Started {
    /// Makes `doc`'s Typst and starts typst on it (see [`start_document`]).
    fn start(
        &mut self,
        typst: &(Typst, FontChoice),
        doc: &Rendered,
        templates: &Templates,
        ctx: (&Path, &Compiled),
    ) {
        let begun = Instant::now();
        let typ = crate::render::typst::render(&doc.document).text;
        let took = begun.elapsed();
        let running = start_document(&mut self.early, typst, doc, &typ, templates, ctx);
        self.early.extend(running.map(Early::Running));
        self.made.push((typ, took));
    }
}

/// Starts typst on `doc` (its Typst `typ`) at once, when its PDF is to be
/// made: the typst started early for it, or a new one. `None` when the PDF
/// is unchanged (the early typst is stopped) or typst cannot start now (the
/// compiles then start as usual, and say why).
fn start_document(
    early: &mut Vec<Early>,
    (typst, font): &(Typst, FontChoice),
    doc: &Rendered,
    typ: &str,
    templates: &Templates,
    (out_dir, compiled): (&Path, &Compiled),
) -> Option<pdf::Running> {
    let stem = &doc.model.document.file_stem;
    let target = out_dir.join(format!("{stem}.pdf"));
    // The compiles already running started first; this one comes last.
    let lens: Vec<usize> = early
        .iter()
        .filter_map(|e| match e {
            Early::Running(r) => Some(r.document().len()),
            Early::Waiting(_) => None,
        })
        .chain([typ.len()])
        .collect();
    let req = pdf::CompileRequest {
        launch: pdf::Launch {
            typst,
            font,
            timestamp: creation_time(doc.model.document.date),
            target: &target,
            threads: pdf::Threads::among(&lens, lens.len() - 1),
            room: pdf::Room::Kept,
        },
        document: typ,
        layout: templates.typst_layout(),
    };
    let waiting = early
        .iter()
        .position(|e| matches!(e, Early::Waiting(w) if w.is_for(&req.launch)))
        .map(|i| early.remove(i));
    // Compared in place: copying the document to compare it would delay
    // typst's input.
    if !needs_compile(compiled, stem, (typ, req.layout), &target) {
        return None;
    }
    let timeout = pdf::timeout_from_env().ok()?;
    match waiting {
        Some(Early::Waiting(w)) => w.feed(typ, req.layout, timeout).ok(),
        _ => pdf::start(&req, timeout).ok(),
    }
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
    out_dir: &'a Path,
    /// Each document's Typst, when PDFs are made.
    typs: &'a [Option<String>],
    /// Each document's paragraph sources, with `--review`.
    sources: &'a [Vec<ParagraphSources>],
}

/// Outputs that this generation no longer has, removed with the commit: an
/// addendum's (no reply is late any more), and figures' SVG files of either
/// document that no statistic draws any more; without `--review` the review
/// outputs of an earlier `--review` build, and without `--keep-typ` the
/// Typst an earlier build kept (neither may describe another generation).
fn stale_outputs(prepared: &Prepared, out_dir: &Path, opts: &BuildOptions) -> Vec<PathBuf> {
    let stems = stems(&prepared.project.config);
    let mut stale = Vec::new();
    if prepared.documents.len() == 1 {
        let stem = &stems[1];
        stale.extend(
            ["md", "pdf", "typ", "docx", "sources.json", "review.pdf"]
                .iter()
                .map(|ext| out_dir.join(format!("{stem}.{ext}")))
                .filter(|p| p.symlink_metadata().is_ok()),
        );
    }
    let review: &[&str] = if opts.review {
        &[]
    } else {
        &["sources.json", "review.pdf"]
    };
    let typ: &[&str] = if opts.keep_typ { &[] } else { &["typ"] };
    for doc in &prepared.documents {
        let stem = &doc.model.document.file_stem;
        stale.extend(
            review
                .iter()
                .chain(typ)
                .map(|ext| out_dir.join(format!("{stem}.{ext}")))
                .filter(|p| p.symlink_metadata().is_ok()),
        );
    }
    let current: Vec<&str> = prepared
        .documents
        .iter()
        .flat_map(|d| d.figures.iter().map(|f| f.file_name.as_str()))
        .collect();
    let Ok(entries) = std::fs::read_dir(out_dir) else {
        return stale;
    };
    let mut figures: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| {
            stems.iter().any(|stem| is_figure_file(name, stem)) && !current.contains(&name.as_str())
        })
        .map(|name| out_dir.join(name))
        .collect();
    figures.sort();
    stale.extend(figures);
    stale
}

/// The file stems of the report and of its addendum.
fn stems(config: &ReportConfig) -> [String; 2] {
    [
        ReportConfig::file_stem(&config.symbol),
        ReportConfig::file_stem(&config.addendum_symbol()),
    ]
}

/// Every PDF the report can have (the review copies too), by file name:
/// typst's kept folders of any other go ([`pdf::remove_other_rooms`]).
fn pdf_names(config: &ReportConfig) -> Vec<String> {
    stems(config)
        .iter()
        .flat_map(|stem| [format!("{stem}.pdf"), format!("{stem}.review.pdf")])
        .collect()
}

/// `<stem>.figure-<n>.svg`
fn is_figure_file(name: &str, stem: &str) -> bool {
    name.strip_prefix(stem)
        .and_then(|r| r.strip_prefix(".figure-"))
        .and_then(|r| r.strip_suffix(".svg"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The commit failed; nothing of this build is in `out_dir`.
fn not_moved(out_dir: &Path, e: std::io::Error) -> BuildError {
    BuildError::Tool(format!(
        "cannot move the new files into {}: {e}; the previous outputs are all still there",
        out_dir.display()
    ))
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
            "{why}\n{what} ({}); the PDFs were not made and are as they were.",
            files.join(", ")
        )),
        other => other,
    }
}
