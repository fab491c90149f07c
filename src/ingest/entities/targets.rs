//! Quantitative targets: `达到2.3万家`, `增长10%以上`, `3—4家`, `提高2个百分点`.
//!
//! Input is text already passed through [`super::normalize`] (no spaces, no
//! NBSP, half-width digits). One left-to-right pass over the characters looks
//! at every Arabic number and decides from its neighbours what it is:
//!
//! * a **year** (`2024年`): not a target, but it becomes the year of the
//!   targets that follow in the same sentence (`2024年突破3.5万家、2025年突破
//!   3.8万家` is two targets); a baseline year (`比2020年`, `较2020年`) is not;
//! * a **quantity** with a unit (`家`, `个`, `亿元`, `万元/辆`, `GWh`, `%`,
//!   `百分点` …), optionally a range (`3-4个`, `3—4家`); `万`, `千万`, `百万`
//!   are folded into the value (`2.3万家` → 23000 家), `亿` stays in the unit
//!   (`3000亿元` → 3000 亿元, `1.2万亿元` → 12000 亿元), and `万元` is kept as a
//!   monetary unit like `亿元` (`5.04万元/辆`);
//! * a **bare index** (`两化融合指数达到117`, `提高到0.651`, `稳定在0.4左右`):
//!   a number without unit counts only right after a comparator verb, or
//!   with 万/亿 and a qualifier (`服务用户300万以上`);
//! * a **time limit or age** right after a verb (`压减至3.5小时以内`,
//!   `压缩至5个工作日以内`, `达到80岁左右`), measured in `小时`, `工作日`,
//!   `天`, `分钟`, `月`, `岁`;
//! * anything else is not a target: identifiers and model numbers (`5G`,
//!   `HG14`, `PM2.5`, `4号线`, `“1+3+2”` and any number inside a short
//!   quotation), ordinals and ranks (`第3`, `前5位`, list markers `1.`
//!   `（1）`), fractions (`2/3`, not representable as a decimal), dates (`6月`,
//!   `1日`), other durations (`3年`, `10个工作日内`, `印发1个月内`), age
//!   groups (`3岁以下`) and counts of places
//!   (`2市`, `16市`).
//!
//! The comparator rule (one rule, documented for the ontology): the
//! comparator is the **nearest target verb printed before the number in the
//! same clause** (`达到`, `突破`, `超过`, `增长`, `年均增长`, `下降`, `提高到`,
//! `控制在`, `不低于`, `新增`, `累计`, `建成`, … see [`VERBS`]); a number that
//! continues a list (`分别突破4300亿元、3300亿元`, `下降16%和10%`) inherits
//! the verb of the previous one; without a verb, the qualifier printed after
//! the number (`以上`, `左右`, `以内`, `以下`, or `余`/`多` before the unit).
//! So growth (`增长`) and level (`达到`) targets are told apart by the verb,
//! and the qualifier of a growth target stays readable in `text`.
//! `stretch` is set when `力争` precedes the number in the same clause.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Target;

/// Target verbs, as printed. Longer forms win over their prefixes when both
/// end at the same place (`年均增长` over `增长`).
pub const VERBS: &[&str] = &[
    "达到",
    "突破",
    "超过",
    "超出",
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "低于",
    "高于",
    "增长",
    "年均增长",
    "提高",
    "提高到",
    "提高至",
    "提升",
    "提升到",
    "提升至",
    "增加",
    "增加到",
    "增至",
    "下降",
    "下降到",
    "降低",
    "降低到",
    "降至",
    "减少",
    "压减",
    "压减至",
    "控制在",
    "稳定在",
    "保持在",
    "维持在",
    "扩大到",
    "压减到",
    "压缩至",
    "压缩到",
    "缩短至",
    "缩短到",
    "新增",
    "累计",
    "新建",
    "建成",
    "培育",
    "打造",
    "完成",
    "实现",
];

