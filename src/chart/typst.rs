//! A [`Drawing`] as Typst: a call of the layout's `chart-figure`, which
//! places each shape with typst's own drawing functions (`rect`, `curve`,
//! `polygon`, `circle`, `text`). Text reaches Typst only as string literals
//! through [`typst_string`].

use super::{num, Anchor, Drawing, Fill, Shape};
use crate::escape::typst_string;

/// `#chart-figure(...) <figure-N>`: the caption and the drawing, labelled
/// for the contents, and the alternative text the PDF's Figure carries.
pub fn figure(d: &Drawing, caption: &str, alt: &str, number: u32) -> String {
    format!(
        "#chart-figure({}, {}, {}, (\n{}), alt: {})<figure-{number}>\n\n",
        typst_string(caption),
        num(d.width),
        num(d.height),
        drawing(d),
        typst_string(alt)
    )
}

/// The shapes as an array of dictionaries, one a line.
pub fn drawing(d: &Drawing) -> String {
    let mut s = String::new();
    for shape in &d.shapes {
        s.push_str("  ");
        s.push_str(&dict(shape));
        s.push_str(",\n");
    }
    s
}

fn dict(shape: &Shape) -> String {
    match shape {
        Shape::Rect { x, y, w, h, fill } => format!(
            "(k: \"rect\", x: {}, y: {}, w: {}, h: {}, fill: {})",
            num(*x),
            num(*y),
            num(*w),
            num(*h),
            paint(*fill)
        ),
        Shape::Line {
            points,
            width,
            dash,
        } => format!(
            "(k: \"line\", pts: {}, width: {}, dash: {})",
            points_arr(points),
            num(*width),
            if dash.is_empty() {
                "none".to_string()
            } else {
                format!(
                    "({},)",
                    dash.iter().map(|x| num(*x)).collect::<Vec<_>>().join(", ")
                )
            }
        ),
        Shape::Polygon { points, fill } => format!(
            "(k: \"polygon\", pts: {}, fill: {})",
            points_arr(points),
            paint(*fill)
        ),
        Shape::Circle { cx, cy, r, fill } => format!(
            "(k: \"circle\", x: {}, y: {}, r: {}, fill: {})",
            num(*cx),
            num(*cy),
            num(*r),
            paint(*fill)
        ),
        Shape::Text {
            x,
            y,
            anchor,
            size,
            bold,
            text,
        } => format!(
            "(k: \"text\", x: {}, y: {}, anchor: \"{}\", size: {}, bold: {bold}, t: {})",
            num(*x),
            num(*y),
            match anchor {
                Anchor::Start => "start",
                Anchor::Middle => "middle",
                Anchor::End => "end",
            },
            num(*size),
            typst_string(text)
        ),
    }
}

fn points_arr(points: &[(f64, f64)]) -> String {
    let p: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("({}, {})", num(*x), num(*y)))
        .collect();
    format!("({},)", p.join(", "))
}

/// A fill as the layout's `chart-paint` reads it: a grey level (0 black,
/// 255 white) or a pattern's name.
fn paint(f: Fill) -> String {
    match f {
        Fill::Black => "0".to_string(),
        Fill::White => "255".to_string(),
        Fill::Grey(g) => g.to_string(),
        Fill::Hatch => "\"hatch\"".to_string(),
        Fill::Cross => "\"cross\"".to_string(),
    }
}
