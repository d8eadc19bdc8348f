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
            let style = crate::docx::word::paragraph_style(p);
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
        // The numbered paragraphs: the same numbers, as Word counts them in
        // its lists, each `12.` hanging before a tab; no number typed.
        let docx = p.bytes(docx);
        let numbers: Vec<String> = crate::docx::word::number_labels(&docx);
        let want: Vec<String> = paragraph_numbers(body_of(&md))
            .iter()
            .map(|n| format!("{n}."))
            .collect();
        assert_eq!(numbers, want);
        assert!(!numbers.is_empty());
        let numbered = paragraphs(&document)
            .into_iter()
            .filter(|(s, _)| s == "NumberedPara")
            .count();
        assert!(numbered >= numbers.len());
        for (style, text) in paragraphs(&document) {
            let typed = text.split_once(". ").map(|(n, _)| n.parse::<u32>().is_ok());
            assert!(
                !(style == "NumberedPara" && typed == Some(true)),
                "a number typed: {text:?}"
            );
        }
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
    // A reply's list in the body: subparagraphs (a), (b) (the model's rule).
    assert_eq!(style_of("(a) simple kidnapping;"), "SubPara1");
    assert_eq!(style_of("(b) kidnapping for ransom."), "SubPara1");
    // One annex only (the few senders are listed in the introduction): "Annex".
    assert_eq!(style_of("Annex"), "AnnexHead");
    assert_eq!(style_of("3,041"), "TableText");
    assert!(paras
        .iter()
        .any(|(s, t)| s == "TitleHCH" && t.starts_with("International cooperation")));
    // Table alignment: the figures' columns are right-aligned (the first
    // row kept with the next).
    let document = part(&parts, "word/document.xml");
    assert!(document.contains(
        "<w:pStyle w:val=\"TableText\"/><w:keepNext/><w:jc w:val=\"right\"/></w:pPr><w:r><w:t xml:space=\"preserve\">3,041</w:t>"
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
    // 30 mm top and left, 40 mm right and bottom (templates/un-report.typ).
    assert!(document
        .contains("<w:pgMar w:top=\"1701\" w:right=\"2268\" w:bottom=\"2268\" w:left=\"1701\""));
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
        // As typed (`&amp;` and `&#x41;` too), its quotes typographic as
        // everywhere in the report.
        let typed = typographic_quotes(&format!("Org {h}"));
        assert!(text.contains(&typed), "{h:?} not as typed in {text}");
        let said = typographic_quotes(&format!("Says {h} ok"));
        assert!(text.contains(&said), "{h:?} not as typed");
    }
    assert!(text.contains("Bell and escape done"), "{text}");
    // Nothing became a field, a hyperlink or an element: the only fields
    // are the page number in the footers and the contents' page references
    // to the document's own bookmarks.
    let bookmarks: Vec<String> = roxmltree::Document::parse(&document)
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name((W, "bookmarkStart")))
        .map(|n| n.attribute((W, "name")).unwrap().to_string())
        .collect();
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
        } else if name == "word/document.xml" {
            assert!(!fields.is_empty());
            for f in fields {
                let target = f
                    .strip_prefix(" PAGEREF ")
                    .and_then(|f| f.strip_suffix(" \\h "));
                assert!(
                    target.is_some_and(|t| bookmarks.iter().any(|b| b == t)),
                    "{name} has the field {f:?}"
                );
            }
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

/// Points in EMU, as DrawingML writes them.
const EMU_PER_PT: f64 = 12_700.0;

/// The drawing of a story part's `wp:inline` whose `wp:docPr` is named
/// `name`: the group's shapes.
fn drawing<'a>(doc: &'a roxmltree::Document, name: &str) -> roxmltree::Node<'a, 'a> {
    doc.descendants()
        .find(|n| n.tag_name().name() == "inline" && docpr(*n).attribute("name") == Some(name))
        .unwrap_or_else(|| panic!("no drawing named {name}"))
}

fn docpr<'a>(inline: roxmltree::Node<'a, 'a>) -> roxmltree::Node<'a, 'a> {
    inline
        .children()
        .find(|n| n.tag_name().name() == "docPr")
        .expect("a docPr")
}

