//! Public identities: what one machine tells another (and a verifier) about
//! a signer — name, role, public key and its fingerprint — and the key a
//! profile from before sign-off creates for itself.

use accord_domain::{validate, Limits, ProfileId, PublicIdentity, PublicKey, Role};
use accord_store::signoffs;
use serde::{Deserialize, Serialize};

use crate::signoff::new_sealed_key;
use crate::{Accord, ApiError, ApiResult, ErrorCode};

/// The file format of an exported identity.
pub const IDENTITY_FORMAT: &str = "accord.identity.v1";

/// An identity file is small; anything larger is not one.
const IDENTITY_FILE_MAX: usize = 4_096;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IdentityFile {
    format: String,
    name: String,
    role: Role,
    public_key: String,
    fingerprint: String,
}

impl Accord {
    /// A profile's public identity as a JSON document to hand to the other machine.
    pub fn export_identity(&self, profile_id: ProfileId) -> ApiResult<String> {
        let profile = self.profile(profile_id)?;
        let (_, who) = signoffs::identities(self.store.conn())?
            .into_iter()
            .find(|(id, _)| *id == profile_id)
            .ok_or_else(|| ApiError::new(ErrorCode::MissingKey, format!("{} has no signing key yet", profile.name)))?;
        let file = IdentityFile {
            format: IDENTITY_FORMAT.into(),
            name: who.name,
            role: who.role,
            public_key: who.public_key,
            fingerprint: who.fingerprint,
        };
        Ok(serde_json::to_string_pretty(&file).expect("an identity serialises"))
    }

    /// Recognises a person from another machine by their exported identity.
    /// The fingerprint must be the key's: a hand-edited file is refused.
    pub fn import_identity(&mut self, text: &str) -> ApiResult<PublicIdentity> {
        if text.len() > IDENTITY_FILE_MAX {
            return Err(ApiError::invalid("this is not an Accord identity: it is far too large"));
        }
        let file: IdentityFile = serde_json::from_str(text)
            .map_err(|e| ApiError::invalid(format!("this is not an Accord identity: {e}")))?;
        if file.format != IDENTITY_FORMAT {
            return Err(ApiError::invalid(format!(
                "unknown identity format {:?}; expected {IDENTITY_FORMAT}",
                file.format
            )));
        }
        let name = validate::required_line("name", &file.name, Limits::NAME_MAX)?;
        let key = PublicKey::from_hex(&file.public_key)
            .map_err(|_| ApiError::invalid("the identity's public key is malformed"))?;
        if key.fingerprint() != file.fingerprint {
            return Err(ApiError::invalid("the fingerprint does not match the public key; the file was altered"));
        }
        let who = PublicIdentity::new(&name, file.role, key);
        let conn = self.store.conn();
        let known = signoffs::identities(conn)?.into_iter().map(|(_, p)| p).chain(signoffs::known_identities(conn)?);
        for k in known {
            if k.public_key == who.public_key && (k.name != who.name || k.role != who.role) {
                return Err(ApiError::invalid(format!(
                    "this key is already known here as {} ({}); an identity's name and role do not change",
                    k.name,
                    k.role.label()
                )));
            }
        }
        let at = accord_store::now();
        self.store.write(|tx| signoffs::insert_known_identity(tx, &who, &at))?;
        Ok(who)
    }

    /// Gives a profile created before sign-off its key pair, sealed under
    /// the passphrase its owner chooses now.
    pub fn create_signing_key(&mut self, profile_id: ProfileId, passphrase: &str) -> ApiResult<PublicIdentity> {
        let profile = self.profile(profile_id)?;
        if signoffs::sealed_key(self.store.conn(), profile_id)?.is_some() {
            return Err(ApiError::invalid(format!(
                "{} already has a signing key; a profile keeps its key",
                profile.name
            )));
        }
        let sealed = new_sealed_key(passphrase)?;
        let at = accord_store::now();
        self.store.write(|tx| signoffs::insert_key(tx, profile_id, &sealed, &at))?;
        let key = PublicKey::from_hex(&sealed.public_key).map_err(|e| ApiError::invalid(e.to_string()))?;
        Ok(PublicIdentity::new(&profile.name, profile.role, key))
    }
}
