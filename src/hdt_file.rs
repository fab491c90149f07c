//! The HDT file format as plangraph writes and reads it: the standard
//! sections (header, dictionary, bitmap triples) written by the hdt crate,
//! then the indexes the crate builds from the triples when it reads a file,
//! stored so that opening does not rebuild them, and a trailer that locates
//! them. Querying the file is `store/hdt.rs`'s; writing it is
//! `graph_writer.rs`'s, through [`hdt_triples`] and [`write_hdt`].

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom, Write};

use hdt::triples::TriplesBitmap;
use hdt::Hdt;
use oxigraph::model::{GraphNameRef, Quad, Term};

mod dictionary;

/// The text of a term in an HDT dictionary: an IRI bare, a literal and a
/// blank node in N-Triples syntax. `build -o graph.hdt` writes terms this
/// way and queries look them up this way.
pub fn hdt_text(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::BlankNode(b) => b.to_string(),
        Term::Literal(l) => l.to_string(),
    }
}

pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The default graph of `quads` as the dictionary texts of its triples,
/// sorted and without duplicates; the ontology's named graph is left out
/// (it is the binary's, see the module's comment). Any other named graph is
/// refused: an HDT file holds one graph.
pub fn hdt_triples(quads: Vec<Quad>) -> Result<Vec<[String; 3]>, String> {
    use rayon::prelude::*;
    if let Some(other) = quads.iter().find(|q| match q.graph_name.as_ref() {
        GraphNameRef::DefaultGraph => false,
        GraphNameRef::NamedNode(n) => n.as_str() != crate::rdf::ONTOLOGY_GRAPH,
        GraphNameRef::BlankNode(_) => true,
    }) {
        return Err(format!(
            "an HDT file holds the default graph only, and the graph has the named graph {}",
            other.graph_name
        ));
    }
    let mut triples: Vec<[String; 3]> = quads
        .into_par_iter()
        .filter(|q| q.graph_name.is_default_graph())
        .map(|q| {
            [
                hdt_text(&q.subject.into()),
                q.predicate.into_string(),
                hdt_text(&q.object),
            ]
        })
        .collect();
    triples.par_sort_unstable();
    triples.dedup();
    Ok(triples)
}

/// The mark at the very end of an HDT file written by plangraph: the
/// triples' indexes are stored after the standard sections.
const INDEX_MAGIC: &[u8; 8] = b"PGHDTIX1";
/// Offset and length of the stored indexes (8 bytes each), their CRC-32
/// (4), the mark (8).
const TRAILER_LEN: u64 = 28;

fn index_encoding() -> impl bincode::config::Config {
    // Fixed-width integers: the indexes are mostly large integer arrays,
    // which decode faster without variable-length integers.
    bincode::config::standard().with_fixed_int_encoding()
}

/// Writes `triples` ([`hdt_triples`]) as an HDT file to `out`: the standard
/// sections (header, dictionary, bitmap triples), which any HDT reader
/// reads, then the indexes the hdt crate builds from the triples when it
/// opens a file (the predicate wavelet matrix and the object index) and a
/// trailer that locates them. Opening a file with the trailer reads the
/// indexes instead of rebuilding them: at 100x the corpus, 2 s of the
/// open.
pub fn write_hdt(triples: &[[String; 3]], out: &mut dyn Write) -> std::io::Result<()> {
    if triples.is_empty() {
        return Err(std::io::Error::other("the graph holds no triples"));
    }
    let hdt = Hdt::from_triples(
        triples.iter().map(|t| t.each_ref()),
        "https://w3id.org/plangraph/graph",
    )?;
    let mut out = Counting {
        inner: std::io::BufWriter::new(out),
        written: 0,
    };
    hdt.write(&mut out)
        .map_err(|e| std::io::Error::other(error_chain(&e)))?;
    let offset = out.written;
    let index = bincode::serde::encode_to_vec(&hdt.triples, index_encoding())
        .map_err(std::io::Error::other)?;
    out.write_all(&index)?;
    out.write_all(&offset.to_le_bytes())?;
    out.write_all(&(index.len() as u64).to_le_bytes())?;
    out.write_all(&crc32fast::hash(&index).to_le_bytes())?;
    out.write_all(INDEX_MAGIC)?;
    out.flush()
}

