//! Exports opened by independent readers: NetworkX (GraphML, GEXF,
//! Cytoscape.js, node-link JSON), Graphviz `dot` (DOT), an XML parser
//! (SVG), rdflib (Turtle, N-Triples, JSON-LD) — with node, edge and triple
//! counts equal to what was exported.
//!
//! The readers are external programs (`.ci/install-readers.sh` installs
//! them). Where one is missing the check is skipped with a visible
//! `skipped:` line, and in CI (`CI=true`) the test fails (see `readers`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use oxigraph::io::{RdfFormat, RdfParser};
use plangraph::export::ExportFormat;
use plangraph::export::{self, node_id, AttrValue, ExportEdge, ExportGraph, ExportNode};
use plangraph::store::{BackendExt, PlanStore};

use crate::readers::{require, Reader, INSTALL};

/// Runs a Python snippet that needs `reader` with `argv[1..]` = `args` and
/// parses what it prints as JSON; `None` when the reader is missing here
/// (the check is skipped, visibly).
fn python(reader: Reader, script: &str, args: &[&Path]) -> Option<serde_json::Value> {
    if !require(reader) {
        return None;
    }
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}); {INSTALL}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("ModuleNotFoundError") {
        panic!("a Python reader is missing: {stderr}\n{INSTALL}");
    }
    assert!(
        output.status.success(),
        "the Python reader rejected the export:\n{stderr}"
    );
    Some(serde_json::from_slice(&output.stdout).expect("the reader prints JSON"))
}

/// NetworkX's view of a file: node and edge counts plus the Python types
/// of a few attributes of the first node and edge.
fn networkx(reader: &str, path: &Path) -> Option<serde_json::Value> {
    let load = match reader {
        "graphml" => "G = nx.read_graphml(path)",
        "gexf" => "G = nx.read_gexf(path)",
        "cytoscape" => "G = nx.cytoscape_graph(json.load(open(path, encoding='utf-8')))",
        "d3" => "G = nx.node_link_graph(json.load(open(path, encoding='utf-8')), edges='links')",
        other => panic!("no reader {other}"),
    };
    let script = format!(
        r#"
import json, sys
import networkx as nx
path = sys.argv[1]
{load}
nodes = sorted(G.nodes(data=True), key=lambda n: str(n[0]))
edges = sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
def types(data):
    return {{k: type(v).__name__ for k, v in data.items()}}
print(json.dumps({{
    "nodes": G.number_of_nodes(),
    "edges": G.number_of_edges(),
    "directed": G.is_directed(),
    "node_ids": [str(n) for n, _ in nodes],
    "node_types": types(nodes[0][1]) if nodes else {{}},
    "edge_types": types(edges[0][2]) if edges else {{}},
    "first_label": str(nodes[0][1].get("label", nodes[0][1].get("name", ""))) if nodes else "",
    "total_weight": sum(float(d.get("weight", 0)) for _, _, d in edges),
}}, ensure_ascii=False))
"#
    );
    python(Reader::Networkx, &script, &[path])
}

/// rdflib's triple count for an RDF file.
fn rdflib_count(path: &Path, format: &str) -> Option<usize> {
    let script = r#"
import json, sys
import rdflib
g = rdflib.Graph()
g.parse(sys.argv[1], format=sys.argv[2])
print(json.dumps(len(g)))
"#;
    let format_arg = PathBuf::from(format);
    python(Reader::Rdflib, script, &[path, &format_arg])
        .map(|count| count.as_u64().expect("a count") as usize)
}

/// Graphviz's view of a DOT file: laid out and rendered as JSON, then
/// counted (nodes are the objects that are not subgraphs).
fn graphviz(path: &Path) -> Option<(usize, usize)> {
    if !require(Reader::Graphviz) {
        return None;
    }
    let output = Command::new("dot")
        .arg("-Tjson")
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("cannot run Graphviz dot ({e}); {INSTALL}"));
    assert!(
        output.status.success(),
        "Graphviz rejected the DOT file:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("Error") && !stderr.contains("syntax"),
        "Graphviz complained: {stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("dot -Tjson");
    let nodes = json["objects"]
        .as_array()
        .map(|o| o.iter().filter(|n| n.get("nodes").is_none()).count())
        .unwrap_or(0);
    let edges = json["edges"].as_array().map(Vec::len).unwrap_or(0);
    Some((nodes, edges))
}

