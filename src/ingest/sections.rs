//! What the layouts of a document share: the records one document
//! contributes (`DocOut`), the per-document facts every builder needs
//! (`DocCtx`), the cursors of the plan and section being filled, and the
//! reading of one section paragraph into a task or an attribution line.
//! Both the layouts of `structure` and the headless reader `infer` build
//! on these, which is why they live below both.

use std::sync::LazyLock;

use regex::Regex;

use super::attribution;
use super::normalize::t2s;
use super::segment::{Marker, Paragraph};
use super::task::{self, Place};
use crate::model::{Diagnostic, Document, Plan, Severity, Task, TaskKind};

/// Everything one document contributes to the corpus.
#[derive(Debug, Clone, Default)]
pub struct DocOut {
    pub document: Document,
    pub plans: Vec<Plan>,
    pub tasks: Vec<Task>,
    pub diagnostics: Vec<Diagnostic>,
    /// `normalize::match_key` of each task's text, in task order: computed
    /// once for the repeated-paragraph check, reused by `merge` (empty when
    /// not computed).
    pub match_keys: Vec<String>,
    /// Tasks under a heading `X牵头工作`, with X: each leads its task unless
    /// the task names units of its own (inline or on a line below it).
    pub section_leads: Vec<(usize, String)>,
}

/// A heading `X牵头工作`: X leads the tasks below it that name no unit.
static SECTION_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Han}[^，,。；;]{1,30}?)牵头(?:的|负责的)?(?:工作|事项|任务)")
        .expect("valid regex")
});

/// Per-document facts every builder needs.
pub struct DocCtx<'a> {
    pub file: &'a str,
    pub lines: Vec<&'a str>,
    /// `江苏-` when the document is not about 山东, else empty.
    pub id_prefix: String,
    pub province: &'static str,
    /// The document declared `列第一位者为牵头单位` (see `task::Place`).
    pub first_listed_lead: std::cell::Cell<bool>,
}

impl DocCtx<'_> {
    /// Plan id for `title` starting in `year`.
    pub fn plan_id(&self, year: i32, title: &str) -> String {
        let clean: String = title
            .chars()
            .filter(|c| !matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’'))
            .collect();
        if year == 0 {
            return format!("{}{clean}", self.id_prefix);
        }
        format!("{}{year}-{clean}", self.id_prefix)
    }

    pub(super) fn diag(&self, line: usize, severity: Severity, message: String) -> Diagnostic {
        Diagnostic {
            file: self.file.to_string(),
            line,
            severity,
            message,
        }
    }
}

/// Position inside a plan while walking its paragraphs.
#[derive(Debug, Clone, Default)]
pub struct PlanCursor {
    pub id: String,
    pub year: i32,
    /// The last task number printed in this plan, to see restarts.
    last_number: Option<u32>,
}

impl PlanCursor {
    pub fn new(id: String, year: i32) -> Self {
        PlanCursor {
            id,
            year,
            last_number: None,
        }
    }
}

/// Position inside a section.
#[derive(Debug, Clone, Default)]
pub struct SectionCursor {
    pub ordinal: u32,
    pub name: String,
    restarted: bool,
    /// The current `（K）` subsection: its numeral and heading.
    sub: Option<(u32, Option<String>)>,
    unnumbered: u32,
    /// The unit a heading `X牵头工作` names as lead of the items below it.
    lead: Option<String>,
}

impl SectionCursor {
    pub fn new(ordinal: u32, name: String) -> Self {
        let lead = SECTION_LEAD
            .captures(&name)
            .map(|c| c[1].to_string())
            .filter(|unit| !unit.contains(['，', ',', '。']));
        SectionCursor {
            ordinal,
            name,
            lead,
            ..Default::default()
        }
    }
}

/// Chinese numeral for 1..=99, the inverse of `segment::chinese_numeral`.
pub fn to_chinese(n: u32) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        20..=99 => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

/// Longest `（一）` body (in characters) that is still a bare heading when it
/// carries no attribution; a longer one is an item with a body.
const HEADING_MAX_CHARS: usize = 45;

/// Turns one body paragraph inside a section into a task, or into the
/// section's current subsection when it is a bare `（一）` heading.
pub fn section_paragraph(
    doc: &DocCtx<'_>,
    plan: &mut PlanCursor,
    section: &mut SectionCursor,
    para: &Paragraph,
    out: &mut DocOut,
) {
    let sub_title = section.sub.as_ref().and_then(|(_, t)| t.clone());
    let (local, number, kind, subsection) = match para.marker {
        Some(Marker::Numbered(n)) => {
            if plan.last_number.is_some_and(|last| n <= last) {
                section.restarted = true;
            }
            plan.last_number = Some(n);
            let local = match (&section.sub, section.restarted) {
                (Some((k, _)), true) => format!("s{k}n{n}"),
                _ => format!("n{n}"),
            };
            (local, n.to_string(), TaskKind::Numbered, sub_title)
        }
        Some(Marker::Item(k)) => {
            let attributed = task::has_attribution(para.body());
            if !attributed && task::body_chars(para.body()) <= HEADING_MAX_CHARS {
                section.sub = Some((k, Some(task::heading_text(para.body()))));
                return;
            }
            let kind = if attributed {
                TaskKind::Item
            } else {
                TaskKind::Paragraph
            };
            (format!("s{k}"), to_chinese(k), kind, None)
        }
        None if para.marker.is_none() && attach_attribution_line(doc, plan, para, out) => return,
        None => {
            section.unnumbered += 1;
            (
                format!("p{}", section.unnumbered),
                String::new(),
                TaskKind::Paragraph,
                sub_title,
            )
        }
    };
    let place = Place {
        file: doc.file,
        lines: &doc.lines,
        plan_id: &plan.id,
        plan_year: plan.year,
        section: &section.name,
        section_ordinal: section.ordinal,
        local,
        number,
        kind,
        subsection,
        first_listed_lead: &doc.first_listed_lead,
    };
    let (built, attributions) = task::build_task(&place, para, &mut out.diagnostics);
    out.document.attributions += attributions;
    if let Some(Marker::Item(k)) = para.marker {
        // Tasks printed under an item with a body sit in its subsection.
        section.sub = Some((k, built.title.clone()));
    }
    if let Some(lead) = &section.lead {
        out.section_leads.push((out.tasks.len(), lead.clone()));
    }
    out.tasks.push(built);
}

/// Attaches an attribution line (`牵头单位：X`, `分管省领导：Y`) to the last
/// task of the current plan; false when `para` is no such line or there is
/// no task above it.
pub(super) fn attach_attribution_line(
    doc: &DocCtx<'_>,
    plan: &PlanCursor,
    para: &Paragraph,
    out: &mut DocOut,
) -> bool {
    let Some(attribution) = attribution::parse_line(&para.text) else {
        return false;
    };
    let Some(task) = out.tasks.last_mut().filter(|t| t.plan == plan.id) else {
        out.diagnostics.push(doc.diag(
            para.line,
            Severity::Warning,
            format!(
                "attribution line `{}` has no task above it; ignored",
                t2s(&para.text)
            ),
        ));
        return true;
    };
    task::attach_attribution(
        task,
        doc.file,
        &doc.lines,
        para,
        attribution,
        &doc.first_listed_lead,
        plan.year,
        &mut out.diagnostics,
    );
    out.document.attributions += 1;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers_round_trip() {
        for n in 1..=99 {
            assert_eq!(
                super::super::segment::chinese_numeral(&to_chinese(n)),
                Some(n)
            );
        }
    }
}
