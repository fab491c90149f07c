//! Parameters of SPARQL query files: declared in the file's header, given
//! on the command line (`--param unit=省工信厅`) or to `\run`
//! (`\run tasks-led-by-unit unit=省工信厅`), resolved against the graph and
//! bound to the query's variables as RDF terms.
//!
//! A header line reads `# param: NAME TYPE DEFAULT DESCRIPTION…`, e.g.
//! `# param: unit unit 省科技厅 the unit whose tasks are listed`; `-` as
//! DEFAULT makes the parameter required. A value is never pasted into the
//! query text: it becomes a term (an IRI found in the graph, a typed literal)
//! put in a `VALUES ?NAME { term }` block that [`with_values`] joins into
//! the parsed query's WHERE pattern (spargebra's algebra), so no value can
//! change what the query does.

use oxigraph::model::{Literal, NamedNode, Term, Variable};
use spargebra::algebra::GraphPattern;
use spargebra::term::GroundTerm;
use spargebra::{Query, SparqlParser};

use crate::model::iri::{instance, Kind, PREFIXES};
use crate::store::{Backend, BackendExt};

/// What kind of value a parameter takes, and how a typed value is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// A unit: any of its names (`省工信厅`, `山东省科学技术厅`), `unit:NAME` or an IRI.
    Unit,
    /// A plan: an IRI local name (`2022-科技研发创新`), a title, `plan:…` or an IRI.
    Plan,
    /// A task: its IRI local name (`2022-科技研发创新-2-n1`), `task:…` or an IRI.
    Task,
    /// Any IRI, as `<…>` or a prefixed name (`region:青岛`).
    Iri,
    /// A plain string literal.
    String,
    /// An xsd:integer (a year, a count).
    Integer,
}

impl ParamType {
    const ALL: [(&'static str, ParamType); 6] = [
        ("unit", ParamType::Unit),
        ("plan", ParamType::Plan),
        ("task", ParamType::Task),
        ("iri", ParamType::Iri),
        ("string", ParamType::String),
        ("integer", ParamType::Integer),
    ];

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, kind)| *kind)
    }

    /// True for the types whose values are looked up in the graph.
    pub fn resolved_in_graph(self) -> bool {
        matches!(self, ParamType::Unit | ParamType::Plan | ParamType::Task)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, kind)| *kind == self)
            .map(|(n, _)| *n)
            .unwrap_or("string")
    }
}

/// One declared parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The variable it binds, without `?`.
    pub name: String,
    pub kind: ParamType,
    /// The value used when none is given; `None` makes it required.
    pub default: Option<String>,
    pub description: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParamError {
    #[error("line {line} of the query header: `# param:` needs NAME TYPE DEFAULT DESCRIPTION, e.g. `# param: unit unit 省科技厅 the unit`")]
    Malformed { line: usize },
    #[error("line {line} of the query header: parameter type '{kind}' is not one of unit, plan, task, iri, string, integer")]
    UnknownType { line: usize, kind: String },
    #[error("'{0}' is not NAME=VALUE (e.g. unit=省工信厅)")]
    NotAssignment(String),
    #[error("the query has no parameter '{name}' ({declared})")]
    Undeclared { name: String, declared: String },
    #[error("parameter '{0}' is given twice")]
    Repeated(String),
    #[error("parameter '{name}' is required: give {name}=VALUE ({description})")]
    Missing { name: String, description: String },
    #[error("parameter '{name}' is an integer, not '{value}'")]
    NotInteger { name: String, value: String },
    #[error("parameter '{name}': '{value}' is not an IRI or a known prefixed name")]
    NotIri { name: String, value: String },
    #[error("parameter '{name}': no task is called '{value}' (give its IRI local name, e.g. 2022-科技研发创新-2-n1)")]
    UnknownTask { name: String, value: String },
    #[error("parameter '{name}': {reason}")]
    Unresolved { name: String, reason: String },
    #[error("cannot bind the parameters: {0}")]
    Syntax(String),
}

