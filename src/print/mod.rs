//! Rendering of query results, shared by `plangraph query` and the REPL.
//!
//! "How" ([`OutputFormat`]) is separate from "how much" ([`PrintOptions`]:
//! row limit, truncation). Everything writes to an injected `&mut dyn Write`,
//! never to stdout directly. The standard formats (CSV, TSV, JSON, XML for
//! solutions; Turtle, N-Triples for graphs) come from oxigraph's own
//! serializers; only the human table is ours ([`table`]).

pub mod table;

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;

use crate::model::iri::PREFIXES;
use crate::store::StoreError;

/// Result formats of `query` and the REPL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Aligned text table (SELECT/ASK)
    Table,
    /// Comma-separated values, W3C SPARQL CSV (SELECT/ASK)
    Csv,
    /// Tab-separated values, W3C SPARQL TSV (SELECT/ASK)
    Tsv,
    /// W3C SPARQL 1.1 Query Results JSON (SELECT/ASK)
    Json,
    /// W3C SPARQL Query Results XML (SELECT/ASK)
    Xml,
    /// Turtle (CONSTRUCT/DESCRIBE)
    Ttl,
    /// N-Triples (CONSTRUCT/DESCRIBE)
    Nt,
}

/// How much of a result to show, and how.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    pub format: OutputFormat,
    /// Rows shown in a table; the rest are counted. `None` shows all.
    pub max_rows: Option<usize>,
    /// Show long literals in full instead of truncating them with `…`.
    pub wide: bool,
    /// CSV and TSV cells as the table shows them: IRIs as prefixed names
    /// (`unit:省科技厅`), literals by their value. Off, they follow the W3C
    /// SPARQL CSV/TSV formats (full IRIs; TSV in Turtle syntax).
    pub prefixed: bool,
    /// Tells whether the output is read no more (a closed pipe): rows past
    /// `max_rows` are counted without writing, so only this can notice
    /// that nobody waits for the count.
    pub output_gone: Option<fn() -> bool>,
}

impl Default for PrintOptions {
    fn default() -> Self {
        Self {
            format: OutputFormat::Table,
            max_rows: None,
            wide: false,
            prefixed: false,
            output_gone: None,
        }
    }
}

/// The UTF-8 byte-order mark, which Excel on Windows needs to read a CSV
/// file as UTF-8 rather than the system code page.
pub const BOM: &str = "\u{feff}";

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Query(#[from] StoreError),
    #[error("format '{format}' does not fit a {kind} result (use {hint})")]
    WrongFormat {
        format: &'static str,
        kind: &'static str,
        hint: &'static str,
    },
}

/// What was printed, for the row count and timing line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Printed {
    Rows(usize),
    Boolean(bool),
    Triples(usize),
}

impl std::fmt::Display for Printed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Printed::Rows(1) => write!(f, "1 row"),
            Printed::Rows(n) => write!(f, "{n} rows"),
            Printed::Boolean(b) => write!(f, "{b}"),
            Printed::Triples(1) => write!(f, "1 triple"),
            Printed::Triples(n) => write!(f, "{n} triples"),
        }
    }
}

impl OutputFormat {
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Table => "table",
            OutputFormat::Csv => "csv",
            OutputFormat::Tsv => "tsv",
            OutputFormat::Json => "json",
            OutputFormat::Xml => "xml",
            OutputFormat::Ttl => "ttl",
            OutputFormat::Nt => "nt",
        }
    }

    /// Parses a format name as typed in the REPL (`\format csv`).
    pub fn from_name(name: &str) -> Option<Self> {
        <Self as clap::ValueEnum>::from_str(name.trim(), true).ok()
    }

    fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            OutputFormat::Csv => Some(QueryResultsFormat::Csv),
            OutputFormat::Tsv => Some(QueryResultsFormat::Tsv),
            OutputFormat::Json => Some(QueryResultsFormat::Json),
            OutputFormat::Xml => Some(QueryResultsFormat::Xml),
            _ => None,
        }
    }

    fn rdf_format(self) -> Option<RdfFormat> {
        match self {
            OutputFormat::Ttl => Some(RdfFormat::Turtle),
            OutputFormat::Nt => Some(RdfFormat::NTriples),
            _ => None,
        }
    }
}

