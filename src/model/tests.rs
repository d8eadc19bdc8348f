//! The model's arithmetic and names, from replies parsed as a user writes them.

use std::path::Path;

use super::*;
use crate::submissions::reply;

const REPORT: &str = "
document: {symbol: E/CN.15/2004/7, organ: Economic and Social Council, date: 2004-03-01, original_language: English}
session: {body: Commission, number: 13, place: Vienna, opens: 2004-05-11, closes: 2004-05-20, agenda_item: 4}
title: Kidnapping
cutoff: 2004-02-15
topics:
  - {key: extent, heading: Extent}
indicators:
  - {key: serious, type: yes-no, says: it is serious}
  - {key: years, type: number, says: the penalty}
statistics:
  - {key: cases, label: Cases, years: [2001, 2002, 2003]}
";

fn config() -> ReportConfig {
    ReportConfig::parse(Path::new("report.yaml"), REPORT).unwrap()
}

/// One reply, parsed from `yaml` as `submissions/<file>`.
fn reply(config: &ReportConfig, file: &str, yaml: &str) -> Reply {
    let path = Path::new("submissions").join(file);
    reply::parse(&path, yaml, config, file).unwrap()
}

fn project(replies: &[(&str, &str)]) -> Project {
    let config = config();
    let replies = replies
        .iter()
        .map(|(file, yaml)| reply(&config, file, yaml))
        .collect();
    Project {
        root: Path::new(".").to_path_buf(),
        config,
        replies,
        ignored: Vec::new(),
    }
}

fn sample() -> Project {
    project(&[
        ("peru.yaml", "from: Peru\nreceived: 2004-01-10\nanswers: {extent: A.}\nindicators: {serious: yes, years: 30}\nstatistics: {cases: {2001: 1000, 2002: 2041}}"),
        ("cote.yaml", "from: Côte d'Ivoire\nreceived: 2004-01-05\nindicators: {serious: no, years: 10}\nstatistics: {cases: {2002: 5}}"),
        ("costa.yaml", "from: Costa Rica\nreceived: 2004-01-06\nanswers: {extent: B.}\nindicators: {years: 15}"),
        ("mex1.yaml", "from: Mexico\nreceived: 2003-11-20\nindicators: {serious: no, years: 20}"),
        ("mex2.yaml", "from: Mexico\nreceived: 2004-01-28\nanswers: {extent: C.}\nindicators: {serious: yes}\nstatistics: {cases: {2003: 412}}"),
        ("unicef.yaml", "from: United Nations Children's Fund\nkind: organization\nreceived: 2004-01-02"),
        ("late.yaml", "from: Nigeria\nreceived: 2004-03-02\nanswers: {extent: D.}"),
    ])
}

#[test]
fn counts_and_names_by_kind_in_reading_order() {
    let docs = documents(&sample());
    let m = &docs.main;
    assert_eq!(
        m.counts,
        Counts {
            replies: 6,
            senders: 5,
            member_states: 4,
            non_member_states: 0,
            organizations: 1,
            states: 4,
        }
    );
    // Accents do not count in the order: Costa Rica, Côte d'Ivoire.
    assert_eq!(
        m.member_states,
        ["Costa Rica", "Côte d'Ivoire", "Mexico", "Peru"]
    );
    assert_eq!(m.organizations, ["United Nations Children's Fund"]);
    assert_eq!(m.late_count, 1);
}

#[test]
fn a_later_reply_supplements_the_earlier_one() {
    let m = documents(&sample()).main;
    let mexico: Vec<&ReplyInfo> = m.replies.iter().filter(|r| r.from == "Mexico").collect();
    assert_eq!(mexico.len(), 2);
    assert_eq!(mexico[0].supplements, None);
    assert_eq!(
        mexico[1].supplements,
        Some(Date::parse("2003-11-20").unwrap())
    );
    assert_eq!(m.further_replies.len(), 1);
    assert_eq!(m.further_replies[0].dates.len(), 2);
    let entries = &m.topics[0].entries;
    let names: Vec<&str> = entries.iter().map(|e| e.from.as_str()).collect();
    assert_eq!(names, ["Costa Rica", "Mexico", "Peru"]);
}

