//! The command line: [`main`] parses the arguments and hands over to the
//! command's module; `args` holds the clap structs, one module per command
//! with a small `execute()` returning the exit code, and the terminal output
//! they share (diagnostics, errors, progress bars). It lives in the library
//! so that the rest of the library can be crate-private: the binary only
//! calls [`main`].

mod add;
mod args;
mod build;
mod check;
mod clean;
mod completions;
mod diff;
mod doctor;
mod import;
mod init;
mod progress;
mod questionnaire;
mod status;
mod templates;
mod variables;
mod watch;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Duration;

use clap::Parser;

use crate::diag::{self, Diagnostic, Style};
use crate::pipeline::{BuildError, Timings};
use crate::style::{count, plural};

use args::{Cli, ColorChoice, Command, DiagnosticArgs, MessageFormat, TerminalArgs};

/// The `sgreport` program: parse the command line, hand over to
/// `<command>::execute`, exit with its code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            // --help and --version succeed; bad arguments are the tool's.
            let exit = if e.use_stderr() {
                Exit::Tool
            } else {
                Exit::Success
            };
            return ExitCode::from(u8::from(exit));
        }
    };
    Terminal::init(&cli.terminal);
    // Every command that reads "today" would otherwise fall back to the
    // clock: a mistyped SGREPORT_TODAY is refused like a bad option.
    if let Err(e) = crate::date::today_from_env() {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    ExitCode::from(u8::from(execute(&cli.command)))
}

/// Runs one command.
fn execute(command: &Command) -> Exit {
    match command {
        Command::Build(a) => build::execute(a),
        Command::Check(a) => check::execute(a),
        Command::Status(a) => status::execute(a),
        Command::Watch(a) => watch::execute(a),
        Command::Init(a) => init::execute(a),
        Command::Templates(a) => templates::execute(a),
        Command::Doctor(a) => doctor::execute(a),
        Command::Diff(a) => diff::execute(a),
        Command::Completions(a) => completions::execute(a),
        Command::Questionnaire(a) => questionnaire::execute(a),
        Command::Import(a) => import::execute(a),
        Command::Add(a) => add::execute(a),
        Command::Clean(a) => clean::execute(a),
    }
}

/// How a command ends, as the process's exit code: the one place that
/// gives each outcome its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// Done (warnings allowed).
    Success,
    /// Problems in the input (report.yaml, a reply, a template, the
    /// layout), warnings with `--strict`, or `diff --exit-code` finding
    /// changes: the user's to fix.
    Input,
    /// The tool could not run: bad arguments, no project, typst missing
    /// and not installable, a file that could not be read or written.
    Tool,
}

impl From<Exit> for u8 {
    fn from(e: Exit) -> u8 {
        match e {
            Exit::Success => 0,
            Exit::Input => 1,
            Exit::Tool => 2,
        }
    }
}

/// How a failed build or check ends.
pub(crate) fn build_exit(e: &BuildError) -> Exit {
    match e {
        BuildError::Input(_) | BuildError::Typst(_) => Exit::Input,
        BuildError::Tool(_) => Exit::Tool,
    }
}

/// The terminal settings of this run, validated from the global flags and
/// the environment once, in `main`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Terminal {
    /// Colour on standard error.
    pub color: bool,
    pub quiet: bool,
    pub verbose: bool,
}

static TERMINAL: OnceLock<Terminal> = OnceLock::new();

impl Terminal {
    /// `--color` first; with `auto`, `CLICOLOR_FORCE` (not `0`) forces colour,
    /// `NO_COLOR` (not empty) turns it off, else colour on a terminal.
    pub fn init(args: &TerminalArgs) {
        let env_set = |name: &str, off: &str| {
            std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != off)
        };
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if env_set("CLICOLOR_FORCE", "0") => true,
            ColorChoice::Auto if env_set("NO_COLOR", "") => false,
            ColorChoice::Auto => std::io::stderr().is_terminal(),
        };
        let _ = TERMINAL.set(Terminal {
            color,
            quiet: args.quiet,
            verbose: args.verbose,
        });
    }

    /// The settings of this run (plain, normal verbosity before `init`).
    pub fn get() -> Terminal {
        TERMINAL.get().copied().unwrap_or(Terminal {
            color: false,
            quiet: false,
            verbose: false,
        })
    }
}

