//! Saved graph files: sorted and free of duplicates, whether the quads come
//! from a store or straight from the records (`build -o` builds no store).
//!
//! Saving sorts the quads by their N-Quads text, so that two saves of the
//! same graph are byte-identical. N-Quads and N-Triples are line formats:
//! each quad is written as its text once, sorted as text, and duplicates are
//! dropped as equal neighbours. Turtle and TriG need the serializer (prefixes,
//! grouping), so their quads are kept and serialized in the same order.
//! HDT (`.hdt`) keeps the quads too and hands the default graph to the hdt
//! crate, which builds the dictionary and the indexed triples.

use std::path::Path;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Quad;
use rayon::prelude::*;

use crate::files::{graph_file, output_directory, write_atomically, FileError, GraphFile};
use crate::model::iri::PREFIXES;

/// Quads gathered for one graph file, written by [`GraphWriter::write`].
pub struct GraphWriter {
    /// The RDF text format; unused for HDT.
    format: RdfFormat,
    gathered: Gathered,
}

enum Gathered {
    /// N-Quads text of each quad (`s p o g`, no ` .`) and the length of its
    /// triple part (`s p o`), which is what N-Triples writes.
    Lines(Vec<(String, usize)>),
    Quads(Vec<Quad>),
    /// For an HDT file.
    Hdt(Vec<Quad>),
}

impl GraphWriter {
    /// A writer for `path`, in the format its extension names; the format
    /// and the directory are checked here, before any work.
    pub fn for_path(path: &Path) -> Result<Self, FileError> {
        let kind = graph_file(path)?;
        output_directory(path)?;
        let (format, gathered) = match kind {
            GraphFile::Rdf(format @ (RdfFormat::NQuads | RdfFormat::NTriples)) => {
                (format, Gathered::Lines(Vec::new()))
            }
            GraphFile::Rdf(format) => (format, Gathered::Quads(Vec::new())),
            GraphFile::Hdt => (RdfFormat::NQuads, Gathered::Hdt(Vec::new())),
        };
        Ok(Self { format, gathered })
    }

    /// Adds quads; the same quad may be added more than once.
    pub fn add(&mut self, quads: Vec<Quad>) {
        match &mut self.gathered {
            Gathered::Lines(lines) => {
                // Formatting is most of the cost: both cores share it.
                lines.par_extend(quads.into_par_iter().map(|quad| line_of(&quad)));
            }
            Gathered::Quads(all) | Gathered::Hdt(all) => all.extend(quads),
        }
    }

    /// Writes the file atomically (temporary file, then rename).
    pub fn write(self, path: &Path) -> Result<(), FileError> {
        let format = self.format;
        match self.gathered {
            Gathered::Hdt(quads) => {
                let triples =
                    crate::hdt_file::hdt_triples(quads).map_err(|message| FileError::Write {
                        path: path.to_owned(),
                        reason: std::io::Error::other(message),
                    })?;
                write_atomically(path, |out| crate::hdt_file::write_hdt(&triples, out))
            }
            Gathered::Lines(mut lines) => {
                // Equal texts are equal quads, so an unstable sort gives the
                // same file as a stable one.
                lines.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
                lines.dedup_by(|a, b| a.0 == b.0);
                let triples_only = format == RdfFormat::NTriples;
                write_atomically(path, |out| {
                    write_header(out, lines.len())?;
                    for (line, triple_len) in &lines {
                        let text = if triples_only {
                            &line[..*triple_len]
                        } else {
                            line
                        };
                        out.write_all(text.as_bytes())?;
                        out.write_all(b" .\n")?;
                    }
                    Ok(())
                })
            }
            Gathered::Quads(mut quads) => {
                // Keys are whole quads, so the parallel sort gives the same
                // order as a sequential one.
                quads.par_sort_by_cached_key(|q| q.to_string());
                quads.dedup();
                write_atomically(path, |out| {
                    write_header(out, quads.len())?;
                    let mut serializer = RdfSerializer::from_format(format);
                    for (prefix, ns) in PREFIXES {
                        serializer = serializer
                            .with_prefix(*prefix, *ns)
                            .map_err(|e| std::io::Error::other(e.to_string()))?;
                    }
                    let mut writer = serializer.for_writer(&mut *out);
                    for quad in &quads {
                        if format.supports_datasets() {
                            writer.serialize_quad(quad)?;
                        } else {
                            writer.serialize_triple(quad.as_ref())?;
                        }
                    }
                    writer.finish()?;
                    Ok(())
                })
            }
        }
    }
}

