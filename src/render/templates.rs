//! Tera templates: the built-in ones compiled into the binary, each overridable
//! by a file of the same name in the project's `templates/` folder.

use std::fs;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use tera::{Context, Kwargs, State, Tera};

use super::limits::{self, Budget, RenderError};
use super::provenance::{mark_template, TemplateLines};

use crate::diag::Diagnostic;
use crate::escape::markdown_text;
use crate::model::DocumentModel;
use crate::style::{and_list, capfirst, in_series, spell, with_article};

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
    /// The templates as written: for checks and for the messages of a
    /// failed render (their lines and columns are the user's).
    tera: Arc<Tera>,
    /// The same templates with source marks (see [`super::provenance`]),
    /// which renders the document; none if they did not compile (then the
    /// document is rendered from `tera`, its template lines unknown).
    marked: Option<Arc<Tera>>,
    /// The template lines the marks point at.
    lines: TemplateLines,
    budget: Arc<Budget>,
    /// name -> the file it came from, for messages (None: built in).
    sources: Vec<(String, Option<PathBuf>)>,
    typst_layout: String,
    /// Where the layout came from: `templates/un-report.typ`, or none when
    /// built in.
    typst_layout_file: Option<PathBuf>,
    /// The `.md` templates as loaded: name, text, and the project's file
    /// when it overrides or adds one (none: built in).
    markdown: Vec<(String, String, Option<PathBuf>)>,
    /// Whether a render is bounded ([`limits::render`]): not when every
    /// `.md` template is the tool's own text, as shipped.
    bounded: bool,
}

/// The templates as built in, each replaced by the project's file of the
/// same name in `templates/` (and the project's own added): (name, text,
/// the project's file if any). A `.md` or `.typ` file there that cannot be
/// read as a template (a pipe, a device, a folder, a link out of the
/// project, a file over 1 MiB or not readable) is an error, never replaced
/// by the built-in text without a word.
fn template_texts(project: &Path) -> Result<Vec<TemplateText>, Vec<Diagnostic>> {
    let mut texts: Vec<TemplateText> = BUILTIN
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string(), None))
        .collect();
    let mut problems = Vec::new();
    for rel in template_files(project).map_err(|d| vec![d])? {
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = crate::read::inside_project(project, &rel)
            .and_then(|_| crate::read::text(project, &rel, crate::read::MAX_TEXT_BYTES));
        let text = match text {
            Ok(t) => t,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        match texts.iter_mut().find(|(n, _, _)| *n == name) {
            Some(slot) => *slot = (name, text, Some(rel)),
            None => texts.push((name, text, Some(rel))),
        }
    }
    if problems.is_empty() {
        Ok(texts)
    } else {
        Err(problems)
    }
}

