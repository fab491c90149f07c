//! The `concentration` report: how concentrated leadership is — the share of
//! lead assignments held by the top 5 and top 10 units, the Gini coefficient
//! and the Herfindahl index — overall and per period.

use super::compare::Periods;
use super::projection::{Projection, TaskInfo};
use super::report::{Cell, Report, Table};

/// Concentration figures of one set of tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct Concentration {
    /// Tasks with at least one lead unit.
    pub tasks: usize,
    /// Units leading at least one task.
    pub units: usize,
    /// (task, lead unit) pairs.
    pub lead_slots: usize,
    pub top5_share: f64,
    pub top10_share: f64,
    /// Gini coefficient of lead-task counts over the units that lead.
    pub gini: f64,
    /// Herfindahl–Hirschman index of the lead-slot shares (0–1).
    pub hhi: f64,
    /// Lead-task count per unit index (zero for units that lead nothing).
    pub counts: Vec<usize>,
}

/// Concentration of leadership over `tasks`.
///
/// # Returns
/// * Shares are of lead slots (a task with two leads gives one slot to
///   each). Gini = Σ_i Σ_j |x_i − x_j| / (2 n² x̄) over the units that lead.
///
/// # Complexity
/// * Time: **O(T·k + U log U)**.
///
/// # Example
/// ```text
/// lead tasks per unit: 5 3 2 2 1 1 (14 slots)
/// top-5 share 13/14 = 0.929, Gini 52/168 = 0.310
/// ```
pub fn concentration<'a>(
    unit_count: usize,
    tasks: impl Iterator<Item = &'a TaskInfo>,
) -> Concentration {
    let mut counts = vec![0usize; unit_count];
    let mut task_count = 0;
    for task in tasks {
        if task.leads.is_empty() {
            continue;
        }
        task_count += 1;
        for &u in &task.leads {
            if let Some(c) = counts.get_mut(u) {
                *c += 1;
            }
        }
    }
    let mut sorted: Vec<usize> = counts.iter().copied().filter(|&c| c > 0).collect();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let slots: usize = sorted.iter().sum();
    let share = |k: usize| {
        if slots == 0 {
            0.0
        } else {
            sorted.iter().take(k).sum::<usize>() as f64 / slots as f64
        }
    };
    // Gini from the ascending order: G = (2 Σ i·x_i)/(n Σ x) − (n+1)/n.
    let n = sorted.len();
    let gini = if n == 0 || slots == 0 {
        0.0
    } else {
        let weighted: f64 = sorted
            .iter()
            .rev()
            .enumerate()
            .map(|(i, &x)| (i + 1) as f64 * x as f64)
            .sum();
        2.0 * weighted / (n as f64 * slots as f64) - (n as f64 + 1.0) / n as f64
    };
    let hhi = if slots == 0 {
        0.0
    } else {
        sorted
            .iter()
            .map(|&x| (x as f64 / slots as f64).powi(2))
            .sum()
    };
    Concentration {
        tasks: task_count,
        units: n,
        lead_slots: slots,
        top5_share: share(5),
        top10_share: share(10),
        gini,
        hhi,
        counts,
    }
}

/// The `concentration` report: one row per period plus all periods, and the
/// units ranked by lead tasks.
pub fn report(projection: &Projection) -> Report {
    let mut report = Report::new(
        "concentration",
        format!(
            "lead units of {} tasks ({})",
            projection.tasks.len(),
            projection.filters_description
        ),
    );
    report.notes.extend(projection.notes.iter().cloned());
    report.notes.push(
        "shares are of lead slots: a task with k lead units gives one slot to each".to_owned(),
    );
    let all = concentration(projection.units.len(), projection.tasks.iter());
    report.figures = vec![
        ("top5_share".to_owned(), Cell::Float(all.top5_share, 3)),
        ("top10_share".to_owned(), Cell::Float(all.top10_share, 3)),
        ("gini".to_owned(), Cell::Float(all.gini, 3)),
    ];
    let mut table = Table::new(
        "concentration",
        "Concentration of leadership",
        &[
            "period",
            "tasks",
            "units",
            "lead_slots",
            "top5_share",
            "top10_share",
            "gini",
            "hhi",
        ],
    );
    let periods = Periods::of(projection);
    let mut scopes: Vec<(String, Concentration)> = (0..periods.len())
        .map(|p| {
            let c = concentration(
                projection.units.len(),
                projection
                    .tasks
                    .iter()
                    .filter(|t| periods.period_of(t.year) == Some(p)),
            );
            (periods.name(p), c)
        })
        .filter(|(_, c)| c.tasks > 0)
        .collect();
    scopes.push(("all".to_owned(), all.clone()));
    for (name, c) in &scopes {
        table.rows.push(vec![
            Cell::text(name.clone()),
            Cell::int(c.tasks),
            Cell::int(c.units),
            Cell::int(c.lead_slots),
            Cell::Float(c.top5_share, 3),
            Cell::Float(c.top10_share, 3),
            Cell::Float(c.gini, 3),
            Cell::Float(c.hhi, 4),
        ]);
    }
    report.tables.push(table);
    let mut ranked: Vec<usize> = (0..projection.units.len())
        .filter(|&u| all.counts[u] > 0)
        .collect();
    ranked.sort_by(|&a, &b| {
        all.counts[b]
            .cmp(&all.counts[a])
            .then_with(|| projection.units[a].name.cmp(&projection.units[b].name))
    });
    let mut table = Table::new(
        "units",
        "Units by lead tasks",
        &["unit", "led_tasks", "share", "cumulative_share"],
    );
    let mut cumulative = 0usize;
    for u in ranked {
        cumulative += all.counts[u];
        let share = |x: usize| {
            if all.lead_slots == 0 {
                0.0
            } else {
                x as f64 / all.lead_slots as f64
            }
        };
        table.rows.push(vec![
            Cell::text(projection.units[u].name.clone()),
            Cell::int(all.counts[u]),
            Cell::Float(share(all.counts[u]), 3),
            Cell::Float(share(cumulative), 3),
        ]);
    }
    report.tables.push(table);
    report
}
