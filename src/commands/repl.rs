//! `plangraph repl`: the interactive SPARQL shell on a terminal, or the
//! statements of standard input when it is not one.
//!
//! Piped sessions print no banner and no timings (so that their output is
//! the same from run to run; `\timing on` brings timings back). They exit
//! with status 0 at the end of the input even when a statement failed (its error is on stderr), as psql does without
//! ON_ERROR_STOP; `--on-error-stop` makes the first failure end the session
//! with status 2.

use std::io::{IsTerminal, Write};
use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;

use crate::cli::{Cli, ReplArgs};
use crate::query_scope::QueryScope;
use crate::repl::{self, ReplOptions, SessionGraph};
use crate::store::{PlanStore, SelectRows, SparqlSource, StoreError};

use super::progress::{self, Progress};
use super::sources::{self, Loaded};

/// Runs the shell: interactive when standard input is a terminal, piped
/// otherwise.
///
/// Interactive sessions show the prompt at once and build the graph on a
/// thread meanwhile; the first statement waits for it. Piped sessions (and
/// `--verbose`, whose diagnostics would cut through the prompt) load first.
pub fn run(cli: &Cli, args: &ReplArgs) -> anyhow::Result<()> {
    let interactive = std::io::stdin().is_terminal();
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal()
        && std::io::stderr().is_terminal();
    let mut options = ReplOptions {
        timeout: super::query::timeout(args.timeout)?,
        no_history: args.no_history,
        on_error_stop: args.on_error_stop,
        banner: String::new(),
        color,
        inputs: super::outputs::source_inputs(&cli.sources, &[]),
        words: Some(repl::WordCommands {
            analyze: super::analyze::run_words,
            export: super::export::run_words,
        }),
    };
    if interactive && !cli.verbose {
        options.banner = banner(&sources::describe(&cli.sources), None, color);
        let prepared = sources::prepare_load(&cli.sources, &[])?;
        let graph = PendingGraph::start(move || prepared.finish(&QueryScope::Everything));
        let outcome = repl::run_interactive(&graph, &options);
        graph.exit_without_freeing();
        return outcome;
    }
    let loaded = super::load_graph(cli)?;
    if interactive {
        options.banner = banner(&loaded.origin, loaded.store.len().ok(), color);
        return repl::run_interactive(&loaded.store, &options);
    }
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = std::io::BufWriter::new(stdout.lock());
    repl::run_piped(
        &loaded.store,
        &options,
        &mut stdin.lock(),
        &mut out,
        &mut stderr.lock(),
    )?;
    out.flush()?;
    super::exit_without_freeing(loaded);
    Ok(())
}

/// A graph being loaded on its own thread.
struct PendingGraph {
    thread: Mutex<Option<JoinHandle<anyhow::Result<Loaded>>>>,
    /// The loaded graph, or why it could not be loaded.
    result: OnceLock<Result<Loaded, String>>,
}

impl PendingGraph {
    fn start(load: impl FnOnce() -> anyhow::Result<Loaded> + Send + 'static) -> Self {
        let thread = std::thread::spawn(move || {
            progress::silence_this_thread();
            load()
        });
        PendingGraph {
            thread: Mutex::new(Some(thread)),
            result: OnceLock::new(),
        }
    }

    /// The graph, waiting for the loading thread if it has not finished
    /// (with a spinner then).
    fn loaded(&self) -> Result<&Loaded, String> {
        self.result
            .get_or_init(|| {
                let Some(thread) = self.thread.lock().ok().and_then(|mut t| t.take()) else {
                    return Err("the graph was not loaded".to_owned());
                };
                let spinner =
                    (!thread.is_finished()).then(|| Progress::spinner("loading the graph"));
                let joined = thread.join();
                if let Some(spinner) = spinner {
                    spinner.finish();
                }
                match joined {
                    Ok(Ok(loaded)) => Ok(loaded),
                    Ok(Err(e)) => Err(format!("{e:#}")),
                    Err(_) => Err("loading the graph failed".to_owned()),
                }
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// See [`super::exit_without_freeing`]; a thread still loading is left
    /// to end with the process.
    fn exit_without_freeing(self) {
        if let Some(Ok(loaded)) = self.result.into_inner() {
            super::exit_without_freeing(loaded);
        }
    }
}

impl SessionGraph for PendingGraph {
    fn store(&self) -> anyhow::Result<&PlanStore> {
        self.loaded()
            .map(|loaded| &loaded.store)
            .map_err(anyhow::Error::msg)
    }
}

impl SparqlSource for PendingGraph {
    fn select(&self, query: &str) -> Result<SelectRows, StoreError> {
        self.loaded()
            .map_err(StoreError::Storage)?
            .store
            .select(query)
    }

    fn construct(&self, query: &str) -> Result<Vec<oxigraph::model::Triple>, StoreError> {
        self.loaded()
            .map_err(StoreError::Storage)?
            .store
            .construct(query)
    }
}

/// `plangraph 0.1.0 · embedded corpus (5 documents) · 60314 triples · \? for help, \q to quit`
/// (the size only when the graph is already loaded).
fn banner(origin: &str, triples: Option<usize>, color: bool) -> String {
    let size = triples
        .map(|n| format!(" · {n} triples"))
        .unwrap_or_default();
    let name = format!("plangraph {}", env!("CARGO_PKG_VERSION"));
    let name = if color {
        format!("\x1b[1m{name}\x1b[0m")
    } else {
        name
    };
    format!("{name} · {origin}{size} · \\? for help, \\q to quit")
}
