//! The passage shown for a text found: a window of [`WIDTH`] characters
//! around the first occurrence of the query's rarest needle, every needle's
//! occurrence in it marked.

use super::query::Query;

/// Characters shown.
pub const WIDTH: usize = 48;
/// Characters kept before the first occurrence.
const BEFORE: usize = 12;

/// A passage as pieces, each marked (a needle's occurrence) or not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    pub parts: Vec<(String, bool)>,
}

impl Snippet {
    /// The passage with each marked piece between `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::new();
        for (text, marked) in &self.parts {
            if *marked {
                out.push_str(open);
                out.push_str(text);
                out.push_str(close);
            } else {
                out.push_str(text);
            }
        }
        out
    }

    /// The passage without marks.
    pub fn plain(&self) -> String {
        self.marked("", "")
    }
}

/// The window of `text` around `anchor`'s first occurrence (the start of the
/// text when it has none), with `query`'s needles marked.
pub fn around(text: &str, query: &Query, anchor: &str) -> Snippet {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let anchor_char = text
        .find(anchor)
        .filter(|_| !anchor.is_empty())
        .map(|byte| chars.partition_point(|(b, _)| *b < byte))
        .unwrap_or(0);
    let mut start = anchor_char.saturating_sub(BEFORE);
    let end = (start + WIDTH).min(chars.len());
    start = start.min(end.saturating_sub(WIDTH));
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
    let (from, to) = (byte_at(start), byte_at(end));
    // Marked byte ranges, merged where needles overlap.
    let mut ranges: Vec<(usize, usize)> = query
        .needles
        .iter()
        .filter(|n| !n.text.is_empty())
        .flat_map(|n| {
            text.match_indices(n.text.as_str())
                .map(|(b, m)| (b, b + m.len()))
        })
        .filter(|&(b, e)| e > from && b < to)
        .map(|(b, e)| (b.max(from), e.min(to)))
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (b, e) in ranges {
        match merged.last_mut() {
            Some(last) if b <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((b, e)),
        }
    }
    let clean = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    let mut parts = Vec::new();
    if start > 0 {
        parts.push(("…".to_owned(), false));
    }
    let mut at = from;
    for (b, e) in merged {
        if b > at {
            parts.push((clean(&text[at..b]), false));
        }
        parts.push((clean(&text[b..e]), true));
        at = e;
    }
    if at < to {
        parts.push((clean(&text[at..to]), false));
    }
    if end < chars.len() {
        parts.push(("…".to_owned(), false));
    }
    Snippet { parts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_and_marks() {
        let q = Query::parse("氢能 布局").unwrap();
        let s = around("推进氢能示范应用，完善加氢站布局。", &q, "氢能");
        assert_eq!(s.marked("«", "»"), "推进«氢能»示范应用，完善加氢站«布局»。");
        let long = format!("{}氢能{}", "甲".repeat(30), "乙".repeat(60));
        let s = around(&long, &Query::parse("氢能").unwrap(), "氢能");
        let shown = s.marked("«", "»");
        assert!(
            shown.starts_with("…甲") && shown.ends_with("乙…"),
            "{shown}"
        );
        assert_eq!(s.plain().chars().count(), WIDTH + 2);
        assert!(shown.contains("«氢能»"));
    }
}
