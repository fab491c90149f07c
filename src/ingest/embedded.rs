//! The default corpus: the five documents of `data/`, compiled into the binary.

use super::Source;

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../data/", $name)) as &[u8])),*]
    };
}

/// File name and bytes of each embedded document, in file-name order.
pub const EMBEDDED: &[(&str, &[u8])] = embed!(
    "sd-2022-ten-industries-web.txt",
    "sd-2022-three-tens.txt",
    "sd-2023-2025-green-pilot-plan.txt",
    "sd-2023-green-pilot-key-tasks.txt",
    "sd-2024-2025-ten-innovations.txt",
);

/// The embedded documents as ingest sources.
pub fn embedded_sources() -> Vec<Source> {
    EMBEDDED
        .iter()
        .map(|(name, bytes)| Source {
            name: (*name).to_owned(),
            bytes: bytes.to_vec(),
        })
        .collect()
}
