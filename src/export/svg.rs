//! A drawn picture of a network: SVG that people can open directly.
//!
//! Layout: the deterministic force-directed [`layout`](super::layout).
//! Node area grows with weighted degree, colour follows the community
//! (fixed palette; an RDF slice is coloured by kind), edge width grows
//! with weight, and a directed edge ends in an arrowhead at its target's
//! rim. Nodes without edges are lined up along the bottom.
//!
//! Labels use a list of CJK fonts so Chinese renders on Linux, macOS and
//! Windows. They are placed greedily, strongest node first, beside their
//! node where they overlap no other label and no node; a label that fits
//! nowhere is left out of the drawing (it stays in the node's tooltip).
//! Networks larger than [`SvgOptions::max_nodes`] are reduced to their
//! strongest nodes, and the picture says so.

use std::io::Write;

use super::layout::{force_directed, LayoutOptions};
use super::xml::escape;
use super::{format_f64, hex_colour, node_colour, AttrValue, ExportEdge, ExportGraph};

/// The font stack of every label: the simplified-Chinese fonts of Linux
/// (Noto Sans CJK / Source Han Sans, WenQuanYi), macOS (PingFang SC,
/// Hiragino Sans GB) and Windows (Microsoft YaHei, SimHei), so that a
/// browser finds one of them wherever the picture is opened; without any the
/// labels are drawn as boxes.
pub const FONT_FAMILY: &str = "Noto Sans CJK SC, Source Han Sans SC, Noto Sans SC, \
     Source Han Sans CN, PingFang SC, Hiragino Sans GB, Microsoft YaHei, \
     WenQuanYi Micro Hei, WenQuanYi Zen Hei, SimHei, sans-serif";

/// Picture options.
#[derive(Debug, Clone)]
pub struct SvgOptions {
    pub width: f64,
    pub height: f64,
    /// Draw at most this many nodes, the strongest by weighted degree.
    pub max_nodes: usize,
    pub layout: LayoutOptions,
}

impl Default for SvgOptions {
    fn default() -> Self {
        Self {
            width: 1600.0,
            height: 1200.0,
            max_nodes: 150,
            layout: LayoutOptions::default(),
        }
    }
}

/// A network placed on a canvas: what both the SVG and the HTML writers draw.
#[derive(Debug, Clone)]
pub struct Drawing {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<DrawnNode>,
    /// Lightest first, so heavy ties are drawn on top.
    pub edges: Vec<DrawnEdge>,
    /// How many nodes of the network were left out (0 when all are drawn).
    pub omitted: usize,
    pub total_nodes: usize,
    pub total_edges: usize,
}

