//! The `compare` report: how roles shift between the 2022, 2023 and
//! 2024–25 plans.
//!
//! A task's period is its plan's start year (2024 and 2025 form one period).
//! The documents differ in size, so every count is also given as a share of
//! the period's tasks that name a lead unit. Renamed bodies are followed
//! through `pg:succeededBy` to their latest name and counted under it (the
//! graph keeps them as separate nodes; only this comparison joins them), and
//! the report says which were followed.

use std::collections::{BTreeMap, BTreeSet};

use super::projection::Projection;
use super::report::{Cell, Report, Table};

/// The periods compared: index and display name.
pub const PERIODS: [(usize, &str); 3] = [(0, "2022"), (1, "2023"), (2, "2024–25")];

/// The period of a plan start year.
pub fn period_of(year: Option<i32>) -> Option<usize> {
    match year? {
        2022 => Some(0),
        2023 => Some(1),
        2024 | 2025 => Some(2),
        _ => None,
    }
}

/// Lead tasks per unit and co-lead pairs per period.
///
/// # Arguments
/// * `projection`: the filtered tasks (all periods unless `--year` is given).
///
/// # Returns
/// * Tables `units` (lead tasks and shares per period, change in percentage
///   points between the first and the last period that has tasks, gainers
///   first) and `pairs` (co-lead pairs per period, with whether they appear,
///   vanish or stay).
///
/// # Complexity
/// * Time: **O(Σ k² + U log U)** over tasks with k lead units.
///
/// # Example
/// ```text
/// 2022: 4 tasks, 省科技厅 leads 2 (share 0.50)
/// 2024–25: 2 tasks, 省科技厅 leads 2 (share 1.00)      → change +50.0 points
/// 人民银行济南分行 (2022) ──pg:succeededBy──▶ 人民银行山东省分行 (2024): one row
/// ```
pub fn report(projection: &Projection) -> Report {
    let mut report = Report::new(
        "compare",
        format!(
            "lead units by period over {} tasks ({})",
            projection.tasks.len(),
            projection.filters_description
        ),
    );
    report.notes.extend(projection.notes.iter().cloned());
    let lineage: Vec<usize> = (0..projection.units.len())
        .map(|u| projection.final_successor(u))
        .collect();

    let mut tasks_in = [0usize; 3];
    let mut leads: BTreeMap<usize, [usize; 3]> = BTreeMap::new();
    let mut pairs: BTreeMap<(usize, usize), [usize; 3]> = BTreeMap::new();
    let mut followed: BTreeSet<(usize, usize)> = BTreeSet::new();
    for task in &projection.tasks {
        let Some(p) = period_of(task.year) else {
            continue;
        };
        if task.leads.is_empty() {
            continue;
        }
        tasks_in[p] += 1;
        for &u in task.leads.iter().chain(&task.cooperating) {
            if lineage[u] != u {
                followed.insert((u, lineage[u]));
            }
        }
        let units: BTreeSet<usize> = task.leads.iter().map(|&u| lineage[u]).collect();
        for &u in &units {
            leads.entry(u).or_default()[p] += 1;
        }
        let units: Vec<usize> = units.into_iter().collect();
        for (i, &a) in units.iter().enumerate() {
            for &b in &units[i + 1..] {
                pairs.entry((a, b)).or_default()[p] += 1;
            }
        }
    }
    let present: Vec<usize> = (0..3).filter(|&p| tasks_in[p] > 0).collect();
    let first = present.first().copied();
    let last = present.last().copied();
    let share = |count: usize, p: usize| {
        if tasks_in[p] == 0 {
            0.0
        } else {
            count as f64 / tasks_in[p] as f64
        }
    };
    let shares: Vec<String> = PERIODS
        .iter()
        .map(|(p, name)| format!("{name}: {}", tasks_in[*p]))
        .collect();
    report.notes.push(format!(
        "share = lead tasks / tasks with a lead unit in the period ({})",
        shares.join(", ")
    ));
    for &(old, new) in &followed {
        let others: Vec<&str> = projection.units[old]
            .succeeded_by
            .iter()
            .filter(|&&s| s != new && projection.final_successor(s) != new)
            .map(|&s| projection.units[s].name.as_str())
            .collect();
        let fork = if others.is_empty() {
            String::new()
        } else {
            format!(
                " (also succeeded by {}; the first successor by name is followed)",
                others.join("、")
            )
        };
        report.notes.push(format!(
            "followed {} → {} through pg:succeededBy: counted as {}{fork}",
            projection.units[old].name, projection.units[new].name, projection.units[new].name
        ));
    }
    report.figures = PERIODS
        .iter()
        .map(|(p, name)| (format!("tasks_{name}"), Cell::int(tasks_in[*p])))
        .collect();

    let predecessors = |u: usize| -> String {
        let names: Vec<&str> = followed
            .iter()
            .filter(|(_, new)| *new == u)
            .map(|(old, _)| projection.units[*old].name.as_str())
            .collect();
        names.join("、")
    };
    let change = |counts: &[usize; 3]| match (first, last) {
        (Some(f), Some(l)) => 100.0 * (share(counts[l], l) - share(counts[f], f)),
        _ => 0.0,
    };
    let mut units: Vec<(usize, [usize; 3])> = leads.into_iter().collect();
    units.sort_by(|x, y| {
        change(&y.1)
            .total_cmp(&change(&x.1))
            .then_with(|| projection.units[x.0].name.cmp(&projection.units[y.0].name))
    });
    let mut table = Table::new(
        "units",
        "Lead tasks by period (gainers first; change in percentage points of share)",
        &[
            "unit",
            "lead_2022",
            "share_2022",
            "lead_2023",
            "share_2023",
            "lead_2024_25",
            "share_2024_25",
            "change_pp",
            "formerly",
        ],
    );
    for (u, counts) in &units {
        let mut row = vec![Cell::text(projection.units[*u].name.clone())];
        for (p, &count) in counts.iter().enumerate() {
            row.push(Cell::int(count));
            row.push(Cell::Float(share(count, p), 3));
        }
        row.push(Cell::Float(change(counts), 1));
        row.push(Cell::text(predecessors(*u)));
        table.rows.push(row);
    }
    report.tables.push(table);

    let status = |counts: &[usize; 3]| -> String {
        match (first, last) {
            (Some(f), Some(l)) if f != l => match (counts[f] > 0, counts[l] > 0) {
                (true, true) => "kept".to_owned(),
                (false, true) => format!("appears in {}", PERIODS[l].1),
                (true, false) => format!("vanishes after {}", PERIODS[f].1),
                (false, false) => "in between only".to_owned(),
            },
            _ => "single period".to_owned(),
        }
    };
    let mut pairs: Vec<((usize, usize), [usize; 3])> = pairs.into_iter().collect();
    pairs.sort_by(|x, y| {
        let total = |c: &[usize; 3]| c.iter().sum::<usize>();
        total(&y.1)
            .cmp(&total(&x.1))
            .then_with(|| {
                projection.units[x.0 .0]
                    .name
                    .cmp(&projection.units[y.0 .0].name)
            })
            .then_with(|| {
                projection.units[x.0 .1]
                    .name
                    .cmp(&projection.units[y.0 .1].name)
            })
    });
    let mut table = Table::new(
        "pairs",
        "Co-lead partnerships by period",
        &[
            "unit_a",
            "unit_b",
            "tasks_2022",
            "tasks_2023",
            "tasks_2024_25",
            "status",
        ],
    );
    for ((a, b), counts) in &pairs {
        table.rows.push(vec![
            Cell::text(projection.units[*a].name.clone()),
            Cell::text(projection.units[*b].name.clone()),
            Cell::int(counts[0]),
            Cell::int(counts[1]),
            Cell::int(counts[2]),
            Cell::text(status(counts)),
        ]);
    }
    report.tables.push(table);
    report
}
