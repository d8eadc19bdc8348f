//! The font search's answer, remembered between builds. Looking for the body
//! face reads every folder of the system's font folders; on a desktop with
//! a few thousand fonts that took about 5 ms of every build, before typst
//! could start. The answer depends only on the names of the files in the
//! folders read, and a folder's modification time changes whenever a name in
//! it is added, removed or renamed; so the answer is kept in a small record
//! in the cache folder with the folders read and their times, and used again
//! while each of those folders still has its time (and the top folders that
//! were missing are still missing). Anything else means a new search.
//!
//! The record, `fonts.tsv`, has one line per fact (tab-separated):
//! `family NAME`, `file PATH` (each file given to typst), `root PATH` or
//! `root-absent PATH` (the folders searched, in order), `folder PATH
//! SECONDS.NANOSECONDS` (each folder read). A damaged record only costs one
//! more search.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::fonts::FontChoice;

/// A folder the search read, and its modification time then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Folder {
    pub path: PathBuf,
    pub modified: Duration,
}

impl Folder {
    /// `path` as it is now, if it is a folder with a modification time.
    pub fn now(path: &Path) -> Option<Folder> {
        let meta = fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        meta.is_dir().then(|| Folder {
            path: path.to_path_buf(),
            modified,
        })
    }
}

/// A folder changed less than this long before the search may change again
/// within the same tick of its clock without its time moving on (a coarse
/// clock, as on FAT): such a search is not remembered.
const SETTLED: Duration = Duration::from_secs(2);

/// The per-user record.
pub(super) fn record_path() -> PathBuf {
    super::locate::cache_dir().join("fonts.tsv")
}

/// The remembered choice for a search of `roots`, if none of the folders it
/// read has changed since. Its `project_fonts` are empty (the caller adds
/// the project's).
pub(super) fn recall(record: &Path, roots: &[PathBuf]) -> Option<FontChoice> {
    let text = fs::read_to_string(record).ok()?;
    let mut family = None;
    let (mut files, mut searched) = (Vec::new(), Vec::new());
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (kind, rest) = line.split_once('\t')?;
        match kind {
            "family" => family = Some(rest.to_string()),
            "file" => files.push(PathBuf::from(rest)),
            "root" => searched.push((PathBuf::from(rest), true)),
            "root-absent" => searched.push((PathBuf::from(rest), false)),
            "folder" => {
                let (path, time) = rest.rsplit_once('\t')?;
                let remembered = Folder {
                    path: PathBuf::from(path),
                    modified: parse_time(time)?,
                };
                (Folder::now(&remembered.path)? == remembered).then_some(())?;
            }
            _ => return None,
        }
    }
    let now: Vec<(PathBuf, bool)> = roots.iter().map(|r| (r.clone(), r.is_dir())).collect();
    (searched == now).then_some(())?;
    let family = family.filter(|f| super::fonts::is_a_choice(f))?;
    // Files for an installed face, none for typst's own.
    let embedded = family == super::fonts::EMBEDDED_SERIF;
    (embedded == files.is_empty()).then_some(())?;
    Some(FontChoice {
        family,
        files,
        project_fonts: Vec::new(),
    })
}

/// Remembers `choice`, found by reading `folders` of `roots`. Best effort:
/// not written when a folder changed within [`SETTLED`] of now, or a path
/// cannot be written on one line; a record that cannot be written just
/// means searching again next time.
pub(super) fn remember(record: &Path, roots: &[PathBuf], folders: &[Folder], choice: &FontChoice) {
    let Some(text) = record_text(roots, folders, choice) else {
        return;
    };
    let settled = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(Duration::ZERO, |now| now.saturating_sub(SETTLED));
    if folders.iter().any(|f| f.modified >= settled) {
        return;
    }
    if let Some(dir) = record.parent() {
        let _ = fs::create_dir_all(dir);
    }
    // Written beside and renamed, so a reader never sees half a record.
    let _ = crate::output::write_atomic(record, text.as_bytes());
}

fn record_text(roots: &[PathBuf], folders: &[Folder], choice: &FontChoice) -> Option<String> {
    let mut text = String::from(
        "# sgreport's font search, remembered (src/pdf/remembered_fonts.rs); safe to delete\n",
    );
    text.push_str(&format!("family\t{}\n", choice.family));
    for file in &choice.files {
        text.push_str(&format!("file\t{}\n", one_line(file)?));
    }
    for root in roots {
        let kind = if root.is_dir() { "root" } else { "root-absent" };
        text.push_str(&format!("{kind}\t{}\n", one_line(root)?));
    }
    for f in folders {
        let (secs, nanos) = (f.modified.as_secs(), f.modified.subsec_nanos());
        text.push_str(&format!(
            "folder\t{}\t{secs}.{nanos:09}\n",
            one_line(&f.path)?
        ));
    }
    Some(text)
}

/// `path` as text that fits in one field, if it does.
fn one_line(path: &Path) -> Option<&str> {
    path.to_str().filter(|p| !p.contains(['\t', '\n', '\r']))
}