/// An XML parser's view of an SVG file: node circles and edge lines drawn.
fn svg_counts(path: &Path) -> Option<(usize, usize)> {
    let script = r#"
import json, sys
import xml.etree.ElementTree as ET
ns = {"svg": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
# The legend draws circles and lines too: count the nodes' and edges' layers.
nodes = root.find(".//svg:g[@id='nodes']", ns)
edges = root.find(".//svg:g[@id='edges']", ns)
print(json.dumps([len(nodes.findall(".//svg:circle", ns)), len(edges.findall(".//svg:line", ns))]))
"#;
    let value = python(Reader::Python, script, &[path])?;
    Some((
        value[0].as_u64().expect("circles") as usize,
        value[1].as_u64().expect("lines") as usize,
    ))
}

/// A co-lead-like network with every kind of attribute and a label that
/// needs escaping everywhere.
fn sample_network(directed: bool) -> ExportGraph {
    let units = [
        ("省科技厅", 0, 0.31),
        ("省发展改革委", 0, 0.27),
        ("省工业和信息化厅", 1, 0.22),
        ("省财政厅", 1, 0.12),
        ("A&B <\"x\"> \\ 'q'", 2, 0.08),
    ];
    let nodes = units
        .iter()
        .map(|(name, community, pagerank)| {
            let iri = format!("https://w3id.org/plangraph/id/unit/{name}");
            ExportNode {
                id: node_id(&iri),
                iri,
                label: (*name).to_owned(),
                kind: "unit".into(),
                attrs: BTreeMap::from([
                    ("community".to_owned(), AttrValue::Int(*community)),
                    ("pagerank".to_owned(), AttrValue::Double(*pagerank)),
                    ("led_tasks".to_owned(), AttrValue::Int(7)),
                    ("collective".to_owned(), AttrValue::Bool(false)),
                ]),
            }
        })
        .collect();
    let pairs = [
        (0, 1, 5.0),
        (0, 2, 3.0),
        (1, 2, 2.0),
        (2, 3, 1.0),
        (3, 4, 1.0),
        (1, 3, 4.0),
    ];
    let edges = pairs
        .iter()
        .map(|&(s, t, w)| ExportEdge {
            source: node_id(&format!(
                "https://w3id.org/plangraph/id/unit/{}",
                units[s].0
            )),
            target: node_id(&format!(
                "https://w3id.org/plangraph/id/unit/{}",
                units[t].0
            )),
            weight: w,
            years: if s == 0 { vec![2022, 2024] } else { vec![2023] },
            attrs: BTreeMap::from([
                ("tasks".to_owned(), AttrValue::Int(w as i64)),
                ("newman".to_owned(), AttrValue::Double(w / 3.0)),
            ]),
        })
        .collect();
    let mut graph = ExportGraph {
        name: "co-lead".into(),
        directed,
        nodes,
        edges,
    };
    graph.normalise().expect("the sample network is valid");
    graph
}

fn write_to(dir: &Path, name: &str, graph: &ExportGraph, format: ExportFormat) -> PathBuf {
    let mut bytes = Vec::new();
    export::write_graph(graph, format, &mut bytes).expect("the writer succeeds");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("the export is saved");
    path
}

#[test]
fn graphml_opens_in_networkx_with_typed_attributes() {
    let dir = tempfile::tempdir().unwrap();
    let graph = sample_network(false);
    let path = write_to(dir.path(), "net.graphml", &graph, ExportFormat::Graphml);
    let Some(seen) = networkx("graphml", &path) else {
        return;
    };
    assert_eq!(seen["nodes"], 5);
    assert_eq!(seen["edges"], 6);
    assert_eq!(seen["directed"], false);
    assert_eq!(seen["node_types"]["pagerank"], "float");
    assert_eq!(seen["node_types"]["community"], "int");
    assert_eq!(seen["node_types"]["collective"], "bool");
    assert_eq!(seen["edge_types"]["weight"], "float");
    assert_eq!(seen["edge_types"]["tasks"], "int");
    assert_eq!(seen["first_label"], "A&B <\"x\"> \\ 'q'");
    assert_eq!(seen["total_weight"], 16.0);
    let directed = write_to(
        dir.path(),
        "dir.graphml",
        &sample_network(true),
        ExportFormat::Graphml,
    );
    assert_eq!(networkx("graphml", &directed).unwrap()["directed"], true);
}

#[test]
fn gexf_opens_in_networkx_with_attributes_and_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_to(
        dir.path(),
        "net.gexf",
        &sample_network(false),
        ExportFormat::Gexf,
    );
    let Some(seen) = networkx("gexf", &path) else {
        return;
    };
    assert_eq!(seen["nodes"], 5);
    assert_eq!(seen["edges"], 6);
    assert_eq!(seen["node_types"]["pagerank"], "float");
    assert_eq!(seen["node_types"]["community"], "int");
    assert_eq!(seen["node_types"]["viz"], "dict");
    assert_eq!(seen["edge_types"]["spells"], "list");
    assert_eq!(seen["total_weight"], 16.0);
}

#[test]
fn cytoscape_json_opens_in_networkx() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_to(
        dir.path(),
        "net.cyjs",
        &sample_network(true),
        ExportFormat::Cytoscape,
    );
    let Some(seen) = networkx("cytoscape", &path) else {
        return;
    };
    assert_eq!(seen["nodes"], 5);
    assert_eq!(seen["edges"], 6);
    assert_eq!(seen["directed"], true);
    assert_eq!(seen["node_types"]["pagerank"], "float");
    assert_eq!(seen["total_weight"], 16.0);
}

#[test]
fn node_link_json_opens_in_networkx() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_to(
        dir.path(),
        "net.json",
        &sample_network(false),
        ExportFormat::D3,
    );
    let Some(seen) = networkx("d3", &path) else {
        return;
    };
    assert_eq!(seen["nodes"], 5);
    assert_eq!(seen["edges"], 6);
    assert_eq!(seen["node_types"]["community"], "int");
    let ids: Vec<&str> = seen["node_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(ids.contains(&"unit:省科技厅"));
}

