//! The projection every analysis reads: tasks with their lead and cooperating
//! units, and the two unit networks built from it.
//!
//! [`Projection::load`] asks the graph six SELECTs over the whole graph
//! (plans, tasks, roles, units, unit aliases, task facts) and never one query
//! per node, so that a remote SPARQL endpoint can stand in for the store.
//! Filters (`--year`, `--plan-group`, `--plan`, `--industry`, `--region`) are
//! applied here, once, in Rust; collective pseudo-units such as
//! 省有关部门单位 are dropped from every task unless `--include-collective`.
//!
//! What does not live here: any measure on the networks (see the sibling
//! modules) and any printing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::Term;
use petgraph::graph::NodeIndex;

use super::request::{Filters, NetworkKind};
use super::sorted_set::SortedSet;
use super::AnalysisError;
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

/// A task given as plain data to [`Projection::from_records`]:
/// `(label, start year, lead unit names, cooperating unit names)`.
pub type TaskRecord<'a> = (&'a str, Option<i32>, Vec<&'a str>, Vec<&'a str>);

/// A responsible body as found in the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitInfo {
    pub iri: String,
    /// The `skos:prefLabel` (the IRI's local name when the label is missing).
    pub name: String,
    /// `skos:altLabel`, `pg:fullName` and `rdfs:label` values, sorted.
    pub aliases: Vec<String>,
    /// `pg:fullName`, when known (e.g. 山东省科学技术厅).
    pub full_name: Option<String>,
    pub collective: bool,
    /// Indices (into [`Projection::units`]) of the bodies that succeeded this one.
    pub succeeded_by: Vec<usize>,
}

/// One task kept by the filters.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskInfo {
    pub iri: String,
    /// The printed number and heading, e.g. `3 强化企业创新主体地位`.
    pub label: String,
    pub plan_iri: String,
    /// The innermost plan's title.
    pub plan_title: String,
    pub plan_group: Option<String>,
    /// The plan's `pg:startYear` (inherited from the parent plan if missing).
    pub year: Option<i32>,
    pub end_year: Option<i32>,
    /// Lead units, as indices into [`Projection::units`], sorted, no collective
    /// units unless `--include-collective`.
    pub leads: Vec<usize>,
    pub cooperating: Vec<usize>,
    pub targets: Vec<String>,
    pub deadlines: Vec<String>,
    pub due_dates: Vec<String>,
}

/// Tasks with their lead and cooperating units, after the filters.
#[derive(Debug, Clone, Default)]
pub struct Projection {
    /// Every unit of the graph, sorted by name (then IRI).
    pub units: Vec<UnitInfo>,
    /// The tasks kept by the filters, sorted by IRI.
    pub tasks: Vec<TaskInfo>,
    /// The filters applied, in words (`"year 2022, collective units left out"`).
    pub filters_description: String,
    /// Names of the collective units left out of at least one kept task.
    pub collective_left_out: Vec<String>,
    /// Warnings about the filters (e.g. a plan group no plan has).
    pub notes: Vec<String>,
    unit_index: HashMap<String, usize>,
}

/// A node of a unit network.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitNode {
    pub iri: String,
    pub name: String,
    pub collective: bool,
    /// Distinct tasks (after the filters) this unit leads.
    pub led_tasks: usize,
    /// Distinct tasks (after the filters) this unit cooperates on.
    pub cooperated_tasks: usize,
}

/// The weights of one edge of a unit network.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EdgeWeights {
    /// Distinct tasks behind the edge (co-lead: led by both; dependencies:
    /// led by the source with the target cooperating).
    pub tasks: usize,
    /// Co-lead: Newman's collaboration weight, Σ 1/(k−1) over the shared tasks
    /// with k lead units. Dependencies: Σ 1/(leads × cooperating units), the
    /// edge's share of each task.
    pub newman: f64,
    /// The distinct start years of those tasks, ascending.
    pub years: Vec<i32>,
}

/// A unit network: co-lead (undirected, each edge stored once with source
/// index < target index) or dependencies (directed lead → cooperating unit).
#[derive(Debug, Clone)]
pub struct UnitNetwork {
    pub kind: NetworkKind,
    pub graph: petgraph::Graph<UnitNode, EdgeWeights, petgraph::Directed>,
    pub filters_description: String,
}

