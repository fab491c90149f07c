//! The one interface every read of the graph goes through.
//!
//! `query`, the REPL, the analyses, the exports, `describe`/`why`, query
//! parameters and completion all take a `&dyn Backend`. What stands behind
//! it is the in-memory store ([`super::PlanStore`]), the documents read
//! lazily ([`super::DocumentsBackend`], which also picks the fast ways to
//! answer), and a graph still being loaded while the REPL's prompt is up
//! ([`super::PendingBackend`]); a remote endpoint or a graph file queried in
//! place implements the same few methods.

use std::sync::Arc;
use std::time::Duration;

use oxigraph::model::{Term, Triple};
use oxigraph::sparql::{CancellationToken, QueryResults};

use super::error::{QueryError, StoreError};
use crate::model::Corpus;

/// How a query should run.
#[derive(Clone, Default)]
pub struct RunOptions {
    /// Cancelled from outside (Ctrl-C in the REPL).
    pub cancel: Option<CancellationToken>,
    /// Cancelled after this long.
    pub timeout: Option<Duration>,
}

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

/// A graph that answers SPARQL 1.1 queries.
///
/// Queries may use the project's predeclared prefixes (`pg:`, `unit:`, …,
/// [`crate::model::iri::PREFIXES`]). Implementations are shared between
/// threads (the REPL loads on one, a server answers on many).
pub trait Backend: Send + Sync {
    /// Checks `query` without running it: its syntax (with the predeclared
    /// prefixes), its nesting ([`crate::query_limits`]), that it is not an
    /// update. Needs no graph, so it can fail before one is loaded.
    fn check(&self, query: &str) -> Result<(), StoreError>;

    /// Waits until the graph can answer (one loading on a thread) and
    /// fails if it never will.
    fn wait_ready(&self) -> Result<(), StoreError> {
        Ok(())
    }

    /// Runs `query`. Results stream: most of the work of a SELECT or
    /// CONSTRUCT happens while they are consumed, so the timeout and the
    /// cancellation of `options` stay watched until they are dropped, and
    /// an error while they stream comes out of the iterator.
    fn run(&self, query: &str, options: &RunOptions) -> Result<QueryResults<'static>, StoreError>;

    /// Runs `query` and returns the evaluator's plan with statistics (JSON,
    /// as [`crate::inspect::explain`] draws it) and the query's own failure,
    /// if any (a timeout, a cancellation). Not every graph can.
    fn explain(
        &self,
        _query: &str,
        _options: &RunOptions,
    ) -> Result<(Option<StoreError>, String), StoreError> {
        Err(QueryError::Unsupported("explaining a query").into())
    }

    /// False for a store across a network, where a question that scans the
    /// whole graph (counting every predicate for completion) costs the
    /// server and the wait; callers ask narrower questions instead.
    fn is_local(&self) -> bool {
        true
    }

    /// The number of statements, when it is known without work (a graph
    /// being loaded, or not loaded yet, says `None`).
    fn statements(&self) -> Option<usize> {
        None
    }

    /// The ingest records the graph is made of, when this graph is read
    /// from documents: the analyses' projection groups them directly rather
    /// than asking its six SELECTs of a store built for the purpose, which
    /// takes twice the time and three times the memory (BENCHMARKS.md).
    /// Other graphs say `None` and are asked the SELECTs.
    fn records(&self) -> Option<Result<Arc<Corpus>, StoreError>> {
        None
    }
}

/// The conveniences every backend has: whole results of one kind.
pub trait BackendExt {
    /// Runs a SELECT query and collects its rows.
    fn select(&self, query: &str) -> Result<SelectRows, StoreError>;
    /// Runs a CONSTRUCT or DESCRIBE query and collects its triples.
    fn construct(&self, query: &str) -> Result<Vec<Triple>, StoreError>;
    /// Runs an ASK query.
    fn ask(&self, query: &str) -> Result<bool, StoreError>;
}

impl<B: Backend + ?Sized> BackendExt for B {
    fn select(&self, query: &str) -> Result<SelectRows, StoreError> {
        match self.run(query, &RunOptions::default())? {
            QueryResults::Solutions(solutions) => {
                let variables: Vec<String> = solutions
                    .variables()
                    .iter()
                    .map(|v| v.as_str().to_owned())
                    .collect();
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(super::evaluation_error_plain)?;
                    rows.push(
                        variables
                            .iter()
                            .map(|v| solution.get(v.as_str()).cloned())
                            .collect(),
                    );
                }
                Ok(SelectRows { variables, rows })
            }
            QueryResults::Boolean(_) => Err(wrong_kind("SELECT", "ASK")),
            QueryResults::Graph(_) => Err(wrong_kind("SELECT", "CONSTRUCT/DESCRIBE")),
        }
    }

    fn construct(&self, query: &str) -> Result<Vec<Triple>, StoreError> {
        match self.run(query, &RunOptions::default())? {
            QueryResults::Graph(triples) => triples
                .collect::<Result<Vec<_>, _>>()
                .map_err(super::evaluation_error_plain),
            QueryResults::Boolean(_) => Err(wrong_kind("CONSTRUCT", "ASK")),
            QueryResults::Solutions(_) => Err(wrong_kind("CONSTRUCT", "SELECT")),
        }
    }

    fn ask(&self, query: &str) -> Result<bool, StoreError> {
        match self.run(query, &RunOptions::default())? {
            QueryResults::Boolean(answer) => Ok(answer),
            QueryResults::Solutions(_) => Err(wrong_kind("ASK", "SELECT")),
            QueryResults::Graph(_) => Err(wrong_kind("ASK", "CONSTRUCT/DESCRIBE")),
        }
    }
}

fn wrong_kind(expected: &'static str, got: &'static str) -> StoreError {
    QueryError::WrongKind { expected, got }.into()
}
