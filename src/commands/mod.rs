//! Subcommand glue: turns parsed arguments into calls to the library.

pub mod analyze;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "plangraph", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        _ => anyhow::bail!("not implemented yet"),
    }
}
