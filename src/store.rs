//! The only module that touches oxigraph's `Store`.
//!
//! Everything above it asks questions through [`PlanStore`] (queries with the
//! project's prefixes predeclared, cancellation, timeouts, explanations) or
//! through the small [`SparqlSource`] trait (plain SELECT rows and CONSTRUCT
//! triples), which is all the analyses and exports need — so that a remote
//! SPARQL endpoint can later stand in for the in-memory store unchanged.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::time::Duration;

use oxigraph::io::RdfParser;
use oxigraph::model::{Quad, Term, Triple};
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryExplanation, QueryResults, QuerySolutionIter,
    QueryTripleIter, SparqlEvaluator, Variable,
};
use oxigraph::store::Store;

use crate::files::{graph_format, FileError};
use crate::model::iri::PREFIXES;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{message}")]
    Syntax {
        message: String,
        /// 1-based line and column of the error in the query text, when known.
        position: Option<(usize, usize)>,
    },
    #[error(transparent)]
    TooDeep(#[from] crate::query_limits::QueryLimitError),
    #[error("query cancelled")]
    Cancelled,
    /// The timeout in seconds, printed as given (`2 s`, `0.01 s`).
    #[error("query timed out after {0} s")]
    TimedOut(f64),
    #[error("query evaluation failed: {0}")]
    Evaluation(#[source] QueryEvaluationError),
    #[error(transparent)]
    File(#[from] FileError),
    #[error(
        "updates are not supported: the graph is read-only (it is derived from the documents)"
    )]
    UpdateRefused,
    #[error("the in-memory store failed: {0}")]
    Storage(String),
    #[error("expected a {expected} query, got {got}")]
    WrongKind {
        expected: &'static str,
        got: &'static str,
    },
}

/// The longest `--timeout` accepted, in seconds (about 31 years, as for
/// `\timeout`): anything longer is a typo, and 1e20 s does not fit in a
/// `Duration`.
pub const MAX_TIMEOUT_SECONDS: f64 = 1e9;

/// Rows of a SELECT query: variable names, then one value (or none) per variable.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SelectRows {
    pub variables: Vec<String>,
    pub rows: Vec<Vec<Option<Term>>>,
}

impl SelectRows {
    /// Index of a variable by name (without `?`).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.variables.iter().position(|v| v == name)
    }
}

/// The few questions analyses and exports ask of a graph.
///
/// Implemented by [`PlanStore`]; a remote SPARQL 1.1 endpoint can implement it
/// too. Queries may use the predeclared prefixes (`pg:`, `unit:`, …).
pub trait SparqlSource {
    /// Runs a SELECT query and collects its rows.
    fn select(&self, query: &str) -> Result<SelectRows, StoreError>;
    /// Runs a CONSTRUCT or DESCRIBE query and collects its triples.
    fn construct(&self, query: &str) -> Result<Vec<Triple>, StoreError>;
}

/// How a query should run.
#[derive(Clone, Default)]
pub struct RunOptions {
    /// Cancelled from outside (Ctrl-C in the REPL).
    pub cancel: Option<CancellationToken>,
    /// Cancelled after this long.
    pub timeout: Option<Duration>,
}

/// Quads per batch between the parser thread and the store in
/// [`PlanStore::load_file`].
const LOAD_BATCH: usize = 4096;

/// The plan graph in an in-memory oxigraph store.
pub struct PlanStore {
    store: Store,
}

impl PlanStore {
    /// An empty store.
    pub fn new() -> Result<Self, StoreError> {
        let store = Store::new().map_err(|e| StoreError::Storage(e.to_string()))?;
        Ok(Self { store })
    }

    /// A store holding `quads`.
    pub fn from_quads(quads: impl IntoIterator<Item = Quad>) -> Result<Self, StoreError> {
        let plan_store = Self::new()?;
        plan_store.insert(quads)?;
        Ok(plan_store)
    }

    /// Adds quads (one transaction).
    pub fn insert(&self, quads: impl IntoIterator<Item = Quad>) -> Result<(), StoreError> {
        self.store
            .extend(quads)
            .map_err(|e| StoreError::Storage(e.to_string()))
    }

