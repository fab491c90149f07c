//! One query as `plangraph query` and the REPL run it: its declared
//! parameters bound, the text checked for undeclared `pg:` terms, run with
//! a timeout and cancellation, and printed.

use std::io::Write;

use oxigraph::model::{Term, Variable};

use crate::print::{self, PrintOptions};
use crate::query_params;
use crate::store::{Backend, QueryError, RunOptions, StoreError};

/// The terms a query's declared parameters are bound to: `NAME=VALUE`
/// words, else the defaults of its `# param:` header lines.
pub fn bindings<S: AsRef<str>>(
    store: &dyn Backend,
    text: &str,
    given: &[S],
) -> anyhow::Result<Vec<(Variable, Term)>> {
    let declared = query_params::declared(text)?;
    let given = query_params::assignments(given)?;
    Ok(query_params::bind(store, &declared, &given)?)
}

/// Parses, runs and prints one query (shared with the REPL), with
/// `bindings` substituted for their variables.
pub fn execute(
    store: &dyn Backend,
    text: &str,
    bindings: &[(Variable, Term)],
    run_options: &RunOptions,
    options: &PrintOptions,
    explicit_format: bool,
    out: &mut dyn Write,
) -> anyhow::Result<print::Printed> {
    let bound = query_params::with_values(text, bindings)?;
    store.check(&bound)?;
    // A misspelt pg: term parses and matches nothing: say so, but run.
    for warning in crate::sparql_hints::undeclared_terms(text) {
        crate::stderr_line!("warning: {warning}");
    }
    let results = store.run(&bound, run_options)?;
    let printed =
        print::print_results(out, results, options, explicit_format).map_err(|e| match e {
            print::PrintError::Query(StoreError::Query(QueryError::Cancelled)) => {
                anyhow::Error::new(crate::store::cancelled(run_options))
            }
            other => anyhow::Error::new(other),
        })?;
    Ok(printed)
}
