//! Stage 2: from checked replies to what the report says. The model holds
//! typed values (dates, counts, figures); they are written the UN way only
//! when the model is serialised into the templates' context (see
//! [`crate::style::ser`]).
//!
//! [`documents`] splits the replies at the cut-off date; [`document`] builds
//! one document from its replies in named steps: senders ([`senders`]),
//! topics, indicators ([`indicators`]) and statistics ([`statistics`]).

mod annexes;
mod indicators;
mod senders;
mod statistics;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::date::Date;
use crate::source::Source;
use crate::style::ser;
use crate::submissions::{Project, Reply, ReportConfig, SenderKind, Status};

pub use indicators::IndicatorInfo;
pub use senders::{FurtherReply, Senders};
pub use statistics::StatisticInfo;
#[cfg(test)]
pub use statistics::StatisticRow;

/// The report and, when replies came after the cut-off date, its addendum.
#[cfg(test)]
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
    /// Given to the templates by [`DocumentModel::shared`], serialised on
    /// their own (another core does it while the rest is).
    #[serde(skip)]
    pub topics: Vec<TopicInfo>,
    /// The topics the document has something to say on (entries, an
    /// overview or an indicator placed there): the sections printed, as
    /// indexes into `topics`. The templates' `sections` are those topics
    /// themselves, not copies of them: see [`DocumentModel::shared`].
    #[serde(skip)]
    pub sections: Vec<usize>,
    /// Headings of the topics left out because nothing was received on them.
    pub empty_topics: Vec<String>,
    /// Headings of the sections printed (`sections`), for running text.
    pub section_headings: Vec<String>,
    /// Headings of every topic of report.yaml, for running text.
    pub topic_headings: Vec<String>,
    pub indicators: Vec<IndicatorInfo>,
    /// The answered indicators that no topic takes: the closing
    /// questionnaire section (none: the section is left out). Indexes into
    /// `indicators`, as the templates' are those indicators themselves (see
    /// [`DocumentModel::shared`]).
    #[serde(skip)]
    pub questionnaire: Vec<usize>,
    pub has_indicators: bool,
    /// Chapter II holds one section only (one topic, or only the closed
    /// questions no topic takes): it takes that section's heading and has
    /// no "A." ("if there is an A there must be a B").
    pub single_section: bool,
    /// The rule for a contents table: the main report has one when its
    /// chapter II is divided into sections (two or more); the addendum,
    /// short by nature, never has one.
    pub has_contents: bool,
    /// Whether the introduction names the senders (few) or counts them and
    /// refers to the annex that lists them (many).
    pub senders_named: bool,
    /// The senders named as at their first mention (`the United Nations
    /// Children's Fund (UNICEF)` written without the article), by kind.
    pub organizations_first: Vec<String>,
    /// Annex I: the replies by kind, each group with its heading.
    pub sender_groups: Vec<SenderGroup>,
    /// 1.1: symbols of the earlier reports on the same mandate.
    pub previous_reports: Vec<String>,
    /// 1.1: the drafting officer's conclusions, safe Markdown (`| safe`).
    pub conclusions: Option<String>,
    /// Where each block of the conclusions is in report.yaml.
    #[serde(skip)]
    pub conclusions_sources: Vec<Source>,
    pub statistics: Vec<StatisticInfo>,
    /// Replies received after the cut-off date (in the main report: how many
    /// go to the addendum).
    pub late_count: usize,
    /// Whether any reply gave figures (so the statistics annexes exist).
    pub has_figures: bool,
    /// How the text refers to the annex listing the replies (`annex I`,
    /// `the annex`); none when the introduction names them.
    pub senders_annex: Option<String>,
    /// How the text refers to the statistics' annexes (`annexes II and
    /// III`); none when no figures were given.
    pub figures_annexes: Option<String>,
}

impl DocumentModel {
    /// The parts of the templates' data that are other parts of it, not
    /// copies: each topic's `indicators`, `sections` (the topics printed)
    /// and `questionnaire`. Given `topics` and `indicators` as the templates
    /// receive them (Tera's values, or JSON for `templates --variables`) and
    /// how to give a topic its indicators, the topics with their indicators,
    /// the sections and the questionnaire. Serialised as fields of their
    /// own, every answer and every indicator's list of States would be in
    /// the context two or three times.
    pub fn shared<V: Clone>(
        &self,
        topics: &[V],
        indicators: &[V],
        with_indicators: impl Fn(&V, Vec<V>) -> V,
    ) -> Shared<V> {
        let pick = |at: &[usize]| -> Vec<V> {
            at.iter()
                .filter_map(|&i| indicators.get(i).cloned())
                .collect()
        };
        let topics: Vec<V> = topics
            .iter()
            .zip(&self.topics)
            .map(|(v, t)| with_indicators(v, pick(&t.indicators)))
            .collect();
        Shared {
            sections: self
                .sections
                .iter()
                .filter_map(|&i| topics.get(i).cloned())
                .collect(),
            questionnaire: pick(&self.questionnaire),
            topics,
        }
    }
}

