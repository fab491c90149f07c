//! Word files (`.docx`) → lines: paragraphs and tables in reading order.
//!
//! A .docx is a ZIP of XML parts; the text is `word/document.xml`. Each
//! paragraph becomes a line, each table `|`-separated rows (cells that span
//! columns or continue the cell above are filled in). Numbers that Word
//! generates for a numbered list (`w:numPr`, on the paragraph or its style)
//! are not in the text: they are computed from `word/numbering.xml` as
//! Word counts them (per list, deeper levels restarting) and written out,
//! so `1.`, `（一）` and `一、` reach the structure reader as if typed.
//! Bullets carry no number and are dropped. Headers, footers, footnotes
//! and comments are other parts and are not read; deleted revisions and
//! field codes are not text.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{Extracted, Grid, Lines};
use crate::ingest::IngestError;

fn unreadable(file: &str, reason: impl std::fmt::Display) -> IngestError {
    IngestError::Unreadable {
        file: file.to_string(),
        format: "Word file",
        reason: reason.to_string(),
    }
}

/// One part of the archive as text, `None` when the archive lacks it.
fn part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    file: &str,
    name: &str,
) -> Result<Option<String>, IngestError> {
    let mut entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(unreadable(file, e)),
    };
    // A part is XML of a few MB; a larger one is a ZIP bomb, not a plan.
    let mut text = String::new();
    (&mut entry)
        .take(super::super::MAX_PART_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| unreadable(file, format!("{name}: {e}")))?;
    Ok(Some(text))
}

pub fn extract(file: &str, bytes: &[u8]) -> Result<Extracted, IngestError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(file, e))?;
    let Some(document) = part(&mut archive, file, "word/document.xml")? else {
        return Err(unreadable(
            file,
            "a ZIP archive without word/document.xml (not a Word file)",
        ));
    };
    let numbering = match part(&mut archive, file, "word/numbering.xml")? {
        Some(xml) => Numbering::parse(&xml),
        None => Numbering::default(),
    };
    let styles = match part(&mut archive, file, "word/styles.xml")? {
        Some(xml) => style_numbering(&xml),
        None => HashMap::new(),
    };
    read_document(file, &document, numbering, &styles)
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// The `w:val` (or any `…:val`) attribute of an element.
fn val(e: &BytesStart<'_>) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (local(a.key.as_ref()) == b"val").then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (local(a.key.as_ref()) == name).then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    start_overrides: HashMap<usize, u32>,
}

/// `word/numbering.xml`: the list definitions and the lists using them.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, Num>,
    /// Per list: each level's current number, `None` until it is used.
    counters: HashMap<String, [Option<u32>; 9]>,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut numbering = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut num: Option<(String, Num)> = None;
        let mut override_level: Option<usize> = None;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(event) => event,
            };
            let (e, empty) = match &event {
                Event::Start(e) => (e.clone(), false),
                Event::Empty(e) => (e.clone(), true),
                Event::End(e) => {
                    match local(e.name().as_ref()) {
                        b"lvl" => {
                            if let (Some(id), Some((i, l))) = (&abstract_id, level.take()) {
                                let levels = numbering.abstracts.entry(id.clone()).or_default();
                                if levels.len() <= i {
                                    levels.resize(i + 1, Level::default());
                                }
                                levels[i] = l;
                            }
                        }
                        b"abstractNum" => abstract_id = None,
                        b"num" => {
                            if let Some((id, n)) = num.take() {
                                numbering.nums.insert(id, n);
                            }
                        }
                        b"lvlOverride" => override_level = None,
                        _ => {}
                    }
                    continue;
                }
                _ => continue,
            };
            match local(e.name().as_ref()) {
                b"abstractNum" if !empty => abstract_id = attr(&e, b"abstractNumId"),
                b"lvl" if !empty => {
                    let i = attr(&e, b"ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    level = Some((
                        i,
                        Level {
                            start: 1,
                            format: "decimal".into(),
                            text: String::new(),
                        },
                    ));
                }
                b"start" => {
                    let n = val(&e).and_then(|v| v.parse().ok()).unwrap_or(1);
                    if let Some((_, l)) = &mut level {
                        l.start = n;
                    }
                }
                b"numFmt" => {
                    if let (Some((_, l)), Some(v)) = (&mut level, val(&e)) {
                        l.format = v;
                    }
                }
                b"lvlText" => {
                    if let (Some((_, l)), Some(v)) = (&mut level, val(&e)) {
                        l.text = v;
                    }
                }
                b"num" if !empty => {
                    if let Some(id) = attr(&e, b"numId") {
                        num = Some((id, Num::default()));
                    }
                }
                b"abstractNumId" => {
                    if let (Some((_, n)), Some(v)) = (&mut num, val(&e)) {
                        n.abstract_id = v;
                    }
                }
                b"lvlOverride" => {
                    override_level = attr(&e, b"ilvl").and_then(|v| v.parse().ok());
                }
                b"startOverride" => {
                    if let (Some((_, n)), Some(i), Some(v)) = (
                        &mut num,
                        override_level,
                        val(&e).and_then(|v| v.parse().ok()),
                    ) {
                        n.start_overrides.insert(i, v);
                    }
                }
                _ => {}
            }
        }
        numbering
    }

    /// The label of the next paragraph of list `num_id` at level `ilvl`,
    /// counting it; `None` when the list is not defined.
    fn next_label(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        let num = self.nums.get(num_id)?;
        let levels = self.abstracts.get(&num.abstract_id)?;
        let ilvl = ilvl.min(8);
        let start = |i: usize| {
            num.start_overrides
                .get(&i)
                .copied()
                .or_else(|| levels.get(i).map(|l| l.start))
                .unwrap_or(1)
        };
        let counters = self.counters.entry(num_id.to_string()).or_default();
        counters[ilvl] = Some(match counters[ilvl] {
            Some(n) => n + 1,
            None => start(ilvl),
        });
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = None;
        }
        let level = levels.get(ilvl)?;
        if matches!(level.format.as_str(), "bullet" | "none") {
            return Some(String::new());
        }
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let i = (d as usize).saturating_sub(1).min(8);
                    let n = counters[i].unwrap_or_else(|| start(i));
                    let format = levels.get(i).map_or("decimal", |l| l.format.as_str());
                    label.push_str(&format_number(n, format));
                    continue;
                }
            }
            label.push(c);
        }
        Some(label)
    }
}

