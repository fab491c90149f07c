//! Tab completion that knows where the cursor is: SPARQL keywords and
//! functions, declared prefixes, ontology terms after `pg:`, the names of
//! units, regions, industries, plans, documents and tasks after `unit:`,
//! `region:` … (Chinese included, ranked by how often they occur), variables
//! already used, meta-commands and their arguments.
//!
//! The names come from the store once, on the first Tab, with one SELECT per
//! kind ([`Names::load`]); nothing is queried per keystroke. Inside strings,
//! IRIs and comments nothing is offered. Cursor positions are byte offsets
//! into the line; every step moves by char boundaries.

use std::cell::OnceCell;
use std::collections::HashMap;

use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::Context;

use super::meta;
use super::validator;
use crate::model::iri::{self, PREFIXES};
use crate::sparql_lexer::{Lexer, TokenKind};
use crate::store::{Backend, BackendExt};

/// Most candidates offered at once.
const MAX_CANDIDATES: usize = 200;

/// SPARQL keywords and built-in functions, upper case.
const KEYWORDS: &[&str] = &[
    "SELECT",
    "DISTINCT",
    "REDUCED",
    "WHERE",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "MINUS",
    "GRAPH",
    "SERVICE",
    "BIND",
    "VALUES",
    "GROUP BY",
    "HAVING",
    "ORDER BY",
    "ASC",
    "DESC",
    "LIMIT",
    "OFFSET",
    "PREFIX",
    "BASE",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "FROM",
    "NAMED",
    "EXISTS",
    "NOT EXISTS",
    "NOT IN",
    "IN",
    "AS",
    "UNDEF",
    "COUNT",
    "SUM",
    "MIN",
    "MAX",
    "AVG",
    "SAMPLE",
    "GROUP_CONCAT",
    "SEPARATOR",
    "STR",
    "LANG",
    "LANGMATCHES",
    "DATATYPE",
    "BOUND",
    "IRI",
    "URI",
    "BNODE",
    "RAND",
    "ABS",
    "CEIL",
    "FLOOR",
    "ROUND",
    "CONCAT",
    "STRLEN",
    "UCASE",
    "LCASE",
    "ENCODE_FOR_URI",
    "CONTAINS",
    "STRSTARTS",
    "STRENDS",
    "STRBEFORE",
    "STRAFTER",
    "YEAR",
    "MONTH",
    "DAY",
    "HOURS",
    "MINUTES",
    "SECONDS",
    "TIMEZONE",
    "TZ",
    "NOW",
    "UUID",
    "STRUUID",
    "MD5",
    "SHA1",
    "SHA256",
    "SHA512",
    "COALESCE",
    "IF",
    "STRLANG",
    "STRDT",
    "SAMETERM",
    "ISIRI",
    "ISURI",
    "ISBLANK",
    "ISLITERAL",
    "ISNUMERIC",
    "REGEX",
    "SUBSTR",
    "REPLACE",
    "TRUE",
    "FALSE",
];

/// The kinds whose instances are offered after their prefix.
const INSTANCE_CLASSES: &[&str] = &[
    "Unit", "Region", "Industry", "Plan", "Document", "Task", "Goal",
];

/// One completable name: its local part after the prefix, how often it
/// occurs, and other spellings (a unit's `skos:altLabel`s) that lead to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub local: String,
    pub count: u64,
    pub aliases: Vec<String>,
}

/// The most instances of one class completion asks a remote store for.
const REMOTE_NAMES: usize = 20_000;

/// Every completable name, by prefix, most frequent first.
#[derive(Debug, Clone, Default)]
pub struct Names {
    by_prefix: HashMap<String, Vec<Name>>,
}

