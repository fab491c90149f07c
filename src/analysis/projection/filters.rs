//! The filters, normalised once ([`FilterCheck`]), and the plans they are
//! decided on ([`PlanRow`], along `dcterms:isPartOf`): what the assembly
//! applies to every task and what the queries push into their SELECTs, so
//! that both decide alike.

use std::collections::{BTreeMap, BTreeSet};

use super::super::request::Filters;
use super::super::sorted_set::SortedSet;

/// A plan as the assembly reads it.
#[derive(Debug, Default, PartialEq)]
pub(in crate::analysis) struct PlanRow {
    pub title: Option<String>,
    pub group: Option<String>,
    pub start: Option<i32>,
    pub end: Option<i32>,
    pub parent: Option<String>,
    /// Labels (`skos:prefLabel`, `rdfs:label`) of the plan's industries.
    pub industries: BTreeSet<String>,
}

/// The plans' rows keyed by IRI (industries not yet filled in).
pub(super) fn plans_by_iri(rows: &[Vec<Option<String>>]) -> BTreeMap<String, PlanRow> {
    let mut plans: BTreeMap<String, PlanRow> = BTreeMap::new();
    for row in rows {
        let Some(iri) = row[0].clone() else { continue };
        let plan = plans.entry(iri).or_default();
        keep_min(&mut plan.title, row[1].clone());
        keep_min(&mut plan.group, row[2].clone());
        keep_min(&mut plan.start, row[3].as_deref().and_then(parse_year));
        keep_min(&mut plan.end, row[4].as_deref().and_then(parse_year));
        keep_min(&mut plan.parent, row[5].clone());
    }
    plans
}

/// The plan and its ancestors, innermost first (at most 8 levels, which
/// also stops a cycle of `dcterms:isPartOf`).
pub(super) fn plan_lineage<'a>(
    plans: &'a BTreeMap<String, PlanRow>,
    plan: &str,
) -> Vec<&'a PlanRow> {
    let mut lineage = Vec::new();
    let mut current = plans.get(plan);
    while let Some(row) = current {
        lineage.push(row);
        if lineage.len() >= 8 {
            break;
        }
        current = row.parent.as_ref().and_then(|p| plans.get(p));
    }
    lineage
}

impl Filters {
    /// Whether something with these facts passes the filters, decided as
    /// the projection decides for its tasks — for what the projection does
    /// not hold: the goal paragraphs (`pg:Goal`) whose targets `analyze
    /// targets` lists beside the tasks'.
    pub fn keeps(
        &self,
        year: Option<i32>,
        group: Option<&str>,
        plan_titles: &[&str],
        industries: &[&str],
        regions: &[String],
    ) -> bool {
        let regions: SortedSet<String> = regions.iter().cloned().collect();
        FilterCheck::new(self).keeps(year, group, plan_titles, industries, &regions)
    }
}

/// The filters, normalised once (traditional script folded to simplified).
pub(super) struct FilterCheck<'a> {
    filters: &'a Filters,
    plan: Option<String>,
    industry: Option<String>,
    region: Option<String>,
    group: Option<String>,
}

impl<'a> FilterCheck<'a> {
    pub(super) fn new(filters: &'a Filters) -> Self {
        let norm = |s: &Option<String>| {
            s.as_deref()
                .map(|s| fast2s::convert(s.trim()))
                .filter(|s| !s.is_empty())
        };
        FilterCheck {
            plan: norm(&filters.plan),
            industry: norm(&filters.industry),
            region: norm(&filters.region),
            group: norm(&filters.plan_group),
            filters,
        }
    }

    pub(super) fn keeps(
        &self,
        year: Option<i32>,
        group: Option<&str>,
        plan_titles: &[&str],
        industries: &[&str],
        regions: &SortedSet<String>,
    ) -> bool {
        if !self.keeps_plan_facts(year, group, plan_titles) {
            return false;
        }
        if let Some(wanted) = &self.industry {
            if !industries.iter().any(|i| i.contains(wanted.as_str())) {
                return false;
            }
        }
        if let Some(wanted) = &self.region {
            if !regions.iter().any(|r| r.contains(wanted.as_str())) {
                return false;
            }
        }
        true
    }

    /// The filters that depend on the plan only: year, plan group, title.
    fn keeps_plan_facts(
        &self,
        year: Option<i32>,
        group: Option<&str>,
        plan_titles: &[&str],
    ) -> bool {
        if !self.filters.year.is_empty() && !year.is_some_and(|y| self.filters.year.contains(&y)) {
            return false;
        }
        if let Some(wanted) = &self.group {
            if group.map(strip_quotes) != Some(strip_quotes(wanted)) {
                return false;
            }
        }
        if let Some(wanted) = &self.plan {
            if !plan_titles.iter().any(|t| t.contains(wanted.as_str())) {
                return false;
            }
        }
        true
    }

    /// True when a filter depends on the plan alone (year, group, title).
    pub(super) fn has_plan_filters(&self) -> bool {
        !self.filters.year.is_empty() || self.group.is_some() || self.plan.is_some()
    }

    /// Whether the tasks of `plan` can pass the plan-level filters: the
    /// test [`FilterCheck::keeps`] makes, on the plan's lineage.
    pub(super) fn keeps_plan(&self, plans: &BTreeMap<String, PlanRow>, plan: &str) -> bool {
        let lineage = plan_lineage(plans, plan);
        let titles: Vec<&str> = lineage
            .iter()
            .filter_map(|p| p.title.as_deref())
            .chain(std::iter::once(plan))
            .collect();
        self.keeps_plan_facts(
            lineage.iter().find_map(|p| p.start),
            lineage.iter().find_map(|p| p.group.as_deref()),
            &titles,
        )
    }

    /// The region asked for, normalised.
    pub(super) fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The industry asked for, normalised.
    pub(super) fn industry(&self) -> Option<&str> {
        self.industry.as_deref()
    }

    /// The plan group asked for, normalised.
    pub(super) fn group(&self) -> Option<&str> {
        self.group.as_deref()
    }

    /// The start years asked for.
    pub(super) fn years(&self) -> &[i32] {
        &self.filters.year
    }
}

/// `十大创新` and `“十大创新”` are the same group.
pub(super) fn strip_quotes(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '「' | '」'))
        .collect()
}

fn parse_year(text: &str) -> Option<i32> {
    text.trim().parse().ok()
}

/// Keeps the smallest value seen, so that duplicated properties give the same
/// answer whatever order the store returns rows in.
pub(super) fn keep_min<T: Ord>(slot: &mut Option<T>, value: Option<T>) {
    if let Some(value) = value {
        match slot {
            Some(current) if *current <= value => {}
            _ => *slot = Some(value),
        }
    }
}
