//! Signed baselines: immutable snapshots of a roadmap.

use accord_domain::{ProfileId, RoadmapId};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::StoreError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineRow {
    pub id: i64,
    pub roadmap_id: RoadmapId,
    pub name: String,
    /// Canonical JSON of the snapshot, exactly as hashed and signed.
    pub snapshot: String,
    pub content_hash: String,
    pub created_by_name: String,
    pub created_at: String,
}

const SELECT: &str = "SELECT b.id, b.roadmap_id, b.name, b.snapshot, b.content_hash, p.name, b.created_at
    FROM baseline b JOIN profile p ON p.id = b.created_by";

fn from_row(r: &Row<'_>) -> rusqlite::Result<BaselineRow> {
    Ok(BaselineRow {
        id: r.get(0)?,
        roadmap_id: r.get(1)?,
        name: r.get(2)?,
        snapshot: r.get(3)?,
        content_hash: r.get(4)?,
        created_by_name: r.get(5)?,
        created_at: r.get(6)?,
    })
}

pub fn insert(
    conn: &Connection,
    roadmap_id: RoadmapId,
    name: &str,
    snapshot: &str,
    content_hash: &str,
    by: ProfileId,
    at: &str,
) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO baseline (roadmap_id, name, snapshot, content_hash, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![roadmap_id, name, snapshot, content_hash, by, at],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<BaselineRow>, StoreError> {
    Ok(conn.prepare_cached(&format!("{SELECT} WHERE b.id = ?1"))?.query_row([id], from_row).optional()?)
}

/// A roadmap's baselines, newest first.
pub fn list(conn: &Connection, roadmap_id: RoadmapId) -> Result<Vec<BaselineRow>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE b.roadmap_id = ?1 ORDER BY b.id DESC"))?;
    let rows = stmt.query_map([roadmap_id], from_row)?;
    rows.collect::<Result<_, _>>().map_err(Into::into)
}
