//! Planning sessions in one process: a host on a real SQLite file and two
//! guests (the PM and the EM), with their frames carried as encoded bytes
//! through queues that a test delivers, loses and cuts in any order. The
//! guests also decide, take baselines and sign, each on its own machine
//! with its own key, as a guest does.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

use accord_api::{
    when_hash, Accord, CreateBaselineElsewhere, EditDimension, ErrorCode, MoveItem, NewDecision, NewItem, NewProfile,
    ProposeChange, RemoteOp, RemoteOutcome, SignElsewhere, UpdateDecision,
};
use accord_domain::{
    agreement, owner_of, ContentHash, DecisionKind, DecisionTopic, Dimension, ItemKind, Keypair, Owner, Profile,
    PublicIdentity, Role, Signature, SignedRoadmap, Statement, Subject,
};
use accord_store::{op_log, rusqlite};
use accord_sync::protocol::{decode, encode};
use accord_sync::{
    Editing, FrameError, Guest, Host, OpState, PeerId, ToGuest, ToHost, FRAME_MAX_BYTES, PROTOCOL_VERSION,
};
use proptest::prelude::*;

use crate::api::{new_roadmap, PASS};

pub(crate) const ITEMS: usize = 4;

pub struct Template {
    _dir: tempfile::TempDir,
    pub path: std::path::PathBuf,
    pub pm: Profile,
    pub em: Profile,
    pub roadmap_id: i64,
}

/// A database with the PM, the EM, a roadmap and a few items, made once
/// (sealing keys is deliberately slow) and copied for each case.
/// "Item 0" … of a session test's roadmap, added by `by`.
pub(crate) fn add_items(app: &mut Accord, roadmap_id: accord_domain::RoadmapId, by: &Profile) {
    for n in 0..ITEMS {
        let req = NewItem { roadmap_id, title: format!("Item {n}"), kind: ItemKind::Feature, horizon: String::new() };
        app.create_item(by.id, req).unwrap();
    }
}

pub fn template() -> &'static Template {
    static T: std::sync::OnceLock<Template> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host.db");
        let mut app = Accord::open(&path).unwrap();
        let pm =
            app.create_profile(NewProfile { name: "Priya".into(), role: Role::Pm, passphrase: PASS.into() }).unwrap();
        let em =
            app.create_profile(NewProfile { name: "Emil".into(), role: Role::Em, passphrase: PASS.into() }).unwrap();
        let roadmap = new_roadmap(&mut app, &pm);
        add_items(&mut app, roadmap.id, &pm);
        drop(app);
        Template { _dir: dir, path, pm, em, roadmap_id: roadmap.id }
    })
}

/// The PM's and the EM's keys (in the guests' order), opened once from the
/// template: each guest signs with its own, as on its own machine.
fn keys() -> &'static [Keypair; 2] {
    static K: std::sync::OnceLock<[Keypair; 2]> = std::sync::OnceLock::new();
    K.get_or_init(|| {
        let t = template();
        let conn = rusqlite::Connection::open(&t.path).unwrap();
        let open = |p: &Profile| {
            let sealed = accord_store::signoffs::sealed_key(&conn, p.id).unwrap().unwrap();
            accord_domain::sealed_key::open(&sealed, PASS).unwrap()
        };
        [open(&t.pm), open(&t.em)]
    })
}

fn host_copy(dir: &Path) -> Host {
    let t = template();
    let path = dir.join("host.db");
    std::fs::copy(&t.path, &path).unwrap();
    Host::new(Accord::open(&path).unwrap(), t.roadmap_id).unwrap()
}

/// One guest's connection: frames in flight each way, as bytes.
#[derive(Default)]
struct Link {
    peer: Option<PeerId>,
    up: VecDeque<Vec<u8>>,
    down: VecDeque<Vec<u8>>,
}

struct Session {
    host: Host,
    /// The host's file, for reading it beside the host's own connection.
    path: PathBuf,
    guests: Vec<Guest>,
    profiles: Vec<Profile>,
    links: Vec<Link>,
    /// Each op: which guest made it, and how many answers reached it.
    ops: HashMap<String, (usize, usize)>,
}

impl Session {
    fn new(dir: &Path) -> Session {
        let t = template();
        let mut s = Session {
            host: host_copy(dir),
            path: dir.join("host.db"),
            guests: vec![Guest::new(), Guest::new()],
            profiles: vec![t.pm.clone(), t.em.clone()],
            links: vec![Link::default(), Link::default()],
            ops: HashMap::new(),
        };
        for g in 0..2 {
            s.connect(g);
        }
        s
    }

