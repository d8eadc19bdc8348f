//! The `sgreport` program: parse the command line, hand over to
//! `cli::<command>::execute`, exit with its code. The work is in the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::args::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            // --help and --version succeed; bad arguments are the tool's.
            let exit = if e.use_stderr() {
                cli::Exit::Tool
            } else {
                cli::Exit::Success
            };
            return ExitCode::from(u8::from(exit));
        }
    };
    cli::Terminal::init(&cli.terminal);
    // Every command that reads "today" would otherwise fall back to the
    // clock: a mistyped SGREPORT_TODAY is refused like a bad option.
    if let Err(e) = sgreport::date::today_from_env() {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let code = match &cli.command {
        Command::Build(a) => cli::build::execute(a),
        Command::Check(a) => cli::check::execute(a),
        Command::Status(a) => cli::status::execute(a),
        Command::Watch(a) => cli::watch::execute(a),
        Command::Init(a) => cli::init::execute(a),
        Command::Templates(a) => cli::templates::execute(a),
        Command::Doctor(a) => cli::doctor::execute(a),
        Command::Diff(a) => cli::diff::execute(a),
        Command::Completions(a) => cli::completions::execute(a),
        Command::Questionnaire(a) => cli::questionnaire::execute(a),
        Command::Import(a) => cli::import::execute(a),
        Command::Add(a) => cli::add::execute(a),
        Command::Clean(a) => cli::clean::execute(a),
    };
    ExitCode::from(u8::from(code))
}
