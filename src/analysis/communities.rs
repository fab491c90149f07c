//! Louvain communities with a fixed seed, and modularity.
//!
//! The algorithm follows NetworkX `louvain_communities` (Blondel et al.
//! 2008): nodes are visited in a seeded random order and moved to the
//! neighbouring community with the best positive modularity gain; the
//! communities are then merged into nodes and the pass repeats while
//! modularity grows by more than 1e-7. The random generator differs from
//! Python's, so partitions differ from NetworkX's for the same seed; tests
//! check modularity values instead. The directed network is partitioned on
//! its undirected view (a→b and b→a weights summed).

use std::collections::BTreeMap;

use super::graph::WeightedGraph;
use super::projection::{Projection, UnitNetwork};
use super::report::{Cell, Report, Table};
use super::request::NetworkKind;

/// A partition of a network's nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Communities {
    /// Community of each node, by node index. Communities are numbered from
    /// 0 by decreasing size, ties by the smallest node index they hold.
    pub membership: Vec<usize>,
    /// Modularity of the partition on the undirected weighted view.
    pub modularity: f64,
}

/// Louvain communities of a unit network (edge weight = distinct tasks).
///
/// # Arguments
/// * `network`: co-lead or dependencies (partitioned undirected).
/// * `seed`: the same seed gives the same partition.
/// * `resolution`: γ; 1.0 is standard modularity, larger gives smaller communities.
///
/// # Returns
/// * Membership by node index and the partition's modularity.
///
/// # Complexity
/// * Time: about **O(E)** per pass, a few passes per level, **O(log V)** levels
///   in practice. Space: **O(V + E)**.
///
/// # Example
/// ```text
/// A─B─C   D─E─F   (with C─D weak)  →  {A,B,C}, {D,E,F}
/// ```
pub fn communities(network: &UnitNetwork, seed: u64, resolution: f64) -> Communities {
    let graph = WeightedGraph::from_network(network, |w| w.tasks as f64).to_undirected();
    louvain(&graph, seed, resolution)
}

/// Louvain on an undirected weighted graph (a directed one is made undirected).
pub fn louvain(graph: &WeightedGraph, seed: u64, resolution: f64) -> Communities {
    let graph = graph.to_undirected();
    let n = graph.node_count();
    let mut membership: Vec<usize> = (0..n).collect();
    // The current level: nodes are communities of the previous level.
    let mut level = Level::from_graph(&graph);
    let total_weight = level.total_weight();
    if n == 0 || total_weight <= 0.0 {
        return finish(&graph, membership, resolution);
    }
    let mut rng = SplitMix64(seed);
    let mut current_q = modularity(&graph, &membership, resolution);
    for _ in 0..64 {
        let (assignment, moved) = level.one_pass(total_weight, resolution, &mut rng);
        if !moved {
            break;
        }
        // Renumber the level's communities 0..k in order of first appearance.
        let mut renumber: BTreeMap<usize, usize> = BTreeMap::new();
        for &c in &assignment {
            let next = renumber.len();
            renumber.entry(c).or_insert(next);
        }
        let assignment: Vec<usize> = assignment.iter().map(|c| renumber[c]).collect();
        let candidate: Vec<usize> = membership.iter().map(|&m| assignment[m]).collect();
        let q = modularity(&graph, &candidate, resolution);
        membership = candidate;
        if q - current_q <= 1e-7 {
            break;
        }
        current_q = q;
        level = level.aggregate(&assignment, renumber.len());
    }
    finish(&graph, membership, resolution)
}

/// Renumbers communities by size and computes the final modularity.
fn finish(graph: &WeightedGraph, membership: Vec<usize>, resolution: f64) -> Communities {
    let mut sizes: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (v, &c) in membership.iter().enumerate() {
        let entry = sizes.entry(c).or_insert((0, v));
        entry.0 += 1;
    }
    let mut order: Vec<(usize, usize, usize)> = sizes
        .iter()
        .map(|(&c, &(size, first))| (c, size, first))
        .collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let rank: BTreeMap<usize, usize> = order.iter().enumerate().map(|(i, o)| (o.0, i)).collect();
    let membership: Vec<usize> = membership.iter().map(|c| rank[c]).collect();
    let modularity = modularity(graph, &membership, resolution);
    Communities {
        membership,
        modularity,
    }
}

