//! People are keys, through `Accord` on real files and without a network:
//! a guest is known by the key it proved, never by the name or role it
//! claims; a roadmap's EM and PM seats are each held by one key; a profile
//! without a key is only taken over when the host's person says so; and a
//! guest's profile never acts at the host's keyboard.

use std::path::{Path, PathBuf};

use accord_api::{Accord, Admission, ErrorCode, NewProfile};
use accord_domain::{Person, Profile, PublicKey, Roadmap, Role};
use accord_store::rusqlite;

use crate::api::{dump, new_roadmap, refused, PASS};
use crate::sync_net::someone;

/// A host's database: Emil (EM) signs on this machine and made the roadmap,
/// so he holds its EM seat (`create_roadmap` seats its creator); the PM
/// seat is open.
pub struct HostDb {
    pub _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub app: Accord,
    pub emil: Profile,
    pub roadmap: Roadmap,
}

pub fn host_db() -> HostDb {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("host.db");
    let mut app = Accord::open(&path).unwrap();
    let emil = app.create_profile(NewProfile { name: "Emil".into(), role: Role::Em, passphrase: PASS.into() }).unwrap();
    let roadmap = new_roadmap(&mut app, &emil);
    HostDb { _dir: dir, path, app, emil, roadmap }
}

/// Rows of `table` in the file at `path`, read by a connection of its own.
pub fn rows(path: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// A profile without any key, as one from before sign-off (or typed in by
/// the host's person for someone who has not joined yet).
pub fn placeholder(path: &Path, name: &str, role: Role) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    accord_store::profiles::insert(&conn, &format!("uid-placeholder-{name}"), name, role, &accord_api::now()).unwrap()
}

fn admitted(admission: Admission) -> (Profile, bool) {
    match admission {
        Admission::Admitted { profile, first_time } => (profile, first_time),
        other => panic!("expected the guest in, got {other:?}"),
    }
}

/// Everything `dump` shows plus the people tables it predates.
fn everything(h: &HostDb) -> String {
    let conn = h.app.store().conn();
    let mut out = dump(conn);
    for table in ["remote_key", "roadmap_seat", "session_guest"] {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap();
        out.push_str(&format!("{table}: {n}\n"));
    }
    out
}

#[test]
fn a_guest_is_known_by_the_key_it_proved_not_by_what_it_claims() {
    let mut h = host_db();
    let (priya, _key) = someone("Priya", Role::Pm);
    let (profile, first_time) = admitted(h.app.admit_guest(h.roadmap.id, &priya, None).unwrap());
    assert!(first_time, "a new key");
    assert_eq!((profile.name.as_str(), profile.role, profile.uid.as_str()), ("Priya", Role::Pm, priya.uid.as_str()));
    assert_eq!(
        h.app.seat_holder(h.roadmap.id, Role::Pm).unwrap().map(|p| p.id),
        Some(profile.id),
        "took the open seat"
    );
    assert!(h.app.is_remote(profile.id).unwrap());
    let fingerprint = PublicKey::from_hex(&priya.public_key).unwrap().fingerprint();
    assert_eq!(h.app.key_fingerprint(profile.id).unwrap(), fingerprint);

    // The same key again is the same person, whatever name it now gives.
    let renamed = Person { name: "Mallory".into(), ..priya.clone() };
    let (again, first_time) = admitted(h.app.admit_guest(h.roadmap.id, &renamed, None).unwrap());
    assert_eq!((again.id, again.name.as_str(), first_time), (profile.id, "Priya", false));
    assert_eq!(h.app.readmit_guest(h.roadmap.id, &priya.public_key).unwrap().id, profile.id);

    let before = everything(&h);
    let as_em = Person { role: Role::Em, ..priya.clone() };
    let e = refused(h.app.admit_guest(h.roadmap.id, &as_em, None), ErrorCode::WrongKey);
    assert!(e.message.contains("known here as Priya (PM)") && e.message.contains("role does not change"), "{e}");
    // A new key under Priya's global identity is not Priya.
    let (other, _) = someone("Priya", Role::Pm);
    let posing = Person { uid: priya.uid.clone(), ..other };
    let e = refused(h.app.admit_guest(h.roadmap.id, &posing, None), ErrorCode::WrongKey);
    assert!(e.message.contains("Priya is known here with another key"), "{e}");
    // The host's own person's key cannot be claimed by a guest.
    let emil = h.app.person(h.emil.id).unwrap();
    let e = refused(h.app.admit_guest(h.roadmap.id, &emil, None), ErrorCode::WrongKey);
    assert!(e.message.contains("belongs to Emil, who signs on this machine"), "{e}");
    let e = refused(h.app.readmit_guest(h.roadmap.id, &emil.public_key), ErrorCode::WrongKey);
    assert!(e.message.contains("does not know your key"), "{e}");
    let (stranger, _) = someone("Sam", Role::Pm);
    refused(h.app.readmit_guest(h.roadmap.id, &stranger.public_key), ErrorCode::WrongKey);
    // Malformed claims.
    let bad_key = Person { public_key: "00".repeat(31), ..stranger.clone() };
    refused(h.app.admit_guest(h.roadmap.id, &bad_key, None), ErrorCode::InvalidInput);
    let no_name = Person { name: "  ".into(), ..stranger.clone() };
    refused(h.app.admit_guest(h.roadmap.id, &no_name, None), ErrorCode::InvalidInput);
    assert_eq!(everything(&h), before, "no refusal wrote anything");
}

