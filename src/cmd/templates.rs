use crate::args::TemplatesArgs;

pub fn execute(_args: &TemplatesArgs) -> u8 {
    eprintln!("sgreport templates: not available yet");
    2
}
