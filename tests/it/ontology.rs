//! Every term the code emits is declared in ontology/plangraph.ttl.

use std::collections::BTreeSet;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term, Triple};
use plangraph::model::iri::PG;
use plangraph::rdf::{self, vocab};

fn declared_terms() -> BTreeSet<String> {
    let declaring = [
        "http://www.w3.org/2002/07/owl#Class",
        "http://www.w3.org/2002/07/owl#ObjectProperty",
        "http://www.w3.org/2002/07/owl#DatatypeProperty",
        "http://www.w3.org/2004/02/skos/core#ConceptScheme",
        "http://www.w3.org/ns/sparql-service-description#Function",
    ];
    let triples: Vec<Triple> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(rdf::ONTOLOGY_TTL.as_bytes())
        .map(|q| q.expect("the ontology parses").into())
        .collect();
    triples
        .iter()
        .filter(|t| t.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        .filter(|t| matches!(&t.object, Term::NamedNode(n) if declaring.contains(&n.as_str())))
        .map(|t| t.subject.to_string().trim_matches(['<', '>']).to_owned())
        .collect()
}

#[test]
fn every_vocabulary_constant_is_declared() {
    let declared = declared_terms();
    for term in vocab::pg::ALL {
        assert!(
            declared.contains(*term),
            "{term} is not declared in the ontology"
        );
    }
}

/// The text search's SPARQL functions (registered where queries are
/// prepared) are declared, as functions.
#[test]
fn every_search_function_is_declared() {
    let declared = declared_terms();
    for name in plangraph::fulltext::functions::names() {
        assert!(declared.contains(&name), "{name} is not declared");
    }
    assert!(plangraph::sparql_hints::undeclared_terms(
        "SELECT ?t WHERE { ?t pg:text ?x FILTER(pg:matches(?x, \"氢能\")) BIND(pg:score(?x, \"氢能\") AS ?s) BIND(pg:snippet(?x, \"氢能\") AS ?p) }"
    )
    .is_empty());
}

/// Every `pg:` IRI in any position of `quads` (subject, predicate, object,
/// graph name, a literal's datatype).
fn pg_iris(quads: &[Quad]) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut note = |iri: &str| {
        if iri.starts_with(PG) {
            used.insert(iri.to_owned());
        }
    };
    for quad in quads {
        if let NamedOrBlankNode::NamedNode(n) = &quad.subject {
            note(n.as_str());
        }
        note(quad.predicate.as_str());
        match &quad.object {
            Term::NamedNode(n) => note(n.as_str()),
            Term::Literal(l) => note(l.datatype().as_str()),
            _ => {}
        }
        if let GraphName::NamedNode(n) = &quad.graph_name {
            note(n.as_str());
        }
    }
    used
}

/// The invariant "every term the code emits is declared": the quads of the
/// embedded corpus and of two provinces' documents read together (other
/// jurisdictions, other region levels) hold no `pg:` IRI the ontology does
/// not declare, and each of them is a constant of `rdf::vocab`.
#[test]
fn every_pg_term_in_the_built_graph_is_declared() {
    let declared = declared_terms();
    let constants: BTreeSet<&str> = vocab::pg::ALL.iter().copied().collect();
    for (what, corpus) in [
        ("the embedded corpus", crate::support::corpus()),
        ("two provinces", crate::support::two_provinces()),
    ] {
        let used = pg_iris(&rdf::corpus_to_quads(corpus));
        let undeclared: Vec<&String> = used.iter().filter(|t| !declared.contains(*t)).collect();
        assert!(
            undeclared.is_empty(),
            "{what}: undeclared terms {undeclared:?}"
        );
        let not_constants: Vec<&String> = used
            .iter()
            .filter(|t| !constants.contains(t.as_str()))
            .collect();
        assert!(
            not_constants.is_empty(),
            "{what}: terms outside rdf::vocab {not_constants:?}"
        );
        assert!(used.len() > 20, "{what}: only {} pg: terms", used.len());
    }
}

#[test]
fn ontology_labels_every_term_in_chinese_and_english() {
    let ttl = rdf::ONTOLOGY_TTL;
    let parsed: Vec<Triple> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(ttl.as_bytes())
        .map(|q| q.unwrap().into())
        .collect();
    for term in declared_terms() {
        let labels: Vec<String> = parsed
            .iter()
            .filter(|t| t.subject.to_string() == format!("<{term}>"))
            .filter(|t| t.predicate.as_str() == "http://www.w3.org/2000/01/rdf-schema#label")
            .map(|t| t.object.to_string())
            .collect();
        assert!(
            labels.iter().any(|l| l.ends_with("@zh")),
            "{term} has no Chinese label"
        );
        assert!(
            labels.iter().any(|l| l.ends_with("@en")),
            "{term} has no English label"
        );
    }
}
