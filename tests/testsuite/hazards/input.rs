//! Hazards in the input: replies and report.yaml that once broke the tool.

use std::fs;

use crate::common::{body, Project};

const MAIN_MD: &str = "output/E_CN.15_2004_7.md";

/// `check --message-format short`: exit code and stderr.
fn check(p: &Project) -> (i32, String) {
    let run = p.run(&["check", "--message-format", "short"]);
    (run.code(), run.stderr())
}

/// Once, footnote labels were made from the file path, so
/// `african/kenya.yaml`, `african-kenya.yaml` and `african_kenya.yml` all
/// gave `african-kenya-note`, and every reference printed one file's note.
#[test]
fn footnotes_of_files_with_similar_names_stay_with_their_state() {
    let p = Project::fixture("small");
    for (file, state) in [
        ("submissions/african/kenya.yaml", "Kenya"),
        ("submissions/african-kenya.yaml", "Ghana"),
        ("submissions/african_kenya.yml", "Senegal"),
    ] {
        p.write(
            file,
            &format!(
                "from: {state}\nreceived: 2004-01-10\nanswers:\n  extent: \"{state} text.[^note] Also [^a b] and [^a-b].\\n\\n[^note]: Note of {state}.\\n\\n[^a b]: Spaced {state}.\\n\\n[^a-b]: Dashed {state}.\"\n"
            ),
        );
    }
    p.build_markdown();
    let md = p.read(MAIN_MD);
    for state in ["Kenya", "Ghana", "Senegal"] {
        for note in ["Note of", "Spaced", "Dashed"] {
            assert_eq!(
                md.matches(&format!("{note} {state}.")).count(),
                1,
                "{note} {state} once:\n{md}"
            );
        }
    }
    let labels: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("[^"))
        .map(|l| &l[..l.find("]:").unwrap()])
        .collect();
    let mut unique = labels.clone();
    unique.sort();
    unique.dedup();
    assert!(labels.len() >= 9, "{labels:?}");
    assert_eq!(
        unique.len(),
        labels.len(),
        "every footnote has its own label: {labels:?}"
    );
}

/// Once, a reply that was a link, or named `KENYA.YAML`, was skipped without
/// a word: `check` said "ok" and the State was missing from the report.
#[cfg(unix)]
#[test]
fn links_inside_the_project_and_upper_case_names_are_replies() {
    let p = Project::fixture("small");
    p.write(
        "drafts/kenya.yaml",
        "from: Kenya\nreceived: 2004-01-10\nanswers:\n  extent: Kenyan text.\n",
    );
    std::os::unix::fs::symlink(
        p.path().join("drafts/kenya.yaml"),
        p.path().join("submissions/kenya.yaml"),
    )
    .unwrap();
    p.write(
        "submissions/GHANA.YAML",
        "from: Ghana\nreceived: 2004-01-11\nanswers:\n  extent: Ghanaian text.\n",
    );
    p.build_markdown();
    let md = p.read(MAIN_MD);
    assert!(body(&md).contains("Kenyan text."), "{md}");
    assert!(body(&md).contains("Ghanaian text."), "{md}");
}

/// Once, a link pointing outside the project, or nowhere, was skipped too.
#[cfg(unix)]
#[test]
fn a_link_outside_the_project_or_to_nothing_is_an_error() {
    let p = Project::fixture("small");
    let outside = tempfile::NamedTempFile::new().unwrap();
    fs::write(outside.path(), "from: Kenya\nreceived: 2004-01-10\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), p.path().join("submissions/kenya.yaml")).unwrap();
    std::os::unix::fs::symlink(
        "/nowhere/at/all.yaml",
        p.path().join("submissions/ghana.yaml"),
    )
    .unwrap();
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("submissions/kenya.yaml"), "{err}");
    assert!(err.contains("submissions/ghana.yaml"), "{err}");
}

/// Once, deleting `submissions/` (in watch mode, or by mistake) built a
/// report with no replies at all over the good one.
#[test]
fn a_project_without_its_submissions_folder_is_an_error() {
    let p = Project::fixture("small");
    p.build_markdown();
    let before = p.output_files();
    fs::remove_dir_all(p.path().join("submissions")).unwrap();
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no submissions/ folder"), "{err}");
    assert_eq!(p.run(&["build", "--no-pdf"]).code(), 1);
    assert_eq!(before, p.output_files());
}