#[test]
fn dot_is_laid_out_by_graphviz() {
    let dir = tempfile::tempdir().unwrap();
    for directed in [false, true] {
        let path = write_to(
            dir.path(),
            "net.dot",
            &sample_network(directed),
            ExportFormat::Dot,
        );
        if let Some(seen) = graphviz(&path) {
            assert_eq!(seen, (5, 6));
        }
    }
}

#[test]
fn svg_parses_as_xml_with_a_circle_per_node_and_a_line_per_edge() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_to(
        dir.path(),
        "net.svg",
        &sample_network(true),
        ExportFormat::Svg,
    );
    if let Some(seen) = svg_counts(&path) {
        assert_eq!(seen, (5, 6));
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("Noto Sans CJK SC, Source Han Sans SC"));
    assert!(text.contains(">省科技厅</text>"));
}

#[test]
fn csv_tables_have_a_row_per_node_and_edge() {
    let mut bytes = Vec::new();
    export::write_graph(&sample_network(false), ExportFormat::Csv, &mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let (nodes, edges) = text
        .split_once("\n\n")
        .expect("a blank line between the tables");
    assert_eq!(nodes.lines().count(), 1 + 5);
    assert_eq!(edges.lines().count(), 1 + 6);
    assert!(nodes.contains("\"A&B <\"\"x\"\"> \\ 'q'\""));
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    for format in [
        ExportFormat::Graphml,
        ExportFormat::Gexf,
        ExportFormat::Dot,
        ExportFormat::Cytoscape,
        ExportFormat::D3,
        ExportFormat::Csv,
        ExportFormat::Svg,
        ExportFormat::Html,
    ] {
        let render = || {
            let mut bytes = Vec::new();
            // A graph built in another order must print the same.
            let mut graph = sample_network(false);
            graph.nodes.reverse();
            graph.edges.reverse();
            graph.normalise().unwrap();
            export::write_graph(&graph, format, &mut bytes).unwrap();
            bytes
        };
        assert_eq!(render(), render(), "{format:?}");
        let mut plain = Vec::new();
        export::write_graph(&sample_network(false), format, &mut plain).unwrap();
        assert_eq!(render(), plain, "{format:?} depends on input order");
    }
}

/// A small graph in the vocabulary's shape: two plans (one a sub-plan),
/// four tasks, four units, a target, a region.
const FIXTURE: &str = r#"
@prefix pg: <https://w3id.org/plangraph/ontology#> .
@prefix plan: <https://w3id.org/plangraph/id/plan/> .
@prefix task: <https://w3id.org/plangraph/id/task/> .
@prefix unit: <https://w3id.org/plangraph/id/unit/> .
@prefix region: <https://w3id.org/plangraph/id/region/> .
@prefix node: <https://w3id.org/plangraph/id/node/> .
@prefix doc: <https://w3id.org/plangraph/id/doc/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

plan:2022-科技研发创新 a pg:Plan ; dcterms:title "科技研发创新" ; rdfs:label "科技研发创新 2022"@zh ; pg:startYear 2022 .
plan:2024-科技研发创新 a pg:Plan ; dcterms:title "科技研发创新" ; rdfs:label "科技研发创新 2024"@zh ; pg:startYear 2024 .
plan:2022-七网 a pg:Plan ; dcterms:title "七网" ; pg:startYear 2022 .
plan:2022-七网-交通网 a pg:Plan ; dcterms:title "交通网" ; dcterms:isPartOf plan:2022-七网 ; pg:startYear 2022 .

task:t1 a pg:Task ; pg:plan plan:2022-科技研发创新 ; pg:number "1" ; pg:leadUnit unit:省科技厅 ;
    pg:cooperatingUnit unit:省财政厅 ; pg:target node:t1-target ; pg:mentionsRegion region:青岛 .
node:t1-target a pg:Target ; pg:value 23000.0 ; pg:measure "家" .
task:t1 pg:mention node:t1-m1 .
node:t1-m1 a pg:Mention ; pg:line 47 ; pg:document doc:d1 .
doc:d1 a pg:Document ; dcterms:identifier "sd-2022-three-tens.txt" .
task:t2 a pg:Task ; pg:plan plan:2022-科技研发创新 ; pg:number "2" ; pg:leadUnit unit:省科技厅, unit:省发展改革委 .
task:t3 a pg:Task ; pg:plan plan:2022-七网-交通网 ; pg:number "1" ; pg:leadUnit unit:省交通运输厅 ;
    pg:cooperatingUnit unit:省发展改革委 .
task:t4 a pg:Task ; pg:plan plan:2024-科技研发创新 ; pg:number "1" ; pg:leadUnit unit:省交通运输厅 .

unit:省科技厅 a pg:Unit ; skos:prefLabel "省科技厅"@zh ; skos:altLabel "省科技廳"@zh .
unit:省财政厅 a pg:Unit ; skos:prefLabel "省财政厅"@zh .
unit:省发展改革委 a pg:Unit ; skos:prefLabel "省发展改革委"@zh .
unit:省交通运输厅 a pg:Unit ; skos:prefLabel "省交通运输厅"@zh .
region:青岛 a pg:Region ; skos:prefLabel "青岛"@zh .
"#;

fn fixture_store() -> PlanStore {
    let quads = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(FIXTURE.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .expect("the fixture parses");
    PlanStore::from_quads(quads).expect("the fixture loads")
}

fn subjects(triples: &[oxigraph::model::Triple]) -> Vec<String> {
    let mut s: Vec<String> = triples.iter().map(|t| t.subject.to_string()).collect();
    s.sort();
    s.dedup();
    s.into_iter()
        .map(|s| {
            s.trim_start_matches("<https://w3id.org/plangraph/id/")
                .trim_end_matches('>')
                .to_owned()
        })
        .collect()
}

#[test]
fn a_unit_neighbourhood_holds_its_tasks_plans_partners_targets_and_regions() {
    let store = fixture_store();
    let one = export::slices::unit_neighbourhood(&store, "省科技廳", 1).unwrap();
    assert_eq!(
        subjects(&one),
        [
            "doc/d1",
            "node/t1-m1",
            "node/t1-target",
            "plan/2022-科技研发创新",
            "region/青岛",
            "task/t1",
            "task/t2",
            "unit/省发展改革委",
            "unit/省科技厅",
            "unit/省财政厅",
        ]
    );
    // Two hops reach 省交通运输厅 through 省发展改革委's task t3, not t4.
    let two = export::slices::unit_neighbourhood(&store, "unit:省科技厅", 2).unwrap();
    let reached = subjects(&two);
    assert!(reached.contains(&"task/t3".to_owned()));
    assert!(reached.contains(&"unit/省交通运输厅".to_owned()));
    assert!(
        reached.contains(&"plan/2022-七网".to_owned()),
        "parent plans come along"
    );
    assert!(!reached.contains(&"task/t4".to_owned()));
    assert!(matches!(
        export::slices::unit_neighbourhood(&store, "省不存在厅", 1),
        Err(export::ExportError::UnknownUnit(_))
    ));
}

#[test]
fn a_plan_slice_includes_sub_plans_and_ambiguous_titles_are_explained() {
    let store = fixture_store();
    let slice = export::slices::plan_slice(&store, "七网").unwrap();
    let reached = subjects(&slice);
    assert!(reached.contains(&"task/t3".to_owned()));
    assert!(reached.contains(&"plan/2022-七网-交通网".to_owned()));
    assert!(!reached.contains(&"task/t1".to_owned()));
    let err = export::slices::plan_slice(&store, "科技研发创新").unwrap_err();
    assert_eq!(
        err.to_string(),
        "'科技研发创新' names 2 plans: 2022-科技研发创新, 2024-科技研发创新; give one of these IRI local names"
    );
    let by_label = export::slices::plan_slice(&store, "科技研发创新 2024").unwrap();
    assert!(subjects(&by_label).contains(&"task/t4".to_owned()));
}

#[test]
fn rdf_slices_parse_in_rdflib_with_every_triple() {
    let store = fixture_store();
    let triples = export::slices::unit_neighbourhood(&store, "省科技厅", 2).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (format, name, rdflib_format) in [
        (ExportFormat::Ttl, "slice.ttl", "turtle"),
        (ExportFormat::Nt, "slice.nt", "nt"),
        (ExportFormat::Jsonld, "slice.jsonld", "json-ld"),
    ] {
        let mut bytes = Vec::new();
        export::rdf::write_triples(&triples, format, &mut bytes).unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        if let Some(count) = rdflib_count(&path, rdflib_format) {
            assert_eq!(count, triples.len(), "{name}");
        }
    }
}

#[test]
fn rdf_slices_become_networks_for_the_drawing_formats() {
    let store = fixture_store();
    let all = export::slices::unit_neighbourhood(&store, "省科技厅", 1).unwrap();
    assert_eq!(export::from_triples("all", &all).unwrap().nodes.len(), 10);
    // Drawn without the mention and its document: 2 tasks, 1 plan, 3
    // units, 1 target, 1 region. Edges: every triple whose object is a
    // resource, minus rdf:type.
    let triples = export::slices::without_helpers(&all);
    let graph = export::from_triples("unit 省科技厅", &triples).unwrap();
    assert_eq!(graph.nodes.len(), 8);
    let links = triples
        .iter()
        .filter(|t| {
            !t.object.is_literal()
                && t.predicate.as_str() != "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
        })
        .count();
    assert_eq!(graph.edges.len(), links);
    let dir = tempfile::tempdir().unwrap();
    let path = write_to(dir.path(), "slice.graphml", &graph, ExportFormat::Graphml);
    if let Some(seen) = networkx("graphml", &path) {
        assert_eq!(seen["nodes"], 8);
        assert_eq!(seen["edges"], links);
    }
}

#[test]
fn the_command_writes_files_atomically_and_csv_as_two_tables() {
    use plangraph::cli::{ExportArgs, ExportWhat, FilterArgs};
    let store = fixture_store();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("slice.csv");
    let args = ExportArgs {
        what: ExportWhat::Unit {
            name: "省科技厅".into(),
            hops: 1,
        },
        filters: FilterArgs::default(),
        format: None,
        output: Some(target.clone()),
    };
    let mut stdout = Vec::new();
    plangraph::commands::export::run(&store, &args, &mut stdout).unwrap();
    assert!(stdout.is_empty());
    let nodes = std::fs::read_to_string(dir.path().join("slice.nodes.csv")).unwrap();
    let edges = std::fs::read_to_string(dir.path().join("slice.edges.csv")).unwrap();
    assert_eq!(nodes.lines().count(), 1 + 8);
    assert!(edges.lines().count() > 1);
    // Nothing but the two tables is left in the directory (no temporary files).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);

    // Without -o and --format a slice is Turtle on standard output.
    let mut stdout = Vec::new();
    let words: Vec<String> = ["unit", "省科技厅"].iter().map(|s| s.to_string()).collect();
    plangraph::commands::export::run_words(&store, &words, &[], &mut stdout).unwrap();
    let turtle = String::from_utf8(stdout).unwrap();
    assert!(turtle.contains("@prefix unit: <https://w3id.org/plangraph/id/unit/> ."));
    assert!(
        !turtle.contains("@prefix industry:"),
        "only the prefixes used"
    );

    let err = plangraph::commands::export::run_words(
        &store,
        &[
            "co-lead".to_owned(),
            "--format".to_owned(),
            "ttl".to_owned(),
        ],
        &[],
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("--format ttl writes RDF"), "{err}");
}

#[test]
fn query_exports_run_the_construct_in_the_file() {
    let store = fixture_store();
    let dir = tempfile::tempdir().unwrap();
    let query = dir.path().join("leads.rq");
    std::fs::write(
        &query,
        "CONSTRUCT { ?u pg:led ?t } WHERE { ?t pg:leadUnit ?u }",
    )
    .unwrap();
    let words = vec![
        "query".to_owned(),
        query.display().to_string(),
        "--format".to_owned(),
        "nt".to_owned(),
    ];
    let mut out = Vec::new();
    plangraph::commands::export::run_words(&store, &words, &[], &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 5, "{text}");
    // Any CONSTRUCT works, through the same store interface.
    assert_eq!(
        store
            .construct("CONSTRUCT { ?u pg:led ?t } WHERE { ?t pg:leadUnit ?u }")
            .unwrap()
            .len(),
        5
    );
}

/// Writes `graph` in every network format and has each independent reader
/// count its nodes and edges.
fn assert_every_reader_sees(graph: &ExportGraph, nodes: usize, edges: usize) {
    let dir = tempfile::tempdir().unwrap();
    for (reader, name, format) in [
        ("graphml", "net.graphml", ExportFormat::Graphml),
        ("gexf", "net.gexf", ExportFormat::Gexf),
        ("cytoscape", "net.cyjs", ExportFormat::Cytoscape),
        ("d3", "net.json", ExportFormat::D3),
    ] {
        let path = write_to(dir.path(), name, graph, format);
        if let Some(seen) = networkx(reader, &path) {
            assert_eq!(seen["nodes"], nodes, "{reader}: nodes");
            assert_eq!(seen["edges"], edges, "{reader}: edges");
            assert_eq!(seen["directed"], graph.directed, "{reader}: direction");
        }
    }
    let dot = write_to(dir.path(), "net.dot", graph, ExportFormat::Dot);
    if let Some(seen) = graphviz(&dot) {
        assert_eq!(seen, (nodes, edges), "graphviz");
    }
    let svg = write_to(dir.path(), "net.svg", graph, ExportFormat::Svg);
    let drawn = nodes.min(150);
    if let Some((circles, lines)) = svg_counts(&svg) {
        assert_eq!(circles, drawn, "svg circles");
        if drawn == nodes {
            assert_eq!(lines, edges, "svg lines");
        }
    }
    // CSV through Python's csv module (quoted fields may hold commas and
    // line breaks, so counting lines would not do).
    let (mut node_csv, mut edge_csv) = (Vec::new(), Vec::new());
    export::csv::write_nodes(graph, &mut node_csv).unwrap();
    export::csv::write_edges(graph, &mut edge_csv).unwrap();
    let (node_path, edge_path) = (dir.path().join("n.csv"), dir.path().join("e.csv"));
    std::fs::write(&node_path, node_csv).unwrap();
    std::fs::write(&edge_path, edge_csv).unwrap();
    let rows = python(
        Reader::Python,
        r#"
import csv, json, sys
counts = []
for path in sys.argv[1:]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert all(len(r) == len(rows[0]) for r in rows), "ragged rows"
    counts.append(len(rows) - 1)
print(json.dumps(counts))
"#,
        &[&node_path, &edge_path],
    );
    if let Some(rows) = rows {
        assert_eq!(rows, serde_json::json!([nodes, edges]), "csv");
    }
    // HTML through Python's HTML parser: the embedded data holds every
    // drawn node and edge.
    let html = write_to(dir.path(), "net.html", graph, ExportFormat::Html);
    let seen = python(
        Reader::Python,
        r#"
import json, sys
from html.parser import HTMLParser
class Data(HTMLParser):
    inside, text = False, ""
    def handle_starttag(self, tag, attrs):
        self.inside = tag == "script" and ("type", "application/json") in attrs
    def handle_data(self, data):
        if self.inside: self.text += data
    def handle_endtag(self, tag):
        self.inside = False
p = Data(); p.feed(open(sys.argv[1], encoding="utf-8").read())
data = json.loads(p.text)
print(json.dumps([len(data["nodes"]), len(data["edges"])]))
"#,
        &[&html],
    );
    if let Some(seen) = seen {
        assert_eq!(seen[0], drawn, "html nodes");
        if drawn == nodes {
            assert_eq!(seen[1], edges, "html edges");
        }
    }
}

#[test]
fn analysis_networks_reach_every_reader_with_the_analysis_counts() {
    use plangraph::analysis::{Filters, NetworkKind};
    use plangraph::analysis::{Projection, UnitNetwork};
    let store = fixture_store();
    let projection = Projection::load(&store, &Filters::default()).unwrap();
    for kind in [NetworkKind::CoLead, NetworkKind::Dependencies] {
        let network = UnitNetwork::build(&projection, kind);
        let graph = export::network::network_graph(&store, kind, &Filters::default()).unwrap();
        assert_eq!(graph.nodes.len(), network.graph.node_count());
        assert_eq!(graph.edges.len(), network.graph.edge_count());
        assert_every_reader_sees(
            &graph,
            network.graph.node_count(),
            network.graph.edge_count(),
        );
    }
    // Co-lead: 省科技厅, 省发展改革委 and 省交通运输厅 lead tasks; only t2
    // has two leads. Dependencies: 省科技厅 → 省财政厅, 省交通运输厅 → 省发展改革委.
    let colead =
        export::network::network_graph(&store, NetworkKind::CoLead, &Filters::default()).unwrap();
    assert_eq!((colead.nodes.len(), colead.edges.len()), (3, 1));
    let deps =
        export::network::network_graph(&store, NetworkKind::Dependencies, &Filters::default())
            .unwrap();
    assert_eq!((deps.nodes.len(), deps.edges.len()), (4, 2));
    assert_eq!(deps.edges[0].source, "unit:省交通运输厅");
}

#[test]
fn repl_export_prints_help_and_rejects_bad_words() {
    let store = fixture_store();
    let mut out = Vec::new();
    plangraph::commands::export::run_words(&store, &["--help".to_owned()], &[], &mut out).unwrap();
    let help = String::from_utf8(out).unwrap();
    assert!(
        help.contains("co-lead") && help.contains("--format"),
        "{help}"
    );
    let err = plangraph::commands::export::run_words(
        &store,
        &[
            "co-lead".to_owned(),
            "--format".to_owned(),
            "png".to_owned(),
        ],
        &[],
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("invalid value 'png'"), "{err}");
    let err = plangraph::commands::export::run_words(
        &store,
        &["co-lead".to_owned(), "-o".to_owned(), "net.xyz".to_owned()],
        &[],
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("cannot tell the format from net.xyz"),
        "{err}"
    );
}

#[test]
fn slices_are_byte_identical_across_runs() {
    let store = fixture_store();
    for format in ["ttl", "nt", "jsonld", "graphml", "svg"] {
        let words: Vec<String> = ["unit", "省科技厅", "--hops", "2", "--format", format]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let render = || {
            let mut out = Vec::new();
            plangraph::commands::export::run_words(&store, &words, &[], &mut out).unwrap();
            out
        };
        let first = render();
        assert!(!first.is_empty());
        assert_eq!(first, render(), "{format}");
    }
}

/// A count from a SPARQL query on the embedded corpus (first cell).
fn count(query: &str) -> usize {
    let rows = super::support::select(query);
    rows[0][0].parse().expect("a count")
}

fn find_edge<'g>(graph: &'g ExportGraph, a: &str, b: &str) -> Option<&'g ExportEdge> {
    let (a, b) = (format!("unit:{a}"), format!("unit:{b}"));
    graph.edges.iter().find(|e| {
        (e.source == a && e.target == b) || (!graph.directed && e.source == b && e.target == a)
    })
}

