//! The PDF's page, read back from the PDF itself: the paper size, where the
//! text lies on the page (the margins), the body's size and the faces
//! embedded. The numbers are the layout's (A4; margins 30 mm top, 40 mm
//! bottom, 40 mm left and right, a paragraph's number hanging 10 mm into
//! the left one; Times New Roman 10 pt or, on a machine without it or its
//! metric twin, typst's embedded serif, Libertinus Serif, which is what a
//! test run, given no system fonts, gets).

use lopdf::{Dictionary, Document, Object};

use crate::common::shared_build;

const MAIN_PDF: &str = "output/E_CN.15_2004_7.pdf";

/// Points in a millimetre.
const MM: f64 = 72.0 / 25.4;
/// A4, in points.
const A4: (f64, f64) = (210.0 * MM, 297.0 * MM);
const TOP: f64 = 30.0 * MM;
const BOTTOM: f64 = 40.0 * MM;
const LEFT: f64 = 40.0 * MM;
const RIGHT: f64 = 40.0 * MM;
/// How far a paragraph's or heading's number hangs into the left margin.
const HANG: f64 = 10.0 * MM;
/// How far a measured edge may be from the layout's (rounding).
const SLACK: f64 = 0.5 * MM;
/// How far a line's last mark (a comma, a hyphen) may hang past the right
/// margin: typst sets punctuation into the margin so that the edge looks
/// straight.
const OVERHANG: f64 = 1.5 * MM;

/// One run of text the PDF draws (a `Tj` or `TJ`): its page, left and
/// right edges and baseline (points from the page's left and top edges),
/// and its size.
#[derive(Debug, Clone)]
struct Run {
    page: u32,
    left: f64,
    right: f64,
    baseline: f64,
    size: f64,
}

/// A 2-D affine matrix `[a b c d e f]`, as PDF writes them.
pub(crate) type Matrix = [f64; 6];

/// `m` then `n`: PDF's `m × n`.
pub(crate) fn times(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// A number of a content stream's operands (0 for anything else).
pub(crate) fn number(o: &Object) -> f64 {
    match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => 0.0,
    }
}

/// A font's advance widths, in thousandths of its size, by character code,
/// and how many bytes a code takes (2 for typst's composite fonts).
struct Widths {
    by_code: std::collections::HashMap<u32, f64>,
    default: f64,
    bytes: usize,
}

fn widths(doc: &Document, font: &Dictionary) -> Widths {
    let mut w = Widths {
        by_code: Default::default(),
        default: 0.0,
        bytes: 1,
    };
    let deref = |o: &Object| {
        doc.dereference(o)
            .map(|(_, o)| o.clone())
            .unwrap_or(Object::Null)
    };
    if let Ok(Object::Array(descendants)) = font.get(b"DescendantFonts").map(deref) {
        w.bytes = 2;
        w.default = 1000.0;
        let Ok(Object::Dictionary(cid)) = descendants.first().map(deref).ok_or(()) else {
            return w;
        };
        if let Ok(dw) = cid.get(b"DW") {
            w.default = number(dw);
        }
        let list = match cid.get(b"W").map(deref) {
            Ok(Object::Array(a)) => a,
            _ => Vec::new(),
        };
        // `c [w1 w2 ...]` or `c_first c_last w`.
        let mut i = 0;
        while i + 1 < list.len() {
            let first = number(&list[i]) as u32;
            if let Object::Array(ws) = deref(&list[i + 1]) {
                for (k, x) in ws.iter().enumerate() {
                    w.by_code.insert(first + k as u32, number(x));
                }
                i += 2;
            } else if i + 2 < list.len() {
                for c in first..=number(&list[i + 1]) as u32 {
                    w.by_code.insert(c, number(&list[i + 2]));
                }
                i += 3;
            } else {
                break;
            }
        }
    } else if let Ok(Object::Array(ws)) = font.get(b"Widths").map(deref) {
        let first = font.get(b"FirstChar").map_or(0.0, number) as u32;
        for (k, x) in ws.iter().enumerate() {
            w.by_code.insert(first + k as u32, number(x));
        }
    }
    w
}