    /// Loads a saved graph; the format comes from the extension.
    ///
    /// The file is parsed on a second thread while the main thread inserts
    /// what has been parsed, in file order: parsing and inserting cost about
    /// the same, so overlapping them nearly halves the load. A parse error
    /// discards the partly filled store.
    pub fn load_file(path: &Path) -> Result<Self, StoreError> {
        let format = graph_format(path)?;
        let file = File::open(path).map_err(|reason| FileError::ReadGraph {
            path: path.to_owned(),
            reason,
        })?;
        let declared = declared_statements_of(path);
        let parsed_count = &std::sync::atomic::AtomicUsize::new(0);
        let plan_store = Self::new()?;
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Quad>>(8);
        let (parsed, inserted) = std::thread::scope(|scope| {
            let parser = scope.spawn(move || -> Result<(), String> {
                let quads = RdfParser::from_format(format)
                    .rename_blank_nodes()
                    .for_reader(BufReader::with_capacity(1 << 16, file));
                let mut batch = Vec::with_capacity(LOAD_BATCH);
                for quad in quads {
                    batch.push(quad.map_err(|e| e.to_string())?);
                    parsed_count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if batch.len() == LOAD_BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(LOAD_BATCH));
                        if sender.send(full).is_err() {
                            return Ok(()); // the store gave up; it reports why
                        }
                    }
                }
                let _ = sender.send(batch);
                Ok(())
            });
            let inserted = plan_store.insert(receiver.into_iter().flatten());
            (parser.join(), inserted)
        });
        let parse_error = |message: String| FileError::ParseGraph {
            path: path.to_owned(),
            format: format.name(),
            message,
        };
        parsed
            .map_err(|_| parse_error("the parser failed".into()))?
            .map_err(parse_error)?;
        inserted?;
        let parsed_count = parsed_count.load(std::sync::atomic::Ordering::Relaxed);
        if let Some(declared) = declared.filter(|d| *d != parsed_count) {
            return Err(StoreError::from(parse_error(format!(
                "the file is incomplete: it declares {declared} statements but holds {parsed_count} (was it cut short?)"
            ))));
        }
        if plan_store.is_empty()? {
            return Err(FileError::ParseGraph {
                path: path.to_owned(),
                format: format.name(),
                message: "the file holds no triples".into(),
            }
            .into());
        }
        Ok(plan_store)
    }

    /// Number of quads.
    pub fn len(&self) -> Result<usize, StoreError> {
        self.store
            .len()
            .map_err(|e| StoreError::Storage(e.to_string()))
    }

    /// True when the store holds no quad (stops at the first one, unlike
    /// [`len`](Self::len), which counts them all).
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.store
            .is_empty()
            .map_err(|e| StoreError::Storage(e.to_string()))
    }

    /// Writes the whole graph to `path` atomically (temporary file, then
    /// rename) in the format given by the extension, sorted
    /// ([`crate::graph_writer`]).
    pub fn save(&self, path: &Path) -> Result<(), StoreError> {
        let mut writer = crate::graph_writer::GraphWriter::for_path(path)?;
        // Batches large enough for the writer to format them on both cores.
        const SAVE_BATCH: usize = 65_536;
        let mut batch = Vec::with_capacity(SAVE_BATCH);
        for quad in self.store.iter() {
            batch.push(quad.map_err(|e| StoreError::Storage(e.to_string()))?);
            if batch.len() == SAVE_BATCH {
                writer.add(std::mem::take(&mut batch));
            }
        }
        writer.add(batch);
        Ok(writer.write(path)?)
    }

    /// Parses a query with the project's prefixes predeclared, after
    /// checking that it does not nest deeper than the parser, optimizer
    /// and evaluator can take ([`crate::query_limits`]).
    pub fn prepare(&self, query: &str) -> Result<PreparedQuery, StoreError> {
        crate::query_limits::check(query)?;
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, ns) in PREFIXES {
            evaluator = evaluator
                .with_prefix(*prefix, *ns)
                .map_err(|e| StoreError::Storage(e.to_string()))?;
        }
        let token = CancellationToken::new();
        let prepared = evaluator
            .with_cancellation_token(token.clone())
            .parse_query(query)
            .map_err(|e| {
                if is_update(query) {
                    StoreError::UpdateRefused
                } else {
                    syntax_error(query, &e.to_string())
                }
            })?;
        Ok(PreparedQuery {
            inner: prepared,
            token,
        })
    }

    /// Runs a prepared query. Errors of the lazy result iterators (a
    /// cancellation while rows stream) surface while they are consumed.
    ///
    /// Most of the work of a SELECT or CONSTRUCT happens while its results
    /// are consumed, so the timeout and the caller's token keep being
    /// watched until the returned iterator is dropped.
    pub fn execute(
        &self,
        query: PreparedQuery,
        options: &RunOptions,
    ) -> Result<QueryResults<'static>, StoreError> {
        let watch = Watch::start(&query.token, options);
        let results = query
            .inner
            .on_store(&self.store)
            .execute()
            .map_err(|e| evaluation_error(e, options))?;
        let Some(watch) = watch else {
            return Ok(results);
        };
        Ok(match results {
            QueryResults::Solutions(solutions) => {
                let variables: std::sync::Arc<[Variable]> = solutions.variables().into();
                QueryResults::Solutions(QuerySolutionIter::new(
                    variables,
                    Watched {
                        inner: solutions,
                        _watch: watch,
                    },
                ))
            }
            QueryResults::Graph(triples) => QueryResults::Graph(QueryTripleIter::new(Watched {
                inner: triples,
                _watch: watch,
            })),
            boolean @ QueryResults::Boolean(_) => boolean,
        })
    }

    /// Runs a query and returns oxigraph's plan with statistics; the
    /// failure, if any, is the query's own (a timeout, a cancellation).
    pub fn explain(
        &self,
        query: &str,
        options: &RunOptions,
    ) -> Result<(Option<StoreError>, String), StoreError> {
        let prepared = self.prepare(query)?;
        let _watch = Watch::start(&prepared.token, options);
        let (result, explanation) = prepared
            .inner
            .on_store(&self.store)
            .compute_statistics()
            .explain();
        // Draining the results makes the statistics complete.
        let failure = match result {
            Ok(QueryResults::Solutions(solutions)) => solutions.filter_map(Result::err).next(),
            Ok(QueryResults::Graph(triples)) => triples.filter_map(Result::err).next(),
            Ok(QueryResults::Boolean(_)) => None,
            Err(e) => Some(e),
        }
        .map(|e| evaluation_error(e, options));
        Ok((failure, explanation_text(&explanation)?))
    }
}

