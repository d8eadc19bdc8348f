//! The whole pipeline for one project folder: load -> model -> Markdown ->
//! Typst -> PDF -> atomic writes. Nothing in `output/` changes unless every
//! document of the build succeeded.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, Problems};
use crate::model::{self, DocumentModel};
use crate::output::Staged;
use crate::pdf::{self, FontChoice, Typst};
use crate::progress::{Progress, Silent};
use crate::render::{self, typst::to_typst, Templates};
use crate::submissions::{self, Project, ReplyCache};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Also write PDFs.
    pub pdf: bool,
    /// Also write the generated Typst as `output/<symbol>.typ`.
    pub keep_typ: bool,
    /// Warnings stop the build, as errors.
    pub strict: bool,
}

/// One document written.
#[derive(Debug, Clone)]
pub struct Written {
    pub symbol: String,
    pub markdown: PathBuf,
    pub pdf: Option<PathBuf>,
    pub paragraphs: u32,
    pub replies: usize,
}

#[derive(Debug)]
pub enum BuildError {
    /// Something in the user's files: fix the input (exit code 1).
    Input(Problems),
    /// The tool could not do its work (exit code 2).
    Tool(String),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Input(p) => write!(f, "{p}"),
            BuildError::Tool(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for BuildError {}

impl From<Problems> for BuildError {
    fn from(p: Problems) -> Self {
        BuildError::Input(p)
    }
}

impl From<Diagnostic> for BuildError {
    fn from(d: Diagnostic) -> Self {
        BuildError::Input(Problems(vec![d]))
    }
}

/// A document's Markdown and, when asked, its Typst.
pub struct Rendered {
    pub model: DocumentModel,
    pub markdown: String,
    pub paragraphs: u32,
}

/// Loads and checks everything a build reads; writes nothing.
pub fn check(root: &Path) -> Result<(Project, Templates), BuildError> {
    let project = submissions::load(root)?;
    let templates = Templates::load(root).map_err(Problems)?;
    Ok((project, templates))
}

/// The Markdown of the report and of its addendum, if any.
pub fn render_markdown(
    project: &Project,
    templates: &Templates,
) -> Result<Vec<Rendered>, BuildError> {
    let docs = model::build(project);
    let mut out = Vec::new();
    for m in std::iter::once(docs.main).chain(docs.addendum) {
        let numbered = render::markdown(templates, &m)?;
        out.push(Rendered {
            model: m,
            markdown: numbered.markdown,
            paragraphs: numbered.paragraphs,
        });
    }
    Ok(out)
}

/// Builds the project in `root` once. `say` prints progress and notices.
pub fn build(
    root: &Path,
    opts: &BuildOptions,
    say: &dyn Fn(&str),
) -> Result<Vec<Written>, BuildError> {
    Session::new(root, opts.clone()).build(say)
}

/// What one build of a [`Session`] did, for watch mode's one-line summary.
#[derive(Debug, Clone, Default)]
pub struct Work {
    /// Replies parsed (the others came from the cache).
    pub replies_parsed: usize,
    /// PDFs compiled (the others were unchanged).
    pub pdfs_compiled: usize,
}

/// Builds that remember the previous one: replies whose text did not change
/// are not parsed again, and a PDF is not recompiled when its generated Typst
/// (and layout) did not change.
pub struct Session {
    root: PathBuf,
    opts: BuildOptions,
    replies: ReplyCache,
    typst: Option<(Typst, FontChoice)>,
    /// file stem -> the Typst and layout the current PDF was made from.
    compiled: HashMap<String, (String, String)>,
    pub last_work: Work,
    /// Warnings of the last build (printed by the caller).
    pub last_warnings: Vec<Diagnostic>,
    progress: Arc<dyn Progress>,
}

impl Session {
    pub fn new(root: &Path, opts: BuildOptions) -> Session {
        Session {
            root: root.to_path_buf(),
            opts,
            replies: ReplyCache::default(),
            typst: None,
            compiled: HashMap::new(),
            last_work: Work::default(),
            last_warnings: Vec::new(),
            progress: Arc::new(Silent),
        }
    }

    /// Reports long work (many replies, a typst install) to `progress`.
    pub fn with_progress(mut self, progress: Arc<dyn Progress>) -> Session {
        self.progress = progress;
        self
    }

    pub fn build(&mut self, say: &dyn Fn(&str)) -> Result<Vec<Written>, BuildError> {
        let root = self.root.clone();
        self.last_warnings.clear();
        let project =
            submissions::load_with_progress(&root, &mut self.replies, self.progress.as_ref())?;
        let templates = Templates::load(&root).map_err(Problems)?;
        let docs = render_markdown(&project, &templates)?;
        let warnings = warnings(&project, &docs);
        if self.opts.strict && !warnings.is_empty() {
            return Err(BuildError::Input(Problems(strict(warnings))));
        }
        self.last_warnings = warnings;
        self.last_work = Work {
            replies_parsed: self.replies.parsed,
            pdfs_compiled: 0,
        };

        let out_dir = root.join("output");
        fs::create_dir_all(&out_dir).map_err(|e| {
            BuildError::Tool(format!(
                "cannot create the output folder {}: {e}",
                out_dir.display()
            ))
        })?;
        // One build at a time writes into output/: a second waits here.
        let lock_path = out_dir.join(".sgreport.lock");
        let lock = fs::File::create(&lock_path)
            .map_err(|e| BuildError::Tool(format!("cannot write to {}: {e}", out_dir.display())))?;
        if lock.try_lock().is_err() {
            say("waiting for another sgreport build of this project to finish ...");
            lock.lock().map_err(|e| {
                BuildError::Tool(format!("cannot lock {}: {e}", lock_path.display()))
            })?;
        }
        // Without typst the Markdown is still worth having the night before a
        // deadline: it is written, the PDFs are left as they were, and the
        // build still fails (exit 2) saying why.
        let mut no_typst = None;
        if self.opts.pdf && self.typst.is_none() {
            match prepare_typst_with(say, self.progress.as_ref()) {
                Ok(t) => self.typst = Some(t),
                Err(e) => no_typst = Some(e),
            }
        }

        clean_leftovers(&out_dir);

        let mut staged = Staged::default();
        let mut written = Vec::new();
        // (document index, stem, Typst + layout, target) for each PDF to compile.
        let mut to_compile = Vec::new();
        for (i, doc) in docs.iter().enumerate() {
            let stem = &doc.model.document.file_stem;
            let md_path = out_dir.join(format!("{stem}.md"));
            let stage_err = |e: std::io::Error| {
                BuildError::Tool(format!("cannot write to {}: {e}", out_dir.display()))
            };
            staged
                .stage(&md_path, doc.markdown.as_bytes())
                .map_err(stage_err)?;
            let mut pdf_path = None;
            if self.opts.pdf && self.typst.is_some() {
                let typ = to_typst(&doc.markdown).map_err(|e| BuildError::Tool(e.to_string()))?;
                if self.opts.keep_typ {
                    staged
                        .stage(&out_dir.join(format!("{stem}.typ")), typ.as_bytes())
                        .map_err(stage_err)?;
                }
                let target = out_dir.join(format!("{stem}.pdf"));
                let key = (typ, templates.typst_layout().to_string());
                if self.compiled.get(stem) != Some(&key) || !target.is_file() {
                    to_compile.push((i, stem.clone(), key, target.clone()));
                }
                pdf_path = Some(target);
            }
            written.push(Written {
                symbol: doc.model.document.symbol.clone(),
                markdown: md_path,
                pdf: pdf_path,
                paragraphs: doc.paragraphs,
                replies: doc.model.counts.replies,
            });
        }

        // The report and its addendum compile side by side.
        if let Some((typst, font)) = &self.typst {
            let results: Vec<Result<PathBuf, pdf::CompileError>> = std::thread::scope(|scope| {
                let handles: Vec<_> = to_compile
                    .iter()
                    .map(|(i, _, key, target)| {
                        let req = pdf::CompileRequest {
                            typst,
                            document: &key.0,
                            layout: &key.1,
                            font,
                            timestamp: timestamp(&project, &docs[*i]),
                            target,
                            keep: false,
                        };
                        scope.spawn(move || pdf::compile(&req))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join().unwrap_or_else(|_| {
                            Err(pdf::CompileError {
                                message: "the typst runner panicked".into(),
                                locations: Vec::new(),
                            })
                        })
                    })
                    .collect()
            });
            for ((i, stem, _, target), result) in to_compile.iter().zip(results) {
                match result {
                    Ok(tmp) => staged.adopt(tmp, target),
                    Err(e) => {
                        return Err(BuildError::Tool(pdf::trace::explain(
                            &e,
                            &docs[*i].markdown,
                            stem,
                            &project,
                        )))
                    }
                }
            }
        }
        self.last_work.pdfs_compiled = to_compile.len();
        let compiled_now = to_compile.into_iter().map(|(_, stem, key, _)| (stem, key));
        staged.commit().map_err(|e| {
            BuildError::Tool(format!(
                "cannot move the new files into {}: {e}",
                out_dir.display()
            ))
        })?;
        self.compiled.extend(compiled_now);
        if let Some(e) = no_typst {
            let md: Vec<String> = written
                .iter()
                .map(|w| w.markdown.display().to_string())
                .collect();
            return Err(match e {
                BuildError::Tool(why) => BuildError::Tool(format!(
                    "{why}\nThe Markdown was written ({}); the PDFs were not made and are as they were.",
                    md.join(", ")
                )),
                other => other,
            });
        }
        Ok(written)
    }
}

/// Everything worth a warning in a project that can be built.
pub fn warnings(project: &Project, docs: &[Rendered]) -> Vec<Diagnostic> {
    let mut out = submissions::warnings(project);
    if let Some(main) = docs.first() {
        out.extend(word_limit_warning(project, &main.markdown));
    }
    out
}

/// The main report over `word_limit`: the count, the limit and the three
/// longest sections, so the editor knows where to cut.
fn word_limit_warning(project: &Project, markdown: &str) -> Option<Diagnostic> {
    let limit = project.config.word_limit as usize;
    let count = crate::wordcount::count_words(markdown);
    if count.total <= limit {
        return None;
    }
    let mut parts: Vec<(String, usize)> = count
        .subsections
        .iter()
        .map(|(chapter, section, n)| {
            (
                if section.is_empty() {
                    chapter.clone()
                } else {
                    section.clone()
                },
                *n,
            )
        })
        .chain(
            count
                .sections
                .iter()
                .filter(|(name, _)| !count.subsections.iter().any(|(c, _, _)| c == name))
                .cloned(),
        )
        .collect();
    parts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let longest: Vec<String> = parts
        .iter()
        .take(3)
        .map(|(name, n)| format!("{name} ({n} words)"))
        .collect();
    Some(
        Diagnostic::warning(
            "report.yaml",
            0,
            0,
            format!(
                "the report has {} words, over its word limit of {limit} ({} words over)",
                count.total,
                count.total - limit
            ),
        )
        .with_help(format!("the longest parts: {}", longest.join(", "))),
    )
}

/// Warnings turned into errors, for `--strict`.
pub fn strict(warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    warnings
        .into_iter()
        .map(|mut d| {
            d.severity = crate::diag::Severity::Error;
            d.help = Some(match d.help {
                Some(h) => format!("{h} (a warning, made an error by --strict)"),
                None => "a warning, made an error by --strict".into(),
            });
            d
        })
        .collect()
}

/// Temporary files a build killed midway (Ctrl-C) left in `output/`. Called
/// while holding the output lock, so no other build owns them.
fn clean_leftovers(out_dir: &Path) {
    let Ok(entries) = fs::read_dir(out_dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(".tmp") {
            let path = e.path();
            let _ = if path.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
        }
    }
}

/// The pinned typst and the body face, with a notice for anything unusual.
pub fn prepare_typst(say: &dyn Fn(&str)) -> Result<(Typst, FontChoice), BuildError> {
    prepare_typst_with(say, &Silent)
}

/// [`prepare_typst`], showing a first-time install's progress.
pub fn prepare_typst_with(
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
    let font = pdf::choose_font();
    if font.family != "Times New Roman" {
        say(&format!(
            "note: Times New Roman is not installed; the PDF uses {}",
            font.family
        ));
    }
    Ok((typst, font))
}

/// The PDF's creation time: `SOURCE_DATE_EPOCH` when set, else the document's
/// own date, so that the same input always gives the same bytes.
fn timestamp(project: &Project, doc: &Rendered) -> i64 {
    if let Some(t) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
    {
        return t;
    }
    let date = if doc.model.document.is_addendum {
        let late = project
            .replies
            .iter()
            .filter(|r| r.received > project.config.cutoff)
            .map(|r| r.received)
            .max();
        project
            .config
            .addendum_date
            .or(late)
            .unwrap_or(project.config.date)
            .max(project.config.date)
    } else {
        project.config.date
    };
    date.unix_timestamp()
}
