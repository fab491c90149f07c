//! The one integration-test binary. Each module is one area; shared helpers
//! live in `support`.

mod support;

mod aliases;
mod analysis;
mod architecture;
mod attribution_styles;
mod attributions;
mod cli;
mod corpus_cache;
mod corpus_files;
mod docs;
mod entities;
mod export;
mod hdt;
mod ingest_structure;
mod jurisdictions;
mod ontology;
mod plans_dev;
mod published;
mod queries;
mod readers;
mod remote;
mod repl;
mod round_trip;
mod runaway_queries;
mod safety;
mod search;
mod serve;
mod streaming;
mod targets;
mod text;
