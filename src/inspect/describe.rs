//! `\d NAME` (what the graph says about a node) and `\why TASK` (where a
//! task was printed, verbatim).
//!
//! Both ask their questions through [`Backend`](crate::store::Backend) with a handful of
//! SELECTs, so they work unchanged against a remote endpoint. A name may be
//! a prefixed name (`unit:省科技厅`), an IRI (`<…>` or bare `https://…`), or
//! a plain name (`省科技厅`, `省科技廳`, `科技研发创新`, a task's local name),
//! which is looked up among instance IRIs and labels.

use std::io::Write;

use anyhow::{bail, Context};
use oxigraph::model::Term;

use crate::model::iri::{self, Kind, PREFIXES};
use crate::print::table;
use crate::store::{Backend, BackendExt, SelectRows};

/// How much to show: rows per table and truncation, as for query results.
#[derive(Debug, Clone, Copy)]
pub struct DescribeOptions {
    pub max_rows: Option<usize>,
    pub wide: bool,
}

/// The IRIs `name` may mean: one for an IRI or prefixed name, every match
/// for a plain name (none when nothing is called that).
pub fn resolve(source: &dyn Backend, name: &str) -> anyhow::Result<Vec<String>> {
    let name = name.trim();
    if let Some(inner) = name.strip_prefix('<').and_then(|n| n.strip_suffix('>')) {
        return Ok(vec![checked_iri(inner)?]);
    }
    if name.contains("://") {
        return Ok(vec![checked_iri(name)?]);
    }
    if let Some((prefix, local)) = name.split_once(':') {
        if let Some((_, ns)) = PREFIXES.iter().find(|(p, _)| *p == prefix) {
            // `plan:2022-基础设施“七网”` as typed means the minted IRI, whose
            // quotes are percent-encoded; an already encoded name is kept.
            let mut encoded = String::new();
            iri::push_local_name(&mut encoded, local);
            let local = if local.contains('%') { local } else { &encoded };
            return Ok(vec![checked_iri(&format!("{ns}{local}"))?]);
        }
    }
    let kinds = [
        Kind::Unit,
        Kind::Plan,
        Kind::Task,
        Kind::Region,
        Kind::Industry,
        Kind::Document,
    ];
    let values: Vec<String> = kinds
        .iter()
        .map(|kind| format!("<{}>", iri::instance(*kind, name)))
        .collect();
    let query = format!(
        "SELECT DISTINCT ?x WHERE {{
           {{ VALUES ?x {{ {} }} ?x ?p ?o }}
           UNION
           {{ ?x skos:prefLabel|skos:altLabel|dcterms:title|rdfs:label|dcterms:identifier|pg:fullName ?l
              FILTER(isIRI(?x) && STR(?l) = {}) }}
         }} ORDER BY ?x LIMIT 50",
        values.join(" "),
        iri::literal(name)
    );
    let found = iris(&source.select(&query)?, 0);
    if !found.is_empty() {
        return Ok(found);
    }
    // A name the alias tables give a unit its documents never print.
    let targets: Vec<String> = crate::ingest::units::in_force()
        .targets(&fast2s::convert(name))
        .iter()
        .map(|t| format!("<{}>", iri::instance(Kind::Unit, t)))
        .collect();
    if targets.is_empty() {
        return Ok(found);
    }
    let query = format!(
        "SELECT DISTINCT ?x WHERE {{ VALUES ?x {{ {} }} ?x a pg:Unit }} ORDER BY ?x",
        targets.join(" ")
    );
    Ok(iris(&source.select(&query)?, 0))
}

