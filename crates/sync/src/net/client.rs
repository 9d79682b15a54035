//! The guest's task: after the handshake, keep a [`Guest`] copy in step
//! with the host's frames. When the connection drops, the copy stays
//! readable, edits queue, and the guest comes back on its own with its
//! pinned key (no new code), re-sending what was not answered.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use accord_api::{ApiError, ErrorCode, RemoteOp, RemoteRead};
use accord_domain::{Item, ItemId, Keypair, Person, Roadmap, Role};
use tokio::sync::{mpsc, watch};

use super::handshake::{connect_paired, first_frame, resume, unreachable, JoinError, PairedStream};
use super::tls::Identity;
use super::wire::{read_frame, write_frame};
use super::Changes;
use crate::guest::{Guest, OpState};
use crate::protocol::{decode, encode, Editing, Present, ToGuest, ToHost};

/// The connection as the guest's UI shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    Connected,
    /// Lost; trying again. Edits queue meanwhile.
    Reconnecting {
        reason: String,
    },
    /// Over: the host ended the session, refused to take this guest back
    /// (or now shares another roadmap), or the guest left.
    Closed {
        reason: String,
    },
}

/// A guest in a session: its copy of the roadmap and its ops, kept in step
/// by a task that talks to the host and reconnects when the link drops.
pub struct GuestHandle {
    reads: Reads,
    next_read: Arc<std::sync::atomic::AtomicU64>,
    addr: SocketAddr,
    host_key: String,
    guest: Arc<Mutex<Guest>>,
    out: mpsc::UnboundedSender<Vec<u8>>,
    changes: watch::Receiver<Changes>,
    connection: Arc<Mutex<Connection>>,
    leave: Option<tokio::sync::oneshot::Sender<()>>,
}

/// How long to wait before reconnecting, after each failed try.
const RETRY: [Duration; 4] =
    [Duration::from_millis(100), Duration::from_millis(300), Duration::from_secs(1), Duration::from_secs(3)];

/// Pairs as a person made for this session only (a key of its own, never
/// kept), waits for the host's snapshot, and returns the running guest:
/// for a guest without a profile of its own, such as a test.
pub async fn join(addr: SocketAddr, code: &str, name: &str, role: Role) -> Result<GuestHandle, JoinError> {
    let seed: [u8; 32] = rand::random();
    let key = Keypair::from_seed(&seed);
    let person = Person {
        uid: uuid::Uuid::new_v4().to_string(),
        name: name.to_string(),
        role,
        public_key: key.public().to_hex(),
    };
    join_as(addr, Identity::generate().map_err(JoinError::Protocol)?, code, &person, &key).await
}

/// Pairs as `person`, proving with `key` (theirs, opened for this only)
/// that they hold it; `identity` is this machine's TLS key, kept so it can
/// rejoin later without a code.
pub async fn join_as(
    addr: SocketAddr,
    identity: Identity,
    code: &str,
    person: &Person,
    key: &Keypair,
) -> Result<GuestHandle, JoinError> {
    let (mut stream, host_key) = connect_paired(addr, &identity, code, person, key).await?;
    let snapshot = first_frame(&mut stream).await?;
    Ok(start(addr, identity, host_key, person.public_key.clone(), stream, snapshot))
}

/// Comes back to a host paired before, without a code, as the person with
/// `public_key`: both TLS keys must be the pinned ones, and the person the
/// one this device paired as.
pub async fn rejoin(
    addr: SocketAddr,
    identity: Identity,
    host_key: &str,
    public_key: &str,
) -> Result<GuestHandle, JoinError> {
    let mut stream = resume(addr, &identity, host_key, public_key).await?;
    let snapshot = first_frame(&mut stream).await?;
    Ok(start(addr, identity, host_key.to_string(), public_key.to_string(), stream, snapshot))
}

fn start(
    addr: SocketAddr,
    identity: Identity,
    host_key: String,
    public_key: String,
    stream: PairedStream,
    snapshot: ToGuest,
) -> GuestHandle {
    let mut guest = Guest::new();
    guest.receive(snapshot);

    let guest = Arc::new(Mutex::new(guest));
    let (out, outgoing) = mpsc::unbounded_channel::<Vec<u8>>();
    let (changed, changes) = watch::channel(Changes::default());
    let connection = Arc::new(Mutex::new(Connection::Connected));
    let (leave, left) = tokio::sync::oneshot::channel();
    let reads = Reads::default();
    let session = Session {
        reads: reads.clone(),
        addr,
        identity,
        public_key,
        host_key: host_key.clone(),
        guest: guest.clone(),
        out: out.clone(),
        changed,
        connection: connection.clone(),
    };
    tokio::spawn(session.run(stream, outgoing, left));
    GuestHandle {
        reads,
        next_read: Arc::new(std::sync::atomic::AtomicU64::new(1)),
        addr,
        host_key,
        guest,
        out,
        changes,
        connection,
        leave: Some(leave),
    }
}