#[test]
fn a_held_seat_refuses_every_other_key() {
    let mut h = host_db();
    assert_eq!(h.app.seat_holder(h.roadmap.id, Role::Em).unwrap(), Some(h.emil.clone()), "Emil set it up");
    let before = everything(&h);
    // A guest claiming the host's own name and role, with a key of its own.
    let (fake_emil, _) = someone("Emil", Role::Em);
    let e = refused(h.app.admit_guest(h.roadmap.id, &fake_emil, None), ErrorCode::SeatHeld);
    let emil_key = h.app.key_fingerprint(h.emil.id).unwrap();
    assert!(e.message.contains("the EM seat of “Core platform” is held by Emil"), "{e}");
    assert!(e.message.contains(&emil_key) && e.message.contains("another key cannot take it"), "{e}");
    assert_eq!(everything(&h), before, "nothing was written: no profile, no key, no seat");

    // The first PM key takes the open PM seat; a second PM key, under any name, cannot.
    let (priya, _) = someone("Priya", Role::Pm);
    let (first, _) = admitted(h.app.admit_guest(h.roadmap.id, &priya, None).unwrap());
    let before = everything(&h);
    for name in ["Priya", "Paula"] {
        let (second, _) = someone(name, Role::Pm);
        let e = refused(h.app.admit_guest(h.roadmap.id, &second, None), ErrorCode::SeatHeld);
        assert!(e.message.contains("the PM seat of “Core platform” is held by Priya (key "), "{e}");
    }
    assert_eq!(everything(&h), before);
    assert_eq!(h.app.seat_holder(h.roadmap.id, Role::Pm).unwrap().map(|p| p.id), Some(first.id));

    // Escalation contacts hold no seat: two directors both come in.
    for name in ["Dana", "Dora"] {
        let (director, _) = someone(name, Role::DirectorOfEngineering);
        let (p, first_time) = admitted(h.app.admit_guest(h.roadmap.id, &director, None).unwrap());
        assert!(first_time && p.name == name);
    }
    assert_eq!(rows(&h.path, "roadmap_seat"), 2, "only the EM and the PM seat");
}

#[test]
fn hold_seat_binds_only_an_open_seat() {
    let mut h = host_db();
    let paula =
        h.app.create_profile(NewProfile { name: "Paula".into(), role: Role::Pm, passphrase: PASS.into() }).unwrap();
    let pat = h.app.create_profile(NewProfile { name: "Pat".into(), role: Role::Pm, passphrase: PASS.into() }).unwrap();
    let dana = h
        .app
        .create_profile(NewProfile { name: "Dana".into(), role: Role::DirectorOfEngineering, passphrase: PASS.into() })
        .unwrap();
    let erin =
        h.app.create_profile(NewProfile { name: "Erin".into(), role: Role::Em, passphrase: PASS.into() }).unwrap();
    assert_eq!(h.app.seat_holder(h.roadmap.id, Role::Pm).unwrap(), None, "the seat its creator is not in is open");
    assert_eq!(h.app.seat_holder(h.roadmap.id, Role::Em).unwrap(), Some(h.emil.clone()), "its creator's is held");
    h.app.hold_seat(h.roadmap.id, dana.id).unwrap();
    assert_eq!(rows(&h.path, "roadmap_seat"), 1, "a director holds no seat");
    h.app.hold_seat(h.roadmap.id, paula.id).unwrap();
    h.app.hold_seat(h.roadmap.id, pat.id).unwrap();
    assert_eq!(h.app.seat_holder(h.roadmap.id, Role::Pm).unwrap(), Some(paula.clone()), "a held seat stays held");
    h.app.hold_seat(h.roadmap.id, erin.id).unwrap();
    assert_eq!(h.app.seat_holder(h.roadmap.id, Role::Em).unwrap(), Some(h.emil.clone()), "and so does the creator's");
    refused(h.app.hold_seat(h.roadmap.id + 1, paula.id), ErrorCode::NotFound);
    refused(h.app.hold_seat(h.roadmap.id, 999), ErrorCode::NotFound);
    assert_eq!(rows(&h.path, "roadmap_seat"), 2);
}

