//! PDF bytes → the embedded Accord document. Any input is refused with a
//! reason a person understands; nothing here panics (the PDF parser is run
//! behind `catch_unwind` as well, in case it ever does).

use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};

use accord_domain::{ExportDoc, EXPORT_ATTACHMENT, EXPORT_FORMAT};
use hayro_syntax::object::{Array, Dict, Object, Stream};
use hayro_syntax::{Filter, LoadPdfError, Pdf};

/// The largest attachment accepted once decompressed. A real document is far
/// smaller (1,000 items with long texts are a few megabytes); the cap keeps a
/// crafted "zip bomb" from exhausting memory.
const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;
/// How deep the embedded-files name tree may nest before it is called damaged.
const MAX_TREE_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("this is not a PDF file: it does not start with the %PDF- header")]
    NotPdf,
    #[error("the PDF is damaged: {0}")]
    Damaged(String),
    #[error(
        "this PDF does not carry an Accord roadmap: it has no attachment named {EXPORT_ATTACHMENT}{}",
        found_note(.found)
    )]
    NoDocument { found: Vec<String> },
    #[error("the Accord document attached to this PDF is malformed: {0}")]
    Malformed(String),
    #[error("the attached document's format is {found:?}; this version of Accord reads {EXPORT_FORMAT:?}")]
    Unsupported { found: String },
}

fn found_note(found: &[String]) -> String {
    if found.is_empty() {
        " (it has no attachments at all)".into()
    } else {
        format!(" (it has: {})", found.join(", "))
    }
}

/// The Accord document a PDF carries, as attached (see [`read_attachment`]).
pub fn read_document(pdf: &[u8]) -> Result<ExportDoc, ReadError> {
    parse_document(&read_attachment(pdf)?)
}

/// The raw bytes of the PDF's [`EXPORT_ATTACHMENT`].
pub fn read_attachment(pdf: &[u8]) -> Result<Vec<u8>, ReadError> {
    check_envelope(pdf)?;
    match catch_unwind(AssertUnwindSafe(|| find_attachment(pdf))) {
        Ok(result) => result,
        Err(_) => Err(ReadError::Damaged("its structure could not be read".into())),
    }
}

pub(crate) fn parse_document(bytes: &[u8]) -> Result<ExportDoc, ReadError> {
    // The format first, so a newer document is called newer, not malformed.
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ReadError::Malformed(format!("it is not valid JSON ({e})")))?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(EXPORT_FORMAT) => {}
        Some(other) => return Err(ReadError::Unsupported { found: other.into() }),
        None => return Err(ReadError::Malformed("it has no \"format\" field".into())),
    }
    serde_json::from_value(value).map_err(|e| ReadError::Malformed(e.to_string()))
}

/// The cheap checks a person's mistakes fail: another kind of file, or a
/// download that stopped early.
fn check_envelope(pdf: &[u8]) -> Result<(), ReadError> {
    // Readers accept the header within the first kilobyte.
    let head = &pdf[..pdf.len().min(1024)];
    if !contains(head, b"%PDF-") {
        return Err(ReadError::NotPdf);
    }
    let tail = &pdf[pdf.len().saturating_sub(1024)..];
    if !contains(tail, b"%%EOF") {
        return Err(ReadError::Damaged(format!(
            "the file ends early, after {} bytes, without the end-of-file marker: it looks truncated",
            pdf.len()
        )));
    }
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn find_attachment(data: &[u8]) -> Result<Vec<u8>, ReadError> {
    let pdf = Pdf::new(data.to_vec()).map_err(|e| match e {
        LoadPdfError::Decryption(_) => ReadError::Damaged("it is encrypted, and Accord never encrypts its PDFs".into()),
        LoadPdfError::Invalid => ReadError::Damaged("its cross-reference table and objects cannot be read".into()),
    })?;
    let xref = pdf.xref();
    let catalog: Dict<'_> =
        xref.get(xref.root_id()).ok_or_else(|| ReadError::Damaged("its document catalog is missing".into()))?;

    let mut found = Vec::new();
    if let Some(tree) = catalog.get::<Dict<'_>>(b"Names").and_then(|names| names.get::<Dict<'_>>(b"EmbeddedFiles")) {
        let mut files = Vec::new();
        collect_name_tree(&tree, 0, &mut files)?;
        for (name, spec) in files {
            if name == EXPORT_ATTACHMENT {
                return file_data(&spec);
            }
            found.push(name);
        }
    }
    Err(ReadError::NoDocument { found })
}

