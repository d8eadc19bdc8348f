use crate::args::StatusArgs;

pub fn execute(_args: &StatusArgs) -> u8 {
    eprintln!("sgreport status: not available yet");
    2
}
