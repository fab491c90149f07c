//! Bracket groups, width-agnostic and nesting-aware, and the cheap test for
//! "this group names responsible units".
//!
//! Structure recognition needs to know where attributions are before the
//! real attribution parser (`attribution`) has looked at a paragraph: to
//! re-join a paragraph cut by a page break, to tell a `（一）` item that
//! carries its own attribution from a heading, and to cut attributions out
//! of task text. Parsing the units inside a group is not done here.

use std::ops::Range;

const OPENERS: [char; 5] = ['（', '(', '〔', '[', '【'];
const CLOSERS: [char; 5] = ['）', ')', '〕', ']', '】'];

fn is_opener(c: char) -> bool {
    OPENERS.contains(&c)
}

fn is_closer(c: char) -> bool {
    CLOSERS.contains(&c)
}

/// Opening minus closing brackets of any width; positive when a group is
/// still open at the end of `text` (a page break cut it).
pub fn balance(text: &str) -> i64 {
    text.chars().fold(0, |depth, c| {
        if is_opener(c) {
            depth + 1
        } else if is_closer(c) {
            depth - 1
        } else {
            depth
        }
    })
}

/// True when `text` contains one of the attribution grammar's role words
/// (either script).
pub fn names_units(text: &str) -> bool {
    super::attribution::has_role_word(text)
}

/// Byte ranges of the top-level bracket groups that the attribution grammar
/// reads as attributions (the same definition the extractor uses).
pub fn attribution_spans(text: &str) -> Vec<Range<usize>> {
    super::attribution::find_attributions(text)
        .into_iter()
        .filter(|a| !a.unreadable)
        .map(|a| a.span)
        .collect()
}

/// Byte ranges of the top-level bracket groups of `text`, brackets included.
pub fn top_level_groups(text: &str) -> Vec<Range<usize>> {
    super::attribution::top_level_groups(text)
        .into_iter()
        .map(|(r, _, _)| r)
        .collect()
}

/// True when `line` opens with an attribution (printed on its own line after
/// a page break), even if the group is cut at the end of the line.
pub fn starts_with_attribution(line: &str) -> bool {
    let Some(first) = line.chars().next() else {
        return false;
    };
    if !is_opener(first) {
        return false;
    }
    match top_level_groups(line).first() {
        Some(r) if r.start == 0 => names_units(&line[r.clone()]),
        _ => names_units(line),
    }
}

/// Removes `spans` (sorted or not, possibly overlapping) from `text`.
pub fn remove_spans(text: &str, spans: &[Range<usize>]) -> String {
    let mut spans: Vec<Range<usize>> = spans
        .iter()
        .filter(|r| r.start <= r.end && r.end <= text.len())
        .filter(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end))
        .cloned()
        .collect();
    spans.sort_by_key(|r| (r.start, r.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for r in spans {
        if r.start > pos {
            out.push_str(&text[pos..r.start]);
        }
        pos = pos.max(r.end);
    }
    if pos < text.len() {
        out.push_str(&text[pos..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_width_groups_pair_up() {
        let t = "办理。（牵头单位：省政府办公厅)其后";
        let spans = attribution_spans(t);
        assert_eq!(spans.len(), 1);
        assert_eq!(remove_spans(t, &spans), "办理。其后");
    }

    #[test]
    fn nested_groups_are_one_attribution() {
        let t = "〔牵头单位：省委统筹疫情防控和经济运行工作领导小组（指挥部）办公室〕";
        assert_eq!(attribution_spans(t), vec![0..t.len()]);
        assert_eq!(balance(t), 0);
    }

    #[test]
    fn prose_brackets_are_not_attributions() {
        assert!(attribution_spans("完善首台（套）重大技术装备").is_empty());
        assert!(!starts_with_attribution("（道桥、供水、排水及污水处理）"));
        assert!(starts_with_attribution(
            "（牵头单位：省委科技创新委员会各成员单位）"
        ));
        assert!(starts_with_attribution("(牽頭單位:省科技廳"));
        assert_eq!(balance("（牵头单位：省工业和信息化"), 1);
    }
}
