//! The graph in oxigraph's in-memory store: the only place that touches
//! oxigraph's `Store`. Loads saved graph files (parsing on a second thread),
//! saves them atomically, and answers queries as a [`Backend`].

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use oxigraph::io::RdfParser;
use oxigraph::model::Quad;
use oxigraph::sparql::{
    CancellationToken, PreparedSparqlQuery, QueryExplanation, QueryResults, SparqlEvaluator,
};
use oxigraph::store::Store;

use super::backend::{Backend, RunOptions};
use super::error::{StorageError, StoreError};
use super::watch::{evaluation_error, watched, Watch};
use crate::files::{graph_format, FileError};
use crate::model::iri::PREFIXES;

/// Quads per batch between the parser thread and the store in
/// [`PlanStore::load_file`].
const LOAD_BATCH: usize = 4096;

/// The plan graph in an in-memory oxigraph store. Clones share the store.
#[derive(Clone)]
pub struct PlanStore {
    store: Store,
}

impl PlanStore {
    /// An empty store.
    pub fn new() -> Result<Self, StoreError> {
        Ok(Self {
            store: Store::new()?,
        })
    }

    /// A store holding `quads`.
    pub fn from_quads(quads: impl IntoIterator<Item = Quad>) -> Result<Self, StoreError> {
        let plan_store = Self::new()?;
        plan_store.insert(quads)?;
        Ok(plan_store)
    }

    /// Adds quads (one transaction).
    pub fn insert(&self, quads: impl IntoIterator<Item = Quad>) -> Result<(), StoreError> {
        Ok(self.store.extend(quads)?)
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
        Ok(self.store.len()?)
    }

    /// True when the store holds no quad (stops at the first one, unlike
    /// [`len`](Self::len), which counts them all).
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.store.is_empty()?)
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
            batch.push(quad?);
            if batch.len() == SAVE_BATCH {
                writer.add(std::mem::take(&mut batch));
            }
        }
        writer.add(batch);
        Ok(writer.write(path)?)
    }
}

/// Parses a query with the project's prefixes predeclared, after
/// checking that it does not nest deeper than the parser, optimizer
/// and evaluator can take ([`crate::query_limits`]).
pub(super) fn prepare(query: &str) -> Result<(PreparedSparqlQuery, CancellationToken), StoreError> {
    crate::query_limits::check(query)?;
    let mut evaluator = SparqlEvaluator::new();
    for (prefix, ns) in PREFIXES {
        evaluator = evaluator
            .with_prefix(*prefix, *ns)
            .map_err(StorageError::Prefix)?;
    }
    // pg:matches, pg:score, pg:snippet: the text search in any query.
    for (name, function) in crate::fulltext::functions::all() {
        evaluator = evaluator.with_custom_function(name, function);
    }
    let token = CancellationToken::new();
    let prepared = evaluator
        .with_cancellation_token(token.clone())
        .parse_query(query)
        .map_err(|e| super::syntax::parse_error(query, &e.to_string()))?;
    Ok((prepared, token))
}

impl Backend for PlanStore {
    fn check(&self, query: &str) -> Result<(), StoreError> {
        prepare(query).map(drop)
    }

    fn run(&self, query: &str, options: &RunOptions) -> Result<QueryResults<'static>, StoreError> {
        let (prepared, token) = prepare(query)?;
        let watch = Watch::start(&token, options);
        let results = prepared
            .on_store(&self.store)
            .execute()
            .map_err(|e| evaluation_error(e, options))?;
        Ok(watched(results, watch))
    }

    fn explain(
        &self,
        query: &str,
        options: &RunOptions,
    ) -> Result<(Option<StoreError>, String), StoreError> {
        let (prepared, token) = prepare(query)?;
        let _watch = Watch::start(&token, options);
        let (result, explanation) = prepared
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

    fn statements(&self) -> Option<usize> {
        self.len().ok()
    }
}

pub(super) fn explanation_text(explanation: &QueryExplanation) -> Result<String, StoreError> {
    let mut json = Vec::new();
    let failed = |e: Box<dyn std::error::Error + Send + Sync>| StorageError::Explanation(e);
    explanation
        .write_in_json(&mut json)
        .map_err(|e| failed(e.into()))?;
    let value: serde_json::Value = serde_json::from_slice(&json).map_err(|e| failed(e.into()))?;
    Ok(serde_json::to_string_pretty(&value).map_err(|e| failed(e.into()))?)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::QueryError;

    #[test]
    fn syntax_errors_carry_their_position() {
        let store = PlanStore::new().unwrap();
        let err = store
            .check("SELECT ?x WHERE {\n  ?x pg:foo }")
            .expect_err("syntax error");
        assert_eq!(
            err.to_string(),
            "SPARQL syntax error at line 2, column 13: unexpected '}'"
        );
        match err {
            StoreError::Query(QueryError::Syntax { position, .. }) => {
                assert_eq!(position, Some((2, 13)))
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn prefixes_are_predeclared() {
        let store = PlanStore::new().unwrap();
        assert!(store.check("ASK { ?t pg:leadUnit unit:省科技厅 }").is_ok());
    }
}