/// See [`DocumentModel::shared`].
pub struct Shared<V> {
    pub topics: Vec<V>,
    pub sections: Vec<V>,
    pub questionnaire: Vec<V>,
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
    pub agenda_title: Option<String>,
    pub provisional_agenda: Option<String>,
    /// `Commission`: how the body is named after its first full mention.
    pub body_short: String,
    /// `Council`: the same for the organ on the masthead.
    pub organ_short: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MandateInfo {
    pub resolution: String,
    /// `Economic and Social Council resolution 2003/28` -> the body that
    /// adopted it and the resolution's number (none when not so written).
    pub by: Option<String>,
    /// How the introduction names that body: in full at its first mention,
    /// by its short form (`Council`) after it.
    pub by_named: Option<String>,
    pub number: Option<String>,
    #[serde(serialize_with = "ser::date")]
    pub adopted: Date,
    pub paragraph: Option<String>,
    pub request: Option<String>,
    /// `mandate[0]`: which entry of report.yaml's `mandate` this is. The
    /// introduction's sentences written in its loop name it in their source
    /// marks ([`crate::render::provenance::mark_template`]).
    pub key: String,
    /// Where report.yaml writes it: the request (`mandate[0].request`), else
    /// the entry.
    #[serde(skip)]
    pub source: Source,
}

/// One kind of sender in annex I: heading and replies.
#[derive(Debug, Clone, Serialize)]
pub struct SenderGroup {
    pub heading: String,
    pub replies: Vec<ReplyInfo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReplyInfo {
    pub from: String,
    pub kind: SenderKind,
    pub acronym: Option<String>,
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
    /// 1.1: the drafting officer's synthesis (safe Markdown), main report only.
    pub overview: Option<String>,
    /// Where each block of the overview is in report.yaml.
    #[serde(skip)]
    pub overview_sources: Vec<Source>,
    /// Answered indicators placed in this topic (1.1 `topic:`): indexes
    /// into the document's `indicators`, as the templates' are those
    /// indicators themselves (see [`DocumentModel::shared`]).
    #[serde(skip)]
    pub indicators: Vec<usize>,
    pub entries: Vec<TopicEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicEntry {
    pub from: String,
    /// The run-in label: the sender's plain name (the introduction defines
    /// an organization's acronym and explains a further reply).
    pub label: String,
    #[serde(serialize_with = "ser::date")]
    pub received: Date,
    /// Safe Markdown (already escaped): print with `| safe`.
    pub markdown: String,
    pub starts_with_paragraph: bool,
    /// Set on a later reply of the same sender: the earlier reply's date.
    #[serde(serialize_with = "ser::opt_date")]
    pub supplements: Option<Date>,
    /// Where each top-level block of `markdown` is in the reply.
    #[serde(skip)]
    pub sources: Vec<Source>,
}

/// Which of the two documents is being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Main,
    Addendum,
}

/// Splits the project's replies at the cut-off date and computes both documents.
#[cfg(test)]
pub fn documents(project: &Project) -> Documents {
    Documents {
        main: report(project),
        addendum: addendum(project),
    }
}

/// The report: the replies received by the cut-off date.
pub fn report(project: &Project) -> DocumentModel {
    let (late, on_time) = split(project);
    let mut main = document(&project.config, &on_time, Part::Main);
    main.late_count = late.len();
    main
}

/// The addendum, when replies came after the cut-off date.
pub fn addendum(project: &Project) -> Option<DocumentModel> {
    let (late, _) = split(project);
    (!late.is_empty()).then(|| document(&project.config, &late, Part::Addendum))
}

/// The replies received after the cut-off date, and the others.
fn split(project: &Project) -> (Vec<&Reply>, Vec<&Reply>) {
    project
        .replies
        .iter()
        .partition(|r| project.config.is_late(r.received))
}

/// One document from its replies.
pub fn document(config: &ReportConfig, replies: &[&Reply], part: Part) -> DocumentModel {
    let senders = Senders::of(replies);
    // The closed questions are counted on another core while the answers
    // are gathered: neither needs the other.
    let (mut indicators, statistics, mut topics) = std::thread::scope(|scope| {
        let indicators = scope.spawn(|| indicators::summarise(config, &senders.replies));
        let statistics = statistics::tables(config, &senders);
        let topics = topics(config, &senders, part);
        let indicators = indicators.join().expect("the indicator counter panicked");
        (indicators, statistics, topics)
    });
    let senders_named = senders.names.len() <= crate::style::SENDERS_NAMED_MAX;
    let annexes = annexes::refs(
        !senders_named && !replies.is_empty(),
        &indicators,
        &statistics,
    );
    annexes::place(&mut indicators, &annexes);
    place_indicators(&mut topics, &indicators, config);
    if part == Part::Addendum {
        topics.iter_mut().for_each(|t| t.overview = None);
    }
    let (sections, empty): (Vec<usize>, Vec<usize>) = (0..topics.len()).partition(|&i| {
        let t = &topics[i];
        !t.entries.is_empty() || t.overview.is_some() || !t.indicators.is_empty()
    });
    let questionnaire: Vec<usize> = (0..indicators.len())
        .filter(|&i| indicators[i].answered > 0 && placed_in(&indicators[i], config).is_none())
        .collect();
    let parts = sections.len() + usize::from(!questionnaire.is_empty());
    DocumentModel {
        single_section: parts == 1,
        section_headings: sections
            .iter()
            .map(|&i| topics[i].heading.clone())
            .collect(),
        topic_headings: topics.iter().map(|t| t.heading.clone()).collect(),
        has_contents: part == Part::Main && parts >= 2,
        sections,
        empty_topics: empty.iter().map(|&i| topics[i].heading.clone()).collect(),
        questionnaire,
        has_indicators: !config.indicators.is_empty(),
        senders_named,
        organizations_first: organizations_first(&senders),
        sender_groups: sender_groups(&senders),
        previous_reports: config.previous_reports.clone(),
        conclusions: config.conclusions.as_ref().map(|c| c.markdown.clone()),
        conclusions_sources: config
            .conclusions
            .as_ref()
            .map_or_else(Vec::new, |c| report_sources("conclusions", c)),
        document: document_info(config, replies, part),
        session: session_info(config),
        title: config.title.clone(),
        report_of: config.report_of.clone(),
        mandate: mandate_infos(config),
        note_verbale: config.note_verbale,
        cutoff: config.cutoff,
        word_limit: config.word_limit,
        replies: reply_infos(&senders),
        counts: senders.counts(),
        topics,
        indicators,
        statistics,
        senders_annex: annexes.senders,
        figures_annexes: annexes.figures,
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
        agenda_title: s.agenda_title.clone(),
        provisional_agenda: s.provisional_agenda.clone(),
        body_short: crate::style::body_short(&s.body),
        organ_short: crate::style::body_short(&config.organ),
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
            acronym: acronym(r),
            received: r.received,
            reference: r.reference.clone(),
            language: r.language.clone(),
            supplements: *supplements,
        })
        .collect()
}

/// Each topic of report.yaml with its overview and the answers on it, in
/// sender order (the indicators placed in it come after:
/// [`place_indicators`]).
fn topics(config: &ReportConfig, senders: &Senders, part: Part) -> Vec<TopicInfo> {
    config
        .topics
        .iter()
        .map(|t| TopicInfo {
            key: t.key.clone(),
            heading: t.heading.clone(),
            overview: (part == Part::Main)
                .then(|| t.overview.as_ref().map(|o| o.markdown.clone()))
                .flatten(),
            overview_sources: t.overview.as_ref().map_or_else(Vec::new, |o| {
                report_sources(&format!("topics.{}.overview", t.key), o)
            }),
            indicators: Vec::new(),
            entries: topic_entries(&t.key, senders),
        })
        .collect()
}

/// Each answered indicator in the topic that takes it (1.1 `topic:`).
fn place_indicators(topics: &mut [TopicInfo], indicators: &[IndicatorInfo], config: &ReportConfig) {
    for t in topics {
        t.indicators = (0..indicators.len())
            .filter(|&i| {
                let ind = &indicators[i];
                ind.answered > 0 && placed_in(ind, config) == Some(t.key.as_str())
            })
            .collect();
    }
}

/// The answers on topic `key`, in sender order. Each is labelled with the
/// sender's plain name: an organization's acronym is defined at its first
/// mention in the running text (the introduction), and a further reply is
/// explained there too, so the label adds neither.
fn topic_entries(key: &str, senders: &Senders) -> Vec<TopicEntry> {
    let mut out = Vec::new();
    for (r, supplements) in senders.replies.iter().zip(&senders.supplements) {
        for (_, a) in r.answers.iter().filter(|(k, _)| k == key) {
            out.push(TopicEntry {
                label: r.from.clone(),
                from: r.from.clone(),
                received: r.received,
                markdown: a.markdown.clone(),
                starts_with_paragraph: a.starts_with_paragraph,
                supplements: *supplements,
                sources: a
                    .blocks
                    .iter()
                    .map(|at| reply_source(r, key, *at))
                    .collect(),
            });
        }
    }
    out
}

/// The source of a block of `reply`'s answer on `topic`, at `at` (line,
/// column) in its file.
fn reply_source(reply: &Reply, topic: &str, at: (usize, usize)) -> Source {
    Source::Reply {
        file: crate::source::source_file(&reply.file),
        line: at.0,
        column: at.1,
        from: reply.from.clone(),
        received: reply.received.to_string(),
        topic: topic.to_string(),
    }
}

/// Where each block of Markdown typed in report.yaml under `key` is.
fn report_sources(key: &str, md: &crate::submissions::answer::SafeMarkdown) -> Vec<Source> {
    md.blocks
        .iter()
        .map(|&(line, column)| Source::Report {
            key: key.to_string(),
            line,
            column,
        })
        .collect()
}

/// An organization's acronym: its own `acronym:`, else the built-in one of
/// a United Nations system entity.
fn acronym(r: &Reply) -> Option<String> {
    if r.kind != SenderKind::Organization {
        return None;
    }
    r.acronym
        .clone()
        .or_else(|| crate::style::un_entity_acronym(&r.from).map(str::to_string))
}

/// The topic an indicator is placed in, if that topic exists.
fn placed_in<'a>(i: &IndicatorInfo, config: &'a ReportConfig) -> Option<&'a str> {
    let t = i.topic.as_deref()?;
    config
        .topics
        .iter()
        .find(|tp| tp.key == t)
        .map(|tp| tp.key.as_str())
}

