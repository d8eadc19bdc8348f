//! Stage 2: from checked replies to what the report says. Everything here is
//! plain data, serialised into the templates' context.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::date::{un_range, Date};
use crate::submissions::{
    IndicatorKind, IndicatorValue, Project, Reply, ReportConfig, SenderKind, Status,
};

/// The report and, when replies came after the cut-off date, its addendum.
#[derive(Debug, Clone)]
pub struct Documents {
    pub main: DocumentModel,
    pub addendum: Option<DocumentModel>,
}

/// Everything one document's templates can use.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentModel {
    pub document: DocumentInfo,
    pub session: SessionInfo,
    pub title: String,
    pub report_of: String,
    pub mandate: Vec<MandateInfo>,
    pub note_verbale: Option<String>,
    pub cutoff: String,
    pub word_limit: u32,
    /// Every reply in this document, senders in alphabetical order, then by date.
    pub replies: Vec<ReplyInfo>,
    pub counts: Counts,
    /// Names, alphabetical, each once.
    pub member_states: Vec<String>,
    pub non_member_states: Vec<String>,
    pub organizations: Vec<String>,
    pub states: Vec<String>,
    pub senders: Vec<String>,
    /// Senders that sent more than one reply.
    pub further_replies: Vec<FurtherReply>,
    pub topics: Vec<TopicInfo>,
    pub indicators: Vec<IndicatorInfo>,
    pub statistics: Vec<StatisticInfo>,
    /// Replies received after the cut-off date (in the main report: how many
    /// go to the addendum).
    pub late_count: usize,
    /// Whether any reply gave figures (so the statistics annexes exist).
    pub has_figures: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentInfo {
    pub symbol: String,
    pub file_stem: String,
    pub organ: String,
    pub date: String,
    pub distribution: String,
    pub original_language: String,
    pub job_number: Option<String>,
    /// `*0451234*`: the job number's digits between asterisks.
    pub barcode: Option<String>,
    pub status: Status,
    pub is_addendum: bool,
    /// The report this document belongs to (its own symbol for the report).
    pub main_symbol: String,
    pub main_date: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionInfo {
    pub body: String,
    pub number: u32,
    /// `Thirteenth`
    pub ordinal: String,
    pub place: String,
    /// `11-20 May 2004`
    pub dates: String,
    pub agenda_item: String,
    pub provisional_agenda: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MandateInfo {
    pub resolution: String,
    pub adopted: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReplyInfo {
    pub from: String,
    pub kind: SenderKind,
    pub received: String,
    pub reference: Option<String>,
    pub language: Option<String>,
    /// The date of the sender's earlier reply that this one supplements.
    pub supplements: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FurtherReply {
    pub from: String,
    /// Dates of all its replies, oldest first.
    pub dates: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub replies: usize,
    pub senders: usize,
    pub member_states: usize,
    pub non_member_states: usize,
    pub organizations: usize,
    pub states: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicInfo {
    pub key: String,
    pub heading: String,
    pub entries: Vec<TopicEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicEntry {
    pub from: String,
    pub received: String,
    /// Safe Markdown (already escaped): print with `| safe`.
    pub markdown: String,
    pub starts_with_paragraph: bool,
    /// Set on a later reply of the same sender: the earlier reply's date.
    pub supplements: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorInfo {
    pub key: String,
    pub kind: IndicatorKind,
    pub says: String,
    /// States that answered the question (a sender's latest answer counts).
    pub answered: usize,
    /// Their names, alphabetical.
    pub answered_by: Vec<String>,
    pub yes: Vec<String>,
    pub no: Vec<String>,
    pub values: Vec<NamedValue>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub median: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedValue {
    pub from: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatisticInfo {
    pub key: String,
    pub label: String,
    pub years: Vec<i32>,
    pub rows: Vec<StatisticRow>,
    /// Per year, then the grand total last.
    pub totals: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatisticRow {
    pub from: String,
    /// Per year (`..` where no figure was given), then the row total.
    pub cells: Vec<String>,
}

/// Splits the project's replies at the cut-off date and computes both documents.
pub fn build(project: &Project) -> Documents {
    let config = &project.config;
    let (on_time, late): (Vec<&Reply>, Vec<&Reply>) = project
        .replies
        .iter()
        .partition(|r| r.received <= config.cutoff);
    let mut main = document(config, &on_time, false);
    main.late_count = late.len();
    let addendum = (!late.is_empty()).then(|| document(config, &late, true));
    Documents { main, addendum }
}

fn document(config: &ReportConfig, replies: &[&Reply], is_addendum: bool) -> DocumentModel {
    let mut sorted: Vec<&Reply> = replies.to_vec();
    sorted.sort_by(|a, b| {
        (sort_key(&a.from), a.received, &a.file).cmp(&(sort_key(&b.from), b.received, &b.file))
    });

    let supplements = |r: &Reply| -> Option<String> {
        sorted
            .iter()
            .filter(|o| o.from == r.from && (o.received, &o.file) < (r.received, &r.file))
            .map(|o| o.received.un_style())
            .next_back()
    };

    let names = |kind: Option<SenderKind>| -> Vec<String> {
        let mut v: Vec<String> = sorted
            .iter()
            .filter(|r| kind.is_none_or(|k| r.kind == k))
            .map(|r| r.from.clone())
            .collect();
        v.dedup();
        v
    };
    let member_states = names(Some(SenderKind::MemberState));
    let non_member_states = names(Some(SenderKind::NonMemberState));
    let organizations = names(Some(SenderKind::Organization));
    let mut states: Vec<String> = member_states
        .iter()
        .chain(&non_member_states)
        .cloned()
        .collect();
    states.sort_by_key(|s| sort_key(s));
    let senders = names(None);

    let further_replies = senders
        .iter()
        .filter_map(|s| {
            let dates: Vec<String> = sorted
                .iter()
                .filter(|r| &r.from == s)
                .map(|r| r.received.un_style())
                .collect();
            (dates.len() > 1).then(|| FurtherReply {
                from: s.clone(),
                dates,
            })
        })
        .collect();

    let topics = config
        .topics
        .iter()
        .map(|t| TopicInfo {
            key: t.key.clone(),
            heading: t.heading.clone(),
            entries: sorted
                .iter()
                .flat_map(|r| {
                    r.answers
                        .iter()
                        .filter(|(k, _)| *k == t.key)
                        .map(move |(_, a)| TopicEntry {
                            from: r.from.clone(),
                            received: r.received.un_style(),
                            markdown: a.markdown.clone(),
                            starts_with_paragraph: a.starts_with_paragraph,
                            supplements: supplements(r),
                        })
                })
                .collect(),
        })
        .collect();

    let indicators = config
        .indicators
        .iter()
        .map(|ind| {
            // A sender's latest reply on the question is its answer.
            let mut latest: BTreeMap<String, (Date, IndicatorValue, String)> = BTreeMap::new();
            for r in &sorted {
                for (k, v) in &r.indicators {
                    if *k == ind.key {
                        latest.insert(sort_key(&r.from), (r.received, *v, r.from.clone()));
                    }
                }
            }
            let answers: Vec<(String, IndicatorValue)> =
                latest.into_values().map(|(_, v, n)| (n, v)).collect();
            let pick = |want: bool| -> Vec<String> {
                answers
                    .iter()
                    .filter(|(_, v)| matches!(v, IndicatorValue::YesNo(b) if *b == want))
                    .map(|(n, _)| n.clone())
                    .collect()
            };
            let mut numbers: Vec<f64> = answers
                .iter()
                .filter_map(|(_, v)| match v {
                    IndicatorValue::Number(x) => Some(*x),
                    IndicatorValue::YesNo(_) => None,
                })
                .collect();
            numbers.sort_by(f64::total_cmp);
            let median = (!numbers.is_empty()).then(|| {
                let n = numbers.len();
                if n % 2 == 1 {
                    numbers[n / 2]
                } else {
                    (numbers[n / 2 - 1] + numbers[n / 2]) / 2.0
                }
            });
            IndicatorInfo {
                key: ind.key.clone(),
                kind: ind.kind,
                says: ind.says.clone(),
                answered: answers.len(),
                answered_by: answers.iter().map(|(n, _)| n.clone()).collect(),
                yes: pick(true),
                no: pick(false),
                values: answers
                    .iter()
                    .filter_map(|(n, v)| match v {
                        IndicatorValue::Number(x) => Some(NamedValue {
                            from: n.clone(),
                            value: number(*x),
                        }),
                        IndicatorValue::YesNo(_) => None,
                    })
                    .collect(),
                min: numbers.first().map(|x| number(*x)),
                max: numbers.last().map(|x| number(*x)),
                median: median.map(number),
            }
        })
        .collect();

    let statistics = config
        .statistics
        .iter()
        .map(|st| {
            // None: no sender gave a figure for that year.
            let mut totals: Vec<Option<u64>> = vec![None; st.years.len()];
            let mut rows = Vec::new();
            for r in &sorted {
                let Some((_, counts)) = r.statistics.iter().find(|(k, _)| *k == st.key) else {
                    continue;
                };
                let mut cells = Vec::new();
                let mut row_total = 0;
                for (i, y) in st.years.iter().enumerate() {
                    match counts.iter().find(|(yy, _)| yy == y) {
                        Some((_, n)) => {
                            totals[i] = Some(totals[i].unwrap_or(0) + n);
                            row_total += n;
                            cells.push(thousands(*n));
                        }
                        None => cells.push("..".into()),
                    }
                }
                cells.push(thousands(row_total));
                let from = match supplements(r) {
                    Some(_) => format!("{} ({})", r.from, r.received.un_style()),
                    None => r.from.clone(),
                };
                rows.push(StatisticRow { from, cells });
            }
            let grand: u64 = totals.iter().flatten().sum();
            let mut totals: Vec<String> = totals
                .into_iter()
                .map(|t| t.map_or_else(|| "..".into(), thousands))
                .collect();
            totals.push(thousands(grand));
            StatisticInfo {
                key: st.key.clone(),
                label: st.label.clone(),
                years: st.years.clone(),
                rows,
                totals,
            }
        })
        .collect();

    let replies_info = sorted
        .iter()
        .map(|r| ReplyInfo {
            from: r.from.clone(),
            kind: r.kind,
            received: r.received.un_style(),
            reference: r.reference.clone(),
            language: r.language.clone(),
            supplements: supplements(r),
        })
        .collect();

    let main_symbol = config.symbol.clone();
    let (symbol, date, job_number) = if is_addendum {
        let latest = replies
            .iter()
            .map(|r| r.received)
            .max()
            .unwrap_or(config.date)
            .max(config.date);
        (
            format!("{main_symbol}/Add.1"),
            config.addendum_date.unwrap_or(latest),
            config.addendum_job_number.clone(),
        )
    } else {
        (main_symbol.clone(), config.date, config.job_number.clone())
    };
    DocumentModel {
        document: DocumentInfo {
            file_stem: ReportConfig::file_stem(&symbol),
            symbol,
            organ: config.organ.clone(),
            date: date.un_style(),
            distribution: config.distribution.clone(),
            original_language: config.original_language.clone(),
            barcode: job_number.as_deref().map(barcode),
            job_number,
            status: config.status,
            is_addendum,
            main_symbol,
            main_date: config.date.un_style(),
        },
        session: SessionInfo {
            body: config.session.body.clone(),
            number: config.session.number,
            ordinal: ordinal_words(config.session.number),
            place: config.session.place.clone(),
            dates: un_range(config.session.opens, config.session.closes),
            agenda_item: config.session.agenda_item.clone(),
            provisional_agenda: config.session.provisional_agenda.clone(),
        },
        title: config.title.clone(),
        report_of: config.report_of.clone(),
        mandate: config
            .mandate
            .iter()
            .map(|m| MandateInfo {
                resolution: m.resolution.clone(),
                adopted: m.adopted.un_style(),
            })
            .collect(),
        note_verbale: config.note_verbale.map(|d| d.un_style()),
        cutoff: config.cutoff.un_style(),
        word_limit: config.word_limit,
        counts: Counts {
            replies: sorted.len(),
            senders: senders.len(),
            member_states: member_states.len(),
            non_member_states: non_member_states.len(),
            organizations: organizations.len(),
            states: states.len(),
        },
        replies: replies_info,
        member_states,
        non_member_states,
        organizations,
        states,
        senders,
        further_replies,
        topics,
        indicators,
        statistics,
        late_count: 0,
        has_figures: replies
            .iter()
            .any(|r| r.statistics.iter().any(|(_, c)| !c.is_empty())),
    }
}

/// Alphabetical order as a reader expects it: accents and case do not count
/// (`Côte d'Ivoire` sorts with `Costa Rica`).
pub fn sort_key(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect::<String>()
        + "\u{0}"
        + name
}

/// `V.04-51234 (E)` -> `*0451234*`
fn barcode(job: &str) -> String {
    let main = job.split('(').next().unwrap_or(job);
    let digits: String = main.chars().filter(char::is_ascii_digit).collect();
    format!("*{digits}*")
}

/// 3041 -> `3,041` (the English documents' thousands separator).
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        thousands(x.abs() as u64).to_string()
    } else {
        format!("{x:.1}")
    }
}

/// 13 -> `Thirteenth`, 58 -> `Fifty-eighth`.
pub fn ordinal_words(n: u32) -> String {
    const UNITS: [&str; 20] = [
        "",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    const TENS: [&str; 10] = [
        "", "", "twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet",
    ];
    let words = match n {
        1..=19 => UNITS[n as usize].to_string(),
        20..=99 if n.is_multiple_of(10) => format!("{}ieth", TENS[(n / 10) as usize]),
        20..=99 => format!("{}y-{}", TENS[(n / 10) as usize], UNITS[(n % 10) as usize]),
        _ => format!("{n}th"),
    };
    let mut c = words.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// 0-9 in words, larger numbers in figures (UN rule for running text).
pub fn spell(n: i64) -> String {
    const W: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    usize::try_from(n)
        .ok()
        .and_then(|i| W.get(i))
        .map_or_else(|| thousands(n.unsigned_abs()), |w| w.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(ordinal_words(13), "Thirteenth");
        assert_eq!(ordinal_words(58), "Fifty-eighth");
        assert_eq!(ordinal_words(20), "Twentieth");
        assert_eq!(spell(9), "nine");
        assert_eq!(spell(12), "12");
        assert_eq!(thousands(3041), "3,041");
        assert_eq!(barcode("V.04-51234 (E)"), "*0451234*");
    }
}
