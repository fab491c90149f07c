//! The projection's input read straight from the ingest records, for
//! `analyze` and the network exports when the graph comes from text: they
//! then need no store at all: building the store would be most of their
//! time and memory on a large corpus (BENCHMARKS.md has the figures). The
//! records are grouped by task directly, without the string rows of the six
//! SELECTs.
//!
//! Invariant: [`grouped`] holds what [`RawGraph::group`] makes of the rows the
//! six SELECTs of `projection/queries.rs` return on the graph that
//! [`crate::rdf::corpus_to_quads`] makes of the same records. This file
//! therefore mirrors `rdf.rs` for the terms those SELECTs read; a change to
//! either must keep them in step, and the tests below (and
//! `tests/it/analysis.rs`) compare both paths on the real corpus.
//!
//! [`RawGraph::group`]: super::projection::RawGraph

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use super::projection::{
    index_units, Grouped, PlanRow, Projection, TaskFacts, TaskInput, UnitInfo,
};
use super::request::Filters;
use super::AnalysisError;
use crate::ingest::entities::{industries, region_info, RegionInfo};
use crate::model::iri::{self, Kind};
use crate::model::{Corpus, Role, Task, TaskKind};

/// The graph of `corpus`, grouped by subject as the projection reads it.
///
/// # Complexity
/// * **O(T log T + R + U log U)** in tasks, responsibilities and units,
///   plus the facts; the tasks are grouped on both cores.
pub(super) fn grouped(corpus: &Corpus) -> Grouped {
    let (units, unit_index) = units(corpus);
    // Responsibilities name units by their qualified name, the IRI's source.
    let by_name: HashMap<&str, usize> = corpus
        .units
        .iter()
        .filter_map(|u| {
            let iri = iri::instance(Kind::Unit, &u.name);
            unit_index.get(&iri).map(|&i| (u.name.as_str(), i))
        })
        .collect();
    let regions = RegionLabels::new(corpus);
    // Goal paragraphs are pg:Goal: every table asks for a pg:Task. Filtered
    // first so that the parallel map is indexed and collects straight into
    // one vector (a filtered parallel iterator collects into pieces, then
    // copies them: twice the tasks' memory at the peak).
    let kept: Vec<&Task> = corpus
        .tasks
        .iter()
        .filter(|task| task.kind != TaskKind::Paragraph)
        .collect();
    let mut tasks: Vec<TaskInput> = kept
        .par_iter()
        .map(|task| task_input(task, &by_name, &regions))
        .collect();
    tasks.par_sort_unstable_by(|a, b| a.iri.cmp(&b.iri));
    // Two tasks cannot share an id after the merge; were it to happen, the
    // graph would hold one subject with the facts of both.
    tasks.dedup_by(|later, first| {
        if later.iri != first.iri {
            return false;
        }
        merge_task(first, std::mem::take(later));
        true
    });
    Grouped {
        units,
        unit_index,
        plans: plans(corpus),
        tasks,
        region_mentioned: None,
    }
}

fn plans(corpus: &Corpus) -> BTreeMap<String, PlanRow> {
    let mut plans: BTreeMap<String, PlanRow> = BTreeMap::new();
    for plan in &corpus.plans {
        let row = PlanRow {
            title: Some(plan.title.clone()),
            group: plan.group.clone(),
            // Year 0: the document states none, and the graph has none.
            start: (plan.start_year != 0).then_some(plan.start_year),
            end: (plan.start_year != 0).then_some(plan.end_year),
            parent: plan.parent.as_ref().map(|p| iri::instance(Kind::Plan, p)),
            industries: plan
                .industry
                .iter()
                .flat_map(|i| industry_labels(i))
                .collect(),
        };
        let iri = iri::instance(Kind::Plan, &plan.id);
        match plans.get_mut(&iri) {
            // Plan ids are unique after the merge; a repeated one would be
            // one subject in the graph, smallest values kept.
            Some(existing) => merge_plan(existing, row),
            None => {
                plans.insert(iri, row);
            }
        }
    }
    plans
}

fn merge_plan(existing: &mut PlanRow, other: PlanRow) {
    fn min<T: Ord>(slot: &mut Option<T>, value: Option<T>) {
        if let Some(value) = value {
            if slot.as_ref().is_none_or(|current| value < *current) {
                *slot = Some(value);
            }
        }
    }
    min(&mut existing.title, other.title);
    min(&mut existing.group, other.group);
    min(&mut existing.start, other.start);
    min(&mut existing.end, other.end);
    min(&mut existing.parent, other.parent);
    existing.industries.extend(other.industries);
}

