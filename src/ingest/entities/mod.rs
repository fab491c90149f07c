//! Targets, deadlines, regions and industries found in task text.
//!
//! [`extract`] takes the simplified, attribution-free text of one task or
//! goal paragraph and returns what it names. The text is first normalised
//! once ([`normalize`]: whitespace and NBSP removed except between two ASCII
//! letters, `**` dropped, full-width digits and `％` made half-width), so
//! that `达到 2.3 万家` and `2024 年 6 月底前` are seen as printed without the
//! PDF's spacing; every extractor then runs on that one string in linear
//! time with regexes compiled once.
//!
//! One job per file: numbers in [`targets`], dates in [`deadlines`], the
//! place gazetteer in [`regions`], the 十强产业 scheme in [`industries`].
//! Nothing here knows about documents, plans or RDF.

pub mod deadlines;
pub mod industries;
pub mod regions;
pub mod targets;

use std::collections::BTreeSet;

use crate::model::{Deadline, Target};

pub use industries::{industries, industry_of_plan, IndustryInfo};
pub use regions::{region_info, RegionInfo};

/// The entities of one task or goal paragraph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entities {
    /// Quantitative commitments in printed order.
    pub targets: Vec<Target>,
    /// Deadlines in printed order, duplicates (same text) removed.
    pub deadlines: Vec<Deadline>,
    /// Regions named: IRI local names (a division's qualified name such as
    /// `青岛市`, or an area's name such as `胶东经济圈`).
    pub regions: BTreeSet<String>,
    /// Canonical industry names ([`IndustryInfo::name`]).
    pub industries: BTreeSet<String>,
}

/// Extracts entities from simplified, attribution-free `text` of a plan
/// whose (first) year is `plan_year` (used for deadlines that print only a
/// month, such as `12月底前`), in a document of `jurisdiction` (a division
/// index; which places and industry schemes are looked for depends on it).
pub fn extract(text: &str, plan_year: i32, jurisdiction: Option<usize>) -> Entities {
    let norm = normalize(text);
    let (regions, industries) = places_in_normalized(&norm, jurisdiction);
    Entities {
        targets: targets::find(&norm, plan_year),
        deadlines: deadlines::find(&norm, plan_year),
        regions,
        industries,
    }
}

/// The targets and deadlines of `text`: what does not depend on where the
/// document is from.
pub fn extract_dated(text: &str, plan_year: i32) -> (Vec<Target>, Vec<Deadline>) {
    let norm = normalize(text);
    (
        targets::find(&norm, plan_year),
        deadlines::find(&norm, plan_year),
    )
}

/// The regions and industries `text` of a document of `jurisdiction` names.
pub fn places(text: &str, jurisdiction: Option<usize>) -> (BTreeSet<String>, BTreeSet<String>) {
    places_in_normalized(&normalize(text), jurisdiction)
}

fn places_in_normalized(
    norm: &str,
    jurisdiction: Option<usize>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    (
        regions::find(norm, jurisdiction),
        industries::find(norm, jurisdiction),
    )
}

/// Removes the layout noise that would split numbers, dates and names:
/// every whitespace character (ASCII, NBSP, ideographic space, line breaks)
/// except one space between two ASCII letters (`LNG and …` stays readable),
/// the Markdown bold marker `**`, and full-width digits, `％`, `．`.
pub fn normalize(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let prev = out.chars().next_back();
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let next = chars.get(j).copied();
            if prev.is_some_and(|p| p.is_ascii_alphabetic())
                && next.is_some_and(|n| n.is_ascii_alphabetic())
            {
                out.push(' ');
            }
            i = j;
            continue;
        }
        if c == '*' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            continue;
        }
        out.push(match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '％' => '%',
            '．' => '.',
            _ => c,
        });
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_removes_pdf_spacing_and_nbsp() {
        assert_eq!(normalize("达到 2.3 万家"), "达到2.3万家");
        assert_eq!(normalize("1.\u{a0}推动"), "1.推动");
        assert_eq!(normalize("**强化。**启动"), "强化。启动");
        assert_eq!(normalize("LNG and CNG"), "LNG and CNG");
        assert_eq!(normalize("增长１０％"), "增长10%");
    }

    #[test]
    fn never_panics_on_odd_input() {
        // Fragments that end or start in the middle of every shape, glued
        // together pseudo-randomly (a fixed linear congruential sequence).
        const PIECES: &[&str] = &[
            "2024年",
            "6月底前",
            "达到",
            "3",
            "-",
            "—",
            "4",
            ".",
            "5",
            "万",
            "亿元",
            "%",
            "个百分点",
            "“",
            "”",
            "1+3",
            "济南",
            "海关",
            "年内",
            "第",
            "季度",
            "/",
            "辆",
            "力争",
            "，",
            "。",
            "、",
            "0",
            "济青",
            "新能源",
            "、新材料",
            " ",
            "\u{a0}",
            "**",
            "前",
            "位",
            "个",
            "工作日",
            "比",
            "至",
            "年底",
            "上半年",
            "12",
            "31",
            "日前",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(state % 12) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push_str(PIECES[(state >> 33) as usize % PIECES.len()]);
            }
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let e = extract(&text, 2022, None);
            for t in &e.targets {
                let v = t.value.as_deref().or(t.min_value.as_deref()).unwrap_or("");
                assert!(!v.is_empty() && !v.contains('e'), "{text:?}: {t:?}");
            }
        }
        for text in [
            "",
            "1",
            "2024",
            "3-",
            "达到",
            "“1",
            "1.2.3",
            "万",
            "月底前",
            "99月底前",
        ] {
            let _ = extract(text, 2022, None);
        }
    }

    #[test]
    fn extract_combines_all_four() {
        // sd-2022-three-tens.txt l.41 (spaced) plus a city, a deadline and an industry.
        let e = extract(
            "科技型中小企业达到 3 万家，支持青岛发展新能源产业，6 月底前完成。",
            2022,
            crate::ingest::divisions::divisions().by_qualified("山东省"),
        );
        assert_eq!(e.targets.len(), 1);
        assert_eq!(e.targets[0].value.as_deref(), Some("30000"));
        assert_eq!(e.deadlines[0].due.as_deref(), Some("2022-06-30"));
        assert!(e.regions.contains("青岛市"));
        assert!(e.industries.contains("新能源产业"));
    }
}
