//! Files that cannot be imported as they are: each gives its own error,
//! naming the row a spreadsheet shows.

use accord_csv::{read, CsvError, Format, Mapping, Skipped};

const JIRA_BAD_DATE: &[u8] = include_bytes!("../../../tests/fixtures/import/jira-bad-date.csv");
const GENERIC: &[u8] = include_bytes!("../../../tests/fixtures/import/generic.csv");
const RAGGED: &[u8] = include_bytes!("../../../tests/fixtures/import/ragged.csv");
const NO_TITLE: &[u8] = include_bytes!("../../../tests/fixtures/import/no-title.csv");
const INVALID_UTF8: &[u8] = include_bytes!("../../../tests/fixtures/import/invalid-utf8.csv");

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_jira_date_that_is_not_a_date_is_reported_not_guessed() {
    let err = read(JIRA_BAD_DATE, Format::Jira, None).unwrap_err();
    assert_eq!(err, CsvError::BadDate { row: 3, column: "Due date".into(), text: "sometime soon".into() });
    assert!(err.to_string().starts_with("row 3: \"sometime soon\" in column \"Due date\" is not a date"), "{err}");
}

#[test]
fn a_mapped_header_missing_from_the_file_is_named() {
    let mapping = Mapping::from_json(r#"{"title": "Name", "who": "Owner"}"#).unwrap();
    let err = read(GENERIC, Format::Generic, Some(&mapping)).unwrap_err();
    let CsvError::BadMapping(message) = &err else { panic!("{err:?}") };
    assert!(message.contains("\"Owner\""), "{message}");
    assert!(message.contains("\"Needs\""), "the file's headers are listed: {message}");

    let unknown = Mapping::from_json(r#"{"title": "Name", "priority": "P"}"#).unwrap_err();
    assert!(matches!(&unknown, CsvError::BadMapping(m) if m.contains("\"priority\" is not a column")), "{unknown:?}");
    let broken = Mapping::from_json(r#"{"title": "Name""#).unwrap_err();
    assert!(matches!(broken, CsvError::BadMapping(_)));
}

#[test]
fn a_mapping_without_title_has_no_title_column() {
    let mapping = Mapping::from_json(r#"{"key": "ID"}"#).unwrap();
    let err = read(GENERIC, Format::Generic, Some(&mapping)).unwrap_err();
    assert!(matches!(err, CsvError::NoTitleColumn { .. }), "{err:?}");
}

#[test]
fn a_short_row_is_ragged_at_its_row() {
    let err = read(RAGGED, Format::Generic, None).unwrap_err();
    assert_eq!(err, CsvError::Ragged { row: 4, found: 2, expected: 3 });
    assert!(err.to_string().starts_with("row 4 has 2 cells where the header has 3"), "{err}");
}

#[test]
fn empty_cells_past_the_header_are_ignored_but_content_there_is_not() {
    let sheet = read(b"Title,Status\nA,Done,,\n", Format::Generic, None).unwrap();
    assert_eq!(sheet.rows[0].status, "Done");
    let err = read(b"Title,Status\nA,Done\nB,Done,extra\n", Format::Generic, None).unwrap_err();
    assert_eq!(err, CsvError::Ragged { row: 3, found: 3, expected: 2 });
}

#[test]
fn no_title_column() {
    let headers = strings(&["ID", "Problem", "Status"]);
    assert_eq!(
        read(NO_TITLE, Format::Generic, None).unwrap_err(),
        CsvError::NoTitleColumn { headers: headers.clone() }
    );
    assert_eq!(read(NO_TITLE, Format::Jira, None).unwrap_err(), CsvError::NoTitleColumn { headers: headers.clone() });
    assert_eq!(read(NO_TITLE, Format::Linear, None).unwrap_err(), CsvError::NoTitleColumn { headers });
}

#[test]
fn invalid_utf8_names_its_row() {
    let err = read(INVALID_UTF8, Format::Generic, None).unwrap_err();
    assert_eq!(err, CsvError::NotUtf8 { row: 3 });
    assert!(err.to_string().contains("row 3"));
}

#[test]
fn files_without_a_header_are_empty() {
    for bytes in [&b""[..], b"\xEF\xBB\xBF", b"\r\n\r\n", b",,,\n,,,\n"] {
        assert_eq!(read(bytes, Format::Generic, None), Err(CsvError::Empty), "{bytes:?}");
    }
}

#[test]
fn an_unclosed_quote_is_malformed_at_its_row() {
    let err = read(b"Title,Status\nA,Done\n\"B,Done\nC,Done\n", Format::Generic, None).unwrap_err();
    assert!(matches!(&err, CsvError::Malformed { row: 3, message } if message.contains("never closed")), "{err:?}");
}

#[test]
fn effort_must_be_a_number() {
    let err = read(b"Title,Estimate\nA,3\nB,three\n", Format::Generic, None).unwrap_err();
    assert_eq!(err, CsvError::BadNumber { row: 3, column: "Estimate".into(), text: "three".into() });
    let sheet = read(b"Title,Estimate\nA, 2.5 \nB,\n", Format::Generic, None).unwrap();
    assert_eq!(sheet.rows.iter().map(|r| r.effort).collect::<Vec<_>>(), vec![Some(2.5), None]);
}

#[test]
fn rows_without_a_title_skip_their_bad_cells() {
    // A row that is not imported cannot fail the import.
    let sheet = read(b"Summary,Due date\nA,14/Jul/25\n,tomorrow\n", Format::Jira, None).unwrap();
    assert_eq!(sheet.rows.len(), 1);
    assert_eq!(sheet.skipped, vec![Skipped { row: 3, reason: "row 3 has no title".into() }]);
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let max = accord_csv::MAX_FILE_BYTES as u64;
    assert_eq!(accord_csv::check_size(max), Ok(()));
    assert_eq!(accord_csv::check_size(max + 1), Err(CsvError::TooLarge { bytes: max + 1, max }));
    // Not even a header: parsing would have said Empty or Malformed.
    let mut big = vec![b'"'; accord_csv::MAX_FILE_BYTES + 1];
    big[0] = 0xFF;
    assert_eq!(read(&big, Format::Jira, None), Err(CsvError::TooLarge { bytes: max + 1, max }));
    let message = accord_csv::check_size(max + 1).unwrap_err().to_string();
    assert!(message.contains("10485761 bytes") && message.contains("10.0 MiB"), "{message}");
}

#[test]
fn any_bytes_give_a_sheet_or_an_error_with_rows_in_order() {
    const PIECES: [&[u8]; 16] = [
        b",",
        b"\"",
        b"\n",
        b"\r\n",
        b"\r",
        b"Title",
        b"Summary",
        b"x",
        b" ",
        b"'=",
        b"\xEF\xBB\xBF",
        b"\xFF",
        b"\xC3\xA9",
        b"*b*",
        b"Due date",
        b"14/Jul/25",
    ];
    let mut seed = 0x9e37_79b9_u32;
    for _ in 0..3_000 {
        let mut bytes = Vec::new();
        for _ in 0..(seed % 40) {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            bytes.extend_from_slice(PIECES[(seed >> 16) as usize % PIECES.len()]);
        }
        for format in [Format::Jira, Format::Linear, Format::Generic] {
            if let Ok(sheet) = read(&bytes, format, None) {
                let mut numbers: Vec<usize> =
                    sheet.rows.iter().map(|r| r.row).chain(sheet.skipped.iter().map(|s| s.row)).collect();
                numbers.sort_unstable();
                assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{bytes:?}: {numbers:?}");
                assert!(numbers.first().is_none_or(|&n| n >= 2), "{bytes:?}: {numbers:?}");
                assert!(sheet.rows.iter().all(|r| !r.title.is_empty()));
            }
        }
    }
}