/// Writes what the graph says about `name`: types, labels and other
/// outgoing edges, incoming edges counted by predicate, and for a unit the
/// number of tasks it leads and cooperates on.
pub fn describe(
    source: &dyn Backend,
    name: &str,
    options: DescribeOptions,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let node = one_node(source, name)?;
    let node_ref = format!("<{node}>");
    let outgoing = source.select(&format!(
        "SELECT DISTINCT ?p ?o WHERE {{ {{ {node_ref} ?p ?o }} UNION {{ GRAPH ?g {{ {node_ref} ?p ?o }} }} }} ORDER BY ?p ?o"
    ))?;
    let incoming = source.select(&format!(
        // A helper node (a responsibility pointing at a unit) is shown by
        // the task that owns it. The example is the least IRI, not a
        // SAMPLE, so that every store shows the same one.
        "SELECT ?p (COUNT(DISTINCT ?s) AS ?n) (MIN(COALESCE(?owner, ?s)) AS ?example) WHERE {{
           ?s ?p {node_ref}
           OPTIONAL {{ ?owner ?q ?s FILTER(STRSTARTS(STR(?s), \"{ID}node/\")) }}
         }} GROUP BY ?p ORDER BY DESC(?n) ?p",
        ID = iri::ID
    ))?;
    if outgoing.rows.is_empty() && incoming.rows.is_empty() {
        bail!("{} is not in the graph", iri::compact(&node));
    }
    let rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    let types: Vec<String> = outgoing
        .rows
        .iter()
        .filter(|row| matches!(&row[0], Some(Term::NamedNode(p)) if p.as_str() == rdf_type))
        .map(|row| table::cell(row[1].as_ref(), true))
        .collect();
    let mut header = iri::compact(&node);
    if !types.is_empty() {
        header.push_str(&format!("  a {}", types.join(", ")));
    }
    writeln!(out, "{header}")?;

    if types.iter().any(|t| t == "pg:Unit") {
        let counts = source.select(&format!(
            "SELECT ?led ?cooperating WHERE {{
               {{ SELECT (COUNT(DISTINCT ?t) AS ?led) WHERE {{ ?t a pg:Task ; pg:leadUnit {node_ref} }} }}
               {{ SELECT (COUNT(DISTINCT ?c) AS ?cooperating) WHERE {{ ?c a pg:Task ; pg:cooperatingUnit {node_ref} }} }}
             }}"
        ))?;
        let value = |column: usize| {
            counts
                .rows
                .first()
                .and_then(|row| row.get(column))
                .map(|v| table::cell(v.as_ref(), true))
                .unwrap_or_else(|| "0".to_owned())
        };
        writeln!(
            out,
            "leads {} tasks, cooperates on {} tasks",
            value(0),
            value(1)
        )?;
    }

    let helpers = helper_summaries(source, &node_ref)?;
    let edges: Vec<Vec<String>> = outgoing
        .rows
        .iter()
        .filter(|row| !matches!(&row[0], Some(Term::NamedNode(p)) if p.as_str() == rdf_type))
        .map(|row| {
            let value = match &row[1] {
                Some(Term::NamedNode(n)) => helpers.get(n.as_str()).map(|summary| {
                    if options.wide {
                        summary.clone()
                    } else {
                        table::truncate(summary, 48)
                    }
                }),
                _ => None,
            };
            vec![
                table::cell(row[0].as_ref(), true),
                value.unwrap_or_else(|| value_cell(row[1].as_ref(), options.wide)),
            ]
        })
        .collect();
    if !edges.is_empty() {
        writeln!(out)?;
        write_limited(out, &["property", "value"], edges, options.max_rows)?;
    }
    if !incoming.rows.is_empty() {
        let rows: Vec<Vec<String>> = incoming
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|v| table::cell(v.as_ref(), options.wide))
                    .collect()
            })
            .collect();
        writeln!(out)?;
        write_limited(
            out,
            &["pointed at by", "nodes", "for example"],
            rows,
            options.max_rows,
        )?;
    }
    Ok(())
}

/// One line for each helper node (mention, responsibility, target) that
/// `node_ref` points at, so that `\d` on a task shows `sd-2022-….txt:63`,
/// `lead 1: unit:省科技厅` or `高新技术企业达到 2.3 万家` instead of an
/// opaque IRI.
fn helper_summaries(
    source: &dyn Backend,
    node_ref: &str,
) -> anyhow::Result<std::collections::HashMap<String, String>> {
    let rows = source.select(&format!(
        "SELECT ?o ?text ?doc ?line ?role ?position ?unit ?page ?cell WHERE {{
           {node_ref} ?p ?o .
           FILTER(isIRI(?o) && STRSTARTS(STR(?o), \"{ID}node/\"))
           OPTIONAL {{ ?o pg:targetText ?text }}
           OPTIONAL {{ ?o pg:document/dcterms:identifier ?doc }}
           OPTIONAL {{ ?o pg:line ?line }}
           OPTIONAL {{ ?o pg:role ?role }}
           OPTIONAL {{ ?o pg:position ?position }}
           OPTIONAL {{ ?o pg:unit ?unit }}
           OPTIONAL {{ ?o pg:page ?page }}
           OPTIONAL {{ ?o pg:cell ?cell }}
         }}",
        ID = iri::ID
    ))?;
    let mut summaries = std::collections::HashMap::new();
    for row in &rows.rows {
        let Some(Term::NamedNode(helper)) = &row[0] else {
            continue;
        };
        let text = |i: usize| row[i].as_ref().map(|v| table::cell(Some(v), true));
        let summary = match (text(1), text(2), text(3), text(4), text(5), text(6)) {
            (Some(target), ..) => format!("target: {target}"),
            (None, Some(doc), Some(line), ..) => {
                let mut place = format!("{doc}:{line}");
                if let Some(page) = text(7) {
                    place.push_str(&format!(" (page {page})"));
                }
                if let Some(cell) = text(8) {
                    place.push_str(&format!(" ({cell})"));
                }
                place
            }
            (None, Some(doc), None, ..) => doc,
            (None, None, _, Some(role), position, unit) => format!(
                "{role} {}: {}",
                position.unwrap_or_default(),
                unit.unwrap_or_default()
            ),
            _ => continue,
        };
        summaries.insert(helper.as_str().to_owned(), summary);
    }
    Ok(summaries)
}

