//! Plans of a document whose titles and headings were lost (the 2024 file).
//!
//! Layout evidence (sd-2024-2025-ten-innovations.txt): each plan opens with one unnumbered
//! goal paragraph followed by numbered tasks (or `（一）` tasks), then
//! `（一）…` measures; a `（一）` after a numbered task, or a second `（一）`,
//! starts the measures. Titles are recovered, in order of reliability, from
//! measures that name the plan (`科技研发创新行动计划`), from the plan's
//! subject named in measures or goal (`营商环境`), and from the order of the
//! known plan families. Every inferred title gets an Info diagnostic that
//! says which evidence decided it.

use std::sync::LazyLock;

use regex::Regex;

use super::normalize::t2s;
use super::sections::{section_paragraph, DocCtx, DocOut, PlanCursor, SectionCursor};
use super::segment::{Class, Marker, Paragraph};
use crate::model::{Diagnostic, Plan, Severity};

/// A family of plans issued together (the “三个十大” programme's 十大创新,
/// 十强产业, 十大扩需求), from `plan-families.tsv`.
pub struct Family {
    pub group: String,
    /// Plan names in printed order.
    pub plans: Vec<String>,
    /// The division that issued it (qualified name).
    pub jurisdiction: String,
}

static FAMILIES_TSV: &str = include_str!("plan-families.tsv");

/// The plan families, in file order.
pub static FAMILIES: LazyLock<Vec<Family>> = LazyLock::new(|| {
    let mut families: Vec<Family> = Vec::new();
    let mut jurisdiction: Option<String> = None;
    for line in FAMILIES_TSV.lines() {
        if let Some(name) = line.strip_prefix("# jurisdiction:") {
            jurisdiction = Some(name.trim().to_owned());
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (Some((group, plan)), Some(jurisdiction)) = (line.split_once('\t'), &jurisdiction)
        else {
            panic!("plan-families.tsv: `{line}` is not FAMILY<TAB>PLAN under a jurisdiction");
        };
        match families.last_mut() {
            Some(f) if f.group == group && &f.jurisdiction == jurisdiction => {
                f.plans.push(plan.to_owned())
            }
            _ => families.push(Family {
                group: group.to_owned(),
                plans: vec![plan.to_owned()],
                jurisdiction: jurisdiction.clone(),
            }),
        }
    }
    families
});

static YEAR_RANGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*[-—–－至]\s*(\d{4})\s*年").expect("valid regex"));
static ANY_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(20\d{2})\s*年").expect("valid regex"));

/// Section names and ordinals given to a headless plan.
const GOAL: (u32, &str) = (1, "工作目标");
const TASKS: (u32, &str) = (2, "主要任务");
const MEASURES: (u32, &str) = (3, "推进措施");

/// The subject of a plan name: `营商环境创新` → `营商环境`.
fn stem(name: &str) -> &str {
    for suffix in [
        "创新", "产业", "建设", "转型", "提质", "增效", "升级", "扩容", "拓展", "提升",
    ] {
        if let Some(s) = name.strip_suffix(suffix) {
            if s.chars().count() >= 2 {
                return s;
            }
        }
    }
    name
}

struct Segment<'a> {
    /// The goal paragraph; absent only when the document opens with a
    /// numbered list (then everything up to the first goal is one plan).
    goal: Option<&'a Paragraph>,
    /// Body paragraphs after the goal with their (ordinal, section name).
    items: Vec<(&'a Paragraph, (u32, &'static str))>,
}

/// Splits the body paragraphs into plans and sections.
/// True when `simplified` names one of the plan families or their plans:
/// only then can a document without titles or headings be read as several
/// plans of that family.
pub fn names_a_known_family(simplified: &str) -> bool {
    FAMILIES.iter().any(|f| {
        simplified.contains(f.group.as_str())
            || f.plans.iter().any(|p| simplified.contains(p.as_str()))
    })
}

