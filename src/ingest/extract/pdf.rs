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
//!   it, and its line keeps the page it starts on;
//! * a task table is found by its header: a band of short cells side by
//!   side, one naming a column of units (the test the Word and web page
//!   readers use). Below it, a line is a cell of the column whose header
//!   cell it runs under; a line under two header cells is text again and
//!   ends the table, as does a gap taller than a line and a half. Where
//!   cells are printed at the top of their row (Word's and LibreOffice's
//!   default) rows start at a number in the 序号 column, or, without one,
//!   at a line of the first column that does not go on from a wrapped line
//!   above it; where they are centred down their row (the first line below
//!   the header has no number) each cell's lines are centred on its row's
//!   number. A table that reaches the foot of a page goes on at the next
//!   page's first line if that fits its columns, the header repeated there
//!   skipped. The rows are emitted as the Word reader emits them.

use std::collections::HashMap;
use std::process::{Command, Stdio};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{Extracted, Lines};
use crate::ingest::IngestError;

#[derive(Debug, Clone, Default)]
struct Word {
    x_min: f64,
    x_max: f64,
    text: String,
}

#[derive(Debug, Clone, Default)]
struct Line {
    x_min: f64,
    x_max: f64,
    y_min: f64,
    y_max: f64,
    height: f64,
    /// The width of its first word: whether that word would have fitted
    /// at the end of the line before tells a wrapped line from a short one.
    first_word: f64,
    text: String,
    /// Its words: a wide gap between two is a gap between table cells.
    words: Vec<Word>,
}

