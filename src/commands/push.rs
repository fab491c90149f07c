//! `plangraph push URL`: the current source's graph into a store, through
//! the SPARQL 1.1 Graph Store HTTP Protocol, batch by batch (so that 100×
//! the corpus never sits in memory as one request), the ontology into its
//! own named graph.

use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, Quad};

use crate::cli::{Cli, PushArgs};
use crate::progress::Progress;
use crate::store::GraphStore;

use super::sources;

/// Triples per request.
const BATCH: usize = 50_000;

/// Where the batches go, and how much each graph has been sent.
struct Pusher<'a> {
    store: &'a GraphStore,
    /// The graph the data's default graph goes to (`None`: the store's default graph).
    target: Option<&'a str>,
    replace: bool,
    /// Graphs already sent to (later batches are added, not replacing).
    started: std::collections::BTreeSet<Option<String>>,
    data: usize,
    ontology: usize,
    progress: Progress,
}

impl Pusher<'_> {
    fn send(&mut self, quads: Vec<Quad>) -> anyhow::Result<()> {
        let mut by_graph: std::collections::BTreeMap<Option<String>, Vec<Quad>> =
            Default::default();
        for quad in quads {
            let graph = match &quad.graph_name {
                GraphName::DefaultGraph => self.target.map(str::to_owned),
                GraphName::NamedNode(node) => Some(node.as_str().to_owned()),
                GraphName::BlankNode(node) => {
                    bail!("a quad in the blank graph {node} cannot be pushed")
                }
            };
            by_graph.entry(graph).or_default().push(quad);
        }
        for (graph, quads) in by_graph {
            let ontology = graph.as_deref() == Some(crate::rdf::ONTOLOGY_GRAPH);
            let mut writer = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
            for quad in &quads {
                writer.serialize_triple(quad.as_ref())?;
            }
            // The ontology graph is ours: replaced on every push.
            let replace = (self.replace || ontology) && !self.started.contains(&graph);
            self.store
                .send(graph.as_deref(), writer.finish()?, replace)?;
            self.started.insert(graph);
            if ontology {
                self.ontology += quads.len();
            } else {
                self.data += quads.len();
            }
            self.progress
                .set_message(&format!("pushed {} triples", self.data + self.ontology));
        }
        Ok(())
    }
}

pub fn run(cli: &Cli, args: &PushArgs) -> anyhow::Result<()> {
    if cli.sources.endpoint.is_some() {
        bail!("push sends local documents or a saved graph to a store; drop --endpoint");
    }
    let store = GraphStore::new(&args.url, sources::credentials_for(&args.url)?)?;
    let started = Instant::now();
    let mut pusher = Pusher {
        store: &store,
        target: args.graph_name.as_deref(),
        replace: args.replace,
        started: Default::default(),
        data: 0,
        ontology: 0,
        progress: Progress::spinner(&format!("pushing to {}", args.url)),
    };
    if let Some(path) = &cli.sources.graph {
        push_file(path, &mut pusher)?;
    } else {
        let (documents, origin) = sources::read_sources(cli.sources.data.as_deref(), &[])?;
        let stated = sources::stated_jurisdictions(&cli.sources, &[], &documents)?;
        pusher.progress.set_message(&format!("ingesting {origin}"));
        let corpus = sources::ingest_sources_stated(&documents, &stated)?;
        if cli.verbose {
            super::build::report_diagnostics(&corpus, true);
        }
        let mut failure = None;
        crate::rdf::corpus_quads_batched(&corpus, BATCH, &mut |batch| {
            if failure.is_none() {
                failure = pusher.send(batch).err();
            }
        });
        if let Some(e) = failure {
            return Err(e);
        }
    }
    if !pusher
        .started
        .contains(&Some(crate::rdf::ONTOLOGY_GRAPH.to_owned()))
    {
        pusher.send(crate::rdf::ontology_quads().context("the built-in ontology is invalid")?)?;
    }
    let Pusher {
        data,
        ontology,
        progress,
        ..
    } = pusher;
    progress.finish();
    let graph = match &args.graph_name {
        Some(iri) => format!("the graph <{iri}>"),
        None => "the default graph".to_owned(),
    };
    crate::stderr_line!(
        "pushed {data} triples to {graph} and {ontology} of the ontology to <{}> at {} in {:.1} s{}",
        crate::rdf::ONTOLOGY_GRAPH,
        args.url,
        started.elapsed().as_secs_f64(),
        if args.replace { " (replacing what they held)" } else { "" }
    );
    Ok(())
}

/// Streams a saved graph's quads to the store, batch by batch.
fn push_file(path: &Path, pusher: &mut Pusher<'_>) -> anyhow::Result<()> {
    if crate::files::is_hdt(path) {
        anyhow::bail!(
            "push reads RDF text and {} is HDT: save the graph as .nq too (build -o FILE.nq) and push that",
            path.display()
        );
    }
    let format = crate::files::graph_format(path)?;
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot read graph file {}", path.display()))?;
    let mut batch = Vec::with_capacity(BATCH);
    for quad in RdfParser::from_format(format)
        .rename_blank_nodes()
        .for_reader(std::io::BufReader::new(file))
    {
        batch.push(
            quad.with_context(|| format!("{} is not valid {}", path.display(), format.name()))?,
        );
        if batch.len() == BATCH {
            pusher.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))?;
        }
    }
    if !batch.is_empty() {
        pusher.send(batch)?;
    }
    Ok(())
}