/// The project's template files, `templates/<name>.md` and `.typ` (hidden
/// ones left out), sorted; none without a `templates/` folder.
fn template_files(project: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let rel = Path::new(crate::project::TEMPLATES);
    let entries = match fs::read_dir(project.join(rel)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return Ok(Vec::new()),
        Err(e) => {
            return Err(
                Diagnostic::error(rel, 0, 0, format!("cannot read the folder: {e}"))
                    .with_help("make the folder readable: its templates replace the built-in ones"),
            )
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| !n.starts_with('.') && (n.ends_with(".md") || n.ends_with(".typ")))
        .map(|n| rel.join(n))
        .collect();
    files.sort();
    Ok(files)
}

/// (name, text, the project's file if it overrides or adds the template).
type TemplateText = (String, String, Option<PathBuf>);

impl Templates {
    /// Loads the built-ins, then every `templates/<name>` in `project` that
    /// overrides one (or adds a new `.md` template to include).
    pub fn load(project: &Path) -> Result<Templates, Vec<Diagnostic>> {
        limits::limit_from_env().map_err(|e| {
            vec![Diagnostic::error(limits::LIMIT_VAR, 0, 0, e.to_string()).with_help(
                "unset it for the default of 60 s, or give a number of seconds, for example 120",
            )]
        })?;
        let texts = template_texts(project)?;
        let budget = Budget::new();
        let mut tera = new_tera(&budget);
        let mut typst_layout = String::new();
        let mut typst_layout_file = None;
        let mut problems = Vec::new();
        let mut sources = Vec::new();
        let mut batch = Vec::new();
        for (name, text, file) in &texts {
            if name.ends_with(".typ") {
                if name == "un-report.typ" {
                    typst_layout = text.clone();
                    typst_layout_file = file.clone();
                }
                continue;
            }
            batch.push((name.as_str(), text.as_str()));
            sources.push((name.clone(), file.clone()));
        }
        // Added together: a template may include one added after it.
        if let Err(e) = tera.add_raw_templates(batch) {
            let d = tera_diagnostic(&e, &sources);
            problems.push(name_unclosed_block(d, &texts));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let (marked, lines) = marked_tera(&budget, &texts);
        let bounded = !texts
            .iter()
            .filter(|(n, _, _)| n.ends_with(".md"))
            .all(|(n, t, _)| BUILTIN.iter().any(|(b, bt)| b == n && bt == t));
        Ok(Templates {
            bounded,
            tera: Arc::new(tera),
            marked,
            lines,
            budget,
            sources,
            typst_layout,
            typst_layout_file,
            markdown: texts
                .into_iter()
                .filter(|(n, _, _)| n.ends_with(".md"))
                .collect(),
        })
    }

    /// The Typst layout (`un-report.typ`), built in or overridden.
    pub fn typst_layout(&self) -> &str {
        &self.typst_layout
    }

    /// The `.md` templates a render uses: name, text, and the project's file
    /// when it is the project's own (none: built in). Built-ins first, in
    /// their order, then templates the project adds.
    pub fn markdown_templates(&self) -> impl Iterator<Item = (&str, &str, Option<&Path>)> {
        self.markdown
            .iter()
            .map(|(n, t, f)| (n.as_str(), t.as_str(), f.as_deref()))
    }

    /// The layout's file as messages name it.
    pub fn typst_layout_file(&self) -> PathBuf {
        self.typst_layout_file
            .clone()
            .unwrap_or_else(|| PathBuf::from("<built-in template un-report.typ>"))
    }

    /// The template lines source marks point at.
    pub fn template_lines(&self) -> &TemplateLines {
        &self.lines
    }

    /// Renders the document's Markdown before numbering, with source marks
    /// (see [`super::provenance`]). A failed render is reported as the
    /// templates as written fail, at their lines and columns.
    pub fn render_marked(&self, model: &DocumentModel) -> Result<String, Diagnostic> {
        let Some(marked) = &self.marked else {
            return self.render(model);
        };
        let Ok(context) = context(model) else {
            return self.render(model);
        };
        match limits::render(marked, &self.budget, ENTRY, context, self.bounded) {
            Ok(md) => Ok(md),
            Err(e @ (RenderError::Timeout(_) | RenderError::Memory(_))) => {
                Err(self.render_error(e))
            }
            // The same render unmarked gives the message at the user's
            // columns (and, should marks alone have failed, the document).
            Err(RenderError::Tera(_)) => self.render(model),
        }
    }

    /// Renders the document's Markdown before numbering.
    pub fn render(&self, model: &DocumentModel) -> Result<String, Diagnostic> {
        let context = context(model).map_err(|e| {
            Diagnostic::error(
                crate::project::REPORT_YAML,
                0,
                0,
                format!("cannot pass the report's data to the templates: {e}"),
            )
        })?;
        limits::render(&self.tera, &self.budget, ENTRY, context, self.bounded)
            .map_err(|e| self.render_error(e))
    }

    fn render_error(&self, e: RenderError) -> Diagnostic {
        match e {
            RenderError::Tera(e) => tera_diagnostic(&e, &self.sources),
            RenderError::Timeout(message) | RenderError::Memory(message) => {
                self.runaway_diagnostic(message)
            }
        }
    }
}

/// The templates' data, as Tera receives it (and `templates --variables`
/// lists it): the model, its topics, sections and questionnaire sharing
/// Tera's values (lists and maps are reference-counted) as
/// [`DocumentModel::shared`] says.
pub fn template_data(model: &DocumentModel) -> tera::TeraResult<tera::Map> {
    use tera::value::{Key, Value};
    // The topics hold every answer: serialised on another core while the
    // rest of the model is.
    let (rest, topics) = std::thread::scope(|scope| {
        let topics = scope.spawn(|| Value::try_from_serializable(&model.topics));
        let rest = Value::try_from_serializable(model);
        let topics = topics.join().expect("the topics' serialiser panicked");
        (rest, topics)
    });
    let (mut data, topics) = (rest?.into_map().unwrap_or_default(), topics?);
    let list = |v: Option<&Value>| v.and_then(Value::as_array).map(<[Value]>::to_vec);
    let with_indicators = |topic: &Value, indicators: Vec<Value>| {
        let mut map = topic.as_map().cloned().unwrap_or_default();
        map.insert(Key::Str("indicators"), Value::from(indicators));
        Value::from(map)
    };
    let shared = model.shared(
        &list(Some(&topics)).unwrap_or_default(),
        &list(data.get(&Key::Str("indicators"))).unwrap_or_default(),
        with_indicators,
    );
    data.insert(Key::Str("topics"), Value::from(shared.topics));
    data.insert(Key::Str("sections"), Value::from(shared.sections));
    data.insert(Key::Str("questionnaire"), Value::from(shared.questionnaire));
    Ok(data)
}

/// [`template_data`] as a render's context.
fn context(model: &DocumentModel) -> tera::TeraResult<Context> {
    let mut context = Context::new();
    for (key, value) in template_data(model)? {
        if let Some(name) = key.as_str() {
            context.insert_value(name.to_string(), value);
        }
    }
    Ok(context)
}

/// A Tera set up as every render needs: Markdown escaping, the filters,
/// `range()` with the loop budget.
fn new_tera(budget: &Arc<Budget>) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on([".md"]);
    tera.set_escape_fn(|input, out| out.write_all(markdown_text(input).as_bytes()));
    register_filters(&mut tera);
    limits::register_range(&mut tera, Arc::clone(budget));
    tera
}

/// The `.md` templates with source marks, compiled, and the lines the
/// marks point at.
fn marked_tera(budget: &Arc<Budget>, texts: &[TemplateText]) -> (Option<Arc<Tera>>, TemplateLines) {
    let mut lines = TemplateLines::new();
    let marked: Vec<(String, String)> = texts
        .iter()
        .filter(|(n, _, _)| n.ends_with(".md"))
        .map(|(n, t, _)| (n.clone(), mark_template(n, t, &mut lines)))
        .collect();
    let mut tera = new_tera(budget);
    match tera.add_raw_templates(marked.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        Ok(()) => (Some(Arc::new(tera)), lines),
        Err(_) => (None, TemplateLines::new()),
    }
}

impl Templates {
    /// A render given up at its time or memory limit: the built-in
    /// templates never loop without end, so the project's own are named.
    fn runaway_diagnostic(&self, message: String) -> Diagnostic {
        let own: Vec<&Path> = self
            .sources
            .iter()
            .filter_map(|(_, file)| file.as_deref())
            .collect();
        match own.first() {
            Some(first) => Diagnostic::error(*first, 0, 0, message).with_help(format!(
                "a template may loop without end, and the built-in ones never do: look at {}",
                own.iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            None => Diagnostic::error(PathBuf::from("templates"), 0, 0, message)
                .with_help("a template may loop without end; the built-in templates never do"),
        }
    }
}

fn register_filters(tera: &mut Tera) {
    // ["A", "B", "C"] -> "A, B and C"
    tera.register_filter("and_list", |items: Vec<String>, _: Kwargs, _: &State| {
        and_list(&items)
    });
    // First letter upper case, the rest untouched (Tera's `capitalize` lowers the rest).
    tera.register_filter("capfirst", |s: String, _: Kwargs, _: &State| capfirst(&s));
    // "Holy See" -> "the Holy See": the article a name takes inside a sentence.
    tera.register_filter("the", |s: String, _: Kwargs, _: &State| with_article(&s));
    tera.register_filter("the_list", |items: Vec<String>, _: Kwargs, _: &State| {
        and_list(&items.iter().map(|s| with_article(s)).collect::<Vec<_>>())
    });
    // "Legislation and penalties" -> "legislation and penalties"; names and
    // acronyms ("United Nations", "UNODC") keep their capital.
    tera.register_filter("lcfirst", |s: String, _: Kwargs, _: &State| {
        let mut c = s.chars();
        match (c.next(), c.next()) {
            (Some(f), Some(n))
                if f.is_uppercase() && n.is_lowercase() && !s.starts_with("United") =>
            {
                f.to_lowercase().collect::<String>() + &s[f.len_utf8()..]
            }
            _ => s,
        }
    });
    // Numbers in a series: all in figures when any of them is 10 or more
    // (`Of the 12 States that replied, 9 reported`), else in words
    // (`Of the three States that replied, two reported`). `with` is the
    // largest number of the series.
    tera.register_filter(
        "series",
        |n: i64, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            super::grammar::only(&kwargs, "series", &["with"])?;
            let largest = kwargs.get::<i64>("with")?.unwrap_or(n);
            Ok(in_series(n, largest))
        },
    );
    // A count that opens a sentence: `Two`, `A total of 38`.
    tera.register_filter("opening", |n: i64, _: Kwargs, _: &State| {
        crate::style::opening_count(n)
    });
    // 0-9 in words, others in figures.
    tera.register_filter("spell", |n: i64, _: Kwargs, _: &State| spell(n));
    super::grammar::register(tera);
}

/// A Tera error as a diagnostic: the template's file, line and column, and
/// the real message at the end of the error's cause chain. Tera reports where
/// it failed as `--> name:line:col`, and includes as `called from ...`.
fn tera_diagnostic(e: &tera::Error, sources: &[(String, Option<PathBuf>)]) -> Diagnostic {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push('\n');
        text.push_str(&s.to_string());
        source = s.source();
    }
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let message = first.trim_start_matches("error:").trim().to_string();
    let (name, line, column) = tera_location(&text).unwrap_or_else(|| (ENTRY.to_string(), 0, 0));
    let file = sources
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, f)| f.clone())
        .unwrap_or_else(|| PathBuf::from(format!("<built-in template {name}>")));
    let (message, help) = explain(&message);
    let called_from: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("note: called from "))
        .map(|l| format!("included from {l}"))
        .collect();
    let help = match (help, called_from.is_empty()) {
        (Some(h), false) => format!("{h} ({})", called_from.join("; ")),
        (Some(h), true) => h,
        (None, false) => called_from.join("; "),
        (None, true) => String::new(),
    };
    // Tera underlines the span with carets: keep its length.
    let carets = text
        .lines()
        .find(|l| l.contains('^') && l.chars().all(|c| c == '^' || c == '|' || c.is_whitespace()))
        .map_or(0, |l| l.matches('^').count());
    let d = Diagnostic::error(file, line, column, message).with_span_len(carets);
    if help.is_empty() {
        d
    } else {
        d.with_help(help)
    }
}

