//! Bounds on rendering the templates, which a project may edit: a loop
//! budget and a time limit, so a template that loops without end stops with
//! a clear error instead of hanging the build (or filling the memory).
//!
//! Tera has no limit of its own. Loops over the report's data are as long as
//! the data; the only loops that are not are over `range(...)`, so `range`
//! is replaced by one that counts what it hands out against a budget and
//! looks at the clock. The whole render also runs on its own thread and is
//! given up after the time limit, whatever it is doing.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use tera::{Context, Error, Kwargs, State, Tera, TeraResult};

/// Numbers `range` may hand out in one render: far more than a report needs.
pub const RANGE_BUDGET: u64 = 1_000_000;

/// The default time limit of one render.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(60);

/// The environment variable that sets the limit, in seconds.
pub const LIMIT_VAR: &str = "SGREPORT_TEMPLATE_TIMEOUT";

/// What one render may still spend, for one project's templates; and
/// whether a render of them already ran away.
#[derive(Debug)]
pub struct Budget {
    used: AtomicU64,
    deadline: Mutex<Instant>,
    /// Held by the bounded render under way: the report and its addendum
    /// are rendered on two threads, bounded ones one at a time, as they
    /// share this budget (and the fallback thread spends from it).
    one_at_a_time: Mutex<()>,
    /// A render that ran out of time or memory: the next one fails the same
    /// way at once, instead of making the user wait a second time limit.
    ran_away: Mutex<Option<RanAway>>,
}

#[derive(Debug, Clone)]
enum RanAway {
    Timeout(String),
    Memory(String),
}

impl Budget {
    pub fn new() -> Arc<Budget> {
        Arc::new(Budget {
            used: AtomicU64::new(0),
            deadline: Mutex::new(Instant::now() + limit()),
            one_at_a_time: Mutex::new(()),
            ran_away: Mutex::new(None),
        })
    }

    fn ran_away(&self) -> Option<RenderError> {
        let ran_away = self.ran_away.lock().unwrap_or_else(|e| e.into_inner());
        ran_away.clone().map(|r| match r {
            RanAway::Timeout(m) => RenderError::Timeout(m),
            RanAway::Memory(m) => RenderError::Memory(m),
        })
    }

    /// Remembers a render that ran out of time or memory.
    fn remember(&self, result: &Result<String, RenderError>) {
        let ran_away = match result {
            Err(RenderError::Timeout(m)) => RanAway::Timeout(m.clone()),
            Err(RenderError::Memory(m)) => RanAway::Memory(m.clone()),
            _ => return,
        };
        *self.ran_away.lock().unwrap_or_else(|e| e.into_inner()) = Some(ran_away);
    }

    /// A new render starts with the whole budget.
    fn reset(&self) {
        self.used.store(0, Ordering::Relaxed);
        *self.deadline.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now() + limit();
    }

    fn spend(&self, n: u64) -> TeraResult<()> {
        let used = self.used.fetch_add(n, Ordering::Relaxed).saturating_add(n);
        if used > RANGE_BUDGET {
            return Err(Error::message(format!(
                "the templates loop over more than {RANGE_BUDGET} numbers from `range`; \
                 a report never needs that many: look for a loop that never ends"
            )));
        }
        if Instant::now() > *self.deadline.lock().unwrap_or_else(|e| e.into_inner()) {
            return Err(Error::message(timeout_message()));
        }
        Ok(())
    }
}

/// `SGREPORT_TEMPLATE_TIMEOUT` set to something that is not a positive
/// number of seconds: an error, not the default without a word.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{LIMIT_VAR} is {value:?}; it must be a positive number of seconds")]
pub struct BadLimit {
    pub value: String,
}

/// The time limit: `SGREPORT_TEMPLATE_TIMEOUT` seconds when set (and not
/// empty), else [`DEFAULT_LIMIT`].
pub fn limit_from_env() -> Result<Duration, BadLimit> {
    let Ok(value) = std::env::var(LIMIT_VAR) else {
        return Ok(DEFAULT_LIMIT);
    };
    if value.trim().is_empty() {
        return Ok(DEFAULT_LIMIT);
    }
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s < 1e9)
        .map(Duration::from_secs_f64)
        .ok_or(BadLimit { value })
}