fn merge_task(first: &mut TaskInput, other: TaskInput) {
    fn min<T: Ord>(slot: &mut Option<T>, value: Option<T>) {
        if let Some(value) = value {
            if slot.as_ref().is_none_or(|current| value < *current) {
                *slot = Some(value);
            }
        }
    }
    min(&mut first.plan, other.plan);
    min(&mut first.number, other.number);
    min(&mut first.title, other.title);
    let (facts, more) = (&mut first.facts, other.facts);
    facts.targets.extend(more.targets);
    facts.deadlines.extend(more.deadlines);
    facts.due_dates.extend(more.due_dates);
    facts.regions.extend(more.regions);
    facts.industries.extend(more.industries);
    first.leads.extend(other.leads);
    first.cooperating.extend(other.cooperating);
}

/// What the graph says of one (non-goal) task.
fn task_input(task: &Task, by_name: &HashMap<&str, usize>, regions: &RegionLabels) -> TaskInput {
    let mut facts = TaskFacts::default();
    // `pg:industry` with its two labels (FACTS_QUERY).
    for industry in &task.industries {
        facts.industries.extend(industry_labels(industry));
    }
    for target in &task.targets {
        facts.targets.insert(target.text.clone());
    }
    for deadline in &task.deadlines {
        facts.deadlines.insert(deadline.text.clone());
        if let Some(due) = &deadline.due {
            facts.due_dates.insert(due.clone());
        }
    }
    for region in &task.regions {
        for label in regions.labels(region) {
            facts.regions.insert(label.to_owned());
        }
    }
    let mut input = TaskInput {
        iri: iri::instance(Kind::Task, &task.id),
        plan: Some(iri::instance(Kind::Plan, &task.plan)),
        number: Some(task.number.clone()).filter(|n| !n.is_empty()),
        title: task.title.clone(),
        facts,
        ..Default::default()
    };
    for responsibility in &task.responsibilities {
        // Every responsibility's unit is a unit of the corpus (merge).
        let Some(&index) = by_name.get(responsibility.unit.as_str()) else {
            continue;
        };
        match responsibility.role {
            Role::Lead => input.leads.insert(index),
            Role::Cooperating => input.cooperating.insert(index),
        };
    }
    input
}

/// Every unit as `UNITS_QUERY` and `ALIASES_QUERY` read it, sorted and
/// indexed.
fn units(corpus: &Corpus) -> (Vec<UnitInfo>, HashMap<String, usize>) {
    let (units, successors): (Vec<UnitInfo>, Vec<BTreeSet<String>>) = corpus
        .units
        .iter()
        .map(|unit| {
            let mut aliases: BTreeSet<String> = unit.alt_labels.iter().cloned().collect();
            aliases.extend(unit.full_name.iter().cloned());
            aliases.extend(unit.english.iter().cloned());
            let info = UnitInfo {
                iri: iri::instance(Kind::Unit, &unit.name),
                name: unit.label.clone(),
                aliases: aliases.into_iter().collect(),
                full_name: unit.full_name.clone(),
                collective: unit.collective,
                succeeded_by: Vec::new(),
            };
            let successors = unit
                .succeeded_by
                .iter()
                .map(|s| iri::instance(Kind::Unit, s))
                .collect();
            (info, successors)
        })
        .unzip();
    index_units(units, successors)
}

/// The industry's `skos:prefLabel` and `rdfs:label`. An industry outside
/// the published scheme has no labels in the graph, so it gives none.
fn industry_labels(industry: &str) -> impl Iterator<Item = String> {
    industries::industries()
        .iter()
        .find(|i| i.name == industry)
        .into_iter()
        .flat_map(|info| [info.name.clone(), info.english.clone()])
}

/// The labels the graph gives each region node and the regions around it,
/// as `rdf.rs` writes them (see [`crate::rdf::region_nodes`]) and
/// FACTS_QUERY reads them: the region's own `skos:prefLabel`, those of the
/// regions that `pg:containsRegion` it, and those of the divisions it is
/// `pg:partOf` (transitively).
struct RegionLabels {
    labels: BTreeMap<String, Vec<String>>,
}