/// The parameters declared by `# param:` lines among the leading comments.
pub fn declared(text: &str) -> Result<Vec<Param>, ParamError> {
    let mut params = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let trimmed = line.trim_start();
        if !trimmed.starts_with('#') {
            if trimmed.is_empty() {
                continue;
            }
            break;
        }
        let rest = trimmed.trim_start_matches('#').trim_start();
        let Some(spec) = rest.strip_prefix("param:") else {
            continue;
        };
        let mut words = spec.split_whitespace();
        let (Some(name), Some(kind), Some(default)) = (words.next(), words.next(), words.next())
        else {
            return Err(ParamError::Malformed { line: line_number });
        };
        let name = name.trim_start_matches('?');
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(ParamError::Malformed { line: line_number });
        }
        let kind = ParamType::from_name(kind).ok_or_else(|| ParamError::UnknownType {
            line: line_number,
            kind: kind.to_owned(),
        })?;
        params.push(Param {
            name: name.to_owned(),
            kind,
            default: (default != "-").then(|| default.to_owned()),
            description: words.collect::<Vec<_>>().join(" "),
        });
    }
    Ok(params)
}

/// Splits `NAME=VALUE` words.
pub fn assignments<S: AsRef<str>>(words: &[S]) -> Result<Vec<(String, String)>, ParamError> {
    words
        .iter()
        .map(|word| {
            let word = word.as_ref();
            match word.split_once('=') {
                Some((name, value)) if !name.trim().is_empty() => Ok((
                    name.trim().trim_start_matches('?').to_owned(),
                    value.trim().to_owned(),
                )),
                _ => Err(ParamError::NotAssignment(word.to_owned())),
            }
        })
        .collect()
}

