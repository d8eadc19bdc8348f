//! The report's generated prose, read as an editor reads it: each test
//! builds a project of its own (a report on firearms to another Commission,
//! other States, other questions), so nothing here passes because of the
//! sample's or the fixtures' replies. The fields of contract 1.2
//! (`says_not`, `unit`, `addendum_job_number`) are tested here too.

use crate::common::{body, compact, fold, pdf_pages, Project};

/// A report.yaml of its own: a report to the Commission on Narcotic Drugs
/// with one topic and the indicators given in `indicators` (YAML list items).
fn report_yaml(document_extra: &str, indicators: &str) -> String {
    format!(
        "document:
  symbol: E/CN.7/2005/9
  organ: Economic and Social Council
  date: 2005-01-20
  original_language: English
  job_number: V.05-80321 (E)
{document_extra}session:
  body: Commission on Narcotic Drugs
  number: 48
  place: Vienna
  opens: 2005-03-07
  closes: 2005-03-14
  agenda_item: 6
title: Illicit manufacturing of and trafficking in firearms
mandate:
  - resolution: Economic and Social Council resolution 2004/31
    adopted: 2004-07-21
cutoff: 2004-12-31
topics:
  - key: controls
    heading: Controls on the manufacture of firearms
indicators:
{indicators}"
    )
}

/// A reply from `from`, received on `received`, with `indicators` (YAML
/// mapping lines, indented by two spaces).
fn reply(from: &str, received: &str, indicators: &str) -> String {
    format!(
        "from: {from}\nreceived: {received}\nanswers:\n  controls: Licences are required.\nindicators:\n{indicators}"
    )
}

/// An empty project with `report` as its report.yaml and `replies` as
/// (file name, text).
fn project(report: &str, replies: &[(&str, String)]) -> Project {
    let p = Project::empty();
    p.write("report.yaml", report);
    for (name, text) in replies {
        p.write(&format!("submissions/{name}"), text);
    }
    p
}

/// The main report's Markdown body of `p`, built with `--no-pdf`, folded,
/// its typographic apostrophes read as straight ones (these tests are about
/// the words; the quotes have tests of their own).
fn main_body(p: &Project) -> String {
    p.build_markdown();
    fold(body(&p.read("output/E_CN.7_2005_9.md"))).replace('\u{2019}', "'")
}

const RATIFIED: &str = "  - key: ratified
    type: yes-no
    says: it has ratified the Firearms Protocol
";

#[test]
fn one_state_answering_no_is_reported_in_its_own_words_with_says_not() {
    let with = format!("{RATIFIED}    says_not: it has not ratified the Firearms Protocol\n");
    let replies = [(
        "cz.yaml",
        reply("Czech Republic", "2004-11-02", "  ratified: no\n"),
    )];
    let text = main_body(&project(&report_yaml("", &with), &replies));
    assert!(
        text.contains(
            "The Czech Republic reported that it has not ratified the Firearms Protocol."
        ),
        "{text}"
    );
    // Without `says_not`, the question it answered.
    let text = main_body(&project(&report_yaml("", RATIFIED), &replies));
    assert!(
        text.contains(
            "The Czech Republic replied in the negative to the question whether it has ratified the Firearms Protocol."
        ),
        "{text}"
    );
}

#[test]
fn a_number_range_gives_the_unit_after_each_figure() {
    let indicators = "  - key: max_years
    type: number
    says: the maximum penalty for illicit manufacturing, in years of imprisonment
    unit: years
";
    let replies = [
        ("es.yaml", reply("Spain", "2004-11-02", "  max_years: 10\n")),
        ("cl.yaml", reply("Chile", "2004-11-03", "  max_years: 40\n")),
        (
            "ph.yaml",
            reply("Philippines", "2004-11-04", "  max_years: 40\n"),
        ),
    ];
    let p = project(&report_yaml("", indicators), &replies);
    let text = main_body(&p);
    assert!(
        text.contains(
            "Three States reported the maximum penalty for illicit manufacturing, in years of imprisonment, \
             which ranged from 10 years (Spain) to 40 years (Chile and the Philippines)."
        ),
        "{text}"
    );
    // A non-breaking space between each figure and its unit (`fold` above
    // reads it as a space).
    let md = p.read("output/E_CN.7_2005_9.md");
    assert!(
        md.contains("from 10\u{a0}years (Spain) to 40\u{a0}years (Chile"),
        "{md}"
    );
}

