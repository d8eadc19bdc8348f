//! `sgreport doctor [DIR]`: which typst and which fonts a build of DIR would
//! use, and why, in plain words.

use crate::pdf::{self, FontChoice};
use crate::project::ProjectLayout;

use super::args::DoctorArgs;
use super::Exit;

pub fn execute(args: &DoctorArgs) -> Exit {
    println!("pinned typst version: {}", pdf::TYPST_VERSION);
    println!(
        "typst cache:          {}",
        pdf::cache_dir().join("typst").display()
    );
    // Outside a project, the folder given (its fonts/ folder still counts).
    let root = match crate::project::find_root(&args.dir) {
        Ok(root) => {
            println!(
                "project:              {}",
                ProjectLayout::new(&root).report_yaml().display()
            );
            root
        }
        Err(e) => {
            println!("project:              none ({e})");
            args.dir.clone()
        }
    };
    let code = typst_line();
    fonts(&pdf::choose_font_for(&root));
    code
}

/// Where typst is and why that one; the tool's failure if SGREPORT_TYPST is wrong.
fn typst_line() -> Exit {
    match pdf::find_typst() {
        Ok(Some(t)) => {
            println!(
                "typst:                {} ({}), {}",
                t.program.display(),
                t.version,
                t.source.describe()
            );
            Exit::Success
        }
        Ok(None) => {
            println!(
                "typst:                not found; the next build installs typst {} into the cache",
                pdf::TYPST_VERSION
            );
            Exit::Success
        }
        Err(e) => {
            println!("typst:                {e}");
            Exit::Tool
        }
    }
}

fn fonts(font: &FontChoice) {
    match (font.files.is_empty(), font.family.as_str()) {
        (true, family) => println!(
            "body font:            {family}, which typst carries (neither Times New Roman nor Liberation Serif is installed)"
        ),
        (false, "Times New Roman") => println!("body font:            Times New Roman, as UN documents use"),
        (false, family) => println!(
            "body font:            {family} (Times New Roman is not installed; {family} has the same letter widths)"
        ),
    }
    for f in &font.files {
        println!("                      {}", f.display());
    }
    for f in &font.project_fonts {
        println!("project font:         {}", f.display());
    }
}
