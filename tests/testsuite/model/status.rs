//! `sgreport status`: what a secretariat officer sees before the session, on
//! the `small` fixture (Colombia, Mexico twice, Peru and UNICEF on time;
//! Nigeria after the cut-off date; report dated 1 March 2004, session opening
//! on 11 May 2004).

use crate::common::{count_words, Project};
use serde_json::Value;

const TODAY: &str = "2004-05-01";

fn status_text(p: &Project) -> String {
    let run = p.run(&["status", "--today", TODAY]);
    run.success();
    run.stdout()
}

fn status_json(p: &Project) -> Value {
    let run = p.run(&["status", "--format", "json", "--today", TODAY]);
    run.success();
    serde_json::from_str(&run.stdout()).expect("status --format json prints JSON")
}

/// The line of `text` that starts (after indentation) with `label`.
fn line<'a>(text: &'a str, label: &str) -> &'a str {
    text.lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no line {label:?} in:\n{text}"))
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn replies_by_kind_and_by_regional_group() {
    let p = Project::fixture("small");
    let out = status_text(&p);
    // Six files from five senders: Mexico replied twice.
    assert_eq!(fold(line(&out, "Total ")), "Total 6 5", "{out}");
    assert_eq!(fold(line(&out, "Member States  ")), "Member States 5 4");
    assert_eq!(
        fold(line(&out, "Non-member States")),
        "Non-member States 0 0"
    );
    assert_eq!(fold(line(&out, "Organizations")), "Organizations 1 1");
    // Distinct Member States per group, against the group's size in 2004.
    let groups = [
        ("Latin American and Caribbean States", "3 of 33"),
        ("African States", "1 of 53"),
        ("Asian States", "0 of 53"),
        ("Eastern European States", "0 of 22"),
        ("Western European and other States", "0 of 29"),
        ("No regional group", "0 of 1"),
    ];
    for (group, want) in groups {
        let l = line(&out, group);
        assert!(l.ends_with(want), "{group}: {l:?}");
    }
    let total = out
        .lines()
        .filter(|l| l.trim_start().starts_with("Total"))
        .nth(1)
        .expect("a total of Member States");
    assert!(total.ends_with("4 of 191"), "{total:?}");
}

#[test]
fn missing_prints_only_the_names_one_a_line() {
    let p = Project::fixture("small");
    let run = p.run(&["status", "--missing"]);
    run.success();
    let out = run.stdout();
    let names: Vec<&str> = out.lines().collect();
    // 191 Member States in March 2004, four of which replied (Nigeria late,
    // but it did reply).
    assert_eq!(names.len(), 187);
    assert!(names.contains(&"Argentina"));
    assert!(names.contains(&"Serbia and Montenegro"));
    assert!(names.contains(&"Côte d'Ivoire"));
    for replied in ["Colombia", "Mexico", "Peru", "Nigeria"] {
        assert!(!names.contains(&replied), "{replied} replied");
    }
    assert!(!names.iter().any(|n| n.contains("Children")));
    assert!(names.iter().all(|n| !n.trim().is_empty() && n.trim() == *n));
    assert_eq!(names[0], "Afghanistan");
    assert_eq!(names[names.len() - 1], "Zimbabwe");
    // Alphabetical, accents aside: Côte d'Ivoire among the Cs.
    let at = |n: &str| names.iter().position(|x| *x == n).unwrap();
    assert!(at("Costa Rica") < at("Côte d'Ivoire") && at("Côte d'Ivoire") < at("Croatia"));
    // Nothing on stderr to get in the way of a paste.
    assert_eq!(run.stderr(), "");
}

#[test]
fn missing_by_group_in_the_full_status() {
    let p = Project::fixture("small");
    let out = status_text(&p);
    let at = out
        .find("Member States that have not replied: 187")
        .unwrap_or_else(|| panic!("{out}"));
    let missing = &out[at..];
    let grulac = missing
        .find("Latin American and Caribbean States (30)")
        .expect("group heading with its count");
    let next = missing
        .find("Western European and other States (29)")
        .unwrap();
    let names = fold(&missing[grulac..next]);
    assert!(names.contains("Argentina, Bahamas, Barbados"), "{names}");
    assert!(!names.contains("Colombia"));
}

