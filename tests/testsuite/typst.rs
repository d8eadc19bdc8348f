//! The generated Typst for the small fixture, as a snapshot: a layout change
//! shows up here as a reviewable diff.

use crate::common::{fixture_dir, render_fixture_markdown, to_typst};

#[test]
fn generated_typst_snapshot() {
    let docs = render_fixture_markdown(&fixture_dir("small"));
    let main = to_typst(&docs[0]);
    insta::assert_snapshot!("small_main_typ", main);
    let add = to_typst(&docs[1]);
    insta::assert_snapshot!("small_addendum_typ", add);
}

#[test]
fn table_and_annex_footnotes_are_lettered_body_footnotes_numbered() {
    let md = "<!-- sgreport:body -->\n\n# Chapter\n\n1. Text.[^b]\n\n   | Region | Cases |\n   | --- | ---: |\n   | North[^n] | 12 |\n\n\
              <!-- sgreport:annexes -->\n\n# Annex I\n\n## Figures\n\nSource.[^a]\n\n[^b]: Body note.\n\n[^n]: Provisional.\n\n[^a]: Annex note.\n";
    let typ = to_typst(md);
    assert!(typ.contains("Text\\.#footnote[Body note\\.]"), "{typ}");
    assert!(typ.contains("[North#super[a]]"), "{typ}");
    assert!(
        typ.contains("#table-notes(((\"a\", [Provisional\\.]),))"),
        "{typ}"
    );
    assert!(typ.contains("#counter(footnote).update(0)"), "{typ}");
    assert!(
        typ.contains("Source\\.#footnote(numbering: \"a\")[Annex note\\.]"),
        "{typ}"
    );
}
