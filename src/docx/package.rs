//! The parts of the `.docx` (Office Open XML) and the zip they go into: a
//! fixed list in a fixed order, each written with the same timestamp
//! (1980-01-01, the zip format's first day) and permissions, so the same
//! document always gives the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::drawing;
use super::styles::{self, mm};
use super::xml::Xml;
use crate::barcode::Barcode;

pub(crate) const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub(crate) const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// The namespaces of a story part (body, notes, header, footer): text, and
/// the drawings placed in it (see [`super::drawing`]).
const STORY_NAMESPACES: &[(&str, &str)] = &[
    ("xmlns:w", W),
    ("xmlns:r", R),
    (
        "xmlns:wp",
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    ),
    (
        "xmlns:a",
        "http://schemas.openxmlformats.org/drawingml/2006/main",
    ),
    (
        "xmlns:wpg",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    ),
    (
        "xmlns:wps",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    ),
    (
        "xmlns:mc",
        "http://schemas.openxmlformats.org/markup-compatibility/2006",
    ),
];
const REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.";

/// The document's relationships: id, type, target.
const DOCUMENT_RELS: &[(&str, &str, &str)] = &[
    ("rId1", "styles", "styles.xml"),
    ("rId2", "settings", "settings.xml"),
    ("rId3", "footnotes", "footnotes.xml"),
    ("rId4", "header", "header1.xml"),
    ("rId5", "header", "header2.xml"),
    ("rId6", "header", "header3.xml"),
    ("rId7", "footer", "footer1.xml"),
    ("rId8", "footer", "footer2.xml"),
    ("rId9", "footer", "footer3.xml"),
];

/// The draft's list numbering: a part of its own, which the questionnaire
/// (no numbered paragraphs) does without.
const NUMBERING: (&str, &str, &str) = ("rId10", "numbering", "numbering.xml");
const NUMBERING_PART: &str = "word/numbering.xml";

/// What a document becomes in Word: its story, its notes, and what the
/// other parts (headers, footers, properties) print.
pub(crate) struct Converted {
    /// The children of `<w:body>` before the last section's properties.
    pub(crate) body: Xml,
    /// Footnote bodies, in id order from 1 (the `<w:p>`s inside `<w:footnote>`).
    pub(crate) footnotes: Vec<Xml>,
    pub(crate) symbol: String,
    pub(crate) title: String,
    /// Job number and barcode line, for page 1's footer.
    pub(crate) job: Vec<String>,
    /// The lists numbering the body's paragraphs.
    pub(crate) lists: super::numbering::Lists,
}

/// The drawing id of the barcode (the figures' follow it): ids are unique
/// in the whole package.
pub(crate) const BARCODE_DRAWING_ID: u32 = 1;

/// The parts of every package in the order they are zipped
/// ([Content_Types].xml first); the draft's list numbering follows them.
pub(crate) const PARTS: &[&str] = &[
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/settings.xml",
    "word/footnotes.xml",
    "word/header1.xml",
    "word/header2.xml",
    "word/header3.xml",
    "word/footer1.xml",
    "word/footer2.xml",
    "word/footer3.xml",
];

/// The draft's package: [`PARTS`], then its numbering.
pub fn zip(doc: &Converted) -> Vec<u8> {
    let parts = PARTS.iter().chain([&NUMBERING_PART]);
    zip_parts(parts.map(|name| (*name, part(name, doc))))
}

/// Zips `parts` (name, XML) in the order given, with the fixed timestamp
/// and permissions: the same parts always give the same bytes. Also used by
/// the questionnaire, whose body is its own.
pub(crate) fn zip_parts<'a>(parts: impl IntoIterator<Item = (&'a str, String)>) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (name, text) in parts {
        // Writing to memory cannot fail.
        zip.start_file(name, options).expect("zip in memory");
        zip.write_all(text.as_bytes()).expect("zip in memory");
    }
    zip.finish().expect("zip in memory").into_inner()
}

fn part(name: &str, doc: &Converted) -> String {
    match name {
        "[Content_Types].xml" => content_types_of(true),
        "_rels/.rels" => package_rels(),
        "docProps/core.xml" => core(doc),
        "word/document.xml" => document(doc),
        "word/_rels/document.xml.rels" => document_rels_of(true),
        NUMBERING_PART => doc.lists.xml(),
        "word/styles.xml" => styles::styles_xml(),
        "word/settings.xml" => settings(),
        "word/footnotes.xml" => footnotes(doc),
        "word/header1.xml" => header(&doc.symbol, "right"),
        "word/header2.xml" => header(&doc.symbol, "left"),
        "word/header3.xml" => header("", "left"),
        "word/footer1.xml" => page_footer("right"),
        "word/footer2.xml" => page_footer("left"),
        "word/footer3.xml" => job_footer(&doc.job),
        _ => unreachable!("{name} is not a part"),
    }
}

