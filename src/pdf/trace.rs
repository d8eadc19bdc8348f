//! Tracing a typst failure back to what the user wrote: the generated Typst
//! line typst points at, the Markdown line it came from, and the reply file
//! and line whose words it holds.

use std::fs;
use std::path::PathBuf;

use super::CompileError;
use crate::submissions::Project;

/// The words of a generated Typst line: function calls (`#para("6")[`) and
/// escapes taken out, so they can be looked for in the Markdown and replies.
fn typst_words(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                while chars
                    .peek()
                    .is_some_and(|c| c.is_alphanumeric() || *c == '-' || *c == '.')
                {
                    chars.next();
                }
                if chars.peek() == Some(&'(') {
                    let mut depth = 0;
                    for c in chars.by_ref() {
                        depth += i32::from(c == '(') - i32::from(c == ')');
                        if depth == 0 {
                            break;
                        }
                    }
                }
                out.push(' ');
            }
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            c if c.is_alphanumeric() || c == ' ' => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// The reply file and line whose text holds all the `probe` words.
fn reply_line(project: &Project, probe: &[&str]) -> Option<(PathBuf, usize)> {
    if probe.is_empty() {
        return None;
    }
    project.replies.iter().find_map(|r| {
        let text = fs::read_to_string(project.root.join(&r.file)).ok()?;
        let n = text
            .lines()
            .position(|l| probe.iter().all(|p| l.contains(p)))?;
        Some((r.file.clone(), n + 1))
    })
}

/// typst's message, with the generated line, the Markdown line and the reply
/// it came from.
pub fn explain(e: &CompileError, markdown: &str, stem: &str, project: &Project) -> String {
    let mut msg = format!("typst could not compile {stem}:\n{}", e.message);
    let mut traced_to_document = false;
    for (file, n, line) in &e.locations {
        if file != "document.typ" {
            msg.push_str(&format!(
                "\n  layout template {file}, line {n}: {}",
                line.trim()
            ));
            continue;
        }
        if std::mem::replace(&mut traced_to_document, true) {
            continue;
        }
        msg.push_str(&format!("\n  generated Typst, line {n}: {}", line.trim()));
        let words = typst_words(line);
        let probe: Vec<&str> = words
            .split_whitespace()
            .filter(|w| w.len() > 3)
            .take(4)
            .collect();
        let found = markdown
            .lines()
            .enumerate()
            .find(|(_, l)| !probe.is_empty() && probe.iter().all(|p| l.contains(p)));
        if let Some((i, l)) = found {
            msg.push_str(&format!(
                "\n  Markdown ({stem}.md), line {}: {}",
                i + 1,
                l.trim()
            ));
        }
        if let Some((file, n)) = reply_line(project, &probe) {
            msg.push_str(&format!("\n  from the reply {}, line {n}", file.display()));
        }
    }
    msg
}
