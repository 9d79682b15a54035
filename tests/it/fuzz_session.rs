//! Session frames fuzzed over real TLS on loopback, before and after
//! pairing. Each case is one connection to one hosted roadmap; a PM who
//! joined first stays connected throughout. Invariants: the host answers
//! every bad frame with a refusal or a close, never hangs or falls over;
//! a bad frame closes only its own connection; nothing reaches the
//! roadmap or its log.

use std::cell::Cell;

use accord_api::RemoteOp;
use accord_domain::{Dimension, Person, PossessionProof, Role, TlsBinding};
use accord_store::op_log;
use accord_sync::net::{connect_paired, connect_tls, join, wire, Identity, PairFrame, PairedStream};
use accord_sync::protocol::{decode, encode, PROTOCOL_VERSION};
use accord_sync::{OpState, ToGuest, ToHost};
use hmac::{Hmac, Mac};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use spake2::{Ed25519Group, Identity as Side, Password, Spake2};
use tokio::io::AsyncWriteExt;

use crate::mutate::{apply, cases, mutations, runner, show};
use crate::sync_net::{framed, hosted, someone, CODE, WAIT};

/// Every frame the host sends before it closes the connection, or an
/// error if it neither sends nor closes in time.
async fn until_closed(stream: &mut PairedStream) -> Result<Vec<Vec<u8>>, TestCaseError> {
    let mut frames = Vec::new();
    loop {
        match tokio::time::timeout(WAIT, wire::read_frame(&mut stream.reader)).await {
            Err(_) => return Err(TestCaseError::fail("the host neither answered nor closed the connection")),
            Ok(Ok(Some(frame))) => frames.push(frame),
            Ok(Ok(None) | Err(_)) => return Ok(frames),
        }
    }
}

async fn send_and_close(stream: &mut PairedStream, bytes: &[u8]) {
    // The host may have closed already; what it said is read next.
    let _ = stream.writer.write_all(bytes).await;
    let _ = stream.writer.shutdown().await;
}

fn confirmation(key: &[u8], sender: &[u8], binding: &[u8]) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(sender);
    mac.update(binding);
    hex::encode(mac.finalize().into_bytes())
}

#[derive(Debug, Clone, Copy)]
enum Before {
    /// A mutated `Hello`, the first frame.
    Hello,
    /// A mutated `Resume` from a device that never paired.
    Resume,
    /// An honest `Hello`, then the right `Confirm` with a proof, mutated.
    Confirm,
}

/// One connection that sends a mutated pairing frame; what the host said.
async fn unpaired_case(
    addr: std::net::SocketAddr,
    stage: Before,
    m: &[crate::mutate::Mutation],
    person: &Person,
    key: &accord_domain::Keypair,
) -> Result<Vec<Vec<u8>>, TestCaseError> {
    let contact = connect_tls(addr, &Identity::generate().unwrap()).await.unwrap();
    let (binding, host_key, guest_key) = (contact.binding, contact.host_key.clone(), contact.guest_key.clone());
    let mut stream = contact.stream;
    let (state, spake) = Spake2::<Ed25519Group>::start_a(
        &Password::new(CODE.as_bytes()),
        &Side::new(b"accord guest"),
        &Side::new(b"accord host"),
    );
    let hello = PairFrame::Hello {
        v: PROTOCOL_VERSION,
        name: person.name.clone(),
        role: person.role,
        spake: hex::encode(spake),
    };
    let frame = match stage {
        Before::Hello => hello,
        Before::Resume => PairFrame::Resume { v: PROTOCOL_VERSION, public_key: person.public_key.clone() },
        Before::Confirm => {
            wire::write_frame(&mut stream.writer, &serde_json::to_vec(&hello).unwrap()).await.unwrap();
            let reply = wire::read_frame(&mut stream.reader).await.unwrap().expect("a challenge");
            let Ok(PairFrame::Challenge { spake, .. }) = serde_json::from_slice(&reply) else {
                return Err(TestCaseError::fail(format!("no challenge: {}", String::from_utf8_lossy(&reply))));
            };
            let shared = state.finish(&hex::decode(spake).unwrap()).unwrap();
            let tls = TlsBinding { exporter: &binding, host_cert: &host_key, guest_cert: &guest_key };
            let proof = PossessionProof::make(key, person.clone(), &tls).unwrap();
            PairFrame::Confirm { confirm: confirmation(&shared, b"guest", &binding), proof: Some(proof) }
        }
    };
    let bytes = apply(&framed(&serde_json::to_vec(&frame).unwrap()), m);
    send_and_close(&mut stream, &bytes).await;
    until_closed(&mut stream).await
}

