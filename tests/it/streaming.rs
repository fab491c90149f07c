//! Results stream (issue #18): a huge result piped into `head` ends as soon
//! as `head` has read enough, quietly and with status 0, in every output
//! format, and the table's layout stays bounded whatever its cells hold.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::{plangraph, run, stderr, stdout};

/// 60,000 triples squared: billions of rows, which no test could wait for.
const PRODUCT: &str = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }";
const CONSTRUCT_PRODUCT: &str = "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }";

/// How long a reader that went away may wait for the process to end. Loading
/// the corpus takes a second or two in a debug build on a busy machine; a
/// result that is buffered or counted to its end takes hours.
const ENDS_WITHIN: Duration = Duration::from_secs(60);

/// Reads the child's first line (or, for output without line breaks, its
/// first bytes), closes the pipe as `head` does, and returns the text read
/// once the child has ended with status 0 and nothing on stderr.
#[track_caller]
fn read_then_close(mut child: Child) -> String {
    // A process that buffers its whole result writes nothing: a watchdog
    // kills it, so that the test fails instead of waiting for hours.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watchdog = {
        let done = done.clone();
        let pid = child.id() as libc::pid_t;
        std::thread::spawn(move || {
            let started = Instant::now();
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                if started.elapsed() > ENDS_WITHIN {
                    // SAFETY: a signal to our own child, not yet reaped
                    // (`done` is set before the test waits for it).
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut reader = BufReader::new(stdout);
    let mut first = String::new();
    let mut bytes = vec![0; 200];
    let available = reader.fill_buf().expect("some output").len();
    assert!(available > 0, "no output within {ENDS_WITHIN:?}");
    if reader.buffer().contains(&b'\n') {
        reader.read_line(&mut first).unwrap();
    } else {
        let n = reader.read(&mut bytes).unwrap();
        first = String::from_utf8_lossy(&bytes[..n]).into_owned();
    }
    drop(reader);
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    watchdog.join().unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > ENDS_WITHIN {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("still running {ENDS_WITHIN:?} after its reader went away (first output: {first:?})");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {err}");
    assert_eq!(err, "", "a closed pipe is not worth a message");
    first
}

fn spawn_query(args: &[&str]) -> Child {
    plangraph()
        .arg("query")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

// See: issue #18 (`query … | head -1` never finished: the table collected
// every row first)
#[test]
fn r18_a_huge_table_ends_when_its_reader_goes() {
    let first = read_then_close(spawn_query(&[PRODUCT]));
    assert!(first.starts_with("a "), "{first:?}");
}

#[test]
fn r18_huge_results_in_every_solutions_format_end_when_their_reader_goes() {
    for (format, start) in [
        ("csv", "a,b,c,d,e,f"),
        ("tsv", "?a\t?b"),
        ("json", "{\"head\""),
        ("xml", "<?xml"),
    ] {
        let first = read_then_close(spawn_query(&["--format", format, PRODUCT]));
        assert!(first.starts_with(start), "{format}: {first:?}");
    }
}

// See: issue #18 (CONSTRUCT output collected and sorted every triple first)
#[test]
fn r18_a_huge_construct_ends_when_its_reader_goes() {
    for (format, start) in [
        (None, "@prefix"),
        (Some("ttl"), "@prefix"),
        (Some("nt"), "<https://w3id.org/plangraph/"),
    ] {
        let mut args = Vec::new();
        if let Some(format) = format {
            args.extend(["--format", format]);
        }
        args.push(CONSTRUCT_PRODUCT);
        let first = read_then_close(spawn_query(&args));
        assert!(first.starts_with(start), "{format:?}: {first:?}");
    }
}

// See: issue #18 (rows past `\limit` were counted to the end of a huge
// result, writing nothing, so a closed pipe went unnoticed)
#[test]
fn r18_the_piped_repl_stops_counting_rows_when_its_reader_goes() {
    // `\limit 5`: the shown rows fit in the output's buffer, so the reader
    // goes while the rest is counted, not while rows are written.
    for setting in [
        "\\limit 5",
        "",
        "\\limit all",
        "\\format tsv",
        "\\format nt",
    ] {
        let query = if setting == "\\format nt" {
            CONSTRUCT_PRODUCT
        } else {
            PRODUCT
        };
        let mut child = plangraph()
            .arg("repl")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            let mut input = child.stdin.take().unwrap();
            writeln!(input, "{setting}\n{query};").unwrap();
        }
        read_then_close(child);
    }
}

/// The lines of `plangraph query QUERY` (table) after checking it succeeded.
fn table_lines(args: &[&str], query: &str) -> Vec<String> {
    let mut all = vec!["query"];
    all.extend(args);
    all.push("-");
    let output = run(&all, query);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output).lines().map(str::to_owned).collect()
}

#[test]
fn the_table_takes_its_column_widths_from_its_first_thousand_rows() {
    let narrow = "\"a\" ".repeat(plangraph::print::table::WIDTH_SAMPLE_ROWS);
    let query =
        format!("SELECT ?x ?n WHERE {{ VALUES ?x {{ {narrow} \"wider later\" }} BIND(1 AS ?n) }}");
    let lines = table_lines(&[], &query);
    assert_eq!(lines[0], "x │ n");
    assert_eq!(lines[2], "a │ 1");
    let last = lines.len() - 2;
    assert_eq!(
        lines[last], "wider later │ 1",
        "a later wider cell widens its own line"
    );
    assert_eq!(lines[last + 1], "(1001 rows)");
}

#[test]
fn a_huge_cell_under_wide_lengthens_its_own_line_only() {
    let huge = "长".repeat(500_000);
    let others: String = (0..100).map(|i| format!("\"{i}\" ")).collect();
    let query = format!("SELECT ?x WHERE {{ VALUES ?x {{ \"{huge}\" {others} }} }}");
    let lines = table_lines(&["--wide"], &query);
    assert!(
        lines.iter().any(|l| l == &huge),
        "the cell is shown in full"
    );
    let total: usize = lines.iter().map(String::len).sum();
    assert!(
        total < 2 * huge.len(),
        "{total} bytes: short rows were padded to the huge one"
    );
    assert!(lines[1].chars().count() <= plangraph::print::table::MAX_COLUMN_WIDTH);
}

#[test]
fn a_huge_variable_name_under_wide_makes_a_bounded_header() {
    let name = "v".repeat(200_000);
    let query = format!("SELECT ?{name} WHERE {{ BIND(1 AS ?{name}) }}");
    let lines = table_lines(&["--wide"], &query);
    assert!(
        lines[0].starts_with("vvvv") && lines[0].ends_with('…'),
        "{}",
        &lines[0][..20]
    );
    assert!(lines.iter().map(String::len).sum::<usize>() < 2_000);
}

#[test]
fn a_construct_larger_than_its_sorted_start_prints_every_triple() {
    // Every triple's subject and object swapped: as many triples as the
    // graph has with an IRI as object, well over the sorted first part.
    let query = "CONSTRUCT { ?o ?p ?s } WHERE { ?s ?p ?o FILTER(isIRI(?o)) }";
    let count = crate::support::select(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) } }",
    )[0][0]
        .parse::<usize>()
        .unwrap();
    assert!(count > plangraph::print::SORTED_TRIPLES, "{count}");
    let output = run(&["query", "--format", "nt", query], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    let mut unique = lines.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), count);
    // The first part is sorted, and the result is valid N-Triples.
    let start = &lines[..plangraph::print::SORTED_TRIPLES];
    assert!(start.windows(2).all(|w| w[0] <= w[1]));
    assert!(lines.iter().all(|l| l.ends_with(" .")));
}
