//! The outputs written from the one Document: the Markdown and the Typst
//! (snapshots), the figures, the last layout rules, and the agreement of the
//! Markdown, the PDF and the Word file.

mod agreement;
mod figures;
mod layout;
mod markdown;
mod typst;