    fn connect(&mut self, g: usize) {
        if self.links[g].peer.is_some() {
            return;
        }
        let (peer, frames) = self.host.connect(self.profiles[g].id).unwrap();
        self.links[g] = Link { peer: Some(peer), up: VecDeque::new(), down: VecDeque::new() };
        self.route(frames);
    }

    fn route(&mut self, frames: Vec<(PeerId, ToGuest)>) {
        for (to, frame) in frames {
            if let Some(link) = self.links.iter_mut().find(|l| l.peer == Some(to)) {
                link.down.push_back(encode(&frame));
            }
        }
    }

    /// The connection is cut: whatever was in flight either way is lost.
    fn cut(&mut self, g: usize) {
        if let Some(peer) = self.links[g].peer.take() {
            let left = self.host.disconnect(peer);
            self.guests[g].disconnected();
            self.route(left);
        }
        self.links[g].up.clear();
        self.links[g].down.clear();
    }

    fn submit(&mut self, g: usize, op: RemoteOp) {
        let (id, frame) = self.guests[g].submit(op);
        self.ops.insert(id, (g, 0));
        if let Some(frame) = frame {
            self.links[g].up.push_back(encode(&frame));
        }
    }

    fn deliver_up(&mut self, g: usize) {
        let (Some(peer), Some(bytes)) = (self.links[g].peer, self.links[g].up.pop_front()) else { return };
        let frame: ToHost = decode(&bytes).unwrap();
        let replies = self.host.receive(peer, frame).unwrap();
        self.route(replies);
    }

    fn deliver_down(&mut self, g: usize) {
        let Some(bytes) = self.links[g].down.pop_front() else { return };
        let frame: ToGuest = decode(&bytes).unwrap();
        let answered = match &frame {
            ToGuest::Applied { client_op_id, .. }
            | ToGuest::AlreadyApplied { client_op_id, .. }
            | ToGuest::Rejected { client_op_id, .. } => Some(client_op_id.clone()),
            ToGuest::Snapshot { .. }
            | ToGuest::Changed { .. }
            | ToGuest::End { .. }
            | ToGuest::Presence { .. }
            | ToGuest::Touched
            | ToGuest::Answer { .. }
            | ToGuest::Bye { .. } => None,
        };
        if let Some((origin, answers)) = answered.and_then(|id| self.ops.get_mut(&id)) {
            if *origin == g {
                *answers += 1;
            }
        }
        for frame in self.guests[g].receive(frame) {
            self.links[g].up.push_back(encode(&frame));
        }
    }

    /// Guest `g`'s signature on `subject` as it reads at `revision`,
    /// hashing to `hash`, made now with its own key; the op that sends it.
    fn sign(&self, g: usize, subject: Subject, revision: i64, hash: ContentHash) -> RemoteOp {
        let roadmap = self.host.accord().roadmap(template().roadmap_id).unwrap();
        let signed = SignedRoadmap { id: roadmap.id, uid: &roadmap.uid };
        let statement = Statement::new(signed, subject, revision, hash, self.profiles[g].role, &accord_api::now());
        let signature = keys()[g].sign(statement).unwrap();
        RemoteOp::Sign(SignElsewhere { subject, base_revision: revision, signature })
    }

    /// Guest `g`'s link, while it holds, delivers everything in flight
    /// either way: its copy is as fresh as the host's answers make it.
    fn flush(&mut self, g: usize) {
        while self.links[g].peer.is_some() && (!self.links[g].up.is_empty() || !self.links[g].down.is_empty()) {
            self.deliver_up(g);
            self.deliver_down(g);
        }
    }

