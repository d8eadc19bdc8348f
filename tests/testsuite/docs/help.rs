//! What `sgreport --help` says, walked through every command (by running the
//! binary, as a user sees it), and how a command's page must match it: the
//! rules of `docs/src/commands/README.md`.

use std::collections::BTreeSet;
use std::process::Command;
use std::sync::OnceLock;

use super::guide::Page;

/// One command's `--help`: its place (`["build"]`; empty for `sgreport`
/// itself) and what it lists.
#[derive(Debug)]
pub struct HelpCommand {
    pub path: Vec<String>,
    /// Each as `--help` writes it: `--format <FORMAT>`, `-q`, `--quiet`.
    pub flags: BTreeSet<String>,
    /// Without brackets: `DIR`, `OLD`.
    pub arguments: BTreeSet<String>,
    pub subcommands: Vec<String>,
}

impl HelpCommand {
    /// `build`, or `parent-child` for a subcommand's subcommand.
    pub fn page_name(&self) -> String {
        self.path.join("-")
    }
}

/// `sgreport` first, then every command and subcommand, depth first.
pub fn walk() -> &'static [HelpCommand] {
    static WALKED: OnceLock<Vec<HelpCommand>> = OnceLock::new();
    WALKED.get_or_init(|| {
        let mut all = Vec::new();
        visit(Vec::new(), &mut all);
        all
    })
}

fn visit(path: Vec<String>, all: &mut Vec<HelpCommand>) {
    let text = help_text(&path);
    let command = parse(path, &text);
    let children: Vec<Vec<String>> = command
        .subcommands
        .iter()
        .map(|s| {
            let mut p = command.path.clone();
            p.push(s.clone());
            p
        })
        .collect();
    all.push(command);
    for child in children {
        visit(child, all);
    }
}

/// The first-level commands whose `--help` has `flag`.
pub fn commands_with_flag(flag: &str) -> Vec<String> {
    walk()
        .iter()
        .filter(|c| c.path.len() == 1 && c.flags.contains(flag))
        .map(|c| c.path[0].clone())
        .collect()
}

/// The problems of one command's page: missing, a title not naming the
/// command, a flag or argument of `--help` not listed, or one listed that
/// `--help` does not have. The global flags are documented once, on the
/// commands chapter's page.
pub fn check_page(command: &HelpCommand, globals: &BTreeSet<String>) -> Vec<String> {
    let rel = format!("commands/{}.md", command.page_name());
    let Some(page) = Page::try_read_src(&rel) else {
        return vec![format!(
            "docs/src/{rel} is missing: `sgreport {}` has no page",
            command.path.join(" ")
        )];
    };
    let mut problems = Vec::new();
    let title = format!("# sgreport {}", command.path.join(" "));
    if page.text.lines().next() != Some(title.as_str()) {
        problems.push(format!("docs/src/{rel}: the first line must be `{title}`"));
    }
    let own: BTreeSet<String> = command.flags.difference(globals).cloned().collect();
    let listed = page.list_section("Flags");
    for flag in own.difference(&listed) {
        problems.push(format!(
            "docs/src/{rel}, ## Flags: `{flag}` of --help is not documented"
        ));
    }
    for flag in listed.difference(&command.flags) {
        problems.push(format!(
            "docs/src/{rel}, ## Flags: `{flag}` is not a flag of the command"
        ));
    }
    problems.extend(compare(
        &format!("docs/src/{rel}, ## Arguments"),
        &command.arguments,
        &page.list_section("Arguments"),
    ));
    problems
}

/// What `--help` lists and the page does not, and the other way round.
pub fn compare(place: &str, help: &BTreeSet<String>, page: &BTreeSet<String>) -> Vec<String> {
    let missing = help
        .difference(page)
        .map(|x| format!("{place}: `{x}` of --help is not documented"));
    let extra = page
        .difference(help)
        .map(|x| format!("{place}: `{x}` is documented but not in --help"));
    missing.chain(extra).collect()
}

fn help_text(path: &[String]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_sgreport"))
        .args(path)
        .arg("--help")
        .output()
        .expect("run sgreport --help");
    assert!(output.status.success(), "sgreport {path:?} --help failed");
    String::from_utf8(output.stdout).unwrap()
}

/// Reads clap's help: the `Commands:`, `Arguments:` and `Options:` sections,
/// in its short form (one line each) or its long one (the description on the
/// lines below, indented further).
fn parse(path: Vec<String>, text: &str) -> HelpCommand {
    let mut command = HelpCommand {
        path,
        flags: BTreeSet::new(),
        arguments: BTreeSet::new(),
        subcommands: Vec::new(),
    };
    let mut section = "";
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if !line.starts_with(' ') {
            section = line.trim_end();
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        // The item itself is written within 6 columns; what is indented
        // further (descriptions, possible values) is not an item.
        if indent > 6 {
            continue;
        }
        // Before two spaces: the item; after: its description.
        let item = line.trim().split("  ").next().unwrap_or("");
        match section {
            "Commands:" => {
                let name = item.split_whitespace().next().unwrap_or("");
                if !name.is_empty() && name != "help" {
                    command.subcommands.push(name.to_string());
                }
            }
            "Arguments:" => {
                let name = item.trim_matches(|c| "[]<>.".contains(c));
                if !name.is_empty() {
                    command.arguments.insert(name.to_string());
                }
            }
            "Options:" if item.starts_with('-') && !item.starts_with("- ") => {
                command.flags.extend(item.split(", ").map(str::to_string));
            }
            _ => {}
        }
    }
    command
}
