//! Turns RDF triples (a slice or a CONSTRUCT result) into an
//! [`ExportGraph`], so a neighbourhood can be drawn in Gephi as well as
//! loaded into an RDF tool.
//!
//! IRIs and blank nodes become nodes; `rdf:type` becomes the node's kind;
//! literal values become typed node attributes named by the compact
//! predicate (`dcterms:title`); every other triple whose object is a node
//! becomes a directed edge of weight 1 carrying its `predicate`.

use std::collections::BTreeMap;

use oxigraph::model::{vocab, NamedOrBlankNode, Term, Triple};

use super::{node_id, AttrValue, ExportEdge, ExportError, ExportGraph, ExportNode};
use crate::model::iri::{compact, PG};

/// Label predicates, best first.
const LABELS: &[&str] = &[
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "https://w3id.org/plangraph/ontology#targetText",
];

/// Builds a directed graph from triples.
pub fn from_triples(name: &str, triples: &[Triple]) -> Result<ExportGraph, ExportError> {
    struct Draft {
        iri: String,
        types: Vec<String>,
        labels: BTreeMap<usize, String>,
        attrs: BTreeMap<String, Vec<AttrValue>>,
    }
    let mut drafts: BTreeMap<String, Draft> = BTreeMap::new();
    let draft = |drafts: &mut BTreeMap<String, Draft>, id: String, iri: String| {
        drafts.entry(id).or_insert_with(|| Draft {
            iri,
            types: Vec::new(),
            labels: BTreeMap::new(),
            attrs: BTreeMap::new(),
        });
    };
    let mut edges = Vec::new();
    for triple in super::rdf::sorted(triples) {
        let (subject_id, subject_iri) = match &triple.subject {
            NamedOrBlankNode::NamedNode(n) => (node_id(n.as_str()), n.as_str().to_owned()),
            NamedOrBlankNode::BlankNode(b) => {
                (format!("_:{}", b.as_str()), format!("_:{}", b.as_str()))
            }
        };
        draft(&mut drafts, subject_id.clone(), subject_iri);
        let predicate = triple.predicate.as_str();
        match &triple.object {
            Term::NamedNode(class) if triple.predicate.as_ref() == vocab::rdf::TYPE => {
                if let Some(d) = drafts.get_mut(&subject_id) {
                    d.types.push(class.as_str().to_owned());
                }
            }
            Term::Literal(literal) => {
                let Some(d) = drafts.get_mut(&subject_id) else {
                    continue;
                };
                if let Some(rank) = LABELS.iter().position(|l| *l == predicate) {
                    // Prefer a Chinese label when a predicate has several.
                    let better = literal.language() == Some("zh") || !d.labels.contains_key(&rank);
                    if better {
                        d.labels.insert(rank, literal.value().to_owned());
                    }
                }
                let value = typed_value(literal.value(), literal.datatype().as_str());
                d.attrs.entry(short(predicate)).or_default().push(value);
            }
            Term::NamedNode(_) | Term::BlankNode(_) => {
                let (object_id, object_iri) = match &triple.object {
                    Term::NamedNode(n) => (node_id(n.as_str()), n.as_str().to_owned()),
                    Term::BlankNode(b) => {
                        (format!("_:{}", b.as_str()), format!("_:{}", b.as_str()))
                    }
                    _ => continue,
                };
                draft(&mut drafts, object_id.clone(), object_iri);
                edges.push(ExportEdge {
                    source: subject_id.clone(),
                    target: object_id,
                    weight: 1.0,
                    years: Vec::new(),
                    attrs: BTreeMap::from([(
                        "predicate".to_owned(),
                        AttrValue::Str(short(predicate)),
                    )]),
                });
            }
            #[allow(unreachable_patterns)]
            _ => {}
        }
    }
    let nodes = drafts
        .into_iter()
        .map(|(id, d)| {
            let label = d
                .labels
                .values()
                .next()
                .cloned()
                .unwrap_or_else(|| local_name(&d.iri));
            let kind = d
                .types
                .iter()
                .find(|t| t.starts_with(PG))
                .or(d.types.first())
                .map(|t| local_name(t).to_lowercase())
                .unwrap_or_else(|| "resource".into());
            let attrs = d
                .attrs
                .into_iter()
                .map(|(k, mut values)| {
                    let value = if values.len() == 1 {
                        values.remove(0)
                    } else {
                        let texts: Vec<String> =
                            values.iter().map(|v| v.render(v.attr_type())).collect();
                        AttrValue::Str(texts.join(" | "))
                    };
                    (k, value)
                })
                .collect();
            ExportNode {
                id,
                iri: d.iri,
                label,
                kind,
                attrs,
            }
        })
        .collect();
    let mut graph = ExportGraph {
        name: name.to_owned(),
        directed: true,
        nodes,
        edges,
    };
    graph.normalise()?;
    Ok(graph)
}

