//! What sgreport survives: each test here is a hazard that once broke the
//! tool (issue 10).
//!
//! One test per hazard, named after what the tool does now, with a line on
//! what once went wrong. Input hazards go in `input`, PDF hazards in `pdf`,
//! hazards to the written output in `output`; this file keeps the ones that
//! belong to none of them.

mod commonmark;
mod input;
mod output;
mod pdf;

use crate::common::Project;

/// Once, a topic heading ending in `#` lost it: the closing run of `#` of an
/// ATX heading was dropped even when escaped (`## Costs \#`), so "Costs in C#"
/// came out as "Costs in C" (fixed in d38fee2).
#[test]
fn a_heading_ending_in_a_hash_keeps_it() {
    let p = Project::fixture("small");
    let text = p
        .read("report.yaml")
        .replace(
            "heading: Legislation and penalties",
            "heading: \"Penalties in C#\"",
        )
        .replace(
            "heading: Extent of and trends in kidnapping",
            "heading: \"Extent #\"",
        );
    p.write("report.yaml", &text);
    p.build_markdown();
    let md = p.read("output/E_CN.15_2004_7.md");
    for heading in ["## A. Extent \\#\n", "## B. Penalties in C\\#\n"] {
        assert!(md.contains(heading), "missing {heading:?} in:\n{md}");
    }
}
