//! The host's listener. One thread owns the [`Host`] (and its database);
//! each connection is a task that pairs, then forwards the guest's frames to
//! that thread and writes back what it answers. A guest that sends anything
//! malformed is told why and dropped; the others carry on. A guest that
//! paired once may reconnect with the same key, without a code.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use accord_api::{Admission, ApiError, ErrorCode, PinnedGuest};
use accord_domain::{Person, PossessionProof, TlsBinding};
use tokio::io::{split, AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};
use tokio_rustls::TlsAcceptor;

use super::pairing::{self, version_mismatch, PairFrame, PairingCode, Refusal, FROM_GUEST, FROM_HOST};
use super::tls::{self, Identity};
use super::wire::{read_frame, write_frame, WireError};
use super::Changes;
use crate::host::{Host, PeerId};
use crate::protocol::{decode, encode, Editing, Present, ToGuest, ToHost, PROTOCOL_VERSION};

/// How long a connection may take to finish TLS and pairing.
const PAIRING_DEADLINE: Duration = Duration::from_secs(30);
/// How long a guest waits for the host's person to say who it is.
const CONFIRM_DEADLINE: Duration = Duration::from_secs(180);

/// Why a guest was not let in: the kind, and the reason in words.
type Refused = (Refusal, String);

/// A guest that proved its key, asking to come in.
enum Joining {
    /// Paired just now with the code: `tls_key` is pinned to `person` once
    /// the host admits them.
    Paired { person: Person, tls_key: String },
    /// Came back with a pinned TLS key, as the signing key pinned to it.
    Resumed { public_key: String },
}

/// A guest waiting for the host's person to say whether they are the
/// person a profile here without a key stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Awaiting {
    pub person: Person,
    /// The guest's signing-key fingerprint.
    pub fingerprint: String,
    /// The name of the profile here that may be them.
    pub placeholder: String,
}

enum Event {
    Join {
        who: Joining,
        out: Out,
        reply: oneshot::Sender<Result<PeerId, Refused>>,
    },
    /// The host's person answered for a guest awaiting confirmation.
    Confirm {
        public_key: String,
        same: bool,
    },
    /// A guest stopped waiting for confirmation.
    Abandon {
        public_key: String,
    },
    Frame {
        peer: PeerId,
        frame: ToHost,
    },
    Gone {
        peer: PeerId,
    },
    /// The host's own person is now editing this (or nothing).
    LocalEditing(Option<Editing>),
    /// Someone else now acts at the host's window.
    LocalPerson(accord_domain::ProfileId),
    /// Someone beside the session just wrote to the host's file: look now
    /// rather than at the next poll.
    Look,
    /// Hosting ends: every guest is told, and the thread stops.
    Stop,
}

/// Frames to one guest's connection; `true` marks the last (a bye or the
/// end), after which the connection closes.
type Out = mpsc::UnboundedSender<(Vec<u8>, bool)>;

/// Wakes the host to send what was just written beside the session (the
/// host's window) without waiting for its next look at the file.
#[derive(Clone)]
pub struct Nudge(std::sync::mpsc::Sender<Event>);

impl Nudge {
    pub fn nudge(&self) {
        let _ = self.0.send(Event::Look);
    }

    /// Another person now acts at the host's window: the session shows them.
    pub fn acting(&self, profile: accord_domain::ProfileId) {
        let _ = self.0.send(Event::LocalPerson(profile));
    }
}

/// A running host. Dropping it (or [`ServerHandle::stop`]) stops listening
/// and closes every connection.
pub struct ServerHandle {
    addr: SocketAddr,
    fingerprint: String,
    shared: Arc<Shared>,
    events: std::sync::mpsc::Sender<Event>,
    stop: Option<oneshot::Sender<()>>,
}

/// What every connection of one hosting consults.
struct Shared {
    pairing: Mutex<PairingCode>,
    /// The host's certificate fingerprint, which a guest's proof names.
    host_cert: String,
    /// Guests paired with this host, by their certificate's fingerprint: a
    /// reconnect with the same key resumes as the same person.
    pinned: Mutex<HashMap<String, PinnedGuest>>,
    /// Who is in the session, as of the host thread's last event.
    people: Mutex<Vec<Present>>,
    /// Guests waiting for the host's person to confirm who they are.
    awaiting: Mutex<Vec<Awaiting>>,
    /// Bumped whenever the roadmap or the people in the session changed.
    changes: tokio::sync::watch::Sender<Changes>,
}

