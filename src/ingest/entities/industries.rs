//! The 2022 “十强产业” as a concept scheme, the plan → industry mapping and
//! the keyword rule that links tasks of other plans to an industry.
//!
//! The scheme has the 11 plans of 2022 (000 l.1197–2157 = 001 l.7–831) with
//! their names as printed in the plan titles, 文旅产业 being broader than its
//! two sub-plans 文化创意产业 and 精品旅游产业 (12 leaf industries).
//!
//! Task linking (the rule the ontology documents): a task is linked to an
//! industry when its text prints the industry's name or one of its specific
//! **keywords** (`新一代信息技术`, `高端装备`, `现代海洋`, `海洋产业`, `医养健康`,
//! `高端化工`, `现代高效农业`, `文旅产业`, `文化创意`, `精品旅游`, `现代金融`,
//! `轻工纺织`, `新能源产业`, `新材料产业`, and `新能源新材料` for both). The
//! generic words `新能源` and `新材料` (also used for products: `新能源汽车`,
//! `首批次新材料`) are **weak keywords**: they link only as a member of an
//! enumeration of industries, i.e. when `、` or `和` joins them directly to
//! another keyword (`新一代信息技术、新材料、新能源、生物医药`). `高端化工程`
//! (高端化 + 工程) is not 高端化工, and `现代海洋城市` (a city's profile) is not
//! 现代海洋产业. Nothing is inferred from products or firms.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use regex::Regex;

/// One industry of the 十强产业 scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndustryInfo {
    /// Canonical name as printed in the 2022 plan title, e.g. `新能源产业`.
    pub name: &'static str,
    pub english: &'static str,
    /// The broader concept (`文旅产业` for its two sub-plans).
    pub broader: Option<&'static str>,
    /// Words that link a task to this industry wherever they are printed.
    pub keywords: &'static [&'static str],
    /// Words that link only inside an enumeration of industries.
    pub weak_keywords: &'static [&'static str],
}

static INDUSTRIES: &[IndustryInfo] = &[
    IndustryInfo {
        name: "新一代信息技术产业",
        english: "New-generation information technology industry",
        broader: None,
        keywords: &["新一代信息技术"],
        weak_keywords: &[],
    },
    IndustryInfo {
        name: "高端装备产业",
        english: "High-end equipment industry",
        broader: None,
        keywords: &["高端装备"],
        weak_keywords: &[],
    },
    IndustryInfo {
        name: "新能源产业",
        english: "New energy industry",
        broader: None,
        keywords: &["新能源产业", "新能源新材料"],
        weak_keywords: &["新能源"],
    },
    IndustryInfo {
        name: "新材料产业",
        english: "New materials industry",
        broader: None,
        keywords: &["新材料产业", "新能源新材料"],
        weak_keywords: &["新材料"],
    },
    IndustryInfo {
        name: "现代海洋产业",
        english: "Modern marine industry",
        broader: None,
        keywords: &["现代海洋", "海洋产业"],
        weak_keywords: &[],
    },
    IndustryInfo {
        name: "医养健康产业",
        english: "Medical, elderly-care and health industry",
        broader: None,
        keywords: &["医养健康"],
        weak_keywords: &[],
    },
    IndustryInfo {
        name: "高端化工产业",
        english: "High-end chemical industry",
        broader: None,
        keywords: &["高端化工"],
        weak_keywords: &[],
    },
    IndustryInfo {
        name: "现代高效农业",
        english: "Modern efficient agriculture",
        broader: None,
        keywords: &["现代高效农业"],
        weak_keywords: &[],
    },
    IndustryInfo {
        name: "文旅产业",
        english: "Culture and tourism industry",
        broader: None,
        keywords: &["文旅产业"],
        weak_keywords: &[],
    },
    IndustryInfo {
        name: "文化创意产业",
        english: "Cultural and creative industry",
        broader: Some("文旅产业"),
        keywords: &["文化创意"],
        weak_keywords: &[],
    },
    IndustryInfo {
        name: "精品旅游产业",
        english: "Quality tourism industry",
        broader: Some("文旅产业"),
        keywords: &["精品旅游"],
        weak_keywords: &[],
    },
    IndustryInfo {
        name: "现代金融服务业",
        english: "Modern financial services",
        broader: None,
        keywords: &["现代金融"],
        weak_keywords: &[],
    },
    IndustryInfo {
        name: "现代轻工纺织产业",
        english: "Modern light industry and textiles",
        broader: None,
        keywords: &["轻工纺织"],
        weak_keywords: &[],
    },
];

/// The scheme: 13 concepts (11 plans, 文旅产业's two sub-plans).
pub fn industries() -> &'static [IndustryInfo] {
    INDUSTRIES
}