impl RegionLabels {
    fn new(corpus: &Corpus) -> Self {
        let nodes = crate::rdf::region_nodes(corpus);
        let infos: BTreeMap<&str, RegionInfo> = nodes
            .iter()
            .filter_map(|r| Some((r.as_str(), region_info(r)?)))
            .collect();
        let mut labels: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (&region, info) in &infos {
            labels
                .entry(region.to_owned())
                .or_default()
                .push(info.label.clone());
            for part in &info.contains {
                if infos.contains_key(part.as_str()) {
                    labels
                        .entry(part.clone())
                        .or_default()
                        .push(info.label.clone());
                }
            }
            let mut parent = info.part_of.as_deref();
            let is_division = info.code.is_some();
            while let Some(p) = parent {
                let Some(parent_info) = infos.get(p) else {
                    break;
                };
                labels
                    .entry(region.to_owned())
                    .or_default()
                    .push(parent_info.label.clone());
                // A county-level area is contained by its division, not
                // part of it: one level only.
                if !is_division {
                    break;
                }
                parent = parent_info.part_of.as_deref();
            }
        }
        RegionLabels { labels }
    }

    /// The labels a task mentioning `region` is found by.
    fn labels(&self, region: &str) -> impl Iterator<Item = &str> + '_ {
        self.labels
            .get(region)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }
}

// Here rather than beside `Projection::load`, so that the projection does
// not depend on the records path that mirrors it.
impl Projection {
    /// The projection [`Projection::load`] gives on the graph of `corpus`,
    /// read straight from the records without building a store (see
    /// `records.rs`): what `analyze` and the network exports do when the
    /// graph comes from text.
    pub fn from_corpus(corpus: &Corpus, filters: &Filters) -> Result<Projection, AnalysisError> {
        grouped(corpus).assemble(filters)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::projection::RawGraph;
    use crate::store::PlanStore;

    /// Asserts that the records group as the six SELECTs do on their graph.
    fn assert_same_as_sparql(corpus: &Corpus) -> Grouped {
        let store = PlanStore::new().unwrap();
        store.insert(crate::rdf::corpus_to_quads(corpus)).unwrap();
        let sparql = RawGraph::from_sparql(&store).unwrap().group();
        let records = grouped(corpus);
        assert_eq!(sparql.units, records.units);
        assert_eq!(sparql.unit_index, records.unit_index);
        assert_eq!(sparql.plans, records.plans);
        assert_eq!(sparql.tasks.len(), records.tasks.len());
        for (a, b) in sparql.tasks.iter().zip(&records.tasks) {
            assert_eq!(a, b);
        }
        records
    }

    #[test]
    fn records_group_as_the_six_selects_on_the_embedded_corpus() {
        let corpus = crate::ingest::ingest(&crate::ingest::embedded::embedded_sources()).unwrap();
        let grouped = assert_same_as_sparql(&corpus);
        // Real sizes and every kind of fact, so that an empty table cannot pass.
        assert_eq!(grouped.plans.len(), 48);
        let roles: usize = grouped
            .tasks
            .iter()
            .map(|t| t.leads.len() + t.cooperating.len())
            .sum();
        assert!(roles > 3_000, "{roles}");
        let facts =
            |f: fn(&TaskFacts) -> usize| grouped.tasks.iter().map(|t| f(&t.facts)).sum::<usize>();
        assert!(facts(|f| f.regions.len()) > 100);
        assert!(facts(|f| f.industries.len()) > 0);
        assert!(facts(|f| f.targets.len()) > 100);
        assert!(facts(|f| f.due_dates.len()) > 10);
        assert!(grouped.plans.values().any(|p| !p.industries.is_empty()));
        assert!(grouped.plans.values().any(|p| p.parent.is_some()));
        assert!(
            grouped.units.iter().any(|u| !u.succeeded_by.is_empty()),
            "a rename"
        );
        assert!(grouped.units.iter().any(|u| u.collective), "a collective");
        assert!(grouped.units.iter().any(|u| u.full_name.is_some()));
    }

    #[test]
    fn records_group_as_the_six_selects_on_a_rewritten_province() {
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
        let grouped = assert_same_as_sparql(&corpus);
        assert!(grouped.tasks.len() > 1_000);
    }
}
