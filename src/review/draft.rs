//! A draft written by sgreport, read back into units: each numbered
//! paragraph of the body (with the lists and tables nested into it) and
//! every other block (headings, tables, the masthead's lines, annexes).

use crate::render::numbering::Region;

/// The marker that every draft written by sgreport has.
pub const BODY_MARKER: &str = "<!-- sgreport:body -->";

/// Why a file is not read as a draft.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a draft written by sgreport (it has no `{BODY_MARKER}` line)")]
pub struct NotADraft;

/// One block of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The paragraph's number, for a numbered paragraph of the body.
    pub number: Option<u32>,
    /// The block as written (with its number and nested blocks).
    pub text: String,
    /// Byte offset in `text` where the content after the number starts.
    pub key_at: usize,
    /// The sender the paragraph is about: its own `*Sender*.` lead, or that
    /// of the paragraph before it in the same section.
    pub sender: Option<String>,
    pub region: Region,
}

impl Unit {
    /// What the unit says without its number: what paragraphs are matched on.
    pub fn key(&self) -> &str {
        &self.text[self.key_at..]
    }
}

/// A draft read into units, in order.
#[derive(Debug, Clone)]
pub struct Draft {
    pub units: Vec<Unit>,
}

impl Draft {
    /// Reads `text`; a file without the body marker is not a draft.
    pub fn parse(text: &str) -> Result<Draft, NotADraft> {
        if !text.lines().any(|l| l.trim() == BODY_MARKER) {
            return Err(NotADraft);
        }
        let mut units: Vec<Unit> = Vec::new();
        let mut region = Region::Masthead;
        let mut open_para = false;
        let mut sender: Option<String> = None;
        for block in blocks(text) {
            if let Some(r) = Region::from_marker(block) {
                region = r;
                open_para = false;
                sender = None;
            }
            if region == Region::Body && open_para && block.starts_with("    ") {
                let last = units.last_mut().expect("an open paragraph");
                last.text.push_str("\n\n");
                last.text.push_str(block);
                continue;
            }
            let number = if region == Region::Body {
                paragraph_number(block)
            } else {
                None
            };
            open_para = number.is_some();
            if block.starts_with('#') {
                sender = None;
            }
            let key_at = number.map_or(0, |_| block.find(". ").map_or(0, |i| i + 2));
            if number.is_some() {
                if let Some(s) = lead_sender(&block[key_at..]) {
                    sender = Some(s);
                }
            }
            units.push(Unit {
                number,
                text: block.to_string(),
                key_at,
                sender: number.and(sender.clone()),
                region,
            });
        }
        Ok(Draft { units })
    }

    /// The numbered paragraphs (the tests read them).
    #[cfg(test)]
    pub(crate) fn paragraphs(&self) -> impl Iterator<Item = &Unit> {
        self.units.iter().filter(|u| u.number.is_some())
    }

    /// The document's symbol, as its masthead gives it (the line after
    /// "United Nations").
    pub fn symbol(&self) -> Option<String> {
        self.masthead_line_after(|l| l == "United Nations")
    }

    /// The date of issue, as the masthead gives it (the line after
    /// "Distr.: ...").
    pub fn issued(&self) -> Option<String> {
        self.masthead_line_after(|l| l.starts_with("Distr.:"))
    }

    /// The date of issue as a date (`1 March 2004`), if it reads as one.
    pub fn issued_on(&self) -> Option<crate::date::Date> {
        let issued = self.issued()?;
        let mut words = issued.split_whitespace();
        let day = words.next()?.parse().ok()?;
        let month_name = words.next()?;
        let month = crate::date::MONTHS.iter().position(|m| *m == month_name)?;
        let year = words.next()?.parse().ok()?;
        crate::date::Date::new(year, month as u8 + 1, day).ok()
    }

