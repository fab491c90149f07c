//! Cytoscape.js JSON writer (`.cyjs`: Cytoscape desktop, cytoscape.js,
//! NetworkX `cytoscape_graph`).
//!
//! Nodes carry `id`, `value` (the id again, which NetworkX uses as the node
//! key), `name` (the label, which Cytoscape shows), every attribute, a
//! `colour` and a `position` from the deterministic layout. JSON object keys
//! come out sorted, so the file is stable.

use std::io::Write;

use serde_json::{json, Map, Value};

use super::layout::{force_directed, LayoutOptions};
use super::{hex_colour, node_colour, ExportGraph};

/// Writes `graph` as Cytoscape.js JSON.
pub fn write(graph: &ExportGraph, out: &mut dyn Write) -> Result<(), serde_json::Error> {
    serde_json::to_writer_pretty(&mut *out, &to_json(graph))?;
    writeln!(out).map_err(serde_json::Error::io)
}

/// The Cytoscape.js document as a JSON value.
pub fn to_json(graph: &ExportGraph) -> Value {
    let positions = force_directed(
        graph.nodes.len(),
        &graph.indexed_edges(),
        &LayoutOptions::default(),
    );
    let nodes: Vec<Value> = graph
        .nodes
        .iter()
        .zip(&positions)
        .map(|(node, &(x, y))| {
            let mut data: Map<String, Value> = node
                .attrs
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect();
            data.insert("id".into(), json!(node.id));
            data.insert("value".into(), json!(node.id));
            data.insert("name".into(), json!(node.label));
            data.insert("label".into(), json!(node.label));
            data.insert("kind".into(), json!(node.kind));
            data.insert("iri".into(), json!(node.iri));
            data.insert("colour".into(), json!(hex_colour(node_colour(node))));
            json!({
                "data": data,
                "position": { "x": (x * 1000.0).round(), "y": (y * 1000.0).round() },
            })
        })
        .collect();
    let edges: Vec<Value> = graph
        .edges
        .iter()
        .enumerate()
        .map(|(i, edge)| {
            let mut data: Map<String, Value> = edge
                .attrs
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect();
            data.insert("id".into(), json!(format!("e{i}")));
            data.insert("source".into(), json!(edge.source));
            data.insert("target".into(), json!(edge.target));
            data.insert(
                "weight".into(),
                super::AttrValue::Double(edge.weight).to_json(),
            );
            if !edge.years.is_empty() {
                data.insert("years".into(), json!(edge.years));
            }
            json!({ "data": data })
        })
        .collect();
    json!({
        "format_version": "1.0",
        "generated_by": "plangraph",
        "data": { "name": graph.name },
        "directed": graph.directed,
        "multigraph": false,
        "elements": { "nodes": nodes, "edges": edges },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample;

    #[test]
    fn nodes_and_edges_have_ids_and_numbers_stay_numbers() {
        let value = to_json(&sample());
        let nodes = value["elements"]["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), 4);
        assert_eq!(value["elements"]["edges"].as_array().unwrap().len(), 4);
        let first = &nodes[0]["data"];
        assert_eq!(first["id"], first["value"]);
        assert!(first["pagerank"].is_f64());
        assert!(first["community"].is_i64());
        assert!(nodes[0]["position"]["x"].is_f64());
    }
}
