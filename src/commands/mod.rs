//! Subcommand glue: turns parsed arguments into calls to the library.
//!
//! Each subcommand has its file; they share [`sources::load`] so that every
//! command sees the same graph for the same options.

pub mod analyze;
pub mod build;
pub mod export;
pub mod progress;
pub mod query;
pub mod sources;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

pub use sources::{load, Loaded};

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Build(args) => build::run(&cli.sources, args, cli.verbose)?,
        Command::Query(args) => {
            let loaded = sources::load(&cli.sources, &[])?;
            if let Some(corpus) = &loaded.corpus {
                if cli.verbose {
                    build::report_diagnostics(corpus, true);
                }
            }
            query::run(&loaded, args)?;
            exit_without_freeing(loaded);
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "plangraph", &mut std::io::stdout());
        }
        Command::Analyze(args) => {
            let loaded = sources::load(&cli.sources, &[])?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            analyze::run(&loaded.store, args, &mut out)?;
            std::io::Write::flush(&mut out)?;
            exit_without_freeing(loaded);
        }
        Command::Export(args) => {
            let loaded = sources::load(&cli.sources, &[])?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            export::run(&loaded.store, args, &mut out)?;
            std::io::Write::flush(&mut out)?;
            exit_without_freeing(loaded);
        }
        Command::Repl(_) => anyhow::bail!("this subcommand is not available yet"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Hands a value that lives until the process ends to the operating system
/// instead of freeing it: a graph of millions of quads takes seconds to free
/// node by node, and the process exits right after the command.
pub(crate) fn exit_without_freeing<T>(value: T) {
    std::mem::forget(value);
}