#[test]
fn a_guests_profile_never_acts_at_the_hosts_keyboard() {
    let mut h = host_db();
    let (priya, _) = someone("Priya", Role::Pm);
    let (guest, _) = admitted(h.app.admit_guest(h.roadmap.id, &priya, None).unwrap());
    let before = everything(&h);
    let e = refused(h.app.set_acting(guest.id), ErrorCode::WrongKey);
    assert!(e.message.contains("Priya signs on their own machine"), "{e}");
    assert_eq!(everything(&h), before);
    assert_eq!(h.app.acting().unwrap().id, h.emil.id);
    let boot = h.app.bootstrap().unwrap();
    assert_eq!(boot.profiles.iter().map(|p| p.id).collect::<Vec<_>>(), [h.emil.id], "the guest is not listed");
    assert!(boot.without_key.is_empty(), "nor taken for a profile that needs a key");
    // Nor can anyone sign for them here: no key of theirs is sealed on this machine.
    assert!(!h.app.is_remote(h.emil.id).unwrap());
    refused(h.app.unlock_person(guest.id, PASS), ErrorCode::MissingKey);
}

#[test]
fn a_profile_without_a_key_is_taken_over_only_when_the_host_says_so() {
    let mut h = host_db();
    let held = placeholder(&h.path, "Priya", Role::Pm);
    h.app.hold_seat(h.roadmap.id, held).unwrap();
    let (priya, _) = someone("Priya", Role::Pm);
    let before = everything(&h);
    let Admission::Confirm { placeholder: asked } = h.app.admit_guest(h.roadmap.id, &priya, None).unwrap() else {
        panic!("the host's person is asked first")
    };
    assert_eq!(asked.id, held);
    assert_eq!(everything(&h), before, "asking writes nothing");
    let e = refused(h.app.admit_guest(h.roadmap.id, &priya, Some(false)), ErrorCode::SeatHeld);
    assert!(e.message.contains("the host says you are not Priya, who holds the PM seat"), "{e}");
    assert_eq!(everything(&h), before);

    let (profile, first_time) = admitted(h.app.admit_guest(h.roadmap.id, &priya, Some(true)).unwrap());
    assert_eq!((profile.id, first_time), (held, true), "the guest is the placeholder now");
    assert!(h.app.is_remote(held).unwrap());
    assert_eq!(rows(&h.path, "profile"), 2, "no new profile");
    let (again, first_time) = admitted(h.app.admit_guest(h.roadmap.id, &priya, None).unwrap());
    assert_eq!((again.id, first_time), (held, false), "and is not asked about again");
}

#[test]
fn someone_else_than_a_placeholder_in_no_seat_gets_a_profile_of_their_own() {
    let mut h = host_db();
    let typed_in = placeholder(&h.path, "Priya", Role::Pm);
    let (priya, _) = someone("Priya", Role::Pm);
    let Admission::Confirm { placeholder: asked } = h.app.admit_guest(h.roadmap.id, &priya, None).unwrap() else {
        panic!("a profile without a key by the same name may be them")
    };
    assert_eq!(asked.id, typed_in);
    let (profile, first_time) = admitted(h.app.admit_guest(h.roadmap.id, &priya, Some(false)).unwrap());
    assert!(first_time && profile.id != typed_in);
    assert!(!h.app.is_remote(typed_in).unwrap(), "the placeholder keeps no key");
    assert_eq!(h.app.seat_holder(h.roadmap.id, Role::Pm).unwrap().map(|p| p.id), Some(profile.id));
    // A profile in another role is no placeholder for them at all.
    let em_dana = placeholder(&h.path, "Dana", Role::Em);
    let (dana, _) = someone("Dana", Role::DirectorOfEngineering);
    let (director, first_time) = admitted(h.app.admit_guest(h.roadmap.id, &dana, None).unwrap());
    assert!(first_time && director.id != em_dana && director.role == Role::DirectorOfEngineering);
}

