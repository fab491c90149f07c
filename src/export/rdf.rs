//! RDF output of slices: Turtle and N-Triples through oxigraph's
//! serialisers, JSON-LD written here.
//!
//! Triples are sorted and deduplicated first, so the same slice always
//! prints the same bytes. Turtle declares only the prefixes its body uses.
//! oxigraph's JSON-LD serialiser writes expanded JSON-LD and ignores
//! prefixes; we write compacted JSON-LD instead (an `@context` with only the
//! prefixes used, one object per subject), which is easier to read and any
//! JSON-LD 1.1 processor (rdflib, oxigraph) expands to the same triples.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{vocab, NamedOrBlankNode, Term, Triple};
use serde_json::{json, Map, Value};

use super::ExportFormat;
use super::{format_name, ExportError};
use crate::model::iri::PREFIXES;

/// Sorts triples and removes duplicates (N-Triples order).
pub fn sorted(triples: &[Triple]) -> Vec<Triple> {
    let mut keyed: Vec<(String, &Triple)> = triples.iter().map(|t| (t.to_string(), t)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    keyed.into_iter().map(|(_, t)| t.clone()).collect()
}

/// Writes triples as Turtle, N-Triples or JSON-LD.
pub fn write_triples(
    triples: &[Triple],
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let triples = sorted(triples);
    match format {
        ExportFormat::Ttl => write_turtle(&triples, out),
        ExportFormat::Nt => serialize(&triples, RdfFormat::NTriples, &[], out),
        ExportFormat::Jsonld => {
            serde_json::to_writer_pretty(&mut *out, &to_json_ld(&triples))?;
            writeln!(out)?;
            Ok(())
        }
        other => Err(ExportError::Rdf(format!(
            "{} is not an RDF format",
            format_name(other)
        ))),
    }
}

/// Turtle with only the prefixes used: serialise with every known prefix,
/// see which ones the body uses, serialise again with those. (The body is
/// the same both times: each IRI has at most one namespace that fits.)
fn write_turtle(triples: &[Triple], out: &mut dyn Write) -> Result<(), ExportError> {
    let mut full = Vec::new();
    serialize(triples, RdfFormat::Turtle, PREFIXES, &mut full)?;
    let text = String::from_utf8_lossy(&full);
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("@prefix "))
        .collect::<Vec<_>>()
        .join("\n");
    let used: Vec<(&str, &str)> = PREFIXES
        .iter()
        .filter(|(name, _)| uses_prefix(&body, name))
        .copied()
        .collect();
    serialize(triples, RdfFormat::Turtle, &used, out)
}

/// True when `name:` occurs where a prefixed name can start (after
/// whitespace, `^^`, `(` or at the start of a line). A literal that happens
/// to contain ` pg:` only costs an unused declaration.
fn uses_prefix(body: &str, name: &str) -> bool {
    let needle = format!("{name}:");
    body.match_indices(&needle).any(|(at, _)| {
        at == 0 || matches!(body.as_bytes()[at - 1], b' ' | b'\t' | b'\n' | b'^' | b'(')
    })
}

fn serialize(
    triples: &[Triple],
    format: RdfFormat,
    prefixes: &[(&str, &str)],
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let mut serializer = RdfSerializer::from_format(format);
    for (name, ns) in prefixes {
        serializer = serializer
            .with_prefix(*name, *ns)
            .map_err(|e| ExportError::Rdf(e.to_string()))?;
    }
    let mut writer = serializer.for_writer(out);
    for triple in triples {
        writer.serialize_triple(triple.as_ref())?;
    }
    writer.finish()?;
    Ok(())
}

