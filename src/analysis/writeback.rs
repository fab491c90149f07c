//! Analysis results as RDF: each unit's centralities and community as
//! triples in a named graph per network, so that SPARQL can `ORDER BY
//! DESC(?pagerank)` or join the results with tasks and plans.
//!
//! Only the quads are built here; inserting them (and clearing an earlier
//! result) is the store's job. The properties are `pg:weightedDegree`,
//! `pg:betweenness`, `pg:pagerank`, `pg:eigenvector` (xsd:double) and
//! `pg:community` (xsd:integer).

use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad};

use super::centrality::Centrality;
use super::communities::Communities;
use super::projection::UnitNetwork;
use crate::cli::NetworkKind;
use crate::model::iri::{ID, PG};

/// The named graph holding the results for one network:
/// `https://w3id.org/plangraph/id/analysis/co-lead` or `…/dependencies`.
pub fn graph_iri(kind: NetworkKind) -> String {
    match kind {
        NetworkKind::CoLead => format!("{ID}analysis/co-lead"),
        NetworkKind::Dependencies => format!("{ID}analysis/dependencies"),
    }
}

/// One quad per unit and measure, in [`graph_iri`]'s graph.
///
/// # Arguments
/// * `network`: the network the values were computed on (gives unit IRIs).
/// * `values`: [`super::centrality()`] of that network, by node index.
/// * `communities`: optionally, [`super::communities()`] of it.
///
/// # Returns
/// * The quads, in node order, then measure order.
///
/// # Complexity
/// * Time and space: **O(V)**.
///
/// # Example
/// ```text
/// GRAPH <…/id/analysis/co-lead> { unit:省科技厅 pg:pagerank "0.083"^^xsd:double ; pg:community 0 }
/// ```
pub fn quads(
    network: &UnitNetwork,
    values: &[Centrality],
    communities: Option<&Communities>,
) -> Vec<Quad> {
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(graph_iri(network.kind)));
    let property = |local: &str| NamedNode::new_unchecked(format!("{PG}{local}"));
    let double = |x: f64| Literal::new_typed_literal(x.to_string(), xsd::DOUBLE);
    let mut out = Vec::with_capacity(values.len() * 5);
    for node in network.graph.node_indices() {
        let Some(value) = values.get(node.index()) else {
            continue;
        };
        let unit = NamedNode::new_unchecked(network.graph[node].iri.clone());
        let measures = [
            ("weightedDegree", value.weighted_degree),
            ("betweenness", value.betweenness),
            ("pagerank", value.pagerank),
            ("eigenvector", value.eigenvector),
        ];
        for (local, x) in measures {
            out.push(Quad::new(
                unit.clone(),
                property(local),
                double(x),
                graph.clone(),
            ));
        }
        if let Some(c) = communities.and_then(|c| c.membership.get(node.index())) {
            out.push(Quad::new(
                unit.clone(),
                property("community"),
                Literal::new_typed_literal(c.to_string(), xsd::INTEGER),
                graph.clone(),
            ));
        }
    }
    out
}
