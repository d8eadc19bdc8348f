//! `sgreport questionnaire`, `import` and `add`: the form a State fills in,
//! read back as a reply without retyping (issue 27). The questionnaire is
//! filled by a program here ([`fill`]: the values written into its content
//! controls, as Word does), and once by LibreOffice (a fixture in
//! `tests/data/questionnaire/`, see its README).

use std::collections::BTreeSet;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use crate::common::{pdf_pages, Project};

const DOCX: &str = "output/E_CN.15_2004_7.questionnaire.docx";
const PDF: &str = "output/E_CN.15_2004_7.questionnaire.pdf";
const IVORY: &str = "submissions/african/cote-divoire.yaml";

// ---- helpers ---------------------------------------------------------------

/// The parts of a `.docx`, by name, in zip order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().unwrap().to_string(), b)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn part(parts: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, b) = parts.iter().find(|(n, _)| n == name).expect(name);
    String::from_utf8(b.clone()).unwrap()
}

fn set_part(parts: &mut [(String, Vec<u8>)], name: &str, text: String) {
    parts.iter_mut().find(|(n, _)| n == name).unwrap().1 = text.into_bytes();
}

/// Fills the controls tagged `answers` (tag, content XML) as Word does: the
/// placeholder mark removed, the content replaced; `notes` become the
/// footnotes with ids 1, 2 ...
fn fill(docx: &[u8], answers: &[(&str, String)], notes: &[&str]) -> Vec<u8> {
    let mut parts = unzip(docx);
    let mut doc = part(&parts, "word/document.xml");
    for (tag, xml) in answers {
        let at = doc
            .find(&format!("<w:tag w:val=\"{tag}\"/>"))
            .unwrap_or_else(|| panic!("no control {tag}"));
        let pr_end = at + doc[at..].find("</w:sdtPr>").unwrap();
        if let Some(p) = doc[at..pr_end].find("<w:showingPlcHdr/>") {
            doc.replace_range(at + p..at + p + "<w:showingPlcHdr/>".len(), "");
        }
        let open = at + doc[at..].find("<w:sdtContent>").unwrap() + "<w:sdtContent>".len();
        let close = open + doc[open..].find("</w:sdtContent>").unwrap();
        doc.replace_range(open..close, xml);
    }
    set_part(&mut parts, "word/document.xml", doc);
    let mut foot = part(&parts, "word/footnotes.xml");
    let added: String = notes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            format!(
                "<w:footnote w:id=\"{}\"><w:p><w:r><w:t xml:space=\"preserve\">{n}</w:t></w:r></w:p></w:footnote>",
                i + 1
            )
        })
        .collect();
    foot = foot.replace("</w:footnotes>", &format!("{added}</w:footnotes>"));
    set_part(&mut parts, "word/footnotes.xml", foot);
    add_numbering(&mut parts);
    rezip(&parts)
}

/// A bulleted list (numId 1) and a numbered one (numId 2), as Word adds
/// `word/numbering.xml` when a list is typed.
fn add_numbering(parts: &mut Vec<(String, Vec<u8>)>) {
    let level = |fmt: &str, text: &str| {
        format!("<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/><w:pPr><w:ind w:left=\"720\" w:hanging=\"360\"/></w:pPr></w:lvl>")
    };
    let numbering = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:abstractNum w:abstractNumId=\"0\">{}</w:abstractNum><w:abstractNum w:abstractNumId=\"1\">{}</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num><w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num></w:numbering>",
        level("bullet", "\u{2022}"),
        level("decimal", "%1.")
    );
    parts.push(("word/numbering.xml".into(), numbering.into_bytes()));
    let types = part(parts, "[Content_Types].xml").replace(
        "</Types>",
        "<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/></Types>",
    );
    set_part(parts, "[Content_Types].xml", types);
    let rels = part(parts, "word/_rels/document.xml.rels").replace(
        "</Relationships>",
        "<Relationship Id=\"rIdNumbering\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/></Relationships>",
    );
    set_part(parts, "word/_rels/document.xml.rels", rels);
}

