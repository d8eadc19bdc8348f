//! Which typst programs have already been asked their version. Running
//! `typst --version` costs a process start on every build; instead the answer
//! is remembered in a small record in the cache folder, keyed by the program's
//! path, size, modification time (and inode on Unix), and asked again as soon
//! as any of these change.
//!
//! The record is one line per program: `version \t size \t mtime-ns \t inode
//! \t path`. A damaged record only costs one more `typst --version`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::locate::cache_dir;

/// At most this many programs are remembered (the newest first).
const KEEP: usize = 16;

/// What identifies one build of the program on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    size: u64,
    mtime_ns: u128,
    inode: u64,
}

fn key_of(program: &Path) -> Option<Key> {
    let meta = fs::metadata(program).ok()?;
    if !meta.is_file() {
        return None;
    }
    let mtime_ns = meta
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_nanos();
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some(Key {
        size: meta.len(),
        mtime_ns,
        inode,
    })
}

fn record_path() -> PathBuf {
    cache_dir().join("typst").join("verified.tsv")
}

struct Entry {
    version: String,
    key: Key,
    path: PathBuf,
}

fn parse_line(line: &str) -> Option<Entry> {
    let mut f = line.splitn(5, '\t');
    let version = f.next()?.to_string();
    let key = Key {
        size: f.next()?.parse().ok()?,
        mtime_ns: f.next()?.parse().ok()?,
        inode: f.next()?.parse().ok()?,
    };
    let path = PathBuf::from(f.next()?);
    (!version.is_empty() && !version.contains(char::is_whitespace)).then_some(Entry {
        version,
        key,
        path,
    })
}

fn read_record(file: &Path) -> Vec<Entry> {
    fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(parse_line)
        .collect()
}

/// The remembered version of `program`, if its key still matches.
pub(super) fn remembered(program: &Path) -> Option<String> {
    remembered_in(&record_path(), program)
}

fn remembered_in(file: &Path, program: &Path) -> Option<String> {
    let key = key_of(program)?;
    read_record(file)
        .into_iter()
        .find(|e| e.path == program && e.key == key)
        .map(|e| e.version)
}

/// Remembers that `program` answered `version`. Best effort: a cache folder
/// that cannot be written just means asking again next time.
pub(super) fn remember(program: &Path, version: &str) {
    remember_in(&record_path(), program, version);
}

fn remember_in(file: &Path, program: &Path, version: &str) {
    let Some(key) = key_of(program) else { return };
    let Some(text) = program.to_str().filter(|p| !p.contains(['\n', '\t'])) else {
        return;
    };
    let mut entries = read_record(file);
    entries.retain(|e| e.path != program && e.path.is_file());
    entries.insert(
        0,
        Entry {
            version: version.to_string(),
            key,
            path: PathBuf::from(text),
        },
    );
    entries.truncate(KEEP);
    let body: String = entries
        .iter()
        .map(|e| {
            format!(
                "{}\t{}\t{}\t{}\t{}\n",
                e.version,
                e.key.size,
                e.key.mtime_ns,
                e.key.inode,
                e.path.display()
            )
        })
        .collect();
    if let Some(dir) = file.parent() {
        let _ = fs::create_dir_all(dir);
    }
    // Written beside and renamed, so a reader never sees half a record.
    let _ = crate::output::write_atomic(file, body.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_is_reused_until_the_program_changes() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("verified.tsv");
        let program = dir.path().join("typst");
        fs::write(&program, "one").unwrap();
        assert_eq!(remembered_in(&record, &program), None);
        remember_in(&record, &program, "0.15.1");
        assert_eq!(remembered_in(&record, &program).as_deref(), Some("0.15.1"));
        // Another program is not taken for it.
        let other = dir.path().join("typst2");
        fs::write(&other, "one").unwrap();
        assert_eq!(remembered_in(&record, &other), None);
        // Replaced by a program of another size: asked again.
        fs::write(&program, "a longer one").unwrap();
        assert_eq!(remembered_in(&record, &program), None);
        remember_in(&record, &program, "0.14.0");
        assert_eq!(remembered_in(&record, &program).as_deref(), Some("0.14.0"));
        assert_eq!(fs::read_to_string(&record).unwrap().lines().count(), 1);
    }

    #[test]
    fn a_changed_modification_time_is_asked_again() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("verified.tsv");
        let program = dir.path().join("typst");
        fs::write(&program, "same").unwrap();
        remember_in(&record, &program, "0.15.1");
        let f = fs::File::options().write(true).open(&program).unwrap();
        f.set_modified(UNIX_EPOCH + std::time::Duration::from_secs(1_000_000))
            .unwrap();
        assert_eq!(remembered_in(&record, &program), None);
    }

    #[test]
    fn a_damaged_record_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("verified.tsv");
        let program = dir.path().join("typst");
        fs::write(&program, "x").unwrap();
        fs::write(&record, "garbage\n\t\t\t\n0.15.1\tx\ty\tz\tpath\n").unwrap();
        assert_eq!(remembered_in(&record, &program), None);
        remember_in(&record, &program, "0.15.1");
        assert_eq!(remembered_in(&record, &program).as_deref(), Some("0.15.1"));
    }
}