/// One node on the canvas.
#[derive(Debug, Clone)]
pub struct DrawnNode {
    pub id: String,
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub radius: f64,
    pub colour: String,
    /// Weighted degree in the drawn network.
    pub strength: f64,
    /// Where the label goes, if it fits: (x, y, font size, text-anchor).
    pub label_at: Option<(f64, f64, f64, &'static str)>,
    /// Tooltip text: label, kind, every attribute.
    pub tooltip: String,
}

/// One edge on the canvas.
#[derive(Debug, Clone)]
pub struct DrawnEdge {
    pub source: usize,
    pub target: usize,
    pub width: f64,
    pub colour: String,
    pub tooltip: String,
    /// Drawn dashed: a cooperating unit's edge (配合), where a lead unit's
    /// (牵头) is solid.
    pub dashed: bool,
}

/// The role an edge of an RDF slice stands for, from its `predicate`
/// attribute: `(words for the tooltip and legend, dashed)`.
pub fn edge_role(edge: &ExportEdge) -> Option<(&'static str, bool)> {
    match edge.attrs.get("predicate") {
        Some(AttrValue::Str(p)) if p == "pg:leadUnit" => Some(("leads (牵头单位)", false)),
        Some(AttrValue::Str(p)) if p == "pg:cooperatingUnit" => {
            Some(("cooperates (配合单位)", true))
        }
        _ => None,
    }
}

/// Lays out and places `graph` (reduced to its strongest nodes if needed).
pub fn draw(graph: &ExportGraph, options: &SvgOptions) -> Drawing {
    let strengths = graph.strengths();
    let mut keep: Vec<usize> = (0..graph.nodes.len()).collect();
    if keep.len() > options.max_nodes {
        // Strongest first; ties by id (nodes are sorted by id already).
        keep.sort_by(|&a, &b| strengths[b].total_cmp(&strengths[a]).then(a.cmp(&b)));
        keep.truncate(options.max_nodes);
        keep.sort_unstable();
    }
    let mut new_index = vec![usize::MAX; graph.nodes.len()];
    for (new, &old) in keep.iter().enumerate() {
        new_index[old] = new;
    }
    let mut edges: Vec<(usize, usize, &ExportEdge)> = graph
        .edges
        .iter()
        .filter_map(|e| {
            let s = new_index[graph.index_of(&e.source)?];
            let t = new_index[graph.index_of(&e.target)?];
            (s != usize::MAX && t != usize::MAX).then_some((s, t, e))
        })
        .collect();
    let weighted: Vec<(usize, usize, f64)> =
        edges.iter().map(|&(s, t, e)| (s, t, e.weight)).collect();
    let positions = force_directed(keep.len(), &weighted, &options.layout);
    let mut strength = vec![0.0; keep.len()];
    for &(s, t, w) in &weighted {
        strength[s] += w;
        if s != t {
            strength[t] += w;
        }
    }
    let max_strength = strength.iter().copied().fold(0.0, f64::max);
    let weights: Vec<f64> = weighted.iter().map(|e| e.2).collect();

    // Room for labels at the sides and a caption at the bottom.
    let (margin_x, margin_top, margin_bottom) = (110.0, 50.0, 80.0);
    let plot_w = options.width - 2.0 * margin_x;
    let plot_h = options.height - margin_top - margin_bottom;
    let mut nodes: Vec<DrawnNode> = keep
        .iter()
        .enumerate()
        .map(|(new, &old)| {
            let node = &graph.nodes[old];
            let share = if max_strength > 0.0 {
                (strength[new] / max_strength).sqrt()
            } else {
                0.0
            };
            DrawnNode {
                id: node.id.clone(),
                label: node.label.clone(),
                x: round1(margin_x + positions[new].0 * plot_w),
                y: round1(margin_top + positions[new].1 * plot_h),
                radius: round1(4.0 + 22.0 * share),
                colour: hex_colour(node_colour(node)),
                strength: strength[new],
                label_at: None,
                tooltip: tooltip(node, strength[new]),
            }
        })
        .collect();

    // Lighter edges first, so heavy ties are drawn on top.
    edges.sort_by(|a, b| {
        a.2.weight
            .total_cmp(&b.2.weight)
            .then((a.0, a.1).cmp(&(b.0, b.1)))
    });
    let drawn_edges: Vec<DrawnEdge> = edges
        .iter()
        .map(|&(s, t, e)| {
            let share = super::weight_share(e.weight, &weights);
            let colour = if nodes[s].colour == nodes[t].colour {
                nodes[s].colour.clone()
            } else {
                "#9a9a9a".to_owned()
            };
            let arrow = if graph.directed { "→" } else { "—" };
            let role = edge_role(e);
            let tooltip = match (role, e.attrs.get("predicate")) {
                // A unit of a task: which unit, which task, in which role.
                (Some((words, _)), _) => {
                    format!("{} {words}: {}", nodes[t].label, nodes[s].label)
                }
                (None, Some(AttrValue::Str(predicate))) => {
                    format!(
                        "{} {arrow} {} ({predicate})",
                        nodes[s].label, nodes[t].label
                    )
                }
                _ => format!(
                    "{} {arrow} {}: {}",
                    nodes[s].label,
                    nodes[t].label,
                    format_f64(e.weight)
                ),
            };
            DrawnEdge {
                source: s,
                target: t,
                width: round1(0.6 + 5.4 * share),
                colour,
                tooltip,
                dashed: role.is_some_and(|(_, dashed)| dashed),
            }
        })
        .collect();
    place_labels(&mut nodes, max_strength, options);
    Drawing {
        width: options.width,
        height: options.height,
        nodes,
        edges: drawn_edges,
        omitted: graph.nodes.len() - keep.len(),
        total_nodes: graph.nodes.len(),
        total_edges: graph.edges.len(),
    }
}

fn tooltip(node: &super::ExportNode, strength: f64) -> String {
    let mut lines = vec![
        node.label.clone(),
        format!("{} · {}", node.kind, node.id),
        format!("weighted degree (drawn): {}", format_f64(strength)),
    ];
    for (name, value) in &node.attrs {
        let text = match value {
            AttrValue::Double(d) => format!("{d:.4}"),
            other => other.render(other.attr_type()),
        };
        lines.push(format!("{name}: {text}"));
    }
    lines.join("\n")
}

/// Greedy label placement: strongest node first, try right, left, above
/// and below the node, take the first spot that overlaps no placed label
/// and no node circle.
fn place_labels(nodes: &mut [DrawnNode], max_strength: f64, options: &SvgOptions) {
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&a, &b| {
        nodes[b]
            .strength
            .total_cmp(&nodes[a].strength)
            .then(a.cmp(&b))
    });
    let mut taken: Vec<Rect> = Vec::new();
    let circles: Vec<(f64, f64, f64)> = nodes.iter().map(|n| (n.x, n.y, n.radius)).collect();
    for i in order {
        let node = &nodes[i];
        let share = if max_strength > 0.0 {
            (node.strength / max_strength).sqrt()
        } else {
            0.0
        };
        let size = round1(11.0 + 7.0 * share);
        let width = text_width(&node.label, size);
        let (x, y, r) = (node.x, node.y, node.radius);
        let gap = 3.0;
        // (anchor x, baseline y, text-anchor, box left, box top)
        let candidates = [
            (
                x + r + gap,
                y + size * 0.35,
                "start",
                x + r + gap,
                y - size * 0.6,
            ),
            (
                x - r - gap,
                y + size * 0.35,
                "end",
                x - r - gap - width,
                y - size * 0.6,
            ),
            (
                x,
                y - r - gap - size * 0.25,
                "middle",
                x - width / 2.0,
                y - r - gap - size * 1.1,
            ),
            (
                x,
                y + r + gap + size * 0.85,
                "middle",
                x - width / 2.0,
                y + r + gap,
            ),
        ];
        for (ax, ay, anchor, left, top) in candidates {
            let rect = Rect {
                left,
                top,
                right: left + width,
                bottom: top + size * 1.2,
            };
            let inside = rect.left >= 2.0
                && rect.top >= 2.0
                && rect.right <= options.width - 2.0
                && rect.bottom <= options.height - 60.0;
            let clear = inside
                && taken.iter().all(|t| !t.overlaps(&rect))
                && circles
                    .iter()
                    .enumerate()
                    .all(|(j, &(cx, cy, cr))| j == i || !rect.hits_circle(cx, cy, cr));
            if clear {
                taken.push(rect);
                nodes[i].label_at = Some((round1(ax), round1(ay), size, anchor));
                break;
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Rect {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl Rect {
    fn overlaps(&self, other: &Rect) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }

    fn hits_circle(&self, cx: f64, cy: f64, r: f64) -> bool {
        let nx = cx.clamp(self.left, self.right);
        let ny = cy.clamp(self.top, self.bottom);
        (nx - cx).powi(2) + (ny - cy).powi(2) < r * r
    }
}

/// Estimated width of a label: CJK characters are square, Latin ones about
/// half as wide.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| {
            if unicode_width::UnicodeWidthChar::width(c).unwrap_or(1) >= 2 {
                size
            } else {
                size * 0.56
            }
        })
        .sum()
}

/// Text safe inside an XML comment, which may hold neither `--` nor a
/// final `-`: the second hyphen of a pair becomes U+2010 (a hyphen that
/// looks the same).
fn comment(text: &str) -> String {
    let mut out = text.to_owned();
    while out.contains("--") {
        out = out.replace("--", "-\u{2010}");
    }
    if out.ends_with('-') {
        out.push(' ');
    }
    out
}

/// What the colours say: communities for an analysis network, kinds
/// (unit, task, plan, …) for an RDF slice.
pub fn colour_meaning(graph: &ExportGraph) -> &'static str {
    if graph
        .nodes
        .iter()
        .any(|n| n.attrs.contains_key("community"))
    {
        "community"
    } else {
        "kind (unit, task, plan, target, region, …)"
    }
}

