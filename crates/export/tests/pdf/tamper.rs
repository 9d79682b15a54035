//! Changed PDFs: each is caught by the check that should catch it, and the
//! detail names what failed.

use accord_domain::{ExportDoc, ExportStatus, PublicIdentity, Role, Statement, Subject};
use accord_export::{read_attachment, verify, CheckName, ReadError, SignatureState, Verdict, Verification};
use lopdf::{Document, Object};

use crate::{fixture, render};

/// Replaces the bytes of the PDF's embedded file, as a PDF editor would
/// (decompress, change, recompress, rewrite the file).
pub fn with_attachment(pdf: &[u8], bytes: Vec<u8>) -> Vec<u8> {
    edit(pdf, |stream| {
        stream.set_plain_content(bytes.clone());
        stream.compress().unwrap();
    })
}

/// Applies `change` to the PDF's one embedded-file stream and saves.
fn edit(pdf: &[u8], change: impl Fn(&mut lopdf::Stream)) -> Vec<u8> {
    let mut doc = Document::load_mem(pdf).unwrap();
    let mut edited = 0;
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if stream.dict.get(b"Type").and_then(Object::as_name).is_ok_and(|n| n == b"EmbeddedFile") {
                change(stream);
                edited += 1;
            }
        }
    }
    assert_eq!(edited, 1, "the PDF has one embedded file");
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn failed(v: &Verification) -> Vec<CheckName> {
    v.checks.iter().filter(|c| !c.passed && !c.skipped).map(|c| c.name).collect()
}

fn known() -> [PublicIdentity; 2] {
    [fixture::em_identity(), fixture::pm_identity()]
}

#[test]
fn an_untouched_pdf_saved_by_another_tool_still_reads_but_its_pages_differ() {
    // The control for the edits below: rewriting the file alone changes its
    // bytes, which only the page check notices.
    let pdf = render(&fixture::doc());
    let resaved = edit(&pdf, |_| {});
    let v = verify(&resaved, Some(&known())).unwrap();
    assert_eq!(failed(&v), [CheckName::Pages]);
    assert_eq!(v.verdict, Verdict::Tampered);
}

#[test]
fn a_flipped_byte_in_the_signed_content_fails_the_hash_and_the_pages() {
    let pdf = render(&fixture::doc());
    let mut json = read_attachment(&pdf).unwrap();
    let at = find(&json, b"Retire the legacy reporting cluster");
    json[at] ^= 0x01; // 'R' → 'S'
    let tampered = with_attachment(&pdf, json);
    assert_eq!(read_attachment(&tampered).unwrap()[at], b'S', "the flip landed in the document");

    let v = verify(&tampered, Some(&known())).unwrap();
    assert_eq!(v.doc.snapshot.items[2].title, "Setire the legacy reporting cluster");
    let hash = v.check(CheckName::ContentHash);
    assert!(!hash.passed && hash.detail.contains("the content was changed after it was hashed"), "{hash:?}");
    assert!(!v.check(CheckName::Pages).passed);
    assert_eq!(v.verdict, Verdict::Tampered);
    assert!(v.summary().contains("does NOT verify: Content hash, Pages failed"), "{}", v.summary());
}

#[test]
fn a_flipped_byte_outside_the_signed_content_fails_the_pages() {
    let pdf = render(&fixture::doc());
    let mut json = read_attachment(&pdf).unwrap();
    let at = find(&json, b"Grace Hopper");
    json[at] ^= 0x01; // 'G' → 'F'
    let v = verify(&with_attachment(&pdf, json), Some(&known())).unwrap();
    assert_eq!(failed(&v), [CheckName::Pages]);
    assert!(v.check(CheckName::Pages).detail.contains("the pages or the file were changed after export"));
    assert_eq!(v.verdict, Verdict::Tampered);
}

#[test]
fn a_flipped_byte_in_the_compressed_stream_is_damage() {
    let pdf = render(&fixture::doc());
    let mut raw = pdf.clone();
    // The embedded file's stream dictionary (not the /EmbeddedFiles name tree).
    let dict = (0..raw.len() - 14)
        .find(|&i| raw[i..].starts_with(b"/EmbeddedFile") && raw[i + 13] != b's')
        .expect("the embedded file's dictionary is plain text");
    let data = dict + find(&raw[dict..], b"stream") + "stream\n".len();
    raw[data + 40] ^= 0x01;
    match verify(&raw, None) {
        Err(ReadError::Damaged(why)) => assert!(why.contains("cannot be decompressed"), "{why}"),
        other => panic!("expected damage, got {other:?}"),
    }
}

