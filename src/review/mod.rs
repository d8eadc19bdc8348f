//! Review aids: `sgreport diff OLD.md NEW.md` compares two drafts written by
//! sgreport, matching paragraphs by content rather than by number, and
//! writes the new draft with word-level CriticMarkup marks.
//!
//! [`draft`] reads a draft into units (numbered paragraphs and the other
//! blocks), [`diff`] matches them and diffs the words of changed ones (the
//! `similar` crate), [`critic`] writes the CriticMarkup and the summary.

pub mod critic;
pub mod diff;
pub mod draft;
pub mod redline;
pub mod review_pdf;
pub mod sources;

pub use critic::{changes_markdown, Summary};
pub use diff::{compare, Comparison, Entry, Piece};
pub use draft::{Draft, NotADraft, Unit};
