//! Every command-line struct, in one place.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

const EXIT_CODES: &str = "Exit codes:\n  0  success (warnings allowed)\n  1  problems in the input (report.yaml, a reply, a template), or warnings with --strict\n  2  the tool could not run (bad arguments, typst missing and not installable, output folder not writable)";

#[derive(Debug, Parser)]
#[command(
    name = "sgreport",
    version,
    about = "Builds a draft Report of the Secretary-General from Member States' replies",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(flatten)]
    pub terminal: TerminalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// How much to say and whether in colour; accepted before or after the command.
#[derive(Debug, Clone, clap::Args)]
pub struct TerminalArgs {
    /// Colour in messages: auto (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always or never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Print only errors and warnings
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print the files read and ignored, and the time of each stage
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build output/<symbol>.md and .pdf (and .docx with --docx; the addendum's too) from DIR
    #[command(after_help = EXIT_CODES)]
    Build(BuildArgs),
    /// Check report.yaml, every reply, the templates and the PDF layout; write nothing
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Where the report stands: replies, missing Member States, length, days left
    #[command(after_help = EXIT_CODES)]
    Status(StatusArgs),
    /// Build, then rebuild whenever report.yaml, a reply or a template changes
    #[command(after_help = EXIT_CODES)]
    Watch(WatchArgs),
    /// Create a new report project in DIR, default the current folder (never overwrites a file)
    #[command(
        after_help = "Exit codes:\n  0  the project was created\n  1  a file it would write exists already: nothing was written\n  2  a file or folder could not be created (what this run wrote is removed)"
    )]
    Init(InitArgs),
    /// List the templates; copy built-in ones to edit (--eject); show what each receives (--variables)
    #[command(
        after_help = "Exit codes:\n  0  success\n  1  a template to copy exists already (nothing was copied), or the project has problems (--variables)\n  2  bad arguments (an unknown template), no project found, a file could not be written\n\nThe templates, their variables and filters: docs/templates.md"
    )]
    Templates(TemplatesArgs),
    /// Show which typst and which fonts a build of DIR would use, and why
    Doctor(DoctorArgs),
    /// Print a shell completion script (e.g. `sgreport completions bash > ~/.local/share/bash-completion/completions/sgreport`)
    Completions(CompletionsArgs),
    /// Compare two drafts: write <NEW>.changes.md (CriticMarkup) and a redline <NEW>.changes.pdf, print a summary
    #[command(
        after_help = "Exit codes:\n  0  compared (with --exit-code: the drafts are the same but for numbering)\n  1  with --exit-code: the drafts differ\n  2  a file is not a draft written by sgreport or cannot be read or written, or typst could not make the redline (the Markdown is written first)"
    )]
    Diff(DiffArgs),
    /// Write output/<symbol>.questionnaire.docx and .pdf: the form annexed to the note verbale
    #[command(
        after_help = "Exit codes:\n  0  written\n  1  problems in report.yaml or the layout\n  2  the tool could not run (no project, typst missing, output folder not writable)"
    )]
    Questionnaire(QuestionnaireArgs),
    /// Read a filled questionnaire (.docx) into a new reply under submissions/
    #[command(
        after_help = "Exit codes:\n  0  the reply was written\n  1  the file is not a questionnaire of this report, is damaged, has answers that cannot be imported, names an unknown sender, or the reply exists already: nothing was written\n  2  the tool could not run (no project, the file cannot be read, the reply cannot be written)"
    )]
    Import(ImportArgs),
    /// Write a reply skeleton for one sender under submissions/, every question as a comment
    #[command(
        after_help = "Exit codes:\n  0  the skeleton was written\n  1  the name is not a sender this report can have, or the file exists already: nothing was written\n  2  the tool could not run"
    )]
    Add(AddArgs),
    /// Remove what sgreport wrote in DIR's output/ (its outputs and its state), nothing else
    #[command(
        after_help = "Exit codes:\n  0  removed (or nothing to remove)\n  2  no project found, or output/ could not be cleaned"
    )]
    Clean(CleanArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum MessageFormat {
    /// rustc-style: message, location, source line with a caret, help
    #[default]
    Human,
    /// one `file:line:col: severity: message` line each
    Short,
}

#[derive(Debug, Clone, clap::Args)]
pub struct DiagnosticArgs {
    /// How problems are printed
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// Treat warnings (including the word limit) as errors
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The report project folder (with report.yaml and submissions/)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Write only the Markdown, not the PDF
    #[arg(long)]
    pub no_pdf: bool,
    /// Also keep the generated Typst as output/<symbol>.typ (a build
    /// without this flag removes it)
    #[arg(long)]
    pub keep_typ: bool,
    /// Also write output/<symbol>.docx: the draft in Word, in UN styles
    #[arg(long)]
    pub docx: bool,
    /// Also write output/<symbol>.sources.json and a review copy, <symbol>.review.pdf
    #[arg(long)]
    pub review: bool,
    /// Write PDFs that declare neither PDF/UA-1 nor PDF/A-2a, for a document
    /// that cannot meet them (typst then does not check them)
    #[arg(long)]
    pub no_pdf_standards: bool,
    #[command(flatten)]
    pub diagnostics: DiagnosticArgs,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The report project folder
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Do not compile the PDF layout (into a temporary folder) to check it
    #[arg(long)]
    pub no_pdf: bool,
    /// Compile the PDF without PDF/UA-1 and PDF/A-2a, as `build
    /// --no-pdf-standards` does, for a document that cannot meet them
    #[arg(long)]
    pub no_pdf_standards: bool,
    #[command(flatten)]
    pub diagnostics: DiagnosticArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum StatusFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The report project folder
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Print only the Member States that have not replied, one name a line
    #[arg(long)]
    pub missing: bool,
    /// text (a table for an 80-column terminal) or json (for scripts)
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    pub format: StatusFormat,
    /// Count days left from this date (YYYY-MM-DD) instead of today
    #[arg(long)]
    pub today: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    /// The report project folder
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Write only the Markdown, not the PDF
    #[arg(long)]
    pub no_pdf: bool,
    #[command(flatten)]
    pub diagnostics: DiagnosticArgs,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create the project in (created if missing)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct TemplatesArgs {
    /// The report project folder
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// List the templates (also what happens without it; kept for scripts)
    #[arg(long, conflicts_with_all = ["eject", "eject_all", "variables"])]
    pub list: bool,
    /// Copy these built-in templates into templates/ to edit (never over a file)
    #[arg(long, value_name = "NAME", num_args = 1.., conflicts_with_all = ["eject_all", "variables"])]
    pub eject: Vec<String>,
    /// Copy every built-in template not yet in templates/ (existing files are kept)
    #[arg(long, conflicts_with = "variables")]
    pub eject_all: bool,
    /// Print the variables each template receives, with their types and the values of this project
    #[arg(long)]
    pub variables: bool,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct DoctorArgs {
    /// The report project folder (its fonts/ folder counts)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The earlier draft (output/<symbol>.md of an earlier build)
    pub old: PathBuf,
    /// The later draft; <NEW without .md>.changes.md is written next to it
    pub new: PathBuf,
    /// Exit 1 when the drafts differ (as `diff` does)
    #[arg(long)]
    pub exit_code: bool,
    /// Write only the changes Markdown, not the redline PDF
    #[arg(long)]
    pub no_pdf: bool,
    /// Also write <NEW without .md>.changes.docx: the new draft in Word with
    /// every change as a tracked change (author sgreport)
    #[arg(long)]
    pub docx: bool,
    /// Write PDFs that declare neither PDF/UA-1 nor PDF/A-2a, for a document
    /// that cannot meet them (typst then does not check them)
    #[arg(long)]
    pub no_pdf_standards: bool,
}

#[derive(Debug, clap::Args)]
pub struct QuestionnaireArgs {
    /// The report project folder
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Write only the Word file, not the PDF
    #[arg(long)]
    pub no_pdf: bool,
}

/// Who sent a reply, when the name alone does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum KindArg {
    #[default]
    MemberState,
    NonMemberState,
    Organization,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The filled questionnaire (.docx, from Word or LibreOffice)
    pub file: PathBuf,
    /// The report project folder
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The date the reply reached the Secretariat (YYYY-MM-DD); never guessed from the file
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub received: String,
    /// The sender's kind: a Member State unless told otherwise
    #[arg(long, value_enum, default_value_t = KindArg::MemberState)]
    pub kind: KindArg,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The sender: a Member State's short name on the report's date, or an organization's name
    pub name: String,
    /// The report project folder
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The sender's kind: a Member State unless told otherwise
    #[arg(long, value_enum, default_value_t = KindArg::MemberState)]
    pub kind: KindArg,
    /// The date the reply reached the Secretariat (YYYY-MM-DD), if known
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub received: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct CleanArgs {
    /// The report project folder (with report.yaml)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}
