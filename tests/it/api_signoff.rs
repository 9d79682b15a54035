//! Signing off an item's `when` through `Accord`: agreement derived from
//! signatures over the current content, lapsing on change, and every kind
//! of refusal writing nothing.

use accord_api::{Accord, EditDimension, ErrorCode, ItemChange, NewItem, NewProfile, SignWhen, UpdateItem};
use accord_domain::{Dimension, HistoryAction, Item, ItemKind, Profile, Role};
use accord_store::rusqlite;

use crate::api::{dump, new_roadmap, refused};

const PM_PASS: &str = "priya's long passphrase";
const EM_PASS: &str = "emil's other passphrase";

struct Table {
    _dir: tempfile::TempDir,
    app: Accord,
    pm: Profile,
    em: Profile,
    item: Item,
}

fn table() -> Table {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Accord::open(&dir.path().join("accord.db")).unwrap();
    let profile = |app: &mut Accord, name: &str, role, pass: &str| {
        app.create_profile(NewProfile { name: name.into(), role, passphrase: pass.into() }).unwrap()
    };
    let pm = profile(&mut app, "Priya", Role::Pm, PM_PASS);
    let em = profile(&mut app, "Emil", Role::Em, EM_PASS);
    let roadmap = new_roadmap(&mut app, &pm);
    let item = app
        .create_item(
            pm.id,
            NewItem { roadmap_id: roadmap.id, title: "Search".into(), kind: ItemKind::Feature, horizon: "next".into() },
        )
        .unwrap();
    let mut t = Table { _dir: dir, app, pm, em, item };
    t.item = t.edit_when(Role::Pm, "Beta by 2027-Q1, confidence medium");
    t
}

impl Table {
    fn who(&self, role: Role) -> Profile {
        if role == Role::Pm {
            self.pm.clone()
        } else {
            self.em.clone()
        }
    }

    fn edit_when(&mut self, role: Role, text: &str) -> Item {
        let item = self.app.item(self.item.id).unwrap();
        let req = EditDimension {
            item_id: item.id,
            base_revision: item.revision,
            dimension: Dimension::When,
            text: text.into(),
            trade_off: None,
        };
        self.item = self.app.edit_dimension(self.who(role).id, req).unwrap();
        self.item.clone()
    }

    fn sign(&mut self, role: Role, pass: &str) -> accord_api::ApiResult<accord_api::WhenSignoff> {
        let item = self.app.item(self.item.id).unwrap();
        let req = SignWhen { item_id: item.id, base_revision: item.revision, passphrase: pass.into() };
        self.app.sign_when(self.who(role).id, req)
    }
}

#[test]
fn both_partners_sign_the_when_then_a_change_lapses_it_with_the_reason() {
    let mut t = table();
    let first = t.app.when_signoff(t.item.id).unwrap();
    assert!(!first.agreement.agreed);
    assert_eq!(first.agreement.missing, [Role::Em, Role::Pm]);

    let half = t.sign(Role::Em, EM_PASS).unwrap();
    assert_eq!((half.agreement.agreed, half.agreement.signed.as_slice()), (false, &[Role::Em][..]));
    let both = t.sign(Role::Pm, PM_PASS).unwrap();
    assert!(both.agreement.agreed);
    assert_eq!(
        both.signatures.iter().map(|s| (s.role, s.current)).collect::<Vec<_>>(),
        [(Role::Em, true), (Role::Pm, true)]
    );
    assert!(both.signatures.iter().all(|s| s.fingerprint.len() == 39));
    let last = &t.app.history(t.item.id).unwrap()[0];
    assert_eq!((last.action, last.field.as_str()), (HistoryAction::SignedOff, "when"));

    // Changes outside the signed content leave the agreement standing.
    let item = t.app.item(t.item.id).unwrap();
    t.app
        .update_item(
            t.pm.id,
            UpdateItem {
                item_id: item.id,
                base_revision: item.revision,
                change: ItemChange::Title("Search v2".into()),
            },
        )
        .unwrap();
    assert!(t.app.when_signoff(t.item.id).unwrap().agreement.agreed);

    // The PM moves the date: both signatures lapse, and the change is named.
    t.edit_when(Role::Pm, "Beta by 2027-Q2, confidence medium");
    let lapsed = t.app.when_signoff(t.item.id).unwrap();
    assert!(!lapsed.agreement.agreed);
    assert_eq!(lapsed.agreement.lapsed, [Role::Em, Role::Pm]);
    assert!(lapsed.signatures.iter().all(|s| !s.current));
    let reason = &lapsed.lapsed_by[0];
    assert_eq!((reason.actor_name.as_str(), reason.actor_role), ("Priya", Role::Pm));
    assert_eq!(
        (reason.before.as_str(), reason.after.as_str()),
        ("2027-Q1 \u{b7} medium confidence \u{2014} Beta", "2027-Q2 \u{b7} medium confidence \u{2014} Beta")
    );

    t.sign(Role::Pm, PM_PASS).unwrap();
    let again = t.sign(Role::Em, EM_PASS).unwrap();
    assert!(again.agreement.agreed);
    assert!(again.lapsed_by.is_empty());

    // Back to the first text: the signatures over it count again, and the
    // people shown as signed are the ones the agreement counts.
    t.edit_when(Role::Pm, "Beta by 2027-Q1, confidence medium");
    let reverted = t.app.when_signoff(t.item.id).unwrap();
    assert!(reverted.agreement.agreed);
    assert!(reverted.signatures.iter().all(|s| s.current), "{:?}", reverted.signatures);
    assert_eq!(
        reverted.signatures.iter().map(|s| s.content_hash.as_str()).collect::<Vec<_>>(),
        [reverted.content_hash.as_str(), reverted.content_hash.as_str()]
    );
}

