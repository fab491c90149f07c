//! The documentation cannot go stale: every console block that runs one
//! `plangraph` command is run again and compared with what the docs show
//! (timings aside), the README's list of canned queries is generated from
//! `queries/*.rq`, the picture in `docs/` is the one the command draws, and
//! every relative link in the docs names a file of the repository.
//!
//! `UPDATE_DOCS=1 cargo test --test it docs` rewrites the docs from the real
//! output instead of comparing.

use std::io::Read;
use std::path::Path;
use std::process::Stdio;

use regex::Regex;

use crate::support::{plangraph, root};

const DOCUMENTS: [&str; 3] = ["README.md", "docs/analysis.md", "docs/exports.md"];

/// Held while a test reads and rewrites a document, so two tests updating
/// the README at once do not undo each other.
static REWRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn updating() -> bool {
    std::env::var("UPDATE_DOCS").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Runs `plangraph ARGS` with stdout and stderr on one pipe, as a terminal
/// would show them, and returns the text (first `head` lines if given).
fn terminal_output(args: &[String], head: Option<usize>) -> String {
    let (mut reader, writer) = std::io::pipe().expect("a pipe");
    let mut command = plangraph();
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer.try_clone().expect("the pipe clones"))
        .stderr(writer);
    let mut child = command.spawn().expect("plangraph runs");
    // The command holds the writing ends; drop ours so the read ends.
    drop(command);
    let mut text = String::new();
    reader.read_to_string(&mut text).expect("UTF-8 output");
    let status = child.wait().expect("plangraph finishes");
    assert!(status.success(), "plangraph {args:?} failed:\n{text}");
    match head {
        Some(n) => text.lines().take(n).map(|l| format!("{l}\n")).collect(),
        None => text,
    }
}

/// Durations vary from run to run; everything else must match.
fn without_timings(text: &str) -> String {
    let times = Regex::new(r"\d+(\.\d+)? ?(ms|µs|s)\b").unwrap();
    times.replace_all(text.trim_end(), "<time>").into_owned()
}

/// One console block: the line range of its output and the command.
struct ConsoleBlock {
    /// Index of the `$ plangraph …` line.
    command_line: usize,
    /// Index of the closing fence.
    end: usize,
    args: Vec<String>,
    head: Option<usize>,
}

/// Blocks whose only command is `$ plangraph ARGS [| head -N]` followed by
/// its output (blocks of several commands or piped input are examples, not
/// transcripts).
fn console_blocks(lines: &[&str]) -> Vec<ConsoleBlock> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].starts_with("```") || lines[i].len() > 3 && lines[i] != "```console" {
            i += 1;
            continue;
        }
        let Some(end) = (i + 1..lines.len()).find(|&j| lines[j] == "```") else {
            break;
        };
        let body = &lines[i + 1..end];
        let commands = body.iter().filter(|l| l.starts_with("$ ")).count();
        if let (1, Some(command)) = (commands, body.first()) {
            let command = command.trim_start_matches("$ ");
            let (command, head) = match command.split_once(" | head -") {
                Some((c, n)) => (c, Some(n.parse().expect("head -N"))),
                None => (command, None),
            };
            if let Some(rest) = command.strip_prefix("plangraph ") {
                if !rest.contains(['>', '|', '\'', '"']) {
                    blocks.push(ConsoleBlock {
                        command_line: i + 1,
                        end,
                        args: rest.split_whitespace().map(str::to_owned).collect(),
                        head,
                    });
                }
            }
        }
        i = end + 1;
    }
    blocks
}

