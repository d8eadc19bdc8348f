//! Stage 5: writing results so that `output/` always holds one whole
//! generation of outputs, never a mix, and nothing else of sgreport's.
//!
//! Everything in `output/` is untrusted: the user, or anyone, may have put
//! files, links, pipes there. sgreport's own state is in one folder,
//! `output/.sgreport/` ([`names::StateDir`]): the lock, the journal, the
//! replaced outputs (`old/`), the files of the build being made (`work/`)
//! and typst's folders (`typst/`, see `pdf::sandbox`). Each is opened without following links
//! ([`untrusted`]); the only names sgreport writes, moves or removes
//! outside it are its outputs' ([`names::OutputName`]), so files the user
//! put there are never touched.
//!
//! Why it is all or nothing:
//! - every new file is first written in full in `work/` ([`Staged::stage`]);
//!   a failed build moves nothing and its files there are removed;
//! - the commit ([`Staged::commit`]) first writes and syncs the journal
//!   ([`journal`]): every move it is about to make, the generation it puts
//!   in place and the one it replaces. Then it moves each old output (and
//!   each output of the old generation the new one lacks: a stale
//!   addendum, a `.docx` not asked for again, an old symbol's) into `old/`,
//!   then each new file into place, then marks the journal settled: the
//!   commit point;
//! - if a step fails, or the process dies (the next build finds the journal
//!   pending), every move is undone from the journal ([`undo`]): new files
//!   out, old files back, the journal rewritten as settled on the old
//!   generation. Each undo step looks at what is there before it acts, so
//!   undoing again after a crash during an undo does the rest and nothing
//!   twice.
//!
//! The outputs replaced wait in `old/` until the next build removes them
//! while its typst runs ([`remove_old_outputs`]): removing a file costs
//! 0.2-0.5 ms on a disk told of every freed block, which a build's end would
//! wait for.
//!
//! One build at a time works in `output/`: [`OutputDir::open`] takes a lock
//! that is held from before the inputs are read until the commit, so an
//! older build can never overwrite a newer one's output.

mod failpoint;
mod journal;
pub mod names;
pub mod untrusted;

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

// The journal's size limit, which the tests (output/tests.rs) name.
#[cfg(test)]
use journal::MAX_JOURNAL;
use journal::{Backup, Journal};
#[cfg(test)]
use names::STATE_DIR;
use names::{DocumentNames, OutputName, StateDir, LEGACY_STATE};
use untrusted::{create_new, empty_folder, open_own_file, own_folder, remove_entry, Refused};