impl Projection {
    /// Loads the projection: from the records when the graph is read from
    /// documents ([`Backend::records`]), else with six SELECTs over the
    /// whole graph.
    ///
    /// # Arguments
    /// * `source`: the graph (documents, the in-memory store, an endpoint).
    /// * `filters`: the `--year`, `--plan-group`, … options.
    ///
    /// # Returns
    /// * The tasks (`a pg:Task`, goals are not counted) kept by the filters,
    ///   each with its lead and cooperating units, and every unit of the graph.
    ///
    /// # Complexity
    /// * Six queries (or one pass over the records); then **O(R log R)** in
    ///   the number of result rows.
    pub fn load(source: &dyn Backend, filters: &Filters) -> Result<Projection, AnalysisError> {
        match source.records() {
            Some(records) => Projection::from_corpus(&*records?, filters),
            None => Projection::from_sparql(source, filters),
        }
    }

    /// [`Projection::load`] with the six SELECTs, whatever the graph.
    pub fn from_sparql(
        source: &dyn Backend,
        filters: &Filters,
    ) -> Result<Projection, AnalysisError> {
        RawGraph::from_sparql(source)?.into_projection(filters)
    }

    /// Builds a projection from plain records, for tests and for bipartite
    /// data that is not in the graph (e.g. women × events in the Davis data).
    /// Each task is `(label, year, lead unit names, cooperating unit names)`;
    /// unit IRIs are the names themselves and no unit is collective.
    pub fn from_records(tasks: &[TaskRecord<'_>]) -> Projection {
        let mut names: BTreeSet<&str> = BTreeSet::new();
        for (_, _, leads, cooperating) in tasks {
            names.extend(leads.iter().copied());
            names.extend(cooperating.iter().copied());
        }
        let units: Vec<UnitInfo> = names
            .iter()
            .map(|name| UnitInfo {
                iri: (*name).to_owned(),
                name: (*name).to_owned(),
                aliases: Vec::new(),
                full_name: None,
                collective: false,
                succeeded_by: Vec::new(),
            })
            .collect();
        let unit_index: HashMap<String, usize> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.iri.clone(), i))
            .collect();
        let indices = |list: &[&str]| -> Vec<usize> {
            let set: BTreeSet<usize> = list
                .iter()
                .filter_map(|n| unit_index.get(*n).copied())
                .collect();
            set.into_iter().collect()
        };
        let tasks = tasks
            .iter()
            .map(|(label, year, leads, cooperating)| TaskInfo {
                iri: (*label).to_owned(),
                label: (*label).to_owned(),
                plan_iri: String::new(),
                plan_title: String::new(),
                plan_group: None,
                year: *year,
                end_year: *year,
                leads: indices(leads),
                cooperating: indices(cooperating),
                targets: Vec::new(),
                deadlines: Vec::new(),
                due_dates: Vec::new(),
            })
            .collect();
        Projection {
            units,
            tasks,
            filters_description: "all tasks".to_owned(),
            collective_left_out: Vec::new(),
            notes: Vec::new(),
            unit_index,
        }
    }

    /// The unit with this IRI.
    pub fn unit_by_iri(&self, iri: &str) -> Option<usize> {
        self.unit_index.get(iri).copied()
    }

    /// Finds a unit by its name, any alias, or its IRI.
    pub fn find_unit(&self, name: &str) -> Result<usize, AnalysisError> {
        let wanted = name.trim();
        let simplified = fast2s::convert(wanted);
        let by_name = self.units.iter().position(|u| {
            u.name == wanted
                || u.name == simplified
                || u.iri == wanted
                || u.iri.rsplit('/').next() == Some(wanted)
        });
        if let Some(index) = by_name {
            return Ok(index);
        }
        // An alias can be shared by units of several jurisdictions (the
        // printed 省科技厅 of two provinces): that is a question, not a pick.
        let by_alias: Vec<usize> = (0..self.units.len())
            .filter(|&i| {
                self.units[i]
                    .aliases
                    .iter()
                    .any(|a| a == wanted || *a == simplified)
            })
            .collect();
        // A name the user's alias files (or the built-in table) give a unit
        // whose documents never print it: 省发改委 for 安徽省发展改革委.
        let by_alias = if by_alias.is_empty() {
            let targets: Vec<String> = crate::ingest::units::in_force()
                .targets(&simplified)
                .iter()
                .map(|t| crate::model::iri::instance(crate::model::iri::Kind::Unit, t))
                .collect();
            (0..self.units.len())
                .filter(|&i| targets.contains(&self.units[i].iri))
                .collect()
        } else {
            by_alias
        };
        match by_alias.as_slice() {
            [one] => return Ok(*one),
            [] => {}
            several => {
                return Err(AnalysisError::AmbiguousUnit {
                    name: wanted.to_owned(),
                    candidates: several
                        .iter()
                        .map(|&i| self.units[i].name.clone())
                        .collect(),
                })
            }
        }
        let suggestions: Vec<String> = self
            .units
            .iter()
            .filter(|u| {
                !simplified.is_empty()
                    && (u.name.contains(simplified.as_str())
                        || u.aliases.iter().any(|a| a.contains(simplified.as_str())))
            })
            .take(8)
            .map(|u| u.name.clone())
            .collect();
        // Chinese abbreviations drop characters and keep the order
        // (省发改委 for 省发展改革委): a name that holds every character of
        // the one asked for, in order, is the next best guess.
        let suggestions = if suggestions.is_empty() {
            let mut abbreviated: Vec<&str> = self
                .units
                .iter()
                .filter(|u| {
                    simplified.chars().count() >= 2
                        && std::iter::once(u.name.as_str())
                            .chain(u.aliases.iter().map(String::as_str))
                            .any(|name| holds_in_order(name, &simplified))
                })
                .map(|u| u.name.as_str())
                .collect();
            abbreviated.sort_by_key(|name| (name.chars().count(), *name));
            abbreviated.into_iter().take(8).map(str::to_owned).collect()
        } else {
            suggestions
        };
        Err(AnalysisError::UnknownUnit {
            name: wanted.to_owned(),
            suggestions,
        })
    }

    /// The last body in the chain of `pg:succeededBy` links from `unit`
    /// (itself when it has no successor). Cycles and forks stop the walk;
    /// with several successors the first by name is followed.
    pub fn final_successor(&self, unit: usize) -> usize {
        let mut current = unit;
        let mut seen = BTreeSet::from([unit]);
        while let Some(&next) = self.units.get(current).and_then(|u| u.succeeded_by.first()) {
            if !seen.insert(next) {
                break;
            }
            current = next;
        }
        current
    }

    /// Number of kept tasks with at least one lead unit.
    pub fn attributed_tasks(&self) -> usize {
        self.tasks.iter().filter(|t| !t.leads.is_empty()).count()
    }
}