/// The organizations as the introduction first names them.
fn organizations_first(senders: &Senders) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in &senders.replies {
        if r.kind == SenderKind::Organization {
            let full = crate::style::first_mention(&r.from, acronym(r).as_deref());
            // A sender's replies are next to each other in reading order.
            if out.last() != Some(&full) {
                out.push(full);
            }
        }
    }
    out
}

/// Annex I's groups: Member States, non-member States, organizations.
fn sender_groups(senders: &Senders) -> Vec<SenderGroup> {
    let all = reply_infos(senders);
    [
        (SenderKind::MemberState, "Member States"),
        (SenderKind::NonMemberState, "Non-member States"),
        (SenderKind::Organization, "Organizations"),
    ]
    .into_iter()
    .map(|(kind, heading)| SenderGroup {
        heading: heading.to_string(),
        replies: all.iter().filter(|r| r.kind == kind).cloned().collect(),
    })
    .filter(|g| !g.replies.is_empty())
    .collect()
}

/// The mandates, each body named in full once and by its short form after.
/// The session's body too: the introduction's first mention of it is its
/// full name, even inside a request written with the short form.
fn mandate_infos(config: &ReportConfig) -> Vec<MandateInfo> {
    let mut named: Vec<String> = Vec::new();
    let body = &config.session.body;
    let mut body_named = false;
    config
        .mandate
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut info = mandate_info(i, m);
            match info.request.as_mut() {
                Some(r) if !body_named => body_named = name_in_full(r, body),
                // Without a request the sentence names the body itself.
                _ => body_named = true,
            }
            if let Some(by) = &info.by {
                if named.contains(by) {
                    info.by_named = Some(crate::style::body_short(by));
                } else {
                    named.push(by.clone());
                }
            }
            info
        })
        .collect()
}