/// The content types of [`PARTS`].
pub(crate) fn content_types() -> String {
    content_types_of(false)
}

/// The content types of [`PARTS`], and of the numbering if `numbering`.
fn content_types_of(numbering: bool) -> String {
    let mut x = Xml::part();
    x.open(
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    );
    x.empty(
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    );
    x.empty(
        "Default",
        &[("Extension", "xml"), ("ContentType", "application/xml")],
    );
    let wml = |t: &str| format!("{WML}{t}+xml");
    let overrides = [
        ("/word/document.xml", wml("document.main")),
        ("/word/styles.xml", wml("styles")),
        ("/word/settings.xml", wml("settings")),
        ("/word/footnotes.xml", wml("footnotes")),
        ("/word/header1.xml", wml("header")),
        ("/word/header2.xml", wml("header")),
        ("/word/header3.xml", wml("header")),
        ("/word/footer1.xml", wml("footer")),
        ("/word/footer2.xml", wml("footer")),
        ("/word/footer3.xml", wml("footer")),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
        ),
    ];
    let numbering = numbering.then(|| (format!("/{NUMBERING_PART}"), wml("numbering")));
    for (part, ct) in overrides
        .iter()
        .map(|(p, c)| (*p, c))
        .chain(numbering.as_ref().map(|(p, c)| (p.as_str(), c)))
    {
        x.empty("Override", &[("PartName", part), ("ContentType", ct)]);
    }
    x.close();
    x.finish()
}

pub(crate) fn package_rels() -> String {
    let mut x = Xml::part();
    x.open("Relationships", &[("xmlns", REL)]);
    x.empty(
        "Relationship",
        &[
            ("Id", "rId1"),
            ("Type", &format!("{OFFICE_REL}officeDocument")),
            ("Target", "word/document.xml"),
        ],
    );
    x.empty(
        "Relationship",
        &[
            ("Id", "rId2"),
            (
                "Type",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            ),
            ("Target", "docProps/core.xml"),
        ],
    );
    x.close();
    x.finish()
}

fn core(doc: &Converted) -> String {
    let mut x = Xml::part();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
        ],
    );
    let title = if doc.title.is_empty() {
        doc.symbol.clone()
    } else {
        format!("{}: {}", doc.symbol, doc.title)
    };
    x.element("dc:title", &[], &title);
    x.element("dc:creator", &[], "United Nations");
    x.close();
    x.finish()
}

/// The relationships of [`PARTS`]' document.
pub(crate) fn document_rels() -> String {
    document_rels_of(false)
}

/// The document's relationships, and the numbering's if `numbering`.
fn document_rels_of(numbering: bool) -> String {
    let mut x = Xml::part();
    x.open("Relationships", &[("xmlns", REL)]);
    let numbering = numbering.then_some(&NUMBERING);
    for (id, kind, target) in DOCUMENT_RELS.iter().chain(numbering) {
        x.empty(
            "Relationship",
            &[
                ("Id", id),
                ("Type", &format!("{OFFICE_REL}{kind}")),
                ("Target", target),
            ],
        );
    }
    x.close();
    x.finish()
}

fn document(doc: &Converted) -> String {
    let mut x = Xml::part();
    x.open("w:document", STORY_NAMESPACES);
    x.open("w:body", &[]);
    x.append(&doc.body);
    section_properties(&mut x);
    x.close().close();
    x.finish()
}

/// The document's one section: A4, the PDF layout's margins, the running
/// headers and footers (page 1 has its own: no header, the job number at
/// the foot), footnotes numbered 1, 2 ... (the annexes' notes carry their
/// letters as their own marks, so every reader prints them the same).
pub(crate) fn section_properties(x: &mut Xml) {
    x.open("w:sectPr", &[]);
    for (kind, id) in [("default", "rId4"), ("even", "rId5"), ("first", "rId6")] {
        x.empty("w:headerReference", &[("w:type", kind), ("r:id", id)]);
    }
    for (kind, id) in [("default", "rId7"), ("even", "rId8"), ("first", "rId9")] {
        x.empty("w:footerReference", &[("w:type", kind), ("r:id", id)]);
    }
    x.open("w:footnotePr", &[]);
    x.empty("w:numFmt", &[("w:val", "decimal")]);
    x.close();
    x.empty(
        "w:pgSz",
        &[
            ("w:w", &mm(styles::PAGE_WIDTH_MM)),
            ("w:h", &mm(styles::PAGE_HEIGHT_MM)),
        ],
    );
    x.empty(
        "w:pgMar",
        &[
            ("w:top", &mm(styles::MARGIN_TOP_MM)),
            ("w:right", &mm(styles::MARGIN_RIGHT_MM)),
            ("w:bottom", &mm(styles::MARGIN_BOTTOM_MM)),
            ("w:left", &mm(styles::MARGIN_LEFT_MM)),
            ("w:header", &mm(15.0)),
            ("w:footer", &mm(15.0)),
            ("w:gutter", "0"),
        ],
    );
    x.empty("w:titlePg", &[]);
    x.close();
}

