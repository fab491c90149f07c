//! `plangraph export` and the REPL's `\export`: picks the subgraph, the
//! format and the destination, and hands the work to the `export` module.
//!
//! Files are written atomically (rendered in memory, then written through a
//! temporary file and renamed). With no `-o` the export goes to the given
//! writer (standard output). CSV with `-o FILE` writes two files,
//! `FILE.nodes.csv` and `FILE.edges.csv` (a trailing `.csv` on FILE is
//! dropped first); without `-o` both tables go to the writer, separated by
//! a blank line.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context};
use clap::Parser;

use crate::analysis::{Filters, NetworkKind};
use crate::cli::{EgoArgs, ExportArgs, ExportWhat};
use crate::export::csv::csv_paths;
use crate::export::ExportFormat;
use crate::export::{self, csv, format_from_path, format_name, is_rdf, ExportGraph};
use crate::files::write_atomically;
use crate::store::Backend;

/// Runs one export.
///
/// The network exports read `source`'s projection; the RDF slices (unit,
/// plan, query) ask it their queries.
pub fn run(source: &dyn Backend, args: &ExportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let format = choose_format(args)?;
    let (content, size) = render(source, args, format)?;
    match (&args.output, content) {
        (None, Rendered::One(bytes)) => out.write_all(&bytes)?,
        (None, Rendered::Tables { nodes, edges }) => {
            out.write_all(&nodes)?;
            writeln!(out)?;
            out.write_all(&edges)?;
        }
        (Some(path), Rendered::One(bytes)) => {
            write_file(path, &bytes)?;
            crate::stderr_line!("wrote {}: {size}", path.display());
        }
        (Some(path), Rendered::Tables { nodes, edges }) => {
            let (nodes_path, edges_path) = csv_paths(path);
            write_file(&nodes_path, &nodes)?;
            // Half an export is worse than none: the nodes table goes too.
            if let Err(e) = write_file(&edges_path, &edges) {
                let _ = std::fs::remove_file(&nodes_path);
                return Err(e.context(format!(
                    "the export is incomplete, so {} was removed",
                    nodes_path.display()
                )));
            }
            crate::stderr_line!(
                "wrote {} and {}: {size}",
                nodes_path.display(),
                edges_path.display()
            );
        }
    }
    out.flush()?;
    Ok(())
}

/// Runs `\export …` from the REPL: `words` are the arguments after
/// `\export`, parsed exactly like the `export` subcommand's. `\export
/// --help` prints the help to `out`.
pub fn run_words(
    source: &dyn Backend,
    words: &[String],
    inputs: &[super::outputs::Input],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    #[derive(Debug, Parser)]
    #[command(
        name = "\\export",
        disable_version_flag = true,
        about = "Export a subgraph for Gephi, Cytoscape, Graphviz, D3 or RDF tools"
    )]
    struct ExportLine {
        #[command(flatten)]
        args: ExportArgs,
    }
    let line = std::iter::once("\\export".to_owned()).chain(words.iter().cloned());
    match ExportLine::try_parse_from(line) {
        Ok(parsed) => {
            if let Some(path) = &parsed.args.output {
                crate::files::output_directory(path)?;
                super::outputs::refuse_export_output(&parsed.args, inputs)?;
            }
            run(source, &parsed.args, out)
        }
        Err(err)
            if matches!(
                err.kind(),
                clap::error::ErrorKind::DisplayHelp
                    | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            write!(out, "{}", err.render())?;
            Ok(())
        }
        Err(err) => bail!("{}", err.render().to_string().trim_end()),
    }
}

enum Subject {
    Network(NetworkKind, EgoArgs),
    Slice {
        triples: Vec<oxigraph::model::Triple>,
        keep_helpers: bool,
    },
}

enum Rendered {
    One(Vec<u8>),
    Tables { nodes: Vec<u8>, edges: Vec<u8> },
}

/// `--format`, else the output file's extension, else Turtle for RDF
/// slices; a network sent to standard output needs `--format`.
fn choose_format(args: &ExportArgs) -> anyhow::Result<ExportFormat> {
    if let Some(format) = args.format {
        return Ok(format);
    }
    if let Some(path) = &args.output {
        return format_from_path(path).with_context(|| {
            format!(
                "cannot tell the format from {}; add --format (graphml, gexf, dot, cytoscape, d3, csv, ttl, nt, jsonld, svg, html)",
                path.display()
            )
        });
    }
    match args.what {
        ExportWhat::CoLead(_) | ExportWhat::Dependencies(_) => bail!(
            "add --format (graphml, gexf, dot, cytoscape, d3, csv, svg or html) to export a network to standard output"
        ),
        _ => Ok(ExportFormat::Ttl),
    }
}

