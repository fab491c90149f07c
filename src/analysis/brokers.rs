//! Brokers: articulation points (units whose removal splits the network)
//! and bridges (partnerships whose removal does).
//!
//! Both are computed on the undirected view (for the dependencies network a
//! relation in either direction connects two units), with one iterative
//! depth-first search (Hopcroft–Tarjan), so deep networks cannot overflow
//! the stack.

use super::graph::WeightedGraph;
use super::projection::{Projection, UnitNetwork};
use super::report::{Cell, Report, Table};
use super::request::NetworkKind;

/// An articulation point and what its removal does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Articulation {
    pub node: usize,
    /// Number of pieces its connected component falls into without it.
    pub pieces: usize,
    /// Units cut off from the largest remaining piece.
    pub cut_off: usize,
}

/// A bridge and the sizes of the two sides it joins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bridge {
    pub a: usize,
    pub b: usize,
    /// Units on the smaller side.
    pub smaller_side: usize,
}

/// Articulation points and bridges of a graph's undirected view.
///
/// # Arguments
/// * `graph`: any graph; direction is ignored.
///
/// # Returns
/// * Articulation points sorted by node index, and bridges (a < b) sorted
///   by (a, b).
///
/// # Complexity
/// * Time: **O(V + E)**. Space: **O(V)**.
///
/// # Example
/// ```text
/// A─B─C─A  C─D  →  articulation point C (pieces 2, cut off 1); bridge C─D
/// ```
pub fn brokers(graph: &WeightedGraph) -> (Vec<Articulation>, Vec<Bridge>) {
    let graph = graph.to_undirected();
    let n = graph.node_count();
    let neighbours: Vec<Vec<usize>> = (0..n)
        .map(|v| graph.out_edges(v).map(|(w, _)| w).collect())
        .collect();
    const UNSEEN: usize = usize::MAX;
    let mut disc = vec![UNSEEN; n];
    let mut low = vec![0usize; n];
    let mut size = vec![1usize; n];
    let mut parent = vec![UNSEEN; n];
    // For each node: sizes of the child subtrees separated by it.
    let mut separated: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut articulations = Vec::new();
    let mut bridges = Vec::new();
    // Bridges of the current component as (a, b, child endpoint).
    let mut pending: Vec<(usize, usize, usize)> = Vec::new();
    let mut time = 0;
    for root in 0..n {
        if disc[root] != UNSEEN {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        disc[root] = time;
        low[root] = time;
        time += 1;
        let mut component = vec![root];
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&w) = neighbours[v].get(*next) {
                *next += 1;
                if disc[w] == UNSEEN {
                    parent[w] = v;
                    disc[w] = time;
                    low[w] = time;
                    time += 1;
                    component.push(w);
                    stack.push((w, 0));
                } else if w != parent[v] {
                    low[v] = low[v].min(disc[w]);
                }
            } else {
                stack.pop();
                if let Some(&(p, _)) = stack.last() {
                    low[p] = low[p].min(low[v]);
                    size[p] += size[v];
                    if low[v] >= disc[p] {
                        separated[p].push(size[v]);
                    }
                    if low[v] > disc[p] {
                        let (a, b) = if p < v { (p, v) } else { (v, p) };
                        pending.push((a, b, v));
                    }
                }
            }
        }
        let component_size = component.len();
        component.sort_unstable();
        for &v in &component {
            let mut pieces = separated[v].clone();
            if v == root {
                if pieces.len() < 2 {
                    continue;
                }
            } else {
                if pieces.is_empty() {
                    continue;
                }
                let rest = component_size - 1 - pieces.iter().sum::<usize>();
                pieces.push(rest);
            }
            let largest = pieces.iter().copied().max().unwrap_or(0);
            articulations.push(Articulation {
                node: v,
                pieces: pieces.len(),
                cut_off: component_size - 1 - largest,
            });
        }
        for (a, b, child) in pending.drain(..) {
            let below = size[child];
            bridges.push(Bridge {
                a,
                b,
                smaller_side: below.min(component_size - below),
            });
        }
    }
    articulations.sort_by_key(|a| a.node);
    bridges.sort_by_key(|b| (b.a, b.b));
    (articulations, bridges)
}

/// The `brokers` report: articulation points and bridges, most disruptive first.
pub fn report(projection: &Projection, kind: NetworkKind) -> Report {
    let network = UnitNetwork::build(projection, kind);
    let graph = WeightedGraph::from_network(&network, |w| w.tasks as f64);
    let (mut articulations, mut bridges) = brokers(&graph);
    let mut report = Report::new("brokers", network.describe());
    report.notes.extend(projection.notes.iter().cloned());
    report.notes.push(
        "cut_off = units that lose their connection to the largest remaining piece".to_owned(),
    );
    report.figures = vec![
        (
            "articulation_points".to_owned(),
            Cell::int(articulations.len()),
        ),
        ("bridges".to_owned(), Cell::int(bridges.len())),
    ];
    let name = |v: usize| network.name(v);
    articulations.sort_by(|x, y| {
        y.cut_off
            .cmp(&x.cut_off)
            .then_with(|| y.pieces.cmp(&x.pieces))
            .then_with(|| name(x.node).cmp(name(y.node)))
    });
    let mut table = Table::new(
        "articulation_points",
        "Units whose absence splits the network",
        &["unit", "cut_off", "pieces", "led_tasks"],
    );
    for a in &articulations {
        table.rows.push(vec![
            Cell::text(name(a.node)),
            Cell::int(a.cut_off),
            Cell::int(a.pieces),
            Cell::int(network.graph[petgraph::graph::NodeIndex::new(a.node)].led_tasks),
        ]);
    }
    report.tables.push(table);
    bridges.sort_by(|x, y| {
        y.smaller_side
            .cmp(&x.smaller_side)
            .then_with(|| name(x.a).cmp(name(y.a)))
            .then_with(|| name(x.b).cmp(name(y.b)))
    });
    let mut table = Table::new(
        "bridges",
        "Partnerships whose absence splits the network",
        &["unit_a", "unit_b", "smaller_side"],
    );
    for b in &bridges {
        table.rows.push(vec![
            Cell::text(name(b.a)),
            Cell::text(name(b.b)),
            Cell::int(b.smaller_side),
        ]);
    }
    report.tables.push(table);
    report
}
