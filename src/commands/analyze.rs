//! `plangraph analyze NAME` and the REPL's `\analyze NAME …`: load the
//! projection once, run one analysis, render the report.
//!
//! Only glue lives here; the analyses are in `analysis/`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::Parser;

use crate::analysis::{self, report, Analysis, Filters, ReportFormat};
use crate::cli::AnalyzeArgs;
use crate::files::write_atomically;
use crate::store::Backend;

use super::outputs::{refuse_input_as_output, Input};

/// Runs `analyze` and writes the report to `out`, or to files with `-o`.
///
/// With `--format csv` standard output holds one table (the main one, or
/// `--table NAME`), its header on the first line; the header line saying
/// what network was built, and the names of the other tables, go to
/// standard error. `-o FILE` with CSV writes every table to its own
/// `FILE.TABLE.csv`. A file to write that is one of `inputs` is refused
/// before anything is written.
pub fn run(
    source: &dyn Backend,
    args: &AnalyzeArgs,
    inputs: &[Input],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if args.table.is_some() && (args.format != ReportFormat::Csv || args.output.is_some()) {
        bail!("--table picks the CSV table for standard output; it needs --format csv and no -o");
    }
    if args.bom && args.format != ReportFormat::Csv {
        bail!("--bom applies to --format csv");
    }
    if let Some(path) = &args.output {
        crate::files::output_directory(path)?;
        refuse_input_as_output(path, inputs)?;
    }
    let report = analysis::run(
        source,
        &Analysis::from(&args.analysis),
        &Filters::from(&args.filters),
    )
    .with_context(|| format!("analysis '{}' failed", analysis_name(args)))?;
    if let (Some(path), ReportFormat::Csv) = (&args.output, args.format) {
        for (table_path, _) in table_paths(path, &report) {
            refuse_input_as_output(&table_path, inputs)?;
        }
    }
    if args.format == ReportFormat::Csv {
        crate::stderr_line!("{}", report.header());
        for note in &report.notes {
            crate::stderr_line!("# note: {note}");
        }
    }
    let limit = args.top.filter(|&n| n > 0).unwrap_or(usize::MAX);
    match (&args.output, args.format) {
        (Some(path), ReportFormat::Csv) => {
            for (table_path, table) in table_paths(path, &report) {
                let mut bytes = Vec::new();
                if args.bom {
                    bytes.extend_from_slice(crate::print::BOM.as_bytes());
                }
                report::write_csv_table(table, limit, &mut bytes)?;
                write_atomically(&table_path, |w| w.write_all(&bytes))?;
                crate::stderr_line!(
                    "wrote {}: {} rows ({})",
                    table_path.display(),
                    table.rows.len().min(limit),
                    table.title
                );
            }
        }
        (Some(path), format) => {
            let mut bytes = Vec::new();
            report::render(&report, format, args.top, &mut bytes)?;
            write_atomically(path, |w| w.write_all(&bytes))?;
            crate::stderr_line!(
                "wrote {}: {} report, {} tables",
                path.display(),
                analysis_name(args),
                report.tables.len()
            );
        }
        (None, ReportFormat::Csv) => {
            let table = match &args.table {
                None => report.tables.first(),
                Some(name) => Some(report.table(name).with_context(|| {
                    format!(
                        "the {} report has no table '{name}' (its tables: {})",
                        analysis_name(args),
                        table_names(&report)
                    )
                })?),
            };
            if let Some(table) = table {
                if args.bom {
                    out.write_all(crate::print::BOM.as_bytes())?;
                }
                report::write_csv_table(table, limit, out).context("writing the report")?;
                let others: Vec<&str> = report
                    .tables
                    .iter()
                    .map(|t| t.name.as_str())
                    .filter(|name| *name != table.name)
                    .collect();
                if !others.is_empty() {
                    crate::stderr_line!(
                        "# csv: printed table {}; the report also has {} (--table NAME prints one, -o FILE writes each to FILE.NAME.csv)",
                        table.name,
                        others.join(", ")
                    );
                }
            }
        }
        (None, format) => {
            report::render(&report, format, args.top, out).context("writing the report")?
        }
    }
    Ok(())
}

/// `FILE.TABLE.csv` for every table of the report (a trailing `.csv` on
/// FILE dropped).
fn table_paths<'r>(path: &Path, report: &'r report::Report) -> Vec<(PathBuf, &'r report::Table)> {
    let text = path.as_os_str().to_string_lossy();
    let stem = text.strip_suffix(".csv").unwrap_or(&text);
    report
        .tables
        .iter()
        .map(|table| (PathBuf::from(format!("{stem}.{}.csv", table.name)), table))
        .collect()
}

fn table_names(report: &report::Report) -> String {
    report
        .tables
        .iter()
        .map(|t| t.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
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
    source: &dyn Backend,
    words: &[String],
    inputs: &[Input],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let parsed =
        AnalyzeWords::try_parse_from(words).map_err(|e| anyhow::anyhow!("{}", e.render()))?;
    run(source, &parsed.args, inputs, out)
}

fn analysis_name(args: &AnalyzeArgs) -> &'static str {
    Analysis::from(&args.analysis).name()
}
