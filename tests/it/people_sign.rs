//! Signing over the wire, on two real database files: the guest signs on
//! its own machine with the key sealed there, and the host checks the
//! signature against the key the guest is bound to before it keeps it.
//! Every kind of bad signature is refused once, with its own code, and
//! writes nothing but its line in the op log.

use std::path::{Path, PathBuf};

use accord_api::{
    when_hash, Accord, Admission, ApiError, EditDimension, ErrorCode, EscalateDecision, NewDecision, NewItem,
    NewProfile, RemoteOp, RemoteOutcome, ResolveElsewhere, SignElsewhere, WritePosition,
};
use accord_domain::signoff::{CONTEXT, CONTEXT_V1};
use accord_domain::{
    ContentHash, DecisionKind, DecisionStatus, DecisionTopic, Dimension, Item, ItemKind, Keypair, Person, Profile,
    Roadmap, Role, Signature, SignedRoadmap, Statement, Subject,
};
use accord_store::rusqlite;
use accord_sync::joined::resolution_target;

use crate::api::{dump, new_roadmap, PASS};
use crate::people::{host_db, rows, HostDb};

/// The guest's passphrase, on the guest's machine only.
pub const GUEST_PASS: &str = "priya's own passphrase, at home";

struct Wire {
    host: HostDb,
    guest_path: PathBuf,
    guest: Accord,
    /// Priya as her own machine knows her.
    me: Profile,
    /// Priya as the host knows her: bound to the key she proved.
    peer: Profile,
    item: Item,
}

fn wire() -> Wire {
    let mut host = host_db();
    let guest_path = host.path.with_file_name("guest.db");
    let mut guest = Accord::open(&guest_path).unwrap();
    let me = guest
        .create_profile(NewProfile { name: "Priya".into(), role: Role::Pm, passphrase: GUEST_PASS.into() })
        .unwrap();
    let admitted = host.app.admit_guest(host.roadmap.id, &guest.person(me.id).unwrap(), None).unwrap();
    let accord_api::Admission::Admitted { profile: peer, .. } = admitted else { panic!("{admitted:?}") };
    let item = add(&mut host, "Search");
    Wire { host, guest_path, guest, me, peer, item }
}

/// Emil adds an item with a `when` on the host.
fn add(host: &mut HostDb, title: &str) -> Item {
    let req =
        NewItem { roadmap_id: host.roadmap.id, title: title.into(), kind: ItemKind::Feature, horizon: "next".into() };
    let item = host.app.create_item(host.emil.id, req).unwrap();
    edit(host, &item, Dimension::When, "Beta by 2027-Q1, confidence medium")
}

/// Emil changes `item` on the host.
fn edit(host: &mut HostDb, item: &Item, dimension: Dimension, text: &str) -> Item {
    let item = host.app.item(item.id).unwrap();
    let req =
        EditDimension { item_id: item.id, base_revision: item.revision, dimension, text: text.into(), trade_off: None };
    host.app.edit_dimension(host.emil.id, req).unwrap()
}

/// `ts` seconds since the epoch, as RFC 3339 UTC.
fn rfc3339(ts: i64) -> String {
    let (days, secs) = (ts.div_euclid(86_400), ts.rem_euclid(86_400));
    let z = days + 719_468;
    let (era, doe) = (z.div_euclid(146_097), z.rem_euclid(146_097));
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60)
}

/// Now plus `offset` seconds, as a statement says when it was signed.
fn from_now(offset: i64) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    rfc3339(now + offset)
}

impl Wire {
    fn roadmap(&self) -> &Roadmap {
        &self.host.roadmap
    }

    fn add(&mut self, title: &str) -> Item {
        add(&mut self.host, title)
    }

    fn edit(&mut self, item: &Item, dimension: Dimension, text: &str) -> Item {
        edit(&mut self.host, item, dimension, text)
    }

    /// What the guest signs for `item` as it reads now, on its own machine.
    fn sign_on_guest(&self, roadmap: &Roadmap, item: &Item) -> Signature {
        let subject = Subject::ItemWhen(item.id);
        self.guest
            .sign_elsewhere(self.me.id, GUEST_PASS, roadmap, subject, item.revision, when_hash(item).unwrap())
            .unwrap()
    }

