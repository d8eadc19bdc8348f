//! Starting a new report project (`sgreport init`).
//!
//! [`init`] writes a commented `report.yaml`, one commented example reply, a
//! `.gitignore` for `output/` and an empty `output/`. It copies no template:
//! the built-in ones are used until `sgreport templates --eject NAME` copies
//! one to edit, so later improvements to the others reach the project. It
//! never overwrites anything: if any file it would write already exists, it
//! writes nothing at all (an existing `.gitignore` is left as it is).
//!
//! The placeholder text it leaves is a warning on every `check` and `build`
//! ([`crate::submissions::placeholders`]).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The example reply's file, relative to the project folder.
pub const EXAMPLE_REPLY: &str = "submissions/example-colombia.yaml";

/// The commented `report.yaml` of a new project.
pub const REPORT_YAML: &str = r##"# report.yaml: the document sgreport builds from the replies in submissions/.
# Created by `sgreport init`.
#
# EVERY VALUE BELOW IS AN EXAMPLE: REPLACE IT. The values are those of a report
# of the Secretary-General on kidnapping to the Commission on Crime Prevention
# and Criminal Justice (2004), so that the new project builds at once; text in
# [square brackets] is placeholder text. After each change run
#   sgreport check      (reports every problem, writes nothing)
#   sgreport build      (writes output/<symbol>.md and output/<symbol>.pdf)
# or leave `sgreport watch` running to rebuild on every save.

document:
  symbol: E/CN.15/2004/7               # REPLACE: the document symbol; output files are named after it ("/" -> "_")
  organ: Economic and Social Council   # REPLACE: the body named on the masthead
  date: 2004-03-01                     # REPLACE: date of issue; Member State names are checked as of this date
  original_language: English
  distribution: General                # optional, default General
  # job_number: V.04-51234 (E)         # optional: the job number; the barcode line is derived from it
  # addendum_job_number: V.04-51240 (E) # optional: the addendum's own job number and barcode
  status: draft                        # optional: final (default) | draft | advance-unedited
session:
  body: Commission on Crime Prevention and Criminal Justice   # REPLACE
  number: 13                           # REPLACE: printed "Thirteenth session"
  place: Vienna
  opens: 2004-05-11
  closes: 2004-05-20                   # printed "Vienna, 11-20 May 2004"
  agenda_item: 4                       # printed "Item 4 of the provisional agenda"
  # agenda_title: Crime prevention and criminal justice   # optional: the item's title, in bold under the item line
  # provisional_agenda: E/CN.15/2004/1 # optional: the asterisk footnote on the cover
title: "[Title of the report: replace this text]"
report_of: Secretary-General           # optional, default Secretary-General
mandate:                               # REPLACE: the resolutions that asked for this report
  - resolution: Economic and Social Council resolution 2003/28
    adopted: 2003-07-22
    # paragraph: 10                    # optional: the operative paragraph with the request
    # request: >-                      # optional: the request in the resolution's words; the
    #   to complete his report ...     # introduction reads "In paragraph 10 of its resolution
    #                                  # 2003/28 of 22 July 2003, the Economic and Social Council
    #                                  # requested the Secretary-General to complete his report ..."
# previous_reports: [E/CN.15/2003/7, E/CN.15/2003/7/Add.1]   # optional: earlier reports on the same mandate
note_verbale: 2003-09-15               # optional: the date the Secretary-General invited replies
cutoff: 2004-02-15                     # replies received after this date go to the addendum <symbol>/Add.1
word_limit: 8500                       # optional, default 8500: main report, footnotes included

# The topics the report discusses, in order: one section of chapter II each.
# A reply's `answers` use these keys. REPLACE them with your report's topics
# (keys: lower-case letters, digits and _).
topics:
  - key: extent
    heading: Extent of and trends in kidnapping
    # overview: |                      # optional Markdown: your own synthesis of the replies on
    #   [Most of the States that ...]  # this topic, printed first in its section, numbered
  - key: legislation
    heading: Legislation and penalties
  - key: victims
    heading: Support and assistance to victims and their families
  - key: cooperation
    heading: International cooperation

# Optional: the questionnaire's closed questions, reported as counted sentences
# ("Twelve States (...) reported that ..."). type: yes-no | number.
indicators:
  - key: serious_crime
    type: yes-no
    says: kidnapping is established as a serious crime in its domestic legislation
    # says_plural: kidnapping is established as a serious crime in their domestic legislation
    #                                  # optional: the same with more than one State as subject;
    #                                  # without it made by agreement (its -> their, it has -> they have)
    # says_not: kidnapping is not established as a serious crime in its domestic legislation
    #                                  # optional: the phrase for one State answering no
    # topic: legislation               # optional: a topic key; the sentence then opens that
    #                                  # topic's section instead of the section of other questions
  - key: max_penalty_years
    type: number
    says: the maximum penalty for kidnapping, in years of imprisonment
    # unit: years                      # optional: printed after each figure ("from 10 years (...)")

