//! Two CSV tables: nodes (id, label, kind, iri, attributes…) and edges
//! (source, target, weight, years, attributes…), as Gephi's spreadsheet
//! import and every data tool read them.
//!
//! RFC 4180 quoting: a field is quoted when it holds a comma, a quote or a
//! line break. Missing attribute values are empty fields.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{format_f64, ExportGraph};

/// Writes the node table.
pub fn write_nodes(graph: &ExportGraph, out: &mut dyn Write) -> std::io::Result<()> {
    let schema: Vec<_> = graph
        .node_schema()
        .into_iter()
        .filter(|(n, _)| !matches!(n.as_str(), "id" | "label" | "kind" | "iri"))
        .collect();
    let mut header = vec!["id".to_owned(), "label".into(), "kind".into(), "iri".into()];
    header.extend(schema.iter().map(|(n, _)| n.clone()));
    row(out, &header)?;
    for node in &graph.nodes {
        let mut fields = vec![
            node.id.clone(),
            node.label.clone(),
            node.kind.clone(),
            node.iri.clone(),
        ];
        fields.extend(
            schema
                .iter()
                .map(|(n, ty)| node.attrs.get(n).map(|v| v.render(*ty)).unwrap_or_default()),
        );
        row(out, &fields)?;
    }
    Ok(())
}

/// Writes the edge table.
pub fn write_edges(graph: &ExportGraph, out: &mut dyn Write) -> std::io::Result<()> {
    let schema: Vec<_> = graph
        .edge_schema()
        .into_iter()
        .filter(|(n, _)| !matches!(n.as_str(), "source" | "target" | "weight" | "years"))
        .collect();
    let mut header = vec![
        "source".to_owned(),
        "target".into(),
        "weight".into(),
        "years".into(),
    ];
    header.extend(schema.iter().map(|(n, _)| n.clone()));
    row(out, &header)?;
    for edge in &graph.edges {
        let years: Vec<String> = edge.years.iter().map(i32::to_string).collect();
        let mut fields = vec![
            edge.source.clone(),
            edge.target.clone(),
            format_f64(edge.weight),
            years.join(" "),
        ];
        fields.extend(
            schema
                .iter()
                .map(|(n, ty)| edge.attrs.get(n).map(|v| v.render(*ty)).unwrap_or_default()),
        );
        row(out, &fields)?;
    }
    Ok(())
}

fn row(out: &mut dyn Write, fields: &[String]) -> std::io::Result<()> {
    let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
    // CRLF would be RFC 4180; LF is what the other tables of plangraph use
    // and every CSV reader accepts.
    writeln!(out, "{}", line.join(","))
}

fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The two files `-o FILE` writes for CSV: `FILE.nodes.csv` and
/// `FILE.edges.csv`, dropping a trailing `.csv`.
pub fn csv_paths(path: &Path) -> (PathBuf, PathBuf) {
    let text = path.as_os_str().to_string_lossy();
    let stem = text.strip_suffix(".csv").unwrap_or(&text);
    (
        PathBuf::from(format!("{stem}.nodes.csv")),
        PathBuf::from(format!("{stem}.edges.csv")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample;

    #[test]
    fn tables_have_one_row_per_node_and_edge() {
        let graph = sample();
        let mut nodes = Vec::new();
        write_nodes(&graph, &mut nodes).unwrap();
        let nodes = String::from_utf8(nodes).unwrap();
        assert_eq!(nodes.lines().count(), 5);
        assert_eq!(
            nodes.lines().next().unwrap(),
            "id,label,kind,iri,community,led_tasks,pagerank"
        );
        let mut edges = Vec::new();
        write_edges(&graph, &mut edges).unwrap();
        let edges = String::from_utf8(edges).unwrap();
        assert_eq!(edges.lines().count(), 5);
        assert!(edges.contains("unit:省发展改革委,unit:省科技厅,3.0,2022 2023,3"));
        assert_eq!(field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