#[test]
fn indicators_count_each_senders_latest_answer() {
    let m = documents(&sample()).main;
    let serious = &m.indicators[0];
    // Mexico said no, then yes: its later answer counts.
    assert_eq!(serious.yes, ["Mexico", "Peru"]);
    assert_eq!(serious.no, ["Côte d'Ivoire"]);
    assert_eq!(serious.answered, 3);
    let years = &m.indicators[1];
    assert_eq!(years.answered, 4);
    assert_eq!((years.min, years.max), (Some(10.0), Some(30.0)));
    // 10, 15, 20, 30: the mean of the two middle values.
    assert_eq!(years.median, Some(17.5));
}

#[test]
fn medians_of_odd_and_even_series() {
    assert_eq!(indicators::median(&[]), None);
    assert_eq!(indicators::median(&[3.0]), Some(3.0));
    assert_eq!(indicators::median(&[1.0, 2.0, 9.0]), Some(2.0));
    assert_eq!(indicators::median(&[1.0, 2.0, 4.0, 9.0]), Some(3.0));
}

#[test]
fn statistics_rows_and_totals_keep_gaps_apart_from_zeros() {
    let m = documents(&sample()).main;
    let cases = &m.statistics[0];
    let rows: Vec<(&str, &[Option<u64>])> = cases
        .rows
        .iter()
        .map(|r| (r.from.as_str(), r.cells.as_slice()))
        .collect();
    assert_eq!(
        rows,
        [
            ("Côte d'Ivoire", &[None, Some(5), None, Some(5)][..]),
            // One row per sender, whatever the number of its replies.
            ("Mexico", &[None, None, Some(412), Some(412)][..]),
            ("Peru", &[Some(1000), Some(2041), None, Some(3041)][..]),
        ]
    );
    assert_eq!(
        cases.totals,
        [Some(1000), Some(2046), Some(412), Some(3458)]
    );
    // Each total says how many senders it covers.
    assert_eq!(cases.reporting, [1, 2, 1]);
    assert!(!cases.complete);
    assert!(cases.revised_by.is_empty());
    // Serialised for the templates: separators and `..` for a gap.
    let json = serde_json::to_value(cases).unwrap();
    assert_eq!(
        json["totals"],
        serde_json::json!(["1,000", "2,046", "412", "3,458"])
    );
    assert_eq!(
        json["rows"][0]["cells"],
        serde_json::json!(["..", "5", "..", "5"])
    );
}

#[test]
fn the_addendum_has_its_own_symbol_date_and_numbering() {
    let docs = documents(&sample());
    let add = docs.addendum.expect("a late reply makes an addendum");
    assert_eq!(add.document.symbol, "E/CN.15/2004/7/Add.1");
    assert_eq!(add.document.file_stem, "E_CN.15_2004_7_Add.1");
    // No addendum date in report.yaml: the day the last late reply came.
    assert_eq!(add.document.date, Date::parse("2004-03-02").unwrap());
    assert_eq!(add.counts.replies, 1);
    assert_eq!(add.member_states, ["Nigeria"]);
    let json = serde_json::to_value(&add.document).unwrap();
    assert_eq!(json["date"], "2 March 2004");
    assert_eq!(json["main_date"], "1 March 2004");
}

#[test]
fn the_session_is_written_the_un_way() {
    let m = documents(&sample()).main;
    let json = serde_json::to_value(&m.session).unwrap();
    assert_eq!(json["ordinal"], "Thirteenth");
    assert_eq!(json["dates"], "11-20 May 2004");
    assert_eq!(json["number"], 13);
}

#[test]
fn no_reply_at_all_still_makes_a_report() {
    let docs = documents(&project(&[]));
    assert!(docs.addendum.is_none());
    assert_eq!(docs.main.counts.replies, 0);
    assert!(docs.main.topics[0].entries.is_empty());
    assert_eq!(docs.main.indicators[1].median, None);
    assert_eq!(docs.main.statistics[0].totals, [None, None, None, Some(0)]);
}

#[test]
fn a_later_reply_revises_figures_year_by_year() {
    let p = project(&[
        (
            "mex1.yaml",
            "from: Mexico\nreceived: 2003-11-20\nstatistics: {cases: {2001: 505, 2002: 433}}",
        ),
        (
            "mex2.yaml",
            "from: Mexico\nreceived: 2004-01-28\nstatistics: {cases: {2002: 440, 2003: 412}}",
        ),
    ]);
    let cases = &documents(&p).main.statistics[0];
    assert_eq!(cases.rows.len(), 1);
    assert_eq!(cases.rows[0].from, "Mexico");
    assert_eq!(
        cases.rows[0].cells,
        [Some(505), Some(440), Some(412), Some(1357)]
    );
    assert_eq!(cases.revised_by, ["Mexico"]);
    assert!(cases.complete);
}
