//! A private key at rest, where no OS keychain is available: sealed with a
//! key derived from the person's passphrase (Argon2id) under an AEAD
//! (XChaCha20-Poly1305). The public key is bound in as associated data, so a
//! sealed key moved to another profile does not open.
//!
//! Salt and nonce come from the caller's OS randomness; nothing here does I/O.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::signoff::{Keypair, PublicKey};

const AAD_PREFIX: &str = "accord.sealed-key.v1:";
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Argon2id cost. The default follows OWASP's recommendation
/// (19 MiB, 2 passes, 1 lane): about 50 ms on a laptop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfCost {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
}

impl Default for KdfCost {
    fn default() -> Self {
        KdfCost { memory_kib: 19 * 1024, passes: 2, lanes: 1 }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedKey {
    pub kdf: String,
    pub cost: KdfCost,
    pub salt: String,
    pub nonce: String,
    pub public_key: String,
    pub ciphertext: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the passphrase must have at least {MIN_PASSPHRASE_CHARS} characters")]
    WeakPassphrase,
    #[error("wrong passphrase")]
    WrongPassphrase,
    #[error("the sealed key is malformed: {0}")]
    Malformed(&'static str),
}

fn derive(passphrase: &str, salt: &[u8], cost: KdfCost) -> Result<Zeroizing<[u8; 32]>, SealError> {
    let params = Params::new(cost.memory_kib, cost.passes, cost.lanes, Some(32))
        .map_err(|_| SealError::Malformed("kdf cost"))?;
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(|_| SealError::Malformed("salt"))?;
    Ok(key)
}

/// Seals `keypair` under `passphrase`. `salt` and `nonce` must be fresh random bytes.
pub fn seal(
    keypair: &Keypair,
    passphrase: &str,
    cost: KdfCost,
    salt: [u8; 16],
    nonce: [u8; 24],
) -> Result<SealedKey, SealError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(SealError::WeakPassphrase);
    }
    let key = derive(passphrase, &salt, cost)?;
    let public_key = keypair.public().to_hex();
    let aad = format!("{AAD_PREFIX}{public_key}");
    let seed = keypair.seed();
    let ciphertext = XChaCha20Poly1305::new(key.as_ref().into())
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: seed.as_ref(), aad: aad.as_bytes() })
        .map_err(|_| SealError::Malformed("plaintext"))?;
    Ok(SealedKey {
        kdf: "argon2id".into(),
        cost,
        salt: hex::encode(salt),
        nonce: hex::encode(nonce),
        public_key,
        ciphertext: hex::encode(ciphertext),
    })
}

/// Opens a sealed key. A wrong passphrase, a tampered file or a key moved
/// to another profile all fail the AEAD check and reveal nothing.
pub fn open(sealed: &SealedKey, passphrase: &str) -> Result<Keypair, SealError> {
    if sealed.kdf != "argon2id" {
        return Err(SealError::Malformed("kdf"));
    }
    let salt = hex::decode(&sealed.salt).map_err(|_| SealError::Malformed("salt"))?;
    let mut nonce = [0u8; 24];
    hex::decode_to_slice(&sealed.nonce, &mut nonce).map_err(|_| SealError::Malformed("nonce"))?;
    let ciphertext = hex::decode(&sealed.ciphertext).map_err(|_| SealError::Malformed("ciphertext"))?;
    let key = derive(passphrase, &salt, sealed.cost)?;
    let aad = format!("{AAD_PREFIX}{}", sealed.public_key);
    let seed = Zeroizing::new(
        XChaCha20Poly1305::new(key.as_ref().into())
            .decrypt(XNonce::from_slice(&nonce), Payload { msg: &ciphertext, aad: aad.as_bytes() })
            .map_err(|_| SealError::WrongPassphrase)?,
    );
    let seed: &[u8; 32] = seed.as_slice().try_into().map_err(|_| SealError::Malformed("ciphertext"))?;
    let keypair = Keypair::from_seed(seed);
    // The AAD already binds the public key; this catches a seed sealed for another key.
    if keypair.public() != PublicKey::from_hex(&sealed.public_key).map_err(|_| SealError::Malformed("public key"))? {
        return Err(SealError::Malformed("public key"));
    }
    Ok(keypair)
}
