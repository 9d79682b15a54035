//! Planning sessions over the network: TCP, TLS with a certificate the host
//! makes for the session, and SPAKE2 pairing on the one-time code, bound to
//! that TLS session so nobody in between can relay it. Nothing but pairing
//! frames is read before pairing succeeds. All of it runs in Rust; the
//! webview only ever talks to its own backend.

mod client;
pub mod discovery;
mod handshake;
mod pairing;
mod server;
pub mod tls;
pub mod wire;

pub use client::{join, join_as, rejoin, AnswerWaiter, Connection, GuestHandle, ReadAnswer, Reader};
pub use handshake::{connect_paired, connect_tls, pair_with_proof, resume, JoinError, PairedStream, TlsContact};
pub use pairing::{PairFrame, PairingCode, Refusal, PAIRING_ATTEMPTS, PAIRING_TTL};
pub use server::{host_identity, serve, Awaiting, Nudge, ServerHandle};
pub use tls::Identity;

/// What a session's watchers are told: a count of every change (people,
/// the link), and a count of those that changed items, so a window reloads
/// the roadmap only when the roadmap changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    pub any: u64,
    pub items: u64,
}

impl Changes {
    pub(crate) fn bump(&mut self, items: bool) {
        self.any += 1;
        if items {
            self.items += 1;
        }
    }
}