/// The project `dir` belongs to (`dir` or the nearest folder above it with a
/// `report.yaml`); with none, the error is printed and the tool's failure
/// returned. Every command but `init` and `completions` starts here.
pub(crate) fn project_root(dir: &Path) -> Result<PathBuf, Exit> {
    crate::project::find_root(dir).map_err(|e| {
        eprintln!("error: {e}");
        eprintln!(
            "help: give the project's folder (`sgreport check path/to/report`), or create one with `sgreport init`"
        );
        Exit::Tool
    })
}

/// Prints a line of what was done (not with `--quiet`).
pub(crate) fn say(line: &str) {
    if !Terminal::get().quiet {
        println!("{line}");
    }
}

/// The standards the PDFs declare: PDF/UA-1 and PDF/A-2a, unless
/// `--no-pdf-standards` (`off`) says the document cannot meet them; that is
/// said every time, even with `--quiet`, since such a PDF may not be
/// published as it is.
pub(crate) fn pdf_standards(off: bool) -> crate::pdf::Standards {
    if !off {
        return crate::pdf::Standards::default();
    }
    eprintln!(
        "warning: --no-pdf-standards: the PDFs declare neither PDF/UA-1 nor PDF/A-2a and \
         typst does not check them, so they may not be accessible to screen-reader users \
         nor fit for archiving; use it only for a document that cannot meet them"
    );
    crate::pdf::Standards::Off
}

/// Prints a notice on standard error (not with `--quiet`).
pub(crate) fn notice(line: &str) {
    if !Terminal::get().quiet {
        eprintln!("{line}");
    }
}

/// With `--verbose`: the files read and ignored, and the time of each stage.
/// `files` lists the replies read when the command knows them (`check`);
/// `build` gives only their number.
pub(crate) fn verbose_report(
    replies: usize,
    files: &[PathBuf],
    ignored: &[(PathBuf, &str)],
    timings: &Timings,
) {
    if !Terminal::get().verbose {
        return;
    }
    eprintln!(
        "read report.yaml and {}",
        count(replies, "reply", "replies")
    );
    for file in files {
        eprintln!("read {}", file.display());
    }
    for (file, why) in ignored {
        eprintln!("ignored {}: {why}", file.display());
    }
    for (stage, took) in &timings.0 {
        eprintln!("{:>16}: {}", stage.name(), millis(*took));
    }
}

fn millis(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// How to print problems for these arguments.
pub(crate) fn style(args: &DiagnosticArgs) -> Style {
    match args.message_format {
        MessageFormat::Short => Style::Short,
        MessageFormat::Human => Style::Human {
            color: Terminal::get().color,
        },
    }
}

/// Prints diagnostics (errors and warnings) found in the project at `root`.
pub(crate) fn print_diagnostics(diags: &[Diagnostic], root: &Path, args: &DiagnosticArgs) {
    if !diags.is_empty() {
        eprint!("{}", diag::render(diags, root, style(args)));
    }
}

/// Prints a failed build with diagnostics rendered for `args`.
pub(crate) fn report_build_error(e: &BuildError, root: &Path, args: &DiagnosticArgs) -> Exit {
    match e {
        BuildError::Input(problems) => {
            print_diagnostics(&problems.0, root, args);
            let errors = problems.error_count();
            let warnings = problems.0.len() - errors;
            if args.message_format == MessageFormat::Human {
                let w = if warnings > 0 {
                    format!(" and {}", count(warnings, "warning", "warnings"))
                } else {
                    String::new()
                };
                eprintln!(
                    "error: {errors} problem{} in the input{w}; nothing was written",
                    plural(errors)
                );
            }
        }
        BuildError::Typst(m) | BuildError::Tool(m) => eprintln!("error: {m}"),
    }
    build_exit(e)
}
