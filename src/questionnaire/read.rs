//! Reading a filled questionnaire: the `.docx` unzipped within bounds (a
//! zip bomb is refused, never inflated), its XML parsed (no DTD, so no
//! entity expansion), and every content control found again by its tag,
//! else by its title (LibreOffice keeps titles but drops tags). What each
//! control holds is returned as typed: rich text as Markdown
//! ([`super::rich`]), the rest as plain text.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use roxmltree::{Document, Node};

use super::error::ImportError;
use super::fields::{placeholder, Control, Field, YES_NO_SEPARATOR};
use super::rich;

/// The most entries a questionnaire's zip may have (Word writes about 15).
const MAX_ENTRIES: usize = 1000;
/// The most bytes one part may inflate to.
pub const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;

/// The WordprocessingML namespace.
pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// One content control as found: which field, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub tag: String,
    /// The control's title, to name it in messages.
    pub title: String,
    /// Markdown for rich text, plain text for the rest; empty when the
    /// control still shows its placeholder.
    pub text: String,
}

/// A control whose tag or title names a question this report does not ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    pub name: String,
}

/// The controls of `bytes` that match `fields`, in document order, and the
/// ones that look like answers to questions not in `fields`.
pub fn controls(bytes: &[u8], fields: &[Field]) -> Result<(Vec<Found>, Vec<Unknown>), ImportError> {
    let parts = Parts::unzip(bytes)?;
    let document = parse(&parts.document, "word/document.xml")?;
    let notes = parts
        .footnotes
        .as_deref()
        .map(|t| parse(t, "word/footnotes.xml"))
        .transpose()?;
    let numbering = parts
        .numbering
        .as_deref()
        .map(|t| parse(t, "word/numbering.xml"))
        .transpose()?;
    let context = rich::Context::new(notes.as_ref(), numbering.as_ref());
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for sdt in document
        .descendants()
        .filter(|n| is_w(n, "sdt") && !n.ancestors().skip(1).any(|a| is_w(&a, "sdt")))
    {
        let (tag, alias) = (property(&sdt, "tag"), property(&sdt, "alias"));
        let items = items_tag(&sdt);
        let by = |name: &Option<String>, key: fn(&Field) -> &str| {
            fields.iter().find(|f| name.as_deref() == Some(key(f)))
        };
        let field = by(&tag, |f| &f.tag)
            .or_else(|| by(&alias, |f| &f.title))
            .or_else(|| by(&items, |f| &f.tag));
        match field {
            Some(f) => found.push(Found {
                tag: f.tag.clone(),
                title: f.title.clone(),
                text: value(&sdt, f.control, &context),
            }),
            None => unknown.extend(answer_like(tag.or(items).as_deref(), alias.as_deref())),
        }
    }
    Ok((found, unknown))
}

/// The name of a control that looks like one of a questionnaire's answers
/// (`answers.x`, `indicators.x`, `statistics.x.2001`, by tag or by the tag
/// in brackets at the end of its title); a control of the State's own is
/// none of these and is left alone.
fn answer_like(tag: Option<&str>, alias: Option<&str>) -> Option<Unknown> {
    let from_title = alias.and_then(|a| {
        let open = a.rfind('[')?;
        a.strip_suffix(']').map(|a| a[open + 1..].to_string())
    });
    let name = tag.map(str::to_string).or(from_title)?;
    let answer = ["answers.", "indicators.", "statistics."]
        .iter()
        .any(|p| name.starts_with(p));
    answer.then_some(Unknown { name })
}

/// The tag a drop-down's items carry (`indicators.x:yes`, `indicators.x:no`),
/// when they all carry the same.
fn items_tag(sdt: &Node) -> Option<String> {
    let list = child(&child(sdt, "sdtPr")?, "dropDownList")?;
    let mut tags = list.children().filter(|i| is_w(i, "listItem")).map(|i| {
        i.attribute((W, "value"))
            .and_then(|v| v.rsplit_once(YES_NO_SEPARATOR))
            .map(|(t, _)| t)
    });
    let first = tags.next()??;
    tags.all(|t| t == Some(first)).then(|| first.to_string())
}

