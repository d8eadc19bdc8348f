//! Word revisions from the redline's marks: a part of a `.docx` (the body,
//! the footnotes) written from a changes Markdown whose marks were turned
//! into private-use characters ([`super::redline`]) gets each marked run of
//! text as a tracked change, `w:ins` or `w:del` with author `sgreport`.
//!
//! The Word writer escapes text and passes those characters through, so
//! they stand inside `w:t` elements; here each such run is cut where a mark
//! opens or closes, and each piece is kept, inserted or deleted (`w:delText`).
//! A paragraph of only inserted (or only deleted) text, but for its typed
//! label (`(a)`, `B.`), has its label and paragraph mark inserted (deleted)
//! too, and a table row of such paragraphs is an inserted (deleted) row:
//! accepting every change then gives the new draft, rejecting every one the
//! old. A numbered paragraph's number is Word's (its list's, see
//! [`crate::docx`]): it goes with the paragraph's mark, and Word renumbers
//! the paragraphs after it, so a paragraph only renumbered has no revision.
//! A mark left outside a run (none the writer makes) shows the new text.

use super::redline::{DEL_CLOSE, DEL_OPEN, INS_CLOSE, INS_OPEN, SUB_CLOSE, SUB_MID, SUB_OPEN};

/// What a piece of text is in the redline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Kept,
    Inserted,
    Deleted,
}

/// The revisions' author and date, and the ids given so far.
pub(crate) struct Tracker {
    date: String,
    next_id: u32,
}

impl Tracker {
    /// Revisions dated `date` (`2004-03-01T09:30:00Z`).
    pub(crate) fn new(date: &str) -> Tracker {
        Tracker {
            date: date.to_string(),
            next_id: 1,
        }
    }

    /// `<w:ins ...>` or `<w:del ...>` with the next id.
    fn open(&mut self, state: State) -> String {
        let name = if state == State::Inserted {
            "w:ins"
        } else {
            "w:del"
        };
        let id = self.next_id;
        self.next_id += 1;
        format!(
            "<{name} w:id=\"{id}\" w:author=\"sgreport\" w:date=\"{}\">",
            self.date
        )
    }

    /// An empty `<w:ins .../>` or `<w:del .../>` (a paragraph mark's, a row's).
    fn mark(&mut self, state: State) -> String {
        let open = self.open(state);
        format!("{}/>", &open[..open.len() - 1])
    }

    /// `xml` (a story part) with the marks as revisions.
    pub(crate) fn part(&mut self, xml: &str) -> String {
        let mut out = String::with_capacity(xml.len() + 256);
        let mut para: Option<Paragraph> = None;
        let mut row: Option<Row> = None;
        let mut tables = 0usize;
        let mut state = State::Kept;
        let mut i = 0;
        while i < xml.len() {
            let rest = &xml[i..];
            if rest.starts_with("<w:r>") {
                let end = run_end(rest);
                let run = &rest[..end];
                let target = para.as_mut().map_or(&mut out, |p| &mut p.xml);
                let counts = self.run(run, &mut state, target);
                if let Some(p) = para.as_mut() {
                    p.add(counts);
                }
                i += end;
                continue;
            }
            if rest.starts_with("<w:p>") || rest.starts_with("<w:p ") {
                para = Some(Paragraph::default());
            } else if rest.starts_with("</w:p>") {
                if let Some(p) = para.take() {
                    let (whole, empty) = (p.whole(), p.empty());
                    let xml = match whole {
                        Some(s) if tables == 0 => self.paragraph_mark(&p.xml, s),
                        _ => p.xml,
                    };
                    match row.as_mut() {
                        Some(r) => {
                            r.xml.push_str(&xml);
                            r.add(whole, empty);
                        }
                        None => out.push_str(&xml),
                    }
                }
                state = State::Kept;
                let target = row.as_mut().map_or(&mut out, |r| &mut r.xml);
                target.push_str("</w:p>");
                i += "</w:p>".len();
                continue;
            } else if rest.starts_with("<w:tbl>") {
                tables += 1;
            } else if rest.starts_with("</w:tbl>") {
                tables = tables.saturating_sub(1);
            } else if rest.starts_with("<w:tr>") && tables == 1 {
                row = Some(Row::default());
            } else if rest.starts_with("</w:tr>") {
                if let Some(r) = row.take() {
                    out.push_str(&self.row_mark(&r));
                }
            }
            let c = rest.chars().next().expect("a character");
            let target = match (para.as_mut(), row.as_mut()) {
                (Some(p), _) => &mut p.xml,
                (None, Some(r)) => &mut r.xml,
                (None, None) => &mut out,
            };
            target.push(c);
            i += c.len_utf8();
        }
        new_text_only(&out)
    }

