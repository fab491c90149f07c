//! What the analyses read: the filtered tasks with their units
//! ([`Projection`], [`TaskInfo`], [`UnitInfo`]), and finding a unit by name,
//! alias or IRI.

use std::collections::{BTreeSet, HashMap};

use super::super::AnalysisError;

/// A task given as plain data to [`Projection::from_records`]:
/// `(label, start year, lead unit names, cooperating unit names)`.
pub type TaskRecord<'a> = (&'a str, Option<i32>, Vec<&'a str>, Vec<&'a str>);

/// A responsible body as found in the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitInfo {
    pub iri: String,
    /// The `skos:prefLabel` (the IRI's local name when the label is missing).
    pub name: String,
    /// `skos:altLabel`, `pg:fullName` and `rdfs:label` values, sorted.
    pub aliases: Vec<String>,
    /// `pg:fullName`, when known (e.g. 山东省科学技术厅).
    pub full_name: Option<String>,
    pub collective: bool,
    /// Indices (into [`Projection::units`]) of the bodies that succeeded this one.
    pub succeeded_by: Vec<usize>,
}

/// One task kept by the filters.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskInfo {
    pub iri: String,
    /// The printed number and heading, e.g. `3 强化企业创新主体地位`.
    pub label: String,
    pub plan_iri: String,
    /// The innermost plan's title.
    pub plan_title: String,
    pub plan_group: Option<String>,
    /// The plan's `pg:startYear` (inherited from the parent plan if missing).
    pub year: Option<i32>,
    pub end_year: Option<i32>,
    /// Lead units, as indices into [`Projection::units`], sorted, no collective
    /// units unless `--include-collective`.
    pub leads: Vec<usize>,
    pub cooperating: Vec<usize>,
    pub targets: Vec<String>,
    pub deadlines: Vec<String>,
    pub due_dates: Vec<String>,
}

/// Tasks with their lead and cooperating units, after the filters.
#[derive(Debug, Clone, Default)]
pub struct Projection {
    /// Every unit of the graph, sorted by name (then IRI).
    pub units: Vec<UnitInfo>,
    /// The tasks kept by the filters, sorted by IRI.
    pub tasks: Vec<TaskInfo>,
    /// The filters applied, in words (`"year 2022, collective units left out"`).
    pub filters_description: String,
    /// Names of the collective units left out of at least one kept task.
    pub collective_left_out: Vec<String>,
    /// Warnings about the filters (e.g. a plan group no plan has).
    pub notes: Vec<String>,
    pub(super) unit_index: HashMap<String, usize>,
}

