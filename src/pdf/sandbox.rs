//! The folder typst runs in, its `--root` and font path: the layout the
//! document imports and links to the font files, nothing else. A build that
//! holds the output folder's lock keeps one such folder per PDF from one
//! build to the next ([`Room::Kept`]); any other compile gets a new folder,
//! removed when typst is done ([`Room::Fresh`]).

use std::fs;
use std::path::{Path, PathBuf};

use super::run::{io, Launch};
use super::{CompileError, FontChoice};
use crate::output::{remove_entry, temp_path};
use crate::render::typst::LAYOUT_FILE;

/// The folder, inside the output folder, that holds the kept folders: one
/// per PDF, named after it.
pub const ROOMS: &str = ".sgreport-typst";

/// Where one compile's folder is.
///
/// Making and removing a folder and the 13 KB layout for every compile is
/// not free: where the disk is told at once of every freed block (ext4's
/// `discard`, as on this project's build machines), the two compiles of a
/// build took about 3 ms longer with new folders than with kept ones
/// (measured on the fixture; 45 ms in all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Room {
    /// A new folder beside the target PDF, removed when typst is done: for
    /// compiles outside a build (`check`, `diff`), whose target's folder
    /// may be anyone's.
    Fresh,
    /// `.sgreport-typst/<the target's file name>/` beside the target, kept:
    /// for a build, which holds the output folder's lock, so no other
    /// sgreport uses the folder meanwhile. The layout is written only when
    /// it changed, and the font links are made to match each time.
    Kept,
}

/// One compile's folder; removed when dropped if it is a fresh one.
pub(super) struct Sandbox {
    /// Absolute, so typst's messages can be stripped of it.
    pub(super) dir: PathBuf,
    kept: bool,
}

impl Sandbox {
    /// The folder for `launch`, holding links to its font files.
    pub(super) fn create(launch: &Launch) -> Result<Sandbox, CompileError> {
        let out_dir = launch.target.parent().unwrap_or(Path::new("."));
        let (dir, kept) = match launch.room {
            Room::Fresh => (temp_path(&out_dir.join("typst-build")), false),
            Room::Kept => (room_dir(launch.target), true),
        };
        let dir = std::path::absolute(dir).map_err(|e| io("cannot find the build folder", e))?;
        let made = if kept {
            fs::create_dir_all(&dir)
        } else {
            fs::create_dir(&dir)
        };
        made.map_err(|e| io("cannot create the build folder", e))?;
        // From here on a fresh folder goes away again whatever happens.
        let sandbox = Sandbox { dir, kept };
        sandbox
            .link_fonts(launch.font)
            .map_err(|e| io("cannot link a font file", e))?;
        Ok(sandbox)
    }