/// A shape's box, in points: (x, y, width, height).
fn shape_box(shape: roxmltree::Node) -> (f64, f64, f64, f64) {
    let find = |name: &str| {
        shape
            .descendants()
            .find(|n| n.tag_name().name() == name)
            .unwrap()
    };
    let num =
        |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap() / EMU_PER_PT;
    let (off, ext) = (find("off"), find("ext"));
    (num(off, "x"), num(off, "y"), num(ext, "cx"), num(ext, "cy"))
}

/// The shapes of a drawing with the given preset geometry (`rect`,
/// `ellipse`), text boxes left out.
fn presets<'a>(group: roxmltree::Node<'a, 'a>, prst: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    group
        .descendants()
        .filter(|n| n.tag_name().name() == "wsp")
        .filter(|n| !n.descendants().any(|c| c.tag_name().name() == "txbx"))
        .filter(|n| {
            n.descendants()
                .any(|c| c.tag_name().name() == "prstGeom" && c.attribute("prst") == Some(prst))
        })
        .collect()
}

#[test]
fn the_job_numbers_barcode_in_word_is_the_pdfs_bars_and_reads_as_the_job_number() {
    let p = Project::fixture("small");
    p.run(&["build", "--docx", "--no-pdf"]).success();
    // The bars the PDF layout is given, in points.
    let typ = render_fixture_typst(p.path()).remove(0);
    let arg = typ
        .split("barcode: (text: \"*0451234*\"")
        .nth(1)
        .expect("the barcode's bars in the Typst");
    let bars_pdf: Vec<(f64, f64)> = arg
        .split("bars: (")
        .nth(1)
        .unwrap()
        .split("))")
        .next()
        .unwrap()
        .split("), (")
        .map(|b| {
            let (x, w) = b.trim_matches(['(', ')']).split_once(", ").unwrap();
            (x.parse().unwrap(), w.parse().unwrap())
        })
        .collect();
    // The bars Word draws at the foot of page 1.
    let parts = parts(&p.bytes(MAIN_DOCX));
    let footer = part(&parts, "word/footer3.xml");
    let doc = roxmltree::Document::parse(&footer).unwrap();
    let barcode = drawing(&doc, "Barcode");
    assert_eq!(docpr(barcode).attribute("descr"), Some("Barcode *0451234*"));
    let bars_word: Vec<(f64, f64)> = presets(barcode, "rect")
        .into_iter()
        .map(|s| {
            let (x, y, w, h) = shape_box(s);
            assert_eq!(y, 0.0);
            assert!((h - 19.843).abs() < 0.001, "7 mm high: {h}");
            (x, w)
        })
        .collect();
    assert_eq!(bars_word.len(), 45, "nine characters of five bars");
    assert_eq!(bars_word.len(), bars_pdf.len());
    for (w, t) in bars_word.iter().zip(&bars_pdf) {
        assert!(
            (w.0 - t.0).abs() < 0.001 && (w.1 - t.1).abs() < 0.001,
            "{w:?} {t:?}"
        );
    }
    // Read back as Code 39: narrow and wide bars and spaces, nine elements a
    // character, a narrow space between characters.
    const CODE39: &[(char, &str)] = &[
        ('*', "010010100"),
        ('0', "000110100"),
        ('1', "100100001"),
        ('2', "001100001"),
        ('3', "101100000"),
        ('4', "000110001"),
        ('5', "100110000"),
    ];
    let wide = |w: f64| if w > 1.0 { '1' } else { '0' };
    let mut elements = String::new();
    for (i, (x, w)) in bars_word.iter().enumerate() {
        if i > 0 {
            let (px, pw) = bars_word[i - 1];
            elements.push(wide(x - px - pw));
        }
        elements.push(wide(*w));
    }
    let read: String = elements
        .as_bytes()
        .chunks(10)
        .map(|c| {
            let c = std::str::from_utf8(&c[..9]).unwrap();
            CODE39
                .iter()
                .find(|(_, p)| *p == c)
                .map_or('?', |(k, _)| *k)
        })
        .collect();
    assert_eq!(read, "*0451234*");
    // The job number above the bars, the barcode line under them.
    let lines: Vec<String> = paragraphs(&footer).into_iter().map(|(_, t)| t).collect();
    assert_eq!(lines, ["V.04-51234 (E)", "", "*0451234*"]);
}

