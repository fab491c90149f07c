//! `plangraph repl` through the real binary: piped sessions with their
//! output asserted, and a session on a pseudo-terminal for completion,
//! Ctrl-C cancellation and history.
//!
//! Most tests run on `tests/data/repl/mini.ttl` (two plans, five tasks and
//! goals, four units), whose answers can be counted by hand.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{root, stderr, stdout};

const MINI: &str = "tests/data/repl/mini.ttl";

/// A query that runs for seconds on the mini graph (about ten in a debug
/// build) and checks for cancellation on every row (the NOT EXISTS looks
/// into the store).
const SLOW_QUERY: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . FILTER NOT EXISTS { ?c ?x ?i } FILTER NOT EXISTS { ?f ?y ?a } };";

fn repl_command(args: &[&str], dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plangraph"));
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["--graph"])
        .arg(root().join(MINI))
        .arg("repl")
        .args(args);
    command
}

/// Pipes `session` into `plangraph --graph mini.ttl repl ARGS`, run in `dir`.
fn piped_in(dir: &Path, args: &[&str], session: &str) -> Output {
    crate::support::run_command(repl_command(args, dir), session)
}

/// True when some table row of `out` has exactly these cells.
#[track_caller]
fn has_row(out: &str, cells: &[&str]) -> bool {
    out.lines().any(|line| {
        let row: Vec<&str> = line.split('│').map(str::trim).collect();
        row == cells
    })
}

fn piped(session: &str) -> Output {
    piped_in(&root(), &[], session)
}

#[test]
fn piped_session_runs_every_statement_and_exits_zero() {
    let session = "\
SELECT ?unit (COUNT(DISTINCT ?t) AS ?led)
WHERE { ?t a pg:Task ; pg:leadUnit ?unit }
GROUP BY ?unit ORDER BY DESC(?led) ?unit;
SELECT ?x WHERE {
  ?x pg:foo }

ASK { ?t pg:text ?text FILTER(CONTAINS(?text, \"{实验室}；\")) }

\\format csv
SELECT ?title WHERE { ?p a pg:Plan ; dcterms:title ?title } ORDER BY ?title;
\\frobnicate
";
    let output = piped(session);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "\
unit                  │ led
──────────────────────┼────
unit:省工业和信息化厅 │   2
unit:省科技厅         │   2
unit:省有关部门       │   1
(3 rows)
true
format: csv
title\r
新一代信息技术产业\r
科技研发创新\r
"
    );
    // Errors name the input line of their statement; a syntax error shows
    // the line and a caret under the column; the session went on.
    assert_eq!(
        stderr(&output),
        "\
error: <stdin>:4: SPARQL syntax error at line 2, column 13: unexpected '}'
  2 |   ?x pg:foo }
    |             ^
error: <stdin>:11: unknown meta-command '\\frobnicate' (\\? lists them)
"
    );
}

#[test]
fn caret_sits_under_the_column_after_chinese_text() {
    let output = piped("SELECT ?t WHERE { ?t pg:text \"省科技厅\" } GARBAGE;\n");
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    // The parser stops at the last letter of GARBAGE: column 45 in chars.
    assert!(
        lines[0].contains("line 1, column 45: unexpected 'E'"),
        "{err}"
    );
    assert_eq!(
        lines[1],
        "  1 | SELECT ?t WHERE { ?t pg:text \"省科技厅\" } GARBAGE"
    );
    // 省科技厅 is four characters but eight columns wide, so the caret is
    // four columns further right than the character count says.
    let caret = lines[2].find('^').expect("a caret");
    assert_eq!(caret, "  1 | ".len() + 44 + 4, "{err}");
    assert_eq!(
        lines[2].trim_end(),
        format!("    |{}^", " ".repeat(caret - 5))
    );
}

#[test]
fn on_error_stop_ends_at_the_first_failure_with_status_2() {
    let output = piped_in(
        &root(),
        &["--on-error-stop"],
        "ASK {};\nSELECT nonsense;\nASK { ?s ?p ?o };\n",
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "true\n");
    let err = stderr(&output);
    assert!(
        err.contains("error: <stdin>:2: SPARQL syntax error"),
        "{err}"
    );
    assert!(
        err.contains("plangraph: stopped at the failing statement on line 2"),
        "{err}"
    );
}

#[test]
fn describe_a_unit_by_its_traditional_spelling() {
    let output = piped("\\d 省科技廳\n");
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    assert!(
        out.starts_with("unit:省科技厅  a org:Organization, pg:Unit\n"),
        "{out}"
    );
    // Led: n1, n2 (the goal p1 is not a task); cooperating: the industry task.
    assert!(
        out.contains("\nleads 2 tasks, cooperates on 1 tasks\n"),
        "{out}"
    );
    assert!(has_row(&out, &["skos:altLabel", "省科技廳@zh"]), "{out}");
    assert!(
        has_row(&out, &["pg:fullName", "山东省科学技术厅@zh"]),
        "{out}"
    );
    assert!(
        has_row(
            &out,
            &[
                "pg:cooperatingUnit",
                "1",
                "task:2022-新一代信息技术产业-2-n1"
            ]
        ),
        "{out}"
    );
}

#[test]
fn ambiguous_and_unknown_names_are_errors_not_exits() {
    let output = piped("\\d 省不存在厅\n\\d 科技研发创新 2022\n\\d plan:2022-科技研发创新\n");
    assert_eq!(output.status.code(), Some(0));
    let err = stderr(&output);
    assert!(
        err.contains("error: <stdin>:1: nothing is called '省不存在厅'"),
        "{err}"
    );
    // The rdfs:label finds the plan, which is then described.
    let out = stdout(&output);
    assert_eq!(
        out.matches("plan:2022-科技研发创新  a prov:Plan, pg:Plan\n")
            .count(),
        2,
        "{out}"
    );
    assert!(has_row(&out, &["pg:planGroup", "十大创新"]), "{out}");
}

#[test]
fn why_shows_the_verbatim_source_with_document_and_lines() {
    let output = piped("\\why 2022-科技研发创新-2-n1\n\\why task:2022-新一代信息技术产业-2-n2\n");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "\
task:2022-科技研发创新-2-n1  in plan:2022-科技研发创新: 建设重大创新平台

sd-mini.txt, lines 12–13:
    1.建设重大创新平台。支持青岛、济南建设{实验室}；
    年底前新建省重点实验室10家。（省科技廳牵头，省科学院配合）
task:2022-新一代信息技术产业-2-n2  in plan:2022-新一代信息技术产业

sd-mini.txt, line 32:
    2.落实支持政策。（省有关部门按照职责分工负责）
"
    );
}

