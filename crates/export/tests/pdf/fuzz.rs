//! `verify` on signed-off PDFs damaged at random, with a fixed case budget:
//! byte flips, truncations, objects duplicated after the original (a later
//! copy shadows the first in most readers), and attachments swapped for
//! another document's, a validly signed one included. It never panics, and
//! it never says "signed off" for bytes that are not the ones exported.

use std::cell::Cell;

use accord_export::{read_attachment, verify, Verdict};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::tamper::with_attachment;
use crate::{fixture, render};

/// A figure for the log: written to stderr itself, which the test harness
/// does not capture, so a passing run prints it too.
fn show(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

#[derive(Debug, Clone)]
enum Attachment {
    /// Other content, validly signed off by the same two keys.
    SignedElsewhere,
    /// This roadmap, changed after signing (a draft with old signatures).
    ChangedAfterSigning,
    /// A draft with no signatures.
    Draft,
    /// This very attachment with one byte flipped.
    Flipped { at: usize, mask: u8 },
}

#[derive(Debug, Clone)]
enum Damage {
    Flip {
        at: usize,
        mask: u8,
    },
    Truncate {
        at: usize,
    },
    /// The nth object copied, with a byte of it flipped, before the end of the file.
    DuplicateObject {
        nth: usize,
        at: usize,
        mask: u8,
    },
}

fn attachment() -> impl Strategy<Value = Option<Attachment>> {
    prop_oneof![
        3 => Just(None),
        1 => Just(Some(Attachment::SignedElsewhere)),
        1 => Just(Some(Attachment::ChangedAfterSigning)),
        1 => Just(Some(Attachment::Draft)),
        2 => (any::<usize>(), 1..=255u8).prop_map(|(at, mask)| Some(Attachment::Flipped { at, mask })),
    ]
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        3 => (any::<usize>(), 1..=255u8).prop_map(|(at, mask)| Damage::Flip { at, mask }),
        1 => any::<usize>().prop_map(|at| Damage::Truncate { at }),
        2 => (any::<usize>(), any::<usize>(), 0..=255u8).prop_map(|(nth, at, mask)| Damage::DuplicateObject { nth, at, mask }),
    ]
}

/// Where each `N G obj` … `endobj` span starts and ends.
fn objects(pdf: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(start) = find_from(pdf, b" obj", from) {
        let begin = pdf[..start].iter().rposition(|b| b.is_ascii_whitespace()).map_or(0, |i| i + 1);
        let begin = pdf[..begin.saturating_sub(1)].iter().rposition(|b| b.is_ascii_whitespace()).map_or(0, |i| i + 1);
        let Some(end) = find_from(pdf, b"endobj", start) else { break };
        spans.push((begin, end + b"endobj".len()));
        from = end;
    }
    spans
}

fn find_from(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

fn damaged(mut pdf: Vec<u8>, damage: &Damage) -> Vec<u8> {
    let len = pdf.len();
    match *damage {
        Damage::Flip { at, mask } if len > 0 => pdf[at % len] ^= mask,
        Damage::Truncate { at } => pdf.truncate(at % (len + 1)),
        Damage::DuplicateObject { nth, at, mask } => {
            let spans = objects(&pdf);
            if let Some(&(begin, end)) = spans.get(nth % spans.len().max(1)) {
                let mut copy = pdf[begin..end].to_vec();
                let n = copy.len();
                copy[at % n] ^= mask;
                copy.push(b'\n');
                let eof = pdf.windows(5).rposition(|w| w == b"%%EOF").unwrap_or(len);
                pdf.splice(eof..eof, copy);
            }
        }
        _ => {}
    }
    pdf
}

#[test]
fn a_damaged_pdf_never_verifies_as_signed_off() {
    let original = render(&fixture::doc());
    let known = [fixture::em_identity(), fixture::pm_identity()];
    assert_eq!(verify(&original, Some(&known)).unwrap().verdict, Verdict::SignedOff, "the control");
    let mut elsewhere = fixture::doc();
    elsewhere.snapshot.items[0].title = "Another plan, signed by the same two keys".into();
    fixture::sign(&mut elsewhere);
    let attachment_of = |doc| read_attachment(&render(&doc)).unwrap();
    let swaps =
        [attachment_of(elsewhere), attachment_of(fixture::changed_after_signing()), attachment_of(fixture::draft())];
    let ours = read_attachment(&original).unwrap();

    let verdicts: [Cell<u32>; 5] = Default::default();
    let cases = std::env::var("ACCORD_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64);
    let mut runner = TestRunner::new(Config { cases, source_file: Some(file!()), ..Config::default() });
    runner
        .run(&(attachment(), prop::collection::vec(damage(), 0..=2)), |(swap, damages)| {
            let start = match swap {
                None => original.clone(),
                Some(Attachment::SignedElsewhere) => with_attachment(&original, swaps[0].clone()),
                Some(Attachment::ChangedAfterSigning) => with_attachment(&original, swaps[1].clone()),
                Some(Attachment::Draft) => with_attachment(&original, swaps[2].clone()),
                Some(Attachment::Flipped { at, mask }) => {
                    let mut bytes = ours.clone();
                    let n = bytes.len();
                    bytes[at % n] ^= mask;
                    with_attachment(&original, bytes)
                }
            };
            let pdf = damages.iter().fold(start, damaged);
            let slot = match verify(&pdf, Some(&known)) {
                Err(_) => 4,
                Ok(v) => {
                    if pdf == original {
                        prop_assert_eq!(v.verdict, Verdict::SignedOff, "the untouched PDF still verifies");
                    } else {
                        prop_assert_ne!(v.verdict, Verdict::SignedOff, "an altered PDF said to be signed off");
                    }
                    v.verdict as usize
                }
            };
            verdicts[slot].set(verdicts[slot].get() + 1);
            Ok(())
        })
        .unwrap();
    let [signed_off, draft, unconfirmed, tampered, unreadable] = verdicts.map(Cell::into_inner);
    show(&format!(
        "verify fuzz: {cases} cases: {tampered} tampered, {unreadable} unreadable, {draft} draft, \
         {unconfirmed} unconfirmed, {signed_off} signed off (each the untouched file)"
    ));
    assert!(tampered > 0 && unreadable > 0, "the damage reaches both the reader and the checks");
}