/// One result row: the values of the query's variables, in the order the
/// table's comment gives (IRIs as text, literals as their lexical value).
pub(super) type Row = Vec<Option<String>>;

/// The six result sets, before they become a [`Projection`]. Each table has
/// the columns of its query, in order: `plans` (plan, title, group, start,
/// end, parent), `tasks` (task, plan, number, title), `roles` (task, unit,
/// role), `units` (unit, name, collective, successor), `aliases` (unit,
/// alias, kind), `facts` (subject, kind, value). Row order and duplicates
/// do not matter.
#[derive(Debug, Default, PartialEq)]
pub(super) struct RawGraph {
    pub plans: Vec<Row>,
    pub tasks: Vec<Row>,
    pub roles: Vec<Row>,
    pub units: Vec<Row>,
    pub aliases: Vec<Row>,
    pub facts: Vec<Row>,
}

/// A plan as the assembly reads it.
#[derive(Debug, Default, PartialEq)]
pub(super) struct PlanRow {
    pub title: Option<String>,
    pub group: Option<String>,
    pub start: Option<i32>,
    pub end: Option<i32>,
    pub parent: Option<String>,
    /// Labels (`skos:prefLabel`, `rdfs:label`) of the plan's industries.
    pub industries: BTreeSet<String>,
}

/// The facts of one task the filters and profiles read, each set sorted.
#[derive(Debug, Default, PartialEq)]
pub(super) struct TaskFacts {
    pub targets: SortedSet<String>,
    pub deadlines: SortedSet<String>,
    pub due_dates: SortedSet<String>,
    /// Labels of the regions mentioned and of the regions containing them.
    pub regions: SortedSet<String>,
    /// Labels of the task's own industries.
    pub industries: SortedSet<String>,
}

/// One `pg:Task` with everything the graph says of it, before the filters.
#[derive(Debug, Default, PartialEq)]
pub(super) struct TaskInput {
    pub iri: String,
    pub plan: Option<String>,
    pub number: Option<String>,
    pub title: Option<String>,
    pub facts: TaskFacts,
    /// Indices into [`Grouped::units`].
    pub leads: SortedSet<usize>,
    pub cooperating: SortedSet<usize>,
}

/// The graph grouped by subject: what both the six SELECTs
/// ([`RawGraph::group`]) and the records (`records.rs`) turn into, and what
/// [`Grouped::assemble`] turns into a [`Projection`] under the filters.
pub(super) struct Grouped {
    /// Every unit, sorted by name then IRI, `succeeded_by` filled in.
    pub units: Vec<UnitInfo>,
    /// IRI → index into `units`.
    pub unit_index: HashMap<String, usize>,
    /// Plan IRI → plan.
    pub plans: BTreeMap<String, PlanRow>,
    /// Every task, sorted by IRI, each IRI once.
    pub tasks: Vec<TaskInput>,
}

