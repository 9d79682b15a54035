//! Planning sessions over real TCP on loopback: TLS, SPAKE2 pairing on the
//! code, guests and the host's own window working on one host's roadmap,
//! and every kind of bad input closing only the connection that sent it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use accord_api::{Accord, EditDimension, ErrorCode, NewProfile, PinnedGuest, RemoteOp};
use accord_domain::{Dimension, Keypair, Person, Profile, ProfileId, RoadmapId, Role};
use accord_store::op_log;
use accord_sync::net::{
    connect_paired, connect_tls, host_identity, join, join_as, rejoin, resume, serve, wire, Connection, Identity,
    JoinError, PairingCode, ServerHandle, PAIRING_ATTEMPTS,
};
use accord_sync::protocol::{decode, encode};
use accord_sync::{Editing, Host, OpState, ToGuest, ToHost, FRAME_MAX_BYTES};
use tokio::io::AsyncWriteExt;

use crate::api::{new_roadmap, PASS};

pub(crate) const WAIT: Duration = Duration::from_secs(10);
pub(crate) const CODE: &str = "246810";

/// The host's machine for a session over the network: Emil (EM) signs
/// here, set the roadmap up and wrote its items, so he holds its EM seat;
/// nobody here is a PM, so the PM seat is open for the guest who pairs as
/// the PM from their own machine.
pub(crate) struct NetTemplate {
    _dir: tempfile::TempDir,
    pub(crate) path: PathBuf,
    pub(crate) em: Profile,
    pub(crate) roadmap_id: RoadmapId,
}

/// Made once (sealing a key is deliberately slow) and copied for each case.
pub(crate) fn net_template() -> &'static NetTemplate {
    static T: OnceLock<NetTemplate> = OnceLock::new();
    T.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host.db");
        let mut app = Accord::open(&path).unwrap();
        let em =
            app.create_profile(NewProfile { name: "Emil".into(), role: Role::Em, passphrase: PASS.into() }).unwrap();
        let roadmap = new_roadmap(&mut app, &em);
        crate::sync::add_items(&mut app, roadmap.id, &em);
        drop(app);
        NetTemplate { _dir: dir, path, em, roadmap_id: roadmap.id }
    })
}

/// A person with a signing key of their own, as on their own machine.
pub fn someone(name: &str, role: Role) -> (Person, Keypair) {
    let key = Keypair::from_seed(&rand_seed());
    let person = Person {
        uid: format!("uid-{name}-{}", hex::encode(&key.public().0[..4])),
        name: name.into(),
        role,
        public_key: key.public().to_hex(),
    };
    (person, key)
}

fn rand_seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    seed[..16].copy_from_slice(&now.to_le_bytes());
    seed[16..24].copy_from_slice(&n.to_le_bytes());
    seed[24..28].copy_from_slice(&std::process::id().to_le_bytes());
    <sha2::Sha256 as sha2::Digest>::digest(seed).into()
}

pub(crate) struct Hosted {
    _dir: tempfile::TempDir,
    pub(crate) path: PathBuf,
    pub(crate) roadmap_id: RoadmapId,
    /// The host's own person, at its window.
    pub(crate) local: ProfileId,
    pub(crate) server: ServerHandle,
}

/// A copy of the network template hosted, Emil at the host's window.
pub(crate) async fn hosted() -> Hosted {
    hosted_with(|_| {}).await
}

/// As [`hosted`], after `prepare` had its way with the host's database file.
pub(crate) async fn hosted_with(prepare: impl FnOnce(&Path)) -> Hosted {
    let t = net_template();
    hosting(&t.path, t.roadmap_id, t.em.id, prepare).await
}

/// A copy of the database at `source` hosting `roadmap_id`, with `local`
/// at the host's own window, after `prepare` had its way with the copy.
pub(crate) async fn hosting(
    source: &Path,
    roadmap_id: RoadmapId,
    local: ProfileId,
    prepare: impl FnOnce(&Path),
) -> Hosted {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("host.db");
    std::fs::copy(source, &path).unwrap();
    prepare(&path);
    let mut host = Host::new(Accord::open(&path).unwrap(), roadmap_id).unwrap();
    host.set_local(local, None).unwrap();
    let server = serve(host, SocketAddr::from(([127, 0, 0, 1], 0)), &Identity::generate().unwrap()).await.unwrap();
    server.set_code(PairingCode::with(CODE.into(), Duration::from_secs(300)));
    Hosted { _dir: dir, path, roadmap_id, local, server }
}

