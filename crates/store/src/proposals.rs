use accord_domain::{Field, ItemId, ProfileId, Proposal, ProposalId, ProposalStatus, RoadmapId, Role};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::StoreError;

const SELECT: &str = "SELECT p.id, p.item_id, p.field, p.body, p.before_text, p.base_revision,
        p.author_id, a.name, a.role, p.status, p.response_reason, r.name, p.created_at, p.responded_at
    FROM proposal p
    JOIN profile a ON a.id = p.author_id
    LEFT JOIN profile r ON r.id = p.responder_id";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Result<Proposal, StoreError>> {
    let id: ProposalId = row.get(0)?;
    let field: String = row.get(2)?;
    let role: String = row.get(8)?;
    let status: String = row.get(9)?;
    let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("proposal {id}: {what} {v:?}"));
    let built = (|| {
        Ok(Proposal {
            id,
            item_id: row.get(1)?,
            field: Field::parse(&field).ok_or_else(|| corrupt("field", &field))?,
            body: row.get(3)?,
            before_text: row.get(4)?,
            base_revision: row.get(5)?,
            author_id: row.get(6)?,
            author_name: row.get(7)?,
            author_role: Role::parse(&role).ok_or_else(|| corrupt("role", &role))?,
            status: ProposalStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
            response_reason: row.get(10)?,
            responder_name: row.get(11)?,
            created_at: row.get(12)?,
            responded_at: row.get(13)?,
        })
    })();
    Ok(built)
}

pub struct NewProposal<'a> {
    pub item_id: ItemId,
    pub field: Field,
    pub body: &'a str,
    pub before_text: &'a str,
    pub base_revision: i64,
    pub author_id: ProfileId,
    pub at: &'a str,
}

pub fn insert(conn: &Connection, p: &NewProposal<'_>) -> Result<ProposalId, StoreError> {
    conn.prepare_cached(
        "INSERT INTO proposal (item_id, field, body, before_text, base_revision, author_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![p.item_id, p.field.as_str(), p.body, p.before_text, p.base_revision, p.author_id, p.at])?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: ProposalId) -> Result<Option<Proposal>, StoreError> {
    conn.prepare_cached(&format!("{SELECT} WHERE p.id = ?1"))?.query_row([id], from_row).optional()?.transpose()
}

/// An item's proposals, pending first, then newest first.
pub fn for_item(conn: &Connection, item_id: ItemId) -> Result<Vec<Proposal>, StoreError> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE p.item_id = ?1 ORDER BY p.status != 'pending', p.id DESC"))?;
    let rows = stmt.query_map([item_id], from_row)?;
    rows.map(|r| r?).collect()
}

/// Records the owner's answer; false if the proposal was no longer pending.
pub fn respond(
    conn: &Connection,
    id: ProposalId,
    status: ProposalStatus,
    reason: &str,
    responder: ProfileId,
    at: &str,
) -> Result<bool, StoreError> {
    let n = conn.execute(
        "UPDATE proposal SET status = ?1, response_reason = ?2, responder_id = ?3, responded_at = ?4
         WHERE id = ?5 AND status = 'pending'",
        params![status.as_str(), reason, responder, at, id],
    )?;
    Ok(n == 1)
}

/// A roadmap's answered proposals on items: (accepted, filed at, answered at).
pub fn answered(conn: &Connection, roadmap_id: RoadmapId) -> Result<Vec<(bool, String, String)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.status = 'accepted', p.created_at, p.responded_at FROM proposal p JOIN item i ON i.id = p.item_id
         WHERE i.roadmap_id = ?1 AND p.status != 'pending' AND p.responded_at IS NOT NULL",
    )?;
    let rows = stmt.query_map([roadmap_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Pending proposals on a roadmap's items, oldest first.
pub fn pending_for_roadmap(conn: &Connection, roadmap_id: RoadmapId) -> Result<Vec<Proposal>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} JOIN item i ON i.id = p.item_id WHERE i.roadmap_id = ?1 AND p.status = 'pending' ORDER BY p.id"
    ))?;
    let rows = stmt.query_map([roadmap_id], from_row)?;
    rows.map(|r| r?).collect()
}
