//! `sgreport completions <shell>`: a completion script on standard output.

use clap::CommandFactory;

use super::args::{Cli, CompletionsArgs};
use super::Exit;

pub fn execute(args: &CompletionsArgs) -> Exit {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "sgreport", &mut std::io::stdout());
    Exit::Success
}
