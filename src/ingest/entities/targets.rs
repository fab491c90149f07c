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
//! A quantity is a target only when it is a level, an increment, a count
//! to build or cultivate, a rate or a share (`Shape::is_target`; the rule
//! with examples both ways is in ARCHITECTURE.md, "What is a target"):
//! size classes and thresholds (`500万元以上技改项目`, `30万千瓦以下机组`),
//! subsidies, caps and their ratios (`给予最高500万元`, `按不超过10%的比例`),
//! specifications (`30万吨级`, `35千伏`, `200万吨/年乙烯`), denominators
//! (`每10万人口`), conditions (`超过10人的，`), starting values (`从42条`)
//! and inventories (`现有157家`, `已排查的1398处`, a sentence about a year
//! before the plan) are not.
//!
//! Each target gets:
//! * its **indicator**, what is counted as printed (`indicator_of`): the
//!   noun after the measure (`培育10家以上领军企业`), else between verb and
//!   number (`建成5G基站20万个`), else the subject before the verb
//!   (`高新技术企业达到2.3万家`); a list that shares one verb splits its
//!   subject among its members (`distribute`);
//! * its **comparator** as printed: the nearest target verb before the
//!   number in the same clause ([`VERBS`]; a list member inherits the
//!   previous one's) joined with the qualifier after it (`达到…以上`,
//!   `培育…左右`), and its **direction** ([`Direction`]): the qualifier
//!   decides (`以上` at least, `以内`/`以下` at most, `左右`/`约` about), else
//!   a bounding verb (`突破`, `不低于`; `不超过`, `控制在`), else exactly;
//! * its **year**: a year printed in its own clause (stated), else the
//!   year of its sentence or the paragraph's governing `到20XX年`
//!   (sentence); the plan's end year (plan) is filled in by ingestion,
//!   which knows the plan.
//!
//! `stretch` is set when `力争` precedes the number in the same clause.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Direction, Target, YearSource};

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
    "争创",
    "创建",
    "创成",
    "实施",
    "认定",
    "新认定",
    "引进",
    "招引",
    "引育",
    "开工",
    "改造",
    "关停",
    "淘汰",
    "退出",
    "推广",
    "发放",
    "带动",
    "吸引",
    "吸纳",
    "开展",
    "举办",
    "组建",
    "新组建",
    "推出",
    "培训",
    "布局",
    "储备",
    "建立",
    "集聚",
    "入选",
    "造林",
    "修复",
    "治理",
    "整治",
    "开通",
    "提供",
    "建设",
    "评选",
    "遴选",
    "选树",
    "巩固在",
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
    "千伏安",
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

const QUALIFIERS: &str = "及以上|及以下|以上|左右|以内|以下|之内";

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

/// Measures that count things (`10家`, `3个`): a count followed by what it
/// counts is a target (`培育10家以上领军企业`). Everything else is a
/// magnitude (money, energy, mass, area, shares), whose `以上`/`以下` before
/// a noun is a size class (`500万元以上项目`).
const COUNTS: &[&str] = &[
    "个", "家", "项", "座", "台", "台套", "套", "条", "所", "场", "次", "部", "种", "处", "支",
    "辆", "件", "头", "只", "艘", "架", "间", "篇", "门", "批", "片", "株", "棵", "位", "颗", "栋",
    "册", "份", "例", "对", "列", "班", "票", "款",
];

/// Counts of people and beds, which size a unit when `以上` and a noun
/// follow (`300人以上企业`, `100床以上医院`).
const SIZE_COUNTS: &[&str] = &["人", "人次", "户", "名", "床", "张"];

/// Words printed right before a magnitude that describes one object (`总投资
/// 60亿元“两高”企业`, `年产200万吨乙烯`): the magnitude sizes what follows it.
const SIZE_WORDS: &[&str] = &[
    "总投资",
    "投资",
    "年产",
    "产能",
    "单机",
    "容量",
    "营业收入",
    "营收",
    "主营业务收入",
    "销售收入",
    "产值",
    "资产",
    "规模",
    "注册资本",
    "面积",
];

/// Words in a clause that make its money a subsidy, a cap or a fund, not
/// a target (`给予最高500万元奖补`, `每个托位1万元`, `安排1000万元资金`).
const SUPPORT_WORDS: &[&str] = &[
    "最高",
    "给予",
    "奖补",
    "补助",
    "补贴",
    "奖励",
    "资助",
    "贴息",
    "扶持",
    "一次性",
    "资金",
    "专项",
    "每个",
    "每家",
    "每户",
    "每人",
    "每台",
    "每项",
    "每辆",
    "每位",
    "每所",
    "每处",
    "每座",
    "每张",
    "每千瓦",
    "每吨",
];

/// Words before a number in its clause that make it an existing
/// inventory (`现有157家`, `已排查的1398处`, `截至2022年底`).
const INVENTORY_WORDS: &[&str] = &["已", "现有", "目前", "截至", "截止", "现存"];

/// Leading words of an indicator that say how or where, not what: scope,
/// aspiration, accumulation (`全省`, `力争`, `累计`).
const LEADING_NOISE: &[&str] = &[
    "力争",
    "确保",
    "争取",
    "努力",
    "全省",
    "全市",
    "全县",
    "全区",
    "全州",
    "我省",
    "我市",
    "本省",
    "本市",
    "其中",
    "累计",
    "分别",
    "总计",
    "共计",
    "进一步",
    "基本",
    "持续",
    "逐步",
    "稳步",
    "力求",
    "预计",
    "年底前",
    "年底",
    "年末",
    "年内",
    "全年",
    "当年",
    "今年",
    "每年",
    "届时",
    "到",
    "至",
    "实现",
    "推动",
    "推进",
    "促进",
    "带动",
    "引导",
    "引领",
    "保持",
    "支持",
    "鼓励",
    "加快",
    "力促",
    "实施",
    "建设",
    "组织",
    "确定",
    "并",
    "且",
    "还",
    "将",
    "要",
    "对",
    "的",
    "、",
    "和",
    "及",
    "与",
    "，",
    "：",
    "“”",
];

