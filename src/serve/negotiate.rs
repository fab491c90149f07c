//! Content negotiation: the `Accept` header (RFC 9110 media ranges with
//! q-values) or a `format=` parameter picks the format of an answer among
//! those its kind can take.

use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::QueryResultsFormat;

/// A format a response can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Results(QueryResultsFormat),
    Rdf(RdfFormat),
    Html,
}

impl Format {
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Results(QueryResultsFormat::Json) => "application/sparql-results+json",
            Format::Results(QueryResultsFormat::Xml) => "application/sparql-results+xml",
            Format::Results(QueryResultsFormat::Csv) => "text/csv; charset=utf-8",
            Format::Results(QueryResultsFormat::Tsv) => "text/tab-separated-values; charset=utf-8",
            Format::Results(_) => "application/octet-stream",
            Format::Rdf(RdfFormat::Turtle) => "text/turtle; charset=utf-8",
            Format::Rdf(RdfFormat::NTriples) => "application/n-triples",
            Format::Rdf(RdfFormat::JsonLd { .. }) => "application/ld+json",
            Format::Rdf(RdfFormat::RdfXml) => "application/rdf+xml",
            Format::Rdf(_) => "application/octet-stream",
            Format::Html => "text/html; charset=utf-8",
        }
    }
}

/// The formats of SELECT and ASK results, the first the default.
pub const RESULTS: &[Format] = &[
    Format::Results(QueryResultsFormat::Json),
    Format::Results(QueryResultsFormat::Xml),
    Format::Results(QueryResultsFormat::Csv),
    Format::Results(QueryResultsFormat::Tsv),
];

/// The formats of graphs (CONSTRUCT, DESCRIBE, a resource), the first the
/// default.
pub const GRAPHS: &[Format] = &[
    Format::Rdf(RdfFormat::Turtle),
    Format::Rdf(RdfFormat::NTriples),
    Format::Rdf(RdfFormat::JsonLd {
        profile: oxigraph::io::JsonLdProfileSet::empty(),
    }),
    Format::Rdf(RdfFormat::RdfXml),
];

/// The media types each format also answers to.
fn names(format: Format) -> &'static [&'static str] {
    match format {
        Format::Results(QueryResultsFormat::Json) => {
            &["application/sparql-results+json", "application/json"]
        }
        Format::Results(QueryResultsFormat::Xml) => &[
            "application/sparql-results+xml",
            "application/xml",
            "text/xml",
        ],
        Format::Results(QueryResultsFormat::Csv) => &["text/csv"],
        Format::Results(QueryResultsFormat::Tsv) => &["text/tab-separated-values"],
        Format::Results(_) => &[],
        Format::Rdf(RdfFormat::Turtle) => &["text/turtle", "application/x-turtle"],
        Format::Rdf(RdfFormat::NTriples) => &["application/n-triples", "text/plain"],
        Format::Rdf(RdfFormat::JsonLd { .. }) => &["application/ld+json", "application/json"],
        Format::Rdf(RdfFormat::RdfXml) => &["application/rdf+xml", "application/xml"],
        Format::Rdf(_) => &[],
        Format::Html => &["text/html", "application/xhtml+xml"],
    }
}

/// The short names `format=` takes.
fn short_names(format: Format) -> &'static [&'static str] {
    match format {
        Format::Results(QueryResultsFormat::Json) => &["json", "srj"],
        Format::Results(QueryResultsFormat::Xml) => &["xml", "srx"],
        Format::Results(QueryResultsFormat::Csv) => &["csv"],
        Format::Results(QueryResultsFormat::Tsv) => &["tsv"],
        Format::Results(_) => &[],
        Format::Rdf(RdfFormat::Turtle) => &["ttl", "turtle"],
        Format::Rdf(RdfFormat::NTriples) => &["nt", "ntriples", "n-triples"],
        Format::Rdf(RdfFormat::JsonLd { .. }) => &["jsonld", "json-ld", "json"],
        Format::Rdf(RdfFormat::RdfXml) => &["rdf", "rdfxml", "xml"],
        Format::Rdf(_) => &[],
        Format::Html => &["html"],
    }
}

