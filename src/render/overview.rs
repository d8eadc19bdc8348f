//! `sgreport templates`: the built-in templates, what each writes, and which
//! ones a project's `templates/` folder overrides.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

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
    (
        "masthead.md",
        "nothing: page 1 is written from report.yaml (a copy is not used)",
    ),
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
    let dir = crate::project::ProjectLayout::new(project).templates();
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

/// One variable the templates receive: `replies[].from`, its type and an
/// example value taken from a real render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// Dotted path; `[]` stands for each element of a list.
    pub path: String,
    /// `text`, `number`, `whole number`, `yes/no`, `list (N)`, `object`, `none`.
    pub kind: String,
    /// The value in this project, shortened (empty for lists and objects).
    pub example: String,
}

/// The variables the templates receive for the document `model`, from the
/// very data a render gets ([`super::templates::template_data`], with the
/// figures' notes, as [`super::document`] passes it), so the list cannot
/// drift from the code.
pub fn template_variables(model: &crate::model::DocumentModel) -> Vec<Variable> {
    let mut model = model.clone();
    super::chart_notes(&mut model);
    let data = super::templates::template_data(&model).map(tera::Value::from);
    match data.map(|d| serde_json::to_value(&d)) {
        Ok(Ok(value)) => variables_of(&value),
        _ => Vec::new(),
    }
}

/// Every path of `value`, depth first, each once (list elements merged: the
/// first non-empty example wins).
pub fn variables_of(value: &serde_json::Value) -> Vec<Variable> {
    let mut out: Vec<Variable> = Vec::new();
    if let serde_json::Value::Object(map) = value {
        for (k, v) in map {
            walk(k, v, &mut out);
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn walk(path: &str, v: &serde_json::Value, out: &mut Vec<Variable>) {
    use serde_json::Value;
    let (kind, example) = match v {
        Value::Null => ("none".to_string(), String::new()),
        Value::Bool(b) => ("yes/no".to_string(), b.to_string()),
        Value::Number(n) if n.is_i64() || n.is_u64() => ("whole number".to_string(), n.to_string()),
        Value::Number(n) => ("number".to_string(), n.to_string()),
        Value::String(s) => ("text".to_string(), shorten(s)),
        Value::Array(a) => (format!("list ({})", a.len()), String::new()),
        Value::Object(_) => ("object".to_string(), String::new()),
    };
    match out.iter_mut().find(|x| x.path == path) {
        Some(seen) => {
            if seen.kind == "none" && kind != "none" {
                seen.kind = format!("{kind} or none");
                seen.example = example;
            } else if kind == "none"
                && seen.kind != "none"
                && !seen.kind.ends_with("or none")
                && !seen.kind.starts_with("list")
            {
                seen.kind.push_str(" or none");
            } else if seen.example.is_empty() && !example.is_empty() {
                seen.example = example;
            }
        }
        None => out.push(Variable {
            path: path.to_string(),
            kind,
            example,
        }),
    }
    match v {
        Value::Array(items) => {
            for item in items {
                walk(&format!("{path}[]"), item, out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                walk(&format!("{path}.{k}"), item, out);
            }
        }
        _ => {}
    }
}

/// A value on one line: quoted, at most 60 characters.
fn shorten(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut: String = one_line.chars().take(57).collect();
    if cut.len() < one_line.len() {
        format!("{cut:?}...")
    } else {
        format!("{cut:?}")
    }
}

/// The top-level variables (of `names`) that a template's tags use.
pub fn variables_used<'a>(template: &str, names: &[&'a str]) -> Vec<&'a str> {
    let mut used = Vec::new();
    for tag in tags(template) {
        for w in variable_words(tag) {
            if let Some(n) = names.iter().find(|n| **n == w) {
                if !used.contains(n) {
                    used.push(*n);
                }
            }
        }
    }
    used
}

/// The variables a template makes itself, in order, as an editor reads
/// them: `topic in sections` (a loop), `others = "..."` (a `set`), and
/// `ind (from the including template)` for one it uses but neither
/// receives nor makes (`indicators.md` is included once per indicator).
pub fn loop_variables(template: &str, names: &[&str]) -> Vec<String> {
    let mut made: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for tag in tags(template) {
        let t = tag.trim().trim_matches('-').trim();
        if let Some(rest) = t.strip_prefix("for ") {
            if let Some((vars, expr)) = rest.split_once(" in ") {
                let entry = format!("{} in {}", vars.trim(), expr.trim());
                if !out.contains(&entry) {
                    out.push(entry);
                }
                made.extend(vars.split(',').map(|v| v.trim().to_string()));
            }
        } else if let Some(rest) = t.strip_prefix("set ") {
            if let Some((var, expr)) = rest.split_once('=') {
                out.push(format!("{} = {}", var.trim(), expr.trim()));
                made.push(var.trim().to_string());
            }
        } else {
            for w in variable_words(tag) {
                let known = names.contains(&w) || made.iter().any(|m| m == w);
                if !known && !KEYWORDS.contains(&w) {
                    out.push(format!("{w} (from the including template)"));
                    made.push(w.to_string());
                }
            }
        }
    }
    out
}

/// Words of Tera's own in a tag, which are not variables.
const KEYWORDS: &[&str] = &[
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "endfor",
    "in",
    "set",
    "include",
    "not",
    "and",
    "or",
    "is",
    "true",
    "false",
    "none",
    "loop",
    "macro",
    "endmacro",
    "block",
    "endblock",
    "filter",
    "endfilter",
    "raw",
    "endraw",
    "with",
    "endwith",
    "break",
    "continue",
    "defined",
];

/// The insides of a template's `{{ }}` and `{% %}` tags.
fn tags(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let Some(end) = after.find(close) else { break };
        out.push(&after[1..end]);
        rest = &after[end + 2..];
    }
    out
}

