//! The placeholder text `sgreport init` leaves in report.yaml and its
//! example reply ("[Title of the report: replace this text]"): a draft
//! still holding one is not ready to be issued, so each is a warning on
//! every `check` and `build`, found in the text the reader has already read.

use std::path::Path;

use crate::diag::Diagnostic;

/// The beginnings of the placeholder texts `init` writes.
pub const PLACEHOLDERS: &[&str] = &[
    "[Title of the report",
    "[Example text",
    "[a first point",
    "[a second point",
];

/// A warning at each placeholder in `text` (the file `file`), outside YAML
/// comments, underlining the whole bracketed text.
pub fn warnings(file: &Path, text: &str) -> Vec<Diagnostic> {
    // Most files have none: no line-by-line look at them.
    if !PLACEHOLDERS.iter().any(|p| text.contains(p)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split(" #").next().unwrap_or(line);
        if code.trim_start().starts_with('#') {
            continue;
        }
        for p in PLACEHOLDERS {
            if let Some(at) = code.find(p) {
                let column = code[..at].chars().count() + 1;
                let len = code[at..]
                    .find(']')
                    .map_or(p.chars().count(), |end| code[at..=at + end].chars().count());
                out.push(
                    Diagnostic::warning(
                        file,
                        i + 1,
                        column,
                        "placeholder text left by `sgreport init`",
                    )
                    .with_span_len(len)
                    .with_help("replace the text in [square brackets] with the report's own"),
                );
            }
        }
    }
    out
}
