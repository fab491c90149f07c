//! Messages that name the real problem in a query, where the parser's
//! error would point somewhere else: a misspelt query keyword (`SELEC`, which
//! the parser reports as "expected CONSTRUCT"), an undeclared prefix (which
//! it reports as an unexpected space), and `pg:` terms the ontology does not
//! declare (which parse fine and silently match nothing).
//!
//! Everything here reads the query with the REPL's coarse tokenizer, so
//! strings, IRIs and comments never trigger a message.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use crate::model::iri::PREFIXES;
use crate::sparql_lexer::{Lexer, TokenKind};

/// The query forms a query may start with.
const QUERY_FORMS: [&str; 4] = ["SELECT", "CONSTRUCT", "ASK", "DESCRIBE"];

/// SPARQL UPDATE's first words.
const UPDATE_FORMS: [&str; 11] = [
    "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING",
];

/// A problem found in a query that does not parse: the message and the
/// 1-based line and column it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    pub message: String,
    pub position: (usize, usize),
}

/// The real problem of a query that fails to parse, when it is one this
/// module recognises.
pub fn diagnose(query: &str) -> Option<Diagnosis> {
    first_keyword(query).or_else(|| unknown_prefix(query))
}

/// Words of the query outside strings, IRIs and comments, with their byte
/// offsets.
fn words(query: &str) -> impl Iterator<Item = (usize, &str)> {
    Lexer::new(query)
        .filter(|t| t.kind == TokenKind::Word)
        .map(move |t| (t.start, &query[t.start..t.end]))
}

