//! The command line: parse, then hand over to `cmd::<name>::execute`.

mod args;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            // --help and --version exit 0; bad arguments exit 2.
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let code = match &cli.command {
        Command::Build(a) => cmd::build::execute(a),
        Command::Check(a) => cmd::check::execute(a),
        Command::Status(a) => cmd::status::execute(a),
        Command::Watch(a) => cmd::watch::execute(a),
        Command::Init(a) => cmd::init::execute(a),
        Command::Templates(a) => cmd::templates::execute(a),
        Command::Doctor => cmd::doctor::execute(),
    };
    ExitCode::from(code)
}