#[test]
fn every_line_fits_80_columns() {
    let p = Project::fixture("small");
    let out = status_text(&p);
    for l in out.lines() {
        assert!(l.chars().count() <= 80, "too wide: {l:?}");
    }
    // A long topic heading is shortened, not wrapped past the margin.
    let yaml = p.read("report.yaml").replace(
        "heading: Legislation and penalties",
        "heading: Legislation and penalties, including the criminalization of every form of participation in kidnapping",
    );
    p.write("report.yaml", &yaml);
    let out = status_text(&p);
    for l in out.lines() {
        assert!(l.chars().count() <= 80, "too wide: {l:?}");
    }
    assert!(line(&out, "Legislation and penalties, including").contains("..."));
}

#[test]
fn late_replies_and_their_addendum() {
    let p = Project::fixture("small");
    let out = status_text(&p);
    assert!(
        out.contains(
            "Received after the cut-off date (15 February 2004), for E/CN.15/2004/7/Add.1: 1"
        ),
        "{out}"
    );
    assert!(out.contains("  Nigeria, 2 March 2004 (submissions/late/nigeria.yaml)"));

    p.remove("submissions/late/nigeria.yaml");
    let out = status_text(&p);
    assert!(out.contains("No reply received after the cut-off date (15 February 2004)."));
    assert!(!out.contains("Add.1"));
}

#[test]
fn topics_and_replies_that_answer_none() {
    let p = Project::fixture("small");
    let out = status_text(&p);
    assert_eq!(
        fold(line(&out, "Extent of and trends in kidnapping")),
        "Extent of and trends in kidnapping 5"
    );
    assert_eq!(
        fold(line(&out, "Legislation and penalties")),
        "Legislation and penalties 3"
    );
    assert!(out.contains("Every reply answers at least one topic."));

    p.write(
        "submissions/chile.yaml",
        "from: Chile\nreceived: 2004-01-05\nindicators:\n  serious_crime: yes\n",
    );
    let out = status_text(&p);
    assert!(
        out.contains("  Replies that answer no topic: 1\n    submissions/chile.yaml\n"),
        "{out}"
    );
    let json = status_json(&p);
    assert_eq!(
        json["no_topic"],
        serde_json::json!(["submissions/chile.yaml"])
    );
    // Chile counts as having replied all the same.
    assert!(line(&out, "Latin American and Caribbean States").ends_with("4 of 33"));
}

#[test]
fn days_left_from_today_or_from_the_option() {
    let p = Project::fixture("small");
    let out = status_text(&p);
    assert!(
        out.contains("10 days left until the session opens on 11 May 2004."),
        "{out}"
    );
    let on = |day: &str| {
        let run = p.run(&["status", "--today", day]);
        run.success();
        run.stdout()
    };
    assert!(on("2004-05-10").contains("1 day left until the session opens on 11 May 2004."));
    assert!(on("2004-05-11").contains("The session opens today (11 May 2004)."));
    assert!(on("2004-05-14").contains("The session opened 3 days ago, on 11 May 2004."));
    assert!(on("2004-05-01").contains("as at 1 May 2004"));

    // Without --today: SGREPORT_TODAY (which the tests set, to 2 March
    // 2026, so that no test reads the clock), else the system's date.
    let run = p.run(&["status", "--format", "json"]);
    run.success();
    let json: Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(json["today"], crate::common::TODAY);
    assert_eq!(json["days_left"], -7965);
    let fixed = p.run_with_env(&["status"], &[("SGREPORT_TODAY", "2004-05-10")]);
    assert!(fixed
        .stdout()
        .contains("1 day left until the session opens"));
    // --today wins over the variable.
    assert!(on("2004-05-11").contains("The session opens today"));
}

#[test]
fn a_bad_sgreport_today_cannot_run_any_command() {
    let p = Project::fixture("small");
    for cmd in [
        &["status"][..],
        &["check", "--no-pdf"],
        &["build", "--no-pdf"],
    ] {
        let run = p.run_with_env(cmd, &[("SGREPORT_TODAY", "2004-02-30")]);
        assert_eq!(run.code(), 2, "{cmd:?}: {}", run.stderr());
        assert_eq!(
            run.stderr(),
            "error: SGREPORT_TODAY is \"2004-02-30\": February 2004 has no day 30\n",
            "{cmd:?}"
        );
        assert_eq!(run.stdout(), "");
    }
    assert!(!p.path().join("output/E_CN.15_2004_7.md").exists());
}