/// A number as a list level format prints it.
fn format_number(n: u32, format: &str) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let chinese = |n: u32| -> String {
        match n {
            0..=9 => DIGITS[n as usize].to_string(),
            10..=19 => format!(
                "十{}",
                if n > 10 {
                    DIGITS[(n - 10) as usize].to_string()
                } else {
                    String::new()
                }
            ),
            20..=99 => format!(
                "{}十{}",
                DIGITS[(n / 10) as usize],
                if !n.is_multiple_of(10) {
                    DIGITS[(n % 10) as usize].to_string()
                } else {
                    String::new()
                }
            ),
            _ => n.to_string(),
        }
    };
    let letters = |n: u32, base: u8| -> String {
        let n = n.max(1) - 1;
        let letter = (base + (n % 26) as u8) as char;
        std::iter::repeat_n(letter, (n / 26) as usize + 1).collect()
    };
    let roman = |mut n: u32| -> String {
        const TABLE: [(u32, &str); 13] = [
            (1000, "m"),
            (900, "cm"),
            (500, "d"),
            (400, "cd"),
            (100, "c"),
            (90, "xc"),
            (50, "l"),
            (40, "xl"),
            (10, "x"),
            (9, "ix"),
            (5, "v"),
            (4, "iv"),
            (1, "i"),
        ];
        let mut out = String::new();
        for (value, numeral) in TABLE {
            while n >= value {
                out.push_str(numeral);
                n -= value;
            }
        }
        out
    };
    // A hostile start value would make letters or numerals run for pages.
    if n > 10_000 {
        return n.to_string();
    }
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "chineseLegalSimplified"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese(n),
        "ideographDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| DIGITS[d.to_digit(10).unwrap_or(0) as usize])
            .collect(),
        "ideographTraditional" => ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸']
            .get((n.max(1) - 1) as usize)
            .map_or_else(|| n.to_string(), |c| c.to_string()),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or_else(|| n.to_string(), |c| c.to_string())
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(0xFF10 + d.to_digit(10).unwrap_or(0)).unwrap_or(d))
            .collect(),
        "decimalZero" => format!("{n:02}"),
        "lowerLetter" => letters(n, b'a'),
        "upperLetter" => letters(n, b'A'),
        "lowerRoman" => roman(n),
        "upperRoman" => roman(n).to_uppercase(),
        _ => n.to_string(),
    }
}

