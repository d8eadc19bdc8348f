//! The questionnaire as a Word file: the same package as the draft's
//! (`docx::package`: parts, styles, headers, the fixed zip), with a body of
//! its own in which every place to answer is a content control (`w:sdt`)
//! carrying its tag and title ([`super::fields`]). Controls are numbered in
//! order, so the same report.yaml always gives the same bytes.

use super::fields::{self, placeholder, Control, Field, YES_NO_SEPARATOR};
use super::text::{self, Block};
use crate::docx::package::{self, R, W};
use crate::docx::styles;
use crate::docx::xml::Xml;
use crate::submissions::ReportConfig;

/// The `.docx` of the questionnaire of `config`.
pub fn docx(config: &ReportConfig) -> Vec<u8> {
    let title = format!("Questionnaire: {}", config.title);
    let heading = format!("Questionnaire for {}", config.symbol);
    let parts = package::PARTS.iter().map(|name| {
        let xml = match *name {
            "[Content_Types].xml" => package::content_types(),
            "_rels/.rels" => package::package_rels(),
            "docProps/core.xml" => core(&title),
            "word/document.xml" => document(config),
            "word/_rels/document.xml.rels" => package::document_rels(),
            "word/styles.xml" => styles::styles_xml(),
            "word/settings.xml" => package::settings(),
            "word/footnotes.xml" => footnotes(),
            "word/header1.xml" => package::header(&heading, "right"),
            "word/header2.xml" => package::header(&heading, "left"),
            "word/header3.xml" => package::header("", "left"),
            "word/footer1.xml" => package::page_footer("right"),
            "word/footer2.xml" => package::page_footer("left"),
            "word/footer3.xml" => package::job_footer(&[]),
            other => unreachable!("{other} is not a part"),
        };
        (*name, xml)
    });
    package::zip_parts(parts)
}

fn core(title: &str) -> String {
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
    x.element("dc:title", &[], title);
    x.element("dc:creator", &[], "United Nations");
    x.close();
    x.finish()
}

/// Footnotes: only Word's separators (the form has no notes of its own;
/// a State's footnotes are added in its answers).
fn footnotes() -> String {
    let mut x = Xml::part();
    x.open("w:footnotes", &[("xmlns:w", W), ("xmlns:r", R)]);
    for (id, kind, sep) in [
        ("-1", "separator", "w:separator"),
        ("0", "continuationSeparator", "w:continuationSeparator"),
    ] {
        x.open("w:footnote", &[("w:type", kind), ("w:id", id)]);
        x.open("w:p", &[]);
        x.open("w:r", &[]).empty(sep, &[]).close();
        x.close().close();
    }
    x.close();
    x.finish()
}

fn document(config: &ReportConfig) -> String {
    let mut body = Body {
        x: Xml::fragment(),
        fields: fields::fields(config),
        next_id: 1,
    };
    for block in text::blocks(config) {
        body.block(&block);
    }
    let mut x = Xml::part();
    x.open("w:document", &[("xmlns:w", W), ("xmlns:r", R)]);
    x.open("w:body", &[]);
    x.append(&body.x);
    package::section_properties(&mut x);
    x.close().close();
    x.finish()
}

/// The body being written, and the fields its controls are made from.
struct Body {
    x: Xml,
    fields: Vec<Field>,
    /// The next control's `w:id`: counted, never random.
    next_id: u32,
}

impl Body {
    fn block(&mut self, b: &Block) {
        match b {
            Block::Title(t) => self.para("TitleHCH", t),
            Block::Subtitle(t) => self.para("TitleH1", t),
            Block::Chapter(t) => self.para("HCh", t),
            Block::Question(t) => self.para("H23", t),
            Block::Text(t) => self.para("SingleTxt", t),
            Block::Labelled { label, tag, value } => self.labelled(label, tag, value.as_deref()),
            Block::Answer(tag) => self.rich_text(tag),
            Block::Years { tags, years } => self.years(tags, years),
        }
    }

    fn field(&self, tag: &str) -> Field {
        self.fields
            .iter()
            .find(|f| f.tag == tag)
            .cloned()
            .unwrap_or_else(|| unreachable!("{tag} is not a field of the questionnaire"))
    }

    fn para(&mut self, style: &'static str, text: &str) {
        let x = &mut self.x;
        x.open("w:p", &[]);
        x.open("w:pPr", &[]).empty("w:pStyle", &[("w:val", style)]);
        x.close();
        x.open("w:r", &[]);
        x.element("w:t", &[("xml:space", "preserve")], text);
        x.close().close();
    }

    /// `Label: [control]` on one line: the respondent block, the indicators.
    /// `value` fills the control (the symbol, locked); else it shows its
    /// placeholder.
    fn labelled(&mut self, label: &str, tag: &str, value: Option<&str>) {
        let f = self.field(tag);
        self.x.open("w:p", &[]);
        self.x
            .open("w:pPr", &[])
            .empty("w:pStyle", &[("w:val", "SingleTxt")])
            .close();
        self.x.open("w:r", &[]);
        self.x
            .element("w:t", &[("xml:space", "preserve")], &format!("{label}: "));
        self.x.close();
        self.inline_control(&f, value);
        self.x.close();
    }

