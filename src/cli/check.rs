//! `sgreport check [DIR]`: every problem of every file; writes nothing.

use crate::pipeline::{check_pdf, prepare, prepare_typst, BuildError, Prepared};
use std::path::Path;

use crate::style::count;

use super::args::CheckArgs;
use super::Exit;

pub fn execute(args: &CheckArgs) -> Exit {
    let root = match super::project_root(&args.dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let prepared = match prepare(&root) {
        Ok(p) => p,
        Err(e) => return super::report_build_error(&e, &root, &args.diagnostics),
    };
    if let Err(e) = prepared.check_strict(args.diagnostics.strict) {
        return super::report_build_error(&e, &root, &args.diagnostics);
    }
    super::print_diagnostics(&prepared.warnings, &root, &args.diagnostics);
    if !args.no_pdf {
        let standards = super::pdf_standards(args.no_pdf_standards);
        if let Err(e) = check_layout(&prepared, &root, standards) {
            return super::report_build_error(&e, &root, &args.diagnostics);
        }
    }
    let files: Vec<std::path::PathBuf> = prepared
        .project
        .replies
        .iter()
        .map(|r| r.file.clone())
        .collect();
    super::verbose_report(
        prepared.project.replies.len(),
        &files,
        &prepared.project.ignored,
        &prepared.timings,
    );
    super::say(&summary(&prepared));
    Exit::Success
}

/// `ok: 6 replies, 2 documents, 1 warning (2 files ignored in submissions/)`
fn summary(p: &Prepared) -> String {
    let warned = match p.warnings.len() {
        0 => String::new(),
        n => format!(", {}", count(n, "warning", "warnings")),
    };
    let ignored = match p.project.ignored.len() {
        0 => String::new(),
        n => format!(
            " ({} ignored in submissions/; -v lists them)",
            count(n, "file", "files")
        ),
    };
    format!(
        "ok: {}, {}{warned}{ignored}",
        count(p.project.replies.len(), "reply", "replies"),
        count(p.documents.len(), "document", "documents")
    )
}

/// Compiles the documents with typst, into a temporary folder: what `build`
/// would reject, `check` rejects.
fn check_layout(
    prepared: &Prepared,
    root: &Path,
    standards: crate::pdf::Standards,
) -> Result<(), BuildError> {
    let progress = super::progress::for_terminal();
    let typst = prepare_typst(root, &|m| super::notice(m), progress.as_ref()).map_err(
        |e| match e {
            BuildError::Tool(m) => BuildError::Tool(format!(
                "{m}\nThe PDF layout was not checked (`sgreport check --no-pdf` checks everything else)."
            )),
            other => other,
        },
    )?;
    check_pdf(prepared, &typst, standards)
}
