//! Plans from other provinces: the development set of real plan excerpts
//! kept beside the repository (`../shared/plans-dev/`, hand-annotated in
//! `gold.jsonl`), read through the public vocabulary only.
//!
//! The texts are not copied here: the test reads them where they are. On a
//! machine without the set the test says it skipped; in CI (`CI` set) a
//! missing set is a failure.
//!
//! Scoring: a gold task is found when a `pg:Task` has a mention in its
//! document at its line. Gold records that share a document and line (one
//! numbered item with several attributed sentences) are one task whose units
//! are their union. Units are compared by their printed surface form
//! (`pg:responsibility/pg:surfaceForm`, traditional script folded), per task;
//! units on tasks that match no gold task count as false positives.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use plangraph::ingest::Source;

use super::support::select_on;

fn dev_dir() -> Option<PathBuf> {
    let dir = super::support::root().join("../shared/plans-dev");
    if dir.join("gold.jsonl").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs ../shared/plans-dev beside the repository"
    );
    eprintln!("skipped: ../shared/plans-dev is not beside the repository");
    None
}

/// A unit name as compared: simplified script, no spaces, a trailing 等 gone.
fn norm(name: &str) -> String {
    let simplified = plangraph::ingest::normalize::t2s(name);
    let squeezed: String = simplified
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '，' => ',',
            c => c,
        })
        .collect();
    squeezed.trim_end_matches('等').to_string()
}

#[derive(Default, Debug)]
struct Units {
    lead: BTreeSet<String>,
    cooperating: BTreeSet<String>,
    persons: BTreeSet<String>,
}

#[derive(Default, Debug)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn add(&mut self, gold: &BTreeSet<String>, found: &BTreeSet<String>) {
        self.tp += gold.intersection(found).count();
        self.fn_ += gold.difference(found).count();
        self.fp += found.difference(gold).count();
    }
    fn f1(&self) -> f64 {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn gold(dir: &std::path::Path) -> BTreeMap<(String, usize), Units> {
    let text = std::fs::read_to_string(dir.join("gold.jsonl")).expect("gold.jsonl reads");
    let mut out: BTreeMap<(String, usize), Units> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let record: serde_json::Value = serde_json::from_str(line).expect("gold is JSON");
        let key = (
            record["doc"].as_str().expect("doc").to_string(),
            record["line"].as_u64().expect("line") as usize,
        );
        let entry = out.entry(key).or_default();
        let names = |k: &str| -> Vec<String> {
            record[k]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str()).map(norm).collect())
                .unwrap_or_default()
        };
        entry.lead.extend(names("lead_units"));
        entry.cooperating.extend(names("cooperating_units"));
        entry.persons.extend(names("persons"));
    }
    out
}

fn found(dir: &std::path::Path) -> BTreeMap<(String, usize), Units> {
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(dir.join("docs")).expect("docs/ lists") {
        let path = entry.expect("entry").path();
        sources.push(Source {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            bytes: std::fs::read(&path).expect("document reads"),
        });
    }
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    let corpus = plangraph::commands::sources::ingest_sources(&sources).expect("ingests");
    let store = plangraph::store::store_from_corpus(&corpus).expect("loads");
    let mut out: BTreeMap<(String, usize), Units> = BTreeMap::new();
    let tasks = select_on(
        &store,
        "SELECT ?doc ?line WHERE { ?t a pg:Task ; pg:mention ?m .
           ?m pg:document/dcterms:identifier ?doc ; pg:line ?line }",
    );
    for row in tasks {
        out.entry((row[0].clone(), row[1].parse().expect("line")))
            .or_default();
    }
    let units = select_on(
        &store,
        "SELECT ?doc ?line ?role ?surface WHERE { ?t a pg:Task ; pg:mention ?m ;
           pg:responsibility ?r . ?m pg:document/dcterms:identifier ?doc ; pg:line ?line .
           ?r pg:role ?role ; pg:surfaceForm ?surface }",
    );
    for row in units {
        let entry = out
            .entry((row[0].clone(), row[1].parse().expect("line")))
            .or_default();
        match row[2].as_str() {
            "lead" => entry.lead.insert(norm(&row[3])),
            _ => entry.cooperating.insert(norm(&row[3])),
        };
    }
    let persons = select_on(
        &store,
        "SELECT ?doc ?line ?person WHERE { ?t a pg:Task ; pg:mention ?m ;
           pg:responsibleLeader ?person .
           ?m pg:document/dcterms:identifier ?doc ; pg:line ?line }",
    );
    for row in persons {
        if let Some(entry) = out.get_mut(&(row[0].clone(), row[1].parse().expect("line"))) {
            entry.persons.insert(norm(&row[2]));
        }
    }
    out
}

#[test]
fn plans_dev_tasks_and_units_match_the_hand_annotations() {
    let Some(dir) = dev_dir() else { return };
    let gold = gold(&dir);
    let found = found(&dir);
    let empty = Units::default();
    let (mut lead, mut cooperating, mut persons) =
        (Score::default(), Score::default(), Score::default());
    let mut hits = 0;
    let mut report = Vec::new();
    for (key, g) in &gold {
        let f = found.get(key);
        hits += usize::from(f.is_some());
        let f = f.unwrap_or(&empty);
        lead.add(&g.lead, &f.lead);
        cooperating.add(&g.cooperating, &f.cooperating);
        persons.add(&g.persons, &f.persons);
        if g.lead != f.lead || g.cooperating != f.cooperating {
            report.push(format!(
                "{}:{} lead {:?} vs {:?}; cooperating {:?} vs {:?}",
                key.0, key.1, g.lead, f.lead, g.cooperating, f.cooperating
            ));
        }
    }
    for (key, f) in &found {
        let has_units = !f.lead.is_empty() || !f.cooperating.is_empty();
        if !gold.contains_key(key) && has_units {
            lead.add(&BTreeSet::new(), &f.lead);
            cooperating.add(&BTreeSet::new(), &f.cooperating);
            report.push(format!(
                "{}:{} not annotated but has units {f:?}",
                key.0, key.1
            ));
        }
    }
    let recall = hits as f64 / gold.len() as f64;
    eprintln!(
        "plans-dev: {} gold tasks, recall {recall:.3}, lead F1 {:.3}, cooperating F1 {:.3}, persons F1 {:.3}",
        gold.len(),
        lead.f1(),
        cooperating.f1(),
        persons.f1()
    );
    for line in &report {
        eprintln!("  {line}");
    }
    assert!(recall >= 0.98, "task recall {recall:.3} < 0.98");
    assert!(lead.f1() >= 0.95, "lead F1 {:.3} < 0.95", lead.f1());
    assert!(
        cooperating.f1() >= 0.90,
        "cooperating F1 {:.3} < 0.90",
        cooperating.f1()
    );
}
