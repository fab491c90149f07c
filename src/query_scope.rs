//! Which quads a SPARQL query can read, so that `plangraph query` on text
//! loads only those into the store.
//!
//! A triple pattern whose predicate is a constant matches only quads with
//! that predicate, and a property path made of constants (sequences,
//! alternatives, inverses, `+`) likewise. A query whose every pattern is of
//! that kind, EXISTS and sub-queries included, has the same answer on the
//! quads with those predicates as on the whole graph. Anything else reads
//! the whole graph: a variable predicate (`?s ?p ?o`), a negated property
//! set (`!pg:x`), a `*` or `?` path (its zero-length case matches every
//! node of the graph), DESCRIBE, and a query that does not parse (the
//! store then reports the syntax error). The ontology's named graph is
//! always loaded whole.

use std::collections::BTreeSet;

use spargebra::algebra::{
    AggregateExpression, Expression, GraphPattern, OrderExpression, PropertyPathExpression,
};
use spargebra::term::NamedNodePattern;
use spargebra::{Query, SparqlParser};

use crate::model::iri::PREFIXES;

/// The part of the graph a query needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryScope {
    /// Every quad.
    Everything,
    /// The quads with one of these predicates (full IRIs).
    Predicates(BTreeSet<String>),
}

impl QueryScope {
    /// True when a quad with this predicate is needed.
    pub fn keeps(&self, predicate: &str) -> bool {
        match self {
            QueryScope::Everything => true,
            QueryScope::Predicates(set) => set.contains(predicate),
        }
    }
}

/// The quads `query` (with the predeclared prefixes) can read.
pub fn scope_of(query: &str) -> QueryScope {
    let mut parser = SparqlParser::new();
    for (prefix, namespace) in PREFIXES {
        parser = match parser.with_prefix(*prefix, *namespace) {
            Ok(parser) => parser,
            Err(_) => return QueryScope::Everything,
        };
    }
    let Ok(parsed) = parser.parse_query(query) else {
        return QueryScope::Everything;
    };
    let pattern = match &parsed {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
        Query::Describe { .. } => return QueryScope::Everything,
    };
    let mut predicates = BTreeSet::new();
    match collect_pattern(pattern, &mut predicates) {
        Some(()) => QueryScope::Predicates(predicates),
        None => QueryScope::Everything,
    }
}

/// Adds the predicates `pattern` reads; `None` when it may read any.
fn collect_pattern(pattern: &GraphPattern, out: &mut BTreeSet<String>) -> Option<()> {
    match pattern {
        GraphPattern::Bgp { patterns } => {
            for triple in patterns {
                match &triple.predicate {
                    NamedNodePattern::NamedNode(node) => {
                        out.insert(node.as_str().to_owned());
                    }
                    NamedNodePattern::Variable(_) => return None,
                }
            }
            Some(())
        }
        GraphPattern::Path { path, .. } => collect_path(path, out),
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right }
        | GraphPattern::Lateral { left, right } => {
            collect_pattern(left, out)?;
            collect_pattern(right, out)
        }
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => {
            collect_pattern(left, out)?;
            collect_pattern(right, out)?;
            expression
                .iter()
                .try_for_each(|e| collect_expression(e, out))
        }
        GraphPattern::Filter { expr, inner } => {
            collect_expression(expr, out)?;
            collect_pattern(inner, out)
        }
        GraphPattern::Extend {
            inner, expression, ..
        } => {
            collect_expression(expression, out)?;
            collect_pattern(inner, out)
        }
        GraphPattern::OrderBy { inner, expression } => {
            for order in expression {
                match order {
                    OrderExpression::Asc(e) | OrderExpression::Desc(e) => {
                        collect_expression(e, out)?
                    }
                }
            }
            collect_pattern(inner, out)
        }
        GraphPattern::Group {
            inner, aggregates, ..
        } => {
            for (_, aggregate) in aggregates {
                if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                    collect_expression(expr, out)?;
                }
            }
            collect_pattern(inner, out)
        }
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => collect_pattern(inner, out),
        GraphPattern::Values { .. } => Some(()),
        // Federated queries are not run on the local store at all.
        GraphPattern::Service { .. } => None,
    }
}

