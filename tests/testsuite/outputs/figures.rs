//! Figures of the statistics (contract 1.1 `statistics[].chart`): numbered
//! beside their annex tables, listed in the contents, written as SVG beside
//! the Markdown and drawn in the PDF from the same description.

use crate::common::{compact, pdf_pages, Project};

const MAIN_MD: &str = "output/E_CN.15_2004_7.md";
const MAIN_PDF: &str = "output/E_CN.15_2004_7.pdf";
const FIG1: &str = "output/E_CN.15_2004_7.figure-1.svg";
const FIG2: &str = "output/E_CN.15_2004_7.figure-2.svg";

/// A sender's name written to break every markup it passes through.
const HOSTILE: &str = "<b>&\"Org' #set [x] $y$ // \\ *z*";

/// The `small` fixture with `chart: bars` on its statistic, a second one
/// drawn as lines, and an organization with a hostile name giving figures.
fn with_charts() -> Project {
    let p = Project::fixture_with_two_charts();
    p.write(
        "submissions/hostile.yaml",
        &format!(
            "from: '{}'\nkind: organization\nreceived: 2004-02-02\nstatistics:\n  cases: {{2001: 12, 2003: 1500}}\n  convictions: {{2000: 4, 2002: 7}}\n",
            HOSTILE.replace('\'', "''")
        ),
    );
    p.write(
        "submissions/peru.yaml",
        &(p.read("submissions/peru.yaml")
            + "statistics:\n  convictions: {2000: 30, 2001: 31, 2003: 33}\n"),
    );
    p
}

#[test]
fn figures_are_numbered_captioned_listed_and_written_beside_the_markdown() {
    let p = with_charts();
    p.build_markdown();
    let md = p.read(MAIN_MD);
    let i = md
        .find("![Figure I. Reported cases of kidnapping, 2001-2003](E_CN.15_2004_7.figure-1.svg)")
        .unwrap_or_else(|| panic!("no Figure I in\n{md}"));
    let ii = md
        .find(
            "![Figure II. Persons convicted of kidnapping, 2000-2003](E_CN.15_2004_7.figure-2.svg)",
        )
        .expect("Figure II");
    // Each figure follows its own annex table.
    let table_1 = md
        .find("## Reported cases of kidnapping, 2001-2003")
        .unwrap();
    let table_2 = md
        .find("## Persons convicted of kidnapping, 2000-2003")
        .unwrap();
    assert!(table_1 < i && i < table_2 && table_2 < ii);
    // The contents list them.
    assert!(md.contains(
        "| Figures |  |  |\n| I. | Reported cases of kidnapping, 2001-2003 |  |\n| II. | Persons convicted of kidnapping, 2000-2003 |  |"
    ));
    // The SVG files: the caption as title, the labels as text.
    let svg = p.read(FIG1);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains(
        "<title id=\"figure-title\">Figure I. Reported cases of kidnapping, 2001-2003</title>"
    ));
    for label in [
        "2001",
        "2002",
        "2003",
        "Reported cases of kidnapping",
        "Year",
        "Colombia",
        "Mexico",
        "3,000",
    ] {
        assert!(
            svg.contains(&format!(">{label}</text>")),
            "{label} in\n{svg}"
        );
    }
    let svg2 = p.read(FIG2);
    assert!(svg2.contains(">2000</text>") && svg2.contains("<polyline"));
    // Peru and the organization report different years: no total line,
    // which would show the number of States reporting change.
    assert!(!svg2.contains(">Total</text>"));
}

#[test]
fn without_chart_a_project_has_no_figures() {
    let p = Project::fixture("small");
    p.build_markdown();
    let md = p.read(MAIN_MD);
    assert!(!md.contains("![Figure") && !md.contains("| Figure"), "{md}");
    assert!(!p.path().join(FIG1).exists());
}

#[test]
fn missing_figures_are_gaps_and_the_note_says_so() {
    let p = with_charts();
    p.build_markdown();
    let md = p.read(MAIN_MD);
    // Colombia gave nothing for 2003: no bar there, two dots instead.
    let svg = p.read(FIG1);
    assert!(svg.contains(">..</text>"), "{svg}");
    assert!(md.contains(
        "Two dots (..) in place of a bar indicate that no figure was reported for that year."
    ));
    // Lines break at a gap: the hostile organization's 2000 and 2002 are
    // two lone markers, no line joins them.
    assert!(md.contains("A break in a line indicates that no figure was reported for that year."));
    // The States reporting change from year to year: no total line.
    assert!(!p.read(FIG2).contains(">Total</text>"));
}

#[test]
fn hostile_names_print_literally_in_the_svg() {
    let p = with_charts();
    p.build_markdown();
    let svg = p.read(FIG1);
    let escaped = HOSTILE
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;");
    assert!(svg.contains(&format!(">{escaped}</text>")), "{svg}");
    assert!(!svg.contains("<b>"));
}

#[test]
fn the_pdf_draws_the_figures_with_text_labels_and_rebuilds_byte_for_byte() {
    let p = with_charts();
    p.run(&["build", "--keep-typ"]).success();
    // Drawn with the layout's primitives, never the SVG as an image.
    let typ = p.read("output/E_CN.15_2004_7.typ");
    assert_eq!(typ.matches("#chart-figure(").count(), 2);
    assert!(!typ.contains("image("));
    let pages = pdf_pages(&p.bytes(MAIN_PDF));
    let page = pages
        .iter()
        .find(|t| t.contains("Figure I."))
        .expect("a page with Figure I");
    let page = compact(page);
    for label in [
        "FigureI.Reportedcasesofkidnapping,2001-2003",
        "Reportedcasesofkidnapping",
        "Year",
        "Colombia",
        "3,000",
        &compact(HOSTILE),
    ] {
        assert!(page.contains(label), "{label} not in {page}");
    }
    // The contents give the figures with their page.
    assert!(compact(&pages[1]).contains("Figures"));
    assert!(pages
        .iter()
        .any(|t| compact(t).contains("FigureII.Personsconvictedofkidnapping,2000-2003")));
    // A rebuild from scratch writes the same bytes, SVG and PDF alike.
    let first = p.output_files();
    assert!(first
        .iter()
        .any(|(f, _)| f.ends_with("E_CN.15_2004_7.figure-2.svg")));
    std::fs::remove_dir_all(p.path().join("output")).unwrap();
    p.run(&["build", "--keep-typ"]).success();
    assert_eq!(first, p.output_files());
}

#[test]
fn a_figure_no_longer_drawn_is_removed_with_the_next_build() {
    let p = with_charts();
    p.build_markdown();
    assert!(p.path().join(FIG2).exists());
    let report = p.read("report.yaml").replace("chart: lines", "chart: none");
    p.write("report.yaml", &report);
    p.build_markdown();
    assert!(p.path().join(FIG1).exists());
    assert!(!p.path().join(FIG2).exists());
}

#[test]
fn a_layout_override_without_the_figure_functions_is_an_error_naming_it() {
    let p = with_charts();
    let builtin = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/un-report.typ"
    ));
    let old = &builtin[..builtin.find("// Figures of the statistics").unwrap()];
    p.write("templates/un-report.typ", old);
    let run = p.run(&["build"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("no `chart-figure` function"),
        "{}",
        run.stderr()
    );
    assert!(!p.path().join(MAIN_PDF).exists());
    // The Markdown and its SVG files need no layout.
    p.build_markdown();
    assert!(p.path().join(FIG1).exists());
}
