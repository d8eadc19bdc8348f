//! The `sgreport` program. The command line is the library's `cli` module,
//! so that everything else in the library can stay crate-private.

fn main() -> std::process::ExitCode {
    sgreport::cli::main()
}
