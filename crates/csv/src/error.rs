/// Why a file could not be read. Every message names what to fix, and where:
/// row numbers are the ones a spreadsheet shows (the header is row 1).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CsvError {
    #[error(
        "the file is {bytes} bytes, over the limit of {max} bytes ({}); split it into smaller files and import them one by one",
        mib(*max)
    )]
    TooLarge { bytes: u64, max: u64 },

    #[error("row {row} is not UTF-8 text; save the file again as \"CSV UTF-8\" and import that")]
    NotUtf8 { row: usize },

    #[error("the file is empty: its first row must name the columns (for example Title, Description, Status)")]
    Empty,

    #[error(
        "no column holds the item titles; the headers are {}: add a Title column, or map one to \"title\"",
        list(headers)
    )]
    NoTitleColumn { headers: Vec<String> },

    #[error(
        "row {row} has {found} cells where the header has {expected}; look in that row for a missing or extra comma, or a quote that is not closed"
    )]
    Ragged { row: usize, found: usize, expected: usize },

    #[error(
        "row {row}: \"{text}\" in column \"{column}\" is not a date; write it as 2025-07-14 (or 14/Jul/25) or leave it empty"
    )]
    BadDate { row: usize, column: String, text: String },

    #[error(
        "row {row}: \"{text}\" in column \"{column}\" is not a number; write the estimate as a number such as 3 or 0.5, or leave it empty"
    )]
    BadNumber { row: usize, column: String, text: String },

    #[error("the column mapping cannot be used: {0}")]
    BadMapping(String),

    #[error("row {row} cannot be read: {message}")]
    Malformed { row: usize, message: String },
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Headers quoted, so an empty or space-padded one is still visible.
pub(crate) fn list(headers: &[String]) -> String {
    if headers.is_empty() {
        return "none".to_string();
    }
    headers.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ")
}
