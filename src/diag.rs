//! Problems found in a user's input, each pinned to a file, line and column.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one input file. Lines and columns count from 1; 0 means
/// "the whole file".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the user would type it, relative to the project folder.
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
    /// Characters to underline from the column; 0 underlines the token there.
    pub span_len: usize,
}

impl Diagnostic {
    pub fn error(
        file: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line,
            column,
            message: message.into(),
            help: None,
            span_len: 0,
        }
    }

    pub fn warning(
        file: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, column, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_span_len(mut self, len: usize) -> Self {
        self.span_len = len;
        self
    }

    /// `file:line:col: severity: message`, one line, for editors and scripts.
    pub fn short(&self) -> String {
        let loc = match (self.line, self.column) {
            (0, _) => format!("{}:1:1", self.file.display()),
            (l, 0) => format!("{}:{l}:1", self.file.display()),
            (l, c) => format!("{}:{l}:{c}", self.file.display()),
        };
        let help = self
            .help
            .as_ref()
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        format!("{loc}: {}: {}{help}", self.severity, self.message)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `submissions/peru.yaml:2:1`
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => format!("{file}"),
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// `error: message` / `  --> file:line:col` / `  = help: ...`, the shape rustc prints.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.severity, self.message)?;
        write!(f, "  --> {}", self.location())?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// A failed stage: every problem found, errors first, in file order.
#[derive(Debug, Clone)]
pub struct Problems(pub Vec<Diagnostic>);

impl Problems {
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}\n")?;
        }
        let n = self.error_count();
        write!(
            f,
            "{} in the input",
            crate::style::count(n, "error", "errors")
        )
    }
}

impl std::error::Error for Problems {}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// rustc's shape, drawn by annotate-snippets; `color` for a terminal.
    Human { color: bool },
    /// One `file:line:col: severity: message` line each.
    Short,
}

/// Renders `diags` the way rustc prints its own: severity and message, the
/// location, the source line from the user's file with a caret under the
/// span, and a `help:` line. `root` is the project folder the paths are
/// relative to.
pub fn render(diags: &[Diagnostic], root: &std::path::Path, style: Style) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

    let color = match style {
        Style::Short => return diags.iter().map(|d| d.short() + "\n").collect(),
        Style::Human { color } => color,
    };
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut sources: std::collections::HashMap<PathBuf, Option<String>> =
        std::collections::HashMap::new();
    let mut out = String::new();
    for d in diags {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let source = sources
            .entry(d.file.clone())
            .or_insert_with(|| std::fs::read_to_string(root.join(&d.file)).ok())
            .as_deref();
        let path = d.file.display().to_string();
        let title = level.clone().primary_title(d.message.as_str());
        let mut group = match source.and_then(|s| span_of(s, d)) {
            Some(span) => {
                let src = source.unwrap_or_default();
                title.element(
                    Snippet::source(src)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(span)),
                )
            }
            None => title.element(
                annotate_snippets::Origin::path(path.as_str())
                    .line(d.line.max(1))
                    .char_column(d.column.max(1)),
            ),
        };
        if let Some(h) = &d.help {
            group = group.element(Level::HELP.message(h.as_str()));
        }
        let report: &[Group] = &[group];
        out.push_str(&renderer.render(report));
        out.push_str("\n\n");
    }
    out
}

/// The byte range of a diagnostic in its file's text.
fn span_of(source: &str, d: &Diagnostic) -> Option<std::ops::Range<usize>> {
    if d.line == 0 {
        return None;
    }
    let line_start = if d.line == 1 {
        0
    } else {
        source
            .match_indices('\n')
            .nth(d.line - 2)
            .map(|(i, _)| i + 1)?
    };
    let line_end = source[line_start..]
        .find('\n')
        .map_or(source.len(), |i| line_start + i);
    let line = &source[line_start..line_end];
    let col = d.column.max(1) - 1;
    let start = line_start + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
    let rest = &source[start..line_end];
    let len = if d.span_len > 0 {
        rest.char_indices()
            .nth(d.span_len)
            .map_or(rest.len(), |(i, _)| i)
    } else {
        value_len(&line[..start - line_start], rest)
    };
    Some(start..start + len)
}

/// How much of `rest` (a line from the diagnostic's column on; `before` is
/// the line up to it) to underline when the diagnostic gives no length: the
/// whole value (`Untied Kingdom`, not `Untied`), without a trailing comment;
/// inside `{...}` or `[...]` up to the next entry; a key up to its colon.
fn value_len(before: &str, rest: &str) -> usize {
    let in_flow = before.contains(['{', '[']);
    let end = if in_flow {
        rest.find([',', '}', ']'])
    } else {
        rest.find(" #")
    };
    let mut token = rest[..end.unwrap_or(rest.len())].trim_end();
    if !token.starts_with(['"', '\'']) {
        if let Some(colon) = token
            .find(": ")
            .or_else(|| token.strip_suffix(':').map(str::len))
        {
            token = &token[..colon];
        }
    }
    token
        .len()
        .max(rest.chars().next().map_or(0, char::len_utf8))
}
