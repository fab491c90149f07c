//! The graph of a set of documents, built only as far as it is asked.
//!
//! Two ways of answering are private to this backend:
//!
//! - **A store scoped to what is asked.** A query needs only the quads whose
//!   predicates it can match ([`crate::query_scope`]); the store holds those
//!   and is widened, predicate by predicate, when a later query (a
//!   parameter's label lookup, the next REPL statement) needs more. A query
//!   that can match any predicate loads everything.
//! - **The records for the analyses.** The department network is grouped
//!   from the ingest records directly ([`Backend::records`]), ingested
//!   without task text when nothing else has been asked; a SPARQL query
//!   after that reads the documents again in full.
//! - **A cached graph file.** With a [`CorpusCache`] (the embedded corpus),
//!   SPARQL is answered by the cached HDT file when it opens, and the file
//!   is written once the documents have been ingested in full; the
//!   analyses' records still come from the documents.

use std::sync::{Arc, Mutex};

use oxigraph::sparql::QueryResults;

use super::backend::{Backend, RunOptions};
use super::corpus_cache::CorpusCache;
use super::error::{StorageError, StoreError};
use super::memory::PlanStore;
use super::HdtBackend;
use crate::ingest::{self, Detail, Source, Stated};
use crate::model::Corpus;
use crate::progress::Progress;
use crate::query_scope::QueryScope;

/// Reads the documents (again): the sources of a backend whose first
/// reading was dropped to save memory.
pub type Reread = Box<dyn Fn() -> anyhow::Result<Vec<Source>> + Send + Sync>;

/// Called once with the corpus when the documents have been ingested (the
/// `--verbose` report of their diagnostics).
pub type OnIngest = Box<dyn Fn(&Corpus) + Send + Sync>;

/// Quads per batch handed from the quad builder to the store: large enough
/// that a transaction per batch costs nothing, small enough that the corpus
/// never exists twice in memory (as quads and in the store).
pub const QUAD_BATCH: usize = 65_536;

/// Documents answering as a graph (see the module's documentation).
pub struct DocumentsBackend {
    state: Mutex<State>,
    stated: Stated,
    reread: Reread,
    on_ingest: Option<OnIngest>,
    /// Whether the lean records keep their diagnostics (`--verbose`).
    diagnostics: bool,
    /// Whether `on_ingest` has been called.
    reported: std::sync::atomic::AtomicBool,
    /// Where the documents come from, for progress messages.
    origin: String,
    /// The graph's cache file, and the graph read from it (once).
    cache: Option<CorpusCache>,
    cached: std::sync::OnceLock<Option<HdtBackend>>,
}

enum State {
    /// Read, not ingested.
    Unread(Vec<Source>),
    /// Ingested without task text ([`Detail`]): enough for the analyses.
    Lean(Arc<Corpus>),
    /// Ingested in full, with the store built so far (what `scope` keeps).
    Full {
        corpus: Arc<Corpus>,
        store: Option<(PlanStore, QueryScope)>,
    },
    /// Being changed (never seen outside a method).
    Busy,
}

impl DocumentsBackend {
    /// A backend over `sources`, read from `origin` ("embedded corpus (5
    /// documents)"); `reread` reads them again if the first reading has
    /// been dropped.
    pub fn new(sources: Vec<Source>, stated: Stated, origin: String, reread: Reread) -> Self {
        DocumentsBackend {
            state: Mutex::new(State::Unread(sources)),
            stated,
            reread,
            on_ingest: None,
            diagnostics: false,
            reported: Default::default(),
            origin,
            cache: None,
            cached: std::sync::OnceLock::new(),
        }
    }

    /// Answers SPARQL from `cache` when it holds the graph, and writes it
    /// there otherwise, once the documents are ingested in full. The
    /// documents and options must be the ones the cache's key covers.
    pub fn with_cache(mut self, cache: CorpusCache) -> Self {
        self.cache = Some(cache);
        self
    }

    /// The graph of the cache file, if there is one and it opens.
    fn cached_graph(&self) -> Option<&HdtBackend> {
        let cache = self.cache.as_ref()?;
        self.cached.get_or_init(|| cache.open()).as_ref()
    }

