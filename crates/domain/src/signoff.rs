//! Sign-off: a signature binds one person's key and role to one version of a
//! decision's content. "Agreed" is computed from signatures over the current
//! content hash each time it is asked; it is never stored.
//!
//! Randomness (key seeds) comes from the caller, so everything here is pure.

use std::fmt;

use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zeroize::Zeroizing;

use crate::{ItemId, RoadmapId, Role};

/// Domain separation: an Accord sign-off can never be mistaken for any other
/// Ed25519 signature made with the same key, nor for another format. Version
/// 2 names the roadmap by its global identity too, so a signature cannot be
/// replayed into another database whose ids and text happen to match.
pub const CONTEXT: &str = "accord.signoff.v2";
/// Signatures made before version 2 (the roadmap named by its local id only)
/// keep verifying; nothing new is signed so.
pub const CONTEXT_V1: &str = "accord.signoff.v1";

/// A roadmap as a signature names it: its id in this database and its
/// global identity, the same on every machine that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedRoadmap<'a> {
    pub id: RoadmapId,
    pub uid: &'a str,
}

/// SHA-256 of the RFC 8785 canonical JSON of some content: the same content
/// hashes the same whatever the field order, platform or serializer.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentHash(pub [u8; 32]);

impl ContentHash {
    pub fn of<T: Serialize>(content: &T) -> Result<Self, SignoffError> {
        let canonical = serde_json_canonicalizer::to_vec(content).map_err(|e| SignoffError::Content(e.to_string()))?;
        Ok(ContentHash(Sha256::digest(&canonical).into()))
    }

    /// The canonical JSON itself (what a baseline keeps) and its hash.
    pub fn canonical<T: Serialize>(content: &T) -> Result<(String, Self), SignoffError> {
        let canonical =
            serde_json_canonicalizer::to_string(content).map_err(|e| SignoffError::Content(e.to_string()))?;
        let hash = Self::of_canonical(&canonical);
        Ok((canonical, hash))
    }

    /// The hash of text already in canonical form.
    pub fn of_canonical(canonical: &str) -> Self {
        ContentHash(Sha256::digest(canonical.as_bytes()).into())
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn from_hex(s: &str) -> Result<Self, SignoffError> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(s, &mut out).map_err(|_| SignoffError::Malformed("content hash"))?;
        Ok(ContentHash(out))
    }
}

impl fmt::Debug for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContentHash({})", self.to_hex())
    }
}

/// What a sign-off is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    /// An item's `when`: the shared decision on timing.
    ItemWhen(ItemId),
    /// A standalone decision record.
    Decision(i64),
    /// A roadmap baseline: the ordered items with their matrix, as one snapshot.
    Baseline(i64),
}

/// The tuple a signature covers. Its canonical JSON is the signed message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Statement {
    pub context: String,
    pub roadmap_id: RoadmapId,
    /// The roadmap's global identity; absent only from version 1 statements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roadmap_uid: Option<String>,
    pub subject: Subject,
    /// The subject's revision when signed, for the record; agreement follows
    /// the content hash, so a change outside the signed content does not lapse it.
    pub revision: i64,
    /// Hex SHA-256 of the canonical signed content.
    pub content_hash: String,
    pub role: Role,
    /// RFC 3339, UTC.
    pub signed_at: String,
}

impl Statement {
    pub fn new(
        roadmap: SignedRoadmap<'_>,
        subject: Subject,
        revision: i64,
        content: ContentHash,
        role: Role,
        signed_at: &str,
    ) -> Self {
        Statement {
            context: CONTEXT.into(),
            roadmap_id: roadmap.id,
            roadmap_uid: Some(roadmap.uid.into()),
            subject,
            revision,
            content_hash: content.to_hex(),
            role,
            signed_at: signed_at.into(),
        }
    }

    fn message(&self) -> Result<Vec<u8>, SignoffError> {
        serde_json_canonicalizer::to_vec(self).map_err(|e| SignoffError::Content(e.to_string()))
    }

    /// A context this version of Accord reads: version 2 naming the
    /// roadmap's global identity, or version 1 naming none.
    fn well_formed(&self) -> bool {
        match self.context.as_str() {
            CONTEXT => self.roadmap_uid.is_some(),
            CONTEXT_V1 => self.roadmap_uid.is_none(),
            _ => false,
        }
    }

