//! Stage 4: the typst program, pinned to one version, found or installed, and
//! run in a folder that holds only what the document needs.

pub mod fonts;
pub mod glyphs;
mod layout;
mod locate;
mod messages;
mod process;
mod run;
mod sandbox;
pub mod trace;
mod verified;

pub use fonts::{choose_font_for, font_problems, FontChoice};
pub use glyphs::Coverage;
pub use layout::{check_layout, package_uses};
pub use locate::{cache_dir, ensure_typst, ensure_typst_with, find_typst, Typst, TYPST_VERSION};
pub use process::Running;
pub use run::{
    compile, start, timeout_from_env, CompileError, CompileRequest, Launch, Standards, Threads,
    STANDARDS_HELP,
};
pub use sandbox::{remove_other_rooms, Room};

/// A project's own font for the tests: DejaVu Sans's Tifinagh and Lao
/// letters of [`TEST_FONT_TEXT`], which the fonts typst carries lack
/// (tests/data/README.md).
#[cfg(test)]
pub(crate) const TEST_FONT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/fonts/DejaVuSans-Tifinagh-Lao.ttf"
);

/// Every letter [`TEST_FONT`] has.
#[cfg(test)]
pub(crate) const TEST_FONT_TEXT: &str = "ⵜⴰⵎⴰⵣⵖⴰⵏⵜ ລາວ";