/// [`limit_from_env`]; the default when the variable cannot be read (which
/// loading the templates has already reported).
pub fn limit() -> Duration {
    limit_from_env().unwrap_or(DEFAULT_LIMIT)
}

fn timeout_message() -> String {
    format!(
        "rendering the templates took longer than {} s (the limit; set {LIMIT_VAR} to change it)",
        limit().as_secs_f64()
    )
}

/// Replaces Tera's `range` by one that spends from `budget`; same arguments
/// (`start`, `end`, `step_by`).
pub fn register_range(tera: &mut Tera, budget: Arc<Budget>) {
    tera.register_function(
        "range",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Vec<i64>> {
            let start = kwargs.get::<i64>("start")?.unwrap_or_default();
            let end = kwargs.must_get::<i64>("end")?;
            let step = kwargs.get::<i64>("step_by")?.unwrap_or(1);
            if step == 0 {
                return Err(Error::message("`range` was called with `step_by` 0"));
            }
            let len = if step > 0 {
                (i128::from(end) - i128::from(start)).max(0) / i128::from(step)
            } else {
                (i128::from(start) - i128::from(end)).max(0) / -i128::from(step)
            };
            budget.spend(u64::try_from(len).unwrap_or(u64::MAX))?;
            let mut out = Vec::new();
            let mut i = start;
            while (step > 0 && i < end) || (step < 0 && i > end) {
                out.push(i);
                i = match i.checked_add(step) {
                    Some(n) => n,
                    None => break,
                };
            }
            Ok(out)
        },
    );
}

/// Renders `entry`. When `bounded`, in a child process with its memory
/// capped and killed at the time limit ([`super::isolated`]); where no child
/// can be started, or to give Tera's error in full, on a thread of its own,
/// given up after the time limit (it goes on in the background until it
/// ends or the program exits; its result is dropped).
///
/// Unbounded, the render runs here: the tool's own templates, unedited, are
/// part of the program, and loop only over the report's data, which the
/// input's limits bound. Starting the child cost a tenth of a build of
/// 8,000 replies (its copy of the process's memory).
pub fn render(
    tera: &Arc<Tera>,
    budget: &Budget,
    entry: &'static str,
    context: Context,
    bounded: bool,
) -> Result<String, RenderError> {
    if !bounded {
        return tera.render(entry, &context).map_err(RenderError::Tera);
    }
    let _one_at_a_time = budget
        .one_at_a_time
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(e) = budget.ran_away() {
        return Err(e);
    }
    let result = bounded_render(tera, budget, entry, context);
    budget.remember(&result);
    result
}

/// [`render`], bounded.
fn bounded_render(
    tera: &Arc<Tera>,
    budget: &Budget,
    entry: &'static str,
    context: Context,
) -> Result<String, RenderError> {
    use super::isolated::{self, Outcome};
    budget.reset();
    match isolated::render(tera, entry, &context, limit()) {
        Outcome::Done(text) => return Ok(text),
        Outcome::TimedOut => return Err(RenderError::Timeout(timeout_message())),
        Outcome::OutOfMemory => return Err(RenderError::Memory(memory_message())),
        Outcome::Failed | Outcome::Unavailable => budget.reset(),
    }
    let (tx, rx) = mpsc::channel();
    let tera = Arc::clone(tera);
    std::thread::spawn(move || {
        let _ = tx.send(tera.render(entry, &context));
    });
    match rx.recv_timeout(limit()) {
        Ok(result) => result.map_err(RenderError::Tera),
        Err(_) => Err(RenderError::Timeout(timeout_message())),
    }
}

/// Why a render failed.
pub enum RenderError {
    /// Tera's own error (a template problem, or the loop budget spent).
    Tera(tera::Error),
    /// The render did not finish within the time limit.
    Timeout(String),
    /// The render needed more memory than a render may have.
    Memory(String),
}

fn memory_message() -> String {
    format!(
        "rendering the templates needed more than {} MiB of memory (the limit)",
        super::isolated::MEMORY_LIMIT / (1024 * 1024)
    )
}
