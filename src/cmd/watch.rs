use crate::args::WatchArgs;

pub fn execute(_args: &WatchArgs) -> u8 {
    eprintln!("sgreport watch: not available yet");
    2
}
