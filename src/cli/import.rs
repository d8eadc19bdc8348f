//! `sgreport import FILE.docx [DIR] --received YYYY-MM-DD`: a filled
//! questionnaire into a new reply, and a summary of what was found.

use crate::date::Date;
use crate::diag::{self, Style};
use crate::questionnaire::{self, ImportError, NewReply};
use crate::style::count;
use crate::submissions::{ReportConfig, SenderKind};
use std::path::Path;

use super::args::{ImportArgs, KindArg};
use super::Exit;

pub fn execute(args: &ImportArgs) -> Exit {
    let root = match super::project_root(&args.dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let Some(received) = date_arg(&args.received) else {
        return Exit::Tool;
    };
    let Some(config) = load_config(&root) else {
        return Exit::Input;
    };
    let source = args.file.file_name().map_or_else(
        || args.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let new = NewReply {
        kind: kind(args.kind),
        received,
        source: &source,
    };
    match questionnaire::import(&root, &config, &args.file, &new) {
        Ok(done) => {
            super::say(&format!(
                "wrote {}: the reply of {}, received {} ({}, {}, {})",
                done.file.display(),
                done.from,
                received,
                count(done.answers, "answer", "answers"),
                count(done.indicators, "indicator", "indicators"),
                count(done.figures, "figure", "figures"),
            ));
            if !done.blank.is_empty() {
                super::say(&format!("left blank ({}):", done.blank.len()));
                for title in &done.blank {
                    super::say(&format!("  {title}"));
                }
            }
            Exit::Success
        }
        Err(e) => report(&e, &root, &args.file),
    }
}

/// `--received`: a date, or a message and `None` (bad arguments).
pub fn date_arg(s: &str) -> Option<Date> {
    match Date::parse(s.trim()) {
        Ok(d) => Some(d),
        Err(e) => {
            eprintln!("error: --received {s:?}: {e}");
            eprintln!("help: give the date the reply reached the Secretariat, for example --received 2004-01-20");
            None
        }
    }
}

/// report.yaml, its problems printed when it has any.
pub fn load_config(root: &Path) -> Option<ReportConfig> {
    match crate::submissions::load_config(root) {
        Ok(c) => Some(c.config),
        Err(problems) => {
            eprint!("{}", diag::render(&problems.0, root, human()));
            eprintln!("error: report.yaml has problems; nothing was written");
            None
        }
    }
}

pub fn kind(k: KindArg) -> SenderKind {
    match k {
        KindArg::MemberState => SenderKind::MemberState,
        KindArg::NonMemberState => SenderKind::NonMemberState,
        KindArg::Organization => SenderKind::Organization,
    }
}

fn human() -> Style {
    Style::Human {
        color: super::Terminal::get().color,
    }
}

/// Prints `e` with what to do about it; returns how the command ends: a
/// problem in the input (the file, the answers, the name, a reply that
/// exists) is the user's to fix; one reading or writing is the tool's.
pub fn report(e: &ImportError, root: &Path, file: &Path) -> Exit {
    match e {
        ImportError::Answers(problems) => {
            for p in problems {
                eprintln!("error: {}: {}", p.control, p.message);
                eprintln!("  help: {}", p.help);
            }
        }
        ImportError::Check { diagnostics, .. } => {
            eprint!("{}", diag::render(diagnostics, root, human()));
        }
        _ => {}
    }
    // Problems of the file itself are prefixed with its name.
    let what = match e {
        ImportError::Damaged(_)
        | ImportError::TooLarge(_)
        | ImportError::NotAQuestionnaire
        | ImportError::OtherReport { .. }
        | ImportError::Answers(_)
        | ImportError::NoSender => format!("{}: ", file.display()),
        _ => String::new(),
    };
    eprintln!("error: {what}{e}");
    match e {
        ImportError::Sender(s) => {
            if let Some(h) = &s.help {
                eprintln!("help: {h}");
            }
        }
        ImportError::Exists(_) => eprintln!(
            "help: a reply from this sender is there already; if this is a further reply, rename the existing file (for example to ...-1.yaml) and import again"
        ),
        ImportError::OtherReport { .. } | ImportError::NotAQuestionnaire => eprintln!(
            "help: import questionnaires written by `sgreport questionnaire` for this report; to type a reply by hand, use `sgreport add NAME`"
        ),
        ImportError::NoSender => eprintln!("help: type the sender's name in the questionnaire's first control and import again"),
        _ => {}
    }
    match e {
        ImportError::Read { .. } | ImportError::Write { .. } => Exit::Tool,
        _ => Exit::Input,
    }
}
