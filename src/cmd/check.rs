use sgreport::build::{check, render_markdown};

use crate::args::CheckArgs;

pub fn execute(args: &CheckArgs) -> u8 {
    let result = check(&args.dir).and_then(|(project, templates)| {
        render_markdown(&project, &templates).map(|docs| (project.replies.len(), docs.len()))
    });
    match result {
        Ok((replies, docs)) => {
            println!(
                "ok: {replies} replies, {docs} document{}",
                if docs == 1 { "" } else { "s" }
            );
            0
        }
        Err(e) => super::report_error(&e),
    }
}
