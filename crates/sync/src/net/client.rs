//! The guest's connection: pair with the host's code, then keep a
//! [`Guest`] copy in step with the host's frames.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use accord_api::RemoteOp;
use accord_domain::{Item, Role};
use tokio::io::{split, ReadHalf, WriteHalf};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use super::pairing::{self, PairFrame, FROM_GUEST, FROM_HOST};
use super::server::encode_pair;
use super::tls;
use super::wire::{read_frame, write_frame};
use crate::guest::{Guest, OpState};
use crate::protocol::{decode, encode, Editing, Present, ToGuest, ToHost, PROTOCOL_VERSION};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JoinError {
    #[error("cannot reach the host: {0}")]
    Unreachable(String),
    #[error("wrong pairing code")]
    WrongCode,
    #[error("the host refused: {0}")]
    Refused(String),
    #[error("the host does not speak Accord's session protocol: {0}")]
    Protocol(String),
}

/// A paired TLS connection to the host, before any session frame.
pub struct PairedStream {
    pub reader: ReadHalf<TlsStream<TcpStream>>,
    pub writer: WriteHalf<TlsStream<TcpStream>>,
}

const CONNECT_DEADLINE: Duration = Duration::from_secs(10);

/// Connects to `addr` and pairs with `code` as `name` in `role`.
pub async fn connect_paired(addr: SocketAddr, code: &str, name: &str, role: Role) -> Result<PairedStream, JoinError> {
    let (PairedStream { mut reader, mut writer }, binding) = connect_tls(addr).await?;
    let lost = |e: &dyn std::fmt::Display| JoinError::Unreachable(e.to_string());

    let (state, message) = pairing::guest_start(code);
    let hello = PairFrame::Hello { v: PROTOCOL_VERSION, name: name.to_string(), role, spake: hex::encode(message) };
    write_frame(&mut writer, &encode_pair(&hello)).await.map_err(|e| lost(&e))?;
    let reply = read_frame(&mut reader)
        .await
        .map_err(|e| lost(&e))?
        .ok_or_else(|| JoinError::Unreachable("the host closed the connection".into()))?;
    let (spake, confirm) = match serde_json::from_slice::<PairFrame>(&reply) {
        Ok(PairFrame::Challenge { spake, confirm }) => (spake, confirm),
        Ok(PairFrame::Refused { reason }) => return Err(JoinError::Refused(reason)),
        _ => return Err(JoinError::Protocol("an unexpected pairing reply".into())),
    };
    let key = hex::decode(spake)
        .ok()
        .and_then(|m| state.finish(&m).ok())
        .ok_or_else(|| JoinError::Protocol("a malformed pairing reply".into()))?;
    if !pairing::confirms(&key, FROM_HOST, &binding, &confirm) {
        // A wrong code (or someone in between): say nothing more.
        return Err(JoinError::WrongCode);
    }
    let ours = PairFrame::Confirm { confirm: hex::encode(pairing::confirmation(&key, FROM_GUEST, &binding)) };
    write_frame(&mut writer, &encode_pair(&ours)).await.map_err(|e| lost(&e))?;
    Ok(PairedStream { reader, writer })
}

/// A TLS connection to the host, not yet paired (the host reads nothing
/// from it but pairing frames), and the session's exported keying material.
pub async fn connect_tls(addr: SocketAddr) -> Result<(PairedStream, [u8; 32]), JoinError> {
    let unreachable = |e: &dyn std::fmt::Display| JoinError::Unreachable(e.to_string());
    let tcp = tokio::time::timeout(CONNECT_DEADLINE, TcpStream::connect(addr))
        .await
        .map_err(|e| unreachable(&e))?
        .map_err(|e| unreachable(&e))?;
    let _ = tcp.set_nodelay(true);
    let connector = TlsConnector::from(tls::client_config().map_err(|e| JoinError::Protocol(e))?);
    let server_name = rustls::pki_types::ServerName::try_from(tls::SERVER_NAME).expect("a valid name").to_owned();
    let tls = tokio::time::timeout(CONNECT_DEADLINE, connector.connect(server_name, tcp))
        .await
        .map_err(|e| unreachable(&e))?
        .map_err(|e| JoinError::Protocol(e.to_string()))?;
    let binding = tls
        .get_ref()
        .1
        .export_keying_material([0u8; 32], tls::EXPORTER_LABEL, None)
        .map_err(|e| JoinError::Protocol(e.to_string()))?;
    let (reader, writer) = split(tls);
    Ok((PairedStream { reader, writer }, binding))
}

