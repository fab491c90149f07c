//! Where a document is from: its jurisdiction (a province, city or county of
//! the national division table), read from what the document says.
//!
//! The signals, strongest first:
//! 1. **Issuer and title**: a division's full name at the start of one of
//!    the first lines (`广州市人民政府关于…`, `大竹县人民政府办公室`,
//!    `2023年莲都区政府工作报告…`, `来源: 北京市人民政府`), or right after
//!    an opening `《`; anywhere in a head line when 人民政府/政府/办公厅
//!    follows it. A chain of names (`湖北省武汉市蔡甸区`) gives the
//!    innermost. A name followed by 人民政府/政府/办公厅 wins over one that
//!    is not.
//! 2. **The issuing number** (文号) on a line of its own: its leading
//!    characters (`鲁` of 鲁政办字, `穗` of 穗府, `竹` of 竹府办) are looked
//!    up in `abbreviations.tsv` (the provinces' 简称 and the cities' that
//!    their names do not contain) and otherwise among the divisions whose
//!    name contains them. Several candidates (`嘉` is 嘉兴, 嘉鱼, 嘉定 …;
//!    `宁` is both 宁夏 and 南京) are narrowed to those the text names
//!    elsewhere; if that leaves more than one, the number says nothing.
//! 3. **Place names inside unit names**: `市生态环境局咸安分局` names
//!    咸安区 (in 咸宁市).
//! 4. **The place the text names most**, among divisions of the level its
//!    units' level words point at (`省X厅` → a province, `市X局` → a city,
//!    `县X局`/`区X局` → a county), by full or short name (`六盘水`, `吉水`).
//!
//! A stated jurisdiction (`--jurisdiction`, `jurisdiction.tsv`) overrides
//! all of them. A document none of them places gets no jurisdiction and a
//! warning.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use super::divisions::{divisions, Level};
use super::normalize::t2s;

/// The jurisdiction found for a document, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Index into [`divisions()`](super::divisions::divisions).
    pub division: usize,
    /// Which signal placed it, in words (for the build's notes).
    pub how: String,
}

static ABBREVIATIONS_TSV: &str = include_str!("abbreviations.tsv");

/// 简称 → divisions (qualified names in the file, indices here).
static ABBREVIATIONS: LazyLock<HashMap<String, Vec<usize>>> = LazyLock::new(|| {
    let table = divisions();
    let mut map: HashMap<String, Vec<usize>> = HashMap::new();
    for line in ABBREVIATIONS_TSV.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(abbreviation), Some(region)) = (cols.next(), cols.next()) else {
            continue;
        };
        if let Some(index) = table.by_qualified(region) {
            map.entry(abbreviation.to_string()).or_default().push(index);
        }
    }
    map
});

/// Names too generic to be read as a place in running text.
const GENERIC: &[&str] = &["城区", "郊区", "矿区", "东区", "西区", "新区"];

/// How a name names a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Its official name (`大竹县`).
    Full,
    /// Its name without the level word (`大竹`).
    Short,
}

/// Which of the division names a search looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameSet {
    /// Full names only.
    Full,
    /// Full names and short names (≥ 2 characters) of every level.
    All,
    /// Full names longer than two characters, and short names of provinces
    /// and cities only: a county's short name is too often a word (城西,
    /// 资源, 会同, 凤凰, 东山), and so is a two-character name (和县, 沁县).
    Mentions,
}

impl NameSet {
    fn keeps(self, role: Role, level: Level, name: &str) -> bool {
        match self {
            NameSet::Full => role == Role::Full,
            NameSet::All => true,
            NameSet::Mentions => match role {
                Role::Full => name.chars().count() > 2,
                Role::Short => level != Level::County,
            },
        }
    }
}

/// Every division name, full and short, in one automaton: built once and
/// searched for overlapping matches, from which each [`NameSet`] takes the
/// leftmost-longest ones among its own names (what a leftmost-longest
/// automaton of that set alone would find, without building three).
struct DivisionNames {
    matcher: AhoCorasick,
    names: Vec<String>,
    /// Per name: the divisions it names and how.
    targets: Vec<Vec<(usize, Role)>>,
}

