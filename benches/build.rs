//! Build benchmarks: `cargo bench --bench build`.
//!
//! Everything is timed through the library's own entry points
//! ([`Builder::build`], [`prepare`], the library's `api`); the per-stage times are the
//! ones the builder records in `BuildReport::timings`, so the stage sequence
//! lives in `src/pipeline` only. Four parts:
//!
//! 1. **Stage table.** For the shipped sample and for synthetic projects of
//!    N = 40, 193 and 2,000 replies (the repository's report.yaml; Member
//!    States on its date, then invented organizations), a cold build (a fresh
//!    `Builder`) and a rebuild after one reply was edited (the same
//!    `Builder`, as in watch mode), Markdown only and with PDF: the stages
//!    (`load and check`, `templates`, `markdown`, `warnings`, `typst markup`,
//!    `typst compile`, `write`), `other` (what no stage covers: the output
//!    lock, finding typst and the font, freeing the prepared project) and
//!    the whole `Builder::build`.
//!    Medians (cold: 3 runs; rebuild: 5 runs, each after a new edit; with PDF
//!    at N >= 1,000: 1 run each). Peak memory for N >= 1,000.
//! 2. **Linear cost** (run after part 3). `build --no-pdf`, cold, at N =
//!    1,000, 2,000, 4,000 and 8,000: the time, the time per reply and the
//!    growth against the previous N (median of 3), with the stages that
//!    grow and peak memory.
//! 3. **Build overhead** (run before part 2, while this process is small). A whole `Builder::build` of a small project
//!    (Markdown and both PDFs, a fresh `Builder` so both compile) against two
//!    bare `typst compile` runs of the same generated Typst side by side,
//!    with the library's flags; medians (and the fastest) of 61 runs each,
//!    interleaved, and the CPU time of both (less disturbed by other load).
//!    A second table: the whole `sgreport build` command (a new process, as
//!    a user runs it) against the same bare compiles, also as the median of
//!    each round's ratio.
//! 4. **Keeping typst warm.** `typst compile` against a long-running
//!    `typst watch` on the sample's main document.
//! 5. **Figures' cost.** A cold build (Markdown, SVG figures and both PDFs)
//!    of the sample as shipped (two statistics with `chart:`) against the
//!    same sample with every `chart:` line removed; medians of
//!    15 runs each, interleaved (target: figures add < 20 %).
//!
//! Environment: `SGREPORT_BENCH_N=40,193` chooses the synthetic sizes of
//! the stage table (empty: none); `SGREPORT_BENCH_SKIP_PDF_2000=1` skips the
//! PDF at N >= 1,000; `SGREPORT_BENCH_LINEAR_N=1000,2000` chooses the sizes
//! of the linear-cost rows (empty: none); `SGREPORT_BENCH_SKIP_OVERHEAD=1`
//! skips the overhead rows; `SGREPORT_BENCH_SKIP_WARM=1` skips the
//! `typst watch` comparison; `SGREPORT_BENCH_SKIP_FIGURES=1` skips the
//! figures' cost; `SGREPORT_BENCH_GENERATE=DIR:N` only writes a
//! synthetic project.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use sgreport::api::{
    prepare, prepare_typst, render_typst as to_typst, reply_files, BuildOptions, Builder,
    FontChoice, IndicatorKind, MemberTable, ReportConfig, Silent, Stage, Timings, Typst,
    LAYOUT_FILE,
};

/// The stages the builder times, in the order of the table's columns.
const STAGES: [Stage; 8] = [
    Stage::Load,
    Stage::Templates,
    Stage::Markdown,
    Stage::Warnings,
    Stage::Figures,
    Stage::Typst,
    Stage::Compile,
    Stage::Write,
];

/// One build: the builder's own stage timings and the whole call.
#[derive(Clone)]
struct Run {
    timings: Timings,
    total: Duration,
    pdfs: usize,
}

impl Run {
    /// What no stage covers: the output lock, finding typst and the font,
    /// freeing the prepared project.
    fn other(&self) -> Duration {
        let staged: Duration = STAGES.iter().map(|s| self.timings.get(*s)).sum();
        self.total.saturating_sub(staged)
    }
}

/// One `Builder::build`, which must succeed.
fn build_once(builder: &mut Builder) -> Run {
    let t = Instant::now();
    let report = builder.build(&|_| {});
    let total = t.elapsed();
    if let Err(e) = &report.outcome {
        panic!("the build failed: {e}");
    }
    Run {
        timings: report.timings,
        total,
        pdfs: report.pdfs_compiled,
    }
}

