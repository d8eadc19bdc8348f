//! The chart description: which series, scales, gaps, and the two drawings.

use super::*;
use crate::model::StatisticInfo;

fn stat(rows: &[(&str, &[Option<u64>])], years: &[i32], chart: Chart) -> StatisticInfo {
    let complete = rows
        .iter()
        .all(|(_, cells)| cells.iter().all(Option::is_some));
    let rows: Vec<crate::model::StatisticRow> = rows
        .iter()
        .map(|(from, cells)| {
            let mut cells = cells.to_vec();
            cells.push(Some(cells.iter().flatten().sum()));
            crate::model::StatisticRow {
                from: from.to_string(),
                cells,
            }
        })
        .collect();
    StatisticInfo {
        key: "cases".into(),
        label: "Cases".into(),
        years: years.to_vec(),
        rows,
        totals: Vec::new(),
        reporting: Vec::new(),
        complete,
        revised_by: Vec::new(),
        chart,
        chart_note: String::new(),
    }
}

#[test]
fn scales_step_by_one_two_or_five() {
    assert_eq!(scale(0), (1, 1));
    assert_eq!(scale(3), (1, 3));
    assert_eq!(scale(7), (2, 8));
    assert_eq!(scale(3_572), (1_000, 4_000));
    assert_eq!(scale(2_962), (1_000, 3_000));
    assert_eq!(scale(u64::MAX).1, u64::MAX);
}

#[test]
fn up_to_six_states_are_drawn_one_by_one() {
    let rows: Vec<(String, Vec<Option<u64>>)> = (0..6)
        .map(|i| (format!("S{i}"), vec![Some(i as u64)]))
        .collect();
    let rows: Vec<(&str, &[Option<u64>])> = rows
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_slice()))
        .collect();
    let sel = select(&stat(&rows, &[2000], Chart::Bars), Chart::Bars);
    assert_eq!(sel.series.len(), 6);
    assert_eq!(sel.grouped, 0);
    assert!(sel.total.is_none());
}

#[test]
fn a_total_line_only_when_the_same_states_report_every_year() {
    let every: &[Option<u64>] = &[Some(1), Some(2)];
    let gap: &[Option<u64>] = &[Some(1), None];
    let st = stat(&[("A", every), ("B", every)], &[2000, 2001], Chart::Lines);
    let total = select(&st, Chart::Lines).total.expect("a total line");
    assert_eq!(total.values, [Some(2), Some(4)]);
    assert!(note(&st, Chart::Lines).contains("The total line covers every State shown"));
    let st = stat(&[("A", every), ("B", gap)], &[2000, 2001], Chart::Lines);
    assert!(select(&st, Chart::Lines).total.is_none());
    assert!(!note(&st, Chart::Lines).contains("total"));
}

#[test]
fn forty_states_are_five_largest_and_the_others_grouped() {
    let rows: Vec<(String, Vec<Option<u64>>)> = (0..40)
        .map(|i| (format!("S{i:02}"), vec![Some(i as u64), None]))
        .collect();
    let rows: Vec<(&str, &[Option<u64>])> = rows
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_slice()))
        .collect();
    let st = stat(&rows, &[2000, 2001], Chart::Lines);
    let sel = select(&st, Chart::Lines);
    let names: Vec<&str> = sel.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["S39", "S38", "S37", "S36", "S35", "Other States"]);
    assert_eq!(sel.grouped, 35);
    // The others' figures added up; a year nobody reported stays a gap.
    assert_eq!(sel.series[5].values, [Some((0..35).sum()), None]);
    // Nobody reported 2001: the States reporting change, so no total line.
    assert!(sel.total.is_none());
    let note = note(&st, Chart::Lines);
    assert!(
        note.starts_with(
            "The five States with the largest totals are shown separately; the figures for the other 35 States \
             are combined under \u{201c}Other States\u{201d}."
        ),
        "{note}"
    );
    assert!(
        note.contains("A break in a line indicates that no figure was reported for that year."),
        "{note}"
    );
}

