//! Linked data: every IRI the graph mints under `https://w3id.org/plangraph/`
//! answers at the same path here — an HTML page for browsers (what a unit
//! leads and cooperates on, its partners and centralities; what a task
//! says, who does it, its targets and its source), RDF for programs (the
//! triples about it, in Turtle, N-Triples, JSON-LD or RDF/XML).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use oxigraph::model::Term;

use super::html::{self, escape};
use super::negotiate::{self, Format};
use super::{App, Failure};
use crate::model::iri;
use crate::store::{Backend, BackendExt, RunOptions, SelectRows};

/// The measures of every unit of the co-lead network, by unit IRI.
pub(crate) type Centralities = HashMap<String, crate::analysis::centrality::Centrality>;

/// The most statements listed in a page's "everything" tables.
const MAX_STATEMENTS: usize = 300;

/// The offered formats of a resource: RDF first (the default for programs
/// that accept anything), HTML for browsers (which ask for it by name).
fn offered() -> Vec<Format> {
    let mut offered = negotiate::GRAPHS.to_vec();
    offered.push(Format::Html);
    offered
}

pub(crate) async fn resource(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let Some(iri) = uri.path().strip_prefix("/id/").and_then(html::iri_of_path) else {
        return Failure::new(StatusCode::NOT_FOUND, "no such resource").into_response();
    };
    let format = query_format(&uri);
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let chosen = match negotiate::choose(&offered(), accept, format.as_deref()) {
        Ok(chosen) => chosen,
        Err(message) => return Failure::new(StatusCode::NOT_ACCEPTABLE, message).into_response(),
    };
    let worker = app.clone();
    let outcome = app
        .evaluate(move |backend, options| {
            if chosen == Format::Html {
                resource_page(&worker, backend, &iri).map(|page| page.into_bytes())
            } else {
                resource_rdf(backend, &iri, chosen, options)
            }
        })
        .await;
    match outcome {
        Ok(body) => ([(header::CONTENT_TYPE, chosen.media_type())], body).into_response(),
        Err(failure) => failure.into_response(),
    }
}

/// `format=` of a URL, if any.
fn query_format(uri: &Uri) -> Option<String> {
    let query = uri.query()?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "format")
        .map(|(_, v)| v.into_owned())
}

fn not_found(iri: &str) -> Failure {
    Failure::new(
        StatusCode::NOT_FOUND,
        format!("the graph says nothing of <{iri}>"),
    )
}

/// The triples about `iri`, either way round.
fn resource_rdf(
    backend: &dyn Backend,
    iri: &str,
    format: Format,
    options: &RunOptions,
) -> Result<Vec<u8>, Failure> {
    let node = format!("<{iri}>");
    let query = format!(
        "CONSTRUCT {{ {node} ?p ?o . ?s ?q {node} }} WHERE {{ {{ {node} ?p ?o }} UNION {{ ?s ?q {node} }} }}"
    );
    let results = backend.run(&query, options)?;
    let oxigraph::sparql::QueryResults::Graph(triples) = results else {
        return Err(Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "not a graph",
        ));
    };
    let triples: Vec<_> = triples.collect::<Result<_, _>>().map_err(|e| {
        Failure::from(crate::store::StoreError::Query(
            crate::store::QueryError::Evaluation(e),
        ))
    })?;
    if triples.is_empty() {
        return Err(not_found(iri));
    }
    super::sparql::write_graph(&triples, format).map_err(|e| {
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot write the graph: {e}"),
        )
    })
}

/// Text of a literal cell, or the compact IRI of a node.
fn text(row: &[Option<Term>], column: usize) -> Option<String> {
    match row.get(column)?.as_ref()? {
        Term::Literal(literal) => Some(literal.value().to_owned()),
        Term::NamedNode(node) => Some(node.as_str().to_owned()),
        other => Some(other.to_string()),
    }
}

fn select(backend: &dyn Backend, query: &str) -> Result<SelectRows, Failure> {
    backend.select(query).map_err(Failure::from)
}

