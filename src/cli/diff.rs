//! `sgreport diff OLD.md NEW.md`: what changed between two drafts, as
//! `<NEW>.changes.md` and a summary on the terminal. Its inputs are read
//! within [`MAX_DRAFT`] bytes and must be plain files; its outputs are
//! written to new files and renamed into place, so never through a link,
//! and never over one of its inputs.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::members::MemberTable;
use crate::output::names::changes_files;
use crate::output::untrusted::{read_input, write_new, InputError};
use crate::pdf::{self, CompileRequest};
use crate::pipeline::{prepare_typst, source_date_epoch, BuildError};
use crate::project::ProjectLayout;
use crate::render::templates::BUILTIN;
use crate::review::critic::Kind;
use crate::review::critic::{draft_title, symbol_warning};
use crate::review::redline::{redline_docx, redline_typst, revision_date};
use crate::review::{changes_markdown, compare_with, Draft, Summary};

use super::args::DiffArgs;
use super::Exit;

/// The largest draft `diff` reads: a report of thousands of replies is a
/// few megabytes of Markdown.
pub const MAX_DRAFT: u64 = 64 * 1024 * 1024;

/// Why `diff` could not compare or write.
#[derive(Debug, thiserror::Error)]
enum DiffError {
    #[error(transparent)]
    Read(#[from] InputError),
    #[error("{}: {why}", path.display())]
    NotADraft { path: PathBuf, why: String },
    #[error("{} is one of the drafts compared; sgreport diff will not write over it (give the drafts in the other order, or copy one)", path.display())]
    WouldOverwrite { path: PathBuf },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{why}\n{} was written; the redline PDF was not made (`--no-pdf` skips it)", written.display())]
    Redline {
        written: PathBuf,
        #[source]
        why: RedlineError,
    },
}

pub fn execute(args: &DiffArgs) -> Exit {
    match run(args) {
        Ok(differs) if args.exit_code && differs => Exit::Input,
        Ok(_) => Exit::Success,
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Tool
        }
    }
}

fn run(args: &DiffArgs) -> Result<bool, DiffError> {
    let (target, pdf) = changes_files(&args.new);
    let docx = target.with_extension("docx");
    for output in [&target, &pdf, &docx] {
        refuse_input(output, &[&args.old, &args.new])?;
    }
    let old = read(&args.old)?;
    let new = read(&args.new)?;
    let names = names(&old, &new);
    if let Some(w) = symbol_warning(&old, &new) {
        eprintln!("{w}");
    }
    let (old_title, new_title) = (draft_title(&args.old, &old), draft_title(&args.new, &new));
    let symbol = new.symbol().unwrap_or_default();
    let comparison = compare_with(old, new, &names);
    let summary = Summary::of(&comparison, &names);
    let md = changes_markdown(&comparison, &summary, &old_title, &new_title);
    write_new(&target, md.as_bytes()).map_err(|source| DiffError::Write {
        path: target.clone(),
        source,
    })?;
    print_summary(&summary, &target);
    if args.docx {
        let date = revision_date(source_date_epoch().unwrap_or_else(|| modified(&args.new)));
        write_new(&docx, &redline_docx(&md, &symbol, &date)).map_err(|source| {
            DiffError::Write {
                path: docx.clone(),
                source,
            }
        })?;
        super::say(&format!("wrote {}", docx.display()));
    }
    if !args.no_pdf {
        let heading = format!("Changes from {old_title} to {new_title}");
        let standards = super::pdf_standards(args.no_pdf_standards);
        let typ = redline_typst(&md, &summary, &heading);
        redline_pdf(&typ, &args.new, &pdf, standards).map_err(|why| DiffError::Redline {
            written: target.clone(),
            why,
        })?;
        super::say(&format!("wrote {}", pdf.display()));
    }
    Ok(comparison.differs())
}

/// When `path` was last written, in seconds since 1970 (the build's time,
/// for the draft a build wrote; 0 if unknown).
fn modified(path: &Path) -> i64 {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs() as i64)
}

