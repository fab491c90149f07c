//! Which files are the documents of a run, what each is called, and how
//! much of one is read.
//!
//! Documents are keyed by their path, not their base name: two different
//! `a.txt` in two directories are two documents, named by as many trailing
//! path components as tell them apart (`x/a.txt`, `y/a.txt`; a name that
//! clashes with no other stays the bare file name, so the embedded corpus
//! and single directories keep their document IRIs). The same file given
//! twice (the same canonical path) is read once, with a note.
//!
//! In a `--data` directory, the documents are the `*.txt`, `*.html`,
//! `*.htm`, `*.docx` and `*.pdf` files (`ingest::extract` reads each
//! format). One rule for entries that are not documents: anything with
//! such a name that is not a regular file with content (a symbolic link
//! loop or a dangling link, a FIFO, a directory named `x.txt`, an empty
//! file), and any file whose first bytes say it is binary data of another
//! kind (an image, an archive, an old `.doc`, whatever its name), is
//! skipped with a warning naming it, never read as text. Other text files
//! (`jurisdiction.tsv`, notes) are not documents and are passed over. A file named on the
//! command line is read whatever it is (a FIFO, `/dev/stdin`), as `cat`
//! would, and is an error when it cannot be.
//!
//! Control characters in file names (an ESC, a newline) are escaped in
//! document names and messages, so they never reach the terminal raw.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::ingest::Source;

/// The largest document read: plan documents are text of a few MB, so
/// anything larger is a mistake (`/dev/zero`, a disk image), not a plan.
pub const MAX_DOCUMENT_BYTES: u64 = 64 << 20;

/// A file name or path for the terminal: control characters (ESC, newline,
/// tab…) are escaped as Rust escapes them (`\u{1b}`, `\n`).
pub fn escape_for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// [`escape_for_terminal`] of a path.
pub fn display_path(path: &Path) -> String {
    escape_for_terminal(&path.to_string_lossy())
}

/// The documents of `dir`, in path order, with a warning on standard
/// error for every entry skipped by the rule above.
pub fn list_directory(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the data directory {}", display_path(dir)))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list the data directory {}", display_path(dir)))?
            .path();
        let document = path.extension().is_some_and(|e| {
            crate::ingest::extract::EXTENSIONS
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        });
        if !document {
            // Named as something else: only binary data is worth a word.
            if let Some(kind) = binary_kind(&path) {
                crate::stderr_line!(
                    "plangraph: warning: skipping {}: {kind}, not a document (plangraph reads \
                     .txt, .html, .htm, .docx and .pdf files)",
                    display_path(&path)
                );
            }
            continue;
        }
        match skip_reason(&path) {
            None => paths.push(path),
            Some(reason) => crate::stderr_line!(
                "plangraph: warning: skipping {}: {reason}",
                display_path(&path)
            ),
        }
    }
    paths.sort();
    Ok(paths)
}

/// Why a directory entry is not a document, or `None` when it is one.
fn skip_reason(path: &Path) -> Option<String> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) => {
            let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            return Some(if is_link {
                format!("a symbolic link that cannot be followed ({e})")
            } else {
                e.to_string()
            });
        }
    };
    if metadata.is_dir() {
        return Some("a directory, not a document".to_owned());
    }
    if !metadata.is_file() {
        return Some("not a regular file (a FIFO, socket or device)".to_owned());
    }
    if metadata.len() == 0 {
        return Some("an empty file".to_owned());
    }
    binary_kind(path).map(|kind| format!("{kind}, not a document"))
}

/// What a regular file is when its first bytes say it is binary data and
/// no document format plangraph reads.
fn binary_kind(path: &Path) -> Option<&'static str> {
    use crate::ingest::extract::{self, Format};
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let mut head = Vec::with_capacity(8192);
    std::fs::File::open(path)
        .ok()?
        .take(8192)
        .read_to_end(&mut head)
        .ok()?;
    let name = path.file_name()?.to_string_lossy();
    match extract::format_of(&name, &head) {
        // A ZIP named .docx is read as one (and refused with a reason if
        // it holds no Word document); under another name it is an archive.
        Format::Pdf => None,
        Format::Docx if extract::extension(&name) == "docx" => None,
        _ => extract::binary_kind(&head),
    }
}

