//! plangraph: policy plans as a knowledge graph.
//!
//! Data flow (see ARCHITECTURE.md): text → [`ingest`] (records and
//! diagnostics) → [`rdf`] (quads) → [`store`] (oxigraph) → [`print`] for
//! `query` and the [`repl`], [`analysis`] over one petgraph projection, and
//! [`export`] of subgraphs.

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod export;
pub mod graph_writer;
pub mod ingest;
pub mod model;
pub mod print;
pub mod queries;
pub mod query_scope;
pub mod rdf;
pub mod repl;
pub mod store;

use std::process::ExitCode;

/// Runs one command line; errors are reported by `main` with exit code 2.
pub fn run(cli: cli::Cli) -> anyhow::Result<ExitCode> {
    commands::run(cli)
}

/// True when the error is a closed pipe (`plangraph query … | head`), which
/// is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let is_pipe = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(is_pipe)
            // `PrintError::Io` is transparent, so the io::Error is not a
            // separate link of the chain.
            || matches!(cause.downcast_ref::<print::PrintError>(), Some(print::PrintError::Io(io)) if is_pipe(io))
    })
}
