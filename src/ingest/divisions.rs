//! The national table of administrative divisions: every province, city
//! (prefecture level) and county (county level) of China with its code,
//! level and parent, from `divisions.tsv` next to this file (generated from a
//! published package; its header says which).
//!
//! Each division has a *qualified name*, the name a reader anywhere in China
//! would understand without context, used as the local name of its
//! `region:` IRI and to qualify the units of documents issued there:
//! - a province keeps its name (`山东省`);
//! - a city keeps its name (`广州市`), unless another division bears the
//!   same name, then its province comes first;
//! - a county is always qualified by its parent (`武汉市蔡甸区`,
//!   `达州市大竹县`, `北京市东城区`; a county directly under a province:
//!   `湖北省仙桃市`), because county names recur (five 鼓楼区) and a county
//!   alone is rarely recognised; where that is still not unique the
//!   province comes first.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The level of a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// Province, autonomous region or municipality (北京市, 上海市, …).
    Province,
    /// Prefecture-level city, autonomous prefecture, league (盟), 地区.
    City,
    /// County-level: district, county, county-level city, banner.
    County,
}

impl Level {
    /// The value of `pg:regionLevel`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
        }
    }
}

/// One administrative division.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    /// 统计用区划代码: 2 digits for a province, 4 for a city, 6 for a county.
    pub code: String,
    /// The official name, e.g. `蔡甸区`.
    pub name: String,
    pub level: Level,
    /// Index of the parent division in [`Divisions::all`].
    pub parent: Option<usize>,
    /// The nationally unique name, e.g. `武汉市蔡甸区` (see the module doc).
    pub qualified: String,
}

impl Division {
    /// The name without its level suffix (`大竹县` → `大竹`, `广西壮族自治区`
    /// → `广西`), as texts often print it; `None` when that would leave a
    /// single character (`沁县`), which is too short to recognise safely.
    pub fn short_name(&self) -> Option<&str> {
        short_name(&self.name)
    }
}

/// The whole table.
pub struct Divisions {
    all: Vec<Division>,
    by_name: HashMap<String, Vec<usize>>,
    by_qualified: HashMap<String, usize>,
}

static DIVISIONS_TSV: &str = include_str!("divisions.tsv");

static TABLE: LazyLock<Divisions> = LazyLock::new(|| parse(DIVISIONS_TSV));

/// The national table, parsed on first use.
pub fn divisions() -> &'static Divisions {
    &TABLE
}

/// Suffixes that name the level, longest first (`自治州` before `州`).
const SUFFIXES: &[&str] = &[
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "林区",
    "地区",
    "新区",
    "省",
    "市",
    "县",
    "区",
    "州",
    "盟",
    "旗",
];

fn short_name(name: &str) -> Option<&str> {
    // 内蒙古自治区, 西藏自治区: the suffix alone; ethnic autonomous
    // prefectures and counties keep their place name before the people's
    // name only when it is obvious (恩施土家族苗族自治州 → 恩施), so cut at
    // the first character of a nationality (`族`) run too.
    let mut base = name;
    for suffix in SUFFIXES {
        if let Some(stripped) = name.strip_suffix(suffix) {
            base = stripped;
            break;
        }
    }
    if let Some(pos) = base.find("族") {
        // `恩施土家族苗族` → `恩施`: the place name is the first two
        // characters before the first nationality.
        let head: String = base[..pos].chars().take(2).collect();
        let end = head.len();
        base = &base[..end.min(base.len())];
    }
    (base.chars().count() >= 2 && base != name).then_some(base)
}

fn parse(tsv: &str) -> Divisions {
    let mut all: Vec<Division> = Vec::new();
    let mut by_code: HashMap<String, usize> = HashMap::new();
    let mut parents: Vec<String> = Vec::new();
    for line in tsv.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [code, name, level, parent] = cols[..] else {
            continue;
        };
        let level = match level {
            "province" => Level::Province,
            "city" => Level::City,
            _ => Level::County,
        };
        by_code.insert(code.to_string(), all.len());
        parents.push(parent.to_string());
        all.push(Division {
            code: code.to_string(),
            name: name.to_string(),
            level,
            parent: None,
            qualified: String::new(),
        });
    }
    for (division, parent) in all.iter_mut().zip(&parents) {
        division.parent = by_code.get(parent).copied();
    }
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, division) in all.iter().enumerate() {
        by_name.entry(division.name.clone()).or_default().push(i);
    }
    // Qualified names, parents first (the table lists provinces, then
    // cities, then counties).
    for i in 0..all.len() {
        let division = &all[i];
        let province = province_of(&all, i);
        let qualified = match division.level {
            Level::Province => division.name.clone(),
            Level::City if by_name[&division.name].len() == 1 => division.name.clone(),
            Level::City => format!("{}{}", all[province].name, division.name),
            Level::County => {
                let parent = division.parent.map_or(province, |p| p);
                format!("{}{}", all[parent].qualified, division.name)
            }
        };
        all[i].qualified = qualified;
    }
    // A county whose parent and name recur together gets its province too.
    let mut count: HashMap<String, usize> = HashMap::new();
    for division in &all {
        *count.entry(division.qualified.clone()).or_default() += 1;
    }
    for i in 0..all.len() {
        if count[&all[i].qualified] > 1 && all[i].level != Level::Province {
            let province = province_of(&all, i);
            all[i].qualified = format!("{}{}", all[province].name, all[i].qualified);
        }
    }
    let by_qualified = all
        .iter()
        .enumerate()
        .map(|(i, d)| (d.qualified.clone(), i))
        .collect();
    Divisions {
        all,
        by_name,
        by_qualified,
    }
}

