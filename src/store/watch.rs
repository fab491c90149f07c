//! Timeouts and cancellation of a running query, kept watched while its
//! results stream (most of a query's work happens as they are consumed).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, QuerySolutionIter, QueryTripleIter,
    Variable,
};

use super::backend::RunOptions;
use super::error::{QueryError, RemoteError, StoreError};

/// `results` with the query's watch kept alive until they are dropped.
pub(super) fn watched(
    results: QueryResults<'static>,
    watch: Option<Watch>,
) -> QueryResults<'static> {
    let Some(watch) = watch else {
        return results;
    };
    match results {
        QueryResults::Solutions(solutions) => {
            let variables: Arc<[Variable]> = solutions.variables().into();
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
pub(super) struct Watch {
    done: Arc<AtomicBool>,
}

impl Watch {
    pub(super) fn start(query_token: &CancellationToken, options: &RunOptions) -> Option<Self> {
        if options.cancel.is_none() && options.timeout.is_none() {
            return None;
        }
        let done = Arc::new(AtomicBool::new(false));
        let (done_flag, query_token) = (done.clone(), query_token.clone());
        let (outer, timeout) = (options.cancel.clone(), options.timeout);
        let started = Instant::now();
        std::thread::spawn(move || {
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
        self.done.store(true, Ordering::Relaxed);
    }
}

/// A failure of evaluation as the error it is: a cancellation is said as
/// the cancellation or the timeout of `options` that caused it.
pub fn evaluation_error(error: QueryEvaluationError, options: &RunOptions) -> StoreError {
    match error {
        QueryEvaluationError::Cancelled => cancelled(options),
        // A remote store's failure is said as the store's, not wrapped in
        // an evaluation error that repeats its message.
        QueryEvaluationError::Service(inner) => match inner.downcast::<RemoteError>() {
            Ok(remote) => StoreError::Remote(*remote),
            Err(inner) => QueryError::Evaluation(QueryEvaluationError::Service(inner)).into(),
        },
        other => QueryError::Evaluation(other).into(),
    }
}

/// [`evaluation_error`] of a query run without options.
pub fn evaluation_error_plain(error: QueryEvaluationError) -> StoreError {
    evaluation_error(error, &RunOptions::default())
}

/// Which of cancellation and timeout stopped a query.
pub fn cancelled(options: &RunOptions) -> StoreError {
    if options.cancel.as_ref().is_some_and(|t| t.is_cancelled()) || options.timeout.is_none() {
        QueryError::Cancelled.into()
    } else {
        QueryError::TimedOut(options.timeout.unwrap_or_default().as_secs_f64()).into()
    }
}