impl Hosted {
    /// The host's database as another reader sees it.
    pub(crate) fn items(&self) -> Vec<accord_domain::Item> {
        Accord::open(&self.path).unwrap().items(self.roadmap_id, false).unwrap()
    }
    pub(crate) fn log_len(&self) -> usize {
        let app = Accord::open(&self.path).unwrap();
        op_log::after(app.store().conn(), self.roadmap_id, 0).unwrap().len()
    }
    pub(crate) fn fresh_code(&self) {
        self.server.set_code(PairingCode::with(CODE.into(), Duration::from_secs(300)));
    }
    /// The host's own person (Emil, the EM) writes `text` into `dimension`
    /// of the item with `item_id` in the host's window, through a connection
    /// of its own to the file, and the host is told to look now.
    pub(crate) fn window_writes(&self, item_id: accord_domain::ItemId, dimension: Dimension, text: &str) {
        let mut window = Accord::open(&self.path).unwrap();
        let seen = window.item(item_id).unwrap();
        let req =
            EditDimension { item_id, base_revision: seen.revision, dimension, text: text.into(), trade_off: None };
        window.edit_dimension(self.local, req).unwrap();
        self.server.nudger().nudge();
    }
}

/// The PM pairs from their own machine and a director of engineering from
/// theirs; the EM is the host's own person, at its window. The roadmap has
/// one PM seat and one EM seat, and the EM's is the host's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_guests_and_the_hosts_window_work_on_one_roadmap_and_see_each_other() {
    let h = hosted().await;
    let pm = join(h.server.addr(), CODE, "Priya", Role::Pm).await.unwrap();
    h.fresh_code();
    let dana = join(h.server.addr(), CODE, "Dana", Role::DirectorOfEngineering).await.unwrap();
    assert_eq!(pm.items(), h.items(), "the PM's copy starts as the host's roadmap");
    assert_eq!(dana.items(), h.items(), "and so does the director's");

    let item = pm.items()[0].clone();
    let what = pm.submit(RemoteOp::edit(&item, Dimension::What, "Invoices per cost centre"));
    assert!(
        dana.wait_for(WAIT, |g| g.items()[0].matrix.what == "Invoices per cost centre").await,
        "the director sees the PM's edit"
    );
    assert!(pm.wait_for(WAIT, |g| matches!(g.state(&what), Some(OpState::Applied { .. }))).await);

    // The EM writes the how in the host's own window; both guests see it.
    h.window_writes(item.id, Dimension::How, "Extend the invoicing service");
    assert!(pm.wait_for(WAIT, |g| g.items()[0].matrix.how == "Extend the invoicing service").await);
    assert!(dana.wait_for(WAIT, |g| g.items()[0].matrix.how == "Extend the invoicing service").await);

    // The PM tries the EM's dimension: the host refuses it, whatever it sends.
    let seen = pm.items()[0].clone();
    let how = pm.submit(RemoteOp::edit(&seen, Dimension::How, "Rewrite it in a weekend"));
    assert!(pm.wait_for(WAIT, |g| matches!(g.state(&how), Some(OpState::Rejected { .. }))).await);
    let Some(OpState::Rejected { error }) = pm.state(&how) else { unreachable!() };
    assert_eq!(error.code, ErrorCode::Forbidden);
    // The director edits no dimension and moves no item: the host refuses each.
    let seen = dana.items()[0].clone();
    let moved = accord_api::MoveItem { item_id: seen.id, base_revision: seen.revision, to_index: 2 };
    let tries = Dimension::ALL
        .into_iter()
        .map(|d| RemoteOp::edit(&seen, d, "Decided by the director"))
        .chain([RemoteOp::MoveItem(moved)]);
    for op in tries {
        let id = dana.submit(op.clone());
        assert!(dana.wait_for(WAIT, |g| matches!(g.state(&id), Some(OpState::Rejected { .. }))).await, "{op:?}");
        let Some(OpState::Rejected { error }) = dana.state(&id) else { unreachable!() };
        assert_eq!(error.code, ErrorCode::Forbidden, "{op:?}: {}", error.message);
    }
    let host = h.items();
    assert_eq!(host[0].matrix.how, "Extend the invoicing service");
    assert_eq!(host[0].matrix.what, "Invoices per cost centre");
    assert_eq!(host[0].revision, item.revision + 2, "only the PM's what and the EM's how were written");
    assert_eq!(pm.items(), host);
    assert_eq!(dana.items(), host);

    // Presence: the director sees where the PM is typing, and the PM sees the director.
    pm.editing(Some(Editing { item_id: item.id, dimension: Some(Dimension::What) }));
    let title = item.title.clone();
    let says = format!("Priya (PM) is editing What of “{title}”");
    assert!(
        dana.wait_for(WAIT, |g| g.people().iter().any(|p| p.describe(Some(&title)) == says)).await,
        "{:?}",
        dana.people()
    );
    let here = "Dana (Director of Engineering) is here";
    assert!(pm.wait_for(WAIT, |g| g.people().iter().any(|p| !p.host && p.describe(None) == here)).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_code_gets_nothing_and_attempts_run_out() {
    let h = hosted().await;
    let before = h.items();
    for n in 1..PAIRING_ATTEMPTS {
        let wrong = join(h.server.addr(), "000000", "Mallory", Role::Pm).await;
        assert_eq!(wrong.err(), Some(JoinError::WrongCode));
        assert_eq!(h.server.attempts_left(), PAIRING_ATTEMPTS - n);
    }
    let last = join(h.server.addr(), "999999", "Mallory", Role::Pm).await;
    assert_eq!(last.err(), Some(JoinError::WrongCode));
    // Even the right code is refused once the attempts are spent.
    let right = join(h.server.addr(), CODE, "Priya", Role::Pm).await;
    let Err(JoinError::Refused(reason)) = right else { panic!("{:?}", right.err()) };
    assert!(reason.contains("too many"), "{reason}");
    assert_eq!(h.items(), before, "nothing was written");
    assert_eq!(h.log_len(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_code_is_refused_and_a_used_code_is_spent() {
    let h = hosted().await;
    h.server.set_code(PairingCode::with(CODE.into(), Duration::ZERO));
    let Err(JoinError::Refused(reason)) = join(h.server.addr(), CODE, "Priya", Role::Pm).await else { panic!() };
    assert!(reason.contains("expired"), "{reason}");
    h.fresh_code();
    let _pm = join(h.server.addr(), CODE, "Priya", Role::Pm).await.unwrap();
    assert_ne!(h.server.code(), CODE, "a code pairs one guest");
    assert_eq!(h.server.code().len(), 6);
    let again = join(h.server.addr(), CODE, "Priya", Role::Pm).await;
    assert_eq!(again.err(), Some(JoinError::WrongCode));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_read_before_pairing() {
    let h = hosted().await;
    let before = h.items();
    // A client that skips pairing and sends an op straight away.
    let mut raw = connect_tls(h.server.addr(), &Identity::generate().unwrap()).await.unwrap().stream;
    let item = before[0].clone();
    let op = ToHost::Op {
        client_op_id: "early".into(),
        op: RemoteOp::edit(&item, Dimension::What, "Sneaked in"),
        after: None,
    };
    wire::write_frame(&mut raw.writer, &encode(&op)).await.unwrap();
    let reply = wire::read_frame(&mut raw.reader).await.unwrap().expect("a refusal");
    let reply = String::from_utf8(reply).unwrap();
    assert!(reply.contains("refused") && reply.contains("pair first"), "{reply}");
    assert!(matches!(wire::read_frame(&mut raw.reader).await, Ok(None) | Err(_)), "then the connection closes");
    assert_eq!(h.items(), before, "nothing was written");
    assert_eq!(h.log_len(), 0);
    assert_eq!(h.server.attempts_left(), PAIRING_ATTEMPTS, "not even an attempt was spent");
}

/// A paired guest (a director, who holds no seat) that sends `bytes` as raw
/// wire data gets a reason and is dropped; the PM keeps editing.
async fn bad_input_closes_only_its_connection(bytes: Vec<u8>, reason_says: &str) {
    let h = hosted().await;
    let (mallory, key) = someone("Mallory", Role::DirectorOfEngineering);
    let (mut raw, _) =
        connect_paired(h.server.addr(), &Identity::generate().unwrap(), CODE, &mallory, &key).await.unwrap();
    let snapshot = wire::read_frame(&mut raw.reader).await.unwrap().unwrap();
    assert!(matches!(decode::<ToGuest>(&snapshot), Ok(ToGuest::Snapshot { .. })));
    h.fresh_code();
    let pm = join(h.server.addr(), CODE, "Priya", Role::Pm).await.unwrap();

    raw.writer.write_all(&bytes).await.unwrap();
    raw.writer.flush().await.unwrap();
    // Presence frames may come first; then the reason.
    let reason = loop {
        let bytes = wire::read_frame(&mut raw.reader).await.unwrap().expect("a reason before the close");
        match decode::<ToGuest>(&bytes) {
            Ok(ToGuest::Bye { reason }) => break reason,
            Ok(ToGuest::Presence { .. }) => continue,
            _ => panic!("{}", String::from_utf8_lossy(&bytes)),
        }
    };
    assert!(reason.contains(reason_says), "{reason}");
    assert!(matches!(wire::read_frame(&mut raw.reader).await, Ok(None) | Err(_)), "then the connection closes");

    let item = pm.items()[0].clone();
    let id = pm.submit(RemoteOp::edit(&item, Dimension::Why, "Fewer failed payments"));
    assert!(
        pm.wait_for(WAIT, |g| matches!(g.state(&id), Some(OpState::Applied { .. }))).await,
        "the host still serves"
    );
    assert_eq!(h.items()[0].matrix.why, "Fewer failed payments");
    assert_eq!(h.log_len(), 1, "only the good op was logged");
}

pub(crate) fn framed(body: &[u8]) -> Vec<u8> {
    let mut bytes = (body.len() as u32).to_be_bytes().to_vec();
    bytes.extend_from_slice(body);
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_frame_closes_the_connection_with_a_reason() {
    bad_input_closes_only_its_connection(framed(b"{not json"), "not a planning-session frame").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_frame_is_refused_before_it_is_read() {
    let header = ((FRAME_MAX_BYTES + 1) as u32).to_be_bytes().to_vec();
    bad_input_closes_only_its_connection(header, "the most accepted").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_of_an_unknown_version_is_refused() {
    let op: ToHost = ToHost::Op {
        client_op_id: "x".into(),
        op: RemoteOp::MoveItem(accord_api::MoveItem { item_id: 1, base_revision: 1, to_index: 0 }),
        after: None,
    };
    let mut value: serde_json::Value = serde_json::from_slice(&encode(&op)).unwrap();
    value["v"] = 7.into();
    bad_input_closes_only_its_connection(framed(&serde_json::to_vec(&value).unwrap()), "protocol version 7").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_paired_key_resumes_and_only_with_the_pinned_host() {
    let h = hosted().await;
    let stranger = Identity::generate().unwrap();
    let (p, _) = someone("Mallory", Role::Pm);
    assert_eq!(resume(h.server.addr(), &stranger, "0123", &p.public_key).await.err(), Some(JoinError::NotPinned));
    let mut s = resume(h.server.addr(), &stranger, h.server.fingerprint(), &p.public_key).await.unwrap();
    let reply = String::from_utf8(wire::read_frame(&mut s.reader).await.unwrap().unwrap()).unwrap();
    assert!(reply.contains("not paired with this session"), "{reply}");
    assert_eq!(h.log_len(), 0);
}

/// A TCP proxy between a guest and the host that can hold every byte back
/// for a while, cut every connection, and refuse new ones.
struct FaultProxy {
    addr: SocketAddr,
    cut: tokio::sync::broadcast::Sender<()>,
    down: Arc<AtomicBool>,
    delay_ms: Arc<AtomicU64>,
}

impl FaultProxy {
    async fn start(target: SocketAddr) -> FaultProxy {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (cut, _) = tokio::sync::broadcast::channel(4);
        let (down, delay_ms) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicU64::new(0)));
        let (cuts, is_down, delay) = (cut.clone(), down.clone(), delay_ms.clone());
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                if is_down.load(Ordering::SeqCst) {
                    continue; // dropped: the guest sees the connection fail
                }
                let Ok(outbound) = tokio::net::TcpStream::connect(target).await else { continue };
                let (mut cut_a, mut cut_b) = (cuts.subscribe(), cuts.subscribe());
                let (ri, wi) = inbound.into_split();
                let (ro, wo) = outbound.into_split();
                let (d1, d2) = (delay.clone(), delay.clone());
                tokio::spawn(async move {
                    tokio::select! { _ = pump(ri, wo, d1) => {}, _ = cut_a.recv() => {} }
                });
                tokio::spawn(async move {
                    tokio::select! { _ = pump(ro, wi, d2) => {}, _ = cut_b.recv() => {} }
                });
            }
        });
        FaultProxy { addr, cut, down, delay_ms }
    }

    /// Cuts every connection; with `down`, refuses new ones until `up`.
    fn cut(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
        let _ = self.cut.send(());
    }

    fn up(&self) {
        self.down.store(false, Ordering::SeqCst);
    }
}

async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    delay: Arc<AtomicU64>,
) {
    use tokio::io::AsyncReadExt;
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        let wait = delay.load(Ordering::SeqCst);
        if wait > 0 {
            tokio::time::sleep(Duration::from_millis(wait)).await;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_delays_and_cuts_a_guest_queues_reconnects_and_catches_up() {
    let h = hosted().await;
    let proxy = FaultProxy::start(h.server.addr()).await;
    let pm = join(proxy.addr, CODE, "Priya", Role::Pm).await.unwrap();
    h.fresh_code();
    let dana = join(h.server.addr(), CODE, "Dana", Role::DirectorOfEngineering).await.unwrap();

    // Slow link: edits still arrive.
    proxy.delay_ms.store(40, Ordering::SeqCst);
    let items = pm.items();
    let slow = pm.submit(RemoteOp::edit(&items[0], Dimension::What, "Through a slow link"));
    assert!(pm.wait_for(WAIT, |g| matches!(g.state(&slow), Some(OpState::Applied { .. }))).await);
    proxy.delay_ms.store(0, Ordering::SeqCst);

    // An op in flight when the link is cut: answered once, applied once.
    let items = pm.items();
    let in_flight = pm.submit(RemoteOp::edit(&items[0], Dimension::Why, "Sent as the link dropped"));
    proxy.cut(true);
    assert!(pm.wait_for(WAIT, |g| matches!(g.connection(), Connection::Reconnecting { .. })).await);

    // Offline: the copy is readable, edits queue; the EM at the host's
    // window carries on, and the other guest sees it.
    assert_eq!(pm.items().len(), items.len());
    let queued = pm.submit(RemoteOp::edit(&items[1], Dimension::What, "Written offline"));
    h.window_writes(items[2].id, Dimension::How, "Changed while the PM was away");
    assert!(dana.wait_for(WAIT, |g| g.items()[2].matrix.how == "Changed while the PM was away").await);
    assert!(pm.pending() >= 1);

    proxy.up();
    assert!(
        pm.wait_for(WAIT, |g| g.connection() == Connection::Connected && g.pending() == 0).await,
        "{:?}",
        pm.connection()
    );
    for id in [&in_flight, &queued] {
        assert!(matches!(pm.state(id), Some(OpState::Applied { .. })), "{id}: {:?}", pm.state(id));
    }
    assert!(pm.wait_for(WAIT, |g| g.items() == h.items()).await, "the PM caught up with the EM's change");
    let host = h.items();
    assert_eq!(host[0].matrix.why, "Sent as the link dropped");
    assert_eq!(host[0].revision, items[0].revision + 1, "the op in flight was applied once");
    assert_eq!(host[1].matrix.what, "Written offline");
    assert_eq!(host[2].matrix.how, "Changed while the PM was away");
    assert_eq!(h.log_len(), 3, "the PM's three ops, each logged once (the window's write is no op)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_in_the_hosts_own_window_reaches_the_guests() {
    let h = hosted().await;
    let pm = join(h.server.addr(), CODE, "Priya", Role::Pm).await.unwrap();
    let mut window = Accord::open(&h.path).unwrap();
    let item = window.items(h.roadmap_id, false).unwrap()[1].clone();
    let req = accord_api::UpdateItem {
        item_id: item.id,
        base_revision: item.revision,
        change: accord_api::ItemChange::Title("Renamed on the host".into()),
    };
    window.update_item(h.local, req).unwrap();
    assert!(pm.wait_for(WAIT, |g| g.items()[1].title == "Renamed on the host").await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_host_takes_a_paired_guest_back_without_a_code() {
    let t = net_template();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("host.db");
    std::fs::copy(&t.path, &path).unwrap();
    let start = || async {
        let mut accord = Accord::open(&path).unwrap();
        let identity = host_identity(&mut accord).unwrap();
        let host = Host::new(accord, t.roadmap_id).unwrap();
        let server = serve(host, SocketAddr::from(([127, 0, 0, 1], 0)), &identity).await.unwrap();
        server.set_code(PairingCode::with(CODE.into(), Duration::from_secs(300)));
        server
    };
    let first = start().await;
    let guest = Identity::generate().unwrap();
    let (priya, key) = someone("Priya", Role::Pm);
    let (_paired, host_key) = connect_paired(first.addr(), &guest, CODE, &priya, &key).await.unwrap();
    assert_eq!(host_key, first.fingerprint());
    let stored = || Accord::open(&path).unwrap().session_guests().unwrap();
    let deadline = tokio::time::Instant::now() + WAIT;
    while stored().is_empty() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let pinned = PinnedGuest {
        tls_key: guest.fingerprint(),
        public_key: priya.public_key.clone(),
        name: "Priya".into(),
        role: Role::Pm,
    };
    assert_eq!(stored(), [pinned], "the device is pinned to the key it proved");
    first.stop();

    let second = start().await;
    assert_eq!(second.fingerprint(), host_key, "the host keeps its key");
    let mut back = resume(second.addr(), &guest, &host_key, &priya.public_key).await.unwrap();
    let frame = wire::read_frame(&mut back.reader).await.unwrap().unwrap();
    assert!(matches!(decode::<ToGuest>(&frame), Ok(ToGuest::Snapshot { .. })), "{}", String::from_utf8_lossy(&frame));
    let deadline = tokio::time::Instant::now() + WAIT;
    while !second.people().iter().any(|p| p.name == "Priya" && p.role == Role::Pm) {
        assert!(tokio::time::Instant::now() < deadline, "the guest is back as Priya (PM)");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nudged_host_sends_only_what_changed_beside_the_session_and_drops_archived_items() {
    let h = hosted().await;
    let pm = join(h.server.addr(), CODE, "Priya", Role::Pm).await.unwrap();
    let mut window = Accord::open(&h.path).unwrap();
    let items = window.items(h.roadmap_id, false).unwrap();
    let (first, second) = (items[0].clone(), items[1].clone());
    let req = accord_api::UpdateItem {
        item_id: second.id,
        base_revision: second.revision,
        change: accord_api::ItemChange::Archived(true),
    };
    window.update_item(h.local, req).unwrap();
    h.server.nudger().nudge();
    assert!(pm.wait_for(WAIT, |g| g.item(second.id).is_none()).await, "the archived item leaves the guest's copy");
    assert_eq!(pm.item(first.id), Some(first), "an untouched item is kept as it was");
    assert_eq!(pm.items(), h.items());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hosts_own_focus_shows_and_ending_the_session_closes_guests_for_good() {
    let Hosted { _dir, server, .. } = hosted().await;
    let pm = join(server.addr(), CODE, "Priya", Role::Pm).await.unwrap();
    let item = pm.items()[0].clone();
    server.editing(Some(Editing { item_id: item.id, dimension: Some(Dimension::How) }));
    let mine = |g: &accord_sync::net::GuestHandle| {
        g.people()
            .iter()
            .any(|p| p.host && p.editing == Some(Editing { item_id: item.id, dimension: Some(Dimension::How) }))
    };
    assert!(pm.wait_for(WAIT, mine).await, "{:?}", pm.people());

    server.stop();
    let closed = |g: &accord_sync::net::GuestHandle| matches!(g.connection(), Connection::Closed { .. });
    assert!(pm.wait_for(WAIT, closed).await, "{:?}", pm.connection());
    let Connection::Closed { reason } = pm.connection() else { unreachable!() };
    assert!(reason.contains("ended"), "{reason}");
    assert!(!pm.items().is_empty(), "the copy stays readable");
    let queued = pm.submit(RemoteOp::edit(&item, Dimension::What, "after the end"));
    assert_eq!(pm.state(&queued), Some(OpState::Pending), "nothing answers a closed session");
}

#[test]
fn a_hosted_session_is_found_on_the_lan_and_withdrawn_when_it_ends() {
    use accord_sync::net::discovery::{advertise, browse};
    let key = format!("{:064x}", std::process::id());
    let ad = advertise(47_123, "Payments · “Q3” roadmap", "Sam Okafor (EM)", &key).unwrap();
    // A name longer than a DNS label is cut, not refused.
    let long = "Ünïcödé roadmap ".repeat(8);
    let _long = advertise(47_124, &long, "Sam Okafor (EM)", &"f".repeat(64)).unwrap();
    let found = browse(Duration::from_secs(3)).unwrap();
    let ours = found.iter().find(|f| f.key_prefix == key[..8]).unwrap_or_else(|| panic!("not found: {found:?}"));
    assert_eq!(ours.roadmap, "Payments · “Q3” roadmap");
    assert_eq!(ours.host, "Sam Okafor (EM)");
    assert!(ours.addresses.iter().all(|a| a.port() == 47_123) && !ours.addresses.is_empty(), "{ours:?}");
    assert!(found.iter().any(|f| f.key_prefix == "ffffffff" && f.roadmap == long), "{found:?}");
    drop(ad);
    let after = browse(Duration::from_secs(2)).unwrap();
    assert!(!after.iter().any(|f| f.key_prefix == key[..8]), "withdrawn: {after:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guest_that_left_rejoins_with_its_own_key_and_no_code_and_a_stranger_cannot() {
    let h = hosted().await;
    let machine = Identity::generate().unwrap();
    let (cert, key_der) = machine.to_der();
    let (priya, key) = someone("Priya", Role::Pm);
    let mut first = join_as(h.server.addr(), machine, CODE, &priya, &key).await.unwrap();
    let host_key = first.host_key().to_string();
    assert_eq!(host_key, h.server.fingerprint());
    first.leave();
    drop(first);

    // The code is spent; the same key comes back without one, as the same person.
    let again = Identity::from_der(cert.clone(), key_der.clone()).unwrap();
    let back = rejoin(h.server.addr(), again, &host_key, &priya.public_key).await.unwrap();
    assert_eq!(back.items(), h.items());
    let item = back.items()[0].clone();
    let id = back.submit(RemoteOp::edit(&item, Dimension::Why, "Back without a code"));
    assert!(back.wait_for(WAIT, |g| matches!(g.state(&id), Some(OpState::Applied { .. }))).await);
    assert!(h.server.people().iter().any(|p| p.name == "Priya" && p.role == Role::Pm && !p.host));

    // Another key is refused, and so is a host showing another key.
    let stranger = rejoin(h.server.addr(), Identity::generate().unwrap(), &host_key, &priya.public_key).await;
    assert!(matches!(stranger.err(), Some(JoinError::Refused(r)) if r.contains("not paired")));
    // The same device presenting another person's signing key is refused too.
    let (other, _) = someone("Priya", Role::Pm);
    let again = Identity::from_der(cert.clone(), key_der.clone()).unwrap();
    let posing = rejoin(h.server.addr(), again, &host_key, &other.public_key).await;
    assert!(matches!(posing.err(), Some(JoinError::WrongKey(r)) if r.contains("another person's key")), "resume");
    let wrong_host = rejoin(h.server.addr(), Identity::from_der(cert, key_der).unwrap(), &"0".repeat(64), "").await;
    assert_eq!(wrong_host.err(), Some(JoinError::NotPinned));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_someone_else_acts_at_the_hosts_window_the_session_shows_them() {
    // Hugo (head of product) signs on the host's machine too, and holds no seat.
    let mut hugo = None;
    let h = hosted_with(|path| {
        let new = NewProfile { name: "Hugo".into(), role: Role::HeadOfProduct, passphrase: PASS.into() };
        hugo = Some(Accord::open(path).unwrap().create_profile(new).unwrap());
    })
    .await;
    let hugo = hugo.unwrap();
    let pm = join(h.server.addr(), CODE, "Priya", Role::Pm).await.unwrap();
    let host_is = |g: &accord_sync::net::GuestHandle, name: &str| g.people().iter().any(|p| p.host && p.name == name);
    assert!(pm.wait_for(WAIT, |g| host_is(g, &net_template().em.name)).await, "{:?}", pm.people());
    h.server.nudger().acting(hugo.id);
    assert!(pm.wait_for(WAIT, |g| host_is(g, "Hugo") && !host_is(g, "Emil")).await, "{:?}", pm.people());
}
