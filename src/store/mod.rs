//! The store layer: the one interface every read of the graph goes through
//! ([`Backend`]), and the graphs behind it.
//!
//! - [`PlanStore`]: oxigraph's in-memory store (a saved graph file, or a
//!   store built for tests and benchmarks); the only user of `oxigraph::store`.
//! - [`DocumentsBackend`]: documents, ingested and built into a store only as
//!   far as they are asked, with the analyses' records as a shortcut; the
//!   embedded corpus's graph is cached as an HDT file ([`CorpusCache`]).
//! - [`HdtBackend`]: a graph file in HDT, queried in place (no store).
//! - [`PendingBackend`]: a graph still loading on a thread.
//! - [`RemoteBackend`]: a SPARQL endpoint over HTTP (`--endpoint`).
//!
//! A query's text is checked the same way for all of them (`syntax.rs`), a
//! running query is stopped by its timeout or cancellation the same way
//! (`watch.rs`), and failures are one of three kinds (`error.rs`).

mod backend;
mod corpus_cache;
mod documents;
mod error;
mod hdt;
mod memory;
mod pending;
mod remote;
mod syntax;
mod watch;

pub use backend::{Backend, BackendExt, RunOptions, SelectRows};
pub use corpus_cache::{wait_for_cache_writes, CorpusCache, CACHE_DIR_ENV, NO_CACHE_ENV};
pub use documents::{
    store_from_corpus, store_from_corpus_scoped, DocumentsBackend, OnIngest, Reread, QUAD_BATCH,
};
pub use error::{query_error_in, QueryError, RemoteError, StorageError, StoreError, Truncation};
pub use hdt::{HdtBackend, HDT_FORMAT_NAME};
pub use memory::PlanStore;
pub use pending::PendingBackend;
pub use remote::{is_truncated, Credentials, GraphStore, RemoteBackend};
pub use syntax::check;
pub use watch::cancelled;

/// The longest `--timeout` accepted, in seconds (about 31 years, as for
/// `\timeout`): anything longer is a typo, and 1e20 s does not fit in a
/// `Duration`.
pub const MAX_TIMEOUT_SECONDS: f64 = 1e9;

pub use watch::{evaluation_error, evaluation_error_plain};
