//! sgreport: replies of Member States in, a draft Report of the
//! Secretary-General out, in Markdown and PDF.
//!
//! The stages, data flowing one way, each a module:
//! [`submissions`] (load + check) -> [`model`] -> [`render`] (the templates,
//! read once into one numbered [`document::Document`]) -> the outputs, each
//! a renderer or reader over that Document: Markdown and Typst
//! ([`render::markdown`], [`render::typst`]), the PDF ([`pdf`], the typst
//! program), Word ([`docx`]), `sources.json` and the review copy
//! ([`review`]), the word count ([`wordcount`]) -> [`output`]
//! (all-or-nothing writes). Every block of the Document says where it came
//! from ([`source`]). [`pipeline`] runs them in order for every command.
//! Rules used by
//! several stages live in one module each: [`style`] (UN editorial style),
//! [`collate`] (alphabetical order), [`markdown`] (the Markdown dialect),
//! [`escape`] (the only way text enters markup), [`date`], [`diag`].

pub(crate) mod barcode;
pub(crate) mod chart;
pub(crate) mod collate;
pub mod date;
pub mod diag;
pub mod document;
pub mod docx;
pub(crate) mod escape;
pub mod init;
pub mod markdown;
pub mod members;
pub(crate) mod model;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod progress;
pub mod project;
pub mod questionnaire;
pub(crate) mod read;
pub mod render;
pub mod review;
pub mod source;
pub mod status;
pub mod style;
pub mod submissions;
pub(crate) mod suggest;
pub mod watch;
pub mod wordcount;
