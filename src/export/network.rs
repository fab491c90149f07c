//! The analysis networks (co-lead, dependencies) as [`ExportGraph`]s, with
//! each unit's centralities, community and core number and each edge's
//! weights and years, so Gephi can size and colour by them without
//! recomputing.
//!
//! The network and the measures come from `analysis` (the same code and
//! defaults as `plangraph analyze`: Louvain seed 42, resolution 1.0); this
//! module only copies them into the neutral export shape.

use std::collections::BTreeMap;

use petgraph::visit::EdgeRef;

use super::{node_id, AttrValue, ExportEdge, ExportError, ExportGraph, ExportNode};
use crate::analysis::core::core_numbers;
use crate::analysis::graph::WeightedGraph;
use crate::analysis::{centrality, communities, Projection, UnitNetwork};
use crate::analysis::{Filters, NetworkKind};
use crate::store::Backend;

/// The Louvain seed and resolution `analyze communities` uses by default.
pub const SEED: u64 = 42;
pub const RESOLUTION: f64 = 1.0;

/// Loads the projection under `filters`, builds the network of `kind` and
/// measures it.
pub fn network_graph(
    source: &dyn Backend,
    kind: NetworkKind,
    filters: &Filters,
) -> Result<ExportGraph, ExportError> {
    let projection = Projection::load(source, filters)?;
    let mut graph = from_network(&UnitNetwork::build(&projection, kind))?;
    graph.name = network_name(kind, filters);
    Ok(graph)
}