#[test]
fn a_signature_by_another_key_names_the_signer() {
    let mut doc = fixture::doc();
    let st = doc.signatures[1].statement.clone();
    doc.signatures[1] = fixture::other_key().sign(st).unwrap();
    let v = verify(&render(&doc), Some(&known())).unwrap();
    let sigs = v.check(CheckName::Signatures);
    assert!(!sigs.passed, "{sigs:?}");
    assert!(sigs.detail.contains("Tomás Ferreira (PM)'s signature is not valid"), "{}", sigs.detail);
    assert!(!sigs.detail.contains("Åsa Lindqvist"), "only the failing signer is named: {}", sigs.detail);
    assert!(matches!(v.signatures[1].state, SignatureState::Invalid { .. }));
    assert_eq!(v.signatures[0].state, SignatureState::Valid);
    let off = v.check(CheckName::SignedOff);
    assert!(!off.passed && off.detail.contains("the PM (Tomás Ferreira) has no valid signature"), "{off:?}");
    // The pages are what this (forged) document renders to: only the signatures give it away.
    assert!(v.check(CheckName::Pages).passed);
    assert_eq!(v.verdict, Verdict::Tampered);
}

#[test]
fn an_altered_signature_is_invalid() {
    let mut doc = fixture::doc();
    let sig = &mut doc.signatures[0].signature;
    let flipped = if sig.starts_with('0') { "1" } else { "0" };
    sig.replace_range(0..1, flipped);
    let v = verify(&render(&doc), None).unwrap();
    let detail = &v.check(CheckName::Signatures).detail;
    assert!(detail.contains("Åsa Lindqvist (EM)'s signature is not valid: the signature does not match"), "{detail}");
    assert_eq!(v.verdict, Verdict::Tampered);
}

#[test]
fn a_forger_with_their_own_identity_is_caught_by_known_signers() {
    // Re-signed with the forger's key, under the PM's name, consistently.
    let mut doc = fixture::doc();
    let forger = fixture::other_key();
    let st = doc.signatures[1].statement.clone();
    doc.signatures[1] = forger.sign(st).unwrap();
    doc.identities[1] = PublicIdentity::new(fixture::PM_NAME, Role::Pm, forger.public());
    doc.signers[1].fingerprint = forger.public().fingerprint();
    let pdf = render(&doc);

    let trusting = verify(&pdf, None).unwrap();
    assert_eq!(failed(&trusting), Vec::<CheckName>::new());

    let v = verify(&pdf, Some(&known())).unwrap();
    let check = v.check(CheckName::KnownSigners);
    assert!(!check.passed, "{check:?}");
    assert!(
        check.detail.contains(&format!("Tomás Ferreira (PM) (key {})", forger.public().fingerprint())),
        "{}",
        check.detail
    );
    assert!(!check.detail.contains("Åsa"), "{}", check.detail);
    assert_eq!(v.verdict, Verdict::Unconfirmed);
}

#[test]
fn the_sign_off_block_must_show_who_signed() {
    let mut doc = fixture::doc();
    doc.signers[0].name = "Somebody Else".into();
    let v = verify(&render(&doc), None).unwrap();
    let detail = &v.check(CheckName::Signatures).detail;
    assert!(detail.contains("the sign-off block shows Somebody Else"), "{detail}");
    assert_eq!(v.verdict, Verdict::Tampered);
}

#[test]
fn another_roadmaps_document_in_this_pdf_fails_the_pages() {
    let pdf = render(&fixture::doc());
    // Another roadmap, properly signed off on its own.
    let mut other = fixture::doc();
    other.roadmap.id = 8;
    other.roadmap.name = "Growth".into();
    other.snapshot.roadmap_id = 8;
    other.snapshot.roadmap_name = "Growth".into();
    other.snapshot.items.truncate(1);
    fixture::sign(&mut other);
    let other_pdf = render(&other);
    assert_eq!(verify(&other_pdf, Some(&known())).unwrap().verdict, Verdict::SignedOff);

    let swapped = with_attachment(&pdf, read_attachment(&other_pdf).unwrap());
    let v = verify(&swapped, Some(&known())).unwrap();
    assert_eq!(v.doc, other);
    assert_eq!(failed(&v), [CheckName::Pages], "{:#?}", v.checks);
    assert_eq!(v.verdict, Verdict::Tampered);
}