fn segments<'a>(bodies: &[&'a Paragraph]) -> (usize, Vec<Segment<'a>>) {
    let is_goal = |i: usize| {
        bodies[i].marker.is_none() && bodies.get(i + 1).is_some_and(|b| b.marker.is_some())
    };
    let mut segments: Vec<Segment<'a>> = Vec::new();
    let mut first_goal = bodies.len();
    let mut phase = TASKS;
    let mut seen_numbered = false;
    let mut seen_item = false;
    for (i, para) in bodies.iter().enumerate() {
        if is_goal(i) {
            first_goal = first_goal.min(i);
            segments.push(Segment {
                goal: Some(para),
                items: Vec::new(),
            });
            phase = TASKS;
            seen_numbered = false;
            seen_item = false;
            continue;
        }
        if segments.is_empty() && para.marker.is_some() {
            first_goal = first_goal.min(i);
            segments.push(Segment {
                goal: None,
                items: Vec::new(),
            });
        }
        let Some(segment) = segments.last_mut() else {
            continue;
        };
        match para.marker {
            Some(Marker::Numbered(_)) if phase == TASKS => seen_numbered = true,
            Some(Marker::Numbered(_)) => {}
            Some(Marker::Item(k)) => {
                if phase == TASKS && (seen_numbered || (seen_item && k == 1)) {
                    phase = MEASURES;
                }
                if phase == TASKS {
                    seen_item = true;
                }
            }
            None => {}
        }
        segment.items.push((para, phase));
    }
    (first_goal, segments)
}

/// The evidence found for one candidate title.
struct Evidence {
    score: u8,
    reason: String,
}

fn evidence_for(name: &str, segment: &Segment<'_>) -> Option<Evidence> {
    let subject = stem(name);
    let plain = |s: &str| -> String { name_plain(s) };
    let full = plain(name);
    for (para, section) in &segment.items {
        if *section == MEASURES && plain(&t2s(&para.text)).contains(&full) {
            return Some(Evidence {
                score: 3,
                reason: format!("the 推进措施 item at line {} names “{name}”", para.line),
            });
        }
    }
    for (para, section) in &segment.items {
        if *section == MEASURES && t2s(&para.text).contains(subject) {
            return Some(Evidence {
                score: 2,
                reason: format!(
                    "the 推进措施 item at line {} speaks of {subject}",
                    para.line
                ),
            });
        }
    }
    if let Some(goal) = segment.goal {
        if t2s(&goal.text).contains(subject) {
            return Some(Evidence {
                score: 1,
                reason: format!(
                    "the goal paragraph at line {} speaks of {subject}",
                    goal.line
                ),
            });
        }
    }
    None
}

fn name_plain(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '“' | '”')).collect()
}

