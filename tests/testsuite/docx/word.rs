//! Reading a Word file as Word shows it, for the tests of every Word output:
//! each paragraph's text, a numbered one's number first as Word counts it
//! from `w:numPr` and `word/numbering.xml` (each list, `w:num`, counted on
//! its own from its `w:startOverride`, else its definition's `w:start`;
//! `%1.` then a tab), with tracked changes shown, accepted or rejected (a
//! paragraph or table row whose own mark is removed goes, and is not
//! counted).

use std::collections::HashMap;
use std::io::{Cursor, Read};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Which text of a Word document with tracked changes to read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Changes {
    /// As written: every revision's text shown (a document without
    /// revisions reads the same).
    None,
    /// Every change accepted: deletions gone, insertions kept.
    Accepted,
    /// Every change rejected: insertions gone, deletions kept.
    Rejected,
}

/// The part `name` of the `.docx` in `bytes`, if it has it.
pub fn part(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).expect("a UTF-8 part");
    Some(s)
}

/// The lists of `word/numbering.xml`: the number each list (`w:numId`)
/// starts from, and the text of its numbers (`%1.`).
struct Numbering {
    lists: HashMap<String, (u32, String)>,
}

impl Numbering {
    fn read(bytes: &[u8]) -> Numbering {
        let mut lists = HashMap::new();
        let Some(xml) = part(bytes, "word/numbering.xml") else {
            return Numbering { lists };
        };
        let doc = roxmltree::Document::parse(&xml).expect("well-formed numbering");
        let val = |n: roxmltree::Node, name: &str| {
            n.descendants()
                .find(|d| d.has_tag_name((W, name)))
                .and_then(|d| d.attribute((W, "val")))
                .map(str::to_string)
        };
        let definitions: HashMap<String, (u32, String)> = doc
            .descendants()
            .filter(|n| n.has_tag_name((W, "abstractNum")))
            .map(|a| {
                let level = a
                    .children()
                    .find(|l| l.has_tag_name((W, "lvl")) && l.attribute((W, "ilvl")) == Some("0"))
                    .expect("a first level");
                assert_eq!(val(level, "numFmt").as_deref(), Some("decimal"));
                let start = val(level, "start").map_or(0, |s| s.parse().unwrap());
                let text = val(level, "lvlText").expect("the numbers' text");
                let id = a.attribute((W, "abstractNumId")).unwrap().to_string();
                (id, (start, text))
            })
            .collect();
        for num in doc.descendants().filter(|n| n.has_tag_name((W, "num"))) {
            let definition = val(num, "abstractNumId").expect("a definition");
            let (start, text) = definitions[&definition].clone();
            let start = val(num, "startOverride").map_or(start, |s| s.parse().unwrap());
            let id = num.attribute((W, "numId")).unwrap().to_string();
            lists.insert(id, (start, text));
        }
        Numbering { lists }
    }
}

/// The paragraphs of `part` (`word/document.xml`, `word/footnotes.xml`) in
/// `docx` as Word shows them with `changes`: each paragraph's text (a tab
/// as `\t`), a numbered one's number first (`12.\t...`).
pub fn paragraphs(docx: &[u8], part_name: &str, changes: Changes) -> Vec<String> {
    let xml = part(docx, part_name).unwrap_or_else(|| panic!("no {part_name}"));
    let numbering = Numbering::read(docx);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let gone = match changes {
        Changes::Accepted => "del",
        Changes::Rejected => "ins",
        Changes::None => "",
    };
    // A revision's element around text; one in properties marks the
    // paragraph or row itself.
    let removed = |n: roxmltree::Node| {
        changes != Changes::None
            && n.ancestors().any(|a| {
                a.has_tag_name((W, gone))
                    && !matches!(
                        a.parent().map(|p| p.tag_name().name()),
                        Some("rPr" | "trPr")
                    )
            })
    };
    let own_mark_gone = |n: roxmltree::Node, props: &str| {
        changes != Changes::None
            && n.children()
                .filter(|c| c.has_tag_name((W, props)))
                .flat_map(|c| c.descendants())
                .any(|d| d.has_tag_name((W, gone)))
    };
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut out = Vec::new();
    for p in doc.descendants().filter(|n| n.has_tag_name((W, "p"))) {
        let row_gone = p
            .ancestors()
            .any(|a| a.has_tag_name((W, "tr")) && own_mark_gone(a, "trPr"));
        if row_gone {
            continue;
        }
        let mut text = String::new();
        for n in p.descendants() {
            if removed(n)
                || n.ancestors()
                    .skip(1)
                    .any(|a| a.has_tag_name((W, "p")) && a != p)
            {
                continue;
            }
            match n.tag_name().name() {
                "t" | "delText" => text.push_str(n.text().unwrap_or("")),
                "tab" if n.parent().is_some_and(|r| r.has_tag_name((W, "r"))) => text.push('\t'),
                _ => {}
            }
        }
        if own_mark_gone(p, "pPr") {
            assert!(
                text.is_empty(),
                "a paragraph whose mark goes keeps {text:?}"
            );
            continue;
        }
        let list = p
            .children()
            .filter(|c| c.has_tag_name((W, "pPr")))
            .flat_map(|c| c.children())
            .find(|c| c.has_tag_name((W, "numPr")))
            .and_then(|n| n.children().find(|c| c.has_tag_name((W, "numId"))))
            .and_then(|n| n.attribute((W, "val")));
        if let Some(id) = list {
            let (start, format) = numbering
                .lists
                .get(id)
                .unwrap_or_else(|| panic!("no list {id} in word/numbering.xml"));
            let n = counts.entry(id.to_string()).or_insert(*start);
            text.insert_str(0, &format!("{}\t", format.replace("%1", &n.to_string())));
            *n += 1;
        }
        out.push(text);
    }
    out
}