// The networks of the real corpus, counted three ways: by SPARQL (an
// oracle independent of the analysis code), by the export, and by every
// reader of every format.
#[test]
fn corpus_networks_open_in_every_reader_with_the_counts_sparql_finds() {
    use plangraph::analysis::{Filters, NetworkKind};
    let store = super::support::store();
    let leaders = count(
        "SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE { ?t a pg:Task ; pg:leadUnit ?u
           FILTER NOT EXISTS { ?u pg:collective true } }",
    );
    let co_lead_pairs = count(
        "SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?a ?b WHERE {
           ?t a pg:Task ; pg:leadUnit ?a, ?b FILTER(STR(?a) < STR(?b))
           FILTER NOT EXISTS { ?a pg:collective true } FILTER NOT EXISTS { ?b pg:collective true } } } }",
    );
    let responsible = count(
        "SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE { ?t a pg:Task ; pg:leadUnit|pg:cooperatingUnit ?u
           FILTER NOT EXISTS { ?u pg:collective true } }",
    );
    let lead_coop_pairs = count(
        "SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?a ?b WHERE {
           ?t a pg:Task ; pg:leadUnit ?a ; pg:cooperatingUnit ?b FILTER(?a != ?b)
           FILTER NOT EXISTS { ?a pg:collective true } FILTER NOT EXISTS { ?b pg:collective true } } } }",
    );
    // Measured on the embedded corpus; the SPARQL counts above are the
    // oracle, these pin them so a change in ingest is noticed here too.
    assert_eq!((leaders, co_lead_pairs), (100, 733));
    assert_eq!((responsible, lead_coop_pairs), (118, 521));

    let co_lead =
        export::network::network_graph(store, NetworkKind::CoLead, &Filters::default()).unwrap();
    assert_eq!(
        (co_lead.nodes.len(), co_lead.edges.len()),
        (leaders, co_lead_pairs)
    );
    assert_every_reader_sees(&co_lead, leaders, co_lead_pairs);
    let deps =
        export::network::network_graph(store, NetworkKind::Dependencies, &Filters::default())
            .unwrap();
    assert_eq!(
        (deps.nodes.len(), deps.edges.len()),
        (responsible, lead_coop_pairs)
    );
    assert_every_reader_sees(&deps, responsible, lead_coop_pairs);

    // sd-2022-three-tens.txt line 47, 强化基础研究策源能力: "（牵头单位：省教育厅、
    // 省科技厅、省财政厅）" — three co-leads of a 2022 task.
    for (a, b) in [
        ("山东省教育厅", "山东省科技厅"),
        ("山东省科技厅", "山东省财政厅"),
        ("山东省教育厅", "山东省财政厅"),
    ] {
        let edge = find_edge(&co_lead, a, b).unwrap_or_else(|| panic!("{a} – {b}"));
        assert!(edge.years.contains(&2022), "{a} – {b}: {:?}", edge.years);
        assert!(edge.weight >= 1.0);
    }
    // sd-2024-2025-ten-innovations.txt line 131: 省工业和信息化厅 and 省科技厅
    // co-lead 积极培育优质企业 (2024).
    let edge = find_edge(&co_lead, "山东省工业和信息化厅", "山东省科技厅").unwrap();
    assert!(edge.years.contains(&2024), "{:?}", edge.years);
    let unit = &co_lead.nodes[co_lead.index_of("unit:山东省科技厅").unwrap()];
    for measure in ["weighted_degree", "betweenness", "pagerank", "eigenvector"] {
        assert!(
            matches!(unit.attrs[measure], AttrValue::Double(v) if v > 0.0),
            "{measure}"
        );
    }
    assert!(matches!(unit.attrs["community"], AttrValue::Int(_)));
}

