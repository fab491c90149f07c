//! Deadlines: `12月底前`, `2024年6月底前`, `2022年年底前`, `年内`, `第一季度`,
//! `上半年`, `6月1日前`, resolved to the last day meant.
//!
//! Input is normalised text (no spaces inside `6 月底前`). A month without a
//! year takes the plan's year (sd-2022-three-tens.txt prints 202 bare `M月底前`); `年内` and
//! a bare `年底(前)` mean the plan year's 31 December. Not deadlines here:
//! target horizons such as `到2025年` (they become [`Target::year`]),
//! recurring periods (`每年年底`, `每季度`), durations (`3年内`, `两年内`), and
//! quarters listed as a schedule of slogans (`一季度开门红、二季度双过半`):
//! a bare quarter counts only when it is the only one in the text, or with
//! `第` before or `末`/`底`/`前` after.
//!
//! [`Target::year`]: crate::model::Target::year

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Deadline;

static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<ymd>(?P<y1>\d{4})年(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日前)
      | (?P<ym>(?P<y2>\d{4})年(?P<m2>\d{1,2})月(?:底前?|末前?|份前?|前))
      | (?P<yend>(?P<y3>\d{4})年(?:年底前?|底前?|年末前?|末前?|内))
      | (?P<yq>(?P<y4>\d{4})年(?:第)?(?P<q4>[一二三四1-4])季度(?:末|底)?前?)
      | (?P<yh>(?P<y5>\d{4})年上半年)
      | (?P<md>(?P<m6>\d{1,2})月(?P<d6>\d{1,2})日前)
      | (?P<m>(?P<m7>\d{1,2})月(?:底前?|末前?|份前?|前))
      | (?P<q>(?P<qfirst>第)?(?P<q8>[一二三四])季度(?P<qend>末|底|前)?前?)
      | (?P<h>上半年)
      | (?P<bare>年底前?|年末前?|年内)
        ",
    )
    .expect("static deadline regex")
});

static QUARTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("[一二三四]季度").expect("static quarter regex"));

/// Finds every deadline in normalised text; duplicates (same text) are
/// dropped, order is kept.
pub fn find(text: &str, plan_year: i32) -> Vec<Deadline> {
    let mut out: Vec<Deadline> = Vec::new();
    for caps in DEADLINE.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let before = &text[..whole.start()];
        let prev = before.chars().next_back();
        let num = |name: &str| caps.name(name).and_then(|g| parse_num(g.as_str()));
        let due = if caps.name("ymd").is_some() {
            date(num("y1"), num("m1"), num("d1"))
        } else if caps.name("ym").is_some() {
            month_end(num("y2"), num("m2"))
        } else if caps.name("yend").is_some() {
            month_end(num("y3"), Some(12))
        } else if caps.name("yq").is_some() {
            month_end(num("y4"), num("q4").map(|q| q * 3))
        } else if caps.name("yh").is_some() {
            month_end(num("y5"), Some(6))
        } else if caps.name("md").is_some() {
            if prev.is_some_and(|p| p.is_ascii_digit() || p == '至' || p == '-') {
                continue;
            }
            date(Some(plan_year), num("m6"), num("d6"))
        } else if caps.name("m").is_some() {
            // `1-4月份` is a span of months, and a digit before means the
            // month was cut out of a longer number.
            if prev.is_some_and(|p| p.is_ascii_digit() || p == '-' || p == '.') {
                continue;
            }
            month_end(Some(plan_year), num("m7"))
        } else if caps.name("q").is_some() {
            // A bare quarter is a deadline (`一季度完成`) unless the text runs
            // through several quarters as a schedule of slogans (`一季度开门红、
            // 二季度双过半、三季度抓攻坚`).
            let bare = caps.name("qfirst").is_none() && caps.name("qend").is_none();
            if bare && QUARTER.find_iter(text).count() > 1 {
                continue;
            }
            if before.ends_with('每') {
                continue;
            }
            month_end(Some(plan_year), num("q8").map(|q| q * 3))
        } else if caps.name("h").is_some() {
            if before.ends_with('每') {
                continue;
            }
            month_end(Some(plan_year), Some(6))
        } else {
            // Bare 年底/年内: not a duration (`3年内`, `两年内`), not recurring
            // (`每年年底`), not the tail of a year already matched.
            if prev
                .is_some_and(|p| p.is_ascii_digit() || "一二两三四五六七八九十几多每近".contains(p))
                || before.ends_with("每年")
            {
                continue;
            }
            if prev == Some('年') && !before.ends_with("今年") && !before.ends_with("本年") {
                continue;
            }
            month_end(Some(plan_year), Some(12))
        };
        let Some(due) = due else { continue };
        let text = whole.as_str().to_string();
        if !out.iter().any(|d| d.text == text) {
            out.push(Deadline {
                text,
                due: Some(due),
            });
        }
    }
    out
}