/// The list each paragraph style numbers its paragraphs with (a heading
/// style that numbers its headings), by style id.
fn style_numbering(xml: &str) -> HashMap<String, (String, usize)> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut style: Option<String> = None;
    let mut num: (Option<String>, usize) = (None, 0);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(e)) if local(e.name().as_ref()) == b"style" => {
                style = attr(&e, b"styleId");
                num = (None, 0);
            }
            Ok(Event::Start(e) | Event::Empty(e)) => match local(e.name().as_ref()) {
                b"numId" => num.0 = val(&e),
                b"ilvl" => num.1 = val(&e).and_then(|v| v.parse().ok()).unwrap_or(0),
                _ => {}
            },
            Ok(Event::End(e)) if local(e.name().as_ref()) == b"style" => {
                if let (Some(id), (Some(n), level)) = (style.take(), num.clone()) {
                    out.insert(id, (n, level));
                }
            }
            _ => {}
        }
    }
    out
}

/// A paragraph being read.
#[derive(Default)]
struct Paragraph {
    text: String,
    num_id: Option<String>,
    ilvl: Option<usize>,
    style: Option<String>,
}

/// A table cell being read.
#[derive(Default)]
struct Cell {
    paragraphs: Vec<String>,
    span: usize,
    continues: bool,
}

