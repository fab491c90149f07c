//! A deterministic force-directed layout (Fruchterman–Reingold with
//! gravity) for the pictures and for the positions written into GEXF and
//! Cytoscape.js files.
//!
//! Deterministic means: the starting positions come from a fixed-seed
//! generator, the number of iterations is fixed, and the arithmetic runs in
//! the same order every time, so the same graph always gets the same
//! picture. Every iteration compares every pair of nodes — O(n²), fine up to
//! a few hundred nodes; callers draw only the strongest nodes of a larger
//! network (see `svg`).

/// Layout parameters.
#[derive(Debug, Clone, Copy)]
pub struct LayoutOptions {
    pub seed: u64,
    pub iterations: usize,
    /// Pull towards the centre, so that small components and isolated
    /// nodes stay in the picture instead of drifting to its edges.
    pub gravity: f64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self {
            seed: 42,
            iterations: 400,
            gravity: 0.12,
        }
    }
}

/// Positions for `n` nodes joined by `edges` (index, index, weight),
/// scaled into the unit square [0, 1] × [0, 1].
///
/// Heavier edges pull harder (by the square root of the weight relative to
/// the mean weight), so strongly tied units sit closer together.
///
/// # Complexity
/// * Time: **O(iterations · (n² + |E|))**. Space: **O(n)**.
pub fn force_directed(
    n: usize,
    edges: &[(usize, usize, f64)],
    options: &LayoutOptions,
) -> Vec<(f64, f64)> {
    let edges: Vec<(usize, usize, f64)> = edges
        .iter()
        .copied()
        .filter(|(s, t, w)| *s < n && *t < n && s != t && w.is_finite() && *w > 0.0)
        .collect();
    // Nodes without edges say nothing about the structure; left to the
    // forces they gather in the middle of the picture, where they look like
    // a hub's neighbours. They get a row of their own along the bottom.
    let mut linked = vec![false; n];
    for &(s, t, _) in &edges {
        linked[s] = true;
        linked[t] = true;
    }
    let isolated: Vec<usize> = (0..n).filter(|&i| !linked[i]).collect();
    if isolated.is_empty() || isolated.len() == n {
        return spring_layout(n, &edges, options);
    }
    let connected: Vec<usize> = (0..n).filter(|&i| linked[i]).collect();
    let mut new_index = vec![0; n];
    for (new, &old) in connected.iter().enumerate() {
        new_index[old] = new;
    }
    let sub_edges: Vec<(usize, usize, f64)> = edges
        .iter()
        .map(|&(s, t, w)| (new_index[s], new_index[t], w))
        .collect();
    let sub = spring_layout(connected.len(), &sub_edges, options);
    let mut pos = vec![(0.5, 1.0); n];
    for (new, &old) in connected.iter().enumerate() {
        pos[old] = (sub[new].0, sub[new].1 * 0.92);
    }
    let row = isolated.len() as f64;
    for (k, &i) in isolated.iter().enumerate() {
        pos[i] = ((k as f64 + 0.5) / row, 1.0);
    }
    pos
}

/// Fruchterman–Reingold on nodes that all have edges (isolated ones are
/// placed by [`force_directed`]).
fn spring_layout(
    n: usize,
    edges: &[(usize, usize, f64)],
    options: &LayoutOptions,
) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![(0.5, 0.5)];
    }
    let side = (n as f64).sqrt();
    let k = 1.0; // Ideal edge length: the area is n, so one unit per node.
    let mut rng = SplitMix64(options.seed);
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|_| ((rng.next_f64() - 0.5) * side, (rng.next_f64() - 0.5) * side))
        .collect();
    let mean_weight = if edges.is_empty() {
        1.0
    } else {
        edges.iter().map(|e| e.2).sum::<f64>() / edges.len() as f64
    };
    let pull: Vec<f64> = edges
        .iter()
        .map(|e| (e.2 / mean_weight).sqrt().clamp(0.5, 3.0))
        .collect();
    // Hubs repel more (ForceAtlas2's degree-weighted repulsion), which
    // spreads a dense core so that its hubs and their labels separate.
    let mut mass = vec![1.0f64; n];
    for &(s, t, _) in edges {
        mass[s] += 1.0;
        mass[t] += 1.0;
    }
    let mean_mass = mass.iter().sum::<f64>() / n as f64;
    let mass: Vec<f64> = mass.iter().map(|m| m / mean_mass).collect();
    let start_temperature = side / 8.0;
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for iteration in 0..options.iterations {
        let temperature =
            start_temperature * (1.0 - iteration as f64 / options.iterations as f64) + 0.002;
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let dist2 = (dx * dx + dy * dy).max(1e-4);
                // Repulsion k²/d along the unit vector: (dx, dy)·k²/d².
                let f = k * k * mass[i] * mass[j] / dist2;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for (e, &(s, t, _)) in edges.iter().enumerate() {
            let (dx, dy) = (pos[s].0 - pos[t].0, pos[s].1 - pos[t].1);
            let dist = (dx * dx + dy * dy).sqrt().max(1e-2);
            // Attraction d²/k along the unit vector: (dx, dy)·d/k.
            let f = dist / k * pull[e];
            disp[s].0 -= dx * f;
            disp[s].1 -= dy * f;
            disp[t].0 += dx * f;
            disp[t].1 += dy * f;
        }
        for i in 0..n {
            disp[i].0 -= pos[i].0 * options.gravity * side;
            disp[i].1 -= pos[i].1 * options.gravity * side;
            let length = (disp[i].0 * disp[i].0 + disp[i].1 * disp[i].1).sqrt();
            if length > 0.0 {
                let step = length.min(temperature) / length;
                pos[i].0 += disp[i].0 * step;
                pos[i].1 += disp[i].1 * step;
            }
        }
    }
    pull_in_outliers(&mut pos);
    fit_unit_square(&mut pos);
    pos
}

