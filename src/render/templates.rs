//! Tera templates: the built-in ones compiled into the binary, each overridable
//! by a file of the same name in the project's `templates/` folder.

use std::fs;
use std::path::{Path, PathBuf};

use tera::{Context, Kwargs, State, Tera};

use crate::diag::Diagnostic;
use crate::escape::markdown_text;
use crate::model::{spell, DocumentModel};

/// Built-in templates: (file name, text). The repository's `templates/` holds
/// the same files as editable defaults.
pub const BUILTIN: &[(&str, &str)] = &[
    ("report.md", include_str!("../../templates/report.md")),
    ("masthead.md", include_str!("../../templates/masthead.md")),
    ("summary.md", include_str!("../../templates/summary.md")),
    (
        "introduction.md",
        include_str!("../../templates/introduction.md"),
    ),
    ("analysis.md", include_str!("../../templates/analysis.md")),
    (
        "indicators.md",
        include_str!("../../templates/indicators.md"),
    ),
    (
        "conclusions.md",
        include_str!("../../templates/conclusions.md"),
    ),
    ("annexes.md", include_str!("../../templates/annexes.md")),
    (
        "un-report.typ",
        include_str!("../../templates/un-report.typ"),
    ),
];

/// The entry template of a document.
pub const ENTRY: &str = "report.md";

/// The templates of one project: built-ins with the project's overrides.
pub struct Templates {
    tera: Tera,
    /// name -> the file it came from, for messages (None: built in).
    sources: Vec<(String, Option<PathBuf>)>,
    typst_layout: String,
}

impl Templates {
    /// Loads the built-ins, then every `templates/<name>` in `project` that
    /// overrides one (or adds a new `.md` template to include).
    pub fn load(project: &Path) -> Result<Templates, Vec<Diagnostic>> {
        let mut texts: Vec<(String, String, Option<PathBuf>)> = BUILTIN
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string(), None))
            .collect();
        let dir = project.join("templates");
        if let Ok(entries) = fs::read_dir(&dir) {
            let mut names: Vec<PathBuf> =
                entries.filter_map(Result::ok).map(|e| e.path()).collect();
            names.sort();
            for path in names {
                let Some(name) = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .map(str::to_string)
                else {
                    continue;
                };
                if name.starts_with('.') || !path.is_file() {
                    continue;
                }
                if !(name.ends_with(".md") || name.ends_with(".typ")) {
                    continue;
                }
                let rel = Path::new("templates").join(&name);
                let text = fs::read_to_string(&path).map_err(|e| {
                    vec![Diagnostic::error(
                        &rel,
                        0,
                        0,
                        format!("cannot read the template: {e}"),
                    )]
                })?;
                match texts.iter_mut().find(|(n, _, _)| *n == name) {
                    Some(slot) => *slot = (name, text, Some(rel)),
                    None => texts.push((name, text, Some(rel))),
                }
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".md"]);
        tera.set_escape_fn(|input, out| out.write_all(markdown_text(input).as_bytes()));
        register_filters(&mut tera);
        let mut typst_layout = String::new();
        let mut problems = Vec::new();
        let mut sources = Vec::new();
        let mut batch = Vec::new();
        for (name, text, file) in &texts {
            if name.ends_with(".typ") {
                if name == "un-report.typ" {
                    typst_layout = text.clone();
                }
                continue;
            }
            batch.push((name.as_str(), text.as_str()));
            sources.push((name.clone(), file.clone()));
        }
        // Added together: a template may include one added after it.
        if let Err(e) = tera.add_raw_templates(batch) {
            let name = sources
                .iter()
                .find(|(n, _)| e.to_string().contains(n.as_str()))
                .cloned();
            let (name, file) = name.unwrap_or_else(|| (ENTRY.to_string(), None));
            problems.push(tera_diagnostic(&e, &name, file.as_deref()));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Templates {
            tera,
            sources,
            typst_layout,
        })
    }

    /// The Typst layout (`un-report.typ`), built in or overridden.
    pub fn typst_layout(&self) -> &str {
        &self.typst_layout
    }

    /// Renders the document's Markdown before numbering.
    pub fn render(&self, model: &DocumentModel) -> Result<String, Diagnostic> {
        let context = Context::from_serialize(model).map_err(|e| {
            Diagnostic::error(
                "report.yaml",
                0,
                0,
                format!("cannot pass the report's data to the templates: {e}"),
            )
        })?;
        self.tera.render(ENTRY, &context).map_err(|e| {
            let file = self
                .sources
                .iter()
                .find(|(n, _)| n == ENTRY)
                .and_then(|(_, f)| f.clone());
            tera_diagnostic(&e, ENTRY, file.as_deref())
        })
    }
}

