//! The `plangraph` binary: parses the command line and maps outcomes to exit
//! codes. Everything else lives in the library (`lib.rs`).

use std::process::ExitCode;

use clap::Parser;

// Building the graph makes tens of millions of small allocations (oxigraph's
// in-memory store allocates per quad and per string); glibc's malloc spent a
// third of the CPU time of a 100x build in its own bookkeeping. mimalloc is
// several times faster on that pattern and returns memory across threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
