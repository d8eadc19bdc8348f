//! Every command-line struct, in one place.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

const EXIT_CODES: &str = "Exit codes:\n  0  success (warnings allowed)\n  1  problems in the input (report.yaml, a reply, a template)\n  2  the tool could not run (bad arguments, typst missing and not installable, output folder not writable)";

#[derive(Debug, Parser)]
#[command(name = "sgreport", version, about = "Builds a draft Report of the Secretary-General from Member States' replies", after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build output/<symbol>.md and .pdf (and the addendum's) from DIR
    #[command(after_help = EXIT_CODES)]
    Build(BuildArgs),
    /// Check report.yaml, every reply and the templates; write nothing
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Show which typst and which fonts a build would use
    Doctor,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The report project folder (with report.yaml and submissions/)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Write only the Markdown, not the PDF
    #[arg(long)]
    pub no_pdf: bool,
    /// Also keep the generated Typst as output/<symbol>.typ
    #[arg(long)]
    pub keep_typ: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The report project folder
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}