/// Writes where a task was printed: per mention, the document, the lines
/// and the verbatim source text.
pub fn why(source: &dyn Backend, name: &str, out: &mut dyn Write) -> anyhow::Result<()> {
    // A plain name is first tried as a task's local name.
    let name = name.trim();
    let node = if !name.contains(':') && !name.starts_with('<') {
        let task = iri::instance(Kind::Task, name);
        let known = source
            .select(&format!(
                "SELECT ?m WHERE {{ <{task}> pg:mention ?m }} LIMIT 1"
            ))?
            .rows
            .len()
            == 1;
        if known {
            task
        } else {
            one_node(source, name)?
        }
    } else {
        one_node(source, name)?
    };
    let node_ref = format!("<{node}>");
    let mentions = source.select(&format!(
        "SELECT ?doc ?line ?end ?verbatim ?page ?cell WHERE {{
           {node_ref} pg:mention ?m . ?m pg:verbatim ?verbatim .
           OPTIONAL {{ ?m pg:document ?d . OPTIONAL {{ ?d dcterms:identifier ?doc }} }}
           OPTIONAL {{ ?m pg:line ?line }}
           OPTIONAL {{ ?m pg:endLine ?end }}
           OPTIONAL {{ ?m pg:page ?page }}
           OPTIONAL {{ ?m pg:cell ?cell }}
         }} ORDER BY ?doc ?line"
    ))?;
    if mentions.rows.is_empty() {
        bail!(
            "{} has no source text (\\why takes a task, e.g. task:2022-科技研发创新-2-n3)",
            iri::compact(&node)
        );
    }
    let context = source.select(&format!(
        "SELECT ?plan ?title WHERE {{ OPTIONAL {{ {node_ref} pg:plan ?plan }} OPTIONAL {{ {node_ref} dcterms:title ?title }} }} LIMIT 1"
    ))?;
    let mut header = iri::compact(&node);
    if let Some(row) = context.rows.first() {
        if let Some(plan) = &row[0] {
            header.push_str(&format!("  in {}", table::cell(Some(plan), true)));
        }
        if let Some(title) = &row[1] {
            header.push_str(&format!(": {}", table::cell(Some(title), true)));
        }
    }
    writeln!(out, "{header}")?;
    for row in &mentions.rows {
        let text = |i: usize| row[i].as_ref().map(|v| table::cell(Some(v), true));
        let document = text(0).unwrap_or_else(|| "(unknown document)".to_owned());
        let lines = match (text(1), text(2)) {
            (Some(a), Some(b)) if a != b => format!(", lines {a}–{b}"),
            (Some(a), _) => format!(", line {a}"),
            _ => String::new(),
        };
        // Where a person finds it in the original: the PDF page, the
        // table row of a web page or Word file.
        let page = text(4).map(|p| format!(", page {p}")).unwrap_or_default();
        let cell = text(5).map(|c| format!(", {c}")).unwrap_or_default();
        writeln!(out, "\n{document}{page}{cell}{lines}:")?;
        let verbatim = match &row[3] {
            Some(Term::Literal(l)) => l.value().to_owned(),
            other => table::cell(other.as_ref(), true),
        };
        for line in verbatim.lines() {
            if line.trim().is_empty() {
                writeln!(out)?;
            } else {
                writeln!(out, "    {line}")?;
            }
        }
    }
    Ok(())
}

/// The one node `name` means, or an error listing the candidates.
fn one_node(source: &dyn Backend, name: &str) -> anyhow::Result<String> {
    let mut nodes = resolve(source, name)?;
    match nodes.len() {
        0 => bail!(
            "nothing is called '{}' (try a prefixed name such as unit:省科技厅, or Tab)",
            name.trim()
        ),
        1 => Ok(nodes.remove(0)),
        _ => {
            let listed: Vec<String> = nodes.iter().map(|n| iri::compact(n)).collect();
            bail!(
                "'{}' names {} nodes: {} (give one of them)",
                name.trim(),
                nodes.len(),
                listed.join(", ")
            )
        }
    }
}

