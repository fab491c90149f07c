//! The `unit NAME` report: one department's profile — tasks led and
//! cooperated per plan group and year, its main partners, and the targets
//! and deadlines of the tasks it leads.
//!
//! The unit is found by its canonical name, any alias (traditional
//! spelling, full name, English label) or its IRI; an unknown name is an
//! error that suggests near names.

use std::collections::BTreeMap;

use super::projection::Projection;
use super::report::{Cell, Report, Table};
use super::AnalysisError;

/// One unit's profile.
///
/// # Arguments
/// * `projection`: the filtered tasks.
/// * `name`: canonical name, alias or IRI of the unit.
///
/// # Returns
/// * Tables `by_plan` (`plan_group,year,plan,led,cooperated`), `partners`
///   (co-lead partners, units it relies on, units relying on it, with task
///   counts) and `targets` (targets and deadlines of the tasks it leads).
///
/// # Complexity
/// * Time: **O(T·k)** over the T tasks with k units each.
///
/// # Example
/// ```text
/// task 1: leads 省科技厅、省财政厅; cooperating 省发展改革委
/// unit 省科技廳 → 省科技厅: led 1; partners 省财政厅 (co-leads, 1),
///                 省发展改革委 (relies on, 1)
/// ```
pub fn report(projection: &Projection, name: &str) -> Result<Report, AnalysisError> {
    let unit = projection.find_unit(name)?;
    let info = &projection.units[unit];
    let led: Vec<_> = projection
        .tasks
        .iter()
        .filter(|t| t.leads.contains(&unit))
        .collect();
    let cooperated: Vec<_> = projection
        .tasks
        .iter()
        .filter(|t| t.cooperating.contains(&unit))
        .collect();
    let mut report = Report::new(
        "unit",
        format!(
            "profile of {} over {} tasks ({})",
            info.name,
            projection.tasks.len(),
            projection.filters_description
        ),
    );
    report.notes.extend(projection.notes.iter().cloned());
    if info.collective {
        report.notes.push(format!(
            "{} is a collective pseudo-unit, not an institution{}",
            info.name,
            if projection.collective_left_out.contains(&info.name) {
                "; add --include-collective to count its tasks"
            } else {
                ""
            }
        ));
    }
    for &next in &info.succeeded_by {
        report.notes.push(format!(
            "{} was succeeded by {} (pg:succeededBy); its tasks are not merged",
            info.name, projection.units[next].name
        ));
    }
    for (i, other) in projection.units.iter().enumerate() {
        if other.succeeded_by.contains(&unit) {
            report.notes.push(format!(
                "{} succeeded {} (pg:succeededBy); see `analyze unit {}` for the earlier tasks",
                info.name, projection.units[i].name, projection.units[i].name
            ));
        }
    }
    report.figures = vec![
        ("led_tasks".to_owned(), Cell::int(led.len())),
        ("cooperated_tasks".to_owned(), Cell::int(cooperated.len())),
        (
            "full_name".to_owned(),
            Cell::text(info.full_name.clone().unwrap_or_default()),
        ),
    ];

    let mut by_plan: BTreeMap<(Option<i32>, String, String), (usize, usize)> = BTreeMap::new();
    for task in &led {
        let key = (
            task.year,
            task.plan_group.clone().unwrap_or_default(),
            task.plan_title.clone(),
        );
        by_plan.entry(key).or_default().0 += 1;
    }
    for task in &cooperated {
        let key = (
            task.year,
            task.plan_group.clone().unwrap_or_default(),
            task.plan_title.clone(),
        );
        by_plan.entry(key).or_default().1 += 1;
    }
    let mut table = Table::new(
        "by_plan",
        format!("Tasks of {} by year and plan", info.name),
        &["year", "plan_group", "plan", "led", "cooperated"],
    );
    for ((year, group, plan), (l, c)) in by_plan {
        table.rows.push(vec![
            year.map_or(Cell::Empty, |y| Cell::Int(i64::from(y))),
            Cell::text(group),
            Cell::text(plan),
            Cell::int(l),
            Cell::int(c),
        ]);
    }
    report.tables.push(table);

    // Partners: (partner, relation) → distinct tasks.
    let mut partners: BTreeMap<(usize, &'static str), usize> = BTreeMap::new();
    for task in &led {
        for &other in &task.leads {
            if other != unit {
                *partners.entry((other, "co-leads")).or_default() += 1;
            }
        }
        for &other in &task.cooperating {
            if other != unit {
                *partners.entry((other, "relies on")).or_default() += 1;
            }
        }
    }
    for task in &cooperated {
        for &other in &task.leads {
            if other != unit {
                *partners.entry((other, "is relied on by")).or_default() += 1;
            }
        }
    }
    let mut rows: Vec<((usize, &str), usize)> = partners.into_iter().collect();
    rows.sort_by(|x, y| {
        y.1.cmp(&x.1)
            .then_with(|| x.0 .1.cmp(y.0 .1))
            .then_with(|| {
                projection.units[x.0 .0]
                    .name
                    .cmp(&projection.units[y.0 .0].name)
            })
    });
    let mut table = Table::new(
        "partners",
        format!("Main partners of {}", info.name),
        &["partner", "relation", "tasks"],
    );
    for ((other, relation), tasks) in rows {
        table.rows.push(vec![
            Cell::text(projection.units[other].name.clone()),
            Cell::text(relation),
            Cell::int(tasks),
        ]);
    }
    report.tables.push(table);

    let mut table = Table::new(
        "targets",
        format!("Targets and deadlines of the tasks {} leads", info.name),
        &["year", "plan", "task", "target", "deadline", "due_date"],
    );
    for task in &led {
        if task.targets.is_empty() && task.deadlines.is_empty() && task.due_dates.is_empty() {
            continue;
        }
        table.rows.push(vec![
            task.year.map_or(Cell::Empty, |y| Cell::Int(i64::from(y))),
            Cell::text(task.plan_title.clone()),
            Cell::text(shorten(&task.label, 30)),
            Cell::text(task.targets.join("；")),
            Cell::text(task.deadlines.join("；")),
            Cell::text(task.due_dates.join(" ")),
        ]);
    }
    report.tables.push(table);
    Ok(report)
}

/// At most `max` characters, with … when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}
