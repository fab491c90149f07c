//! The place gazetteer: which regions a task's text names.
//!
//! A region is either an administrative division of the national table
//! (`divisions.tsv`, named by its qualified name: `青岛市`, `武汉市蔡甸区`)
//! or a named area from `regions.tsv` next to this file (胶东经济圈, 黄河流域,
//! 济青, 京津冀). Which names are looked for depends on the document's
//! jurisdiction, because short names are only safe where a reader expects
//! them:
//! - everywhere: every province's full name, and its short name (`江苏`)
//!   unless it is the document's own province (a Shandong plan prints 山东
//!   mostly inside company names: 山东能源集团, 山东高速); every
//!   prefecture-level city's full name; the rows of `regions.tsv` keyed to
//!   全国 (municipalities and large cities by their short names, 京津冀, …);
//! - in a document of a province, or of a city or county inside it: that
//!   province's counties by full name, its cities by short name (青岛), and
//!   the rows of `regions.tsv` keyed to it or to a division around the
//!   document (胶东经济圈, 鲁西南, 莱芜 for 济南市莱芜区);
//! - a document of unknown jurisdiction gets the national names only.
//!
//! Matching is longest-first over every surface form (`鲁西南` before `鲁西`,
//! `济青烟` before `济青`, `济南市` before `济南`), on normalised text whose
//! attributions were already removed by the caller. A place name that is
//! part of a unit or company name is not a mention of the place:
//! `济南海关`, `人民银行济南分行`, `中国铁路济南局集团`, `华能泰安`, `青岛证监局`,
//! `青岛市税务局`, `青岛国际机场集团` are rejected by the prefix and suffix
//! lists below. A surface that prints a city inside a longer area name
//! (`青岛西海岸新区`) names both the area and the city, and so does an
//! abbreviation built from city names (`济青` → 济南市, 青岛市).
//! Initiatives and organisations (RCEP, 上合, 一带一路) are not regions.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, LazyLock, Mutex};

use aho_corasick::{AhoCorasick, MatchKind};

use crate::ingest::divisions::{divisions, Level};

/// What a named area is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AreaKind {
    /// An area inside or across divisions (胶东经济圈, 黄河流域, 济青).
    Area,
    /// An area inside one county or city that is not itself a division
    /// (青岛西海岸新区): it is part of the division it lies in.
    CountyArea,
    /// A place outside China (日韩).
    Outside,
}

/// A named area of `regions.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// Its name: the local name of its `region:` IRI and its label.
    pub name: String,
    pub kind: AreaKind,
    pub english: String,
    /// The divisions (qualified names) it is made of, where fixed.
    pub contains: Vec<String>,
    /// The division (qualified name) a county-level area lies in.
    pub part_of: Option<String>,
    /// Every form printed in text.
    pub surfaces: Vec<String>,
    /// A mention also names each division of `contains` (济青 → 济南, 青岛).
    pub names_its_divisions: bool,
    /// The division whose documents (and those inside it) use this row;
    /// `None` for every document.
    pub scope: Option<usize>,
}

/// What `regions.tsv` adds to a division: an English name and the forms a
/// text prints it in without its level word.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DivisionRow {
    division: usize,
    english: String,
    surfaces: Vec<String>,
    scope: Option<usize>,
}

/// The parsed `regions.tsv`.
struct Knowledge {
    areas: Vec<Area>,
    divisions: Vec<DivisionRow>,
}

static REGIONS_TSV: &str = include_str!("regions.tsv");

static KNOWLEDGE: LazyLock<Knowledge> =
    LazyLock::new(|| parse_knowledge(REGIONS_TSV).unwrap_or_else(|e| panic!("regions.tsv: {e}")));

/// The jurisdiction key that means every document.
const NATIONAL: &str = "全国";

/// Names too generic to be read as a place in running text.
const GENERIC: &[&str] = &[
    "城区",
    "郊区",
    "矿区",
    "东区",
    "西区",
    "新区",
    "市中区",
    "市南区",
    "市北区",
];

