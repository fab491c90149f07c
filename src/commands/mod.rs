//! Subcommand glue: turns parsed arguments into calls to the library.
//!
//! Each subcommand has its file; they share [`sources::load`] so that every
//! command sees the same graph for the same options.

pub mod analyze;
pub mod build;
pub mod documents;
pub mod export;
pub mod outputs;
pub mod progress;
pub mod query;
pub mod repl;
pub mod sources;

use std::process::ExitCode;

use crate::analysis::ProjectionSource;
use crate::cli::{Cli, Command, ExportWhat};

pub use sources::{load, Loaded, ProjectionInput};

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // Every command that reads documents or finds a unit by name reads the
    // user's aliases first; build notes the rows that override others.
    if !matches!(cli.command, Command::Completions { .. }) {
        let build = matches!(cli.command, Command::Build(_));
        sources::install_aliases(&cli.sources, build || cli.verbose)?;
    }
    match &cli.command {
        Command::Build(args) => build::run(&cli.sources, args, cli.verbose)?,
        Command::Query(args) => {
            // The query first: a syntax error needs no graph, and from text
            // only the quads it can read are loaded (`query_scope.rs`).
            let text = query::query_text(args)?;
            crate::store::PlanStore::new()?.prepare(&text)?;
            let declared = crate::query_params::declared(&text)?;
            crate::query_params::assignments(&args.param)?;
            // Units, plans and tasks are found through their labels, which
            // the query itself may not read.
            let scope = if declared.iter().any(|p| p.kind.resolved_in_graph()) {
                crate::query_scope::QueryScope::Everything
            } else {
                crate::query_scope::scope_of(&text)
            };
            let loaded = sources::load_scoped(&cli.sources, &[], &scope)?;
            report_verbose(&cli, &loaded);
            query::run(&loaded, &text, args)?;
            exit_without_freeing(loaded);
        }
        Command::Repl(args) => repl::run(&cli, args)?,
        Command::Analyze(args) => {
            let inputs = outputs::source_inputs(&cli.sources, &[]);
            with_projection_input(&cli, |source, out| analyze::run(source, args, &inputs, out))?
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
                    with_projection_input(&cli, |source, out| export::run(source, args, out))?
                }
                _ => with_graph(&cli, |loaded, out| {
                    export::run(ProjectionSource::Graph(&loaded.store), args, out)
                })?,
            }
        }
        Command::Describe { name, wide } => with_graph(&cli, |loaded, out| {
            let options = crate::inspect::describe::DescribeOptions {
                max_rows: None,
                wide: *wide,
            };
            crate::inspect::describe::describe(&loaded.store, name, options, out)
        })?,
        Command::Why { task } => with_graph(&cli, |loaded, out| {
            crate::inspect::describe::why(&loaded.store, task, out)
        })?,
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

/// Loads the graph the global options ask for, reporting the ingest
/// diagnostics under --verbose.
pub(crate) fn load_graph(cli: &Cli) -> anyhow::Result<Loaded> {
    let loaded = sources::load(&cli.sources, &[])?;
    report_verbose(cli, &loaded);
    Ok(loaded)
}

fn report_verbose(cli: &Cli, loaded: &Loaded) {
    if let Some(corpus) = loaded.corpus.as_ref().filter(|_| cli.verbose) {
        build::report_diagnostics(corpus, true);
    }
}

/// Loads the graph, runs `command` with a buffered stdout, and flushes it.
fn with_graph(
    cli: &Cli,
    command: impl FnOnce(&Loaded, &mut dyn std::io::Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let loaded = load_graph(cli)?;
    with_stdout(|out| command(&loaded, out))?;
    exit_without_freeing(loaded);
    Ok(())
}

/// [`with_graph`] for the commands that read only the analysis projection:
/// from text, the records are read without building a store.
fn with_projection_input(
    cli: &Cli,
    command: impl FnOnce(ProjectionSource<'_>, &mut dyn std::io::Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let input = sources::load_projection_input(&cli.sources, cli.verbose)?;
    if let (ProjectionInput::Graph(store), Some(path)) = (&input, &cli.sources.graph) {
        refuse_graph_without_tasks(store, path)?;
    }
    if let (ProjectionInput::Records(corpus), true) = (&input, cli.verbose) {
        build::report_diagnostics(corpus, true);
    }
    with_stdout(|out| command(input.source(), out))?;
    exit_without_freeing(input);
    Ok(())
}

/// A saved graph with no `pg:Task` is not a graph of plans (another RDF
/// file, or one saved by a different tool): its networks would be empty, so
/// it is refused rather than analysed into "no task matches the filters".
fn refuse_graph_without_tasks(
    store: &crate::store::PlanStore,
    path: &std::path::Path,
) -> anyhow::Result<()> {
    use crate::store::SparqlSource;
    let found = store.select("SELECT ?t WHERE { ?t a pg:Task } LIMIT 1")?;
    if found.rows.is_empty() {
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