/// The HTML page of `iri`.
fn resource_page(app: &App, backend: &dyn Backend, iri: &str) -> Result<String, Failure> {
    let node = format!("<{iri}>");
    let about = select(
        backend,
        &format!(
            "SELECT ?label ?title ?type WHERE {{
               OPTIONAL {{ {node} skos:prefLabel ?label }}
               OPTIONAL {{ {node} dcterms:title ?title }}
               OPTIONAL {{ {node} a ?type }}
             }}"
        ),
    )?;
    let label = about
        .rows
        .iter()
        .find_map(|r| text(r, 0).or_else(|| text(r, 1)))
        .unwrap_or_else(|| iri::compact(iri));
    let types: Vec<String> = about.rows.iter().filter_map(|r| text(r, 2)).collect();
    let mut body = String::new();
    let type_links: Vec<String> = types
        .iter()
        .map(|t| html::link(t, &iri::compact(t)))
        .collect();
    let _ = write!(
        body,
        r#"<h1>{}</h1><p class="iri"><code>{}</code> {}</p>"#,
        escape(&label),
        escape(iri),
        type_links.join(" ")
    );
    let is = |local: &str| types.iter().any(|t| *t == iri::term(local));
    if is("Unit") {
        unit_sections(app, backend, iri, &mut body)?;
    }
    if is("Task") || is("Goal") {
        task_sections(backend, iri, &mut body)?;
    }
    let statements = everything(backend, iri, &mut body)?;
    if statements == 0 && types.is_empty() {
        return Err(not_found(iri));
    }
    let _ = write!(
        body,
        r#"<p class="formats">This page as data: <a href="?format=ttl">Turtle</a> · <a href="?format=nt">N-Triples</a> · <a href="?format=jsonld">JSON-LD</a> · <a href="?format=rdfxml">RDF/XML</a></p>"#
    );
    Ok(html::page(&label, &body))
}

