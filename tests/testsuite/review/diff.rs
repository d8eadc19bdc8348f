//! Review aids: `sgreport diff` between two drafts (issue 12).

use crate::common::{body, compact, paragraph_numbers, pdf_pages, shared_build, Project};

const MAIN: &str = "output/E_CN.15_2004_7.md";
const CHANGES: &str = "output/E_CN.15_2004_7.changes.md";

const CHILE: &str = "from: Chile\nreceived: 2004-01-10\nlanguage: Spanish\nanswers:\n  extent: |\n    Kidnapping is rare; a reply may type #, $, <, * and {++ or ~> or {~~a~>b~~} literally.\nindicators:\n  serious_crime: yes\n";

/// The small fixture built, kept as `old.md`, then one reply added (Chile)
/// and one word changed in another (Colombia's) and built again.
fn edited() -> Project {
    let p = Project::fixture("small");
    p.build_markdown();
    p.write("old.md", &p.read(MAIN));
    p.write("submissions/chile.yaml", CHILE);
    let colombia = p.read("submissions/colombia.yaml");
    p.write(
        "submissions/colombia.yaml",
        &colombia.replace("Penal Code punishes", "Penal Code forbids"),
    );
    p.build_markdown();
    p
}

/// The numbered paragraph `n.` of a changes Markdown.
fn paragraph(md: &str, n: u32) -> &str {
    let start = format!("{n}. ");
    body(md)
        .split("\n\n")
        .find(|b| b.starts_with(&start))
        .unwrap_or_else(|| panic!("no paragraph {n} in\n{md}"))
}

#[test]
fn diff_marks_the_new_reply_the_changed_word_and_the_counts_only() {
    let p = edited();
    let run = p.run(&["diff", "--no-pdf", "old.md", MAIN]);
    run.success();
    let out = run.stdout();
    assert!(out.contains("Paragraphs added: 1 (5)"), "{out}");
    assert!(out.contains("Paragraphs changed: 3 (2, 11, 13)"), "{out}");
    assert!(
        out.contains("Senders concerned: Chile and Colombia"),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "no colour off a terminal: {out:?}");
    let md = p.read(CHANGES);
    // The new reply, whole.
    assert!(paragraph(&md, 5).starts_with("5. *{++Chile++}*{++. Kidnapping is rare"));
    // The changed word, and nothing else in that paragraph.
    assert_eq!(
        paragraph(&md, 11).lines().next().unwrap(),
        "11. *Colombia*. The Penal Code {~~punishes~>forbids~~} kidnapping:"
    );
    // The sentences that count and list the senders.
    assert!(
        paragraph(&md, 2).contains("{~~three~>four~~} Member States ({++Chile, ++}Colombia,"),
        "{md}"
    );
    assert!(paragraph(&md, 13)
        .starts_with("13. {~~Three~>Four~~} States ({++Chile, ++}Colombia, Mexico"));
    // Paragraphs only renumbered carry no mark.
    for n in [6, 7, 8, 9, 10, 12, 14, 15, 16] {
        let para = paragraph(&md, n);
        assert!(
            !["{++", "{--", "{~~"].iter().any(|m| para.contains(m)),
            "paragraph {n} was only renumbered: {para}"
        );
    }
    // With --exit-code, drafts that differ exit 1; a draft against itself 0.
    let differ = p.run(&["diff", "--no-pdf", "--exit-code", "old.md", MAIN]);
    assert_eq!(differ.code(), 1);
    let same = p.run(&["diff", "--no-pdf", "--exit-code", MAIN, MAIN]);
    assert_eq!(same.code(), 0);
}

