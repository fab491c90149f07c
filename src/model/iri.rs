//! IRIs are minted here and nowhere else, deterministically from names.
//!
//! Instance IRIs live under `https://w3id.org/plangraph/id/` with one path per
//! kind (`doc/`, `plan/`, `task/`, `unit/`, `region/`, `industry/`); the local
//! name is the canonical Chinese name, so `unit:省科技厅` is valid SPARQL.
//! Characters that a SPARQL prefixed name cannot hold (quotes, spaces,
//! slashes, …) are percent-encoded, which keeps every IRI valid and unique.

/// The ontology namespace.
pub const PG: &str = "https://w3id.org/plangraph/ontology#";
/// Root of every instance IRI.
pub const ID: &str = "https://w3id.org/plangraph/id/";

/// The prefixes predeclared in every query, the REPL and Turtle output.
pub const PREFIXES: &[(&str, &str)] = &[
    ("pg", PG),
    ("doc", "https://w3id.org/plangraph/id/doc/"),
    ("plan", "https://w3id.org/plangraph/id/plan/"),
    ("task", "https://w3id.org/plangraph/id/task/"),
    ("unit", "https://w3id.org/plangraph/id/unit/"),
    ("region", "https://w3id.org/plangraph/id/region/"),
    ("industry", "https://w3id.org/plangraph/id/industry/"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("org", "http://www.w3.org/ns/org#"),
    ("prov", "http://www.w3.org/ns/prov#"),
];

/// The kinds of instance, each with its own IRI path and prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Document,
    Plan,
    Task,
    Unit,
    Region,
    Industry,
    /// Blank-node-like helper resources (mentions, responsibilities,
    /// targets) get IRIs under their task so that builds are identical.
    Node,
}

impl Kind {
    pub fn path(self) -> &'static str {
        match self {
            Kind::Document => "doc/",
            Kind::Plan => "plan/",
            Kind::Task => "task/",
            Kind::Unit => "unit/",
            Kind::Region => "region/",
            Kind::Industry => "industry/",
            Kind::Node => "node/",
        }
    }
}

/// The full IRI of an instance of `kind` called `name`.
pub fn instance(kind: Kind, name: &str) -> String {
    let mut iri = String::with_capacity(ID.len() + kind.path().len() + name.len() * 2);
    iri.push_str(ID);
    iri.push_str(kind.path());
    push_local_name(&mut iri, name);
    iri
}

/// An ontology term, e.g. `term("leadUnit")`.
pub fn term(local: &str) -> String {
    format!("{PG}{local}")
}

/// Appends `name` to `out`, percent-encoding every character that may not
/// appear unescaped in a SPARQL/Turtle prefixed name (PN_LOCAL).
pub fn push_local_name(out: &mut String, name: &str) {
    let last = name.chars().count().saturating_sub(1);
    for (i, c) in name.chars().enumerate() {
        // A trailing '.' is not allowed in PN_LOCAL; a leading '-' or '.' is not either.
        let edge_ok = !((i == last || i == 0) && c == '.') && !(i == 0 && c == '-');
        if edge_ok && is_pn_local_char(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
}

/// PN_CHARS of the SPARQL 1.1 grammar, plus '.', minus ':' (kept out to
/// avoid surprises in IRIs), which is what a local name can carry unescaped.
fn is_pn_local_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z' | '0'..='9' | '_' | '-' | '.'
        | '\u{00B7}'
        | '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{02FF}'
        | '\u{0300}'..='\u{036F}' | '\u{0370}'..='\u{037D}' | '\u{037F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{203F}'..='\u{2040}' | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}'
        | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// Renders an IRI as a prefixed name when one of [`PREFIXES`] fits and the
/// rest is a valid local name; otherwise as `<iri>`.
pub fn compact(iri: &str) -> String {
    for (prefix, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            if !local.is_empty() && is_valid_local(local) {
                return format!("{prefix}:{local}");
            }
        }
    }
    format!("<{iri}>")
}

fn is_valid_local(local: &str) -> bool {
    let mut i = 0;
    let n = local.chars().count();
    for c in local.chars() {
        if c == '%' {
            // Percent-escapes produced by push_local_name are valid PLX.
            i += 1;
            continue;
        }
        if !is_pn_local_char(c) || ((i == 0 || i + 1 == n) && c == '.') || (i == 0 && c == '-') {
            return false;
        }
        i += 1;
    }
    true
}

/// A SPARQL string literal holding `text`, escaped by oxigraph's own
/// N-Triples writer (whose literal syntax is valid SPARQL): how a name
/// typed by the user enters a query's text.
pub fn literal(text: &str) -> String {
    oxigraph::model::Literal::new_simple_literal(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_stay_readable() {
        assert_eq!(
            instance(Kind::Unit, "省科技厅"),
            "https://w3id.org/plangraph/id/unit/省科技厅"
        );
        assert_eq!(compact(&instance(Kind::Unit, "省科技厅")), "unit:省科技厅");
    }

    #[test]
    fn quotes_and_spaces_are_escaped() {
        let iri = instance(Kind::Plan, "2022-基础设施“七网”");
        assert_eq!(
            iri,
            "https://w3id.org/plangraph/id/plan/2022-基础设施%E2%80%9C七网%E2%80%9D"
        );
        assert_eq!(compact(&iri), "plan:2022-基础设施%E2%80%9C七网%E2%80%9D");
    }

    #[test]
    fn fullwidth_brackets_are_allowed() {
        let iri = instance(
            Kind::Unit,
            "省委统筹疫情防控和经济运行工作领导小组（指挥部）办公室",
        );
        assert!(!iri.contains('%'));
    }

    #[test]
    fn foreign_iris_are_bracketed() {
        assert_eq!(compact("http://example.org/x"), "<http://example.org/x>");
        assert_eq!(
            compact("http://www.w3.org/2004/02/skos/core#prefLabel"),
            "skos:prefLabel"
        );
    }
}
