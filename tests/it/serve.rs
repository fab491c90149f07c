//! `plangraph serve` on a free loopback port, checked with real HTTP
//! clients: ureq from Rust (always), and where installed (mandatory in CI)
//! curl, Python's SPARQLWrapper and rdflib, and headless Chromium on the
//! workbench.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::readers::{require, Reader};
use crate::support::plangraph;

/// A server process, killed when dropped (also when a test panics).
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(options: &[&str]) -> Server {
        let mut command = plangraph();
        command
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(options)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = command.spawn().expect("plangraph serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the server prints its address");
        let url = line.trim().trim_end_matches('/').to_owned();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "address line: {line:?}"
        );
        Server { child, url }
    }

    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .build()
        .into()
}

/// Status, content type and body of a response.
fn read(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> (u16, String, String) {
    let mut response = response.expect("the server answers");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = response.body_mut().read_to_string().expect("a text body");
    (status, content_type, body)
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

const COUNT_LEADS: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?t pg:leadUnit ?u }";

#[test]
fn the_sparql_protocol_answers_in_every_format_and_refuses_updates() {
    let server = Server::start(&[]);
    let http = agent(Duration::from_secs(60));
    let expected = crate::support::select(COUNT_LEADS)[0][0].clone();
    // GET, POST form, POST sparql-query: the same count, as SPARQL JSON.
    let get = read(
        http.get(&server.at(&format!("/sparql?query={}", encode(COUNT_LEADS))))
            .call(),
    );
    assert_eq!(
        (get.0, get.1.as_str()),
        (200, "application/sparql-results+json")
    );
    let json: serde_json::Value = serde_json::from_str(&get.2).unwrap();
    assert_eq!(
        json["results"]["bindings"][0]["n"]["value"],
        expected.as_str()
    );
    let form = read(
        http.post(&server.at("/sparql"))
            .send_form([("query", COUNT_LEADS)]),
    );
    assert_eq!(form.2, get.2);
    let direct = read(
        http.post(&server.at("/sparql"))
            .header("Content-Type", "application/sparql-query")
            .send(COUNT_LEADS),
    );
    assert_eq!(direct.2, get.2);
    // Content negotiation and ?format=.
    let url = server.at(&format!("/sparql?query={}", encode(COUNT_LEADS)));
    for (accept, media, start) in [
        ("text/csv", "text/csv", "n\r\n"),
        (
            "text/tab-separated-values",
            "text/tab-separated-values",
            "?n\n",
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            "<?xml",
        ),
    ] {
        let (status, content_type, body) = read(http.get(&url).header("Accept", accept).call());
        assert_eq!(status, 200, "{accept}");
        assert!(content_type.starts_with(media), "{accept}: {content_type}");
        assert!(body.starts_with(start), "{accept}: {body}");
    }
    let csv = read(
        http.get(&format!("{url}&format=csv"))
            .header("Accept", "application/json")
            .call(),
    );
    assert!(csv.1.starts_with("text/csv"));
    assert_eq!(csv.2, format!("n\r\n{expected}\r\n"));
    let refused = read(http.get(&url).header("Accept", "image/png").call());
    assert_eq!(refused.0, 406);
    // A CONSTRUCT as Turtle (with the project's prefixes), N-Triples and JSON-LD.
    let construct =
        "CONSTRUCT { ?t pg:leadUnit unit:山东省科技厅 } WHERE { ?t pg:leadUnit unit:山东省科技厅 }";
    let graph_url = server.at(&format!("/sparql?query={}", encode(construct)));
    let turtle = read(http.get(&graph_url).call());
    assert!(turtle.1.starts_with("text/turtle"));
    assert!(turtle
        .2
        .contains("@prefix pg: <https://w3id.org/plangraph/ontology#>"));
    let ntriples = read(
        http.get(&graph_url)
            .header("Accept", "application/n-triples")
            .call(),
    );
    let leads = crate::support::select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?t pg:leadUnit unit:山东省科技厅 }",
    )[0][0]
        .parse::<usize>()
        .unwrap();
    assert_eq!(ntriples.2.lines().count(), leads);
    let jsonld = read(
        http.get(&graph_url)
            .header("Accept", "application/ld+json")
            .call(),
    );
    assert!(jsonld.1.starts_with("application/ld+json"));
    serde_json::from_str::<serde_json::Value>(&jsonld.2).expect("JSON-LD is JSON");
    // Updates are refused with a 4xx and a sentence, whichever way they come.
    let update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }";
    for response in [
        read(
            http.post(&server.at("/sparql"))
                .send_form([("update", update)]),
        ),
        read(
            http.post(&server.at("/sparql"))
                .header("Content-Type", "application/sparql-update")
                .send(update),
        ),
        read(
            http.get(&server.at(&format!("/sparql?query={}", encode(update))))
                .call(),
        ),
    ] {
        assert_eq!(response.0, 403);
        assert!(
            response.2.starts_with("updates are not supported"),
            "{}",
            response.2
        );
    }
    // A syntax error: 400 and the command line's sentence.
    let bad = read(
        http.get(&server.at(&format!(
            "/sparql?query={}",
            encode("SELECT ?x WHERE {\n ?x pg:foo }")
        )))
        .call(),
    );
    assert_eq!(bad.0, 400);
    assert_eq!(
        bad.2.trim(),
        "SPARQL syntax error at line 2, column 12: unexpected '}'"
    );
    // The service description.
    let description = read(
        http.get(&server.at("/sparql"))
            .header("Accept", "text/turtle")
            .call(),
    );
    assert!(
        description
            .2
            .contains("sparql-service-description#SPARQL11Query"),
        "{}",
        description.2
    );
}