fn parse_num(s: &str) -> Option<u32> {
    match s {
        "一" => Some(1),
        "二" => Some(2),
        "三" => Some(3),
        "四" => Some(4),
        _ => s.parse().ok(),
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DD` of the last day of month `m`, if the month is real.
fn month_end<Y: TryInto<i32>>(y: Option<Y>, m: Option<u32>) -> Option<String> {
    let y: i32 = y?.try_into().ok()?;
    let m = m?;
    (1..=12)
        .contains(&m)
        .then(|| format!("{y:04}-{m:02}-{:02}", days_in(y, m)))
}

/// `YYYY-MM-DD` of a printed day, if it exists.
fn date<Y: TryInto<i32>>(y: Option<Y>, m: Option<u32>, d: Option<u32>) -> Option<String> {
    let y: i32 = y?.try_into().ok()?;
    let (m, d) = (m?, d?);
    ((1..=12).contains(&m) && (1..=days_in(y, m)).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dl(text: &str, year: i32) -> Vec<(String, String)> {
        find(&super::super::normalize(text), year)
            .into_iter()
            .map(|d| (d.text, d.due.unwrap_or_default()))
            .collect()
    }

    fn one(text: &str, due: &str) -> (String, String) {
        (text.to_string(), due.to_string())
    }

    #[test]
    fn month_only_takes_the_plan_year() {
        // sd-2022-three-tens.txt l.169 `9月底前`; l.255 `6 月底前` is printed with a space.
        assert_eq!(
            dl("9月底前，出台实施方案", 2022),
            [one("9月底前", "2022-09-30")]
        );
        assert_eq!(dl("6 月底前完成", 2022), [one("6月底前", "2022-06-30")]);
        assert_eq!(dl("12月底前", 2023), [one("12月底前", "2023-12-31")]);
        // sd-2022-three-tens.txt l.251: `12月底，完成…` without 前.
        assert_eq!(dl("12月底，完成", 2022), [one("12月底", "2022-12-31")]);
        assert_eq!(dl("2月底前", 2024), [one("2月底前", "2024-02-29")]);
    }

    #[test]
    fn printed_years_win() {
        // sd-2024-2025-ten-innovations.txt l.35, l.33, l.34; sd-2022-ten-industries-web.txt l.25.
        assert_eq!(
            dl("2024年6月底前", 2024),
            [one("2024年6月底前", "2024-06-30")]
        );
        assert_eq!(
            dl("2024 年 10 月底前", 2024),
            [one("2024年10月底前", "2024-10-31")]
        );
        assert_eq!(
            dl("2025年年底前", 2024),
            [one("2025年年底前", "2025-12-31")]
        );
        assert_eq!(
            dl("2022年年底前建成", 2022),
            [one("2022年年底前", "2022-12-31")]
        );
        // sd-2022-three-tens.txt l.293: a range ends at its end.
        assert_eq!(
            dl("从2022年到2023年6月底", 2022),
            [one("2023年6月底", "2023-06-30")]
        );
    }

    #[test]
    fn bare_year_end_and_within_the_year() {
        // sd-2023-green-pilot-key-tasks.txt l.90 `年底前實現…` (after t2s), sd-2022-three-tens.txt
        // `年内新增…`.
        assert_eq!(dl("年底前实现", 2023), [one("年底前", "2023-12-31")]);
        assert_eq!(dl("年内新增推广应用", 2022), [one("年内", "2022-12-31")]);
        assert!(dl("纳入近三年内", 2022).is_empty());
        assert!(dl("3年内完成", 2022).is_empty());
        assert!(dl("每年年底前报送", 2022).is_empty());
    }

    #[test]
    fn quarters_halves_and_days() {
        assert_eq!(
            dl("第一季度分解下达", 2022),
            [one("第一季度", "2022-03-31")]
        );
        assert_eq!(dl("一季度末", 2022), [one("一季度末", "2022-03-31")]);
        // sd-2022-three-tens.txt: `紧盯一季度开门红、二季度双过半` are slogans, not deadlines.
        assert!(dl("紧盯一季度开门红、二季度双过半", 2022).is_empty());
        assert!(dl("每季度组织开展", 2022).is_empty());
        assert_eq!(dl("一季度完成", 2022), [one("一季度", "2022-03-31")]);
        assert_eq!(
            dl("2022年上半年海看网", 2022),
            [one("2022年上半年", "2022-06-30")]
        );
        // sd-2022-three-tens.txt l.233.
        assert_eq!(dl("6月1日前", 2022), [one("6月1日前", "2022-06-01")]);
        assert_eq!(dl("4月份，更新", 2022), [one("4月份", "2022-04-30")]);
        // sd-2022-three-tens.txt l.3409: the start of a period is not a deadline, its end is.
        assert_eq!(dl("3月1日至5月底", 2022), [one("5月底", "2022-05-31")]);
    }

    #[test]
    fn not_deadlines() {
        assert!(dl("到2025年，全省", 2024).is_empty());
        assert!(dl("13月底前", 2022).is_empty());
        assert!(dl("1-4月份", 2022).is_empty());
    }

    #[test]
    fn duplicates_are_dropped() {
        assert_eq!(dl("6月底前A，6月底前B", 2022).len(), 1);
    }
}