/// `output` may not be one of the `inputs` (the same file, by any name).
fn refuse_input(output: &Path, inputs: &[&Path]) -> Result<(), DiffError> {
    let same = |input: &Path| match (output.canonicalize(), input.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if inputs.iter().any(|i| same(i)) {
        return Err(DiffError::WouldOverwrite {
            path: output.to_path_buf(),
        });
    }
    Ok(())
}

/// Why the redline PDF was not made.
#[derive(Debug, thiserror::Error)]
enum RedlineError {
    #[error(transparent)]
    Typst(#[from] BuildError),
    #[error("typst failed on the redline: {0}")]
    Compile(pdf::CompileError),
    #[error("typst failed on the redline: {0}\n{help}", help = pdf::STANDARDS_HELP)]
    Standards(pdf::CompileError),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Compiles the redline with the built-in layout into `target`.
fn redline_pdf(
    typ: &str,
    new: &Path,
    target: &Path,
    standards: pdf::Standards,
) -> Result<(), RedlineError> {
    // Fonts as for a build of the project NEW was built in (output/..).
    let root = new
        .parent()
        .and_then(Path::parent)
        .filter(|p| ProjectLayout::new(p).report_yaml().is_file())
        .unwrap_or(Path::new("."));
    let progress = super::progress::for_terminal();
    let (typst, font) = prepare_typst(root, &|m| super::notice(m), progress.as_ref())?;
    let layout = BUILTIN
        .iter()
        .find(|(n, _)| *n == "un-report.typ")
        .map_or("", |(_, t)| t);
    let timestamp = source_date_epoch().unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    });
    // typst's folder and its PDF in a new folder beside the target.
    let work = target.parent().unwrap_or(Path::new("."));
    let req = CompileRequest {
        launch: pdf::Launch {
            typst: &typst,
            font: &font,
            timestamp,
            target,
            work,
            room: pdf::Room::Fresh,
            threads: pdf::Threads::All,
            standards,
        },
        document: typ,
        layout,
    };
    let tmp = pdf::compile(&req).map_err(|e| {
        if e.is_against_the_standards() {
            RedlineError::Standards(e)
        } else {
            RedlineError::Compile(e)
        }
    })?;
    // A rename replaces a link in the target's place, never writes through it.
    std::fs::rename(&tmp, target).map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        RedlineError::Write {
            path: target.to_path_buf(),
            source,
        }
    })
}

fn read(path: &Path) -> Result<Draft, DiffError> {
    let text = read_input(path, MAX_DRAFT)?;
    Draft::parse(&text).map_err(|e| DiffError::NotADraft {
        path: path.to_path_buf(),
        why: e.to_string(),
    })
}

/// The names looked for in changed text: Member States' short names on
/// each draft's date of issue (today's if it has none: the same drafts then
/// give the same summary on any day they are compared) and the senders of
/// both drafts.
fn names(old: &Draft, new: &Draft) -> Vec<String> {
    let members = MemberTable::builtin();
    let mut names: Vec<String> = [old, new]
        .iter()
        .flat_map(|d| {
            let on = d.issued_on().unwrap_or_else(Date::today);
            members
                .members_on(on)
                .iter()
                .filter_map(|m| m.short_name_on(on).map(str::to_string))
                .collect::<Vec<_>>()
        })
        .chain(old.senders())
        .chain(new.senders())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The summary on standard output, coloured on a terminal.
fn print_summary(summary: &Summary, target: &Path) {
    if super::Terminal::get().quiet {
        return;
    }
    // Colour as for messages (--color, NO_COLOR, CLICOLOR_FORCE), and only
    // when standard output itself is a terminal: never in a file or a pipe.
    let color = super::Terminal::get().color && std::io::stdout().is_terminal();
    for (kind, line) in summary.lines() {
        let code = match kind {
            Kind::Added => "32",
            Kind::Removed => "31",
            Kind::Changed => "33",
            Kind::Plain => "",
        };
        if color && !code.is_empty() {
            println!("\x1b[{code}m{line}\x1b[0m");
        } else {
            println!("{line}");
        }
    }
    println!("wrote {} ({})", target.display(), summary.one_line());
}
