//! Hazards to the written output: files that a build once left wrong or half-written.