/// Modularity of a partition, as NetworkX `community.modularity(G, …,
/// weight="weight", resolution=γ)`: Σ_c [ L_c/m − γ (d_c / 2m)² ] for an
/// undirected graph; for a directed one Σ_c [ L_c/m − γ d⁺_c d⁻_c / m² ].
///
/// # Complexity
/// * Time: **O(V + E)**.
pub fn modularity(graph: &WeightedGraph, membership: &[usize], resolution: f64) -> f64 {
    let n = graph.node_count();
    let k = membership.iter().copied().max().map_or(0, |m| m + 1);
    let mut internal = vec![0.0; k];
    let mut out_degree = vec![0.0; k];
    let mut in_degree = vec![0.0; k];
    let mut arc_weight = 0.0;
    for v in 0..n {
        for (w, weight) in graph.out_edges(v) {
            arc_weight += weight;
            out_degree[membership[v]] += weight;
            in_degree[membership[w]] += weight;
            if membership[v] == membership[w] {
                internal[membership[v]] += weight;
            }
        }
    }
    if arc_weight <= 0.0 {
        return 0.0;
    }
    // Undirected: every edge was seen twice, so arc_weight = 2m and
    // internal = 2·L_c; the formula below then equals NetworkX's.
    let m = arc_weight;
    (0..k)
        .map(|c| internal[c] / m - resolution * out_degree[c] * in_degree[c] / (m * m))
        .sum()
}

/// One level of Louvain: a small weighted graph with self-loops.
struct Level {
    /// Neighbours (excluding self) with weights.
    neighbours: Vec<Vec<(usize, f64)>>,
    /// Weighted degree, a self-loop counting twice.
    degree: Vec<f64>,
    self_loops: Vec<f64>,
}

impl Level {
    fn from_graph(graph: &WeightedGraph) -> Level {
        let n = graph.node_count();
        let neighbours: Vec<Vec<(usize, f64)>> =
            (0..n).map(|v| graph.out_edges(v).collect()).collect();
        let degree = neighbours
            .iter()
            .map(|list| list.iter().map(|(_, w)| w).sum())
            .collect();
        Level {
            neighbours,
            degree,
            self_loops: vec![0.0; n],
        }
    }

    /// m, the total edge weight.
    fn total_weight(&self) -> f64 {
        self.degree.iter().sum::<f64>() / 2.0
    }

    /// Local moves until no node moves; returns each node's community and
    /// whether anything moved.
    fn one_pass(&self, m: f64, resolution: f64, rng: &mut SplitMix64) -> (Vec<usize>, bool) {
        let n = self.neighbours.len();
        let mut community: Vec<usize> = (0..n).collect();
        let mut total: Vec<f64> = self.degree.clone();
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        let mut weight_to: Vec<f64> = vec![0.0; n];
        let mut touched: Vec<usize> = Vec::new();
        let mut improved = false;
        loop {
            let mut moves = 0;
            for &u in &order {
                let own = community[u];
                touched.clear();
                for &(v, w) in &self.neighbours[u] {
                    let c = community[v];
                    if weight_to[c] == 0.0 {
                        touched.push(c);
                    }
                    weight_to[c] += w;
                }
                let degree = self.degree[u];
                total[own] -= degree;
                let remove_cost =
                    -weight_to[own] / m + resolution * total[own] * degree / (2.0 * m * m);
                let mut best_gain = 0.0;
                let mut best = own;
                for &c in &touched {
                    let gain = remove_cost + weight_to[c] / m
                        - resolution * total[c] * degree / (2.0 * m * m);
                    if gain > best_gain {
                        best_gain = gain;
                        best = c;
                    }
                }
                total[best] += degree;
                for &c in &touched {
                    weight_to[c] = 0.0;
                }
                if best != own {
                    community[u] = best;
                    moves += 1;
                    improved = true;
                }
            }
            if moves == 0 {
                break;
            }
        }
        (community, improved)
    }

