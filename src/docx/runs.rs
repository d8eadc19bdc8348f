//! Runs and paragraphs of WordprocessingML, each written one way: text (a
//! tab or line feed in it an element of its own), labels, the marks of
//! footnotes and table notes, and a paragraph of a style (numbered by a
//! Word list, or not).

use super::xml::Xml;

/// Bold and italic, as a run is set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Format {
    pub bold: bool,
    pub italic: bool,
}

/// `t` as runs of `format`; a tab or line feed in it is a `w:tab` or
/// `w:br` of its own (text never carries layout).
pub(crate) fn text(x: &mut Xml, t: &str, format: Format) {
    for (i, piece) in t.split('\n').enumerate() {
        if i > 0 {
            element(x, "w:br");
        }
        for (j, part) in piece.split('\t').enumerate() {
            if j > 0 {
                element(x, "w:tab");
            }
            if part.is_empty() {
                continue;
            }
            x.open("w:r", &[]);
            if format.bold || format.italic {
                x.open("w:rPr", &[]);
                if format.bold {
                    x.empty("w:b", &[]);
                }
                if format.italic {
                    x.empty("w:i", &[]);
                }
                x.close();
            }
            x.element("w:t", &[("xml:space", "preserve")], part).close();
        }
    }
}

/// A run holding a page break.
pub(crate) fn page_break(x: &mut Xml) {
    x.open("w:r", &[]);
    x.empty("w:br", &[("w:type", "page")]);
    x.close();
}

/// A run of one empty element: `w:tab`, `w:br`.
pub(crate) fn element(x: &mut Xml, name: &'static str) {
    x.open("w:r", &[]).empty(name, &[]).close();
}

/// A label and the tab after it: `12.`, `(a)`.
pub(crate) fn label(x: &mut Xml, label: &str) {
    text(x, label, Format::default());
    element(x, "w:tab");
}

/// The reference to Word footnote `id`, in the text: Word's number, or
/// `mark` as printed (the cover note's `*`, an annex note's `a`), which
/// Word then leaves out of its count.
pub(crate) fn footnote_reference(x: &mut Xml, id: usize, mark: Option<&str>) {
    x.open("w:r", &[]);
    x.open("w:rPr", &[])
        .empty("w:rStyle", &[("w:val", "FootnoteReference")])
        .close();
    let id = id.to_string();
    match mark {
        Some(m) => {
            x.empty(
                "w:footnoteReference",
                &[("w:customMarkFollows", "1"), ("w:id", &id)],
            );
            x.element("w:t", &[], m);
        }
        None => {
            x.empty("w:footnoteReference", &[("w:id", &id)]);
        }
    }
    x.close();
}

/// A footnote's own mark opening its text (Word's number, or `mark` as
/// printed), and the tab after it.
pub(crate) fn footnote_mark(x: &mut Xml, mark: Option<&str>) {
    x.open("w:r", &[]);
    x.open("w:rPr", &[])
        .empty("w:rStyle", &[("w:val", "FootnoteReference")])
        .close();
    match mark {
        Some(m) => x.element("w:t", &[], m),
        None => x.empty("w:footnoteRef", &[]),
    };
    x.close();
    element(x, "w:tab");
}

/// A table note's letter, raised, in a cell or opening the note.
pub(crate) fn note_letter(x: &mut Xml, letter: &str) {
    x.open("w:r", &[]);
    x.open("w:rPr", &[])
        .empty("w:rStyle", &[("w:val", "NoteLetter")])
        .close();
    x.element("w:t", &[], letter).close();
}

/// How a paragraph is set beyond its style.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Layout {
    /// The rest of a numbered paragraph or item: no hanging first line.
    pub continuation: bool,
    /// `right`, `center`.
    pub jc: Option<&'static str>,
    /// The Word list (`w:num` id) that numbers the paragraph: a numbered
    /// paragraph of the body (see [`super::numbering`]).
    pub list: Option<u32>,
}

/// A paragraph of `style` holding `runs`.
pub(crate) fn paragraph(x: &mut Xml, style: &str, layout: Layout, runs: &Xml) {
    paragraph_keeping(x, style, layout, false, runs);
}

/// [`paragraph`], kept on the page of the next paragraph when `keep_next`
/// (`w:keepNext`: in a table row, the row stays with the next row).
pub(crate) fn paragraph_keeping(
    x: &mut Xml,
    style: &str,
    layout: Layout,
    keep_next: bool,
    runs: &Xml,
) {
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", style)]);
    if keep_next {
        x.empty("w:keepNext", &[]);
    }
    // After keepNext: the schema's order in w:pPr.
    if let Some(id) = layout.list {
        super::numbering::properties(x, id);
    }
    if layout.continuation {
        x.empty("w:ind", &[("w:firstLine", "0")]);
    }
    if let Some(jc) = layout.jc {
        x.empty("w:jc", &[("w:val", jc)]);
    }
    x.close();
    x.append(runs);
    x.close();
}
