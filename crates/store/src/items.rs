use accord_domain::{Dimension, Field, Item, ItemId, ItemKind, ItemStatus, Matrix, Planning, RoadmapId, When};
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::StoreError;

const SELECT: &str = "SELECT id, roadmap_id, title, rank, status, kind, horizon,
        dim_what, dim_why, dim_how, dim_who, dim_when, revision, archived, updated_at,
        (SELECT group_concat(DISTINCT p.field) FROM proposal p
          WHERE p.item_id = item.id AND p.status = 'pending') AS pending,
        planning, when_before_upgrade
    FROM item";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Item, StoreError>> {
    let id: ItemId = r.get(0)?;
    let status: String = r.get(4)?;
    let kind: String = r.get(5)?;
    let pending: Option<String> = r.get(15)?;
    let planning: String = r.get(16)?;
    let when: String = r.get(11)?;
    let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("item {id}: {what} {v:?}"));
    let item = (|| {
        let mut pending: Vec<Field> = pending
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| Field::parse(s).ok_or_else(|| corrupt("proposal field", s)))
            .collect::<Result<_, _>>()?;
        pending.sort_by_key(|d| Field::ALL.iter().position(|x| x == d));
        let planning: Planning = serde_json::from_str(&planning).map_err(|_| corrupt("planning", &planning))?;
        Ok(Item {
            id,
            roadmap_id: r.get(1)?,
            title: r.get(2)?,
            rank: r.get(3)?,
            status: ItemStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
            kind: ItemKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
            horizon: r.get(6)?,
            schedule: When::parse(&when),
            when_before_upgrade: r.get(17)?,
            matrix: Matrix { what: r.get(7)?, why: r.get(8)?, how: r.get(9)?, who: r.get(10)?, when },
            planning,
            revision: r.get(12)?,
            archived: r.get(13)?,
            pending,
            updated_at: r.get(14)?,
        })
    })();
    Ok(item.map_err(|e: StoreError| e))
}

pub fn get(conn: &Connection, id: ItemId) -> Result<Option<Item>, StoreError> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?.query_row([id], from_row).optional()?.transpose()
}

/// The roadmap's items in priority order.
pub fn list(conn: &Connection, roadmap_id: RoadmapId, archived: bool) -> Result<Vec<Item>, StoreError> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE roadmap_id = ?1 AND archived = ?2 ORDER BY rank, id"))?;
    let rows = stmt.query_map(params![roadmap_id, archived], from_row)?;
    rows.map(|r| r?).collect()
}

/// The first `limit` of the roadmap's live items in priority order, and how
/// many it has: enough to draw the first screen before the rest is read.
pub fn first(conn: &Connection, roadmap_id: RoadmapId, limit: u32) -> Result<(Vec<Item>, u32), StoreError> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE roadmap_id = ?1 AND archived = 0 ORDER BY rank, id LIMIT ?2"))?;
    let items = stmt.query_map(params![roadmap_id, limit], from_row)?.map(|r| r?).collect::<Result<Vec<_>, _>>()?;
    let total = conn
        .prepare_cached("SELECT count(*) FROM item WHERE roadmap_id = ?1 AND archived = 0")?
        .query_row([roadmap_id], |r| r.get(0))?;
    Ok((items, total))
}

pub struct NewItem<'a> {
    pub roadmap_id: RoadmapId,
    pub title: &'a str,
    pub status: ItemStatus,
    pub kind: ItemKind,
    pub horizon: &'a str,
    pub at: &'a str,
}

/// Adds an item at the bottom of the priority order.
pub fn insert(conn: &Connection, n: &NewItem<'_>) -> Result<ItemId, StoreError> {
    conn.prepare_cached(
        "INSERT INTO item (roadmap_id, title, rank, status, kind, horizon, created_at, updated_at)
         VALUES (?1, ?2, (SELECT COALESCE(MAX(rank), 0) + 1 FROM item WHERE roadmap_id = ?1 AND archived = 0),
                 ?3, ?4, ?5, ?6, ?6)",
    )?
    .execute(params![n.roadmap_id, n.title, n.status.as_str(), n.kind.as_str(), n.horizon, n.at])?;
    Ok(conn.last_insert_rowid())
}

/// The columns a compare-and-set update may write.
#[derive(Debug, Clone, Copy)]
pub enum Column {
    Title,
    Status,
    Kind,
    Horizon,
    Archived,
    Dim(Dimension),
    /// The planning fields, as JSON of [`Planning`].
    Planning,
}

macro_rules! cas_update {
    ($col:literal) => {
        cas_update!($col, "")
    };
    ($col:literal, $also:literal) => {
        concat!(
            "UPDATE item SET ",
            $col,
            " = ?1",
            $also,
            ", revision = revision + 1, updated_at = ?2 WHERE id = ?3 AND revision = ?4"
        )
    };
}

