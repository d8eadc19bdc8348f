//! Running `typst compile` on the generated document.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{FontChoice, Typst};
use crate::output::temp_path;

pub struct CompileRequest<'a> {
    pub typst: &'a Typst,
    /// The generated document (imports `un-report.typ`).
    pub document: &'a str,
    /// The layout module `un-report.typ`.
    pub layout: &'a str,
    pub font: &'a FontChoice,
    /// PDF creation time, seconds since the epoch.
    pub timestamp: i64,
    /// Where the PDF will finally go; typst writes a temporary file beside it.
    pub target: &'a Path,
    /// Keep the sandbox folder (for --keep-typ).
    pub keep: bool,
}

#[derive(Debug)]
pub struct CompileError {
    /// typst's own message.
    pub message: String,
    /// Where typst points, first error first, then the calls that led there
    /// ("while calling `para` at document.typ:58:1"): file (`document.typ` or
    /// the layout), line number, and the text of that line.
    pub locations: Vec<(String, usize, String)>,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Compiles in a fresh sandbox folder that holds only the document, the layout
/// and links to the chosen font files; typst's root is that folder, so nothing
/// outside it can be read, and its package paths are empty folders inside it, so
/// no package can be fetched. Returns the temporary PDF's path.
pub fn compile(req: &CompileRequest) -> Result<PathBuf, CompileError> {
    let io = |what: &str, e: std::io::Error| CompileError {
        message: format!("{what}: {e}"),
        locations: Vec::new(),
    };
    let out_dir = req.target.parent().unwrap_or(Path::new("."));
    let sandbox = temp_path(&out_dir.join("typst-build"));
    let fonts = sandbox.join("fonts");
    let packages = sandbox.join("no-packages");
    fs::create_dir_all(&fonts).map_err(|e| io("cannot create the build folder", e))?;
    fs::create_dir_all(&packages).map_err(|e| io("cannot create the build folder", e))?;
    let guard = SandboxGuard {
        dir: sandbox.clone(),
        keep: req.keep,
    };
    fs::write(sandbox.join("document.typ"), req.document)
        .map_err(|e| io("cannot write document.typ", e))?;
    fs::write(
        sandbox.join(super::super::render::typst::LAYOUT_FILE),
        req.layout,
    )
    .map_err(|e| io("cannot write the layout", e))?;
    for (i, f) in req.font.files.iter().enumerate() {
        let name = format!(
            "{i}-{}",
            f.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        link_or_copy(f, &fonts.join(name)).map_err(|e| io("cannot link a font file", e))?;
    }
    // typst runs inside the sandbox, so its messages name `document.typ` and
    // the layout by their plain names.
    let sandbox =
        std::path::absolute(&sandbox).map_err(|e| io("cannot find the build folder", e))?;
    let fonts = sandbox.join("fonts");
    let packages = sandbox.join("no-packages");
    let pdf = std::path::absolute(temp_path(req.target))
        .map_err(|e| io("cannot find the output folder", e))?;
    let output = Command::new(&req.typst.program)
        .current_dir(&sandbox)
        .arg("--color")
        .arg("never")
        .arg("compile")
        .arg("--root")
        .arg(&sandbox)
        .arg("--ignore-system-fonts")
        .arg("--font-path")
        .arg(&fonts)
        .arg("--package-path")
        .arg(&packages)
        .arg("--package-cache-path")
        .arg(&packages)
        .arg("--creation-timestamp")
        .arg(req.timestamp.to_string())
        .arg("--input")
        .arg(format!("font={}", req.font.family))
        .arg("--format")
        .arg("pdf")
        .arg("document.typ")
        .arg(&pdf)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("TYPST_ROOT")
        .env_remove("TYPST_FONT_PATHS")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| io(&format!("cannot run {}", req.typst.program.display()), e))?;
    drop(guard);
    if !output.status.success() {
        let _ = fs::remove_file(&pdf);
        // Paths inside the sandbox mean nothing to the user once it is gone.
        let prefix = format!("{}{}", sandbox.display(), std::path::MAIN_SEPARATOR);
        let stderr = String::from_utf8_lossy(&output.stderr)
            .replace(&prefix, "")
            .trim()
            .to_string();
        let locations = locations(&stderr)
            .into_iter()
            .filter_map(|(file, n)| {
                let text = if file == "document.typ" {
                    req.document
                } else {
                    req.layout
                };
                text.lines()
                    .nth(n.checked_sub(1)?)
                    .map(|l| (file, n, l.to_string()))
            })
            .collect();
        return Err(CompileError {
            message: stderr,
            locations,
        });
    }
    Ok(pdf)
}

/// Every `name.typ:line:col` typst's message mentions, in order, once each.
fn locations(stderr: &str) -> Vec<(String, usize)> {
    let mut found: Vec<(String, usize)> = Vec::new();
    for word in stderr.split_whitespace() {
        let Some(end) = word.find(".typ:") else {
            continue;
        };
        let file = word[..end + 4]
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default()
            .to_string();
        let Some(line) = word[end + 5..]
            .split(':')
            .next()
            .and_then(|n| n.parse().ok())
        else {
            continue;
        };
        if !found.contains(&(file.clone(), line)) {
            found.push((file, line));
        }
    }
    found
}

fn link_or_copy(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(from, to)
    }
    #[cfg(not(unix))]
    {
        fs::copy(from, to).map(|_| ())
    }
}

struct SandboxGuard {
    dir: PathBuf,
    keep: bool,
}

impl Drop for SandboxGuard {
    fn drop(&mut self) {
        if !self.keep {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