/// Sorts units by name then IRI, indexes them by IRI and resolves each
/// unit's successor IRIs (`successors[i]` for the unit at input position i)
/// to sorted indices; successors that are not units are dropped.
pub(super) fn index_units(
    mut units: Vec<UnitInfo>,
    successors: Vec<BTreeSet<String>>,
) -> (Vec<UnitInfo>, HashMap<String, usize>) {
    // Units of several jurisdictions can share a printed name (two
    // provinces' 省科技厅): those are shown by their IRI's name, which says
    // whose they are (山东省科技厅), and keep the printed one as an alias.
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for unit in &units {
        *by_name.entry(unit.name.as_str()).or_default() += 1;
    }
    let shared: std::collections::HashSet<String> = by_name
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(name, _)| name.to_owned())
        .collect();
    for unit in &mut units {
        if shared.contains(&unit.name) {
            let printed = std::mem::replace(&mut unit.name, local_name(&unit.iri));
            if let Err(at) = unit.aliases.binary_search(&printed) {
                unit.aliases.insert(at, printed);
            }
        }
    }
    let mut paired: Vec<(UnitInfo, BTreeSet<String>)> = units.into_iter().zip(successors).collect();
    paired.sort_by(|a, b| a.0.name.cmp(&b.0.name).then_with(|| a.0.iri.cmp(&b.0.iri)));
    let unit_index: HashMap<String, usize> = paired
        .iter()
        .enumerate()
        .map(|(i, (u, _))| (u.iri.clone(), i))
        .collect();
    let units = paired
        .into_iter()
        .map(|(mut unit, successors)| {
            let mut next: Vec<usize> = successors
                .iter()
                .filter_map(|s| unit_index.get(s).copied())
                .collect();
            next.sort_unstable();
            unit.succeeded_by = next;
            unit
        })
        .collect();
    (units, unit_index)
}

