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
/// The rest stays in `events`, in place: a whole document's events are
/// the largest thing a build holds, and a second list of them doubled that.
pub fn split_footnotes(mut events: Vec<Event>) -> (Vec<Event>, Vec<(String, Vec<Event>)>) {
    let mut notes = Vec::new();
    let mut current: Option<(String, Vec<Event>)> = None;
    let mut kept = 0;
    for i in 0..events.len() {
        let e = std::mem::replace(&mut events[i], Event::SoftBreak);
        match (&e, &mut current) {
            (Event::Start(Tag::FootnoteDefinition(l)), None) => {
                current = Some((l.to_string(), Vec::new()))
            }
            (Event::End(TagEnd::FootnoteDefinition), Some(_)) => notes.extend(current.take()),
            (_, Some((_, evs))) => evs.push(e),
            (_, None) => {
                events[kept] = e;
                kept += 1;
            }
        }
    }
    events.truncate(kept);
    (events, notes)
}
