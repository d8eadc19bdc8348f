//! One render in a child process whose memory is capped: Tera has no memory
//! limit, and a template that doubles a string forty times asks for
//! terabytes within a second, long before any time limit. The child is
//! forked from this process (so it has the templates and the data without
//! copying them), caps its address space, renders, and sends the text back
//! through a pipe; it is killed at the time limit. A child that runs out of
//! memory dies, and only it.
//!
//! Linux only (where `fork` and `RLIMIT_AS` behave as relied on here);
//! elsewhere [`render`] answers [`Outcome::Unavailable`] and the caller
//! renders in this process.

use std::time::Duration;

use tera::{Context, Tera};

/// How much more memory than the process already uses a render may take.
pub const MEMORY_LIMIT: u64 = 1024 * 1024 * 1024;

/// What became of a render in a child.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The rendered text.
    Done(String),
    /// Tera reported an error (rendering again here gives it in full).
    Failed,
    /// The child ran out of the memory it was given (or died otherwise).
    OutOfMemory,
    /// The child was still rendering at the time limit, and was killed.
    TimedOut,
    /// No child could be started: render here.
    Unavailable,
}

#[cfg(target_os = "linux")]
pub fn render(tera: &Tera, entry: &str, context: &Context, limit: Duration) -> Outcome {
    let mut fds = [0; 2];
    // SAFETY: `fds` is a valid array of two ints for pipe2 to fill.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Outcome::Unavailable;
    }
    let (read_end, write_end) = (fds[0], fds[1]);
    // SAFETY: the child only renders, writes to the pipe and calls _exit; it
    // never returns into the caller's code (see `child`).
    match unsafe { libc::fork() } {
        -1 => {
            close(read_end);
            close(write_end);
            Outcome::Unavailable
        }
        0 => child(tera, entry, context, write_end),
        pid => {
            close(write_end);
            let outcome = parent(read_end, pid, limit);
            close(read_end);
            outcome
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub fn render(_: &Tera, _: &str, _: &Context, _: Duration) -> Outcome {
    Outcome::Unavailable
}

/// Exit codes of the child.
#[cfg(target_os = "linux")]
const RENDERED: i32 = 0;
#[cfg(target_os = "linux")]
const TERA_ERROR: i32 = 3;

/// The child: caps its memory, renders, writes the text, exits. Never
/// returns, whatever happens (a panic included).
#[cfg(target_os = "linux")]
fn child(tera: &Tera, entry: &str, context: &Context, out: libc::c_int) -> ! {
    let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        quiet_stderr();
        cap_memory();
        match tera.render(entry, context) {
            Ok(text) if write_all(out, text.as_bytes()) => RENDERED,
            Ok(_) => TERA_ERROR,
            Err(_) => TERA_ERROR,
        }
    }))
    .unwrap_or(TERA_ERROR);
    // SAFETY: ends the child at once, without running the parent's
    // destructors or exit handlers a second time.
    unsafe { libc::_exit(code) }
}

/// The child's failed allocation would print to the user's terminal.
#[cfg(target_os = "linux")]
fn quiet_stderr() {
    // SAFETY: plain system calls on a path literal and fds we own.
    unsafe {
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
        if null >= 0 {
            libc::dup2(null, 2);
            libc::close(null);
        }
    }
}

/// Limits the child's address space to what it has plus [`MEMORY_LIMIT`].
#[cfg(target_os = "linux")]
fn cap_memory() {
    let used = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .unwrap_or(0);
    // SAFETY: sysconf has no preconditions.
    let page = u64::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
    let cap = used.saturating_mul(page).saturating_add(MEMORY_LIMIT);
    let limit = libc::rlimit {
        rlim_cur: cap,
        rlim_max: cap,
    };
    // SAFETY: `limit` is a valid rlimit.
    unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) };
}

