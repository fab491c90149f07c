//! Centrality of units: weighted degree, betweenness (Brandes), weighted
//! PageRank and eigenvector centrality — each equal to NetworkX's value on the
//! same network (see `tests/it/analysis.rs` for the reference values).
//!
//! petgraph's own `page_rank` ignores edge weights and deviates from the
//! standard formula, and petgraph has no betweenness or eigenvector
//! centrality, so all four are implemented here over [`WeightedGraph`].
//! The weight of a unit-network edge is its number of distinct tasks.

use rayon::prelude::*;

use super::graph::WeightedGraph;
use super::projection::{Projection, UnitNetwork};
use super::report::{Cell, Report, Table};
use super::request::NetworkKind;

/// The four measures of one node.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Centrality {
    /// Sum of the weights (distinct tasks) of the node's edges; in + out for
    /// the directed network (NetworkX `G.degree(weight="weight")`).
    pub weighted_degree: f64,
    /// Brandes betweenness with distance = 1/tasks, normalised as NetworkX
    /// does (`1/((n−1)(n−2))` over ordered pairs).
    pub betweenness: f64,
    /// Weighted PageRank, α = 0.85 (NetworkX `pagerank(G, weight="weight")`).
    pub pagerank: f64,
    /// Weighted eigenvector centrality (NetworkX `eigenvector_centrality(G,
    /// weight="weight")`; in-edges for the directed network).
    pub eigenvector: f64,
}

/// How betweenness measures the length of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathLength {
    /// Every edge has length 1 (NetworkX `weight=None`).
    Hops,
    /// An edge of weight w has length 1/w, so strong ties are short
    /// (NetworkX `weight="distance"` with `distance = 1/weight`).
    InverseWeight,
}

/// The damping factor used throughout.
pub const ALPHA: f64 = 0.85;

/// The four centralities of every node of a unit network.
///
/// # Arguments
/// * `network`: a co-lead or dependencies network; edge weight = `tasks`.
///
/// # Returns
/// * One [`Centrality`] per node, indexed by node index.
///
/// # Complexity
/// * Time: **O(V·E log V)** for betweenness (Dijkstra from every node,
///   parallel over sources); **O(k·E)** for PageRank and eigenvector with k
///   power iterations. Auxiliary space: **O(V + E)** per thread.
pub fn centrality(network: &UnitNetwork) -> Vec<Centrality> {
    centrality_and_convergence(network).0
}

/// [`centrality`], and whether the eigenvector iteration converged.
fn centrality_and_convergence(network: &UnitNetwork) -> (Vec<Centrality>, bool) {
    let graph = WeightedGraph::from_network(network, |w| w.tasks as f64);
    let degree = weighted_degree(&graph);
    let betweenness = betweenness(&graph, PathLength::InverseWeight);
    let pagerank = pagerank(&graph, ALPHA);
    let (eigenvector, converged) = eigenvector(&graph);
    let values = (0..graph.node_count())
        .map(|v| Centrality {
            weighted_degree: degree[v],
            betweenness: betweenness[v],
            pagerank: pagerank[v],
            eigenvector: eigenvector[v],
        })
        .collect();
    (values, converged)
}

/// Sum of edge weights at each node (in + out when directed).
///
/// # Complexity
/// * Time: **O(V + E)**.
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
/// ```text
/// a ── b ── c      b lies on the only a–c path: betweenness(b) = 1.0
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
    let n = arcs.offsets.len() - 1;
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

/// The outgoing arcs that can lie on a shortest path, with their lengths,
/// as flat arrays: 32-bit targets halve the bytes the inner loops stream.
/// Both passes of Brandes' algorithm walk outgoing arcs only, so the
/// incoming lists are not needed even for a directed graph.
struct Arcs {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    lengths: Vec<f64>,
}

impl Arcs {
    /// The arcs that can lie on a shortest path: for weighted lengths,
    /// [`Arcs::all`] without the dominated ones.
    fn new(graph: &WeightedGraph, length: PathLength) -> Self {
        let arcs = Arcs::all(graph, length);
        match length {
            // A detour of two hops is never shorter than one hop.
            PathLength::Hops => arcs,
            PathLength::InverseWeight => arcs.without_dominated_arcs(),
        }
    }

