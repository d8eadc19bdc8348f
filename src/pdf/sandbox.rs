//! The folder typst runs in, its `--root` and font path: the layout the
//! document imports and links to the font files, nothing else. A new one
//! for every compile, made in the caller's work folder (a build's is
//! `output/.sgreport/work/`) with a name no other folder has, so nothing
//! planted there is ever used; removed when typst is done.
//!
//! Kept folders, reused from one build to the next, saved about 3 ms of a
//! 45 ms build on a disk told of every freed block, and were a place where
//! a planted link was followed: no longer kept (see the README's overhead
//! section for this round's figures).

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use super::run::{io, Launch};
use super::{CompileError, FontChoice};
use crate::output::temp_name;
use crate::output::untrusted::create_new;
use crate::render::typst::LAYOUT_FILE;

/// One compile's folder; removed when dropped.
pub(super) struct Sandbox {
    /// Absolute, so typst's messages can be stripped of it.
    pub(super) dir: PathBuf,
}

impl Sandbox {
    /// A new folder for `launch`, holding links to its font files.
    pub(super) fn create(launch: &Launch) -> Result<Sandbox, CompileError> {
        let dir = launch.work.join(format!("typst-{}", temp_name()));
        let dir = std::path::absolute(dir).map_err(|e| io("cannot find the build folder", e))?;
        // Not create_dir_all: a folder (or link) already there is refused.
        fs::create_dir(&dir).map_err(|e| io("cannot create the build folder", e))?;
        // From here on the folder goes away again whatever happens.
        let sandbox = Sandbox { dir };
        sandbox
            .link_fonts(launch.font)
            .map_err(|e| io("cannot link a font file", e))?;
        Ok(sandbox)
    }

    /// Links `font`'s files beside the layout, not in a folder of their
    /// own: each folder costs a removal.
    fn link_fonts(&self, font: &FontChoice) -> std::io::Result<()> {
        let files = font.files.iter().chain(&font.project_fonts);
        for (i, file) in files.enumerate() {
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            link_or_copy(file, &self.dir.join(format!("font-{i}-{name}")))?;
        }
        Ok(())
    }

    /// Writes the layout, which the document imports.
    pub(super) fn write_layout(&self, layout: &str) -> Result<(), CompileError> {
        create_new(&self.dir.join(LAYOUT_FILE))
            .and_then(|mut f| f.write_all(layout.as_bytes()))
            .map_err(|e| io("cannot write the layout", e))
    }

    /// Where typst writes the PDF.
    pub(super) fn pdf(&self) -> PathBuf {
        self.dir.join("document.pdf")
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
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
    use crate::pdf::{Threads, Typst, TypstSource};
    use std::path::Path;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_new_folder_per_compile_holds_the_layout_and_the_font_links_and_goes_when_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("A.ttf");
        fs::write(&a, "a").unwrap();
        let work = tmp.path().join("work");
        fs::create_dir(&work).unwrap();
        let typst = Typst {
            program: "typst".into(),
            version: "0.15.1".into(),
            source: TypstSource::Path,
        };
        let font = FontChoice {
            family: "X".into(),
            files: vec![a.clone()],
            project_fonts: Vec::new(),
        };
        let target = tmp.path().join("output/A.pdf");
        let launch = Launch {
            typst: &typst,
            font: &font,
            timestamp: 0,
            target: &target,
            work: &work,
            threads: Threads::All,
        };
        let one = Sandbox::create(&launch).unwrap();
        let two = Sandbox::create(&launch).unwrap();
        assert_ne!(one.dir, two.dir);
        one.write_layout("layout").unwrap();
        assert_eq!(names(&one.dir), ["font-0-A.ttf", "un-report.typ"]);
        assert_eq!(fs::read_link(one.dir.join("font-0-A.ttf")).unwrap(), a);
        // Written once: never through anything already there.
        assert!(one.write_layout("again").is_err());
        drop((one, two));
        assert_eq!(names(&work), Vec::<String>::new());
    }
}