#[test]
fn refused_signatures_write_nothing() {
    let mut t = table();
    let director = t
        .app
        .create_profile(NewProfile {
            name: "Dana".into(),
            role: Role::DirectorOfEngineering,
            passphrase: PM_PASS.into(),
        })
        .unwrap();
    let before = dump(t.app.store().conn());

    // The acting person's own key, opened only by their own passphrase:
    // at a shared screen, switching to the PM does not let the EM sign as them.
    let e = refused(t.sign(Role::Pm, EM_PASS), ErrorCode::WrongPassphrase);
    assert!(e.message.contains("nothing was signed"), "{}", e.message);
    refused(t.sign(Role::Em, ""), ErrorCode::WrongPassphrase);

    // Signing content that changed since it was read.
    let seen = t.app.item(t.item.id).unwrap();
    let stale = SignWhen { item_id: seen.id, base_revision: seen.revision - 1, passphrase: PM_PASS.into() };
    let e = refused(t.app.sign_when(t.pm.id, stale), ErrorCode::StaleRevision);
    assert_eq!(e.current.unwrap().revision, seen.revision);

    // Wrong role, unknown item, unknown person.
    let as_director = SignWhen { item_id: seen.id, base_revision: seen.revision, passphrase: PM_PASS.into() };
    refused(t.app.sign_when(director.id, as_director.clone()), ErrorCode::Forbidden);
    let ghost = SignWhen { item_id: seen.id + 100, ..as_director.clone() };
    refused(t.app.sign_when(t.pm.id, ghost), ErrorCode::NotFound);
    refused(t.app.sign_when(director.id + 100, as_director), ErrorCode::NotFound);
    refused(t.app.when_signoff(seen.id + 100), ErrorCode::NotFound);
    assert_eq!(dump(t.app.store().conn()), before);

    // Nothing to sign yet.
    t.edit_when(Role::Em, "");
    let before = dump(t.app.store().conn());
    refused(t.sign(Role::Pm, PM_PASS), ErrorCode::InvalidInput);
    assert_eq!(dump(t.app.store().conn()), before);

    // A weak passphrase creates no profile.
    let weak = NewProfile { name: "Pat".into(), role: Role::Pm, passphrase: "short".into() };
    refused(t.app.create_profile(weak), ErrorCode::InvalidInput);
    assert_eq!(dump(t.app.store().conn()), before);
}

#[test]
fn a_tampered_stored_signature_is_not_counted() {
    let mut t = table();
    t.sign(Role::Pm, PM_PASS).unwrap();
    t.sign(Role::Em, EM_PASS).unwrap();
    assert!(t.app.when_signoff(t.item.id).unwrap().agreement.agreed);
    let conn = t.app.store().conn();
    // Signatures are append-only: the database itself refuses the edit...
    let edit = "UPDATE signoff SET signature = replace(signature, 'Beta', 'Beta') WHERE id = 1";
    assert!(conn.execute(edit, []).is_err());
    // ...so tamper around the trigger, as someone with the file could.
    conn.execute_batch("DROP TRIGGER signoff_no_update").unwrap();
    let json: String = conn.query_row("SELECT signature FROM signoff WHERE id = 1", [], |r| r.get(0)).unwrap();
    let forged = json.replace("\"revision\":2", "\"revision\":1");
    assert_ne!(forged, json, "the test must change the stored statement");
    conn.execute("UPDATE signoff SET signature = ?1 WHERE id = 1", rusqlite::params![forged]).unwrap();
    let seen = t.app.when_signoff(t.item.id).unwrap();
    assert!(!seen.agreement.agreed);
    assert_eq!((seen.agreement.invalid, seen.agreement.signed.as_slice()), (1, &[Role::Em][..]));
}