    /// One run (`<w:r>...</w:r>`) cut at its marks; `state` carries a mark
    /// open at its end to the next run. Returns the characters of text it
    /// holds in each state (kept, inserted, deleted) and the kept text.
    fn run(&mut self, run: &str, state: &mut State, out: &mut String) -> Counts {
        let body = &run["<w:r>".len()..run.len() - "</w:r>".len()];
        let (rpr, content) = match body.strip_prefix("<w:rPr>") {
            Some(r) => {
                let end = r.find("</w:rPr>").map_or(0, |e| e + "</w:rPr>".len());
                body.split_at("<w:rPr>".len() + end)
            }
            None => ("", body),
        };
        let mut counts = Counts::default();
        let Some(text) = lone_text(content) else {
            // A tab, a break, a note's reference, a drawing: whole.
            if *state == State::Kept && !content.contains(is_mark) {
                out.push_str(run);
            } else {
                self.wrap(*state, &format!("<w:r>{rpr}{content}</w:r>"), out);
            }
            counts.other(*state);
            return counts;
        };
        if *state == State::Kept && !text.contains(is_mark) {
            counts.text(State::Kept, text);
            out.push_str(run);
            return counts;
        }
        let mut piece = String::new();
        let mut flush = |piece: &mut String, state: State, out: &mut String, this: &mut Self| {
            if piece.is_empty() {
                return;
            }
            counts.text(state, piece);
            let r = format!("<w:r>{rpr}<w:t xml:space=\"preserve\">{piece}</w:t></w:r>");
            this.wrap(state, &r, out);
            piece.clear();
        };
        for c in text.chars() {
            let next = match c {
                INS_OPEN | SUB_MID => State::Inserted,
                DEL_OPEN | SUB_OPEN => State::Deleted,
                INS_CLOSE | DEL_CLOSE | SUB_CLOSE => State::Kept,
                _ => {
                    piece.push(c);
                    continue;
                }
            };
            flush(&mut piece, *state, out, self);
            *state = next;
        }
        flush(&mut piece, *state, out, self);
        counts
    }

    /// `run` as it stands in `state`: as it is, in a `w:ins`, or in a
    /// `w:del` with its text as `w:delText`.
    fn wrap(&mut self, state: State, run: &str, out: &mut String) {
        match state {
            State::Kept => out.push_str(run),
            State::Inserted => {
                out.push_str(&self.open(state));
                out.push_str(run);
                out.push_str("</w:ins>");
            }
            State::Deleted => {
                out.push_str(&self.open(state));
                out.push_str(
                    &run.replace("<w:t>", "<w:delText>")
                        .replace("<w:t ", "<w:delText ")
                        .replace("</w:t>", "</w:delText>"),
                );
                out.push_str("</w:del>");
            }
        }
    }

    /// A paragraph wholly inserted or deleted: its kept runs (its number)
    /// and its mark too.
    fn paragraph_mark(&mut self, xml: &str, state: State) -> String {
        let mut out = String::with_capacity(xml.len() + 128);
        let mut rest = xml;
        while let Some(at) = rest.find(['<']) {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            // A run already in a revision stays as it is.
            let revision = ["<w:ins ", "<w:del "]
                .iter()
                .find(|open| rest.starts_with(**open))
                .map(|open| {
                    if open.contains("ins") {
                        "</w:ins>"
                    } else {
                        "</w:del>"
                    }
                });
            let end = if let Some(close) = revision {
                let end = rest.find(close).map_or(rest.len(), |e| e + close.len());
                out.push_str(&rest[..end]);
                end
            } else if rest.starts_with("<w:r>") {
                let end = run_end(rest);
                self.wrap(state, &rest[..end], &mut out);
                end
            } else {
                out.push('<');
                1
            };
            rest = &rest[end..];
        }
        out.push_str(rest);
        let mark = format!("<w:rPr>{}</w:rPr>", self.mark(state));
        if let Some(at) = out.find("</w:pPr>") {
            let at = out[..at].find("<w:sectPr").unwrap_or(at);
            out.insert_str(at, &mark);
        } else if let Some(at) = out.find('>') {
            out.insert_str(at + 1, &format!("<w:pPr>{mark}</w:pPr>"));
        }
        out
    }

