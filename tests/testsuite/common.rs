//! The integration-test harness: copy a fixture project into a temporary
//! folder, run the real binary on it, read what it wrote. One full build of
//! the `small` fixture is shared by the tests that only read its outputs
//! ([`shared_build`]). The last section holds every call the tests make into
//! the library.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// `tests/fixtures/<name>`, the original (tests work on copies).
pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// What a build keeps in `output/` that is not an output: sgreport's state
/// folder (its lock, taken before any input is read, so even a build that
/// fails makes it; the commit's journal; the outputs the last build
/// replaced, which the next one removes; the work folder).
pub const NOT_OUTPUTS: [&str; 1] = [".sgreport"];

/// The day every run of sgreport takes for today (`SGREPORT_TODAY`): long
/// after the fixtures' replies (2004), so none of them is "still to come".
pub const TODAY: &str = "2026-03-02";

pub struct Project {
    pub dir: tempfile::TempDir,
    /// The home of this project's runs (see [`Project::command`]).
    pub home: tempfile::TempDir,
}

impl Project {
    /// An empty folder, for a test that writes its own project.
    pub fn empty() -> Project {
        Project {
            dir: tempfile::tempdir().expect("temp dir"),
            home: hermetic_home(),
        }
    }

    /// The `small` fixture with figures: its statistic drawn as bars, and a
    /// second statistic (persons convicted, 2000-2003) drawn as lines.
    pub fn fixture_with_two_charts() -> Project {
        let p = Project::fixture("small");
        let report = p.read("report.yaml").replace(
            "    years: [2001, 2002, 2003]",
            "    years: [2001, 2002, 2003]\n    chart: bars\n  - key: convictions\n    label: Persons convicted of kidnapping\n    years: [2000, 2001, 2002, 2003]\n    chart: lines",
        );
        p.write("report.yaml", &report);
        p
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Project {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&fixture_dir(name), dir.path());
        Project {
            dir,
            home: hermetic_home(),
        }
    }

    /// `sgreport`, run in the project, in an environment of its own: its
    /// own `HOME` and sgreport cache (the pinned typst linked in, so
    /// nothing is installed again; no typst version or font record shared
    /// with the user or another test), no system font folders (the body
    /// face is typst's embedded Libertinus Serif on every machine, whatever
    /// fonts it has), "today" fixed at [`TODAY`] (the clock is never read),
    /// no colour settings of the user's, and no `SOURCE_DATE_EPOCH` (the
    /// PDF's date is the report's). The time zone and language are the
    /// caller's: the suite passes under any (run it under another `TZ` and
    /// `LANG` to see).
    pub fn command(&self) -> Command {
        let home = self.home.path();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sgreport"));
        cmd.current_dir(self.path())
            .env("HOME", home)
            .env("SGREPORT_CACHE", home.join("cache"))
            .env_remove("XDG_CACHE_HOME")
            .env("SGREPORT_FONT_DIRS", "")
            .env("SGREPORT_TODAY", TODAY)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("SGREPORT_TEMPLATE_TIMEOUT")
            .env_remove("SGREPORT_TYPST_TIMEOUT");
        cmd
    }

    /// [`Project::command`] run through `program` (`setpriv`, say) with
    /// `args` before the binary: the same folder and environment.
    pub fn command_through(&self, program: &str, args: &[&str]) -> Command {
        let own = self.command();
        let mut cmd = Command::new(program);
        cmd.args(args)
            .arg(own.get_program())
            .current_dir(self.path());
        for (key, value) in own.get_envs() {
            match value {
                Some(v) => cmd.env(key, v),
                None => cmd.env_remove(key),
            };
        }
        cmd
    }

    /// [`Project::command`] that cannot read what its permissions forbid:
    /// as root, run through `setpriv` without the read-anything
    /// capabilities (a test of an unreadable file means nothing otherwise).
    #[cfg(unix)]
    pub fn command_bound_by_permissions(&self) -> Command {
        let as_root = unsafe { libc::geteuid() } == 0;
        if as_root {
            self.command_through(
                "setpriv",
                &["--bounding-set=-dac_override,-dac_read_search"],
            )
        } else {
            self.command()
        }
    }

    /// `sgreport args`, run in `cwd` (a sub-folder, or a folder outside any
    /// project) with this project's environment ([`Project::command`]).
    pub fn run_in(&self, cwd: &Path, args: &[&str]) -> Run {
        let output = self
            .command()
            .current_dir(cwd)
            .args(args)
            .output()
            .expect("run sgreport");
        Run { output }
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
        self.run_with_env(args, &[])
    }

