//! What can go wrong when a filled questionnaire is imported or a reply
//! skeleton is added: each a message the secretariat can act on, and the
//! exit code it gives.

use std::path::PathBuf;

/// One answer that cannot go into a reply as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerProblem {
    /// The control's title as Word shows it.
    pub control: String,
    pub message: String,
    pub help: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {file}: {source}")]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("the file is damaged or not a Word document: {0}")]
    Damaged(String),
    #[error("the file is too large to be a questionnaire (a zip bomb?): {0}")]
    TooLarge(String),
    #[error("this is not a questionnaire written by `sgreport questionnaire`: it has no control for the report's symbol")]
    NotAQuestionnaire,
    #[error("this is the questionnaire of {found}, not of this report ({expected})")]
    OtherReport { found: String, expected: String },
    #[error("{} in the questionnaire; nothing was written", crate::style::count(.0.len(), "answer cannot be imported", "answers cannot be imported"))]
    Answers(Vec<AnswerProblem>),
    #[error("the questionnaire gives no State or organization (the control \"State or organization\" is empty)")]
    NoSender,
    #[error(transparent)]
    Sender(#[from] SenderError),
    /// The new reply fails `check`: the problems, located in `text`, the
    /// reply that would have been written.
    #[error("the new reply does not pass `check`; nothing was written")]
    Check {
        diagnostics: Vec<crate::diag::Diagnostic>,
        text: String,
    },
    #[error("{} exists already; nothing was written", .0.display())]
    Exists(PathBuf),
    #[error("cannot write {file}: {source}")]
    Write {
        file: PathBuf,
        source: std::io::Error,
    },
}

/// A sender's name that cannot be placed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SenderError {
    pub message: String,
    pub help: Option<String>,
}
