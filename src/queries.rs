//! The canned queries of `queries/*.rq`, embedded in the binary at build
//! time (by `build.rs`), so that the REPL's `\queries` and `\run` work from
//! any directory.
//!
//! Each file starts with `# title: …` and `# description: …` comment lines
//! and any `# param: …` lines (see [`crate::query_params`]); the name of a
//! query is its file name without `.rq`. Running them is the caller's
//! business.

/// One canned query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedQuery {
    /// The file name without `.rq`, e.g. `units-by-led-tasks`.
    pub name: &'static str,
    /// From the `# title:` line (empty when missing).
    pub title: String,
    /// From the `# description:` line (empty when missing).
    pub description: String,
    /// From the `# param:` lines (a test checks that every canned header
    /// parses, so none is dropped here).
    pub params: Vec<crate::query_params::Param>,
    /// The whole file, header comments included.
    pub text: &'static str,
}

/// `(name, text)` of every `queries/*.rq`, sorted by name.
const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/canned_queries.rs"));

/// Every canned query, sorted by name.
pub fn canned_queries() -> Vec<CannedQuery> {
    EMBEDDED
        .iter()
        .map(|(name, text)| CannedQuery {
            name,
            title: header(text, "title"),
            description: header(text, "description"),
            params: crate::query_params::declared(text).unwrap_or_default(),
            text,
        })
        .collect()
}

/// The canned query called `name` (with or without `.rq`).
pub fn find(name: &str) -> Option<CannedQuery> {
    let name = name.strip_suffix(".rq").unwrap_or(name);
    canned_queries().into_iter().find(|q| q.name == name)
}

/// The value of a `# key: value` line among the leading comment lines.
fn header(text: &str, key: &str) -> String {
    text.lines()
        .take_while(|line| line.starts_with('#'))
        .find_map(|line| {
            let rest = line.trim_start_matches('#').trim_start();
            rest.strip_prefix(key)?.strip_prefix(':').map(str::trim)
        })
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rq_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "rq"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = canned_queries().iter().map(|q| q.name).collect();
        assert_eq!(embedded, on_disk);
        assert!(embedded.contains(&"units-by-led-tasks"));
    }

    #[test]
    fn every_parameter_header_parses() {
        for (name, text) in EMBEDDED {
            crate::query_params::declared(text)
                .unwrap_or_else(|e| panic!("queries/{name}.rq: {e}"));
        }
        let units = find("tasks-led-by-unit").unwrap();
        assert_eq!(units.params.len(), 1);
        assert_eq!(units.params[0].default.as_deref(), Some("省科技厅"));
    }

    #[test]
    fn headers_are_read() {
        let query = find("documents.rq").expect("documents is canned");
        assert!(!query.title.is_empty());
        assert!(!query.description.is_empty());
        assert_eq!(
            header("# title: A b\n# description: C\nASK {}", "title"),
            "A b"
        );
        assert_eq!(header("ASK {}\n# title: late", "title"), "");
    }
}