    /// Calls `report` with the corpus once it is ingested; the records keep
    /// their diagnostics.
    pub fn on_ingest(mut self, report: OnIngest) -> Self {
        self.on_ingest = Some(report);
        self.diagnostics = true;
        self
    }

    /// Builds the whole graph now (the REPL does it on a thread while its
    /// prompt is up).
    pub fn load_everything(&self) -> Result<(), StoreError> {
        if self.cached_graph().is_some() {
            return Ok(());
        }
        self.store_for(&QueryScope::Everything).map(drop)
    }

    /// The corpus, ingested in full.
    pub fn corpus(&self) -> Result<Arc<Corpus>, StoreError> {
        let mut state = self.lock();
        self.ensure_full(&mut state)?;
        match &*state {
            State::Full { corpus, .. } => Ok(corpus.clone()),
            _ => Err(not_read()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic on another thread cannot leave the state half-changed in
        // a way that matters: `Busy` is replaced before any fallible step.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn ingest(&self, sources: Vec<Source>, detail: Detail) -> Result<Arc<Corpus>, StoreError> {
        let progress = Progress::spinner(&format!("ingesting {}", self.origin));
        let corpus = ingest::ingest_owned_stated(sources, detail, &self.stated)?;
        progress.finish();
        if let Some(report) = &self.on_ingest {
            // Once: a second reading (lean, then in full) finds the same.
            if !self
                .reported
                .swap(true, std::sync::atomic::Ordering::Relaxed)
            {
                report(&corpus);
            }
        }
        Ok(Arc::new(corpus))
    }

    /// Brings `state` to `Full`, ingesting (again) if needed.
    fn ensure_full(&self, state: &mut State) -> Result<(), StoreError> {
        let sources = match std::mem::replace(state, State::Busy) {
            full @ State::Full { .. } => {
                *state = full;
                return Ok(());
            }
            State::Unread(sources) => sources,
            lean @ (State::Lean(_) | State::Busy) => match (self.reread)() {
                Ok(sources) => sources,
                Err(e) => {
                    *state = lean;
                    return Err(StorageError::Reread(e.into()).into());
                }
            },
        };
        // The lean records reported their diagnostics already.
        let corpus = self.ingest(sources, Detail::FULL);
        match corpus {
            Ok(corpus) => {
                if let Some(cache) = &self.cache {
                    if !matches!(self.cached.get(), Some(Some(_))) {
                        cache.save_in_background(corpus.clone());
                    }
                }
                *state = State::Full {
                    corpus,
                    store: None,
                };
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// The store holding at least what `scope` keeps, built or widened.
    fn store_for(&self, scope: &QueryScope) -> Result<PlanStore, StoreError> {
        let mut state = self.lock();
        self.ensure_full(&mut state)?;
        let State::Full { corpus, store } = &mut *state else {
            return Err(not_read());
        };
        match store {
            Some((built, held)) => {
                if let Some(wider) = widen(held, scope) {
                    let progress = Progress::spinner("loading the graph");
                    let added = |p: &str| wider.keeps(p) && !held.keeps(p);
                    insert_quads(built, corpus, &added)?;
                    progress.finish();
                    *held = wider;
                }
                Ok(built.clone())
            }
            None => {
                let progress = Progress::spinner("loading the graph");
                let (built, _) = store_from_corpus_scoped(corpus, scope)?;
                progress.finish();
                *store = Some((built.clone(), scope.clone()));
                Ok(built)
            }
        }
    }
}

/// The documents' first reading failed (its error was returned then) and
/// there is nothing to answer from.
fn not_read() -> StoreError {
    StorageError::Reread("an earlier reading of the documents failed".into()).into()
}

/// The scope holding both, when `held` does not already keep all of
/// `wanted`.
fn widen(held: &QueryScope, wanted: &QueryScope) -> Option<QueryScope> {
    match (held, wanted) {
        (QueryScope::Everything, _) => None,
        (QueryScope::Predicates(_), QueryScope::Everything) => Some(QueryScope::Everything),
        (QueryScope::Predicates(held), QueryScope::Predicates(wanted)) => {
            if wanted.is_subset(held) {
                None
            } else {
                Some(QueryScope::Predicates(
                    held.union(wanted).cloned().collect(),
                ))
            }
        }
    }
}

/// The store of a corpus, with the ontology in its own named graph.
pub fn store_from_corpus(corpus: &Corpus) -> Result<PlanStore, StoreError> {
    Ok(store_from_corpus_scoped(corpus, &QueryScope::Everything)?.0)
}

/// [`store_from_corpus`] with only the quads `scope` keeps (the ontology is
/// always whole), and the number of data quads inserted.
///
/// The quads are inserted batch by batch as they are built, in the order of
/// [`crate::rdf::corpus_to_quads`], so the store holds the same graph in the
/// same order; building them on a second thread was a tenth faster at 10×
/// and twice as slow at 100× (BENCHMARKS.md).
pub fn store_from_corpus_scoped(
    corpus: &Corpus,
    scope: &QueryScope,
) -> Result<(PlanStore, usize), StoreError> {
    let store = PlanStore::new()?;
    let count = insert_quads(&store, corpus, &|p: &str| scope.keeps(p))?;
    store.insert(crate::rdf::ontology_quads().map_err(StorageError::Ontology)?)?;
    Ok((store, count))
}

/// Inserts the corpus's quads whose predicate `keep` accepts, batch by
/// batch as they are built (in the order of [`crate::rdf::corpus_to_quads`]).
fn insert_quads(
    store: &PlanStore,
    corpus: &Corpus,
    keep: &dyn Fn(&str) -> bool,
) -> Result<usize, StoreError> {
    let mut failure = None;
    let count = crate::rdf::corpus_quads_where(corpus, QUAD_BATCH, keep, &mut |batch| {
        if failure.is_none() {
            if let Err(e) = store.insert(batch) {
                failure = Some(e);
            }
        }
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(count),
    }
}

impl Backend for DocumentsBackend {
    fn check(&self, query: &str) -> Result<(), StoreError> {
        super::syntax::check(query).map(drop)
    }

    fn run(&self, query: &str, options: &RunOptions) -> Result<QueryResults<'static>, StoreError> {
        // A query that does not parse needs no documents.
        self.check(query)?;
        if let Some(graph) = self.cached_graph() {
            return graph.run(query, options);
        }
        let store = self.store_for(&crate::query_scope::scope_of(query))?;
        store.run(query, options)
    }

    fn explain(
        &self,
        query: &str,
        options: &RunOptions,
    ) -> Result<(Option<StoreError>, String), StoreError> {
        self.check(query)?;
        if let Some(graph) = self.cached_graph() {
            return graph.explain(query, options);
        }
        let store = self.store_for(&crate::query_scope::scope_of(query))?;
        store.explain(query, options)
    }

    fn statements(&self) -> Option<usize> {
        if let Some(Some(graph)) = self.cached.get() {
            return graph.statements();
        }
        match &*self.state.try_lock().ok()? {
            State::Full {
                store: Some((store, QueryScope::Everything)),
                ..
            } => store.statements(),
            _ => None,
        }
    }

    fn records(&self) -> Option<Result<Arc<Corpus>, StoreError>> {
        // The cached graph file answers the analyses' SELECTs faster than
        // the documents are ingested for their records (BENCHMARKS.md).
        if self.cached_graph().is_some() {
            return None;
        }
        let mut state = self.lock();
        Some(match std::mem::replace(&mut *state, State::Busy) {
            State::Unread(sources) => {
                let detail = Detail {
                    text: false,
                    diagnostics: self.diagnostics,
                };
                match self.ingest(sources, detail) {
                    Ok(corpus) => {
                        *state = State::Lean(corpus.clone());
                        Ok(corpus)
                    }
                    Err(e) => Err(e),
                }
            }
            State::Lean(corpus) => {
                *state = State::Lean(corpus.clone());
                Ok(corpus)
            }
            State::Full { corpus, store } => {
                *state = State::Full {
                    corpus: corpus.clone(),
                    store,
                };
                Ok(corpus)
            }
            State::Busy => Err(not_read()),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::store::BackendExt;

    /// The embedded corpus as a backend, counting how often it is read
    /// again and how often its diagnostics are reported.
    fn backend(rereads: &'static AtomicUsize, reports: &'static AtomicUsize) -> DocumentsBackend {
        let reread: Reread = Box::new(move || {
            rereads.fetch_add(1, Ordering::Relaxed);
            Ok(ingest::embedded::embedded_sources())
        });
        DocumentsBackend::new(
            ingest::embedded::embedded_sources(),
            Stated::new(),
            "embedded corpus".into(),
            reread,
        )
        .on_ingest(Box::new(move |_| {
            reports.fetch_add(1, Ordering::Relaxed);
        }))
    }

    fn whole() -> &'static PlanStore {
        static WHOLE: std::sync::OnceLock<PlanStore> = std::sync::OnceLock::new();
        WHOLE.get_or_init(|| {
            let corpus = ingest::ingest(&ingest::embedded::embedded_sources()).unwrap();
            store_from_corpus(&corpus).unwrap()
        })
    }

    fn sorted_rows(graph: &dyn Backend, query: &str) -> Vec<Vec<Option<String>>> {
        let mut rows: Vec<_> = graph
            .select(query)
            .unwrap()
            .rows
            .into_iter()
            .map(|row| row.into_iter().map(|v| v.map(|t| t.to_string())).collect())
            .collect();
        rows.sort();
        rows
    }

    #[test]
    fn the_store_widens_to_what_each_query_reads() {
        static REREADS: AtomicUsize = AtomicUsize::new(0);
        static REPORTS: AtomicUsize = AtomicUsize::new(0);
        let documents = backend(&REREADS, &REPORTS);
        let leads = "SELECT ?t ?u WHERE { ?t pg:leadUnit ?u }";
        let labelled = "SELECT ?t ?l WHERE { ?t pg:leadUnit ?u . ?u skos:prefLabel ?l }";
        assert_eq!(sorted_rows(&documents, leads), sorted_rows(whole(), leads));
        assert_eq!(documents.statements(), None, "only one predicate is loaded");
        // A second query reads a predicate the store does not hold yet.
        assert_eq!(
            sorted_rows(&documents, labelled),
            sorted_rows(whole(), labelled)
        );
        let any = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
        assert_eq!(sorted_rows(&documents, any), sorted_rows(whole(), any));
        assert_eq!(documents.statements(), whole().statements());
        assert_eq!(REREADS.load(Ordering::Relaxed), 0, "read once");
        assert_eq!(REPORTS.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn records_first_then_a_query_reads_the_documents_again_in_full() {
        static REREADS: AtomicUsize = AtomicUsize::new(0);
        static REPORTS: AtomicUsize = AtomicUsize::new(0);
        let documents = backend(&REREADS, &REPORTS);
        let lean = documents.records().unwrap().unwrap();
        assert!(
            lean.tasks.iter().all(|t| t.text.is_empty()),
            "the analyses' records carry no task text"
        );
        let texts = "SELECT ?t ?text WHERE { ?t pg:text ?text }";
        let rows = sorted_rows(&documents, texts);
        assert!(!rows.is_empty());
        assert_eq!(rows, sorted_rows(whole(), texts));
        assert_eq!(REREADS.load(Ordering::Relaxed), 1);
        assert_eq!(REPORTS.load(Ordering::Relaxed), 1, "diagnostics said once");
        // The records now come from the full reading.
        let full = documents.records().unwrap().unwrap();
        assert!(full.tasks.iter().any(|t| !t.text.is_empty()));
    }

    #[test]
    fn a_query_that_does_not_parse_reads_nothing() {
        static REREADS: AtomicUsize = AtomicUsize::new(0);
        static REPORTS: AtomicUsize = AtomicUsize::new(0);
        let documents = backend(&REREADS, &REPORTS);
        let error = documents
            .run("SELECT ?x WHERE { ?x pg:leadUnit }", &RunOptions::default())
            .err()
            .expect("a syntax error");
        assert!(matches!(
            error,
            StoreError::Query(crate::store::QueryError::Syntax { .. })
        ));
        assert_eq!(REPORTS.load(Ordering::Relaxed), 0, "nothing was ingested");
        let update = documents
            .run("INSERT DATA { <a:b> <a:c> <a:d> }", &RunOptions::default())
            .err()
            .expect("an update is refused");
        assert!(matches!(
            update,
            StoreError::Query(crate::store::QueryError::UpdateRefused)
        ));
    }
}
