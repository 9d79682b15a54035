//! Planning-session figures on loopback, in one run:
//! - a bare echo round trip (a WebSocket, plain TCP and TLS with the
//!   session's own framing) as the floor;
//! - edit latency host → guest: from the host's own window writing an edit
//!   (its SQLite commit) until a guest's copy has it, p50/p95;
//! - edit latency guest → guest: from the PM guest sending an op until the
//!   other guest's copy (a director's) has it (through the host's TLS,
//!   compare-and-set, SQLite commit and broadcast), p50/p95;
//! - sign to agreed: from the PM guest's signature on a `when` leaving (made
//!   on its own machine; the EM signed on the host) until the PM's window
//!   and the other guest's read both show it agreed, p50/p95; beside it the
//!   passphrase KDF that opens a key, and the host's check of one signature;
//! - sustained ops/s with the PM guest sending as fast as it can.
//!
//! ```sh
//! cargo bench -p accord-sync --bench session
//! ```

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use accord_api::{Accord, EditDimension, NewItem, NewProfile, NewRoadmap, RemoteOp, RemoteRead, SignElsewhere};
use accord_domain::{Dimension, ItemKind, Keypair, Person, PublicIdentity, Role, SignedRoadmap, Statement, Subject};
use accord_sync::net::{connect_tls, join, join_as, serve, tls, wire, GuestHandle, Identity, PairingCode};
use accord_sync::{Host, OpState};
use tokio::net::{TcpListener, TcpStream};

const ROUNDS: usize = 1000;
const FRAME: usize = 400;
const CODE: &str = "135790";
const WAIT: Duration = Duration::from_secs(30);

fn percentile(mut samples: Vec<Duration>, p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

fn report(what: &str, samples: Vec<Duration>) -> (Duration, Duration) {
    let (p50, p95) = (percentile(samples.clone(), 0.50), percentile(samples, 0.95));
    println!("{what:<48} p50 {:>9.1?}  p95 {:>9.1?}", p50, p95);
    (p50, p95)
}

async fn tcp_echo() -> Vec<Duration> {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (s, _) = listener.accept().await.unwrap();
        s.set_nodelay(true).unwrap();
        let (mut r, mut w) = s.into_split();
        while let Ok(Some(frame)) = wire::read_frame(&mut r).await {
            wire::write_frame(&mut w, &frame).await.unwrap();
        }
    });
    let s = TcpStream::connect(addr).await.unwrap();
    s.set_nodelay(true).unwrap();
    let (mut r, mut w) = s.into_split();
    let frame = vec![b'x'; FRAME];
    let mut samples = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let start = Instant::now();
        wire::write_frame(&mut w, &frame).await.unwrap();
        wire::read_frame(&mut r).await.unwrap().unwrap();
        samples.push(start.elapsed());
    }
    samples
}

/// A bare WebSocket echo (binary messages, no TLS).
async fn websocket_echo() -> Vec<Duration> {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (s, _) = listener.accept().await.unwrap();
        s.set_nodelay(true).unwrap();
        let mut ws = tokio_tungstenite::accept_async(s).await.unwrap();
        while let Some(Ok(message)) = ws.next().await {
            if message.is_binary() && ws.send(message).await.is_err() {
                break;
            }
        }
    });
    let s = TcpStream::connect(addr).await.unwrap();
    s.set_nodelay(true).unwrap();
    let (mut ws, _) = tokio_tungstenite::client_async(format!("ws://{addr}/"), s).await.unwrap();
    let frame = vec![b'x'; FRAME];
    let mut samples = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let start = Instant::now();
        ws.send(Message::binary(frame.clone())).await.unwrap();
        ws.next().await.unwrap().unwrap();
        samples.push(start.elapsed());
    }
    samples
}

