//! The integration tests of sgreport, in one test binary (linking the crate
//! once, as mdBook's testsuite does), a module per area.
//!
//! Fixture projects are under `tests/fixtures/`; insta snapshots in a
//! `snapshots/` folder beside their test's file, named
//! `testsuite__<module path>__<name>.snap`.
//! Most tests run the real binary on a copy of a fixture (see [`common`]);
//! the few calls into the library go through `common`'s last section.

mod cli;
mod common;
mod docs;
mod docx;
mod hazards;
mod input;
mod model;
mod outputs;
mod pdf;
mod review;
