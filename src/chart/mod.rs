//! Figures of the statistics: one chart description per figure ([`Drawing`]:
//! the scales, ticks, bars or lines and labels, already placed), drawn twice
//! from the same shapes: as Typst drawing commands for the PDF
//! ([`typst::drawing`]) and as SVG elements beside the Markdown
//! ([`svg::document`]). Neither drawing decides anything, so the two cannot
//! disagree; labels are real text in both.
//!
//! The design reads for 1 to 40 States: up to six States are drawn one by
//! one; with more, the five with the largest totals are drawn and the others
//! are added together as "Other States" (the note says so). A lines chart
//! also draws the total of all States when more than one State gave figures
//! and the same States gave a figure every year (a total over a changing set
//! of States would show their number changing, not the trend). The value
//! axis is titled with what is counted: the statistic's label.
//! Series differ by shade or hatching (bars) and by dash and marker (lines),
//! never by colour. A missing figure is a gap (no bar, `..` on the axis; a
//! break in the line), never a zero.

pub mod alt;
pub mod svg;
pub mod typst;

use crate::model::StatisticInfo;
use crate::style::thousands;
use crate::submissions::Chart;

/// Width of a figure: the annex text width beside the hanging indent (140 mm).
pub const WIDTH: f64 = 396.0;
/// Height of the plotting area.
const PLOT_HEIGHT: f64 = 150.0;
/// Top of the plotting area (room for the axis title above it).
const PLOT_TOP: f64 = 20.0;
/// Size of the labels.
const LABEL_SIZE: f64 = 8.0;
/// States drawn one by one before the rest are grouped.
const SHOWN: usize = 5;
/// Height of one legend row.
const LEGEND_ROW: f64 = 13.0;

/// One statistic's figure, numbered.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub number: u32,
    /// `E_CN.15_2004_7.figure-1.svg`, beside the Markdown.
    pub file_name: String,
    /// `Figure I. Reported cases of kidnapping, 2000-2003`
    pub caption: String,
    /// What a screen reader says in place of the drawing ([`alt::text`]).
    pub alt: String,
    pub drawing: Drawing,
}

impl Figure {
    /// The SVG file written beside the Markdown.
    pub fn svg(&self) -> String {
        svg::document(&self.drawing, &self.caption)
    }

    /// The Typst code that draws the figure in the PDF.
    pub fn typst(&self) -> String {
        typst::figure(&self.drawing, &self.caption, &self.alt, self.number)
    }
}

/// The chart description: a canvas in points and what is drawn on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    pub width: f64,
    pub height: f64,
    pub shapes: Vec<Shape>,
}

/// Everything is drawn in black on white, with a 0.5 pt black outline where
/// a shape has one.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A bar or a legend swatch, outlined.
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Fill,
    },
    /// An open line through `points` (an axis, a tick, a series).
    Line {
        points: Vec<(f64, f64)>,
        width: f64,
        /// Dash and gap lengths; empty for a solid line.
        dash: Vec<f64>,
    },
    /// A closed marker, outlined.
    Polygon { points: Vec<(f64, f64)>, fill: Fill },
    /// A round marker, outlined.
    Circle {
        cx: f64,
        cy: f64,
        r: f64,
        fill: Fill,
    },
    /// A label; `y` is its baseline.
    Text {
        x: f64,
        y: f64,
        anchor: Anchor,
        size: f64,
        bold: bool,
        text: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    Black,
    White,
    /// A grey: 0 black, 255 white.
    Grey(u8),
    /// Diagonal hatching on white.
    Hatch,
    /// Cross-hatching on white.
    Cross,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A series drawn: a State, the group of the others, or the total.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// Per year; none where no figure was given.
    pub values: Vec<Option<u64>>,
}

/// What a figure shows of a statistic's table.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// The total of all States first, when drawn.
    pub total: Option<Series>,
    /// The States drawn one by one, largest total first, then "Other States".
    pub series: Vec<Series>,
    /// How many States "Other States" adds together (0: no such series).
    pub grouped: usize,
}

