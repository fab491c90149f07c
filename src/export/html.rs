//! One self-contained interactive HTML page: the SVG drawing plus a few
//! lines of script to drag nodes and show a tooltip per node.
//!
//! No network access is needed: no CDN, no fonts to fetch, the data is
//! embedded as JSON. The layout is the same deterministic one as the SVG's
//! (see [`svg::draw`](super::svg::draw)), so the page opens with the same
//! picture every time.

use std::io::Write;

use serde_json::json;

use super::format_f64;
use super::svg::{draw, legend, legend_svg, SvgOptions, FONT_FAMILY, LEGEND_WIDTH};
use super::xml::escape;

/// Writes `graph` as an HTML page.
pub fn write(graph: &super::ExportGraph, out: &mut dyn Write) -> std::io::Result<()> {
    let options = SvgOptions::default();
    let drawing = draw(graph, &options);
    let nodes: Vec<serde_json::Value> = drawing
        .nodes
        .iter()
        .map(|n| {
            let label = n
                .label_at
                .map(|(x, y, size, anchor)| json!([x, y, size, anchor]));
            json!({"id": n.id, "label": n.label, "x": n.x, "y": n.y, "r": n.radius,
                   "colour": n.colour, "tip": n.tooltip, "at": label})
        })
        .collect();
    let edges: Vec<serde_json::Value> = drawing
        .edges
        .iter()
        .map(|e| json!({"s": e.source, "t": e.target, "w": e.width, "colour": e.colour, "tip": e.tooltip, "dashed": e.dashed}))
        .collect();
    let data = json!({
        "name": graph.name,
        "directed": graph.directed,
        "width": drawing.width,
        "height": drawing.height,
        "nodes": nodes,
        "edges": edges,
    });
    // '<' only occurs inside JSON strings, where \u003c means the same and
    // cannot close the script element.
    let data = serde_json::to_string(&data)
        .map_err(std::io::Error::other)?
        .replace('<', "\\u003c");
    let (legend_svg, legend_height) = legend_svg(&legend(graph, &drawing), 10.0, 30.0);
    let mut caption = format!(
        "{} · {} nodes, {} edges",
        graph.name, drawing.total_nodes, drawing.total_edges
    );
    if drawing.omitted > 0 {
        caption.push_str(&format!(
            " (the {} strongest by weighted degree drawn)",
            drawing.nodes.len()
        ));
    }
    write!(
        out,
        r##"<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ margin: 0; font-family: {font}; background: #ffffff; color: #1a1a1a; }}
header {{ padding: 8px 16px; font-size: 14px; color: #444444; }}
main {{ display: flex; align-items: flex-start; }}
#graph {{ display: block; flex: 1; min-width: 0; height: auto; touch-action: none; }}
#legend-box {{ flex: none; }}
#graph circle {{ cursor: grab; stroke: #ffffff; stroke-width: 1.5; }}
text.label {{ pointer-events: none; fill: #1a1a1a; stroke: #ffffff; stroke-width: 3; stroke-linejoin: round; paint-order: stroke; }}
#tip {{ position: fixed; display: none; pointer-events: none; white-space: pre; background: rgba(255,255,255,0.95);
       border: 1px solid #999999; border-radius: 4px; padding: 6px 8px; font-size: 12px; box-shadow: 0 1px 4px rgba(0,0,0,0.2); }}
</style>
</head>
<body>
<header>{caption} — node size: weighted degree · colour: {colours} · edge width: weight · drag nodes, hover for details</header>
<main>
<svg id="graph" xmlns="http://www.w3.org/2000/svg"></svg>
<svg id="legend-box" xmlns="http://www.w3.org/2000/svg" width="{legend_width}" height="{legend_height}">{legend}</svg>
</main>
<div id="tip"></div>
<script id="graph-data" type="application/json">{data}</script>
<script>
"use strict";
(function () {{
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.getElementById("graph");
  const tip = document.getElementById("tip");
  svg.setAttribute("viewBox", "0 0 " + data.width + " " + data.height);
  const make = (name, attrs, parent) => {{
    const el = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    parent.appendChild(el);
    return el;
  }};
  const edgeLayer = make("g", {{}}, svg);
  const nodeLayer = make("g", {{}}, svg);
  const labelLayer = make("g", {{}}, svg);
  const lines = data.edges.map(e => {{
    const g = make("g", {{}}, edgeLayer);
    const line = make("line", {{stroke: e.colour, "stroke-opacity": 0.45, "stroke-width": e.w}}, g);
    if (e.dashed) line.setAttribute("stroke-dasharray", "6 4");
    const head = data.directed ? make("path", {{fill: e.colour, "fill-opacity": 0.7}}, g) : null;
    g.addEventListener("pointerenter", ev => show(e.tip, ev));
    g.addEventListener("pointerleave", hide);
    return {{line, head}};
  }});
  const circles = data.nodes.map(n => {{
    const c = make("circle", {{r: n.r, fill: n.colour}}, nodeLayer);
    c.addEventListener("pointerenter", ev => show(n.tip, ev));
    c.addEventListener("pointermove", ev => move(ev));
    c.addEventListener("pointerleave", hide);
    c.addEventListener("pointerdown", ev => startDrag(n, ev));
    return c;
  }});
  const labels = data.nodes.map(n => {{
    if (!n.at) return null;
    const t = make("text", {{class: "label", "font-size": n.at[2], "text-anchor": n.at[3]}}, labelLayer);
    t.textContent = n.label;
    return t;
  }});
  function render() {{
    data.nodes.forEach((n, i) => {{
      circles[i].setAttribute("cx", n.x);
      circles[i].setAttribute("cy", n.y);
      if (labels[i]) {{
        labels[i].setAttribute("x", n.at[0]);
        labels[i].setAttribute("y", n.at[1]);
      }}
    }});
    data.edges.forEach((e, i) => {{
      // Same arrowhead geometry as the SVG export (svg::arrow_head).
      const s = data.nodes[e.s], t = data.nodes[e.t], {{line, head}} = lines[i];
      let x2 = t.x, y2 = t.y;
      if (head) {{
        const dx = t.x - s.x, dy = t.y - s.y, len = Math.hypot(dx, dy), size = 7 + 1.2 * e.w;
        if (len > s.r + t.r + size) {{
          const ux = dx / len, uy = dy / len, half = size * 0.45;
          const tx = t.x - ux * (t.r + 1), ty = t.y - uy * (t.r + 1);
          x2 = tx - ux * size; y2 = ty - uy * size;
          head.setAttribute("d", "M" + tx + "," + ty + " L" + (x2 - uy * half) + "," + (y2 + ux * half) +
            " L" + (x2 + uy * half) + "," + (y2 - ux * half) + " z");
        }} else {{
          head.setAttribute("d", "");
        }}
      }}
      line.setAttribute("x1", s.x); line.setAttribute("y1", s.y);
      line.setAttribute("x2", x2); line.setAttribute("y2", y2);
    }});
  }}
  function show(text, ev) {{ tip.textContent = text; tip.style.display = "block"; move(ev); }}
  function move(ev) {{ tip.style.left = (ev.clientX + 14) + "px"; tip.style.top = (ev.clientY + 14) + "px"; }}
  function hide() {{ tip.style.display = "none"; }}
  function toGraph(ev) {{
    const p = svg.createSVGPoint(); p.x = ev.clientX; p.y = ev.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }}
  let dragged = null;
  function startDrag(n, ev) {{
    const p = toGraph(ev);
    dragged = {{node: n, dx: n.x - p.x, dy: n.y - p.y}};
    svg.setPointerCapture(ev.pointerId);
    ev.preventDefault();
  }}
  svg.addEventListener("pointermove", ev => {{
    if (!dragged) return;
    const p = toGraph(ev), n = dragged.node;
    const nx = p.x + dragged.dx, ny = p.y + dragged.dy;
    if (n.at) {{ n.at[0] += nx - n.x; n.at[1] += ny - n.y; }}
    n.x = nx; n.y = ny;
    render(); move(ev);
  }});
  svg.addEventListener("pointerup", () => {{ dragged = null; }});
  render();
}})();
</script>
</body>
</html>
"##,
        title = escape(&graph.name),
        font = FONT_FAMILY,
        caption = escape(&caption),
        colours = escape(super::svg::colour_meaning(graph)),
        data = data,
        legend = legend_svg,
        legend_width = format_f64(LEGEND_WIDTH),
        legend_height = format_f64(legend_height + 50.0),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample;

    #[test]
    fn the_page_is_self_contained_and_embeds_every_node() {
        let mut out = Vec::new();
        write(&sample(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains("src=\"http"));
        assert!(!text.contains("href=\"http"));
        let start = text.find(r#"type="application/json">"#).unwrap() + 24;
        let end = start + text[start..].find("</script>").unwrap();
        let data: serde_json::Value = serde_json::from_str(&text[start..end]).unwrap();
        assert_eq!(data["nodes"].as_array().unwrap().len(), 4);
        assert_eq!(data["edges"].as_array().unwrap().len(), 4);
        // The label with markup survives as data, not as markup.
        assert!(data["nodes"][0]["label"]
            .as_str()
            .unwrap()
            .starts_with("A&B<"));
    }
}