static NAMES: LazyLock<DivisionNames> = LazyLock::new(|| {
    let mut by_name: HashMap<String, Vec<(usize, Role)>> = HashMap::new();
    for (i, d) in divisions().all().iter().enumerate() {
        if GENERIC.contains(&d.name.as_str()) {
            continue;
        }
        by_name
            .entry(d.name.clone())
            .or_default()
            .push((i, Role::Full));
        if let Some(short) = d.short_name() {
            by_name
                .entry(short.to_string())
                .or_default()
                .push((i, Role::Short));
        }
    }
    let mut entries: Vec<(String, Vec<(usize, Role)>)> = by_name.into_iter().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let (names, targets): (Vec<String>, Vec<Vec<(usize, Role)>>) = entries.into_iter().unzip();
    let matcher = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&names)
        .expect("division names");
    DivisionNames {
        matcher,
        names,
        targets,
    }
});

/// One match of a [`NameSet`]: byte range, the name, the divisions it names.
struct NameMatch<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    divisions: Vec<usize>,
}

impl DivisionNames {
    /// The divisions `pattern` names within `set`.
    fn divisions_in(&self, set: NameSet, pattern: usize) -> Vec<usize> {
        let table = divisions();
        let name = &self.names[pattern];
        self.targets[pattern]
            .iter()
            .filter(|(i, role)| set.keeps(*role, table.get(*i).level, name))
            .map(|(i, _)| *i)
            .collect()
    }

    /// Every match of every name, leftmost first and, at one start, longest
    /// first: `(start, end, pattern)`.
    fn overlapping(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let mut all: Vec<(usize, usize, usize)> = self
            .matcher
            .find_overlapping_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        all.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        all
    }

    /// The leftmost-longest, non-overlapping matches of `set`'s names among
    /// `overlapping` (what [`Self::overlapping`] gives).
    fn select<'a>(
        &'a self,
        set: NameSet,
        overlapping: &[(usize, usize, usize)],
    ) -> Vec<NameMatch<'a>> {
        let mut out: Vec<NameMatch<'a>> = Vec::new();
        for &(start, end, pattern) in overlapping {
            if out.last().is_some_and(|last| start < last.end) {
                continue;
            }
            let divisions = self.divisions_in(set, pattern);
            if !divisions.is_empty() {
                out.push(NameMatch {
                    start,
                    end,
                    name: &self.names[pattern],
                    divisions,
                });
            }
        }
        out
    }

    /// The leftmost-longest, non-overlapping matches of `set`'s names.
    fn find<'a>(&'a self, set: NameSet, text: &str) -> Vec<NameMatch<'a>> {
        self.select(set, &self.overlapping(text))
    }

    fn is_match(&self, text: &str) -> bool {
        self.matcher.is_match(text)
    }
}

static OWN_DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\p{Han}{1,10})[〔\[（(]\d{4}[〕\]）)]\s*\d+\s*号\s*$").expect("valid regex")
});

/// How many of the first lines are read for the issuer and the number.
const HEAD_LINES: usize = 40;

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The jurisdiction a document's `text` (any script) states, if any.
/// `doc_number` is the issuing number found by the structure reader;
/// `units` are the canonical (simplified) names of its units as printed.
pub fn detect(text: &str, doc_number: Option<&str>, units: &[&str]) -> Option<Found> {
    let head_end = text
        .match_indices('\n')
        .nth(HEAD_LINES - 1)
        .map_or(text.len(), |(i, _)| i);
    let head_text = t2s(&text[..head_end]);
    let head: Vec<&str> = head_text.lines().collect();
    if let Some(found) = from_issuer(&head) {
        return Some(found);
    }
    // Counting every place name needs the whole text in simplified script:
    // done only when a weaker signal needs it.
    let mentions = std::cell::LazyCell::new(|| mention_counts(&t2s(text)));
    let number = doc_number.map(str::to_owned).or_else(|| {
        head.iter()
            .find(|l| OWN_DOC_NUMBER.is_match(l))
            .map(|l| l.trim().to_string())
    });
    if let Some(number) = number {
        if let Some(found) = from_doc_number(&number, &mentions) {
            return Some(found);
        }
    }
    if let Some(found) = from_unit_names(units) {
        return Some(found);
    }
    from_mentions(&mentions, units, &head)
}

