//! Profile keys and signatures. Rows are stored as the JSON the domain
//! defines, so what is verified is exactly what was signed.

use accord_domain::sealed_key::SealedKey;
use accord_domain::{ProfileId, PublicIdentity, RoadmapId, Signature, Subject};
use rusqlite::{params, Connection, OptionalExtension};

use crate::StoreError;

fn subject_parts(subject: Subject) -> (&'static str, i64) {
    match subject {
        Subject::ItemWhen(id) => ("item_when", id),
        Subject::Decision(id) => ("decision", id),
        Subject::Baseline(id) => ("baseline", id),
    }
}

fn corrupt(what: &str, e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

pub fn insert_key(conn: &Connection, profile_id: ProfileId, sealed: &SealedKey, at: &str) -> Result<(), StoreError> {
    let json = serde_json::to_string(sealed).map_err(|e| corrupt("sealed key", e))?;
    conn.execute(
        "INSERT INTO profile_key (profile_id, public_key, sealed, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![profile_id, sealed.public_key, json, at],
    )?;
    Ok(())
}

pub fn sealed_key(conn: &Connection, profile_id: ProfileId) -> Result<Option<SealedKey>, StoreError> {
    let json: Option<String> = conn
        .prepare_cached("SELECT sealed FROM profile_key WHERE profile_id = ?1")?
        .query_row([profile_id], |r| r.get(0))
        .optional()?;
    json.map(|j| serde_json::from_str(&j).map_err(|e| corrupt("sealed key", e))).transpose()
}

/// Everyone whose signatures count here, as the verifier sees them: the
/// profiles that sign on this machine and those that sign on their own
/// (planning-session guests, known by the key they proved).
pub fn identities(conn: &Connection) -> Result<Vec<(ProfileId, PublicIdentity)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name, p.role, k.public_key FROM profile p
         JOIN (SELECT profile_id, public_key FROM profile_key
               UNION ALL SELECT profile_id, public_key FROM remote_key) k ON k.profile_id = p.id
         ORDER BY p.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, role, key) = row?;
        let role = crate::profiles::role_of(id, &role)?;
        let key = accord_domain::PublicKey::from_hex(&key)
            .map_err(|_| StoreError::Corrupt(format!("profile {id} has a malformed public key")))?;
        out.push((id, PublicIdentity::new(&name, role, key)));
    }
    Ok(out)
}

pub fn insert(
    conn: &Connection,
    roadmap_id: RoadmapId,
    signer_id: ProfileId,
    signature: &Signature,
) -> Result<i64, StoreError> {
    let (kind, id) = subject_parts(signature.statement.subject);
    let json = serde_json::to_string(signature).map_err(|e| corrupt("signature", e))?;
    conn.execute(
        "INSERT INTO signoff (roadmap_id, subject_kind, subject_id, signer_id, signature, signed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![roadmap_id, kind, id, signer_id, json, signature.statement.signed_at],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A subject's signatures with their signers, oldest first. A row that no
/// longer parses comes back as `None`: the caller counts it as invalid.
pub fn for_subject(
    conn: &Connection,
    roadmap_id: RoadmapId,
    subject: Subject,
) -> Result<Vec<(ProfileId, Option<Signature>)>, StoreError> {
    let (kind, id) = subject_parts(subject);
    let mut stmt = conn.prepare_cached(
        "SELECT signer_id, signature FROM signoff WHERE roadmap_id = ?1 AND subject_kind = ?2 AND subject_id = ?3 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![roadmap_id, kind, id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (signer, json) = row?;
        out.push((signer, serde_json::from_str::<Signature>(&json).ok()));
    }
    Ok(out)
}

/// Identities imported from other machines, by public key.
pub fn known_identities(conn: &Connection) -> Result<Vec<PublicIdentity>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT public_key, name, role FROM known_identity ORDER BY rowid")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (key, name, role) = row?;
        let role = accord_domain::Role::parse(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("known identity {name}: role {role:?}")))?;
        let key = accord_domain::PublicKey::from_hex(&key)
            .map_err(|_| StoreError::Corrupt(format!("known identity {name}: malformed public key")))?;
        out.push(PublicIdentity::new(&name, role, key));
    }
    Ok(out)
}

pub fn insert_known_identity(conn: &Connection, who: &PublicIdentity, at: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO known_identity (public_key, name, role, imported_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (public_key) DO NOTHING",
        params![who.public_key, who.name, who.role.as_str(), at],
    )?;
    Ok(())
}

/// The ids of a roadmap's items whose `when` has any signature: the others
/// are unsigned without looking further.
pub fn signed_whens(conn: &Connection, roadmap_id: RoadmapId) -> Result<std::collections::HashSet<i64>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT subject_id FROM signoff WHERE roadmap_id = ?1 AND subject_kind = 'item_when'",
    )?;
    let rows = stmt.query_map([roadmap_id], |r| r.get::<_, i64>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The profiles whose private key is sealed on this machine: the people who
/// can act and sign here.
pub fn local_signers(conn: &Connection) -> Result<Vec<ProfileId>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT profile_id FROM profile_key ORDER BY profile_id")?;
    let rows = stmt.query_map([], |r| r.get::<_, i64>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Which profile holds `public_key`, and whether its private key is sealed
/// here (`true`) or lives on the person's own machine.
pub fn key_holder(conn: &Connection, public_key: &str) -> Result<Option<(ProfileId, bool)>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT profile_id, 1 FROM profile_key WHERE public_key = ?1
             UNION ALL SELECT profile_id, 0 FROM remote_key WHERE public_key = ?1",
        )?
        .query_row([public_key], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?)))
        .optional()?)
}

/// A profile's public key, sealed here or remote; `None` for a profile
/// without any (one from before sign-off, or a placeholder).
pub fn public_key_of(conn: &Connection, profile_id: ProfileId) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT public_key FROM profile_key WHERE profile_id = ?1
             UNION ALL SELECT public_key FROM remote_key WHERE profile_id = ?1",
        )?
        .query_row([profile_id], |r| r.get(0))
        .optional()?)
}

/// Binds a profile to the key of a person who signs on their own machine.
pub fn bind_remote_key(conn: &Connection, profile_id: ProfileId, public_key: &str, at: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO remote_key (profile_id, public_key, bound_at) VALUES (?1, ?2, ?3)",
        params![profile_id, public_key, at],
    )?;
    Ok(())
}