impl ServerHandle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The host's certificate fingerprint, which guests pin.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The code to tell the next guest.
    pub fn code(&self) -> String {
        self.shared.pairing.lock().expect("pairing lock").code().to_string()
    }

    /// Changes whenever a guest's op was applied, the host's file changed or
    /// someone came or went: a window reloads what it shows.
    pub fn changes(&self) -> tokio::sync::watch::Receiver<Changes> {
        self.shared.changes.subscribe()
    }

    /// Who is in the session now.
    pub fn people(&self) -> Vec<Present> {
        self.shared.people.lock().expect("people lock").clone()
    }

    /// Guests waiting for the host's person to say who they are.
    pub fn awaiting(&self) -> Vec<Awaiting> {
        self.shared.awaiting.lock().expect("awaiting lock").clone()
    }

    /// The host's person says whether the guest with `public_key` is the
    /// person the profile without a key stands for (`same`), or someone else.
    pub fn confirm(&self, public_key: &str, same: bool) {
        let _ = self.events.send(Event::Confirm { public_key: public_key.to_string(), same });
    }

    pub fn attempts_left(&self) -> u32 {
        self.shared.pairing.lock().expect("pairing lock").attempts_left()
    }

    /// Replaces the code (e.g. one the host wants to show again, or a fixed
    /// one in tests).
    pub fn set_code(&self, code: PairingCode) {
        *self.shared.pairing.lock().expect("pairing lock") = code;
    }

    /// The host's own person is now editing `editing` (or nothing).
    pub fn editing(&self, editing: Option<Editing>) {
        let _ = self.events.send(Event::LocalEditing(editing));
    }

    pub fn nudger(&self) -> Nudge {
        Nudge(self.events.clone())
    }

    /// Stops hosting (as dropping the handle does).
    pub fn stop(self) {}
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        let _ = self.events.send(Event::Stop);
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// This machine's hosting identity: the one kept in the host's database, or
/// a new one, kept there from now on. Guests pin it, so it stays the same
/// across hostings.
pub fn host_identity(accord: &mut accord_api::Accord) -> accord_api::ApiResult<Identity> {
    // A certificate that cannot be built or read back is Accord's own failure.
    let storage = |e: String| accord_api::ApiError::new(accord_api::ErrorCode::Internal, e);
    if let Some((cert, key)) = accord.session_host_identity()? {
        return Identity::from_der(cert, key).map_err(storage);
    }
    let identity = Identity::generate().map_err(storage)?;
    let (cert, key) = identity.to_der();
    accord.set_session_host_identity(&cert, &key)?;
    Ok(identity)
}

/// Starts hosting `host` on `bind` (port 0 picks a free one). Must be called
/// within a tokio runtime.
pub async fn serve(host: Host, bind: SocketAddr, identity: &Identity) -> std::io::Result<ServerHandle> {
    let listener = TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    let acceptor = TlsAcceptor::from(tls::server_config(identity).map_err(std::io::Error::other)?);
    let pinned = host.accord().session_guests().map_err(|e| std::io::Error::other(e.message))?;
    let shared = Arc::new(Shared {
        pairing: Mutex::new(PairingCode::new()),
        host_cert: identity.fingerprint(),
        pinned: Mutex::new(pinned.into_iter().map(|g| (g.tls_key.clone(), g)).collect()),
        people: Mutex::new(Vec::new()),
        awaiting: Mutex::new(Vec::new()),
        changes: tokio::sync::watch::Sender::new(Changes::default()),
    });
    let (events, inbox) = std::sync::mpsc::channel();
    let handle_events = events.clone();
    let seen = shared.clone();
    std::thread::Builder::new().name("accord-session-host".into()).spawn(move || run_host(host, inbox, &seen))?;

    let (stop, mut stopped) = oneshot::channel();
    let connections = shared.clone();
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = &mut stopped => break,
                accepted = listener.accept() => {
                    let Ok((tcp, _)) = accepted else { continue };
                    let _ = tcp.set_nodelay(true);
                    tokio::spawn(connection(tcp, acceptor.clone(), connections.clone(), events.clone()));
                }
            }
        }
        // Dropping the listener refuses new guests; `ServerHandle`'s drop
        // sends `Stop`, which tells every guest and ends the host thread.
    });
    Ok(ServerHandle { addr, fingerprint: identity.fingerprint(), shared, events: handle_events, stop: Some(stop) })
}

