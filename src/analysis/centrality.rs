//! Centrality of units: weighted degree, betweenness (Brandes), weighted
//! PageRank and eigenvector centrality — each equal to NetworkX's value on the
//! same network (see `tests/it/analysis.rs` for the reference values).
//!
//! petgraph's own `page_rank` ignores edge weights and deviates from the
//! standard formula, and petgraph has no betweenness or eigenvector
//! centrality, so all four are implemented here over [`WeightedGraph`].
//! The weight of a unit-network edge is its number of distinct tasks.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::graph::WeightedGraph;
use super::projection::{Projection, UnitNetwork};
use super::report::{Cell, Report, Table};
use crate::cli::NetworkKind;

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

/// The damping factor used throughout.
pub const ALPHA: f64 = 0.85;

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
pub fn centrality(network: &UnitNetwork) -> Vec<Centrality> {
    let graph = WeightedGraph::from_network(network, |w| w.tasks as f64);
    let degree = weighted_degree(&graph);
    let betweenness = betweenness(&graph, PathLength::InverseWeight);
    let pagerank = pagerank(&graph, ALPHA);
    let (eigenvector, _) = eigenvector(&graph);
    (0..graph.node_count())
        .map(|v| Centrality {
            weighted_degree: degree[v],
            betweenness: betweenness[v],
            pagerank: pagerank[v],
            eigenvector: eigenvector[v],
        })
        .collect()
}

/// Sum of edge weights at each node (in + out when directed).
///
/// # Complexity
/// * Time: **O(V + E)**.
pub fn weighted_degree(graph: &WeightedGraph) -> Vec<f64> {
    (0..graph.node_count())
        .map(|v| {
            let out: f64 = graph.out_edges(v).map(|(_, w)| w).sum();
            if graph.is_directed() {
                out + graph.in_edges(v).map(|(_, w)| w).sum::<f64>()
            } else {
                out
            }
        })
        .collect()
}

/// Sources handled by one parallel work item; fixed so that the order in
/// which partial sums are added, and so the result, does not depend on the
/// number of threads.
const SOURCES_PER_CHUNK: usize = 32;

/// Normalised betweenness centrality (Brandes 2001), as NetworkX
/// `betweenness_centrality(G, normalized=True, weight=…)`.
///
/// # Arguments
/// * `graph`: directed or undirected; paths follow edge direction.
/// * `length`: [`PathLength::Hops`] (breadth-first search) or
///   [`PathLength::InverseWeight`] (Dijkstra with a binary heap).
///
/// # Returns
/// * For each node, the share of shortest paths between other nodes that
///   pass through it, scaled by `1/((n−1)(n−2))` over ordered pairs (which for
///   an undirected graph equals NetworkX's `2/((n−1)(n−2))` over unordered
///   pairs). All zero when n ≤ 2. Equal-length paths are detected by exact
///   floating-point equality of the summed lengths, as in NetworkX.
///
/// # Complexity
/// * Time: **O(V·E)** for hops, **O(V·(E + V) log V)** with weights.
///   Space: **O(V + E)** per worker; no allocation inside the per-source loop.
///
/// # Example
/// ```text
/// a ── b ── c      b lies on the only a–c path: betweenness(b) = 1.0
/// ```
pub fn betweenness(graph: &WeightedGraph, length: PathLength) -> Vec<f64> {
    let n = graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    let sources: Vec<usize> = (0..n).collect();
    let partials: Vec<Vec<f64>> = sources
        .par_chunks(SOURCES_PER_CHUNK)
        .map(|chunk| {
            let mut scratch = Scratch::new(n);
            let mut partial = vec![0.0; n];
            for &s in chunk {
                scratch.single_source(graph, s, length);
                scratch.accumulate(graph, s, length, &mut partial);
            }
            partial
        })
        .collect();
    let mut total = vec![0.0; n];
    for partial in &partials {
        for (t, p) in total.iter_mut().zip(partial) {
            *t += p;
        }
    }
    if n > 2 {
        let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
        for value in &mut total {
            *value *= scale;
        }
    }
    total
}

/// Per-worker buffers of Brandes' algorithm, reused for every source.
struct Scratch {
    /// Nodes in order of non-decreasing distance from the source.
    order: Vec<usize>,
    /// Distance, path count and dependency of every node, side by side so
    /// that one cache line serves all three (the inner loops read them at
    /// random node indices).
    state: Vec<NodeState>,
    heap: BinaryHeap<HeapEntry>,
}

