//! `sgreport status`: where the report stands, as a table for an 80-column
//! terminal, as JSON (`--format json`), or only the Member States that have
//! not replied (`--missing`), one name a line.

use crate::date::Date;
use crate::status::{self, DocumentLength, StatusReport, Tally};
use crate::style::capfirst;

use super::args::{StatusArgs, StatusFormat};
use super::Exit;

/// The widest line printed (an 80-column terminal, with room to spare).
const WIDTH: usize = 78;

pub fn execute(args: &StatusArgs) -> Exit {
    let root = match super::project_root(&args.dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let today = match &args.today {
        None => Date::today(),
        Some(s) => match Date::parse(s.trim()) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: --today {s:?}: {e}");
                return Exit::Tool;
            }
        },
    };
    let report = match status::of_project(&root, today) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return super::build_exit(&e);
        }
    };
    let out = match (args.missing, args.format) {
        (true, StatusFormat::Text) => Ok(report.missing.iter().map(|n| format!("{n}\n")).collect()),
        (true, StatusFormat::Json) => json(&report.missing),
        (false, StatusFormat::Json) => json(&report),
        (false, StatusFormat::Text) => text(&report),
    };
    match out {
        Ok(s) => {
            print!("{s}");
            Exit::Success
        }
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Tool
        }
    }
}

