//! The unit alias table: every surface form → one canonical unit.
//!
//! The table lives in `aliases.tsv` next to this file (embedded at compile
//! time) and is parsed once, on first use, into hash maps. Columns: surface
//! form, canonical name, collective flag, succeeded-by (`;`-separated
//! canonical names), official full name, English label, and a free note.
//! Renamed bodies stay separate canonical units linked by `succeeded_by`;
//! they are never merged. Splitting attribution lists is not done here (see
//! [`super::attribution`]).
//!
//! The table belongs to one jurisdiction (its `# jurisdiction:` line): its
//! rows are that province's bodies (省科技厅 is 山东省科学技术厅), so they
//! apply only to documents issued within it. [`qualify`] then ties every
//! printed name to its jurisdiction: the rule of the unit IRIs.
//!
//! Users add tables of their own (`--aliases FILE`, the default alias file):
//! [`AliasTables`] holds the built-in table with their rows merged in, one
//! table per jurisdiction, installed once per run ([`install`]) before any
//! document is read. A document reads its units through every table whose
//! jurisdiction holds it, the innermost first.

use std::collections::{BTreeMap, HashMap};
use std::sync::{LazyLock, OnceLock};

use crate::model::{Diagnostic, Responsibility, Severity, Unit};

/// What the alias table says about a surface form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Canonical simplified name.
    pub name: String,
    /// False when the name is not in the table (it still becomes a unit).
    pub known: bool,
    /// What had to be removed to find the unit (e.g. spam glued to the
    /// name), so that the caller can emit a diagnostic; `None` when the
    /// surface form resolved cleanly.
    pub note: Option<String>,
}

/// What the table knows about one canonical unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitInfo {
    /// Canonical simplified short name, e.g. `省科技厅`.
    pub name: String,
    /// A pseudo-unit such as 省有关部门单位 or 各市政府.
    pub collective: bool,
    /// Official full name, e.g. `山东省科学技术厅`, when known.
    pub full_name: Option<String>,
    /// English label, when known.
    pub english: Option<String>,
    /// Canonical names of the bodies that took over after a rename or split.
    pub succeeded_by: Vec<String>,
}

/// The parsed table.
struct Table {
    /// Canonical units, in table order.
    infos: Vec<UnitInfo>,
    /// Canonical name → index into `infos`.
    by_name: HashMap<String, usize>,
    /// Surface form exactly as in the table → index.
    by_surface: HashMap<String, usize>,
    /// Normalised surface form → index.
    by_normalised: HashMap<String, usize>,
    /// Every surface form of the table with its canonical name.
    surfaces: Vec<(String, String)>,
    /// The qualified name of the division the rows belong to.
    jurisdiction: Option<String>,
    /// Whether a user file added or changed rows.
    from_user: bool,
}

static ALIASES_TSV: &str = include_str!("aliases.tsv");

static TABLE: LazyLock<Table> = LazyLock::new(|| parse_table(ALIASES_TSV));