/// Per-source state of one node in Brandes' algorithm.
#[derive(Debug, Clone, Copy)]
struct NodeState {
    dist: f64,
    sigma: f64,
    delta: f64,
}

impl NodeState {
    const UNREACHED: NodeState = NodeState {
        dist: f64::INFINITY,
        sigma: 0.0,
        delta: 0.0,
    };
}

/// A min-heap entry: smaller distance first, then smaller node index.
#[derive(Debug, Clone, Copy, PartialEq)]
struct HeapEntry {
    dist: f64,
    node: usize,
}

impl Eq for HeapEntry {}

impl Ord for HeapEntry {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .dist
            .total_cmp(&self.dist)
            .then_with(|| other.node.cmp(&self.node))
    }
}

impl PartialOrd for HeapEntry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch {
            order: Vec::with_capacity(n),
            state: vec![NodeState::UNREACHED; n],
            heap: BinaryHeap::with_capacity(n),
        }
    }

    /// Shortest-path counts and distances from `s`; fills `order`.
    fn single_source(&mut self, graph: &WeightedGraph, s: usize, length: PathLength) {
        self.order.clear();
        self.state.fill(NodeState::UNREACHED);
        self.state[s].sigma = 1.0;
        self.state[s].dist = 0.0;
        match length {
            PathLength::Hops => {
                // `order` doubles as the FIFO queue: BFS settles nodes in
                // the order it discovers them.
                self.order.push(s);
                let mut head = 0;
                while let Some(&v) = self.order.get(head) {
                    head += 1;
                    let next = self.state[v].dist + 1.0;
                    let sigma_v = self.state[v].sigma;
                    for &w in graph.out_neighbors(v) {
                        let node = &mut self.state[w];
                        if node.dist.is_infinite() {
                            node.dist = next;
                            self.order.push(w);
                        }
                        // A select rather than a branch: whether w is one
                        // step further is unpredictable, and adding 0.0
                        // leaves the sum bit-for-bit unchanged.
                        node.sigma += if node.dist == next { sigma_v } else { 0.0 };
                    }
                }
            }
            PathLength::InverseWeight => {
                self.heap.clear();
                self.heap.push(HeapEntry { dist: 0.0, node: s });
                while let Some(HeapEntry { dist, node: v }) = self.heap.pop() {
                    // A node is pushed again only with a strictly shorter
                    // distance, so an entry longer than the node's distance
                    // is stale, and the entry equal to it comes out once.
                    if dist > self.state[v].dist {
                        continue;
                    }
                    self.order.push(v);
                    for (w, step) in graph.out_lengths(v) {
                        // Settled nodes need no check: their distance is at
                        // most `dist`, below `dist + step` for any step > 0.
                        let candidate = dist + step;
                        if candidate < self.state[w].dist {
                            self.state[w].dist = candidate;
                            self.state[w].sigma = self.state[v].sigma;
                            self.heap.push(HeapEntry {
                                dist: candidate,
                                node: w,
                            });
                        } else if candidate == self.state[w].dist && candidate.is_finite() {
                            // (An edge of weight ≤ 0 has infinite length and
                            // must not add paths to unreached nodes.)
                            self.state[w].sigma += self.state[v].sigma;
                        }
                    }
                }
            }
        }
    }

    /// Adds the dependencies of `s` on every node to `total`. Predecessors
    /// are recognised again from the distances (d(v) + len(v,w) == d(w),
    /// the same sum as in the forward pass), so no lists are kept.
    fn accumulate(
        &mut self,
        graph: &WeightedGraph,
        s: usize,
        length: PathLength,
        total: &mut [f64],
    ) {
        for &w in self.order.iter().rev() {
            let coefficient = (1.0 + self.state[w].delta) / self.state[w].sigma;
            let dist_w = self.state[w].dist;
            match length {
                PathLength::Hops => {
                    let previous = dist_w - 1.0;
                    for &v in graph.in_neighbors(w) {
                        let node = &mut self.state[v];
                        let on_path = node.dist == previous;
                        node.delta += if on_path {
                            node.sigma * coefficient
                        } else {
                            0.0
                        };
                    }
                }
                PathLength::InverseWeight => {
                    for (v, step) in graph.in_lengths(w) {
                        // Unreached nodes have an infinite distance, and
                        // inf + step never equals a finite dist_w.
                        let node = &mut self.state[v];
                        let on_path = node.dist + step == dist_w;
                        node.delta += if on_path {
                            node.sigma * coefficient
                        } else {
                            0.0
                        };
                    }
                }
            }
            if w != s {
                total[w] += self.state[w].delta;
            }
        }
    }
}