impl Names {
    /// Builds the table from `(iri, count, aliases)`; IRIs without a known
    /// prefix are left out, duplicates keep their highest count.
    pub fn from_iris(entries: impl IntoIterator<Item = (String, u64, Vec<String>)>) -> Self {
        let mut merged: HashMap<String, (u64, Vec<String>)> = HashMap::new();
        for (iri, count, aliases) in entries {
            let entry = merged.entry(iri).or_default();
            entry.0 = entry.0.max(count);
            for alias in aliases {
                if !entry.1.contains(&alias) {
                    entry.1.push(alias);
                }
            }
        }
        let mut by_prefix: HashMap<String, Vec<Name>> = HashMap::new();
        for (iri, (count, aliases)) in merged {
            let compact = iri::compact(&iri);
            if compact.starts_with('<') {
                continue;
            }
            if let Some((prefix, local)) = compact.split_once(':') {
                by_prefix.entry(prefix.to_owned()).or_default().push(Name {
                    local: local.to_owned(),
                    count,
                    aliases,
                });
            }
        }
        for names in by_prefix.values_mut() {
            names.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.local.cmp(&b.local)));
        }
        Self { by_prefix }
    }

    /// Asks the store, one SELECT per kind: the instances of each class with
    /// how many triples point at them, the units' other spellings, and the
    /// predicates and classes in use or declared by the ontology. A query
    /// that fails leaves its kind out (completion is a convenience).
    pub fn load(source: &dyn Backend) -> Self {
        let mut entries: Vec<(String, u64, Vec<String>)> = Vec::new();
        let run = |query: &str, entries: &mut Vec<(String, u64, Vec<String>)>| {
            let Ok(rows) = source.select(query) else {
                return;
            };
            for row in rows.rows {
                let Some(Some(oxigraph::model::Term::NamedNode(node))) = row.first() else {
                    continue;
                };
                let count = match row.get(1) {
                    Some(Some(oxigraph::model::Term::Literal(l))) => l.value().parse().unwrap_or(0),
                    _ => 0,
                };
                let aliases = match row.get(2) {
                    Some(Some(oxigraph::model::Term::Literal(l))) => l
                        .value()
                        .split('\u{1f}')
                        .filter(|a| !a.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    _ => Vec::new(),
                };
                entries.push((node.as_str().to_owned(), count, aliases));
            }
        };
        if !source.is_local() {
            // Across a network: no question that scans the whole store. The
            // instances of each class (bounded), and the ontology's terms.
            for class in INSTANCE_CLASSES {
                run(
                    &format!("SELECT ?x WHERE {{ ?x a pg:{class} }} LIMIT {REMOTE_NAMES}"),
                    &mut entries,
                );
            }
            run(
                "SELECT DISTINCT ?x WHERE { GRAPH <https://w3id.org/plangraph/ontology> { ?x a ?kind } FILTER(isIRI(?x)) }",
                &mut entries,
            );
            return Self::from_iris(entries);
        }
        for class in INSTANCE_CLASSES {
            run(
                &format!(
                    "SELECT ?x (COUNT(?s) AS ?n) WHERE {{ ?x a pg:{class} OPTIONAL {{ ?s ?p ?x }} }} GROUP BY ?x"
                ),
                &mut entries,
            );
        }
        run(
            "SELECT ?x (0 AS ?n) (GROUP_CONCAT(DISTINCT STR(?alt); separator=\"\\u001F\") AS ?aliases) \
             WHERE { ?x a pg:Unit ; skos:altLabel ?alt } GROUP BY ?x",
            &mut entries,
        );
        run(
            "SELECT ?x (COUNT(*) AS ?n) WHERE { { ?s ?x ?o } UNION { ?s a ?x } } GROUP BY ?x",
            &mut entries,
        );
        run(
            "SELECT DISTINCT ?x WHERE { GRAPH ?g { ?x a ?kind } FILTER(isIRI(?x)) }",
            &mut entries,
        );
        Self::from_iris(entries)
    }

    fn get(&self, prefix: &str) -> &[Name] {
        self.by_prefix.get(prefix).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// What to complete, given the line and the cursor.
pub struct Completion<'a> {
    pub names: &'a Names,
    /// Names of the canned queries, for `\run`.
    pub canned: &'a [&'a str],
}

