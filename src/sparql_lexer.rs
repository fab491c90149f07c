//! A coarse SPARQL tokenizer for the REPL, the query limits and the hints:
//! just enough to know where strings, IRIs, comments and brackets are, so
//! that `;`, `{` or `#` inside a literal do not end a statement, fool
//! completion or count as nesting.
//!
//! It never fails and never allocates per token: malformed input (an
//! unterminated string, a stray `<`) still yields tokens, and the SPARQL
//! parser reports the real error later. It deliberately does not understand
//! the grammar beyond that.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Spaces and tabs (never a newline).
    Space,
    /// One `\n` (a `\r` before it is part of the preceding space).
    Newline,
    /// `#` up to the end of the line.
    Comment,
    /// A quoted literal, `"…"`, `'…'`, `"""…"""` or `'''…'''`. `closed` is
    /// false when the input ends (or, for short strings, the line ends)
    /// before the closing quote.
    Str { closed: bool },
    /// `<…>` that is a valid IRIREF (otherwise `<` is an operator).
    Iri,
    /// One of `{ } ( ) [ ] ;`.
    Punct(char),
    /// Anything else: keywords, prefixed names, variables, numbers,
    /// operators, and meta-commands (`\d`). A backslash escapes the next
    /// character inside a word.
    Word,
}

/// A token: its kind and byte range in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

/// Iterates over the tokens of `input`, starting at byte offset `start`
/// (which must be a char boundary).
pub struct Lexer<'a> {
    input: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    /// A lexer over the whole of `input`.
    pub fn new(input: &'a str) -> Self {
        Self { input, pos: 0 }
    }

    /// A lexer that starts at `start` (clamped to the input, moved back to a
    /// char boundary).
    pub fn at(input: &'a str, start: usize) -> Self {
        let mut pos = start.min(input.len());
        while !input.is_char_boundary(pos) {
            pos -= 1;
        }
        Self { input, pos }
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let rest = self.rest();
        let first = rest.chars().next()?;
        let start = self.pos;
        let (kind, len) = match first {
            '\n' => (TokenKind::Newline, 1),
            c if c.is_whitespace() => {
                let len = rest
                    .find(|c: char| c == '\n' || !c.is_whitespace())
                    .unwrap_or(rest.len());
                (TokenKind::Space, len)
            }
            '#' => (TokenKind::Comment, rest.find('\n').unwrap_or(rest.len())),
            '"' | '\'' => string_len(rest, first),
            '<' => match iri_len(rest) {
                Some(len) => (TokenKind::Iri, len),
                None => (TokenKind::Word, 1),
            },
            '{' | '}' | '(' | ')' | '[' | ']' | ';' => (TokenKind::Punct(first), 1),
            _ => (TokenKind::Word, word_len(rest)),
        };
        self.pos += len;
        Some(Token {
            kind,
            start,
            end: start + len,
        })
    }
}

/// Characters that end a word.
fn ends_word(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '{' | '}' | '(' | ')' | '[' | ']' | ';' | '#' | '"' | '\'' | '<'
        )
}

fn word_len(rest: &str) -> usize {
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            // An escape (`\#` in a local name, or a meta-command's backslash)
            // keeps the next character in the word, unless it is whitespace.
            if let Some((_, next)) = chars.clone().next() {
                if !next.is_whitespace() {
                    chars.next();
                }
            }
            continue;
        }
        if i > 0 && ends_word(c) {
            return i;
        }
    }
    rest.len()
}

/// The length of the string token starting at `rest` (which starts with
/// `quote`), and whether it is closed.
fn string_len(rest: &str, quote: char) -> (TokenKind, usize) {
    let triple: &str = if quote == '"' { "\"\"\"" } else { "'''" };
    let long = rest.starts_with(triple);
    let open = if long { 3 } else { 1 };
    let body = &rest[open..];
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '\n' if !long => {
                // A short string cannot span lines: end it here, so that a
                // stray quote does not swallow the rest of the session.
                return (TokenKind::Str { closed: false }, open + i);
            }
            c if c == quote => {
                if !long {
                    return (TokenKind::Str { closed: true }, open + i + 1);
                }
                if body[i..].starts_with(triple) {
                    return (TokenKind::Str { closed: true }, open + i + 3);
                }
            }
            _ => {}
        }
    }
    (TokenKind::Str { closed: false }, rest.len())
}

/// The length of the IRIREF at the start of `rest`, if it is one:
/// `'<' ([^<>"{}|^`\]-[#x00-#x20])* '>'` in the SPARQL grammar.
fn iri_len(rest: &str) -> Option<usize> {
    for (i, c) in rest.char_indices().skip(1) {
        match c {
            '>' => return Some(i + 1),
            '<' | '"' | '{' | '}' | '|' | '^' | '`' | '\\' => return None,
            c if (c as u32) <= 0x20 => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Vec<(TokenKind, &str)> {
        Lexer::new(input)
            .map(|t| (t.kind, &input[t.start..t.end]))
            .collect()
    }

    #[test]
    fn braces_inside_literals_are_not_punctuation() {
        let tokens = kinds(r#"?x pg:text "{;}" ."#);
        assert!(tokens.contains(&(TokenKind::Str { closed: true }, r#""{;}""#)));
        assert!(!tokens.iter().any(|(k, _)| matches!(k, TokenKind::Punct(_))));
    }

    #[test]
    fn less_than_is_an_operator_unless_it_opens_an_iri() {
        let tokens = kinds("FILTER(?n < 3 && ?m > 2) <http://x/#a>");
        assert!(tokens.contains(&(TokenKind::Word, "<")));
        assert!(tokens.contains(&(TokenKind::Iri, "<http://x/#a>")));
        assert!(!tokens.iter().any(|(k, _)| *k == TokenKind::Comment));
    }

    #[test]
    fn long_strings_span_lines_and_hold_quotes() {
        let tokens = kinds("\"\"\"a \"b\"\n;c\"\"\" ;");
        assert_eq!(
            tokens[0],
            (TokenKind::Str { closed: true }, "\"\"\"a \"b\"\n;c\"\"\"")
        );
        assert_eq!(tokens[2], (TokenKind::Punct(';'), ";"));
    }

    #[test]
    fn short_strings_stop_at_the_end_of_the_line() {
        let tokens = kinds("'it\n}");
        assert_eq!(tokens[0], (TokenKind::Str { closed: false }, "'it"));
        assert_eq!(tokens[1].0, TokenKind::Newline);
        assert_eq!(tokens[2], (TokenKind::Punct('}'), "}"));
    }

    #[test]
    fn escaped_quotes_stay_inside_the_string() {
        let tokens = kinds(r#""a\"}" }"#);
        assert_eq!(tokens[0], (TokenKind::Str { closed: true }, r#""a\"}""#));
    }

    #[test]
    fn chinese_words_and_meta_commands() {
        let tokens = kinds("\\d unit:省科技厅;");
        assert_eq!(tokens[0], (TokenKind::Word, "\\d"));
        assert_eq!(tokens[2], (TokenKind::Word, "unit:省科技厅"));
        assert_eq!(tokens[3], (TokenKind::Punct(';'), ";"));
    }

    #[test]
    fn comments_run_to_the_end_of_the_line() {
        let tokens = kinds("# a { \" \nx");
        assert_eq!(tokens[0], (TokenKind::Comment, "# a { \" "));
        assert_eq!(tokens[2], (TokenKind::Word, "x"));
    }
}