#[test]
fn public_identities_name_each_signer_with_a_fingerprint() {
    let t = table();
    let ids = t.app.identities().unwrap();
    assert_eq!(
        ids.iter().map(|i| (i.name.as_str(), i.role)).collect::<Vec<_>>(),
        [("Priya", Role::Pm), ("Emil", Role::Em)]
    );
    assert_ne!(ids[0].fingerprint, ids[1].fingerprint);
    assert_eq!(ids[0].public_key.len(), 64);
}

#[test]
fn a_database_from_before_sign_off_is_upgraded_and_its_old_profiles_cannot_sign_yet() {
    use accord_store::{migrate_with, Migration, MIGRATIONS};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let v1 = [Migration { version: 1, sql: MIGRATIONS[0].sql, then: None }];
        migrate_with(&mut conn, Some(&path), &v1).unwrap();
        conn.execute_batch(
            "INSERT INTO profile (name, role, created_at) VALUES ('Pat', 'pm', '2026-01-01T00:00:00.000Z');
             INSERT INTO roadmap (name, team, em_name, pm_name, director_name, head_of_product_name, created_at)
               VALUES ('Old', '', '', '', '', '', '2026-01-01T00:00:00.000Z');
             INSERT INTO item (roadmap_id, title, rank, status, kind, horizon, dim_when, created_at, updated_at)
               VALUES (1, 'Legacy', 1, 'idea', 'feature', 'later', '2027-Q1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');",
        )
        .unwrap();
    }
    let mut app = Accord::open(&path).unwrap();
    assert!(
        accord_api::list_backups(&path)
            .unwrap()
            .iter()
            .any(|b| b.kind == accord_api::domain::BackupKind::BeforeUpgrade),
        "the v1 file is backed up before the upgrade"
    );
    let item = app.item(1).unwrap();
    let before = dump(app.store().conn());
    let req = SignWhen { item_id: 1, base_revision: item.revision, passphrase: PM_PASS.into() };
    let e = refused(app.sign_when(1, req), ErrorCode::MissingKey);
    assert!(e.message.contains("no signing key"), "{}", e.message);
    assert_eq!(dump(app.store().conn()), before);
    assert!(!app.when_signoff(1).unwrap().agreement.agreed);

    // The profile creates its key with a passphrase of its own, then signs.
    assert_eq!(app.bootstrap().unwrap().without_key, [1]);
    refused(app.create_signing_key(1, "short"), ErrorCode::InvalidInput);
    assert_eq!(dump(app.store().conn()), before);
    let who = app.create_signing_key(1, PM_PASS).unwrap();
    assert_eq!((who.name.as_str(), who.role), ("Pat", Role::Pm));
    assert!(app.bootstrap().unwrap().without_key.is_empty());
    refused(app.create_signing_key(1, PM_PASS), ErrorCode::InvalidInput);
    let req = SignWhen { item_id: 1, base_revision: item.revision, passphrase: PM_PASS.into() };
    assert_eq!(app.sign_when(1, req).unwrap().agreement.signed, [Role::Pm]);
}

#[test]
fn an_exported_identity_is_recognised_on_another_machine_and_a_doctored_one_is_refused() {
    let t = table();
    let text = t.app.export_identity(t.pm.id).unwrap();
    assert!(text.contains(accord_api::IDENTITY_FORMAT) && text.contains("Priya"), "{text}");

    let mut other = Accord::open_in_memory().unwrap();
    let before = dump(other.store().conn());
    let altered = text.replace("\"pm\"", "\"em\"");
    let mut fingerprint_swapped: serde_json::Value = serde_json::from_str(&text).unwrap();
    fingerprint_swapped["fingerprint"] = "0000 0000 0000 0000 0000 0000 0000 0000".into();
    for bad in [
        "not json".to_string(),
        "{}".to_string(),
        text.replace(accord_api::IDENTITY_FORMAT, "accord.identity.v9"),
        text.replace("Priya", &"P".repeat(101)),
        fingerprint_swapped.to_string(),
        text.replace("\"public_key\": \"", "\"public_key\": \"zz"),
        format!("{{\"pad\": \"{}\"}}", "x".repeat(5_000)),
    ] {
        refused(other.import_identity(&bad), ErrorCode::InvalidInput);
    }
    assert_eq!(dump(other.store().conn()), before, "nothing written");

    let who = other.import_identity(&text).unwrap();
    assert_eq!((who.name.as_str(), who.role), ("Priya", Role::Pm));
    assert_eq!(who.fingerprint, t.app.identities().unwrap()[0].fingerprint);
    assert_eq!(other.identities().unwrap(), std::slice::from_ref(&who));
    // Importing it twice is harmless; the same key under another role is refused.
    other.import_identity(&text).unwrap();
    assert_eq!(other.identities().unwrap().len(), 1);
    let e = refused(other.import_identity(&altered), ErrorCode::InvalidInput);
    assert!(e.message.contains("already known"), "{}", e.message);
}