    /// The guest's own key, as only its own machine can open it.
    fn key(&self) -> Keypair {
        let sealed = accord_store::signoffs::sealed_key(self.guest.store().conn(), self.me.id).unwrap().unwrap();
        accord_domain::sealed_key::open(&sealed, GUEST_PASS).unwrap()
    }

    /// A statement about the item's current `when`, by hand.
    fn statement(&self, role: Role, signed_at: &str) -> Statement {
        let roadmap = SignedRoadmap { id: self.roadmap().id, uid: &self.roadmap().uid };
        let subject = Subject::ItemWhen(self.item.id);
        Statement::new(roadmap, subject, self.item.revision, when_hash(&self.item).unwrap(), role, signed_at)
    }

    fn op(&self, base_revision: i64, signature: Signature) -> RemoteOp {
        RemoteOp::Sign(SignElsewhere { subject: Subject::ItemWhen(self.item.id), base_revision, signature })
    }

    fn apply(&mut self, id: &str, op: &RemoteOp) -> RemoteOutcome {
        let (roadmap, peer) = (self.roadmap().id, self.peer.id);
        self.host.app.apply_remote(roadmap, peer, id, op).unwrap()
    }

    /// What a signature may write: signatures and their history lines.
    fn written(&self) -> (i64, i64) {
        (rows(&self.host.path, "signoff"), rows(&self.host.path, "history"))
    }

    /// `op` is refused with `code` and writes nothing; sent again under the
    /// same id it gets the same answer; the op log holds one line for it.
    fn refused_once(&mut self, id: &str, op: &RemoteOp, code: ErrorCode) -> ApiError {
        let before = self.written();
        let RemoteOutcome::Rejected { seq, error } = self.apply(id, op) else { panic!("{id}: expected {code:?}") };
        assert_eq!(error.code, code, "{id}: {}", error.message);
        assert!(error.message.contains("nothing was written") || code == ErrorCode::StaleRevision, "{id}: {error}");
        assert_eq!(self.written(), before, "{id}: nothing was written");
        let RemoteOutcome::Rejected { seq: again, error: same } = self.apply(id, op) else { panic!("{id}: re-sent") };
        assert_eq!((again, same.code, &same.message), (seq, code, &error.message), "{id}: the first answer again");
        assert_eq!(self.written(), before);
        assert_eq!(op_rows(&self.host.path, id), 1, "{id}: logged once");
        error
    }
}

fn op_rows(path: &Path, id: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("SELECT count(*) FROM op_log WHERE client_op_id = ?1", [id], |r| r.get(0)).unwrap()
}

#[test]
fn rfc3339_counts_days_as_the_calendar_does() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
    let (before, now, after) = (from_now(0), accord_api::now(), from_now(0));
    assert!(before[..19] <= now[..19] && now[..19] <= after[..19], "{before} {now} {after}");
}

