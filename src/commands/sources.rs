//! Where the graph comes from: the embedded corpus, `--data DIR`, file
//! arguments, or a saved graph (`--graph FILE`). Loading is the same for
//! every subcommand, so `query`, `repl`, `analyze` and `export` see the same
//! graph for the same options.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::analysis::ProjectionSource;
use crate::cli::SourceArgs;
use crate::ingest::{self, Source};
use crate::model::Corpus;
use crate::query_scope::QueryScope;
use crate::store::PlanStore;

use super::documents;
use super::progress::Progress;

/// A graph ready to query, and the corpus it came from (absent when it was
/// loaded from a saved graph file).
pub struct Loaded {
    pub store: PlanStore,
    pub corpus: Option<Corpus>,
    /// Where it came from, for banners and headers: "embedded corpus (5 documents)".
    pub origin: String,
    pub took: Duration,
}

/// Loads the graph the options ask for; `files` are explicit document paths
/// (from `build FILES…`), which take precedence over `--data` and the
/// embedded corpus.
pub fn load(args: &SourceArgs, files: &[PathBuf]) -> anyhow::Result<Loaded> {
    load_scoped(args, files, &QueryScope::Everything)
}

/// [`load`], building from text only the quads `scope` keeps (the ontology
/// is always whole). A saved graph (`--graph`) is loaded whole.
pub fn load_scoped(
    args: &SourceArgs,
    files: &[PathBuf],
    scope: &QueryScope,
) -> anyhow::Result<Loaded> {
    prepare_load(args, files)?.finish(scope)
}

/// The first, quick part of [`load`]: the checks that need only the options
/// and the file system (a missing directory, an unreadable document, a graph
/// file of unknown format), so that an interactive shell can report them
/// before its prompt and build the graph while the user types.
pub fn prepare_load(args: &SourceArgs, files: &[PathBuf]) -> anyhow::Result<PreparedLoad> {
    let started = Instant::now();
    if let Some(path) = &args.graph {
        if !files.is_empty() {
            bail!("--graph cannot be combined with document files: give one or the other");
        }
        crate::files::graph_format(path)?;
        std::fs::File::open(path)
            .with_context(|| format!("cannot read graph file {}", path.display()))?;
        return Ok(PreparedLoad {
            what: Prepared::Graph(path.clone()),
            started,
        });
    }
    let (sources, origin) = read_sources(args.data.as_deref(), files)?;
    let stated = stated_jurisdictions(args, files, &sources)?;
    Ok(PreparedLoad {
        what: Prepared::Text {
            sources,
            origin,
            stated,
        },
        started,
    })
}

/// A graph whose sources have been found and read, not yet built.
pub struct PreparedLoad {
    what: Prepared,
    started: Instant,
}

enum Prepared {
    Graph(PathBuf),
    Text {
        sources: Vec<Source>,
        origin: String,
        stated: ingest::Stated,
    },
}

impl PreparedLoad {
    /// Builds the graph (only the quads `scope` keeps, from text).
    pub fn finish(self, scope: &QueryScope) -> anyhow::Result<Loaded> {
        match self.what {
            Prepared::Graph(path) => Ok(Loaded {
                store: load_graph_file(&path)?,
                corpus: None,
                origin: format!("graph file {}", path.display()),
                took: self.started.elapsed(),
            }),
            Prepared::Text {
                sources,
                origin,
                stated,
            } => {
                let progress = Progress::spinner(&format!("ingesting {origin}"));
                let corpus = ingest_sources_stated(&sources, &stated)?;
                drop(sources);
                progress.set_message("loading the graph");
                let store = store_and_count_scoped(&corpus, scope)?.0;
                progress.finish();
                Ok(Loaded {
                    store,
                    corpus: Some(corpus),
                    origin,
                    took: self.started.elapsed(),
                })
            }
        }
    }
}