#[test]
fn a_reply_cannot_write_marks() {
    let p = edited();
    p.run(&["diff", "old.md", MAIN]).success();
    // The redline PDF: the reply's text as typed, the tool's marks as
    // underline and strike (their text shown once each, no marker left).
    let pdf = pdf_pages(&p.bytes("output/E_CN.15_2004_7.changes.pdf")).concat();
    let text = compact(&pdf);
    assert!(
        text.contains("Kidnappingisrare;areplymaytype#,$,<,*and{++or~>or{~~a~>b~~}literally."),
        "{pdf}"
    );
    assert!(
        text.contains("ThePenalCodepunishesforbidskidnapping"),
        "{pdf}"
    );
    assert!(text.contains("Sendersconcerned:ChileandColombia"), "{pdf}");
    assert!(
        !text.contains("{++Chile") && !text.contains("redline"),
        "{pdf}"
    );
    let md = p.read(CHANGES);
    let chile = paragraph(&md, 5);
    assert_eq!(
        chile,
        "5. *{++Chile++}*{++. Kidnapping is rare; a reply may type \\#, \\$, \\<, \\* and \\{++ or \\~\\> or \\{\\~\\~a\\~\\>b\\~\\~\\} literally.++}"
    );
    // Exactly the marks the tool wrote: two insertions here (the emphasis
    // stays outside marks).
    assert_eq!(
        chile.matches("{++").count() - chile.matches("\\{++").count(),
        2
    );
}

#[test]
fn changes_markdown_snapshot() {
    let p = edited();
    p.run(&["diff", "--no-pdf", "old.md", MAIN]).success();
    insta::assert_snapshot!("small_changes", p.read(CHANGES));
}

#[test]
fn a_file_that_is_not_a_draft_exits_2() {
    let p = Project::fixture("small");
    p.build_markdown();
    p.write("notes.md", "# Notes\n\n1. Something.\n");
    let run = p.run(&["diff", "notes.md", MAIN]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("not a draft written by sgreport"),
        "{}",
        run.stderr()
    );
    assert_eq!(p.run(&["diff", "missing.md", MAIN]).code(), 2);
}

