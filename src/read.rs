//! Reading the files a project gives (report.yaml, the replies, the
//! templates, the layout, the fonts): each must be a plain file within its
//! size limit, and a template, the layout or a font must lie inside the
//! project, links resolved. Anything else is an error naming the file,
//! decided before a byte is read, so a named pipe never hangs a build and
//! `/dev/zero` is never read.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// Largest report.yaml, reply, template or layout accepted: 1 MiB.
pub(crate) const MAX_TEXT_BYTES: u64 = 1024 * 1024;

/// Largest font file accepted in the project's `fonts/`: 64 MiB (a font
/// covering every CJK ideograph is about 20 MiB).
pub(crate) const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// The metadata of `root/rel` when it is a plain file (links followed) of
/// at most `limit` bytes; otherwise an error at `rel`.
pub(crate) fn plain_file(root: &Path, rel: &Path, limit: u64) -> Result<fs::Metadata, Diagnostic> {
    let meta = fs::metadata(root.join(rel)).map_err(|e| cannot_read(rel, &e))?;
    if !meta.is_file() {
        return Err(Diagnostic::error(
            rel,
            0,
            0,
            format!("this is {}, not a file", file_kind(&meta)),
        )
        .with_help("the input must be a plain file"));
    }
    if meta.len() > limit {
        return Err(too_large(rel, &meta.len().to_string(), limit));
    }
    Ok(meta)
}

/// The bytes of `root/rel`, a plain file of at most `limit` bytes: never
/// more than `limit` + 1 bytes are read, whatever size the file system
/// reports.
pub(crate) fn bytes(root: &Path, rel: &Path, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    let meta = plain_file(root, rel, limit)?;
    // Sized as the file system says, so the file is read in one go; the
    // limit still holds if the file grew since.
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize + 1);
    fs::File::open(root.join(rel))
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| cannot_read(rel, &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(rel, &format!("more than {limit}"), limit));
    }
    Ok(bytes)
}

/// The text of `root/rel`: [`bytes`], as UTF-8 (an error at the first byte
/// that is not).
pub(crate) fn text(root: &Path, rel: &Path, limit: u64) -> Result<String, Diagnostic> {
    utf8(rel, bytes(root, rel, limit)?)
}

/// `root/rel` with links resolved, when it lies inside the project folder
/// `root`; otherwise an error at `rel` (a template or a font linked to
/// `/etc/passwd` would print it in the report).
pub(crate) fn inside_project(root: &Path, rel: &Path) -> Result<PathBuf, Diagnostic> {
    let help = "a template, the layout or a font must be a file inside the project folder";
    let project = fs::canonicalize(root).map_err(|e| cannot_read(rel, &e))?;
    let target = fs::canonicalize(root.join(rel)).map_err(|e| {
        Diagnostic::error(rel, 0, 0, format!("the link points nowhere ({e})")).with_help(help)
    })?;
    if target.starts_with(&project) {
        Ok(target)
    } else {
        Err(Diagnostic::error(
            rel,
            0,
            0,
            format!(
                "the link points outside the project folder (to {})",
                target.display()
            ),
        )
        .with_help(help))
    }
}

fn cannot_read(rel: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(rel, 0, 0, format!("cannot read the file: {e}"))
}

fn too_large(rel: &Path, size: &str, limit: u64) -> Diagnostic {
    Diagnostic::error(
        rel,
        0,
        0,
        format!(
            "the file is {size} bytes; the limit is {} ({limit} bytes)",
            mib(limit)
        ),
    )
}

/// `1 MiB`, `64 MiB`.
fn mib(bytes: u64) -> String {
    format!("{} MiB", bytes / (1024 * 1024))
}

/// What a non-file is, in words.
fn file_kind(meta: &fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "something other than a file"
}

/// The bytes as UTF-8, or an error at the first byte that is not.
fn utf8(rel: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let column = at
            - bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        Diagnostic::error(
            rel,
            line,
            column,
            format!("the file is not UTF-8 text (byte {at})"),
        )
        .with_help("save the file as UTF-8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let d = bytes(Path::new("/dev"), Path::new("zero"), 10).unwrap_err();
        assert_eq!(d.message, "this is a device, not a file");
        fs::write(root.join("big.md"), "x".repeat(11)).unwrap();
        let d = text(root, Path::new("big.md"), 10).unwrap_err();
        assert_eq!(
            d.message,
            "the file is 11 bytes; the limit is 0 MiB (10 bytes)"
        );
        fs::write(root.join("ok.md"), "fine").unwrap();
        assert_eq!(text(root, Path::new("ok.md"), 10).unwrap(), "fine");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_project_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("passwd"), "secret").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::os::unix::fs::symlink(outside.path().join("passwd"), root.join("extra.md")).unwrap();
        fs::write(root.join("own.md"), "x").unwrap();
        std::os::unix::fs::symlink(root.join("own.md"), root.join("alias.md")).unwrap();
        let d = inside_project(root, Path::new("extra.md")).unwrap_err();
        assert!(
            d.message
                .starts_with("the link points outside the project folder"),
            "{}",
            d.message
        );
        assert!(inside_project(root, Path::new("alias.md")).is_ok());
    }
}
