//! The `dependencies` report: who leads and whom they rely on as
//! cooperating units (lead → cooperating unit, directed).
//!
//! Three tables: the weighted edges, the units most relied on, and the most
//! one-sided pairs (A relies on B far more than B on A).

use std::collections::HashMap;

use petgraph::graph::NodeIndex;
use petgraph::Direction;

use super::projection::{Projection, UnitNetwork};
use super::report::{Cell, Report, Table};
use super::request::NetworkKind;

/// The lead → cooperating unit network, read three ways.
///
/// # Arguments
/// * `projection`: the filtered tasks.
///
/// # Returns
/// * A report with tables `edges` (`lead,cooperating,tasks,share,reverse_tasks,years`;
///   `share` = Σ 1/(leads × cooperating units) over the tasks),
///   `most_relied_on` (units by the number of tasks on which others rely on
///   them) and `one_sided` (pairs by |A→B − B→A|). All sorted by weight, ties
///   by name.
///
/// # Complexity
/// * Time: **O(Σ l·c + E log E)** over tasks with l leads and c cooperating units.
///
/// # Example
/// ```text
/// 省科技厅 ──3──▶ 省财政厅      省财政厅 ──1──▶ 省科技厅
/// one_sided: 省科技厅 → 省财政厅, 3 vs 1, imbalance 0.5
/// ```
pub fn report(projection: &Projection) -> Report {
    let network = UnitNetwork::build(projection, NetworkKind::Dependencies);
    let graph = &network.graph;
    let mut report = Report::new("dependencies", network.describe());
    report.notes.extend(projection.notes.iter().cloned());
    let name = |n: NodeIndex| network.name(n.index());
    let mut weight_of: HashMap<(NodeIndex, NodeIndex), usize> = HashMap::new();
    for e in graph.edge_indices() {
        if let (Some((a, b)), Some(w)) = (graph.edge_endpoints(e), graph.edge_weight(e)) {
            weight_of.insert((a, b), w.tasks);
        }
    }
    let with_cooperation = projection
        .tasks
        .iter()
        .filter(|t| !t.leads.is_empty() && !t.cooperating.is_empty())
        .count();
    report.figures = vec![
        ("tasks".to_owned(), Cell::int(projection.tasks.len())),
        (
            "tasks_with_cooperating_units".to_owned(),
            Cell::int(with_cooperation),
        ),
    ];

    let edges = network.edges_by_weight();
    let mut table = Table::new(
        "edges",
        "Lead unit → cooperating unit",
        &[
            "lead",
            "cooperating",
            "tasks",
            "share",
            "reverse_tasks",
            "years",
        ],
    );
    for &(a, b, w) in &edges {
        let years: Vec<String> = w.years.iter().map(i32::to_string).collect();
        table.rows.push(vec![
            Cell::text(name(a)),
            Cell::text(name(b)),
            Cell::int(w.tasks),
            Cell::Float(w.newman, 3),
            Cell::int(weight_of.get(&(b, a)).copied().unwrap_or(0)),
            Cell::text(years.join(" ")),
        ]);
    }
    report.tables.push(table);

    // Units most relied on: weight coming in from other leads.
    let mut relied: Vec<(NodeIndex, usize, usize, usize, usize)> = graph
        .node_indices()
        .map(|n| {
            let incoming: Vec<usize> = graph
                .edges_directed(n, Direction::Incoming)
                .map(|e| e.weight().tasks)
                .collect();
            let outgoing: Vec<usize> = graph
                .edges_directed(n, Direction::Outgoing)
                .map(|e| e.weight().tasks)
                .collect();
            (
                n,
                incoming.iter().sum(),
                incoming.len(),
                outgoing.iter().sum(),
                outgoing.len(),
            )
        })
        .filter(|r| r.1 > 0)
        .collect();
    relied.sort_by(|x, y| {
        y.1.cmp(&x.1)
            .then_with(|| y.2.cmp(&x.2))
            .then_with(|| name(x.0).cmp(name(y.0)))
    });
    let mut table = Table::new(
        "most_relied_on",
        "Units most relied on (weight of incoming edges)",
        &[
            "unit",
            "relied_on_weight",
            "relied_on_by",
            "relies_on_weight",
            "relies_on",
            "cooperated_tasks",
        ],
    );
    for (n, in_weight, in_degree, out_weight, out_degree) in relied {
        table.rows.push(vec![
            Cell::text(name(n)),
            Cell::int(in_weight),
            Cell::int(in_degree),
            Cell::int(out_weight),
            Cell::int(out_degree),
            Cell::int(graph[n].cooperated_tasks),
        ]);
    }
    report.tables.push(table);

    // One-sided pairs: each unordered pair once, from the heavier side.
    let mut pairs: Vec<(NodeIndex, NodeIndex, usize, usize)> = Vec::new();
    for (&(a, b), &ab) in &weight_of {
        let ba = weight_of.get(&(b, a)).copied().unwrap_or(0);
        if ab > ba || (ab == ba && name(a) < name(b)) {
            pairs.push((a, b, ab, ba));
        }
    }
    let imbalance = |ab: usize, ba: usize| (ab - ba) as f64 / (ab + ba) as f64;
    pairs.sort_by(|x, y| {
        (y.2 - y.3)
            .cmp(&(x.2 - x.3))
            .then_with(|| imbalance(y.2, y.3).total_cmp(&imbalance(x.2, x.3)))
            .then_with(|| name(x.0).cmp(name(y.0)))
            .then_with(|| name(x.1).cmp(name(y.1)))
    });
    let mut table = Table::new(
        "one_sided",
        "Most one-sided pairs (imbalance = (a→b − b→a)/(a→b + b→a))",
        &["unit_a", "unit_b", "a_to_b", "b_to_a", "imbalance"],
    );
    for (a, b, ab, ba) in pairs {
        table.rows.push(vec![
            Cell::text(name(a)),
            Cell::text(name(b)),
            Cell::int(ab),
            Cell::int(ba),
            Cell::Float(imbalance(ab, ba), 3),
        ]);
    }
    report.tables.push(table);
    report
}