#[test]
fn signatures_over_an_earlier_version_are_reported_as_such() {
    let doc = fixture::changed_after_signing();
    let v = verify(&render(&doc), Some(&known())).unwrap();
    assert!(v.check(CheckName::ContentHash).passed);
    assert!(v.check(CheckName::Pages).passed);
    let sigs = v.check(CheckName::Signatures);
    assert!(!sigs.passed);
    assert!(
        sigs.detail.contains("Åsa Lindqvist (EM)'s signature is valid but over an earlier version of the roadmap"),
        "{}",
        sigs.detail
    );
    assert!(sigs.detail.contains("Tomás Ferreira (PM)'s signature is valid but over an earlier version"));
    let off = v.check(CheckName::SignedOff);
    assert!(!off.passed && off.detail.contains("this is a DRAFT"), "{off:?}");
    assert!(off.detail.contains("are over an earlier version"), "{off:?}");
    assert!(v.signatures.iter().all(|s| matches!(s.state, SignatureState::Lapsed { .. })));
    // A draft carrying old signatures is honest: intact, but a draft.
    assert_eq!(v.verdict, Verdict::Draft);
    assert!(v.summary().contains("intact DRAFT"), "{}", v.summary());

    // Calling that same content signed off is not.
    let mut claimed = doc.clone();
    claimed.status = ExportStatus::SignedOff;
    claimed.draft_reason.clear();
    let v = verify(&render(&claimed), Some(&known())).unwrap();
    let off = v.check(CheckName::SignedOff);
    assert!(
        off.detail.contains("the document says SIGNED OFF, but the EM (Åsa Lindqvist) signed an earlier version only"),
        "{off:?}"
    );
    assert_eq!(v.verdict, Verdict::Tampered);
}

#[test]
fn a_signature_over_another_baseline_or_roadmap_is_invalid() {
    // Another baseline, another local roadmap id, and the same ids and text
    // in another database (another global identity).
    let uid = || Some(fixture::ROADMAP_UID.to_string());
    for (subject, roadmap, roadmap_uid) in [
        (Subject::Baseline(fixture::BASELINE_ID + 1), fixture::ROADMAP_ID, uid()),
        (Subject::Baseline(fixture::BASELINE_ID), 99, uid()),
        (Subject::Baseline(fixture::BASELINE_ID), fixture::ROADMAP_ID, Some("another-database".into())),
    ] {
        let mut doc = fixture::doc();
        let old = &doc.signatures[0].statement;
        let st = Statement { subject, roadmap_id: roadmap, roadmap_uid, ..old.clone() };
        doc.signatures[0] = fixture::em_key().sign(st).unwrap();
        let v = verify(&render(&doc), None).unwrap();
        let detail = &v.check(CheckName::Signatures).detail;
        assert!(detail.contains("Åsa Lindqvist (EM)'s signature is not valid: it is over"), "{detail}");
        assert_eq!(v.verdict, Verdict::Tampered);
    }
}

#[test]
fn a_document_from_another_version_is_not_compared_page_by_page() {
    let pdf = render(&fixture::doc());
    let mut doc: ExportDoc = accord_export::read_document(&pdf).unwrap();
    doc.generator = "Accord 0.0.9".into();
    let older = with_attachment(&pdf, serde_json_canonicalizer::to_vec(&doc).unwrap());
    let v = verify(&older, Some(&known())).unwrap();
    let pages = v.check(CheckName::Pages);
    assert!(pages.skipped && !pages.passed, "{pages:?}");
    assert!(pages.detail.contains("made by Accord 0.0.9"), "{}", pages.detail);
    assert!(pages.detail.contains(&format!("this is {}", accord_export::generator())), "{}", pages.detail);
    assert_eq!(failed(&v), Vec::<CheckName>::new());
    assert_eq!(v.verdict, Verdict::Unconfirmed);
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).position(|w| w == needle).unwrap_or_else(|| {
        panic!("{:?} not found", String::from_utf8_lossy(needle));
    })
}