/// `pg:leadUnit` for a predicate IRI (the full IRI when no prefix fits).
fn short(iri: &str) -> String {
    let compacted = compact(iri);
    compacted
        .strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .map(str::to_owned)
        .unwrap_or(compacted)
}

/// The readable end of an IRI, percent-decoded: `…/unit/省科技厅` → `省科技厅`.
fn local_name(iri: &str) -> String {
    let tail = iri
        .rsplit(['/', '#'])
        .find(|s| !s.is_empty())
        .unwrap_or(iri);
    percent_decode(tail)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A literal as a typed attribute: integers, decimals, doubles and booleans
/// keep their type; everything else is text.
fn typed_value(value: &str, datatype: &str) -> AttrValue {
    const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
    match datatype.strip_prefix(XSD) {
        Some("integer" | "int" | "long" | "short" | "nonNegativeInteger" | "positiveInteger") => {
            value
                .parse()
                .map(AttrValue::Int)
                .unwrap_or_else(|_| AttrValue::Str(value.into()))
        }
        Some("decimal" | "double" | "float") => value
            .parse()
            .map(AttrValue::Double)
            .unwrap_or_else(|_| AttrValue::Str(value.into())),
        Some("boolean") => match value {
            "true" | "1" => AttrValue::Bool(true),
            "false" | "0" => AttrValue::Bool(false),
            _ => AttrValue::Str(value.into()),
        },
        _ => AttrValue::Str(value.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    #[test]
    fn types_become_kinds_literals_attributes_and_links_edges() {
        let unit = NamedNode::new("https://w3id.org/plangraph/id/unit/省科技厅").unwrap();
        let task = NamedNode::new("https://w3id.org/plangraph/id/task/t1").unwrap();
        let triples = vec![
            Triple::new(
                task.clone(),
                NamedNode::new(format!("{PG}leadUnit")).unwrap(),
                unit.clone(),
            ),
            Triple::new(
                task.clone(),
                vocab::rdf::TYPE,
                NamedNode::new(format!("{PG}Task")).unwrap(),
            ),
            Triple::new(
                task.clone(),
                NamedNode::new(format!("{PG}number")).unwrap(),
                Literal::new_simple_literal("3"),
            ),
            Triple::new(
                task,
                NamedNode::new(format!("{PG}year")).unwrap(),
                Literal::new_typed_literal("2025", vocab::xsd::INTEGER),
            ),
        ];
        let graph = from_triples("t", &triples).unwrap();
        assert_eq!(graph.nodes.len(), 2);
        assert_eq!(graph.edges.len(), 1);
        let task = &graph.nodes[graph.index_of("task:t1").unwrap()];
        assert_eq!(task.kind, "task");
        assert_eq!(task.attrs["pg:year"], AttrValue::Int(2025));
        assert_eq!(task.attrs["pg:number"], AttrValue::Str("3".into()));
        let unit = &graph.nodes[graph.index_of("unit:省科技厅").unwrap()];
        assert_eq!(unit.label, "省科技厅");
        assert_eq!(
            graph.edges[0].attrs["predicate"],
            AttrValue::Str("pg:leadUnit".into())
        );
        assert_eq!(
            local_name("https://w3id.org/plangraph/id/plan/a%E2%80%9Cb"),
            "a\u{201C}b"
        );
    }
}
