//! The source marks of the rendered Markdown, as the builder reads them:
//! `<sgreport-src n="12" c="3"/>` (an input's three blocks, from the one the
//! mark stands in: one mark per answer, overview or conclusions) and
//! `<sgreport-src n="t5"/>`
//! (a template's line, with `i="key"` for an indicator's sentence and
//! `m="mandate[0]"` for a sentence that cites a mandate). Written
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
    /// (`render::provenance::TemplateLines`).
    Template {
        line: usize,
        /// The indicator the line was written for (its key), if any.
        indicator: Option<String>,
        /// The mandate the line cites (`mandate[0]`), if any.
        mandate: Option<String>,
    },
}

/// Reads a piece of inline HTML as a source mark, if it is one.
pub fn read_mark(html: &str) -> Option<Mark> {
    let rest = html.trim().strip_prefix('<')?.strip_prefix(TAG)?;
    let rest = rest.strip_suffix("/>")?.trim();
    let mut attributes = rest.split(' ').filter(|a| !a.is_empty());
    let n = value(attributes.next()?, "n")?;
    let mut others: Vec<(&str, &str)> = Vec::new();
    for a in attributes {
        let (name, _) = a.split_once('=')?;
        others.push((name, value(a, name)?));
    }
    let other = |name: &str| {
        others
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .filter(|v| !v.is_empty())
    };
    match n.strip_prefix('t') {
        Some(t) => Some(Mark::Template {
            line: t.parse().ok()?,
            indicator: other("i").map(str::to_string),
            mandate: other("m").map(str::to_string),
        }),
        None => Some(Mark::Input(
            n.parse().ok()?,
            other("c").map_or(Some(1), |c| c.parse().ok())?,
        )),
    }
}

/// The value of `name="value"`.
fn value<'a>(attribute: &'a str, name: &str) -> Option<&'a str> {
    attribute
        .strip_prefix(name)?
        .strip_prefix("=\"")?
        .strip_suffix('"')
}

/// The mark of input sources `i` and the `count - 1` after it, one for each
/// top-level block from the mark on.
pub fn input_mark(i: usize, count: usize) -> String {
    format!("<{TAG} n=\"{i}\" c=\"{count}\"/>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_read_back_with_their_attributes() {
        assert_eq!(read_mark(&input_mark(12, 3)), Some(Mark::Input(12, 3)));
        assert_eq!(
            read_mark("<sgreport-src n=\"t5\" i=\"serious_crime\" m=\"\"/>"),
            Some(Mark::Template {
                line: 5,
                indicator: Some("serious_crime".into()),
                mandate: None
            })
        );
        assert_eq!(
            read_mark("<sgreport-src n=\"t0\" m=\"mandate[1]\"/>"),
            Some(Mark::Template {
                line: 0,
                indicator: None,
                mandate: Some("mandate[1]".into())
            })
        );
        // Not a mark: another tag, a broken attribute.
        assert_eq!(read_mark("<b/>"), None);
        assert_eq!(read_mark("<sgreport-src n=\"t5\" i=/>"), None);
    }
}
