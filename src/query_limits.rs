//! Limits on how deeply a SPARQL query may nest, checked before it is
//! parsed for evaluation.
//!
//! The SPARQL parser (spargebra), the optimizer (sparopt), the evaluator
//! and `query_scope.rs` all recurse on the query's structure. A query
//! nested a few thousand levels deep — `BIND((((…1…))) AS ?x)`, a UNION of
//! 4,000 branches, a `||` chain of 10,000 terms — overflowed the machine
//! stack and aborted the process (a REPL session with it), and a few
//! hundred joined groups kept the optimizer busy for minutes, where no
//! timeout reaches. Such queries are refused with one sentence instead.
//!
//! Two checks, in this order:
//! 1. On the text, before any parsing: bracket nesting (`(`, `{`, `[`
//!    outside strings, IRIs and comments), because the parser itself
//!    recurses once per bracket. The text is only tokenized, without
//!    recursion.
//! 2. On the parsed algebra, walked with an explicit stack (no recursion):
//!    the longest UNION, the depth of nested graph patterns (each OPTIONAL,
//!    MINUS, FILTER, BIND, sub-select and path step is one level), the
//!    triple patterns of one group, and the depth of nested expressions
//!    (each `||`, `&&`, `+` … is one).
//!
//! The limits are far above what a person writes and low enough that the
//! optimizer plans any accepted query in about a second.

use spargebra::algebra::{
    AggregateExpression, Expression, GraphPattern, OrderExpression, PropertyPathExpression,
};
use spargebra::{Query, SparqlParser};

use crate::model::iri::PREFIXES;
use crate::sparql_lexer::{Lexer, TokenKind};

/// Deepest bracket nesting in the text.
pub const MAX_BRACKET_DEPTH: usize = 128;
/// Most branches in one UNION (VALUES is the way to list many cases).
pub const MAX_UNION_BRANCHES: usize = 100;
/// Deepest nesting of graph patterns and path steps.
pub const MAX_PATTERN_DEPTH: usize = 100;
/// Most triple patterns in one basic graph pattern (the parser merges
/// `{ A } { B }` into one); the optimizer's planning grows steeply with it.
pub const MAX_TRIPLE_PATTERNS: usize = 100;
/// Deepest nesting of expressions (a chain of `||` is one level per term).
pub const MAX_EXPRESSION_DEPTH: usize = 256;

/// A query beyond one of the limits, with what exceeded it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryLimitError {
    #[error("the query nests brackets more than {MAX_BRACKET_DEPTH} deep (at line {line})")]
    Brackets { line: usize },
    #[error(
        "the query has a UNION of {branches} branches (the limit is {MAX_UNION_BRANCHES}; list the cases with VALUES instead)"
    )]
    UnionBranches { branches: usize },
    #[error(
        "the query nests graph patterns more than {MAX_PATTERN_DEPTH} deep (each OPTIONAL, MINUS, FILTER, BIND, sub-select and path step is one level)"
    )]
    PatternDepth,
    #[error(
        "the query has a group of {patterns} triple patterns (the limit is {MAX_TRIPLE_PATTERNS})"
    )]
    TriplePatterns { patterns: usize },
    #[error(
        "the query nests an expression more than {MAX_EXPRESSION_DEPTH} operators deep (for a long || of comparisons use IN (…) or VALUES)"
    )]
    ExpressionDepth,
}

/// Checks `query` (with the predeclared prefixes) against every limit.
/// A query that does not parse passes: the parser's own error is the one
/// to report.
pub fn check(query: &str) -> Result<(), QueryLimitError> {
    check_brackets(query)?;
    let mut parser = SparqlParser::new();
    for (prefix, namespace) in PREFIXES {
        parser = match parser.with_prefix(*prefix, *namespace) {
            Ok(parser) => parser,
            Err(_) => return Ok(()),
        };
    }
    match parser.parse_query(query) {
        Ok(parsed) => check_algebra(&parsed),
        Err(_) => Ok(()),
    }
}