/// The same echo inside TLS 1.3, the session's own transport.
async fn tls_echo() -> Vec<Duration> {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(tls::server_config(&Identity::generate().unwrap()).unwrap());
    tokio::spawn(async move {
        let (s, _) = listener.accept().await.unwrap();
        s.set_nodelay(true).unwrap();
        let (mut r, mut w) = tokio::io::split(acceptor.accept(s).await.unwrap());
        while let Ok(Some(frame)) = wire::read_frame(&mut r).await {
            wire::write_frame(&mut w, &frame).await.unwrap();
        }
    });
    let mut s = connect_tls(addr, &Identity::generate().unwrap()).await.unwrap().stream;
    let frame = vec![b'x'; FRAME];
    let mut samples = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let start = Instant::now();
        wire::write_frame(&mut s.writer, &frame).await.unwrap();
        wire::read_frame(&mut s.reader).await.unwrap().unwrap();
        samples.push(start.elapsed());
    }
    samples
}

const PASS: &str = "correct horse battery";

/// The host's file: the EM at the host's window set the roadmap up (and
/// holds the EM seat); the PM seat is open for the PM's own laptop.
fn host_db(dir: &std::path::Path, items: usize) -> (std::path::PathBuf, i64) {
    let path = dir.join("host.db");
    let mut app = Accord::open(&path).unwrap();
    let em = app.create_profile(NewProfile { name: "Emil".into(), role: Role::Em, passphrase: PASS.into() }).unwrap();
    let roadmap = app
        .create_roadmap(
            em.id,
            NewRoadmap {
                name: "Bench".into(),
                team: String::new(),
                em_name: "Emil".into(),
                pm_name: "Priya".into(),
                director_name: String::new(),
                head_of_product_name: String::new(),
            },
        )
        .unwrap();
    for n in 0..items {
        let req = NewItem {
            roadmap_id: roadmap.id,
            title: format!("Item {n}"),
            kind: ItemKind::Feature,
            horizon: String::new(),
        };
        app.create_item(em.id, req).unwrap();
    }
    (path, roadmap.id)
}

/// The PM's own key, as on her laptop (opened once: the KDF is measured apart).
fn pm_key() -> (Person, Keypair) {
    let key = Keypair::from_seed(&[0x5a; 32]);
    let person =
        Person { uid: "bench-priya".into(), name: "Priya".into(), role: Role::Pm, public_key: key.public().to_hex() };
    (person, key)
}

struct Session {
    dir: tempfile::TempDir,
    server: accord_sync::net::ServerHandle,
    /// The PM, on her own laptop.
    pm: GuestHandle,
    pm_key: Keypair,
    /// A director of engineering following along on a third machine.
    director: GuestHandle,
}

async fn session(items: usize) -> Session {
    let dir = tempfile::tempdir().unwrap();
    let (path, roadmap) = host_db(dir.path(), items);
    let host = Host::new(Accord::open(&path).unwrap(), roadmap).unwrap();
    let server = serve(host, SocketAddr::from(([127, 0, 0, 1], 0)), &Identity::generate().unwrap()).await.unwrap();
    server.set_code(PairingCode::with(CODE.into(), Duration::from_secs(300)));
    let (person, pm_key) = pm_key();
    let pm = join_as(server.addr(), Identity::generate().unwrap(), CODE, &person, &pm_key).await.unwrap();
    server.set_code(PairingCode::with(CODE.into(), Duration::from_secs(300)));
    let director = join(server.addr(), CODE, "Dana", Role::DirectorOfEngineering).await.unwrap();
    Session { dir, server, pm, pm_key, director }
}

/// From the host's window committing an edit (the window writes through
/// its own connection to the file and nudges the session, as the app does)
/// until the guest's copy holds it.
async fn host_edit_latency() -> (Vec<Duration>, Vec<Duration>) {
    let Session { dir, server, pm: em, director: _director, .. } = session(20).await;
    let mut window = Accord::open(&dir.path().join("host.db")).unwrap();
    let emil = window.bootstrap().unwrap().profiles.into_iter().find(|p| p.role == Role::Em).unwrap();
    let nudge = server.nudger();
    let mut samples = Vec::with_capacity(ROUNDS);
    let mut writes = Vec::with_capacity(ROUNDS);
    for n in 0..ROUNDS {
        let item = em.items()[n % 20].clone();
        let text = format!("{n:0>width$}", width = FRAME / 4);
        let req = EditDimension {
            item_id: item.id,
            base_revision: item.revision,
            dimension: Dimension::How,
            text: text.clone(),
            trade_off: None,
        };
        let start = Instant::now();
        window.edit_dimension(emil.id, req).unwrap();
        writes.push(start.elapsed());
        nudge.nudge();
        assert!(em.wait_for(WAIT, |g| g.items()[n % 20].matrix.how == text).await);
        samples.push(start.elapsed());
    }
    (samples, writes)
}

