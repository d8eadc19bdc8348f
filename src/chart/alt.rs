//! A figure's alternative text: what a screen reader says in place of the
//! drawing. Made from the same selection of series the drawing shows
//! ([`super::select`]), so the words and the bars cannot disagree: the kind
//! of chart, what is plotted over which years, which States, then every
//! value drawn, year by year as the bars are grouped ("no figure from
//! Chile" where the drawing has a gap, never a zero). Read year by year,
//! each figure comes with its State's name: a list of bare numbers does not
//! read as language (and accessibility checkers flag it).

use super::{select, Series};
use crate::model::StatisticInfo;
use crate::style::{spell, thousands};
use crate::submissions::Chart;

/// The alternative text of the figure of `st` drawn as `kind`: "Bar chart
/// of reported cases of kidnapping, 2000-2003, for the five States with the
/// largest totals and the other 12 States combined: in 2000, South Africa
/// 2,781, ... and Other States 1,204; in 2001, ...".
pub fn text(st: &StatisticInfo, kind: Chart) -> String {
    let sel = select(st, kind);
    let chart = match kind {
        Chart::Lines => "Line chart",
        _ => "Bar chart",
    };
    let head = format!(
        "{chart} of {}, {}",
        lower_first(&st.label),
        years(&st.years)
    );
    if sel.series.is_empty() {
        return format!("{head}: no State reported a figure.");
    }
    let mut scope = scope(&sel.series, sel.grouped);
    if sel.total.is_some() {
        scope.push_str(" and their total");
    }
    let drawn: Vec<&Series> = sel.total.iter().chain(&sel.series).collect();
    let values = match drawn.as_slice() {
        [only] => one_series(only, &st.years),
        _ => (0..st.years.len())
            .map(|i| year(st.years[i], &drawn, i))
            .collect::<Vec<_>>()
            .join("; "),
    };
    format!("{head}, {scope}: {values}.")
}

/// `2000-2003`, as the caption writes the years; one year alone.
fn years(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(first), Some(last)) if first != last => format!("{first}-{last}"),
        (Some(only), _) => only.to_string(),
        _ => String::new(),
    }
}

/// Which States are drawn: one by one, or the largest and the rest together.
fn scope(series: &[Series], grouped: usize) -> String {
    if grouped > 0 {
        let shown = series.len() - 1;
        return format!(
            "for the {} States with the largest totals and the other {} States combined",
            spell(shown as i64),
            spell(grouped as i64)
        );
    }
    match series {
        [only] => format!("for {}", only.name),
        _ => format!(
            "for the {} States that reported figures",
            spell(series.len() as i64)
        ),
    }
}

/// `in 2001, South Africa 2,954, no figure from Chile and Other States 463`:
/// the `i`th figure of each series drawn.
fn year(year: i32, drawn: &[&Series], i: usize) -> String {
    let values: Vec<String> = drawn
        .iter()
        .map(|s| match s.values.get(i).copied().flatten() {
            Some(n) => format!("{} {}", s.name, thousands(n)),
            None => format!("no figure from {}", s.name),
        })
        .collect();
    format!("in {year}, {}", and_list(&values))
}