    /// Everyone reconnects and every frame is delivered.
    fn settle(&mut self) {
        for g in 0..2 {
            self.connect(g);
        }
        while self.links.iter().any(|l| !l.up.is_empty() || !l.down.is_empty()) {
            for g in 0..2 {
                self.deliver_up(g);
                self.deliver_down(g);
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Step {
    Edit {
        guest: usize,
        item: usize,
        dimension: Dimension,
        n: u8,
    },
    Propose {
        guest: usize,
        item: usize,
        dimension: Dimension,
        n: u8,
    },
    Move {
        guest: usize,
        item: usize,
        to: u32,
    },
    Focus {
        guest: usize,
        item: usize,
        dimension: Option<Dimension>,
    },
    /// The guest signs the `when` of the `item`-th (counting round) of the
    /// items whose `when` its copy shows, as and at the revision it shows.
    SignWhen {
        guest: usize,
        item: usize,
    },
    /// A new shared decision, put forward for signature.
    Decide {
        guest: usize,
        n: u8,
    },
    /// The guest changes the outcome of the roadmap's `decision`-th decision
    /// as the host's file shows it now: signatures over the old one lapse.
    EditDecision {
        guest: usize,
        decision: usize,
        n: u8,
    },
    /// The guest signs the `decision`-th decision as it just read it from the host.
    SignDecision {
        guest: usize,
        decision: usize,
    },
    Baseline {
        guest: usize,
    },
    /// The guest signs the `baseline`-th baseline as it just read it from the host.
    SignBaseline {
        guest: usize,
        baseline: usize,
    },
    DeliverUp(usize),
    DeliverDown(usize),
    Flush(usize),
    Cut(usize),
    Reconnect(usize),
}

fn step() -> impl Strategy<Value = Step> {
    let guest = 0..2usize;
    let item = 0..ITEMS;
    let dimension = prop::sample::select(Dimension::ALL.to_vec());
    // Edits write the `when` more often than the rest, so there is one to sign.
    let edited = prop_oneof![dimension.clone(), Just(Dimension::When)];
    let nth = 0..4usize;
    prop_oneof![
        3 => (guest.clone(), item.clone(), edited, any::<u8>())
            .prop_map(|(guest, item, dimension, n)| Step::Edit { guest, item, dimension, n }),
        1 => (guest.clone(), item.clone(), dimension, any::<u8>())
            .prop_map(|(guest, item, dimension, n)| Step::Propose { guest, item, dimension, n }),
        1 => (guest.clone(), item.clone(), 0..ITEMS as u32).prop_map(|(guest, item, to)| Step::Move { guest, item, to }),
        1 => (guest.clone(), item.clone(), prop::option::of(prop::sample::select(Dimension::ALL.to_vec())))
            .prop_map(|(guest, item, dimension)| Step::Focus { guest, item, dimension }),
        2 => (guest.clone(), item).prop_map(|(guest, item)| Step::SignWhen { guest, item }),
        1 => (guest.clone(), any::<u8>()).prop_map(|(guest, n)| Step::Decide { guest, n }),
        1 => (guest.clone(), nth.clone(), any::<u8>())
            .prop_map(|(guest, decision, n)| Step::EditDecision { guest, decision, n }),
        1 => (guest.clone(), nth.clone()).prop_map(|(guest, decision)| Step::SignDecision { guest, decision }),
        1 => guest.clone().prop_map(|guest| Step::Baseline { guest }),
        1 => (guest.clone(), nth).prop_map(|(guest, baseline)| Step::SignBaseline { guest, baseline }),
        4 => guest.clone().prop_map(Step::DeliverUp),
        4 => guest.clone().prop_map(Step::DeliverDown),
        2 => guest.clone().prop_map(Step::Flush),
        1 => guest.clone().prop_map(Step::Cut),
        1 => guest.prop_map(Step::Reconnect),
    ]
}

/// The roadmap's `n`-th decision (counting round) as the host's file shows
/// it now: what a guest reads just before it acts on it.
fn nth_decision(s: &Session, n: usize) -> Option<accord_domain::Decision> {
    let all = accord_store::decisions::list(s.host.accord().store().conn(), template().roadmap_id).unwrap();
    all.get(n % all.len().max(1)).cloned()
}

/// Runs `steps`, then settles; the directory holds the host's file.
fn run(steps: &[Step]) -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(dir.path());
    let t = template();
    for step in steps {
        match *step {
            Step::Edit { guest, item, dimension, n } | Step::Propose { guest, item, dimension, n } => {
                // The guest edits what it sees, at the revision it sees.
                let Some(seen) = s.guests[guest].items().get(item).cloned() else { continue };
                let text = format!("{dimension:?} {n} by {}", s.profiles[guest].name);
                let op = if matches!(step, Step::Edit { .. }) {
                    RemoteOp::edit(&seen, dimension, &text)
                } else {
                    RemoteOp::ProposeChange(ProposeChange {
                        item_id: seen.id,
                        base_revision: seen.revision,
                        dimension,
                        text,
                    })
                };
                s.submit(guest, op);
            }
            Step::Move { guest, item, to } => {
                let Some(seen) = s.guests[guest].items().get(item).cloned() else { continue };
                s.submit(
                    guest,
                    RemoteOp::MoveItem(MoveItem { item_id: seen.id, base_revision: seen.revision, to_index: to }),
                );
            }
            Step::Focus { guest, item, dimension } => {
                let Some(seen) = s.guests[guest].items().get(item).cloned() else { continue };
                if let Some(frame) = s.guests[guest].editing(Some(Editing { item_id: seen.id, dimension })) {
                    s.links[guest].up.push_back(encode(&frame));
                }
            }
            Step::SignWhen { guest, item } => {
                // Of the items whose copy shows a `when` (none: nothing to sign).
                let signable: Vec<_> =
                    s.guests[guest].items().into_iter().filter(|i| !i.matrix.when.trim().is_empty()).collect();
                let Some(seen) = signable.get(item % signable.len().max(1)) else { continue };
                let op = s.sign(guest, Subject::ItemWhen(seen.id), seen.revision, when_hash(seen).unwrap());
                s.submit(guest, op);
            }
            Step::Decide { guest, n } => {
                let op = RemoteOp::CreateDecision(NewDecision {
                    roadmap_id: t.roadmap_id,
                    kind: DecisionKind::Shared,
                    topic: DecisionTopic::Timeline,
                    title: format!("Decision {n} by {}", s.profiles[guest].name),
                    context: String::new(),
                    options: String::new(),
                    outcome: format!("Outcome {n}"),
                    linked_items: Vec::new(),
                    proposed: true,
                    capacity: None,
                });
                s.submit(guest, op);
            }
            Step::EditDecision { guest, decision, n } => {
                let Some(d) = nth_decision(&s, decision) else { continue };
                let op = RemoteOp::UpdateDecision(UpdateDecision {
                    decision_id: d.id,
                    base_revision: d.revision,
                    title: d.title.clone(),
                    context: d.context.clone(),
                    options: d.options.clone(),
                    outcome: format!("Outcome {n}, as {} now has it", s.profiles[guest].name),
                    linked_items: d.linked_items.clone(),
                    proposed: true,
                    capacity: None,
                });
                s.submit(guest, op);
            }
            Step::SignDecision { guest, decision } => {
                let Some(d) = nth_decision(&s, decision) else { continue };
                let op = s.sign(guest, Subject::Decision(d.id), d.revision, ContentHash::of(&d.content()).unwrap());
                s.submit(guest, op);
            }
            Step::Baseline { guest } => {
                let name = format!("Plan {} by {}", s.ops.len(), s.profiles[guest].name);
                s.submit(guest, RemoteOp::CreateBaseline(CreateBaselineElsewhere { roadmap_id: t.roadmap_id, name }));
            }
            Step::SignBaseline { guest, baseline } => {
                let all = accord_store::baselines::list(s.host.accord().store().conn(), t.roadmap_id).unwrap();
                let Some(b) = all.get(baseline % all.len().max(1)) else { continue };
                let hash = ContentHash::from_hex(&b.content_hash).unwrap();
                let op = s.sign(guest, Subject::Baseline(b.id), 1, hash);
                s.submit(guest, op);
            }
            Step::DeliverUp(g) => s.deliver_up(g),
            Step::DeliverDown(g) => s.deliver_down(g),
            Step::Flush(g) => s.flush(g),
            Step::Cut(g) => s.cut(g),
            Step::Reconnect(g) => s.connect(g),
        }
    }
    s.settle();
    (dir, s)
}

fn check_invariants(s: &Session) {
    let t = template();
    let truth = s.host.accord().items(t.roadmap_id, false).unwrap();
    for (g, guest) in s.guests.iter().enumerate() {
        assert_eq!(guest.items(), truth, "guest {g}'s copy equals the host's roadmap");
        assert_eq!(guest.pending(), 0, "guest {g} has no unanswered op");
        assert_eq!(guest.people(), s.host.people(), "guest {g} sees who is here and where");
        let me = s.host.people().into_iter().find(|p| !p.host && p.name == s.profiles[g].name).unwrap();
        assert_eq!(me.editing.as_ref(), guest.focus(), "the host knows where guest {g} is, after any cut");
    }
    let conn = s.host.accord().store().conn();
    let log = op_log::after(conn, t.roadmap_id, 0).unwrap();
    let mut applied = 0;
    for (id, &(g, answers)) in &s.ops {
        assert_eq!(answers, 1, "op {id} of guest {g} was answered exactly once");
        let logged: Vec<_> = log.iter().filter(|l| &l.entry.client_op_id == id).collect();
        assert_eq!(logged.len(), 1, "op {id} is logged once");
        match s.guests[g].state(id).unwrap() {
            OpState::Applied { seq, .. } => {
                applied += 1;
                assert_eq!((logged[0].seq, &logged[0].outcome), (*seq, &op_log::Outcome::Applied));
            }
            OpState::Rejected { error } => {
                assert!(matches!(logged[0].outcome, op_log::Outcome::Rejected { .. }), "{error:?}");
            }
            OpState::Pending => panic!("op {id} is still pending"),
        }
    }
    assert_eq!(log.len(), s.ops.len(), "every op is in the log, and nothing else");
    // No op was applied twice: replaying the log's applied ops, once each,
    // on the starting database gives the host's roadmap exactly.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("replay.db");
    std::fs::copy(&t.path, &path).unwrap();
    let mut replay = Accord::open(&path).unwrap();
    for l in log.iter().filter(|l| l.outcome == op_log::Outcome::Applied) {
        let op: RemoteOp = serde_json::from_str(&l.entry.body).unwrap();
        let outcome = replay.apply_remote(t.roadmap_id, l.entry.peer_id, &l.entry.client_op_id, &op).unwrap();
        assert!(matches!(outcome, RemoteOutcome::Applied { .. }), "{outcome:?}");
    }
    let timeless = |items: Vec<accord_domain::Item>| {
        items.into_iter().map(|i| accord_domain::Item { updated_at: String::new(), ..i }).collect::<Vec<_>>()
    };
    assert_eq!(timeless(replay.items(t.roadmap_id, false).unwrap()), timeless(truth.clone()));
    assert!(applied <= log.len());
    // Decision rights held for every remote edit: the peer's role, not the op's claim.
    for l in log.iter().filter(|l| l.entry.kind == "edit_dimension") {
        let op: RemoteOp = serde_json::from_str(&l.entry.body).unwrap();
        let RemoteOp::EditDimension(edit) = op else { unreachable!() };
        let role = if l.entry.peer_id == t.pm.id { Role::Pm } else { Role::Em };
        let allowed = match owner_of(edit.dimension) {
            Owner::Pm => role == Role::Pm,
            Owner::Em => role == Role::Em,
            Owner::Shared => true,
        };
        if l.outcome == op_log::Outcome::Applied {
            assert!(allowed, "{role:?} wrote {:?}", edit.dimension);
        } else if !allowed {
            let op_log::Outcome::Rejected { code, .. } = &l.outcome else { unreachable!() };
            assert_eq!(code, "forbidden");
        }
    }
    check_signoffs(s, &log);
}

/// What the host reports of every sign-off is what its stored signatures
/// say by themselves, and a signature is stored only by its applied op.
fn check_signoffs(s: &Session, log: &[op_log::Logged]) {
    let t = template();
    let accord = s.host.accord();
    // Read beside the host, on a connection of its own.
    let conn = rusqlite::Connection::open(&s.path).unwrap();
    let strings = |sql: &str| -> Vec<Vec<String>> {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        let rows = stmt.query_map([], |r| (0..n).map(|i| r.get::<_, String>(i)).collect()).unwrap();
        rows.map(Result::unwrap).collect()
    };
    let stored: Vec<Signature> = strings("SELECT signature FROM signoff ORDER BY id")
        .iter()
        .map(|row| serde_json::from_str(&row[0]).unwrap())
        .collect();

    // Signatures are stored only when their op was applied, once each, as sent.
    let applied = |kind: &str| -> Vec<RemoteOp> {
        let applied = log.iter().filter(|l| l.entry.kind == kind && l.outcome == op_log::Outcome::Applied);
        applied.map(|l| serde_json::from_str(&l.entry.body).unwrap()).collect()
    };
    let mut sent: Vec<Signature> = applied("sign")
        .into_iter()
        .map(|op| match op {
            RemoteOp::Sign(sign) => sign.signature,
            other => panic!("logged as a signature: {other:?}"),
        })
        .collect();
    assert_eq!(stored.len(), sent.len(), "one signature per applied sign op");
    let mut kept = stored.clone();
    let by_bytes = |a: &Signature, b: &Signature| a.signature.cmp(&b.signature);
    sent.sort_by(by_bytes);
    kept.sort_by(by_bytes);
    assert_eq!(kept, sent, "each stored signature is one an applied op sent");
    let decisions = accord_store::decisions::list(accord.store().conn(), t.roadmap_id).unwrap();
    assert_eq!(decisions.len(), applied("create_decision").len(), "one decision per applied op");
    let baselines = strings("SELECT CAST(id AS TEXT), snapshot, content_hash FROM baseline ORDER BY id");
    assert_eq!(baselines.len(), applied("create_baseline").len(), "one baseline per applied op");

    // Agreement, recomputed from the stored signatures and the partners' keys alone.
    let roadmap = accord.roadmap(t.roadmap_id).unwrap();
    let signed = SignedRoadmap { id: roadmap.id, uid: &roadmap.uid };
    let people: Vec<PublicIdentity> =
        [&t.pm, &t.em].iter().zip(keys()).map(|(p, key)| PublicIdentity::new(&p.name, p.role, key.public())).collect();
    let identity_of = |key: &str| people.iter().find(|p| p.public_key == key).cloned();
    // (Only the subject's own: `agreement` passes over the others anyway,
    // after verifying them, which unoptimised is slow.)
    let recomputed = |subject: Subject, hash, signers: &[Role]| {
        let about = stored.iter().filter(|s| s.statement.subject == subject);
        agreement(signed, subject, hash, signers, about, identity_of)
    };
    for item in accord.items(t.roadmap_id, false).unwrap() {
        let expected = recomputed(Subject::ItemWhen(item.id), when_hash(&item).unwrap(), &[Role::Em, Role::Pm]);
        assert_eq!(accord.when_signoff(item.id).unwrap().agreement, expected, "the when of {}", item.title);
    }
    for stored in &decisions {
        let view = accord.decision(stored.id).unwrap();
        let d = &view.decision;
        assert_eq!(d, stored);
        let expected = recomputed(Subject::Decision(d.id), ContentHash::of(&d.content()).unwrap(), d.kind.signers());
        assert_eq!(view.signoff.agreement, expected, "decision {}", d.title);
    }
    let views = accord.baselines(t.roadmap_id).unwrap();
    assert_eq!(views.len(), baselines.len());
    for row in &baselines {
        let (id, snapshot, hash): (i64, &str, &str) = (row[0].parse().unwrap(), &row[1], &row[2]);
        let hash_now = ContentHash::of_canonical(snapshot);
        assert_eq!(hash_now.to_hex(), hash, "baseline {id} hashes as it was taken");
        let view = views.iter().find(|b| b.id == id).unwrap();
        assert_eq!(view.signoff.content_hash, hash);
        assert_eq!(view.signoff.agreement, recomputed(Subject::Baseline(id), hash_now, &[Role::Em, Role::Pm]));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_copy_converges_and_every_op_is_answered_once(steps in prop::collection::vec(step(), 1..60)) {
        let (_dir, s) = run(&steps);
        check_invariants(&s);
    }
}

#[test]
fn an_answer_lost_in_a_cut_is_given_again_without_applying_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(dir.path());
    s.settle();
    let item = s.guests[0].items()[0].clone();
    s.submit(0, RemoteOp::edit(&item, Dimension::Why, "Churn in enterprise accounts"));
    s.deliver_up(0); // applied on the host…
    s.cut(0); // …and the answer is lost.
    assert_eq!(s.guests[0].pending(), 1);
    assert_eq!(s.host.accord().item(item.id).unwrap().matrix.why, "Churn in enterprise accounts");
    s.settle(); // the guest re-sends; the host answers from its log.
    let id = s.ops.keys().next().unwrap().clone();
    assert!(matches!(s.guests[0].state(&id), Some(OpState::Applied { .. })));
    assert_eq!(s.host.accord().item(item.id).unwrap().revision, item.revision + 1, "applied once");
    check_invariants(&s);
}

#[test]
fn a_guest_pm_cannot_write_how_whatever_it_sends() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(dir.path());
    s.settle();
    let item = s.guests[0].items()[0].clone();
    s.submit(0, RemoteOp::edit(&item, Dimension::How, "Rewrite it in a weekend"));
    s.settle();
    let id = s.ops.keys().next().unwrap().clone();
    let Some(OpState::Rejected { error }) = s.guests[0].state(&id) else { panic!("{:?}", s.guests[0].state(&id)) };
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert_eq!(s.host.accord().item(item.id).unwrap(), item, "nothing was written");
    check_invariants(&s);
}

#[test]
fn a_stale_op_is_rejected_with_the_current_item_and_the_copy_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(dir.path());
    s.settle();
    let item = s.guests[0].items()[0].clone();
    s.submit(1, RemoteOp::edit(&item, Dimension::How, "Strangler pattern")); // the EM, first
    s.submit(0, RemoteOp::edit(&item, Dimension::What, "Usage-based invoices")); // the PM, at the same revision
    s.deliver_up(1);
    s.deliver_up(0);
    s.settle();
    let pm_op = s.ops.iter().find(|(_, (g, _))| *g == 0).unwrap().0.clone();
    let Some(OpState::Rejected { error }) = s.guests[0].state(&pm_op) else { panic!() };
    assert_eq!(error.code, ErrorCode::StaleRevision);
    assert_eq!(error.current.as_ref().unwrap().matrix.how, "Strangler pattern");
    assert_eq!(s.guests[0].item(item.id).unwrap().matrix.how, "Strangler pattern");
    check_invariants(&s);
}

#[test]
fn a_reused_op_id_for_another_op_is_refused_and_not_logged_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(dir.path());
    let t = template();
    let item = s.host.accord().items(t.roadmap_id, false).unwrap()[0].clone();
    let (peer, _) = s.host.connect(t.pm.id).unwrap();
    let op = |text: &str| ToHost::Op {
        client_op_id: "same-id".into(),
        op: RemoteOp::edit(&item, Dimension::What, text),
        after: None,
    };
    let first = s.host.receive(peer, op("First")).unwrap();
    assert!(first.iter().any(|(_, f)| matches!(f, ToGuest::Applied { .. })));
    let second = s.host.receive(peer, op("Second")).unwrap();
    let [(to, ToGuest::Rejected { error, .. })] = second.as_slice() else { panic!("{second:?}") };
    assert_eq!((*to, error.code), (peer, ErrorCode::InvalidInput));
    assert_eq!(s.host.accord().item(item.id).unwrap().matrix.what, "First");
    assert_eq!(op_log::after(s.host.accord().store().conn(), t.roadmap_id, 0).unwrap().len(), 1);
}

