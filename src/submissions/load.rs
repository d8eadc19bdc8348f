//! Finding and reading the project's files: which files under `submissions/`
//! are replies (and which are ignored, and why), reading each input within its
//! size limit, and giving each reply a footnote prefix no other reply has.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::report_config::ReportConfig;
use super::yaml::MAX_FILE_BYTES;
use super::{reply, Reply};
use crate::diag::{Diagnostic, Problems};

/// A report project, read and checked.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub config: ReportConfig,
    /// In the order the files were found (sorted paths).
    pub replies: Vec<Reply>,
    /// Files and folders under `submissions/` that are not replies, each with
    /// the reason (for `check -v`).
    pub ignored: Vec<(PathBuf, &'static str)>,
}

/// What is under `submissions/`: the replies to read, what is ignored and why,
/// and what could not be looked at (each an error).
#[derive(Debug, Clone, Default)]
pub struct ReplyFiles {
    /// Relative to the project folder, sorted.
    pub replies: Vec<PathBuf>,
    /// Relative to the project folder, with the reason, sorted.
    pub ignored: Vec<(PathBuf, &'static str)>,
    /// Folders that cannot be read, links that lead nowhere or out of the
    /// project, a missing `submissions/`.
    pub problems: Vec<Diagnostic>,
}

/// Why a file or folder under `submissions/` is not read.
pub const HIDDEN: &str = "hidden (its name starts with `.`)";
pub const NOT_YAML: &str = "not a reply (its name does not end in .yaml or .yml)";
pub const SEEN_FOLDER: &str = "a link to a folder already read";

/// Parsed replies kept between builds (watch mode): a reply whose text,
/// footnote prefix and report.yaml are unchanged is not parsed again. The
/// default keeps nothing: a single build would only pay for copying every
/// reply into it.
#[derive(Default)]
pub struct ReplyCache {
    /// Whether replies are kept at all ([`ReplyCache::keeping`]).
    keep: bool,
    config_text: String,
    replies: HashMap<PathBuf, CachedReply>,
    /// How many replies the last load parsed (the rest came from the cache).
    pub parsed: usize,
}

impl ReplyCache {
    /// A cache that keeps every reply parsed, for the next load.
    pub fn keeping() -> ReplyCache {
        ReplyCache {
            keep: true,
            ..ReplyCache::default()
        }
    }
}

#[derive(Clone)]
struct CachedReply {
    text: String,
    prefix: String,
    result: Result<Reply, Vec<Diagnostic>>,
}

/// report.yaml read and checked, with its text (the cached replies are
/// parsed again when it changes).
pub struct LoadedConfig {
    pub config: ReportConfig,
    text: String,
}

/// Reads and checks `root/report.yaml`: the first step of loading a
/// project, on its own so that a build can start typst as soon as it knows
/// the report's symbol and date.
pub fn load_config(root: &Path) -> Result<LoadedConfig, Problems> {
    let path = Path::new(crate::project::REPORT_YAML);
    let text = read_text(root, path).map_err(|d| Problems(vec![d]))?;
    let config = ReportConfig::parse(path, &text).map_err(Problems)?;
    Ok(LoadedConfig { config, text })
}

/// The rest of loading a project, report.yaml read: every reply under
/// `submissions/` (`root/submissions/**/*.{yaml,yml}`), reusing what `cache`
/// parsed, each reply read reported to `progress`.
pub fn load_replies(
    root: &Path,
    loaded: LoadedConfig,
    cache: &mut ReplyCache,
    progress: &dyn crate::progress::Progress,
) -> Result<Project, Problems> {
    let LoadedConfig { config, text } = loaded;
    if cache.config_text != text {
        cache.replies.clear();
        cache.config_text = text;
    }
    cache.parsed = 0;

    let files = find_replies(root);
    let mut problems = files.problems;
    let present: HashSet<&PathBuf> = files.replies.iter().collect();
    cache.replies.retain(|k, _| present.contains(k));
    let prefixes = footnote_prefixes(&files.replies);
    let jobs: Vec<(&PathBuf, String)> = files.replies.iter().zip(prefixes).collect();
    progress.start(
        crate::progress::Task::ReadingReplies,
        Some(jobs.len() as u64),
    );
    let outcomes = read_all(root, &jobs, &config, cache, progress);
    let mut replies = Vec::new();
    for ((rel, _), outcome) in jobs.iter().zip(outcomes) {
        match outcome.apply(rel, cache) {
            Ok(r) => replies.push(r),
            Err(ds) => problems.extend(ds),
        }
    }
    progress.finish();
    if problems.is_empty() {
        Ok(Project {
            root: root.to_path_buf(),
            config,
            replies,
            ignored: files.ignored,
        })
    } else {
        Err(Problems(problems))
    }
}

/// What reading one reply gave.
enum Outcome {
    /// The file could not be read.
    Unreadable(Diagnostic),
    /// Unchanged since the last load: the cached result.
    Cached(Result<Reply, Vec<Diagnostic>>),
    /// Read and parsed now.
    Parsed(CachedReply),
}

impl Outcome {
    /// The reply (or its problems), with `cache` brought up to date.
    fn apply(self, rel: &Path, cache: &mut ReplyCache) -> Result<Reply, Vec<Diagnostic>> {
        match self {
            Outcome::Unreadable(d) => {
                cache.replies.remove(rel);
                Err(vec![d])
            }
            Outcome::Cached(result) => result,
            Outcome::Parsed(c) if cache.keep => {
                cache.parsed += 1;
                let result = c.result.clone();
                cache.replies.insert(rel.to_path_buf(), c);
                result
            }
            Outcome::Parsed(c) => {
                cache.parsed += 1;
                c.result
            }
        }
    }
}

/// Reads and parses every reply, on as many threads as there are cores
/// (replies are independent; their order is kept). Each thread takes the
/// next reply not yet taken, so none waits while another still has a long
/// share.
fn read_all(
    root: &Path,
    jobs: &[(&PathBuf, String)],
    config: &ReportConfig,
    cache: &ReplyCache,
    progress: &dyn crate::progress::Progress,
) -> Vec<Outcome> {
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    let done = AtomicU64::new(0);
    let read = |(rel, prefix): &(&PathBuf, String)| {
        let n = done.fetch_add(1, Ordering::Relaxed);
        progress.set(n + 1, &rel.display().to_string());
        read_reply(root, rel, prefix, config, cache)
    };
    // Threads pay from 64 replies on; a small project reads them here.
    const CHUNK: usize = 64;
    if jobs.len() <= CHUNK {
        return jobs.iter().map(read).collect();
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    let mut read: Vec<(usize, Outcome)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.min(jobs.len().div_ceil(CHUNK)))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break mine };
                        mine.push((i, read(job)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a reply reader panicked"))
            .collect()
    });
    read.sort_unstable_by_key(|(i, _)| *i);
    read.into_iter().map(|(_, outcome)| outcome).collect()
}