#[test]
fn console_transcripts_in_the_docs_are_what_the_commands_print() {
    let mut stale = Vec::new();
    for document in DOCUMENTS {
        let _rewriting = REWRITING.lock().unwrap_or_else(|e| e.into_inner());
        let path = root().join(document);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let blocks = console_blocks(&lines);
        let mut rewritten: Vec<String> = Vec::new();
        let mut copied = 0;
        for block in &blocks {
            let shown = lines[block.command_line + 1..block.end].join("\n");
            let printed = terminal_output(&block.args, block.head);
            if without_timings(&shown) != without_timings(&printed) {
                stale.push(format!(
                    "{document}:{}: `plangraph {}` prints\n{printed}\nbut the docs show\n{shown}",
                    block.command_line + 1,
                    block.args.join(" ")
                ));
            }
            rewritten.extend(
                lines[copied..=block.command_line]
                    .iter()
                    .map(|l| l.to_string()),
            );
            rewritten.extend(printed.trim_end().lines().map(str::to_owned));
            copied = block.end;
        }
        rewritten.extend(lines[copied..].iter().map(|l| l.to_string()));
        if updating() {
            std::fs::write(&path, rewritten.join("\n") + "\n").unwrap();
        }
    }
    if !updating() {
        assert!(
            stale.is_empty(),
            "stale transcripts (UPDATE_DOCS=1 cargo test --test it docs rewrites them):\n{}",
            stale.join("\n\n")
        );
    }
}

/// The README's list of canned queries, between its two marker comments.
fn query_list() -> String {
    let mut list =
        String::from("| query | what it answers | parameters (defaults) |\n|---|---|---|\n");
    for query in plangraph::queries::canned_queries() {
        let params = plangraph::query_params::summary(&query.params);
        list.push_str(&format!(
            "| [`{}`](queries/{}.rq) | {} | {} |\n",
            query.name,
            query.name,
            query.description,
            if params.is_empty() {
                String::new()
            } else {
                format!("`{params}`")
            }
        ));
    }
    list
}

/// Replaces the text between `<!-- NAME:begin -->` and `<!-- NAME:end -->`
/// in `document` with `generated`, or checks that it is already there.
fn check_generated_section(document: &str, name: &str, generated: &str) {
    let _rewriting = REWRITING.lock().unwrap_or_else(|e| e.into_inner());
    let path = root().join(document);
    let text = std::fs::read_to_string(&path).unwrap();
    let (begin, end) = (
        format!("<!-- {name}:begin -->\n"),
        format!("<!-- {name}:end -->"),
    );
    let start = text
        .find(&begin)
        .unwrap_or_else(|| panic!("{document} has no {begin}"))
        + begin.len();
    let stop = text
        .find(&end)
        .unwrap_or_else(|| panic!("{document} has no {end}"));
    if updating() {
        let updated = format!("{}{generated}{}", &text[..start], &text[stop..]);
        std::fs::write(&path, updated).unwrap();
    } else {
        assert_eq!(
            &text[start..stop],
            generated,
            "{document}'s {name} section is stale (UPDATE_DOCS=1 cargo test --test it docs rewrites it)"
        );
    }
}

#[test]
fn readme_lists_every_canned_query() {
    check_generated_section("README.md", "queries", &query_list());
}

/// The pictures `docs/pictures.sh` draws: file name and `export` arguments
/// (the script runs the same commands).
const PICTURES: [(&str, &[&str]); 3] = [
    ("co-lead.svg", &["export", "co-lead", "--format", "svg"]),
    (
        "co-lead-kejiting.svg",
        &[
            "export",
            "co-lead",
            "--unit",
            "省科技厅",
            "--hops",
            "1",
            "--format",
            "svg",
        ],
    ),
    (
        "unit-kejiting.svg",
        &[
            "export",
            "unit",
            "省科技厅",
            "--hops",
            "1",
            "--format",
            "svg",
        ],
    ),
];