/// `build --review`: the review copy shows each reply paragraph's file and
/// line beside it; the sources map covers every numbered paragraph; the
/// normal outputs are those of a build without it.
#[test]
fn review_copy_and_sources_map() {
    let p = Project::fixture("small");
    p.run(&["build", "--review"]).success();
    // The normal outputs: the same as without --review.
    let plain = shared_build();
    assert_eq!(p.read(MAIN), plain.read(MAIN));
    let normal = pdf_pages(&p.bytes("output/E_CN.15_2004_7.pdf")).concat();
    assert!(!normal.contains("REVIEW") && !normal.contains("colombia.yaml"));
    // The review copy: the source on the page of its paragraph.
    let pages = pdf_pages(&p.bytes("output/E_CN.15_2004_7.review.pdf"));
    let page = pages
        .iter()
        .find(|t| compact(t).contains("Kidnappingdeclinedafter2000"))
        .expect("the Colombia paragraph");
    let c = compact(page);
    assert!(c.contains("submissions/colombia.yaml:7"), "{page}");
    assert!(c.contains("submissions/peru.yaml:6"), "{page}");
    assert!(c.contains("templateintroduction.md"), "{page}");
    assert!(compact(&pages.concat()).contains("DRAFTFORREVIEW"));
    // The warning about Mexico's second reply, beside its paragraph.
    assert!(
        compact(&pages.concat()).contains("warning(submissions/mexico-2.yaml:7)"),
        "{pages:?}"
    );
    // The sources map: every numbered paragraph, each with a source.
    for (md, json) in [
        (MAIN, "output/E_CN.15_2004_7.sources.json"),
        (
            "output/E_CN.15_2004_7_Add.1.md",
            "output/E_CN.15_2004_7_Add.1.sources.json",
        ),
    ] {
        let v: serde_json::Value = serde_json::from_str(&p.read(json)).unwrap();
        assert_eq!(v["version"], 2);
        let numbers: Vec<u64> = v["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|para| {
                assert!(!para["sources"].as_array().unwrap().is_empty(), "{para}");
                para["number"].as_u64().unwrap()
            })
            .collect();
        let expected: Vec<u64> = paragraph_numbers(body(&p.read(md)))
            .into_iter()
            .map(u64::from)
            .collect();
        assert_eq!(numbers, expected, "{json}");
    }
    let v: serde_json::Value =
        serde_json::from_str(&p.read("output/E_CN.15_2004_7.sources.json")).unwrap();
    assert_eq!(v["symbol"], "E/CN.15/2004/7");
    assert_eq!(
        v["paragraphs"][4],
        serde_json::json!({"number": 5, "sources": [{"kind": "reply", "file": "submissions/colombia.yaml",
            "line": 7, "column": 5, "from": "Colombia", "received": "2004-01-20", "topic": "extent"}]})
    );
    // The mandate's sentence: report.yaml's entry (it has no `request`).
    assert_eq!(
        v["paragraphs"][0]["sources"][0],
        serde_json::json!({"kind": "report", "key": "mandate[0]", "line": 18, "column": 17})
    );
    // The next paragraph is the template's own.
    assert_eq!(
        v["paragraphs"][1]["sources"][0]["template"], "introduction.md",
        "{}",
        v["paragraphs"][1]
    );
    // Colombia's second paragraph: its own line, not the answer's first.
    assert_eq!(
        v["paragraphs"][5]["sources"][0]["line"], 9,
        "{}",
        v["paragraphs"][5]
    );
    // An indicator's sentence: its template line and every answer it counts.
    let counted = v["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["sources"][0]["indicator"] == "serious_crime")
        .expect("the serious_crime sentence");
    let froms: Vec<&str> = counted["sources"][0]["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["from"].as_str().unwrap())
        .collect();
    assert_eq!(froms, ["Colombia", "Mexico", "Peru"], "{counted}");
    // A build without --review takes the review outputs away with the old
    // generation: no review copy describes another one.
    p.run(&["build"]).success();
    for f in ["E_CN.15_2004_7.sources.json", "E_CN.15_2004_7.review.pdf"] {
        assert!(!p.path().join("output").join(f).exists(), "{f}");
    }
    assert!(p.path().join("output/E_CN.15_2004_7.pdf").exists());
}

/// Hostile text on both sides of a change: Typst and CriticMarkup syntax, a
/// closing bracket, quotes and the private-use characters the redline uses
/// internally, in the deleted and the inserted words alike.
#[test]
fn hostile_text_through_the_redline() {
    let p = Project::fixture("small");
    let peru = |words: &str| {
        format!(
            "from: Peru\nreceived: 2003-11-02\nanswers:\n  legislation: |\n    Kidnapping carries {words} years.\nindicators:\n  serious_crime: yes\n"
        )
    };
    p.write(
        "submissions/peru.yaml",
        &peru("up to #redline-ins[35] $x$ ] \"q\" \u{E001} ~~}"),
    );
    p.build_markdown();
    p.write("old.md", &p.read(MAIN));
    p.write(
        "submissions/peru.yaml",
        &peru("up to #redline-del[30] {--y--} ] \"q\" \u{E000} ~>"),
    );
    p.build_markdown();
    p.run(&["diff", "old.md", MAIN]).success();
    let md = p.read(CHANGES);
    let line = md
        .lines()
        .find(|l| l.contains("*Peru*"))
        .expect("Peru's paragraph");
    // Only the tool's marks are unescaped.
    assert_eq!(
        line.matches("{~~").count(),
        line.matches("\\{~~").count() + 5,
        "{line}"
    );
    let text = compact(&pdf_pages(&p.bytes("output/E_CN.15_2004_7.changes.pdf")).concat());
    // Each changed word struck, then the new one: the hostile text as typed.
    for words in ["#redline-insdel[3530]", "$x${--y--}]"] {
        assert!(text.contains(&compact(words)), "{words} in\n{text}");
    }
    // The old `~~}` and the new `~>` both shown as typed (struck, inserted).
    assert!(text.contains("~}") && text.contains(">years"), "{text}");
}

/// A new topic: a section added before the others, whose letters all move.
/// The redline compiles (heading numbers sit in strings in the Typst) and
/// the new section is marked; the old first section is matched by its
/// title, not taken for the new one.
#[test]
fn a_new_section_through_the_redline() {
    let p = Project::fixture("small");
    p.build_markdown();
    p.write("old.md", &p.read(MAIN));
    let report = p.read("report.yaml").replace(
        "topics:\n",
        "topics:\n  - key: victims\n    heading: Support for victims\n",
    );
    p.write("report.yaml", &report);
    let peru = p.read("submissions/peru.yaml").replace(
        "answers:\n",
        "answers:\n  victims: |\n    Victims receive counselling.\n",
    );
    p.write("submissions/peru.yaml", &peru);
    p.build_markdown();
    p.run(&["diff", "old.md", MAIN]).success();
    let md = p.read(CHANGES);
    assert!(md.contains("## A. {++Support for victims++}"), "{md}");
    assert!(
        md.contains("## {~~A~>B~~}. Extent of and trends in kidnapping"),
        "{md}"
    );
    let text = compact(&pdf_pages(&p.bytes("output/E_CN.15_2004_7.changes.pdf")).concat());
    assert!(text.contains("Supportforvictims"), "{text}");
    assert!(text.contains("Victimsreceivecounselling"), "{text}");
}

/// A topic no reply answers: the warning is flagged beside the paragraph
/// that says so. (An indicator no reply answers prints no paragraph, so its
/// warning has none to stand beside.)
#[test]
fn review_copy_flags_an_unanswered_topic() {
    let p = Project::fixture("small");
    let report = p.read("report.yaml").replace(
        "topics:\n",
        "topics:\n  - key: victims\n    heading: Support for victims\n",
    );
    p.write("report.yaml", &report);
    p.run(&["build", "--review"]).success();
    let pages = pdf_pages(&p.bytes("output/E_CN.15_2004_7.review.pdf"));
    let page = pages
        .iter()
        .map(|t| compact(t))
        .find(|t| t.contains("Noinformationwasreceivedonsupportforvictims"))
        .expect("the paragraph naming the topic");
    assert!(
        page.contains("warning(report.yaml:") && page.contains("noreplyanswersthetopic`victims`"),
        "{page}"
    );
}

/// A project's own layout, written before the review functions existed:
/// `--review` still makes the review copy (with the built-in functions).
#[test]
fn review_copy_with_a_project_layout_of_its_own() {
    let p = Project::fixture("small");
    let builtin = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/un-report.typ"
    ));
    let own = &builtin[..builtin.find("// Review copy").unwrap()];
    p.write("templates/un-report.typ", own);
    p.run(&["build", "--review"]).success();
    let text = compact(&pdf_pages(&p.bytes("output/E_CN.15_2004_7.review.pdf")).concat());
    assert!(text.contains("submissions/colombia.yaml:7"), "{text}");
}

