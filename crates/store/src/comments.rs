//! Discussion threads on items and decisions, kept as written.

use accord_domain::{Comment, Field, ItemId, ProfileId, RoadmapId, Role};
use rusqlite::{params, Connection, Row};

use crate::StoreError;

const SELECT: &str = "SELECT c.id, c.roadmap_id, c.item_id, c.decision_id, c.field, p.name, p.role, c.body, c.at
    FROM comment c JOIN profile p ON p.id = c.author_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Comment, StoreError>> {
    let id: i64 = r.get(0)?;
    let (field, role): (Option<String>, String) = (r.get(4)?, r.get(6)?);
    let corrupt = |what: &str| StoreError::Corrupt(format!("comment {id}: {what}"));
    let build = || -> Result<Comment, StoreError> {
        Ok(Comment {
            id,
            roadmap_id: r.get(1)?,
            item_id: r.get(2)?,
            decision_id: r.get(3)?,
            field: match field.as_deref() {
                None => None,
                Some(f) => Some(Field::parse(f).ok_or_else(|| corrupt("field"))?),
            },
            author_name: r.get(5)?,
            author_role: Role::parse(&role).ok_or_else(|| corrupt("role"))?,
            body: r.get(7)?,
            at: r.get(8)?,
        })
    };
    Ok(build())
}

pub struct NewComment<'a> {
    pub roadmap_id: RoadmapId,
    pub item_id: Option<ItemId>,
    pub decision_id: Option<i64>,
    pub field: Option<Field>,
    pub author_id: ProfileId,
    pub body: &'a str,
    pub at: &'a str,
}

pub fn insert(conn: &Connection, c: &NewComment<'_>) -> Result<i64, StoreError> {
    conn.prepare_cached(
        "INSERT INTO comment (roadmap_id, item_id, decision_id, field, author_id, body, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        c.roadmap_id,
        c.item_id,
        c.decision_id,
        c.field.map(|f| f.as_str()),
        c.author_id,
        c.body,
        c.at
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Comment>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?;
    let mut rows = stmt.query_map([id], from_row)?;
    rows.next().map(|r| r?).transpose()
}

/// An item's (or a decision's) thread, oldest first.
pub fn thread(
    conn: &Connection,
    item_id: Option<ItemId>,
    decision_id: Option<i64>,
) -> Result<Vec<Comment>, StoreError> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE c.item_id IS ?1 AND c.decision_id IS ?2 ORDER BY c.id"))?;
    let rows = stmt.query_map(params![item_id, decision_id], from_row)?;
    rows.map(|r| r?).collect()
}

/// A roadmap's comments after its first `skip`, oldest first. (Each
/// comment is written with its `commented` history line, so the comments
/// after a history line are those after as many as there are such lines
/// up to it.)
pub fn after_first(conn: &Connection, roadmap_id: RoadmapId, skip: i64) -> Result<Vec<Comment>, StoreError> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE c.roadmap_id = ?1 ORDER BY c.id LIMIT -1 OFFSET ?2"))?;
    let rows = stmt.query_map(params![roadmap_id, skip], from_row)?;
    rows.map(|r| r?).collect()
}
