//! The Markdown dialect every stage reads: CommonMark with tables and
//! footnotes. The replies' answers are parsed with it, the numbering pass and
//! the Typst converter read the generated Markdown with it, and the word count
//! counts with it: one definition, so they can never disagree.

use pulldown_cmark::Options;

/// The pulldown-cmark options of the report's Markdown.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES
}
