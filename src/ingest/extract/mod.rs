//! Published formats → the line-oriented text the rest of the ingest reads.
//!
//! Plans are published as web pages, Word files and PDFs. Each is turned
//! into plain lines here, so `segment`, `structure` and the attribution
//! grammar see one kind of input whatever the format, and each line keeps
//! where a person finds it: the PDF page it is printed on, the table row
//! it came from ([`Extracted::pages`], [`Extracted::cells`]).
//!
//! * **HTML** (`html`): the article body only, chosen by the page's
//!   structure; tables become `|`-separated rows, which `table` reads.
//! * **Word** (`docx`): paragraphs and tables in reading order, with the
//!   numbers Word generates for numbered lists written out.
//! * **PDF** (`pdf`): poppler's `pdftotext`, when installed, gives the words
//!   with their positions; running headers, footers and page numbers are
//!   dropped by their repetition and position.
//! * Anything else is decoded as text (`decode`).
//!
//! The format is told by the bytes (a PDF or ZIP signature, an HTML
//! start), and by the file name only where the bytes are ambiguous. The
//! PDF reader is the one place in the ingest that runs a program; the
//! others are pure.

mod docx;
mod html;
mod pdf;

use std::collections::BTreeMap;

use super::{decode, IngestError};
use crate::model::Severity;

/// A document as the text the ingest reads, with the places its lines
/// came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    pub text: String,
    /// The encoding the text was decoded from (`UTF-8`, `GB18030`…).
    pub encoding: &'static str,
    /// `HTML`, `DOCX`, `PDF`, or `None` for a text document.
    pub format: Option<&'static str>,
    /// The page each line is printed on (index: line − 1); empty when the
    /// document has no pages.
    pub pages: Vec<u32>,
    /// The table cell a line came from (`table 2, row 5`), by 1-based line.
    pub cells: BTreeMap<usize, String>,
    /// What the reader could not understand, by 1-based line (0: the file).
    pub notes: Vec<(usize, Severity, String)>,
}

impl Extracted {
    /// The page line `line` (1-based) is printed on.
    pub fn page(&self, line: usize) -> Option<u32> {
        line.checked_sub(1).and_then(|i| self.pages.get(i)).copied()
    }
}

/// The formats a document can arrive in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Docx,
    Pdf,
}

/// The file name extensions of the documents a directory is read for.
pub const EXTENSIONS: [&str; 5] = ["txt", "html", "htm", "docx", "pdf"];

pub fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The format of a document, by its bytes first.
pub fn format_of(name: &str, bytes: &[u8]) -> Format {
    if bytes.starts_with(b"%PDF-") {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Format::Docx;
    }
    match extension(name).as_str() {
        "html" | "htm" | "xhtml" => return Format::Html,
        "txt" | "md" => return Format::Text,
        _ => {}
    }
    let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(512)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(14)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        Format::Html
    } else {
        Format::Text
    }
}

/// What a file that is not a document of a known format is, when its
/// first bytes say so: a name for the warning that skips it.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 10] = [
        (
            b"\xD0\xCF\x11\xE0",
            "an old Word/Excel file (save it as .docx)",
        ),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x7FELF", "a program"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"{\\rtf", "an RTF file"),
        (b"PK\x03\x04", "a ZIP archive"),
    ];
    if let Some((_, kind)) = SIGNATURES.iter().find(|(s, _)| bytes.starts_with(s)) {
        return Some(kind);
    }
    let head = &bytes[..bytes.len().min(8192)];
    (decode::utf16_encoding(head).is_none() && head.contains(&0)).then_some("binary data")
}

/// Turns one document into text.
pub fn extract(name: &str, bytes: &[u8]) -> Result<Extracted, IngestError> {
    match format_of(name, bytes) {
        // Named as a Word file or PDF but not one: never read as text.
        Format::Text if matches!(extension(name).as_str(), "docx" | "pdf" | "doc") => {
            Err(IngestError::Unreadable {
                file: name.to_string(),
                format: if extension(name) == "pdf" {
                    "PDF"
                } else {
                    "Word file"
                },
                reason: format!(
                    "it is {}",
                    binary_kind(bytes).unwrap_or("text, not a file of that format")
                ),
            })
        }
        Format::Text => {
            let decoded = decode::decode(name, bytes)?;
            Ok(Extracted {
                text: decoded.text,
                encoding: decoded.encoding,
                ..Default::default()
            })
        }
        Format::Html => {
            let decoded = decode::decode(name, bytes)?;
            let mut out = html::extract(&decoded.text);
            out.encoding = decoded.encoding;
            finish(name, out)
        }
        Format::Docx => finish(name, docx::extract(name, bytes)?),
        Format::Pdf => finish(name, pdf::extract(name, bytes)?),
    }
}

