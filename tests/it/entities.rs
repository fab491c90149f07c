//! Entity extraction (targets, deadlines, regions, industries) over the real
//! documents in `data/`.
//!
//! The reading here is deliberately simple and test-only: a paragraph is a
//! run of non-blank physical lines joined without separator (000, 001, 003
//! separate paragraphs by blank lines; 002 and 004 have none, so there every
//! line is a paragraph), 002 is converted with `fast2s`, and attribution
//! brackets (any width, nested) whose content names responsibilities are
//! removed, as ingestion does before calling `extract`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use plangraph::ingest::entities::{extract, Entities};

/// (file, plan year)
const FILES: &[(&str, i32)] = &[
    ("sd-2022-three-tens.txt", 2022),
    ("sd-2022-ten-industries-web.txt", 2022),
    ("sd-2023-green-pilot-key-tasks.txt", 2023),
    ("sd-2023-2025-green-pilot-plan.txt", 2023),
    ("sd-2024-2025-ten-innovations.txt", 2024),
];

pub struct Para {
    pub file: &'static str,
    pub line: usize,
    pub text: String,
    pub entities: Entities,
}

fn read(file: &str) -> String {
    let path = format!("{}/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    if file.contains("key-tasks") {
        fast2s::convert(&raw)
    } else {
        raw
    }
}

/// Removes bracket groups that hold an attribution.
fn strip_attributions(text: &str) -> String {
    const KEYS: &[&str] = &[
        "牵头",
        "配合单位",
        "参与单位",
        "分工负责",
        "责任单位",
        "按职责",
        "按职能",
    ];
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if matches!(chars[i], '（' | '(' | '〔') {
            let mut depth = 0;
            let mut j = i;
            while j < chars.len() {
                match chars[j] {
                    '（' | '(' | '〔' => depth += 1,
                    '）' | ')' | '〕' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            if j < chars.len() {
                let inner: String = chars[i..=j].iter().collect();
                if KEYS.iter().any(|k| inner.contains(k)) {
                    i = j + 1;
                    continue;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// `12.`, `（三）`, `三、`, `“十强产业”…`: the start of a new item or heading.
fn starts_with_marker(text: &str) -> bool {
    let t = text.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && t[digits..].starts_with(['.', '．']))
        || t.starts_with(['（', '('])
        || t.chars()
            .take_while(|c| "一二三四五六七八九十".contains(*c))
            .count()
            > 0
            && t.contains('、')
}

pub static CORPUS: LazyLock<Vec<Para>> = LazyLock::new(|| {
    let mut paras = Vec::new();
    for &(file, year) in FILES {
        let text = read(file);
        let lines: Vec<&str> = text.lines().collect();
        let blank_separated = lines.iter().any(|l| l.trim().is_empty());
        let mut start = 0;
        let mut buf = String::new();
        for (n, line) in lines.iter().enumerate() {
            if line.trim().is_empty() {
                if !buf.is_empty() {
                    paras.push((file, year, start, std::mem::take(&mut buf)));
                }
                continue;
            }
            if buf.is_empty() {
                start = n + 1;
            }
            buf.push_str(line.trim_end());
            if !blank_separated {
                paras.push((file, year, start, std::mem::take(&mut buf)));
            }
        }
        if !buf.is_empty() {
            paras.push((file, year, start, buf));
        }
    }
    // Repair PDF page breaks (H2): a paragraph that does not start with a
    // structural marker continues a previous one that did not end a sentence.
    let mut joined: Vec<(&str, i32, usize, String)> = Vec::new();
    for p in paras {
        let continues = joined.last().is_some_and(|prev| {
            prev.0 == p.0
                && prev.3.chars().count() > 40
                && !prev.3.trim_end().ends_with(['。', '）', ')', '：', '；'])
                && !starts_with_marker(&p.3)
        });
        match joined.last_mut() {
            Some(prev) if continues => prev.3.push_str(p.3.trim_start()),
            _ => joined.push(p),
        }
    }
    joined
        .into_iter()
        .map(|(file, year, line, raw)| {
            let text = strip_attributions(&raw);
            let entities = extract(&text, year);
            Para {
                file,
                line,
                text,
                entities,
            }
        })
        .collect()
});

#[test]
fn dump() {
    for p in CORPUS.iter() {
        for t in &p.entities.targets {
            println!(
                "T\t{}:{}\t{}\t{}\t{}\t{}\t{}\t{}",
                p.file,
                p.line,
                t.value.clone().unwrap_or_else(|| format!(
                    "{}-{}",
                    t.min_value.clone().unwrap_or_default(),
                    t.max_value.clone().unwrap_or_default()
                )),
                t.measure,
                t.comparator.clone().unwrap_or_default(),
                t.year.map(|y| y.to_string()).unwrap_or_default(),
                t.stretch,
                t.text
            );
        }
        for d in &p.entities.deadlines {
            println!(
                "D\t{}:{}\t{}\t{}",
                p.file,
                p.line,
                d.text,
                d.due.clone().unwrap_or_default()
            );
        }
        for r in &p.entities.regions {
            println!("R\t{}:{}\t{}", p.file, p.line, r);
        }
        for r in &p.entities.industries {
            println!("I\t{}:{}\t{}", p.file, p.line, r);
        }
    }
    for p in CORPUS.iter() {
        println!(
            "P\t{}:{}\t{}",
            p.file,
            p.line,
            plangraph::ingest::entities::normalize(&p.text)
        );
    }
    for p in CORPUS.iter() {
        let norm = plangraph::ingest::entities::normalize(&p.text);
        for r in plangraph::ingest::entities::regions() {
            if let Some(pos) = norm.find(r.name) {
                if !p.entities.regions.contains(r.name) {
                    let s = norm[..pos]
                        .chars()
                        .rev()
                        .take(6)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect::<String>();
                    let e = norm[pos..].chars().take(10).collect::<String>();
                    println!("X\t{}:{}\t{}\t{s}|{e}", p.file, p.line, r.name);
                }
            }
        }
    }
    let _ = BTreeMap::<(), ()>::new();
}