/// The baselines of the lines set in small type (the review copy's notes)
/// in the outer margin of each page: `(page, baseline)`, distinct.
fn note_baselines(pdf: &[u8]) -> Vec<(u32, f64)> {
    struct Lines {
        page: u32,
        size: (f64, f64),
        out: Vec<(u32, f64)>,
    }
    impl pdf_extract::OutputDev for Lines {
        fn begin_page(
            &mut self,
            page: u32,
            media: &pdf_extract::MediaBox,
            _: Option<(f64, f64, f64, f64)>,
        ) -> Result<(), pdf_extract::OutputError> {
            self.page = page;
            self.size = (media.urx - media.llx, media.ury - media.lly);
            Ok(())
        }
        fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
            Ok(())
        }
        fn output_character(
            &mut self,
            trm: &pdf_extract::Transform,
            _: f64,
            _: f64,
            font_size: f64,
            _: &str,
        ) -> Result<(), pdf_extract::OutputError> {
            let size = font_size * (trm.m11 * trm.m22).abs().sqrt();
            let (x, y) = (trm.m31, self.size.1 - trm.m32);
            // Outside the text column, on the outer side: past the right
            // margin's 40 mm (113 pt) on odd pages, in the left one on even.
            let outer = if self.page % 2 == 1 {
                x > self.size.0 - 113.0
            } else {
                x < 50.0
            };
            if size < 6.5 && outer && !self.out.contains(&(self.page, y)) {
                self.out.push((self.page, y));
            }
            Ok(())
        }
        fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
            Ok(())
        }
        fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
            Ok(())
        }
        fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
            Ok(())
        }
    }
    let doc = pdf_extract::Document::load_mem(pdf).expect("a PDF");
    let mut lines = Lines {
        page: 0,
        size: (0.0, 0.0),
        out: Vec::new(),
    };
    pdf_extract::output_doc(&doc, &mut lines).expect("the PDF's text");
    lines.out
}

