//! The one-time pairing code and the SPAKE2 exchange on it.
//!
//! Guest → host `Hello` (protocol version, SPAKE2 message); host → guest
//! `Challenge` (its SPAKE2 message and a confirmation); guest → host
//! `Confirm`, with the guest's proof that it holds its signing key. Each
//! confirmation is an HMAC, under the SPAKE2 key, of who sends it and the
//! TLS session's exported keying material: a wrong code, or a relay between
//! two TLS sessions, makes them disagree. The proof is bound to the same
//! TLS session and both certificates, so it cannot be carried to another.
//! Every `Hello` spends one attempt; a code is used once, and dies after
//! [`PAIRING_TTL`].

use std::time::{Duration, Instant};

use accord_domain::{PossessionProof, Role};
use hmac::{Hmac, Mac};
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use spake2::{Ed25519Group, Identity, Password, Spake2};

use crate::protocol::PROTOCOL_VERSION;

pub const PAIRING_TTL: Duration = Duration::from_secs(5 * 60);
pub const PAIRING_ATTEMPTS: u32 = 5;

const GUEST_ID: &[u8] = b"accord guest";
const HOST_ID: &[u8] = b"accord host";

#[derive(Debug, Clone)]
pub struct PairingCode {
    code: String,
    expires_at: Instant,
    attempts_left: u32,
}

impl PairingCode {
    /// A fresh random 6-digit code.
    pub fn new() -> PairingCode {
        PairingCode::with(format!("{:06}", rand::thread_rng().gen_range(0..1_000_000)), PAIRING_TTL)
    }

    pub fn with(code: String, ttl: Duration) -> PairingCode {
        PairingCode { code, expires_at: Instant::now() + ttl, attempts_left: PAIRING_ATTEMPTS }
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn attempts_left(&self) -> u32 {
        self.attempts_left
    }

    /// Spends one attempt, or says why none is left.
    pub(crate) fn attempt(&mut self) -> Result<String, &'static str> {
        if Instant::now() >= self.expires_at {
            return Err("the pairing code has expired; ask the host for a new one");
        }
        if self.attempts_left == 0 {
            return Err("too many wrong pairing codes; ask the host for a new one");
        }
        self.attempts_left -= 1;
        Ok(self.code.clone())
    }
}

impl Default for PairingCode {
    fn default() -> Self {
        PairingCode::new()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PairFrame {
    Hello {
        v: u32,
        /// Who the guest says it is, for display only: what counts is the
        /// proof in `Confirm`. Kept so that an Accord speaking protocol 1
        /// still reads the frame and answers with its version.
        name: String,
        role: Role,
        spake: String,
    },
    /// A paired guest coming back: its pinned key (the TLS client
    /// certificate) is its credential, for the signing key it proved then.
    Resume {
        v: u32,
        /// Hex Ed25519 key of the person resuming; must be the one pinned.
        #[serde(default)]
        public_key: String,
    },
    Challenge {
        spake: String,
        confirm: String,
    },
    Confirm {
        confirm: String,
        /// Absent from an Accord speaking protocol 1 (it never gets this far).
        proof: Option<PossessionProof>,
    },
    Refused {
        reason: String,
        /// What kind of refusal, for the guest to say it in its own terms.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<Refusal>,
    },
}

/// Why a host refused a guest, beside the reason in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The two machines speak different session protocols.
    UpdateRequired,
    /// A seat of the roadmap is held by another key.
    SeatHeld,
    /// The key is not the one this person or device is bound to, or the
    /// proof of it does not hold.
    WrongKey,
    /// This device is not paired (any more): pair with a new code.
    NotPaired,
    /// The code is spent, expired or out of attempts.
    Code,
    /// The host's person did not confirm who the guest is.
    NotConfirmed,
    /// Anything else (the host's storage failing, a malformed frame).
    Other,
}

/// What a host says to a guest speaking protocol `theirs`.
pub fn version_mismatch(theirs: u32) -> String {
    if theirs < PROTOCOL_VERSION {
        format!(
            "this host runs a newer Accord (session protocol {PROTOCOL_VERSION}; yours speaks {theirs}): update Accord to join"
        )
    } else {
        format!(
            "this host runs an older Accord (session protocol {PROTOCOL_VERSION}; yours speaks {theirs}): the host must update Accord"
        )
    }
}

pub(crate) fn guest_start(code: &str) -> (Spake2<Ed25519Group>, Vec<u8>) {
    Spake2::<Ed25519Group>::start_a(&Password::new(code.as_bytes()), &Identity::new(GUEST_ID), &Identity::new(HOST_ID))
}

pub(crate) fn host_start(code: &str) -> (Spake2<Ed25519Group>, Vec<u8>) {
    Spake2::<Ed25519Group>::start_b(&Password::new(code.as_bytes()), &Identity::new(GUEST_ID), &Identity::new(HOST_ID))
}

pub(crate) fn confirmation(key: &[u8], sender: &[u8], binding: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(sender);
    mac.update(binding);
    mac.finalize().into_bytes().to_vec()
}

/// Compares a received confirmation in constant time.
pub(crate) fn confirms(key: &[u8], sender: &[u8], binding: &[u8], received: &str) -> bool {
    let Ok(received) = hex::decode(received) else { return false };
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(sender);
    mac.update(binding);
    mac.verify_slice(&received).is_ok()
}

pub(crate) const FROM_HOST: &[u8] = b"host";
pub(crate) const FROM_GUEST: &[u8] = b"guest";