fn median_run(mut v: Vec<Run>) -> Run {
    v.sort_by_key(|r| r.total);
    v.swap_remove(v.len() / 2)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// A synthetic project of `n` replies in `root`.
fn generate(root: &Path, n: usize) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let report = fs::read_to_string(manifest.join("report.yaml")).unwrap();
    let config = ReportConfig::parse(Path::new("report.yaml"), &report).unwrap();
    fs::write(root.join("report.yaml"), &report).unwrap();
    let dir = root.join("submissions/generated");
    fs::create_dir_all(&dir).unwrap();
    let members: Vec<String> = MemberTable::builtin()
        .members_on(config.date)
        .iter()
        .filter_map(|m| m.short_name_on(config.date).map(str::to_string))
        .collect();
    for i in 0..n {
        fs::write(
            dir.join(format!("{i:05}.yaml")),
            reply(i, &members, &config),
        )
        .unwrap();
    }
}

fn reply(i: usize, members: &[String], config: &ReportConfig) -> String {
    let mut y = String::from("# Synthetic reply for the build benchmark.\n");
    match members.get(i) {
        Some(name) => y.push_str(&format!("from: \"{name}\"\n")),
        None => y.push_str(&format!(
            "from: \"Invented Regional Organization No. {}\"\nkind: organization\n",
            i - members.len() + 1
        )),
    }
    // One reply in ten arrives after the cut-off: the addendum.
    let late = i % 10 == 9;
    let (month, day) = if late {
        (2, 20 + i % 8)
    } else {
        (1, 1 + i % 28)
    };
    y.push_str(&format!("received: 2004-{month:02}-{day:02}\n"));
    y.push_str(&format!("reference: NV/{i}/2004\nanswers:\n"));
    let topics = &config.topics;
    for k in 0..3 {
        let topic = &topics[(i + 2 * k) % topics.len()];
        y.push_str(&format!(
            "  {}: |\n    The reply (number {i}) described the measures taken on {}, including the \
             amendments made to the relevant laws in 2002 and 2003, the bodies responsible for \
             their application and the training given to the officials concerned.\n\n    It \
             added that cooperation with other States had been strengthened and that *further \
             measures* were under consideration.\n",
            topic.key,
            topic.heading.to_lowercase()
        ));
    }
    y.push_str("indicators:\n");
    for (k, ind) in config.indicators.iter().enumerate() {
        if (i + k) % 4 == 3 {
            continue;
        }
        match ind.kind {
            IndicatorKind::YesNo => y.push_str(&format!(
                "  {}: {}\n",
                ind.key,
                if (i + k).is_multiple_of(3) {
                    "no"
                } else {
                    "yes"
                }
            )),
            IndicatorKind::Number => {
                y.push_str(&format!("  {}: {}\n", ind.key, 10 + (i * 7 + k) % 31))
            }
        }
    }
    y.push_str("statistics:\n");
    for (k, st) in config.statistics.iter().enumerate() {
        let years: Vec<String> = st
            .years
            .iter()
            .skip((i + k) % 2)
            .map(|yr| format!("{yr}: {}", (i * 13 + *yr as usize) % 500))
            .collect();
        y.push_str(&format!("  {}: {{{}}}\n", st.key, years.join(", ")));
    }
    y
}

/// `report.yaml` and the `replies` (paths inside `from`) of the project in
/// `from`, copied into `root`.
fn copy_project(from: &Path, root: &Path, replies: impl IntoIterator<Item = PathBuf>) {
    fs::copy(from.join("report.yaml"), root.join("report.yaml")).unwrap();
    for path in replies {
        let to = root.join(&path);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(from.join(&path), to).unwrap();
    }
}

/// A copy of the repository's sample project in `root`.
fn copy_sample(root: &Path) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_project(manifest, root, reply_files(manifest));
}

/// Ten replies of the sample in `root`: its first eight on time and first
/// two late ones (so a report and an addendum), the size of the project the
/// issue on build overhead measured.
fn copy_sample_part(root: &Path) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = prepare(manifest).expect("the sample prepares");
    let config = &sample.project.config;
    let (late, on_time): (Vec<_>, Vec<_>) = sample
        .project
        .replies
        .iter()
        .partition(|r| config.is_late(r.received));
    let chosen = on_time.iter().take(8).chain(late.iter().take(2));
    let rel = |file: &Path| file.strip_prefix(manifest).unwrap_or(file).to_path_buf();
    copy_project(manifest, root, chosen.map(|r| rel(&r.file)));
}

