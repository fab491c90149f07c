//! The one integration-test binary. Each module is one area; shared helpers
//! live in `support`.

mod support;

mod analysis;
mod cli;
mod corpus_files;
mod ontology;
mod queries;
