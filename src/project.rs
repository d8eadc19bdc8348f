//! A report project's layout, its files and folders named in one place
//! ([`ProjectLayout`]), and finding the project a command runs on, as cargo
//! finds `Cargo.toml`: the folder given (default: the current one) or the
//! nearest folder above it that holds a `report.yaml`.

use std::path::{Path, PathBuf};

/// The file that makes a folder a report project.
pub const MARKER: &str = REPORT_YAML;

/// The report's settings, relative to the project folder.
pub const REPORT_YAML: &str = "report.yaml";
/// The replies' folder, relative to the project folder.
pub const SUBMISSIONS: &str = "submissions";
/// The project's own templates, relative to the project folder.
pub const TEMPLATES: &str = "templates";
/// The project's own fonts, relative to the project folder.
pub const FONTS: &str = "fonts";
/// What sgreport writes, relative to the project folder.
pub const OUTPUT: &str = "output";

/// Where each part of the project at `root` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectLayout {
    root: PathBuf,
}

impl ProjectLayout {
    pub fn new(root: &Path) -> ProjectLayout {
        ProjectLayout {
            root: root.to_path_buf(),
        }
    }

    /// `report.yaml`
    pub fn report_yaml(&self) -> PathBuf {
        self.root.join(REPORT_YAML)
    }

    /// `submissions/`
    pub fn submissions(&self) -> PathBuf {
        self.root.join(SUBMISSIONS)
    }

    /// `templates/`
    pub fn templates(&self) -> PathBuf {
        self.root.join(TEMPLATES)
    }

    /// `fonts/`
    pub fn fonts(&self) -> PathBuf {
        self.root.join(FONTS)
    }

    /// `output/`
    pub fn output(&self) -> PathBuf {
        self.root.join(OUTPUT)
    }
}

/// No `report.yaml` in the folder or any folder above it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no {MARKER} in {} or any folder above it{}", shown(.dir), missing_note(self))]
pub struct NoProject {
    /// The folder the search started from (absolute when it exists).
    pub dir: PathBuf,
    /// The folder does not exist at all.
    pub missing: bool,
}

/// ` (x does not exist)` when the folder itself is missing.
fn missing_note(e: &NoProject) -> String {
    if e.missing {
        format!(" ({} does not exist)", shown(&e.dir))
    } else {
        String::new()
    }
}

fn shown(dir: &Path) -> String {
    if dir.as_os_str().is_empty() {
        ".".to_string()
    } else {
        dir.display().to_string()
    }
}

/// The project folder for `dir`: `dir` itself when it holds a `report.yaml`
/// (returned as given, so messages keep the user's spelling), else the
/// nearest folder above it that does (an absolute path).
pub fn find_root(dir: &Path) -> Result<PathBuf, NoProject> {
    // Anything named report.yaml counts (a link, a pipe): loading it then
    // says what is wrong with it.
    let has_marker = |d: &Path| std::fs::symlink_metadata(d.join(MARKER)).is_ok();
    if has_marker(dir) {
        return Ok(dir.to_path_buf());
    }
    let no_project = |missing| NoProject {
        dir: dir.to_path_buf(),
        missing,
    };
    let absolute = dir.canonicalize().map_err(|_| no_project(true))?;
    if !absolute.is_dir() {
        return Err(no_project(true));
    }
    absolute
        .ancestors()
        .skip(1)
        .find(|d| has_marker(d))
        .map(Path::to_path_buf)
        .ok_or(NoProject {
            dir: absolute.clone(),
            missing: false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_report_yaml_upwards() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("report");
        std::fs::create_dir_all(root.join("submissions/africa")).unwrap();
        std::fs::write(root.join(MARKER), "").unwrap();
        assert_eq!(find_root(&root).unwrap(), root);
        let found = find_root(&root.join("submissions/africa")).unwrap();
        assert_eq!(found, root.canonicalize().unwrap());
    }

    #[test]
    fn says_when_there_is_none() {
        let tmp = tempfile::tempdir().unwrap();
        let e = find_root(tmp.path()).unwrap_err();
        assert!(!e.missing);
        assert_eq!(
            e.to_string(),
            format!(
                "no report.yaml in {} or any folder above it",
                tmp.path().canonicalize().unwrap().display()
            )
        );
        let gone = tmp.path().join("nowhere");
        let e = find_root(&gone).unwrap_err();
        assert!(e.missing);
        assert!(e.to_string().ends_with("does not exist)"), "{e}");
    }
}