/// A node hanging on one weak edge is pushed far out by the repulsion of
/// the whole core and would shrink everything else to a corner of the
/// picture. Distances from the centroid beyond twice the median distance
/// are compressed (the order of distances is kept, so the picture does not
/// lie about who is peripheral).
fn pull_in_outliers(pos: &mut [(f64, f64)]) {
    let n = pos.len() as f64;
    let (cx, cy) = pos
        .iter()
        .fold((0.0, 0.0), |(x, y), p| (x + p.0 / n, y + p.1 / n));
    let mut distances: Vec<f64> = pos
        .iter()
        .map(|p| ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt())
        .collect();
    distances.sort_by(f64::total_cmp);
    let median = distances[distances.len() / 2];
    let limit = 2.0 * median;
    if limit <= 0.0 {
        return;
    }
    for p in pos.iter_mut() {
        let d = ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt();
        if d > limit {
            let squeezed = limit + (d - limit).sqrt() * limit.sqrt() * 0.3;
            let scale = squeezed / d;
            *p = (cx + (p.0 - cx) * scale, cy + (p.1 - cy) * scale);
        }
    }
}

/// Scales and shifts positions into [0, 1]², each axis on its own so the
/// drawing fills a canvas of any shape.
fn fit_unit_square(pos: &mut [(f64, f64)]) {
    let (mut min_x, mut min_y) = (f64::INFINITY, f64::INFINITY);
    let (mut max_x, mut max_y) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &(x, y) in pos.iter() {
        min_x = min_x.min(x);
        min_y = min_y.min(y);
        max_x = max_x.max(x);
        max_y = max_y.max(y);
    }
    let scale = |v: f64, min: f64, max: f64| {
        if max - min > 1e-12 {
            (v - min) / (max - min)
        } else {
            0.5
        }
    };
    for p in pos.iter_mut() {
        *p = (scale(p.0, min_x, max_x), scale(p.1, min_y, max_y));
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64);
/// its output for a seed never changes, unlike a library's default RNG.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_input_same_layout_inside_the_unit_square() {
        let edges = [(0, 1, 3.0), (1, 2, 1.0), (2, 0, 2.0), (3, 2, 1.0)];
        let a = force_directed(5, &edges, &LayoutOptions::default());
        let b = force_directed(5, &edges, &LayoutOptions::default());
        assert_eq!(a, b);
        assert!(a
            .iter()
            .all(|&(x, y)| (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y)));
    }

    #[test]
    fn tied_nodes_end_closer_than_untied_ones() {
        // Two triangles joined by one edge: nodes of a triangle sit closer
        // to each other than to the other triangle's far corner.
        let edges = [
            (0, 1, 1.0),
            (1, 2, 1.0),
            (2, 0, 1.0),
            (3, 4, 1.0),
            (4, 5, 1.0),
            (5, 3, 1.0),
            (2, 3, 1.0),
        ];
        let p = force_directed(6, &edges, &LayoutOptions::default());
        let d = |a: usize, b: usize| ((p[a].0 - p[b].0).powi(2) + (p[a].1 - p[b].1).powi(2)).sqrt();
        assert!(d(0, 1) < d(0, 5));
        assert!(d(4, 5) < d(5, 0));
    }

    #[test]
    fn isolated_nodes_line_up_along_the_bottom() {
        let p = force_directed(5, &[(0, 1, 1.0), (1, 2, 1.0)], &LayoutOptions::default());
        assert_eq!(p[3], (0.25, 1.0));
        assert_eq!(p[4], (0.75, 1.0));
        assert!(p[..3].iter().all(|&(_, y)| y <= 0.92));
    }

    #[test]
    fn the_generator_is_fixed() {
        let mut rng = SplitMix64(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
    }
}