/// The numbers of the numbered paragraphs of `docx` as Word shows them
/// (as written): `1.`, `2.` ...
pub fn number_labels(docx: &[u8]) -> Vec<String> {
    let xml = part(docx, "word/document.xml").expect("a document part");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let numbered = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| p.descendants().any(|n| n.has_tag_name((W, "numPr"))));
    paragraphs(docx, "word/document.xml", Changes::None)
        .into_iter()
        .zip(numbered)
        .filter(|(_, numbered)| *numbered)
        .map(|(t, _)| t.split('\t').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn numbers_are_counted_per_list_from_its_start_and_removed_paragraphs_are_not() {
    // A list from 1, a paragraph inserted into it and one deleted; a second
    // list from 7.
    let document = format!(
        "<w:document xmlns:w=\"{W}\"><w:body>\
         <w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>A</w:t></w:r></w:p>\
         <w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr><w:rPr><w:ins w:id=\"1\" w:author=\"x\"/></w:rPr></w:pPr><w:ins w:id=\"2\" w:author=\"x\"><w:r><w:t>New</w:t></w:r></w:ins></w:p>\
         <w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr><w:rPr><w:del w:id=\"3\" w:author=\"x\"/></w:rPr></w:pPr><w:del w:id=\"4\" w:author=\"x\"><w:r><w:delText>Old</w:delText></w:r></w:del></w:p>\
         <w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>B</w:t></w:r></w:p>\
         <w:p><w:r><w:t>Plain</w:t></w:r></w:p>\
         <w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr><w:r><w:t>C</w:t></w:r></w:p>\
         </w:body></w:document>"
    );
    let numbering = format!(
        "<w:numbering xmlns:w=\"{W}\"><w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\">\
         <w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl></w:abstractNum>\
         <w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/></w:num>\
         <w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"7\"/></w:lvlOverride></w:num>\
         </w:numbering>"
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, xml) in [
        ("word/document.xml", document),
        ("word/numbering.xml", numbering),
    ] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, xml.as_bytes()).unwrap();
    }
    let docx = zip.finish().unwrap().into_inner();
    let read = |c| paragraphs(&docx, "word/document.xml", c);
    assert_eq!(
        read(Changes::None),
        ["1.\tA", "2.\tNew", "3.\tOld", "4.\tB", "Plain", "7.\tC"]
    );
    assert_eq!(
        read(Changes::Accepted),
        ["1.\tA", "2.\tNew", "3.\tB", "Plain", "7.\tC"]
    );
    assert_eq!(
        read(Changes::Rejected),
        ["1.\tA", "2.\tOld", "3.\tB", "Plain", "7.\tC"]
    );
    assert_eq!(number_labels(&docx), ["1.", "2.", "3.", "4.", "7."]);
}

/// The style of Word paragraph `p` (`w:pStyle`), empty when it has none.
pub fn paragraph_style(p: roxmltree::Node) -> String {
    p.descendants()
        .find(|n| n.has_tag_name((W, "pStyle")))
        .and_then(|n| n.attribute((W, "val")))
        .unwrap_or("")
        .to_string()
}