/// A guest in a session: its copy of the roadmap and its ops, kept in step
/// by a task that reads the host's frames.
pub struct GuestHandle {
    guest: Arc<Mutex<Guest>>,
    out: mpsc::UnboundedSender<Vec<u8>>,
    changes: watch::Receiver<u64>,
    closed: Arc<Mutex<Option<String>>>,
}

/// Pairs, waits for the host's snapshot, and returns the running guest.
pub async fn join(addr: SocketAddr, code: &str, name: &str, role: Role) -> Result<GuestHandle, JoinError> {
    let PairedStream { mut reader, mut writer } = connect_paired(addr, code, name, role).await?;
    let first = read_frame(&mut reader).await.map_err(|e| JoinError::Unreachable(e.to_string()))?;
    let mut guest = Guest::new();
    match first.as_deref().map(decode::<ToGuest>) {
        Some(Ok(snapshot @ ToGuest::Snapshot { .. })) => {
            guest.receive(snapshot);
        }
        Some(Ok(ToGuest::Bye { reason })) => return Err(JoinError::Refused(reason)),
        Some(Ok(_)) | Some(Err(_)) => return Err(JoinError::Protocol("no snapshot after pairing".into())),
        None => return Err(JoinError::WrongCode),
    }
    let guest = Arc::new(Mutex::new(guest));
    let (out, mut outgoing) = mpsc::unbounded_channel::<Vec<u8>>();
    let (changed, changes) = watch::channel(0u64);
    let closed = Arc::new(Mutex::new(None));

    tokio::spawn(async move {
        while let Some(bytes) = outgoing.recv().await {
            if write_frame(&mut writer, &bytes).await.is_err() {
                break;
            }
        }
    });
    let (copy, resend, why) = (guest.clone(), out.clone(), closed.clone());
    tokio::spawn(async move {
        let reason = loop {
            let bytes = match read_frame(&mut reader).await {
                Ok(Some(bytes)) => bytes,
                Ok(None) => break "the host closed the session".to_string(),
                Err(e) => break e.to_string(),
            };
            let frame = match decode::<ToGuest>(&bytes) {
                Ok(frame) => frame,
                Err(e) => break e.to_string(),
            };
            let bye = match &frame {
                ToGuest::Bye { reason } => Some(reason.clone()),
                _ => None,
            };
            let replies = copy.lock().expect("guest lock").receive(frame);
            for reply in replies {
                let _ = resend.send(encode(&reply));
            }
            changed.send_modify(|n| *n += 1);
            if let Some(reason) = bye {
                break reason;
            }
        };
        copy.lock().expect("guest lock").disconnected();
        *why.lock().expect("closed lock") = Some(reason);
        changed.send_modify(|n| *n += 1);
    });
    Ok(GuestHandle { guest, out, changes, closed })
}

impl GuestHandle {
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

    pub fn state(&self, client_op_id: &str) -> Option<OpState> {
        self.guest.lock().expect("guest lock").state(client_op_id).cloned()
    }

    /// Why the connection ended, once it has.
    pub fn closed(&self) -> Option<String> {
        self.closed.lock().expect("closed lock").clone()
    }

    /// Waits until `ready` holds for the guest's copy, or `timeout` passes.
    pub async fn wait_for(&self, timeout: Duration, ready: impl Fn(&GuestHandle) -> bool) -> bool {
        let mut changes = self.changes.clone();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if ready(self) {
                return true;
            }
            match tokio::time::timeout_at(deadline, changes.changed()).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) => return ready(self),
                Err(_) => return false,
            }
        }
    }
}
