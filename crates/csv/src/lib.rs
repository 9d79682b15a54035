//! Spreadsheets in and out.
//!
//! [`read`] turns a Jira export, a Linear export or any CSV with a column
//! [`Mapping`] into [`Row`]s the api can turn into roadmap items. Nothing is
//! guessed: a cell that cannot be read (a date, a number, broken UTF-8, a row
//! with the wrong number of cells) is an error naming the row a spreadsheet
//! would show, so the user can fix the file and try again. Rows that carry no
//! item (blank, or without a title) are skipped and listed in
//! [`Sheet::skipped`] so the preview can say why they are missing.
//!
//! [`write`] produces CSV whose cells cannot run as spreadsheet formulas.

mod column;
mod dates;
mod error;
mod generic;
mod jira;
mod linear;
mod markup;
mod scan;
mod sheet;
mod write;

pub use column::Column;
pub use error::CsvError;
pub use generic::Mapping;
pub use write::{escape_formula, write};

/// Larger files are refused before they are parsed: a roadmap export is a few
/// hundred kilobytes, and parsing is all in memory.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// Which tool wrote the file, and so how its headers are understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Jira's "Export CSV (all fields)" or "(current fields)".
    Jira,
    /// Linear's workspace or team CSV export.
    Linear,
    /// Any other CSV: headers matched through a [`Mapping`], or by name.
    Generic,
}

/// What one header position of the file is used for.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ColumnUse {
    /// 0-based position of the header cell; repeated headers keep their own.
    pub position: usize,
    /// The header as written in the file, trimmed.
    pub header: String,
    /// `None` when Accord ignores this column.
    pub maps_to: Option<Column>,
}

/// One item read from the file.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Row {
    /// The row number a spreadsheet shows: the header is row 1.
    pub row: usize,
    /// The tool's own key (Jira issue key, Linear id); empty when absent.
    pub key: String,
    pub title: String,
    pub what: String,
    pub why: String,
    pub how: String,
    pub who: String,
    /// ISO `YYYY-MM-DD` when read from a date column (Jira, Linear); the cell
    /// as written for a generic file, whose horizons ("2027-Q1") the api reads.
    pub when: String,
    pub fix_version: String,
    /// As written in the file ("Story", "Tech Debt"); the api maps it.
    pub kind: String,
    /// As written in the file ("In Progress"); the api maps it.
    pub status: String,
    pub effort: Option<f64>,
    /// Keys of the rows this one depends on.
    pub depends_on: Vec<String>,
    /// Keys of the rows that depend on this one.
    pub blocks: Vec<String>,
    pub labels: Vec<String>,
}

/// A row that was read but carries no item.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Skipped {
    pub row: usize,
    pub reason: String,
}

/// A whole file, read.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Sheet {
    /// One entry per header cell, in file order.
    pub columns: Vec<ColumnUse>,
    pub rows: Vec<Row>,
    pub skipped: Vec<Skipped>,
}

/// Refuses a file over [`MAX_FILE_BYTES`]; callers reading from disk pass
/// the size from the file's metadata so an oversized file is never read.
pub fn check_size(bytes: u64) -> Result<(), CsvError> {
    let max = MAX_FILE_BYTES as u64;
    if bytes > max {
        return Err(CsvError::TooLarge { bytes, max });
    }
    Ok(())
}

/// Reads a whole CSV file.
///
/// `mapping` is used only with [`Format::Generic`]: Jira and Linear headers
/// are fixed by the tool, so a mapping passed with them is ignored. Without a
/// mapping a generic file's headers are matched by name ("Title", "Name",
/// "Depends on", "Tags", ...).
pub fn read(bytes: &[u8], format: Format, mapping: Option<&Mapping>) -> Result<Sheet, CsvError> {
    check_size(bytes.len() as u64)?;
    let mut records = scan::Records::new(bytes);
    let (_, header) = match records.next() {
        None => return Err(CsvError::Empty),
        Some(first) => first?,
    };
    let header: Vec<String> = header.iter().map(|h| scan::normalise_newlines(h.trim()).into_owned()).collect();
    if header.iter().all(|h| h.is_empty()) {
        return Err(CsvError::Empty);
    }
    let slots = match format {
        Format::Jira => jira::slots(&header),
        Format::Linear => linear::slots(&header),
        Format::Generic => match mapping {
            Some(mapping) => generic::mapped_slots(&header, mapping)?,
            None => generic::named_slots(&header),
        },
    };
    sheet::build(header, slots, records)
}
