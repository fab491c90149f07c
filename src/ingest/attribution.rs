//! Responsibility attributions: `（牵头单位：X；配合单位：Y）` and every variant.
//!
//! Works on one re-joined paragraph in its original script (simplified or
//! traditional). Finds the bracket groups that name responsible units and
//! splits them into lead and cooperating surface forms, exactly as printed.
//! Resolving a surface form to its canonical unit is not done here (see
//! [`super::units`]); neither is deciding which sentences an attribution
//! scopes over (the structure code does that with the spans returned here).
//!
//! Variants handled (corpus notes §3.1): any bracket width and pairing
//! (`（…)` included), `〔〕` around units that contain `（）`, both colon
//! widths, the labels 牵头单位/牵头部门/牽頭單位 and 配合单位/参与单位/參與單位,
//! `；` or `，` between the lists, and the label-free formulas
//! `X牵头，Y按照职责分工负责`, `X牵头负责`, `X按照职责(职能)分工负责`.
//! Everything is a linear scan with plain substring tests: no regex, so the
//! cost per paragraph is proportional to its length.

use std::ops::Range;

/// One bracket group that names responsible units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// Byte range of the whole bracket group (brackets included) in the text.
    pub span: Range<usize>,
    /// Lead unit surface forms in printed order (original script, `**` removed).
    pub leads: Vec<String>,
    /// Cooperating unit surface forms in printed order.
    pub cooperating: Vec<String>,
}

/// Labels that introduce the lead list (simplified, traditional, and the
/// half-converted spellings a machine conversion can leave behind).
const LEAD_LABELS: &[&str] = &[
    "牵头单位",
    "牵头部门",
    "牽頭單位",
    "牽頭部門",
    "牵头單位",
    "牽頭单位",
    "牵头部門",
];

/// Labels that introduce the cooperating list.
const PARTNER_LABELS: &[&str] = &[
    "配合单位",
    "参与单位",
    "參與單位",
    "配合單位",
    "参与單位",
    "參與单位",
    "參与單位",
];

/// Formula endings that make the preceding list responsible without a label,
/// longest first so that `按照职责分工负责` is removed whole.
const DUTY_SUFFIXES: &[&str] = &[
    "按照职责分工负责",
    "按照职能分工负责",
    "按照職責分工負責",
    "按照職能分工負責",
    "按职责分工负责",
    "按职能分工负责",
    "按職責分工負責",
    "按職能分工負責",
    "分工负责",
    "分工負責",
];

/// `X牵头负责`: X leads alone.
const LEAD_ALONE_SUFFIXES: &[&str] = &["牵头负责", "牽頭負責"];

/// `X牵头，Y…分工负责`: the word and separator that end the lead list of
/// the formula.
const LEAD_MARKERS: &[&str] = &[
    "牵头，",
    "牵头,",
    "牵头；",
    "牵头;",
    "牽頭，",
    "牽頭,",
    "牽頭；",
    "牽頭;",
];

/// Unit names that contain a separator or a label word and must stay whole.
const PROTECTED: &[&str] = &[
    "综合交通运输工作领导小组及重点建设项目、铁路、民航建设工作专项小组成员单位",
    "綜合交通運輸工作領導小組及重點建設項目、鐵路、民航建設工作專項小組成員單位",
    "省有关部门、单位",
    "省有關部門、單位",
    "省有关部门、單位",
    "营商环境各领域牵头单位",
    "營商環境各領域牽頭單位",
    "打击证券违法活动省相关责任单位",
];

/// Starts of a collective phrase after `等` (`X等省有关部门` → X + 省有关部门).
const COLLECTIVE_STARTS: &[&str] = &["省有关", "省有關", "有关", "有關", "相关", "相關", "各"];

/// Characters that separate units inside one list.
const LIST_SEPARATORS: &[char] = &['、', '，', ',', '；', ';'];

/// A bracket character: an opener with its byte length, or a closer.
enum Bracket {
    Open(usize),
    Close,
}

