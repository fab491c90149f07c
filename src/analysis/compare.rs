//! The `compare` report: how roles shift between the periods of the plans
//! read (for the embedded corpus 2022, 2023 and 2024–25).
//!
//! The periods come from the plans' years ([`Periods`]): a task's period is
//! its plan's start year, and a plan that runs over several years (the
//! 2024–2025 plans) makes those years one period.
//! The documents differ in size, so every count is also given as a share of
//! the period's tasks that name a lead unit. Renamed bodies are followed
//! through `pg:succeededBy` to their latest name and counted under it (the
//! graph keeps them as separate nodes; only this comparison joins them), and
//! the report says which were followed.

use std::collections::{BTreeMap, BTreeSet};

use super::projection::Projection;
use super::report::{Cell, Report, Table};

/// The periods compared, derived from the years of the plans read.
///
/// Each start year of a plan opens a period; when every plan starting that
/// year runs to the same later year (`2024–2025`), the period spans those
/// years and a plan starting inside the span belongs to it. Plans of one
/// start year with different ends (a 2023 plan and a 2023–2025 plan) give
/// a period of that year alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Periods {
    /// `(first year, last year)` of each period, in order.
    spans: Vec<(i32, i32)>,
}

impl Periods {
    /// The periods of `(start year, end year)` pairs (one per task or plan).
    pub fn from_years(years: impl IntoIterator<Item = (i32, Option<i32>)>) -> Periods {
        let mut ends: BTreeMap<i32, BTreeSet<i32>> = BTreeMap::new();
        for (start, end) in years {
            ends.entry(start)
                .or_default()
                .insert(end.unwrap_or(start).max(start));
        }
        let mut spans: Vec<(i32, i32)> = Vec::new();
        for (start, ends) in ends {
            if spans.last().is_some_and(|&(_, last)| start <= last) {
                continue;
            }
            let end = match ends.iter().collect::<Vec<_>>().as_slice() {
                [only] => **only,
                _ => start,
            };
            spans.push((start, end));
        }
        Periods { spans }
    }

