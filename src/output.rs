//! Stage 5: writing results so that `output/` always holds one whole
//! generation of outputs, never a mix.
//!
//! Why it is all or nothing:
//! - every new file is first written in full to a temporary name beside its
//!   target ([`Staged::stage`]); a failed build renames nothing and its
//!   temporary files are removed;
//! - the commit ([`Staged::prepare_commit`], then
//!   [`Staged::commit_prepared`]) moves each old output aside (a rename, so
//!   nothing is copied), then moves each new file into place. If any step fails, every
//!   step already taken is undone in reverse, so the old generation is back
//!   whole. The old outputs are moved aside into `output/.sgreport-old/`,
//!   and stay there until the next build removes them while its typst runs
//!   ([`remove_old_outputs`]): removing a file costs 0.2-0.5 ms on a disk
//!   told of every freed block, which a build's end would wait for.
//!   Outputs the new generation no longer has (a stale addendum) are moved
//!   aside the same way, so they go only with a successful commit;
//! - before the first rename, a journal listing the moves is written and
//!   synced (by a build, while typst still runs: [`Staged::prepare_commit`]),
//!   marked `pending`. If the process dies during a commit, the next build
//!   finds it pending and puts the old generation back before doing anything
//!   else. Marking it `settled` (one write in place) is the commit point.
//!   The journal file stays from build to build: removing it, the commit
//!   point before, cost 0.3-0.5 ms on a disk told of each freed block, at
//!   the end of the build, where nothing else runs beside it.
//!
//! One build at a time works in `output/`: [`OutputDir::open`] takes a lock
//! that is held from before the inputs are read until the commit, so an
//! older build can never overwrite a newer one's output. The lock file is
//! never followed if it is a link and never truncated.

use std::fs::{self, File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The lock file inside `output/`.
const LOCK: &str = ".sgreport.lock";
/// The commit journal inside `output/`.
const JOURNAL: &str = ".sgreport-commit.journal";
/// The folder inside `output/` that a commit moves the old outputs into.
const OLD: &str = ".sgreport-old";
/// The journal's first line while its moves may be half done, and once they
/// are all done: the same length, so that settling is one write in place.
const PENDING: &str = "sgreport commit: pending\n";
const SETTLED: &str = "sgreport commit: settled\n";

/// A temporary path beside `target`, unique to this process and call. Its
/// name starts with `.` and ends with `.tmp`, which is how leftovers of a
/// killed build are recognised.
pub fn temp_path(target: &Path) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

/// Writes one file atomically (a temporary file beside it, then a rename):
/// for small files outside `output/`, such as the cache's records.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut staged = Staged::default();
    staged.stage(target, bytes)?;
    let (tmp, target) = staged.files.pop().expect("just staged");
    fs::rename(&tmp, &target).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// The project's `output/` folder, locked for this build.
pub struct OutputDir {
    pub dir: PathBuf,
    _lock: File,
}

impl OutputDir {
    /// Creates `output/` if needed, waits for any other build of the project
    /// (saying so through `say`), finishes an interrupted commit and removes
    /// leftovers of killed builds.
    pub fn open(root: &Path, say: &dyn Fn(&str)) -> Result<OutputDir, String> {
        let dir = root.join("output");
        fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create the output folder {}: {e}", dir.display()))?;
        let lock_path = dir.join(LOCK);
        let lock = open_own_file(&lock_path)?;
        if lock.try_lock().is_err() {
            say("waiting for another sgreport build of this project to finish ...");
            lock.lock()
                .map_err(|e| format!("cannot lock {}: {e}", lock_path.display()))?;
        }
        recover(&dir).map_err(|e| {
            format!(
                "an interrupted build left {} unfinished and it cannot be undone: {e}",
                dir.join(JOURNAL).display()
            )
        })?;
        clean_leftovers(&dir);
        Ok(OutputDir { dir, _lock: lock })
    }
}

/// Opens (or creates) one of sgreport's own files in `output/` (the lock,
/// the journal) without following a link and without truncating: a
/// planted link to a user's file must not empty that file.
fn open_own_file(path: &Path) -> Result<File, String> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let refuse = || {
        format!(
            "{} is not a plain file (a link or something else); sgreport will not use it: remove it",
            path.display()
        )
    };
    if fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_file()) {
        return Err(refuse());
    }
    let file = options.open(path).map_err(|e| {
        if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            refuse()
        } else {
            format!("cannot write to {}: {e}", path.display())
        }
    })?;
    match file.metadata() {
        Ok(m) if m.is_file() => Ok(file),
        _ => Err(refuse()),
    }
}

