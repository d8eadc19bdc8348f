//! The Markdown report, end to end through the binary.

use crate::common::{body, paragraph_numbers, Project};

const MAIN: &str = "output/E_CN.15_2004_7.md";
const ADD: &str = "output/E_CN.15_2004_7_Add.1.md";

#[test]
fn small_project_markdown_snapshot() {
    let p = Project::fixture("small");
    p.build_markdown();
    insta::assert_snapshot!("small_main", p.read(MAIN));
    insta::assert_snapshot!("small_addendum", p.read(ADD));
}

#[test]
fn paragraphs_are_numbered_consecutively_across_chapters() {
    let p = Project::fixture("small");
    p.build_markdown();
    let md = p.read(MAIN);
    let numbers = paragraph_numbers(body(&md));
    assert!(numbers.len() > 8, "{numbers:?}");
    assert_eq!(numbers, (1..=numbers.len() as u32).collect::<Vec<_>>());
    // Chapters are Roman, sections lettered, by the tool.
    for h in [
        "# I. Introduction",
        "# II. Replies received",
        "## A. Extent of and trends in kidnapping",
        "## B. Legislation and penalties",
        "# III. Conclusions and recommendations",
    ] {
        assert!(md.lines().any(|l| l == h), "missing heading {h}");
    }
    // Nothing before the body (summary) or after it (annexes) is numbered.
    let (before, _) = md.split_once("<!-- sgreport:body -->").unwrap();
    assert!(paragraph_numbers(before).is_empty());
    let (_, annexes) = md.split_once("<!-- sgreport:annexes -->").unwrap();
    assert!(paragraph_numbers(annexes).is_empty());
}

#[test]
fn contents_give_each_chapter_its_paragraph_range() {
    let p = Project::fixture("small");
    p.build_markdown();
    let md = p.read(MAIN);
    // Work out each chapter's range from the body and compare with the contents.
    let mut ranges: Vec<(String, u32, u32)> = Vec::new();
    for line in body(&md).lines() {
        if let Some(h) = line.strip_prefix("# ") {
            ranges.push((h.to_string(), 0, 0));
        } else if let Some(n) = paragraph_numbers(line).first() {
            let r = ranges.last_mut().unwrap();
            if r.1 == 0 {
                r.1 = *n;
            }
            r.2 = *n;
        }
    }
    for (heading, first, last) in ranges {
        let (num, title) = heading.split_once(' ').unwrap();
        let range = if first == last {
            first.to_string()
        } else {
            format!("{first}-{last}")
        };
        let row = format!("| {num} | {title} | {range} |");
        assert!(md.contains(&row), "contents lack {row}");
    }
    // Few senders: the introduction names them and no annex repeats the list,
    // so the one annex is the statistics table.
    assert!(md.contains("| Annex |  |  |"), "{md}");
    assert!(md.contains("| I. | Reported cases of kidnapping, 2001-2003 |  |"));
}

#[test]
fn late_replies_go_to_the_addendum_numbered_from_one() {
    let p = Project::fixture("small");
    p.build_markdown();
    let main = p.read(MAIN);
    let add = p.read(ADD);
    assert!(
        !main.contains("Nigeria"),
        "a late reply leaked into the report"
    );
    assert!(main.contains("Replies received after 15 February 2004 will be issued as an addendum"));
    assert!(add.contains("**E/CN.15/2004/7/Add.1**"));
    assert!(add.contains("**Addendum**"));
    assert!(add.contains("*Nigeria*. An increase in kidnappings for ransom was reported."));
    let numbers = paragraph_numbers(body(&add));
    assert_eq!(numbers.first(), Some(&1));
    assert_eq!(numbers, (1..=numbers.len() as u32).collect::<Vec<_>>());
}

