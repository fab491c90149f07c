//! One body paragraph → one [`Task`]: text, title, responsibilities, entities.
//!
//! Where the task sits (plan, section, id, kind) is decided by the caller
//! (`structure`, `infer`); this module only turns the paragraph's words into
//! the task's fields, the same way for every layout.

use super::attribution::{find_attributions, Attribution};
use super::brackets;
use super::entities;
use super::normalize::{squeeze_spaces, strip_bold, t2s};
use super::segment::Paragraph;
use super::units;
use crate::model::{Deadline, Diagnostic, Mention, Responsibility, Role, Severity, Task, TaskKind};

/// Where a task sits; everything the paragraph itself cannot say.
#[derive(Debug, Clone)]
pub struct Place<'a> {
    pub file: &'a str,
    /// The document's physical lines, for [`Mention::verbatim`].
    pub lines: &'a [&'a str],
    pub plan_id: &'a str,
    pub plan_year: i32,
    pub section: &'a str,
    pub section_ordinal: u32,
    /// `n3`, `s2`, `s5n1`, `p1`.
    pub local: String,
    pub number: String,
    pub kind: TaskKind,
    pub subsection: Option<String>,
    /// Set once the document declares `列第一位者为牵头单位` (下同): from
    /// then on a role-less unit list gives the lead to its first unit.
    pub first_listed_lead: &'a std::cell::Cell<bool>,
}

/// True when the paragraph body carries its own attribution.
pub fn has_attribution(body: &str) -> bool {
    let plain = strip_bold(body);
    !brackets::attribution_spans(&plain).is_empty()
}

/// Display form of a heading: simplified, bold markers and spaces removed,
/// without a trailing `。`.
pub fn heading_text(body: &str) -> String {
    let text = squeeze_spaces(&t2s(&strip_bold(body)));
    text.trim_end_matches(['。', '.', '；', ';']).to_string()
}

/// Number of characters of a body once bold markers and spaces are gone.
pub fn body_chars(body: &str) -> usize {
    squeeze_spaces(&strip_bold(body)).chars().count()
}

/// The longest heading sentence we accept as a task title.
const MAX_TITLE_CHARS: usize = 40;

/// The title of a task whose simplified, space-squeezed body (bold kept)
/// is `body` and whose stored text is `text`.
fn title_of(body: &str, text: &str, kind: TaskKind, numbered_or_item: bool) -> Option<String> {
    if let Some(rest) = body.strip_prefix("**") {
        if let Some(end) = rest.find("**") {
            let title = rest[..end].trim_end_matches('。').trim();
            if !title.is_empty() {
                return Some(title.to_string());
            }
        }
    }
    if !numbered_or_item && kind == TaskKind::Paragraph {
        return None;
    }
    let end = text.find('。')?;
    let sentence = text[..end].trim();
    let n = sentence.chars().count();
    (n > 0 && n <= MAX_TITLE_CHARS).then(|| sentence.to_string())
}

/// Builds the task printed in `para` at `place`.
///
/// Unknown unit names become warnings in `diagnostics`.
/// Returns the task and the number of attributions it carries.
pub fn build_task(
    place: &Place<'_>,
    para: &Paragraph,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Task, usize) {
    let body = strip_bold(para.body());
    let attributions = find_attributions(&body);
    let task = build_task_with(place, para, &body, &attributions, diagnostics);
    (task, attributions.len())
}

