//! PDFs → lines, through poppler's `pdftotext`.
//!
//! Why poppler: it is the maintained PDF text extractor of the Linux
//! desktop, decodes the CID fonts and ToUnicode maps Chinese PDFs use, and
//! with `-bbox-layout` gives every word with its position, grouped in
//! lines and blocks in reading order. On the PDFs LibreOffice renders
//! from two corpus plans (tests/it/published.rs) the text read this way is
//! the plain text, task for task. The pure-Rust `pdf-extract` (0.12, on
//! lopdf) was measured on the same PDFs (ARCHITECTURE.md, "PDF readers"):
//! its text keeps the running header, page numbers and hard line wraps
//! and has no word positions to undo them with, and one of the two plans
//! lost most of its tasks to it. It is a program, not a crate: when
//! `pdftotext` is not installed a PDF is refused with one sentence saying
//! what to install, and everything else works without it.
//!
//! From the positions:
//! * running headers and footers are the first and last blocks of a page
//!   whose text (digits aside) repeats at the top or bottom of at least half
//!   the pages; page numbers (`- 3 -`, `第3页`, `3/12`) at the top or bottom
//!   are dropped on any page;
//! * a page's lines are joined into paragraphs: a line was wrapped when the
//!   next line's first character (or Latin word) would not have fitted at
//!   its end; an indented line, one after a line that was not wrapped, or
//!   one starting with a list marker starts a paragraph;
//! * a paragraph cut by a page break (its last line full, the next page's
//!   first line neither indented nor a new item; in a document that does
//!   not indent paragraphs, also no closing punctuation) is joined across
//!   it, and its line keeps the page it starts on.

use std::collections::HashMap;
use std::process::{Command, Stdio};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{Extracted, Lines};
use crate::ingest::IngestError;

#[derive(Debug, Clone, Default)]
struct Line {
    x_min: f64,
    x_max: f64,
    height: f64,
    /// The width of its first word: whether that word would have fitted
    /// at the end of the line before tells a wrapped line from a short one.
    first_word: f64,
    text: String,
}

#[derive(Debug, Clone, Default)]
struct Block {
    x_max: f64,
    lines: Vec<Line>,
}

impl Block {
    fn text(&self) -> String {
        let mut text = String::new();
        for line in &self.lines {
            join(&mut text, &line.text);
        }
        text
    }
}

#[derive(Debug, Clone, Default)]
struct Page {
    blocks: Vec<Block>,
}

pub fn extract(file: &str, bytes: &[u8]) -> Result<Extracted, IngestError> {
    let xhtml = run_pdftotext(file, bytes)?;
    let pages = parse(&xhtml);
    Ok(lay_out(pages))
}

/// Runs `pdftotext -bbox-layout` on the bytes (poppler reads files only, so
/// they go through a temporary file).
fn run_pdftotext(file: &str, bytes: &[u8]) -> Result<String, IngestError> {
    let unreadable = |reason: String| IngestError::Unreadable {
        file: file.to_string(),
        format: "PDF",
        reason,
    };
    let mut input = tempfile::Builder::new()
        .prefix("plangraph-")
        .suffix(".pdf")
        .tempfile()
        .map_err(|e| unreadable(format!("cannot write a temporary copy: {e}")))?;
    std::io::Write::write_all(&mut input, bytes)
        .map_err(|e| unreadable(format!("cannot write a temporary copy: {e}")))?;
    let output = Command::new("pdftotext")
        .args(["-bbox-layout", "-enc", "UTF-8", "-q"])
        .arg(input.path())
        .arg("-")
        .stdin(Stdio::null())
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(IngestError::NoPdfReader {
                file: file.to_string(),
            })
        }
        Err(e) => return Err(unreadable(format!("pdftotext did not run: {e}"))),
    };
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        let first = message.lines().next().unwrap_or("").trim();
        return Err(unreadable(if first.is_empty() {
            "pdftotext cannot read it (damaged or encrypted)".to_string()
        } else {
            format!("pdftotext: {first}")
        }));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn number(e: &BytesStart<'_>, name: &[u8]) -> f64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| std::str::from_utf8(&a.value).ok()?.parse().ok())
        .unwrap_or(0.0)
}

/// A character set without spaces around it: CJK, and the quotes and
/// dashes Chinese text uses (“”‘’—…·).
fn wide(c: char) -> bool {
    c >= '\u{2e80}' || ('\u{2000}'..='\u{206f}').contains(&c) || c == '·'
}

/// Appends `next` to `text`, with a space only between two Latin words.
fn join(text: &mut String, next: &str) {
    let next = next.trim();
    if let (Some(a), Some(b)) = (text.chars().last(), next.chars().next()) {
        if !wide(a) && !wide(b) {
            text.push(' ');
        }
    }
    text.push_str(next);
}

