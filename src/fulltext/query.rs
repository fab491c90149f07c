//! A search query: the needles every matching text must hold.
//!
//! `氢能 数字` is two terms, both required (AND); `"数字 政府"` (straight or
//! curly quotes) is one phrase that must occur as written, space included.
//! Both are matched as substrings of the simplified text, so a query in
//! traditional script is folded first ([`fold`]): 數字 finds what 数字 finds.

use std::fmt;

/// Folds text the way every indexed text is folded: traditional characters
/// to simplified ones (`fast2s`, one character for one, so character counts
/// are kept).
pub fn fold(text: &str) -> String {
    fast2s::convert(text)
}

/// One string a matching text must contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needle {
    /// Folded to simplified script.
    pub text: String,
    /// Written between quotes.
    pub phrase: bool,
}

/// A parsed query: its needles in the order written, each once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub needles: Vec<Needle>,
}

/// Why a query cannot be searched for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the search query is empty: give at least one term (e.g. 氢能)")]
    Empty,
    #[error("the search query {0:?} opens a quote that it does not close")]
    UnclosedQuote(String),
    #[error("the search query {0:?} has an empty phrase (\"\")")]
    EmptyPhrase(String),
}

impl Query {
    /// Parses `input`: whitespace (ASCII or the ideographic space U+3000)
    /// separates terms; `"…"` or `“…”` encloses a phrase.
    ///
    /// # Example
    /// ```
    /// use plangraph::fulltext::Query;
    /// let q = Query::parse("氫能 \"数字 政府\"").unwrap();
    /// assert_eq!(q.needles[0].text, "氢能");
    /// assert_eq!(q.needles[1].text, "数字 政府");
    /// assert!(q.needles[1].phrase);
    /// ```
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        let mut needles: Vec<Needle> = Vec::new();
        let mut push = |text: &str, phrase: bool| {
            let text = fold(text);
            if !needles.iter().any(|n| n.text == text) {
                needles.push(Needle { text, phrase });
            }
        };
        let mut rest = input;
        loop {
            rest = rest.trim_start_matches(is_separator);
            let Some(first) = rest.chars().next() else {
                break;
            };
            if let Some(close) = closing_quote(first) {
                let inner = &rest[first.len_utf8()..];
                let Some(end) = inner.find(close) else {
                    return Err(QueryError::UnclosedQuote(input.to_owned()));
                };
                let phrase = &inner[..end];
                if phrase.trim().is_empty() {
                    return Err(QueryError::EmptyPhrase(input.to_owned()));
                }
                push(phrase, true);
                rest = &inner[end + close.len_utf8()..];
            } else {
                let end = rest
                    .find(|c: char| is_separator(c) || closing_quote(c).is_some())
                    .unwrap_or(rest.len());
                push(&rest[..end], false);
                rest = &rest[end..];
            }
        }
        if needles.is_empty() {
            return Err(QueryError::Empty);
        }
        Ok(Query { needles })
    }

    /// True when `folded` (a text already folded) holds every needle.
    pub fn matches(&self, folded: &str) -> bool {
        self.needles
            .iter()
            .all(|n| folded.contains(n.text.as_str()))
    }

    /// The needles written together, in order, without the spaces between
    /// them (`数字 政府` → `数字政府`): the phrase the ranking prefers. `None`
    /// for a query of one needle.
    pub fn joined(&self) -> Option<String> {
        (self.needles.len() > 1).then(|| self.needles.iter().map(|n| n.text.as_str()).collect())
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: Vec<String> = self
            .needles
            .iter()
            .map(|n| {
                if n.phrase {
                    format!("\"{}\"", n.text)
                } else {
                    n.text.clone()
                }
            })
            .collect();
        f.write_str(&words.join(" "))
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '“' => Some('”'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(q: &str) -> Vec<(String, bool)> {
        Query::parse(q)
            .unwrap()
            .needles
            .into_iter()
            .map(|n| (n.text, n.phrase))
            .collect()
    }

    #[test]
    fn terms_phrases_and_scripts() {
        assert_eq!(
            texts("  氢能　數字  氢能 "),
            vec![("氢能".into(), false), ("数字".into(), false)]
        );
        assert_eq!(
            texts("“数字 政府”碳达峰"),
            vec![("数字 政府".into(), true), ("碳达峰".into(), false)]
        );
        assert_eq!(Query::parse(" \u{3000} "), Err(QueryError::Empty));
        assert!(matches!(
            Query::parse("\"数字"),
            Err(QueryError::UnclosedQuote(_))
        ));
        assert!(matches!(
            Query::parse("氢能 \" \""),
            Err(QueryError::EmptyPhrase(_))
        ));
    }

    #[test]
    fn matching_is_by_substring_and_needs_every_needle() {
        let q = Query::parse("氢能 产业").unwrap();
        assert!(q.matches("发展氢能源产业"));
        assert!(!q.matches("发展氢能源"));
        assert_eq!(q.joined().as_deref(), Some("氢能产业"));
        assert_eq!(Query::parse("氢能").unwrap().joined(), None);
    }
}