/// [`build_task`] with the attributions of `body` (the paragraph body
/// without `**`) already found.
fn build_task_with(
    place: &Place<'_>,
    para: &Paragraph,
    body: &str,
    attributions: &[Attribution],
    diagnostics: &mut Vec<Diagnostic>,
) -> Task {
    let readable: Vec<Attribution> = attributions
        .iter()
        .filter(|a| !a.unreadable)
        .cloned()
        .collect();
    let spans: Vec<_> = readable.iter().map(|a| a.span.clone()).collect();
    let text = squeeze_spaces(&t2s(&brackets::remove_spans(body, &spans)));
    let text = text.trim().to_string();
    for a in attributions.iter().filter(|a| a.unreadable) {
        diagnostics.push(Diagnostic {
            file: place.file.to_string(),
            line: para.line,
            severity: Severity::Warning,
            message: format!(
                "`{}` has a role word but names no unit that could be read; kept in the task text",
                t2s(&body[a.span.clone()])
            ),
        });
    }

    let mut responsibilities = Vec::new();
    let mut persons = Vec::new();
    let mut printed_deadlines = Vec::new();
    for attribution in &readable {
        let mut attribution = attribution.clone();
        if attribution.declares_first_listed_lead {
            place.first_listed_lead.set(true);
        }
        if attribution.roleless && place.first_listed_lead.get() {
            attribution.apply_first_listed_lead();
        }
        if let Some(note) = &attribution.remainder {
            diagnostics.push(Diagnostic {
                file: place.file.to_string(),
                line: para.line,
                severity: Severity::Info,
                message: format!(
                    "`{}` in an attribution is not a unit list; recorded here and left out of the task text",
                    t2s(note)
                ),
            });
        }
        push_responsibilities(
            place.file,
            para.line,
            &attribution,
            &mut responsibilities,
            diagnostics,
        );
        persons.extend(attribution.persons.iter().map(|p| t2s(p)));
        printed_deadlines.extend(attribution.deadline.iter().map(|d| t2s(d)));
    }

    // Only a body with `**` can have a bold title; the others skip two
    // passes over their text.
    let squeezed_body = if para.body().contains("**") {
        squeeze_spaces(&t2s(para.body()))
    } else {
        String::new()
    };
    let title = title_of(&squeezed_body, &text, place.kind, para.marker.is_some());
    // Regions and industries depend on the document's jurisdiction, known
    // only once the whole document is read (see `ingest::locate`).
    let (targets, deadlines) = entities::extract_dated(&text, place.plan_year);
    let verbatim = place
        .lines
        .get(para.line.saturating_sub(1)..para.end_line.min(place.lines.len()))
        .map(|ls| ls.join("\n"))
        .unwrap_or_else(|| para.text.clone());

    Task {
        id: format!(
            "{}-{}-{}",
            place.plan_id, place.section_ordinal, place.local
        ),
        plan: place.plan_id.to_string(),
        section: place.section.to_string(),
        number: place.number.clone(),
        kind: place.kind,
        title,
        subsection: place.subsection.clone(),
        text,
        mentions: vec![Mention {
            document: place.file.to_string(),
            line: para.line,
            end_line: para.end_line,
            verbatim,
            ..Default::default()
        }],
        responsibilities,
        targets,
        deadlines: merge_deadlines(deadlines, &printed_deadlines, place.plan_year),
        regions: Default::default(),
        industries: Default::default(),
        persons,
    }
}

/// Adds an attribution printed on a line of its own under `task` (its
/// units, persons and deadline), and extends the task's first mention to
/// that line.
#[allow(clippy::too_many_arguments)]
pub fn attach_attribution(
    task: &mut Task,
    file: &str,
    lines: &[&str],
    para: &Paragraph,
    mut attribution: Attribution,
    first_listed_lead: &std::cell::Cell<bool>,
    plan_year: i32,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if attribution.declares_first_listed_lead {
        first_listed_lead.set(true);
    }
    if attribution.roleless && first_listed_lead.get() {
        attribution.apply_first_listed_lead();
    }
    push_responsibilities(
        file,
        para.line,
        &attribution,
        &mut task.responsibilities,
        diagnostics,
    );
    task.persons
        .extend(attribution.persons.iter().map(|p| t2s(p)));
    let printed: Vec<String> = attribution.deadline.iter().map(|d| t2s(d)).collect();
    task.deadlines = merge_deadlines(std::mem::take(&mut task.deadlines), &printed, plan_year);
    if let Some(mention) = task.mentions.first_mut() {
        if para.end_line > mention.end_line {
            mention.end_line = para.end_line;
            if let Some(ls) =
                lines.get(mention.line.saturating_sub(1)..para.end_line.min(lines.len()))
            {
                if !mention.verbatim.is_empty() {
                    mention.verbatim = ls.join("\n");
                }
            }
        }
    }
}

/// Resolves the units of `attribution` and appends them in printed order.
pub fn push_responsibilities(
    file: &str,
    line: usize,
    attribution: &Attribution,
    responsibilities: &mut Vec<Responsibility>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let roles = attribution.leads.iter().map(|s| (s, Role::Lead)).chain(
        attribution
            .cooperating
            .iter()
            .map(|s| (s, Role::Cooperating)),
    );
    for (surface, role) in roles {
        let resolved = units::resolve(surface);
        diagnostics.extend(units::resolution_diagnostic(file, line, surface, &resolved));
        responsibilities.push(Responsibility {
            unit: resolved.name,
            surface: surface.clone(),
            role,
        });
    }
}

