//! RDF slices of the graph: a unit's neighbourhood, one plan, or any
//! CONSTRUCT query's result.
//!
//! A slice is found with a handful of SPARQL queries through
//! [`Backend`](crate::store::Backend) (never one query per node), so it works the same on a
//! remote endpoint. First the *tasks* of the slice are found, then every
//! resource those tasks name (plans and their parents, units,
//! responsibilities, targets, regions, industries, mentions and documents),
//! and finally every triple whose subject is one of those resources.
//!
//! One hop of a unit's neighbourhood is one task away: hop 1 holds the
//! unit's tasks (led or cooperated) and what they name, partner units
//! included; hop 2 adds the partners' tasks, and so on.

use std::collections::BTreeSet;

use oxigraph::model::{Term, Triple};

use super::ExportError;
use crate::model::iri::{instance, Kind, ID};
use crate::store::{Backend, BackendExt};

/// The neighbourhood of a unit, `hops` tasks deep (0: the unit alone).
pub fn unit_neighbourhood(
    source: &dyn Backend,
    name: &str,
    hops: usize,
) -> Result<Vec<Triple>, ExportError> {
    let unit = resolve_unit(source, name)?;
    let mut units: BTreeSet<String> = BTreeSet::from([unit]);
    let mut frontier: BTreeSet<String> = units.clone();
    let mut tasks: BTreeSet<String> = BTreeSet::new();
    for _ in 0..hops {
        if frontier.is_empty() {
            break;
        }
        let found = column(
            source,
            &format!(
                "SELECT DISTINCT ?t WHERE {{ VALUES ?u {{ {} }} ?t pg:leadUnit|pg:cooperatingUnit ?u }}",
                values(&frontier)
            ),
        )?;
        let new_tasks: BTreeSet<String> =
            found.into_iter().filter(|t| !tasks.contains(t)).collect();
        if new_tasks.is_empty() {
            break;
        }
        let partners = column(
            source,
            &format!(
                "SELECT DISTINCT ?u WHERE {{ VALUES ?t {{ {} }} ?t pg:leadUnit|pg:cooperatingUnit ?u }}",
                values(&new_tasks)
            ),
        )?;
        frontier = partners
            .into_iter()
            .filter(|u| !units.contains(u))
            .collect();
        units.extend(frontier.iter().cloned());
        tasks.extend(new_tasks);
    }
    describe(source, &tasks, &units)
}

/// One plan with its sub-plans, their tasks, and what those tasks name.
pub fn plan_slice(source: &dyn Backend, name: &str) -> Result<Vec<Triple>, ExportError> {
    let plan = resolve_plan(source, name)?;
    let plans = column(
        source,
        &format!(
            "SELECT DISTINCT ?p WHERE {{ ?p dcterms:isPartOf* <{}> }}",
            plan
        ),
    )?;
    let plans: BTreeSet<String> = plans.into_iter().chain([plan]).collect();
    let tasks: BTreeSet<String> = column(
        source,
        &format!(
            "SELECT DISTINCT ?t WHERE {{ VALUES ?p {{ {} }} ?t pg:plan ?p }}",
            values(&plans)
        ),
    )?
    .into_iter()
    .collect();
    describe(source, &tasks, &plans)
}