/// Signal 1: a full name at the start of a head line (or after `《`).
fn from_issuer(head: &[&str]) -> Option<Found> {
    let table = divisions();
    let mut best: Option<(bool, usize)> = None;
    for line in head {
        let found = NAMES.find(NameSet::Full, line);
        let mut matches = found.iter().peekable();
        while let Some(m) = matches.next() {
            let before = line[..m.start].chars().next_back();
            if before.is_some_and(|c| is_han(c) && c != '年') {
                continue;
            }
            // Only Latin, digits and punctuation before it on its line, or
            // a `《` or `年` right before it (`2023年莲都区政府工作报告`).
            let opens_line = !line[..m.start].chars().any(is_han)
                || before.is_some_and(|c| matches!(c, '《' | '年'));
            // The chain of names that follow one another, each inside the
            // previous one.
            let mut chain = vec![m.name];
            let mut end = m.end;
            while let Some(next) = matches.peek() {
                if next.start != end {
                    break;
                }
                chain.push(next.name);
                end = next.end;
                matches.next();
            }
            let Some(division) = resolve_chain(&chain) else {
                continue;
            };
            let after = &line[end..];
            let issuer = ["人民政府", "政府", "办公厅", "办公室", "委员会"]
                .iter()
                .any(|w| after.starts_with(w));
            // A two-character name (沁县, 和县) only as an issuer; another
            // name as an issuer or where a title starts.
            if !issuer && (!opens_line || chain.last().is_some_and(|n| n.chars().count() == 2)) {
                continue;
            }
            if best.is_none_or(|(was_issuer, _)| issuer && !was_issuer) {
                best = Some((issuer, division));
            }
            if issuer {
                break;
            }
        }
        if best.is_some_and(|(issuer, _)| issuer) {
            break;
        }
    }
    best.map(|(_, division)| Found {
        division,
        how: format!("its issuer or title names {}", table.get(division).name),
    })
}

/// The one division a chain of names (`湖北省`, `武汉市`, `蔡甸区`) means.
fn resolve_chain(chain: &[&str]) -> Option<usize> {
    let table = divisions();
    let last = chain.last()?;
    let candidates: Vec<usize> = table
        .by_name(last)
        .iter()
        .copied()
        .filter(|&i| {
            chain[..chain.len() - 1].iter().all(|outer| {
                table
                    .ancestors(i)
                    .skip(1)
                    .any(|a| table.get(a).name == *outer)
            })
        })
        .collect();
    (candidates.len() == 1).then(|| candidates[0])
}

/// How often the text names each division: `.0` by full name or a
/// province's or city's short name, `.1` counting counties' short names too
/// (enough to confirm a candidate, too noisy to choose one).
struct Mentions(HashMap<usize, usize>, HashMap<usize, usize>);

fn mention_counts(simplified: &str) -> Mentions {
    // One pass over the text serves both name sets.
    let overlapping = NAMES.overlapping(simplified);
    let count = |set: NameSet| {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for m in NAMES.select(set, &overlapping) {
            for i in m.divisions {
                *counts.entry(i).or_default() += 1;
            }
        }
        counts
    };
    Mentions(count(NameSet::Mentions), count(NameSet::All))
}

/// Signal 2: the issuing number's leading characters.
fn from_doc_number(number: &str, mentions: &Mentions) -> Option<Found> {
    let table = divisions();
    let prefix: String = number
        .chars()
        .take_while(|c| !matches!(c, '政' | '府' | '办' | '发' | '〔' | '[' | '(' | '（'))
        .collect();
    if prefix.is_empty() {
        return None;
    }
    let mut candidates: Vec<usize> = ABBREVIATIONS.get(&prefix).cloned().unwrap_or_default();
    // A province's 简称 is what its own documents use; a city or county
    // with the same character in its name is a candidate only when no
    // 简称 matched (竹 of 竹府办, 嘉 of 嘉政办发).
    if candidates.is_empty() {
        candidates = table
            .all()
            .iter()
            .enumerate()
            .filter(|(_, d)| d.level != Level::Province && d.name.contains(&prefix))
            .map(|(i, _)| i)
            .collect();
    }
    let chosen = match candidates.as_slice() {
        [] => return None,
        [one] if ABBREVIATIONS.contains_key(&prefix) => *one,
        _ => {
            // Narrowed to the ones the text names; one must stand out.
            let named: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|i| mentions.1.get(i).is_some_and(|&n| n > 0))
                .collect();
            match named.as_slice() {
                [one] => *one,
                _ => return None,
            }
        }
    };
    Some(Found {
        division: chosen,
        how: format!(
            "its issuing number {number} ({prefix} = {})",
            table.get(chosen).name
        ),
    })
}