/// A writer that counts what it writes (the offset of the indexes).
struct Counting<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Reads an HDT file: with plangraph's trailer, the header and dictionary
/// from the standard sections and the triples with their indexes from
/// after them; without it (a file from another tool), the standard
/// sections, building the indexes.
pub fn read_hdt(mut file: File) -> Result<Hdt, String> {
    let io = |e: std::io::Error| e.to_string();
    let length = file.metadata().map_err(io)?.len();
    let Some((offset, index_length, checksum)) = trailer(&mut file, length).map_err(io)? else {
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        let mut reader = BufReader::with_capacity(1 << 20, file);
        let hdt = Hdt::read(&mut reader).map_err(|e| error_chain(&e))?;
        // Bytes after the standard sections without the trailer: one of
        // our files cut short in its indexes.
        use std::io::BufRead;
        if !reader.fill_buf().map_err(io)?.is_empty() {
            return Err(
                "it has bytes after its triples but no index trailer (was it cut short?)".into(),
            );
        }
        return Ok(hdt);
    };
    if offset
        .checked_add(index_length)
        .and_then(|end| end.checked_add(TRAILER_LEN))
        != Some(length)
    {
        return Err("its index trailer does not fit the file (was it cut or damaged?)".into());
    }
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let header = Hdt::read_header(&mut reader).map_err(|e| error_chain(&e))?;
    let dict = dictionary::read_dictionary(&mut reader, length)?;
    reader.seek(SeekFrom::Start(offset)).map_err(io)?;
    // Decoded as they are read (no copy of the whole indexes in memory),
    // and refused after decoding if their checksum differs: damaged bytes
    // decode at worst into vectors no longer than the file (serde grows a
    // vector as its elements arrive).
    let mut index = ChecksummedReader::new(reader, index_length);
    let decoded = bincode::serde::decode_from_reader(&mut index, index_encoding());
    if !index.checksum_matches(checksum) {
        return Err("its stored indexes do not match their checksum".into());
    }
    let triples: TriplesBitmap =
        decoded.map_err(|e| format!("its stored indexes cannot be read: {e}"))?;
    Ok(Hdt {
        header,
        dict,
        triples,
    })
}

/// Reads a file's next `remaining` bytes through a buffer, computing their
/// CRC-32 a buffer at a time, for bincode to decode from.
struct ChecksummedReader<R> {
    inner: R,
    buffer: Box<[u8]>,
    start: usize,
    end: usize,
    remaining: u64,
    hasher: crc32fast::Hasher,
}

impl<R: Read> ChecksummedReader<R> {
    fn new(inner: R, length: u64) -> Self {
        Self {
            inner,
            buffer: vec![0; 1 << 20].into_boxed_slice(),
            start: 0,
            end: 0,
            remaining: length,
            hasher: crc32fast::Hasher::new(),
        }
    }

    /// Whether every byte was read (the rest is read now) and they have
    /// the given CRC-32.
    fn checksum_matches(mut self, checksum: u32) -> bool {
        while self.remaining > 0 {
            if self.refill().is_err() {
                return false;
            }
        }
        self.hasher.finalize() == checksum
    }

    fn refill(&mut self) -> Result<(), bincode::error::DecodeError> {
        let wanted = self
            .buffer
            .len()
            .min(self.remaining.try_into().unwrap_or(usize::MAX));
        if wanted == 0 {
            return Err(bincode::error::DecodeError::UnexpectedEnd { additional: 1 });
        }
        let read = self
            .inner
            .read(&mut self.buffer[..wanted])
            .map_err(|inner| bincode::error::DecodeError::Io {
                inner,
                additional: wanted,
            })?;
        if read == 0 {
            return Err(bincode::error::DecodeError::UnexpectedEnd { additional: wanted });
        }
        self.hasher.update(&self.buffer[..read]);
        self.remaining -= read as u64;
        self.start = 0;
        self.end = read;
        Ok(())
    }
}

impl<R: Read> bincode::de::read::Reader for ChecksummedReader<R> {
    fn read(&mut self, bytes: &mut [u8]) -> Result<(), bincode::error::DecodeError> {
        let mut filled = 0;
        while filled < bytes.len() {
            if self.start == self.end {
                self.refill()?;
            }
            let n = (self.end - self.start).min(bytes.len() - filled);
            bytes[filled..filled + n].copy_from_slice(&self.buffer[self.start..self.start + n]);
            self.start += n;
            filled += n;
        }
        Ok(())
    }
}

/// The offset, length and checksum of the stored indexes, if the file ends
/// with plangraph's trailer.
fn trailer(file: &mut File, length: u64) -> std::io::Result<Option<(u64, u64, u32)>> {
    if length < TRAILER_LEN {
        return Ok(None);
    }
    file.seek(SeekFrom::Start(length - TRAILER_LEN))?;
    let mut bytes = [0u8; TRAILER_LEN as usize];
    file.read_exact(&mut bytes)?;
    if &bytes[20..] != INDEX_MAGIC {
        return Ok(None);
    }
    let u64_at = |at: usize| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(word)
    };
    let mut crc = [0u8; 4];
    crc.copy_from_slice(&bytes[16..20]);
    Ok(Some((u64_at(0), u64_at(8), u32::from_le_bytes(crc))))
}