#[test]
fn corpus_exports_are_byte_identical_across_runs() {
    use plangraph::analysis::{Filters, NetworkKind};
    let store = super::support::store();
    for format in [ExportFormat::Graphml, ExportFormat::Gexf, ExportFormat::Svg] {
        let render = || {
            let graph =
                export::network::network_graph(store, NetworkKind::CoLead, &Filters::default())
                    .unwrap();
            let mut bytes = Vec::new();
            export::write_graph(&graph, format, &mut bytes).unwrap();
            bytes
        };
        assert_eq!(render(), render(), "{format:?}");
    }
}

#[test]
fn corpus_year_filter_keeps_only_that_year() {
    use plangraph::analysis::{Filters, NetworkKind};
    let filters = Filters {
        year: vec![2022],
        ..Filters::default()
    };
    let graph =
        export::network::network_graph(super::support::store(), NetworkKind::CoLead, &filters)
            .unwrap();
    assert_eq!(graph.name, "co-lead network · year 2022");
    assert!(graph.nodes.len() < 100 && !graph.edges.is_empty());
    assert!(graph.edges.iter().all(|e| e.years == [2022]));
    assert!(find_edge(&graph, "山东省教育厅", "山东省科技厅").is_some());
}

#[test]
fn corpus_unit_neighbourhood_holds_every_task_of_the_unit() {
    let store = super::support::store();
    let tasks = count(
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t pg:leadUnit|pg:cooperatingUnit unit:山东省科技厅 }",
    );
    let triples = export::slices::unit_neighbourhood(store, "省科技厅", 1).unwrap();
    let reached = subjects(&triples);
    let in_slice = reached.iter().filter(|s| s.starts_with("task/")).count();
    assert_eq!(in_slice, tasks);
    assert!(tasks >= 150, "{tasks}");
    // sd-2022-three-tens.txt line 47 and sd-2024-2025-ten-innovations.txt
    // line 131, both led by 省科技厅, with their partners and a target.
    for expected in [
        "task/2022-科技研发创新-2-n1",
        "plan/2022-科技研发创新",
        "unit/山东省教育厅",
        "unit/山东省财政厅",
        "task/2024-产业生态创新-2-n8",
        "unit/山东省工业和信息化厅",
    ] {
        assert!(reached.contains(&expected.to_owned()), "{expected}");
    }
    let text = |t: &oxigraph::model::Triple| match &t.object {
        oxigraph::model::Term::Literal(l) => l.value().to_owned(),
        _ => String::new(),
    };
    assert!(triples
        .iter()
        .any(|t| text(t) == "培育专精特新企业1000家以上"));
    // rdflib reads every triple of it.
    let dir = tempfile::tempdir().unwrap();
    for (format, name, rdflib_format) in [
        (ExportFormat::Ttl, "slice.ttl", "turtle"),
        (ExportFormat::Jsonld, "slice.jsonld", "json-ld"),
    ] {
        let mut bytes = Vec::new();
        export::rdf::write_triples(&triples, format, &mut bytes).unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        if let Some(count) = rdflib_count(&path, rdflib_format) {
            assert_eq!(count, triples.len(), "{name}");
        }
    }
}

