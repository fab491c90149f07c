//! The `co-lead` report: pairs of units that lead the same tasks.
//!
//! The network itself is built in [`super::projection`]; this file only
//! orders its edges for reading. Measures on the network live in
//! [`super::centrality`] and the other measure files.

use petgraph::graph::NodeIndex;

use super::projection::{Projection, UnitNetwork};
use super::report::{Cell, Report, Table};
use super::request::NetworkKind;

/// The co-lead pairs, heaviest first.
///
/// # Arguments
/// * `projection`: the filtered tasks.
///
/// # Returns
/// * A report whose main table has one row per pair of units that lead at
///   least one task together: `unit_a,unit_b,tasks,newman,years`, where
///   `tasks` counts distinct tasks (a task printed in two documents counts
///   once) and `newman` is Newman's collaboration weight (a task with k lead
///   units adds 1/(k−1)). Sorted by tasks, then newman (both descending), then
///   names.
///
/// # Complexity
/// * Time: **O(Σ k² + E log E)** over tasks with k lead units.
///
/// # Example
/// ```text
/// task 1: 省科技厅、省财政厅、省发展改革委   → each pair: tasks 1, newman 0.5
/// task 2: 省科技厅、省财政厅                 → 省科技厅–省财政厅: tasks 2, newman 1.5
/// ```
pub fn report(projection: &Projection) -> Report {
    let network = UnitNetwork::build(projection, NetworkKind::CoLead);
    let mut report = Report::new("co-lead", network.describe());
    let shared = projection
        .tasks
        .iter()
        .filter(|t| t.leads.len() >= 2)
        .count();
    let isolated = network
        .graph
        .node_indices()
        .filter(|&n| network.graph.neighbors_undirected(n).next().is_none())
        .count();
    report.figures = vec![
        ("tasks".to_owned(), Cell::int(projection.tasks.len())),
        ("tasks_with_several_leads".to_owned(), Cell::int(shared)),
        ("units_leading_alone".to_owned(), Cell::int(isolated)),
    ];
    report.notes.extend(projection.notes.iter().cloned());
    report.tables.push(pairs_table(&network));
    report
}

/// The edges of a co-lead network as a table, heaviest first.
pub fn pairs_table(network: &UnitNetwork) -> Table {
    let edges = network.edges_by_weight();
    let name = |n: NodeIndex| network.name(n.index());
    let mut table = Table::new(
        "pairs",
        "Units leading the same tasks",
        &["unit_a", "unit_b", "tasks", "newman", "years"],
    );
    for (a, b, w) in edges {
        let years: Vec<String> = w.years.iter().map(i32::to_string).collect();
        table.rows.push(vec![
            Cell::text(name(a)),
            Cell::text(name(b)),
            Cell::int(w.tasks),
            Cell::Float(w.newman, 3),
            Cell::text(years.join(" ")),
        ]);
    }
    table
}
