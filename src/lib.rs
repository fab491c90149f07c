//! plangraph: policy plans as a knowledge graph.
//!
//! Data flow (see ARCHITECTURE.md): text → [`ingest`] (records and
//! diagnostics) → [`rdf`] (quads) → [`store`] (oxigraph) → [`print`] for
//! `query` and the [`repl`], [`analysis`] over one petgraph projection, and
//! [`export`] of subgraphs.

pub mod analysis;
pub mod bounded_read;
pub mod cli;
pub mod commands;
pub mod export;
pub mod files;
pub mod fulltext;
pub mod graph_writer;
pub mod hdt_file;
pub mod ingest;
pub mod inspect;
pub mod model;
pub mod output_file;
pub mod print;
pub mod progress;
pub mod queries;
pub mod query_limits;
pub mod query_params;
pub mod query_run;
pub mod query_scope;
pub mod rdf;
pub mod repl;
pub mod search;
pub mod serve;
pub mod signal_cleanup;
pub mod sparql_hints;
pub mod sparql_lexer;
pub mod store;

use std::process::ExitCode;

/// `eprintln!` without its panic: a line for standard error, where a write
/// that fails (`2>/dev/full`, a closed terminal) cannot be reported anywhere,
/// so it is dropped and the command carries on.
#[macro_export]
macro_rules! stderr_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Runs one command line; errors are reported by `main` with exit code 2.
pub fn run(cli: cli::Cli) -> anyhow::Result<ExitCode> {
    commands::run(cli)
}

/// How a failed run ends, decided here and nowhere else: a closed pipe is
/// not a failure (status 0, nothing said); anything else is one sentence
/// on stderr ([`error_sentence`]) and status 2 — a query error, a storage
/// failure, a file that cannot be read or written, a document that is not
/// text, bad arguments.
pub fn report_failure(err: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(err) {
        return ExitCode::SUCCESS;
    }
    stderr_line!("plangraph: {}", error_sentence(err));
    ExitCode::from(2)
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

/// The one line `main` prints for an error. A bare I/O error with no
/// context came from writing the results (every read and every file
/// written names its path), so a full disk says that rather than only "No
/// space left on device (os error 28)".
pub fn error_sentence(err: &anyhow::Error) -> String {
    let bare_io =
        err.downcast_ref::<std::io::Error>()
            .or(match err.downcast_ref::<print::PrintError>() {
                Some(print::PrintError::Io(io)) => Some(io),
                _ => None,
            });
    match bare_io {
        Some(io) if io.kind() == std::io::ErrorKind::StorageFull => {
            "cannot write the output: no space left on device".to_owned()
        }
        _ => format!("{err:#}"),
    }
}
