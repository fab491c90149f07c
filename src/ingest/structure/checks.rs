//! The checks run on a document's tasks once its layout is read: items
//! that name no unit where most do, a last item cut off, paragraphs that
//! repeat a task, ids printed twice. Each adds a diagnostic; only a
//! repeated id changes a record (it gets a suffix).

use super::super::brackets;
use super::super::normalize::{match_key, t2s};
use super::super::sections::{DocCtx, DocOut};
use crate::model::{Diagnostic, Severity, Task, TaskKind};

/// Numbered items that name no unit in a document where most items do: an
/// attribution style the grammar does not know, or a unit list that was
/// lost. The last item is left to `flag_truncated_end`.
pub(super) fn flag_items_without_units(doc: &DocCtx<'_>, out: &mut DocOut) {
    let items: Vec<&Task> = out
        .tasks
        .iter()
        .filter(|t| t.kind != TaskKind::Paragraph)
        .collect();
    let with_units = items
        .iter()
        .filter(|t| !t.responsibilities.is_empty())
        .count();
    if items.len() < 3 || with_units * 2 <= items.len() {
        return;
    }
    let last = items.len() - 1;
    let mut found = Vec::new();
    for (i, task) in items.iter().enumerate() {
        if task.responsibilities.is_empty() && i != last {
            let line = task.mentions.first().map_or(0, |m| m.line);
            found.push(doc.diag(
                line,
                Severity::Warning,
                format!(
                    "item {} names no responsible unit, although {with_units} of the document's {} items do",
                    if task.number.is_empty() { task.id.as_str() } else { task.number.as_str() },
                    items.len()
                ),
            ));
        }
    }
    out.diagnostics.extend(found);
}

/// The last task of a document that has no attribution while the one
/// before it has one: the text was cut off there.
pub(super) fn flag_truncated_end(doc: &DocCtx<'_>, out: &mut DocOut) {
    let n = out.tasks.len();
    if n < 2 {
        return;
    }
    let attributed = |t: &Task| {
        t.mentions
            .first()
            .is_some_and(|m| !brackets::attribution_spans(&t2s(&m.verbatim)).is_empty())
    };
    let last = &out.tasks[n - 1];
    if !attributed(last) && attributed(&out.tasks[n - 2]) {
        let line = last.mentions.first().map_or(0, |m| m.line);
        out.diagnostics.push(doc.diag(
            line,
            Severity::Warning,
            format!(
                "last item ({}) has no attribution although the one before has: the document looks truncated here",
                last.id
            ),
        ));
    }
}

/// Unnumbered paragraphs that repeat another task's text (a stray copy).
pub(super) fn flag_repeated_paragraphs(doc: &DocCtx<'_>, out: &mut DocOut) {
    let keys: Vec<String> = out.tasks.iter().map(|t| match_key(&t.text)).collect();
    flag_repeats_among(doc, out, &keys);
    out.match_keys = keys;
}

fn flag_repeats_among(doc: &DocCtx<'_>, out: &mut DocOut, keys: &[String]) {
    let candidates: Vec<usize> = out
        .tasks
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            t.kind == TaskKind::Paragraph && t.number.is_empty() && keys[*i].chars().count() >= 20
        })
        .map(|(i, _)| i)
        .collect();
    if candidates.is_empty() || out.tasks.iter().all(|t| t.kind == TaskKind::Paragraph) {
        return;
    }
    // One automaton over every candidate paragraph, run once over each
    // task: linear in the text, where comparing every paragraph with every
    // task would be quadratic in the paragraphs of a section (BENCHMARKS.md).
    // A contiguous NFA: a DFA over thousands of long patterns costs more to
    // build than the one pass it would speed up.
    let Ok(matcher) = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(candidates.iter().map(|&i| keys[i].as_str()))
    else {
        return;
    };
    let mut copy_of: Vec<Option<usize>> = vec![None; candidates.len()];
    let mut open = candidates.len();
    for (j, other) in out.tasks.iter().enumerate() {
        if open == 0 {
            break;
        }
        if other.kind == TaskKind::Paragraph {
            continue;
        }
        for m in matcher.find_overlapping_iter(keys[j].as_str()) {
            let slot = &mut copy_of[m.pattern().as_usize()];
            if slot.is_none() {
                *slot = Some(j);
                open -= 1;
            }
        }
    }
    for (k, &i) in candidates.iter().enumerate() {
        let Some(j) = copy_of[k] else { continue };
        let (t, other) = (&out.tasks[i], &out.tasks[j]);
        let line = t.mentions.first().map_or(0, |m| m.line);
        let other_line = other.mentions.first().map_or(0, |m| m.line);
        let diagnostic = doc.diag(
            line,
            Severity::Warning,
            format!(
                "paragraph repeats the text of task {} (line {other_line}) without its attribution; kept as a paragraph of its own",
                other.id
            ),
        );
        out.diagnostics.push(diagnostic);
    }
}

/// Ids must be unique within a document; a repeat gets a suffix and a
/// warning (no such case in the corpus).
pub(super) fn dedupe_ids(doc: &DocCtx<'_>, out: &mut DocOut) {
    let mut seen = std::collections::HashMap::new();
    for t in &mut out.tasks {
        let count = seen.entry(t.id.clone()).or_insert(0u32);
        *count += 1;
        if *count > 1 {
            let line = t.mentions.first().map_or(0, |m| m.line);
            let new_id = format!("{}-{}", t.id, count);
            out.diagnostics.push(Diagnostic {
                file: doc.file.to_string(),
                line,
                severity: Severity::Warning,
                message: format!("task id {} printed twice; this one is {new_id}", t.id),
            });
            t.id = new_id;
        }
    }
}