/// Signal 3: a county or city named inside a unit's name, after its first
/// character (`市生态环境局咸安分局` → 咸安区).
fn from_unit_names(units: &[&str]) -> Option<Found> {
    let table = divisions();
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for unit in units.iter().filter(|u| u.contains('分')) {
        let Some(level) = leading_level_word(unit) else {
            continue;
        };
        let rest = &unit[level.len()..];
        // Only a branch named after its place: 咸安分局, 黄岛分院.
        for m in NAMES
            .find(NameSet::All, rest)
            .into_iter()
            .filter(|m| rest[m.end..].starts_with('分'))
        {
            // Only a place below the level word's: 市…咸安分局 names a
            // county of a city, not another city.
            for i in m.divisions {
                if table.get(i).level == Level::County {
                    *counts.entry(i).or_default() += 1;
                }
            }
        }
    }
    let mut ranked: Vec<(usize, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    match ranked.as_slice() {
        [(one, _)] => Some(Found {
            division: *one,
            how: format!(
                "its units are {}'s (a unit name says so)",
                table.get(*one).name
            ),
        }),
        [(first, n), (_, m), ..] if n > m => Some(Found {
            division: *first,
            how: format!(
                "its units are {}'s (unit names say so)",
                table.get(*first).name
            ),
        }),
        _ => None,
    }
}

/// Signal 4: the place the text names most, at the level its units'
/// level words point at.
fn from_mentions(mentions: &Mentions, units: &[&str], head: &[&str]) -> Option<Found> {
    let table = divisions();
    let mut votes: HashMap<Level, usize> = HashMap::new();
    for unit in units {
        if let Some(level) = leading_level_word(unit).and_then(level_of_word) {
            *votes.entry(level).or_default() += 1;
        }
    }
    // The government the head speaks of (`经省政府同意`, `市政府各部门`),
    // not the lower ones it addresses (`各市政府`).
    for line in head {
        for (word, level) in [
            ("省政府", Level::Province),
            ("市政府", Level::City),
            ("县政府", Level::County),
            ("区政府", Level::County),
        ] {
            for (at, _) in line.match_indices(word) {
                if !line[..at].ends_with('各') {
                    *votes.entry(level).or_default() += 1;
                }
            }
        }
    }
    let level = votes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?
        .0;
    let mut ranked: Vec<(usize, usize)> = mentions
        .0
        .iter()
        .filter(|(&i, _)| {
            let d = table.get(i);
            // A municipality (北京市) is both a province and the city of
            // its 市 units.
            d.level == level
                || (level == Level::City && d.level == Level::Province && d.name.ends_with('市'))
        })
        .map(|(&i, &n)| (i, n))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let (first, n) = *ranked.first()?;
    if ranked.get(1).is_some_and(|&(_, m)| m == n) {
        return None;
    }
    Some(Found {
        division: first,
        how: format!(
            "the text names {} most often ({n}×) among places of its units' level",
            table.get(first).name
        ),
    })
}

/// Whether `name` holds the name of a division, full or short
/// (`青岛海关`, `国网山东省电力公司`, `嘉鱼经济开发区`).
pub fn names_a_place(name: &str) -> bool {
    NAMES.is_match(name)
}

/// Level words that open a unit's name, longest first.
const LEVEL_WORDS: &[&str] = &[
    "自治区",
    "自治州",
    "自治县",
    "省",
    "市",
    "州",
    "县",
    "区",
    "盟",
    "旗",
];

/// The level word a unit's name starts with (`省` of 省科技厅, `市` of
/// 市场监管局's `市市场监管局`), never the first character of a word
/// (市场, 市民, 区域, 县域, 省级 are words, not level words: 市场监管局 is
/// not a city's unit by its name).
pub fn leading_level_word(name: &str) -> Option<&'static str> {
    const WORDS: &[&str] = &["市场", "市民", "区域", "县域", "州府"];
    if WORDS.iter().any(|w| name.starts_with(w)) {
        return None;
    }
    LEVEL_WORDS
        .iter()
        .copied()
        .find(|w| name.starts_with(w) && name.len() > w.len())
}

/// The division level a level word points at.
pub fn level_of_word(word: &str) -> Option<Level> {
    match word {
        "省" | "自治区" => Some(Level::Province),
        "市" | "州" | "自治州" | "盟" => Some(Level::City),
        "县" | "区" | "自治县" | "旗" => Some(Level::County),
        _ => None,
    }
}

