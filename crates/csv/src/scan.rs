//! Physical records of a CSV file with the row numbers a spreadsheet shows.
//!
//! The csv crate silently drops blank lines, but a spreadsheet shows each of
//! them as a row, so every later row number would be off by one per blank
//! line. The line breaks between two records are counted here to keep the
//! numbers right, and each blank line is handed on as an empty record.

use std::borrow::Cow;
use std::ops::Range;

use csv::{ByteRecord, StringRecord};

use crate::CsvError;

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) struct Records<'a> {
    bytes: &'a [u8],
    reader: csv::Reader<&'a [u8]>,
    /// Row of the last record handed out; 0 before the first.
    row: usize,
    blanks: Range<usize>,
    held: Option<(usize, StringRecord)>,
    /// Sizes of the last record, so the next one is allocated once.
    capacity: (usize, usize),
    done: bool,
}

impl<'a> Records<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Records<'a> {
        let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
        // Headers are read as an ordinary record so repeated ones stay apart
        // by position; flexible so a short row is reported with its number
        // rather than as the csv crate's generic length error.
        let reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
        Records { bytes, reader, row: 0, blanks: 0..0, held: None, capacity: (0, 0), done: false }
    }

    fn read(&mut self) -> Option<Result<(usize, StringRecord), CsvError>> {
        let before = self.reader.position().byte() as usize;
        let mut record = ByteRecord::with_capacity(self.capacity.0, self.capacity.1);
        match self.reader.read_byte_record(&mut record) {
            Err(e) => {
                self.done = true;
                return Some(Err(CsvError::Malformed { row: self.row + 1, message: e.to_string() }));
            }
            Ok(false) => {
                self.done = true;
                return None;
            }
            Ok(true) => {}
        }
        let (breaks, start) = breaks_around(self.bytes, before);
        let row = if self.row == 0 {
            1 + breaks
        } else {
            let row = self.row + breaks.max(1);
            self.blanks = self.row + 1..row;
            row
        };
        self.row = row;
        self.capacity = (record.as_slice().len(), record.len());

        if self.reader.position().byte() as usize >= self.bytes.len() && quote_left_open(&self.bytes[start..]) {
            // An unclosed quote makes the csv crate read everything after it
            // as one cell; without this the user would see a puzzling
            // cell-count error instead.
            self.done = true;
            return Some(Err(CsvError::Malformed {
                row,
                message: "a quoted cell that starts in this row is never closed; add the missing closing quote (\")"
                    .to_string(),
            }));
        }
        match StringRecord::from_byte_record(record) {
            Ok(record) => Some(Ok((row, record))),
            Err(_) => {
                self.done = true;
                Some(Err(CsvError::NotUtf8 { row }))
            }
        }
    }
}

impl Iterator for Records<'_> {
    /// The row number and the cells; a blank line has no cells. Cells keep
    /// the file's line breaks: [`normalise_newlines`] is for the ones used.
    type Item = Result<(usize, StringRecord), CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(blank) = self.blanks.next() {
            return Some(Ok((blank, StringRecord::new())));
        }
        if let Some(held) = self.held.take() {
            return Some(Ok(held));
        }
        if self.done {
            return None;
        }
        match self.read()? {
            Ok(record) if !self.blanks.is_empty() => {
                self.held = Some(record);
                self.blanks.next().map(|blank| Ok((blank, StringRecord::new())))
            }
            other => Some(other),
        }
    }
}

/// The line breaks in the run of `\r`/`\n` bytes around `at`, and where the
/// next record's first byte is. A record's content never ends in a line
/// break (a quoted cell ends in `"`), so the whole run lies between records.
fn breaks_around(bytes: &[u8], at: usize) -> (usize, usize) {
    let newline = |b: u8| b == b'\r' || b == b'\n';
    let mut from = at.min(bytes.len());
    while from > 0 && newline(bytes[from - 1]) {
        from -= 1;
    }
    let mut to = at.min(bytes.len());
    while to < bytes.len() && newline(bytes[to]) {
        to += 1;
    }
    let run = &bytes[from..to];
    let mut breaks = 0;
    let mut i = 0;
    while i < run.len() {
        if run[i] == b'\r' && run.get(i + 1) == Some(&b'\n') {
            i += 1;
        }
        breaks += 1;
        i += 1;
    }
    (breaks, to)
}

/// Follows the csv crate's quoting rules over the last record's bytes.
fn quote_left_open(bytes: &[u8]) -> bool {
    #[derive(PartialEq)]
    enum State {
        Start,
        Plain,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::Start;
    for &b in bytes {
        state = match (state, b) {
            (State::Start, b'"') => State::Quoted,
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (_, b',' | b'\r' | b'\n') => State::Start,
            _ => State::Plain,
        };
    }
    state == State::Quoted
}

/// Cells keep their line breaks as `\n` whatever the file's line ends were.
pub(crate) fn normalise_newlines(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(usize, Vec<String>)> {
        let cells = |r: &StringRecord| r.iter().map(|c| normalise_newlines(c).into_owned()).collect();
        Records::new(text.as_bytes()).map(|r| r.map(|(n, r)| (n, cells(&r)))).collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn blank_lines_keep_their_row_numbers() {
        let got = rows("a,b\r\n1,2\r\n\r\n\r\n3,4\r\n");
        let numbers: Vec<usize> = got.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, vec![1, 2, 3, 4, 5]);
        assert!(got[2].1.is_empty() && got[3].1.is_empty());
        assert_eq!(got[4].1, vec!["3", "4"]);
    }

    #[test]
    fn quoted_line_breaks_do_not_add_rows() {
        let got = rows("a,b\n\"one\r\ntwo\nthree\",x\n5,6");
        assert_eq!(got[1], (2, vec!["one\ntwo\nthree".to_string(), "x".to_string()]));
        assert_eq!(got[2].0, 3);
    }

    #[test]
    fn lone_carriage_returns_end_rows() {
        let numbers: Vec<usize> = rows("a\rb\r\rc").iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, vec![1, 2, 3, 4]);
    }

    #[test]
    fn an_unclosed_quote_is_reported_at_its_row() {
        let got: Result<Vec<_>, _> = Records::new(b"a,b\n1,2\n3,\"four\n5,6\n").collect();
        assert!(matches!(got, Err(CsvError::Malformed { row: 3, .. })), "{got:?}");
        let closed: Result<Vec<_>, _> = Records::new(b"a,b\n3,\"fo\"\"ur\"\n").collect();
        assert!(closed.is_ok());
    }
}
