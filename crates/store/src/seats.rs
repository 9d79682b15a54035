//! A roadmap's EM and PM seats: each is held by one profile, bound once.

use accord_domain::{ProfileId, RoadmapId, Role};
use rusqlite::{params, Connection, OptionalExtension};

use crate::StoreError;

/// Who holds `role`'s seat on the roadmap, if anyone yet.
pub fn holder(conn: &Connection, roadmap_id: RoadmapId, role: Role) -> Result<Option<ProfileId>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT profile_id FROM roadmap_seat WHERE roadmap_id = ?1 AND role = ?2")?
        .query_row(params![roadmap_id, role.as_str()], |r| r.get(0))
        .optional()?)
}

/// Gives an open seat to `profile_id`. A held seat is never rebound (the
/// table refuses it).
pub fn bind(
    conn: &Connection,
    roadmap_id: RoadmapId,
    role: Role,
    profile_id: ProfileId,
    at: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO roadmap_seat (roadmap_id, role, profile_id, bound_at) VALUES (?1, ?2, ?3, ?4)",
        params![roadmap_id, role.as_str(), profile_id, at],
    )?;
    Ok(())
}
