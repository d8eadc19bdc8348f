use sgreport::build::{BuildOptions, Session};

use super::args::BuildArgs;

pub fn execute(args: &BuildArgs) -> u8 {
    let opts = BuildOptions {
        pdf: !args.no_pdf,
        keep_typ: args.keep_typ,
        strict: args.diagnostics.strict,
    };
    let mut session = Session::new(&args.dir, opts).with_progress(super::progress::for_terminal());
    let result = session.build(&|m| eprintln!("{m}"));
    super::print_diagnostics(&session.last_warnings, &args.dir, &args.diagnostics);
    match result {
        Ok(written) => {
            for w in written {
                let pdf = w
                    .pdf
                    .map(|p| format!(" and {}", p.display()))
                    .unwrap_or_default();
                println!(
                    "wrote {}{pdf} ({}: {} repl{}, {} numbered paragraph{})",
                    w.markdown.display(),
                    w.symbol,
                    w.replies,
                    if w.replies == 1 { "y" } else { "ies" },
                    w.paragraphs,
                    super::plural(w.paragraphs as usize)
                );
            }
            0
        }
        Err(e) => super::report_build_error(&e, &args.dir, &args.diagnostics),
    }
}
