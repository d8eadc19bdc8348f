//! The dates that decide where a reply goes, at their edges: a reply
//! received on the cut-off day is in the report, the next day's in the
//! addendum; a reply dated after today is flagged, one dated today is not.

use crate::common::Project;

const MAIN_MD: &str = "output/E_CN.15_2004_7.md";
const ADD_MD: &str = "output/E_CN.15_2004_7_Add.1.md";

/// Chile's reply, received on `day`.
fn chile(day: &str) -> String {
    format!("from: Chile\nreceived: {day}\nanswers:\n  extent: Chile reported no cases.\n")
}

#[test]
fn a_reply_received_on_the_cutoff_day_is_in_the_report() {
    // The small fixture's cut-off date is 15 February 2004.
    let p = Project::fixture("small");
    p.write("submissions/chile.yaml", &chile("2004-02-15"));
    p.build_markdown();
    assert!(p
        .read(MAIN_MD)
        .contains("*Chile*. Chile reported no cases."));
    assert!(!p.read(ADD_MD).contains("Chile"));

    p.write("submissions/chile.yaml", &chile("2004-02-16"));
    p.build_markdown();
    assert!(!p.read(MAIN_MD).contains("Chile reported no cases."));
    assert!(p.read(ADD_MD).contains("*Chile*. Chile reported no cases."));
}

#[test]
fn a_reply_dated_after_today_is_a_warning_at_its_date() {
    // Nigeria's reply is dated 2 March 2004, line 3, column 11.
    let p = Project::fixture("small");
    let check = |today: &str| {
        let run = p.run_with_env(
            &["check", "--no-pdf", "--message-format", "short"],
            &[("SGREPORT_TODAY", today)],
        );
        run.success();
        run.stderr()
    };
    let warning = "submissions/late/nigeria.yaml:3:11: warning: received on 2 March 2004, a date still to come";
    assert!(
        check("2004-03-01").contains(warning),
        "{}",
        check("2004-03-01")
    );
    assert!(!check("2004-03-02").contains("still to come"));
}
