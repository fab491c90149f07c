//! Character-level normalisation of Chinese text: script, width, whitespace.
//!
//! Three uses, three functions: [`t2s`] for everything stored (tasks, titles,
//! sections are simplified), [`squeeze_spaces`] for the stored task text (the
//! PDF extraction put spaces between CJK and digits), and [`match_key`] for
//! comparing two printings of the same task (web copy vs official file).
//! Nothing here knows about structure or attributions.

/// Traditional → simplified, character by character (the character count is
/// unchanged, so offsets in characters survive).
///
/// Same result as `fast2s::convert`, which pays three hash lookups for every
/// CJK character. Almost all text is simplified already: a text without any
/// character that conversion could touch is copied as it is, and a text with
/// a few (著 in 显著 is one) has just those converted. fast2s decides each
/// character from it and its two neighbours alone (`special_convert(prev,
/// cur, next)`), so converting the three-character window around it gives
/// the same character as converting the whole text.
pub fn t2s(text: &str) -> String {
    let table = convertible();
    let is_touched = |c: char| {
        let code = c as usize;
        code < 0x1_0000 && table[code / 64] & (1 << (code % 64)) != 0
    };
    let touched = text.chars().filter(|&c| is_touched(c)).count();
    if touched == 0 {
        return text.to_owned();
    }
    // Mostly traditional text: one pass over all of it is cheaper.
    if touched * 16 > text.len() {
        return fast2s::convert(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut window = String::with_capacity(12);
    let mut chars = text.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((_, c)) = chars.next() {
        if !is_touched(c) {
            out.push(c);
            prev = Some(c);
            continue;
        }
        // A missing neighbour is what fast2s sees at either end of a text.
        window.clear();
        window.extend(prev);
        window.push(c);
        window.extend(chars.peek().map(|&(_, next)| next));
        let converted = fast2s::convert(&window);
        let middle = converted.chars().nth(usize::from(prev.is_some()));
        out.push(middle.unwrap_or(c));
        prev = Some(c);
    }
    out
}

/// Characters that fast2s converts depending on their neighbours (its
/// exclusion and special-case tables): never left out of [`convertible`],
/// whatever they become alone.
const CONTEXTUAL: &[char] = &[
    '兒', '覆', '夥', '藉', '瞭', '麽', '幺', '於', '乾', '著', '苧', '闔', '鍾', '讎', '畫',
];

/// A bit per BMP character: set when fast2s may change it. Found once by
/// converting every three-byte UTF-8 character (the only ones fast2s looks
/// at) with an ASCII digit between each, so no neighbour is a context.
fn convertible() -> &'static [u64; 1024] {
    static TABLE: std::sync::OnceLock<Box<[u64; 1024]>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Box::new([0u64; 1024]);
        let probe: String = ('\u{800}'..='\u{ffff}').flat_map(|c| [c, '0']).collect();
        let converted = fast2s::convert(&probe);
        for (before, after) in probe.chars().zip(converted.chars()) {
            if before != after {
                let code = before as usize;
                table[code / 64] |= 1 << (code % 64);
            }
        }
        for &c in CONTEXTUAL {
            let code = c as usize;
            table[code / 64] |= 1 << (code % 64);
        }
        table
    })
}

/// True for CJK ideographs and CJK/full-width punctuation: characters
/// between which a space is never meaningful.
pub fn is_wide(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace()
}

/// Whitespace as PDF extraction and web pages leave it: any Unicode
/// whitespace (NBSP and the ideographic space included).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Removes every whitespace run that touches a wide character (`达到 2.3 万家`
/// → `达到2.3万家`, `1.\u{a0}突破` → `1.突破`), collapses the others (between
/// two ASCII words) to one ASCII space, and trims.
pub fn squeeze_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_space(c) {
            let start = i;
            while i < chars.len() && is_space(chars[i]) {
                i += 1;
            }
            let before = start.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i).copied();
            let keep = match (before, after) {
                (Some(b), Some(a)) => !is_wide(b) && !is_wide(a),
                _ => false,
            };
            if keep {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Removes Markdown bold markers.
pub fn strip_bold(text: &str) -> String {
    text.replace("**", "")
}

/// The key under which two printings of one task compare equal: simplified,
/// no `**`, no whitespace at all, full-width ASCII folded to half-width,
/// `〔〕` as `()`, every dash as `-`.
pub fn match_key(text: &str) -> String {
    let simplified = t2s(&strip_bold(text));
    simplified
        .chars()
        .filter(|c| !is_space(*c))
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '〔' => '(',
            '〕' => ')',
            '—' | '–' | '―' | '‐' => '-',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_next_to_cjk_go_ascii_words_keep_one() {
        assert_eq!(squeeze_spaces("达到 2.3 万家"), "达到2.3万家");
        assert_eq!(squeeze_spaces("1.\u{a0}突破一批"), "1.突破一批");
        assert_eq!(squeeze_spaces("好客山东 好品山东"), "好客山东好品山东");
        assert_eq!(squeeze_spaces("  G-PON  EPON  设备 "), "G-PON EPON设备");
    }

    #[test]
    fn same_result_as_fast2s_on_the_corpus_and_its_special_cases() {
        let samples = [
            "乾隆的乾兒子一邊乾淨利落地擲出了一個乾卦，一邊嘴裡嚼着芒果乾。",
            "企畫 計畫 企劃 計劃 畫圖 畫畫",
            "藉口、憑藉的藉，慰藉、狼藉",
            "樊於期；看著；苧麻；闔家；鍾書；校讎",
            "省科技厅牵头，山东省人民政府",
            "著",
            "显著提升，著力推进；乾",
            "乾坤",
            "",
        ];
        for text in samples {
            assert_eq!(t2s(text), fast2s::convert(text), "{text}");
        }
        for source in crate::ingest::embedded_sources() {
            let text = String::from_utf8_lossy(&source.bytes);
            assert_eq!(t2s(&text), fast2s::convert(&text), "{}", source.name);
            for line in text.lines() {
                assert_eq!(t2s(line), fast2s::convert(line), "{line}");
            }
        }
    }

    #[test]
    fn traditional_becomes_simplified() {
        assert_eq!(t2s("嶗山實驗室"), "崂山实验室");
        assert_eq!(t2s("省畜牧獸醫局"), "省畜牧兽医局");
    }

    #[test]
    fn keys_fold_width_space_and_bold() {
        assert_eq!(
            match_key("（牵头单位：省科技厅） **强化**"),
            match_key("(牵头单位:省科技厅)强化")
        );
        assert_eq!(match_key("济南—青岛"), match_key("济南-青岛"));
    }
}
