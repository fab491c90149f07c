//! GraphML writer with typed keys (Gephi, Cytoscape, yEd, NetworkX).
//!
//! Every attribute column becomes a `<key>` with its `attr.type` (`int`,
//! `double`, `boolean`, `string`), so Gephi and NetworkX read numbers as
//! numbers. `label` and `weight` use the names Gephi maps to its own label
//! and edge weight. Colours and positions are not written here: GraphML has
//! no standard for them (GEXF does).

use std::io::Write;

use super::xml::escape;
use super::{format_f64, AttrType, ExportGraph};

/// Writes `graph` as GraphML.
pub fn write(graph: &ExportGraph, out: &mut dyn Write) -> std::io::Result<()> {
    let node_schema = graph.node_schema();
    let edge_schema = graph.edge_schema();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    // Fixed columns first, then the attribute columns in name order. Key
    // ids are prefixed by their domain so a node and an edge column may
    // share a name.
    let key = |out: &mut dyn Write, domain: &str, name: &str, ty: AttrType| {
        writeln!(
            out,
            r#"  <key id="{}_{}" for="{domain}" attr.name="{}" attr.type="{}"/>"#,
            &domain[..1],
            escape(name),
            escape(name),
            type_name(ty)
        )
    };
    key(out, "node", "label", AttrType::Str)?;
    key(out, "node", "kind", AttrType::Str)?;
    key(out, "node", "iri", AttrType::Str)?;
    for (name, ty) in node_schema.iter().filter(|(n, _)| !is_fixed_node(n)) {
        key(out, "node", name, *ty)?;
    }
    key(out, "edge", "weight", AttrType::Double)?;
    if graph.has_years() {
        key(out, "edge", "years", AttrType::Str)?;
    }
    for (name, ty) in edge_schema.iter().filter(|(n, _)| !is_fixed_edge(n)) {
        key(out, "edge", name, *ty)?;
    }
    let default = if graph.directed {
        "directed"
    } else {
        "undirected"
    };
    // The graph id must be an XML name token; the full name goes in <desc>.
    writeln!(
        out,
        r#"  <graph id="{}" edgedefault="{default}">"#,
        escape(&name_token(&graph.name))
    )?;
    writeln!(out, "    <desc>{}</desc>", escape(&graph.name))?;
    for node in &graph.nodes {
        writeln!(out, r#"    <node id="{}">"#, escape(&node.id))?;
        data(out, "n_label", &node.label)?;
        data(out, "n_kind", &node.kind)?;
        data(out, "n_iri", &node.iri)?;
        for (name, ty) in node_schema.iter().filter(|(n, _)| !is_fixed_node(n)) {
            if let Some(value) = node.attrs.get(name) {
                data(out, &format!("n_{name}"), &value.render(*ty))?;
            }
        }
        writeln!(out, "    </node>")?;
    }
    for (i, edge) in graph.edges.iter().enumerate() {
        writeln!(
            out,
            r#"    <edge id="e{i}" source="{}" target="{}">"#,
            escape(&edge.source),
            escape(&edge.target)
        )?;
        data(out, "e_weight", &format_f64(edge.weight))?;
        if !edge.years.is_empty() {
            let years: Vec<String> = edge.years.iter().map(i32::to_string).collect();
            data(out, "e_years", &years.join(" "))?;
        }
        for (name, ty) in edge_schema.iter().filter(|(n, _)| !is_fixed_edge(n)) {
            if let Some(value) = edge.attrs.get(name) {
                data(out, &format!("e_{name}"), &value.render(*ty))?;
            }
        }
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")?;
    Ok(())
}

/// `co-lead network (year 2022)` → `co-lead_network_year_2022`.
fn name_token(name: &str) -> String {
    let token: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let token = token
        .split('_')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    if token.is_empty() {
        "G".to_owned()
    } else {
        token
    }
}

fn data(out: &mut dyn Write, key: &str, value: &str) -> std::io::Result<()> {
    writeln!(
        out,
        r#"      <data key="{}">{}</data>"#,
        escape(key),
        escape(value)
    )
}

/// Node columns written from the node's own fields; an attribute of the
/// same name would clash with them.
fn is_fixed_node(name: &str) -> bool {
    matches!(name, "label" | "kind" | "iri")
}

fn is_fixed_edge(name: &str) -> bool {
    matches!(name, "weight" | "years")
}

fn type_name(ty: AttrType) -> &'static str {
    match ty {
        AttrType::Bool => "boolean",
        AttrType::Int => "int",
        AttrType::Double => "double",
        AttrType::Str => "string",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample;

    #[test]
    fn keys_are_typed_and_labels_escaped() {
        let mut out = Vec::new();
        write(&sample(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(
            r#"<key id="n_pagerank" for="node" attr.name="pagerank" attr.type="double"/>"#
        ));
        assert!(text.contains(
            r#"<key id="n_community" for="node" attr.name="community" attr.type="int"/>"#
        ));
        assert!(text.contains(
            r#"<data key="n_label">A&amp;B&lt;&quot;x&quot;&gt; \ &apos;q&apos;</data>"#
        ));
        assert!(text.contains(r#"<graph id="co-lead" edgedefault="undirected">"#));
        assert_eq!(
            name_token("co-lead network (year 2022, 省科技厅)"),
            "co-lead_network_year_2022_省科技厅"
        );
        assert_eq!(text.matches("<node ").count(), 4);
        assert_eq!(text.matches("<edge ").count(), 4);
    }
}
