//! What an analysis is asked: which analysis, on which unit network, over
//! which tasks. These are the library's types; `cli.rs` parses the command
//! line into them (`AnalyzeWhat`, `FilterArgs`), and so does the REPL's
//! `\analyze`.

/// One canned analysis with its parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum Analysis {
    /// Units that lead tasks together: edge weight = distinct tasks co-led.
    CoLead,
    /// Who relies on whom: lead unit → cooperating unit, weighted.
    Dependencies,
    /// Weighted degree, betweenness, PageRank and eigenvector centrality.
    Centrality { network: NetworkKind },
    /// Louvain communities (fixed seed) with their modularity.
    Communities {
        network: NetworkKind,
        seed: u64,
        resolution: f64,
    },
    /// k-core numbers of the units.
    Core { network: NetworkKind },
    /// Articulation points and bridges.
    Brokers { network: NetworkKind },
    /// One department's profile, the unit named by any of its names.
    Unit { name: String },
    /// How roles shift between the periods of the plans read.
    Compare,
    /// How concentrated leadership is.
    Concentration,
    /// The quantified targets by year, indicator, measure, plan and lead
    /// units; only the tasks `unit` leads when given.
    Targets { unit: Option<String> },
}

impl Analysis {
    /// The analysis's name on the command line (`analyze co-lead`).
    pub fn name(&self) -> &'static str {
        match self {
            Analysis::CoLead => "co-lead",
            Analysis::Dependencies => "dependencies",
            Analysis::Centrality { .. } => "centrality",
            Analysis::Communities { .. } => "communities",
            Analysis::Core { .. } => "core",
            Analysis::Brokers { .. } => "brokers",
            Analysis::Unit { .. } => "unit",
            Analysis::Compare => "compare",
            Analysis::Concentration => "concentration",
            Analysis::Targets { .. } => "targets",
        }
    }
}

/// Which unit network an analysis runs on.
///
/// It derives clap's `ValueEnum` so that `--network` takes it as it is; its
/// variants' doc comments are that option's help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NetworkKind {
    /// Undirected: units that lead the same task
    CoLead,
    /// Directed: lead unit → cooperating unit of the same task
    Dependencies,
}

/// Which tasks the projection keeps (shared by `analyze` and the network
/// exports). Empty or absent fields keep everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only tasks of plans that start in one of these years.
    pub year: Vec<i32>,
    /// Only tasks of this plan group (`pg:planGroup`).
    pub plan_group: Option<String>,
    /// Only tasks of plans whose title contains this text.
    pub plan: Option<String>,
    /// Only tasks linked to this industry.
    pub industry: Option<String>,
    /// Only tasks that mention this region.
    pub region: Option<String>,
    /// Keep collective pseudo-units such as 省有关部门单位.
    pub include_collective: bool,
}
