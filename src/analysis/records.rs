//! The projection's six tables read straight from the ingest records, for
//! `analyze` and the network exports when the graph comes from text: they
//! then need no store at all. At 100× the corpus, building the store was
//! nine tenths of their time and most of their memory (BENCHMARKS.md).
//!
//! Invariant: each table holds the same rows, as a set, as the SELECT of the
//! same name in `projection.rs` returns on the graph that
//! [`crate::rdf::corpus_to_quads`] makes of the same records. This file
//! therefore mirrors `rdf.rs` for the terms those SELECTs read; a change to
//! either must keep them in step, and the tests below (and
//! `tests/it/analysis.rs`) compare both paths on the real corpus.

use std::collections::{BTreeMap, BTreeSet};

use super::projection::{RawGraph, Row};
use crate::ingest::entities::{industries, regions::region_info};
use crate::model::iri::{self, Kind};
use crate::model::{Corpus, Role, TaskKind};

/// The six tables of [`RawGraph`] for the graph of `corpus`.
///
/// # Complexity
/// * **O(T + R + U)** in tasks, responsibilities and units, plus the facts.
pub(super) fn raw_graph(corpus: &Corpus) -> RawGraph {
    let mut raw = RawGraph::default();
    plans(corpus, &mut raw);
    tasks(corpus, &mut raw);
    units(corpus, &mut raw);
    raw
}

fn plans(corpus: &Corpus, raw: &mut RawGraph) {
    for plan in &corpus.plans {
        let plan_iri = iri::instance(Kind::Plan, &plan.id);
        raw.plans.push(vec![
            Some(plan_iri.clone()),
            Some(plan.title.clone()),
            plan.group.clone(),
            Some(plan.start_year.to_string()),
            Some(plan.end_year.to_string()),
            plan.parent.as_ref().map(|p| iri::instance(Kind::Plan, p)),
        ]);
        if let Some(industry) = &plan.industry {
            industry_facts(&plan_iri, industry, &mut raw.facts);
        }
    }
}

/// The rows one task contributes to the tasks, roles and facts tables.
#[derive(Default)]
struct TaskRows {
    task: Option<Row>,
    roles: Vec<Row>,
    facts: Vec<Row>,
}

fn tasks(corpus: &Corpus, raw: &mut RawGraph) {
    use rayon::prelude::*;
    let regions = RegionLabels::new(corpus);
    // Tasks are independent: built on both cores, appended in order.
    let per_task: Vec<TaskRows> = corpus
        .tasks
        .par_iter()
        .map(|task| task_rows(task, &regions))
        .collect();
    for rows in per_task {
        raw.tasks.extend(rows.task);
        raw.roles.extend(rows.roles);
        raw.facts.extend(rows.facts);
    }
}

fn task_rows(task: &crate::model::Task, regions: &RegionLabels<'_>) -> TaskRows {
    let mut rows = TaskRows::default();
    let task_iri = iri::instance(Kind::Task, &task.id);
    // `pg:industry` is read whatever the subject's type (FACTS_QUERY).
    for industry in &task.industries {
        industry_facts(&task_iri, industry, &mut rows.facts);
    }
    // Goal paragraphs are pg:Goal: every other table asks for a pg:Task.
    if task.kind == TaskKind::Paragraph {
        return rows;
    }
    rows.task = Some(vec![
        Some(task_iri.clone()),
        Some(iri::instance(Kind::Plan, &task.plan)),
        Some(task.number.clone()).filter(|n| !n.is_empty()),
        task.title.clone(),
    ]);
    for responsibility in &task.responsibilities {
        let role = match responsibility.role {
            Role::Lead => "lead",
            Role::Cooperating => "cooperating",
        };
        rows.roles.push(vec![
            Some(task_iri.clone()),
            Some(iri::instance(Kind::Unit, &responsibility.unit)),
            Some(role.to_owned()),
        ]);
    }
    let mut fact = |kind: &str, value: &str| {
        rows.facts.push(vec![
            Some(task_iri.clone()),
            Some(kind.to_owned()),
            Some(value.to_owned()),
        ]);
    };
    for target in &task.targets {
        fact("target", &target.text);
    }
    for deadline in &task.deadlines {
        fact("deadline", &deadline.text);
        if let Some(due) = &deadline.due {
            fact("due", due);
        }
    }
    for region in &task.regions {
        fact("region", region);
        for parent in regions.parents(region) {
            fact("region", parent);
        }
    }
    rows
}

fn units(corpus: &Corpus, raw: &mut RawGraph) {
    for unit in &corpus.units {
        let unit_iri = iri::instance(Kind::Unit, &unit.name);
        let collective = unit.collective.then(|| "true".to_owned());
        let successors: Vec<Option<String>> = if unit.succeeded_by.is_empty() {
            vec![None]
        } else {
            unit.succeeded_by
                .iter()
                .map(|s| Some(iri::instance(Kind::Unit, s)))
                .collect()
        };
        for successor in successors {
            raw.units.push(vec![
                Some(unit_iri.clone()),
                Some(unit.name.clone()),
                collective.clone(),
                successor,
            ]);
        }
        let mut alias = |value: &str, kind: &str| {
            raw.aliases.push(vec![
                Some(unit_iri.clone()),
                Some(value.to_owned()),
                Some(kind.to_owned()),
            ]);
        };
        for alt in &unit.alt_labels {
            alias(alt, "alt");
        }
        if let Some(full) = &unit.full_name {
            alias(full, "full");
        }
        if let Some(english) = &unit.english {
            alias(english, "english");
        }
    }
}