#[test]
fn corpus_plan_slice_holds_the_plan_and_its_tasks() {
    let store = super::support::store();
    let tasks = count(
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t pg:plan/dcterms:isPartOf* plan:2022-科技研发创新 }",
    );
    let triples = export::slices::plan_slice(store, "2022-科技研发创新").unwrap();
    let reached = subjects(&triples);
    assert_eq!(
        reached.iter().filter(|s| s.starts_with("task/")).count(),
        tasks
    );
    assert!(reached.contains(&"task/2022-科技研发创新-2-n1".to_owned()));
    assert!(reached.contains(&"unit/山东省教育厅".to_owned()));
    let err = export::slices::plan_slice(store, "科技研发创新").unwrap_err();
    assert!(err.to_string().contains("2022-科技研发创新"), "{err}");
}

#[test]
fn a_filter_that_keeps_nothing_gives_an_empty_but_valid_export() {
    use plangraph::analysis::{Filters, NetworkKind};
    let filters = Filters {
        year: vec![1999],
        ..Filters::default()
    };
    let graph =
        export::network::network_graph(&fixture_store(), NetworkKind::CoLead, &filters).unwrap();
    assert!(graph.nodes.is_empty() && graph.edges.is_empty());
    assert_every_reader_sees(&graph, 0, 0);
}