/// The ego network of one unit: the units within `hops` edges of it in
/// the network of `kind` (direction ignored), and the edges among them.
/// Measures (centralities, community, core) are those of the whole
/// network, so the unit keeps its place in the larger picture.
pub fn ego_network(
    source: &dyn Backend,
    kind: NetworkKind,
    filters: &Filters,
    unit: &str,
    hops: usize,
) -> Result<ExportGraph, ExportError> {
    let projection = Projection::load(source, filters)?;
    let centre = &projection.units[projection.find_unit(unit)?];
    let mut graph = from_network(&UnitNetwork::build(&projection, kind))?;
    let centre_id = node_id(&centre.iri);
    if graph.index_of(&centre_id).is_none() {
        return Err(ExportError::NotInNetwork {
            unit: centre.name.clone(),
            network: network_name(kind, filters),
        });
    }
    let mut kept: std::collections::BTreeSet<String> = [centre_id.clone()].into();
    let mut frontier = vec![centre_id];
    for _ in 0..hops {
        let mut next = Vec::new();
        for edge in &graph.edges {
            for (from, to) in [(&edge.source, &edge.target), (&edge.target, &edge.source)] {
                if frontier.contains(from) && !kept.contains(to) {
                    kept.insert(to.clone());
                    next.push(to.clone());
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    graph.nodes.retain(|n| kept.contains(&n.id));
    graph
        .edges
        .retain(|e| kept.contains(&e.source) && kept.contains(&e.target));
    graph.name = format!(
        "{} around {} ({hops} hop{})",
        network_name(kind, filters),
        centre.name,
        if hops == 1 { "" } else { "s" }
    );
    Ok(graph)
}

/// A short name for captions and file headers: the network and the
/// filters that differ from the defaults, e.g. `co-lead network · year 2022
/// · 十大创新`.
pub fn network_name(kind: NetworkKind, filters: &Filters) -> String {
    let mut parts = vec![match kind {
        NetworkKind::CoLead => "co-lead network".to_owned(),
        NetworkKind::Dependencies => "dependencies network (lead → cooperating)".to_owned(),
    }];
    if !filters.year.is_empty() {
        let years: Vec<String> = filters.year.iter().map(i32::to_string).collect();
        parts.push(format!("year {}", years.join(", ")));
    }
    parts.extend(filters.plan_group.iter().cloned());
    parts.extend(filters.plan.iter().map(|p| format!("plan {p}")));
    parts.extend(filters.industry.iter().cloned());
    parts.extend(filters.region.iter().cloned());
    if filters.include_collective {
        parts.push("collective units included".to_owned());
    }
    parts.join(" · ")
}

/// A unit network with its measures as an export graph.
///
/// Node attributes: `led_tasks`, `cooperated_tasks` (int), `collective`
/// (bool), `weighted_degree`, `betweenness`, `pagerank`, `eigenvector`
/// (double), `community`, `core` (int). Edge weight: distinct tasks; edge
/// attributes `tasks` (int), `newman` (double); edge years: the plan years
/// of those tasks.
pub fn from_network(network: &UnitNetwork) -> Result<ExportGraph, ExportError> {
    let centralities = centrality(network);
    let partition = communities(network, SEED, RESOLUTION);
    let cores = core_numbers(&WeightedGraph::from_network(network, |w| w.tasks as f64));
    let ids: Vec<String> = network
        .graph
        .node_weights()
        .map(|unit| node_id(&unit.iri))
        .collect();
    let nodes = network
        .graph
        .node_indices()
        .map(|index| {
            let i = index.index();
            let unit = &network.graph[index];
            let mut attrs = BTreeMap::from([
                (
                    "led_tasks".to_owned(),
                    AttrValue::Int(unit.led_tasks as i64),
                ),
                (
                    "cooperated_tasks".to_owned(),
                    AttrValue::Int(unit.cooperated_tasks as i64),
                ),
                ("collective".to_owned(), AttrValue::Bool(unit.collective)),
            ]);
            if let Some(c) = centralities.get(i) {
                attrs.insert(
                    "weighted_degree".into(),
                    AttrValue::Double(c.weighted_degree),
                );
                attrs.insert("betweenness".into(), AttrValue::Double(c.betweenness));
                attrs.insert("pagerank".into(), AttrValue::Double(c.pagerank));
                attrs.insert("eigenvector".into(), AttrValue::Double(c.eigenvector));
            }
            if let Some(&community) = partition.membership.get(i) {
                attrs.insert("community".into(), AttrValue::Int(community as i64));
            }
            if let Some(&core) = cores.get(i) {
                attrs.insert("core".into(), AttrValue::Int(core as i64));
            }
            ExportNode {
                id: ids[i].clone(),
                iri: unit.iri.clone(),
                label: unit.name.clone(),
                kind: if unit.collective {
                    "collective"
                } else {
                    "unit"
                }
                .into(),
                attrs,
            }
        })
        .collect();
    let edges = network
        .graph
        .edge_references()
        .map(|edge| {
            let weights = edge.weight();
            ExportEdge {
                source: ids[edge.source().index()].clone(),
                target: ids[edge.target().index()].clone(),
                weight: weights.tasks as f64,
                years: weights.years.clone(),
                attrs: BTreeMap::from([
                    ("tasks".to_owned(), AttrValue::Int(weights.tasks as i64)),
                    ("newman".to_owned(), AttrValue::Double(weights.newman)),
                ]),
            }
        })
        .collect();
    let kind = match network.kind {
        NetworkKind::CoLead => "co-lead",
        NetworkKind::Dependencies => "dependencies",
    };
    let mut graph = ExportGraph {
        name: format!("{kind} network ({})", network.filters_description),
        directed: network.kind == NetworkKind::Dependencies,
        nodes,
        edges,
    };
    graph.normalise()?;
    Ok(graph)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_and_weights_travel_with_the_network() {
        let projection = Projection::from_records(&[
            ("t1", Some(2022), vec!["A", "B", "C"], vec!["D"]),
            ("t2", Some(2023), vec!["A", "B"], vec![]),
            ("t3", Some(2024), vec!["C"], vec!["A"]),
        ]);
        let colead = from_network(&UnitNetwork::build(&projection, NetworkKind::CoLead)).unwrap();
        assert!(!colead.directed);
        assert_eq!(colead.nodes.len(), 3);
        assert_eq!(colead.edges.len(), 3);
        let ab = colead
            .edges
            .iter()
            .find(|e| e.weight == 2.0)
            .expect("A and B co-lead two tasks");
        assert_eq!(ab.years, vec![2022, 2023]);
        assert_eq!(ab.attrs["newman"], AttrValue::Double(1.5));
        let a = colead.nodes.iter().find(|n| n.label == "A").unwrap();
        assert_eq!(a.attrs["weighted_degree"], AttrValue::Double(3.0));
        assert_eq!(a.attrs["led_tasks"], AttrValue::Int(2));
        assert!(matches!(a.attrs["community"], AttrValue::Int(_)));
        let deps =
            from_network(&UnitNetwork::build(&projection, NetworkKind::Dependencies)).unwrap();
        assert!(deps.directed);
        assert_eq!(deps.nodes.len(), 4);
        // A→D, B→D, C→D (t1) and C→A (t3).
        assert_eq!(deps.edges.len(), 4);
    }
}