/// The `small` fixture with a bar chart and a lines chart, and a sender
/// whose name is written to break the markup it passes through.
fn with_charts() -> Project {
    let p = Project::fixture_with_two_charts();
    p.write(
        "submissions/hostile.yaml",
        "from: '<w:t>&\"Org'' { PAGE }'\nkind: organization\nreceived: 2004-02-02\nstatistics:\n  cases: {2001: 12, 2003: 1500}\n  convictions: {2000: 4, 2002: 7}\n",
    );
    p
}

#[test]
fn word_draws_each_figure_from_the_same_chart_model_as_the_svg() {
    let p = with_charts();
    p.run(&["build", "--docx", "--no-pdf"]).success();
    let parts = parts(&p.bytes(MAIN_DOCX));
    let document = part(&parts, "word/document.xml");
    let doc = roxmltree::Document::parse(&document).unwrap();
    let paras = paragraphs(&document);
    for (n, caption) in [
        (1, "Figure I. Reported cases of kidnapping, 2001-2003"),
        (2, "Figure II. Persons convicted of kidnapping, 2000-2003"),
    ] {
        // The caption, bold, then the drawing in the next paragraph.
        let at = paras
            .iter()
            .position(|(s, t)| s == "FigureTitle" && t == caption)
            .unwrap_or_else(|| panic!("no caption {caption:?}: {paras:?}"));
        assert_eq!(paras[at + 1].0, "Figure");
        let group = drawing(&doc, &format!("Figure {n}"));
        let descr = docpr(group).attribute("descr").unwrap();
        assert!(descr.starts_with(&format!("{caption}. A chart of the number by year for ")));
        assert!(descr.contains("<w:t>&\"Org' { PAGE }"), "{descr}");

        let svg = p.read(&format!("output/E_CN.15_2004_7.figure-{n}.svg"));
        let svg = roxmltree::Document::parse(&svg).unwrap();
        let svg_all = |name: &str| -> Vec<roxmltree::Node> {
            svg.descendants()
                .filter(|e| {
                    e.tag_name().name() == name
                        && e.ancestors().all(|a| a.tag_name().name() != "defs")
                })
                .collect()
        };
        // The labels: the same texts, in the same order, as real text.
        let svg_texts: Vec<&str> = svg_all("text")
            .iter()
            .map(|t| t.text().unwrap_or(""))
            .collect();
        let word_texts: Vec<String> = group
            .descendants()
            .filter(|n| n.tag_name().name() == "txbxContent")
            .map(|t| text_of_node(t))
            .collect();
        assert_eq!(word_texts, svg_texts);
        // The bars and swatches: the same boxes (the SVG's first rect is its
        // white background).
        let svg_rects: Vec<(f64, f64, f64, f64)> = svg_all("rect")
            .iter()
            .skip(1)
            .map(|r| {
                let a = |k: &str| r.attribute(k).unwrap().parse::<f64>().unwrap();
                (a("x"), a("y"), a("width"), a("height"))
            })
            .collect();
        let word_rects: Vec<(f64, f64, f64, f64)> =
            presets(group, "rect").into_iter().map(shape_box).collect();
        assert_eq!(word_rects.len(), svg_rects.len());
        for (w, s) in word_rects.iter().zip(&svg_rects) {
            let close = |a: f64, b: f64| (a - b).abs() < 0.001;
            assert!(
                close(w.0, s.0) && close(w.1, s.1) && close(w.2, s.2) && close(w.3, s.3),
                "{w:?} {s:?}"
            );
        }
        // Lines, markers: as many as the SVG draws.
        let paths = |open: bool| {
            group
                .descendants()
                .filter(|n| {
                    n.tag_name().name() == "path" && (n.attribute("fill") == Some("none")) == open
                })
                .count()
        };
        assert_eq!(paths(true), svg_all("polyline").len());
        assert_eq!(paths(false), svg_all("polygon").len());
        assert_eq!(presets(group, "ellipse").len(), svg_all("circle").len());
        assert!(svg_rects.len() + svg_all("polyline").len() > 5);
    }
    // The drawings are the same bytes on every build.
    let first = p.bytes(MAIN_DOCX);
    p.run(&["build", "--docx", "--no-pdf"]).success();
    assert!(
        first == p.bytes(MAIN_DOCX),
        "the .docx with figures changed"
    );
    // Ids of drawings are unique in the package: the barcode's is 1.
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "docPr")
        .map(|n| n.attribute("id").unwrap())
        .collect();
    assert_eq!(ids, ["2", "3"]);
}