/// The comment that opens every saved graph: `# plangraph: N statements`.
/// RDF readers skip it; [`crate::store::PlanStore::load_file`] compares it
/// with what it parsed, so a file cut short (even at a line boundary, where
/// every line left is valid) is refused instead of loading as part of a
/// graph. A graph from another tool has no such line and loads as it is.
pub const HEADER_PREFIX: &str = "# plangraph: ";

fn write_header(out: &mut dyn std::io::Write, statements: usize) -> std::io::Result<()> {
    writeln!(out, "{HEADER_PREFIX}{statements} statements")
}

/// The statement count a saved graph's first line declares, if it is the
/// header.
pub fn declared_statements(first_line: &str) -> Option<usize> {
    first_line
        .trim_end()
        .strip_prefix(HEADER_PREFIX)?
        .strip_suffix(" statements")?
        .parse()
        .ok()
}

/// The N-Quads text of a quad without its final ` .` (what oxigraph's
/// N-Quads and N-Triples serializers write before it), and the length of its
/// triple part.
fn line_of(quad: &Quad) -> (String, usize) {
    use std::fmt::Write;
    let mut line = String::with_capacity(160);
    // Writing to a String cannot fail.
    let _ = write!(line, "{} {} {}", quad.subject, quad.predicate, quad.object);
    let triple_len = line.len();
    if !quad.graph_name.is_default_graph() {
        let _ = write!(line, " {}", quad.graph_name);
    }
    (line, triple_len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal, NamedNode};

    fn quad(s: &str, o: &str, graph: Option<&str>) -> Quad {
        Quad::new(
            NamedNode::new_unchecked(format!("http://e/{s}")),
            NamedNode::new_unchecked("http://e/p"),
            Literal::new_simple_literal(o),
            graph.map_or(GraphName::DefaultGraph, |g| {
                NamedNode::new_unchecked(format!("http://e/{g}")).into()
            }),
        )
    }

    /// What oxigraph's own serializer writes for `quads`, in the order of
    /// their text, duplicates dropped: the line path must give the same bytes.
    fn serialized(format: RdfFormat, quads: &[Quad]) -> Vec<u8> {
        let mut sorted = quads.to_vec();
        sorted.sort_by_key(|q| q.to_string());
        sorted.dedup();
        let mut writer = RdfSerializer::from_format(format).for_writer(Vec::new());
        for quad in &sorted {
            if format.supports_datasets() {
                writer.serialize_quad(quad).unwrap();
            } else {
                writer.serialize_triple(quad.as_ref()).unwrap();
            }
        }
        writer.finish().unwrap()
    }

    #[test]
    fn line_formats_match_the_serializer_sorted_and_without_duplicates() {
        let quads = vec![
            quad("b", "tab\there \"quoted\" \\ 山东\nnext", Some("g")),
            quad("a", "x", None),
            quad("b", "tab\there \"quoted\" \\ 山东\nnext", Some("g")),
            quad("a", "x", Some("g")),
            quad("a", "x2", Some("g")),
            quad("c", "", Some("h")),
        ];
        let dir = tempfile::tempdir().unwrap();
        for (name, format) in [("g.nq", RdfFormat::NQuads), ("g.nt", RdfFormat::NTriples)] {
            let path = dir.path().join(name);
            let mut writer = GraphWriter::for_path(&path).unwrap();
            let (first, second) = quads.split_at(3);
            writer.add(first.to_vec());
            writer.add(second.to_vec());
            writer.write(&path).unwrap();
            let written = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
            let expected = String::from_utf8(serialized(format, &quads)).unwrap();
            let header = format!("# plangraph: {} statements\n", expected.lines().count());
            assert_eq!(written, header + &expected, "{name}");
        }
    }

    #[test]
    fn turtle_is_sorted_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.ttl");
        let mut writer = GraphWriter::for_path(&path).unwrap();
        writer.add(vec![quad("b", "y", None), quad("a", "x", None)]);
        writer.add(vec![quad("a", "x", None)]);
        writer.write(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches("\"x\"").count(), 1, "{text}");
        assert!(
            text.find("/a>").unwrap() < text.find("/b>").unwrap(),
            "{text}"
        );
    }

    #[test]
    fn an_unknown_extension_is_refused_before_any_work() {
        assert!(matches!(
            GraphWriter::for_path(Path::new("graph.txt")),
            Err(FileError::UnknownGraphFormat(_))
        ));
    }
}
