//! typst's messages on a failed compile: its errors (not its warnings),
//! freed of sandbox paths, with the lines of the document and the layout
//! they point at.

use std::path::Path;

use super::CompileError;

/// The name typst's messages give the document: typst reads it from its
/// standard input, which it calls `<stdin>`.
const STDIN: &str = "<stdin>";

/// The document's name in the messages sgreport shows.
pub const DOCUMENT_FILE: &str = "document.typ";

/// typst's message, freed of sandbox paths, with the lines it points at in
/// `document` and `layout`.
pub fn read_errors(document: &str, layout: &str, sandbox: &Path, stderr: &str) -> CompileError {
    // Paths inside the sandbox mean nothing to the user once it is gone.
    let prefix = format!("{}{}", sandbox.display(), std::path::MAIN_SEPARATOR);
    let stderr = stderr.replace(&prefix, "").replace(STDIN, DOCUMENT_FILE);
    let stderr = errors_only(&stderr).trim().to_string();
    let package = package_fetched(&stderr);
    let locations = locations(&stderr)
        .into_iter()
        // A package import is the layout's: the document's lines are only
        // where the layout was imported from.
        .filter(|(file, _)| package.is_none() || file != DOCUMENT_FILE)
        .filter_map(|(file, n)| {
            let text = if file == DOCUMENT_FILE {
                document
            } else {
                layout
            };
            text.lines()
                .nth(n.checked_sub(1)?)
                .map(|l| (file, n, l.to_string()))
        })
        .collect();
    let message = match package {
        Some(package) => format!(
            "the layout imports the typst package `{package}`, and sgreport never lets typst \
             download packages: copy what the layout needs into un-report.typ\n{stderr}"
        ),
        None => stderr,
    };
    CompileError {
        timed_out: false,
        message,
        locations,
    }
}

/// The package typst tried to fetch, as the layout would write it
/// (`@preview/cetz:0.2.2`), when that is why it failed: however the import
/// was spelt (`"\u{40}preview/..."`, a string built at run time), typst
/// names it in its download URL or its "package not found" error (the
/// error it gives when its download ends before any connection, see
/// `run::typst_args`).
fn package_fetched(stderr: &str) -> Option<String> {
    if let Some(i) = stderr.find("failed to download package") {
        // `(https://packages.typst.org/preview/cetz-0.2.2.tar.gz: ...`
        let url = stderr[i..]
            .split_whitespace()
            .find(|w| w.contains(".tar.gz"))?;
        let tail = url.trim_start_matches('(').split(".tar.gz").next()?;
        let mut parts = tail.rsplit('/');
        let file = parts.next()?;
        let namespace = parts.next()?;
        let (name, version) = file.rsplit_once('-')?;
        return Some(format!("@{namespace}/{name}:{version}"));
    }
    let i = stderr.find("package not found")?;
    let rest = &stderr[i..];
    let start = rest.find('@')?;
    let spec: String = rest[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ')' | '`' | '\''))
        .collect();
    Some(spec)
}

/// typst's first error, without its warnings: a warning (a font family the
/// layout asks for that is not installed, say) is not why the compile
/// failed, and its location must not make a failure to write the PDF look
/// like a problem in the layout. The errors after the first often only
/// follow from it (one unclosed bracket, a dozen errors): they are counted,
/// not shown. typst prints each diagnostic as a block starting with
/// `error:` or `warning:` at the start of a line.
fn errors_only(stderr: &str) -> String {
    let mut out = String::new();
    let mut keep = true;
    let mut errors = 0;
    for line in stderr.lines() {
        if line.starts_with("error:") {
            errors += 1;
            keep = errors == 1;
        } else if line.starts_with("warning:") {
            keep = false;
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    if errors > 1 {
        let more = errors - 1;
        out.push_str(&format!(
            "\n({more} more error{} after this one, which may follow from it: fix this one first)\n",
            crate::style::plural(more)
        ));
    }
    out
}

/// Every `name.typ:line:col` typst's message mentions, in order, once each.
fn locations(stderr: &str) -> Vec<(String, usize)> {
    let mut found: Vec<(String, usize)> = Vec::new();
    for word in stderr.split_whitespace() {
        let Some(end) = word.find(".typ:") else {
            continue;
        };
        let file = word[..end + 4]
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default()
            .to_string();
        let Some(line) = word[end + 5..]
            .split(':')
            .next()
            .and_then(|n| n.parse().ok())
        else {
            continue;
        };
        if !found.contains(&(file.clone(), line)) {
            found.push((file, line));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_typst_tried_to_fetch_is_named_at_the_layout() {
        let stderr = "error: failed to download package (https://packages.typst.org/preview/cetz-0.2.2.tar.gz: Connection Failed: Connect error: Connection refused (os error 111))\n  ┌─ /sb/un-report.typ:2:8\n  │\n\n  while importing `un-report.typ` at <stdin>:3:1\n";
        let e = read_errors(
            "a\nb\n#import \"un-report.typ\": *\n",
            "#let p = str.from-unicode(64) + \"preview/cetz:0.2.2\"\n#import p: canvas\n",
            Path::new("/sb"),
            stderr,
        );
        assert!(
            e.message
                .starts_with("the layout imports the typst package `@preview/cetz:0.2.2`"),
            "{}",
            e.message
        );
        assert_eq!(
            e.locations,
            [(
                "un-report.typ".to_string(),
                2,
                "#import p: canvas".to_string()
            )]
        );
        assert_eq!(
            package_fetched("error: package not found (searching for @local/x:1.0.0)\n").as_deref(),
            Some("@local/x:1.0.0")
        );
    }

    #[test]
    fn warnings_are_not_part_of_a_failure() {
        let stderr = "error: failed to write PDF file (No space left on device (os error 28))\n\nwarning: unknown font family: liberation serif\n   ┌─ un-report.typ:37:17\n   │\n";
        let errors = super::errors_only(stderr);
        assert!(errors.contains("No space left"));
        assert!(!errors.contains("warning"));
        assert!(super::locations(&errors).is_empty());
    }

    #[test]
    fn the_document_read_from_standard_input_is_called_document_typ() {
        let stderr = "error: unclosed delimiter\n  ┌─ <stdin>:3:4\n  │\n3 │ #foo(\n  │     ^\n\nerror: cannot add integer and string\n  ┌─ /sb/un-report.typ:1:13\n  │\n  while calling `f` at <stdin>:2:1\n";
        let e = read_errors(
            "a\n#f()\n#foo(\n",
            "#let f() = { 1 + \"a\" }\n",
            Path::new("/sb"),
            stderr,
        );
        assert!(e.message.contains("┌─ document.typ:3:4"), "{}", e.message);
        assert!(!e.message.contains("/sb/"), "{}", e.message);
        // Only the first of a cascade: the rest counted.
        assert!(!e.message.contains("cannot add"), "{}", e.message);
        assert!(
            e.message.ends_with(
                "(1 more error after this one, which may follow from it: fix this one first)"
            ),
            "{}",
            e.message
        );
        assert_eq!(
            e.locations,
            [("document.typ".to_string(), 3, "#foo(".to_string())]
        );
        let one = read_errors("", "#let f() = { 1 + \"a\" }\n", Path::new("/sb"), "error: cannot add integer and string\n  ┌─ /sb/un-report.typ:1:13\n  │\n  while calling `f` at <stdin>:2:1\n");
        assert!(
            one.message.contains("at document.typ:2:1"),
            "{}",
            one.message
        );
        assert!(!one.message.contains("more error"), "{}", one.message);
    }
}
