//! The folder typst runs in, its `--root` and font path: the layout the
//! document imports and links to the font files, nothing else.
//!
//! A build keeps one such folder per PDF from one build to the next
//! ([`Room::Kept`], in `output/.sgreport/typst/<PDF name>/`): making a
//! folder of font links and the 13 KB layout for each compile took 3-6 ms
//! per PDF before typst could start on this project's machines (a disk told
//! of every freed block, shared with other work), 10-25 % of a build of
//! the test fixture, and removing it as much again. Since `output/` is
//! untrusted, the kept folder is checked every time: each folder on the way
//! must be a folder (a link or file in its place is removed, never
//! followed), everything in it but the layout and the wanted font links is
//! removed (links removed, never followed), and the layout is compared
//! through a plain-file read and replaced by a rename, never written
//! through. Any other compile (`check`, `diff`) gets a new folder with a
//! name no other has, removed when typst is done ([`Room::Fresh`]).

use std::fs;
use std::path::{Path, PathBuf};

use super::run::{io, Launch};
use super::{CompileError, FontChoice};
use crate::output::temp_name;
use crate::output::untrusted::{own_folder, read_own_file, remove_entry, write_new};
use crate::render::typst::LAYOUT_FILE;

/// Where one compile's folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Room<'a> {
    /// A new folder in the launch's work folder, removed when typst is done.
    Fresh,
    /// `<this folder>/<the PDF's file name>/`, kept between builds (a
    /// build's `output/.sgreport/typst/`, used under the output lock).
    Kept(&'a Path),
}

/// The largest layout compared in place: a layout is about 13 KB.
const MAX_LAYOUT: u64 = 4 * 1024 * 1024;

/// What typst's PDF is called inside its folder.
const PDF: &str = "document.pdf";

/// One compile's folder; removed when dropped if it is a fresh one.
pub(super) struct Sandbox {
    /// Absolute, so typst's messages can be stripped of it.
    pub(super) dir: PathBuf,
    kept: bool,
}

impl Sandbox {
    /// The folder for `launch`, holding links to exactly its font files.
    pub(super) fn create(launch: &Launch) -> Result<Sandbox, CompileError> {
        let sandbox = match launch.room {
            Room::Fresh => {
                let dir = absolute(launch.work.join(format!("typst-{}", temp_name())))?;
                // Not create_dir_all: a folder (or link) already there is refused.
                fs::create_dir(&dir).map_err(|e| io("cannot create the build folder", e))?;
                // From here on the folder goes away again whatever happens.
                Sandbox { dir, kept: false }
            }
            Room::Kept(rooms) => {
                let name = launch.target.file_name().unwrap_or_default();
                let dir = absolute(rooms.join(name))?;
                own_folder(rooms)
                    .and_then(|()| own_folder(&dir))
                    .map_err(|e| io("cannot create the build folder", e))?;
                Sandbox { dir, kept: true }
            }
        };
        sandbox
            .link_fonts(launch.font)
            .map_err(|e| io("cannot link a font file", e))?;
        Ok(sandbox)
    }

    /// Makes the font links exactly `font`'s files. They go beside the
    /// layout, not in a folder of their own: each folder costs a removal.
    /// In a kept folder, anything but the layout (a plain file) and the
    /// links wanted is removed first: typst would take any font it finds
    /// there, and a PDF left there might be a link.
    fn link_fonts(&self, font: &FontChoice) -> std::io::Result<()> {
        let wanted: Vec<(String, &PathBuf)> = font
            .files
            .iter()
            .chain(&font.project_fonts)
            .enumerate()
            .map(|(i, f)| {
                let name = f.file_name().unwrap_or_default().to_string_lossy();
                (format!("font-{i}-{name}"), f)
            })
            .collect();
        if self.kept {
            for entry in fs::read_dir(&self.dir)?.filter_map(Result::ok) {
                let name = entry.file_name().to_string_lossy().into_owned();
                let path = entry.path();
                let plain = || fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
                let keep = (name == LAYOUT_FILE && plain())
                    || wanted
                        .iter()
                        .any(|(n, f)| *n == name && fs::read_link(&path).is_ok_and(|to| to == **f));
                if !keep {
                    remove_entry(&path)?;
                }
            }
        }
        for (name, file) in wanted {
            let link = self.dir.join(name);
            if link.symlink_metadata().is_err() {
                link_or_copy(file, &link)?;
            }
        }
        Ok(())
    }

    /// Writes the layout, which the document imports; in a kept folder only
    /// when it differs from the one there. Never through a link: a new file
    /// renamed into place.
    pub(super) fn write_layout(&self, layout: &str) -> Result<(), CompileError> {
        let path = self.dir.join(LAYOUT_FILE);
        let same = || {
            read_own_file(&path, MAX_LAYOUT)
                .is_ok_and(|old| old.as_deref() == Some(layout.as_bytes()))
        };
        if self.kept && same() {
            return Ok(());
        }
        write_new(&path, layout.as_bytes()).map_err(|e| io("cannot write the layout", e))
    }