/// Edits the printed text of one reply of the main report: the first answer
/// line of the first reply file gets a new sentence.
fn edit_one(root: &Path, k: usize) {
    let file = reply_files(root)
        .into_iter()
        .find(|p| {
            let t = fs::read_to_string(root.join(p)).unwrap();
            t.contains("received: 2003") || t.contains("received: 2004-01")
        })
        .expect("a reply of the main report");
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    let mut done = false;
    let edited: Vec<String> = text
        .lines()
        .map(|l| {
            if !done && l.starts_with("    ") && !l.trim().is_empty() {
                done = true;
                format!("{l} It reported edit {k}.")
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(done, "no answer line in {}", path.display());
    fs::write(&path, edited.join("\n") + "\n").unwrap();
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

/// Peak resident memory of this process (VmHWM), in MB.
fn peak_mb() -> Option<f64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// Resets VmHWM (Linux 4.0+), so the next reading covers what follows.
fn reset_peak() -> bool {
    // Memory that earlier parts freed but the allocator kept would otherwise
    // count as the new peak.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap memory to the system.
    unsafe {
        libc::malloc_trim(0);
    }
    fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn env_set(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// A list of sizes from the environment (`40,193`), or `default`.
fn sizes(name: &str, default: &[usize]) -> Vec<usize> {
    std::env::var(name).map_or_else(
        |_| default.to_vec(),
        |v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect(),
    )
}

// ---------------------------------------------------------------------------
// 1. The stage table

fn table_header() {
    println!("times in ms (median); typst compile (n) = PDFs compiled; other = what no stage covers (output lock, finding typst and the font, freeing the prepared project); build = the whole Builder::build\n");
    println!("| project | replies | output | build | load and check | templates | markdown | warnings | figures (svg) | typst markup | typst compile (n) | write | other | build |");
    println!(
        "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
}

fn row(project: &str, n: usize, pdf: bool, build: &str, r: &Run) {
    let stage = |s: Stage| match s {
        Stage::Typst | Stage::Compile if !pdf => "-".to_string(),
        Stage::Compile => format!("{} ({})", ms(r.timings.get(s)), r.pdfs),
        _ => ms(r.timings.get(s)),
    };
    let stages: Vec<String> = STAGES.iter().map(|s| stage(*s)).collect();
    println!(
        "| {project} | {n} | {} | {build} | {} | {} | {} |",
        if pdf { "md+pdf" } else { "md" },
        stages.join(" | "),
        ms(r.other()),
        ms(r.total)
    );
}

/// Cold builds (a fresh `Builder` each) and rebuilds after editing one reply
/// (the last cold build's `Builder`, as watch mode keeps it).
fn bench(project: &str, root: &Path, n: usize, pdf: bool, edits: &mut usize) {
    let (cold_runs, re_runs) = if pdf && n >= 1000 { (1, 1) } else { (3, 5) };
    let opts = BuildOptions {
        pdf,
        ..BuildOptions::default()
    };
    let mut builder = Builder::new(root, opts.clone());
    let mut cold = Vec::new();
    for _ in 0..cold_runs {
        builder = Builder::new(root, opts.clone());
        cold.push(build_once(&mut builder));
    }
    let mut rebuilds = Vec::new();
    for _ in 0..re_runs {
        *edits += 1;
        edit_one(root, *edits);
        rebuilds.push(build_once(&mut builder));
    }
    row(project, n, pdf, "cold", &median_run(cold));
    row(project, n, pdf, "rebuild", &median_run(rebuilds));
}

/// The stage table for the sample and synthetic projects of `sizes`.
fn stage_table(sizes: &[usize], pdf: bool) {
    table_header();
    let mut edits = 0;
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let n = reply_files(dir.path()).len();
    bench("sample", dir.path(), n, false, &mut edits);
    if pdf {
        bench("sample", dir.path(), n, true, &mut edits);
    }

    let mut peaks = Vec::new();
    for &n in sizes {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), n);
        let reset = n >= 1000 && reset_peak();
        bench("synthetic", dir.path(), n, false, &mut edits);
        if reset {
            peaks.push((n, "Markdown only", peak_mb()));
        }
        if !pdf {
            continue;
        }
        if n >= 1000 && env_set("SGREPORT_BENCH_SKIP_PDF_2000") {
            println!("| synthetic | {n} | md+pdf | skipped (SGREPORT_BENCH_SKIP_PDF_2000) | | | | | | | | | |");
            continue;
        }
        bench("synthetic", dir.path(), n, true, &mut edits);
        if reset {
            peaks.push((n, "Markdown and PDF", peak_mb()));
        }
    }
    println!();
    for (n, what, peak) in peaks {
        match peak {
            Some(mb) => println!(
                "peak memory (VmHWM of this process) for N = {n}, {what}: {mb:.0} MB (typst runs as a child process, not counted)"
            ),
            None => println!("peak memory: /proc/self/status not readable"),
        }
    }
}

// ---------------------------------------------------------------------------
// 2. Linear cost

/// `build --no-pdf`, cold, at each of `sizes`: the time, per reply, and the
/// growth against the previous size; linear when the time per reply stays.
fn linear(sizes: &[usize]) {
    println!("\nlinear cost: `build --no-pdf`, cold (a fresh Builder), median of 3; ms, per reply in µs; growth = time / time at the previous N\n");
    println!("| replies | build | per reply | growth | load and check | markdown | warnings | write | peak memory |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let opts = BuildOptions::default();
    let mut previous: Option<(usize, Duration)> = None;
    for &n in sizes {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), n);
        let reset = reset_peak();
        let runs = (0..3)
            .map(|_| build_once(&mut Builder::new(dir.path(), opts.clone())))
            .collect();
        let peak = peak_mb().filter(|_| reset);
        let r = median_run(runs);
        let per_reply = r.total.as_secs_f64() * 1e6 / n as f64;
        let growth = previous.map_or("-".to_string(), |(pn, pt)| {
            format!(
                "×{:.2} for ×{:.1} replies",
                r.total.as_secs_f64() / pt.as_secs_f64(),
                n as f64 / pn as f64
            )
        });
        println!(
            "| {n} | {} | {per_reply:.0} | {growth} | {} | {} | {} | {} | {} |",
            ms(r.total),
            ms(r.timings.get(Stage::Load)),
            ms(r.timings.get(Stage::Markdown)),
            ms(r.timings.get(Stage::Warnings)),
            ms(r.timings.get(Stage::Write)),
            peak.map_or("-".to_string(), |mb| format!("{mb:.0} MB")),
        );
        previous = Some((n, r.total));
    }
}

// ---------------------------------------------------------------------------
// 3. Build overhead, and the typst sandbox both comparisons use

/// A folder laid out as `pdf::compile` lays out its sandbox: the document,
/// the layout, links to the font files and an empty package folder.
struct Sandbox {
    dir: PathBuf,
    font: String,
    timestamp: i64,
    /// The length of its Typst (the longest compile keeps typst's threads).
    len: usize,
}

impl Sandbox {
    fn new(dir: &Path, typ: &str, layout: &str, font: &FontChoice, timestamp: i64) -> Sandbox {
        let fonts = dir.join("fonts");
        fs::create_dir_all(&fonts).unwrap();
        fs::create_dir_all(dir.join("no-packages")).unwrap();
        fs::write(dir.join("document.typ"), typ).unwrap();
        fs::write(dir.join(LAYOUT_FILE), layout).unwrap();
        for (i, f) in font.files.iter().enumerate() {
            let name = f.file_name().unwrap().to_string_lossy();
            let link = fonts.join(format!("{i}-{name}"));
            #[cfg(unix)]
            std::os::unix::fs::symlink(f, &link).unwrap();
            #[cfg(not(unix))]
            fs::copy(f, &link).unwrap();
        }
        Sandbox {
            dir: std::path::absolute(dir).unwrap(),
            font: font.family.clone(),
            timestamp,
            len: typ.len(),
        }
    }

    /// `typst <cmd>` (compile or watch) of document.typ to `out`, with the
    /// flags `pdf::compile` passes (src/pdf/run.rs).
    fn command(&self, typst: &Typst, cmd: &str, out: &str) -> Command {
        let d = |p: &str| OsString::from(self.dir.join(p));
        let mut c = Command::new(&typst.program);
        c.current_dir(&self.dir)
            .args(["--color", "never", cmd, "--root"])
            .arg(&self.dir)
            .arg("--ignore-system-fonts")
            .arg("--font-path")
            .arg(d("fonts"))
            .arg("--package-path")
            .arg(d("no-packages"))
            .arg("--package-cache-path")
            .arg(d("no-packages"))
            .arg("--creation-timestamp")
            .arg(self.timestamp.to_string())
            .arg("--input")
            .arg(format!("font={}", self.font))
            .args(["--format", "pdf", "document.typ"])
            .arg(d(out))
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("TYPST_ROOT")
            .env_remove("TYPST_FONT_PATHS")
            .stdin(Stdio::null());
        c
    }
}

/// How the bare compiles are run: with typst's own number of threads, as a
/// user runs typst by hand, or with the build's (`--jobs 1` for all but the
/// longest, as `pdf::Threads` says).
#[derive(Clone, Copy, PartialEq)]
enum BareThreads {
    TypstDefault,
    AsTheBuild,
}

/// Every sandbox's `typst compile`, side by side, as the builder runs them.
fn compile_side_by_side(typst: &Typst, sandboxes: &[Sandbox], threads: BareThreads) -> Duration {
    let longest = sandboxes.iter().map(|b| b.len).max().unwrap_or(0);
    let t = Instant::now();
    std::thread::scope(|scope| {
        let handles: Vec<_> = sandboxes
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let mut c = b.command(typst, "compile", "out.pdf");
                let first_longest = sandboxes.iter().position(|s| s.len == longest) == Some(i);
                if threads == BareThreads::AsTheBuild && !first_longest {
                    c.args(["--jobs", "1"]);
                }
                scope.spawn(move || c.output())
            })
            .collect();
        for h in handles {
            let out = h.join().unwrap().expect("typst runs");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "typst compile failed: {err}");
        }
    });
    t.elapsed()
}

/// The sandboxes of every document of the project in `root`, in `dir`: the
/// Typst and layout the builder would compile.
fn sandboxes(root: &Path, dir: &Path, font: &FontChoice) -> Vec<Sandbox> {
    let prepared = prepare(root).expect("the project prepares");
    let layout = prepared.templates.typst_layout();
    prepared
        .documents
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let typ = to_typst(&doc.document).text;
            let date = doc.model.document.date.unix_timestamp();
            Sandbox::new(&dir.join(format!("doc-{i}")), &typ, layout, font, date)
        })
        .collect()
}

