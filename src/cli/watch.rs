use std::sync::atomic::AtomicBool;

use crate::watch::{run, Event, WatchOptions};

use super::args::WatchArgs;
use super::Exit;

/// Runs until Ctrl-C. The tool's failure if the folder cannot be watched at all;
/// failed builds are reported and watching goes on.
pub fn execute(args: &WatchArgs) -> Exit {
    let root = match super::project_root(&args.dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let opts = WatchOptions {
        pdf: !args.no_pdf,
        strict: args.diagnostics.strict,
        ..WatchOptions::default()
    };
    let stop = AtomicBool::new(false);
    let result = run(
        &root,
        &opts,
        |r| match r {
            Event::Line(l) => println!("{l}"),
            Event::Notice(n) => eprintln!("{n}"),
            Event::Failed(e) => {
                super::report_build_error(e, &root, &args.diagnostics);
            }
            Event::Warnings(w) => super::print_diagnostics(w, &root, &args.diagnostics),
        },
        &stop,
    );
    match result {
        Ok(()) => Exit::Success,
        Err(m) => {
            eprintln!("error: {m}");
            Exit::Tool
        }
    }
}