/// Blocks that need an `{% end... %}`.
const BLOCKS: &[&str] = &[
    "for", "if", "macro", "block", "filter", "raw", "set", "with",
];

/// When Tera stops at a closing tag it did not expect ("Unknown tag") or at
/// the end of a template ("Unexpected end of input"), names the block left
/// open and the line that opened it.
fn name_unclosed_block(d: Diagnostic, texts: &[(String, String, Option<PathBuf>)]) -> Diagnostic {
    let text = texts.iter().find(|(name, _, file)| {
        file.as_deref() == Some(d.file.as_path())
            || d.file == Path::new(&format!("<built-in template {name}>"))
    });
    let Some((_, text, _)) = text else { return d };
    if d.message.contains("expected }}") || d.message.contains("expected %}") {
        return name_unclosed_tag(d, text);
    }
    if !(d.message == "Unknown tag" || d.message.starts_with("Unexpected end of input")) {
        return d;
    }
    match open_block_at(text, d.line) {
        Some(Open::Mismatch {
            closing,
            open,
            open_line,
        }) => Diagnostic {
            message: format!(
                "`{{% end{closing} %}}` does not close the `{{% {open} %}}` opened at line {open_line}"
            ),
            help: Some(format!(
                "close the `{{% {open} %}}` of line {open_line} with `{{% end{open} %}}` first"
            )),
            ..d
        },
        Some(Open::AtEnd { open, open_line }) => Diagnostic {
            message: format!(
                "the `{{% {open} %}}` opened at line {open_line} is never closed"
            ),
            help: Some(format!("add `{{% end{open} %}}` where the block ends")),
            ..d
        },
        None => d,
    }
}