/// Reads sent to the host and not answered yet, by their id.
type Reads = Arc<Mutex<std::collections::HashMap<u64, tokio::sync::oneshot::Sender<ReadAnswer>>>>;

/// What the host answered to a read.
pub type ReadAnswer = Result<serde_json::Value, ApiError>;

struct Session {
    reads: Reads,
    addr: SocketAddr,
    identity: Identity,
    /// The signing key of the person this device paired as.
    public_key: String,
    host_key: String,
    guest: Arc<Mutex<Guest>>,
    out: mpsc::UnboundedSender<Vec<u8>>,
    changed: watch::Sender<Changes>,
    connection: Arc<Mutex<Connection>>,
}

/// How one connection ended.
enum Ended {
    /// Lost (or closed by the host over a bad frame): come back.
    Lost(String),
    /// The host ended the session: do not come back.
    Over(String),
}

impl Session {
    fn set(&self, state: Connection) {
        *self.connection.lock().expect("connection lock") = state;
        self.changed.send_modify(|c| c.bump(false));
    }

    async fn run(
        self,
        mut stream: PairedStream,
        mut outgoing: mpsc::UnboundedReceiver<Vec<u8>>,
        mut left: tokio::sync::oneshot::Receiver<()>,
    ) {
        loop {
            let (ended, back) = tokio::select! {
                ended = self.connected(stream, outgoing) => ended,
                _ = &mut left => break,
            };
            outgoing = back;
            self.guest.lock().expect("guest lock").disconnected();
            // Reads in flight are lost with the link: their askers are told.
            for (_, waiting) in self.reads.lock().expect("reads lock").drain() {
                let _ = waiting.send(Err(out_of_reach()));
            }
            let reason = match ended {
                Ended::Lost(reason) => reason,
                Ended::Over(reason) => return self.set(Connection::Closed { reason }),
            };
            self.set(Connection::Reconnecting { reason });
            // Frames queued for the lost connection are dropped: the guest
            // re-sends every unanswered op (and its presence) on the snapshot.
            while outgoing.try_recv().is_ok() {}
            let mut attempt = 0;
            stream = loop {
                let wait = RETRY[attempt.min(RETRY.len() - 1)];
                attempt += 1;
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = &mut left => return self.set(Connection::Closed { reason: "left the session".into() }),
                }
                match self.reconnect().await {
                    Ok(stream) => break stream,
                    Err(JoinError::Unreachable(reason)) => {
                        self.set(Connection::Reconnecting { reason });
                    }
                    Err(refused) => return self.set(Connection::Closed { reason: refused.to_string() }),
                }
            };
        }
        self.set(Connection::Closed { reason: "left the session".into() });
    }

    async fn reconnect(&self) -> Result<PairedStream, JoinError> {
        let mut stream = resume(self.addr, &self.identity, &self.host_key, &self.public_key).await?;
        let snapshot = first_frame(&mut stream).await?;
        // The same host may since share another roadmap: that is not this session.
        let joined = self.guest.lock().expect("guest lock").roadmap().map(|r| r.id);
        if let (ToGuest::Snapshot { roadmap, .. }, Some(joined)) = (&snapshot, joined) {
            if roadmap.id != joined {
                return Err(JoinError::Refused(format!("the host now shares another roadmap (“{}”)", roadmap.name)));
            }
        }
        let resend = self.guest.lock().expect("guest lock").receive(snapshot);
        for frame in resend {
            if let Err(e) = write_frame(&mut stream.writer, &encode(&frame)).await {
                self.guest.lock().expect("guest lock").disconnected();
                return Err(unreachable(&e));
            }
        }
        self.set(Connection::Connected);
        self.changed.send_modify(|c| c.bump(true));
        Ok(stream)
    }

    /// Runs one connection until it ends; returns how, and the queue of
    /// frames to send (kept for the next connection). Frames are read and
    /// applied here, on arrival; a task of its own writes.
    async fn connected(
        &self,
        stream: PairedStream,
        mut outgoing: mpsc::UnboundedReceiver<Vec<u8>>,
    ) -> (Ended, mpsc::UnboundedReceiver<Vec<u8>>) {
        let PairedStream { mut reader, mut writer } = stream;
        let (stop_writing, mut stopped) = tokio::sync::oneshot::channel::<()>();
        let mut writing = tokio::spawn(async move {
            let failed = loop {
                tokio::select! {
                    _ = &mut stopped => break None,
                    bytes = outgoing.recv() => match bytes {
                        Some(bytes) => {
                            if let Err(e) = write_frame(&mut writer, &bytes).await {
                                break Some(e.to_string());
                            }
                        }
                        None => break None,
                    },
                }
            };
            (outgoing, failed)
        });
        // The queue, handed back by a writer that ended first.
        let mut written = None;
        let ended = loop {
            // A failed write ends the connection too (reading is abandoned
            // mid-frame then, which is fine: the connection is dropped).
            let read = tokio::select! {
                read = read_frame(&mut reader) => read,
                done = &mut writing => {
                    let (outgoing, failed) = done.expect("the writer does not panic");
                    written = Some(outgoing);
                    break Ended::Lost(failed.unwrap_or_else(|| "the connection closed".into()));
                }
            };
            let bytes = match read {
                Ok(Some(bytes)) => bytes,
                Ok(None) => break Ended::Lost("the host closed the connection".to_string()),
                Err(e) => break Ended::Lost(e.to_string()),
            };
            let frame = match decode::<ToGuest>(&bytes) {
                Ok(frame) => frame,
                Err(e) => break Ended::Lost(e.to_string()),
            };
            let ended = match &frame {
                ToGuest::Bye { reason } => Some(Ended::Lost(reason.clone())),
                ToGuest::End { reason } => Some(Ended::Over(reason.clone())),
                _ => None,
            };
            let items = match &frame {
                ToGuest::Snapshot { .. } | ToGuest::Changed { .. } | ToGuest::Applied { .. } | ToGuest::Touched => true,
                ToGuest::Rejected { error, .. } => error.current.is_some(),
                _ => false,
            };
            if let ToGuest::Answer { id, answer } = frame {
                if let Some(waiting) = self.reads.lock().expect("reads lock").remove(&id) {
                    let _ = waiting.send(answer);
                }
                continue;
            }
            let replies = self.guest.lock().expect("guest lock").receive(frame);
            self.changed.send_modify(|c| c.bump(items));
            if let Some(ended) = ended {
                break ended;
            }
            for reply in replies {
                let _ = self.out.send(encode(&reply));
            }
        };
        let _ = stop_writing.send(());
        let outgoing = match written {
            Some(outgoing) => outgoing,
            None => writing.await.expect("the writer does not panic").0,
        };
        (ended, outgoing)
    }
}

