//! The SPARQL 1.1 Protocol's query operation at `/sparql`: GET with
//! `query=`, POST form-encoded, POST `application/sparql-query`; updates
//! refused (the graph is read-only); a service description when no query
//! is given.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use oxigraph::io::RdfSerializer;
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{QueryEvaluationError, QueryResults};

use super::negotiate::{self, Format};
use super::{App, Failure};
use crate::model::iri::PREFIXES;
use crate::store::{QueryError, RunOptions, StoreError};

/// The protocol's parameters of one request.
#[derive(Debug, Default)]
pub(crate) struct Params {
    pub query: Option<String>,
    pub update: bool,
    pub format: Option<String>,
    pub dataset: bool,
}

/// Reads `a=1&b=2` (URL or form-encoded body). A repeated `query` is an
/// error, as the protocol says.
pub(crate) fn params(encoded: &[u8]) -> Result<Params, Failure> {
    let mut params = Params::default();
    for (key, value) in form_urlencoded::parse(encoded) {
        match &*key {
            "query" => {
                if params.query.is_some() {
                    return Err(bad_request("the request has more than one query parameter"));
                }
                params.query = Some(value.into_owned());
            }
            "update" | "using-graph-uri" | "using-named-graph-uri" => params.update = true,
            "format" | "output" => params.format = Some(value.into_owned()),
            "default-graph-uri" | "named-graph-uri" => params.dataset = true,
            _ => {}
        }
    }
    Ok(params)
}

fn bad_request(message: &str) -> Failure {
    Failure::new(StatusCode::BAD_REQUEST, message)
}

fn update_refused() -> Failure {
    Failure::from(StoreError::Query(QueryError::UpdateRefused))
}

pub(crate) async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = match params(raw.unwrap_or_default().as_bytes()) {
        Ok(params) => params,
        Err(failure) => return failure.into_response(),
    };
    if params.update {
        return update_refused().into_response();
    }
    match params.query {
        Some(query) => answer(&app, query, &headers, params.format, params.dataset).await,
        None => service_description(&headers, params.format.as_deref()),
    }
}

pub(crate) async fn post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    // `format=` may come in the URL of any POST.
    let url = match params(raw.unwrap_or_default().as_bytes()) {
        Ok(params) => params,
        Err(failure) => return failure.into_response(),
    };
    let (query, format, dataset) = match content_type.as_str() {
        "application/x-www-form-urlencoded" => {
            let form = match params(&body) {
                Ok(form) => form,
                Err(failure) => return failure.into_response(),
            };
            if form.update || url.update {
                return update_refused().into_response();
            }
            let Some(query) = form.query else {
                return bad_request("the form has no query parameter").into_response();
            };
            (query, form.format.or(url.format), form.dataset || url.dataset)
        }
        "application/sparql-query" => match String::from_utf8(body.to_vec()) {
            Ok(query) => (query, url.format, url.dataset),
            Err(_) => return bad_request("the query is not UTF-8 text").into_response(),
        },
        "application/sparql-update" => return update_refused().into_response(),
        other => {
            return Failure::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "a POST to /sparql is application/x-www-form-urlencoded or application/sparql-query, not {}",
                    if other.is_empty() { "untyped" } else { other }
                ),
            )
            .into_response()
        }
    };
    answer(&app, query, &headers, format, dataset).await
}

/// Runs `query` and writes its results in the negotiated format.
async fn answer(
    app: &Arc<App>,
    query: String,
    headers: &HeaderMap,
    format: Option<String>,
    dataset: bool,
) -> Response {
    if dataset {
        return bad_request(
            "default-graph-uri and named-graph-uri are not supported: the graph has one default graph (the plans) and one named graph (the ontology); use FROM or GRAPH in the query",
        )
        .into_response();
    }
    if query.trim().is_empty() {
        return bad_request("the query is empty").into_response();
    }
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let outcome = app
        .evaluate(move |backend, options| {
            let results = backend.run(&query, options)?;
            write_results(results, accept.as_deref(), format.as_deref(), options)
        })
        .await;
    match outcome {
        Ok((format, body)) => ([(header::CONTENT_TYPE, format.media_type())], body).into_response(),
        Err(failure) => failure.into_response(),
    }
}