/// The slice without its helper resources (mentions, responsibilities) and
/// the documents they point to, for drawing: in a picture they would
/// outnumber the tasks and say nothing that the `pg:leadUnit` and
/// `pg:cooperatingUnit` edges do not. The RDF formats keep them (they are
/// the provenance of every task).
pub fn without_helpers(triples: &[Triple]) -> Vec<Triple> {
    const HELPERS: &[&str] = &[
        "https://w3id.org/plangraph/ontology#Mention",
        "https://w3id.org/plangraph/ontology#Responsibility",
        "https://w3id.org/plangraph/ontology#Document",
    ];
    let helpers: BTreeSet<&str> = triples
        .iter()
        .filter(|t| {
            t.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
                && matches!(&t.object, Term::NamedNode(c) if HELPERS.contains(&c.as_str()))
        })
        .filter_map(|t| match &t.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    let is_helper =
        |term: &Term| matches!(term, Term::NamedNode(n) if helpers.contains(n.as_str()));
    triples
        .iter()
        .filter(|t| {
            let subject: Term = t.subject.clone().into();
            !is_helper(&subject) && !is_helper(&t.object)
        })
        .cloned()
        .collect()
}

/// `triples` without the vocabulary: no node for an ontology term or a
/// SKOS/OWL/RDFS resource (the industry scheme a concept is `inScheme` of,
/// a class a query returns), which would sit in the middle of every
/// picture. `rdf:type` triples stay: they give the other nodes their kind.
pub fn without_vocabulary(triples: &[Triple]) -> Vec<Triple> {
    const VOCABULARIES: &[&str] = &[
        "https://w3id.org/plangraph/ontology#",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://www.w3.org/2000/01/rdf-schema#",
        "http://www.w3.org/2002/07/owl#",
        "http://www.w3.org/2004/02/skos/core#",
    ];
    let is_vocabulary = |iri: &str| VOCABULARIES.iter().any(|ns| iri.starts_with(ns));
    triples
        .iter()
        .filter(|t| {
            if t.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" {
                return !matches!(&t.subject, oxigraph::model::NamedOrBlankNode::NamedNode(n) if is_vocabulary(n.as_str()));
            }
            let subject_is = matches!(&t.subject, oxigraph::model::NamedOrBlankNode::NamedNode(n) if is_vocabulary(n.as_str()));
            let object_is = matches!(&t.object, Term::NamedNode(n) if is_vocabulary(n.as_str()));
            !subject_is && !object_is
        })
        .cloned()
        .collect()
}

/// The triples of a CONSTRUCT or DESCRIBE query.
pub fn query_slice(source: &dyn Backend, query: &str) -> Result<Vec<Triple>, ExportError> {
    Ok(source.construct(query)?)
}

/// The IRI of the unit called `name`: an IRI, `unit:NAME`, or any of its
/// labels (canonical, alias, full name, English), tried as typed and in
/// simplified script. A canonical-name match wins over an alias match.
pub fn resolve_unit(source: &dyn Backend, name: &str) -> Result<String, ExportError> {
    let name = name.trim();
    let mut candidates = vec![name.to_owned()];
    let simplified = fast2s::convert(name);
    if simplified != name {
        candidates.push(simplified);
    }
    for candidate in &candidates {
        let iri = if candidate.starts_with("http://") || candidate.starts_with("https://") {
            candidate.clone()
        } else {
            instance(
                Kind::Unit,
                candidate.strip_prefix("unit:").unwrap_or(candidate),
            )
        };
        let query = format!(
            "SELECT ?u ?rank WHERE {{
               {{ BIND(<{iri}> AS ?u) ?u a pg:Unit BIND(0 AS ?rank) }}
               UNION {{ ?u a pg:Unit ; skos:prefLabel ?l FILTER(STR(?l) = {text}) BIND(1 AS ?rank) }}
               UNION {{ ?u a pg:Unit ; skos:altLabel|pg:fullName|rdfs:label ?l FILTER(STR(?l) = {text}) BIND(2 AS ?rank) }}
             }} ORDER BY ?rank STR(?u) LIMIT 1",
            iri = escape_iri(&iri),
            text = sparql_string(candidate)
        );
        if let Some(unit) = column(source, &query)?.into_iter().next() {
            return Ok(unit);
        }
    }
    // A name the alias tables give a unit its documents never print.
    for target in crate::ingest::units::in_force().targets(&fast2s::convert(name)) {
        let query = format!(
            "SELECT ?u WHERE {{ BIND(<{}> AS ?u) ?u a pg:Unit }}",
            escape_iri(&instance(Kind::Unit, &target))
        );
        if let Some(unit) = column(source, &query)?.into_iter().next() {
            return Ok(unit);
        }
    }
    Err(ExportError::UnknownUnit(name.to_owned()))
}

