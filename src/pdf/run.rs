//! Compiling the generated document with `typst compile`, in a sandbox
//! folder: what typst is given (a [`Launch`] and the document), its command
//! line, and its time limit. The process itself is [`super::process`].

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::process::{Running, Waiting};
use super::sandbox::{Room, Sandbox};
use super::{FontChoice, Typst};

/// How typst is started for one PDF: everything but the document.
#[derive(Debug, Clone, Copy)]
pub struct Launch<'a> {
    pub typst: &'a Typst,
    pub font: &'a FontChoice,
    /// PDF creation time, seconds since the epoch.
    pub timestamp: i64,
    /// Where the PDF will finally go (it names the PDF in messages).
    pub target: &'a Path,
    /// A folder of the caller's own where the PDF is left for the caller to
    /// move into place (a build's is `output/.sgreport/work/`), and where a
    /// fresh folder for typst is made.
    pub work: &'a Path,
    /// The folder typst runs in: kept between builds, or new.
    pub room: Room<'a>,
    /// How many threads typst may use (only the time changes, never the
    /// PDF).
    pub threads: Threads,
    /// The PDF standards typst declares and enforces.
    pub standards: Standards,
}

/// The standards a PDF declares and meets: typst checks the document
/// against them and refuses one that does not meet them, so a PDF it writes
/// is accessible (tagged for screen readers) and archival.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standards {
    /// PDF/UA-1 (accessible) and PDF/A-2a (archival, with the tags that
    /// PDF/A's level A asks for): every PDF by default.
    #[default]
    AccessibleArchival,
    /// None: for a document that cannot meet them (`--no-pdf-standards`);
    /// the PDF is still tagged, as typst tags every PDF.
    Off,
}

impl Standards {
    /// typst's `--pdf-standard` value, if any.
    fn typst_value(self) -> Option<&'static str> {
        match self {
            Standards::AccessibleArchival => Some("ua-1,a-2a"),
            Standards::Off => None,
        }
    }
}

/// How many threads one typst compile may use (typst's `--jobs`).
///
/// Compiles run side by side, one typst each. typst's default, a thread per
/// processor, lets each of them take every processor; with two PDFs on two
/// processors their threads then stand in each other's way. So the compile
/// that takes longest (the one with the largest document) keeps typst's
/// default and every shorter one beside it gets one thread, which a short
/// document does not miss: measured on two processors, the fixture's
/// addendum alone compiles in the same 24 ms with one thread as with two,
/// and whole builds of 6, 10 and 45 replies were 3-6 % faster with it.
/// (Every compile on one thread was faster still for the 6 replies, but
/// 3-7 % slower for 10 and 45: a long report uses the second processor
/// once the addendum is done.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    /// typst's default: one per processor.
    All,
    /// One thread (`--jobs 1`): a shorter compile beside a longer one.
    One,
}

impl Threads {
    /// For compile `i` of compiles of `lens` bytes of Typst each, in the
    /// order they start: [`Threads::All`] for the first of the largest, one
    /// thread for every other.
    pub fn among(lens: &[usize], i: usize) -> Threads {
        let first_longest = (0..lens.len()).rev().max_by_key(|&j| lens[j]);
        if first_longest == Some(i) {
            Threads::All
        } else {
            Threads::One
        }
    }
}

/// One PDF to compile.
#[derive(Debug, Clone, Copy)]
pub struct CompileRequest<'a> {
    pub launch: Launch<'a>,
    /// The generated document (imports `un-report.typ`).
    pub document: &'a str,
    /// The layout module `un-report.typ`.
    pub layout: &'a str,
}

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CompileError {
    /// typst was stopped at its time limit: the document or layout (the
    /// user's input) is too much for it.
    pub timed_out: bool,
    /// typst's own message.
    pub message: String,
    /// Where typst points, first error first, then the calls that led there
    /// ("while calling `para` at document.typ:58:1"): file (`document.typ` or
    /// the layout), line number, and the text of that line.
    pub locations: Vec<(String, usize, String)>,
}

impl CompileError {
    /// Whether typst rejected what it was given (it points at a line of the
    /// document or the layout), or stopped it at the time limit (the
    /// document or layout is too much for it): a problem in the user's
    /// input, not in the tool (which could not run typst).
    pub fn is_in_the_input(&self) -> bool {
        self.timed_out || !self.locations.is_empty()
    }
}

