//! Ingestion of the embedded corpus: plans, sections, tasks, mentions.

use plangraph::ingest::{embedded_sources, ingest};

#[test]
#[ignore = "writes a dump for manual inspection"]
fn dump() {
    let corpus = ingest(&embedded_sources()).unwrap();
    let mut out = String::new();
    for p in &corpus.plans {
        out.push_str(&format!("PLAN\t{}\t{}\t{:?}\t{}-{}\t{:?}\t{:?}\t{}\n", p.id, p.title, p.group, p.start_year, p.end_year, p.parent, p.documents, p.line));
    }
    for t in &corpus.tasks {
        let m: Vec<String> = t.mentions.iter().map(|m| format!("{}:{}-{}", &m.document[3..12], m.line, m.end_line)).collect();
        out.push_str(&format!("TASK\t{}\t{}\t{}\t{:?}\t{:?}\t{:?}\t{}\t{}\n", t.id, t.section, t.number, t.kind, t.title, t.subsection, m.join(","), t.text.chars().take(40).collect::<String>()));
    }
    for d in &corpus.diagnostics {
        out.push_str(&format!("DIAG\t{d}\n"));
    }
    for d in &corpus.documents {
        out.push_str(&format!("DOC\t{:?}\n", d));
    }
    std::fs::write("/tmp/structure_dump.tsv", out).unwrap();
}