/// Where the graph of these options comes from, in words, without reading
/// anything: "embedded corpus (5 documents)", "documents in DIR", "graph
/// file FILE".
pub fn describe(args: &SourceArgs) -> String {
    if let Some(path) = &args.graph {
        format!("graph file {}", path.display())
    } else if let Some(dir) = &args.data {
        format!("documents in {}", dir.display())
    } else {
        format!(
            "embedded corpus ({})",
            plural(ingest::embedded::embedded_sources().len(), "document")
        )
    }
}

/// What `analyze` and the network exports read.
pub enum ProjectionInput {
    /// The records, when the graph comes from text: no store is built, the
    /// projection is read from them (`analysis/records.rs`).
    Records(Corpus),
    /// A saved graph (`--graph`), asked the projection's SELECTs.
    Graph(PlanStore),
}

impl ProjectionInput {
    pub fn source(&self) -> ProjectionSource<'_> {
        match self {
            ProjectionInput::Records(corpus) => ProjectionSource::Records(corpus),
            ProjectionInput::Graph(store) => ProjectionSource::Graph(store),
        }
    }
}

/// The input of `analyze` and the network exports under these options: the
/// same projection as [`load`]'s graph would give, without its store.
///
/// From text, the records keep only what the projection reads (no task
/// text, no verbatim mentions, diagnostics only when `diagnostics` asks for
/// them, i.e. under `--verbose`), and each document's bytes are freed once
/// it is parsed: at 100× the corpus that is half the memory of the run.
pub fn load_projection_input(
    args: &SourceArgs,
    diagnostics: bool,
) -> anyhow::Result<ProjectionInput> {
    if let Some(path) = &args.graph {
        return Ok(ProjectionInput::Graph(load_graph_file(path)?));
    }
    let (sources, origin) = read_sources(args.data.as_deref(), &[])?;
    let stated = stated_jurisdictions(args, &[], &sources)?;
    let progress = Progress::spinner(&format!("ingesting {origin}"));
    let detail = ingest::Detail {
        text: false,
        diagnostics,
    };
    let corpus = ingest::ingest_owned_stated(sources, detail, &stated)?;
    progress.finish();
    Ok(ProjectionInput::Records(corpus))
}

/// A saved graph with the ontology beside it.
fn load_graph_file(path: &Path) -> anyhow::Result<PlanStore> {
    let progress = Progress::spinner(&format!("loading {}", path.display()));
    let store = PlanStore::load_file(path)?;
    store.insert(crate::rdf::ontology_quads().context("the built-in ontology is invalid")?)?;
    progress.finish();
    Ok(store)
}

/// Ingests sources; content problems are diagnostics in the corpus, only
/// unreadable input (empty, binary) is an error.
pub fn ingest_sources(sources: &[Source]) -> anyhow::Result<Corpus> {
    Ok(ingest::ingest(sources)?)
}

/// [`ingest_sources`] with the jurisdictions the user states.
pub fn ingest_sources_stated(
    sources: &[Source],
    stated: &ingest::Stated,
) -> anyhow::Result<Corpus> {
    Ok(ingest::ingest_stated(sources, stated)?)
}

/// The variable that names the default alias file instead of the one in
/// the configuration directory; set but empty, no default file is read.
pub const ALIASES_ENV: &str = "PLANGRAPH_ALIASES";

/// The default alias file, and whether the user named it ($PLANGRAPH_ALIASES)
/// rather than it being the usual place (`plangraph/aliases.tsv` in
/// $XDG_CONFIG_HOME, else the platform's configuration directory:
/// ~/.config on Linux). `None`: no default file.
pub fn default_alias_file() -> Option<(PathBuf, bool)> {
    match std::env::var_os(ALIASES_ENV) {
        Some(path) if path.is_empty() => None,
        Some(path) => Some((PathBuf::from(path), true)),
        None => std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|dir| dir.is_absolute())
            .or_else(dirs::config_dir)
            .map(|dir| (dir.join("plangraph").join("aliases.tsv"), false)),
    }
}