#[test]
fn the_addendum_has_its_own_job_number_and_barcode() {
    let report = report_yaml("  addendum_job_number: V.05-80777 (E)\n", RATIFIED);
    let replies = [
        ("es.yaml", reply("Spain", "2004-11-02", "  ratified: yes\n")),
        ("pe.yaml", reply("Peru", "2005-01-05", "  ratified: yes\n")),
    ];
    let p = project(&report, &replies);
    p.build_markdown();
    let add = p.read("output/E_CN.7_2005_9_Add.1.md");
    assert!(add.contains("V.05-80777 (E)\\\n`*0580777*`"), "{add}");
    assert!(!add.contains("80321"), "{add}");
    let main = p.read("output/E_CN.7_2005_9.md");
    assert!(main.contains("V.05-80321 (E)\\\n`*0580321*`"), "{main}");
    assert!(!main.contains("80777"), "{main}");
    // On the addendum's cover in the PDF, as the reader sees it.
    p.run(&["build"]).success();
    let pages = pdf_pages(&p.bytes("output/E_CN.7_2005_9_Add.1.pdf"));
    let cover = compact(&pages[0]);
    assert!(cover.contains("V.05-80777(E)"), "{cover}");
    assert!(cover.contains("*0580777*"), "{cover}");
    assert!(!cover.contains("80321"), "{cover}");
}

#[test]
fn a_field_of_the_other_indicator_type_is_an_error_at_its_line() {
    let indicators = format!("{RATIFIED}    unit: years\n");
    let p = project(&report_yaml("", &indicators), &[]);
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("`unit` is for number indicators; this one is yes-no"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("report.yaml:26:11"),
        "{}",
        run.stderr()
    );
}

/// Replies from `states`, each answering `key` with `value`.
fn answers(states: &[(&str, &str)], key: &str) -> Vec<(String, String)> {
    states
        .iter()
        .enumerate()
        .map(|(i, (from, value))| {
            (
                format!("r{i}.yaml"),
                reply(from, "2004-11-02", &format!("  {key}: {value}\n")),
            )
        })
        .collect()
}

fn project_owned(report: &str, replies: &[(String, String)]) -> Project {
    let borrowed: Vec<(&str, String)> = replies
        .iter()
        .map(|(n, t)| (n.as_str(), t.clone()))
        .collect();
    project(report, &borrowed)
}

const ESTABLISHED: &str = "  - key: serious
    type: yes-no
    says: kidnapping is established as a serious crime in its domestic legislation
";

#[test]
fn yes_no_names_the_states_after_the_count_and_makes_the_plural_by_agreement() {
    let replies = answers(
        &[
            ("Colombia", "yes"),
            ("Côte d'Ivoire", "yes"),
            ("Mexico", "yes"),
            ("Philippines", "yes"),
            ("Turkey", "no"),
        ],
        "serious",
    );
    let text = main_body(&project_owned(&report_yaml("", ESTABLISHED), &replies));
    assert!(
        text.contains(
            "Four States (Colombia, Côte d'Ivoire, Mexico and the Philippines) reported that kidnapping \
             is established as a serious crime in their domestic legislation; Turkey replied in the negative."
        ),
        "{text}"
    );
    assert!(!text.contains("this question"), "{text}");
    assert!(!text.contains("each of the following"), "{text}");
}

