//! The PDF, end to end through the binary and the pinned typst. These tests
//! need typst 0.15.1: the binary finds it or installs it into the per-user
//! cache itself (a one-time step), exactly as a user's first build does.
//!
//! The tests that only read a build of the `small` fixture share one
//! ([`shared_build`]); a test that edits the project or builds again makes
//! its own with [`built`].

use crate::common::{body, compact, fold, paragraph_numbers, pdf_pages, shared_build, Project};

const MAIN_PDF: &str = "output/E_CN.15_2004_7.pdf";
const ADD_PDF: &str = "output/E_CN.15_2004_7_Add.1.pdf";
const MAIN_MD: &str = "output/E_CN.15_2004_7.md";
const ADD_MD: &str = "output/E_CN.15_2004_7_Add.1.md";

/// A copy of the `small` fixture of this test's own, built (Markdown and PDF).
fn built() -> Project {
    let p = Project::fixture("small");
    p.run(&["build"]).success();
    p
}

#[test]
fn page_one_has_the_front_matter_in_order() {
    let p = shared_build();
    let pages = pdf_pages(&p.bytes(MAIN_PDF));
    let one = compact(&pages[0]);
    let expected = [
        "United Nations",
        "E/CN.15/2004/7",
        "Economic and Social Council",
        "Distr.: General",
        "1 March 2004",
        "Original: English",
        "Commission on Crime Prevention and Criminal Justice",
        "Thirteenth session",
        "Vienna, 11-20 May 2004",
        "Item 4 of the provisional agenda*",
        "International cooperation in the prevention,",
        "Report of the Secretary-General",
        "Summary",
        "* E/CN.15/2004/1.",
        "V.04-51234 (E)",
        "*0451234*",
    ];
    let mut at = 0;
    for s in expected {
        let s = compact(s);
        let found = one[at..]
            .find(&s)
            .unwrap_or_else(|| panic!("{s:?} not found after position {at} on page 1:\n{one}"));
        at += found + s.len();
    }
}

#[test]
fn contents_pages_are_the_pages_where_chapters_start() {
    let p = shared_build();
    let pages: Vec<String> = pdf_pages(&p.bytes(MAIN_PDF))
        .iter()
        .map(|s| fold(s))
        .collect();
    let contents_at = pages
        .iter()
        .position(|pg| pg.contains("Contents") && pg.contains("Paragraphs"))
        .expect("contents page");
    let contents = &pages[contents_at];
    for (title, heading) in [
        ("Introduction", "I. Introduction"),
        ("Replies received", "II. Replies received"),
        (
            "Conclusions and recommendations",
            "III. Conclusions and recommendations",
        ),
    ] {
        // "I. Introduction ....... 1-4 3": the last number on the entry's line is the page.
        let after = &contents[contents
            .find(&format!("{title} "))
            .unwrap_or_else(|| panic!("{title} in contents"))..];
        let numbers: Vec<&str> = after
            .split_whitespace()
            .filter(|w| w.chars().all(|c| c.is_ascii_digit() || c == '-'))
            .take(2)
            .collect();
        let page: usize = numbers[1].parse().unwrap();
        let start = pages
            .iter()
            .skip(contents_at + 1)
            .position(|pg| compact(pg).contains(&compact(heading)))
            .unwrap_or_else(|| panic!("{heading} in body"))
            + contents_at
            + 2;
        assert_eq!(
            page, start,
            "contents say {title} is on page {page}; it starts on page {start}"
        );
    }
}

#[test]
fn paragraph_numbers_in_the_pdf_are_those_of_the_markdown() {
    let p = shared_build();
    for (pdf, md) in [(MAIN_PDF, MAIN_MD), (ADD_PDF, ADD_MD)] {
        let md = p.read(md);
        let text = compact(&pdf_pages(&p.bytes(pdf)).join(" "));
        for line in body(&md)
            .lines()
            .filter(|l| !paragraph_numbers(l).is_empty())
        {
            // "12. First words of the paragraph"
            let (num, rest) = line.split_once(". ").unwrap();
            let words: Vec<&str> = rest.split_whitespace().take(3).collect();
            // The PDF prints straight apostrophes as typographic ones.
            let plain = words
                .join(" ")
                .replace(['*', '\\'], "")
                .replace('\'', "\u{2019}");
            let needle = format!("{num}. {plain}");
            assert!(
                text.contains(&compact(&needle)),
                "{needle:?} not in the PDF of {pdf}"
            );
        }
    }
}

