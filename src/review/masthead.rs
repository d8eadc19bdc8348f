//! A draft's masthead read back into its fields, for the Word redline, so
//! that page 1 is written as `build --docx` writes it: the organ beside the
//! distribution block, the cover note a Word footnote marked by the agenda
//! item's asterisk, the job number and barcode at the foot of the page. The
//! reading is the inverse of the Markdown writer's masthead
//! ([`crate::render::markdown`]), block by block and line by line; the
//! marks of changes in its text ([`super::redline`]'s private-use
//! characters) stay in the fields, so the changes are tracked there too.
//! A masthead of any other shape is not read: the redline then shows it as
//! the text it is.

use super::revisions::{is_mark, new_text_only as new_text};
use crate::document::{Block, Inline, Masthead, SessionBlock};

/// One line of a masthead block.
#[derive(Debug, Default)]
struct Line {
    /// Its text, marks included.
    text: String,
    /// All bold (its marks and blanks aside).
    bold: bool,
    /// All a code span (the barcode line).
    code: bool,
}

impl Line {
    /// The text without the marks of changes.
    fn plain(&self) -> String {
        self.text.chars().filter(|c| !is_mark(*c)).collect()
    }
}

/// The masthead that `front` (a draft's masthead blocks) writes, if it has
/// the Markdown writer's shape.
pub(crate) fn read(front: &[Block]) -> Option<Masthead> {
    let mut blocks = front.iter().peekable();
    let mut m = Masthead::default();
    let [un, symbol] = &paragraph(blocks.next()?)?[..] else {
        return None;
    };
    (un.plain() == "United Nations" && symbol.bold).then_some(())?;
    m.symbol = symbol.text.clone();
    m.organ = bold_line(blocks.next()?)?;
    let [distribution, date, original] = &paragraph(blocks.next()?)?[..] else {
        return None;
    };
    m.distribution = after(distribution, "Distr.: ")?;
    m.date = date.text.clone();
    m.original_language = after(original, "Original: ")?;
    if let Some(status) = blocks.next_if(|b| !matches!(b, Block::Rule { .. })) {
        m.status = Some(one_line(status)?);
    }
    matches!(blocks.next()?, Block::Rule { .. }).then_some(())?;
    let (session, marked) = session(&paragraph(blocks.next()?)?)?;
    m.session = session;
    m.title = bold_line(blocks.next()?)?;
    for b in blocks {
        let lines = paragraph(b)?;
        let first = lines.first()?;
        if lines.iter().all(|l| l.bold) && m.subtitle.is_empty() {
            m.subtitle = lines.iter().map(|l| l.text.clone()).collect();
        } else if first.plain().starts_with("* ") && lines.len() == 1 && marked {
            m.cover_note = Some(first.text.replacen("* ", "", 1));
        } else if m.job_number.is_none() && lines.len() <= 2 && !first.code {
            // The footer takes no revision: the new draft's.
            m.job_number = Some(new_text(&first.text));
            if let Some(code) = lines.get(1) {
                code.code.then_some(())?;
                m.barcode = Some(new_text(&code.text));
            }
        } else {
            return None;
        }
    }
    (marked == m.cover_note.is_some()).then_some(m)
}

/// The session block, and whether its agenda item carries the cover
/// note's asterisk.
fn session(lines: &[Line]) -> Option<(SessionBlock, bool)> {
    let (body, session, place, item) = match lines {
        [b, s, p, i] | [b, s, p, i, _] => (b, s, p, i),
        _ => return None,
    };
    let agenda_title = match lines.get(4) {
        Some(t) if t.bold => Some(t.text.clone()),
        Some(_) => return None,
        None => None,
    };
    let marked = item.text.ends_with('*');
    let agenda_item = item.text.strip_suffix('*').unwrap_or(&item.text);
    let block = SessionBlock {
        body: body.text.clone(),
        session: session.text.clone(),
        place_and_dates: place.text.clone(),
        agenda_item: agenda_item.to_string(),
        agenda_title,
    };
    Some((block, marked))
}

/// `line`'s text after `prefix` (marks before it left out).
fn after(line: &Line, prefix: &str) -> Option<String> {
    let start = line.text.find(prefix)?;
    line.text[..start]
        .chars()
        .all(is_mark)
        .then(|| line.text[start + prefix.len()..].to_string())
}

/// The text of a paragraph of one bold line.
fn bold_line(b: &Block) -> Option<String> {
    match &paragraph(b)?[..] {
        [l] if l.bold => Some(l.text.clone()),
        _ => None,
    }
}

/// The text of a paragraph of one line.
fn one_line(b: &Block) -> Option<String> {
    match &paragraph(b)?[..] {
        [l] => Some(l.text.clone()),
        _ => None,
    }
}