/// Reads the user's alias files (the default one, then every `--aliases`
/// FILE in order) and makes them, merged with the built-in table, the
/// tables of this run. A file named by the user must exist; the usual
/// default file may not. With `say_notes`, each row that overrides an
/// earlier one is noted on stderr.
pub fn install_aliases(args: &SourceArgs, say_notes: bool) -> anyhow::Result<()> {
    let mut files: Vec<(PathBuf, bool)> = default_alias_file().into_iter().collect();
    files.extend(args.aliases.iter().map(|path| (path.clone(), true)));
    let mut tables = crate::ingest::units::AliasTables::builtin();
    let mut read = 0;
    for (path, named) in files {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => continue,
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read alias file {}", path.display()))
            }
        };
        let text = String::from_utf8(bytes).map_err(|e| {
            anyhow::anyhow!(
                "alias file {} is not UTF-8 text (byte {} is not)",
                path.display(),
                e.utf8_error().valid_up_to()
            )
        })?;
        let notes = tables.add_file(&path.display().to_string(), &text)?;
        if say_notes {
            for note in notes {
                crate::stderr_line!("note: {note} (the alias file's row wins)");
            }
        }
        read += 1;
    }
    if read > 0 {
        crate::ingest::units::install(tables);
    }
    Ok(())
}

/// The name of the file beside the documents that states their
/// jurisdictions.
pub const JURISDICTION_FILE: &str = "jurisdiction.tsv";

/// The jurisdictions the user states for `sources`: `--jurisdiction` for
/// all of them, else the `jurisdiction.tsv` of their directory (the
/// `--data` directory, or each document file's). Names are checked against
/// the national division table here, so that a wrong one stops the run
/// with one sentence before any work.
pub fn stated_jurisdictions(
    args: &SourceArgs,
    files: &[PathBuf],
    sources: &[Source],
) -> anyhow::Result<ingest::Stated> {
    let mut stated = ingest::Stated::new();
    if let Some(name) = &args.jurisdiction {
        let region = division_named(name).context("--jurisdiction")?;
        for source in sources {
            stated.insert(source.name.clone(), region.clone());
        }
        return Ok(stated);
    }
    // Each directory with the names of its documents (file arguments may
    // come from several).
    let mut dirs: std::collections::BTreeMap<PathBuf, Vec<&str>> = Default::default();
    if files.is_empty() {
        if let Some(dir) = &args.data {
            dirs.insert(
                dir.clone(),
                sources.iter().map(|s| s.name.as_str()).collect(),
            );
        }
    } else {
        for (file, source) in files.iter().zip(sources) {
            let dir = match file.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            dirs.entry(dir).or_default().push(source.name.as_str());
        }
    }
    for (dir, names) in dirs {
        let path = dir.join(JURISDICTION_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let mut all: Option<String> = None;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let at = || format!("{}:{}", path.display(), n + 1);
            let Some((file, region)) = line.split_once('\t') else {
                bail!("{}: expected `FILE<TAB>REGION`, found `{line}`", at());
            };
            let (file, region) = (file.trim(), region.trim());
            let region = division_named(region).with_context(at)?;
            if file == "*" {
                all = Some(region);
            } else if names.contains(&file) {
                stated.insert(file.to_string(), region);
            } else {
                bail!("{}: {file} is not one of the documents read", at());
            }
        }
        if let Some(region) = all {
            for name in names {
                stated
                    .entry(name.to_string())
                    .or_insert_with(|| region.clone());
            }
        }
    }
    Ok(stated)
}

