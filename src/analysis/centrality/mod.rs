//! Centrality of units: weighted degree, betweenness (Brandes), weighted
//! PageRank and eigenvector centrality — each equal to NetworkX's value on the
//! same network (see `tests/it/analysis.rs` for the reference values).
//!
//! petgraph's own `page_rank` ignores edge weights and deviates from the
//! standard formula, and petgraph has no betweenness or eigenvector
//! centrality, so all four are implemented here over [`WeightedGraph`].
//! The weight of a unit-network edge is its number of distinct tasks.
//!
//! One algorithm per file: `degree`, `betweenness` (Brandes' algorithm) over
//! the arcs `arcs` keeps (those a two-hop detour does not beat), `pagerank`,
//! `eigenvector`. This file holds what they share ([`PathLength`]), the four
//! measures of a node together ([`Centrality`], [`centrality()`]) and the
//! `centrality` report.

mod arcs;
mod betweenness;
mod degree;
mod eigenvector;
mod pagerank;

pub use betweenness::betweenness;
pub use degree::weighted_degree;
pub use eigenvector::eigenvector;
pub use pagerank::{pagerank, ALPHA};

use super::graph::WeightedGraph;
use super::projection::{Projection, UnitNetwork};
use super::report::{Cell, Report, Table};
use super::request::NetworkKind;

/// The four measures of one node.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Centrality {
    /// Sum of the weights (distinct tasks) of the node's edges; in + out for
    /// the directed network (NetworkX `G.degree(weight="weight")`).
    pub weighted_degree: f64,
    /// Brandes betweenness with distance = 1/tasks, normalised as NetworkX
    /// does (`1/((n−1)(n−2))` over ordered pairs).
    pub betweenness: f64,
    /// Weighted PageRank, α = 0.85 (NetworkX `pagerank(G, weight="weight")`).
    pub pagerank: f64,
    /// Weighted eigenvector centrality (NetworkX `eigenvector_centrality(G,
    /// weight="weight")`; in-edges for the directed network).
    pub eigenvector: f64,
}

/// How betweenness measures the length of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathLength {
    /// Every edge has length 1 (NetworkX `weight=None`).
    Hops,
    /// An edge of weight w has length 1/w, so strong ties are short
    /// (NetworkX `weight="distance"` with `distance = 1/weight`).
    InverseWeight,
}

/// The four centralities of every node of a unit network.
///
/// # Arguments
/// * `network`: a co-lead or dependencies network; edge weight = `tasks`.
///
/// # Returns
/// * One [`Centrality`] per node, indexed by node index.
///
/// # Complexity
/// * Time: **O(V·E log V)** for betweenness (Dijkstra from every node,
///   parallel over sources); **O(k·E)** for PageRank and eigenvector with k
///   power iterations. Auxiliary space: **O(V + E)** per thread.
///
/// # Example
/// ```
/// use plangraph::analysis::centrality::centrality;
/// use plangraph::analysis::{EdgeWeights, NetworkKind, UnitNetwork, UnitNode};
///
/// // Three units in a row: 省科技厅 leads one task with each of the others.
/// let mut graph = petgraph::Graph::new();
/// let unit = |name: &str| UnitNode {
///     iri: format!("unit:{name}"),
///     name: name.to_owned(),
///     collective: false,
///     led_tasks: 1,
///     cooperated_tasks: 0,
/// };
/// let a = graph.add_node(unit("省财政厅"));
/// let b = graph.add_node(unit("省科技厅"));
/// let c = graph.add_node(unit("省教育厅"));
/// let one_task = || EdgeWeights { tasks: 1, newman: 1.0, years: vec![2022] };
/// graph.add_edge(a, b, one_task());
/// graph.add_edge(b, c, one_task());
/// let network = UnitNetwork {
///     kind: NetworkKind::CoLead,
///     graph,
///     filters_description: String::new(),
/// };
/// let values = centrality(&network);
/// assert_eq!(values[b.index()].weighted_degree, 2.0);
/// assert_eq!(values[b.index()].betweenness, 1.0);
/// assert!(values[b.index()].pagerank > values[a.index()].pagerank);
/// ```
pub fn centrality(network: &UnitNetwork) -> Vec<Centrality> {
    centrality_and_convergence(network).0
}

/// [`centrality`], and whether the eigenvector iteration converged.
fn centrality_and_convergence(network: &UnitNetwork) -> (Vec<Centrality>, bool) {
    let graph = WeightedGraph::from_network(network, |w| w.tasks as f64);
    let degree = weighted_degree(&graph);
    let betweenness = betweenness(&graph, PathLength::InverseWeight);
    let pagerank = pagerank(&graph, ALPHA);
    let (eigenvector, converged) = eigenvector(&graph);
    let values = (0..graph.node_count())
        .map(|v| Centrality {
            weighted_degree: degree[v],
            betweenness: betweenness[v],
            pagerank: pagerank[v],
            eigenvector: eigenvector[v],
        })
        .collect();
    (values, converged)
}

/// The `centrality` report: one row per unit, by PageRank (ties by name).
pub fn report(projection: &Projection, kind: NetworkKind) -> Report {
    let network = UnitNetwork::build(projection, kind);
    let (values, converged) = centrality_and_convergence(&network);
    let mut report = Report::new("centrality", network.describe());
    report.notes.push(
        "weights = distinct tasks; betweenness uses distance 1/tasks (strong ties are short), \
         normalised as NetworkX; PageRank α = 0.85, weighted"
            .to_owned(),
    );
    if !converged {
        report
            .notes
            .push("eigenvector centrality did not converge; its values are approximate".to_owned());
    }
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        values[b]
            .pagerank
            .total_cmp(&values[a].pagerank)
            .then_with(|| network.name(a).cmp(network.name(b)))
    });
    let mut table = Table::new(
        "centrality",
        "Units by PageRank",
        &[
            "unit",
            "weighted_degree",
            "betweenness",
            "pagerank",
            "eigenvector",
            "led_tasks",
            "cooperated_tasks",
        ],
    );
    for v in order {
        let node = &network.graph[petgraph::graph::NodeIndex::new(v)];
        table.rows.push(vec![
            Cell::text(node.name.clone()),
            Cell::Float(values[v].weighted_degree, 0),
            Cell::Float(values[v].betweenness, 6),
            Cell::Float(values[v].pagerank, 6),
            Cell::Float(values[v].eigenvector, 6),
            Cell::int(node.led_tasks),
            Cell::int(node.cooperated_tasks),
        ]);
    }
    report.tables.push(table);
    report
}