/// A run of text, `rpr` its properties (`<w:b/>`).
fn run(rpr: &str, text: &str) -> String {
    format!("<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

fn para(runs: &[String]) -> String {
    format!("<w:p>{}</w:p>", runs.concat())
}

/// A list item: `list` 1 is bulleted, 2 numbered.
fn item(list: u32, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{list}\"/></w:numPr></w:pPr>{}</w:p>",
        run("", text)
    )
}

/// The answers of the filled questionnaire the tests import.
fn answers() -> Vec<(&'static str, String)> {
    vec![
        ("from", run("", "Côte d&apos;Ivoire")),
        ("reference", run("", "No. 512/04")),
        ("language", run("", "French")),
        (
            "answers.extent",
            para(&[
                run("", "Kidnapping &amp; extortion fell by 5 * 2 \"sharply\" "),
                run("<w:b/>", "after 2000"),
                run("", "."),
            ]) + &para(&[
                run("<w:i/>", "Armed groups"),
                run("", " were # responsible."),
                // Not in the first paragraph: LibreOffice 7.4 loses a first
                // paragraph holding a footnote (see tests/data/questionnaire).
                "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"1\"/></w:r>".into(),
            ]),
        ),
        (
            "answers.legislation",
            para(&[run("", "The Penal Code punishes:")])
                + &item(1, "simple kidnapping;")
                + &item(1, "kidnapping for ransom.")
                + &para(&[run("", "Penalties are set by:")])
                + &item(2, "article 168;")
                + &item(2, "article 169."),
        ),
        ("indicators.serious_crime", run("", "Yes")),
        ("indicators.max_penalty_years", run("", "40")),
        ("statistics.cases.2001", run("", "3041")),
        ("statistics.cases.2002", run("", "2986")),
    ]
}

/// The reply those answers make.
const IVORY_YAML: &str = r#"# Reply of Côte d'Ivoire imported by `sgreport import` from filled.docx.
# Received on 2004-01-20 (as given to the import).

from: Côte d'Ivoire
received: 2004-01-20
reference: No. 512/04
language: French
answers:
  extent: |-
    Kidnapping & extortion fell by 5 * 2 "sharply" **after 2000**.

    *Armed groups* were # responsible.[^1]

    [^1]: Police records, 2003 & 2004.
  legislation: |-
    The Penal Code punishes:

    - simple kidnapping;
    - kidnapping for ransom.

    Penalties are set by:

    1. article 168;
    1. article 169.
indicators:
  serious_crime: yes
  max_penalty_years: 40
statistics:
  cases: {2001: 3041, 2002: 2986}
"#;

/// The `small` fixture with its questionnaire written (Word only).
fn with_questionnaire() -> Project {
    let p = Project::fixture("small");
    p.run(&["questionnaire", "--no-pdf"]).success();
    p
}

/// The files under `submissions/`, to show nothing was written.
fn submissions(p: &Project) -> BTreeSet<String> {
    walk(&p.path().join("submissions"))
        .into_iter()
        .map(|f| f.strip_prefix(p.path()).unwrap().display().to_string())
        .collect()
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

/// Imports `bytes` as `filled.docx` received on 20 January 2004.
fn import(p: &Project, bytes: &[u8]) -> crate::common::Run {
    std::fs::write(p.path().join("filled.docx"), bytes).unwrap();
    p.run(&["import", "filled.docx", "--received", "2004-01-20"])
}

/// (tag, title, kind) of every content control of a document.xml.
fn controls(xml: &str) -> Vec<(String, String, &'static str)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "sdt")
        .map(|sdt| {
            let pr = sdt
                .children()
                .find(|c| c.tag_name().name() == "sdtPr")
                .unwrap();
            let val = |name: &str| {
                pr.children()
                    .find(|c| c.tag_name().name() == name)
                    .and_then(|c| c.attributes().find(|a| a.name() == "val"))
                    .map(|a| a.value().to_string())
                    .unwrap_or_default()
            };
            let kind = if pr.children().any(|c| c.tag_name().name() == "dropDownList") {
                "drop-down"
            } else if pr.children().any(|c| c.tag_name().name() == "text") {
                "plain"
            } else {
                "rich"
            };
            (val("tag"), val("alias"), kind)
        })
        .collect()
}

// ---- the questionnaire -----------------------------------------------------

#[test]
fn every_answer_has_a_tagged_titled_control_of_its_kind() {
    let p = with_questionnaire();
    let parts = unzip(&p.bytes(DOCX));
    let got = controls(&part(&parts, "word/document.xml"));
    let tags: Vec<(&str, &str)> = got.iter().map(|(t, _, k)| (t.as_str(), *k)).collect();
    assert_eq!(
        tags,
        [
            ("symbol", "plain"),
            ("from", "plain"),
            ("reference", "plain"),
            ("language", "plain"),
            ("answers.extent", "rich"),
            ("answers.legislation", "rich"),
            ("indicators.serious_crime", "drop-down"),
            ("indicators.max_penalty_years", "plain"),
            ("statistics.cases.2001", "plain"),
            ("statistics.cases.2002", "plain"),
            ("statistics.cases.2003", "plain"),
        ]
    );
    assert_eq!(
        got[4].1,
        "Extent of and trends in kidnapping [answers.extent]"
    );
    assert_eq!(
        got[8].1,
        "Reported cases of kidnapping, 2001 [statistics.cases.2001]"
    );
    let titles: BTreeSet<&String> = got.iter().map(|(_, t, _)| t).collect();
    assert_eq!(titles.len(), got.len(), "titles are unique");
}

#[test]
fn the_questions_come_from_report_yaml_or_a_plain_default() {
    let p = Project::fixture("small");
    let report = p.read("report.yaml").replace(
        "    heading: Legislation and penalties\n",
        "    heading: Legislation and penalties\n    question: Please describe your legislation & its penalties.\n",
    );
    p.write("report.yaml", &report);
    p.run(&["questionnaire", "--no-pdf"]).success();
    let doc = part(&unzip(&p.bytes(DOCX)), "word/document.xml");
    assert!(doc.contains("Please describe your legislation &amp; its penalties."));
    assert!(doc.contains(
        "Please provide information on the following: extent of and trends in kidnapping."
    ));
    assert!(doc.contains("Please return the completed questionnaire by 15 February 2004."));
    assert!(doc.contains(">E/CN.15/2004/7<"), "the symbol, for import");
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let p = with_questionnaire();
    let first = p.bytes(DOCX);
    p.run(&["questionnaire", "--no-pdf"]).success();
    assert_eq!(first, p.bytes(DOCX));
}

#[test]
fn the_pdf_is_set_by_the_layout() {
    let p = Project::fixture("small");
    p.run(&["questionnaire"]).success();
    let text = pdf_pages(&p.bytes(PDF)).join("\n");
    for words in [
        "Questionnaire",
        "Respondent",
        "State or organization",
        "Extent of and trends in kidnapping",
        "Reported cases of kidnapping",
        "2003",
    ] {
        assert!(text.contains(words), "{words} missing from:\n{text}");
    }
}

/// The questionnaire and a build's outputs are two generations side by
/// side: neither removes the other's files; `clean` removes both.
#[test]
fn a_build_and_the_questionnaire_keep_each_others_outputs_and_clean_removes_both() {
    let p = Project::fixture("small");
    p.run(&["build", "--no-pdf"]).success();
    p.run(&["questionnaire", "--no-pdf"]).success();
    assert_eq!(
        p.output_names(),
        [
            "E_CN.15_2004_7.md",
            "E_CN.15_2004_7.questionnaire.docx",
            "E_CN.15_2004_7_Add.1.md"
        ]
    );
    p.run(&["build", "--no-pdf"]).success();
    assert_eq!(
        p.output_names(),
        [
            "E_CN.15_2004_7.md",
            "E_CN.15_2004_7.questionnaire.docx",
            "E_CN.15_2004_7_Add.1.md"
        ]
    );
    p.write("output/notes.txt", "mine");
    p.run(&["clean"]).success();
    assert_eq!(p.output_names(), ["notes.txt"]);
}

// ---- import ----------------------------------------------------------------

#[test]
fn a_questionnaire_filled_by_a_program_imports_as_typed() {
    let p = with_questionnaire();
    let filled = fill(
        &p.bytes(DOCX),
        &answers(),
        &["Police records, 2003 &amp; 2004."],
    );
    let run = import(&p, &filled);
    run.success();
    assert_eq!(p.read(IVORY), IVORY_YAML);
    let out = run.stdout();
    assert!(
        out.contains("wrote submissions/african/cote-divoire.yaml: the reply of Côte d'Ivoire, received 2004-01-20 (2 answers, 2 indicators, 2 figures)"),
        "{out}"
    );
    assert!(
        out.contains(
            "left blank (1):\n  Reported cases of kidnapping, 2003 [statistics.cases.2003]"
        ),
        "{out}"
    );
    p.run(&["check", "--no-pdf"]).success();
    p.build_markdown();
    let md = p.read("output/E_CN.15_2004_7.md");
    assert!(
        md.contains("*Côte d’Ivoire*") || md.contains("Côte d'Ivoire"),
        "{md}"
    );
    assert!(md.contains("extortion fell by 5 \\* 2"), "{md}");
}

#[test]
fn libreoffice_drops_the_tags_and_the_titles_find_the_answers() {
    let p = Project::fixture("small");
    let saved = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/questionnaire/filled-libreoffice.docx"),
    )
    .unwrap();
    let doc = part(&unzip(&saved), "word/document.xml");
    // LibreOffice 7.4.7 kept no tag, the titles of all but the drop-down,
    // and the drop-down's items (whose values carry the tag).
    assert!(!doc.contains("<w:tag "));
    assert!(
        doc.contains("<w:alias w:val=\"Extent of and trends in kidnapping [answers.extent]\"/>")
    );
    assert!(doc.contains("w:value=\"indicators.serious_crime:yes\""));
    import(&p, &saved).success();
    // It also lost the bold of the first paragraph, which it keeps inside
    // the control (see tests/data/questionnaire/README.md).
    assert_eq!(
        p.read(IVORY),
        IVORY_YAML.replace("**after 2000**", "after 2000")
    );
}

#[test]
fn an_existing_reply_is_never_overwritten() {
    let p = with_questionnaire();
    let filled = fill(
        &p.bytes(DOCX),
        &answers(),
        &["Police records, 2003 &amp; 2004."],
    );
    p.write(IVORY, "# the State's earlier reply\n");
    let run = import(&p, &filled);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("submissions/african/cote-divoire.yaml exists already; nothing was written"),
        "{}",
        run.stderr()
    );
    assert_eq!(p.read(IVORY), "# the State's earlier reply\n");
}

