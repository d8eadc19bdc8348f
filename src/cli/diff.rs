//! `sgreport diff OLD.md NEW.md`: what changed between two drafts, as
//! `<NEW>.changes.md` and a summary on the terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use sgreport::date::Date;
use sgreport::members::MemberTable;
use sgreport::pdf::{self, CompileRequest};
use sgreport::pipeline::{prepare_typst, source_date_epoch, BuildError};
use sgreport::render::templates::BUILTIN;
use sgreport::review::critic::Kind;
use sgreport::review::redline::redline_typst;
use sgreport::review::critic::{draft_title, symbol_warning};
use sgreport::review::{changes_markdown, compare_with, Draft, Summary};

use super::args::DiffArgs;

pub fn execute(args: &DiffArgs) -> u8 {
    match run(args) {
        Ok(differs) => u8::from(args.exit_code && differs),
        Err(m) => {
            eprintln!("error: {m}");
            2
        }
    }
}

fn run(args: &DiffArgs) -> Result<bool, String> {
    let old = read(&args.old)?;
    let new = read(&args.new)?;
    let names = names(&old, &new);
    if let Some(w) = symbol_warning(&old, &new) {
        eprintln!("{w}");
    }
    let (old_title, new_title) = (draft_title(&args.old, &old), draft_title(&args.new, &new));
    let comparison = compare_with(old, new, &names);
    let summary = Summary::of(&comparison, &names);
    let target = changes_path(&args.new);
    let md = changes_markdown(&comparison, &summary, &old_title, &new_title);
    std::fs::write(&target, &md).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    print_summary(&summary, &target);
    if !args.no_pdf {
        let heading = format!("Changes from {old_title} to {new_title}");
        let pdf = target.with_extension("pdf");
        let standards = super::pdf_standards(args.no_pdf_standards);
        let typ = redline_typst(&md, &summary, &heading);
        redline_pdf(&typ, &args.new, &pdf, standards).map_err(|e| {
            format!(
                "{e}\n{} was written; the redline PDF was not made (`--no-pdf` skips it)",
                target.display()
            )
        })?;
        super::say(&format!("wrote {}", pdf.display()));
    }
    Ok(comparison.differs())
}

/// Compiles the redline with the built-in layout into `target`.
fn redline_pdf(
    typ: &str,
    new: &Path,
    target: &Path,
    standards: pdf::Standards,
) -> Result<(), String> {
    // Fonts as for a build of the project NEW was built in (output/..).
    let root = new
        .parent()
        .and_then(Path::parent)
        .filter(|p| p.join("report.yaml").is_file())
        .unwrap_or(Path::new("."));
    let progress = super::progress::for_terminal();
    let (typst, font) =
        prepare_typst(root, &|m| super::notice(m), progress.as_ref()).map_err(|e| match e {
            BuildError::Tool(m) | BuildError::Typst(m) => m,
            BuildError::Input(_) => "typst could not be prepared".to_string(),
        })?;
    let layout = BUILTIN
        .iter()
        .find(|(n, _)| *n == "un-report.typ")
        .map_or("", |(_, t)| t);
    let timestamp = source_date_epoch().unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    });
    let req = CompileRequest {
        launch: pdf::Launch {
            typst: &typst,
            font: &font,
            timestamp,
            target,
            threads: pdf::Threads::All,
            room: pdf::Room::Fresh,
            standards,
        },
        document: typ,
        layout,
    };
    let tmp = pdf::compile(&req).map_err(|e| {
        let help = if e.is_against_the_standards() {
            format!("\n{}", pdf::STANDARDS_HELP)
        } else {
            String::new()
        };
        format!("typst failed on the redline: {}{help}", e.message)
    })?;
    std::fs::rename(&tmp, target).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {}: {e}", target.display())
    })
}

fn read(path: &Path) -> Result<Draft, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Draft::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The names looked for in changed text: Member States' short names today
/// and the senders of both drafts.
fn names(old: &Draft, new: &Draft) -> Vec<String> {
    let today = Date::today();
    let mut names: Vec<String> = MemberTable::builtin()
        .members_on(today)
        .iter()
        .filter_map(|m| m.short_name_on(today).map(str::to_string))
        .chain(old.senders())
        .chain(new.senders())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// `output/E-CN.15-2004-7.md` -> `output/E-CN.15-2004-7.changes.md`.
pub fn changes_path(new: &Path) -> PathBuf {
    let name = file_name(new);
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    new.with_file_name(format!("{stem}.changes.md"))
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
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
