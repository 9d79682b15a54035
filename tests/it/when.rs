//! The structured *when*: free text read into a target, a confidence and a
//! note; the canonical line reads back exactly; an upgrade from schema 7
//! keeps every signature until the first real change.

use accord_api::{Accord, EditDimension};
use accord_domain::{ContentHash, Dimension, Keypair, Level, Role, SignedRoadmap, Statement, Subject, Target, When};
use accord_store::rusqlite::{self, params};
use accord_store::{migrate_with, MIGRATIONS};
use proptest::prelude::*;

fn q(year: i32, quarter: u8) -> Option<Target> {
    Some(Target::Quarter { year, quarter })
}
fn m(year: i32, month: u8) -> Option<Target> {
    Some(Target::Month { year, month })
}
fn d(year: i32, month: u8, day: u8) -> Option<Target> {
    Some(Target::Date { year, month, day })
}

#[test]
fn free_text_reads_into_a_target_a_confidence_and_a_note() {
    let table: &[(&str, Option<Target>, Option<Level>, &str)] = &[
        ("2027-Q1", q(2027, 1), None, ""),
        ("2027-03", m(2027, 3), None, ""),
        ("2027-03-31", d(2027, 3, 31), None, ""),
        ("Q3 2027", q(2027, 3), None, ""),
        ("q3 2027", q(2027, 3), None, ""),
        ("2027 Q4", q(2027, 4), None, ""),
        ("Q2-2027", q(2027, 2), None, ""),
        ("end of August 2027", d(2027, 8, 31), None, ""),
        ("by the end of February 2028", d(2028, 2, 29), None, ""),
        ("March 2027", m(2027, 3), None, ""),
        ("Sept 2027", m(2027, 9), None, ""),
        ("31 March 2027", d(2027, 3, 31), None, ""),
        ("March 31 2027", d(2027, 3, 31), None, ""),
        ("2027/06/15", d(2027, 6, 15), None, ""),
        ("Beta by 2027-Q1", q(2027, 1), None, "Beta"),
        ("Beta by 2027-Q2, confidence medium", q(2027, 2), Some(Level::Medium), "Beta"),
        ("2027-Q2, needs the index first", q(2027, 2), None, "needs the index first"),
        ("GA in Q4 2026 (high confidence)", q(2026, 4), Some(Level::High), "GA"),
        ("early March 2027", m(2027, 3), None, "early"),
        ("now", Some(Target::Now), None, ""),
        ("next", Some(Target::Next), None, ""),
        ("later", Some(Target::Later), None, ""),
        ("next quarter", Some(Target::Next), None, ""),
        ("Q1", None, None, "Q1"),
        ("when the vendor ships", None, None, "when the vendor ships"),
        ("2027-Q5", None, None, "2027-Q5"),
        ("2027-02-30", None, None, "2027-02-30"),
        ("low confidence", None, Some(Level::Low), ""),
        ("", None, None, ""),
    ];
    for (text, target, confidence, note) in table {
        let w = When::read_free(text);
        assert_eq!((w.target, w.confidence, w.note.as_str()), (*target, *confidence, *note), "{text:?}");
    }
}

#[test]
fn the_canonical_line_names_each_part() {
    let w = When { target: q(2027, 1), confidence: Some(Level::High), note: "waiting on the vendor".into() };
    assert_eq!(w.render(), "2027-Q1 \u{b7} high confidence \u{2014} waiting on the vendor");
    assert_eq!(When { note: "someday".into(), ..When::default() }.render(), "no target \u{2014} someday");
    assert_eq!(When::default().render(), "");
    assert_eq!(When::parse(&w.render()), w);
}

fn target() -> impl Strategy<Value = Option<Target>> {
    prop_oneof![
        Just(None),
        (2000i32..=2100, 1u8..=4).prop_map(|(year, quarter)| Some(Target::Quarter { year, quarter })),
        (2000i32..=2100, 1u8..=12).prop_map(|(year, month)| Some(Target::Month { year, month })),
        (2000i32..=2100, 1u8..=12, 1u8..=28).prop_map(|(year, month, day)| Some(Target::Date { year, month, day })),
        Just(Some(Target::Now)),
        Just(Some(Target::Next)),
        Just(Some(Target::Later)),
    ]
}

proptest! {
    /// Every path that carries a dimension's text carries the structure unchanged.
    #[test]
    fn every_when_reads_back_from_its_line(
        target in target(),
        confidence in prop_oneof![Just(None), Just(Some(Level::Low)), Just(Some(Level::Medium)), Just(Some(Level::High))],
        note in "[a-zA-Z0-9 ,.\u{b7}\u{2014}-]{0,40}",
    ) {
        let w = When { target, confidence, note: note.trim().to_string() };
        prop_assert_eq!(When::parse(&w.render()), w);
    }
}

const AT: &str = "2026-11-01T09:00:00.000Z";