#[test]
fn the_questionnaire_of_another_report_is_refused() {
    let p = with_questionnaire();
    let filled = fill(&p.bytes(DOCX), &answers(), &["A note."]);
    let report = p
        .read("report.yaml")
        .replace("symbol: E/CN.15/2004/7", "symbol: E/CN.15/2005/3");
    p.write("report.yaml", &report);
    let before = submissions(&p);
    let run = import(&p, &filled);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains(
            "this is the questionnaire of E/CN.15/2004/7, not of this report (E/CN.15/2005/3)"
        ),
        "{}",
        run.stderr()
    );
    assert_eq!(submissions(&p), before);
}

#[test]
fn a_damaged_file_or_a_zip_bomb_is_refused() {
    let p = with_questionnaire();
    let before = submissions(&p);
    let run = import(&p, b"PK\x03\x04 not really a zip");
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("damaged or not a Word document"),
        "{}",
        run.stderr()
    );
    // 40 MiB of blanks deflate to a few kilobytes.
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    let blanks = vec![b' '; 1 << 20];
    for _ in 0..40 {
        zip.write_all(&blanks).unwrap();
    }
    let bomb = zip.finish().unwrap().into_inner();
    assert!(bomb.len() < 1 << 20);
    let run = import(&p, &bomb);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("too large to be a questionnaire (a zip bomb?): word/document.xml would inflate to more than 16 MiB"),
        "{}",
        run.stderr()
    );
    let run = import(&p, &std::fs::read(p.path().join("report.yaml")).unwrap());
    assert_eq!(run.code(), 1);
    // Entities are never expanded (the "billion laughs").
    let mut parts = unzip(&p.bytes(DOCX));
    set_part(
        &mut parts,
        "word/document.xml",
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><d>&b;</d>".into(),
    );
    let run = import(&p, &rezip(&parts));
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("word/document.xml is not well-formed XML"),
        "{}",
        run.stderr()
    );
    assert_eq!(submissions(&p), before);
}

