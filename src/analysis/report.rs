//! What an analysis returns — a header, key figures, notes and tables — and
//! its three renderings: an aligned text table (CJK-aware), CSV and JSON.
//!
//! Analyses never print; the command glue and the REPL render a [`Report`]
//! into an injected writer. CSV holds only the first (main) table, with its
//! header on the first line, so that it loads directly into a spreadsheet or
//! pandas; the other formats hold everything.

use std::io::{self, Write};
use std::time::Duration;

use serde_json::{json, Map, Value};
use unicode_width::UnicodeWidthStr;

/// One value of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A number and the decimals to show in the text table (CSV and JSON
    /// carry the full value).
    Float(f64, usize),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn int(n: usize) -> Cell {
        Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }

    fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Float(x, decimals) => format!("{x:.decimals$}"),
            Cell::Empty => String::new(),
        }
    }

    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => csv_escape(s),
            Cell::Int(n) => n.to_string(),
            Cell::Float(x, _) => x.to_string(),
            Cell::Empty => String::new(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Text(s) => Value::String(s.clone()),
            Cell::Int(n) => json!(n),
            Cell::Float(x, _) if x.is_finite() => json!(x),
            Cell::Float(..) | Cell::Empty => Value::Null,
        }
    }

    fn is_numeric(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Float(..))
    }
}

/// A named table: column names and rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Machine name, the key in JSON (`pairs`, `most_relied_on`).
    pub name: String,
    /// One line shown above the table in text output.
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(name: &str, title: impl Into<String>, columns: &[&str]) -> Table {
        Table {
            name: name.to_owned(),
            title: title.into(),
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// The column's cells, by column name (for tests and callers).
    pub fn column(&self, name: &str) -> Option<Vec<&Cell>> {
        let index = self.columns.iter().position(|c| c == name)?;
        Some(self.rows.iter().filter_map(|r| r.get(index)).collect())
    }
}

/// The result of one analysis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// The analysis name as typed (`co-lead`, `centrality`, …).
    pub analysis: String,
    /// What was built: `co-lead network (undirected): 97 units, 412 edges (…)`.
    pub built: String,
    /// Key figures (`modularity`, `gini`, …), in display order.
    pub figures: Vec<(String, Cell)>,
    /// Remarks: choices made, filters that matched nothing, caveats.
    pub notes: Vec<String>,
    pub tables: Vec<Table>,
    /// Time to load the projection and run the analysis.
    pub elapsed: Duration,
}

impl Report {
    pub fn new(analysis: &str, built: String) -> Report {
        Report {
            analysis: analysis.to_owned(),
            built,
            ..Report::default()
        }
    }

    /// The header line: what network was built and how long it took.
    pub fn header(&self) -> String {
        format!(
            "# {}: {} — {:.1} ms",
            self.analysis,
            self.built,
            self.elapsed.as_secs_f64() * 1000.0
        )
    }

    /// The table called `name`.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The key figure called `name`.
    pub fn figure(&self, name: &str) -> Option<&Cell> {
        self.figures.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }
}

/// How a report is written: an aligned table, CSV (its main table) or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Csv,
    Json,
}

/// Writes a report in `format`, showing at most `top` rows per table
/// (`None` or `Some(0)` = all).
///
/// CSV carries only the main table and no header line (the caller may print
/// [`Report::header`] to standard error instead).
pub fn render(
    report: &Report,
    format: ReportFormat,
    top: Option<usize>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let limit = top.filter(|&n| n > 0).unwrap_or(usize::MAX);
    match format {
        ReportFormat::Table => render_text(report, limit, out),
        ReportFormat::Csv => render_csv(report, limit, out),
        ReportFormat::Json => render_json(report, limit, out),
    }
}

fn render_text(report: &Report, limit: usize, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", report.header())?;
    for note in &report.notes {
        writeln!(out, "# note: {note}")?;
    }
    if !report.figures.is_empty() {
        let figures: Vec<String> = report
            .figures
            .iter()
            .map(|(name, value)| format!("{name} = {}", value.display()))
            .collect();
        writeln!(out, "{}", figures.join(", "))?;
    }
    for table in &report.tables {
        writeln!(out)?;
        let shown = table.rows.len().min(limit);
        if shown < table.rows.len() {
            writeln!(
                out,
                "{} (first {shown} of {})",
                table.title,
                table.rows.len()
            )?;
        } else {
            writeln!(out, "{} ({} rows)", table.title, table.rows.len())?;
        }
        write_aligned(table, shown, out)?;
    }
    Ok(())
}

