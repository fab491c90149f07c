//! Physical lines → paragraphs, with page-break repair and line classes.
//!
//! The documents were extracted from paginated PDFs and web pages: a task
//! can be cut anywhere by a page break (even inside an attribution, which may
//! then sit on its own line), and a blank line does not mean a new
//! paragraph. So lines are re-joined here, before anything else looks at
//! them, and each resulting paragraph gets one class (title, heading, body,
//! chrome). Classification works on the simplified form of a line so that
//! traditional documents need no second set of patterns. What the classes
//! mean for plans and tasks is decided in `structure` and `infer`.

use std::sync::LazyLock;

use regex::Regex;

use super::brackets;
use super::normalize::{is_space, t2s};
use crate::model::{Diagnostic, Severity};

/// The numbering that opens a body paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// `12.` / `12. ` / `12.\u{a0}`
    Numbered(u32),
    /// `（三）`, `(三)`, `(三) `
    Item(u32),
}

/// What a paragraph is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Class {
    /// `“十大创新” 2022 年行动计划`: the group name without quotes.
    GroupTitle { group: String, year: i32 },
    /// `科技研发创新 2022 年行动计划` (a leading `01` ordinal is dropped):
    /// the title as printed between ordinal and year, spaces removed.
    PlanTitle { title: String, year: i32 },
    /// A bare short line right before a section heading (`综合立体交通网`).
    SubPlanTitle(String),
    /// `一、工作目标`: the numeral's value and the name after `、`.
    Section { ordinal: u32, name: String },
    /// Anything that can be a task, a goal or preamble text.
    Body,
    /// Page furniture: a short line without any punctuation (`展开`,
    /// `山东省人民政府办公厅`, a date), or a `抄送：` line.
    Chrome,
}

/// One paragraph after page-break repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub class: Class,
    pub marker: Option<Marker>,
    /// First and last physical line, 1-based.
    pub line: usize,
    pub end_line: usize,
    /// The trimmed physical lines joined without separator, original script.
    pub text: String,
    /// Byte offset in `text` where the body starts (after the marker).
    pub body_start: usize,
}

impl Paragraph {
    /// The text after the marker, original script.
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or("")
    }
}

static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,4})[.．、﹒][\s\u{a0}]*").expect("valid regex"));
/// `（1）`, `(12)`: an arabic number in brackets.
static PAREN_NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(][\s\u{a0}]*(\d{1,2})[\s\u{a0}]*[）)][\s\u{a0}]*").expect("valid regex")
});
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(][\s\u{a0}]*([一二三四五六七八九十]{1,3})[\s\u{a0}]*[）)][\s\u{a0}]*")
        .expect("valid regex")
});
static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([一二三四五六七八九十]{1,3})、[\s\u{a0}]*(.+)$").expect("valid regex")
});
static PLAN_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{2})?\s*(.+?)\s*(\d{4})\s*年行动计划$").expect("valid regex")
});

/// Value of a Chinese numeral from 一 to 九十九.
pub fn chinese_numeral(s: &str) -> Option<u32> {
    fn digit(c: char) -> Option<u32> {
        "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32 + 1)
    }
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => digit(*u).map(|u| 10 + u),
        [t, '十'] => digit(*t).map(|t| t * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// The marker that opens `line` (simplified) and the byte length of the
/// marker with the spaces after it.
fn marker_of(line: &str) -> Option<(Marker, usize)> {
    if let Some(caps) = NUMBERED.captures(line) {
        let end = caps.get(0).map_or(0, |m| m.end());
        let digits_end = caps.get(1).map_or(0, |m| m.end());
        // `2.3 万家` is a number, not a marker: look right after the dot.
        let dot_then_digit = line[digits_end..]
            .chars()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit());
        if !dot_then_digit {
            let n = caps[1].parse().ok()?;
            return Some((Marker::Numbered(n), end));
        }
    }
    if let Some(caps) = PAREN_NUMBERED.captures(line) {
        let n = caps[1].parse().ok()?;
        return Some((Marker::Numbered(n), caps.get(0).map_or(0, |m| m.end())));
    }
    if let Some(first) = line.chars().next() {
        // ① … ⑳
        if ('\u{2460}'..='\u{2473}').contains(&first) {
            let n = first as u32 - 0x2460 + 1;
            let rest = &line[first.len_utf8()..];
            let spaces = rest.len() - rest.trim_start_matches(is_space).len();
            return Some((Marker::Numbered(n), first.len_utf8() + spaces));
        }
    }
    if let Some(caps) = ITEM.captures(line) {
        let n = chinese_numeral(&caps[1])?;
        return Some((Marker::Item(n), caps.get(0).map_or(0, |m| m.end())));
    }
    None
}

fn has_sentence_punctuation(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':' | '！' | '？'))
}