#[test]
fn one_state_is_named_alone_and_a_count_opening_a_sentence_is_in_words() {
    let text = main_body(&project_owned(
        &report_yaml("", ESTABLISHED),
        &answers(&[("Spain", "yes")], "serious"),
    ));
    assert!(
        text.contains("Spain reported that kidnapping is established as a serious crime in its domestic legislation."),
        "{text}"
    );
    assert!(!text.contains("One State"), "{text}");
    let names = [
        "Albania",
        "Algeria",
        "Andorra",
        "Angola",
        "Argentina",
        "Armenia",
        "Australia",
        "Austria",
        "Azerbaijan",
        "Bahrain",
        "Bangladesh",
        "Belarus",
        "Belgium",
        "Belize",
        "Benin",
        "Bhutan",
        "Bolivia",
        "Botswana",
        "Brazil",
        "Bulgaria",
        "Burundi",
        "Cambodia",
        "Cameroon",
    ];
    let many: Vec<(&str, &str)> = names.iter().map(|n| (*n, "no")).collect();
    let text = main_body(&project_owned(
        &report_yaml("", ESTABLISHED),
        &answers(&many, "serious"),
    ));
    assert!(
        text.contains("Twenty-three States (Albania, Algeria, "),
        "{text}"
    );
    assert!(
        text.contains("Cameroon) replied in the negative to the question whether kidnapping is established as a serious crime in their domestic legislation."),
        "{text}"
    );
}

#[test]
fn a_clause_agreement_cannot_make_plural_is_a_warning_at_the_indicator() {
    let indicators = "  - key: considers
    type: yes-no
    says: it considers kidnapping a serious crime
";
    let p = project_owned(
        &report_yaml("", indicators),
        &answers(&[("Spain", "yes"), ("Chile", "yes")], "considers"),
    );
    for command in ["check", "build"] {
        let args: &[&str] = if command == "build" {
            &["build", "--no-pdf"]
        } else {
            &["check"]
        };
        let run = p.run(args);
        run.success();
        let err = run.stderr();
        assert!(
            err.contains("the plural of `says` of indicator `considers` cannot be made by English agreement (`it considers`)"),
            "{command}: {err}"
        );
        assert!(err.contains("report.yaml:23:"), "{command}: {err}");
        assert!(err.contains("add `says_plural:`"), "{command}: {err}");
    }
    // With `says_plural`, no warning.
    let fixed = format!("{indicators}    says_plural: they consider kidnapping a serious crime\n");
    p.write("report.yaml", &report_yaml("", &fixed));
    let run = p.run(&["check"]);
    assert!(!run.stderr().contains("plural"), "{}", run.stderr());
}

#[test]
fn init_placeholders_are_a_warning_on_every_check_and_build() {
    let p = Project::empty();
    p.run(&["init"]).success();
    for args in [&["check", "--no-pdf"][..], &["build", "--no-pdf"][..]] {
        let run = p.run(args);
        run.success();
        let err = run.stderr();
        assert!(
            err.contains("warning: placeholder text left by `sgreport init`"),
            "{args:?}: {err}"
        );
        assert!(err.contains("[Title of the report"), "{args:?}: {err}");
        assert!(
            err.contains("submissions/example-colombia.yaml:"),
            "{args:?}: {err}"
        );
    }
}

/// The same report.yaml with `previous_reports`, a `request`, statistics and
/// two topics: `extra` is appended (YAML top-level fields).
fn full_report_yaml(indicators: &str, extra: &str) -> String {
    report_yaml("", indicators)
        .replace(
            "    adopted: 2004-07-21\n",
            "    adopted: 2004-07-21\n    paragraph: 5\n    request: >-\n      to submit a report to the Commission at its forty-eighth session\n",
        )
        .replace(
            "    heading: Controls on the manufacture of firearms\n",
            "    heading: Controls on the manufacture of firearms\n  - key: marking\n    heading: Marking and tracing\n",
        )
        + extra
}

const MAX_YEARS: &str = "  - key: max_years
    type: number
    says: the maximum penalty for illicit manufacturing, in years of imprisonment
    unit: years
";

