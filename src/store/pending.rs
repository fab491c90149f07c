//! A graph still being loaded on its own thread: the interactive REPL
//! shows its prompt at once and its first statement waits for the graph.

use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use oxigraph::sparql::QueryResults;

use super::backend::{Backend, RunOptions};
use super::error::StoreError;
use crate::model::Corpus;
use crate::progress::{self, Progress};

type Loaded = Box<dyn Backend>;

/// A backend that is the result of a loading thread; every read waits for
/// it (with a spinner if it has not finished), except [`Backend::check`],
/// which needs no graph.
pub struct PendingBackend {
    thread: Mutex<Option<JoinHandle<anyhow::Result<Loaded>>>>,
    /// The loaded graph, or why it could not be loaded.
    result: OnceLock<Result<Loaded, Arc<anyhow::Error>>>,
}

impl PendingBackend {
    /// Starts `load` on a thread of its own (its progress messages are
    /// silenced: they would cut through the prompt).
    pub fn start(load: impl FnOnce() -> anyhow::Result<Loaded> + Send + 'static) -> Self {
        let thread = std::thread::spawn(move || {
            progress::silence_this_thread();
            load()
        });
        PendingBackend {
            thread: Mutex::new(Some(thread)),
            result: OnceLock::new(),
        }
    }

    /// The graph, waiting for the loading thread if it has not finished.
    pub fn loaded(&self) -> Result<&dyn Backend, StoreError> {
        self.result
            .get_or_init(|| {
                let thread = self
                    .thread
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take();
                let Some(thread) = thread else {
                    return Err(Arc::new(anyhow::anyhow!("the graph was not loaded")));
                };
                let spinner =
                    (!thread.is_finished()).then(|| Progress::spinner("loading the graph"));
                let joined = thread.join();
                if let Some(spinner) = spinner {
                    spinner.finish();
                }
                match joined {
                    Ok(loaded) => loaded.map_err(Arc::new),
                    Err(_) => Err(Arc::new(anyhow::anyhow!("loading the graph failed"))),
                }
            })
            .as_ref()
            .map(|loaded| &**loaded)
            .map_err(|e| StoreError::Unavailable(e.clone()))
    }

    /// The loaded graph, if loading has finished, to be left to the end of
    /// the process unfreed; a thread still loading ends with the process.
    pub fn into_loaded(self) -> Option<Loaded> {
        self.result.into_inner().and_then(Result::ok)
    }
}

impl Backend for PendingBackend {
    fn check(&self, query: &str) -> Result<(), StoreError> {
        super::syntax::check(query).map(drop)
    }

    fn wait_ready(&self) -> Result<(), StoreError> {
        self.loaded()?.wait_ready()
    }

    fn run(&self, query: &str, options: &RunOptions) -> Result<QueryResults<'static>, StoreError> {
        self.loaded()?.run(query, options)
    }

    fn explain(
        &self,
        query: &str,
        options: &RunOptions,
    ) -> Result<(Option<StoreError>, String), StoreError> {
        self.loaded()?.explain(query, options)
    }

    fn statements(&self) -> Option<usize> {
        self.result.get()?.as_ref().ok()?.statements()
    }

    fn is_local(&self) -> bool {
        self.loaded().map_or(true, |loaded| loaded.is_local())
    }

    fn records(&self) -> Option<Result<Arc<Corpus>, StoreError>> {
        match self.loaded() {
            Ok(loaded) => loaded.records(),
            Err(e) => Some(Err(e)),
        }
    }
}
