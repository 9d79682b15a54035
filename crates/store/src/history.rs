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
    /// For an undo: the line whose change this reverses.
    pub undoes: Option<i64>,
}

pub fn append(conn: &Connection, c: &Change<'_>) -> Result<i64, StoreError> {
    conn.prepare_cached(
        "INSERT INTO history (roadmap_id, item_id, actor_id, actor_name, actor_role, at, action, field, before, after,
            decision_id, undoes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
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
        c.decision_id,
        c.undoes
    ])?;
    Ok(conn.last_insert_rowid())
}

type Raw = (i64, Option<ItemId>, String, String, String, String, String, String, String, Option<i64>, Option<i64>);

fn from_row(r: &Row<'_>) -> rusqlite::Result<Raw> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
    ))
}

fn build(raw: Raw) -> Result<HistoryEntry, StoreError> {
    let (id, item_id, actor_name, role, at, action, field, before, after, decision_id, undoes) = raw;
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
        undoes,
    })
}

const SELECT: &str =
    "SELECT id, item_id, actor_name, actor_role, at, action, field, before, after, decision_id, undoes FROM history";

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

/// A roadmap's changes after history line `after` (0 for all), oldest
/// first, at most `limit`. Lines are ordered by id, not by time: two
/// changes in the same millisecond keep their order.
pub fn since(
    conn: &Connection,
    roadmap_id: RoadmapId,
    after: i64,
    limit: u32,
) -> Result<Vec<HistoryEntry>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE roadmap_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3"))?;
    let rows = stmt.query_map(params![roadmap_id, after, limit], from_row)?;
    rows.map(|r| build(r?)).collect()
}

/// How many changes a roadmap has had after history line `after`.
pub fn count_since(conn: &Connection, roadmap_id: RoadmapId, after: i64) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM history WHERE roadmap_id = ?1 AND id > ?2")?
        .query_row(params![roadmap_id, after], |r| r.get(0))?)
}

/// The id of the roadmap's newest history line of `action`, if any.
pub fn last_of(conn: &Connection, roadmap_id: RoadmapId, action: HistoryAction) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT max(id) FROM history WHERE roadmap_id = ?1 AND action = ?2")?
        .query_row(params![roadmap_id, action.as_str()], |r| r.get(0))?)
}

/// How many of the roadmap's history lines of `action` there are up to and including line `upto`.
pub fn count_upto(
    conn: &Connection,
    roadmap_id: RoadmapId,
    action: HistoryAction,
    upto: i64,
) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM history WHERE roadmap_id = ?1 AND action = ?2 AND id <= ?3")?
        .query_row(params![roadmap_id, action.as_str(), upto], |r| r.get(0))?)
}

/// The newest change `actor` made on the roadmap that an undo may reverse:
/// not itself an undo, not yet undone, and one of `actions`.
pub fn last_undoable(
    conn: &Connection,
    roadmap_id: RoadmapId,
    actor: i64,
    actions: &[HistoryAction],
) -> Result<Option<HistoryEntry>, StoreError> {
    let list: Vec<String> = actions.iter().map(|a| format!("'{}'", a.as_str())).collect();
    let sql = format!(
        "{SELECT} h WHERE roadmap_id = ?1 AND actor_id = ?2 AND undoes IS NULL AND action IN ({})
           AND NOT EXISTS (SELECT 1 FROM history u WHERE u.undoes = h.id)
         ORDER BY id DESC LIMIT 1",
        list.join(", ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query_map(params![roadmap_id, actor], from_row)?;
    rows.next().map(|r| build(r?)).transpose()
}

/// Whether anything of `actions` happened to `item` after history line `after_id`.
pub fn any_after(
    conn: &Connection,
    item_id: ItemId,
    after_id: i64,
    action: HistoryAction,
) -> Result<Option<HistoryEntry>, StoreError> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE item_id = ?1 AND id > ?2 AND action = ?3 ORDER BY id LIMIT 1"))?;
    let mut rows = stmt.query_map(params![item_id, after_id, action.as_str()], from_row)?;
    rows.next().map(|r| build(r?)).transpose()
}
