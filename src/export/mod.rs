//! Exports of subgraphs for visualisation and RDF tools.
//!
//! Every network format renders one neutral [`ExportGraph`] (nodes with
//! typed attributes, weighted edges), so that GraphML, GEXF, DOT,
//! Cytoscape.js, D3, CSV, SVG and HTML all say the same thing about the same
//! graph. The graph is built either from an analysis network
//! ([`network`]) or from RDF triples ([`from_triples`]); RDF slices
//! ([`slices`]) are written as Turtle, N-Triples or JSON-LD by [`rdf`].
//!
//! Output is deterministic: node ids are derived from IRIs ([`node_id`]),
//! nodes and edges are sorted, numbers are printed the same way every time,
//! and the layout of the pictures uses a fixed seed. Two exports of the same
//! graph are byte-identical. Writing files atomically is the caller's job
//! (see `commands::export`); writers only see a `&mut dyn Write`.

pub mod csv;
pub mod cytoscape;
pub mod d3;
pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod html;
pub mod layout;
pub mod network;
pub mod rdf;
pub mod slices;
pub mod svg;
mod triples;
mod xml;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use crate::model::iri::PREFIXES;
use crate::store::StoreError;

pub use triples::from_triples;

/// The export formats: networks (GraphML … HTML) and RDF slices (Turtle, N-Triples, JSON-LD).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// GraphML with typed keys (Gephi, Cytoscape, yEd, NetworkX)
    Graphml,
    /// GEXF 1.3 with attributes, viz colour and size (Gephi)
    Gexf,
    /// Graphviz DOT
    Dot,
    /// Cytoscape.js JSON (Cytoscape desktop, cytoscape.js)
    Cytoscape,
    /// D3 node-link JSON (nodes + links)
    D3,
    /// Two CSV tables: nodes and edges (-o FILE writes FILE.nodes.csv and FILE.edges.csv, dropping a trailing .csv from FILE; without -o both go to stdout, separated by a blank line)
    Csv,
    /// Turtle (RDF slices)
    Ttl,
    /// N-Triples (RDF slices)
    Nt,
    /// JSON-LD (RDF slices)
    Jsonld,
    /// A drawn picture of the network (force-directed layout)
    Svg,
    /// One self-contained interactive page (draggable nodes, tooltips)
    Html,
}

/// Everything that can go wrong while exporting.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Analysis(#[from] crate::analysis::AnalysisError),
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write RDF: {0}")]
    Rdf(String),
    #[error("no unit is called '{0}' (try its canonical name, e.g. 省科技厅, or an alias)")]
    UnknownUnit(String),
    #[error("no plan is called '{0}' (try a title such as 科技研发创新 or an IRI local name such as 2022-科技研发创新)")]
    UnknownPlan(String),
    #[error("'{name}' names {} plans: {}; give one of these IRI local names", .candidates.len(), .candidates.join(", "))]
    AmbiguousPlan {
        name: String,
        candidates: Vec<String>,
    },
    #[error("--format {0} writes RDF, which only the unit, plan and query exports produce; use graphml, gexf, dot, cytoscape, d3, csv, svg or html for a network")]
    NotRdfExport(&'static str),
    #[error("{unit} is not in the {network} (it leads no task there; the dependencies network also holds cooperating units)")]
    NotInNetwork { unit: String, network: String },
    #[error("edge {from} → {to} names a node that is not in the graph")]
    DanglingEdge { from: String, to: String },
    #[error("two nodes share the id '{0}'")]
    DuplicateId(String),
}

/// A typed attribute value; writers keep the type (GraphML `attr.type`,
/// GEXF attribute types, JSON numbers) so tools need not guess.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    Int(i64),
    Double(f64),
    Str(String),
    Bool(bool),
}

/// The type of an attribute column, the same for every node (or edge).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AttrType {
    Bool,
    Int,
    Double,
    Str,
}

impl AttrValue {
    /// The column type this value needs.
    pub fn attr_type(&self) -> AttrType {
        match self {
            AttrValue::Int(_) => AttrType::Int,
            AttrValue::Double(_) => AttrType::Double,
            AttrValue::Str(_) => AttrType::Str,
            AttrValue::Bool(_) => AttrType::Bool,
        }
    }

