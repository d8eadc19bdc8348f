//! Build benchmarks: `cargo bench --bench build`.
//!
//! For the shipped sample and for synthetic projects of N = 40, 193 and 2,000
//! replies (the repository's report.yaml; Member States on its date, then
//! invented organizations), it times a cold build and a rebuild after one
//! reply was edited, Markdown only and with PDF, stage by stage:
//!
//! - `load+check`: report.yaml and every reply read and checked (the reply
//!   cache is reused for rebuilds, as in watch mode)
//! - `templates`: the Tera templates loaded
//! - `markdown`: model, templates rendered, paragraphs numbered
//! - `warnings`: the warnings a build prints
//! - `typst conv`: Markdown -> Typst markup
//! - `compile`: `typst compile` (skipped when the Typst did not change)
//! - `write`: staged and renamed into output/
//!
//! and, separately, the whole `Session::build` that `build` and `watch` run.
//! Times are medians (cold: 3 runs, each with a fresh cache; rebuild: 5 runs,
//! each after a new edit; with PDF at N = 2,000: 1 run each).
//!
//! Environment: `SGREPORT_BENCH_SKIP_PDF_2000=1` skips the PDF at N = 2,000;
//! `SGREPORT_BENCH_N=40,193` chooses the synthetic sizes;
//! `SGREPORT_BENCH_SKIP_WARM=1` skips the `typst watch` comparison;
//! `SGREPORT_BENCH_GENERATE=DIR:N` only writes a synthetic project.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use sgreport::build::{self, BuildOptions, Session};
use sgreport::members::MemberTable;
use sgreport::output::Staged;
use sgreport::pdf::{self, FontChoice, Typst};
use sgreport::render::typst::to_typst;
use sgreport::render::Templates;
use sgreport::submissions::{self, IndicatorKind, ReplyCache, ReportConfig};

#[derive(Default, Clone, Copy)]
struct Stages {
    load: Duration,
    templates: Duration,
    markdown: Duration,
    warnings: Duration,
    convert: Duration,
    compile: Duration,
    write: Duration,
    total: Duration,
    compiled: usize,
}

/// One build, stage by stage, the way `Session::build` does it.
fn staged_build(
    root: &Path,
    cache: &mut ReplyCache,
    typst: Option<&(Typst, FontChoice)>,
    compiled: &mut HashMap<String, String>,
) -> Stages {
    let mut s = Stages::default();
    let all = Instant::now();
    let t = Instant::now();
    let project = submissions::load_with(root, cache).expect("the project loads");
    s.load = t.elapsed();
    let t = Instant::now();
    let templates = Templates::load(root).expect("the templates load");
    s.templates = t.elapsed();
    let t = Instant::now();
    let docs = build::render_markdown(&project, &templates).expect("the Markdown renders");
    s.markdown = t.elapsed();
    let t = Instant::now();
    std::hint::black_box(build::warnings(&project, &docs));
    s.warnings = t.elapsed();

    let out = root.join("output");
    fs::create_dir_all(&out).unwrap();
    let mut staged = Staged::default();
    for doc in &docs {
        let stem = &doc.model.document.file_stem;
        let t = Instant::now();
        staged
            .stage(&out.join(format!("{stem}.md")), doc.markdown.as_bytes())
            .unwrap();
        s.write += t.elapsed();
        let Some((typst, font)) = typst else { continue };
        let t = Instant::now();
        let typ = to_typst(&doc.markdown).expect("the Typst converts");
        s.convert += t.elapsed();
        let target = out.join(format!("{stem}.pdf"));
        if compiled.get(stem) == Some(&typ) && target.is_file() {
            continue;
        }
        let t = Instant::now();
        let req = pdf::CompileRequest {
            typst,
            document: &typ,
            layout: templates.typst_layout(),
            font,
            timestamp: project.config.date.unix_timestamp(),
            target: &target,
            keep: false,
        };
        let tmp = pdf::compile(&req).unwrap_or_else(|e| panic!("typst failed: {e}"));
        s.compile += t.elapsed();
        s.compiled += 1;
        staged.adopt(tmp, &target);
        compiled.insert(stem.clone(), typ);
    }
    let t = Instant::now();
    staged.commit().unwrap();
    s.write += t.elapsed();
    s.total = all.elapsed();
    s
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
            dir.join(format!("{i:04}.yaml")),
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

/// A copy of the repository's sample project in `root`.
fn copy_sample(root: &Path) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(manifest.join("report.yaml"), root.join("report.yaml")).unwrap();
    for path in submissions::reply_files(manifest) {
        let to = root.join(&path);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(manifest.join(&path), to).unwrap();
    }
}