/// The words of a tag that name a variable at its start: not inside a
/// string (`"indicators.md"`), not after `.` (a field), not after `|` (a
/// filter), not before `(` (a function) or a single `=` (an argument).
fn variable_words(tag: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut in_string: Option<char> = None;
    let mut prev = ' ';
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = tag.char_indices().chain([(tag.len(), ' ')]).collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        if let Some(q) = in_string {
            if c == q {
                in_string = None;
            }
            continue;
        }
        let word_char = c.is_alphanumeric() || c == '_';
        match (word_char, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                let next = chars[i..]
                    .iter()
                    .map(|(_, c)| *c)
                    .find(|c| !c.is_whitespace());
                let after_next = chars[i..]
                    .iter()
                    .map(|(_, c)| *c)
                    .skip_while(|c| c.is_whitespace())
                    .nth(1);
                let argument = next == Some('=') && after_next != Some('=');
                let word = &tag[from..at];
                let numeric = word.starts_with(|c: char| c.is_ascii_digit());
                if !matches!(prev, '.' | '|') && next != Some('(') && !argument && !numeric {
                    out.push(word);
                }
                start = None;
            }
            _ => {}
        }
        if !word_char && !c.is_whitespace() {
            prev = c;
        } else if word_char && start == Some(at) && !prev_is_punct(prev) {
            prev = ' ';
        }
        if c == '"' || c == '\'' {
            in_string = Some(c);
        }
    }
    out
}

/// Whether `c` binds the word after it (`.` a field, `|` a filter).
fn prev_is_punct(c: char) -> bool {
    matches!(c, '.' | '|')
}

