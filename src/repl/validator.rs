//! Where one statement ends: the rule shared by the line editor (multi-line
//! input), piped sessions and `\i FILE`.
//!
//! A SPARQL statement is complete at a `;` or a blank line that is outside
//! strings, IRIs, comments, braces, parentheses and brackets (so `;` between
//! triple patterns, or `{` inside a literal, do not end it). A meta-command
//! (a statement whose first word starts with `\`) ends at the end of its
//! line or at `;`, except `\explain`, whose argument is a query and follows
//! the SPARQL rule. A line that starts with a meta-command while a query is
//! unfinished is that command (as in psql): it runs at once and the query
//! goes on after it ([`LineSplitter`]), so `\q` under an unfinished query
//! quits instead of joining it. Running the statements is not this
//! module's business.

use rustyline::validate::{ValidationContext, ValidationResult, Validator};

use crate::sparql_lexer::{Lexer, TokenKind};

/// One complete statement split off the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The statement, trimmed, without its terminating `;`.
    pub text: String,
    /// 1-based line of the input where the statement's text starts.
    pub line: usize,
}

impl Statement {
    /// True for meta-commands (`\d …`).
    pub fn is_meta(&self) -> bool {
        self.text.starts_with('\\')
    }
}

/// The complete statements at the start of an input, and where the
/// incomplete rest begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub statements: Vec<Statement>,
    /// Byte offset of the unfinished rest of the input.
    pub rest: usize,
    /// True when the rest holds more than spaces and comments.
    pub rest_has_content: bool,
    /// Byte offset of the statement the end of the input belongs to: the
    /// rest, or a meta-command on the last line (complete, but still the
    /// one being typed).
    pub current: usize,
}

/// Meta-commands whose argument is a query, so they end like one.
const QUERY_META_COMMANDS: &[&str] = &["\\explain"];

/// Splits `input` into complete statements and an unfinished rest.
///
/// Lines are separated by `\n`; the input does not end with one unless the
/// last line is empty, which is how the line editor presents a buffer
/// whose last line the user left blank (so `"SELECT …\n"` is complete).
pub fn split(input: &str) -> Split {
    let mut statements = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut content = false;
    let mut meta_line = false;
    let mut line_has_text = false;
    let mut seen_newline = false;

    let emit = |from: usize, to: usize, statements: &mut Vec<Statement>| {
        let raw = &input[from..to];
        let text = raw.trim();
        if text.is_empty() {
            return;
        }
        let leading = raw.len() - raw.trim_start().len();
        let line = input[..from + leading].matches('\n').count() + 1;
        statements.push(Statement {
            text: text.to_owned(),
            line,
        });
    };

    for token in Lexer::new(input) {
        if meta_line {
            match token.kind {
                TokenKind::Newline | TokenKind::Punct(';') => {
                    emit(start, token.start, &mut statements);
                    start = token.end;
                    (depth, content, meta_line) = (0, false, false);
                    if token.kind == TokenKind::Newline {
                        seen_newline = true;
                        line_has_text = false;
                    }
                }
                _ => line_has_text = true,
            }
            continue;
        }
        match token.kind {
            TokenKind::Space => {}
            TokenKind::Newline => {
                if seen_newline && !line_has_text && depth == 0 && content {
                    emit(start, token.start, &mut statements);
                    start = token.end;
                    (depth, content) = (0, false);
                }
                seen_newline = true;
                line_has_text = false;
            }
            TokenKind::Comment => line_has_text = true,
            TokenKind::Punct(';') if depth == 0 => {
                emit(start, token.start, &mut statements);
                start = token.end;
                content = false;
                line_has_text = true;
            }
            kind => {
                line_has_text = true;
                match kind {
                    TokenKind::Punct('{' | '(' | '[') => depth += 1,
                    // An unbalanced closer is the parser's to report; do not
                    // let it keep the statement open forever.
                    TokenKind::Punct('}' | ')' | ']') => depth = depth.saturating_sub(1),
                    TokenKind::Str { .. } if input[token.start..token.end].contains('\n') => {
                        seen_newline = true;
                    }
                    TokenKind::Word if !content && input[token.start..].starts_with('\\') => {
                        let word = &input[token.start..token.end];
                        meta_line = !QUERY_META_COMMANDS.contains(&word);
                    }
                    _ => {}
                }
                content = true;
            }
        }
    }
    // The last line: a meta-command is complete at the end of the input (the
    // line editor only validates whole lines), a query when that line is blank.
    let mut current = start;
    if meta_line || (seen_newline && !line_has_text && depth == 0 && content) {
        emit(start, input.len(), &mut statements);
        if !meta_line {
            current = input.len();
        }
        start = input.len();
        content = false;
    }
    Split {
        statements,
        rest: start,
        rest_has_content: content,
        current,
    }
}

