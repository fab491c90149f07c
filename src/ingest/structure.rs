//! Paragraphs → document, plans and tasks, for one document.
//!
//! The layout is recognised from content, never from the file name:
//! * **titled**: plan titles `…YYYY 年行动计划` (optionally in plan groups
//!   `“十大创新” YYYY 年行动计划`, with sub-plans) → one plan per title;
//! * **single plan**: `一、` sections but no plan titles → one plan named by
//!   the document title printed before the first section;
//! * **headless**: neither → plans recovered in `infer`.
//!
//! Inside a section every numbered paragraph, every `（一）` paragraph with a
//! body and every unnumbered paragraph is a task; short `（一）` headings
//! become the `subsection` of the tasks below them. Cross-document merging
//! lives in `merge`.

use std::sync::LazyLock;

use regex::Regex;

use super::brackets;
use super::infer;
use super::normalize::{match_key, t2s};
pub use super::sections::{section_paragraph, DocCtx, DocOut, PlanCursor, SectionCursor};
use super::segment::{Class, Marker, Paragraph};
use super::table;
use super::task::{self, Place};
use crate::model::{Diagnostic, Document, Plan, Severity, Task, TaskKind};

/// The 31 provincial-level names, short form.
const PROVINCES: [&str; 31] = [
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
];

static DOC_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Han}{1,10}〔\d{4}〕\d+号$").expect("valid regex"));
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$").expect("valid regex")
});
static YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[（(]\s*(\d{4})\s*[-—–－至]\s*(\d{4})\s*年?\s*[）)]").expect("valid regex")
});
static ONE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*年").expect("valid regex"));
/// A section heading that names the lead of its items: `县示范区管委会牵头工作（8项）`.
static PLAN_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([一二三四五两]年)?行动计划$").expect("valid regex"));

/// The province a document is about: the most frequent provincial name in
/// its (simplified) text; 山东 wins ties and empty counts.
pub fn detect_province(simplified: &str) -> &'static str {
    // One pass for all 31 names (31 `matches` scans were a tenth of the
    // ingest). Overlapping matches count each name on its own, as
    // `str::matches` would: no name overlaps itself (a test checks it).
    static MATCHER: LazyLock<aho_corasick::AhoCorasick> =
        LazyLock::new(|| aho_corasick::AhoCorasick::new(PROVINCES).expect("fixed province names"));
    let mut counts = [0usize; PROVINCES.len()];
    for m in MATCHER.find_overlapping_iter(simplified) {
        counts[m.pattern().as_usize()] += 1;
    }
    let shandong = PROVINCES
        .iter()
        .position(|p| *p == "山东")
        .map_or(0, |i| counts[i]);
    let mut best = ("山东", shandong);
    for (name, n) in PROVINCES.iter().zip(counts) {
        if n > best.1 {
            best = (name, n);
        }
    }
    best.0
}

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

fn years_of(title: &str) -> Option<(i32, i32, String)> {
    if let Some(caps) = YEAR_RANGE.captures(title) {
        let start = caps[1].parse().ok()?;
        let end = caps[2].parse().ok()?;
        let rest = YEAR_RANGE.replace(title, "").into_owned();
        return Some((start, end, rest));
    }
    let caps = ONE_YEAR.captures(title)?;
    let year = caps[1].parse().ok()?;
    let rest = ONE_YEAR
        .replace(title, "")
        .replace("（）", "")
        .replace("()", "");
    Some((year, year, rest))
}

/// Title-like preamble paragraph: short, no sentence punctuation, not a
/// number, date, issuer or bracketed note.
fn title_like(simplified: &str) -> bool {
    let n = simplified.chars().count();
    (4..=60).contains(&n)
        && !simplified
            .chars()
            .any(|c| matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':'))
        && !simplified.starts_with(['（', '('])
        && !DOC_NUMBER.is_match(simplified)
        && !DATE_LINE.is_match(simplified)
        && !simplified.ends_with("文件")
        && !simplified.ends_with("办公厅")
        && !simplified.ends_with("人民政府")
}

/// The document title printed before the first section (single-plan
/// layout): the last run of title-like paragraphs, preferring one that
/// names a plan, task list or programme.
fn single_plan_title(preamble: &[Paragraph], lines: &[&str]) -> Option<(String, usize)> {
    let mut runs: Vec<(String, usize)> = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for p in preamble {
        let simp = t2s(p.text.trim_matches(|c: char| c == '|' || c.is_whitespace()));
        let candidate = if p.marker.is_none() && title_like(&simp) {
            Some(simp)
        } else if p.marker.is_none() && p.end_line > p.line {
            // A title run together with the line after it (an addressee
            // line, a source line): its own first line may be the title.
            lines
                .get(p.line - 1)
                .map(|l| t2s(l.trim_matches(|c: char| c == '|' || c.is_whitespace())))
                .filter(|first| title_like(first))
                .inspect(|first| {
                    if let Some(run) = current.take() {
                        runs.push(run);
                    }
                    runs.push((first.clone(), p.line));
                })
                .and(None)
        } else {
            None
        };
        match candidate {
            Some(simp) => match current.as_mut() {
                Some((text, _)) => text.push_str(&simp),
                None => current = Some((simp, p.line)),
            },
            None => {
                if let Some(run) = current.take() {
                    runs.push(run);
                }
            }
        }
    }
    runs.extend(current);
    let keywords = ["计划", "任务", "方案", "要点", "意见", "规划", "措施"];
    runs.iter()
        .rev()
        .find(|(t, _)| keywords.iter().any(|k| t.contains(k)))
        .or_else(|| runs.last())
        .cloned()
}

