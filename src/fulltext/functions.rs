//! The search as SPARQL functions, registered wherever a query is prepared
//! (`store/memory.rs`), so that they combine with any pattern:
//!
//! - `pg:matches(?text, "氢能 数字")`: true when the text holds every term
//!   (the same parsing and matching as `plangraph search`);
//! - `pg:score(?text, "氢能 数字")`: the relevance of that one text
//!   ([`super::rank::score_alone`]), 0 when it does not match;
//! - `pg:snippet(?text, "氢能 数字")`: the passage around the rarest term,
//!   terms marked «like this».
//!
//! A function sees one text at a time, so these scan the texts a query
//! binds; `plangraph search` answers from the index instead.

use oxigraph::model::{Literal, NamedNode, Term};

use super::query::{fold, Query};

/// `pg:matches`, `pg:score`, `pg:snippet`: their IRIs, in that order.
pub fn names() -> [String; 3] {
    ["matches", "score", "snippet"].map(crate::model::iri::term)
}

/// The marks around a needle in `pg:snippet` and in CSV/JSON output.
pub const MARKS: (&str, &str) = ("«", "»");

/// The functions, to hand to `SparqlEvaluator::with_custom_function`.
#[allow(clippy::type_complexity)]
pub fn all() -> Vec<(NamedNode, fn(&[Term]) -> Option<Term>)> {
    let [matches, score, snippet] = names();
    vec![
        (NamedNode::new_unchecked(matches), pg_matches),
        (NamedNode::new_unchecked(score), pg_score),
        (NamedNode::new_unchecked(snippet), pg_snippet),
    ]
}

/// The text and the parsed query of a call, or `None` (an unbound result,
/// so the FILTER fails) when either is not a string or the query is empty.
fn arguments(args: &[Term]) -> Option<(&str, Query)> {
    let [Term::Literal(text), Term::Literal(query)] = args else {
        return None;
    };
    Some((text.value(), Query::parse(query.value()).ok()?))
}

fn pg_matches(args: &[Term]) -> Option<Term> {
    let (text, query) = arguments(args)?;
    Some(Literal::from(query.matches(&fold(text))).into())
}

fn pg_score(args: &[Term]) -> Option<Term> {
    let (text, query) = arguments(args)?;
    let score = super::rank::score_alone(text, &query);
    Some(Literal::from((score * 1000.0).round() / 1000.0).into())
}

fn pg_snippet(args: &[Term]) -> Option<Term> {
    let (text, query) = arguments(args)?;
    let folded = fold(text);
    let anchor = query.needles.first().map_or("", |n| n.text.as_str());
    let snippet = super::snippet::around(&folded, &query, anchor);
    Some(Literal::new_simple_literal(snippet.marked(MARKS.0, MARKS.1)).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(f: fn(&[Term]) -> Option<Term>, text: &str, query: &str) -> Option<Term> {
        f(&[
            Literal::new_simple_literal(text).into(),
            Literal::new_simple_literal(query).into(),
        ])
    }

    #[test]
    fn the_functions_on_one_text() {
        let t = "推进氢能示范应用，建设数字政府。";
        assert_eq!(
            call(pg_matches, t, "氫能 数字"),
            Some(Literal::from(true).into())
        );
        assert_eq!(
            call(pg_matches, t, "氢能 汽车"),
            Some(Literal::from(false).into())
        );
        assert_eq!(call(pg_matches, t, "  "), None);
        assert_eq!(
            call(pg_snippet, t, "氢能"),
            Some(Literal::new_simple_literal("推进«氢能»示范应用，建设数字政府。").into())
        );
        let Some(Term::Literal(score)) = call(pg_score, t, "氢能") else {
            panic!("no score")
        };
        assert!(score.value().parse::<f64>().unwrap() > 0.0);
        assert_eq!(pg_matches(&[Literal::new_simple_literal(t).into()]), None);
    }
}