impl Completion<'_> {
    /// The start of the replaced text and the candidates, best first.
    pub fn complete(&self, line: &str, pos: usize) -> (usize, Vec<Pair>) {
        let mut pos = pos.min(line.len());
        while !line.is_char_boundary(pos) {
            pos -= 1;
        }
        let before = &line[..pos];
        let statement_start = validator::split(before).current;
        if cursor_in_literal(before, statement_start) {
            return (pos, Vec::new());
        }
        let start = word_start(before);
        let word = &before[start..];
        // The first word of the statement, which makes it a meta-command.
        let first = Lexer::at(before, statement_start).find(|t| {
            !matches!(
                t.kind,
                TokenKind::Space | TokenKind::Newline | TokenKind::Comment
            )
        });
        if let Some(first) = first.filter(|t| before[t.start..].starts_with('\\')) {
            // The cursor is on the command itself (`\fo`, or `\?`, whose
            // `?` alone looks like the start of a variable).
            if start <= first.start || start < first.end {
                return (first.start, meta_names(&before[first.start..]));
            }
            let command = &before[first.start..first.end];
            let Some(spec) = meta::find(command) else {
                return (start, Vec::new());
            };
            // `\analyze unit 省科` and `\export unit 省科`: after the first
            // argument come names.
            let later_argument = !before[first.end..start].trim().is_empty();
            if later_argument && matches!(spec.name(), "\\analyze" | "\\export") {
                if word.starts_with('-') {
                    return (start, Vec::new());
                }
                return (start, self.bare_names(&["unit", "plan"], word));
            }
            let options: &[&str] = match spec.name() {
                "\\format" => &["table", "csv", "tsv", "json", "xml", "ttl", "nt"],
                "\\timing" | "\\wide" => &["on", "off"],
                "\\limit" => &["all"],
                "\\timeout" => &["off"],
                "\\run" => self.canned,
                "\\analyze" => &[
                    "co-lead",
                    "dependencies",
                    "centrality",
                    "communities",
                    "core",
                    "brokers",
                    "unit",
                    "compare",
                    "concentration",
                ],
                "\\export" => &["co-lead", "dependencies", "unit", "plan", "query"],
                "\\d" | "\\why" if !word.contains(':') && !word.starts_with('<') => {
                    let kinds: &[&str] = if spec.name() == "\\why" {
                        &["task"]
                    } else {
                        &["unit", "region", "industry", "plan", "task"]
                    };
                    return (start, self.bare_names(kinds, word));
                }
                "\\d" | "\\why" | "\\explain" => return (start, self.sparql_word(line, word)),
                _ => &[],
            };
            let candidates = options
                .iter()
                .filter(|o| o.starts_with(word))
                .map(|o| pair(o))
                .collect();
            return (start, candidates);
        }
        (start, self.sparql_word(line, word))
    }

    fn sparql_word(&self, line: &str, word: &str) -> Vec<Pair> {
        if word.starts_with('?') || word.starts_with('$') {
            return variables(line, word);
        }
        if let Some((prefix, partial)) = word.split_once(':') {
            return self.names_after(prefix, partial);
        }
        keywords_and_prefixes(line, word)
    }

    /// `\d 省科` → `省科技厅`: local names of several kinds without their
    /// prefix (which `\d` and `\why` resolve), most frequent first.
    fn bare_names(&self, prefixes: &[&str], partial: &str) -> Vec<Pair> {
        if partial.is_empty() {
            return Vec::new();
        }
        let mut matches: Vec<&Name> = prefixes
            .iter()
            .flat_map(|prefix| self.names.get(prefix))
            .filter(|name| name.local.starts_with(partial))
            .collect();
        matches.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.local.cmp(&b.local)));
        matches.dedup_by(|a, b| a.local == b.local);
        matches
            .into_iter()
            .take(MAX_CANDIDATES)
            .map(|name| pair(&name.local))
            .collect()
    }

    /// `unit:省科` → `unit:省科技厅`, …: names starting with what was typed
    /// (most frequent first), then other spellings, then names containing it.
    fn names_after(&self, prefix: &str, partial: &str) -> Vec<Pair> {
        let names = self.names.get(prefix);
        let mut out: Vec<Pair> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut push = |name: &Name, display: String, out: &mut Vec<Pair>| {
            if out.len() < MAX_CANDIDATES && seen.insert(name.local.clone()) {
                out.push(Pair {
                    display,
                    replacement: format!("{prefix}:{}", name.local),
                });
            }
        };
        for name in names.iter().filter(|n| n.local.starts_with(partial)) {
            push(name, format!("{prefix}:{}", name.local), &mut out);
        }
        // One ASCII letter inside a word matches too much to help; one
        // Chinese character is already a meaningful fragment.
        if partial.is_empty() || (partial.is_ascii() && partial.len() < 3) {
            return out;
        }
        for name in names {
            if let Some(alias) = name.aliases.iter().find(|a| a.starts_with(partial)) {
                push(name, format!("{prefix}:{} ({alias})", name.local), &mut out);
            }
        }
        for name in names.iter().filter(|n| n.local.contains(partial)) {
            push(name, format!("{prefix}:{}", name.local), &mut out);
        }
        out
    }
}

