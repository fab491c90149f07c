//! Which province a document is about, for the ids of its plans (`江苏-…`)
//! and the province prefix stripped from a single plan's title.

use std::sync::LazyLock;

/// The 31 provincial-level names, short form.
const PROVINCES: [&str; 31] = [
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
];

/// The province a document is about: the most frequent provincial name in
/// its (simplified) text; 山东 wins ties and empty counts.
pub fn detect_province(simplified: &str) -> &'static str {
    // One pass for all 31 names (a scan per name was slower, BENCHMARKS.md).
    // Overlapping matches count each name on its own, as `str::matches`
    // would: no name overlaps itself (a test checks it).
    static MATCHER: LazyLock<aho_corasick::AhoCorasick> =
        LazyLock::new(|| aho_corasick::AhoCorasick::new(PROVINCES).expect("fixed province names"));
    let mut counts = [0usize; PROVINCES.len()];
    for m in MATCHER.find_overlapping_iter(simplified) {
        counts[m.pattern().as_usize()] += 1;
    }
    let shandong = PROVINCES
        .iter()
        .position(|p| *p == "山东")
        .map_or(0, |i| counts[i]);
    let mut best = ("山东", shandong);
    for (name, n) in PROVINCES.iter().zip(counts) {
        if n > best.1 {
            best = (name, n);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_province_name_overlaps_itself() {
        for name in PROVINCES {
            let chars: Vec<char> = name.chars().collect();
            for k in 1..chars.len() {
                assert_ne!(chars[..k], chars[chars.len() - k..], "{name}");
            }
        }
    }

    #[test]
    fn province_is_the_most_frequent_name() {
        assert_eq!(detect_province("江苏省江苏山东"), "江苏");
        assert_eq!(detect_province("无"), "山东");
    }
}
