//! Progress of long work (many replies, a first-time typst install), reported
//! to whoever drives the library: the command line draws a bar on a terminal,
//! tests and scripts see nothing. It depends on no other module: the stages
//! that report (`submissions`, `pdf`) say what their task is.

/// The long tasks the library reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Reading and checking the replies.
    ReadingReplies,
    /// `cargo install` of the pinned typst (this `version`), the first time.
    InstallingTypst { version: &'static str },
}

impl Task {
    /// What a progress bar says.
    pub fn label(self) -> String {
        match self {
            Task::ReadingReplies => "reading replies".to_string(),
            Task::InstallingTypst { version } => format!("installing typst {version}"),
        }
    }
}

/// Receives progress; every method has a do-nothing default.
pub trait Progress: Send + Sync {
    /// A new task; `total` when its length is known.
    fn start(&self, _task: Task, _total: Option<u64>) {}
    /// `done` units of the current task are finished; `note` says on what.
    fn set(&self, _done: u64, _note: &str) {}
    /// The current task is over.
    fn finish(&self) {}
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {}

#[cfg(test)]
mod tests {
    use super::Task;

    #[test]
    fn a_bar_says_which_typst_it_installs() {
        let task = Task::InstallingTypst { version: "0.15.1" };
        assert_eq!(task.label(), "installing typst 0.15.1");
        assert_eq!(Task::ReadingReplies.label(), "reading replies");
    }
}