/// Why `templates --eject` copied nothing.
#[derive(Debug, thiserror::Error)]
pub enum EjectError {
    /// No built-in template of this name; the nearest one, if any.
    #[error("there is no built-in template {name:?}")]
    Unknown {
        name: String,
        nearest: Option<String>,
    },
    /// These files exist already; nothing was written.
    #[error("{}", exists_message(.0))]
    Exists(Vec<PathBuf>),
    #[error("cannot write {}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// `not overwritten, so nothing was copied:` and the files, one a line.
fn exists_message(files: &[PathBuf]) -> String {
    let mut out = "not overwritten, so nothing was copied:".to_string();
    for p in files {
        out.push_str(&format!("\n  {} exists already", p.display()));
    }
    out
}

pub fn eject(project: &Path, names: &[String]) -> Result<Vec<PathBuf>, EjectError> {
    let mut chosen = Vec::new();
    for name in names {
        match BUILTIN.iter().find(|(n, _)| n == name) {
            Some(t) => {
                if !chosen.iter().any(|(n, _): &(&str, &str)| n == name) {
                    chosen.push(*t)
                }
            }
            None => {
                return Err(EjectError::Unknown {
                    name: name.clone(),
                    nearest: crate::suggest::nearest(name, BUILTIN.iter().map(|(n, _)| *n))
                        .map(str::to_string),
                })
            }
        }
    }
    let rel = |name: &str| Path::new(crate::project::TEMPLATES).join(name);
    let existing: Vec<PathBuf> = chosen
        .iter()
        .map(|(n, _)| rel(n))
        .filter(|r| fs::symlink_metadata(project.join(r)).is_ok())
        .collect();
    if !existing.is_empty() {
        return Err(EjectError::Exists(existing));
    }
    write_new(project, &chosen)
}

/// Copies every built-in template that `project/templates/` does not have
/// yet; those it has are left as they are. Returns (written, kept).
pub fn eject_all(project: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), EjectError> {
    let (kept, missing): (Vec<_>, Vec<_>) = BUILTIN.iter().copied().partition(|(n, _)| {
        fs::symlink_metadata(
            crate::project::ProjectLayout::new(project)
                .templates()
                .join(n),
        )
        .is_ok()
    });
    let written = write_new(project, &missing)?;
    let kept = kept
        .iter()
        .map(|(n, _)| Path::new(crate::project::TEMPLATES).join(n))
        .collect();
    Ok((written, kept))
}

fn write_new(project: &Path, templates: &[(&str, &str)]) -> Result<Vec<PathBuf>, EjectError> {
    let dir = crate::project::ProjectLayout::new(project).templates();
    fs::create_dir_all(&dir).map_err(|error| EjectError::Io {
        path: dir.clone(),
        error,
    })?;
    let mut written = Vec::new();
    for (name, text) in templates {
        let path = dir.join(name);
        let result = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        match result {
            Ok(()) => written.push(Path::new(crate::project::TEMPLATES).join(name)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(EjectError::Exists(vec![Path::new(
                    crate::project::TEMPLATES,
                )
                .join(name)]))
            }
            Err(error) => return Err(EjectError::Io { path, error }),
        }
    }
    Ok(written)
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
    fn eject_copies_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        let written = eject(p, &["summary.md".to_string()]).unwrap();
        assert_eq!(written, vec![PathBuf::from("templates/summary.md")]);
        fs::write(p.join("templates/summary.md"), "mine").unwrap();
        match eject(p, &["annexes.md".to_string(), "summary.md".to_string()]) {
            Err(EjectError::Exists(f)) => {
                assert_eq!(f, vec![PathBuf::from("templates/summary.md")])
            }
            other => panic!("{other:?}"),
        }
        assert!(!p.join("templates/annexes.md").exists(), "all or nothing");
        match eject(p, &["sumary.md".to_string()]) {
            Err(EjectError::Unknown { nearest, .. }) => {
                assert_eq!(nearest.as_deref(), Some("summary.md"))
            }
            other => panic!("{other:?}"),
        }
        let (written, kept) = eject_all(p).unwrap();
        assert_eq!(written.len(), BUILTIN.len() - 1);
        assert_eq!(kept, vec![PathBuf::from("templates/summary.md")]);
        assert_eq!(
            fs::read_to_string(p.join("templates/summary.md")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn variables_of_a_model() {
        let v: serde_json::Value = serde_json::json!({
            "title": "Kidnapping",
            "word_limit": 8500,
            "note_verbale": null,
            "replies": [{"from": "Colombia", "reference": null}, {"from": "Peru", "reference": "A/1"}],
        });
        let vars = variables_of(&v);
        let get = |p: &str| vars.iter().find(|x| x.path == p).unwrap().clone();
        assert_eq!(get("title").kind, "text");
        assert_eq!(get("title").example, "\"Kidnapping\"");
        assert_eq!(get("word_limit").kind, "whole number");
        assert_eq!(get("note_verbale").kind, "none");
        assert_eq!(get("replies").kind, "list (2)");
        assert_eq!(get("replies[].from").example, "\"Colombia\"");
        assert_eq!(get("replies[].reference").kind, "text or none");
        assert_eq!(get("replies[].reference").example, "\"A/1\"");
    }

    #[test]
    fn variables_used_by_a_template() {
        let names = ["replies", "title", "counts"];
        let t = "{{ title }} {% for r in replies %}{{ r.title }}{% endfor %} counts";
        assert_eq!(variables_used(t, &names), vec!["title", "replies"]);
        // Not a string, a filter, a function's argument name or a field.
        let names = ["states", "indicators", "named", "counts"];
        let t = r#"{% include "indicators.md" %}{{ x | states(opens=true) }}{{ f(named=counts) }}"#;
        assert_eq!(variables_used(t, &names), vec!["counts"]);
    }

    #[test]
    fn loop_and_set_variables_are_listed_with_those_a_template_inherits() {
        let t = "{% set lo = ind.lowest %}{% for topic in sections %}{{ topic.heading }}{{ lo }}{% endfor %}";
        assert_eq!(
            loop_variables(t, &["sections"]),
            vec!["lo = ind.lowest", "topic in sections",]
        );
        let t = "{% if ind.kind == \"yes-no\" %}{{ ind.says }}{% endif %}";
        assert_eq!(
            loop_variables(t, &["sections"]),
            vec!["ind (from the including template)"]
        );
    }

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