/// Once, `report.yaml` that was `/dev/zero` was read without bound (6.8 GB
/// in 30 s) and one that was a named pipe hung the tool.
#[cfg(unix)]
#[test]
fn report_yaml_that_is_a_device_or_a_pipe_is_refused_at_once() {
    let p = Project::fixture("small");
    fs::remove_file(p.path().join("report.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", p.path().join("report.yaml")).unwrap();
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("report.yaml"), "{err}");
    fs::remove_file(p.path().join("report.yaml")).unwrap();
    let fifo = std::ffi::CString::new(p.path().join("report.yaml").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("report.yaml") && err.contains("pipe"), "{err}");
}

/// Once, a negative number of years was accepted and lost its sign
/// ("ranged from 100 to 40"), a year given as `2001` and `"2001"` kept one
/// value silently, and totals near the largest integer wrapped.
#[test]
fn negative_repeated_and_oversized_figures_are_errors_at_their_place() {
    let p = Project::fixture("small");
    p.write(
        "submissions/chile.yaml",
        "from: Chile\nreceived: 2004-01-10\nindicators:\n  max_penalty_years: -40\nstatistics:\n  cases: {2001: 5, \"2001\": 6, 2002: 9223372036854775807, 2003: -1}\n",
    );
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    for place in [
        "submissions/chile.yaml:4:22: error: `max_penalty_years` is a count or a number of years and cannot be negative",
        "submissions/chile.yaml:6:20: error: the year 2001 is given twice",
        "submissions/chile.yaml:6:37: error: a figure this large cannot be added up exactly",
        "submissions/chile.yaml:6:64: error: a count cannot be negative",
    ] {
        assert!(err.contains(place), "{place} in:\n{err}");
    }
    assert!(err.contains("cannot be added up exactly"), "{err}");
}

/// Once, an unknown field hid every other problem of its file: the user
/// fixed one, ran again, and met the next.
#[test]
fn an_unknown_field_does_not_hide_the_other_problems_of_its_file() {
    let p = Project::fixture("small");
    p.write(
        "submissions/chile.yaml",
        "from: Chile\nrecieved: 2004-01-10\nanswers:\n  extnt: Text.\n",
    );
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("submissions/chile.yaml:2:1: error: unknown field `recieved`"),
        "{err}"
    );
    assert!(err.contains("did you mean `received`?"), "{err}");
    assert!(err.contains("submissions/chile.yaml:4:3:"), "{err}");
    assert!(err.contains("did you mean `extent`?"), "{err}");
}

/// Once, bidirectional control characters in a reply printed its words
/// reversed in the PDF, without a word to the editor.
#[test]
fn bidirectional_controls_in_a_reply_are_a_warning_at_their_line() {
    let p = Project::fixture("small");
    p.write(
        "submissions/chile.yaml",
        "from: Chile\nreceived: 2004-01-10\nanswers:\n  extent: \"Fine text.\\n\\nReversed \\u202Etext\\u202C here.\"\n",
    );
    let (code, err) = check(&p);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("submissions/chile.yaml:4:"), "{err}");
    assert!(err.contains("U+202E"), "{err}");
}

/// Once, words ran together: a newline inside an inline HTML tag or written
/// as `&#10;` was deleted ("<delclass", "foobar"), and a fenced code block of
/// blank lines printed a lone backslash.
#[test]
fn no_words_run_together_and_no_stray_backslash() {
    let p = Project::fixture("small");
    p.write(
        "submissions/chile.yaml",
        "from: Chile\nreceived: 2004-01-10\nanswers:\n  extent: \"Tag <del\\nclass=\\\"foo\\\"> and foo&#10;&#10;bar.\\n\\n```\\n\\n\\n```\\n\\nEnd.\"\n",
    );
    p.build_markdown();
    let md = p.read(MAIN_MD);
    let text = crate::common::fold(body(&md));
    assert!(text.contains("del class"), "{text}");
    assert!(!text.contains("foobar"), "{text}");
    assert!(!md.lines().any(|l| l.trim() == "\\"), "{md}");
}

