//! The yearly figures asked for: one table per statistic, a row per reply
//! that gave figures, the totals per year and overall.

use serde::Serialize;

use super::Senders;
use crate::style::{self, ser};
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
    /// `bars`, `lines` or `none`: whether a figure follows the table.
    pub chart: Chart,
    /// The figure's note (empty without a figure): what is grouped, and
    /// that gaps are not zeros.
    pub chart_note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatisticRow {
    /// The sender; with the date received when it is a further reply.
    pub from: String,
    /// Per year (none where no figure was given), then the row total.
    #[serde(serialize_with = "ser::figures")]
    pub cells: Vec<Option<u64>>,
}

/// Every statistic of report.yaml as a table.
pub fn tables(config: &ReportConfig, senders: &Senders) -> Vec<StatisticInfo> {
    config
        .statistics
        .iter()
        .map(|st| {
            let mut rows = Vec::new();
            for (r, supplements) in senders.replies.iter().zip(&senders.supplements) {
                let Some(cells) = row_cells(r, &st.key, &st.years) else {
                    continue;
                };
                let from = match supplements {
                    Some(_) => format!("{} ({})", r.from, style::date(r.received)),
                    None => r.from.clone(),
                };
                rows.push(StatisticRow { from, cells });
            }
            let mut info = StatisticInfo {
                key: st.key.clone(),
                label: st.label.clone(),
                years: st.years.clone(),
                totals: column_totals(&rows, st.years.len()),
                rows,
                chart: st.chart,
                chart_note: String::new(),
            };
            if info.chart != Chart::None {
                info.chart_note = crate::chart::note(&info, info.chart);
            }
            info
        })
        .collect()
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
