//! From rows or records to the projection: the graph grouped by subject
//! ([`Grouped`], what both [`RawGraph::group`] and `records.rs` make), then
//! the filters applied once, in Rust ([`Grouped::assemble`]): plans' group,
//! years and industries inherited along `dcterms:isPartOf`, collective units
//! dropped unless asked for.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::super::request::Filters;
use super::super::sorted_set::SortedSet;
use super::super::AnalysisError;
use super::filters::{keep_min, plan_lineage, plans_by_iri, strip_quotes, FilterCheck, PlanRow};
use super::queries::RawGraph;
use super::types::{local_name, Projection, TaskInfo, UnitInfo};

/// The facts of one task the filters and profiles read, each set sorted.
#[derive(Debug, Default, PartialEq)]
pub(in crate::analysis) struct TaskFacts {
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
pub(in crate::analysis) struct TaskInput {
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
pub(in crate::analysis) struct Grouped {
    /// Every unit, sorted by name then IRI, `succeeded_by` filled in.
    pub units: Vec<UnitInfo>,
    /// IRI → index into `units`.
    pub unit_index: HashMap<String, usize>,
    /// Plan IRI → plan.
    pub plans: BTreeMap<String, PlanRow>,
    /// Every task, sorted by IRI, each IRI once.
    pub tasks: Vec<TaskInput>,
    /// Whether any task mentions the region filter's region, when `tasks`
    /// were narrowed by the filters and cannot tell.
    pub region_mentioned: Option<bool>,
}

/// Sorts units by name then IRI, indexes them by IRI and resolves each
/// unit's successor IRIs (`successors[i]` for the unit at input position i)
/// to sorted indices; successors that are not units are dropped.
pub(in crate::analysis) fn index_units(
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
    /// Groups the rows by subject. Duplicated single-valued properties keep
    /// their smallest value, so the result does not depend on row order.
    pub(in crate::analysis) fn group(self) -> Grouped {
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

        let mut plans = plans_by_iri(&self.plans);

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
            region_mentioned: self.region_mentioned,
        }
    }

    pub(super) fn into_projection(self, filters: &Filters) -> Result<Projection, AnalysisError> {
        self.group().assemble(filters)
    }
}

impl Grouped {
    /// The projection under `filters`: plans' group, years and industries
    /// inherited along `dcterms:isPartOf`, tasks filtered, collective units
    /// dropped unless asked for.
    pub(in crate::analysis) fn assemble(
        self,
        filters: &Filters,
    ) -> Result<Projection, AnalysisError> {
        let Grouped {
            units,
            unit_index,
            plans,
            tasks: inputs,
            region_mentioned,
        } = self;
        let filter = FilterCheck::new(filters);
        let mut notes = unknown_values(&filter, &plans, &inputs, region_mentioned);
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

/// Notes for filter values that no plan or task has, so that an empty
/// result explains itself.
fn unknown_values(
    check: &FilterCheck<'_>,
    plans: &BTreeMap<String, PlanRow>,
    tasks: &[TaskInput],
    region_mentioned: Option<bool>,
) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(wanted) = check.group() {
        let groups: BTreeSet<&str> = plans.values().filter_map(|p| p.group.as_deref()).collect();
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
    for year in check.years() {
        if !plans.values().any(|p| p.start == Some(*year)) {
            let years: BTreeSet<i32> = plans.values().filter_map(|p| p.start).collect();
            let known: Vec<String> = years.iter().map(i32::to_string).collect();
            notes.push(format!(
                "no plan starts in {year} (start years: {})",
                known.join(", ")
            ));
        }
    }
    if let Some(wanted) = check.region() {
        let mentioned = region_mentioned.unwrap_or_else(|| {
            tasks
                .iter()
                .any(|t| t.facts.regions.iter().any(|r| r.contains(wanted)))
        });
        if !mentioned {
            notes.push(format!("no task mentions a region called '{wanted}'"));
        }
    }
    notes
}
