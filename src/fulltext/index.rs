//! The inverted index over texts: which texts hold each character and each
//! pair of adjacent characters, so that a needle's candidates are the
//! intersection of its bigrams' postings, and only those texts are checked
//! with a substring search. The set found is therefore exactly the set of
//! texts that contain every needle (what `FILTER(CONTAINS(…))` finds),
//! without a scan of every text.
//!
//! Each text is also cut into words once, by jieba ([`super::words`]): the
//! ranking ([`super::rank`], which reads this index) counts a text's length
//! in words and weighs an occurrence by whether it is a word of its own.

use std::collections::HashMap;

use rayon::prelude::*;

use super::query::{fold, Query};
use super::snippet::{self, Snippet};
use super::words;

/// One text to index: a title (may be empty) and a body, in any script.
#[derive(Debug, Clone, Default)]
pub struct TextDoc {
    pub title: String,
    pub text: String,
}

/// One indexed text, folded to simplified script.
pub(super) struct Entry {
    pub title: String,
    pub text: String,
    /// Words of `text` (jieba).
    pub words: u32,
    /// Bit i set when byte offset i of `text` starts or ends a word.
    pub bounds: Box<[u64]>,
}

impl Entry {
    pub fn is_bound(&self, byte: usize) -> bool {
        self.bounds
            .get(byte / 64)
            .is_some_and(|w| w & (1 << (byte % 64)) != 0)
    }
}

/// Texts with their character and bigram postings.
pub struct TextIndex {
    pub(super) entries: Vec<Entry>,
    /// Gram key ([`gram`], [`unigram`]) → ids of the texts holding it, ascending.
    postings: HashMap<u64, Vec<u32>>,
    /// Mean of `words` (1 for an empty index).
    pub(super) mean_words: f64,
}

/// The key of two adjacent characters.
fn gram(a: char, b: char) -> u64 {
    ((a as u64) << 21) | b as u64
}

/// The key of one character (no character is 0x1FFFFF, so it cannot be a bigram's).
fn unigram(a: char) -> u64 {
    ((a as u64) << 21) | 0x1F_FFFF
}

/// Every distinct key of `text`, sorted.
fn keys(text: &str) -> Vec<u64> {
    let mut keys = Vec::with_capacity(text.len() / 2);
    let mut previous: Option<char> = None;
    for c in text.chars() {
        keys.push(unigram(c));
        if let Some(p) = previous {
            keys.push(gram(p, c));
        }
        previous = Some(c);
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

impl TextIndex {
    /// Indexes `docs`; text `i` keeps id `i`.
    ///
    /// # Complexity
    /// * Linear in the characters, on every core (folding, cutting into
    ///   words and collecting the keys per text), then one pass to fill the
    ///   postings.
    pub fn build(docs: Vec<TextDoc>) -> TextIndex {
        let prepared: Vec<(Entry, Vec<u64>)> = docs
            .into_par_iter()
            .map(|doc| {
                let text = fold(&doc.text);
                let (count, bounds) = words::cut(&text);
                let keys = keys(&text);
                let entry = Entry {
                    title: fold(&doc.title),
                    text,
                    words: count,
                    bounds,
                };
                (entry, keys)
            })
            .collect();
        let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
        let mut entries = Vec::with_capacity(prepared.len());
        for (id, (entry, keys)) in prepared.into_iter().enumerate() {
            for key in keys {
                postings.entry(key).or_default().push(id as u32);
            }
            entries.push(entry);
        }
        for list in postings.values_mut() {
            list.shrink_to_fit();
        }
        let mean_words = if entries.is_empty() {
            1.0
        } else {
            entries.iter().map(|e| f64::from(e.words)).sum::<f64>() / entries.len() as f64
        };
        TextIndex {
            entries,
            postings,
            mean_words: mean_words.max(1.0),
        }
    }

    /// Number of texts.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no text is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Bytes held by the index: texts, word boundaries, postings (an
    /// estimate of the heap, without the allocator's overhead).
    pub fn heap_bytes(&self) -> usize {
        let entries: usize = self
            .entries
            .iter()
            .map(|e| {
                std::mem::size_of::<Entry>()
                    + e.title.capacity()
                    + e.text.capacity()
                    + e.bounds.len() * 8
            })
            .sum();
        let postings: usize = self
            .postings
            .values()
            .map(|l| l.capacity() * 4 + std::mem::size_of::<(u64, Vec<u32>)>())
            .sum();
        entries + postings
    }

    /// The folded text of `id`.
    pub fn text(&self, id: u32) -> &str {
        self.entries
            .get(id as usize)
            .map_or("", |e| e.text.as_str())
    }

    /// The ids of the texts holding `needle` (folded), ascending.
    pub fn containing(&self, needle: &str) -> Vec<u32> {
        let chars: Vec<char> = needle.chars().collect();
        let keys: Vec<u64> = match chars.as_slice() {
            [] => return (0..self.entries.len() as u32).collect(),
            [one] => vec![unigram(*one)],
            many => many.windows(2).map(|w| gram(w[0], w[1])).collect(),
        };
        let mut lists: Vec<&[u32]> = Vec::with_capacity(keys.len());
        for key in keys {
            match self.postings.get(&key) {
                Some(list) => lists.push(list),
                None => return Vec::new(),
            }
        }
        lists.sort_by_key(|l| l.len());
        lists.dedup_by(|a, b| std::ptr::eq(*a, *b));
        let mut candidates: Vec<u32> = lists[0].to_vec();
        for list in &lists[1..] {
            if candidates.is_empty() {
                break;
            }
            candidates = intersect(&candidates, list);
        }
        if chars.len() <= 2 {
            // A bigram's postings are exact for a needle of two characters.
            return candidates;
        }
        candidates.retain(|&id| self.text(id).contains(needle));
        candidates
    }

    /// The ids of the texts holding every needle of `query`, ascending.
    pub fn matching(&self, query: &Query) -> Vec<u32> {
        intersect_all(
            query
                .needles
                .iter()
                .map(|n| self.containing(&n.text))
                .collect(),
        )
    }

    /// The query's needle held by the fewest texts (the first of those):
    /// where [`Self::snippet`] centres the passage.
    pub fn rarest<'q>(&self, query: &'q Query) -> &'q str {
        query
            .needles
            .iter()
            .min_by_key(|n| self.containing(&n.text).len())
            .map_or("", |n| n.text.as_str())
    }

    /// The passage of text `id` around `anchor` ([`Self::rarest`]), the
    /// needles' occurrences marked.
    pub fn snippet(&self, id: u32, query: &Query, anchor: &str) -> Snippet {
        snippet::around(self.text(id), query, anchor)
    }
}