fn parse_table(tsv: &str) -> Table {
    let mut table = Table {
        infos: Vec::new(),
        by_name: HashMap::new(),
        by_surface: HashMap::new(),
        by_normalised: HashMap::new(),
        surfaces: Vec::new(),
        jurisdiction: None,
        from_user: false,
    };
    for line in tsv.lines() {
        if let Some(rest) = line.strip_prefix("# jurisdiction:") {
            table.jurisdiction = rest.split_whitespace().next().map(str::to_string);
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 6 || cols[0].is_empty() || cols[1].is_empty() {
            continue;
        }
        let (surface, name) = (cols[0], cols[1]);
        let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let idx = match table.by_name.get(name) {
            Some(&idx) => idx,
            None => {
                let idx = table.infos.len();
                table.infos.push(UnitInfo {
                    name: name.to_string(),
                    collective: cols[2] == "1",
                    full_name: non_empty(cols[4]),
                    english: non_empty(cols[5]),
                    succeeded_by: cols[3]
                        .split(';')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                });
                table.by_name.insert(name.to_string(), idx);
                idx
            }
        };
        table.by_surface.insert(surface.to_string(), idx);
        table.by_normalised.insert(normalise(surface), idx);
        table.surfaces.push((surface.to_string(), name.to_string()));
    }
    // The canonical name itself always resolves, even without its own row.
    for (idx, info) in table.infos.iter().enumerate() {
        table.by_surface.entry(info.name.clone()).or_insert(idx);
        table
            .by_normalised
            .entry(normalise(&info.name))
            .or_insert(idx);
    }
    table
}

/// Normalises a surface form for matching: `**` removed, whitespace (NBSP
/// included) removed, full-width ASCII folded to half width, traditional
/// characters converted to simplified.
pub fn normalise(surface: &str) -> String {
    let mut folded = String::with_capacity(surface.len());
    let mut chars = surface.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '*' && chars.peek() == Some(&'*') {
            chars.next();
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let c = match c as u32 {
            // Full-width forms of ASCII punctuation, digits and letters.
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => continue,
            _ => c,
        };
        folded.push(c);
    }
    super::normalize::t2s(&folded)
}

/// The alias tables in force: the built-in table with the user's rows
/// merged in, one table per jurisdiction (the built-in one first).
pub struct AliasTables {
    tables: Vec<Table>,
    /// Each table's division (index into the national table).
    divisions: Vec<Option<usize>>,
}

/// A user alias file's row or header that cannot be read: `FILE:LINE:
/// what is wrong`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct AliasFileError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// The columns of an alias row, in order.
const COLUMNS: &str = "surface, canonical, collective, succeeded_by, full_name, english, note";

impl AliasTables {
    /// The built-in table alone.
    pub fn builtin() -> AliasTables {
        let table = parse_table(ALIASES_TSV);
        let division = table
            .jurisdiction
            .as_deref()
            .and_then(|name| super::divisions::divisions().by_qualified(name));
        AliasTables {
            tables: vec![table],
            divisions: vec![division],
        }
    }

    /// Merges a user alias file (`file` is how messages name it) into the
    /// tables. Its rows have the built-in table's columns, of which only
    /// the first two are required; a `# jurisdiction: REGION` line says
    /// whose bodies the rows after it are. A row for a surface form some
    /// earlier row resolved differently wins; so does a non-empty column
    /// that says otherwise about a known unit: the returned notes say which
    /// (one sentence each, `FILE:LINE: …`).
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<Vec<String>, AliasFileError> {
        let mut notes = Vec::new();
        let mut current: Option<usize> = None;
        for (n, raw) in text.lines().enumerate() {
            let at = n + 1;
            let error = |message: String| AliasFileError {
                file: file.to_string(),
                line: at,
                message,
            };
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let line = if n == 0 {
                line.strip_prefix('\u{feff}').unwrap_or(line)
            } else {
                line
            };
            if let Some(comment) = line.strip_prefix('#') {
                if let Some(rest) = comment.trim_start().strip_prefix("jurisdiction:") {
                    let division = header_division(rest).map_err(error)?;
                    current = Some(self.table_of(division));
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let row = check_row(line, &cols).map_err(error)?;
            let Some(table) = current else {
                return Err(error(
                    "an alias row before any `# jurisdiction:` line: say whose bodies the rows \
                     are first, e.g. `# jurisdiction: 安徽省`"
                        .to_string(),
                ));
            };
            let origin = format!("{file}:{at}");
            if let Some(note) = self.tables[table].set_row(&row, &origin) {
                notes.push(note);
            }
        }
        Ok(notes)
    }

    /// The table of `division`, added empty if there is none yet.
    fn table_of(&mut self, division: usize) -> usize {
        if let Some(t) = self.divisions.iter().position(|&d| d == Some(division)) {
            return t;
        }
        let mut table = parse_table("");
        table.jurisdiction = Some(
            super::divisions::divisions()
                .get(division)
                .qualified
                .clone(),
        );
        self.tables.push(table);
        self.divisions.push(Some(division));
        self.tables.len() - 1
    }

    /// The tables a document of `jurisdiction` reads its units through:
    /// those of its division and of every division around it, innermost
    /// first (indices).
    pub fn chain(&self, jurisdiction: Option<usize>) -> Vec<usize> {
        let Some(j) = jurisdiction else {
            return Vec::new();
        };
        super::divisions::divisions()
            .ancestors(j)
            .filter_map(|a| self.divisions.iter().position(|&d| d == Some(a)))
            .collect()
    }

    /// Whether a user file changed any table of `chain`.
    pub fn changed_by_user(&self, chain: &[usize]) -> bool {
        chain.iter().any(|&t| self.tables[t].from_user)
    }

    /// [`resolve`] through the tables of `chain`, innermost first.
    pub fn resolve(&self, chain: &[usize], surface: &str) -> Resolved {
        let tables: Vec<&Table> = chain.iter().map(|&t| &self.tables[t]).collect();
        resolve_in(&tables, surface)
    }

    /// What table `table` knows about the canonical unit `name`.
    pub fn unit_info(&self, table: usize, name: &str) -> Option<&UnitInfo> {
        let table = self.tables.get(table)?;
        table.by_name.get(name).map(|&idx| &table.infos[idx])
    }

    /// The division table `table` belongs to.
    pub fn division(&self, table: usize) -> Option<usize> {
        self.divisions.get(table).copied().flatten()
    }

    /// The qualified names of the units `name` is an alias of in any table
    /// (`省发改委` in a user table of 安徽省 → `安徽省发展改革委`), for finding a
    /// unit by a name its documents never print.
    pub fn targets(&self, name: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        for (t, table) in self.tables.iter().enumerate() {
            let resolved = resolve_in(&[table], name.trim());
            if resolved.known && resolved.note.is_none() {
                let q = qualify(self.divisions[t], &resolved.name).name;
                if !found.contains(&q) {
                    found.push(q);
                }
            }
        }
        found
    }
}

/// One alias row, checked.
struct Row<'a> {
    surface: &'a str,
    canonical: &'a str,
    collective: Option<bool>,
    succeeded_by: Option<Vec<String>>,
    full_name: Option<&'a str>,
    english: Option<&'a str>,
}

/// The row `cols` (the cells of `line`), or what is wrong with it.
fn check_row<'a>(line: &str, cols: &[&'a str]) -> Result<Row<'a>, String> {
    if cols.len() < 2 {
        let hint = if line.trim().contains([' ', '\u{3000}']) {
            " (columns are separated by tabs, not spaces)"
        } else {
            ""
        };
        return Err(format!(
            "expected a surface form and its canonical name separated by a tab, found \
             `{}`{hint}",
            line.trim()
        ));
    }
    if cols.len() > 7 {
        return Err(format!(
            "{} tab-separated columns, but an alias row has at most 7 ({COLUMNS})",
            cols.len()
        ));
    }
    if cols[0].is_empty() {
        return Err("the surface form (column 1) is empty".to_string());
    }
    if cols[1].is_empty() {
        return Err(format!(
            "the canonical name (column 2) of `{}` is empty",
            cols[0]
        ));
    }
    let cell = |i: usize| cols.get(i).copied().filter(|c| !c.is_empty());
    let collective = match cell(2) {
        None => None,
        Some("0") => Some(false),
        Some("1") => Some(true),
        Some(other) => {
            return Err(format!(
                "the collective column (3) is `{other}`; it is 1 for a collective (各市政府), \
                 0 or empty otherwise"
            ))
        }
    };
    Ok(Row {
        surface: cols[0],
        canonical: cols[1],
        collective,
        succeeded_by: cell(3).map(|c| {
            c.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        }),
        full_name: cell(4),
        english: cell(5),
    })
}

