//! `build --docx`: the draft in Word. Each test opens the `.docx` again
//! (unzips it and parses its XML) and compares it with the Markdown.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::common::*;

const MAIN_MD: &str = "output/E_CN.15_2004_7.md";
const MAIN_DOCX: &str = "output/E_CN.15_2004_7.docx";
const ADD_MD: &str = "output/E_CN.15_2004_7_Add.1.md";
const ADD_DOCX: &str = "output/E_CN.15_2004_7_Add.1.docx";
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A copy of the `small` fixture built with `--docx --no-pdf`.
fn built() -> Project {
    let p = Project::fixture("small");
    p.run(&["build", "--docx", "--no-pdf"]).success();
    p
}

/// The parts of a `.docx`, by name, in zip order.
fn parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut text = String::new();
            f.read_to_string(&mut text).expect("UTF-8 part");
            (f.name().unwrap().to_string(), text)
        })
        .collect()
}

fn part(parts: &[(String, String)], name: &str) -> String {
    parts
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .1
        .clone()
}

/// The text of a WordprocessingML part: `w:t` as is, a tab as a space, one
/// line per paragraph.
fn text_of(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    node_text(doc.root())
}

fn node_text(node: roxmltree::Node) -> String {
    let mut out = String::new();
    for n in node.descendants() {
        if !n.is_element() || n.tag_name().namespace() != Some(W) {
            continue;
        }
        match n.tag_name().name() {
            "t" => out.push_str(n.text().unwrap_or("")),
            "tab" if n.parent().is_some_and(|p| p.tag_name().name() == "r") => out.push(' '),
            "br" => out.push(' '),
            "p" => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// Each paragraph of a part: (style, text).
fn paragraphs(xml: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            let style = p
                .descendants()
                .find(|n| n.has_tag_name((W, "pStyle")))
                .and_then(|n| n.attribute((W, "val")))
                .unwrap_or("")
                .to_string();
            (style, node_text(p).trim().to_string())
        })
        .collect()
}

/// The Markdown's blocks of text, (in a footnote definition, in the
/// masthead, text), in order.
fn markdown_blocks(md: &str) -> Vec<(bool, bool, String)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut in_note, mut in_masthead) = (false, true);
    for e in Parser::new_ext(md, answer_markdown_options()) {
        match e {
            Event::Text(t) | Event::Code(t) => cur.push_str(&t),
            Event::SoftBreak | Event::HardBreak => cur.push(' '),
            Event::Html(t) if t.contains("sgreport:summary") => in_masthead = false,
            Event::Start(Tag::FootnoteDefinition(_)) => in_note = true,
            Event::End(TagEnd::FootnoteDefinition) => in_note = false,
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item)
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item,
            ) => {
                if !cur.trim().is_empty() {
                    out.push((in_note, in_masthead, std::mem::take(&mut cur)));
                }
                cur.clear();
            }
            _ => {}
        }
    }
    out
}

#[test]
fn a_docx_is_written_for_each_document_with_every_part_well_formed() {
    let p = built();
    for docx in [MAIN_DOCX, ADD_DOCX] {
        let parts = parts(&p.bytes(docx));
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        for required in [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/footnotes.xml",
            "word/settings.xml",
            "word/header1.xml",
        ] {
            assert!(names.contains(&required), "{docx} has no {required}");
        }
        assert_eq!(names[0], "[Content_Types].xml");
        for (name, xml) in &parts {
            roxmltree::Document::parse(xml)
                .unwrap_or_else(|e| panic!("{docx}: {name} is not well-formed: {e}"));
        }
        // Every part the document refers to is there and has a content type.
        let types = part(&parts, "[Content_Types].xml");
        let rels = part(&parts, "word/_rels/document.xml.rels");
        let rels = roxmltree::Document::parse(&rels).unwrap();
        for r in rels
            .descendants()
            .filter(|n| n.has_tag_name("Relationship"))
        {
            let target = format!("word/{}", r.attribute("Target").unwrap());
            assert!(names.contains(&target.as_str()), "{target} missing");
            assert!(
                types.contains(&format!("/{target}")),
                "{target} has no type"
            );
        }
    }
    // Without --docx, no .docx.
    let q = Project::fixture("small");
    q.build_markdown();
    assert!(!q.path().join(MAIN_DOCX).exists());
}