fn collect_path(path: &PropertyPathExpression, out: &mut BTreeSet<String>) -> Option<()> {
    match path {
        PropertyPathExpression::NamedNode(node) => {
            out.insert(node.as_str().to_owned());
            Some(())
        }
        PropertyPathExpression::Reverse(inner) | PropertyPathExpression::OneOrMore(inner) => {
            collect_path(inner, out)
        }
        PropertyPathExpression::Sequence(a, b) | PropertyPathExpression::Alternative(a, b) => {
            collect_path(a, out)?;
            collect_path(b, out)
        }
        // Zero-length paths match every node of the graph; a negated set
        // matches any other predicate.
        PropertyPathExpression::ZeroOrMore(_)
        | PropertyPathExpression::ZeroOrOne(_)
        | PropertyPathExpression::NegatedPropertySet(_) => None,
    }
}

fn collect_expression(expression: &Expression, out: &mut BTreeSet<String>) -> Option<()> {
    match expression {
        Expression::Exists(pattern) => collect_pattern(pattern, out),
        Expression::NamedNode(_)
        | Expression::Literal(_)
        | Expression::Variable(_)
        | Expression::Bound(_) => Some(()),
        Expression::Or(a, b)
        | Expression::And(a, b)
        | Expression::Equal(a, b)
        | Expression::SameTerm(a, b)
        | Expression::Greater(a, b)
        | Expression::GreaterOrEqual(a, b)
        | Expression::Less(a, b)
        | Expression::LessOrEqual(a, b)
        | Expression::Add(a, b)
        | Expression::Subtract(a, b)
        | Expression::Multiply(a, b)
        | Expression::Divide(a, b) => {
            collect_expression(a, out)?;
            collect_expression(b, out)
        }
        Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
            collect_expression(a, out)
        }
        Expression::In(a, list) => {
            collect_expression(a, out)?;
            list.iter().try_for_each(|e| collect_expression(e, out))
        }
        Expression::If(a, b, c) => {
            collect_expression(a, out)?;
            collect_expression(b, out)?;
            collect_expression(c, out)
        }
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
            list.iter().try_for_each(|e| collect_expression(e, out))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn predicates(query: &str) -> Vec<String> {
        match scope_of(query) {
            QueryScope::Predicates(set) => set
                .into_iter()
                .map(|p| crate::model::iri::compact(&p))
                .collect(),
            QueryScope::Everything => vec!["everything".to_owned()],
        }
    }

    #[test]
    fn constant_predicates_are_collected_everywhere_in_the_query() {
        assert_eq!(
            predicates("SELECT ?t WHERE { ?t pg:leadUnit unit:省科技厅 } LIMIT 5"),
            ["pg:leadUnit"]
        );
        assert_eq!(
            predicates(
                "SELECT ?t (COUNT(?u) AS ?n) WHERE { ?t a pg:Task ; pg:plan/dcterms:title ?p .
                 OPTIONAL { ?t ^pg:cooperatingUnit ?x FILTER EXISTS { ?x skos:prefLabel ?l } }
                 MINUS { ?t pg:deadline ?d } { SELECT ?u WHERE { ?u pg:succeededBy+ ?v } } }
                 GROUP BY ?t ORDER BY DESC(?n)"
            ),
            [
                "dcterms:title",
                "rdf:type",
                "skos:prefLabel",
                "pg:cooperatingUnit",
                "pg:deadline",
                "pg:plan",
                "pg:succeededBy"
            ]
        );
        assert_eq!(
            predicates("ASK { FILTER(NOT EXISTS { ?a pg:line ?b }) }"),
            ["pg:line"]
        );
    }

    #[test]
    fn anything_that_can_match_any_predicate_or_node_reads_everything() {
        for query in [
            "SELECT * WHERE { ?s ?p ?o }",
            "SELECT * WHERE { ?t pg:leadUnit ?u . ?u ?p ?o }",
            "SELECT * WHERE { ?t !pg:leadUnit ?u }",
            "SELECT * WHERE { ?a pg:succeededBy* ?b }",
            "SELECT * WHERE { ?a pg:succeededBy? ?b }",
            "SELECT * WHERE { ?t pg:plan ?p FILTER EXISTS { ?p ?q ?r } }",
            "DESCRIBE unit:省科技厅",
            "SELECT WHERE {",
        ] {
            assert_eq!(scope_of(query), QueryScope::Everything, "{query}");
        }
    }
}
