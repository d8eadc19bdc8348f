use sgreport::render::overview::template_overview;

use super::args::TemplatesArgs;

/// Lists the built-in templates, which ones `DIR/templates/` overrides, and any
/// other files there. (`--list` is the only mode, and the default.)
pub fn execute(args: &TemplatesArgs) -> u8 {
    let _ = args.list;
    if !args.dir.is_dir() {
        eprintln!("error: {} is not a folder", args.dir.display());
        return 2;
    }
    let entries = template_overview(&args.dir);
    let name_w = entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let status: Vec<String> = entries.iter().map(|e| e.status.to_string()).collect();
    let status_w = status.iter().map(String::len).max().unwrap_or(0);
    println!(
        "templates of {} (a file in {}/templates/ overrides the built-in one of the same name):",
        args.dir.display(),
        args.dir.display()
    );
    for (e, s) in entries.iter().zip(&status) {
        println!("  {:<name_w$}  {:<status_w$}  {}", e.name, s, e.description);
    }
    0
}
