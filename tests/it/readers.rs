//! The independent programs some tests open our files with (Python's
//! networkx and rdflib, Python's standard library, Graphviz's `dot`,
//! headless Chromium), the ones that make and read PDFs (LibreOffice,
//! poppler's `pdftotext`), and what a test does when one is missing.
//!
//! On a machine with only a Rust toolchain a check whose reader is missing
//! is skipped, and says so on the terminal: `cargo test` prints one
//! `skipped: …` line per missing reader even without `--nocapture`, and the
//! test `readers_available` lists them all. In CI (`CI=true`, which
//! `.ci/run` sets) a missing reader is a failure, so the checks cannot be
//! skipped where they matter.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The configuration Debian's Virtuoso package installs, which the tests
/// copy with their own directories and ports.
pub const VIRTUOSO_INI: &str = "/etc/virtuoso-opensource-7/virtuoso.ini";

/// How to get every reader.
pub const INSTALL: &str = "run bash .ci/install-readers.sh";

/// One external reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// `python3` itself (its csv, xml and html parsers).
    Python,
    /// Python's networkx (GraphML, GEXF, Cytoscape.js, node-link JSON).
    Networkx,
    /// Python's rdflib (Turtle, N-Triples, JSON-LD).
    Rdflib,
    /// Graphviz's `dot` (DOT files).
    Graphviz,
    /// Headless Chromium (screenshots of the SVG and HTML pictures, the
    /// server's workbench).
    Chromium,
    /// Python's SPARQLWrapper (a SPARQL client of the server).
    SparqlWrapper,
    /// curl (content negotiation with the server).
    Curl,
    /// The Oxigraph server (`oxigraph` from PyPI), a remote store.
    Oxigraph,
    /// Virtuoso (`virtuoso-t` and `isql-vt`, Debian's virtuoso-opensource-7).
    Virtuoso,
    /// LibreOffice (`soffice`), which renders the test Word files as PDFs.
    LibreOffice,
    /// Poppler's `pdftotext`, which plangraph reads PDFs with.
    Pdftotext,
}

impl Reader {
    pub const ALL: [Reader; 11] = [
        Reader::Python,
        Reader::Networkx,
        Reader::Rdflib,
        Reader::Graphviz,
        Reader::Chromium,
        Reader::SparqlWrapper,
        Reader::Curl,
        Reader::Oxigraph,
        Reader::Virtuoso,
        Reader::LibreOffice,
        Reader::Pdftotext,
    ];

    /// What the reader checks and which program or module it needs.
    pub fn describe(self) -> &'static str {
        match self {
            Reader::Python => "CSV, SVG and HTML parsing checks need python3",
            Reader::Networkx => "GraphML/GEXF/Cytoscape/node-link checks need Python's networkx",
            Reader::Rdflib => "Turtle/N-Triples/JSON-LD checks need Python's rdflib",
            Reader::Graphviz => "DOT layout checks need Graphviz's dot",
            Reader::Chromium => "picture screenshots and the workbench check need chromium",
            Reader::SparqlWrapper => {
                "the SPARQL client checks of serve need Python's SPARQLWrapper and rdflib"
            }
            Reader::Curl => "the content negotiation checks of serve need curl",
            Reader::Virtuoso => {
                "the Virtuoso checks need virtuoso-t and isql-vt (apt-get install virtuoso-opensource-7)"
            }
            Reader::Oxigraph => {
                "the remote store checks need the Oxigraph server (pip install oxigraph)"
            }
            Reader::LibreOffice => {
                "the PDF checks render Word files with LibreOffice (apt-get install libreoffice-writer-nogui fonts-noto-cjk)"
            }
            Reader::Pdftotext => {
                "the PDF checks need poppler's pdftotext (apt-get install poppler-utils)"
            }
        }
    }

    fn probe(self) -> bool {
        let python_imports = |module: &str| {
            Command::new("python3")
                .args(["-c", &format!("import {module}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        match self {
            Reader::Python => python_imports("json, csv, xml.etree.ElementTree, html.parser"),
            Reader::Networkx => python_imports("networkx"),
            Reader::Rdflib => python_imports("rdflib"),
            Reader::Graphviz => Command::new("dot")
                .arg("-V")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success()),
            Reader::Chromium => chromium().is_some(),
            Reader::SparqlWrapper => python_imports("SPARQLWrapper, rdflib"),
            Reader::Virtuoso => {
                Command::new("isql-vt")
                    .arg("-?")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .is_ok()
                    && std::path::Path::new(VIRTUOSO_INI).exists()
            }
            Reader::Oxigraph => Command::new("oxigraph")
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success()),
            Reader::LibreOffice => Command::new("soffice")
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success()),
            Reader::Pdftotext => Command::new("pdftotext")
                .arg("-v")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success()),
            Reader::Curl => Command::new("curl")
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success()),
        }
    }

    fn index(self) -> usize {
        Reader::ALL.iter().position(|r| *r == self).unwrap_or(0)
    }
}

/// Whether the reader runs here (probed once per test binary).
pub fn available(reader: Reader) -> bool {
    static SEEN: [OnceLock<bool>; Reader::ALL.len()] =
        [const { OnceLock::new() }; Reader::ALL.len()];
    *SEEN[reader.index()].get_or_init(|| reader.probe())
}

/// Whether CI asked for every check to run.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// True when the caller may run its check with `reader`. When the reader is
/// missing: in CI the test fails naming it; elsewhere one `skipped:` line
/// goes to the terminal (once per reader) and the caller skips the check.
#[track_caller]
pub fn require(reader: Reader) -> bool {
    if available(reader) {
        return true;
    }
    assert!(
        !in_ci(),
        "{} and CI=true makes it mandatory; {INSTALL}",
        reader.describe()
    );
    announce_skip(reader);
    false
}

/// The path of a headless Chromium, if one is installed.
pub fn chromium() -> Option<String> {
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .into_iter()
    .find(|name| {
        Command::new(name)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
    .map(str::to_owned)
}

/// Prints `skipped: …` for `reader`, once per test binary. It writes
/// straight to the process's stderr: the test harness captures `eprintln!`
/// of passing tests, and a skip nobody sees proves nothing.
fn announce_skip(reader: Reader) {
    static ANNOUNCED: [OnceLock<()>; Reader::ALL.len()] =
        [const { OnceLock::new() }; Reader::ALL.len()];
    ANNOUNCED[reader.index()].get_or_init(|| {
        let line = format!("skipped: {}; {INSTALL}\n", reader.describe());
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    });
}

#[test]
fn readers_available() {
    let missing: Vec<Reader> = Reader::ALL.into_iter().filter(|r| !available(*r)).collect();
    if in_ci() {
        assert!(
            missing.is_empty(),
            "CI=true and readers are missing: {}; {INSTALL}",
            missing
                .iter()
                .map(|r| r.describe())
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    for reader in missing {
        announce_skip(reader);
    }
}
