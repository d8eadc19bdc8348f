//! `sgreport templates --variables [DIR]`: what each template receives,
//! taken from a real render of the project, so it cannot drift from the code.

use std::path::Path;

use crate::pipeline::prepare;
use crate::project::ProjectLayout;
use crate::render::overview::{loop_variables, template_variables, variables_used};
use crate::render::templates::BUILTIN;

use super::Exit;

pub fn execute(root: &Path) -> Exit {
    let prepared = match prepare(root) {
        Ok(p) => p,
        Err(e) => {
            let args = super::args::DiagnosticArgs {
                message_format: super::args::MessageFormat::Human,
                strict: false,
            };
            return super::report_build_error(&e, root, &args);
        }
    };
    let mut out = String::new();
    // Written at once at the end; a closed pipe (`| head`) is not an error.
    macro_rules! println {
        ($($t:tt)*) => {{
            use std::fmt::Write as _;
            let _ = writeln!(out, $($t)*);
        }};
    }
    let vars = prepared
        .documents
        .first()
        .map_or_else(Vec::new, |d| template_variables(&d.model));
    let symbol = prepared
        .documents
        .first()
        .map(|d| d.model.document.symbol.clone())
        .unwrap_or_default();
    println!("Every .md template receives the same variables: those of the document it renders.");
    println!(
        "Types and examples are from a render of {symbol} ({}).",
        ProjectLayout::new(root).report_yaml().display()
    );
    println!(
        "`[]` stands for each element of a list (`{{% for r in replies %}}{{{{ r.from }}}}{{% endfor %}}`)."
    );
    println!();
    let path_w = vars.iter().map(|v| v.path.len()).max().unwrap_or(0);
    let kind_w = vars.iter().map(|v| v.kind.len()).max().unwrap_or(0);
    for v in &vars {
        let line = format!("{:<path_w$}  {:<kind_w$}  {}", v.path, v.kind, v.example);
        println!("{}", line.trim_end());
    }
    println!();
    println!("Top-level variables each template uses:");
    let top: Vec<&str> = vars
        .iter()
        .filter(|v| !v.path.contains(['.', '[']))
        .map(|v| v.path.as_str())
        .collect();
    let mut texts: Vec<(String, String)> = BUILTIN
        .iter()
        .filter(|(n, _)| n.ends_with(".md"))
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    for (name, text) in texts.iter_mut() {
        if let Ok(own) = std::fs::read_to_string(ProjectLayout::new(root).templates().join(&*name))
        {
            *text = own;
        }
    }
    let name_w = texts.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for (name, text) in &texts {
        let used = variables_used(text, &top);
        let used = if used.is_empty() {
            "(none)".to_string()
        } else {
            used.join(", ")
        };
        println!("  {name:<name_w$}  {used}");
    }
    println!();
    println!("Variables each template makes (`for` loops, `set`) or takes from the template that includes it:");
    for (name, text) in &texts {
        let made = loop_variables(text, &top);
        if !made.is_empty() {
            println!("  {name:<name_w$}  {}", made.join("; "));
        }
    }
    println!(
        "Inside a loop, `loop.index`, `loop.first`, `loop.last` and `loop.length` are Tera's."
    );
    println!();
    println!("The filters and the layout's parameters: docs/templates.md, docs/layout.md");
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes());
    Exit::Success
}
