//! The `plangraph` binary: parses the command line and maps outcomes to exit
//! codes. Everything else lives in the library (`lib.rs`).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = plangraph::cli::Cli::parse();
    match plangraph::run(cli) {
        Ok(code) => code,
        Err(err) if plangraph::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("plangraph: {err:#}");
            ExitCode::from(2)
        }
    }
}
