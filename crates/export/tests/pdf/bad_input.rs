//! Junk in, a reason out: no input makes reading or verifying panic, and
//! no text in a document is ever read as template markup.

use accord_export::{read_attachment, read_document, verify, ReadError, Verdict};
use lopdf::{Document, Object};

use crate::tamper::with_attachment;
use crate::{fixture, pdftotext, render};

#[test]
fn a_file_that_is_not_a_pdf() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    for junk in [&b""[..], b"hello", png, b"{\"format\":\"accord.export.v1\"}", &[0u8; 4096]] {
        assert_eq!(read_document(junk).unwrap_err(), ReadError::NotPdf);
        assert_eq!(verify(junk, None).unwrap_err(), ReadError::NotPdf);
    }
    assert_eq!(ReadError::NotPdf.to_string(), "this is not a PDF file: it does not start with the %PDF- header");
}

#[test]
fn a_truncated_pdf() {
    let pdf = render(&fixture::doc());
    let err = verify(&pdf[..pdf.len() / 2], None).unwrap_err();
    assert!(matches!(&err, ReadError::Damaged(why) if why.contains("looks truncated")), "{err}");
    // Cut anywhere: never a panic, never a document.
    for n in 1..64 {
        let cut = &pdf[..pdf.len() * n / 64];
        assert!(read_document(cut).is_err(), "cut at {}", cut.len());
    }
    let err = read_document(&pdf[..pdf.len() - 8]).unwrap_err();
    assert!(matches!(err, ReadError::Damaged(_)), "{err}");
}

/// A minimal, valid one-page PDF with no attachment, written by hand.
fn minimal_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

#[test]
fn a_pdf_without_an_accord_document() {
    let err = verify(&minimal_pdf(), None).unwrap_err();
    assert_eq!(err, ReadError::NoDocument { found: vec![] });
    assert!(err.to_string().contains("has no attachment named accord-export.json (it has no attachments at all)"));

    // A PDF whose only attachment is something else.
    let pdf = render(&fixture::doc());
    let mut doc = Document::load_mem(&pdf).unwrap();
    let mut renamed = 0;
    for object in doc.objects.values_mut() {
        rename_attachment(object, &mut renamed);
    }
    assert_eq!(renamed, 1);
    let mut other = Vec::new();
    doc.save_to(&mut other).unwrap();
    let err = verify(&other, None).unwrap_err();
    assert_eq!(err, ReadError::NoDocument { found: vec!["notes.json".into()] });
    assert!(err.to_string().ends_with("(it has: notes.json)"), "{err}");
}

/// Renames the entry of the embedded-files name tree, wherever it is nested.
fn rename_attachment(object: &mut Object, renamed: &mut usize) {
    match object {
        Object::Dictionary(dict) => {
            for (key, value) in dict.iter_mut() {
                if key == b"Names" {
                    if let Object::Array(names) = value {
                        if let Some(Object::String(name, _)) = names.first_mut() {
                            if name == b"accord-export.json" {
                                *name = b"notes.json".to_vec();
                                *renamed += 1;
                                continue;
                            }
                        }
                    }
                }
                rename_attachment(value, renamed);
            }
        }
        Object::Array(items) => items.iter_mut().for_each(|o| rename_attachment(o, renamed)),
        _ => {}
    }
}

#[test]
fn a_malformed_or_newer_document() {
    let pdf = render(&fixture::doc());
    let err = verify(&with_attachment(&pdf, b"not json at all".to_vec()), None).unwrap_err();
    assert!(matches!(&err, ReadError::Malformed(why) if why.contains("not valid JSON")), "{err}");

    let err =
        verify(&with_attachment(&pdf, br#"{"format":"accord.export.v1","generator":3}"#.to_vec()), None).unwrap_err();
    assert!(matches!(err, ReadError::Malformed(_)), "{err}");

    let err = verify(&with_attachment(&pdf, br#"{"format":"accord.export.v2"}"#.to_vec()), None).unwrap_err();
    assert_eq!(err, ReadError::Unsupported { found: "accord.export.v2".into() });
}

#[test]
fn bit_flips_anywhere_never_panic() {
    let pdf = render(&fixture::doc());
    let step = pdf.len() / 400;
    for at in (0..pdf.len()).step_by(step.max(1)) {
        for bit in [0x01, 0x80] {
            let mut bad = pdf.clone();
            bad[at] ^= bit;
            // Either the document (the flip missed it) or a reason; never a panic.
            if let Ok(doc) = read_document(&bad) {
                assert_eq!(doc.format, accord_domain::EXPORT_FORMAT);
            }
        }
    }
    // Random bytes inside a PDF envelope.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for len in [10, 100, 1000, 10_000] {
        let mut junk = b"%PDF-1.7\n".to_vec();
        junk.extend((0..len).map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        }));
        junk.extend_from_slice(b"\n%%EOF\n");
        assert!(read_attachment(&junk).is_err());
    }
}

#[test]
fn text_is_never_read_as_markup() {
    let tricky = [
        "#panic(\"x\")",
        "]",
        "*x*",
        "$x$",
        "<x>",
        "@x",
        "_y_",
        "#set page(width: 1cm)",
        "// not a comment",
        "= not a heading",
        "\\",
        "\"quoted\"",
        "#{",
        ")",
        "`raw`",
    ];
    let mut doc = fixture::doc();
    for (n, t) in tricky.iter().enumerate() {
        let mut item = doc.snapshot.items[0].clone();
        item.id = 500 + n as i64;
        item.rank = 10 + n as i64;
        item.title = format!("T{n} {t}");
        item.matrix.what = format!("W{n} {t}");
        item.matrix.when = t.to_string();
        doc.snapshot.items.push(item);
    }
    doc.snapshot.roadmap_name = "#panic(\"name\") ]".into();
    doc.roadmap.name = doc.snapshot.roadmap_name.clone();
    doc.roadmap.team = "*team* $t$".into();
    doc.decisions[0].title = "<label> #panic()".into();
    doc.escalations[0].title = "]] #let x = 1".into();
    doc.trade_offs[0].why = "#emph[why]".into();
    fixture::sign(&mut doc);

    let pdf = render(&doc);
    let text = pdftotext(&pdf, None);
    for (n, t) in tricky.iter().enumerate() {
        assert!(text.contains(&format!("T{n} {t}")), "title {t:?} did not print literally:\n{text}");
        assert!(text.contains(&format!("W{n} {t}")), "text {t:?} did not print literally");
    }
    for t in ["#panic(\"name\") ]", "*team* $t$", "<label> #panic()", "]] #let x = 1", "#emph[why]"] {
        assert!(text.contains(t), "{t:?} did not print literally");
    }
    assert_eq!(verify(&pdf, None).unwrap().verdict, Verdict::SignedOff);
}