fn explanation_text(explanation: &QueryExplanation) -> Result<String, StoreError> {
    let mut json = Vec::new();
    explanation
        .write_in_json(&mut json)
        .map_err(|e| StoreError::Storage(e.to_string()))?;
    let value: serde_json::Value =
        serde_json::from_slice(&json).map_err(|e| StoreError::Storage(e.to_string()))?;
    serde_json::to_string_pretty(&value).map_err(|e| StoreError::Storage(e.to_string()))
}

/// A parsed query, ready to run once.
pub struct PreparedQuery {
    inner: oxigraph::sparql::PreparedSparqlQuery,
    token: CancellationToken,
}

impl PreparedQuery {
    /// A token that cancels this query when triggered (e.g. from Ctrl-C).
    pub fn cancellation_token(&self) -> CancellationToken {
        self.token.clone()
    }
}

impl SparqlSource for PlanStore {
    fn select(&self, query: &str) -> Result<SelectRows, StoreError> {
        let prepared = self.prepare(query)?;
        match self.execute(prepared, &RunOptions::default())? {
            QueryResults::Solutions(solutions) => {
                let variables: Vec<String> = solutions
                    .variables()
                    .iter()
                    .map(|v| v.as_str().to_owned())
                    .collect();
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(StoreError::Evaluation)?;
                    rows.push(
                        variables
                            .iter()
                            .map(|v| solution.get(v.as_str()).cloned())
                            .collect(),
                    );
                }
                Ok(SelectRows { variables, rows })
            }
            QueryResults::Boolean(_) => Err(StoreError::WrongKind {
                expected: "SELECT",
                got: "ASK",
            }),
            QueryResults::Graph(_) => Err(StoreError::WrongKind {
                expected: "SELECT",
                got: "CONSTRUCT/DESCRIBE",
            }),
        }
    }

    fn construct(&self, query: &str) -> Result<Vec<Triple>, StoreError> {
        let prepared = self.prepare(query)?;
        match self.execute(prepared, &RunOptions::default())? {
            QueryResults::Graph(triples) => triples
                .collect::<Result<Vec<_>, _>>()
                .map_err(StoreError::Evaluation),
            QueryResults::Boolean(_) => Err(StoreError::WrongKind {
                expected: "CONSTRUCT",
                got: "ASK",
            }),
            QueryResults::Solutions(_) => Err(StoreError::WrongKind {
                expected: "CONSTRUCT",
                got: "SELECT",
            }),
        }
    }
}

/// Result rows that keep the query's [`Watch`] alive while they are read.
struct Watched<I> {
    inner: I,
    _watch: Watch,
}

impl<I: Iterator> Iterator for Watched<I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        self.inner.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