    /// The value as a number, when it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            AttrValue::Int(i) => Some(*i as f64),
            AttrValue::Double(d) => Some(*d),
            _ => None,
        }
    }

    /// The value as text, rendered for a column of type `column`: an integer
    /// in a double column is printed as a double, everything else plainly.
    pub fn render(&self, column: AttrType) -> String {
        match (self, column) {
            (AttrValue::Int(i), AttrType::Double) => format_f64(*i as f64),
            (AttrValue::Int(i), _) => i.to_string(),
            (AttrValue::Double(d), _) => format_f64(*d),
            (AttrValue::Str(s), _) => s.clone(),
            (AttrValue::Bool(b), _) => b.to_string(),
        }
    }

    /// The value as JSON (a non-finite double becomes `null`).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            AttrValue::Int(i) => serde_json::Value::from(*i),
            AttrValue::Double(d) => serde_json::Number::from_f64(*d)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            AttrValue::Str(s) => serde_json::Value::from(s.as_str()),
            AttrValue::Bool(b) => serde_json::Value::from(*b),
        }
    }
}

/// Prints a double the same way every time: integral values keep one
/// decimal (`3.0`), others at most 6 significant decimals, no exponent.
pub fn format_f64(value: f64) -> String {
    if !value.is_finite() {
        return if value.is_nan() {
            "NaN".into()
        } else if value > 0.0 {
            "INF".into()
        } else {
            "-INF".into()
        };
    }
    if value == value.trunc() && value.abs() < 1e15 {
        return format!("{value:.1}");
    }
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0');
    let text = text.strip_suffix('.').unwrap_or(text);
    if text == "-0" || text == "0" {
        // A tiny non-zero value would otherwise print as an integer.
        return format!("{value:e}");
    }
    text.to_owned()
}

/// One node of an exported network.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportNode {
    /// Stable id derived from the IRI ([`node_id`]).
    pub id: String,
    pub iri: String,
    /// What people read: the unit's short name, the task's title, …
    pub label: String,
    /// `unit`, `collective`, `task`, `plan`, … (lower-case class name).
    pub kind: String,
    pub attrs: BTreeMap<String, AttrValue>,
}

/// One edge of an exported network.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportEdge {
    /// Node ids.
    pub source: String,
    pub target: String,
    pub weight: f64,
    /// Plan years in which the edge holds (for GEXF's timeline); empty
    /// when unknown.
    pub years: Vec<i32>,
    pub attrs: BTreeMap<String, AttrValue>,
}

/// A network ready to be written: nodes sorted by id, edges by
/// (source, target, attributes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportGraph {
    /// A short name (`co-lead`, `dependencies`, `unit 省科技厅`).
    pub name: String,
    pub directed: bool,
    pub nodes: Vec<ExportNode>,
    pub edges: Vec<ExportEdge>,
}

impl ExportGraph {
    /// Sorts nodes and edges and checks that ids are unique and every edge
    /// joins two nodes. Writers assume a normalised graph.
    pub fn normalise(&mut self) -> Result<(), ExportError> {
        self.nodes.sort_by(|a, b| a.id.cmp(&b.id));
        for pair in self.nodes.windows(2) {
            if pair[0].id == pair[1].id {
                return Err(ExportError::DuplicateId(pair[0].id.clone()));
            }
        }
        if !self.directed {
            // An undirected edge is written with the smaller id first, so
            // the same pair always prints the same way.
            for edge in &mut self.edges {
                if edge.source > edge.target {
                    std::mem::swap(&mut edge.source, &mut edge.target);
                }
            }
        }
        for edge in &mut self.edges {
            edge.years.sort_unstable();
            edge.years.dedup();
        }
        self.edges.sort_by(|a, b| {
            (&a.source, &a.target)
                .cmp(&(&b.source, &b.target))
                .then_with(|| format!("{:?}", a.attrs).cmp(&format!("{:?}", b.attrs)))
                .then_with(|| a.weight.total_cmp(&b.weight))
        });
        for edge in &self.edges {
            if self.index_of(&edge.source).is_none() || self.index_of(&edge.target).is_none() {
                return Err(ExportError::DanglingEdge {
                    from: edge.source.clone(),
                    to: edge.target.clone(),
                });
            }
        }
        Ok(())
    }

