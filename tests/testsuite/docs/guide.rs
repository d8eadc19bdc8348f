//! The guide as files: its pages (those of `SUMMARY.md`, the README, the
//! signposts in `docs/`), what they link to and which headings they have,
//! their list sections and examples; and running those examples against a
//! copy of the sample project.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Output};

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `docs/src`, the book's source.
pub fn src_dir() -> PathBuf {
    repo_root().join("docs/src")
}

pub fn read_repo_file(rel: &str) -> String {
    let path = repo_root().join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A Markdown file of the guide.
pub struct Page {
    /// Its path from the repository's root, as messages name it.
    pub name: String,
    pub path: PathBuf,
    pub text: String,
}

/// A fenced ```` ```sh ```` block.
pub struct Example {
    pub script: String,
    /// The line of the page where the block starts.
    pub line: usize,
    /// The reason of a `<!-- not run: reason -->` just before it.
    pub not_run: Option<String>,
}

impl Page {
    pub fn read(rel: &str) -> Page {
        Page {
            name: rel.to_string(),
            path: repo_root().join(rel),
            text: read_repo_file(rel),
        }
    }

    /// A page under `docs/src/`.
    pub fn read_src(rel: &str) -> Page {
        Page::read(&format!("docs/src/{rel}"))
    }

    pub fn try_read_src(rel: &str) -> Option<Page> {
        src_dir().join(rel).is_file().then(|| Page::read_src(rel))
    }

    fn events(&self) -> impl Iterator<Item = (Event<'_>, std::ops::Range<usize>)> {
        let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
        Parser::new_ext(&self.text, options).into_offset_iter()
    }

    /// Every link and image target, in Markdown or in HTML (`src="..."`).
    pub fn links(&self) -> Vec<String> {
        let mut links = Vec::new();
        for (event, _) in self.events() {
            match event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    links.push(dest_url.to_string())
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    links.extend(html_targets(&html));
                }
                _ => {}
            }
        }
        links
    }

    /// The ids of the headings, as mdBook makes them.
    pub fn anchors(&self) -> BTreeSet<String> {
        let mut anchors = BTreeSet::new();
        let mut heading: Option<String> = None;
        for (event, _) in self.events() {
            match event {
                Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
                Event::Text(t) | Event::Code(t) => {
                    if let Some(h) = heading.as_mut() {
                        h.push_str(&t);
                    }
                }
                Event::End(TagEnd::Heading(_)) => {
                    let id = anchor_id(&heading.take().unwrap_or_default());
                    // mdBook numbers a repeated id: `id`, `id-1`, `id-2`.
                    let mut unique = id.clone();
                    let mut n = 0;
                    while anchors.contains(&unique) {
                        n += 1;
                        unique = format!("{id}-{n}");
                    }
                    anchors.insert(unique);
                }
                _ => {}
            }
        }
        anchors
    }

    /// The names in backticks that open the list items of section `## title`
    /// (outside code blocks): `` - `-q`, `--quiet`: ... `` gives `-q` and
    /// `--quiet`.
    pub fn list_section(&self, title: &str) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        let mut inside = false;
        let mut fenced = false;
        for line in self.text.lines() {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                continue;
            }
            if fenced {
                continue;
            }
            if let Some(heading) = line.strip_prefix("## ") {
                inside = heading.trim() == title;
                continue;
            }
            if let Some(item) = line.strip_prefix("- ").filter(|_| inside) {
                names.extend(leading_code_spans(item));
            }
        }
        names
    }

    /// Each `###` subsection of section `## title`: its heading, its
    /// ```` ```yaml ```` block and its ```` ```text ```` block.
    pub fn mistakes(&self, title: &str) -> Vec<(String, String, String)> {
        let mut found: Vec<(String, String, String)> = Vec::new();
        let mut section = String::new();
        let mut heading: Option<(HeadingLevel, String)> = None;
        let mut block: Option<(String, String)> = None;
        for (event, _) in self.events() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
                Event::End(TagEnd::Heading(_)) => {
                    let (level, text) = heading.take().unwrap();
                    match level {
                        HeadingLevel::H2 => section = text,
                        HeadingLevel::H3 if section == title => {
                            found.push((text, String::new(), String::new()))
                        }
                        _ => {}
                    }
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                    block = Some((lang.to_string(), String::new()))
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, h)) = heading.as_mut() {
                        h.push_str(&t);
                    } else if let Some((_, b)) = block.as_mut() {
                        b.push_str(&t);
                    }
                }
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = block.take().unwrap_or_default();
                    if let Some(last) = found.last_mut().filter(|_| section == title) {
                        match lang.as_str() {
                            "yaml" => last.1 = text,
                            "text" => last.2 = text.trim_end().to_string(),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        for (title, reply, message) in &found {
            assert!(
                !reply.is_empty() && !message.is_empty(),
                "{}, {title}: a mistake needs a ```yaml reply and the ```text message",
                self.name
            );
        }
        found
    }

    /// The text of every ```` ```lang ```` block, in order.
    pub fn blocks(&self, lang: &str) -> Vec<String> {
        let mut blocks = Vec::new();
        let mut current: Option<String> = None;
        for (event, _) in self.events() {
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(l))) if l.as_ref() == lang => {
                    current = Some(String::new())
                }
                Event::Text(t) => {
                    if let Some(b) = current.as_mut() {
                        b.push_str(&t);
                    }
                }
                Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
                _ => {}
            }
        }
        blocks
    }

    /// The ```` ```sh ```` blocks, in order.
    pub fn sh_examples(&self) -> Vec<Example> {
        let mut examples = Vec::new();
        let mut marker: Option<String> = None;
        let mut current: Option<Example> = None;
        for (event, range) in self.events() {
            match event {
                Event::Html(html) => {
                    if let Some(rest) = html.trim().strip_prefix("<!-- not run") {
                        let reason = rest.trim_start_matches(':').trim_end_matches("-->").trim();
                        marker = Some(reason.to_string());
                    }
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                    let not_run = marker.take();
                    if lang.as_ref() == "sh" {
                        let line = self.text[..range.start].lines().count() + 1;
                        current = Some(Example {
                            script: String::new(),
                            line,
                            not_run,
                        });
                    }
                }
                Event::Text(t) => {
                    if let Some(e) = current.as_mut() {
                        e.script.push_str(&t);
                    }
                }
                Event::End(TagEnd::CodeBlock) => examples.extend(current.take()),
                Event::Start(
                    Tag::Paragraph | Tag::Heading { .. } | Tag::List(_) | Tag::Table(_),
                ) => marker = None,
                _ => {}
            }
        }
        examples
    }
}