/// Serializes `results` in the format negotiated for their kind.
pub(crate) fn write_results(
    results: QueryResults<'static>,
    accept: Option<&str>,
    format: Option<&str>,
    options: &RunOptions,
) -> Result<(Format, Vec<u8>), Failure> {
    let not_acceptable = |message: String| Failure::new(StatusCode::NOT_ACCEPTABLE, message);
    let io = |e: std::io::Error| {
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot write the results: {e}"),
        )
    };
    let stopped =
        |e: QueryEvaluationError| Failure::from(crate::store::evaluation_error(e, options));
    match results {
        QueryResults::Solutions(solutions) => {
            let chosen =
                negotiate::choose(negotiate::RESULTS, accept, format).map_err(not_acceptable)?;
            let Format::Results(results_format) = chosen else {
                return Err(not_acceptable("no results format".into()));
            };
            let mut writer = QueryResultsSerializer::from_format(results_format)
                .serialize_solutions_to_writer(Vec::new(), solutions.variables().to_vec())
                .map_err(io)?;
            for solution in solutions {
                let solution = solution.map_err(stopped)?;
                writer.serialize(&solution).map_err(io)?;
            }
            Ok((chosen, writer.finish().map_err(io)?))
        }
        QueryResults::Boolean(value) => {
            let chosen =
                negotiate::choose(negotiate::RESULTS, accept, format).map_err(not_acceptable)?;
            let Format::Results(results_format) = chosen else {
                return Err(not_acceptable("no results format".into()));
            };
            let body = QueryResultsSerializer::from_format(results_format)
                .serialize_boolean_to_writer(Vec::new(), value)
                .map_err(io)?;
            Ok((chosen, body))
        }
        QueryResults::Graph(triples) => {
            let chosen =
                negotiate::choose(negotiate::GRAPHS, accept, format).map_err(not_acceptable)?;
            let mut triples_read = Vec::new();
            for triple in triples {
                triples_read.push(triple.map_err(stopped)?);
            }
            Ok((chosen, write_graph(&triples_read, chosen).map_err(io)?))
        }
    }
}

/// Triples in an RDF format, with the project's prefixes where the format
/// has prefixes.
pub(crate) fn write_graph(
    triples: &[oxigraph::model::Triple],
    format: Format,
) -> std::io::Result<Vec<u8>> {
    let Format::Rdf(rdf_format) = format else {
        return Err(std::io::Error::other("not an RDF format"));
    };
    let mut serializer = RdfSerializer::from_format(rdf_format);
    for (prefix, namespace) in PREFIXES {
        serializer = serializer
            .with_prefix(*prefix, *namespace)
            .map_err(std::io::Error::other)?;
    }
    let mut writer = serializer.for_writer(Vec::new());
    for triple in triples {
        writer.serialize_triple(triple)?;
    }
    writer.finish()
}

/// What `/sparql` says of itself (SPARQL 1.1 Service Description), or the
/// workbench for a browser.
fn service_description(headers: &HeaderMap, format: Option<&str>) -> Response {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let mut offered = negotiate::GRAPHS.to_vec();
    offered.push(Format::Html);
    let chosen = match negotiate::choose(&offered, accept, format) {
        Ok(chosen) => chosen,
        Err(message) => return Failure::new(StatusCode::NOT_ACCEPTABLE, message).into_response(),
    };
    if chosen == Format::Html {
        return Redirect::to("/").into_response();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let description = format!(
        r#"@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
<http://{host}/sparql#service> a sd:Service ;
  sd:endpoint <http://{host}/sparql> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV, formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:JSON-LD, formats:RDF_XML ;
  sd:defaultDataset [ a sd:Dataset ;
    sd:defaultGraph [ a sd:Graph ] ;
    sd:namedGraph [ a sd:NamedGraph ; sd:name <{ontology}> ] ] .
"#,
        ontology = crate::rdf::ONTOLOGY_GRAPH,
    );
    let parsed: Result<Vec<oxigraph::model::Triple>, _> =
        oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
            .for_slice(description.as_bytes())
            .map(|q| q.map(|q| q.into()))
            .collect();
    match parsed
        .map_err(std::io::Error::other)
        .and_then(|t| write_graph(&t, chosen))
    {
        Ok(body) => ([(header::CONTENT_TYPE, chosen.media_type())], body).into_response(),
        Err(e) => Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot describe the service: {e}"),
        )
        .into_response(),
    }
}
