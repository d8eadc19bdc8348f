//! Where each numbered paragraph of a draft came from: the reply whose
//! answer it prints (file, line where the answer starts, sender, date
//! received, topic), or else the template that wrote it.
//!
//! Found from the text, after numbering, not traced through the templates:
//! a paragraph is a reply's when one of its blocks (its lead `*Sender*. `
//! and footnote references left out) is a block of that reply's answer, the
//! paragraph's sender preferred when two replies say the same. Any other
//! paragraph is the template's whose line shares with it the longest run of
//! literal text (the words between `{{ }}` and `{% %}`); one made only of
//! values (no literal text of three words or more) is given to
//! `report.md`, line 1. Approximate, then: a template paragraph built from
//! several lines is placed on the line with most of its words.

use std::collections::HashMap;

use serde::Serialize;

use super::draft::{Draft, Unit};
use crate::render::templates::{BUILTIN, ENTRY};
use crate::render::Templates;
use crate::submissions::Reply;

/// One source of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Source {
    Reply {
        /// Relative to the project folder.
        file: String,
        /// 1-based: where the answer's text starts.
        line: usize,
        from: String,
        /// `YYYY-MM-DD`
        received: String,
        topic: String,
    },
    Template {
        /// The template's name (`introduction.md`).
        template: String,
        line: usize,
    },
}

impl Source {
    /// `submissions/colombia.yaml:7 · Colombia · 2004-01-20`, or
    /// `template introduction.md:3`: for a margin note.
    pub fn describe(&self) -> String {
        match self {
            Source::Reply {
                file,
                line,
                from,
                received,
                ..
            } => format!("{file}:{line} · {from} · {received}"),
            Source::Template { template, line } => format!("template {template}:{line}"),
        }
    }
}

/// The sources of one numbered paragraph (at least one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParagraphSources {
    pub number: u32,
    pub sources: Vec<Source>,
}

/// `output/<stem>.sources.json`.
#[derive(Debug, Clone, Serialize)]
pub struct SourcesFile<'a> {
    pub version: u32,
    pub symbol: &'a str,
    pub paragraphs: &'a [ParagraphSources],
}

/// The JSON of `output/<stem>.sources.json` (see the README).
pub fn sources_json(symbol: &str, paragraphs: &[ParagraphSources]) -> String {
    let file = SourcesFile {
        version: 1,
        symbol,
        paragraphs,
    };
    serde_json::to_string_pretty(&file).expect("plain data serialises") + "\n"
}

/// The Markdown templates in use, as loaded: name and text, the project's
/// `templates/<name>` over the built-in one.
pub fn template_texts(templates: &Templates) -> Vec<(String, String)> {
    templates
        .markdown_templates()
        .filter(|(name, _, _)| BUILTIN.iter().any(|(b, _)| b == name))
        .map(|(name, text, _)| (name.to_string(), text.to_string()))
        .collect()
}

/// The sources of every numbered paragraph of `markdown` (a draft).
pub fn paragraph_sources(
    markdown: &str,
    replies: &[Reply],
    templates: &[(String, String)],
) -> Vec<ParagraphSources> {
    let Ok(draft) = Draft::parse(markdown) else {
        return Vec::new();
    };
    let index = answer_index(replies);
    let lines = template_lines(templates);
    draft
        .paragraphs()
        .map(|unit| ParagraphSources {
            number: unit.number.unwrap_or(0),
            sources: vec![reply_source(unit, &index, replies)
                .unwrap_or_else(|| template_source(unit, &lines))],
        })
        .collect()
}

/// Normalised answer block -> (reply, topic) of every answer that has it.
fn answer_index(replies: &[Reply]) -> HashMap<String, Vec<(usize, usize)>> {
    let mut index: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (r, reply) in replies.iter().enumerate() {
        for (t, (_, answer)) in reply.answers.iter().enumerate() {
            for block in answer.markdown.split("\n\n") {
                let key = normalise(block);
                if !key.is_empty() {
                    index.entry(key).or_default().push((r, t));
                }
            }
        }
    }
    index
}

fn reply_source(
    unit: &Unit,
    index: &HashMap<String, Vec<(usize, usize)>>,
    replies: &[Reply],
) -> Option<Source> {
    let key = unit.key();
    let key = match (key.starts_with('*'), key.find("*. ")) {
        (true, Some(i)) => &key[i + 3..],
        _ => key,
    };
    let hits = key
        .split("\n\n")
        .map(|b| normalise(&dedent(b)))
        .find_map(|b| index.get(&b))?;
    let &(r, t) = hits
        .iter()
        .find(|(r, _)| Some(&replies[*r].from) == unit.sender.as_ref())
        .unwrap_or(&hits[0]);
    let reply = &replies[r];
    let topic = reply.answers[t].0.clone();
    let line = reply
        .at
        .answers
        .iter()
        .find(|(k, _)| *k == topic)
        .map_or(reply.at.from.0, |(_, at)| at.0);
    Some(Source::Reply {
        file: reply.file.to_string_lossy().replace('\\', "/"),
        line,
        from: reply.from.clone(),
        received: reply.received.to_string(),
        topic,
    })
}

/// (template, line, literal run) of every run of three words or more.
fn template_lines(templates: &[(String, String)]) -> Vec<(&str, usize, String)> {
    let mut out = Vec::new();
    for (name, text) in templates {
        for (i, line) in text.lines().enumerate() {
            for run in literal_runs(line) {
                if run.split_whitespace().count() >= 3 {
                    out.push((name.as_str(), i + 1, run));
                }
            }
        }
    }
    out
}

fn template_source(unit: &Unit, lines: &[(&str, usize, String)]) -> Source {
    let text = unit.key();
    lines
        .iter()
        .filter(|(_, _, run)| text.contains(run.as_str()))
        .max_by_key(|(_, _, run)| run.len())
        .map_or(
            Source::Template {
                template: ENTRY.to_string(),
                line: 1,
            },
            |(name, line, _)| Source::Template {
                template: name.to_string(),
                line: *line,
            },
        )
}

/// The text of a template line outside `{{ }}`, `{% %}` and `{# #}`.
fn literal_runs(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    loop {
        let open = ["{{", "{%", "{#"]
            .iter()
            .filter_map(|o| rest.find(o).map(|i| (i, *o)))
            .min();
        let Some((i, o)) = open else {
            out.push(rest.trim().to_string());
            break;
        };
        out.push(rest[..i].trim().to_string());
        let close = match o {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        match rest[i..].find(close) {
            Some(j) => rest = &rest[i + j + 2..],
            None => break,
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// A block without footnote references, its blanks folded.
fn normalise(block: &str) -> String {
    let mut out = String::with_capacity(block.len());
    let mut rest = block;
    while let Some(i) = rest.find("[^") {
        out.push_str(&rest[..i]);
        match rest[i..].find(']') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A nested block's lines without their 4-space indent.
fn dedent(block: &str) -> String {
    block
        .lines()
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_runs_skip_tera() {
        assert_eq!(
            literal_runs("{% if a %}As at {{ cutoff }}, replies had been{% endif %}"),
            ["As at", ", replies had been"]
        );
    }

    #[test]
    fn footnote_references_are_left_out() {
        assert_eq!(normalise("Armed groups.[^colombia-1]\n"), "Armed groups.");
    }
}
