//! The commit journal, `output/.sgreport/journal`: what a commit is about
//! to do, written and synced before its first move, and which outputs make
//! up the generation in place once it is settled.
//!
//! ```text
//! sgreport journal 1
//! pending                      (or `settled`, written in place: the commit point)
//! now <name>                   an output of the new generation
//! was <name>                   an output of the generation it replaces
//! aside <name> <backup>        the old <name> moved to .sgreport/old/<backup>
//! new <name>                   a new file moved to <name>, where nothing was
//! ```
//!
//! It is read as untrusted input: a link, a pipe or a device in its place,
//! a file over [`MAX_JOURNAL`] bytes, or any line that is not one of these
//! with plain names of sgreport's outputs ([`OutputName::parse`]) and
//! backups, and the whole journal is refused.

use std::collections::BTreeSet;
use std::io::{Seek, SeekFrom, Write};

use super::names::{OutputName, StateDir};
use super::untrusted::{self, create_new, open_own_file, read_own_file, Refused};
use super::{failpoint, temp_name, OutputError};

const HEADER: &str = "sgreport journal 1\n";
const PENDING: &str = "pending\n";
const SETTLED: &str = "settled\n";

/// The largest journal read: two documents' outputs and figures take a few
/// kilobytes.
pub const MAX_JOURNAL: u64 = 256 * 1024;

/// One commit, as its journal says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Journal {
    /// Its moves are all done (or all undone).
    pub settled: bool,
    pub now: BTreeSet<OutputName>,
    pub was: BTreeSet<OutputName>,
    pub aside: Vec<(OutputName, Backup)>,
    pub new: Vec<OutputName>,
}

/// What makes a text not a journal sgreport wrote.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum NotAJournal {
    #[error("its first line is not `sgreport journal 1`")]
    Header,
    #[error("its second line is neither `pending` nor `settled`")]
    State,
    #[error("line {0} is not a journal line of plain output names")]
    Line(usize),
}

/// The name of a replaced output in `.sgreport/old/`: `<digits>-<digits>.old`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Backup(String);

impl Backup {
    /// A name no other backup of this or any process has.
    pub fn unique() -> Backup {
        Backup(format!("{}.old", temp_name()))
    }