/// Tera stopped inside a `{{ ... }}` or `{% ... %}` whose closing marks
/// are missing, at some later line: the help names the line that opened it.
fn name_unclosed_tag(d: Diagnostic, text: &str) -> Diagnostic {
    let Some((open, line)) = unclosed_tag_before(text, d.line) else {
        return d;
    };
    let close = if open == "{{" { "}}" } else { "%}" };
    let help =
        format!("the `{open}` opened at line {line} is not closed: add `{close}` where it ends");
    Diagnostic {
        help: Some(help),
        ..d
    }
}

/// The last `{{` or `{%` at or before line `stop` whose closing marks do not
/// come before the next tag opens (or the text ends): the mark and its line.
fn unclosed_tag_before(text: &str, stop: usize) -> Option<(&'static str, usize)> {
    let line_of = |i: usize| text[..i].matches('\n').count() + 1;
    let opens: Vec<(usize, &'static str)> = text
        .match_indices("{{")
        .map(|(i, _)| (i, "{{"))
        .chain(text.match_indices("{%").map(|(i, _)| (i, "{%")))
        .chain(text.match_indices("{#").map(|(i, _)| (i, "{#")))
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_iter()
        .collect();
    let mut found = None;
    for (k, &(at, open)) in opens.iter().enumerate() {
        let next = opens.get(k + 1).map_or(text.len(), |(n, _)| *n);
        let close = match open {
            "{{" => "}}",
            "{%" => "%}",
            _ => continue,
        };
        if line_of(at) <= stop && !text[at + 2..next].contains(close) {
            found = Some((open, line_of(at)));
        }
    }
    found
}

#[derive(Debug, PartialEq, Eq)]
enum Open {
    /// `{% end<closing> %}` met while `<open>` (from `open_line`) was open.
    Mismatch {
        closing: String,
        open: String,
        open_line: usize,
    },
    /// The template ended with `<open>` still open.
    AtEnd { open: String, open_line: usize },
}

/// Walks the tags of `text` up to line `stop` (1-based) with a stack of open
/// blocks; comments and raw blocks are skipped.
fn open_block_at(text: &str, stop: usize) -> Option<Open> {
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut at = 0;
    let line_of = |i: usize| text[..i].matches('\n').count() + 1;
    while let Some(found) = text[at..].find('{') {
        let start = at + found;
        let rest = &text[start..];
        if rest.starts_with("{#") {
            at = start + rest.find("#}").map_or(rest.len(), |e| e + 2);
            continue;
        }
        if !rest.starts_with("{%") {
            at = start + 1;
            continue;
        }
        let Some(end) = rest.find("%}") else { break };
        let tag = rest[2..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let line = line_of(start);
        at = start + end + 2;
        let word = tag.split_whitespace().next().unwrap_or("");
        if word == "raw" {
            stack.push(("raw".into(), line));
            match text[at..].find("endraw") {
                Some(e) => {
                    at += e;
                    continue;
                }
                None => break,
            }
        }
        if let Some(closing) = word.strip_prefix("end") {
            match stack.last() {
                Some((open, _)) if open == closing => {
                    stack.pop();
                }
                Some((open, open_line)) if line >= stop => {
                    return Some(Open::Mismatch {
                        closing: closing.to_string(),
                        open: open.clone(),
                        open_line: *open_line,
                    })
                }
                _ => {
                    stack.pop();
                }
            }
        } else if BLOCKS.contains(&word) && !(word == "set" && tag.contains('=')) {
            stack.push((word.to_string(), line));
        }
    }
    stack
        .pop()
        .map(|(open, open_line)| Open::AtEnd { open, open_line })
}

/// A warning at each line of the project's `.md` templates that starts with
/// a typed paragraph number (`12. `): sgreport numbers the paragraphs
/// itself, so the typed number would print as a stray number. Comments and
/// tags are skipped.
pub fn typed_number_warnings(templates: &Templates) -> Vec<Diagnostic> {
    let mut own: Vec<(&Path, &str)> = templates
        .markdown_templates()
        .filter_map(|(_, text, file)| file.map(|f| (f, text)))
        .collect();
    own.sort();
    let mut out = Vec::new();
    for (rel, text) in own {
        out.extend(typed_numbers(text).into_iter().map(|(line, len)| {
            Diagnostic::warning(
                rel,
                line,
                1,
                "a paragraph number typed in a template",
            )
            .with_span_len(len)
            .with_help(
                "sgreport numbers the paragraphs itself (1., 2., ...): remove the number, or the paragraph prints it twice",
            )
        }));
    }
    out
}

/// A project's own `masthead.md`: what it writes is not used, the masthead
/// being written from report.yaml (every output prints the same one), so an
/// edit there would otherwise be lost without a word.
pub fn masthead_override_warning(templates: &Templates) -> Option<Diagnostic> {
    // A copy that is the built-in text changes nothing: no warning.
    let builtin = BUILTIN
        .iter()
        .find(|(n, _)| *n == "masthead.md")
        .map(|(_, t)| *t);
    let (_, _, file) = templates.markdown_templates().find(|(name, text, file)| {
        *name == "masthead.md" && file.is_some() && Some(*text) != builtin
    })?;
    Some(
        Diagnostic::warning(
            file?,
            1,
            1,
            "the masthead is written from report.yaml; this template's text is not used",
        )
        .with_help(
            "change the masthead's fields in report.yaml (symbol, organ, session, title ...); remove templates/masthead.md",
        ),
    )
}

/// (line, length of the number and its dot) of each line of `text` that
/// starts with `digits. ` outside comments.
fn typed_numbers(text: &str) -> Vec<(usize, usize)> {
    // Blank out comments, keeping the lines.
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{#") {
        plain.push_str(&rest[..open]);
        let close = rest[open..].find("#}").map_or(rest.len(), |c| open + c + 2);
        plain.extend(rest[open..close].chars().filter(|c| *c == '\n'));
        rest = &rest[close..];
    }
    plain.push_str(rest);
    plain
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let digits = l.chars().take_while(char::is_ascii_digit).count();
            let after = &l[digits..];
            (digits > 0 && (after.starts_with(". ") || after == ".")).then_some((i + 1, digits + 1))
        })
        .collect()
}

