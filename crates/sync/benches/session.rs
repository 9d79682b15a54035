//! Planning-session figures on loopback, in one run:
//! - a bare echo round trip (a WebSocket, plain TCP and TLS with the
//!   session's own framing) as the floor;
//! - edit latency host → guest: from the host's own window writing an edit
//!   (its SQLite commit) until a guest's copy has it, p50/p95;
//! - edit latency guest → guest: from a guest sending an op until the other
//!   guest's copy has it (through the host's TLS, compare-and-set, SQLite
//!   commit and broadcast), p50/p95;
//! - sustained ops/s with two guests sending at once.
//!
//! ```sh
//! cargo bench -p accord-sync --bench session
//! ```

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use accord_api::{Accord, EditDimension, NewItem, NewProfile, NewRoadmap, RemoteOp};
use accord_domain::{Dimension, ItemKind, Role};
use accord_sync::net::{connect_tls, join, serve, tls, wire, GuestHandle, Identity, PairingCode};
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

fn host_db(dir: &std::path::Path, items: usize) -> (std::path::PathBuf, i64) {
    let path = dir.join("host.db");
    let mut app = Accord::open(&path).unwrap();
    let pass = "correct horse battery".to_string();
    let pm = app.create_profile(NewProfile { name: "Priya".into(), role: Role::Pm, passphrase: pass.clone() }).unwrap();
    app.create_profile(NewProfile { name: "Emil".into(), role: Role::Em, passphrase: pass }).unwrap();
    let roadmap = app
        .create_roadmap(
            pm.id,
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
        app.create_item(pm.id, req).unwrap();
    }
    (path, roadmap.id)
}

async fn session(items: usize) -> (tempfile::TempDir, accord_sync::net::ServerHandle, GuestHandle, GuestHandle) {
    let dir = tempfile::tempdir().unwrap();
    let (path, roadmap) = host_db(dir.path(), items);
    let host = Host::new(Accord::open(&path).unwrap(), roadmap).unwrap();
    let server = serve(host, SocketAddr::from(([127, 0, 0, 1], 0)), &Identity::generate().unwrap()).await.unwrap();
    server.set_code(PairingCode::with(CODE.into(), Duration::from_secs(300)));
    let pm = join(server.addr(), CODE, "Priya", Role::Pm).await.unwrap();
    server.set_code(PairingCode::with(CODE.into(), Duration::from_secs(300)));
    let em = join(server.addr(), CODE, "Emil", Role::Em).await.unwrap();
    (dir, server, pm, em)
}

/// From the host's window committing an edit (the window writes through
/// its own connection to the file and nudges the session, as the app does)
/// until the guest's copy holds it.
async fn host_edit_latency() -> (Vec<Duration>, Vec<Duration>) {
    let (dir, server, _pm, em) = session(20).await;
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

/// From the PM sending an edit until the EM's copy holds it.
async fn edit_latency() -> Vec<Duration> {
    let (_dir, _server, pm, em) = session(20).await;
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

/// Both guests send `per_guest` edits each as fast as they can, each on
/// their own items and dimensions; ops/s until every op is answered.
async fn throughput(per_guest: usize) -> f64 {
    let (_dir, _server, pm, em) = session(per_guest * 2).await;
    let items = pm.items();
    let start = Instant::now();
    let mut ids = Vec::new();
    for n in 0..per_guest {
        ids.push((0, pm.submit(RemoteOp::edit(&items[n], Dimension::Why, format!("why {n}")))));
        ids.push((1, em.submit(RemoteOp::edit(&items[per_guest + n], Dimension::How, format!("how {n}")))));
    }
    let answered = |g: &GuestHandle, who: usize| {
        ids.iter().filter(|(w, _)| *w == who).all(|(_, id)| g.state(id) != Some(OpState::Pending))
    };
    assert!(pm.wait_for(WAIT, |g| answered(g, 0)).await && em.wait_for(WAIT, |g| answered(g, 1)).await);
    let elapsed = start.elapsed();
    let applied = ids
        .iter()
        .filter(|(w, id)| matches!((if *w == 0 { &pm } else { &em }).state(id), Some(OpState::Applied { .. })))
        .count();
    assert_eq!(applied, ids.len(), "every op applied");
    ids.len() as f64 / elapsed.as_secs_f64()
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
        let ops = throughput(1000).await;
        println!("{:<48} {ops:>9.0} ops/s", "sustained, two guests sending at once");
    });
}
