//! Things worth a look that do not stop the build (`--strict` makes them stop it).

use std::path::Path;

use super::{IndicatorValue, Project};
use crate::diag::Diagnostic;

/// Every warning about the project's input, in file order.
pub fn warnings(project: &Project) -> Vec<Diagnostic> {
    let config = &project.config;
    let mut out = Vec::new();
    let report_yaml = Path::new("report.yaml");
    let key_at = |k: &str| {
        config
            .key_locations
            .iter()
            .find(|(n, _)| n == k)
            .map_or((0, 0), |(_, at)| *at)
    };

    for topic in &config.topics {
        if !project
            .replies
            .iter()
            .any(|r| r.answers.iter().any(|(k, _)| *k == topic.key))
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
    }
    for ind in &config.indicators {
        if !project
            .replies
            .iter()
            .any(|r| r.indicators.iter().any(|(k, _)| *k == ind.key))
        {
            let (l, c) = key_at(&format!("indicator:{}", ind.key));
            out.push(Diagnostic::warning(
                report_yaml,
                l,
                c,
                format!("no reply answers the indicator `{}`", ind.key),
            ));
        }
    }

    for r in &project.replies {
        let (l, c) = r.at.received;
        let received = |when: String| {
            Diagnostic::warning(
                &r.file,
                l,
                c,
                format!("received on {}, {when}", r.received.un_style()),
            )
        };
        if let Some(nv) = config.note_verbale.filter(|nv| r.received < *nv) {
            out.push(received(format!(
                "before the note verbale of {}",
                nv.un_style()
            )));
        }
        let late = r.received > config.cutoff;
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
        if r.received > crate::date::Date::today() {
            out.push(received("a date still to come".into()));
        }
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
    }

    // A sender whose replies disagree on an indicator: point at the later one.
    for (i, later) in project.replies.iter().enumerate() {
        for earlier in project
            .replies
            .iter()
            .take(i)
            .chain(project.replies.iter().skip(i + 1))
        {
            if earlier.from != later.from || earlier.received > later.received {
                continue;
            }
            if earlier.received == later.received && earlier.file > later.file {
                continue;
            }
            for (key, value) in &later.indicators {
                let Some((_, old)) = earlier.indicators.iter().find(|(k, _)| k == key) else {
                    continue;
                };
                if old != value {
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
            }
        }
    }
    out.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    out
}

fn shown(v: &IndicatorValue) -> String {
    match v {
        IndicatorValue::YesNo(true) => "yes".into(),
        IndicatorValue::YesNo(false) => "no".into(),
        IndicatorValue::Number(x) => format!("{x}"),
    }
}
