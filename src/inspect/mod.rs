//! What the graph says about one node (`describe`, `why`) and how a query
//! was evaluated (`explain`): shared by the `describe`, `why` and `query
//! --explain` commands and the REPL's `\d`, `\why` and `\explain`, so it
//! lives below both.

pub mod describe;
pub mod explain;