/// The text of a node's `w:t`s, paragraphs parted by nothing.
fn text_of_node(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.has_tag_name((W, "t")))
        .map(|n| n.text().unwrap_or(""))
        .collect()
}

#[test]
fn the_contents_give_pages_word_fills_in_from_bookmarks_on_the_headings() {
    let p = with_charts();
    p.run(&["build", "--docx", "--no-pdf"]).success();
    let parts = parts(&p.bytes(MAIN_DOCX));
    let document = part(&parts, "word/document.xml");
    let doc = roxmltree::Document::parse(&document).unwrap();
    // Each bookmark and the text of the paragraph it is in.
    let bookmarks: BTreeMap<&str, String> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "bookmarkStart")))
        .map(|b| {
            let para = b.ancestors().find(|a| a.has_tag_name((W, "p"))).unwrap();
            (b.attribute((W, "name")).unwrap(), compact(&node_text(para)))
        })
        .collect();
    let table = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "tbl")) && node_text(*n).contains("Paragraphs"))
        .expect("the contents table");
    let mut rows = table.children().filter(|n| n.has_tag_name((W, "tr")));
    let head = rows.next().unwrap();
    assert_eq!(fold(&node_text(head)), "Paragraphs Page");
    let mut seen = Vec::new();
    for row in rows {
        let cells: Vec<roxmltree::Node> = row
            .children()
            .filter(|n| n.has_tag_name((W, "tc")))
            .collect();
        let text = |c: &roxmltree::Node| compact(&node_text(*c));
        let field = row.descendants().find(|n| n.has_tag_name((W, "fldSimple")));
        let Some(field) = field else {
            // A group's label: bold, across the number and the title.
            assert!(
                ["Annexes", "Figures"].contains(&text(&cells[0]).as_str()),
                "{}",
                text(&cells[0])
            );
            let span = cells[0]
                .descendants()
                .find(|n| n.has_tag_name((W, "gridSpan")));
            assert_eq!(span.and_then(|s| s.attribute((W, "val"))), Some("2"));
            assert!(cells[0].descendants().any(|n| n.has_tag_name((W, "b"))));
            continue;
        };
        assert_eq!(field.attribute((W, "dirty")), Some("true"));
        let instr = field.attribute((W, "instr")).unwrap();
        let name = instr
            .strip_prefix(" PAGEREF ")
            .and_then(|s| s.strip_suffix(" \\h "))
            .unwrap_or_else(|| panic!("{instr:?}"));
        let heading = bookmarks
            .get(name)
            .unwrap_or_else(|| panic!("no bookmark {name}"));
        // The row's number and title are the bookmarked heading's; an
        // annex's heading is its number ("Annex II"), its title follows.
        let title = if name.starts_with("_Annex") {
            format!("Annex{}", text(&cells[0]).trim_end_matches('.'))
        } else {
            text(&cells[1])
        };
        assert!(
            heading.ends_with(&title),
            "{name}: {heading:?} is not {title:?}"
        );
        seen.push(name.to_string());
    }
    assert_eq!(
        seen,
        [
            "_Chapter1",
            "_Chapter2",
            "_Section2_1",
            "_Section2_2",
            "_Section2_3",
            "_Chapter3",
            "_Annex1",
            "_Annex2",
            "_Figure1",
            "_Figure2"
        ]
    );
    let settings = part(&parts, "word/settings.xml");
    assert!(settings.contains("<w:updateFields w:val=\"true\"/>"));
}

