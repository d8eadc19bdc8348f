//! Things worth a look that do not stop the build (`--strict` makes them stop
//! it): topics and indicators nobody answered, dates that look wrong, replies
//! that answer nothing, a sender contradicting itself, and the warnings found
//! while each reply was read.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::{IndicatorValue, Project, Reply};
use crate::diag::Diagnostic;

/// Every warning about the project's input, in file order.
pub fn warnings(project: &Project) -> Vec<Diagnostic> {
    let mut out = unanswered(project);
    let today = crate::date::Date::today();
    for r in &project.replies {
        out.extend(dates(project, r, today));
        if r.answers.is_empty() {
            let (l, c) = r.at.from;
            out.push(
                Diagnostic::warning(
                    &r.file,
                    l,
                    c,
                    format!("the reply from {} answers no topic", r.from),
                )
                .with_help("it is listed in the annex but quoted nowhere in the report"),
            );
        }
        out.extend(r.warnings.iter().cloned());
    }
    out.extend(contradictions(&project.replies));
    out.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    out
}

/// Topics and indicators of report.yaml that no reply answers, at their
/// declaration.
fn unanswered(project: &Project) -> Vec<Diagnostic> {
    let config = &project.config;
    let report_yaml = Path::new(crate::project::REPORT_YAML);
    let key_at = |k: &str| {
        config
            .key_locations
            .iter()
            .find(|(n, _)| n == k)
            .map_or((0, 0), |(_, at)| *at)
    };
    let replies = &project.replies;
    let topics: HashSet<&str> = replies
        .iter()
        .flat_map(|r| r.answers.iter().map(|(k, _)| k.as_str()))
        .collect();
    let indicators: HashSet<&str> = replies
        .iter()
        .flat_map(|r| r.indicators.iter().map(|(k, _)| k.as_str()))
        .collect();
    let mut out = Vec::new();
    for topic in config
        .topics
        .iter()
        .filter(|t| !topics.contains(t.key.as_str()))
    {
        let (l, c) = key_at(&format!("topic:{}", topic.key));
        out.push(
            Diagnostic::warning(
                report_yaml,
                l,
                c,
                format!("no reply answers the topic `{}`", topic.key),
            )
            .with_help("its section will say that no information was received"),
        );
    }
    for ind in config
        .indicators
        .iter()
        .filter(|i| !indicators.contains(i.key.as_str()))
    {
        let (l, c) = key_at(&format!("indicator:{}", ind.key));
        out.push(Diagnostic::warning(
            report_yaml,
            l,
            c,
            format!("no reply answers the indicator `{}`", ind.key),
        ));
    }
    out
}

/// A reply's date of receipt, when it looks wrong.
fn dates(project: &Project, r: &Reply, today: crate::date::Date) -> Vec<Diagnostic> {
    let config = &project.config;
    let (l, c) = r.at.received;
    let received = |when: String| {
        Diagnostic::warning(
            &r.file,
            l,
            c,
            format!("received on {}, {when}", r.received.un_style()),
        )
    };
    let mut out = Vec::new();
    if let Some(nv) = config.note_verbale.filter(|nv| r.received < *nv) {
        out.push(received(format!(
            "before the note verbale of {}",
            nv.un_style()
        )));
    }
    let late = config.is_late(r.received);
    // After the report's date but in the report: the date is likely a typo.
    if r.received > config.date && !late {
        out.push(received(format!(
            "after the report's date ({})",
            config.date.un_style()
        )));
    }
    if let Some(add) = config.addendum_date.filter(|d| late && r.received > *d) {
        out.push(received(format!(
            "after the addendum's date ({})",
            add.un_style()
        )));
    }
    if r.received > today {
        out.push(received("a date still to come".into()));
    }
    out
}

/// A sender whose replies disagree on an indicator: a warning at the later
/// answer. Replies are grouped by sender first, so only a sender's own
/// replies are compared with each other.
fn contradictions(replies: &[Reply]) -> Vec<Diagnostic> {
    let mut by_sender: HashMap<&str, Vec<&Reply>> = HashMap::new();
    for r in replies {
        by_sender.entry(r.from.as_str()).or_default().push(r);
    }
    let mut out = Vec::new();
    for later in replies {
        for earlier in &by_sender[later.from.as_str()] {
            if std::ptr::eq(*earlier, later) {
                continue;
            }
            if (earlier.received, &earlier.file) > (later.received, &later.file) {
                continue;
            }
            out.extend(disagreements(earlier, later));
        }
    }
    out
}

/// The indicators `later` answers differently from `earlier`.
fn disagreements(earlier: &Reply, later: &Reply) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (key, value) in &later.indicators {
        let Some((_, old)) = earlier.indicators.iter().find(|(k, _)| k == key) else {
            continue;
        };
        if old == value {
            continue;
        }
        let (l, c) = later
            .at
            .indicators
            .iter()
            .find(|(k, _)| k == key)
            .map_or((0, 0), |(_, at)| *at);
        out.push(
            Diagnostic::warning(
                &later.file,
                l,
                c,
                format!(
                    "{} answered `{key}` with {} in its reply of {} and {} here",
                    later.from,
                    shown(old),
                    earlier.received.un_style(),
                    shown(value)
                ),
            )
            .with_help(format!(
                "the report uses this later answer; check {}",
                earlier.file.display()
            )),
        );
    }
    out
}

fn shown(v: &IndicatorValue) -> String {
    match v {
        IndicatorValue::YesNo(true) => "yes".into(),
        IndicatorValue::YesNo(false) => "no".into(),
        IndicatorValue::Number(x) => format!("{x}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::submissions::{reply, ReportConfig};

    #[test]
    fn contradictions_only_between_a_senders_own_replies_and_reply_warnings_given_out() {
        let text = include_str!("../../tests/fixtures/small/report.yaml");
        let config = ReportConfig::parse(Path::new("report.yaml"), text).unwrap();
        let r = |file: &str, from: &str, date: &str, answer: &str| {
            let text = format!(
                "from: {from}\nreceived: {date}\nindicators:\n  serious_crime: {answer}\nanswers:\n  extent: a\u{200F}b\n"
            );
            reply::parse(Path::new(file), &text, &config, file).unwrap()
        };
        let replies = vec![
            r("a", "Chile", "2004-01-05", "yes"),
            r("b", "Peru", "2004-01-06", "no"),
            r("c", "Chile", "2004-01-07", "no"),
        ];
        let project = Project {
            root: ".".into(),
            config: config.clone(),
            replies,
            ignored: Vec::new(),
        };
        let w: Vec<String> = warnings(&project)
            .iter()
            .filter(|d| d.file != Path::new("report.yaml"))
            .map(|d| format!("{}:{}: {}", d.file.display(), d.line, d.message))
            .collect();
        let contradictions: Vec<&String> = w.iter().filter(|m| m.contains("answered")).collect();
        assert_eq!(
            contradictions,
            ["c:4: Chile answered `serious_crime` with yes in its reply of 5 January 2004 and no here"]
        );
        assert_eq!(w.iter().filter(|m| m.contains("U+200F")).count(), 3);
    }
}
