//! The accessible, archival PDF (PDF/UA-1 and PDF/A-2a), read back from the
//! PDF itself: its structure tree (headings, figures and their alternative
//! text, notes, links, table headers), its artifacts (running heads, page
//! numbers, barcode, watermark), its language, its title and the XMP
//! identification of both standards. Every PDF the tool writes is checked:
//! report, addendum, review copy, redline and questionnaire.

use std::sync::OnceLock;

use lopdf::{content::Content, Dictionary, Document, Object};

use crate::common::{Project, BUILTIN_TEMPLATES};

const MAIN_PDF: &str = "output/E_CN.15_2004_7.pdf";
const ADD_PDF: &str = "output/E_CN.15_2004_7_Add.1.pdf";
const REVIEW_PDF: &str = "output/E_CN.15_2004_7.review.pdf";
const MAIN_MD: &str = "output/E_CN.15_2004_7.md";
const REDLINE_PDF: &str = "output/later.changes.pdf";
const QUESTIONNAIRE_PDF: &str = "output/E_CN.15_2004_7.questionnaire.pdf";

/// The `small` fixture with two figures (bars and lines), a link in a
/// reply, built with its review copy; then a redline of two drafts.
fn tagged_build() -> &'static Project {
    static BUILT: OnceLock<Project> = OnceLock::new();
    BUILT.get_or_init(|| {
        let p = Project::fixture_with_two_charts();
        p.write(
            "submissions/peru.yaml",
            &(p.read("submissions/peru.yaml").replace(
                "Kidnapping carries up to 35 years.",
                "Kidnapping carries up to 35 years under the [Penal Code](https://www.example.org/penal-code).",
            ) + "statistics:\n  convictions: {2000: 30, 2001: 31, 2003: 33}\n"),
        );
        p.run(&["build", "--review"]).success();
        let md = p.read(MAIN_MD);
        p.write("output/earlier.md", &md);
        p.write("output/later.md", &md.replacen("Kidnapping", "Abduction", 1));
        p.run(&["diff", "output/earlier.md", "output/later.md"])
            .success();
        p.run(&["questionnaire"]).success();
        p
    })
}