impl RawGraph {
    /// Asks `source` the six SELECTs.
    pub fn from_sparql(source: &dyn Backend) -> Result<RawGraph, AnalysisError> {
        let table = |query: &str, what: &'static str, columns: &[&'static str]| {
            let rows = source.select(query)?;
            Ok::<_, AnalysisError>(Columns::new(&rows, what, columns)?.rows().collect())
        };
        Ok(RawGraph {
            plans: table(
                PLANS_QUERY,
                "plans",
                &["plan", "title", "group", "start", "end", "parent"],
            )?,
            tasks: table(TASKS_QUERY, "tasks", &["task", "plan", "number", "title"])?,
            roles: table(ROLES_QUERY, "roles", &["task", "unit", "role"])?,
            units: table(
                UNITS_QUERY,
                "units",
                &["unit", "name", "collective", "successor"],
            )?,
            aliases: table(ALIASES_QUERY, "unit aliases", &["unit", "alias", "kind"])?,
            facts: table(FACTS_QUERY, "task facts", &["subject", "kind", "value"])?,
        })
    }

    /// Groups the rows by subject. Duplicated single-valued properties keep
    /// their smallest value, so the result does not depend on row order.
    pub(super) fn group(self) -> Grouped {
        // Units first: every task refers to them by index.
        let mut unit_rows: BTreeMap<String, (BTreeSet<String>, bool, BTreeSet<String>)> =
            BTreeMap::new();
        for row in &self.units {
            let Some(iri) = row[0].clone() else { continue };
            let entry = unit_rows.entry(iri).or_default();
            if let Some(name) = row[1].clone() {
                entry.0.insert(name);
            }
            if row[2].as_deref() == Some("true") || row[2].as_deref() == Some("1") {
                entry.1 = true;
            }
            if let Some(successor) = row[3].clone() {
                entry.2.insert(successor);
            }
        }
        // Units named by a role but not typed pg:Unit still count.
        for row in &self.roles {
            if let Some(iri) = &row[1] {
                if !unit_rows.contains_key(iri) {
                    unit_rows.insert(iri.clone(), Default::default());
                }
            }
        }
        let mut aliases: HashMap<String, BTreeSet<String>> = HashMap::new();
        let mut full_names: HashMap<String, String> = HashMap::new();
        for row in &self.aliases {
            if let (Some(iri), Some(alias)) = (row[0].clone(), row[1].clone()) {
                if row[2].as_deref() == Some("full") {
                    let slot = full_names
                        .entry(iri.clone())
                        .or_insert_with(|| alias.clone());
                    if alias < *slot {
                        *slot = alias.clone();
                    }
                }
                aliases.entry(iri).or_default().insert(alias);
            }
        }
        let (units, successors): (Vec<UnitInfo>, Vec<BTreeSet<String>>) = unit_rows
            .into_iter()
            .map(|(iri, (names, collective, successors))| {
                let unit = UnitInfo {
                    // Several prefLabels would be a data error; the first is kept.
                    name: names.into_iter().next().unwrap_or_else(|| local_name(&iri)),
                    aliases: aliases
                        .remove(&iri)
                        .map(|set| set.into_iter().collect())
                        .unwrap_or_default(),
                    full_name: full_names.remove(&iri),
                    collective,
                    succeeded_by: Vec::new(),
                    iri,
                };
                (unit, successors)
            })
            .unzip();
        let (units, unit_index) = index_units(units, successors);

        // Plans, keyed by IRI.
        let mut plans: BTreeMap<String, PlanRow> = BTreeMap::new();
        for row in &self.plans {
            let Some(iri) = row[0].clone() else { continue };
            let plan = plans.entry(iri).or_default();
            keep_min(&mut plan.title, row[1].clone());
            keep_min(&mut plan.group, row[2].clone());
            keep_min(&mut plan.start, row[3].as_deref().and_then(parse_year));
            keep_min(&mut plan.end, row[4].as_deref().and_then(parse_year));
            keep_min(&mut plan.parent, row[5].clone());
        }

        // Tasks, keyed by IRI: (plan, number, title) first.
        let mut tasks: BTreeMap<String, TaskInput> = BTreeMap::new();
        for mut row in self.tasks {
            let Some(iri) = row[0].take() else { continue };
            let entry = tasks.entry(iri).or_default();
            keep_min(&mut entry.plan, row[1].take());
            keep_min(&mut entry.number, row[2].take());
            keep_min(&mut entry.title, row[3].take());
        }
        // Facts of plans (industries) and of tasks; facts of anything else
        // (a goal paragraph's industry) are not read.
        for mut row in self.facts {
            let (subject, value) = (row[0].take(), row[2].take());
            let (Some(subject), Some(kind), Some(value)) = (subject, row[1].as_deref(), value)
            else {
                continue;
            };
            if kind == "industry" {
                if let Some(plan) = plans.get_mut(&subject) {
                    plan.industries.insert(value.clone());
                }
            }
            let Some(task) = tasks.get_mut(&subject) else {
                continue;
            };
            let facts = &mut task.facts;
            match kind {
                "target" => facts.targets.insert(value),
                "deadline" => facts.deadlines.insert(value),
                "due" => facts.due_dates.insert(value),
                "region" => facts.regions.insert(value),
                _ => facts.industries.insert(value),
            };
        }
        for row in self.roles {
            let (Some(task), Some(unit), Some(role)) =
                (row[0].as_deref(), row[1].as_deref(), row[2].as_deref())
            else {
                continue;
            };
            let (Some(&index), Some(task)) = (unit_index.get(unit), tasks.get_mut(task)) else {
                continue;
            };
            if role == "lead" {
                task.leads.insert(index);
            } else {
                task.cooperating.insert(index);
            }
        }
        Grouped {
            units,
            unit_index,
            plans,
            tasks: tasks
                .into_iter()
                .map(|(iri, task)| TaskInput { iri, ..task })
                .collect(),
        }
    }

    fn into_projection(self, filters: &Filters) -> Result<Projection, AnalysisError> {
        self.group().assemble(filters)
    }
}