/// Edits the printed text of one reply of the main report: the first answer
/// line of the first reply file gets a new sentence.
fn edit_one(root: &Path, k: usize) {
    let file = submissions::reply_files(root)
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

fn median(mut v: Vec<Stages>) -> Stages {
    v.sort_by_key(|s| s.total);
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

fn row(project: &str, n: usize, mode: &str, build: &str, s: &Stages, session: Duration) {
    println!(
        "| {project} | {n} | {mode} | {build} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        ms(s.load),
        ms(s.templates),
        ms(s.markdown),
        ms(s.warnings),
        if mode == "md" {
            "-".into()
        } else {
            ms(s.convert)
        },
        if mode == "md" {
            "-".into()
        } else {
            format!("{} ({})", ms(s.compile), s.compiled)
        },
        ms(s.write),
        ms(s.total),
        ms(session)
    );
}

/// Cold builds and one-reply-edited rebuilds of the project in `root`.
fn bench(
    project: &str,
    root: &Path,
    n: usize,
    typst: Option<&(Typst, FontChoice)>,
    edits: &mut usize,
) {
    let mode = if typst.is_some() { "md+pdf" } else { "md" };
    let (cold_runs, re_runs) = if typst.is_some() && n >= 1000 {
        (1, 1)
    } else {
        (3, 5)
    };
    let opts = BuildOptions {
        pdf: typst.is_some(),
        ..BuildOptions::default()
    };

    let mut cold = Vec::new();
    let mut rebuilds = Vec::new();
    for _ in 0..cold_runs {
        let mut cache = ReplyCache::default();
        let mut compiled = HashMap::new();
        cold.push(staged_build(root, &mut cache, typst, &mut compiled));
        // The rebuilds reuse the last cold build's cache, as watch mode does.
        if cold.len() == cold_runs {
            for _ in 0..re_runs {
                *edits += 1;
                edit_one(root, *edits);
                rebuilds.push(staged_build(root, &mut cache, typst, &mut compiled));
            }
        }
    }

    let mut session_cold = Vec::new();
    let mut session_re = Vec::new();
    for _ in 0..cold_runs {
        let mut session = Session::new(root, opts.clone());
        let t = Instant::now();
        session.build(&|_| {}).expect("Session::build");
        session_cold.push(t.elapsed());
        if session_cold.len() == cold_runs {
            for _ in 0..re_runs {
                *edits += 1;
                edit_one(root, *edits);
                let t = Instant::now();
                session.build(&|_| {}).expect("Session::build");
                session_re.push(t.elapsed());
            }
        }
    }
    session_cold.sort();
    session_re.sort();
    row(
        project,
        n,
        mode,
        "cold",
        &median(cold),
        session_cold[session_cold.len() / 2],
    );
    row(
        project,
        n,
        mode,
        "rebuild",
        &median(rebuilds),
        session_re[session_re.len() / 2],
    );
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
    fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn env_set(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

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
    let sizes: Vec<usize> = std::env::var("SGREPORT_BENCH_N")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![40, 193, 2000]);
    let typst = build::prepare_typst(&|m| eprintln!("{m}")).expect("typst is available");
    println!(
        "sgreport build benchmark: typst {} at {}, body font {}, {} CPUs",
        typst.0.version,
        typst.0.program.display(),
        typst.1.family,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "times in ms (median); compile (n) = PDFs compiled; session = the whole Session::build\n"
    );
    println!("| project | replies | output | build | load+check | templates | markdown | warnings | typst conv | compile (n) | write | total | session |");
    println!(
        "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    let mut edits = 0;

    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let n = submissions::reply_files(dir.path()).len();
    bench("sample", dir.path(), n, None, &mut edits);
    bench("sample", dir.path(), n, Some(&typst), &mut edits);

    let mut peaks = Vec::new();
    for &n in &sizes {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), n);
        let reset = n >= 1000 && reset_peak();
        bench("synthetic", dir.path(), n, None, &mut edits);
        if reset {
            peaks.push((n, "Markdown only", peak_mb()));
        }
        if n >= 1000 && env_set("SGREPORT_BENCH_SKIP_PDF_2000") {
            println!("| synthetic | {n} | md+pdf | skipped (SGREPORT_BENCH_SKIP_PDF_2000) | | | | | | | | | |");
            continue;
        }
        bench("synthetic", dir.path(), n, Some(&typst), &mut edits);
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
    if !env_set("SGREPORT_BENCH_SKIP_WARM") {
        warm_typst(&typst);
    }
}

/// Would keeping typst warm help? `typst compile` on the sample's main
/// document against a long-running `typst watch` of the same file, timed from
/// saving a changed document to the new PDF on disk.
fn warm_typst((typst, font): &(Typst, FontChoice)) {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let project = submissions::load(dir.path()).unwrap();
    let templates = Templates::load(dir.path()).unwrap();
    let docs = build::render_markdown(&project, &templates).unwrap();
    let typ = to_typst(&docs[0].markdown).unwrap();
    let sandbox = dir.path().join("sandbox");
    let fonts = sandbox.join("fonts");
    fs::create_dir_all(&fonts).unwrap();
    fs::write(sandbox.join("un-report.typ"), templates.typst_layout()).unwrap();
    fs::write(sandbox.join("document.typ"), &typ).unwrap();
    for (i, f) in font.files.iter().enumerate() {
        fs::copy(f, fonts.join(format!("{i}.ttf"))).unwrap();
    }
    let args = |cmd: &str, out: &str| -> Vec<String> {
        vec![
            cmd.into(),
            "--root".into(),
            sandbox.display().to_string(),
            "--ignore-system-fonts".into(),
            "--font-path".into(),
            fonts.display().to_string(),
            "--input".into(),
            format!("font={}", font.family),
            sandbox.join("document.typ").display().to_string(),
            sandbox.join(out).display().to_string(),
        ]
    };
    let variant = |k: usize| typ.replacen("kidnapping", &format!("kidnapping ({k})"), 1);

    let mut cold = Vec::new();
    for k in 0..7 {
        fs::write(sandbox.join("document.typ"), variant(k)).unwrap();
        let t = Instant::now();
        let ok = Command::new(&typst.program)
            .args(args("compile", "cold.pdf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .success();
        assert!(ok, "typst compile failed");
        cold.push(t.elapsed());
    }

    let mut child = Command::new(&typst.program)
        .args(args("watch", "warm.pdf"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pdf = sandbox.join("warm.pdf");
    let mtime = |p: &PathBuf| fs::metadata(p).and_then(|m| m.modified()).ok();
    let start = Instant::now();
    while mtime(&pdf).is_none() && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(500));
    let mut warm = Vec::new();
    for k in 10..17 {
        let before: Option<SystemTime> = mtime(&pdf);
        let tmp = sandbox.join(".document.typ.tmp");
        let t = Instant::now();
        fs::write(&tmp, variant(k)).unwrap();
        fs::rename(&tmp, sandbox.join("document.typ")).unwrap();
        while mtime(&pdf) == before && t.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(1));
        }
        warm.push(t.elapsed());
        std::thread::sleep(Duration::from_millis(400));
    }
    let _ = child.kill();
    let _ = child.wait();
    cold.sort();
    warm.sort();
    let list = |v: &[Duration]| v.iter().map(|d| ms(*d)).collect::<Vec<_>>().join(", ");
    println!(
        "\ntypst on the sample's main document ({} KB of Typst):\n  typst compile (new process):        median {} ms  [{}]\n  typst watch, save -> PDF on disk:   median {} ms  [{}]",
        typ.len() / 1024,
        ms(cold[cold.len() / 2]),
        list(&cold),
        ms(warm[warm.len() / 2]),
        list(&warm)
    );
}