/// The pages, blocks, lines and words of `pdftotext -bbox-layout`.
fn parse(xhtml: &str) -> Vec<Page> {
    let mut reader = Reader::from_str(xhtml);
    let mut pages: Vec<Page> = Vec::new();
    let mut in_word = false;
    let mut word = String::new();
    // The current word's left edge, and the previous word's right edge.
    let (mut word_left, mut word_right, mut last_right) = (0.0, 0.0, f64::NAN);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(e)) => match e.name().as_ref() {
                b"page" => pages.push(Page::default()),
                b"block" => {
                    if let Some(page) = pages.last_mut() {
                        page.blocks.push(Block {
                            x_max: number(&e, b"xMax"),
                            lines: Vec::new(),
                        });
                    }
                }
                b"line" => {
                    if let Some(block) = pages.last_mut().and_then(|p| p.blocks.last_mut()) {
                        block.lines.push(Line {
                            x_min: number(&e, b"xMin"),
                            x_max: number(&e, b"xMax"),
                            height: number(&e, b"yMax") - number(&e, b"yMin"),
                            first_word: -1.0,
                            text: String::new(),
                        });
                    }
                }
                b"word" => {
                    in_word = true;
                    word.clear();
                    word_left = number(&e, b"xMin");
                    word_right = number(&e, b"xMax");
                    if let Some(line) = pages
                        .last_mut()
                        .and_then(|p| p.blocks.last_mut())
                        .and_then(|b| b.lines.last_mut())
                        .filter(|l| l.first_word < 0.0)
                    {
                        line.first_word = number(&e, b"xMax") - number(&e, b"xMin");
                    }
                }
                _ => {}
            },
            Ok(Event::Text(t)) if in_word => {
                if let Ok(text) = t.unescape() {
                    word.push_str(&text);
                }
            }
            Ok(Event::End(e)) if e.name().as_ref() == b"word" => {
                in_word = false;
                if let Some(line) = pages
                    .last_mut()
                    .and_then(|p| p.blocks.last_mut())
                    .and_then(|b| b.lines.last_mut())
                {
                    // A space printed between two Chinese words (`好客山东
                    // 好品山东`) is a gap wider than the typesetter's spacing.
                    let gap = word_left - last_right;
                    let spaced = line.text.chars().last().is_some_and(wide)
                        && word.chars().next().is_some_and(wide)
                        && gap > 0.1 * line.height;
                    if spaced {
                        line.text.push(' ');
                        line.text.push_str(word.trim());
                    } else {
                        join(&mut line.text, &word);
                    }
                }
                last_right = word_right;
            }
            Ok(Event::End(e)) if e.name().as_ref() == b"line" => last_right = f64::NAN,
            _ => {}
        }
    }
    pages
}

/// A page number as printed at the top or bottom of a page.
fn is_page_number(text: &str) -> bool {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '—' | '–' | '－' | '_' | '·'))
        .collect();
    let t = t.strip_prefix('第').unwrap_or(&t);
    let t = t.trim_end_matches('页').trim_end_matches('頁');
    let t = match t.split_once(['/', '／']) {
        Some((a, b)) if !b.is_empty() && b.chars().all(|c| c.is_ascii_digit()) => a,
        _ => t,
    };
    !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())
}

/// A block's text with digits masked: a running header or footer repeats
/// with its page number changing.
fn furniture_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// How many blocks at each end of a page may be running furniture.
const EDGE: usize = 2;

fn edge_indices(page: &Page) -> Vec<usize> {
    let n = page.blocks.len();
    let mut indices: Vec<usize> = (0..n.min(EDGE)).collect();
    indices.extend(n.saturating_sub(EDGE).max(n.min(EDGE))..n);
    indices
}

/// Drops running headers, footers and page numbers; says what it dropped
/// (each running text as first printed, with the number of pages).
fn drop_furniture(pages: &mut [Page]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for page in pages.iter() {
        let mut keys: Vec<String> = edge_indices(page)
            .into_iter()
            .map(|i| furniture_key(&page.blocks[i].text()))
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            *seen.entry(key).or_default() += 1;
        }
    }
    let count = pages.len();
    let repeated =
        |key: &str| count >= 2 && seen.get(key).copied().unwrap_or(0) * 2 >= count.max(4);
    // Running texts by key: the first printing and on how many pages.
    let mut dropped: Vec<(String, String, usize)> = Vec::new();
    let mut numbered_pages = 0;
    for page in pages.iter_mut() {
        let drop: Vec<usize> = edge_indices(page)
            .into_iter()
            .filter(|&i| {
                let text = page.blocks[i].text();
                if is_page_number(&text) {
                    numbered_pages += 1;
                    return true;
                }
                let key = furniture_key(&text);
                if !repeated(&key) {
                    return false;
                }
                match dropped.iter_mut().find(|(k, ..)| *k == key) {
                    Some(entry) => entry.2 += 1,
                    None => dropped.push((key, text, 1)),
                }
                true
            })
            .collect();
        let mut i = 0;
        page.blocks.retain(|_| {
            i += 1;
            !drop.contains(&(i - 1))
        });
    }
    let mut notes: Vec<String> = dropped
        .into_iter()
        .map(|(_, text, n)| {
            format!("left out `{text}`, repeated at the top or bottom of {n} pages")
        })
        .collect();
    if numbered_pages > 0 {
        notes.push(format!(
            "left out the page numbers of {numbered_pages} pages"
        ));
    }
    notes
}