#[test]
fn the_pictures_in_docs_are_the_ones_the_commands_draw() {
    let script = std::fs::read_to_string(root().join("docs/pictures.sh")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in PICTURES {
        assert!(
            script.contains(&format!("$PLANGRAPH {} -o \"$OUT/{name}\"", args.join(" "))),
            "docs/pictures.sh draws {name} with {args:?}"
        );
        let drawn = dir.path().join(name);
        let output = plangraph()
            .args(args)
            .arg("-o")
            .arg(&drawn)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let drawn = std::fs::read(&drawn).unwrap();
        let in_docs = root().join("docs").join(name);
        if updating() {
            std::fs::write(&in_docs, &drawn).unwrap();
        } else {
            assert!(
                std::fs::read(&in_docs).is_ok_and(|bytes| bytes == drawn),
                "docs/{name} is stale (UPDATE_DOCS=1 cargo test --test it docs redraws it; bash docs/pictures.sh also takes the screenshots)"
            );
        }
    }
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let number =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    Some((number(16), number(20)))
}

#[test]
fn the_screenshot_script_draws_every_picture() {
    if !crate::readers::require(crate::readers::Reader::Chromium) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new("bash")
        .arg(root().join("docs/pictures.sh"))
        .env("PLANGRAPH", env!("CARGO_BIN_EXE_plangraph"))
        // Not the user's cache (the script reads the embedded corpus).
        .env("PLANGRAPH_NO_CACHE", "1")
        .env("OUT", dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for (name, _) in PICTURES {
        let svg = std::fs::read(dir.path().join(name)).unwrap();
        assert!(
            std::fs::read(root().join("docs").join(name)).is_ok_and(|bytes| bytes == svg),
            "the script's {name} differs from docs/{name}"
        );
        let png = name.replace(".svg", ".png");
        let bytes = std::fs::read(dir.path().join(&png)).unwrap_or_else(|e| panic!("{png}: {e}"));
        assert_eq!(png_size(&bytes), Some((1900, 1200)), "{png}");
        assert!(
            root().join("docs").join(&png).exists(),
            "docs/{png} is in the repository"
        );
    }
}

/// `base/target` with `.` and `..` folded, or `None` when it leaves the
/// repository (files beside a checkout differ from machine to machine, so
/// whether they exist proves nothing about the repository).
fn inside_repository(base: &Path, target: &str) -> Option<std::path::PathBuf> {
    let mut parts: Vec<std::ffi::OsString> = Vec::new();
    for component in base.join(target).components() {
        match component {
            std::path::Component::ParentDir => {
                parts.pop()?;
            }
            std::path::Component::Normal(part) => parts.push(part.to_owned()),
            _ => {}
        }
    }
    Some(parts.iter().collect())
}

#[test]
fn relative_links_in_the_docs_name_files_of_the_repository() {
    let link = Regex::new(r"\]\(([^)#]+)(#[^)]*)?\)").unwrap();
    let code_path =
        Regex::new(r"`((?:\.\./|docs/|data/|queries/|tests/|src/|ontology/|\.ci/)[^`\s]*)`")
            .unwrap();
    let mut missing = Vec::new();
    for document in
        DOCUMENTS
            .iter()
            .copied()
            .chain(["ARCHITECTURE.md", "data/MANIFEST.md", "BENCHMARKS.md"])
    {
        let text = std::fs::read_to_string(root().join(document)).unwrap();
        let base = Path::new(document).parent().unwrap_or(Path::new(""));
        for caps in link.captures_iter(&text) {
            let target = &caps[1];
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let Some(path) = inside_repository(base, target) else {
                continue;
            };
            if !root().join(path).exists() {
                missing.push(format!("{document}: link {target}"));
            }
        }
        for caps in code_path.captures_iter(&text) {
            let target = caps[1].trim_end_matches(['.', ',', ':']);
            let (Some(from_document), Some(from_root)) = (
                inside_repository(base, target),
                inside_repository(Path::new(""), target),
            ) else {
                continue;
            };
            let exists = root().join(from_document).exists() || root().join(from_root).exists();
            if !exists && !target.contains(['*', '{', '<']) {
                missing.push(format!("{document}: path {target}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "the docs name files that do not exist:\n{}",
        missing.join("\n")
    );
}