/// Every statement of a finished input (a file, the end of piped input):
/// the complete ones, then the unterminated rest, if it holds anything.
pub fn split_to_end(input: &str) -> Vec<Statement> {
    let split = split(input);
    let mut statements = split.statements;
    if split.rest_has_content {
        let rest = &input[split.rest..];
        let leading = rest.len() - rest.trim_start().len();
        statements.push(Statement {
            text: rest.trim().to_owned(),
            line: input[..split.rest + leading].matches('\n').count() + 1,
        });
    }
    statements
}

/// Whether `line`, arriving while `pending` holds an unfinished statement,
/// is a meta-command of its own rather than a line of that statement: it
/// starts with `\`, and the statement is not inside a string (where a
/// line may start with anything).
pub fn interrupts(pending: &str, line: &str) -> bool {
    line.trim_start().starts_with('\\')
        && split(pending).rest_has_content
        && open_bracket(pending) != Some('\'')
}

/// Statements from input given a line at a time (piped input, files):
/// [`split`]'s rule, plus meta-command lines that interrupt an unfinished
/// statement ([`interrupts`]), which come out at once.
#[derive(Debug, Default)]
pub struct LineSplitter {
    buffer: String,
    /// 1-based input lines of the buffer's first line and of the next line.
    buffer_line: usize,
    next_line: usize,
}

impl LineSplitter {
    pub fn new() -> Self {
        LineSplitter {
            buffer: String::new(),
            buffer_line: 1,
            next_line: 1,
        }
    }

    /// Adds one line (without its line break) and returns the statements
    /// it completes, in the order to run them, with their input lines.
    pub fn push_line(&mut self, line: &str) -> Vec<Statement> {
        let at = self.next_line;
        self.next_line += 1;
        if interrupts(&self.buffer, line) {
            return at_line(split_to_end(line), at);
        }
        if self.buffer.is_empty() {
            self.buffer_line = at;
        } else {
            self.buffer.push('\n');
        }
        self.buffer.push_str(line);
        let split = split(&self.buffer);
        let statements = at_line(split.statements, self.buffer_line);
        if split.rest_has_content {
            self.buffer_line += self.buffer[..split.rest].matches('\n').count();
            self.buffer.drain(..split.rest);
        } else {
            // Only spaces or comments are left: start afresh.
            self.buffer.clear();
        }
        statements
    }

    /// The unfinished statement at the end of the input, if any.
    pub fn finish(&mut self) -> Vec<Statement> {
        let statements = at_line(split_to_end(&self.buffer), self.buffer_line);
        self.buffer.clear();
        statements
    }

    /// The input line where an unfinished statement starts, if one is
    /// pending.
    pub fn unfinished_line(&self) -> Option<usize> {
        let split = split(&self.buffer);
        split.rest_has_content.then(|| {
            let rest = &self.buffer[split.rest..];
            let leading = rest.len() - rest.trim_start().len();
            self.buffer_line + self.buffer[..split.rest + leading].matches('\n').count()
        })
    }

    /// The length of the pending text, in bytes.
    pub fn pending_len(&self) -> usize {
        self.buffer.len()
    }
}

/// `statements` of a text that starts on input line `first`.
fn at_line(mut statements: Vec<Statement>, first: usize) -> Vec<Statement> {
    for statement in &mut statements {
        statement.line += first - 1;
    }
    statements
}

