//! Per-document results → one [`Corpus`], in input order.
//!
//! A plan or task printed in several documents (the 2022 十强产业 plans are in
//! both 2022 files) has the same id in each and becomes one record: the task
//! gets one mention per printing, and its text and units come from the
//! official printing (the document with an issuing number). When the two
//! printings disagree after normalisation a warning says so.

use std::collections::{HashMap, HashSet};

use super::normalize::match_key;
use super::structure::DocOut;
use super::units;
use crate::model::{Corpus, Diagnostic, Severity, Task};

fn unit_list(task: &Task) -> Vec<&str> {
    task.responsibilities
        .iter()
        .map(|r| r.unit.as_str())
        .collect()
}

/// Task ids printed by more than one document.
fn ids_in_several_documents(docs: &[DocOut]) -> HashSet<String> {
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    let mut repeated = HashSet::new();
    for (d, doc) in docs.iter().enumerate() {
        for task in &doc.tasks {
            let first = *first_seen.entry(task.id.as_str()).or_insert(d);
            if first != d {
                repeated.insert(task.id.clone());
            }
        }
    }
    repeated
}

/// Assembles the corpus from the documents' results, in input order, with
/// the alias tables in force.
pub fn merge(docs: Vec<DocOut>) -> Corpus {
    merge_with(docs, units::in_force())
}

/// [`merge`] with the alias tables `tables`.
pub fn merge_with(docs: Vec<DocOut>, tables: &units::AliasTables) -> Corpus {
    let mut corpus = Corpus::default();
    let mut plan_index: HashMap<String, usize> = HashMap::new();
    let mut task_index: HashMap<String, usize> = HashMap::new();
    // Whether the printing a merged task's fields come from is official.
    let mut from_official: Vec<bool> = Vec::new();
    let mut merge_diagnostics: Vec<Diagnostic> = Vec::new();

    // The match key of each merged task's text (see `DocOut::match_keys`),
    // kept only for ids that more than one document prints: the others are
    // never compared, and all keys would add much to a large corpus's
    // records (BENCHMARKS.md).
    let printed_twice = ids_in_several_documents(&docs);
    let mut merged_keys: Vec<String> = Vec::new();

    // What each qualified unit name stands for (its printed label and its
    // jurisdiction), for the units built at the end.
    let mut unit_sources: HashMap<String, units::UnitSource> = HashMap::new();

    for mut doc in docs {
        qualify_units(&mut doc, tables, &mut unit_sources);
        let official = doc.document.doc_number.is_some();
        let file = doc.document.file_name.clone();
        corpus.documents.push(doc.document);
        corpus.diagnostics.extend(doc.diagnostics);
        for plan in doc.plans {
            match plan_index.get(&plan.id) {
                Some(&i) => {
                    let existing = &mut corpus.plans[i];
                    for d in plan.documents {
                        if !existing.documents.contains(&d) {
                            existing.documents.push(d);
                        }
                    }
                    if existing.group.is_none() {
                        existing.group = plan.group;
                    }
                }
                None => {
                    plan_index.insert(plan.id.clone(), corpus.plans.len());
                    corpus.plans.push(plan);
                }
            }
        }
        let mut keys = doc.match_keys.into_iter();
        for mut task in doc.tasks {
            let key = keys.next().unwrap_or_else(|| match_key(&task.text));
            let Some(&i) = task_index.get(&task.id) else {
                task_index.insert(task.id.clone(), corpus.tasks.len());
                from_official.push(official);
                merged_keys.push(if printed_twice.contains(task.id.as_str()) {
                    key
                } else {
                    String::new()
                });
                corpus.tasks.push(task);
                continue;
            };
            let existing = &mut corpus.tasks[i];
            let line = task.mentions.first().map_or(0, |m| m.line);
            let other = existing
                .mentions
                .first()
                .map(|m| format!("{}:{}", m.document, m.line))
                .unwrap_or_default();
            if merged_keys[i] != key {
                merge_diagnostics.push(Diagnostic {
                    file: file.clone(),
                    line,
                    severity: Severity::Warning,
                    message: format!(
                        "task {} is also printed at {other} with a different text",
                        task.id
                    ),
                });
            }
            if unit_list(existing) != unit_list(&task) {
                merge_diagnostics.push(Diagnostic {
                    file: file.clone(),
                    line,
                    severity: Severity::Warning,
                    message: format!(
                        "task {} is also printed at {other} with different units",
                        task.id
                    ),
                });
            }
            let mut mentions = std::mem::take(&mut existing.mentions);
            mentions.append(&mut task.mentions);
            if official && !from_official[i] {
                *existing = Task { mentions, ..task };
                from_official[i] = true;
                merged_keys[i] = key;
            } else {
                existing.mentions = mentions;
            }
        }
    }
    corpus.diagnostics.extend(merge_diagnostics);
    corpus.units = units::build_units_in(
        tables,
        corpus.tasks.iter().flat_map(|t| &t.responsibilities),
        &unit_sources,
    );
    corpus
}

