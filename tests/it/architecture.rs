//! The module structure ARCHITECTURE.md promises: the library below the
//! command line knows nothing of it, and no two modules import each other.
//!
//! The import graph is read from the sources themselves: every `use` tree
//! and every `crate::`/`super::`/`self::` path outside comments and string
//! literals, resolved against the module tree that `src/` spells out. At
//! every level of that tree the sibling modules under one parent form a
//! graph (the top-level modules under the crate; `analysis::projection`,
//! `analysis::records`, … under `analysis`; `ingest::entities::*` under
//! `ingest::entities`), and each of these graphs must be acyclic. A module's
//! use of its own parent (`super::Item` from the parent's `mod.rs`) or of its
//! own submodules is not an edge: a parent declares and re-exports its
//! children, and a child may use what the parent holds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::root;

type ModPath = Vec<String>;

/// Where an import was seen, for the failure message.
#[derive(Debug, Clone)]
struct Site {
    file: String,
    line: usize,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The module a file defines: `src/analysis/mod.rs` → `analysis`,
/// `src/analysis/records.rs` → `analysis::records`; `lib.rs` is the root.
fn module_of(src: &Path, file: &Path) -> Option<ModPath> {
    let relative = file.strip_prefix(src).ok()?;
    let mut parts: ModPath = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [only] if only == "main" => return None,
        [only] if only == "lib" => return Some(Vec::new()),
        _ => {}
    }
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    Some(parts)
}

/// Rust source with comments, string and character literals blanked out
/// (newlines kept, so that lines still count).
fn strip(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let blank = |c: char, out: &mut String| out.push(if c == '\n' { '\n' } else { ' ' });
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(chars[i], &mut out);
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                blank(chars[j], &mut out);
                j += 1;
            }
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if let Some(&ch) = chars.get(i) {
                    blank(ch, &mut out);
                }
                i += 1;
            }
            i += 1;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Path,
    Punct(char),
}

fn tokens(text: &str) -> Vec<(Token, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((Token::Ident(chars[start..i].iter().collect()), line));
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push((Token::Path, line));
            i += 2;
        } else {
            out.push((Token::Punct(c), line));
            i += 1;
        }
    }
    out
}

/// Expands the use tree starting at `tokens[*at]` into full paths.
fn use_tree(tokens: &[(Token, usize)], at: &mut usize, prefix: &ModPath, out: &mut Vec<ModPath>) {
    let mut path = prefix.clone();
    loop {
        match tokens.get(*at).map(|t| &t.0) {
            Some(Token::Ident(name)) if name == "as" => {
                *at += 2;
                out.push(path);
                return;
            }
            Some(Token::Ident(name)) => {
                if name != "self" || path.is_empty() {
                    path.push(name.clone());
                }
                *at += 1;
            }
            Some(Token::Path) => *at += 1,
            Some(Token::Punct('*')) => {
                *at += 1;
                out.push(path);
                return;
            }
            Some(Token::Punct('{')) => {
                *at += 1;
                loop {
                    match tokens.get(*at).map(|t| &t.0) {
                        Some(Token::Punct('}')) => {
                            *at += 1;
                            return;
                        }
                        Some(Token::Punct(',')) => *at += 1,
                        None => return,
                        _ => use_tree(tokens, at, &path, out),
                    }
                }
            }
            _ => {
                out.push(path);
                return;
            }
        }
    }
}