/// The qualified name of the division `name` means, or why there is none.
fn division_named(name: &str) -> anyhow::Result<String> {
    use crate::ingest::divisions::{divisions, LookupError};
    let table = divisions();
    match table.lookup(name) {
        Ok(index) => Ok(table.get(index).qualified.clone()),
        Err(LookupError::Unknown) => bail!(
            "no province, city or county is called '{name}' (write its full name, e.g. 山东省, 广州市, 蔡甸区)"
        ),
        Err(LookupError::Ambiguous(candidates)) => bail!(
            "'{name}' names several divisions: {} (write one of them)",
            candidates.join(", ")
        ),
    }
}

/// The store for a corpus, with the ontology in its own named graph.
pub fn store_from_corpus(corpus: &Corpus) -> anyhow::Result<PlanStore> {
    Ok(store_and_count(corpus)?.0)
}

/// Quads per batch handed from the quad builder to the store: large enough
/// that a transaction per batch costs nothing, small enough that the corpus
/// never exists twice in memory (as quads and in the store).
pub const QUAD_BATCH: usize = 65_536;

/// The store for a corpus and the number of data quads (the ontology's not
/// counted).
///
/// The quads are inserted batch by batch as they are built, in the order of
/// [`crate::rdf::corpus_to_quads`] (so the store holds the same graph in the
/// same order). Building them on a second thread was tried: no faster at
/// 10×, and slower at 100× (BENCHMARKS.md), where the inserting thread frees
/// every quad the building thread allocated.
pub fn store_and_count(corpus: &Corpus) -> anyhow::Result<(PlanStore, usize)> {
    store_and_count_scoped(corpus, &QueryScope::Everything)
}

/// [`store_and_count`] with only the quads `scope` keeps.
pub fn store_and_count_scoped(
    corpus: &Corpus,
    scope: &QueryScope,
) -> anyhow::Result<(PlanStore, usize)> {
    let store = PlanStore::new()?;
    let mut failure = None;
    let keep = |predicate: &str| scope.keeps(predicate);
    let count = crate::rdf::corpus_quads_where(corpus, QUAD_BATCH, &keep, &mut |batch| {
        if failure.is_none() {
            if let Err(e) = store.insert(batch) {
                failure = Some(e);
            }
        }
    });
    if let Some(e) = failure {
        return Err(e.into());
    }
    store.insert(crate::rdf::ontology_quads().context("the built-in ontology is invalid")?)?;
    Ok((store, count))
}

/// Reads the documents to ingest and says where they came from: the
/// `*.txt` files of `data` and the `files` named, both when both are given
/// (`documents.rs` says how they are named and which are skipped), else
/// the embedded corpus.
pub fn read_sources(
    data: Option<&Path>,
    files: &[PathBuf],
) -> anyhow::Result<(Vec<Source>, String)> {
    if data.is_none() && files.is_empty() {
        let sources = ingest::embedded::embedded_sources();
        let origin = format!("embedded corpus ({})", plural(sources.len(), "document"));
        return Ok((sources, origin));
    }
    let mut paths = Vec::new();
    if let Some(dir) = data {
        paths = documents::list_directory(dir)?;
        if paths.is_empty() && files.is_empty() {
            bail!(
                "no plan documents (*.txt) in {}",
                documents::display_path(dir)
            );
        }
    }
    paths.extend(files.iter().cloned());
    let paths = documents::without_repeats(paths);
    let names = documents::document_names(&paths);
    // Read on both cores (a tenth of a second at 100x); the first
    // failure in path order is the one reported.
    let read: Vec<anyhow::Result<Source>> = {
        use rayon::prelude::*;
        paths
            .par_iter()
            .zip(names)
            .map(|(path, name)| documents::read_document(path, name))
            .collect()
    };
    let sources = read.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
    let count = plural(sources.len(), "document");
    let origin = match data {
        Some(dir) if !files.is_empty() => {
            format!("{count} (in {} and named)", documents::display_path(dir))
        }
        Some(dir) => format!("{count} in {}", documents::display_path(dir)),
        None => count,
    };
    Ok((sources, origin))
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