fn load(p: &Project, rel: &str) -> Document {
    Document::load_mem(&p.bytes(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_pdf_declares_pdf_ua_1_and_pdf_a_2a_its_language_and_title() {
    let p = tagged_build();
    for rel in [
        MAIN_PDF,
        ADD_PDF,
        REVIEW_PDF,
        REDLINE_PDF,
        QUESTIONNAIRE_PDF,
    ] {
        let doc = load(p, rel);
        let xmp = xmp(&doc);
        assert_eq!(xmp_value(&xmp, "pdfuaid:part"), Some("1".into()), "{rel}");
        assert_eq!(xmp_value(&xmp, "pdfaid:part"), Some("2".into()), "{rel}");
        assert_eq!(
            xmp_value(&xmp, "pdfaid:conformance"),
            Some("A".into()),
            "{rel}"
        );
        let catalog = doc.catalog().unwrap();
        assert_eq!(text(&doc, catalog.get(b"Lang").ok()), "en", "{rel}");
        let prefs = dict(&doc, catalog.get(b"ViewerPreferences").ok()).expect(rel);
        assert_eq!(
            prefs.get(b"DisplayDocTitle").ok(),
            Some(&Object::Boolean(true)),
            "{rel}"
        );
        // A document's title names its symbol; the redline's is its heading.
        let title = if rel == REDLINE_PDF {
            "Changes from output/earlier.md (E/CN.15/2004/7, issued 1 March 2004) to output/later.md (E/CN.15/2004/7, issued 1 March 2004)"
        } else {
            "E/CN.15/2004/7"
        };
        assert!(xmp.contains(title), "{rel}: the title is not {title:?}");
    }
}

#[test]
fn chapters_sections_and_annexes_are_headings_in_document_order() {
    let p = tagged_build();
    let headings: Vec<String> = tree(&load(p, MAIN_PDF))
        .into_iter()
        .filter(|e| e.kind.len() == 2 && e.kind.starts_with('H'))
        .map(|e| format!("{} {}", e.kind, e.title.unwrap_or_default()))
        .collect();
    assert_eq!(
        headings,
        [
            "H1 I. Introduction",
            "H1 II. Replies received",
            "H2 A. Extent of and trends in kidnapping",
            "H2 B. Legislation and penalties",
            "H2 C. Other questions in the questionnaire",
            "H1 III. Conclusions and recommendations",
            "H1 Annex I",
            "H2 Reported cases of kidnapping, 2001-2003",
            "H1 Annex II",
            "H2 Persons convicted of kidnapping, 2000-2003",
        ]
    );
}

#[test]
fn each_figure_is_a_figure_whose_alternative_text_gives_the_values() {
    let p = tagged_build();
    let figures: Vec<Elem> = tree(&load(p, MAIN_PDF))
        .into_iter()
        .filter(|e| e.kind == "Figure")
        .collect();
    let alts: Vec<String> = figures.iter().map(|f| f.alt.clone().unwrap()).collect();
    assert_eq!(alts.len(), 2, "{alts:?}");
    assert!(
        alts[0].starts_with("Bar chart of reported cases of kidnapping, 2001-2003, for the "),
        "{}",
        alts[0]
    );
    assert!(
        alts[1].starts_with(
            "Line chart of persons convicted of kidnapping, 2000-2003, for Peru: in 2000, Peru reported 30; in 2001, Peru reported 31; in 2002, Peru reported no figure; in 2003, Peru reported 33."
        ),
        "{}",
        alts[1]
    );
}

#[test]
fn footnotes_are_notes_and_their_addresses_links() {
    let p = tagged_build();
    // The redline reads the draft's Markdown back: its link footnote's
    // address must be a link there too.
    for rel in [MAIN_PDF, REDLINE_PDF] {
        let doc = load(p, rel);
        let elems = tree(&doc);
        assert!(
            elems.iter().any(|e| e.kind == "Note"),
            "{rel}: no Note element"
        );
        assert!(
            elems.iter().any(|e| e.kind == "Link"),
            "{rel}: no Link element"
        );
        let uris: Vec<String> = doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.get(b"Subtype").ok() == Some(&Object::Name(b"Link".to_vec())))
            .filter_map(|d| dict(&doc, d.get(b"A").ok()))
            .map(|a| text(&doc, a.get(b"URI").ok()))
            .collect();
        assert_eq!(uris, ["https://www.example.org/penal-code"], "{rel}");
    }
}

#[test]
fn table_header_cells_are_headers() {
    let elems = tree(&load(tagged_build(), MAIN_PDF));
    assert!(elems.iter().any(|e| e.kind == "Table"));
    assert!(elems.iter().any(|e| e.kind == "TH"), "no TH element");
}

#[test]
fn running_heads_page_numbers_barcode_and_watermark_are_artifacts() {
    let p = tagged_build();
    let main = artifact_kinds(&load(p, MAIN_PDF));
    // Page 1: the barcode (with the rest of the footer); page 2: the
    // running head and the page number.
    assert!(main[0].iter().any(|k| k == "Footer"), "{:?}", main[0]);
    assert!(main[1].iter().any(|k| k == "Header"), "{:?}", main[1]);
    assert!(main[1].iter().any(|k| k == "Footer"), "{:?}", main[1]);
    // The review copy's watermark is each page's background, an artifact;
    // the report has no background.
    let review = artifact_kinds(&load(p, REVIEW_PDF));
    assert!(
        review
            .iter()
            .all(|page| page.iter().any(|k| k == "Background")),
        "{review:?}"
    );
    assert!(!main.iter().flatten().any(|k| k == "Background"));
}

#[test]
fn a_document_that_cannot_meet_the_standards_is_refused_unless_exempted() {
    // A project's layout that gives the PDF no title, which PDF/UA-1 needs.
    let p = Project::fixture("small");
    let layout = BUILTIN_TEMPLATES
        .iter()
        .find(|(n, _)| *n == "un-report.typ")
        .unwrap()
        .1;
    let untitled = layout.replace(
        "set document(title: if title == \"\" { symbol } else { symbol + \": \" + title }, ",
        "set document(",
    );
    assert_ne!(untitled, layout);
    p.write("templates/un-report.typ", &untitled);
    let run = p.run(&["build"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let err = run.stderr();
    assert!(
        err.contains("PDF/UA-1 error: missing document title"),
        "{err}"
    );
    assert!(
        err.contains("or, for a document that cannot meet them, run again with --no-pdf-standards"),
        "{err}"
    );
    assert!(!p.path().join(MAIN_PDF).exists());
    // Exempted: written, without the standards, and said.
    let run = p.run(&["build", "--no-pdf-standards"]);
    run.success();
    assert!(
        run.stderr().contains(
            "warning: --no-pdf-standards: the PDFs declare neither PDF/UA-1 nor PDF/A-2a"
        ),
        "{}",
        run.stderr()
    );
    let xmp = xmp(&load(&p, MAIN_PDF));
    assert_eq!(xmp_value(&xmp, "pdfuaid:part"), None);
    assert_eq!(xmp_value(&xmp, "pdfaid:part"), None);
}

/// PDF/A has no room for a character without its glyph: a reply with one
/// still gets its PDF (boxes and all, the night before a deadline), without
/// the standards, and the build says why.
#[test]
fn characters_no_font_has_make_pdfs_without_the_standards_and_say_why() {
    let p = Project::fixture("small");
    p.write(
        "submissions/chile.yaml",
        "from: Chile\nreceived: 2004-01-10\nanswers:\n  extent: \"The law 日本.\"\n",
    );
    let run = p.run(&["build"]);
    run.success();
    let err = run.stderr();
    assert!(
        err.contains(
            "warning: the PDFs are written without PDF/UA-1 and PDF/A-2a: their fonts cannot print every character of the replies"
        ),
        "{err}"
    );
    assert!(err.contains("no glyph for `日` (U+65E5)"), "{err}");
    for rel in [MAIN_PDF, ADD_PDF] {
        assert_eq!(
            xmp_value(&xmp(&load(&p, rel)), "pdfuaid:part"),
            None,
            "{rel}"
        );
    }
    // Without such characters, nothing is said.
    p.remove("submissions/chile.yaml");
    let run = p.run(&["build"]);
    run.success();
    assert!(
        !run.stderr().contains("without PDF/UA-1"),
        "{}",
        run.stderr()
    );
    let xmp = xmp(&load(&p, MAIN_PDF));
    assert_eq!(xmp_value(&xmp, "pdfuaid:part"), Some("1".into()));
}

#[test]
fn a_layout_whose_figures_take_no_alt_is_an_error_at_its_chart_figure() {
    let p = Project::fixture("small");
    let report = p.read("report.yaml").replace(
        "    years: [2001, 2002, 2003]",
        "    years: [2001, 2002, 2003]\n    chart: bars",
    );
    p.write("report.yaml", &report);
    let layout = BUILTIN_TEMPLATES
        .iter()
        .find(|(n, _)| *n == "un-report.typ")
        .unwrap()
        .1;
    let old = layout.replace("shapes, alt: none) =", "shapes) =");
    assert_ne!(old, layout);
    let line = old[..old.find("#let chart-figure(").unwrap()]
        .lines()
        .count()
        + 1;
    p.write("templates/un-report.typ", &old);
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let err = run.stderr();
    assert!(
        err.contains("the layout's `chart-figure` takes no `alt`"),
        "{err}"
    );
    assert!(
        err.contains(&format!("templates/un-report.typ:{line}:6")),
        "{err}"
    );
}

// --- Reading the PDF ------------------------------------------------------

/// A structure element: its type (`H1`, `Figure` ...), title and
/// alternative text.
#[derive(Debug, Clone)]
struct Elem {
    kind: String,
    title: Option<String>,
    alt: Option<String>,
}

/// Every element of the structure tree, in document order.
fn tree(doc: &Document) -> Vec<Elem> {
    let catalog = doc.catalog().unwrap();
    let root = dict(doc, catalog.get(b"StructTreeRoot").ok()).expect("a structure tree");
    let mut out = Vec::new();
    walk(doc, root.get(b"K").ok(), &mut out, 0);
    out
}

fn walk(doc: &Document, kids: Option<&Object>, out: &mut Vec<Elem>, depth: usize) {
    assert!(depth < 200, "structure tree too deep");
    let Some(kids) = kids else { return };
    let kids = match kids {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        o => o,
    };
    match kids {
        Object::Array(items) => {
            for k in items {
                walk(doc, Some(k), out, depth + 1);
            }
        }
        Object::Dictionary(d) => {
            if let Ok(Object::Name(s)) = d.get(b"S") {
                out.push(Elem {
                    kind: String::from_utf8_lossy(s).into_owned(),
                    title: d.get(b"T").ok().map(|t| text(doc, Some(t))),
                    alt: d.get(b"Alt").ok().map(|t| text(doc, Some(t))),
                });
                walk(doc, d.get(b"K").ok(), out, depth + 1);
            }
        }
        _ => {}
    }
}

/// A dictionary, following a reference.
fn dict<'a>(doc: &'a Document, o: Option<&'a Object>) -> Option<&'a Dictionary> {
    match o? {
        Object::Reference(id) => doc.get_object(*id).ok()?.as_dict().ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// A PDF text string (UTF-16 with its mark, else PDFDocEncoding, read as
/// Latin-1: enough for these tests), following a reference.
fn text(doc: &Document, o: Option<&Object>) -> String {
    let o = match o {
        Some(Object::Reference(id)) => doc.get_object(*id).ok(),
        o => o,
    };
    let Some(Object::String(bytes, _)) = o else {
        return String::new();
    };
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|b| *b as char).collect(),
    }
}

/// The document's XMP metadata.
fn xmp(doc: &Document) -> String {
    let catalog = doc.catalog().unwrap();
    let Ok(Object::Reference(id)) = catalog.get(b"Metadata") else {
        return String::new();
    };
    let stream = doc.get_object(*id).unwrap().as_stream().unwrap();
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    String::from_utf8_lossy(&bytes).into_owned()
}

/// An XMP property, written as an element or as an attribute.
fn xmp_value(xmp: &str, name: &str) -> Option<String> {
    if let Some(at) = xmp.find(&format!("<{name}>")) {
        let rest = &xmp[at + name.len() + 2..];
        return Some(rest[..rest.find('<')?].trim().to_string());
    }
    let at = xmp.find(&format!("{name}=\""))?;
    let rest = &xmp[at + name.len() + 2..];
    Some(rest[..rest.find('"')?].to_string())
}

/// For each page, the kinds of the artifacts its content marks: the subtype
/// (`Header`, `Footer` ...), else the type (`Background`), else `Artifact`.
fn artifact_kinds(doc: &Document) -> Vec<Vec<String>> {
    doc.get_pages()
        .values()
        .map(|id| {
            let content = Content::decode(&doc.get_page_content(*id).unwrap()).unwrap();
            content
                .operations
                .iter()
                .filter(|op| op.operator == "BDC" || op.operator == "BMC")
                .filter(|op| op.operands.first() == Some(&Object::Name(b"Artifact".to_vec())))
                .map(|op| {
                    let props = op.operands.get(1).and_then(|o| o.as_dict().ok());
                    let kind =
                        props.and_then(|d| d.get(b"Subtype").or_else(|_| d.get(b"Type")).ok());
                    match kind {
                        Some(Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
                        _ => "Artifact".to_string(),
                    }
                })
                .collect()
        })
        .collect()
}
