//! Checks on the layout template (`un-report.typ`) before typst sees it: a
//! package import (`#import "@preview/..."`) would make typst download code
//! from the network, which sgreport never lets it do.
//!
//! The scan follows typst's modes closely enough for a layout file: markup,
//! where a `"` is a quotation mark and only `#...` starts code; code, where
//! strings are strings; content blocks `[...]` inside code; comments and raw
//! text in both. It looks for `import` / `include` followed by a string that
//! starts with `@`, and for any string in code that reads like a package name
//! (`"@namespace/name:1.0.0"`), which catches the name kept in a variable.

use std::sync::Mutex;

/// A package the layout would fetch, where its name stands (1-based line and
/// column, in characters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{file}:{line}:{column}: the layout uses the typst package \"{package}\"; sgreport never \
     lets typst download packages: copy what the layout needs from it into {file} itself",
    file = crate::render::typst::LAYOUT_FILE
)]
pub struct LayoutProblem {
    pub line: usize,
    pub column: usize,
    /// The string as written, `@preview/x:1.0.0`.
    pub package: String,
}

/// The first package the layout imports or includes, if any.
pub fn check_layout(layout: &str) -> Result<(), LayoutProblem> {
    match package_uses(layout).into_iter().next() {
        Some(p) => Err(p),
        None => Ok(()),
    }
}

/// Every package the layout imports or names, in order.
pub fn package_uses(layout: &str) -> Vec<LayoutProblem> {
    // A build asks about one layout several times (when loading the
    // templates, then before each compile): a layout found clean is
    // remembered, by its whole text.
    static CLEAN: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let clean = || CLEAN.lock().unwrap_or_else(|e| e.into_inner());
    if clean().iter().any(|l| l == layout) {
        return Vec::new();
    }
    let found = scan(layout);
    if found.is_empty() {
        let mut known = clean();
        if known.len() == 4 {
            known.remove(0);
        }
        known.push(layout.to_string());
    }
    found
}

fn scan(layout: &str) -> Vec<LayoutProblem> {
    // A package is named by a string that starts with `@`: a layout with no
    // `@` names none, and is not scanned (a million instructions for the
    // default layout, a tenth of a small build's).
    if !layout.contains('@') {
        return Vec::new();
    }
    let mut s = Scanner {
        chars: layout.chars().collect(),
        at: 0,
        line: 1,
        column: 1,
        found: Vec::new(),
    };
    s.markup(None);
    s.found
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Code up to a closing `}` or `)`.
    Block(char),
    /// The code of `#let`, `#set`, `#import` ... up to the end of the line.
    Line,
}

struct Scanner {
    chars: Vec<char>,
    at: usize,
    line: usize,
    column: usize,
    found: Vec<LayoutProblem>,
}

impl Scanner {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    /// `//` to the end of the line, or a (nested) `/* */`; true if one was skipped.
    fn comment(&mut self) -> bool {
        match (self.peek(0), self.peek(1)) {
            (Some('/'), Some('/')) => {
                while self.peek(0).is_some_and(|c| c != '\n') {
                    self.bump();
                }
                true
            }
            (Some('/'), Some('*')) => {
                let mut depth = 0;
                while let Some(c) = self.bump() {
                    if c == '/' && self.peek(0) == Some('*') {
                        self.bump();
                        depth += 1;
                    } else if c == '*' && self.peek(0) == Some('/') {
                        self.bump();
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                }
                true
            }
            _ => false,
        }
    }

    /// Raw text: a run of backticks up to the same run.
    fn raw(&mut self) {
        let mut n = 0;
        while self.peek(0) == Some('`') {
            self.bump();
            n += 1;
        }
        if n == 2 {
            return; // an empty raw text
        }
        let mut run = 0;
        while let Some(c) = self.bump() {
            run = if c == '`' { run + 1 } else { 0 };
            if run == n {
                return;
            }
        }
    }

    fn ident(&mut self) -> String {
        let mut id = String::new();
        while let Some(c) = self
            .peek(0)
            .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        {
            id.push(c);
            self.bump();
        }
        id
    }

    /// Markup up to `]` (a content block) or the end.
    fn markup(&mut self, close: Option<char>) {
        while let Some(c) = self.peek(0) {
            if self.comment() {
                continue;
            }
            match c {
                '\\' => {
                    self.bump();
                    self.bump();
                }
                '`' => self.raw(),
                '[' => {
                    self.bump();
                    self.markup(Some(']'));
                }
                ']' if close == Some(']') => {
                    self.bump();
                    return;
                }
                '#' => {
                    self.bump();
                    self.embedded();
                }
                _ => {
                    self.bump();
                }
            }
        }
    }

    /// What follows a `#` in markup.
    fn embedded(&mut self) {
        match self.peek(0) {
            Some('{') => {
                self.bump();
                self.code(Mode::Block('}'));
            }
            Some('(') => {
                self.bump();
                self.code(Mode::Block(')'));
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                let id = self.ident();
                if is_keyword(&id) {
                    self.after_keyword(&id);
                    self.code(Mode::Line);
                } else {
                    self.call_chain();
                }
            }
            _ => {}
        }
    }

    /// `#name.field(args)[content]...` in markup.
    fn call_chain(&mut self) {
        loop {
            match self.peek(0) {
                Some('(') => {
                    self.bump();
                    self.code(Mode::Block(')'));
                }
                Some('[') => {
                    self.bump();
                    self.markup(Some(']'));
                }
                Some('.') if self.peek(1).is_some_and(char::is_alphabetic) => {
                    self.bump();
                    self.ident();
                }
                _ => return,
            }
        }
    }

    /// After `import` or `include`: the string that names what is loaded.
    fn after_keyword(&mut self, id: &str) {
        if id != "import" && id != "include" {
            return;
        }
        while self.peek(0).is_some_and(|c| c == ' ' || c == '\t') {
            self.bump();
        }
        if self.peek(0) == Some('"') {
            let (line, column) = (self.line, self.column);
            let text = self.string();
            if text.starts_with('@') {
                self.report(line, column, text);
            }
        }
    }

    fn report(&mut self, line: usize, column: usize, package: String) {
        if !self
            .found
            .iter()
            .any(|p| p.line == line && p.column == column)
        {
            self.found.push(LayoutProblem {
                line,
                column,
                package,
            });
        }
    }

    /// A string literal, from its opening quote; returns its text.
    fn string(&mut self) -> String {
        self.bump();
        let mut text = String::new();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => {
                    if let Some(n) = self.bump() {
                        text.push('\\');
                        text.push(n);
                    }
                }
                _ => text.push(c),
            }
        }
        text
    }

    /// Code until its end: the closing bracket of a block, or the line's end.
    fn code(&mut self, mode: Mode) {
        while let Some(c) = self.peek(0) {
            if self.comment() {
                continue;
            }
            match c {
                '\n' | ';' if mode == Mode::Line => return,
                '}' | ')' if mode == Mode::Block(c) => {
                    self.bump();
                    return;
                }
                '{' | '(' => {
                    self.bump();
                    self.code(Mode::Block(if c == '{' { '}' } else { ')' }));
                }
                '[' => {
                    self.bump();
                    self.markup(Some(']'));
                }
                '"' => {
                    let (line, column) = (self.line, self.column);
                    let text = self.string();
                    if looks_like_package(&text) {
                        self.report(line, column, text);
                    }
                }
                '`' => self.raw(),
                c if c.is_alphabetic() || c == '_' => {
                    let id = self.ident();
                    self.after_keyword(&id);
                }
                _ => {
                    self.bump();
                }
            }
        }
    }
}

