use accord_domain::{Profile, ProfileId, Role};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::StoreError;

type Columns = (ProfileId, String, String, String, String);

const COLUMNS: &str = "id, name, role, created_at, uid";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Columns> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

/// A stored profile's role, or the corruption it is.
pub(crate) fn role_of(id: ProfileId, role: &str) -> Result<Role, StoreError> {
    Role::parse(role).ok_or_else(|| StoreError::Corrupt(format!("profile {id} has role {role:?}")))
}

fn build((id, name, role, created_at, uid): Columns) -> Result<Profile, StoreError> {
    Ok(Profile { id, uid, name, role: role_of(id, &role)?, created_at })
}

/// Inserts a profile with its global identity `uid` (new, or the one the
/// person has on their own machine).
pub fn insert(conn: &Connection, uid: &str, name: &str, role: Role, at: &str) -> Result<ProfileId, StoreError> {
    conn.execute(
        "INSERT INTO profile (uid, name, role, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![uid, name, role.as_str(), at],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: ProfileId) -> Result<Option<Profile>, StoreError> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM profile WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .map(build)
        .transpose()
}

pub fn by_uid(conn: &Connection, uid: &str) -> Result<Option<Profile>, StoreError> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM profile WHERE uid = ?1"))?
        .query_row([uid], from_row)
        .optional()?
        .map(build)
        .transpose()
}

pub fn list(conn: &Connection) -> Result<Vec<Profile>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM profile ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?;
    rows.map(|r| build(r?)).collect()
}