/// Verbs too short to trust unless they touch the number (`达3000亿元`).
const ADJACENT_VERBS: &[&str] = &["达", "超", "至"];

/// Units of a quantity (after an optional 万/亿 multiplier). Money keeps
/// `万元`/`亿元` as units; the regex is built longest-first.
const UNITS: &[&str] = &[
    "个百分点",
    "百分点",
    "%",
    "‰",
    "元",
    "美元",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "千伏",
    "GWh",
    "MWh",
    "TWh",
    "kWh",
    "GW",
    "MW",
    "kW",
    "EFLOPS",
    "PFLOPS",
    "TFLOPS",
    "立方米",
    "平方公里",
    "平方米",
    "公顷",
    "亩",
    "公里",
    "千米",
    "米",
    "厘米",
    "毫米",
    "平方千米",
    "款",
    "PB",
    "时户",
    "EFlops",
    "PFlops",
    "TFlops",
    "吨标准煤",
    "标准煤",
    "蒸吨",
    "吨",
    "微克",
    "毫克",
    "千克",
    "公斤",
    "标箱",
    "TEU",
    "户",
    "台套",
    "套",
    "人次",
    "人",
    "家",
    "个",
    "项",
    "座",
    "台",
    "张",
    "条",
    "所",
    "场",
    "次",
    "部",
    "种",
    "处",
    "支",
    "名",
    "辆",
    "件",
    "斤",
    "头",
    "只",
    "艘",
    "架",
    "间",
    "床",
    "篇",
    "门",
    "批",
    "片",
    "株",
    "棵",
    "倍",
    "位",
    "颗",
    "栋",
    "册",
    "份",
    "例",
    "对",
    "列",
    "班",
    "票",
];

/// What may follow a unit after `/`: `万元/辆`, `微克/立方米`, `蒸吨/小时`.
const PER: &[&str] = &[
    "年",
    "辆",
    "小时",
    "立方米",
    "人",
    "日",
    "天",
    "吨",
    "平方米",
    "台",
    "件",
    "千瓦时",
    "亩",
    "公里",
];

const QUALIFIERS: &str = "及以上|以上|左右|以内|以下|之内";

fn alternation(items: &[&str]) -> String {
    let mut v: Vec<&str> = items.to_vec();
    v.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    v.iter()
        .map(|s| regex::escape(s))
        .collect::<Vec<_>>()
        .join("|")
}

/// Anchored at the end of a number: `万元`/`亿元` as units, or an optional
/// multiplier, optional 余/多, a unit, an optional `/per`, a qualifier.
static SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        "^(?P<approx1>余|多)?(?:(?P<money>万元|亿元|万美元|亿美元)|(?P<mult>万亿|千亿|百亿|亿|千万|百万|万)?(?P<approx2>余|多)?(?P<unit>{units}))(?P<per>/(?:{per}))?(?P<qual>{QUALIFIERS})?",
        units = alternation(UNITS),
        per = alternation(PER),
    );
    Regex::new(&pattern).expect("static target suffix regex")
});

/// A number without unit: an optional multiplier and a qualifier.
static BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("^(?P<mult>万亿|亿|万)?(?P<qual>{QUALIFIERS})?"))
        .expect("static bare-number regex")
});

/// Units that count only right after a verb: time limits (`压减到20个工作日`,
/// `压缩至5个工作日以内`, `超过45分钟`) and ages (`预期寿命达到80岁左右`);
/// elsewhere they are durations or age groups (`3岁以下婴幼儿`).
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("^个?(?P<unit>工作日|小时|分钟|天|岁)(?P<qual>以内|之内|以上|左右)?|^个(?P<month>月)(?P<mqual>以内|之内)?")
        .expect("static duration regex")
});

