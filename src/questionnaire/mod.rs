//! From the questionnaire to the replies. `sgreport questionnaire` writes
//! the form annexed to the note verbale ([`write_questionnaire`]: Word,
//! with a content control for every answer, and PDF); `sgreport import`
//! reads one back, filled in, as a new reply ([`import`]); `sgreport add`
//! writes a reply skeleton ([`add`]).
//!
//! - [`fields`]: the places to answer, their tags and titles (one list,
//!   read by the writer and the reader alike);
//! - [`text`]: the questionnaire's words; [`write`] (Word) and [`layout`]
//!   (the PDF's Markdown) lay them out;
//! - [`read`] and [`rich`]: a filled `.docx` back to text and Markdown;
//! - [`reply`], [`numbers`], [`sender`]: the reply file, its figures, and
//!   where it goes.

pub mod error;
pub(crate) mod fields;
pub(crate) mod layout;
pub(crate) mod numbers;
pub(crate) mod read;
pub(crate) mod reply;
pub(crate) mod rich;
pub(crate) mod sender;
pub(crate) mod text;
pub(crate) mod write;

use std::fs::{self, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::diag::Diagnostic;
use crate::output::names::{DocumentNames, OutputKind, OutputName};
use crate::output::{OutputDir, Staged};
use crate::pdf::{self, FontChoice, Typst};
use crate::pipeline::BuildError;
use crate::submissions::{ReportConfig, SenderKind};
pub use error::{AnswerProblem, ImportError};

/// The most bytes a `.docx` given to `import` may have.
pub const MAX_DOCX_BYTES: u64 = 64 * 1024 * 1024;

/// `<stem>.questionnaire.docx`, `.pdf`: the outputs' names in `output/`.
pub fn output_names(config: &ReportConfig) -> (OutputName, OutputName) {
    let names = DocumentNames::for_symbol(&config.symbol);
    (
        names.name(OutputKind::QuestionnaireDocx),
        names.name(OutputKind::QuestionnairePdf),
    )
}

/// The questionnaire's `.docx`, byte for byte the same for the same
/// report.yaml.
pub fn docx(config: &ReportConfig) -> Vec<u8> {
    write::docx(config)
}

/// The questionnaire in the report's Markdown dialect (the PDF's source).
pub fn markdown(config: &ReportConfig) -> String {
    layout::markdown(config)
}

/// Writes `output/<stem>.questionnaire.docx` and, given typst, the PDF
/// through the project's layout; both or neither (the outputs' commit).
/// Returns the files written, relative to `root`.
pub fn write_questionnaire(
    root: &Path,
    config: &ReportConfig,
    typst: Option<&(Typst, FontChoice)>,
    say: &dyn Fn(&str),
) -> Result<Vec<PathBuf>, BuildError> {
    let tool = |e: crate::output::OutputError| BuildError::Tool(e.to_string());
    let out_dir = crate::project::ProjectLayout::new(root).output();
    let out = OutputDir::open(&out_dir, say).map_err(tool)?;
    let (docx_name, pdf_name) = output_names(config);
    let mut staged = Staged::new(&out);
    staged.stage(&docx_name, &docx(config)).map_err(tool)?;
    let mut made = vec![docx_name];
    if let Some((typst, font)) = typst {
        // The project's layout (its own un-report.typ, else the built-in).
        let layout = crate::render::Templates::load(root)
            .map_err(|d| BuildError::Input(crate::diag::Problems(d)))?
            .typst_layout()
            .to_string();
        let target = pdf_name.in_dir(&out.dir);
        let work = out.work_dir();
        let title = format!("Questionnaire: {}", config.title);
        let document =
            crate::render::typst::to_typst_titled(&markdown(config), &config.symbol, &title);
        let request = pdf::CompileRequest {
            launch: pdf::Launch {
                typst,
                font,
                // As a build's PDFs: SOURCE_DATE_EPOCH, else the report's date.
                timestamp: crate::pipeline::source_date_epoch()
                    .unwrap_or_else(|| config.date.unix_timestamp()),
                target: &target,
                work: &work,
                threads: pdf::Threads::All,
                room: pdf::Room::Fresh,
                // Accessible and archival, as the report's PDFs are.
                standards: pdf::Standards::default(),
            },
            document: &document,
            layout: &layout,
        };
        let tmp = pdf::compile(&request).map_err(|e| {
            BuildError::Typst(format!("typst could not set the questionnaire: {e}"))
        })?;
        staged.adopt(tmp, &pdf_name);
        made.push(pdf_name);
    }
    // The build's outputs stay as they are; the questionnaire's files are
    // this command's generation (a PDF of an earlier run goes with --no-pdf).
    let documents = [DocumentNames::for_symbol(&config.symbol)];
    let mut now = out.previous(&documents).map_err(tool)?;
    for kind in OutputKind::QUESTIONNAIRE {
        now.remove(&documents[0].name(kind));
    }
    now.extend(made.iter().cloned());
    staged.commit(&out, &now, &documents).map_err(tool)?;
    let written = made
        .iter()
        .map(|n| PathBuf::from(crate::project::OUTPUT).join(n.as_str()))
        .collect();
    Ok(written)
}

/// What `import` and `add` are told beyond the project.
pub struct NewReply<'a> {
    /// `--kind`: the sender's kind (a Member State unless told otherwise).
    pub kind: SenderKind,
    /// `--received`: never guessed.
    pub received: Date,
    /// The name of the `.docx`, for the reply's header comment.
    pub source: &'a str,
}

