//! The embedded corpus's graph, cached as an HDT file in the user's cache
//! directory, so that a query on it opens the file (milliseconds) instead
//! of ingesting the documents again (a tenth of a second and more).
//!
//! The file is `<cache dir>/plangraph/corpus-<key>.hdt`; the key covers
//! everything the graph is made from: the fingerprint of the binary's
//! sources, embedded documents, ontology and locked dependencies
//! (PLANGRAPH_GRAPH_INPUTS, computed by `build.rs`), the package version,
//! [`CACHE_FORMAT`], and the options that change the graph (the caller's
//! `parts`: `--jurisdiction`, the alias files' names and contents). A
//! binary or options that make another graph therefore never read this
//! one. Each use marks its file (its modification time), and writing a new
//! file removes all but the [`KEEP`] most recently used, so that rebuilt
//! binaries do not fill the cache directory.
//!
//! The cache is written from the corpus on a thread once the documents
//! have been ingested in full, after which the answer is not delayed;
//! [`wait_for_cache_writes`] lets it finish before the process exits. The
//! write is atomic (temporary file beside it, then rename), and its failure
//! (a read-only home, a full disk) is silent: the user did not ask for the
//! cache. A file that does not open (cut, damaged) is removed and built
//! again, never an error; a temporary file left by a writer that was
//! killed is removed once it is an hour old.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use super::HdtBackend;
use crate::model::Corpus;

/// The variable naming the cache directory instead of the platform's
/// ($XDG_CACHE_HOME, else ~/.cache on Linux).
pub const CACHE_DIR_ENV: &str = "PLANGRAPH_CACHE_DIR";
/// Set (to anything but empty or `0`), no cached graph is read or written.
pub const NO_CACHE_ENV: &str = "PLANGRAPH_NO_CACHE";
/// Bumped when the way the cached graph is made changes without a change
/// to the files PLANGRAPH_GRAPH_INPUTS covers (none today: it covers every
/// source file, so any change to the ingest or the RDF mapping gives a new
/// key by itself).
pub const CACHE_FORMAT: &str = "corpus-cache-1";
/// How many cached graphs a cache directory keeps: one per binary and set
/// of options used lately (each is a few megabytes).
pub const KEEP: usize = 8;
/// The age after which a temporary file in the cache directory belongs to
/// no running writer (a write takes well under a second).
const STALE_TEMPORARY: Duration = Duration::from_secs(3600);

/// A cached graph file of the embedded corpus (which may not exist yet).
#[derive(Debug, Clone)]
pub struct CorpusCache {
    path: PathBuf,
}

impl CorpusCache {
    /// The cache for a graph made with the options `parts`, or `None` when
    /// caching is turned off or there is no cache directory.
    pub fn new(parts: &[&[u8]]) -> Option<Self> {
        if std::env::var_os(NO_CACHE_ENV).is_some_and(|v| !v.is_empty() && v != "0") {
            return None;
        }
        let dir = match std::env::var_os(CACHE_DIR_ENV) {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => dirs::cache_dir()?,
        };
        let mut hash = Fnv::new();
        for part in [
            env!("PLANGRAPH_GRAPH_INPUTS").as_bytes(),
            env!("CARGO_PKG_VERSION").as_bytes(),
            CACHE_FORMAT.as_bytes(),
        ]
        .into_iter()
        .chain(parts.iter().copied())
        {
            hash.write(&(part.len() as u64).to_le_bytes());
            hash.write(part);
        }
        let path = dir
            .join("plangraph")
            .join(format!("corpus-{:016x}.hdt", hash.0));
        Some(CorpusCache { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The cached graph, when the file exists and opens; a file that does
    /// not open is removed (it will be written again).
    pub fn open(&self) -> Option<HdtBackend> {
        if !self.path.is_file() {
            return None;
        }
        let ontology = crate::rdf::ontology_quads().ok()?;
        match HdtBackend::open(&self.path, ontology) {
            Ok(graph) => {
                // Marked as used, so that pruning keeps it.
                let _ = std::fs::File::options()
                    .write(true)
                    .open(&self.path)
                    .and_then(|file| file.set_modified(SystemTime::now()));
                Some(graph)
            }
            Err(_) => {
                let _ = std::fs::remove_file(&self.path);
                None
            }
        }
    }

    /// Writes the graph of `corpus` (ingested in full) on a thread, unless
    /// the file is there already.
    pub fn save_in_background(&self, corpus: Arc<Corpus>) {
        if self.path.exists() {
            return;
        }
        let cache = self.clone();
        let spawned = std::thread::Builder::new()
            .name("corpus cache".into())
            .spawn(move || {
                let _ = cache.save(&corpus);
            });
        if let Ok(handle) = spawned {
            writes()
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(handle);
        }
    }

    /// Writes the graph of `corpus` to the cache file, atomically.
    pub fn save(&self, corpus: &Corpus) -> Result<(), crate::files::FileError> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|reason| crate::files::FileError::Write {
                path: self.path.clone(),
                reason,
            })?;
        }
        let mut writer = crate::graph_writer::GraphWriter::for_path(&self.path)?;
        crate::rdf::corpus_quads_where(corpus, super::QUAD_BATCH, &|_| true, &mut |batch| {
            writer.add(batch)
        });
        writer.write(&self.path)?;
        if let Some(dir) = self.path.parent() {
            prune(dir, &self.path);
        }
        Ok(())
    }
}

/// Removes from `dir` the cached graphs beyond the [`KEEP`] most recently
/// used (never `written`, the one just written) and the temporary files no
/// writer is writing any more. Failures are ignored, as for the write.
fn prune(dir: &Path, written: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut graphs = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        if !metadata.is_file() {
            continue;
        }
        let used = metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        if name.starts_with("corpus-") && name.ends_with(".hdt") {
            graphs.push((used, entry.path()));
        } else if name.starts_with(".corpus-")
            && name.contains(".hdt.plangraph-")
            && name.ends_with(".tmp")
            && used.elapsed().is_ok_and(|age| age > STALE_TEMPORARY)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    graphs.sort_by_key(|(used, _)| std::cmp::Reverse(*used));
    for (_, path) in graphs.into_iter().skip(KEEP) {
        if path != written {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn writes() -> &'static Mutex<Vec<JoinHandle<()>>> {
    static WRITES: Mutex<Vec<JoinHandle<()>>> = Mutex::new(Vec::new());
    &WRITES
}

/// Waits for the cache files being written (called before the process
/// exits, so that none is left half-written as a temporary file).
pub fn wait_for_cache_writes() {
    let handles = std::mem::take(
        &mut *writes()
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    for handle in handles {
        let _ = handle.join();
    }
}

/// FNV-1a, 64 bits: a key, not a defence against forgery.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