// See: issue #26 (no units-only ego network; Gephi users expect one).
#[test]
fn a_units_ego_network_holds_its_neighbours_in_every_format() {
    use plangraph::analysis::{Filters, NetworkKind};
    let store = super::support::store();
    let whole =
        export::network::network_graph(store, NetworkKind::CoLead, &Filters::default()).unwrap();
    let centre = "unit:山东省科技厅";
    let neighbours: std::collections::BTreeSet<&str> = whole
        .edges
        .iter()
        .filter_map(|e| {
            if e.source == centre {
                Some(e.target.as_str())
            } else if e.target == centre {
                Some(e.source.as_str())
            } else {
                None
            }
        })
        .collect();
    // By its traditional spelling, as `analyze unit` takes it.
    let ego = export::network::ego_network(
        store,
        NetworkKind::CoLead,
        &Filters::default(),
        "省科技廳",
        1,
    )
    .unwrap();
    assert_eq!(ego.nodes.len(), neighbours.len() + 1);
    assert!(ego
        .nodes
        .iter()
        .all(|n| n.id == centre || neighbours.contains(n.id.as_str())));
    assert!(ego.nodes.iter().all(|n| n.kind == "unit"), "units only");
    let among = whole
        .edges
        .iter()
        .filter(|e| {
            let inside = |id: &str| id == centre || neighbours.contains(id);
            inside(&e.source) && inside(&e.target)
        })
        .count();
    assert_eq!(ego.edges.len(), among);
    // The measures are the whole network's.
    let in_whole = &whole.nodes[whole.index_of(centre).unwrap()];
    let in_ego = &ego.nodes[ego.index_of(centre).unwrap()];
    assert_eq!(in_whole.attrs, in_ego.attrs);
    assert!(ego.name.contains("around 省科技厅 (1 hop)"), "{}", ego.name);
    assert_every_reader_sees(&ego, ego.nodes.len(), ego.edges.len());
    // Two hops reach further, never less.
    let wider = export::network::ego_network(
        store,
        NetworkKind::CoLead,
        &Filters::default(),
        "省科技厅",
        2,
    )
    .unwrap();
    assert!(wider.nodes.len() > ego.nodes.len());
    let unknown = export::network::ego_network(
        store,
        NetworkKind::CoLead,
        &Filters::default(),
        "省无此厅",
        1,
    );
    assert!(unknown.unwrap_err().to_string().contains("省无此厅"));
}