/// Reads and parses one reply, or takes it from `cache` when nothing changed.
fn read_reply(
    root: &Path,
    rel: &Path,
    prefix: &str,
    config: &ReportConfig,
    cache: &ReplyCache,
) -> Outcome {
    let text = match read_text(root, rel) {
        Ok(t) => t,
        Err(d) => return Outcome::Unreadable(d),
    };
    if let Some(c) = cache.replies.get(rel) {
        if c.text == text && c.prefix == prefix {
            return Outcome::Cached(c.result.clone());
        }
    }
    let result = reply::parse(rel, &text, config, prefix);
    Outcome::Parsed(CachedReply {
        text,
        prefix: prefix.to_string(),
        result,
    })
}

/// Every reply file, relative to `root`, in a stable order (see
/// [`find_replies`]; what it ignores or cannot read is left out here).
pub fn reply_files(root: &Path) -> Vec<PathBuf> {
    find_replies(root).replies
}

/// Looks through `root/submissions` by the rules of the input contract (1.1):
/// a reply is any file whose name ends in `.yaml` or `.yml` in any letter
/// case, at any depth; hidden files and folders and other files are ignored;
/// a symbolic link is followed when its target lies inside the project
/// folder, and is an error when it points outside it or nowhere; a folder that
/// cannot be read is an error. A missing `submissions/` is an error, an empty
/// one is not.
pub fn find_replies(root: &Path) -> ReplyFiles {
    let mut found = ReplyFiles::default();
    let dir = crate::project::ProjectLayout::new(root).submissions();
    let rel = PathBuf::from(crate::project::SUBMISSIONS);
    match fs::metadata(&dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            found.problems.push(
                Diagnostic::error(&rel, 0, 0, "`submissions` is not a folder")
                    .with_help("put the replies in a folder named submissions/"),
            );
            return found;
        }
        Err(_) => {
            found.problems.push(
                Diagnostic::error(
                    &rel,
                    0,
                    0,
                    format!("no submissions/ folder in {}", root.display()),
                )
                .with_help(
                    "create the folder submissions/ (it may be empty) and put the replies in it",
                ),
            );
            return found;
        }
    }
    let Ok(project) = fs::canonicalize(root) else {
        found.problems.push(Diagnostic::error(
            &rel,
            0,
            0,
            format!("cannot resolve the project folder {}", root.display()),
        ));
        return found;
    };
    let mut walker = Walker {
        root,
        project,
        seen: HashSet::new(),
        found,
    };
    if let Ok(canonical) = fs::canonicalize(&dir) {
        walker.seen.insert(canonical);
    }
    walker.folder(&rel);
    let mut found = walker.found;
    found.replies.sort();
    found.ignored.sort();
    found
}