/// The first `--> name:line:col` in Tera's message.
fn tera_location(text: &str) -> Option<(String, usize, usize)> {
    let at = text.find("--> ")? + 4;
    let loc = text[at..].split_whitespace().next()?;
    let mut parts = loc.rsplitn(3, ':');
    let col = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), line, col))
}

/// Tera's own filters (Tera 2.4), for suggestions.
const TERA_FILTERS: &[&str] = &[
    "safe",
    "default",
    "upper",
    "lower",
    "wordcount",
    "escape",
    "escape_html",
    "escape_xml",
    "newlines_to_br",
    "pluralize",
    "trim",
    "trim_start",
    "trim_end",
    "replace",
    "capitalize",
    "title",
    "truncate",
    "indent",
    "str",
    "int",
    "float",
    "length",
    "reverse",
    "split",
    "abs",
    "round",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "get",
    "values",
    "keys",
    "pairs",
    "group_by",
];

/// The filters sgreport registers, read from the register_filter calls
/// (name first) of this file and of `grammar.rs` so the list cannot drift.
pub fn sgreport_filters() -> Vec<&'static str> {
    const SOURCES: [&str; 2] = [include_str!("templates.rs"), include_str!("grammar.rs")];
    let marker = concat!("register_filter", "(");
    SOURCES
        .iter()
        .flat_map(|source| {
            source
                .match_indices(marker)
                .map(move |(at, _)| (*source, at))
        })
        .filter_map(|(source, at)| {
            let rest = source[at + marker.len()..].trim_start().strip_prefix('"')?;
            let name = &rest[..rest.find('"')?];
            (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .then_some(name)
        })
        .collect()
}

