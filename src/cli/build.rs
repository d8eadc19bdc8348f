//! `sgreport build [DIR]`: check, then write the Markdown and PDFs.

use crate::output::names::{DocumentNames, OutputKind};
use crate::pipeline::{BuildOptions, Builder, Written};
use crate::style::count;

use super::args::BuildArgs;
use super::Exit;

pub fn execute(args: &BuildArgs) -> Exit {
    let root = match super::project_root(&args.dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let opts = BuildOptions {
        pdf: !args.no_pdf,
        keep_typ: args.keep_typ,
        strict: args.diagnostics.strict,
        docx: args.docx,
        review: args.review,
        pdf_standards: super::pdf_standards(args.no_pdf_standards && !args.no_pdf),
    };
    let mut builder = Builder::new(&root, opts)
        .once()
        .with_progress(super::progress::for_terminal());
    let report = builder.build(&|m| super::notice(m));
    super::print_diagnostics(&report.warnings, &root, &args.diagnostics);
    match report.outcome {
        Ok(written) => {
            let replies = written.iter().map(|w| w.replies).sum();
            super::verbose_report(replies, &[], &report.ignored, &report.timings);
            for w in &written {
                super::say(&wrote(w));
                if args.review {
                    super::say(&wrote_review(w));
                }
            }
            Exit::Success
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

/// `wrote output/X.sources.json and output/X.review.pdf (review copy)`
fn wrote_review(w: &Written) -> String {
    let names = DocumentNames::for_symbol(&w.symbol);
    let dir = w.markdown.parent().unwrap_or(std::path::Path::new("."));
    let json = names.name(OutputKind::Sources).in_dir(dir);
    let pdf = w
        .pdf
        .as_ref()
        .map(|_| {
            format!(
                " and {}",
                names.name(OutputKind::ReviewPdf).in_dir(dir).display()
            )
        })
        .unwrap_or_default();
    format!("wrote {}{pdf} (review copy)", json.display())
}