/// What an import wrote and found.
#[derive(Debug)]
pub struct Imported {
    /// The new reply, relative to the project folder.
    pub file: PathBuf,
    pub from: String,
    /// How many answers, indicators and figures went into the reply.
    pub answers: usize,
    pub indicators: usize,
    pub figures: usize,
    /// The titles of the controls left blank.
    pub blank: Vec<String>,
}

/// Reads the filled questionnaire `docx` and writes it as a new reply in
/// `root`'s `submissions/`, checked like any reply; on any problem, nothing
/// is written.
pub fn import(
    root: &Path,
    config: &ReportConfig,
    docx: &Path,
    new: &NewReply,
) -> Result<Imported, ImportError> {
    let bytes = read_bounded(docx)?;
    let fields = fields::fields(config);
    let (found, unknown) = read::controls(&bytes, &fields)?;
    if !found.iter().any(|f| f.tag == fields::SYMBOL_TAG) {
        return Err(ImportError::NotAQuestionnaire);
    }
    let mut problems: Vec<AnswerProblem> = unknown.iter().map(|u| unasked(u, &fields)).collect();
    let answers = match reply::sort(config, &found) {
        Ok(a) if problems.is_empty() => a,
        Ok(_) => return Err(ImportError::Answers(problems)),
        Err(more) => {
            problems.extend(more);
            return Err(ImportError::Answers(problems));
        }
    };
    let symbol = answers.symbol.clone().unwrap_or_default();
    if symbol != config.symbol {
        return Err(ImportError::OtherReport {
            found: symbol,
            expected: config.symbol.clone(),
        });
    }
    if answers.from.is_empty() {
        return Err(ImportError::NoSender);
    }
    let file = sender::reply_path(config, &answers.from, new.kind)?;
    let sender = reply::Sender {
        name: &answers.from,
        kind: new.kind,
        received: new.received,
    };
    let header = vec![
        format!(
            "Reply of {} imported by `sgreport import` from {}.",
            answers.from, new.source
        ),
        format!("Received on {} (as given to the import).", new.received),
    ];
    let text = reply::yaml(&header, &sender, &answers);
    check(config, &file, &text)?;
    create_new(root, &file, &text)?;
    Ok(Imported {
        from: answers.from.clone(),
        answers: answers.answers.len(),
        indicators: answers.indicators.len(),
        figures: answers.statistics.iter().map(|(_, y)| y.len()).sum(),
        blank: answers.blank,
        file,
    })
}

/// Writes a reply skeleton for `name` in `root`'s `submissions/`; returns
/// its path relative to `root`.
pub fn add(
    root: &Path,
    config: &ReportConfig,
    name: &str,
    kind: SenderKind,
    received: Option<Date>,
) -> Result<PathBuf, ImportError> {
    let file = sender::reply_path(config, name, kind)?;
    let text = reply::skeleton(config, name, kind, received);
    create_new(root, &file, &text)?;
    Ok(file)
}

/// An answer to a question the report does not ask, with the nearest that
/// it does.
fn unasked(u: &read::Unknown, fields: &[fields::Field]) -> AnswerProblem {
    let near = crate::suggest::nearest(&u.name, fields.iter().map(|f| f.tag.as_str()));
    AnswerProblem {
        control: u.name.clone(),
        message: format!("answers `{}`, which report.yaml does not ask", u.name),
        help: match near {
            Some(n) => format!("did you mean `{n}`? The questionnaire may be of an earlier report.yaml: write it again with `sgreport questionnaire`"),
            None => "the questionnaire may be of an earlier report.yaml: write it again with `sgreport questionnaire`".into(),
        },
    }
}

/// The new reply checked as `check` checks every reply.
fn check(config: &ReportConfig, file: &Path, text: &str) -> Result<(), ImportError> {
    match crate::submissions::reply::parse(file, text, config, "import") {
        Ok(_) => Ok(()),
        Err(diags) => Err(ImportError::Check {
            diagnostics: diags.into_iter().filter(Diagnostic::is_error).collect(),
            text: text.to_string(),
        }),
    }
}

/// Reads the `.docx`, refusing one larger than [`MAX_DOCX_BYTES`].
fn read_bounded(path: &Path) -> Result<Vec<u8>, ImportError> {
    let err = |source| ImportError::Read {
        file: path.to_path_buf(),
        source,
    };
    let meta = fs::metadata(path).map_err(err)?;
    if !meta.is_file() {
        return Err(err(std::io::Error::other("not a file")));
    }
    let mut bytes = Vec::new();
    fs::File::open(path)
        .map_err(err)?
        .take(MAX_DOCX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(err)?;
    if bytes.len() as u64 > MAX_DOCX_BYTES {
        return Err(ImportError::TooLarge(format!(
            "it is larger than {} MiB",
            MAX_DOCX_BYTES / 1024 / 1024
        )));
    }
    Ok(bytes)
}

/// Writes `text` to `root/file`, never over an existing file.
fn create_new(root: &Path, file: &Path, text: &str) -> Result<(), ImportError> {
    let path = root.join(file);
    let write_err = |source| ImportError::Write {
        file: file.to_path_buf(),
        source,
    };
    if fs::symlink_metadata(&path).is_ok() {
        return Err(ImportError::Exists(file.to_path_buf()));
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(write_err)?;
    }
    let mut f = match OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(ImportError::Exists(file.to_path_buf()))
        }
        Err(e) => return Err(write_err(e)),
    };
    f.write_all(text.as_bytes()).map_err(|e| {
        let _ = fs::remove_file(&path);
        write_err(e)
    })
}