impl Grouped {
    /// The projection under `filters`: plans' group, years and industries
    /// inherited along `dcterms:isPartOf`, tasks filtered, collective units
    /// dropped unless asked for.
    pub(super) fn assemble(self, filters: &Filters) -> Result<Projection, AnalysisError> {
        let Grouped {
            units,
            unit_index,
            plans,
            tasks: inputs,
        } = self;
        let filter = FilterCheck::new(filters);
        let mut notes = filter.unknown_values(&plans, &inputs);
        let mut tasks = Vec::new();
        let mut collective_left_out: BTreeSet<String> = BTreeSet::new();
        // Tasks come sorted by IRI, so a plan's tasks follow each other: its
        // lineage is looked up once for the run.
        let mut last_lineage: Option<(String, Vec<&PlanRow>)> = None;
        for input in inputs {
            let TaskInput {
                iri,
                plan: plan_iri,
                number,
                title,
                facts,
                leads,
                cooperating,
            } = input;
            let plan_iri = plan_iri.unwrap_or_default();
            let lineage = match &last_lineage {
                Some((last, lineage)) if *last == plan_iri => lineage.clone(),
                _ => {
                    let lineage = plan_lineage(&plans, &plan_iri);
                    last_lineage = Some((plan_iri.clone(), lineage.clone()));
                    lineage
                }
            };
            let group = lineage.iter().find_map(|p| p.group.clone());
            let year = lineage.iter().find_map(|p| p.start);
            let end_year = lineage.iter().find_map(|p| p.end);
            let plan_titles: Vec<&str> = lineage
                .iter()
                .filter_map(|p| p.title.as_deref())
                .chain(std::iter::once(plan_iri.as_str()))
                .collect();
            let industries: Vec<&str> = facts
                .industries
                .iter()
                .map(String::as_str)
                .chain(
                    lineage
                        .iter()
                        .flat_map(|p| p.industries.iter().map(String::as_str)),
                )
                .collect();
            if !filter.keeps(
                year,
                group.as_deref(),
                &plan_titles,
                &industries,
                &facts.regions,
            ) {
                continue;
            }
            let mut keep = |set: SortedSet<usize>| -> Vec<usize> {
                set.into_iter()
                    .filter(|&u| {
                        let collective = units[u].collective;
                        if collective && !filters.include_collective {
                            collective_left_out.insert(units[u].name.clone());
                        }
                        !collective || filters.include_collective
                    })
                    .collect()
            };
            let leads = keep(leads);
            let cooperating = keep(cooperating);
            let label = match (number, title) {
                (Some(n), Some(t)) => format!("{n} {t}"),
                (Some(n), None) => n,
                (None, Some(t)) => t,
                (None, None) => local_name(&iri),
            };
            tasks.push(TaskInfo {
                label,
                plan_title: lineage
                    .first()
                    .and_then(|p| p.title.clone())
                    .unwrap_or_else(|| local_name(&plan_iri)),
                plan_iri,
                plan_group: group,
                year,
                end_year,
                leads,
                cooperating,
                targets: facts.targets.into_iter().collect(),
                deadlines: facts.deadlines.into_iter().collect(),
                due_dates: facts.due_dates.into_iter().collect(),
                iri,
            });
        }
        if tasks.is_empty() {
            notes.push("no task matches the filters".to_owned());
        }
        let collective_left_out: Vec<String> = collective_left_out.into_iter().collect();
        Ok(Projection {
            units,
            tasks,
            filters_description: describe_filters(filters, &collective_left_out),
            collective_left_out,
            notes,
            unit_index,
        })
    }
}

/// The plan and its ancestors, innermost first (at most 8 levels, which
/// also stops a cycle of `dcterms:isPartOf`).
fn plan_lineage<'a>(plans: &'a BTreeMap<String, PlanRow>, plan: &str) -> Vec<&'a PlanRow> {
    let mut lineage = Vec::new();
    let mut current = plans.get(plan);
    while let Some(row) = current {
        lineage.push(row);
        if lineage.len() >= 8 {
            break;
        }
        current = row.parent.as_ref().and_then(|p| plans.get(p));
    }
    lineage
}

/// The filters, normalised once (traditional script folded to simplified).
struct FilterCheck<'a> {
    filters: &'a Filters,
    plan: Option<String>,
    industry: Option<String>,
    region: Option<String>,
    group: Option<String>,
}

impl<'a> FilterCheck<'a> {
    fn new(filters: &'a Filters) -> Self {
        let norm = |s: &Option<String>| {
            s.as_deref()
                .map(|s| fast2s::convert(s.trim()))
                .filter(|s| !s.is_empty())
        };
        FilterCheck {
            plan: norm(&filters.plan),
            industry: norm(&filters.industry),
            region: norm(&filters.region),
            group: norm(&filters.plan_group),
            filters,
        }
    }

    fn keeps(
        &self,
        year: Option<i32>,
        group: Option<&str>,
        plan_titles: &[&str],
        industries: &[&str],
        regions: &SortedSet<String>,
    ) -> bool {
        if !self.filters.year.is_empty() && !year.is_some_and(|y| self.filters.year.contains(&y)) {
            return false;
        }
        if let Some(wanted) = &self.group {
            if group.map(strip_quotes) != Some(strip_quotes(wanted)) {
                return false;
            }
        }
        if let Some(wanted) = &self.plan {
            if !plan_titles.iter().any(|t| t.contains(wanted.as_str())) {
                return false;
            }
        }
        if let Some(wanted) = &self.industry {
            if !industries.iter().any(|i| i.contains(wanted.as_str())) {
                return false;
            }
        }
        if let Some(wanted) = &self.region {
            if !regions.iter().any(|r| r.contains(wanted.as_str())) {
                return false;
            }
        }
        true
    }