    /// Position of a node in `nodes` (binary search: nodes are sorted).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.nodes.binary_search_by(|n| n.id.as_str().cmp(id)).ok()
    }

    /// Edges as (source index, target index, weight).
    pub fn indexed_edges(&self) -> Vec<(usize, usize, f64)> {
        self.edges
            .iter()
            .filter_map(|e| {
                Some((
                    self.index_of(&e.source)?,
                    self.index_of(&e.target)?,
                    e.weight,
                ))
            })
            .collect()
    }

    /// Sum of the weights of the edges at each node (in + out when
    /// directed), in node order.
    pub fn strengths(&self) -> Vec<f64> {
        let mut strength = vec![0.0; self.nodes.len()];
        for (s, t, w) in self.indexed_edges() {
            strength[s] += w;
            if t != s {
                strength[t] += w;
            }
        }
        strength
    }

    /// The node attribute columns: name and type, sorted by name.
    pub fn node_schema(&self) -> Vec<(String, AttrType)> {
        schema(self.nodes.iter().map(|n| &n.attrs))
    }

    /// The edge attribute columns: name and type, sorted by name.
    pub fn edge_schema(&self) -> Vec<(String, AttrType)> {
        schema(self.edges.iter().map(|e| &e.attrs))
    }

    /// True when at least one edge carries years (a dynamic network).
    pub fn has_years(&self) -> bool {
        self.edges.iter().any(|e| !e.years.is_empty())
    }
}

/// Column types over many attribute maps: a name that holds ints in one
/// place and doubles in another is a double column; any other mix is text.
fn schema<'a>(
    maps: impl Iterator<Item = &'a BTreeMap<String, AttrValue>>,
) -> Vec<(String, AttrType)> {
    let mut columns: BTreeMap<String, BTreeSet<AttrType>> = BTreeMap::new();
    for map in maps {
        for (name, value) in map {
            columns
                .entry(name.clone())
                .or_default()
                .insert(value.attr_type());
        }
    }
    columns
        .into_iter()
        .map(|(name, types)| {
            let types: Vec<AttrType> = types.into_iter().collect();
            let column = match types.as_slice() {
                [one] => *one,
                [AttrType::Int, AttrType::Double] => AttrType::Double,
                _ => AttrType::Str,
            };
            (name, column)
        })
        .collect()
}

/// A stable, unique node id derived from an IRI.
///
/// IRIs under one of the project's namespaces become `prefix:local`
/// (`unit:省科技厅`), with every character that an XML name token cannot
/// hold written as `_` and two hex digits per UTF-8 byte (`_` itself
/// included, so the mapping stays one-to-one). Other IRIs become `h` and a
/// 64-bit FNV-1a hash of the IRI in hex, which is stable across runs.
pub fn node_id(iri: &str) -> String {
    for (prefix, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            if !local.is_empty() {
                let mut id = format!("{prefix}:");
                for c in local.chars() {
                    if c.is_alphanumeric() || c == '-' || c == '.' {
                        id.push(c);
                    } else {
                        let mut buf = [0u8; 4];
                        for b in c.encode_utf8(&mut buf).bytes() {
                            id.push_str(&format!("_{b:02X}"));
                        }
                    }
                }
                return id;
            }
        }
    }
    format!("h{:016x}", fnv1a(iri.as_bytes()))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A fixed palette for communities (Tableau 10 and two more), so the same
/// community number always gets the same colour in every format.
pub const PALETTE: &[(u8, u8, u8)] = &[
    (0x4E, 0x79, 0xA7),
    (0xF2, 0x8E, 0x2B),
    (0xE1, 0x57, 0x59),
    (0x76, 0xB7, 0xB2),
    (0x59, 0xA1, 0x4F),
    (0xED, 0xC9, 0x48),
    (0xB0, 0x7A, 0xA1),
    (0xFF, 0x9D, 0xA7),
    (0x9C, 0x75, 0x5F),
    (0x4B, 0x3F, 0x72),
    (0x1F, 0x8A, 0x70),
    (0xD3, 0x72, 0x95),
];

/// Grey for nodes without a community.
pub const NO_COMMUNITY: (u8, u8, u8) = (0xA0, 0xA0, 0xA0);

/// A node's colour: its `community` attribute through [`PALETTE`]; a node
/// without one (an RDF slice) is coloured by its kind instead.
pub fn node_colour(node: &ExportNode) -> (u8, u8, u8) {
    match node.attrs.get("community") {
        Some(AttrValue::Int(c)) if *c >= 0 => {
            PALETTE[usize::try_from(*c).unwrap_or(0) % PALETTE.len()]
        }
        _ => match node.kind.as_str() {
            "unit" | "collective" => PALETTE[0],
            "task" | "goal" => PALETTE[1],
            "target" => PALETTE[2],
            "region" => PALETTE[3],
            "plan" => PALETTE[4],
            "industry" => PALETTE[5],
            "responsibility" => PALETTE[6],
            "mention" => PALETTE[7],
            "document" => PALETTE[8],
            _ => NO_COMMUNITY,
        },
    }
}