impl CompileError {
    /// Whether typst refused the document for not meeting the PDF standards
    /// ([`Standards`]): its message then names the standard.
    pub fn is_against_the_standards(&self) -> bool {
        ["PDF/UA-1 error:", "PDF/A-2a error:"]
            .iter()
            .any(|p| self.message.contains(p))
    }
}

/// What to do about a document typst refused for the standards.
pub const STANDARDS_HELP: &str = "help: every PDF must meet PDF/UA-1 (accessible) and \
PDF/A-2a (archival): fix what typst names (in the project's un-report.typ or templates), \
or, for a document that cannot meet them, run again with --no-pdf-standards";

/// How long one typst compile may run when neither the caller
/// ([`compile_within`]) nor `SGREPORT_TYPST_TIMEOUT` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

/// Where typst would fetch a package from, should a download get past the
/// certificate it cannot read ([`typst_args`]): a local port nothing listens
/// on (discard), so the attempt fails at once instead of reaching out.
pub(super) const NO_PROXY_HERE: &str = "http://127.0.0.1:9";

/// `SGREPORT_TYPST_TIMEOUT` set to something other than a positive number
/// of seconds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("SGREPORT_TYPST_TIMEOUT is {value:?}; it must be a positive number of seconds")]
pub struct BadTimeout {
    pub value: String,
}

/// The time limit of a typst compile: `SGREPORT_TYPST_TIMEOUT` (seconds, a
/// positive number) when set, else [`DEFAULT_TIMEOUT`].
pub fn timeout_from_env() -> Result<Duration, BadTimeout> {
    match std::env::var("SGREPORT_TYPST_TIMEOUT") {
        Ok(v) if !v.trim().is_empty() => parse_timeout(&v),
        _ => Ok(DEFAULT_TIMEOUT),
    }
}

fn parse_timeout(v: &str) -> Result<Duration, BadTimeout> {
    v.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s < 1e9)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| BadTimeout {
            value: v.to_string(),
        })
}

/// Compiles in a fresh sandbox folder that holds only the layout and links
/// to the chosen font files (the document reaches typst on its standard
/// input); typst's root is that folder, so nothing outside it can be read,
/// and its package paths are a missing folder inside it, so no package is
/// found (and its proxy leads nowhere, should it try to download one).
/// Stopped after [`timeout_from_env`]. Returns the temporary PDF's path.
pub fn compile(req: &CompileRequest) -> Result<PathBuf, CompileError> {
    let timeout = timeout_from_env().map_err(|e| plain(e.to_string()))?;
    compile_within(req, timeout)
}

/// [`compile`] with an explicit time limit: a typst still running after
/// `timeout` is killed, its files are removed, and the error says so.
pub fn compile_within(req: &CompileRequest, timeout: Duration) -> Result<PathBuf, CompileError> {
    start(req, timeout)?.finish()
}

/// Starts typst on `req` and returns at once; the time limit counts from
/// here.
pub fn start(req: &CompileRequest, timeout: Duration) -> Result<Running, CompileError> {
    // Refused before typst starts at all.
    super::process::refuse_packages(req.layout)?;
    start_waiting(&req.launch)?.feed(req.document, req.layout, timeout)
}

/// Starts typst for `launch`; it loads until it is given the document
/// ([`Waiting::feed`]).
fn start_waiting(launch: &Launch) -> Result<Waiting, CompileError> {
    let sandbox = Sandbox::create(launch)?;
    let args = typst_args(launch, &sandbox.dir, &sandbox.pdf());
    Waiting::spawn(launch, &args, sandbox)
        .map_err(|e| io(&format!("cannot run {}", launch.typst.program.display()), e))
}

pub(super) fn io(what: &str, e: std::io::Error) -> CompileError {
    plain(format!("{what}: {e}"))
}

pub(super) fn plain(message: String) -> CompileError {
    CompileError {
        timed_out: false,
        message,
        locations: Vec::new(),
    }
}

/// `300 s`, `1.5 s`.
pub(super) fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.1} s")
    }
}