/// The term each declared parameter is bound to: the given value or the
/// default, resolved for its type. Names given but not declared, given
/// twice, or required and missing are errors.
pub fn bind(
    source: &dyn Backend,
    params: &[Param],
    given: &[(String, String)],
) -> Result<Vec<(Variable, Term)>, ParamError> {
    for (i, (name, _)) in given.iter().enumerate() {
        if !params.iter().any(|p| &p.name == name) {
            let declared = if params.is_empty() {
                "it declares none; a `# param:` header line declares one".to_owned()
            } else {
                format!(
                    "it declares {}",
                    params
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            return Err(ParamError::Undeclared {
                name: name.clone(),
                declared,
            });
        }
        if given[..i].iter().any(|(earlier, _)| earlier == name) {
            return Err(ParamError::Repeated(name.clone()));
        }
    }
    params
        .iter()
        .map(|param| {
            let value = given
                .iter()
                .find(|(name, _)| *name == param.name)
                .map(|(_, value)| value.clone())
                .or_else(|| param.default.clone())
                .ok_or_else(|| ParamError::Missing {
                    name: param.name.clone(),
                    description: param.description.clone(),
                })?;
            let term = resolve(source, param, &value)?;
            Ok((Variable::new_unchecked(param.name.clone()), term))
        })
        .collect()
}

/// `value` as a term of the parameter's type.
fn resolve(source: &dyn Backend, param: &Param, value: &str) -> Result<Term, ParamError> {
    let name = param.name.clone();
    let unresolved = |reason: String| ParamError::Unresolved {
        name: name.clone(),
        reason,
    };
    match param.kind {
        ParamType::String => Ok(Literal::new_simple_literal(value).into()),
        ParamType::Integer => value
            .parse::<i64>()
            .map(|n| Literal::from(n).into())
            .map_err(|_| ParamError::NotInteger {
                name: name.clone(),
                value: value.to_owned(),
            }),
        ParamType::Iri => iri(value)
            .map(Term::from)
            .ok_or_else(|| ParamError::NotIri {
                name: name.clone(),
                value: value.to_owned(),
            }),
        ParamType::Unit => crate::export::slices::resolve_unit(source, value)
            .map(|iri| NamedNode::new_unchecked(iri).into())
            .map_err(|e| unresolved(e.to_string())),
        ParamType::Plan => crate::export::slices::resolve_plan(source, value)
            .map(|iri| NamedNode::new_unchecked(iri).into())
            .map_err(|e| unresolved(e.to_string())),
        ParamType::Task => {
            let task = iri(value)
                .filter(|_| value.contains(':'))
                .unwrap_or_else(|| NamedNode::new_unchecked(instance(Kind::Task, value)));
            // A validated IRI holds no `>`, so it cannot leave the brackets.
            let rows = source
                .select(&format!(
                    "SELECT ?t WHERE {{ BIND({task} AS ?t) ?t a pg:Task }}"
                ))
                .map_err(|e| unresolved(e.to_string()))?;
            if !rows.rows.is_empty() {
                Ok(task.into())
            } else {
                Err(ParamError::UnknownTask {
                    name: name.clone(),
                    value: value.to_owned(),
                })
            }
        }
    }
}

/// `<iri>`, an absolute IRI, or a prefixed name with a predeclared prefix.
fn iri(value: &str) -> Option<NamedNode> {
    let value = value.trim();
    if let Some(inner) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
        return NamedNode::new(inner).ok();
    }
    if value.starts_with("http://") || value.starts_with("https://") {
        return NamedNode::new(value).ok();
    }
    let (prefix, local) = value.split_once(':')?;
    let (_, namespace) = PREFIXES.iter().find(|(p, _)| *p == prefix)?;
    let kind = match prefix {
        "doc" => Some(Kind::Document),
        "plan" => Some(Kind::Plan),
        "task" => Some(Kind::Task),
        "unit" => Some(Kind::Unit),
        "region" => Some(Kind::Region),
        "industry" => Some(Kind::Industry),
        _ => None,
    };
    // Instance names are minted through `instance` so that a name with
    // characters a prefixed name escapes gets the same IRI as in the graph.
    let full = match kind {
        Some(kind) => instance(kind, local),
        None => format!("{namespace}{local}"),
    };
    NamedNode::new(full).ok()
}

/// The query `text` with `bindings` joined into its WHERE pattern as one
/// VALUES block, printed back as SPARQL (full IRIs, no prefixes needed).
/// The VALUES block sits inside the solution modifiers (GROUP BY, ORDER BY,
/// projection, LIMIT), where a VALUES line in the WHERE clause would be, so
/// a parameter need not be projected.
pub fn with_values(text: &str, bindings: &[(Variable, Term)]) -> Result<String, ParamError> {
    if bindings.is_empty() {
        return Ok(text.to_owned());
    }
    let mut parser = SparqlParser::new();
    for (prefix, namespace) in PREFIXES {
        parser = parser
            .with_prefix(*prefix, *namespace)
            .map_err(|e| ParamError::Syntax(e.to_string()))?;
    }
    let mut query = parser
        .parse_query(text)
        .map_err(|e| ParamError::Syntax(e.to_string()))?;
    let values = GraphPattern::Values {
        variables: bindings.iter().map(|(v, _)| v.clone()).collect(),
        bindings: vec![bindings
            .iter()
            .map(|(_, term)| ground(term))
            .collect::<Result<Vec<_>, _>>()?],
    };
    let pattern = match &mut query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    join_into_where(pattern, values);
    Ok(query.to_string())
}

/// Joins `values` with the WHERE pattern under the solution modifiers.
fn join_into_where(pattern: &mut GraphPattern, values: GraphPattern) {
    match pattern {
        GraphPattern::Slice { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Group { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::Filter { inner, .. } => join_into_where(inner, values),
        where_pattern => {
            let right = std::mem::replace(where_pattern, GraphPattern::Bgp { patterns: vec![] });
            *where_pattern = GraphPattern::Join {
                left: Box::new(values),
                right: Box::new(right),
            };
        }
    }
}

fn ground(term: &Term) -> Result<Option<GroundTerm>, ParamError> {
    match term {
        Term::NamedNode(node) => Ok(Some(GroundTerm::NamedNode(node.clone()))),
        Term::Literal(literal) => Ok(Some(GroundTerm::Literal(literal.clone()))),
        other => Err(ParamError::Syntax(format!(
            "{other} cannot be a parameter value"
        ))),
    }
}

/// `name=default` of each parameter, for listings (`\queries`, the README).
pub fn summary(params: &[Param]) -> String {
    params
        .iter()
        .map(|p| match &p.default {
            Some(default) => format!("{}={default}", p.name),
            None => format!("{}=… (required)", p.name),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_declare_parameters() {
        let text = "# title: T\n# param: unit unit 省科技厅 the unit whose tasks are listed\n# param: ?year integer - the year\nSELECT * WHERE { ?t pg:leadUnit ?unit }\n# param: late string x not a header";
        let params = declared(text).unwrap();
        assert_eq!(params.len(), 2);
        assert_eq!(params[0].name, "unit");
        assert_eq!(params[0].kind, ParamType::Unit);
        assert_eq!(params[0].default.as_deref(), Some("省科技厅"));
        assert_eq!(params[0].description, "the unit whose tasks are listed");
        assert_eq!(
            (params[1].name.as_str(), params[1].default.clone()),
            ("year", None)
        );
        assert_eq!(
            declared("# param: unit\nASK {}"),
            Err(ParamError::Malformed { line: 1 })
        );
        assert_eq!(
            declared("# t\n# param: u colour red x\nASK {}"),
            Err(ParamError::UnknownType {
                line: 2,
                kind: "colour".into()
            })
        );
    }

    #[test]
    fn assignments_split_on_the_first_equals_sign() {
        assert_eq!(
            assignments(&["unit=省工信厅", "text=a=b"]).unwrap(),
            vec![
                ("unit".to_owned(), "省工信厅".to_owned()),
                ("text".to_owned(), "a=b".to_owned())
            ]
        );
        assert_eq!(
            assignments(&["省工信厅"]),
            Err(ParamError::NotAssignment("省工信厅".into()))
        );
    }

    #[test]
    fn values_join_the_where_pattern_inside_group_by_and_order_by() {
        let unit = NamedNode::new_unchecked(instance(Kind::Unit, "省科技厅"));
        let text = "SELECT ?plan (COUNT(*) AS ?n) WHERE { ?t pg:leadUnit ?unit ; pg:plan ?plan } GROUP BY ?plan ORDER BY ?plan LIMIT 3";
        let bound = with_values(
            text,
            &[(Variable::new_unchecked("unit"), unit.clone().into())],
        )
        .unwrap();
        let values = format!("VALUES ( ?unit ) {{ ( {unit} )");
        assert!(bound.contains(&values), "{bound}");
        // The block is inside the WHERE braces, before GROUP BY.
        assert!(
            bound.find(&values).unwrap() < bound.find("GROUP BY").unwrap(),
            "{bound}"
        );
        // A value with quotes and braces stays one literal.
        let sneaky = Literal::new_simple_literal("x\" } DROP ALL { \"");
        let bound = with_values(
            "ASK { ?s ?p ?text }",
            &[(Variable::new_unchecked("text"), sneaky.into())],
        )
        .unwrap();
        let reparsed = SparqlParser::new().parse_query(&bound).unwrap();
        assert!(matches!(reparsed, Query::Ask { .. }));
        assert!(
            bound.contains(r#"( "x\" } DROP ALL { \"" )"#),
            "the value stays one escaped literal: {bound}"
        );
    }

    #[test]
    fn iris_come_from_brackets_absolute_iris_and_known_prefixes() {
        assert_eq!(
            iri("region:青岛").unwrap().as_str(),
            instance(Kind::Region, "青岛")
        );
        assert_eq!(iri("<http://x/y>").unwrap().as_str(), "http://x/y");
        assert!(iri("foo:bar").is_none());
        assert!(iri("http://x/a b").is_none());
    }
}