/// A title line: `…YYYY 年行动计划`, short, no sentence punctuation.
fn title_class(simplified: &str) -> Option<Class> {
    if simplified.chars().count() > 40 || has_sentence_punctuation(simplified) {
        return None;
    }
    if simplified.contains('《') {
        return None;
    }
    let caps = PLAN_TITLE.captures(simplified)?;
    let title: String = caps[1].chars().filter(|c| !is_space(*c)).collect();
    let year: i32 = caps[2].parse().ok()?;
    if title.is_empty() {
        return None;
    }
    let inner = title
        .strip_prefix('“')
        .and_then(|t| t.strip_suffix('”'))
        .filter(|t| !t.contains('“') && !t.contains('”'));
    Some(match inner {
        Some(group) => Class::GroupTitle {
            group: group.to_string(),
            year,
        },
        None => Class::PlanTitle { title, year },
    })
}

fn section_class(simplified: &str) -> Option<Class> {
    let caps = SECTION.captures(simplified)?;
    let name = caps[2].trim_matches(is_space);
    if name.chars().count() > 40 || name.contains('。') {
        return None;
    }
    Some(Class::Section {
        ordinal: chinese_numeral(&caps[1])?,
        name: name.to_string(),
    })
}

/// A bare short line of ideographs (and quotes) only.
fn short_bare(simplified: &str) -> bool {
    let n = simplified.chars().count();
    (2..=12).contains(&n)
        && simplified
            .chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '“' || c == '”')
}

/// Page furniture that never belongs to a task.
fn is_chrome(simplified: &str) -> bool {
    if simplified.starts_with("抄送") {
        return true;
    }
    let first = simplified.chars().next();
    simplified.chars().count() <= 20
        && !has_sentence_punctuation(simplified)
        && !first.is_some_and(|c| matches!(c, '（' | '(' | '〔'))
}

/// True when `text` ends a sentence or a bracket group, i.e. a following
/// line may start a new paragraph.
fn is_terminated(text: &str) -> bool {
    text.chars().last().is_some_and(|c| {
        matches!(
            c,
            '。' | '！' | '？' | '!' | '?' | '；' | ';' | '：' | ':' | '）' | ')' | '〕'
        )
    })
}

fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// A marker that opens an item in the middle of a line, after white space:
/// `一、`, `（一）`, `1.`, `1、` (but not `2.3`).
static RUN_ON_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\s\u{3000}]+(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,3}[.．、][^\d])")
        .expect("valid regex")
});

/// Lines longer than this may run several items together.
const RUN_ON_MIN_CHARS: usize = 200;

