//! Review aids: `sgreport diff` between two drafts, its redlines (PDF and
//! Word with tracked changes), and the review copy.

mod diff;
mod redline;