#[test]
fn the_addendum_has_its_own_numbering_and_masthead() {
    let p = shared_build();
    let text = compact(&pdf_pages(&p.bytes(ADD_PDF)).join(" "));
    for s in [
        "E/CN.15/2004/7/Add.1",
        "Addendum",
        "1. The report of the Secretary-General (E/CN.15/2004/7) summarized",
        "Nigeria. An increase in kidnappings for ransom was reported.",
    ] {
        assert!(
            text.contains(&compact(s)),
            "{s:?} not in the addendum's PDF"
        );
    }
}

#[test]
fn hostile_strings_are_printed_as_typed_and_nothing_runs() {
    let p = Project::fixture("small");
    let hostile = [
        "#set text(red)",
        "#read(\"/etc/passwd\")",
        "#import \"@preview/x:1.0.0\"",
        "unbalanced ] ) } [ ( {",
        "// not a comment",
        "/* nor this */",
        "$x^2$",
        "@label <label>",
        "= not a heading",
        "~ ' \" -- ...",
        "end with a backslash \\",
    ];
    // In a plain-text field (an organization's name) and in an answer.
    for (i, h) in hostile.iter().enumerate() {
        let yaml_text = h.replace('\\', "\\\\").replace('"', "\\\"");
        p.write(
            &format!("submissions/org{i}.yaml"),
            &format!("from: \"Org {yaml_text}\"\nkind: organization\nreceived: 2004-01-{:02}\nanswers:\n  extent: \"Says {yaml_text} ok\"\n", i + 1),
        );
    }
    p.run(&["build", "--keep-typ"]).success();
    let text = compact(&pdf_pages(&p.bytes(MAIN_PDF)).join(" "));
    // Contract 1.1: straight quotes and apostrophes print as typographic
    // ones; no other character changes.
    let typographic = |h: &str| {
        h.replace("(\"", "(\u{201C}")
            .replace(" \"", " \u{201C}")
            .replace(" '", " \u{2018}")
            .replace('"', "\u{201D}")
    };
    for h in hostile {
        let h = compact(&typographic(h));
        // A name is plain text, shown exactly as typed.
        assert!(
            text.contains(&format!("Org{h}")),
            "{h:?} not shown as typed in the PDF"
        );
        // So is an answer's text, where it has no Markdown in it.
        assert!(
            text.contains(&format!("Says{h}ok")),
            "{h:?} in an answer not shown as typed in the PDF"
        );
    }
    // Nothing ran: no red text, no file read, no package.
    let typ = p.read("output/E_CN.15_2004_7.typ");
    assert!(!typ.contains("#set text(red)"));
    assert!(!typ.contains("#read("));
    assert!(!text.contains("root:"));
}

#[test]
fn two_builds_give_byte_identical_pdfs() {
    let p = built();
    let first = p.bytes(MAIN_PDF);
    let first_add = p.bytes(ADD_PDF);
    p.run(&["build"]).success();
    assert!(
        first == p.bytes(MAIN_PDF),
        "the PDF changed between two builds of the same input"
    );
    assert!(first_add == p.bytes(ADD_PDF));
}

