//! The body face: Times New Roman where installed, else Liberation Serif (its
//! metric-compatible stand-in), else the serif typst carries with it. Found by
//! file name, so typst never scans the system's fonts. (The answer was once
//! remembered between builds; measured on the fixture, forgetting it cost
//! no build 5 %, on this machine's fonts or with 3,000 font files, so each
//! build now looks.)

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontChoice {
    /// The family name the layout asks for.
    pub family: String,
    /// The files to give typst; empty for the embedded face.
    pub files: Vec<PathBuf>,
    /// The project's own fonts (`fonts/*.ttf|otf|ttc`), also given to typst:
    /// it falls back to them for characters the body face lacks.
    pub project_fonts: Vec<PathBuf>,
}

/// The embedded serif of typst, always available.
pub const EMBEDDED_SERIF: &str = "Libertinus Serif";

const CANDIDATES: &[(&str, &[&str])] = &[
    (
        "Times New Roman",
        &[
            "times.ttf",
            "timesbd.ttf",
            "timesi.ttf",
            "timesbi.ttf",
            "Times_New_Roman.ttf",
            "Times_New_Roman_Bold.ttf",
            "Times_New_Roman_Italic.ttf",
            "Times_New_Roman_Bold_Italic.ttf",
            "Times New Roman.ttf",
            "Times New Roman Bold.ttf",
            "Times New Roman Italic.ttf",
            "Times New Roman Bold Italic.ttf",
        ],
    ),
    (
        "Liberation Serif",
        &[
            "LiberationSerif-Regular.ttf",
            "LiberationSerif-Bold.ttf",
            "LiberationSerif-Italic.ttf",
            "LiberationSerif-BoldItalic.ttf",
        ],
    ),
];

/// The variable that replaces the system's font folders with its own list
/// (`:`-separated, as `PATH`; empty: none, so the body face is the embedded
/// serif): a build that must not depend on the fonts of the machine.
pub const FONT_DIRS_VAR: &str = "SGREPORT_FONT_DIRS";

/// The folders searched for the body face: [`FONT_DIRS_VAR`] when set, else
/// the system's and the user's font folders.
fn font_dirs() -> Vec<PathBuf> {
    if let Some(list) = std::env::var_os(FONT_DIRS_VAR) {
        return std::env::split_paths(&list)
            .filter(|d| !d.as_os_str().is_empty())
            .collect();
    }
    let mut dirs: Vec<PathBuf> = [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/Library/Fonts",
        "/System/Library/Fonts",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".fonts"));
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    if let Some(windir) = std::env::var_os("WINDIR") {
        dirs.push(PathBuf::from(windir).join("Fonts"));
    }
    dirs
}

/// The body face of this machine, with no project fonts.
pub fn choose_font() -> FontChoice {
    // The font folders are walked once for every candidate's files.
    let all: Vec<&str> = CANDIDATES
        .iter()
        .flat_map(|(_, n)| n.iter().copied())
        .collect();
    pick(&find_files(&font_dirs(), &all))
}

/// The first candidate with files among `found`, else the embedded serif.
fn pick(found: &[PathBuf]) -> FontChoice {
    for (family, names) in CANDIDATES {
        let files: Vec<PathBuf> = found
            .iter()
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| is_one_of(n, names))
            })
            .cloned()
            .collect();
        if !files.is_empty() {
            return FontChoice {
                family: family.to_string(),
                files,
                project_fonts: Vec::new(),
            };
        }
    }
    FontChoice {
        family: EMBEDDED_SERIF.to_string(),
        files: Vec::new(),
        project_fonts: Vec::new(),
    }
}

/// [`choose_font`], with the font files of the project in `root`.
pub fn choose_font_for(root: &Path) -> FontChoice {
    FontChoice {
        project_fonts: project_fonts(root),
        ..choose_font()
    }
}

/// The font files a project brings: `.ttf`, `.otf`, `.ttc` (any letter case)
/// directly in `root/fonts`, sorted; none when there is no such folder.
/// Only those [`font_problems`] has nothing against are given.
pub fn project_fonts(root: &Path) -> Vec<PathBuf> {
    font_names(root)
        .into_iter()
        .filter(|rel| font_problem(root, rel).is_none())
        .map(|rel| root.join(rel))
        .collect()
}

/// An error for each font file in `root/fonts` that typst must not be given:
/// a link leading out of the project (typst's `read` would print what it
/// points to), a pipe, a device or a folder, or a file over
/// [`crate::read::MAX_FONT_BYTES`].
pub fn font_problems(root: &Path) -> Vec<crate::diag::Diagnostic> {
    font_names(root)
        .iter()
        .filter_map(|rel| font_problem(root, rel))
        .collect()
}

fn font_problem(root: &Path, rel: &Path) -> Option<crate::diag::Diagnostic> {
    crate::read::inside_project(root, rel)
        .and_then(|_| crate::read::plain_file(root, rel, crate::read::MAX_FONT_BYTES))
        .err()
}

/// `fonts/<name>` for each name with a font's extension in `root/fonts`,
/// whatever it is, sorted.
fn font_names(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(crate::project::ProjectLayout::new(root).fonts()) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| Path::new("fonts").join(e.file_name()))
        .filter(|p| {
            p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                ["ttf", "otf", "ttc"]
                    .iter()
                    .any(|x| e.eq_ignore_ascii_case(x))
            })
        })
        .collect();
    found.sort();
    found
}

/// How deep below a font folder files are looked for.
const DEPTH: usize = 4;

/// The files named one of `names` in `dirs` (sorted); a folder that cannot
/// be read is passed over.
fn find_files(dirs: &[PathBuf], names: &[&str]) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = dirs
        .iter()
        .filter(|d| Path::new(d).is_dir())
        .flat_map(|d| WalkDir::new(d).max_depth(DEPTH).into_iter())
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.file_name().to_str().is_some_and(|n| is_one_of(n, names)))
        .map(|e| e.into_path())
        .collect();
    found.sort();
    found
}

/// Whether the file name is one of `names`, in any letter case.
fn is_one_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|c| c.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_fonts_are_the_font_files_in_fonts_sorted() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(project_fonts(dir.path()), Vec::<PathBuf>::new());
        let fonts = dir.path().join("fonts");
        std::fs::create_dir_all(fonts.join("sub")).unwrap();
        for name in [
            "b.otf",
            "a.ttf",
            "C.TTC",
            "notes.txt",
            "sub/d.ttf",
            "e.woff2",
        ] {
            std::fs::write(fonts.join(name), "").unwrap();
        }
        std::fs::create_dir(fonts.join("dir.ttf")).unwrap();
        assert_eq!(
            project_fonts(dir.path()),
            ["C.TTC", "a.ttf", "b.otf"].map(|n| fonts.join(n))
        );
        let choice = choose_font_for(dir.path());
        assert_eq!(choice.project_fonts.len(), 3);
        assert_eq!(choice.family, choose_font().family);
    }
}