#[test]
fn a_signature_made_on_the_guests_machine_is_checked_kept_and_kept_once() {
    let mut w = wire();
    let guest_before = dump(w.guest.store().conn());
    let sig = w.sign_on_guest(&w.roadmap().clone(), &w.item.clone());
    assert_eq!(dump(w.guest.store().conn()), guest_before, "signing for elsewhere writes nothing at home");
    assert_eq!(sig.statement.roadmap_uid.as_deref(), Some(w.roadmap().uid.as_str()), "it names the roadmap's uid");
    assert_eq!((sig.statement.context.as_str(), sig.statement.role), (CONTEXT, Role::Pm));
    assert_eq!(
        Some(sig.public_key.clone()),
        accord_store::signoffs::public_key_of(w.host.app.store().conn(), w.peer.id).unwrap()
    );
    let wrong = w.guest.sign_elsewhere(
        w.me.id,
        "not the passphrase",
        &w.roadmap().clone(),
        sig.statement.subject,
        1,
        when_hash(&w.item).unwrap(),
    );
    assert_eq!(wrong.unwrap_err().code, ErrorCode::WrongPassphrase);

    let before = w.written();
    let op = w.op(w.item.revision, sig.clone());
    let RemoteOutcome::Applied { seq, effect: Some(_) } = w.apply("op-1", &op) else { panic!("applied") };
    assert_eq!(w.written(), (before.0 + 1, before.1 + 1), "one signature, one history line");
    let state = w.host.app.when_signoff(w.item.id).unwrap();
    assert_eq!((state.agreement.signed.as_slice(), state.agreement.invalid), (&[Role::Pm][..], 0));
    assert_eq!(state.signatures[0].profile_id, w.peer.id);
    assert_eq!(state.signatures[0].fingerprint, w.host.app.key_fingerprint(w.peer.id).unwrap());

    // Re-sent: the first outcome, and nothing more written.
    assert_eq!(w.apply("op-1", &op), RemoteOutcome::Applied { seq, effect: None });
    assert_eq!(w.written(), (before.0 + 1, before.1 + 1));
    assert_eq!(op_rows(&w.host.path, "op-1"), 1);
    // The same id for another op is no retry.
    let other = w.op(w.item.revision + 1, sig.clone());
    let e = w.host.app.apply_remote(w.roadmap().id, w.peer.id, "op-1", &other).unwrap_err();
    assert!(e.message.contains("already used"), "{e}");

    let stored: String = rusqlite::Connection::open(&w.host.path)
        .unwrap()
        .query_row("SELECT signature FROM signoff", [], |r| r.get(0))
        .unwrap();
    assert_eq!(serde_json::from_str::<Signature>(&stored).unwrap(), sig, "kept exactly as signed");
}

#[test]
fn a_signature_about_anything_else_is_refused_once_with_its_own_code() {
    let mut w = wire();
    let now = accord_api::now();
    let rev = w.item.revision;
    let mut cases: Vec<(&str, Signature, ErrorCode, &str)> = Vec::new();

    let mut other_text = w.item.clone();
    other_text.set_dimension(accord_domain::Dimension::When, "GA by 2026-Q4".into());
    cases.push((
        "other content",
        w.sign_on_guest(&w.roadmap().clone(), &other_text),
        ErrorCode::BadSignature,
        "other content",
    ));

    // A roadmap in another database, with the same id, item id and text.
    let elsewhere = new_roadmap(&mut w.guest, &w.me.clone());
    assert_eq!(elsewhere.id, w.roadmap().id, "only the global identity tells them apart");
    cases.push((
        "other roadmap",
        w.sign_on_guest(&elsewhere, &w.item.clone()),
        ErrorCode::BadSignature,
        "not over this roadmap",
    ));

    let second = w.add("Billing");
    cases.push((
        "other subject",
        w.sign_on_guest(&w.roadmap().clone(), &second),
        ErrorCode::BadSignature,
        "something else",
    ));

    let key = w.key();
    cases.push((
        "other role",
        key.sign(w.statement(Role::Em, &now)).unwrap(),
        ErrorCode::BadSignature,
        "claims the role EM, not PM",
    ));
    for (id, offset) in [("two hours ago", -2 * 3600), ("two hours ahead", 2 * 3600)] {
        let sig = key.sign(w.statement(Role::Pm, &from_now(offset))).unwrap();
        cases.push((id, sig, ErrorCode::BadSignature, "more than 5 minutes from now"));
    }
    cases.push((
        "unreadable time",
        key.sign(w.statement(Role::Pm, "yesterday")).unwrap(),
        ErrorCode::BadSignature,
        "not readable",
    ));

    let stranger = Keypair::from_seed(&[9; 32]);
    cases.push((
        "other key",
        stranger.sign(w.statement(Role::Pm, &now)).unwrap(),
        ErrorCode::WrongKey,
        "another key than Priya's",
    ));

    let mut tampered = key.sign(w.statement(Role::Pm, &now)).unwrap();
    let flipped = if tampered.signature.starts_with('0') { "1" } else { "0" };
    tampered.signature.replace_range(..1, flipped);
    cases.push(("tampered", tampered, ErrorCode::BadSignature, "altered"));

    let mut v1 = key.sign(w.statement(Role::Pm, &now)).unwrap();
    (v1.statement.context, v1.statement.roadmap_uid) = (CONTEXT_V1.into(), None);
    cases.push(("older statement", v1, ErrorCode::BadSignature, "older statement"));

    for (id, sig, code, says) in cases {
        let op = w.op(rev, sig);
        let e = w.refused_once(id, &op, code);
        assert!(e.message.contains(says), "{id}: {e}");
    }
    let state = w.host.app.when_signoff(w.item.id).unwrap();
    assert!(state.signatures.is_empty() && state.agreement.signed.is_empty(), "{state:?}");

    // Within the tolerance a guest's clock may be a little off.
    let op = w.op(rev, key.sign(w.statement(Role::Pm, &from_now(-4 * 60))).unwrap());
    assert!(matches!(w.apply("four minutes ago", &op), RemoteOutcome::Applied { .. }));
    assert_eq!(w.host.app.when_signoff(w.item.id).unwrap().agreement.signed, [Role::Pm]);
}

