//! The integration-test harness: copy a fixture project into a temporary
//! folder, run the real binary on it, read what it wrote.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Project {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&src, dir.path());
        Project { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path().join(rel)).unwrap();
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_sgreport"))
            .args(args)
            .current_dir(self.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .expect("run sgreport");
        Run { output }
    }

    /// `sgreport build --no-pdf`, which must succeed.
    pub fn build_markdown(&self) {
        self.run(&["build", "--no-pdf"]).success();
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn bytes(&self, rel: &str) -> Vec<u8> {
        fs::read(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Every file in `output/` with its bytes. The build's lock file is not
    /// an output (a build takes it before reading any input, so even a build
    /// that fails creates it).
    pub fn output_files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut v: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(self.path().join("output"))
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter(|e| e.file_name() != ".sgreport.lock")
                    .map(|e| (e.path(), fs::read(e.path()).unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }
}

pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    pub fn success(&self) -> &Self {
        assert_eq!(
            self.code(),
            0,
            "sgreport failed:\n{}\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
}

fn copy_tree(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(src).unwrap();
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Numbers of the numbered paragraphs (`12. ` at the start of a line), in order.
pub fn paragraph_numbers(md: &str) -> Vec<u32> {
    md.lines()
        .filter_map(|l| {
            let digits: String = l.chars().take_while(char::is_ascii_digit).collect();
            (!digits.is_empty() && l[digits.len()..].starts_with(". "))
                .then(|| digits.parse().unwrap())
        })
        .collect()
}

/// The Markdown between `<!-- sgreport:body -->` and the annexes.
pub fn body(md: &str) -> &str {
    let start = md.find("<!-- sgreport:body -->").expect("body marker");
    let end = md.find("<!-- sgreport:annexes -->").unwrap_or(md.len());
    &md[start..end]
}

/// Text of each PDF page.
pub fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(bytes).expect("PDF text")
}

/// Every whitespace run folded to one space, for matching across line breaks.
pub fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` without any white space: PDF text extraction places spaces by glyph
/// gaps (a larger first letter, a hanging number), so tests compare words
/// without spacing.
pub fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
        .collect()
}
