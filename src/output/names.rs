//! Every name sgreport gives a file in `output/`, and where its own state
//! lives there. Nothing else in the crate spells an output's name: the
//! builder asks [`DocumentNames`], the commit recognises its own files with
//! [`OutputName::parse`], and the state folder's parts are [`StateDir`]'s.

use std::fmt;
use std::path::{Path, PathBuf};

/// The one folder in `output/` that holds sgreport's own state: the lock,
/// the journal, the replaced outputs waiting to be removed, the files of a
/// build being made and typst's kept folders.
pub const STATE_DIR: &str = ".sgreport";

/// Names of earlier versions' state in `output/`, removed (never followed)
/// when found.
pub(crate) const LEGACY_STATE: [&str; 4] = [
    ".sgreport.lock",
    ".sgreport-commit.journal",
    ".sgreport-old",
    ".sgreport-typst",
];

/// The longest name a file system takes for one path component.
const NAME_MAX: usize = 255;

/// One kind of output of a document, named `<stem><suffix>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputKind {
    Markdown,
    Pdf,
    Typst,
    Docx,
    Sources,
    ReviewPdf,
    /// `sgreport questionnaire`'s form, in Word and as PDF: outputs of their
    /// own command, which a build leaves where they are.
    QuestionnaireDocx,
    QuestionnairePdf,
}

impl OutputKind {
    /// The questionnaire's outputs, made by `sgreport questionnaire`, not
    /// by a build.
    pub const QUESTIONNAIRE: [OutputKind; 2] =
        [OutputKind::QuestionnaireDocx, OutputKind::QuestionnairePdf];

    /// Every kind, longest suffix first (so `.review.pdf` is seen before `.pdf`).
    pub const ALL: [OutputKind; 8] = [
        OutputKind::QuestionnaireDocx,
        OutputKind::QuestionnairePdf,
        OutputKind::Sources,
        OutputKind::ReviewPdf,
        OutputKind::Markdown,
        OutputKind::Pdf,
        OutputKind::Typst,
        OutputKind::Docx,
    ];

    fn suffix(self) -> &'static str {
        match self {
            OutputKind::Markdown => ".md",
            OutputKind::Pdf => ".pdf",
            OutputKind::Typst => ".typ",
            OutputKind::Docx => ".docx",
            OutputKind::Sources => ".sources.json",
            OutputKind::ReviewPdf => ".review.pdf",
            OutputKind::QuestionnaireDocx => ".questionnaire.docx",
            OutputKind::QuestionnairePdf => ".questionnaire.pdf",
        }
    }
}

/// The plain name of one file sgreport writes in `output/`: no folder part,
/// no leading dot, one of the suffixes of [`OutputKind`] or a figure's
/// `.figure-<n>.svg`. Anything read back from `output/` (the journal) is
/// taken only through [`OutputName::parse`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutputName(String);

impl OutputName {
    /// `name` when it is a name sgreport writes; `None` for anything else
    /// (a path, `..`, a hidden file, a user's own file).
    pub fn parse(name: &str) -> Option<OutputName> {
        let plain = !name.is_empty()
            && name.len() <= NAME_MAX
            && !name.starts_with('.')
            && !name.contains(['/', '\\'])
            && !name.chars().any(char::is_control);
        let stem = OutputKind::ALL
            .iter()
            .find_map(|k| name.strip_suffix(k.suffix()))
            .or_else(|| figure_stem(name));
        (plain && stem.is_some_and(|s| !s.is_empty())).then(|| OutputName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where it is in `out_dir`.
    pub fn in_dir(&self, out_dir: &Path) -> PathBuf {
        out_dir.join(&self.0)
    }
}

impl fmt::Display for OutputName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `<stem>` of `<stem>.figure-<n>.svg`.
fn figure_stem(name: &str) -> Option<&str> {
    let rest = name.strip_suffix(".svg")?;
    let (stem, n) = rest.rsplit_once(".figure-")?;
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(stem)
}

/// The outputs of one document, named after its file stem (its symbol with
/// each `/` written `_`: `E/CN.15/2004/7` -> `E_CN.15_2004_7`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentNames {
    stem: String,
}

impl DocumentNames {
    /// The names of the document whose symbol is `symbol`.
    pub fn for_symbol(symbol: &str) -> DocumentNames {
        DocumentNames {
            stem: file_stem(symbol),
        }
    }

    /// The names of the document whose file stem is `stem`.
    pub fn with_stem(stem: &str) -> DocumentNames {
        DocumentNames {
            stem: stem.to_string(),
        }
    }