/// From the PM sending an edit until the director's copy holds it.
async fn edit_latency() -> Vec<Duration> {
    // The whole session stays alive (its server and directory) while measured.
    let Session { dir: _dir, server: _server, pm, director: em, .. } = session(20).await;
    let mut samples = Vec::with_capacity(ROUNDS);
    for n in 0..ROUNDS {
        let item = pm.items()[n % 20].clone();
        let text = format!("{n:0>width$}", width = FRAME / 4);
        let start = Instant::now();
        pm.submit(RemoteOp::edit(&item, Dimension::What, text.clone()));
        assert!(em.wait_for(WAIT, |g| g.items()[n % 20].matrix.what == text).await);
        samples.push(start.elapsed());
        // The PM's copy has it too before the next edit is based on it.
        assert!(pm.wait_for(WAIT, |g| g.items()[n % 20].matrix.what == text).await);
    }
    samples
}

/// The PM sends `ops` edits as fast as she can, over `items` items; ops/s
/// until every op is answered.
async fn throughput(ops: usize) -> f64 {
    let items = 1000;
    let Session { dir: _dir, server: _server, pm, director: _director, .. } = session(items).await;
    let shown = pm.items();
    let start = Instant::now();
    let ids: Vec<String> =
        (0..ops).map(|n| pm.submit(RemoteOp::edit(&shown[n % items], Dimension::Why, format!("why {n}")))).collect();
    assert!(pm.wait_for(WAIT, |g| ids.iter().all(|id| g.state(id) != Some(OpState::Pending))).await);
    let elapsed = start.elapsed();
    // A second edit of the same item names the revision the first left, so
    // only the first `items` can apply; the rest are refused as stale.
    let answered = ids.iter().filter(|id| pm.state(id).is_some()).count();
    assert_eq!(answered, ids.len(), "every op answered");
    ids.len() as f64 / elapsed.as_secs_f64()
}

/// Sign to agreed, `rounds` times: the EM writes a new `when` at the host's
/// window and signs it there; the PM's signature, made on her own machine
/// (no KDF: her key is open), is sent; the time until her own window's
/// answer says agreed and the director's window, told of the change, reads
/// it agreed from the host.
async fn sign_to_agreed(rounds: usize) -> Vec<Duration> {
    let Session { dir, server, pm, pm_key, director } = session(20).await;
    let mut window = Accord::open(&dir.path().join("host.db")).unwrap();
    let emil = window.acting().unwrap();
    let roadmap = pm.roadmap().unwrap();
    let signed_roadmap = SignedRoadmap { id: roadmap.id, uid: &roadmap.uid };
    let nudge = server.nudger();
    let agreed = |v: &serde_json::Value| v.pointer("/agreement/agreed") == Some(&serde_json::Value::Bool(true));
    let mut samples = Vec::with_capacity(rounds);
    for n in 0..rounds {
        let id = pm.items()[n % 20].id;
        let before = window.item(id).unwrap();
        let req = EditDimension {
            item_id: id,
            base_revision: before.revision,
            dimension: Dimension::When,
            text: format!("Beta by round {n}"),
            trade_off: None,
        };
        let item = window.edit_dimension(emil.id, req).unwrap();
        window
            .sign_when(
                emil.id,
                accord_api::SignWhen { item_id: id, base_revision: item.revision, passphrase: PASS.into() },
            )
            .unwrap();
        nudge.nudge();
        assert!(pm.wait_for(WAIT, |g| g.item(id).is_some_and(|i| i.revision == item.revision)).await);
        let seen = director.changes().borrow().any;

        let start = Instant::now();
        let hash = accord_api::when_hash(&pm.item(id).unwrap()).unwrap();
        let statement =
            Statement::new(signed_roadmap, Subject::ItemWhen(id), item.revision, hash, Role::Pm, &accord_api::now());
        let signature = pm_key.sign(statement).unwrap();
        let op = pm.submit(RemoteOp::Sign(SignElsewhere {
            subject: Subject::ItemWhen(id),
            base_revision: item.revision,
            signature,
        }));
        let answered = pm.answer_waiter(&op).wait(WAIT).await;
        let OpState::Applied { view: Some(view), .. } = answered else { panic!("{answered:?}") };
        assert!(agreed(&view), "the PM's window shows it agreed");
        assert!(director.wait_for(WAIT, |g| g.changes().borrow().any != seen).await);
        let read = director.read(RemoteRead::WhenSignoff { item_id: id }).await.unwrap();
        assert!(agreed(&read), "the director's window reads it agreed");
        samples.push(start.elapsed());
    }
    samples
}

