//! The real binary: exit codes, error sentences, output formats.

use crate::support::{run, stderr, stdout};

#[track_caller]
fn assert_fails_with(args: &[&str], stdin: &str, expected: &str) {
    let output = run(args, stdin);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "stderr: {err}");
    assert!(err.starts_with("plangraph: "), "stderr: {err}");
    assert!(err.contains(expected), "stderr {err:?} lacks {expected:?}");
    assert_eq!(err.trim_end().lines().count(), 1, "one sentence: {err}");
    assert!(stdout(&output).is_empty());
}

#[test]
fn malformed_query_names_the_position() {
    assert_fails_with(
        &["query", "SELECT ?x WHERE {\n ?x pg:text }"],
        "",
        "SPARQL syntax error at line 2, column 13",
    );
}

#[test]
fn missing_query_file_is_named() {
    assert_fails_with(
        &["query", "-f", "no/such.rq"],
        "",
        "cannot read query file no/such.rq",
    );
}

#[test]
fn missing_document_is_named() {
    assert_fails_with(
        &["build", "no/such.txt"],
        "",
        "cannot read plan document no/such.txt",
    );
}

#[test]
fn directory_without_documents_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    assert_fails_with(
        &["--data", path, "query", "ASK {}"],
        "",
        "no plan documents (*.txt) in",
    );
}

#[test]
fn missing_graph_file_is_named() {
    assert_fails_with(
        &["--graph", "no/such.nq", "query", "ASK {}"],
        "",
        "cannot read graph file no/such.nq",
    );
}

#[test]
fn malformed_graph_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.nq");
    std::fs::write(&path, "this is not n-quads\n").unwrap();
    assert_fails_with(
        &["--graph", path.to_str().unwrap(), "query", "ASK {}"],
        "",
        "is not valid N-Quads",
    );
}

#[test]
fn unknown_output_format_is_rejected() {
    let output = run(&["query", "--format", "yaml", "ASK {}"], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("invalid value 'yaml'"));
}

#[test]
fn query_reads_standard_input() {
    let output = run(
        &["query", "--format", "csv"],
        "SELECT (1+1 AS ?two) WHERE {}",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "two\r\n2\r\n");
}

#[test]
fn ask_in_every_solution_format() {
    let json = stdout(&run(&["query", "--format", "json", "ASK {}"], ""));
    assert_eq!(json.trim(), r#"{"head":{},"boolean":true}"#);
    let xml = stdout(&run(&["query", "--format", "xml", "ASK {}"], ""));
    assert!(xml.contains("<boolean>true</boolean>"));
    let table = stdout(&run(&["query", "ASK {}"], ""));
    assert_eq!(table.trim(), "true");
}

#[test]
fn construct_as_ntriples() {
    let output = run(
        &[
            "query",
            "--format",
            "nt",
            "CONSTRUCT { pg:x pg:y \"z\" } WHERE {}",
        ],
        "",
    );
    assert_eq!(
        stdout(&output),
        "<https://w3id.org/plangraph/ontology#x> <https://w3id.org/plangraph/ontology#y> \"z\" .\n"
    );
}

#[test]
fn select_with_a_graph_format_is_an_error() {
    assert_fails_with(
        &["query", "--format", "ttl", "SELECT * WHERE {}"],
        "",
        "format 'ttl' does not fit a SELECT result",
    );
}

#[test]
fn completions_are_generated() {
    let output = run(&["completions", "bash"], "");
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("plangraph"));
}

