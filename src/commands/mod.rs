//! Subcommand glue: turns parsed arguments into calls to the library.
//!
//! Each subcommand has its file; they share [`sources::open`] so that every
//! command sees the same graph for the same options, through the one
//! interface [`crate::store::Backend`].

pub mod analyze;
pub mod build;
pub mod documents;
pub mod export;
pub mod outputs;

pub mod push;
pub mod query;
pub mod repl;
pub mod search;
pub mod serve;
pub mod sources;
pub mod text;

use std::process::ExitCode;

use crate::cli::{Cli, Command, ExportWhat};
use crate::store::{Backend, BackendExt};

pub use sources::{open, Opened};

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let outcome = run_command(cli);
    // A cached graph of the embedded corpus being written (after the
    // answer) is finished, not left as a temporary file.
    crate::store::wait_for_cache_writes();
    outcome
}

fn run_command(cli: Cli) -> anyhow::Result<ExitCode> {
    // Every command that reads documents or finds a unit by name reads the
    // user's aliases first; build notes the rows that override others.
    if !matches!(cli.command, Command::Completions { .. } | Command::Text(_)) {
        let build = matches!(cli.command, Command::Build(_));
        sources::install_aliases(&cli.sources, build || cli.verbose)?;
    }
    match &cli.command {
        Command::Build(args) => build::run(&cli.sources, args, cli.verbose)?,
        Command::Query(args) => {
            // The query first: a syntax error or a bad parameter needs no graph.
            let text = query::query_text(args)?;
            // A remote store gets the query as written: it may accept
            // extensions of its own.
            if cli.sources.endpoint.is_none() {
                crate::store::check(&text)?;
            }
            crate::query_params::declared(&text)?;
            crate::query_params::assignments(&args.param)?;
            let opened = sources::open(&cli.sources, &[], verbose_report(&cli))?;
            query::run(&*opened.backend, &text, args)?;
            exit_without_freeing(opened);
        }
        Command::Repl(args) => repl::run(&cli, args)?,
        Command::Serve(args) => serve::run(&cli, args)?,
        Command::Push(args) => push::run(&cli, args)?,
        Command::Analyze(args) => {
            let inputs = outputs::source_inputs(&cli.sources, &[]);
            with_network(&cli, |source, out| analyze::run(source, args, &inputs, out))?
        }
        // The network exports read only the analysis projection; the RDF
        // slices (unit, plan, query) need the whole graph.
        Command::Export(args) => {
            // A file that cannot be written is refused before the graph is read.
            // So is a file that is one of the command's inputs.
            if let Some(path) = &args.output {
                crate::files::output_directory(path)?;
                outputs::refuse_export_output(args, &outputs::source_inputs(&cli.sources, &[]))?;
            }
            match args.what {
                ExportWhat::CoLead(_) | ExportWhat::Dependencies(_) => {
                    with_network(&cli, |source, out| export::run(source, args, out))?
                }
                _ => with_graph(&cli, |source, out| export::run(source, args, out))?,
            }
        }
        Command::Search(args) => {
            // A bad query or limit needs no graph.
            search::check(args)?;
            let cache = crate::search::IndexCache::default();
            with_network(&cli, |source, out| {
                search::run(source, &cache, args, search::color_on_stdout(), out)
            })?
        }
        Command::Describe { name, wide } => with_graph(&cli, |source, out| {
            let options = crate::inspect::describe::DescribeOptions {
                max_rows: None,
                wide: *wide,
            };
            crate::inspect::describe::describe(source, name, options, out)
        })?,
        Command::Why { task } => with_graph(&cli, |source, out| {
            crate::inspect::describe::why(source, task, out)
        })?,
        Command::Text(args) => text::run(args)?,
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            // Generated into memory: clap_complete panics when its writer
            // fails (a closed pipe, a full disk).
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "plangraph", &mut script);
            use std::io::Write as _;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&script)?;
            stdout.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Under `--verbose`, what reports the documents' diagnostics once they
/// are read.
pub(crate) fn verbose_report(cli: &Cli) -> Option<crate::store::OnIngest> {
    cli.verbose
        .then(|| Box::new(|corpus: &_| build::report_diagnostics(corpus, true)) as _)
}

/// Opens the graph, runs `command` on it with a buffered stdout, and
/// flushes it.
fn with_graph(
    cli: &Cli,
    command: impl FnOnce(&dyn Backend, &mut dyn std::io::Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let opened = sources::open(&cli.sources, &[], verbose_report(cli))?;
    with_stdout(|out| command(&*opened.backend, out))?;
    exit_without_freeing(opened);
    Ok(())
}

/// [`with_graph`] for the commands that read only the department network:
/// a saved graph without tasks is refused first.
fn with_network(
    cli: &Cli,
    command: impl FnOnce(&dyn Backend, &mut dyn std::io::Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let opened = sources::open(&cli.sources, &[], verbose_report(cli))?;
    if let Some(path) = &cli.sources.graph {
        refuse_graph_without_tasks(&*opened.backend, path)?;
    }
    with_stdout(|out| command(&*opened.backend, out))?;
    exit_without_freeing(opened);
    Ok(())
}

/// A saved graph with no `pg:Task` is not a graph of plans (another RDF
/// file, or one saved by a different tool): its networks would be empty, so
/// it is refused rather than analysed into "no task matches the filters".
fn refuse_graph_without_tasks(store: &dyn Backend, path: &std::path::Path) -> anyhow::Result<()> {
    if !store.ask("ASK { ?t a pg:Task }")? {
        anyhow::bail!(
            "the graph file {} has no pg:Task: it is not a graph of policy plans (save one with `plangraph build -o FILE`)",
            path.display()
        );
    }
    Ok(())
}

fn with_stdout(
    command: impl FnOnce(&mut dyn std::io::Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    command(&mut out)?;
    std::io::Write::flush(&mut out)?;
    Ok(())
}

/// Hands a value that lives until the process ends to the operating system
/// instead of freeing it: a graph of millions of quads takes seconds to free
/// node by node, and the process exits right after the command.
pub(crate) fn exit_without_freeing<T>(value: T) {
    std::mem::forget(value);
}