/// `line` cut before every marker that follows white space in its middle,
/// when the line is long enough to hold several items; else `line` alone.
fn run_on_pieces(line: &str) -> Vec<&str> {
    if line.len() < RUN_ON_MIN_CHARS * 3 || line.chars().count() < RUN_ON_MIN_CHARS {
        return vec![line];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    for m in RUN_ON_MARKER.find_iter(line) {
        let marker_start = m.start() + m.as_str().len() - m.as_str().trim_start().len();
        let piece = line[start..m.start()].trim();
        if !piece.is_empty() {
            pieces.push(piece);
        }
        start = marker_start;
    }
    let last = line[start..].trim();
    if !last.is_empty() || pieces.is_empty() {
        pieces.push(last);
    }
    pieces
}

/// How many lines after an unattributed item of a dense document are
/// searched for its attribution: a body that a page break or a Word
/// paragraph split runs over a few lines, never a whole section.
const ATTRIBUTION_LOOKAHEAD: usize = 4;

/// Splits `text` (one document) into paragraphs.
///
/// Returns the paragraphs in order plus diagnostics for suspicious page
/// joins (a character printed on both sides of the break).
pub fn segment(file: &str, text: &str) -> (Vec<Paragraph>, Vec<Diagnostic>) {
    // Each piece of text with its 1-based physical line: a line is one
    // piece unless it runs several numbered items together (a page whose
    // line breaks were lost), when it is cut before each marker.
    let (lines, numbers): (Vec<&str>, Vec<usize>) = text
        .split('\n')
        .enumerate()
        .flat_map(|(i, l)| {
            run_on_pieces(l.trim_matches(|c: char| is_space(c) || c == '\r'))
                .into_iter()
                .map(move |piece| (piece, i + 1))
        })
        .unzip();
    let simplified: Vec<String> = lines.iter().map(|l| t2s(l)).collect();
    // In a document that separates paragraphs by blank lines, a page break
    // can split a task at a sentence end and leave its second half without
    // a marker; in a dense document (one paragraph per line) an unmarked
    // line is always a paragraph of its own unless the previous one is
    // visibly unfinished.
    let used = text.trim_end().split('\n').count();
    let blank = lines[..used.min(lines.len())]
        .iter()
        .filter(|l| l.is_empty())
        .count();
    let dense = blank * 10 < used.saturating_sub(blank);
    let next_nonblank =
        |i: usize| -> Option<usize> { (i + 1..lines.len()).find(|&j| !lines[j].is_empty()) };

    // In a dense document: whether the unmarked lines from `i` on reach an
    // attribution before anything that opens a paragraph of its own (a
    // title, a heading, a marker, an attribution line, page furniture).
    let attribution_ahead = |i: usize| -> bool {
        for (line, simp) in lines[i..]
            .iter()
            .zip(&simplified[i..])
            .take(ATTRIBUTION_LOOKAHEAD)
        {
            if line.is_empty() {
                continue;
            }
            if title_class(simp).is_some()
                || section_class(simp).is_some()
                || marker_of(simp).is_some()
                || super::attribution::parse_line(simp).is_some()
                || is_chrome(simp)
            {
                return false;
            }
            if !brackets::attribution_spans(simp).is_empty() {
                return true;
            }
        }
        false
    };

    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut diagnostics = Vec::new();
    // Index of the body paragraph that a following line may continue, and
    // its simplified text (kept here so long paragraphs are not re-converted
    // for every line).
    // The last item number seen, to tell item 2023 from the year 2023.
    let mut last_number: Option<u32> = None;
    let mut open: Option<usize> = None;
    let mut open_simp = String::new();

    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        let number = numbers[i];
        let simp = simplified[i].as_str();
        let para = |class: Class, marker: Option<Marker>, body_start: usize| Paragraph {
            class,
            marker,
            line: number,
            end_line: number,
            text: (*line).to_string(),
            body_start,
        };

        if let Some(class) = title_class(simp).or_else(|| section_class(simp)) {
            paragraphs.push(para(class, None, 0));
            open = None;
            continue;
        }
        if short_bare(simp)
            && next_nonblank(i).is_some_and(|j| section_class(&simplified[j]).is_some())
        {
            paragraphs.push(para(Class::SubPlanTitle(simp.to_string()), None, 0));
            open = None;
            continue;
        }
        let marker = marker_of(simp).filter(|(marker, _)| match marker {
            // `2023.` opens an item only after item 2022: otherwise it is a
            // year (a heading or a date), not the 2023rd task.
            Marker::Numbered(n) if (1900..=2100).contains(n) => last_number == Some(n - 1),
            _ => true,
        });
        if let Some((Marker::Numbered(n), _)) = marker {
            last_number = Some(n);
        }
        if let Some((marker, len)) = marker {
            // Markers hold no convertible characters, so the byte length is
            // the same in the original line.
            let body_start = if line.is_char_boundary(len) { len } else { 0 };
            paragraphs.push(para(Class::Body, Some(marker), body_start));
            open = Some(paragraphs.len() - 1);
            open_simp = simp.to_string();
            continue;
        }
        if super::attribution::parse_line(simp).is_some() {
            // `牵头单位：X`, `分管省领导：Y` under a task: a paragraph of its
            // own, which the structure code attaches to the task above.
            paragraphs.push(para(Class::Body, None, 0));
            open = None;
            continue;
        }
        if let Some(o) = open {
            let prev = &paragraphs[o];
            let prev_simp = open_simp.as_str();
            let continues = !is_terminated(prev_simp)
                || brackets::balance(prev_simp) > 0
                || brackets::starts_with_attribution(simp);
            // An item printed as a title line with its body on the next
            // lines: in a blank-line document any next paragraph may be
            // that body; in a dense one only lines that end in the item's
            // attribution are, since an unmarked line after an item may
            // also open the next plan's goal (which names no unit).
            let item_without_attribution = prev.marker.is_some()
                && brackets::attribution_spans(prev_simp).is_empty()
                && !is_chrome(simp)
                && (!dense || attribution_ahead(i));
            if continues || item_without_attribution {
                let prev = &mut paragraphs[o];
                if let (Some(a), Some(b)) = (prev.text.chars().last(), line.chars().next()) {
                    if a == b && is_ideograph(a) {
                        diagnostics.push(Diagnostic {
                            file: file.to_string(),
                            line: prev.end_line,
                            severity: Severity::Warning,
                            message: format!(
                                "`{a}` is printed on both sides of the page break between lines {} and {number}; the text keeps both",
                                prev.end_line
                            ),
                        });
                    }
                }
                prev.text.push_str(line);
                prev.end_line = number;
                open_simp.push_str(simp);
                continue;
            }
        }
        if is_chrome(simp) {
            paragraphs.push(para(Class::Chrome, None, 0));
            open = None;
            continue;
        }
        paragraphs.push(para(Class::Body, None, 0));
        open = Some(paragraphs.len() - 1);
        open_simp = simp.to_string();
    }
    (paragraphs, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(chinese_numeral("一"), Some(1));
        assert_eq!(chinese_numeral("十"), Some(10));
        assert_eq!(chinese_numeral("十二"), Some(12));
        assert_eq!(chinese_numeral("二十"), Some(20));
        assert_eq!(chinese_numeral("二十三"), Some(23));
        assert_eq!(chinese_numeral("零"), None);
    }

    #[test]
    fn markers() {
        assert_eq!(marker_of("1. 强化"), Some((Marker::Numbered(1), 3)));
        assert_eq!(
            marker_of("12.\u{a0}强化").map(|m| m.0),
            Some(Marker::Numbered(12))
        );
        assert_eq!(marker_of("116.加强"), Some((Marker::Numbered(116), 4)));
        assert_eq!(marker_of("1116.加强"), Some((Marker::Numbered(1116), 5)));
        assert_eq!(marker_of("2.3 万家"), None);
        assert_eq!(marker_of("(二) 加强").map(|m| m.0), Some(Marker::Item(2)));
        assert_eq!(
            marker_of("（十一）加强").map(|m| m.0),
            Some(Marker::Item(11))
        );
        assert_eq!(marker_of("2022 年"), None);
        assert_eq!(
            marker_of("3、推进"),
            Some((Marker::Numbered(3), "3、".len()))
        );
        assert_eq!(marker_of("4﹒推进").map(|m| m.0), Some(Marker::Numbered(4)));
        assert_eq!(
            marker_of("（5）推进").map(|m| m.0),
            Some(Marker::Numbered(5))
        );
        assert_eq!(
            marker_of("(12) 推进").map(|m| m.0),
            Some(Marker::Numbered(12))
        );
        assert_eq!(marker_of("③推进"), Some((Marker::Numbered(3), "③".len())));
        assert_eq!(marker_of("（2025年）"), None);
    }

    #[test]
    fn titles() {
        assert_eq!(
            title_class("“十大创新” 2022 年行动计划"),
            Some(Class::GroupTitle {
                group: "十大创新".into(),
                year: 2022
            })
        );
        assert_eq!(
            title_class("01新一代信息技术产业2022年行动计划"),
            Some(Class::PlanTitle {
                title: "新一代信息技术产业".into(),
                year: 2022
            })
        );
        assert_eq!(
            title_class("基础设施“七网” 2022 年行动计划"),
            Some(Class::PlanTitle {
                title: "基础设施“七网”".into(),
                year: 2022
            })
        );
        assert_eq!(
            title_class("关于印发“十大创新”“十强产业” “十大扩需求”2022年行动计划的通知"),
            None
        );
    }

    #[test]
    fn page_breaks_are_rejoined() {
        let text = "一、主要任务\n\n1. 加强。（牵头单位：省工业和信息化\n\n化厅、省科技厅)\n\n2. 推进。\n\n（牵头单位：省科技厅）\n\n展开\n";
        let (paras, diags) = segment("t.txt", text);
        let bodies: Vec<&str> = paras
            .iter()
            .filter(|p| p.class == Class::Body)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(
            bodies,
            vec![
                "1. 加强。（牵头单位：省工业和信息化化厅、省科技厅)",
                "2. 推进。（牵头单位：省科技厅）"
            ]
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 3);
        assert_eq!(paras.last().map(|p| &p.class), Some(&Class::Chrome));
    }

    fn bodies(text: &str) -> Vec<(usize, usize, String)> {
        segment("t.txt", text)
            .0
            .into_iter()
            .filter(|p| p.class == Class::Body)
            .map(|p| (p.line, p.end_line, p.text))
            .collect()
    }

    #[test]
    fn goal_paragraph_after_heading_and_a_stray_paragraph_stay_apart() {
        let text = "一、工作目标\n\n全面免征基金。\n\n聚焦“全链条”薄弱环节，\n\n精准发力。\n\n二、主要任务\n";
        assert_eq!(
            bodies(text),
            vec![
                (3, 3, "全面免征基金。".to_string()),
                (5, 7, "聚焦“全链条”薄弱环节，精准发力。".to_string()),
            ]
        );
    }

    #[test]
    fn unattributed_item_takes_its_second_paragraph() {
        let text = "2. **鼓励各市发展。**对于全省\n\n增量指标。（牵头单位：省发展改革委）\n\n3. 下一项。（牵头单位：省能源局）\n";
        let got = bodies(text);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].0, got[0].1), (1, 3));
    }

    #[test]
    fn lines_without_blank_separators_are_paragraphs() {
        // The 2024 layout: one paragraph per line, goal paragraphs unmarked.
        let text = "各市人民政府:\n《计划》已经同意,请认真抓好落实。\n全社会研发投入增长10%。\n1.强化攻关。聚焦。(牵头单位:省科技厅)\n(一)强化组织领导。省科技厅牵头负责。(牵头单位:省科技厅)\n聚焦人才。\n(一)构建格局。(牵头单位:省委组织部)\n";
        let got = bodies(text);
        let lines: Vec<usize> = got.iter().map(|b| b.0).collect();
        assert_eq!(lines, vec![1, 2, 3, 4, 5, 6, 7]);
        assert!(got.iter().all(|b| b.0 == b.1));
    }

    #[test]
    fn sub_plan_titles_need_a_section_next() {
        let (paras, _) = segment(
            "t.txt",
            "综合立体交通网\n\n一、工作目标\n\n现代物流网\n\n1. 任务。\n",
        );
        assert_eq!(paras[0].class, Class::SubPlanTitle("综合立体交通网".into()));
        assert_eq!(paras[2].class, Class::Chrome);
    }

    #[test]
    fn dense_layout_keeps_a_goal_after_an_unattributed_item() {
        let text = "聚焦科技。\n1.强化攻关。\n(一)强化组织领导。统筹推进。\n聚焦人才,新增人才。\n(一)构建格局。\n";
        let lines: Vec<usize> = bodies(text).iter().map(|b| b.0).collect();
        assert_eq!(lines, vec![1, 2, 3, 4, 5]);
        // The same lines separated by blank lines: the item takes the next
        // paragraph (a task continued after a page break).
        let spaced = text.replace('\n', "\n\n");
        let lines: Vec<(usize, usize)> = bodies(&spaced).iter().map(|b| (b.0, b.1)).collect();
        assert_eq!(lines, vec![(1, 1), (3, 3), (5, 7), (9, 9)]);
    }

    #[test]
    fn dense_item_title_takes_its_body_when_the_body_is_attributed() {
        // An item's title on its own line, its body on the next with the
        // attribution, no blank lines (text read from a Word file).
        let text = "二、主要任务\n1. 围绕“强链条”开展示范，推动园区升级。\n引导园区更新设备，建成一批示范车间。（牵头单位：省商务厅）\n2. 围绕“育品牌”开展示范，推动服务升级。\n培育一批区域品牌，\n完善品牌评价体系。（牵头单位：省市场监管局）\n3. 推进示范园区扩面。\n到2025年，示范园区达到30个。\n4. 完善服务体系。（牵头单位：省商务厅）\n";
        assert_eq!(
            bodies(text),
            vec![
                (2, 3, "1. 围绕“强链条”开展示范，推动园区升级。引导园区更新设备，建成一批示范车间。（牵头单位：省商务厅）".to_string()),
                (4, 6, "2. 围绕“育品牌”开展示范，推动服务升级。培育一批区域品牌，完善品牌评价体系。（牵头单位：省市场监管局）".to_string()),
                // No attribution before the next item: the line stays a
                // paragraph of its own (it may be a plan's goal).
                (7, 7, "3. 推进示范园区扩面。".to_string()),
                (8, 8, "到2025年，示范园区达到30个。".to_string()),
                (9, 9, "4. 完善服务体系。（牵头单位：省商务厅）".to_string()),
            ]
        );
        // The same lines with blank lines between them: the same items.
        let spaced = text.replace('\n', "\n\n");
        let texts: Vec<String> = bodies(&spaced).into_iter().map(|b| b.2).collect();
        let dense: Vec<String> = bodies(text).into_iter().map(|b| b.2).collect();
        assert_eq!(texts[..2], dense[..2]);
    }
}
