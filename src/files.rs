//! Files on disk that the commands read and write: a graph file's format
//! from its extension, the directory an output goes in, atomic writes
//! (through `output_file.rs`), and what goes wrong with them.

use std::io::Write;
use std::path::{Path, PathBuf};

use oxigraph::io::RdfFormat;

/// A file that cannot be read, parsed or written.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    // The io error is part of the one-line message, not a `source`: `main`
    // prints the chain, which would repeat it.
    #[error("cannot read graph file {}: {reason}", .path.display())]
    ReadGraph {
        path: PathBuf,
        reason: std::io::Error,
    },
    #[error("graph file {} is not valid {format}: {message}", .path.display())]
    ParseGraph {
        path: PathBuf,
        format: &'static str,
        message: String,
    },
    #[error(
        "cannot tell the RDF format of {} from its extension (use .nq, .nt, .ttl, .trig or .hdt)",
        .0.display()
    )]
    UnknownGraphFormat(PathBuf),
    #[error("cannot write {}: {reason}", .path.display())]
    Write {
        path: PathBuf,
        reason: std::io::Error,
    },
}

/// The kind of a graph file, from its extension: an RDF text format, or
/// HDT (queried in place, `store/hdt.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFile {
    Rdf(RdfFormat),
    Hdt,
}

/// The kind of a graph file, from its extension.
pub fn graph_file(path: &Path) -> Result<GraphFile, FileError> {
    if is_hdt(path) {
        return Ok(GraphFile::Hdt);
    }
    graph_format(path).map(GraphFile::Rdf)
}

/// True for a `.hdt` file name.
pub fn is_hdt(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("hdt"))
}

/// The RDF text format of a graph file, from its extension (an HDT file
/// is not one: see [`graph_file`]).
pub fn graph_format(path: &Path) -> Result<RdfFormat, FileError> {
    // Only the extensions `build -o` writes; oxigraph would also read `.txt`
    // as N-Triples, which turns a plan document given by mistake into a
    // confusing parse error.
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("nq") => Ok(RdfFormat::NQuads),
        Some("nt") => Ok(RdfFormat::NTriples),
        Some("ttl") => Ok(RdfFormat::Turtle),
        Some("trig") => Ok(RdfFormat::TriG),
        _ => Err(FileError::UnknownGraphFormat(path.to_owned())),
    }
}

/// The directory `path` will be written in, which must exist: checked before
/// any work, so that `build -o no/such/dir/g.nq` fails at once.
pub fn output_directory(path: &Path) -> Result<&Path, FileError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(FileError::Write {
            path: path.to_owned(),
            reason: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("there is no directory {}", dir.display()),
            ),
        })
    }
}

/// Writes a file atomically without replacing what must not be replaced
/// (`output_file.rs`); `path`'s directory must exist.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), FileError> {
    output_directory(path)?;
    crate::output_file::write_atomically(path, write).map_err(|reason| FileError::Write {
        path: path.to_owned(),
        reason,
    })
}