/// The industry a 十强产业 plan title is about: `新能源产业`, `新能源产业 2022
/// 年行动计划`, `03新能源产业2022年行动计划`, `文化创意产业` → that name.
/// Titles of other plans give `None`.
pub fn industry_of_plan(title: &str) -> Option<&'static str> {
    let title: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let mut by_length: Vec<&IndustryInfo> = INDUSTRIES.iter().collect();
    by_length.sort_by_key(|i| std::cmp::Reverse(i.name.chars().count()));
    by_length
        .into_iter()
        .find(|i| title.contains(i.name))
        .map(|i| i.name)
}

/// keyword → (industries, weak?)
static KEYWORDS: LazyLock<HashMap<&'static str, (Vec<&'static str>, bool)>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, (Vec<&'static str>, bool)> = HashMap::new();
    for info in INDUSTRIES {
        for (words, weak) in [(info.keywords, false), (info.weak_keywords, true)] {
            for w in words {
                let entry = map.entry(*w).or_insert_with(|| (Vec::new(), weak));
                entry.0.push(info.name);
            }
        }
        map.entry(info.name)
            .or_insert_with(|| (Vec::new(), false))
            .0
            .push(info.name);
    }
    for (names, _) in map.values_mut() {
        names.sort_unstable();
        names.dedup();
    }
    map
});

static MATCHER: LazyLock<Regex> = LazyLock::new(|| {
    let mut words: Vec<&str> = KEYWORDS.keys().copied().collect();
    words.sort_by_key(|s| (std::cmp::Reverse(s.chars().count()), *s));
    let pattern = words
        .iter()
        .map(|s| regex::escape(s))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&pattern).expect("static industry keyword regex")
});

/// Canonical names of the industries a normalised task text names.
pub fn find(text: &str) -> BTreeSet<String> {
    let matches: Vec<(usize, usize, &str)> = MATCHER
        .find_iter(text)
        .map(|m| (m.start(), m.end(), m.as_str()))
        .collect();
    let mut out = BTreeSet::new();
    for (k, &(start, end, word)) in matches.iter().enumerate() {
        let Some((names, weak)) = KEYWORDS.get(word) else {
            continue;
        };
        // `高端化工程` is 高端化 + 工程; `现代海洋城市` is a city's profile.
        if (word == "高端化工" && text[end..].starts_with('程'))
            || (word == "现代海洋" && text[end..].starts_with("城市"))
        {
            continue;
        }
        if *weak {
            // Joined by one separator to the previous or next keyword.
            let joined = |a: usize, b: usize| matches!(&text[a..b], "、" | "和");
            let prev_ok = k > 0 && joined(matches[k - 1].1, start);
            let next_ok = matches.get(k + 1).is_some_and(|n| joined(end, n.0));
            if !prev_ok && !next_ok {
                continue;
            }
        }
        out.extend(names.iter().map(|n| n.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        find(text).into_iter().collect()
    }

    #[test]
    fn scheme_has_eleven_plans_and_twelve_leaves() {
        assert_eq!(industries().len(), 13);
        let top = industries().iter().filter(|i| i.broader.is_none()).count();
        assert_eq!(top, 11);
        let with_children: BTreeSet<_> = industries().iter().filter_map(|i| i.broader).collect();
        assert_eq!(with_children.into_iter().collect::<Vec<_>>(), ["文旅产业"]);
    }

    #[test]
    fn plan_titles_map_to_industries() {
        assert_eq!(
            industry_of_plan("新一代信息技术产业 2022 年行动计划"),
            Some("新一代信息技术产业")
        );
        // 001 glues a number to the title.
        assert_eq!(
            industry_of_plan("03新能源产业2022年行动计划"),
            Some("新能源产业")
        );
        assert_eq!(industry_of_plan("文化创意产业"), Some("文化创意产业"));
        assert_eq!(industry_of_plan("文旅产业"), Some("文旅产业"));
        assert_eq!(industry_of_plan("现代金融服务业"), Some("现代金融服务业"));
        assert_eq!(industry_of_plan("科技研发创新"), None);
        assert_eq!(industry_of_plan("绿色低碳转型"), None);
    }

    #[test]
    fn tasks_link_on_names_and_keywords() {
        assert_eq!(names("加快培育壮大新能源产业"), ["新能源产业"]);
        // 003: 新能源新材料 names both.
        assert_eq!(
            names("进一步扩大新能源新材料、绿色化工"),
            ["新材料产业", "新能源产业"]
        );
        // 000 l.43: an enumeration of fields.
        assert_eq!(
            names("围绕新一代信息技术、新材料、新能源、生物医药、碳中和"),
            ["新一代信息技术产业", "新材料产业", "新能源产业"]
        );
        assert_eq!(names("实金融支持文旅产业高质量"), ["文旅产业"]);
    }

    #[test]
    fn generic_words_do_not_link() {
        assert!(names("推广新能源汽车").is_empty());
        assert!(names("首批次新材料、首版次高端软件").is_empty());
        assert!(names("实施产业项目高端化工程").is_empty());
        // 000 l.2839.
        assert!(names("青岛建设现代海洋城市").is_empty());
    }
}
