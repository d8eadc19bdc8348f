//! The integration tests of sgreport, in one test binary (linking the crate
//! once, as mdBook's testsuite does), a module per area.
//!
//! Fixture projects are under `tests/fixtures/`; insta snapshots under
//! `tests/testsuite/snapshots/`, named `testsuite__<module>__<name>.snap`.
//! Most tests run the real binary on a copy of a fixture (see [`common`]);
//! the few calls into the library go through `common`'s last section.

mod accessibility;
mod agreement;
mod bad_input;
mod common;
mod cutoff;
mod diagnostics;
mod docs;
mod docx;
mod editing;
mod figures;
mod geometry;
mod hazards;
mod layout;
mod markdown;
mod pdf;
mod project;
mod prose;
mod provision;
mod questionnaire;
mod redline;
mod regional_groups;
mod review;
mod status;
mod template_errors;
mod terminal;
mod typst;
mod word;