fn overhead_header() {
    println!("\nbuild overhead: a whole Builder::build (Markdown and every PDF, a fresh Builder so all compile) against bare `typst compile` runs of the same Typst side by side, with the library's flags but typst's own number of threads (as a user runs typst by hand; the build gives a shorter compile beside the report `--jobs 1`, and the second table also compares with the bare compiles given the same); ms, medians of {OVERHEAD_RUNS} runs each, interleaved, and the fastest of each (less disturbed by other load); CPU = user + system time of sgreport and its typst children (median); stages of the median build\n");
    println!("| project | replies | PDFs | bare typst | Builder::build | ratio | fastest: build / bare | CPU: build / bare | load and check | templates | markdown | warnings | figures (svg) | typst markup | typst compile | write | other |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
}

/// Rounds per project: on a shared machine two medians of the same builds
/// differed by 1-2 ms at 21 rounds, as much as a change worth measuring.
const OVERHEAD_RUNS: usize = 61;

/// The whole `sgreport build` command against the bare compiles: medians
/// and fastest (ms) and the CPU times, for the second table.
struct CommandRow {
    project: String,
    bare: (Duration, Duration, Duration),
    command: (Duration, Duration, Duration),
    /// The bare compiles' median with the build's `--jobs`.
    bare_as_build: Duration,
    /// The median of each round's command / bare (they run one after the
    /// other): load that comes and goes between rounds cancels out.
    paired: f64,
}

/// One overhead row for the project in `root` (target: ratio <= 1.10),
/// printed; the whole command's row, returned.
fn overhead(project: &str, root: &Path, (typst, font): &(Typst, FontChoice)) -> CommandRow {
    let scratch = tempfile::tempdir().unwrap();
    let bare_dirs = sandboxes(root, scratch.path(), font);
    let opts = BuildOptions {
        pdf: true,
        ..BuildOptions::default()
    };
    let (mut builds, mut build_cpu) = (Vec::new(), Vec::new());
    let (mut bare, mut bare_cpu) = (Vec::new(), Vec::new());
    let mut bare_as_build = Vec::new();
    let (mut commands, mut command_cpu) = (Vec::new(), Vec::new());
    for _ in 0..OVERHEAD_RUNS {
        let cpu = cpu_time();
        let run = build_once(&mut Builder::new(root, opts.clone()));
        build_cpu.push(cpu_time() - cpu);
        assert_eq!(run.pdfs, bare_dirs.len(), "every PDF compiled");
        builds.push(run);
        let cpu = cpu_time();
        bare.push(compile_side_by_side(
            typst,
            &bare_dirs,
            BareThreads::TypstDefault,
        ));
        bare_cpu.push(cpu_time() - cpu);
        let cpu = cpu_time();
        commands.push(run_command(root));
        command_cpu.push(cpu_time() - cpu);
        let threads = BareThreads::AsTheBuild;
        bare_as_build.push(compile_side_by_side(typst, &bare_dirs, threads));
    }
    let fastest = |v: &[Duration]| v.iter().min().copied().unwrap();
    let (bare_min, build_min) = (fastest(&bare), fastest(&totals(&builds)));
    let row = CommandRow {
        project: project.to_string(),
        bare: (median(bare.clone()), bare_min, median(bare_cpu.clone())),
        command: (
            median(commands.clone()),
            fastest(&commands),
            median(command_cpu),
        ),
        bare_as_build: median(bare_as_build),
        paired: median_ratio(&commands, &bare),
    };
    let (build_cpu, bare_cpu) = (median(build_cpu), median(bare_cpu));
    let build = median_run(builds);
    let bare = median(bare);
    let stages: Vec<String> = STAGES.iter().map(|s| ms(build.timings.get(*s))).collect();
    println!(
        "| {project} | {} | {} | {} | {} | {:.2}× | {} / {} = {:.2}× | {} / {} = {:.2}× | {} | {} |",
        reply_files(root).len(),
        bare_dirs.len(),
        ms(bare),
        ms(build.total),
        ratio(build.total, bare),
        ms(build_min),
        ms(bare_min),
        ratio(build_min, bare_min),
        ms(build_cpu),
        ms(bare_cpu),
        ratio(build_cpu, bare_cpu),
        stages.join(" | "),
        ms(build.other())
    );
    row
}

/// `sgreport build -q` in `root`, a new process as a user runs it.
fn run_command(root: &Path) -> Duration {
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_sgreport"))
        .args(["build", "-q"])
        .current_dir(root)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("sgreport runs");
    let took = t.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "sgreport build failed: {err}");
    took
}