/// The status could not be written out.
#[derive(Debug, thiserror::Error)]
enum StatusError {
    #[error("cannot write the status as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StatusError> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

/// The whole status as text, no line wider than [`WIDTH`]: one block per
/// question a secretariat asks, separated by blank lines.
fn text(s: &StatusReport) -> Result<String, StatusError> {
    let blocks = [
        heading(s),
        replies(s),
        groups(s),
        late(s),
        topics(s),
        lengths(s),
        missing(s),
    ];
    let mut text = blocks
        .iter()
        .map(|b| b.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n");
    text.push('\n');
    Ok(text)
}

/// The title line and the days left before the session.
fn heading(s: &StatusReport) -> Vec<String> {
    let title = fit(&format!(
        "Status of {} (issued {}), as at {}",
        s.symbol,
        s.report_date.un_style(),
        s.today.un_style()
    ));
    let opens = s.session_opens.un_style();
    let when = match s.days_left {
        0 => format!("The session opens today ({opens})."),
        1 => format!("1 day left until the session opens on {opens}."),
        d if d > 1 => format!("{d} days left until the session opens on {opens}."),
        -1 => format!("The session opened 1 day ago, on {opens}."),
        d => format!("The session opened {} days ago, on {opens}.", -d),
    };
    vec![title, String::new(), when]
}

/// Replies and senders by kind.
fn replies(s: &StatusReport) -> Vec<String> {
    let tally = |label: &str, t: &Tally| {
        row(
            &format!("  {label}"),
            &format!("{:>8} {:>8}", t.replies, t.senders),
        )
    };
    vec![
        row(
            "Replies received",
            &format!("{:>8} {:>8}", "replies", "senders"),
        ),
        tally("Member States", &s.replies.member_states),
        tally("Non-member States", &s.replies.non_member_states),
        tally("Organizations", &s.replies.organizations),
        tally("Total", &s.replies.total),
    ]
}

/// Member States that replied, by regional group.
fn groups(s: &StatusReport) -> Vec<String> {
    let mut out = vec![row("Member States that replied, by regional group", "")];
    for g in &s.groups {
        out.push(row(
            &format!("  {}", capfirst(&g.group)),
            &of(g.replied, g.members),
        ));
    }
    out.push(row(
        "  Total",
        &of(s.member_states.replied, s.member_states.members),
    ));
    out
}

/// Replies after the cut-off date, for the addendum.
fn late(s: &StatusReport) -> Vec<String> {
    let late = &s.late.replies;
    if late.is_empty() {
        return vec![fit(&format!(
            "No reply received after the cut-off date ({}).",
            s.cutoff.un_style()
        ))];
    }
    let mut out = vec![fit(&format!(
        "Received after the cut-off date ({}), for {}: {}",
        s.cutoff.un_style(),
        s.late.addendum,
        late.len()
    ))];
    for r in late {
        out.extend(wrap(
            &format!("{}, {} ({})", r.from, r.received.un_style(), r.file),
            "  ",
            "    ",
        ));
    }
    out
}

/// Replies per topic, and the replies that answer none.
fn topics(s: &StatusReport) -> Vec<String> {
    let mut out = vec![row("Replies per topic", "replies")];
    for t in &s.topics {
        out.push(row(&format!("  {}", t.heading), &t.replies.to_string()));
    }
    if s.no_topic.is_empty() {
        out.push("  Every reply answers at least one topic.".to_string());
    } else {
        out.push(format!(
            "  Replies that answer no topic: {}",
            s.no_topic.len()
        ));
        for f in &s.no_topic {
            out.extend(wrap(f, "    ", "      "));
        }
    }
    out
}

/// Each document's length against the word limit.
fn lengths(s: &StatusReport) -> Vec<String> {
    let mut out = vec![row(
        "Length in words (headings and footnotes included)",
        &format!("{:>7} {:>5}", "words", "share"),
    )];
    length(&mut out, &s.length.main);
    if let Some(a) = &s.length.addendum {
        length(&mut out, a);
    }
    out
}

/// Member States that have not replied, by group.
fn missing(s: &StatusReport) -> Vec<String> {
    let mut out = vec![fit(&format!(
        "Member States that have not replied: {}",
        s.member_states.missing
    ))];
    for g in s.groups.iter().filter(|g| !g.missing.is_empty()) {
        out.push(fit(&format!(
            "  {} ({})",
            capfirst(&g.group),
            g.missing.len()
        )));
        out.extend(wrap(&g.missing.join(", "), "    ", "    "));
    }
    out
}

/// One document's length against the word limit, and its parts' shares.
fn length(out: &mut Vec<String>, d: &DocumentLength) {
    let over = if d.over_limit {
        format!(", {} over", thousands(d.words - d.limit as usize))
    } else {
        String::new()
    };
    let words = format!(
        "{} of {} (limit){over}",
        thousands(d.words),
        thousands(d.limit as usize)
    );
    out.push(row(&format!("  {}", d.symbol), &words));
    for p in &d.parts {
        out.push(row(
            &format!("    {}", p.name),
            &format!("{:>7} {:>5}", thousands(p.words), share(p.words, d.words)),
        ));
        for sec in d.sections.iter().filter(|sec| sec.chapter == p.name) {
            out.push(row(
                &format!("      {}", sec.name),
                &format!(
                    "{:>7} {:>5}",
                    thousands(sec.words),
                    share(sec.words, d.words)
                ),
            ));
        }
    }
}

/// `12%` of the document's words.
fn share(part: usize, total: usize) -> String {
    if total == 0 {
        return "-".to_string();
    }
    format!("{}%", (part * 100 + total / 2) / total)
}

/// `3 of 33`, aligned.
fn of(n: usize, total: usize) -> String {
    format!("{n:>3} of {total:<3}")
}

/// `8,500`.
fn thousands(n: usize) -> String {
    crate::style::thousands(n as u64)
}

/// `label` left, `right` right-aligned at [`WIDTH`]; a label too long is
/// shortened with `...`.
fn row(label: &str, right: &str) -> String {
    let room = WIDTH.saturating_sub(right.chars().count() + 1);
    let label = shorten(label, room);
    let pad = WIDTH - label.chars().count() - right.chars().count();
    format!("{label}{}{right}", " ".repeat(pad))
        .trim_end()
        .to_string()
}

/// A line of free text cut to [`WIDTH`].
fn fit(s: &str) -> String {
    if s.chars().count() <= WIDTH {
        return s.to_string();
    }
    wrap(s, "", "  ").join("\n")
}

fn shorten(s: &str, room: usize) -> String {
    if s.chars().count() <= room {
        return s.to_string();
    }
    let kept: String = s.chars().take(room.saturating_sub(3)).collect();
    format!("{}...", kept.trim_end())
}

/// Words of `s` in lines of at most [`WIDTH`] characters: the first line
/// starts with `first`, the others with `rest`. A list of names joined by
/// `, ` breaks after a comma when it can, so that a name stays whole.
fn wrap(s: &str, first: &str, rest: &str) -> Vec<String> {
    let items: Vec<&str> = if s.contains(", ") {
        s.split_inclusive(", ").collect()
    } else {
        s.split_inclusive(' ').collect()
    };
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    for item in items {
        if !empty && line.trim_end().chars().count() + item.trim_end().chars().count() > WIDTH {
            lines.push(line.trim_end().to_string());
            line = rest.to_string();
            empty = true;
        }
        if empty && rest.len() + item.trim_end().chars().count() > WIDTH {
            // One item wider than a line: break it at its spaces.
            for w in item.split_inclusive(' ') {
                if !empty && line.chars().count() + w.trim_end().chars().count() > WIDTH {
                    lines.push(line.trim_end().to_string());
                    line = rest.to_string();
                }
                line.push_str(w);
                empty = false;
            }
            continue;
        }
        line.push_str(item);
        empty = false;
    }
    if !empty {
        lines.push(line.trim_end().to_string());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_name_lists_at_commas() {
        let names: Vec<String> = (0..30).map(|i| format!("State number {i}")).collect();
        let lines = wrap(&names.join(", "), "    ", "    ");
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH));
        assert!(lines.iter().all(|l| l.starts_with("    State number")));
        assert_eq!(
            lines.join(" ").split(", ").count(),
            30,
            "no name split across lines"
        );
    }

    #[test]
    fn rows_fit_and_numbers_read_well() {
        let r = row(&format!("  {}", "x".repeat(100)), "3 of 33");
        assert_eq!(r.chars().count(), WIDTH);
        assert!(r.ends_with("... 3 of 33"));
        assert_eq!(thousands(8500), "8,500");
        assert_eq!(thousands(123), "123");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(share(1, 3), "33%");
    }
}