    /// Makes the font links exactly `font`'s files. They go beside the
    /// layout, not in a folder of their own: each folder costs a removal.
    /// In a kept folder, a link to another file, and anything else but the
    /// layout, is removed first (typst would take any font it finds there).
    fn link_fonts(&self, font: &FontChoice) -> std::io::Result<()> {
        let wanted: Vec<(String, &PathBuf)> = font
            .files
            .iter()
            .chain(&font.project_fonts)
            .enumerate()
            .map(|(i, f)| {
                let name = f.file_name().map(|n| n.to_string_lossy().into_owned());
                (format!("font-{i}-{}", name.unwrap_or_default()), f)
            })
            .collect();
        if self.kept {
            for entry in fs::read_dir(&self.dir)?.filter_map(Result::ok) {
                let name = entry.file_name().to_string_lossy().into_owned();
                let path = entry.path();
                // A copy (where there are no links) cannot be checked: made again.
                let keep = name == LAYOUT_FILE
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
    /// when it differs from the one there (a layout half-written by a killed
    /// build differs, so is written again).
    pub(super) fn write_layout(&self, layout: &str) -> Result<(), CompileError> {
        let path = self.dir.join(LAYOUT_FILE);
        if self.kept && fs::read(&path).is_ok_and(|old| old == layout.as_bytes()) {
            return Ok(());
        }
        fs::write(path, layout).map_err(|e| io("cannot write the layout", e))
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if !self.kept {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// The kept folder of the PDF `target`.
fn room_dir(target: &Path) -> PathBuf {
    let out_dir = target.parent().unwrap_or(Path::new("."));
    let name = target.file_name().unwrap_or_default();
    out_dir.join(ROOMS).join(name)
}

/// Removes the kept folders in `out_dir` of PDFs other than `pdfs` (file
/// names): those of a symbol the report no longer has.
pub fn remove_other_rooms(out_dir: &Path, pdfs: &[String]) {
    let Ok(entries) = fs::read_dir(out_dir.join(ROOMS)) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !pdfs.contains(&name) {
            let _ = remove_entry(&entry.path());
        }
    }
}

fn link_or_copy(from: &Path, to: &Path) -> std::io::Result<()> {
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
    use crate::pdf::{Threads, Typst, TypstSource};

    fn typst() -> Typst {
        Typst {
            program: "typst".into(),
            version: "0.15.1".into(),
            source: TypstSource::Path,
        }
    }

    fn launch<'a>(typst: &'a Typst, font: &'a FontChoice, target: &'a Path) -> Launch<'a> {
        Launch {
            typst,
            font,
            timestamp: 0,
            target,
            threads: Threads::All,
            room: Room::Kept,
            standards: Default::default(),
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_kept_folder_holds_the_layout_and_links_to_exactly_the_fonts_asked_for() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("A.ttf"), tmp.path().join("B.ttf"));
        fs::write(&a, "a").unwrap();
        fs::write(&b, "b").unwrap();
        let target = tmp.path().join("output/E_CN.15_2004_7.pdf");
        fs::create_dir(target.parent().unwrap()).unwrap();
        let typst = typst();
        let font = |files: Vec<PathBuf>| FontChoice {
            family: "X".into(),
            files,
            project_fonts: Vec::new(),
        };
        let first = font(vec![a.clone(), b.clone()]);
        let room = Sandbox::create(&launch(&typst, &first, &target)).unwrap();
        room.write_layout("layout").unwrap();
        let dir = room.dir.clone();
        assert_eq!(
            dir,
            tmp.path().join("output/.sgreport-typst/E_CN.15_2004_7.pdf")
        );
        drop(room);
        assert_eq!(
            names(&dir),
            ["font-0-A.ttf", "font-1-B.ttf", "un-report.typ"]
        );
        // Something else put there, and a build with B alone: only B's link
        // and the layout are left.
        fs::write(dir.join("Stray.otf"), "").unwrap();
        let second = font(vec![b.clone()]);
        let room = Sandbox::create(&launch(&typst, &second, &target)).unwrap();
        assert_eq!(names(&dir), ["font-0-B.ttf", "un-report.typ"]);
        assert_eq!(fs::read_link(dir.join("font-0-B.ttf")).unwrap(), b);
        // An unchanged layout is not written again; a changed one is.
        let layout = dir.join(LAYOUT_FILE);
        let long_ago = std::time::UNIX_EPOCH + std::time::Duration::from_secs(86_400);
        let file = fs::File::options().write(true).open(&layout).unwrap();
        file.set_modified(long_ago).unwrap();
        room.write_layout("layout").unwrap();
        assert_eq!(fs::metadata(&layout).unwrap().modified().unwrap(), long_ago);
        room.write_layout("new layout").unwrap();
        assert_eq!(fs::read_to_string(&layout).unwrap(), "new layout");
    }

    #[test]
    fn a_fresh_folder_goes_when_dropped_and_rooms_of_other_pdfs_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        fs::create_dir(&out).unwrap();
        let typst = typst();
        let font = FontChoice {
            family: "X".into(),
            files: Vec::new(),
            project_fonts: Vec::new(),
        };
        let target = out.join("A.pdf");
        let fresh = Launch {
            room: Room::Fresh,
            ..launch(&typst, &font, &target)
        };
        let room = Sandbox::create(&fresh).unwrap();
        assert!(room.dir.is_dir());
        drop(room);
        assert_eq!(names(&out), Vec::<String>::new());
        for name in ["A.pdf", "B.pdf", "C.review.pdf"] {
            let target = out.join(name);
            drop(Sandbox::create(&launch(&typst, &font, &target)).unwrap());
        }
        remove_other_rooms(&out, &["A.pdf".into(), "C.review.pdf".into()]);
        assert_eq!(names(&out.join(ROOMS)), ["A.pdf", "C.review.pdf"]);
    }
}