/// Every statement of a whole text (a file, a buffer), in the order to
/// run them: [`LineSplitter`] over its lines, then the unterminated rest.
pub fn statements(text: &str) -> Vec<Statement> {
    let mut splitter = LineSplitter::new();
    let mut statements = Vec::new();
    for line in text.split('\n') {
        statements.extend(splitter.push_line(line.strip_suffix('\r').unwrap_or(line)));
    }
    statements.extend(splitter.finish());
    statements
}

/// True when `input` holds nothing left to run after its complete
/// statements (what Enter needs to submit the buffer).
pub fn is_complete(input: &str) -> bool {
    !split(input).rest_has_content
}

/// What keeps the unfinished rest of `input` open: the innermost bracket
/// (`{`, `(` or `[`) or `'` for an unterminated string; `None` when only
/// the terminating `;` or blank line is missing.
pub fn open_bracket(input: &str) -> Option<char> {
    let rest = &input[split(input).rest..];
    let mut open = Vec::new();
    let mut in_string = false;
    for token in Lexer::new(rest) {
        in_string = false;
        match token.kind {
            TokenKind::Punct(c @ ('{' | '(' | '[')) => open.push(c),
            TokenKind::Punct('}' | ')' | ']') => {
                open.pop();
            }
            TokenKind::Str { closed: false } => in_string = true,
            _ => {}
        }
    }
    if in_string {
        Some('\'')
    } else {
        open.last().copied()
    }
}

/// The line editor's multi-line rule: Enter submits the buffer when every
/// statement in it is complete, and inserts a newline otherwise.
#[derive(Debug, Default, Clone, Copy)]
pub struct StatementValidator;

