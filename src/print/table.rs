//! The human-readable result table: aligned for CJK double-width text, IRIs
//! shown as prefixed names, long literals truncated with `…`.

use std::io::Write;

use oxigraph::model::Term;
use oxigraph::sparql::QuerySolutionIter;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{PrintError, PrintOptions};
use crate::model::iri;

/// Widest a cell may be (in terminal columns) unless `wide` is set.
const MAX_CELL_WIDTH: usize = 48;

/// Writes solutions as a table; returns how many rows the result had (all
/// of them, also those beyond `max_rows`, which are counted, not shown).
pub fn write_solutions(
    out: &mut dyn Write,
    solutions: QuerySolutionIter<'static>,
    options: &PrintOptions,
) -> Result<usize, PrintError> {
    let header: Vec<String> = solutions
        .variables()
        .iter()
        // A variable name is capped like a cell: a 5 MB name would make a
        // header, and a rule under it, of that size.
        .map(|v| {
            if options.wide {
                v.as_str().to_owned()
            } else {
                truncate(v.as_str(), MAX_CELL_WIDTH)
            }
        })
        .collect();
    let limit = options.max_rows.unwrap_or(usize::MAX);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut total = 0;
    for solution in solutions {
        let solution = solution.map_err(|e| PrintError::Query(super::evaluation(e)))?;
        total += 1;
        if rows.len() < limit {
            rows.push(
                solution
                    .values()
                    .iter()
                    .map(|value| cell(value.as_ref(), options.wide))
                    .collect(),
            );
        }
    }
    write_table(out, &header, &rows)?;
    if total > rows.len() {
        writeln!(
            out,
            "… {} more rows not shown (\\limit changes how many)",
            total - rows.len()
        )?;
    }
    Ok(total)
}

/// Writes an aligned table with a header rule.
pub fn write_table(
    out: &mut dyn Write,
    header: &[String],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, value) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(value.width());
            }
        }
    }
    // Numbers read best right-aligned, as in psql.
    let numeric: Vec<bool> = (0..widths.len())
        .map(|i| {
            rows.iter().any(|r| r.get(i).is_some_and(|v| !v.is_empty()))
                && rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .all(|v| v.is_empty() || v.parse::<f64>().is_ok())
        })
        .collect();
    write_row(out, header, &widths, &vec![false; widths.len()])?;
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("─┼─").trim_end())?;
    for row in rows {
        write_row(out, row, &widths, &numeric)?;
    }
    Ok(())
}

fn write_row(
    out: &mut dyn Write,
    cells: &[String],
    widths: &[usize],
    right_aligned: &[bool],
) -> std::io::Result<()> {
    let mut line = String::new();
    for (i, (value, width)) in cells.iter().zip(widths).enumerate() {
        if i > 0 {
            line.push_str(" │ ");
        }
        if right_aligned.get(i).copied().unwrap_or(false) {
            line.extend(std::iter::repeat_n(
                ' ',
                width.saturating_sub(value.width()),
            ));
            line.push_str(value);
            continue;
        }
        line.push_str(value);
        line.extend(std::iter::repeat_n(
            ' ',
            width.saturating_sub(value.width()),
        ));
    }
    writeln!(out, "{}", line.trim_end())
}

/// How one value looks in a table cell.
pub fn cell(term: Option<&Term>, wide: bool) -> String {
    let text = match term {
        None => String::new(),
        Some(Term::NamedNode(node)) => iri::compact(node.as_str()),
        Some(Term::BlankNode(node)) => format!("_:{}", node.as_str()),
        Some(Term::Literal(literal)) => literal.value().to_owned(),
        #[allow(unreachable_patterns)]
        Some(other) => other.to_string(),
    };
    // Newlines and tabs would break the grid.
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if wide {
        text
    } else {
        truncate(&text, MAX_CELL_WIDTH)
    }
}

/// Cuts `text` to at most `max` display columns, ending with `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut width = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if width + w + 1 > max {
            break;
        }
        out.push(c);
        width += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_columns_align() {
        let mut out = Vec::new();
        let header = vec!["unit".to_owned(), "n".to_owned()];
        let rows = vec![
            vec!["省科技厅".to_owned(), "15".to_owned()],
            vec!["abc".to_owned(), "7".to_owned()],
        ];
        write_table(&mut out, &header, &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "unit     │ n");
        assert_eq!(lines[2], "省科技厅 │ 15");
        assert_eq!(lines[3], "abc      │  7");
    }

    #[test]
    fn truncation_counts_double_width() {
        assert_eq!(truncate("省工业和信息化厅", 9), "省工业和…");
        assert_eq!(truncate("short", 9), "short");
    }
}