/// The IRI of the plan called `name`: an IRI, `plan:LOCAL`, a local name
/// (`2022-科技研发创新`), a title (`科技研发创新`) or a label
/// (`科技研发创新 2022`). A title shared by several plans is an error that
/// lists them.
pub fn resolve_plan(source: &dyn Backend, name: &str) -> Result<String, ExportError> {
    let name = name.trim();
    let iri = if name.starts_with("http://") || name.starts_with("https://") {
        name.to_owned()
    } else {
        instance(Kind::Plan, name.strip_prefix("plan:").unwrap_or(name))
    };
    let by_iri = column(
        source,
        &format!(
            "SELECT ?p WHERE {{ BIND(<{}> AS ?p) ?p a pg:Plan }}",
            escape_iri(&iri)
        ),
    )?;
    if let Some(plan) = by_iri.into_iter().next() {
        return Ok(plan);
    }
    let by_title = column(
        source,
        &format!(
            "SELECT DISTINCT ?p WHERE {{ ?p a pg:Plan ; dcterms:title|rdfs:label ?l FILTER(STR(?l) = {}) }} ORDER BY STR(?p)",
            sparql_string(name)
        ),
    )?;
    match by_title.len() {
        0 => Err(ExportError::UnknownPlan(name.to_owned())),
        1 => Ok(by_title.into_iter().next().unwrap_or_default()),
        _ => Err(ExportError::AmbiguousPlan {
            name: name.to_owned(),
            candidates: by_title
                .iter()
                .map(|iri| {
                    iri.strip_prefix(&format!("{ID}{}", Kind::Plan.path()))
                        .map(|l| l.to_owned())
                        .unwrap_or_else(|| iri.clone())
                })
                .collect(),
        }),
    }
}

/// Every triple about the tasks, the `extra` resources, and whatever the
/// tasks name.
fn describe(
    source: &dyn Backend,
    tasks: &BTreeSet<String>,
    extra: &BTreeSet<String>,
) -> Result<Vec<Triple>, ExportError> {
    let mut resources: BTreeSet<String> = tasks.union(extra).cloned().collect();
    if !tasks.is_empty() {
        let named = column(
            source,
            &format!(
                "SELECT DISTINCT ?r WHERE {{ VALUES ?t {{ {} }}
                   ?t (pg:plan/dcterms:isPartOf*)|(pg:plan/dcterms:isPartOf*/pg:industry)|pg:leadUnit|pg:cooperatingUnit
                      |pg:responsibility|pg:target|pg:mentionsRegion|pg:industry|pg:mention|(pg:mention/pg:document)
                      |prov:wasDerivedFrom ?r
                   FILTER(isIRI(?r)) }}",
                values(tasks)
            ),
        )?;
        resources.extend(named);
    }
    if resources.is_empty() {
        return Ok(Vec::new());
    }
    let triples = source.construct(&format!(
        "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {} }} ?s ?p ?o }}",
        values(&resources)
    ))?;
    Ok(super::rdf::sorted(&triples))
}

/// The IRIs in the first column of a SELECT.
fn column(source: &dyn Backend, query: &str) -> Result<Vec<String>, ExportError> {
    let rows = source.select(query)?;
    Ok(rows
        .rows
        .into_iter()
        .filter_map(|row| match row.into_iter().next().flatten() {
            Some(Term::NamedNode(n)) => Some(n.into_string()),
            _ => None,
        })
        .collect())
}

/// `<a> <b> …` for a VALUES clause.
fn values(iris: &BTreeSet<String>) -> String {
    iris.iter()
        .map(|iri| format!("<{}>", escape_iri(iri)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Percent-encodes the few characters an IRIREF cannot hold, so a name
/// typed by a user cannot break out of `<…>`.
fn escape_iri(iri: &str) -> String {
    let mut out = String::with_capacity(iri.len());
    for c in iri.chars() {
        if matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\') || c <= ' ' {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A SPARQL string literal (the escaping `describe` uses too).
fn sparql_string(text: &str) -> String {
    crate::model::iri::literal(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_break_out_of_queries() {
        assert_eq!(sparql_string("a\"b\\"), "\"a\\\"b\\\\\"");
        assert_eq!(
            escape_iri("http://x/a> } DROP"),
            "http://x/a%3E%20%7D%20DROP"
        );
    }
}
