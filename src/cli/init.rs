use sgreport::init::{init, InitError};

use super::args::InitArgs;

/// Exit codes: 0 created; 1 a file it would write exists already (nothing is
/// written); 2 a file or folder could not be created.
pub fn execute(args: &InitArgs) -> u8 {
    match init(&args.dir) {
        Ok(files) => {
            let dir = args.dir.display();
            println!("created a new report project in {dir}:");
            for f in &files {
                println!("  {}", f.display());
            }
            println!("  output/");
            println!(
                "next: replace the example values in {dir}/report.yaml and the example reply, then run `sgreport check {dir}` and `sgreport build {dir}`"
            );
            0
        }
        Err(e @ InitError::Exists(_)) => {
            eprintln!("error: {e}");
            eprintln!("help: choose a new folder, or move those files away first");
            1
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}