fn parse_knowledge(tsv: &str) -> Result<Knowledge, String> {
    let table = divisions();
    let mut scope: Option<Option<usize>> = None;
    let mut areas = Vec::new();
    let mut rows = Vec::new();
    let list = |s: &str| -> Vec<String> {
        if s == "-" || s.is_empty() {
            Vec::new()
        } else {
            s.split(',').map(str::to_owned).collect()
        }
    };
    for (n, line) in tsv.lines().enumerate() {
        let line_no = n + 1;
        if let Some(key) = line.strip_prefix("# jurisdiction:") {
            let key = key.trim();
            scope = Some(if key == NATIONAL {
                None
            } else {
                Some(
                    table
                        .lookup(key)
                        .map_err(|_| format!("line {line_no}: no division is called {key}"))?,
                )
            });
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some(scope) = scope else {
            return Err(format!(
                "line {line_no}: a row before any `# jurisdiction:` line"
            ));
        };
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 6 {
            return Err(format!(
                "line {line_no}: {} columns, expected 6 or 7",
                cols.len()
            ));
        }
        let check = |name: &str| -> Result<usize, String> {
            table
                .by_qualified(name)
                .ok_or_else(|| format!("line {line_no}: {name} is not a division's qualified name"))
        };
        let kind = match cols[1] {
            "division" => {
                rows.push(DivisionRow {
                    division: check(cols[0])?,
                    english: cols[2].to_owned(),
                    surfaces: list(cols[5]),
                    scope,
                });
                continue;
            }
            "area" => AreaKind::Area,
            "county-area" => AreaKind::CountyArea,
            "outside" => AreaKind::Outside,
            other => return Err(format!("line {line_no}: unknown kind {other}")),
        };
        let contains = list(cols[3]);
        for name in &contains {
            check(name)?;
        }
        let part_of = list(cols[4]).into_iter().next();
        if let Some(name) = &part_of {
            check(name)?;
        }
        areas.push(Area {
            name: cols[0].to_owned(),
            kind,
            english: cols[2].to_owned(),
            contains,
            part_of,
            surfaces: list(cols[5]),
            names_its_divisions: cols.get(6) == Some(&"cities"),
            scope,
        });
    }
    Ok(Knowledge {
        areas,
        divisions: rows,
    })
}

/// A region the gazetteer can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Division(usize),
    Area(usize),
}

impl Target {
    fn id(self) -> String {
        match self {
            Target::Division(i) => divisions().get(i).qualified.clone(),
            Target::Area(i) => KNOWLEDGE.areas[i].name.clone(),
        }
    }
}

/// The names looked for in documents of one jurisdiction.
pub struct Gazetteer {
    matcher: AhoCorasick,
    /// Per pattern: what it names, and the divisions a longer surface
    /// holds inside it (青岛西海岸新区 → 青岛市).
    targets: Vec<(Target, Vec<usize>)>,
    by_surface: HashMap<String, usize>,
}

/// Whether a row keyed to `scope` applies to a document of `jurisdiction`.
fn applies(scope: Option<usize>, jurisdiction: Option<usize>) -> bool {
    match (scope, jurisdiction) {
        (None, _) => true,
        (Some(s), Some(j)) => divisions().is_within(j, s),
        (Some(_), None) => false,
    }
}