/// Prints one query result. A graph result printed with a solutions format
/// (or the reverse) falls back to the natural format for the result when
/// the format was not chosen explicitly (`explicit == false`).
pub fn print_results(
    out: &mut dyn Write,
    results: QueryResults<'static>,
    options: &PrintOptions,
    explicit: bool,
) -> Result<Printed, PrintError> {
    match results {
        QueryResults::Solutions(solutions) => {
            let format = match options.format {
                OutputFormat::Ttl | OutputFormat::Nt if !explicit => OutputFormat::Table,
                OutputFormat::Ttl | OutputFormat::Nt => {
                    return Err(PrintError::WrongFormat {
                        format: options.format.name(),
                        kind: "SELECT",
                        hint: "table, csv, tsv, json or xml",
                    })
                }
                other => other,
            };
            if format == OutputFormat::Table {
                return table::write_solutions(out, solutions, options).map(Printed::Rows);
            }
            if options.prefixed && matches!(format, OutputFormat::Csv | OutputFormat::Tsv) {
                return write_prefixed(out, solutions, format == OutputFormat::Tsv)
                    .map(Printed::Rows);
            }
            let serializer = QueryResultsSerializer::from_format(
                format.results_format().unwrap_or(QueryResultsFormat::Csv),
            );
            let variables = solutions.variables().to_vec();
            let mut writer = serializer.serialize_solutions_to_writer(&mut *out, variables)?;
            let mut rows = 0;
            for solution in solutions {
                let solution = solution.map_err(|e| PrintError::Query(evaluation(e)))?;
                writer.serialize(&solution)?;
                rows += 1;
            }
            writer.finish()?;
            Ok(Printed::Rows(rows))
        }
        QueryResults::Boolean(value) => {
            match options.format {
                OutputFormat::Ttl | OutputFormat::Nt if explicit => {
                    return Err(PrintError::WrongFormat {
                        format: options.format.name(),
                        kind: "ASK",
                        hint: "table, csv, tsv, json or xml",
                    })
                }
                OutputFormat::Table | OutputFormat::Ttl | OutputFormat::Nt => {
                    writeln!(out, "{value}")?;
                }
                other => {
                    let serializer = QueryResultsSerializer::from_format(
                        other.results_format().unwrap_or(QueryResultsFormat::Csv),
                    );
                    serializer.serialize_boolean_to_writer(&mut *out, value)?;
                    if matches!(other, OutputFormat::Csv | OutputFormat::Tsv) {
                        writeln!(out)?;
                    }
                }
            }
            Ok(Printed::Boolean(value))
        }
        QueryResults::Graph(triples) => {
            let format = match options.format.rdf_format() {
                Some(format) => format,
                None if !explicit => RdfFormat::Turtle,
                None => {
                    return Err(PrintError::WrongFormat {
                        format: options.format.name(),
                        kind: "CONSTRUCT/DESCRIBE",
                        hint: "ttl or nt",
                    })
                }
            };
            write_graph(out, triples, format).map(Printed::Triples)
        }
    }
}

/// Triples gathered before a graph result is written. A result this small
/// (every CONSTRUCT and DESCRIBE a person reads) is sorted and deduplicated,
/// so that two runs print the same bytes; a larger one is written as the
/// evaluator produces it after its first triples (sorted), so that `| head`
/// ends at once and memory stays flat. The evaluator itself drops repeated
/// triples of a CONSTRUCT (within its own bounded memory).
pub const SORTED_TRIPLES: usize = 10_000;

