//! The six SELECTs the projection asks of the graph (plans, tasks, roles,
//! units, unit aliases, task facts), over the whole graph and never one per
//! node, and their result rows as plain strings ([`RawGraph`]).

use oxigraph::model::Term;

use super::super::request::Filters;
use super::super::AnalysisError;
use crate::store::{Backend, BackendExt, SelectRows};

const PLANS_QUERY: &str = "SELECT ?plan ?title ?group ?start ?end ?parent WHERE {
  ?plan a pg:Plan .
  OPTIONAL { ?plan dcterms:title ?title }
  OPTIONAL { ?plan pg:planGroup ?group }
  OPTIONAL { ?plan pg:startYear ?start }
  OPTIONAL { ?plan pg:endYear ?end }
  OPTIONAL { ?plan dcterms:isPartOf ?parent }
}";

const TASKS_QUERY: &str = "SELECT ?task ?plan ?number ?title WHERE {
  ?task a pg:Task .
  OPTIONAL { ?task pg:plan ?plan }
  OPTIONAL { ?task pg:number ?number }
  OPTIONAL { ?task dcterms:title ?title }
}";

const ROLES_QUERY: &str = "SELECT ?task ?unit ?role WHERE {
  ?task a pg:Task .
  { ?task pg:leadUnit ?unit . BIND(\"lead\" AS ?role) }
  UNION
  { ?task pg:cooperatingUnit ?unit . BIND(\"cooperating\" AS ?role) }
}";

const UNITS_QUERY: &str = "SELECT ?unit ?name ?collective ?successor WHERE {
  ?unit a pg:Unit .
  OPTIONAL { ?unit skos:prefLabel ?name }
  OPTIONAL { ?unit pg:collective ?collective }
  OPTIONAL { ?unit pg:succeededBy ?successor }
}";

const ALIASES_QUERY: &str = "SELECT ?unit ?alias ?kind WHERE {
  ?unit a pg:Unit .
  { ?unit skos:altLabel ?alias . BIND(\"alt\" AS ?kind) }
  UNION { ?unit pg:fullName ?alias . BIND(\"full\" AS ?kind) }
  UNION { ?unit rdfs:label ?alias . BIND(\"english\" AS ?kind) }
}";

/// Facts about tasks and plans used by filters and profiles, one row per fact.
const FACTS_QUERY: &str = "SELECT ?subject ?kind ?value WHERE {
  { ?subject a pg:Task ; pg:target ?target . ?target pg:targetText ?value . BIND(\"target\" AS ?kind) }
  UNION { ?subject a pg:Task ; pg:deadline ?value . BIND(\"deadline\" AS ?kind) }
  UNION { ?subject a pg:Task ; pg:dueDate ?value . BIND(\"due\" AS ?kind) }
  UNION { ?subject a pg:Task ; pg:mentionsRegion ?region . ?region skos:prefLabel ?value . BIND(\"region\" AS ?kind) }
  UNION { ?subject a pg:Task ; pg:mentionsRegion ?region . ?parent pg:containsRegion ?region .
          ?parent skos:prefLabel ?value . BIND(\"region\" AS ?kind) }
  UNION { ?subject a pg:Task ; pg:mentionsRegion ?region . ?region pg:partOf+ ?parent .
          ?parent skos:prefLabel ?value . BIND(\"region\" AS ?kind) }
  UNION { ?subject pg:industry ?industry . ?industry skos:prefLabel|rdfs:label ?value . BIND(\"industry\" AS ?kind) }
}";

/// One result row: the values of the query's variables, in the order the
/// table's comment gives (IRIs as text, literals as their lexical value).
pub(in crate::analysis) type Row = Vec<Option<String>>;

/// The six result sets, before they become a [`Projection`]. Each table has
/// the columns of its query, in order: `plans` (plan, title, group, start,
/// end, parent), `tasks` (task, plan, number, title), `roles` (task, unit,
/// role), `units` (unit, name, collective, successor), `aliases` (unit,
/// alias, kind), `facts` (subject, kind, value). Row order and duplicates
/// do not matter.
#[derive(Debug, Default, PartialEq)]
pub(in crate::analysis) struct RawGraph {
    pub plans: Vec<Row>,
    pub tasks: Vec<Row>,
    pub roles: Vec<Row>,
    pub units: Vec<Row>,
    pub aliases: Vec<Row>,
    pub facts: Vec<Row>,
}

/// The pattern that keeps, in the tasks and roles queries, only the tasks
/// of plans (or of plans they are part of) that start in one of the
/// years `filters` asks for; empty without a year filter. The store then
/// sends only those rows — a few per cent of a large corpus for one year
/// — and the assembly applies the filters exactly, as it does without
/// this pattern, so the projection is the same either way.
fn year_scope(filters: &Filters) -> String {
    if filters.year.is_empty() {
        return String::new();
    }
    let years: Vec<String> = filters.year.iter().map(|y| format!("\"{y}\"")).collect();
    // The plans in scope first (a handful), then their tasks: a FILTER
    // EXISTS with the path per task was minutes on a store across a network.
    format!(
        "{{ SELECT DISTINCT ?scopedPlan WHERE {{ ?scopedPlan dcterms:isPartOf* ?scope . ?scope pg:startYear ?start FILTER(STR(?start) IN ({})) }} }} ?task pg:plan ?scopedPlan .",
        years.join(", ")
    )
}

/// `query` with `scope` inserted after its first `?task a pg:Task .`.
fn scoped(query: &str, scope: &str) -> String {
    if scope.is_empty() {
        return query.to_owned();
    }
    query.replacen(
        "?task a pg:Task .",
        &format!("?task a pg:Task . {scope}"),
        1,
    )
}

impl RawGraph {
    /// Asks `source` the six SELECTs (the tests compare it with the records).
    #[cfg(test)]
    pub fn from_sparql(source: &dyn Backend) -> Result<RawGraph, AnalysisError> {
        RawGraph::from_sparql_for(source, &Filters::default())
    }

    /// [`RawGraph::from_sparql`] asking only for the tasks `filters` can
    /// keep (its year filter is pushed into the tasks and roles queries).
    pub fn from_sparql_for(
        source: &dyn Backend,
        filters: &Filters,
    ) -> Result<RawGraph, AnalysisError> {
        let table = |query: &str, what: &'static str, columns: &[&'static str]| {
            let rows = source.select(query)?;
            Ok::<_, AnalysisError>(Columns::new(&rows, what, columns)?.rows().collect())
        };
        let scope = year_scope(filters);
        Ok(RawGraph {
            plans: table(
                PLANS_QUERY,
                "plans",
                &["plan", "title", "group", "start", "end", "parent"],
            )?,
            tasks: table(
                &scoped(TASKS_QUERY, &scope),
                "tasks",
                &["task", "plan", "number", "title"],
            )?,
            roles: table(
                &scoped(ROLES_QUERY, &scope),
                "roles",
                &["task", "unit", "role"],
            )?,
            units: table(
                UNITS_QUERY,
                "units",
                &["unit", "name", "collective", "successor"],
            )?,
            aliases: table(ALIASES_QUERY, "unit aliases", &["unit", "alias", "kind"])?,
            facts: table(FACTS_QUERY, "task facts", &["subject", "kind", "value"])?,
        })
    }
}

/// Reads named columns of a result set as optional strings.
struct Columns<'a> {
    rows: &'a SelectRows,
    indices: Vec<Option<usize>>,
}

impl<'a> Columns<'a> {
    fn new(
        rows: &'a SelectRows,
        what: &'static str,
        names: &[&'static str],
    ) -> Result<Self, AnalysisError> {
        let indices: Vec<Option<usize>> = names.iter().map(|n| rows.column(n)).collect();
        // The first column is the subject: without it nothing can be read.
        if indices.first().is_some_and(Option::is_none) && !rows.rows.is_empty() {
            return Err(AnalysisError::MissingColumn {
                what,
                column: names[0],
            });
        }
        Ok(Columns { rows, indices })
    }

    fn rows(&self) -> impl Iterator<Item = Vec<Option<String>>> + '_ {
        self.rows.rows.iter().map(|row| {
            self.indices
                .iter()
                .map(|i| {
                    i.and_then(|i| row.get(i))
                        .and_then(Option::as_ref)
                        .map(term_text)
                })
                .collect()
        })
    }
}

/// The IRI of a named node, the lexical value of a literal.
fn term_text(term: &Term) -> String {
    match term {
        Term::NamedNode(node) => node.as_str().to_owned(),
        Term::Literal(literal) => literal.value().to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A year filter is pushed into the tasks and roles queries: the store
    /// sends the rows of that year's tasks only, and the projection is the
    /// one the records give under the same filter.
    #[test]
    fn a_year_filter_fetches_only_that_years_tasks() {
        let corpus = crate::ingest::ingest(&crate::ingest::embedded::embedded_sources()).unwrap();
        let store = crate::store::store_from_corpus(&corpus).unwrap();
        let filters = Filters {
            year: vec![2023],
            ..Filters::default()
        };
        let all = RawGraph::from_sparql(&store).unwrap();
        let scoped = RawGraph::from_sparql_for(&store, &filters).unwrap();
        assert!(!scoped.tasks.is_empty());
        assert!(
            scoped.tasks.len() * 3 < all.tasks.len(),
            "{} of {}",
            scoped.tasks.len(),
            all.tasks.len()
        );
        assert!(scoped.roles.len() * 3 < all.roles.len());
        let from_store = scoped.into_projection(&filters).unwrap();
        let from_records = super::super::Projection::from_corpus(&corpus, &filters).unwrap();
        assert_eq!(from_store.tasks.len(), from_records.tasks.len());
        assert_eq!(
            from_store.tasks.iter().map(|t| &t.iri).collect::<Vec<_>>(),
            from_records
                .tasks
                .iter()
                .map(|t| &t.iri)
                .collect::<Vec<_>>()
        );
    }
}