#[test]
fn the_docx_has_the_markdowns_words_in_order_and_its_numbers() {
    let p = built();
    for (md, docx) in [(MAIN_MD, MAIN_DOCX), (ADD_MD, ADD_DOCX)] {
        let md = p.read(md);
        let parts = parts(&p.bytes(docx));
        let document = part(&parts, "word/document.xml");
        let body = compact(&text_of(&document));
        let notes = compact(&text_of(&part(&parts, "word/footnotes.xml")));
        let everything = format!(
            "{body}{notes}{}",
            compact(&text_of(&part(&parts, "word/footer3.xml")))
        );
        let mut at = 0;
        let mut notes_at = 0;
        for (in_note, in_masthead, block) in markdown_blocks(&md) {
            let b = compact(&block);
            if in_note {
                let found = notes[notes_at..].find(&b);
                assert!(found.is_some(), "footnote {block:?} not in footnotes.xml");
                notes_at += found.unwrap() + b.len();
            } else if in_masthead {
                assert!(everything.contains(&b), "{block:?} not in the .docx");
            } else {
                let found = body[at..].find(&b);
                assert!(found.is_some(), "{block:?} not in document.xml (in order)");
                at += found.unwrap() + b.len();
            }
        }
        // The numbered paragraphs: the same numbers, each hanging before a tab.
        let numbers: Vec<u32> = paragraphs(&document)
            .iter()
            .filter(|(s, t)| s == "NumberedPara" && t.starts_with(|c: char| c.is_ascii_digit()))
            .map(|(_, t)| t.split('.').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(numbers, paragraph_numbers(body_of(&md)));
        assert!(!numbers.is_empty());
    }
}

fn body_of(md: &str) -> &str {
    crate::common::body(md)
}

#[test]
fn masthead_parts_summary_headings_and_tables_have_named_styles() {
    let p = built();
    let parts = parts(&p.bytes(MAIN_DOCX));
    let paras = paragraphs(&part(&parts, "word/document.xml"));
    let style_of = |text: &str| {
        paras
            .iter()
            .rfind(|(_, t)| t == text)
            .map(|(s, _)| s.as_str())
            .unwrap_or_else(|| panic!("no paragraph {text:?}: {paras:?}"))
    };
    assert_eq!(style_of("United Nations E/CN.15/2004/7"), "MastheadTop");
    assert_eq!(style_of("Economic and Social Council"), "Organ");
    assert_eq!(style_of("Distr.: General"), "Distribution");
    assert_eq!(style_of("1 March 2004"), "Distribution");
    assert_eq!(style_of("Original: English"), "Distribution");
    assert_eq!(
        style_of("Commission on Crime Prevention and Criminal Justice"),
        "SessionBody"
    );
    assert_eq!(style_of("Item 4 of the provisional agenda*"), "Session");
    assert_eq!(style_of("Report of the Secretary-General"), "TitleH1");
    assert_eq!(style_of("Summary"), "SummaryTitle");
    assert_eq!(style_of("Contents"), "ContentsTitle");
    assert_eq!(style_of("I. Introduction"), "HCh");
    assert_eq!(style_of("A. Extent of and trends in kidnapping"), "H1");
    // A reply's list is lettered, as in the PDF (its Word style is the
    // Word writer's to choose once it reads the Document).
    style_of("(a) simple kidnapping;");
    // One annex only (the few senders are listed in the introduction): "Annex".
    assert_eq!(style_of("Annex"), "AnnexHead");
    assert_eq!(style_of("3,041"), "TableText");
    assert!(paras
        .iter()
        .any(|(s, t)| s == "TitleHCH" && t.starts_with("International cooperation")));
    // Table alignment: the figures' columns are right-aligned.
    let document = part(&parts, "word/document.xml");
    assert!(document.contains(
        "<w:pStyle w:val=\"TableText\"/><w:jc w:val=\"right\"/></w:pPr><w:r><w:t xml:space=\"preserve\">3,041</w:t>"
    ));
    // The job number at the foot of page 1, the symbol in the running header.
    let footer = text_of(&part(&parts, "word/footer3.xml"));
    assert!(footer.contains("V.04-51234 (E)") && footer.contains("*0451234*"));
    for header in ["word/header1.xml", "word/header2.xml"] {
        assert_eq!(text_of(&part(&parts, header)).trim(), "E/CN.15/2004/7");
    }
    assert!(text_of(&part(&parts, "word/header3.xml")).trim().is_empty());
}

#[test]
fn footnotes_are_word_footnotes_and_every_style_used_is_defined() {
    let p = built();
    for docx in [MAIN_DOCX, ADD_DOCX] {
        let parts = parts(&p.bytes(docx));
        let document = part(&parts, "word/document.xml");
        let notes = roxmltree::Document::parse(&part(&parts, "word/footnotes.xml"))
            .unwrap()
            .descendants()
            .filter(|n| n.has_tag_name((W, "footnote")))
            .filter_map(|n| n.attribute((W, "id")).map(str::to_string))
            .collect::<Vec<_>>();
        let doc = roxmltree::Document::parse(&document).unwrap();
        let refs: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name((W, "footnoteReference")))
            .map(|n| n.attribute((W, "id")).unwrap())
            .collect();
        for r in &refs {
            assert!(notes.iter().any(|n| n == r), "footnote {r} not defined");
        }
        // The separators, then one note per reference.
        assert_eq!(notes.len(), refs.len() + 2, "{docx}");

        let styles = part(&parts, "word/styles.xml");
        let styles = roxmltree::Document::parse(&styles).unwrap();
        let defined: Vec<&str> = styles
            .descendants()
            .filter(|n| n.has_tag_name((W, "style")))
            .map(|n| n.attribute((W, "styleId")).unwrap())
            .collect();
        for (name, xml) in &parts {
            let doc = roxmltree::Document::parse(xml).unwrap();
            for n in doc.descendants().filter(|n| {
                n.has_tag_name((W, "pStyle"))
                    || n.has_tag_name((W, "rStyle"))
                    || n.has_tag_name((W, "tblStyle"))
                    || n.has_tag_name((W, "basedOn"))
                    || n.has_tag_name((W, "next"))
            }) {
                let id = n.attribute((W, "val")).unwrap();
                assert!(
                    defined.contains(&id),
                    "{name} uses the undefined style {id}"
                );
            }
        }
    }
    let parts = parts(&p.bytes(MAIN_DOCX));
    let notes = text_of(&part(&parts, "word/footnotes.xml"));
    assert!(notes.contains("Figures of the national statistics office."));
    assert!(notes.contains("* E/CN.15/2004/1."), "{notes}");
}