#[test]
fn every_minted_iri_has_a_page_and_data() {
    let server = Server::start(&[]);
    let http = agent(Duration::from_secs(60));
    let unit = "/id/unit/%E5%B1%B1%E4%B8%9C%E7%9C%81%E7%A7%91%E6%8A%80%E5%8E%85"; // 山东省科技厅
    let (status, content_type, page) = read(
        http.get(&server.at(unit))
            .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .call(),
    );
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"));
    let led = crate::support::select(
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t pg:leadUnit unit:山东省科技厅 }",
    )[0][0]
        .clone();
    assert!(
        page.contains(&format!("leads {led} tasks")),
        "the unit page counts its tasks"
    );
    assert!(page.contains("Co-lead partners") && page.contains("betweenness"));
    // Links to the tasks are served by this server.
    let task_link = page
        .split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or(""))
        .find(|href| href.starts_with("/id/task/"))
        .expect("a link to a task")
        .to_owned();
    let (status, _, task_page) = read(
        http.get(&server.at(&task_link))
            .header("Accept", "text/html")
            .call(),
    );
    assert_eq!(status, 200, "{task_link}");
    assert!(task_page.contains("lead units") && task_page.contains("<h2>Source</h2>"));
    // Programs get RDF: the triples about the unit, either way round.
    let (_, content_type, turtle) = read(http.get(&server.at(unit)).call());
    assert!(content_type.starts_with("text/turtle"));
    assert!(turtle.contains("skos:prefLabel \"省科技厅\""), "{turtle}");
    let ontology = read(
        http.get(&server.at("/ontology"))
            .header("Accept", "text/html")
            .call(),
    );
    assert!(ontology.2.contains("id=\"leadUnit\""));
    let missing = read(
        http.get(&server.at("/id/unit/nobody"))
            .header("Accept", "text/html")
            .call(),
    );
    assert_eq!(missing.0, 404);
    // The workbench and its API.
    let (status, _, bench) = read(http.get(&server.at("/")).call());
    assert_eq!(status, 200);
    assert!(bench.contains("/assets/workbench.js") && bench.contains("PREFIX pg:"));
    let queries: serde_json::Value =
        serde_json::from_str(&read(http.get(&server.at("/api/queries")).call()).2).unwrap();
    assert_eq!(
        queries.as_array().map(Vec::len),
        Some(plangraph::queries::canned_queries().len())
    );
    let completion: serde_json::Value = serde_json::from_str(
        &read(
            http.get(&server.at(&format!(
                "/api/complete?line={}",
                encode("SELECT * WHERE { ?t pg:leadUnit unit:山东省科技")
            )))
            .call(),
        )
        .2,
    )
    .unwrap();
    assert!(
        completion["candidates"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c["replacement"] == "unit:山东省科技厅")),
        "{completion}"
    );
    let network = read(
        http.get(&server.at("/api/network?kind=co-lead&year=2023&format=svg"))
            .call(),
    );
    assert_eq!(network.0, 200);
    assert!(network.1.starts_with("image/svg+xml") && network.2.contains("<svg"));
}