/// The deadlines found in the text, plus those printed in a `完成时限`
/// label or column (with the date they mean where it can be read).
pub fn merge_deadlines(
    mut found: Vec<Deadline>,
    printed: &[String],
    plan_year: i32,
) -> Vec<Deadline> {
    for text in printed {
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if found.iter().any(|d| d.text == squeezed) {
            continue;
        }
        let due = entities::deadlines::find(&squeezed, plan_year)
            .into_iter()
            .next()
            .and_then(|d| d.due);
        found.push(Deadline {
            text: squeezed,
            due,
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_titles_and_heading_sentences() {
        assert_eq!(
            title_of(
                "**强化基础研究策源能力。**启动",
                "强化基础研究策源能力。启动",
                TaskKind::Numbered,
                true
            ),
            Some("强化基础研究策源能力".to_string())
        );
        assert_eq!(
            title_of(
                "**壮大产业集群**。推进",
                "壮大产业集群。推进",
                TaskKind::Numbered,
                true
            ),
            Some("壮大产业集群".to_string())
        );
        assert_eq!(
            title_of(
                "推动科技赋能产业发展。聚焦",
                "推动科技赋能产业发展。聚焦",
                TaskKind::Numbered,
                true
            ),
            Some("推动科技赋能产业发展".to_string())
        );
        assert_eq!(
            title_of(
                "全面免征地方水利建设基金。继续",
                "全面免征地方水利建设基金。继续",
                TaskKind::Paragraph,
                false
            ),
            None
        );
    }

    #[test]
    fn heading_text_drops_final_stop() {
        assert_eq!(
            heading_text("持续提高科技研发投入。"),
            "持续提高科技研发投入"
        );
        assert_eq!(heading_text("加強戰略科技力量建設"), "加强战略科技力量建设");
    }

    #[test]
    fn responsibilities_follow_printed_order_and_unknown_units_are_flagged() {
        let line = "1. 推进。（牵头单位：省科技厅；配合单位：省财政厅）再推进。(省能源局牵头)";
        let para = Paragraph {
            class: super::super::segment::Class::Body,
            marker: Some(super::super::segment::Marker::Numbered(1)),
            line: 5,
            end_line: 5,
            text: line.to_string(),
            body_start: 3,
        };
        let body = strip_bold(para.body());
        let first = body.find('（').unwrap();
        let first_end = body.find('）').unwrap() + '）'.len_utf8();
        let second = body.rfind('(').unwrap();
        let attributions = vec![
            Attribution {
                span: first..first_end,
                leads: vec!["省科技厅".into()],
                cooperating: vec!["省财政厅".into()],
                ..Default::default()
            },
            Attribution {
                span: second..body.len(),
                leads: vec!["省能源局".into()],
                cooperating: vec![],
                ..Default::default()
            },
        ];
        let lines = [line];
        let place = Place {
            file: "t.txt",
            lines: &lines,
            plan_id: "2022-测试",
            plan_year: 2022,
            section: "主要任务",
            section_ordinal: 2,
            local: "n1".into(),
            number: "1".into(),
            kind: TaskKind::Numbered,
            subsection: None,
            first_listed_lead: &std::cell::Cell::new(false),
        };
        let mut diagnostics = Vec::new();
        let task = build_task_with(&place, &para, &body, &attributions, &mut diagnostics);
        assert_eq!(task.id, "2022-测试-2-n1");
        assert_eq!(task.text, "推进。再推进。");
        let roles: Vec<(&str, Role)> = task
            .responsibilities
            .iter()
            .map(|r| (r.surface.as_str(), r.role))
            .collect();
        assert_eq!(
            roles,
            vec![
                ("省科技厅", Role::Lead),
                ("省财政厅", Role::Cooperating),
                ("省能源局", Role::Lead)
            ]
        );
        // Every surface the alias table does not know is reported once.
        let unknown = task
            .responsibilities
            .iter()
            .filter(|r| !units::resolve(&r.surface).known)
            .count();
        assert_eq!(diagnostics.len(), unknown);
        assert!(diagnostics.iter().all(|d| d.line == 5));
        assert_eq!(task.mentions[0].verbatim, line);
    }
}