fn is_keyword(id: &str) -> bool {
    matches!(
        id,
        "let"
            | "set"
            | "show"
            | "import"
            | "include"
            | "if"
            | "for"
            | "while"
            | "return"
            | "context"
    )
}

/// `@namespace/name:version`.
fn looks_like_package(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('@') else {
        return false;
    };
    let Some((namespace, rest)) = rest.split_once('/') else {
        return false;
    };
    let Some((name, version)) = rest.split_once(':') else {
        return false;
    };
    let word = |w: &str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    word(namespace) && word(name) && version.starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(layout: &str) -> Vec<(usize, usize, String)> {
        package_uses(layout)
            .into_iter()
            .map(|p| (p.line, p.column, p.package))
            .collect()
    }

    #[test]
    fn a_package_import_is_found_with_its_line_and_column() {
        let layout = "// The layout\n#let x = 1\n#import \"@preview/x:1.0.0\": *\n";
        let e = check_layout(layout).unwrap_err();
        assert_eq!((e.line, e.column), (3, 9));
        assert_eq!(e.package, "@preview/x:1.0.0");
        assert!(e.to_string().starts_with(
            "un-report.typ:3:9: the layout uses the typst package \"@preview/x:1.0.0\""
        ));
    }

    #[test]
    fn imports_and_includes_in_code_are_found() {
        let layout = "#let f() = {\n  import \"@local/y:0.1.0\"\n}\n#{ include \"@ns/z:2.0.0\" }\n#(import \"@a/b:1.0.0\")\n";
        assert_eq!(
            at(layout),
            [
                (2, 10, "@local/y:0.1.0".to_string()),
                (4, 12, "@ns/z:2.0.0".to_string()),
                (5, 10, "@a/b:1.0.0".to_string())
            ]
        );
        // Any string after import that starts with `@`, even without a version.
        assert_eq!(at("#import \"@preview/x\"").len(), 1);
        // A package name kept in a variable.
        assert_eq!(
            at("#let p = \"@preview/cetz:0.3.0\"\n#import p\n"),
            [(1, 10, "@preview/cetz:0.3.0".to_string())]
        );
    }

    #[test]
    fn comments_text_and_strings_are_not_imports() {
        for layout in [
            "// #import \"@preview/x:1.0.0\": *\n",
            "/* #import \"@preview/x:1.0.0\"\n /* nested */ #import \"@preview/y:1.0.0\" */\n",
            "Write import \"@preview/x:1.0.0\" in text.\n",
            "#let s = \"import @preview/x\"\n",
            "#text[import \"@preview/x:1.0.0\"]\n",
            "`#import \"@preview/x:1.0.0\"`\n",
            "\\#import \"@preview/x:1.0.0\"\n",
            "#import \"helpers.typ\": *\n",
            "#let mail = \"@someone\"\n",
        ] {
            assert_eq!(at(layout), [], "{layout:?}");
        }
    }

    #[test]
    fn the_shipped_layout_uses_no_package() {
        let layout = include_str!("../../templates/un-report.typ");
        assert_eq!(check_layout(layout), Ok(()));
    }

    #[test]
    fn after_content_and_comments_the_scan_goes_on() {
        let layout =
            "#let f(x) = [a \"b\" ] // c\n#show: body => { body }\n\n#import \"@preview/x:1.0.0\"";
        assert_eq!(at(layout), [(4, 9, "@preview/x:1.0.0".to_string())]);
    }
}
