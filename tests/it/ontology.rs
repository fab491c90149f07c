//! Every term the code emits is declared in ontology/plangraph.ttl.

use std::collections::BTreeSet;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Term, Triple};
use plangraph::model::iri::PG;
use plangraph::rdf::{self, vocab};

fn declared_terms() -> BTreeSet<String> {
    let declaring = [
        "http://www.w3.org/2002/07/owl#Class",
        "http://www.w3.org/2002/07/owl#ObjectProperty",
        "http://www.w3.org/2002/07/owl#DatatypeProperty",
        "http://www.w3.org/2004/02/skos/core#ConceptScheme",
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

#[test]
fn every_pg_term_in_the_built_graph_is_declared() {
    let declared = declared_terms();
    let quads = rdf::corpus_to_quads(crate::support::corpus());
    let mut used = BTreeSet::new();
    for quad in &quads {
        used.insert(quad.predicate.as_str().to_owned());
        if quad.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" {
            if let Term::NamedNode(class) = &quad.object {
                used.insert(class.as_str().to_owned());
            }
        }
    }
    let undeclared: Vec<&String> = used
        .iter()
        .filter(|t| t.starts_with(PG) && !declared.contains(*t))
        .collect();
    assert!(undeclared.is_empty(), "undeclared terms: {undeclared:?}");
    assert!(used.iter().filter(|t| t.starts_with(PG)).count() > 20);
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
