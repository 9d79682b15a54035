//! What a rendered roadmap is: the same bytes every time, the pages people
//! read, and the document it carries.

use accord_export::{read_attachment, read_document, verify, CheckName, Conformance, Verdict};
use sha2::{Digest, Sha256};

use crate::{fixture, layout_words, page_count, page_size, pdftotext, render};

/// SHA-256 of the fixture's PDF. It changes with anything that changes the
/// bytes: the template, the fonts, typst, the fixture, or the crate version
/// (the generator string is printed and embedded). When a change is
/// intended, look at the new pages first (`cargo run -p accord-export
/// --example samples -- target/pdf-samples`, then `pdftoppm -png -r 60`), then
/// paste the new value this test prints.
const GOLDEN_SHA256: &str = "95a5e2f958026c261305450770cf1f70e1e704eab51ae1994cafb8ed5434ac35";

#[test]
fn two_renders_are_byte_identical() {
    let doc = fixture::doc();
    assert_eq!(render(&doc), render(&doc));
    let draft = fixture::draft();
    assert_eq!(render(&draft), render(&draft));
}

#[test]
fn the_fixture_renders_to_the_committed_bytes() {
    let pdf = render(&fixture::doc());
    let actual = hex::encode(Sha256::digest(&pdf));
    assert_eq!(
        actual, GOLDEN_SHA256,
        "the fixture's PDF changed; if that is intended, look at the pages and set GOLDEN_SHA256 to {actual}"
    );
}

#[test]
fn the_pdf_is_archival_and_accessible_with_fixed_metadata() {
    let rendered = accord_export::render_detailed(&fixture::doc()).unwrap();
    assert_eq!(rendered.conformance, Conformance::PdfA3aUa1, "refused: {:?}", rendered.refused);
    let info = crate::pdfinfo(&rendered.pdf);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("Title:           Payments platform — roadmap"), "{info}");
    assert!(info.contains("Creator:         Accord "), "{info}");
    // The dates are the export's, not the clock's.
    assert!(info.contains("CreationDate:    Fri Jul  2 16:45:00 2027 UTC"), "{info}");
    assert!(info.contains("ModDate:         Fri Jul  2 16:45:00 2027 UTC"), "{info}");
    assert_eq!(page_count(&rendered.pdf), rendered.pages);
}

#[test]
fn the_pages_show_the_items_owners_partners_and_hash() {
    let doc = fixture::doc();
    let pdf = render(&doc);
    let text = pdftotext(&pdf, None).split_whitespace().collect::<Vec<_>>().join(" ");
    let short_hash = &doc.content_hash[..16];
    for expected in [
        "Payments platform",
        "Payments & Billing",
        "SIGNED OFF",
        "Q3 2027 plan",
        fixture::EM_NAME,
        fixture::PM_NAME,
        "Grace Hopper",
        "Marty Cagan",
        // the items, in priority order, with their owner-labelled matrix
        "Cost-centre billing for enterprise accounts",
        "多言語請求書 / 다국어 청구서 / 多语言账单",
        "Retire the legacy reporting cluster",
        "Experiment: usage-based pricing page",
        "✓ Agreed by EM and PM",
        "Not agreed",
        "Not written yet.",
        // long wrapped text survives, accents and CJK included
        "Zażółć gęślą jaźń",
        "Þórshöfn",
        "为企业客户提供按成本中心划分的账单明细",
        // decisions, trade-offs, escalations, sign-off
        "Billing backfill runs in August, not July",
        "Experiment: usage-",
        "Who staffs the on-call for the legacy cluster",
        "10ba 682c 8ad1 3513 971e 8b56 881a ab8b",
        &doc.content_hash,
        short_hash,
        // goals with their items, RICE scores and tech-debt framing
        "Grow self-serve revenue in Asia-Pacific",
        "monthly self-serve revenue: $180k → $300k by 2027-Q4",
        "Score 5,333.33",
        // the timeline page: quarters, the agreed tick, the broken dependency
        "Timeline",
        "2027-Q3",
        "Dependencies the plan breaks",
        "depends on “Experiment: usage-based pricing page”, aimed at later",
        "Page 1 of 7",
        "Page 7 of 7",
    ] {
        assert!(text.contains(expected), "the pages lack {expected:?}:\n{text}");
    }
    assert!(!text.contains("DRAFT"), "a signed-off roadmap is not marked DRAFT");

    // Each dimension is labelled with its owner, beside its text.
    let words = layout_words(&pdf);
    for expected in [
        "What PM Réécrire l'intégration de facturation",
        "Why PM Enterprise renewals in Q3",
        "How EM Extend the invoicing service",
        "Customer impact High Timeouts at peak fail one checkout in 400.",
        "Incident risk High Two sev-2 incidents",
        "Who EM Payments squad (4 engineers)",
        "When EM + PM End of August 2027 ✓ Agreed by EM and PM",
        "When EM + PM Not written yet. Not agreed",
        "How EM Not written yet.",
    ] {
        assert!(words.contains(expected), "the matrix lacks {expected:?}:\n{words}");
    }

    let first = text.find("Cost-centre billing").unwrap();
    let second = text.find("Retire the legacy").unwrap();
    assert!(first < second, "items are in priority order");

    // Every page carries the footer with the short hash.
    for page in 1..=page_count(&pdf) {
        let page_text = pdftotext(&pdf, Some(page));
        assert!(page_text.contains(short_hash), "page {page} lacks the short hash");
        assert!(page_text.contains(&format!("Page {page} of 7")), "page {page} lacks its number");
    }
}

