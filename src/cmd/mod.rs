//! One module per command, each with a small `execute()` returning the exit code.

pub mod build;
pub mod check;
pub mod doctor;
pub mod init;
pub mod status;
pub mod templates;
pub mod watch;

use sgreport::build::BuildError;

/// Prints a failed build and gives its exit code.
pub fn report_error(e: &BuildError) -> u8 {
    eprintln!("{e}");
    match e {
        BuildError::Input(_) => 1,
        BuildError::Tool(_) => 2,
    }
}