    /// A row whose paragraphs are all inserted (or deleted) or empty, at
    /// least one of them: an inserted (deleted) row.
    fn row_mark(&mut self, row: &Row) -> String {
        let Some(state) = row.whole() else {
            return row.xml.clone();
        };
        let mark = self.mark(state);
        if let Some(at) = row.xml.find("<w:trPr>") {
            let at = at + "<w:trPr>".len();
            format!("{}{mark}{}", &row.xml[..at], &row.xml[at..])
        } else {
            let at = "<w:tr>".len().min(row.xml.len());
            format!(
                "{}<w:trPr>{mark}</w:trPr>{}",
                &row.xml[..at],
                &row.xml[at..]
            )
        }
    }
}

/// How much text of each kind a run or paragraph has.
#[derive(Debug, Clone, Default)]
struct Counts {
    inserted: usize,
    deleted: usize,
    /// Kept text that is not a paragraph's number or label.
    kept: usize,
    /// Kept text, to tell a number from words.
    kept_text: String,
}

impl Counts {
    fn text(&mut self, state: State, t: &str) {
        let n = t.trim().chars().count();
        match state {
            State::Kept => {
                self.kept += n;
                self.kept_text.push_str(t);
            }
            State::Inserted => self.inserted += n,
            State::Deleted => self.deleted += n,
        }
    }

    fn other(&mut self, state: State) {
        match state {
            State::Inserted => self.inserted += 1,
            State::Deleted => self.deleted += 1,
            State::Kept => {}
        }
    }
}

/// A paragraph being written: its XML and what its text is.
#[derive(Default)]
struct Paragraph {
    xml: String,
    counts: Counts,
}

impl Paragraph {
    fn add(&mut self, c: Counts) {
        self.counts.inserted += c.inserted;
        self.counts.deleted += c.deleted;
        self.counts.kept += c.kept;
        self.counts.kept_text.push_str(&c.kept_text);
    }

    /// Inserted or deleted whole: changed text of one kind only, and no
    /// kept text but its number or label (`12.`, `(a)`, `B.`).
    fn whole(&self) -> Option<State> {
        let c = &self.counts;
        let only_label = is_label(c.kept_text.trim());
        match (c.inserted > 0, c.deleted > 0) {
            (true, false) if only_label => Some(State::Inserted),
            (false, true) if only_label => Some(State::Deleted),
            _ => None,
        }
    }

    fn empty(&self) -> bool {
        let c = &self.counts;
        c.inserted == 0 && c.deleted == 0 && c.kept_text.trim().is_empty()
    }
}

/// A table row being written.
#[derive(Default)]
struct Row {
    xml: String,
    state: Option<Option<State>>,
    any: bool,
}

impl Row {
    fn add(&mut self, whole: Option<State>, empty: bool) {
        if empty {
            return;
        }
        self.any = true;
        self.state = Some(match self.state {
            None => whole,
            Some(s) if s == whole => s,
            Some(_) => None,
        });
    }

    fn whole(&self) -> Option<State> {
        self.state.flatten().filter(|_| self.any)
    }
}

