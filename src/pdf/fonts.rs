//! The body face: Times New Roman where installed, else Liberation Serif (its
//! metric-compatible stand-in), else the serif typst carries with it. Found by
//! file name once per build, so typst never scans the system's fonts.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontChoice {
    /// The family name the layout asks for.
    pub family: String,
    /// The files to give typst; empty for the embedded face.
    pub files: Vec<PathBuf>,
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

fn font_dirs() -> Vec<PathBuf> {
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

pub fn choose_font() -> FontChoice {
    let dirs = font_dirs();
    for (family, names) in CANDIDATES {
        let files = find_files(&dirs, names);
        if !files.is_empty() {
            return FontChoice {
                family: family.to_string(),
                files,
            };
        }
    }
    FontChoice {
        family: EMBEDDED_SERIF.to_string(),
        files: Vec::new(),
    }
}

fn find_files(dirs: &[PathBuf], names: &[&str]) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = dirs
        .iter()
        .filter(|d| Path::new(d).is_dir())
        .flat_map(|d| {
            WalkDir::new(d)
                .max_depth(4)
                .into_iter()
                .filter_map(Result::ok)
        })
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| names.iter().any(|c| c.eq_ignore_ascii_case(n)))
        })
        .map(|e| e.into_path())
        .collect();
    found.sort();
    found
}