# Optional: yearly figures asked for, printed as tables in an annex.
statistics:
  - key: cases
    label: Reported cases of kidnapping
    years: [2000, 2001, 2002, 2003]
    # chart: bars                      # optional: bars | lines | none (default): a figure beside the table

# Optional Markdown: your conclusions and recommendations, each paragraph numbered.
# Without it the chapter is a generic one that names no subject matter.
# conclusions: |
#   [The replies show that ...]
#
#   [The Commission may wish to ...]
"##;

/// The commented example reply of a new project.
pub const EXAMPLE_REPLY_YAML: &str = r##"# EXAMPLE REPLY created by `sgreport init`: replace it with a real reply, or
# delete this file. Its content is invented placeholder text, not the reply of
# any State.
#
# One file per reply: any name ending in .yaml or .yml, in submissions/ or any
# sub-folder of it (for example submissions/latin-american-caribbean/colombia.yaml).
# Files and folders whose names start with "." are skipped.

from: Colombia                  # the United Nations short name of the State on the report's date
# kind: member-state            # member-state (default) | non-member-state | organization
# acronym: UNICEF               # optional, organizations only: in brackets at the first mention,
#                               # alone after it (United Nations system entities have one built in)
received: 2004-01-20            # a reply received after report.yaml's cutoff goes to the addendum
# reference: DM/OAJ/2004/0123   # optional: the reply's own reference
language: Spanish               # optional: the language of the original reply
answers:                        # topic key from report.yaml -> a summary of the reply, in Markdown
  extent: |
    [Example text: replace it with a summary of what the reply says on this
    topic, in the third person.]
  legislation: |
    [Example text. Paragraphs, *emphasis*, lists, links and footnotes are
    allowed; headings are not. Characters such as # $ < > are printed as typed.]

    - [a first point]
    - [a second point]
  victims: |
    [Example text on support and assistance to victims.]
  cooperation: |
    [Example text on international cooperation.]
indicators:                     # indicator key -> yes | no, or a number (example values)
  serious_crime: yes
  max_penalty_years: 40
statistics:                     # statistics key -> {year: count} (example figures)
  cases: {2002: 100, 2003: 90}
# internal_note: anything here is never printed
"##;

/// The `.gitignore` of a new project: the outputs are built, not kept.
pub const GITIGNORE: &str =
    "# Written by sgreport build; rebuilt from the sources at any time.\n/output/\n";

/// Every file `init` writes: path relative to the project folder, and text.
pub fn files() -> Vec<(PathBuf, &'static str)> {
    vec![
        (PathBuf::from(crate::project::REPORT_YAML), REPORT_YAML),
        (PathBuf::from(EXAMPLE_REPLY), EXAMPLE_REPLY_YAML),
        (PathBuf::from(".gitignore"), GITIGNORE),
    ]
}

/// The folders `init` makes (besides the project folder itself).
pub const FOLDERS: &[&str] = &[crate::project::SUBMISSIONS, crate::project::OUTPUT];

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// These files (relative to the project folder) exist already; nothing
    /// was written.
    #[error("{}", exist_message(.0))]
    Exists(Vec<PathBuf>),
    /// A file or folder could not be made; whatever this run had written was
    /// removed again.
    #[error("cannot create {}: {error}; nothing was kept", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// `2 files that a new project needs already exist; nothing was written:`
/// and the files, one a line.
fn exist_message(files: &[PathBuf]) -> String {
    let n = files.len();
    let mut out = format!(
        "{n} file{} that a new project needs already exist{}; nothing was written:",
        if n == 1 { "" } else { "s" },
        if n == 1 { "s" } else { "" }
    );
    for p in files {
        out.push_str(&format!("\n  {}", p.display()));
    }
    out
}

/// Creates a new project in `dir` (made if missing). Returns the files
/// written, relative to `dir` (without `.gitignore` when one was there
/// already: it is left as it is).
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    let files: Vec<(PathBuf, &str)> = files()
        .into_iter()
        .filter(|(rel, _)| {
            !(rel == Path::new(".gitignore") && fs::symlink_metadata(dir.join(rel)).is_ok())
        })
        .collect();
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|(rel, _)| rel)
        .filter(|rel| fs::symlink_metadata(dir.join(rel)).is_ok())
        .cloned()
        .collect();
    if !existing.is_empty() {
        return Err(InitError::Exists(existing));
    }
    let mut undo = Undo::default();
    let result = write_all(dir, &files, &mut undo);
    match result {
        Ok(()) => {
            undo.disarm();
            Ok(files.into_iter().map(|(rel, _)| rel).collect())
        }
        Err(e) => Err(e),
    }
}

fn write_all(dir: &Path, files: &[(PathBuf, &str)], undo: &mut Undo) -> Result<(), InitError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| InitError::Io { path, error }
    };
    undo.make_dir(dir).map_err(io(dir))?;
    for folder in FOLDERS {
        let path = dir.join(folder);
        undo.make_dir(&path).map_err(io(&path))?;
    }
    for (rel, text) in files {
        let path = dir.join(rel);
        // create_new: a file that appeared since the check is still not overwritten.
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    InitError::Exists(vec![rel.clone()])
                } else {
                    InitError::Io {
                        path: path.clone(),
                        error: e,
                    }
                }
            })?;
        undo.files.push(path.clone());
        f.write_all(text.as_bytes()).map_err(io(&path))?;
    }
    Ok(())
}