fn pair(text: &str) -> Pair {
    Pair {
        display: text.to_owned(),
        replacement: text.to_owned(),
    }
}

/// True when the cursor is inside a string, an IRI or a comment.
fn cursor_in_literal(before: &str, from: usize) -> bool {
    let Some(last) = Lexer::at(before, from).last() else {
        return false;
    };
    match last.kind {
        TokenKind::Comment | TokenKind::Str { .. } | TokenKind::Iri => last.end == before.len(),
        // `<http://ex` is not (yet) a closed IRI: no completion either.
        TokenKind::Word => {
            let text = &before[last.start..];
            text.starts_with('<') || before[..last.start].ends_with('<')
        }
        _ => false,
    }
}

/// Characters of a completable word (prefixed names, keywords, variables,
/// meta-commands). Path operators (`/`, `|`, `^`) and `,` end a word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '%' | '\\')
}

/// Byte offset where the word before the cursor starts.
fn word_start(before: &str) -> usize {
    let mut start = before.len();
    for (i, c) in before.char_indices().rev() {
        if !is_word_char(c) {
            if matches!(c, '?' | '$') {
                start = i;
            }
            break;
        }
        start = i;
    }
    start
}

fn meta_names(word: &str) -> Vec<Pair> {
    meta::COMMANDS
        .iter()
        .flat_map(|spec| spec.names.iter())
        .filter(|name| name.starts_with(word))
        .map(|name| pair(name))
        .collect()
}

/// Variables used anywhere in the line, except the one being typed.
fn variables(line: &str, word: &str) -> Vec<Pair> {
    let mut seen: Vec<String> = Vec::new();
    for token in Lexer::new(line) {
        if token.kind != TokenKind::Word {
            continue;
        }
        let text = &line[token.start..token.end];
        for piece in text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '?' | '$'))) {
            let is_variable = (piece.starts_with('?') || piece.starts_with('$')) && piece.len() > 1;
            if is_variable
                && piece != word
                && piece.starts_with(word)
                && !seen.iter().any(|s| s == piece)
            {
                seen.push(piece.to_owned());
            }
        }
    }
    seen.iter().map(|v| pair(v)).collect()
}

/// Keywords and functions (in the case the user types), then prefixes
/// (predeclared and declared in the line).
fn keywords_and_prefixes(line: &str, word: &str) -> Vec<Pair> {
    if word.is_empty() {
        return Vec::new();
    }
    let upper = word.to_uppercase();
    let lower_case = word.chars().any(char::is_lowercase) && !word.chars().any(char::is_uppercase);
    let mut out: Vec<Pair> = KEYWORDS
        .iter()
        .filter(|k| k.starts_with(&upper))
        .map(|k| {
            pair(&if lower_case {
                k.to_lowercase()
            } else {
                (*k).to_owned()
            })
        })
        .collect();
    let mut prefixes: Vec<String> = PREFIXES.iter().map(|(p, _)| format!("{p}:")).collect();
    prefixes.extend(declared_prefixes(line));
    for prefix in prefixes {
        if prefix.starts_with(word) && !out.iter().any(|p| p.replacement == prefix) {
            out.push(pair(&prefix));
        }
    }
    out
}

/// `PREFIX ex: <…>` declarations in the line, as `ex:`.
fn declared_prefixes(line: &str) -> Vec<String> {
    let words: Vec<&str> = Lexer::new(line)
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| &line[t.start..t.end])
        .collect();
    words
        .windows(2)
        .filter(|w| w[0].eq_ignore_ascii_case("PREFIX") && w[1].ends_with(':'))
        .map(|w| w[1].to_owned())
        .collect()
}

/// The line editor's completer: loads the names on the first Tab.
pub struct ReplCompleter<'a> {
    source: &'a dyn Backend,
    names: OnceCell<Names>,
    canned: Vec<&'static str>,
    files: FilenameCompleter,
}