    /// The periods of the projection's tasks.
    pub fn of(projection: &Projection) -> Periods {
        Periods::from_years(
            projection
                .tasks
                .iter()
                .filter_map(|t| t.year.map(|y| (y, t.end_year))),
        )
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The period of a plan start year.
    pub fn period_of(&self, year: Option<i32>) -> Option<usize> {
        let year = year?;
        self.spans
            .iter()
            .position(|&(first, last)| first <= year && year <= last)
    }

    /// The display name of period `p`: `2022`, `2024–25`.
    pub fn name(&self, p: usize) -> String {
        match self.spans[p] {
            (first, last) if first == last => first.to_string(),
            (first, last) if first / 100 == last / 100 => {
                format!("{first}–{:02}", last % 100)
            }
            (first, last) => format!("{first}–{last}"),
        }
    }

    /// The name as a column suffix: `2024_25`.
    pub fn column(&self, p: usize) -> String {
        self.name(p).replace('–', "_")
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
    let periods = Periods::of(projection);
    let n = periods.len();

    let mut tasks_in = vec![0usize; n];
    let mut leads: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut pairs: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    let mut followed: BTreeSet<(usize, usize)> = BTreeSet::new();
    for task in &projection.tasks {
        let Some(p) = periods.period_of(task.year) else {
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
            leads.entry(u).or_insert_with(|| vec![0; n])[p] += 1;
        }
        let units: Vec<usize> = units.into_iter().collect();
        for (i, &a) in units.iter().enumerate() {
            for &b in &units[i + 1..] {
                pairs.entry((a, b)).or_insert_with(|| vec![0; n])[p] += 1;
            }
        }
    }
    let present: Vec<usize> = (0..n).filter(|&p| tasks_in[p] > 0).collect();
    let first = present.first().copied();
    let last = present.last().copied();
    let share = |count: usize, p: usize| {
        if tasks_in[p] == 0 {
            0.0
        } else {
            count as f64 / tasks_in[p] as f64
        }
    };
    let shares: Vec<String> = (0..n)
        .map(|p| format!("{}: {}", periods.name(p), tasks_in[p]))
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
    report.figures = (0..n)
        .map(|p| (format!("tasks_{}", periods.name(p)), Cell::int(tasks_in[p])))
        .collect();

    let predecessors = |u: usize| -> String {
        let names: Vec<&str> = followed
            .iter()
            .filter(|(_, new)| *new == u)
            .map(|(old, _)| projection.units[*old].name.as_str())
            .collect();
        names.join("、")
    };
    let change = |counts: &[usize]| match (first, last) {
        (Some(f), Some(l)) => 100.0 * (share(counts[l], l) - share(counts[f], f)),
        _ => 0.0,
    };
    let mut units: Vec<(usize, Vec<usize>)> = leads.into_iter().collect();
    units.sort_by(|x, y| {
        change(&y.1)
            .total_cmp(&change(&x.1))
            .then_with(|| projection.units[x.0].name.cmp(&projection.units[y.0].name))
    });
    let mut columns = vec!["unit".to_owned()];
    for p in 0..n {
        columns.push(format!("lead_{}", periods.column(p)));
        columns.push(format!("share_{}", periods.column(p)));
    }
    columns.extend(["change_pp".to_owned(), "formerly".to_owned()]);
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut table = Table::new(
        "units",
        "Lead tasks by period (gainers first; change in percentage points of share)",
        &columns,
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

    let status = |counts: &[usize]| -> String {
        match (first, last) {
            (Some(f), Some(l)) if f != l => match (counts[f] > 0, counts[l] > 0) {
                (true, true) => "kept".to_owned(),
                (false, true) => format!("appears in {}", periods.name(l)),
                (true, false) => format!("vanishes after {}", periods.name(f)),
                (false, false) => "in between only".to_owned(),
            },
            _ => "single period".to_owned(),
        }
    };
    let mut pairs: Vec<((usize, usize), Vec<usize>)> = pairs.into_iter().collect();
    pairs.sort_by(|x, y| {
        let total = |c: &[usize]| c.iter().sum::<usize>();
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
    let mut columns = vec!["unit_a".to_owned(), "unit_b".to_owned()];
    columns.extend((0..n).map(|p| format!("tasks_{}", periods.column(p))));
    columns.push("status".to_owned());
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut table = Table::new("pairs", "Co-lead partnerships by period", &columns);
    for ((a, b), counts) in &pairs {
        let mut row = vec![
            Cell::text(projection.units[*a].name.clone()),
            Cell::text(projection.units[*b].name.clone()),
        ];
        row.extend(counts.iter().map(|&c| Cell::int(c)));
        row.push(Cell::text(status(counts)));
        table.rows.push(row);
    }
    report.tables.push(table);
    report
}

#[cfg(test)]
mod tests {
    use super::Periods;

    fn names(years: &[(i32, i32)]) -> Vec<String> {
        let periods = Periods::from_years(years.iter().map(|&(s, e)| (s, Some(e))));
        (0..periods.len()).map(|p| periods.name(p)).collect()
    }

    #[test]
    fn periods_come_from_the_plans_years() {
        // The embedded corpus: one-year 2022 plans, a 2023 plan beside a
        // 2023–2025 one, and 2024–2025 plans.
        assert_eq!(
            names(&[(2022, 2022), (2023, 2023), (2023, 2025), (2024, 2025)]),
            ["2022", "2023", "2024–25"]
        );
        // Other plans, other periods: never a fixed list.
        assert_eq!(names(&[(2015, 2015), (2016, 2016)]), ["2015", "2016"]);
        assert_eq!(
            names(&[(2021, 2025), (2023, 2023), (2026, 2030)]),
            ["2021–25", "2026–30"]
        );
        assert_eq!(names(&[(1998, 2002)]), ["1998–2002"]);
        let periods = Periods::from_years([(2024, Some(2025)), (2022, None)]);
        assert_eq!(periods.period_of(Some(2025)), Some(1));
        assert_eq!(periods.period_of(Some(2023)), None);
        assert_eq!(periods.column(1), "2024_25");
    }
}
