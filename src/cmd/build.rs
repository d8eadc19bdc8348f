use sgreport::build::{build, BuildOptions};

use crate::args::BuildArgs;

pub fn execute(args: &BuildArgs) -> u8 {
    let opts = BuildOptions {
        pdf: !args.no_pdf,
        keep_typ: args.keep_typ,
    };
    match build(&args.dir, &opts, &|m| eprintln!("{m}")) {
        Ok(written) => {
            for w in written {
                let pdf = w
                    .pdf
                    .map(|p| format!(" and {}", p.display()))
                    .unwrap_or_default();
                println!(
                    "wrote {}{pdf} ({}: {} replies, {} numbered paragraphs)",
                    w.markdown.display(),
                    w.symbol,
                    w.replies,
                    w.paragraphs
                );
            }
            0
        }
        Err(e) => super::report_error(&e),
    }
}
