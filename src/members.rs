//! Member States of the United Nations over time: which States were Members on
//! a given date, under which short name, in which regional group, and what
//! the groups were called then.
//!
//! A reply's `from` must be the short name of a Member State *on the report's
//! date*, spelt exactly as the United Nations spelt it then: in 2004 that is
//! `Turkey`, `Swaziland`, `Serbia and Montenegro`, not `Türkiye`, `Eswatini` or
//! `Montenegro`. [`MemberTable::check`] says which, and for a near miss
//! (`UK`, `Cote d'Ivoire`, a later name) gives the official short name.
//!
//! The data is `members.tsv`, embedded at compile time; its header documents
//! the columns and the sources of the dates.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::date::{Date, DateError};

const BUILTIN_TSV: &str = include_str!("members.tsv");

/// Common ways of writing a Member State's name that are not a name the United
/// Nations ever used for it. Matched after [`variant_key`], so case, accents,
/// dots, hyphens and a leading "the" need no entry of their own.
const ALIASES: &[(&str, &str)] = &[
    ("UK", "GBR"),
    ("United Kingdom", "GBR"),
    ("Great Britain", "GBR"),
    ("Britain", "GBR"),
    ("USA", "USA"),
    ("US", "USA"),
    ("United States", "USA"),
    ("America", "USA"),
    ("Russia", "RUS"),
    ("USSR", "RUS"),
    ("Soviet Union", "RUS"),
    ("Ivory Coast", "CIV"),
    ("Holland", "NLD"),
    ("Vietnam", "VNM"),
    ("South Korea", "KOR"),
    ("Korea, Republic of", "KOR"),
    ("North Korea", "PRK"),
    ("DPRK", "PRK"),
    ("Korea, Democratic People's Republic of", "PRK"),
    ("Iran", "IRN"),
    ("Islamic Republic of Iran", "IRN"),
    ("Laos", "LAO"),
    ("Lao PDR", "LAO"),
    ("Tanzania", "TZA"),
    ("Moldova", "MDA"),
    ("Macedonia", "MKD"),
    ("FYROM", "MKD"),
    ("Republic of Macedonia", "MKD"),
    ("Republic of North Macedonia", "MKD"),
    ("East Timor", "TLS"),
    ("Bosnia", "BIH"),
    ("Brunei", "BRN"),
    ("Micronesia", "FSM"),
    ("Federated States of Micronesia", "FSM"),
    ("Plurinational State of Bolivia", "BOL"),
    ("Bolivarian Republic of Venezuela", "VEN"),
    ("Democratic Republic of Congo", "COD"),
    ("DR Congo", "COD"),
    ("DRC", "COD"),
    ("Congo-Kinshasa", "COD"),
    ("Republic of the Congo", "COG"),
    ("Republic of Congo", "COG"),
    ("Congo-Brazzaville", "COG"),
    ("UAE", "ARE"),
    ("Kyrgyz Republic", "KGZ"),
    ("Slovak Republic", "SVK"),
    ("Sao Tome", "STP"),
    ("Republic of Ireland", "IRL"),
    ("Federal Republic of Yugoslavia", "SRB"),
    ("Serbia-Montenegro", "SRB"),
    ("Federal Republic of Germany", "DEU"),
    ("West Germany", "DEU"),
    ("East Germany", "DDR"),
    ("GDR", "DDR"),
    ("Czech and Slovak Federal Republic", "CSK"),
];

/// The United Nations regional groups. Which States are in which group, and
/// the groups' names, change over time: see [`MemberState::group_on`] and
/// [`RegionalGroup::name_on`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RegionalGroup {
    African,
    AsiaPacific,
    EasternEuropean,
    LatinAmericanCaribbean,
    WesternEuropeanOther,
    /// In no group (Kiribati until 2010, Israel until 2000).
    None,
}

impl RegionalGroup {
    /// The five groups, in the order the United Nations lists them.
    pub const ALL: [RegionalGroup; 5] = [
        RegionalGroup::African,
        RegionalGroup::AsiaPacific,
        RegionalGroup::EasternEuropean,
        RegionalGroup::LatinAmericanCaribbean,
        RegionalGroup::WesternEuropeanOther,
    ];

    /// The name United Nations documents use for the group on `date`
    /// (`Asian States` until 2011, `Asia-Pacific States` since).
    pub fn name_on(self, date: Date) -> &'static str {
        MemberTable::builtin()
            .group_names
            .iter()
            .find(|n| n.group == self && n.covers(date))
            .map_or_else(|| self.name(), |n| n.short)
    }

    /// The group's full official name on `date` (`Group of Asia and the
    /// Pacific Small Island Developing States` since 2011).
    pub fn official_name_on(self, date: Date) -> &'static str {
        MemberTable::builtin()
            .group_names
            .iter()
            .find(|n| n.group == self && n.covers(date))
            .map_or_else(|| self.name(), |n| n.official)
    }

    /// The name in use today.
    pub fn name(self) -> &'static str {
        match self {
            RegionalGroup::African => "African States",
            RegionalGroup::AsiaPacific => "Asia-Pacific States",
            RegionalGroup::EasternEuropean => "Eastern European States",
            RegionalGroup::LatinAmericanCaribbean => "Latin American and Caribbean States",
            RegionalGroup::WesternEuropeanOther => "Western European and other States",
            RegionalGroup::None => "no regional group",
        }
    }

    /// The spelling used in the `groups` column of `members.tsv`.
    fn from_tsv(s: &str) -> Option<RegionalGroup> {
        match s {
            "African" => Some(RegionalGroup::African),
            "Asia-Pacific" => Some(RegionalGroup::AsiaPacific),
            "Eastern European" => Some(RegionalGroup::EasternEuropean),
            "Latin American and Caribbean" => Some(RegionalGroup::LatinAmericanCaribbean),
            "Western European and other" => Some(RegionalGroup::WesternEuropeanOther),
            "none" => Some(RegionalGroup::None),
            _ => None,
        }
    }
}

/// One short name and the days it was in use: `from` inclusive (`None`: from
/// admission), `to` exclusive (`None`: still in use).
#[derive(Debug, Clone, PartialEq, Eq)]
struct NameSpan {
    name: &'static str,
    from: Option<Date>,
    to: Option<Date>,
}

impl NameSpan {
    fn covers(&self, date: Date) -> bool {
        self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date < to)
    }
}

/// A regional group's membership over a span of days (`to` exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
struct GroupSpan {
    group: RegionalGroup,
    from: Option<Date>,
    to: Option<Date>,
}

/// A group's names over a span of days: a `GROUP` line of `members.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct GroupName {
    group: RegionalGroup,
    from: Option<Date>,
    to: Option<Date>,
    short: &'static str,
    official: &'static str,
}