/// The division a `# jurisdiction:` line names (`rest` is what follows the
/// colon; words after the name are a comment), or what is wrong.
fn header_division(rest: &str) -> Result<usize, String> {
    use super::divisions::{divisions, LookupError};
    let Some(name) = rest.split_whitespace().next() else {
        return Err(
            "`# jurisdiction:` names no province, city or county (e.g. `# jurisdiction: 安徽省`)"
                .to_string(),
        );
    };
    match divisions().lookup(name) {
        Ok(division) => Ok(division),
        Err(LookupError::Unknown) => {
            let close = close_divisions(name);
            let hint = if close.is_empty() {
                " (write its full name, e.g. 安徽省, 合肥市, 蔡甸区)".to_string()
            } else {
                format!(" (did you mean {}?)", close.join(", "))
            };
            Err(format!(
                "no province, city or county is called '{name}'{hint}"
            ))
        }
        Err(LookupError::Ambiguous(candidates)) => Err(format!(
            "'{name}' names several divisions: {} (write one of them)",
            candidates.join(", ")
        )),
    }
}

/// Up to five divisions whose qualified name is one character away from
/// `name` (安微省 → 安徽省) or holds it (蔡甸 → 武汉市蔡甸区).
fn close_divisions(name: &str) -> Vec<String> {
    let wanted: Vec<char> = name.chars().collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let one_apart = |other: &str| {
        let other: Vec<char> = other.chars().collect();
        let (short, long) = if other.len() <= wanted.len() {
            (&other, &wanted)
        } else {
            (&wanted, &other)
        };
        if long.len() - short.len() > 1 {
            return false;
        }
        let prefix = short
            .iter()
            .zip(long.iter())
            .take_while(|(a, b)| a == b)
            .count();
        let suffix = short[prefix..]
            .iter()
            .rev()
            .zip(long[prefix..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        // One substitution (same length) or one insertion (lengths differ).
        long.len() - prefix - suffix <= 1 && short.len() - prefix - suffix <= 1
    };
    let all = super::divisions::divisions().all();
    let mut close: Vec<&str> = all
        .iter()
        .filter(|d| one_apart(&d.name) || one_apart(&d.qualified))
        .map(|d| d.qualified.as_str())
        .collect();
    if close.is_empty() && wanted.len() >= 2 {
        close = all
            .iter()
            .filter(|d| d.qualified.contains(name))
            .map(|d| d.qualified.as_str())
            .collect();
    }
    close.sort_by_key(|q| (q.chars().count(), *q));
    close.dedup();
    close.into_iter().take(5).map(str::to_string).collect()
}

impl Table {
    /// Sets one user row (`origin` is its `FILE:LINE`); a note when it says
    /// otherwise than an earlier row.
    fn set_row(&mut self, row: &Row<'_>, origin: &str) -> Option<String> {
        let mut changes: Vec<String> = Vec::new();
        // A canonical name that is only a surface form of a unit (the user
        // wrote 省发改委 for 省发展改革委) means that unit: never a second one.
        // A row whose two names agree declares a unit of its own.
        let canonical = match (
            self.by_name.contains_key(row.canonical),
            self.by_surface.get(row.canonical),
        ) {
            (false, Some(&idx)) if row.surface != row.canonical => self.infos[idx].name.clone(),
            _ => row.canonical.to_string(),
        };
        let norm = normalise(row.surface);
        let earlier = self
            .by_surface
            .get(row.surface)
            .or_else(|| self.by_normalised.get(&norm))
            .map(|&idx| self.infos[idx].name.clone());
        if let Some(earlier) = earlier.filter(|e| *e != canonical) {
            changes.push(format!(
                "`{}` now means `{canonical}`, not `{earlier}`",
                row.surface
            ));
        }
        let idx = match self.by_name.get(&canonical) {
            Some(&idx) => {
                let info = &mut self.infos[idx];
                if let Some(collective) = row.collective.filter(|&c| c != info.collective) {
                    changes.push(format!(
                        "`{canonical}` is {}a collective now",
                        if collective { "" } else { "not " }
                    ));
                    info.collective = collective;
                }
                if let Some(next) = row
                    .succeeded_by
                    .as_ref()
                    .filter(|s| **s != info.succeeded_by)
                {
                    if !info.succeeded_by.is_empty() {
                        changes.push(format!(
                            "`{canonical}` is succeeded by {} now, not {}",
                            next.join(";"),
                            info.succeeded_by.join(";")
                        ));
                    }
                    info.succeeded_by = next.clone();
                }
                for (label, new, slot) in [
                    ("full name", row.full_name, &mut info.full_name),
                    ("English label", row.english, &mut info.english),
                ] {
                    if let Some(new) = new.filter(|n| slot.as_deref() != Some(*n)) {
                        if let Some(old) = slot.as_deref() {
                            changes.push(format!(
                                "the {label} of `{canonical}` is `{new}` now, not `{old}`"
                            ));
                        }
                        *slot = Some(new.to_string());
                    }
                }
                idx
            }
            None => {
                let idx = self.infos.len();
                self.infos.push(UnitInfo {
                    name: canonical.clone(),
                    collective: row.collective.unwrap_or(false),
                    full_name: row.full_name.map(str::to_string),
                    english: row.english.map(str::to_string),
                    succeeded_by: row.succeeded_by.clone().unwrap_or_default(),
                });
                self.by_name.insert(canonical.clone(), idx);
                idx
            }
        };
        self.by_surface.insert(row.surface.to_string(), idx);
        self.by_normalised.insert(norm, idx);
        self.by_surface.entry(canonical.clone()).or_insert(idx);
        self.by_normalised
            .entry(normalise(&canonical))
            .or_insert(idx);
        self.surfaces.push((row.surface.to_string(), canonical));
        self.from_user = true;
        (!changes.is_empty()).then(|| format!("{origin}: {}", changes.join("; ")))
    }
}

static IN_FORCE: OnceLock<AliasTables> = OnceLock::new();

/// Makes `tables` the alias tables of this run; false (and nothing changes)
/// when the tables in force were already fixed (installed, or used).
pub fn install(tables: AliasTables) -> bool {
    IN_FORCE.set(tables).is_ok()
}

/// The alias tables of this run: those [`install`]ed, else the built-in one.
pub fn in_force() -> &'static AliasTables {
    IN_FORCE.get_or_init(AliasTables::builtin)
}

/// Resolves a surface form (any script, any known alias) to its unit
/// through the built-in table alone (what a document's reader knows before
/// its jurisdiction is found).
///
/// Order: exact table hit; the normalised form (see [`normalise`]); the
/// normalised form with Latin junk glued after a known name removed (with a
/// `note`); otherwise an unknown unit named by the normalised form.
pub fn resolve(surface: &str) -> Resolved {
    resolve_in(&[&TABLE], surface)
}

/// [`resolve`] through several tables: each step asks them all, in order,
/// before the next step is tried.
fn resolve_in(chain: &[&Table], surface: &str) -> Resolved {
    for table in chain {
        if let Some(&idx) = table.by_surface.get(surface) {
            return known(table, idx, None);
        }
    }
    let norm = normalise(surface);
    for table in chain {
        if let Some(&idx) = table.by_normalised.get(&norm) {
            return known(table, idx, None);
        }
    }
    // Spam glued to a unit name (`省科技厅KU游体育`): cut at the first Latin
    // letter and accept the head only if a table knows it.
    if let Some(pos) = norm.find(|c: char| c.is_ascii_alphabetic()) {
        let head = norm[..pos].trim_end();
        for table in chain {
            if let Some(&idx) = table.by_normalised.get(head) {
                let junk = &norm[pos..];
                return known(
                    table,
                    idx,
                    Some(format!(
                        "removed `{junk}` glued to unit name `{head}` in `{surface}`"
                    )),
                );
            }
        }
    }
    Resolved {
        name: if norm.is_empty() {
            surface.to_string()
        } else {
            norm
        },
        known: false,
        note: None,
    }
}

fn known(table: &Table, idx: usize, note: Option<String>) -> Resolved {
    Resolved {
        name: table.infos[idx].name.clone(),
        known: true,
        note,
    }
}

/// The diagnostic a resolution calls for, if any: a warning for a unit that
/// is not in the table (it still becomes a unit) and for junk removed from a
/// surface form. `file` and `line` say where the attribution was printed.
pub fn resolution_diagnostic(
    file: &str,
    line: usize,
    surface: &str,
    resolved: &Resolved,
) -> Option<Diagnostic> {
    let message = if let Some(note) = &resolved.note {
        note.clone()
    } else if !resolved.known {
        format!(
            "unit `{surface}` is not in the alias table; kept as `{}`",
            resolved.name
        )
    } else {
        return None;
    };
    Some(Diagnostic {
        file: file.to_string(),
        line,
        severity: Severity::Warning,
        message,
    })
}

/// The division (index into the national table) whose bodies the alias
/// table lists.
pub fn table_jurisdiction() -> Option<usize> {
    static DIVISION: LazyLock<Option<usize>> = LazyLock::new(|| {
        let name = TABLE.jurisdiction.as_deref()?;
        super::divisions::divisions().by_qualified(name)
    });
    *DIVISION
}

/// Whether a document of `jurisdiction` reads its units through the alias
/// table: it is the table's division or inside it (a 济宁市 plan's 省科技厅
/// is Shandong's).
pub fn table_applies(jurisdiction: Option<usize>) -> bool {
    match (jurisdiction, table_jurisdiction()) {
        (Some(j), Some(t)) => super::divisions::divisions().is_within(j, t),
        _ => false,
    }
}

/// A surface form's canonical short name without the alias table (for a
/// document from elsewhere): normalised only.
pub fn resolve_plain(surface: &str) -> String {
    let norm = normalise(surface);
    if norm.is_empty() {
        surface.to_string()
    } else {
        norm
    }
}

/// A unit's nationally unique name and the division it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qualified {
    /// The IRI's local name, e.g. `山东省科技厅`.
    pub name: String,
    /// Index into the national division table.
    pub jurisdiction: Option<usize>,
}

