//! Finding and reading the project's files.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

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
}

/// Reads `root/report.yaml` and `root/submissions/**/*.{yaml,yml}`.
pub fn load(root: &Path) -> Result<Project, Problems> {
    load_with(root, &mut ReplyCache::default())
}

/// Parsed replies kept between builds (watch mode): a reply whose text and
/// report.yaml are unchanged is not parsed again.
#[derive(Default)]
pub struct ReplyCache {
    config_text: String,
    replies: HashMap<PathBuf, (String, Result<Reply, Vec<Diagnostic>>)>,
    /// How many replies the last load parsed (the rest came from the cache).
    pub parsed: usize,
}

/// [`load`], reusing what `cache` already parsed.
pub fn load_with(root: &Path, cache: &mut ReplyCache) -> Result<Project, Problems> {
    load_with_progress(root, cache, &crate::progress::Silent)
}

/// [`load_with`], reporting each reply read to `progress`.
pub fn load_with_progress(
    root: &Path,
    cache: &mut ReplyCache,
    progress: &dyn crate::progress::Progress,
) -> Result<Project, Problems> {
    let config_path = Path::new("report.yaml");
    let config_text = read_text(root, config_path).map_err(|d| Problems(vec![d]))?;
    let config = ReportConfig::parse(config_path, &config_text).map_err(Problems)?;
    if cache.config_text != config_text {
        cache.replies.clear();
        cache.config_text = config_text;
    }
    cache.parsed = 0;

    let mut problems = Vec::new();
    let mut replies = Vec::new();
    let files = reply_files(root);
    let present: std::collections::HashSet<&PathBuf> = files.iter().collect();
    cache.replies.retain(|k, _| present.contains(k));
    progress.start("reading replies", Some(files.len() as u64));
    for (i, rel) in files.into_iter().enumerate() {
        progress.set(i as u64 + 1, &rel.display().to_string());
        let text = match read_text(root, &rel) {
            Ok(t) => t,
            Err(d) => {
                cache.replies.remove(&rel);
                problems.push(d);
                continue;
            }
        };
        let result = match cache.replies.get(&rel) {
            Some((old, result)) if *old == text => result.clone(),
            _ => {
                cache.parsed += 1;
                let result = reply::parse(&rel, &text, &config, &footnote_prefix(&rel));
                cache.replies.insert(rel.clone(), (text, result.clone()));
                result
            }
        };
        match result {
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
        })
    } else {
        Err(Problems(problems))
    }
}

/// Every reply file, relative to `root`, in a stable order; hidden files and
/// folders are skipped.
pub fn reply_files(root: &Path) -> Vec<PathBuf> {
    let dir = root.join("submissions");
    let mut files: Vec<PathBuf> = WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            matches!(
                e.path().extension().and_then(|x| x.to_str()),
                Some("yaml" | "yml")
            )
        })
        .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .collect();
    files.sort();
    files
}

/// Reads a file the user wrote, refusing what is not a small UTF-8 text.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let path = root.join(rel);
    let meta = fs::metadata(&path)
        .map_err(|e| Diagnostic::error(rel, 0, 0, format!("cannot read the file: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            rel,
            0,
            0,
            format!(
                "the file is {} bytes; the limit is 1 MiB ({MAX_FILE_BYTES} bytes)",
                meta.len()
            ),
        ));
    }
    let bytes = fs::read(&path)
        .map_err(|e| Diagnostic::error(rel, 0, 0, format!("cannot read the file: {e}")))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let column = at
                - bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1)
                + 1;
            return Err(Diagnostic::error(
                rel,
                line,
                column,
                format!("the file is not UTF-8 text (byte {at})"),
            )
            .with_help("save the file as UTF-8"));
        }
    };
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

/// `submissions/african/kenya.yaml` -> `african-kenya`: a footnote label prefix
/// unique to the file.
fn footnote_prefix(rel: &Path) -> String {
    let stem = rel
        .strip_prefix("submissions")
        .unwrap_or(rel)
        .with_extension("");
    let slug = crate::escape::slug(&stem.to_string_lossy());
    slug.trim_matches('-').to_string()
}
