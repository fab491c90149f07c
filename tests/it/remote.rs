//! A remote store: the corpus pushed to an Oxigraph server on a free
//! loopback port, then every canned query, two analyses, an export and
//! `describe` through `--endpoint` give what they give locally.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::readers::{require, Reader};
use crate::support::{plangraph, run_command, stderr, stdout};

/// An Oxigraph server on a temporary store, killed when dropped.
struct OxigraphServer {
    child: Child,
    port: u16,
    _store: tempfile::TempDir,
}

impl OxigraphServer {
    fn start() -> OxigraphServer {
        let store = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        let child = Command::new("oxigraph")
            .args(["serve", "--location"])
            .arg(store.path())
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("oxigraph serve starts");
        let server = OxigraphServer {
            child,
            port,
            _store: store,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "oxigraph serve did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for OxigraphServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// stdout of `plangraph ARGS` (with `--endpoint URL` first when given),
/// which must succeed.
fn output(endpoint: Option<&str>, args: &[&str]) -> String {
    let mut command = plangraph();
    if let Some(url) = endpoint {
        command.args(["--endpoint", url]);
    }
    command.args(args);
    let out = run_command(command, "");
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// Rows in a stable order: a query without ORDER BY may list them in any,
/// and GROUP_CONCAT joins its values in any order (tasks-of-plan's leads,
/// joined with 、), so those are sorted too.
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

#[test]
fn every_command_reads_a_pushed_graph_through_the_endpoint_as_it_reads_the_local_one() {
    if !require(Reader::Oxigraph) {
        return;
    }
    let server = OxigraphServer::start();
    let pushed = run_command(
        {
            let mut command = plangraph();
            command.args(["push", &server.url("/store"), "--replace"]);
            command
        },
        "",
    );
    assert!(pushed.status.success(), "{}", stderr(&pushed));
    let said = stderr(&pushed);
    let local_count =
        crate::support::select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0][0].clone();
    assert!(
        said.contains(&format!(
            "pushed {local_count} triples to the default graph"
        )),
        "{said}"
    );
    let endpoint = server.url("/query");
    let endpoint = Some(endpoint.as_str());
    for query in plangraph::queries::canned_queries() {
        let file = format!("queries/{}.rq", query.name);
        let args = ["query", "-f", file.as_str(), "--format", "csv"];
        assert_eq!(
            sorted(&output(endpoint, &args)),
            sorted(&output(None, &args)),
            "{}",
            query.name
        );
    }
    for args in [
        vec!["analyze", "co-lead", "--format", "csv"],
        vec!["analyze", "centrality", "--format", "csv"],
        vec!["analyze", "centrality", "--format", "csv", "--year", "2023"],
        // Filters the projection pushes into its SELECTs (plans in scope,
        // regions and industries), and a region no task in the year has.
        vec![
            "analyze",
            "co-lead",
            "--format",
            "csv",
            "--plan-group",
            "十大创新",
        ],
        vec!["analyze", "co-lead", "--format", "csv", "--region", "济南"],
        vec![
            "analyze",
            "co-lead",
            "--format",
            "csv",
            "--industry",
            "制造",
        ],
        vec![
            "analyze", "co-lead", "--format", "csv", "--plan", "科技", "--year", "2022",
        ],
        vec![
            "analyze", "co-lead", "--format", "csv", "--year", "2023", "--region", "火星",
        ],
        vec!["export", "co-lead", "--format", "graphml"],
        vec!["describe", "省科技厅"],
        vec!["why", "2022-科技研发创新-2-n1"],
    ] {
        assert_eq!(output(endpoint, &args), output(None, &args), "{args:?}");
    }
    // Completion asks the store no whole-store question, and still knows
    // the units.
    let remote = plangraph::store::RemoteBackend::new(&server.url("/query"), None).unwrap();
    let names = plangraph::repl::completer::Names::load(&remote);
    let completion = plangraph::repl::completer::Completion {
        names: &names,
        canned: &[],
    };
    let line = "SELECT * WHERE { ?t pg:leadUnit unit:山东省科技";
    let (_, candidates) = completion.complete(line, line.len());
    assert!(
        candidates
            .iter()
            .any(|c| c.replacement == "unit:山东省科技厅"),
        "{:?}",
        candidates
            .iter()
            .map(|c| &c.replacement)
            .collect::<Vec<_>>()
    );
    // A query the store refuses is one sentence naming the store, exit 2.
    let mut command = plangraph();
    command.args([
        "--endpoint",
        &server.url("/query"),
        "query",
        "SELECT ?x WHERE { ?x",
    ]);
    let refused = run_command(command, "");
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains(&format!("{} answered 400", server.url("/query"))),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn an_endpoint_that_does_not_answer_is_one_sentence() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let url = format!("http://127.0.0.1:{port}/sparql");
    let mut command = plangraph();
    command.args(["--endpoint", &url, "query", "ASK {}"]);
    let out = run_command(command, "");
    assert_eq!(out.status.code(), Some(2));
    let said = stderr(&out);
    assert!(
        said.starts_with(&format!("plangraph: cannot reach {url}")),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1, "{said}");
}

/// The test Virtuoso's `ResultSetMaxRows`.
const RESULT_LIMIT: usize = 1000;

/// Virtuoso on temporary files and free ports, killed when dropped.
struct Virtuoso {
    child: Child,
    http: u16,
    _dir: tempfile::TempDir,
}

impl Virtuoso {
    fn start() -> Virtuoso {
        let dir = tempfile::tempdir().unwrap();
        let free = || {
            std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map(|a| a.port())
                .unwrap()
        };
        let (sql, http) = (free(), free());
        // Debian's configuration with this test's files and ports.
        let ini = std::fs::read_to_string(crate::readers::VIRTUOSO_INI).unwrap();
        let place = dir.path().display().to_string();
        let ini: String = ini
            .lines()
            .map(|line| {
                let key = line.split('=').next().unwrap_or("").trim();
                match key {
                    "DatabaseFile" | "ErrorLogFile" | "LockFile" | "TransactionFile"
                    | "xa_persistent_file" => {
                        let file = line.rsplit('/').next().unwrap_or("virtuoso.db").trim();
                        format!("{key} = {place}/{file}")
                    }
                    "DirsAllowed" => format!("{key} = ., {place}"),
                    // Small enough that the projection's tasks and roles
                    // (1,487 and 3,331 rows) are cut, larger than any
                    // canned query's answer (740 rows at most).
                    "ResultSetMaxRows" => format!("{key} = {RESULT_LIMIT}"),
                    _ => line.to_owned(),
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        // The first ServerPort is the SQL port, the second the HTTP one.
        let ini = ini
            .replacen(
                "ServerPort               = 1111",
                &format!("ServerPort = {sql}"),
                1,
            )
            .replacen(
                "ServerPort                  = 8890",
                &format!("ServerPort = {http}"),
                1,
            );
        let ini_path = dir.path().join("virtuoso.ini");
        std::fs::write(&ini_path, ini).unwrap();
        let child = Command::new("virtuoso-t")
            .args(["-f", "-c"])
            .arg(&ini_path)
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("virtuoso-t starts");
        let server = Virtuoso {
            child,
            http,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", http)).is_err() {
            assert!(Instant::now() < deadline, "virtuoso did not start");
            std::thread::sleep(Duration::from_millis(200));
        }
        // The anonymous SPARQL account may write through the Graph Store
        // endpoint (loopback only, a throwaway database).
        let granted = Command::new("isql-vt")
            .args([
                &sql.to_string(),
                "dba",
                "dba",
                "exec=grant SPARQL_UPDATE to \"SPARQL\";",
            ])
            .output()
            .expect("isql-vt runs");
        assert!(
            granted.status.success(),
            "{}",
            String::from_utf8_lossy(&granted.stderr)
        );
        server
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.http)
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Virtuoso answers plangraph's own queries as the local graph does, but
/// for three of its differences, normalised here: it stores xsd:boolean
/// values as the integers 1 and 0, it writes a GROUP_CONCAT separator
/// outside ASCII (tasks-of-plan's 、) as `?`, and (as every store)
/// GROUP_CONCAT joins in any order.
#[test]
fn virtuoso_answers_the_queries_plangraph_sends_as_the_local_graph_does() {
    if !require(Reader::Virtuoso) {
        return;
    }
    let server = Virtuoso::start();
    let mut command = plangraph();
    command.args([
        "push",
        &server.url("/sparql-graph-crud"),
        "--graph-name",
        "urn:plangraph:test",
        "--replace",
    ]);
    let pushed = run_command(command, "");
    assert!(pushed.status.success(), "{}", stderr(&pushed));
    let url = server.url("/sparql");
    let endpoint = Some(url.as_str());
    let booleans = |text: String| {
        text.replace(",true", ",1")
            .replace(",false", ",0")
            .replace('?', "、")
    };
    for query in plangraph::queries::canned_queries() {
        let file = format!("queries/{}.rq", query.name);
        let args = ["query", "-f", file.as_str(), "--format", "csv"];
        assert_eq!(
            sorted(&booleans(output(endpoint, &args))),
            sorted(&booleans(output(None, &args))),
            "{}",
            query.name
        );
    }
    // The projection's answers are larger than the store's result limit:
    // it asks again in parts and gets every row.
    for args in [
        vec!["analyze", "co-lead", "--format", "csv"],
        vec!["analyze", "centrality", "--format", "csv"],
        vec![
            "analyze", "co-lead", "--format", "csv", "--year", "2023", "--region", "济南",
        ],
        vec!["export", "co-lead", "--format", "graphml"],
        vec!["describe", "省科技厅"],
        vec!["why", "2022-科技研发创新-2-n1"],
    ] {
        assert_eq!(output(endpoint, &args), output(None, &args), "{args:?}");
    }
    // A user's query that the limit cuts prints what came and then says
    // that it is incomplete, exit 2: never a silent part.
    let mut command = plangraph();
    command.args([
        "--endpoint",
        &url,
        "query",
        "SELECT ?task WHERE { ?task a pg:Task }",
        "--format",
        "csv",
    ]);
    let cut = run_command(command, "");
    assert_eq!(cut.status.code(), Some(2));
    assert!(
        stderr(&cut).contains(&format!(
            "sent only the first {RESULT_LIMIT} rows of its answer"
        )),
        "{}",
        stderr(&cut)
    );
    assert_eq!(stderr(&cut).lines().count(), 1, "{}", stderr(&cut));
}
