//! A SPARQL 1.1 query endpoint over HTTP as the graph (`--endpoint URL`):
//! Oxigraph server, Virtuoso, Fuseki, QLever, GraphDB, another `plangraph
//! serve`.
//!
//! Queries go to the endpoint as written, with the project's prefixes
//! declared in front (a store's own extensions are its business: nothing
//! is checked here). Results are read by oxigraph's SPARQL-results parser
//! (sparesults) and its RDF parser, and stream as they arrive. A timeout
//! bounds the whole request; a cancellation (Ctrl-C) returns at once and
//! leaves the request to end on its own thread.
//!
//! A store may cut an answer short and still say 200 OK: Virtuoso stops at
//! its `ResultSetMaxRows` (10,000 rows by default) and, past its
//! `MaxQueryExecutionTime`, sends what it has ("anytime" queries), saying
//! so only in a response header. Such an answer ends with a
//! [`RemoteError::Truncated`] after its last row, so that nothing reads it
//! as complete.

use std::io::Read;
use std::sync::mpsc;
use std::time::Duration;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, QuerySolutionIter, QueryTripleIter};

use super::backend::{Backend, RunOptions};
use super::error::{QueryError, RemoteError, StoreError, Truncation};
use crate::model::iri::PREFIXES;

/// Credentials for a store, from the environment or a netrc file (never
/// from the command line, which shells keep in their history).
#[derive(Clone)]
pub struct Credentials {
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials({}, ***)", self.user)
    }
}

/// A remote SPARQL query endpoint.
pub struct RemoteBackend {
    endpoint: String,
    agent: ureq::Agent,
    credentials: Option<Credentials>,
    /// `PREFIX p: <ns>` lines sent before every query.
    prologue: String,
}

/// What the requests say they accept: SPARQL JSON for SELECT and ASK,
/// N-Triples (then Turtle) for CONSTRUCT and DESCRIBE.
const ACCEPT: &str = "application/sparql-results+json, application/sparql-results+xml;q=0.9, application/n-triples;q=0.8, text/turtle;q=0.7, text/csv;q=0.1";