    fn parse(s: &str) -> Option<Backup> {
        let digits = s.strip_suffix(".old")?;
        let (a, b) = digits.split_once('-')?;
        let number =
            |x: &str| !x.is_empty() && x.len() <= 20 && x.bytes().all(|c| c.is_ascii_digit());
        (number(a) && number(b)).then(|| Backup(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Journal {
    /// A settled journal naming `now` as the generation in place.
    pub fn settled_with(now: BTreeSet<OutputName>) -> Journal {
        Journal {
            settled: true,
            now,
            ..Journal::default()
        }
    }

    fn to_text(&self) -> String {
        let mut text = String::from(HEADER);
        text.push_str(if self.settled { SETTLED } else { PENDING });
        for n in &self.now {
            text.push_str(&format!("now\t{n}\n"));
        }
        for n in &self.was {
            text.push_str(&format!("was\t{n}\n"));
        }
        for (n, b) in &self.aside {
            text.push_str(&format!("aside\t{n}\t{}\n", b.as_str()));
        }
        for n in &self.new {
            text.push_str(&format!("new\t{n}\n"));
        }
        text
    }

    /// The journal `text`, or which of its lines is not one sgreport writes.
    fn parse(text: &str) -> Result<Journal, NotAJournal> {
        let body = text.strip_prefix(HEADER).ok_or(NotAJournal::Header)?;
        let (settled, body) = match (body.strip_prefix(SETTLED), body.strip_prefix(PENDING)) {
            (Some(rest), _) => (true, rest),
            (None, Some(rest)) => (false, rest),
            _ => return Err(NotAJournal::State),
        };
        let mut j = Journal {
            settled,
            ..Journal::default()
        };
        for (i, line) in body.lines().enumerate() {
            let bad = || NotAJournal::Line(i + 3);
            let name = |s: &str| OutputName::parse(s).ok_or_else(bad);
            match line.split('\t').collect::<Vec<_>>()[..] {
                ["now", n] => {
                    j.now.insert(name(n)?);
                }
                ["was", n] => {
                    j.was.insert(name(n)?);
                }
                ["aside", n, b] => j.aside.push((name(n)?, Backup::parse(b).ok_or_else(bad)?)),
                ["new", n] => j.new.push(name(n)?),
                _ => return Err(bad()),
            }
        }
        Ok(j)
    }

    /// The journal in `state`, `None` if there is none.
    pub fn read(state: &StateDir) -> Result<Option<Journal>, OutputError> {
        let path = state.journal();
        let refused = |why: String| OutputError::Journal {
            path: path.clone(),
            why,
        };
        let bytes = match read_own_file(&path, MAX_JOURNAL) {
            Ok(b) => b,
            Err(Refused::NotPlain) => {
                return Err(refused(
                    "it is not a plain file (a link, a pipe, a device or a folder)".into(),
                ))
            }
            Err(Refused::TooLarge(limit)) => {
                return Err(refused(format!("it is larger than {limit} bytes")))
            }
            Err(Refused::Io(e)) => return Err(OutputError::io(&path, e)),
        };
        let Some(bytes) = bytes else {
            return Ok(None);
        };
        let text = String::from_utf8(bytes).map_err(|_| refused("it is not UTF-8 text".into()))?;
        Journal::parse(&text)
            .map(Some)
            .map_err(|e| refused(e.to_string()))
    }

    /// Writes this journal in `state` whole: into a new file, synced, then
    /// renamed over the last one, so that a journal is never half written.
    pub fn write(&self, state: &StateDir) -> std::io::Result<()> {
        let tmp = state.work().join(format!("{}.journal", temp_name()));
        let written = create_new(&tmp).and_then(|mut f| {
            f.write_all(self.to_text().as_bytes())?;
            f.sync_all()
        });
        let renamed = written.and_then(|()| {
            failpoint::step();
            std::fs::rename(&tmp, state.journal())
        });
        if renamed.is_err() {
            let _ = untrusted::remove_entry(&tmp);
        }
        renamed
    }

    /// Marks the journal in `state` settled, in place: the commit point.
    /// Not synced: until a later write reaches the disk, the journal may
    /// read pending again after a power cut, and the next build undoes the
    /// commit whole (the old outputs stay in `.sgreport/old/` until a build
    /// whose own journal is written has begun).
    pub fn settle(state: &StateDir) -> std::io::Result<()> {
        let mut file = open_own_file(&state.journal()).map_err(|e| match e {
            Refused::Io(e) => e,
            _ => std::io::Error::other("the journal is not a plain file"),
        })?;
        failpoint::step();
        file.seek(SeekFrom::Start(HEADER.len() as u64))?;
        file.write_all(SETTLED.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> OutputName {
        OutputName::parse(s).unwrap()
    }

    #[test]
    fn a_journal_reads_back_as_written() {
        let j = Journal {
            settled: false,
            now: [name("A.md"), name("A.pdf")].into(),
            was: [name("A.md"), name("B.docx")].into(),
            aside: vec![(name("A.md"), Backup::parse("12-3.old").unwrap())],
            new: vec![name("A.pdf")],
        };
        assert_eq!(Journal::parse(&j.to_text()), Ok(j));
        let settled = Journal::settled_with([name("A.md")].into());
        assert!(settled.to_text().starts_with(&format!("{HEADER}{SETTLED}")));
        assert_eq!(Journal::parse(&settled.to_text()), Ok(settled));
    }

    #[test]
    fn settling_without_a_state_folder_gives_the_system_s_error() {
        // Not "not a plain file": the folder is missing, and the message
        // says so.
        let root = tempfile::tempdir().unwrap();
        let state = StateDir::of(&root.path().join("gone"));
        let e = Journal::settle(&state).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::NotFound, "{e}");
    }

    #[test]
    fn a_backup_is_two_numbers_and_old() {
        assert!(Backup::parse("12-3.old").is_some());
        let long = format!("{}-1.old", "1".repeat(21));
        for bad in ["-3.old", "12-.old", "1a-3.old", "12-3b.old", &long, "12-3"] {
            assert_eq!(Backup::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_journal_with_a_path_or_an_odd_line_is_refused_whole() {
        let head = format!("{HEADER}{PENDING}");
        for bad in [
            "new\t/tmp/x.md\n",
            "new\t../report.yaml\n",
            "aside\tA.md\t../../.bashrc\n",
            "aside\tA.md\t/home/u/.bashrc\n",
            "now\tsub/A.md\n",
            "new\treport.yaml\n",
            "old\tpayload\tA.md\n",
            "new\tA.md\textra\n",
        ] {
            let e = Journal::parse(&format!("{head}now\tA.md\n{bad}")).unwrap_err();
            assert_eq!(e, NotAJournal::Line(4), "{bad}");
            assert_eq!(
                e.to_string(),
                "line 4 is not a journal line of plain output names"
            );
        }
        assert!(Journal::parse("sgreport commit: pending\nnew\tA.md\n").is_err());
        assert!(Journal::parse(&format!("{HEADER}maybe\n")).is_err());
    }
}
