//! Text search over the graph's tasks: what `plangraph search`, the REPL's
//! `\search` and the workbench call.
//!
//! [`SearchIndex::build`] reads every task's text and title with one SELECT
//! of `pg:text` and indexes them ([`crate::fulltext::TextIndex`]); what a
//! hit says of its task (plan, lead units) and the filters (`--year`,
//! `--plan-group`, `--plan`, `--industry`, `--region`, `--unit`) come from
//! the analyses' projection ([`crate::analysis::Projection`]), so a filter
//! keeps here the tasks it keeps for `analyze`. [`search`] then answers from
//! the index: a query finds exactly the tasks whose `pg:text` contains each
//! of its terms folded to simplified script, best first
//! ([`crate::fulltext::rank`]).
//!
//! Build an index once per graph and keep it ([`IndexCache`] does, for a
//! session): building reads every text; a search afterwards takes
//! milliseconds.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use crate::analysis::{AnalysisError, Filters, Projection};
use crate::fulltext::{Query, QueryError, Snippet, TextDoc, TextIndex};
use crate::store::{Backend, BackendExt, StoreError};

/// The texts searched: every `pg:Task`'s `pg:text`, with its title.
pub const TEXTS_QUERY: &str = "SELECT ?task ?text ?title WHERE {
  ?task a pg:Task ; pg:text ?text .
  OPTIONAL { ?task dcterms:title ?title }
}";

/// How `search` prints its hits.
///
/// It derives clap's `ValueEnum` so that `--format` takes it as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SearchFormat {
    /// An aligned table (matches in bold colour on a terminal, «marked» elsewhere)
    Table,
    /// CSV with a header line, matches «marked»
    Csv,
    /// A JSON array of objects, matches «marked»
    Json,
}

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("reading the tasks' texts failed")]
    Store(#[from] StoreError),
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
}

/// Which tasks a search looks at: the analyses' filters, and a unit that
/// leads or cooperates on the task (any of its names).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilters {
    pub filters: Filters,
    pub unit: Option<String>,
}

/// One task found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The task's IRI.
    pub task: String,
    /// The title of the task's plan.
    pub plan: String,
    pub plan_iri: String,
    /// Names of the task's lead units (collective pseudo-units only with
    /// `include_collective`).
    pub lead_units: Vec<String>,
    /// Relevance, higher first ([`crate::fulltext::rank`]).
    pub score: f64,
    /// The passage around the rarest term, terms marked.
    pub snippet: Snippet,
}

/// The tasks' texts indexed, with what a hit shows and the filters need.
pub struct SearchIndex {
    text: TextIndex,
    /// Task IRIs by text id (sorted).
    iris: Vec<String>,
    /// The projection with collective units kept, no filter.
    projection: Projection,
    /// Task IRI → index into `projection.tasks`.
    task_of: HashMap<String, usize>,
    /// Task IRIs kept by each set of filters asked so far.
    kept: Mutex<HashMap<String, Arc<HashSet<String>>>>,
}

