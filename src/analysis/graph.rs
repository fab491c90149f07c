//! A compact, read-only adjacency view (compressed sparse rows) that the
//! graph measures run on.
//!
//! petgraph's `Graph` stores edges as linked lists; the measures walk every
//! neighbourhood thousands of times, so they read this flat copy instead.
//! Neighbours are sorted by node index, which makes every measure's
//! iteration order — and so its floating-point result — reproducible.
//! Nothing here knows about units or tasks.

use super::projection::{EdgeWeights, UnitNetwork};
use super::request::NetworkKind;

/// Adjacency lists with `f64` weights. For an undirected graph the outgoing
/// and incoming lists are the same symmetric neighbourhood.
#[derive(Debug, Clone)]
pub struct WeightedGraph {
    directed: bool,
    out_offsets: Vec<usize>,
    out_targets: Vec<usize>,
    out_weights: Vec<f64>,
    /// 1/weight per outgoing edge (infinite for a weight ≤ 0), computed once
    /// because shortest-path searches read it hundreds of millions of times.
    out_lengths: Vec<f64>,
    in_offsets: Vec<usize>,
    in_sources: Vec<usize>,
    in_weights: Vec<f64>,
    in_lengths: Vec<f64>,
}

impl WeightedGraph {
    /// Builds the view from an edge list over nodes `0..node_count`.
    ///
    /// Undirected edges are given once each. Self-loops are dropped (the unit
    /// networks have none); an edge given twice has its weights summed; edges
    /// naming a node ≥ `node_count` are ignored.
    pub fn from_edges(node_count: usize, directed: bool, edges: &[(usize, usize, f64)]) -> Self {
        let mut arcs: Vec<(usize, usize, f64)> = Vec::with_capacity(edges.len() * 2);
        for &(a, b, w) in edges {
            if a == b || a >= node_count || b >= node_count {
                continue;
            }
            arcs.push((a, b, w));
            if !directed {
                arcs.push((b, a, w));
            }
        }
        arcs.sort_by_key(|arc| (arc.0, arc.1));
        arcs.dedup_by(|later, earlier| {
            if later.0 == earlier.0 && later.1 == earlier.1 {
                earlier.2 += later.2;
                true
            } else {
                false
            }
        });
        let (out_offsets, out_targets, out_weights) = compress(node_count, &arcs);
        let mut reversed: Vec<(usize, usize, f64)> =
            arcs.iter().map(|&(a, b, w)| (b, a, w)).collect();
        reversed.sort_by_key(|arc| (arc.0, arc.1));
        let (in_offsets, in_sources, in_weights) = compress(node_count, &reversed);
        WeightedGraph {
            directed,
            out_lengths: out_weights.iter().map(|&w| length(w)).collect(),
            in_lengths: in_weights.iter().map(|&w| length(w)).collect(),
            out_offsets,
            out_targets,
            out_weights,
            in_offsets,
            in_sources,
            in_weights,
        }
    }