#[cfg(target_os = "linux")]
fn write_all(fd: libc::c_int, mut bytes: &[u8]) -> bool {
    while !bytes.is_empty() {
        // SAFETY: writes from a valid slice.
        let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
        if n <= 0 {
            return false;
        }
        bytes = &bytes[n as usize..];
    }
    true
}

#[cfg(target_os = "linux")]
fn close(fd: libc::c_int) {
    // SAFETY: closes an fd this module opened.
    unsafe { libc::close(fd) };
}

/// The parent: reads the child's text until it closes the pipe or the time
/// limit passes (then kills it), and reads its exit.
#[cfg(target_os = "linux")]
fn parent(read_end: libc::c_int, pid: libc::pid_t, limit: Duration) -> Outcome {
    let deadline = std::time::Instant::now() + limit;
    let mut text = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return kill(pid);
        }
        let mut poll = libc::pollfd {
            fd: read_end,
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = libc::c_int::try_from(left.as_millis().max(1)).unwrap_or(libc::c_int::MAX);
        // SAFETY: one valid pollfd.
        let ready = unsafe { libc::poll(&mut poll, 1, ms) };
        if ready == 0 {
            return kill(pid);
        }
        if ready < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return kill(pid);
        }
        // SAFETY: reads into a valid buffer.
        let n = unsafe { libc::read(read_end, buf.as_mut_ptr().cast(), buf.len()) };
        match n {
            0 => break,
            n if n > 0 => text.extend_from_slice(&buf[..n as usize]),
            _ if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted => {}
            _ => return kill(pid),
        }
    }
    match wait(pid) {
        Some(RENDERED) => String::from_utf8(text).map_or(Outcome::Failed, Outcome::Done),
        Some(TERA_ERROR) => Outcome::Failed,
        _ => Outcome::OutOfMemory,
    }
}

#[cfg(target_os = "linux")]
fn kill(pid: libc::pid_t) -> Outcome {
    // SAFETY: signals our own child, then reaps it.
    unsafe { libc::kill(pid, libc::SIGKILL) };
    wait(pid);
    Outcome::TimedOut
}

/// The child's exit code, or `None` when a signal ended it.
#[cfg(target_os = "linux")]
fn wait(pid: libc::pid_t) -> Option<i32> {
    let mut status = 0;
    loop {
        // SAFETY: waits for our own child.
        let r = unsafe { libc::waitpid(pid, &mut status, 0) };
        if r == pid {
            break;
        }
        if r < 0 && std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            return None;
        }
    }
    libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status))
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn tera(template: &str) -> Tera {
        let mut tera = Tera::new();
        tera.add_raw_template("t", template).unwrap();
        tera
    }

    #[test]
    fn a_render_comes_back_whole() {
        let mut context = Context::new();
        context.insert("name", "Chile");
        let out = render(
            &tera("Hello {{ name }}."),
            "t",
            &context,
            Duration::from_secs(10),
        );
        assert_eq!(out, Outcome::Done("Hello Chile.".into()));
    }

    #[test]
    fn a_string_doubled_forty_times_runs_out_of_memory_in_the_child_only() {
        let doubling = "{% set_global s = \"xxxxxxxx\" %}{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}";
        let out = render(
            &tera(doubling),
            "t",
            &Context::new(),
            Duration::from_secs(60),
        );
        assert_eq!(out, Outcome::OutOfMemory);
    }

    #[test]
    fn an_endless_render_is_killed_at_the_limit() {
        let slow = "{% for i in range(end=10000) %}{% for j in range(end=10000) %}{% for k in range(end=10000) %}{% endfor %}{% endfor %}{% endfor %}";
        let started = std::time::Instant::now();
        let out = render(
            &tera(slow),
            "t",
            &Context::new(),
            Duration::from_millis(300),
        );
        assert_eq!(out, Outcome::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn a_template_error_is_reported_as_failed() {
        let out = render(
            &tera("{{ missing.field }}"),
            "t",
            &Context::new(),
            Duration::from_secs(10),
        );
        assert_eq!(out, Outcome::Failed);
    }
}
