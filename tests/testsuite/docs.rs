//! The user guide (the mdBook in `docs/`) and the README stay true to the
//! program: every page of `SUMMARY.md` exists and every internal link (and
//! `#anchor`) leads somewhere; every command, argument and flag of `--help`
//! has its line on the command's page and no page documents one that does
//! not exist; the `sh` examples run; the messages shown in Troubleshooting
//! are the ones the program prints; every field of the input format, every
//! variable a template receives (from a real render), every filter and every
//! function of the layout is documented.
//!
//! How the examples run (also told to writers in
//! `docs/src/commands/README.md`): each ```` ```sh ```` block with a line
//! starting with `sgreport` runs as an `sh -e` script in a copy of the sample
//! project (the repository's `report.yaml`, `submissions/`, `templates/`),
//! one copy per page, its blocks in order, a `cd` carried to the next block.
//! `--no-pdf` is added to every command whose `--help` has that flag, so
//! that the guide's examples take seconds and need no typst: the PDFs are
//! tested in `pdf/`, and a flag that `--no-pdf` cannot be combined with
//! still fails the run. A line ending in `# exits N` must exit with N. A
//! block preceded by `<!-- not run: reason -->` is skipped; the reason is
//! required.

mod architecture;
mod guide;
mod help;

use std::fs;
use std::path::Path;

use crate::common::{template_filters, Project, BUILTIN_TEMPLATES};

use guide::Page;

/// A page of the guide, by its path under `docs/src/`.
fn doc(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/src")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_format_pages_have_every_field_of_contract_1_2() {
    let format = doc("report-yaml.md") + &doc("replies.md");
    for field in [
        "symbol",
        "organ",
        "date",
        "original_language",
        "distribution",
        "job_number",
        "status",
        "session",
        "body",
        "number",
        "place",
        "opens",
        "closes",
        "agenda_item",
        "agenda_title",
        "provisional_agenda",
        "title",
        "report_of",
        "mandate",
        "resolution",
        "adopted",
        "paragraph",
        "request",
        "previous_reports",
        "note_verbale",
        "cutoff",
        "word_limit",
        "topics",
        "key",
        "heading",
        "overview",
        "indicators",
        "type",
        "says",
        "says_plural",
        "topic",
        "conclusions",
        "statistics",
        "label",
        "years",
        "chart",
        "from",
        "kind",
        "acronym",
        "received",
        "reference",
        "language",
        "answers",
        "internal_note",
        // 1.2
        "addendum_job_number",
        "question",
        "says_not",
        "unit",
    ] {
        assert!(
            format.contains(&format!("`{field}`"))
                || format.contains(&format!("`{field}[]"))
                || format.contains(&format!(".{field}`")),
            "docs/src/report-yaml.md or replies.md lacks `{field}`"
        );
    }
    for value in [
        "advance-unedited",
        "non-member-state",
        "organization",
        "yes-no",
        "bars",
        "lines",
    ] {
        assert!(
            format.contains(value),
            "docs/src/report-yaml.md or replies.md lacks {value}"
        );
    }
}

#[test]
fn the_template_page_lists_every_variable_and_filter() {
    let templates = doc("wording.md");
    let p = Project::fixture("small");
    let run = p.run(&["templates", "--variables"]);
    run.success();
    let out = run.stdout();
    let paths: Vec<&str> = out
        .lines()
        .take_while(|l| !l.starts_with("Top-level"))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| {
            w.chars()
                .all(|c| c.is_ascii_lowercase() || "_.[]".contains(c))
        })
        .collect();
    assert!(paths.len() > 50, "{out}");
    for path in paths {
        assert!(
            templates.lines().any(|l| l.split_whitespace().next() == Some(path)),
            "docs/src/wording.md lacks the variable {path}: regenerate its list with `sgreport templates --variables` in tests/fixtures/small"
        );
    }
    for filter in template_filters() {
        assert!(
            templates.contains(&format!("`{filter}")),
            "docs/src/wording.md lacks the filter {filter}"
        );
    }
    for (name, _) in BUILTIN_TEMPLATES {
        assert!(
            templates.contains(&format!("`{name}`")),
            "docs/src/wording.md lacks {name}"
        );
    }
}

#[test]
fn the_layout_page_lists_every_function_of_the_layout() {
    let layout = doc("layout.md");
    let typ = BUILTIN_TEMPLATES
        .iter()
        .find(|(n, _)| *n == "un-report.typ")
        .unwrap()
        .1;
    for line in typ.lines() {
        let Some(rest) = line.strip_prefix("#let ") else {
            continue;
        };
        let Some(name) = rest
            .split('(')
            .next()
            .filter(|n| rest.contains('(') && !n.contains(' '))
        else {
            continue;
        };
        assert!(
            layout.contains(&format!("`{name}(")),
            "docs/src/layout.md lacks {name}"
        );
    }
}