#[test]
fn two_replies_from_one_sender_are_both_used_in_date_order() {
    let p = Project::fixture("small");
    p.build_markdown();
    let md = p.read(MAIN);
    assert!(md.contains(
        "Mexico sent two replies, received on 20 November 2003 and 28 January 2004; the later reply supplements the earlier"
    ));
    let first = md
        .find("*Mexico*. Kidnapping is concentrated in a few states.")
        .expect("first reply");
    let later = md
        .find("*Mexico*. Provisional figures")
        .expect("later reply");
    assert!(first < later);
    // The introduction explains the two replies, with both dates: the later
    // reply's label is the State's name alone.
    assert_eq!(body(&md).matches("further reply").count(), 0);
    assert!(
        md.contains("Mexico sent two replies, received on 20 November 2003 and 28 January 2004")
    );
}

#[test]
fn indicators_become_sentences_with_counts_and_names() {
    let p = Project::fixture("small");
    p.build_markdown();
    let md = p.read(MAIN);
    // Mexico's later reply (TRUE) replaces its earlier "no". All three said
    // yes: the count, then the States in brackets; without `says_plural` the
    // plural is made by agreement ("its" -> "their").
    assert!(md.contains(
        "Three States (Colombia, Mexico and Peru) reported that kidnapping is established as a serious crime in their domestic legislation."
    ), "{md}");
    // Under 10 in words at the start of a sentence; the range with the
    // States at each end; no median.
    assert!(md.contains("Two States reported the maximum penalty for kidnapping, in years of imprisonment, which ranged from 35 (Peru) to 40 (Colombia)."), "{md}");
    assert!(!md.contains("median"));
    assert!(!md.contains("A total of 2"));
}

#[test]
fn statistics_annex_has_senders_by_year_with_totals() {
    let p = Project::fixture("small");
    p.build_markdown();
    let md = p.read(MAIN);
    assert!(md.contains("| State | 2001 | 2002 | 2003 | Total |"));
    assert!(md.contains("| Colombia | 3,041 | 2,986 | .. | 6,027 |"));
    assert!(md.contains("| **Total** | **3,546** | **3,419** | **412** | **7,377** |"));
    // One row per sender: Mexico's two replies make one row.
    assert!(md.contains("| Mexico | 505 | 433 | 412 | 1,350 |"));
    assert!(!md.contains("Mexico (28 January 2004)"));
    // The 2003 total covers one State only, and says so.
    assert!(md.contains("| States reporting | 2 | 2 | 1 |  |"));
    assert!(md.contains("the number of States reporting is shown under it"));
}

#[test]
fn a_revised_figure_is_replaced_and_noted() {
    let p = Project::fixture("small");
    let m = p.read("submissions/mexico-2.yaml");
    p.write(
        "submissions/mexico-2.yaml",
        &m.replace("2003: 412", "2002: 440, 2003: 412"),
    );
    p.build_markdown();
    let md = p.read(MAIN);
    assert!(md.contains("| Mexico | 505 | 440 | 412 | 1,357 |"), "{md}");
    assert!(md.contains("figures were revised by Mexico."));
}

#[test]
fn footnotes_of_different_replies_never_collide() {
    let p = Project::fixture("small");
    p.build_markdown();
    let md = p.read(MAIN);
    // Each reply's note is a footnote of its own, numbered in the order of
    // the text, whatever label the reply gave it.
    assert!(md.contains("most cases.[^1]"), "{md}");
    assert!(md.contains("35 years.[^2]"), "{md}");
    assert!(md.contains("[^1]: Figures of the national statistics office."));
    assert!(md.contains("[^2]: Article numbers omitted."));
}

#[test]
fn hidden_files_and_other_extensions_are_skipped() {
    let p = Project::fixture("small");
    p.build_markdown();
    assert!(!p.read(MAIN).contains("Nowhere"));
}

#[test]
fn the_same_input_gives_byte_identical_markdown() {
    let p = Project::fixture("small");
    p.build_markdown();
    let first = p.read(MAIN);
    p.build_markdown();
    assert_eq!(first, p.read(MAIN));
}