/// Bracket nesting of the text, outside strings, IRIs and comments.
fn check_brackets(query: &str) -> Result<(), QueryLimitError> {
    let mut depth = 0usize;
    let mut line = 1;
    for token in Lexer::new(query) {
        match token.kind {
            TokenKind::Newline => line += 1,
            TokenKind::Str { .. } => line += query[token.start..token.end].matches('\n').count(),
            TokenKind::Punct('(' | '{' | '[') => {
                depth += 1;
                if depth > MAX_BRACKET_DEPTH {
                    return Err(QueryLimitError::Brackets { line });
                }
            }
            TokenKind::Punct(')' | '}' | ']') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// One node of the algebra still to visit, with its depths so far.
enum Node<'a> {
    Pattern(&'a GraphPattern, usize),
    Path(&'a PropertyPathExpression, usize),
    /// An expression, its expression depth and the pattern depth around it
    /// (EXISTS nests a pattern inside).
    Expression(&'a Expression, usize, usize),
}

/// Walks the algebra without recursion and checks the UNION width and the
/// pattern and expression depths.
fn check_algebra(query: &Query) -> Result<(), QueryLimitError> {
    let root = match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    let mut todo = vec![Node::Pattern(root, 1)];
    while let Some(node) = todo.pop() {
        match node {
            Node::Pattern(pattern, depth) => {
                if let GraphPattern::Union { .. } = pattern {
                    check_union(pattern)?;
                }
                if depth > MAX_PATTERN_DEPTH {
                    return Err(QueryLimitError::PatternDepth);
                }
                push_pattern_children(pattern, depth, &mut todo)?;
            }
            Node::Path(path, depth) => {
                if depth > MAX_PATTERN_DEPTH {
                    return Err(QueryLimitError::PatternDepth);
                }
                match path {
                    PropertyPathExpression::NamedNode(_)
                    | PropertyPathExpression::NegatedPropertySet(_) => {}
                    PropertyPathExpression::Reverse(inner)
                    | PropertyPathExpression::ZeroOrMore(inner)
                    | PropertyPathExpression::OneOrMore(inner)
                    | PropertyPathExpression::ZeroOrOne(inner) => {
                        todo.push(Node::Path(inner, depth + 1))
                    }
                    PropertyPathExpression::Sequence(a, b)
                    | PropertyPathExpression::Alternative(a, b) => {
                        todo.push(Node::Path(a, depth + 1));
                        todo.push(Node::Path(b, depth + 1));
                    }
                }
            }
            Node::Expression(expression, depth, pattern_depth) => {
                if depth > MAX_EXPRESSION_DEPTH {
                    return Err(QueryLimitError::ExpressionDepth);
                }
                push_expression_children(expression, depth, pattern_depth, &mut todo);
            }
        }
    }
    Ok(())
}

/// The branches of the UNION chain that starts at `pattern` (spargebra
/// nests `A UNION B UNION C` as `Union(Union(A, B), C)`), counted without
/// recursion.
fn check_union(pattern: &GraphPattern) -> Result<(), QueryLimitError> {
    let mut branches = 1;
    let mut todo = vec![pattern];
    while let Some(pattern) = todo.pop() {
        if let GraphPattern::Union { left, right } = pattern {
            branches += 1;
            todo.push(left);
            todo.push(right);
        }
    }
    if branches > MAX_UNION_BRANCHES {
        return Err(QueryLimitError::UnionBranches { branches });
    }
    Ok(())
}

fn push_pattern_children<'a>(
    pattern: &'a GraphPattern,
    depth: usize,
    todo: &mut Vec<Node<'a>>,
) -> Result<(), QueryLimitError> {
    let inner = depth + 1;
    let expression = |e: &'a Expression| Node::Expression(e, 1, inner);
    match pattern {
        GraphPattern::Values { .. } => {}
        GraphPattern::Bgp { patterns } => {
            if patterns.len() > MAX_TRIPLE_PATTERNS {
                return Err(QueryLimitError::TriplePatterns {
                    patterns: patterns.len(),
                });
            }
        }
        GraphPattern::Path { path, .. } => todo.push(Node::Path(path, inner)),
        // A UNION chain is one level: its width has its own limit.
        GraphPattern::Union { left, right } => {
            for branch in [left, right] {
                let level = match **branch {
                    GraphPattern::Union { .. } => depth,
                    _ => inner,
                };
                todo.push(Node::Pattern(branch, level));
            }
        }
        GraphPattern::Join { left, right }
        | GraphPattern::Minus { left, right }
        | GraphPattern::Lateral { left, right } => {
            todo.push(Node::Pattern(left, inner));
            todo.push(Node::Pattern(right, inner));
        }
        GraphPattern::LeftJoin {
            left,
            right,
            expression: filter,
        } => {
            todo.push(Node::Pattern(left, inner));
            todo.push(Node::Pattern(right, inner));
            todo.extend(filter.iter().map(expression));
        }
        GraphPattern::Filter { expr, inner: child } => {
            todo.push(expression(expr));
            todo.push(Node::Pattern(child, inner));
        }
        GraphPattern::Extend {
            inner: child,
            expression: bound,
            ..
        } => {
            todo.push(expression(bound));
            todo.push(Node::Pattern(child, inner));
        }
        GraphPattern::OrderBy {
            inner: child,
            expression: order,
        } => {
            todo.extend(order.iter().map(|o| match o {
                OrderExpression::Asc(e) | OrderExpression::Desc(e) => expression(e),
            }));
            todo.push(Node::Pattern(child, inner));
        }
        GraphPattern::Group {
            inner: child,
            aggregates,
            ..
        } => {
            for (_, aggregate) in aggregates {
                if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                    todo.push(expression(expr));
                }
            }
            todo.push(Node::Pattern(child, inner));
        }
        GraphPattern::Graph { inner: child, .. }
        | GraphPattern::Project { inner: child, .. }
        | GraphPattern::Distinct { inner: child }
        | GraphPattern::Reduced { inner: child }
        | GraphPattern::Slice { inner: child, .. }
        | GraphPattern::Service { inner: child, .. } => todo.push(Node::Pattern(child, inner)),
    }
    Ok(())
}

fn push_expression_children<'a>(
    expression: &'a Expression,
    depth: usize,
    pattern_depth: usize,
    todo: &mut Vec<Node<'a>>,
) {
    let child = |e: &'a Expression| Node::Expression(e, depth + 1, pattern_depth);
    match expression {
        Expression::NamedNode(_)
        | Expression::Literal(_)
        | Expression::Variable(_)
        | Expression::Bound(_) => {}
        Expression::Exists(pattern) => todo.push(Node::Pattern(pattern, pattern_depth + 1)),
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
            todo.push(child(a));
            todo.push(child(b));
        }
        Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
            todo.push(child(a))
        }
        Expression::In(a, list) => {
            todo.push(child(a));
            todo.extend(list.iter().map(child));
        }
        Expression::If(a, b, c) => {
            todo.push(child(a));
            todo.push(child(b));
            todo.push(child(c));
        }
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
            todo.extend(list.iter().map(child))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested_bind(depth: usize) -> String {
        format!(
            "SELECT * WHERE {{ BIND({}1{} AS ?x) }}",
            "(".repeat(depth),
            ")".repeat(depth)
        )
    }

    fn union(branches: usize) -> String {
        let branch = "{ ?s pg:plan ?o }";
        format!(
            "SELECT * WHERE {{ {} }}",
            vec![branch; branches].join(" UNION ")
        )
    }

    fn or_chain(terms: usize) -> String {
        let terms: Vec<String> = (0..terms).map(|i| format!("?o = {i}")).collect();
        format!(
            "SELECT * WHERE {{ ?s pg:plan ?o FILTER({}) }}",
            terms.join(" || ")
        )
    }

    fn joined_groups(groups: usize) -> String {
        format!(
            "SELECT * WHERE {{ {} }}",
            vec!["{ ?s pg:plan ?o }"; groups].join(" ")
        )
    }

    fn optionals(count: usize) -> String {
        format!(
            "SELECT * WHERE {{ ?s pg:plan ?o {} }}",
            vec!["OPTIONAL { ?s pg:plan ?o }"; count].join(" ")
        )
    }

    #[test]
    fn queries_within_the_limits_pass() {
        for query in [
            nested_bind(MAX_BRACKET_DEPTH - 3),
            union(MAX_UNION_BRANCHES),
            or_chain(MAX_EXPRESSION_DEPTH - 10),
            joined_groups(MAX_TRIPLE_PATTERNS),
            optionals(MAX_PATTERN_DEPTH - 10),
            "SELECT * WHERE { ?s pg:plan/pg:plan/pg:plan ?o FILTER(?o IN (1, 2, 3)) }".into(),
            // Brackets inside strings, IRIs and comments do not count.
            format!(
                "SELECT * WHERE {{ ?s ?p \"{}\" # {}\n}}",
                "(".repeat(1000),
                "{".repeat(1000)
            ),
            "SELECT WHERE {".into(),
        ] {
            assert_eq!(check(&query), Ok(()), "{query}");
        }
    }

    #[test]
    fn each_limit_names_what_exceeded_it() {
        assert_eq!(
            check(&nested_bind(4000)),
            Err(QueryLimitError::Brackets { line: 1 })
        );
        assert_eq!(
            check(&union(4000)),
            Err(QueryLimitError::UnionBranches { branches: 4000 })
        );
        assert_eq!(
            check(&or_chain(10_000)).unwrap_err().to_string(),
            "the query nests an expression more than 256 operators deep (for a long || of comparisons use IN (…) or VALUES)"
        );
        assert_eq!(
            check(&joined_groups(400)),
            Err(QueryLimitError::TriplePatterns { patterns: 400 })
        );
        assert_eq!(check(&optionals(400)), Err(QueryLimitError::PatternDepth));
        // A sequence of IRIs becomes one triple pattern per step.
        let sequence = format!(
            "SELECT * WHERE {{ ?s {} ?o }}",
            vec!["pg:plan"; 1000].join("/")
        );
        assert_eq!(
            check(&sequence),
            Err(QueryLimitError::TriplePatterns { patterns: 1000 })
        );
        let alternatives = format!(
            "SELECT * WHERE {{ ?s ({})+ ?o }}",
            vec!["pg:plan"; 1000].join("|")
        );
        assert_eq!(check(&alternatives), Err(QueryLimitError::PatternDepth));
        let deep_line = format!("SELECT * WHERE {{\n\n{}", "{ ".repeat(200));
        assert_eq!(
            check(&deep_line),
            Err(QueryLimitError::Brackets { line: 3 })
        );
    }
}