/// Replaces each responsibility's printed canonical name by its qualified
/// name (see [`units::qualify`]): units of two jurisdictions never merge,
/// and units of a document without one keep their printed names (the
/// document's warning says why). A document reads its units through the
/// alias tables of its jurisdiction and the divisions around it (see
/// [`units::AliasTables::chain`]); one outside every table (an Anhui plan
/// without a user table of 安徽省) reads them without, from the surface as
/// printed, so that its 省科技厅 is not Shandong's.
fn qualify_units(
    doc: &mut DocOut,
    tables: &units::AliasTables,
    sources: &mut HashMap<String, units::UnitSource>,
) {
    let divisions = super::divisions::divisions();
    let jurisdiction = doc
        .document
        .jurisdiction
        .as_deref()
        .and_then(|name| divisions.by_qualified(name));
    let chain = tables.chain(jurisdiction);
    // The reader resolved every unit through the built-in table before the
    // document's jurisdiction was known; that stands unless other tables,
    // or user rows, apply.
    let reread = chain != [0] || tables.changed_by_user(&chain);
    if reread {
        // "Not in the alias table" was said of the built-in table: it
        // says nothing of a document outside it, nor of a surface a user
        // row now knows.
        doc.diagnostics.retain(|d| {
            not_in_table_surface(&d.message)
                .is_none_or(|surface| !chain.is_empty() && !tables.resolve(&chain, surface).known)
        });
    }
    let mut unplaced: HashSet<String> = HashSet::new();
    for task in &mut doc.tasks {
        let line = task.mentions.first().map_or(0, |m| m.line);
        for r in &mut task.responsibilities {
            let label = if !reread || r.surface.is_empty() {
                std::mem::take(&mut r.unit)
            } else if chain.is_empty() {
                units::resolve_plain(&r.surface)
            } else {
                tables.resolve(&chain, &r.surface).name
            };
            let qualified = units::qualify(jurisdiction, &label);
            // A table row describes the unit when the table applies and the
            // unit is the table's own (not a 济宁市 body in a 济宁市 plan
            // read through Shandong's table).
            let table = chain.iter().copied().find(|&t| {
                tables.unit_info(t, &label).is_some()
                    && (qualified.jurisdiction.is_none()
                        || qualified.jurisdiction == tables.division(t))
            });
            sources
                .entry(qualified.name.clone())
                .or_insert(units::UnitSource {
                    label,
                    jurisdiction: qualified.jurisdiction,
                    table,
                });
            // Once per unit and document: the document's warning says why.
            if jurisdiction.is_none() && unplaced.insert(qualified.name.clone()) {
                doc.diagnostics.push(Diagnostic {
                    file: doc.document.file_name.clone(),
                    line,
                    severity: Severity::Warning,
                    message: format!(
                        "unit `{}` belongs to no known jurisdiction (the document states none): \
                         it keeps its printed name",
                        qualified.name
                    ),
                });
            }
            r.unit = qualified.name;
        }
    }
}

/// The surface of a "not in the alias table" warning (see
/// [`units::resolution_diagnostic`]).
fn not_in_table_surface(message: &str) -> Option<&str> {
    message
        .strip_prefix("unit `")?
        .split_once("` is not in the alias table")
        .map(|(surface, _)| surface)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Mention, Responsibility, Role};

    fn doc(file: &str, official: bool, tasks: Vec<Task>) -> DocOut {
        DocOut {
            document: Document {
                file_name: file.into(),
                doc_number: official.then(|| "鲁政办字〔2022〕28号".to_string()),
                ..Default::default()
            },
            tasks,
            ..Default::default()
        }
    }

    fn task(id: &str, file: &str, line: usize, text: &str, units: &[&str]) -> Task {
        Task {
            id: id.into(),
            text: text.into(),
            mentions: vec![Mention {
                document: file.into(),
                line,
                end_line: line,
                verbatim: text.into(),
                ..Default::default()
            }],
            responsibilities: units
                .iter()
                .map(|u| Responsibility {
                    unit: u.to_string(),
                    surface: u.to_string(),
                    role: Role::Lead,
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn official_printing_wins_position_stays_first() {
        let web = doc(
            "web.txt",
            false,
            vec![
                task("a", "web.txt", 10, "甲。", &[]),
                task("b", "web.txt", 12, "乙项，", &["省科技厅"]),
            ],
        );
        let official = doc(
            "official.txt",
            true,
            vec![
                task("b", "official.txt", 30, "乙项,", &["省科技厅"]),
                task("c", "official.txt", 32, "丙。", &["省财政厅", "省科技厅"]),
                task("a", "official.txt", 34, "甲。再。", &["省商务厅"]),
            ],
        );
        let corpus = merge(vec![web, official]);
        let ids: Vec<&str> = corpus.tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "b", "c"]);
        let a = &corpus.tasks[0];
        assert_eq!(a.text, "甲。再。");
        let lines: Vec<usize> = a.mentions.iter().map(|m| m.line).collect();
        assert_eq!(lines, vec![10, 34]);
        // `，` vs `,` is not a difference; a different text or unit list is.
        let warnings: Vec<(&str, usize)> = corpus
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("also printed"))
            .map(|d| (d.file.as_str(), d.line))
            .collect();
        assert_eq!(warnings, vec![("official.txt", 34), ("official.txt", 34)]);
        // The documents state no jurisdiction: the units keep their printed
        // names, each with one warning per document where it is first named.
        let units: Vec<&str> = corpus.units.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(units, vec!["省商务厅", "省科技厅", "省财政厅"]);
        let unplaced: Vec<(&str, usize)> = corpus
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("no known jurisdiction"))
            .map(|d| (d.file.as_str(), d.line))
            .collect();
        assert_eq!(
            unplaced,
            vec![
                ("web.txt", 12),
                ("official.txt", 30),
                ("official.txt", 32),
                ("official.txt", 34)
            ]
        );
    }
}
