//! `plangraph repl`: the interactive SPARQL shell on a terminal, or the
//! statements of standard input when it is not one.
//!
//! Piped sessions print no banner and no timings (so that their output is
//! the same from run to run; `\timing on` brings timings back). They exit
//! with status 0 at the end of the input even when a statement failed (its error is on stderr), as psql does without
//! ON_ERROR_STOP; `--on-error-stop` makes the first failure end the session
//! with status 2.

use std::io::{IsTerminal, Write};

use crate::cli::{Cli, ReplArgs};
use crate::repl::{self, ReplOptions};
use crate::store::PendingBackend;

use super::sources;

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
            search: super::search::run_words,
        }),
    };
    if interactive && !cli.verbose {
        options.banner = banner(&sources::describe(&cli.sources), None, color);
        let prepared = sources::prepare_open(&cli.sources, &[], None)?;
        let graph = PendingBackend::start(move || Ok(prepared.open_whole()?.backend));
        let outcome = repl::run_interactive(&graph, &options);
        super::exit_without_freeing(graph.into_loaded());
        return outcome;
    }
    let opened =
        sources::prepare_open(&cli.sources, &[], super::verbose_report(cli))?.open_whole()?;
    if interactive {
        options.banner = banner(&opened.origin, opened.backend.statements(), color);
        return repl::run_interactive(&*opened.backend, &options);
    }
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = std::io::BufWriter::new(stdout.lock());
    repl::run_piped(
        &*opened.backend,
        &options,
        &mut stdin.lock(),
        &mut out,
        &mut stderr.lock(),
    )?;
    out.flush()?;
    super::exit_without_freeing(opened);
    Ok(())
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