fn out_of_reach() -> ApiError {
    ApiError::new(ErrorCode::SessionUnavailable, "the host is out of reach; this is read again when the link is back")
}

/// How long a read waits for the host's answer.
const READ_WAIT: Duration = Duration::from_secs(10);

impl GuestHandle {
    /// Reads from the host's file, with this guest's rights. Needs the
    /// link: while it is down the answer is that the host is out of reach.
    pub async fn read(&self, read: RemoteRead) -> ReadAnswer {
        self.reader().read(read).await
    }

    /// What reads the host and the copy, holding no borrow of this handle
    /// (so a window can await an answer without holding its lock).
    pub fn reader(&self) -> Reader {
        Reader {
            reads: self.reads.clone(),
            next_read: self.next_read.clone(),
            out: self.out.clone(),
            connection: self.connection.clone(),
            guest: self.guest.clone(),
        }
    }

    /// Sends `op` (or keeps it for later if the connection is down); returns its id.
    pub fn submit(&self, op: RemoteOp) -> String {
        let (id, frame) = self.guest.lock().expect("guest lock").submit(op);
        if let Some(frame) = frame {
            let _ = self.out.send(encode::<ToHost>(&frame));
        }
        id
    }

    /// Tells the session what this guest is editing now.
    pub fn editing(&self, editing: Option<Editing>) {
        if let Some(frame) = self.guest.lock().expect("guest lock").editing(editing) {
            let _ = self.out.send(encode(&frame));
        }
    }

    pub fn people(&self) -> Vec<Present> {
        self.guest.lock().expect("guest lock").people().to_vec()
    }

    pub fn items(&self) -> Vec<Item> {
        self.guest.lock().expect("guest lock").items()
    }

    /// The copy with this guest's unanswered changes laid over it; once
    /// the session is over, just the copy (nothing more will be sent).
    pub fn items_as_sent(&self) -> Vec<Item> {
        let closed = matches!(self.connection(), Connection::Closed { .. });
        let guest = self.guest.lock().expect("guest lock");
        if closed {
            guest.items()
        } else {
            guest.items_as_sent()
        }
    }

    /// Changes not answered yet, oldest first.
    pub fn unanswered(&self) -> Vec<(String, RemoteOp)> {
        self.guest.lock().expect("guest lock").unanswered().iter().cloned().collect()
    }