// See: issue #26 (the SKOS scheme was drawn; lead and cooperating edges
// looked the same).
#[test]
fn unit_pictures_draw_no_vocabulary_and_dash_cooperating_edges() {
    use plangraph::cli::{ExportArgs, ExportWhat, FilterArgs};
    let store = super::support::store();
    let args = ExportArgs {
        what: ExportWhat::Unit {
            name: "省科技厅".into(),
            hops: 1,
        },
        filters: FilterArgs::default(),
        format: Some(ExportFormat::Graphml),
        output: None,
    };
    let mut graphml = Vec::new();
    plangraph::commands::export::run(store, &args, &mut graphml).unwrap();
    let graphml = String::from_utf8(graphml).unwrap();
    assert!(
        !graphml.contains("industryScheme"),
        "the SKOS scheme is not a node"
    );
    assert!(!graphml.contains("ontology#"), "no vocabulary node");
    let mut svg = Vec::new();
    let args = ExportArgs {
        format: Some(ExportFormat::Svg),
        ..args
    };
    plangraph::commands::export::run(store, &args, &mut svg).unwrap();
    let svg = String::from_utf8(svg).unwrap();
    assert!(svg.contains(r#"<g id="legend""#));
    assert!(svg.contains("cooperates (配合单位)") && svg.contains("leads (牵头单位)"));
    // 省科技厅 cooperates on some tasks: their edges are dashed, with the
    // role in the tooltip.
    let dashed = svg
        .lines()
        .filter(|l| l.contains("<line") && l.contains(r#"stroke-dasharray="6 4""#))
        .count();
    assert!(dashed > 1, "cooperating edges are dashed");
    assert!(
        svg.contains("省科技厅 cooperates (配合单位): "),
        "tooltip names the role"
    );
    assert!(svg.contains("省科技厅 leads (牵头单位): "));
}