/// Finds every attribution in `text`, in order.
///
/// Only top-level bracket groups are considered (openers `（ ( 〔`, closers
/// `） ) 〕`, any pairing, nesting-aware); a group whose content does not
/// parse as an attribution is skipped, and so is an unclosed one.
pub fn find_attributions(text: &str) -> Vec<Attribution> {
    // Pair brackets with a stack: a closer always closes the innermost open
    // group, so an opener that is never closed (a typo, a truncated line)
    // stays on the stack without swallowing the groups after it, and a
    // stray closer with nothing open is ignored.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        // Brackets are recognised on bytes: `( )` are ASCII, `（ ）` are
        // EF BC 88/89 and `〔 〕` E3 80 94/95. Lead bytes 0xEF/0xE3 only occur
        // at character starts, so every match is on a character boundary.
        let kind = match b {
            b'(' => Bracket::Open(1),
            b')' => Bracket::Close,
            0xEF | 0xE3 => match (b, bytes.get(i + 1), bytes.get(i + 2)) {
                (0xEF, Some(0xBC), Some(0x88)) | (0xE3, Some(0x80), Some(0x94)) => Bracket::Open(3),
                (0xEF, Some(0xBC), Some(0x89)) | (0xE3, Some(0x80), Some(0x95)) => Bracket::Close,
                _ => continue,
            },
            _ => continue,
        };
        match kind {
            Bracket::Open(len) => open.push((i, len)),
            Bracket::Close => {
                if let Some((start, open_len)) = open.pop() {
                    pairs.push((start, open_len, i));
                }
            }
        }
    }
    // Pairs are properly nested; keep the outermost ones, in text order.
    pairs.sort_unstable_by_key(|&(start, _, _)| start);
    let mut found = Vec::new();
    let mut covered_until = 0usize;
    for (start, open_len, close) in pairs {
        if start < covered_until {
            continue;
        }
        let end = close + if bytes[close] == b')' { 1 } else { 3 };
        covered_until = end;
        if let Some((leads, cooperating)) = parse_content(&text[start + open_len..close]) {
            found.push(Attribution {
                span: start..end,
                leads,
                cooperating,
            });
        }
    }
    found
}

/// Returns `text` without the given attribution spans.
///
/// A `。` right after a removed group is dropped when the text before the
/// group already ends with `。`, so the sentence end is kept once and never
/// doubled. Spans that overlap, are out of order or fall outside `text` (or
/// off a character boundary) are skipped.
pub fn strip_attributions(text: &str, found: &[Attribution]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0usize;
    for a in found {
        let (s, e) = (a.span.start, a.span.end);
        if s < pos || e > text.len() || s > e {
            continue;
        }
        if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&text[pos..s]);
        pos = e;
        let before_full_stop = out.trim_end().ends_with('。');
        if before_full_stop {
            let rest = &text[pos..];
            let trimmed = rest.trim_start();
            if let Some(after) = trimmed.strip_prefix('。') {
                pos = text.len() - after.len();
            }
        }
    }
    out.push_str(&text[pos..]);
    out
}

/// Parses the content of one bracket group (brackets excluded) into lead and
/// cooperating surface forms; `None` when it is not an attribution.
fn parse_content(inner: &str) -> Option<(Vec<String>, Vec<String>)> {
    let owned;
    let content = if inner.contains("**") {
        owned = inner.replace("**", "");
        owned.as_str()
    } else {
        inner
    };
    let content = content.trim();
    let lead = find_label(content, LEAD_LABELS);
    let partner = find_label(content, PARTNER_LABELS);
    let (leads, cooperating) = match (lead, partner) {
        (Some(l), p) => {
            let lead_end = match &p {
                Some(p) if p.start > l.end => p.start,
                _ => content.len(),
            };
            let lead_text = &content[l.end..lead_end];
            match p {
                Some(p) if p.start > l.end => {
                    (split_units(lead_text), split_units(&content[p.end..]))
                }
                _ => split_a4(lead_text),
            }
        }
        (None, Some(p)) => {
            let (leads, _) = parse_formula(&content[..p.start]).unwrap_or_default();
            (leads, split_units(&content[p.end..]))
        }
        (None, None) => parse_formula(content)?,
    };
    if leads.is_empty() && cooperating.is_empty() {
        None
    } else {
        Some((leads, cooperating))
    }
}