/// Temporary files a build killed midway (Ctrl-C) left in `output/`. Called
/// while holding the lock, so no other build owns them.
fn clean_leftovers(out_dir: &Path) {
    let Ok(entries) = fs::read_dir(out_dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && (name.ends_with(".tmp") || name.ends_with(".old")) {
            let _ = remove_entry(&e.path());
        }
    }
}

/// Removes a file, a link or a folder with what it holds; a link is
/// removed, never what it points to.
pub(crate) fn remove_entry(path: &Path) -> std::io::Result<()> {
    match path.symlink_metadata() {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Files staged for one build, moved into place together by
/// [`Staged::commit_prepared`].
#[derive(Default)]
pub struct Staged {
    /// (temporary file, target)
    files: Vec<(PathBuf, PathBuf)>,
}

impl Staged {
    /// Writes `bytes` to a temporary file for `target`.
    pub fn stage(&mut self, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let tmp = temp_path(target);
        // Registered first, so that a failed write is removed on drop too.
        self.files.push((tmp.clone(), target.to_path_buf()));
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    }

    /// Registers a temporary file some other program wrote for `target`.
    pub fn adopt(&mut self, tmp: PathBuf, target: &Path) {
        self.files.push((tmp, target.to_path_buf()));
    }

    /// Both halves of the commit at once (the unit tests' shorthand; a
    /// build does them around typst).
    #[cfg(test)]
    pub fn commit(self, out_dir: &Path, stale: &[PathBuf]) -> std::io::Result<()> {
        let prepared = self.prepare_commit(out_dir, stale, &[])?;
        self.commit_prepared(prepared)
    }

    /// The first half of the commit, done ahead while other work goes on
    /// (typst making the PDFs): every target checked, the backups named,
    /// the journal written and synced. `later` are the targets of files
    /// still being made, adopted before [`Staged::commit_prepared`]. The
    /// journal names no move yet made: a build killed before the commit
    /// leaves one that the next build undoes to nothing.
    pub fn prepare_commit(
        &self,
        out_dir: &Path,
        stale: &[PathBuf],
        later: &[PathBuf],
    ) -> std::io::Result<PreparedCommit> {
        let mut new: Vec<PathBuf> = self.files.iter().map(|(_, t)| t.clone()).collect();
        new.extend(later.iter().cloned());
        // Made first, so that a journal half written is settled on drop.
        let mut prepared = PreparedCommit {
            tx: Commit::new(out_dir),
            backups: Vec::new(),
            new,
            done: false,
        };
        prepared.backups = prepared.tx.prepare(&prepared.new, stale)?;
        Ok(prepared)
    }

    /// The second half of the commit: the moves into place, and the stale
    /// outputs given to [`Staged::prepare_commit`] removed, all or nothing (see the module's documentation). On
    /// error, the previous outputs are all back in place and no temporary
    /// file is left. The files staged must be those `prepared` names.
    pub fn commit_prepared(mut self, mut prepared: PreparedCommit) -> std::io::Result<()> {
        let files = std::mem::take(&mut self.files);
        let mut staged: Vec<&PathBuf> = files.iter().map(|(_, t)| t).collect();
        let mut named: Vec<&PathBuf> = prepared.new.iter().collect();
        staged.sort();
        named.sort();
        let result = if staged == named {
            let backups = std::mem::take(&mut prepared.backups);
            prepared.tx.run(&files, backups)
        } else {
            Err(std::io::Error::other(
                "the files to commit are not those the journal names",
            ))
        };
        let result = result.and_then(|()| prepared.tx.settle());
        if result.is_err() {
            prepared.tx.undo();
            for (tmp, _) in &files {
                let _ = fs::remove_file(tmp);
            }
        }
        prepared.done = true;
        result
    }
}

/// A commit whose journal is written ([`Staged::prepare_commit`]); dropped
/// without being carried out, it removes its journal.
pub struct PreparedCommit {
    tx: Commit,
    /// Old outputs to move aside: (backup, target).
    backups: Vec<(PathBuf, PathBuf)>,
    /// Every target of a new file.
    new: Vec<PathBuf>,
    done: bool,
}

impl Drop for PreparedCommit {
    fn drop(&mut self) {
        if !self.done {
            // No move was made: there is nothing to undo.
            let _ = self.tx.close_journal();
        }
    }
}

impl Drop for Staged {
    /// A build that did not commit leaves nothing behind.
    fn drop(&mut self) {
        for (tmp, _) in &self.files {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// One commit's moves, in order, so they can be undone.
struct Commit {
    out_dir: PathBuf,
    journal: PathBuf,
    /// The journal, open from when it is written until it is settled.
    file: Option<File>,
    /// Old outputs moved aside: (backup, target).
    aside: Vec<(PathBuf, PathBuf)>,
    /// New files moved into place with no old file before them.
    placed_new: Vec<PathBuf>,
    /// New files moved into place over an old one (whose backup is in `aside`).
    placed: Vec<PathBuf>,
}

impl Commit {
    fn new(out_dir: &Path) -> Commit {
        Commit {
            out_dir: out_dir.to_path_buf(),
            journal: out_dir.join(JOURNAL),
            file: None,
            aside: Vec::new(),
            placed_new: Vec::new(),
            placed: Vec::new(),
        }
    }

    /// Checks every target, names the backups of the old outputs there, and
    /// writes the journal; the (backup, target) pairs.
    fn prepare(
        &mut self,
        new: &[PathBuf],
        stale: &[PathBuf],
    ) -> std::io::Result<Vec<(PathBuf, PathBuf)>> {
        let targets: Vec<&PathBuf> = new.iter().chain(stale).collect();
        for t in &targets {
            refuse_folder(t)?;
        }
        let old_dir = self.out_dir.join(OLD);
        let backups: Vec<(PathBuf, PathBuf)> = targets
            .iter()
            .filter(|t| fs::symlink_metadata(t).is_ok())
            .map(|t| (backup_path(&old_dir, t), (*t).clone()))
            .collect();
        self.write_journal(&backups, new)?;
        Ok(backups)
    }

    /// The moves: old outputs aside, new files into place.
    fn run(
        &mut self,
        files: &[(PathBuf, PathBuf)],
        backups: Vec<(PathBuf, PathBuf)>,
    ) -> std::io::Result<()> {
        // Made here, not when the commit is prepared: a build that fails
        // before its commit leaves no folder behind.
        if !backups.is_empty() {
            own_folder(&self.out_dir.join(OLD))?;
        }
        for (backup, target) in backups {
            fs::rename(&target, &backup)?;
            self.aside.push((backup, target));
        }
        for (tmp, target) in files {
            fs::rename(tmp, target)?;
            if self.aside.iter().any(|(_, t)| t == target) {
                self.placed.push(target.clone());
            } else {
                self.placed_new.push(target.clone());
            }
        }
        Ok(())
    }

    /// [`PENDING`], then lines `old<TAB>backup<TAB>target` and
    /// `new<TAB>target` (paths inside `output/`), synced; written over the
    /// last build's journal, which is never removed.
    fn write_journal(
        &mut self,
        backups: &[(PathBuf, PathBuf)],
        new: &[PathBuf],
    ) -> std::io::Result<()> {
        let mut text = String::from(PENDING);
        for (backup, target) in backups {
            text.push_str(&format!("old\t{OLD}/{}\t{}\n", name(backup), name(target)));
        }
        for target in new {
            if !backups.iter().any(|(_, t)| t == target) {
                text.push_str(&format!("new\t{}\n", name(target)));
            }
        }
        let file = self
            .file
            .insert(open_own_file(&self.journal).map_err(std::io::Error::other)?);
        file.write_all(text.as_bytes())?;
        file.set_len(text.len() as u64)?;
        file.sync_all()
    }

    /// Marks the journal settled: its moves are all done, or none was made.
    /// If it cannot be marked, it is removed, which says the same.
    fn close_journal(&mut self) -> std::io::Result<()> {
        let marked = match &mut self.file {
            Some(file) => file
                .seek(SeekFrom::Start(0))
                .and_then(|_| file.write_all(SETTLED.as_bytes())),
            None => Err(std::io::ErrorKind::NotFound.into()),
        };
        match marked {
            Ok(()) => Ok(()),
            Err(_) => remove_entry(&self.journal),
        }
    }

    /// Puts the old generation back: new files out, old files in.
    fn undo(&mut self) {
        for target in self.placed_new.drain(..) {
            let _ = fs::remove_file(target);
        }
        self.placed.clear();
        for (backup, target) in self.aside.drain(..).rev() {
            let _ = fs::rename(&backup, &target);
        }
        let _ = self.close_journal();
    }

    /// The new generation is in place: the journal settled is the commit
    /// point. The old files stay in [`OLD`] for the next build to remove.
    fn settle(&mut self) -> std::io::Result<()> {
        self.close_journal()?;
        self.placed.clear();
        self.placed_new.clear();
        self.aside.clear();
        self.file = None;
        Ok(())
    }
}

/// A target that is a folder is never moved aside or replaced.
fn refuse_folder(target: &Path) -> std::io::Result<()> {
    match fs::symlink_metadata(target) {
        Ok(m) if m.is_dir() => Err(std::io::Error::other(format!(
            "{} is a folder, where sgreport writes a file",
            target.display()
        ))),
        _ => Ok(()),
    }
}

fn name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Where `target` waits in `old_dir` once replaced: named as its
/// temporary files are, so unique to this process and call.
fn backup_path(old_dir: &Path, target: &Path) -> PathBuf {
    let tmp = temp_path(target);
    old_dir
        .join(tmp.file_name().unwrap_or_default())
        .with_extension("old")
}

/// The folder `dir`, made if missing (see [`is_own_folder`]).
fn own_folder(dir: &Path) -> std::io::Result<()> {
    if is_own_folder(dir)? {
        return Ok(());
    }
    fs::create_dir(dir)
}

/// Whether `dir` is a folder. Whatever else stands in its place (a link, a
/// file) is removed, never followed: sgreport empties this folder.
fn is_own_folder(dir: &Path) -> std::io::Result<bool> {
    match fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => Ok(true),
        Ok(_) => remove_entry(dir).map(|()| false),
        Err(_) => Ok(false),
    }
}

/// Removes the outputs earlier builds replaced (in `output/.sgreport-old/`).
/// A build calls it while typst runs, holding the lock, after any
/// interrupted commit was undone (which needs them): so no build waits at
/// its end for the disk to free the old files. A link in the folder's place
/// is removed, never followed.
pub fn remove_old_outputs(out_dir: &Path) {
    let dir = out_dir.join(OLD);
    if !is_own_folder(&dir).unwrap_or(false) {
        return;
    }
    let Ok(entries) = fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let _ = remove_entry(&entry.path());
    }
}

/// Finishes what a killed build's commit left: every old output moved aside
/// is put back, every new file it placed is removed.
fn recover(out_dir: &Path) -> std::io::Result<()> {
    let journal = out_dir.join(JOURNAL);
    let text = match fs::read_to_string(&journal) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if text.starts_with(SETTLED) {
        return Ok(());
    }
    let moves = journal_moves(&text);
    if removing_old_outputs(out_dir, &moves) {
        // Settled after all (removed, which says the same): the old outputs
        // left are the leftover cleaning's.
        return fs::remove_file(&journal);
    }
    // Pending, or written by a version before the mark: undone.
    for (backup, target) in moves {
        match backup {
            Some(backup) if out_dir.join(backup).exists() => {
                fs::rename(out_dir.join(backup), out_dir.join(target))?;
            }
            Some(_) => {}
            None => {
                let _ = fs::remove_file(out_dir.join(target));
            }
        }
    }
    fs::remove_file(&journal)
}

/// A journal's moves: (backup, target) for an old output moved aside,
/// (None, target) for a new file with no old one before it.
fn journal_moves(text: &str) -> Vec<(Option<&str>, &str)> {
    text.lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields[..] {
                ["old", backup, target] => Some((Some(backup), target)),
                ["new", target] => Some((None, target)),
                _ => None,
            }
        })
        .collect()
}

/// Whether a commit whose journal still reads pending had in fact made all
/// its moves and was removing the old outputs: every target is in place and
/// a backup is gone. The settled mark is not synced before the old outputs
/// go (that would cost the build a wait on the disk), so after a power cut
/// it may be lost while some removals were kept; undoing then would bring
/// back part of the old generation. No other moment of a commit looks like
/// this: the old outputs are moved aside in order, each target missing
/// until its new file is in place, and no backup is removed before the
/// last new file is.
fn removing_old_outputs(out_dir: &Path, moves: &[(Option<&str>, &str)]) -> bool {
    let in_place = |name: &str| fs::symlink_metadata(out_dir.join(name)).is_ok();
    moves.iter().all(|(_, target)| in_place(target))
        && moves
            .iter()
            .any(|(backup, _)| backup.is_some_and(|b| !in_place(b)))
}

#[cfg(test)]
mod tests;