/// The targets of `src="..."` and `href="..."` in HTML.
fn html_targets(html: &str) -> Vec<String> {
    let mut targets = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attribute) {
            rest = &rest[i + attribute.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            targets.push(rest[..end].to_string());
        }
    }
    targets
}

/// mdBook's id of a heading: letters, digits, `_` and `-` kept (lower
/// case), white space made `-`, the rest dropped.
fn anchor_id(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// `` `-q`, `--quiet`: print ... `` -> `-q`, `--quiet`.
fn leading_code_spans(mut item: &str) -> Vec<String> {
    let mut spans = Vec::new();
    while let Some(rest) = item.strip_prefix('`') {
        let Some(end) = rest.find('`') else { break };
        spans.push(rest[..end].to_string());
        item = rest[end + 1..]
            .strip_prefix(", ")
            .unwrap_or(&rest[end + 1..]);
    }
    spans
}

/// The pages `SUMMARY.md` names, as paths under `docs/src`.
pub fn summary_pages() -> Vec<String> {
    Page::read_src("SUMMARY.md")
        .links()
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect()
}

/// The `.md` files under `dir`, as paths relative to it with `/`.
pub fn markdown_files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    files.sort();
    files
}

/// The book's pages in the order of `SUMMARY.md` (and `SUMMARY.md`), then
/// the README and the signposts left in `docs/`.
pub fn all_pages() -> Vec<Page> {
    let mut pages: Vec<Page> = summary_pages()
        .iter()
        .filter_map(|p| Page::try_read_src(p))
        .collect();
    pages.push(Page::read_src("SUMMARY.md"));
    pages.push(Page::read("README.md"));
    for signpost in markdown_files_under(&repo_root().join("docs")) {
        if !signpost.contains('/') {
            pages.push(Page::read(&format!("docs/{signpost}")));
        }
    }
    pages
}

/// Whether `link` on `page` leads to a file in the repository and, with a
/// `#anchor`, to a heading of that page. Links to other sites are not
/// followed.
pub fn resolve(page: &Page, link: &str) -> Result<(), String> {
    if link.contains("://") || link.starts_with("mailto:") {
        return Ok(());
    }
    let (file, anchor) = link.split_once('#').unwrap_or((link, ""));
    let target = if file.is_empty() {
        page.path.clone()
    } else {
        normalise(&page.path.parent().unwrap().join(file))
    };
    if !target.starts_with(repo_root()) {
        return Err("leads outside the repository".into());
    }
    if !target.exists() {
        return Err("no such file".into());
    }
    if anchor.is_empty() {
        return Ok(());
    }
    let rel = target
        .strip_prefix(repo_root())
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let anchors = Page::read(&rel).anchors();
    if anchors.contains(anchor) {
        Ok(())
    } else {
        Err(format!(
            "no heading with that id (the page has {anchors:?})"
        ))
    }
}

/// `a/b/../c` -> `a/c`, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Every `docs/....md` path named in `text`.
pub fn docs_paths_in(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for (i, _) in text.match_indices("docs/") {
        let path: String = text[i..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "_./-".contains(*c))
            .collect();
        let path = path.trim_end_matches('.');
        if path.ends_with(".md") {
            paths.push(path.to_string());
        }
    }
    paths
}