/// The series a figure of `st` draws (see the module's documentation).
pub fn select(st: &StatisticInfo, kind: Chart) -> Selection {
    let years = st.years.len();
    let rows: Vec<Series> = st
        .rows
        .iter()
        .map(|r| Series {
            name: r.from.clone(),
            values: r.cells.iter().take(years).copied().collect(),
        })
        .collect();
    let sum = |rows: &[Series]| -> Vec<Option<u64>> {
        (0..years)
            .map(|i| {
                rows.iter()
                    .filter_map(|r| r.values[i])
                    .fold(None, |a: Option<u64>, n| {
                        Some(a.unwrap_or(0).saturating_add(n))
                    })
            })
            .collect()
    };
    let total = (kind == Chart::Lines && rows.len() > 1 && st.complete).then(|| Series {
        name: "Total".to_string(),
        values: sum(&rows),
    });
    if rows.len() <= SHOWN + 1 {
        return Selection {
            total,
            series: rows,
            grouped: 0,
        };
    }
    let row_total = |s: &Series| {
        s.values
            .iter()
            .flatten()
            .fold(0u64, |a, n| a.saturating_add(*n))
    };
    let mut order: Vec<usize> = (0..rows.len()).collect();
    // Largest total first; equal totals keep the table's (alphabetical) order.
    order.sort_by(|a, b| {
        row_total(&rows[*b])
            .cmp(&row_total(&rows[*a]))
            .then(a.cmp(b))
    });
    let mut series: Vec<Series> = order[..SHOWN].iter().map(|i| rows[*i].clone()).collect();
    let others: Vec<Series> = order[SHOWN..].iter().map(|i| rows[*i].clone()).collect();
    series.push(Series {
        name: "Other States".to_string(),
        values: sum(&others),
    });
    Selection {
        total,
        series,
        grouped: others.len(),
    }
}

/// The note under a figure: what is grouped, and that gaps are not zeros.
pub fn note(st: &StatisticInfo, kind: Chart) -> String {
    let sel = select(st, kind);
    let mut parts = Vec::new();
    if sel.grouped > 0 {
        parts.push(format!(
            "The {} States with the largest totals are shown separately; the figures for the other {} States are combined under \u{201c}Other States\u{201d}.",
            crate::style::spell(SHOWN as i64),
            crate::style::spell(sel.grouped as i64)
        ));
    }
    if sel.total.is_some() {
        parts.push("The total line covers every State shown, each of which reported a figure for every year.".to_string());
    }
    let gaps = sel
        .series
        .iter()
        .any(|s| s.values.iter().any(Option::is_none));
    if gaps {
        parts.push(match kind {
            Chart::Lines => "A break in a line indicates that no figure was reported for that year.".to_string(),
            _ => "Two dots (..) in place of a bar indicate that no figure was reported for that year.".to_string(),
        });
    }
    parts.push("The exact figures are given in the table above.".to_string());
    parts.join(" ")
}

/// The chart description of `st` drawn as `kind`: the value axis, the year
/// axis, the bars or lines, then the legend below, in that order (the order
/// the shapes are written in both drawings).
pub fn describe(st: &StatisticInfo, kind: Chart) -> Drawing {
    let sel = select(st, kind);
    let drawn: Vec<&Series> = sel.total.iter().chain(&sel.series).collect();
    let styles = styles(&sel, drawn.len());
    let plot = Plot::new(&drawn, st.years.len());
    let mut shapes = plot.value_axis(&st.label);
    shapes.extend(plot.year_axis(&st.years));
    shapes.extend(match kind {
        Chart::Lines => plot.lines(&drawn, &styles),
        _ => plot.bars(&drawn, &styles),
    });
    let legend = legend(&drawn, &styles, kind, sel.total.is_some(), plot.y1);
    shapes.extend(legend.shapes);
    Drawing {
        width: WIDTH,
        height: legend.bottom,
        shapes,
    }
}

/// The look of each series drawn, in order: the total (when drawn) in its
/// own heavy style, then the States through [`STYLES`] (repeating past six).
fn styles(sel: &Selection, drawn: usize) -> Vec<Style> {
    (0..drawn)
        .map(|i| {
            if sel.total.is_some() {
                if i == 0 {
                    Style::TOTAL
                } else {
                    STYLES[(i - 1) % STYLES.len()]
                }
            } else {
                STYLES[i % STYLES.len()]
            }
        })
        .collect()
}