/// Once, a NUL in the document symbol (which names the output files) made
/// the build fail as a tool failure (exit 2) instead of pointing at the input.
#[test]
fn a_symbol_no_file_name_can_hold_is_an_input_error() {
    let p = Project::fixture("small");
    let text = p.read("report.yaml").replace(
        "  symbol: E/CN.15/2004/7",
        "  symbol: \"E/CN.15/2004/7\\0x\"",
    );
    p.write("report.yaml", &text);
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("report.yaml:3:11: error: the symbol contains the control character U+0000"),
        "{err}"
    );
}

/// Once, a sub-folder of `submissions/` the user could not read was skipped
/// and the build exited 0, overwriting the good report with one that lacked
/// those replies. As root (CI runs as root), the binary runs without the
/// capabilities that let root read any folder, so the folder is unreadable
/// for it too.
#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_read_stops_the_build() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::fixture("small");
    p.build_markdown();
    let before = p.output_files();
    p.write(
        "submissions/locked/chile.yaml",
        "from: Chile\nreceived: 2004-01-10\n",
    );
    let locked = p.path().join("submissions/locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let mut cmd = p.command_bound_by_permissions();
    let out = cmd
        .args(["build", "--no-pdf", "--message-format", "short"])
        .current_dir(p.path())
        .output()
        .expect("setpriv (util-linux) runs the binary without root's read-anything capability");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("submissions/locked:1:1: error: cannot read the folder"),
        "{err}"
    );
    assert_eq!(before, p.output_files());
}

/// Once, an unknown field in report.yaml hid the file's other problems (serde
/// stops at the first one): fix one, run again, meet the next.
#[test]
fn report_yaml_reports_every_unknown_field_and_the_rest_at_once() {
    let p = Project::fixture("small");
    let text = p
        .read("report.yaml")
        .replace(
            "  organ: Economic and Social Council",
            "  organ: Economic and Social Council\n  symbl: X",
        )
        .replace("  place: Vienna", "  plase: Vienna")
        .replace("cutoff: 2004-02-15", "cutoff: 2004-02-31");
    p.write("report.yaml", &text);
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    for expected in [
        "error: unknown field `symbl` (did you mean `symbol`?)",
        "error: unknown field `plase` (did you mean `place`?)",
        "error: `cutoff` is not a valid date: February 2004 has no day 31",
    ] {
        assert!(err.contains(expected), "{expected} in:\n{err}");
    }
    // The misspelt `place` is read as `place`: no "missing field" follows.
    assert!(!err.contains("missing field"), "{err}");
}

/// Once, `from: Chile` with `kind: non-member-state` or `kind: organization`
/// was accepted without a word: Chile was printed among the non-member States
/// or the organizations, and `status --missing` listed it as not replied.
#[test]
fn a_member_state_cannot_reply_as_a_non_member_or_an_organization() {
    let p = Project::fixture("small");
    for (kind, name) in [("non-member-state", "Chile"), ("organization", "chile")] {
        p.write(
            "submissions/chile.yaml",
            &format!("from: {name}\nkind: {kind}\nreceived: 2004-01-10\n"),
        );
        let (code, err) = check(&p);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains(&format!(
                "submissions/chile.yaml:2:7: error: Chile is a Member State of the United Nations on 1 March 2004, not {}",
                if kind == "organization" { "an organization" } else { "a non-member State" }
            )),
            "{err}"
        );
        assert!(
            err.contains("(remove the line `kind:` and write `from: Chile`)"),
            "{err}"
        );
    }
    // A State that was not yet a Member on the report's date may reply as a
    // non-member State.
    p.write(
        "submissions/chile.yaml",
        "from: Montenegro\nkind: non-member-state\nreceived: 2004-01-10\n",
    );
    let (code, err) = check(&p);
    assert_eq!(code, 0, "{err}");
}

/// Once, `received: 0000-01-01` printed "1 January 0", a YAML tag was
/// honoured (`!!binary` decoded a base64 name the editor could not read in
/// the file) and a year listed twice in `statistics[].years` doubled its
/// column. Each is an error at its place.
#[test]
fn year_zero_yaml_tags_and_a_year_listed_twice_are_errors() {
    let p = Project::fixture("small");
    p.write(
        "submissions/chile.yaml",
        "from: !!binary Q2hpbGU=\nreceived: 0000-01-01\nanswers:\n  extent: !custom Text.\n",
    );
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "submissions/chile.yaml:1:7: error: YAML tags such as `!!binary` are not allowed"
        ),
        "{err}"
    );
    p.write(
        "submissions/chile.yaml",
        "from: Chile\nreceived: 0000-01-01\n",
    );
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("submissions/chile.yaml:2:11: error: `received` is not a valid date: there is no year 0"),
        "{err}"
    );
    p.remove("submissions/chile.yaml");
    let text = p
        .read("report.yaml")
        .replace("years: [2001, 2002, 2003]", "years: [2001, 2002, 2001]");
    p.write("report.yaml", &text);
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("report.yaml:37:25: error: the year 2001 is listed twice"),
        "{err}"
    );
}

