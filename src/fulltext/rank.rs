//! The order of the texts found: first those that write the query's
//! needles together (数字政府 for `数字 政府`; queries of several needles
//! only), then those whose title holds every needle, then the rest; within
//! each of these tiers by relevance, then by text id (the caller's order:
//! tasks by IRI).
//!
//! Relevance is BM25 (k1 = 1.2, b = 0.75) over the query's needles, with
//! three changes for Chinese text searched by substring:
//!
//! - a needle's frequency in a text counts its occurrences as a substring,
//!   an occurrence that is a word of its own (its both ends fall on jieba's
//!   word boundaries) counting 1 and one inside a longer word counting ½
//!   (氢能 in 推进氢能示范 over 氢能 in 氢能源);
//! - a needle that occurs in the task's title counts [`TITLE_WEIGHT`] more;
//! - a query of several needles gets one more, optional term: the needles
//!   written together (数字政府 for `数字 政府`), so texts holding the
//!   phrase come before texts holding the words apart.
//!
//! A text's length is its number of words; a needle's document frequency is
//! the number of texts that contain it, both exact from the index.

use super::index::{Entry, TextIndex};
use super::query::Query;

/// BM25's saturation: how quickly further occurrences stop adding.
pub const K1: f64 = 1.2;
/// BM25's length normalisation (0: none, 1: full).
pub const B: f64 = 0.75;
/// What one occurrence in the title adds to a needle's frequency.
pub const TITLE_WEIGHT: f64 = 2.0;
/// What an occurrence inside a longer word counts.
pub const INSIDE_WORD: f64 = 0.5;

/// A text found, with its relevance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    pub id: u32,
    /// 2 when the text writes the needles together, plus 1 when its title
    /// holds every needle; higher tiers come first.
    pub tier: u8,
    /// BM25, as described above.
    pub score: f64,
}

/// BM25's inverse document frequency (the variant that is never negative).
fn idf(texts: usize, with_term: usize) -> f64 {
    let (n, df) = (texts as f64, with_term as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// The weighted frequency of `needle` in an indexed text.
fn frequency(entry: &Entry, needle: &str) -> f64 {
    let mut tf = 0.0;
    for (byte, _) in entry.text.match_indices(needle) {
        tf += if entry.is_bound(byte) && entry.is_bound(byte + needle.len()) {
            1.0
        } else {
            INSIDE_WORD
        };
    }
    if entry.title.contains(needle) {
        tf += TITLE_WEIGHT;
    }
    tf
}

fn saturate(tf: f64, length_ratio: f64) -> f64 {
    tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length_ratio))
}

/// The query's terms: its needles, then the needles written together.
fn terms(query: &Query) -> Vec<String> {
    let mut terms: Vec<String> = query.needles.iter().map(|n| n.text.clone()).collect();
    if let Some(joined) = query.joined() {
        if !terms.contains(&joined) {
            terms.push(joined);
        }
    }
    terms
}

/// Every text of `index` holding all the needles, best first.
///
/// # Complexity
/// * The needles' postings (intersected), then one substring scan per term
///   of each text found, on every core when they are many.
pub fn rank(index: &TextIndex, query: &Query) -> Vec<Ranked> {
    let sets: Vec<Vec<u32>> = query
        .needles
        .iter()
        .map(|n| index.containing(&n.text))
        .collect();
    let mut weighted: Vec<(String, f64)> = query
        .needles
        .iter()
        .zip(&sets)
        .map(|(n, set)| (n.text.clone(), idf(index.len(), set.len())))
        .collect();
    let found = super::index::intersect_all(sets);
    if found.is_empty() {
        return Vec::new();
    }
    // The needles written together: one more term, and the first tier.
    let phrase = query
        .joined()
        .filter(|j| !weighted.iter().any(|(t, _)| t == j))
        .map(|j| {
            let df = index.containing(&j).len();
            weighted.push((j, idf(index.len(), df)));
            weighted.len() - 1
        });
    let score = |&id: &u32| {
        let entry = &index.entries[id as usize];
        let ratio = f64::from(entry.words) / index.mean_words;
        let mut score = 0.0;
        let mut has_phrase = false;
        for (i, (term, idf)) in weighted.iter().enumerate() {
            let tf = frequency(entry, term);
            if tf > 0.0 {
                score += idf * saturate(tf, ratio);
                has_phrase |= phrase == Some(i);
            }
        }
        let title = query
            .needles
            .iter()
            .all(|n| entry.title.contains(n.text.as_str()));
        Ranked {
            id,
            tier: u8::from(has_phrase) * 2 + u8::from(title),
            score,
        }
    };
    let mut ranked: Vec<Ranked> = if found.len() > 512 {
        use rayon::prelude::*;
        found.par_iter().map(score).collect()
    } else {
        found.iter().map(score).collect()
    };
    ranked.sort_unstable_by(|a, b| {
        b.tier
            .cmp(&a.tier)
            .then(b.score.total_cmp(&a.score))
            .then(a.id.cmp(&b.id))
    });
    ranked
}

/// The score of one text seen alone (what SPARQL's `pg:score` returns): the
/// same frequencies, every term weighted 1 (no document frequencies) and no
/// length normalisation, since a function sees one text and not the graph.
/// Zero when the text does not hold every needle.
pub fn score_alone(text: &str, query: &Query) -> f64 {
    let folded = super::query::fold(text);
    if !query.matches(&folded) {
        return 0.0;
    }
    let (words, bounds) = super::words::cut(&folded);
    let entry = Entry {
        title: String::new(),
        text: folded,
        words,
        bounds,
    };
    terms(query)
        .iter()
        .map(|t| {
            let tf = frequency(&entry, t);
            if tf > 0.0 {
                tf * (K1 + 1.0) / (tf + K1)
            } else {
                0.0
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::super::index::TextDoc;
    use super::*;

    fn doc(title: &str, text: &str) -> TextDoc {
        TextDoc {
            title: title.into(),
            text: text.into(),
        }
    }

    #[test]
    fn words_titles_and_phrases_come_first() {
        let index = TextIndex::build(vec![
            doc("", "支持氢能源汽车推广，完善加氢站布局。"),
            doc("", "推进氢能示范应用，完善加氢站布局。"),
            doc("氢能产业", "氢能产业。培育龙头企业，完善加氢站布局。"),
            doc("", "建设数字化政府服务平台，推进政务公开。"),
            doc("", "建设数字政府，推进政务服务一网通办。"),
            doc("", "完善政府数据开放，发展数字经济。"),
        ]);
        let ids = |q: &str| -> Vec<u32> {
            rank(&index, &Query::parse(q).unwrap())
                .iter()
                .map(|r| r.id)
                .collect()
        };
        // The title, then the word of its own, then the part of 氢能源.
        assert_eq!(ids("氢能"), vec![2, 1, 0]);
        // The phrase 数字政府 first.
        assert_eq!(ids("数字 政府")[0], 4);
        assert_eq!(ids("数字 政府").len(), 3);
        assert!(
            score_alone("推进氢能示范", &Query::parse("氢能").unwrap())
                > score_alone("氢能源", &Query::parse("氢能").unwrap())
        );
        assert_eq!(score_alone("数字", &Query::parse("氢能").unwrap()), 0.0);
    }
}