/// A label in the regular size, placed to a tenth of a point.
fn label(x: f64, y: f64, anchor: Anchor, t: &str) -> Shape {
    Shape::Text {
        x: round(x),
        y: round(y),
        anchor,
        size: LABEL_SIZE,
        bold: false,
        text: t.to_string(),
    }
}

/// The plotting area and its scale: where a value and a year fall.
struct Plot {
    /// Left edge (the value axis), right edge, top and bottom (the year axis).
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    /// The tick interval and the top of the value axis (see [`scale`]).
    step: u64,
    top: u64,
    /// The tick labels, from 0 up to `top`.
    tick_labels: Vec<String>,
    /// The width given to each year.
    slot: f64,
}

impl Plot {
    /// The scale for the largest figure drawn, and the area left for the plot
    /// once the tick labels have room.
    fn new(drawn: &[&Series], years: usize) -> Plot {
        let max = drawn
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .copied()
            .max()
            .unwrap_or(0);
        let (step, top) = scale(max);
        let tick_labels: Vec<String> = (0..=top / step).map(|i| thousands(i * step)).collect();
        let widest = tick_labels
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(1);
        // Tick labels are right-aligned against the axis: room for the widest.
        let x0 = round(6.0 + widest as f64 * LABEL_SIZE * 0.5 + 4.0);
        let x1 = WIDTH - 4.0;
        Plot {
            x0,
            x1,
            y0: PLOT_TOP,
            y1: PLOT_TOP + PLOT_HEIGHT,
            step,
            top,
            tick_labels,
            slot: (x1 - x0) / years.max(1) as f64,
        }
    }

    /// The height of a value.
    fn y_of(&self, v: u64) -> f64 {
        round(self.y1 - v as f64 / self.top as f64 * PLOT_HEIGHT)
    }

    /// The middle of the `i`th year's slot.
    fn centre(&self, i: usize) -> f64 {
        round(self.x0 + self.slot * (i as f64 + 0.5))
    }

    /// The value axis: its title (what is counted), ticks, dotted
    /// gridlines and labels, then the axis line. The tick at 0 runs the full
    /// width as the base line.
    fn value_axis(&self, title: &str) -> Vec<Shape> {
        let (x0, x1) = (self.x0, self.x1);
        let mut shapes = vec![label(0.0, 9.0, Anchor::Start, title)];
        for (i, text) in self.tick_labels.iter().enumerate() {
            let y = self.y_of(i as u64 * self.step);
            shapes.push(Shape::Line {
                points: vec![(x0 - 3.0, y), (if i == 0 { x1 } else { x0 }, y)],
                width: 0.5,
                dash: Vec::new(),
            });
            if i > 0 {
                shapes.push(Shape::Line {
                    points: vec![(x0, y), (x1, y)],
                    width: 0.25,
                    dash: vec![1.0, 2.0],
                });
            }
            shapes.push(label(x0 - 5.0, y + 2.8, Anchor::End, text));
        }
        shapes.push(Shape::Line {
            points: vec![(x0, self.y0 - 4.0), (x0, self.y1)],
            width: 0.5,
            dash: Vec::new(),
        });
        shapes
    }

    /// The year axis: a tick per year, the year labels, and the title.
    fn year_axis(&self, years: &[i32]) -> Vec<Shape> {
        let y1 = self.y1;
        // Every year labelled while the labels fit; else every second, third
        // ... (the first always).
        let every = (24.0 / self.slot).ceil().max(1.0) as usize;
        let mut shapes = Vec::new();
        for (i, year) in years.iter().enumerate() {
            let x = self.centre(i);
            shapes.push(Shape::Line {
                points: vec![(x, y1), (x, y1 + 3.0)],
                width: 0.5,
                dash: Vec::new(),
            });
            if i % every == 0 {
                shapes.push(label(x, y1 + 11.0, Anchor::Middle, &year.to_string()));
            }
        }
        shapes.push(label(
            (self.x0 + self.x1) / 2.0,
            y1 + 24.0,
            Anchor::Middle,
            "Year",
        ));
        shapes
    }

