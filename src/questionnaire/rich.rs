//! A rich text answer, Word paragraphs to the replies' Markdown, as typed:
//! paragraphs, bulleted and numbered lists, bold and italic, footnotes
//! (`[^1]`). Text is escaped only where Markdown would read it as
//! structure (`*`, `_`, `[`, a `#` opening a line ...); `&`, quotes and
//! the like stay as typed. Everything else in the XML (fields, drawings,
//! deleted text) is not the State's words and is left out.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::read::{child, footnotes_by_id, is_w, W};

/// The footnotes and list definitions a document's answers refer to.
pub struct Context<'a, 'i> {
    footnotes: HashMap<String, Node<'a, 'i>>,
    /// (numId, level) -> whether the list is numbered (else bulleted).
    numbered: HashMap<(String, String), bool>,
}

impl<'a, 'i> Context<'a, 'i> {
    pub fn new(notes: Option<&'a Document<'i>>, numbering: Option<&'a Document<'i>>) -> Self {
        Context {
            footnotes: footnotes_by_id(notes),
            numbered: numbered_levels(numbering),
        }
    }

    /// The Markdown of the paragraphs under `content`.
    pub fn markdown(&self, content: &Node) -> String {
        let mut notes = Vec::new();
        let mut out = String::new();
        let mut last_was_item = false;
        for p in content
            .descendants()
            .filter(|n| is_w(n, "p") && !n.ancestors().any(|a| shows_placeholder(&a)))
        {
            let mut runs = Runs::default();
            self.inline(&p, &mut runs, &mut notes);
            let text = runs.finish();
            if text.trim().is_empty() {
                continue;
            }
            let item = self.list_marker(&p);
            if !out.is_empty() {
                out.push_str(if item.is_some() && last_was_item {
                    "\n"
                } else {
                    "\n\n"
                });
            }
            last_was_item = item.is_some();
            if let Some(marker) = item {
                out.push_str(&marker);
            }
            out.push_str(text.trim());
        }
        for (i, note) in notes.iter().enumerate() {
            out.push_str(&format!("\n\n[^{}]: {note}", i + 1));
        }
        out
    }

    /// `- ` or `1. `, indented by level, for a paragraph of a list.
    fn list_marker(&self, p: &Node) -> Option<String> {
        let pr = child(p, "pPr")?;
        let num = child(&pr, "numPr")?;
        let id = child(&num, "numId")?.attribute((W, "val"))?.to_string();
        if id == "0" {
            return None;
        }
        let level = child(&num, "ilvl")
            .and_then(|l| l.attribute((W, "val")))
            .unwrap_or("0")
            .to_string();
        let depth: usize = level.parse().unwrap_or(0).min(8);
        let numbered = self.numbered.get(&(id, level)).copied().unwrap_or(false);
        let indent = "    ".repeat(depth);
        Some(format!("{indent}{}", if numbered { "1. " } else { "- " }))
    }

    /// The runs of a paragraph (or of a hyperlink, an inserted or a
    /// smart-tagged stretch inside it), footnote marks numbered into `notes`.
    fn inline(&self, parent: &Node, runs: &mut Runs, notes: &mut Vec<String>) {
        for n in parent.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "r" if is_w(&n, "r") => self.run(&n, runs, notes),
                "sdt" if shows_placeholder(&n) => {}
                "hyperlink" | "ins" | "smartTag" | "customXml" | "fldSimple" | "sdt"
                | "sdtContent" => self.inline(&n, runs, notes),
                _ => {}
            }
        }
    }

    fn run(&self, r: &Node, runs: &mut Runs, notes: &mut Vec<String>) {
        let pr = child(r, "rPr");
        let on = |name: &str| {
            pr.and_then(|p| child(&p, name))
                .is_some_and(|b| !matches!(b.attribute((W, "val")), Some("0" | "false" | "off")))
        };
        let style = (on("b"), on("i"));
        for n in r.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "t" => runs.push(style, n.text().unwrap_or("")),
                "tab" | "br" | "cr" => runs.push(style, " "),
                "noBreakHyphen" => runs.push(style, "-"),
                "footnoteReference" => {
                    let id = n.attribute((W, "id")).unwrap_or("");
                    if let Some(note) = self.footnotes.get(id) {
                        notes.push(self.note_text(note));
                        runs.mark(notes.len());
                    }
                }
                _ => {}
            }
        }
    }

    /// A footnote's paragraphs as one line of Markdown.
    fn note_text(&self, note: &Node) -> String {
        let mut parts = Vec::new();
        for p in note.descendants().filter(|n| is_w(n, "p")) {
            let mut runs = Runs::default();
            self.inline(&p, &mut runs, &mut Vec::new());
            let t = runs.finish();
            if !t.trim().is_empty() {
                parts.push(t.trim().to_string());
            }
        }
        parts.join(" ")
    }
}

