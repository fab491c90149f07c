//! The human-readable result table: aligned for CJK double-width text, IRIs
//! shown as prefixed names, long literals truncated with `…`.
//!
//! A result table streams: the widths of its columns (and which are
//! right-aligned numbers) come from the header and the first
//! [`WIDTH_SAMPLE_ROWS`] rows, as psql needs the whole result for its widths
//! and we cannot hold a result of billions of rows. Those rows are written
//! as soon as they are in; every later row is written as it comes, padded
//! to the same widths, and a later cell wider than its column just makes its
//! line longer. No column is padded wider than [`MAX_COLUMN_WIDTH`], so one
//! huge cell under `--wide` (or a huge variable name) lengthens its own line
//! only, never every line of the table.

use std::io::Write;

use oxigraph::model::Term;
use oxigraph::sparql::QuerySolutionIter;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{PrintError, PrintOptions};
use crate::model::iri;

/// Widest a cell may be (in terminal columns) unless `wide` is set.
const MAX_CELL_WIDTH: usize = 48;

/// Widest a column is padded to, and widest a header is shown, also with
/// `wide` (in terminal columns).
pub const MAX_COLUMN_WIDTH: usize = 200;

/// Rows read before anything is written, to size the columns.
pub const WIDTH_SAMPLE_ROWS: usize = 1000;

/// Rows counted (past the shown ones) between two looks at whether the
/// output is still read.
const ROWS_BETWEEN_OUTPUT_CHECKS: usize = 4096;

/// Writes solutions as a table; returns how many rows the result had (all
/// of them, also those beyond `max_rows`, which are counted, not shown).
pub fn write_solutions(
    out: &mut dyn Write,
    solutions: QuerySolutionIter<'static>,
    options: &PrintOptions,
) -> Result<usize, PrintError> {
    // A variable name is capped like a cell: a 5 MB name would make a
    // header, and a rule under it, of that size.
    let header_width = if options.wide {
        MAX_COLUMN_WIDTH
    } else {
        MAX_CELL_WIDTH
    };
    let header: Vec<String> = solutions
        .variables()
        .iter()
        .map(|v| truncate(v.as_str(), header_width))
        .collect();
    let limit = options.max_rows.unwrap_or(usize::MAX);
    let row = |solution: Result<oxigraph::sparql::QuerySolution, _>| {
        let solution = solution.map_err(|e| PrintError::Query(super::evaluation(e)))?;
        Ok::<_, PrintError>(
            solution
                .values()
                .iter()
                .map(|value| cell(value.as_ref(), options.wide))
                .collect::<Vec<String>>(),
        )
    };
    let mut solutions = solutions;
    let mut sample: Vec<Vec<String>> = Vec::new();
    while sample.len() < limit.min(WIDTH_SAMPLE_ROWS) {
        match solutions.next() {
            Some(solution) => sample.push(row(solution)?),
            None => break,
        }
    }
    let layout = Layout::new(&header, &sample);
    layout.write_header(out, &header)?;
    for cells in &sample {
        layout.write_row(out, cells)?;
    }
    let mut shown = sample.len();
    let mut total = shown;
    drop(sample);
    for solution in solutions {
        total += 1;
        if shown < limit {
            layout.write_row(out, &row(solution)?)?;
            shown += 1;
            continue;
        }
        if total == shown + 1 {
            // The shown rows reach the reader while the rest is counted.
            out.flush()?;
        }
        // Rows past the limit are only counted, which writes nothing: a
        // reader that has gone (`| head`) would never be noticed otherwise.
        solution.map_err(|e| PrintError::Query(super::evaluation(e)))?;
        if (total - shown).is_multiple_of(ROWS_BETWEEN_OUTPUT_CHECKS)
            && options.output_gone.is_some_and(|gone| gone())
        {
            return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe).into());
        }
    }
    if total > shown {
        writeln!(
            out,
            "… {} more rows not shown (\\limit changes how many)",
            total - shown
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
    let layout = Layout::new(header, rows);
    layout.write_header(out, header)?;
    for row in rows {
        layout.write_row(out, row)?;
    }
    Ok(())
}

/// The width of each column and whether it holds numbers, from a header and
/// the rows known when the table starts.
struct Layout {
    widths: Vec<usize>,
    numeric: Vec<bool>,
}

impl Layout {
    fn new(header: &[String], rows: &[Vec<String>]) -> Self {
        let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
        for row in rows {
            for (i, value) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(value.width());
                }
            }
        }
        for w in &mut widths {
            *w = (*w).min(MAX_COLUMN_WIDTH);
        }
        // Numbers read best right-aligned, as in psql.
        let numeric = (0..widths.len())
            .map(|i| {
                rows.iter().any(|r| r.get(i).is_some_and(|v| !v.is_empty()))
                    && rows
                        .iter()
                        .filter_map(|r| r.get(i))
                        .all(|v| v.is_empty() || v.parse::<f64>().is_ok())
            })
            .collect();
        Self { widths, numeric }
    }

    fn write_header(&self, out: &mut dyn Write, header: &[String]) -> std::io::Result<()> {
        write_row(out, header, &self.widths, &vec![false; self.widths.len()])?;
        let rule: Vec<String> = self.widths.iter().map(|w| "─".repeat(*w)).collect();
        writeln!(out, "{}", rule.join("─┼─").trim_end())
    }

    fn write_row(&self, out: &mut dyn Write, cells: &[String]) -> std::io::Result<()> {
        write_row(out, cells, &self.widths, &self.numeric)
    }
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
