//! Proof that a person holds their signing key, bound to one TLS session.
//!
//! A planning-session guest signs, with the key its signatures will be made
//! with, the TLS session's exported keying material and both certificates'
//! fingerprints, beside who it says it is. The host checks it before it
//! knows the guest as anyone: a proof made for another TLS session (a
//! relay, a replay) or by another key does not verify.

use serde::{Deserialize, Serialize};

use crate::signoff::{verify_raw, Keypair, PublicKey, SignoffError};
use crate::Role;

/// Domain separation: a pairing proof is never a sign-off, nor the reverse.
pub const POSSESSION_CONTEXT: &str = "accord.possession.v1";

/// A person as one machine tells another: their global identity, name,
/// role and public signing key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The profile's global identity, the same on every machine.
    pub uid: String,
    pub name: String,
    pub role: Role,
    /// Hex Ed25519 public key.
    pub public_key: String,
}

/// What ties a proof to one TLS session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsBinding<'a> {
    /// The session's exported keying material (RFC 5705 / 8446 §7.5).
    pub exporter: &'a [u8],
    pub host_cert: &'a str,
    pub guest_cert: &'a str,
}

#[derive(Serialize)]
struct Claim<'a> {
    context: &'static str,
    person: &'a Person,
    exporter: String,
    host_cert: &'a str,
    guest_cert: &'a str,
}

impl Claim<'_> {
    fn message(&self) -> Result<Vec<u8>, SignoffError> {
        serde_json_canonicalizer::to_vec(self).map_err(|e| SignoffError::Content(e.to_string()))
    }
}

fn claim<'a>(person: &'a Person, tls: &TlsBinding<'a>) -> Claim<'a> {
    Claim {
        context: POSSESSION_CONTEXT,
        person,
        exporter: hex::encode(tls.exporter),
        host_cert: tls.host_cert,
        guest_cert: tls.guest_cert,
    }
}

/// A person and their signature over the claim for one TLS session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PossessionProof {
    pub person: Person,
    /// Hex Ed25519 signature.
    pub signature: String,
}

impl PossessionProof {
    /// `key` proves that `person` (whose `public_key` must be its own) is
    /// in this TLS session.
    pub fn make(key: &Keypair, person: Person, tls: &TlsBinding<'_>) -> Result<PossessionProof, SignoffError> {
        if person.public_key != key.public().to_hex() {
            return Err(SignoffError::WrongSigner);
        }
        let message = claim(&person, tls).message()?;
        Ok(PossessionProof { signature: hex::encode(key.sign_raw(&message)), person })
    }

    /// Checks the proof against the TLS session it arrived on.
    pub fn verify(&self, tls: &TlsBinding<'_>) -> Result<PublicKey, SignoffError> {
        let key = PublicKey::from_hex(&self.person.public_key)?;
        verify_raw(&self.person.public_key, &claim(&self.person, tls).message()?, &self.signature)?;
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(key: &Keypair) -> Person {
        Person { uid: "u1".into(), name: "Priya".into(), role: Role::Pm, public_key: key.public().to_hex() }
    }

    #[test]
    fn a_proof_holds_only_for_its_own_tls_session_and_person() {
        let key = Keypair::from_seed(&[7; 32]);
        let tls = TlsBinding { exporter: &[1; 32], host_cert: "h", guest_cert: "g" };
        let proof = PossessionProof::make(&key, person(&key), &tls).unwrap();
        assert_eq!(proof.verify(&tls).unwrap(), key.public());

        let other_session = TlsBinding { exporter: &[2; 32], ..tls.clone() };
        assert_eq!(proof.verify(&other_session), Err(SignoffError::BadSignature));
        let other_host = TlsBinding { host_cert: "relay", ..tls.clone() };
        assert_eq!(proof.verify(&other_host), Err(SignoffError::BadSignature));

        let mut posing = proof.clone();
        posing.person.role = Role::Em;
        assert_eq!(posing.verify(&tls), Err(SignoffError::BadSignature), "the role is part of the claim");
        let stranger = Keypair::from_seed(&[8; 32]);
        posing = proof.clone();
        posing.person.public_key = stranger.public().to_hex();
        assert_eq!(posing.verify(&tls), Err(SignoffError::BadSignature), "another key did not sign it");
        assert_eq!(PossessionProof::make(&stranger, person(&key), &tls), Err(SignoffError::WrongSigner));
    }
}