/// An arrowhead at the rim of the target node: where the line stops and
/// the triangle's tip and two base corners.
#[derive(Debug, Clone, Copy)]
pub struct ArrowHead {
    pub line_end: (f64, f64),
    pub points: [(f64, f64); 3],
}

/// The arrowhead of an edge from `s` to `t` drawn `width` wide; `None` when
/// the nodes overlap and there is no room for one. Its size grows gently
/// with the width (a marker scaled by the stroke width would swamp the
/// picture).
pub fn arrow_head(s: &DrawnNode, t: &DrawnNode, width: f64) -> Option<ArrowHead> {
    let (dx, dy) = (t.x - s.x, t.y - s.y);
    let length = (dx * dx + dy * dy).sqrt();
    let size = 7.0 + 1.2 * width;
    if length <= s.radius + t.radius + size {
        return None;
    }
    let (ux, uy) = (dx / length, dy / length);
    let tip = (t.x - ux * (t.radius + 1.0), t.y - uy * (t.radius + 1.0));
    let base = (tip.0 - ux * size, tip.1 - uy * size);
    let half = size * 0.45;
    Some(ArrowHead {
        line_end: (round1(base.0), round1(base.1)),
        points: [
            (round1(tip.0), round1(tip.1)),
            (round1(base.0 - uy * half), round1(base.1 + ux * half)),
            (round1(base.0 + uy * half), round1(base.1 - ux * half)),
        ],
    })
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// Width of the legend column right of the drawing, in pixels.
pub const LEGEND_WIDTH: f64 = 300.0;

/// One line of the legend.
#[derive(Debug, Clone, PartialEq)]
pub enum LegendItem {
    Heading(String),
    /// A filled circle of this colour, and what it stands for.
    Colour(String, String),
    /// A circle of this radius, and the weighted degree it stands for.
    Size(f64, String),
    /// A line of this width (dashed or not), and what it stands for.
    Line(f64, bool, String),
}

/// What the colours, sizes and lines of `drawing` mean: every colour used
/// (a community with its size and strongest member, or a kind with its
/// count), the smallest and largest node, and the edge styles.
pub fn legend(graph: &ExportGraph, drawing: &Drawing) -> Vec<LegendItem> {
    let mut items = Vec::new();
    let by_community = graph
        .nodes
        .iter()
        .any(|n| n.attrs.contains_key("community"));
    // colour → (count, strongest label, its strength, kind or community)
    let mut colours: Vec<(String, usize, String, f64, String)> = Vec::new();
    for drawn in &drawing.nodes {
        let Some(node) = graph.index_of(&drawn.id).map(|i| &graph.nodes[i]) else {
            continue;
        };
        let group = match node.attrs.get("community") {
            Some(AttrValue::Int(c)) if by_community => format!("community {c}"),
            _ => node.kind.clone(),
        };
        match colours
            .iter_mut()
            .find(|c| c.0 == drawn.colour && c.4 == group)
        {
            Some(entry) => {
                entry.1 += 1;
                if drawn.strength > entry.3 {
                    (entry.2, entry.3) = (drawn.label.clone(), drawn.strength);
                }
            }
            None => colours.push((
                drawn.colour.clone(),
                1,
                drawn.label.clone(),
                drawn.strength,
                group,
            )),
        }
    }
    colours.sort_by(|a, b| b.1.cmp(&a.1).then(a.4.cmp(&b.4)));
    items.push(LegendItem::Heading(if by_community {
        "colour: community (Louvain)".to_owned()
    } else {
        "colour: kind of node".to_owned()
    }));
    const MAX_COLOURS: usize = 12;
    for (colour, count, strongest, _, group) in colours.iter().take(MAX_COLOURS) {
        let text = if by_community {
            format!("{group}: {count}, e.g. {strongest}")
        } else {
            format!("{group}: {count}")
        };
        items.push(LegendItem::Colour(colour.clone(), text));
    }
    if colours.len() > MAX_COLOURS {
        items.push(LegendItem::Heading(format!(
            "… and {} more",
            colours.len() - MAX_COLOURS
        )));
    }
    let smallest = drawing
        .nodes
        .iter()
        .min_by(|a, b| a.radius.total_cmp(&b.radius));
    let largest = drawing
        .nodes
        .iter()
        .max_by(|a, b| a.radius.total_cmp(&b.radius));
    if let (Some(small), Some(large)) = (smallest, largest) {
        items.push(LegendItem::Heading("size: weighted degree".to_owned()));
        items.push(LegendItem::Size(
            small.radius,
            format!("{} ({})", format_f64(small.strength), small.label),
        ));
        if large.radius > small.radius {
            items.push(LegendItem::Size(
                large.radius,
                format!("{} ({})", format_f64(large.strength), large.label),
            ));
        }
    }
    let roles: Vec<(&str, bool)> = {
        let mut roles: Vec<(&str, bool)> = graph.edges.iter().filter_map(edge_role).collect();
        roles.sort();
        roles.dedup();
        roles
    };
    if !roles.is_empty() {
        items.push(LegendItem::Heading(
            "edge: a unit's role in a task".to_owned(),
        ));
        for (words, dashed) in roles {
            items.push(LegendItem::Line(1.5, dashed, words.to_owned()));
        }
    } else if !drawing.edges.is_empty() {
        let min = drawing
            .edges
            .iter()
            .map(|e| e.width)
            .fold(f64::INFINITY, f64::min);
        let max = drawing.edges.iter().map(|e| e.width).fold(0.0, f64::max);
        let weights: Vec<f64> = graph.edges.iter().map(|e| e.weight).collect();
        let lightest = weights.iter().copied().fold(f64::INFINITY, f64::min);
        let heaviest = weights.iter().copied().fold(0.0, f64::max);
        let unit = if graph
            .nodes
            .iter()
            .any(|n| n.attrs.contains_key("led_tasks"))
        {
            "tasks"
        } else {
            "weight"
        };
        items.push(LegendItem::Heading(format!(
            "edge width: {unit}{}",
            if graph.directed {
                " (arrow: lead → cooperating)"
            } else {
                ""
            }
        )));
        items.push(LegendItem::Line(min, false, format_f64(lightest)));
        if max > min {
            items.push(LegendItem::Line(max, false, format_f64(heaviest)));
        }
    }
    items
}

/// The legend as an SVG group whose top-left corner is at (`x`, `y`), and
/// its height.
pub fn legend_svg(items: &[LegendItem], x: f64, y: f64) -> (String, f64) {
    let mut svg = format!(
        r##"<g id="legend" transform="translate({},{})" font-size="13" fill="#333333">"##,
        format_f64(x),
        format_f64(y)
    );
    svg.push_str(r##"<text x="0" y="0" font-size="15" font-weight="bold">Legend</text>"##);
    let mut row = 26.0;
    for item in items {
        let (height, entry) = match item {
            LegendItem::Heading(text) => (
                24.0,
                format!(
                    r##"<text x="0" y="{}" font-weight="bold">{}</text>"##,
                    format_f64(row + 8.0),
                    escape(text)
                ),
            ),
            LegendItem::Colour(colour, text) => (
                20.0,
                format!(
                    r##"<circle cx="8" cy="{}" r="6" fill="{colour}"/><text x="22" y="{}">{}</text>"##,
                    format_f64(row),
                    format_f64(row + 4.5),
                    escape(&clip_text(text, 40))
                ),
            ),
            LegendItem::Size(radius, text) => {
                let r = radius.max(2.0);
                (
                    (2.0 * r + 6.0).max(20.0),
                    format!(
                        r##"<circle cx="{}" cy="{}" r="{}" fill="none" stroke="#555555"/><text x="{}" y="{}">{}</text>"##,
                        format_f64(r.max(8.0)),
                        format_f64(row + r - 6.0),
                        format_f64(r),
                        format_f64(2.0 * r.max(8.0) + 8.0),
                        format_f64(row + r - 1.5),
                        escape(&clip_text(text, 36))
                    ),
                )
            }
            LegendItem::Line(width, dashed, text) => (
                20.0,
                format!(
                    r##"<line x1="0" y1="{y}" x2="30" y2="{y}" stroke="#555555" stroke-width="{}"{}/><text x="40" y="{}">{}</text>"##,
                    format_f64(*width),
                    if *dashed {
                        r#" stroke-dasharray="6 4""#
                    } else {
                        ""
                    },
                    format_f64(row + 4.5),
                    escape(text),
                    y = format_f64(row),
                ),
            ),
        };
        svg.push_str(&entry);
        row += height;
    }
    svg.push_str("</g>");
    (svg, row)
}

/// At most `max` terminal columns (a Chinese character is two), ending
/// in … when cut, so a line fits the legend column.
fn clip_text(text: &str, max: usize) -> String {
    crate::print::table::truncate(text, max)
}

/// Writes `graph` as an SVG picture.
pub fn write(
    graph: &ExportGraph,
    options: &SvgOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let drawing = draw(graph, options);
    // The legend gets a column of its own, right of the drawing.
    let (w, h) = (
        format_f64(drawing.width + LEGEND_WIDTH),
        format_f64(drawing.height),
    );
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{}">"#,
        escape(FONT_FAMILY)
    )?;
    let what = if graph.directed {
        "directed"
    } else {
        "undirected"
    };
    writeln!(
        out,
        "<!-- {} -->",
        comment(&format!(
            "plangraph export: {}; {what}, {} nodes, {} edges; layout: force-directed, seed {}, {} iterations",
            graph.name,
            drawing.total_nodes,
            drawing.total_edges,
            options.layout.seed,
            options.layout.iterations
        ))
    )?;
    if drawing.omitted > 0 {
        writeln!(
            out,
            "<!-- only the {} strongest nodes by weighted degree are drawn; {} weaker nodes and their edges are left out -->",
            drawing.nodes.len(),
            drawing.omitted
        )?;
    }
    writeln!(out, "<title>{}</title>", escape(&graph.name))?;
    writeln!(
        out,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    )?;
    writeln!(out, r#"<g id="edges" stroke-linecap="round" fill="none">"#)?;
    for edge in &drawing.edges {
        let (s, t) = (&drawing.nodes[edge.source], &drawing.nodes[edge.target]);
        let (mut x2, mut y2) = (t.x, t.y);
        let mut head = String::new();
        if graph.directed {
            if let Some(arrow) = arrow_head(s, t, edge.width) {
                (x2, y2) = arrow.line_end;
                let [(ax, ay), (bx, by), (cx, cy)] = arrow.points;
                head = format!(
                    r#"<path d="M{},{} L{},{} L{},{} z" fill="{}" fill-opacity="0.7" stroke="none"/>"#,
                    format_f64(ax),
                    format_f64(ay),
                    format_f64(bx),
                    format_f64(by),
                    format_f64(cx),
                    format_f64(cy),
                    edge.colour
                );
            }
        }
        writeln!(
            out,
            r#"<g><title>{}</title><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-opacity="0.45" stroke-width="{}"{}/>{head}</g>"#,
            escape(&edge.tooltip),
            format_f64(s.x),
            format_f64(s.y),
            format_f64(x2),
            format_f64(y2),
            edge.colour,
            format_f64(edge.width),
            if edge.dashed {
                r#" stroke-dasharray="6 4""#
            } else {
                ""
            },
        )?;
    }
    writeln!(out, "</g>")?;
    writeln!(
        out,
        r##"<g id="nodes" stroke="#ffffff" stroke-width="1.5">"##
    )?;
    for node in &drawing.nodes {
        writeln!(
            out,
            r#"<circle id="{}" cx="{}" cy="{}" r="{}" fill="{}"><title>{}</title></circle>"#,
            escape(&node.id),
            format_f64(node.x),
            format_f64(node.y),
            format_f64(node.radius),
            node.colour,
            escape(&node.tooltip)
        )?;
    }
    writeln!(out, "</g>")?;
    writeln!(
        out,
        r##"<g id="labels" fill="#1a1a1a" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">"##
    )?;
    for node in &drawing.nodes {
        if let Some((x, y, size, anchor)) = node.label_at {
            writeln!(
                out,
                r#"<text x="{}" y="{}" font-size="{}" text-anchor="{anchor}">{}</text>"#,
                format_f64(x),
                format_f64(y),
                format_f64(size),
                escape(&node.label)
            )?;
        }
    }
    writeln!(out, "</g>")?;
    let mut caption = format!(
        "{} · {} nodes, {} edges",
        graph.name, drawing.total_nodes, drawing.total_edges
    );
    let isolated = {
        let mut linked = vec![false; drawing.nodes.len()];
        for edge in &drawing.edges {
            linked[edge.source] = true;
            linked[edge.target] = true;
        }
        linked.iter().filter(|l| !**l).count()
    };
    if isolated > 0 && isolated < drawing.nodes.len() {
        caption.push_str(&format!(" · bottom row: {isolated} without edges"));
    }
    if drawing.omitted > 0 {
        caption.push_str(&format!(" (the {} strongest drawn)", drawing.nodes.len()));
    }
    writeln!(
        out,
        r##"<text x="20" y="{}" font-size="16" fill="#333333">{}</text>"##,
        format_f64(drawing.height - 40.0),
        escape(&caption)
    )?;
    writeln!(
        out,
        r##"<text x="20" y="{}" font-size="13" fill="#666666">node size: weighted degree · colour: {} · edge width: weight · unlabelled nodes: hover for the name</text>"##,
        format_f64(drawing.height - 18.0),
        colour_meaning(graph)
    )?;
    writeln!(
        out,
        "{}",
        legend_svg(&legend(graph, &drawing), drawing.width + 10.0, 40.0).0
    )?;
    writeln!(out, "</svg>")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample;

    #[test]
    fn small_networks_are_drawn_whole_and_large_ones_reduced() {
        let graph = sample();
        let drawing = draw(&graph, &SvgOptions::default());
        assert_eq!(drawing.nodes.len(), 4);
        assert_eq!(drawing.edges.len(), 4);
        assert!(drawing.nodes.iter().all(|n| n.label_at.is_some()));
        let reduced = draw(
            &graph,
            &SvgOptions {
                max_nodes: 2,
                ..SvgOptions::default()
            },
        );
        assert_eq!(reduced.omitted, 2);
        // The two strongest nodes (省科技厅, 5; then 省发展改革委, 4, which
        // wins a tie with 省工业和信息化厅 by id) and the one edge between them.
        assert_eq!(reduced.edges.len(), 1);
        let mut out = Vec::new();
        write(
            &graph,
            &SvgOptions {
                max_nodes: 2,
                ..SvgOptions::default()
            },
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("only the 2 strongest nodes by weighted degree are drawn"));
    }

    #[test]
    fn the_legend_names_every_colour_the_sizes_and_the_edge_roles() {
        let graph = sample();
        let drawing = draw(&graph, &SvgOptions::default());
        let items = legend(&graph, &drawing);
        let colours: Vec<&str> = items
            .iter()
            .filter_map(|i| match i {
                LegendItem::Colour(c, _) => Some(c.as_str()),
                _ => None,
            })
            .collect();
        let mut drawn: Vec<&str> = drawing.nodes.iter().map(|n| n.colour.as_str()).collect();
        drawn.sort_unstable();
        drawn.dedup();
        assert_eq!(colours.len(), drawn.len());
        assert!(drawn.iter().all(|c| colours.contains(c)));
        assert!(items.iter().any(|i| matches!(i, LegendItem::Size(..))));
        assert!(!items
            .iter()
            .any(|i| matches!(i, LegendItem::Line(_, true, _))));

        // An RDF slice: a task with a lead and a cooperating unit.
        let mut slice = sample();
        slice.directed = true;
        for (edge, predicate) in slice
            .edges
            .iter_mut()
            .zip(["pg:leadUnit", "pg:cooperatingUnit"])
        {
            edge.attrs
                .insert("predicate".into(), AttrValue::Str(predicate.into()));
        }
        let drawing = draw(&slice, &SvgOptions::default());
        assert_eq!(drawing.edges.iter().filter(|e| e.dashed).count(), 1);
        let dashed = drawing.edges.iter().find(|e| e.dashed).unwrap();
        assert!(
            dashed.tooltip.contains("cooperates (配合单位)"),
            "{}",
            dashed.tooltip
        );
        let items = legend(&slice, &drawing);
        assert!(items.contains(&LegendItem::Line(1.5, true, "cooperates (配合单位)".into())));
        assert!(items.contains(&LegendItem::Line(1.5, false, "leads (牵头单位)".into())));
        let mut out = Vec::new();
        write(&slice, &SvgOptions::default(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(r#"<g id="legend""#));
        assert_eq!(
            text.matches(r#"stroke-dasharray="6 4""#).count(),
            2,
            "one edge, one legend line"
        );
    }

    #[test]
    fn comments_never_hold_a_double_hyphen() {
        assert_eq!(
            comment("a --include-collective b-"),
            "a -\u{2010}include-collective b- "
        );
        assert!(!comment("----").contains("--"));
    }

    #[test]
    fn cjk_is_wider_than_latin() {
        assert_eq!(text_width("省科技厅", 10.0), 40.0);
        assert!(text_width("abcd", 10.0) < 25.0);
    }
}