/// The lines of a paragraph; nothing for any other block.
fn paragraph(b: &Block) -> Option<Vec<Line>> {
    let Block::Paragraph(p) = b else {
        return None;
    };
    let mut lines = vec![Line {
        bold: true,
        code: true,
        ..Line::default()
    }];
    pieces(&p.content, false, &mut lines)?;
    Some(lines)
}

/// Adds `inlines` to the last of `lines` (a line break opens the next);
/// `bold` inside strong emphasis. Nothing for a note or link.
fn pieces(inlines: &[Inline], bold: bool, lines: &mut Vec<Line>) -> Option<()> {
    for i in inlines {
        let line = lines.last_mut().expect("a line");
        let (text, code) = match i {
            Inline::Text(t) => (t, false),
            Inline::Code(t) => (t, true),
            Inline::Strong(c) => {
                pieces(c, true, lines)?;
                continue;
            }
            Inline::LineBreak => {
                lines.push(Line {
                    bold: true,
                    code: true,
                    ..Line::default()
                });
                continue;
            }
            _ => return None,
        };
        // Blanks and marks say nothing of the line's bold or code.
        if text.chars().any(|c| !c.is_whitespace() && !is_mark(c)) {
            line.bold &= bold;
            line.code &= code;
        }
        line.text.push_str(text);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::build;
    use crate::render::numbering::{self, Numbers};
    use crate::review::redline::{INS_CLOSE, INS_OPEN, SUB_CLOSE, SUB_MID, SUB_OPEN};

    fn masthead() -> Masthead {
        Masthead {
            symbol: "E/CN.15/2004/7".into(),
            organ: "Economic and Social Council".into(),
            distribution: "General".into(),
            date: "1 March 2004".into(),
            original_language: "English".into(),
            status: Some("Advance unedited version".into()),
            session: SessionBlock {
                body: "Commission on Crime Prevention and Criminal Justice".into(),
                session: "Thirteenth session".into(),
                place_and_dates: "Vienna, 11-20 May 2004".into(),
                agenda_item: "Item 4 of the provisional agenda".into(),
                agenda_title: Some("Crime prevention".into()),
            },
            title: "Kidnapping".into(),
            subtitle: vec!["Report of the Secretary-General".into(), "Addendum".into()],
            cover_note: Some("E/CN.15/2004/1.".into()),
            job_number: Some("V.04-51234 (E)".into()),
            barcode: Some("*0451234*".into()),
        }
    }

    /// The masthead as the Markdown writer writes it, read back as the
    /// redline reads a draft (`changes` applied to its Markdown first).
    fn round_trip(m: &Masthead, changes: impl Fn(String) -> String) -> Option<Masthead> {
        let mut doc = crate::render::number_markdown("<!-- sgreport:body -->\n");
        doc.masthead = m.clone();
        let md = changes(crate::render::markdown::to_markdown(&doc));
        let md = super::super::redline::sentinels(&md);
        let frame = numbering::Frame::draft("");
        let doc = numbering::number(
            build::read(&md, &build::NoSources),
            Numbers::AsTyped,
            &frame,
        );
        read(&doc.front)
    }

    #[test]
    fn every_field_reads_back_as_written() {
        let m = masthead();
        assert_eq!(round_trip(&m, |md| md), Some(m.clone()));
        let plain = Masthead {
            status: None,
            subtitle: Vec::new(),
            cover_note: None,
            job_number: None,
            barcode: None,
            session: SessionBlock {
                agenda_title: None,
                ..m.session.clone()
            },
            ..m
        };
        assert_eq!(round_trip(&plain, |md| md), Some(plain.clone()));
    }

    #[test]
    fn marks_stay_in_the_fields_but_the_footer_s() {
        let got = round_trip(&masthead(), |md| {
            md.replace("1 March 2004", "{~~1~>2~~} March 2004")
                .replace("E/CN.15/2004/1.", "{++E/CN.15/2004/1.++}")
                .replace("V.04-51234 (E)", "V.04-{~~51234~>51235~~} (E)")
        })
        .expect("read");
        assert_eq!(
            got.date,
            format!("{SUB_OPEN}1{SUB_MID}2{SUB_CLOSE} March 2004")
        );
        assert_eq!(
            got.cover_note.as_deref(),
            Some(format!("{INS_OPEN}E/CN.15/2004/1.{INS_CLOSE}").as_str())
        );
        assert_eq!(got.job_number.as_deref(), Some("V.04-51235 (E)"));
    }

    #[test]
    fn a_masthead_of_another_shape_is_not_read() {
        assert_eq!(
            round_trip(&masthead(), |md| md.replace("Distr.: General", "General")),
            None
        );
        assert_eq!(
            round_trip(&masthead(), |md| md.replace("**Kidnapping**", "Kidnapping")),
            None
        );
    }
}