/// Every filter a template may use: sgreport's, then Tera's.
pub fn all_filters() -> Vec<&'static str> {
    let mut v = sgreport_filters();
    for f in TERA_FILTERS {
        if !v.contains(f) {
            v.push(f);
        }
    }
    v
}

/// Tera's wording made shorter, with the nearest name suggested.
fn explain(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("Unknown filter `") {
        let name = rest.split('`').next().unwrap_or("");
        let filters = all_filters();
        let help = match crate::suggest::nearest(name, filters.iter().copied()) {
            Some(n) => format!("did you mean `{n}`? (the filters: docs/templates.md)"),
            None => format!(
                "sgreport's filters are {}; Tera's are listed in docs/templates.md",
                sgreport_filters().join(", ")
            ),
        };
        return (format!("unknown filter `{name}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("Variable `") {
        let name = rest.split('`').next().unwrap_or("");
        let available: Vec<&str> = message
            .split("Available variables: ")
            .nth(1)
            .map(|l| l.split(", ").map(str::trim).collect())
            .unwrap_or_default();
        let help = crate::suggest::nearest(name, available.iter().copied())
            .map(|n| format!("did you mean `{n}`?"))
            .or_else(|| {
                (!available.is_empty())
                    .then(|| format!("the variables are: {}", available.join(", ")))
            });
        return (format!("undefined variable `{name}`"), help);
    }
    if message.contains("operands to be numbers") || message.contains("can only be done on numbers")
    {
        let help = "a filter binds tighter than arithmetic: `{{ n | spell * 2 }}` multiplies the text `spell` \
                    wrote; put the arithmetic in brackets first: `{{ (n * 2) | spell }}`";
        return (message.to_string(), Some(help.to_string()));
    }
    (message.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_project_that_edits_or_adds_a_template_renders_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let bounded = || Templates::load(dir.path()).unwrap().bounded;
        assert!(!bounded(), "the built-in templates");
        let report = BUILTIN.iter().find(|(n, _)| *n == "report.md").unwrap().1;
        let file = dir.path().join("templates/report.md");
        fs::create_dir(dir.path().join("templates")).unwrap();
        fs::write(&file, report).unwrap();
        assert!(!bounded(), "a template copied out unchanged");
        fs::write(&file, format!("{report}\n")).unwrap();
        assert!(bounded(), "an edited template");
        fs::write(&file, report).unwrap();
        fs::write(dir.path().join("templates/extra.md"), "Extra.").unwrap();
        assert!(bounded(), "an added template");
    }

    #[test]
    fn unknown_filter_gets_the_nearest() {
        let (m, help) = explain("Unknown filter `spel`");
        assert_eq!(m, "unknown filter `spel`");
        assert!(help.unwrap().starts_with("did you mean `spell`?"));
        let (_, help) = explain("Unknown filter `lenght`");
        assert!(help.unwrap().starts_with("did you mean `length`?"));
        for f in [
            "and_list", "capfirst", "the", "the_list", "lcfirst", "series", "spell",
        ] {
            assert!(sgreport_filters().contains(&f), "{f}");
        }
    }

    #[test]
    fn open_blocks_are_named_with_their_line() {
        let t = "{% for t in topics %}\n{% if t.key %}\nA\n{% endfor %}\n";
        assert_eq!(
            open_block_at(t, 4),
            Some(Open::Mismatch {
                closing: "for".into(),
                open: "if".into(),
                open_line: 2
            })
        );
        let t =
            "x\n{# {% if %} #}\n{% set a = 1 %}{% for t in topics %}\n{% if a %}{% endif %}\nend";
        assert_eq!(
            open_block_at(t, 5),
            Some(Open::AtEnd {
                open: "for".into(),
                open_line: 3
            })
        );
    }

    #[test]
    fn typed_paragraph_numbers_are_found_outside_comments() {
        let t = "{#\n1. not this\n#}\n12. The present report\nIn 2004. Not this.\n3.\n";
        assert_eq!(typed_numbers(t), vec![(4, 3), (6, 2)]);
        for (name, text) in BUILTIN {
            if name.ends_with(".md") {
                assert_eq!(typed_numbers(text), vec![], "{name}");
            }
        }
    }
}