/// Picks one of `offered` (the first is the default): `format=` wins, else
/// the acceptable type with the highest q-value (the more specific range on
/// a tie, then the server's order). `Err` says what could not be met.
pub fn choose(
    offered: &[Format],
    accept: Option<&str>,
    format: Option<&str>,
) -> Result<Format, String> {
    if let Some(name) = format.map(str::trim).filter(|f| !f.is_empty()) {
        let lower = name.to_ascii_lowercase();
        return offered
            .iter()
            .copied()
            .find(|f| {
                short_names(*f).contains(&lower.as_str()) || names(*f).contains(&lower.as_str())
            })
            .ok_or_else(|| {
                let known: Vec<&str> = offered.iter().map(|f| short_names(*f)[0]).collect();
                format!(
                    "format={name} is not offered here; use one of {}",
                    known.join(", ")
                )
            });
    }
    let Some(accept) = accept.map(str::trim).filter(|a| !a.is_empty()) else {
        return Ok(offered[0]);
    };
    // (q, specificity, -index): the best is the largest.
    let mut best: Option<((u16, u8, isize), Format)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let mut q: u16 = 1000;
        for parameter in parts {
            if let Some((key, value)) = parameter.split_once('=') {
                if key.trim().eq_ignore_ascii_case("q") {
                    q = (value.trim().parse::<f32>().unwrap_or(0.0).clamp(0.0, 1.0) * 1000.0)
                        as u16;
                }
            }
        }
        if q == 0 {
            continue;
        }
        for (index, format) in offered.iter().enumerate() {
            let specificity = if names(*format).contains(&media.as_str()) {
                2
            } else if media == "*/*"
                || media
                    .strip_suffix("/*")
                    .is_some_and(|kind| names(*format)[0].starts_with(&format!("{kind}/")))
            {
                if media == "*/*" {
                    0
                } else {
                    1
                }
            } else {
                continue;
            };
            let rank = (q, specificity, -(index as isize));
            if best.as_ref().is_none_or(|(b, _)| rank > *b) {
                best = Some((rank, *format));
            }
        }
    }
    best.map(|(_, format)| format).ok_or_else(|| {
        let types: Vec<&str> = offered.iter().map(|f| names(*f)[0]).collect();
        format!(
            "none of the types in the Accept header ({accept}) is offered here: {}",
            types.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_headers_pick_the_best_offered_type() {
        let json = RESULTS[0];
        let xml = RESULTS[1];
        let csv = RESULTS[2];
        assert_eq!(choose(RESULTS, None, None), Ok(json));
        assert_eq!(choose(RESULTS, Some("*/*"), None), Ok(json));
        assert_eq!(choose(RESULTS, Some("text/csv"), None), Ok(csv));
        assert_eq!(
            choose(
                RESULTS,
                Some("application/sparql-results+xml;q=0.9, application/sparql-results+json;q=0.1"),
                None
            ),
            Ok(xml)
        );
        // SPARQLWrapper's header for JSON.
        assert_eq!(
            choose(
                RESULTS,
                Some("application/sparql-results+json,application/json,text/javascript,application/javascript"),
                None
            ),
            Ok(json)
        );
        assert_eq!(choose(RESULTS, Some("text/*"), None), Ok(csv));
        assert!(choose(RESULTS, Some("image/png"), None).is_err());
        assert_eq!(
            choose(RESULTS, Some("image/png"), Some("tsv")),
            Ok(RESULTS[3])
        );
        assert!(choose(RESULTS, None, Some("ttl")).is_err());
        assert_eq!(
            choose(GRAPHS, Some("application/ld+json"), None),
            Ok(GRAPHS[2])
        );
        assert_eq!(
            choose(GRAPHS, Some("text/html;q=0.9,*/*;q=0.8"), None),
            Ok(GRAPHS[0])
        );
    }
}
