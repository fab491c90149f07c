//! Canned analyses of the department network (one projection, one analysis per file).
//!
//! Every analysis reads a [`Projection`] — tasks with their lead and
//! cooperating units, loaded once from a handful of SPARQL SELECTs over the
//! whole graph — or a [`UnitNetwork`] built from it. Nothing here runs SPARQL
//! in a loop, and nothing here prints: analyses return a [`Report`], which
//! [`report`] renders as a table, CSV or JSON.
//!
//! Layout:
//! * [`projection`]: the projection and the two unit networks (co-lead, dependencies);
//! * [`graph`]: a compact adjacency view the measures run on;
//! * [`centrality`], [`communities`], [`core`], [`brokers`]: graph measures,
//!   each checked against NetworkX reference values;
//! * [`colead`], [`dependencies`], [`profile`], [`compare`], [`concentration`]:
//!   the reports built on them;
//! * [`targets`]: the targets of the kept tasks, read with one more SELECT
//!   and joined to the projection's tasks;
//! * [`request`]: what an analysis is asked (analysis, network, filters);
//! * [`report`]: the report type and its renderings.

pub mod brokers;
pub mod centrality;
pub mod colead;
pub mod communities;
pub mod compare;
pub mod concentration;
pub mod core;
pub mod dependencies;
pub mod graph;
pub mod profile;
pub mod projection;
mod records;
pub mod report;
pub mod request;
mod sorted_set;
pub mod targets;

pub use centrality::{centrality, Centrality};
pub use communities::{communities, Communities};
pub use projection::{EdgeWeights, Projection, UnitNetwork, UnitNode};
pub use report::{Report, ReportFormat};
pub use request::{Analysis, Filters, NetworkKind};

use std::time::Instant;

use crate::store::{Backend, StoreError};

/// What can go wrong in an analysis; content problems never abort one.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error("loading the projection failed")]
    Store(#[from] StoreError),
    #[error("the query for {what} returned no column ?{column}")]
    MissingColumn {
        what: &'static str,
        column: &'static str,
    },
    #[error("no unit is called '{name}'{}", suggestion_text(.suggestions))]
    UnknownUnit {
        name: String,
        suggestions: Vec<String>,
    },
    #[error("'{name}' names several units: {} (give one of them)", .candidates.join(", "))]
    AmbiguousUnit {
        name: String,
        candidates: Vec<String>,
    },
    #[error("invalid {what}: {value}")]
    BadValue { what: &'static str, value: String },
}

fn suggestion_text(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        " (try `plangraph analyze concentration` for the list of lead units)".to_owned()
    } else {
        format!(" (did you mean {}?)", suggestions.join(", "))
    }
}

/// Loads the projection once and runs one analysis on it.
///
/// # Arguments
/// * `source`: the graph, asked a handful of SELECTs, or the records it is
///   built from (see [`Projection::load`]).
/// * `analysis`, `filters`: as parsed from the command line.
///
/// # Returns
/// * The report, whose header says what network was built and how long it took.
pub fn run(
    source: &dyn Backend,
    analysis: &Analysis,
    filters: &Filters,
) -> Result<Report, AnalysisError> {
    // The targets are read with their own SELECT, before the records: from
    // documents, that reads them in full once, and the records come from
    // the same reading.
    let target_rows = match analysis {
        Analysis::Targets { .. } => targets::load(source)?,
        _ => targets::Targets::default(),
    };
    // Reading the documents is not the analysis's time: the records are
    // read before the clock starts (a graph's SELECTs are timed).
    let records = source.records().transpose()?;
    let started = Instant::now();
    let projection = match records {
        Some(corpus) => Projection::from_corpus(&corpus, filters)?,
        None => Projection::from_sparql(source, filters)?,
    };
    let mut report = match analysis {
        Analysis::Targets { unit } => {
            targets::report(&projection, &target_rows, filters, unit.as_deref())?
        }
        _ => run_on(&projection, analysis)?,
    };
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Runs one analysis on an already loaded projection (the elapsed time in the
/// report covers only the analysis).
pub fn run_on(projection: &Projection, analysis: &Analysis) -> Result<Report, AnalysisError> {
    let started = Instant::now();
    let mut report =
        match analysis {
            Analysis::CoLead => colead::report(projection),
            Analysis::Dependencies => dependencies::report(projection),
            Analysis::Centrality { network } => centrality::report(projection, *network),
            Analysis::Communities {
                network,
                seed,
                resolution,
            } => {
                if !resolution.is_finite() || *resolution <= 0.0 {
                    return Err(AnalysisError::BadValue {
                        what: "--resolution (must be a positive number)",
                        value: resolution.to_string(),
                    });
                }
                communities::report(projection, *network, *seed, *resolution)
            }
            Analysis::Core { network } => core::report(projection, *network),
            Analysis::Brokers { network } => brokers::report(projection, *network),
            Analysis::Unit { name } => profile::report(projection, name)?,
            Analysis::Compare => compare::report(projection),
            Analysis::Concentration => concentration::report(projection),
            // The targets are read from the graph beside the projection: a
            // projection alone cannot give them.
            Analysis::Targets { .. } => return Err(AnalysisError::BadValue {
                what:
                    "analysis for a loaded projection (targets reads the graph; use analysis::run)",
                value: "targets".to_owned(),
            }),
        };
    report.elapsed = started.elapsed();
    Ok(report)
}
