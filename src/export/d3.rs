//! D3 node-link JSON writer (`nodes` and `links`, as d3-force's
//! `forceLink().id(d => d.id)` expects; NetworkX reads it with
//! `node_link_graph(data, edges="links")`).

use std::io::Write;

use serde_json::{json, Map, Value};

use super::{hex_colour, node_colour, AttrValue, ExportGraph};

/// Writes `graph` as node-link JSON.
pub fn write(graph: &ExportGraph, out: &mut dyn Write) -> Result<(), serde_json::Error> {
    serde_json::to_writer_pretty(&mut *out, &to_json(graph))?;
    writeln!(out).map_err(serde_json::Error::io)
}

/// The node-link document as a JSON value.
pub fn to_json(graph: &ExportGraph) -> Value {
    let nodes: Vec<Value> = graph
        .nodes
        .iter()
        .map(|node| {
            let mut object: Map<String, Value> = node
                .attrs
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect();
            object.insert("id".into(), json!(node.id));
            object.insert("label".into(), json!(node.label));
            object.insert("kind".into(), json!(node.kind));
            object.insert("iri".into(), json!(node.iri));
            object.insert("colour".into(), json!(hex_colour(node_colour(node))));
            Value::Object(object)
        })
        .collect();
    let links: Vec<Value> = graph
        .edges
        .iter()
        .map(|edge| {
            let mut object: Map<String, Value> = edge
                .attrs
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect();
            object.insert("source".into(), json!(edge.source));
            object.insert("target".into(), json!(edge.target));
            object.insert("weight".into(), AttrValue::Double(edge.weight).to_json());
            if !edge.years.is_empty() {
                object.insert("years".into(), json!(edge.years));
            }
            Value::Object(object)
        })
        .collect();
    json!({
        "directed": graph.directed,
        "multigraph": false,
        "graph": { "name": graph.name },
        "nodes": nodes,
        "links": links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample;

    #[test]
    fn links_join_node_ids() {
        let value = to_json(&sample());
        let ids: Vec<&str> = value["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap())
            .collect();
        let links = value["links"].as_array().unwrap();
        assert_eq!(links.len(), 4);
        for link in links {
            assert!(ids.contains(&link["source"].as_str().unwrap()));
            assert!(ids.contains(&link["target"].as_str().unwrap()));
        }
    }
}
