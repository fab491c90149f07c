//! A whole document's bytes through ingestion and the quad builder: any
//! input either is refused with an error (empty, binary, undecodable) or
//! becomes records and quads, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plangraph::ingest::{ingest, Source};

fuzz_target!(|data: &[u8]| {
    let source = Source {
        name: "fuzz.txt".to_owned(),
        bytes: data.to_vec(),
    };
    if let Ok(corpus) = ingest(&[source]) {
        let _ = plangraph::rdf::corpus_quad_count(&corpus);
    }
});
