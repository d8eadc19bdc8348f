//! Where a report stands before its session: who has replied, who has not,
//! what came late, what each topic has, how long the documents are and how
//! many days are left. Plain data, computed from a checked project and its
//! rendered Markdown; `sgreport status` prints it as a table or as JSON.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Serialize, Serializer};

use crate::date::Date;
use crate::members::{MemberTable, RegionalGroup};
use crate::pipeline::{self, BuildError, Rendered};
use crate::submissions::{Project, SenderKind};
use crate::wordcount::{count_document, WordCount};

/// The version of the JSON shape below; raised only if a field changes
/// meaning or disappears (new fields may be added).
pub const JSON_VERSION: u32 = 1;

/// Everything `sgreport status` reports. Serialised as JSON
/// (`sgreport status --format json`) with this shape, all dates `YYYY-MM-DD`:
///
/// ```json
/// {
///   "version": 1,
///   "symbol": "E/CN.15/2004/7",
///   "report_date": "2004-03-01",
///   "cutoff": "2004-02-15",
///   "today": "2004-05-01",
///   "session_opens": "2004-05-11",
///   "days_left": 10,
///   "replies": {
///     "total":             { "replies": 6, "senders": 5 },
///     "member_states":     { "replies": 5, "senders": 4 },
///     "non_member_states": { "replies": 0, "senders": 0 },
///     "organizations":     { "replies": 1, "senders": 1 }
///   },
///   "member_states": { "members": 191, "replied": 4, "missing": 187 },
///   "groups": [
///     { "group": "African States", "members": 53, "replied": 1,
///       "missing": ["Algeria", "Angola", "..."] }
///   ],
///   "missing": ["Afghanistan", "Albania", "..."],
///   "late": {
///     "addendum": "E/CN.15/2004/7/Add.1",
///     "replies": [ { "from": "Nigeria", "kind": "member-state",
///                    "received": "2004-03-02",
///                    "file": "submissions/late/nigeria.yaml" } ]
///   },
///   "topics": [ { "key": "extent", "heading": "Extent of and trends in kidnapping",
///                 "replies": 5 } ],
///   "no_topic": [],
///   "length": {
///     "main": { "symbol": "E/CN.15/2004/7", "words": 684, "limit": 8500,
///               "over_limit": false,
///               "parts": [ { "name": "Summary", "words": 61 },
///                          { "name": "I. Introduction", "words": 201 } ],
///               "sections": [ { "chapter": "II. Replies received",
///                               "name": "A. Extent of and trends in kidnapping",
///                               "words": 58 } ] },
///     "addendum": { "symbol": "E/CN.15/2004/7/Add.1", "words": 173, "limit": 8500,
///                   "over_limit": false,
///                   "parts": [ { "name": "Summary", "words": 37 } ],
///                   "sections": [] }
///   }
/// }
/// ```
///
/// - `days_left`: days from `today` to `session_opens`; negative once the
///   session has opened.
/// - `replies`: `replies` counts reply files, `senders` distinct senders;
///   late replies included.
/// - `member_states`, `groups`: Member States of the United Nations on the
///   report's date; `replied` counts distinct Member States that sent at least
///   one reply, late or not. `groups` lists the five regional groups in the
///   United Nations order, then `no regional group` when a Member State is in
///   none (Kiribati in 2004). `missing` lists, alphabetically, the Member
///   States that have not replied.
/// - `late`: replies received after the cut-off date, oldest first, and the
///   addendum they go to.
/// - `topics`: per topic of report.yaml, in its order, the reply files that
///   answer it; `no_topic`: the reply files that answer none.
/// - `length`: words as [`crate::wordcount`] counts them; `parts` are the
///   summary, each chapter, `Annexes` and `Footnotes` (they add up to
///   `words`), `sections` the lettered sections of the chapters.
///   `addendum` is `null` when there are no late replies.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub version: u32,
    pub symbol: String,
    #[serde(serialize_with = "iso")]
    pub report_date: Date,
    #[serde(serialize_with = "iso")]
    pub cutoff: Date,
    #[serde(serialize_with = "iso")]
    pub today: Date,
    #[serde(serialize_with = "iso")]
    pub session_opens: Date,
    pub days_left: i64,
    pub replies: ReplyCounts,
    pub member_states: MemberStateCounts,
    pub groups: Vec<GroupStatus>,
    pub missing: Vec<String>,
    pub late: LateReplies,
    pub topics: Vec<TopicStatus>,
    pub no_topic: Vec<String>,
    pub length: Lengths,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Tally {
    /// Reply files.
    pub replies: usize,
    /// Distinct senders.
    pub senders: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReplyCounts {
    pub total: Tally,
    pub member_states: Tally,
    pub non_member_states: Tally,
    pub organizations: Tally,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberStateCounts {
    /// Member States on the report's date.
    pub members: usize,
    pub replied: usize,
    pub missing: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupStatus {
    /// `African States`, ..., `no regional group`.
    pub group: String,
    /// Member States of the group on the report's date.
    pub members: usize,
    pub replied: usize,
    /// Alphabetical.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LateReplies {
    /// The symbol of the addendum late replies go to.
    pub addendum: String,
    pub replies: Vec<LateReply>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LateReply {
    pub from: String,
    pub kind: SenderKind,
    #[serde(serialize_with = "iso")]
    pub received: Date,
    pub file: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicStatus {
    pub key: String,
    pub heading: String,
    /// Reply files that answer it.
    pub replies: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Lengths {
    pub main: DocumentLength,
    pub addendum: Option<DocumentLength>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentLength {
    pub symbol: String,
    pub words: usize,
    /// `word_limit` of report.yaml.
    pub limit: u32,
    pub over_limit: bool,
    pub parts: Vec<PartLength>,
    pub sections: Vec<SectionLength>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartLength {
    pub name: String,
    pub words: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionLength {
    pub chapter: String,
    pub name: String,
    pub words: usize,
}

fn iso<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// Loads, checks and renders the project in `root`, and computes its status
/// counted from `today`. Writes nothing.
pub fn of_project(root: &Path, today: Date) -> Result<StatusReport, BuildError> {
    let prepared = pipeline::prepare(root)?;
    Ok(compute(&prepared.project, &prepared.documents, today))
}

/// The status of a checked project whose documents are `docs` (the report,
/// then its addendum if any, as [`pipeline::prepare`] gives them).
pub fn compute(project: &Project, docs: &[Rendered], today: Date) -> StatusReport {
    let config = &project.config;
    let members = MembersOnDate::of(project);
    let length_of = |d: &Rendered| document_length(d, config.word_limit);
    let main = docs.iter().find(|d| !d.model.document.is_addendum);
    StatusReport {
        version: JSON_VERSION,
        symbol: config.symbol.clone(),
        report_date: config.date,
        cutoff: config.cutoff,
        today,
        session_opens: config.session.opens,
        days_left: config.session.opens.days_since_epoch() - today.days_since_epoch(),
        replies: reply_counts(project),
        member_states: MemberStateCounts {
            members: members.all.len(),
            replied: members.replied_count(),
            missing: members.missing().len(),
        },
        groups: members.groups(),
        missing: members.missing(),
        late: late_replies(project),
        topics: topics(project),
        no_topic: project
            .replies
            .iter()
            .filter(|r| r.answers.is_empty())
            .map(|r| file_name(&r.file))
            .collect(),
        length: Lengths {
            main: main.map_or_else(
                || document_length_of(&config.symbol, &WordCount::default(), config.word_limit),
                length_of,
            ),
            addendum: docs
                .iter()
                .find(|d| d.model.document.is_addendum)
                .map(length_of),
        },
    }
}

/// Reply files and distinct senders, in all and by kind.
fn reply_counts(project: &Project) -> ReplyCounts {
    let tally = |kind: Option<SenderKind>| {
        let replies: Vec<&str> = project
            .replies
            .iter()
            .filter(|r| kind.is_none_or(|k| r.kind == k))
            .map(|r| r.from.as_str())
            .collect();
        let senders: BTreeSet<&str> = replies.iter().copied().collect();
        Tally {
            replies: replies.len(),
            senders: senders.len(),
        }
    };
    ReplyCounts {
        total: tally(None),
        member_states: tally(Some(SenderKind::MemberState)),
        non_member_states: tally(Some(SenderKind::NonMemberState)),
        organizations: tally(Some(SenderKind::Organization)),
    }
}

/// The Member States on the report's date (alphabetical, with their names
/// then) and which of them replied.
struct MembersOnDate<'a> {
    /// The report's date: groups and their names as they were then.
    date: crate::date::Date,
    all: Vec<(RegionalGroup, &'static str)>,
    replied: BTreeSet<&'a str>,
}

impl<'a> MembersOnDate<'a> {
    fn of(project: &'a Project) -> MembersOnDate<'a> {
        let date = project.config.date;
        MembersOnDate {
            date,
            all: MemberTable::builtin()
                .members_on(date)
                .into_iter()
                .filter_map(|m| m.short_name_on(date).map(|n| (m.group_on(date), n)))
                .collect(),
            replied: project
                .replies
                .iter()
                .filter(|r| r.kind == SenderKind::MemberState)
                .map(|r| r.from.as_str())
                .collect(),
        }
    }

    fn replied_count(&self) -> usize {
        self.all
            .iter()
            .filter(|(_, n)| self.replied.contains(n))
            .count()
    }

    fn missing(&self) -> Vec<String> {
        self.all
            .iter()
            .filter(|(_, n)| !self.replied.contains(n))
            .map(|(_, n)| n.to_string())
            .collect()
    }

    /// The five groups in the United Nations order, then `no regional group`
    /// when a Member State is in none.
    fn groups(&self) -> Vec<GroupStatus> {
        let none = self.all.iter().any(|(g, _)| *g == RegionalGroup::None);
        RegionalGroup::ALL
            .iter()
            .copied()
            .chain(none.then_some(RegionalGroup::None))
            .map(|g| {
                let in_group: Vec<&str> = self
                    .all
                    .iter()
                    .filter(|(mg, _)| *mg == g)
                    .map(|(_, n)| *n)
                    .collect();
                GroupStatus {
                    group: g.name_on(self.date).to_string(),
                    members: in_group.len(),
                    replied: in_group
                        .iter()
                        .filter(|n| self.replied.contains(*n))
                        .count(),
                    missing: in_group
                        .iter()
                        .filter(|n| !self.replied.contains(*n))
                        .map(|n| n.to_string())
                        .collect(),
                }
            })
            .collect()
    }
}

/// Replies after the cut-off date, oldest first, and their addendum.
fn late_replies(project: &Project) -> LateReplies {
    let config = &project.config;
    let mut late: Vec<LateReply> = project
        .replies
        .iter()
        .filter(|r| config.is_late(r.received))
        .map(|r| LateReply {
            from: r.from.clone(),
            kind: r.kind,
            received: r.received,
            file: file_name(&r.file),
        })
        .collect();
    late.sort_by(|a, b| (a.received, &a.file).cmp(&(b.received, &b.file)));
    LateReplies {
        addendum: config.addendum_symbol(),
        replies: late,
    }
}

/// Per topic, in report.yaml's order, the reply files that answer it.
fn topics(project: &Project) -> Vec<TopicStatus> {
    project
        .config
        .topics
        .iter()
        .map(|t| TopicStatus {
            key: t.key.clone(),
            heading: t.heading.clone(),
            replies: project
                .replies
                .iter()
                .filter(|r| r.answers.iter().any(|(k, _)| *k == t.key))
                .count(),
        })
        .collect()
}

fn document_length(doc: &Rendered, limit: u32) -> DocumentLength {
    document_length_of(
        &doc.model.document.symbol,
        &count_document(&doc.document),
        limit,
    )
}

fn document_length_of(symbol: &str, count: &WordCount, limit: u32) -> DocumentLength {
    DocumentLength {
        symbol: symbol.to_string(),
        words: count.total,
        limit,
        over_limit: count.total > limit as usize,
        parts: count
            .sections
            .iter()
            .map(|(name, words)| PartLength {
                name: name.clone(),
                words: *words,
            })
            .collect(),
        sections: count
            .subsections
            .iter()
            .map(|(chapter, name, words)| SectionLength {
                chapter: chapter.clone(),
                name: name.clone(),
                words: *words,
            })
            .collect(),
    }
}

/// A reply's path as messages print it, with `/` between folders.
fn file_name(p: &Path) -> String {
    let parts: Vec<String> = p
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        PathBuf::from(p).display().to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small")
    }

    #[test]
    fn status_of_the_small_fixture() {
        let s = of_project(&fixture(), Date::parse("2004-05-01").unwrap()).unwrap();
        assert_eq!(s.days_left, 10);
        assert_eq!(
            s.replies.total,
            Tally {
                replies: 6,
                senders: 5
            }
        );
        assert_eq!(
            s.replies.member_states,
            Tally {
                replies: 5,
                senders: 4
            }
        );
        assert_eq!(
            s.replies.organizations,
            Tally {
                replies: 1,
                senders: 1
            }
        );
        assert_eq!(s.member_states.members, 191);
        assert_eq!(s.member_states.replied, 4);
        assert_eq!(s.missing.len(), 187);
        let grulac = s
            .groups
            .iter()
            .find(|g| g.group == "Latin American and Caribbean States")
            .unwrap();
        assert_eq!((grulac.replied, grulac.members), (3, 33));
        assert!(grulac.missing.contains(&"Argentina".to_string()));
        assert_eq!(s.groups.iter().map(|g| g.members).sum::<usize>(), 191);
        assert_eq!(s.late.addendum, "E/CN.15/2004/7/Add.1");
        assert_eq!(s.late.replies.len(), 1);
        assert_eq!(s.late.replies[0].file, "submissions/late/nigeria.yaml");
        assert_eq!(
            s.topics.iter().map(|t| t.replies).collect::<Vec<_>>(),
            vec![5, 3]
        );
        assert!(s.no_topic.is_empty());
        let main = &s.length.main;
        assert_eq!(
            main.words,
            main.parts.iter().map(|p| p.words).sum::<usize>()
        );
        assert!(s.length.addendum.is_some());
    }

    #[test]
    fn days_left_turn_negative_after_the_opening() {
        let s = of_project(&fixture(), Date::parse("2004-05-13").unwrap()).unwrap();
        assert_eq!(s.days_left, -2);
    }
}