fn starts_item(text: &str) -> bool {
    static MARKER: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    MARKER
        .get_or_init(|| {
            regex::Regex::new(
                r"^\s*(\d{1,3}\s*[.．、][^\d]|[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}[章节部分])",
            )
            .expect("a valid pattern")
        })
        .is_match(text)
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().chars().last().is_some_and(|c| {
        matches!(
            c,
            '。' | '；'
                | ';'
                | '！'
                | '!'
                | '？'
                | '?'
                | '：'
                | ':'
                | '）'
                | ')'
                | '”'
                | '」'
                | '』'
        )
    })
}

/// A paragraph of a block.
struct Paragraph {
    text: String,
    /// Its first line is indented from the page's left edge.
    indented: bool,
    /// Its last line reaches the right edge (it may go on).
    full: bool,
}

/// Whether the line `next` follows a wrapped `prev` (rather than a
/// paragraph's short last line): the start of `next` would not have fitted
/// after `prev`. Chinese breaks anywhere, so a character must not fit; the
/// typesetter's rules keep some punctuation off a line's start and end, so
/// where paragraphs are marked by indentation a little more slack is
/// allowed.
fn wrapped(prev: &Line, next: &Line, right: f64, indented_paragraphs: bool) -> bool {
    let h = if next.height > 0.0 { next.height } else { 10.0 };
    let room = right - prev.x_max;
    let starts_wide = next.text.chars().next().is_some_and(wide);
    let needed = if starts_wide {
        if indented_paragraphs {
            3.0 * h
        } else {
            1.5 * h
        }
    } else if next
        .text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_punctuation())
    {
        // An opening bracket or quote stays with the character after it.
        next.first_word.max(0.0) + 1.5 * h
    } else {
        next.first_word.max(0.0) + 0.5 * h
    };
    room < needed
}

/// A block's paragraphs: a line starts one when it is indented, follows a
/// line that was not wrapped, or starts with a list marker.
fn paragraphs(block: &Block, left: f64) -> Vec<Paragraph> {
    let indent = |line: &Line| {
        let h = if line.height > 0.0 { line.height } else { 10.0 };
        line.x_min > left + 0.9 * h
    };
    let indented_paragraphs = block.lines.iter().any(&indent);
    let mut out: Vec<Paragraph> = Vec::new();
    let mut previous: Option<&Line> = None;
    for line in &block.lines {
        let h = if line.height > 0.0 { line.height } else { 10.0 };
        let new = match previous {
            None => true,
            Some(prev) => {
                indent(line)
                    || !wrapped(prev, line, block.x_max, indented_paragraphs)
                    || starts_item(&line.text)
            }
        };
        let full = line.x_max >= block.x_max - 1.5 * h;
        match out.last_mut() {
            Some(p) if !new => {
                join(&mut p.text, &line.text);
                p.full = full;
            }
            _ => out.push(Paragraph {
                text: line.text.trim().to_string(),
                indented: indent(line),
                full,
            }),
        }
        previous = Some(line);
    }
    out
}

