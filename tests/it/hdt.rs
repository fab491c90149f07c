//! Saved graphs in HDT (`build -o graph.hdt`, `--graph graph.hdt`): queried
//! in place through the same backend interface, they answer every canned
//! query and every analysis as the same graph saved as N-Quads does; a
//! query on them stops at its timeout; a damaged file is one sentence.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use oxigraph::sparql::{QueryEvaluationError, QueryResults};
use plangraph::store::{Backend, BackendExt, QueryError, RunOptions, StoreError};

use crate::support::{run, run_command, stderr, stdout};

/// The embedded corpus saved once as `g.hdt` and `g.nq`, for every test here.
fn saved() -> &'static (PathBuf, PathBuf) {
    static SAVED: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    SAVED.get_or_init(|| {
        // Cargo's directory for integration tests' files: rewritten by
        // every run, never left behind in the system's temporary directory.
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hdt");
        std::fs::create_dir_all(&dir).unwrap();
        let [hdt, nq] = ["g.hdt", "g.nq"].map(|name| dir.join(name));
        for path in [&hdt, &nq] {
            let built = run(&["build", "-o", path.to_str().unwrap()], "");
            assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
        }
        (hdt, nq)
    })
}

/// stdout of `plangraph --graph GRAPH ARGS`, which must succeed.
fn output(graph: &Path, args: &[&str]) -> String {
    let mut command = crate::support::plangraph();
    command.arg("--graph").arg(graph).args(args);
    let out = run_command(command, "");
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    // An analysis's first line ends with how long it took.
    stdout(&out)
        .lines()
        .map(|line| match line.rsplit_once(" — ") {
            Some((head, took)) if line.starts_with("# ") && took.ends_with(" ms") => head,
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Rows in a stable order: a query without ORDER BY may list them in any
/// (the two graphs keep their triples in different orders), and
/// GROUP_CONCAT joins its values in any order, so those are sorted too.
fn sorted(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .map(|line| {
            line.split(',')
                .map(|field| {
                    let mut parts: Vec<&str> = field.split('、').collect();
                    parts.sort_unstable();
                    parts.join("、")
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn every_canned_query_and_analysis_answers_the_same_from_hdt_as_from_nquads() {
    let (hdt, nq) = saved();
    let queries = plangraph::queries::canned_queries();
    assert!(queries.len() >= 15, "the canned queries are found");
    for query in queries {
        let file = format!("queries/{}.rq", query.name);
        let args = ["query", "-f", file.as_str(), "--format", "csv"];
        let from_hdt = output(hdt, &args);
        assert!(from_hdt.lines().count() > 1, "{}: no rows", query.name);
        assert_eq!(
            sorted(&from_hdt),
            sorted(&output(nq, &args)),
            "{}",
            query.name
        );
    }
    for args in [
        vec!["analyze", "co-lead", "--format", "csv"],
        vec!["analyze", "dependencies", "--format", "csv"],
        vec!["analyze", "centrality", "--format", "csv"],
        vec!["analyze", "centrality", "--format", "csv", "--year", "2023"],
        vec!["analyze", "communities"],
        vec!["analyze", "core"],
        vec!["analyze", "brokers"],
        vec!["analyze", "unit", "省科技厅"],
        vec!["analyze", "compare"],
        vec!["analyze", "concentration"],
        vec!["analyze", "targets"],
        vec!["export", "co-lead", "--format", "graphml"],
        vec!["export", "unit", "省科技厅", "--format", "graphml"],
        vec!["describe", "省科技厅"],
        vec!["why", "2022-科技研发创新-2-n1"],
        vec!["search", "科技 创新"],
    ] {
        let from_hdt = output(hdt, &args);
        assert!(from_hdt.lines().count() > 1, "{args:?}: {from_hdt}");
        assert_eq!(from_hdt, output(nq, &args), "{args:?}");
    }
}

/// The ontology's named graph is there as in a loaded N-Quads file (the
/// binary's), apart from the data's default graph.
#[test]
fn the_ontology_graph_and_the_default_graph_are_kept_apart() {
    let (hdt, nq) = saved();
    for query in [
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        "SELECT ?p WHERE { GRAPH <https://w3id.org/plangraph/ontology> { ?p a owl:ObjectProperty } } ORDER BY ?p",
        "SELECT (COUNT(*) AS ?n) WHERE { ?t pg:leadUnit ?u . GRAPH ?g { pg:leadUnit rdfs:label ?l } }",
    ] {
        let args = ["query", query, "--format", "csv"];
        let from_hdt = output(hdt, &args);
        assert_ne!(from_hdt.lines().nth(1).unwrap_or("0"), "0", "{query}");
        assert_eq!(from_hdt, output(nq, &args), "{query}");
    }
}

#[test]
fn the_hdt_file_is_smaller_than_the_nquads_file() {
    let (hdt, nq) = saved();
    let [hdt, nq] = [hdt, nq].map(|p| std::fs::metadata(p).unwrap().len());
    assert!(hdt * 4 < nq, "{hdt} bytes of HDT, {nq} of N-Quads");
}

/// The REPL on an HDT file answers its first statement.
#[test]
fn the_shell_answers_from_an_hdt_file() {
    let (hdt, _) = saved();
    let out = run(
        &["--graph", hdt.to_str().unwrap(), "repl"],
        "SELECT (COUNT(*) AS ?n) WHERE { ?t a pg:Task }\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let tasks =
        crate::support::select("SELECT (COUNT(*) AS ?n) WHERE { ?t a pg:Task }")[0][0].clone();
    assert!(stdout(&out).contains(&tasks), "{}", stdout(&out));
}

/// Cancellation reaches queries on an HDT file as on the in-memory store:
/// a product over the whole file stops at its timeout with an error.
#[test]
fn a_query_on_an_hdt_file_stops_at_its_timeout() {
    let (hdt, _) = saved();
    let backend = plangraph::commands::sources::open_hdt_file(hdt).unwrap();
    for query in [
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",
        "SELECT * WHERE { ?a (pg:plan|^pg:plan|!pg:plan|!^pg:plan)* ?b }",
        "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }",
    ] {
        let started = Instant::now();
        let options = RunOptions {
            cancel: None,
            timeout: Some(Duration::from_millis(200)),
        };
        let stopped = match backend.run(query, &options) {
            Err(StoreError::Query(QueryError::TimedOut(_))) => true,
            Err(other) => panic!("{query}: {other}"),
            Ok(QueryResults::Solutions(mut rows)) => matches!(
                rows.find_map(Result::err),
                Some(QueryEvaluationError::Cancelled)
            ),
            Ok(QueryResults::Graph(mut triples)) => matches!(
                triples.find_map(Result::err),
                Some(QueryEvaluationError::Cancelled)
            ),
            Ok(QueryResults::Boolean(value)) => panic!("{query}: finished with {value}"),
        };
        assert!(stopped, "{query}: finished instead of timing out");
        let took = started.elapsed();
        assert!(took < Duration::from_secs(4), "{query}: ran {took:?}");
    }
    // A cheap query still answers, from the same backend.
    assert!(backend.ask("ASK { ?t a pg:Task }").unwrap());
}

/// Terms the file does not hold, terms that are both subject and object,
/// and literals with escapes find the same rows as on the in-memory store.
#[test]
fn constants_of_every_kind_match_as_in_memory() {
    let (hdt, _) = saved();
    let backend = plangraph::commands::sources::open_hdt_file(hdt).unwrap();
    let memory = crate::support::store();
    for query in [
        "SELECT ?t WHERE { ?t pg:leadUnit unit:山东省科技厅 } ORDER BY ?t",
        "SELECT ?u WHERE { ?t pg:leadUnit ?u . ?u a pg:Unit } ORDER BY ?u LIMIT 20",
        "SELECT ?s WHERE { ?s ?p \"no such literal\" }",
        "SELECT ?s WHERE { <https://example.org/none> ?p ?s }",
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p",
        "SELECT ?o WHERE { ?s rdfs:label ?o FILTER(LANG(?o) = \"en\") } ORDER BY ?o LIMIT 5",
        "SELECT ?x WHERE { VALUES ?x { unit:山东省科技厅 pg:leadUnit 42 } ?x ?p ?o } GROUP BY ?x ORDER BY ?x",
        "SELECT ?y (COUNT(*) AS ?n) WHERE { ?t pg:deadline ?d BIND(YEAR(?d) AS ?y) } GROUP BY ?y ORDER BY ?y",
    ] {
        assert_eq!(
            backend.select(query).unwrap(),
            memory.select(query).unwrap(),
            "{query}"
        );
    }
}

fn assert_refused(graph: &Path, expected: &str) {
    let output = run(&["--graph", graph.to_str().unwrap(), "query", "ASK {}"], "");
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains(expected), "stderr {err:?} lacks {expected:?}");
    assert!(
        err.contains(graph.to_str().unwrap()),
        "names the file: {err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "one sentence: {err}");
}

/// `bytes` with 8 bytes from `at` changed.
fn flipped(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    for b in &mut bytes[at..at + 8] {
        *b ^= 0x5a;
    }
    bytes
}

#[test]
fn a_damaged_or_cut_hdt_file_is_one_sentence_and_status_2() {
    let (hdt, _) = saved();
    let whole = std::fs::read(hdt).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.hdt", Vec::new()),
        ("text.hdt", b"<a:a> <a:b> <a:c> .\n".to_vec()),
        ("half.hdt", whole[..whole.len() / 2].to_vec()),
        ("quarter.hdt", whole[..whole.len() / 4].to_vec()),
        ("short.hdt", whole[..whole.len() - 10].to_vec()),
        ("flipped-dictionary.hdt", flipped(&whole, whole.len() / 4)),
        ("flipped-indexes.hdt", flipped(&whole, whole.len() - 1000)),
        ("flipped-trailer.hdt", flipped(&whole, whole.len() - 20)),
        ("head.hdt", whole[..40].to_vec()),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        assert_refused(&path, "is not valid HDT");
    }
    // The whole file still opens.
    let output = run(&["--graph", hdt.to_str().unwrap(), "query", "ASK {}"], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// A file of the standard sections alone (as other HDT tools write it,
/// without the stored indexes plangraph appends) opens too, building its
/// indexes, and answers the same.
#[test]
fn a_standard_hdt_file_without_stored_indexes_answers_the_same() {
    let (hdt, _) = saved();
    let whole = std::fs::read(hdt).unwrap();
    assert_eq!(&whole[whole.len() - 8..], b"PGHDTIX1", "the trailer's mark");
    let at = whole.len() - 28;
    let offset = u64::from_le_bytes(whole[at..at + 8].try_into().unwrap()) as usize;
    assert!(offset < whole.len() - 28);
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.hdt");
    std::fs::write(&plain, &whole[..offset]).unwrap();
    for query in [
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "SELECT ?u (COUNT(*) AS ?n) WHERE { ?t pg:leadUnit ?u } GROUP BY ?u ORDER BY DESC(?n) ?u LIMIT 5",
    ] {
        let args = ["query", query, "--format", "csv"];
        assert_eq!(output(&plain, &args), output(hdt, &args), "{query}");
    }
}

#[test]
fn push_refuses_an_hdt_file_in_one_sentence() {
    let (hdt, _) = saved();
    let output = run(
        &[
            "--graph",
            hdt.to_str().unwrap(),
            "push",
            "http://127.0.0.1:9/store",
        ],
        "",
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("is HDT"), "{err}");
}
