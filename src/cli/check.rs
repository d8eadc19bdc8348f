use sgreport::build::{check, render_markdown, strict, warnings, BuildError};
use sgreport::diag::Problems;

use super::args::CheckArgs;

pub fn execute(args: &CheckArgs) -> u8 {
    let result = check(&args.dir).and_then(|(project, templates)| {
        let docs = render_markdown(&project, &templates)?;
        Ok((project.replies.len(), docs.len(), warnings(&project, &docs)))
    });
    match result {
        Ok((_, _, w)) if args.diagnostics.strict && !w.is_empty() => {
            let e = BuildError::Input(Problems(strict(w)));
            super::report_build_error(&e, &args.dir, &args.diagnostics)
        }
        Ok((replies, docs, w)) => {
            super::print_diagnostics(&w, &args.dir, &args.diagnostics);
            let warned = if w.is_empty() {
                String::new()
            } else {
                format!(", {} warning{}", w.len(), super::plural(w.len()))
            };
            let r = if replies == 1 { "reply" } else { "replies" };
            println!(
                "ok: {replies} {r}, {docs} document{}{warned}",
                super::plural(docs)
            );
            0
        }
        Err(e) => super::report_build_error(&e, &args.dir, &args.diagnostics),
    }
}
