//! Everything worth a warning in a project that can be built: the input's
//! own warnings and the report's length against its word limit.

use crate::diag::{Diagnostic, Severity};
use crate::pdf::{self, Coverage};
use crate::render::Templates;
use crate::style::grammar::plural_agreement;
use crate::submissions::{self, IndicatorKind, Project};
use crate::wordcount::count_document;

/// The warnings that need only the input (so they can be found while the
/// documents are rendered): the replies', characters no font has, paragraph
/// numbers typed in a template.
pub fn input_warnings(project: &Project, templates: &Templates) -> Vec<Diagnostic> {
    let mut out = submissions::warnings(project);
    // Reading the fonts' character maps costs more than the rest of a small
    // build; answers in the scripts every body face prints need none of it.
    if !all_latin(project) {
        let coverage = Coverage::of(&pdf::choose_font_for(&project.root));
        out.extend(missing_glyphs(project, &coverage));
    }
    // A paragraph number typed at a line start in a project's template.
    out.extend(crate::render::templates::typed_number_warnings(templates));
    out.extend(plural_warnings(project));
    // A draft still holding `init`'s example text is not ready to be issued:
    // said on every check and build, not only under --strict.
    // (Those in replies come with the replies' warnings.)
    out.extend(project.config.placeholders.iter().cloned());
    out.extend(crate::render::templates::masthead_override_warning(
        templates,
    ));
    out
}

/// A yes-no indicator without `says_plural` whose `says` English agreement
/// cannot make plural with confidence (`it considers`): the sentence about
/// several States would read wrongly, so the editor is asked for the plural.
fn plural_warnings(project: &Project) -> Vec<Diagnostic> {
    let yes_no = project
        .config
        .indicators
        .iter()
        .filter(|i| i.kind == IndicatorKind::YesNo && i.says_plural.is_none());
    yes_no
        .filter_map(|i| {
            let unsure = plural_agreement(&i.says).unsure?;
            let (line, column) = i.at;
            let message = format!(
                "the plural of `says` of indicator `{}` cannot be made by English agreement (`{unsure}`)",
                i.key
            );
            Some(
                Diagnostic::warning("report.yaml", line, column, message)
                    .with_help("add `says_plural:` with several States as subject (they, their)"),
            )
        })
        .collect()
}

/// In file order, as a reader goes through the files.
pub fn sorted(mut out: Vec<Diagnostic>) -> Vec<Diagnostic> {
    out.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    out
}

/// Whether every answer is written in characters each body face sgreport
/// chooses prints (Times New Roman, Liberation Serif, and the Libertinus
/// Serif typst embeds all have them): Latin letters with their accents,
/// punctuation, the euro sign.
fn all_latin(project: &Project) -> bool {
    let printable = |c: char| {
        matches!(c as u32,
            0x20..=0x7E | 0xA0..=0x17F | 0x2010..=0x2027 | 0x2030..=0x203A | 0x20AC)
            || c.is_whitespace()
            || c.is_control()
    };
    project
        .replies
        .iter()
        .flat_map(|r| r.answers.iter())
        .all(|(_, a)| a.markdown.chars().all(printable))
}

/// How the warning about a character no font has begins.
const NO_GLYPH: &str = "the PDF's fonts have no glyph for";

/// Whether `warnings` name a character the PDF's fonts cannot print.
pub fn unprintable(warnings: &[Diagnostic]) -> bool {
    warnings.iter().any(|w| w.message.starts_with(NO_GLYPH))
}

/// Characters of an answer that no font of the PDF can print (they would
/// show as empty boxes): a warning at each, naming it and its code point,
/// at its place in the file (or at the answer, when an escape wrote it).
fn missing_glyphs(project: &Project, coverage: &Coverage) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in &project.replies {
        let missing: Vec<(char, &str)> = r
            .answers
            .iter()
            .flat_map(|(key, a)| {
                coverage
                    .missing(&a.markdown)
                    .into_iter()
                    .map(move |c| (c, key.as_str()))
            })
            .collect();
        if missing.is_empty() {
            continue;
        }
        let text = std::fs::read_to_string(project.root.join(&r.file)).unwrap_or_default();
        let mut seen = Vec::new();
        for (c, key) in missing {
            if seen.contains(&c) {
                continue;
            }
            seen.push(c);
            let (line, column) = typed_at(&text, c).unwrap_or_else(|| {
                r.at.answers
                    .iter()
                    .find(|(k, _)| k == key)
                    .map_or((0, 0), |(_, at)| *at)
            });
            out.push(
                Diagnostic::warning(
                    &r.file,
                    line,
                    column,
                    format!(
                        "{NO_GLYPH} `{c}` (U+{:04X}): it would print as an empty box",
                        c as u32
                    ),
                )
                .with_help("add a font that has it to the project's fonts/ folder, or write the character out in words"),
            );
        }
    }
    out
}

/// The line and column (from 1) where `c` is first typed in `text`.
fn typed_at(text: &str, c: char) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(l, line)| {
        line.chars()
            .position(|x| x == c)
            .map(|col| (l + 1, col + 1))
    })
}

/// The main report over `word_limit`: the count, the limit and the three
/// longest sections, so the editor knows where to cut.
pub fn word_limit_warning(
    project: &Project,
    doc: &crate::document::Document,
) -> Option<Diagnostic> {
    let limit = project.config.word_limit as usize;
    let count = count_document(doc);
    if count.total <= limit {
        return None;
    }
    let mut parts: Vec<(String, usize)> = count
        .subsections
        .iter()
        .map(|(chapter, section, n)| {
            let name = if section.is_empty() { chapter } else { section };
            (name.clone(), *n)
        })
        .chain(
            count
                .sections
                .iter()
                .filter(|(name, _)| !count.subsections.iter().any(|(c, _, _)| c == name))
                .cloned(),
        )
        .collect();
    parts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let longest: Vec<String> = parts
        .iter()
        .take(3)
        .map(|(name, n)| format!("{name} ({n} words)"))
        .collect();
    let message = format!(
        "the report has {} words, over its word limit of {limit} ({} words over)",
        count.total,
        count.total - limit
    );
    Some(
        Diagnostic::warning(crate::project::REPORT_YAML, 0, 0, message)
            .with_help(format!("the longest parts: {}", longest.join(", "))),
    )
}

/// Warnings turned into errors, for `--strict`.
pub fn strict(warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    warnings
        .into_iter()
        .map(|mut d| {
            d.severity = Severity::Error;
            d.help = Some(match d.help {
                Some(h) => format!("{h} (a warning, made an error by --strict)"),
                None => "a warning, made an error by --strict".into(),
            });
            d
        })
        .collect()
}