/// Trailing words of an indicator: adverbs between the subject and its verb.
const TRAILING_NOISE: &[&str] = &[
    "分别",
    "均",
    "都",
    "总计",
    "累计",
    "力争",
    "将",
    "要",
    "需",
    "预计",
    "确保",
    "争取",
    "年底前",
    "年底",
    "年内",
    "全年",
    "当年",
    "的",
    "、",
    "和",
    "及",
    "与",
    "，",
    "：",
    "共",
    "稳定",
    "持续",
    "进一步",
    "基本",
    "逐步",
    "力求",
    "有望",
    "约",
    "近",
    "各",
    "两年",
    "三年",
    "力争",
];

/// Verbs that govern what follows in a subject (`引领全省软件业实现营业收入`
/// → `营业收入`): the indicator starts after the last one.
const CONTROL_VERBS: &[&str] = &[
    "实现", "推动", "带动", "引导", "引领", "促进", "确保", "力争", "争取", "支持", "鼓励", "加快",
    "推进", "力促",
];

/// Verbs that only compare (`达到`, `增长`): they never name what is counted.
const PURE_COMPARATORS: &[&str] = &[
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
    "累计",
    "完成",
    "实现",
    "巩固在",
    "达",
    "超",
    "至",
];

/// Bound words of a comparator verb.
const AT_LEAST_VERBS: &[&str] = &["突破", "超过", "超出", "超", "不低于", "不少于", "高于"];
const AT_MOST_VERBS: &[&str] = &[
    "不超过",
    "不高于",
    "低于",
    "控制在",
    "压减至",
    "压减到",
    "压缩至",
    "压缩到",
    "缩短至",
    "缩短到",
];

/// A year that can be a target's: from the plan's start year on (any
/// year 2000–2100 when the plan's year is unknown).
fn usable_year(year: i32, plan_year: i32) -> bool {
    if plan_year > 0 {
        (plan_year..=plan_year + 30).contains(&year)
    } else {
        (2000..=2100).contains(&year)
    }
}

/// Finds every target in normalised text, in printed order, for a plan
/// starting in `plan_year` (0 when unknown): a year before it marks a
/// sentence about the past, whose numbers are no targets.
pub fn find(text: &str, plan_year: i32) -> Vec<Target> {
    let c: Vec<char> = text.chars().collect();
    let quoted = quote_mask(&c);
    let mut out: Vec<Target> = Vec::new();
    // For each target: its list group (targets sharing one verb) and the
    // index of its clause start.
    let mut groups: Vec<usize> = Vec::new();

    // The year of the sentence so far, with where it was printed.
    let mut year_ctx: Option<(i32, usize)> = None;
    // The governing `到20XX年` of the paragraph so far.
    let mut para_year: Option<i32> = None;
    // The sentence speaks of a year before the plan: its numbers are history.
    let mut past = false;
    let mut stretch = false;
    let mut seg_lo = 0usize; // start of the current clause
                             // Start of the clause for what is counted: brackets do not end it
                             // (`示范园区（基地）达到5家`).
    let mut noun_lo = 0usize;
    let mut last_num_end = 0usize; // end of the last year or target
    let mut last_target_end = 0usize;
    let mut prev_target: Option<(usize, Option<&'static str>)> = None;
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
                    past = false;
                    stretch = false;
                    seg_lo = k + 1;
                    noun_lo = k + 1;
                }
                '；' | ';' => {
                    stretch = false;
                    seg_lo = k + 1;
                    noun_lo = k + 1;
                }
                '，' | ',' | '：' | ':' => {
                    seg_lo = k + 1;
                    noun_lo = k + 1;
                }
                '（' | '(' | '）' | ')' => seg_lo = k + 1,
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
            let year: Option<i32> = num1.parse().ok();
            let baseline =
                prev.is_some_and(|p| matches!(p, '比' | '较' | '于' | '从' | '自' | '在'));
            if let (None, Some(y), false) = (&num2, year, baseline) {
                if usable_year(y, plan_year) {
                    year_ctx = Some((y, start));
                    if matches!(prev, Some('到' | '至')) {
                        para_year = Some(y);
                    }
                } else if plan_year > 0
                    && y < plan_year
                    && start == seg_lo
                    && !matches!(c.get(j + 1), Some('前' | '以' | '起'))
                {
                    // `2021年，全省…达到` in a 2022 plan: a report, not a
                    // goal (`2005年前建成的小区` only dates a noun).
                    past = true;
                }
            }
            last_num_end = j + 1;
            i = j + 1;
            continue;
        }
        // `1+3+2`, a fraction `2/3`, a dotted code, a ratio `1:1`: names or
        // proportions, not quantities.
        if c.get(j)
            .is_some_and(|n| matches!(n, '+' | '.' | '/' | ':' | '∶'))
        {
            continue;
        }

        let window: String = c[j..(j + 16).min(c.len())].iter().collect();
        let mut measure = String::new();
        let mut pow = 0u32;
        let mut approx: Option<&str> = None;
        let qualifier: Option<String>;
        let consumed: usize;
        let mut per_year = false;
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
                per_year = per.as_str() == "/年";
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

        let shape = Shape {
            start,
            end,
            measure: &measure,
            qualifier: qualifier.as_deref(),
            per_year,
            seg_lo,
        };
        if past || !shape.is_target(&c) {
            continue;
        }

        // Comparator: nearest verb in this clause since the last number.
        let lo = seg_lo.max(last_num_end);
        let verb = last_verb(&c[lo..start]).map(|(pos, v)| (lo + pos, v));
        let inherited = match (&verb, &prev_target) {
            (None, Some((pend, pverb))) if *pend <= start && pverb.is_some() => {
                let between = &c[*pend..start];
                if !between.is_empty() && between.iter().all(|ch| LIST_SEPS.contains(ch)) {
                    Some(*pverb)
                } else {
                    None
                }
            }
            _ => None,
        };
        let verb_word: Option<&'static str> = verb.map(|(_, v)| v).or(inherited.flatten());
        let about = matches!(prev, Some('约' | '近'));
        let comparator = comparator_words(verb_word, qualifier.as_deref(), approx, about);
        let direction = direction_of(verb_word, qualifier.as_deref(), approx, about);
        // The phrase starts at the verb when it is close; a verb far away
        // (`培育青岛市大沽河沿岸…等12个`) still gives the comparator.
        let phrase_start = verb
            .as_ref()
            .map_or(start, |(p, _)| if start - *p <= 12 { *p } else { start });

        let (year, year_source) = match (year_ctx, para_year) {
            (Some((y, pos)), _) if pos >= seg_lo => (Some(y), Some(YearSource::Stated)),
            (Some((y, _)), _) => (Some(y), Some(YearSource::Sentence)),
            (None, Some(y)) => (Some(y), Some(YearSource::Sentence)),
            (None, None) => (None, None),
        };

        // The group: a list member joins the previous target's.
        let group = match (inherited.is_some(), groups.last()) {
            (true, Some(&g)) => g,
            _ => groups.last().map_or(0, |g| g + 1),
        };
        let indicator = if inherited.is_some() {
            // Filled below from the group's first member.
            String::new()
        } else {
            indicator_of(
                &c,
                noun_lo.max(last_target_end),
                verb,
                start,
                end,
                out.last()
                    .filter(|_| prev_target.is_some_and(|(pend, _)| pend >= seg_lo))
                    .map(|t| t.indicator.as_str()),
            )
        };

        let mut target = Target {
            indicator,
            measure,
            year,
            year_source,
            comparator,
            direction,
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
        groups.push(group);
        prev_target = Some((end, verb_word));
        last_num_end = end;
        last_target_end = end;
        i = end;
    }
    distribute(&mut out, &groups);
    out
}