#[test]
fn bad_frames_are_refused_with_a_reason() {
    assert!(matches!(decode::<ToHost>(b"not json"), Err(FrameError::Malformed(_))));
    assert!(matches!(decode::<ToHost>(br#"{"type":"op"}"#), Err(FrameError::Malformed(_))));
    assert_eq!(
        decode::<ToHost>(br#"{"v":99,"type":"op","client_op_id":"x","op":{}}"#).unwrap_err(),
        FrameError::Version { found: 99 }
    );
    let unknown = format!(r#"{{"v":{PROTOCOL_VERSION},"type":"drop_tables"}}"#);
    assert!(matches!(decode::<ToHost>(unknown.as_bytes()), Err(FrameError::Malformed(_))));
    let huge = vec![b' '; FRAME_MAX_BYTES + 1];
    assert_eq!(decode::<ToHost>(&huge).unwrap_err(), FrameError::TooLarge { size: FRAME_MAX_BYTES + 1 });
    // An op id that is empty or too long is refused before anything is logged.
    let dir = tempfile::tempdir().unwrap();
    let mut host = host_copy(dir.path());
    let t = template();
    let item = host.accord().items(t.roadmap_id, false).unwrap()[0].clone();
    let (peer, _) = host.connect(t.pm.id).unwrap();
    for id in [String::new(), "x".repeat(accord_api::CLIENT_OP_ID_MAX + 1)] {
        let frame = ToHost::Op { client_op_id: id, op: RemoteOp::edit(&item, Dimension::What, "x"), after: None };
        let out = host.receive(peer, frame).unwrap();
        assert!(matches!(out.as_slice(), [(_, ToGuest::Rejected { .. })]), "{out:?}");
    }
    assert!(op_log::after(host.accord().store().conn(), t.roadmap_id, 0).unwrap().is_empty());
    assert_eq!(host.accord().item(item.id).unwrap(), item);
}

#[test]
fn presence_says_who_is_editing_what_and_follows_joins_and_cuts() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(dir.path());
    s.settle();
    let item = s.guests[0].items()[0].clone();
    let frame = s.guests[0].editing(Some(Editing { item_id: item.id, dimension: Some(Dimension::Why) })).unwrap();
    s.links[0].up.push_back(encode(&frame));
    s.settle();
    let people = s.guests[1].people().to_vec();
    assert_eq!(people.len(), 2);
    let pm = people.iter().find(|p| p.role == Role::Pm).unwrap();
    assert_eq!(pm.describe(Some(&item.title)), format!("Priya (PM) is editing Why of “{}”", item.title));
    assert_eq!(people.iter().find(|p| p.role == Role::Em).unwrap().describe(None), "Emil (EM) is here");

    // The host's own person shows first; an item of another roadmap is nowhere.
    let t = template();
    let frames = s.host.set_local(t.em.id, Some(Editing { item_id: 987_654, dimension: None })).unwrap();
    s.route(frames);
    s.settle();
    let people = s.guests[0].people();
    assert!(people[0].host && people[0].editing.is_none(), "{people:?}");

    s.cut(0);
    s.deliver_down(1);
    assert_eq!(s.guests[1].people().len(), 2, "the PM left: the host's person and the EM remain");
    assert!(s.guests[0].people().is_empty(), "a disconnected guest shows nobody");
    s.settle();
    assert_eq!(s.guests[1].people().len(), 3, "the PM is back, still on Why");
    let pm = s.guests[1].people().iter().find(|p| p.role == Role::Pm && !p.host).unwrap().clone();
    assert_eq!(pm.editing.unwrap().dimension, Some(Dimension::Why));
}

#[test]
fn a_change_made_beside_the_session_reaches_every_guest() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(dir.path());
    s.settle();
    assert!(s.host.refresh_if_changed().unwrap().is_empty(), "nothing changed yet");
    // The host's own window writes through its own connection to the file.
    let t = template();
    let mut window = Accord::open(&dir.path().join("host.db")).unwrap();
    let item = window.items(t.roadmap_id, false).unwrap()[3].clone();
    window
        .edit_dimension(
            t.pm.id,
            EditDimension {
                item_id: item.id,
                base_revision: item.revision,
                dimension: Dimension::Why,
                text: "Written in the host's window".into(),
                trade_off: None,
            },
        )
        .unwrap();
    let frames = s.host.refresh_if_changed().unwrap();
    assert_eq!(frames.len(), 2, "one refresh per guest");
    s.route(frames);
    s.settle();
    let truth = s.host.accord().items(t.roadmap_id, false).unwrap();
    assert_eq!(truth[3].matrix.why, "Written in the host's window");
    for guest in &s.guests {
        assert_eq!(guest.items(), truth);
    }
    assert!(s.host.refresh_if_changed().unwrap().is_empty(), "reported once");
}

#[test]
fn while_cut_off_a_guest_shows_its_queued_changes_and_the_hosts_answers_replace_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(dir.path());
    s.settle();
    let item = s.guests[0].items()[0].clone();
    let roadmap_id = item.roadmap_id;
    s.cut(0);
    s.submit(0, RemoteOp::edit(&item, Dimension::Why, "Written while cut off"));
    // A second change built on what the window shows (the first laid over,
    // one revision on) applies after it.
    let shown = s.guests[0].items_as_sent()[0].clone();
    assert_eq!((shown.matrix.why.as_str(), shown.revision), ("Written while cut off", item.revision + 1));
    let rename = accord_api::UpdateItem {
        item_id: item.id,
        base_revision: shown.revision,
        change: accord_api::ItemChange::Title("Renamed while cut off".into()),
    };
    s.submit(0, RemoteOp::UpdateItem(rename));
    // One built on the item as it was before both is stale.
    s.submit(0, RemoteOp::edit(&item, Dimension::What, "Built on an old view"));
    let new = accord_api::NewItem {
        roadmap_id,
        title: "Thought of while cut off".into(),
        kind: ItemKind::Feature,
        horizon: String::new(),
    };
    s.submit(0, RemoteOp::CreateItem(new));
    let shown = s.guests[0].items_as_sent();
    assert_eq!(shown[0].title, "Renamed while cut off");
    assert_eq!(shown[0].matrix.what, "Built on an old view");
    let last = shown.last().unwrap();
    assert_eq!((last.id, last.title.as_str(), last.rank), (-1, "Thought of while cut off", shown.len() as i64));
    assert_eq!(s.guests[0].items()[0], item, "the copy itself holds only what the host said");

    // Back online: the why and the rename apply, the stale what is refused,
    // the new item is made; what is shown is the host's truth.
    s.settle();
    let now = s.host.accord().item(item.id).unwrap();
    assert_eq!((now.matrix.why.as_str(), now.title.as_str()), ("Written while cut off", "Renamed while cut off"));
    assert_eq!(now.matrix.what, item.matrix.what);
    let host_items = s.host.accord().items(roadmap_id, false).unwrap();
    assert_eq!(host_items.last().unwrap().title, "Thought of while cut off");
    assert_eq!(s.guests[0].items_as_sent(), host_items);
    check_invariants(&s);
}

#[test]
fn a_queued_change_built_on_a_refused_one_is_refused_too_even_if_its_revision_now_matches() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(dir.path());
    s.settle();
    let item = s.guests[0].items()[0].clone();
    s.cut(0);
    // Cut off, the PM writes the why, then (on what the window shows, one
    // revision on) renames the item.
    s.submit(0, RemoteOp::edit(&item, Dimension::Why, "Queued why"));
    let shown = s.guests[0].items_as_sent()[0].clone();
    let rename = accord_api::UpdateItem {
        item_id: item.id,
        base_revision: shown.revision,
        change: accord_api::ItemChange::Title("Queued rename".into()),
    };
    s.submit(0, RemoteOp::UpdateItem(rename));
    // Meanwhile the EM changes the item once: the why is stale, and the
    // rename's revision now matches the host's by coincidence.
    let req = accord_api::EditDimension {
        item_id: item.id,
        base_revision: item.revision,
        dimension: Dimension::How,
        text: "Changed at the host meanwhile".into(),
        trade_off: None,
    };
    let em = s.profiles[1].id;
    s.host.accord_mut().edit_dimension(em, req).unwrap();
    s.settle();
    let now = s.host.accord().item(item.id).unwrap();
    assert_eq!(now.revision, shown.revision, "the coincidence the test is about");
    assert_eq!(now.title, item.title, "the rename built on the refused why does not land");
    assert_eq!(now.matrix.why, item.matrix.why);
    let refused = s.ops.keys().filter(|id| matches!(s.guests[0].state(id), Some(OpState::Rejected { .. }))).count();
    assert_eq!(refused, 2);
    assert_eq!(s.guests[0].items_as_sent(), s.host.accord().items(item.roadmap_id, false).unwrap());
}
