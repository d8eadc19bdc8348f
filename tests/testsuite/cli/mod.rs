//! The command line itself: finding the project, terminal conventions
//! (colour, quiet, verbose), and the editing loop (`init`, `templates`,
//! `watch`).

mod editing;
mod project;
mod terminal;