#[derive(Debug, Clone, Default)]
struct Block {
    x_max: f64,
    y_min: f64,
    y_max: f64,
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

/// Appends a word printed `gap` after the one before it: a space printed
/// between two Chinese words (`好客山东 好品山东`) is a gap wider than the
/// typesetter's spacing.
fn push_word(text: &mut String, word: &str, gap: f64, height: f64) {
    let spaced = text.chars().last().is_some_and(wide)
        && word.chars().next().is_some_and(wide)
        && gap > 0.1 * height;
    if spaced {
        text.push(' ');
        text.push_str(word.trim());
    } else {
        join(text, word);
    }
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
                            y_min: number(&e, b"yMin"),
                            y_max: number(&e, b"yMax"),
                            lines: Vec::new(),
                        });
                    }
                }
                b"line" => {
                    if let Some(block) = pages.last_mut().and_then(|p| p.blocks.last_mut()) {
                        block.lines.push(Line {
                            x_min: number(&e, b"xMin"),
                            x_max: number(&e, b"xMax"),
                            y_min: number(&e, b"yMin"),
                            y_max: number(&e, b"yMax"),
                            height: number(&e, b"yMax") - number(&e, b"yMin"),
                            first_word: -1.0,
                            text: String::new(),
                            words: Vec::new(),
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
                    push_word(&mut line.text, &word, word_left - last_right, line.height);
                    line.words.push(Word {
                        x_min: word_left,
                        x_max: word_right,
                        text: word.clone(),
                    });
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

/// The blocks that may be running furniture: the [`EDGE`] topmost and
/// bottommost blocks of the page, each with nothing beside it (a table's
/// last row is not a footer, whatever its cells say).
fn edge_indices(page: &Page) -> Vec<usize> {
    let blocks = &page.blocks;
    let n = blocks.len();
    let mut top: Vec<usize> = (0..n).collect();
    top.sort_by(|&a, &b| blocks[a].y_min.total_cmp(&blocks[b].y_min).then(a.cmp(&b)));
    top.truncate(EDGE);
    let mut bottom: Vec<usize> = (0..n).collect();
    bottom.sort_by(|&a, &b| blocks[b].y_max.total_cmp(&blocks[a].y_max).then(b.cmp(&a)));
    bottom.truncate(EDGE);
    let alone = |i: usize, edge: &[usize]| {
        (0..n).all(|j| {
            edge.contains(&j)
                || !(blocks[j].y_min < blocks[i].y_max && blocks[j].y_max > blocks[i].y_min)
        })
    };
    let mut indices: Vec<usize> = top.iter().copied().filter(|&i| alone(i, &top)).collect();
    indices.extend(bottom.iter().copied().filter(|&i| alone(i, &bottom)));
    indices.sort_unstable();
    indices.dedup();
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

/// A run of words of one line, apart from the others by more than a
/// gap between words: a table cell's line.
#[derive(Debug, Clone)]
struct Piece {
    /// The line it belongs to, on its page.
    line: usize,
    x_min: f64,
    x_max: f64,
    y_min: f64,
    y_max: f64,
    height: f64,
    first_word: f64,
    text: String,
}

impl Piece {
    fn as_line(&self) -> Line {
        Line {
            x_min: self.x_min,
            x_max: self.x_max,
            y_min: self.y_min,
            y_max: self.y_max,
            height: self.height,
            first_word: self.first_word,
            text: self.text.clone(),
            words: Vec::new(),
        }
    }
}

fn height_of(h: f64) -> f64 {
    if h > 0.0 {
        h
    } else {
        10.0
    }
}

/// The lines' pieces: a line is cut where two words are further apart
/// than a character (cells side by side on one line).
fn pieces(lines: &[Line]) -> Vec<Piece> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let h = height_of(line.height);
        let start = |x_min: f64, first_word: f64| Piece {
            line: i,
            x_min,
            x_max: x_min,
            y_min: line.y_min,
            y_max: line.y_max,
            height: line.height,
            first_word,
            text: String::new(),
        };
        if line.words.is_empty() {
            let mut piece = start(line.x_min, line.first_word);
            piece.x_max = line.x_max;
            piece.text = line.text.trim().to_string();
            out.push(piece);
            continue;
        }
        let mut current: Option<Piece> = None;
        for word in &line.words {
            match &mut current {
                Some(p) if word.x_min - p.x_max <= h => {
                    let gap = word.x_min - p.x_max;
                    push_word(&mut p.text, &word.text, gap, line.height);
                    p.x_max = p.x_max.max(word.x_max);
                }
                _ => {
                    if let Some(p) = current.take() {
                        out.push(p);
                    }
                    let mut p = start(word.x_min, word.x_max - word.x_min);
                    p.x_max = word.x_max;
                    join(&mut p.text, &word.text);
                    current = Some(p);
                }
            }
        }
        out.extend(current);
    }
    out
}

/// The pieces printed side by side: bands of y, top to bottom, each
/// band's pieces left to right.
fn bands(pieces: &[Piece]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by(|&a, &b| {
        pieces[a]
            .y_min
            .total_cmp(&pieces[b].y_min)
            .then(pieces[a].x_min.total_cmp(&pieces[b].x_min))
    });
    let mut out: Vec<(f64, f64, Vec<usize>)> = Vec::new();
    for i in order {
        let p = &pieces[i];
        let h = height_of(p.height);
        match out.last_mut() {
            Some((top, bottom, band)) if p.y_max.min(*bottom) - p.y_min.max(*top) > 0.5 * h => {
                *top = top.min(p.y_min);
                *bottom = bottom.max(p.y_max);
                band.push(i);
            }
            _ => out.push((p.y_min, p.y_max, vec![i])),
        }
    }
    out.into_iter()
        .map(|(_, _, mut band)| {
            band.sort_by(|&a, &b| pieces[a].x_min.total_cmp(&pieces[b].x_min));
            band
        })
        .collect()
}

/// A task table's header: two or more short cells side by side, one of
/// them naming a column of units (the test the Word and web page readers
/// use for a header row).
fn is_header(band: &[&Piece]) -> bool {
    band.len() >= 2
        && band.iter().all(|p| p.text.chars().count() <= 12)
        && band.iter().any(|p| super::unit_column(&p.text))
}

/// A row number in a table's 序号 column.
fn is_row_number(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', '．', '、']);
    !t.is_empty()
        && t.chars().count() <= 4
        && (t.chars().all(|c| c.is_ascii_digit())
            || t.chars().all(|c| "一二三四五六七八九十".contains(c)))
}

/// A character that ends a unit's name: where a line of a column of units
/// ends with one, the next line names another unit (units are often
/// printed one to a line in their cell).
fn ends_unit(text: &str) -> bool {
    // `社会` ends a wrapped `省人力资源社会|保障厅`, not a unit.
    text.chars()
        .last()
        .is_some_and(|c| "厅局委办会院部室处司府行社校所团队站署组馆心".contains(c))
        && !text.ends_with("社会")
}

/// A table being read: its header's cells and the bands of pieces below,
/// each piece placed in a column, with the page it is printed on.
struct Table {
    header: Vec<Piece>,
    page: u32,
    bands: Vec<(Vec<(usize, Piece)>, u32)>,
    /// Where the last band ends, on the page it is printed on.
    bottom: f64,
}

impl Table {
    /// The column a piece is printed in: the header cell above it, or the
    /// nearest; `None` when it runs under two header cells (text across
    /// the page, not a cell).
    fn column(&self, piece: &Piece) -> Option<usize> {
        let under: Vec<usize> = (0..self.header.len())
            .filter(|&c| {
                let head = &self.header[c];
                piece.x_min < head.x_max && piece.x_max > head.x_min
            })
            .collect();
        match under.as_slice() {
            [c] => Some(*c),
            [] => {
                let middle = (piece.x_min + piece.x_max) / 2.0;
                Some(
                    (1..self.header.len())
                        .take_while(|&c| {
                            middle > (self.header[c - 1].x_max + self.header[c].x_min) / 2.0
                        })
                        .count(),
                )
            }
            _ => None,
        }
    }

    fn is_repeated_header(&self, band: &[&Piece]) -> bool {
        band.len() == self.header.len()
            && band
                .iter()
                .zip(&self.header)
                .all(|(p, h)| p.text.trim() == h.text.trim())
    }

    /// The row of each band's pieces, in order (0: the first row below
    /// the header).
    ///
    /// Cells printed at the top of their row (Word's and LibreOffice's
    /// default): a row starts at a number in the 序号 column, or without
    /// one at a line of the first column that does not go on from a
    /// wrapped line above it (it reached the column's right edge, as far
    /// as the column's longest line and close to the next column's text).
    fn rows_at_top(&self, number: Option<usize>) -> Vec<Vec<usize>> {
        let key = number.unwrap_or(0);
        let pieces = || self.bands.iter().flat_map(|(band, _)| band);
        let right = pieces()
            .filter(|(c, _)| *c == key)
            .map(|(_, p)| p.x_max)
            .fold(f64::NEG_INFINITY, f64::max);
        let next_left = pieces()
            .filter(|(c, _)| *c == key + 1)
            .map(|(_, p)| p.x_min)
            .fold(f64::INFINITY, f64::min);
        let mut row = 0;
        // The last line of the key column in the current row.
        let mut last_key: Option<&Piece> = None;
        let mut out = Vec::new();
        for (b, (band, _)) in self.bands.iter().enumerate() {
            let key_piece = band.iter().find(|(c, _)| *c == key).map(|(_, p)| p);
            let new_row = b > 0
                && match (number, key_piece) {
                    (Some(_), Some(p)) => is_row_number(&p.text),
                    (None, Some(p)) => match last_key {
                        None => true,
                        Some(prev) => {
                            let h = height_of(p.height);
                            !(wrapped(&prev.as_line(), &p.as_line(), right, false)
                                && next_left - prev.x_max < 3.0 * h)
                        }
                    },
                    (_, None) => false,
                };
            if new_row {
                row += 1;
                last_key = None;
            }
            if key_piece.is_some() {
                last_key = key_piece;
            }
            out.push(vec![row; band.len()]);
        }
        out
    }

    /// [`Table::rows_at_top`] for cells centred down their row, which many
    /// division tables are printed with: each number of the 序号 column is
    /// at the middle of its row, and so is each cell's text. Down each
    /// column, a cell's lines start at or above its row's middle and end as
    /// far below it as they start above. A row broken by a page is printed
    /// from the top of each part: at the next page's top, a column whose
    /// last line reached its right edge goes on with the row before.
    fn rows_centred(&self, number: usize) -> Vec<Vec<usize>> {
        let first = self.rows_centred_with(number, &[]);
        // A row broken by the page is printed from the top of its part: none
        // of its lines above its number.
        let middles = self.middles(number);
        let mut highest = vec![f64::INFINITY; middles.len()];
        for ((band, page), rows) in self.bands.iter().zip(&first) {
            for ((_, q), &row) in band.iter().zip(rows) {
                if let Some(top) = highest.get_mut(row).filter(|_| middles[row].0 == *page) {
                    *top = top.min((q.y_min + q.y_max) / 2.0 + 0.5 * height_of(q.height));
                }
            }
        }
        let broken: Vec<usize> = (0..middles.len())
            .filter(|&row| highest[row] >= middles[row].1)
            .collect();
        self.rows_centred_with(number, &broken)
    }

    /// The rows' middles: where their numbers are printed (page, y, row).
    fn middles(&self, number: usize) -> Vec<(u32, f64, usize)> {
        let mut middles: Vec<(u32, f64, usize)> = Vec::new();
        for (band, page) in &self.bands {
            for (c, p) in band {
                if *c == number && is_row_number(&p.text) {
                    middles.push((*page, (p.y_min + p.y_max) / 2.0, middles.len()));
                }
            }
        }
        middles
    }

    /// [`Table::rows_centred`], the rows in `broken` allowed to go on at the
    /// next page's top.
    fn rows_centred_with(&self, number: usize, broken: &[usize]) -> Vec<Vec<usize>> {
        let middles = self.middles(number);
        let mut out: Vec<Vec<usize>> = self
            .bands
            .iter()
            .map(|(band, _)| vec![0; band.len()])
            .collect();
        let columns = self.header.len();
        for column in 0..columns {
            let right = self
                .bands
                .iter()
                .flat_map(|(band, _)| band)
                .filter(|(c, _)| *c == column)
                .map(|(_, p)| p.x_max)
                .fold(f64::NEG_INFINITY, f64::max);
            let full = |p: &Piece| p.x_max >= right - 1.5 * height_of(p.height);
            // The row whose cell is being read, and that cell's top.
            let mut k = 0;
            let mut top: Option<f64> = None;
            let mut page_now = 0;
            // The column's last line and its row.
            let mut previous: Option<(&Piece, usize)> = None;
            // The row a cell broken by the page goes on with.
            let mut going_on: Option<usize> = None;
            // The middle of the first row started on the page.
            let mut first_middle: Option<f64> = None;
            for (b, (band, page)) in self.bands.iter().enumerate() {
                if *page != page_now {
                    // A new page: its first cell starts afresh, at the
                    // first row printed on it or the last before it.
                    page_now = *page;
                    top = None;
                    k = middles
                        .iter()
                        .position(|m| m.0 == *page)
                        .or_else(|| middles.iter().rposition(|m| m.0 < *page))
                        .unwrap_or(0);
                    // Only the row the page broke (the last started before
                    // it) goes on, above the first row started on this page.
                    let last_row = middles.iter().rev().find(|m| m.0 < *page).map(|m| m.2);
                    going_on = previous
                        .filter(|(p, row)| {
                            full(p) && Some(*row) == last_row && broken.contains(row)
                        })
                        .map(|(_, row)| row);
                    first_middle = middles.iter().find(|m| m.0 == *page).map(|m| m.1);
                }
                for (i, (c, p)) in band.iter().enumerate() {
                    if *c != column {
                        continue;
                    }
                    let above = |p: &Piece| {
                        first_middle.is_none_or(|middle| {
                            (p.y_min + p.y_max) / 2.0 < middle - 0.5 * height_of(p.height)
                        })
                    };
                    if let Some(row) = going_on.filter(|_| above(p)) {
                        out[b][i] = row;
                        going_on = Some(row).filter(|_| full(p));
                        previous = Some((p, row));
                        continue;
                    }
                    let h = height_of(p.height);
                    let centre = (p.y_min + p.y_max) / 2.0;
                    while let Some(&(at, middle, row)) = middles.get(k) {
                        let last = k + 1 >= middles.len() || middles[k + 1].0 != at;
                        let fits = at == *page
                            && match top {
                                None => p.y_min <= middle + 0.25 * h,
                                Some(top) => centre <= 2.0 * middle - top,
                            };
                        if fits || last || at != *page {
                            if top.is_none() {
                                top = Some(p.y_min);
                            }
                            out[b][i] = row;
                            previous = Some((p, row));
                            break;
                        }
                        k += 1;
                        top = None;
                    }
                }
            }
        }
        out
    }

    /// The table's rows, the header first, each with the page it starts
    /// on.
    fn rows(self) -> Vec<(Vec<String>, u32)> {
        let columns = self.header.len();
        let number = self
            .header
            .iter()
            .position(|h| super::number_column(&h.text));
        let units: Vec<bool> = self
            .header
            .iter()
            .map(|h| super::unit_column(&h.text))
            .collect();
        // Centred cells: the first line below the header has no number,
        // a later one has.
        let numbered = |band: &Vec<(usize, Piece)>, n: usize| {
            band.iter().any(|(c, p)| *c == n && is_row_number(&p.text))
        };
        let centred = number.filter(|&n| {
            self.bands
                .first()
                .is_some_and(|(band, _)| !numbered(band, n))
                && self.bands.iter().any(|(band, _)| numbered(band, n))
        });
        let assigned = match centred {
            Some(n) => self.rows_centred(n),
            None => self.rows_at_top(number),
        };
        let count = assigned.iter().flatten().max().map_or(0, |r| r + 1);
        let mut rows: Vec<(Vec<String>, u32)> =
            vec![(vec![String::new(); columns], u32::MAX); count];
        for ((band, page), rows_of) in self.bands.iter().zip(&assigned) {
            for ((c, piece), &r) in band.iter().zip(rows_of) {
                let Some((cells, at)) = rows.get_mut(r) else {
                    continue;
                };
                *at = (*at).min(*page);
                let Some(cell) = cells.get_mut(*c) else {
                    continue;
                };
                if units.get(*c).copied().unwrap_or(false) && ends_unit(cell) {
                    cell.push(' ');
                }
                join(cell, &piece.text);
            }
        }
        let header = (
            self.header.iter().map(|h| h.text.clone()).collect(),
            self.page,
        );
        std::iter::once(header)
            .chain(rows.into_iter().filter(|(_, page)| *page != u32::MAX))
            .collect()
    }
}

/// What a page holds, top to bottom: text, and tables (a table that goes
/// on over the page's foot is emitted where it ends).
enum Part {
    /// Lines of running text, by their index on the page.
    Text(Vec<usize>),
    /// A table: its rows when it ends on this page.
    Table(Option<Table>),
}

/// Reads a page's tables: `open` is a table going on from the page before.
fn parts(lines: &[Line], page: u32, open: &mut Option<Table>) -> Vec<Part> {
    let pieces = pieces(lines);
    let mut parts: Vec<Part> = Vec::new();
    let mut text: Vec<usize> = Vec::new();
    let mut in_text = vec![false; lines.len()];
    let mut first_band = true;
    // Running text keeps poppler's reading order.
    let flush = |text: &mut Vec<usize>, parts: &mut Vec<Part>| {
        if !text.is_empty() {
            let mut lines = std::mem::take(text);
            lines.sort_unstable();
            parts.push(Part::Text(lines));
        }
    };
    let close = |text: &mut Vec<usize>, parts: &mut Vec<Part>, table: Option<Table>| {
        flush(text, parts);
        parts.push(Part::Table(table));
    };
    for band in bands(&pieces) {
        let band: Vec<&Piece> = band.iter().map(|&i| &pieces[i]).collect();
        let h = band.iter().map(|p| height_of(p.height)).fold(0.0, f64::max);
        let top = band.iter().map(|p| p.y_min).fold(f64::INFINITY, f64::min);
        let bottom = band.iter().map(|p| p.y_max).fold(0.0, f64::max);
        let starting = std::mem::take(&mut first_band);
        if let Some(table) = open.as_mut() {
            let new_page = table.bands.last().map_or(table.page, |b| b.1) != page;
            if new_page && starting && table.is_repeated_header(&band) {
                table.bottom = bottom;
                continue;
            }
            let columns: Option<Vec<usize>> = band.iter().map(|p| table.column(p)).collect();
            let near = new_page || top - table.bottom <= 1.5 * h;
            match columns {
                Some(columns) if near => {
                    table.bands.push((
                        columns
                            .into_iter()
                            .zip(band.iter().map(|p| (*p).clone()))
                            .collect(),
                        page,
                    ));
                    table.bottom = bottom;
                    continue;
                }
                _ => {
                    let done = open.take();
                    close(&mut text, &mut parts, done);
                }
            }
        }
        if is_header(&band) {
            flush(&mut text, &mut parts);
            *open = Some(Table {
                header: band.iter().map(|p| (*p).clone()).collect(),
                page,
                bands: Vec::new(),
                bottom,
            });
            continue;
        }
        for p in band {
            if let Some(seen) = in_text.get_mut(p.line).filter(|seen| !**seen) {
                *seen = true;
                text.push(p.line);
            }
        }
    }
    if open.is_some() {
        // Goes on (or ends) on the next page.
        close(&mut text, &mut parts, None);
    } else {
        flush(&mut text, &mut parts);
    }
    parts
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
    let mut open: Option<Table> = None;
    let emit_table = |lines: &mut Lines, table: Table| {
        lines.table_on_pages(table.rows());
    };
    for (p, page) in pages.iter().enumerate() {
        let number = u32::try_from(p + 1).unwrap_or(u32::MAX);
        let mut first = true;
        let page_lines: Vec<Line> = page.blocks.iter().flat_map(|b| b.lines.clone()).collect();
        // One column: the page's lines in reading order, between the text's
        // left edge and the page's rightmost line (poppler's blocks split a
        // paragraph where a line's spacing changes).
        let x_max = page_lines.iter().map(|l| l.x_max).fold(left, f64::max);
        for part in parts(&page_lines, number, &mut open) {
            let text_lines = match part {
                Part::Table(table) => {
                    // A table ends the paragraph before it.
                    if let Some((held, at, _)) = pending.take() {
                        lines.page = at;
                        lines.push(&held);
                    }
                    first = false;
                    if let Some(table) = table {
                        emit_table(&mut lines, table);
                    }
                    continue;
                }
                Part::Text(text_lines) => text_lines,
            };
            let column = Block {
                x_max,
                y_min: 0.0,
                y_max: 0.0,
                lines: text_lines
                    .iter()
                    .filter_map(|&i| page_lines.get(i).cloned())
                    .collect(),
            };
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
    if let Some(table) = open {
        emit_table(&mut lines, table);
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
            ..Line::default()
        }
    }

    fn block(lines: Vec<Line>) -> Block {
        Block {
            x_max: 520.0,
            lines,
            ..Block::default()
        }
    }

    fn page(number: &str, body: Vec<Block>) -> Page {
        let mut blocks = vec![block(vec![line(90.0, 220.0, "某省人民政府办公厅文件")])];
        blocks.extend(body);
        blocks.push(block(vec![line(280.0, 320.0, number)]));
        stack(Page { blocks })
    }

    /// Prints the blocks' lines one under the other.
    fn stack(mut page: Page) -> Page {
        let mut y = 60.0;
        for block in &mut page.blocks {
            block.y_min = y;
            for line in &mut block.lines {
                line.y_min = y;
                line.y_max = y + 14.0;
                y += 16.0;
            }
            block.y_max = y - 2.0;
        }
        page
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

    /// A page of `pdftotext -bbox-layout`, each line its own block, each
    /// line `(x_min, y_min, words)`, each word `(x_min, text)` 14 points
    /// high and 14 points a character wide.
    /// A line of [`bbox`]: its left edge, its top and its words.
    type BboxLine<'a> = (f64, f64, &'a [(f64, &'a str)]);

    fn bbox(lines: &[BboxLine<'_>]) -> String {
        let mut page = String::from("<html><body><doc><page width=\"595\" height=\"842\"><flow>");
        for (x, y, words) in lines {
            let right = words
                .iter()
                .map(|(x, t)| x + 14.0 * t.chars().count() as f64)
                .fold(*x, f64::max);
            page.push_str(&format!(
                "<block xMin=\"{x}\" yMin=\"{y}\" xMax=\"{right}\" yMax=\"{}\">\
                 <line xMin=\"{x}\" yMin=\"{y}\" xMax=\"{right}\" yMax=\"{}\">",
                y + 14.0,
                y + 14.0
            ));
            for (wx, text) in *words {
                page.push_str(&format!(
                    "<word xMin=\"{wx}\" yMin=\"{y}\" xMax=\"{}\" yMax=\"{}\">{text}</word>",
                    wx + 14.0 * text.chars().count() as f64,
                    y + 14.0
                ));
            }
            page.push_str("</line></block>");
        }
        page.push_str("</flow></page></doc></body></html>");
        page
    }

    #[test]
    fn a_table_is_read_as_rows_under_its_header() {
        // Columns at 72 (task, 7 characters wide), 190 (lead), 300
        // (cooperating units, one to a line), 420 (deadline); the first
        // task wraps, the second row has no cooperating unit.
        let xhtml = bbox(&[
            (72.0, 60.0, &[(72.0, "重点任务分工如下：")]),
            (
                72.0,
                80.0,
                &[
                    (72.0, "工作任务"),
                    (190.0, "牵头单位"),
                    (300.0, "配合单位"),
                    (420.0, "完成时限"),
                ],
            ),
            (
                72.0,
                96.0,
                &[
                    (72.0, "建设海洋科技创"),
                    (190.0, "省科技厅"),
                    (300.0, "省财政厅"),
                    (420.0, "2024年底"),
                ],
            ),
            (72.0, 112.0, &[(72.0, "新平台"), (300.0, "省海洋局")]),
            (
                72.0,
                128.0,
                &[
                    (72.0, "培育科技企业"),
                    (190.0, "省工业和信息化"),
                    (420.0, "长期"),
                ],
            ),
            (190.0, 144.0, &[(190.0, "厅")]),
            (
                72.0,
                180.0,
                &[(72.0, "各单位要抓好落实，按时报送工作进展情况。")],
            ),
        ]);
        let out = lay_out(parse(&xhtml));
        assert_eq!(
            out.text,
            "重点任务分工如下：\n\
             | 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 |\n\
             | 1 | 建设海洋科技创新平台 | 省科技厅 | 省财政厅 省海洋局 | 2024年底 |\n\
             | 2 | 培育科技企业 | 省工业和信息化厅 |  | 长期 |\n\
             各单位要抓好落实，按时报送工作进展情况。\n"
        );
        assert_eq!(
            out.cells.get(&3).map(String::as_str),
            Some("table 1, row 2")
        );
        assert_eq!(
            out.cells.get(&4).map(String::as_str),
            Some("table 1, row 3")
        );
        assert_eq!(out.pages, [1, 1, 1, 1, 1]);
    }

    #[test]
    fn cells_centred_down_their_rows_are_read_as_rows() {
        // Each number and cell in the middle of its row: the first task
        // has three lines around its number, the second lead unit two.
        let xhtml = bbox(&[
            (
                72.0,
                80.0,
                &[(72.0, "序号"), (120.0, "工作任务"), (260.0, "牵头单位")],
            ),
            (120.0, 96.0, &[(120.0, "建设海洋科技创")]),
            (
                80.0,
                112.0,
                &[(80.0, "1"), (120.0, "新平台，建成一"), (260.0, "省科技厅")],
            ),
            (120.0, 128.0, &[(120.0, "批实验室")]),
            (260.0, 137.0, &[(260.0, "省工业和信息化")]),
            (80.0, 144.0, &[(80.0, "2"), (120.0, "培育企业")]),
            (260.0, 151.0, &[(260.0, "厅")]),
        ]);
        let out = lay_out(parse(&xhtml));
        assert_eq!(
            out.text,
            "| 序号 | 工作任务 | 牵头单位 |\n\
             | 1 | 建设海洋科技创新平台，建成一批实验室 | 省科技厅 |\n\
             | 2 | 培育企业 | 省工业和信息化厅 |\n"
        );
    }

    #[test]
    fn plain_text_is_not_a_table() {
        // Two columns of text side by side, indented lines, and a line
        // naming a lead unit: no header of unit columns, so no table.
        let xhtml = bbox(&[
            (
                72.0,
                60.0,
                &[(72.0, "一、工作目标"), (320.0, "二、主要措施")],
            ),
            (
                72.0,
                76.0,
                &[(100.0, "加快建设创新平台，"), (320.0, "完善政策体系，")],
            ),
            (
                72.0,
                92.0,
                &[(72.0, "培育科技企业。"), (348.0, "强化资金保障。")],
            ),
            (72.0, 108.0, &[(100.0, "（牵头单位：省科技厅）")]),
        ]);
        let out = lay_out(parse(&xhtml));
        assert!(out.cells.is_empty(), "{:?}", out.cells);
        assert!(!out.text.contains('|'), "{}", out.text);
        assert!(out.text.contains("（牵头单位：省科技厅）"), "{}", out.text);
    }

    #[test]
    fn odd_tables_do_not_panic() {
        // A header alone; a header with empty cells below; a row with a
        // cell left of the first column and right of the last.
        let header: &[(f64, &str)] = &[(72.0, "工作任务"), (190.0, "牵头单位")];
        let alone = lay_out(parse(&bbox(&[(72.0, 80.0, header)])));
        assert_eq!(alone.text, "| 序号 | 工作任务 | 牵头单位 |\n");
        let wide = lay_out(parse(&bbox(&[
            (72.0, 80.0, header),
            (
                10.0,
                96.0,
                &[
                    (10.0, "甲"),
                    (72.0, "任务"),
                    (190.0, "省科技厅"),
                    (500.0, "乙"),
                ],
            ),
            (72.0, 112.0, &[(72.0, "")]),
        ])));
        assert!(wide.text.contains("省科技厅"), "{}", wide.text);
        assert_eq!(lay_out(parse(&bbox(&[]))).text, "");
        assert_eq!(lay_out(parse("<page><flow><block><line><word>")).text, "");
    }
}