#[test]
fn a_bad_today_cannot_run() {
    let p = Project::fixture("small");
    for bad in ["2004-13-01", "1 May 2004", "2004-02-30", ""] {
        let run = p.run(&["status", "--today", bad]);
        assert_eq!(run.code(), 2, "--today {bad:?}");
        assert!(run.stderr().contains("--today"), "{}", run.stderr());
        assert_eq!(run.stdout(), "");
    }
}

#[test]
fn input_problems_are_printed_and_exit_1() {
    let p = Project::fixture("small");
    p.write(
        "submissions/bad.yaml",
        "from: Montenegro\nreceived: 2004-01-05\n",
    );
    let run = p.run(&["status"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("bad.yaml"), "{}", run.stderr());
    assert!(run.stderr().contains("Montenegro"));
    assert_eq!(run.stdout(), "");

    let empty = Project::empty();
    let run = empty.run(&["status", "--today", TODAY]);
    // No project there: the tool cannot run (exit 2), and says why.
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().starts_with(&format!(
            "error: no report.yaml in {} or any folder above it",
            empty.path().display()
        )),
        "{}",
        run.stderr()
    );
    assert_eq!(run.stdout(), "");
}

#[test]
fn length_against_the_word_limit_with_each_chapter() {
    let p = Project::fixture("small");
    let out = status_text(&p);
    let json = status_json(&p);
    let main = &json["length"]["main"];
    let words = main["words"].as_u64().unwrap();
    let main_line = line(&out, "E/CN.15/2004/7 ");
    assert!(
        main_line.ends_with(&format!("{} of 8,500 (limit)", thousands(words))),
        "{main_line:?}"
    );
    for chapter in [
        "Summary",
        "I. Introduction",
        "II. Replies received",
        "III. Conclusions and recommendations",
        "Annexes",
        "Footnotes",
    ] {
        let l = line(&out, chapter);
        assert!(l.ends_with('%'), "{l:?}");
    }
    assert!(line(&out, "A. Extent of and trends in kidnapping").ends_with('%'));
    // The addendum is measured too.
    assert!(line(&out, "E/CN.15/2004/7/Add.1").ends_with(" of 8,500 (limit)"));

    // Over the limit: said, with by how much.
    let yaml = p
        .read("report.yaml")
        .replace("cutoff: 2004-02-15", "cutoff: 2004-02-15\nword_limit: 100");
    p.write("report.yaml", &yaml);
    let out = status_text(&p);
    let over = words - 100;
    assert!(
        line(&out, "E/CN.15/2004/7 ").ends_with(&format!(
            "{} of 100 (limit), {} over",
            thousands(words),
            thousands(over)
        )),
        "{out}"
    );
    assert_eq!(
        status_json(&p)["length"]["main"]["over_limit"],
        Value::Bool(true)
    );
}

#[test]
fn the_word_count_is_the_one_of_the_written_markdown() {
    let p = Project::fixture("small");
    p.build_markdown();
    let json = status_json(&p);
    for (doc, file) in [
        ("main", "output/E_CN.15_2004_7.md"),
        ("addendum", "output/E_CN.15_2004_7_Add.1.md"),
    ] {
        let count = count_words(&p.read(file));
        assert_eq!(
            json["length"][doc]["words"].as_u64(),
            Some(count as u64),
            "{doc}"
        );
    }
    // Known answers for the small fixture's summary and footnotes:
    // "Summary" + 13 + 31 + 19 words; "Figures of the national statistics
    // office." + "Article numbers omitted."
    let parts = &json["length"]["main"]["parts"];
    let part = |name: &str| {
        parts
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["words"].as_u64().unwrap())
    };
    assert_eq!(part("Summary"), Some(1 + 13 + 31 + 19));
    assert_eq!(part("Footnotes"), Some(6 + 3));
    assert_eq!(part("I. Introduction").map(|w| w > 100), Some(true));
}