#[test]
fn limit_counts_the_rest_and_wide_shows_everything() {
    let query = "SELECT ?text WHERE { ?t pg:text ?text } ORDER BY DESC(STRLEN(?text)) ?text;\n";
    let output = piped(&format!("\\limit 2\n{query}\\wide\n{query}"));
    let out = stdout(&output);
    assert!(out.contains("limit: 2 rows shown in a table\n"), "{out}");
    assert!(
        out.contains("… 3 more rows not shown (\\limit changes how many)\n(5 rows)\n"),
        "{out}"
    );
    // The longest text is cut at 48 columns first, then shown in full.
    let longest = "建设重大创新平台。支持青岛、济南建设{实验室}；年底前新建省重点实验室10家。";
    assert!(
        out.contains("建设重大创新平台。支持青岛、济南建设{实验室}；…\n"),
        "{out}"
    );
    assert!(out.contains(&format!("{longest}\n")), "{out}");
}

#[test]
fn output_file_takes_the_next_result_only() {
    let dir = tempfile::tempdir().unwrap();
    let output = piped_in(
        dir.path(),
        &[],
        "\\format tsv\n\\o units.tsv\nSELECT ?l WHERE { ?u a pg:Unit ; skos:prefLabel ?l } ORDER BY ?l;\nASK {};\n",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "format: tsv\nthe next result goes to units.tsv (tsv)\nwrote 4 rows to units.tsv\ntrue\n"
    );
    // A file that cannot be written is an error; the redirection is used up
    // and the session goes on on the terminal.
    let failed = piped_in(dir.path(), &[], "\\o no/such/dir/x.csv\nASK {};\nASK {};\n");
    assert_eq!(
        stdout(&failed),
        "the next result goes to no/such/dir/x.csv (table)\ntrue\n"
    );
    assert!(
        stderr(&failed)
            .starts_with("error: <stdin>:2: cannot write the result to no/such/dir/x.csv: "),
        "{}",
        stderr(&failed)
    );
    let written = std::fs::read_to_string(dir.path().join("units.tsv")).unwrap();
    assert_eq!(
        written,
        "?l\n\"省工业和信息化厅\"@zh\n\"省有关部门\"@zh\n\"省科学院\"@zh\n\"省科技厅\"@zh\n"
    );
}

