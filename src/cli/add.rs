//! `sgreport add NAME [DIR]`: a reply skeleton for one sender.

use super::args::AddArgs;
use super::import::{date_arg, kind, load_config, report};
use super::Exit;

pub fn execute(args: &AddArgs) -> Exit {
    let root = match super::project_root(&args.dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let received = match &args.received {
        Some(s) => match date_arg(s) {
            Some(d) => Some(d),
            None => return Exit::Tool,
        },
        None => None,
    };
    let Some(config) = load_config(&root) else {
        return Exit::Input;
    };
    match crate::questionnaire::add(&root, &config, &args.name, kind(args.kind), received) {
        Ok(file) => {
            super::say(&format!(
                "wrote {}: type the reply's answers in it (`sgreport check` lists what is left)",
                file.display()
            ));
            Exit::Success
        }
        Err(e) => report(&e, &root, std::path::Path::new(&args.name)),
    }
}
