//! The default corpus, compiled into the binary so every command works with
//! no set-up. The files are the vendored `data/*.txt`, unchanged.

use super::Source;

/// The five documents of `data/`, in file-name order (the input order that
/// `--data DIR` would give them).
pub fn embedded_sources() -> Vec<Source> {
    let files: [(&str, &[u8]); 5] = [
        (
            "sd-2022-ten-industries-web.txt",
            include_bytes!("../../data/sd-2022-ten-industries-web.txt"),
        ),
        (
            "sd-2022-three-tens.txt",
            include_bytes!("../../data/sd-2022-three-tens.txt"),
        ),
        (
            "sd-2023-2025-green-pilot-plan.txt",
            include_bytes!("../../data/sd-2023-2025-green-pilot-plan.txt"),
        ),
        (
            "sd-2023-green-pilot-key-tasks.txt",
            include_bytes!("../../data/sd-2023-green-pilot-key-tasks.txt"),
        ),
        (
            "sd-2024-2025-ten-innovations.txt",
            include_bytes!("../../data/sd-2024-2025-ten-innovations.txt"),
        ),
    ];
    files
        .iter()
        .map(|(name, bytes)| Source {
            name: (*name).to_string(),
            bytes: bytes.to_vec(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_files_in_name_order() {
        let sources = embedded_sources();
        let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert_eq!(sources.len(), 5);
        assert_eq!(sources[1].bytes.len(), 547_163);
    }
}