impl Validator for StatementValidator {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(if is_complete(ctx.input()) {
            ValidationResult::Valid(None)
        } else {
            ValidationResult::Incomplete
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<String> {
        split(input)
            .statements
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn the_open_bracket_names_what_the_statement_waits_for() {
        assert_eq!(open_bracket("SELECT * WHERE {"), Some('{'));
        assert_eq!(
            open_bracket("SELECT * WHERE { ?s ?p ?o FILTER(?o"),
            Some('(')
        );
        assert_eq!(open_bracket("SELECT * WHERE { ?s ?p ?o }"), None);
        assert_eq!(open_bracket("ASK { ?s ?p \"\"\"multi"), Some('\''));
        assert_eq!(open_bracket("ASK {};\nSELECT * WHERE { ?s"), Some('{'));
    }

    #[test]
    fn a_meta_command_line_under_an_unfinished_query_comes_out_first() {
        let found: Vec<(String, usize)> = statements("SELECT ?x\n\\timing\nWHERE {};\n\\q")
            .into_iter()
            .map(|s| (s.text, s.line))
            .collect();
        assert_eq!(
            found,
            [
                ("\\timing".to_owned(), 2),
                ("SELECT ?x\nWHERE {}".to_owned(), 1),
                ("\\q".to_owned(), 4)
            ]
        );
        // Not inside a string, and not at a statement's start (the usual
        // split).
        assert!(!interrupts("ASK { ?s ?p \"\"\"a", "\\q"));
        assert!(!interrupts("", "\\q"));
        assert!(interrupts("ASK {", "  \\q"));
    }

    #[test]
    fn semicolon_ends_a_statement_outside_braces_only() {
        let input = "SELECT ?t WHERE { ?t a pg:Task ; pg:leadUnit ?u }";
        assert!(!is_complete(input));
        assert_eq!(texts(&format!("{input};")), [input]);
    }

    #[test]
    fn brace_or_semicolon_inside_a_literal_does_not_count() {
        let input = r#"SELECT * WHERE { ?t pg:text "}{;" }"#;
        assert!(!is_complete(input));
        assert_eq!(texts(&format!("{input};")), [input]);
        // An unclosed brace inside the literal does not keep it open either.
        assert_eq!(
            texts(r#"ASK { ?t pg:text "{" };"#),
            [r#"ASK { ?t pg:text "{" }"#]
        );
    }

    #[test]
    fn semicolon_in_iri_comment_or_group_concat_does_not_count() {
        assert!(!is_complete(
            "SELECT * WHERE { <http://x/a;b> ?p ?o } # done;"
        ));
        let concat =
            r#"SELECT (GROUP_CONCAT(?l ; separator=";") AS ?all) WHERE { ?u skos:prefLabel ?l }"#;
        assert!(!is_complete(concat));
        assert_eq!(texts(&format!("{concat};")), [concat]);
    }

    #[test]
    fn blank_line_ends_a_statement_outside_braces() {
        assert!(!is_complete("SELECT * WHERE {"));
        assert!(!is_complete("SELECT * WHERE {\n"));
        assert!(!is_complete("SELECT * WHERE {\n\n?s ?p ?o"));
        assert!(!is_complete("SELECT * WHERE { ?s ?p ?o }"));
        assert!(is_complete("SELECT * WHERE { ?s ?p ?o }\n"));
        assert!(is_complete("SELECT * WHERE { ?s ?p ?o }\n   "));
        assert_eq!(
            texts("ASK { ?s ?p ?o }\n\nASK {}\n"),
            ["ASK { ?s ?p ?o }", "ASK {}"]
        );
    }

    #[test]
    fn blank_line_inside_a_long_string_does_not_count() {
        let input = "ASK { ?t pg:text \"\"\"a\n\nb\"\"\" }";
        assert!(!is_complete(input));
        assert!(!is_complete("ASK { ?t pg:text \"\"\"a\n"));
        assert_eq!(texts(&format!("{input}\n")), [input]);
    }

    #[test]
    fn comments_alone_are_not_statements() {
        assert!(is_complete("# just a note"));
        assert!(is_complete("# just a note\n"));
        assert_eq!(
            texts("# title: x\n\n# more\nASK {};"),
            ["# title: x\n\n# more\nASK {}"]
        );
    }

    #[test]
    fn meta_commands_end_at_the_end_of_their_line() {
        assert!(is_complete("\\format csv"));
        assert_eq!(texts("\\format csv\n\\q\n"), ["\\format csv", "\\q"]);
        // A backslash inside an unfinished query is not a meta-command: the
        // query still waits for its `;` or blank line.
        let split = split("\\format csv\nSELECT * {}\n\\q");
        assert_eq!(split.statements.len(), 1);
        assert!(split.rest_has_content);
        assert_eq!(
            texts("\\timing on; \\limit 5"),
            ["\\timing on", "\\limit 5"]
        );
    }

    #[test]
    fn explain_takes_a_whole_query() {
        assert!(!is_complete("\\explain SELECT * WHERE {"));
        assert!(!is_complete("\\explain SELECT * WHERE { ?s ?p ?o }"));
        assert_eq!(
            texts("\\explain SELECT * WHERE { ?s ?p ?o };"),
            ["\\explain SELECT * WHERE { ?s ?p ?o }"]
        );
    }

    #[test]
    fn statements_know_their_line() {
        let split = split("\n\nASK {}\n;\n# c\nASK {\n};\nSELECT");
        let lines: Vec<usize> = split.statements.iter().map(|s| s.line).collect();
        assert_eq!(lines, [3, 5]);
        assert!(split.rest_has_content);
        assert_eq!(
            &"\n\nASK {}\n;\n# c\nASK {\n};\nSELECT"[split.rest..],
            "\nSELECT"
        );
    }

    #[test]
    fn at_the_end_the_unterminated_rest_is_a_statement() {
        let statements = split_to_end("ASK {};\n\n  SELECT * {\n?s ?p ?o }  ");
        let texts: Vec<(&str, usize)> = statements
            .iter()
            .map(|s| (s.text.as_str(), s.line))
            .collect();
        assert_eq!(texts, [("ASK {}", 1), ("SELECT * {\n?s ?p ?o }", 3)]);
        assert!(split_to_end("ASK {};\n# only a comment\n").len() == 1);
    }

    #[test]
    fn unbalanced_closers_do_not_block_the_end() {
        assert_eq!(texts("ASK { } };"), ["ASK { } }"]);
    }

    #[test]
    fn chinese_text_and_empty_input() {
        assert!(is_complete(""));
        assert!(is_complete("   "));
        assert_eq!(
            texts("SELECT ?t WHERE { ?t pg:leadUnit unit:省科技厅 };"),
            ["SELECT ?t WHERE { ?t pg:leadUnit unit:省科技厅 }"]
        );
    }
}
