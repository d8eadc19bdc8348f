use crate::init::{init, InitError};

use super::args::InitArgs;
use super::Exit;

/// Created; a file it would write exists already (the input's: nothing is
/// written); a file or folder could not be created (the tool's).
pub fn execute(args: &InitArgs) -> Exit {
    match init(&args.dir) {
        Ok(files) => {
            let dir = args.dir.display();
            println!("created a new report project in {dir}:");
            for f in &files {
                println!("  {}", f.display());
            }
            println!("  output/");
            if !files
                .iter()
                .any(|f| f == std::path::Path::new(".gitignore"))
            {
                println!("(.gitignore exists already and was left as it is: add output/ to it)");
            }
            let (check, build) = if args.dir == std::path::Path::new(".") {
                ("sgreport check".to_string(), "sgreport build".to_string())
            } else {
                (
                    format!("sgreport check {dir}"),
                    format!("sgreport build {dir}"),
                )
            };
            println!(
                "next: replace the example values in report.yaml and the example reply (`{check}` warns at each placeholder left), then run `{check}` and `{build}`"
            );
            println!(
                "the built-in templates are used until you copy one to edit: `sgreport templates --eject NAME`"
            );
            Exit::Success
        }
        Err(e @ InitError::Exists(_)) => {
            eprintln!("error: {e}");
            eprintln!("help: choose a new folder, or move those files away first");
            Exit::Input
        }
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Tool
        }
    }
}