/// Where a weight sits between the lightest and the heaviest edge, in
/// [0, 1] on a square-root scale (so a few very heavy ties do not make all
/// others hairlines). When every edge weighs the same (an RDF slice) the
/// answer is a thin 0.1, not a thick 1.
pub fn weight_share(weight: f64, weights: &[f64]) -> f64 {
    let min = weights.iter().copied().fold(f64::INFINITY, f64::min);
    let max = weights.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max.is_nan() || min.is_nan() || max <= min || !weight.is_finite() {
        return 0.1;
    }
    ((weight - min) / (max - min)).clamp(0.0, 1.0).sqrt()
}

/// `#rrggbb` for a colour.
pub fn hex_colour((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The short name of a format, as typed after `--format`.
pub fn format_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Graphml => "graphml",
        ExportFormat::Gexf => "gexf",
        ExportFormat::Dot => "dot",
        ExportFormat::Cytoscape => "cytoscape",
        ExportFormat::D3 => "d3",
        ExportFormat::Csv => "csv",
        ExportFormat::Ttl => "ttl",
        ExportFormat::Nt => "nt",
        ExportFormat::Jsonld => "jsonld",
        ExportFormat::Svg => "svg",
        ExportFormat::Html => "html",
    }
}

/// The format a file name asks for, from its extension.
pub fn format_from_path(path: &std::path::Path) -> Option<ExportFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "graphml" => ExportFormat::Graphml,
        "gexf" => ExportFormat::Gexf,
        "dot" | "gv" => ExportFormat::Dot,
        "cyjs" => ExportFormat::Cytoscape,
        "json" => ExportFormat::D3,
        "csv" => ExportFormat::Csv,
        "ttl" => ExportFormat::Ttl,
        "nt" => ExportFormat::Nt,
        "jsonld" => ExportFormat::Jsonld,
        "svg" => ExportFormat::Svg,
        "html" | "htm" => ExportFormat::Html,
        _ => return None,
    })
}

/// True for the RDF formats (ttl, nt, jsonld).
pub fn is_rdf(format: ExportFormat) -> bool {
    matches!(
        format,
        ExportFormat::Ttl | ExportFormat::Nt | ExportFormat::Jsonld
    )
}

