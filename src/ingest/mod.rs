//! Text in, records and diagnostics out. Pure: no I/O, never touches the store.
//!
//! Parsing never fails on content: whatever looks wrong in a document becomes
//! a [`Diagnostic`](crate::model::Diagnostic) with file and line next to the
//! records that could be extracted. Only a file that is not text at all
//! (empty, binary, undecodable) is an [`IngestError`].
//!
//! Pipeline per document (documents are parsed in parallel, merged in input
//! order): `decode` (bytes → text) → `segment` (lines → paragraphs, page
//! breaks repaired) → `structure` / `infer` (paragraphs → plans, sections,
//! tasks; `task` fills each task) → `merge` (one corpus, duplicates merged).

pub mod attribution;
pub mod embedded;
pub mod entities;
pub mod units;

mod brackets;
mod decode;
mod infer;
mod merge;
pub mod normalize;
mod segment;
mod structure;
mod task;

use rayon::prelude::*;

use crate::model::Corpus;

pub use embedded::embedded_sources;

/// One input document: its file name and its raw bytes.
#[derive(Debug, Clone)]
pub struct Source {
    /// File name only (no directory), e.g. `sd-2022-three-tens.txt`.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A source that is not a text document at all.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IngestError {
    /// The file holds nothing but whitespace.
    #[error("{file} is empty: there is no text to ingest")]
    Empty { file: String },
    /// The file holds bytes that text never has (NUL, control characters).
    #[error("{file} is not a text document (binary data at byte {offset})")]
    Binary { file: String, offset: usize },
    /// The file is not valid UTF-8 and not valid GB18030 either.
    #[error("{file} is neither UTF-8 nor GB18030 text")]
    Undecodable { file: String },
}

/// Ingests a set of documents into one corpus.
///
/// Documents are parsed in parallel and merged in the order given, so the
/// result is identical across runs. Fails on the first source (in input
/// order) that is not text.
pub fn ingest(sources: &[Source]) -> Result<Corpus, IngestError> {
    let parsed: Vec<Result<structure::DocOut, IngestError>> = sources
        .par_iter()
        .map(|source| {
            let decoded = decode::decode(&source.name, &source.bytes)?;
            Ok(structure::build_document(
                &source.name,
                &decoded.text,
                decoded.encoding,
            ))
        })
        .collect();
    let docs = parsed.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(merge::merge(docs))
}