/// Prefixes of bodies above every province, or named by the nation.
const NATIONAL: &[&str] = &[
    "国家",
    "国务院",
    "中央",
    "中共中央",
    "中国",
    "全国",
    "人民银行",
    "国网",
    "海关总署",
];

/// Openings of collectives: the jurisdiction's own lower bodies.
const COLLECTIVE: &[&str] = &["各", "有关", "相关", "全"];

/// Ties a printed canonical name (`label`) of a document of `jurisdiction`
/// to its jurisdiction. In order:
/// 1. no jurisdiction: the printed name, tied to nothing;
/// 2. a leading level word (省, 市, 县, 区, 州, …) is replaced by the
///    nearest division of that level around the document's (`省科技厅` in a
///    济宁市 plan → `山东省科技厅`, `市科技局` → `济宁市科技局`); a level
///    word followed by 级/直 stays (`四川省省级有关部门`); a level word no
///    division around fits is kept behind the document's own name;
/// 3. a collective (`各镇人民政府`, `有关部门`) is the document's:
///    `达州市大竹县各镇人民政府`;
/// 4. a national body (`国家发展改革委`) or a name that already holds a
///    place name (`青岛海关`, `国网山东省电力公司`, `嘉鱼经济开发区`) keeps it;
/// 5. anything else (`商务厅`, `发改局`, `团县委`) is the document's body
///    and gets its name in front: `广东省商务厅`.
pub fn qualify(jurisdiction: Option<usize>, label: &str) -> Qualified {
    use super::jurisdiction::{division_for_word, leading_level_word};
    let table = super::divisions::divisions();
    let Some(j) = jurisdiction else {
        return Qualified {
            name: label.to_string(),
            jurisdiction: None,
        };
    };
    let own = |division: usize, rest: &str| Qualified {
        name: format!("{}{rest}", table.get(division).qualified),
        jurisdiction: Some(division),
    };
    if let Some(word) = leading_level_word(label) {
        let rest = &label[word.len()..];
        return match division_for_word(j, word) {
            Some(division) if rest.starts_with(['级', '直']) => own(division, label),
            Some(division) => own(division, rest),
            None => own(j, label),
        };
    }
    if COLLECTIVE.iter().any(|c| label.starts_with(c)) {
        return own(j, label);
    }
    if NATIONAL.iter().any(|n| label.starts_with(n)) || super::jurisdiction::names_a_place(label) {
        return Qualified {
            name: label.to_string(),
            jurisdiction: None,
        };
    }
    own(j, label)
}