#[test]
fn help_lines_and_the_readme_point_to_docs() {
    let p = Project::fixture("small");
    p.write("submissions/new.yaml", "from: Chile\n");
    let run = p.run(&["check", "--no-pdf"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("(see docs/format.md)"),
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("FORMAT.md"), "{}", run.stderr());
    let readme = guide::read_repo_file("README.md");
    for page in [
        "docs/src/getting-started.md",
        "docs/src/replies.md",
        "docs/src/report-yaml.md",
        "docs/src/commands/README.md",
        "docs/src/wording.md",
        "docs/src/layout.md",
        "docs/src/troubleshooting.md",
    ] {
        assert!(readme.contains(page), "README.md does not point to {page}");
    }
    // A user's clone has nothing beside it: no path leads out of it.
    assert!(
        !readme.contains("../"),
        "README.md sends readers outside the repository"
    );
}

#[test]
fn the_readme_is_one_screen_of_what_a_user_needs() {
    let readme = guide::read_repo_file("README.md");
    let lines = readme.lines().count();
    assert!(lines <= 150, "README.md has {lines} lines; at most 150");
    // CI runs the README's test command; the sample's command is the other.
    for command in [
        "cargo test",
        "cargo run --release -- build",
        "cargo install --path .",
    ] {
        assert!(readme.contains(command), "README.md lacks `{command}`");
    }
    for step in [
        "sgreport init",
        "sgreport check",
        "sgreport build",
        "output/",
    ] {
        assert!(
            readme.contains(step),
            "README.md's Getting started lacks {step}"
        );
    }
    assert!(
        readme.contains("illustrative"),
        "README.md must say the sample is illustrative"
    );
}

#[test]
fn every_page_of_the_summary_exists_and_every_page_is_in_it() {
    let listed = guide::summary_pages();
    assert!(listed.len() > 10, "{listed:?}");
    for page in &listed {
        assert!(
            guide::src_dir().join(page).is_file(),
            "docs/src/SUMMARY.md names {page}, which does not exist"
        );
    }
    for page in guide::markdown_files_under(&guide::src_dir()) {
        assert!(
            page == "SUMMARY.md" || listed.contains(&page),
            "docs/src/{page} is not in docs/src/SUMMARY.md, so the book leaves it out"
        );
    }
}

#[test]
fn every_internal_link_and_anchor_leads_somewhere() {
    let pages = guide::all_pages();
    let mut broken = Vec::new();
    for page in &pages {
        for link in page.links() {
            if let Err(why) = guide::resolve(page, &link) {
                broken.push(format!("{}: {link}: {why}", page.name));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_command_argument_and_flag_of_help_is_on_its_page() {
    let commands = help::walk();
    assert!(commands.len() >= 9, "{commands:?}");
    let globals = &commands[0];
    let index = Page::read_src("commands/README.md");
    let mut problems = help::compare(
        "docs/src/commands/README.md, Global flags",
        &globals.flags,
        &index.list_section("Global flags"),
    );
    for command in &commands[1..] {
        problems.extend(help::check_page(command, &globals.flags));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_command_page_is_a_command() {
    let commands = help::walk();
    let names: Vec<String> = commands[1..].iter().map(|c| c.page_name()).collect();
    for page in guide::markdown_files_under(&guide::src_dir().join("commands")) {
        let stem = page.trim_end_matches(".md");
        assert!(
            stem == "README" || names.iter().any(|n| n == stem),
            "docs/src/commands/{page} documents a command sgreport does not have (its commands: {names:?})"
        );
    }
}

// The examples are shell scripts: they run where `sh` is.
#[cfg(unix)]
#[test]
fn the_sh_examples_of_the_guide_run_against_the_sample() {
    let no_pdf = help::commands_with_flag("--no-pdf");
    let mut ran = 0;
    for page in guide::all_pages() {
        ran += guide::run_examples(&page, &no_pdf);
    }
    // Every command page has one, and so do the other pages that show commands.
    assert!(ran >= 25, "only {ran} examples ran");
}

#[test]
fn the_yaml_examples_of_replies_and_report_yaml_are_valid() {
    // Troubleshooting shows mistakes on purpose; every other reply (a block
    // starting `from:`) must pass `check` in the sample, and every whole
    // report.yaml (starting `document:`) in a project of its own.
    let mut checked = 0;
    for page in guide::all_pages() {
        if page.name.ends_with("troubleshooting.md") {
            continue;
        }
        for block in page.blocks("yaml") {
            let sample = guide::sample_copy();
            if block.starts_with("from:") {
                fs::write(sample.path().join("submissions/example.yaml"), &block).unwrap();
            } else if block.starts_with("document:") {
                fs::remove_dir_all(sample.path().join("submissions")).unwrap();
                fs::create_dir(sample.path().join("submissions")).unwrap();
                fs::write(sample.path().join("report.yaml"), &block).unwrap();
            } else {
                continue;
            }
            let run = guide::sgreport(sample.path(), &["check", "--no-pdf", "--color", "never"]);
            assert!(
                run.status.success(),
                "{}: this example is not valid:\n{block}\n{}",
                page.name,
                String::from_utf8_lossy(&run.stderr)
            );
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} YAML examples checked");
}

#[test]
fn the_troubleshooting_messages_are_the_programs() {
    let page = Page::read_src("troubleshooting.md");
    let mistakes = page.mistakes("Common mistakes in replies");
    assert!(mistakes.len() >= 10, "{}", mistakes.len());
    let sample = guide::sample_copy();
    for (title, reply, message) in mistakes {
        fs::write(sample.path().join("submissions/chile.yaml"), &reply).unwrap();
        let run = guide::sgreport(sample.path(), &["check", "--no-pdf", "--color", "never"]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{title}: {stderr}");
        assert!(
            stderr.contains(&message),
            "docs/src/troubleshooting.md, {title}: the program now says\n{stderr}\ninstead of\n{message}"
        );
    }
}

#[test]
fn every_docs_page_the_program_names_exists() {
    // The program's messages and help name pages under docs/ (`see
    // docs/format.md`); each must be there for a user who follows it.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut named = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs") {
            named.extend(guide::docs_paths_in(
                &fs::read_to_string(entry.path()).unwrap(),
            ));
        }
    }
    assert!(named.iter().any(|p| p == "docs/format.md"), "{named:?}");
    for path in named {
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(&path).is_file(),
            "the program names {path}, which does not exist"
        );
    }
}
