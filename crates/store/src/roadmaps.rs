use accord_domain::{Roadmap, RoadmapId};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::StoreError;

const COLUMNS: &str =
    "id, name, team, em_name, pm_name, director_name, head_of_product_name, created_at, uid, archived";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Roadmap> {
    Ok(Roadmap {
        id: r.get(0)?,
        name: r.get(1)?,
        team: r.get(2)?,
        em_name: r.get(3)?,
        pm_name: r.get(4)?,
        director_name: r.get(5)?,
        head_of_product_name: r.get(6)?,
        created_at: r.get(7)?,
        uid: r.get(8)?,
        archived: r.get(9)?,
    })
}

/// Inserts `roadmap` (its `id` is ignored) and returns the new id.
pub fn insert(conn: &Connection, roadmap: &Roadmap) -> Result<RoadmapId, StoreError> {
    conn.execute(
        "INSERT INTO roadmap (name, team, em_name, pm_name, director_name, head_of_product_name, created_at, uid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            roadmap.name,
            roadmap.team,
            roadmap.em_name,
            roadmap.pm_name,
            roadmap.director_name,
            roadmap.head_of_product_name,
            roadmap.created_at,
            roadmap.uid
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: RoadmapId) -> Result<Option<Roadmap>, StoreError> {
    Ok(conn.query_row(&format!("SELECT {COLUMNS} FROM roadmap WHERE id = ?1"), [id], from_row).optional()?)
}

pub fn list(conn: &Connection) -> Result<Vec<Roadmap>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM roadmap ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A roadmap's global identity, as signatures name it.
pub fn uid(conn: &Connection, id: RoadmapId) -> Result<Option<String>, StoreError> {
    Ok(conn.prepare_cached("SELECT uid FROM roadmap WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

/// Archives a roadmap (or brings it back); nothing is deleted.
pub fn set_archived(conn: &Connection, id: RoadmapId, archived: bool) -> Result<bool, StoreError> {
    Ok(conn.execute("UPDATE roadmap SET archived = ?1 WHERE id = ?2", params![archived, id])? == 1)
}