#[test]
fn json_has_the_documented_shape() {
    let p = Project::fixture("small");
    let json = status_json(&p);
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&json),
        [
            "cutoff",
            "days_left",
            "groups",
            "late",
            "length",
            "member_states",
            "missing",
            "no_topic",
            "replies",
            "report_date",
            "session_opens",
            "symbol",
            "today",
            "topics",
            "version",
        ]
    );
    assert_eq!(json["version"], 1);
    assert_eq!(json["symbol"], "E/CN.15/2004/7");
    assert_eq!(json["report_date"], "2004-03-01");
    assert_eq!(json["cutoff"], "2004-02-15");
    assert_eq!(json["today"], TODAY);
    assert_eq!(json["session_opens"], "2004-05-11");
    assert_eq!(json["days_left"], 10);
    assert_eq!(
        json["replies"],
        serde_json::json!({
            "total": {"replies": 6, "senders": 5},
            "member_states": {"replies": 5, "senders": 4},
            "non_member_states": {"replies": 0, "senders": 0},
            "organizations": {"replies": 1, "senders": 1},
        })
    );
    assert_eq!(
        json["member_states"],
        serde_json::json!({"members": 191, "replied": 4, "missing": 187})
    );
    let groups = json["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 6);
    assert_eq!(keys(&groups[0]), ["group", "members", "missing", "replied"]);
    let grulac = &groups[3];
    assert_eq!(grulac["group"], "Latin American and Caribbean States");
    assert_eq!(grulac["members"], 33);
    assert_eq!(grulac["replied"], 3);
    assert_eq!(grulac["missing"].as_array().unwrap().len(), 30);
    assert_eq!(grulac["missing"][0], "Antigua and Barbuda");
    assert_eq!(json["missing"].as_array().unwrap().len(), 187);
    assert_eq!(
        json["late"],
        serde_json::json!({
            "addendum": "E/CN.15/2004/7/Add.1",
            "replies": [{
                "from": "Nigeria",
                "kind": "member-state",
                "received": "2004-03-02",
                "file": "submissions/late/nigeria.yaml",
            }],
        })
    );
    assert_eq!(
        json["topics"],
        serde_json::json!([
            {"key": "extent", "heading": "Extent of and trends in kidnapping", "replies": 5},
            {"key": "legislation", "heading": "Legislation and penalties", "replies": 3},
        ])
    );
    assert_eq!(json["no_topic"], serde_json::json!([]));
    for doc in ["main", "addendum"] {
        let d = &json["length"][doc];
        assert_eq!(
            keys(d),
            [
                "limit",
                "over_limit",
                "parts",
                "sections",
                "symbol",
                "words"
            ]
        );
        assert_eq!(d["limit"], 8500);
        assert_eq!(d["over_limit"], false);
        let parts = d["parts"].as_array().unwrap();
        let names: Vec<&str> = parts.iter().map(|p| p["name"].as_str().unwrap()).collect();
        // The addendum draws no conclusions of its own.
        let conclusions = ["III. Conclusions and recommendations"];
        let expected: Vec<&str> = ["Summary", "I. Introduction", "II. Replies received"]
            .into_iter()
            .chain(conclusions.into_iter().filter(|_| doc == "main"))
            .chain(["Annexes", "Footnotes"])
            .collect();
        assert_eq!(names, expected, "{doc}");
        let sum: u64 = parts.iter().map(|p| p["words"].as_u64().unwrap()).sum();
        assert_eq!(Some(sum), d["words"].as_u64());
        let sections = d["sections"].as_array().unwrap();
        assert_eq!(keys(&sections[0]), ["chapter", "name", "words"]);
        assert_eq!(sections[0]["chapter"], "II. Replies received");
        assert_eq!(sections[0]["name"], "A. Extent of and trends in kidnapping");
    }
    assert_eq!(json["length"]["main"]["symbol"], "E/CN.15/2004/7");
    assert_eq!(json["length"]["addendum"]["symbol"], "E/CN.15/2004/7/Add.1");

    // No late reply: no addendum to measure.
    p.remove("submissions/late/nigeria.yaml");
    let json = status_json(&p);
    assert_eq!(json["length"]["addendum"], Value::Null);
    assert_eq!(json["late"]["replies"], serde_json::json!([]));
    assert_eq!(json["late"]["addendum"], "E/CN.15/2004/7/Add.1");
}

#[test]
fn missing_as_json_is_a_list_of_names() {
    let p = Project::fixture("small");
    let run = p.run(&["status", "--missing", "--format", "json"]);
    run.success();
    let json: Value = serde_json::from_str(&run.stdout()).unwrap();
    let names = json.as_array().unwrap();
    assert_eq!(names.len(), 187);
    assert_eq!(names[0], "Afghanistan");
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