#[test]
fn a_signature_of_a_revision_that_moved_on_is_stale() {
    let mut w = wire();
    let item = w.item.clone();
    let sig = w.sign_on_guest(&w.roadmap().clone(), &item);
    // Emil changes another dimension: the `when` reads the same, its revision moved.
    w.item = w.edit(&item, Dimension::How, "Postgres full-text search");
    assert_eq!(when_hash(&w.item).unwrap(), when_hash(&item).unwrap());

    // As a guest sends it: at the revision it read.
    let as_read = w.op(item.revision, sig.clone());
    let e = w.refused_once("as read", &as_read, ErrorCode::StaleRevision);
    assert_eq!(e.current.map(|c| c.revision), Some(w.item.revision), "the item as it is now comes back");
    // Claiming the current revision for a signature of the old one.
    let claimed = w.op(w.item.revision, sig);
    let e = w.refused_once("claimed", &claimed, ErrorCode::StaleRevision);
    assert!(e.message.contains(&format!("over revision {}", item.revision)), "{e}");

    let fresh = w.op(w.item.revision, w.sign_on_guest(&w.roadmap().clone(), &w.item.clone()));
    assert!(matches!(w.apply("fresh", &fresh), RemoteOutcome::Applied { .. }));
}

/// The message is one sentence, with no run of spaces where a line of
/// source was continued.
#[test]
fn the_stale_signature_message_reads_as_one_sentence() {
    let mut w = wire();
    let sig = w.sign_on_guest(&w.roadmap().clone(), &w.item.clone());
    w.item = w.edit(&w.item.clone(), Dimension::How, "Elsewhere");
    let RemoteOutcome::Rejected { error, .. } = w.apply("stale", &w.op(w.item.revision, sig)) else { panic!() };
    assert!(error.message.contains("read it again and sign what it says now"), "{}", error.message);
    assert!(!error.message.contains("  "), "{}", error.message);
}

/// A re-sent stale signature of an item's `when` comes back as the first
/// answer did, with the item as it is now.
#[test]
fn a_re_sent_stale_signature_gets_the_item_back_as_the_first_answer_did() {
    let mut w = wire();
    let item = w.item.clone();
    let sig = w.sign_on_guest(&w.roadmap().clone(), &item);
    w.item = w.edit(&item, Dimension::How, "Elsewhere");
    let op = w.op(item.revision, sig);
    let RemoteOutcome::Rejected { error: first, .. } = w.apply("stale", &op) else { panic!() };
    let RemoteOutcome::Rejected { error: again, .. } = w.apply("stale", &op) else { panic!() };
    assert!(first.current.is_some());
    assert_eq!(again, first);
}