/// What one `init` made, removed again unless it succeeded.
#[derive(Default)]
struct Undo {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    done: bool,
}

impl Undo {
    /// Makes `path` and any missing parents, remembering those it made.
    fn make_dir(&mut self, path: &Path) -> std::io::Result<()> {
        let mut missing = Vec::new();
        let mut p = Some(path);
        while let Some(d) = p {
            if d.as_os_str().is_empty() || fs::symlink_metadata(d).is_ok() {
                break;
            }
            missing.push(d.to_path_buf());
            p = d.parent();
        }
        fs::create_dir_all(path)?;
        self.dirs.extend(missing.into_iter().rev());
        Ok(())
    }

    fn disarm(&mut self) {
        self.done = true;
    }
}

impl Drop for Undo {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        for f in &self.files {
            let _ = fs::remove_file(f);
        }
        for d in self.dirs.iter().rev() {
            let _ = fs::remove_dir(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;
    // The beginnings of the placeholder texts in REPORT_YAML and
    // EXAMPLE_REPLY_YAML (the test below keeps the list complete).
    use crate::submissions::placeholders::PLACEHOLDERS;

    #[test]
    fn refuses_to_overwrite_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("submissions")).unwrap();
        fs::write(dir.path().join(EXAMPLE_REPLY), "mine").unwrap();
        match init(dir.path()) {
            Err(InitError::Exists(files)) => {
                assert_eq!(files, vec![PathBuf::from(EXAMPLE_REPLY)])
            }
            other => panic!("expected Exists, got {other:?}"),
        }
        assert!(!dir.path().join("report.yaml").exists());
        assert!(!dir.path().join("output").exists());
        assert_eq!(
            fs::read_to_string(dir.path().join(EXAMPLE_REPLY)).unwrap(),
            "mine"
        );
    }

    #[test]
    fn an_existing_gitignore_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".gitignore"), "target/\n").unwrap();
        let written = init(dir.path()).unwrap();
        assert!(!written.contains(&PathBuf::from(".gitignore")));
        assert_eq!(
            fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
            "target/\n"
        );
    }

    /// The placeholder warnings of report.yaml and the example reply.
    fn placeholders_of(dir: &Path) -> Vec<Diagnostic> {
        [crate::project::REPORT_YAML, EXAMPLE_REPLY]
            .into_iter()
            .filter_map(|rel| {
                let text = fs::read_to_string(dir.join(rel)).ok()?;
                Some(crate::submissions::placeholders::warnings(
                    Path::new(rel),
                    &text,
                ))
            })
            .flatten()
            .collect()
    }

    #[test]
    fn placeholders_are_found_outside_comments() {
        let dir = tempfile::tempdir().unwrap();
        init(dir.path()).unwrap();
        let w = placeholders_of(dir.path());
        let at: Vec<String> = w.iter().map(|d| d.location()).collect();
        assert!(w.iter().all(|d| !d.is_error()));
        assert!(
            w.iter().any(|d| d.file == Path::new("report.yaml")),
            "{at:?}"
        );
        assert!(
            w.iter().any(|d| d.file == Path::new(EXAMPLE_REPLY)),
            "{at:?}"
        );
        // Every bracketed placeholder of the init texts is in PLACEHOLDERS.
        for text in [REPORT_YAML, EXAMPLE_REPLY_YAML] {
            for line in text.lines() {
                let code = line.split(" #").next().unwrap_or(line);
                if code.trim_start().starts_with('#') {
                    continue;
                }
                for (at, _) in code.match_indices('[') {
                    let rest = &code[at..];
                    if rest.len() > 2 && rest[1..].starts_with(|c: char| c.is_alphabetic()) {
                        assert!(
                            PLACEHOLDERS.iter().any(|p| rest.starts_with(p)),
                            "placeholder not in PLACEHOLDERS: {rest}"
                        );
                    }
                }
            }
        }
        // Replaced text: no warning.
        let report = fs::read_to_string(dir.path().join("report.yaml")).unwrap();
        fs::write(
            dir.path().join("report.yaml"),
            report.replace("[Title of the report: replace this text]", "Kidnapping"),
        )
        .unwrap();
        fs::remove_file(dir.path().join(EXAMPLE_REPLY)).unwrap();
        assert_eq!(placeholders_of(dir.path()), vec![]);
    }

    #[test]
    fn new_project_loads() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("new/report");
        let written = init(&root).unwrap();
        assert_eq!(written.len(), 3);
        assert!(root.join("output").is_dir());
        assert!(!root.join("templates").exists());
        let prepared = crate::pipeline::prepare(&root).unwrap();
        assert_eq!(prepared.project.replies.len(), 1);
        assert_eq!(prepared.documents.len(), 1);
        let overview = crate::render::overview::template_overview(&root);
        assert!(overview
            .iter()
            .all(|t| t.status == crate::render::overview::TemplateStatus::BuiltIn));
    }
}
