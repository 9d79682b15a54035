use accord_domain::{HistoryAction, HistoryEntry, ItemId, Profile, RoadmapId, Role};
use rusqlite::{params, Connection, Row};

use crate::StoreError;

/// One change about to be recorded; written in the transaction of the change.
pub struct Change<'a> {
    pub roadmap_id: RoadmapId,
    pub item_id: Option<ItemId>,
    pub decision_id: Option<i64>,
    pub actor: &'a Profile,
    pub at: &'a str,
    pub action: HistoryAction,
    pub field: &'a str,
    pub before: &'a str,
    pub after: &'a str,
}

pub fn append(conn: &Connection, c: &Change<'_>) -> Result<i64, StoreError> {
    conn.prepare_cached(
        "INSERT INTO history (roadmap_id, item_id, actor_id, actor_name, actor_role, at, action, field, before, after, decision_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        c.roadmap_id,
        c.item_id,
        c.actor.id,
        c.actor.name,
        c.actor.role.as_str(),
        c.at,
        c.action.as_str(),
        c.field,
        c.before,
        c.after,
        c.decision_id
    ])?;
    Ok(conn.last_insert_rowid())
}

type Raw = (i64, Option<ItemId>, String, String, String, String, String, String, String, Option<i64>);

fn from_row(r: &Row<'_>) -> rusqlite::Result<Raw> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
}

fn build(raw: Raw) -> Result<HistoryEntry, StoreError> {
    let (id, item_id, actor_name, role, at, action, field, before, after, decision_id) = raw;
    Ok(HistoryEntry {
        id,
        item_id,
        decision_id,
        actor_name,
        actor_role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("history {id}: role {role:?}")))?,
        at,
        action: HistoryAction::parse(&action)
            .ok_or_else(|| StoreError::Corrupt(format!("history {id}: action {action:?}")))?,
        field,
        before,
        after,
    })
}

const SELECT: &str =
    "SELECT id, item_id, actor_name, actor_role, at, action, field, before, after, decision_id FROM history";

/// An item's history, newest first.
pub fn for_item(conn: &Connection, item_id: ItemId) -> Result<Vec<HistoryEntry>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE item_id = ?1 ORDER BY id DESC"))?;
    let rows = stmt.query_map([item_id], from_row)?;
    rows.map(|r| build(r?)).collect()
}

/// A roadmap's most recent changes, newest first.
pub fn recent(conn: &Connection, roadmap_id: RoadmapId, limit: u32) -> Result<Vec<HistoryEntry>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE roadmap_id = ?1 ORDER BY id DESC LIMIT ?2"))?;
    let rows = stmt.query_map(params![roadmap_id, limit], from_row)?;
    rows.map(|r| build(r?)).collect()
}

/// A decision's history, newest first.
pub fn for_decision(conn: &Connection, decision_id: i64) -> Result<Vec<HistoryEntry>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE decision_id = ?1 ORDER BY id DESC"))?;
    let rows = stmt.query_map([decision_id], from_row)?;
    rows.map(|r| build(r?)).collect()
}
