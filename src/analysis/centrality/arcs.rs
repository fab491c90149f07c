//! The arcs that shortest-path searches walk, as flat arrays, and the
//! pruning of arcs that a two-hop detour beats (they lie on no shortest
//! path, so betweenness is the same without them).

use super::{PathLength, WeightedGraph};

/// The outgoing arcs that can lie on a shortest path, with their lengths,
/// as flat arrays: 32-bit targets halve the bytes the inner loops stream.
/// Both passes of Brandes' algorithm walk outgoing arcs only, so the
/// incoming lists are not needed even for a directed graph.
pub(super) struct Arcs {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    lengths: Vec<f64>,
}

impl Arcs {
    /// The arcs that can lie on a shortest path: for weighted lengths,
    /// [`Arcs::all`] without the dominated ones.
    pub(super) fn new(graph: &WeightedGraph, length: PathLength) -> Self {
        let arcs = Arcs::all(graph, length);
        match length {
            // A detour of two hops is never shorter than one hop.
            PathLength::Hops => arcs,
            PathLength::InverseWeight => arcs.without_dominated_arcs(),
        }
    }

    /// Every arc of finite length.
    pub(super) fn all(graph: &WeightedGraph, length: PathLength) -> Self {
        let n = graph.node_count();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut targets = Vec::new();
        let mut lengths = Vec::new();
        offsets.push(0);
        for v in 0..n {
            for (w, step) in graph.out_lengths(v) {
                let step = match length {
                    PathLength::Hops => 1.0,
                    PathLength::InverseWeight => step,
                };
                // An infinite length (weight ≤ 0) never forms a shortest
                // path; leaving the arc out spares both passes the check.
                // Node indices fit in 32 bits: the graph itself could not
                // be held in memory otherwise.
                if step.is_finite() {
                    targets.push(w as u32);
                    lengths.push(step);
                }
            }
            offsets.push(targets.len());
        }
        Arcs {
            offsets,
            targets,
            lengths,
        }
    }

    /// Leaves out every arc v → x for which a detour v → u → x is shorter
    /// by more than any rounding error: such an arc lies on no shortest
    /// path (the detour is always shorter) and never ties with one, so the
    /// distances, path counts and sets of predecessors Brandes' algorithm
    /// finds are the same without it (equally distant nodes may be settled
    /// in another order, so a value may differ in its last bit). In a
    /// co-lead network most weak ties run between two units with strong
    /// ties to a common hub, so most arcs go (BENCHMARKS.md has the
    /// figures).
    ///
    /// A computed distance is a sum of at most n lengths of at most
    /// `max_length` each, so its rounding error is below n² · ε ·
    /// `max_length`; an arc goes only when the detour beats it by four times
    /// that. Equal-length detours (ties) keep their arc.
    ///
    /// # Complexity
    /// * Time: **O(Σ in(u) · out(u))** over nodes u, once per graph.
    fn without_dominated_arcs(self) -> Arcs {
        let n = self.offsets.len() - 1;
        let max_length = self.lengths.iter().copied().fold(0.0, f64::max);
        let margin = 4.0 * (n as f64) * (n as f64) * f64::EPSILON * max_length;
        // Per source node v: the length of the arc v → x, and the shortest
        // detour v → u → x, for the out-neighbours x of v.
        let mut direct = vec![f64::INFINITY; n];
        let mut detour = vec![f64::INFINITY; n];
        let mut offsets = Vec::with_capacity(n + 1);
        let mut targets = Vec::new();
        let mut lengths = Vec::new();
        offsets.push(0);
        for v in 0..n {
            let (out, out_lengths) = self.of(v);
            for (&x, &step) in out.iter().zip(out_lengths) {
                direct[x as usize] = direct[x as usize].min(step);
            }
            for (&u, &first) in out.iter().zip(out_lengths) {
                let (next, next_lengths) = self.of(u as usize);
                for (&x, &second) in next.iter().zip(next_lengths) {
                    if direct[x as usize].is_finite() && x as usize != v {
                        detour[x as usize] = detour[x as usize].min(first + second);
                    }
                }
            }
            for (&x, &step) in out.iter().zip(out_lengths) {
                if detour[x as usize] >= step - margin {
                    targets.push(x);
                    lengths.push(step);
                }
            }
            for &x in out {
                direct[x as usize] = f64::INFINITY;
                detour[x as usize] = f64::INFINITY;
            }
            offsets.push(targets.len());
        }
        Arcs {
            offsets,
            targets,
            lengths,
        }
    }

    /// Targets and lengths of the arcs leaving `v`.
    pub(super) fn of(&self, v: usize) -> (&[u32], &[f64]) {
        let range = self.offsets[v]..self.offsets[v + 1];
        (&self.targets[range.clone()], &self.lengths[range])
    }

    /// Number of nodes.
    pub(super) fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of arcs kept.
    #[cfg(test)]
    pub(super) fn arc_count(&self) -> usize {
        self.targets.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arcs_of(arcs: &Arcs, v: usize) -> Vec<u32> {
        arcs.of(v).0.to_vec()
    }

    #[test]
    fn a_directed_detour_must_follow_the_arcs() {
        // 0 → 1 (length 1); 0 → 2 → 1 is shorter only if both arcs point
        // that way. Here 2 → 1 is missing (1 → 2 instead): 0 → 1 stays.
        let graph = WeightedGraph::from_edges(3, true, &[(0, 1, 1.0), (0, 2, 4.0), (1, 2, 4.0)]);
        let arcs = Arcs::new(&graph, PathLength::InverseWeight);
        assert!(arcs_of(&arcs, 0).contains(&1));
        let graph = WeightedGraph::from_edges(3, true, &[(0, 1, 1.0), (0, 2, 4.0), (2, 1, 4.0)]);
        let arcs = Arcs::new(&graph, PathLength::InverseWeight);
        assert!(!arcs_of(&arcs, 0).contains(&1));
    }
}
