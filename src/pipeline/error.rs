//! Why a build failed: the user's input or the tool (the command line
//! gives each its exit code).

use crate::diag::{Diagnostic, Problems};

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Something in the user's files: fix the input.
    #[error("{0}")]
    Input(Problems),
    /// typst rejected the document, pointing at a line of the layout
    /// template or of the generated document, traced back to the reply it
    /// came from: fix the input.
    #[error("{0}")]
    Typst(String),
    /// The tool could not do its work.
    #[error("{0}")]
    Tool(String),
}

impl From<Problems> for BuildError {
    fn from(p: Problems) -> Self {
        BuildError::Input(p)
    }
}

impl From<Diagnostic> for BuildError {
    fn from(d: Diagnostic) -> Self {
        BuildError::Input(Problems(vec![d]))
    }
}

impl From<Vec<Diagnostic>> for BuildError {
    fn from(d: Vec<Diagnostic>) -> Self {
        BuildError::Input(Problems(d))
    }
}
