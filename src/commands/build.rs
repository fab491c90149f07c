//! `plangraph build`: ingest, report what was found per document, save.

use std::collections::BTreeSet;
use std::io::Write;
use std::time::Instant;

use crate::cli::{BuildArgs, SourceArgs};
use crate::model::{Corpus, Severity, TaskKind};
use crate::print::table::write_table;

use super::sources::{self, plural};

pub fn run(sources_args: &SourceArgs, args: &BuildArgs, verbose: bool) -> anyhow::Result<()> {
    if sources_args.graph.is_some() {
        anyhow::bail!(
            "build ingests documents; --graph loads a saved graph instead (drop --graph)"
        );
    }
    let started = Instant::now();
    let (sources, origin) = sources::read_sources(sources_args.data.as_deref(), &args.files)?;
    let bytes: usize = sources.iter().map(|s| s.bytes.len()).sum();
    let corpus = sources::ingest_sources(&sources)?;
    let ingested = started.elapsed();
    let store = sources::store_from_corpus(&corpus)?;
    let quads = crate::rdf::corpus_to_quads(&corpus).len();

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    write_report(&mut out, &corpus)?;
    writeln!(
        out,
        "\n{origin}: {:.1} MB → {} triples (ingest {:.0} ms, total {:.0} ms)",
        bytes as f64 / 1e6,
        quads,
        ingested.as_secs_f64() * 1e3,
        started.elapsed().as_secs_f64() * 1e3,
    )?;
    out.flush()?;
    report_diagnostics(&corpus, verbose);

    if let Some(path) = &args.output {
        store.save(path)?;
        eprintln!("saved the graph to {}", path.display());
    }
    Ok(())
}

/// One row per document: plans, tasks, goal paragraphs, attributed tasks,
/// units; then the whole corpus.
pub fn write_report(out: &mut dyn Write, corpus: &Corpus) -> std::io::Result<()> {
    let header: Vec<String> = [
        "document",
        "plans",
        "tasks",
        "goals",
        "attributions",
        "units",
        "diagnostics",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut rows = Vec::new();
    for document in &corpus.documents {
        let name = &document.file_name;
        let plans = corpus
            .plans
            .iter()
            .filter(|p| p.documents.iter().any(|d| d == name))
            .count();
        let in_document: Vec<_> = corpus
            .tasks
            .iter()
            .filter(|t| t.mentions.iter().any(|m| &m.document == name))
            .collect();
        let tasks = in_document
            .iter()
            .filter(|t| t.kind != TaskKind::Paragraph)
            .count();
        let goals = in_document.len() - tasks;
        let attributions: usize = document.attributions;
        let units: BTreeSet<&str> = in_document
            .iter()
            .flat_map(|t| t.responsibilities.iter().map(|r| r.unit.as_str()))
            .collect();
        let diagnostics = corpus
            .diagnostics
            .iter()
            .filter(|d| &d.file == name)
            .count();
        rows.push(vec![
            name.clone(),
            plans.to_string(),
            tasks.to_string(),
            goals.to_string(),
            attributions.to_string(),
            units.len().to_string(),
            diagnostics.to_string(),
        ]);
    }
    let tasks = corpus
        .tasks
        .iter()
        .filter(|t| t.kind != TaskKind::Paragraph)
        .count();
    rows.push(vec![
        "total (duplicates merged)".to_owned(),
        corpus.plans.len().to_string(),
        tasks.to_string(),
        (corpus.tasks.len() - tasks).to_string(),
        corpus
            .documents
            .iter()
            .map(|d| d.attributions)
            .sum::<usize>()
            .to_string(),
        corpus.units.len().to_string(),
        corpus.diagnostics.len().to_string(),
    ]);
    write_table(out, &header, &rows)
}

/// Diagnostics go to stderr: a count by severity, or every one with
/// file:line under --verbose.
pub fn report_diagnostics(corpus: &Corpus, verbose: bool) {
    if corpus.diagnostics.is_empty() {
        return;
    }
    if verbose {
        // In reading order: by file, then line.
        let mut sorted: Vec<_> = corpus.diagnostics.iter().collect();
        sorted.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        for diagnostic in sorted {
            eprintln!("{diagnostic}");
        }
    } else {
        let warnings = corpus
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        let notes = corpus.diagnostics.len() - warnings;
        eprintln!(
            "{} and {} (--verbose lists them with file:line)",
            plural(warnings, "warning"),
            plural(notes, "note"),
        );
    }
}