/// Tasks a unit leads and cooperates on, its co-lead partners, its
/// centralities.
fn unit_sections(
    app: &App,
    backend: &dyn Backend,
    iri: &str,
    body: &mut String,
) -> Result<(), Failure> {
    if let Some(measures) = app.centralities(backend)?.get(iri) {
        let _ = write!(
            body,
            r#"<section><h2>Centralities in the co-lead network</h2><dl class="figures">
<div><dt>weighted degree</dt><dd>{:.0}</dd></div><div><dt>betweenness</dt><dd>{:.4}</dd></div>
<div><dt>PageRank</dt><dd>{:.4}</dd></div><div><dt>eigenvector</dt><dd>{:.4}</dd></div></dl></section>"#,
            measures.weighted_degree, measures.betweenness, measures.pagerank, measures.eigenvector
        );
    }
    for (role, heading) in [("leadUnit", "leads"), ("cooperatingUnit", "cooperates on")] {
        let rows = select(
            backend,
            &format!(
                "SELECT ?task ?number ?text ?plan ?planTitle ?doc ?line ?page ?cell WHERE {{
                   ?task pg:{role} <{iri}> .
                   OPTIONAL {{ ?task pg:number ?number }}
                   OPTIONAL {{ ?task pg:text ?text }}
                   OPTIONAL {{ ?task pg:plan ?plan OPTIONAL {{ ?plan dcterms:title ?planTitle }} }}
                   OPTIONAL {{ ?task pg:mention ?m . ?m pg:line ?line . ?m pg:document ?d . ?d dcterms:identifier ?doc
                               OPTIONAL {{ ?m pg:page ?page }} OPTIONAL {{ ?m pg:cell ?cell }} }}
                 }} ORDER BY ?plan ?task ?doc ?line"
            ),
        )?;
        let mut seen = std::collections::HashSet::new();
        let mut table = String::new();
        for row in &rows.rows {
            let Some(task) = text(row, 0) else { continue };
            if !seen.insert(task.clone()) {
                continue;
            }
            let full = text(row, 2).unwrap_or_default();
            let mut snippet: String = full.chars().take(90).collect();
            if snippet.len() < full.len() {
                snippet.push('…');
            }
            let plan = match (text(row, 3), text(row, 4)) {
                (Some(plan), Some(title)) => html::link(&plan, &title),
                (Some(plan), None) => html::link(&plan, &iri::compact(&plan)),
                _ => String::new(),
            };
            // Where a person finds it: the line, and in a PDF its page, in
            // a table its row (as `why` says it).
            let mut source = match (text(row, 5), text(row, 6)) {
                (Some(doc), Some(line)) => format!("{}:{}", escape(&doc), escape(&line)),
                _ => String::new(),
            };
            if !source.is_empty() {
                if let Some(page) = text(row, 7) {
                    let _ = write!(source, " (page {})", escape(&page));
                }
                if let Some(cell) = text(row, 8) {
                    let _ = write!(source, " ({})", escape(&cell));
                }
            }
            let _ = write!(
                table,
                "<tr><td>{}</td><td>{}</td><td>{plan}</td><td class=\"source\">{source}</td></tr>",
                html::link(&task, &text(row, 1).unwrap_or_else(|| iri::compact(&task))),
                escape(&snippet),
            );
        }
        let _ = write!(
            body,
            "<section><h2>{} {} tasks</h2>",
            escape(heading),
            seen.len()
        );
        if !seen.is_empty() {
            let _ = write!(
                body,
                "<table><thead><tr><th>task</th><th>text</th><th>plan</th><th>source line</th></tr></thead><tbody>{table}</tbody></table>"
            );
        }
        body.push_str("</section>");
    }
    let partners = select(
        backend,
        &format!(
            "SELECT ?other ?name (COUNT(DISTINCT ?t) AS ?n) WHERE {{
               ?t pg:leadUnit <{iri}> , ?other . FILTER(?other != <{iri}>)
               OPTIONAL {{ ?other skos:prefLabel ?name }}
             }} GROUP BY ?other ?name ORDER BY DESC(?n) ?name LIMIT 50"
        ),
    )?;
    let _ = write!(body, "<section><h2>Co-lead partners</h2>");
    if partners.rows.is_empty() {
        body.push_str("<p>No task led together with another unit.</p>");
    } else {
        body.push_str(
            "<table><thead><tr><th>unit</th><th>tasks led together</th></tr></thead><tbody>",
        );
        for row in &partners.rows {
            let Some(other) = text(row, 0) else { continue };
            let name = text(row, 1).unwrap_or_else(|| iri::compact(&other));
            let _ = write!(
                body,
                "<tr><td>{}</td><td class=\"number\">{}</td></tr>",
                html::link(&other, &name),
                escape(&text(row, 2).unwrap_or_default())
            );
        }
        body.push_str("</tbody></table>");
    }
    body.push_str("</section>");
    Ok(())
}

