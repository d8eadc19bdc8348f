use sgreport::render::overview::template_overview;

use super::args::TemplatesArgs;

/// Lists the built-in templates, which ones `DIR/templates/` overrides, and any
/// other files there. (`--list` is the only mode, and the default.)
pub fn execute(args: &TemplatesArgs) -> u8 {
    let _ = args.list;
    let root = match super::project_root(&args.dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let entries = template_overview(&root);
    let name_w = entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let status: Vec<String> = entries.iter().map(|e| e.status.to_string()).collect();
    let status_w = status.iter().map(String::len).max().unwrap_or(0);
    println!(
        "templates of {} (a file in {}/templates/ overrides the built-in one of the same name):",
        root.display(),
        root.display()
    );
    for (e, s) in entries.iter().zip(&status) {
        println!("  {:<name_w$}  {:<status_w$}  {}", e.name, s, e.description);
    }
    0
}
