//! `plangraph query`: one SPARQL query, results on stdout.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use anyhow::{bail, Context};

use crate::cli::QueryArgs;
use crate::print::OutputFormat;
use crate::print::{self, PrintOptions};
pub use crate::query_run::{bindings, execute};
use crate::store::{Backend, RunOptions, MAX_TIMEOUT_SECONDS};

/// Runs `text` (read by [`query_text`]) on the loaded graph, with its
/// declared parameters bound to `--param` values or their defaults.
pub fn run(graph: &dyn Backend, text: &str, args: &QueryArgs) -> anyhow::Result<()> {
    let bindings = bindings(graph, text, &args.param)?;
    if args.explain {
        let run_options = RunOptions {
            cancel: None,
            timeout: timeout(args.timeout)?,
        };
        let (failure, plan) = graph.explain(text, &run_options)?;
        print!("{}", crate::inspect::explain::render(&plan));
        if let Some(failure) = failure {
            return Err(failure.into());
        }
        return Ok(());
    }
    let options = PrintOptions {
        format: args.format.unwrap_or(OutputFormat::Table),
        max_rows: None,
        wide: args.wide,
        prefixed: args.prefixed,
        // Every row is written: a closed pipe is noticed by the writes.
        output_gone: None,
    };
    let delimited = matches!(options.format, OutputFormat::Csv | OutputFormat::Tsv);
    if (args.bom || args.prefixed) && !delimited {
        bail!(
            "--{} applies to --format csv or tsv, not {}",
            if args.bom { "bom" } else { "prefixed" },
            options.format.name()
        );
    }
    let run_options = RunOptions {
        cancel: None,
        timeout: timeout(args.timeout)?,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.bom {
        out.write_all(print::BOM.as_bytes())?;
    }
    let printed = execute(
        graph,
        text,
        &bindings,
        &run_options,
        &options,
        args.format.is_some(),
        &mut out,
    )?;
    out.flush()?;
    if options.format == OutputFormat::Table && matches!(printed, print::Printed::Rows(_)) {
        writeln!(out, "({printed})")?;
    }
    Ok(())
}

/// A `--timeout` value in seconds, checked.
pub fn timeout(seconds: Option<f64>) -> anyhow::Result<Option<Duration>> {
    match seconds {
        None => Ok(None),
        Some(s) if s.is_finite() && s > 0.0 && s <= MAX_TIMEOUT_SECONDS => {
            Ok(Some(Duration::from_secs_f64(s)))
        }
        Some(s) if s > MAX_TIMEOUT_SECONDS => bail!(
            "--timeout {s} is too long: the limit is {MAX_TIMEOUT_SECONDS} seconds (leave --timeout out for none)"
        ),
        Some(s) => bail!("--timeout must be a positive number of seconds, not {s}"),
    }
}

/// The query of `plangraph query`: the argument, `-f FILE`, or standard input.
pub fn query_text(args: &QueryArgs) -> anyhow::Result<String> {
    let from_file = args.file.as_ref().filter(|p| p.as_os_str() != "-");
    let text = if let Some(path) = from_file {
        let what = format!("query file {}", path.display());
        let file = std::fs::File::open(path).with_context(|| format!("cannot read {what}"))?;
        crate::bounded_read::read_text(file, crate::bounded_read::MAX_QUERY_BYTES, &what)?
    } else if let Some(query) = args.query.as_deref().filter(|q| *q != "-") {
        query.to_owned()
    } else {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            bail!("no query given: pass it as an argument, with -f FILE, or on standard input");
        }
        crate::bounded_read::read_text(
            stdin.lock(),
            crate::bounded_read::MAX_QUERY_BYTES,
            "the query on standard input",
        )?
    };
    if text.trim().is_empty() {
        bail!("the query is empty");
    }
    Ok(text)
}
