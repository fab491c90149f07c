//! `plangraph analyze NAME` and the REPL's `\analyze NAME …`: load the
//! projection once, run one analysis, render the report.
//!
//! Only glue lives here; the analyses are in `analysis/`.

use std::io::Write;

use anyhow::Context;
use clap::Parser;

use crate::analysis::{self, report, ProjectionSource};
use crate::cli::{AnalyzeArgs, ReportFormat};
use crate::store::SparqlSource;

/// Runs `analyze` and writes the report to `out`.
///
/// With `--format csv` the output holds only the main table, its header on
/// the first line; the header line saying what network was built then goes
/// to standard error.
pub fn run(
    source: ProjectionSource<'_>,
    args: &AnalyzeArgs,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let report = analysis::run(source, &args.analysis, &args.filters)
        .with_context(|| format!("analysis '{}' failed", analysis_name(args)))?;
    if args.format == ReportFormat::Csv {
        crate::stderr_line!("{}", report.header());
        for note in &report.notes {
            crate::stderr_line!("# note: {note}");
        }
    }
    report::render(&report, args.format, args.top, out).context("writing the report")?;
    Ok(())
}

/// The words after `\analyze` in the REPL, parsed as `plangraph analyze`'s
/// arguments (`co-lead --year 2022 --format csv`).
#[derive(Debug, Parser)]
#[command(name = "\\analyze", no_binary_name = true, disable_version_flag = true)]
struct AnalyzeWords {
    #[command(flatten)]
    args: AnalyzeArgs,
}

/// Runs `\analyze …` from the REPL. A parse error (or `--help`) is returned
/// as an error whose text is clap's message, so the REPL prints it and
/// carries on.
pub fn run_words(
    source: &dyn SparqlSource,
    words: &[String],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let parsed =
        AnalyzeWords::try_parse_from(words).map_err(|e| anyhow::anyhow!("{}", e.render()))?;
    run(ProjectionSource::Graph(source), &parsed.args, out)
}

fn analysis_name(args: &AnalyzeArgs) -> &'static str {
    use crate::cli::Analysis;
    match args.analysis {
        Analysis::CoLead => "co-lead",
        Analysis::Dependencies => "dependencies",
        Analysis::Centrality { .. } => "centrality",
        Analysis::Communities { .. } => "communities",
        Analysis::Core { .. } => "core",
        Analysis::Brokers { .. } => "brokers",
        Analysis::Unit { .. } => "unit",
        Analysis::Compare => "compare",
        Analysis::Concentration => "concentration",
    }
}
