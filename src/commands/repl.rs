//! `plangraph repl`: the interactive SPARQL shell on a terminal, or the
//! statements of standard input when it is not one.
//!
//! Piped sessions print no banner and no timings (so that their output is
//! the same from run to run; `\timing on` brings timings back). They exit
//! with status 0 at the end of the input even when a statement failed (its error is on stderr), as psql does without
//! ON_ERROR_STOP; `--on-error-stop` makes the first failure end the session
//! with status 2.

use std::io::{IsTerminal, Write};

use crate::cli::ReplArgs;
use crate::repl::{self, ReplOptions};

use super::sources::Loaded;

/// Runs the shell on `loaded`: interactive when standard input is a
/// terminal, piped otherwise.
pub fn run(loaded: &Loaded, args: &ReplArgs) -> anyhow::Result<()> {
    let interactive = std::io::stdin().is_terminal();
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal()
        && std::io::stderr().is_terminal();
    let options = ReplOptions {
        timeout: super::query::timeout(args.timeout)?,
        no_history: args.no_history,
        on_error_stop: args.on_error_stop,
        banner: if interactive {
            banner(loaded, color)
        } else {
            String::new()
        },
        color,
    };
    if interactive {
        return repl::run_interactive(&loaded.store, &options);
    }
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = std::io::BufWriter::new(stdout.lock());
    repl::run_piped(
        &loaded.store,
        &options,
        &mut stdin.lock(),
        &mut out,
        &mut stderr.lock(),
    )?;
    out.flush()?;
    Ok(())
}

/// `plangraph 0.1.0 · embedded corpus (5 documents) · 48213 triples · \? for help, \q to quit`
fn banner(loaded: &Loaded, color: bool) -> String {
    let size = match loaded.store.len() {
        Ok(n) => format!("{n} triples"),
        Err(_) => "size unknown".to_owned(),
    };
    let name = format!("plangraph {}", env!("CARGO_PKG_VERSION"));
    let name = if color {
        format!("\x1b[1m{name}\x1b[0m")
    } else {
        name
    };
    format!(
        "{name} · {} · {size} · \\? for help, \\q to quit",
        loaded.origin
    )
}