/// A label occurrence: `start` of the label, `end` just after its colon.
struct Label {
    start: usize,
    end: usize,
}

/// Finds the first label of `labels` in `s` that is followed by a colon
/// (either width, whitespace allowed). The colon is what tells a label from
/// the same word inside a unit name (`营商环境各领域牵头单位`).
fn find_label(s: &str, labels: &[&str]) -> Option<Label> {
    // One pass; a label is only tried where its first character stands.
    for (start, c) in s.char_indices() {
        if !matches!(c, '牵' | '牽' | '配' | '参' | '參') {
            continue;
        }
        let rest = &s[start..];
        let Some(label) = labels.iter().find(|l| rest.starts_with(**l)) else {
            continue;
        };
        let trimmed = rest[label.len()..].trim_start();
        let colon = trimmed
            .strip_prefix('：')
            .or_else(|| trimmed.strip_prefix(':'));
        if let Some(after_colon) = colon {
            return Some(Label {
                start,
                end: s.len() - after_colon.len(),
            });
        }
    }
    None
}

/// A lead list without a partner label. Variant A4
/// `X；Y按照职责分工负责` gives X as leads and Y as cooperating units.
fn split_a4(lead_text: &str) -> (Vec<String>, Vec<String>) {
    let trimmed = lead_text.trim();
    if let Some((body, _)) = strip_any_suffix(trimmed, DUTY_SUFFIXES) {
        if let Some(pos) = body.find(['；', ';']) {
            let sep_len = body[pos..].chars().next().map_or(1, char::len_utf8);
            return (
                split_units(&body[..pos]),
                split_units(&body[pos + sep_len..]),
            );
        }
        return (split_units(body), Vec::new());
    }
    (split_units(trimmed), Vec::new())
}

/// Label-free formulas: `X牵头，Y按照职责分工负责` (X lead, Y cooperating),
/// `X牵头负责` (X lead), `X按照职责分工负责` (X lead). `None` for anything
/// else, which is then not an attribution.
fn parse_formula(content: &str) -> Option<(Vec<String>, Vec<String>)> {
    let content = content.trim();
    if let Some((body, _)) = strip_any_suffix(content, LEAD_ALONE_SUFFIXES) {
        return Some((split_units(body), Vec::new()));
    }
    let (body, _) = strip_any_suffix(content, DUTY_SUFFIXES)?;
    let first_marker = LEAD_MARKERS
        .iter()
        .filter_map(|m| body.find(m).map(|pos| (pos, m.len())))
        .min();
    if let Some((pos, len)) = first_marker {
        return Some((split_units(&body[..pos]), split_units(&body[pos + len..])));
    }
    Some((split_units(body), Vec::new()))
}

/// Strips the first matching suffix (after trimming trailing whitespace and
/// sentence punctuation); returns the body and the suffix.
fn strip_any_suffix<'a>(s: &'a str, suffixes: &[&'static str]) -> Option<(&'a str, &'static str)> {
    let s = s.trim_end_matches(|c: char| c.is_whitespace() || c == '。' || c == '.');
    suffixes
        .iter()
        .find_map(|suf| s.strip_suffix(suf).map(|body| (body, *suf)))
}