impl RemoteBackend {
    /// A backend for the query endpoint at `endpoint`.
    pub fn new(endpoint: &str, credentials: Option<Credentials>) -> Result<Self, StoreError> {
        if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
            return Err(RemoteError::NotHttp(endpoint.to_owned()).into());
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(concat!("plangraph/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        let prologue = PREFIXES
            .iter()
            .map(|(prefix, namespace)| format!("PREFIX {prefix}: <{namespace}>\n"))
            .collect();
        Ok(RemoteBackend {
            endpoint: endpoint.to_owned(),
            agent,
            credentials,
            prologue,
        })
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// POSTs the query (form-encoded, as every store takes it) and returns
    /// the response once its headers are in.
    fn request(
        &self,
        query: &str,
        timeout: Option<Duration>,
    ) -> Result<ureq::http::Response<ureq::Body>, StoreError> {
        let text = format!("{}{query}", self.prologue);
        let mut request = self
            .agent
            .post(&self.endpoint)
            .config()
            .timeout_global(timeout)
            .build()
            .header("Accept", ACCEPT);
        if let Some(credentials) = &self.credentials {
            request = request.header("Authorization", basic(credentials));
        }
        // The charset said outright: Virtuoso reads an unlabelled form as
        // Latin-1 and turns a Chinese literal in the query into `?`.
        let body: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("query", &text)
            .finish();
        let response = request
            .header(
                "Content-Type",
                "application/x-www-form-urlencoded; charset=UTF-8",
            )
            .send(body.as_bytes())
            .map_err(|source| match (&source, timeout) {
                (ureq::Error::Timeout(_), Some(limit)) => {
                    StoreError::Query(QueryError::TimedOut(limit.as_secs_f64()))
                }
                _ => RemoteError::Network {
                    endpoint: self.endpoint.clone(),
                    source: Box::new(source),
                }
                .into(),
            })?;
        let status = response.status().as_u16();
        if status >= 400 {
            let mut body = String::new();
            let _ = response
                .into_body()
                .into_reader()
                .take(4096)
                .read_to_string(&mut body);
            let message = body
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("no message")
                .to_owned();
            return Err(RemoteError::Status {
                endpoint: self.endpoint.clone(),
                status,
                message,
            }
            .into());
        }
        Ok(response)
    }

    fn results(
        &self,
        response: ureq::http::Response<ureq::Body>,
    ) -> Result<QueryResults<'static>, StoreError> {
        let cut = Truncation::of(response.headers()).map(|how| RemoteError::Truncated {
            endpoint: self.endpoint.clone(),
            how,
        });
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let reader = response.into_body().into_reader();
        let endpoint = self.endpoint.clone();
        let unreadable =
            move |source: Box<dyn std::error::Error + Send + Sync>| RemoteError::Results {
                endpoint: endpoint.clone(),
                source,
            };
        let results_format = match content_type.as_str() {
            "application/sparql-results+json" | "application/json" => {
                Some(QueryResultsFormat::Json)
            }
            "application/sparql-results+xml" | "application/xml" | "text/xml" => {
                Some(QueryResultsFormat::Xml)
            }
            "text/csv" => Some(QueryResultsFormat::Csv),
            "text/tab-separated-values" => Some(QueryResultsFormat::Tsv),
            _ => None,
        };
        if let Some(format) = results_format {
            let parsed = QueryResultsParser::from_format(format)
                .for_reader(reader)
                .map_err(|e| unreadable(Box::new(e)))?;
            return Ok(match parsed {
                ReaderQueryResultsParserOutput::Boolean(value) => QueryResults::Boolean(value),
                ReaderQueryResultsParserOutput::Solutions(solutions) => {
                    let variables: std::sync::Arc<[oxigraph::sparql::Variable]> =
                        solutions.variables().into();
                    QueryResults::Solutions(QuerySolutionIter::new(
                        variables,
                        then_cut(
                            solutions
                                .map(|s| s.map_err(|e| QueryEvaluationError::Service(Box::new(e)))),
                            cut,
                        ),
                    ))
                }
            });
        }
        let rdf_format = match content_type.as_str() {
            "application/n-triples" | "text/plain" => RdfFormat::NTriples,
            "text/turtle" | "application/x-turtle" => RdfFormat::Turtle,
            "application/rdf+xml" => RdfFormat::RdfXml,
            "application/n-quads" => RdfFormat::NQuads,
            _ => {
                return Err(RemoteError::UnknownFormat {
                    endpoint: self.endpoint.clone(),
                    content_type,
                }
                .into())
            }
        };
        let triples = RdfParser::from_format(rdf_format)
            .for_reader(reader)
            .map(|q| {
                q.map(oxigraph::model::Triple::from)
                    .map_err(|e| QueryEvaluationError::Service(Box::new(e)))
            });
        Ok(QueryResults::Graph(QueryTripleIter::new(then_cut(
            triples, cut,
        ))))
    }
}

impl Truncation {
    fn of(headers: &ureq::http::HeaderMap) -> Option<Truncation> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if let Some(rows) = header("x-sparql-maxrows") {
            return Some(Truncation::MaxRows(rows.trim().parse().unwrap_or(0)));
        }
        if header("x-sql-state").is_some_and(|state| state.trim() == "S1TAT") {
            return Some(Truncation::TimeLimit);
        }
        None
    }
}

/// `items`, then `cut` as an error if the store cut the answer.
fn then_cut<T: 'static>(
    items: impl Iterator<Item = Result<T, QueryEvaluationError>> + 'static,
    cut: Option<RemoteError>,
) -> impl Iterator<Item = Result<T, QueryEvaluationError>> + 'static {
    items.chain(cut.map(|error| Err(QueryEvaluationError::Service(Box::new(error)))))
}

/// True when `error` says that a store cut its answer short.
pub fn is_truncated(error: &StoreError) -> bool {
    // `StoreError::Remote` is transparent: its source is the remote
    // error's own source, so the remote error is looked at first.
    if matches!(error, StoreError::Remote(RemoteError::Truncated { .. })) {
        return true;
    }
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = cause {
        if matches!(
            error.downcast_ref::<RemoteError>(),
            Some(RemoteError::Truncated { .. })
        ) {
            return true;
        }
        cause = error.source();
    }
    false
}

