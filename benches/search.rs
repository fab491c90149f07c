//! `cargo bench --bench search`: the text search's index and its queries,
//! side by side with the same searches written as `FILTER(CONTAINS(…))`.
//!
//! Reads the documents (`PLANGRAPH_BENCH_DATA`, default the embedded
//! corpus) into a store as `query` does, then times: building the search
//! index (its SELECT of the texts, the projection, the bigram postings and
//! jieba's words), with its size and the process's resident memory before
//! and after; and for each query, `search::search` (index lookup, ranking
//! of every match, snippets of the first 20) against the SPARQL scan and
//! `pg:matches`, checking that all three find the same number of tasks.
//!
//! Environment: `PLANGRAPH_BENCH_DATA` (a directory of `*.txt` plans),
//! `PLANGRAPH_BENCH_RUNS` (runs per search, default 20; the scans run a
//! quarter as often, at least 3). Medians are printed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use plangraph::fulltext::Query;
use plangraph::ingest::{self, Source};
use plangraph::search::{search, SearchFilters, SearchIndex};
use plangraph::store::BackendExt;

const QUERIES: &[&str] = &[
    "氢能",
    "数字 政府",
    "碳达峰 碳中和",
    "\"绿色低碳\" 产业",
    "人工智能",
    "产业",
    "氫能 產業",
];

fn read_dir_sources(dir: &Path) -> Vec<Source> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the data directory lists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| Source {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            bytes: std::fs::read(&path).expect("a document reads"),
        })
        .collect()
}

/// Resident memory of this process, in MiB.
fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> (T, Duration) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        last = Some(f());
        times.push(started.elapsed());
    }
    (last.expect("one run"), median(times))
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

fn contains_query(query: &Query, function: bool) -> String {
    let filter = if function {
        format!(
            "pg:matches(?text, {})",
            plangraph::model::iri::literal(&query.to_string())
        )
    } else {
        query
            .needles
            .iter()
            .map(|n| {
                format!(
                    "CONTAINS(?text, {})",
                    plangraph::model::iri::literal(&n.text)
                )
            })
            .collect::<Vec<_>>()
            .join(" && ")
    };
    format!("SELECT ?task WHERE {{ ?task a pg:Task ; pg:text ?text FILTER({filter}) }}")
}

fn main() {
    let runs: usize = std::env::var("PLANGRAPH_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let data = std::env::var_os("PLANGRAPH_BENCH_DATA").map(PathBuf::from);
    let sources = match &data {
        Some(dir) => read_dir_sources(dir),
        None => ingest::embedded_sources(),
    };
    let label = data
        .as_deref()
        .map_or("embedded corpus".to_owned(), |d| d.display().to_string());
    let corpus = ingest::ingest(&sources).expect("the corpus is text");
    let store = plangraph::store::store_from_corpus(&corpus).expect("the store builds");
    drop(corpus);
    println!(
        "# search bench: {label}, {} files, {} statements",
        sources.len(),
        store.len().unwrap_or(0)
    );
    drop(sources);

    let before = rss_mib();
    let started = Instant::now();
    let index = SearchIndex::build(&store).expect("the index builds");
    let build = started.elapsed();
    let after = rss_mib();
    println!(
        "index: {} tasks, built in {} (SELECT of the texts, projection, postings, words); \
         index {:.0} MiB (texts, word bounds, postings); resident memory {:.0} → {:.0} MiB (+{:.0})",
        index.len(),
        ms(build),
        index.heap_bytes() as f64 / (1 << 20) as f64,
        before,
        after,
        after - before
    );
    // Where the build's time goes, each part again on its own.
    let (rows, select) = timed(1, || {
        store.select(plangraph::search::TEXTS_QUERY).expect("texts")
    });
    let (_, projection) = timed(1, || {
        plangraph::analysis::Projection::load(
            &store,
            &plangraph::analysis::Filters {
                include_collective: true,
                ..Default::default()
            },
        )
        .expect("projection")
    });
    let docs: Vec<plangraph::fulltext::TextDoc> = rows
        .rows
        .iter()
        .map(|r| {
            let text = |i: usize| match r.get(i).and_then(Option::as_ref) {
                Some(oxigraph::model::Term::Literal(l)) => l.value().to_owned(),
                _ => String::new(),
            };
            plangraph::fulltext::TextDoc {
                text: text(1),
                title: text(2),
            }
        })
        .collect();
    let (_, postings) = timed(1, || plangraph::fulltext::TextIndex::build(docs.clone()));
    println!(
        "  of which: SELECT of the texts {}, projection (six SELECTs) {}, folding + jieba + postings {}",
        ms(select),
        ms(projection),
        ms(postings)
    );
    drop(docs);
    println!();
    println!(
        "| query | tasks | search (index, ranked, 20 snippets) | FILTER(CONTAINS) | pg:matches |"
    );
    println!("|---|---|---|---|---|");
    let scans = (runs / 4).max(3);
    for text in QUERIES {
        let query = Query::parse(text).expect("the query parses");
        let ((_, total), searched) = timed(runs, || {
            search(&index, &store, &query, &SearchFilters::default(), Some(20)).expect("search")
        });
        let (rows, scanned) = timed(scans, || {
            store
                .select(&contains_query(&query, false))
                .expect("CONTAINS")
                .rows
                .len()
        });
        let (by_function, function) = timed(scans, || {
            store
                .select(&contains_query(&query, true))
                .expect("pg:matches")
                .rows
                .len()
        });
        assert_eq!(total, rows, "{text}: search and CONTAINS disagree");
        assert_eq!(total, by_function, "{text}: search and pg:matches disagree");
        println!(
            "| `{text}` | {total} | {} | {} | {} |",
            ms(searched),
            ms(scanned),
            ms(function)
        );
    }
}
