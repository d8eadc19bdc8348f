//! The typst process of one compile: started ([`Waiting`]), given the
//! document on its standard input ([`Waiting::feed`]), then waited for
//! until its time limit ([`Running::finish`]). typst never outlives these
//! values, nor sgreport: dropped unfinished, it is stopped and its files are
//! removed.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::messages::read_errors;
use super::run::{io, plain, seconds, Launch, NO_PROXY_HERE};
use super::sandbox::Sandbox;
use super::CompileError;

/// typst started and loading, its document not yet given.
pub(super) struct Waiting {
    process: Process,
    started_for: StartedFor,
}

/// typst compiling its document.
pub struct Running {
    process: Process,
    started_for: StartedFor,
    document: Arc<str>,
    layout: String,
    deadline: Instant,
    timeout: Duration,
}

/// What of the [`Launch`] the end of the compile needs.
struct StartedFor {
    /// The PDF's final place, which messages name.
    target: PathBuf,
    /// Where the PDF is left.
    work: PathBuf,
}

/// The child process, the thread reading its messages, and its files.
struct Process {
    child: Option<Child>,
    /// Reads typst's messages; says on `ended` when typst closed them.
    reader: Option<JoinHandle<Vec<u8>>>,
    ended: mpsc::Receiver<()>,
    /// Declared last: removed after typst has been stopped.
    sandbox: Sandbox,
}

impl Waiting {
    /// Starts typst with `args` in `sandbox`, its environment pinned down.
    pub(super) fn spawn(
        launch: &Launch,
        args: &[OsString],
        sandbox: Sandbox,
    ) -> std::io::Result<Waiting> {
        let mut command = pinned_command(&launch.typst.program, args, &sandbox.dir);
        ends_with_this_process(&mut command);
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()?;
        // typst's stderr closes when it exits; a thread reads it and says so.
        let mut stderr = child.stderr.take().expect("stderr is piped");
        let (done, ended) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = stderr.read_to_end(&mut text);
            let _ = done.send(());
            text
        });
        Ok(Waiting {
            process: Process {
                child: Some(child),
                reader: Some(reader),
                ended,
                sandbox,
            },
            started_for: StartedFor {
                target: launch.target.to_path_buf(),
                work: launch.work.to_path_buf(),
            },
        })
    }

    /// Writes the layout into the sandbox and gives typst the document; the
    /// time limit counts from here.
    pub(super) fn feed(
        mut self,
        document: &str,
        layout: &str,
        timeout: Duration,
    ) -> Result<Running, CompileError> {
        refuse_packages(layout)?;
        self.process.sandbox.write_layout(layout)?;
        let document: Arc<str> = Arc::from(document);
        if let Some(stdin) = self.process.child.as_mut().and_then(|c| c.stdin.take()) {
            send(stdin, Arc::clone(&document));
        }
        Ok(Running {
            process: self.process,
            started_for: self.started_for,
            document,
            layout: layout.to_string(),
            deadline: Instant::now() + timeout,
            timeout,
        })
    }
}

impl Running {
    /// Waits for typst (until the time limit); returns the PDF, moved out
    /// of typst's folder into the launch's work folder.
    pub fn finish(mut self) -> Result<PathBuf, CompileError> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if let Err(RecvTimeoutError::Timeout) = self.process.ended.recv_timeout(left) {
            self.process.stop();
            return Err(CompileError {
                timed_out: true,
                ..plain(format!(
                    "typst did not finish within {} making {} with the layout {} and was stopped; \
                     if the document is merely very large, allow more time with \
                     SGREPORT_TYPST_TIMEOUT=<seconds>",
                    seconds(self.timeout),
                    file_name(&self.started_for.target),
                    crate::render::typst::LAYOUT_FILE,
                ))
            });
        }
        let mut child = self.process.child.take().expect("not yet waited for");
        let status = child.wait().map_err(|e| io("cannot wait for typst", e))?;
        let stderr = self
            .process
            .reader
            .take()
            .and_then(|r| r.join().ok())
            .unwrap_or_default();
        if status.success() {
            let pdf = self
                .started_for
                .work
                .join(format!("{}.pdf", crate::output::temp_name()));
            return std::fs::rename(self.process.sandbox.pdf(), &pdf)
                .map(|()| pdf)
                .map_err(|e| io("cannot move the PDF typst made", e));
        }
        let stderr = String::from_utf8_lossy(&stderr);
        Err(read_errors(
            &self.document,
            &self.layout,
            &self.process.sandbox.dir,
            &stderr,
        ))
    }
}