/// A task's text, plan, units, targets, deadline and verbatim source.
fn task_sections(backend: &dyn Backend, iri: &str, body: &mut String) -> Result<(), Failure> {
    let facts = select(
        backend,
        &format!(
            "SELECT ?text ?plan ?planTitle ?deadline WHERE {{
               OPTIONAL {{ <{iri}> pg:text ?text }}
               OPTIONAL {{ <{iri}> pg:plan ?plan OPTIONAL {{ ?plan dcterms:title ?planTitle }} }}
               OPTIONAL {{ <{iri}> pg:deadline ?deadline }}
             }} LIMIT 1"
        ),
    )?;
    if let Some(row) = facts.rows.first() {
        if let Some(task_text) = text(row, 0) {
            let _ = write!(
                body,
                r#"<section><blockquote class="task-text">{}</blockquote>"#,
                escape(&task_text)
            );
        } else {
            body.push_str("<section>");
        }
        body.push_str("<dl class=\"facts\">");
        if let Some(plan) = text(row, 1) {
            let title = text(row, 2).unwrap_or_else(|| iri::compact(&plan));
            let _ = write!(
                body,
                "<div><dt>plan</dt><dd>{}</dd></div>",
                html::link(&plan, &title)
            );
        }
        if let Some(deadline) = text(row, 3) {
            let _ = write!(
                body,
                "<div><dt>deadline</dt><dd>{}</dd></div>",
                escape(&deadline)
            );
        }
        for (role, label) in [
            ("leadUnit", "lead units"),
            ("cooperatingUnit", "cooperating units"),
        ] {
            let units = select(
                backend,
                &format!(
                    "SELECT ?u ?name WHERE {{ <{iri}> pg:{role} ?u OPTIONAL {{ ?u skos:prefLabel ?name }} }} ORDER BY ?name"
                ),
            )?;
            let links: Vec<String> = units
                .rows
                .iter()
                .filter_map(|r| {
                    let unit = text(r, 0)?;
                    let name = text(r, 1).unwrap_or_else(|| iri::compact(&unit));
                    Some(html::link(&unit, &name))
                })
                .collect();
            let shown = if links.is_empty() {
                "—".to_owned()
            } else {
                links.join("、")
            };
            let _ = write!(body, "<div><dt>{label}</dt><dd>{shown}</dd></div>");
        }
        body.push_str("</dl></section>");
    }
    let targets = select(
        backend,
        &format!(
            "SELECT ?target ?text ?year WHERE {{ <{iri}> pg:target ?target .
               OPTIONAL {{ ?target pg:targetText ?text }} OPTIONAL {{ ?target pg:year ?year }} }} ORDER BY ?target"
        ),
    )?;
    if !targets.rows.is_empty() {
        body.push_str("<section><h2>Targets</h2><table><thead><tr><th>target</th><th>as printed</th><th>year</th></tr></thead><tbody>");
        for row in &targets.rows {
            let Some(target) = text(row, 0) else { continue };
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                html::link(&target, &iri::compact(&target)),
                escape(&text(row, 1).unwrap_or_default()),
                escape(&text(row, 2).unwrap_or_default())
            );
        }
        body.push_str("</tbody></table></section>");
    }
    let mut source = Vec::new();
    if crate::inspect::describe::why(backend, &iri::compact(iri), &mut source).is_ok() {
        let _ = write!(
            body,
            "<section><h2>Source</h2><pre class=\"source\">{}</pre></section>",
            escape(&String::from_utf8_lossy(&source))
        );
    }
    Ok(())
}

/// Every statement about `iri`, outgoing then incoming; returns how many.
fn everything(backend: &dyn Backend, iri: &str, body: &mut String) -> Result<usize, Failure> {
    let outgoing = select(
        backend,
        &format!("SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }} ORDER BY ?p ?o LIMIT {MAX_STATEMENTS}"),
    )?;
    let incoming = select(
        backend,
        &format!("SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} ORDER BY ?p ?s LIMIT {MAX_STATEMENTS}"),
    )?;
    let cell = |value: &Option<Term>| {
        value
            .as_ref()
            .map(|t| html::term(t, None))
            .unwrap_or_default()
    };
    let _ = write!(body, "<section><h2>Everything the graph says of it</h2>");
    if !outgoing.rows.is_empty() {
        body.push_str("<table class=\"statements\"><thead><tr><th>property</th><th>value</th></tr></thead><tbody>");
        for row in &outgoing.rows {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td></tr>",
                cell(&row[0]),
                cell(&row[1])
            );
        }
        body.push_str("</tbody></table>");
    }
    if !incoming.rows.is_empty() {
        body.push_str("<h3>Pointing at it</h3><table class=\"statements\"><thead><tr><th>subject</th><th>property</th></tr></thead><tbody>");
        for row in &incoming.rows {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td></tr>",
                cell(&row[0]),
                cell(&row[1])
            );
        }
        body.push_str("</tbody></table>");
    }
    body.push_str("</section>");
    Ok(outgoing.rows.len() + incoming.rows.len())
}

impl App {
    /// The co-lead network's centralities, computed once.
    fn centralities(&self, backend: &dyn Backend) -> Result<&Centralities, Failure> {
        self.centralities
            .get_or_init(|| {
                use crate::analysis::{Filters, NetworkKind, Projection, UnitNetwork};
                let projection =
                    Projection::load(backend, &Filters::default()).map_err(|e| format!("{e:#}"))?;
                let network = UnitNetwork::build(&projection, NetworkKind::CoLead);
                let measures = crate::analysis::centrality::centrality(&network);
                Ok(network
                    .graph
                    .node_indices()
                    .zip(measures)
                    .map(|(node, m)| (network.graph[node].iri.clone(), m))
                    .collect())
            })
            .as_ref()
            .map_err(|message| Failure::new(StatusCode::INTERNAL_SERVER_ERROR, message.clone()))
    }
}

