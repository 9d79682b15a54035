//! The guest's side of meeting a host: TLS, then pairing on the host's
//! code with proof of the guest's signing key, or resuming with the pinned
//! keys; then the host's first frame.

use std::net::SocketAddr;
use std::time::Duration;

use accord_domain::{Keypair, Person, PossessionProof, TlsBinding};
use tokio::io::{split, ReadHalf, WriteHalf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use super::pairing::{self, PairFrame, Refusal, FROM_GUEST, FROM_HOST};
use super::server::encode_pair;
use super::tls::{self, Identity};
use super::wire::{read_frame, write_frame};
use crate::protocol::{decode, ToGuest, PROTOCOL_VERSION};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JoinError {
    #[error("cannot reach the host: {0}")]
    Unreachable(String),
    #[error("wrong pairing code")]
    WrongCode,
    #[error("the host refused: {0}")]
    Refused(String),
    /// The two machines speak different session protocols.
    #[error("{0}")]
    UpdateRequired(String),
    /// The roadmap's seat for this role is held by another key.
    #[error("{0}")]
    SeatHeld(String),
    /// This person's key is not the one the host knows them by (or the
    /// proof of it failed).
    #[error("{0}")]
    WrongKey(String),
    #[error("the host does not speak Accord's session protocol: {0}")]
    Protocol(String),
    #[error("this is not the host this guest paired with (its key changed)")]
    NotPinned,
}

impl JoinError {
    /// A host's refusal in the guest's terms. An Accord speaking protocol 1
    /// sends no kind, only its words.
    fn refused(reason: String, code: Option<Refusal>) -> JoinError {
        match code {
            Some(Refusal::UpdateRequired) => JoinError::UpdateRequired(reason),
            Some(Refusal::SeatHeld) => JoinError::SeatHeld(reason),
            Some(Refusal::WrongKey) => JoinError::WrongKey(reason),
            None if reason.contains("protocol version") => JoinError::UpdateRequired(format!(
                "the host runs an older Accord ({reason}); it must update Accord to speak session protocol \
                 {PROTOCOL_VERSION}"
            )),
            _ => JoinError::Refused(reason),
        }
    }
}

/// A TLS connection to the host, split for reading and writing.
pub struct PairedStream {
    pub reader: ReadHalf<TlsStream<TcpStream>>,
    pub writer: WriteHalf<TlsStream<TcpStream>>,
}

/// What one TLS handshake with a host gave: the stream, the session's
/// exported keying material, and both certificates' fingerprints.
pub struct TlsContact {
    pub stream: PairedStream,
    pub binding: [u8; 32],
    pub host_key: String,
    pub guest_key: String,
}

const CONNECT_DEADLINE: Duration = Duration::from_secs(10);

pub(crate) fn unreachable(e: &dyn std::fmt::Display) -> JoinError {
    JoinError::Unreachable(e.to_string())
}

/// A TLS connection to the host, not yet paired: the host reads nothing
/// from it but pairing frames.
pub async fn connect_tls(addr: SocketAddr, identity: &Identity) -> Result<TlsContact, JoinError> {
    let tcp = tokio::time::timeout(CONNECT_DEADLINE, TcpStream::connect(addr))
        .await
        .map_err(|e| unreachable(&e))?
        .map_err(|e| unreachable(&e))?;
    let _ = tcp.set_nodelay(true);
    let connector = TlsConnector::from(tls::client_config(identity).map_err(JoinError::Protocol)?);
    let server_name = rustls::pki_types::ServerName::try_from(tls::SERVER_NAME).expect("a valid name").to_owned();
    let stream = tokio::time::timeout(CONNECT_DEADLINE, connector.connect(server_name, tcp))
        .await
        .map_err(|e| unreachable(&e))?
        .map_err(|e| JoinError::Protocol(e.to_string()))?;
    let conn = stream.get_ref().1;
    let binding = conn
        .export_keying_material([0u8; 32], tls::EXPORTER_LABEL, None)
        .map_err(|e| JoinError::Protocol(e.to_string()))?;
    let host_key = conn
        .peer_certificates()
        .and_then(|c| c.first())
        .map(tls::fingerprint)
        .ok_or_else(|| JoinError::Protocol("the host showed no certificate".into()))?;
    let (reader, writer) = split(stream);
    Ok(TlsContact { stream: PairedStream { reader, writer }, binding, host_key, guest_key: identity.fingerprint() })
}

/// Connects to `addr` and pairs with `code` as `person`, proving with `key`
/// (theirs) that they hold it, for this TLS session only. Returns the
/// stream and the host's key, to pin.
pub async fn connect_paired(
    addr: SocketAddr,
    identity: &Identity,
    code: &str,
    person: &Person,
    key: &Keypair,
) -> Result<(PairedStream, String), JoinError> {
    let contact = connect_tls(addr, identity).await?;
    let tls = TlsBinding { exporter: &contact.binding, host_cert: &contact.host_key, guest_cert: &contact.guest_key };
    let proof = PossessionProof::make(key, person.clone(), &tls).map_err(|e| JoinError::WrongKey(e.to_string()))?;
    pair_with_proof(contact, code, person, proof).await
}

/// Pairs over `contact` with `code`, sending `proof` (made for this contact's
/// TLS session, unless a test makes it for another).
pub async fn pair_with_proof(
    contact: TlsContact,
    code: &str,
    person: &Person,
    proof: PossessionProof,
) -> Result<(PairedStream, String), JoinError> {
    let TlsContact { stream: PairedStream { mut reader, mut writer }, binding, host_key, .. } = contact;
    let (state, message) = pairing::guest_start(code);
    let hello = PairFrame::Hello {
        v: PROTOCOL_VERSION,
        name: person.name.clone(),
        role: person.role,
        spake: hex::encode(message),
    };
    write_frame(&mut writer, &encode_pair(&hello)).await.map_err(|e| unreachable(&e))?;
    let reply = read_frame(&mut reader)
        .await
        .map_err(|e| unreachable(&e))?
        .ok_or_else(|| JoinError::Unreachable("the host closed the connection".into()))?;
    let (spake, confirm) = match serde_json::from_slice::<PairFrame>(&reply) {
        Ok(PairFrame::Challenge { spake, confirm }) => (spake, confirm),
        Ok(PairFrame::Refused { reason, code }) => return Err(JoinError::refused(reason, code)),
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
    let ours = PairFrame::Confirm {
        confirm: hex::encode(pairing::confirmation(&key, FROM_GUEST, &binding)),
        proof: Some(proof),
    };
    write_frame(&mut writer, &encode_pair(&ours)).await.map_err(|e| unreachable(&e))?;
    Ok((PairedStream { reader, writer }, host_key))
}

/// Reconnects to a host paired before as the person with `public_key`,
/// proving this device's key and checking the host's against the pin.
pub async fn resume(
    addr: SocketAddr,
    identity: &Identity,
    host_key: &str,
    public_key: &str,
) -> Result<PairedStream, JoinError> {
    let TlsContact { stream: mut s, host_key: shown, .. } = connect_tls(addr, identity).await?;
    if shown != host_key {
        return Err(JoinError::NotPinned);
    }
    let frame = PairFrame::Resume { v: PROTOCOL_VERSION, public_key: public_key.to_string() };
    write_frame(&mut s.writer, &encode_pair(&frame)).await.map_err(|e| unreachable(&e))?;
    Ok(s)
}

/// The first frame after pairing or resuming: the snapshot, or why not.
pub(crate) async fn first_frame(stream: &mut PairedStream) -> Result<ToGuest, JoinError> {
    let bytes = read_frame(&mut stream.reader)
        .await
        .map_err(|e| unreachable(&e))?
        .ok_or_else(|| JoinError::Unreachable("the host closed the connection".into()))?;
    if let Ok(PairFrame::Refused { reason, code }) = serde_json::from_slice::<PairFrame>(&bytes) {
        return Err(match code {
            Some(Refusal::Code) if reason == "wrong pairing code" => JoinError::WrongCode,
            _ => JoinError::refused(reason, code),
        });
    }
    match decode::<ToGuest>(&bytes) {
        Ok(snapshot @ ToGuest::Snapshot { .. }) => Ok(snapshot),
        Ok(ToGuest::Bye { reason }) => Err(JoinError::Refused(reason)),
        _ => Err(JoinError::Protocol("no snapshot after pairing".into())),
    }
}