/// Whether `name` is a reply's: ends in `.yaml` or `.yml`, any letter case.
fn is_reply_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".yaml") && lower.len() > ".yaml".len())
        || (lower.ends_with(".yml") && lower.len() > ".yml".len())
}

struct Walker<'a> {
    root: &'a Path,
    /// The project folder, links resolved.
    project: PathBuf,
    /// Folders already read (resolved), so a link cannot make a loop.
    seen: HashSet<PathBuf>,
    found: ReplyFiles,
}

impl Walker<'_> {
    fn problem(&mut self, rel: &Path, message: String, help: &str) {
        self.found
            .problems
            .push(Diagnostic::error(rel, 0, 0, message).with_help(help));
    }

    /// Reads the folder `rel` (relative to the project) and what is in it.
    fn folder(&mut self, rel: &Path) {
        let entries = match fs::read_dir(self.root.join(rel)) {
            Ok(entries) => entries,
            Err(e) => {
                let help = "make the folder readable, or move it out of submissions/";
                return self.problem(rel, format!("cannot read the folder: {e}"), help);
            }
        };
        let mut names = Vec::new();
        for entry in entries {
            match entry {
                // The folder's listing says what each entry is (no call per
                // file); where it cannot, `entry` asks.
                Ok(entry) => names.push((entry.file_name(), entry.file_type().ok())),
                Err(e) => {
                    let help = "make the folder readable, or move it out of submissions/";
                    self.problem(rel, format!("cannot read the folder: {e}"), help);
                }
            }
        }
        names.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, kind) in names {
            self.entry(&rel.join(&name), &name.to_string_lossy(), kind);
        }
    }

    /// One file, folder or link found in a folder.
    fn entry(&mut self, rel: &Path, name: &str, kind: Option<fs::FileType>) {
        if name.starts_with('.') {
            return self.found.ignored.push((rel.to_path_buf(), HIDDEN));
        }
        let path = self.root.join(rel);
        let kind = match kind.map_or_else(|| fs::symlink_metadata(&path).map(|m| m.file_type()), Ok)
        {
            Ok(k) => k,
            Err(e) => {
                let help = "make it readable, or move it out of submissions/";
                return self.problem(rel, format!("cannot read this entry: {e}"), help);
            }
        };
        if kind.is_symlink() {
            return self.link(rel, name, &path);
        }
        if kind.is_dir() {
            if let Ok(canonical) = fs::canonicalize(&path) {
                self.seen.insert(canonical);
            }
            return self.folder(rel);
        }
        self.file(rel, name);
    }

    /// A symbolic link: followed when it leads inside the project.
    fn link(&mut self, rel: &Path, name: &str, path: &Path) {
        let help =
            "a link under submissions/ must lead to a file or folder inside the project folder";
        let target = match fs::canonicalize(path) {
            Ok(t) => t,
            Err(e) => return self.problem(rel, format!("the link points nowhere ({e})"), help),
        };
        if !target.starts_with(&self.project) {
            let message = format!(
                "the link points outside the project folder (to {})",
                target.display()
            );
            return self.problem(rel, message, help);
        }
        match fs::metadata(&target) {
            Ok(m) if m.is_dir() => {
                if self.seen.insert(target) {
                    self.folder(rel);
                } else {
                    self.found.ignored.push((rel.to_path_buf(), SEEN_FOLDER));
                }
            }
            Ok(_) => self.file(rel, name),
            Err(e) => self.problem(rel, format!("cannot read the link's target: {e}"), help),
        }
    }

    /// A file (or anything that is not a folder): a reply by its name.
    /// Whether it can be read as a reply is [`read_text`]'s question.
    fn file(&mut self, rel: &Path, name: &str) {
        if is_reply_name(name) {
            self.found.replies.push(rel.to_path_buf());
        } else {
            self.found.ignored.push((rel.to_path_buf(), NOT_YAML));
        }
    }
}