/// (measure, qualifier, characters used) of a time limit or age at the
/// start of `window`; `3岁以下` (an age group) is none.
fn duration_after(window: &str) -> Option<(String, Option<String>, usize)> {
    let d = DURATION.captures(window)?;
    let whole = d.get(0)?;
    if window[whole.end()..].starts_with("以下") {
        return None;
    }
    let unit = d
        .name("unit")
        .or_else(|| d.name("month"))?
        .as_str()
        .to_string();
    let qual = d
        .name("qual")
        .or_else(|| d.name("mqual"))
        .map(|g| g.as_str().to_string());
    Some((unit, qual, whole.as_str().chars().count()))
}

/// Characters that join a range: `3-4`, `3—4`, `3～4`.
const RANGE_SEPS: &[char] = &['-', '—', '–', '－', '~', '～', '〜'];
/// Text allowed between two list members that share one verb.
const LIST_SEPS: &[char] = &['、', '和', '及', '与', '或'];

/// Finds every target in normalised text, in printed order.
pub fn find(text: &str) -> Vec<Target> {
    let c: Vec<char> = text.chars().collect();
    let quoted = quote_mask(&c);
    let mut out: Vec<Target> = Vec::new();

    let mut year_ctx: Option<i32> = None;
    let mut stretch = false;
    let mut seg_lo = 0usize; // start of the current clause
    let mut last_num_end = 0usize; // end of the last year or target
    let mut prev_target: Option<(usize, Option<String>)> = None;
    let mut scanned = 0usize;

    let mut i = 0usize;
    while i < c.len() {
        if !c[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        for k in scanned..i {
            match c[k] {
                '。' | '！' | '？' | '!' | '?' => {
                    year_ctx = None;
                    stretch = false;
                    seg_lo = k + 1;
                }
                '；' | ';' => {
                    stretch = false;
                    seg_lo = k + 1;
                }
                '，' | ',' | '：' | ':' | '（' | '(' | '）' | ')' => seg_lo = k + 1,
                '力' if c.get(k + 1) == Some(&'争') => stretch = true,
                _ => {}
            }
        }
        let start = i;
        let end1 = read_number(&c, start);
        let num1: String = c[start..end1].iter().collect();
        i = end1;
        scanned = start;

        let prev = start.checked_sub(1).map(|k| c[k]);
        if prev.is_some_and(|p| {
            p.is_ascii_alphanumeric() || matches!(p, '.' | '+' | '第' | '×' | '_' | '/')
        }) || quoted[start]
        {
            // Skip the rest of an identifier such as `HG14` or `1+3+2`.
            while i < c.len() && (c[i].is_ascii_alphanumeric() || c[i] == '.') {
                i += 1;
            }
            continue;
        }

        // A range: `3-4`, `15-20`, `3—4`.
        let mut num2: Option<String> = None;
        let mut j = end1;
        if j + 1 < c.len() && RANGE_SEPS.contains(&c[j]) && c[j + 1].is_ascii_digit() {
            let end2 = read_number(&c, j + 1);
            num2 = Some(c[j + 1..end2].iter().collect());
            j = end2;
        }

        // Years set the context; a baseline year (`比2020年`) does not.
        if c.get(j) == Some(&'年') && is_year(&num1) {
            // Only a future year can be a target's year: `2005年前建成的`
            // is history, `比2020年` a baseline.
            let year: Option<i32> = num1.parse().ok().filter(|y| (2021..=2050).contains(y));
            if num2.is_none()
                && year.is_some()
                && !prev.is_some_and(|p| matches!(p, '比' | '较' | '于' | '从'))
            {
                year_ctx = year;
            }
            last_num_end = j + 1;
            i = j + 1;
            continue;
        }
        // `1+3+2`, a fraction `2/3`, a dotted code: names, not quantities.
        if c.get(j).is_some_and(|n| matches!(n, '+' | '.' | '/')) {
            continue;
        }

        let window: String = c[j..(j + 16).min(c.len())].iter().collect();
        let mut measure = String::new();
        let mut pow = 0u32;
        let mut approx: Option<&str> = None;
        let qualifier: Option<String>;
        let consumed: usize;
        if let Some(m) = SUFFIX.captures(&window) {
            let unit_after = &window[m.get(0).map_or(0, |g| g.end())..];
            if let Some(money) = m.name("money") {
                measure.push_str(money.as_str());
            } else {
                let (p, prefix) = match m.name("mult").map(|g| g.as_str()) {
                    Some("万亿") => (4, "亿"),
                    Some("千亿") => (3, "亿"),
                    Some("百亿") => (2, "亿"),
                    Some("亿") => (0, "亿"),
                    Some("千万") => (7, ""),
                    Some("百万") => (6, ""),
                    Some("万") => (4, ""),
                    _ => (0, ""),
                };
                pow = p;
                measure.push_str(prefix);
                let unit = m.name("unit").map_or("", |g| g.as_str());
                measure.push_str(if unit == "个百分点" {
                    "百分点"
                } else {
                    unit
                });
            }
            if let Some(per) = m.name("per") {
                measure.push_str(per.as_str());
            }
            let duration =
                if measure == "个" && is_duration_after(unit_after, m.name("qual").is_some()) {
                    // A duration is a target only as a time limit right after a
                    // verb (`压减到20个工作日`), never `印发1个月内`.
                    let touching = verb_touches(&c[seg_lo.max(last_num_end)..start]);
                    match duration_after(&window) {
                        Some(d) if touching => Some(d),
                        _ => continue,
                    }
                } else {
                    None
                };
            // `排名前5位`, `前10名` are ranks.
            if matches!(measure.as_str(), "位" | "名") && prev == Some('前') {
                continue;
            }
            if let Some(d) = duration {
                (measure, qualifier, consumed) = d;
            } else {
                approx = m
                    .name("approx1")
                    .or_else(|| m.name("approx2"))
                    .map(|g| g.as_str());
                qualifier = m.name("qual").map(|g| g.as_str().to_string());
                consumed = m.get(0).map_or(0, |g| g.as_str().chars().count());
            }
        } else {
            // A number without unit counts right after a verb (`达到117`,
            // `压减至3.5小时以内`, `达到80岁左右`), or with 万/亿 and a
            // qualifier (`服务用户300万以上`); never otherwise.
            let touching = verb_touches(&c[seg_lo.max(last_num_end)..start]);
            if let Some(d) = duration_after(&window).filter(|_| touching) {
                (measure, qualifier, consumed) = d;
            } else {
                let Some(m) = BARE.captures(&window) else {
                    continue;
                };
                let len = m.get(0).map_or(0, |g| g.as_str().chars().count());
                let next = c.get(j + len).copied();
                let multiplied = m.name("mult").is_some() && m.name("qual").is_some();
                if !(touching || multiplied) || next.is_some_and(char::is_alphanumeric) {
                    continue;
                }
                match m.name("mult").map(|g| g.as_str()) {
                    Some("万亿") => {
                        pow = 4;
                        measure.push('亿');
                    }
                    Some("亿") => measure.push('亿'),
                    Some("万") => pow = 4,
                    _ => {}
                }
                qualifier = m.name("qual").map(|g| g.as_str().to_string());
                consumed = len;
            }
        }
        let end = j + consumed;

        // Comparator: nearest verb in this clause since the last number.
        let lo = seg_lo.max(last_num_end);
        let verb = last_verb(&c[lo..start]).map(|(pos, v)| (lo + pos, v));
        let inherited = match (&verb, &prev_target) {
            (None, Some((pend, pcmp))) if *pend <= start && pcmp.is_some() => {
                let between = &c[*pend..start];
                if !between.is_empty() && between.iter().all(|ch| LIST_SEPS.contains(ch)) {
                    pcmp.clone()
                } else {
                    None
                }
            }
            _ => None,
        };
        let comparator = verb
            .as_ref()
            .map(|(_, v)| v.to_string())
            .or(inherited)
            .or_else(|| qualifier.clone())
            .or_else(|| approx.map(str::to_string));
        // The phrase starts at the verb when it is close; a verb far away
        // (`培育青岛市大沽河沿岸…等12个`) still gives the comparator.
        let phrase_start = verb
            .as_ref()
            .map_or(start, |(p, _)| if start - *p <= 12 { *p } else { start });

        let mut target = Target {
            measure,
            year: year_ctx,
            comparator: comparator.clone(),
            stretch,
            text: c[phrase_start..end].iter().collect(),
            ..Target::default()
        };
        match num2 {
            Some(n2) => {
                target.min_value = Some(scale(&num1, pow));
                target.max_value = Some(scale(&n2, pow));
            }
            None => target.value = Some(scale(&num1, pow)),
        }
        out.push(target);
        prev_target = Some((end, comparator));
        last_num_end = end;
        i = end;
    }
    out
}

/// End (exclusive) of the number starting at `start`: digits, optionally a
/// decimal point and more digits.
fn read_number(c: &[char], start: usize) -> usize {
    let mut k = start;
    while k < c.len() && c[k].is_ascii_digit() {
        k += 1;
    }
    if k + 1 < c.len() && c[k] == '.' && c[k + 1].is_ascii_digit() {
        k += 1;
        while k < c.len() && c[k].is_ascii_digit() {
            k += 1;
        }
    }
    k
}

fn is_year(num: &str) -> bool {
    num.len() == 4 && num.parse::<u32>().is_ok_and(|y| (1949..=2100).contains(&y))
}

/// `10个工作日`, `6个月`, `24个小时` are durations, not quantities.
fn is_duration_after(after_unit: &str, qualified: bool) -> bool {
    !qualified
        && ["工作日", "月", "小时", "季度", "年度"]
            .iter()
            .any(|d| after_unit.starts_with(d))
}

/// [`VERBS`] and [`ADJACENT_VERBS`] as characters, for matching on `&[char]`.
type VerbLists = (Vec<Vec<char>>, Vec<Vec<char>>);

static VERB_CHARS: LazyLock<VerbLists> = LazyLock::new(|| {
    let chars = |list: &[&str]| list.iter().map(|v| v.chars().collect()).collect();
    (chars(VERBS), chars(ADJACENT_VERBS))
});

/// True when a verb (of either list) ends exactly where `seg` ends.
fn verb_touches(seg: &[char]) -> bool {
    let (main, adjacent) = &*VERB_CHARS;
    main.iter().chain(adjacent).any(|v| seg.ends_with(v))
}

/// The verb that ends last in `seg` (longest on ties), with its start index.
/// Adjacent-only verbs count only at the very end of `seg`. Scans backwards
/// and stops at the first end position that closes a verb, so the cost is
/// bounded by the distance to the nearest verb.
fn last_verb(seg: &[char]) -> Option<(usize, &'static str)> {
    let (main, adjacent) = &*VERB_CHARS;
    for end in (1..=seg.len()).rev() {
        let head = &seg[..end];
        let mut best: Option<usize> = None;
        for (k, v) in main.iter().enumerate() {
            if head.ends_with(v) && best.is_none_or(|b| main[b].len() < v.len()) {
                best = Some(k);
            }
        }
        if end == seg.len() {
            // A short verb touching the number (`超16万个`) is nearer than a
            // longer verb ending earlier, but not than one ending here.
            if best.is_none() {
                if let Some(k) = adjacent.iter().position(|v| head.ends_with(v)) {
                    return Some((end - adjacent[k].len(), ADJACENT_VERBS[k]));
                }
            }
        }
        if let Some(k) = best {
            return Some((end - main[k].len(), VERBS[k]));
        }
    }
    None
}

/// Marks characters inside a short quotation (`“1+3+2”`, `“十四五”`): numbers
/// there are names, not quantities. Long quotations (over 20 characters) are
/// running text and stay unmasked.
fn quote_mask(c: &[char]) -> Vec<bool> {
    let mut mask = vec![false; c.len()];
    let mut k = 0;
    while k < c.len() {
        if c[k] == '“' {
            if let Some(len) = c[k + 1..].iter().take(21).position(|&x| x == '”') {
                for m in mask.iter_mut().skip(k).take(len + 2) {
                    *m = true;
                }
                k += len + 2;
                continue;
            }
        }
        k += 1;
    }
    mask
}

/// `num` × 10^`pow` as a canonical decimal string: no exponent, no leading
/// zeros in the integer part, no trailing zeros in the fraction.
pub fn scale(num: &str, pow: u32) -> String {
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    let mut digits: String = format!("{int}{frac}");
    let point = int.len() + pow as usize;
    while digits.len() < point {
        digits.push('0');
    }
    let (i, f) = digits.split_at(point);
    let i = i.trim_start_matches('0');
    let f = f.trim_end_matches('0');
    let i = if i.is_empty() { "0" } else { i };
    if f.is_empty() {
        i.to_string()
    } else {
        format!("{i}.{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (value or "min-max", measure, comparator, year, stretch)
    type Row = (String, String, String, Option<i32>, bool);

    fn rows(text: &str) -> Vec<Row> {
        find(&super::super::normalize(text))
            .into_iter()
            .map(|t| {
                let v = match (&t.value, &t.min_value, &t.max_value) {
                    (Some(v), _, _) => v.clone(),
                    (None, Some(a), Some(b)) => format!("{a}-{b}"),
                    _ => String::new(),
                };
                (
                    v,
                    t.measure,
                    t.comparator.unwrap_or_default(),
                    t.year,
                    t.stretch,
                )
            })
            .collect()
    }

    fn r(v: &str, m: &str, c: &str, y: Option<i32>, s: bool) -> Row {
        (v.into(), m.into(), c.into(), y, s)
    }

    #[test]
    fn simple_levels_with_wan_folded() {
        // sd-2022-three-tens.txt l.41 (spaced in the source).
        assert_eq!(
            rows("科技型中小企业达到 3 万家，高新技术企业达到 2.3 万家"),
            [
                r("30000", "家", "达到", None, false),
                r("23000", "家", "达到", None, false)
            ]
        );
        // sd-2022-three-tens.txt l.41: 亿 stays in the unit.
        assert_eq!(
            rows("技术合同交易额达到 3000 亿元"),
            [r("3000", "亿元", "达到", None, false)]
        );
        let t = &find("技术合同交易额达到3000亿元")[0];
        assert_eq!(t.text, "达到3000亿元");
    }

    #[test]
    fn growth_targets_keep_their_verb() {
        // sd-2023-green-pilot-key-tasks.txt l.95 (after t2s).
        assert_eq!(
            rows("全省跨境电商进出口增长10%以上"),
            [r("10", "%", "增长", None, false)]
        );
        // sd-2022-three-tens.txt l.41: percentage points are not percent.
        assert_eq!(
            rows("比重提高 2 个百分点左右"),
            [r("2", "百分点", "提高", None, false)]
        );
        // sd-2022-three-tens.txt l.43: 力争 makes it a stretch goal.
        assert_eq!(
            rows("力争省级财政基础研究投入增长 10%以上"),
            [r("10", "%", "增长", None, true)]
        );
        assert_eq!(
            rows("全社会研发经费投入年均增长10%左右"),
            [r("10", "%", "年均增长", None, false)]
        );
    }

    #[test]
    fn year_indexed_pairs() {
        // sd-2024-2025-ten-innovations.txt l.3.
        assert_eq!(
            rows("比重2024年达到52%、2025年达到53%"),
            [
                r("52", "%", "达到", Some(2024), false),
                r("53", "%", "达到", Some(2025), false)
            ]
        );
        assert_eq!(
            rows("高新技术企业2024年突破3.5万家、2025年突破3.8万家"),
            [
                r("35000", "家", "突破", Some(2024), false),
                r("38000", "家", "突破", Some(2025), false)
            ]
        );
        // sd-2024-2025-ten-innovations.txt l.7: 力争到2025年 gives year and stretch.
        assert_eq!(
            rows("全力争创全国重点实验室，力争到2025年总数达到30家"),
            [r("30", "家", "达到", Some(2025), true)]
        );
    }

    #[test]
    fn fenbie_lists_share_the_verb() {
        // sd-2022-three-tens.txt l.1237: `2市` is not a target.
        assert_eq!(
            rows("2市软件业营业收入分别突破4300亿元、3300亿元"),
            [
                r("4300", "亿元", "突破", None, false),
                r("3300", "亿元", "突破", None, false)
            ]
        );
        // sd-2024-2025-ten-innovations.txt l.125.
        assert_eq!(
            rows("新能源整车产量、锂电产能分别达到100万辆和150GWh左右"),
            [
                r("1000000", "辆", "达到", None, false),
                r("150", "GWh", "达到", None, false)
            ]
        );
        // sd-2023-2025-green-pilot-plan.txt: a year in the past is no target year.
        assert_eq!(
            rows("力争基本完成2005年前建成的老旧小区改造任务，完成60%以上"),
            [r("60", "%", "完成", None, true)]
        );
        // sd-2023-2025-green-pilot-plan.txt l.199: the baseline year is not the target's year.
        assert_eq!(
            rows("分别比2020年下降16%和10%"),
            [
                r("16", "%", "下降", None, false),
                r("10", "%", "下降", None, false)
            ]
        );
        // sd-2023-green-pilot-key-tasks.txt l.16 (after t2s), paired without 分别.
        assert_eq!(
            rows("新增国家、省技术创新示范企业3家、80家左右"),
            [
                r("3", "家", "新增", None, false),
                r("80", "家", "新增", None, false)
            ]
        );
    }

    #[test]
    fn ranges() {
        // sd-2022-three-tens.txt l.53, sd-2024-2025-ten-innovations.txt l.7 (em-dash),
        // sd-2022-three-tens.txt l.1599, sd-2022-three-tens.txt l.1095,
        // sd-2024-2025-ten-innovations.txt l.8.
        assert_eq!(
            rows("争创 3-4 个国家先进制造业集群"),
            [r("3-4", "个", "", None, false)]
        );
        assert_eq!(
            rows("新组建3—4家省实验室"),
            [r("3-4", "家", "", None, false)]
        );
        assert_eq!(
            rows("15-20 项左右"),
            [r("15-20", "项", "左右", None, false)]
        );
        assert_eq!(rows("5-10 部"), [r("5-10", "部", "", None, false)]);
        assert_eq!(
            rows("两年新建3—5家省高新区"),
            [r("3-5", "家", "新建", None, false)]
        );
        assert_eq!(
            rows("打造1—2个创新型产业集群"),
            [r("1-2", "个", "打造", None, false)]
        );
    }

    #[test]
    fn bare_indices_and_ratios() {
        // sd-2022-three-tens.txt l.1205, sd-2023-2025-green-pilot-plan.txt l.201,
        // sd-2023-2025-green-pilot-plan.txt l.77.
        assert_eq!(
            rows("两化融合指数达到 117"),
            [r("117", "", "达到", None, false)]
        );
        assert_eq!(
            rows("农田灌溉水有效利用系数提高到0.651"),
            [r("0.651", "", "提高到", None, false)]
        );
        assert_eq!(
            rows("焦钢比稳定在0.4左右"),
            [r("0.4", "", "稳定在", None, false)]
        );
    }

    #[test]
    fn compound_units() {
        // sd-2022-three-tens.txt l.1455, sd-2023-2025-green-pilot-plan.txt l.209,
        // sd-2024-2025-ten-innovations.txt l.114, sd-2024-2025-ten-innovations.txt l.125,
        // sd-2023-green-pilot-key-tasks.txt l.57.
        assert_eq!(
            rows("5.04 万元/辆"),
            [r("5.04", "万元/辆", "", None, false)]
        );
        assert_eq!(
            rows("PM2.5平均浓度降至38微克/立方米"),
            [r("38", "微克/立方米", "降至", None, false)]
        );
        assert_eq!(
            rows("算力达到12.5EFLOPS"),
            [r("12.5", "EFLOPS", "达到", None, false)]
        );
        assert_eq!(
            rows("产能达到140GWh"),
            [r("140", "GWh", "达到", None, false)]
        );
        assert_eq!(rows("35蒸吨/小时"), [r("35", "蒸吨/小时", "", None, false)]);
        assert_eq!(rows("1.2万亿元"), [r("12000", "亿元", "", None, false)]);
        assert_eq!(
            rows("新增1000万千瓦"),
            [r("10000000", "千瓦", "新增", None, false)]
        );
        assert_eq!(rows("2000余家"), [r("2000", "家", "余", None, false)]);
        // sd-2022-three-tens.txt: time limits and ages right after a verb; 万 with a qualifier.
        assert_eq!(
            rows("接电时间压减至3.5小时以内"),
            [r("3.5", "小时", "压减至", None, false)]
        );
        assert_eq!(
            rows("人均预期寿命达到80岁左右"),
            [r("80", "岁", "达到", None, false)]
        );
        assert!(rows("推进3岁以下婴幼儿照护").is_empty());
        // sd-2022-three-tens.txt l.3263: `新增3岁以下婴幼儿托位数7万个以上` is one target.
        assert_eq!(
            rows("新增3岁以下婴幼儿托位数7万个以上"),
            [r("70000", "个", "新增", None, false)]
        );
        assert!(rows("3月1日至5月底").is_empty());
        assert_eq!(
            rows("实现服务用户300万以上"),
            [r("3000000", "", "实现", None, false)]
        );
        // sd-2022-three-tens.txt l.209, l.3385: time limits.
        assert_eq!(
            rows("办理时限压减到20个工作日"),
            [r("20", "工作日", "压减到", None, false)]
        );
        assert_eq!(
            rows("平均时间压缩至5个工作日以内"),
            [r("5", "工作日", "压缩至", None, false)]
        );
        // sd-2023-green-pilot-key-tasks.txt l.86: 千米 is a unit, not 千 × 米.
        assert_eq!(rows("18千米"), [r("18", "千米", "", None, false)]);
    }

    #[test]
    fn identifiers_and_dates_are_not_targets() {
        for text in [
            "5G基站",
            "“十四五”",
            "青岛地铁4号线",
            "“1+3+2”",
            "2022年",
            "1.强化基础研究",
            "（1）建设",
            "第3届",
            "PM2.5",
            "HG14",
            "6月底前",
            "3年内",
            "10个工作日内",
            "印发1个月内",
            "支持2市",
            "覆盖16市",
            "排名前5位的市",
            "达到2/3以上",
            "金融业增加值占GDP比重稳中有升",
        ] {
            assert!(rows(text).is_empty(), "{text}: {:?}", rows(text));
        }
    }

    #[test]
    fn scale_is_canonical() {
        assert_eq!(scale("2.3", 4), "23000");
        assert_eq!(scale("0.651", 0), "0.651");
        assert_eq!(scale("3.50", 0), "3.5");
        assert_eq!(scale("007", 0), "7");
        assert_eq!(scale("0.5", 4), "5000");
        assert_eq!(scale("1.23456", 4), "12345.6");
    }
}