#[test]
fn mutated_pairing_frames_are_refused_or_closed_and_write_nothing() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let h = rt.block_on(hosted());
    let pm = rt.block_on(join(h.server.addr(), CODE, "Priya", Role::Pm)).unwrap();
    let (items, log) = (h.items(), h.log_len());
    let (mallory, key) = someone("Mallory", Role::DirectorOfEngineering);
    let (refused, paired, closed) = (Cell::new(0), Cell::new(0), Cell::new(0));
    let stages = prop_oneof![Just(Before::Hello), Just(Before::Resume), Just(Before::Confirm)];
    let n = cases(128);
    runner(n, file!())
        .run(&(stages, mutations()), |(stage, m)| {
            // Each case starts with all of the code's attempts.
            h.fresh_code();
            let frames = rt.block_on(unpaired_case(h.server.addr(), stage, &m, &mallory, &key))?;
            for frame in &frames {
                let pairing = serde_json::from_slice::<PairFrame>(frame);
                let session = decode::<ToGuest>(frame);
                prop_assert!(
                    matches!(pairing, Ok(PairFrame::Refused { .. } | PairFrame::Challenge { .. }))
                        // A frame the host cannot take (one too long, say) ends the
                        // connection with its reason, which a joining guest shows.
                        || matches!(session, Ok(ToGuest::Snapshot { .. } | ToGuest::Presence { .. } | ToGuest::Bye { .. })),
                    "an unexpected frame: {}",
                    String::from_utf8_lossy(frame)
                );
            }
            let counter = if frames.iter().any(|f| matches!(decode::<ToGuest>(f), Ok(ToGuest::Snapshot { .. }))) {
                &paired
            } else if frames.is_empty() {
                &closed
            } else {
                &refused
            };
            counter.set(counter.get() + 1);
            prop_assert_eq!(h.log_len(), log, "nothing reaches the roadmap's log");
            Ok(())
        })
        .unwrap();
    assert_eq!(h.items(), items, "nothing was written to the roadmap");
    show(&format!(
        "pairing frames: {n} cases over TLS: {} refused, {} closed, {} paired despite the change",
        refused.get(),
        closed.get(),
        paired.get()
    ));
    assert!(refused.get() > 0, "the mutations reach the host's checks");

    // An honest guest still pairs, and the PM who stayed is still served.
    h.fresh_code();
    rt.block_on(join(h.server.addr(), CODE, "Dana", Role::DirectorOfEngineering))
        .expect("an honest guest pairs after the fuzzing");
    the_pm_is_still_served(&rt, &pm, &h);
}

/// The ops the host applied to the roadmap, as its log says.
fn applied_ops(h: &crate::sync_net::Hosted) -> usize {
    let app = accord_api::Accord::open(&h.path).unwrap();
    let log = op_log::after(app.store().conn(), h.roadmap_id, 0).unwrap();
    log.iter().filter(|l| matches!(l.outcome, op_log::Outcome::Applied)).count()
}

fn the_pm_is_still_served(
    rt: &tokio::runtime::Runtime,
    pm: &accord_sync::net::GuestHandle,
    h: &crate::sync_net::Hosted,
) {
    let item = pm.items()[0].clone();
    let id = pm.submit(RemoteOp::edit(&item, Dimension::Why, "Fewer failed payments"));
    let applied = rt.block_on(pm.wait_for(WAIT, |g| matches!(g.state(&id), Some(OpState::Applied { .. }))));
    assert!(applied, "the PM's connection stayed open and is served");
    assert_eq!(h.items()[0].matrix.why, "Fewer failed payments");
}

#[test]
fn mutated_frames_from_a_paired_guest_close_only_its_own_connection() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let h = rt.block_on(hosted());
    let pm = rt.block_on(join(h.server.addr(), CODE, "Priya", Role::Pm)).unwrap();
    let (items, applied) = (h.items(), applied_ops(&h));
    let item = items[0].clone();
    // A director may read, and may not write the matrix: what a frame asks
    // is refused, or the frame itself closes the connection.
    let frames: Vec<Vec<u8>> = vec![
        encode(&ToHost::Op {
            client_op_id: "m1".into(),
            op: RemoteOp::edit(&item, Dimension::How, "Mine"),
            after: None,
        }),
        encode(&ToHost::Op {
            client_op_id: "m2".into(),
            op: RemoteOp::edit(&item, Dimension::What, "Mine"),
            after: None,
        }),
        encode(&ToHost::Read { id: 1, read: accord_api::RemoteRead::Identities }),
        encode(&ToHost::Presence { editing: None }),
    ];
    let (closed_with_reason, handled) = (Cell::new(0), Cell::new(0));
    let n = cases(96);
    runner(n, file!())
        .run(&(0..frames.len(), mutations()), |(base, m)| {
            h.fresh_code();
            let (mallory, key) = someone("Mallory", Role::DirectorOfEngineering);
            let replies = rt.block_on(async {
                let identity = Identity::generate().unwrap();
                let (mut stream, _) = connect_paired(h.server.addr(), &identity, CODE, &mallory, &key).await.unwrap();
                let snapshot = wire::read_frame(&mut stream.reader).await.unwrap().unwrap();
                assert!(matches!(decode::<ToGuest>(&snapshot), Ok(ToGuest::Snapshot { .. })));
                send_and_close(&mut stream, &apply(&framed(&frames[base]), &m)).await;
                until_closed(&mut stream).await
            })?;
            let mut bye = false;
            for frame in &replies {
                let reply = decode::<ToGuest>(frame);
                prop_assert!(reply.is_ok(), "the host sends only session frames: {}", String::from_utf8_lossy(frame));
                bye |= matches!(reply, Ok(ToGuest::Bye { .. }));
            }
            let counter = if bye { &closed_with_reason } else { &handled };
            counter.set(counter.get() + 1);
            // A refused op is logged as refused (so a resend is answered the same); none is applied.
            prop_assert_eq!(applied_ops(&h), applied, "nothing a director sends is applied");
            Ok(())
        })
        .unwrap();
    assert_eq!(h.items(), items, "nothing was written to the roadmap");
    show(&format!(
        "paired frames: {n} cases over TLS: {} closed with a reason, {} handled and refused or answered",
        closed_with_reason.get(),
        handled.get()
    ));
    assert!(closed_with_reason.get() > 0, "the mutations reach the decoder's refusals");
    the_pm_is_still_served(&rt, &pm, &h);
}
