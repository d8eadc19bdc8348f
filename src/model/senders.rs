//! Who sent the replies of one document: the replies in the order the report
//! gives them (senders alphabetically, then by date), the names by kind, and
//! which reply supplements an earlier one of the same sender.

use serde::Serialize;

use super::Counts;
use crate::collate::sort_key;
use crate::date::Date;
use crate::style::ser;
use crate::submissions::{Reply, SenderKind};

/// The senders of one document's replies.
#[derive(Debug, Clone)]
pub struct Senders<'a> {
    /// Senders by kind (Member States, non-member States, organizations),
    /// alphabetical within each, then by date received, then by file.
    pub replies: Vec<&'a Reply>,
    /// For each of `replies`: the date of the same sender's previous reply.
    pub supplements: Vec<Option<Date>>,
    /// Every sender's name, alphabetical, each once.
    pub names: Vec<String>,
    pub member_states: Vec<String>,
    pub non_member_states: Vec<String>,
    pub organizations: Vec<String>,
    /// Member and non-member States together, alphabetical.
    pub states: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FurtherReply {
    pub from: String,
    /// Dates of all its replies, oldest first.
    #[serde(serialize_with = "ser::dates")]
    pub dates: Vec<Date>,
}

impl<'a> Senders<'a> {
    pub fn of(replies: &[&'a Reply]) -> Senders<'a> {
        let mut keyed: Vec<(String, &Reply)> =
            replies.iter().map(|r| (sort_key(&r.from), *r)).collect();
        // Member States, then non-member States, then organizations (the
        // reports of the period), each alphabetically.
        keyed.sort_by(|(ka, a), (kb, b)| {
            (a.kind, ka, a.received, &a.file).cmp(&(b.kind, kb, b.received, &b.file))
        });
        let sorted: Vec<&Reply> = keyed.into_iter().map(|(_, r)| r).collect();
        // A sender's replies are next to each other: the previous one, if it
        // is the same sender's, is the one this reply supplements.
        let supplements = (0..sorted.len())
            .map(|i| {
                let previous = sorted[..i].last().filter(|p| p.from == sorted[i].from);
                previous.map(|p| p.received)
            })
            .collect();
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
        let mut states: Vec<String> = member_states
            .iter()
            .chain(&non_member_states)
            .cloned()
            .collect();
        states.sort_by_cached_key(|s| sort_key(s));
        Senders {
            names: names(None),
            organizations: names(Some(SenderKind::Organization)),
            member_states,
            non_member_states,
            states,
            supplements,
            replies: sorted,
        }
    }

    pub fn counts(&self) -> Counts {
        Counts {
            replies: self.replies.len(),
            senders: self.names.len(),
            member_states: self.member_states.len(),
            non_member_states: self.non_member_states.len(),
            organizations: self.organizations.len(),
            states: self.states.len(),
        }
    }

    /// Senders that sent more than one reply, with all their dates.
    pub fn further_replies(&self) -> Vec<FurtherReply> {
        let mut out: Vec<FurtherReply> = Vec::new();
        for (r, supplements) in self.replies.iter().zip(&self.supplements) {
            match (supplements, out.last_mut()) {
                (Some(_), Some(last)) if last.from == r.from => last.dates.push(r.received),
                (Some(earlier), _) => out.push(FurtherReply {
                    from: r.from.clone(),
                    dates: vec![*earlier, r.received],
                }),
                (None, _) => {}
            }
        }
        out
    }
}