    pub fn item(&self, id: ItemId) -> Option<Item> {
        self.guest.lock().expect("guest lock").item(id).cloned()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The host's key, pinned at pairing.
    pub fn host_key(&self) -> &str {
        &self.host_key
    }

    /// The host's roadmap (from its snapshot).
    pub fn roadmap(&self) -> Option<Roadmap> {
        self.guest.lock().expect("guest lock").roadmap().cloned()
    }

    /// Changes whenever a frame arrived or the connection changed.
    pub fn changes(&self) -> watch::Receiver<Changes> {
        self.changes.clone()
    }

    /// Something to await the host's answer to op `id` with, holding no
    /// borrow of this handle.
    pub fn answer_waiter(&self, id: &str) -> AnswerWaiter {
        AnswerWaiter {
            guest: self.guest.clone(),
            connection: self.connection.clone(),
            changes: self.changes.clone(),
            id: id.to_string(),
        }
    }

    pub fn state(&self, client_op_id: &str) -> Option<OpState> {
        self.guest.lock().expect("guest lock").state(client_op_id).cloned()
    }

    /// Ops not answered yet (sent, or queued while disconnected).
    pub fn pending(&self) -> usize {
        self.guest.lock().expect("guest lock").pending()
    }

    pub fn connection(&self) -> Connection {
        self.connection.lock().expect("connection lock").clone()
    }

    /// Leaves the session (the copy stays readable).
    pub fn leave(&mut self) {
        if let Some(leave) = self.leave.take() {
            let _ = leave.send(());
        }
    }

    /// Waits until `ready` holds, or `timeout` passes.
    pub async fn wait_for(&self, timeout: Duration, ready: impl Fn(&GuestHandle) -> bool) -> bool {
        until(self.changes.clone(), timeout, || ready(self)).await
    }
}

/// Reads the host's file and the guest's copy.
#[derive(Clone)]
pub struct Reader {
    reads: Reads,
    next_read: Arc<std::sync::atomic::AtomicU64>,
    out: mpsc::UnboundedSender<Vec<u8>>,
    connection: Arc<Mutex<Connection>>,
    guest: Arc<Mutex<Guest>>,
}

impl Reader {
    /// Reads from the host's file, with this guest's rights.
    pub async fn read(&self, read: RemoteRead) -> ReadAnswer {
        if *self.connection.lock().expect("connection lock") != Connection::Connected {
            return Err(out_of_reach());
        }
        let id = self.next_read.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (answer, answered) = tokio::sync::oneshot::channel();
        self.reads.lock().expect("reads lock").insert(id, answer);
        let _ = self.out.send(encode::<ToHost>(&ToHost::Read { id, read }));
        match tokio::time::timeout(READ_WAIT, answered).await {
            Ok(Ok(answer)) => answer,
            _ => {
                self.reads.lock().expect("reads lock").remove(&id);
                Err(out_of_reach())
            }
        }
    }

    /// An item as the guest's copy holds it.
    pub fn item(&self, id: ItemId) -> Option<Item> {
        self.guest.lock().expect("guest lock").item(id).cloned()
    }

    /// The host's roadmap (from its snapshot).
    pub fn roadmap(&self) -> Option<Roadmap> {
        self.guest.lock().expect("guest lock").roadmap().cloned()
    }
}

/// Waits for the host's answer to one op.
pub struct AnswerWaiter {
    guest: Arc<Mutex<Guest>>,
    connection: Arc<Mutex<Connection>>,
    changes: watch::Receiver<Changes>,
    id: String,
}

impl AnswerWaiter {
    /// The op's answer, or `Pending` if none came within `timeout` or the
    /// link dropped first (the op waits in the outbox, to be sent again).
    pub async fn wait(self, timeout: Duration) -> OpState {
        let state = || self.guest.lock().expect("guest lock").state(&self.id).cloned().unwrap_or(OpState::Pending);
        let connected = || *self.connection.lock().expect("connection lock") == Connection::Connected;
        until(self.changes.clone(), timeout, || state() != OpState::Pending || !connected()).await;
        state()
    }
}

/// Waits until `ready` holds (looking again at every change of the
/// session) or `timeout` passes; says whether it held.
async fn until(mut changes: watch::Receiver<Changes>, timeout: Duration, ready: impl Fn() -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if ready() {
            return true;
        }
        match tokio::time::timeout_at(deadline, changes.changed()).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) => return ready(),
            Err(_) => return false,
        }
    }
}

impl Drop for GuestHandle {
    fn drop(&mut self) {
        self.leave();
    }
}