fn province_of(all: &[Division], mut i: usize) -> usize {
    while let Some(parent) = all[i].parent {
        i = parent;
    }
    i
}

/// Why a name given by a user does not name one division.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// No division has this name.
    Unknown,
    /// Several divisions have this name: their qualified names.
    Ambiguous(Vec<String>),
}

impl Divisions {
    /// Every division, provinces first, then cities, then counties.
    pub fn all(&self) -> &[Division] {
        &self.all
    }

    pub fn get(&self, index: usize) -> &Division {
        &self.all[index]
    }

    /// The division with this qualified name.
    pub fn by_qualified(&self, qualified: &str) -> Option<usize> {
        self.by_qualified.get(qualified).copied()
    }

    /// The divisions with this official name (`鼓楼区` has several).
    pub fn by_name(&self, name: &str) -> &[usize] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// The division itself, then its parent, then the parent's parent.
    pub fn ancestors(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(index), |&i| self.all[i].parent)
    }

    /// Whether `ancestor` is `index` or one of its ancestors.
    pub fn is_within(&self, index: usize, ancestor: usize) -> bool {
        self.ancestors(index).any(|i| i == ancestor)
    }

    /// The division a user names: its qualified name (`武汉市蔡甸区`), its
    /// name when unique (`蔡甸区`), or its name after any of its ancestors'
    /// (`湖北省武汉市蔡甸区`, `福建省鼓楼区`).
    pub fn lookup(&self, name: &str) -> Result<usize, LookupError> {
        let name = name.trim();
        if let Some(i) = self.by_qualified(name) {
            return Ok(i);
        }
        let mut found: Vec<usize> = Vec::new();
        for (i, division) in self.all.iter().enumerate() {
            let Some(prefix) = name.strip_suffix(division.name.as_str()) else {
                continue;
            };
            // The rest must be ancestors' names, outermost first.
            let mut rest = prefix;
            for ancestor in self.ancestors(i).skip(1) {
                if let Some(shorter) = rest.strip_suffix(self.all[ancestor].name.as_str()) {
                    rest = shorter;
                }
            }
            if rest.is_empty() {
                found.push(i);
            }
        }
        match found.len() {
            0 => Err(LookupError::Unknown),
            1 => Ok(found[0]),
            _ => Err(LookupError::Ambiguous(
                found
                    .iter()
                    .map(|&i| self.all[i].qualified.clone())
                    .collect(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_every_level() {
        let all = divisions().all();
        let count = |level| all.iter().filter(|d| d.level == level).count();
        assert_eq!(count(Level::Province), 31);
        assert!(
            (330..=340).contains(&count(Level::City)),
            "{}",
            count(Level::City)
        );
        assert!(count(Level::County) > 2_800);
        // Every parent is one level up or a province.
        for d in all {
            match d.level {
                Level::Province => assert!(d.parent.is_none()),
                _ => assert!(d.parent.is_some_and(|p| all[p].level < d.level), "{d:?}"),
            }
        }
    }

    #[test]
    fn qualified_names_are_unique_and_readable() {
        let t = divisions();
        let q = |name: &str| {
            t.lookup(name)
                .map(|i| t.get(i).qualified.clone())
                .unwrap_or_else(|e| format!("{e:?}"))
        };
        assert_eq!(q("山东省"), "山东省");
        assert_eq!(q("广州市"), "广州市");
        assert_eq!(q("蔡甸区"), "武汉市蔡甸区");
        assert_eq!(q("大竹县"), "达州市大竹县");
        assert_eq!(q("东城区"), "北京市东城区");
        assert_eq!(q("湖北省武汉市蔡甸区"), "武汉市蔡甸区");
        assert_eq!(q("福州市鼓楼区"), "福州市鼓楼区");
        assert!(q("鼓楼区").starts_with("Ambiguous"));
        assert_eq!(q("火星市"), "Unknown");
        let mut seen = std::collections::HashSet::new();
        assert!(t.all().iter().all(|d| seen.insert(d.qualified.clone())));
    }

    #[test]
    fn short_names_drop_the_level_word() {
        assert_eq!(short_name("大竹县"), Some("大竹"));
        assert_eq!(short_name("广西壮族自治区"), Some("广西"));
        assert_eq!(short_name("内蒙古自治区"), Some("内蒙古"));
        assert_eq!(short_name("恩施土家族苗族自治州"), Some("恩施"));
        assert_eq!(short_name("沁县"), None);
        assert_eq!(short_name("山东省"), Some("山东"));
    }
}
