//! The Markdown dialect every stage reads: CommonMark with tables and
//! footnotes. The replies' answers are parsed with it, the numbering pass and
//! the Typst converter read the generated Markdown with it, and the word count
//! counts with it: one definition, so they can never disagree.

use pulldown_cmark::{Event, Options, Tag, TagEnd};

/// The pulldown-cmark options of the report's Markdown.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES
}

/// Takes the footnote definitions out of an event stream, by label: the
/// converters write each note where it is referenced (Typst, Word).
pub fn split_footnotes(events: Vec<Event>) -> (Vec<Event>, Vec<(String, Vec<Event>)>) {
    let mut main = Vec::new();
    let mut notes = Vec::new();
    let mut current: Option<(String, Vec<Event>)> = None;
    for e in events {
        match (&e, &mut current) {
            (Event::Start(Tag::FootnoteDefinition(l)), None) => {
                current = Some((l.to_string(), Vec::new()))
            }
            (Event::End(TagEnd::FootnoteDefinition), Some(_)) => notes.extend(current.take()),
            (_, Some((_, evs))) => evs.push(e),
            (_, None) => main.push(e),
        }
    }
    (main, notes)
}