/// What the table knows about a canonical unit name.
pub fn unit_info(name: &str) -> Option<&'static UnitInfo> {
    let table: &'static Table = &TABLE;
    table.by_name.get(name).map(|&idx| &table.infos[idx])
}

/// Every (surface form, canonical name) row of the alias table, in table order.
pub fn table_surfaces() -> impl Iterator<Item = (&'static str, &'static str)> {
    let table: &'static Table = &TABLE;
    table.surfaces.iter().map(|(s, n)| (s.as_str(), n.as_str()))
}

/// What a merged responsibility's unit is, besides its qualified name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitSource {
    /// The printed canonical short name (`省科技厅`).
    pub label: String,
    /// Index into the national division table.
    pub jurisdiction: Option<usize>,
    /// The alias table (index into [`in_force`]'s tables; the built-in
    /// one is 0) that describes it (full name, English, renames), if any.
    pub table: Option<usize>,
}

/// One [`Unit`] per qualified name seen in `responsibilities`, sorted by
/// name; `alt_labels` holds every surface seen that differs from the label.
/// `sources` says what each qualified name stands for; a name missing from
/// it is its own label, tied to nothing.
pub fn build_units<'a>(
    responsibilities: impl IntoIterator<Item = &'a Responsibility>,
    sources: &std::collections::HashMap<String, UnitSource>,
) -> Vec<Unit> {
    build_units_in(in_force(), responsibilities, sources)
}