impl GroupName {
    fn covers(&self, date: Date) -> bool {
        self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date < to)
    }
}

/// A present or former Member State and the short names it has had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberState {
    iso3: &'static str,
    admitted: Date,
    /// In date order; the first from admission, the last open-ended.
    groups: Vec<GroupSpan>,
    /// In date order, not overlapping; gaps mean the State was not a Member.
    names: Vec<NameSpan>,
}

impl MemberState {
    pub fn iso3(&self) -> &str {
        self.iso3
    }

    pub fn admitted(&self) -> Date {
        self.admitted
    }

    /// The regional group the State was in on `date` (Kiribati: none before
    /// 2010, Asia-Pacific from 2010).
    pub fn group_on(&self, date: Date) -> RegionalGroup {
        self.groups
            .iter()
            .find(|g| g.from.is_none_or(|f| f <= date) && g.to.is_none_or(|t| date < t))
            .map_or(RegionalGroup::None, |g| g.group)
    }

    /// The regional group the State is in now (its latest). A report wants
    /// [`MemberState::group_on`] its date.
    pub fn group(&self) -> RegionalGroup {
        self.groups.last().map_or(RegionalGroup::None, |g| g.group)
    }

    /// The short name in use on `date`, or `None` if the State was not a
    /// Member that day.
    pub fn short_name_on(&self, date: Date) -> Option<&str> {
        if date < self.admitted {
            return None;
        }
        self.names
            .iter()
            .find(|span| span.covers(date))
            .map(|span| span.name)
    }

    /// The name it was admitted under: what a reader knows it by when told it
    /// was not yet a Member.
    fn first_name(&self) -> &str {
        self.names.first().map_or("", |span| span.name)
    }

    /// The latest end of membership on or before `date` (the first day it was
    /// no longer a Member), with the name it had until then. A name followed
    /// at once by another is a rename, not an end; Syria's 1958-1961 pause is.
    fn last_exit_before(&self, date: Date) -> Option<(&str, Date)> {
        self.names
            .iter()
            .filter_map(|span| span.to.filter(|&to| to <= date).map(|to| (span.name, to)))
            .filter(|&(_, to)| !self.names.iter().any(|s| s.from == Some(to)))
            .max_by_key(|&(_, to)| to)
    }
}

/// Why a `from` value is not accepted as a Member State on the report's date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameProblem {
    /// A State admitted after the report's date: "Montenegro" in 2004.
    #[error(
        "{name} became a Member State on {}, after this report's date ({})",
        .admitted.un_style(),
        .report_date.un_style()
    )]
    NotYetMember {
        name: String,
        admitted: Date,
        report_date: Date,
    },
    /// The name of a Member State on that date, but not its official short name
    /// then: a name it had at another time ("Türkiye" in 2004), or a common
    /// variant ("UK", "Russia", "Cote d'Ivoire", "turkey", "the Netherlands").
    #[error(
        "{given:?} is not the United Nations short name of this Member State \
         on this report's date; the official short name then was {official:?}"
    )]
    UseOfficialName { given: String, official: String },
    /// A State that had left (or been dissolved) by that date and matches no
    /// Member State of that date: "Czechoslovakia" in 2004.
    #[error("{name} ceased to be a Member State on {}, before this report's date", .until.un_style())]
    NoLongerMember { name: String, until: Date },
    /// Nothing that names a Member State. `suggestion` is the nearest short name
    /// in force on the date, when one is close; the message leaves it out so a
    /// caller can offer it as help.
    #[error("{given:?} is not the short name of any Member State of the United Nations")]
    Unknown {
        given: String,
        suggestion: Option<String>,
    },
}

/// Every present and former Member State, and an index of the name variants
/// that identify them.
#[derive(Debug)]
pub struct MemberTable {
    states: Vec<MemberState>,
    /// The `GROUP` lines: the groups' names over time.
    group_names: Vec<GroupName>,
    /// Aliases (variant text, index into `states`).
    aliases: Vec<(String, usize)>,
    /// [`variant_key`] of every name and alias -> indices into `states`;
    /// made when first needed (a name that is not exactly a short name), as
    /// most builds never need it.
    variants: OnceLock<HashMap<String, Vec<usize>>>,
}

