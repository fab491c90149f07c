//! Betweenness centrality: Brandes' algorithm, breadth-first over hops or
//! Dijkstra (an indexed 4-ary heap) over inverse weights, parallel over
//! sources in fixed chunks.

use rayon::prelude::*;

use super::arcs::Arcs;
use super::{PathLength, WeightedGraph};

/// Sources handled by one parallel work item; fixed so that the order in
/// which partial sums are added, and so the result, does not depend on the
/// number of threads.
const SOURCES_PER_CHUNK: usize = 32;

/// Normalised betweenness centrality (Brandes 2001), as NetworkX
/// `betweenness_centrality(G, normalized=True, weight=…)`.
///
/// # Arguments
/// * `graph`: directed or undirected; paths follow edge direction.
/// * `length`: [`PathLength::Hops`] (breadth-first search) or
///   [`PathLength::InverseWeight`] (Dijkstra with an indexed 4-ary heap,
///   over the arcs that a two-hop detour does not beat; see
///   `Arcs::without_dominated_arcs`).
///
/// # Returns
/// * For each node, the share of shortest paths between other nodes that
///   pass through it, scaled by `1/((n−1)(n−2))` over ordered pairs (which for
///   an undirected graph equals NetworkX's `2/((n−1)(n−2))` over unordered
///   pairs). All zero when n ≤ 2. Equal-length paths are detected by exact
///   floating-point equality of the summed lengths, as in NetworkX. An edge
///   of weight ≤ 0 lies on no path.
///
/// # Complexity
/// * Time: **O(V·E)** for hops, **O(V·(E + V) log V)** with weights, plus
///   **O(Σ in(u)·out(u))** once to drop the dominated arcs. Space: **O(V +
///   E)** per worker; no allocation inside the per-source loop.
///
/// # Example
/// ```
/// use plangraph::analysis::centrality::{betweenness, PathLength};
/// use plangraph::analysis::graph::WeightedGraph;
///
/// // a ── b ── c: b lies on the only a–c path.
/// let graph = WeightedGraph::from_edges(3, false, &[(0, 1, 1.0), (1, 2, 1.0)]);
/// assert_eq!(betweenness(&graph, PathLength::Hops), vec![0.0, 1.0, 0.0]);
/// // A strong a–c tie (weight 4, length 1/4) is shorter than the detour
/// // through b (1 + 1): b lies on no shortest path any more.
/// let graph = WeightedGraph::from_edges(3, false, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 4.0)]);
/// assert_eq!(betweenness(&graph, PathLength::InverseWeight), vec![0.0, 0.0, 0.0]);
/// ```
pub fn betweenness(graph: &WeightedGraph, length: PathLength) -> Vec<f64> {
    let n = graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    brandes(&Arcs::new(graph, length), length)
}

/// Brandes' algorithm over `arcs` (all of a graph's, or those left after
/// [`Arcs::without_dominated_arcs`]), normalised as [`betweenness`] says.
fn brandes(arcs: &Arcs, length: PathLength) -> Vec<f64> {
    let n = arcs.node_count();
    let sources: Vec<usize> = (0..n).collect();
    let partials: Vec<Vec<f64>> = sources
        .par_chunks(SOURCES_PER_CHUNK)
        .map(|chunk| {
            let mut scratch = Scratch::new(n);
            let mut partial = vec![0.0; n];
            for &s in chunk {
                match length {
                    PathLength::Hops => scratch.breadth_first(arcs, s),
                    PathLength::InverseWeight => scratch.dijkstra(arcs, s),
                }
                scratch.accumulate(s, &mut partial);
            }
            partial
        })
        .collect();
    let mut total = vec![0.0; n];
    for partial in &partials {
        for (t, p) in total.iter_mut().zip(partial) {
            *t += p;
        }
    }
    if n > 2 {
        let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
        for value in &mut total {
            *value *= scale;
        }
    }
    total
}

