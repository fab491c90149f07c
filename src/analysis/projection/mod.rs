//! The projection every analysis reads: tasks with their lead and cooperating
//! units, and the two unit networks built from it.
//!
//! [`Projection::load`] reads the ingest records when the documents' backend
//! offers them ([`Backend::records`], `records.rs`), else asks the graph six
//! SELECTs over the whole graph (plans, tasks, roles, units, unit aliases,
//! task facts) and never one query per node, so that a remote SPARQL
//! endpoint can stand in for the store.
//! Filters (`--year`, `--plan-group`, `--plan`, `--industry`, `--region`) are
//! applied here, once, in Rust; collective pseudo-units such as
//! 省有关部门单位 are dropped from every task unless `--include-collective`.
//!
//! What does not live here: any measure on the networks (see the sibling
//! modules) and any printing.
//!
//! One idea per file: `queries` (the six SELECTs and their rows,
//! [`RawGraph`]), `assembly` (rows or records grouped by subject, then the
//! filters: [`Grouped`] → [`Projection`]), `types` (what the analyses read:
//! [`Projection`], [`UnitInfo`], [`TaskInfo`], and finding units), `network`
//! ([`UnitNetwork`], the co-lead and dependencies networks).

mod assembly;
mod filters;
mod network;
mod queries;
mod types;

pub(in crate::analysis) use assembly::{index_units, Grouped, TaskFacts, TaskInput};
pub(in crate::analysis) use filters::PlanRow;
pub use network::{EdgeWeights, UnitNetwork, UnitNode};
pub(in crate::analysis) use queries::RawGraph;
pub use types::{local_name, Projection, TaskInfo, TaskRecord, UnitInfo};

use super::request::Filters;
use super::AnalysisError;
use crate::store::Backend;

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
        RawGraph::from_sparql_for(source, filters)?.into_projection(filters)
    }
}
