//! `sgreport templates [DIR]`: list the templates (default), copy built-in
//! ones to edit (`--eject NAME...`, `--eject-all`), or print what each
//! receives (`--variables`).

use std::path::Path;

use crate::render::overview::{eject, eject_all, template_overview, EjectError};

use super::args::TemplatesArgs;
use super::Exit;

pub fn execute(args: &TemplatesArgs) -> Exit {
    let root = match super::project_root(&args.dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if args.variables {
        return super::variables::execute(&root);
    }
    if !args.eject.is_empty() {
        return match eject(&root, &args.eject) {
            Ok(written) => {
                for f in written {
                    super::say(&format!(
                        "copied {} (edit it; `sgreport templates` marks it)",
                        f.display()
                    ));
                }
                Exit::Success
            }
            Err(e) => eject_error(&e),
        };
    }
    if args.eject_all {
        return match eject_all(&root) {
            Ok((written, kept)) => {
                for f in written {
                    super::say(&format!("copied {}", f.display()));
                }
                for f in kept {
                    super::say(&format!("kept {} (exists already)", f.display()));
                }
                Exit::Success
            }
            Err(e) => eject_error(&e),
        };
    }
    list(&root)
}

fn eject_error(e: &EjectError) -> Exit {
    eprintln!("error: {e}");
    match e {
        EjectError::Unknown { nearest, .. } => {
            match nearest {
                Some(n) => eprintln!("help: did you mean `{n}`? (`sgreport templates` lists them)"),
                None => eprintln!("help: `sgreport templates` lists the built-in templates"),
            }
            Exit::Tool
        }
        EjectError::Exists(_) => {
            eprintln!("help: a template already in templates/ is yours to edit; move it away to copy the built-in one again");
            Exit::Input
        }
        EjectError::Io { .. } => Exit::Tool,
    }
}

/// The built-in templates, which ones `templates/` overrides, and any other
/// files there.
fn list(root: &Path) -> Exit {
    let entries = template_overview(root);
    let name_w = entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let status: Vec<String> = entries.iter().map(|e| e.status.to_string()).collect();
    let status_w = status.iter().map(String::len).max().unwrap_or(0);
    println!(
        "templates of {} (a file in {}/templates/ overrides the built-in one of the same name):",
        root.display(),
        root.display()
    );
    for (e, s) in entries.iter().zip(&status) {
        println!("  {:<name_w$}  {:<status_w$}  {}", e.name, s, e.description);
    }
    Exit::Success
}