#[test]
fn saved_graph_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graph.nq");
    let output = run(&["build", "-o", path.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let from_text = stdout(&run(&["query", "--format", "csv", count], ""));
    let from_file = stdout(&run(
        &[
            "--graph",
            path.to_str().unwrap(),
            "query",
            "--format",
            "csv",
            count,
        ],
        "",
    ));
    assert_eq!(from_text, from_file);
    // Saving twice gives the same bytes.
    let again = dir.path().join("again.nq");
    run(&["build", "-o", again.to_str().unwrap()], "");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

/// The count `build` reports is the graph's number of data statements: the
/// records never give one twice. Task 2022-绿色低碳转型-2-n11 (three-tens)
/// has two deadlines, 年内 and 年底前, on the same day: one `pg:dueDate`.
#[test]
fn build_counts_each_statement_once() {
    let quads = plangraph::rdf::corpus_to_quads(crate::support::corpus());
    let distinct: std::collections::HashSet<&oxigraph::model::Quad> = quads.iter().collect();
    assert_eq!(distinct.len(), quads.len(), "a statement is emitted twice");
    let output = run(&["build"], "");
    assert!(
        stdout(&output).contains(&format!("0.9 MB → {} triples", quads.len())),
        "{}",
        stdout(&output)
    );
    let task = "<https://w3id.org/plangraph/id/task/2022-绿色低碳转型-2-n11>";
    let deadlines = crate::support::select(&format!("SELECT ?d WHERE {{ {task} pg:deadline ?d }}"));
    assert_eq!(deadlines.len(), 2, "{deadlines:?}");
    let dues = crate::support::select(&format!("SELECT ?d WHERE {{ {task} pg:dueDate ?d }}"));
    assert_eq!(dues, vec![vec!["2022-12-31".to_owned()]]);
}

/// `build -o` writes the records' quads without building a store; the file
/// must be the one a store of the same corpus saves, in every format.
#[test]
fn build_output_equals_the_saved_store_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for extension in ["nq", "nt", "ttl", "trig"] {
        let built = dir.path().join(format!("built.{extension}"));
        let output = run(&["build", "-o", built.to_str().unwrap()], "");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let saved = dir.path().join(format!("saved.{extension}"));
        crate::support::store().save(&saved).unwrap();
        let (built, saved) = (
            std::fs::read(&built).unwrap(),
            std::fs::read(&saved).unwrap(),
        );
        assert!(
            built.len() > 1_000_000,
            "{extension}: {} bytes",
            built.len()
        );
        assert!(
            built == saved,
            "{extension}: build -o and the store's save differ"
        );
    }
}

#[test]
fn describe_resolves_aliases_and_counts_tasks() {
    // 省科技廳 is the traditional spelling in the 2023 file.
    let output = run(&["describe", "省科技廳"], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("unit:山东省科技厅  a "), "{text}");
    assert!(
        text.contains("leads 118 tasks, cooperates on 35 tasks"),
        "{text}"
    );
}

#[test]
fn describe_unknown_name_is_an_error() {
    assert_fails_with(
        &["describe", "没有这个单位"],
        "",
        "nothing is called '没有这个单位'",
    );
}

#[test]
fn why_prints_the_verbatim_lines() {
    // sd-2022-three-tens.txt l.49–51: task 2 of 科技研发创新, cut by a page break.
    let output = run(&["why", "2022-科技研发创新-2-n2"], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("sd-2022-three-tens.txt, lines 49–51"),
        "{text}"
    );
    assert!(
        text.contains("（牵头单位：省科技厅、省工业和信息化厅）"),
        "{text}"
    );
}

#[test]
fn query_explain_shows_the_plan() {
    let output = run(
        &[
            "query",
            "--explain",
            "SELECT * WHERE { ?t pg:leadUnit unit:山东省科技厅 }",
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("QuadPattern(?t pg:leadUnit unit:山东省科技厅)  118 rows"));
}

/// A file in a directory that does not exist is refused before any work:
/// one sentence naming the directory, nothing on stdout.
#[test]
fn output_in_a_missing_directory_is_refused_at_once() {
    assert_fails_with(
        &["build", "-o", "no/such/dir/graph.nq"],
        "",
        "cannot write no/such/dir/graph.nq: there is no directory no/such/dir",
    );
    assert_fails_with(
        &[
            "export",
            "co-lead",
            "--format",
            "csv",
            "-o",
            "no/such/dir/net.csv",
        ],
        "",
        "cannot write no/such/dir/net.csv: there is no directory no/such/dir",
    );
    assert_fails_with(
        &["export", "unit", "省科技厅", "-o", "no/such/dir/unit.ttl"],
        "",
        "there is no directory no/such/dir",
    );
}

#[test]
fn graph_file_with_a_foreign_extension_is_named() {
    assert_fails_with(
        &["--graph", "data/sd-2022-three-tens.txt", "query", "ASK {}"],
        "",
        "cannot tell the RDF format of data/sd-2022-three-tens.txt from its extension",
    );
}

/// Saved files are ordinary files (mode from the umask), not the 0600 of
/// the temporary file they were written through.
#[cfg(unix)]
#[test]
fn saved_files_are_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("co-lead.graphml");
    let output = run(
        &[
            "export",
            "co-lead",
            "--format",
            "graphml",
            "-o",
            path.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_ne!(
        mode, 0o600,
        "the export kept the temporary file's private mode"
    );
    assert_eq!(mode & 0o400, 0o400);
}

// See: issue #26 (query -f FILE --param NAME=VALUE).
#[test]
fn query_param_binds_a_declared_parameter() {
    let output = run(
        &[
            "query",
            "-f",
            "queries/tasks-led-by-unit.rq",
            "--param",
            "unit=山东省科学技术厅",
            "--format",
            "csv",
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let rows = stdout(&output).lines().count() - 1;
    let default = run(
        &[
            "query",
            "-f",
            "queries/tasks-led-by-unit.rq",
            "--format",
            "csv",
        ],
        "",
    );
    assert_eq!(stdout(&default).lines().count() - 1, rows);
    assert_eq!(rows, 118, "省科技厅 leads 118 tasks");
    let wrong = run(
        &[
            "query",
            "-f",
            "queries/tasks-led-by-unit.rq",
            "-p",
            "unt=省科技厅",
        ],
        "",
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert_eq!(
        stderr(&wrong),
        "plangraph: the query has no parameter 'unt' (it declares unit)\n"
    );
    // A query without declarations takes no parameters.
    let none = run(&["query", "ASK {}", "-p", "x=1"], "");
    assert_eq!(none.status.code(), Some(2));
    assert!(
        stderr(&none).contains("it declares none"),
        "{}",
        stderr(&none)
    );
}

// See: issue #26 (Excel needs a byte-order mark; CSV cells were full IRIs
// where the table shows unit:…).
#[test]
fn csv_takes_a_bom_and_prefixed_names_on_request() {
    let query = "SELECT ?u (COUNT(*) AS ?n) WHERE { ?t pg:leadUnit ?u } GROUP BY ?u ORDER BY DESC(?n) LIMIT 1";
    let plain = run(&["query", query, "--format", "csv"], "");
    assert_eq!(plain.status.code(), Some(0));
    assert_eq!(
        stdout(&plain),
        "u,n\r\nhttps://w3id.org/plangraph/id/unit/山东省工业和信息化厅,280\r\n"
    );
    let excel = run(
        &["query", query, "--format", "csv", "--prefixed", "--bom"],
        "",
    );
    assert_eq!(excel.status.code(), Some(0), "{}", stderr(&excel));
    assert_eq!(
        stdout(&excel),
        "\u{feff}u,n\r\nunit:山东省工业和信息化厅,280\r\n"
    );
    let tsv = run(&["query", query, "--format", "tsv", "--prefixed"], "");
    assert_eq!(stdout(&tsv), "u\tn\nunit:山东省工业和信息化厅\t280\n");
    let table = run(&["query", query, "--bom"], "");
    assert_eq!(table.status.code(), Some(2));
    assert_eq!(
        stderr(&table),
        "plangraph: --bom applies to --format csv or tsv, not table\n"
    );
}

// See: issue #26 (analyze unit --format csv left out the partner table;
// export said nothing on success).
#[test]
fn analyze_writes_every_table_and_commands_name_the_files_they_write() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("kejiting.csv");
    let output = run(
        &[
            "analyze",
            "unit",
            "省科技厅",
            "--format",
            "csv",
            "--bom",
            "-o",
            base.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    for (table, header) in [
        ("by_plan", "year,plan_group,plan,led,cooperated"),
        ("partners", "partner,relation,tasks"),
        ("targets", "year,plan,task,target,deadline,due_date"),
    ] {
        let path = dir.path().join(format!("kejiting.{table}.csv"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{table}: {e}"));
        assert!(
            text.starts_with(&format!("\u{feff}{header}\n")),
            "{table}: {text}"
        );
        let rows = text.lines().count() - 1;
        assert!(
            stderr(&output).contains(&format!("wrote {}: {rows} rows", path.display())),
            "{}",
            stderr(&output)
        );
    }
    let partners = run(
        &[
            "analyze",
            "unit",
            "省科技厅",
            "--format",
            "csv",
            "--table",
            "partners",
            "--top",
            "1",
        ],
        "",
    );
    assert_eq!(
        stdout(&partners),
        "partner,relation,tasks\n省工业和信息化厅,co-leads,50\n"
    );
    assert!(stderr(&partners).contains("the report also has by_plan, targets"));

    let graphml = dir.path().join("co-lead.graphml");
    let export = run(&["export", "co-lead", "-o", graphml.to_str().unwrap()], "");
    assert_eq!(export.status.code(), Some(0));
    assert_eq!(
        stderr(&export),
        format!("wrote {}: 100 nodes, 733 edges\n", graphml.display())
    );
}
