//! Who a guest is, over real TCP on loopback: the host knows a guest by
//! the key it proved on this very TLS session, keeps each seat for one
//! key, asks its person before a guest takes over a profile without a key,
//! tells an older Accord to update, and keeps none of a guest's secrets.

use accord_api::{when_hash, Accord, NewProfile, RemoteOp, SignElsewhere};
use accord_domain::{Dimension, Keypair, PossessionProof, PublicKey, Role, Subject, TlsBinding};
use accord_sync::net::{
    connect_tls, join, join_as, pair_with_proof, rejoin, wire, GuestHandle, Identity, JoinError, PairFrame, Refusal,
    ServerHandle, PAIRING_ATTEMPTS,
};
use accord_sync::{OpState, PROTOCOL_VERSION};

use crate::people::{placeholder, rows};
use crate::people_sign::{assert_stays_home, GUEST_PASS};
use crate::sync::template;
use crate::sync_net::{hosted, hosted_with, hosting, net_template, someone, Hosted, CODE, WAIT};

/// Waits until `ready` holds for the host (looking again whenever its
/// session changes), or `WAIT` passes; says whether it held.
async fn until(server: &ServerHandle, ready: impl Fn(&ServerHandle) -> bool) -> bool {
    let mut changes = server.changes();
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if ready(server) {
            return true;
        }
        if !matches!(tokio::time::timeout_at(deadline, changes.changed()).await, Ok(Ok(()))) {
            return ready(server);
        }
    }
}

/// What a refused guest must not have changed on the host.
#[derive(Debug, PartialEq)]
struct Written {
    items: Vec<accord_domain::Item>,
    ops: usize,
    profiles: i64,
    remote_keys: i64,
    seats: i64,
    pins: i64,
}

fn written(h: &Hosted) -> Written {
    Written {
        items: h.items(),
        ops: h.log_len(),
        profiles: rows(&h.path, "profile"),
        remote_keys: rows(&h.path, "remote_key"),
        seats: rows(&h.path, "roadmap_seat"),
        pins: rows(&h.path, "session_guest"),
    }
}