fn position(query: &str, offset: usize) -> (usize, usize) {
    let before = &query[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// The first word after the prologue (PREFIX and BASE declarations) must
/// be a query form.
fn first_keyword(query: &str) -> Option<Diagnosis> {
    let mut tokens = Lexer::new(query).filter(|t| {
        !matches!(
            t.kind,
            TokenKind::Space | TokenKind::Newline | TokenKind::Comment
        )
    });
    loop {
        let token = tokens.next()?;
        if token.kind != TokenKind::Word {
            return None;
        }
        let word = &query[token.start..token.end];
        let upper = word.to_ascii_uppercase();
        match upper.as_str() {
            "PREFIX" => {
                tokens.next();
                tokens.next();
            }
            "BASE" => {
                tokens.next();
            }
            form if QUERY_FORMS.contains(&form) => return None,
            form if UPDATE_FORMS.contains(&form) => {
                return Some(Diagnosis {
                    message: format!(
                        "{word} is SPARQL UPDATE, which plangraph does not offer (the graph is derived from the documents); ask with SELECT, CONSTRUCT, ASK or DESCRIBE"
                    ),
                    position: position(query, token.start),
                })
            }
            _ => {
                let suggestion = closest(&upper, QUERY_FORMS.iter().copied())
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                return Some(Diagnosis {
                    message: format!(
                        "'{word}' is not a SPARQL keyword: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE{suggestion}"
                    ),
                    position: position(query, token.start),
                });
            }
        }
    }
}

/// The prefixed names of a word (`^pg:a/skos:b*` → `pg:a`, `skos:b`), with
/// their byte offsets in the word.
fn prefixed_names(word: &str) -> Vec<(usize, &str, &str)> {
    let mut names = Vec::new();
    let mut start = 0;
    for (i, c) in word.char_indices().chain([(word.len(), ' ')]) {
        let separator = matches!(
            c,
            '/' | '|' | '^' | '*' | '+' | '?' | '(' | ')' | '!' | ',' | '=' | '<' | '>' | ' '
        );
        if !separator {
            continue;
        }
        let part = &word[start..i];
        if let Some((prefix, local)) = part.split_once(':') {
            let is_name = !part.starts_with(['?', '$', '_', '"', '\''])
                && prefix
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
                && prefix.chars().next().is_none_or(char::is_alphabetic);
            if is_name {
                names.push((start, prefix, local));
            }
        }
        start = i + c.len_utf8();
    }
    names
}

/// The prefixes the query declares itself.
fn declared_prefixes(query: &str) -> BTreeSet<String> {
    let mut declared = BTreeSet::new();
    let mut after_prefix = false;
    for (_, word) in words(query) {
        if after_prefix {
            declared.insert(word.trim_end_matches(':').to_owned());
            after_prefix = false;
        } else {
            after_prefix = word.eq_ignore_ascii_case("PREFIX");
        }
    }
    declared
}

/// The first prefixed name whose prefix is neither predeclared nor
/// declared by the query.
fn unknown_prefix(query: &str) -> Option<Diagnosis> {
    let declared = declared_prefixes(query);
    let known = |p: &str| PREFIXES.iter().any(|(k, _)| *k == p) || declared.contains(p);
    let mut after_prefix = false;
    for (offset, word) in words(query) {
        if after_prefix {
            after_prefix = false;
            continue;
        }
        if word.eq_ignore_ascii_case("PREFIX") {
            after_prefix = true;
            continue;
        }
        for (at, prefix, _) in prefixed_names(word) {
            if known(prefix) {
                continue;
            }
            let suggestion = closest(prefix, PREFIXES.iter().map(|(p, _)| *p))
                .map(|s| format!("did you mean {s}:? "))
                .unwrap_or_default();
            let names: Vec<&str> = PREFIXES.iter().map(|(p, _)| *p).collect();
            return Some(Diagnosis {
                message: format!(
                    "unknown prefix '{prefix}:' ({suggestion}the predeclared prefixes are {}; declare another with PREFIX {prefix}: <…>)",
                    names.join(", ")
                ),
                position: position(query, offset + at),
            });
        }
    }
    None
}

/// The local names of `pg:` that the ontology declares.
fn ontology_terms() -> &'static BTreeSet<String> {
    static TERMS: OnceLock<BTreeSet<String>> = OnceLock::new();
    TERMS.get_or_init(|| {
        use oxigraph::io::{RdfFormat, RdfParser};
        let namespace = crate::model::iri::term("");
        RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(crate::rdf::ONTOLOGY_TTL.as_bytes())
            .filter_map(Result::ok)
            .filter_map(|quad| match quad.subject {
                oxigraph::model::NamedOrBlankNode::NamedNode(node) => node
                    .as_str()
                    .strip_prefix(namespace.as_str())
                    .map(str::to_owned),
                _ => None,
            })
            .filter(|local| !local.is_empty())
            .collect()
    })
}

/// One warning per `pg:` term of the query that the ontology does not
/// declare (it parses, and matches nothing), with the closest declared term.
pub fn undeclared_terms(query: &str) -> Vec<String> {
    if declared_prefixes(query).contains("pg") {
        // The query binds pg: to a namespace of its own choosing.
        return Vec::new();
    }
    let terms = ontology_terms();
    let mut seen = BTreeSet::new();
    let mut warnings = Vec::new();
    for (_, word) in words(query) {
        for (_, prefix, local) in prefixed_names(word) {
            let local = local.trim_end_matches(['.', ';', ',']);
            if prefix != "pg" || local.is_empty() || terms.contains(local) {
                continue;
            }
            if !seen.insert(local.to_owned()) {
                continue;
            }
            let suggestion = closest(local, terms.iter().map(String::as_str))
                .map(|s| format!(" (did you mean pg:{s}?)"))
                .unwrap_or_default();
            warnings.push(format!(
                "pg:{local} is not a term of the ontology, so it matches nothing{suggestion}"
            ));
        }
    }
    warnings
}

/// The candidate nearest to `word` (case-insensitive edit distance at most
/// a third of its length rounded up, between 1 and 3: `uint` → `unit`).
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let limit = word.chars().count().div_ceil(3).clamp(1, 3);
    candidates
        .map(|c| (edit_distance(&word_lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_query_form_is_named() {
        let d = diagnose("SELEC ?x WHERE { ?x ?p ?o }").unwrap();
        assert_eq!(
            d.message,
            "'SELEC' is not a SPARQL keyword: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE (did you mean SELECT?)"
        );
        assert_eq!(d.position, (1, 1));
        let after_prologue = diagnose("PREFIX ex: <http://x/>\n  SELCT * { ?s ?p ?o }").unwrap();
        assert_eq!(after_prologue.position, (2, 3));
        assert!(diagnose("# comment\nselect * { ?s ?p ?o }").is_none());
        assert!(diagnose("INSERT DATA { <a> <b> <c> }")
            .unwrap()
            .message
            .contains("SPARQL UPDATE"));
    }

    #[test]
    fn an_unknown_prefix_is_named_with_its_place() {
        let d = diagnose("SELECT * WHERE {\n  ?x foo:bar ?o }").unwrap();
        assert!(
            d.message
                .starts_with("unknown prefix 'foo:' (the predeclared prefixes are pg, "),
            "{}",
            d.message
        );
        assert_eq!(d.position, (2, 6));
        let typo = diagnose("SELECT * WHERE { ?x pg:leadUnit/uint:x ?o }").unwrap();
        assert!(
            typo.message.contains("did you mean unit:?"),
            "{}",
            typo.message
        );
        // Declared prefixes, variables, strings, IRIs and datatypes are fine.
        assert!(diagnose(
            "PREFIX ex: <http://x/>\nSELECT ?x WHERE { ?x ex:p \"a:b\"^^xsd:string ; <http://y/z> ?o }"
        )
        .is_none());
    }

    #[test]
    fn undeclared_pg_terms_get_a_warning_with_the_closest_term() {
        assert_eq!(
            undeclared_terms("SELECT * WHERE { ?t pg:leadUnt ?u ; a pg:Task }"),
            ["pg:leadUnt is not a term of the ontology, so it matches nothing (did you mean pg:leadUnit?)"]
        );
        assert!(undeclared_terms(
            "SELECT * WHERE { ?t pg:leadUnit/skos:prefLabel ?u ; a pg:Task . }"
        )
        .is_empty());
        assert!(
            undeclared_terms("PREFIX pg: <http://other/>\nASK { ?s pg:whatever ?o }").is_empty()
        );
        assert!(undeclared_terms("ASK { ?s ?p \"pg:nothing\" }").is_empty());
    }
}