impl Column {
    /// The compare-and-set statement for this column, built at compile time
    /// so the statement cache is hit without formatting on every edit.
    fn update_sql(self) -> &'static str {
        match self {
            Column::Title => cas_update!("title"),
            Column::Status => cas_update!("status"),
            Column::Kind => cas_update!("kind"),
            Column::Horizon => cas_update!("horizon"),
            Column::Archived => cas_update!("archived"),
            Column::Planning => cas_update!("planning"),
            Column::Dim(Dimension::What) => cas_update!("dim_what"),
            Column::Dim(Dimension::Why) => cas_update!("dim_why"),
            Column::Dim(Dimension::How) => cas_update!("dim_how"),
            Column::Dim(Dimension::Who) => cas_update!("dim_who"),
            // The first change to a *when* ends what a signature over its
            // pre-upgrade text covers.
            Column::Dim(Dimension::When) => cas_update!("dim_when", ", when_before_upgrade = NULL"),
        }
    }
}

/// Writes one column if, and only if, the item is still at `base_revision`;
/// bumps the revision. Returns false when the revision had moved on.
pub fn set_if_current(
    conn: &Connection,
    id: ItemId,
    base_revision: i64,
    column: Column,
    value: &dyn rusqlite::ToSql,
    at: &str,
) -> Result<bool, StoreError> {
    let n = conn.prepare_cached(column.update_sql())?.execute(params![value, at, id, base_revision])?;
    Ok(n == 1)
}

/// Renumbers the visible items 1..n in the given order, writing only the
/// rows whose rank changes. Items that merely shift keep their revision and
/// `updated_at`: their own content did not change.
pub fn renumber(conn: &Connection, ordered: &[ItemId]) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached("UPDATE item SET rank = ?1 WHERE id = ?2 AND rank != ?1")?;
    for (i, id) in ordered.iter().enumerate() {
        stmt.execute(params![i as i64 + 1, id])?;
    }
    Ok(())
}

/// Moves an archived item back to the bottom of the visible order.
pub fn rank_last(conn: &Connection, id: ItemId, roadmap_id: RoadmapId) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE item SET rank = (SELECT COALESCE(MAX(rank), 0) + 1 FROM item WHERE roadmap_id = ?2 AND archived = 0)
         WHERE id = ?1",
        params![id, roadmap_id],
    )?;
    Ok(())
}

/// The visible items' ids in priority order.
pub fn order(conn: &Connection, roadmap_id: RoadmapId) -> Result<Vec<ItemId>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM item WHERE roadmap_id = ?1 AND archived = 0 ORDER BY rank, id")?;
    let rows = stmt.query_map([roadmap_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Bumps the revision of an item whose change lives outside its own row
/// (its place in the order), if it is still at `base_revision`.
pub fn touch_if_current(conn: &Connection, id: ItemId, base_revision: i64, at: &str) -> Result<bool, StoreError> {
    let n = conn
        .prepare_cached("UPDATE item SET revision = revision + 1, updated_at = ?1 WHERE id = ?2 AND revision = ?3")?
        .execute(params![at, id, base_revision])?;
    Ok(n == 1)
}

/// Every item's dependencies in a roadmap (archived items included: a
/// restored item brings its links back).
pub fn dependency_edges(conn: &Connection, roadmap_id: RoadmapId) -> Result<HashMap<ItemId, Vec<ItemId>>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, json_extract(planning, '$.depends_on') FROM item
          WHERE roadmap_id = ?1 AND json_array_length(planning, '$.depends_on') > 0",
    )?;
    let rows = stmt.query_map([roadmap_id], |r| Ok((r.get::<_, ItemId>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, json) = row?;
        let deps: Vec<ItemId> =
            serde_json::from_str(&json).map_err(|_| StoreError::Corrupt(format!("item {id}: depends_on {json:?}")))?;
        out.insert(id, deps);
    }
    Ok(out)
}

/// Titles of the given items, for naming them in a message.
pub fn titles(conn: &Connection, ids: &[ItemId]) -> Result<HashMap<ItemId, String>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT title FROM item WHERE id = ?1")?;
    let mut out = HashMap::new();
    for &id in ids {
        if let Some(t) = stmt.query_row([id], |r| r.get::<_, String>(0)).optional()? {
            out.insert(id, t);
        }
    }
    Ok(out)
}

/// A copy of `from` at the bottom of another roadmap's order: its title,
/// status, kind, horizon, matrix and `planning` (as JSON), at revision 1.
pub fn insert_copy(
    conn: &Connection,
    roadmap_id: RoadmapId,
    from: &Item,
    planning: &str,
    at: &str,
) -> Result<ItemId, StoreError> {
    conn.prepare_cached(
        "INSERT INTO item (roadmap_id, title, rank, status, kind, horizon, dim_what, dim_why, dim_how, dim_who,
                           dim_when, planning, created_at, updated_at)
         VALUES (?1, ?2, (SELECT COALESCE(MAX(rank), 0) + 1 FROM item WHERE roadmap_id = ?1 AND archived = 0),
                 ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    )?
    .execute(params![
        roadmap_id,
        from.title,
        from.status.as_str(),
        from.kind.as_str(),
        from.horizon,
        from.matrix.what,
        from.matrix.why,
        from.matrix.how,
        from.matrix.who,
        from.matrix.when,
        planning,
        at
    ])?;
    Ok(conn.last_insert_rowid())
}