/// The second overhead table: the whole command.
fn command_table(rows: &[CommandRow]) {
    println!("
build overhead of the whole command: `sgreport build -q` (a new process each time, as a user runs it; interleaved with the runs above) against the same bare compiles; ms: median, fastest, CPU (user + system, with typst); paired: the median of each round's command / bare
");
    println!("| project | bare typst | sgreport build | ratio | ratio, paired | fastest: command / bare | CPU: command / bare | bare, the build's --jobs | ratio to it |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for r in rows {
        let ((bm, bf, bc), (cm, cf, cc)) = (r.bare, r.command);
        println!(
            "| {} | {} | {} | {:.2}× | {:.2}× | {} / {} = {:.2}× | {} / {} = {:.2}× | {} | {:.2}× |",
            r.project,
            ms(bm),
            ms(cm),
            ratio(cm, bm),
            r.paired,
            ms(cf),
            ms(bf),
            ratio(cf, bf),
            ms(cc),
            ms(bc),
            ratio(cc, bc),
            ms(r.bare_as_build),
            ratio(cm, r.bare_as_build)
        );
    }
}

/// User and system time of this process and its finished children so far.
#[cfg(unix)]
fn cpu_time() -> Duration {
    let usage = |who| {
        // SAFETY: getrusage fills the zeroed struct it is given.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(who, &mut u) };
        let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
        tv(u.ru_utime) + tv(u.ru_stime)
    };
    usage(libc::RUSAGE_SELF) + usage(libc::RUSAGE_CHILDREN)
}

#[cfg(not(unix))]
fn cpu_time() -> Duration {
    Duration::ZERO
}

fn totals(runs: &[Run]) -> Vec<Duration> {
    runs.iter().map(|r| r.total).collect()
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

/// The median of `a[i] / b[i]`.
fn median_ratio(a: &[Duration], b: &[Duration]) -> f64 {
    let mut r: Vec<f64> = a.iter().zip(b).map(|(a, b)| ratio(*a, *b)).collect();
    r.sort_by(f64::total_cmp);
    r[r.len() / 2]
}

/// A copy of `tests/fixtures/small` in `root`.
fn copy_small(root: &Path) {
    let small = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
    copy_project(&small, root, reply_files(&small));
}

fn overhead_rows(typst: &(Typst, FontChoice)) {
    overhead_header();
    let dir = tempfile::tempdir().unwrap();
    copy_small(dir.path());
    let small = overhead("tests/fixtures/small", dir.path(), typst);
    let dir = tempfile::tempdir().unwrap();
    copy_sample_part(dir.path());
    let part = overhead("sample, 10 replies", dir.path(), typst);
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let sample = overhead("sample", dir.path(), typst);
    command_table(&[small, part, sample]);
}

// ---------------------------------------------------------------------------
// 4. Keeping typst warm

/// Would keeping typst warm help? `typst compile` on the sample's main
/// document against a long-running `typst watch` of the same file, timed from
/// saving a changed document to the new PDF on disk.
fn warm_typst((typst, font): &(Typst, FontChoice)) {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let scratch = tempfile::tempdir().unwrap();
    let sandbox = sandboxes(dir.path(), scratch.path(), font).swap_remove(0);
    let typ = fs::read_to_string(sandbox.dir.join("document.typ")).unwrap();
    let variant = |k: usize| typ.replacen("kidnapping", &format!("kidnapping ({k})"), 1);
    let cold = time_compiles(typst, &sandbox, &variant);
    let warm = time_watch(typst, &sandbox, &variant);
    let list = |v: &[Duration]| v.iter().map(|d| ms(*d)).collect::<Vec<_>>().join(", ");
    println!(
        "\ntypst on the sample's main document ({} KB of Typst):\n  typst compile (new process):        median {} ms  [{}]\n  typst watch, save -> PDF on disk:   median {} ms  [{}]",
        typ.len() / 1024,
        ms(median(cold.clone())),
        list(&cold),
        ms(median(warm.clone())),
        list(&warm)
    );
}

/// `typst compile` (a new process) of 7 changed documents.
fn time_compiles(
    typst: &Typst,
    sandbox: &Sandbox,
    variant: &dyn Fn(usize) -> String,
) -> Vec<Duration> {
    (0..7)
        .map(|k| {
            fs::write(sandbox.dir.join("document.typ"), variant(k)).unwrap();
            let t = Instant::now();
            let out = sandbox
                .command(typst, "compile", "cold.pdf")
                .output()
                .unwrap();
            assert!(out.status.success(), "typst compile failed");
            t.elapsed()
        })
        .collect()
}

/// A long-running `typst watch`: from saving each of 7 changed documents
/// (through a temporary file renamed over it, as editors do) to the new PDF
/// on disk.
fn time_watch(
    typst: &Typst,
    sandbox: &Sandbox,
    variant: &dyn Fn(usize) -> String,
) -> Vec<Duration> {
    let mut child = sandbox
        .command(typst, "watch", "warm.pdf")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pdf = sandbox.dir.join("warm.pdf");
    let mtime = |p: &PathBuf| fs::metadata(p).and_then(|m| m.modified()).ok();
    let start = Instant::now();
    while mtime(&pdf).is_none() && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(500));
    let mut warm = Vec::new();
    for k in 10..17 {
        let before: Option<SystemTime> = mtime(&pdf);
        let tmp = sandbox.dir.join(".document.typ.tmp");
        let t = Instant::now();
        fs::write(&tmp, variant(k)).unwrap();
        fs::rename(&tmp, sandbox.dir.join("document.typ")).unwrap();
        while mtime(&pdf) == before && t.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(1));
        }
        warm.push(t.elapsed());
        std::thread::sleep(Duration::from_millis(400));
    }
    let _ = child.kill();
    let _ = child.wait();
    warm
}