#[test]
fn a4_times_new_roman_10_pt_and_the_pdf_layouts_margins() {
    let p = built();
    let parts = parts(&p.bytes(MAIN_DOCX));
    let document = part(&parts, "word/document.xml");
    assert!(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    // 30 mm top and sides, 40 mm bottom (templates/un-report.typ).
    assert!(document
        .contains("<w:pgMar w:top=\"1701\" w:right=\"1701\" w:bottom=\"2268\" w:left=\"1701\""));
    let styles = part(&parts, "word/styles.xml");
    assert!(styles.contains("w:ascii=\"Times New Roman\""));
    assert!(styles.contains("<w:rPrDefault><w:rPr><w:rFonts"));
    assert!(styles.contains("<w:sz w:val=\"20\"/>"));
    assert!(part(&parts, "word/settings.xml").contains("<w:evenAndOddHeaders/>"));
}

#[test]
fn hostile_strings_print_as_typed_and_become_no_field_link_or_markup() {
    let p = Project::fixture("small");
    let hostile = [
        "<w:t>",
        "</w:t></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>",
        "&amp; & &#x41;",
        "]]> <![CDATA[x]]>",
        "{ HYPERLINK \"http://example.org\" }",
        "{ DDEAUTO c:\\windows\\system32\\cmd.exe }",
        "{ PAGE } { INCLUDETEXT \"x\" }",
        "<w:fldSimple w:instr=\"DATE\"/>",
        "\" ' <!-- x -->",
    ];
    for (i, h) in hostile.iter().enumerate() {
        let yaml_text = h.replace('\\', "\\\\").replace('"', "\\\"");
        p.write(
            &format!("submissions/org{i}.yaml"),
            &format!("from: \"Org {yaml_text}\"\nkind: organization\nreceived: 2004-01-{:02}\nanswers:\n  extent: \"Says {yaml_text} ok\"\n", i + 1),
        );
    }
    // Control characters: XML cannot carry them; they print nothing, as in
    // the Markdown and the PDF.
    p.write(
        "submissions/org-ctl.yaml",
        "from: \"Org ctl\"\nkind: organization\nreceived: 2004-01-20\nanswers:\n  extent: \"Bell\\a and\\x01 escape\\e done\"\n",
    );
    p.run(&["build", "--docx", "--no-pdf"]).success();
    let parts = parts(&p.bytes(MAIN_DOCX));
    let document = part(&parts, "word/document.xml");
    let text = fold(&text_of(&document));
    for h in hostile {
        // As typed, its quotes typographic as everywhere in the report.
        let typed = sgreport::document::labels::typographic_quotes(&format!("Org {h}"), None);
        assert!(text.contains(&typed), "{h:?} not as typed in {text}");
        // An answer is Markdown, where `&amp;` is an entity: the Markdown
        // shows `&`, and so does the .docx (the other strings are as typed).
        let said = if h.contains('&') {
            h.replace("&amp;", "&").replace("&#x41;", "A")
        } else {
            h.to_string()
        };
        let said = sgreport::document::labels::typographic_quotes(&format!("Says {said} ok"), None);
        assert!(text.contains(&said), "{h:?} not as typed");
    }
    assert!(text.contains("Bell and escape done"), "{text}");
    // Nothing became a field, a hyperlink or an element: the only field is
    // the page number in the footers.
    for (name, xml) in &parts {
        let doc = roxmltree::Document::parse(xml).unwrap();
        for bad in ["instrText", "fldChar", "hyperlink"] {
            assert!(
                !doc.descendants().any(|n| n.tag_name().name() == bad),
                "{name} has a {bad}"
            );
        }
        let fields: Vec<&str> = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "fldSimple")
            .map(|n| n.attribute((W, "instr")).unwrap())
            .collect();
        if name.starts_with("word/footer1") || name.starts_with("word/footer2") {
            assert_eq!(fields, [" PAGE "]);
        } else {
            assert!(fields.is_empty(), "{name} has a field");
        }
    }
    // The text is character data of `w:t` elements, nothing else.
    let doc = roxmltree::Document::parse(&document).unwrap();
    for n in doc.descendants().filter(|n| n.is_text()) {
        assert!(
            n.parent().is_some_and(|p| p.has_tag_name((W, "t"))),
            "text {:?} outside a w:t",
            n.text()
        );
    }
}

