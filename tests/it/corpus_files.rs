//! The vendored documents are the ones of the manifest, unchanged.

use sha2::{Digest, Sha256};

use crate::support::root;

#[test]
fn data_files_match_the_manifest_checksums() {
    let manifest = std::fs::read_to_string(root().join("data/MANIFEST.md")).unwrap();
    let mut checked = 0;
    for line in manifest.lines() {
        let mut parts = line.split_whitespace();
        let (Some(sum), Some(name), None) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if sum.len() != 64 || !name.ends_with(".txt") {
            continue;
        }
        let bytes = std::fs::read(root().join("data").join(name)).unwrap();
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(digest, sum, "{name} differs from the manifest");
        checked += 1;
    }
    assert_eq!(checked, 5, "the manifest lists five documents");
}

#[test]
fn embedded_corpus_is_the_data_directory() {
    let embedded = plangraph::ingest::embedded::embedded_sources();
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("data"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    on_disk.sort();
    let names: Vec<&str> = embedded.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, on_disk);
    for source in &embedded {
        assert_eq!(
            source.bytes,
            std::fs::read(root().join("data").join(&source.name)).unwrap()
        );
    }
}
