//! sgreport: replies of Member States in, a draft Report of the
//! Secretary-General out, in Markdown and PDF.
//!
//! The stages, data flowing one way:
//! [`submissions`] (load + validate) -> [`model`] -> [`render`] (Markdown,
//! Typst) -> [`pdf`] (the typst program) -> [`output`] (atomic writes).

pub mod build;
pub mod collate;
pub mod date;
pub mod diag;
pub mod escape;
pub mod init;
pub mod members;
pub mod model;
pub mod output;
pub mod pdf;
pub mod progress;
pub mod render;
pub mod status;
pub mod submissions;
pub mod watch;
pub mod wordcount;
