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
    let locations = locations(&stderr)
        .into_iter()
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
    CompileError {
        timed_out: false,
        message: stderr,
        locations,
    }
}

/// typst's errors without its warnings: a warning (a font family the layout
/// asks for that is not installed, say) is not why the compile failed, and
/// its location must not make a failure to write the PDF look like a problem
/// in the layout. typst prints each diagnostic as a block starting with
/// `error:` or `warning:` at the start of a line.
fn errors_only(stderr: &str) -> String {
    let mut out = String::new();
    let mut keep = true;
    for line in stderr.lines() {
        if line.starts_with("error:") {
            keep = true;
        } else if line.starts_with("warning:") {
            keep = false;
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
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
        assert!(e.message.contains("at document.typ:2:1"), "{}", e.message);
        assert!(!e.message.contains("/sb/"), "{}", e.message);
        assert_eq!(
            e.locations,
            [
                ("document.typ".to_string(), 3, "#foo(".to_string()),
                (
                    "un-report.typ".to_string(),
                    1,
                    "#let f() = { 1 + \"a\" }".to_string()
                ),
                ("document.typ".to_string(), 2, "#f()".to_string()),
            ]
        );
    }
}