/// Why `members.tsv` does not parse: a defect of the built-in table, which
/// the unit tests rule out, named with its line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("line {line}: {problem}")]
    AtLine {
        line: usize,
        problem: Box<TableError>,
    },
    #[error("{iso3}: {problem}")]
    InState {
        iso3: &'static str,
        problem: Box<TableError>,
    },
    #[error("expected 4 tab-separated fields, found {0}")]
    StateFields(usize),
    #[error("a GROUP line needs 5 tab-separated fields, found {0}")]
    GroupFields(usize),
    #[error("a GROUP line needs a short and an official name")]
    GroupNames,
    #[error("{0:?} is not a three-letter code")]
    NotACode(&'static str),
    #[error("admitted {given:?}: {error}")]
    Admitted {
        given: &'static str,
        error: DateError,
    },
    #[error("{given:?}: {error}")]
    BadDate { given: String, error: DateError },
    #[error("unknown group {0:?}")]
    UnknownGroup(String),
    #[error("{0:?} lacks @FROM..TO")]
    NoRange(String),
    #[error("{0:?}: the range needs \"..\"")]
    NoDots(String),
    #[error("groups {field:?}: {why}")]
    GroupSpans { field: String, why: &'static str },
    #[error("{0:?} is empty or has stray spaces")]
    StraySpaces(&'static str),
    #[error("{0:?}: \"(the)\" is an article, not part of the name")]
    Article(&'static str),
    #[error("no names")]
    NoNames,
    #[error("the first name must start on the day of admission")]
    FirstNameStart,
    #[error("{0:?} ends before it starts")]
    EndsBeforeStart(&'static str),
    #[error("{0:?}: only the first name may have an open start")]
    OpenStart(&'static str),
    #[error("{0:?}: only the last name may have an open end")]
    OpenEnd(&'static str),
    #[error("{0:?} overlaps {1:?}")]
    Overlap(&'static str, &'static str),
    #[error("{0} appears twice")]
    Twice(&'static str),
    #[error("alias {alias:?} names unknown State {iso3}")]
    UnknownAlias { alias: String, iso3: String },
}

impl TableError {
    fn at_line(self, line: usize) -> TableError {
        TableError::AtLine {
            line,
            problem: Box::new(self),
        }
    }

    fn in_state(self, iso3: &'static str) -> TableError {
        TableError::InState {
            iso3,
            problem: Box::new(self),
        }
    }
}

impl MemberTable {
    /// The built-in table, parsed once from the embedded `members.tsv`.
    ///
    /// Panics only if that file is malformed, which the unit tests rule out.
    pub fn builtin() -> &'static MemberTable {
        static TABLE: OnceLock<MemberTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            MemberTable::parse(BUILTIN_TSV, ALIASES)
                .unwrap_or_else(|e| panic!("built-in src/members.tsv is malformed: {e}"))
        })
    }

    /// The State whose short name on `date` is exactly `name`; otherwise why not.
    pub fn check(&self, name: &str, date: Date) -> Result<&MemberState, NameProblem> {
        if let Some(state) = self
            .states
            .iter()
            .find(|s| s.short_name_on(date) == Some(name))
        {
            return Ok(state);
        }
        let candidates = self.candidates(name);
        Err(self
            .explain(name, &candidates, date)
            .unwrap_or_else(|| self.unknown(name, date)))
    }

    /// The short name on `date` of the Member State that `name` identifies
    /// (exactly, or as a variant: "chile", "UK"), if it is a Member on that
    /// date. A sender so named cannot be a non-member State or an
    /// organization.
    /// Asked of every non-member State's and organization's reply: exact and
    /// variant look-ups only, never [`Self::check`]'s "did you mean" (an
    /// edit distance to every name, which made this most of a large
    /// build's time).
    pub fn member_named(&self, name: &str, date: Date) -> Option<&str> {
        if let Some(exact) = self
            .states
            .iter()
            .find_map(|s| s.short_name_on(date).filter(|n| *n == name))
        {
            return Some(exact);
        }
        self.candidates(name)
            .into_iter()
            .find_map(|s| s.short_name_on(date))
    }

    /// All Member States on `date`, in the alphabetical order of their short
    /// names on that date (accents ignored, as in United Nations lists).
    pub fn members_on(&self, date: Date) -> Vec<&MemberState> {
        let mut members: Vec<(String, &MemberState)> = self
            .states
            .iter()
            .filter_map(|s| {
                s.short_name_on(date)
                    .map(|n| (crate::collate::sort_key(n), s))
            })
            .collect();
        members.sort_by(|a, b| a.0.cmp(&b.0));
        members.into_iter().map(|(_, s)| s).collect()
    }

    /// States that `name` identifies once case, accents and the like are set
    /// aside, by any name they ever had or by an alias.
    fn candidates(&self, name: &str) -> Vec<&MemberState> {
        let mut found: Vec<usize> = Vec::new();
        for key in lookup_keys(name) {
            for &i in self.variants().get(&key).into_iter().flatten() {
                if !found.contains(&i) {
                    found.push(i);
                }
            }
        }
        found.iter().map(|&i| &self.states[i]).collect()
    }

    /// The problem with a name that identifies `candidates`: a Member on the
    /// date wins (its official name is wanted), then a State not yet admitted,
    /// then one that had left. `None` if there are no candidates.
    fn explain(&self, given: &str, candidates: &[&MemberState], date: Date) -> Option<NameProblem> {
        if let Some(official) = candidates.iter().find_map(|s| s.short_name_on(date)) {
            return Some(NameProblem::UseOfficialName {
                given: given.to_string(),
                official: official.to_string(),
            });
        }
        if let Some(state) = candidates
            .iter()
            .filter(|s| s.admitted > date)
            .min_by_key(|s| s.admitted)
        {
            return Some(NameProblem::NotYetMember {
                name: state.first_name().to_string(),
                admitted: state.admitted,
                report_date: date,
            });
        }
        candidates
            .iter()
            .filter_map(|s| s.last_exit_before(date))
            .max_by_key(|&(_, until)| until)
            .map(|(name, until)| NameProblem::NoLongerMember {
                name: name.to_string(),
                until,
            })
    }

    /// `Unknown`, with the nearest short name in force on `date` if it is
    /// within a typo or two (measured on variant keys, so case and accents
    /// cost nothing). Aliases count too: "Untied Kingdom" finds the UK.
    fn unknown(&self, given: &str, date: Date) -> NameProblem {
        NameProblem::Unknown {
            given: given.to_string(),
            suggestion: self.nearest(&variant_key(given), date).map(str::to_string),
        }
    }

    /// The short name on `date` of the Member whose name or alias is nearest
    /// to `key`, if at most about one edit in four characters away. Ties go
    /// to the alphabetically first name, so the answer never depends on hash
    /// order.
    fn nearest(&self, key: &str, date: Date) -> Option<&str> {
        if key.is_empty() {
            return None;
        }
        let reach = (key.chars().count() / 4).max(1);
        self.variants()
            .iter()
            .flat_map(|(variant, states)| states.iter().map(move |&i| (variant, i)))
            .filter_map(|(variant, i)| {
                let official = self.states[i].short_name_on(date)?;
                Some((strsim::osa_distance(key, variant), official))
            })
            .filter(|&(distance, _)| distance <= reach)
            .min()
            .map(|(_, official)| official)
    }

    /// Parses the TSV format documented at the top of `members.tsv`, then
    /// indexes `aliases` (variant text, iso3). Run by every build (to check
    /// the replies' senders), so it borrows the text rather than copying it.
    fn parse(text: &'static str, aliases: &[(&str, &str)]) -> Result<MemberTable, TableError> {
        let mut states: Vec<MemberState> = Vec::new();
        // (code, line, index), sorted below: a State listed twice is found
        // beside itself, an alias's State by a binary search.
        let mut codes: Vec<(&str, usize, usize)> = Vec::new();
        let mut group_names = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix("GROUP\t") {
                group_names.push(parse_group_name(rest).map_err(|e| e.at_line(n + 1))?);
                continue;
            }
            let state = parse_line(line).map_err(|e| e.at_line(n + 1))?;
            codes.push((state.iso3, n + 1, states.len()));
            states.push(state);
        }
        codes.sort_unstable();
        if let Some(pair) = codes.windows(2).find(|pair| pair[0].0 == pair[1].0) {
            return Err(TableError::Twice(pair[1].0).at_line(pair[1].1));
        }
        let aliases = aliases
            .iter()
            .map(|&(alias, iso3)| {
                let at = codes
                    .binary_search_by(|&(code, _, _)| code.cmp(iso3))
                    .map_err(|_| TableError::UnknownAlias {
                        alias: alias.to_string(),
                        iso3: iso3.to_string(),
                    })?;
                Ok((alias.to_string(), codes[at].2))
            })
            .collect::<Result<_, TableError>>()?;
        Ok(MemberTable {
            states,
            group_names,
            aliases,
            variants: OnceLock::new(),
        })
    }

    /// The index of name variants (see the field).
    fn variants(&self) -> &HashMap<String, Vec<usize>> {
        self.variants.get_or_init(|| {
            let mut variants = HashMap::new();
            for (i, state) in self.states.iter().enumerate() {
                for span in &state.names {
                    add_variant(&mut variants, variant_key(span.name), i);
                }
            }
            for (alias, i) in &self.aliases {
                add_variant(&mut variants, variant_key(alias), *i);
            }
            variants
        })
    }
}

fn add_variant(variants: &mut HashMap<String, Vec<usize>>, key: String, i: usize) {
    let entry = variants.entry(key).or_default();
    if !entry.contains(&i) {
        entry.push(i);
    }
}

/// `GROUP<TAB>group<TAB>FROM..TO<TAB>short name<TAB>official name` (the
/// `GROUP<TAB>` already taken off).
fn parse_group_name(rest: &'static str) -> Result<GroupName, TableError> {
    let [group, range, short, official] =
        tab_fields(rest).map_err(|found| TableError::GroupFields(found + 1))?;
    let group =
        RegionalGroup::from_tsv(group).ok_or_else(|| TableError::UnknownGroup(group.into()))?;
    let (from, to) = range
        .split_once('.')
        .and_then(range_ends)
        .ok_or_else(|| TableError::NoDots(range.into()))?;
    if short.trim().is_empty() || official.trim().is_empty() {
        return Err(TableError::GroupNames);
    }
    Ok(GroupName {
        group,
        from: optional_date(from)?,
        to: optional_date(to)?,
        short,
        official,
    })
}

/// The `N` tab-separated fields of `line`, or how many it has instead.
fn tab_fields<const N: usize>(line: &str) -> Result<[&str; N], usize> {
    let mut fields = [""; N];
    let mut found = 0;
    for field in line.split('\t') {
        if let Some(slot) = fields.get_mut(found) {
            *slot = field;
        }
        found += 1;
    }
    if found == N {
        Ok(fields)
    } else {
        Err(found)
    }
}

/// `Group` (from admission on) or `Group@FROM..TO;Group@FROM..TO`, the
/// first from admission, the last open-ended, each starting where the one
/// before ends.
fn parse_groups(field: &str, admitted: Date) -> Result<Vec<GroupSpan>, TableError> {
    if !field.contains('@') {
        let group =
            RegionalGroup::from_tsv(field).ok_or_else(|| TableError::UnknownGroup(field.into()))?;
        return Ok(vec![GroupSpan {
            group,
            from: None,
            to: None,
        }]);
    }
    let mut spans = Vec::new();
    for item in field.split(';') {
        let (group, range) = item
            .rsplit_once('@')
            .ok_or_else(|| TableError::NoRange(item.into()))?;
        let group =
            RegionalGroup::from_tsv(group).ok_or_else(|| TableError::UnknownGroup(group.into()))?;
        let (from, to) = range
            .split_once('.')
            .and_then(range_ends)
            .ok_or_else(|| TableError::NoDots(item.into()))?;
        spans.push(GroupSpan {
            group,
            from: optional_date(from)?,
            to: optional_date(to)?,
        });
    }
    let spans_error = |why| TableError::GroupSpans {
        field: field.to_string(),
        why,
    };
    for (i, span) in spans.iter().enumerate() {
        let first = i == 0;
        let last = i + 1 == spans.len();
        if first != span.from.is_none() || last != span.to.is_none() {
            return Err(spans_error(
                "only the first may start open (at admission), only the last end open",
            ));
        }
        if !first && span.from != spans[i - 1].to {
            return Err(spans_error("each must start where the one before ends"));
        }
        if span.from.is_some_and(|f| f <= admitted) {
            return Err(spans_error("a change on or before admission"));
        }
    }
    Ok(spans)
}

/// `iso3<TAB>admitted<TAB>groups<TAB>names`.
fn parse_line(line: &'static str) -> Result<MemberState, TableError> {
    let [iso3, admitted, group, names] = tab_fields(line).map_err(TableError::StateFields)?;
    if iso3.len() != 3 || !iso3.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(TableError::NotACode(iso3));
    }
    let admitted = Date::parse(admitted).map_err(|error| {
        TableError::Admitted {
            given: admitted,
            error,
        }
        .in_state(iso3)
    })?;
    let groups = parse_groups(group, admitted).map_err(|e| e.in_state(iso3))?;
    let names = parse_names(names).map_err(|e| e.in_state(iso3))?;
    check_spans(&names, admitted).map_err(|e| e.in_state(iso3))?;
    Ok(MemberState {
        iso3,
        admitted,
        groups,
        names,
    })
}

/// `Name@FROM..TO;Name@FROM..TO`, dates optional.
fn parse_names(field: &'static str) -> Result<Vec<NameSpan>, TableError> {
    field.split(';').map(parse_span).collect()
}

fn parse_span(item: &'static str) -> Result<NameSpan, TableError> {
    let (name, range) = item
        .rsplit_once('@')
        .ok_or_else(|| TableError::NoRange(item.into()))?;
    let (from, to) = range
        .split_once('.')
        .and_then(range_ends)
        .ok_or_else(|| TableError::NoDots(item.into()))?;
    // Byte windows rather than `contains`: a substring search is set up
    // anew for each of the table's 200-odd names.
    let has = |part: &[u8]| name.as_bytes().windows(part.len()).any(|w| w == part);
    if name.is_empty() || name.trim() != name || has(b"  ") {
        return Err(TableError::StraySpaces(name));
    }
    if has(b"(the)") {
        return Err(TableError::Article(name));
    }
    Ok(NameSpan {
        name,
        from: optional_date(from)?,
        to: optional_date(to)?,
    })
}

/// `FROM..TO` split at its first dot (dates have none), the second dot
/// taken off `TO`: cheaper than a substring search for "..", set up anew
/// for each of the table's 400-odd ranges.
fn range_ends<'a>((from, rest): (&'a str, &'a str)) -> Option<(&'a str, &'a str)> {
    rest.strip_prefix('.').map(|to| (from, to))
}

fn optional_date(s: &str) -> Result<Option<Date>, TableError> {
    if s.is_empty() {
        return Ok(None);
    }
    Date::parse(s)
        .map(Some)
        .map_err(|error| TableError::BadDate {
            given: s.to_string(),
            error,
        })
}

/// Spans must start at admission, run in date order without overlapping, and
/// leave only the first start and the last end open.
fn check_spans(spans: &[NameSpan], admitted: Date) -> Result<(), TableError> {
    let first = spans.first().ok_or(TableError::NoNames)?;
    if first.from.is_some_and(|from| from != admitted) {
        return Err(TableError::FirstNameStart);
    }
    for (i, span) in spans.iter().enumerate() {
        // An open start means "from admission".
        if let (from, Some(to)) = (span.from.unwrap_or(admitted), span.to) {
            if from >= to {
                return Err(TableError::EndsBeforeStart(span.name));
            }
        }
        if i > 0 && span.from.is_none() {
            return Err(TableError::OpenStart(span.name));
        }
        if i + 1 < spans.len() && span.to.is_none() {
            return Err(TableError::OpenEnd(span.name));
        }
    }
    for pair in spans.windows(2) {
        if let (Some(to), Some(from)) = (pair[0].to, pair[1].from) {
            if from < to {
                return Err(TableError::Overlap(pair[0].name, pair[1].name));
            }
        }
    }
    Ok(())
}

/// The keys under which a name given by a user is looked up: its variant key,
/// and for an inverted form with one comma ("Korea, Republic of") also the key
/// of the natural order ("Republic of Korea").
fn lookup_keys(name: &str) -> Vec<String> {
    let mut keys = vec![variant_key(name)];
    if let Some((head, tail)) = name.split_once(',') {
        if !tail.contains(',') {
            keys.push(variant_key(&format!("{tail} {head}")));
        }
    }
    keys
}

/// A name reduced to what identifies it: lower case, Latin accents removed,
/// "(the)", dots and apostrophes dropped, hyphens, commas and brackets read as
/// spaces, "&" as "and", "St" as "Saint", a leading "the" dropped, spaces
/// collapsed. Two spellings of one name give the same key.
fn variant_key(name: &str) -> String {
    let folded = crate::collate::fold(name).replace("(the)", " ");
    let mut plain = String::with_capacity(folded.len());
    for c in folded.chars() {
        match c {
            '.' | '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`' | '\u{b4}' => {}
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' | ',' | '(' | ')' | '/' => {
                plain.push(' ')
            }
            '&' => plain.push_str(" and "),
            c => plain.push(c),
        }
    }
    let mut words: Vec<&str> = plain.split_whitespace().collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    let words: Vec<&str> = words
        .into_iter()
        .map(|w| if w == "st" { "saint" } else { w })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    const REPORT: &str = "2004-03-01";
    const TODAY: &str = "2026-11-27";

    fn table() -> &'static MemberTable {
        MemberTable::builtin()
    }

    /// The official name that `given` should have been, on `date`.
    fn official_for(given: &str, date: &str) -> String {
        match table().check(given, d(date)) {
            Err(NameProblem::UseOfficialName { official, .. }) => official,
            other => panic!("{given:?} on {date}: expected UseOfficialName, got {other:?}"),
        }
    }

    fn ok_on(name: &str, date: &str) -> &'static MemberState {
        table()
            .check(name, d(date))
            .unwrap_or_else(|e| panic!("{name:?} on {date}: {e}"))
    }

    #[test]
    fn builtin_table_parses() {
        // Guards the one panic in this module: a malformed built-in file.
        let parsed = MemberTable::parse(BUILTIN_TSV, ALIASES);
        assert!(parsed.is_ok(), "{:?}", parsed.err());
        assert_eq!(table().states.len(), 193 + 4);
    }

    #[test]
    fn member_counts_follow_the_un_totals() {
        // Year-end totals published by the United Nations.
        for (date, count) in [
            ("1945-12-31", 51),
            ("1960-12-31", 99),
            ("1984-12-31", 159),
            ("1990-12-31", 159),
            ("1991-12-31", 166),
            ("1999-12-31", 188),
            ("2000-12-31", 189),
            ("2002-12-31", 191),
            (REPORT, 191),
            ("2006-12-31", 192),
            ("2011-12-31", 193),
            (TODAY, 193),
        ] {
            assert_eq!(table().members_on(d(date)).len(), count, "on {date}");
        }
    }

    #[test]
    fn group_counts_on_the_report_date() {
        let members = table().members_on(d(REPORT));
        let count = |g: RegionalGroup| {
            members
                .iter()
                .filter(|s| s.group_on(d(REPORT)) == g)
                .count()
        };
        assert_eq!(count(RegionalGroup::African), 53);
        assert_eq!(count(RegionalGroup::AsiaPacific), 53);
        assert_eq!(count(RegionalGroup::EasternEuropean), 22);
        assert_eq!(count(RegionalGroup::LatinAmericanCaribbean), 33);
        // Includes the United States, which attends the group as an observer.
        assert_eq!(count(RegionalGroup::WesternEuropeanOther), 29);
        assert_eq!(count(RegionalGroup::None), 1);
        assert_eq!(
            ok_on("Kiribati", REPORT).group_on(d(REPORT)),
            RegionalGroup::None
        );
        assert_eq!(
            ok_on("Israel", REPORT).group_on(d(REPORT)),
            RegionalGroup::WesternEuropeanOther
        );
        assert_eq!(
            ok_on("Turkey", REPORT).group_on(d(REPORT)),
            RegionalGroup::WesternEuropeanOther
        );
    }

    #[test]
    fn groups_change_over_time() {
        let kiribati = ok_on("Kiribati", "2025-03-01");
        assert_eq!(kiribati.group_on(d("2009-12-31")), RegionalGroup::None);
        assert_eq!(
            kiribati.group_on(d("2025-03-01")),
            RegionalGroup::AsiaPacific
        );
        assert_eq!(kiribati.group(), RegionalGroup::AsiaPacific);
        let israel = ok_on("Israel", REPORT);
        assert_eq!(israel.group_on(d("1999-01-01")), RegionalGroup::None);
        // In 2025 no Member State is in no group.
        let members = table().members_on(d("2025-03-01"));
        assert!(members
            .iter()
            .all(|s| s.group_on(d("2025-03-01")) != RegionalGroup::None));
        let asia = RegionalGroup::AsiaPacific;
        assert_eq!(asia.name_on(d(REPORT)), "Asian States");
        assert_eq!(asia.name_on(d("2025-03-01")), "Asia-Pacific States");
        assert_eq!(
            asia.official_name_on(d("2025-03-01")),
            "Group of Asia and the Pacific Small Island Developing States"
        );
        assert_eq!(
            RegionalGroup::African.name_on(d(REPORT)),
            RegionalGroup::African.name()
        );
    }

    #[test]
    fn malformed_group_spans_are_refused() {
        for groups in [
            "none@..2010-01-01;Asia-Pacific@2011-01-01..",
            "none@2000-01-01..;Asia-Pacific@..",
            "none@..2010-01-01",
            "Asian",
        ] {
            let line = format!("XXX\t2000-01-01\t{groups}\tX@..");
            assert!(parse_line(line.leak()).is_err(), "{groups}");
        }
        assert!(
            parse_line("XXX\t2000-01-01\tnone@..2010-01-01;African@2010-01-01..\tX@..").is_ok()
        );
    }

    #[test]
    fn group_names() {
        let names: Vec<&str> = RegionalGroup::ALL.iter().map(|g| g.name()).collect();
        assert_eq!(
            names,
            [
                "African States",
                "Asia-Pacific States",
                "Eastern European States",
                "Latin American and Caribbean States",
                "Western European and other States",
            ]
        );
        assert_eq!(RegionalGroup::None.name(), "no regional group");
    }

    #[test]
    fn serbia_and_montenegro_over_time() {
        assert_eq!(ok_on("Serbia and Montenegro", REPORT).iso3(), "SRB");
        assert_eq!(ok_on("Yugoslavia", "2001-06-01").iso3(), "SRB");
        assert_eq!(ok_on("Yugoslavia", "1995-06-01").iso3(), "YUG");
        assert_eq!(ok_on("Serbia", "2006-06-03").iso3(), "SRB");
        assert_eq!(official_for("Yugoslavia", REPORT), "Serbia and Montenegro");
        assert_eq!(official_for("Serbia", REPORT), "Serbia and Montenegro");
        assert_eq!(official_for("Serbia and Montenegro", TODAY), "Serbia");
    }

    #[test]
    fn montenegro_was_not_yet_a_member_in_2004() {
        let problem = table().check("Montenegro", d(REPORT)).unwrap_err();
        assert_eq!(
            problem,
            NameProblem::NotYetMember {
                name: "Montenegro".into(),
                admitted: d("2006-06-28"),
                report_date: d(REPORT),
            }
        );
        assert_eq!(
            problem.to_string(),
            "Montenegro became a Member State on 28 June 2006, after this report's date (1 March 2004)"
        );
        assert_eq!(ok_on("Montenegro", TODAY).iso3(), "MNE");
    }

    #[test]
    fn not_yet_members() {
        let problem = table().check("Switzerland", d("2002-01-01")).unwrap_err();
        assert!(
            matches!(problem, NameProblem::NotYetMember { admitted, .. } if admitted == d("2002-09-10"))
        );
        assert!(matches!(
            table().check("South Sudan", d(REPORT)),
            Err(NameProblem::NotYetMember { .. })
        ));
        assert_eq!(ok_on("Switzerland", REPORT).admitted(), d("2002-09-10"));
        assert_eq!(ok_on("Timor-Leste", REPORT).admitted(), d("2002-09-27"));
        // A later name of a State not yet admitted: the name it was admitted under.
        assert_eq!(
            table()
                .check("Czechia", d("1990-01-01"))
                .unwrap_err()
                .to_string(),
            "Czech Republic became a Member State on 19 January 1993, \
             after this report's date (1 January 1990)"
        );
    }

    #[test]
    fn renamed_states_need_the_name_of_the_day() {
        assert_eq!(ok_on("Turkey", REPORT).iso3(), "TUR");
        assert_eq!(official_for("Türkiye", REPORT), "Turkey");
        assert_eq!(ok_on("Türkiye", TODAY).iso3(), "TUR");
        assert_eq!(official_for("Turkey", TODAY), "Türkiye");
        assert_eq!(official_for("Czechia", REPORT), "Czech Republic");
        assert_eq!(official_for("Cabo Verde", REPORT), "Cape Verde");
        assert_eq!(official_for("Libya", REPORT), "Libyan Arab Jamahiriya");
        assert_eq!(official_for("Eswatini", REPORT), "Swaziland");
        assert_eq!(
            official_for("North Macedonia", REPORT),
            "The former Yugoslav Republic of Macedonia"
        );
        assert_eq!(
            official_for("Bolivia (Plurinational State of)", REPORT),
            "Bolivia"
        );
        assert_eq!(
            official_for("Venezuela (Bolivarian Republic of)", REPORT),
            "Venezuela"
        );
        assert_eq!(
            official_for("Zaire", REPORT),
            "Democratic Republic of the Congo"
        );
        assert_eq!(official_for("Swaziland", TODAY), "Eswatini");
        assert_eq!(
            official_for("Venezuela", TODAY),
            "Venezuela (Bolivarian Republic of)"
        );
        for name in [
            "Swaziland",
            "Cape Verde",
            "Libyan Arab Jamahiriya",
            "Czech Republic",
            "Côte d'Ivoire",
        ] {
            ok_on(name, REPORT);
        }
    }

    #[test]
    fn common_variants_name_the_official_short_name() {
        let cases = [
            ("UK", "United Kingdom of Great Britain and Northern Ireland"),
            (
                "U.K.",
                "United Kingdom of Great Britain and Northern Ireland",
            ),
            ("USA", "United States of America"),
            ("U.S.", "United States of America"),
            ("United States", "United States of America"),
            ("Russia", "Russian Federation"),
            ("turkey", "Turkey"),
            ("TURKEY", "Turkey"),
            ("Cote d'Ivoire", "Côte d'Ivoire"),
            ("Côte d’Ivoire", "Côte d'Ivoire"),
            ("Ivory Coast", "Côte d'Ivoire"),
            ("swaziland", "Swaziland"),
            ("Holland", "Netherlands"),
            ("the Netherlands", "Netherlands"),
            ("Netherlands (the)", "Netherlands"),
            ("Bahamas (the)", "Bahamas"),
            ("The Gambia", "Gambia"),
            ("Vietnam", "Viet Nam"),
            ("South Korea", "Republic of Korea"),
            ("Korea, Republic of", "Republic of Korea"),
            ("North Korea", "Democratic People's Republic of Korea"),
            ("Iran", "Iran (Islamic Republic of)"),
            ("Iran, Islamic Republic of", "Iran (Islamic Republic of)"),
            ("Syria", "Syrian Arab Republic"),
            ("Laos", "Lao People's Democratic Republic"),
            ("Tanzania", "United Republic of Tanzania"),
            (
                "Tanzania, United Republic of",
                "United Republic of Tanzania",
            ),
            ("Moldova", "Republic of Moldova"),
            ("Macedonia", "The former Yugoslav Republic of Macedonia"),
            (
                "the former Yugoslav Republic of Macedonia",
                "The former Yugoslav Republic of Macedonia",
            ),
            ("Timor Leste", "Timor-Leste"),
            ("East Timor", "Timor-Leste"),
            ("St. Lucia", "Saint Lucia"),
            ("Trinidad & Tobago", "Trinidad and Tobago"),
            ("Sao Tomé and Príncipe", "Sao Tome and Principe"),
            ("Colombia ", "Colombia"),
        ];
        for (given, official) in cases {
            assert_eq!(official_for(given, REPORT), official, "{given:?}");
        }
    }

    #[test]
    fn use_official_name_message() {
        assert_eq!(
            table().check("UK", d(REPORT)).unwrap_err().to_string(),
            "\"UK\" is not the United Nations short name of this Member State on this report's date; \
             the official short name then was \"United Kingdom of Great Britain and Northern Ireland\""
        );
    }

    #[test]
    fn former_member_states() {
        let problem = table().check("Czechoslovakia", d(REPORT)).unwrap_err();
        assert_eq!(
            problem,
            NameProblem::NoLongerMember {
                name: "Czechoslovakia".into(),
                until: d("1993-01-01"),
            }
        );
        assert_eq!(
            problem.to_string(),
            "Czechoslovakia ceased to be a Member State on 1 January 1993, before this report's date"
        );
        assert!(matches!(
            table().check("East Germany", d(REPORT)),
            Err(NameProblem::NoLongerMember { until, .. }) if until == d("1990-10-03")
        ));
        assert_eq!(ok_on("Czechoslovakia", "1980-01-01").iso3(), "CSK");
        // Syria's separate membership paused while it was part of the United Arab Republic.
        assert_eq!(
            table()
                .check("Syria", d("1960-01-01"))
                .unwrap_err()
                .to_string(),
            "Syria ceased to be a Member State on 21 February 1958, before this report's date"
        );
        assert_eq!(ok_on("United Arab Republic", "1960-01-01").iso3(), "EGY");
    }

    #[test]
    fn unknown_names_suggest_only_close_ones() {
        assert_eq!(
            table().check("Narnia", d(REPORT)).unwrap_err(),
            NameProblem::Unknown {
                given: "Narnia".into(),
                suggestion: None,
            }
        );
        assert_eq!(
            table().check("Colombai", d(REPORT)).unwrap_err(),
            NameProblem::Unknown {
                given: "Colombai".into(),
                suggestion: Some("Colombia".into()),
            }
        );
        let suggestion = |given: &str, date: &str| match table().check(given, d(date)) {
            Err(NameProblem::Unknown { suggestion, .. }) => suggestion,
            other => panic!("{given:?}: expected Unknown, got {other:?}"),
        };
        assert_eq!(
            suggestion("Untied Kingdom", REPORT).as_deref(),
            Some("United Kingdom of Great Britain and Northern Ireland")
        );
        // The suggestion is the name of the report's date.
        assert_eq!(suggestion("Turkei", REPORT).as_deref(), Some("Turkey"));
        assert_eq!(suggestion("Turkiey", TODAY).as_deref(), Some("Türkiye"));
        assert_eq!(suggestion("", REPORT), None);
        assert_eq!(suggestion("Holy See", REPORT), None);
        assert_eq!(
            table().check("Narnia", d(REPORT)).unwrap_err().to_string(),
            "\"Narnia\" is not the short name of any Member State of the United Nations"
        );
    }

    #[test]
    fn a_name_two_typos_away_is_suggested_once_it_has_eight_letters() {
        // About one typo in four letters: two for "Argentina" (9).
        let suggestion = |given: &str| match table().check(given, d(REPORT)) {
            Err(NameProblem::Unknown { suggestion, .. }) => suggestion,
            other => panic!("{given:?}: expected Unknown, got {other:?}"),
        };
        assert_eq!(suggestion("Ajgentima").as_deref(), Some("Argentina"));
        assert_eq!(suggestion("Cbila"), None);
    }

    #[test]
    fn a_change_takes_effect_on_its_day() {
        // Group names, groups and membership change on the day the table
        // gives (its `FROM`), not the day after.
        let asia = RegionalGroup::AsiaPacific;
        assert_eq!(asia.name_on(d("2011-08-28")), "Asian States");
        assert_eq!(asia.name_on(d("2011-08-29")), "Asia-Pacific States");
        let kiribati = ok_on("Kiribati", TODAY);
        assert_eq!(kiribati.group_on(d("2009-12-31")), RegionalGroup::None);
        assert_eq!(
            kiribati.group_on(d("2010-01-01")),
            RegionalGroup::AsiaPacific
        );
        let montenegro = ok_on("Montenegro", TODAY);
        assert_eq!(montenegro.short_name_on(d("2006-06-27")), None);
        assert_eq!(
            montenegro.short_name_on(d("2006-06-28")),
            Some("Montenegro")
        );
    }

    #[test]
    fn a_sender_named_as_a_member_is_found_by_any_spelling() {
        let on = d(REPORT);
        assert_eq!(table().member_named("Chile", on), Some("Chile"));
        assert_eq!(table().member_named("chile", on), Some("Chile"));
        assert_eq!(
            table().member_named("UK", on),
            Some("United Kingdom of Great Britain and Northern Ireland")
        );
        assert_eq!(table().member_named("Holy See", on), None);
        assert_eq!(table().member_named("Montenegro", on), None);
    }

    #[test]
    fn short_names_by_date() {
        let tur = ok_on("Turkey", REPORT);
        assert_eq!(tur.short_name_on(d("2022-05-31")), Some("Turkey"));
        assert_eq!(tur.short_name_on(d("2022-06-01")), Some("Türkiye"));
        assert_eq!(tur.short_name_on(d("1945-10-23")), None);
        let srb = ok_on("Serbia", TODAY);
        assert_eq!(srb.short_name_on(d("2000-10-31")), None);
        assert_eq!(srb.short_name_on(d("2003-02-03")), Some("Yugoslavia"));
        assert_eq!(
            srb.short_name_on(d("2003-02-04")),
            Some("Serbia and Montenegro")
        );
    }

    #[test]
    fn members_are_listed_alphabetically() {
        let names: Vec<&str> = table()
            .members_on(d(REPORT))
            .iter()
            .filter_map(|s| s.short_name_on(d(REPORT)))
            .collect();
        assert_eq!(names.first(), Some(&"Afghanistan"));
        assert_eq!(names.last(), Some(&"Zimbabwe"));
        let pos = |n: &str| names.iter().position(|&x| x == n).unwrap();
        assert!(pos("Costa Rica") < pos("Côte d'Ivoire") && pos("Côte d'Ivoire") < pos("Croatia"));
        assert!(pos("Thailand") < pos("The former Yugoslav Republic of Macedonia"));
        assert!(pos("The former Yugoslav Republic of Macedonia") < pos("Timor-Leste"));
        let today: Vec<&str> = table()
            .members_on(d(TODAY))
            .iter()
            .filter_map(|s| s.short_name_on(d(TODAY)))
            .collect();
        let pos = |n: &str| today.iter().position(|&x| x == n).unwrap();
        assert!(pos("Tunisia") < pos("Türkiye") && pos("Türkiye") < pos("Turkmenistan"));
    }

    #[test]
    fn no_two_members_share_a_name_on_any_day() {
        let mut days: Vec<Date> = Vec::new();
        for state in &table().states {
            days.push(state.admitted);
            for span in &state.names {
                days.extend(span.from.iter().chain(span.to.iter()).copied());
            }
        }
        for day in days {
            let mut names: Vec<&str> = table()
                .members_on(day)
                .iter()
                .filter_map(|s| s.short_name_on(day))
                .collect();
            let total = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), total, "duplicate short name on {day}");
        }
    }

    #[test]
    fn variants_identify_one_state() {
        // The only key two States share: "Yugoslavia", the seat until 2000 and
        // the Federal Republic of Yugoslavia's name from 2000 to 2003.
        for (key, states) in table().variants() {
            let codes: Vec<&str> = states.iter().map(|&i| table().states[i].iso3()).collect();
            if key == "yugoslavia" {
                assert_eq!(codes, ["SRB", "YUG"]);
            } else {
                assert_eq!(codes.len(), 1, "{key:?} names {codes:?}");
            }
        }
    }

    #[test]
    fn variant_keys() {
        assert_eq!(variant_key("  The  Bahamas (the) "), "bahamas");
        assert_eq!(variant_key("Türkiye"), variant_key("turkiye"));
        assert_eq!(variant_key("Co\u{302}te d'Ivoire"), "cote divoire");
        assert_eq!(variant_key("U.S.A."), "usa");
        assert_eq!(variant_key("St Kitts & Nevis"), "saint kitts and nevis");
        assert_eq!(variant_key("the"), "the");
        assert_eq!(variant_key(""), "");
    }

    #[test]
    fn malformed_files_are_reported_with_their_line() {
        let bad = [
            (
                "XXX\t2000-01-01\tAfrican",
                "line 1: expected 4 tab-separated fields, found 3",
            ),
            (
                "XXX\t2000-01-01\tAfrican\tX@..\tmore",
                "expected 4 tab-separated fields, found 5",
            ),
            (
                "# c\nGROUP\tAfrican\t..\tAfrican States",
                "line 2: a GROUP line needs 5 tab-separated fields, found 4",
            ),
            (
                "GROUP\tAfrican\t..\t \tGroup of African States",
                "a GROUP line needs a short and an official name",
            ),
            (
                "GROUP\tAfrican\t..\tAfrican States\t",
                "a GROUP line needs a short and an official name",
            ),
            ("XXX\t2000-01-01\tnone\tCosta  Rica@..", "stray spaces"),
            ("xx\t2000-01-01\tAfrican\tX@..", "not a three-letter code"),
            ("XXXX\t2000-01-01\tAfrican\tX@..", "not a three-letter code"),
            ("xxx\t2000-01-01\tAfrican\tX@..", "not a three-letter code"),
            ("XXX\t2000-01-01\tnone\t@..", "is empty or has stray spaces"),
            (
                "XXX\t2000-01-01\tnone\tX@..2001-01-01;Y@..",
                "only the first name may have an open start",
            ),
            ("XXX\t2000-13-01\tAfrican\tX@..", "admitted"),
            ("XXX\t2000-01-01\tAsian\tX@..", "unknown group"),
            ("XXX\t2000-01-01\tnone\tX", "lacks @FROM..TO"),
            ("XXX\t2000-01-01\tnone\tX@2001-01-01..", "day of admission"),
            ("XXX\t2000-01-01\tnone\tX@..;Y@2001-01-01..", "open end"),
            (
                "XXX\t2000-01-01\tnone\tX@..2002-01-01;Y@2001-01-01..",
                "overlaps",
            ),
            ("XXX\t2000-01-01\tnone\tX@..2000-01-01", "ends before"),
            ("XXX\t2000-01-01\tnone\tBahamas (the)@..", "article"),
            (
                "XXX\t2000-01-01\tnone\tX@..\nXXX\t2000-01-01\tnone\tX@..",
                "line 2: XXX appears twice",
            ),
        ];
        for (text, expected) in bad {
            let err = MemberTable::parse(text, &[]).unwrap_err().to_string();
            assert!(err.contains(expected), "{text:?}: {err}");
        }
        let err = MemberTable::parse("# c\n\nXXX\t2000-01-01\tnone\tX@..\n", &[("Y", "ZZZ")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown State ZZZ"), "{err}");
    }

    /// Splits one CSV record; fields may be quoted with "" for a literal quote.
    fn csv_fields(line: &str) -> Vec<String> {
        let mut fields = vec![String::new()];
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    chars.next();
                    fields.last_mut().unwrap().push('"');
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(String::new()),
                _ => fields.last_mut().unwrap().push(c),
            }
        }
        fields
    }

    #[test]
    fn unterm_short_names_are_todays_names() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/data/unterm-names.csv");
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {path}: {e}; this test needs the UNTERM list"));
        let today = d(TODAY);
        let mut lines = text.trim_start_matches('\u{feff}').lines();
        let header = csv_fields(lines.next().unwrap_or_default().trim_end_matches('\r'));
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("no {name} column"))
        };
        let (iso3_col, short_col) = (col("iso3"), col("en_short"));
        let mut seen: Vec<String> = Vec::new();
        for line in lines
            .map(|l| l.trim_end_matches('\r'))
            .filter(|l| !l.is_empty())
        {
            let fields = csv_fields(line);
            let (iso3, short) = (fields[iso3_col].as_str(), fields[short_col].trim());
            // "*" and "**" mark the observer States and the States outside the
            // United Nations (Holy See, State of Palestine, Cook Islands, Niue).
            if short.ends_with('*') {
                let name = short.trim_end_matches('*').trim().replace(" (the)", "");
                assert!(
                    table()
                        .states
                        .iter()
                        .all(|s| s.names.iter().all(|n| n.name != name)),
                    "{name} is not a Member State"
                );
                continue;
            }
            let holders: Vec<&MemberState> = if short.is_empty() {
                // The file leaves some names blank (CIV, TUR): match by code.
                table()
                    .states
                    .iter()
                    .filter(|s| s.iso3 == iso3 && s.short_name_on(today).is_some())
                    .collect()
            } else {
                let short = short.replace(" (the)", "");
                table()
                    .states
                    .iter()
                    .filter(|s| s.short_name_on(today) == Some(short.as_str()))
                    .collect()
            };
            assert_eq!(
                holders.len(),
                1,
                "{iso3} {short:?} is today's name of {} States",
                holders.len()
            );
            assert_eq!(holders[0].iso3(), iso3, "{short:?}");
            seen.push(iso3.to_string());
        }
        let mut ours: Vec<String> = table()
            .members_on(today)
            .iter()
            .map(|s| s.iso3.to_string())
            .collect();
        ours.sort();
        seen.sort();
        assert_eq!(ours, seen, "Member States today vs the UNTERM list");
    }
}