/// A new copy of the sample project: the repository's `report.yaml`,
/// `submissions/` and `templates/`.
pub fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        repo_root().join("report.yaml"),
        dir.path().join("report.yaml"),
    )
    .unwrap();
    for folder in ["submissions", "templates"] {
        for entry in walkdir::WalkDir::new(repo_root().join(folder)) {
            let entry = entry.unwrap();
            let target = dir
                .path()
                .join(entry.path().strip_prefix(repo_root()).unwrap());
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).unwrap();
            } else {
                fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    dir
}

/// `sgreport ARGS` in `dir`.
pub fn sgreport(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sgreport"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run sgreport")
}

/// Runs the page's examples in one copy of the sample, in order, and
/// returns how many ran. Panics, naming the page and line, when one fails.
pub fn run_examples(page: &Page, no_pdf: &[String]) -> usize {
    let examples: Vec<Example> = page
        .sh_examples()
        .into_iter()
        .filter(|e| e.script.lines().any(is_sgreport_line))
        .collect();
    let mut ran = 0;
    let sample = sample_copy();
    let state = sample.path().join(".cwd");
    let mut cwd = sample.path().to_path_buf();
    for example in examples {
        if let Some(reason) = &example.not_run {
            assert!(
                !reason.is_empty(),
                "{}:{}: `<!-- not run -->` needs a reason",
                page.name,
                example.line
            );
            continue;
        }
        let script = script_of(&example.script, no_pdf, &cwd, &state);
        let output = shell(&script, sample.path());
        assert!(
            output.status.success(),
            "{}:{}: the example failed\n--- script\n{script}\n--- stdout\n{}\n--- stderr\n{}",
            page.name,
            example.line,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        cwd = PathBuf::from(fs::read_to_string(&state).unwrap().trim_end());
        ran += 1;
    }
    ran
}

fn is_sgreport_line(line: &str) -> bool {
    let line = line.trim_start();
    line == "sgreport" || line.starts_with("sgreport ")
}

/// The block as an `sh` script: started in `cwd`, `--no-pdf` added, each
/// `# exits N` checked, the final folder written to `state`.
fn script_of(block: &str, no_pdf: &[String], cwd: &Path, state: &Path) -> String {
    let mut script = format!("set -ex\ncd '{}'\n", cwd.display());
    for line in block.lines() {
        script.push_str(&prepare_line(line, no_pdf));
        script.push('\n');
    }
    script.push_str(&format!("pwd > '{}'\n", state.display()));
    script
}

fn prepare_line(line: &str, no_pdf: &[String]) -> String {
    if !is_sgreport_line(line) {
        return line.to_string();
    }
    let (command, comment) = split_comment(line.trim());
    let command = with_no_pdf(command.trim_end(), no_pdf);
    let expected = comment
        .and_then(|c| c.trim().strip_prefix("exits "))
        .map(|n| n.trim().parse::<i32>().expect("`# exits N` with a number"));
    match expected {
        None => command,
        Some(n) => format!(
            "set +e\n{command}\ns=$?\nset -e\n[ \"$s\" -eq {n} ] || {{ echo \"expected exit {n}, got $s\" >&2; exit 90; }}"
        ),
    }
}

/// `cmd args  # comment` -> (`cmd args`, `comment`): a `#` after white space.
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let bytes = line.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'#' && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            return (&line[..i], Some(&line[i + 1..]));
        }
    }
    (line, None)
}

/// `--no-pdf` after the command's name when the command has it.
fn with_no_pdf(command: &str, no_pdf: &[String]) -> String {
    let words: Vec<&str> = command.split_whitespace().collect();
    let Some(name) = words.iter().skip(1).find(|w| !w.starts_with('-')) else {
        return command.to_string();
    };
    if !no_pdf.iter().any(|n| n == name) || words.contains(&"--no-pdf") {
        return command.to_string();
    }
    let at = command.find(&format!(" {name}")).unwrap() + 1 + name.len();
    format!("{} --no-pdf{}", &command[..at], &command[at..])
}

/// `sh` with the `sgreport` under test first on `PATH`.
fn shell(script: &str, dir: &Path) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_sgreport")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run sh")
}

#[test]
fn an_example_line_gets_no_pdf_and_its_exit_code_checked() {
    let no_pdf = vec!["build".to_string(), "check".to_string()];
    assert_eq!(
        prepare_line("sgreport build --docx", &no_pdf),
        "sgreport build --no-pdf --docx"
    );
    assert_eq!(
        prepare_line("sgreport -q check", &no_pdf),
        "sgreport -q check --no-pdf"
    );
    assert_eq!(prepare_line("sgreport status", &no_pdf), "sgreport status");
    assert_eq!(prepare_line("cd my-report", &no_pdf), "cd my-report");
    let checked = prepare_line("sgreport check --strict   # exits 1", &no_pdf);
    assert!(
        checked.contains("sgreport check --no-pdf --strict\n"),
        "{checked}"
    );
    assert!(checked.contains("-eq 1 ]"), "{checked}");
}
