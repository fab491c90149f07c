//! The unit networks built from a projection: co-lead (undirected) and
//! dependencies (lead → cooperating unit, directed).

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::NodeIndex;

use super::super::request::NetworkKind;
use super::types::Projection;

/// A node of a unit network.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitNode {
    pub iri: String,
    pub name: String,
    pub collective: bool,
    /// Distinct tasks (after the filters) this unit leads.
    pub led_tasks: usize,
    /// Distinct tasks (after the filters) this unit cooperates on.
    pub cooperated_tasks: usize,
}

/// The weights of one edge of a unit network.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EdgeWeights {
    /// Distinct tasks behind the edge (co-lead: led by both; dependencies:
    /// led by the source with the target cooperating).
    pub tasks: usize,
    /// Co-lead: Newman's collaboration weight, Σ 1/(k−1) over the shared tasks
    /// with k lead units. Dependencies: Σ 1/(leads × cooperating units), the
    /// edge's share of each task.
    pub newman: f64,
    /// The distinct start years of those tasks, ascending.
    pub years: Vec<i32>,
}

/// A unit network: co-lead (undirected, each edge stored once with source
/// index < target index) or dependencies (directed lead → cooperating unit).
#[derive(Debug, Clone)]
pub struct UnitNetwork {
    pub kind: NetworkKind,
    pub graph: petgraph::Graph<UnitNode, EdgeWeights, petgraph::Directed>,
    pub filters_description: String,
}

impl UnitNetwork {
    /// Builds the co-lead or the dependencies network of a projection.
    ///
    /// # Arguments
    /// * `projection`: the filtered tasks.
    /// * `kind`: [`NetworkKind::CoLead`] — every unit that leads a task, with
    ///   an undirected edge (stored once, source index < target index) between
    ///   two units per distinct task both lead; [`NetworkKind::Dependencies`]
    ///   — every unit that leads or cooperates, with a directed edge lead →
    ///   cooperating unit per distinct task.
    ///
    /// # Returns
    /// * The network; node indices follow unit names (sorted), edges are added
    ///   in (source, target) order, so two builds are identical.
    ///
    /// # Complexity
    /// * Time: **O(Σ k²)** over tasks with k units, plus sorting the edges.
    ///
    /// # Example
    /// ```text
    /// task 1: leads A, B, C    →  co-lead A–B, A–C, B–C (tasks 1, newman ½ each)
    /// task 2: lead A; coop D   →  dependencies A ──▶ D
    /// ```
    pub fn build(projection: &Projection, kind: NetworkKind) -> UnitNetwork {
        let mut led = vec![0usize; projection.units.len()];
        let mut cooperated = vec![0usize; projection.units.len()];
        for task in &projection.tasks {
            for &u in &task.leads {
                led[u] += 1;
            }
            for &u in &task.cooperating {
                cooperated[u] += 1;
            }
        }
        let in_network = |u: usize| match kind {
            NetworkKind::CoLead => led[u] > 0,
            NetworkKind::Dependencies => led[u] > 0 || cooperated[u] > 0,
        };
        let mut graph = petgraph::Graph::new();
        let mut node_of = vec![None; projection.units.len()];
        for (u, unit) in projection.units.iter().enumerate() {
            if in_network(u) {
                node_of[u] = Some(graph.add_node(UnitNode {
                    iri: unit.iri.clone(),
                    name: unit.name.clone(),
                    collective: unit.collective,
                    led_tasks: led[u],
                    cooperated_tasks: cooperated[u],
                }));
            }
        }
        let mut edges: BTreeMap<(usize, usize), (usize, f64, BTreeSet<i32>)> = BTreeMap::new();
        let mut add = |a: NodeIndex, b: NodeIndex, share: f64, year: Option<i32>| {
            let entry = edges.entry((a.index(), b.index())).or_default();
            entry.0 += 1;
            entry.1 += share;
            entry.2.extend(year);
        };
        for task in &projection.tasks {
            match kind {
                NetworkKind::CoLead => {
                    let k = task.leads.len();
                    if k < 2 {
                        continue;
                    }
                    let share = 1.0 / (k - 1) as f64;
                    for (i, &a) in task.leads.iter().enumerate() {
                        for &b in &task.leads[i + 1..] {
                            if let (Some(na), Some(nb)) = (node_of[a], node_of[b]) {
                                let (lo, hi) = if na < nb { (na, nb) } else { (nb, na) };
                                add(lo, hi, share, task.year);
                            }
                        }
                    }
                }
                NetworkKind::Dependencies => {
                    let pairs = task.leads.len() * task.cooperating.len();
                    if pairs == 0 {
                        continue;
                    }
                    let share = 1.0 / pairs as f64;
                    for &a in &task.leads {
                        for &b in &task.cooperating {
                            // A unit listed both as lead and as cooperating
                            // does not rely on itself.
                            if a == b {
                                continue;
                            }
                            if let (Some(na), Some(nb)) = (node_of[a], node_of[b]) {
                                add(na, nb, share, task.year);
                            }
                        }
                    }
                }
            }
        }
        for ((a, b), (tasks, newman, years)) in edges {
            graph.add_edge(
                NodeIndex::new(a),
                NodeIndex::new(b),
                EdgeWeights {
                    tasks,
                    newman,
                    years: years.into_iter().collect(),
                },
            );
        }
        UnitNetwork {
            kind,
            graph,
            filters_description: projection.filters_description.clone(),
        }
    }

    /// `co-lead network: 97 units, 412 edges (year 2022, …)`.
    pub fn describe(&self) -> String {
        let kind = match self.kind {
            NetworkKind::CoLead => "co-lead network (undirected)",
            NetworkKind::Dependencies => "dependencies network (lead → cooperating, directed)",
        };
        format!(
            "{kind}: {} units, {} edges ({})",
            self.graph.node_count(),
            self.graph.edge_count(),
            self.filters_description
        )
    }

    /// Every edge with its weights, heaviest first (tasks, then Newman
    /// weight), ties broken by the two unit names so the order is stable.
    pub fn edges_by_weight(&self) -> Vec<(NodeIndex, NodeIndex, &EdgeWeights)> {
        let mut edges: Vec<(NodeIndex, NodeIndex, &EdgeWeights)> = self
            .graph
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = self.graph.edge_endpoints(e)?;
                Some((a, b, self.graph.edge_weight(e)?))
            })
            .collect();
        let name = |n: NodeIndex| self.name(n.index());
        edges.sort_by(|x, y| {
            y.2.tasks
                .cmp(&x.2.tasks)
                .then_with(|| y.2.newman.total_cmp(&x.2.newman))
                .then_with(|| name(x.0).cmp(name(y.0)))
                .then_with(|| name(x.1).cmp(name(y.1)))
        });
        edges
    }

    /// The node's unit name (empty for an index out of range).
    pub fn name(&self, node: usize) -> &str {
        self.graph
            .node_weight(NodeIndex::new(node))
            .map(|n| n.name.as_str())
            .unwrap_or("")
    }
}