#[test]
fn more_than_five_figures_go_to_an_annex_table_and_five_stay_in_the_sentence() {
    let six = [
        ("Spain", "10"),
        ("Chile", "12"),
        ("Peru", "15"),
        ("Ghana", "20"),
        ("Kenya", "25"),
        ("Norway", "30"),
    ];
    let p = project_owned(&report_yaml("", MAX_YEARS), &answers(&six, "max_years"));
    let text = main_body(&p);
    assert!(
        text.contains(
            "Six States reported the maximum penalty for illicit manufacturing, in years of imprisonment, \
             which ranged from 10 years (Spain) to 30 years (Norway); the figure given by each State is set out \
             in the annex."
        ),
        "{text}"
    );
    let md = p.read("output/E_CN.7_2005_9.md");
    let annex = &md[md.find("<!-- sgreport:annexes -->").unwrap()..];
    assert!(
        annex.contains("# Annex\n\n## Maximum penalty for illicit manufacturing, in years of imprisonment\n\n| State | Years |"),
        "{annex}"
    );
    assert!(annex.contains("| Kenya | 25 |"), "{annex}");
    // Five figures: all in the sentence, no annex.
    let p = project_owned(
        &report_yaml("", MAX_YEARS),
        &answers(&six[..5], "max_years"),
    );
    let text = main_body(&p);
    assert!(
        text.contains(
            "Five States reported the maximum penalty for illicit manufacturing, in years of imprisonment, \
             which ranged from 10 years (Spain) to 25 years (Kenya); the other figures were 12 years (Chile), \
             15 years (Peru) and 20 years (Ghana)."
        ),
        "{text}"
    );
    assert!(!p.read("output/E_CN.7_2005_9.md").contains("# Annex"));
    // Without a unit the value column is headed "Figure", never left empty
    // (an empty header cell heads nothing for a screen reader).
    let p = project_owned(
        &report_yaml("", &MAX_YEARS.replace("    unit: years\n", "")),
        &answers(&six, "max_years"),
    );
    p.build_markdown();
    let md = p.read("output/E_CN.7_2005_9.md");
    assert!(md.contains("imprisonment\n\n| State | Figure |\n"), "{md}");
}

#[test]
fn a_chapter_of_one_section_has_no_lone_a_and_no_contents() {
    let replies = [("es.yaml", reply("Spain", "2004-11-02", "  ratified: yes\n"))];
    // One topic answered, the indicator placed in it: one section.
    let placed = format!("{RATIFIED}    topic: controls\n");
    let p = project(&report_yaml("", &placed), &replies);
    p.build_markdown();
    let md = p.read("output/E_CN.7_2005_9.md");
    assert!(
        md.contains("# II. Controls on the manufacture of firearms\n"),
        "{md}"
    );
    assert!(!md.contains("## A."), "{md}");
    assert!(!md.contains("Replies received\n"), "{md}");
    assert!(!md.contains("**Contents**"), "{md}");
    // The topic and the closing questions: two sections, lettered, and a
    // heading that says what the second holds; a contents table.
    let p = project(&report_yaml("", RATIFIED), &replies);
    p.build_markdown();
    let md = p.read("output/E_CN.7_2005_9.md");
    assert!(md.contains("# II. Replies received\n"), "{md}");
    assert!(
        md.contains("## A. Controls on the manufacture of firearms\n"),
        "{md}"
    );
    assert!(
        md.contains("## B. Other questions in the questionnaire\n"),
        "{md}"
    );
    assert!(!md.contains("Replies to the questionnaire"), "{md}");
    assert!(md.contains("**Contents**"), "{md}");
}