fn write_aligned(table: &Table, shown: usize, out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<Vec<String>> = table.rows[..shown]
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| clip(&c.display(), MAX_CELL_WIDTH))
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = table.columns.iter().map(|c| c.width()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.width());
            }
        }
    }
    let numeric: Vec<bool> = (0..table.columns.len())
        .map(|i| {
            table.rows[..shown]
                .iter()
                .any(|r| r.get(i).is_some_and(Cell::is_numeric))
        })
        .collect();
    let line = |cells: &[String]| -> String {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = widths
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(c.width());
                if numeric.get(i).copied().unwrap_or(false) {
                    format!("{}{c}", " ".repeat(pad))
                } else {
                    format!("{c}{}", " ".repeat(pad))
                }
            })
            .collect();
        parts.join("  ").trim_end().to_owned()
    };
    writeln!(out, "{}", line(&table.columns))?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("  "))?;
    for row in &rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// Widest cell of the text table, in terminal columns; CSV and JSON keep
/// the whole value (community member lists run to hundreds of columns).
const MAX_CELL_WIDTH: usize = 72;

/// At most `max` display columns, ending in … when cut.
fn clip(text: &str, max: usize) -> String {
    crate::print::table::truncate(text, max)
}

fn render_csv(report: &Report, limit: usize, out: &mut dyn Write) -> io::Result<()> {
    let Some(table) = report.tables.first() else {
        return Ok(());
    };
    write_csv_table(table, limit, out)
}

/// One table as CSV, its header on the first line (the other tables of a
/// report go to their own files: `analyze -o`).
pub fn write_csv_table(table: &Table, limit: usize, out: &mut dyn Write) -> io::Result<()> {
    let header: Vec<String> = table.columns.iter().map(|c| csv_escape(c)).collect();
    writeln!(out, "{}", header.join(","))?;
    for row in table.rows.iter().take(limit) {
        let cells: Vec<String> = row.iter().map(Cell::csv).collect();
        writeln!(out, "{}", cells.join(","))?;
    }
    Ok(())
}

fn render_json(report: &Report, limit: usize, out: &mut dyn Write) -> io::Result<()> {
    let mut tables = Map::new();
    for table in &report.tables {
        let rows: Vec<Value> = table
            .rows
            .iter()
            .take(limit)
            .map(|row| {
                let object: Map<String, Value> = table
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(c, cell)| (c.clone(), cell.json()))
                    .collect();
                Value::Object(object)
            })
            .collect();
        tables.insert(table.name.clone(), Value::Array(rows));
    }
    let figures: Map<String, Value> = report
        .figures
        .iter()
        .map(|(n, c)| (n.clone(), c.json()))
        .collect();
    let value = json!({
        "analysis": report.analysis,
        "built": report.built,
        "elapsed_ms": report.elapsed.as_secs_f64() * 1000.0,
        "figures": figures,
        "notes": report.notes,
        "tables": tables,
    });
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}

fn csv_escape(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Report {
        let mut report = Report::new("co-lead", "co-lead network: 2 units, 1 edges".into());
        let mut table = Table::new("pairs", "Pairs", &["unit_a", "unit_b", "tasks"]);
        table.rows.push(vec![
            Cell::text("省科技厅"),
            Cell::text("a,b"),
            Cell::Int(3),
        ]);
        report.tables.push(table);
        report
    }

    #[test]
    fn csv_starts_with_the_header_and_quotes_commas() {
        let mut out = Vec::new();
        render(&sample(), ReportFormat::Csv, None, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "unit_a,unit_b,tasks\n省科技厅,\"a,b\",3\n"
        );
    }

    #[test]
    fn text_table_aligns_cjk_by_display_width() {
        let mut out = Vec::new();
        render(&sample(), ReportFormat::Table, None, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("# co-lead: co-lead network: 2 units, 1 edges"));
        // 省科技厅 is 8 columns wide, so unit_a is padded to 8.
        assert!(text.contains("unit_a    unit_b  tasks\n"), "{text}");
    }

    #[test]
    fn long_cells_are_clipped_in_text_only() {
        let long = "省发展改革委、".repeat(20);
        assert_eq!(clip(&long, 10), "省发展改…");
        assert!(clip(&long, MAX_CELL_WIDTH).width() <= MAX_CELL_WIDTH);
        assert_eq!(clip("short", 10), "short");
    }

    #[test]
    fn json_has_tables_by_name() {
        let mut out = Vec::new();
        render(&sample(), ReportFormat::Json, None, &mut out).unwrap();
        let value: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["tables"]["pairs"][0]["tasks"], json!(3));
    }
}