/// A paragraph's typed number or label, or nothing.
fn is_label(t: &str) -> bool {
    let t = t.trim_end_matches(['\t', ' ']);
    if t.is_empty() {
        return true;
    }
    let inner = t
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .or_else(|| t.strip_suffix('.'));
    inner.is_some_and(|x| !x.is_empty() && x.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether `c` is one of the redline's marks.
pub(crate) fn is_mark(c: char) -> bool {
    (INS_OPEN..=SUB_CLOSE).contains(&c)
}

/// The length of the run that `s` starts with (runs nest only inside a
/// drawing's text box, which stays inside its run).
fn run_end(s: &str) -> usize {
    let mut depth = 0usize;
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if rest.starts_with("<w:r>") {
            depth += 1;
            i += "<w:r>".len();
        } else if rest.starts_with("</w:r>") {
            depth -= 1;
            i += "</w:r>".len();
            if depth == 0 {
                return i;
            }
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    s.len()
}

/// The text of a run's content that is one `w:t` element and nothing else.
fn lone_text(content: &str) -> Option<&str> {
    let start = if let Some(r) = content.strip_prefix("<w:t>") {
        r
    } else {
        let r = content.strip_prefix("<w:t ")?;
        &r[r.find('>')? + 1..]
    };
    let text = start.strip_suffix("</w:t>")?;
    (!text.contains('<')).then_some(text)
}

/// Any mark outside a run: the new text only (a deletion left out); also
/// a part that takes no revisions.
pub(crate) fn new_text_only(xml: &str) -> String {
    if !xml.contains(is_mark) {
        return xml.to_string();
    }
    let mut out = String::with_capacity(xml.len());
    let mut hidden = false;
    for c in xml.chars() {
        match c {
            DEL_OPEN | SUB_OPEN => hidden = true,
            DEL_CLOSE | SUB_MID => hidden = false,
            INS_OPEN | INS_CLOSE | SUB_CLOSE => {}
            c if !hidden => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: &str = "2004-03-01T00:00:00Z";

    #[test]
    fn a_substitution_in_a_run_becomes_a_deletion_and_an_insertion() {
        let xml = format!(
            "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">a {SUB_OPEN}35{SUB_MID}30{SUB_CLOSE} b</w:t></w:r></w:p>"
        );
        assert_eq!(
            Tracker::new(D).part(&xml),
            "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">a </w:t></w:r>\
             <w:del w:id=\"1\" w:author=\"sgreport\" w:date=\"2004-03-01T00:00:00Z\"><w:r><w:rPr><w:b/></w:rPr><w:delText xml:space=\"preserve\">35</w:delText></w:r></w:del>\
             <w:ins w:id=\"2\" w:author=\"sgreport\" w:date=\"2004-03-01T00:00:00Z\"><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">30</w:t></w:r></w:ins>\
             <w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\"> b</w:t></w:r></w:p>"
        );
    }

    #[test]
    fn an_inserted_paragraph_has_its_number_and_mark_inserted() {
        let xml = format!(
            "<w:p><w:pPr><w:pStyle w:val=\"SingleTxt\"/></w:pPr><w:r><w:t>5.</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t xml:space=\"preserve\">{INS_OPEN}Chile{INS_CLOSE}</w:t></w:r></w:p>"
        );
        let out = Tracker::new(D).part(&xml);
        assert!(
            out.contains("<w:pPr><w:pStyle w:val=\"SingleTxt\"/><w:rPr><w:ins w:id="),
            "{out}"
        );
        assert!(out.contains("\"><w:r><w:t>5.</w:t></w:r></w:ins>"), "{out}");
        assert!(out.contains("\"><w:r><w:tab/></w:r></w:ins>"), "{out}");
        assert_eq!(out.matches("<w:ins ").count(), 4, "{out}");
    }

    #[test]
    fn a_deleted_row_is_a_deleted_row() {
        let xml = format!(
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{DEL_OPEN}Serbia{DEL_CLOSE}</w:t></w:r></w:p></w:tc><w:tc><w:p></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>Peru</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        );
        let out = Tracker::new(D).part(&xml);
        assert!(
            out.starts_with("<w:tbl><w:tr><w:trPr><w:del w:id=\"2\""),
            "{out}"
        );
        assert!(
            out.contains("<w:tr><w:tc><w:p><w:r><w:t>Peru</w:t></w:r></w:p></w:tc></w:tr>"),
            "{out}"
        );
    }

    #[test]
    fn labels_are_numbers_and_letters() {
        for l in ["", "12.", "(a)", "B.", "IV.", "5.\t"] {
            assert!(is_label(l), "{l}");
        }
        assert!(!is_label("Chile"));
    }
}
