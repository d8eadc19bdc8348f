//! Watch mode: build once, then rebuild whenever `report.yaml`, a reply or a
//! template changes, printing one line per rebuild.
//!
//! File-system events only say *when* to look. What changed is decided by
//! comparing the inputs a build reads (report.yaml, the reply files that
//! [`reply_files`] finds, the `.md`/`.typ` files of `templates/`) with their
//! state at the previous build, by content. So an editor that saves through a
//! temporary file renamed over the original, a swap file, a `touch`, a new or
//! deleted sub-folder all come out right, `output/` and hidden files never
//! cause a rebuild, and the build's own writes cannot start a loop.

use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::build::{BuildError, BuildOptions, Session, Written};
use crate::diag::Diagnostic;
use crate::submissions::reply_files;

/// The folders below the project that a build reads, watched recursively.
const WATCHED_FOLDERS: [&str; 2] = ["submissions", "templates"];

#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Also write the PDFs.
    pub pdf: bool,
    /// Warnings stop a build, as errors (`--strict`).
    pub strict: bool,
    /// How long the files must stay quiet before a rebuild starts.
    pub debounce: Duration,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            pdf: true,
            strict: false,
            debounce: Duration::from_millis(150),
        }
    }
}

/// What watch mode has to say.
#[derive(Debug)]
pub enum Report<'a> {
    /// The one line of a build or rebuild (or the "watching" line).
    Line(&'a str),
    /// A notice from the build itself (installing typst, a substitute font).
    Notice(&'a str),
    /// The problems of a failed build; its [`Report::Line`] follows.
    Failed(&'a BuildError),
    /// The warnings of a build that succeeded, when they differ from the last
    /// ones reported; its [`Report::Line`] follows.
    Warnings(&'a [Diagnostic]),
}

/// How one input file changed between two builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Changed,
    Removed,
}

impl Change {
    fn word(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Changed => "changed",
            Change::Removed => "removed",
        }
    }
}

/// The inputs of a build: relative path -> a hash of the content (or of the
/// error reading it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot(BTreeMap<PathBuf, u64>);

impl Snapshot {
    /// Reads every file a build of `root` reads.
    pub fn take(root: &Path) -> Snapshot {
        let mut files: Vec<PathBuf> = vec![PathBuf::from("report.yaml")];
        files.extend(reply_files(root));
        if let Ok(entries) = fs::read_dir(root.join("templates")) {
            for e in entries.filter_map(Result::ok) {
                let name = e.file_name().to_string_lossy().into_owned();
                let template = name.ends_with(".md") || name.ends_with(".typ");
                if template && !name.starts_with('.') && e.path().is_file() {
                    files.push(Path::new("templates").join(name));
                }
            }
        }
        let mut map = BTreeMap::new();
        for rel in files {
            let mut h = DefaultHasher::new();
            match fs::read(root.join(&rel)) {
                Ok(bytes) => bytes.hash(&mut h),
                // report.yaml missing is a state too (the build says so).
                Err(e)
                    if e.kind() == std::io::ErrorKind::NotFound
                        && rel == Path::new("report.yaml") =>
                {
                    continue
                }
                Err(e) => format!("{:?}", e.kind()).hash(&mut h),
            }
            map.insert(rel, h.finish());
        }
        Snapshot(map)
    }

    /// What differs from `before`, in path order.
    pub fn changes_since(&self, before: &Snapshot) -> Vec<(PathBuf, Change)> {
        let mut out = Vec::new();
        for (path, hash) in &self.0 {
            match before.0.get(path) {
                None => out.push((path.clone(), Change::Added)),
                Some(h) if h != hash => out.push((path.clone(), Change::Changed)),
                Some(_) => {}
            }
        }
        for path in before.0.keys() {
            if !self.0.contains_key(path) {
                out.push((path.clone(), Change::Removed));
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

/// `submissions/peru.yaml changed, templates/summary.md added and 3 other files`
pub fn describe_changes(changes: &[(PathBuf, Change)]) -> String {
    const SHOWN: usize = 3;
    let mut parts: Vec<String> = changes
        .iter()
        .take(SHOWN)
        .map(|(p, c)| format!("{} {}", p.display(), c.word()))
        .collect();
    let more = changes.len().saturating_sub(SHOWN);
    if more > 0 {
        parts.push(format!("{more} other file{}", plural(more)));
    }
    match parts.len() {
        0 => "nothing".to_string(),
        1 => parts.remove(0),
        n => {
            let last = parts.pop().unwrap_or_default();
            format!("{} and {last}", parts[..n - 1].join(", "))
        }
    }
}

/// `3 replies parsed; Markdown written (2 documents); 1 PDF compiled, 1 unchanged; 412 ms`
fn describe_work(session: &Session, written: &[Written], pdf: bool, took: Duration) -> String {
    let work = &session.last_work;
    let parsed = work.replies_parsed;
    let docs = written.len();
    let mut s = format!(
        "{parsed} repl{} parsed; Markdown written ({docs} document{})",
        if parsed == 1 { "y" } else { "ies" },
        plural(docs)
    );
    if pdf {
        let compiled = work.pdfs_compiled;
        let unchanged = docs.saturating_sub(compiled);
        s.push_str("; ");
        s.push_str(&match (compiled, unchanged) {
            (0, 1) => "PDF unchanged".to_string(),
            (0, _) => "PDFs unchanged".to_string(),
            (c, 0) => format!("{c} PDF{} compiled", plural(c)),
            (c, u) => format!("{c} PDF{} compiled, {u} unchanged", plural(c)),
        });
    }
    let warnings = session.last_warnings.len();
    if warnings > 0 {
        s.push_str(&format!("; {warnings} warning{}", plural(warnings)));
    }
    format!("{s}; {}", millis(took))
}

fn describe_failure(e: &BuildError) -> String {
    match e {
        BuildError::Input(p) => {
            let n = p.error_count();
            format!("{n} error{} in the input", plural(n))
        }
        BuildError::Tool(_) => "the tool could not finish".to_string(),
    }
}

fn millis(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Builds `root` once, then rebuilds on every change until `stop` is set.
/// Everything to say goes to `out`. Returns an error only when the folder
/// cannot be watched at all; failed builds are reported and watching goes on.
pub fn run(
    root: &Path,
    opts: &WatchOptions,
    out: impl FnMut(Report<'_>),
    stop: &AtomicBool,
) -> Result<(), String> {
    let out = RefCell::new(out);
    let say = |r: Report<'_>| (out.borrow_mut())(r);
    let abs =
        fs::canonicalize(root).map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    if !abs.is_dir() {
        return Err(format!("cannot watch {}: not a folder", root.display()));
    }

    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let tick = (opts.debounce / 4).max(Duration::from_millis(10));
    let mut watcher = new_debouncer(opts.debounce, Some(tick), tx)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    // The project folder itself only for report.yaml and the two folders
    // appearing or going: watching it recursively would also watch output/
    // (and, in a repository, target/).
    watcher
        .watch(&abs, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let mut watched = BTreeSet::new();
    let rewatch =
        |w: &mut Watcher, watched: &mut BTreeSet<&'static str>, force: &BTreeSet<&'static str>| {
            for name in WATCHED_FOLDERS {
                let path = abs.join(name);
                if watched.contains(name) && (force.contains(name) || !path.is_dir()) {
                    let _ = w.unwatch(&path);
                    watched.remove(name);
                }
                if !watched.contains(name) && path.is_dir() {
                    match w.watch(&path, RecursiveMode::Recursive) {
                        Ok(()) => {
                            watched.insert(name);
                        }
                        Err(e) => say(Report::Notice(&format!(
                            "warning: cannot watch {name}/: {e}"
                        ))),
                    }
                }
            }
        };
    rewatch(&mut watcher, &mut watched, &BTreeSet::new());

    let build_opts = BuildOptions {
        pdf: opts.pdf,
        keep_typ: false,
        strict: opts.strict,
    };
    let mut session = Session::new(root, build_opts);
    // Taken before each build, so that a save during a build is seen after it.
    let mut snapshot = Snapshot::take(root);
    let mut shown_warnings = Vec::new();
    let mut build = |session: &mut Session, what: Option<&str>| {
        let started = Instant::now();
        let result = session.build(&|m| say(Report::Notice(m)));
        let took = started.elapsed();
        match result {
            Ok(written) => {
                if session.last_warnings != shown_warnings {
                    say(Report::Warnings(&session.last_warnings));
                    shown_warnings = session.last_warnings.clone();
                }
                let work = describe_work(session, &written, opts.pdf, took);
                say(Report::Line(&match what {
                    None => format!("built: {work}"),
                    Some(what) => format!("rebuilt after {what}: {work}"),
                }));
            }
            Err(e) => {
                // Warnings shown with a later success again.
                shown_warnings.clear();
                say(Report::Failed(&e));
                let failure = describe_failure(&e);
                say(Report::Line(&match what {
                    None => format!(
                        "build failed: {failure}; output/ left as it was; {}",
                        millis(took)
                    ),
                    Some(what) => format!(
                        "build failed after {what}: {failure}; the previous outputs are kept; {}",
                        millis(took)
                    ),
                }));
            }
        }
    };
    build(&mut session, None);
    say(Report::Line(&format!(
        "watching {} for changes to report.yaml, submissions/ and templates/ (Ctrl-C to stop)",
        root.display()
    )));

    while !stop.load(Ordering::Relaxed) {
        let first = match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(r) => r,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err("the file watcher stopped".to_string());
            }
        };
        let mut relevant = false;
        let mut force = BTreeSet::new();
        for result in std::iter::once(first).chain(rx.try_iter()) {
            match result {
                Ok(events) => {
                    for path in events.iter().flat_map(|e| e.paths.iter()) {
                        let Ok(rel) = path.strip_prefix(&abs) else {
                            continue;
                        };
                        let top = rel.components().next().and_then(|c| c.as_os_str().to_str());
                        match top {
                            Some("report.yaml") => relevant = true,
                            Some(name @ ("submissions" | "templates")) => {
                                relevant = true;
                                if rel.components().count() == 1 {
                                    // The folder itself came, went or moved.
                                    force.extend(WATCHED_FOLDERS.iter().filter(|f| **f == name));
                                }
                            }
                            _ => {}
                        }
                    }
                }
                Err(errors) => {
                    for e in errors {
                        say(Report::Notice(&format!("warning: file watcher: {e}")));
                    }
                    // An overflowed event queue loses events: look anyway.
                    relevant = true;
                }
            }
        }
        rewatch(&mut watcher, &mut watched, &force);
        if !relevant {
            continue;
        }
        let now = Snapshot::take(root);
        let changes = now.changes_since(&snapshot);
        if changes.is_empty() {
            continue;
        }
        snapshot = now;
        build(&mut session, Some(&describe_changes(&changes)));
    }
    watcher.stop();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_described_briefly() {
        let c = |p: &str, k| (PathBuf::from(p), k);
        assert_eq!(
            describe_changes(&[c("submissions/peru.yaml", Change::Changed)]),
            "submissions/peru.yaml changed"
        );
        assert_eq!(
            describe_changes(&[
                c("report.yaml", Change::Changed),
                c("submissions/a.yaml", Change::Added),
            ]),
            "report.yaml changed and submissions/a.yaml added"
        );
        let many: Vec<_> = (0..5)
            .map(|i| c(&format!("submissions/{i}.yaml"), Change::Removed))
            .collect();
        assert_eq!(
            describe_changes(&many),
            "submissions/0.yaml removed, submissions/1.yaml removed, submissions/2.yaml removed and 2 other files"
        );
    }

    #[test]
    fn snapshot_sees_content_not_noise() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("submissions/.hidden")).unwrap();
        fs::create_dir_all(root.join("output")).unwrap();
        fs::write(root.join("report.yaml"), "a").unwrap();
        fs::write(root.join("submissions/peru.yaml"), "x").unwrap();
        let before = Snapshot::take(root);
        fs::write(root.join("submissions/.hidden/x.yaml"), "x").unwrap();
        fs::write(root.join("submissions/.peru.yaml.swp"), "x").unwrap();
        fs::write(root.join("submissions/notes.txt"), "x").unwrap();
        fs::write(root.join("output/a.md"), "x").unwrap();
        fs::write(root.join("submissions/peru.yaml"), "x").unwrap();
        assert!(Snapshot::take(root).changes_since(&before).is_empty());
        fs::write(root.join("submissions/peru.yaml.tmp"), "y").unwrap();
        fs::rename(
            root.join("submissions/peru.yaml.tmp"),
            root.join("submissions/peru.yaml"),
        )
        .unwrap();
        fs::create_dir_all(root.join("templates")).unwrap();
        fs::write(root.join("templates/summary.md"), "s").unwrap();
        assert_eq!(
            Snapshot::take(root).changes_since(&before),
            vec![
                (PathBuf::from("submissions/peru.yaml"), Change::Changed),
                (PathBuf::from("templates/summary.md"), Change::Added),
            ]
        );
    }
}