    /// Notes for filter values that no plan or task has, so that an empty
    /// result explains itself.
    fn unknown_values(
        &self,
        plans: &BTreeMap<String, PlanRow>,
        tasks: &[TaskInput],
    ) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(wanted) = &self.group {
            let groups: BTreeSet<&str> =
                plans.values().filter_map(|p| p.group.as_deref()).collect();
            if !groups
                .iter()
                .any(|g| strip_quotes(g) == strip_quotes(wanted))
            {
                notes.push(format!(
                    "no plan has the plan group '{wanted}' (known: {})",
                    groups.into_iter().collect::<Vec<_>>().join(", ")
                ));
            }
        }
        for year in &self.filters.year {
            if !plans.values().any(|p| p.start == Some(*year)) {
                let years: BTreeSet<i32> = plans.values().filter_map(|p| p.start).collect();
                let known: Vec<String> = years.iter().map(i32::to_string).collect();
                notes.push(format!(
                    "no plan starts in {year} (start years: {})",
                    known.join(", ")
                ));
            }
        }
        if let Some(wanted) = &self.region {
            if !tasks
                .iter()
                .any(|t| t.facts.regions.iter().any(|r| r.contains(wanted.as_str())))
            {
                notes.push(format!("no task mentions a region called '{wanted}'"));
            }
        }
        notes
    }
}

/// `十大创新` and `“十大创新”` are the same group.
fn strip_quotes(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '「' | '」'))
        .collect()
}

fn describe_filters(filters: &Filters, collective_left_out: &[String]) -> String {
    let mut parts = Vec::new();
    if !filters.year.is_empty() {
        let years: Vec<String> = filters.year.iter().map(i32::to_string).collect();
        parts.push(format!("year {}", years.join("+")));
    }
    if let Some(group) = &filters.plan_group {
        parts.push(format!("plan group {group}"));
    }
    if let Some(plan) = &filters.plan {
        parts.push(format!("plan ~ {plan}"));
    }
    if let Some(industry) = &filters.industry {
        parts.push(format!("industry ~ {industry}"));
    }
    if let Some(region) = &filters.region {
        parts.push(format!("region ~ {region}"));
    }
    if parts.is_empty() {
        parts.push("all tasks".to_owned());
    }
    if filters.include_collective {
        parts.push("collective units included".to_owned());
    } else if collective_left_out.is_empty() {
        parts.push("collective units left out (none concerned)".to_owned());
    } else {
        let shown: Vec<&str> = collective_left_out
            .iter()
            .take(3)
            .map(String::as_str)
            .collect();
        let more = collective_left_out.len().saturating_sub(shown.len());
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        parts.push(format!(
            "collective units left out ({}{tail}; --include-collective keeps them)",
            shown.join(", ")
        ));
    }
    parts.join(", ")
}

