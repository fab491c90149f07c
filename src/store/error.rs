//! Why a read of the graph failed, in three kinds that keep their causes:
//! the query itself ([`QueryError`]: its text, its kind, its evaluation, a
//! cancellation), the store under it ([`StorageError`]), and the files or
//! documents it is read from ([`FileError`], [`crate::ingest::IngestError`]).
//!
//! The one sentence a user reads is each error's `Display` followed by its
//! sources (`{:#}` of `anyhow`), printed by [`crate::error_sentence`]; the
//! exit status is [`crate::exit_code`]'s.

use std::sync::Arc;

use oxigraph::sparql::QueryEvaluationError;

use crate::files::FileError;

/// A read of the graph that failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Documents(#[from] crate::ingest::IngestError),
    #[error(transparent)]
    Remote(#[from] RemoteError),
    /// The graph could not be made ready (loading failed on another
    /// thread, which reported it once; every later read says so again).
    #[error("{0:#}")]
    Unavailable(Arc<anyhow::Error>),
}

/// What is wrong with a query, or what stopped it.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("{message}")]
    Syntax {
        message: String,
        /// 1-based line and column of the error in the query text, when known.
        position: Option<(usize, usize)>,
    },
    #[error(transparent)]
    TooDeep(#[from] crate::query_limits::QueryLimitError),
    #[error(
        "updates are not supported: the graph is read-only (it is derived from the documents)"
    )]
    UpdateRefused,
    #[error("expected a {expected} query, got {got}")]
    WrongKind {
        expected: &'static str,
        got: &'static str,
    },
    #[error("query cancelled")]
    Cancelled,
    /// The timeout in seconds, printed as given (`2 s`, `0.01 s`).
    #[error("query timed out after {0} s")]
    TimedOut(f64),
    #[error("query evaluation failed")]
    Evaluation(#[source] QueryEvaluationError),
    /// A capability this graph does not have (`explain` on a remote store).
    #[error("{0} is not available for this graph")]
    Unsupported(&'static str),
}

/// Why a remote store did not answer.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error("{endpoint} answered {status}: {message}")]
    Status {
        endpoint: String,
        status: u16,
        message: String,
    },
    #[error("cannot reach {endpoint}")]
    Network {
        endpoint: String,
        #[source]
        source: Box<ureq::Error>,
    },
    #[error("{endpoint} answered in {content_type}, which is not a SPARQL result or RDF format")]
    UnknownFormat {
        endpoint: String,
        content_type: String,
    },
    #[error("cannot read the answer of {endpoint}")]
    Results {
        endpoint: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("{0} is not an http:// or https:// URL")]
    NotHttp(String),
    #[error("{endpoint} {}; the results are incomplete", truncation_text(.how))]
    Truncated { endpoint: String, how: Truncation },
}

/// How a store said that it sent part of its answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Truncation {
    /// At most this many rows (Virtuoso's `X-SPARQL-MaxRows`, sent only when
    /// the limit cut the answer).
    MaxRows(u64),
    /// Evaluation stopped at the store's time limit (Virtuoso's
    /// `X-SQL-State: S1TAT`).
    TimeLimit,
}

fn truncation_text(how: &Truncation) -> String {
    match how {
        Truncation::MaxRows(rows) => format!(
            "sent only the first {rows} rows of its answer (its result limit: ResultSetMaxRows in Virtuoso's [SPARQL] section; raise it, or page with LIMIT and OFFSET)"
        ),
        Truncation::TimeLimit => "stopped evaluating at its time limit and sent part of its answer (MaxQueryExecutionTime in Virtuoso's [SPARQL] section)".to_owned(),
    }
}

/// The store under the graph failed (not the query).
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("the in-memory store failed")]
    Store(#[from] oxigraph::store::StorageError),
    #[error("cannot read the query plan")]
    Explanation(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("a predeclared prefix is not an IRI")]
    Prefix(#[source] oxigraph::model::IriParseError),
    #[error("the built-in ontology is invalid")]
    Ontology(#[from] oxigraph::io::RdfSyntaxError),
    #[error("cannot read the documents again")]
    Reread(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    /// The query error inside, if this is one.
    pub fn as_query(&self) -> Option<&QueryError> {
        match self {
            StoreError::Query(query) => Some(query),
            _ => None,
        }
    }

    /// True when a cancellation (Ctrl-C, a closed connection) stopped the
    /// query, as opposed to a timeout or a failure.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, StoreError::Query(QueryError::Cancelled))
    }
}

/// The query error among `error`'s causes, if any (a [`StoreError`] holding
/// one, or one on its own).
pub fn query_error_in(error: &anyhow::Error) -> Option<&QueryError> {
    error.chain().find_map(|cause| {
        cause
            .downcast_ref::<StoreError>()
            .and_then(StoreError::as_query)
            .or_else(|| cause.downcast_ref::<QueryError>())
    })
}

impl From<oxigraph::store::StorageError> for StoreError {
    fn from(error: oxigraph::store::StorageError) -> Self {
        StoreError::Storage(StorageError::Store(error))
    }
}

impl From<crate::query_limits::QueryLimitError> for StoreError {
    fn from(error: crate::query_limits::QueryLimitError) -> Self {
        StoreError::Query(QueryError::TooDeep(error))
    }
}