/// The division a level word means in a document of `jurisdiction`: the
/// nearest of its ancestors (itself included) that the word names — `市` in
/// a 大竹县 document is 达州市, `省` is 四川省, `县` is 大竹县; `市` in a
/// 北京市 document is 北京市 itself. `None` when no ancestor fits (`县`
/// in a city's document).
pub fn division_for_word(jurisdiction: usize, word: &str) -> Option<usize> {
    let table = divisions();
    let level = level_of_word(word)?;
    table.ancestors(jurisdiction).find(|&i| {
        let d = table.get(i);
        match word {
            "省" => d.level == Level::Province && d.name.ends_with('省'),
            "自治区" => d.level == Level::Province && d.name.ends_with("自治区"),
            "市" => d.name.ends_with('市') && d.level <= Level::County,
            "州" | "自治州" => d.level == Level::City && d.name.ends_with('州'),
            "盟" => d.level == Level::City && d.name.ends_with('盟'),
            "区" => d.level == Level::County && d.name.ends_with('区'),
            "县" | "自治县" => d.level == Level::County && d.name.ends_with('县'),
            "旗" => d.level == Level::County && d.name.ends_with('旗'),
            _ => d.level == level,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qualified(found: Option<Found>) -> String {
        found.map_or_else(
            || "none".to_string(),
            |f| divisions().get(f.division).qualified.clone(),
        )
    }

    #[test]
    fn issuer_and_title_lines() {
        for (text, want) in [
            (
                "广州市人民政府关于印发某方案的通知\n各区人民政府：",
                "广州市",
            ),
            ("大竹县人民政府办公室关于某事的通知", "达州市大竹县"),
            ("来源: 北京市人民政府 更新时间:2018-09-10", "北京市"),
            ("2023年莲都区政府工作报告重点工作责任分解", "丽水市莲都区"),
            ("湖北省武汉市蔡甸区人民政府办公室", "武汉市蔡甸区"),
            (
                "县示范区管委会：\n……\n沁县人民政府办公室\n2025年5月18日",
                "长治市沁县",
            ),
            // A name inside a word is not an issuer; 和县 only as one.
            ("各区和县政府：", "none"),
            (
                "东莞市人民政府关于贯彻落实《广东省若干措施》的意见",
                "东莞市",
            ),
        ] {
            assert_eq!(qualified(detect(text, None, &[])), want, "{text}");
        }
    }

    #[test]
    fn issuing_numbers() {
        for (text, want) in [
            ("鲁政办字〔2022〕28号\n各市人民政府：", "山东省"),
            ("皖政〔2023〕7号", "安徽省"),
            ("鄂政发〔2024〕3号", "湖北省"),
            ("穗府〔2021〕3号", "广州市"),
            // 竹 and 嘉 are in many names: the text must name the place.
            ("竹府办〔2016〕20号\n完成大竹县城区的改造。", "达州市大竹县"),
            ("嘉政办发〔2021〕5号\n涉及嘉鱼的重点事项", "咸宁市嘉鱼县"),
            ("嘉政办发〔2021〕5号\n各镇人民政府：", "none"),
        ] {
            assert_eq!(qualified(detect(text, None, &[])), want, "{text}");
        }
    }

    #[test]
    fn unit_place_names_and_mentions() {
        let units = ["市生态环境局咸安分局", "区发改局"];
        assert_eq!(
            qualified(detect("各有关单位：", None, &units)),
            "咸宁市咸安区"
        );
        // The most named place at the units' level: 六盘水 for 市 units.
        let text = "为六盘水实现发展目标做出贡献，贵州省、六盘水市共同推进。";
        assert_eq!(
            qualified(detect(text, None, &["市人力资源社会保障局", "市财政局"])),
            "六盘水市"
        );
        // Nothing says where: no jurisdiction.
        assert_eq!(
            qualified(detect("各有关单位：", None, &["市财政局"])),
            "none"
        );
    }

    #[test]
    fn level_words_point_at_ancestors() {
        let t = divisions();
        let dazhu = t.lookup("大竹县").unwrap();
        let name = |w| division_for_word(dazhu, w).map(|i| t.get(i).qualified.clone());
        assert_eq!(name("省").as_deref(), Some("四川省"));
        assert_eq!(name("市").as_deref(), Some("达州市"));
        assert_eq!(name("县").as_deref(), Some("达州市大竹县"));
        assert_eq!(name("区"), None);
        let beijing = t.lookup("北京市").unwrap();
        assert_eq!(division_for_word(beijing, "市"), Some(beijing));
        assert_eq!(leading_level_word("市场监管局"), None);
        assert_eq!(leading_level_word("市市场监管局"), Some("市"));
        assert_eq!(leading_level_word("省科技厅"), Some("省"));
    }
}