/// Writes a CONSTRUCT or DESCRIBE result in `format` (see [`SORTED_TRIPLES`]);
/// returns how many triples were written.
fn write_graph(
    out: &mut dyn Write,
    triples: oxigraph::sparql::QueryTripleIter<'static>,
    format: RdfFormat,
) -> Result<usize, PrintError> {
    let mut triples = triples.peekable();
    let mut first = Vec::new();
    while first.len() < SORTED_TRIPLES {
        match triples.next() {
            Some(triple) => first.push(triple.map_err(|e| PrintError::Query(evaluation(e)))?),
            None => break,
        }
    }
    let streaming = triples.peek().is_some();
    first.sort_by_cached_key(|t| t.to_string());
    first.dedup();
    let mut serializer = RdfSerializer::from_format(format);
    if format == RdfFormat::Turtle {
        // Turtle declares its prefixes first: a streamed result declares
        // them all, as its later triples are not known yet.
        let prefixes = if streaming {
            PREFIXES.to_vec()
        } else {
            used_prefixes(first.iter().map(|t| t.to_string()))
        };
        for (prefix, ns) in prefixes {
            serializer = serializer
                .with_prefix(prefix, ns)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
        }
    }
    let mut writer = serializer.for_writer(&mut *out);
    for triple in &first {
        writer.serialize_triple(triple)?;
    }
    let mut written = first.len();
    drop(first);
    for triple in triples {
        let triple = triple.map_err(|e| PrintError::Query(evaluation(e)))?;
        writer.serialize_triple(&triple)?;
        written += 1;
    }
    writer.finish()?;
    Ok(written)
}

/// Whether standard output is read no more: a pipe whose reader has gone
/// (`| head`), or a terminal that hung up. Looked at without writing, for
/// work that writes nothing for a long time.
pub fn stdout_gone() -> bool {
    let mut fd = libc::pollfd {
        fd: libc::STDOUT_FILENO,
        events: libc::POLLOUT,
        revents: 0,
    };
    // SAFETY: one valid pollfd, and a zero timeout: poll returns at once.
    let ready = unsafe { libc::poll(&mut fd, 1, 0) };
    ready > 0 && fd.revents & (libc::POLLERR | libc::POLLHUP) != 0
}

/// CSV (RFC 4180 quoting) or TSV (tabs and line breaks escaped as `\t`,
/// `\n`, `\r`) with the table's cells: prefixed names and plain values.
fn write_prefixed(
    out: &mut dyn Write,
    solutions: oxigraph::sparql::QuerySolutionIter<'static>,
    tsv: bool,
) -> Result<usize, PrintError> {
    let field = |text: &str| -> String {
        if tsv {
            text.replace('\\', "\\\\")
                .replace('\t', "\\t")
                .replace('\n', "\\n")
                .replace('\r', "\\r")
        } else if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_owned()
        }
    };
    let separator = if tsv { "\t" } else { "," };
    let variables = solutions.variables().to_vec();
    let header: Vec<String> = variables.iter().map(|v| field(v.as_str())).collect();
    // CSV rows end in CRLF as RFC 4180 and the W3C CSV results format say.
    let end = if tsv { "\n" } else { "\r\n" };
    write!(out, "{}{end}", header.join(separator))?;
    let mut rows = 0;
    for solution in solutions {
        let solution = solution.map_err(|e| PrintError::Query(evaluation(e)))?;
        let cells: Vec<String> = variables
            .iter()
            .map(|v| field(&prefixed_cell(solution.get(v))))
            .collect();
        write!(out, "{}{end}", cells.join(separator))?;
        rows += 1;
    }
    Ok(rows)
}

/// A term as the table shows it, without the table's truncation or its
/// replacement of line breaks.
fn prefixed_cell(term: Option<&oxigraph::model::Term>) -> String {
    use oxigraph::model::Term;
    match term {
        None => String::new(),
        Some(Term::NamedNode(node)) => crate::model::iri::compact(node.as_str()),
        Some(Term::BlankNode(node)) => format!("_:{}", node.as_str()),
        Some(Term::Literal(literal)) => literal.value().to_owned(),
        #[allow(unreachable_patterns)]
        Some(other) => other.to_string(),
    }
}

/// The prefixes whose namespace occurs in some of `texts`, in declaration order.
pub fn used_prefixes(texts: impl Iterator<Item = String>) -> Vec<(&'static str, &'static str)> {
    let mut used = vec![false; PREFIXES.len()];
    for text in texts {
        for (i, (_, ns)) in PREFIXES.iter().enumerate() {
            if !used[i] && text.contains(ns) {
                used[i] = true;
            }
        }
    }
    PREFIXES
        .iter()
        .zip(used)
        .filter(|(_, u)| *u)
        .map(|(p, _)| *p)
        .collect()
}

fn evaluation(error: oxigraph::sparql::QueryEvaluationError) -> StoreError {
    crate::store::evaluation_error_plain(error)
}