    /// The view of a unit network, with the weight taken from each edge.
    pub fn from_network(network: &UnitNetwork, weight: impl Fn(&EdgeWeights) -> f64) -> Self {
        let edges: Vec<(usize, usize, f64)> = network
            .graph
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = network.graph.edge_endpoints(e)?;
                let w = network.graph.edge_weight(e)?;
                Some((a.index(), b.index(), weight(w)))
            })
            .collect();
        Self::from_edges(
            network.graph.node_count(),
            network.kind == NetworkKind::Dependencies,
            &edges,
        )
    }

    pub fn node_count(&self) -> usize {
        self.out_offsets.len().saturating_sub(1)
    }

    pub fn is_directed(&self) -> bool {
        self.directed
    }

    /// Number of edges (an undirected edge counts once).
    pub fn edge_count(&self) -> usize {
        if self.directed {
            self.out_targets.len()
        } else {
            self.out_targets.len() / 2
        }
    }

    /// Successors of `v` with the edge weights (all neighbours if undirected).
    pub fn out_edges(&self, v: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.out_offsets[v]..self.out_offsets[v + 1];
        self.out_targets[range.clone()]
            .iter()
            .copied()
            .zip(self.out_weights[range].iter().copied())
    }

    /// Predecessors of `v` with the edge weights (all neighbours if undirected).
    pub fn in_edges(&self, v: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.in_offsets[v]..self.in_offsets[v + 1];
        self.in_sources[range.clone()]
            .iter()
            .copied()
            .zip(self.in_weights[range].iter().copied())
    }

    /// Successors of `v` (all neighbours if undirected), as a slice.
    pub fn out_neighbors(&self, v: usize) -> &[usize] {
        &self.out_targets[self.out_offsets[v]..self.out_offsets[v + 1]]
    }

    /// Predecessors of `v` (all neighbours if undirected), as a slice.
    pub fn in_neighbors(&self, v: usize) -> &[usize] {
        &self.in_sources[self.in_offsets[v]..self.in_offsets[v + 1]]
    }

    /// Successors of `v` with the edge lengths 1/weight.
    pub fn out_lengths(&self, v: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.out_offsets[v]..self.out_offsets[v + 1];
        self.out_targets[range.clone()]
            .iter()
            .copied()
            .zip(self.out_lengths[range].iter().copied())
    }

    /// Predecessors of `v` with the edge lengths 1/weight.
    pub fn in_lengths(&self, v: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.in_offsets[v]..self.in_offsets[v + 1];
        self.in_sources[range.clone()]
            .iter()
            .copied()
            .zip(self.in_lengths[range].iter().copied())
    }

    /// The undirected simple view: directed edges a→b and b→a become one
    /// edge whose weight is their sum. An undirected graph is returned as is.
    pub fn to_undirected(&self) -> WeightedGraph {
        if !self.directed {
            return self.clone();
        }
        let edges: Vec<(usize, usize, f64)> = (0..self.node_count())
            .flat_map(|a| {
                self.out_edges(a)
                    .map(move |(b, w)| if a < b { (a, b, w) } else { (b, a, w) })
            })
            .collect();
        WeightedGraph::from_edges(self.node_count(), false, &edges)
    }
}

/// The length of an edge of weight `w` for shortest paths: 1/w, or
/// infinite (the edge is never used) when `w` is not positive.
fn length(w: f64) -> f64 {
    if w > 0.0 {
        1.0 / w
    } else {
        f64::INFINITY
    }
}

fn compress(node_count: usize, arcs: &[(usize, usize, f64)]) -> (Vec<usize>, Vec<usize>, Vec<f64>) {
    let mut offsets = vec![0usize; node_count + 1];
    for &(a, _, _) in arcs {
        offsets[a + 1] += 1;
    }
    for i in 0..node_count {
        offsets[i + 1] += offsets[i];
    }
    let targets = arcs.iter().map(|a| a.1).collect();
    let weights = arcs.iter().map(|a| a.2).collect();
    (offsets, targets, weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undirected_edges_are_symmetric_and_duplicates_summed() {
        let g = WeightedGraph::from_edges(
            3,
            false,
            &[(0, 1, 2.0), (1, 0, 1.0), (1, 2, 1.0), (2, 2, 5.0)],
        );
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.out_edges(0).collect::<Vec<_>>(), vec![(1, 3.0)]);
        assert_eq!(g.in_edges(1).collect::<Vec<_>>(), vec![(0, 3.0), (2, 1.0)]);
    }

    #[test]
    fn directed_in_and_out_lists_differ() {
        let g = WeightedGraph::from_edges(3, true, &[(0, 1, 2.0), (2, 1, 1.0)]);
        assert_eq!(g.out_edges(1).count(), 0);
        assert_eq!(g.in_edges(1).collect::<Vec<_>>(), vec![(0, 2.0), (2, 1.0)]);
        let u = g.to_undirected();
        assert_eq!(u.out_edges(1).collect::<Vec<_>>(), vec![(0, 2.0), (2, 1.0)]);
    }
}