#[test]
fn the_cover_note_is_a_footnote_marked_by_the_asterisk_and_the_agenda_title_is_bold() {
    let p = Project::fixture("small");
    let report = p.read("report.yaml").replace(
        "  agenda_item: 4\n",
        "  agenda_item: 4\n  agenda_title: Crime prevention and criminal justice\n",
    );
    p.write("report.yaml", &report);
    p.run(&["build", "--docx", "--no-pdf"]).success();
    let parts = parts(&p.bytes(MAIN_DOCX));
    let document = part(&parts, "word/document.xml");
    let doc = roxmltree::Document::parse(&document).unwrap();
    let para = |text: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name((W, "p")) && node_text(*n).trim() == text)
            .unwrap_or_else(|| panic!("no paragraph {text:?}"))
    };
    // The asterisk is the mark of a footnote, not typed text.
    let item = para("Item 4 of the provisional agenda*");
    let mark = item
        .descendants()
        .find(|n| n.has_tag_name((W, "footnoteReference")))
        .expect("the cover note's mark");
    assert_eq!(mark.attribute((W, "customMarkFollows")), Some("1"));
    let id = mark.attribute((W, "id")).unwrap();
    let notes = part(&parts, "word/footnotes.xml");
    let notes = roxmltree::Document::parse(&notes).unwrap();
    let note = notes
        .descendants()
        .find(|n| n.has_tag_name((W, "footnote")) && n.attribute((W, "id")) == Some(id))
        .unwrap();
    assert_eq!(fold(&node_text(note)), "* E/CN.15/2004/1.");
    assert!(
        !node_text(doc.root()).contains("E/CN.15/2004/1."),
        "the note is also body text"
    );
    // The agenda title is bold, as in the PDF.
    let title = para("Crime prevention and criminal justice");
    assert!(title.descendants().any(|n| n.has_tag_name((W, "b"))));
    assert!(!item.descendants().any(|n| n.has_tag_name((W, "b"))));
}

#[test]
fn straight_quotes_print_typographic_in_word_as_in_the_pdf() {
    let p = Project::fixture("small");
    p.write(
        "submissions/quotes.yaml",
        "from: Chile\nreceived: 2004-01-05\nanswers:\n  extent: |\n    The \"express kidnapping\" ('secuestro express') is the State's concern.\n",
    );
    p.run(&["build", "--docx", "--no-pdf"]).success();
    let parts = parts(&p.bytes(MAIN_DOCX));
    let text = text_of(&part(&parts, "word/document.xml"));
    assert!(
        text.contains(
            "The \u{201C}express kidnapping\u{201D} (\u{2018}secuestro express\u{2019}) is the State\u{2019}s concern."
        ),
        "{text}"
    );
}

/// The contents have a page of their own, as in the PDF: their title's style
/// breaks the page before it, and a page break follows their table, so the
/// body starts on the next page.
#[test]
fn the_contents_stand_on_a_page_of_their_own_as_in_the_pdf() {
    let p = built();
    let parts = parts(&p.bytes(MAIN_DOCX));
    let styles_xml = part(&parts, "word/styles.xml");
    let styles = roxmltree::Document::parse(&styles_xml).unwrap();
    let contents_title = styles
        .descendants()
        .find(|n| {
            n.has_tag_name((W, "style")) && n.attribute((W, "styleId")) == Some("ContentsTitle")
        })
        .expect("a ContentsTitle style");
    assert!(
        contents_title
            .descendants()
            .any(|n| n.has_tag_name((W, "pageBreakBefore"))),
        "ContentsTitle does not start a page"
    );
    let xml = part(&parts, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let body: Vec<roxmltree::Node> = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "body")))
        .unwrap()
        .children()
        .filter(|n| n.is_element())
        .collect();
    let after_contents = body
        .iter()
        .position(|n| n.has_tag_name((W, "tbl")) && node_text(*n).contains("Introduction"))
        .map(|i| body[i + 1])
        .expect("the contents' table");
    assert!(
        after_contents
            .descendants()
            .any(|n| n.has_tag_name((W, "br")) && n.attribute((W, "type")) == Some("page")),
        "no page break after the contents"
    );
}
