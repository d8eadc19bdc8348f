//! Crashes injected for the tests of crash safety. In a debug build,
//! `SGREPORT_CRASH_AT=<n>` makes the process abort, as a kill would stop
//! it, just before the n-th write, rename or removal it makes in `output/`
//! (counted from 1); release builds have no such step.

#[cfg(debug_assertions)]
pub(crate) fn step() {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::OnceLock;
    static AT: OnceLock<Option<u64>> = OnceLock::new();
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let at = *AT.get_or_init(|| {
        std::env::var("SGREPORT_CRASH_AT")
            .ok()
            .and_then(|v| v.parse().ok())
    });
    if let Some(at) = at {
        if COUNT.fetch_add(1, Ordering::SeqCst) + 1 == at {
            std::process::abort();
        }
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub(crate) fn step() {}