/// Splits a unit list on `、 ， , ； ;` and `以及`, keeping protected names
/// whole; trims each item, drops a trailing `等` and splits `X等省有关部门`
/// into X and the collective.
fn split_units(list: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut item_start = 0usize;
    let mut i = 0usize;
    // Separators inside a nested bracket belong to the unit name.
    let mut depth = 0usize;
    while i < list.len() {
        let rest = &list[i..];
        let Some(c) = rest.chars().next() else { break };
        match c {
            '（' | '(' | '〔' => depth += 1,
            '）' | ')' | '〕' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 {
            i += c.len_utf8();
            continue;
        }
        let protected = if matches!(c, '综' | '綜' | '省' | '营' | '營' | '打') {
            PROTECTED.iter().find(|p| rest.starts_with(**p))
        } else {
            None
        };
        if let Some(p) = protected {
            i += p.len();
            continue;
        }
        if c == '以' && rest.starts_with("以及") {
            push_item(&mut items, &list[item_start..i]);
            i += "以及".len();
            item_start = i;
            continue;
        }
        if LIST_SEPARATORS.contains(&c) {
            push_item(&mut items, &list[item_start..i]);
            item_start = i + c.len_utf8();
        }
        i += c.len_utf8();
    }
    push_item(&mut items, &list[item_start..]);
    items
}

/// Cleans one list item and appends the unit(s) it names.
fn push_item(items: &mut Vec<String>, raw: &str) {
    let item = clean(raw);
    if item.is_empty() {
        return;
    }
    // `X等省有关部门`: an example list closed by a collective phrase.
    let mut from = 0;
    while let Some(off) = item[from..].find('等') {
        let pos = from + off;
        let after = &item[pos + '等'.len_utf8()..];
        if pos > 0 && COLLECTIVE_STARTS.iter().any(|c| after.starts_with(c)) {
            let head = clean(&item[..pos]);
            let tail = clean(after);
            if !head.is_empty() {
                items.push(head);
            }
            if !tail.is_empty() {
                items.push(tail);
            }
            return;
        }
        from = pos + '等'.len_utf8();
    }
    let item = match item.strip_suffix('等') {
        Some(head) => clean(head),
        None => item,
    };
    if !item.is_empty() {
        items.push(item);
    }
}

/// Trims whitespace (NBSP included) and stray punctuation, removes `**`.
fn clean(raw: &str) -> String {
    let s = if raw.contains("**") {
        raw.replace("**", "")
    } else {
        raw.to_string()
    };
    s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '。' | '.' | '：' | ':' | '*' | '、' | '，' | ',')
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (Vec<String>, Vec<String>) {
        let found = find_attributions(text);
        assert_eq!(
            found.len(),
            1,
            "expected one attribution in {text}: {found:?}"
        );
        let a = &found[0];
        (a.leads.clone(), a.cooperating.clone())
    }

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a1_lead_only_000_l169() {
        let text = "…1天办结。（牵头单位：省市场监管局）";
        let found = find_attributions(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].leads, v(&["省市场监管局"]));
        assert!(found[0].cooperating.is_empty());
        assert_eq!(&text[found[0].span.clone()], "（牵头单位：省市场监管局）");
    }

    #[test]
    fn a1_traditional_002_l11() {
        assert_eq!(one("(牽頭單位:省科技廳)"), (v(&["省科技廳"]), v(&[])));
    }

    #[test]
    fn a2_lead_and_partner_000_l689() {
        assert_eq!(
            one("（牵头单位：省工业和信息化厅；配合单位：省发展改革委）"),
            (v(&["省工业和信息化厅"]), v(&["省发展改革委"]))
        );
    }

    #[test]
    fn a2_half_width_001_l21() {
        assert_eq!(
            one("(牵头单位:省科技厅;配合单位:省发展改革委、省工业和信息化厅、省财政厅)"),
            (
                v(&["省科技厅"]),
                v(&["省发展改革委", "省工业和信息化厅", "省财政厅"])
            )
        );
    }

    #[test]
    fn a3_participating_label_002_l16() {
        assert_eq!(
            one("(牽頭單位:省科技廳、省工業和信息化廳,參與單位:省生態環境廳)"),
            (v(&["省科技廳", "省工業和信息化廳"]), v(&["省生態環境廳"]))
        );
    }

    #[test]
    fn a4_missing_partner_label_000_l1027() {
        assert_eq!(
            one("（牵头单位：省应急厅；省能源局、省工业和信息化厅、山东海事局按照职责分工负责）"),
            (
                v(&["省应急厅"]),
                v(&["省能源局", "省工业和信息化厅", "山东海事局"])
            )
        );
    }

    #[test]
    fn b_lead_department_label() {
        // 000 l.457, 002 l.98, 004 l.43.
        assert_eq!(
            one("(牵头部门：省政府办公厅、省司法厅)"),
            (v(&["省政府办公厅", "省司法厅"]), v(&[]))
        );
        assert_eq!(
            one("(牽頭部門:省商務廳、省發展改革委)。"),
            (v(&["省商務廳", "省發展改革委"]), v(&[]))
        );
        assert_eq!(
            one("(牵头部门:省税务局;配合单位:省市场监管局)"),
            (v(&["省税务局"]), v(&["省市场监管局"]))
        );
    }

    #[test]
    fn c_formula_lead_then_duty_000_l109() {
        assert_eq!(
            one("（省委组织部、省科技厅牵头，省教育厅、省科协按照职责分工负责）"),
            (v(&["省委组织部", "省科技厅"]), v(&["省教育厅", "省科协"]))
        );
    }

    #[test]
    fn d_lead_alone_000_l129() {
        assert_eq!(one("(省教育厅牵头负责)"), (v(&["省教育厅"]), v(&[])));
    }

    #[test]
    fn e_named_list_with_duty_formula() {
        // 000 l.117, 002 l.90, 004 l.50: the named units lead.
        assert_eq!(
            one("（省教育厅、山东人才发展集团有限公司按照职责分工负责）"),
            (v(&["省教育厅", "山东人才发展集团有限公司"]), v(&[]))
        );
        assert_eq!(
            one("(省政府辦公廳、省司法廳按職責分工負責)"),
            (v(&["省政府辦公廳", "省司法廳"]), v(&[]))
        );
        assert_eq!(
            one("(省委金融办、青岛证监局按职能分工负责)"),
            (v(&["省委金融办", "青岛证监局"]), v(&[]))
        );
    }

    #[test]
    fn f_collective_with_duty_formula() {
        // 000 l.331, 004 l.73 (省有关部门、单位 is one name), 000 l.1065.
        assert_eq!(
            one("（省有关部门单位按照职责分工负责）"),
            (v(&["省有关部门单位"]), v(&[]))
        );
        assert_eq!(
            one("(省有关部门、单位按照职责分工负责)"),
            (v(&["省有关部门、单位"]), v(&[]))
        );
        assert_eq!(one("（各部门按照职责分工负责）"), (v(&["各部门"]), v(&[])));
    }

    #[test]
    fn comma_between_lists_000_l2895_004_l58() {
        assert_eq!(
            one("（牵头单位：省工业和信息化厅，配合单位：省发展改革委、省生态环境厅）"),
            (
                v(&["省工业和信息化厅"]),
                v(&["省发展改革委", "省生态环境厅"])
            )
        );
        assert_eq!(
            one("(牵头单位:省自然资源厅、省司法厅,配合单位:省大数据局)"),
            (v(&["省自然资源厅", "省司法厅"]), v(&["省大数据局"]))
        );
    }

    #[test]
    fn mixed_brackets_and_colons_000_l449_l825() {
        assert_eq!(
            one("（牵头单位：省政府办公厅)"),
            (v(&["省政府办公厅"]), v(&[]))
        );
        assert_eq!(
            one("(牵头单位:省大数据局;配合单位：相关数源部门）"),
            (v(&["省大数据局"]), v(&["相关数源部门"]))
        );
    }

    #[test]
    fn tortoise_shell_brackets_with_nested_unit_000_l1057() {
        let text = "〔牵头单位：省委统筹疫情防控和经济运行工作领导小组（指挥部）办公室〕";
        let found = find_attributions(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span, 0..text.len());
        assert_eq!(
            found[0].leads,
            v(&["省委统筹疫情防控和经济运行工作领导小组（指挥部）办公室"])
        );
    }

    #[test]
    fn several_per_item_000_l1577() {
        let text = "…开工建设。（牵头单位：省海洋局）启动首批海上风电基地项目建设…（牵头单位：省能源局）加快“梦想号”…";
        let found = find_attributions(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].leads, v(&["省海洋局"]));
        assert_eq!(found[1].leads, v(&["省能源局"]));
        assert_eq!(
            strip_attributions(text, &found),
            "…开工建设。启动首批海上风电基地项目建设…加快“梦想号”…"
        );
    }

    #[test]
    fn page_break_join_000_l1017() {
        // The lines are joined with no separator; the doubled 化 stays for
        // the alias table to resolve.
        assert_eq!(
            one("（牵头单位：省工业和信息化化厅、省科技厅)"),
            (v(&["省工业和信息化化厅", "省科技厅"]), v(&[]))
        );
    }

    #[test]
    fn own_line_committee_members_000_l93() {
        assert_eq!(
            one("（牵头单位：省委科技创新委员会各成员单位）"),
            (v(&["省委科技创新委员会各成员单位"]), v(&[]))
        );
    }

    #[test]
    fn bold_markers_000_l269() {
        assert_eq!(
            one("（牵头单位：省科技厅、省商务厅、**省发展改革委**、人民银行济南分行）"),
            (
                v(&["省科技厅", "省商务厅", "省发展改革委", "人民银行济南分行"]),
                v(&[])
            )
        );
    }

    #[test]
    fn trailing_deng_004_l124_and_collective_000_l2901() {
        assert_eq!(
            one("(牵头单位:省工业和信息化厅;配合单位:省发展改革委、省科技厅等)"),
            (v(&["省工业和信息化厅"]), v(&["省发展改革委", "省科技厅"]))
        );
        assert_eq!(
            one("（牵头单位：省发展改革委；配合单位：省住房城乡建设厅等省有关部门、国家开发银行山东省分行）"),
            (
                v(&["省发展改革委"]),
                v(&["省住房城乡建设厅", "省有关部门", "国家开发银行山东省分行"])
            )
        );
    }

    #[test]
    fn yiji_separator_000_l803() {
        assert_eq!(
            one("（牵头单位：省政府办公厅；配合单位：省大数据局、人民银行济南分行以及相关数源部门）"),
            (
                v(&["省政府办公厅"]),
                v(&["省大数据局", "人民银行济南分行", "相关数源部门"])
            )
        );
    }

    #[test]
    fn city_actor_after_comma_000_l233_l271_004_l20() {
        assert_eq!(
            one("（牵头单位：省发展改革委；配合单位：省能源局、国网山东省电力公司，各市政府）"),
            (
                v(&["省发展改革委"]),
                v(&["省能源局", "国网山东省电力公司", "各市政府"])
            )
        );
        assert_eq!(
            one("（牵头单位：省商务厅、济南海关，青岛市政府）"),
            (v(&["省商务厅", "济南海关", "青岛市政府"]), v(&[]))
        );
        assert_eq!(
            one("(牵头单位:省委组织部;配合单位:省委金融办、省国资委,各市党委人才工作领导小组)"),
            (
                v(&["省委组织部"]),
                v(&["省委金融办", "省国资委", "各市党委人才工作领导小组"])
            )
        );
    }

    #[test]
    fn protected_names_stay_whole() {
        // 000 l.595, l.321, l.2297.
        assert_eq!(
            one("（牵头单位：营商环境各领域牵头单位）"),
            (v(&["营商环境各领域牵头单位"]), v(&[]))
        );
        assert_eq!(
            one("（牵头单位：山东证监局；配合单位：打击证券违法活动省相关责任单位）"),
            (v(&["山东证监局"]), v(&["打击证券违法活动省相关责任单位"]))
        );
        assert_eq!(
            one("（牵头单位：省交通运输厅；配合单位：综合交通运输工作领导小组及重点建设项目、铁路、民航建设工作专项小组成员单位）"),
            (
                v(&["省交通运输厅"]),
                v(&["综合交通运输工作领导小组及重点建设项目、铁路、民航建设工作专项小组成员单位"])
            )
        );
    }

    #[test]
    fn spam_glued_to_unit_kept_for_resolution_004_l84() {
        assert_eq!(
            one("(牵头单位:省科技厅KU游体育;配合单位:省财政厅)"),
            (v(&["省科技厅KU游体育"]), v(&["省财政厅"]))
        );
    }

    #[test]
    fn prose_look_alikes_are_not_attributions() {
        // 000 l.2297, 004 l.16 (outside brackets), 000 l.195 (prose).
        assert!(find_attributions(
            "省发展改革、财政、自然资源、生态环境等有关部门按照职能分工加强协同"
        )
        .is_empty());
        assert!(find_attributions(
            "省科技厅牵头负责科技研发创新行动计划落实,省有关部门、单位按职责分工协同推进"
        )
        .is_empty());
        assert!(find_attributions("分别明确项目策划生成牵头单位（项目库）").is_empty());
    }

    #[test]
    fn full_stop_after_group_kept_once() {
        let text = "用地保障。(牵头单位:省自然资源厅、省住房城乡建设厅)。";
        let found = find_attributions(text);
        assert_eq!(strip_attributions(text, &found), "用地保障。");
        let text = "用地保障(牵头单位:省自然资源厅)。";
        let found = find_attributions(text);
        assert_eq!(strip_attributions(text, &found), "用地保障。");
    }

    #[test]
    fn unbalanced_input_never_panics() {
        assert!(find_attributions("（牵头单位：省科技厅").is_empty());
        assert!(find_attributions(")）〕(").is_empty());
        assert_eq!(one("）（牵头单位：省科技厅）").0, v(&["省科技厅"]));
        let bogus = [Attribution {
            span: Range { start: 5, end: 2 },
            leads: vec![],
            cooperating: vec![],
        }];
        assert_eq!(strip_attributions("abc", &bogus), "abc");
    }

    #[test]
    fn never_panics_on_token_soup() {
        // Every sequence of four tokens from the syntax's own pieces.
        let tokens = [
            "（",
            ")",
            "〔",
            "〕",
            "牵头单位：",
            "；",
            "配合单位:",
            "、",
            "等",
            "以及",
            "省X厅",
            "**",
            "。",
            "按照职责分工负责",
            "牵头，",
        ];
        let n = tokens.len();
        let mut text = String::new();
        for code in 0..n.pow(4) {
            text.clear();
            let mut c = code;
            for _ in 0..4 {
                text.push_str(tokens[c % n]);
                c /= n;
            }
            let found = find_attributions(&text);
            for a in &found {
                assert!(a.span.end <= text.len() && a.span.start < a.span.end);
                assert!(a.leads.iter().chain(&a.cooperating).all(|u| !u.is_empty()));
            }
            let stripped = strip_attributions(&text, &found);
            assert!(stripped.len() <= text.len());
        }
    }

    #[test]
    fn unclosed_opener_does_not_hide_later_groups() {
        let text = "（一 推进建设（牵头单位：省科技厅）";
        let found = find_attributions(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.clone()], "（牵头单位：省科技厅）");
    }

    #[test]
    fn separators_inside_nested_brackets_stay() {
        assert_eq!(
            one("（牵头单位：某领导小组（指挥部、专班）办公室、省科技厅）").0,
            v(&["某领导小组（指挥部、专班）办公室", "省科技厅"])
        );
    }
}
