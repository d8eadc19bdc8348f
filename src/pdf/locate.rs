//! Finding the pinned typst: `$SGREPORT_TYPST`, then `PATH`, then the per-user
//! cache shared by all checkouts; installing it into the cache when missing.

use std::env;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The one typst version this tool is built and tested against.
pub const TYPST_VERSION: &str = "0.15.1";

/// How many crates `cargo install typst-cli` compiles, for the install bar.
const TYPST_INSTALL_CRATES: u64 = 350;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypstSource {
    Env,
    Path,
    Cache,
    Installed,
}

impl TypstSource {
    /// Where typst was found, in words for the user (`doctor`).
    pub fn describe(&self) -> &'static str {
        match self {
            TypstSource::Env => "because SGREPORT_TYPST names it",
            TypstSource::Path => "the pinned version, found on PATH",
            TypstSource::Cache => {
                "the pinned version, installed into the sgreport cache by an earlier build"
            }
            TypstSource::Installed => "installed just now into the sgreport cache",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Typst {
    pub program: PathBuf,
    pub version: String,
    pub source: TypstSource,
}

impl Typst {
    pub fn is_pinned(&self) -> bool {
        self.version == TYPST_VERSION
    }
}

/// `$SGREPORT_CACHE`, else `$XDG_CACHE_HOME/sgreport`, else `~/.cache/sgreport`.
pub fn cache_dir() -> PathBuf {
    if let Some(d) = env::var_os("SGREPORT_CACHE").filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    if let Some(d) = env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(d).join("sgreport");
    }
    let home = env::var_os("HOME").map_or_else(env::temp_dir, PathBuf::from);
    home.join(".cache").join("sgreport")
}

fn cached_root() -> PathBuf {
    cache_dir().join("typst").join(TYPST_VERSION)
}

fn cached_program() -> PathBuf {
    cached_root()
        .join("bin")
        .join(if cfg!(windows) { "typst.exe" } else { "typst" })
}

/// The program's version: remembered from an earlier run while the program
/// file is unchanged, else asked (`typst --version`) and remembered.
fn version_of(program: &Path) -> Option<String> {
    if let Some(v) = super::verified::remembered(program) {
        return Some(v);
    }
    let v = ask_version(program)?;
    super::verified::remember(program, &v);
    Some(v)
}

/// `typst 0.15.1 (abc)` -> `0.15.1`
fn ask_version(program: &Path) -> Option<String> {
    let out = Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace()
        .nth(1)
        .map(str::to_string)
        .filter(|_| out.status.success())
}

fn on_path() -> Option<PathBuf> {
    let name = if cfg!(windows) { "typst.exe" } else { "typst" };
    env::split_paths(&env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Why the pinned typst could not be found or installed.
#[derive(Debug, thiserror::Error)]
pub enum TypstError {
    #[error("SGREPORT_TYPST is set to {}, which does not run as typst", program.display())]
    NotTypst { program: PathBuf },
    #[error("cannot create the typst cache {}: {source}", path.display())]
    Cache {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot lock {}: {source}", path.display())]
    Lock {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot run cargo to install typst {TYPST_VERSION}: {0}")]
    NoCargo(#[source] std::io::Error),
    #[error("cargo install failed: {0}")]
    Wait(#[source] std::io::Error),
    #[error("cargo install typst-cli {TYPST_VERSION} failed:\n{log}")]
    Install { log: String },
    #[error("cannot move the installed typst into place: {0}")]
    Move(#[source] std::io::Error),
    #[error("typst was installed into {} but does not run", root.display())]
    DoesNotRun { root: PathBuf },
}

/// What is already here, without installing anything. An explicit
/// `$SGREPORT_TYPST` is used whatever its version (the caller warns); a typst
/// on PATH only when it is the pinned version.
pub fn find_typst() -> Result<Option<Typst>, TypstError> {
    if let Some(p) = env::var_os("SGREPORT_TYPST").filter(|p| !p.is_empty()) {
        let program = PathBuf::from(p);
        let version = version_of(&program).ok_or_else(|| TypstError::NotTypst {
            program: program.clone(),
        })?;
        return Ok(Some(Typst {
            program,
            version,
            source: TypstSource::Env,
        }));
    }
    if let Some(program) = on_path() {
        if let Some(version) = version_of(&program).filter(|v| v == TYPST_VERSION) {
            return Ok(Some(Typst {
                program,
                version,
                source: TypstSource::Path,
            }));
        }
    }
    let program = cached_program();
    if let Some(version) = version_of(&program).filter(|v| v == TYPST_VERSION) {
        return Ok(Some(Typst {
            program,
            version,
            source: TypstSource::Cache,
        }));
    }
    Ok(None)
}

/// A typst of another version on PATH, to name in messages.
pub fn other_on_path() -> Option<(PathBuf, String)> {
    let p = on_path()?;
    let v = version_of(&p)?;
    (v != TYPST_VERSION).then_some((p, v))
}

/// Finds typst, installing the pinned version into the cache if needed.
/// `say` prints one-line notices to the user. Safe when several processes
/// ask at once: the install holds a lock file, and the others wait for it.
pub fn ensure_typst(say: &dyn Fn(&str)) -> Result<Typst, TypstError> {
    ensure_typst_with(say, &crate::progress::Silent)
}

/// [`ensure_typst`], reporting the install's progress.
pub fn ensure_typst_with(
    say: &dyn Fn(&str),
    progress: &dyn crate::progress::Progress,
) -> Result<Typst, TypstError> {
    if let Some(t) = find_typst()? {
        return Ok(t);
    }
    let root = cached_root();
    let parent = root
        .parent()
        .expect("cache root has a parent")
        .to_path_buf();
    fs::create_dir_all(&parent).map_err(|source| TypstError::Cache {
        path: parent.clone(),
        source,
    })?;
    let lock_path = parent.join(format!("{TYPST_VERSION}.lock"));
    let lock = File::create(&lock_path).map_err(|source| TypstError::Cache {
        path: lock_path.clone(),
        source,
    })?;
    if lock.try_lock().is_err() {
        say(&format!(
            "waiting for another sgreport to finish installing typst {TYPST_VERSION} ..."
        ));
        lock.lock().map_err(|source| TypstError::Lock {
            path: lock_path.clone(),
            source,
        })?;
    }
    // Someone may have finished while we waited.
    if let Some(t) = find_typst()? {
        return Ok(t);
    }
    if let Some((p, v)) = other_on_path() {
        say(&format!(
            "typst {v} at {} is not the pinned version {TYPST_VERSION}",
            p.display()
        ));
    }
    say(&format!(
        "typst {TYPST_VERSION} not found: installing it once into {} with cargo (a one-time step of several minutes; \
         later builds reuse it)",
        root.display()
    ));
    install(&root, say, progress)?;
    let version = version_of(&cached_program())
        .ok_or_else(|| TypstError::DoesNotRun { root: root.clone() })?;
    drop(lock);
    Ok(Typst {
        program: cached_program(),
        version,
        source: TypstSource::Installed,
    })
}

/// `cargo install --locked typst-cli --version <pin> --root <tmp>`, then a
/// rename, so a half-finished install is never taken for a good one.
fn install(
    root: &Path,
    say: &dyn Fn(&str),
    progress: &dyn crate::progress::Progress,
) -> Result<(), TypstError> {
    let staging = root.with_file_name(format!("{TYPST_VERSION}.partial-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut child = Command::new(cargo)
        .args([
            "install",
            "--locked",
            "typst-cli",
            "--version",
            TYPST_VERSION,
            "--root",
        ])
        .arg(&staging)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(TypstError::NoCargo)?;
    // Show cargo's progress: a bar on a terminal, else a line now and then.
    let mut tail = Vec::new();
    progress.start(
        crate::progress::Task::InstallingTypst {
            version: TYPST_VERSION,
        },
        Some(TYPST_INSTALL_CRATES),
    );
    if let Some(err) = child.stderr.take() {
        let mut compiled = 0u64;
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let l = line.trim();
            if let Some(krate) = l.strip_prefix("Compiling ") {
                compiled += 1;
                progress.set(compiled, krate);
                if compiled % 50 == 1 {
                    say(&format!(
                        "  installing typst: {compiled} crates compiled ({l})"
                    ));
                }
            }
            tail.push(line);
            if tail.len() > 30 {
                tail.remove(0);
            }
        }
    }
    progress.finish();
    let status = child.wait().map_err(TypstError::Wait)?;
    if !status.success() {
        let _ = fs::remove_dir_all(&staging);
        return Err(TypstError::Install {
            log: tail.join("\n"),
        });
    }
    let _ = fs::remove_dir_all(root);
    fs::rename(&staging, root).map_err(TypstError::Move)?;
    // cargo leaves its bookkeeping files in the root; they are harmless.
    Ok(())
}

#[cfg(test)]
pub(super) fn ask_version_for_test(program: &Path) -> Option<String> {
    ask_version(program)
}