impl Process {
    /// Kills typst if it still runs (its PDF goes with the sandbox, when
    /// dropped).
    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        // Not joined: should anything typst started still hold its stderr,
        // the reader ends with it, unwaited.
        self.reader.take();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A layout that imports a typst package is never given to typst. The
/// pipeline checks the layout first; this is the last line of defence.
pub(super) fn refuse_packages(layout: &str) -> Result<(), CompileError> {
    let Err(p) = super::check_layout(layout) else {
        return Ok(());
    };
    let line = layout.lines().nth(p.line - 1).unwrap_or_default();
    Err(CompileError {
        timed_out: false,
        message: p.to_string(),
        locations: vec![(
            crate::render::typst::LAYOUT_FILE.to_string(),
            p.line,
            line.to_string(),
        )],
    })
}

/// Gives typst its document and closes its input: what the pipe takes at
/// once is written here (a report's Typst usually fits), the rest on a
/// thread of its own, so that a typst that stops reading (hung, or killed
/// at the time limit) never holds up sgreport.
fn send(mut stdin: ChildStdin, text: Arc<str>) {
    let Ok(written) = write_without_waiting(&mut stdin, text.as_bytes()) else {
        // typst has gone (its input closed): its messages will say why.
        return;
    };
    if written < text.len() {
        std::thread::spawn(move || {
            let _ = stdin.write_all(&text.as_bytes()[written..]);
        });
    }
}

/// Writes what the pipe takes without waiting; how much that was.
#[cfg(unix)]
fn write_without_waiting(stdin: &mut ChildStdin, bytes: &[u8]) -> std::io::Result<usize> {
    use std::os::fd::AsRawFd;
    let fd = stdin.as_raw_fd();
    // SAFETY: fcntl on a descriptor this `ChildStdin` owns and keeps open;
    // only the O_NONBLOCK flag changes, and it is put back before returning.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) } < 0 {
        return Ok(0);
    }
    let mut done = 0;
    let result = loop {
        match stdin.write(&bytes[done..]) {
            Ok(0) => break Ok(done),
            Ok(n) if done + n == bytes.len() => break Ok(bytes.len()),
            Ok(n) => done += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break Ok(done),
            Err(e) => break Err(e),
        }
    };
    // SAFETY: as above.
    unsafe { libc::fcntl(fd, libc::F_SETFL, flags) };
    result
}

#[cfg(not(unix))]
fn write_without_waiting(_: &mut ChildStdin, _: &[u8]) -> std::io::Result<usize> {
    Ok(0)
}

/// `typst <args>` run in `dir`, with nothing from the environment that
/// would change what it reads or where it looks for packages.
fn pinned_command(program: &Path, args: &[OsString], dir: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(dir).args(args);
    for var in ["SOURCE_DATE_EPOCH", "TYPST_ROOT", "TYPST_FONT_PATHS"] {
        cmd.env_remove(var);
    }
    for var in [
        "TYPST_PACKAGE_PATH",
        "TYPST_PACKAGE_CACHE_PATH",
        "TYPST_CERT",
    ] {
        cmd.env_remove(var);
    }
    for var in ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"] {
        cmd.env(var, NO_PROXY_HERE)
            .env(var.to_ascii_lowercase(), NO_PROXY_HERE);
    }
    cmd.env_remove("NO_PROXY").env_remove("no_proxy");
    cmd
}

/// typst ends when sgreport does, however sgreport ends (killed too): the
/// kernel kills it when its parent goes (Linux's parent-death signal). So
/// that this holds, typst is started only from the thread that runs the
/// build, which lives as long as the process.
#[cfg(target_os = "linux")]
fn ends_with_this_process(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: getpid is async-signal-safe.
    let parent = unsafe { libc::getpid() };
    // SAFETY: only async-signal-safe calls (prctl, getppid) between fork
    // and exec, and nothing allocated.
    unsafe {
        command.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // sgreport already gone before the signal was asked for.
            if libc::getppid() != parent {
                return Err(std::io::Error::other("sgreport ended"));
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn ends_with_this_process(_: &mut Command) {}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
