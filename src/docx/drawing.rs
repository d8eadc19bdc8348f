//! Vector drawings in Word: a group of DrawingML shapes (Word 2010's
//! "wordprocessingGroup") placed inline in a paragraph. The figures
//! ([`figure`], from the chart model's [`Drawing`]) and the job number's
//! barcode ([`barcode`], from [`Barcode`]) are drawn here from the same
//! descriptions the PDF draws, so Word shows the same bars, lines and labels;
//! labels are real text (text boxes), searchable and read aloud.
//!
//! Coordinates arrive in points, y downwards, as in the chart model; they
//! are written in EMU (12,700 a point), rounded, so the bytes are the same on
//! every build. Text enters only through [`Xml::text`].

use super::xml::Xml;
use crate::barcode::Barcode;
use crate::chart::{Anchor, Drawing, Fill, Shape};

/// English Metric Units in a point.
const EMU_PER_PT: f64 = 12_700.0;
/// The outline of bars and swatches (0.5 pt) and of markers (0.6 pt), as the
/// PDF layout draws them.
const RECT_OUTLINE_PT: f64 = 0.5;
const MARKER_OUTLINE_PT: f64 = 0.6;
/// A label's ascent over its size (Times New Roman): a text box's top is
/// this far above the label's baseline.
const ASCENT: f64 = 0.891;
/// A label's text box is this wide (as the PDF layout's boxes for centred
/// and right-aligned labels), within the drawing.
const LABEL_BOX_PT: f64 = 200.0;

const GROUP_URI: &str = "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup";

fn emu(pt: f64) -> String {
    ((pt * EMU_PER_PT).round() as i64).to_string()
}

/// What Word's drawing frame says of a drawing: its id (unique in the
/// package), name and alternative text.
pub(crate) struct Frame<'a> {
    pub id: u32,
    pub name: &'a str,
    pub descr: &'a str,
}

/// The run holding the figure's drawing: its shapes in a group the size of
/// the drawing.
pub(crate) fn figure(x: &mut Xml, d: &Drawing, frame: &Frame) {
    group_run(x, frame, d.width, d.height, |x| {
        for s in &d.shapes {
            shape(x, s, d.width);
        }
    });
}

/// The run holding the barcode's bars, black rectangles without outline.
pub(crate) fn barcode(x: &mut Xml, b: &Barcode, frame: &Frame) {
    group_run(x, frame, b.width, b.height, |x| {
        for bar in &b.bars {
            spr_open(x);
            xfrm(x, bar.x, 0.0, bar.width, b.height);
            preset(x, "rect");
            solid(x, "000000");
            x.open("a:ln", &[]).empty("a:noFill", &[]).close();
            spr_close(x);
        }
    });
}

/// The alternative text of a figure, from its caption and its drawing: what
/// is charted and the series named in its legend. The chart model's first
/// shape is the value axis's title; every other label written from its
/// start is a legend entry.
pub(crate) fn alt_text(caption: &str, d: &Drawing) -> String {
    let texts = d.shapes.iter().filter_map(|s| match s {
        Shape::Text {
            anchor: Anchor::Start,
            text,
            ..
        } => Some(text.as_str()),
        _ => None,
    });
    let series: Vec<&str> = texts.skip(1).collect();
    let mut alt = format!("{caption}. A chart of the number by year");
    if !series.is_empty() {
        alt.push_str(" for ");
        alt.push_str(&series.join("; "));
    }
    alt.push_str(". The exact figures are given in the table above it.");
    alt
}