/// Writes a network in one of the network formats. CSV writes the node
/// table, a blank line, then the edge table (use [`csv`] for two files).
pub fn write_graph(
    graph: &ExportGraph,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    match format {
        ExportFormat::Graphml => graphml::write(graph, out)?,
        ExportFormat::Gexf => gexf::write(graph, out)?,
        ExportFormat::Dot => dot::write(graph, out)?,
        ExportFormat::Cytoscape => cytoscape::write(graph, out)?,
        ExportFormat::D3 => d3::write(graph, out)?,
        ExportFormat::Csv => {
            csv::write_nodes(graph, out)?;
            writeln!(out)?;
            csv::write_edges(graph, out)?;
        }
        ExportFormat::Svg => svg::write(graph, &svg::SvgOptions::default(), out)?,
        ExportFormat::Html => html::write(graph, out)?,
        ExportFormat::Ttl | ExportFormat::Nt | ExportFormat::Jsonld => {
            return Err(ExportError::NotRdfExport(format_name(format)))
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small undirected network with communities, used by the writers'
    /// unit tests: a triangle a–b–c and a pendant d on c.
    pub(crate) fn sample() -> ExportGraph {
        let node = |local: &str, label: &str, community: i64, pagerank: f64| ExportNode {
            id: node_id(&format!("https://w3id.org/plangraph/id/unit/{local}")),
            iri: format!("https://w3id.org/plangraph/id/unit/{local}"),
            label: label.to_owned(),
            kind: "unit".into(),
            attrs: BTreeMap::from([
                ("community".to_owned(), AttrValue::Int(community)),
                ("pagerank".to_owned(), AttrValue::Double(pagerank)),
                ("led_tasks".to_owned(), AttrValue::Int(3)),
            ]),
        };
        let edge = |s: &str, t: &str, w: f64, years: &[i32]| ExportEdge {
            source: node_id(&format!("https://w3id.org/plangraph/id/unit/{s}")),
            target: node_id(&format!("https://w3id.org/plangraph/id/unit/{t}")),
            weight: w,
            years: years.to_vec(),
            attrs: BTreeMap::from([("tasks".to_owned(), AttrValue::Int(w as i64))]),
        };
        let mut graph = ExportGraph {
            name: "co-lead".into(),
            directed: false,
            nodes: vec![
                node("省科技厅", "省科技厅", 0, 0.3),
                node("省发展改革委", "省发展改革委", 0, 0.3),
                node("省工业和信息化厅", "省工业和信息化厅", 1, 0.25),
                node("A&B<\"x\">", "A&B<\"x\"> \\ 'q'", 1, 0.15),
            ],
            edges: vec![
                edge("省科技厅", "省发展改革委", 3.0, &[2022, 2023]),
                edge("省发展改革委", "省工业和信息化厅", 1.0, &[2024]),
                edge("省工业和信息化厅", "省科技厅", 2.0, &[2022]),
                edge("A&B<\"x\">", "省工业和信息化厅", 1.0, &[]),
            ],
        };
        graph.normalise().expect("sample graph is valid");
        graph
    }

    #[test]
    fn empty_and_one_node_graphs_write_in_every_format() {
        let empty = ExportGraph {
            name: "empty".into(),
            ..ExportGraph::default()
        };
        let mut one = sample();
        one.nodes.truncate(1);
        one.edges.clear();
        for graph in [&empty, &one] {
            for format in [
                ExportFormat::Graphml,
                ExportFormat::Gexf,
                ExportFormat::Dot,
                ExportFormat::Cytoscape,
                ExportFormat::D3,
                ExportFormat::Csv,
                ExportFormat::Svg,
                ExportFormat::Html,
            ] {
                let mut out = Vec::new();
                write_graph(graph, format, &mut out).expect("writes");
                assert!(!out.is_empty(), "{format:?}");
            }
        }
        assert!(matches!(
            write_graph(&empty, ExportFormat::Ttl, &mut Vec::new()),
            Err(ExportError::NotRdfExport("ttl"))
        ));
    }

    #[test]
    fn ids_are_readable_stable_and_xml_safe() {
        assert_eq!(
            node_id("https://w3id.org/plangraph/id/unit/省科技厅"),
            "unit:省科技厅"
        );
        assert_eq!(
            node_id("https://w3id.org/plangraph/id/unit/a_b%20c"),
            "unit:a_5Fb_2520c"
        );
        let other = node_id("http://example.org/x");
        assert_eq!(other, node_id("http://example.org/x"));
        assert!(other.starts_with('h') && other.len() == 17);
        assert_ne!(other, node_id("http://example.org/y"));
    }

    #[test]
    fn doubles_print_the_same_way_every_time() {
        assert_eq!(format_f64(3.0), "3.0");
        assert_eq!(format_f64(0.1234567), "0.123457");
        assert_eq!(format_f64(0.5), "0.5");
        assert_eq!(format_f64(-2.25), "-2.25");
        assert_eq!(format_f64(1e-9), "1e-9");
    }

    #[test]
    fn mixed_int_and_double_columns_become_double() {
        let mut graph = sample();
        graph.nodes[0]
            .attrs
            .insert("led_tasks".into(), AttrValue::Double(2.5));
        graph.nodes[1]
            .attrs
            .insert("kind2".into(), AttrValue::Str("x".into()));
        graph.nodes[2]
            .attrs
            .insert("kind2".into(), AttrValue::Int(1));
        let schema = graph.node_schema();
        assert!(schema.contains(&("led_tasks".into(), AttrType::Double)));
        assert!(schema.contains(&("kind2".into(), AttrType::Str)));
        assert!(schema.contains(&("community".into(), AttrType::Int)));
    }

    #[test]
    fn normalise_sorts_and_rejects_dangling_edges() {
        let graph = sample();
        let ids: Vec<&str> = graph.nodes.iter().map(|n| n.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        assert!(graph.edges.iter().all(|e| e.source <= e.target));
        let mut broken = sample();
        broken.edges[0].target = "unit:nobody".into();
        assert!(matches!(
            broken.normalise(),
            Err(ExportError::DanglingEdge { .. })
        ));
    }
}