/// `Basic base64(user:password)`.
fn basic(credentials: &Credentials) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("{}:{}", credentials.user, credentials.password);
    let bytes = input.as_bytes();
    let mut out = String::from("Basic ");
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl Backend for RemoteBackend {
    fn is_local(&self) -> bool {
        false
    }

    /// Nothing: the store decides what it accepts (its own extensions too).
    fn check(&self, _query: &str) -> Result<(), StoreError> {
        Ok(())
    }

    fn run(&self, query: &str, options: &RunOptions) -> Result<QueryResults<'static>, StoreError> {
        let Some(cancel) = options.cancel.clone() else {
            let response = self.request(query, options.timeout)?;
            return self.results(response);
        };
        // The request on a thread of its own, so that a cancellation
        // returns at once.
        let (sender, receiver) = mpsc::channel();
        let (query, timeout) = (query.to_owned(), options.timeout);
        let backend = RemoteBackend {
            endpoint: self.endpoint.clone(),
            agent: self.agent.clone(),
            credentials: self.credentials.clone(),
            prologue: self.prologue.clone(),
        };
        std::thread::spawn(move || {
            let _ = sender.send(backend.request(&query, timeout));
        });
        loop {
            match receiver.recv_timeout(Duration::from_millis(5)) {
                Ok(response) => return self.results(response?),
                Err(mpsc::RecvTimeoutError::Timeout) if cancel.is_cancelled() => {
                    return Err(QueryError::Cancelled.into())
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(QueryError::Cancelled.into())
                }
            }
        }
    }
}

/// A SPARQL 1.1 Graph Store HTTP Protocol endpoint (`push`): Oxigraph's
/// `/store`, Virtuoso's `/sparql-graph-crud`, Fuseki's `/DATASET/data`.
pub struct GraphStore {
    url: String,
    agent: ureq::Agent,
    credentials: Option<Credentials>,
}

impl GraphStore {
    pub fn new(url: &str, credentials: Option<Credentials>) -> Result<Self, StoreError> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(RemoteError::NotHttp(url.to_owned()).into());
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(concat!("plangraph/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(GraphStore {
            url: url.to_owned(),
            agent,
            credentials,
        })
    }

    /// The URL of `graph` (`None`: the default graph), as the protocol
    /// names it: `?graph=IRI` or `?default`.
    fn graph_url(&self, graph: Option<&str>) -> String {
        let separator = if self.url.contains('?') { '&' } else { '?' };
        match graph {
            Some(iri) => format!(
                "{}{separator}graph={}",
                self.url,
                form_urlencoded::byte_serialize(iri.as_bytes()).collect::<String>()
            ),
            None => format!("{}{separator}default", self.url),
        }
    }

    /// Sends N-Triples to `graph`: `replace` puts them in place of what the
    /// graph held (PUT), else they are added (POST).
    pub fn send(
        &self,
        graph: Option<&str>,
        ntriples: Vec<u8>,
        replace: bool,
    ) -> Result<(), StoreError> {
        let url = self.graph_url(graph);
        let request = if replace {
            self.agent.put(&url)
        } else {
            self.agent.post(&url)
        };
        let mut request = request.header("Content-Type", "application/n-triples");
        if let Some(credentials) = &self.credentials {
            request = request.header("Authorization", basic(credentials));
        }
        let response = request
            .send(&ntriples[..])
            .map_err(|source| RemoteError::Network {
                endpoint: self.url.clone(),
                source: Box::new(source),
            })?;
        let status = response.status().as_u16();
        if status >= 400 {
            let mut body = String::new();
            let _ = response
                .into_body()
                .into_reader()
                .take(4096)
                .read_to_string(&mut body);
            return Err(RemoteError::Status {
                endpoint: url,
                status,
                message: body
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .unwrap_or("no message")
                    .to_owned(),
            }
            .into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_base64() {
        let credentials = Credentials {
            user: "Aladdin".into(),
            password: "open sesame".into(),
        };
        assert_eq!(basic(&credentials), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        let short = Credentials {
            user: "a".into(),
            password: "b".into(),
        };
        assert_eq!(basic(&short), "Basic YTpi");
    }

    #[test]
    fn only_http_urls_are_endpoints() {
        assert!(matches!(
            RemoteBackend::new("ftp://x/sparql", None),
            Err(StoreError::Remote(RemoteError::NotHttp(_)))
        ));
    }
}
