//! A [`Drawing`] as an SVG file: shapes as SVG elements, labels as `<text>`
//! (real text: searchable, read aloud, copied), the caption as `<title>`.

use std::fmt::Write;

use super::{num, Anchor, Drawing, Fill, Shape};

/// The font the PDF uses, then the usual fallbacks.
const FONT: &str = "'Times New Roman', 'Liberation Serif', 'Libertinus Serif', serif";

/// The whole SVG file.
pub fn document(d: &Drawing, caption: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}pt\" height=\"{h}pt\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"figure-title\">\n<title id=\"figure-title\">{}</title>\n",
        xml(caption),
        w = num(d.width),
        h = num(d.height),
    );
    s.push_str(concat!(
        "<defs>\n",
        "<pattern id=\"hatch\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\"><rect width=\"4\" height=\"4\" fill=\"#fff\"/><path d=\"M0 4L4 0M-1 1L1 -1M3 5L5 3\" stroke=\"#000\" stroke-width=\"0.5\"/></pattern>\n",
        "<pattern id=\"cross\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\"><rect width=\"4\" height=\"4\" fill=\"#fff\"/><path d=\"M0 0L4 4M0 4L4 0\" stroke=\"#000\" stroke-width=\"0.5\"/></pattern>\n",
        "</defs>\n",
    ));
    let _ = writeln!(
        s,
        "<rect width=\"{}\" height=\"{}\" fill=\"#fff\"/>",
        num(d.width),
        num(d.height)
    );
    let _ = writeln!(s, "<g font-family=\"{FONT}\" fill=\"#000\">");
    for shape in &d.shapes {
        element(&mut s, shape);
    }
    s.push_str("</g>\n</svg>\n");
    s
}

fn element(s: &mut String, shape: &Shape) {
    let _ = match shape {
        Shape::Rect { x, y, w, h, fill } => writeln!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#000\" stroke-width=\"0.5\"/>",
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
        } => {
            let dash = if dash.is_empty() {
                String::new()
            } else {
                let d: Vec<String> = dash.iter().map(|x| num(*x)).collect();
                format!(" stroke-dasharray=\"{}\"", d.join(" "))
            };
            writeln!(
                s,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"#000\" stroke-width=\"{}\"{dash}/>",
                points_attr(points),
                num(*width)
            )
        }
        Shape::Polygon { points, fill } => writeln!(
            s,
            "<polygon points=\"{}\" fill=\"{}\" stroke=\"#000\" stroke-width=\"0.6\"/>",
            points_attr(points),
            paint(*fill)
        ),
        Shape::Circle { cx, cy, r, fill } => writeln!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"#000\" stroke-width=\"0.6\"/>",
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
        } => writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{}{}>{}</text>",
            num(*x),
            num(*y),
            num(*size),
            match anchor {
                Anchor::Start => "",
                Anchor::Middle => " text-anchor=\"middle\"",
                Anchor::End => " text-anchor=\"end\"",
            },
            if *bold { " font-weight=\"bold\"" } else { "" },
            xml(text)
        ),
    };
}

fn points_attr(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn paint(f: Fill) -> String {
    match f {
        Fill::Black => "#000".to_string(),
        Fill::White => "#fff".to_string(),
        Fill::Grey(g) => format!("#{g:02x}{g:02x}{g:02x}"),
        Fill::Hatch => "url(#hatch)".to_string(),
        Fill::Cross => "url(#cross)".to_string(),
    }
}

/// Text for XML content and attributes, on one line (see
/// [`crate::escape::xml_into`]).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::escape::xml_into(s, &mut out, true);
    out
}