/// Cancels the query's token when the caller's token fires or the timeout
/// passes; stops watching when dropped (the query finished).
struct Watch {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Watch {
    fn start(query_token: &CancellationToken, options: &RunOptions) -> Option<Self> {
        if options.cancel.is_none() && options.timeout.is_none() {
            return None;
        }
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (done_flag, query_token) = (done.clone(), query_token.clone());
        let (outer, timeout) = (options.cancel.clone(), options.timeout);
        let started = std::time::Instant::now();
        std::thread::spawn(move || {
            use std::sync::atomic::Ordering;
            while !done_flag.load(Ordering::Relaxed) {
                let outer_fired = outer.as_ref().is_some_and(|t| t.is_cancelled());
                let timed_out = timeout.is_some_and(|t| started.elapsed() >= t);
                if outer_fired || timed_out {
                    query_token.cancel();
                    return;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        Some(Self { done })
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

fn evaluation_error(error: QueryEvaluationError, options: &RunOptions) -> StoreError {
    match error {
        QueryEvaluationError::Cancelled => cancelled(options),
        other => StoreError::Evaluation(other),
    }
}

/// Which of cancellation and timeout stopped a query.
pub fn cancelled(options: &RunOptions) -> StoreError {
    if options.cancel.as_ref().is_some_and(|t| t.is_cancelled()) || options.timeout.is_none() {
        StoreError::Cancelled
    } else {
        StoreError::TimedOut(options.timeout.unwrap_or_default().as_secs_f64())
    }
}

/// Turns oxigraph's "error at 3:14: expected …" into one readable sentence
/// and a position. The parser's list of expected tokens can run to hundreds
/// of characters, so a short one is kept and a long one is left out.
fn syntax_error(query: &str, message: &str) -> StoreError {
    // A misspelt keyword or an undeclared prefix, said as such: the parser
    // would point at the next character instead.
    if let Some(diagnosis) = crate::sparql_hints::diagnose(query) {
        let (line, column) = diagnosis.position;
        return StoreError::Syntax {
            message: format!(
                "SPARQL syntax error at line {line}, column {column}: {}",
                diagnosis.message
            ),
            position: Some(diagnosis.position),
        };
    }
    let position: Option<(usize, usize)> = message.split_once("error at ").and_then(|(_, rest)| {
        let (line, rest) = rest.split_once(':')?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((line.trim().parse().ok()?, column.parse().ok()?))
    });
    let Some((line, column)) = position else {
        return StoreError::Syntax {
            message: format!("SPARQL syntax error: {message}"),
            position: None,
        };
    };
    let found = query
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.chars().nth(column.saturating_sub(1)));
    let found = match found {
        Some(c) => format!("unexpected '{c}'"),
        None => "unexpected end of query".to_owned(),
    };
    let expected = message
        .split_once("expected ")
        .map(|(_, e)| e)
        .filter(|e| e.len() <= 60)
        .map(|e| format!(" (expected {e})"))
        .unwrap_or_default();
    StoreError::Syntax {
        message: format!("SPARQL syntax error at line {line}, column {column}: {found}{expected}"),
        position,
    }
}

/// The statement count declared by the header of a graph saved by
/// plangraph (`graph_writer.rs`).
fn declared_statements_of(path: &Path) -> Option<usize> {
    use std::io::{BufRead, Read};
    let mut first_line = String::new();
    BufReader::new(File::open(path).ok()?.take(256))
        .read_line(&mut first_line)
        .ok()?;
    crate::graph_writer::declared_statements(&first_line)
}

/// True when `text` parses as a SPARQL update (INSERT, DELETE, LOAD,
/// CLEAR…) with the predeclared prefixes: refused with a sentence that
/// says so, rather than as a query's syntax error.
fn is_update(text: &str) -> bool {
    let mut parser = spargebra::SparqlParser::new();
    for (prefix, ns) in PREFIXES {
        parser = match parser.with_prefix(*prefix, *ns) {
            Ok(parser) => parser,
            Err(_) => return false,
        };
    }
    parser.parse_update(text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_carry_their_position() {
        let store = PlanStore::new().unwrap();
        let err = store
            .prepare("SELECT ?x WHERE {\n  ?x pg:foo }")
            .err()
            .expect("syntax error");
        assert_eq!(
            err.to_string(),
            "SPARQL syntax error at line 2, column 13: unexpected '}'"
        );
        match err {
            StoreError::Syntax { position, .. } => assert_eq!(position, Some((2, 13))),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn prefixes_are_predeclared() {
        let store = PlanStore::new().unwrap();
        assert!(store
            .prepare("ASK { ?t pg:leadUnit unit:省科技厅 }")
            .is_ok());
    }
}
