//! The place gazetteer: Shandong's 16 prefecture-level cities, a few
//! county-level places, the named areas the plans use (黄河流域, 沿黄9省（区）,
//! 胶东经济圈, 济青, …) and regions outside the province (京津冀, 长三角, 日韩).
//!
//! Matching is longest-first over every surface form (`鲁西南` before `鲁西`,
//! `济青烟` before `济青`, `济南市` before `济南`), on normalised text whose
//! attributions were already removed by the caller. A city name that is part
//! of a unit or company name is not a mention of the city (H12): `济南海关`,
//! `人民银行济南分行`, `中国铁路济南局集团`, `华能泰安`, `青岛证监局`,
//! `青岛市税务局`, `青岛国际机场集团` are rejected by the prefix and suffix
//! lists below. A surface that prints a city inside a longer area name
//! (`青岛西海岸新区`, `济南新旧动能转换起步区`) names both the area and the city,
//! and so does an abbreviation built from city names (`济青` → 济南, 青岛).
//! Initiatives and organisations (RCEP, 上合, 一带一路) are not regions.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use regex::Regex;

/// How big a region is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RegionLevel {
    /// One of the 16 prefecture-level cities (设区的市).
    City,
    /// A county-level place or new district inside one city (莱芜, 长岛).
    County,
    /// A named area inside or across Shandong (胶东经济圈, 黄河流域, 济青).
    Area,
    /// Province-level regions or countries outside Shandong (京津冀, 日韩).
    Outside,
}

impl RegionLevel {
    /// The name used in the graph (`pg:regionLevel`).
    pub fn as_str(self) -> &'static str {
        match self {
            RegionLevel::City => "city",
            RegionLevel::County => "county",
            RegionLevel::Area => "area",
            RegionLevel::Outside => "outside",
        }
    }
}

/// One region of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionInfo {
    /// Canonical name (IRI local name and `skos:prefLabel`), e.g. `青岛`.
    pub name: &'static str,
    pub level: RegionLevel,
    pub english: &'static str,
    /// The cities of an area, where membership is fixed (胶东经济圈 → 5).
    pub contains: &'static [&'static str],
    /// The city a county-level place lies in.
    pub part_of: Option<&'static str>,
    /// Every surface form matched in text (simplified, no spaces).
    pub surfaces: &'static [&'static str],
}

const fn city(
    name: &'static str,
    english: &'static str,
    surfaces: &'static [&'static str],
) -> RegionInfo {
    RegionInfo {
        name,
        level: RegionLevel::City,
        english,
        contains: &[],
        part_of: None,
        surfaces,
    }
}

const fn area(
    name: &'static str,
    level: RegionLevel,
    english: &'static str,
    contains: &'static [&'static str],
    surfaces: &'static [&'static str],
) -> RegionInfo {
    RegionInfo {
        name,
        level,
        english,
        contains,
        part_of: None,
        surfaces,
    }
}

const fn county(
    name: &'static str,
    english: &'static str,
    part_of: &'static str,
    surfaces: &'static [&'static str],
) -> RegionInfo {
    RegionInfo {
        name,
        level: RegionLevel::County,
        english,
        contains: &[],
        part_of: Some(part_of),
        surfaces,
    }
}

use RegionLevel::{Area, Outside};