fn parse_time(text: &str) -> Option<Duration> {
    let (secs, nanos) = text.split_once('.')?;
    let nanos: u32 = nanos.parse().ok().filter(|n| *n < 1_000_000_000)?;
    Some(Duration::new(secs.parse().ok()?, nanos))
}

// Folder times are set through an open folder, which Unix allows.
#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::pdf::fonts::choose_font_in;

    /// A font folder with `files` (paths inside it), every folder in it
    /// dated an hour ago, as a folder settled long before the build.
    fn font_folder(root: &Path, files: &[&str]) {
        for f in files {
            let path = root.join(f);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "").unwrap();
        }
        settle(root);
    }

    fn settle(root: &Path) {
        let past = SystemTime::now() - Duration::from_secs(3600);
        for e in walkdir::WalkDir::new(root) {
            let e = e.unwrap();
            if e.file_type().is_dir() {
                fs::File::open(e.path())
                    .unwrap()
                    .set_modified(past)
                    .unwrap();
            }
        }
    }

    /// The record with its family line replaced: what `recall` answers is
    /// then visibly the record's, not a new search's.
    fn mark(record: &Path, family: &str) {
        let text = fs::read_to_string(record).unwrap();
        let marked: Vec<String> = text
            .lines()
            .map(|l| match l.starts_with("family\t") {
                true => format!("family\t{family}"),
                false => l.to_string(),
            })
            .collect();
        fs::write(record, marked.join("\n") + "\n").unwrap();
    }

    #[test]
    fn a_search_is_remembered_until_a_folder_it_read_changes() {
        let dir = tempfile::tempdir().unwrap();
        let (fonts, record) = (dir.path().join("fonts"), dir.path().join("fonts.tsv"));
        font_folder(&fonts, &["a/b/Other.ttf", "LiberationSerif-Regular.ttf"]);
        let roots = [fonts.clone(), dir.path().join("missing")];
        let first = choose_font_in(&roots, &record);
        assert_eq!(first.family, "Liberation Serif");
        assert_eq!(first.files, [fonts.join("LiberationSerif-Regular.ttf")]);
        // Recalled while nothing changed (the record's answer is taken).
        mark(&record, "Times New Roman");
        assert_eq!(choose_font_in(&roots, &record).family, "Times New Roman");
        // Times New Roman installed two folders down: searched again.
        fs::write(fonts.join("a/b/times.ttf"), "").unwrap();
        let again = choose_font_in(&roots, &record);
        assert_eq!(again.family, "Times New Roman");
        assert_eq!(again.files, [fonts.join("a/b/times.ttf")]);
    }

    #[test]
    fn a_font_folder_that_appears_means_a_new_search() {
        let dir = tempfile::tempdir().unwrap();
        let (fonts, record) = (dir.path().join("fonts"), dir.path().join("fonts.tsv"));
        font_folder(&fonts, &["x/LiberationSerif-Bold.ttf"]);
        let later = dir.path().join("later");
        let roots = [fonts.clone(), later.clone()];
        assert_eq!(choose_font_in(&roots, &record).family, "Liberation Serif");
        mark(&record, "Times New Roman");
        assert_eq!(choose_font_in(&roots, &record).family, "Times New Roman");
        font_folder(&later, &["timesbd.ttf"]);
        let found = choose_font_in(&roots, &record);
        assert_eq!(found.files, [later.join("timesbd.ttf")]);
        // Other font folders than those searched: searched again.
        mark(&record, "Times New Roman");
        let fewer = [fonts.clone()];
        assert_eq!(choose_font_in(&fewer, &record).family, "Liberation Serif");
    }

    #[test]
    fn a_folder_changed_just_now_is_not_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let (fonts, record) = (dir.path().join("fonts"), dir.path().join("fonts.tsv"));
        fs::create_dir_all(&fonts).unwrap();
        fs::write(fonts.join("times.ttf"), "").unwrap();
        assert_eq!(choose_font_in(&[fonts], &record).family, "Times New Roman");
        assert!(!record.exists(), "remembered a folder changed just now");
    }

    #[test]
    fn a_damaged_or_strange_record_means_a_new_search() {
        let dir = tempfile::tempdir().unwrap();
        let (fonts, record) = (dir.path().join("fonts"), dir.path().join("fonts.tsv"));
        font_folder(&fonts, &["times.ttf"]);
        let roots = [fonts.clone()];
        choose_font_in(&roots, &record);
        let good = fs::read_to_string(&record).unwrap();
        for bad in [
            good.replace("folder\t", "folder "),
            good.replace("family\tTimes New Roman", "family\tComic Sans"),
            good.lines()
                .filter(|l| !l.starts_with("file\t"))
                .map(|l| format!("{l}\n"))
                .collect(),
            good.replace(".", ","),
            good.clone() + "surprise\tline\n",
            "garbage".to_string(),
        ] {
            fs::write(&record, &bad).unwrap();
            mark_check(&roots, &record);
        }
    }

    /// A search (not the record) answers: Times New Roman with its file.
    fn mark_check(roots: &[PathBuf], record: &Path) {
        let choice = choose_font_in(roots, record);
        assert_eq!(choice.family, "Times New Roman");
        assert_eq!(choice.files, [roots[0].join("times.ttf")]);
    }
}
