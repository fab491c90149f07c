//! The `plangraph` binary: parses the command line and maps outcomes to exit
//! codes. Everything else lives in the library (`lib.rs`).

use std::process::ExitCode;

use clap::Parser;

// Building the graph makes tens of millions of small allocations (oxigraph's
// in-memory store allocates per quad and per string); glibc's malloc spends
// much of a large build's CPU time in its own bookkeeping. mimalloc is
// faster on that pattern and returns memory across threads (BENCHMARKS.md,
// optimisation history, has the figures).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (the sys crate
/// has no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc 3 keeps freed pages for a second before returning them to the
/// system; parsing a large corpus frees as much as it keeps, so that delay
/// alone raises the peak memory of `analyze` markedly. 10 ms (mimalloc 2's
/// default) costs a little time (BENCHMARKS.md, with the sweep). A delay the
/// user sets (`MIMALLOC_PURGE_DELAY`) wins.
fn return_freed_memory_promptly() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one option of the allocator; valid at any time.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
    }
}

fn main() -> ExitCode {
    return_freed_memory_promptly();
    let cli = plangraph::cli::Cli::parse();
    match plangraph::run(cli) {
        Ok(code) => code,
        Err(err) => plangraph::report_failure(&err),
    }
}