    /// A run-level control: plain text, or a Yes/No drop-down.
    fn inline_control(&mut self, f: &Field, value: Option<&str>) {
        self.x.open("w:sdt", &[]);
        self.properties(f, value.is_some());
        match f.control {
            Control::YesNo => {
                self.x.open("w:dropDownList", &[]);
                // Each value carries the tag: LibreOffice keeps a drop-down's
                // items but drops its tag and title.
                for (shown, value) in [("Yes", "yes"), ("No", "no")] {
                    let value = format!("{}{YES_NO_SEPARATOR}{value}", f.tag);
                    self.x.empty(
                        "w:listItem",
                        &[("w:displayText", shown), ("w:value", &value)],
                    );
                }
                self.x.close();
            }
            _ => {
                self.x.empty("w:text", &[]);
            }
        }
        self.x.close();
        self.x.open("w:sdtContent", &[]);
        match value {
            Some(v) => self.run(v, false),
            None => self.run(placeholder(f.control), true),
        }
        self.x.close().close();
    }

    /// A block-level rich text control holding one empty paragraph, in a
    /// box: a table of one cell. The cell keeps the answer together where
    /// the control does not (LibreOffice makes it a control inside the
    /// first paragraph, the others following it).
    fn rich_text(&mut self, tag: &str) {
        let f = self.field(tag);
        let width = styles::mm(styles::TEXT_WIDTH_MM - styles::HANG_MM);
        self.x.open("w:tbl", &[]);
        self.x.open("w:tblPr", &[]);
        self.x.empty("w:tblStyle", &[("w:val", "PlainTable")]);
        self.x
            .empty("w:tblW", &[("w:w", &width), ("w:type", "dxa")]);
        self.x.empty(
            "w:tblInd",
            &[("w:w", &styles::mm(styles::HANG_MM)), ("w:type", "dxa")],
        );
        self.x.open("w:tblBorders", &[]);
        for side in ["w:top", "w:left", "w:bottom", "w:right"] {
            self.x.empty(
                side,
                &[
                    ("w:val", "single"),
                    ("w:sz", "4"),
                    ("w:space", "0"),
                    ("w:color", "808080"),
                ],
            );
        }
        self.x.close().close();
        self.x.open("w:tblGrid", &[]);
        self.x.empty("w:gridCol", &[("w:w", &width)]);
        self.x.close();
        self.x.open("w:tr", &[]);
        // Room for a few lines before anything is typed; it grows after.
        self.x
            .open("w:trPr", &[])
            .empty(
                "w:trHeight",
                &[("w:val", &styles::mm(20.0)), ("w:hRule", "atLeast")],
            )
            .close();
        self.x.open("w:tc", &[]);
        self.x
            .open("w:tcPr", &[])
            .empty("w:tcW", &[("w:w", &width), ("w:type", "dxa")])
            .close();
        self.x.open("w:sdt", &[]);
        self.properties(&f, false);
        self.x.close();
        self.x.open("w:sdtContent", &[]);
        self.x.open("w:p", &[]);
        self.x
            .open("w:pPr", &[])
            .empty("w:pStyle", &[("w:val", "TableText")])
            .close();
        self.run(placeholder(f.control), true);
        self.x.close();
        self.x.close().close();
        self.x.close().close().close();
    }

    /// `w:sdtPr`, its children in the schema's order; a filled control is
    /// locked (the symbol: the import needs it as written).
    fn properties(&mut self, f: &Field, locked: bool) {
        let id = self.next_id.to_string();
        self.next_id += 1;
        self.x.open("w:sdtPr", &[]);
        self.x.empty("w:alias", &[("w:val", &f.title)]);
        self.x.empty("w:tag", &[("w:val", &f.tag)]);
        self.x.empty("w:id", &[("w:val", &id)]);
        if locked {
            self.x.empty("w:lock", &[("w:val", "sdtContentLocked")]);
        } else {
            self.x.empty("w:showingPlcHdr", &[]);
        }
    }

    fn run(&mut self, text: &str, greyed: bool) {
        self.x.open("w:r", &[]);
        if greyed {
            self.x
                .open("w:rPr", &[])
                .empty("w:color", &[("w:val", "808080")])
                .close();
        }
        self.x.element("w:t", &[("xml:space", "preserve")], text);
        self.x.close();
    }

    /// A statistic's table: the years as the header row, a control under
    /// each.
    fn years(&mut self, tags: &[String], years: &[i32]) {
        let width = styles::mm(styles::TEXT_WIDTH_MM - styles::HANG_MM);
        let cell = styles::mm((styles::TEXT_WIDTH_MM - styles::HANG_MM) / years.len() as f64);
        self.x.open("w:tbl", &[]);
        self.x.open("w:tblPr", &[]);
        self.x.empty("w:tblStyle", &[("w:val", "UNTable")]);
        self.x
            .empty("w:tblW", &[("w:w", &width), ("w:type", "dxa")]);
        self.x.empty(
            "w:tblInd",
            &[("w:w", &styles::mm(styles::HANG_MM)), ("w:type", "dxa")],
        );
        self.x.close();
        self.x.open("w:tblGrid", &[]);
        for _ in years {
            self.x.empty("w:gridCol", &[("w:w", &cell)]);
        }
        self.x.close();
        self.x.open("w:tr", &[]);
        for y in years {
            self.cell_open(&cell, "TableHead");
            self.run(&y.to_string(), false);
            self.x.close().close();
        }
        self.x.close();
        self.x.open("w:tr", &[]);
        for tag in tags {
            let f = self.field(tag);
            self.cell_open(&cell, "TableText");
            self.inline_control(&f, None);
            self.x.close().close();
        }
        self.x.close();
        self.x.close();
    }

    /// `<w:tc>` and its paragraph, left open.
    fn cell_open(&mut self, width: &str, style: &'static str) {
        self.x.open("w:tc", &[]);
        self.x
            .open("w:tcPr", &[])
            .empty("w:tcW", &[("w:w", width), ("w:type", "dxa")])
            .close();
        self.x.open("w:p", &[]);
        self.x
            .open("w:pPr", &[])
            .empty("w:pStyle", &[("w:val", style)])
            .close();
    }
}
