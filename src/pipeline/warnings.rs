//! Everything worth a warning in a project that can be built: the input's
//! own warnings and the report's length against its word limit.

use super::Rendered;
use crate::diag::{Diagnostic, Severity};
use crate::submissions::{self, Project};
use crate::wordcount::count_words;

/// Every warning of a checked and rendered project.
pub fn warnings(project: &Project, docs: &[Rendered]) -> Vec<Diagnostic> {
    let mut out = submissions::warnings(project);
    if let Some(main) = docs.first() {
        out.extend(word_limit_warning(project, &main.markdown));
    }
    out
}

/// The main report over `word_limit`: the count, the limit and the three
/// longest sections, so the editor knows where to cut.
fn word_limit_warning(project: &Project, markdown: &str) -> Option<Diagnostic> {
    let limit = project.config.word_limit as usize;
    let count = count_words(markdown);
    if count.total <= limit {
        return None;
    }
    let mut parts: Vec<(String, usize)> = count
        .subsections
        .iter()
        .map(|(chapter, section, n)| {
            let name = if section.is_empty() { chapter } else { section };
            (name.clone(), *n)
        })
        .chain(
            count
                .sections
                .iter()
                .filter(|(name, _)| !count.subsections.iter().any(|(c, _, _)| c == name))
                .cloned(),
        )
        .collect();
    parts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let longest: Vec<String> = parts
        .iter()
        .take(3)
        .map(|(name, n)| format!("{name} ({n} words)"))
        .collect();
    let message = format!(
        "the report has {} words, over its word limit of {limit} ({} words over)",
        count.total,
        count.total - limit
    );
    Some(
        Diagnostic::warning("report.yaml", 0, 0, message)
            .with_help(format!("the longest parts: {}", longest.join(", "))),
    )
}

/// Warnings turned into errors, for `--strict`.
pub fn strict(warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    warnings
        .into_iter()
        .map(|mut d| {
            d.severity = Severity::Error;
            d.help = Some(match d.help {
                Some(h) => format!("{h} (a warning, made an error by --strict)"),
                None => "a warning, made an error by --strict".into(),
            });
            d
        })
        .collect()
}
