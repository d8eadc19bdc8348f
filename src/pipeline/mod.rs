//! The stages in order, for every command. [`prepare`] runs load -> check ->
//! model -> render and is what `check`, `status`, `build`, `watch` and the
//! benchmark share; [`Builder`] adds Typst, the PDF compile and the writes
//! into `output/` for `build` and `watch`.
//!
//! ```text
//! submissions (load, check) -> model -> render (Markdown, Typst) -> pdf -> output
//! ```

mod builder;
mod compile;
mod error;
mod prepare;
mod warnings;

pub use builder::{BuildOptions, BuildReport, Builder, Written};
pub use compile::{check_pdf, prepare_typst, source_date_epoch};
pub use error::BuildError;
pub use prepare::{prepare, prepare_with, Prepared, Rendered, Stage, Timings};