/// In `request`, the first mention of `body` by its short form (`the
/// Commission`) becomes the full name, unless the full name comes first.
/// Whether the request names the body at all.
fn name_in_full(request: &mut String, body: &str) -> bool {
    let short = format!("the {}", crate::style::body_short(body));
    let full = format!("the {body}");
    let first_short = request.find(&short);
    let first_full = request.find(&full);
    match (first_short, first_full) {
        (Some(s), Some(f)) if f <= s => true,
        (Some(s), _) if short != full => {
            request.replace_range(s..s + short.len(), &full);
            true
        }
        (s, f) => s.is_some() || f.is_some(),
    }
}

/// `Economic and Social Council resolution 2003/28` -> by and number.
fn mandate_info(i: usize, m: &crate::submissions::report_config::Mandate) -> MandateInfo {
    let key = format!("mandate[{i}]");
    let (line, column) = m.at;
    let source = Source::Report {
        key: if m.request.is_some() {
            format!("{key}.request")
        } else {
            key.clone()
        },
        line,
        column,
    };
    let split = m.resolution.split_once(" resolution ");
    let by = split.map(|(b, _)| b.trim().to_string());
    MandateInfo {
        resolution: m.resolution.clone(),
        by_named: by.clone(),
        by,
        number: split.map(|(_, n)| n.trim().to_string()),
        adopted: m.adopted,
        paragraph: m.paragraph.clone(),
        request: m.request.clone(),
        key,
        source,
    }
}

/// `V.04-51234 (E)` -> `*0451234*`
fn barcode(job: &str) -> String {
    let main = job.split('(').next().unwrap_or(job);
    let digits: String = main.chars().filter(char::is_ascii_digit).collect();
    format!("*{digits}*")
}
