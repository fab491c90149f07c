//! The embedded corpus's graph cached as an HDT file
//! (`$PLANGRAPH_CACHE_DIR/plangraph/corpus-KEY.hdt`): written on first use,
//! read after; it answers every canned query as the documents do; a damaged
//! file is rebuilt without a word; other options make another graph, which
//! never reads this one.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{run_command, stderr, stdout};

/// A cache directory of this test's own, emptied.
fn cache_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("corpus-cache")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `plangraph ARGS` with the cache in `cache` (or off), which must succeed.
fn plangraph(cache: Option<&Path>, args: &[&str]) -> Output {
    let mut command = crate::support::plangraph();
    if let Some(dir) = cache {
        command
            .env_remove("PLANGRAPH_NO_CACHE")
            .env("PLANGRAPH_CACHE_DIR", dir);
    }
    command.args(args);
    let out = run_command(command, "");
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    out
}

/// The files in the cache's directory (temporary files included).
fn cached_files(cache: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cache.join("plangraph"))
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Which write made the file: its inode (an atomic write renames a new
/// file into place).
fn written_as(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().ino()
}

/// Rows in a stable order (the cached graph keeps its triples in another
/// order than the store; GROUP_CONCAT joins in any order).
fn sorted(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .map(|line| {
            line.split(',')
                .map(|field| {
                    let mut parts: Vec<&str> = field.split('、').collect();
                    parts.sort_unstable();
                    parts.join("、")
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    lines.sort();
    lines
}

/// An analysis's output without the time it took (its first line ends
/// with it).
fn without_time(text: &str) -> String {
    text.lines()
        .map(|line| match line.rsplit_once(" — ") {
            Some((head, took)) if line.starts_with("# ") && took.ends_with(" ms") => head,
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const COUNT: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";

#[test]
fn the_first_query_writes_the_cache_and_later_ones_answer_the_same_from_it() {
    let cache = cache_dir("same");
    let fresh = stdout(&plangraph(None, &["query", COUNT]));
    assert_eq!(stdout(&plangraph(Some(&cache), &["query", COUNT])), fresh);
    let files = cached_files(&cache);
    assert_eq!(
        files.len(),
        1,
        "one graph file, no temporary file: {files:?}"
    );
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("corpus-") && name.ends_with(".hdt"),
        "{name}"
    );
    // The file is read now: a query on a graph that is only the cached
    // file's answers without the documents (the file is the graph).
    // The file's identity: a write replaces it (a new inode); a use only
    // marks its time.
    let written = written_as(&files[0]);
    for query in plangraph::queries::canned_queries() {
        let file = format!("queries/{}.rq", query.name);
        let args = ["query", "-f", file.as_str(), "--format", "csv"];
        let from_cache = stdout(&plangraph(Some(&cache), &args));
        assert!(from_cache.lines().count() > 1, "{}: no rows", query.name);
        assert_eq!(
            sorted(&from_cache),
            sorted(&stdout(&plangraph(None, &args))),
            "{}",
            query.name
        );
    }
    // The whole graph, triple for triple.
    let all = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }";
    let triples = |cache| {
        let text = stdout(&plangraph(cache, &["query", all, "--format", "nt"]));
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        lines.sort();
        lines
    };
    let from_cache = triples(Some(&cache));
    assert!(from_cache.len() > 60_000, "{}", from_cache.len());
    assert!(from_cache == triples(None), "the cached graph is the graph");
    for args in [
        vec!["describe", "省科技厅"],
        vec!["why", "2022-科技研发创新-2-n1"],
        vec!["search", "科技 创新"],
        vec!["analyze", "co-lead", "--format", "csv"],
        vec!["analyze", "dependencies", "--format", "csv"],
        vec!["analyze", "centrality", "--format", "csv"],
        vec!["analyze", "centrality", "--format", "csv", "--year", "2023"],
        vec!["analyze", "communities"],
        vec!["analyze", "core"],
        vec!["analyze", "brokers"],
        vec!["analyze", "unit", "省科技厅"],
        vec!["analyze", "compare"],
        vec!["analyze", "concentration"],
        vec!["analyze", "targets"],
        vec!["export", "co-lead", "--format", "graphml"],
        vec!["export", "unit", "省科技厅", "--format", "graphml"],
        vec!["query", COUNT],
    ] {
        assert_eq!(
            without_time(&stdout(&plangraph(Some(&cache), &args))),
            without_time(&stdout(&plangraph(None, &args))),
            "{args:?}"
        );
    }
    assert_eq!(cached_files(&cache), files, "nothing else written");
    assert_eq!(
        written_as(&files[0]),
        written,
        "the cache is not written again"
    );
    // And the answers come from the file: another graph in its place is
    // what the next query reads.
    let other = cache.join("other.hdt");
    let docs = crate::support::TWO_PROVINCES;
    plangraph(
        None,
        &["--data", docs, "build", "-o", other.to_str().unwrap()],
    );
    std::fs::rename(&other, &files[0]).unwrap();
    let swapped = stdout(&plangraph(Some(&cache), &["query", COUNT]));
    assert_eq!(
        swapped,
        stdout(&plangraph(None, &["--data", docs, "query", COUNT]))
    );
    assert_ne!(swapped, stdout(&plangraph(None, &["query", COUNT])));
}

#[test]
fn a_damaged_cache_file_is_rebuilt_without_a_word() {
    let cache = cache_dir("damaged");
    let fresh = stdout(&plangraph(None, &["query", COUNT]));
    plangraph(Some(&cache), &["query", COUNT]);
    let file = cached_files(&cache).pop().unwrap();
    let whole = std::fs::read(&file).unwrap();
    for damaged in [
        whole[..whole.len() / 2].to_vec(),
        b"not a graph".to_vec(),
        Vec::new(),
    ] {
        std::fs::write(&file, &damaged).unwrap();
        let out = plangraph(Some(&cache), &["query", COUNT]);
        assert_eq!(stdout(&out), fresh);
        assert_eq!(stderr(&out), "", "the user did not make the file");
        assert_eq!(cached_files(&cache), std::slice::from_ref(&file));
        let rebuilt = std::fs::metadata(&file).unwrap().len();
        assert_eq!(rebuilt, whole.len() as u64, "written again, whole");
        // And read the next time, not written again.
        let written = written_as(&file);
        assert_eq!(stdout(&plangraph(Some(&cache), &["query", COUNT])), fresh);
        assert_eq!(written_as(&file), written);
    }
}

#[test]
fn options_that_change_the_graph_do_not_read_the_corpus_cache() {
    let cache = cache_dir("options");
    let units = "SELECT ?u WHERE { ?u a pg:Unit } ORDER BY ?u";
    let default = stdout(&plangraph(Some(&cache), &["query", units]));
    assert_eq!(default, stdout(&plangraph(None, &["query", units])));
    assert_eq!(cached_files(&cache).len(), 1);
    let aliases = ["--aliases", "tests/data/aliases/override-shandong.tsv"];
    let with_aliases = [&aliases[..], &["query", units]].concat();
    let overridden = stdout(&plangraph(Some(&cache), &with_aliases));
    assert_ne!(overridden, default, "the alias file renames a unit");
    assert_eq!(overridden, stdout(&plangraph(None, &with_aliases)));
    let jurisdiction = ["--jurisdiction", "山东省", "query", units];
    assert_eq!(
        stdout(&plangraph(Some(&cache), &jurisdiction)),
        stdout(&plangraph(None, &jurisdiction))
    );
    // Each made its own file, and each reads its own the second time.
    assert_eq!(cached_files(&cache).len(), 3);
    assert_eq!(stdout(&plangraph(Some(&cache), &with_aliases)), overridden);
    assert_eq!(stdout(&plangraph(Some(&cache), &["query", units])), default);
}

/// Writing a new cached graph keeps the most recently used ones (a use
/// marks its file) up to `KEEP` and removes the others and any temporary
/// file a killed writer left more than an hour ago; a fresh temporary
/// file (a writer at work) stays.
#[test]
fn a_new_cached_graph_removes_all_but_the_most_recently_used() {
    use std::time::{Duration, SystemTime};
    let cache = cache_dir("pruned");
    let dir = cache.join("plangraph");
    std::fs::create_dir_all(&dir).unwrap();
    let aged = |name: &str, hours: u64| {
        let path = dir.join(name);
        std::fs::write(&path, b"an older binary's graph").unwrap();
        let when = SystemTime::now() - Duration::from_secs(hours * 3600);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(when)
            .unwrap();
        path
    };
    // Ten graphs of other binaries, used 1 to 10 hours ago.
    let olds: Vec<PathBuf> = (1..=10)
        .map(|hours| aged(&format!("corpus-{hours:016x}.hdt"), hours))
        .collect();
    let stale = aged(".corpus-0000000000000001.hdt.plangraph-1-0.tmp", 2);
    let writing = dir.join(".corpus-0000000000000002.hdt.plangraph-2-0.tmp");
    std::fs::write(&writing, b"a writer at work").unwrap();
    let unrelated = aged("notes.txt", 30);

    plangraph(Some(&cache), &["query", COUNT]);

    let graphs: Vec<PathBuf> = cached_files(&cache)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "hdt"))
        .collect();
    assert_eq!(graphs.len(), 8, "{graphs:?}");
    // The new one and the seven most recently used of the old ones.
    for old in &olds[..7] {
        assert!(old.exists(), "{} was used lately", old.display());
    }
    for old in &olds[7..] {
        assert!(!old.exists(), "{} was used longest ago", old.display());
    }
    assert!(!stale.exists(), "a writer's file of two hours ago");
    assert!(writing.exists(), "a file being written");
    assert!(unrelated.exists(), "a file that is not the cache's");

    // Using a cached graph marks it: after a query on the new graph, a
    // next write keeps it before any old one.
    let new = graphs
        .iter()
        .find(|p| !olds.contains(p))
        .expect("the new graph")
        .clone();
    std::fs::File::options()
        .write(true)
        .open(&new)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(100 * 3600))
        .unwrap();
    plangraph(Some(&cache), &["query", COUNT]);
    let used = std::fs::metadata(&new).unwrap().modified().unwrap();
    assert!(
        used.elapsed().unwrap() < Duration::from_secs(600),
        "a query on the cached graph marks it as used"
    );
}
