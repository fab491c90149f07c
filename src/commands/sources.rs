//! Where the graph comes from: the embedded corpus, `--data DIR`, file
//! arguments, or a saved graph (`--graph FILE`). Loading is the same for
//! every subcommand, so `query`, `repl`, `analyze` and `export` see the same
//! graph for the same options.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::cli::SourceArgs;
use crate::ingest::{self, Source};
use crate::model::Corpus;
use crate::progress::Progress;
use crate::store::{
    Backend, Credentials, DocumentsBackend, HdtBackend, OnIngest, PlanStore, RemoteBackend, Reread,
};

use super::documents;

/// The graph the options ask for, ready to be asked: a saved graph
/// (`--graph`) loaded into memory, or the documents (the embedded corpus,
/// `--data DIR`, or `files`), which build only what they are asked
/// ([`DocumentsBackend`]). `report` is shown the corpus once the documents
/// are read (the `--verbose` report of their diagnostics).
pub fn open(
    args: &SourceArgs,
    files: &[PathBuf],
    report: Option<OnIngest>,
) -> anyhow::Result<Opened> {
    prepare_open(args, files, report)?.open()
}

/// A graph ready to be asked, and where it came from.
pub struct Opened {
    pub backend: Box<dyn Backend>,
    /// "embedded corpus (5 documents)", "12 documents in DIR", "graph file FILE".
    pub origin: String,
}

/// The first, quick part of [`open`]: the checks that need only the options
/// and the file system (a missing directory, an unreadable document, a graph
/// file of unknown format), so that an interactive shell can report them
/// before its prompt and build the graph while the user types.
pub fn prepare_open(
    args: &SourceArgs,
    files: &[PathBuf],
    report: Option<OnIngest>,
) -> anyhow::Result<PreparedOpen> {
    if let Some(url) = &args.endpoint {
        if !files.is_empty() {
            bail!("--endpoint cannot be combined with document files: give one or the other");
        }
        let backend = RemoteBackend::new(url, credentials_for(url)?)?;
        return Ok(PreparedOpen::Remote(backend));
    }
    if let Some(path) = &args.graph {
        if !files.is_empty() {
            bail!("--graph cannot be combined with document files: give one or the other");
        }
        crate::files::graph_file(path)?;
        std::fs::File::open(path)
            .with_context(|| format!("cannot read graph file {}", path.display()))?;
        return Ok(PreparedOpen::Graph(path.clone()));
    }
    let (sources, origin) = read_sources(args.data.as_deref(), files)?;
    let stated = stated_jurisdictions(args, files, &sources)?;
    let embedded = args.data.is_none() && files.is_empty();
    let (data, files) = (args.data.clone(), files.to_vec());
    let reread: Reread = Box::new(move || Ok(read_sources(data.as_deref(), &files)?.0));
    let mut backend = DocumentsBackend::new(sources, stated, origin.clone(), reread);
    if let Some(report) = report {
        backend = backend.on_ingest(report);
    } else if let Some(cache) = embedded.then(|| corpus_cache(args)).flatten() {
        // (Not under --verbose: its report of the documents' diagnostics
        // needs them ingested.)
        backend = backend.with_cache(cache);
    }
    Ok(PreparedOpen::Documents { backend, origin })
}

/// A graph whose sources have been found and read, not yet built.
pub enum PreparedOpen {
    Graph(PathBuf),
    Remote(RemoteBackend),
    Documents {
        backend: DocumentsBackend,
        origin: String,
    },
}

impl PreparedOpen {
    /// The graph, asked lazily when it is read from documents.
    pub fn open(self) -> anyhow::Result<Opened> {
        match self {
            PreparedOpen::Graph(path) if crate::files::is_hdt(&path) => Ok(Opened {
                backend: Box::new(open_hdt_file(&path)?),
                origin: format!("graph file {}", path.display()),
            }),
            PreparedOpen::Graph(path) => Ok(Opened {
                backend: Box::new(load_graph_file(&path)?),
                origin: format!("graph file {}", path.display()),
            }),
            PreparedOpen::Documents { backend, origin } => Ok(Opened {
                backend: Box::new(backend),
                origin,
            }),
            PreparedOpen::Remote(backend) => Ok(Opened {
                origin: format!("SPARQL endpoint {}", backend.endpoint()),
                backend: Box::new(backend),
            }),
        }
    }

    /// The graph, built whole now (for a shell, whose every statement
    /// should answer at once).
    pub fn open_whole(self) -> anyhow::Result<Opened> {
        if let PreparedOpen::Documents { backend, .. } = &self {
            backend.load_everything()?;
        }
        self.open()
    }
}

