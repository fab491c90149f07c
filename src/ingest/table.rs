//! Task tables: a 任务分解表 flattened to text or printed with pipes.
//!
//! Work-division documents often print their tasks as a table. Copied out
//! of a web page or a PDF, a table arrives in one of two shapes:
//! * **flattened**: a header row with one cell per line (`序号`, `工作任务`,
//!   `牵头单位`, `配合单位`, `完成时限` …), then each row as its number alone on
//!   a line followed by its cells, one per line (a cell with several units
//!   may put each on its own line; an empty cell leaves no line);
//! * **piped**: `序号 | 工作任务 | 责任领导 | 责任单位 |` and one row per line
//!   (or the same with tabs between the cells).
//!
//! The column names decide the roles: 牵头单位 leads, 配合单位 cooperates,
//! 责任单位 leads unless a 牵头单位 column stands beside it (then it
//! cooperates), a …领导 column names persons, 完成时限 a deadline. In a
//! flattened row the cells are matched to the columns by what they look
//! like (a unit list, a person, a deadline), because empty cells vanish.
//! This module only reads the table; `structure` turns rows into tasks.

use super::attribution::{self, LabelKind};
use super::normalize::t2s;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Number,
    Task,
    Unit(LabelKind),
    Person,
    Deadline,
    Other,
}

/// One row of a task table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// The row number as printed.
    pub number: u32,
    /// 1-based line of the row number (the task's line).
    pub line: usize,
    /// 1-based last line of the row.
    pub end_line: usize,
    /// The task cell, as printed.
    pub text: String,
    /// The row's units, persons and deadline.
    pub attribution: attribution::Attribution,
}

/// A table found in a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// 1-based line where the header starts.
    pub header_line: usize,
    /// The printed name of the task column (`工作任务`, `民生实事`), if any.
    pub task_column: Option<String>,
    pub rows: Vec<Row>,
    /// 1-based lines of rows that name units but have no number in the
    /// number column (`1.1`, `（一）`, empty): not read as tasks, and said
    /// so, never dropped in silence.
    pub unnumbered: Vec<usize>,
}

/// The column a header cell names.
fn column_of(name: &str) -> Column {
    let name: String = t2s(name).chars().filter(|c| !c.is_whitespace()).collect();
    if name == "序号" || name == "编号" {
        return Column::Number;
    }
    if let Some((_, kind)) = attribution::LABELS.iter().find(|(l, _)| *l == name) {
        return match kind {
            LabelKind::Person => Column::Person,
            LabelKind::Deadline => Column::Deadline,
            LabelKind::Division => Column::Unit(LabelKind::Responsible),
            kind => Column::Unit(*kind),
        };
    }
    if name.ends_with("领导") {
        return Column::Person;
    }
    if name.contains("时限") || name.contains("完成时间") {
        return Column::Deadline;
    }
    if name.ends_with("单位") || name.ends_with("部门") {
        if name.contains("牵头") {
            return Column::Unit(LabelKind::Lead);
        }
        if ["配合", "协同", "参与", "协办"]
            .iter()
            .any(|w| name.contains(w))
        {
            return Column::Unit(LabelKind::Cooperating);
        }
        return Column::Unit(LabelKind::Responsible);
    }
    if [
        "任务", "工作", "事项", "实事", "内容", "项目", "措施", "目标",
    ]
    .iter()
    .any(|w| name.contains(w))
        && !name.contains("情况")
    {
        return Column::Task;
    }
    Column::Other
}

/// A header cell: short, no sentence punctuation.
fn header_like(line: &str) -> bool {
    let n = line.chars().count();
    (1..=14).contains(&n)
        && !line
            .chars()
            .any(|c| matches!(c, '。' | '，' | ',' | '；' | ';' | '：' | ':' | '|'))
}