/// Neither `secrets` nor their hex (either case) are anywhere in the file
/// at `path`, its write-ahead log, or the op log's bodies; `public` (which
/// must be there) shows the search reads the right bytes.
pub fn assert_stays_home(path: &Path, secrets: &[(&str, &[u8])], public: &str) {
    let mut bytes = std::fs::read(path).unwrap();
    let wal = path.with_file_name(format!("{}-wal", path.file_name().unwrap().to_str().unwrap()));
    if let Ok(more) = std::fs::read(&wal) {
        bytes.extend(more);
    }
    let bodies: Vec<String> = {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut stmt = conn.prepare("SELECT body FROM op_log").unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert!(!bodies.is_empty(), "the guest's ops are logged");
    let has = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    assert!(has(&bytes, public.as_bytes()), "the search does not read what the host keeps");
    for (what, secret) in secrets {
        for form in [secret.to_vec(), hex::encode(secret).into_bytes(), hex::encode_upper(secret).into_bytes()] {
            assert!(!has(&bytes, &form), "the guest's {what} is in the host's file");
            assert!(!bodies.iter().any(|b| has(b.as_bytes(), &form)), "the guest's {what} is in the op log");
        }
    }
}

#[test]
fn the_guests_passphrase_and_key_never_reach_the_hosts_file() {
    let mut w = wire();
    let op = w.op(w.item.revision, w.sign_on_guest(&w.roadmap().clone(), &w.item.clone()));
    assert!(matches!(w.apply("op-1", &op), RemoteOutcome::Applied { .. }));
    let seed = w.key().seed();
    let public = w.guest.person(w.me.id).unwrap().public_key;
    assert!(w.guest_path.exists());
    assert_stays_home(&w.host.path, &[("passphrase", GUEST_PASS.as_bytes()), ("key", &seed[..])], &public);
}

/// A director of engineering who joined as a guest resolves an escalation
/// with a signature made on their own machine: over the decision as the
/// resolution leaves it (the new outcome, trailing blanks dropped, one
/// revision on). A signature over the content as it was, or none at all,
/// is refused once with nothing written.
#[test]
fn a_director_who_joined_as_a_guest_resolves_an_escalation_with_their_own_signature() {
    let mut host = host_db();
    let roadmap = host.roadmap.clone();
    let emil = host.emil.clone();
    let priya =
        host.app.create_profile(NewProfile { name: "Priya".into(), role: Role::Pm, passphrase: PASS.into() }).unwrap();
    let new = NewDecision {
        roadmap_id: roadmap.id,
        kind: DecisionKind::Shared,
        topic: DecisionTopic::Timeline,
        title: "Launch date".into(),
        context: "Billing must be out before the pricing change".into(),
        options: "October\nNovember".into(),
        outcome: "October".into(),
        linked_items: vec![],
        proposed: true,
        capacity: None,
    };
    let id = host.app.create_decision(emil.id, new).unwrap().decision.id;
    for (who, position) in [(priya.id, "October, without the admin screens"), (emil.id, "November, all of it")] {
        let req = WritePosition {
            decision_id: id,
            position: position.into(),
            understanding: "The other side wants the date kept".into(),
            compromises: "A beta in October".into(),
        };
        host.app.write_position(who, req).unwrap();
    }
    let revision = host.app.decision(id).unwrap().decision.revision;
    let req = EscalateDecision {
        decision_id: id,
        base_revision: revision,
        director_name: "Dana".into(),
        head_of_product_name: "Hugo".into(),
    };
    let escalated = host.app.escalate(priya.id, req).unwrap();
    assert_eq!(escalated.status, DecisionStatus::Escalated);
    let decision = escalated.decision;

    // Dana joins from her own machine, with her own key.
    let key = Keypair::from_seed(&[42; 32]);
    let dana = Person {
        uid: "uid-dana-at-home".into(),
        name: "Dana".into(),
        role: Role::DirectorOfEngineering,
        public_key: key.public().to_hex(),
    };
    let admitted = host.app.admit_guest(roadmap.id, &dana, None).unwrap();
    let Admission::Admitted { profile: peer, .. } = admitted else { panic!("{admitted:?}") };
    assert_eq!(peer.role, Role::DirectorOfEngineering);

    let outcome = "November, the admin screens in December  \n";
    let (at, hash) = resolution_target(&decision, outcome).unwrap();
    assert_eq!(at, decision.revision + 1);
    let uid = roadmap.uid.clone();
    let sign = |revision: i64, hash: ContentHash| {
        let signed = SignedRoadmap { id: roadmap.id, uid: &uid };
        let role = Role::DirectorOfEngineering;
        key.sign(Statement::new(signed, Subject::Decision(id), revision, hash, role, &accord_api::now())).unwrap()
    };
    let op = |signature: Option<Signature>| {
        RemoteOp::ResolveEscalation(ResolveElsewhere {
            decision_id: id,
            base_revision: decision.revision,
            outcome: outcome.into(),
            decided_by: "ignored for a decider".into(),
            signature,
        })
    };

    let old = ContentHash::of(&decision.content()).unwrap();
    let refusals = [
        ("over the old content", Some(sign(at, old)), ErrorCode::BadSignature, "other content"),
        ("over the old revision", Some(sign(decision.revision, old)), ErrorCode::StaleRevision, "read it again"),
        ("unsigned", None, ErrorCode::InvalidInput, "sign it"),
    ];
    for (op_id, signature, code, says) in refusals {
        let before = dump(host.app.store().conn());
        let op = op(signature);
        let RemoteOutcome::Rejected { seq, error } = host.app.apply_remote(roadmap.id, peer.id, op_id, &op).unwrap()
        else {
            panic!("{op_id}: applied")
        };
        assert_eq!(error.code, code, "{op_id}: {error}");
        assert!(error.message.contains(says), "{op_id}: {error}");
        assert_eq!(dump(host.app.store().conn()), before, "{op_id}: nothing was written");
        let again = host.app.apply_remote(roadmap.id, peer.id, op_id, &op).unwrap();
        let RemoteOutcome::Rejected { seq: again, error: same } = again else { panic!("{op_id}: re-sent") };
        assert_eq!((again, same.code), (seq, code), "{op_id}: the first answer again");
        assert_eq!(dump(host.app.store().conn()), before);
        assert_eq!(op_rows(&host.path, op_id), 1, "{op_id}: logged once");
    }
    assert_eq!(host.app.decision(id).unwrap().status, DecisionStatus::Escalated, "still waiting for Dana");

    let signature = sign(at, hash);
    let signoffs = rows(&host.path, "signoff");
    let resolved = op(Some(signature.clone()));
    let outcome_of = host.app.apply_remote(roadmap.id, peer.id, "resolved", &resolved).unwrap();
    assert!(matches!(outcome_of, RemoteOutcome::Applied { effect: Some(_), .. }), "{outcome_of:?}");
    assert_eq!(rows(&host.path, "signoff"), signoffs + 1, "her signature, once");
    let view = host.app.decision(id).unwrap();
    assert_eq!(view.decision.outcome, outcome.trim_end(), "the resolution is the outcome now");
    assert_eq!((view.decision.revision, view.signoff.content_hash.as_str()), (at, hash.to_hex().as_str()));
    assert_eq!(view.status, DecisionStatus::Agreed, "the resolution decides it");
    let r = view.escalation.unwrap().resolution.unwrap();
    assert!(r.current, "resolved as it reads now");
    assert_eq!(r.decided_by, "Dana (Director of Engineering)");
    assert_eq!(r.signatures.len(), 1);
    assert_eq!((r.signatures[0].profile_id, r.signatures[0].role), (peer.id, Role::DirectorOfEngineering));
    let stored: String = rusqlite::Connection::open(&host.path)
        .unwrap()
        .query_row("SELECT signature FROM signoff WHERE signer_id = ?1", [peer.id], |r| r.get(0))
        .unwrap();
    assert_eq!(serde_json::from_str::<Signature>(&stored).unwrap(), signature, "kept exactly as signed");
    // Re-sent: the first outcome, nothing more written.
    let again = host.app.apply_remote(roadmap.id, peer.id, "resolved", &resolved).unwrap();
    assert!(matches!(again, RemoteOutcome::Applied { effect: None, .. }), "{again:?}");
    assert_eq!(rows(&host.path, "signoff"), signoffs + 1);
}
