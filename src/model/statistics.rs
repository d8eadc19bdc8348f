//! The yearly figures asked for: one table per statistic, a row per sender
//! that gave figures, the totals per year and overall, and how many
//! senders each total covers.

use serde::Serialize;

use super::Senders;
use crate::style::ser;
use crate::submissions::{Chart, Reply, ReportConfig};

#[derive(Debug, Clone, Serialize)]
pub struct StatisticInfo {
    pub key: String,
    pub label: String,
    pub years: Vec<i32>,
    pub rows: Vec<StatisticRow>,
    /// Per year (none where no sender gave a figure), then the grand total.
    #[serde(serialize_with = "ser::figures")]
    pub totals: Vec<Option<u64>>,
    /// Per year, how many senders gave a figure: printed under the totals so
    /// that a total over fewer States is seen as such.
    pub reporting: Vec<usize>,
    /// Whether every row has a figure for every year.
    pub complete: bool,
    /// Senders whose later reply revised a figure of an earlier one.
    pub revised_by: Vec<String>,
    /// `bars`, `lines` or `none`: whether a figure follows the table.
    pub chart: Chart,
    /// The figure's note (empty without a figure): what is grouped, and
    /// that gaps are not zeros. Written by the render stage
    /// ([`crate::render`]), which draws the figure: the model knows nothing
    /// of charts.
    pub chart_note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatisticRow {
    /// The sender (one row each, whatever the number of its replies).
    pub from: String,
    /// Per year (none where no figure was given), then the row total.
    #[serde(serialize_with = "ser::figures")]
    pub cells: Vec<Option<u64>>,
}

/// Every statistic of report.yaml as a table: one row per sender, whose
/// later reply's figure wins year by year (a total must not count a figure
/// twice, nor a revised figure beside its revision).
pub fn tables(config: &ReportConfig, senders: &Senders) -> Vec<StatisticInfo> {
    config
        .statistics
        .iter()
        .map(|st| {
            let mut rows = Vec::new();
            let mut revised_by = Vec::new();
            for group in sender_groups(senders) {
                let (cells, revised) = merged_cells(&group, &st.key, &st.years);
                let Some(cells) = cells else { continue };
                if revised {
                    revised_by.push(group[0].from.clone());
                }
                rows.push(StatisticRow {
                    from: group[0].from.clone(),
                    cells,
                });
            }
            let reporting = st
                .years
                .iter()
                .enumerate()
                .map(|(i, _)| rows.iter().filter(|r| r.cells[i].is_some()).count())
                .collect();
            StatisticInfo {
                key: st.key.clone(),
                label: st.label.clone(),
                years: st.years.clone(),
                totals: column_totals(&rows, st.years.len()),
                complete: rows.iter().all(|r| r.cells.iter().all(Option::is_some)),
                reporting,
                revised_by,
                rows,
                chart: st.chart,
                chart_note: String::new(),
            }
        })
        .collect()
}

/// The replies of each sender, oldest first (a sender's replies are next
/// to each other in `senders.replies`).
fn sender_groups<'a>(senders: &Senders<'a>) -> Vec<Vec<&'a Reply>> {
    let mut groups: Vec<Vec<&Reply>> = Vec::new();
    for (r, supplements) in senders.replies.iter().zip(&senders.supplements) {
        match (supplements, groups.last_mut()) {
            (Some(_), Some(g)) => g.push(r),
            _ => groups.push(vec![r]),
        }
    }
    groups
}

/// One sender's figures, the later reply's winning year by year, and
/// whether a later reply changed a figure an earlier one gave.
fn merged_cells(replies: &[&Reply], key: &str, years: &[i32]) -> (Option<Vec<Option<u64>>>, bool) {
    let mut merged: Option<Vec<Option<u64>>> = None;
    let mut revised = false;
    for r in replies {
        let Some(cells) = row_cells(r, key, years) else {
            continue;
        };
        let m = merged.get_or_insert_with(|| vec![None; years.len()]);
        for (slot, new) in m.iter_mut().zip(&cells[..years.len()]) {
            if let Some(n) = new {
                revised |= slot.is_some_and(|old| old != *n);
                *slot = Some(*n);
            }
        }
    }
    let cells = merged.map(|mut m| {
        let total = m.iter().flatten().fold(0u64, |a, n| a.saturating_add(*n));
        m.push(Some(total));
        m
    });
    (cells, revised)
}

/// A reply's figures for `years`, then their total; none if the reply gives
/// nothing for this statistic.
fn row_cells(r: &Reply, key: &str, years: &[i32]) -> Option<Vec<Option<u64>>> {
    let (_, counts) = r.statistics.iter().find(|(k, _)| k == key)?;
    let mut cells: Vec<Option<u64>> = years
        .iter()
        .map(|y| counts.iter().find(|(yy, _)| yy == y).map(|(_, n)| *n))
        .collect();
    let total = cells
        .iter()
        .flatten()
        .fold(0u64, |a, n| a.saturating_add(*n));
    cells.push(Some(total));
    Some(cells)
}

/// Per year the sum of the figures given (none where none was), then the
/// grand total.
fn column_totals(rows: &[StatisticRow], years: usize) -> Vec<Option<u64>> {
    let mut totals: Vec<Option<u64>> = vec![None; years];
    for row in rows {
        for (t, cell) in totals.iter_mut().zip(&row.cells) {
            if let Some(n) = cell {
                *t = Some(t.unwrap_or(0).saturating_add(*n));
            }
        }
    }
    let grand = totals
        .iter()
        .flatten()
        .fold(0u64, |a, n| a.saturating_add(*n));
    totals.push(Some(grand));
    totals
}
