//! Opening what is in `output/` without trusting it: anyone may have put a
//! link, a pipe or a device where sgreport keeps its files. Every path is
//! opened without following a link in its last part (the folders above it
//! are checked with [`own_folder`] first), checked to be a plain file, and
//! read within a limit.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::failpoint;

/// The folder `dir`, made if missing. Whatever else stands in its place (a
/// link, a file, a pipe) is removed, never followed: sgreport writes in
/// this folder and empties it.
pub(crate) fn own_folder(dir: &Path) -> io::Result<()> {
    match fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => return Ok(()),
        Ok(_) => remove_entry(dir)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    failpoint::step();
    make_folder(dir)
}

/// Makes the folder `dir`. A folder another build made meanwhile will do
/// (two builds started at once on a new project, before either holds the
/// lock inside it); anything else there is an error.
fn make_folder(dir: &Path) -> io::Result<()> {
    match fs::create_dir(dir) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match fs::symlink_metadata(dir) {
            Ok(m) if m.is_dir() => Ok(()),
            _ => Err(e),
        },
        made => made,
    }
}

/// Removes a file, a link or a folder with what it holds; a link is
/// removed, never what it points to (nor, in a folder, what links inside
/// it point to).
pub(crate) fn remove_entry(path: &Path) -> io::Result<()> {
    match path.symlink_metadata() {
        Ok(m) if m.is_dir() => {
            failpoint::step();
            fs::remove_dir_all(path)
        }
        Ok(_) => {
            failpoint::step();
            fs::remove_file(path)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Removes everything in the folder `dir` (a folder of sgreport's own).
pub(crate) fn empty_folder(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let _ = remove_entry(&entry.path());
    }
}

/// Why a file of sgreport's own could not be used.
#[derive(Debug)]
pub(crate) enum Refused {
    /// A link, a folder, a pipe or a device: not a plain file.
    NotPlain,
    /// Larger than the limit (bytes).
    TooLarge(u64),
    Io(io::Error),
}

impl From<io::Error> for Refused {
    fn from(e: io::Error) -> Self {
        Refused::Io(e)
    }
}

/// Opens `path` for reading and writing, creating it if missing, without
/// following a link and without truncating (a planted link must not empty
/// anyone's file), and without waiting on a pipe.
pub(crate) fn open_own_file(path: &Path) -> Result<File, Refused> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    open_plain(path, &mut options)
}

/// Creates `path`, which must not exist (so no link there is followed).
pub fn create_new(path: &Path) -> io::Result<File> {
    failpoint::step();
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    no_follow(&mut options);
    options.open(path)
}

/// The whole of the plain file `path` if it is at most `limit` bytes;
/// `None` if there is none.
pub(crate) fn read_own_file(path: &Path, limit: u64) -> Result<Option<Vec<u8>>, Refused> {
    let mut options = OpenOptions::new();
    options.read(true);
    let file = match open_plain(path, &mut options) {
        Err(Refused::Io(e)) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        other => other?,
    };
    let len = file.metadata()?.len();
    if len > limit {
        return Err(Refused::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooLarge(limit));
    }
    Ok(Some(bytes))
}

/// Why an input a command was given (not one of sgreport's own files)
/// could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{} is not a plain file (a folder, a pipe or a device); sgreport reads only files", path.display())]
    NotPlain { path: PathBuf },
    #[error("{} is larger than {limit} bytes, more than sgreport reads", path.display())]
    TooLarge { path: PathBuf, limit: u64 },
    #[error("{} is not UTF-8 text", path.display())]
    NotText { path: PathBuf },
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// The text of the file `path` names (a link to a file is followed: it is
/// only read), refusing a folder, a pipe or a device at once and a file of
/// more than `limit` bytes.
pub fn read_input(path: &Path, limit: u64) -> Result<String, InputError> {
    let io = |source| InputError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC);
    }
    let file = options.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(InputError::NotPlain {
            path: path.to_path_buf(),
        });
    }
    let too_large = || InputError::TooLarge {
        path: path.to_path_buf(),
        limit,
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|_| InputError::NotText {
        path: path.to_path_buf(),
    })
}

/// Writes `bytes` to `target` through a new file beside it, renamed into
/// place: whatever was at `target` (a link too) is replaced, never written
/// through.
pub fn write_new(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let tmp = target.with_file_name(format!(".{name}.{}.tmp", super::temp_name()));
    let result = create_new(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| fs::rename(&tmp, target));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Opens `path` with `options`, refusing anything but a plain file.
fn open_plain(path: &Path, options: &mut OpenOptions) -> Result<File, Refused> {
    match fs::symlink_metadata(path) {
        Ok(m) if !m.file_type().is_file() => return Err(Refused::NotPlain),
        _ => {}
    }
    no_follow(options);
    let file = options.open(path).map_err(|e| {
        // ELOOP: a link put there since it was looked at.
        if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            Refused::NotPlain
        } else {
            Refused::Io(e)
        }
    })?;
    match file.metadata() {
        Ok(m) if m.is_file() => Ok(file),
        Ok(_) => Err(Refused::NotPlain),
        Err(e) => Err(Refused::Io(e)),
    }
}

/// A link in the last part of the path is not followed, and opening a pipe
/// does not wait for its writer.
fn no_follow(options: &mut OpenOptions) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_folder_made_meanwhile_will_do_a_file_or_link_there_will_not() {
        let dir = tempfile::tempdir().unwrap();
        let made = dir.path().join("made");
        make_folder(&made).unwrap();
        make_folder(&made).expect("a folder another build made");
        let file = dir.path().join("file");
        fs::write(&file, "x").unwrap();
        assert_eq!(
            make_folder(&file).unwrap_err().kind(),
            io::ErrorKind::AlreadyExists
        );
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&made, &link).unwrap();
        assert_eq!(
            make_folder(&link).unwrap_err().kind(),
            io::ErrorKind::AlreadyExists
        );
    }

    #[test]
    fn links_pipes_and_large_files_are_refused_never_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        fs::write(&outside, "keep").unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        assert!(matches!(read_own_file(&link, 100), Err(Refused::NotPlain)));
        assert!(matches!(open_own_file(&link), Err(Refused::NotPlain)));
        assert!(create_new(&link).is_err());
        assert_eq!(fs::read_to_string(&outside).unwrap(), "keep");
        let fifo = tmp.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(matches!(read_own_file(&fifo, 100), Err(Refused::NotPlain)));
        assert!(matches!(
            read_own_file(Path::new("/dev/zero"), 100),
            Err(Refused::NotPlain)
        ));
        let big = tmp.path().join("big");
        fs::write(&big, [b'x'; 101]).unwrap();
        assert!(matches!(
            read_own_file(&big, 100),
            Err(Refused::TooLarge(100))
        ));
        assert_eq!(read_own_file(&outside, 100).unwrap().unwrap(), b"keep");
        assert!(read_own_file(&tmp.path().join("none"), 100)
            .unwrap()
            .is_none());
        // A folder whose place a link takes: the link goes, the folder is made.
        let dir = tmp.path().join("dir");
        std::os::unix::fs::symlink(tmp.path(), &dir).unwrap();
        own_folder(&dir).unwrap();
        assert!(fs::symlink_metadata(&dir).unwrap().is_dir());
        assert!(outside.exists());
    }
}