/// Recovers the plans of a headless document and their tasks. Returns the
/// index (into `paragraphs`) where the preamble ends.
pub fn headless_layout(
    doc: &DocCtx<'_>,
    paragraphs: &[Paragraph],
    simplified: &str,
    out: &mut DocOut,
) -> usize {
    let bodies: Vec<&Paragraph> = paragraphs
        .iter()
        .filter(|p| p.class == Class::Body)
        .collect();
    let (first_goal, segments) = segments(&bodies);
    let preamble_end = bodies
        .get(first_goal)
        .and_then(|g| paragraphs.iter().position(|p| p.line == g.line))
        .unwrap_or(paragraphs.len());
    if segments.is_empty() {
        out.diagnostics.push(Diagnostic {
            file: doc.file.to_string(),
            line: 0,
            severity: Severity::Warning,
            message: "no plan structure recognised (no plan titles, no section headings, no goal paragraph followed by numbered items)".to_string(),
        });
        return preamble_end;
    }

    let preamble_text: String = paragraphs[..preamble_end]
        .iter()
        .map(|p| t2s(&p.text))
        .collect();
    let (start, end) = YEAR_RANGE
        .captures(&preamble_text)
        .and_then(|c| Some((c[1].parse().ok()?, c[2].parse().ok()?)))
        .unwrap_or_else(|| {
            let years: Vec<i32> = ANY_YEAR
                .captures_iter(simplified)
                .filter_map(|c| c[1].parse().ok())
                .collect();
            (
                years.iter().copied().min().unwrap_or(0),
                years.iter().copied().max().unwrap_or(0),
            )
        });

    // Title inference, plan by plan, remembering the family position.
    let mut used: Vec<&str> = Vec::new();
    let families = &*FAMILIES;
    let mut previous: Option<(usize, usize)> = None;
    for (k, segment) in segments.iter().enumerate() {
        let expected = previous.map(|(f, i)| (f, i + 1)).unwrap_or((0, 0));
        let mut best: Option<((u8, bool), usize, usize, Evidence)> = None;
        for (f, family) in families.iter().enumerate() {
            for (i, name) in family.plans.iter().enumerate() {
                let name = name.as_str();
                if used.contains(&name) {
                    continue;
                }
                if let Some(ev) = evidence_for(name, segment) {
                    let key = (ev.score, (f, i) == expected);
                    if best.as_ref().is_none_or(|(b, ..)| key > *b) {
                        best = Some((key, f, i, ev));
                    }
                }
            }
        }
        let (family, index, reason) = match best {
            Some((_, f, i, ev)) => (f, i, ev.reason),
            None => {
                let (f, i) = expected;
                let by_order = match previous {
                    Some((pf, pi)) => format!(
                        "no name found in the text; taken by position after {} in the {} order",
                        // Past the family's last plan the previous one was
                        // numbered, not named.
                        families[pf]
                            .plans
                            .get(pi)
                            .map_or_else(|| format!("计划{k}"), |name| name.to_string()),
                        families[pf].group
                    ),
                    None => format!(
                        "no name found in the text; taken as the first plan of {}",
                        families[f].group
                    ),
                };
                (f, i, by_order)
            }
        };
        let names = &families[family].plans;
        let title = names
            .get(index)
            .map(|s| s.to_string())
            .unwrap_or_else(|| format!("计划{}", k + 1));
        if let Some(name) = names.get(index) {
            used.push(name.as_str());
        }
        previous = Some((family, index));
        let id = doc.plan_id(start, &title);
        let line = segment
            .goal
            .or_else(|| segment.items.first().map(|(p, _)| *p))
            .map_or(0, |p| p.line);
        out.diagnostics.push(Diagnostic {
            file: doc.file.to_string(),
            line,
            severity: Severity::Info,
            message: format!("plan title {title} inferred (no title printed): {reason}"),
        });
        out.plans.push(Plan {
            id: id.clone(),
            title,
            group: Some(families[family].group.clone()),
            start_year: start,
            end_year: end,
            parent: None,
            title_inferred: true,
            documents: vec![doc.file.to_string()],
            line,
            industry: None,
        });

        let mut plan = PlanCursor::new(id, start);
        let mut goal_section = SectionCursor::new(GOAL.0, GOAL.1.to_string());
        if let Some(goal) = segment.goal {
            section_paragraph(doc, &mut plan, &mut goal_section, goal, out);
        }
        let mut sections: Vec<SectionCursor> = Vec::new();
        for (para, (ordinal, name)) in &segment.items {
            if sections.last().is_none_or(|s| s.ordinal != *ordinal) {
                sections.push(SectionCursor::new(*ordinal, name.to_string()));
            }
            if let Some(section) = sections.last_mut() {
                section_paragraph(doc, &mut plan, section, para, out);
            }
        }
    }
    preamble_end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert_eq!(stem("营商环境创新"), "营商环境");
        assert_eq!(stem("新能源产业"), "新能源");
        assert_eq!(stem("现代高效农业"), "现代高效农业");
    }
}