impl SearchIndex {
    /// Reads every task's text (one SELECT) and the projection, and builds
    /// the index.
    ///
    /// # Complexity
    /// * The SELECT and the projection, then linear in the texts' length
    ///   ([`TextIndex::build`]).
    pub fn build(source: &dyn Backend) -> Result<SearchIndex, SearchError> {
        let rows = source.select(TEXTS_QUERY)?;
        let column = |name: &str| rows.column(name);
        let (task, text, title) = (column("task"), column("text"), column("title"));
        let value = |row: &[Option<oxigraph::model::Term>], i: Option<usize>| -> Option<String> {
            match i.and_then(|i| row.get(i)).and_then(Option::as_ref) {
                Some(oxigraph::model::Term::NamedNode(n)) => Some(n.as_str().to_owned()),
                Some(oxigraph::model::Term::Literal(l)) => Some(l.value().to_owned()),
                _ => None,
            }
        };
        // One text per task: several pg:text (not what `build` writes) are
        // joined, several titles keep the smallest, so the index does not
        // depend on row order.
        let mut docs: std::collections::BTreeMap<String, (Vec<String>, Option<String>)> =
            Default::default();
        for row in &rows.rows {
            let (Some(iri), Some(body)) = (value(row, task), value(row, text)) else {
                continue;
            };
            let entry = docs.entry(iri).or_default();
            if !entry.0.contains(&body) {
                entry.0.push(body);
            }
            if let Some(t) = value(row, title) {
                if entry.1.as_ref().is_none_or(|old| t < *old) {
                    entry.1 = Some(t);
                }
            }
        }
        let mut iris = Vec::with_capacity(docs.len());
        let mut texts = Vec::with_capacity(docs.len());
        for (iri, (mut bodies, title)) in docs {
            bodies.sort();
            iris.push(iri);
            texts.push(TextDoc {
                title: title.unwrap_or_default(),
                text: bodies.join("\n"),
            });
        }
        let projection = Projection::load(
            source,
            &Filters {
                include_collective: true,
                ..Filters::default()
            },
        )?;
        let task_of = projection
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| (t.iri.clone(), i))
            .collect();
        Ok(SearchIndex {
            text: TextIndex::build(texts),
            iris,
            projection,
            task_of,
            kept: Mutex::new(HashMap::new()),
        })
    }

    /// Number of tasks indexed.
    pub fn len(&self) -> usize {
        self.iris.len()
    }

    /// True when the graph has no task with a text.
    pub fn is_empty(&self) -> bool {
        self.iris.is_empty()
    }

    /// Bytes held by the text index (texts, word bounds, postings), an
    /// estimate without the allocator's overhead or the projection.
    pub fn heap_bytes(&self) -> usize {
        self.text.heap_bytes() + self.iris.iter().map(|i| i.capacity() + 24).sum::<usize>()
    }

    /// The tasks `filters` keep, or `None` for every task.
    fn kept(
        &self,
        source: &dyn Backend,
        filters: &SearchFilters,
    ) -> Result<Option<Arc<HashSet<String>>>, SearchError> {
        let unfiltered = Filters {
            include_collective: filters.filters.include_collective,
            ..Filters::default()
        };
        let by_unit = match &filters.unit {
            Some(name) => Some(self.projection.find_unit(name)?),
            None => None,
        };
        if filters.filters == unfiltered && by_unit.is_none() {
            return Ok(None);
        }
        let key = format!("{filters:?}");
        if let Some(set) = self.kept.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(Some(set));
        }
        let mut set: HashSet<String> = if filters.filters == unfiltered {
            self.projection
                .tasks
                .iter()
                .map(|t| t.iri.clone())
                .collect()
        } else {
            let filtered = Projection::load(
                source,
                &Filters {
                    include_collective: true,
                    ..filters.filters.clone()
                },
            )?;
            filtered.tasks.into_iter().map(|t| t.iri).collect()
        };
        if let Some(unit) = by_unit {
            set.retain(|iri| {
                self.task_of.get(iri).is_some_and(|&i| {
                    let task = &self.projection.tasks[i];
                    task.leads.contains(&unit) || task.cooperating.contains(&unit)
                })
            });
        }
        let set = Arc::new(set);
        if let Ok(mut map) = self.kept.lock() {
            map.insert(key, set.clone());
        }
        Ok(Some(set))
    }
}

/// Searches the tasks `filters` keep for `query`, best first.
///
/// # Arguments
/// * `source`: the graph `index` was built from (read only when a filter
///   set is asked for the first time).
/// * `query`: [`Query::parse`] of what the user typed.
/// * `limit`: at most this many hits (`None`: all).
///
/// # Returns
/// * The hits, and how many tasks matched in all (before the limit).
pub fn search(
    index: &SearchIndex,
    source: &dyn Backend,
    query: &Query,
    filters: &SearchFilters,
    limit: Option<usize>,
) -> Result<(Vec<Hit>, usize), SearchError> {
    let kept = index.kept(source, filters)?;
    let ranked: Vec<_> = crate::fulltext::rank::rank(&index.text, query)
        .into_iter()
        .filter(|r| {
            kept.as_ref()
                .is_none_or(|set| set.contains(&index.iris[r.id as usize]))
        })
        .collect();
    let total = ranked.len();
    let anchor = index.text.rarest(query);
    let hits = ranked
        .into_iter()
        .take(limit.unwrap_or(usize::MAX))
        .map(|r| {
            let iri = &index.iris[r.id as usize];
            let task = index.task_of.get(iri).map(|&i| &index.projection.tasks[i]);
            let units = &index.projection.units;
            Hit {
                task: iri.clone(),
                plan: task.map(|t| t.plan_title.clone()).unwrap_or_default(),
                plan_iri: task.map(|t| t.plan_iri.clone()).unwrap_or_default(),
                lead_units: task
                    .map(|t| {
                        t.leads
                            .iter()
                            .map(|&u| &units[u])
                            .filter(|u| filters.filters.include_collective || !u.collective)
                            .map(|u| u.name.clone())
                            .collect()
                    })
                    .unwrap_or_default(),
                score: r.score,
                snippet: index.text.snippet(r.id, query, anchor),
            }
        })
        .collect();
    Ok((hits, total))
}

/// One index per session, built at the first search.
#[derive(Default)]
pub struct IndexCache(Mutex<Option<Arc<SearchIndex>>>);

impl IndexCache {
    /// The index of `source`, built on first use. A cache must serve one
    /// graph only.
    pub fn get(&self, source: &dyn Backend) -> Result<Arc<SearchIndex>, SearchError> {
        let mut slot = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(index) = &*slot {
            return Ok(index.clone());
        }
        let index = Arc::new(SearchIndex::build(source)?);
        *slot = Some(index.clone());
        Ok(index)
    }
}
