//! The interactive SPARQL shell.