/// Gives the members of each list group their indicators: the first
/// member's indicator split at `、`/`和`/`及`/`与` when it names as many
/// items as the group has members (`国家级智能工厂、绿色工厂和绿色园区分别达到
/// 50家、500家和50家`), else the first member's indicator for all.
fn distribute(targets: &mut [Target], groups: &[usize]) {
    let mut k = 0;
    while k < targets.len() {
        let mut n = 1;
        while k + n < targets.len() && groups[k + n] == groups[k] {
            n += 1;
        }
        if n > 1 {
            let whole = targets[k].indicator.clone();
            let items = split_items(&whole);
            for (m, t) in targets[k..k + n].iter_mut().enumerate() {
                t.indicator = if items.len() == n {
                    items[m].clone()
                } else {
                    whole.clone()
                };
            }
        }
        k += n;
    }
}

/// The items of a coordinated noun phrase, split outside quotation marks.
fn split_items(phrase: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    for ch in phrase.chars() {
        match ch {
            '“' | '（' | '(' | '《' => depth += 1,
            '”' | '）' | ')' | '》' => depth -= 1,
            _ => {}
        }
        if depth == 0 && matches!(ch, '、' | '和' | '及' | '与') {
            items.push(std::mem::take(&mut current));
        } else {
            current.push(ch);
        }
    }
    items.push(current);
    let items: Vec<String> = items.into_iter().filter(|s| !s.is_empty()).collect();
    items
}

/// A number with its measure, and where it sits, to decide whether it is
/// a target at all (the rule written out in ARCHITECTURE.md, "What is a target").
struct Shape<'a> {
    start: usize,
    end: usize,
    measure: &'a str,
    qualifier: Option<&'a str>,
    per_year: bool,
    seg_lo: usize,
}