static REGIONS: &[RegionInfo] = &[
    city("济南", "Jinan", &["济南", "济南市"]),
    city("青岛", "Qingdao", &["青岛", "青岛市"]),
    city("淄博", "Zibo", &["淄博", "淄博市"]),
    city("枣庄", "Zaozhuang", &["枣庄", "枣庄市"]),
    city("东营", "Dongying", &["东营", "东营市"]),
    city("烟台", "Yantai", &["烟台", "烟台市"]),
    city("潍坊", "Weifang", &["潍坊", "潍坊市"]),
    city("济宁", "Jining", &["济宁", "济宁市"]),
    city("泰安", "Tai'an", &["泰安", "泰安市"]),
    city("威海", "Weihai", &["威海", "威海市"]),
    city("日照", "Rizhao", &["日照", "日照市"]),
    city("临沂", "Linyi", &["临沂", "临沂市"]),
    city("德州", "Dezhou", &["德州", "德州市"]),
    city("聊城", "Liaocheng", &["聊城", "聊城市"]),
    city("滨州", "Binzhou", &["滨州", "滨州市"]),
    city("菏泽", "Heze", &["菏泽", "菏泽市"]),
    // Laiwu was a prefecture-level city until 2019; now two districts of Jinan.
    county("莱芜", "Laiwu", "济南", &["莱芜", "莱芜区"]),
    county("长岛", "Changdao", "烟台", &["长岛"]),
    county(
        "青岛西海岸新区",
        "Qingdao West Coast New Area",
        "青岛",
        &["青岛西海岸新区", "西海岸新区"],
    ),
    county(
        "济南新旧动能转换起步区",
        "Jinan Starting Area for Replacing Old Growth Drivers",
        "济南",
        &["济南新旧动能转换起步区", "新旧动能转换起步区", "济南起步区"],
    ),
    area("黄河流域", Area, "Yellow River basin", &[], &["黄河流域"]),
    area(
        "沿黄9省（区）",
        Outside,
        "the nine provinces and regions along the Yellow River",
        &[],
        &[
            "沿黄9省（区）",
            "沿黄9省(区)",
            "沿黄九省（区）",
            "沿黄九省(区)",
            "沿黄9省区",
            "沿黄九省区",
            "沿黄省（区）",
            "沿黄省(区)",
            "沿黄各省（区）",
            "沿黄各省(区)",
            "沿黄省区",
            "黄河生态经济带9省（区）",
            "黄河生态经济带9省(区)",
        ],
    ),
    area(
        "沿黄9市",
        Area,
        "the nine Shandong cities along the Yellow River",
        &[
            "济南", "淄博", "东营", "济宁", "泰安", "德州", "聊城", "滨州", "菏泽",
        ],
        &["沿黄9市", "沿黄九市"],
    ),
    area(
        "沿黄地区",
        Area,
        "areas along the Yellow River",
        &[],
        &["沿黄地区"],
    ),
    area(
        "黄河三角洲",
        Area,
        "Yellow River Delta",
        &[],
        &["黄河三角洲", "黄三角"],
    ),
    area("黄河口", Area, "Yellow River estuary", &[], &["黄河口"]),
    area(
        "黄河下游",
        Area,
        "lower reaches of the Yellow River",
        &[],
        &["黄河下游"],
    ),
    area("山东半岛", Area, "Shandong Peninsula", &[], &["山东半岛"]),
    area("胶东半岛", Area, "Jiaodong Peninsula", &[], &["胶东半岛"]),
    area(
        "胶东经济圈",
        Area,
        "Jiaodong economic circle",
        &["青岛", "烟台", "潍坊", "威海", "日照"],
        &["胶东经济圈"],
    ),
    area(
        "省会经济圈",
        Area,
        "provincial-capital economic circle",
        &["济南", "淄博", "泰安", "聊城", "德州", "滨州", "东营"],
        &["省会经济圈"],
    ),
    area(
        "鲁南经济圈",
        Area,
        "southern Shandong economic circle",
        &["临沂", "枣庄", "济宁", "菏泽"],
        &["鲁南经济圈"],
    ),
    area("济青", Area, "Jinan–Qingdao", &["济南", "青岛"], &["济青"]),
    area(
        "济青烟",
        Area,
        "Jinan–Qingdao–Yantai",
        &["济南", "青岛", "烟台"],
        &["济青烟"],
    ),
    area("鲁北", Area, "northern Shandong", &[], &["鲁北"]),
    area("鲁南", Area, "southern Shandong", &[], &["鲁南"]),
    area("鲁西南", Area, "southwestern Shandong", &[], &["鲁西南"]),
    area("鲁西", Area, "western Shandong", &[], &["鲁西"]),
    area("鲁中南", Area, "south-central Shandong", &[], &["鲁中南"]),
    area("南四湖", Area, "Nansi Lake", &[], &["南四湖"]),
    area("东平湖", Area, "Dongping Lake", &[], &["东平湖"]),
    area(
        "沂蒙",
        Area,
        "Yimeng",
        &[],
        &["沂蒙", "沂蒙山区", "沂蒙革命老区"],
    ),
    area("京津冀", Outside, "Beijing–Tianjin–Hebei", &[], &["京津冀"]),
    area(
        "长三角",
        Outside,
        "Yangtze River Delta",
        &[],
        &["长三角", "长江三角洲"],
    ),
    area(
        "粤港澳大湾区",
        Outside,
        "Guangdong–Hong Kong–Macao Greater Bay Area",
        &[],
        &["粤港澳大湾区", "粤港澳"],
    ),
    area("日韩", Outside, "Japan and South Korea", &[], &["日韩"]),
];

/// Areas whose names are abbreviations made of their cities' names (济南,
/// 青岛, 烟台 → 济青烟): a mention also names each of those cities, so
/// `济青高铁` counts for 济南 and 青岛. Other areas (胶东经济圈) name only the
/// area; their cities stay reachable through [`RegionInfo::contains`].
const ABBREVIATED: &[&str] = &["济青", "济青烟"];

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
];

static BY_SURFACE: LazyLock<HashMap<&'static str, &'static RegionInfo>> = LazyLock::new(|| {
    REGIONS
        .iter()
        .flat_map(|r| r.surfaces.iter().map(move |s| (*s, r)))
        .collect()
});

static MATCHER: LazyLock<Regex> = LazyLock::new(|| {
    let mut surfaces: Vec<&str> = BY_SURFACE.keys().copied().collect();
    surfaces.sort_by_key(|s| (std::cmp::Reverse(s.chars().count()), *s));
    let pattern = surfaces
        .iter()
        .map(|s| regex::escape(s))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&pattern).expect("static region gazetteer regex")
});

