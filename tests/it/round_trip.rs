//! save → load → save gives the same bytes, in every graph format: on the
//! embedded corpus and on generated small graphs with awkward literals.

use std::path::Path;

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use plangraph::graph_writer::GraphWriter;
use plangraph::store::PlanStore;
use proptest::prelude::*;

use crate::support::{run, stderr};

/// Loads `path` and saves it to `again`; returns both files' bytes.
fn reload_and_save(path: &Path, again: &Path) -> (Vec<u8>, Vec<u8>) {
    let store = PlanStore::load_file(path).expect("the saved graph loads");
    store.save(again).expect("the loaded graph saves");
    (std::fs::read(path).unwrap(), std::fs::read(again).unwrap())
}

#[test]
fn the_corpus_graph_saves_loads_and_saves_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for extension in ["nq", "trig", "nt", "ttl"] {
        let path = dir.path().join(format!("g.{extension}"));
        let output = run(&["build", "-o", path.to_str().unwrap()], "");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let again = dir.path().join(format!("again.{extension}"));
        let (first, second) = reload_and_save(&path, &again);
        assert!(first == second, "{extension}: the second save differs");
    }
}

fn iri(kind: &str, i: usize) -> NamedNode {
    NamedNode::new(format!("https://w3id.org/plangraph/id/{kind}/{i}")).unwrap()
}

fn literal() -> impl Strategy<Value = Term> {
    let text = "[a-z 山东科技厅\"\\\\\n\t\r.;#<>]{0,8}";
    prop_oneof![
        text.prop_map(|s| Term::from(Literal::new_simple_literal(s))),
        (text, prop_oneof![Just("en"), Just("zh"), Just("zh-hans")]).prop_map(|(s, lang)| {
            Term::from(Literal::new_language_tagged_literal(s, lang).unwrap())
        }),
        any::<i32>().prop_map(|n| Term::from(Literal::from(n))),
        // Canonical decimals, as ingestion writes them ("12.5", "3"): the
        // store keeps a decimal's value, not its spelling ("12.50").
        (0u32..100_000).prop_map(|n| {
            let text = format!("{}.{:02}", n / 100, n % 100);
            let text = text.trim_end_matches('0').trim_end_matches('.');
            Term::from(Literal::new_typed_literal(
                text,
                NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#decimal"),
            ))
        }),
    ]
}

fn quad(named_graphs: bool) -> impl Strategy<Value = Quad> {
    let object = prop_oneof![
        (0usize..6).prop_map(|i| Term::from(iri("unit", i))),
        literal()
    ];
    let graph = if named_graphs { 0usize..3 } else { 0usize..1 };
    (0usize..6, 0usize..3, object, graph).prop_map(|(s, p, o, g)| {
        Quad::new(
            NamedOrBlankNode::from(iri("task", s)),
            iri("p", p),
            o,
            match g {
                0 => GraphName::DefaultGraph,
                g => GraphName::from(iri("graph", g)),
            },
        )
    })
}

/// Saves `quads` with the writer `build -o` uses, then loads and saves.
fn check_round_trip(quads: Vec<Quad>, extension: &str) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("g.{extension}"));
    let mut writer = GraphWriter::for_path(&path).unwrap();
    writer.add(quads);
    writer.write(&path).unwrap();
    let again = dir.path().join(format!("again.{extension}"));
    let (first, second) = reload_and_save(&path, &again);
    prop_assert_eq!(
        String::from_utf8(first).unwrap(),
        String::from_utf8(second).unwrap()
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_datasets_round_trip(
        quads in proptest::collection::vec(quad(true), 1..30),
        trig in any::<bool>(),
    ) {
        check_round_trip(quads, if trig { "trig" } else { "nq" })?;
    }

    // Triple formats hold no graph names: generated in the default graph.
    #[test]
    fn generated_graphs_round_trip(
        quads in proptest::collection::vec(quad(false), 1..30),
        turtle in any::<bool>(),
    ) {
        check_round_trip(quads, if turtle { "ttl" } else { "nt" })?;
    }
}