    /// Whether this statement is about `roadmap` (a version 1 statement
    /// names it by its local id only).
    pub fn names(&self, roadmap: SignedRoadmap<'_>) -> bool {
        self.roadmap_id == roadmap.id && self.roadmap_uid.as_deref().is_none_or(|uid| uid == roadmap.uid)
    }
}

/// Checks an Ed25519 signature (hex) over `message` by `public_key` (hex).
pub(crate) fn verify_raw(public_key: &str, message: &[u8], signature: &str) -> Result<(), SignoffError> {
    let key = verifying_key(public_key)?;
    let mut raw = [0u8; 64];
    hex::decode_to_slice(signature, &mut raw).map_err(|_| SignoffError::Malformed("signature"))?;
    key.verify(message, &ed25519_dalek::Signature::from_bytes(&raw)).map_err(|_| SignoffError::BadSignature)
}

/// Decodes a hex public key into a point on the curve, or says it is malformed.
fn verifying_key(hex_key: &str) -> Result<VerifyingKey, SignoffError> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(hex_key, &mut out).map_err(|_| SignoffError::Malformed("public key"))?;
    VerifyingKey::from_bytes(&out).map_err(|_| SignoffError::Malformed("public key"))
}

/// An Ed25519 public key.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey(pub [u8; 32]);

impl PublicKey {
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn from_hex(s: &str) -> Result<Self, SignoffError> {
        verifying_key(s).map(|key| PublicKey(key.to_bytes()))
    }

    /// What people compare across machines and read on a PDF: the first 16
    /// bytes of the key's SHA-256, in groups of four hex digits.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.0);
        digest[..16].chunks(2).map(hex::encode).collect::<Vec<_>>().join(" ")
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.fingerprint())
    }
}

/// A profile's signing key. The seed is wiped from memory when dropped.
pub struct Keypair {
    key: SigningKey,
}

impl Keypair {
    /// From 32 random bytes the caller draws from the OS.
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Keypair { key: SigningKey::from_bytes(seed) }
    }

    pub fn seed(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.key.to_bytes())
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.key.verifying_key().to_bytes())
    }

    /// Signs a message of another kind than a sign-off (one whose own
    /// context keeps it apart, such as a pairing proof).
    pub(crate) fn sign_raw(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    pub fn sign(&self, statement: Statement) -> Result<Signature, SignoffError> {
        if statement.context != CONTEXT || statement.roadmap_uid.is_none() {
            return Err(SignoffError::Malformed("context"));
        }
        let signature = self.key.sign(&statement.message()?);
        Ok(Signature { statement, public_key: self.public().to_hex(), signature: hex::encode(signature.to_bytes()) })
    }
}

/// A statement, the key that signed it, and the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Signature {
    pub statement: Statement,
    pub public_key: String,
    pub signature: String,
}

/// Someone whose signatures count: the public half of a profile, as it is
/// known on this machine (and exported to the other one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PublicIdentity {
    pub name: String,
    pub role: Role,
    /// Hex Ed25519 public key.
    pub public_key: String,
    pub fingerprint: String,
}

impl PublicIdentity {
    pub fn new(name: &str, role: Role, key: PublicKey) -> Self {
        PublicIdentity { name: name.into(), role, public_key: key.to_hex(), fingerprint: key.fingerprint() }
    }
}

impl Signature {
    /// Checks that `signer` made this signature, in the role it claims.
    pub fn verify(&self, signer: &PublicIdentity) -> Result<(), SignoffError> {
        if self.public_key != signer.public_key {
            return Err(SignoffError::WrongSigner);
        }
        if self.statement.role != signer.role {
            return Err(SignoffError::WrongRole { claimed: self.statement.role, holder: signer.role });
        }
        if !self.statement.well_formed() {
            return Err(SignoffError::Malformed("context"));
        }
        verify_raw(&signer.public_key, &self.statement.message()?, &self.signature)
    }
}

/// Where a subject stands with respect to the roles that must sign it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Agreement {
    /// Every required role has a valid signature over the current content.
    pub agreed: bool,
    /// Required roles with a valid signature over the current content.
    pub signed: Vec<Role>,
    /// Required roles whose latest valid signature is over other content:
    /// their sign-off lapsed when the content changed.
    pub lapsed: Vec<Role>,
    /// Required roles that have not signed at all.
    pub missing: Vec<Role>,
    /// Signatures that do not verify (tampered, or by an unknown key).
    pub invalid: usize,
}