/// Both the piped input and the file start with a byte-order mark, which
/// is skipped.
#[test]
fn include_runs_a_file_and_names_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.rq");
    std::fs::write(
        &file,
        "\u{feff}# title: two statements\nASK { ?u a pg:Unit };\n\nSELECT ?x WHERE { ?x };\n",
    )
    .unwrap();
    let output = piped(&format!(
        "\u{feff}\\i {}\nASK {{ ?r a pg:Region }};\n",
        file.display()
    ));
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "true\ntrue\n");
    let err = stderr(&output);
    assert!(
        err.contains(&format!("error: {}:4: SPARQL syntax error", file.display())),
        "{err}"
    );
    assert!(err.contains("1 of the statements in"), "{err}");
}

#[test]
fn canned_queries_are_embedded_and_run_from_any_directory() {
    let dir = tempfile::tempdir().unwrap();
    let output = piped_in(dir.path(), &[], "\\queries\n\\run documents\n\\run nope\n");
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    assert!(out.contains("units-by-led-tasks"), "{out}");
    assert!(out.contains("Documents and their plans"), "{out}");
    assert!(out.contains("sd-mini.txt"), "{out}");
    assert!(out.contains("鲁政办字〔2022〕1号"), "{out}");
    assert!(
        stderr(&output).contains("no canned query is called 'nope' (\\queries lists them)"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn timeout_bounds_a_query_and_the_session_goes_on() {
    let started = std::time::Instant::now();
    let output = piped_in(
        &root(),
        &["--timeout", "0.3"],
        &format!("{SLOW_QUERY}\nASK {{ ?s ?p ?o }};\n\\timeout off\n\\timeout\n"),
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("error: <stdin>:1: query timed out after 0.3 s"),
        "{}",
        stderr(&output)
    );
    assert_eq!(stdout(&output), "true\ntimeout: off\ntimeout: off\n");
    assert!(started.elapsed().as_secs() < 30, "cancelled promptly");
}

/// `\analyze` and `\export` take the subcommands' arguments, on the
/// embedded corpus; a bad one is an error and the session goes on.
#[test]
fn analyze_and_export_run_as_the_subcommands_do() {
    let dir = tempfile::tempdir().unwrap();
    let dot = dir.path().join("co-lead.dot");
    let output = crate::support::run(
        &["repl"],
        &format!(
            "\\analyze unit 省科技厅\n\\export co-lead --format dot -o {}\n\\analyze nonsense\n\\prefixes\n",
            dot.display()
        ),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    let led = crate::support::select(
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a pg:Task ; pg:leadUnit unit:山东省科技厅 }",
    )[0][0]
        .clone();
    assert!(out.contains(&format!("led_tasks = {led}")), "{out}");
    let written = std::fs::read_to_string(&dot).expect("\\export wrote the file");
    assert!(
        written.starts_with("graph \"co-lead network\" {"),
        "{written}"
    );
    assert!(written.contains("省科技厅"));
    let err = stderr(&output);
    assert!(
        err.starts_with(&format!(
            "wrote {}: 100 nodes, 733 edges\nerror: <stdin>:3: unrecognized subcommand 'nonsense'",
            dot.display()
        )),
        "{err}"
    );
    assert!(has_row(
        &out,
        &["unit:", "<https://w3id.org/plangraph/id/unit/>"]
    ));
}

/// The interactive shell on a pseudo-terminal: Tab completes a Chinese unit
/// name, Ctrl-C cancels a running query and the shell answers afterwards,
/// Ctrl-C at the prompt clears the line, Ctrl-D quits, the history is saved
/// in the data directory and Ctrl-R finds it in the next session.
#[cfg(unix)]
#[test]
fn terminal_session_completes_cancels_and_keeps_answering() {
    use std::time::Duration;

    let home = tempfile::tempdir().unwrap();
    let mut command = repl_command(&[], &root());
    command
        .env("TERM", "xterm")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"));
    let mut session = expectrl::Session::spawn(command).expect("a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(30)));

    session
        .expect("\\? for help, \\q to quit")
        .expect("the banner");
    session.expect("plangraph> ").expect("the prompt");

    // 省科 is ambiguous: the second Tab lists both units (issue #26: Tab
    // used to cycle through candidates one by one); typing on and Tab
    // completes the one left.
    session.send("\\d unit:省科").unwrap();
    session.send("\t").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    session.send("\t").unwrap();
    session
        .expect("unit:省科学院")
        .expect("the second Tab lists the candidates");
    session
        .expect("plangraph> \\d unit:省科")
        .expect("the line is redrawn");
    session.send("技").unwrap();
    session.send("\t").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    session.send("\r").unwrap();
    session
        .expect("leads 2 tasks, cooperates on 1 tasks")
        .expect("\\d ran on the completed name");

    // Ctrl-C while a query runs cancels it.
    session.send(format!("{SLOW_QUERY}\r")).unwrap();
    std::thread::sleep(Duration::from_millis(800));
    session.send("\x03").unwrap();
    session
        .expect("query cancelled")
        .expect("the query was cancelled");

    // Ctrl-C at the prompt clears the half-typed line.
    session.expect("plangraph> ").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    session.send("SELECT garbage").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    session.send("\x03").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    session
        .send("SELECT (COUNT(*) AS ?units) WHERE { ?u a pg:Unit };\r")
        .unwrap();
    session.expect("(1 row, ").expect("the shell still answers");

    // Multi-line input: Enter inside braces continues the statement.
    session.expect("plangraph> ").unwrap();
    // An open brace gets a continuation prompt that says so (issue #26:
    // the shell looked frozen), then one that waits for the end.
    session.send("ASK {\r").unwrap();
    session
        .expect("plangraph{> ")
        .expect("a continuation prompt for the open brace");
    session.send("?r a pg:Region }\r").unwrap();
    session
        .expect("plangraph-> ")
        .expect("a continuation prompt until ; or a blank line");
    session.send("\r").unwrap();
    session
        .expect("true")
        .expect("the multi-line statement ran");
    session.expect("plangraph> ").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    session.send("\x04").unwrap();
    session.expect(expectrl::Eof).expect("Ctrl-D quits");

    let history = std::fs::read_to_string(home.path().join("data/plangraph/history"))
        .expect("the history was saved");
    assert!(
        history.contains("SELECT (COUNT(*) AS ?units) WHERE { ?u a pg:Unit };"),
        "{history}"
    );
    assert!(history.contains("\\d unit:省科技厅"), "{history}");
    assert!(!history.contains("garbage"), "{history}");

    // A new session reads the history back: Ctrl-R finds the query and
    // Enter runs it.
    let mut command = repl_command(&[], &root());
    command
        .env("TERM", "xterm")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"));
    let mut session = expectrl::Session::spawn(command).expect("a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session.expect("plangraph> ").expect("the prompt");
    session.send("\x12").unwrap();
    session.expect("reverse-i-search").expect("Ctrl-R searches");
    session.send("?units").unwrap();
    session
        .expect("?units': SELECT (COUNT(*) AS ?units)")
        .expect("the entry from the last session");
    session.send("\r").unwrap();
    session.expect("(1 row, ").expect("the found query ran");
    // Input typed before the next prompt can be flushed when the line editor
    // takes the terminal back: wait for the prompt, as the first session does.
    session.expect("plangraph> ").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    session.send("\x04").unwrap();
    session.expect(expectrl::Eof).expect("Ctrl-D quits");
}

#[test]
fn explain_draws_the_plan_and_timing_can_be_switched_on() {
    let output = piped(
        "\\explain SELECT ?t WHERE { ?t pg:leadUnit unit:省科技厅 ; pg:plan ?p . ?p pg:startYear 2022 };\n\\timing on\nASK {};\n",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    // Three tasks and goals are led by 省科技厅; the leaves are the patterns.
    assert!(out.starts_with("Project(?t)  3 rows  "), "{out}");
    assert!(
        out.contains("─ QuadPattern(?t pg:leadUnit unit:省科技厅)  3 rows  "),
        "{out}"
    );
    assert!(
        out.contains("─ QuadPattern(?p pg:startYear \"2022\"^^xsd:integer)  "),
        "{out}"
    );
    assert!(out.contains("\nplanned in "), "{out}");
    assert!(out.contains("timing: on\ntrue\n("), "{out}");
    assert!(out.trim_end().ends_with(" ms)"), "{out}");
}

#[test]
fn a_format_of_the_wrong_kind_is_an_error_once_chosen() {
    let output = piped(
        "CONSTRUCT { ?t pg:leadUnit ?u } WHERE { ?t pg:leadUnit unit:省科学院 } ;\n\\format csv\nCONSTRUCT { ?t pg:leadUnit ?u } WHERE { ?t pg:leadUnit ?u };\n",
    );
    assert_eq!(output.status.code(), Some(0));
    // Nobody leads with 省科学院: an empty graph, in Turtle by default.
    assert!(
        stdout(&output).starts_with("(0 triples)\nformat: csv\n"),
        "{}",
        stdout(&output)
    );
    assert!(
        stderr(&output).contains("error: <stdin>:3: format 'csv' does not fit a CONSTRUCT/DESCRIBE result (use ttl or nt)"),
        "{}",
        stderr(&output)
    );
}

/// On the embedded corpus: `\d` counts what an independent query counts,
/// and `\why` quotes the source line that the document really has.
#[test]
fn real_corpus_describe_and_why() {
    let output = crate::support::run(
        &["repl"],
        "\\d unit:山东省科技厅\n\\why 2022-科技研发创新-2-n6\n\\why task:2022-科技研发创新-2-n2\n\\d task:2022-科技研发创新-2-n6\n",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    let count = |query: &str| crate::support::select(query)[0][0].clone();
    let led = count(
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a pg:Task ; pg:leadUnit unit:山东省科技厅 }",
    );
    let cooperating = count(
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a pg:Task ; pg:cooperatingUnit unit:山东省科技厅 }",
    );
    assert!(
        led.parse::<usize>().unwrap() > 50,
        "省科技厅 leads many tasks: {led}"
    );
    assert!(
        out.contains(&format!(
            "\nleads {led} tasks, cooperates on {cooperating} tasks\n"
        )),
        "{out}"
    );
    assert!(has_row(&out, &["skos:altLabel", "省科技廳@zh"]), "{out}");
    // Responsibility nodes point at the unit; the example is their task.
    let unit_row = out
        .lines()
        .find(|l| l.starts_with("pg:unit "))
        .expect("responsibilities point at the unit");
    assert!(
        unit_row
            .split('│')
            .nth(2)
            .is_some_and(|e| e.trim().starts_with("task:")),
        "{unit_row}"
    );

    // Task 6 of 科技研发创新 2022 is line 63 of the three-tens document,
    // led by 省科技厅 alone.
    let source = std::fs::read_to_string(root().join("data/sd-2022-three-tens.txt")).unwrap();
    let line_63 = source.lines().nth(62).unwrap();
    assert!(line_63.starts_with("6. 培育国家战略科技后备力量。"));
    assert!(
        out.contains(&format!(
            "task:2022-科技研发创新-2-n6  in plan:2022-科技研发创新: 培育国家战略科技后备力量\n\nsd-2022-three-tens.txt, line 63:\n    {line_63}\n"
        )),
        "{out}"
    );
    // \d on the task shows its helper nodes readably: where it is printed
    // and who leads it, as the text says ("（牵头单位：省科技厅）").
    assert!(
        has_row(&out, &["pg:mention", "sd-2022-three-tens.txt:63"]),
        "{out}"
    );
    assert!(
        has_row(&out, &["pg:responsibility", "lead 1: unit:山东省科技厅"]),
        "{out}"
    );
    assert!(
        has_row(&out, &["pg:leadUnit", "unit:山东省科技厅"]),
        "{out}"
    );
    // Task 2 runs over a page break: lines 49 to 51, blank line kept.
    let lines_49_51: Vec<&str> = source.lines().skip(48).take(3).collect();
    assert!(lines_49_51[0].starts_with("2. **强化产业关键技术攻关。**"));
    assert!(
        out.contains(&format!(
            "sd-2022-three-tens.txt, lines 49–51:\n    {}\n\n    {}\n",
            lines_49_51[0], lines_49_51[2]
        )),
        "{out}"
    );
}

/// On the embedded corpus, names are ranked by how often they occur:
/// 省科技厅 (hundreds of edges) comes before 省科协.
#[test]
fn real_corpus_completion_ranks_by_occurrence() {
    use plangraph::repl::completer::{Completion, Names};
    let names = Names::load(crate::support::store());
    let completion = Completion {
        names: &names,
        canned: &[],
    };
    let replacements = |line: &str| -> Vec<String> {
        let (start, pairs) = completion.complete(line, line.len());
        assert_eq!(&line[start..], line.rsplit(' ').next().unwrap());
        pairs.into_iter().map(|p| p.replacement).collect()
    };
    assert_eq!(
        replacements("SELECT ?t WHERE { ?t pg:leadUnit unit:山东省科"),
        ["unit:山东省科技厅", "unit:山东省科协"]
    );
    // The traditional spelling seen in the documents leads to the unit.
    assert_eq!(
        replacements("ASK { ?t pg:leadUnit unit:省科技廳")[0],
        "unit:山东省科技厅"
    );
    // 山东省, the jurisdiction of every document and most units, is the
    // region named most often; 青岛市 the one the tasks mention most.
    let regions = replacements("ASK { ?t pg:mentionsRegion region:");
    assert_eq!(regions[..2], ["region:山东省", "region:青岛市"]);
    assert!(replacements("ASK { ?t pg:lead").contains(&"pg:leadUnit".to_owned()));
    assert!(replacements("ASK { ?t a pg:Ta").contains(&"pg:Task".to_owned()));
}

/// A cartesian product of five patterns, which the unpatched engine could
/// not stop (a second Ctrl-C had to quit): one Ctrl-C stops it, the shell
/// goes on, and the history already holds the query.
// See: issue #18
#[cfg(unix)]
#[test]
fn r18_one_ctrl_c_stops_a_five_pattern_product() {
    use std::time::Duration;

    let home = tempfile::tempdir().unwrap();
    let mut command = repl_command(&[], &root());
    command
        .env("TERM", "xterm")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"));
    let mut session = expectrl::Session::spawn(command).expect("a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session.expect("plangraph> ").expect("the prompt");
    let product =
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q };";
    session.send(format!("{product}\r")).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let history = std::fs::read_to_string(home.path().join("data/plangraph/history"))
        .expect("the history was saved before the query ran");
    assert!(history.contains(product), "{history}");
    session.send("\x03").unwrap();
    session
        .expect("query cancelled")
        .expect("the first Ctrl-C stops the query");
    session.expect("plangraph> ").unwrap();
    session.send("ASK { ?s ?p ?o };\r").unwrap();
    session.expect("true").expect("the shell still answers");
    session.expect("plangraph> ").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    session.send("\x04").unwrap();
    session.expect(expectrl::Eof).expect("Ctrl-D quits");
}

/// The interactive shell shows its prompt before the graph is built (the
/// first statement waits for it). What the options alone show to be wrong
/// is reported before any prompt; a document that turns out not to be text
/// is reported at the first statement, with status 2 either way.
#[cfg(unix)]
#[test]
fn interactive_shell_reports_sources_it_cannot_use() {
    use std::time::Duration;

    let home = tempfile::tempdir().unwrap();
    let spawn = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_plangraph"));
        command
            .args(args)
            .args(["repl", "--no-history"])
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env("PLANGRAPH_NO_CACHE", "1")
            .env("HOME", home.path());
        let mut session = expectrl::Session::spawn(command).expect("a pseudo-terminal");
        session.set_expect_timeout(Some(Duration::from_secs(30)));
        session
    };
    let exit_code = |session: &mut expectrl::Session| match session
        .get_process()
        .wait()
        .expect("the process ends")
    {
        expectrl::WaitStatus::Exited(_, code) => code,
        other => panic!("{other:?}"),
    };

    let missing = home.path().join("no-such-dir");
    let mut session = spawn(&["--data", missing.to_str().unwrap()]);
    session
        .expect("cannot read the data directory")
        .expect("the missing directory is named");
    assert_eq!(exit_code(&mut session), 2);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.txt"), "\n  \n").unwrap();
    let mut session = spawn(&["--data", dir.path().to_str().unwrap()]);
    session
        .expect("plangraph> ")
        .expect("the prompt comes first");
    session
        .send("SELECT * WHERE { ?s ?p ?o } LIMIT 1;\r")
        .unwrap();
    session
        .expect("plan.txt is empty: there is no text to ingest")
        .expect("the empty document is named at the first statement");
    assert_eq!(exit_code(&mut session), 2);
}

// See: issue #26 (canned queries could not take parameters; users copied
// the .rq file and edited its VALUES line).
#[test]
fn run_binds_canned_query_parameters_by_name() {
    let led = crate::support::select(
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a pg:Task ; pg:leadUnit unit:山东省交通运输厅 }",
    )[0][0]
        .clone();
    let output = crate::support::run(
        &["repl"],
        "\\run tasks-led-by-unit unit=山东省交通运输厅\n\\run tasks-led-by-unit unt=x\n\\queries\n",
    );
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    assert!(out.contains(&format!("({led} rows)")), "{led}: {out}");
    assert!(out.contains("task:2022-公共安全提升-2-n13"), "{out}");
    assert!(!out.contains("task:2022-科技研发创新-2-n1 "), "{out}");
    assert!(
        out.contains("unit=省科技厅"),
        "\\queries shows defaults: {out}"
    );
    assert!(out.contains("parameters (defaults)"), "{out}");
    let err = stderr(&output);
    assert!(
        err.contains(
            "\\run tasks-led-by-unit: the query has no parameter 'unt' (it declares unit)"
        ),
        "{err}"
    );
}

/// Ctrl-C stops queries that never read the store again once started (a
/// count over a triple product, ORDER BY over a product, a path closure
/// over the whole corpus), within a second or so, and the next statement
/// is answered.
// See: issue #18 (Ctrl-C printed "the query is still stopping" and the
// session was dead)
#[cfg(unix)]
#[test]
fn r18_ctrl_c_stops_runaway_queries_and_the_next_statement_runs() {
    use std::time::{Duration, Instant};

    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_plangraph"));
    command
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("PLANGRAPH_NO_CACHE", "1")
        .env("HOME", home.path())
        .args(["repl", "--no-history"]);
    let mut session = expectrl::Session::spawn(command).expect("a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(60)));
    session.expect("plangraph> ").expect("the prompt");
    // The first statement waits for the graph; this one also checks it.
    session
        .send("SELECT (COUNT(*) AS ?n) WHERE { ?t a pg:Task };\r")
        .unwrap();
    session.expect("(1 row").expect("the graph is loaded");
    for runaway in [
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i };",
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1;",
        "SELECT * WHERE { ?a (pg:plan|^pg:plan|!pg:plan|!^pg:plan)* ?b };",
    ] {
        session.expect("plangraph> ").unwrap();
        session.send(format!("{runaway}\r")).unwrap();
        std::thread::sleep(Duration::from_millis(1500));
        let interrupted = Instant::now();
        session.send("\x03").unwrap();
        session.expect("query cancelled").expect(runaway);
        let took = interrupted.elapsed();
        assert!(
            took < Duration::from_secs(3),
            "{runaway}: stopped after {took:?}"
        );
        session.expect("plangraph> ").unwrap();
        session.send("ASK { ?s ?p ?o };\r").unwrap();
        session
            .expect("true")
            .expect("the next statement is answered");
    }
    session.expect("plangraph> ").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    session.send("\x04").unwrap();
    session.expect(expectrl::Eof).expect("Ctrl-D quits");
}

// See: issue #26 ("SELEC" reported "expected CONSTRUCT", an unknown prefix
// "unexpected ' '", and a misspelt pg: term silently gave 0 rows).
#[test]
fn errors_name_the_real_problem_and_misspelt_terms_warn() {
    let output = piped(
        "SELEC ?x WHERE { ?x ?p ?o };\nSELECT * WHERE {\n  ?x foo:bar ?o };\nSELECT (COUNT(*) AS ?n) WHERE { ?x pg:leadUnt ?o };\n",
    );
    assert_eq!(output.status.code(), Some(0));
    let err = stderr(&output);
    assert!(
        err.contains("error: <stdin>:1: SPARQL syntax error at line 1, column 1: 'SELEC' is not a SPARQL keyword: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE (did you mean SELECT?)"),
        "{err}"
    );
    assert!(
        err.contains(
            "error: <stdin>:2: SPARQL syntax error at line 2, column 6: unknown prefix 'foo:'"
        ),
        "{err}"
    );
    assert!(!err.contains("expected CONSTRUCT"), "{err}");
    assert!(
        err.contains("warning: pg:leadUnt is not a term of the ontology, so it matches nothing (did you mean pg:leadUnit?)"),
        "{err}"
    );
    // A warning, not an error: the query ran.
    assert!(has_row(&stdout(&output), &["0"]), "{}", stdout(&output));
}

/// Long results go through the pager on a terminal, as psql's `\pset
/// pager` (see: issue #26, results scrolled away): a result taller than
/// the screen is piped into $PAGER, a short one is not, `\pager off`
/// stops it.
#[cfg(unix)]
#[test]
fn terminal_session_pages_results_taller_than_the_screen() {
    use std::time::Duration;

    let home = tempfile::tempdir().unwrap();
    let mut command = repl_command(&["--no-history"], &root());
    command
        .env("TERM", "xterm")
        .env("HOME", home.path())
        .env_remove("PLANGRAPH_PAGER")
        .env("PAGER", "sed 's/^/paged: /'");
    let mut session = expectrl::Session::spawn(command).expect("a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session
        .get_process_mut()
        .set_window_size(100, 12)
        .expect("the window size is set");
    session.expect("plangraph> ").expect("the prompt");
    let tall = "SELECT ?s ?p WHERE { ?s ?p ?o } ORDER BY ?s ?p LIMIT 30;\r";
    session.send(tall).unwrap();
    session
        .expect("paged: (30 rows")
        .expect("the tall result went through the pager");
    session.expect("plangraph> ").unwrap();
    session.send("ASK { ?s ?p ?o };\r").unwrap();
    let short = session.expect("plangraph> ").unwrap();
    let short = String::from_utf8_lossy(short.before()).into_owned();
    assert!(
        short.contains("true") && !short.contains("paged:"),
        "{short}"
    );
    session.send("\\pager off\r").unwrap();
    session.expect("pager: off").unwrap();
    session.expect("plangraph> ").unwrap();
    session.send(tall).unwrap();
    let unpaged = session.expect("(30 rows").unwrap();
    let unpaged = String::from_utf8_lossy(unpaged.before()).into_owned();
    assert!(!unpaged.contains("paged:"), "{unpaged}");
    session.expect("plangraph> ").unwrap();
    session.send("\x04").unwrap();
    session.expect(expectrl::Eof).expect("Ctrl-D quits");
}

/// A meta-command on a line of its own under an unfinished query runs at
/// once and the query goes on after it, as in psql; `\q` there quits
/// (it used to join the query, which then failed to parse or never ended).
#[test]
fn a_meta_command_under_an_unfinished_query_runs_at_once() {
    // Piped: `\format` in the middle, then the query completes in CSV.
    let output = piped("SELECT ?r\n\\format csv\nWHERE { ?r a pg:Region } ORDER BY ?r LIMIT 1;\n");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().map(|l| l.trim_end_matches('\r')).collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(lines[..2], ["format: csv", "r"], "{out}");
    // `\q` under an unfinished query quits and says the query did not run.
    let output = piped("ASK { ?r a pg:Region }\n\\q\nASK {};\n");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "", "nothing ran");
    assert_eq!(
        stderr(&output),
        "warning: <stdin>:1: the statement starting here was not ended with ';' before \\q on line 2, so it was not run\n"
    );
    // Inside a string a line may start with a backslash: it is the string's.
    let output = piped("SELECT ?x WHERE { BIND(\"\"\"a\n\\\\b\"\"\" AS ?x) };\n");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("\\b"), "{}", stdout(&output));
    // A file run with \i follows the same rule.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.rq");
    std::fs::write(&file, "ASK {\n\\format csv\n?r a pg:Region };\n").unwrap();
    let output = piped(&format!("\\i {}\n", file.display()));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output).replace('\r', ""), "format: csv\ntrue\n");

    // On a terminal: the query keeps its continuation prompt after the
    // command, and `\q` under an unfinished query ends the shell.
    use std::time::Duration;
    let home = tempfile::tempdir().unwrap();
    let mut command = repl_command(&[], &root());
    command
        .env("TERM", "xterm")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"));
    let mut session = expectrl::Session::spawn(command).expect("a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session.expect("plangraph> ").expect("the prompt");
    session.send("ASK {\r").unwrap();
    session
        .expect("plangraph{> ")
        .expect("a continuation prompt");
    session.send("\\format csv\r").unwrap();
    session
        .expect("format: csv")
        .expect("the command ran at once");
    session
        .expect("plangraph{> ")
        .expect("the query still waits for its brace");
    session.send("?r a pg:Region };\r").unwrap();
    session.expect("true").expect("the query ran after it");
    session.expect("plangraph> ").unwrap();
    session.send("SELECT ?r WHERE {\r").unwrap();
    session.expect("plangraph{> ").unwrap();
    session.send("\\q\r").unwrap();
    session.expect(expectrl::Eof).expect("\\q quits");
}