/// The reply text of [`references_and_backslashes_in_a_reply_print_as_typed`]:
/// character references, backslashes, a backslash escape and a code span.
pub(crate) const TYPED: &str = "A &amp; B, C:\\\\D, &#x202E;E, \\* F and &lt;G&gt; in `\\\\code`.";

/// What a reader sees of [`TYPED`]: every character as typed (the code
/// span's backticks are not printed).
pub(crate) const SEEN: &str = "A &amp; B, C:\\\\D, &#x202E;E, \\* F and &lt;G&gt; in \\\\code.";

/// Once, `&amp;` printed `&`, `\\` printed `\` and `&#x202E;` smuggled a
/// direction control past the warning, though the contract says replies
/// print as typed.
#[test]
fn references_and_backslashes_in_a_reply_print_as_typed() {
    let p = Project::fixture("small");
    p.write(
        "submissions/chile.yaml",
        &format!("from: Chile\nreceived: 2004-01-10\nanswers:\n  extent: '{TYPED}'\n"),
    );
    let (code, err) = check(&p);
    assert_eq!(code, 0, "{err}");
    p.run(&["build", "--no-pdf", "--docx"]).success();
    let md = p.read(MAIN_MD);
    let line = md.lines().find(|l| l.contains("*Chile*.")).unwrap();
    assert_eq!(
        line,
        "5. *Chile*. A \\&amp; B, C:\\\\\\\\D, \\&\\#x202E;E, \\\\\\* F and \\&lt;G\\&gt; in \\\\\\\\code.",
        "{md}"
    );
    assert!(!md.contains('\u{202E}'), "{md}");
    let docx = p.bytes("output/E_CN.15_2004_7.docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let text: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("t"))
        .filter_map(|n| n.text())
        .collect();
    assert!(text.contains(SEEN), "{SEEN} in the Word text:\n{text}");
    assert!(!text.contains('\u{202E}'), "{text}");
}

/// Once, a template that was a named pipe, a link to `/dev/zero` or a link
/// out of the project was silently replaced by the built-in text (or, for
/// `/etc/passwd` included by another template, printed in the report), and
/// a font linked to `/etc/passwd` could be read by the layout. Each is an
/// error naming the file, at once.
#[cfg(unix)]
#[test]
fn templates_and_fonts_that_are_not_plain_files_inside_the_project_are_refused() {
    let p = Project::fixture("small");
    let fifo = |rel: &str| {
        let path = std::ffi::CString::new(p.path().join(rel).to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    };
    fs::create_dir_all(p.path().join("templates")).unwrap();
    fs::create_dir_all(p.path().join("fonts")).unwrap();
    fifo("templates/summary.md");
    std::os::unix::fs::symlink("/dev/zero", p.path().join("templates/conclusions.md")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", p.path().join("templates/extra.md")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", p.path().join("fonts/evil.ttf")).unwrap();
    let started = std::time::Instant::now();
    let (code, err) = check(&p);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{err}"
    );
    assert_eq!(code, 1, "{err}");
    for expected in [
        "templates/summary.md:1:1: error: this is a named pipe, not a file",
        "templates/conclusions.md:1:1: error: the link points outside the project folder (to /dev/zero)",
        "templates/extra.md:1:1: error: the link points outside the project folder (to /etc/passwd)",
    ] {
        assert!(err.contains(expected), "{expected} in:\n{err}");
    }
    for rel in [
        "templates/summary.md",
        "templates/conclusions.md",
        "templates/extra.md",
    ] {
        p.remove(rel);
    }
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("fonts/evil.ttf:1:1: error: the link points outside the project folder (to /etc/passwd)"),
        "{err}"
    );
}

