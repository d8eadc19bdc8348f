//! `sgreport build [DIR]`: check, then write the Markdown and PDFs.

use sgreport::pipeline::{BuildOptions, Builder, Written};
use sgreport::style::count;

use super::args::BuildArgs;

pub fn execute(args: &BuildArgs) -> u8 {
    let root = match super::project_root(&args.dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    // Warnings the Builder does not know of: a paragraph number typed in a
    // template; with --strict, also placeholder text `init` left. With
    // --strict they fail the build as they fail `check --strict`.
    let typed = sgreport::render::templates::typed_number_warnings(&root);
    if !args.diagnostics.strict {
        super::print_diagnostics(&typed, &root, &args.diagnostics);
    } else {
        let mut left = typed;
        left.extend(sgreport::init::placeholder_warnings(&root));
        if !left.is_empty() {
            let e = sgreport::pipeline::BuildError::Input(sgreport::diag::Problems(
                sgreport::pipeline::strict(left),
            ));
            return super::report_build_error(&e, &root, &args.diagnostics);
        }
    }
    let opts = BuildOptions {
        pdf: !args.no_pdf,
        keep_typ: args.keep_typ,
        strict: args.diagnostics.strict,
        docx: args.docx,
    };
    let mut builder = Builder::new(&root, opts).with_progress(super::progress::for_terminal());
    let report = builder.build(&|m| super::notice(m));
    super::print_diagnostics(&report.warnings, &root, &args.diagnostics);
    match report.outcome {
        Ok(written) => {
            let replies = written.iter().map(|w| w.replies).sum();
            super::verbose_report(replies, &[], &report.ignored, &report.timings);
            for w in &written {
                super::say(&wrote(w));
            }
            0
        }
        Err(e) => super::report_build_error(&e, &root, &args.diagnostics),
    }
}

/// `wrote output/X.md and output/X.pdf (E/CN.15/2004/7: 5 replies, 12 numbered paragraphs)`;
/// with `--docx`, `wrote output/X.md, output/X.docx and output/X.pdf (...)`.
fn wrote(w: &Written) -> String {
    let docx = w
        .docx
        .as_ref()
        .map(|p| {
            format!(
                "{}{}",
                if w.pdf.is_some() { ", " } else { " and " },
                p.display()
            )
        })
        .unwrap_or_default();
    let pdf = w
        .pdf
        .as_ref()
        .map(|p| format!(" and {}", p.display()))
        .unwrap_or_default();
    format!(
        "wrote {}{docx}{pdf} ({}: {}, {})",
        w.markdown.display(),
        w.symbol,
        count(w.replies, "reply", "replies"),
        count(
            w.paragraphs as usize,
            "numbered paragraph",
            "numbered paragraphs"
        )
    )
}