/// The variables that hold the credentials of a remote store.
pub const USER_ENV: &str = "PLANGRAPH_USER";
pub const PASSWORD_ENV: &str = "PLANGRAPH_PASSWORD";

/// The credentials for `url`: PLANGRAPH_USER and PLANGRAPH_PASSWORD, else
/// the `machine HOST login USER password PASSWORD` entry of the netrc file
/// ($NETRC, else ~/.netrc) for the URL's host, else none.
pub fn credentials_for(url: &str) -> anyhow::Result<Option<Credentials>> {
    match (std::env::var(USER_ENV), std::env::var(PASSWORD_ENV)) {
        (Ok(user), Ok(password)) => return Ok(Some(Credentials { user, password })),
        (Ok(_), Err(_)) | (Err(_), Ok(_)) => {
            bail!("set both {USER_ENV} and {PASSWORD_ENV}, or neither")
        }
        _ => {}
    }
    let host = url
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(url)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .rsplit('@')
        .next()
        .unwrap_or("");
    let host = host.split(':').next().unwrap_or(host);
    let path = match std::env::var_os("NETRC") {
        Some(path) => PathBuf::from(path),
        None => match dirs::home_dir() {
            Some(home) => home.join(".netrc"),
            None => return Ok(None),
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    Ok(netrc_entry(&text, host))
}

/// The login and password of `host` (or of `default`) in a netrc text.
fn netrc_entry(text: &str, host: &str) -> Option<Credentials> {
    let words: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect();
    let mut found: Option<Credentials> = None;
    let mut fallback: Option<Credentials> = None;
    let mut i = 0;
    while i < words.len() {
        let (matches, is_default) = match words[i] {
            "machine" => {
                i += 1;
                (words.get(i) == Some(&host), false)
            }
            "default" => (true, true),
            _ => {
                i += 1;
                continue;
            }
        };
        i += 1;
        let (mut user, mut password) = (None, None);
        while i < words.len() && !matches!(words[i], "machine" | "default") {
            match (words[i], words.get(i + 1)) {
                ("login", Some(value)) => user = Some(value.to_string()),
                ("password", Some(value)) => password = Some(value.to_string()),
                _ => {}
            }
            i += 2;
        }
        if let (true, Some(user), Some(password)) = (matches, user, password) {
            let entry = Credentials { user, password };
            if is_default {
                fallback.get_or_insert(entry);
            } else if found.is_none() {
                found = Some(entry);
            }
        }
    }
    found.or(fallback)
}

/// Where the graph of these options comes from, in words, without reading
/// anything: "embedded corpus (5 documents)", "documents in DIR", "graph
/// file FILE".
pub fn describe(args: &SourceArgs) -> String {
    if let Some(url) = &args.endpoint {
        format!("SPARQL endpoint {url}")
    } else if let Some(path) = &args.graph {
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

/// The cache of the embedded corpus's graph made with these options: the
/// key covers `--jurisdiction` and the alias files read (their names and
/// contents), so another choice never reads this graph. `None` when the
/// cache is off or an alias file cannot be read again.
pub fn corpus_cache(args: &SourceArgs) -> Option<crate::store::CorpusCache> {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    parts.push(match &args.jurisdiction {
        Some(name) => format!("jurisdiction {name}").into_bytes(),
        None => b"no jurisdiction".to_vec(),
    });
    let mut aliases: Vec<(PathBuf, bool)> = default_alias_file().into_iter().collect();
    aliases.extend(args.aliases.iter().map(|path| (path.clone(), true)));
    for (path, named) in aliases {
        parts.push(path.as_os_str().as_encoded_bytes().to_vec());
        match std::fs::read(&path) {
            Ok(bytes) => parts.push(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
                parts.push(b"absent".to_vec())
            }
            Err(_) => return None,
        }
    }
    let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    crate::store::CorpusCache::new(&parts)
}

/// A saved graph with the ontology beside it.
pub fn load_graph_file(path: &Path) -> anyhow::Result<PlanStore> {
    let progress = Progress::spinner(&format!("loading {}", path.display()));
    let store = PlanStore::load_file(path)?;
    store.insert(crate::rdf::ontology_quads().context("the built-in ontology is invalid")?)?;
    progress.finish();
    Ok(store)
}

/// A saved HDT graph, queried in place, with the ontology beside it.
pub fn open_hdt_file(path: &Path) -> anyhow::Result<HdtBackend> {
    let ontology = crate::rdf::ontology_quads().context("the built-in ontology is invalid")?;
    Ok(HdtBackend::open(path, ontology)?)
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