/// A file at schema 7 whose item's free-text `when` both partners signed.
fn schema_7_file(path: &std::path::Path, pm: &Keypair, em: &Keypair, when: &str) {
    let mut conn = rusqlite::Connection::open(path).unwrap();
    migrate_with(&mut conn, Some(path), &MIGRATIONS[..7]).unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO profile (id, name, role, created_at, uid) VALUES
             (1, 'Priya', 'pm', '{AT}', 'uid-priya'), (2, 'Emil', 'em', '{AT}', 'uid-emil');
         INSERT INTO roadmap (id, name, team, em_name, pm_name, director_name, head_of_product_name, created_at, uid)
             VALUES (1, 'Core', 'Core', 'Emil', 'Priya', 'Dana', 'Hugo', '{AT}', 'uid-roadmap');
         INSERT INTO item (id, roadmap_id, title, rank, status, kind, horizon, dim_when, revision, created_at, updated_at)
             VALUES (1, 1, 'Search', 1, 'idea', 'feature', 'next', '{when}', 3, '{AT}', '{AT}');"
    ))
    .unwrap();
    // What a `when` signature covered before schema 8.
    let hash = ContentHash::of(&serde_json::json!({ "item_id": 1, "when": when })).unwrap();
    for (id, key, role) in [(1, pm, Role::Pm), (2, em, Role::Em)] {
        conn.execute(
            "INSERT INTO remote_key (profile_id, public_key, bound_at) VALUES (?1, ?2, ?3)",
            params![id, key.public().to_hex(), AT],
        )
        .unwrap();
        let statement =
            Statement::new(SignedRoadmap { id: 1, uid: "uid-roadmap" }, Subject::ItemWhen(1), 3, hash, role, AT);
        conn.execute(
            "INSERT INTO signoff (roadmap_id, subject_kind, subject_id, signer_id, signature, signed_at)
             VALUES (1, 'item_when', 1, ?1, ?2, ?3)",
            params![id, serde_json::to_string(&key.sign(statement).unwrap()).unwrap(), AT],
        )
        .unwrap();
    }
}

#[test]
fn an_upgrade_structures_the_when_and_keeps_its_agreement_until_the_first_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    let (pm, em) = (Keypair::from_seed(&[1; 32]), Keypair::from_seed(&[2; 32]));
    schema_7_file(&path, &pm, &em, "Beta by end of August 2027, high confidence");

    let mut app = Accord::open(&path).unwrap();
    assert!(
        accord_api::list_backups(&path)
            .unwrap()
            .iter()
            .any(|b| b.kind == accord_api::domain::BackupKind::BeforeUpgrade),
        "the file is copied before it is upgraded"
    );
    let item = app.item(1).unwrap();
    assert_eq!(item.matrix.when, "2027-08-31 \u{b7} high confidence \u{2014} Beta");
    assert_eq!(item.schedule.target, d(2027, 8, 31));
    assert_eq!(item.when_before_upgrade.as_deref(), Some("Beta by end of August 2027, high confidence"));
    assert_eq!(item.revision, 3, "the upgrade is not a change");
    let state = app.when_signoff(1).unwrap();
    assert!(state.agreement.agreed, "signatures over the old text still count: {state:?}");

    // The first real change lapses it, as any change does.
    let req = EditDimension {
        item_id: 1,
        base_revision: 3,
        dimension: Dimension::When,
        text: r#"{"target": {"kind": "quarter", "year": 2027, "quarter": 4}, "confidence": "high", "note": "Beta"}"#
            .into(),
        trade_off: None,
    };
    let edited = app.edit_dimension(1, req).unwrap();
    assert_eq!(edited.when_before_upgrade, None);
    assert_eq!(edited.matrix.when, "2027-Q4 \u{b7} high confidence \u{2014} Beta");
    let state = app.when_signoff(1).unwrap();
    assert!(!state.agreement.agreed);
    assert_eq!(state.agreement.lapsed, [Role::Em, Role::Pm]);
}

#[test]
fn an_unparsed_when_is_kept_as_its_note_and_asks_for_a_target() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    schema_7_file(&path, &Keypair::from_seed(&[1; 32]), &Keypair::from_seed(&[2; 32]), "when the vendor ships");
    let app = Accord::open(&path).unwrap();
    let item = app.item(1).unwrap();
    assert_eq!((item.schedule.target, item.schedule.note.as_str()), (None, "when the vendor ships"));
    assert!(app.when_signoff(1).unwrap().agreement.agreed);
    assert_eq!(app.sync_agenda(1).unwrap().needs_target, [1], "the person is told it needs a target");
    let timeline = app.timeline(1).unwrap();
    assert_eq!(timeline.cards[0].column, None, "it sits in the no-target tray");
    assert!(!timeline.cards[0].later);
}

#[test]
fn a_note_that_names_a_target_with_none_chosen_gives_it() {
    let w =
        When::from_input(r#"{"target": null, "confidence": "low", "note": "2027-Q1 if the vendor ships"}"#).unwrap();
    assert_eq!((w.target, w.confidence, w.note.as_str()), (q(2027, 1), Some(Level::Low), "if the vendor ships"));
    let kept = When::from_input(r#"{"target": {"kind": "later"}, "note": "2027-Q1"}"#).unwrap();
    assert_eq!((kept.target, kept.note.as_str()), (Some(Target::Later), "2027-Q1"), "a chosen target stays");
}

#[test]
fn a_when_that_is_not_a_target_is_refused_and_writes_nothing() {
    let mut d = crate::planning::desk();
    let pm = d.pm.clone();
    let item = d.add("Search", accord_domain::ItemKind::Feature);
    let before = d.dump();
    for bad in [
        r#"{"target": {"kind": "quarter", "year": 2027, "quarter": 5}}"#,
        r#"{"target": {"kind": "date", "year": 2027, "month": 2, "day": 30}}"#,
        r#"{"target": {"kind": "fortnight"}}"#,
        r#"{"confidence": "certain"}"#,
    ] {
        let e = d.edit(&pm, item.id, Dimension::When, bad).unwrap_err();
        assert_eq!(e.code, accord_api::ErrorCode::InvalidInput, "{bad}: {e}");
    }
    assert_eq!(d.dump(), before);
}