/// Drops paths that name a file already in the list (the same canonical
/// path), with a note for each, keeping the first.
pub fn without_repeats(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen: HashMap<PathBuf, PathBuf> = HashMap::new();
    let mut kept = Vec::with_capacity(paths.len());
    for path in paths {
        // A path that cannot be resolved is kept: reading it reports why.
        let Ok(canonical) = std::fs::canonicalize(&path) else {
            kept.push(path);
            continue;
        };
        if let Some(first) = seen.get(&canonical) {
            crate::stderr_line!(
                "plangraph: note: {} is the same file as {}; it is read once",
                display_path(&path),
                display_path(first)
            );
            continue;
        }
        seen.insert(canonical, path.clone());
        kept.push(path);
    }
    kept
}

/// The document name of each path: its file name, or, when other paths
/// share that file name, as many trailing components as make it unique
/// (`2022/a.txt`, `2023/a.txt`). Deterministic: it depends only on the
/// set of paths given.
pub fn document_names(paths: &[PathBuf]) -> Vec<String> {
    let components = |path: &Path| -> Vec<String> {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        absolute
            .components()
            .filter_map(|c| match c {
                std::path::Component::Normal(part) => {
                    Some(escape_for_terminal(&part.to_string_lossy()))
                }
                _ => None,
            })
            .collect()
    };
    let all: Vec<Vec<String>> = paths.iter().map(|p| components(p)).collect();
    let name_of = |parts: &[String], depth: usize| -> String {
        let start = parts.len().saturating_sub(depth);
        parts[start..].join("/")
    };
    let mut depth = vec![1usize; paths.len()];
    // Lengthen clashing names until none clash (or a path has no more
    // components; then the clash is two spellings of one name, which
    // cannot happen after `without_repeats`).
    loop {
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, parts) in all.iter().enumerate() {
            by_name.entry(name_of(parts, depth[i])).or_default().push(i);
        }
        let mut lengthened = false;
        for clashing in by_name.values().filter(|v| v.len() > 1) {
            for &i in clashing {
                if depth[i] < all[i].len() {
                    depth[i] += 1;
                    lengthened = true;
                }
            }
        }
        if !lengthened {
            return all
                .iter()
                .enumerate()
                .map(|(i, parts)| {
                    if parts.is_empty() {
                        display_path(&paths[i])
                    } else {
                        name_of(parts, depth[i])
                    }
                })
                .collect();
        }
    }
}

/// Reads one document, at most [`MAX_DOCUMENT_BYTES`] of it.
pub fn read_document(path: &Path, name: String) -> anyhow::Result<Source> {
    if path.is_dir() {
        bail!(
            "{} is a directory (use --data DIR for a directory of documents)",
            display_path(path)
        );
    }
    let cannot_read = || format!("cannot read plan document {}", display_path(path));
    let file = std::fs::File::open(path).with_context(cannot_read)?;
    let mut bytes = Vec::new();
    file.take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(cannot_read)?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        bail!(
            "{} is larger than {} MB: plan documents are text of a few MB, so only that much is read",
            display_path(path),
            MAX_DOCUMENT_BYTES >> 20
        );
    }
    Ok(Source { name, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_file_names_unless_they_clash() {
        let paths = [
            PathBuf::from("/p/2022/a.txt"),
            PathBuf::from("/p/2023/a.txt"),
            PathBuf::from("/p/2023/b.txt"),
            PathBuf::from("/q/x/c.txt"),
            PathBuf::from("/r/x/c.txt"),
        ];
        assert_eq!(
            document_names(&paths),
            [
                "2022/a.txt",
                "2023/a.txt",
                "b.txt",
                "q/x/c.txt",
                "r/x/c.txt"
            ]
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            escape_for_terminal("a\u{1b}[31mred\nb.txt"),
            "a\\u{1b}[31mred\\nb.txt"
        );
        assert_eq!(escape_for_terminal("省科技厅.txt"), "省科技厅.txt");
    }
}
