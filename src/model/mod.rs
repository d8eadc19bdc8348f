//! Stage 2: from checked replies to what the report says. The model holds
//! typed values (dates, counts, figures); they are written the UN way only
//! when the model is serialised into the templates' context (see
//! [`crate::style::ser`]).
//!
//! [`documents`] splits the replies at the cut-off date; [`document`] builds
//! one document from its replies in named steps: senders ([`senders`]),
//! topics, indicators ([`indicators`]) and statistics ([`statistics`]).

mod indicators;
mod senders;
mod statistics;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::date::Date;
use crate::style::ser;
use crate::submissions::{Project, Reply, ReportConfig, SenderKind, Status};

pub use indicators::IndicatorInfo;
pub use senders::{FurtherReply, Senders};
pub use statistics::StatisticInfo;
#[cfg(test)]
pub use statistics::StatisticRow;

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
    #[serde(serialize_with = "ser::opt_date")]
    pub note_verbale: Option<Date>,
    #[serde(serialize_with = "ser::date")]
    pub cutoff: Date,
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
    /// The date of issue printed on the masthead.
    #[serde(serialize_with = "ser::date")]
    pub date: Date,
    pub distribution: String,
    pub original_language: String,
    pub job_number: Option<String>,
    /// `*0451234*`: the job number's digits between asterisks.
    pub barcode: Option<String>,
    pub status: Status,
    pub is_addendum: bool,
    /// The report this document belongs to (its own symbol for the report).
    pub main_symbol: String,
    #[serde(serialize_with = "ser::date")]
    pub main_date: Date,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionInfo {
    pub body: String,
    pub number: u32,
    /// `Thirteenth`
    #[serde(serialize_with = "ser::ordinal")]
    pub ordinal: u32,
    pub place: String,
    /// `11-20 May 2004`
    #[serde(serialize_with = "ser::date_range")]
    pub dates: (Date, Date),
    pub agenda_item: String,
    pub provisional_agenda: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MandateInfo {
    pub resolution: String,
    #[serde(serialize_with = "ser::date")]
    pub adopted: Date,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReplyInfo {
    pub from: String,
    pub kind: SenderKind,
    #[serde(serialize_with = "ser::date")]
    pub received: Date,
    pub reference: Option<String>,
    pub language: Option<String>,
    /// The date of the sender's earlier reply that this one supplements.
    #[serde(serialize_with = "ser::opt_date")]
    pub supplements: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    #[serde(serialize_with = "ser::date")]
    pub received: Date,
    /// Safe Markdown (already escaped): print with `| safe`.
    pub markdown: String,
    pub starts_with_paragraph: bool,
    /// Set on a later reply of the same sender: the earlier reply's date.
    #[serde(serialize_with = "ser::opt_date")]
    pub supplements: Option<Date>,
}

/// Which of the two documents is being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Main,
    Addendum,
}

/// Splits the project's replies at the cut-off date and computes both documents.
pub fn documents(project: &Project) -> Documents {
    let config = &project.config;
    let (late, on_time): (Vec<&Reply>, Vec<&Reply>) = project
        .replies
        .iter()
        .partition(|r| config.is_late(r.received));
    let mut main = document(config, &on_time, Part::Main);
    main.late_count = late.len();
    let addendum = (!late.is_empty()).then(|| document(config, &late, Part::Addendum));
    Documents { main, addendum }
}

/// One document from its replies.
pub fn document(config: &ReportConfig, replies: &[&Reply], part: Part) -> DocumentModel {
    let senders = Senders::of(replies);
    let sorted = &senders.replies;
    DocumentModel {
        document: document_info(config, replies, part),
        session: session_info(config),
        title: config.title.clone(),
        report_of: config.report_of.clone(),
        mandate: config
            .mandate
            .iter()
            .map(|m| MandateInfo {
                resolution: m.resolution.clone(),
                adopted: m.adopted,
            })
            .collect(),
        note_verbale: config.note_verbale,
        cutoff: config.cutoff,
        word_limit: config.word_limit,
        replies: reply_infos(&senders),
        counts: senders.counts(),
        topics: topics(config, &senders),
        indicators: indicators::summarise(config, sorted),
        statistics: statistics::tables(config, &senders),
        late_count: 0,
        has_figures: replies
            .iter()
            .any(|r| r.statistics.iter().any(|(_, c)| !c.is_empty())),
        further_replies: senders.further_replies(),
        member_states: senders.member_states,
        non_member_states: senders.non_member_states,
        organizations: senders.organizations,
        states: senders.states,
        senders: senders.names,
    }
}

/// The masthead's facts: the addendum has its own symbol, date and job number.
fn document_info(config: &ReportConfig, replies: &[&Reply], part: Part) -> DocumentInfo {
    let (symbol, date, job_number) = match part {
        Part::Main => (
            config.symbol.clone(),
            config.date,
            config.job_number.clone(),
        ),
        Part::Addendum => (
            config.addendum_symbol(),
            config.addendum_issue_date(replies.iter().map(|r| r.received).max()),
            config.addendum_job_number.clone(),
        ),
    };
    DocumentInfo {
        file_stem: ReportConfig::file_stem(&symbol),
        symbol,
        organ: config.organ.clone(),
        date,
        distribution: config.distribution.clone(),
        original_language: config.original_language.clone(),
        barcode: job_number.as_deref().map(barcode),
        job_number,
        status: config.status,
        is_addendum: part == Part::Addendum,
        main_symbol: config.symbol.clone(),
        main_date: config.date,
    }
}

fn session_info(config: &ReportConfig) -> SessionInfo {
    let s = &config.session;
    SessionInfo {
        body: s.body.clone(),
        number: s.number,
        ordinal: s.number,
        place: s.place.clone(),
        dates: (s.opens, s.closes),
        agenda_item: s.agenda_item.clone(),
        provisional_agenda: s.provisional_agenda.clone(),
    }
}

fn reply_infos(senders: &Senders) -> Vec<ReplyInfo> {
    senders
        .replies
        .iter()
        .zip(&senders.supplements)
        .map(|(r, supplements)| ReplyInfo {
            from: r.from.clone(),
            kind: r.kind,
            received: r.received,
            reference: r.reference.clone(),
            language: r.language.clone(),
            supplements: *supplements,
        })
        .collect()
}

/// Each topic of report.yaml with the answers on it, in sender order.
fn topics(config: &ReportConfig, senders: &Senders) -> Vec<TopicInfo> {
    config
        .topics
        .iter()
        .map(|t| TopicInfo {
            key: t.key.clone(),
            heading: t.heading.clone(),
            entries: senders
                .replies
                .iter()
                .zip(&senders.supplements)
                .flat_map(|(r, supplements)| {
                    r.answers
                        .iter()
                        .filter(|(k, _)| *k == t.key)
                        .map(move |(_, a)| TopicEntry {
                            from: r.from.clone(),
                            received: r.received,
                            markdown: a.markdown.clone(),
                            starts_with_paragraph: a.starts_with_paragraph,
                            supplements: *supplements,
                        })
                })
                .collect(),
        })
        .collect()
}

/// `V.04-51234 (E)` -> `*0451234*`
fn barcode(job: &str) -> String {
    let main = job.split('(').next().unwrap_or(job);
    let digits: String = main.chars().filter(char::is_ascii_digit).collect();
    format!("*{digits}*")
}
