//! The layouts a document's body can have, each read into plans and
//! tasks: plans under `…年行动计划` titles, one plan with `一、` sections,
//! task tables, and numbered items only. Which one applies is decided in
//! `build_document`; the headless layout is `infer`'s.

use std::sync::LazyLock;

use regex::Regex;

use super::super::normalize::t2s;
use super::super::sections::{section_paragraph, DocCtx, DocOut, PlanCursor, SectionCursor};
use super::super::segment::{Class, Marker, Paragraph};
use super::super::table;
use super::super::task::{self, Place};
use super::preamble::{
    document_meta, single_plan_title, title_line, years_of, DOC_NUMBER, ONE_YEAR,
};
use crate::model::{Plan, Severity, TaskKind};

/// The `行动计划` ending (`三年行动计划`) left out of a single plan's title.
static PLAN_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([一二三四五两]年)?行动计划$").expect("valid regex"));

/// Plans announced by `…年行动计划` titles (the 2022 notice and its web copy).
pub(super) fn titled_layout(doc: &DocCtx<'_>, paragraphs: &[Paragraph], out: &mut DocOut) {
    let first = paragraphs
        .iter()
        .position(|p| matches!(p.class, Class::PlanTitle { .. } | Class::GroupTitle { .. }))
        .unwrap_or(paragraphs.len());
    document_meta(&paragraphs[..first], &mut out.document);

    let mut group: Option<String> = None;
    // The top-level plan (for sub-plans) and the innermost one.
    let mut top: Option<(String, i32, Option<String>)> = None;
    let mut plan: Option<PlanCursor> = None;
    let mut section: Option<SectionCursor> = None;
    for para in &paragraphs[first..] {
        match &para.class {
            Class::GroupTitle { group: g, .. } => {
                group = Some(g.clone());
                top = None;
                plan = None;
                section = None;
            }
            Class::PlanTitle { title, year } => {
                let id = doc.plan_id(*year, title);
                out.plans.push(Plan {
                    id: id.clone(),
                    title: title.clone(),
                    group: group.clone(),
                    start_year: *year,
                    end_year: *year,
                    parent: None,
                    title_inferred: false,
                    documents: vec![doc.file.to_string()],
                    line: para.line,
                    industry: None,
                });
                top = Some((id.clone(), *year, group.clone()));
                plan = Some(PlanCursor::new(id, *year));
                section = None;
            }
            Class::SubPlanTitle(title) => {
                let Some((parent, year, parent_group)) = &top else {
                    continue;
                };
                let id = format!("{parent}-{title}");
                out.plans.push(Plan {
                    id: id.clone(),
                    title: title.clone(),
                    group: parent_group.clone(),
                    start_year: *year,
                    end_year: *year,
                    parent: Some(parent.clone()),
                    title_inferred: false,
                    documents: vec![doc.file.to_string()],
                    line: para.line,
                    industry: None,
                });
                plan = Some(PlanCursor::new(id, *year));
                section = None;
            }
            Class::Section { ordinal, name } => {
                if plan.is_some() {
                    section = Some(SectionCursor::new(*ordinal, t2s(name)));
                }
            }
            Class::Body => match (plan.as_mut(), section.as_mut()) {
                (Some(p), Some(s)) => section_paragraph(doc, p, s, para, out),
                (Some(_), None) => out.diagnostics.push(doc.diag(
                    para.line,
                    Severity::Warning,
                    "paragraph between a plan title and its first section heading is not a task"
                        .to_string(),
                )),
                _ => {}
            },
            Class::Chrome => {
                out.diagnostics.push(doc.diag(
                    para.line,
                    Severity::Info,
                    format!("`{}` ignored as page furniture", t2s(&para.text)),
                ));
            }
        }
    }
}

/// Opens the one plan of a document whose title is printed in `preamble`
/// (the document's title in that case); `first_line` is where its body
/// starts. A plan whose year the text never states gets a warning.
fn open_single_plan(
    doc: &DocCtx<'_>,
    preamble: &[Paragraph],
    first_line: usize,
    simplified: &str,
    out: &mut DocOut,
) -> PlanCursor {
    let before_body = &doc.lines[..first_line.saturating_sub(1).min(doc.lines.len())];
    let found = title_line(before_body).or_else(|| single_plan_title(preamble, &doc.lines));
    document_meta(preamble, &mut out.document);
    if out.document.doc_number.is_none() {
        // Web chrome run together with the 文号 hides it from the
        // paragraphs; the physical lines still hold it.
        out.document.doc_number = before_body
            .iter()
            .map(|l| t2s(l.trim()))
            .find(|l| DOC_NUMBER.is_match(l));
    }
    if let Some((printed, _)) = &found {
        // The plan's title is the document's title in this layout.
        out.document.title = Some(printed.clone());
    }
    let (printed, line) = found.unwrap_or_else(|| {
        // Nothing title-like was printed: name the plan after the file
        // (naming only; the layout was recognised from content).
        let stem = doc.file.rsplit_once('.').map_or(doc.file, |(s, _)| s);
        (stem.to_string(), first_line)
    });
    let fallback_year = out
        .document
        .issued
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse().ok())
        .or_else(|| {
            // The document's own 文号 (`黔府发〔2015〕29号`) dates it.
            out.document
                .doc_number
                .as_deref()
                .and_then(|n| n.split_once('〔'))
                .and_then(|(_, rest)| rest.get(..4))
                .and_then(|y| y.parse().ok())
        })
        .or_else(|| {
            ONE_YEAR
                .captures(simplified)
                .and_then(|c| c[1].parse().ok())
        });
    let (start, end, rest) = years_of(&printed).unwrap_or_else(|| {
        let year = fallback_year.unwrap_or(0);
        (year, year, printed.clone())
    });
    if start == 0 {
        out.diagnostics.push(doc.diag(
            line,
            Severity::Warning,
            format!(
                "the plan `{printed}` states no year (title, date or text): its tasks have no year"
            ),
        ));
    }
    let mut title: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    for prefix in [format!("{}省", doc.province), doc.province.to_string()] {
        if let Some(stripped) = title.strip_prefix(prefix.as_str()) {
            title = stripped.to_string();
            break;
        }
    }
    let without_suffix = PLAN_SUFFIX.replace(&title, "").into_owned();
    if !without_suffix.is_empty() {
        title = without_suffix;
    }
    let id = doc.plan_id(start, &title);
    out.plans.push(Plan {
        id: id.clone(),
        title,
        group: None,
        start_year: start,
        end_year: end,
        parent: None,
        title_inferred: false,
        documents: vec![doc.file.to_string()],
        line,
        industry: None,
    });
    PlanCursor::new(id, start)
}