/// The checks every extracted text passes.
fn finish(name: &str, out: Extracted) -> Result<Extracted, IngestError> {
    if out.text.trim().is_empty() {
        return Err(match out.format {
            Some("PDF") => IngestError::NoTextLayer {
                file: name.to_string(),
            },
            Some("HTML") => IngestError::Unreadable {
                file: name.to_string(),
                format: "web page",
                reason: "it has no text outside navigation, link lists, forms and scripts"
                    .to_string(),
            },
            _ => IngestError::Empty {
                file: name.to_string(),
            },
        });
    }
    Ok(out)
}

/// Builds an extracted text line by line.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    out: Extracted,
    lines: usize,
    page: u32,
    tables: usize,
}

impl Lines {
    fn new(format: &'static str) -> Lines {
        Lines {
            out: Extracted {
                format: Some(format),
                encoding: "UTF-8",
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// Appends one line, its whitespace trimmed; empty lines are dropped
    /// (every paragraph is a line, as in the plain texts).
    fn push(&mut self, line: &str) -> usize {
        let line = line.trim_matches(|c: char| c.is_whitespace());
        if line.is_empty() {
            return self.lines;
        }
        self.out.text.push_str(line);
        self.out.text.push('\n');
        self.lines += 1;
        if self.page > 0 {
            self.out.pages.push(self.page);
        }
        self.lines
    }

    /// A paragraph: each of its lines (Word's line breaks) on a line.
    fn paragraph(&mut self, text: &str) {
        for line in text.split('\n') {
            if !line.trim().is_empty() {
                self.push(line);
            }
        }
    }

    fn note(&mut self, severity: Severity, message: String) {
        let line = self.lines + 1;
        self.out.notes.push((line, severity, message));
    }

    /// A table as `|`-separated rows under its header row (caption rows
    /// above it become text). A table without a 序号 column gets one (the
    /// table grammar finds rows by their number), numbered below the header.
    fn table(&mut self, grid: Vec<Vec<String>>) {
        let page = self.page;
        self.table_on_pages(grid.into_iter().map(|row| (row, page)).collect());
    }

    /// [`Lines::table`] with the page each row is printed on (a PDF table
    /// may go on over several pages).
    fn table_on_pages(&mut self, grid: Vec<(Vec<String>, u32)>) {
        let (grid, pages): (Vec<Vec<String>>, Vec<u32>) = grid
            .into_iter()
            .map(|(row, page)| {
                let row = row
                    .into_iter()
                    .map(|cell| {
                        cell.split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                            .replace('|', "｜")
                    })
                    .collect::<Vec<String>>();
                (row, page)
            })
            .filter(|(row, _)| row.iter().any(|c| !c.is_empty()))
            .unzip();
        if grid.is_empty() {
            return;
        }
        self.tables += 1;
        let columns = grid.iter().map(Vec::len).max().unwrap_or(0);
        if columns < 2 {
            // One column: a box around text, not a table of tasks.
            for (row, page) in grid.iter().zip(&pages) {
                self.page = *page;
                self.paragraph(&row.join("\n"));
            }
            return;
        }
        // The header: the first of the first rows that names a column of
        // units or a number column; rows above it (a caption spanning the
        // table) are text.
        let names_columns = |row: &Vec<String>| row.iter().any(|cell| names_column(cell));
        let header = grid.iter().take(3).position(names_columns).unwrap_or(0);
        for (row, page) in grid[..header].iter().zip(&pages) {
            self.page = *page;
            let mut seen: Vec<&str> = Vec::new();
            for cell in row {
                if !cell.is_empty() && !seen.contains(&cell.as_str()) {
                    seen.push(cell);
                    self.push(cell);
                }
            }
        }
        let numbered = grid[header].iter().any(|c| number_column(c));
        for (r, (row, page)) in grid.iter().zip(&pages).enumerate().skip(header) {
            let mut cells = row.clone();
            if !numbered {
                cells.insert(
                    0,
                    if r == header {
                        "序号".into()
                    } else {
                        (r - header).to_string()
                    },
                );
            }
            self.page = *page;
            let line = self.push(&format!("| {} |", cells.join(" | ")));
            self.out
                .cells
                .insert(line, format!("table {}, row {}", self.tables, r + 1));
        }
    }

    fn finish(self) -> Extracted {
        self.out
    }
}

fn squeeze(cell: &str) -> String {
    cell.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A table's number column (`序号`), by its header cell.
pub(crate) fn number_column(cell: &str) -> bool {
    matches!(squeeze(cell).as_str(), "序号" | "編號" | "编号" | "序號")
}

/// A column of units (`牵头单位`, `配合单位`, `责任部门`…), by its header
/// cell.
pub(crate) fn unit_column(cell: &str) -> bool {
    let name = squeeze(cell);
    name.chars().count() <= 10
        && (name.ends_with("单位")
            || name.ends_with("部门")
            || name.ends_with("單位")
            || name.contains("牵头")
            || name.contains("牽頭"))
}

/// Whether a header cell names a column of a task table.
pub(crate) fn names_column(cell: &str) -> bool {
    number_column(cell) || unit_column(cell)
}

/// Lays out a table's rows on a grid: a cell spanning columns fills each
/// of them, one spanning rows is repeated in each row (a lead unit printed
/// once for three rows leads all three).
pub(crate) struct Grid {
    rows: Vec<Vec<Option<String>>>,
    /// The row being filled.
    current: Option<usize>,
    /// Cells placed so far: spans stop spanning past [`Grid::MAX_CELLS`]
    /// (a hostile table of huge spans would otherwise fill the memory).
    cells: usize,
}

impl Grid {
    pub(crate) fn new() -> Grid {
        Grid {
            rows: Vec::new(),
            current: None,
            cells: 0,
        }
    }

    const MAX_CELLS: usize = 1 << 20;

    pub(crate) fn start_row(&mut self) {
        let r = self.current.map_or(0, |r| r + 1);
        while self.rows.len() <= r {
            self.rows.push(Vec::new());
        }
        self.current = Some(r);
    }

    /// Places a cell in the current row at the first free column.
    pub(crate) fn cell(&mut self, text: String, colspan: usize, rowspan: usize) {
        if self.current.is_none() {
            self.start_row();
        }
        let r = self.current.unwrap_or(0);
        let c = self.rows[r].iter().take_while(|c| c.is_some()).count();
        let (rowspan, colspan) = if self.cells > Self::MAX_CELLS {
            (1, 1)
        } else {
            (rowspan, colspan)
        };
        self.cells += rowspan.clamp(1, 1000) * colspan.clamp(1, 100);
        for dr in 0..rowspan.clamp(1, 1000) {
            while self.rows.len() <= r + dr {
                self.rows.push(Vec::new());
            }
            for dc in 0..colspan.clamp(1, 100) {
                let row = &mut self.rows[r + dr];
                while row.len() <= c + dc {
                    row.push(None);
                }
                row[c + dc] = Some(text.clone());
            }
        }
    }

    /// A cell that continues the one above it (Word's vertical merge).
    pub(crate) fn continue_above(&mut self, colspan: usize) {
        let Some(r) = self.current else {
            return;
        };
        let c = self.rows[r].iter().take_while(|c| c.is_some()).count();
        let above = r
            .checked_sub(1)
            .and_then(|a| self.rows[a].get(c).cloned().flatten())
            .unwrap_or_default();
        self.cell(above, colspan, 1);
    }

    pub(crate) fn into_rows(self) -> Vec<Vec<String>> {
        self.rows
            .into_iter()
            .map(|row| row.into_iter().map(Option::unwrap_or_default).collect())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_bytes_then_name() {
        assert_eq!(format_of("a.bin", b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(format_of("a.txt", b"PK\x03\x04rest"), Format::Docx);
        assert_eq!(format_of("a.htm", "一、目标".as_bytes()), Format::Html);
        assert_eq!(format_of("page", b"  <!DOCTYPE HTML><html>"), Format::Html);
        assert_eq!(format_of("a.txt", "<html>".as_bytes()), Format::Text);
        assert_eq!(format_of("a.txt", "一、目标".as_bytes()), Format::Text);
    }

    #[test]
    fn binary_files_are_named() {
        assert_eq!(binary_kind(b"\x89PNG\r\n"), Some("a PNG image"));
        assert_eq!(binary_kind(b"ab\0cd"), Some("binary data"));
        assert_eq!(binary_kind("一、目标".as_bytes()), None);
    }

    #[test]
    fn a_page_of_navigation_only_is_refused_saying_so() {
        let page = "<html><body><nav><a href=/>首页</a></nav><ul><li><a href=/a>政务公开</a></li></ul></body></html>";
        let err = extract("menu.html", page.as_bytes()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "menu.html cannot be read as a web page: it has no text outside navigation, link \
             lists, forms and scripts"
        );
        let err = extract("plan.docx", b"\x89PNG\r\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "plan.docx cannot be read as a Word file: it is a PNG image"
        );
    }

    #[test]
    fn spanning_cells_fill_the_grid() {
        let mut grid = Grid::new();
        grid.start_row();
        grid.cell("序号".into(), 1, 1);
        grid.cell("任务".into(), 1, 1);
        grid.cell("牵头单位".into(), 1, 1);
        grid.start_row();
        grid.cell("1".into(), 1, 1);
        grid.cell("甲".into(), 1, 1);
        grid.cell("省科技厅".into(), 1, 2);
        grid.start_row();
        grid.cell("2".into(), 1, 1);
        grid.cell("乙".into(), 1, 1);
        assert_eq!(
            grid.into_rows(),
            [
                ["序号", "任务", "牵头单位"],
                ["1", "甲", "省科技厅"],
                ["2", "乙", "省科技厅"]
            ]
        );
    }
}
