//! Regional groups as of the report's date: membership and group names.

use crate::common::Project;

fn groups(p: &Project) -> Vec<(String, u64, Vec<String>)> {
    let run = p.run(&["status", "--format", "json", "--today", "2004-03-01"]);
    run.success();
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["group"].as_str().unwrap().to_string(),
                g["members"].as_u64().unwrap(),
                g["missing"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn a_2004_report_has_the_groups_of_2004() {
    let p = Project::fixture("small");
    let g = groups(&p);
    let asian = g
        .iter()
        .find(|(n, _, _)| n == "Asian States")
        .expect("Asian States");
    assert!(!asian.2.contains(&"Kiribati".to_string()));
    let none = g
        .iter()
        .find(|(n, _, _)| n == "no regional group")
        .expect("Kiribati in no group in 2004");
    assert_eq!(none.2, vec!["Kiribati".to_string()]);
}

#[test]
fn a_2025_report_has_kiribati_in_the_asia_pacific_group() {
    let p = Project::fixture("small");
    let report = p
        .read("report.yaml")
        .replace("date: 2004-03-01", "date: 2025-03-01");
    assert!(report.contains("date: 2025-03-01"));
    p.write("report.yaml", &report);
    let g = groups(&p);
    let names: Vec<&str> = g.iter().map(|(n, _, _)| n.as_str()).collect();
    assert!(names.contains(&"Asia-Pacific States"), "{names:?}");
    assert!(!names.contains(&"Asian States"), "{names:?}");
    assert!(!names.contains(&"no regional group"), "{names:?}");
    let asia = g
        .iter()
        .find(|(n, _, _)| n == "Asia-Pacific States")
        .unwrap();
    assert!(asia.2.contains(&"Kiribati".to_string()), "{:?}", asia.2);
    let text = p.run(&["status", "--today", "2025-03-01"]);
    text.success();
    assert!(
        !text.stdout().contains("no regional group"),
        "{}",
        text.stdout()
    );
}