/// typst's command line, run inside the sandbox `dir`; the document is read
/// from standard input (`-`).
fn typst_args(launch: &Launch, dir: &Path, pdf: &Path) -> Vec<OsString> {
    // Never created: typst finds no package there.
    let packages = dir.join("no-packages");
    let mut args: Vec<OsString> = ["--color", "never", "--cert"].map(OsString::from).into();
    // typst reads its custom certificate before it makes any request, and a
    // certificate it cannot read ends the request there: with this one
    // (never created) a package download fails before any connection is
    // attempted. typst 0.15 has no switch to work offline.
    args.push(packages.join("no-certificate.pem").into());
    args.extend(["compile", "--root"].map(OsString::from));
    args.push(dir.into());
    args.push("--ignore-system-fonts".into());
    args.push("--font-path".into());
    args.push(dir.into());
    for flag in ["--package-path", "--package-cache-path"] {
        args.push(flag.into());
        args.push(packages.clone().into());
    }
    args.push(timestamp_arg(launch.timestamp).into());
    args.push("--input".into());
    args.push(format!("font={}", launch.font.family).into());
    if launch.threads == Threads::One {
        args.extend(["--jobs", "1"].map(OsString::from));
    }
    if let Some(standards) = launch.standards.typst_value() {
        args.push("--pdf-standard".into());
        args.push(standards.into());
    }
    args.extend(["--format", "pdf", "-"].map(OsString::from));
    args.push(pdf.into());
    args
}

/// The creation times typst 0.15.1 writes into a PDF: 0000-01-01T00:00:00Z
/// to 9999-12-31T23:59:59Z (a PDF date has four digits for the year). Outside
/// them, typst silently leaves the date out, and beyond about 262,000 years it
/// refuses to run ("creation timestamp is out of range"); so a time outside
/// is set to the nearest end.
const EARLIEST_TIMESTAMP: i64 = -62_167_219_200;
const LATEST_TIMESTAMP: i64 = 253_402_300_799;