#[test]
fn a_missing_figure_is_a_gap_not_a_zero() {
    let st = stat(
        &[("A", &[Some(5), None, Some(0)])],
        &[2000, 2001, 2002],
        Chart::Bars,
    );
    let d = describe(&st, Chart::Bars);
    let bars = d
        .shapes
        .iter()
        .filter(|s| matches!(s, Shape::Rect { .. }))
        .count();
    // Two bars (5 and a zero-height 0) and the legend swatch; `..` where 2001 is.
    assert_eq!(bars, 3);
    assert!(d
        .shapes
        .iter()
        .any(|s| matches!(s, Shape::Text { text, .. } if text == "..")));
    // Lines: the line breaks at the gap: no segment crosses 2001.
    let st = stat(
        &[
            ("A", &[Some(5), None, Some(7)]),
            ("B", &[Some(1), Some(2), Some(3)]),
        ],
        &[2000, 2001, 2002],
        Chart::Lines,
    );
    let d = describe(&st, Chart::Lines);
    let series_lines: Vec<usize> = d
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Line { points, width, .. } if *width > 0.5 && points.len() > 1 => {
                Some(points.len())
            }
            _ => None,
        })
        .collect();
    // No total (A did not report 2001), A has no line (two lone points),
    // B (3 points); then the legend's two short lines.
    assert_eq!(series_lines, [3, 2, 2]);
}

#[test]
fn both_drawings_carry_the_labels_as_text_escaped() {
    let name = "<b>&\"Côte d'Ivoire\" #set $x$ //";
    let st = stat(
        &[(name, &[Some(3041), Some(12)])],
        &[2000, 2001],
        Chart::Bars,
    );
    let fig = Figure {
        number: 1,
        file_name: "X.figure-1.svg".into(),
        caption: "Figure I. Cases, 2000-2001".into(),
        alt: format!("Bar chart of {name}"),
        drawing: describe(&st, Chart::Bars),
    };
    let svg = fig.svg();
    assert!(svg.contains("<title id=\"figure-title\">Figure I. Cases, 2000-2001</title>"));
    assert!(svg.contains(">&lt;b&gt;&amp;&quot;Côte d&apos;Ivoire&quot; #set $x$ //</text>"));
    assert!(svg.contains(">2000</text>") && svg.contains(">4,000</text>"));
    let typ = fig.typst();
    assert!(typ.contains(&crate::escape::typst_string(name)));
    assert!(typ.starts_with("#chart-figure(\"Figure I. Cases, 2000-2001\", 396,"));
    assert!(typ.contains("t: \"4,000\""));
    let alt = crate::escape::typst_string(&format!("Bar chart of {name}"));
    assert!(typ.contains(&format!("), alt: {alt})<figure-1>")), "{typ}");
    // The same description twice gives the same bytes.
    assert_eq!(svg, fig.svg());
    assert_eq!(typ, fig.typst());
}

#[test]
fn many_years_are_labelled_while_the_labels_fit() {
    let years: Vec<i32> = (1990..2020).collect();
    let cells: Vec<Option<u64>> = years.iter().map(|_| Some(1)).collect();
    let d = describe(&stat(&[("A", &cells)], &years, Chart::Lines), Chart::Lines);
    let labels: Vec<&str> = d
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text { text, .. } if text.starts_with("19") || text.starts_with("20") => {
                Some(text.as_str())
            }
            _ => None,
        })
        .collect();
    assert_eq!(labels.first(), Some(&"1990"));
    assert!(labels.len() < 30 && labels.len() >= 10, "{labels:?}");
    // Everything stays within the text width.
    for s in &d.shapes {
        if let Shape::Line { points, .. } | Shape::Polygon { points, .. } = s {
            assert!(points.iter().all(|(x, _)| *x >= 0.0 && *x <= WIDTH));
        }
    }
}