fn register_filters(tera: &mut Tera) {
    // ["A", "B", "C"] -> "A, B and C"
    tera.register_filter("and_list", |items: Vec<String>, _: Kwargs, _: &State| {
        and_list(&items)
    });
    // First letter upper case, the rest untouched (Tera's `capitalize` lowers the rest).
    tera.register_filter("capfirst", |s: String, _: Kwargs, _: &State| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    });
    // "Holy See" -> "the Holy See": the article a name takes inside a sentence.
    tera.register_filter("the", |s: String, _: Kwargs, _: &State| with_article(&s));
    tera.register_filter("the_list", |items: Vec<String>, _: Kwargs, _: &State| {
        and_list(&items.iter().map(|s| with_article(s)).collect::<Vec<_>>())
    });
    // 0-9 in words, others in figures.
    tera.register_filter("spell", |n: i64, _: Kwargs, _: &State| spell(n));
}

/// Names that take "the" inside a sentence: the Holy See, organizations, and
/// States whose short name is used with the article.
pub fn with_article(name: &str) -> String {
    const STATES: &[&str] = &[
        "Holy See",
        "Bahamas",
        "Central African Republic",
        "Comoros",
        "Congo",
        "Czech Republic",
        "Democratic People's Republic of Korea",
        "Democratic Republic of the Congo",
        "Dominican Republic",
        "Gambia",
        "Lao People's Democratic Republic",
        "Libyan Arab Jamahiriya",
        "Maldives",
        "Marshall Islands",
        "Netherlands",
        "Niger",
        "Philippines",
        "Republic of Korea",
        "Republic of Moldova",
        "Russian Federation",
        "Seychelles",
        "Solomon Islands",
        "Sudan",
        "Syrian Arab Republic",
        "United Arab Emirates",
        "United Kingdom of Great Britain and Northern Ireland",
        "United Republic of Tanzania",
        "United States of America",
    ];
    const BODIES: &[&str] = &[
        "United Nations",
        "International",
        "European",
        "Office",
        "World",
        "Organization",
        "Council",
        "League",
        "Commission",
    ];
    if let Some(rest) = name.strip_prefix("The ") {
        return format!("the {rest}");
    }
    if STATES.contains(&name) || BODIES.iter().any(|b| name.starts_with(b)) {
        format!("the {name}")
    } else {
        name.to_string()
    }
}

pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A Tera error as a diagnostic: the template's file and line, and the real
/// message at the end of the error's cause chain.
fn tera_diagnostic(e: &tera::Error, name: &str, file: Option<&Path>) -> Diagnostic {
    let mut messages = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        messages.push(s.to_string());
        source = s.source();
    }
    let text = messages.join(": ");
    let (line, column) = line_col(&text);
    let shown = file.map_or_else(
        || PathBuf::from(format!("<built-in template {name}>")),
        Path::to_path_buf,
    );
    Diagnostic::error(
        shown,
        line,
        column,
        format!(
            "template error: {}",
            text.lines().next().unwrap_or("").trim()
        ),
    )
    .with_help(
        text.lines()
            .skip(1)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Finds `line X` / `X:Y` in Tera's message, if any.
fn line_col(text: &str) -> (usize, usize) {
    let mut words = text.split(|c: char| !c.is_ascii_alphanumeric() && c != ':');
    while let Some(w) = words.next() {
        if w == "line" {
            if let Some(n) = words.next().and_then(|n| n.parse().ok()) {
                return (n, 0);
            }
        }
    }
    (0, 0)
}