#[test]
fn the_addendum_says_who_sent_its_replies_and_draws_no_conclusions() {
    let replies = [
        ("pe.yaml", reply("Peru", "2004-11-02", "  ratified: yes\n")),
        ("es.yaml", reply("Spain", "2005-01-05", "  ratified: yes\n")),
    ];
    let p = project(&report_yaml("", RATIFIED), &replies);
    p.build_markdown();
    let add = p.read("output/E_CN.7_2005_9_Add.1.md");
    let folded = fold(&add);
    assert!(
        folded.contains(
            "contains the information received from one State (Spain) after 31 December 2004"
        ),
        "{folded}"
    );
    assert!(
        folded.contains("The present addendum contains the information received after that date from one State (Spain), on"),
        "{folded}"
    );
    for absent in [
        "sender",
        "Conclusions",
        "confirms the conclusions",
        "**Contents**",
    ] {
        assert!(!add.contains(absent), "{absent} in {add}");
    }
    // Four late Member States are counted in the summary.
    let four = ["Chile", "Ghana", "Kenya", "Norway"].map(|s| (s, "yes"));
    let mut late = answers(&four, "ratified");
    for (_, text) in &mut late {
        *text = text.replace("2004-11-02", "2005-01-05");
    }
    late.push((
        "pe.yaml".into(),
        reply("Peru", "2004-11-02", "  ratified: yes\n"),
    ));
    let p = project_owned(&report_yaml("", RATIFIED), &late);
    p.build_markdown();
    let add = fold(&p.read("output/E_CN.7_2005_9_Add.1.md"));
    assert!(
        add.contains("received from four Member States after"),
        "{add}"
    );
    assert!(
        add.contains(
            "after that date from four Member States (Chile, Ghana, Kenya and Norway), on"
        ),
        "{add}"
    );
}

#[test]
fn citations_and_labels_read_as_an_editor_writes_them() {
    let extra = "previous_reports: [E/CN.7/2004/3, E/CN.7/2004/3/Add.1]\n";
    let replies = [
        ("es1.yaml", reply("Spain", "2004-10-02", "  ratified: no\n")),
        ("es2.yaml", reply("Spain", "2004-11-20", "  ratified: yes\n")),
        (
            "who.yaml",
            "from: World Health Organization\nkind: organization\nacronym: WHO\nreceived: 2004-11-03\nanswers:\n  marking: Data are scarce.\n".to_string(),
        ),
    ];
    let p = project(&full_report_yaml(RATIFIED, extra), &replies);
    let text = main_body(&p);
    // The request's "the Commission" is the body's first mention: in full.
    assert!(
        text.contains("In paragraph 5 of its resolution 2004/31 of 21 July 2004, the Economic and Social Council \
             requested the Secretary-General to submit a report to the Commission on Narcotic Drugs at its \
             forty-eighth session."),
        "{text}"
    );
    assert!(
        text.contains("on the subject (E/CN.7/2004/3 and Add.1)."),
        "{text}"
    );
    assert!(
        text.contains("Spain sent two replies, received on 2 October 2004 and 20 November 2004;"),
        "{text}"
    );
    // Labels: plain names; the acronym is defined in the introduction.
    assert!(
        text.contains("and from the World Health Organization (WHO)."),
        "{text}"
    );
    assert!(
        text.contains("*World Health Organization*. Data are scarce."),
        "{text}"
    );
    assert!(
        text.matches("*Spain*. Licences are required.").count() == 2,
        "{text}"
    );
    assert!(!text.contains("further reply"), "{text}");
    assert!(!text.contains("dated"), "{text}");
    // No paragraph says "also" twice.
    let md = p.read("output/E_CN.7_2005_9.md");
    for para in body(&md).split("\n\n") {
        assert!(para.matches(" also ").count() < 2, "{para}");
    }
    // The built-in conclusions say who took the measures, unambiguously.
    assert!(
        text.contains("set out the measures taken pursuant to Economic and Social Council resolution 2004/31 \
             by the States that replied."),
        "{text}"
    );
}

#[test]
fn a_sole_annex_is_the_annex() {
    let extra =
        "statistics:\n  - key: seized\n    label: Firearms seized\n    years: [2002, 2003]\n";
    let replies = [(
        "es.yaml",
        reply(
            "Spain",
            "2004-11-02",
            "  ratified: yes\nstatistics:\n  seized: {2002: 10, 2003: 12}\n",
        ),
    )];
    let p = project(&full_report_yaml(RATIFIED, extra), &replies);
    let text = main_body(&p);
    assert!(
        text.contains("the figures reported are set out in the annex."),
        "{text}"
    );
    let md = p.read("output/E_CN.7_2005_9.md");
    assert!(
        md.contains("\n# Annex\n\n## Firearms seized, 2002-2003\n"),
        "{md}"
    );
    assert!(!md.contains("Annex I"), "{md}");
    // Every figure given, none revised: the table has no note to add.
    assert!(!md.contains("Two dots"), "{md}");
}