/// [`build_units`] with the alias tables `tables`.
pub fn build_units_in<'a>(
    tables: &AliasTables,
    responsibilities: impl IntoIterator<Item = &'a Responsibility>,
    sources: &std::collections::HashMap<String, UnitSource>,
) -> Vec<Unit> {
    let divisions = super::divisions::divisions();
    let every_table: Vec<usize> = (0..tables.tables.len()).collect();
    let mut units: BTreeMap<&'a str, Unit> = BTreeMap::new();
    // Whether a surface resolves without a note, once per distinct surface
    // (a corpus repeats the same few hundred surfaces many times over).
    let mut clean: std::collections::HashMap<&'a str, bool> = std::collections::HashMap::new();
    for r in responsibilities {
        let unit = units.entry(r.unit.as_str()).or_insert_with(|| {
            let source = sources.get(&r.unit);
            let label = source.map_or(r.unit.as_str(), |s| s.label.as_str());
            let table = source.and_then(|s| s.table);
            let info = source
                .zip(table)
                .and_then(|(s, t)| tables.unit_info(t, &s.label));
            let jurisdiction = source.and_then(|s| s.jurisdiction);
            Unit {
                name: r.unit.clone(),
                label: label.to_string(),
                jurisdiction: jurisdiction.map(|j| divisions.get(j).qualified.clone()),
                alt_labels: Default::default(),
                full_name: info.and_then(|i| i.full_name.clone()),
                english: info.and_then(|i| i.english.clone()),
                collective: info.is_some_and(|i| i.collective),
                // A renamed body's successors are of the same jurisdiction.
                succeeded_by: info
                    .map(|i| {
                        i.succeeded_by
                            .iter()
                            .map(|s| qualify(table.and_then(|t| tables.division(t)), s).name)
                            .collect()
                    })
                    .unwrap_or_default(),
                known: info.is_some(),
            }
        });
        // A surface that needed junk removed (web spam glued to a name) is
        // provenance, kept as pg:surfaceForm, but not a name of the unit.
        if r.surface != unit.label
            && !r.surface.is_empty()
            && *clean
                .entry(r.surface.as_str())
                .or_insert_with(|| tables.resolve(&every_table, &r.surface).note.is_none())
        {
            unit.alt_labels.insert(r.surface.clone());
        }
    }
    units.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    #[test]
    fn every_row_parses() {
        let rows = ALIASES_TSV
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(TABLE.surfaces.len(), rows);
        assert_eq!(TABLE.infos.len(), 135);
        assert_eq!(TABLE.infos.iter().filter(|i| i.collective).count(), 17);
        // Every canonical body has an English label.
        assert!(TABLE.infos.iter().all(|i| i.english.is_some()));
    }

    #[test]
    fn exact_traditional_and_typo_hits() {
        for (surface, name) in [
            ("省科技厅", "省科技厅"),
            ("省科技廳", "省科技厅"),
            ("省工信和信息化厅", "省工业和信息化厅"),
            ("省工业和信息化化厅", "省工业和信息化厅"),
            ("省住房和城乡建设厅", "省住房城乡建设厅"),
            ("省畜牧獸醫局", "省畜牧兽医局"),
            ("省畜牧局", "省畜牧兽医局"),
            ("山东港口集团", "山东省港口集团有限公司"),
            ("国家矿山安监局山东局", "国家矿山安全监察局山东局"),
            ("省有关部门、单位", "省有关部门单位"),
        ] {
            let r = resolve(surface);
            assert_eq!(
                (r.name.as_str(), r.known, r.note),
                (name, true, None),
                "{surface}"
            );
        }
    }

    #[test]
    fn normalisation_fallbacks() {
        // Bold markers, NBSP and spaces, a traditional spelling not in the table.
        assert_eq!(resolve("**省发展改革委**").name, "省发展改革委");
        assert_eq!(resolve("省\u{a0}财政厅 ").name, "省财政厅");
        assert_eq!(resolve("省財政廳").name, "省财政厅");
        assert_eq!(resolve("省有關部門單位").name, "省有关部门单位");
        assert!(resolve("省有關部門單位").known);
    }

    #[test]
    fn spam_is_stripped_with_a_note_ten_innovations_l84() {
        let r = resolve("省科技厅KU游体育");
        assert_eq!(r.name, "省科技厅");
        assert!(r.known);
        assert!(r.note.as_deref().is_some_and(|n| n.contains("KU游体育")));
    }

    #[test]
    fn unknown_unit_keeps_simplified_name() {
        let r = resolve("省某某廳");
        assert_eq!((r.name.as_str(), r.known), ("省某某厅", false));
        let r = resolve("");
        assert!(!r.known);
    }

    #[test]
    fn diagnostics_for_junk_and_unknown_units() {
        let spam = resolve("省科技厅KU游体育");
        let d = resolution_diagnostic("f.txt", 84, "省科技厅KU游体育", &spam).expect("spam");
        assert_eq!((d.file.as_str(), d.line), ("f.txt", 84));
        assert!(d.message.contains("KU游体育"));
        let unknown = resolve("省某某局");
        let d = resolution_diagnostic("f.txt", 3, "省某某局", &unknown).expect("unknown");
        assert!(d.message.contains("省某某局"));
        let clean = resolve("省科技廳");
        assert_eq!(resolution_diagnostic("f.txt", 1, "省科技廳", &clean), None);
    }

    #[test]
    fn renames_stay_separate_and_linked() {
        let old = unit_info("人民银行济南分行").expect("old PBoC branch");
        assert_eq!(old.succeeded_by, vec!["人民银行山东省分行".to_string()]);
        assert!(unit_info("人民银行山东省分行").is_some());
        assert_eq!(
            unit_info("省委台港澳办").map(|i| i.succeeded_by.clone()),
            Some(vec!["省委台办".to_string(), "省委港澳办".to_string()])
        );
        assert_eq!(
            unit_info("山东银保监局").map(|i| i.succeeded_by.clone()),
            Some(vec!["金融监管总局山东监管局".to_string()])
        );
        assert_eq!(
            unit_info("省地方金融监管局").map(|i| i.succeeded_by.clone()),
            Some(vec!["省委金融办".to_string()])
        );
        assert_eq!(
            unit_info("省人防办").map(|i| i.succeeded_by.clone()),
            Some(vec!["省国动办".to_string()])
        );
        let kst = unit_info("省科技厅").expect("省科技厅");
        assert_eq!(kst.full_name.as_deref(), Some("山东省科学技术厅"));
        assert_eq!(
            kst.english.as_deref(),
            Some("Shandong Provincial Department of Science and Technology")
        );
        assert!(unit_info("各市政府").is_some_and(|i| i.collective));
        assert!(unit_info("青岛市政府").is_some_and(|i| !i.collective));
    }

    #[test]
    fn build_units_groups_surfaces() {
        let shandong = table_jurisdiction();
        assert!(shandong.is_some());
        let mut sources = std::collections::HashMap::new();
        let rs = [
            ("省科技厅", "省科技廳", Role::Lead),
            ("省科技厅", "省科技厅", Role::Cooperating),
            ("省某某厅", "省某某厅", Role::Lead),
            ("人民银行济南分行", "人民銀行濟南分行", Role::Cooperating),
        ]
        .map(|(unit, surface, role)| {
            let q = qualify(shandong, unit);
            sources.insert(
                q.name.clone(),
                UnitSource {
                    label: unit.to_string(),
                    jurisdiction: q.jurisdiction,
                    table: unit_info(unit).map(|_| 0),
                },
            );
            Responsibility {
                unit: q.name,
                surface: surface.to_string(),
                role,
            }
        });
        let units = build_units(&rs, &sources);
        let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert_eq!(units.len(), 3);
        let kst = units
            .iter()
            .find(|u| u.name == "山东省科技厅")
            .expect("unit");
        assert_eq!(kst.label, "省科技厅");
        assert_eq!(kst.jurisdiction.as_deref(), Some("山东省"));
        assert_eq!(kst.alt_labels.iter().collect::<Vec<_>>(), vec!["省科技廳"]);
        assert!(kst.known);
        let unknown = units
            .iter()
            .find(|u| u.name == "山东省某某厅")
            .expect("unit");
        assert!(!unknown.known && unknown.english.is_none());
        // A proper name keeps its name and is tied to no division.
        let pboc = units
            .iter()
            .find(|u| u.name == "人民银行济南分行")
            .expect("unit");
        assert_eq!(pboc.jurisdiction, None);
        assert_eq!(pboc.succeeded_by, vec!["人民银行山东省分行".to_string()]);
        let renamed = build_units(
            &[Responsibility {
                unit: "山东省委台港澳办".into(),
                surface: "省委台港澳办".into(),
                role: Role::Lead,
            }],
            &[(
                "山东省委台港澳办".to_string(),
                UnitSource {
                    label: "省委台港澳办".into(),
                    jurisdiction: shandong,
                    table: Some(0),
                },
            )]
            .into(),
        );
        assert_eq!(
            renamed[0].succeeded_by,
            vec!["山东省委台办", "山东省委港澳办"]
        );
    }

    #[test]
    fn qualified_names_follow_the_jurisdiction() {
        let t = crate::ingest::divisions::divisions();
        let at = |place: &str, label: &str| {
            let q = qualify(Some(t.lookup(place).unwrap()), label);
            (q.name, q.jurisdiction.map(|j| t.get(j).qualified.clone()))
        };
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            at("山东省", "省科技厅"),
            ("山东省科技厅".into(), s("山东省"))
        );
        assert_eq!(
            at("蔡甸区", "区发改局"),
            ("武汉市蔡甸区发改局".into(), s("武汉市蔡甸区"))
        );
        assert_eq!(
            at("广州市", "市科技局"),
            ("广州市科技局".into(), s("广州市"))
        );
        assert_eq!(
            at("大竹县", "县住建局"),
            ("达州市大竹县住建局".into(), s("达州市大竹县"))
        );
        assert_eq!(
            at("大竹县", "市生态环境局"),
            ("达州市生态环境局".into(), s("达州市"))
        );
        assert_eq!(
            at("济宁市", "省科技厅"),
            ("山东省科技厅".into(), s("山东省"))
        );
        assert_eq!(
            at("北京市", "市发展改革委"),
            ("北京市发展改革委".into(), s("北京市"))
        );
        // Collectives and names without level word are the document's.
        assert_eq!(
            at("大竹县", "各镇人民政府"),
            ("达州市大竹县各镇人民政府".into(), s("达州市大竹县"))
        );
        assert_eq!(at("广东省", "商务厅"), ("广东省商务厅".into(), s("广东省")));
        assert_eq!(
            at("四川省", "省级有关部门"),
            ("四川省省级有关部门".into(), s("四川省"))
        );
        // 市场监管局 has no level word.
        assert_eq!(
            at("大竹县", "市场监管局"),
            ("达州市大竹县市场监管局".into(), s("达州市大竹县"))
        );
        // Proper names and national bodies keep their names.
        for name in [
            "青岛海关",
            "国网山东省电力公司",
            "人民银行上海总部",
            "嘉鱼经济开发区",
            "国家发展改革委",
        ] {
            assert_eq!(at("安徽省", name), (name.to_string(), None), "{name}");
        }
        // No jurisdiction: the printed name.
        assert_eq!(qualify(None, "省科技厅").name, "省科技厅");
    }

    #[test]
    fn user_rows_merge_by_jurisdiction_and_say_what_they_override() {
        let t = crate::ingest::divisions::divisions();
        let mut tables = AliasTables::builtin();
        let notes = tables
            .add_file(
                "a.tsv",
                "\u{feff}# jurisdiction: 安徽省\r\n省经信厅\t省经济和信息化厅\n\
                 # jurisdiction: 山东省 (comment)\n省科技厅\t省科学技术厅\n\
                 省发改委\t省發展改革委\n省建设厅\t省住房和城乡建设厅\n",
            )
            .expect("the file reads");
        assert_eq!(
            notes,
            ["a.tsv:4: `省科技厅` now means `省科学技术厅`, not `省科技厅`"]
        );
        let anhui = t.lookup("安徽省").ok();
        let hefei = tables.chain(t.lookup("合肥市").ok());
        assert_eq!(hefei.len(), 1);
        assert_eq!(tables.division(hefei[0]), anhui);
        assert_eq!(tables.resolve(&hefei, "省经信厅").name, "省经济和信息化厅");
        // Shandong's rows stay Shandong's, and the user's win there.
        assert!(!tables.resolve(&hefei, "省科技厅").known);
        let shandong = tables.chain(t.lookup("济宁市").ok());
        assert_eq!(shandong, [0]);
        assert!(tables.changed_by_user(&shandong));
        assert_eq!(tables.resolve(&shandong, "省科技厅").name, "省科学技术厅");
        // A canonical name that is another spelling of a known unit means
        // that unit (省發展改革委, 省住房和城乡建设厅 are built-in surfaces).
        assert_eq!(tables.resolve(&shandong, "省发改委").name, "省发展改革委");
        assert_eq!(
            tables.resolve(&shandong, "省建设厅").name,
            "省住房城乡建设厅"
        );
        assert_eq!(tables.targets("省经信厅"), ["安徽省经济和信息化厅"]);
        assert!(tables.chain(t.lookup("广州市").ok()).is_empty());
        assert!(!AliasTables::builtin().changed_by_user(&[0]));
    }

    #[test]
    fn unknown_jurisdictions_suggest_close_names() {
        assert_eq!(close_divisions("安微省"), ["安徽省"]);
        assert_eq!(close_divisions("蔡甸"), ["武汉市蔡甸区"]);
        assert!(close_divisions("火星").is_empty());
        let error = AliasTables::builtin()
            .add_file("x.tsv", "# jurisdiction:\n")
            .unwrap_err();
        assert_eq!((error.file.as_str(), error.line), ("x.tsv", 1));
    }

    #[test]
    fn the_table_is_shandongs() {
        let t = crate::ingest::divisions::divisions();
        assert!(table_applies(t.lookup("山东省").ok()));
        assert!(table_applies(t.lookup("济宁市").ok()));
        assert!(!table_applies(t.lookup("安徽省").ok()));
        assert!(!table_applies(None));
    }
}