    /// Every arc of finite length.
    fn all(graph: &WeightedGraph, length: PathLength) -> Self {
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
    fn of(&self, v: usize) -> (&[u32], &[f64]) {
        let range = self.offsets[v]..self.offsets[v + 1];
        (&self.targets[range.clone()], &self.lengths[range])
    }
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

/// Weighted PageRank as NetworkX `pagerank(G, alpha, weight="weight")`.
///
/// # Arguments
/// * `graph`: an undirected edge counts in both directions.
/// * `alpha`: damping factor (0.85 usually).
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

/// NetworkX's convergence tolerance for PageRank and eigenvector centrality.
const TOLERANCE: f64 = 1e-6;

/// Weighted eigenvector centrality as NetworkX `eigenvector_centrality(G,
/// weight="weight")`: power iteration on (A + I), Euclidean norm 1.
///
/// # Returns
/// * The values (indexed by node) and whether the iteration converged (L1
///   change below n·1e-12 within 10,000 iterations). NetworkX stops at
///   n·1e-6, which on the karate club leaves node 0 at 0.355483 instead of
///   the eigenvector's 0.355491 (`eigenvector_centrality_numpy`); iterating
///   on gives the true eigenvector, which is what the reference values hold. For a directed graph a
///   node's score comes from its predecessors. On a disconnected graph the
///   components other than the dominant one decay towards zero, as in
///   NetworkX.
///
/// # Complexity
/// * Time: **O(k·(V + E))** for k iterations. Space: **O(V)**.
pub fn eigenvector(graph: &WeightedGraph) -> (Vec<f64>, bool) {
    let n = graph.node_count();
    if n == 0 {
        return (Vec::new(), true);
    }
    let mut x = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..10_000 {
        next.copy_from_slice(&x);
        for (v, &score) in x.iter().enumerate() {
            for (w, weight) in graph.out_edges(v) {
                next[w] += score * weight;
            }
        }
        let norm = next.iter().map(|a| a * a).sum::<f64>().sqrt();
        let norm = if norm > 0.0 { norm } else { 1.0 };
        for value in &mut next {
            *value /= norm;
        }
        let change: f64 = x.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut x, &mut next);
        if change < n as f64 * 1e-12 {
            return (x, true);
        }
    }
    (x, false)
}

/// The `centrality` report: one row per unit, by PageRank (ties by name).
pub fn report(projection: &Projection, kind: NetworkKind) -> Report {
    let network = UnitNetwork::build(projection, kind);
    let (values, converged) = centrality_and_convergence(&network);
    let mut report = Report::new("centrality", network.describe());
    report.notes.push(
        "weights = distinct tasks; betweenness uses distance 1/tasks (strong ties are short), \
         normalised as NetworkX; PageRank α = 0.85, weighted"
            .to_owned(),
    );
    if !converged {
        report
            .notes
            .push("eigenvector centrality did not converge; its values are approximate".to_owned());
    }
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        values[b]
            .pagerank
            .total_cmp(&values[a].pagerank)
            .then_with(|| network.name(a).cmp(network.name(b)))
    });
    let mut table = Table::new(
        "centrality",
        "Units by PageRank",
        &[
            "unit",
            "weighted_degree",
            "betweenness",
            "pagerank",
            "eigenvector",
            "led_tasks",
            "cooperated_tasks",
        ],
    );
    for v in order {
        let node = &network.graph[petgraph::graph::NodeIndex::new(v)];
        table.rows.push(vec![
            Cell::text(node.name.clone()),
            Cell::Float(values[v].weighted_degree, 0),
            Cell::Float(values[v].betweenness, 6),
            Cell::Float(values[v].pagerank, 6),
            Cell::Float(values[v].eigenvector, 6),
            Cell::int(node.led_tasks),
            Cell::int(node.cooperated_tasks),
        ]);
    }
    report.tables.push(table);
    report
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
            if pruned.targets.len() < all.targets.len() {
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
