//! `cargo bench --bench stages`: times each stage of the pipeline in-process.
//!
//! Stages: reading the files, ingest (text → records), the projection
//! straight from the records, betweenness and the four centralities of the
//! co-lead network, rdf (records → quads), store (quads → oxigraph), the
//! pipelined build `query` and the REPL run, saving the graph (from the store,
//! and from the records as `build -o` does, checked byte-identical), loading the saved
//! graph, every canned query of `queries/`, and each analysis and export on
//! the store (as the REPL runs them: same code, no loading) and each analysis
//! from the records (as `plangraph --data DIR analyze` runs them).
//! Whole-command timings (process start, printing, peak memory) and the
//! comparison with the Python baseline live in `bench/run.py`; this target
//! only isolates where the time goes.
//!
//! Environment:
//! - `PLANGRAPH_BENCH_DATA`: a directory of `*.txt` plans (default: the
//!   embedded corpus);
//! - `PLANGRAPH_BENCH_RUNS`: runs per stage (default 5; the median is shown);
//! - `PLANGRAPH_BENCH_JSON`: a file to write the figures to as JSON;
//! - `PLANGRAPH_BENCH_SKIP_QUERIES`: canned queries to leave out, by file
//!   stem, comma-separated (a slow query can dominate at 100×).
//!
//! No harness crate: the stages are seconds long at the largest scale, where
//! statistical micro-benchmarking would only multiply the run time.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use plangraph::graph_writer::GraphWriter;
use plangraph::ingest::{self, Source};
use plangraph::store::{Backend, BackendExt, PlanStore};

/// The records of a corpus as a graph that answers only the analyses
/// (what the documents' backend gives them once it has read the documents).
struct RecordsOnly(std::sync::Arc<plangraph::model::Corpus>);

impl Backend for RecordsOnly {
    fn check(&self, query: &str) -> Result<(), plangraph::store::StoreError> {
        plangraph::store::check(query).map(drop)
    }

    fn run(
        &self,
        _query: &str,
        _options: &plangraph::store::RunOptions,
    ) -> Result<oxigraph::sparql::QueryResults<'static>, plangraph::store::StoreError> {
        Err(plangraph::store::QueryError::Unsupported("SPARQL on the bare records").into())
    }

    fn records(
        &self,
    ) -> Option<Result<std::sync::Arc<plangraph::model::Corpus>, plangraph::store::StoreError>>
    {
        Some(Ok(self.0.clone()))
    }
}

/// Durations of the runs of one stage.
struct Stage {
    name: String,
    runs: Vec<Duration>,
    note: String,
}

impl Stage {
    fn sorted(&self) -> Vec<f64> {
        let mut secs: Vec<f64> = self.runs.iter().map(Duration::as_secs_f64).collect();
        secs.sort_by(f64::total_cmp);
        secs
    }

    fn median(&self) -> f64 {
        let secs = self.sorted();
        match secs.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => secs[n / 2],
            n => (secs[n / 2 - 1] + secs[n / 2]) / 2.0,
        }
    }
}

/// Runs `work` `runs` times; the last result is kept for the next stage.
fn time<T>(
    stages: &mut Vec<Stage>,
    name: &str,
    runs: usize,
    mut work: impl FnMut() -> T,
) -> (T, usize) {
    let mut durations = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        // The previous result is dropped before the next run starts, so
        // that a run does not pay for freeing its predecessor.
        drop(last.take());
        let started = Instant::now();
        let value = std::hint::black_box(work());
        durations.push(started.elapsed());
        last = Some(value);
    }
    stages.push(Stage {
        name: name.to_owned(),
        runs: durations,
        note: String::new(),
    });
    let index = stages.len() - 1;
    (last.expect("at least one run"), index)
}

fn read_dir_sources(dir: &Path) -> Vec<Source> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| Source {
            name: p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            bytes: std::fs::read(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display())),
        })
        .collect()
}