/// Weighted PageRank as NetworkX `pagerank(G, alpha, weight="weight")`.
///
/// # Arguments
/// * `graph`: an undirected edge counts in both directions.
/// * `alpha`: damping factor (0.85 usually).
///
/// # Returns
/// * One value per node, summing to 1. A node's rank flows to its successors
///   in proportion to edge weight; dangling nodes spread theirs uniformly;
///   the teleport share is uniform. Iterates until the L1 change is below
///   n·1e-6 — NetworkX's rule, so the values agree with NetworkX's to about
///   1e-9 rather than only to the tolerance (at most 1,000 iterations where
///   NetworkX gives up after 100).
///
/// # Complexity
/// * Time: **O(k·(V + E))** for k iterations. Space: **O(V)**.
pub fn pagerank(graph: &WeightedGraph, alpha: f64) -> Vec<f64> {
    let n = graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    let out_strength: Vec<f64> = (0..n)
        .map(|v| graph.out_edges(v).map(|(_, w)| w).sum())
        .collect();
    let uniform = 1.0 / n as f64;
    let mut x = vec![uniform; n];
    let mut next = vec![0.0; n];
    for _ in 0..1000 {
        let dangling: f64 = (0..n)
            .filter(|&v| out_strength[v] <= 0.0)
            .map(|v| x[v])
            .sum();
        let base = alpha * dangling * uniform + (1.0 - alpha) * uniform;
        next.fill(base);
        for v in 0..n {
            if out_strength[v] > 0.0 {
                let share = alpha * x[v] / out_strength[v];
                for (w, weight) in graph.out_edges(v) {
                    next[w] += share * weight;
                }
            }
        }
        let change: f64 = x.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut x, &mut next);
        if change < n as f64 * TOLERANCE {
            break;
        }
    }
    x
}

/// NetworkX's convergence tolerance for PageRank and eigenvector centrality.
const TOLERANCE: f64 = 1e-6;

/// Weighted eigenvector centrality as NetworkX `eigenvector_centrality(G,
/// weight="weight")`: power iteration on (A + I), Euclidean norm 1.
///
/// # Returns
/// * The values (indexed by node) and whether the iteration converged (L1
///   change below n·1e-12 within 10,000 iterations). NetworkX stops at
///   n·1e-6, which on the karate club leaves node 0 at 0.355483 instead of
///   the eigenvector's 0.355491 (`eigenvector_centrality_numpy`); iterating
///   on gives the true eigenvector, which is what the reference values hold. For a directed graph a
///   node's score comes from its predecessors. On a disconnected graph the
///   components other than the dominant one decay towards zero, as in
///   NetworkX.
///
/// # Complexity
/// * Time: **O(k·(V + E))** for k iterations. Space: **O(V)**.
pub fn eigenvector(graph: &WeightedGraph) -> (Vec<f64>, bool) {
    let n = graph.node_count();
    if n == 0 {
        return (Vec::new(), true);
    }
    let mut x = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..10_000 {
        next.copy_from_slice(&x);
        for (v, &score) in x.iter().enumerate() {
            for (w, weight) in graph.out_edges(v) {
                next[w] += score * weight;
            }
        }
        let norm = next.iter().map(|a| a * a).sum::<f64>().sqrt();
        let norm = if norm > 0.0 { norm } else { 1.0 };
        for value in &mut next {
            *value /= norm;
        }
        let change: f64 = x.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut x, &mut next);
        if change < n as f64 * 1e-12 {
            return (x, true);
        }
    }
    (x, false)
}

/// The `centrality` report: one row per unit, by PageRank (ties by name).
pub fn report(projection: &Projection, kind: NetworkKind) -> Report {
    let network = UnitNetwork::build(projection, kind);
    let values = centrality(&network);
    let graph = WeightedGraph::from_network(&network, |w| w.tasks as f64);
    let (_, converged) = eigenvector(&graph);
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
