//! `plangraph build`: ingest, report what was found per document, save.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::time::Instant;

use anyhow::Context;

use crate::cli::{BuildArgs, SourceArgs};
use crate::graph_writer::GraphWriter;
use crate::model::{Corpus, Severity, TaskKind};
use crate::print::table::write_table;

use super::sources::{self, plural};
use crate::progress::Progress;

pub fn run(sources_args: &SourceArgs, args: &BuildArgs, verbose: bool) -> anyhow::Result<()> {
    if sources_args.graph.is_some() {
        anyhow::bail!(
            "build ingests documents; --graph loads a saved graph instead (drop --graph)"
        );
    }
    let started = Instant::now();
    if let Some(path) = &args.output {
        let inputs = super::outputs::source_inputs(sources_args, &args.files);
        super::outputs::refuse_input_as_output(path, &inputs)?;
    }
    // An output file of unknown format is refused before any work.
    let mut graph_file = args
        .output
        .as_deref()
        .map(GraphWriter::for_path)
        .transpose()?;
    let (sources, origin) = sources::read_sources(sources_args.data.as_deref(), &args.files)?;
    let stated = sources::stated_jurisdictions(sources_args, &args.files, &sources)?;
    let bytes: usize = sources.iter().map(|s| s.bytes.len()).sum();
    let progress = Progress::spinner(&format!("ingesting {origin}"));
    let corpus = sources::ingest_sources_stated(&sources, &stated)?;
    drop(sources);
    let ingested = started.elapsed();

    // The report and the saved file need the quads, not a store: inserting
    // them into oxigraph would be most of the time (BENCHMARKS.md).
    progress.set_message("building the graph");
    let ontology = crate::rdf::ontology_quads().context("the built-in ontology is invalid")?;
    let quads = match graph_file.as_mut() {
        Some(file) => {
            crate::rdf::corpus_quads_batched(&corpus, crate::store::QUAD_BATCH, &mut |batch| {
                file.add(batch)
            })
        }
        None => crate::rdf::corpus_quad_count(&corpus),
    };
    progress.finish();

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

    if let (Some(path), Some(mut file)) = (&args.output, graph_file) {
        let progress = Progress::spinner(&format!("saving the graph to {}", path.display()));
        file.add(ontology);
        file.write(path)?;
        progress.finish();
        crate::stderr_line!("saved the graph to {}", path.display());
    }
    super::exit_without_freeing(corpus);
    Ok(())
}

/// One row per document: plans, tasks, how many of them name a unit, goal
/// paragraphs, attributions, units; then the whole corpus. A document whose
/// tasks name no unit shows it at once (`with units` is 0).
pub fn write_report(out: &mut dyn Write, corpus: &Corpus) -> std::io::Result<()> {
    let header: Vec<String> = [
        "document",
        "plans",
        "tasks",
        "with units",
        "goals",
        "attributions",
        "units",
        "diagnostics",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // One pass over plans, tasks and diagnostics, not one per document:
    // with hundreds of documents the per-document scans dominated `build`.
    #[derive(Default)]
    struct Counts<'a> {
        plans: usize,
        tasks: usize,
        with_units: usize,
        goals: usize,
        units: BTreeSet<&'a str>,
        diagnostics: usize,
    }
    let mut counts: HashMap<&str, Counts> = corpus
        .documents
        .iter()
        .map(|d| (d.file_name.as_str(), Counts::default()))
        .collect();
    let mut seen: Vec<&str> = Vec::new();
    for plan in &corpus.plans {
        seen.clear();
        for name in &plan.documents {
            if !seen.contains(&name.as_str()) {
                seen.push(name);
                if let Some(c) = counts.get_mut(name.as_str()) {
                    c.plans += 1;
                }
            }
        }
    }
    for task in &corpus.tasks {
        seen.clear();
        for mention in &task.mentions {
            let name = mention.document.as_str();
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
            if let Some(c) = counts.get_mut(name) {
                if task.kind == TaskKind::Paragraph {
                    c.goals += 1;
                } else {
                    c.tasks += 1;
                    if !task.responsibilities.is_empty() {
                        c.with_units += 1;
                    }
                }
                c.units
                    .extend(task.responsibilities.iter().map(|r| r.unit.as_str()));
            }
        }
    }
    for diagnostic in &corpus.diagnostics {
        if let Some(c) = counts.get_mut(diagnostic.file.as_str()) {
            c.diagnostics += 1;
        }
    }
    let mut rows = Vec::new();
    for document in &corpus.documents {
        let name = &document.file_name;
        let c = &counts[name.as_str()];
        rows.push(vec![
            name.clone(),
            c.plans.to_string(),
            c.tasks.to_string(),
            c.with_units.to_string(),
            c.goals.to_string(),
            document.attributions.to_string(),
            c.units.len().to_string(),
            c.diagnostics.to_string(),
        ]);
    }
    let tasks = corpus
        .tasks
        .iter()
        .filter(|t| t.kind != TaskKind::Paragraph)
        .count();
    let with_units = corpus
        .tasks
        .iter()
        .filter(|t| t.kind != TaskKind::Paragraph && !t.responsibilities.is_empty())
        .count();
    rows.push(vec![
        "total (duplicates merged)".to_owned(),
        corpus.plans.len().to_string(),
        tasks.to_string(),
        with_units.to_string(),
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
            crate::stderr_line!("{diagnostic}");
        }
    } else {
        let warnings = corpus
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        let notes = corpus.diagnostics.len() - warnings;
        crate::stderr_line!(
            "{} and {} (--verbose lists them with file:line)",
            plural(warnings, "warning"),
            plural(notes, "note"),
        );
    }
}