fn canned_queries() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let mut queries: Vec<(String, String)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "rq"))
                .filter_map(|p| {
                    let name = p.file_stem()?.to_string_lossy().into_owned();
                    Some((name, std::fs::read_to_string(&p).ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    queries.sort();
    queries
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters nothing here.
    let runs: usize = std::env::var("PLANGRAPH_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let data = std::env::var_os("PLANGRAPH_BENCH_DATA").map(PathBuf::from);
    let label = data
        .as_deref()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|| "embedded corpus".to_owned());
    let mut stages = Vec::new();

    let (sources, read) = time(&mut stages, "read files", runs, || match &data {
        Some(dir) => read_dir_sources(dir),
        None => ingest::embedded_sources(),
    });
    let bytes: usize = sources.iter().map(|s| s.bytes.len()).sum();
    stages[read].note = format!("{} files, {:.1} MB", sources.len(), bytes as f64 / 1e6);

    let (corpus, ingest_stage) = time(&mut stages, "ingest (text → records)", runs, || {
        ingest::ingest(&sources).expect("the corpus is text")
    });
    stages[ingest_stage].note = format!(
        "{} tasks, {} units, {} diagnostics",
        corpus.tasks.len(),
        corpus.units.len(),
        corpus.diagnostics.len()
    );

    time(&mut stages, "build's per-document report", runs, || {
        plangraph::commands::build::write_report(&mut std::io::sink(), &corpus).expect("report")
    });

    // What `analyze` and the network exports run when the graph comes from
    // text: the projection straight from the records, then the measures.
    let filters = plangraph::analysis::Filters::default();
    let (projection, projection_stage) =
        time(&mut stages, "projection from the records", runs, || {
            plangraph::analysis::Projection::from_corpus(&corpus, &filters).expect("projection")
        });
    let network = plangraph::analysis::UnitNetwork::build(
        &projection,
        plangraph::analysis::NetworkKind::CoLead,
    );
    stages[projection_stage].note = format!(
        "{} tasks; co-lead network {} units, {} edges",
        projection.tasks.len(),
        network.graph.node_count(),
        network.graph.edge_count()
    );
    let weighted =
        plangraph::analysis::graph::WeightedGraph::from_network(&network, |w| w.tasks as f64);
    time(
        &mut stages,
        "betweenness, co-lead network, distance 1/tasks",
        runs,
        || {
            plangraph::analysis::centrality::betweenness(
                &weighted,
                plangraph::analysis::centrality::PathLength::InverseWeight,
            )
        },
    );
    time(
        &mut stages,
        "all four centralities, co-lead network",
        runs,
        || plangraph::analysis::centrality::centrality(&network),
    );

    let (quads, rdf_stage) = time(&mut stages, "rdf (records → quads)", runs, || {
        plangraph::rdf::corpus_to_quads(&corpus)
    });
    stages[rdf_stage].note = format!("{} quads", quads.len());

    let (store, _) = time(&mut stages, "store (quads → oxigraph)", runs, || {
        PlanStore::from_quads(quads.clone()).expect("store")
    });
    let (pipelined, _) = time(
        &mut stages,
        "rdf + store + ontology, pipelined (as query and the REPL do)",
        runs,
        || {
            plangraph::store::store_from_corpus_scoped(
                &corpus,
                &plangraph::query_scope::QueryScope::Everything,
            )
            .expect("store")
        },
    );
    // Freeing millions of quads is a cost of its own at exit.
    let started = Instant::now();
    drop(pipelined);
    stages.push(Stage {
        name: "drop the store".to_owned(),
        runs: vec![started.elapsed()],
        note: String::new(),
    });

    // The commands' store holds the ontology too (in its own graph).
    store
        .insert(plangraph::rdf::ontology_quads().expect("ontology"))
        .expect("ontology into the store");
    let out_dir = tempfile::tempdir().expect("temporary directory");
    let saved = out_dir.path().join("graph.nq");
    let (_, save_stage) = time(&mut stages, "save graph from the store (.nq)", runs, || {
        store.save(&saved).expect("save")
    });
    let saved_bytes = std::fs::metadata(&saved).map(|m| m.len()).unwrap_or(0);
    stages[save_stage].note = format!("{:.1} MB", saved_bytes as f64 / 1e6);
    // What `build -o` runs: the records' quads sorted into the file, no store.
    let from_records = out_dir.path().join("from-records.nq");
    time(
        &mut stages,
        "save graph from the records (.nq, as build -o)",
        runs,
        || {
            let mut file = GraphWriter::for_path(&from_records).expect("format");
            plangraph::rdf::corpus_quads_batched(
                &corpus,
                plangraph::store::QUAD_BATCH,
                &mut |batch| file.add(batch),
            );
            file.add(plangraph::rdf::ontology_quads().expect("ontology"));
            file.write(&from_records).expect("save")
        },
    );
    assert_eq!(
        std::fs::read(&saved).ok(),
        std::fs::read(&from_records).ok(),
        "the store's file and the records' file differ"
    );
    time(&mut stages, "load saved graph (.nq)", runs, || {
        PlanStore::load_file(&saved).expect("load")
    });

    let skip: Vec<String> = std::env::var("PLANGRAPH_BENCH_SKIP_QUERIES")
        .map(|v| v.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    for (name, text) in canned_queries() {
        if skip.contains(&name) {
            continue;
        }
        let (rows, index) = time(&mut stages, &format!("query {name}"), runs, || {
            store.select(&text).map(|r| r.rows.len())
        });
        stages[index].note = match rows {
            Ok(n) => format!("{n} rows"),
            Err(e) => format!("error: {e}"),
        };
    }

    // Each analysis and export, exactly as the REPL words run them (the
    // same code as the subcommands, minus loading).
    let analyses: &[&[&str]] = &[
        &["co-lead"],
        &["dependencies"],
        &["centrality"],
        &["communities"],
        &["core"],
        &["brokers"],
        &["unit", "省科技厅"],
        &["compare"],
        &["concentration"],
    ];
    for words in analyses {
        words_stage(&mut stages, "analyze", words, runs, |w, out| {
            plangraph::commands::analyze::run_words(&store, w, &[], out)
        });
    }
    // The same from the records, as `plangraph --data DIR analyze …` runs.
    let records = RecordsOnly(std::sync::Arc::new(corpus.clone()));
    for words in analyses {
        let args: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        words_stage(
            &mut stages,
            "analyze (from the records)",
            words,
            runs,
            |_, out| {
                use clap::Parser;
                #[derive(clap::Parser)]
                struct Words {
                    #[command(flatten)]
                    args: plangraph::cli::AnalyzeArgs,
                }
                let parsed = Words::try_parse_from(
                    std::iter::once("analyze".to_owned()).chain(args.clone()),
                )?;
                plangraph::commands::analyze::run(&records, &parsed.args, &[], out)
            },
        );
    }
    let mut exports: Vec<Vec<&str>> = [
        "graphml",
        "gexf",
        "dot",
        "cytoscape",
        "d3",
        "csv",
        "svg",
        "html",
    ]
    .iter()
    .map(|f| vec!["co-lead", "--format", f])
    .collect();
    exports.push(vec!["dependencies", "--format", "graphml"]);
    exports.push(vec!["unit", "省科技厅"]);
    let construct = out_dir.path().join("leads.rq");
    std::fs::write(
        &construct,
        "CONSTRUCT { ?t pg:leadUnit ?u } WHERE { ?t pg:leadUnit ?u }",
    )
    .expect("write a query file");
    let construct = construct.display().to_string();
    exports.push(vec!["query", &construct]);
    for words in &exports {
        words_stage(&mut stages, "export", words, runs, |w, out| {
            plangraph::commands::export::run_words(&store, w, &[], out)
        });
    }

    report(&label, runs, &stages);
}

/// Times one analysis or export given as command words; notes the output
/// size, or the error (a word list the build does not accept).
fn words_stage(
    stages: &mut Vec<Stage>,
    command: &str,
    words: &[&str],
    runs: usize,
    run: impl Fn(&[String], &mut dyn std::io::Write) -> anyhow::Result<()>,
) {
    let owned: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    let (result, index) = time(
        stages,
        &format!("{command} {}", words.join(" ")),
        runs,
        || {
            let mut out = Vec::new();
            run(&owned, &mut out).map(|()| out.len())
        },
    );
    stages[index].note = match result {
        Ok(bytes) => format!("{:.1} kB out", bytes as f64 / 1e3),
        Err(e) => format!("error: {}", format!("{e:#}").lines().next().unwrap_or("")),
    };
}

fn report(label: &str, runs: usize, stages: &[Stage]) {
    println!("\n### Stages on {label} ({runs} runs each)\n");
    println!("| stage | median ms | min ms | max ms | |");
    println!("|---|---:|---:|---:|---|");
    for stage in stages {
        let secs = stage.sorted();
        println!(
            "| {} | {:.1} | {:.1} | {:.1} | {} |",
            stage.name,
            stage.median() * 1e3,
            secs.first().copied().unwrap_or(f64::NAN) * 1e3,
            secs.last().copied().unwrap_or(f64::NAN) * 1e3,
            stage.note
        );
    }
    if let Some(path) = std::env::var_os("PLANGRAPH_BENCH_JSON") {
        let json = serde_json::json!({
            "corpus": label,
            "runs": runs,
            "stages": stages.iter().map(|s| {
                let secs = s.sorted();
                serde_json::json!({
                    "stage": s.name,
                    "median_s": s.median(),
                    "min_s": secs.first(),
                    "max_s": secs.last(),
                    "note": s.note,
                })
            }).collect::<Vec<_>>(),
        });
        if let Err(e) = std::fs::write(&path, format!("{json:#}\n")) {
            eprintln!("cannot write {}: {e}", PathBuf::from(path).display());
        }
    }
}