/// Every module path a file refers to, with the line it does so on, as
/// written (relative paths not yet resolved), and the inline module it
/// was written in.
fn references(source: &str) -> Vec<(ModPath, ModPath, usize)> {
    let tokens = tokens(&strip(source));
    let mut found = Vec::new();
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut at = 0;
    while at < tokens.len() {
        let (token, line) = &tokens[at];
        let here: ModPath = inline.iter().map(|(name, _)| name.clone()).collect();
        match token {
            Token::Punct('{') => {
                depth += 1;
                at += 1;
            }
            Token::Punct('}') => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                at += 1;
            }
            Token::Ident(word) if word == "mod" => {
                if let (Some((Token::Ident(name), _)), Some((Token::Punct('{'), _))) =
                    (tokens.get(at + 1), tokens.get(at + 2))
                {
                    inline.push((name.clone(), depth + 1));
                }
                at += 1;
            }
            Token::Ident(word) if word == "use" => {
                at += 1;
                if tokens.get(at).map(|t| &t.0) == Some(&Token::Path) {
                    at += 1;
                }
                let mut paths = Vec::new();
                use_tree(&tokens, &mut at, &Vec::new(), &mut paths);
                found.extend(paths.into_iter().map(|p| (p, here.clone(), *line)));
            }
            Token::Ident(word)
                if (word == "crate" || word == "super" || word == "self")
                    && tokens.get(at + 1).map(|t| &t.0) == Some(&Token::Path)
                    && !(at > 0 && tokens[at - 1].0 == Token::Path) =>
            {
                let mut path = vec![word.clone()];
                at += 1;
                while let (Some((Token::Path, _)), Some((Token::Ident(name), _))) =
                    (tokens.get(at), tokens.get(at + 1))
                {
                    path.push(name.clone());
                    at += 2;
                }
                found.push((path, here, *line));
            }
            _ => at += 1,
        }
    }
    found
}

/// The module a path written in module `from` names: the longest prefix
/// of its resolved form that is a module of `src/`. None for paths outside
/// the crate.
fn resolve(path: &ModPath, from: &ModPath, modules: &BTreeSet<ModPath>) -> Option<ModPath> {
    let mut absolute: ModPath;
    let mut rest = path.as_slice();
    match rest.first().map(String::as_str) {
        Some("crate") => {
            absolute = Vec::new();
            rest = &rest[1..];
        }
        Some("self") => {
            absolute = from.clone();
            rest = &rest[1..];
        }
        Some("super") => {
            absolute = from.clone();
            while rest.first().is_some_and(|s| s == "super") {
                absolute.pop()?;
                rest = &rest[1..];
            }
        }
        Some(first) => {
            let mut child = from.clone();
            child.push(first.to_string());
            if !modules.contains(&child) {
                return None;
            }
            absolute = from.clone();
        }
        None => return None,
    }
    absolute.extend(rest.iter().cloned());
    while !modules.contains(&absolute) {
        absolute.pop()?;
    }
    Some(absolute)
}

/// For every parent module, the import edges among its children, each
/// with the places that make it.
type Graphs = BTreeMap<ModPath, BTreeMap<(String, String), Vec<Site>>>;

fn import_graphs() -> Graphs {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<ModPath> = files.iter().filter_map(|f| module_of(&src, f)).collect();
    let mut graphs = Graphs::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let source = std::fs::read_to_string(file).expect("a source file is readable");
        let shown = file
            .strip_prefix(root())
            .unwrap_or(file)
            .display()
            .to_string();
        for (path, inline, line) in references(&source) {
            let mut from = module.clone();
            from.extend(inline);
            let Some(target) = resolve(&path, &from, &modules) else {
                continue;
            };
            let common = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            // An ancestor or descendant (including the module itself).
            if common == module.len() || common == target.len() {
                continue;
            }
            graphs
                .entry(module[..common].to_vec())
                .or_default()
                .entry((module[common].clone(), target[common].clone()))
                .or_default()
                .push(Site {
                    file: shown.clone(),
                    line,
                });
        }
    }
    graphs
}

