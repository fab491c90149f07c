//! The workbench at `/` and the small JSON API behind it: the canned
//! queries, completion of the graph's names (the REPL's), the facets the
//! network picture is filtered by, and the picture itself. The page, its
//! script and its stylesheet are compiled into the binary: nothing is
//! fetched from the internet.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::html::{escape, STYLE};
use super::{App, Failure};
use crate::store::{Backend, BackendExt};

const PAGE: &str = include_str!("assets/workbench.html");
const SCRIPT: &str = include_str!("assets/workbench.js");

pub(crate) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(page))
        .route("/assets/workbench.js", get(script))
        .route("/assets/style.css", get(style))
        .route("/api/queries", get(queries))
        .route("/api/complete", get(complete))
        .route("/api/facets", get(facets))
        .route("/api/network", get(network))
        .route("/api/search", get(search))
}

async fn page(State(app): State<Arc<App>>) -> Response {
    let prefixes: Vec<String> = crate::model::iri::PREFIXES
        .iter()
        .map(|(p, ns)| format!("PREFIX {p}: <{ns}>"))
        .collect();
    let body = PAGE
        .replace("{{origin}}", &escape(&app.options.origin))
        .replace("{{version}}", env!("CARGO_PKG_VERSION"))
        .replace("{{prefixes}}", &escape(&prefixes.join("\n")));
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

fn json(value: serde_json::Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

/// The canned queries: name, title, description, text.
async fn queries() -> Response {
    let list: Vec<serde_json::Value> = crate::queries::canned_queries()
        .iter()
        .map(|q| {
            serde_json::json!({
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "text": q.text,
            })
        })
        .collect();
    json(serde_json::Value::Array(list))
}

#[derive(Deserialize)]
struct CompleteParams {
    /// The editor's text up to the cursor's line end.
    line: String,
    /// The cursor, in bytes into `line`.
    pos: Option<usize>,
}

/// Completion as in the REPL: the start of the replaced word and the
/// candidates, best first.
async fn complete(State(app): State<Arc<App>>, Query(params): Query<CompleteParams>) -> Response {
    let worker = app.clone();
    let outcome = app
        .evaluate(move |_, _| {
            let names = worker.names();
            let canned: Vec<&str> = crate::queries::canned_queries()
                .iter()
                .map(|q| q.name)
                .collect();
            let completion = crate::repl::completer::Completion {
                names,
                canned: &canned,
            };
            let pos = params
                .pos
                .unwrap_or(params.line.len())
                .min(params.line.len());
            let (start, pairs) = completion.complete(&params.line, pos);
            let start_chars = params
                .line
                .get(..start)
                .map(|s| s.chars().count())
                .unwrap_or(0);
            let candidates: Vec<serde_json::Value> = pairs
                .into_iter()
                .take(50)
                .map(|p| serde_json::json!({"display": p.display, "replacement": p.replacement}))
                .collect();
            Ok(serde_json::json!({"start": start_chars, "candidates": candidates}))
        })
        .await;
    match outcome {
        Ok(value) => json(value),
        Err(failure) => failure.into_response(),
    }
}

/// The years and plan groups the network can be filtered by.
async fn facets(State(app): State<Arc<App>>) -> Response {
    let outcome = app
        .evaluate(|backend: &dyn Backend, _| {
            let column = |query: &str| -> Result<Vec<String>, Failure> {
                Ok(backend
                    .select(query)?
                    .rows
                    .into_iter()
                    .filter_map(|row| match row.into_iter().next().flatten() {
                        Some(oxigraph::model::Term::Literal(l)) => Some(l.value().to_owned()),
                        _ => None,
                    })
                    .collect())
            };
            let years =
                column("SELECT DISTINCT ?y WHERE { ?p a pg:Plan ; pg:startYear ?y } ORDER BY ?y")?;
            let groups =
                column("SELECT DISTINCT ?g WHERE { ?p a pg:Plan ; pg:planGroup ?g } ORDER BY ?g")?;
            Ok(serde_json::json!({"years": years, "plan_groups": groups}))
        })
        .await;
    match outcome {
        Ok(value) => json(value),
        Err(failure) => failure.into_response(),
    }
}

#[derive(Deserialize)]
struct NetworkParams {
    kind: Option<String>,
    year: Option<String>,
    #[serde(rename = "plan-group")]
    plan_group: Option<String>,
    format: Option<String>,
}

/// The department network drawn: the interactive HTML picture (default)
/// or SVG, under the year and plan-group filters.
async fn network(State(app): State<Arc<App>>, Query(params): Query<NetworkParams>) -> Response {
    use crate::analysis::{Filters, NetworkKind};
    use crate::export::ExportFormat;
    let kind = match params.kind.as_deref().unwrap_or("co-lead") {
        "co-lead" => NetworkKind::CoLead,
        "dependencies" => NetworkKind::Dependencies,
        other => {
            return Failure::new(
                StatusCode::BAD_REQUEST,
                format!("kind={other}: the networks are co-lead and dependencies"),
            )
            .into_response()
        }
    };
    let format = match params.format.as_deref().unwrap_or("html") {
        "html" => ExportFormat::Html,
        "svg" => ExportFormat::Svg,
        other => {
            return Failure::new(
                StatusCode::BAD_REQUEST,
                format!("format={other}: html or svg"),
            )
            .into_response()
        }
    };
    let mut filters = Filters::default();
    if let Some(year) = params.year.as_deref().filter(|y| !y.is_empty()) {
        match year.parse() {
            Ok(year) => filters.year.push(year),
            Err(_) => {
                return Failure::new(
                    StatusCode::BAD_REQUEST,
                    format!("year={year} is not a year"),
                )
                .into_response()
            }
        }
    }
    filters.plan_group = params.plan_group.filter(|g| !g.is_empty());
    let outcome = app
        .evaluate(move |backend, _| {
            let failed = |e: &dyn std::fmt::Display| {
                Failure::new(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}"))
            };
            let graph = crate::export::network::network_graph(backend, kind, &filters)
                .map_err(|e| failed(&anyhow::Error::new(e)))?;
            let mut bytes = Vec::new();
            crate::export::write_graph(&graph, format, &mut bytes)
                .map_err(|e| failed(&anyhow::Error::new(e)))?;
            Ok(bytes)
        })
        .await;
    let media = match format {
        ExportFormat::Svg => "image/svg+xml",
        _ => "text/html; charset=utf-8",
    };
    match outcome {
        Ok(bytes) => ([(header::CONTENT_TYPE, media)], bytes).into_response(),
        Err(failure) => failure.into_response(),
    }
}

#[derive(Deserialize)]
struct SearchParams {
    q: Option<String>,
    limit: Option<usize>,
}

/// Text search over the tasks (`plangraph search`), as SPARQL JSON results
/// so that the workbench shows them as it shows a query's: the task, its
/// plan, its lead units, the score and the passage with the terms marked
/// «like this». The index is built at the first search.
async fn search(State(app): State<Arc<App>>, Query(params): Query<SearchParams>) -> Response {
    let text = params.q.unwrap_or_default();
    let query = match crate::fulltext::query::Query::parse(&text) {
        Ok(query) => query,
        Err(e) => return Failure::new(StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    };
    let limit = params.limit.unwrap_or(200).clamp(1, 10_000);
    let worker = app.clone();
    let outcome = app
        .evaluate(move |backend, _| {
            let failed = |e: crate::search::SearchError| {
                Failure::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("{:#}", anyhow::Error::new(e)),
                )
            };
            let index = worker.search.get(backend).map_err(failed)?;
            let (hits, _) = crate::search::search(
                &index,
                backend,
                &query,
                &crate::search::SearchFilters::default(),
                Some(limit),
            )
            .map_err(failed)?;
            let literal = |value: String| serde_json::json!({"type": "literal", "value": value});
            let bindings: Vec<serde_json::Value> = hits
                .into_iter()
                .map(|hit| {
                    serde_json::json!({
                        "task": {"type": "uri", "value": hit.task},
                        "plan": literal(hit.plan),
                        "lead_units": literal(hit.lead_units.join("、")),
                        "score": literal(format!("{:.3}", hit.score)),
                        "snippet": literal(hit.snippet.marked("«", "»")),
                    })
                })
                .collect();
            Ok(serde_json::json!({
                "head": {"vars": ["task", "plan", "lead_units", "score", "snippet"]},
                "results": {"bindings": bindings},
            }))
        })
        .await;
    match outcome {
        Ok(value) => json(value),
        Err(failure) => failure.into_response(),
    }
}