#[test]
fn two_builds_give_byte_identical_docx() {
    let p = built();
    let first = (p.bytes(MAIN_DOCX), p.bytes(ADD_DOCX));
    p.run(&["build", "--docx", "--no-pdf"]).success();
    assert!(first.0 == p.bytes(MAIN_DOCX), "the .docx changed");
    assert!(first.1 == p.bytes(ADD_DOCX), "the addendum's .docx changed");
    // Every part carries the same fixed timestamp.
    let mut zip = zip::ZipArchive::new(Cursor::new(first.0)).unwrap();
    let mut times = BTreeMap::new();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        times.insert(f.name().unwrap().to_string(), f.last_modified());
    }
    assert!(times
        .values()
        .all(|t| t.is_some_and(|t| t.year() == 1980 && t.month() == 1 && t.day() == 1)));
}

#[test]
fn the_docx_is_committed_with_the_other_outputs_and_an_old_addendums_removed() {
    let p = built();
    let before = p.output_files();
    p.write(
        "submissions/broken.yaml",
        "from: Chile\nreceived: not a date\n",
    );
    assert_eq!(p.run(&["build", "--docx", "--no-pdf"]).code(), 1);
    assert_eq!(before, p.output_files(), "a failed build changed output/");
    p.remove("submissions/broken.yaml");
    // No reply is late any more: the addendum's outputs go, its .docx too.
    p.remove("submissions/late/nigeria.yaml");
    p.run(&["build", "--docx", "--no-pdf"]).success();
    assert!(p.path().join(MAIN_DOCX).is_file());
    assert!(!p.path().join(ADD_DOCX).exists());
    assert!(!p.path().join(ADD_MD).exists());
}

