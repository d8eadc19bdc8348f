//! The PDF through the pinned typst: end to end, its page geometry, its
//! accessibility and archival structure, and typst's provisioning on a
//! first build.

mod accessibility;
mod build;
pub(crate) mod geometry;
mod provision;