/// A content control still showing its placeholder: nothing typed in it.
fn shows_placeholder(n: &Node) -> bool {
    is_w(n, "sdt") && child(n, "sdtPr").is_some_and(|p| child(&p, "showingPlcHdr").is_some())
}

/// The plain text under `content`: its runs' text, paragraphs joined by a
/// space.
pub fn plain(content: &Node) -> String {
    let mut out = String::new();
    for n in content.descendants().filter(Node::is_element) {
        if is_w(&n, "t") {
            out.push_str(n.text().unwrap_or(""));
        } else if is_w(&n, "tab") || (is_w(&n, "p") && !out.is_empty()) {
            out.push(' ');
        }
    }
    out
}

/// Runs of text with their (bold, italic), merged where the style is the
/// same, then written as Markdown.
#[derive(Default)]
struct Runs {
    pieces: Vec<((bool, bool), String)>,
}

impl Runs {
    fn push(&mut self, style: (bool, bool), text: &str) {
        match self.pieces.last_mut() {
            Some((s, t)) if *s == style => t.push_str(text),
            _ => self.pieces.push((style, text.to_string())),
        }
    }

    /// A footnote mark, never escaped nor emphasized.
    fn mark(&mut self, n: usize) {
        self.pieces.push(((false, false), String::new()));
        self.pieces.push(((false, false), format!("\u{0}{n}")));
    }

    fn finish(self) -> String {
        let mut out = String::new();
        for (style, text) in self.pieces {
            if let Some(n) = text.strip_prefix('\u{0}') {
                out.push_str(&format!("[^{n}]"));
                continue;
            }
            let escaped = literal(&text);
            out.push_str(&emphasize(style, &escaped));
        }
        out
    }
}

/// `**text**`, `*text*` or `***text***`, the blanks at either end kept
/// outside the marks (where Markdown needs them).
fn emphasize((bold, italic): (bool, bool), text: &str) -> String {
    let marks = match (bold, italic) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => return text.to_string(),
    };
    let core = text.trim();
    if core.is_empty() {
        return text.to_string();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{lead}{marks}{core}{marks}{trail}")
}

/// The text as typed, for a reply's Markdown. A reply has no escape: its
/// backslashes and character references print as typed (FORMAT: submitted
/// text is data), so nothing is added here; Markdown a State typed into the
/// form (`*word*`, a line starting `# `) is read as a reply's would be, and a
/// reply `check` refuses is never written. Control characters print nothing
/// in a report and are dropped.
pub fn literal(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

/// For each list (`w:num`) and level, whether it is numbered: from
/// `word/numbering.xml`, through the abstract definition it uses.
fn numbered_levels(numbering: Option<&Document>) -> HashMap<(String, String), bool> {
    let Some(doc) = numbering else {
        return HashMap::new();
    };
    let val = |n: Node, name: &str| {
        child(&n, name)
            .and_then(|c| c.attribute((W, "val")))
            .map(str::to_string)
    };
    let mut abstract_levels: HashMap<String, Vec<(String, bool)>> = HashMap::new();
    for a in doc.descendants().filter(|n| is_w(n, "abstractNum")) {
        let id = a.attribute((W, "abstractNumId")).unwrap_or("").to_string();
        let levels = a
            .children()
            .filter(|l| is_w(l, "lvl"))
            .map(|l| {
                let level = l.attribute((W, "ilvl")).unwrap_or("0").to_string();
                let fmt = val(l, "numFmt").unwrap_or_else(|| "bullet".into());
                (level, !matches!(fmt.as_str(), "bullet" | "none"))
            })
            .collect();
        abstract_levels.insert(id, levels);
    }
    let mut out = HashMap::new();
    for num in doc.descendants().filter(|n| is_w(n, "num")) {
        let id = num.attribute((W, "numId")).unwrap_or("").to_string();
        let Some(abs) = val(num, "abstractNumId") else {
            continue;
        };
        for (level, numbered) in abstract_levels.get(&abs).into_iter().flatten() {
            out.insert((id.clone(), level.clone()), *numbered);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_kept_as_typed_without_control_characters() {
        assert_eq!(literal("A & B \"q\" 'a' <b> \\"), "A & B \"q\" 'a' <b> \\");
        assert_eq!(literal("5 * 2 [z]\u{7}"), "5 * 2 [z]");
    }

    #[test]
    fn emphasis_keeps_blanks_outside_the_marks() {
        assert_eq!(emphasize((true, false), " bold "), " **bold** ");
        assert_eq!(emphasize((false, true), "it"), "*it*");
    }
}