    /// Where typst writes the PDF.
    pub(super) fn pdf(&self) -> PathBuf {
        self.dir.join(PDF)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if self.kept {
            // typst's PDF, if it made one and no one took it.
            let _ = fs::remove_file(self.pdf());
        } else {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn absolute(dir: PathBuf) -> Result<PathBuf, CompileError> {
    std::path::absolute(dir).map_err(|e| io("cannot find the build folder", e))
}

/// Removes the kept folders in `rooms` of PDFs other than `pdfs` (file
/// names): those of a symbol the report no longer has. A link in the
/// folder's place is removed, never followed.
pub fn remove_other_rooms(rooms: &Path, pdfs: &[String]) {
    if !fs::symlink_metadata(rooms).is_ok_and(|m| m.is_dir()) {
        let _ = remove_entry(rooms);
        return;
    }
    let Ok(entries) = fs::read_dir(rooms) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !pdfs.contains(&name) {
            let _ = remove_entry(&entry.path());
        }
    }
}

fn link_or_copy(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(from, to)
    }
    #[cfg(not(unix))]
    {
        fs::copy(from, to).map(|_| ())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::pdf::locate::TypstSource;
    use crate::pdf::{Threads, Typst};
    use std::os::unix::fs::symlink;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    fn typst() -> Typst {
        Typst {
            program: "typst".into(),
            version: "0.15.1".into(),
            source: TypstSource::Path,
        }
    }

    fn font(files: Vec<PathBuf>) -> FontChoice {
        FontChoice {
            family: "X".into(),
            files,
            project_fonts: Vec::new(),
        }
    }

    fn launch<'a>(
        typst: &'a Typst,
        font: &'a FontChoice,
        target: &'a Path,
        work: &'a Path,
        room: Room<'a>,
    ) -> Launch<'a> {
        Launch {
            typst,
            font,
            timestamp: 0,
            target,
            work,
            room,
            threads: Threads::All,
            standards: Default::default(),
        }
    }

    #[test]
    fn a_fresh_folder_per_compile_holds_the_layout_and_the_font_links_and_goes_when_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("A.ttf");
        fs::write(&a, "a").unwrap();
        let work = tmp.path().join("work");
        fs::create_dir(&work).unwrap();
        let (typst, font) = (typst(), font(vec![a.clone()]));
        let target = tmp.path().join("output/A.pdf");
        let l = launch(&typst, &font, &target, &work, Room::Fresh);
        let one = Sandbox::create(&l).unwrap();
        let two = Sandbox::create(&l).unwrap();
        assert_ne!(one.dir, two.dir);
        one.write_layout("layout").unwrap();
        assert_eq!(names(&one.dir), ["font-0-A.ttf", "un-report.typ"]);
        assert_eq!(fs::read_link(one.dir.join("font-0-A.ttf")).unwrap(), a);
        drop((one, two));
        assert_eq!(names(&work), Vec::<String>::new());
    }

    #[test]
    fn a_kept_folder_holds_exactly_the_layout_and_the_fonts_asked_for_and_follows_no_link() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("A.ttf"), tmp.path().join("B.ttf"));
        fs::write(&a, "a").unwrap();
        fs::write(&b, "b").unwrap();
        let outside = tmp.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("keep.txt"), "precious").unwrap();
        let rooms = tmp.path().join("typst");
        let target = tmp.path().join("output/E.pdf");
        let typst = typst();
        let first = font(vec![a.clone(), b.clone()]);
        // The rooms folder a link to a folder outside: removed, not used.
        symlink(&outside, &rooms).unwrap();
        let room = Sandbox::create(&launch(
            &typst,
            &first,
            &target,
            tmp.path(),
            Room::Kept(&rooms),
        ))
        .unwrap();
        room.write_layout("layout").unwrap();
        let dir = room.dir.clone();
        assert_eq!(dir, rooms.join("E.pdf"));
        drop(room);
        assert_eq!(
            names(&dir),
            ["font-0-A.ttf", "font-1-B.ttf", "un-report.typ"]
        );
        assert_eq!(names(&outside), ["keep.txt"]);
        // Planted: a stray font, a link to a folder outside, the layout as
        // a link to a file outside; then a build with B alone.
        fs::write(dir.join("Stray.otf"), "").unwrap();
        symlink(&outside, dir.join("document.pdf")).unwrap();
        fs::remove_file(dir.join(LAYOUT_FILE)).unwrap();
        symlink(outside.join("keep.txt"), dir.join(LAYOUT_FILE)).unwrap();
        let second = font(vec![b.clone()]);
        let room = Sandbox::create(&launch(
            &typst,
            &second,
            &target,
            tmp.path(),
            Room::Kept(&rooms),
        ))
        .unwrap();
        assert_eq!(names(&dir), ["font-0-B.ttf"]);
        room.write_layout("layout").unwrap();
        assert_eq!(fs::read_to_string(dir.join(LAYOUT_FILE)).unwrap(), "layout");
        assert_eq!(names(&outside), ["keep.txt"]);
        assert_eq!(
            fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "precious"
        );
        // An unchanged layout is not written again; a changed one is.
        let layout = dir.join(LAYOUT_FILE);
        let long_ago = std::time::UNIX_EPOCH + std::time::Duration::from_secs(86_400);
        let file = fs::File::options().write(true).open(&layout).unwrap();
        file.set_modified(long_ago).unwrap();
        room.write_layout("layout").unwrap();
        assert_eq!(fs::metadata(&layout).unwrap().modified().unwrap(), long_ago);
        room.write_layout("new layout").unwrap();
        assert_eq!(fs::read_to_string(&layout).unwrap(), "new layout");
        drop(room);
        // The rooms of other PDFs go.
        fs::create_dir(rooms.join("Old.pdf")).unwrap();
        remove_other_rooms(&rooms, &["E.pdf".into()]);
        assert_eq!(names(&rooms), ["E.pdf"]);
    }
}
