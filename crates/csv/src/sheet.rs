//! Turning records into rows, once each format has said what its header
//! positions are for.

use std::borrow::Cow;

use csv::StringRecord;

use crate::scan::{normalise_newlines, Records};
use crate::{dates, markup, Column, ColumnUse, CsvError, Row, Sheet, Skipped};

/// How a cell's text becomes a field value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    Text,
    /// Jira wiki markup, shown as plain text.
    JiraMarkup,
    /// A date, written out as ISO `YYYY-MM-DD`.
    Date,
    Number,
    /// The whole cell is one list entry (Jira repeats the column instead).
    One,
    /// Entries separated by commas or semicolons.
    Split,
}

/// What one header position feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slot {
    pub column: Column,
    pub rule: Rule,
}

impl Slot {
    pub(crate) fn new(column: Column, rule: Rule) -> Slot {
        Slot { column, rule }
    }

    /// The rule a column's cells follow when the format has nothing special.
    pub(crate) fn plain(column: Column) -> Slot {
        let rule = match column {
            Column::Effort => Rule::Number,
            c if c.is_list() => Rule::Split,
            _ => Rule::Text,
        };
        Slot { column, rule }
    }
}

pub(crate) fn build(header: Vec<String>, slots: Vec<Option<Slot>>, records: Records<'_>) -> Result<Sheet, CsvError> {
    debug_assert_eq!(header.len(), slots.len());
    if !slots.iter().flatten().any(|s| s.column == Column::Title) {
        return Err(CsvError::NoTitleColumn { headers: header });
    }
    let expected = header.len();
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for record in records {
        let (row, cells) = record?;
        if cells.iter().all(|c| c.trim().is_empty()) {
            skipped.push(Skipped { row, reason: format!("row {row} is empty") });
            continue;
        }
        // Spreadsheets often pad rows with empty cells past the last column;
        // those carry nothing, so only cells with content make a row too long.
        let found = cells.len();
        if found < expected || cells.iter().skip(expected).any(|c| !c.trim().is_empty()) {
            return Err(CsvError::Ragged { row, found, expected });
        }
        let has_title = slots
            .iter()
            .zip(cells.iter())
            .any(|(slot, cell)| slot.is_some_and(|s| s.column == Column::Title) && !cell.trim().is_empty());
        if !has_title {
            skipped.push(Skipped { row, reason: format!("row {row} has no title") });
            continue;
        }
        rows.push(fill(row, &header, &slots, &cells)?);
    }
    let columns = header
        .into_iter()
        .zip(&slots)
        .enumerate()
        .map(|(position, (header, slot))| ColumnUse { position, header, maps_to: slot.map(|s| s.column) })
        .collect();
    Ok(Sheet { columns, rows, skipped })
}

fn fill(row: usize, header: &[String], slots: &[Option<Slot>], cells: &StringRecord) -> Result<Row, CsvError> {
    let mut out = Row { row, ..Row::default() };
    for ((slot, cell), name) in slots.iter().zip(cells.iter()).zip(header) {
        let Some(Slot { column, rule }) = *slot else { continue };
        let cell = clean(cell);
        let cell = cell.as_ref();
        if cell.is_empty() {
            continue;
        }
        match rule {
            Rule::Number => {
                let effort = number(cell).ok_or_else(|| CsvError::BadNumber {
                    row,
                    column: name.clone(),
                    text: cell.to_string(),
                })?;
                out.effort.get_or_insert(effort);
            }
            Rule::One | Rule::Split => {
                let list = match column {
                    Column::DependsOn => &mut out.depends_on,
                    Column::Blocks => &mut out.blocks,
                    _ => &mut out.labels,
                };
                if rule == Rule::One {
                    push_unique(list, cell);
                } else {
                    for entry in cell.split([',', ';']) {
                        push_unique(list, entry.trim());
                    }
                }
            }
            Rule::Text | Rule::JiraMarkup | Rule::Date => {
                let value = match rule {
                    Rule::Date => dates::parse(cell).ok_or_else(|| CsvError::BadDate {
                        row,
                        column: name.clone(),
                        text: cell.to_string(),
                    })?,
                    Rule::JiraMarkup => markup::jira_to_text(cell),
                    _ => cell.to_string(),
                };
                // A repeated column (Jira's "Fix versions") gives its first
                // value that is not empty.
                if let Some(field) = text_field(&mut out, column).filter(|f| f.is_empty()) {
                    *field = value;
                }
            }
        }
    }
    Ok(out)
}

fn text_field(row: &mut Row, column: Column) -> Option<&mut String> {
    Some(match column {
        Column::Key => &mut row.key,
        Column::Title => &mut row.title,
        Column::What => &mut row.what,
        Column::Why => &mut row.why,
        Column::How => &mut row.how,
        Column::Who => &mut row.who,
        Column::When => &mut row.when,
        Column::FixVersion => &mut row.fix_version,
        Column::Kind => &mut row.kind,
        Column::Status => &mut row.status,
        Column::Effort | Column::DependsOn | Column::Blocks | Column::Labels => return None,
    })
}

fn number(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn push_unique(list: &mut Vec<String>, entry: &str) {
    if !entry.is_empty() && !list.iter().any(|e| e == entry) {
        list.push(entry.to_string());
    }
}

/// Trimmed, with `\n` line breaks, and without the apostrophe spreadsheets
/// (and Linear's export) put before a cell that would otherwise be read as a
/// formula: that apostrophe is not part of the text the user wrote.
fn clean(cell: &str) -> Cow<'_, str> {
    let cell = cell.trim();
    let cell = match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    };
    normalise_newlines(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_trimmed_unescaped_and_use_unix_line_breaks() {
        for (cell, want) in [
            ("'=1+2", "=1+2"),
            (" '+44 ", "+44"),
            ("'-x", "-x"),
            ("'@a", "@a"),
            ("'quoted'", "'quoted'"),
            ("a\r\nb\rc", "a\nb\nc"),
        ] {
            assert_eq!(clean(cell), want);
        }
    }

    #[test]
    fn numbers_must_be_finite() {
        assert_eq!(number("2.5"), Some(2.5));
        assert_eq!(number("inf"), None);
        assert_eq!(number("NaN"), None);
        assert_eq!(number("3 pts"), None);
    }
}
