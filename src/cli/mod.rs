//! The command line: `args` holds the clap structs, one module per command
//! with a small `execute()` returning the exit code, and the terminal output
//! they share (diagnostics, errors, progress bars).

pub mod args;
pub mod build;
pub mod check;
pub mod doctor;
pub mod init;
pub mod progress;
pub mod status;
pub mod templates;
pub mod watch;

use std::io::IsTerminal;
use std::path::Path;

use sgreport::diag::{self, Diagnostic, Style};
use sgreport::pipeline::BuildError;
use sgreport::style::{count, plural};

use args::{DiagnosticArgs, MessageFormat};

/// How to print problems for these arguments: colour only on a terminal.
pub fn style(args: &DiagnosticArgs) -> Style {
    match args.message_format {
        MessageFormat::Short => Style::Short,
        MessageFormat::Human => Style::Human {
            color: std::io::stderr().is_terminal(),
        },
    }
}

/// Prints diagnostics (errors and warnings) found in the project at `root`.
pub fn print_diagnostics(diags: &[Diagnostic], root: &Path, args: &DiagnosticArgs) {
    if !diags.is_empty() {
        eprint!("{}", diag::render(diags, root, style(args)));
    }
}

/// Prints a failed build with diagnostics rendered for `args`.
pub fn report_build_error(e: &BuildError, root: &Path, args: &DiagnosticArgs) -> u8 {
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
        BuildError::Tool(m) => eprintln!("error: {m}"),
    }
    e.exit_code()
}