impl UnitNetwork {
    /// Builds the co-lead or the dependencies network of a projection.
    ///
    /// # Arguments
    /// * `projection`: the filtered tasks.
    /// * `kind`: [`NetworkKind::CoLead`] — every unit that leads a task, with
    ///   an undirected edge (stored once, source index < target index) between
    ///   two units per distinct task both lead; [`NetworkKind::Dependencies`]
    ///   — every unit that leads or cooperates, with a directed edge lead →
    ///   cooperating unit per distinct task.
    ///
    /// # Returns
    /// * The network; node indices follow unit names (sorted), edges are added
    ///   in (source, target) order, so two builds are identical.
    ///
    /// # Complexity
    /// * Time: **O(Σ k²)** over tasks with k units, plus sorting the edges.
    ///
    /// # Example
    /// ```text
    /// task 1: leads A, B, C    →  co-lead A–B, A–C, B–C (tasks 1, newman ½ each)
    /// task 2: lead A; coop D   →  dependencies A ──▶ D
    /// ```
    pub fn build(projection: &Projection, kind: NetworkKind) -> UnitNetwork {
        let mut led = vec![0usize; projection.units.len()];
        let mut cooperated = vec![0usize; projection.units.len()];
        for task in &projection.tasks {
            for &u in &task.leads {
                led[u] += 1;
            }
            for &u in &task.cooperating {
                cooperated[u] += 1;
            }
        }
        let in_network = |u: usize| match kind {
            NetworkKind::CoLead => led[u] > 0,
            NetworkKind::Dependencies => led[u] > 0 || cooperated[u] > 0,
        };
        let mut graph = petgraph::Graph::new();
        let mut node_of = vec![None; projection.units.len()];
        for (u, unit) in projection.units.iter().enumerate() {
            if in_network(u) {
                node_of[u] = Some(graph.add_node(UnitNode {
                    iri: unit.iri.clone(),
                    name: unit.name.clone(),
                    collective: unit.collective,
                    led_tasks: led[u],
                    cooperated_tasks: cooperated[u],
                }));
            }
        }
        let mut edges: BTreeMap<(usize, usize), (usize, f64, BTreeSet<i32>)> = BTreeMap::new();
        let mut add = |a: NodeIndex, b: NodeIndex, share: f64, year: Option<i32>| {
            let entry = edges.entry((a.index(), b.index())).or_default();
            entry.0 += 1;
            entry.1 += share;
            entry.2.extend(year);
        };
        for task in &projection.tasks {
            match kind {
                NetworkKind::CoLead => {
                    let k = task.leads.len();
                    if k < 2 {
                        continue;
                    }
                    let share = 1.0 / (k - 1) as f64;
                    for (i, &a) in task.leads.iter().enumerate() {
                        for &b in &task.leads[i + 1..] {
                            if let (Some(na), Some(nb)) = (node_of[a], node_of[b]) {
                                let (lo, hi) = if na < nb { (na, nb) } else { (nb, na) };
                                add(lo, hi, share, task.year);
                            }
                        }
                    }
                }
                NetworkKind::Dependencies => {
                    let pairs = task.leads.len() * task.cooperating.len();
                    if pairs == 0 {
                        continue;
                    }
                    let share = 1.0 / pairs as f64;
                    for &a in &task.leads {
                        for &b in &task.cooperating {
                            // A unit listed both as lead and as cooperating
                            // does not rely on itself.
                            if a == b {
                                continue;
                            }
                            if let (Some(na), Some(nb)) = (node_of[a], node_of[b]) {
                                add(na, nb, share, task.year);
                            }
                        }
                    }
                }
            }
        }
        for ((a, b), (tasks, newman, years)) in edges {
            graph.add_edge(
                NodeIndex::new(a),
                NodeIndex::new(b),
                EdgeWeights {
                    tasks,
                    newman,
                    years: years.into_iter().collect(),
                },
            );
        }
        UnitNetwork {
            kind,
            graph,
            filters_description: projection.filters_description.clone(),
        }
    }

    /// `co-lead network: 97 units, 412 edges (year 2022, …)`.
    pub fn describe(&self) -> String {
        let kind = match self.kind {
            NetworkKind::CoLead => "co-lead network (undirected)",
            NetworkKind::Dependencies => "dependencies network (lead → cooperating, directed)",
        };
        format!(
            "{kind}: {} units, {} edges ({})",
            self.graph.node_count(),
            self.graph.edge_count(),
            self.filters_description
        )
    }

    /// Every edge with its weights, heaviest first (tasks, then Newman
    /// weight), ties broken by the two unit names so the order is stable.
    pub fn edges_by_weight(&self) -> Vec<(NodeIndex, NodeIndex, &EdgeWeights)> {
        let mut edges: Vec<(NodeIndex, NodeIndex, &EdgeWeights)> = self
            .graph
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = self.graph.edge_endpoints(e)?;
                Some((a, b, self.graph.edge_weight(e)?))
            })
            .collect();
        let name = |n: NodeIndex| self.name(n.index());
        edges.sort_by(|x, y| {
            y.2.tasks
                .cmp(&x.2.tasks)
                .then_with(|| y.2.newman.total_cmp(&x.2.newman))
                .then_with(|| name(x.0).cmp(name(y.0)))
                .then_with(|| name(x.1).cmp(name(y.1)))
        });
        edges
    }

    /// The node's unit name (empty for an index out of range).
    pub fn name(&self, node: usize) -> &str {
        self.graph
            .node_weight(NodeIndex::new(node))
            .map(|n| n.name.as_str())
            .unwrap_or("")
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

fn parse_year(text: &str) -> Option<i32> {
    text.trim().parse().ok()
}

/// Keeps the smallest value seen, so that duplicated properties give the same
/// answer whatever order the store returns rows in.
fn keep_min<T: Ord>(slot: &mut Option<T>, value: Option<T>) {
    if let Some(value) = value {
        match slot {
            Some(current) if *current <= value => {}
            _ => *slot = Some(value),
        }
    }
}

/// The percent-decoded last path segment of an IRI.
pub fn local_name(iri: &str) -> String {
    let last = iri.rsplit(['/', '#']).next().unwrap_or(iri);
    let bytes = last.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| last.to_owned())
}

/// True when every character of `short` occurs in `name`, in order, with
/// the same first character (`省发改委` in `省发展改革委`).
fn holds_in_order(name: &str, short: &str) -> bool {
    if name.chars().next() != short.chars().next() {
        return false;
    }
    let mut rest = name.chars();
    short.chars().all(|c| rest.any(|n| n == c))
}
