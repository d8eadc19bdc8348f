//! The outputs agree (issue 22): the Markdown, the PDF and the Word file of
//! the fixture and of the sample project have the same numbered paragraphs
//! (number and text once markup is stripped), the same subparagraph labels,
//! the same footnotes and the same figures. Each output is read into plain
//! text by a function of its own ([`markdown_paragraphs`], [`pdf_text`],
//! [`docx_text`]) and checked by [`assert_agree`].

use std::io::{Cursor, Read};
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::common::{compact, fixture_dir, pdf_pages, Project};

/// A numbered paragraph as a reader sees it, without markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plain {
    pub number: u32,
    /// The paragraph's own text (its nested blocks left out), footnote
    /// marks included as printed.
    pub text: String,
    /// Its subparagraphs, each opening with its label: `(a) simple ...`.
    pub subparagraphs: Vec<String>,
    /// The text of each footnote it references, in order.
    pub notes: Vec<String>,
}

/// The numbered paragraphs of a Markdown output.
pub fn markdown_paragraphs(md: &str) -> Vec<Plain> {
    let opts = pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_FOOTNOTES;
    let notes = footnote_texts(md, opts);
    let start = md.find("<!-- sgreport:body -->").unwrap_or(0);
    // To the end: the footnotes' definitions follow the annexes (which
    // have no numbered paragraphs).
    let body = &md[start..];
    let mut out: Vec<Plain> = Vec::new();
    let mut depth = 0usize;
    // Text of the block being read inside the current numbered paragraph.
    let mut text = String::new();
    let mut blocks_in_item = 0usize;
    let mut in_note = false;
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        match &event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_note = true,
            Event::End(TagEnd::FootnoteDefinition) => {
                in_note = false;
                continue;
            }
            _ => {}
        }
        if in_note {
            continue;
        }
        match event {
            // An item of a top-level ordered list: a numbered paragraph, its
            // number as typed.
            Event::Start(Tag::Item) if depth == 1 => {
                let digits: String = body[range.start..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                if let Ok(number) = digits.parse() {
                    out.push(Plain {
                        number,
                        text: String::new(),
                        subparagraphs: Vec::new(),
                        notes: Vec::new(),
                    });
                }
                blocks_in_item = 0;
                text.clear();
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(tag) => {
                depth -= 1;
                let block_end = matches!(
                    tag,
                    TagEnd::Paragraph | TagEnd::Table | TagEnd::Item | TagEnd::List(_)
                );
                if depth <= 1 {
                    // Outside numbered paragraphs (a heading): not read.
                    if depth == 0 || !matches!(tag, TagEnd::Item) {
                        text.clear();
                    }
                }
                if block_end && depth >= 1 && !text.trim().is_empty() {
                    if let Some(p) = out.last_mut() {
                        let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
                        if blocks_in_item == 0 {
                            p.text = t;
                        } else if t.starts_with('(') {
                            p.subparagraphs.push(t);
                        }
                        blocks_in_item += 1;
                    }
                    text.clear();
                }
                if depth == 0 {
                    text.clear();
                }
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::FootnoteReference(l) => {
                // The mark as printed: `4`, or a table's `t3-a` -> `a`.
                text.push_str(l.rsplit('-').next().unwrap_or(&l));
                if let Some(p) = out.last_mut() {
                    p.notes
                        .push(notes.get(l.as_ref()).cloned().unwrap_or_default());
                }
            }
            _ => {}
        }
    }
    out
}

/// Footnote label -> its text, folded.
fn footnote_texts(
    md: &str,
    opts: pulldown_cmark::Options,
) -> std::collections::HashMap<String, String> {
    let mut notes = std::collections::HashMap::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new_ext(md, opts) {
        match event {
            Event::Start(Tag::FootnoteDefinition(l)) => {
                current = Some((l.to_string(), String::new()))
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((l, t)) = current.take() {
                    notes.insert(l, t.split_whitespace().collect::<Vec<_>>().join(" "));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = &mut current {
                    s.push_str(&t);
                }
            }
            Event::SoftBreak => {
                if let Some((_, s)) = &mut current {
                    s.push(' ');
                }
            }
            _ => {}
        }
    }
    notes
}

/// The PDF's text, every page, without white space.
pub fn pdf_text(bytes: &[u8]) -> String {
    compact(&pdf_pages(bytes).concat())
}

/// The Word file's text as a reader sees it, without white space: the body
/// (each numbered paragraph's number as Word counts it from its list, see
/// [`crate::docx::word`]; each footnote reference printed as Word numbers it, 1,
/// 2 ..., in order; a custom mark, `*` or an annex's `a`, as typed), then
/// the footnotes.
pub fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .unwrap_or_else(|_| panic!("no {name}"))
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    let (document, notes) = (part("word/document.xml"), part("word/footnotes.xml"));
    let mut out = String::new();
    let mut count = 0u32;
    let mut numbers = crate::docx::word::number_labels(bytes).into_iter();
    let doc = roxmltree::Document::parse(&document).unwrap();
    for n in doc.descendants() {
        match n.tag_name().name() {
            // A paragraph's list number, before its text.
            "numPr" => out.push_str(
                &numbers
                    .next()
                    .expect("a number for each numbered paragraph"),
            ),
            "t" => out.push_str(n.text().unwrap_or("")),
            "footnoteReference" if n.attribute((W, "customMarkFollows")).is_none() => {
                count += 1;
                out.push_str(&count.to_string());
            }
            _ => {}
        }
    }
    let notes = roxmltree::Document::parse(&notes).unwrap();
    for t in notes.descendants().filter(|n| n.tag_name().name() == "t") {
        out.push_str(t.text().unwrap_or(""));
    }
    compact(&out)
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The figures' captions in the Markdown, in order.
fn markdown_figures(md: &str) -> Vec<String> {
    md.lines()
        .filter_map(|l| l.strip_prefix("![Figure "))
        .map(|l| format!("Figure {}", l.split("](").next().unwrap_or("")))
        .collect()
}

/// Checks that each figure's caption stands in `other`, in order.
fn assert_figures(output: &str, figures: &[String], other: &str) {
    let mut at = 0;
    for f in figures {
        let c = compact(f);
        let found = other[at..]
            .find(&c)
            .unwrap_or_else(|| panic!("{output}: figure {f:?} not in order"));
        at += found + c.len();
    }
}

/// The first and last `n` characters of `s`.
fn ends(s: &str, n: usize) -> (String, String) {
    let chars: Vec<char> = s.chars().collect();
    let head: String = chars.iter().take(n).collect();
    let tail: String = chars[chars.len().saturating_sub(n)..].iter().collect();
    (head, tail)
}

/// Checks that `other` (an output's text without white space) shows every
/// paragraph of `plain` in order: its number before its first words, its
/// last words after them, each subparagraph's label before its words, and
/// the text of each of its footnotes. A page break may fall inside a
/// paragraph (the running header, the page number and the page's notes
/// then stand between its first and last words), hence the two ends.
pub fn assert_agree(output: &str, plain: &[Plain], other: &str) {
    assert!(!plain.is_empty(), "no numbered paragraph read");
    let numbers: Vec<u32> = plain.iter().map(|p| p.number).collect();
    let expected: Vec<u32> = (1..=plain.len() as u32).collect();
    assert_eq!(numbers, expected, "paragraph numbers");
    let mut at = 0;
    for p in plain {
        let (head, tail) = ends(&compact(&p.text), 24);
        let opening = format!("{}.{head}", p.number);
        let found = other[at..].find(&opening).unwrap_or_else(|| {
            panic!(
                "{output}: paragraph {} ({opening:?}) not in order",
                p.number
            )
        });
        at += found + opening.len();
        let end = other[at - head.len()..].find(&tail).unwrap_or_else(|| {
            panic!("{output}: paragraph {} ends otherwise ({tail:?})", p.number)
        });
        let para_end = at - head.len() + end + tail.len();
        for s in &p.subparagraphs {
            let (head, _) = ends(&compact(s), 20);
            assert!(
                other[at..].contains(&head),
                "{output}: subparagraph {head:?} of paragraph {} missing",
                p.number
            );
        }
        for n in &p.notes {
            let (head, _) = ends(&compact(n), 30);
            assert!(other.contains(&head), "{output}: footnote {head:?} missing");
        }
        at = para_end.max(at);
    }
}

/// Builds a copy of `project` (Markdown, PDF and Word) and checks that they
/// agree.
fn check_project(root: &Path, stems: &[&str]) {
    let p = Project::fixture("small");
    for entry in ["report.yaml", "submissions", "templates"] {
        let from = root.join(entry);
        let to = p.path().join(entry);
        if to.is_dir() {
            std::fs::remove_dir_all(&to).unwrap();
        } else if to.exists() {
            std::fs::remove_file(&to).unwrap();
        }
        if from.exists() {
            copy(&from, &to);
        }
    }
    p.run(&["build", "-q", "--docx"]).success();
    for stem in stems {
        let md = p.read(&format!("output/{stem}.md"));
        let plain = markdown_paragraphs(&md);
        let pdf = pdf_text(&p.bytes(&format!("output/{stem}.pdf")));
        let docx_bytes = p.bytes(&format!("output/{stem}.docx"));
        let docx = docx_text(&docx_bytes);
        assert_agree(&format!("{stem}.pdf"), &plain, &pdf);
        assert_agree(&format!("{stem}.docx"), &plain, &docx);
        // The same figures: each caption in order, and Word draws as many
        // figures (from the chart model) as the Markdown shows.
        let figures = markdown_figures(&md);
        assert_figures(&format!("{stem}.pdf"), &figures, &pdf);
        assert_figures(&format!("{stem}.docx"), &figures, &docx);
        assert_eq!(drawn_figures(&docx_bytes), figures.len(), "{stem}.docx");
    }
}

/// How many figures the Word file draws (drawings named `Figure n`).
fn drawn_figures(bytes: &[u8]) -> usize {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut document = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut document)
        .unwrap();
    let doc = roxmltree::Document::parse(&document).unwrap();
    doc.descendants()
        .filter(|n| {
            n.tag_name().name() == "docPr"
                && n.attribute("name")
                    .is_some_and(|v| v.starts_with("Figure "))
        })
        .count()
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            copy(&e.path(), &to.join(e.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

#[test]
fn the_fixture_markdown_pdf_and_word_agree() {
    check_project(
        &fixture_dir("small"),
        &["E_CN.15_2004_7", "E_CN.15_2004_7_Add.1"],
    );
}

#[test]
fn the_sample_markdown_pdf_and_word_agree() {
    check_project(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["E_CN.15_2004_7", "E_CN.15_2004_7_Add.1"],
    );
}

#[test]
fn the_markdown_reader_sees_labels_and_notes() {
    let md = "<!-- sgreport:body -->\n\n# I. A\n\n1. *Peru*. Cases:[^1]\n\n   (a) first;\n\n   (b) second.\n\n2. Two.\n\n[^1]: Available at www.unodc.org.\n";
    let plain = markdown_paragraphs(md);
    assert_eq!(
        plain,
        [
            Plain {
                number: 1,
                text: "Peru. Cases:1".into(),
                subparagraphs: vec!["(a) first;".into(), "(b) second.".into()],
                notes: vec!["Available at www.unodc.org.".into()],
            },
            Plain {
                number: 2,
                text: "Two.".into(),
                subparagraphs: Vec::new(),
                notes: Vec::new(),
            }
        ]
    );
    // A paragraph the other output lacks, or a label it prints otherwise,
    // is found.
    let good = "1.Peru.Cases:1(a)first;(b)second.2.Two.1Availableatwww.unodc.org.";
    assert_agree("good", &plain, good);
    for bad in [
        "1.Peru.Cases:1(a)first;(b)second.Availableatwww.unodc.org.",
        "1.Peru.Cases:1•first;•second.2.Two.1Availableatwww.unodc.org.",
        "1.Peru.Cases:1(a)first;(b)second.2.Two.",
    ] {
        let caught = std::panic::catch_unwind(|| assert_agree("bad", &plain, bad));
        assert!(caught.is_err(), "{bad}");
    }
}