/// The strongly connected components of more than one node (Tarjan).
fn cycles(edges: &BTreeMap<(String, String), Vec<Site>>) -> Vec<Vec<String>> {
    let mut adjacency: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        adjacency.entry(from).or_default().push(to);
        adjacency.entry(to).or_default();
    }
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        components: Vec<Vec<String>>,
    }
    fn visit<'a>(node: &'a str, adjacency: &BTreeMap<&'a str, Vec<&'a str>>, s: &mut State<'a>) {
        let n = s.index.len();
        s.index.insert(node, n);
        s.low.insert(node, n);
        s.stack.push(node);
        s.on_stack.insert(node);
        for &next in &adjacency[node] {
            if !s.index.contains_key(next) {
                visit(next, adjacency, s);
                let low = s.low[node].min(s.low[next]);
                s.low.insert(node, low);
            } else if s.on_stack.contains(next) {
                let low = s.low[node].min(s.index[next]);
                s.low.insert(node, low);
            }
        }
        if s.low[node] == s.index[node] {
            let mut component = Vec::new();
            while let Some(top) = s.stack.pop() {
                s.on_stack.remove(top);
                component.push(top.to_string());
                if top == node {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.components.push(component);
            }
        }
    }
    let mut state = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        components: Vec::new(),
    };
    for &node in adjacency.keys() {
        if !state.index.contains_key(node) {
            visit(node, &adjacency, &mut state);
        }
    }
    state.components
}

/// Every import cycle, one line per edge inside a cycle, with where it is made.
fn import_cycles() -> Vec<String> {
    let mut report = Vec::new();
    for (parent, edges) in import_graphs() {
        let parent = if parent.is_empty() {
            "crate".to_string()
        } else {
            parent.join("::")
        };
        for component in cycles(&edges) {
            report.push(format!("cycle under {parent}: {}", component.join(", ")));
            for ((from, to), sites) in &edges {
                if component.contains(from) && component.contains(to) {
                    let site = &sites[0];
                    report.push(format!(
                        "  {from} → {to} ({}:{}{})",
                        site.file,
                        site.line,
                        if sites.len() > 1 {
                            format!(" and {} more", sites.len() - 1)
                        } else {
                            String::new()
                        }
                    ));
                }
            }
        }
    }
    report
}

/// Cycles not broken yet (issue #19); the list only shrinks.
const KNOWN_CYCLES: &[&str] = &[];

#[test]
fn no_module_imports_another_that_imports_it_back() {
    let report = import_cycles();
    let cycles: Vec<&str> = report
        .iter()
        .map(String::as_str)
        .filter(|line| line.starts_with("cycle"))
        .collect();
    assert!(
        cycles == KNOWN_CYCLES,
        "import cycles among sibling modules:\n{}",
        report.join("\n")
    );
}

#[test]
fn the_cycle_check_sees_cycles_and_ancestors() {
    // The checker itself: a cycle through a `use` tree with braces and one
    // through an inline path are found; a child's use of its parent is not
    // an edge, and neither are paths in comments or strings.
    let modules: BTreeSet<ModPath> = [
        vec![],
        vec!["a".to_string()],
        vec!["a".to_string(), "x".to_string()],
        vec!["b".to_string()],
    ]
    .into_iter()
    .collect();
    let a_x = vec!["a".to_string(), "x".to_string()];
    let written = references(
        "use crate::{b::{Thing, other as o}, a::Parent};\n\
         // use crate::c;\n\
         fn f() { let s = \"crate::c::d\"; super::super::b::run(); }\n",
    );
    let resolved: Vec<(ModPath, usize)> = written
        .iter()
        .filter_map(|(path, inline, line)| {
            let mut from = a_x.clone();
            from.extend(inline.iter().cloned());
            resolve(path, &from, &modules).map(|m| (m, *line))
        })
        .collect();
    assert_eq!(
        resolved,
        vec![
            (vec!["b".to_string()], 1),
            (vec!["b".to_string()], 1),
            (vec!["a".to_string()], 1),
            (vec!["b".to_string()], 3),
        ]
    );
    let mut edges = BTreeMap::new();
    let site = || {
        vec![Site {
            file: String::new(),
            line: 0,
        }]
    };
    edges.insert(("a".to_string(), "b".to_string()), site());
    edges.insert(("b".to_string(), "c".to_string()), site());
    assert!(cycles(&edges).is_empty());
    edges.insert(("c".to_string(), "a".to_string()), site());
    assert_eq!(cycles(&edges), vec![vec!["a", "b", "c"]]);
}

