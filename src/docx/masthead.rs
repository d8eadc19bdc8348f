//! Page 1 above the summary in Word, as the PDF layout sets it: United
//! Nations and the symbol over a thick rule, the organ beside the
//! distribution block and status, the session block (the body's name and
//! the agenda item's title bold), the title and what follows it. The cover
//! note is a Word footnote whose mark is the asterisk on the agenda item's
//! line. The converter fills in a [`Page1`] from the model's masthead; only
//! this module writes it.

use super::runs;
use super::styles::{mm, TEXT_WIDTH_MM};
use super::xml::Xml;

/// What page 1 prints above the summary.
#[derive(Debug, Default)]
pub(crate) struct Page1 {
    pub symbol: String,
    pub organ: String,
    /// `Distr.: General`, the date, `Original: English`.
    pub distribution: Vec<String>,
    /// `Advance unedited version`, `Draft`.
    pub status: Vec<String>,
    /// The session block's lines, the body's name first.
    pub session: Vec<SessionLine>,
    pub title: String,
    /// `Report of the Secretary-General`, `Addendum` ...
    pub subtitle: Vec<String>,
    /// `E/CN.15/2004/1.`: the footnote the marked session line refers to.
    pub cover_note: Option<String>,
}

/// A line of the session block.
#[derive(Debug)]
pub(crate) struct SessionLine {
    pub text: String,
    pub bold: bool,
    /// Whether the line ends with the cover note's mark.
    pub marked: bool,
}

/// Writes page 1 into `x`, the cover note into `footnotes`.
pub(crate) fn write(x: &mut Xml, footnotes: &mut Vec<Xml>, p: &Page1) {
    write_masthead_top(x, "United Nations", &p.symbol);
    write_masthead_organ(x, &p.organ, &p.distribution, &p.status);
    let marked = p.session.iter().any(|l| l.marked);
    for (i, l) in p.session.iter().enumerate() {
        let style = if i == 0 { "SessionBody" } else { "Session" };
        let mark = match &p.cover_note {
            Some(note) if l.marked => {
                footnotes.push(cover_footnote(note));
                Some(footnotes.len())
            }
            _ => None,
        };
        session_line(x, style, &l.text, l.bold, mark);
    }
    if let (Some(note), false) = (&p.cover_note, marked) {
        para_text(x, "FootnoteText", &format!("* {note}"));
    }
    para_text(x, "TitleHCH", &p.title);
    for l in &p.subtitle {
        para_text(x, "TitleH1", l);
    }
}

/// United Nations <tab> symbol, its first letter larger.
fn write_masthead_top(x: &mut Xml, un: &str, symbol: &str) {
    x.open("w:p", &[]);
    x.open("w:pPr", &[])
        .empty("w:pStyle", &[("w:val", "MastheadTop")])
        .close();
    x.open("w:r", &[]).element("w:t", &[], un).close();
    x.open("w:r", &[]).empty("w:tab", &[]).close();
    let mut chars = symbol.chars();
    if let Some(first) = chars.next() {
        x.open("w:r", &[]);
        x.open("w:rPr", &[])
            .empty("w:b", &[])
            .empty("w:sz", &[("w:val", "34")])
            .close();
        x.element("w:t", &[], &first.to_string()).close();
        x.open("w:r", &[]);
        x.open("w:rPr", &[]).empty("w:b", &[]).close();
        x.element("w:t", &[], chars.as_str()).close();
    }
    x.close();
}

/// The organ at the left, the distribution block and status at the right:
/// a borderless table of one row.
fn write_masthead_organ(x: &mut Xml, organ: &str, distribution: &[String], status: &[String]) {
    let right = 45.0;
    super::table::open(x, "PlainTable", &[TEXT_WIDTH_MM - right, right]);
    let widths = [mm(TEXT_WIDTH_MM - right), mm(right)];
    x.open("w:tr", &[]);
    x.open("w:tc", &[]);
    x.open("w:tcPr", &[])
        .empty("w:tcW", &[("w:w", &widths[0]), ("w:type", "dxa")])
        .close();
    para_text(x, "Organ", organ);
    x.close();
    x.open("w:tc", &[]);
    x.open("w:tcPr", &[])
        .empty("w:tcW", &[("w:w", &widths[1]), ("w:type", "dxa")])
        .close();
    for l in distribution {
        para_text(x, "Distribution", l);
    }
    for s in status {
        para_text(x, "DocStatus", s);
    }
    if distribution.is_empty() && status.is_empty() {
        x.empty("w:p", &[]);
    }
    x.close();
    x.close();
    x.close();
}

/// A line of the session block, bold or not, ending with the mark of
/// footnote `mark` (an asterisk) when given.
fn session_line(x: &mut Xml, style: &'static str, text: &str, bold: bool, mark: Option<usize>) {
    x.open("w:p", &[]);
    x.open("w:pPr", &[])
        .empty("w:pStyle", &[("w:val", style)])
        .close();
    x.open("w:r", &[]);
    if bold {
        x.open("w:rPr", &[]).empty("w:b", &[]).close();
    }
    x.element("w:t", &[("xml:space", "preserve")], text).close();
    if let Some(id) = mark {
        runs::footnote_reference(x, id, Some("*"));
    }
    x.close();
}

/// A paragraph of one plain run.
pub(crate) fn para_text(x: &mut Xml, style: &'static str, text: &str) {
    x.open("w:p", &[]);
    x.open("w:pPr", &[])
        .empty("w:pStyle", &[("w:val", style)])
        .close();
    if !text.is_empty() {
        x.open("w:r", &[])
            .element("w:t", &[("xml:space", "preserve")], text)
            .close();
    }
    x.close();
}

/// `* E/CN.15/2004/1.` as a footnote whose mark is the asterisk.
fn cover_footnote(note: &str) -> Xml {
    let text = note.strip_prefix('*').unwrap_or(note).trim_start();
    let mut x = Xml::fragment();
    x.open("w:p", &[]);
    x.open("w:pPr", &[])
        .empty("w:pStyle", &[("w:val", "FootnoteText")])
        .close();
    runs::footnote_mark(&mut x, Some("*"));
    x.open("w:r", &[])
        .element("w:t", &[("xml:space", "preserve")], text)
        .close();
    x.close();
    x
}
