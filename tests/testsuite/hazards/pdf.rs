//! Hazards in the PDF: layouts, fonts and typst runs that once broke the tool.

use crate::common::{compact, pdf_pages, Project};

const MAIN_PDF: &str = "output/E_CN.15_2004_7.pdf";

fn layout() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/un-report.typ"
    ))
    .unwrap()
}

/// Once, `check` said "ok" with a broken `un-report.typ`, and `build` then
/// failed (with exit 2, though a template problem is the input's).
#[test]
fn check_rejects_a_broken_layout_with_its_line() {
    let p = Project::fixture("small");
    p.write(
        "templates/un-report.typ",
        "#let un-document(symbol: \"\", title: \"\", body) = body\n#let masthead(..args) = undefined-function()\n",
    );
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains(
            "layout template un-report.typ, line 2: #let masthead(..args) = undefined-function()"
        ),
        "{}",
        run.stderr()
    );
    assert!(!p.path().join("output").exists(), "check writes nothing");
    assert_eq!(p.run(&["check", "--no-pdf"]).code(), 0);
}

/// Once, a reply nesting quotes a hundred deep passed `check` and failed
/// `build` at typst's depth limit, without naming the reply.
#[test]
fn nesting_the_layout_cannot_set_is_refused_by_check_at_the_reply() {
    let p = Project::fixture("small");
    p.write(
        "submissions/chile.yaml",
        &format!(
            "from: Chile\nreceived: 2004-01-10\nanswers:\n  extent: |\n    Intro.\n\n    {} Deep.\n",
            ">".repeat(100)
        ),
    );
    let run = p.run(&["check", "--message-format", "short"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains(
            "submissions/chile.yaml:7:13: error: quotes and lists are nested more than 8 deep"
        ),
        "{}",
        run.stderr()
    );
}

/// Once, a layout that imported `@preview/...` made typst go to the network.
#[test]
fn a_layout_importing_a_package_is_an_error_before_typst_runs() {
    let p = Project::fixture("small");
    p.write(
        "templates/un-report.typ",
        &format!("#import \"@preview/cetz:0.3.0\": *\n{}", layout()),
    );
    let run = p.run(&["check", "--no-pdf", "--message-format", "short"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains(
            "templates/un-report.typ:1:9: error: the layout uses the typst package `@preview/cetz:0.3.0`"
        ),
        "{}",
        run.stderr()
    );
}

/// Once, characters the PDF's fonts lack (a law's name in Malayalam or
/// Japanese, an emoji) printed as empty boxes, and the build said nothing.
#[test]
fn characters_no_font_has_are_a_warning_at_their_place() {
    let p = Project::fixture("small");
    p.write(
        "submissions/chile.yaml",
        "from: Chile\nreceived: 2004-01-10\nanswers:\n  extent: \"The law 日本 and &#XD06;.\"\n",
    );
    let run = p.run(&["check", "--message-format", "short"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let err = run.stderr();
    assert!(
        err.contains(
            "submissions/chile.yaml:4:20: warning: the PDF's fonts have no glyph for `日` (U+65E5)"
        ),
        "{err}"
    );
    // Written as a character reference, it prints as typed (`&#XD06;`), so
    // no glyph is missing for it.
    assert!(!err.contains("U+0D06"), "{err}");
    assert!(!err.contains("U+0020"), "{err}");
}

/// Once, a report dated before 1970 got no PDF: the negative creation
/// timestamp was read by typst as an option.
#[test]
fn reports_dated_before_1970_and_far_ahead_get_their_pdf() {
    for date in ["1965-01-04", "2150-06-01"] {
        let p = Project::fixture("small");
        let text = p
            .read("report.yaml")
            .replace("  date: 2004-03-01", &format!("  date: {date}"));
        p.write("report.yaml", &text);
        let run = p.run(&["build"]);
        assert_eq!(run.code(), 0, "{date}: {}", run.stderr());
        let one = compact(&pdf_pages(&p.bytes(MAIN_PDF))[0]);
        let year = &date[..4];
        assert!(one.contains(year), "{date} on page 1: {one}");
    }
}

/// Once, nothing limited a typst compile: a layout that loops forever hung
/// the build.
#[test]
fn a_typst_compile_past_its_time_limit_is_stopped() {
    let p = Project::fixture("small");
    p.write(
        "templates/un-report.typ",
        &format!(
            "{}\n#for i in range(100000) {{ for j in range(100000) {{ }} }}\n",
            layout()
        ),
    );
    let started = std::time::Instant::now();
    let run = p
        .command()
        .args(["build"])
        .env("SGREPORT_TYPST_TIMEOUT", "2")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    // The layout's doing: the input's to fix (exit 1).
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("did not finish within 2 s"), "{err}");
    assert!(started.elapsed().as_secs() < 30);
    assert!(!p.path().join(MAIN_PDF).exists());
}

/// Once, a long unbreakable token (a URL, a file path) ran past the page
/// edge; it now breaks at the margin, and a reader copying it gets it whole.
#[test]
fn a_long_token_stays_inside_the_page_and_copies_whole() {
    let p = Project::fixture("small");
    let token = "https://www.example.org/".to_string() + &"averyveryverylongpathsegment/".repeat(6);
    p.write(
        "submissions/chile.yaml",
        &format!(
            "from: Chile\nreceived: 2004-01-10\nanswers:\n  extent: \"See {token} for the law.\"\n"
        ),
    );
    p.run(&["build"]).success();
    let text: String = pdf_pages(&p.bytes(MAIN_PDF)).concat();
    let joined: String = text.split_whitespace().collect();
    assert!(joined.contains(&token), "the token copies whole:\n{text}");
    assert!(
        !text.contains('\u{ad}') && !text.contains('\u{200b}'),
        "{text:?}"
    );
}

/// A build that stops on its input (an error in a reply, or a warning with
/// `--strict`) leaves no typst behind: typst is started only once the input
/// is read and checked (the build's plain path), so a reply's error never
/// starts it; none is left running on the project, and nothing of it is
/// left in `output/`.
#[cfg(target_os = "linux")]
#[test]
fn a_build_that_stops_on_its_input_leaves_no_typst_behind() {
    use std::os::unix::fs::PermissionsExt;
    // The pinned typst, through a script that notes each compile it starts.
    let typst = crate::common::pinned_typst();
    let work = tempfile::tempdir().unwrap();
    let (wrapper, log) = (work.path().join("typst"), work.path().join("started"));
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do [ \"$a\" = compile ] && echo compile >> '{}'; done\nexec '{}' \"$@\"\n",
            log.display(),
            typst.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let wrapper = wrapper.to_str().unwrap();
    let bad_reply = Project::fixture("small");
    bad_reply.write("submissions/chile.yaml", "from: Chile\nreceived: soon\n");
    // The fixture's Mexico contradicts itself: a warning.
    let strict = Project::fixture("small");
    for (p, args) in [
        (&bad_reply, &["build"][..]),
        (&strict, &["build", "--strict"][..]),
    ] {
        let _ = std::fs::remove_file(&log);
        let run = p.run_with_env(args, &[("SGREPORT_TYPST", wrapper)]);
        assert_eq!(run.code(), 1, "{args:?}: {}", run.stderr());
        // The wrapper notes every compile: none was started for input that
        // fails (it works: the same wrapper notes the good build's below).
        let started = std::fs::read_to_string(&log).unwrap_or_default();
        assert_eq!(started.lines().count(), 0, "{args:?}: typst was started");
        let project = p.path().to_string_lossy().into_owned();
        let running: Vec<String> = std::fs::read_dir("/proc")
            .unwrap()
            .filter_map(|e| std::fs::read(e.ok()?.path().join("cmdline")).ok())
            .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
            .filter(|c| c.contains(&project))
            .collect();
        assert!(running.is_empty(), "{args:?}: still running: {running:?}");
        let left = p.output_names();
        assert!(left.is_empty(), "{args:?}: left in output/: {left:?}");
    }
    // The wrapper does note compiles: a good build starts typst through it.
    let _ = std::fs::remove_file(&log);
    let good = Project::fixture("small");
    good.run_with_env(&["build"], &[("SGREPORT_TYPST", wrapper)])
        .success();
    let started = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(started.lines().count() >= 1, "the wrapper noted no compile");
}

/// Once, the package ban was a text scan: `#import "\u{40}preview/..."` or a
/// package name built at run time (`str.from-unicode(64) + ...`) passed
/// `check`, and typst tried to download the package. Now, however it is
/// spelt, it is an error at the layout's line, and typst attempts no
/// connection at all: here typst is run through a wrapper that points every
/// proxy variable at a loopback listener (over the ones sgreport sets, as
/// over the user's), so any request typst made would reach the listener; it
/// sees none.
#[cfg(unix)]
#[test]
fn a_package_import_in_any_spelling_is_an_error_at_the_layout_and_no_connection_is_attempted() {
    use std::os::unix::fs::PermissionsExt;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let proxy = format!("http://{}", listener.local_addr().unwrap());
    let names = [
        "HTTPS_PROXY",
        "HTTP_PROXY",
        "ALL_PROXY",
        "https_proxy",
        "http_proxy",
        "all_proxy",
    ];
    let work = tempfile::tempdir().unwrap();
    let (wrapper, log) = (work.path().join("typst"), work.path().join("started"));
    let exports: String = names
        .iter()
        .map(|v| format!("export {v}='{proxy}'\n"))
        .collect();
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\n{exports}for a in \"$@\"; do [ \"$a\" = compile ] && echo compile >> '{}'; done\nexec '{}' \"$@\"\n",
            log.display(),
            crate::common::pinned_typst().display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut vars: Vec<(&str, &str)> = names.iter().map(|v| (*v, proxy.as_str())).collect();
    vars.push(("SGREPORT_TYPST", wrapper.to_str().unwrap()));
    for (spelling, line) in [
        ("#import \"\\u{40}preview/cetz:0.2.2\": canvas\n", 1),
        (
            "#let p = str.from-unicode(64) + \"preview/cetz:0.2.2\"\n#import p: canvas\n",
            2,
        ),
    ] {
        let p = Project::fixture("small");
        p.write(
            "templates/un-report.typ",
            &format!("{spelling}{}", layout()),
        );
        let run = p.run_with_env(&["check"], &vars);
        let err = run.stderr();
        assert_eq!(run.code(), 1, "{err}");
        assert!(
            err.contains("the layout imports the typst package `@preview/cetz:0.2.2`, and sgreport never lets typst download packages"),
            "{err}"
        );
        assert!(
            err.contains(&format!(
                "layout template un-report.typ, line {line}: #import"
            )),
            "{err}"
        );
        assert!(!err.contains("from the reply"), "{err}");
    }
    // The name built at run time is seen by typst alone: it did run.
    let started = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(started.lines().count() >= 1, "typst never ran");
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("typst attempted a connection: {other:?}"),
    }
}

/// Once, a font in `fonts/` that was a link to `/etc/passwd`, read by the
/// layout (`read("font-8-evil.ttf")`), printed it in the PDF; the layout's
/// `read` of an absolute path must not leave typst's folder either.
#[cfg(unix)]
#[test]
fn the_layout_reads_nothing_outside_the_project() {
    let p = Project::fixture("small");
    std::fs::create_dir_all(p.path().join("fonts")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", p.path().join("fonts/evil.ttf")).unwrap();
    let run = p.run(&["check", "--message-format", "short"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("fonts/evil.ttf:1:1: error: the link points outside the project folder (to /etc/passwd)"),
        "{}",
        run.stderr()
    );
    p.remove("fonts/evil.ttf");
    p.write(
        "templates/un-report.typ",
        &format!("#let leak = read(\"/etc/passwd\")\n{}", layout()),
    );
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("layout template un-report.typ, line 1: #let leak = read(\"/etc/passwd\")"),
        "{}",
        run.stderr()
    );
}

/// Once, `&amp;` printed `&` and `\\` printed `\` in the PDF too: the
/// reply of [`crate::hazards::input::TYPED`] prints as typed there.
#[test]
fn references_and_backslashes_print_as_typed_in_the_pdf() {
    use crate::hazards::input::{SEEN, TYPED};
    let p = Project::fixture("small");
    p.write(
        "submissions/chile.yaml",
        &format!("from: Chile\nreceived: 2004-01-10\nanswers:\n  extent: '{TYPED}'\n"),
    );
    p.run(&["build"]).success();
    let text = compact(&pdf_pages(&p.bytes(MAIN_PDF)).concat());
    assert!(
        text.contains(&compact(SEEN)),
        "{} in:\n{text}",
        compact(SEEN)
    );
    assert!(!text.contains('\u{202E}'), "{text}");
}