#[test]
fn a_draft_says_draft_on_every_page_and_why() {
    let doc = fixture::draft();
    let pdf = render(&doc);
    let pages = page_count(&pdf);
    assert!(pages >= 4);
    for page in 1..=pages {
        let text = pdftotext(&pdf, Some(page));
        assert!(text.contains("DRAFT"), "page {page} of the draft does not say DRAFT:\n{text}");
    }
    let text = pdftotext(&pdf, None);
    assert!(text.contains(&doc.draft_reason), "the draft does not say why");
    assert!(text.contains("Nobody has signed this roadmap yet."));
    assert!(text.lines().all(|l| l.trim() != "SIGNED OFF"), "a draft is not called signed off");
}

#[test]
fn empty_sections_say_so() {
    let mut doc = fixture::draft();
    doc.snapshot.items.clear();
    doc.snapshot.decisions.clear();
    doc.decisions.clear();
    doc.trade_offs.clear();
    doc.escalations.clear();
    doc.content_hash = accord_domain::ContentHash::of(&doc.snapshot).unwrap().to_hex();
    let text = pdftotext(&render(&doc), None);
    for note in [
        "The roadmap has no items.",
        "No shared decisions were recorded.",
        "No trade-offs were recorded.",
        "No escalations are open.",
        "Nobody has signed this roadmap yet.",
    ] {
        assert!(text.contains(note), "missing {note:?}:\n{text}");
    }
}

#[test]
fn the_attachment_is_the_documents_canonical_json() {
    let doc = fixture::doc();
    let pdf = render(&doc);
    assert_eq!(read_attachment(&pdf).unwrap(), serde_json_canonicalizer::to_vec(&doc).unwrap());
    assert_eq!(read_document(&pdf).unwrap(), doc);
}

#[test]
fn the_fixture_verifies_as_signed_off() {
    let doc = fixture::doc();
    let pdf = render(&doc);
    let known = [fixture::em_identity(), fixture::pm_identity()];
    let v = verify(&pdf, Some(&known)).unwrap();
    for check in &v.checks {
        assert!(check.passed, "{:?} failed: {}", check.name, check.detail);
    }
    assert_eq!(v.checks.iter().map(|c| c.name).collect::<Vec<_>>(), CheckName::ALL);
    assert_eq!(v.verdict, Verdict::SignedOff);
    assert!(v.summary().contains("intact and signed off by Åsa Lindqvist (EM) and Tomás Ferreira (PM)"));
    assert_eq!(v.doc, doc);

    let v = verify(&pdf, None).unwrap();
    let known = v.check(CheckName::KnownSigners);
    assert!(known.skipped && !known.passed && known.detail.contains("not compared"), "{known:?}");
    assert_eq!(v.verdict, Verdict::SignedOff);
}

#[test]
fn a_thousand_items_print_as_one_landscape_matrix_and_verify() {
    let doc = fixture::many(1000);
    let pdf = render(&doc);
    let pages = page_count(&pdf);
    // A cover, the matrix table (about ten rows a page) and the sections after it.
    assert!((60..200).contains(&pages), "{pages} pages");
    let last = pdftotext(&pdf, Some(pages));
    assert!(last.contains(&format!("Page {pages} of {pages}")), "{last}");
    let second = pdftotext(&pdf, Some(2));
    assert!(second.contains("Roadmap and ownership matrix"), "{second}");
    assert!(!pdftotext(&pdf, None).contains("Priorities at a glance"), "no separate index in the compact layout");
    let (width, height) = page_size(&pdf, 2);
    assert!(width > height, "the matrix pages are landscape: {width} x {height}");
    assert!(page_size(&pdf, 1).0 < page_size(&pdf, 1).1, "the cover stays portrait");
    // Every row reads across: number, title, then the item's own what.
    let words = layout_words(&pdf);
    for n in [1, 2, 200, 201, 500, 999, 1000] {
        let row = format!("{n} Billing flow increment {n} Deliver increment {n} of the");
        assert!(words.contains(&row), "row {n} is not laid out as one row");
    }
    let v = verify(&pdf, None).unwrap();
    assert_eq!(v.verdict, Verdict::SignedOff, "{:#?}", v.checks);
}

