//! The generated Typst for the small fixture, as a snapshot: a layout change
//! shows up here as a reviewable diff.

use std::path::Path;

#[test]
fn generated_typst_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
    let (project, templates) = sgreport::build::check(&root).expect("fixture checks");
    let docs = sgreport::build::render_markdown(&project, &templates).expect("renders");
    let main = sgreport::render::typst::to_typst(&docs[0].markdown).expect("converts");
    insta::assert_snapshot!("small_main_typ", main);
    let add = sgreport::render::typst::to_typst(&docs[1].markdown).expect("converts");
    insta::assert_snapshot!("small_addendum_typ", add);
}
