//! Chinese full-text search over texts, without a store: queries
//! ([`Query`]: terms that must all occur, quoted phrases), the bigram index
//! that finds the texts holding them ([`TextIndex`]), their ranking
//! ([`rank`]: BM25 over substrings, words from jieba), passages with the
//! matches marked ([`Snippet`]), and the same as SPARQL functions
//! ([`functions`]: `pg:matches`, `pg:score`, `pg:snippet`).
//!
//! Everything is matched on text folded to simplified script ([`fold`]), as
//! substrings: a query finds exactly the texts that
//! `FILTER(CONTAINS(?text, …))` finds for each of its folded terms. What
//! texts are searched, and what a hit says about its task, is `search`'s.

pub mod functions;
mod index;
pub mod query;
pub mod rank;
mod snippet;
mod words;

pub use index::{TextDoc, TextIndex};
pub use query::{fold, Needle, Query, QueryError};
pub use rank::Ranked;
pub use snippet::Snippet;
