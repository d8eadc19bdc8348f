//! Review aids: `sgreport diff OLD.md NEW.md` compares two drafts written by
//! sgreport, matching paragraphs by content rather than by number, and
//! writes the new draft with word-level CriticMarkup marks.
//!
//! [`draft`] reads a draft into units (numbered paragraphs and the other
//! blocks), [`diff`] matches them and diffs changed ones (`words`: by
//! words and punctuation; `table`: rows by their first cell, then cell by
//! cell), [`critic`] writes the CriticMarkup and the summary.

mod contents;
pub mod critic;
pub mod diff;
pub mod draft;
mod masthead;
pub mod redline;
pub mod review_pdf;
mod revisions;
pub mod sources;
mod table;
mod words;

pub use critic::{changes_markdown, Summary};
pub use diff::compare_with;
pub use draft::Draft;
