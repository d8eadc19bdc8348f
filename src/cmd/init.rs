use crate::args::InitArgs;

pub fn execute(_args: &InitArgs) -> u8 {
    eprintln!("sgreport init: not available yet");
    2
}
