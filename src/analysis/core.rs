//! k-core numbers: the largest k such that a unit belongs to a subnetwork in
//! which every unit has at least k partners.
//!
//! Same definition as NetworkX `core_number` (weights ignored; for the
//! directed network a unit's degree is in-degree + out-degree).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::graph::WeightedGraph;
use super::projection::{Projection, UnitNetwork};
use super::report::{Cell, Report, Table};
use super::request::NetworkKind;

/// Core number of every node.
///
/// # Arguments
/// * `graph`: directed or undirected; weights are ignored.
///
/// # Returns
/// * The core number of each node, by node index.
///
/// # Complexity
/// * Time: **O((V + E) log V)** (peeling with a lazy binary heap). Space: **O(V)**.
///
/// # Example
/// ```text
/// triangle A–B–C plus pendant C–D   →  A, B, C: 2;  D: 1
/// ```
pub fn core_numbers(graph: &WeightedGraph) -> Vec<usize> {
    let n = graph.node_count();
    let mut degree: Vec<usize> = (0..n)
        .map(|v| {
            let out = graph.out_edges(v).count();
            if graph.is_directed() {
                out + graph.in_edges(v).count()
            } else {
                out
            }
        })
        .collect();
    let mut removed = vec![false; n];
    let mut core = vec![0usize; n];
    let mut heap: BinaryHeap<Reverse<(usize, usize)>> =
        (0..n).map(|v| Reverse((degree[v], v))).collect();
    let mut k = 0;
    while let Some(Reverse((d, v))) = heap.pop() {
        if removed[v] || d != degree[v] {
            continue;
        }
        removed[v] = true;
        k = k.max(d);
        core[v] = k;
        let neighbours = graph
            .out_edges(v)
            .chain(graph.in_edges(v).filter(|_| graph.is_directed()));
        for (w, _) in neighbours {
            if !removed[w] && degree[w] > 0 {
                degree[w] -= 1;
                heap.push(Reverse((degree[w], w)));
            }
        }
    }
    core
}

/// The `core` report: units by core number (then led tasks, then name).
pub fn report(projection: &Projection, kind: NetworkKind) -> Report {
    let network = UnitNetwork::build(projection, kind);
    let graph = WeightedGraph::from_network(&network, |w| w.tasks as f64);
    let core = core_numbers(&graph);
    let mut report = Report::new("core", network.describe());
    report.notes.extend(projection.notes.iter().cloned());
    let max = core.iter().copied().max().unwrap_or(0);
    let innermost = core.iter().filter(|&&c| c == max).count();
    report.figures = vec![
        ("max_core".to_owned(), Cell::int(max)),
        ("units_in_max_core".to_owned(), Cell::int(innermost)),
    ];
    let degree: Vec<usize> = (0..graph.node_count())
        .map(|v| {
            graph.out_edges(v).count()
                + if graph.is_directed() {
                    graph.in_edges(v).count()
                } else {
                    0
                }
        })
        .collect();
    let mut order: Vec<usize> = (0..core.len()).collect();
    let led = |v: usize| network.graph[petgraph::graph::NodeIndex::new(v)].led_tasks;
    order.sort_by(|&a, &b| {
        core[b]
            .cmp(&core[a])
            .then_with(|| led(b).cmp(&led(a)))
            .then_with(|| network.name(a).cmp(network.name(b)))
    });
    let mut table = Table::new(
        "core",
        "Units by core number",
        &["unit", "core", "degree", "led_tasks"],
    );
    for v in order {
        table.rows.push(vec![
            Cell::text(network.name(v)),
            Cell::int(core[v]),
            Cell::int(degree[v]),
            Cell::int(led(v)),
        ]);
    }
    report.tables.push(table);
    report
}
