//! What a document prints before its body: the title of the document and
//! of a single plan, the 文号 (issuing number), the date, and the years a
//! plan title names.

use std::sync::LazyLock;

use regex::Regex;

use super::super::normalize::t2s;
use super::super::segment::Paragraph;
use crate::model::Document;

/// A 文号 on a line of its own: `鲁政发〔2022〕8号`.
pub(super) static DOC_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Han}{1,10}〔\d{4}〕\d+号$").expect("valid regex"));
/// A date on a line of its own: `2022年3月5日`.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$").expect("valid regex")
});
/// The years of a plan in brackets: `（2023-2025年）`.
static YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[（(]\s*(\d{4})\s*[-—–－至]\s*(\d{4})\s*年?\s*[）)]").expect("valid regex")
});
/// A year: `2023年`.
pub(super) static ONE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*年").expect("valid regex"));

/// The years a plan title names (a bracketed range, else one year) and
/// the title without them.
pub(super) fn years_of(title: &str) -> Option<(i32, i32, String)> {
    if let Some(caps) = YEAR_RANGE.captures(title) {
        let start = caps[1].parse().ok()?;
        let end = caps[2].parse().ok()?;
        let rest = YEAR_RANGE.replace(title, "").into_owned();
        return Some((start, end, rest));
    }
    let caps = ONE_YEAR.captures(title)?;
    let year = caps[1].parse().ok()?;
    let rest = ONE_YEAR
        .replace(title, "")
        .replace("（）", "")
        .replace("()", "");
    Some((year, year, rest))
}

/// Title-like preamble paragraph: short, no sentence punctuation, not a
/// number, date, issuer or bracketed note.
fn title_like(simplified: &str) -> bool {
    let n = simplified.chars().count();
    (4..=60).contains(&n)
        && !simplified
            .chars()
            .any(|c| matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':'))
        && !simplified.starts_with(['（', '('])
        && !DOC_NUMBER.is_match(simplified)
        && !DATE_LINE.is_match(simplified)
        && !simplified.ends_with("文件")
        && !simplified.ends_with("办公厅")
        && !simplified.ends_with("人民政府")
}

/// The document title printed before the first section (single-plan
/// layout): the last run of title-like paragraphs, preferring one that
/// names a plan, task list or programme.
pub(super) fn single_plan_title(preamble: &[Paragraph], lines: &[&str]) -> Option<(String, usize)> {
    let mut runs: Vec<(String, usize)> = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for p in preamble {
        let simp = t2s(p.text.trim_matches(|c: char| c == '|' || c.is_whitespace()));
        let candidate = if p.marker.is_none() && title_like(&simp) {
            Some(simp)
        } else if p.marker.is_none() && p.end_line > p.line {
            // A title run together with the line after it (an addressee
            // line, a source line): its own first line may be the title.
            lines
                .get(p.line - 1)
                .map(|l| t2s(l.trim_matches(|c: char| c == '|' || c.is_whitespace())))
                .filter(|first| title_like(first))
                .inspect(|first| {
                    if let Some(run) = current.take() {
                        runs.push(run);
                    }
                    runs.push((first.clone(), p.line));
                })
                .and(None)
        } else {
            None
        };
        match candidate {
            Some(simp) => match current.as_mut() {
                Some((text, _)) => text.push_str(&simp),
                None => current = Some((simp, p.line)),
            },
            None => {
                if let Some(run) = current.take() {
                    runs.push(run);
                }
            }
        }
    }
    runs.extend(current);
    let keywords = ["计划", "任务", "方案", "要点", "意见", "规划", "措施"];
    runs.iter()
        .rev()
        .find(|(t, _)| keywords.iter().any(|k| t.contains(k)))
        .or_else(|| runs.last())
        .cloned()
}

/// The last physical line before the body that reads as a document's
/// title: no sentence punctuation, and ending in a document kind
/// (`…的意见`, `…实施方案`, `…任务分解表`).
pub(super) fn title_line(lines: &[&str]) -> Option<(String, usize)> {
    static TITLE_LINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[^，,。；;：:|>]{4,70}(?:意见|方案|计划|要点|办法|规划|措施|分解|分解表|分工|清单|安排|决定|细则|通知)$")
            .expect("valid regex")
    });
    lines.iter().enumerate().rev().find_map(|(i, line)| {
        let simp: String = t2s(line.trim_matches(|c: char| c == '|' || c.is_whitespace()))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        (TITLE_LINE.is_match(&simp) && !simp.starts_with("附件") && !DOC_NUMBER.is_match(&simp))
            .then_some((simp, i + 1))
    })
}

/// Metadata printed in the preamble: title, issuing number, date.
pub(super) fn document_meta(preamble: &[Paragraph], document: &mut Document) {
    for p in preamble {
        let simp = t2s(&p.text);
        if document.doc_number.is_none() && DOC_NUMBER.is_match(&simp) {
            document.doc_number = Some(simp.clone());
        }
        if document.issued.is_none() {
            if let Some(c) = DATE_LINE.captures(&simp) {
                let (y, m, d) = (&c[1], &c[2], &c[3]);
                if let (Ok(m), Ok(d)) = (m.parse::<u32>(), d.parse::<u32>()) {
                    document.issued = Some(format!("{y}-{m:02}-{d:02}"));
                }
            }
        }
    }
    if document.title.is_none() {
        let title = preamble
            .iter()
            .map(|p| t2s(&p.text))
            .find(|t| t.contains("关于") && t.chars().count() <= 100)
            // An addressee line may have been joined to the title.
            .map(|t| match t.find("的通知") {
                Some(i) => t[..i + "的通知".len()].to_string(),
                None => t,
            })
            .or_else(|| {
                preamble.iter().map(|p| t2s(&p.text)).find(|t| {
                    let n = t.chars().count();
                    (4..=60).contains(&n)
                        && !t.ends_with(['：', ':'])
                        && !t.ends_with("文件")
                        && !DOC_NUMBER.is_match(t)
                        && !DATE_LINE.is_match(t)
                })
            });
        document.title = title;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_years_from_titles() {
        assert_eq!(
            years_of("山东省建设先行区三年行动计划（2023-2025年）").map(|y| (y.0, y.1)),
            Some((2023, 2025))
        );
        assert_eq!(
            years_of("山东省建设先行区2023年重点工作任务").map(|y| (y.0, y.1, y.2)),
            Some((2023, 2023, "山东省建设先行区重点工作任务".to_string()))
        );
    }
}