#[test]
fn hostile_text_in_report_yaml_is_printed_as_typed_in_the_docx() {
    let p = Project::fixture("small");
    let text = p
        .read("report.yaml")
        .replace(
            "heading: Legislation and penalties",
            "heading: \"Laws #1 [draft] *new* <b>x</b> { HYPERLINK \\\"x\\\" } &amp; ]]> \\\\ #\"",
        )
        .replace("place: Vienna", "place: \"Vienna <w:br/> { PAGE }\"");
    p.write("report.yaml", &text);
    p.run(&["build", "--docx", "--no-pdf"]).success();
    let parts = parts(&p.bytes(MAIN_DOCX));
    let paras = paragraphs(&part(&parts, "word/document.xml"));
    assert!(
        paras.iter().any(|(s, t)| s == "H1"
            && t == "B. Laws #1 [draft] *new* <b>x</b> { HYPERLINK \u{201C}x\u{201D} } &amp; ]]> \\ #"),
        "{paras:?}"
    );
    assert!(paras
        .iter()
        .any(|(s, t)| s == "Session" && t == "Vienna <w:br/> { PAGE }, 11-20 May 2004"));
}

#[test]
fn build_docx_with_the_pdf_writes_all_three_and_says_so() {
    let p = Project::fixture("small");
    let run = p.run(&["build", "--docx"]);
    run.success();
    assert!(
        run.stdout().contains(
            "wrote ./output/E_CN.15_2004_7.md, ./output/E_CN.15_2004_7.docx and ./output/E_CN.15_2004_7.pdf"
        ),
        "{}",
        run.stdout()
    );
    for f in [
        MAIN_MD,
        MAIN_DOCX,
        ADD_MD,
        ADD_DOCX,
        "output/E_CN.15_2004_7.pdf",
    ] {
        assert!(p.path().join(f).is_file(), "{f} missing");
    }
}

#[test]
fn without_typst_the_docx_is_written_with_the_markdown_and_says_so() {
    let p = Project::fixture("small");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sgreport"))
        .args(["build", "--docx"])
        .current_dir(p.path())
        .env("SGREPORT_TYPST", p.path().join("no-such-typst"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("The Markdown and Word files were written (")
            && err.contains("E_CN.15_2004_7.docx"),
        "{err}"
    );
    assert!(p.path().join(MAIN_DOCX).is_file());
    assert!(!p.path().join("output/E_CN.15_2004_7.pdf").exists());
}