/// Per-source state of one node in Brandes' algorithm, side by side so that
/// one cache line serves all of it (the forward pass reads it at random node
/// indices); 24 bytes.
#[derive(Debug, Clone, Copy)]
struct NodeState {
    dist: f64,
    /// Number of shortest paths from the source.
    sigma: f64,
    /// The predecessor on the path that last shortened `dist` ([`NONE`] for
    /// the source).
    first_pred: u32,
    /// Head of the list (in `Scratch::ties`) of further predecessors whose
    /// paths tie with the first one's, or [`NONE`].
    ties: u32,
}

/// No heap slot, predecessor or list entry.
const NONE: u32 = u32::MAX;

impl NodeState {
    const UNREACHED: NodeState = NodeState {
        dist: f64::INFINITY,
        sigma: 0.0,
        first_pred: NONE,
        ties: NONE,
    };
}

/// Per-worker buffers of Brandes' algorithm, reused for every source.
struct Scratch {
    /// Nodes in the order they were settled (non-decreasing distance).
    order: Vec<u32>,
    state: Vec<NodeState>,
    /// Dependency δ of each node on the current source.
    delta: Vec<f64>,
    /// Linked lists of tied predecessors: (predecessor, next entry). A list
    /// that a shorter path makes obsolete is abandoned, not freed; the pool
    /// is cleared after each source.
    ties: Vec<(u32, u32)>,
    /// Indexed 4-ary min-heap of (distance, node): each queued node appears
    /// once and its key is lowered in place, so there are no stale entries,
    /// and a shallow heap with four children per level is cheap to sift.
    heap: Vec<(f64, u32)>,
    /// Each node's position in `heap`, or [`NONE`]: apart from `state` so
    /// that sifting, which moves several entries per step, touches a small
    /// array that stays in the first-level cache.
    slots: Vec<u32>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch {
            order: Vec::with_capacity(n),
            state: vec![NodeState::UNREACHED; n],
            delta: vec![0.0; n],
            ties: Vec::new(),
            heap: Vec::with_capacity(n),
            slots: vec![NONE; n],
        }
    }

    /// Records `v` as one more predecessor of `w` on a path as short as the
    /// known ones.
    fn add_tie(&mut self, w: u32, v: u32) {
        let head = self.state[w as usize].ties;
        self.state[w as usize].ties = self.ties.len() as u32;
        self.ties.push((v, head));
    }

    /// Distances (in hops), path counts and predecessors from `s`; fills
    /// `order`.
    fn breadth_first(&mut self, arcs: &Arcs, s: usize) {
        self.state[s].dist = 0.0;
        self.state[s].sigma = 1.0;
        // `order` doubles as the FIFO queue: BFS settles nodes in the order
        // it discovers them.
        self.order.push(s as u32);
        let mut head = 0;
        while let Some(&v) = self.order.get(head) {
            head += 1;
            let next = self.state[v as usize].dist + 1.0;
            let sigma_v = self.state[v as usize].sigma;
            for &w in arcs.of(v as usize).0 {
                let node = &mut self.state[w as usize];
                if node.dist == f64::INFINITY {
                    node.dist = next;
                    node.sigma = sigma_v;
                    node.first_pred = v;
                    self.order.push(w);
                } else if node.dist == next {
                    node.sigma += sigma_v;
                    self.add_tie(w, v);
                }
            }
        }
    }

    /// Distances (sums of 1/weight), path counts and predecessors from `s`;
    /// fills `order`.
    fn dijkstra(&mut self, arcs: &Arcs, s: usize) {
        self.state[s].dist = 0.0;
        self.state[s].sigma = 1.0;
        self.slots[s] = 0;
        self.heap.push((0.0, s as u32));
        while let Some((dist, v)) = self.pop() {
            self.order.push(v);
            let sigma_v = self.state[v as usize].sigma;
            let (targets, lengths) = arcs.of(v as usize);
            for (&w, &step) in targets.iter().zip(lengths) {
                // Settled nodes need no check: their distance is at most
                // `dist`, below `dist + step` for any step > 0. Every path
                // count is an integer below 2^53, so its sum is exact in
                // any order.
                let candidate = dist + step;
                let node = &mut self.state[w as usize];
                if candidate < node.dist {
                    node.dist = candidate;
                    node.sigma = sigma_v;
                    node.first_pred = v;
                    node.ties = NONE;
                    self.lower(w, candidate);
                } else if candidate == node.dist {
                    node.sigma += sigma_v;
                    self.add_tie(w, v);
                }
            }
        }
    }

    /// Queues `node` with `key`, or lowers its key if it is queued.
    fn lower(&mut self, node: u32, key: f64) {
        let slot = self.slots[node as usize];
        let mut i = if slot == NONE {
            self.heap.push((key, node));
            self.heap.len() - 1
        } else {
            slot as usize
        };
        while i > 0 {
            let parent = (i - 1) / 4;
            let above = self.heap[parent];
            if above.0 <= key {
                break;
            }
            self.heap[i] = above;
            self.slots[above.1 as usize] = i as u32;
            i = parent;
        }
        self.heap[i] = (key, node);
        self.slots[node as usize] = i as u32;
    }

    /// Removes and returns the entry with the smallest distance.
    fn pop(&mut self) -> Option<(f64, u32)> {
        let top = *self.heap.first()?;
        let last = self.heap.pop()?;
        self.slots[top.1 as usize] = NONE;
        let len = self.heap.len();
        if len == 0 {
            return Some(top);
        }
        // Sift `last` down from the root.
        let mut i = 0;
        loop {
            let first = 4 * i + 1;
            if first >= len {
                break;
            }
            let mut best = first;
            let mut best_key = self.heap[first].0;
            for c in first + 1..(first + 4).min(len) {
                if self.heap[c].0 < best_key {
                    best = c;
                    best_key = self.heap[c].0;
                }
            }
            if best_key >= last.0 {
                break;
            }
            let moved = self.heap[best];
            self.heap[i] = moved;
            self.slots[moved.1 as usize] = i as u32;
            i = best;
        }
        self.heap[i] = last;
        self.slots[last.1 as usize] = i as u32;
        Some(top)
    }

    /// Adds the dependencies of `s` on every node to `total`, then resets the
    /// nodes it reached. As in NetworkX, nodes are taken in reverse settle
    /// order, so a node's δ is final when it is reached, and each passes
    /// σ(v)/σ(w) · (1 + δ(w)) back to every predecessor v: only the arcs of
    /// the shortest-path DAG are visited (about one per node with weighted
    /// lengths), not every arc again. Each δ(v) sums its terms in the same
    /// order as NetworkX's.
    fn accumulate(&mut self, s: usize, total: &mut [f64]) {
        for &w in self.order.iter().rev() {
            let w = w as usize;
            let here = self.state[w];
            let delta_w = self.delta[w];
            let coefficient = (1.0 + delta_w) / here.sigma;
            if here.first_pred != NONE {
                let v = here.first_pred as usize;
                self.delta[v] += self.state[v].sigma * coefficient;
            }
            let mut entry = here.ties;
            while entry != NONE {
                let (v, next) = self.ties[entry as usize];
                self.delta[v as usize] += self.state[v as usize].sigma * coefficient;
                entry = next;
            }
            if w != s {
                total[w] += delta_w;
            }
            // Nothing reads w again: the nodes still to come were settled
            // before it, so w is none of their predecessors.
            self.state[w] = NodeState::UNREACHED;
            self.delta[w] = 0.0;
        }
        self.order.clear();
        self.ties.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arcs_of(arcs: &Arcs, v: usize) -> Vec<u32> {
        arcs.of(v).0.to_vec()
    }

    #[test]
    fn an_arc_beaten_by_a_two_hop_detour_is_left_out_and_a_tie_is_kept() {
        // 0–1 weak (length 1), 0–2 and 2–1 strong (0.25 each): 0–1 is on no
        // shortest path. 3–4 (length 1) ties with 3–5–4 (0.5 + 0.5): kept.
        let graph = WeightedGraph::from_edges(
            6,
            false,
            &[
                (0, 1, 1.0),
                (0, 2, 4.0),
                (2, 1, 4.0),
                (3, 4, 1.0),
                (3, 5, 2.0),
                (5, 4, 2.0),
            ],
        );
        let weighted = Arcs::new(&graph, PathLength::InverseWeight);
        assert!(!arcs_of(&weighted, 0).contains(&1));
        assert!(!arcs_of(&weighted, 1).contains(&0));
        assert!(arcs_of(&weighted, 0).contains(&2));
        assert!(arcs_of(&weighted, 3).contains(&4));
        assert!(arcs_of(&weighted, 4).contains(&3));
        // Counted in hops, no detour is shorter than one arc.
        let hops = Arcs::new(&graph, PathLength::Hops);
        assert!(arcs_of(&hops, 0).contains(&1));
        // The tie splits the 3–4 paths: 5 carries half of them; 2 carries
        // every 0–1 path. NetworkX gives {2: 0.1, 5: 0.05}, others 0.
        let values = betweenness(&graph, PathLength::InverseWeight);
        assert_eq!(values[2], 2.0 / 20.0);
        assert_eq!(values[5], 1.0 / 20.0);
        assert_eq!(values[0], 0.0);
    }

    /// Leaving out the dominated arcs changes nothing: on random graphs
    /// (seeded, so every run sees the same ones), directed and undirected,
    /// sparse and dense, with small integer weights so that many detours
    /// tie with their arc exactly (1/4 + 1/4 = 1/2) and some weights ≤ 0,
    /// betweenness over the pruned arcs equals betweenness over all arcs.
    /// Equal up to rounding, not bit for bit: the heap breaks ties between
    /// equally distant nodes by position, which the extra key lowerings of
    /// the dominated arcs change, so such nodes may be settled in another
    /// order and their dependencies summed in another order (path counts
    /// are integers, exact in any order).
    #[test]
    fn betweenness_with_dominated_arcs_left_out_equals_betweenness_over_all_arcs() {
        let mut rng = crate::analysis::communities::SplitMix64(0x5EED);
        let mut pruned_somewhere = 0;
        for round in 0..300 {
            let n = 3 + (rng.next() % 40) as usize;
            let directed = round % 2 == 1;
            // Per mille of node pairs joined: from a sparse tree-like graph
            // to a nearly complete one.
            let density = 20 + rng.next() % 980;
            let mut edges = Vec::new();
            for a in 0..n {
                for b in 0..n {
                    if a == b || (!directed && b < a) || rng.next() % 1000 >= density {
                        continue;
                    }
                    let weight = match rng.next() % 20 {
                        0 => 0.0,
                        1 => -1.0,
                        k => [1.0, 2.0, 4.0, 8.0, 3.0, 0.5][(k % 6) as usize],
                    };
                    edges.push((a, b, weight));
                }
            }
            let graph = WeightedGraph::from_edges(n, directed, &edges);
            let all = Arcs::all(&graph, PathLength::InverseWeight);
            let pruned = Arcs::new(&graph, PathLength::InverseWeight);
            if pruned.arc_count() < all.arc_count() {
                pruned_somewhere += 1;
            }
            let expected = brandes(&all, PathLength::InverseWeight);
            let got = brandes(&pruned, PathLength::InverseWeight);
            for (v, (g, e)) in got.iter().zip(&expected).enumerate() {
                assert!(
                    (g - e).abs() <= 1e-12 * e.abs().max(1e-3),
                    "round {round}, node {v}: {g} pruned, {e} over all arcs \
                     (n = {n}, directed = {directed}, edges {edges:?})"
                );
            }
        }
        // The comparison is only worth something if arcs were left out.
        assert!(pruned_somewhere > 200, "{pruned_somewhere} graphs pruned");
    }
}