/// The ids in every one of `sets` (each ascending), ascending.
pub(super) fn intersect_all(mut sets: Vec<Vec<u32>>) -> Vec<u32> {
    sets.sort_by_key(Vec::len);
    let mut sets = sets.into_iter();
    let mut found = sets.next().unwrap_or_default();
    for set in sets {
        if found.is_empty() {
            break;
        }
        found = intersect(&found, &set);
    }
    found
}

/// The ids in both ascending lists.
fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(small.len());
    // Galloping would win on very unequal lists; a merge with binary search
    // on the larger list is enough at these sizes.
    if large.len() > small.len() * 16 {
        for &x in small {
            if large.binary_search(&x).is_ok() {
                out.push(x);
            }
        }
        return out;
    }
    let (mut i, mut j) = (0, 0);
    while i < small.len() && j < large.len() {
        match small[i].cmp(&large[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(small[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(texts: &[&str]) -> TextIndex {
        TextIndex::build(
            texts
                .iter()
                .map(|t| TextDoc {
                    title: String::new(),
                    text: (*t).to_owned(),
                })
                .collect(),
        )
    }

    #[test]
    fn the_set_found_is_the_set_of_texts_containing_every_needle() {
        let texts = [
            "发展氢能源产业",
            "推进氢能示范应用",
            "建设数字政府",
            "數字經濟",
            "氢气",
            "",
            "数 字",
        ];
        let idx = index(&texts);
        for q in [
            "氢能",
            "氢",
            "数字",
            "数字 政府",
            "氢能 产业",
            "\"数 字\"",
            "能源产业发展",
            "x",
        ] {
            let query = Query::parse(q).unwrap();
            let expected: Vec<u32> = (0..texts.len() as u32)
                .filter(|&i| query.matches(&fold(texts[i as usize])))
                .collect();
            assert_eq!(idx.matching(&query), expected, "{q}");
        }
        assert_eq!(idx.matching(&Query::parse("數字").unwrap()), vec![2, 3]);
    }

    #[test]
    fn intersection_of_sorted_lists() {
        assert_eq!(intersect(&[1, 3, 5, 7], &[3, 4, 5]), vec![3, 5]);
        let large: Vec<u32> = (0..1000).collect();
        assert_eq!(intersect(&[5, 999, 2000], &large), vec![5, 999]);
        assert!(intersect(&[], &large).is_empty());
    }
}