/// The thread that owns the host's database.
fn run_host(mut host: Host, inbox: std::sync::mpsc::Receiver<Event>, shared: &Shared) {
    use std::sync::mpsc::RecvTimeoutError;
    let mut outs: HashMap<PeerId, Out> = HashMap::new();
    let mut waiting = Waiting::new();
    loop {
        match inbox.recv_timeout(REFRESH_EVERY) {
            Ok(Event::Stop) => {
                let end = to_send(&ToGuest::End { reason: "the host ended the planning session".into() });
                for out in outs.values() {
                    let _ = out.send(end.clone());
                }
                break;
            }
            Ok(Event::Look) => {}
            Ok(event) => {
                let items = run_event(&mut host, &mut outs, &mut waiting, shared, event);
                *shared.people.lock().expect("people lock") = host.people();
                shared.changes.send_modify(|c| c.bump(items));
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if let Ok(frames) = host.refresh_if_changed() {
            if !frames.is_empty() {
                let items = send(&outs, frames);
                shared.changes.send_modify(|c| c.bump(items));
            }
        }
    }
}

/// How often, at most, the host looks for changes made outside the session.
const REFRESH_EVERY: Duration = Duration::from_millis(100);

/// A guest waiting for the host's person: who they proved to be, their TLS
/// key, where their frames go, and who waits for the answer.
type Waiter = (Person, String, Out, oneshot::Sender<Result<PeerId, Refused>>);

/// Guests waiting for the host's person, by their signing key.
type Waiting = HashMap<String, Waiter>;

fn refusal(e: &ApiError) -> Refused {
    let kind = match e.code {
        ErrorCode::SeatHeld => Refusal::SeatHeld,
        ErrorCode::WrongKey => Refusal::WrongKey,
        _ => Refusal::Other,
    };
    (kind, e.message.clone())
}

/// Lets a guest in, or says why not. `confirmed` is the host's person's
/// answer when the guest was waiting for one.
fn admit(
    host: &mut Host,
    outs: &mut HashMap<PeerId, Out>,
    waiting: &mut Waiting,
    shared: &Shared,
    (who, out, reply): (Joining, Out, oneshot::Sender<Result<PeerId, Refused>>),
    confirmed: Option<bool>,
) -> bool {
    let roadmap = host.roadmap_id();
    let admitted = match &who {
        Joining::Resumed { public_key } => host
            .accord_mut()
            .readmit_guest(roadmap, public_key)
            .map(|p| Admission::Admitted { profile: p, first_time: false }),
        Joining::Paired { person, .. } => host.accord_mut().admit_guest(roadmap, person, confirmed),
    };
    let (profile, first_time) = match admitted {
        Ok(Admission::Admitted { profile, first_time }) => (profile, first_time),
        Ok(Admission::Confirm { placeholder }) => {
            let Joining::Paired { person, tls_key } = who else { return false };
            if waiting.contains_key(&person.public_key) {
                let why = "you are already waiting for the host to confirm who you are".to_string();
                let _ = reply.send(Err((Refusal::NotConfirmed, why)));
                return false;
            }
            let fingerprint =
                accord_domain::PublicKey::from_hex(&person.public_key).map(|k| k.fingerprint()).unwrap_or_default();
            shared.awaiting.lock().expect("awaiting lock").push(Awaiting {
                person: person.clone(),
                fingerprint,
                placeholder: placeholder.name,
            });
            waiting.insert(person.public_key.clone(), (person, tls_key, out, reply));
            return false;
        }
        Err(e) => {
            let _ = reply.send(Err(refusal(&e)));
            return false;
        }
    };
    if let Joining::Paired { person, tls_key } = &who {
        // Kept so a reconnect with this device resumes as this person, also
        // after the host restarts.
        let pin = PinnedGuest {
            tls_key: tls_key.clone(),
            public_key: person.public_key.clone(),
            name: profile.name.clone(),
            role: profile.role,
        };
        let _ = host.accord_mut().pin_session_guest(&pin);
        shared.pinned.lock().expect("pinned lock").insert(tls_key.clone(), pin);
    }
    match host.connect_as(profile.id, first_time) {
        Ok((peer, frames)) => {
            outs.insert(peer, out);
            let items = send(outs, frames);
            let _ = reply.send(Ok(peer));
            items
        }
        Err(e) => {
            let _ = reply.send(Err(refusal(&e)));
            false
        }
    }
}

fn stop_waiting(shared: &Shared, waiting: &mut Waiting, public_key: &str) -> Option<Waiter> {
    shared.awaiting.lock().expect("awaiting lock").retain(|a| a.person.public_key != public_key);
    waiting.remove(public_key)
}

/// Handles one event; says whether the roadmap's items changed.
fn run_event(
    host: &mut Host,
    outs: &mut HashMap<PeerId, Out>,
    waiting: &mut Waiting,
    shared: &Shared,
    event: Event,
) -> bool {
    match event {
        Event::Join { who, out, reply } => admit(host, outs, waiting, shared, (who, out, reply), None),
        Event::Confirm { public_key, same } => match stop_waiting(shared, waiting, &public_key) {
            Some((person, tls_key, out, reply)) => {
                admit(host, outs, waiting, shared, (Joining::Paired { person, tls_key }, out, reply), Some(same))
            }
            None => false,
        },
        Event::Abandon { public_key } => {
            stop_waiting(shared, waiting, &public_key);
            false
        }
        Event::Frame { peer, frame } => match host.receive(peer, frame) {
            Ok(replies) => send(outs, replies),
            // Storage failed: the op was not logged; the guest re-sends
            // it after reconnecting.
            Err(e) => {
                if let Some(out) = outs.remove(&peer) {
                    let _ = out.send(to_send(&ToGuest::Bye { reason: e.message }));
                }
                let left = host.disconnect(peer);
                send(outs, left)
            }
        },
        Event::Gone { peer } => {
            outs.remove(&peer);
            let left = host.disconnect(peer);
            send(outs, left)
        }
        Event::LocalEditing(editing) => {
            let moved = host.set_local_editing(editing);
            send(outs, moved)
        }
        Event::LocalPerson(profile) => match host.set_local(profile, None) {
            Ok(moved) => send(outs, moved),
            Err(_) => false,
        },
        Event::Look | Event::Stop => false,
    }
}

/// Sends each frame to its guest; says whether any carried items.
fn send(outs: &HashMap<PeerId, Out>, frames: crate::host::Outbox) -> bool {
    let mut items = false;
    for (to, frame) in frames {
        items |= matches!(frame, ToGuest::Applied { .. } | ToGuest::Changed { .. } | ToGuest::Touched);
        if let Some(out) = outs.get(&to) {
            let _ = out.send(to_send(&frame));
        }
    }
    items
}

/// A frame as it goes to a guest's connection: its bytes, and whether the
/// connection closes after it.
fn to_send(frame: &ToGuest) -> (Vec<u8>, bool) {
    (encode(frame), matches!(frame, ToGuest::Bye { .. } | ToGuest::End { .. }))
}

async fn connection(
    tcp: TcpStream,
    acceptor: TlsAcceptor,
    shared: Arc<Shared>,
    events: std::sync::mpsc::Sender<Event>,
) {
    let Ok(Ok(tls)) = tokio::time::timeout(PAIRING_DEADLINE, acceptor.accept(tcp)).await else { return };
    let (binding, guest_key) = {
        let (_, conn) = tls.get_ref();
        let Ok(binding) = conn.export_keying_material([0u8; 32], tls::EXPORTER_LABEL, None) else { return };
        let Some(cert) = conn.peer_certificates().and_then(|c| c.first()) else { return };
        (binding, tls::fingerprint(cert))
    };
    let (mut reader, mut writer) = split(tls);
    let paired =
        tokio::time::timeout(PAIRING_DEADLINE, pair(&mut reader, &mut writer, &shared, &binding, &guest_key)).await;
    let Ok(Some(who)) = paired else { return };
    let waits_for = match &who {
        Joining::Paired { person, .. } => person.public_key.clone(),
        Joining::Resumed { public_key } => public_key.clone(),
    };

    let (out, mut outgoing) = mpsc::unbounded_channel::<(Vec<u8>, bool)>();
    let (reply, joined) = oneshot::channel();
    if events.send(Event::Join { who, out: out.clone(), reply }).is_err() {
        return;
    }
    let refused = |(code, reason): Refused| encode_pair(&PairFrame::Refused { reason, code: Some(code) });
    let peer = match tokio::time::timeout(CONFIRM_DEADLINE, joined).await {
        Ok(Ok(Ok(peer))) => peer,
        Ok(Ok(Err(why))) => {
            let _ = write_frame(&mut writer, &refused(why)).await;
            return;
        }
        Ok(Err(_)) => return,
        Err(_) => {
            let _ = events.send(Event::Abandon { public_key: waits_for });
            let why = (Refusal::NotConfirmed, "the host did not confirm who you are in time; join again".to_string());
            let _ = write_frame(&mut writer, &refused(why)).await;
            return;
        }
    };
    let writing = tokio::spawn(async move {
        while let Some((bytes, last)) = outgoing.recv().await {
            if write_frame(&mut writer, &bytes).await.is_err() || last {
                break;
            }
        }
        let _ = tokio::io::AsyncWriteExt::shutdown(&mut writer).await;
    });
    loop {
        let frame = match read_frame(&mut reader).await {
            Ok(Some(bytes)) => decode::<ToHost>(&bytes).map_err(|e| e.to_string()),
            Ok(None) => break,
            Err(WireError::Frame(e)) => Err(e.to_string()),
            Err(WireError::Io(_)) => break,
        };
        match frame {
            Ok(frame) => {
                if events.send(Event::Frame { peer, frame }).is_err() {
                    break;
                }
            }
            Err(reason) => {
                let _ = out.send(to_send(&ToGuest::Bye { reason }));
                break;
            }
        }
    }
    let _ = events.send(Event::Gone { peer });
    drop(out);
    let _ = writing.await;
}

/// The host's half of pairing (or of resuming with a pinned key): who the
/// guest proved to be, or `None` (it was told why, where there was
/// something to tell).
async fn pair<R, W>(reader: &mut R, writer: &mut W, shared: &Shared, binding: &[u8], guest_key: &str) -> Option<Joining>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let refuse =
        |code: Refusal, reason: &str| encode_pair(&PairFrame::Refused { reason: reason.to_string(), code: Some(code) });
    let first = read_frame(reader).await.ok()??;
    let frame = serde_json::from_slice::<PairFrame>(&first);
    let v = match &frame {
        Ok(PairFrame::Hello { v, .. } | PairFrame::Resume { v, .. }) => *v,
        _ => {
            let reason = "pair first: nothing is read or written before pairing";
            let _ = write_frame(writer, &refuse(Refusal::Other, reason)).await;
            return None;
        }
    };
    if v != PROTOCOL_VERSION {
        let _ = write_frame(writer, &refuse(Refusal::UpdateRequired, &version_mismatch(v))).await;
        return None;
    }
    let spake = match frame {
        Ok(PairFrame::Hello { spake, .. }) => spake,
        Ok(PairFrame::Resume { public_key, .. }) => {
            // Resuming: the pinned TLS key is the credential, for the
            // signing key it was pinned to.
            let pinned = shared.pinned.lock().expect("pinned lock").get(guest_key).cloned();
            let refused = match pinned {
                None => (
                    Refusal::NotPaired,
                    "this device is not paired with this session: join again with a new code".to_string(),
                ),
                Some(p) if p.public_key.is_empty() => (
                    Refusal::NotPaired,
                    "this device paired before Accord proved keys at pairing: join again with a new code".to_string(),
                ),
                Some(p) if p.public_key != public_key => (
                    Refusal::WrongKey,
                    format!(
                        "this device paired as {} ({}); another person's key cannot resume it: join with a new code",
                        p.name,
                        p.role.label()
                    ),
                ),
                Some(_) => return Some(Joining::Resumed { public_key }),
            };
            let _ = write_frame(writer, &refuse(refused.0, &refused.1)).await;
            return None;
        }
        _ => return None,
    };
    let code = shared.pairing.lock().expect("pairing lock").attempt();
    let code = match code {
        Ok(code) => code,
        Err(reason) => {
            let _ = write_frame(writer, &refuse(Refusal::Code, reason)).await;
            return None;
        }
    };
    let (state, message) = pairing::host_start(&code);
    let key = hex::decode(&spake).ok().and_then(|m| state.finish(&m).ok())?;
    let challenge = PairFrame::Challenge {
        spake: hex::encode(message),
        confirm: hex::encode(pairing::confirmation(&key, FROM_HOST, binding)),
    };
    write_frame(writer, &encode_pair(&challenge)).await.ok()?;
    let confirm = read_frame(reader).await.ok()??;
    let proof = match serde_json::from_slice::<PairFrame>(&confirm) {
        Ok(PairFrame::Confirm { confirm, proof }) if pairing::confirms(&key, FROM_GUEST, binding, &confirm) => proof,
        _ => {
            let _ = write_frame(writer, &refuse(Refusal::Code, "wrong pairing code")).await;
            return None;
        }
    };
    // The code was right: it is spent (the next guest gets a new one).
    *shared.pairing.lock().expect("pairing lock") = PairingCode::new();
    let tls = TlsBinding { exporter: binding, host_cert: &shared.host_cert, guest_cert: guest_key };
    match proof.as_ref().map(|p: &PossessionProof| p.verify(&tls)) {
        Some(Ok(_)) => {}
        _ => {
            let reason = "the proof of your signing key does not hold for this connection; nothing was written";
            let _ = write_frame(writer, &refuse(Refusal::WrongKey, reason)).await;
            return None;
        }
    }
    let person = proof.map(|p| p.person)?;
    Some(Joining::Paired { person, tls_key: guest_key.to_string() })
}

pub(crate) fn encode_pair(frame: &PairFrame) -> Vec<u8> {
    serde_json::to_vec(frame).expect("pairing frames always serialize")
}