#[test]
fn figures_in_words_or_with_separators_say_what_to_write() {
    let p = with_questionnaire();
    let mut a = answers();
    a.retain(|(t, _)| !t.starts_with("indicators.max") && !t.starts_with("statistics.cases.2001"));
    a.push(("indicators.max_penalty_years", run("", "forty")));
    a.push(("statistics.cases.2001", run("", "3,041")));
    let filled = fill(&p.bytes(DOCX), &a, &["A note."]);
    let before = submissions(&p);
    let run = import(&p, &filled);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(err.contains("error: The maximum penalty for kidnapping, in years of imprisonment [indicators.max_penalty_years]: \"forty\" is a number in words\n  help: write 40: the figure in digits"), "{err}");
    assert!(err.contains("error: Reported cases of kidnapping, 2001 [statistics.cases.2001]: \"3,041\" is written with separators\n  help: write 3041: digits only, no separators"), "{err}");
    assert!(
        err.contains("2 answers cannot be imported in the questionnaire; nothing was written"),
        "{err}"
    );
    assert_eq!(submissions(&p), before);
}

#[test]
fn an_answer_to_a_question_the_report_does_not_ask_is_refused() {
    let p = with_questionnaire();
    let filled = fill(&p.bytes(DOCX), &answers(), &["A note."]);
    // The questionnaire of a report.yaml that still had the topic `victims`.
    let mut parts = unzip(&filled);
    let doc = part(&parts, "word/document.xml").replace(
        "<w:sectPr>",
        "<w:sdt><w:sdtPr><w:alias w:val=\"Support to victims [answers.victims]\"/><w:tag w:val=\"answers.victims\"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Shelters.</w:t></w:r></w:p></w:sdtContent></w:sdt><w:sectPr>",
    );
    set_part(&mut parts, "word/document.xml", doc);
    let before = submissions(&p);
    let run = import(&p, &rezip(&parts));
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("answers.victims: answers `answers.victims`, which report.yaml does not ask"),
        "{}",
        run.stderr()
    );
    assert_eq!(submissions(&p), before);
}