/// `--creation-timestamp=<n>`, one word: written as two, a negative time (a
/// document dated before 1970) is read by typst as an unknown option
/// ("unexpected argument '-1' found") and no PDF is made.
fn timestamp_arg(ts: i64) -> String {
    let ts = ts.clamp(EARLIEST_TIMESTAMP, LATEST_TIMESTAMP);
    format!("--creation-timestamp={ts}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::locate::TypstSource;
    use crate::pdf::Typst;
    use std::fs;

    /// A launch of `typst` making `target`, dated `timestamp`, with typst's
    /// own threads, in a new folder.
    pub(super) fn launch<'a>(
        typst: &'a Typst,
        font: &'a FontChoice,
        target: &'a Path,
        timestamp: i64,
    ) -> Launch<'a> {
        Launch {
            typst,
            font,
            timestamp,
            target,
            work: target.parent().unwrap_or(Path::new(".")),
            room: Room::Fresh,
            standards: Standards::default(),
            threads: Threads::All,
        }
    }

    fn font() -> FontChoice {
        FontChoice {
            family: "Libertinus Serif".into(),
            files: Vec::new(),
            project_fonts: Vec::new(),
        }
    }

    #[test]
    fn the_creation_time_is_one_word_even_before_1970() {
        assert_eq!(
            timestamp_arg(-157_766_400),
            "--creation-timestamp=-157766400"
        );
        assert_eq!(timestamp_arg(0), "--creation-timestamp=0");
        assert_eq!(
            timestamp_arg(5_679_360_000),
            "--creation-timestamp=5679360000"
        );
        // 0000-01-01 and 9999-12-31T23:59:59, the ends of what typst writes.
        assert_eq!(timestamp_arg(i64::MIN), "--creation-timestamp=-62167219200");
        assert_eq!(timestamp_arg(i64::MAX), "--creation-timestamp=253402300799");
    }

    #[test]
    fn the_command_line_has_the_sandbox_and_no_loose_values() {
        let typst = Typst {
            program: "typst".into(),
            version: "0.15.1".into(),
            source: TypstSource::Path,
        };
        let font = font();
        let req = CompileRequest {
            launch: launch(&typst, &font, Path::new("/out/x.pdf"), -1),
            document: "",
            layout: "",
        };
        let args: Vec<String> =
            typst_args(&req.launch, Path::new("/out/sb"), Path::new("/out/x.tmp"))
                .into_iter()
                .map(|a| a.into_string().unwrap())
                .collect();
        let at = |flag: &str| args.iter().position(|a| a == flag).unwrap();
        assert_eq!(args[at("--root") + 1], "/out/sb");
        assert_eq!(args[at("--font-path") + 1], "/out/sb");
        assert_eq!(args[at("--package-path") + 1], "/out/sb/no-packages");
        assert_eq!(args[at("--package-cache-path") + 1], "/out/sb/no-packages");
        // A certificate typst cannot read, given before `compile` (it is
        // typst's own option, not the compile command's).
        assert_eq!(
            args[at("--cert") + 1],
            "/out/sb/no-packages/no-certificate.pem"
        );
        assert!(at("--cert") < at("compile"), "{args:?}");
        assert_eq!(args[at("--input") + 1], "font=Libertinus Serif");
        assert!(args.contains(&"--creation-timestamp=-1".to_string()));
        // The document comes on standard input.
        assert_eq!(args[args.len() - 2..], ["-", "/out/x.tmp"]);
        // typst's own number of threads.
        assert!(!args.contains(&"--jobs".to_string()), "{args:?}");
        // PDF/UA-1 and PDF/A-2a unless turned off.
        assert_eq!(args[at("--pdf-standard") + 1], "ua-1,a-2a");
        let off = Launch {
            standards: Standards::Off,
            ..req.launch
        };
        let args: Vec<OsString> = typst_args(&off, Path::new("/s"), Path::new("/x"));
        assert!(!args.iter().any(|a| a == "--pdf-standard"), "{args:?}");
        let one = Launch {
            threads: Threads::One,
            ..req.launch
        };
        let args: Vec<OsString> = typst_args(&one, Path::new("/s"), Path::new("/x"));
        let at = args.iter().position(|a| a == "--jobs").expect("--jobs");
        assert_eq!(args[at + 1], "1");
        assert_eq!(args[args.len() - 2..], ["-", "/x"]);
    }

    #[test]
    fn a_compile_beside_a_larger_or_equal_one_gets_one_thread() {
        assert_eq!(Threads::among(&[100], 0), Threads::All);
        assert_eq!(Threads::among(&[99, 10, 100], 2), Threads::All);
        assert_eq!(Threads::among(&[10, 100, 100], 2), Threads::One);
        assert_eq!(Threads::among(&[10, 100, 100], 1), Threads::All);
        assert_eq!(Threads::among(&[5000, 100], 1), Threads::One);
        assert_eq!(Threads::among(&[5000, 100], 0), Threads::All);
    }

    #[test]
    fn a_layout_that_imports_a_package_is_not_given_to_typst() {
        let typst = Typst {
            program: "/nonexistent/typst".into(),
            version: "0.15.1".into(),
            source: TypstSource::Env,
        };
        let font = font();
        let req = CompileRequest {
            launch: launch(&typst, &font, Path::new("/nonexistent/out/x.pdf"), 0),
            document: "",
            layout: "// layout\n#import \"@preview/x:1.0.0\": *\n",
        };
        let e = compile(&req).unwrap_err();
        assert!(
            e.message
                .starts_with("un-report.typ:2:9: the layout uses the typst package"),
            "{e}"
        );
        assert_eq!(
            e.locations,
            [(
                "un-report.typ".to_string(),
                2,
                "#import \"@preview/x:1.0.0\": *".to_string()
            )]
        );
    }

    #[test]
    fn the_time_limit_is_a_positive_number_of_seconds() {
        assert_eq!(parse_timeout("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_timeout(" 1.5 "), Ok(Duration::from_millis(1500)));
        for bad in ["0", "-3", "soon", "inf", "NaN"] {
            let e = parse_timeout(bad).unwrap_err().to_string();
            assert!(e.contains("SGREPORT_TYPST_TIMEOUT"), "{e}");
        }
        assert_eq!(seconds(Duration::from_secs(300)), "300 s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
    }

    /// Compiles `document` with `typst` into a fresh folder, stopping after
    /// `limit`; returns the result, the time taken and what is left behind.
    fn compile_in_tmp(
        typst: &Typst,
        document: &str,
        limit: Duration,
    ) -> (Result<PathBuf, CompileError>, Duration, Vec<String>) {
        compile_at(typst, document, limit, 0, |_| {})
    }

    fn compile_at(
        typst: &Typst,
        document: &str,
        limit: Duration,
        timestamp: i64,
        check: impl FnOnce(&[u8]),
    ) -> (Result<PathBuf, CompileError>, Duration, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        fs::create_dir(&out).unwrap();
        let font = font();
        let target = out.join("E_CN.15_2004_7.pdf");
        let req = CompileRequest {
            launch: launch(typst, &font, &target, timestamp),
            document,
            layout: "",
        };
        let t = std::time::Instant::now();
        let result = compile_within(&req, limit);
        let took = t.elapsed();
        if let Ok(pdf) = &result {
            check(&fs::read(pdf).unwrap());
        }
        let mut left: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        if let Ok(pdf) = &result {
            let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
            left.retain(|n| *n != name);
        }
        (result, took, left)
    }

    #[cfg(unix)]
    #[test]
    fn a_typst_that_hangs_is_stopped_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let typst = script_typst(dir.path(), "exec sleep 30");
        let e = stopped_at_one_second(&typst, "");
        assert!(
            e.message
                .starts_with("typst did not finish within 1 s making E_CN.15_2004_7.pdf"),
            "{e}"
        );
    }

    /// A document larger than a pipe holds, given to a typst that never
    /// reads it: the build is not held up writing it, and the time limit
    /// still stops typst.
    #[cfg(unix)]
    #[test]
    fn a_typst_that_never_reads_a_large_document_is_still_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let typst = script_typst(dir.path(), "exec sleep 30");
        stopped_at_one_second(&typst, &"x".repeat(4 << 20));
    }

    /// typst started early and then not needed (the input had an error) is
    /// stopped before it can read the end of its input and make a PDF of
    /// nothing; its sandbox goes with it.
    #[cfg(unix)]
    #[test]
    fn a_waiting_typst_dropped_is_stopped_before_it_reads_its_input() {
        let dir = tempfile::tempdir().unwrap();
        let mark = dir.path().join("read-to-the-end");
        let typst = script_typst(
            dir.path(),
            &format!(
                "while read -r line; do :; done\necho done > '{}'",
                mark.display()
            ),
        );
        let out = dir.path().join("output");
        fs::create_dir(&out).unwrap();
        let font = font();
        let target = out.join("E_CN.15_2004_7.pdf");
        let launch = launch(&typst, &font, &target, 0);
        let waiting = start_waiting(&launch).unwrap();
        drop(waiting);
        assert!(!mark.exists(), "typst read its input to the end");
        assert_eq!(fs::read_dir(&out).unwrap().count(), 0, "left in output/");
    }

    /// Compiles `document` with a time limit of 1 s: typst must be stopped
    /// at it, soon, leaving nothing behind. The error.
    fn stopped_at_one_second(typst: &Typst, document: &str) -> CompileError {
        let (result, took, left) = compile_in_tmp(typst, document, Duration::from_secs(1));
        let e = result.unwrap_err();
        assert!(
            e.message.starts_with("typst did not finish within 1 s"),
            "{e}"
        );
        assert!(took < Duration::from_secs(5), "took {took:?}");
        assert!(left.is_empty(), "left behind: {left:?}");
        e
    }

    /// The pinned typst, installed first if need be (as a build does): these
    /// tests never skip for want of it.
    fn pinned_typst() -> Typst {
        crate::pdf::ensure_typst(&|m| eprintln!("{m}")).expect("the pinned typst")
    }

    /// A `typst` that is the shell script `body`.
    #[cfg(unix)]
    fn script_typst(dir: &Path, body: &str) -> Typst {
        use std::os::unix::fs::PermissionsExt;
        let program = dir.join("typst");
        fs::write(&program, format!("#!/bin/sh\n{body}\n")).unwrap();
        fs::set_permissions(&program, fs::Permissions::from_mode(0o755)).unwrap();
        Typst {
            program,
            version: "0.15.1".into(),
            source: TypstSource::Env,
        }
    }

    /// A document as PDF/UA-1 wants it: with a title.
    const TITLED: &str = "#set document(title: \"Report\")\nReport";

    #[test]
    fn a_document_against_the_standards_is_told_apart() {
        let typst = pinned_typst();
        let (result, _, left) = compile_in_tmp(&typst, "Report", DEFAULT_TIMEOUT);
        let e = result.unwrap_err();
        assert!(
            e.message.contains("PDF/UA-1 error: missing document title"),
            "{e}"
        );
        assert!(e.is_against_the_standards());
        assert!(left.is_empty(), "left behind: {left:?}");
        assert!(!plain("error: expected expression".into()).is_against_the_standards());
    }

    #[test]
    fn documents_dated_1965_and_2150_compile_with_their_date() {
        let typst = pinned_typst();
        for (ts, date) in [(-157_766_400, "D:19650101"), (5_680_281_600, "D:21500101")] {
            let (result, _, left) = compile_at(&typst, TITLED, DEFAULT_TIMEOUT, ts, |pdf| {
                let text = String::from_utf8_lossy(pdf);
                assert!(text.contains(date), "no {date} in the PDF");
            });
            result.unwrap_or_else(|e| panic!("{ts}: {e}"));
            assert!(left.is_empty(), "left behind: {left:?}");
        }
    }

    #[test]
    fn project_fonts_reach_typst_and_set_what_the_body_face_lacks() {
        let typst = pinned_typst();
        // Tifinagh and Lao: in DejaVu Sans, not in typst's own fonts.
        let text = crate::pdf::TEST_FONT_TEXT;
        let without = crate::pdf::Coverage::of(&font());
        assert!(!without.missing(text).is_empty());
        let with_fonts = FontChoice {
            project_fonts: vec![PathBuf::from(crate::pdf::TEST_FONT)],
            ..font()
        };
        assert_eq!(crate::pdf::Coverage::of(&with_fonts).missing(text), []);
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("doc.pdf");
        let document = format!("{TITLED}\n{text}");
        let req = CompileRequest {
            launch: launch(&typst, &with_fonts, &target, 0),
            document: &document,
            layout: "",
        };
        let pdf = fs::read(compile(&req).unwrap()).unwrap();
        assert!(String::from_utf8_lossy(&pdf).contains("DejaVuSans"));
    }

    #[test]
    fn a_document_that_loops_forever_is_stopped_by_the_real_typst() {
        let typst = pinned_typst();
        let forever = "#for i in range(100000) { for j in range(100000) { } }\n";
        stopped_at_one_second(&typst, forever);
    }
}

