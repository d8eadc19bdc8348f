//! The source marks of the rendered Markdown, as the builder reads them:
//! `<sgreport-src n="12" c="3"/>` (an input's three blocks, from the one the
//! mark stands in: one mark per answer, overview or conclusions) and
//! `<sgreport-src n="t5"/>`
//! (a template's line, with `i="key"` for an indicator's sentence). Written
//! by [`crate::render::provenance`], which says why reply text cannot forge
//! one.

/// The tag name of a source mark.
pub const TAG: &str = "sgreport-src";

/// A mark read back: which table it points into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// An input's blocks: index into the sources of the render
    /// (`render::provenance::Marks`) of the first, and how many consecutive
    /// top-level blocks the sources from there on belong to.
    Input(usize, usize),
    /// A template's line: index into the template lines
    /// (`render::provenance::TemplateLines`), and the indicator the line was
    /// written for, if any.
    Template(usize, Option<String>),
}

/// Reads a piece of inline HTML as a source mark, if it is one.
pub fn read_mark(html: &str) -> Option<Mark> {
    let rest = html.trim().strip_prefix('<')?.strip_prefix(TAG)?;
    let rest = rest.strip_suffix("/>")?.trim();
    let (n, indicator) = match rest.split_once(' ') {
        Some((n, i)) => (n, Some(i.trim())),
        None => (rest, None),
    };
    let n = n.strip_prefix("n=\"")?.strip_suffix('"')?;
    match n.strip_prefix('t') {
        Some(t) => {
            let indicator = indicator
                .and_then(|i| i.strip_prefix("i=\"")?.strip_suffix('"'))
                .filter(|k| !k.is_empty())
                .map(str::to_string);
            Some(Mark::Template(t.parse().ok()?, indicator))
        }
        None => {
            let count = indicator
                .and_then(|c| c.strip_prefix("c=\"")?.strip_suffix('"')?.parse().ok())
                .unwrap_or(1);
            Some(Mark::Input(n.parse().ok()?, count))
        }
    }
}

/// The mark of input sources `i` and the `count - 1` after it, one for each
/// top-level block from the mark on.
pub fn input_mark(i: usize, count: usize) -> String {
    format!("<{TAG} n=\"{i}\" c=\"{count}\"/>")
}