impl Projection {
    /// Builds a projection from plain records, for tests and for bipartite
    /// data that is not in the graph (e.g. women × events in the Davis data).
    /// Each task is `(label, year, lead unit names, cooperating unit names)`;
    /// unit IRIs are the names themselves and no unit is collective.
    pub fn from_records(tasks: &[TaskRecord<'_>]) -> Projection {
        let mut names: BTreeSet<&str> = BTreeSet::new();
        for (_, _, leads, cooperating) in tasks {
            names.extend(leads.iter().copied());
            names.extend(cooperating.iter().copied());
        }
        let units: Vec<UnitInfo> = names
            .iter()
            .map(|name| UnitInfo {
                iri: (*name).to_owned(),
                name: (*name).to_owned(),
                aliases: Vec::new(),
                full_name: None,
                collective: false,
                succeeded_by: Vec::new(),
            })
            .collect();
        let unit_index: HashMap<String, usize> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.iri.clone(), i))
            .collect();
        let indices = |list: &[&str]| -> Vec<usize> {
            let set: BTreeSet<usize> = list
                .iter()
                .filter_map(|n| unit_index.get(*n).copied())
                .collect();
            set.into_iter().collect()
        };
        let tasks = tasks
            .iter()
            .map(|(label, year, leads, cooperating)| TaskInfo {
                iri: (*label).to_owned(),
                label: (*label).to_owned(),
                plan_iri: String::new(),
                plan_title: String::new(),
                plan_group: None,
                year: *year,
                end_year: *year,
                leads: indices(leads),
                cooperating: indices(cooperating),
                targets: Vec::new(),
                deadlines: Vec::new(),
                due_dates: Vec::new(),
            })
            .collect();
        Projection {
            units,
            tasks,
            filters_description: "all tasks".to_owned(),
            collective_left_out: Vec::new(),
            notes: Vec::new(),
            unit_index,
        }
    }

    /// The unit with this IRI.
    pub fn unit_by_iri(&self, iri: &str) -> Option<usize> {
        self.unit_index.get(iri).copied()
    }

    /// Finds a unit by its name, any alias, or its IRI.
    pub fn find_unit(&self, name: &str) -> Result<usize, AnalysisError> {
        let wanted = name.trim();
        let simplified = fast2s::convert(wanted);
        let by_name = self.units.iter().position(|u| {
            u.name == wanted
                || u.name == simplified
                || u.iri == wanted
                || u.iri.rsplit('/').next() == Some(wanted)
        });
        if let Some(index) = by_name {
            return Ok(index);
        }
        // An alias can be shared by units of several jurisdictions (the
        // printed 省科技厅 of two provinces): that is a question, not a pick.
        let by_alias: Vec<usize> = (0..self.units.len())
            .filter(|&i| {
                self.units[i]
                    .aliases
                    .iter()
                    .any(|a| a == wanted || *a == simplified)
            })
            .collect();
        // A name the user's alias files (or the built-in table) give a unit
        // whose documents never print it: 省发改委 for 安徽省发展改革委.
        let by_alias = if by_alias.is_empty() {
            let targets: Vec<String> = crate::ingest::units::in_force()
                .targets(&simplified)
                .iter()
                .map(|t| crate::model::iri::instance(crate::model::iri::Kind::Unit, t))
                .collect();
            (0..self.units.len())
                .filter(|&i| targets.contains(&self.units[i].iri))
                .collect()
        } else {
            by_alias
        };
        match by_alias.as_slice() {
            [one] => return Ok(*one),
            [] => {}
            several => {
                return Err(AnalysisError::AmbiguousUnit {
                    name: wanted.to_owned(),
                    candidates: several
                        .iter()
                        .map(|&i| self.units[i].name.clone())
                        .collect(),
                })
            }
        }
        let suggestions: Vec<String> = self
            .units
            .iter()
            .filter(|u| {
                !simplified.is_empty()
                    && (u.name.contains(simplified.as_str())
                        || u.aliases.iter().any(|a| a.contains(simplified.as_str())))
            })
            .take(8)
            .map(|u| u.name.clone())
            .collect();
        // Chinese abbreviations drop characters and keep the order
        // (省发改委 for 省发展改革委): a name that holds every character of
        // the one asked for, in order, is the next best guess.
        let suggestions = if suggestions.is_empty() {
            let mut abbreviated: Vec<&str> = self
                .units
                .iter()
                .filter(|u| {
                    simplified.chars().count() >= 2
                        && std::iter::once(u.name.as_str())
                            .chain(u.aliases.iter().map(String::as_str))
                            .any(|name| holds_in_order(name, &simplified))
                })
                .map(|u| u.name.as_str())
                .collect();
            abbreviated.sort_by_key(|name| (name.chars().count(), *name));
            abbreviated.into_iter().take(8).map(str::to_owned).collect()
        } else {
            suggestions
        };
        Err(AnalysisError::UnknownUnit {
            name: wanted.to_owned(),
            suggestions,
        })
    }

    /// The last body in the chain of `pg:succeededBy` links from `unit`
    /// (itself when it has no successor). Cycles and forks stop the walk;
    /// with several successors the first by name is followed.
    pub fn final_successor(&self, unit: usize) -> usize {
        let mut current = unit;
        let mut seen = BTreeSet::from([unit]);
        while let Some(&next) = self.units.get(current).and_then(|u| u.succeeded_by.first()) {
            if !seen.insert(next) {
                break;
            }
            current = next;
        }
        current
    }

    /// Number of kept tasks with at least one lead unit.
    pub fn attributed_tasks(&self) -> usize {
        self.tasks.iter().filter(|t| !t.leads.is_empty()).count()
    }
}

/// The percent-decoded last path segment of an IRI.
pub fn local_name(iri: &str) -> String {
    let last = iri.rsplit(['/', '#']).next().unwrap_or(iri);
    let bytes = last.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| last.to_owned())
}

/// True when every character of `short` occurs in `name`, in order, with
/// the same first character (`省发改委` in `省发展改革委`).
fn holds_in_order(name: &str, short: &str) -> bool {
    if name.chars().next() != short.chars().next() {
        return false;
    }
    let mut rest = name.chars();
    short.chars().all(|c| rest.any(|n| n == c))
}
