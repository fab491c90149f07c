//! The analysis networks (co-lead, dependencies) as [`ExportGraph`]s, with
//! each unit's centralities and community and each edge's weights.
//!
//! The network itself is built by `analysis`; this module only copies it
//! into the neutral export shape.

use super::{ExportError, ExportGraph};
use crate::cli::{Filters, NetworkKind};
use crate::store::SparqlSource;

/// The unit network of `kind` under `filters`, ready to export.
pub fn network_graph(
    _source: &dyn SparqlSource,
    kind: NetworkKind,
    _filters: &Filters,
) -> Result<ExportGraph, ExportError> {
    Err(ExportError::Rdf(format!(
        "the {kind:?} network is not available yet"
    )))
}
