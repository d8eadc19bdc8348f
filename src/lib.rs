//! sgreport: replies of Member States in, a draft Report of the
//! Secretary-General out, in Markdown, PDF and Word.
//!
//! The stages, data flowing one way, each a module:
//! [`submissions`] (load + check) -> [`model`] -> [`render`] (the templates,
//! read once into one numbered [`document::Document`]) -> the outputs, each
//! a renderer or reader over that Document: Markdown and Typst
//! ([`render::markdown`], [`render::typst`]), the PDF ([`pdf`], the typst
//! program; accessible and archival, PDF/UA-1 and PDF/A-2a), Word
//! ([`docx`]), the figures' SVG, `sources.json` and the review copy
//! ([`review`]), the word count ([`wordcount`]) -> [`output`] (one
//! generation, all or nothing, in `output/`, whose every file is read as
//! untrusted). Every block of the Document says where it came from
//! ([`source`]). [`pipeline`] runs them in order for every command.
//!
//! Beside the build: [`review`] also compares two drafts (`sgreport diff`:
//! the changes as CriticMarkup, a redline PDF and a Word file with tracked
//! changes); [`questionnaire`] writes the form States fill in and reads a
//! filled one back into a reply; [`status`] says who has not replied;
//! [`watch`] rebuilds on every save; [`init`] starts a project.
//!
//! Rules used by several stages live in one module each: [`style`] (UN
//! editorial style), [`collate`] (alphabetical order), [`markdown`] (the
//! Markdown dialect), [`escape`] (the only way text enters markup),
//! [`date`], [`diag`] (messages at file, line and column), [`project`] (the
//! project's files) and [`output::names`] (every output's name).
//!
//! The program is [`cli`] (`src/main.rs` only calls [`cli::main`]). Every
//! other module is crate-private, so that the compiler reports code nothing
//! uses; the one public module besides `cli` is [`api`], the few entry points
//! the integration tests and the build benchmark call in-process.

pub mod api;
pub(crate) mod barcode;
pub(crate) mod chart;
pub mod cli;
pub(crate) mod collate;
pub(crate) mod date;
pub(crate) mod diag;
pub(crate) mod document;
pub(crate) mod docx;
pub(crate) mod escape;
pub(crate) mod init;
pub(crate) mod markdown;
pub(crate) mod members;
pub(crate) mod model;
pub(crate) mod output;
pub(crate) mod pdf;
pub(crate) mod pipeline;
pub(crate) mod progress;
pub(crate) mod project;
pub(crate) mod questionnaire;
pub(crate) mod read;
pub(crate) mod render;
pub(crate) mod review;
pub(crate) mod source;
pub(crate) mod status;
pub(crate) mod style;
pub(crate) mod submissions;
pub(crate) mod suggest;
pub(crate) mod watch;
pub(crate) mod wordcount;