/// Once, `SGREPORT_TEMPLATE_TIMEOUT=abc` was ignored (the default applied
/// without a word), a template doubling a string forty times exhausted the
/// memory before the time limit, and a time-out named no template.
#[test]
fn template_limits_that_cannot_be_read_and_runaway_templates_are_errors() {
    let p = Project::fixture("small");
    let run = p.run_with_env(
        &["check", "--no-pdf"],
        &[("SGREPORT_TEMPLATE_TIMEOUT", "abc")],
    );
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains(
            "error: SGREPORT_TEMPLATE_TIMEOUT is \"abc\"; it must be a positive number of seconds"
        ),
        "{}",
        run.stderr()
    );
    p.write(
        "templates/conclusions.md",
        "{% set_global s = \"xxxxxxxx\" %}{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}\n",
    );
    let run = p.run(&["build", "--no-pdf", "--message-format", "short"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains(
            "templates/conclusions.md:1:1: error: rendering the templates needed more than 1024 MiB of memory (the limit)"
        ),
        "{}",
        run.stderr()
    );
    p.write(
        "templates/conclusions.md",
        // 10^8 turns of loops over a list, not `range`: no budget stops
        // it, only the clock, however fast the machine.
        &format!(
            "{{% set l = [0,1,2,3,4,5,6,7,8,9] %}}{}{{% set y = h ~ \"abc\" %}}{}\n",
            ["a", "b", "c", "d", "e", "f", "g", "h"]
                .map(|v| format!("{{% for {v} in l %}}"))
                .concat(),
            "{% endfor %}".repeat(8)
        ),
    );
    let run = p.run_with_env(
        &["build", "--no-pdf", "--message-format", "short"],
        &[("SGREPORT_TEMPLATE_TIMEOUT", "0.5")],
    );
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("templates/conclusions.md:")
            && run
                .stderr()
                .contains("rendering the templates took longer than 0.5 s"),
        "{}",
        run.stderr()
    );
    assert!(!p.path().join("output/E_CN.15_2004_7.md").exists());
}

/// Once, a 300-character symbol passed `check`, and `build` failed with
/// "File name too long" and no location.
#[test]
fn check_refuses_a_symbol_too_long_to_name_a_file() {
    let p = Project::fixture("small");
    let long = format!("E/{}", "A".repeat(298));
    let text = p
        .read("report.yaml")
        .replace("  symbol: E/CN.15/2004/7", &format!("  symbol: {long}"));
    p.write("report.yaml", &text);
    let (code, err) = check(&p);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("report.yaml:3:11: error: the symbol is 300 bytes long; the output files are named after it, and a symbol may have at most 120"),
        "{err}"
    );
}

/// Once, a template the user could not read (mode 000) was silently
/// replaced by the built-in text. As root, the binary runs without the
/// capabilities that let root read any file (see
/// [`a_folder_that_cannot_be_read_stops_the_build`]).
#[cfg(unix)]
#[test]
fn a_template_that_cannot_be_read_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::fixture("small");
    p.write("templates/summary.md", "A summary of our own.\n");
    let file = p.path().join("templates/summary.md");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o000)).unwrap();
    let mut cmd = p.command_bound_by_permissions();
    let out = cmd
        .args(["check", "--no-pdf", "--message-format", "short"])
        .current_dir(p.path())
        .output()
        .expect("setpriv (util-linux) runs the binary without root's read-anything capability");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("templates/summary.md:1:1: error: cannot read the file: Permission denied"),
        "{err}"
    );
}

#[test]
fn a_runaway_template_stops_the_build_after_one_time_limit_not_one_per_document() {
    // The fixture has a report and an addendum, rendered side by side;
    // both would run into the same endless loop.
    let p = Project::fixture("small");
    p.write(
        "templates/report.md",
        &format!(
            "{{% set l = [0,1,2,3,4,5,6,7,8,9] %}}{}x{}\n",
            ["a", "b", "c", "d", "e", "f", "g", "h"]
                .map(|v| format!("{{% for {v} in l %}}"))
                .concat(),
            "{% endfor %}".repeat(8)
        ),
    );
    let started = std::time::Instant::now();
    let run = p.run_with_env(
        &["build", "--no-pdf", "--message-format", "short"],
        &[("SGREPORT_TEMPLATE_TIMEOUT", "1.5")],
    );
    let took = started.elapsed();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("rendering the templates took longer than 1.5 s"),
        "{}",
        run.stderr()
    );
    assert!(
        took < std::time::Duration::from_millis(2900),
        "two time limits were waited for: {took:?}"
    );
}