/// Guests posing as Emil, the host's own person (his key is sealed on the
/// host's machine), with a key of their own: his EM seat is refused to them
/// when it is bound to him (by setting the roadmap up, or explicitly) and
/// while it is still unbound (another partner here set the roadmap up).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guest_claiming_the_hosts_own_name_and_role_is_refused() {
    let two = template();
    let hold_emils = |path: &std::path::Path| Accord::open(path).unwrap().hold_seat(two.roadmap_id, two.em.id).unwrap();
    let cases = [
        ("bound: Emil set the roadmap up", hosted().await, true),
        (
            "unbound: Priya set it up at the same machine",
            hosting(&two.path, two.roadmap_id, two.em.id, |_| {}).await,
            false,
        ),
        ("bound explicitly", hosting(&two.path, two.roadmap_id, two.em.id, hold_emils).await, true),
    ];
    for (case, h, bound) in cases {
        let emil = h.local;
        let seat = || Accord::open(&h.path).unwrap().seat_holder(h.roadmap_id, Role::Em).unwrap().map(|p| p.id);
        assert_eq!(seat(), bound.then_some(emil), "{case}");
        let before = written(&h);
        let posing = join(h.server.addr(), CODE, "Emil", Role::Em).await;
        let Err(JoinError::SeatHeld(says)) = posing else { panic!("{case}: {:?}", posing.err()) };
        let key = Accord::open(&h.path).unwrap().key_fingerprint(h.local).unwrap();
        assert!(
            says.contains(&format!("the EM seat of “Core platform” is held by Emil (key {key})")),
            "{case}: {says}"
        );
        assert!(says.contains("join from the machine that holds your key"), "{case}: {says}");
        assert_eq!(written(&h), before, "{case}: no profile, no key bound to Emil, no pin, no seat");
        assert_eq!(before.remote_keys, 0, "{case}");
        assert_eq!(seat(), bound.then_some(emil), "{case}: the seat is as it was");
        assert!(until(&h.server, |s| s.people().iter().all(|p| p.host)).await, "{case}: {:?}", h.server.people());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_key_cannot_take_a_held_seat() {
    let h = hosted().await;
    let (priya, key) = someone("Priya", Role::Pm);
    let mut first = join_as(h.server.addr(), Identity::generate().unwrap(), CODE, &priya, &key).await.unwrap();
    first.leave();
    drop(first);
    assert!(until(&h.server, |s| s.people().iter().all(|p| p.host)).await, "Priya left");
    let before = written(&h);
    assert_eq!((before.remote_keys, before.seats), (1, 2), "her key holds the PM seat, Emil the EM seat");
    let host = Accord::open(&h.path).unwrap();
    let holder = host.seat_holder(h.roadmap_id, Role::Pm).unwrap().expect("the PM seat is held");
    assert_eq!(holder.name, "Priya");
    assert_eq!(host.key_fingerprint(holder.id).unwrap(), PublicKey::from_hex(&priya.public_key).unwrap().fingerprint());
    assert!(host.is_remote(holder.id).unwrap(), "by the guest's own key");
    drop(host);
    for name in ["Priya", "Paula"] {
        h.fresh_code();
        let second = join(h.server.addr(), CODE, name, Role::Pm).await;
        let Err(JoinError::SeatHeld(says)) = second else { panic!("{name}: {:?}", second.err()) };
        let fingerprint = PublicKey::from_hex(&priya.public_key).unwrap().fingerprint();
        assert!(
            says.contains(&format!("the PM seat of “Core platform” is held by Priya (key {fingerprint})")),
            "{says}"
        );
    }
    assert_eq!(written(&h), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proof_made_for_another_tls_session_is_refused() {
    let h = hosted().await;
    let before = written(&h);
    let machine = Identity::generate().unwrap();
    let (priya, key) = someone("Priya", Role::Pm);
    let relayed = connect_tls(h.server.addr(), &machine).await.unwrap();
    let used = connect_tls(h.server.addr(), &machine).await.unwrap();
    assert_ne!(relayed.binding, used.binding, "two TLS sessions export different keying material");
    let tls = TlsBinding { exporter: &relayed.binding, host_cert: &relayed.host_key, guest_cert: &relayed.guest_key };
    let proof = PossessionProof::make(&key, priya.clone(), &tls).unwrap();
    let (mut stream, _) = pair_with_proof(used, CODE, &priya, proof).await.expect("the code itself is right");
    let reply = wire::read_frame(&mut stream.reader).await.unwrap().expect("a refusal");
    let Ok(PairFrame::Refused { reason, code: Some(Refusal::WrongKey) }) = serde_json::from_slice(&reply) else {
        panic!("{}", String::from_utf8_lossy(&reply))
    };
    assert!(reason.contains("proof of your signing key does not hold for this connection"), "{reason}");
    assert!(matches!(wire::read_frame(&mut stream.reader).await, Ok(None) | Err(_)), "then the connection closes");
    assert_eq!(written(&h), before);
    drop(relayed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_a_hello_claims_counts_for_nothing_the_proof_is_who_comes_in() {
    let h = hosted().await;
    let (priya, key) = someone("Priya", Role::Pm);
    let contact = connect_tls(h.server.addr(), &Identity::generate().unwrap()).await.unwrap();
    let tls = TlsBinding { exporter: &contact.binding, host_cert: &contact.host_key, guest_cert: &contact.guest_key };
    let proof = PossessionProof::make(&key, priya.clone(), &tls).unwrap();
    let claimed = accord_domain::Person { name: "Emil".into(), role: Role::Em, ..priya.clone() };
    let (mut stream, _) = pair_with_proof(contact, CODE, &claimed, proof).await.unwrap();
    let first = wire::read_frame(&mut stream.reader).await.unwrap().unwrap();
    let first = accord_sync::protocol::decode::<accord_sync::ToGuest>(&first);
    assert!(matches!(first, Ok(accord_sync::ToGuest::Snapshot { .. })));
    let came_in = |s: &ServerHandle| s.people().iter().any(|p| !p.host && p.name == "Priya" && p.role == Role::Pm);
    assert!(until(&h.server, came_in).await, "{:?}", h.server.people());
    assert!(!h.server.people().iter().any(|p| !p.host && p.role == Role::Em));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_accord_of_another_session_protocol_is_told_to_update() {
    let h = hosted().await;
    let before = written(&h);
    let cases =
        [(1, "update Accord to join".to_string()), (PROTOCOL_VERSION + 1, "the host must update Accord".to_string())];
    for (v, says) in cases {
        let mut raw = connect_tls(h.server.addr(), &Identity::generate().unwrap()).await.unwrap().stream;
        let hello = format!(r#"{{"type":"hello","v":{v},"name":"Old","role":"pm","spake":"00"}}"#);
        wire::write_frame(&mut raw.writer, hello.as_bytes()).await.unwrap();
        let reply = wire::read_frame(&mut raw.reader).await.unwrap().expect("an answer");
        let text = String::from_utf8(reply.clone()).unwrap();
        // An Accord speaking protocol 1 reads the type and the reason.
        assert!(text.contains(r#""type":"refused""#) && text.contains(r#""reason":"#), "{text}");
        let Ok(PairFrame::Refused { reason, code: Some(Refusal::UpdateRequired) }) = serde_json::from_slice(&reply)
        else {
            panic!("{text}")
        };
        assert!(reason.contains(&says) && reason.contains(&format!("yours speaks {v}")), "{reason}");
        assert!(matches!(wire::read_frame(&mut raw.reader).await, Ok(None) | Err(_)), "then the connection closes");
    }
    assert_eq!(h.server.attempts_left(), PAIRING_ATTEMPTS, "no attempt at the code was spent");
    assert_eq!(written(&h), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_host_shows_a_key_that_pairs_for_the_first_time() {
    let h = hosted().await;
    let machine = Identity::generate().unwrap();
    let (cert, key_der) = machine.to_der();
    let (priya, key) = someone("Priya", Role::Pm);
    let fingerprint = PublicKey::from_hex(&priya.public_key).unwrap().fingerprint();
    assert!(!fingerprint.is_empty());
    let mut first = join_as(h.server.addr(), machine, CODE, &priya, &key).await.unwrap();
    let host_key = first.host_key().to_string();
    let guests = |s: &ServerHandle| s.people().into_iter().filter(|p| !p.host).collect::<Vec<_>>();
    let shown = |first_time: bool| {
        let fingerprint = fingerprint.clone();
        move |s: &ServerHandle| {
            let g = guests(s);
            g.len() == 1 && g[0].name == "Priya" && g[0].fingerprint == fingerprint && g[0].first_time == first_time
        }
    };
    assert!(until(&h.server, shown(true)).await, "{:?}", h.server.people());
    first.leave();
    drop(first);
    assert!(until(&h.server, |s| guests(s).is_empty()).await, "{:?}", h.server.people());

    let again = Identity::from_der(cert, key_der).unwrap();
    let _back = rejoin(h.server.addr(), again, &host_key, &priya.public_key).await.unwrap();
    assert!(until(&h.server, shown(false)).await, "known now: {:?}", h.server.people());
}

/// The PM seat is held by a profile without a key, named Priya.
async fn hosted_for_a_placeholder() -> (Hosted, i64) {
    let t = net_template();
    let mut held = 0;
    let h = hosted_with(|path| {
        held = placeholder(path, "Priya", Role::Pm);
        Accord::open(path).unwrap().hold_seat(t.roadmap_id, held).unwrap();
    })
    .await;
    (h, held)
}

/// Priya pairs, and waits for the host's person to say who she is.
async fn awaiting_confirmation(h: &Hosted) -> (String, tokio::task::JoinHandle<Result<GuestHandle, JoinError>>) {
    let (priya, key) = someone("Priya", Role::Pm);
    let (addr, public_key) = (h.server.addr(), priya.public_key.clone());
    let joining = tokio::spawn(async move {
        let key = Keypair::from_seed(&key.seed());
        join_as(addr, Identity::generate().unwrap(), CODE, &priya, &key).await
    });
    let fingerprint = PublicKey::from_hex(&public_key).unwrap().fingerprint();
    let asked = |s: &ServerHandle| {
        s.awaiting()
            .iter()
            .any(|a| a.person.public_key == public_key && a.placeholder == "Priya" && a.fingerprint == fingerprint)
    };
    assert!(until(&h.server, asked).await, "{:?}", h.server.awaiting());
    assert!(!joining.is_finished(), "the guest waits for the answer");
    (public_key, joining)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hosts_person_confirms_a_guest_is_the_profile_without_a_key() {
    let (h, held) = hosted_for_a_placeholder().await;
    let before = written(&h);
    let (public_key, joining) = awaiting_confirmation(&h).await;
    assert_eq!(written(&h), before, "nothing is written while the guest waits");
    h.server.confirm(&public_key, true);
    let Ok(_guest) = tokio::time::timeout(WAIT, joining).await.unwrap().unwrap() else { panic!("let in") };
    assert!(h.server.awaiting().is_empty());
    let host = Accord::open(&h.path).unwrap();
    assert!(host.is_remote(held).unwrap(), "the placeholder is the guest now");
    assert_eq!(host.seat_holder(h.roadmap_id, Role::Pm).unwrap().map(|p| p.id), Some(held));
    assert_eq!(written(&h).profiles, before.profiles, "no profile of its own");
    assert!(until(&h.server, |s| s.people().iter().any(|p| !p.host && p.name == "Priya" && p.first_time)).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_the_host_says_is_not_the_seats_holder_is_refused() {
    let (h, held) = hosted_for_a_placeholder().await;
    let before = written(&h);
    let (public_key, joining) = awaiting_confirmation(&h).await;
    h.server.confirm(&public_key, false);
    let refused = tokio::time::timeout(WAIT, joining).await.unwrap().unwrap();
    let Err(JoinError::SeatHeld(says)) = refused else { panic!("{:?}", refused.err()) };
    assert!(says.contains("the host says you are not Priya, who holds the PM seat"), "{says}");
    assert!(h.server.awaiting().is_empty());
    assert_eq!(written(&h), before);
    assert!(!Accord::open(&h.path).unwrap().is_remote(held).unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guest_signs_over_the_session_and_its_secrets_stay_home() {
    let h = hosted().await;
    let dir = tempfile::tempdir().unwrap();
    let mut home = Accord::open(&dir.path().join("guest.db")).unwrap();
    let me = home
        .create_profile(NewProfile { name: "Priya".into(), role: Role::Pm, passphrase: GUEST_PASS.into() })
        .unwrap();
    let (person, key) = home.unlock_person(me.id, GUEST_PASS).unwrap();
    let guest = join_as(h.server.addr(), Identity::generate().unwrap(), CODE, &person, &key).await.unwrap();
    drop(key);

    let item = guest.items()[0].clone();
    let when = "Beta by 2027-Q1, confidence medium";
    let id = guest.submit(RemoteOp::edit(&item, Dimension::When, when));
    assert!(guest.wait_for(WAIT, |g| matches!(g.state(&id), Some(OpState::Applied { .. }))).await);
    // The host keeps the when as its canonical line.
    let line = "2027-Q1 \u{b7} medium confidence \u{2014} Beta";
    assert!(guest.wait_for(WAIT, |g| g.item(item.id).is_some_and(|i| i.matrix.when == line)).await);
    let item = guest.item(item.id).unwrap();
    let roadmap = guest.roadmap().unwrap();
    let subject = Subject::ItemWhen(item.id);
    let signature =
        home.sign_elsewhere(me.id, GUEST_PASS, &roadmap, subject, item.revision, when_hash(&item).unwrap()).unwrap();
    let id = guest.submit(RemoteOp::Sign(SignElsewhere { subject, base_revision: item.revision, signature }));
    let answered = guest.answer_waiter(&id).wait(WAIT).await;
    assert!(matches!(answered, OpState::Applied { .. }), "{answered:?}");
    let state = Accord::open(&h.path).unwrap().when_signoff(item.id).unwrap();
    assert_eq!(state.agreement.signed, [Role::Pm]);

    let sealed = accord_store::signoffs::sealed_key(home.store().conn(), me.id).unwrap().unwrap();
    let seed = accord_domain::sealed_key::open(&sealed, GUEST_PASS).unwrap().seed();
    let secrets: [(&str, &[u8]); 2] = [("passphrase", GUEST_PASS.as_bytes()), ("key", &seed[..])];
    assert_stays_home(&h.path, &secrets, &person.public_key);
}
