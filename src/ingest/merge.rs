//! Per-document results → one [`Corpus`], in input order.
//!
//! A plan or task printed in several documents (the 2022 十强产业 plans are in
//! both 2022 files) has the same id in each and becomes one record: the task
//! gets one mention per printing, and its text and units come from the
//! official printing (the document with an issuing number). When the two
//! printings disagree after normalisation a warning says so.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::normalize::match_key;
use super::structure::DocOut;
use super::units;
use crate::model::{Corpus, Diagnostic, Severity, Task, Unit};

fn unit_list(task: &Task) -> Vec<&str> {
    task.responsibilities
        .iter()
        .map(|r| r.unit.as_str())
        .collect()
}

/// Assembles the corpus from the documents' results, in input order.
pub fn merge(docs: Vec<DocOut>) -> Corpus {
    let mut corpus = Corpus::default();
    let mut plan_index: HashMap<String, usize> = HashMap::new();
    let mut task_index: HashMap<String, usize> = HashMap::new();
    // Whether the printing a merged task's fields come from is official.
    let mut from_official: Vec<bool> = Vec::new();
    let mut merge_diagnostics: Vec<Diagnostic> = Vec::new();

    for doc in docs {
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
        for task in doc.tasks {
            let Some(&i) = task_index.get(&task.id) else {
                task_index.insert(task.id.clone(), corpus.tasks.len());
                from_official.push(official);
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
            if match_key(&existing.text) != match_key(&task.text) {
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
            mentions.extend(task.mentions.iter().cloned());
            if official && !from_official[i] {
                *existing = Task { mentions, ..task };
                from_official[i] = true;
            } else {
                existing.mentions = mentions;
            }
        }
    }
    corpus.diagnostics.extend(merge_diagnostics);
    corpus.units = collect_units(&corpus.tasks);
    corpus
}

/// One unit per distinct canonical name, sorted by name.
fn collect_units(tasks: &[Task]) -> Vec<Unit> {
    let mut surfaces: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in tasks.iter().flat_map(|t| &t.responsibilities) {
        surfaces
            .entry(r.unit.clone())
            .or_default()
            .insert(r.surface.clone());
    }
    surfaces
        .into_iter()
        .map(|(name, seen)| {
            let known = seen.iter().any(|s| units::resolve(s).known) || units::resolve(&name).known;
            let alt_labels = seen.into_iter().filter(|s| *s != name).collect();
            Unit {
                name,
                alt_labels,
                known,
                ..Default::default()
            }
        })
        .collect()
}