impl<'a> ReplCompleter<'a> {
    /// A completer over `source`; `canned` are the names `\run` offers.
    pub fn new(source: &'a dyn Backend, canned: Vec<&'static str>) -> Self {
        Self {
            source,
            names: OnceCell::new(),
            canned,
            files: FilenameCompleter::new(),
        }
    }
}

impl Completer for ReplCompleter<'_> {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let trimmed = line.trim_start();
        if trimmed.starts_with("\\i ")
            || trimmed.starts_with("\\include ")
            || trimmed.starts_with("\\o ")
            || trimmed.starts_with("\\output ")
        {
            return self.files.complete_path(line, pos);
        }
        let names = self.names.get_or_init(|| Names::load(self.source));
        let completion = Completion {
            names,
            canned: &self.canned,
        };
        Ok(completion.complete(line, pos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        let unit = |n: &str| format!("https://w3id.org/plangraph/id/unit/{n}");
        Names::from_iris([
            (unit("省科学院"), 2, vec![]),
            (unit("省科技厅"), 40, vec!["省科技廳".to_owned()]),
            (unit("省工业和信息化厅"), 25, vec![]),
            (unit("省发展改革委"), 25, vec![]),
            (format!("{}leadUnit", iri::PG), 300, vec![]),
            (format!("{}Task", iri::PG), 90, vec![]),
            (format!("{}text", iri::PG), 90, vec![]),
            ("http://example.org/elsewhere".to_owned(), 5, vec![]),
        ])
    }

    fn complete(line: &str, pos: usize) -> (usize, Vec<String>) {
        let names = names();
        let completion = Completion {
            names: &names,
            canned: &["documents", "units-by-led-tasks"],
        };
        let (start, pairs) = completion.complete(line, pos);
        (start, pairs.into_iter().map(|p| p.replacement).collect())
    }

    fn at_end(line: &str) -> (usize, Vec<String>) {
        complete(line, line.len())
    }

    #[test]
    fn chinese_prefix_completes_to_the_unit() {
        let line = "SELECT ?t WHERE { ?t pg:leadUnit unit:省科";
        let (start, candidates) = at_end(line);
        assert_eq!(&line[start..], "unit:省科");
        // Most frequent first.
        assert_eq!(candidates, ["unit:省科技厅", "unit:省科学院"]);
        assert_eq!(
            at_end("ASK { ?t pg:leadUnit unit:省科技").1,
            ["unit:省科技厅"]
        );
    }

    #[test]
    fn ranking_by_count_then_name() {
        let (_, candidates) = at_end("unit:");
        assert_eq!(
            candidates,
            [
                "unit:省科技厅",
                "unit:省发展改革委",
                "unit:省工业和信息化厅",
                "unit:省科学院"
            ]
        );
    }

    #[test]
    fn traditional_spelling_and_inner_text_find_the_unit() {
        assert_eq!(at_end("unit:省科技廳").1, ["unit:省科技厅"]);
        assert_eq!(at_end("unit:信息化").1, ["unit:省工业和信息化厅"]);
    }

    #[test]
    fn cursor_in_the_middle_of_a_chinese_line() {
        let line = "ASK { ?t pg:leadUnit unit:省科 . ?t pg:text \"省科\" }";
        let pos = line.find(" . ").unwrap();
        let (start, candidates) = complete(line, pos);
        assert_eq!(start, line.find("unit:").unwrap());
        assert_eq!(candidates[0], "unit:省科技厅");
        // A position inside a multi-byte char is moved back to a boundary.
        let (_, candidates) = complete(line, pos - 1);
        assert_eq!(candidates[0], "unit:省科技厅");
    }

    #[test]
    fn nothing_inside_strings_iris_and_comments() {
        assert!(at_end("ASK { ?t pg:text \"unit:省科").1.is_empty());
        assert!(at_end("ASK { ?t pg:text \"\"\"a\nunit:省").1.is_empty());
        assert!(at_end("ASK { <https://w3id.org/plangraph/id/unit:省")
            .1
            .is_empty());
        assert!(at_end("# unit:省").1.is_empty());
        // …but after a closed string, completion works again.
        assert_eq!(
            at_end("ASK { ?t pg:text \"{\" ; pg:lead").1,
            ["pg:leadUnit"]
        );
    }

    #[test]
    fn ontology_terms_after_pg() {
        assert_eq!(at_end("SELECT * { ?t a pg:T").1, ["pg:Task"]);
        assert_eq!(at_end("SELECT * { ?t pg:mention/pg:t").1, ["pg:text"]);
    }

    #[test]
    fn keywords_follow_the_case_typed_and_prefixes_follow() {
        assert_eq!(at_end("SEL").1, ["SELECT"]);
        assert_eq!(at_end("select * where { ?s ?p ?o } ord").1, ["order by"]);
        let (_, candidates) = at_end("SELECT * { ?s ?p un");
        assert_eq!(candidates, ["union", "undef", "unit:"]);
        assert_eq!(at_end("SELECT * { ?s ?p UN").1, ["UNION", "UNDEF"]);
        let (_, candidates) = at_end("PREFIX ex: <http://example.org/> SELECT * { ?s ?p e");
        assert_eq!(candidates.last().map(String::as_str), Some("ex:"));
    }

    #[test]
    fn variables_already_used() {
        let (_, candidates) = at_end("SELECT ?unit ?n WHERE { ?t pg:leadUnit ?u");
        assert_eq!(candidates, ["?unit"]);
    }

    #[test]
    fn meta_commands_and_their_arguments() {
        assert_eq!(at_end("\\fo").1, ["\\format"]);
        assert_eq!(at_end("\\?"), (0, vec!["\\?".to_owned()]));
        assert_eq!(at_end("\\format c").1, ["csv"]);
        assert_eq!(at_end("\\timing o").1, ["on", "off"]);
        assert_eq!(at_end("\\run u").1, ["units-by-led-tasks"]);
        assert_eq!(
            at_end("\\analyze co").1,
            ["co-lead", "communities", "core", "compare", "concentration"]
        );
        assert_eq!(at_end("\\export d").1, ["dependencies"]);
        assert_eq!(at_end("\\analyze unit 省科技").1, ["省科技厅"]);
        assert_eq!(at_end("\\d unit:省科技").1, ["unit:省科技厅"]);
        // \d also takes a plain name.
        assert_eq!(at_end("\\d 省科").1, ["省科技厅", "省科学院"]);
        assert!(at_end("\\why 省科").1.is_empty());
        // After a finished statement, a new one starts.
        assert_eq!(at_end("ASK {};\n\\qu").1, ["\\quit", "\\queries"]);
    }

    #[test]
    fn never_panics_at_any_byte_position() {
        let inputs = [
            "",
            "\\",
            "\\d 省科技厅 unit:省",
            "\\?",
            "\\d/x unit:省",
            "\\run?",
            "SELECT ?x WHERE { ?x pg:text \"省{科;\" ; <http://x/#\u{3000}> ?y }\n\n",
            "'''未闭合的长字符串\n{ unit:省",
            "ASK { ?t pg:text \"a\\\"b\" } # 注释 unit:\r\n\\why task:",
            "<<<>>> ?? $ : :: unit: pg: \\d <unit:省",
            "PREFIX 省: <http://例子/> SELECT * { ?s 省:",
        ];
        let names = names();
        let completion = Completion {
            names: &names,
            canned: &["documents"],
        };
        for input in inputs {
            for pos in 0..=input.len() + 2 {
                let (start, _) = completion.complete(input, pos);
                assert!(
                    start <= input.len() && input.is_char_boundary(start),
                    "{input:?} at {pos}"
                );
            }
            for (end, _) in input.char_indices() {
                let _ = validator::split(&input[..end]);
            }
        }
    }

    /// Every string of up to three characters from the ones that steer the
    /// lexer, at every byte position.
    #[test]
    fn never_panics_on_short_tricky_strings() {
        let alphabet = [
            '\\', '?', '"', '\'', '{', '}', ';', '<', '>', '#', ':', '省', 'd', ' ', '\n',
        ];
        let names = names();
        let completion = Completion {
            names: &names,
            canned: &["documents"],
        };
        let mut input = String::new();
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    input.clear();
                    input.extend([a, b, c]);
                    for pos in 0..=input.len() {
                        let (start, _) = completion.complete(&input, pos);
                        assert!(input.is_char_boundary(start), "{input:?} at {pos}");
                    }
                    let _ = validator::split_to_end(&input);
                }
            }
        }
    }

    #[test]
    fn unknown_prefix_offers_nothing() {
        assert!(at_end("ASK { ?s ex:fo").1.is_empty());
    }
}
