//! The HTML of the server's pages: escaping, links to the graph's own IRIs
//! (served on this server), and the layout every page shares.

use oxigraph::model::Term;
use percent_encoding::{percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::model::iri::{self, ID, PG};

/// Everything but the unreserved characters and `/` is encoded in a link's
/// path, `%` too: the request's path decoded is the IRI's own text.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Everything but the unreserved characters, for a query parameter.
pub const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `text` safe inside HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Where an IRI is shown: the graph's own IRIs on this server
/// (`/id/…`, `/ontology#…`), any other IRI as itself.
pub fn href(iri: &str) -> String {
    if let Some(rest) = iri.strip_prefix(ID) {
        format!("/id/{}", percent_encode(rest.as_bytes(), PATH))
    } else if let Some(local) = iri.strip_prefix(PG) {
        format!("/ontology#{}", percent_encode(local.as_bytes(), COMPONENT))
    } else if iri == crate::rdf::ONTOLOGY_GRAPH {
        "/ontology".to_owned()
    } else {
        iri.to_owned()
    }
}

/// The IRI a request path under `/id/` stands for (the inverse of [`href`]).
pub fn iri_of_path(raw_rest: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw_rest)
        .decode_utf8()
        .ok()?;
    Some(format!("{ID}{decoded}"))
}

/// A term as HTML: a link for an IRI (its label when given, else its
/// prefixed name), a literal's text, a blank node's id.
pub fn term(term: &Term, label: Option<&str>) -> String {
    match term {
        Term::NamedNode(node) => {
            let shown = label
                .map(str::to_owned)
                .unwrap_or_else(|| iri::compact(node.as_str()));
            format!(
                r#"<a href="{}" title="{}">{}</a>"#,
                escape(&href(node.as_str())),
                escape(node.as_str()),
                escape(&shown)
            )
        }
        Term::Literal(literal) => escape(literal.value()),
        other => escape(&other.to_string()),
    }
}

/// A link to `iri` showing `text`.
pub fn link(iri: &str, text: &str) -> String {
    format!(
        r#"<a href="{}" title="{}">{}</a>"#,
        escape(&href(iri)),
        escape(iri),
        escape(text)
    )
}

/// The shared stylesheet of the pages and the workbench.
pub const STYLE: &str = include_str!("assets/style.css");

/// A whole page: the title, the navigation, `body`.
pub fn page(title: &str, body: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · plangraph</title>
<style>{STYLE}</style>
</head>
<body>
<header class="bar"><a class="brand" href="/">plangraph</a>
<nav><a href="/">Workbench</a><a href="/ontology">Ontology</a><a href="/sparql">SPARQL endpoint</a></nav></header>
<main class="page">
{body}
</main>
</body>
</html>
"#,
        title = escape(title),
    )
}