/// `in 2000, Chile reported 2,781; in 2001, Chile reported no figure`: the
/// one State drawn, named with each figure (bare figures, year after year,
/// would not read as language).
fn one_series(s: &Series, years: &[i32]) -> String {
    let values: Vec<String> = s
        .values
        .iter()
        .zip(years)
        .map(|(v, year)| match v {
            Some(n) => format!("in {year}, {} reported {}", s.name, thousands(*n)),
            None => format!("in {year}, {} reported no figure", s.name),
        })
        .collect();
    values.join("; ")
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// A label as it reads inside a sentence: `Reported cases` -> `reported
/// cases`; a first word in capitals (`UNODC`) or with capitals inside
/// (`eBay`) is left alone.
fn lower_first(label: &str) -> String {
    let first_word = label.split_whitespace().next().unwrap_or("");
    let mut chars = first_word.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase)
        && chars.clone().next().is_some()
        && chars.all(|c| !c.is_uppercase());
    if !capitalised {
        return label.to_string();
    }
    let mut out = String::with_capacity(label.len());
    let mut it = label.chars();
    if let Some(c) = it.next() {
        out.extend(c.to_lowercase());
    }
    out.extend(it);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StatisticRow;

    fn stat(label: &str, years: &[i32], rows: &[(&str, Vec<Option<u64>>)]) -> StatisticInfo {
        StatisticInfo {
            key: "cases".into(),
            label: label.into(),
            years: years.to_vec(),
            rows: rows
                .iter()
                .map(|(from, cells)| {
                    let mut cells = cells.clone();
                    cells.push(Some(cells.iter().flatten().sum()));
                    StatisticRow {
                        from: from.to_string(),
                        cells,
                    }
                })
                .collect(),
            totals: Vec::new(),
            reporting: Vec::new(),
            complete: false,
            revised_by: Vec::new(),
            chart: Chart::Bars,
            chart_note: String::new(),
        }
    }

    #[test]
    fn bars_of_a_few_states_give_every_value_and_every_gap() {
        let st = stat(
            "Reported cases of kidnapping",
            &[2000, 2001, 2002],
            &[
                ("Austria", vec![Some(12), None, Some(1_204)]),
                ("South Africa", vec![Some(2_781), Some(2_995), Some(3_010)]),
            ],
        );
        assert_eq!(
            text(&st, Chart::Bars),
            "Bar chart of reported cases of kidnapping, 2000-2002, for the two States \
             that reported figures: in 2000, Austria 12 and South Africa 2,781; in 2001, \
             no figure from Austria and South Africa 2,995; in 2002, Austria 1,204 and \
             South Africa 3,010."
        );
    }

    #[test]
    fn lines_name_the_total_first_as_the_legend_does() {
        let mut st = stat(
            "Victims",
            &[2000, 2001],
            &[
                ("Chile", vec![Some(1), Some(2)]),
                ("Peru", vec![Some(10), Some(20)]),
            ],
        );
        // The same States every year: the chart has a Total line.
        st.complete = true;
        assert_eq!(
            text(&st, Chart::Lines),
            "Line chart of victims, 2000-2001, for the two States that reported figures \
             and their total: in 2000, Total 11, Chile 1 and Peru 10; in 2001, Total 22, \
             Chile 2 and Peru 20."
        );
    }

    #[test]
    fn more_than_six_states_are_the_five_largest_and_the_others_combined() {
        let rows: Vec<(String, Vec<Option<u64>>)> = (0..8)
            .map(|i| (format!("State {i}"), vec![Some(1_000 * i as u64)]))
            .collect();
        let rows: Vec<(&str, Vec<Option<u64>>)> =
            rows.iter().map(|(n, c)| (n.as_str(), c.clone())).collect();
        let alt = text(&stat("Cases", &[2003], &rows), Chart::Bars);
        assert_eq!(
            alt,
            "Bar chart of cases, 2003, for the five States with the largest totals and \
             the other three States combined: in 2003, State 7 7,000, State 6 6,000, \
             State 5 5,000, State 4 4,000, State 3 3,000 and Other States 3,000."
        );
    }

    #[test]
    fn one_state_and_no_state() {
        let st = stat("Cases", &[2002, 2003], &[("Chile", vec![None, Some(4)])]);
        assert_eq!(
            text(&st, Chart::Bars),
            "Bar chart of cases, 2002-2003, for Chile: in 2002, Chile reported no figure; \
             in 2003, Chile reported 4."
        );
        let none = stat("Cases", &[2002, 2003], &[]);
        assert_eq!(
            text(&none, Chart::Bars),
            "Bar chart of cases, 2002-2003: no State reported a figure."
        );
    }

    #[test]
    fn a_label_keeps_its_acronym() {
        assert_eq!(lower_first("UNODC seizures"), "UNODC seizures");
        assert_eq!(lower_first("Reported cases"), "reported cases");
        assert_eq!(lower_first("eBay frauds"), "eBay frauds");
        assert_eq!(lower_first("É"), "É");
        assert_eq!(lower_first(""), "");
    }
}
