//! The document's annexes, in the order `annexes.md` prints them (the list
//! of replies, the tables of figures too many for a sentence, the yearly
//! statistics), and how the running text refers to each: `annex II`, or
//! `the annex` when there is only one (a sole annex is unnumbered).

use super::indicators::IndicatorInfo;
use super::statistics::StatisticInfo;
use crate::style::roman;

/// What each reference of the text points to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnexRefs {
    /// The list of replies with their dates.
    pub senders: Option<String>,
    /// Per indicator key, its table.
    pub indicators: Vec<(String, String)>,
    /// The statistics' tables, together (`annexes II and III`).
    pub figures: Option<String>,
}

/// Numbers the annexes the document will have. `senders_listed`: the
/// replies are listed in an annex (the introduction only counts them).
pub fn refs(
    senders_listed: bool,
    indicators: &[IndicatorInfo],
    statistics: &[StatisticInfo],
) -> AnnexRefs {
    let tabled: Vec<&str> = indicators
        .iter()
        .filter(|i| i.in_annex)
        .map(|i| i.key.as_str())
        .collect();
    let stats = statistics.iter().filter(|s| !s.rows.is_empty()).count() as u32;
    let total = u32::from(senders_listed) + tabled.len() as u32 + stats;
    let one = |n: u32| {
        if total == 1 {
            "the annex".to_string()
        } else {
            format!("annex {}", roman(n))
        }
    };
    let first_table = 1 + u32::from(senders_listed);
    let first_stat = first_table + tabled.len() as u32;
    AnnexRefs {
        senders: senders_listed.then(|| one(1)),
        indicators: tabled
            .iter()
            .zip(first_table..)
            .map(|(k, n)| (k.to_string(), one(n)))
            .collect(),
        figures: match stats {
            0 => None,
            1 => Some(one(first_stat)),
            2 => Some(format!(
                "annexes {} and {}",
                roman(first_stat),
                roman(first_stat + 1)
            )),
            _ => Some(format!(
                "annexes {}-{}",
                roman(first_stat),
                roman(first_stat + stats - 1)
            )),
        },
    }
}

/// Sets each tabled indicator's `annex`.
pub fn place(indicators: &mut [IndicatorInfo], refs: &AnnexRefs) {
    for i in indicators {
        i.annex = refs
            .indicators
            .iter()
            .find(|(k, _)| *k == i.key)
            .map(|(_, r)| r.clone());
    }
}