/// What a control holds: empty while it shows its placeholder. A rich text
/// answer is the whole box (table cell) it stands in, as LibreOffice keeps
/// only the first paragraph inside the control.
fn value(sdt: &Node, control: Control, context: &rich::Context) -> String {
    let text = if control == Control::RichText {
        let cell = sdt.ancestors().find(|a| is_w(a, "tc"));
        context.markdown(&cell.unwrap_or(*sdt))
    } else {
        let pr = child(sdt, "sdtPr");
        if pr.is_some_and(|p| child(&p, "showingPlcHdr").is_some()) {
            return String::new();
        }
        match child(sdt, "sdtContent") {
            Some(content) => rich::plain(&content),
            None => return String::new(),
        }
    };
    if text.trim() == placeholder(control) {
        String::new()
    } else {
        text.trim().to_string()
    }
}

/// `<w:sdtPr><w:NAME w:val="..."/>`.
fn property(sdt: &Node, name: &str) -> Option<String> {
    let pr = child(sdt, "sdtPr")?;
    child(&pr, name)?.attribute((W, "val")).map(str::to_string)
}

pub fn is_w(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W)
}

pub fn child<'a, 'i>(n: &Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is_w(c, name))
}

/// The most XML nodes a part may have: a questionnaire has a few
/// thousand; this bounds the parse's memory.
const MAX_NODES: u32 = 2_000_000;

/// A part's XML: no DTD (so no entity is expanded), at most [`MAX_NODES`].
fn parse<'t>(text: &'t str, part: &str) -> Result<Document<'t>, ImportError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        entity_resolver: None,
    };
    Document::parse_with_options(text, options)
        .map_err(|e| ImportError::Damaged(format!("{part} is not well-formed XML ({e})")))
}

/// The parts the import reads, as text.
struct Parts {
    document: String,
    footnotes: Option<String>,
    numbering: Option<String>,
}

impl Parts {
    fn unzip(bytes: &[u8]) -> Result<Parts, ImportError> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| ImportError::Damaged(format!("it is not a zip package ({e})")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(ImportError::TooLarge(format!(
                "it holds {} parts; a Word file has a few dozen",
                zip.len()
            )));
        }
        let document = read_part(&mut zip, "word/document.xml")?.ok_or_else(|| {
            ImportError::Damaged("it has no word/document.xml: it is not a Word document".into())
        })?;
        Ok(Parts {
            document,
            footnotes: read_part(&mut zip, "word/footnotes.xml")?,
            numbering: read_part(&mut zip, "word/numbering.xml")?,
        })
    }
}

/// One part, read to at most [`MAX_PART_BYTES`] whatever its header says.
fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, ImportError> {
    let entry = match zip.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(ImportError::Damaged(format!("{name} cannot be read ({e})"))),
    };
    let too_large = || {
        ImportError::TooLarge(format!(
            "{name} would inflate to more than {} MiB",
            MAX_PART_BYTES / 1024 / 1024
        ))
    };
    if entry.size() > MAX_PART_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    entry
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::Damaged(format!("{name} cannot be inflated ({e})")))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(too_large());
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| ImportError::Damaged(format!("{name} is not UTF-8 text")))
}

/// Footnote id -> its node, for [`rich`].
pub fn footnotes_by_id<'a, 'i>(notes: Option<&'a Document<'i>>) -> HashMap<String, Node<'a, 'i>> {
    notes
        .into_iter()
        .flat_map(|d| d.descendants())
        .filter(|n| is_w(n, "footnote"))
        .filter_map(|n| n.attribute((W, "id")).map(|id| (id.to_string(), n)))
        .collect()
}