// ---------------------------------------------------------------------------

fn main() {
    // SGREPORT_BENCH_GENERATE=DIR:N only writes a synthetic project of N
    // replies into DIR (to try `sgreport build` or `watch` on).
    if let Ok(spec) = std::env::var("SGREPORT_BENCH_GENERATE") {
        let (dir, n) = spec
            .rsplit_once(':')
            .expect("SGREPORT_BENCH_GENERATE=DIR:N");
        fs::create_dir_all(dir).unwrap();
        generate(Path::new(dir), n.parse().expect("N is a number"));
        println!("wrote a synthetic project of {n} replies into {dir}");
        return;
    }
    // `cargo bench` passes --bench; nothing else is accepted.
    let skip_pdf = env_set("SGREPORT_BENCH_SKIP_PDF");
    let typst = (!skip_pdf).then(|| {
        prepare_typst(Path::new("."), &|m| eprintln!("{m}"), &Silent).expect("typst is available")
    });
    match &typst {
        Some((t, font)) => println!(
            "sgreport build benchmark: typst {} at {}, body font {}, {} CPUs\n",
            t.version,
            t.program.display(),
            font.family,
            cpus()
        ),
        None => println!(
            "sgreport build benchmark, Markdown only (SGREPORT_BENCH_SKIP_PDF), {} CPUs\n",
            cpus()
        ),
    }
    stage_table(&sizes("SGREPORT_BENCH_N", &[40, 193, 2000]), !skip_pdf);
    // The overhead rows come before the linear cost: after 8,000 replies
    // this process is hundreds of megabytes, and starting typst from it
    // (a fork, for its parent-death signal) would cost what a user's
    // fresh `sgreport build` never pays.
    if let Some(typst) = &typst {
        if !env_set("SGREPORT_BENCH_SKIP_OVERHEAD") {
            overhead_rows(typst);
        }
    }
    let linear_sizes = sizes("SGREPORT_BENCH_LINEAR_N", &[1000, 2000, 4000, 8000]);
    if !linear_sizes.is_empty() {
        linear(&linear_sizes);
    }
    let Some(typst) = typst else { return };
    if !env_set("SGREPORT_BENCH_SKIP_WARM") {
        warm_typst(&typst);
    }
    if !env_set("SGREPORT_BENCH_SKIP_FIGURES") {
        figures_cost();
    }
}

