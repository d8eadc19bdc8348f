//! `sgreport questionnaire [DIR]`: the questionnaire annexed to the note
//! verbale, in Word (content controls to answer in) and PDF.

use crate::pipeline::prepare_typst;
use crate::questionnaire;

use super::args::{DiagnosticArgs, MessageFormat, QuestionnaireArgs};
use super::import::load_config;
use super::Exit;

pub fn execute(args: &QuestionnaireArgs) -> Exit {
    let root = match super::project_root(&args.dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let Some(config) = load_config(&root) else {
        return Exit::Input;
    };
    let diagnostics = DiagnosticArgs {
        message_format: MessageFormat::Human,
        strict: false,
    };
    let typst = if args.no_pdf {
        None
    } else {
        let progress = super::progress::for_terminal();
        match prepare_typst(&root, &|m| super::notice(m), progress.as_ref()) {
            Ok(t) => Some(t),
            Err(e) => return super::report_build_error(&e, &root, &diagnostics),
        }
    };
    match questionnaire::write_questionnaire(&root, &config, typst.as_ref(), &|m| super::notice(m))
    {
        Ok(files) => {
            for f in files {
                super::say(&format!("wrote {}", f.display()));
            }
            Exit::Success
        }
        Err(e) => super::report_build_error(&e, &root, &diagnostics),
    }
}