impl Shape<'_> {
    /// False for specifications, size classes, thresholds, denominators,
    /// subsidies and caps, ratios of support, and inventories.
    fn is_target(&self, c: &[char]) -> bool {
        let after = c.get(self.end).copied();
        let after2 = c.get(self.end + 1).copied();
        let noun_follows = after.is_some_and(starts_noun)
            || (after == Some('的') && after2.is_some_and(starts_noun));
        let count = COUNTS.contains(&self.measure);
        let size_count = SIZE_COUNTS.contains(&self.measure);
        let money = self.measure.contains('元');
        let clause_end = c[self.end..]
            .iter()
            .position(|&ch| matches!(ch, '，' | ',' | '。' | '；' | ';' | '！' | '？' | '：'))
            .map_or(c.len(), |p| self.end + p);
        let before = &c[self.seg_lo..self.start];
        let clause = &c[self.seg_lo..clause_end];

        // Design specifications: voltage classes (`35千伏`), ship and port
        // classes (`30万吨级`), the yearly capacity of one plant
        // (`200万吨/年乙烯`).
        if self.measure == "千伏"
            || after == Some('级')
            || (self.per_year && noun_follows)
            || starts_with(&c[self.end..], "范围")
        {
            return false;
        }
        // `30人（含）以下的企业`: a size class with its bound in brackets.
        for open in ["（含）", "(含)"] {
            let rest = &c[self.end..];
            if starts_with(rest, open) {
                let k = self.end + open.chars().count();
                let bound = &c[k..];
                let follows = |n: usize| {
                    c.get(k + n).copied().is_some_and(starts_noun)
                        || (c.get(k + n) == Some(&'的')
                            && c.get(k + n + 1).copied().is_some_and(starts_noun))
                };
                if starts_with(bound, "以下") || starts_with(bound, "以内") {
                    return false;
                }
                if starts_with(bound, "以上") && follows(2) && (!count || size_count) {
                    return false;
                }
            }
        }
        // A denominator: `每10万人口`.
        if self.start > 0 && c[self.start - 1] == '每' {
            return false;
        }
        // What the noun after the number leads to: another number in the
        // clause before any list separator (`…以上的企业达到100家`,
        // `10亿元项目20个`), or a verb with a number (`200家领军企业营业收入
        // 突破2.3万亿元`): then the number describes that noun.
        let rest = &c[self.end..clause_end];
        let list_end = rest
            .iter()
            .position(|ch| LIST_SEPS.contains(ch))
            .unwrap_or(rest.len());
        let counted_later = rest[..list_end].iter().any(|ch| ch.is_ascii_digit());
        let level = matches!(self.qualifier, Some("以上" | "及以上"));
        let below = matches!(self.qualifier, Some("以下" | "及以下" | "以内" | "之内"));
        if noun_follows {
            if below {
                // `30万千瓦以下机组`, `15万元以下的纳税人`.
                return false;
            }
            if level {
                // A size class (`500万元以上技改项目`, `300人以上企业`); a count
                // with 以上 before what it counts is a target (`培育10家以上领军企业`),
                // and so is a share of what follows (`80%以上的设区的市达到…`)
                // unless that is counted again (`3%以上的企业达到100家`).
                let share = matches!(self.measure, "%" | "‰");
                // An amount of vouchers is an amount (`发放1亿元以上的消费券`).
                let vouchers = money && rest.contains(&'券');
                if (share && counted_later)
                    || (!share && !vouchers && (!count || size_count || after == Some('的')))
                {
                    return false;
                }
            } else if !count && !size_count && !matches!(self.measure, "%" | "‰") {
                // A bare magnitude before a noun sizes that noun when a size
                // word precedes it (`总投资60亿元项目`) or the noun is
                // counted again (`10亿元项目20个`).
                let sized = SIZE_WORDS.iter().any(|w| ends_with(before, w));
                let directly = rest
                    .iter()
                    .position(|&ch| !starts_noun(ch) && ch != '”' && ch != '的')
                    .is_some_and(|p| rest[p].is_ascii_digit());
                if sized || directly {
                    return false;
                }
            } else if count && self.qualifier.is_none() && verb_then_number(rest) {
                return false;
            }
        }
        // A condition: `超过10人的，`, `达到50%的，给予`; a rule of measure:
        // `按照50公里间距`.
        if after == Some('的')
            && after2.is_none_or(|ch| matches!(ch, '，' | ',' | '。' | '；' | ';' | '）' | ')'))
        {
            return false;
        }
        // `对…增幅达到10%以上的重点企业中`: the clause names whom a measure is for.
        if before.first() == Some(&'对') && after == Some('的') {
            return false;
        }
        if ends_with(before, "按") || ends_with(before, "按照") {
            return false;
        }
        // A count in brackets after a heading: `（8项）`.
        if self.start > 0
            && matches!(c[self.start - 1], '（' | '(')
            && matches!(after, Some('）' | ')'))
        {
            return false;
        }
        // A starting value: `从42条重点产业链中`, `由每服役1年补助4500元`.
        if self.start > 0 && matches!(c[self.start - 1], '从' | '由') {
            return false;
        }
        // Money for support: `给予最高500万元奖补`, `每个托位1万元`, unless a
        // level verb governs it (`创新券补助金额达到1800万元`); ratios of
        // support: `按不超过10%的比例给予`, `给予最高40%、35%的风险补偿`.
        let level_verb = [
            "达到",
            "突破",
            "增长",
            "提高到",
            "提升到",
            "提高至",
            "提升至",
        ]
        .iter()
        .any(|v| ends_with(before, v));
        if money && !level_verb && SUPPORT_WORDS.iter().any(|w| contains(clause, w)) {
            return false;
        }
        if matches!(self.measure, "%" | "‰")
            && (contains(before, "按")
                || contains(before, "给予")
                || contains(before, "最高")
                || [
                    "补贴", "补助", "奖励", "补偿", "贴息", "折扣", "扣除", "费率",
                ]
                .iter()
                .any(|w| contains(rest, w)))
        {
            return false;
        }
        // Inventories: `现有157家`, `已排查的1398处`, `截至2022年底`,
        // `8个现有学科`.
        if starts_with(rest, "现有") || starts_with(rest, "已") {
            return false;
        }
        for w in INVENTORY_WORDS {
            if let Some(p) = find_chars(before, w) {
                let rest = &before[p + w.chars().count()..];
                if !(rest.starts_with(&['基']) || rest.starts_with(&['有', '基'])) {
                    return false;
                }
            }
        }
        true
    }
}

/// True when `seg` starts with a specification such as `5万吨级` or
/// `110千伏`: part of a noun, not a quantity.
fn spec_ahead(seg: &[char]) -> bool {
    let window: String = seg.iter().take(10).collect();
    static SPEC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[0-9.]+(?:万|千|百)?(?:蒸吨/小时|千伏安|立方米|平方米|千瓦|吨|米|瓦)?(?:级|千伏|及以下|及以上|以下|以上)")
            .expect("static spec regex")
    });
    SPEC.is_match(&window)
}

/// The first characters of [`VERBS`] and [`CONTROL_VERBS`]: most
/// positions start no verb, and this says so without trying each one.
static VERB_HEADS: LazyLock<std::collections::HashSet<char>> = LazyLock::new(|| {
    VERBS
        .iter()
        .chain(CONTROL_VERBS)
        .filter_map(|v| v.chars().next())
        .collect()
});

/// True when a target verb or a governing verb starts `seg`.
fn verb_starts(seg: &[char]) -> bool {
    if !seg.first().is_some_and(|c| VERB_HEADS.contains(c)) {
        return false;
    }
    let (main, _) = &*VERB_CHARS;
    main.iter()
        .any(|v| seg.starts_with(v) && !NOUN_HEADS.iter().any(|h| starts_with(&seg[v.len()..], h)))
        || CONTROL_VERBS.iter().any(|v| starts_with(seg, v))
}

/// True when `rest`, up to a list separator, holds a target verb (not
/// the modifier of a noun: `集聚区`) followed later by a digit.
fn verb_then_number(rest: &[char]) -> bool {
    let (main, _) = &*VERB_CHARS;
    let rest = &rest[..rest
        .iter()
        .position(|ch| LIST_SEPS.contains(ch))
        .unwrap_or(rest.len())];
    (0..rest.len()).any(|k| {
        VERB_HEADS.contains(&rest[k])
            && main.iter().any(|v| {
                rest[k..].starts_with(v)
                    && !NOUN_HEADS
                        .iter()
                        .any(|h| starts_with(&rest[k + v.len()..], h))
            })
            && rest[k..].iter().any(|ch| ch.is_ascii_digit())
    })
}

