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

use crate::diag::Diagnostic;
use crate::pipeline::{BuildError, BuildOptions, BuildReport, Builder};
use crate::project::{ProjectLayout, REPORT_YAML, SUBMISSIONS, TEMPLATES};
use crate::style::{count, plural};
use crate::submissions::reply_files;

/// The folders below the project that a build reads, watched recursively.
const WATCHED_FOLDERS: [&str; 2] = [SUBMISSIONS, TEMPLATES];

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
pub enum Event<'a> {
    /// The one line of a build or rebuild (or the "watching" line).
    Line(&'a str),
    /// A notice from the build itself (installing typst, a substitute font).
    Notice(&'a str),
    /// The problems of a failed build; its [`Event::Line`] follows.
    Failed(&'a BuildError),
    /// The warnings of a build that succeeded, when they differ from the last
    /// ones reported; its [`Event::Line`] follows.
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
        let mut files: Vec<PathBuf> = vec![PathBuf::from(REPORT_YAML)];
        files.extend(reply_files(root));
        if let Ok(entries) = fs::read_dir(ProjectLayout::new(root).templates()) {
            for e in entries.filter_map(Result::ok) {
                let name = e.file_name().to_string_lossy().into_owned();
                let template = name.ends_with(".md") || name.ends_with(".typ");
                if template && !name.starts_with('.') && e.path().is_file() {
                    files.push(Path::new(TEMPLATES).join(name));
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
                        && rel == Path::new(REPORT_YAML) =>
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
        parts.push(count(more, "other file", "other files"));
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
fn describe_work(report: &BuildReport, docs: usize, pdf: bool, took: Duration) -> String {
    let mut s = format!(
        "{} parsed; Markdown written ({})",
        count(report.replies_parsed, "reply", "replies"),
        count(docs, "document", "documents")
    );
    if pdf {
        let compiled = report.pdfs_compiled;
        let unchanged = docs.saturating_sub(compiled);
        s.push_str("; ");
        s.push_str(&match (compiled, unchanged) {
            (0, 1) => "PDF unchanged".to_string(),
            (0, _) => "PDFs unchanged".to_string(),
            (c, 0) => format!("{c} PDF{} compiled", plural(c)),
            (c, u) => format!("{c} PDF{} compiled, {u} unchanged", plural(c)),
        });
    }
    let warnings = report.warnings.len();
    if warnings > 0 {
        s.push_str(&format!("; {}", count(warnings, "warning", "warnings")));
    }
    format!("{s}; {}", millis(took))
}

fn describe_failure(e: &BuildError) -> String {
    match e {
        BuildError::Input(p) => {
            let n = p.error_count();
            format!("{} in the input", count(n, "error", "errors"))
        }
        BuildError::Typst(_) => "typst rejected the layout or a reply".to_string(),
        BuildError::Tool(_) => "the tool could not finish".to_string(),
    }
}

fn millis(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

/// The file watcher over the project folder (for report.yaml and the two
/// folders appearing or going) and, recursively, `submissions/` and
/// `templates/`. Watching the project folder recursively would also watch
/// `output/` (and, in a repository, `target/`).
struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: mpsc::Receiver<DebounceEventResult>,
    /// The project folder, absolute.
    abs: PathBuf,
    /// The folders of [`WATCHED_FOLDERS`] watched now.
    watched: BTreeSet<&'static str>,
}

impl Watcher {
    fn new(root: &Path, debounce: Duration) -> Result<Watcher, WatchError> {
        let cannot = |e: &dyn std::fmt::Display| WatchError::Cannot {
            path: root.to_path_buf(),
            why: e.to_string(),
        };
        let abs = fs::canonicalize(root).map_err(|e| cannot(&e))?;
        if !abs.is_dir() {
            return Err(cannot(&"not a folder"));
        }
        let (tx, events) = mpsc::channel::<DebounceEventResult>();
        let tick = (debounce / 4).max(Duration::from_millis(10));
        let mut debouncer = new_debouncer(debounce, Some(tick), tx).map_err(|e| cannot(&e))?;
        debouncer
            .watch(&abs, RecursiveMode::NonRecursive)
            .map_err(|e| cannot(&e))?;
        Ok(Watcher {
            debouncer,
            events,
            abs,
            watched: BTreeSet::new(),
        })
    }

    /// Watches the folders that exist and are not watched yet; `force`
    /// names folders that came, went or moved, watched anew.
    fn rewatch(&mut self, force: &BTreeSet<&'static str>, say: &dyn Fn(Event)) {
        for name in WATCHED_FOLDERS {
            let path = self.abs.join(name);
            if self.watched.contains(name) && (force.contains(name) || !path.is_dir()) {
                let _ = self.debouncer.unwatch(&path);
                self.watched.remove(name);
            }
            if !self.watched.contains(name) && path.is_dir() {
                match self.debouncer.watch(&path, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(name);
                    }
                    Err(e) => say(Event::Notice(&format!(
                        "warning: cannot watch {name}/: {e}"
                    ))),
                }
            }
        }
    }

    /// Waits up to 100 ms for file events; true when one may concern an
    /// input (the caller then compares the inputs' contents).
    fn wait(&mut self, say: &dyn Fn(Event)) -> Result<bool, WatchError> {
        let first = match self.events.recv_timeout(Duration::from_millis(100)) {
            Ok(r) => r,
            Err(mpsc::RecvTimeoutError::Timeout) => return Ok(false),
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err(WatchError::Stopped),
        };
        let mut relevant = false;
        let mut force = BTreeSet::new();
        let batch: Vec<DebounceEventResult> = std::iter::once(first)
            .chain(self.events.try_iter())
            .collect();
        for result in batch {
            match result {
                Ok(events) => {
                    for path in events.iter().flat_map(|e| e.paths.iter()) {
                        relevant |= self.classify(path, &mut force);
                    }
                }
                Err(errors) => {
                    for e in errors {
                        say(Event::Notice(&format!("warning: file watcher: {e}")));
                    }
                    // An overflowed event queue loses events: look anyway.
                    relevant = true;
                }
            }
        }
        self.rewatch(&force, say);
        Ok(relevant)
    }

    /// Whether `path` is an input; a watched folder itself coming or going
    /// is added to `force`.
    fn classify(&self, path: &Path, force: &mut BTreeSet<&'static str>) -> bool {
        let Ok(rel) = path.strip_prefix(&self.abs) else {
            return false;
        };
        match rel.components().next().and_then(|c| c.as_os_str().to_str()) {
            Some(REPORT_YAML) => true,
            Some(name @ (SUBMISSIONS | TEMPLATES)) => {
                if rel.components().count() == 1 {
                    force.extend(WATCHED_FOLDERS.iter().filter(|f| **f == name));
                }
                true
            }
            _ => false,
        }
    }
}

/// Runs the builds of watch mode and says one line for each.
struct Rebuilds {
    builder: Builder,
    pdf: bool,
    /// The warnings last printed, so the same ones are not printed again.
    shown_warnings: Vec<Diagnostic>,
}

impl Rebuilds {
    fn new(root: &Path, opts: &WatchOptions) -> Rebuilds {
        let build_opts = BuildOptions {
            pdf: opts.pdf,
            keep_typ: false,
            strict: opts.strict,
            docx: false,
            review: false,
            pdf_standards: Default::default(),
        };
        Rebuilds {
            builder: Builder::new(root, build_opts),
            pdf: opts.pdf,
            shown_warnings: Vec::new(),
        }
    }

    /// Builds; `after` says what changed (none for the first build).
    fn run(&mut self, after: Option<&str>, say: &dyn Fn(Event)) {
        let started = Instant::now();
        let report = self.builder.build(&|m| say(Event::Notice(m)));
        let took = started.elapsed();
        match &report.outcome {
            Ok(written) => {
                if report.warnings != self.shown_warnings {
                    say(Event::Warnings(&report.warnings));
                    self.shown_warnings = report.warnings.clone();
                }
                let work = describe_work(&report, written.len(), self.pdf, took);
                say(Event::Line(&match after {
                    None => format!("built: {work}"),
                    Some(what) => format!("rebuilt after {what}: {work}"),
                }));
            }
            Err(e) => {
                // Warnings shown with a later success again.
                self.shown_warnings.clear();
                say(Event::Failed(e));
                let failure = describe_failure(e);
                let kept = if report.markdown_written {
                    "the new Markdown was written, the PDFs are as they were"
                } else {
                    "output/ left as it was"
                };
                say(Event::Line(&match after {
                    None => format!("build failed: {failure}; {kept}; {}", millis(took)),
                    Some(what) => format!(
                        "build failed after {what}: {failure}; {kept}; {}",
                        millis(took)
                    ),
                }));
            }
        }
    }
}

/// Why a project cannot be watched.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("cannot watch {}: {why}", path.display())]
    Cannot { path: PathBuf, why: String },
    #[error("the file watcher stopped")]
    Stopped,
}

/// Builds `root` once, then rebuilds on every change until `stop` is set.
/// Everything to say goes to `out`. Returns an error only when the folder
/// cannot be watched at all; failed builds are reported and watching goes on.
pub fn run(
    root: &Path,
    opts: &WatchOptions,
    out: impl FnMut(Event<'_>),
    stop: &AtomicBool,
) -> Result<(), WatchError> {
    let out = RefCell::new(out);
    let say = |e: Event<'_>| (out.borrow_mut())(e);
    let mut watcher = Watcher::new(root, opts.debounce)?;
    watcher.rewatch(&BTreeSet::new(), &say);
    let mut rebuilds = Rebuilds::new(root, opts);
    // Taken before each build, so that a save during a build is seen after it.
    let mut snapshot = Snapshot::take(root);
    rebuilds.run(None, &say);
    say(Event::Line(&format!(
        "watching {} for changes to report.yaml, submissions/ and templates/ (Ctrl-C to stop)",
        root.display()
    )));
    while !stop.load(Ordering::Relaxed) {
        if !watcher.wait(&say)? {
            continue;
        }
        let now = Snapshot::take(root);
        let changes = now.changes_since(&snapshot);
        if changes.is_empty() {
            continue;
        }
        snapshot = now;
        rebuilds.run(Some(&describe_changes(&changes)), &say);
    }
    watcher.debouncer.stop();
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
