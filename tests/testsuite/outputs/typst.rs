//! The generated Typst for the small fixture, as a snapshot: a layout change
//! shows up here as a reviewable diff.

use crate::common::{fixture_dir, render_fixture_typst, to_typst};

#[test]
fn generated_typst_snapshot() {
    let docs = render_fixture_typst(&fixture_dir("small"));
    let (main, add) = (&docs[0], &docs[1]);
    insta::assert_snapshot!("small_main_typ", main);
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
        typ.contains("notes: ((\"a\", [Provisional\\.]),), general: ()"),
        "{typ}"
    );
    assert!(typ.contains("#counter(footnote).update(0)"), "{typ}");
    assert!(
        typ.contains("Source\\.#footnote(numbering: \"a\")[Annex note\\.]"),
        "{typ}"
    );
}

#[test]
fn reply_lists_are_subparagraphs_and_typed_numbers_are_kept() {
    let md = "<!-- sgreport:body -->\n\n# Chapter\n\n1. *Peru*. Two cases:\n\n   - first;\n   - second.\n\n2. *Chile*. Articles:\n\n   10. ten;\n   11. eleven.\n\n3. *Cuba*. Points:\n\n   1. one;\n   2. two.\n\n4. *Iraq*. Big:\n\n   123456789. x.\n";
    let typ = to_typst(md);
    // Bullets become (a), (b); a list typed from 1 is lettered from (a).
    assert!(
        typ.contains("#enum(numbering: \"(a)\", start: 1, [first\\;], [second\\.])"),
        "{typ}"
    );
    assert!(
        typ.contains("#enum(numbering: \"(a)\", start: 1, [one\\;], [two\\.])"),
        "{typ}"
    );
    // Numbers typed from elsewhere carry meaning: kept, never "(j)".
    assert!(
        typ.contains("#enum(numbering: \"1.\", start: 10, [ten\\;], [eleven\\.])"),
        "{typ}"
    );
    assert!(
        typ.contains("#enum(numbering: \"1.\", start: 123456789, [x\\.])"),
        "{typ}"
    );
    assert!(!typ.contains("#list("), "{typ}");
}

#[test]
fn links_print_their_text_with_the_address_in_a_footnote() {
    let md = "<!-- sgreport:body -->\n\n# Chapter\n\n1. See the [Office](https://www.unodc.org/) and <https://www.un.org>.\n";
    let typ = to_typst(md);
    // The address, a real link, printed as UN documents print it.
    assert!(
        typ.contains(
            "the Office#footnote[Available at #link(\"https://www.unodc.org/\")[www\\.unodc\\.org]\\.]"
        ),
        "{typ}"
    );
    // The text is the address: printed once, no footnote.
    assert!(
        typ.contains("and #link(\"https://www.un.org\")[www\\.un\\.org]\\."),
        "{typ}"
    );
    assert_eq!(typ.matches("#link(").count(), 2, "{typ}");
}

#[test]
fn a_drafts_headings_keep_one_number() {
    let md = "<!-- sgreport:body -->\n\n# I. Introduction\n\n1. One.\n\n## A. Part\n\n2. Two.\n";
    let typ = to_typst(md);
    assert!(typ.contains("#chapter(\"I.\", [Introduction])"), "{typ}");
    assert!(typ.contains("#section(\"A.\", [Part])"), "{typ}");
    assert!(typ.contains("#para(\"2\")[Two\\.]"), "{typ}");
}