// 5. The figures' cost

const FIGURE_RUNS: usize = 15;

/// The sample with and without its figures, cold builds with PDF, interleaved.
fn figures_cost() {
    let with = tempfile::tempdir().unwrap();
    let without = tempfile::tempdir().unwrap();
    copy_sample(with.path());
    copy_sample(without.path());
    let report = fs::read_to_string(without.path().join("report.yaml")).unwrap();
    let stripped: String = report
        .lines()
        .filter(|l| !l.trim_start().starts_with("chart:"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(without.path().join("report.yaml"), stripped).unwrap();
    let opts = BuildOptions {
        pdf: true,
        ..BuildOptions::default()
    };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let (mut a_cpu, mut b_cpu) = (Vec::new(), Vec::new());
    for _ in 0..FIGURE_RUNS {
        let c = cpu_time();
        a.push(build_once(&mut Builder::new(with.path(), opts.clone())));
        a_cpu.push(cpu_time().saturating_sub(c));
        let c = cpu_time();
        b.push(build_once(&mut Builder::new(without.path(), opts.clone())));
        b_cpu.push(cpu_time().saturating_sub(c));
    }
    let (a_cpu, b_cpu) = (median(a_cpu), median(b_cpu));
    let figures = fs::read_dir(with.path().join("output"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".figure-"))
        .count();
    let fastest = |v: &[Run]| v.iter().map(|r| r.total).min().unwrap();
    let (fa, fb) = (fastest(&a), fastest(&b));
    let (a, b) = (median_run(a), median_run(b));
    println!("\nfigures' cost: cold build of the sample (Markdown, SVG figures, both PDFs), with its figures ({figures} SVG files) and without (chart: lines removed); ms, medians of {FIGURE_RUNS} runs each, interleaved; target: figures add < 20 %\n");
    println!("| sample | build | figures (svg) | typst markup | typst compile | write | fastest build | CPU (user + system, with typst) |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (name, r, f, c) in [
        ("without figures", &b, fb, b_cpu),
        ("with figures", &a, fa, a_cpu),
    ] {
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            ms(r.total),
            ms(r.timings.get(Stage::Figures)),
            ms(r.timings.get(Stage::Typst)),
            ms(r.timings.get(Stage::Compile)),
            ms(r.timings.get(Stage::Write)),
            ms(f),
            ms(c)
        );
    }
    println!(
        "\nfigures add {:+.1} % (median), {:+.1} % (fastest), {:+.1} % (CPU)",
        (ratio(a.total, b.total) - 1.0) * 100.0,
        (ratio(fa, fb) - 1.0) * 100.0,
        (ratio(a_cpu, b_cpu) - 1.0) * 100.0
    );
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(0, |n| n.get())
}