/// The (name, file specification) pairs of an embedded-files name tree.
fn collect_name_tree<'a>(node: &Dict<'a>, depth: usize, out: &mut Vec<(String, Dict<'a>)>) -> Result<(), ReadError> {
    if depth > MAX_TREE_DEPTH {
        return Err(ReadError::Damaged("its list of attachments nests too deep (a loop?)".into()));
    }
    if let Some(names) = node.get::<Array<'a>>(b"Names") {
        let mut entries = names.iter::<Object<'a>>();
        while let (Some(key), Some(value)) = (entries.next(), entries.next()) {
            if let (Object::String(key), Object::Dict(spec)) = (key, value) {
                out.push((text_string(key.as_bytes()), spec));
            }
        }
    }
    if let Some(kids) = node.get::<Array<'a>>(b"Kids") {
        for kid in kids.iter::<Dict<'a>>() {
            collect_name_tree(&kid, depth + 1, out)?;
        }
    }
    Ok(())
}

/// A PDF text string: UTF-16BE after a byte order mark, else (for the ASCII
/// names that matter here) PDFDocEncoding read as Latin-1.
fn text_string(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// The decoded bytes of a file specification's embedded file.
fn file_data(spec: &Dict<'_>) -> Result<Vec<u8>, ReadError> {
    let stream: Stream<'_> = spec
        .get::<Dict<'_>>(b"EF")
        .and_then(|ef| ef.get::<Stream<'_>>(b"F").or_else(|| ef.get::<Stream<'_>>(b"UF")))
        .ok_or_else(|| ReadError::Damaged(format!("the attachment {EXPORT_ATTACHMENT} has no readable file stream")))?;
    let raw = stream.raw_data();
    let filters = stream.filters();
    let too_big = || ReadError::Damaged(format!("the attachment {EXPORT_ATTACHMENT} is implausibly large"));
    match filters.as_slice() {
        [] => {
            if raw.len() as u64 > MAX_DOCUMENT_BYTES {
                return Err(too_big());
            }
            Ok(raw.into_owned())
        }
        [Filter::FlateDecode] => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(raw.as_ref()).take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut out).map_err(
                |e| ReadError::Damaged(format!("the attachment {EXPORT_ATTACHMENT} cannot be decompressed ({e})")),
            )?;
            if out.len() as u64 > MAX_DOCUMENT_BYTES {
                return Err(too_big());
            }
            Ok(out)
        }
        other => Err(ReadError::Damaged(format!(
            "the attachment {EXPORT_ATTACHMENT} is stored with an encoding Accord does not write ({other:?})"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_in_either_encoding() {
        assert_eq!(text_string(b"accord-export.json"), "accord-export.json");
        let utf16: Vec<u8> =
            [0xFE, 0xFF].into_iter().chain("añ".encode_utf16().flat_map(|u| u.to_be_bytes())).collect();
        assert_eq!(text_string(&utf16), "añ");
    }

    #[test]
    fn the_envelope_tells_another_file_from_a_truncated_pdf() {
        assert_eq!(check_envelope(b"hello"), Err(ReadError::NotPdf));
        assert_eq!(check_envelope(b""), Err(ReadError::NotPdf));
        assert!(matches!(check_envelope(b"%PDF-1.7\n1 0 obj"), Err(ReadError::Damaged(_))));
    }

    #[test]
    fn a_newer_format_is_called_unsupported_not_malformed() {
        assert_eq!(
            parse_document(br#"{"format":"accord.export.v9"}"#),
            Err(ReadError::Unsupported { found: "accord.export.v9".into() })
        );
        assert!(matches!(parse_document(b"{"), Err(ReadError::Malformed(_))));
        assert!(matches!(parse_document(b"[]"), Err(ReadError::Malformed(_))));
        assert!(matches!(parse_document(br#"{"format":"accord.export.v1"}"#), Err(ReadError::Malformed(_))));
    }
}