fn bare_number(line: &str) -> Option<u32> {
    let t = line.trim().trim_end_matches(['.', '．', '、']);
    if t.is_empty() || t.len() > 3 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Finds the task tables of a document (`lines` are its physical lines).
pub fn find_tables(lines: &[&str]) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        let found = if line.contains('|') {
            piped(lines, i, '|')
        } else if line.contains('\t') {
            piped(lines, i, '\t')
        } else if t2s(line) == "序号" {
            flattened(lines, i)
        } else {
            None
        };
        match found {
            Some((table, next)) => {
                tables.push(table);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    tables
}

fn has_unit_column(columns: &[Column]) -> bool {
    columns.iter().any(|c| matches!(c, Column::Unit(_)))
}

/// A flattened table whose header `序号` is at line index `start`.
fn flattened(lines: &[&str], start: usize) -> Option<(Table, usize)> {
    let mut columns = vec![Column::Number];
    let mut task_column = None;
    let mut i = start + 1;
    while i < lines.len() {
        let line = lines[i].trim();
        if line.is_empty() {
            i += 1;
            continue;
        }
        if bare_number(line).is_some() || !header_like(line) {
            break;
        }
        // A category cell after the header (`发展目标`) or a 备注 column
        // is `Other`: it adds no role and takes no cell.
        let column = column_of(line);
        if column == Column::Task && task_column.is_none() {
            task_column = Some(t2s(line));
        }
        columns.push(column);
        i += 1;
    }
    if !has_unit_column(&columns) {
        return None;
    }
    // Rows: a line holding the next number, then its cells.
    let mut rows: Vec<Row> = Vec::new();
    let mut expected = 1u32;
    let mut cells: Vec<(usize, String)> = Vec::new();
    let mut current: Option<(u32, usize)> = None;
    while i < lines.len() {
        let line = lines[i].trim();
        if line.is_empty() {
            i += 1;
            continue;
        }
        if bare_number(line) == Some(expected) {
            if let Some((n, at)) = current.take() {
                rows.push(row(&columns, n, at, &cells));
            }
            cells.clear();
            current = Some((expected, i + 1));
            expected += 1;
        } else if t2s(line) == "序号" {
            break;
        } else if current.is_some() {
            cells.push((i + 1, line.to_string()));
        }
        i += 1;
    }
    if let Some((n, at)) = current {
        rows.push(row(&columns, n, at, &cells));
    }
    if rows.is_empty() {
        return None;
    }
    Some((
        Table {
            header_line: start + 1,
            task_column,
            rows,
            // A flattened table's rows start at their numbers.
            unnumbered: Vec::new(),
        },
        i,
    ))
}

/// What a flattened cell looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Units,
    Person,
    Deadline,
    Other,
}

fn split_cell(cell: &str) -> Vec<String> {
    cell.split(['、', '，', ',', ' ', '\u{3000}', '；', ';'])
        .map(|s| s.trim().trim_end_matches('。').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn cell_kind(cell: &str, columns: &[Column]) -> Cell {
    let simp = t2s(cell);
    let has = |c: Column| columns.contains(&c);
    let items = split_cell(cell);
    if !items.is_empty() && items.iter().all(|u| attribution::looks_like_unit(u)) {
        return Cell::Units;
    }
    if has(Column::Deadline)
        && simp.chars().count() <= 20
        && (simp.contains('月')
            || simp.contains("年底")
            || simp.contains("年内")
            || simp.contains("季度")
            || simp.contains("长期")
            || simp.contains("持续"))
    {
        return Cell::Deadline;
    }
    if has(Column::Person) {
        let names: Vec<String> = simp
            .split(['、', '，', ','])
            .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
            .collect();
        if names.iter().all(|n: &String| {
            (2..=4).contains(&n.chars().count())
                && n.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        }) {
            return Cell::Person;
        }
    }
    Cell::Other
}

/// Builds one flattened row from its cells (after the number).
fn row(columns: &[Column], number: u32, line: usize, cells: &[(usize, String)]) -> Row {
    let end_line = cells.last().map_or(line, |(l, _)| *l);
    let has_task = columns.contains(&Column::Task);
    let (text, rest) = match cells.split_first() {
        Some((first, rest)) if has_task => (first.1.clone(), rest),
        _ => (String::new(), cells),
    };
    let unit_columns: Vec<LabelKind> = columns
        .iter()
        .filter_map(|c| match c {
            Column::Unit(kind) => Some(*kind),
            _ => None,
        })
        .collect();
    let mut unit_cells: Vec<&str> = Vec::new();
    let mut a = attribution::Attribution::default();
    for (_, cell) in rest {
        match cell_kind(cell, columns) {
            Cell::Units => unit_cells.push(cell),
            Cell::Person => a.persons.extend(
                cell.split(['、', '，', ','])
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty()),
            ),
            Cell::Deadline if a.deadline.is_none() => a.deadline = Some(cell.clone()),
            Cell::Deadline | Cell::Other => {}
        }
    }
    // Cells to columns: one each in order; a single unit column (or the
    // last one) takes the cells that remain (one unit per line).
    let mut assigned: Vec<(LabelKind, Vec<String>)> = Vec::new();
    for (k, cell) in unit_cells.iter().enumerate() {
        let column = unit_columns
            .get(k.min(unit_columns.len().saturating_sub(1)))
            .copied()
            .unwrap_or(LabelKind::Responsible);
        let units = attribution::split_cell_units(cell);
        match assigned.last_mut() {
            Some((kind, list)) if *kind == column && k >= unit_columns.len() => list.extend(units),
            _ => assigned.push((column, units)),
        }
    }
    let has_lead = assigned
        .iter()
        .any(|(kind, units)| *kind == LabelKind::Lead && !units.is_empty());
    for (kind, units) in assigned {
        match kind {
            LabelKind::Lead => a.leads.extend(units),
            LabelKind::Cooperating => a.cooperating.extend(units),
            _ if has_lead => a.cooperating.extend(units),
            _ => a.leads.extend(units),
        }
    }
    let raw: String = unit_cells.concat();
    attribution::apply_star_marks(&raw, &mut a);
    let leads: Vec<String> = a.leads.iter().map(|u| t2s(u)).collect();
    a.cooperating.retain(|u| !leads.contains(&t2s(u)));
    Row {
        number,
        line,
        end_line,
        text,
        attribution: a,
    }
}

/// A table whose cells are separated by `sep` (`|`, or a tab as copied
/// from a word processor), with its header at line index `start`.
fn piped(lines: &[&str], start: usize, sep: char) -> Option<(Table, usize)> {
    // One separator is trimmed at each end, not every one: an empty first
    // cell (a row without its number) keeps the others in their columns.
    let split = |l: &str| -> Vec<String> {
        let t = l.trim_matches(|c: char| c == ' ' || c == '\u{3000}');
        let t = t.strip_prefix(sep).unwrap_or(t);
        let t = t.strip_suffix(sep).unwrap_or(t);
        t.split(sep).map(|c| c.trim().to_string()).collect()
    };
    let header = split(lines[start]);
    let columns: Vec<Column> = header.iter().map(|h| column_of(h)).collect();
    if !columns.contains(&Column::Number) || !has_unit_column(&columns) {
        return None;
    }
    let task_column = header
        .iter()
        .zip(&columns)
        .find(|(_, c)| **c == Column::Task)
        .map(|(h, _)| t2s(h));
    let has_lead_column = columns.contains(&Column::Unit(LabelKind::Lead));
    let mut rows = Vec::new();
    let mut unnumbered = Vec::new();
    let mut i = start + 1;
    while i < lines.len() {
        let line = lines[i].trim();
        if line.is_empty() {
            i += 1;
            continue;
        }
        if !line.contains(sep) {
            break;
        }
        let cells = split(line);
        let Some(number) = cells
            .iter()
            .zip(&columns)
            .find(|(_, c)| **c == Column::Number)
            .and_then(|(cell, _)| bare_number(cell))
        else {
            // A heading row (a category spanning the table) or a rule names
            // no unit; a row that does is a task this reader cannot number.
            let names_units = cells.iter().zip(&columns).any(|(cell, column)| {
                matches!(column, Column::Unit(_))
                    && cell.chars().any(|c| !matches!(c, '-' | ':' | '=' | '—'))
            });
            if names_units {
                unnumbered.push(i + 1);
            }
            i += 1;
            continue;
        };
        let mut row = Row {
            number,
            line: i + 1,
            end_line: i + 1,
            ..Default::default()
        };
        for (cell, column) in cells.iter().zip(&columns) {
            if cell.is_empty() {
                continue;
            }
            match column {
                Column::Task if row.text.is_empty() => row.text = cell.clone(),
                Column::Unit(kind) => {
                    let units = attribution::split_cell_units(cell);
                    match kind {
                        LabelKind::Lead => row.attribution.leads.extend(units),
                        LabelKind::Cooperating => row.attribution.cooperating.extend(units),
                        _ if has_lead_column => row.attribution.cooperating.extend(units),
                        _ => row.attribution.leads.extend(units),
                    }
                }
                Column::Person => row.attribution.persons.extend(
                    cell.split(['、', '，', ','])
                        .map(|p| p.trim().to_string())
                        .filter(|p| !p.is_empty()),
                ),
                Column::Deadline => row.attribution.deadline = Some(cell.clone()),
                _ => {}
            }
        }
        let raw: String = cells.concat();
        attribution::apply_star_marks(&raw, &mut row.attribution);
        let leads: Vec<String> = row.attribution.leads.iter().map(|u| t2s(u)).collect();
        row.attribution
            .cooperating
            .retain(|u| !leads.contains(&t2s(u)));
        rows.push(row);
        i += 1;
    }
    if rows.is_empty() {
        return None;
    }
    Some((
        Table {
            header_line: start + 1,
            task_column,
            rows,
            unnumbered,
        },
        i,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flattened_table_with_responsible_and_lead_columns() {
        let text = "序号\n\n工作事项\n\n责任单位\n\n牵头单位\n\n1\n\n新建公园两处。\n\n区园林局、区财政局\n\n区园林局\n\n2\n\n改造老旧小区。\n\n区住建局\n\n区住建局\n";
        let lines: Vec<&str> = text.lines().collect();
        let tables = find_tables(&lines);
        assert_eq!(tables.len(), 1);
        let rows = &tables[0].rows;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 9);
        assert_eq!(rows[0].text, "新建公园两处。");
        assert_eq!(rows[0].attribution.leads, v(&["区园林局"]));
        assert_eq!(rows[0].attribution.cooperating, v(&["区财政局"]));
        assert_eq!(rows[1].attribution.leads, v(&["区住建局"]));
        assert!(rows[1].attribution.cooperating.is_empty());
    }

    #[test]
    fn flattened_table_with_one_unit_per_line_and_deadlines() {
        let text = "序号\n民生项目\n责任单位\n完成时限\n1\n新建游泳馆一座。\n县体育局\n县代建中心\n10月底前\n2\n开通公交线路3条。\n县交通局\n年底前\n";
        let lines: Vec<&str> = text.lines().collect();
        let rows = &find_tables(&lines)[0].rows;
        assert_eq!(rows[0].attribution.leads, v(&["县体育局", "县代建中心"]));
        assert_eq!(rows[0].attribution.deadline.as_deref(), Some("10月底前"));
        assert_eq!(rows[1].attribution.leads, v(&["县交通局"]));
        assert_eq!(rows[1].line, 10);
    }

    #[test]
    fn flattened_table_with_leader_lead_and_partner_columns() {
        let text = "序号\n重点任务\n市政府\n分管领导\n牵头单位\n配合单位\n备注\n一、产业\n1\n建设创新走廊。\n李 明\n市科技局\n东城区、西城区政府\n2\n办好展会。\n赵刚\n市商务局\n市财政局、市公安局\n";
        let lines: Vec<&str> = text.lines().collect();
        let rows = &find_tables(&lines)[0].rows;
        assert_eq!(rows[0].attribution.persons, v(&["李 明"]));
        assert_eq!(rows[0].attribution.leads, v(&["市科技局"]));
        assert_eq!(rows[0].attribution.cooperating, v(&["东城区、西城区政府"]));
        assert_eq!(
            rows[1].attribution.cooperating,
            v(&["市财政局", "市公安局"])
        );
    }

    #[test]
    fn piped_table_with_leader_and_space_separated_units() {
        let text = "序号 | 工作任务 | 责任领导 | 责任单位 | 进展 |\n1 | 建成图书馆。 | 周平 | 县文旅局 各乡镇政府 | 已完成 |\n2 | 修路。 | 吴江 | 县交通局 | 推进中 |";
        let lines: Vec<&str> = text.lines().collect();
        let rows = &find_tables(&lines)[0].rows;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].text, "建成图书馆。");
        assert_eq!(rows[0].attribution.persons, v(&["周平"]));
        assert_eq!(rows[0].attribution.leads, v(&["县文旅局", "各乡镇政府"]));
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn a_row_with_units_but_no_number_is_named_and_a_heading_row_is_not() {
        let text = "| 序号 | 工作任务 | 牵头单位 | 配合单位 |\n| --- | --- | --- | --- |\n| 一、数据基础设施 | | | |\n| 1 | 建设算力网络。 | 省大数据局 | 省通信管理局 |\n| 1.1 | 部署边缘节点。 | 省通信管理局 | |\n| | 完善数据标准。 | 省市场监管局 | |\n| 2 | 开放公共数据。 | 省大数据局 | |";
        let lines: Vec<&str> = text.lines().collect();
        let table = &find_tables(&lines)[0];
        let numbers: Vec<u32> = table.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2]);
        // The rule and the heading name no unit; the 1.1 and the empty
        // number do.
        assert_eq!(table.unnumbered, [5, 6]);
    }

    #[test]
    fn a_table_without_unit_columns_is_not_a_task_table() {
        let text = "序号\n指标\n数值\n1\n人口\n100\n";
        let lines: Vec<&str> = text.lines().collect();
        assert!(find_tables(&lines).is_empty());
    }
}