#[test]
fn a_control_copied_and_answered_twice_is_refused() {
    let p = with_questionnaire();
    let filled = fill(&p.bytes(DOCX), &answers(), &["A note."]);
    let mut parts = unzip(&filled);
    let doc = part(&parts, "word/document.xml").replace(
        "<w:sectPr>",
        "<w:p><w:sdt><w:sdtPr><w:tag w:val=\"indicators.max_penalty_years\"/><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>41</w:t></w:r></w:sdtContent></w:sdt></w:p><w:sectPr>",
    );
    set_part(&mut parts, "word/document.xml", doc);
    let before = submissions(&p);
    let run = import(&p, &rezip(&parts));
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("[indicators.max_penalty_years]: is answered twice"),
        "{}",
        run.stderr()
    );
    assert_eq!(submissions(&p), before);
}

#[test]
fn a_reply_that_check_rejects_is_not_written_and_its_problems_are_located() {
    let p = with_questionnaire();
    let mut a = answers();
    // Lists nested nine deep: more than the layout can set.
    let deep: String = (0..9)
        .map(|level| {
            format!(
                "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>{}</w:p>",
                run("", &format!("level {level}"))
            )
        })
        .collect();
    a[4] = ("answers.legislation", deep);
    let filled = fill(&p.bytes(DOCX), &a, &["A note."]);
    let before = submissions(&p);
    let run = import(&p, &filled);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(
        err.contains("submissions/african/cote-divoire.yaml:"),
        "{err}"
    );
    assert!(err.contains("nested more than 8 deep"), "{err}");
    assert!(
        err.contains("the new reply does not pass `check`; nothing was written"),
        "{err}"
    );
    assert_eq!(submissions(&p), before);
}