/// The passphrase KDF that opens a sealed key (once per signature made).
fn kdf(rounds: usize) -> Vec<Duration> {
    let (_, key) = pm_key();
    let sealed = accord_domain::sealed_key::seal(&key, PASS, Default::default(), [1; 16], [2; 24]).unwrap();
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            accord_domain::sealed_key::open(&sealed, PASS).unwrap();
            start.elapsed()
        })
        .collect()
}

/// The host's check of one signature made elsewhere: Ed25519 verification
/// of its statement against the key the guest is bound to.
fn verify_cost(rounds: usize) -> Vec<Duration> {
    let (person, key) = pm_key();
    let who = PublicIdentity::new(&person.name, Role::Pm, key.public());
    let roadmap = SignedRoadmap { id: 1, uid: "bench" };
    let hash = accord_domain::ContentHash::of(&"Beta by 2027-Q1").unwrap();
    let sig =
        key.sign(Statement::new(roadmap, Subject::ItemWhen(1), 3, hash, Role::Pm, "2026-12-01T10:00:00Z")).unwrap();
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            sig.verify(&who).unwrap();
            start.elapsed()
        })
        .collect()
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        println!("planning session on loopback, {ROUNDS} rounds, ~{FRAME}-byte frames");
        let (_, ws95) = report("bare WebSocket echo round trip", websocket_echo().await);
        let (_, echo95) = report("bare TCP echo round trip", tcp_echo().await);
        let (_, tls95) = report("bare TLS echo round trip (same framing)", tls_echo().await);
        let (host, writes) = host_edit_latency().await;
        let (_, host95) = report("edit: host's window writes → guest's copy has it", host);
        report("  of which the host's SQLite write (edit + history)", writes);
        let (_, edit95) = report("edit: guest sends → other guest's copy has it", edit_latency().await);
        let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
        println!(
            "p95 ratios: host→guest / WebSocket echo {:.2}x, / TCP echo {:.2}x, / TLS echo {:.2}x",
            ratio(host95, ws95),
            ratio(host95, echo95),
            ratio(host95, tls95)
        );
        println!(
            "            guest→guest / WebSocket echo {:.2}x, / TCP echo {:.2}x, / TLS echo {:.2}x",
            ratio(edit95, ws95),
            ratio(edit95, echo95),
            ratio(edit95, tls95)
        );
        let (_, agreed95) = report("sign to agreed: PM signs → both windows agreed", sign_to_agreed(100).await);
        println!("{:<48} {:.1}x the TLS echo (goal: p95 ≤ 50 ms)", "", ratio(agreed95, tls95));
        report("  apart: the passphrase KDF opening a key", kdf(10));
        report("  apart: the host's check of one signature", verify_cost(ROUNDS));
        let ops = throughput(2000).await;
        println!("{:<48} {ops:>9.0} ops/s", "sustained, the PM guest sending as fast as it can");
    });
}
