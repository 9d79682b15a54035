use std::borrow::Cow;

use accord_csv::{escape_formula, read, write, Format};

#[test]
fn formula_cells_get_an_apostrophe_and_others_are_borrowed() {
    for (cell, escaped) in [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tindent", "'\tindent"),
        ("\rreturn", "'\rreturn"),
    ] {
        assert_eq!(escape_formula(cell), escaped);
    }
    for cell in ["Checkout redesign", "", "a=b", "'quoted", " =space first"] {
        assert!(matches!(escape_formula(cell), Cow::Borrowed(c) if c == cell), "{cell:?}");
    }
}

#[test]
fn written_csv_reads_back_cell_for_cell() {
    let header = ["Title", "Notes", "=Owner"];
    let rows = vec![
        vec!["=HYPERLINK(\"https://evil.example/\")".to_string(), "line one\nline two".to_string(), "Sam".to_string()],
        vec!["Commas, \"quotes\"".to_string(), "+1 from Priya".to_string(), "@emil".to_string()],
        vec!["Plain".to_string(), String::new(), "-".to_string()],
    ];
    let text = write(&header, &rows);
    assert!(!text.contains('\r'), "line ends are \\n only: {text:?}");
    assert!(text.ends_with('\n'));

    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let back: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    assert_eq!(
        back,
        vec![
            vec!["Title".to_string(), "Notes".to_string(), "'=Owner".to_string()],
            vec![
                "'=HYPERLINK(\"https://evil.example/\")".to_string(),
                "line one\nline two".to_string(),
                "Sam".to_string()
            ],
            vec!["Commas, \"quotes\"".to_string(), "'+1 from Priya".to_string(), "'@emil".to_string()],
            vec!["Plain".to_string(), String::new(), "'-".to_string()],
        ]
    );
}

#[test]
fn reading_a_written_file_restores_the_original_text() {
    let rows = vec![
        vec!["=1+2 pricing test".to_string(), "-{{0.01}}- stays as written".to_string()],
        vec!["Saved cards".to_string(), "@platform".to_string()],
    ];
    let text = write(&["Title", "What"], &rows);
    let sheet = read(text.as_bytes(), Format::Generic, None).unwrap();
    let got: Vec<(&str, &str)> = sheet.rows.iter().map(|r| (r.title.as_str(), r.what.as_str())).collect();
    assert_eq!(got, vec![("=1+2 pricing test", "-{{0.01}}- stays as written"), ("Saved cards", "@platform")]);
}
