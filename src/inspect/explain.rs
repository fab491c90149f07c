//! `\explain`: oxigraph's query plan with statistics, drawn as a tree with
//! prefixed names, rows and time per operator.
//!
//! The plan comes from `PlanStore::explain` as oxigraph's JSON; this module
//! only renders it (and falls back to the JSON when its shape is unknown).

use std::fmt::Write as _;

use serde_json::Value;

use crate::model::iri;

/// Renders the JSON explanation as an indented tree:
///
/// ```text
/// Project(?t)  3 rows  0.1 ms
/// └─ QuadPattern(?t pg:leadUnit unit:省科技厅)  3 rows  0.0 ms
/// planned in 0.0 ms
/// ```
pub fn render(json: &str) -> String {
    let Ok(value) = serde_json::from_str::<Value>(json) else {
        return json.to_owned();
    };
    let Some(plan) = value.get("plan") else {
        return json.to_owned();
    };
    let mut out = String::new();
    node(&mut out, plan, "", "");
    if let Some(seconds) = value
        .get("planning duration in seconds")
        .and_then(Value::as_f64)
    {
        let _ = writeln!(out, "planned in {}", milliseconds(seconds));
    }
    out
}

fn node(out: &mut String, value: &Value, first_prefix: &str, rest_prefix: &str) {
    let name = value.get("name").and_then(Value::as_str).unwrap_or("?");
    let mut line = format!("{first_prefix}{}", compact_iris(name));
    if let Some(n) = value.get("number of results").and_then(Value::as_u64) {
        let _ = write!(line, "  {n} {}", if n == 1 { "row" } else { "rows" });
    }
    if let Some(seconds) = value.get("duration in seconds").and_then(Value::as_f64) {
        let _ = write!(line, "  {}", milliseconds(seconds));
    }
    let _ = writeln!(out, "{line}");
    let children = value
        .get("children")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    for (i, child) in children.iter().enumerate() {
        let last = i + 1 == children.len();
        let (branch, continuation) = if last {
            ("└─ ", "   ")
        } else {
            ("├─ ", "│  ")
        };
        node(
            out,
            child,
            &format!("{rest_prefix}{branch}"),
            &format!("{rest_prefix}{continuation}"),
        );
    }
}

/// `<https://w3id.org/plangraph/ontology#leadUnit>` → `pg:leadUnit`.
fn compact_iris(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('>') {
            Some(close) if !after[..close].contains([' ', '<']) => {
                out.push_str(&iri::compact(&after[..close]));
                rest = &after[close + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn milliseconds(seconds: f64) -> String {
    format!("{:.1} ms", seconds * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_is_a_tree_with_prefixed_names() {
        let json = r#"{"plan": {"name": "Project(?t)", "number of results": 3, "duration in seconds": 0.0002,
            "children": [
              {"name": "QuadPattern(?t <https://w3id.org/plangraph/ontology#leadUnit> <https://w3id.org/plangraph/id/unit/省科技厅>)", "number of results": 3, "children": []},
              {"name": "Filter(?a < 3)", "number of results": 1, "children": []}
            ]},
            "planning duration in seconds": 0.00003}"#;
        assert_eq!(
            render(json),
            "Project(?t)  3 rows  0.2 ms\n\
             ├─ QuadPattern(?t pg:leadUnit unit:省科技厅)  3 rows\n\
             └─ Filter(?a < 3)  1 row\n\
             planned in 0.0 ms\n"
        );
    }

    #[test]
    fn unknown_shapes_fall_back_to_the_text() {
        assert_eq!(render("not json"), "not json");
        assert_eq!(render("{\"x\": 1}"), "{\"x\": 1}");
    }
}