/// The library modules below the command line (`grep -rn "cli::"` over
/// them finds nothing): their types are the domain's, and `cli.rs` converts
/// its clap types into them.
#[test]
fn the_library_does_not_import_the_command_line() {
    let src = root().join("src");
    let mut files = Vec::new();
    for dir in ["analysis", "export", "print", "repl", "ingest", "model"] {
        rust_files(&src.join(dir), &mut files);
    }
    for entry in std::fs::read_dir(&src).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with("store") {
            if path.is_dir() {
                rust_files(&path, &mut files);
            } else {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 50, "the library's files are found: {files:?}");
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a source file is readable");
        for (n, line) in text.lines().enumerate() {
            if line.contains("cli::") {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Every read of the graph goes through `store::Backend`: outside the store
/// layer, the concrete in-memory store is named only where a saved graph
/// file is opened (`commands/sources.rs`), oxigraph's `Store` only in
/// `store/memory.rs`, and nothing of `oxigraph::store` outside the layer. Commands, the REPL, analyses, exports and
/// `describe`/`why` take `&dyn Backend`, so a remote endpoint or a graph
/// file read in place can stand behind all of them.
#[test]
fn every_read_goes_through_the_backend_interface() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 80, "the sources are found: {}", files.len());
    let mut found = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src/");
        let text = std::fs::read_to_string(file).expect("a source file is readable");
        // Unit tests may build a store of their own.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let code = strip(code);
        let in_store = relative.starts_with("store");
        for (n, line) in code.lines().enumerate() {
            let names_store = line.contains("PlanStore")
                && !in_store
                && relative != Path::new("commands/sources.rs");
            let names_oxigraph_store = (line.contains("oxigraph::store::Store")
                || line.contains("oxigraph::store::{"))
                && relative != Path::new("store/memory.rs")
                || line.contains("oxigraph::store") && !in_store;
            if names_store || names_oxigraph_store {
                found.push(format!(
                    "src/{}:{}: {}",
                    relative.display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "reads that bypass store::Backend:\n{}",
        found.join("\n")
    );
}

/// An HDT file is read only by its backend: the hdt crate, the evaluator's
/// dataset interface (spareval) and the one lifetime `transmute` that lets
/// the file's pattern iterators outlive a call appear only in `store/hdt.rs`
/// and the file format's module (`hdt_file.rs`, which `build -o` writes
/// through), so every read of an HDT graph goes through `store::Backend`.
#[test]
fn an_hdt_file_is_read_only_by_its_backend() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut found = Vec::new();
    let mut seen_in_backend = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src/");
        let text = std::fs::read_to_string(file).expect("a source file is readable");
        let code = strip(text.split("#[cfg(test)]").next().unwrap_or_default());
        let is_backend = relative == Path::new("store/hdt.rs")
            || relative == Path::new("hdt_file.rs")
            || relative.starts_with("hdt_file");
        for (n, line) in code.lines().enumerate() {
            let names_crate = line.contains("hdt::")
                && !line.contains("mod hdt")
                && !line.contains("pub use hdt::{")
                || line.contains("spareval::");
            let is_unsafe = line.contains("transmute");
            if is_backend {
                seen_in_backend += usize::from(names_crate || is_unsafe);
            } else if names_crate || is_unsafe {
                found.push(format!(
                    "src/{}:{}: {}",
                    relative.display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        seen_in_backend >= 3,
        "the checks see store/hdt.rs's imports"
    );
    assert!(
        found.is_empty(),
        "HDT read outside its backend:\n{}",
        found.join("\n")
    );
}
