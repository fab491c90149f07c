//! GEXF 1.3 writer (Gephi's own format, read by NetworkX too).
//!
//! Beyond GraphML it carries an attribute schema (`<attributes>` with
//! types), `viz:` colour (by community), size (by weighted degree) and
//! position (from the deterministic [`layout`](super::layout)), so Gephi
//! opens a drawn network. When edges know their plan years the graph is
//! dynamic: each edge gets `<spells>` (one per run of consecutive years) for
//! Gephi's timeline.

use std::io::Write;

use super::layout::{force_directed, LayoutOptions};
use super::xml::escape;
use super::{format_f64, node_colour, AttrType, ExportGraph};

/// Writes `graph` as GEXF 1.3.
pub fn write(graph: &ExportGraph, out: &mut dyn Write) -> std::io::Result<()> {
    let node_schema: Vec<(String, AttrType)> = graph
        .node_schema()
        .into_iter()
        .filter(|(n, _)| n != "label")
        .collect();
    let edge_schema: Vec<(String, AttrType)> = graph
        .edge_schema()
        .into_iter()
        .filter(|(n, _)| n != "weight" && n != "years")
        .collect();
    let positions = force_directed(
        graph.nodes.len(),
        &graph.indexed_edges(),
        &LayoutOptions::default(),
    );
    let strengths = graph.strengths();
    let max_strength = strengths.iter().copied().fold(0.0, f64::max);
    let dynamic = graph.has_years();

    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#
    )?;
    writeln!(out, "  <meta>")?;
    writeln!(out, "    <creator>plangraph</creator>")?;
    writeln!(
        out,
        "    <description>{}</description>",
        escape(&graph.name)
    )?;
    writeln!(out, "  </meta>")?;
    let edge_type = if graph.directed {
        "directed"
    } else {
        "undirected"
    };
    if dynamic {
        writeln!(
            out,
            r#"  <graph defaultedgetype="{edge_type}" mode="dynamic" timeformat="integer" name="{}">"#,
            escape(&graph.name)
        )?;
    } else {
        writeln!(
            out,
            r#"  <graph defaultedgetype="{edge_type}" mode="static" name="{}">"#,
            escape(&graph.name)
        )?;
    }
    writeln!(out, r#"    <attributes class="node" mode="static">"#)?;
    attribute(out, "kind", AttrType::Str)?;
    attribute(out, "iri", AttrType::Str)?;
    for (name, ty) in node_schema
        .iter()
        .filter(|(n, _)| n != "kind" && n != "iri")
    {
        attribute(out, name, *ty)?;
    }
    writeln!(out, "    </attributes>")?;
    writeln!(out, r#"    <attributes class="edge" mode="static">"#)?;
    if dynamic {
        attribute(out, "years", AttrType::Str)?;
    }
    for (name, ty) in &edge_schema {
        attribute(out, name, *ty)?;
    }
    writeln!(out, "    </attributes>")?;

    writeln!(out, "    <nodes>")?;
    for (i, node) in graph.nodes.iter().enumerate() {
        writeln!(
            out,
            r#"      <node id="{}" label="{}">"#,
            escape(&node.id),
            escape(&node.label)
        )?;
        writeln!(out, "        <attvalues>")?;
        attvalue(out, "kind", &node.kind)?;
        attvalue(out, "iri", &node.iri)?;
        for (name, ty) in node_schema
            .iter()
            .filter(|(n, _)| n != "kind" && n != "iri")
        {
            if let Some(value) = node.attrs.get(name) {
                attvalue(out, name, &value.render(*ty))?;
            }
        }
        writeln!(out, "        </attvalues>")?;
        let (r, g, b) = node_colour(node);
        writeln!(
            out,
            r#"        <viz:color r="{r}" g="{g}" b="{b}" a="1.0"/>"#
        )?;
        let size = if max_strength > 0.0 {
            4.0 + 36.0 * (strengths[i] / max_strength).sqrt()
        } else {
            10.0
        };
        writeln!(
            out,
            r#"        <viz:size value="{}"/>"#,
            format_f64(round2(size))
        )?;
        let (x, y) = positions[i];
        writeln!(
            out,
            r#"        <viz:position x="{}" y="{}" z="0.0"/>"#,
            format_f64(round2((x - 0.5) * 1000.0)),
            // Gephi's y axis points up, the layout's down.
            format_f64(round2((0.5 - y) * 1000.0))
        )?;
        writeln!(out, "      </node>")?;
    }
    writeln!(out, "    </nodes>")?;

    writeln!(out, "    <edges>")?;
    for (i, edge) in graph.edges.iter().enumerate() {
        writeln!(
            out,
            r#"      <edge id="{i}" source="{}" target="{}" weight="{}">"#,
            escape(&edge.source),
            escape(&edge.target),
            format_f64(edge.weight)
        )?;
        let has_attrs = (dynamic && !edge.years.is_empty())
            || edge_schema.iter().any(|(n, _)| edge.attrs.contains_key(n));
        if has_attrs {
            writeln!(out, "        <attvalues>")?;
            if dynamic && !edge.years.is_empty() {
                let years: Vec<String> = edge.years.iter().map(i32::to_string).collect();
                attvalue(out, "years", &years.join(" "))?;
            }
            for (name, ty) in &edge_schema {
                if let Some(value) = edge.attrs.get(name) {
                    attvalue(out, name, &value.render(*ty))?;
                }
            }
            writeln!(out, "        </attvalues>")?;
        }
        if dynamic && !edge.years.is_empty() {
            writeln!(out, "        <spells>")?;
            for (start, end) in year_runs(&edge.years) {
                writeln!(out, r#"          <spell start="{start}" end="{end}"/>"#)?;
            }
            writeln!(out, "        </spells>")?;
        }
        writeln!(out, "      </edge>")?;
    }
    writeln!(out, "    </edges>")?;
    writeln!(out, "  </graph>")?;
    writeln!(out, "</gexf>")?;
    Ok(())
}

fn attribute(out: &mut dyn Write, name: &str, ty: AttrType) -> std::io::Result<()> {
    let ty = match ty {
        AttrType::Bool => "boolean",
        AttrType::Int => "integer",
        AttrType::Double => "double",
        AttrType::Str => "string",
    };
    writeln!(
        out,
        r#"      <attribute id="{}" title="{}" type="{ty}"/>"#,
        escape(name),
        escape(name)
    )
}

fn attvalue(out: &mut dyn Write, name: &str, value: &str) -> std::io::Result<()> {
    writeln!(
        out,
        r#"          <attvalue for="{}" value="{}"/>"#,
        escape(name),
        escape(value)
    )
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Sorted years as inclusive runs: 2022, 2023, 2025 → (2022, 2023), (2025, 2025).
fn year_runs(years: &[i32]) -> Vec<(i32, i32)> {
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for &year in years {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == year => *end = year,
            _ => runs.push((year, year)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample;

    #[test]
    fn consecutive_years_form_one_spell() {
        assert_eq!(
            year_runs(&[2022, 2023, 2025]),
            vec![(2022, 2023), (2025, 2025)]
        );
    }

    #[test]
    fn dynamic_edges_carry_spells_and_nodes_viz() {
        let mut out = Vec::new();
        write(&sample(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(r#"mode="dynamic" timeformat="integer""#));
        assert!(text.contains(r#"<spell start="2022" end="2023"/>"#));
        assert!(text.contains(r#"<attribute id="pagerank" title="pagerank" type="double"/>"#));
        assert_eq!(text.matches("<viz:color ").count(), 4);
        assert_eq!(text.matches("<viz:position ").count(), 4);
    }
}
