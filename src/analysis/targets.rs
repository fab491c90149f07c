//! The `targets` report: every quantified target of the kept tasks with
//! what it counts, by year — the year it is for and where that year was
//! read (stated, sentence, plan), the indicator, value, measure, comparator
//! and direction, the plan, and the lead units of its task; optionally only
//! the tasks one unit leads.
//!
//! The tasks, their plans and lead units come from the [`Projection`] (so
//! the usual filters apply exactly as in the other analyses); the targets
//! come from one SELECT over the graph ([`load`]), joined on the task IRI.
//! Goal paragraphs (`pg:Goal`: a plan's 工作目标, the openers of the 2024
//! plans) hold many targets but are no tasks of the projection: two more
//! SELECTs give their plans, lead units, regions and industries, and
//! [`Filters::keeps`] decides on them as the projection does on tasks.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::Term;

use super::projection::Projection;
use super::report::{Cell, Report, Table};
use super::{AnalysisError, Filters};
use crate::store::{Backend, BackendExt};

/// One `pg:Target` as the graph states it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetRow {
    /// IRI of the task that has the target.
    pub task: String,
    /// Position of the target in its task (1 for `….t1`).
    pub position: usize,
    pub indicator: String,
    pub value: Option<String>,
    pub min_value: Option<String>,
    pub max_value: Option<String>,
    pub measure: String,
    pub year: Option<i32>,
    pub year_source: Option<String>,
    pub comparator: Option<String>,
    pub direction: Option<String>,
    pub text: String,
}

impl TargetRow {
    /// The value as printed in the report: `23000`, or `3–4` for a range.
    pub fn value_text(&self) -> String {
        match (&self.value, &self.min_value, &self.max_value) {
            (Some(v), _, _) => v.clone(),
            (None, Some(a), Some(b)) => format!("{a}–{b}"),
            (None, Some(a), None) => a.clone(),
            (None, None, Some(b)) => b.clone(),
            (None, None, None) => String::new(),
        }
    }
}

/// The one query [`load`] runs.
pub const QUERY: &str = "SELECT ?task ?target ?indicator ?value ?min ?max ?measure ?year \
     ?source ?comparator ?direction ?text WHERE {
  ?task pg:target ?target .
  OPTIONAL { ?target pg:indicator ?indicator }
  OPTIONAL { ?target pg:value ?value }
  OPTIONAL { ?target pg:minValue ?min }
  OPTIONAL { ?target pg:maxValue ?max }
  OPTIONAL { ?target pg:measure ?measure }
  OPTIONAL { ?target pg:year ?year }
  OPTIONAL { ?target pg:yearSource ?source }
  OPTIONAL { ?target pg:comparator ?comparator }
  OPTIONAL { ?target pg:direction ?direction }
  OPTIONAL { ?target pg:targetText ?text }
}";

/// What a goal paragraph is, for the filters and the report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoalInfo {
    /// The innermost plan's IRI.
    pub plan: String,
    /// Titles of the plan and the plans it is part of, innermost first.
    pub plan_titles: Vec<String>,
    pub group: Option<String>,
    /// The plan's start year (or its parent's).
    pub year: Option<i32>,
    /// Lead unit IRIs.
    pub leads: Vec<String>,
    /// Labels of its industries and its plans'.
    pub industries: Vec<String>,
    /// Labels of the regions it mentions and of the regions around them.
    pub regions: Vec<String>,
}

/// Everything [`report`] needs beside the projection.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets {
    pub rows: Vec<TargetRow>,
    /// The goal paragraphs that have targets, by IRI.
    pub goals: HashMap<String, GoalInfo>,
}