    /// The graph of communities: one node per community, internal weight as
    /// a self-loop.
    fn aggregate(&self, assignment: &[usize], k: usize) -> Level {
        let mut weights: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); k];
        let mut self_loops = vec![0.0; k];
        for (u, list) in self.neighbours.iter().enumerate() {
            let cu = assignment[u];
            self_loops[cu] += self.self_loops[u];
            for &(v, w) in list {
                let cv = assignment[v];
                if cu == cv {
                    // Each internal edge is seen from both ends.
                    self_loops[cu] += w / 2.0;
                } else {
                    *weights[cu].entry(cv).or_insert(0.0) += w;
                }
            }
        }
        let neighbours: Vec<Vec<(usize, f64)>> = weights
            .into_iter()
            .map(|m| m.into_iter().collect())
            .collect();
        let degree = neighbours
            .iter()
            .zip(&self_loops)
            .map(|(list, s)| list.iter().map(|(_, w)| w).sum::<f64>() + 2.0 * s)
            .collect();
        Level {
            neighbours,
            degree,
            self_loops,
        }
    }
}

/// A small, seedable generator (SplitMix64), so that results do not depend
/// on a random-number crate's version.
pub(super) struct SplitMix64(pub(super) u64);

impl SplitMix64 {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fisher–Yates shuffle.
    fn shuffle(&mut self, items: &mut [usize]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// The `communities` report: modularity, and the members of each community.
pub fn report(projection: &Projection, kind: NetworkKind, seed: u64, resolution: f64) -> Report {
    let network = UnitNetwork::build(projection, kind);
    let result = communities(&network, seed, resolution);
    let mut report = Report::new("communities", network.describe());
    report.notes.extend(projection.notes.iter().cloned());
    if kind == NetworkKind::Dependencies {
        report
            .notes
            .push("the directed network is partitioned on its undirected view".to_owned());
    }
    let count = result.membership.iter().copied().max().map_or(0, |m| m + 1);
    report.figures = vec![
        ("modularity".to_owned(), Cell::Float(result.modularity, 6)),
        ("communities".to_owned(), Cell::int(count)),
        (
            "seed".to_owned(),
            Cell::Int(i64::try_from(seed).unwrap_or(i64::MAX)),
        ),
        ("resolution".to_owned(), Cell::Float(resolution, 2)),
    ];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (v, &c) in result.membership.iter().enumerate() {
        members[c].push(v);
    }
    let mut table = Table::new(
        "communities",
        "Communities (largest first; members by led tasks)",
        &["community", "size", "led_tasks", "members"],
    );
    for (c, list) in members.iter_mut().enumerate() {
        list.sort_by(|&a, &b| {
            let (na, nb) = (
                &network.graph[petgraph::graph::NodeIndex::new(a)],
                &network.graph[petgraph::graph::NodeIndex::new(b)],
            );
            nb.led_tasks
                .cmp(&na.led_tasks)
                .then_with(|| na.name.cmp(&nb.name))
        });
        let led: usize = list
            .iter()
            .map(|&v| network.graph[petgraph::graph::NodeIndex::new(v)].led_tasks)
            .sum();
        let names: Vec<&str> = list.iter().map(|&v| network.name(v)).collect();
        table.rows.push(vec![
            Cell::int(c),
            Cell::int(list.len()),
            Cell::int(led),
            Cell::text(names.join("、")),
        ]);
    }
    report.tables.push(table);
    let mut membership = Table::new(
        "membership",
        "Community of each unit",
        &["unit", "community", "led_tasks"],
    );
    for (c, list) in members.iter().enumerate() {
        for &v in list {
            membership.rows.push(vec![
                Cell::text(network.name(v)),
                Cell::int(c),
                Cell::int(network.graph[petgraph::graph::NodeIndex::new(v)].led_tasks),
            ]);
        }
    }
    report.tables.push(membership);
    report
}