/// Why `output/` could not be written as asked.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write in {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a plain file (a link, a pipe, a device or a folder); sgreport will not use it: remove it, or run `sgreport clean`", path.display())]
    NotPlain { path: PathBuf },
    #[error("{} was not written by sgreport ({why}); sgreport will not act on it: remove it, or run `sgreport clean`", path.display())]
    Journal { path: PathBuf, why: String },
    #[error("{} is a folder, where sgreport writes a file", path.display())]
    FolderInPlace { path: PathBuf },
    #[error("cannot move the new files into {}: {source}; the previous outputs are all still there", dir.display())]
    NotMoved {
        dir: PathBuf,
        #[source]
        source: Box<OutputError>,
    },
    #[error("an interrupted build left {} unfinished and it cannot be undone: {source}", path.display())]
    Recovery {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl OutputError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> OutputError {
        OutputError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    fn refused(path: &Path, e: Refused) -> OutputError {
        match e {
            Refused::Io(e) => OutputError::io(path, e),
            Refused::NotPlain | Refused::TooLarge(_) => OutputError::NotPlain {
                path: path.to_path_buf(),
            },
        }
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// `<process id>-<n>`: a name part no other call of this or another
/// process has.
pub fn temp_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{}-{n}", std::process::id())
}

/// Writes one file atomically (a new temporary file beside it, then a
/// rename): for small files outside `output/`, such as the cache's records.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    untrusted::write_new(target, bytes)
}

/// The project's `output/` folder, locked for this build.
pub struct OutputDir {
    pub dir: PathBuf,
    state: StateDir,
    _lock: File,
}

impl OutputDir {
    /// Creates `output/` (the one at `dir`) if needed, waits for any other
    /// build of the project (saying so through `say`), finishes undoing an
    /// interrupted commit and removes what killed builds left in the work
    /// folder.
    pub fn open(dir: &Path, say: &dyn Fn(&str)) -> Result<OutputDir, OutputError> {
        let out = OutputDir::lock(dir, say)?;
        recover(dir, &out.state)?;
        let work = out.state.work();
        own_folder(&work).map_err(|e| OutputError::io(&work, e))?;
        empty_folder(&work);
        Ok(out)
    }

    /// `output/` with its state folder, locked; the state of earlier
    /// versions removed.
    fn lock(dir: &Path, say: &dyn Fn(&str)) -> Result<OutputDir, OutputError> {
        fs::create_dir_all(dir).map_err(|e| OutputError::io(dir, e))?;
        let state = StateDir::of(dir);
        own_folder(state.path()).map_err(|e| OutputError::io(state.path(), e))?;
        let lock_path = state.lock();
        let lock = open_own_file(&lock_path).map_err(|e| OutputError::refused(&lock_path, e))?;
        if lock.try_lock().is_err() {
            say("waiting for another sgreport build of this project to finish ...");
            lock.lock().map_err(|e| OutputError::io(&lock_path, e))?;
        }
        for legacy in LEGACY_STATE {
            remove_entry(&dir.join(legacy)).map_err(|e| OutputError::io(dir, e))?;
        }
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            state,
            _lock: lock,
        })
    }

    /// The folder, inside the state folder, for this build's files before
    /// they are moved into place (typst's folders too).
    pub fn work_dir(&self) -> PathBuf {
        self.state.work()
    }

    /// Where typst's folders are kept between builds, one per PDF.
    pub fn typst_rooms(&self) -> PathBuf {
        self.state.typst()
    }

    /// The outputs in place, as the last commit named them.
    pub fn generation(&self) -> Result<BTreeSet<OutputName>, OutputError> {
        Ok(Journal::read(&self.state)?
            .map(|j| j.now)
            .unwrap_or_default())
    }

    /// Removes every output of the generation in place (and those of
    /// `documents` found there), then sgreport's state folder, and
    /// `output/` itself (the one at `dir`) if nothing else is left in it.
    /// Files the user put in `output/` stay. A journal sgreport would
    /// refuse is not read (and goes with the state). Returns the outputs
    /// removed.
    pub fn clean(
        dir: &Path,
        documents: &[DocumentNames],
        say: &dyn Fn(&str),
    ) -> Result<Vec<OutputName>, OutputError> {
        let out = OutputDir::lock(dir, say)?;
        let names = out.in_place(out.generation().unwrap_or_default(), documents);
        for name in &names {
            let path = name.in_dir(&out.dir);
            if !is_folder(&path) {
                remove_entry(&path).map_err(|e| OutputError::io(&path, e))?;
            }
        }
        let state = out.state.path().to_path_buf();
        drop(out);
        remove_entry(&state).map_err(|e| OutputError::io(&state, e))?;
        // Only when empty: a user's file keeps the folder.
        let _ = fs::remove_dir(dir);
        Ok(names.into_iter().collect())
    }

    /// The outputs in place that the next generation replaces: those the
    /// last commit named and, for a folder an earlier version wrote or
    /// whose journal was removed, every output of `documents` there.
    pub(crate) fn previous(
        &self,
        documents: &[DocumentNames],
    ) -> Result<BTreeSet<OutputName>, OutputError> {
        Ok(self.in_place(self.generation()?, documents))
    }

    /// `names` and the outputs of `documents`, those in place.
    fn in_place(
        &self,
        mut names: BTreeSet<OutputName>,
        documents: &[DocumentNames],
    ) -> BTreeSet<OutputName> {
        names.extend(documents.iter().flat_map(DocumentNames::all));
        if let Ok(entries) = fs::read_dir(&self.dir) {
            names.extend(
                entries
                    .filter_map(Result::ok)
                    .filter_map(|e| e.file_name().to_str().and_then(OutputName::parse))
                    .filter(|n| documents.iter().any(|d| d.is_figure(n))),
            );
        }
        names.retain(|n| fs::symlink_metadata(n.in_dir(&self.dir)).is_ok());
        names
    }
}