/// Facts of the goal paragraphs that have targets, one row per fact.
const GOALS_QUERY: &str = "SELECT ?goal ?kind ?value WHERE {
  ?goal a pg:Goal ; pg:target ?target .
  { ?goal pg:plan ?value . BIND(\"plan\" AS ?kind) }
  UNION { ?goal pg:leadUnit ?value . BIND(\"lead\" AS ?kind) }
  UNION { ?goal pg:mentionsRegion ?region . ?region skos:prefLabel ?value . BIND(\"region\" AS ?kind) }
  UNION { ?goal pg:mentionsRegion ?region . ?parent pg:containsRegion ?region .
          ?parent skos:prefLabel ?value . BIND(\"region\" AS ?kind) }
  UNION { ?goal pg:mentionsRegion ?region . ?region pg:partOf+ ?parent .
          ?parent skos:prefLabel ?value . BIND(\"region\" AS ?kind) }
  UNION { ?goal pg:industry ?industry . ?industry skos:prefLabel|rdfs:label ?value . BIND(\"industry\" AS ?kind) }
}";

/// The plans, with what the filters read of them.
const PLANS_QUERY: &str = "SELECT ?plan ?title ?group ?start ?parent ?industry WHERE {
  ?plan a pg:Plan .
  OPTIONAL { ?plan dcterms:title ?title }
  OPTIONAL { ?plan pg:planGroup ?group }
  OPTIONAL { ?plan pg:startYear ?start }
  OPTIONAL { ?plan dcterms:isPartOf ?parent }
  OPTIONAL { ?plan pg:industry ?i . ?i skos:prefLabel|rdfs:label ?industry }
}";

/// Every target of the graph with one SELECT, and the goal paragraphs that
/// hold some with two more.
///
/// # Returns
/// * The targets in no particular order; [`report`] sorts them. A graph
///   saved before indicators existed gives empty indicators, not an error.
pub fn load(source: &dyn Backend) -> Result<Targets, AnalysisError> {
    let rows = source.select(QUERY)?;
    let col = |rows: &crate::store::SelectRows, name: &'static str| {
        rows.column(name).ok_or(AnalysisError::MissingColumn {
            what: "targets",
            column: name,
        })
    };
    let names = [
        "task",
        "target",
        "indicator",
        "value",
        "min",
        "max",
        "measure",
        "year",
        "source",
        "comparator",
        "direction",
        "text",
    ];
    let mut c = [0usize; 12];
    for (k, name) in names.iter().enumerate() {
        c[k] = col(&rows, name)?;
    }
    let mut out = Vec::with_capacity(rows.rows.len());
    for row in &rows.rows {
        let get = |k: usize| row.get(c[k]).and_then(|t| t.as_ref()).map(term_text);
        let (Some(task), Some(target)) = (get(0), get(1)) else {
            continue;
        };
        out.push(TargetRow {
            task,
            position: position_of(&target),
            indicator: get(2).unwrap_or_default(),
            value: get(3),
            min_value: get(4),
            max_value: get(5),
            measure: get(6).unwrap_or_default(),
            year: get(7).and_then(|y| y.trim().parse().ok()),
            year_source: get(8),
            comparator: get(9),
            direction: get(10),
            text: get(11).unwrap_or_default(),
        });
    }

    // The plans: title, group, start year, parent, industries.
    #[derive(Default)]
    struct PlanFacts {
        title: Option<String>,
        group: Option<String>,
        start: Option<i32>,
        parent: Option<String>,
        industries: Vec<String>,
    }
    let plan_rows = source.select(PLANS_QUERY)?;
    let pc: Vec<usize> = ["plan", "title", "group", "start", "parent", "industry"]
        .iter()
        .map(|n| col(&plan_rows, n))
        .collect::<Result<_, _>>()?;
    let mut plans: HashMap<String, PlanFacts> = HashMap::new();
    for row in &plan_rows.rows {
        let get = |k: usize| row.get(pc[k]).and_then(|t| t.as_ref()).map(term_text);
        let Some(iri) = get(0) else { continue };
        let plan = plans.entry(iri).or_default();
        // The smallest of duplicated values, whatever order rows come in.
        let keep = |slot: &mut Option<String>, v: Option<String>| {
            if let Some(v) = v {
                if slot.as_ref().is_none_or(|s| v < *s) {
                    *slot = Some(v);
                }
            }
        };
        keep(&mut plan.title, get(1));
        keep(&mut plan.group, get(2));
        keep(&mut plan.parent, get(4));
        if let Some(y) = get(3).and_then(|y| y.trim().parse().ok()) {
            plan.start = Some(plan.start.map_or(y, |s: i32| s.min(y)));
        }
        if let Some(i) = get(5) {
            if !plan.industries.contains(&i) {
                plan.industries.push(i);
            }
        }
    }

    let goal_rows = source.select(GOALS_QUERY)?;
    let gc: Vec<usize> = ["goal", "kind", "value"]
        .iter()
        .map(|n| col(&goal_rows, n))
        .collect::<Result<_, _>>()?;
    let mut goals: HashMap<String, GoalInfo> = HashMap::new();
    for row in &goal_rows.rows {
        let get = |k: usize| row.get(gc[k]).and_then(|t| t.as_ref()).map(term_text);
        let (Some(goal), Some(kind), Some(value)) = (get(0), get(1), get(2)) else {
            continue;
        };
        let info = goals.entry(goal).or_default();
        let list = match kind.as_str() {
            "plan" => {
                if info.plan.is_empty() || value < info.plan {
                    info.plan = value;
                }
                continue;
            }
            "lead" => &mut info.leads,
            "region" => &mut info.regions,
            "industry" => &mut info.industries,
            _ => continue,
        };
        if !list.contains(&value) {
            list.push(value);
        }
    }
    for info in goals.values_mut() {
        // The plan and the plans it is part of, innermost first (a cycle
        // in a foreign graph stops at the first repeat).
        let mut seen: Vec<&str> = Vec::new();
        let mut current = Some(info.plan.as_str());
        while let Some(iri) = current.filter(|i| !seen.contains(i)) {
            seen.push(iri);
            let Some(plan) = plans.get(iri) else { break };
            info.plan_titles.extend(plan.title.clone());
            if info.group.is_none() {
                info.group = plan.group.clone();
            }
            if info.year.is_none() {
                info.year = plan.start;
            }
            for i in &plan.industries {
                if !info.industries.contains(i) {
                    info.industries.push(i.clone());
                }
            }
            current = plan.parent.as_deref();
        }
        info.plan_titles.push(info.plan.clone());
        info.leads.sort();
        info.regions.sort();
        info.industries.sort();
    }
    Ok(Targets { rows: out, goals })
}

/// A task or goal paragraph as the report prints it.
struct Holder<'a> {
    iri: &'a str,
    plan_title: String,
    label: String,
    leads: Vec<String>,
}

/// The targets of the tasks in `projection` and of the goal paragraphs the
/// same `filters` keep (only those `unit` leads, when given), by year,
/// plan, task and printed order.
///
/// # Returns
/// * Tables `targets` (`year,year_source,indicator,value,measure,comparator,
///   direction,plan,task,lead_units,text`) and `by_year` (`year,targets,
///   stated,sentence,plan,none,tasks`); figures `targets`,
///   `tasks_with_targets`, `without_year`.
///
/// # Errors
/// * An unknown or ambiguous unit name (with suggestions).
///
/// # Complexity
/// * Time: **O(R log R + T·k + G)** over R target rows, T tasks with k lead
///   units and G goal paragraphs.
///
/// # Example
/// ```text
/// task 1 (plan 科技研发创新, 2022–2022; leads 省科技厅): 高新技术企业达到2.3万家
/// → 2022 | plan | 高新技术企业 | 23000 | 家 | 达到 | exactly | 科技研发创新 | 1 … | 省科技厅
/// ```
pub fn report(
    projection: &Projection,
    targets: &Targets,
    filters: &Filters,
    unit: Option<&str>,
) -> Result<Report, AnalysisError> {
    let unit = unit.map(|name| projection.find_unit(name)).transpose()?;
    let mut by_task: HashMap<&str, Vec<&TargetRow>> = HashMap::new();
    for row in &targets.rows {
        by_task.entry(row.task.as_str()).or_default().push(row);
    }
    let name_of = |u: usize| projection.units[u].name.clone();
    let mut holders: Vec<Holder<'_>> = projection
        .tasks
        .iter()
        .filter(|t| unit.is_none_or(|u| t.leads.contains(&u)))
        .map(|t| Holder {
            iri: t.iri.as_str(),
            plan_title: t.plan_title.clone(),
            label: t.label.clone(),
            leads: t.leads.iter().map(|&u| name_of(u)).collect(),
        })
        .collect();
    let task_count = holders.len();
    let unit_by_iri: HashMap<&str, usize> = projection
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.iri.as_str(), i))
        .collect();
    let mut goal_iris: Vec<&String> = targets.goals.keys().collect();
    goal_iris.sort();
    for iri in goal_iris {
        let goal = &targets.goals[iri];
        let titles: Vec<&str> = goal.plan_titles.iter().map(String::as_str).collect();
        let industries: Vec<&str> = goal.industries.iter().map(String::as_str).collect();
        if !filters.keeps(
            goal.year,
            goal.group.as_deref(),
            &titles,
            &industries,
            &goal.regions,
        ) {
            continue;
        }
        let leads: Vec<usize> = goal
            .leads
            .iter()
            .filter_map(|l| unit_by_iri.get(l.as_str()).copied())
            .filter(|&u| filters.include_collective || !projection.units[u].collective)
            .collect();
        if unit.is_some_and(|u| !leads.contains(&u)) {
            continue;
        }
        holders.push(Holder {
            iri: iri.as_str(),
            plan_title: goal
                .plan_titles
                .first()
                .filter(|_| goal.plan_titles.len() > 1)
                .cloned()
                .unwrap_or_default(),
            label: iri.rsplit('/').next().unwrap_or(iri).to_owned(),
            leads: leads.into_iter().map(name_of).collect(),
        });
    }
    let goal_count = holders.len() - task_count;

    let counted = format!(
        "{task_count} task{} and {goal_count} goal paragraph{}",
        if task_count == 1 { "" } else { "s" },
        if goal_count == 1 { "" } else { "s" }
    );
    let built = match unit {
        Some(u) => format!(
            "targets of the {counted} {} leads ({})",
            projection.units[u].name, projection.filters_description
        ),
        None => format!("targets of {counted} ({})", projection.filters_description),
    };
    let mut report = Report::new("targets", built);
    report.notes.extend(projection.notes.iter().cloned());

    let mut lines: Vec<(&Holder<'_>, &TargetRow)> = Vec::new();
    for holder in &holders {
        if let Some(rows) = by_task.get(holder.iri) {
            lines.extend(rows.iter().map(|row| (holder, *row)));
        }
    }
    lines.sort_by(|(ha, ra), (hb, rb)| {
        (
            ra.year.is_none(),
            ra.year,
            &ha.plan_title,
            ha.iri,
            ra.position,
        )
            .cmp(&(
                rb.year.is_none(),
                rb.year,
                &hb.plan_title,
                hb.iri,
                rb.position,
            ))
    });

    let mut table = Table::new(
        "targets",
        match unit {
            Some(u) => format!(
                "Targets of the tasks {} leads, by year",
                projection.units[u].name
            ),
            None => "Targets by year".to_owned(),
        },
        &[
            "year",
            "year_source",
            "indicator",
            "value",
            "measure",
            "comparator",
            "direction",
            "plan",
            "task",
            "lead_units",
            "text",
        ],
    );
    let mut per_year: BTreeMap<Option<i32>, [usize; 5]> = BTreeMap::new();
    let mut holders_per_year: BTreeMap<Option<i32>, BTreeSet<&str>> = BTreeMap::new();
    for (holder, row) in &lines {
        table.rows.push(vec![
            row.year.map_or(Cell::Empty, |y| Cell::Int(i64::from(y))),
            Cell::text(row.year_source.clone().unwrap_or_default()),
            Cell::text(row.indicator.clone()),
            Cell::text(row.value_text()),
            Cell::text(row.measure.clone()),
            Cell::text(row.comparator.clone().unwrap_or_default()),
            Cell::text(row.direction.clone().unwrap_or_default()),
            Cell::text(holder.plan_title.clone()),
            Cell::text(holder.label.clone()),
            Cell::text(holder.leads.join("、")),
            Cell::text(row.text.clone()),
        ]);
        let counts = per_year.entry(row.year).or_default();
        counts[0] += 1;
        counts[match row.year_source.as_deref() {
            Some("stated") => 1,
            Some("sentence") => 2,
            Some("plan") => 3,
            _ => 4,
        }] += 1;
        holders_per_year
            .entry(row.year)
            .or_default()
            .insert(holder.iri);
    }
    let with_targets: BTreeSet<&str> = lines.iter().map(|(h, _)| h.iri).collect();
    report.figures = vec![
        ("targets".to_owned(), Cell::int(lines.len())),
        (
            "tasks_with_targets".to_owned(),
            Cell::int(with_targets.len()),
        ),
        (
            "without_year".to_owned(),
            Cell::int(lines.iter().filter(|(_, r)| r.year.is_none()).count()),
        ),
    ];
    report.tables.push(table);

    let mut table = Table::new(
        "by_year",
        "Targets per year, by where the year was read",
        &[
            "year", "targets", "stated", "sentence", "plan", "none", "tasks",
        ],
    );
    // Years in order, targets without a year last.
    let mut years: Vec<_> = per_year.into_iter().collect();
    years.sort_by_key(|(y, _)| (y.is_none(), *y));
    for (year, counts) in years {
        table.rows.push(vec![
            year.map_or(Cell::Empty, |y| Cell::Int(i64::from(y))),
            Cell::int(counts[0]),
            Cell::int(counts[1]),
            Cell::int(counts[2]),
            Cell::int(counts[3]),
            Cell::int(counts[4]),
            Cell::int(holders_per_year.get(&year).map_or(0, BTreeSet::len)),
        ]);
    }
    report.tables.push(table);
    Ok(report)
}

/// The position of a target node in its task: `….t12` → 12 (0 when the
/// IRI has another shape, e.g. in a graph from elsewhere).
fn position_of(iri: &str) -> usize {
    iri.rsplit_once(".t")
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(0)
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

    #[test]
    fn positions_sort_numerically() {
        assert_eq!(
            position_of("https://w3id.org/plangraph/id/node/2022-x-1-2.t12"),
            12
        );
        assert_eq!(position_of("https://example.org/t"), 0);
    }

    #[test]
    fn ranges_print_with_a_dash() {
        let row = TargetRow {
            min_value: Some("3".into()),
            max_value: Some("4".into()),
            ..TargetRow::default()
        };
        assert_eq!(row.value_text(), "3–4");
    }
}