/// Every run of text on every page, placed by following the content
/// stream's graphics state (`q`, `Q`, `cm`), text matrix (`Tm`, `Td`) and
/// fonts (`Tf`, with each font's widths). Text in a Type3 font (the
/// barcode) is left out: its widths are not in thousandths.
fn runs(doc: &Document) -> (Vec<(u32, f64, f64)>, Vec<Run>) {
    let (mut boxes, mut out) = (Vec::new(), Vec::new());
    for (page, id) in doc.get_pages() {
        let dict = doc.get_dictionary(id).unwrap();
        let media = match dict.get(b"MediaBox").map(|o| doc.dereference(o).unwrap().1) {
            Ok(Object::Array(a)) => a.iter().map(number).collect::<Vec<_>>(),
            _ => panic!("page {page} has no MediaBox"),
        };
        let (width, height) = (media[2] - media[0], media[3] - media[1]);
        boxes.push((page, width, height));
        let fonts: std::collections::HashMap<Vec<u8>, Option<Widths>> = doc
            .get_page_fonts(id)
            .unwrap()
            .into_iter()
            .map(|(name, f)| {
                let type3 = matches!(f.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Type3");
                (name, (!type3).then(|| widths(doc, f)))
            })
            .collect();
        let content = lopdf::content::Content::decode(&doc.get_page_content(id).unwrap()).unwrap();
        let identity = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let (mut ctm, mut stack, mut tm) = (identity, Vec::new(), identity);
        let (mut font, mut size): (Option<&Widths>, f64) = (None, 0.0);
        for op in &content.operations {
            let n: Vec<f64> = op.operands.iter().map(number).collect();
            match op.operator.as_str() {
                "q" => stack.push(ctm),
                "Q" => ctm = stack.pop().unwrap_or(identity),
                "cm" => ctm = times(&[n[0], n[1], n[2], n[3], n[4], n[5]], &ctm),
                "BT" => tm = identity,
                "Tm" => tm = [n[0], n[1], n[2], n[3], n[4], n[5]],
                "Td" | "TD" => tm = times(&[1.0, 0.0, 0.0, 1.0, n[0], n[1]], &tm),
                "Tf" => {
                    let name = op.operands[0].as_name().unwrap();
                    font = fonts.get(name).and_then(Option::as_ref);
                    size = n[1];
                }
                "Tj" | "TJ" => {
                    let Some(w) = font else { continue };
                    let parts = match &op.operands[0] {
                        Object::Array(a) => a.clone(),
                        o => vec![o.clone()],
                    };
                    let mut advance = 0.0;
                    for part in &parts {
                        match part {
                            Object::String(bytes, _) => {
                                for code in bytes.chunks(w.bytes) {
                                    let c = code.iter().fold(0u32, |c, b| c << 8 | u32::from(*b));
                                    advance += w.by_code.get(&c).copied().unwrap_or(w.default);
                                }
                            }
                            o => advance -= number(o),
                        }
                    }
                    let m = times(&tm, &ctm);
                    let at = |x: f64| (m[0] * x + m[4], height - (m[1] * x + m[5]));
                    let ((x0, y), (x1, _)) = (at(0.0), at(advance / 1000.0 * size));
                    out.push(Run {
                        page,
                        left: x0.min(x1),
                        right: x0.max(x1),
                        baseline: y,
                        size: size * m[0].abs().max(m[1].abs()),
                    });
                    tm = times(&[1.0, 0.0, 0.0, 1.0, advance / 1000.0 * size, 0.0], &tm);
                }
                _ => {}
            }
        }
    }
    (boxes, out)
}

fn report() -> Document {
    Document::load_mem(&shared_build().bytes(MAIN_PDF)).expect("the report's PDF")
}

#[test]
fn every_page_is_a4() {
    let (boxes, _) = runs(&report());
    assert!(boxes.len() >= 3, "{boxes:?}");
    for (page, w, h) in boxes {
        assert!(
            (w - A4.0).abs() < 0.1 && (h - A4.1).abs() < 0.1,
            "page {page} is {w:.2} x {h:.2} pt, not A4 ({:.2} x {:.2})",
            A4.0,
            A4.1
        );
    }
}

/// Whether `run` lies in the text block, top to bottom.
fn in_block(run: &Run) -> bool {
    run.baseline >= TOP && run.baseline <= A4.1 - BOTTOM + SLACK
}

/// From page 2 on: the top margin holds the running head and the bottom
/// margin the page number, one run each, at the outer edge (the right
/// margin on odd pages, the numbers' column on even ones); all other text
/// lies between the left and right margins, but the numbers (of paragraphs,
/// chapters, notes) and headings, which start 10 mm into the left one.
#[test]
fn the_text_keeps_to_the_margins() {
    let (boxes, all) = runs(&report());
    for page in 2..=boxes.len() as u32 {
        let on: Vec<&Run> = all.iter().filter(|r| r.page == page).collect();
        let outer = |r: &&Run| {
            if page % 2 == 1 {
                (r.right - (A4.0 - RIGHT)).abs() < SLACK
            } else {
                (r.left - (LEFT - HANG)).abs() < SLACK
            }
        };
        let head: Vec<&&Run> = on.iter().filter(|r| r.baseline < TOP).collect();
        let foot: Vec<&&Run> = on
            .iter()
            .filter(|r| !in_block(r) && r.baseline > TOP)
            .collect();
        assert!(
            head.len() == 1 && outer(head[0]),
            "page {page}'s top margin: {head:?}"
        );
        assert!(
            foot.len() == 1 && outer(foot[0]),
            "page {page}'s bottom margin: {foot:?}"
        );
        for r in on.iter().filter(|r| in_block(r)) {
            assert!(
                r.left >= LEFT - HANG - SLACK && r.right <= A4.0 - RIGHT + OVERHANG,
                "page {page}: text at {:.1}-{:.1} mm from the left edge, outside {:.0}-{:.0} mm",
                r.left / MM,
                r.right / MM,
                (LEFT - HANG) / MM,
                (A4.0 - RIGHT) / MM
            );
        }
    }
}

/// The text block's edges are the layout's, not merely inside them: a
/// justified line reaches the right margin, and a paragraph's second line
/// starts at the left one (its first line's number hangs 10 mm before).
#[test]
fn the_text_block_fills_the_measure() {
    let (_, all) = runs(&report());
    let body: Vec<&Run> = all.iter().filter(|r| r.page >= 2 && in_block(r)).collect();
    let rightmost = body.iter().map(|r| r.right).fold(0.0, f64::max);
    assert!(
        rightmost > A4.0 - RIGHT - SLACK && rightmost < A4.0 - RIGHT + OVERHANG,
        "the longest lines end {:.1} mm from the right edge, not {:.0}",
        (A4.0 - rightmost) / MM,
        RIGHT / MM
    );
    // Where each line starts: its leftmost run.
    let mut starts = std::collections::BTreeMap::<(u32, i64), f64>::new();
    for r in &body {
        let line = starts
            .entry((r.page, (r.baseline * 10.0).round() as i64))
            .or_insert(r.left);
        *line = line.min(r.left);
    }
    let at = |x: f64| starts.values().filter(|s| (**s - x).abs() < SLACK).count();
    assert!(
        at(LEFT) >= 10 && at(LEFT - HANG) >= 10,
        "{} lines start at {:.0} mm (the text), {} at {:.0} mm (a number)",
        at(LEFT),
        LEFT / MM,
        at(LEFT - HANG),
        (LEFT - HANG) / MM
    );
}

/// The body is set at 10 pt: the size of most of the text block's runs.
#[test]
fn the_body_is_set_at_10_pt() {
    let (_, all) = runs(&report());
    let mut sizes = std::collections::BTreeMap::<i64, usize>::new();
    for r in all.iter().filter(|r| r.page >= 2 && in_block(r)) {
        *sizes.entry((r.size * 10.0).round() as i64).or_default() += 1;
    }
    let (size, _) = sizes.iter().max_by_key(|(_, n)| **n).unwrap();
    assert_eq!(
        *size,
        100,
        "most text is at {} pt: {sizes:?}",
        *size as f64 / 10.0
    );
}

/// Every face the report uses is embedded (the PDF prints the same on a
/// machine without them), and its body face is the one this run had:
/// Libertinus Serif, in its regular, bold and italic.
#[test]
fn the_body_font_is_embedded() {
    let doc = report();
    let mut faces = std::collections::BTreeSet::new();
    for (n, page) in doc.get_pages() {
        for (_, font) in doc.get_page_fonts(page).expect("fonts") {
            let (name, embedded) = face(&doc, font);
            assert!(embedded, "page {n}: {name} is not embedded");
            // A subset's name is `ABCDEF+Name`; a composite font's is
            // followed by its encoding.
            let name = name.split_once('+').map_or(name.as_str(), |(_, n)| n);
            faces.insert(name.trim_end_matches("-Identity-H").to_string());
        }
    }
    for face in [
        "LibertinusSerif-Regular",
        "LibertinusSerif-Bold",
        "LibertinusSerif-Italic",
    ] {
        assert!(faces.contains(face), "no {face} in {faces:?}");
    }
}

/// A font's name and whether its glyphs are in the PDF (a font file in its
/// descriptor, or in its descendant's for a composite font).
fn face(doc: &Document, font: &Dictionary) -> (String, bool) {
    let name = match font.get(b"BaseFont") {
        Ok(Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
        _ => String::new(),
    };
    let descriptor = |d: &Dictionary| {
        doc.get_dict_in_dict(d, b"FontDescriptor").is_ok_and(|fd| {
            [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|k| fd.has(k))
        })
    };
    let descendant = font
        .get_deref(b"DescendantFonts", doc)
        .and_then(Object::as_array)
        .ok()
        .and_then(|a| a.first())
        .and_then(|d| doc.dereference(d).ok())
        .and_then(|(_, d)| d.as_dict().ok());
    // A Type3 font draws its glyphs itself.
    let type3 = matches!(font.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Type3");
    (
        name,
        type3 || descriptor(font) || descendant.is_some_and(descriptor),
    )
}

/// A table's notes are set at the footnotes' size, 8 pt, and as wide as the
/// table, not the text: under the annex table of figures, its note ("Note:
/// Two dots (..) indicate ...") turns over within the table's edges (its
/// 9 pt cells, each inset 4 pt), though the table is much narrower than
/// the text.
#[test]
fn a_tables_notes_are_set_at_8_pt_as_wide_as_the_table() {
    let (boxes, all) = runs(&report());
    let inset = 4.0 + SLACK;
    let mut checked = 0;
    for page in 2..=boxes.len() as u32 {
        let on = |size: f64| -> Vec<&Run> {
            all.iter()
                .filter(|r| r.page == page && in_block(r) && (r.size - size).abs() < 0.05)
                .collect()
        };
        let (cells, small) = (on(9.0), on(8.0));
        let Some(bottom) = cells.iter().map(|r| r.baseline).reduce(f64::max) else {
            continue;
        };
        let notes: Vec<&&Run> = small.iter().filter(|r| r.baseline > bottom).collect();
        if notes.is_empty() {
            continue;
        }
        let left = cells.iter().map(|r| r.left).fold(f64::MAX, f64::min);
        let right = cells.iter().map(|r| r.right).fold(0.0, f64::max);
        assert!(
            right < A4.0 - RIGHT - 20.0 * MM,
            "page {page}: a wide table"
        );
        let lines: std::collections::BTreeSet<i64> = notes
            .iter()
            .map(|r| (r.baseline * 10.0).round() as i64)
            .collect();
        assert!(lines.len() >= 2, "page {page}: the note is one line");
        for r in &notes {
            assert!(
                r.left >= left - inset && r.right <= right + inset,
                "page {page}: a note's text at {:.1}-{:.1} mm, the table's at {:.1}-{:.1} mm",
                r.left / MM,
                r.right / MM,
                left / MM,
                right / MM
            );
        }
        checked += 1;
    }
    assert!(checked > 0, "no page has a table with notes under it");
}