/// `<w:r>` with the drawing: DrawingML's group, inside the markup
/// compatibility wrapper Word itself writes around it (a reader that does
/// not know groups skips it rather than failing).
fn group_run(x: &mut Xml, frame: &Frame, w: f64, h: f64, shapes: impl FnOnce(&mut Xml)) {
    let (cx, cy) = (emu(w), emu(h));
    x.open("w:r", &[]);
    x.open("mc:AlternateContent", &[]);
    x.open("mc:Choice", &[("Requires", "wpg")]);
    x.open("w:drawing", &[]);
    x.open(
        "wp:inline",
        &[
            ("distT", "0"),
            ("distB", "0"),
            ("distL", "0"),
            ("distR", "0"),
        ],
    );
    x.empty("wp:extent", &[("cx", &cx), ("cy", &cy)]);
    x.empty(
        "wp:effectExtent",
        &[("l", "0"), ("t", "0"), ("r", "0"), ("b", "0")],
    );
    x.empty(
        "wp:docPr",
        &[
            ("id", &frame.id.to_string()),
            ("name", frame.name),
            ("descr", frame.descr),
        ],
    );
    x.empty("wp:cNvGraphicFramePr", &[]);
    x.open("a:graphic", &[]);
    x.open("a:graphicData", &[("uri", GROUP_URI)]);
    x.open("wpg:wgp", &[]);
    x.empty("wpg:cNvGrpSpPr", &[]);
    x.open("wpg:grpSpPr", &[]);
    x.open("a:xfrm", &[]);
    x.empty("a:off", &[("x", "0"), ("y", "0")]);
    x.empty("a:ext", &[("cx", &cx), ("cy", &cy)]);
    x.empty("a:chOff", &[("x", "0"), ("y", "0")]);
    x.empty("a:chExt", &[("cx", &cx), ("cy", &cy)]);
    x.close().close();
    shapes(x);
    // wgp, graphicData, graphic, inline, drawing, Choice, AlternateContent, r
    for _ in 0..8 {
        x.close();
    }
}

/// One shape of the chart model.
fn shape(x: &mut Xml, s: &Shape, width: f64) {
    match s {
        Shape::Rect {
            x: left,
            y,
            w,
            h,
            fill,
        } => {
            spr_open(x);
            xfrm(x, *left, *y, *w, *h);
            preset(x, "rect");
            paint(x, *fill);
            outline(x, RECT_OUTLINE_PT, &[]);
            spr_close(x);
        }
        Shape::Line {
            points,
            width: line,
            dash,
        } => path_shape(x, points, false, None, *line, dash),
        Shape::Polygon { points, fill } => {
            path_shape(x, points, true, Some(*fill), MARKER_OUTLINE_PT, &[])
        }
        Shape::Circle { cx, cy, r, fill } => {
            spr_open(x);
            xfrm(x, cx - r, cy - r, 2.0 * r, 2.0 * r);
            preset(x, "ellipse");
            paint(x, *fill);
            outline(x, MARKER_OUTLINE_PT, &[]);
            spr_close(x);
        }
        Shape::Text {
            x: at,
            y,
            anchor,
            size,
            bold,
            text,
        } => label(x, *at, *y, *anchor, *size, *bold, text, width),
    }
}

/// `<wps:wsp>` and its shape properties opened.
fn spr_open(x: &mut Xml) {
    x.open("wps:wsp", &[]);
    x.empty("wps:cNvSpPr", &[]);
    x.open("wps:spPr", &[]);
}

/// Closes the shape properties; a shape without text has an empty body.
fn spr_close(x: &mut Xml) {
    x.close();
    x.empty("wps:bodyPr", &[]);
    x.close();
}

fn xfrm(x: &mut Xml, left: f64, top: f64, w: f64, h: f64) {
    x.open("a:xfrm", &[]);
    x.empty("a:off", &[("x", &emu(left)), ("y", &emu(top))]);
    x.empty("a:ext", &[("cx", &emu(w)), ("cy", &emu(h))]);
    x.close();
}

fn preset(x: &mut Xml, name: &str) {
    x.open("a:prstGeom", &[("prst", name)])
        .empty("a:avLst", &[])
        .close();
}

fn solid(x: &mut Xml, rgb: &str) {
    x.open("a:solidFill", &[])
        .empty("a:srgbClr", &[("val", rgb)])
        .close();
}

/// The chart model's fills: black, white, a grey, or a hatching on white.
fn paint(x: &mut Xml, f: Fill) {
    let pattern = |x: &mut Xml, prst: &str| {
        x.open("a:pattFill", &[("prst", prst)]);
        x.open("a:fgClr", &[])
            .empty("a:srgbClr", &[("val", "000000")]);
        x.close();
        x.open("a:bgClr", &[])
            .empty("a:srgbClr", &[("val", "FFFFFF")]);
        x.close();
        x.close();
    };
    match f {
        Fill::Black => solid(x, "000000"),
        Fill::White => solid(x, "FFFFFF"),
        Fill::Grey(g) => solid(x, &format!("{g:02X}{g:02X}{g:02X}")),
        Fill::Hatch => pattern(x, "ltUpDiag"),
        Fill::Cross => pattern(x, "diagCross"),
    }
}