fn is_folder(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Files staged for one build, moved into place together by
/// [`Staged::commit`]; dropped uncommitted, they are removed.
pub struct Staged {
    work: PathBuf,
    /// (file in the work folder, output it becomes)
    files: Vec<(PathBuf, OutputName)>,
}

impl Staged {
    /// Nothing staged yet, for `out`.
    pub fn new(out: &OutputDir) -> Staged {
        Staged {
            work: out.work_dir(),
            files: Vec::new(),
        }
    }

    /// Writes `bytes` to a new file in the work folder, to become `name`.
    pub fn stage(&mut self, name: &OutputName, bytes: &[u8]) -> Result<(), OutputError> {
        let tmp = self.work.join(format!("{}.new", temp_name()));
        // Registered first, so that a failed write is removed on drop too.
        self.files.push((tmp.clone(), name.clone()));
        create_new(&tmp)
            .and_then(|mut f| {
                f.write_all(bytes)?;
                f.sync_all()
            })
            .map_err(|e| OutputError::io(&tmp, e))
    }

    /// Registers a file some other program wrote in the work folder (a
    /// PDF) to become `name`.
    pub fn adopt(&mut self, tmp: PathBuf, name: &OutputName) {
        self.files.push((tmp, name.clone()));
    }

    /// Moves the staged files into place and the rest of the previous
    /// generation out, all or nothing (see the module's documentation).
    /// `now` is every output of the new generation: the files staged and
    /// those left in place unchanged (a PDF not compiled again).
    /// `documents` are the documents' names, recognised as outputs even
    /// where no journal named them. On error, the previous outputs are all
    /// back in place and no staged file is left.
    pub fn commit(
        mut self,
        out: &OutputDir,
        now: &BTreeSet<OutputName>,
        documents: &[DocumentNames],
    ) -> Result<(), OutputError> {
        let not_moved = |source: OutputError| OutputError::NotMoved {
            dir: out.dir.clone(),
            source: Box::new(source),
        };
        let journal = self.plan(out, now, documents).map_err(not_moved)?;
        journal
            .write(&out.state)
            .map_err(|e| not_moved(OutputError::io(&out.state.journal(), e)))?;
        let files = std::mem::take(&mut self.files);
        let moved = move_all(out, &journal, &files).and_then(|()| Journal::settle(&out.state));
        if let Err(e) = moved {
            let undone = undo(&out.dir, &out.state, &journal);
            for (tmp, _) in &files {
                let _ = fs::remove_file(tmp);
            }
            undone.map_err(|e| OutputError::Recovery {
                path: out.state.journal(),
                source: e,
            })?;
            return Err(not_moved(OutputError::io(&out.dir, e)));
        }
        Ok(())
    }

    /// The journal of this commit: every target checked, the backups named.
    fn plan(
        &self,
        out: &OutputDir,
        now: &BTreeSet<OutputName>,
        documents: &[DocumentNames],
    ) -> Result<Journal, OutputError> {
        let was = out.previous(documents)?;
        let staged: BTreeSet<&OutputName> = self.files.iter().map(|(_, n)| n).collect();
        if let Some(extra) = staged.iter().find(|n| !now.contains(**n)) {
            return Err(OutputError::io(
                &extra.in_dir(&out.dir),
                std::io::Error::other("staged, but not an output of the new generation"),
            ));
        }
        for name in &staged {
            let path = name.in_dir(&out.dir);
            if is_folder(&path) {
                return Err(OutputError::FolderInPlace { path });
            }
        }
        let in_place = |n: &OutputName| fs::symlink_metadata(n.in_dir(&out.dir)).is_ok();
        let replaced = staged
            .iter()
            .map(|n| (*n).clone())
            .filter(|n| in_place(n))
            .chain(
                was.difference(now)
                    .filter(|n| !is_folder(&n.in_dir(&out.dir)))
                    .cloned(),
            );
        Ok(Journal {
            settled: false,
            now: now.clone(),
            aside: replaced.map(|n| (n, Backup::unique())).collect(),
            new: staged
                .iter()
                .filter(|n| !in_place(n))
                .map(|n| (*n).clone())
                .collect(),
            was,
        })
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

/// The journal's moves: the replaced outputs into `old/`, then the new
/// files into place.
fn move_all(
    out: &OutputDir,
    journal: &Journal,
    files: &[(PathBuf, OutputName)],
) -> std::io::Result<()> {
    let old = out.state.old();
    if !journal.aside.is_empty() {
        own_folder(&old)?;
    }
    for (name, backup) in &journal.aside {
        failpoint::step();
        fs::rename(name.in_dir(&out.dir), old.join(backup.as_str()))?;
    }
    for (tmp, name) in files {
        failpoint::step();
        fs::rename(tmp, name.in_dir(&out.dir))?;
    }
    Ok(())
}

/// Puts back the generation `journal` replaced: each new file placed where
/// nothing was is removed, each replaced output still in `old/` is moved
/// back, then the journal is rewritten settled on the old generation. Safe
/// to run again after it was cut short at any step.
fn undo(out_dir: &Path, state: &StateDir, journal: &Journal) -> std::io::Result<()> {
    for name in &journal.new {
        let path = name.in_dir(out_dir);
        if fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) {
            failpoint::step();
            fs::remove_file(&path)?;
        }
    }
    let old = state.old();
    for (name, backup) in journal.aside.iter().rev() {
        let from = old.join(backup.as_str());
        match fs::symlink_metadata(&from) {
            Ok(m) if m.is_file() && is_folder(&old) => {
                failpoint::step();
                fs::rename(&from, name.in_dir(out_dir))?;
            }
            // Not a file sgreport moved there: never moved into output/.
            Ok(_) => remove_entry(&from)?,
            Err(_) => {}
        }
    }
    Journal::settled_with(journal.was.clone()).write(state)
}

/// Undoes what a killed build's commit left half done (a journal still
/// pending); a link, pipe or odd text in the journal's place is refused.
fn recover(out_dir: &Path, state: &StateDir) -> Result<(), OutputError> {
    match Journal::read(state)? {
        Some(journal) if !journal.settled => own_folder(&state.work())
            .and_then(|()| undo(out_dir, state, &journal))
            .map_err(|e| OutputError::Recovery {
                path: state.journal(),
                source: e,
            }),
        _ => Ok(()),
    }
}

/// Removes the outputs earlier builds replaced (in `output/.sgreport/old/`).
/// A build calls it while typst runs, holding the lock, after any
/// interrupted commit was undone (which needs them). Whatever stands in
/// the folder's place (a link) is removed, never followed.
pub fn remove_old_outputs(out: &OutputDir) {
    let old = out.state.old();
    if is_folder(&old) {
        empty_folder(&old);
    } else {
        let _ = remove_entry(&old);
    }
}

#[cfg(test)]
mod tests;
