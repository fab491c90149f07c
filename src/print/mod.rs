//! Rendering of query results for `query` and the REPL.
