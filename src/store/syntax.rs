//! A query's text checked and its errors said in one sentence: nesting
//! limits first, then the SPARQL parser with the project's prefixes, an
//! update named as such.

use spargebra::SparqlParser;

use super::error::{QueryError, StoreError};
use crate::model::iri::PREFIXES;

/// The SPARQL parser with the project's prefixes predeclared.
pub(super) fn parser() -> SparqlParser {
    let mut parser = SparqlParser::new();
    for (prefix, ns) in PREFIXES {
        parser = parser
            .with_prefix(*prefix, *ns)
            .expect("the predeclared prefixes are valid IRIs");
    }
    parser
}

/// Parses `query` as any backend would before running it: nesting within
/// [`crate::query_limits`], valid SPARQL 1.1 with the predeclared prefixes,
/// and a query rather than an update.
pub fn check(query: &str) -> Result<spargebra::Query, StoreError> {
    crate::query_limits::check(query)?;
    parser()
        .parse_query(query)
        .map_err(|e| parse_error(query, &e.to_string()))
}

/// The error of a query the parser refused: an update refused as such,
/// anything else a syntax error with its position.
pub(super) fn parse_error(query: &str, message: &str) -> StoreError {
    if is_update(query) {
        QueryError::UpdateRefused.into()
    } else {
        syntax_error(query, message)
    }
}

/// Turns oxigraph's "error at 3:14: expected …" into one readable sentence
/// and a position. The parser's list of expected tokens can run to hundreds
/// of characters, so a short one is kept and a long one is left out.
fn syntax_error(query: &str, message: &str) -> StoreError {
    // A misspelt keyword or an undeclared prefix, said as such: the parser
    // would point at the next character instead.
    if let Some(diagnosis) = crate::sparql_hints::diagnose(query) {
        let (line, column) = diagnosis.position;
        return QueryError::Syntax {
            message: format!(
                "SPARQL syntax error at line {line}, column {column}: {}",
                diagnosis.message
            ),
            position: Some(diagnosis.position),
        }
        .into();
    }
    let position: Option<(usize, usize)> = message.split_once("error at ").and_then(|(_, rest)| {
        let (line, rest) = rest.split_once(':')?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((line.trim().parse().ok()?, column.parse().ok()?))
    });
    let Some((line, column)) = position else {
        return QueryError::Syntax {
            message: format!("SPARQL syntax error: {message}"),
            position: None,
        }
        .into();
    };
    let found = query
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.chars().nth(column.saturating_sub(1)));
    let found = match found {
        Some(c) => format!("unexpected '{c}'"),
        None => "unexpected end of query".to_owned(),
    };
    let expected = message
        .split_once("expected ")
        .map(|(_, e)| e)
        .filter(|e| e.len() <= 60)
        .map(|e| format!(" (expected {e})"))
        .unwrap_or_default();
    QueryError::Syntax {
        message: format!("SPARQL syntax error at line {line}, column {column}: {found}{expected}"),
        position,
    }
    .into()
}

/// True when `text` parses as a SPARQL update (INSERT, DELETE, LOAD,
/// CLEAR…) with the predeclared prefixes: refused with a sentence that
/// says so, rather than as a query's syntax error.
fn is_update(text: &str) -> bool {
    parser().parse_update(text).is_ok()
}