pub(crate) fn settings() -> String {
    let mut x = Xml::part();
    x.open("w:settings", &[("xmlns:w", W)]);
    x.empty("w:defaultTabStop", &[("w:val", &mm(styles::HANG_MM))]);
    x.empty("w:evenAndOddHeaders", &[]);
    // The contents' page numbers are fields: Word updates them on opening.
    x.empty("w:updateFields", &[("w:val", "true")]);
    x.open("w:footnotePr", &[]);
    x.empty("w:footnote", &[("w:id", "-1")]);
    x.empty("w:footnote", &[("w:id", "0")]);
    x.close();
    x.open("w:compat", &[]);
    x.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    );
    x.close();
    x.close();
    x.finish()
}

fn footnotes(doc: &Converted) -> String {
    let mut x = Xml::part();
    x.open("w:footnotes", STORY_NAMESPACES);
    for (id, kind, sep) in [
        ("-1", "separator", "w:separator"),
        ("0", "continuationSeparator", "w:continuationSeparator"),
    ] {
        x.open("w:footnote", &[("w:type", kind), ("w:id", id)]);
        x.open("w:p", &[]);
        x.open("w:pPr", &[])
            .empty("w:spacing", &[("w:after", "0")])
            .close();
        x.open("w:r", &[]).empty(sep, &[]).close();
        x.close().close();
    }
    for (i, note) in doc.footnotes.iter().enumerate() {
        x.open("w:footnote", &[("w:id", &(i + 1).to_string())]);
        x.append(note);
        x.close();
    }
    x.close();
    x.finish()
}

pub(crate) fn header(symbol: &str, align: &str) -> String {
    let mut x = Xml::part();
    x.open("w:hdr", STORY_NAMESPACES);
    x.open("w:p", &[]);
    if !symbol.is_empty() {
        x.open("w:pPr", &[]);
        x.empty("w:pStyle", &[("w:val", "Header")]);
        x.empty("w:jc", &[("w:val", align)]);
        x.close();
        x.open("w:r", &[]).element("w:t", &[], symbol).close();
    }
    x.close().close();
    x.finish()
}

/// The page number; `PAGE` is the one field code in the document, written
/// here and never made of text.
pub(crate) fn page_footer(align: &str) -> String {
    let mut x = Xml::part();
    x.open("w:ftr", STORY_NAMESPACES);
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", "Footer")]);
    x.empty("w:jc", &[("w:val", align)]);
    x.close();
    x.open("w:fldSimple", &[("w:instr", " PAGE ")]);
    x.open("w:r", &[]).element("w:t", &[], "1").close();
    x.close();
    x.close().close();
    x.finish()
}

/// Page 1's footer: the job number, the barcode's bars and the barcode
/// line under them, as the PDF layout prints them.
pub(crate) fn job_footer(job: &[String]) -> String {
    let mut x = Xml::part();
    x.open("w:ftr", STORY_NAMESPACES);
    if job.is_empty() {
        x.empty("w:p", &[]);
    }
    for (i, line) in job.iter().enumerate() {
        if i == 1 {
            let code = Barcode::new(line);
            job_paragraph(&mut x, |x| {
                let frame = drawing::Frame {
                    id: BARCODE_DRAWING_ID,
                    name: "Barcode",
                    descr: &format!("Barcode {line}"),
                };
                drawing::barcode(x, &code, &frame);
            });
        }
        job_paragraph(&mut x, |x| {
            x.open("w:r", &[]);
            if i == 1 {
                // The barcode line as the PDF sets it: monospaced, spaced out.
                x.open("w:rPr", &[]);
                x.empty(
                    "w:rFonts",
                    &[
                        ("w:ascii", "DejaVu Sans Mono"),
                        ("w:hAnsi", "DejaVu Sans Mono"),
                    ],
                );
                x.empty("w:spacing", &[("w:val", "20")]);
                x.close();
            }
            x.element("w:t", &[], line).close();
        });
    }
    x.close();
    x.finish()
}

fn job_paragraph(x: &mut Xml, runs: impl FnOnce(&mut Xml)) {
    x.open("w:p", &[]);
    x.open("w:pPr", &[])
        .empty("w:pStyle", &[("w:val", "JobNumber")])
        .close();
    runs(x);
    x.close();
}
