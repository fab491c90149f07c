//! Weighted PageRank.

use super::WeightedGraph;

/// The damping factor of PageRank throughout the analyses.
pub const ALPHA: f64 = 0.85;

/// NetworkX's convergence tolerance for PageRank.
const TOLERANCE: f64 = 1e-6;

/// Weighted PageRank as NetworkX `pagerank(G, alpha, weight="weight")`.
///
/// # Arguments
/// * `graph`: an undirected edge counts in both directions.
/// * `alpha`: damping factor (0.85 usually, [`ALPHA`]).
///
/// # Returns
/// * One value per node, summing to 1. A node's rank flows to its successors
///   in proportion to edge weight; dangling nodes spread theirs uniformly;
///   the teleport share is uniform. Iterates until the L1 change is below
///   n·1e-6 — NetworkX's rule, so the values agree with NetworkX's to about
///   1e-9 rather than only to the tolerance (at most 1,000 iterations where
///   NetworkX gives up after 100).
///
/// # Complexity
/// * Time: **O(k·(V + E))** for k iterations. Space: **O(V)**.
///
/// # Example
/// ```
/// use plangraph::analysis::centrality::{pagerank, ALPHA};
/// use plangraph::analysis::graph::WeightedGraph;
///
/// // a ── b ── c: the middle node gets 0.05 + 0.85 · (a + c), the ends
/// // 0.05 + 0.85 · b / 2, so b = 0.486486… and a = c = 0.256757….
/// let graph = WeightedGraph::from_edges(3, false, &[(0, 1, 1.0), (1, 2, 1.0)]);
/// let rank = pagerank(&graph, ALPHA);
/// assert!((rank[1] - 0.486486).abs() < 1e-6);
/// assert!((rank[0] - 0.256757).abs() < 1e-6);
/// assert_eq!(rank[0], rank[2]);
/// ```
pub fn pagerank(graph: &WeightedGraph, alpha: f64) -> Vec<f64> {
    let n = graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    let out_strength: Vec<f64> = (0..n)
        .map(|v| graph.out_edges(v).map(|(_, w)| w).sum())
        .collect();
    let uniform = 1.0 / n as f64;
    let mut x = vec![uniform; n];
    let mut next = vec![0.0; n];
    for _ in 0..1000 {
        let dangling: f64 = (0..n)
            .filter(|&v| out_strength[v] <= 0.0)
            .map(|v| x[v])
            .sum();
        let base = alpha * dangling * uniform + (1.0 - alpha) * uniform;
        next.fill(base);
        for v in 0..n {
            if out_strength[v] > 0.0 {
                let share = alpha * x[v] / out_strength[v];
                for (w, weight) in graph.out_edges(v) {
                    next[w] += share * weight;
                }
            }
        }
        let change: f64 = x.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut x, &mut next);
        if change < n as f64 * TOLERANCE {
            break;
        }
    }
    x
}