/// A character that can start what a number counts or sizes.
fn starts_noun(ch: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&ch)
        && !matches!(ch, '和' | '及' | '与' | '或' | '的' | '等' | '左' | '以')
        || ch == '“'
        || ch.is_ascii_alphabetic()
}

// Word tests on `&[char]` without allocating: they run for every number
// of every task on the ingest path.

fn starts_with(seg: &[char], word: &str) -> bool {
    let mut it = seg.iter();
    word.chars().all(|w| it.next() == Some(&w))
}

fn ends_with(seg: &[char], word: &str) -> bool {
    let n = word.chars().count();
    seg.len() >= n && starts_with(&seg[seg.len() - n..], word)
}

fn contains(seg: &[char], word: &str) -> bool {
    find_chars(seg, word).is_some()
}

fn find_chars(seg: &[char], word: &str) -> Option<usize> {
    let first = word.chars().next()?;
    (0..seg.len()).find(|&k| seg[k] == first && starts_with(&seg[k..], word))
}

/// Start of the last occurrence of `word` in `seg`.
fn rfind_chars(seg: &[char], word: &str) -> Option<usize> {
    let first = word.chars().next()?;
    (0..seg.len())
        .rev()
        .find(|&k| seg[k] == first && starts_with(&seg[k..], word))
}

/// The comparator as printed: the verb, the qualifier, or both joined by
/// `…` (`达到…以上`, `培育…左右`); `约`/`近` before the number.
fn comparator_words(
    verb: Option<&str>,
    qualifier: Option<&str>,
    approx: Option<&str>,
    about: bool,
) -> Option<String> {
    let bound = qualifier.or(approx);
    let verb = match (verb, about) {
        (Some(v), true) => Some(format!("{v}约")),
        (Some(v), false) => Some(v.to_string()),
        (None, true) => Some("约".to_string()),
        (None, false) => None,
    };
    match (verb, bound) {
        (Some(v), Some(b)) => Some(format!("{v}…{b}")),
        (Some(v), None) => Some(v),
        (None, Some(b)) => Some(b.to_string()),
        (None, None) => None,
    }
}

/// The direction the comparator words mean: a bound word after the number
/// wins over the verb; no bound word at all is `Exactly`.
fn direction_of(
    verb: Option<&str>,
    qualifier: Option<&str>,
    approx: Option<&str>,
    about: bool,
) -> Direction {
    match qualifier {
        Some("左右") => return Direction::About,
        Some("以上" | "及以上") => return Direction::AtLeast,
        Some("以内" | "之内" | "以下" | "及以下") => return Direction::AtMost,
        _ => {}
    }
    if about {
        return Direction::About;
    }
    if approx.is_some() {
        return Direction::AtLeast;
    }
    match verb {
        Some(v) if AT_LEAST_VERBS.contains(&v) => Direction::AtLeast,
        Some(v) if AT_MOST_VERBS.contains(&v) => Direction::AtMost,
        _ => Direction::Exactly,
    }
}