    /// The stem the names share.
    pub fn stem(&self) -> &str {
        &self.stem
    }

    /// `<stem>.md`, `<stem>.pdf`, ...
    pub fn name(&self, kind: OutputKind) -> OutputName {
        OutputName(format!("{}{}", self.stem, kind.suffix()))
    }

    /// `<stem>.figure-<n>.svg`, the file of the document's figure `n`.
    pub fn figure(&self, n: usize) -> OutputName {
        OutputName(format!("{}.figure-{n}.svg", self.stem))
    }

    /// Whether `name` is one of this document's figures.
    pub fn is_figure(&self, name: &OutputName) -> bool {
        figure_stem(name.as_str()) == Some(&self.stem)
    }

    /// Every name of this document but its figures'.
    pub fn all(&self) -> impl Iterator<Item = OutputName> + '_ {
        OutputKind::ALL.iter().map(|k| self.name(*k))
    }
}

/// A document's file stem: its symbol with `/` written `_`.
pub fn file_stem(symbol: &str) -> String {
    symbol.replace('/', "_")
}

/// `sgreport diff`'s outputs beside the newer draft: `X.md` ->
/// `X.changes.md` and `X.changes.pdf`.
pub fn changes_files(new: &Path) -> (PathBuf, PathBuf) {
    let name = new
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    (
        new.with_file_name(format!("{stem}.changes.md")),
        new.with_file_name(format!("{stem}.changes.pdf")),
    )
}

/// The parts of `output/.sgreport/`.
#[derive(Debug, Clone)]
pub struct StateDir {
    path: PathBuf,
}

impl StateDir {
    /// The state folder of `out_dir`.
    pub fn of(out_dir: &Path) -> StateDir {
        StateDir {
            path: out_dir.join(STATE_DIR),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The lock one build at a time holds.
    pub fn lock(&self) -> PathBuf {
        self.path.join("lock")
    }

    /// The commit journal, which also names the outputs of the generation
    /// in place.
    pub fn journal(&self) -> PathBuf {
        self.path.join("journal")
    }

    /// Where a commit moves the outputs it replaces.
    pub fn old(&self) -> PathBuf {
        self.path.join("old")
    }

    /// Where a build writes its files before they are moved into place.
    pub fn work(&self) -> PathBuf {
        self.path.join("work")
    }

    /// typst's folders, one per PDF, kept between builds.
    pub fn typst(&self) -> PathBuf {
        self.path.join("typst")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_of_outputs_are_output_names() {
        for ok in [
            "E_CN.15_2004_7.md",
            "E_CN.15_2004_7_Add.1.pdf",
            "E_CN.15_2004_7.review.pdf",
            "E_CN.15_2004_7.sources.json",
            "E_CN.15_2004_7.figure-12.svg",
            "A.docx",
            "A.typ",
        ] {
            assert!(OutputName::parse(ok).is_some(), "{ok}");
        }
        let long = format!("{}.md", "a".repeat(300));
        for bad in [
            "",
            ".md",
            "../report.yaml",
            "/tmp/x.md",
            "a/b.md",
            "..",
            ".sgreport",
            ".hidden.md",
            "notes.txt",
            "report.yaml",
            "x.figure-.svg",
            "x.figure-1a.svg",
            "a\nb.md",
            long.as_str(),
        ] {
            assert!(OutputName::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn a_documents_names_come_from_its_symbol() {
        let d = DocumentNames::for_symbol("E/CN.15/2004/7/Add.1");
        assert_eq!(d.stem(), "E_CN.15_2004_7_Add.1");
        assert_eq!(d.name(OutputKind::Pdf).as_str(), "E_CN.15_2004_7_Add.1.pdf");
        assert_eq!(d.figure(2).as_str(), "E_CN.15_2004_7_Add.1.figure-2.svg");
        assert!(d.is_figure(&d.figure(3)));
        let other = DocumentNames::for_symbol("E/CN.15/2004/7");
        assert!(!other.is_figure(&d.figure(3)));
        assert_eq!(d.all().count(), 8);
        assert_eq!(
            d.name(OutputKind::QuestionnairePdf).as_str(),
            "E_CN.15_2004_7_Add.1.questionnaire.pdf"
        );
        assert!(d.all().all(|n| OutputName::parse(n.as_str()) == Some(n)));
        let (md, pdf) = changes_files(Path::new("out/X.md"));
        assert_eq!(
            (md.to_str(), pdf.to_str()),
            (Some("out/X.changes.md"), Some("out/X.changes.pdf"))
        );
    }
}
