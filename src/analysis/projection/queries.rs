//! The six SELECTs the projection asks of the graph (plans, tasks, roles,
//! units, unit aliases, task facts), over the whole graph and never one per
//! node, and their result rows as plain strings ([`RawGraph`]).

use oxigraph::model::Term;

use super::super::request::Filters;
use super::super::AnalysisError;
use super::filters::{plans_by_iri, FilterCheck};
use crate::store::{is_truncated, Backend, BackendExt, SelectRows};

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

/// Facts about tasks used by filters and profiles, and the industries of
/// plans (which their tasks inherit), one row per fact. The tasks' part is
/// a group of its own so that the filters' scope narrows it alone.
const FACTS_QUERY: &str = "SELECT ?subject ?kind ?value WHERE {
  { ?subject a pg:Task .
    { ?subject pg:target ?target . ?target pg:targetText ?value . BIND(\"target\" AS ?kind) }
    UNION { ?subject pg:deadline ?value . BIND(\"deadline\" AS ?kind) }
    UNION { ?subject pg:dueDate ?value . BIND(\"due\" AS ?kind) }
    UNION { ?subject pg:mentionsRegion ?region . ?region skos:prefLabel ?value . BIND(\"region\" AS ?kind) }
    UNION { ?subject pg:mentionsRegion ?region . ?parent pg:containsRegion ?region .
            ?parent skos:prefLabel ?value . BIND(\"region\" AS ?kind) }
    UNION { ?subject pg:mentionsRegion ?region . ?region pg:partOf+ ?parent .
            ?parent skos:prefLabel ?value . BIND(\"region\" AS ?kind) }
    UNION { ?subject pg:industry ?industry . ?industry skos:prefLabel|rdfs:label ?value . BIND(\"industry\" AS ?kind) } }
  UNION { ?subject a pg:Plan ; pg:industry ?industry . ?industry skos:prefLabel|rdfs:label ?value .
          BIND(\"industry\" AS ?kind) }
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
    /// Whether any task mentions the region filter's region, when the
    /// tasks asked for cannot tell (they were narrowed by the filters).
    pub region_mentioned: Option<bool>,
}

/// At most this many plan IRIs in one query's `VALUES` (a store's request
/// size stays small; a year's plans at 100× the corpus fit in one or two).
#[cfg(not(test))]
const PLANS_PER_QUERY: usize = 200;
/// Small in the unit tests, so that the corpus's filters take several
/// batches there.
#[cfg(test)]
const PLANS_PER_QUERY: usize = 3;

/// Hex digits of an MD5 digest, the parts a cut-short answer is asked in.
const DIGITS: &str = "0123456789abcdef";

/// How many trailing hex digits a part may be narrowed to (4,096 parts)
/// before a cut-short answer is given up as the store's error.
const MAX_PART_DIGITS: usize = 3;

/// What the tasks, roles and task facts queries are narrowed to, so that a
/// store sends only the rows the filters can keep. The assembly still
/// applies every filter exactly; this only leaves out rows it would drop.
struct TaskScope {
    /// The plans whose tasks the plan-level filters (year, plan group,
    /// plan title) can keep, decided here on the plans' rows exactly as the
    /// assembly decides; `None` without such a filter.
    plans: Option<Vec<String>>,
    /// Graph patterns binding `?task` to the tasks that mention the region
    /// or have the industry asked for (a superset of what the assembly keeps).
    patterns: Vec<String>,
}

impl TaskScope {
    fn new(filters: &Filters, plans: &[Row]) -> TaskScope {
        let check = FilterCheck::new(filters);
        let plans = check.has_plan_filters().then(|| {
            let by_iri = plans_by_iri(plans);
            by_iri
                .keys()
                .filter(|iri| check.keeps_plan(&by_iri, iri))
                .cloned()
                .collect()
        });
        let mut patterns = Vec::new();
        if let Some(region) = check.region() {
            patterns.push(format!(
                "{{ SELECT DISTINCT ?task WHERE {{ {} }} }}",
                region_pattern(region)
            ));
        }
        if let Some(industry) = check.industry() {
            patterns.push(format!(
                "{{ SELECT DISTINCT ?task WHERE {{
  {{ ?task pg:industry ?scopeIndustry }}
  UNION {{ ?task pg:plan ?scopePlan . ?scopePlan dcterms:isPartOf* ?scopeAncestor . ?scopeAncestor pg:industry ?scopeIndustry }}
  ?scopeIndustry skos:prefLabel|rdfs:label ?scopeLabel FILTER(CONTAINS(STR(?scopeLabel), {})) }} }}",
                literal(industry)
            ));
        }
        TaskScope { plans, patterns }
    }

    /// The patterns to insert after `?var a pg:Task .`, one string per
    /// query to send (several when the plans in scope are many; none when
    /// no plan is in scope).
    fn inserts(&self, var: &str) -> Vec<String> {
        let patterns: String = self
            .patterns
            .iter()
            .map(|p| format!(" {}", p.replace("?task", &format!("?{var}"))))
            .collect();
        match &self.plans {
            None => vec![patterns],
            Some(plans) => plans
                .chunks(PLANS_PER_QUERY)
                .map(|chunk| {
                    let iris: Vec<String> = chunk.iter().map(|p| format!("<{p}>")).collect();
                    format!(
                        " VALUES ?scopedPlan {{ {} }} ?{var} pg:plan ?scopedPlan .{patterns}",
                        iris.join(" ")
                    )
                })
                .collect(),
        }
    }
}

/// The tasks (`?task`) that mention a region whose label, or the label of
/// a region containing it, contains `region`: the regions the task facts
/// query lists.
fn region_pattern(region: &str) -> String {
    format!(
        "?task pg:mentionsRegion ?scopeRegion .
  {{ ?scopeRegion skos:prefLabel ?scopeLabel }}
  UNION {{ ?scopeParent pg:containsRegion ?scopeRegion . ?scopeParent skos:prefLabel ?scopeLabel }}
  UNION {{ ?scopeRegion pg:partOf+ ?scopeParent . ?scopeParent skos:prefLabel ?scopeLabel }}
  FILTER(CONTAINS(STR(?scopeLabel), {}))",
        literal(region)
    )
}

/// `text` as a SPARQL string literal, escaped.
fn literal(text: &str) -> String {
    oxigraph::model::Literal::new_simple_literal(text).to_string()
}

/// `query` with `insert` after its first `?var a pg:Task .`.
fn scoped(query: &str, var: &str, insert: &str) -> String {
    let anchor = format!("?{var} a pg:Task .");
    query.replacen(&anchor, &format!("{anchor}{insert}"), 1)
}

/// `query` keeping only the rows whose `key` has an MD5 digest ending in
/// `suffix` (one of the parts a cut-short answer is asked in again).
fn part_of(query: &str, key: &str, suffix: &str) -> String {
    query.replacen(
        "WHERE {",
        &format!("WHERE {{ FILTER(STRENDS(MD5(STR(?{key})), \"{suffix}\"))"),
        1,
    )
}

/// The rows of `query` as strings in the order of `columns`. A store that
/// cuts its answer short (Virtuoso's result limit) is asked again in 16
/// parts, split by the MD5 digest of the first column's IRI — each part
/// again when it too is cut — so the rows are all there or the store's
/// error is returned, never a silent part.
fn rows_of(
    source: &dyn Backend,
    query: &str,
    what: &'static str,
    columns: &[&'static str],
) -> Result<Vec<Row>, AnalysisError> {
    rows_in_part(source, query, what, columns, "")
}

fn rows_in_part(
    source: &dyn Backend,
    query: &str,
    what: &'static str,
    columns: &[&'static str],
    suffix: &str,
) -> Result<Vec<Row>, AnalysisError> {
    let sent = if suffix.is_empty() {
        query.to_owned()
    } else {
        part_of(query, columns[0], suffix)
    };
    match source.select(&sent) {
        Ok(rows) => Ok(Columns::new(&rows, what, columns)?.rows().collect()),
        Err(error) if is_truncated(&error) && suffix.len() < MAX_PART_DIGITS => {
            let mut all = Vec::new();
            for digit in DIGITS.chars() {
                let part = format!("{digit}{suffix}");
                all.extend(rows_in_part(source, query, what, columns, &part)?);
            }
            Ok(all)
        }
        Err(error) => Err(error.into()),
    }
}

impl RawGraph {
    /// Asks `source` the six SELECTs (the tests compare it with the records).
    #[cfg(test)]
    pub fn from_sparql(source: &dyn Backend) -> Result<RawGraph, AnalysisError> {
        RawGraph::from_sparql_for(source, &Filters::default())
    }

    /// [`RawGraph::from_sparql`] asking only for the tasks `filters` can
    /// keep: the plans first, then the tasks, roles and task facts of the
    /// plans in scope (`VALUES`), narrowed to the region and industry asked
    /// for.
    pub fn from_sparql_for(
        source: &dyn Backend,
        filters: &Filters,
    ) -> Result<RawGraph, AnalysisError> {
        let plans = rows_of(
            source,
            PLANS_QUERY,
            "plans",
            &["plan", "title", "group", "start", "end", "parent"],
        )?;
        let scope = TaskScope::new(filters, &plans);
        let scoped_rows = |query: &str, var: &str, what, columns: &[&'static str]| {
            let mut rows = Vec::new();
            for insert in scope.inserts(var) {
                rows.extend(rows_of(
                    source,
                    &scoped(query, var, &insert),
                    what,
                    columns,
                )?);
            }
            Ok::<_, AnalysisError>(rows)
        };
        let tasks = scoped_rows(
            TASKS_QUERY,
            "task",
            "tasks",
            &["task", "plan", "number", "title"],
        )?;
        let roles = scoped_rows(ROLES_QUERY, "task", "roles", &["task", "unit", "role"])?;
        // With several batches of plans, each repeats the plans' industries:
        // duplicated rows do not matter to the assembly.
        let facts = scoped_rows(
            FACTS_QUERY,
            "subject",
            "task facts",
            &["subject", "kind", "value"],
        )?;
        // Whether any task at all mentions the region: the note for a region
        // no task has must not depend on the other filters.
        let check = FilterCheck::new(filters);
        let narrowed_otherwise = scope.plans.is_some() || check.industry().is_some();
        let region_mentioned = match check.region() {
            Some(region) if narrowed_otherwise && tasks.is_empty() => {
                let query = format!(
                    "SELECT ?task WHERE {{ {} }} LIMIT 1",
                    region_pattern(region)
                );
                Some(!rows_of(source, &query, "regions", &["task"])?.is_empty())
            }
            _ => None,
        };
        Ok(RawGraph {
            plans,
            tasks,
            roles,
            units: rows_of(
                source,
                UNITS_QUERY,
                "units",
                &["unit", "name", "collective", "successor"],
            )?,
            aliases: rows_of(
                source,
                ALIASES_QUERY,
                "unit aliases",
                &["unit", "alias", "kind"],
            )?,
            facts,
            region_mentioned,
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

    /// Filters pushed into the SELECTs leave the projection as the records
    /// give it, notes included: a region mentioned in 2022 only is not
    /// "mentioned by no task" when the year asked is 2023, although no
    /// task fetched for 2023 mentions it.
    #[test]
    fn pushed_filters_give_the_records_projection_and_notes() {
        let corpus = crate::ingest::ingest(&crate::ingest::embedded::embedded_sources()).unwrap();
        let store = crate::store::store_from_corpus(&corpus).unwrap();
        let cases = [
            Filters {
                year: vec![2023],
                region: Some("东平县".into()),
                ..Filters::default()
            },
            Filters {
                year: vec![2023],
                region: Some("火星".into()),
                ..Filters::default()
            },
            Filters {
                plan_group: Some("十大创新".into()),
                industry: Some("制造".into()),
                ..Filters::default()
            },
            Filters {
                plan: Some("科技".into()),
                region: Some("济南".into()),
                ..Filters::default()
            },
        ];
        for filters in cases {
            let raw = RawGraph::from_sparql_for(&store, &filters).unwrap();
            let from_store = raw.into_projection(&filters).unwrap();
            let from_records = super::super::Projection::from_corpus(&corpus, &filters).unwrap();
            assert_eq!(from_store.notes, from_records.notes, "{filters:?}");
            assert_eq!(
                from_store.tasks.iter().map(|t| &t.iri).collect::<Vec<_>>(),
                from_records
                    .tasks
                    .iter()
                    .map(|t| &t.iri)
                    .collect::<Vec<_>>(),
                "{filters:?}"
            );
        }
    }

    /// A region filter's note when no task at all mentions the region.
    #[test]
    fn a_region_no_task_mentions_is_noted_under_a_year_filter() {
        let corpus = crate::ingest::ingest(&crate::ingest::embedded::embedded_sources()).unwrap();
        let store = crate::store::store_from_corpus(&corpus).unwrap();
        let filters = Filters {
            year: vec![2023],
            region: Some("火星".into()),
            ..Filters::default()
        };
        let projection = RawGraph::from_sparql_for(&store, &filters)
            .unwrap()
            .into_projection(&filters)
            .unwrap();
        assert!(
            projection
                .notes
                .iter()
                .any(|n| n.contains("no task mentions a region called '火星'")),
            "{:?}",
            projection.notes
        );
    }
}