fn write_limited(
    out: &mut dyn Write,
    header: &[&str],
    mut rows: Vec<Vec<String>>,
    max_rows: Option<usize>,
) -> anyhow::Result<()> {
    let total = rows.len();
    if let Some(max) = max_rows {
        rows.truncate(max);
    }
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    table::write_table(out, &header, &rows).context("writing the description")?;
    if total > rows.len() {
        writeln!(
            out,
            "… {} more rows not shown (\\limit changes how many)",
            total - rows.len()
        )?;
    }
    Ok(())
}

/// A value with its language tag (`省科技厅@zh`), so labels in several
/// languages can be told apart.
fn value_cell(term: Option<&Term>, wide: bool) -> String {
    let text = table::cell(term, wide);
    match term {
        Some(Term::Literal(l)) => match l.language() {
            Some(lang) => format!("{text}@{lang}"),
            None => text,
        },
        _ => text,
    }
}

/// The IRIs in column `column` of `rows`.
fn iris(rows: &SelectRows, column: usize) -> Vec<String> {
    rows.rows
        .iter()
        .filter_map(|row| match row.get(column) {
            Some(Some(Term::NamedNode(n))) => Some(n.as_str().to_owned()),
            _ => None,
        })
        .collect()
}

/// `iri` if it can be written as `<iri>` in a query.
fn checked_iri(iri: &str) -> anyhow::Result<String> {
    let bad = iri.chars().find(|c| {
        matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\') || (*c as u32) <= 0x20
    });
    match bad {
        Some(c) => bail!("'{iri}' is not a valid IRI (it contains {c:?})"),
        None if iri.is_empty() => bail!("an empty name describes nothing"),
        None => Ok(iri.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::PlanStore;

    fn store() -> PlanStore {
        let store = PlanStore::new().unwrap();
        let turtle = r#"
            @prefix pg: <https://w3id.org/plangraph/ontology#> .
            @prefix unit: <https://w3id.org/plangraph/id/unit/> .
            @prefix task: <https://w3id.org/plangraph/id/task/> .
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            unit:省科技厅 a pg:Unit ; skos:prefLabel "省科技厅"@zh ; skos:altLabel "省科技廳"@zh .
            task:a a pg:Task ; pg:leadUnit unit:省科技厅 .
            task:b a pg:Task ; pg:leadUnit unit:省科技厅 .
            task:c a pg:Task ; pg:cooperatingUnit unit:省科技厅 .
        "#;
        let quads = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
            .for_slice(turtle.as_bytes())
            .map(|t| t.unwrap())
            .collect::<Vec<_>>();
        store.insert(quads).unwrap();
        store
    }

    #[test]
    fn names_resolve_by_prefix_label_or_alias() {
        let store = store();
        let unit = "https://w3id.org/plangraph/id/unit/省科技厅";
        assert_eq!(resolve(&store, "unit:省科技厅").unwrap(), [unit]);
        assert_eq!(resolve(&store, "省科技厅").unwrap(), [unit]);
        assert_eq!(resolve(&store, "省科技廳").unwrap(), [unit]);
        assert!(resolve(&store, "省\"科").unwrap().is_empty());
        assert_eq!(
            resolve(&store, "plan:2022-基础设施“七网”").unwrap(),
            ["https://w3id.org/plangraph/id/plan/2022-基础设施%E2%80%9C七网%E2%80%9D"]
        );
        assert!(resolve(&store, "<a b>").is_err());
    }

    #[test]
    fn a_unit_is_described_with_its_task_counts() {
        let store = store();
        let mut out = Vec::new();
        let options = DescribeOptions {
            max_rows: None,
            wide: false,
        };
        describe(&store, "省科技廳", options, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("unit:省科技厅  a pg:Unit\n"), "{text}");
        assert!(
            text.contains("leads 2 tasks, cooperates on 1 tasks"),
            "{text}"
        );
        assert!(text.contains("skos:altLabel  │ 省科技廳@zh"), "{text}");
        assert!(
            text.lines().any(|l| l
                .split('│')
                .map(str::trim)
                .eq(["pg:leadUnit", "2", "task:a"])),
            "{text}"
        );
    }

    #[test]
    fn unknown_names_say_so() {
        let store = store();
        let mut out = Vec::new();
        let options = DescribeOptions {
            max_rows: None,
            wide: false,
        };
        let err = describe(&store, "省不存在厅", options, &mut out).unwrap_err();
        assert!(err.to_string().contains("nothing is called '省不存在厅'"));
        let err = why(&store, "unit:省科技厅", &mut out).unwrap_err();
        assert!(err.to_string().contains("has no source text"), "{err}");
    }
}
