//! `plangraph search TERMS…` and the REPL's `\search TERMS…`: parse the
//! query, search the index of the graph (built once per session), print one
//! row per task.
//!
//! Only glue and printing live here; the search is `crate::search`.

use std::io::Write;

use anyhow::{bail, Context};
use clap::Parser;
use unicode_width::UnicodeWidthStr;

use crate::cli::SearchArgs;
use crate::fulltext::functions::MARKS;
use crate::fulltext::Query;
use crate::search::{self, Hit, IndexCache, SearchFilters, SearchFormat};
use crate::store::Backend;

/// Bold red on a terminal: where a match is in the table's snippet.
const HIGHLIGHT: (&str, &str) = ("\x1b[1;31m", "\x1b[0m");

/// Checks what needs no graph: the query parses, the limit is positive.
pub fn check(args: &SearchArgs) -> anyhow::Result<Query> {
    if args.limit == 0 {
        bail!("--limit must be at least 1 (it is how many tasks to show)");
    }
    Ok(Query::parse(&args.terms.join(" "))?)
}

/// Whether the table's matches are coloured: standard output is a
/// terminal and NO_COLOR is unset or empty.
pub fn color_on_stdout() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// Runs the search and prints the hits to `out`; how many tasks matched in
/// all goes to standard error when the limit cut them.
pub fn run(
    source: &dyn Backend,
    cache: &IndexCache,
    args: &SearchArgs,
    color: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let query = check(args)?;
    let index = cache
        .get(source)
        .context("building the search index failed")?;
    let (hits, total) = search::search(
        &index,
        source,
        &query,
        &SearchFilters::from(args),
        Some(args.limit),
    )?;
    match args.format {
        SearchFormat::Table => write_table(&hits, color, out)?,
        SearchFormat::Csv => write_csv(&hits, out)?,
        SearchFormat::Json => write_json(&hits, out)?,
    }
    if total > hits.len() {
        // After the rows, also where both streams share a terminal.
        out.flush()?;
        crate::stderr_line!(
            "{} of {total} tasks shown, best first (--limit N shows more)",
            hits.len()
        );
    } else if args.format == SearchFormat::Table {
        writeln!(out, "({total} tasks)")?;
    }
    Ok(())
}

/// The words after `\search` in the REPL, parsed as `plangraph search`'s
/// arguments (`氢能 --year 2022 --format csv`).
#[derive(Debug, Parser)]
#[command(name = "\\search", no_binary_name = true, disable_version_flag = true)]
struct SearchWords {
    #[command(flatten)]
    args: SearchArgs,
}

/// Runs `\search …` from the REPL over the session's index. A parse error
/// (or `--help`) is returned as an error whose text is clap's message.
pub fn run_words(
    source: &dyn Backend,
    cache: &IndexCache,
    words: &[String],
    color: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let parsed =
        SearchWords::try_parse_from(words).map_err(|e| anyhow::anyhow!("{}", e.render()))?;
    run(source, cache, &parsed.args, color, out)
}

fn leads(hit: &Hit) -> String {
    hit.lead_units.join("、")
}

fn score(hit: &Hit) -> String {
    format!("{:.3}", hit.score)
}

/// An aligned table; widths from what is seen (colour codes take none).
fn write_table(hits: &[Hit], color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let header = ["task", "plan", "lead_units", "score", "snippet"];
    let rows: Vec<[(String, String); 5]> = hits
        .iter()
        .map(|hit| {
            let plain = |s: String| (s.clone(), s);
            let marked = hit.snippet.marked(MARKS.0, MARKS.1);
            let snippet = if color {
                (
                    hit.snippet.plain(),
                    hit.snippet.marked(HIGHLIGHT.0, HIGHLIGHT.1),
                )
            } else {
                (marked.clone(), marked)
            };
            [
                plain(crate::model::iri::compact(&hit.task)),
                plain(hit.plan.clone()),
                plain(leads(hit)),
                plain(score(hit)),
                snippet,
            ]
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (w, (seen, _)) in widths.iter_mut().zip(row) {
            *w = (*w).max(seen.width());
        }
    }
    let line = |cells: Vec<(&str, &str)>, out: &mut dyn Write| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, ((seen, shown), width)) in cells.into_iter().zip(&widths).enumerate() {
            if i > 0 {
                text.push_str(" │ ");
            }
            let pad = " ".repeat(width.saturating_sub(seen.width()));
            if i == 3 {
                text.push_str(&pad);
                text.push_str(shown);
            } else {
                text.push_str(shown);
                text.push_str(&pad);
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(header.iter().map(|h| (*h, *h)).collect(), out)?;
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("─┼─"))?;
    for row in &rows {
        line(
            row.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect(),
            out,
        )?;
    }
    Ok(())
}

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

fn write_csv(hits: &[Hit], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "task,plan,lead_units,score,snippet")?;
    for hit in hits {
        let cells = [
            hit.task.clone(),
            hit.plan.clone(),
            leads(hit),
            score(hit),
            hit.snippet.marked(MARKS.0, MARKS.1),
        ];
        let cells: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        writeln!(out, "{}", cells.join(","))?;
    }
    Ok(())
}

fn write_json(hits: &[Hit], out: &mut dyn Write) -> std::io::Result<()> {
    let rows: Vec<serde_json::Value> = hits
        .iter()
        .map(|hit| {
            serde_json::json!({
                "task": hit.task,
                "plan": hit.plan,
                "plan_iri": hit.plan_iri,
                "lead_units": hit.lead_units,
                "score": (hit.score * 1000.0).round() / 1000.0,
                "snippet": hit.snippet.marked(MARKS.0, MARKS.1),
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rows)?;
    writeln!(out)
}