/// What the target at `start..end` counts, as printed:
/// 1. what directly follows the measure (`培育10家以上领军企业`);
/// 2. else what sits between its verb and the number (`建成5G基站20万个`);
/// 3. else the subject before the verb in its clause (`高新技术企业达到2.3万家`),
///    after the last governing verb (`引领全省软件业实现营业收入…` → `营业收入`)
///    and before a baseline (`…排放比2020年下降` → `…排放`);
/// 4. else the previous target's in the same clause (`2024年突破3.5万家、
///    2025年突破3.8万家`);
/// 5. else an activity verb (`造林10万亩`), or the phrase itself.
fn indicator_of(
    c: &[char],
    lo: usize,
    verb: Option<(usize, &'static str)>,
    start: usize,
    end: usize,
    previous: Option<&str>,
) -> String {
    if let Some(s) = following_noun(c, end) {
        return s;
    }
    if let Some((vpos, v)) = verb {
        let vend = vpos + v.chars().count();
        if let Some(s) = clean(&c[vend..start]) {
            return s;
        }
    }
    let subject_end = verb.map_or(start, |(vpos, _)| vpos);
    if let Some(s) = subject(&c[lo..subject_end]).filter(|s| s.chars().count() > 1) {
        return s;
    }
    if let Some(p) = previous {
        return p.to_string();
    }
    // An activity verb names what is counted when nothing else does
    // (`造林10万亩`, `培训1000人次`).
    if let Some((_, v)) = verb.filter(|(_, v)| !PURE_COMPARATORS.contains(v)) {
        return v.to_string();
    }
    if let Some(s) = subject(&c[lo..subject_end]) {
        return s;
    }
    let from = verb.map_or(start, |(vpos, _)| vpos);
    c[from..end].iter().collect()
}

/// What a count or magnitude is of when printed after it, up to the end of
/// the clause or a list separator, at most 20 characters.
fn following_noun(c: &[char], end: usize) -> Option<String> {
    let mut k = end;
    if c.get(k) == Some(&'的') {
        k += 1;
    }
    if !c
        .get(k)
        .copied()
        .is_some_and(|ch| starts_noun(ch) || (ch.is_ascii_digit() && spec_ahead(&c[k..])))
    {
        return None;
    }
    let from = k;
    let mut depth = 0;
    while k < c.len() && k - from < 20 {
        let ch = c[k];
        match ch {
            '“' | '（' | '(' => depth += 1,
            '”' | '）' | ')' => depth -= 1,
            _ => {}
        }
        if depth <= 0
            && (matches!(
                ch,
                '，' | ',' | '。' | '；' | ';' | '、' | '：' | ':' | '！' | '？'
            ) || (ch.is_ascii_digit() && !spec_ahead(&c[k..]))
                || (k > from && verb_starts(&c[k..])))
        {
            break;
        }
        k += 1;
    }
    clean(&c[from..k]).filter(|s| s.chars().count() > 1)
}

/// The subject part of the text before a verb: after the last governing
/// verb, before a baseline (`比2020年`, `较上年`, `同比`).
fn subject(seg: &[char]) -> Option<String> {
    // The baseline first: `…排放比2020年` → `…排放`.
    let mut to = seg.len();
    for (k, &ch) in seg.iter().enumerate() {
        let rest = &seg[k + 1..];
        let baseline = match ch {
            '比' | '较' => {
                year_prefix(rest).is_some()
                    || ["上年", "去年", "上一年", "基期"]
                        .iter()
                        .any(|w| ends_with(&rest[..rest.len().min(w.chars().count())], w))
            }
            '同' => rest.first() == Some(&'比'),
            _ => false,
        };
        if baseline {
            to = k;
            break;
        }
    }
    let seg = &seg[..to];
    // Then what follows the last governing verb, or the last target verb
    // (`新增博士后平台不少于100家` → `博士后平台`) that is not the head of a
    // noun (`增加值`, `建成区`, `完成率`) — when something is left after it.
    let mut from = 0;
    for v in CONTROL_VERBS {
        if let Some(p) = rfind_chars(seg, v) {
            let end = p + v.chars().count();
            if end > from && clean(&seg[end..]).is_some() {
                from = end;
            }
        }
    }
    let (main, _) = &*VERB_CHARS;
    for k in (from..seg.len()).rev() {
        if !VERB_HEADS.contains(&seg[k]) {
            continue;
        }
        if let Some(v) = main
            .iter()
            .filter(|v| seg[k..].starts_with(v))
            .max_by_key(|v| v.len())
        {
            let after = &seg[k + v.len()..];
            if !after.first().is_some_and(|n| "值率区量额数".contains(*n))
                && !after.is_empty()
                && clean(after).is_some()
            {
                from = k + v.len();
                break;
            }
        }
    }
    clean(&seg[from..])
}

/// The first characters of [`LEADING_NOISE`] and the last ones of
/// [`TRAILING_NOISE`], so that most phrases skip the word lists.
static NOISE_ENDS: LazyLock<(
    std::collections::HashSet<char>,
    std::collections::HashSet<char>,
)> = LazyLock::new(|| {
    (
        LEADING_NOISE
            .iter()
            .filter_map(|w| w.chars().next())
            .collect(),
        TRAILING_NOISE
            .iter()
            .filter_map(|w| w.chars().next_back())
            .collect(),
    )
});

/// Trims scope, aspiration and year words from both ends of a phrase;
/// `None` when nothing is left.
fn clean(seg: &[char]) -> Option<String> {
    let mut lo = 0;
    let mut hi = seg.len();
    loop {
        let before = (lo, hi);
        // A year at either end: `到2025年`, `2024年底`.
        if let Some(n) = year_prefix(&seg[lo..hi]) {
            lo += n;
        }
        if let Some(n) = month_prefix(&seg[lo..hi]) {
            lo += n;
        }
        // A list marker: `1.`, `2、`.
        let digits = seg[lo..hi]
            .iter()
            .take_while(|ch| ch.is_ascii_digit())
            .count();
        if (1..=2).contains(&digits) && matches!(seg.get(lo + digits), Some('.' | '、' | '．')) {
            lo += digits + 1;
        }
        if let Some(n) = year_suffix(&seg[lo..hi]) {
            hi -= n;
        }
        let (heads, tails) = &*NOISE_ENDS;
        if lo < hi && heads.contains(&seg[lo]) {
            for w in LEADING_NOISE {
                if starts_with(&seg[lo..hi], w) {
                    let n = w.chars().count();
                    lo = if hi - lo > n { lo + n } else { hi };
                }
            }
        }
        if lo < hi && tails.contains(&seg[hi - 1]) {
            for w in TRAILING_NOISE {
                if ends_with(&seg[lo..hi], w) {
                    hi -= w.chars().count();
                }
            }
        }
        while lo < hi && !(seg[lo].is_alphanumeric() || matches!(seg[lo], '“' | '（' | '(')) {
            lo += 1;
        }
        while lo < hi && !(seg[hi - 1].is_alphanumeric() || matches!(seg[hi - 1], '”' | '）' | ')'))
        {
            hi -= 1;
        }
        if (lo, hi) == before || lo >= hi {
            break;
        }
    }
    if lo >= hi {
        return None;
    }
    let s: String = seg[lo..hi].iter().collect();
    // A lone number or a lone verb says nothing.
    if s.chars().all(|ch| ch.is_ascii_digit() || ch == '.') || VERBS.contains(&s.as_str()) {
        return None;
    }
    Some(s)
}

/// Length of a year expression at the start: `到2025年`, `2024年底`, `至2025年末`.
fn year_prefix(seg: &[char]) -> Option<usize> {
    let mut k = 0;
    if matches!(seg.first(), Some('到' | '至')) {
        k = 1;
    }
    let digits = seg[k..].iter().take_while(|ch| ch.is_ascii_digit()).count();
    if digits != 4 || seg.get(k + 4) != Some(&'年') {
        return None;
    }
    k += 5;
    if matches!(seg.get(k), Some('底' | '末')) {
        k += 1;
    }
    if seg.get(k) == Some(&'前') {
        k += 1;
    }
    Some(k)
}

/// Length of a month deadline at the start: `12月底前`, `6月前`.
fn month_prefix(seg: &[char]) -> Option<usize> {
    let digits = seg.iter().take_while(|ch| ch.is_ascii_digit()).count();
    if !(1..=2).contains(&digits) || seg.get(digits) != Some(&'月') {
        return None;
    }
    let mut k = digits + 1;
    if matches!(seg.get(k), Some('底' | '末' | '中')) {
        k += 1;
    }
    if seg.get(k) == Some(&'前') {
        k += 1;
    }
    Some(k)
}

/// Length of a year expression at the end: `2024年`, `2025年底`.
fn year_suffix(seg: &[char]) -> Option<usize> {
    let mut n = 0;
    if matches!(seg.last(), Some('底' | '末')) {
        n = 1;
    }
    if seg.len() < n + 5 || seg[seg.len() - n - 1] != '年' {
        return None;
    }
    let digits = &seg[seg.len() - n - 5..seg.len() - n - 1];
    if !digits.iter().all(|ch| ch.is_ascii_digit()) {
        return None;
    }
    let mut n = n + 5;
    if seg.len() > n && matches!(seg[seg.len() - n - 1], '到' | '至') {
        n += 1;
    }
    Some(n)
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
            // A verb that modifies a noun head is no verb (`技术改造项目`,
            // `建设用地`).
            let noun = end < seg.len() && NOUN_HEADS.iter().any(|h| starts_with(&seg[end..], h));
            if !noun {
                return Some((end - main[k].len(), VERBS[k]));
            }
        }
    }
    None
}

