//! `sgreport templates`: the built-in templates, what each writes, and which
//! ones a project's `templates/` folder overrides.

use std::fmt;
use std::fs;
use std::path::Path;

use super::templates::BUILTIN;

/// One line of `sgreport templates`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateEntry {
    pub name: String,
    pub description: String,
    pub status: TemplateStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateStatus {
    /// Only the built-in text is used.
    BuiltIn,
    /// `templates/<name>` overrides it; `edited` is false while the file is
    /// still the built-in text.
    Overridden { edited: bool },
    /// A project template with no built-in of that name, which a template can
    /// include (`.md`).
    Added,
    /// A file in `templates/` that no build reads.
    Unused,
}

impl fmt::Display for TemplateStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TemplateStatus::BuiltIn => "built in",
            TemplateStatus::Overridden { edited: true } => "overridden (edited)",
            TemplateStatus::Overridden { edited: false } => "overridden (unchanged)",
            TemplateStatus::Added => "project only",
            TemplateStatus::Unused => "not used",
        })
    }
}

/// What each built-in template writes.
pub const DESCRIPTIONS: &[(&str, &str)] = &[
    (
        "report.md",
        "the order of the parts; the <!-- sgreport:... --> markers",
    ),
    ("masthead.md", "page 1 above the title"),
    ("summary.md", "the summary (unnumbered, boxed in the PDF)"),
    (
        "introduction.md",
        "chapter I: the mandate and the replies received",
    ),
    (
        "analysis.md",
        "chapter II: one section per topic, each reply attributed",
    ),
    (
        "indicators.md",
        "the questionnaire's closed questions as sentences",
    ),
    ("conclusions.md", "the conclusions and recommendations"),
    ("annexes.md", "list of replies; statistics tables"),
    ("un-report.typ", "the PDF layout (Typst)"),
];

/// The built-in templates, whether `project/templates/` overrides each, then
/// any other files there (sorted by name; hidden files and folders skipped).
pub fn template_overview(project: &Path) -> Vec<TemplateEntry> {
    let dir = project.join("templates");
    let mut entries: Vec<TemplateEntry> = BUILTIN
        .iter()
        .map(|(name, text)| {
            let status = match fs::read(dir.join(name)) {
                Ok(bytes) => TemplateStatus::Overridden {
                    edited: bytes != text.as_bytes(),
                },
                Err(_) => TemplateStatus::BuiltIn,
            };
            TemplateEntry {
                name: name.to_string(),
                description: DESCRIPTIONS
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or_else(|| first_comment_line(text), |(_, d)| d.to_string()),
                status,
            }
        })
        .collect();
    let mut extra: Vec<TemplateEntry> = fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| !n.starts_with('.') && !BUILTIN.iter().any(|(b, _)| b == n))
        .map(|name| {
            let (status, description) = if name.ends_with(".md") {
                (
                    TemplateStatus::Added,
                    "not built in; used where another template includes it".to_string(),
                )
            } else if name.ends_with(".typ") {
                (
                    TemplateStatus::Unused,
                    "only un-report.typ is read as the PDF layout".to_string(),
                )
            } else {
                (
                    TemplateStatus::Unused,
                    "templates are .md (Tera) or un-report.typ".to_string(),
                )
            };
            TemplateEntry {
                name,
                description,
                status,
            }
        })
        .collect();
    extra.sort_by(|a, b| a.name.cmp(&b.name));
    entries.extend(extra);
    entries
}

/// The first line of a template's leading `{# ... #}` comment, if any.
fn first_comment_line(text: &str) -> String {
    text.trim_start()
        .strip_prefix("{#")
        .map(|t| t.trim_start_matches('-').trim_start())
        .and_then(|t| t.lines().next())
        .map(|l| {
            l.trim_end_matches("-#}")
                .trim_end_matches("#}")
                .trim()
                .to_string()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_has_a_description() {
        for (name, _) in BUILTIN {
            assert!(
                DESCRIPTIONS.iter().any(|(n, _)| n == name),
                "no description for {name}"
            );
        }
    }
}