    /// One line per series, broken where a figure is missing (a gap is not a
    /// zero), with a marker on every figure; each series' markers follow its
    /// line so they sit on top of it.
    fn lines(&self, drawn: &[&Series], styles: &[Style]) -> Vec<Shape> {
        let mut shapes = Vec::new();
        for (s, style) in drawn.iter().zip(styles) {
            let mut run: Vec<(f64, f64)> = Vec::new();
            let mut marks = Vec::new();
            for (i, v) in s.values.iter().enumerate() {
                match v {
                    Some(v) => {
                        run.push((self.centre(i), self.y_of(*v)));
                        marks.push((self.centre(i), self.y_of(*v)));
                    }
                    None => flush_line(&mut run, style, &mut shapes),
                }
            }
            flush_line(&mut run, style, &mut shapes);
            for (x, y) in marks {
                shapes.push(style.marker(x, y));
            }
        }
        shapes
    }

    /// The series' bars side by side in each year's slot (80% of it, at most
    /// 24 pt a bar); a missing figure is `..` on the axis instead of a bar.
    fn bars(&self, drawn: &[&Series], styles: &[Style]) -> Vec<Shape> {
        let y1 = self.y1;
        let n = drawn.len().max(1) as f64;
        let bar = (self.slot * 0.8 / n).min(24.0);
        let mut shapes = Vec::new();
        for (k, (s, style)) in drawn.iter().zip(styles).enumerate() {
            for (i, v) in s.values.iter().enumerate() {
                let x = round(self.centre(i) - bar * n / 2.0 + bar * k as f64);
                match v {
                    Some(v) => shapes.push(Shape::Rect {
                        x,
                        y: self.y_of(*v),
                        w: round(bar),
                        h: round(y1 - self.y_of(*v)),
                        fill: style.fill,
                    }),
                    None => shapes.push(Shape::Text {
                        x: round(x + bar / 2.0),
                        y: y1 - 2.0,
                        anchor: Anchor::Middle,
                        size: 6.0,
                        bold: false,
                        text: "..".to_string(),
                    }),
                }
            }
        }
        shapes
    }
}

/// The legend's shapes and the bottom of the figure below it.
struct Legend {
    shapes: Vec<Shape>,
    bottom: f64,
}

/// The legend, below the year axis (whose bottom is `y1`): a swatch (bars) or
/// a line with its marker (lines) and the name of each series, in two
/// columns when every name is short. The total, when drawn, is named in bold.
fn legend(drawn: &[&Series], styles: &[Style], kind: Chart, total: bool, y1: f64) -> Legend {
    let legend_top = y1 + 36.0;
    let columns = if drawn.iter().all(|s| s.name.chars().count() <= 34) && drawn.len() > 1 {
        2
    } else {
        1
    };
    let col_width = WIDTH / columns as f64;
    let mut shapes = Vec::new();
    for (i, (s, style)) in drawn.iter().zip(styles).enumerate() {
        let x = round(col_width * (i % columns) as f64);
        let y = round(legend_top + LEGEND_ROW * (i / columns) as f64);
        shapes.push(legend_key(style, kind, x, y));
        if kind == Chart::Lines {
            shapes.push(style.marker(x + 10.0, y - 3.0));
        }
        shapes.push(Shape::Text {
            x: x + 25.0,
            y,
            anchor: Anchor::Start,
            size: LABEL_SIZE,
            bold: total && i == 0,
            text: s.name.clone(),
        });
    }
    let rows = drawn.len().div_ceil(columns);
    Legend {
        shapes,
        bottom: round(legend_top + LEGEND_ROW * rows.saturating_sub(1) as f64 + 4.0),
    }
}

/// A legend entry's key, its baseline at `y`: a short stretch of the line
/// (lines; the marker is drawn over it), or a swatch of the fill (bars).
fn legend_key(style: &Style, kind: Chart, x: f64, y: f64) -> Shape {
    match kind {
        Chart::Lines => Shape::Line {
            points: vec![(x, y - 3.0), (x + 20.0, y - 3.0)],
            width: style.width,
            dash: style.dash.to_vec(),
        },
        _ => Shape::Rect {
            x,
            y: y - 8.0,
            w: 14.0,
            h: 8.0,
            fill: style.fill,
        },
    }
}

