//! Every canned query in queries/ runs on the embedded corpus and answers
//! what it says; the expected values were checked by hand against the text.

use crate::support::{root, select};

fn canned(name: &str) -> String {
    std::fs::read_to_string(root().join("queries").join(name)).expect("the canned query exists")
}

#[test]
fn every_canned_query_has_a_title_and_description_and_parses() {
    let store = crate::support::store();
    let mut n = 0;
    for entry in std::fs::read_dir(root().join("queries")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rq") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# title: "),
            "{} lacks a title line",
            path.display()
        );
        assert!(
            text.lines()
                .nth(1)
                .is_some_and(|l| l.starts_with("# description: ")),
            "{} lacks a description line",
            path.display()
        );
        store
            .prepare(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        n += 1;
    }
    assert!(n >= 8, "at least eight canned queries, found {n}");
}

#[test]
fn documents_query_lists_the_five_documents() {
    let rows = select(&canned("documents.rq"));
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        names,
        [
            "sd-2022-ten-industries-web.txt",
            "sd-2022-three-tens.txt",
            "sd-2023-2025-green-pilot-plan.txt",
            "sd-2023-green-pilot-key-tasks.txt",
            "sd-2024-2025-ten-innovations.txt"
        ]
    );
}
