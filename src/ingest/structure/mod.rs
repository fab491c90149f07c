//! Paragraphs → document, plans and tasks, for one document.
//!
//! The layout is recognised from content, never from the file name:
//! * **titled**: plan titles `…YYYY 年行动计划` (optionally in plan groups
//!   `“十大创新” YYYY 年行动计划`, with sub-plans) → one plan per title;
//! * **single plan**: `一、` sections but no plan titles → one plan named by
//!   the document title printed before the first section;
//! * **task tables**: the rows of tables whose columns name the units → one
//!   plan, one task per row;
//! * **headless**: neither titles nor sections, but a plan family `infer`
//!   knows → plans recovered in `infer`;
//! * **items only**: numbered items and nothing else → one plan.
//!
//! Inside a section every numbered paragraph, every `（一）` paragraph with a
//! body and every unnumbered paragraph is a task; short `（一）` headings
//! become the `subsection` of the tasks below them. Cross-document merging
//! lives in `merge`.
//!
//! One idea per file: `province` (which province a document is about),
//! `preamble` (title, 文号, date and years printed before the body),
//! `layouts` (the body read into plans and tasks), `checks` (warnings on the
//! tasks read). What the layouts share with `infer` lives in `sections`.

mod checks;
mod layouts;
mod preamble;
mod province;

use super::infer;
use super::normalize::t2s;
use super::sections::DocCtx;
pub use super::sections::DocOut;
use super::segment::Class;
use super::table;
use crate::model::{Document, Severity};

use checks::{dedupe_ids, flag_items_without_units, flag_repeated_paragraphs, flag_truncated_end};
use layouts::{items_only_layout, single_plan_layout, table_layout, titled_layout};
use preamble::document_meta;
use province::detect_province;

/// Gives the tasks under a heading `X牵头工作` that name no unit of their
/// own the heading's unit as lead.
fn apply_section_leads(doc: &DocCtx<'_>, out: &mut DocOut) {
    for (index, lead) in std::mem::take(&mut out.section_leads) {
        let Some(task) = out.tasks.get_mut(index) else {
            continue;
        };
        if !task.responsibilities.is_empty() {
            continue;
        }
        let line = task.mentions.first().map_or(0, |m| m.line);
        let resolved = super::units::resolve(&lead);
        out.diagnostics.extend(super::units::resolution_diagnostic(
            doc.file, line, &lead, &resolved,
        ));
        task.responsibilities.push(crate::model::Responsibility {
            unit: resolved.name,
            surface: lead,
            role: crate::model::Role::Lead,
        });
    }
}

/// Builds everything one decoded document contributes.
pub fn build_document(file: &str, text: &str, encoding: &str) -> DocOut {
    let (paragraphs, seg_diagnostics) = super::segment::segment(file, text);
    let simplified = t2s(text);
    let province = detect_province(&simplified);
    let ideographs = text
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count();
    let converted = text
        .chars()
        .zip(simplified.chars())
        .filter(|(a, b)| a != b)
        .count();
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let doc = DocCtx {
        file,
        lines,
        id_prefix: if province == "山东" {
            String::new()
        } else {
            format!("{province}-")
        },
        province,
        first_listed_lead: std::cell::Cell::new(false),
    };
    let mut out = DocOut {
        document: Document {
            file_name: file.to_string(),
            traditional: ideographs > 0 && converted * 20 > ideographs,
            encoding: encoding.to_string(),
            lines: text.lines().count(),
            ..Default::default()
        },
        diagnostics: seg_diagnostics,
        ..Default::default()
    };
    if encoding != "UTF-8" {
        out.diagnostics.push(doc.diag(
            0,
            Severity::Info,
            format!("not UTF-8: decoded as {encoding}"),
        ));
    }

    let titled = paragraphs
        .iter()
        .any(|p| matches!(p.class, Class::PlanTitle { .. } | Class::GroupTitle { .. }));
    let first_section = paragraphs
        .iter()
        .position(|p| matches!(p.class, Class::Section { .. }));
    let tables = table::find_tables(&doc.lines);
    for line in tables.iter().flat_map(|t| &t.unnumbered) {
        out.diagnostics.push(doc.diag(
            *line,
            Severity::Warning,
            "a table row names units but has no number in its 序号 column, so it is not read as a task"
                .to_string(),
        ));
    }
    if !tables.is_empty() {
        table_layout(&doc, &paragraphs, &tables, &simplified, &mut out);
    } else if titled {
        titled_layout(&doc, &paragraphs, &mut out);
    } else if let Some(first) = first_section {
        single_plan_layout(&doc, &paragraphs, first, &simplified, &mut out);
    } else if infer::names_a_known_family(&simplified) {
        let preamble_end = infer::headless_layout(&doc, &paragraphs, &simplified, &mut out);
        document_meta(&paragraphs[..preamble_end], &mut out.document);
    } else {
        items_only_layout(&doc, &paragraphs, &simplified, &mut out);
    }
    apply_section_leads(&doc, &mut out);
    flag_items_without_units(&doc, &mut out);
    flag_truncated_end(&doc, &mut out);
    flag_repeated_paragraphs(&doc, &mut out);
    dedupe_ids(&doc, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headless_documents_get_plans_sections_and_titles_from_infer() {
        let text = "各市人民政府:\n\
            《“十大创新”行动计划(2024—2025年)》已经同意,现印发给你们。\n\
            研发投入增长10%左右。\n\
            1.强化攻关。聚焦。(牵头单位:省科技厅)\n\
            2.完善体系。推动。(牵头单位:省科技厅)\n\
            (一)强化组织领导。省科技厅牵头负责科技研发创新行动计划落实。(牵头单位:省科技厅)\n\
            新增领军人才2300人左右。\n\
            (一)构建格局。创建平台。(牵头单位:省委组织部)\n\
            (二)融合发展。实施计划。(牵头单位:省教育厅)\n\
            (一)加强组织领导。统筹推进人才引育创新工作。(牵头单位:省委组织部)\n\
            坚持系统思维。\n\
            1.深入推进一件事。(牵头单位:省政府办公厅)\n";
        let out = build_document("x.txt", text, "UTF-8");
        let plans: Vec<(&str, usize)> = out.plans.iter().map(|p| (p.id.as_str(), p.line)).collect();
        assert_eq!(
            plans,
            vec![
                ("2024-科技研发创新", 3),
                ("2024-人才引育创新", 7),
                ("2024-营商环境创新", 11)
            ]
        );
        let ids: Vec<&str> = out.tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "2024-科技研发创新-1-p1",
                "2024-科技研发创新-2-n1",
                "2024-科技研发创新-2-n2",
                "2024-科技研发创新-3-s1",
                "2024-人才引育创新-1-p1",
                "2024-人才引育创新-2-s1",
                "2024-人才引育创新-2-s2",
                "2024-人才引育创新-3-s1",
                "2024-营商环境创新-1-p1",
                "2024-营商环境创新-2-n1",
            ]
        );
        assert!(out
            .plans
            .iter()
            .all(|p| p.title_inferred && p.end_year == 2025));
        let reasons: Vec<&str> = out
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("inferred"))
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(reasons.len(), 3);
        assert!(
            reasons[2].contains("by position after 人才引育创新"),
            "{}",
            reasons[2]
        );
    }
}