/// Two lines of notes on one page closer than a 6-point line: printed over
/// each other.
fn overprinted(lines: &[(u32, f64)]) -> Option<((u32, f64), (u32, f64))> {
    let mut lines = lines.to_vec();
    lines.sort_by(|a, b| a.partial_cmp(b).expect("numbers"));
    lines
        .windows(2)
        .find(|w| w[0].0 == w[1].0 && w[1].1 - w[0].1 < 5.0)
        .map(|w| (w[0], w[1]))
}

/// The fill colours a page's content sets (`r g b scn`), as typst writes them.
fn page_colours(pdf: &[u8], page: u32) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF");
    let id = doc.get_pages()[&page];
    String::from_utf8_lossy(&doc.get_page_content(id).expect("content")).into_owned()
}

const SOURCE_COLOUR: &str = "0.12156863 0.30588236 0.6039216 scn";
const WARNING_COLOUR: &str = "0.6392157 0.23137255 0 scn";

/// The review copy (issue 24.6): notes of short paragraphs in a row never
/// print over each other; warnings are set apart from sources; a warning
/// that concerns no paragraph is listed on the first page; the indicator
/// sentence shows the warning about an answer it counts.
#[test]
fn review_copy_notes_stack_and_every_warning_appears() {
    let p = Project::fixture("small");
    let report = p.read("report.yaml").replace(
        "statistics:\n",
        "  - key: hotline\n    type: yes-no\n    says: has a hotline for victims\nstatistics:\n",
    );
    p.write("report.yaml", &report);
    p.run(&["build", "--review"]).success();
    let pdf = p.bytes("output/E_CN.15_2004_7.review.pdf");
    let lines = note_baselines(&pdf);
    assert!(lines.len() > 30, "the notes' lines: {lines:?}");
    assert_eq!(overprinted(&lines), None);
    let pages: Vec<String> = pdf_pages(&pdf).iter().map(|t| compact(t)).collect();
    assert!(
        pages[0].contains("Warningsthatconcernnoparagraph:")
            && pages[0].contains("warning(report.yaml:34):noreplyanswerstheindicator`hotline`"),
        "{}",
        pages[0]
    );
    // Mexico's contradicting answer: beside Mexico's later reply, and beside
    // the sentence that counts that answer.
    let (n, page) = pages
        .iter()
        .enumerate()
        .find(|(_, t)| t.contains("ThreeStates(Colombia,MexicoandPeru)reported"))
        .expect("the indicator sentence");
    assert_eq!(
        page.matches("warning(submissions/mexico-2.yaml:7):Mexicoanswered`serious_crime`")
            .count(),
        2,
        "{page}"
    );
    let colours = page_colours(&pdf, n as u32 + 1);
    assert!(
        colours.contains(SOURCE_COLOUR) && colours.contains(WARNING_COLOUR),
        "sources and warnings in colours of their own"
    );
}

/// A reply that types a source mark gets its words printed, not a source:
/// its text reaches the Markdown escaped, where no mark can be made.
#[test]
fn a_reply_cannot_forge_a_source() {
    let p = Project::fixture("small");
    p.write(
        "submissions/chile.yaml",
        "from: Chile\nreceived: 2004-01-05\nanswers:\n  extent: |\n    <sgreport-src n=\"0\"/>Forged <sgreport-src n=\"t0\"/>mark.\n",
    );
    p.run(&["build", "--review"]).success();
    let md = p.read(MAIN);
    assert!(
        md.contains("*Chile*. \\<sgreport-src n=\u{201D}0\u{201D}/\\>Forged \\<sgreport-src n=\u{201D}t0\u{201D}/\\>mark."),
        "{md}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&p.read("output/E_CN.15_2004_7.sources.json")).unwrap();
    let chile = v["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|para| para["sources"][0]["from"] == "Chile")
        .expect("Chile's paragraph");
    assert_eq!(
        chile["sources"],
        serde_json::json!([{"kind": "reply", "file": "submissions/chile.yaml", "line": 5,
            "column": 5, "from": "Chile", "received": "2004-01-05", "topic": "extent"}])
    );
    let pdf = compact(&pdf_pages(&p.bytes("output/E_CN.15_2004_7.pdf")).concat());
    assert!(
        pdf.contains("Chile.<sgreport-srcn=\u{201D}0\u{201D}/>Forged"),
        "{pdf}"
    );
}
