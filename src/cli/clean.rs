//! `sgreport clean [DIR]`: removes what sgreport wrote in `output/` (the
//! outputs of the last build and sgreport's own state), nothing else.

use crate::output::names::DocumentNames;
use crate::output::OutputDir;
use crate::project::ProjectLayout;
use crate::style::count;

use super::args::CleanArgs;
use super::Exit;

pub fn execute(args: &CleanArgs) -> Exit {
    let root = match super::project_root(&args.dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let out_dir = ProjectLayout::new(&root).output();
    if std::fs::symlink_metadata(&out_dir).is_err() {
        super::say(&format!(
            "nothing to clean: there is no {}",
            out_dir.display()
        ));
        return Exit::Success;
    }
    // With report.yaml readable, the documents' outputs are recognised even
    // where no journal names them (written by an earlier version).
    let documents: Vec<DocumentNames> = crate::submissions::load_config(&root)
        .map(|c| {
            vec![
                DocumentNames::for_symbol(&c.config.symbol),
                DocumentNames::for_symbol(&c.config.addendum_symbol()),
            ]
        })
        .unwrap_or_default();
    let removed = OutputDir::clean(&out_dir, &documents, &|m| super::notice(m));
    match removed {
        Ok(names) => {
            super::say(&format!(
                "removed {} and sgreport's state from {}",
                count(names.len(), "output", "outputs"),
                out_dir.display()
            ));
            Exit::Success
        }
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Tool
        }
    }
}