    /// The masthead's line after the first one that `before` accepts, as
    /// plain text (no emphasis, escapes or hard break).
    fn masthead_line_after(&self, before: impl Fn(&str) -> bool) -> Option<String> {
        let plain = |l: &str| {
            let l = l.trim().trim_end_matches('\\').trim();
            let mut out = String::new();
            let mut chars = l.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => out.extend(chars.next()),
                    '*' => {}
                    c => out.push(c),
                }
            }
            out
        };
        let mut lines = self
            .units
            .iter()
            .filter(|u| u.region == Region::Masthead)
            .flat_map(|u| u.text.lines());
        lines.find(|l| before(&plain(l)))?;
        lines.next().map(plain).filter(|l| !l.is_empty())
    }

    /// The senders named in the leads of paragraphs, without the
    /// parenthesis of a further reply.
    pub fn senders(&self) -> Vec<String> {
        let mut out: Vec<String> = self.units.iter().filter_map(|u| u.sender.clone()).collect();
        out.sort();
        out.dedup();
        out
    }
}

/// The blocks of `text`: runs of non-blank lines.
fn blocks(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (false, None) => start = Some(at),
            (true, Some(s)) => {
                out.push(&text[s..end]);
                start = None;
            }
            _ => {}
        }
        at += line.len();
        if !blank {
            end = at - (line.len() - line.trim_end_matches(['\n', '\r']).len());
        }
    }
    if let Some(s) = start {
        out.push(&text[s..end]);
    }
    out
}

/// `12. ...` -> 12.
fn paragraph_number(block: &str) -> Option<u32> {
    let digits = block.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || !block[digits..].starts_with(". ") {
        return None;
    }
    block[..digits].parse().ok()
}

/// `*Mexico (further reply, ...)*. Text` -> `Mexico`.
fn lead_sender(key: &str) -> Option<String> {
    let rest = key.strip_prefix('*')?;
    let end = rest.find("*.")?;
    let name = &rest[..end];
    let name = name.split(" (").next().unwrap_or(name).trim();
    (!name.is_empty() && !name.contains('*')).then(|| name.replace('\\', ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAFT: &str = "<!-- sgreport:masthead -->\n\nUnited Nations\n\n<!-- sgreport:body -->\n\n# I. Intro\n\n1. First.\n\n2. *Peru (further reply, 2 May)*. Text:\n\n    - a;\n    - b.\n\n3. More.\n\n## B. Next\n\n4. Other.\n";

    #[test]
    fn reads_paragraphs_nested_blocks_and_senders() {
        let d = Draft::parse(DRAFT).unwrap();
        let nums: Vec<_> = d.paragraphs().map(|u| u.number.unwrap()).collect();
        assert_eq!(nums, [1, 2, 3, 4]);
        let p2 = d.paragraphs().nth(1).unwrap();
        assert!(p2.text.ends_with("- b."), "{:?}", p2.text);
        assert!(p2.key().starts_with("*Peru"));
        let senders: Vec<_> = d.paragraphs().map(|u| u.sender.as_deref()).collect();
        assert_eq!(senders, [None, Some("Peru"), Some("Peru"), None]);
        assert_eq!(d.senders(), ["Peru"]);
    }

    #[test]
    fn reads_the_symbol_and_the_date_of_issue() {
        let d = Draft::parse("<!-- sgreport:masthead -->\n\nUnited Nations\\\n**E/CN.15/2004/7/Add.1**\n\nDistr.: General\\\n1 March 2004\\\nOriginal: English\n\n<!-- sgreport:body -->\n").unwrap();
        assert_eq!(d.symbol().as_deref(), Some("E/CN.15/2004/7/Add.1"));
        assert_eq!(d.issued().as_deref(), Some("1 March 2004"));
        assert_eq!(d.issued_on(), crate::date::Date::new(2004, 3, 1).ok());
        assert_eq!(Draft::parse(DRAFT).unwrap().issued(), None);
    }

    #[test]
    fn a_file_without_the_body_marker_is_not_a_draft() {
        assert_eq!(Draft::parse("# Notes\n\n1. a\n").unwrap_err(), NotADraft);
    }
}
