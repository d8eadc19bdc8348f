//! Why a build failed, which decides the exit code: the user's input (1) or
//! the tool (2).

use crate::diag::{Diagnostic, Problems};

#[derive(Debug)]
pub enum BuildError {
    /// Something in the user's files: fix the input (exit code 1).
    Input(Problems),
    /// typst rejected the document, pointing at a line of the layout
    /// template or of the generated document, traced back to the reply it
    /// came from: fix the input (exit code 1).
    Typst(String),
    /// The tool could not do its work (exit code 2).
    Tool(String),
}

impl BuildError {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Input(_) | BuildError::Typst(_) => 1,
            BuildError::Tool(_) => 2,
        }
    }
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Input(p) => write!(f, "{p}"),
            BuildError::Typst(m) | BuildError::Tool(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for BuildError {}

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
