//! Stage 5: writing results so that the last good output is never lost. Every
//! file is written to a uniquely named temporary file beside its target and
//! renamed into place only when complete; a failed build renames nothing.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temporary path beside `target`, unique to this process and call.
pub fn temp_path(target: &Path) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

/// Writes `bytes` to `target` atomically.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_path(target);
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Files staged for one build: all are renamed into place together at the end,
/// after every stage succeeded.
#[derive(Default)]
pub struct Staged {
    files: Vec<(PathBuf, PathBuf)>,
}

impl Staged {
    /// Writes `bytes` to a temporary file for `target`.
    pub fn stage(&mut self, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let tmp = temp_path(target);
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        self.files.push((tmp, target.to_path_buf()));
        Ok(())
    }

    /// Registers a temporary file some other program wrote for `target`.
    pub fn adopt(&mut self, tmp: PathBuf, target: &Path) {
        self.files.push((tmp, target.to_path_buf()));
    }

    /// Renames every staged file into place.
    pub fn commit(mut self) -> std::io::Result<Vec<PathBuf>> {
        let files = std::mem::take(&mut self.files);
        let mut done = Vec::new();
        for (tmp, target) in files {
            fs::rename(&tmp, &target)?;
            done.push(target);
        }
        Ok(done)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_stage_leaves_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.md");
        fs::write(&target, "old").unwrap();
        {
            let mut s = Staged::default();
            s.stage(&target, b"new").unwrap();
        }
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn committed_stage_replaces_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.md");
        fs::write(&target, "old").unwrap();
        let mut s = Staged::default();
        s.stage(&target, b"new").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    }
}