/// A document whose tasks are the rows of task tables (`table`): one plan,
/// titled by the text before the first table; each row is a task whose
/// units come from its cells.
pub(super) fn table_layout(
    doc: &DocCtx<'_>,
    paragraphs: &[Paragraph],
    tables: &[table::Table],
    simplified: &str,
    out: &mut DocOut,
) {
    let first_line = tables[0].header_line;
    let preamble_end = paragraphs
        .iter()
        .position(|p| p.line >= first_line)
        .unwrap_or(paragraphs.len());
    let plan = open_single_plan(
        doc,
        &paragraphs[..preamble_end],
        first_line,
        simplified,
        out,
    );
    for (k, table) in tables.iter().enumerate() {
        let section = table
            .task_column
            .clone()
            .unwrap_or_else(|| "任务".to_string());
        for row in &table.rows {
            let para = Paragraph {
                class: Class::Body,
                marker: Some(Marker::Numbered(row.number)),
                line: row.line,
                end_line: row.end_line,
                text: row.text.clone(),
                body_start: 0,
            };
            let place = Place {
                file: doc.file,
                lines: &doc.lines,
                plan_id: &plan.id,
                plan_year: plan.year,
                section: &section,
                section_ordinal: k as u32 + 1,
                local: format!("n{}", row.number),
                number: row.number.to_string(),
                kind: TaskKind::Numbered,
                subsection: None,
                first_listed_lead: &doc.first_listed_lead,
            };
            let (mut built, attributions) = task::build_task(&place, &para, &mut out.diagnostics);
            task::attach_attribution(
                &mut built,
                doc.file,
                &doc.lines,
                &para,
                row.attribution.clone(),
                &doc.first_listed_lead,
                plan.year,
                &mut out.diagnostics,
            );
            out.document.attributions += attributions + 1;
            out.tasks.push(built);
        }
    }
    out.diagnostics.push(doc.diag(
        first_line,
        Severity::Info,
        format!(
            "read as {} with {} rows; the columns name the units",
            if tables.len() == 1 {
                "a task table".to_string()
            } else {
                format!("{} task tables", tables.len())
            },
            tables.iter().map(|t| t.rows.len()).sum::<usize>()
        ),
    ));
}

/// A document of numbered items with no `一、` sections, no plan titles and
/// no plan family the headless inference knows: one plan, titled by what
/// comes before the first item, whose items are its tasks.
pub(super) fn items_only_layout(
    doc: &DocCtx<'_>,
    paragraphs: &[Paragraph],
    simplified: &str,
    out: &mut DocOut,
) {
    let Some(first) = paragraphs
        .iter()
        .position(|p| p.class == Class::Body && p.marker.is_some())
    else {
        out.diagnostics.push(doc.diag(
            0,
            Severity::Warning,
            "no plan structure recognised (no plan titles, no section headings, no numbered items, no task table)".to_string(),
        ));
        document_meta(paragraphs, &mut out.document);
        return;
    };
    let mut plan = open_single_plan(
        doc,
        &paragraphs[..first],
        paragraphs[first].line,
        simplified,
        out,
    );
    let mut section = SectionCursor::new(1, String::new());
    for para in &paragraphs[first..] {
        match para.class {
            Class::Body => section_paragraph(doc, &mut plan, &mut section, para, out),
            _ => out.diagnostics.push(doc.diag(
                para.line,
                Severity::Info,
                format!("`{}` ignored as page furniture", t2s(&para.text)),
            )),
        }
    }
}

/// One plan whose title is printed before the first `一、` section.
pub(super) fn single_plan_layout(
    doc: &DocCtx<'_>,
    paragraphs: &[Paragraph],
    first_section: usize,
    simplified: &str,
    out: &mut DocOut,
) {
    let preamble = &paragraphs[..first_section];
    let mut plan = open_single_plan(
        doc,
        preamble,
        paragraphs[first_section].line,
        simplified,
        out,
    );
    let mut section: Option<SectionCursor> = None;
    for para in &paragraphs[first_section..] {
        match &para.class {
            Class::Section { ordinal, name } => {
                section = Some(SectionCursor::new(*ordinal, t2s(name)));
            }
            Class::Body => {
                if let Some(s) = section.as_mut() {
                    section_paragraph(doc, &mut plan, s, para, out);
                }
            }
            // A single-plan document has no sub-plans: a bare short line
            // before a heading is furniture like any other.
            Class::Chrome | Class::SubPlanTitle(_) => out.diagnostics.push(doc.diag(
                para.line,
                Severity::Info,
                format!("`{}` ignored as page furniture", t2s(&para.text)),
            )),
            Class::PlanTitle { .. } | Class::GroupTitle { .. } => {}
        }
    }
}