/// A series' look: a fill for bars; a line and a marker for lines.
#[derive(Debug, Clone, Copy)]
struct Style {
    fill: Fill,
    width: f64,
    dash: &'static [f64],
    marker: Marker,
}

#[derive(Debug, Clone, Copy)]
enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    Down,
}

impl Style {
    const TOTAL: Style = Style {
        fill: Fill::Black,
        width: 1.8,
        dash: &[],
        marker: Marker::Circle,
    };

    fn marker(&self, x: f64, y: f64) -> Shape {
        let r = 2.6;
        let pts = |p: &[(f64, f64)]| -> Vec<(f64, f64)> {
            p.iter()
                .map(|(a, b)| (round(x + a), round(y + b)))
                .collect()
        };
        match self.marker {
            Marker::Circle => Shape::Circle {
                cx: x,
                cy: y,
                r: if self.width > 1.0 { 2.4 } else { 2.2 },
                fill: self.fill,
            },
            Marker::Square => Shape::Polygon {
                points: pts(&[(-2.2, -2.2), (2.2, -2.2), (2.2, 2.2), (-2.2, 2.2)]),
                fill: self.fill,
            },
            Marker::Triangle => Shape::Polygon {
                points: pts(&[(0.0, -r), (r, r * 0.8), (-r, r * 0.8)]),
                fill: self.fill,
            },
            Marker::Diamond => Shape::Polygon {
                points: pts(&[(0.0, -r), (r, 0.0), (0.0, r), (-r, 0.0)]),
                fill: self.fill,
            },
            Marker::Down => Shape::Polygon {
                points: pts(&[(0.0, r), (r, -r * 0.8), (-r, -r * 0.8)]),
                fill: self.fill,
            },
        }
    }
}

/// The States' looks, in order: each differs from the others in black and
/// white (bars by shade or hatching; lines by dash and marker).
const STYLES: [Style; 6] = [
    Style {
        fill: Fill::Grey(90),
        width: 0.9,
        dash: &[],
        marker: Marker::Square,
    },
    Style {
        fill: Fill::White,
        width: 0.9,
        dash: &[4.0, 2.0],
        marker: Marker::Circle,
    },
    Style {
        fill: Fill::Hatch,
        width: 0.9,
        dash: &[1.0, 1.5],
        marker: Marker::Triangle,
    },
    Style {
        fill: Fill::Grey(190),
        width: 0.9,
        dash: &[5.0, 1.5, 1.0, 1.5],
        marker: Marker::Diamond,
    },
    Style {
        fill: Fill::Cross,
        width: 0.9,
        dash: &[8.0, 2.5],
        marker: Marker::Down,
    },
    Style {
        fill: Fill::Black,
        width: 0.6,
        dash: &[2.0, 2.0],
        marker: Marker::Square,
    },
];

fn flush_line(run: &mut Vec<(f64, f64)>, style: &Style, shapes: &mut Vec<Shape>) {
    if run.len() > 1 {
        shapes.push(Shape::Line {
            points: std::mem::take(run),
            width: style.width,
            dash: style.dash.to_vec(),
        });
    }
    run.clear();
}

/// A step of 1, 2 or 5 times a power of ten giving at most five intervals,
/// and the top of the axis (a multiple of the step at or above `max`).
pub fn scale(max: u64) -> (u64, u64) {
    if max == 0 {
        return (1, 1);
    }
    let mut magnitude = 1u64;
    loop {
        for m in [1u64, 2, 5] {
            let step = m.saturating_mul(magnitude);
            if step.saturating_mul(5) >= max {
                return (step, max.div_ceil(step).saturating_mul(step));
            }
        }
        magnitude = magnitude.saturating_mul(10);
    }
}

/// Coordinates to a tenth of a point: the same bytes on every build.
fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A coordinate as both drawings write it: `12.5`, `12`.
pub(crate) fn num(x: f64) -> String {
    let r = round(x);
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests;