fn lay_out(mut pages: Vec<Page>) -> Extracted {
    let furniture = drop_furniture(&mut pages);
    // The text's left edge: the leftmost line of the document (a page of
    // indented paragraphs only would otherwise look unindented).
    let left = pages
        .iter()
        .flat_map(|p| &p.blocks)
        .flat_map(|b| &b.lines)
        .map(|l| l.x_min)
        .fold(f64::INFINITY, f64::min);
    // Whether the document marks paragraphs by indenting their first line:
    // then a full line at the foot of a page goes on at the next page's
    // unindented first line even after a full stop.
    let indents = pages
        .iter()
        .flat_map(|p| &p.blocks)
        .flat_map(|b| &b.lines)
        .any(|l| l.x_min > left + 0.9 * l.height.max(1.0));
    let mut lines = Lines::new("PDF");
    // The paragraph being built, its page, and whether it may continue on
    // the next page.
    let mut pending: Option<(String, u32, bool)> = None;
    for (p, page) in pages.iter().enumerate() {
        let number = u32::try_from(p + 1).unwrap_or(u32::MAX);
        let mut first = true;
        // One column: the page's lines in reading order, between the text's
        // left edge and the page's rightmost line (poppler's blocks split a
        // paragraph where a line's spacing changes).
        let column = Block {
            x_max: page
                .blocks
                .iter()
                .flat_map(|b| &b.lines)
                .map(|l| l.x_max)
                .fold(left, f64::max),
            lines: page.blocks.iter().flat_map(|b| b.lines.clone()).collect(),
        };
        {
            for paragraph in paragraphs(&column, left) {
                let Paragraph {
                    text,
                    indented,
                    full,
                } = paragraph;
                if std::mem::take(&mut first) {
                    if let Some((held, _, open)) = &mut pending {
                        if *open && !indented && !starts_item(&text) {
                            join(held, &text);
                            *open = full && (indents || !ends_sentence(held));
                            continue;
                        }
                    }
                }
                if let Some((held, at, _)) = pending.take() {
                    lines.page = at;
                    lines.push(&held);
                }
                let open = full && (indents || !ends_sentence(&text));
                pending = Some((text, number, open));
            }
        }
    }
    if let Some((held, at, _)) = pending {
        lines.page = at;
        lines.push(&held);
    }
    let mut out = lines.finish();
    out.notes.extend(
        furniture
            .into_iter()
            .map(|message| (0, crate::model::Severity::Info, message)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(x_min: f64, x_max: f64, text: &str) -> Line {
        Line {
            x_min,
            x_max,
            height: 14.0,
            first_word: 14.0,
            text: text.into(),
        }
    }

    fn block(lines: Vec<Line>) -> Block {
        Block {
            x_max: 520.0,
            lines,
        }
    }

    fn page(number: &str, body: Vec<Block>) -> Page {
        let mut blocks = vec![block(vec![line(90.0, 220.0, "某省人民政府办公厅文件")])];
        blocks.extend(body);
        blocks.push(block(vec![line(280.0, 320.0, number)]));
        Page { blocks }
    }

    #[test]
    fn headers_footers_and_page_numbers_are_dropped_and_paragraphs_joined() {
        let pages = vec![
            page(
                "- 1 -",
                vec![
                    block(vec![line(90.0, 200.0, "一、重点任务")]),
                    block(vec![
                        line(90.0, 520.0, "1.推进科技创新，建设"),
                        line(90.0, 300.0, "实验室。（牵头单位：省科技厅）"),
                    ]),
                    block(vec![line(90.0, 519.0, "2.加强产业链建设，培育")]),
                ],
            ),
            page(
                "- 2 -",
                vec![block(vec![
                    line(90.0, 400.0, "链主企业。（牵头单位：省工业和信息化厅）"),
                    line(90.0, 300.0, "3.完善政策。"),
                ])],
            ),
            page(
                "- 3 -",
                vec![block(vec![line(90.0, 300.0, "4.强化保障。")])],
            ),
        ];
        let out = lay_out(pages);
        assert_eq!(
            out.text,
            "一、重点任务\n1.推进科技创新，建设实验室。（牵头单位：省科技厅）\n\
             2.加强产业链建设，培育链主企业。（牵头单位：省工业和信息化厅）\n3.完善政策。\n4.强化保障。\n"
        );
        assert_eq!(out.pages, [1, 1, 1, 2, 3]);
        let notes: Vec<&str> = out.notes.iter().map(|n| n.2.as_str()).collect();
        assert_eq!(
            notes,
            [
                "left out `某省人民政府办公厅文件`, repeated at the top or bottom of 3 pages",
                "left out the page numbers of 3 pages"
            ]
        );
    }

    #[test]
    fn page_numbers_are_recognised() {
        for number in ["3", "- 3 -", "— 12 —", "第3页", "3/12", "－ 7 －"] {
            assert!(is_page_number(number), "{number}");
        }
        for text in ["2023年", "1.推进", "三"] {
            assert!(!is_page_number(text), "{text}");
        }
    }

    #[test]
    fn words_join_without_spaces_between_chinese() {
        let xhtml = r#"<html><body><doc><page width="612" height="792"><flow>
<block xMin="90" yMin="70" xMax="520" yMax="86"><line xMin="90" yMin="70" xMax="300" yMax="84">
<word xMin="90" yMin="70" xMax="180" yMax="84">力争</word><word xMin="182" yMin="70" xMax="200" yMax="84">2025</word>
<word xMin="202" yMin="70" xMax="260" yMax="84">年达到</word><word xMin="262" yMin="70" xMax="280" yMax="84">5.8%</word>
<word xMin="282" yMin="70" xMax="290" yMax="84">R&amp;D</word><word xMin="292" yMin="70" xMax="300" yMax="84">intensity</word>
</line></block></flow></page></doc></body></html>"#;
        let pages = parse(xhtml);
        assert_eq!(
            pages[0].blocks[0].text(),
            "力争2025年达到5.8% R&D intensity"
        );
    }
}
