//! Words, from jieba (`jieba-rs`, the maintained Rust port of the common
//! Chinese segmenter, with its default dictionary and HMM for words not in
//! it). Matching never depends on them (it is by substring, so nothing is
//! lost to a wrong cut); the ranking reads a text's length in words and
//! whether an occurrence is a word of its own (氢能 in 推进氢能示范) or part
//! of a longer one (氢能 in 氢能源, cut 氢/能源).

use std::sync::OnceLock;

use jieba_rs::Jieba;

/// The segmenter, its dictionary loaded once per process (a fifth of a
/// second).
fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// The number of words of `text` (punctuation and spaces are not words),
/// and a bit set over its byte offsets with a bit at each word's start and
/// end.
pub(super) fn cut(text: &str) -> (u32, Box<[u64]>) {
    let mut bounds = vec![0u64; text.len() / 64 + 1];
    let mut set = |byte: usize| bounds[byte / 64] |= 1 << (byte % 64);
    let mut count = 0u32;
    for token in jieba().cut(text, true) {
        set(token.byte_start);
        set(token.byte_end);
        if token.word.chars().any(char::is_alphanumeric) {
            count += 1;
        }
    }
    (count, bounds.into_boxed_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_their_bounds() {
        let text = "推进氢能示范，建设数字政府";
        let (count, bounds) = cut(text);
        let bound = |byte: usize| bounds[byte / 64] & (1 << (byte % 64)) != 0;
        // 推进 / 氢能 / 示范 / ， / 建设 / 数字 / 政府 (HMM may join some).
        assert!((4..=7).contains(&count), "{count}");
        assert!(bound(0) && bound(text.len()));
        assert!(bound("推进".len()));
        assert!(!bound("推".len()), "a word is not cut inside");
    }
}