#[test]
fn the_sender_is_checked_like_any_reply() {
    let p = with_questionnaire();
    let mut a = answers();
    a[0] = ("from", run("", "Columbia"));
    let filled = fill(&p.bytes(DOCX), &a, &["A note."]);
    let before = submissions(&p);
    let run = import(&p, &filled);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("\"Columbia\" is not the short name of any Member State"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("help: did you mean \"Colombia\"?"),
        "{}",
        run.stderr()
    );
    assert_eq!(submissions(&p), before);
}

#[test]
fn the_date_of_receipt_is_never_guessed() {
    let p = with_questionnaire();
    std::fs::copy(p.path().join(DOCX), p.path().join("filled.docx")).unwrap();
    let run = p.run(&["import", "filled.docx"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("--received"), "{}", run.stderr());
    let run = p.run(&["import", "filled.docx", "--received", "20/01/2004"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("YYYY-MM-DD"), "{}", run.stderr());
}

// ---- add -------------------------------------------------------------------

#[test]
fn add_writes_a_skeleton_in_the_group_folder() {
    let p = Project::fixture("small");
    let run = p.run(&["add", "Colombia", "--received", "2004-01-20"]);
    run.success();
    let file = "submissions/latin-american-caribbean/colombia.yaml";
    let y = p.read(file);
    assert!(y.contains("from: Colombia\nreceived: 2004-01-20\n"), "{y}");
    assert!(
        y.contains(
            "  # Please provide information on the following: extent of and trends in kidnapping.\n  extent: \"\"\n"
        ),
        "{y}"
    );
    assert!(
        y.contains("  serious_crime: \"\"\n") && y.contains("  max_penalty_years: \"\"\n"),
        "{y}"
    );
    // A skeleton is not a reply until its answers are typed in.
    let check = p.run(&["check", "--no-pdf"]);
    assert_eq!(check.code(), 1);
    let err = check.stderr();
    assert!(err.contains("the answer on `extent` is empty"), "{err}");
    assert!(err.contains("4 problems in the input"), "{err}");
    let again = p.run(&["add", "Colombia"]);
    assert_eq!(again.code(), 1);
    assert!(
        again.stderr().contains("exists already"),
        "{}",
        again.stderr()
    );
    let wrong = p.run(&["add", "UK"]);
    assert_eq!(wrong.code(), 1);
    assert!(
        wrong
            .stderr()
            .contains("United Kingdom of Great Britain and Northern Ireland"),
        "{}",
        wrong.stderr()
    );
    let org = p.run(&["add", "Interpol", "--kind", "organization"]);
    org.success();
    assert!(p
        .path()
        .join("submissions/organizations/interpol.yaml")
        .exists());
}

/// Writes the filled questionnaire the LibreOffice fixture is made from to
/// `$SGREPORT_FILLED_DOCX` (see tests/data/questionnaire/README.md).
#[test]
#[ignore]
fn write_the_filled_questionnaire_for_the_libreoffice_fixture() {
    let p = with_questionnaire();
    let filled = fill(
        &p.bytes(DOCX),
        &answers(),
        &["Police records, 2003 &amp; 2004."],
    );
    std::fs::write(std::env::var("SGREPORT_FILLED_DOCX").unwrap(), filled).unwrap();
}