#[test]
fn a_template_override_changes_one_part_only() {
    let p = Project::fixture("small");
    p.build_markdown();
    let before = p.read(MAIN);
    p.write(
        "templates/conclusions.md",
        "The editors' own conclusion, about {{ counts.states }} States.\n",
    );
    p.build_markdown();
    let after = p.read(MAIN);
    let last = *paragraph_numbers(body(&after)).last().unwrap();
    assert!(
        after.contains(&format!(
            "{last}. The editors’ own conclusion, about 3 States."
        )),
        "{after}"
    );
    // Everything before the conclusions is unchanged.
    let cut = |s: &str| s[..s.find("# III.").unwrap()].to_string();
    let without_contents = |s: String| {
        s.lines()
            .filter(|l| !l.starts_with('|'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        without_contents(cut(&before)),
        without_contents(cut(&after))
    );
}

#[test]
fn hostile_characters_come_out_as_typed() {
    let p = Project::fixture("small");
    p.write(
        "submissions/hostile.yaml",
        "from: Chile\nreceived: 2004-01-05\nanswers:\n  extent: |\n    Text # $ @ < > // [ ] * _ \\ <b>bold</b> <script>alert(1)</script> &amp; [^x] [a](b | a | b | ~~s~~ end\n    #not-a-heading 2) neither\n",
    );
    p.build_markdown();
    let md = p.read(MAIN);
    // Re-read the Markdown as a reader's renderer would: the text is as typed
    // and none of it became structure.
    let para = md
        .lines()
        .skip_while(|l| !l.contains("*Chile*"))
        .take(2)
        .collect::<Vec<_>>()
        .join("\n");
    let parser = pulldown_cmark::Parser::new_ext(&para, pulldown_cmark::Options::all());
    let mut text = String::new();
    let mut tags = Vec::new();
    for e in parser {
        match e {
            pulldown_cmark::Event::Text(t) => text.push_str(&t),
            pulldown_cmark::Event::SoftBreak => text.push(' '),
            pulldown_cmark::Event::Start(t) => tags.push(format!("{t:?}")),
            pulldown_cmark::Event::End(_) => {}
            other => panic!("unexpected {other:?} in {para}"),
        }
    }
    assert_eq!(
        text,
        "Chile. Text # $ @ < > // [ ] * _ \\ <b>bold</b> <script>alert(1)</script> &amp; [^x] [a](b | a | b | ~~s~~ end #not-a-heading 2) neither"
    );
    // Only the numbered paragraph's list item, its paragraph and the run-in emphasis.
    assert!(
        tags.iter().all(|t| t.starts_with("List")
            || t.starts_with("Item")
            || t.starts_with("Emphasis")
            || t.starts_with("Paragraph")),
        "{tags:?}"
    );
}

#[test]
fn a_heading_in_an_answer_is_an_error_at_its_line() {
    let p = Project::fixture("small");
    p.build_markdown();
    let before = p.output_files();
    p.write(
        "submissions/chile.yaml",
        "from: Chile\nreceived: 2004-01-05\nanswers:\n  extent: |\n    Fine.\n\n    ## A heading\n",
    );
    let run = p.run(&["build", "--no-pdf"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains(
            "error: an answer may not contain a heading\n --> submissions/chile.yaml:7:5\n  |\n7 |     ## A heading\n  |     ^^^^^^^^^^^^\n"
        ),
        "{}",
        run.stderr()
    );
    assert_eq!(before, p.output_files(), "a failed build changed output/");
}

#[test]
fn every_bad_file_is_reported_in_one_run() {
    let p = Project::fixture("small");
    p.write(
        "submissions/a.yaml",
        "from: Colombia\nrecieved: 2004-01-05\n",
    );
    p.write("submissions/b.yaml", "from: UK\nreceived: 2004-01-05\n");
    p.write(
        "submissions/c.yaml",
        "from: Montenegro\nreceived: 2004-02-30\nindicators:\n  max_penalty_years: forty\n",
    );
    let run = p.run(&["check"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    for expected in [
        "--> submissions/a.yaml:2:1",
        "did you mean `received`?",
        "--> submissions/b.yaml:1:7",
        "United Kingdom of Great Britain and Northern Ireland",
        "Montenegro became a Member State on 28 June 2006, after this report's date (1 March 2004)",
        "February 2004 has no day 30",
        "`max_penalty_years` takes a number, not `forty`",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(!p.path().join("output").exists(), "check wrote output");
}

#[test]
fn a_report_with_no_reply_by_the_cutoff_and_no_mandate_still_reads_right() {
    let p = Project::fixture("small");
    let text = p
        .read("report.yaml")
        .replace("cutoff: 2004-02-15", "cutoff: 2003-01-01");
    let text = text.replace(
        "mandate:\n  - resolution: Economic and Social Council resolution 2003/28\n    adopted: 2003-07-22\n",
        "",
    );
    p.write("report.yaml", &text);
    p.build_markdown();
    let md = p.read(MAIN);
    assert!(md.contains(
        "The present report is submitted to the Commission on Crime Prevention and Criminal Justice at its thirteenth session. No reply had been received by 1 January 2003;"
    ));
    assert!(md.contains("As at 1 January 2003, no reply had been received."));
    // Empty topics are not printed as sections: one sentence says so.
    assert!(md.contains(
        "No information was received on extent of and trends in kidnapping; or legislation and penalties."
    ));
    assert!(!md.contains("No information was received on this subject."));
    assert!(!md.contains("# II. Replies received"));
    assert!(!md.contains("figures reported"));
    // Every reply is in the addendum.
    assert!(p
        .read(ADD)
        .contains("*Colombia*. Kidnapping declined after 2000."));
}

#[test]
fn a_year_may_be_quoted_and_an_empty_answer_is_refused() {
    let p = Project::fixture("small");
    p.write("submissions/chile.yaml", "from: Chile\nreceived: 2004-01-05\nanswers:\n  extent: Text.\nstatistics:\n  cases: {\"2001\": 7}\n");
    p.build_markdown();
    assert!(p.read(MAIN).contains("| Chile | 7 | .. | .. | 7 |"));
    p.write(
        "submissions/chile.yaml",
        "from: Chile\nreceived: 2004-01-05\nanswers:\n  extent: \"\"\n",
    );
    let run = p.run(&["check", "--message-format", "short"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("submissions/chile.yaml:4:11: error: the answer on `extent` is empty"),
        "{}",
        run.stderr()
    );
}

/// The fixture with every contract 1.1 field of report.yaml set.
fn with_contract_1_1(p: &Project) {
    let text = p
        .read("report.yaml")
        .replace(
            "  agenda_item: 4\n",
            "  agenda_item: 4\n  agenda_title: Crime prevention and criminal justice\n",
        )
        .replace(
            "    adopted: 2003-07-22\n",
            "    adopted: 2003-07-22\n    paragraph: 10\n    request: >-\n      to complete his report\n      and to submit it to the Commission at its thirteenth session.\nprevious_reports: [E/CN.15/2003/7, E/CN.15/2003/7/Add.1]\n",
        )
        .replace(
            "    heading: Legislation and penalties\n",
            "    heading: Legislation and penalties\n    overview: |\n      Most States punish kidnapping severely.\n",
        )
        .replace(
            "in its domestic legislation\n",
            "in its domestic legislation\n    says_plural: kidnapping is established as a serious crime in their domestic legislation\n    topic: legislation\n",
        );
    let text = format!("{text}\nconclusions: |\n  The replies show progress.\n\n  The Commission may wish to act.\n");
    p.write("report.yaml", &text);
}

#[test]
fn contract_1_1_fields_are_printed_where_the_contract_says() {
    let p = Project::fixture("small");
    with_contract_1_1(&p);
    p.build_markdown();
    let md = p.read(MAIN);
    assert!(md.contains(
        "Item 4 of the provisional agenda*\\\n**Crime prevention and criminal justice**"
    ));
    // The Commission's first mention in the body is its full name, even in
    // the request's own words; a report and its addendum cited as such.
    assert!(md.contains("1. In paragraph 10 of its resolution 2003/28 of 22 July 2003, the Economic and Social Council requested the Secretary-General to complete his report and to submit it to the Commission on Crime Prevention and Criminal Justice at its thirteenth session. The present report should be read together with the earlier reports of the Secretary-General on the subject (E/CN.15/2003/7 and Add.1)."), "{md}");
    // The overview opens its section, then the indicator placed there, then
    // the replies; the closing questionnaire section keeps the other one.
    let b = md.find("## B. Legislation and penalties").unwrap();
    let overview = md.find("Most States punish kidnapping severely.").unwrap();
    let sentence = md
        .find("Three States (Colombia, Mexico and Peru) reported that kidnapping is established as a serious crime in their domestic legislation.")
        .unwrap();
    let colombia = md[b..].find("*Colombia*").unwrap() + b;
    assert!(b < overview && overview < sentence && sentence < colombia);
    let questionnaire = md
        .find("## C. Other questions in the questionnaire")
        .unwrap();
    assert!(md[questionnaire..].contains("Two States reported the maximum penalty"));
    // Conclusions from report.yaml, numbered; no built-in subject matter.
    assert!(md.contains(". The replies show progress.\n\n"));
    assert!(md.contains(". The Commission may wish to act."));
    assert!(!md.contains("take note of the information contained"));
}

#[test]
fn senders_are_grouped_by_kind_and_long_lists_go_to_annex_i() {
    let p = Project::fixture("small");
    // A non-member State and an organization whose name sorts before the
    // States; the introduction names the organizations in full with their
    // acronyms, and the run-in labels by their plain names.
    p.write(
        "submissions/holy-see.yaml",
        "from: Holy See\nkind: non-member-state\nreceived: 2004-01-03\nanswers:\n  extent: None recorded.\n",
    );
    p.write(
        "submissions/aaa.yaml",
        "from: Amnesty International\nkind: organization\nacronym: AI\nreceived: 2004-01-03\nanswers:\n  extent: Cases documented.\n",
    );
    p.build_markdown();
    let md = p.read(MAIN);
    let order: Vec<usize> = [
        "*Colombia*",
        "*Mexico*",
        "*Holy See*",
        "*Amnesty International*",
        "*United Nations Children’s Fund*",
    ]
    .iter()
    .map(|s| md.find(s).unwrap_or_else(|| panic!("{s} missing")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(md.contains("replies had been received from three Member States (Colombia, Mexico and Peru), from one non-member State (the Holy See) and from Amnesty International (AI) and the United Nations Children’s Fund (UNICEF)."), "{md}");
    // Twelve senders: counted in the introduction, listed in annex I by kind.
    for i in 0..8 {
        p.write(
            &format!("submissions/x{i}.yaml"),
            &format!(
                "from: {}\nreceived: 2004-01-0{}\n",
                ["Chile", "Cuba", "Egypt", "France", "Ghana", "India", "Japan", "Kenya"][i],
                i + 1
            ),
        );
    }
    p.build_markdown();
    let md = p.read(MAIN);
    assert!(md.contains("replies had been received from 11 Member States, 1 non-member State (the Holy See) and 2 organizations; annex I lists them"));
    let annex = &md[md.find("## Replies received as at").unwrap()..];
    let groups: Vec<usize> = [
        "### Member States",
        "### Non-member States",
        "### Organizations",
    ]
    .iter()
    .map(|s| annex.find(s).unwrap())
    .collect();
    assert!(groups[0] < groups[1] && groups[1] < groups[2]);
}

#[test]
fn mixed_answers_make_the_plural_and_take_articles() {
    let p = Project::fixture("small");
    p.write(
        "submissions/ph.yaml",
        "from: Philippines\nreceived: 2004-01-03\nindicators:\n  serious_crime: no\n",
    );
    p.build_markdown();
    let md = p.read(MAIN);
    assert!(md.contains(
        "Three States (Colombia, Mexico and Peru) reported that kidnapping is established as a serious crime in their domestic legislation; the Philippines replied in the negative."
    ), "{md}");
}

#[test]
fn a_body_is_named_in_full_once_then_by_its_short_form() {
    let p = Project::fixture("small");
    let text = p.read("report.yaml").replace(
        "    adopted: 2003-07-22\n",
        "    adopted: 2003-07-22\n  - resolution: Economic and Social Council resolution 2002/16\n    adopted: 2002-07-24\n",
    );
    p.write("report.yaml", &text);
    p.build_markdown();
    let md = p.read(MAIN);
    assert!(md.contains("1. In its resolution 2003/28 of 22 July 2003, the Economic and Social Council requested the Secretary-General to report to the Commission on Crime Prevention and Criminal Justice at its thirteenth session. In its resolution 2002/16 of 24 July 2002, the Council requested"), "{md}");
    // The generic conclusions use the short form of the session's body.
    assert!(md.contains("The Commission may wish to take note"));
    assert_eq!(
        md.matches("the Commission on Crime Prevention and Criminal Justice")
            .count(),
        2,
        "{md}"
    );
}

#[test]
fn a_topic_nobody_answered_is_one_sentence_not_a_section() {
    let p = Project::fixture("small");
    let text = p.read("report.yaml").replace(
        "    heading: Legislation and penalties\n",
        "    heading: Legislation and penalties\n  - key: victims\n    heading: Support to victims\n",
    );
    p.write("report.yaml", &text);
    p.build_markdown();
    let md = p.read(MAIN);
    assert!(md.contains("No information was received on support to victims."));
    assert!(!md.contains("## C. Support to victims"));
    assert!(!md.contains("No information was received on this subject."));
    // The summary lists only the subjects the replies cover.
    assert!(md.contains("on the following subjects: extent of and trends in kidnapping; and legislation and penalties."), "{md}");
}

#[test]
fn report_yaml_markdown_is_data_and_a_heading_there_is_an_error() {
    let p = Project::fixture("small");
    let text = p.read("report.yaml").replace(
        "    heading: Legislation and penalties\n",
        "    heading: Legislation and penalties\n    overview: |\n      Text <script>alert(1)</script> $x$ #set text(red)\n",
    );
    p.write(
        "report.yaml",
        &format!("{text}conclusions: |\n  Fine <b>bold</b>.\n"),
    );
    p.build_markdown();
    let md = p.read(MAIN);
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"), "{md}");
    assert!(md.contains("Fine \\<b\\>bold\\</b\\>."), "{md}");
    let text = p.read("report.yaml");
    p.write(
        "report.yaml",
        &text.replace("  Fine <b>bold</b>.\n", "  # Heading\n"),
    );
    let run = p.run(&["check"]);
    assert!(!run.output.status.success());
    assert!(String::from_utf8_lossy(&run.output.stderr)
        .contains("`conclusions` may not contain a heading"));
}

/// The masthead is the model's, in every output: a project's own
/// masthead.md is not used, and the build says so rather than drop an edit
/// without a word.
#[test]
fn a_project_masthead_template_is_not_used_and_said_so() {
    let p = Project::fixture("small");
    p.write(
        "templates/masthead.md",
        "<!-- sgreport:masthead -->\n\nOur own masthead\n",
    );
    let run = p.run(&["build", "--no-pdf"]);
    run.success();
    assert!(
        run.stderr()
            .contains("the masthead is written from report.yaml; this template's text is not used"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("templates/masthead.md:1:1"),
        "{}",
        run.stderr()
    );
    let md = p.read(MAIN);
    assert!(!md.contains("Our own masthead"));
    assert!(md.contains("United Nations\\\n**E/CN.15/2004/7**"));
}