impl Gazetteer {
    fn new(jurisdiction: Option<usize>) -> Gazetteer {
        let table = divisions();
        let own_province = jurisdiction.and_then(|j| table.ancestors(j).last());
        let mut surfaces: Vec<(String, Target)> = Vec::new();
        let knowledge = &*KNOWLEDGE;
        for (i, area) in knowledge.areas.iter().enumerate() {
            if applies(area.scope, jurisdiction) {
                for s in &area.surfaces {
                    surfaces.push((s.clone(), Target::Area(i)));
                }
            }
        }
        for row in &knowledge.divisions {
            if applies(row.scope, jurisdiction) {
                for s in &row.surfaces {
                    surfaces.push((s.clone(), Target::Division(row.division)));
                }
            }
        }
        for (i, d) in table.all().iter().enumerate() {
            if GENERIC.contains(&d.name.as_str()) || Some(i) == own_province {
                continue;
            }
            let in_own = own_province.is_some_and(|p| table.is_within(i, p));
            match d.level {
                Level::Province => {
                    surfaces.push((d.name.clone(), Target::Division(i)));
                    // 河南, 湖北, 山西, 海南 are also a river's, a lake's
                    // or a mountain's side (`泉河南支`, `湖北岸`): only the
                    // full name of those.
                    if let Some(short) = d
                        .short_name()
                        .filter(|s| !s.ends_with(['东', '西', '南', '北']))
                    {
                        surfaces.push((short.to_owned(), Target::Division(i)));
                    }
                }
                Level::City => {
                    surfaces.push((d.name.clone(), Target::Division(i)));
                    if in_own {
                        if let Some(short) = d.short_name() {
                            surfaces.push((short.to_owned(), Target::Division(i)));
                        }
                    }
                }
                // 莒县, 单县: two characters are too often part of a word.
                Level::County if in_own && d.name.chars().count() > 2 => {
                    surfaces.push((d.name.clone(), Target::Division(i)));
                }
                Level::County => {}
            }
        }
        // The first target given for a surface wins: the file's rows before
        // the table's names.
        let mut by_surface: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<(Target, Vec<usize>)> = Vec::new();
        for (surface, target) in surfaces {
            if surface.chars().count() < 2 || by_surface.contains_key(&surface) {
                continue;
            }
            by_surface.insert(surface.clone(), patterns.len());
            patterns.push(surface);
            targets.push((target, Vec::new()));
        }
        // An area's surface that prints a city's name inside it names the
        // city too (青岛西海岸新区, 济南起步区).
        let cities: Vec<(usize, &str)> = patterns
            .iter()
            .zip(&targets)
            .filter_map(|(p, (t, _))| match t {
                Target::Division(d) if table.get(*d).level == Level::City => Some((*d, p.as_str())),
                _ => None,
            })
            .collect();
        for (pattern, (target, inside)) in patterns.iter().zip(targets.iter_mut()) {
            if let Target::Area(_) = target {
                for &(city, name) in &cities {
                    if pattern.contains(name) && !inside.contains(&city) {
                        inside.push(city);
                    }
                }
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("gazetteer surfaces");
        Gazetteer {
            matcher,
            targets,
            by_surface,
        }
    }
}

/// The gazetteer for documents of `jurisdiction` (a division index), built
/// once per jurisdiction.
pub fn gazetteer(jurisdiction: Option<usize>) -> Arc<Gazetteer> {
    static CACHE: LazyLock<Mutex<HashMap<Option<usize>, Arc<Gazetteer>>>> =
        LazyLock::new(Default::default);
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(jurisdiction)
        .or_insert_with(|| Arc::new(Gazetteer::new(jurisdiction)))
        .clone()
}

/// Text right before a match that makes it part of a body's name.
const BLOCK_PREFIXES: &[&str] = &["华能", "华电", "大唐", "人民银行", "中国铁路", "国家电网"];

/// Text right after a match that makes it part of a unit or company name.
const BLOCK_SUFFIXES: &[&str] = &[
    "海关",
    "分行",
    "支行",
    "证监局",
    "监管局",
    "银保监",
    "税务局",
    "财政局",
    "局集团",
    "铁路局",
    "国际机场集团",
    "银行",
    "港（集团）",
    "港(集团)",
    "港集团",
    "大学",
    "二机床",
    "啤酒",
    "市政府",
    "市人民政府",
    "政府",
    "人民政府",
    "合作组织",
    "电气",
];

/// Words that a name's first character completes with the character before
/// it (`以上海洋` is 以上 + 海洋, `入海口` is not 海口, `经济南部` is not 济南).
const WORDS_ACROSS: &[&str] = &["以上", "之上", "入海", "出海", "经济", "救济"];

/// The regions (IRI local names: qualified division names and area names)
/// that normalised, attribution-free `text` of a document of
/// `jurisdiction` names.
pub fn find(text: &str, jurisdiction: Option<usize>) -> BTreeSet<String> {
    find_with(&gazetteer(jurisdiction), text)
}

/// [`find`] with a gazetteer already at hand.
pub fn find_with(gazetteer: &Gazetteer, text: &str) -> BTreeSet<String> {
    let table = divisions();
    let mut out = BTreeSet::new();
    for m in gazetteer.matcher.find_iter(text) {
        let (target, inside) = &gazetteer.targets[m.pattern().as_usize()];
        let surface = &text[m.start()..m.end()];
        let before = &text[..m.start()];
        let after = &text[m.end()..];
        if BLOCK_PREFIXES.iter().any(|p| before.ends_with(p))
            || BLOCK_SUFFIXES.iter().any(|s| after.starts_with(s))
        {
            continue;
        }
        let is_city = matches!(target, Target::Division(d) if table.get(*d).level == Level::City);
        // 鲁西化工, 鲁北化工 are companies.
        if !is_city && after.starts_with("化工") {
            continue;
        }
        if let (Some(last), Some(first)) = (before.chars().next_back(), surface.chars().next()) {
            let pair: String = [last, first].into_iter().collect();
            if WORDS_ACROSS.contains(&pair.as_str()) {
                continue;
            }
        }
        out.insert(target.id());
        out.extend(inside.iter().map(|&d| table.get(d).qualified.clone()));
        if let Target::Area(a) = target {
            let area = &KNOWLEDGE.areas[*a];
            if area.names_its_divisions {
                out.extend(area.contains.iter().cloned());
            }
            // `省会、胶东、鲁南经济圈`: one suffix shared by an enumeration.
            out.extend(shared_suffix_names(gazetteer, before, surface));
        }
    }
    out
}

/// The areas an enumeration before `surface` names with its suffix:
/// `省会、胶东、` before `鲁南经济圈` → 省会经济圈, 胶东经济圈.
fn shared_suffix_names(gazetteer: &Gazetteer, before: &str, surface: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (cut, _) in surface.char_indices().skip(1) {
        let suffix = &surface[cut..];
        if suffix.chars().count() < 2 {
            break;
        }
        let mut rest = before;
        while let Some(head) = rest.strip_suffix('、') {
            let start = head
                .char_indices()
                .rev()
                .take_while(|(_, c)| !matches!(c, '、' | '，' | '。' | '；' | '和' | '及'))
                .last()
                .map_or(head.len(), |(i, _)| i);
            // The enumeration's first name may follow a verb (`健全省会、`):
            // the longest tail of the word that is a name with the suffix.
            let word = &head[start..];
            let found = word.char_indices().find_map(|(i, _)| {
                let p = gazetteer
                    .by_surface
                    .get(&format!("{}{suffix}", &word[i..]))?;
                Some((i, *p))
            });
            let Some((cut_at, p)) = found else {
                break;
            };
            out.push(gazetteer.targets[p].0.id());
            if cut_at > 0 {
                break;
            }
            rest = &head[..start];
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

/// What the graph says of a region node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionInfo {
    /// `skos:prefLabel`: a division's official name (`青岛市`), an area's name.
    pub label: String,
    /// `pg:regionLevel`: province, city, county, area or outside.
    pub level: &'static str,
    /// `rdfs:label`, where known.
    pub english: Option<String>,
    /// `pg:containsRegion`: the divisions an area is made of, and the
    /// county-level areas a division holds are written from their side.
    pub contains: Vec<String>,
    /// The region this one is part of: a division's parent (`pg:partOf`),
    /// a county-level area's division (`pg:containsRegion` from the parent).
    pub part_of: Option<String>,
    /// `pg:divisionCode` of a division.
    pub code: Option<String>,
}

/// The region with this IRI local name (a division's qualified name or an
/// area's name).
pub fn region_info(id: &str) -> Option<RegionInfo> {
    let table = divisions();
    if let Some(i) = table.by_qualified(id) {
        let d = table.get(i);
        return Some(RegionInfo {
            label: d.name.clone(),
            level: d.level.as_str(),
            english: KNOWLEDGE
                .divisions
                .iter()
                .find(|r| r.division == i)
                .map(|r| r.english.clone()),
            contains: Vec::new(),
            part_of: d.parent.map(|p| table.get(p).qualified.clone()),
            code: Some(d.code.clone()),
        });
    }
    let area = KNOWLEDGE.areas.iter().find(|a| a.name == id)?;
    Some(RegionInfo {
        label: area.name.clone(),
        level: match area.kind {
            AreaKind::Outside => "outside",
            AreaKind::Area | AreaKind::CountyArea => "area",
        },
        english: Some(area.english.clone()),
        contains: area.contains.clone(),
        part_of: area.part_of.clone(),
        code: None,
    })
}

/// Every named area of `regions.tsv`.
pub fn areas() -> &'static [Area] {
    &KNOWLEDGE.areas
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_doc(jurisdiction: &str, text: &str) -> Vec<String> {
        let j = divisions().lookup(jurisdiction).ok();
        find(&super::super::normalize(text), j)
            .into_iter()
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        in_doc("山东省", text)
    }

    #[test]
    fn the_data_file_parses_and_bad_rows_say_where() {
        assert!(areas()
            .iter()
            .any(|a| a.name == "胶东经济圈" && a.contains.len() == 5));
        let err = parse_knowledge("济南\tarea\tx\t-\t-\t济南\n")
            .err()
            .unwrap();
        assert!(err.contains("line 1"), "{err}");
        let err = parse_knowledge("# jurisdiction: 全国\nx\tarea\tX\t不存在市\t-\tx\n")
            .err()
            .unwrap();
        assert!(err.contains("line 2") && err.contains("不存在市"), "{err}");
    }

    #[test]
    fn cities_with_and_without_shi() {
        assert_eq!(names("济南、青岛、烟台"), ["济南市", "烟台市", "青岛市"]);
        assert_eq!(names("支持济南市、烟台市开展"), ["济南市", "烟台市"]);
        assert_eq!(names("济南—青岛人工智能"), ["济南市", "青岛市"]);
        assert_eq!(
            region_info("青岛市").map(|r| r.english),
            Some(Some("Qingdao".into()))
        );
        assert_eq!(
            region_info("青岛市").map(|r| r.label),
            Some("青岛市".into())
        );
    }

    #[test]
    fn unit_and_company_names_are_not_places() {
        assert!(names("济南海关、青岛海关").is_empty());
        assert!(names("人民银行济南分行").is_empty());
        assert!(names("中国铁路济南局集团有限公司").is_empty());
        assert!(names("华能烟台、华能泰安、大唐青岛").is_empty());
        assert!(names("青岛证监局、青岛市税务局").is_empty());
        assert!(names("青岛国际机场集团").is_empty());
        assert!(names("发展数字经济南北联动").is_empty());
        assert!(names("取得5个以上海洋新药").is_empty());
        assert!(names("发挥黄河流域出海口作用")
            .iter()
            .all(|r| r == "黄河流域"));
        assert!(names("中国—上海合作组织地方经贸合作示范区").is_empty());
        assert_eq!(names("青岛港董家口港区"), ["青岛市"]);
    }

    #[test]
    fn areas_longest_first_and_shared_suffixes() {
        assert_eq!(names("鲁西南地区"), ["鲁西南"]);
        assert_eq!(
            names("济青烟国际招商"),
            ["济南市", "济青烟", "烟台市", "青岛市"]
        );
        assert_eq!(names("沿黄 9 省（区）"), ["沿黄9省（区）"]);
        assert_eq!(names("沿黄九市产粮大县"), ["沿黄9市"]);
        assert_eq!(names("临沂蒙阴"), ["临沂市"]);
        assert_eq!(
            names("推动青岛西海岸新区在经"),
            ["青岛市", "青岛西海岸新区"]
        );
        assert_eq!(
            names("健全省会、胶东、鲁南经济圈智慧城市"),
            ["省会经济圈", "胶东经济圈", "鲁南经济圈"]
        );
        assert_eq!(names("建成济南至莱芜铁路"), ["济南市", "济南市莱芜区"]);
    }

    #[test]
    fn counties_by_full_name_in_their_province_only() {
        assert_eq!(
            names("完成寿光市、临沂市兰山区水系连通"),
            ["临沂市", "临沂市兰山区", "潍坊市寿光市"]
        );
        // A Shandong county's name means nothing special in a Hubei plan.
        assert!(in_doc("武汉市蔡甸区", "完成寿光市水系连通").is_empty());
        // A Hubei plan: its own cities by short name and counties by full name.
        assert_eq!(
            in_doc("武汉市蔡甸区", "对接宜昌、襄阳，推进嘉鱼县、咸安区合作"),
            ["咸宁市咸安区", "咸宁市嘉鱼县", "宜昌市", "襄阳市"]
        );
        // Cities elsewhere only by full name; capitals also by short name.
        assert_eq!(
            in_doc("山东省", "学习襄阳经验，对标深圳、襄阳市"),
            ["深圳市", "襄阳市"]
        );
    }

    #[test]
    fn provinces_and_national_areas_anywhere_but_own_province_by_full_name() {
        assert_eq!(
            in_doc("安徽省", "融入长三角，对接江苏、浙江省"),
            ["江苏省", "浙江省", "长三角"]
        );
        // The document's own province is never a mention of itself.
        assert!(in_doc("安徽省", "推动安徽、安徽省高质量发展").is_empty());
        // 河南 is also a river's south bank.
        assert!(in_doc("安徽省", "完成泉河南支治理").is_empty());
        // Without a jurisdiction, national names only.
        assert_eq!(
            in_doc("", "青岛、胶东经济圈、长三角、广州市"),
            ["广州市", "长三角"]
        );
        // Shandong's areas belong to Shandong's documents (and its cities').
        assert_eq!(in_doc("青岛市", "胶东经济圈"), ["胶东经济圈"]);
        assert!(in_doc("安徽省", "胶东经济圈").is_empty());
    }
}