#[test]
fn built_in_templates_have_no_line_over_120_characters() {
    for (name, text) in crate::common::BUILTIN_TEMPLATES {
        if !name.ends_with(".md") {
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            assert!(
                line.chars().count() <= 120,
                "{name}:{}: {} characters",
                i + 1,
                line.chars().count()
            );
        }
    }
}

#[test]
fn templates_variables_lists_the_loop_variables_too() {
    let p = project(
        &report_yaml("", RATIFIED),
        &[("es.yaml", reply("Spain", "2004-11-02", "  ratified: yes\n"))],
    );
    let run = p.run(&["templates", "--variables"]);
    run.success();
    let out = run.stdout();
    let line = |name: &str| {
        out.lines()
            .rev()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("no line for {name}:\n{out}"))
            .to_string()
    };
    assert!(
        line("analysis.md").contains("ind in topic.indicators"),
        "{out}"
    );
    assert!(
        line("analysis.md").contains("entry in topic.entries"),
        "{out}"
    );
    assert!(
        line("indicators.md").contains("ind (from the including template)"),
        "{out}"
    );
    // A filter's name is not taken for the variable of the same name.
    let uses = out
        .lines()
        .find(|l| l.trim_start().starts_with("indicators.md"))
        .unwrap();
    assert!(!uses.contains("states"), "{uses}");
}

/// `check` of a project whose conclusions template is `template`: its exit
/// code and messages.
fn check_with_conclusions(template: &str) -> (i32, String) {
    let p = project(
        &report_yaml("", RATIFIED),
        &[("es.yaml", reply("Spain", "2004-11-02", "  ratified: yes\n"))],
    );
    p.write("templates/conclusions.md", template);
    let run = p.run(&["check", "--no-pdf", "--color", "never"]);
    (run.code(), run.stderr())
}

#[test]
fn a_filter_argument_it_does_not_take_is_an_error_at_its_place() {
    let (code, err) =
        check_with_conclusions("The Commission may act on {{ 3 | series(width=5) }} matters.\n");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: the filter `series` has no argument `width`: it takes only `with`"),
        "{err}"
    );
    assert!(err.contains("--> templates/conclusions.md:1:34"), "{err}");
    let (code, err) = check_with_conclusions("{{ member_states | states(open=true) }}\n");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("the filter `states` has no argument `open`: it takes only `opens`"),
        "{err}"
    );
}

#[test]
fn arithmetic_on_a_filter_s_text_hints_at_precedence() {
    let (code, err) = check_with_conclusions("The {{ counts.senders | spell * 2 }} replies.\n");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--> templates/conclusions.md:1:"), "{err}");
    assert!(
        err.contains("a filter binds tighter than arithmetic"),
        "{err}"
    );
    assert!(err.contains("`{{ (n * 2) | spell }}`"), "{err}");
}

#[test]
fn an_unclosed_tag_names_the_line_that_opened_it() {
    let (code, err) =
        check_with_conclusions("The Commission\n{{ counts.senders \nmay wish to act.\n");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--> templates/conclusions.md:3:"), "{err}");
    assert!(
        err.contains("the `{{` opened at line 2 is not closed: add `}}` where it ends"),
        "{err}"
    );
}

#[test]
fn one_figure_between_the_ends_and_one_subject_read_in_the_singular() {
    let three = [("Spain", "10"), ("Chile", "40"), ("Czech Republic", "12")];
    let p = project_owned(&report_yaml("", MAX_YEARS), &answers(&three, "max_years"));
    let text = main_body(&p);
    assert!(
        text.contains("to 40 years (Chile); the other figure was 12 years (the Czech Republic)."),
        "{text}"
    );
    let md = fold(&p.read("output/E_CN.7_2005_9.md"));
    assert!(
        md.contains(
            "received from three Member States on controls on the manufacture of firearms."
        ),
        "{md}"
    );
    assert!(!md.contains("following subjects"), "{md}");
}