/// The industry's `skos:prefLabel` and `rdfs:label`, as facts of `subject`.
/// An industry outside the published scheme has no labels in the graph, so
/// it gives no fact.
fn industry_facts(subject: &str, industry: &str, facts: &mut Vec<Row>) {
    if let Some(info) = industries::industries().iter().find(|i| i.name == industry) {
        for label in [info.name, info.english] {
            facts.push(vec![
                Some(subject.to_owned()),
                Some("industry".to_owned()),
                Some(label.to_owned()),
            ]);
        }
    }
}

/// The `pg:containsRegion` links among the region nodes of the graph, as
/// `rdf.rs` writes them (see [`crate::rdf::region_nodes`]).
struct RegionLabels<'a> {
    parents: BTreeMap<&'a str, BTreeSet<&'a str>>,
}

impl<'a> RegionLabels<'a> {
    fn new(corpus: &'a Corpus) -> Self {
        let nodes = crate::rdf::region_nodes(corpus);
        let mut parents: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for &region in &nodes {
            let Some(info) = region_info(region) else {
                continue;
            };
            for &city in info.contains {
                parents.entry(city).or_default().insert(region);
            }
            if let Some(parent) = info.part_of {
                parents.entry(region).or_default().insert(parent);
            }
        }
        // A parent without a node has no skos:prefLabel, so no label.
        for set in parents.values_mut() {
            set.retain(|p| nodes.contains(p));
        }
        RegionLabels { parents }
    }

    fn parents(&self, region: &str) -> impl Iterator<Item = &'a str> + '_ {
        self.parents.get(region).into_iter().flatten().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::PlanStore;

    fn both_ways(corpus: &Corpus) -> (RawGraph, RawGraph) {
        let store = PlanStore::new().unwrap();
        store.insert(crate::rdf::corpus_to_quads(corpus)).unwrap();
        let sparql = RawGraph::from_sparql(&store).unwrap().canonical();
        let records = raw_graph(corpus).canonical();
        (sparql, records)
    }

    #[test]
    fn records_give_the_rows_of_the_six_selects_on_the_embedded_corpus() {
        let corpus = crate::ingest::ingest(&crate::ingest::embedded::embedded_sources()).unwrap();
        let (sparql, records) = both_ways(&corpus);
        // Real sizes, so that an empty table cannot pass.
        assert_eq!(sparql.plans.len(), 48);
        assert!(sparql.roles.len() > 3_000, "{}", sparql.roles.len());
        assert!(sparql
            .facts
            .iter()
            .any(|r| r[1].as_deref() == Some("region")));
        assert!(sparql
            .facts
            .iter()
            .any(|r| r[1].as_deref() == Some("industry")));
        assert!(sparql.units.iter().any(|r| r[3].is_some()), "a rename");
        assert!(sparql.units.iter().any(|r| r[2].is_some()), "a collective");
        for (name, a, b) in [
            ("plans", &sparql.plans, &records.plans),
            ("tasks", &sparql.tasks, &records.tasks),
            ("roles", &sparql.roles, &records.roles),
            ("units", &sparql.units, &records.units),
            ("aliases", &sparql.aliases, &records.aliases),
            ("facts", &sparql.facts, &records.facts),
        ] {
            let only_sparql: Vec<&Row> = a.iter().filter(|r| !b.contains(r)).take(5).collect();
            let only_records: Vec<&Row> = b.iter().filter(|r| !a.contains(r)).take(5).collect();
            assert!(
                only_sparql.is_empty() && only_records.is_empty(),
                "{name}: only from SPARQL {only_sparql:?}, only from records {only_records:?}"
            );
            assert_eq!(a.len(), b.len(), "{name}");
        }
    }

    #[test]
    fn records_give_the_rows_of_the_six_selects_on_a_rewritten_province() {
        // The shape of the scaled benchmark corpora: the plans rewritten for
        // another province, whose units are not in the alias table.
        let sources: Vec<crate::ingest::Source> = crate::ingest::embedded::embedded_sources()
            .into_iter()
            .map(|source| crate::ingest::Source {
                name: format!("zj-{}", source.name),
                bytes: String::from_utf8_lossy(&source.bytes)
                    .replace("山东省", "浙江省")
                    .replace("省科技厅", "浙江省科技厅")
                    .into_bytes(),
            })
            .collect();
        let corpus = crate::ingest::ingest(&sources).unwrap();
        assert!(corpus.units.iter().any(|u| u.name.starts_with("浙江省")));
        let (sparql, records) = both_ways(&corpus);
        assert!(sparql.roles.len() > 3_000);
        assert_eq!(sparql, records);
    }
}