    /// [`Project::run`] with `vars` set in its environment.
    pub fn run_with_env(&self, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let output = self
            .command()
            .args(args)
            .envs(vars.iter().copied())
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

    /// Every file in `output/` with its bytes, but [`NOT_OUTPUTS`].
    pub fn output_files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut v: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(self.path().join("output"))
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter(|e| !NOT_OUTPUTS.iter().any(|n| e.file_name() == *n))
                    .map(|e| (e.path(), fs::read(e.path()).unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    /// The names in `output/` but [`NOT_OUTPUTS`] (temporary files
    /// included), sorted.
    pub fn output_names(&self) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(self.path().join("output"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !NOT_OUTPUTS.contains(&n.as_str()))
            .collect();
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

/// `sgreport build` (Markdown and PDF) of the `small` fixture, run once per
/// test process and shared by every test that only reads its outputs or runs
/// a command that writes nothing (`doctor`). A test that edits the project or
/// builds again takes its own copy with [`Project::fixture`].
///
/// The copy lives under cargo's `CARGO_TARGET_TMPDIR` as `shared-build-*`
/// and is kept for the whole process (a static is never dropped), so it is
/// not removed on exit: each run removes those of runs over an hour old
/// instead (and `cargo clean` removes them all).
pub fn shared_build() -> &'static Project {
    static BUILT: OnceLock<Project> = OnceLock::new();
    BUILT.get_or_init(|| {
        let parent = Path::new(env!("CARGO_TARGET_TMPDIR"));
        remove_old_shared_builds(parent);
        let dir = tempfile::Builder::new()
            .prefix("shared-build-")
            .tempdir_in(parent)
            .expect("temp dir");
        copy_tree(&fixture_dir("small"), dir.path());
        let p = Project {
            dir,
            home: hermetic_home(),
        };
        p.run(&["build"]).success();
        p
    })
}

/// A home for one project's runs: an empty sgreport cache in which the
/// pinned typst (found or installed once, the way a build does) is linked
/// where a build looks for it, unless it is on `PATH` anyway.
fn hermetic_home() -> tempfile::TempDir {
    static PINNED: OnceLock<PathBuf> = OnceLock::new();
    let program = PINNED.get_or_init(pinned_typst);
    let home = tempfile::tempdir().expect("temp dir");
    let cache = home.path().join("cache/typst");
    fs::create_dir_all(&cache).unwrap();
    // `<cache>/typst/0.15.1/bin/typst`: link the version's folder.
    if let Some(version_dir) = program.parent().and_then(Path::parent) {
        if program.ends_with("bin/typst") {
            #[cfg(unix)]
            std::os::unix::fs::symlink(version_dir, cache.join(version_dir.file_name().unwrap()))
                .unwrap();
        }
    }
    home
}

fn remove_old_shared_builds(parent: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in fs::read_dir(parent).into_iter().flatten().flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < hour_ago);
        if old
            && entry
                .file_name()
                .to_string_lossy()
                .starts_with("shared-build-")
        {
            let _ = fs::remove_dir_all(entry.path());
        }
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

// ---------------------------------------------------------------------------
// The library, as the tests call it. Every `sgreport::` path the test suite
// uses is in this section and nowhere else, so a change of the library's API
// (`sgreport::api`, its only public part besides the command line) is an
// edit here, not in the tests.

/// The templates built into the binary, `(file name, text)`.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = sgreport::api::BUILTIN_TEMPLATES;

/// The Markdown of each document (the report, then its addendum if any) of the
/// project at `root`, rendered in-process as `sgreport build` renders it.
/// Panics if the project does not check or render.
pub fn render_fixture_markdown(root: &Path) -> Vec<String> {
    sgreport::api::prepare(root)
        .expect("fixture checks and renders")
        .documents
        .into_iter()
        .map(|doc| doc.markdown)
        .collect()
}

/// The Typst of each document of the project in `root` (the report, then
/// its addendum), from the Document the build makes.
pub fn render_fixture_typst(root: &std::path::Path) -> Vec<String> {
    sgreport::api::prepare(root)
        .expect("fixture checks and renders")
        .documents
        .iter()
        .map(|doc| sgreport::api::render_typst(&doc.document).text)
        .collect()
}

/// The Typst source for a Markdown draft (numbers as typed).
pub fn to_typst(markdown: &str) -> String {
    sgreport::api::to_typst(markdown)
}

/// A rendered document with its paragraphs numbered.
pub fn number_paragraphs(markdown: &str) -> String {
    sgreport::api::to_markdown(&sgreport::api::number_markdown(markdown))
}

/// An answer's text made safe (`Some(markdown)`), or `None` if it is refused.
pub fn sanitise_answer(text: &str, footnote_prefix: &str) -> Option<String> {
    sgreport::api::sanitise_answer(text, footnote_prefix)
        .ok()
        .map(|safe| safe.markdown)
}

/// The Markdown extensions replies may use.
pub fn answer_markdown_options() -> pulldown_cmark::Options {
    sgreport::api::markdown_options()
}

/// Parses `text` as a reply (`r.yaml`) against the `small` fixture's
/// report.yaml; `true` if it is a valid reply.
pub fn parse_as_reply(text: &str) -> bool {
    static CONFIG: OnceLock<sgreport::api::ReportConfig> = OnceLock::new();
    let config = CONFIG.get_or_init(|| {
        let text = fs::read_to_string(fixture_dir("small").join("report.yaml")).unwrap();
        sgreport::api::ReportConfig::parse(Path::new("report.yaml"), &text)
            .unwrap_or_else(|e| panic!("the small fixture's report.yaml: {e:?}"))
    });
    sgreport::api::parse_reply(Path::new("r.yaml"), text, config, "r").is_ok()
}

/// Parses `text` as a report.yaml; `true` if it is valid.
pub fn parse_as_report_yaml(text: &str) -> bool {
    sgreport::api::ReportConfig::parse(Path::new("report.yaml"), text).is_ok()
}

/// The number of words `sgreport status` counts in a Markdown document.
pub fn count_words(markdown: &str) -> usize {
    sgreport::api::count_words(markdown).total
}

/// The pinned typst, found or installed the way a build does; its program.
/// Panics if it cannot be had or is not the pinned version.
pub fn pinned_typst() -> PathBuf {
    let typst = sgreport::api::ensure_typst(&|m| eprintln!("{m}")).expect("the pinned typst");
    assert!(typst.is_pinned());
    typst.program
}

/// Every filter a template may use: sgreport's, then Tera's.
pub fn template_filters() -> Vec<&'static str> {
    sgreport::api::all_filters()
}

/// `text` with typographic quotes, as every output prints it.
pub fn typographic_quotes(text: &str) -> String {
    sgreport::api::typographic_quotes(text, None)
}