/// A black outline `width` points wide, dashed as `dash` (dash and gap
/// lengths in points) when it is not empty.
fn outline(x: &mut Xml, width: f64, dash: &[f64]) {
    x.open("a:ln", &[("w", &emu(width)), ("cap", "flat")]);
    solid(x, "000000");
    if !dash.is_empty() && width > 0.0 {
        // Dash and space lengths are in thousandths of a percent of the
        // line's width.
        let rel = |v: f64| ((v / width * 100_000.0).round() as i64).to_string();
        x.open("a:custDash", &[]);
        for pair in dash.chunks(2) {
            let space = pair.get(1).copied().unwrap_or(pair[0]);
            x.empty("a:ds", &[("d", &rel(pair[0])), ("sp", &rel(space))]);
        }
        x.close();
    }
    x.close();
}

/// A line through `points`, or a closed polygon with a fill. The path is
/// drawn in the box around its points (a straight line's box has no height
/// or width: its path keeps a size of one so the path scales as 1:1).
fn path_shape(
    x: &mut Xml,
    points: &[(f64, f64)],
    closed: bool,
    fill: Option<Fill>,
    width: f64,
    dash: &[f64],
) {
    let Some(&(first_x, first_y)) = points.first() else {
        return;
    };
    let (mut x0, mut y0, mut x1, mut y1) = (first_x, first_y, first_x, first_y);
    for &(px, py) in points {
        x0 = x0.min(px);
        y0 = y0.min(py);
        x1 = x1.max(px);
        y1 = y1.max(py);
    }
    let (w, h) = (emu(x1 - x0), emu(y1 - y0));
    spr_open(x);
    xfrm(x, x0, y0, x1 - x0, y1 - y0);
    x.open("a:custGeom", &[]);
    x.empty("a:avLst", &[]);
    x.empty("a:gdLst", &[]);
    x.empty("a:ahLst", &[]);
    x.empty("a:cxnLst", &[]);
    x.empty("a:rect", &[("l", "0"), ("t", "0"), ("r", "r"), ("b", "b")]);
    x.open("a:pathLst", &[]);
    let one = |v: String| if v == "0" { "1".to_string() } else { v };
    let mut attrs = vec![("w", one(w)), ("h", one(h))];
    if fill.is_none() {
        attrs.push(("fill", "none".to_string()));
    }
    let attrs: Vec<(&'static str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    x.open("a:path", &attrs);
    for (i, &(px, py)) in points.iter().enumerate() {
        x.open(if i == 0 { "a:moveTo" } else { "a:lnTo" }, &[]);
        x.empty("a:pt", &[("x", &emu(px - x0)), ("y", &emu(py - y0))]);
        x.close();
    }
    if closed {
        x.empty("a:close", &[]);
    }
    x.close().close().close();
    match fill {
        Some(f) => paint(x, f),
        None => {
            x.empty("a:noFill", &[]);
        }
    }
    outline(x, width, dash);
    spr_close(x);
}

/// A label: a text box without margins or outline whose first baseline is
/// at `y`, starting at, centred on or ending at `at` as `anchor` says, kept
/// within the drawing's `width`.
#[allow(clippy::too_many_arguments)]
fn label(
    x: &mut Xml,
    at: f64,
    y: f64,
    anchor: Anchor,
    size: f64,
    bold: bool,
    text: &str,
    width: f64,
) {
    let (left, right, jc) = match anchor {
        Anchor::Start => (at, (at + LABEL_BOX_PT).min(width), "left"),
        Anchor::End => ((at - LABEL_BOX_PT).max(0.0), at, "right"),
        Anchor::Middle => {
            let half = (LABEL_BOX_PT / 2.0).min(at).min(width - at).max(size);
            (at - half, at + half, "center")
        }
    };
    let top = y - ASCENT * size;
    x.open("wps:wsp", &[]);
    x.empty("wps:cNvSpPr", &[("txBox", "1")]);
    x.open("wps:spPr", &[]);
    xfrm(x, left, top, (right - left).max(size), size * 1.25);
    preset(x, "rect");
    x.empty("a:noFill", &[]);
    x.open("a:ln", &[]).empty("a:noFill", &[]).close();
    x.close();
    x.open("wps:txbx", &[]).open("w:txbxContent", &[]);
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.empty(
        "w:spacing",
        &[
            ("w:before", "0"),
            ("w:after", "0"),
            ("w:line", "240"),
            ("w:lineRule", "auto"),
        ],
    );
    x.empty("w:ind", &[("w:left", "0"), ("w:right", "0")]);
    x.empty("w:jc", &[("w:val", jc)]);
    x.close();
    x.open("w:r", &[]);
    x.open("w:rPr", &[]);
    if bold {
        x.empty("w:b", &[]);
    }
    let half_points = ((size * 2.0).round() as i64).to_string();
    x.empty("w:sz", &[("w:val", &half_points)]);
    x.empty("w:szCs", &[("w:val", &half_points)]);
    x.close();
    x.element("w:t", &[("xml:space", "preserve")], text);
    x.close().close();
    x.close().close();
    x.empty(
        "wps:bodyPr",
        &[
            ("wrap", "none"),
            ("lIns", "0"),
            ("tIns", "0"),
            ("rIns", "0"),
            ("bIns", "0"),
            ("anchor", "t"),
        ],
    );
    x.close();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame<'static> {
        Frame {
            id: 7,
            name: "Figure 1",
            descr: "A \"chart\" <b>",
        }
    }

    #[test]
    fn a_barcode_is_one_rectangle_per_bar_in_emu() {
        let mut x = Xml::fragment();
        barcode(&mut x, &Barcode::new("*"), &frame());
        let xml = x.finish();
        assert_eq!(xml.matches("<wps:wsp>").count(), 5);
        // The third bar: 3.025 pt from the left, 1.375 pt wide.
        assert!(xml.contains("<a:off x=\"38418\" y=\"0\"/><a:ext cx=\"17463\" cy=\"252006\"/>"));
        assert!(xml.contains("descr=\"A &quot;chart&quot; &lt;b&gt;\""));
        assert!(xml.starts_with("<w:r><mc:AlternateContent><mc:Choice Requires=\"wpg\">"));
    }

    #[test]
    fn every_shape_of_the_chart_model_is_drawn_and_labels_are_text() {
        let d = Drawing {
            width: 100.0,
            height: 50.0,
            shapes: vec![
                Shape::Rect {
                    x: 1.0,
                    y: 2.0,
                    w: 3.0,
                    h: 4.0,
                    fill: Fill::Hatch,
                },
                Shape::Line {
                    points: vec![(0.0, 10.0), (50.0, 10.0)],
                    width: 0.5,
                    dash: vec![1.0, 2.0],
                },
                Shape::Polygon {
                    points: vec![(0.0, 0.0), (2.0, 0.0), (1.0, 2.0)],
                    fill: Fill::Grey(90),
                },
                Shape::Circle {
                    cx: 5.0,
                    cy: 5.0,
                    r: 2.0,
                    fill: Fill::White,
                },
                Shape::Text {
                    x: 90.0,
                    y: 20.0,
                    anchor: Anchor::Middle,
                    size: 8.0,
                    bold: true,
                    text: "Total <&>".into(),
                },
            ],
        };
        let mut x = Xml::fragment();
        figure(&mut x, &d, &frame());
        let xml = x.finish();
        assert!(roxmltree::Document::parse(&format!(
            "<r xmlns:w=\"w\" xmlns:a=\"a\" xmlns:wp=\"wp\" xmlns:wps=\"s\" xmlns:wpg=\"g\" xmlns:mc=\"m\">{xml}</r>"
        ))
        .is_ok());
        assert_eq!(xml.matches("<wps:wsp>").count(), 5);
        assert!(xml.contains("<a:pattFill prst=\"ltUpDiag\">"));
        // The dash: 1 pt on, 2 pt off, of a 0.5 pt line.
        assert!(xml.contains("<a:ds d=\"200000\" sp=\"400000\"/>"));
        // A horizontal line keeps a path one unit high.
        assert!(xml.contains("<a:path w=\"635000\" h=\"1\" fill=\"none\">"));
        assert!(xml.contains("<a:srgbClr val=\"5A5A5A\"/>"));
        assert!(xml.contains("<a:prstGeom prst=\"ellipse\">"));
        // Centred on 90 pt in a 100 pt drawing: a box from 80 to 100 pt.
        assert!(xml.contains("<a:off x=\"1016000\" y=\"163474\"/><a:ext cx=\"254000\""));
        assert!(xml.contains("<w:jc w:val=\"center\"/>"));
        assert!(xml.contains("<w:b/><w:sz w:val=\"16\"/>"));
        assert!(xml.contains("<w:t xml:space=\"preserve\">Total &lt;&amp;&gt;</w:t>"));
    }
}
