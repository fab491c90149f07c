//! Graphviz DOT writer.
//!
//! Node ids are the stable IRI-derived ids (quoted), labels are escaped, a
//! CJK font is named so Chinese labels render, fill colour follows the
//! community, node width the weighted degree and `penwidth` the edge
//! weight. The graph asks for the `neato` engine with overlap removal: a
//! hierarchical `dot` layout of a dense department network is unreadable.
//! Every other attribute is written as a quoted custom attribute, which
//! Graphviz keeps and pydot/NetworkX read back.

use std::io::Write;

use super::{format_f64, hex_colour, node_colour, AttrValue, ExportGraph};

/// The font asked for; fontconfig falls back to any CJK font it has.
pub const FONT: &str = "Noto Sans CJK SC";

/// Writes `graph` as DOT.
pub fn write(graph: &ExportGraph, out: &mut dyn Write) -> std::io::Result<()> {
    let (keyword, arrow) = if graph.directed {
        ("digraph", "->")
    } else {
        ("graph", "--")
    };
    let strengths = graph.strengths();
    let max_strength = strengths.iter().copied().fold(0.0, f64::max);
    let weights: Vec<f64> = graph.edges.iter().map(|e| e.weight).collect();
    writeln!(out, "{keyword} {} {{", quote(&graph.name))?;
    writeln!(
        out,
        "  graph [charset=\"UTF-8\", layout=neato, overlap=false, outputorder=edgesfirst, fontname={}];",
        quote(FONT)
    )?;
    writeln!(
        out,
        "  node [shape=ellipse, style=filled, color=\"#ffffff\", fontsize=11, fontname={}];",
        quote(FONT)
    )?;
    writeln!(out, "  edge [color=\"#8c8c8c99\"];")?;
    for (i, node) in graph.nodes.iter().enumerate() {
        let mut attrs = vec![
            ("label".to_owned(), quote(&node.label)),
            (
                "fillcolor".to_owned(),
                quote(&hex_colour(node_colour(node))),
            ),
            (
                "fontcolor".to_owned(),
                quote(text_colour(node_colour(node))),
            ),
            ("kind".to_owned(), quote(&node.kind)),
            ("iri".to_owned(), quote(&node.iri)),
            ("tooltip".to_owned(), quote(&node.label)),
        ];
        if max_strength > 0.0 {
            let width = 0.4 + 1.2 * (strengths[i] / max_strength).sqrt();
            attrs.push((
                "width".to_owned(),
                format_f64((width * 100.0).round() / 100.0),
            ));
        }
        attrs.extend(custom(
            &node.attrs,
            &["label", "kind", "iri", "tooltip", "width"],
        ));
        writeln!(out, "  {} [{}];", quote(&node.id), join(&attrs))?;
    }
    for edge in &graph.edges {
        let penwidth = 0.5 + 5.5 * super::weight_share(edge.weight, &weights);
        let mut attrs = vec![
            ("weight".to_owned(), format_f64(edge.weight)),
            (
                "penwidth".to_owned(),
                format_f64((penwidth * 100.0).round() / 100.0),
            ),
        ];
        if !edge.years.is_empty() {
            let years: Vec<String> = edge.years.iter().map(i32::to_string).collect();
            attrs.push(("years".to_owned(), quote(&years.join(" "))));
        }
        attrs.extend(custom(&edge.attrs, &["weight", "penwidth", "years"]));
        writeln!(
            out,
            "  {} {arrow} {} [{}];",
            quote(&edge.source),
            quote(&edge.target),
            join(&attrs)
        )?;
    }
    writeln!(out, "}}")?;
    Ok(())
}

/// Black text on light fills, white on dark ones (relative luminance,
/// sRGB weights, without gamma: close enough to pick a text colour).
fn text_colour((r, g, b): (u8, u8, u8)) -> &'static str {
    let luminance = 0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(b);
    if luminance < 110.0 {
        "#ffffff"
    } else {
        "#1a1a1a"
    }
}

/// Attributes other than the ones written explicitly, with quoted names.
fn custom(
    attrs: &std::collections::BTreeMap<String, AttrValue>,
    reserved: &[&str],
) -> Vec<(String, String)> {
    attrs
        .iter()
        .filter(|(name, _)| !reserved.contains(&name.as_str()))
        .map(|(name, value)| {
            let text = match value {
                AttrValue::Int(i) => i.to_string(),
                AttrValue::Double(d) => format_f64(*d),
                AttrValue::Str(s) => s.clone(),
                AttrValue::Bool(b) => b.to_string(),
            };
            (quote(name), quote(&text))
        })
        .collect()
}

fn join(attrs: &[(String, String)]) -> String {
    attrs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A DOT double-quoted string: `"` and `\` are escaped, line breaks become
/// `\n` (Graphviz's centred line break), other control characters are
/// dropped.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample;

    #[test]
    fn labels_are_escaped_and_ids_quoted() {
        assert_eq!(quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        let mut out = Vec::new();
        write(&sample(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("graph \"co-lead\" {"));
        assert!(text.contains("fontname=\"Noto Sans CJK SC\""));
        assert!(text.contains("label=\"A&B<\\\"x\\\"> \\\\ 'q'\""));
        assert!(
            text.contains("\"unit:省发展改革委\" -- \"unit:省科技厅\" [weight=3.0, penwidth=6.0")
        );
        assert_eq!(text.matches(" -- ").count(), 4);
    }
}
