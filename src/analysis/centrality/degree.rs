//! Weighted degree: the sum of a node's edge weights.

use super::WeightedGraph;

/// Sum of edge weights at each node (in + out when directed), as NetworkX
/// `G.degree(weight="weight")`.
///
/// # Arguments
/// * `graph`: directed or undirected; an undirected edge counts once at
///   each end.
///
/// # Returns
/// * One value per node, indexed by node index.
///
/// # Complexity
/// * Time: **O(V + E)**. Space: **O(V)** for the result.
///
/// # Example
/// ```
/// use plangraph::analysis::centrality::weighted_degree;
/// use plangraph::analysis::graph::WeightedGraph;
///
/// // a ─1─ b ─2─ c
/// let graph = WeightedGraph::from_edges(3, false, &[(0, 1, 1.0), (1, 2, 2.0)]);
/// assert_eq!(weighted_degree(&graph), vec![1.0, 3.0, 2.0]);
/// // Directed, in + out: a → b → c.
/// let graph = WeightedGraph::from_edges(3, true, &[(0, 1, 1.0), (1, 2, 2.0)]);
/// assert_eq!(weighted_degree(&graph), vec![1.0, 3.0, 2.0]);
/// ```
pub fn weighted_degree(graph: &WeightedGraph) -> Vec<f64> {
    (0..graph.node_count())
        .map(|v| {
            let out: f64 = graph.out_edges(v).map(|(_, w)| w).sum();
            if graph.is_directed() {
                out + graph.in_edges(v).map(|(_, w)| w).sum::<f64>()
            } else {
                out
            }
        })
        .collect()
}
