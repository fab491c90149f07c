//! Helpers shared by the integration tests: the real binary, the real corpus
//! (its file names, its text, its ingested records and store), and the
//! other fixture corpora read from `tests/data`.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use plangraph::ingest::Source;
use plangraph::model::Corpus;
use plangraph::store::PlanStore;

/// The project root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `plangraph` binary built for these tests.
pub fn plangraph() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plangraph"));
    // No user alias file: the tests must not read the config of whoever
    // runs them (tests/it/aliases.rs sets these on purpose).
    command
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env(
            "XDG_CONFIG_HOME",
            root().join("tests/data/aliases/no-config"),
        )
        .env_remove("PLANGRAPH_ALIASES")
        // Nor the user's cache: the embedded corpus is ingested each time,
        // as without a cache (tests/it/corpus_cache.rs turns it on, in a
        // directory of its own).
        .env("PLANGRAPH_NO_CACHE", "1")
        .env_remove("PLANGRAPH_CACHE_DIR");
    command
}

/// Runs the binary with `args` and `stdin`, returning its output.
pub fn run(args: &[&str], stdin: &str) -> Output {
    let mut command = plangraph();
    command.args(args);
    run_command(command, stdin)
}

/// Runs a prepared command with `stdin` piped in, returning its output.
pub fn run_command(mut command: Command, stdin: &str) -> Output {
    use std::io::Write;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the plangraph binary runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    input
        .write_all(stdin.as_bytes())
        .expect("stdin accepts input");
    drop(input);
    child.wait_with_output().expect("plangraph finishes")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The five Shandong documents of the embedded corpus (`data/`), in the
/// order the corpus lists them.
pub const THREE_TENS: &str = "sd-2022-three-tens.txt";
/// The 十强产业 block of [`THREE_TENS`], printed again as a web page.
pub const TEN_INDUSTRIES: &str = "sd-2022-ten-industries-web.txt";
/// The green low-carbon pilot's key tasks of 2023 (traditional characters).
pub const GREEN_PILOT_KEY_TASKS: &str = "sd-2023-green-pilot-key-tasks.txt";
/// The green low-carbon pilot's plan for 2023–2025.
pub const GREEN_PILOT_PLAN: &str = "sd-2023-2025-green-pilot-plan.txt";
/// The ten innovations of 2024–2025 (a headless document).
pub const TEN_INNOVATIONS: &str = "sd-2024-2025-ten-innovations.txt";
/// Every document of the embedded corpus, in its order.
pub const CORPUS_FILES: [&str; 5] = [
    THREE_TENS,
    TEN_INDUSTRIES,
    GREEN_PILOT_KEY_TASKS,
    GREEN_PILOT_PLAN,
    TEN_INNOVATIONS,
];

/// The text of one document of the embedded corpus, as stored in `data/`.
pub fn corpus_text(file: &str) -> String {
    let path = root().join("data").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file of a directory under the project root as a [`Source`],
/// sorted by name.
pub fn sources_in(dir: &str) -> Vec<Source> {
    let dir = root().join(dir);
    let mut sources: Vec<Source> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.expect("the directory lists").path();
            Source {
                name: path.file_name().unwrap().to_string_lossy().into_owned(),
                bytes: std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
            }
        })
        .collect();
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    sources
}

/// Where [`two_provinces`] is read from.
pub const TWO_PROVINCES: &str = "tests/data/jurisdiction/two-provinces";

/// The two storage plans of [`TWO_PROVINCES`], one from Shandong and one
/// from Anhui, read together (once per test binary).
pub fn two_provinces() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        plangraph::ingest::ingest(&sources_in(TWO_PROVINCES)).expect("the fixtures ingest")
    })
}

/// The embedded corpus, ingested once per test binary.
pub fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        plangraph::commands::sources::ingest_sources(
            &plangraph::ingest::embedded::embedded_sources(),
        )
        .expect("the embedded corpus ingests")
    })
}

/// The embedded corpus in a store (built once per test binary).
pub fn store() -> &'static PlanStore {
    static STORE: OnceLock<PlanStore> = OnceLock::new();
    STORE.get_or_init(|| {
        plangraph::store::store_from_corpus(corpus()).expect("the embedded corpus loads")
    })
}

/// Runs a SELECT on the embedded corpus and returns its rows as strings
/// (IRIs compacted, literals by value).
pub fn select(query: &str) -> Vec<Vec<String>> {
    select_on(store(), query)
}

/// [`select`] on another store.
pub fn select_on(store: &PlanStore, query: &str) -> Vec<Vec<String>> {
    use plangraph::store::BackendExt;
    let rows = store
        .select(query)
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    rows.rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|v| plangraph::print::table::cell(v.as_ref(), true))
                .collect()
        })
        .collect()
}