/// Nouns a verb can modify (`改造项目`, `建设用地`, `培育计划`).
const NOUN_HEADS: &[&str] = &[
    "项目", "工程", "任务", "计划", "行动", "能力", "水平", "资金", "用地", "规模", "企业", "主体",
    "示范", "试点", "单位", "规划", "区", "率", "值", "点", "库", "园",
];

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
        find(&super::super::normalize(text), 2022)
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
        let t = &find("技术合同交易额达到3000亿元", 2022)[0];
        assert_eq!(t.text, "达到3000亿元");
    }

    #[test]
    fn growth_targets_keep_their_verb() {
        // sd-2023-green-pilot-key-tasks.txt l.95 (after t2s).
        assert_eq!(
            rows("全省跨境电商进出口增长10%以上"),
            [r("10", "%", "增长…以上", None, false)]
        );
        // sd-2022-three-tens.txt l.41: percentage points are not percent.
        assert_eq!(
            rows("比重提高 2 个百分点左右"),
            [r("2", "百分点", "提高…左右", None, false)]
        );
        // sd-2022-three-tens.txt l.43: 力争 makes it a stretch goal.
        assert_eq!(
            rows("力争省级财政基础研究投入增长 10%以上"),
            [r("10", "%", "增长…以上", None, true)]
        );
        assert_eq!(
            rows("全社会研发经费投入年均增长10%左右"),
            [r("10", "%", "年均增长…左右", None, false)]
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
                r("150", "GWh", "达到…左右", None, false)
            ]
        );
        // sd-2023-2025-green-pilot-plan.txt: a year in the past is no target year.
        assert_eq!(
            rows("力争基本完成2005年前建成的老旧小区改造任务，完成60%以上"),
            [r("60", "%", "完成…以上", None, true)]
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
                r("80", "家", "新增…左右", None, false)
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
            [r("3-4", "个", "争创", None, false)]
        );
        assert_eq!(
            rows("新组建3—4家省实验室"),
            [r("3-4", "家", "新组建", None, false)]
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
            [r("0.4", "", "稳定在…左右", None, false)]
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
            [r("3.5", "小时", "压减至…以内", None, false)]
        );
        assert_eq!(
            rows("人均预期寿命达到80岁左右"),
            [r("80", "岁", "达到…左右", None, false)]
        );
        assert!(rows("推进3岁以下婴幼儿照护").is_empty());
        // sd-2022-three-tens.txt l.3263: `新增3岁以下婴幼儿托位数7万个以上` is one target.
        assert_eq!(
            rows("新增3岁以下婴幼儿托位数7万个以上"),
            [r("70000", "个", "新增…以上", None, false)]
        );
        assert!(rows("3月1日至5月底").is_empty());
        assert_eq!(
            rows("实现服务用户300万以上"),
            [r("3000000", "", "实现…以上", None, false)]
        );
        // sd-2022-three-tens.txt l.209, l.3385: time limits.
        assert_eq!(
            rows("办理时限压减到20个工作日"),
            [r("20", "工作日", "压减到", None, false)]
        );
        assert_eq!(
            rows("平均时间压缩至5个工作日以内"),
            [r("5", "工作日", "压缩至…以内", None, false)]
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

    /// `value|measure|indicator|comparator|direction|year|source` of every
    /// target of invented `text` in a plan starting in 2023 (the plan's end
    /// year is filled later, by ingestion).
    fn full(text: &str) -> Vec<String> {
        find(&super::super::normalize(text), 2023)
            .into_iter()
            .map(|t| {
                let v = match (&t.value, &t.min_value, &t.max_value) {
                    (Some(v), _, _) => v.clone(),
                    (None, Some(a), Some(b)) => format!("{a}-{b}"),
                    _ => String::new(),
                };
                format!(
                    "{v}|{}|{}|{}|{}|{}|{}",
                    t.measure,
                    t.indicator,
                    t.comparator.unwrap_or_default(),
                    t.direction.as_str(),
                    t.year.map(|y| y.to_string()).unwrap_or_default(),
                    t.year_source.map_or("", |s| s.as_str()),
                )
            })
            .collect()
    }

    // The sentences below are invented for these tests, one or more per
    // pattern; none is taken from a document.

    #[test]
    fn indicator_before_the_verb() {
        assert_eq!(
            full("全市规上工业企业数量达到1200家。"),
            ["1200|家|规上工业企业数量|达到|exactly||"]
        );
        assert_eq!(
            full("城镇调查失业率控制在5.5%以内。"),
            ["5.5|%|城镇调查失业率|控制在…以内|atMost||"]
        );
        // A governing verb before the subject is not part of it.
        assert_eq!(
            full("带动全县文旅产业实现综合收入超过80亿元。"),
            ["80|亿元|综合收入|超过|atLeast||"]
        );
        // A baseline between subject and verb is left out.
        assert_eq!(
            full("单位地区生产总值能耗比2022年下降3%。"),
            ["3|%|单位地区生产总值能耗|下降|exactly||"]
        );
    }

    #[test]
    fn indicator_between_verb_and_number() {
        assert_eq!(
            full("新建城市社区嵌入式养老服务站120个。"),
            ["120|个|城市社区嵌入式养老服务站|新建|exactly||"]
        );
        assert_eq!(
            full("培育市级专精特新中小企业60家左右。"),
            ["60|家|市级专精特新中小企业|培育…左右|about||"]
        );
        assert_eq!(
            full("建成千兆光纤入户小区300个以上。"),
            ["300|个|千兆光纤入户小区|建成…以上|atLeast||"]
        );
    }

    #[test]
    fn indicator_after_the_count() {
        assert_eq!(
            full("打造8个左右特色农产品优势区。"),
            ["8|个|特色农产品优势区|打造…左右|about||"]
        );
        assert_eq!(
            full("创建15家以上省级绿色工厂，带动节能改造。"),
            ["15|家|省级绿色工厂|创建…以上|atLeast||"]
        );
        // A range, printed before what it counts.
        assert_eq!(
            full("新增2—3条国际货运航线。"),
            ["2-3|条|国际货运航线|新增|exactly||"]
        );
    }

    #[test]
    fn distributed_lists_give_each_target_its_item() {
        assert_eq!(
            full("省级智慧园区、数字车间和无人工厂分别达到20个、150个和12个。"),
            [
                "20|个|省级智慧园区|达到|exactly||",
                "150|个|数字车间|达到|exactly||",
                "12|个|无人工厂|达到|exactly||",
            ]
        );
        assert_eq!(
            full("粮食、蔬菜产量分别稳定在90亿斤、250万吨左右。"),
            [
                "90|亿斤|粮食|稳定在|exactly||",
                "2500000|吨|蔬菜产量|稳定在…左右|about||",
            ]
        );
        // Without 分别, items that do not match the count stay whole.
        assert_eq!(
            full("港口集装箱吞吐量达到300万标箱、400万标箱。"),
            [
                "3000000|标箱|港口集装箱吞吐量|达到|exactly||",
                "4000000|标箱|港口集装箱吞吐量|达到|exactly||",
            ]
        );
    }

    #[test]
    fn years_stated_sentence_and_paragraph() {
        // Printed with the target: stated.
        assert_eq!(
            full("高新区营业收入2024年突破900亿元、2025年突破1000亿元。"),
            [
                "900|亿元|高新区营业收入|突破|atLeast|2024|stated",
                "1000|亿元|高新区营业收入|突破|atLeast|2025|stated",
            ]
        );
        // In an earlier clause of the sentence, then governing the paragraph.
        assert_eq!(
            full("到2026年，新能源汽车保有量达到15万辆。公共充电桩达到2万个。"),
            [
                "150000|辆|新能源汽车保有量|达到|exactly|2026|sentence",
                "20000|个|公共充电桩|达到|exactly|2026|sentence",
            ]
        );
        // A year that only dates a deadline-free sentence does not govern the next.
        assert_eq!(
            full("2024年启动改造。年底前完成管网改造80公里。"),
            ["80|公里|管网|改造|exactly||"]
        );
        // A baseline year is no target year.
        assert_eq!(
            full("万元工业增加值用水量较2020年下降12%。"),
            ["12|%|万元工业增加值用水量|下降|exactly||"]
        );
        // A sentence reporting a year before the plan holds no targets.
        assert!(full("2021年，全县接待游客达到520万人次。").is_empty());
    }

    #[test]
    fn comparators_as_printed_and_normalised() {
        assert_eq!(
            full("森林覆盖率不低于25%。"),
            ["25|%|森林覆盖率|不低于|atLeast||"]
        );
        assert_eq!(
            full("新增就业岗位约3000个。"),
            ["3000|个|就业岗位|新增约|about||"]
        );
        assert_eq!(
            full("引进高层次人才200余人。"),
            ["200|人|高层次人才|引进…余|atLeast||"]
        );
        assert_eq!(
            full("审批时限不超过15个工作日。"),
            ["15|工作日|审批时限|不超过|atMost||"]
        );
        assert_eq!(
            full("一般公共预算收入增长6%以上。"),
            ["6|%|一般公共预算收入|增长…以上|atLeast||"]
        );
    }

    #[test]
    fn thresholds_caps_specs_and_inventories_are_not_targets() {
        for text in [
            // Size classes and eligibility thresholds.
            "推动年营业收入2000万元以上工业企业开展数字化诊断。",
            "对用地面积50亩以下的项目实行告知承诺。",
            "引导从业人员300人以上企业建立培训中心。",
            "对超过20人的，实行登记管理。",
            "职工人数20人（含）以下的小微企业免收服务费。",
            // Subsidy caps, per-unit support, ratios of support.
            "对新认定的市级技术中心给予最高50万元奖励。",
            "每个示范村补助30万元。",
            "按不超过设备投资额15%的比例给予补助。",
            "对购置设备的，按照投资额的8%给予补贴。",
            "市财政安排专项资金2000万元。",
            // Design specifications.
            "推进110千伏输变电工程建设。",
            "开工建设年产60万吨/年乙二醇装置。",
            "建设总投资12亿元的冷链物流园。",
            // Inventories and starting values.
            "现有国家级高新技术企业260家。",
            "对已建成的45座污水处理厂实施提标改造。",
            "从8个试点县扩大到全市。",
            // Denominators and headings.
            "每10万人口拥有执业医师达到到位标准。",
            "二、重点项目建设（12项）",
        ] {
            assert!(full(text).is_empty(), "{text}: {:?}", full(text));
        }
    }

    #[test]
    fn a_threshold_beside_a_target_leaves_the_target() {
        // The ship class is part of what is counted.
        assert_eq!(
            full("建设2个5万吨级散货泊位。"),
            ["2|个|5万吨级散货泊位|建设|exactly||"]
        );
        // The size class describes what is counted; the count is the target.
        assert_eq!(
            full("实施投资1000万元以上技术改造项目150个左右。"),
            ["150|个|投资1000万元以上技术改造项目|实施…左右|about||"]
        );
        assert_eq!(
            full("关停退出20万千瓦以下燃煤机组50万千瓦。"),
            ["500000|千瓦|20万千瓦以下燃煤机组|退出|exactly||"]
        );
        // A share of what follows is a target; a share that selects what is
        // counted again is a threshold.
        assert_eq!(
            full("力争90%以上的行政村通公交。"),
            ["90|%|行政村通公交|以上|atLeast||"]
        );
        assert_eq!(
            full("研发投入占比5%以上的企业达到80家。"),
            ["80|家|研发投入占比5%以上的企业|达到|exactly||"]
        );
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
