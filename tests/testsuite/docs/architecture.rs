//! The developer guide's promise (`docs/src/developers/architecture.md`):
//! data flows one way, so no top-level module of `src/` imports another
//! that imports it back, directly or through others. A module's unit tests
//! (`#[cfg(test)] mod tests`, a `tests.rs`) may reach higher, and a comment
//! naming a module is not an import.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Which top-level modules each top-level module names in its code.
type Imports = BTreeMap<String, BTreeSet<String>>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level modules: `src/x.rs` or `src/x/mod.rs` (not the crate
/// roots `lib.rs` and `main.rs`).
fn top_level_modules(src: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let module = if path.is_dir() {
            path.join("mod.rs").exists() || src.join(format!("{name}.rs")).exists()
        } else {
            path.extension().is_some_and(|e| e == "rs") && name != "lib" && name != "main"
        };
        if module {
            out.insert(name);
        }
    }
    out
}

/// The `.rs` files of `module`, but for files of unit tests only.
fn files_of(src: &Path, module: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let file = src.join(format!("{module}.rs"));
    if file.exists() {
        out.push(file);
    }
    let mut dirs = vec![src.join(module)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "tests.rs")
            {
                out.push(path);
            }
        }
    }
    out
}

/// A file's code: no comment lines, and nothing from its unit tests on.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut previous = "";
    for line in text.lines() {
        if line == "mod tests {" && previous.starts_with("#[cfg(") && previous.contains("test") {
            break;
        }
        previous = line;
        if !line.trim_start().starts_with("//") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The first segment of every `crate::` path in `code`, a group's
/// (`crate::{a::b, c}`) each.
fn named(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let Some(group) = rest.strip_prefix('{') else {
            out.insert(ident(rest));
            continue;
        };
        // Only the paths that start at the group's own level.
        let (mut depth, mut start) = (1, true);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 1 => break,
                '}' => depth -= 1,
                ',' if depth == 1 => start = true,
                c if c.is_whitespace() => {}
                _ if start && depth == 1 => {
                    out.insert(ident(&group[i..]));
                    start = false;
                }
                _ => {}
            }
        }
    }
    out
}

fn imports(src: &Path) -> Imports {
    let modules = top_level_modules(src);
    let mut out = Imports::new();
    for module in &modules {
        let mut uses = BTreeSet::new();
        for file in files_of(src, module) {
            let text = fs::read_to_string(&file).unwrap();
            uses.extend(named(&code(&text)));
        }
        uses.retain(|u| modules.contains(u) && u != module);
        out.insert(module.clone(), uses);
    }
    out
}

/// The modules `from` reaches through its imports (itself if in a circle).
fn reach(graph: &Imports, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&str> = graph[from].iter().map(String::as_str).collect();
    while let Some(m) = todo.pop() {
        if seen.insert(m.to_string()) {
            todo.extend(graph[m].iter().map(String::as_str));
        }
    }
    seen
}

/// Every circle: the modules that reach each other, with their imports
/// among themselves (`a -> b`).
fn circles(graph: &Imports) -> Vec<String> {
    let reaches: BTreeMap<&str, BTreeSet<String>> = graph
        .keys()
        .map(|m| (m.as_str(), reach(graph, m)))
        .collect();
    let mut found = BTreeSet::new();
    for (m, r) in &reaches {
        let circle: BTreeSet<&str> = r
            .iter()
            .map(String::as_str)
            .filter(|o| reaches[o].contains(*m))
            .collect();
        if circle.len() > 1 {
            let edges: Vec<String> = circle
                .iter()
                .flat_map(|a| {
                    graph[*a]
                        .iter()
                        .filter(|b| circle.contains(b.as_str()))
                        .map(move |b| format!("{a} -> {b}"))
                })
                .collect();
            found.insert(edges.join(", "));
        }
    }
    found.into_iter().collect()
}

#[test]
fn no_import_circle_between_top_level_modules() {
    let graph = imports(&src());
    // The check sees the modules and their imports at all.
    assert!(graph["pipeline"].contains("submissions"), "{graph:?}");
    assert!(graph["cli"].contains("pipeline"), "{graph:?}");
    assert!(!graph.contains_key("lib"), "{graph:?}");
    let circles = circles(&graph);
    assert!(
        circles.is_empty(),
        "import circles between top-level modules (data must flow one way):\n{}",
        circles.join("\n")
    );
}

#[test]
fn imports_are_read_from_paths_and_groups_not_comments_or_unit_tests() {
    let text = "//! See [`crate::model`].\n\
                use crate::{diag::{self, Diagnostic}, style};\n\
                fn f() { crate::date::today(); }\n\
                #[cfg(test)]\nmod tests {\n    use crate::pipeline;\n}\n";
    let names: Vec<String> = named(&code(text)).into_iter().collect();
    assert_eq!(names, ["date", "diag", "style"]);
}

#[test]
fn a_circle_through_a_third_module_is_found() {
    let graph: Imports = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]
        .into_iter()
        .map(|(m, u)| (m.to_string(), BTreeSet::from([u.to_string()])))
        .collect();
    assert_eq!(circles(&graph), ["a -> b, b -> c, c -> a"]);
}