#[test]
fn a_roadmap_of_up_to_150_items_keeps_an_index_and_a_card_per_item() {
    let text = |n| pdftotext(&render(&fixture::many(n)), None);
    let cards = text(150);
    assert!(cards.contains("Priorities at a glance") && cards.contains("Items and their ownership matrix"));
    assert!(!cards.contains("Roadmap and ownership matrix"));
    let compact = text(151);
    assert!(compact.contains("Roadmap and ownership matrix"));
    assert!(!compact.contains("Priorities at a glance") && !compact.contains("Items and their ownership matrix"));
}

#[test]
fn render_refuses_what_it_could_not_verify() {
    let mut doc = fixture::doc();
    doc.generator = "Accord 0.0.9".into();
    assert!(matches!(accord_export::render(&doc), Err(accord_export::ExportError::Generator { .. })));
    let mut doc = fixture::doc();
    doc.format = "accord.export.v9".into();
    assert!(matches!(accord_export::render(&doc), Err(accord_export::ExportError::Format { .. })));
    let mut doc = fixture::doc();
    doc.exported_at = "yesterday".into();
    let err = accord_export::render(&doc).unwrap_err();
    assert!(err.to_string().contains("\"yesterday\" is not an RFC 3339 time"), "{err}");
}

#[test]
fn text_pdf_a_cannot_hold_falls_back_to_a_plainer_pdf_deterministically() {
    // A private-use character: not PDF/A-3a (accessible), still PDF/A-3b.
    let mut doc = fixture::doc();
    doc.snapshot.items[0].title = "Ship the \u{E000} icon set".into();
    fixture::sign(&mut doc);
    let rendered = accord_export::render_detailed(&doc).unwrap();
    assert_eq!(rendered.conformance, Conformance::PdfA3b, "{:?}", rendered.refused);

    // An emoji no bundled font has: PDF/A forbids the missing glyph, so plain tagged PDF.
    let mut doc = fixture::doc();
    doc.snapshot.items[0].title = "Launch 🚀 the billing flow".into();
    fixture::sign(&mut doc);
    let rendered = accord_export::render_detailed(&doc).unwrap();
    assert_eq!(rendered.conformance, Conformance::Pdf17);
    assert_eq!(rendered.refused.len(), 2, "{:?}", rendered.refused);
    assert!(crate::pdfinfo(&rendered.pdf).contains("Tagged:          yes"));
    // The same choice is made again when verifying, so the pages still compare.
    assert_eq!(accord_export::render(&doc).unwrap(), rendered.pdf);
    assert_eq!(verify(&rendered.pdf, None).unwrap().verdict, Verdict::SignedOff);
}

#[test]
fn a_strange_document_still_renders() {
    // What no api would write, but a crafted attachment can say: the template
    // must not fail on it (verify re-renders whatever it reads).
    let mut doc = fixture::doc();
    doc.content_hash = "éééééééééééééééééééé".into();
    doc.roadmap.team.clear();
    doc.roadmap.director_name.clear();
    doc.snapshot.em_name.clear();
    doc.snapshot.items[0].horizon = "2027-Q9".into();
    doc.snapshot.items[1].title = String::new();
    doc.baseline.as_mut().unwrap().created_at = "not a date".into();
    doc.signers[0].signed_at = "2027-13-45T99:99:00Z".into();
    doc.signers.push(doc.signers[0].clone());
    doc.decisions[0].signed_by.clear();
    doc.trade_offs[0].deprioritised.clear();
    doc.trade_offs[0].capacity_reason = "Two engineers joined in June.".into();
    let rendered = accord_export::render_detailed(&doc).expect("any document renders");
    let text = pdftotext(&rendered.pdf, None).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("2027-13-45T99:99:00Z"), "an unreadable date prints as it is");
    assert!(text.contains("Two engineers joined in June."));

    doc.signers.clear();
    doc.signatures.clear();
    assert!(accord_export::render(&doc).is_ok(), "signed off by nobody still renders");
}
