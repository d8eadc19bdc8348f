//! Progress bars on a terminal (indicatif); nothing when stderr is not one.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

use crate::progress::{Progress, Silent, Task};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Work shorter than this many replies gets no bar: it is over before a bar
/// could be read.
const MIN_REPLIES_FOR_A_BAR: u64 = 200;

struct Bars {
    bar: Mutex<Option<ProgressBar>>,
}

impl Progress for Bars {
    fn start(&self, task: Task, total: Option<u64>) {
        let small =
            task == Task::ReadingReplies && total.is_some_and(|t| t < MIN_REPLIES_FOR_A_BAR);
        let bar = if small {
            None
        } else {
            let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{msg:>20} [{bar:40}] {pos}/{len} {prefix}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            bar.set_style(style);
            bar.set_message(task.label());
            Some(bar)
        };
        *self.bar.lock().unwrap_or_else(|e| e.into_inner()) = bar;
    }

    fn set(&self, done: u64, note: &str) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            bar.set_position(done);
            bar.set_prefix(note.chars().take(30).collect::<String>());
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|e| e.into_inner()).take() {
            bar.finish_and_clear();
        }
    }
}

/// Bars when stderr is a terminal, silence otherwise.
pub fn for_terminal() -> Arc<dyn Progress> {
    if std::io::stderr().is_terminal() && !super::Terminal::get().quiet {
        Arc::new(Bars {
            bar: Mutex::new(None),
        })
    } else {
        Arc::new(Silent)
    }
}
