//! Build script: embeds every canned query in `queries/*.rq` into the
//! binary (see `src/queries.rs`), so that `\queries` and `\run` work from
//! any directory. It writes only a list of `include_str!`s to OUT_DIR.
//!
//! It also fingerprints everything the embedded corpus's graph is made
//! from (the sources, the embedded documents, the ontology, the locked
//! dependencies) as PLANGRAPH_GRAPH_INPUTS: the key of the cached graph
//! file of the embedded corpus (`store/corpus_cache.rs`), so that a binary
//! built from other code never reads a graph an older one cached.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dir = root.join("queries");
    println!("cargo:rerun-if-changed=queries");
    let mut names: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "rq"))
                .filter_map(|p| Some((p.file_stem()?.to_str()?.to_owned(), p)))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from("&[\n");
    for (name, path) in &names {
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("canned_queries.rs"), code).expect("OUT_DIR is writable");

    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    for input in ["src", "data", "ontology", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={input}");
        hash_tree(&root, &root.join(input), &mut hash);
    }
    println!("cargo:rustc-env=PLANGRAPH_GRAPH_INPUTS={:016x}", hash.0);
}

/// FNV-1a, 64 bits: a fingerprint, not a defence against forgery.
struct Fnv(u64);

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// Hashes the files under `path` in name order: each one's path relative
/// to `root`, its length and its bytes.
fn hash_tree(root: &std::path::Path, path: &std::path::Path, hash: &mut Fnv) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for entry in entries {
            hash_tree(root, &entry, hash);
        }
    } else if let Ok(bytes) = std::fs::read(path) {
        let name = path.strip_prefix(root).unwrap_or(path);
        hash.write(name.to_string_lossy().as_bytes());
        hash.write(&(bytes.len() as u64).to_le_bytes());
        hash.write(&bytes);
    }
}