/// The ontology: its Turtle for programs, a page of its classes and
/// properties (anchored by local name, so `/ontology#leadUnit` lands on it)
/// for browsers.
pub(crate) async fn ontology(headers: HeaderMap, uri: Uri) -> Response {
    let format = query_format(&uri);
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let chosen = match negotiate::choose(&offered(), accept, format.as_deref()) {
        Ok(chosen) => chosen,
        Err(message) => return Failure::new(StatusCode::NOT_ACCEPTABLE, message).into_response(),
    };
    let quads = match crate::rdf::ontology_quads() {
        Ok(quads) => quads,
        Err(e) => {
            return Failure::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the ontology is invalid: {e}"),
            )
            .into_response()
        }
    };
    let triples: Vec<oxigraph::model::Triple> = quads.into_iter().map(Into::into).collect();
    if chosen == Format::Rdf(oxigraph::io::RdfFormat::Turtle) {
        return (
            [(header::CONTENT_TYPE, chosen.media_type())],
            crate::rdf::ONTOLOGY_TTL,
        )
            .into_response();
    }
    if chosen != Format::Html {
        return match super::sparql::write_graph(&triples, chosen) {
            Ok(body) => ([(header::CONTENT_TYPE, chosen.media_type())], body).into_response(),
            Err(e) => {
                Failure::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()
            }
        };
    }
    (
        [(header::CONTENT_TYPE, chosen.media_type())],
        ontology_page(&triples),
    )
        .into_response()
}

fn ontology_page(triples: &[oxigraph::model::Triple]) -> String {
    use std::collections::BTreeMap;
    const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    const LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
    const COMMENT: &str = "http://www.w3.org/2000/01/rdf-schema#comment";
    /// What the ontology says of one term.
    #[derive(Default)]
    struct OntologyTerm {
        kinds: Vec<String>,
        labels: Vec<String>,
        comments: Vec<String>,
    }
    let mut terms: BTreeMap<String, OntologyTerm> = BTreeMap::new();
    for triple in triples {
        let oxigraph::model::NamedOrBlankNode::NamedNode(subject) = &triple.subject else {
            continue;
        };
        let Some(local) = subject.as_str().strip_prefix(iri::PG) else {
            continue;
        };
        let entry = terms.entry(local.to_owned()).or_default();
        let value = match &triple.object {
            Term::Literal(l) => l.value().to_owned(),
            Term::NamedNode(n) => iri::compact(n.as_str()),
            other => other.to_string(),
        };
        match triple.predicate.as_str() {
            RDF_TYPE => entry.kinds.push(value),
            LABEL => entry.labels.push(value),
            COMMENT => entry.comments.push(value),
            _ => {}
        }
    }
    let mut body = String::from(
        "<h1>The plangraph ontology</h1><p class=\"iri\"><code>https://w3id.org/plangraph/ontology#</code> · <a href=\"/ontology?format=ttl\">Turtle</a></p>",
    );
    for (heading, is_class) in [("Classes", true), ("Properties", false)] {
        let _ = write!(body, "<section><h2>{heading}</h2><dl class=\"terms\">");
        for (
            local,
            OntologyTerm {
                kinds,
                labels,
                comments,
            },
        ) in &terms
        {
            let class = kinds.iter().any(|k| k == "owl:Class" || k == "rdfs:Class");
            if class != is_class {
                continue;
            }
            let _ = write!(
                body,
                "<div id=\"{id}\"><dt><code>pg:{id}</code> <span class=\"kinds\">{kinds}</span></dt><dd><strong>{labels}</strong><br>{comments}</dd></div>",
                id = escape(local),
                kinds = escape(&kinds.join(", ")),
                labels = escape(&labels.join(" · ")),
                comments = escape(&comments.join(" "))
            );
        }
        body.push_str("</dl></section>");
    }
    html::page("Ontology", &body)
}