/// Derives agreement on `subject` of `roadmap` whose content now hashes to
/// `current`. `identity_of` finds who holds a public key (hex), if anyone.
pub fn agreement<'a>(
    roadmap: SignedRoadmap<'_>,
    subject: Subject,
    current: ContentHash,
    required: &[Role],
    signatures: impl IntoIterator<Item = &'a Signature>,
    identity_of: impl Fn(&str) -> Option<PublicIdentity>,
) -> Agreement {
    let checked = signatures.into_iter().map(|sig| {
        let valid = identity_of(&sig.public_key).is_some_and(|who| sig.verify(&who).is_ok());
        (sig, valid)
    });
    agreement_of_checked(roadmap, subject, current, required, checked)
}

/// The same, over signatures already verified (`true` = valid), so a
/// caller that also shows them verifies each one once.
pub fn agreement_of_checked<'a>(
    roadmap: SignedRoadmap<'_>,
    subject: Subject,
    current: ContentHash,
    required: &[Role],
    checked: impl IntoIterator<Item = (&'a Signature, bool)>,
) -> Agreement {
    let current = current.to_hex();
    let (mut signed, mut lapsed, mut invalid) = (Vec::new(), Vec::new(), 0);
    for (sig, valid) in checked {
        let st = &sig.statement;
        if !st.names(roadmap) || st.subject != subject {
            continue;
        }
        if !valid {
            invalid += 1;
        } else if st.content_hash == current {
            signed.push(st.role);
        } else {
            lapsed.push(st.role);
        }
    }
    let signed: Vec<Role> = required.iter().copied().filter(|r| signed.contains(r)).collect();
    let lapsed: Vec<Role> = required.iter().copied().filter(|r| !signed.contains(r) && lapsed.contains(r)).collect();
    let missing = required.iter().copied().filter(|r| !signed.contains(r) && !lapsed.contains(r)).collect();
    Agreement { agreed: signed.len() == required.len(), signed, lapsed, missing, invalid }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignoffError {
    #[error("the content cannot be put in canonical form: {0}")]
    Content(String),
    #[error("the {0} is malformed")]
    Malformed(&'static str),
    #[error("the signature was made with another key than the signer's")]
    WrongSigner,
    #[error("a key held as {} cannot sign as {}", holder.as_str(), claimed.as_str())]
    WrongRole { claimed: Role, holder: Role },
    #[error("the signature does not match the statement: it or its content was altered")]
    BadSignature,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A signature made before statements named the roadmap's global
    /// identity: its message is exactly what version 1 signed, and it
    /// keeps verifying.
    #[test]
    fn a_version_1_signature_keeps_verifying() {
        let key = Keypair::from_seed(&[3; 32]);
        let statement = Statement {
            context: CONTEXT_V1.into(),
            roadmap_id: 7,
            roadmap_uid: None,
            subject: Subject::ItemWhen(42),
            revision: 3,
            content_hash: "ab".repeat(32),
            role: Role::Pm,
            signed_at: "2026-11-23T10:00:00Z".into(),
        };
        let message = String::from_utf8(statement.message().unwrap()).unwrap();
        let expected = format!(
            r#"{{"content_hash":"{}","context":"accord.signoff.v1","revision":3,"roadmap_id":7,"role":"pm","signed_at":"2026-11-23T10:00:00Z","subject":{{"id":42,"kind":"item_when"}}}}"#,
            "ab".repeat(32)
        );
        assert_eq!(message, expected);
        let old = Signature {
            signature: hex::encode(key.sign_raw(message.as_bytes())),
            public_key: key.public().to_hex(),
            statement,
        };
        let who = PublicIdentity::new("Priya", Role::Pm, key.public());
        old.verify(&who).unwrap();
        assert!(old.statement.names(SignedRoadmap { id: 7, uid: "any" }), "version 1 names the local id only");
        assert!(key.sign(old.statement.clone()).is_err(), "nothing new is signed as version 1");

        // A version 2 statement without a global identity, or a version 1
        // one with, is not a statement Accord makes.
        let mut odd = old.clone();
        odd.statement.roadmap_uid = Some("x".into());
        assert_eq!(odd.verify(&who), Err(SignoffError::Malformed("context")));
        odd.statement = Statement { context: CONTEXT.into(), roadmap_uid: None, ..old.statement.clone() };
        assert_eq!(odd.verify(&who), Err(SignoffError::Malformed("context")));
    }
}