#[test]
fn a_runaway_query_stops_at_its_timeout_and_the_server_keeps_answering() {
    let server = Server::start(&["--timeout", "1", "--max-concurrent", "2"]);
    let http = agent(Duration::from_secs(60));
    let cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let started = Instant::now();
    let (status, _, body) = read(
        http.get(&server.at(&format!("/sparql?query={}", encode(cross))))
            .call(),
    );
    assert_eq!(status, 503);
    assert_eq!(body.trim(), "query timed out after 1 s");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // At once afterwards.
    let started = Instant::now();
    let (status, _, _) = read(http.get(&server.at("/sparql?query=ASK%7B%7D")).call());
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    // A client that gives up frees its turn: with both turns taken by
    // clients that disconnect, a third query is still answered well before
    // the timeouts would have freed them (the timeout here is 1 s, so the
    // check is that nothing waits for a dead client at all).
    let impatient = agent(Duration::from_millis(300));
    for _ in 0..2 {
        let _ = impatient
            .get(&server.at(&format!("/sparql?query={}", encode(cross))))
            .call();
    }
    let started = Instant::now();
    let (status, _, _) = read(http.get(&server.at("/sparql?query=ASK%7B%7D")).call());
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn sixteen_clients_with_twenty_five_queries_each_get_every_answer() {
    let server = Server::start(&[]);
    let queries: Vec<&str> = plangraph::queries::canned_queries()
        .iter()
        .filter(|q| q.params.is_empty())
        .map(|q| q.text)
        .collect();
    let expected: Vec<usize> = {
        let http = agent(Duration::from_secs(60));
        queries
            .iter()
            .map(|q| {
                read(
                    http.post(&server.at("/sparql"))
                        .header("Accept", "text/csv")
                        .send_form([("query", *q)]),
                )
                .2
                .len()
            })
            .collect()
    };
    std::thread::scope(|scope| {
        for client in 0..16 {
            let (server, queries, expected) = (&server, &queries, &expected);
            scope.spawn(move || {
                let http = agent(Duration::from_secs(120));
                for n in 0..25 {
                    let i = (client + n) % queries.len();
                    let (status, _, body) = read(
                        http.post(&server.at("/sparql"))
                            .header("Accept", "text/csv")
                            .send_form([("query", queries[i])]),
                    );
                    assert_eq!(status, 200, "client {client}, query {n}");
                    assert_eq!(body.len(), expected[i], "client {client}, query {n}");
                }
            });
        }
    });
}

/// The clients researchers use: SPARQLWrapper (GET and POST), rdflib
/// reading a CONSTRUCT's Turtle, curl negotiating, and the workbench in
/// headless Chromium opened at a shared `/?query=` link.
#[test]
fn real_clients_read_the_endpoint_and_the_workbench_shows_an_answer() {
    let server = Server::start(&[]);
    let expected = crate::support::select(COUNT_LEADS)[0][0].clone();
    if require(Reader::SparqlWrapper) {
        let script = format!(
            r#"
from SPARQLWrapper import SPARQLWrapper, JSON, POST
import rdflib
endpoint = "{url}/sparql"
for method in ("GET", "POST"):
    s = SPARQLWrapper(endpoint)
    s.setQuery({count:?})
    s.setReturnFormat(JSON)
    if method == "POST":
        s.setMethod(POST)
    print(method, s.query().convert()["results"]["bindings"][0]["n"]["value"])
s = SPARQLWrapper(endpoint)
s.setQuery("CONSTRUCT {{ ?t pg:leadUnit ?u }} WHERE {{ ?t pg:leadUnit ?u }} LIMIT 7")
s.setReturnFormat("turtle")
g = rdflib.Graph().parse(data=s.query().convert(), format="turtle")
print("triples", len(g))
"#,
            url = server.url,
            count = COUNT_LEADS
        );
        let output = std::process::Command::new("python3")
            .args(["-c", &script])
            .output()
            .expect("python3 runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            stdout,
            format!("GET {expected}\nPOST {expected}\ntriples 7\n")
        );
    }
    if require(Reader::Curl) {
        let output = std::process::Command::new("curl")
            .args([
                "-s",
                "-H",
                "Accept: text/csv",
                "--data-urlencode",
                &format!("query={COUNT_LEADS}"),
            ])
            .arg(server.at("/sparql"))
            .output()
            .expect("curl runs");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            format!("n\r\n{expected}\r\n")
        );
        let output = std::process::Command::new("curl")
            .args([
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code} %{content_type}",
                "-H",
                "Accept: application/ld+json",
            ])
            .arg(server.at("/id/unit/%E5%B1%B1%E4%B8%9C%E7%9C%81%E7%A7%91%E6%8A%80%E5%8E%85"))
            .output()
            .expect("curl runs");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            "200 application/ld+json"
        );
    }
    if require(Reader::Chromium) {
        let chromium = crate::readers::chromium().expect("found");
        let profile = tempfile::tempdir().unwrap();
        let query = "SELECT ?answer WHERE { BIND(\"答案在此\" AS ?answer) }";
        let output = std::process::Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--virtual-time-budget=15000",
                &format!("--user-data-dir={}", profile.path().display()),
                "--dump-dom",
            ])
            .arg(server.at(&format!("/?query={}", encode(query))))
            .output()
            .expect("chromium runs");
        let dom = String::from_utf8_lossy(&output.stdout);
        assert!(
            dom.contains("<td>答案在此</td>"),
            "the answer is in the page:\n{dom}"
        );
        assert!(dom.contains("1 row"), "{dom}");
    }
}