/// The last physical line before the body that reads as a document's
/// title: no sentence punctuation, and ending in a document kind
/// (`…的意见`, `…实施方案`, `…任务分解表`).
fn title_line(lines: &[&str]) -> Option<(String, usize)> {
    static TITLE_LINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[^，,。；;：:|>]{4,70}(?:意见|方案|计划|要点|办法|规划|措施|分解|分解表|分工|清单|安排|决定|细则|通知)$")
            .expect("valid regex")
    });
    lines.iter().enumerate().rev().find_map(|(i, line)| {
        let simp: String = t2s(line.trim_matches(|c: char| c == '|' || c.is_whitespace()))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        (TITLE_LINE.is_match(&simp) && !simp.starts_with("附件") && !DOC_NUMBER.is_match(&simp))
            .then_some((simp, i + 1))
    })
}

/// Metadata printed in the preamble: title, issuing number, date.
fn document_meta(preamble: &[Paragraph], document: &mut Document) {
    for p in preamble {
        let simp = t2s(&p.text);
        if document.doc_number.is_none() && DOC_NUMBER.is_match(&simp) {
            document.doc_number = Some(simp.clone());
        }
        if document.issued.is_none() {
            if let Some(c) = DATE_LINE.captures(&simp) {
                let (y, m, d) = (&c[1], &c[2], &c[3]);
                if let (Ok(m), Ok(d)) = (m.parse::<u32>(), d.parse::<u32>()) {
                    document.issued = Some(format!("{y}-{m:02}-{d:02}"));
                }
            }
        }
    }
    if document.title.is_none() {
        let title = preamble
            .iter()
            .map(|p| t2s(&p.text))
            .find(|t| t.contains("关于") && t.chars().count() <= 100)
            // An addressee line may have been joined to the title.
            .map(|t| match t.find("的通知") {
                Some(i) => t[..i + "的通知".len()].to_string(),
                None => t,
            })
            .or_else(|| {
                preamble.iter().map(|p| t2s(&p.text)).find(|t| {
                    let n = t.chars().count();
                    (4..=60).contains(&n)
                        && !t.ends_with(['：', ':'])
                        && !t.ends_with("文件")
                        && !DOC_NUMBER.is_match(t)
                        && !DATE_LINE.is_match(t)
                })
            });
        document.title = title;
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

/// Plans announced by `…年行动计划` titles (the 2022 notice and its web copy).
fn titled_layout(doc: &DocCtx<'_>, paragraphs: &[Paragraph], out: &mut DocOut) {
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
fn table_layout(
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
fn items_only_layout(
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
fn single_plan_layout(
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

/// Numbered items that name no unit in a document where most items do: an
/// attribution style the grammar does not know, or a unit list that was
/// lost. The last item is left to `flag_truncated_end`.
fn flag_items_without_units(doc: &DocCtx<'_>, out: &mut DocOut) {
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
fn flag_truncated_end(doc: &DocCtx<'_>, out: &mut DocOut) {
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
fn flag_repeated_paragraphs(doc: &DocCtx<'_>, out: &mut DocOut) {
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
    // task was quadratic in the paragraphs of a section.
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
fn dedupe_ids(doc: &DocCtx<'_>, out: &mut DocOut) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers_round_trip() {
        for n in 1..=99 {
            assert_eq!(
                super::super::segment::chinese_numeral(&super::super::sections::to_chinese(n)),
                Some(n)
            );
        }
    }

    #[test]
    fn no_province_name_overlaps_itself() {
        for name in PROVINCES {
            let chars: Vec<char> = name.chars().collect();
            for k in 1..chars.len() {
                assert_ne!(chars[..k], chars[chars.len() - k..], "{name}");
            }
        }
    }

    #[test]
    fn province_is_the_most_frequent_name() {
        assert_eq!(detect_province("江苏省江苏山东"), "江苏");
        assert_eq!(detect_province("无"), "山东");
    }

    #[test]
    fn plan_years_from_titles() {
        assert_eq!(
            years_of("山东省建设先行区三年行动计划（2023-2025年）").map(|y| (y.0, y.1)),
            Some((2023, 2025))
        );
        assert_eq!(
            years_of("山东省建设先行区2023年重点工作任务").map(|y| (y.0, y.1, y.2)),
            Some((2023, 2023, "山东省建设先行区重点工作任务".to_string()))
        );
    }

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
