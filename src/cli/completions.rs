//! `sgreport completions <shell>`: a completion script on standard output.

use clap::CommandFactory;

use super::args::{Cli, CompletionsArgs};

pub fn execute(args: &CompletionsArgs) -> u8 {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "sgreport", &mut std::io::stdout());
    0
}