/// SIGTERM (as from a service manager) ends the server cleanly: status 0
/// within a few seconds, the port closed.
#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_gracefully() {
    let mut server = Server::start(&[]);
    let http = agent(Duration::from_secs(30));
    assert_eq!(
        read(http.get(&server.at("/sparql?query=ASK%7B%7D")).call()).0,
        200
    );
    let pid = server.child.id() as libc::pid_t;
    // SAFETY: signals our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still running after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(
        http.get(&server.at("/sparql?query=ASK%7B%7D"))
            .call()
            .is_err(),
        "the port is closed"
    );
}

/// A unit's page says where each of its tasks is printed as `why` does:
/// a task from a table row names the row beside its line.
#[test]
fn a_unit_page_names_the_table_row_a_task_comes_from() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("division.html"),
        "<html><body><nav><a href=\"/\">首页</a></nav><article><h1>山东省数据要素市场培育任务分工</h1>\n\
         <p>现将任务分工如下：</p>\n<table>\
         <tr><th>工作任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>\n\
         <tr><td>建设省级数据交易场所</td><td>省大数据局</td><td>省发展改革委</td><td>2025年底</td></tr>\n\
         <tr><td>开展数据资产登记试点</td><td>省发展改革委</td><td>省大数据局</td><td>2026年底</td></tr>\n\
         </table></article><footer>主办单位</footer></body></html>",
    )
    .unwrap();
    let server = Server::start(&["--data", dir.path().to_str().unwrap()]);
    let http = agent(Duration::from_secs(60));
    let unit = format!("/id/unit/{}", encode("山东省大数据局"));
    let (status, _, page) = read(
        http.get(&server.at(&unit))
            .header("Accept", "text/html")
            .call(),
    );
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("leads 1 tasks"), "{page}");
    let rows: Vec<&str> = page.split("<td class=\"source\">").skip(1).collect();
    assert_eq!(rows.len(), 2, "{page}");
    assert!(
        rows[0].starts_with("division.html:") && rows[0].contains("(table 1, row 2)"),
        "the led task is the table's second row: {}",
        rows[0]
    );
    assert!(rows[1].contains("(table 1, row 3)"), "{}", rows[1]);
}