/// The export's bytes, and its size in words (`100 nodes, 733 edges`,
/// `240 triples`) for the line that names the file written.
fn render(
    input: &dyn Backend,
    args: &ExportArgs,
    format: ExportFormat,
) -> anyhow::Result<(Rendered, String)> {
    // A slice of the graph (triples), or an analysis network. Slices of
    // units and plans lose their helper resources when drawn (see
    // `slices::without_helpers`); a query's result is drawn as it is. No
    // drawing gets nodes for vocabulary terms (`slices::without_vocabulary`).
    let (name, subject) = match &args.what {
        ExportWhat::CoLead(ego) => (
            "co-lead".to_owned(),
            Subject::Network(NetworkKind::CoLead, ego.clone()),
        ),
        ExportWhat::Dependencies(ego) => (
            "dependencies".to_owned(),
            Subject::Network(NetworkKind::Dependencies, ego.clone()),
        ),
        ExportWhat::Unit { name, hops } => (
            format!(
                "unit {name} ({hops} hop{})",
                if *hops == 1 { "" } else { "s" }
            ),
            Subject::Slice {
                triples: export::slices::unit_neighbourhood(input, name, *hops)?,
                keep_helpers: false,
            },
        ),
        ExportWhat::Plan { name } => (
            format!("plan {name}"),
            Subject::Slice {
                triples: export::slices::plan_slice(input, name)?,
                keep_helpers: false,
            },
        ),
        ExportWhat::Query { file } => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read query file {}", file.display()))?;
            let triples = export::slices::query_slice(input, &text)
                .with_context(|| format!("query {} failed", file.display()))?;
            (
                file.display().to_string(),
                Subject::Slice {
                    triples,
                    keep_helpers: true,
                },
            )
        }
    };
    let graph: ExportGraph = match subject {
        Subject::Slice { triples, .. } if is_rdf(format) => {
            let mut bytes = Vec::new();
            export::rdf::write_triples(&triples, format, &mut bytes)?;
            let size = count(triples.len(), "triple");
            return Ok((Rendered::One(bytes), size));
        }
        Subject::Slice {
            triples,
            keep_helpers: true,
        } => export::from_triples(&name, &export::slices::without_vocabulary(&triples))?,
        Subject::Slice { triples, .. } => export::from_triples(
            &name,
            &export::slices::without_vocabulary(&export::slices::without_helpers(&triples)),
        )?,
        Subject::Network(..) if is_rdf(format) => {
            return Err(export::ExportError::NotRdfExport(format_name(format)).into());
        }
        Subject::Network(kind, EgoArgs { unit: None, .. }) => {
            export::network::network_graph(input, kind, &Filters::from(&args.filters))?
        }
        Subject::Network(
            kind,
            EgoArgs {
                unit: Some(unit),
                hops,
            },
        ) => export::network::ego_network(input, kind, &Filters::from(&args.filters), &unit, hops)?,
    };
    let size = format!(
        "{}, {}",
        count(graph.nodes.len(), "node"),
        count(graph.edges.len(), "edge")
    );
    if format == ExportFormat::Csv {
        let (mut nodes, mut edges) = (Vec::new(), Vec::new());
        csv::write_nodes(&graph, &mut nodes)?;
        csv::write_edges(&graph, &mut edges)?;
        return Ok((Rendered::Tables { nodes, edges }, size));
    }
    let mut bytes = Vec::new();
    export::write_graph(&graph, format, &mut bytes)?;
    Ok((Rendered::One(bytes), size))
}

/// `1 node`, `733 edges`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_atomically(path, |w| w.write_all(bytes))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn csv_tables_are_named_after_the_output() {
        assert_eq!(
            csv_paths(Path::new("out/co-lead.csv")),
            (
                PathBuf::from("out/co-lead.nodes.csv"),
                PathBuf::from("out/co-lead.edges.csv")
            )
        );
        assert_eq!(
            csv_paths(Path::new("net")).0,
            PathBuf::from("net.nodes.csv")
        );
    }
}