/// Reads a file the user wrote, refusing what is not a small UTF-8 text
/// file (see [`crate::read`]: devices, pipes and folders are refused before
/// they are opened, and at most [`MAX_FILE_BYTES`] + 1 bytes are read), or a
/// file with nothing but comments.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let text = crate::read::text(root, rel, MAX_FILE_BYTES)?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if text
        .trim()
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(Diagnostic::error(rel, 0, 0, "the file is empty")
            .with_help("a reply needs at least `from` and `received`"));
    }
    Ok(text)
}

/// `submissions/african/kenya.yaml` -> `african-kenya`: the readable part of a
/// footnote label prefix.
fn footnote_slug(rel: &Path) -> String {
    let stem = rel
        .strip_prefix(crate::project::SUBMISSIONS)
        .unwrap_or(rel)
        .with_extension("");
    let slug = crate::escape::slug(&stem.to_string_lossy());
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "reply".to_string()
    } else {
        slug.to_string()
    }
}

/// A footnote label prefix for each of `files` (sorted), unique by
/// construction: every label of a reply is `<prefix>-<rest>`, so two replies'
/// labels can only meet if one prefix equals the other or continues it after a
/// `-` (`african` and `african-kenya`). Such a prefix gets a number instead
/// (`african-kenya2`), decided in path order, so the same files always get the
/// same prefixes; a reply whose name meets no other keeps its plain slug.
pub fn footnote_prefixes(files: &[PathBuf]) -> Vec<String> {
    let mut taken: Vec<String> = Vec::with_capacity(files.len());
    let mut exact: HashSet<String> = HashSet::with_capacity(files.len());
    // Every `-`-cut head of a taken prefix (`a` and `a-b` for `a-b-c`).
    let mut heads: HashSet<String> = HashSet::new();
    for slug in files.iter().map(|f| footnote_slug(f)) {
        let clashes = |c: &str| {
            exact.contains(c)
                || heads.contains(c)
                || c.match_indices('-').any(|(i, _)| exact.contains(&c[..i]))
        };
        let mut candidate = slug.clone();
        let mut n = 1;
        while clashes(&candidate) {
            n += 1;
            candidate = format!("{slug}{n}");
        }
        for (i, _) in candidate.match_indices('-') {
            heads.insert(candidate[..i].to_string());
        }
        exact.insert(candidate.clone());
        taken.push(candidate);
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("submissions")).unwrap();
        dir
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn paths(v: &[PathBuf]) -> Vec<String> {
        v.iter().map(|p| p.display().to_string()).collect()
    }

    #[test]
    fn replies_by_name_in_any_case_others_ignored_with_a_reason() {
        let dir = project();
        let root = dir.path();
        for f in [
            "submissions/KENYA.YAML",
            "submissions/a/peru.Yml",
            "submissions/notes.txt",
            "submissions/.hidden/chile.yaml",
            "submissions/.chile.yaml",
        ] {
            write(root, f, "x");
        }
        let found = find_replies(root);
        assert!(found.problems.is_empty(), "{:?}", found.problems);
        assert_eq!(
            paths(&found.replies),
            ["submissions/KENYA.YAML", "submissions/a/peru.Yml"]
        );
        let ignored: Vec<(String, &str)> = found
            .ignored
            .iter()
            .map(|(p, why)| (p.display().to_string(), *why))
            .collect();
        assert_eq!(
            ignored,
            [
                ("submissions/.chile.yaml".to_string(), HIDDEN),
                ("submissions/.hidden".to_string(), HIDDEN),
                ("submissions/notes.txt".to_string(), NOT_YAML),
            ]
        );
    }

    #[test]
    fn links_inside_are_followed_outside_or_nowhere_are_errors() {
        let outside = tempfile::tempdir().unwrap();
        write(outside.path(), "far.yaml", "x");
        let dir = project();
        let root = dir.path();
        write(root, "elsewhere/peru.yaml", "x");
        write(root, "kept/chile.yaml", "x");
        symlink(
            root.join("elsewhere/peru.yaml"),
            root.join("submissions/peru.yaml"),
        )
        .unwrap();
        symlink(root.join("kept"), root.join("submissions/kept")).unwrap();
        symlink(
            outside.path().join("far.yaml"),
            root.join("submissions/far.yaml"),
        )
        .unwrap();
        symlink(outside.path(), root.join("submissions/far")).unwrap();
        symlink(
            root.join("nothing.yaml"),
            root.join("submissions/gone.yaml"),
        )
        .unwrap();
        // A loop back to submissions/ itself is read once.
        symlink(root.join("submissions"), root.join("submissions/again")).unwrap();
        let found = find_replies(root);
        assert_eq!(
            paths(&found.replies),
            ["submissions/kept/chile.yaml", "submissions/peru.yaml"]
        );
        let problems: Vec<String> = found
            .problems
            .iter()
            .map(|d| format!("{} {}", d.file.display(), d.message))
            .collect();
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].starts_with("submissions/far the link points outside"));
        assert!(problems[1].starts_with("submissions/far.yaml the link points outside"));
        assert!(problems[2].starts_with("submissions/gone.yaml the link points nowhere"));
        assert!(found
            .ignored
            .contains(&(PathBuf::from("submissions/again"), SEEN_FOLDER)));
    }

    #[test]
    fn a_folder_that_cannot_be_read_is_an_error() {
        use std::os::unix::fs::PermissionsExt;
        let dir = project();
        let root = dir.path();
        write(root, "submissions/locked/peru.yaml", "x");
        let locked = root.join("submissions/locked");
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        let readable = fs::read_dir(&locked).is_ok(); // as root, it still is
        let found = find_replies(root);
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        if readable {
            // As root the folder can still be read: its reply is found. The
            // unreadable case as root is tested through the binary, run
            // without the capability that lets root read anything
            // (tests/testsuite/hazards/input.rs).
            assert!(found.problems.is_empty());
            assert_eq!(
                found.replies,
                [PathBuf::from("submissions/locked/peru.yaml")]
            );
        } else {
            assert_eq!(found.problems.len(), 1);
            assert!(found.problems[0]
                .message
                .starts_with("cannot read the folder"));
            assert_eq!(found.problems[0].file, PathBuf::from("submissions/locked"));
        }
    }

    #[test]
    fn a_missing_submissions_folder_is_an_error_an_empty_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let found = find_replies(dir.path());
        assert_eq!(found.problems.len(), 1);
        assert!(found.problems[0]
            .message
            .starts_with("no submissions/ folder in "));
        fs::create_dir(dir.path().join("submissions")).unwrap();
        let found = find_replies(dir.path());
        assert!(found.problems.is_empty() && found.replies.is_empty());
    }

    #[test]
    fn only_regular_files_are_read_and_never_past_the_limit() {
        let dir = project();
        let root = dir.path();
        let d = read_text(Path::new("/dev"), Path::new("zero")).unwrap_err();
        assert_eq!(d.message, "this is a device, not a file");
        let d = read_text(root, Path::new("submissions")).unwrap_err();
        assert_eq!(d.message, "this is a folder, not a file");
        let fifo = root.join("pipe.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Must return at once, not wait for a writer.
            let d = read_text(root, Path::new("pipe.yaml")).unwrap_err();
            assert_eq!(d.message, "this is a named pipe, not a file");
        }
        write(root, "ok.yaml", "from: Peru\n");
        assert_eq!(
            read_text(root, Path::new("ok.yaml")).unwrap(),
            "from: Peru\n"
        );
    }

    #[test]
    fn footnote_prefixes_never_meet() {
        let files: Vec<PathBuf> = [
            "submissions/african-kenya.yaml",
            "submissions/african/kenya.yaml",
            "submissions/african_kenya.yml",
            "submissions/latin/mexico-2.yaml",
            "submissions/latin/mexico.yaml",
            "submissions/latin/peru.yaml",
            "submissions/---.yaml",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let prefixes = footnote_prefixes(&files);
        assert_eq!(
            prefixes,
            [
                "african-kenya",
                "african-kenya2",
                "african-kenya3",
                "latin-mexico-2",
                "latin-mexico2",
                "latin-peru",
                "reply",
            ]
        );
        // No prefix is another, or another followed by `-`.
        for a in &prefixes {
            for b in &prefixes {
                if !std::ptr::eq(a, b) {
                    assert!(a != b && !a.starts_with(&format!("{b}-")), "{a} {b}");
                }
            }
        }
    }
}
