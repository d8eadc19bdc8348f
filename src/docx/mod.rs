//! Markdown -> Word (`.docx`), for the UN's documents processing chain
//! (editing, translation, reference work in Word). Like the PDF, the `.docx`
//! is made from the numbered Markdown alone: [`convert`] walks its events as
//! render/typst.rs does (the same regions, masthead order and numbers), and
//! [`package`] zips the Office Open XML parts.
//!
//! - Styles are named ([`styles::STYLES`] is the mapping, with the UN
//!   template's names where known: `SingleTxt`, `HCh`, `H1`, `H23`, `H4`,
//!   `H56`, `TitleHCH`, `TitleH1`); A4, Times New Roman 10 pt, the PDF
//!   layout's margins; the symbol in the running header (right on odd pages,
//!   left on even ones), the job number at the foot of page 1.
//! - Paragraph numbers and (a), (i) labels are typed text followed by a tab,
//!   as in UN documents, not Word list numbering: they are the Markdown's.
//! - Footnotes are Word footnotes; the cover note is one with `*` as its mark;
//!   notes in tables are lettered under the table, as in the PDF; the annexes
//!   are a section of their own whose footnotes are lettered.
//! - The contents table gives the paragraph ranges; page numbers are left
//!   out (Word's table of contents would list every heading and drop the
//!   ranges): the PDF has them.
//! - Text reaches the XML only through [`xml::escape`]: nothing in a reply can
//!   become markup, a field code or a hyperlink. The one field is `PAGE` in
//!   the footers.
//! - The zip is byte-identical for the same Markdown (fixed part order,
//!   timestamps and ids).

mod convert;
mod package;
pub mod styles;
mod xml;

/// The parts every `.docx` written here contains, in zip order.
pub use package::PARTS;

/// The `.docx` of one numbered Markdown document.
pub fn to_docx(markdown: &str) -> Vec<u8> {
    package::zip(&convert::convert(markdown))
}
