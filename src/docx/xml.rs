//! A small XML writer in which text can only enter escaped. Element and
//! attribute names are `&'static str` (written in this module's callers, never
//! taken from a reply); attribute values and text nodes go through [`escape`],
//! the one function that turns text into XML. So nothing a reply contains can
//! become an element, a field code or a hyperlink: it is always character
//! data inside a `<w:t>`.

/// An XML document or fragment being written; elements close in order.
#[derive(Debug, Default)]
pub struct Xml {
    out: String,
    open: Vec<&'static str>,
}

impl Xml {
    /// A part: the XML declaration, then what is written.
    pub fn part() -> Xml {
        Xml {
            out: "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n".into(),
            open: Vec::new(),
        }
    }

    /// A fragment, to be appended to a part with [`Xml::append`].
    pub fn fragment() -> Xml {
        Xml::default()
    }

    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    fn tag(&mut self, name: &'static str, attrs: &[(&'static str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            escape(v, &mut self.out);
            self.out.push('"');
        }
    }

    /// `<name attrs>`; closed by [`Xml::close`].
    pub fn open(&mut self, name: &'static str, attrs: &[(&'static str, &str)]) -> &mut Self {
        self.tag(name, attrs);
        self.out.push('>');
        self.open.push(name);
        self
    }

    /// `<name attrs/>`.
    pub fn empty(&mut self, name: &'static str, attrs: &[(&'static str, &str)]) -> &mut Self {
        self.tag(name, attrs);
        self.out.push_str("/>");
        self
    }

    /// `<name attrs>text</name>`.
    pub fn element(
        &mut self,
        name: &'static str,
        attrs: &[(&'static str, &str)],
        text: &str,
    ) -> &mut Self {
        self.open(name, attrs).text(text).close()
    }

    /// Closes the element opened last.
    pub fn close(&mut self) -> &mut Self {
        let name = self.open.pop().expect("an open element to close");
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
        self
    }

    /// A text node, escaped.
    pub fn text(&mut self, s: &str) -> &mut Self {
        escape(s, &mut self.out);
        self
    }

    /// Appends a finished (balanced) fragment.
    pub fn append(&mut self, other: &Xml) -> &mut Self {
        assert!(other.open.is_empty(), "an unbalanced fragment");
        self.out.push_str(&other.out);
        self
    }

    /// The text written so far, of a balanced fragment.
    #[cfg(test)]
    pub fn finish_ref(&self) -> &str {
        assert!(self.open.is_empty(), "unclosed elements: {:?}", self.open);
        &self.out
    }

    /// The text written; every element must be closed.
    pub fn finish(self) -> String {
        assert!(self.open.is_empty(), "unclosed elements: {:?}", self.open);
        self.out
    }
}

/// Escapes `s` as XML character data or an attribute value (see
/// [`crate::escape::xml_into`]; line breaks kept).
pub fn escape(s: &str, out: &mut String) {
    crate::escape::xml_into(s, out, false);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut x = Xml::fragment();
        x.open("w:t", &[("a", "\"<&>'")])
            .text("<w:t>&]]>{ HYPERLINK \"x\" }\u{0}\u{1b}")
            .close();
        assert_eq!(
            x.finish(),
            "<w:t a=\"&quot;&lt;&amp;&gt;&apos;\">&lt;w:t&gt;&amp;]]&gt;{ HYPERLINK &quot;x&quot; }</w:t>"
        );
    }

    #[test]
    #[should_panic]
    fn an_unclosed_element_is_a_bug() {
        let mut x = Xml::fragment();
        x.open("w:p", &[]);
        x.finish();
    }
}