#[test]
fn a_failed_build_keeps_the_previous_pdf_and_markdown() {
    let p = built();
    let before = p.output_files();
    p.write(
        "submissions/broken.yaml",
        "from: Chile\nreceived: not a date\n",
    );
    let run = p.run(&["build"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("--> submissions/broken.yaml:2:11"),
        "{}",
        run.stderr()
    );
    assert_eq!(before, p.output_files());
}

#[test]
fn a_typst_failure_keeps_the_previous_output_and_shows_the_line() {
    let p = built();
    let before = p.output_files();
    p.write("templates/un-report.typ", "#let un-document(symbol: \"\", body) = body\n#let masthead(..args) = undefined-function()\n");
    let run = p.run(&["build"]);
    // A broken layout template is a problem in the input: exit 1.
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let err = run.stderr();
    assert!(
        err.contains("typst could not compile E_CN.15_2004_7"),
        "{err}"
    );
    assert!(
        err.contains("error: unknown variable: undefined-function\n  ┌─ un-report.typ:2:24"),
        "{err}"
    );
    assert!(
        err.contains(
            "layout template un-report.typ, line 2: #let masthead(..args) = undefined-function()"
        ),
        "{err}"
    );
    assert_eq!(before, p.output_files());
}

#[test]
fn advance_unedited_version_is_printed_on_page_one() {
    let p = Project::fixture("small");
    let text = p.read("report.yaml").replace(
        "  job_number: V.04-51234 (E)",
        "  job_number: V.04-51234 (E)\n  status: advance-unedited",
    );
    p.write("report.yaml", &text);
    p.run(&["build"]).success();
    let pages = pdf_pages(&p.bytes(MAIN_PDF));
    assert!(compact(&pages[0]).contains(&compact("Advance unedited version")));
    assert!(p.read(MAIN_MD).contains("\nAdvance unedited version\n"));
}

#[test]
fn two_builds_at_once_leave_complete_outputs() {
    let p = Project::fixture("small");
    let spawn = || {
        p.command()
            .arg("build")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    for build in [a, b] {
        let out = build.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a build failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let alone = shared_build();
    assert!(
        p.bytes(MAIN_PDF) == alone.bytes(MAIN_PDF),
        "concurrent builds produced a different PDF"
    );
    assert_eq!(p.read(MAIN_MD), alone.read(MAIN_MD));
    // No temporary files are left behind.
    let names = p.output_names();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

#[test]
fn doctor_names_the_pinned_typst() {
    let p = shared_build();
    let run = p.run(&["doctor"]);
    run.success();
    assert!(run.stdout().contains("pinned typst version: 0.15.1"));
    assert!(
        run.stdout().contains("(0.15.1), the pinned version"),
        "{}",
        run.stdout()
    );
}

#[test]
fn hostile_text_in_report_yaml_is_printed_as_typed() {
    let p = Project::fixture("small");
    let text = p
        .read("report.yaml")
        .replace(
            "heading: Legislation and penalties",
            "heading: \"Laws #1 [draft] *new* <b>x</b> $5 @ref // \\\\ #\"",
        )
        .replace("place: Vienna", "place: \"Vienna #set\"");
    p.write("report.yaml", &text);
    p.run(&["build"]).success();
    let md = p.read(MAIN_MD);
    assert!(
        md.contains(
            "## B. Laws \\#1 \\[draft\\] \\*new\\* \\<b\\>x\\</b\\> \\$5 @ref // \\\\ \\#\n"
        ),
        "{md}"
    );
    let text = compact(&pdf_pages(&p.bytes(MAIN_PDF)).join(" "));
    assert!(
        text.contains(&compact(
            "B. Laws #1 [draft] *new* <b>x</b> $5 @ref // \\ #"
        )),
        "heading not as typed"
    );
    assert!(text.contains(&compact("Vienna #set, 11-20 May 2004")));
}

#[test]
fn a_typst_failure_inside_a_paragraph_names_the_paragraph_and_the_reply() {
    let p = built();
    let layout = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/un-report.typ"
    ))
    .unwrap();
    // A layout that cannot set paragraph 6 (Colombia's second paragraph).
    let broken = layout.replace(
        "#let para(num, body) = grid(",
        "#let para(num, body) = if num == \"6\" { panic(\"cannot set paragraph \" + num) } else { grid(",
    );
    let broken = broken.replacen("  num + \".\", body,\n)", "  num + \".\", body,\n) }", 1);
    assert_ne!(broken, layout);
    p.write("templates/un-report.typ", &broken);
    let before = p.output_files();
    let run = p.run(&["build"]);
    // typst rejected the input (layout and reply): exit 1.
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    for expected in [
        "error: panicked with: cannot set paragraph 6",
        "while calling `para` at document.typ:",
        "paragraph 6",
        "from the reply submissions/colombia.yaml, line 9, column 5",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert_eq!(before, p.output_files());
}

#[test]
fn without_typst_the_markdown_is_written_and_the_old_pdf_goes_with_its_generation() {
    let p = built();
    let old_pdf = p.bytes(MAIN_PDF);
    p.write(
        "submissions/chile.yaml",
        "from: Chile\nreceived: 2004-01-05\nanswers:\n  extent: New reply.\n",
    );
    let no_typst = p.path().join("no-such-typst");
    let run = p.run_with_env(
        &["build"],
        &[("SGREPORT_TYPST", no_typst.to_str().unwrap())],
    );
    assert_eq!(run.code(), 2);
    let err = run.stderr();
    assert!(err.contains("does not run as typst"), "{err}");
    assert!(err.contains("The Markdown was written"), "{err}");
    assert!(
        err.contains("the PDFs were not made, and those of the earlier build were removed"),
        "{err}"
    );
    assert!(p.read(MAIN_MD).contains("*Chile*. New reply."));
    // A PDF without the new reply beside the Markdown with it would be two
    // generations: it goes.
    assert!(!old_pdf.is_empty());
    assert!(!p.path().join(MAIN_PDF).exists());
}

#[test]
fn quotes_and_apostrophes_print_typographic_in_the_pdf() {
    let p = Project::fixture("small");
    p.write(
        "submissions/cote.yaml",
        "from: Côte d'Ivoire\nreceived: 2004-01-05\nanswers:\n  extent: 'The \"serious crime\" of the Children''s Code, *\"emphasised\"*.'\n",
    );
    p.run(&["build"]).success();
    let text = compact(&pdf_pages(&p.bytes(MAIN_PDF)).join(" "));
    for s in [
        "C\u{f4}te d\u{2019}Ivoire",
        "The \u{201C}serious crime\u{201D} of the Children\u{2019}s Code, \u{201C}emphasised\u{201D}.",
    ] {
        assert!(text.contains(&compact(s)), "{s:?} not in the PDF");
    }
    assert!(!text.contains("d'Ivoire") && !text.contains("\"serious"));
}

#[test]
fn the_agenda_title_is_on_the_masthead_under_the_item() {
    let p = Project::fixture("small");
    let text = p.read("report.yaml").replace(
        "  agenda_item: 4\n",
        "  agenda_item: 4\n  agenda_title: Crime prevention and criminal justice\n",
    );
    p.write("report.yaml", &text);
    p.run(&["build"]).success();
    let page1 = compact(&pdf_pages(&p.bytes(MAIN_PDF))[0]);
    let item = page1
        .find(&compact("Item 4 of the provisional agenda"))
        .unwrap();
    let title = page1
        .find(&compact("Crime prevention and criminal justice"))
        .expect("agenda title on page 1");
    assert!(item < title);
}

/// Two typst compiles side by side on a small machine stood in each other's
/// way when each took a thread per processor: the longest compile (the
/// report's, or with `--review` the report's review copy, longer still)
/// keeps typst's default and every other one beside it gets one thread.
#[cfg(unix)]
#[test]
fn the_report_compiles_with_typsts_threads_and_the_addendum_beside_it_with_one() {
    for (args, compiles) in [(&["build", "-q"][..], 2), (&["build", "-q", "--review"], 4)] {
        let calls = typst_calls(args);
        assert_eq!(calls.len(), compiles, "{args:?}: {calls:#?}");
        let all_threads: Vec<&String> = calls.iter().filter(|c| !c.contains("--jobs")).collect();
        assert_eq!(all_threads.len(), 1, "{args:?}: {calls:#?}");
        assert!(
            all_threads[0].ends_with("symbol: \"E/CN.15/2004/7\""),
            "{calls:#?}"
        );
        for call in &calls {
            assert!(
                call.contains("--jobs 1 ") || !call.contains("--jobs"),
                "{call}"
            );
        }
    }
}

/// typst warns of nothing compiling the fixture's documents with the
/// layout. A build throws typst's warnings away, yet they cost time: a face
/// the layout named but typst was never given made each compile about 5 ms
/// slower (typst looked for it, and warned, every time).
#[test]
fn typst_warns_of_nothing_compiling_the_fixture() {
    let p = Project::fixture("small");
    p.run(&["build", "-q", "--keep-typ"]).success();
    let doctor = p.run(&["doctor"]).stdout();
    let typst = doctor
        .lines()
        .find_map(|l| l.strip_prefix("typst:"))
        .and_then(|l| l.trim().split(" (").next())
        .unwrap_or_else(|| panic!("no typst in: {doctor}"))
        .to_string();
    let layout = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/un-report.typ");
    std::fs::copy(layout, p.path().join("output/un-report.typ")).unwrap();
    for typ in ["E_CN.15_2004_7.typ", "E_CN.15_2004_7_Add.1.typ"] {
        let out = std::process::Command::new(&typst)
            .args(["compile", "--ignore-system-fonts", "--input"])
            .arg("font=Libertinus Serif")
            .args([typ, "check.pdf"])
            .current_dir(p.path().join("output"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{typ}: {stderr}");
        assert_eq!(stderr, "", "{typ}");
    }
}

/// typst runs in a folder of its own per PDF, kept in
/// `output/.sgreport/typst/` from one build to the next, holding only the
/// layout (and links to font files); a build for a new symbol leaves only
/// the new symbol's outputs and folders.
#[cfg(unix)]
#[test]
fn typst_runs_in_a_kept_folder_per_pdf_and_an_old_symbols_outputs_and_folders_go() {
    let p = Project::fixture("small");
    let rooms = p.path().join("output/.sgreport/typst");
    let names = |dir: &std::path::Path| {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let calls = typst_calls_in(&p, &["build", "-q", "--review"]);
    let pdfs = [
        "E_CN.15_2004_7.pdf",
        "E_CN.15_2004_7.review.pdf",
        "E_CN.15_2004_7_Add.1.pdf",
        "E_CN.15_2004_7_Add.1.review.pdf",
    ];
    assert_eq!(names(&rooms), pdfs);
    let mut roots: Vec<String> = calls
        .iter()
        .map(|c| {
            let root = c.split(" --root ").nth(1).unwrap().split(' ').next();
            root.unwrap().to_string()
        })
        .collect();
    roots.sort();
    let expected: Vec<String> = pdfs
        .iter()
        .map(|n| rooms.join(n).display().to_string())
        .collect();
    assert_eq!(roots, expected);
    for pdf in pdfs {
        // The layout and links to the body face's files (whichever this
        // machine has); the PDF typst made there was taken into output/.
        let room = rooms.join(pdf);
        let kept = names(&room);
        assert!(
            kept.contains(&"un-report.typ".to_string()),
            "{pdf}: {kept:?}"
        );
        for name in kept.iter().filter(|n| *n != "un-report.typ") {
            assert!(name.starts_with("font-"), "{pdf}: {kept:?}");
            assert!(room.join(name).symlink_metadata().unwrap().is_symlink());
        }
    }
    let text = p
        .read("report.yaml")
        .replace("E/CN.15/2004/7", "E/CN.15/2005/3");
    p.write("report.yaml", &text);
    typst_calls_in(&p, &["build", "-q"]);
    assert_eq!(
        names(&rooms),
        ["E_CN.15_2005_3.pdf", "E_CN.15_2005_3_Add.1.pdf"]
    );
    let outputs = p.output_names();
    assert!(!outputs.is_empty());
    assert!(
        outputs.iter().all(|n| n.starts_with("E_CN.15_2005_3")),
        "{outputs:?}"
    );
}

/// The command lines typst is given by `sgreport <args>` in a copy of the
/// small fixture (see [`typst_calls_in`]).
#[cfg(unix)]
fn typst_calls(args: &[&str]) -> Vec<String> {
    typst_calls_in(&Project::fixture("small"), args)
}

/// The command lines typst is given by `sgreport <args>` in `p`, each
/// followed by the document's `symbol: "..."`, from a stand-in typst that
/// records them, reads the document and writes a stub PDF.
#[cfg(unix)]
fn typst_calls_in(p: &Project, args: &[&str]) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    let log = p.path().join("typst-calls.log");
    let _ = std::fs::remove_file(&log);
    let fake = p.path().join("fake-typst");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\n\
             if [ \"$1\" = --version ]; then echo 'typst 0.15.1'; exit 0; fi\n\
             doc=$(cat)\n\
             symbol=$(printf '%s' \"$doc\" | grep -o 'symbol: \"[^\"]*\"' | head -n 1)\n\
             echo \"$* $symbol\" >> '{}'\n\
             for last in \"$@\"; do :; done\n\
             printf '%%PDF-1.7\\n%%%%EOF\\n' > \"$last\"\n",
            log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = p
        .command()
        .args(args)
        .env("SGREPORT_TYPST", &fake)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let calls = std::fs::read_to_string(&log).unwrap();
    calls.lines().map(str::to_string).collect()
}

/// A mistake in the layout is the layout's: the message names its line and
/// never a reply (once, a missing `)` was traced to a reply by its words).
#[test]
fn a_typst_failure_in_the_layout_names_the_layout_never_a_reply() {
    let p = Project::fixture("small");
    let layout = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/un-report.typ"
    ))
    .unwrap();
    let broken = layout.replacen(
        "#let box-title(t) = align(center, text(size: 11pt, weight: \"bold\", t))",
        "#let box-title(t) = align(center, text(size: 11pt, weight: \"bold\", t)",
        1,
    );
    assert_ne!(broken, layout);
    p.write("templates/un-report.typ", &broken);
    let run = p.run(&["build"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(err.contains("layout template "), "{err}");
    assert!(err.contains("un-report.typ, line "), "{err}");
    assert!(!err.contains("from the reply"), "{err}");
}