/// Every region of the gazetteer: the 16 cities first, then county-level
/// places, areas and regions outside Shandong.
pub fn regions() -> &'static [RegionInfo] {
    REGIONS
}

/// The region called `name` (canonical name or any surface form).
pub fn region_info(name: &str) -> Option<&'static RegionInfo> {
    REGIONS
        .iter()
        .find(|r| r.name == name)
        .or_else(|| BY_SURFACE.get(name).copied())
}

/// Canonical names of the regions named in normalised, attribution-free text.
pub fn find(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for m in MATCHER.find_iter(text) {
        let Some(info) = BY_SURFACE.get(m.as_str()) else {
            continue;
        };
        let before = &text[..m.start()];
        let after = &text[m.end()..];
        if BLOCK_PREFIXES.iter().any(|p| before.ends_with(p))
            || BLOCK_SUFFIXES.iter().any(|s| after.starts_with(s))
        {
            continue;
        }
        // 鲁西化工, 鲁北化工 are companies.
        if info.level != RegionLevel::City && after.starts_with("化工") {
            continue;
        }
        // `经济南部`, `经济青年`: 济 belongs to 经济, not to a place.
        if m.as_str().starts_with('济') && (before.ends_with('经') || before.ends_with('救')) {
            continue;
        }
        out.insert(info.name.to_string());
        if ABBREVIATED.contains(&info.name) {
            out.extend(info.contains.iter().map(|c| c.to_string()));
        }
        // `省会、胶东、鲁南经济圈` names three circles with one suffix.
        if info.name == "鲁南经济圈" && before.ends_with("省会、胶东、") {
            out.insert("省会经济圈".to_string());
            out.insert("胶东经济圈".to_string());
        }
        for city in REGIONS.iter().filter(|r| r.level == RegionLevel::City) {
            if info.level != RegionLevel::City && m.as_str().contains(city.name) {
                out.insert(city.name.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        find(&super::super::normalize(text)).into_iter().collect()
    }

    #[test]
    fn sixteen_cities_with_english_names() {
        let cities: Vec<_> = regions()
            .iter()
            .filter(|r| r.level == RegionLevel::City)
            .collect();
        assert_eq!(cities.len(), 16);
        assert_eq!(region_info("青岛市").map(|r| r.name), Some("青岛"));
        assert_eq!(region_info("泰安").map(|r| r.english), Some("Tai'an"));
    }

    #[test]
    fn cities_with_and_without_shi() {
        assert_eq!(names("济南、青岛、烟台"), ["济南", "烟台", "青岛"]);
        assert_eq!(names("支持济南市、烟台市开展"), ["济南", "烟台"]);
        // Dash variants name both cities.
        assert_eq!(names("济南—青岛人工智能"), ["济南", "青岛"]);
        assert_eq!(names("济南-青岛"), ["济南", "青岛"]);
    }

    #[test]
    fn unit_and_company_names_are_not_cities() {
        assert!(names("济南海关、青岛海关").is_empty());
        assert!(names("人民银行济南分行").is_empty());
        assert!(names("中国铁路济南局集团有限公司").is_empty());
        assert!(names("华能泰安").is_empty());
        // 000 l.2399: power plants named after their operator and city.
        assert!(names("华能烟台、华能泰安、大唐青岛").is_empty());
        assert!(names("青岛证监局、青岛市税务局").is_empty());
        assert!(names("青岛国际机场集团").is_empty());
        assert!(names("发展数字经济南北联动").is_empty());
        assert_eq!(names("青岛港董家口港区"), ["青岛"]);
    }

    #[test]
    fn areas_longest_first() {
        assert_eq!(names("鲁西南地区"), ["鲁西南"]);
        assert_eq!(names("济青烟国际招商"), ["济南", "济青烟", "烟台", "青岛"]);
        assert_eq!(names("济青高铁"), ["济南", "济青", "青岛"]);
        assert_eq!(names("沿黄 9 省（区）"), ["沿黄9省（区）"]);
        assert_eq!(names("沿黄省(区)重点产业"), ["沿黄9省（区）"]);
        assert_eq!(names("沿黄九市产粮大县"), ["沿黄9市"]);
        assert_eq!(names("黄河流域生态保护"), ["黄河流域"]);
        assert_eq!(names("临沂蒙阴"), ["临沂"]);
        assert_eq!(names("推动青岛西海岸新区在经"), ["青岛", "青岛西海岸新区"]);
        assert_eq!(
            names("推进省会、胶东、鲁南经济圈内城际铁路"),
            ["省会经济圈", "胶东经济圈", "鲁南经济圈"]
        );
        assert_eq!(region_info("胶东经济圈").map(|r| r.contains.len()), Some(5));
        assert_eq!(region_info("沿黄9市").map(|r| r.contains.len()), Some(9));
    }
}