#[test]
fn the_migration_seats_a_keyed_profile_of_each_role_on_existing_roadmaps() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        accord_store::migrate_with(&mut conn, Some(&path), &accord_store::MIGRATIONS[..5]).unwrap();
        conn.execute_batch(
            "INSERT INTO profile (id, name, role, created_at) VALUES
                 (1, 'Old PM', 'pm', '2025-01-01T00:00:00Z'),
                 (2, 'Priya', 'pm', '2025-01-01T00:00:00Z'),
                 (3, 'Emil', 'em', '2025-01-01T00:00:00Z');
             INSERT INTO profile_key (profile_id, public_key, sealed, created_at)
                 VALUES (2, 'aa', '{}', '2025-01-01T00:00:00Z');
             INSERT INTO roadmap (id, name, team, em_name, pm_name, director_name, head_of_product_name, created_at)
                 VALUES (1, 'Old', '', '', '', '', '', '2025-01-01T00:00:00Z');",
        )
        .unwrap();
    }
    let app = Accord::open(&path).unwrap();
    assert_eq!(app.seat_holder(1, Role::Pm).unwrap().map(|p| p.id), Some(2), "the PM with a key, not the first PM");
    assert_eq!(app.seat_holder(1, Role::Em).unwrap(), None, "nobody here can sign as EM: the seat stays open");
    let uids: std::collections::HashSet<String> = (1..=3).map(|id| app.profile(id).unwrap().uid).collect();
    assert_eq!(uids.len(), 3, "each profile has a global identity of its own");
    assert!(!app.roadmap(1).unwrap().uid.is_empty());
}

/// A partner whose key is sealed on the host's machine holds their seat
/// even while it is unbound (Emil set the roadmap up; Priya, who signs at
/// the same machine, came after): a guest with a fresh key and her role is
/// refused it, under her name or any other, and nothing is written.
#[test]
fn a_guest_cannot_take_the_seat_of_a_partner_whose_key_is_sealed_on_the_host() {
    let mut h = host_db();
    let priya =
        h.app.create_profile(NewProfile { name: "Priya".into(), role: Role::Pm, passphrase: PASS.into() }).unwrap();
    assert_eq!(h.app.seat_holder(h.roadmap.id, Role::Pm).unwrap(), None, "her seat is not bound yet");
    let before = everything(&h);
    let key = h.app.key_fingerprint(priya.id).unwrap();
    for name in ["Priya", "Paula"] {
        let (posing, _) = someone(name, Role::Pm);
        let e = refused(h.app.admit_guest(h.roadmap.id, &posing, None), ErrorCode::SeatHeld);
        assert!(e.message.contains(&format!("the PM seat of “Core platform” is held by Priya (key {key})")), "{e}");
        assert!(e.message.contains("another key cannot take it"), "{e}");
        // Nor does the host's person saying it is her (or not) let the key in.
        for confirmed in [Some(true), Some(false)] {
            refused(h.app.admit_guest(h.roadmap.id, &posing, confirmed), ErrorCode::SeatHeld);
        }
    }
    assert_eq!(everything(&h), before, "no profile, no key, no seat");
    assert!(!h.app.is_remote(priya.id).unwrap());
    // Once she takes her seat at the host, it is bound to her.
    h.app.hold_seat(h.roadmap.id, priya.id).unwrap();
    assert_eq!(h.app.seat_holder(h.roadmap.id, Role::Pm).unwrap(), Some(priya));
}

/// Whoever sets a roadmap up, by creating or importing it, holds their own
/// seat on it; the other seat stays open.
#[test]
fn the_partner_who_creates_or_imports_a_roadmap_holds_their_seat_on_it() {
    let mut h = host_db();
    let priya =
        h.app.create_profile(NewProfile { name: "Priya".into(), role: Role::Pm, passphrase: PASS.into() }).unwrap();
    let seats = |app: &Accord, roadmap: i64| {
        let holder = |role| app.seat_holder(roadmap, role).unwrap().map(|p: Profile| p.id);
        (holder(Role::Em), holder(Role::Pm))
    };
    assert_eq!(seats(&h.app, h.roadmap.id), (Some(h.emil.id), None), "Emil created it");
    let hers = new_roadmap(&mut h.app, &priya);
    assert_eq!(seats(&h.app, hers.id), (None, Some(priya.id)), "Priya created this one");

    let text = h.app.export_roadmap(h.roadmap.id).unwrap();
    let imported = h.app.import_roadmap(priya.id, &text).unwrap().roadmap;
    assert!(imported.id != h.roadmap.id && imported.id != hers.id);
    assert_eq!(seats(&h.app, imported.id), (None, Some(priya.id)), "the importer's, not the exporter's");
    let again = h.app.import_roadmap(h.emil.id, &text).unwrap().roadmap;
    assert_eq!(seats(&h.app, again.id), (Some(h.emil.id), None));
    assert_eq!(rows(&h.path, "roadmap_seat"), 4, "one seat per roadmap, nothing else");
}
