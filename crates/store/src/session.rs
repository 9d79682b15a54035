//! What a machine remembers between planning sessions: its own TLS key
//! (it hosts and joins with it), the guests that paired with it, and the
//! hosts it joined.

use accord_domain::{Role, SessionKnown};
use rusqlite::{params, Connection};

use crate::{settings, StoreError};

const HOST_KEY: &str = "session_host_identity";
const PORT_KEY: &str = "session_port";

/// The port this machine last hosted on: hosting again there lets guests
/// reconnect on their own after the host's app restarts.
pub fn last_port(conn: &Connection) -> Result<Option<u16>, StoreError> {
    Ok(settings::get(conn, PORT_KEY)?.and_then(|p| p.parse().ok()))
}

pub fn set_last_port(conn: &Connection, port: u16) -> Result<(), StoreError> {
    settings::set(conn, PORT_KEY, &port.to_string())
}

/// A TLS certificate and its PKCS#8 private key, both DER.
pub type CertAndKey = (Vec<u8>, Vec<u8>);

/// The host's certificate and private key (DER), once made.
pub fn host_identity(conn: &Connection) -> Result<Option<CertAndKey>, StoreError> {
    let Some(value) = settings::get(conn, HOST_KEY)? else { return Ok(None) };
    let parsed = value.split_once(':').and_then(|(c, k)| Some((hex::decode(c).ok()?, hex::decode(k).ok()?)));
    parsed.map(Some).ok_or_else(|| StoreError::Corrupt(format!("the setting {HOST_KEY} is not readable")))
}

pub fn set_host_identity(conn: &Connection, cert: &[u8], key: &[u8]) -> Result<(), StoreError> {
    settings::set(conn, HOST_KEY, &format!("{}:{}", hex::encode(cert), hex::encode(key)))
}

/// A guest paired with this machine: its TLS key, bound to the signing key
/// it proved at pairing (empty for a pin from before keys were proved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinnedGuest {
    pub tls_key: String,
    pub public_key: String,
    pub name: String,
    pub role: Role,
}

/// Pins a guest's TLS key to the person it proved (again: a re-pairing
/// keeps the latest).
pub fn pin_guest(conn: &Connection, guest: &PinnedGuest, at: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO session_guest (key_fingerprint, public_key, name, role, paired_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (key_fingerprint) DO UPDATE SET public_key = excluded.public_key, name = excluded.name,
             role = excluded.role, paired_at = excluded.paired_at",
        params![guest.tls_key, guest.public_key, guest.name, guest.role.as_str(), at],
    )?;
    Ok(())
}

/// Every pinned guest.
pub fn pinned_guests(conn: &Connection) -> Result<Vec<PinnedGuest>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT key_fingerprint, public_key, name, role FROM session_guest ORDER BY paired_at")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (tls_key, public_key, name, role) = row?;
        let role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("unknown role {role:?}")))?;
        out.push(PinnedGuest { tls_key, public_key, name, role });
    }
    Ok(out)
}

/// Remembers a host after pairing with it (again: the latest address wins).
pub fn remember_host(conn: &Connection, h: &SessionKnown) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO session_host (host_key, address, roadmap_name, host_name, as_name, as_role, joined_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (host_key) DO UPDATE SET address = excluded.address, roadmap_name = excluded.roadmap_name,
             host_name = excluded.host_name, as_name = excluded.as_name, as_role = excluded.as_role,
             joined_at = excluded.joined_at",
        params![h.host_key, h.address, h.roadmap_name, h.host_name, h.as_name, h.as_role.as_str(), h.joined_at],
    )?;
    Ok(())
}

/// Hosts joined before, the latest first.
pub fn joined_hosts(conn: &Connection) -> Result<Vec<SessionKnown>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT host_key, address, roadmap_name, host_name, as_name, as_role, joined_at
         FROM session_host ORDER BY joined_at DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        let role: String = r.get(5)?;
        Ok((
            SessionKnown {
                host_key: r.get(0)?,
                address: r.get(1)?,
                roadmap_name: r.get(2)?,
                host_name: r.get(3)?,
                as_name: r.get(4)?,
                as_role: Role::Pm,
                joined_at: r.get(6)?,
            },
            role,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (mut host, role) = row?;
        host.as_role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("unknown role {role:?}")))?;
        out.push(host);
    }
    Ok(out)
}

/// Forgets a host: joining it again takes a new code. `false` if unknown.
pub fn forget_host(conn: &Connection, host_key: &str) -> Result<bool, StoreError> {
    Ok(conn.execute("DELETE FROM session_host WHERE host_key = ?1", params![host_key])? > 0)
}

/// A host's roadmap kept on this machine after a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptRow {
    pub roadmap_uid: String,
    pub host_key: String,
    pub host_name: String,
    pub roadmap_name: String,
    pub document: String,
    pub kept_at: String,
}

/// Keeps (again: the latest wins) a host's roadmap as last seen.
pub fn keep_roadmap(conn: &Connection, row: &KeptRow) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO kept_roadmap (roadmap_uid, host_key, host_name, roadmap_name, document, kept_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (roadmap_uid) DO UPDATE SET host_key = excluded.host_key, host_name = excluded.host_name,
             roadmap_name = excluded.roadmap_name, document = excluded.document, kept_at = excluded.kept_at",
        params![row.roadmap_uid, row.host_key, row.host_name, row.roadmap_name, row.document, row.kept_at],
    )?;
    Ok(())
}

/// Every kept roadmap, the latest first.
pub fn kept_roadmaps(conn: &Connection) -> Result<Vec<KeptRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT roadmap_uid, host_key, host_name, roadmap_name, document, kept_at FROM kept_roadmap ORDER BY kept_at DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(KeptRow {
            roadmap_uid: r.get(0)?,
            host_key: r.get(1)?,
            host_name: r.get(2)?,
            roadmap_name: r.get(3)?,
            document: r.get(4)?,
            kept_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