/// Timings of what a compile costs besides typst itself; run with
/// `cargo test --release --lib pdf::run::cost -- --ignored --nocapture`.
#[cfg(test)]
mod cost {
    use super::*;
    use crate::pdf::locate::TypstSource;
    use crate::pdf::Typst;
    use std::time::Instant;

    #[test]
    #[ignore]
    fn sandbox_and_version_check() {
        let dir = tempfile::tempdir().unwrap();
        let font = crate::pdf::fonts::choose_font();
        let typst = Typst {
            program: "typst".into(),
            version: "0.15.1".into(),
            source: TypstSource::Path,
        };
        let layout = include_str!("../../templates/un-report.typ");
        let document = "x".repeat(60_000);
        let target = dir.path().join("doc.pdf");
        let req = CompileRequest {
            launch: super::tests::launch(&typst, &font, &target, 0),
            document: &document,
            layout,
        };
        let t = Instant::now();
        let _ = crate::pdf::fonts::choose_font();
        eprintln!("choose_font: {:?}", t.elapsed());
        let t = Instant::now();
        let c = crate::pdf::Coverage::of(&font);
        eprintln!(
            "Coverage::of (first, with the embedded fonts): {:?}, {c:?}",
            t.elapsed()
        );
        let t = Instant::now();
        let _ = crate::pdf::Coverage::of(&font);
        eprintln!("Coverage::of (again): {:?}", t.elapsed());
        let n = 200;
        let t = Instant::now();
        for _ in 0..n {
            let s = Sandbox::create(&req.launch).unwrap();
            s.write_layout(req.layout).unwrap();
            let _ = typst_args(&req.launch, &s.dir, &target);
            drop(s);
        }
        eprintln!(
            "sandbox with {} font links: {:?} per compile",
            font.files.len(),
            t.elapsed() / n
        );
        if let Ok(Some(t)) = crate::pdf::find_typst() {
            let start = Instant::now();
            for _ in 0..20 {
                let _ = crate::pdf::find_typst();
            }
            eprintln!("find_typst (remembered): {:?}", start.elapsed() / 20);
            let start = Instant::now();
            for _ in 0..20 {
                let _ = super::super::locate::ask_version_for_test(&t.program);
            }
            eprintln!("typst --version: {:?}", start.elapsed() / 20);
        }
    }
}
