use std::borrow::Cow;

/// CSV text with `\n` line ends. Every cell, the header's too, goes through
/// [`escape_formula`]: the file will be opened in a spreadsheet, and a title
/// such as `=HYPERLINK(...)` must show as text there, not run.
pub fn write(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        // Rows are written as given; a short row is the caller's choice.
        .flexible(true)
        .from_writer(Vec::new());
    // Writing to memory with flexible records has no failure left to report.
    write_all(&mut writer, header, rows).expect("CSV written to memory");
    let bytes = writer.into_inner().expect("CSV buffer already flushed");
    String::from_utf8(bytes).expect("CSV built from UTF-8 cells")
}

fn write_all(writer: &mut csv::Writer<Vec<u8>>, header: &[&str], rows: &[Vec<String>]) -> csv::Result<()> {
    writer.write_record(header.iter().map(|cell| escape_formula(cell).into_owned()))?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| escape_formula(cell).into_owned()))?;
    }
    writer.flush()?;
    Ok(())
}

/// A cell a spreadsheet would read as a formula (OWASP "CSV injection":
/// leading `=`, `+`, `-`, `@`, tab or carriage return) gets a leading
/// apostrophe, which spreadsheets show as text and [`crate::read`] removes
/// again. Other cells are returned as they are.
pub fn escape_formula(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}