/// Compacted JSON-LD: `@context` with the prefixes used, `@graph` with one
/// object per subject (sorted), properties as compact IRIs, every value in
/// an array.
pub fn to_json_ld(triples: &[Triple]) -> Value {
    let mut used: BTreeSet<&'static str> = BTreeSet::new();
    let mut subjects: BTreeMap<String, BTreeMap<String, Vec<Value>>> = BTreeMap::new();
    for triple in triples {
        let subject = match &triple.subject {
            NamedOrBlankNode::NamedNode(n) => compact(n.as_str(), &mut used),
            NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
        };
        let entry = subjects.entry(subject).or_default();
        if triple.predicate.as_ref() == vocab::rdf::TYPE {
            if let Term::NamedNode(class) = &triple.object {
                entry
                    .entry("@type".into())
                    .or_default()
                    .push(json!(compact(class.as_str(), &mut used)));
                continue;
            }
        }
        let predicate = compact(triple.predicate.as_str(), &mut used);
        let value = match &triple.object {
            Term::NamedNode(n) => json!({ "@id": compact(n.as_str(), &mut used) }),
            Term::BlankNode(b) => json!({ "@id": format!("_:{}", b.as_str()) }),
            Term::Literal(l) => {
                if let Some(language) = l.language() {
                    json!({ "@value": l.value(), "@language": language })
                } else if l.datatype() == vocab::xsd::STRING {
                    json!({ "@value": l.value() })
                } else {
                    json!({ "@value": l.value(), "@type": compact(l.datatype().as_str(), &mut used) })
                }
            }
            #[allow(unreachable_patterns)]
            _ => continue,
        };
        entry.entry(predicate).or_default().push(value);
    }
    let graph: Vec<Value> = subjects
        .into_iter()
        .map(|(id, properties)| {
            let mut object = Map::new();
            object.insert("@id".into(), json!(id));
            for (key, values) in properties {
                object.insert(key, Value::Array(values));
            }
            Value::Object(object)
        })
        .collect();
    let context: Map<String, Value> = PREFIXES
        .iter()
        .filter(|(name, _)| used.contains(name))
        .map(|(name, ns)| ((*name).to_owned(), json!(ns)))
        .collect();
    json!({ "@context": context, "@graph": graph })
}

/// `prefix:local` for an IRI under a known namespace, else the IRI. In
/// JSON-LD a compact IRI is expanded by plain concatenation, so any local
/// part works, except one starting with `//` (it would read as an absolute
/// IRI).
fn compact(iri: &str, used: &mut BTreeSet<&'static str>) -> String {
    for (name, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            if !local.is_empty() && !local.starts_with("//") {
                used.insert(name);
                return format!("{name}:{local}");
            }
        }
    }
    iri.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::RdfParser;
    use oxigraph::model::{Literal, NamedNode};

    fn sample() -> Vec<Triple> {
        let unit = NamedNode::new("https://w3id.org/plangraph/id/unit/省科技厅").unwrap();
        let task =
            NamedNode::new("https://w3id.org/plangraph/id/task/2022-科技研发创新-2-n3").unwrap();
        vec![
            Triple::new(
                task.clone(),
                NamedNode::new(format!("{}leadUnit", crate::model::iri::PG)).unwrap(),
                unit.clone(),
            ),
            Triple::new(
                unit.clone(),
                vocab::rdf::TYPE,
                NamedNode::new(format!("{}Unit", crate::model::iri::PG)).unwrap(),
            ),
            Triple::new(
                unit.clone(),
                NamedNode::new("http://www.w3.org/2004/02/skos/core#prefLabel").unwrap(),
                Literal::new_language_tagged_literal("省科技厅", "zh").unwrap(),
            ),
            Triple::new(
                task.clone(),
                NamedNode::new("http://purl.org/dc/terms/issued").unwrap(),
                Literal::new_typed_literal("2022-03-27", vocab::xsd::DATE),
            ),
            Triple::new(
                task,
                NamedNode::new("http://example.org/p").unwrap(),
                Literal::new_simple_literal("x \"y\""),
            ),
        ]
    }

    #[test]
    fn turtle_declares_only_the_prefixes_it_uses() {
        let mut out = Vec::new();
        write_triples(&sample(), ExportFormat::Ttl, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut declared: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("@prefix"))
            .map(|l| l.split_whitespace().nth(1).unwrap())
            .collect();
        declared.sort_unstable();
        assert_eq!(
            declared,
            vec!["dcterms:", "pg:", "skos:", "task:", "unit:", "xsd:"]
        );
        let parsed = RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(text.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        assert_eq!(parsed.len(), 5);
    }

    #[test]
    fn json_ld_expands_to_the_same_triples() {
        let mut out = Vec::new();
        write_triples(&sample(), ExportFormat::Jsonld, &mut out).unwrap();
        let parsed: Vec<Triple> = RdfParser::from_format(RdfFormat::JsonLd {
            profile: oxigraph::io::JsonLdProfileSet::empty(),
        })
        .for_slice(&out)
        .map(|q| q.map(Triple::from))
        .collect::<Result<_, _>>()
        .unwrap();
        assert_eq!(sorted(&parsed), sorted(&sample()));
    }
}