fn read_document(
    file: &str,
    xml: &str,
    mut numbering: Numbering,
    styles: &HashMap<String, (String, usize)>,
) -> Result<Extracted, IngestError> {
    let mut reader = Reader::from_str(xml);
    let mut lines = Lines::new("DOCX");
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut in_text = false;
    // Depth of elements whose content is not the document's text (the
    // fallback copy of a text box, deleted revisions, field codes).
    let mut skipping = 0usize;
    let mut table_depth = 0usize;
    let mut grid = Grid::new();
    let mut cell: Option<Cell> = None;
    let mut undefined_lists = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| unreadable(file, format!("word/document.xml: {e}")))?;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let name = local(e.name().as_ref()).to_vec();
                if skipping > 0 || matches!(name.as_slice(), b"Fallback" | b"del" | b"instrText") {
                    skipping += 1;
                    continue;
                }
                match name.as_slice() {
                    b"p" => paragraphs.push(Paragraph::default()),
                    b"t" => in_text = true,
                    b"tbl" => {
                        table_depth += 1;
                        if table_depth == 1 {
                            grid = Grid::new();
                        }
                    }
                    b"tr" if table_depth == 1 => grid.start_row(),
                    b"tc" if table_depth == 1 => {
                        cell = Some(Cell {
                            span: 1,
                            ..Default::default()
                        })
                    }
                    _ => property(&e, &name, &mut paragraphs, &mut cell),
                }
            }
            Event::Empty(e) => {
                if skipping > 0 {
                    continue;
                }
                let name = local(e.name().as_ref()).to_vec();
                match name.as_slice() {
                    b"tab" => {
                        if let Some(p) = paragraphs.last_mut() {
                            p.text.push(' ');
                        }
                    }
                    b"br" | b"cr" => {
                        let page = attr(&e, b"type").is_some_and(|t| t != "textWrapping");
                        if let (Some(p), false) = (paragraphs.last_mut(), page) {
                            p.text.push('\n');
                        }
                    }
                    b"p" => {}
                    _ => property(&e, &name, &mut paragraphs, &mut cell),
                }
            }
            Event::Text(t) if in_text && skipping == 0 => {
                if let Some(p) = paragraphs.last_mut() {
                    let text = t
                        .unescape()
                        .map_err(|e| unreadable(file, format!("word/document.xml: {e}")))?;
                    p.text.push_str(&text);
                }
            }
            Event::End(e) => {
                if skipping > 0 {
                    skipping -= 1;
                    continue;
                }
                match local(e.name().as_ref()) {
                    b"t" => in_text = false,
                    b"p" => {
                        let Some(p) = paragraphs.pop() else { continue };
                        let list =
                            p.num_id
                                .clone()
                                .map(|n| (n, p.ilvl.unwrap_or(0)))
                                .or_else(|| {
                                    p.style
                                        .as_ref()
                                        .and_then(|s| styles.get(s))
                                        .map(|(n, l)| (n.clone(), p.ilvl.unwrap_or(*l)))
                                });
                        let mut text = p.text;
                        if let Some((num_id, ilvl)) = list.filter(|(n, _)| n != "0") {
                            match numbering.next_label(&num_id, ilvl) {
                                Some(label) => text = join_label(&label, &text),
                                None => undefined_lists += 1,
                            }
                        }
                        match (&mut cell, table_depth) {
                            (Some(c), 1..) => c.paragraphs.push(text),
                            _ => lines.paragraph(&text),
                        }
                    }
                    b"tc" if table_depth == 1 => {
                        if let Some(c) = cell.take() {
                            if c.continues {
                                grid.continue_above(c.span);
                            } else {
                                let text: Vec<&str> = c
                                    .paragraphs
                                    .iter()
                                    .map(|p| p.trim())
                                    .filter(|p| !p.is_empty())
                                    .collect();
                                grid.cell(text.join(" "), c.span, 1);
                            }
                        }
                    }
                    b"tbl" => {
                        table_depth = table_depth.saturating_sub(1);
                        if table_depth == 0 {
                            lines.table(std::mem::replace(&mut grid, Grid::new()).into_rows());
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if undefined_lists > 0 {
        lines.note(
            crate::model::Severity::Warning,
            format!(
                "{undefined_lists} numbered paragraphs use a list that word/numbering.xml does \
                 not define; they are read without their numbers"
            ),
        );
    }
    let mut out = lines.finish();
    // The note concerns the whole file.
    for note in &mut out.notes {
        note.0 = 0;
    }
    Ok(out)
}

/// A paragraph or cell property.
fn property(
    e: &BytesStart<'_>,
    name: &[u8],
    paragraphs: &mut [Paragraph],
    cell: &mut Option<Cell>,
) {
    match name {
        b"numId" => {
            if let Some(p) = paragraphs.last_mut() {
                p.num_id = val(e);
            }
        }
        b"ilvl" => {
            if let Some(p) = paragraphs.last_mut() {
                p.ilvl = val(e).and_then(|v| v.parse().ok());
            }
        }
        b"pStyle" => {
            if let Some(p) = paragraphs.last_mut() {
                p.style = val(e);
            }
        }
        b"gridSpan" => {
            if let Some(c) = cell {
                c.span = val(e).and_then(|v| v.parse().ok()).unwrap_or(1);
            }
        }
        b"vMerge" => {
            if let Some(c) = cell {
                c.continues = val(e).is_none_or(|v| v == "continue");
            }
        }
        _ => {}
    }
}

/// A list label before its paragraph: `1.` + `推进…` → `1.推进…`, with a
/// space only between two Latin letters or digits.
fn join_label(label: &str, text: &str) -> String {
    let text = text.trim_start();
    if label.is_empty() {
        return text.to_string();
    }
    let space = label
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    format!("{label}{}{text}", if space { " " } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted_as_word_prints_them() {
        assert_eq!(format_number(3, "chineseCounting"), "三");
        assert_eq!(format_number(10, "chineseCounting"), "十");
        assert_eq!(format_number(12, "chineseCountingThousand"), "十二");
        assert_eq!(format_number(21, "chineseCounting"), "二十一");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(7, "decimal"), "7");
        // A hostile start value stays one number, not pages of letters.
        assert_eq!(format_number(4_000_000_000, "lowerLetter"), "4000000000");
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>"#;

    #[test]
    fn list_numbers_count_per_list_and_restart_below() {
        let mut n = Numbering::parse(NUMBERING);
        let labels: Vec<String> = [
            (0, "1"),
            (1, "1"),
            (2, "1"),
            (2, "1"),
            (1, "1"),
            (2, "1"),
            (0, "1"),
            (2, "2"),
        ]
        .iter()
        .map(|(level, list)| n.next_label(list, *level).unwrap())
        .collect();
        assert_eq!(
            labels,
            ["一、", "（一）", "1.", "2.", "（二）", "1.", "二、", "5."]
        );
        assert_eq!(n.next_label("9", 0), None);
    }

    #[test]
    fn paragraphs_tables_and_numbers_in_reading_order() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
<w:p><w:r><w:t>某省行动方案</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>重点任务</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">推进科技</w:t></w:r><w:del><w:r><w:delText>删掉</w:delText></w:r></w:del><w:r><w:t>创新。（牵头单位：省科技厅）</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>任务</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>牵头单位</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>配合单位</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>建设实验室</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>省科技厅</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>省财政厅</w:t></w:r></w:p><w:p><w:r><w:t>省教育厅</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>培育人才</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>省人力资源社会保障厅</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document>"#;
        let out =
            read_document("a.docx", xml, Numbering::parse(NUMBERING), &HashMap::new()).unwrap();
        assert_eq!(
            out.text,
            "某省行动方案\n一、重点任务\n1.推进科技创新。（牵头单位：省科技厅）\n\
             | 序号 | 任务 | 牵头单位 | 配合单位 |\n\
             | 1 | 建设实验室 | 省科技厅 | 省财政厅 省教育厅 |\n\
             | 2 | 培育人才 | 省科技厅 | 省人力资源社会保障厅 |\n"
        );
        assert_eq!(
            out.cells.get(&6).map(String::as_str),
            Some("table 1, row 3")
        );
    }
}
