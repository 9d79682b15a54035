//! Decision records, positions and escalations.

use accord_domain::{
    Decision, DecisionId, DecisionKind, DecisionStatus, DecisionTopic, ItemId, Position, ProfileId, RoadmapId, Role,
};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::StoreError;

const SELECT: &str = "SELECT d.id, d.roadmap_id, d.kind, d.topic, d.title, d.context, d.options, d.outcome,
        d.linked_items, d.trade_off_for, d.deprioritised, d.capacity_reason, d.status, d.supersedes,
        d.superseded_by, d.revision, p.name, d.created_at, d.updated_at, d.capacity
    FROM decision d JOIN profile p ON p.id = d.created_by";

fn ids(json: &str, id: DecisionId) -> Result<Vec<ItemId>, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("decision {id}: item list: {e}")))
}

fn ids_json(v: &[ItemId]) -> String {
    serde_json::to_string(v).expect("a list of integers serialises")
}

fn capacity_json(d: &Decision) -> Option<String> {
    d.capacity.map(|c| serde_json::to_string(&c).expect("three integers serialise"))
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Decision, StoreError>> {
    let id: DecisionId = r.get(0)?;
    let (kind, topic, status): (String, String, String) = (r.get(2)?, r.get(3)?, r.get(12)?);
    let (linked, deprioritised): (String, String) = (r.get(8)?, r.get(10)?);
    let capacity: Option<String> = r.get(19)?;
    let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("decision {id}: {what} {v:?}"));
    let build = || -> Result<Decision, StoreError> {
        Ok(Decision {
            id,
            roadmap_id: r.get(1)?,
            kind: DecisionKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
            topic: DecisionTopic::parse(&topic).ok_or_else(|| corrupt("topic", &topic))?,
            title: r.get(4)?,
            context: r.get(5)?,
            options: r.get(6)?,
            outcome: r.get(7)?,
            linked_items: ids(&linked, id)?,
            trade_off_for: r.get(9)?,
            deprioritised: ids(&deprioritised, id)?,
            capacity_reason: r.get(11)?,
            capacity: match capacity.as_deref() {
                None => None,
                Some(c) => Some(serde_json::from_str(c).map_err(|_| corrupt("capacity share", c))?),
            },
            status: DecisionStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
            supersedes: r.get(13)?,
            superseded_by: r.get(14)?,
            revision: r.get(15)?,
            created_by_name: r.get(16)?,
            created_at: r.get(17)?,
            updated_at: r.get(18)?,
        })
    };
    Ok(build())
}

pub fn get(conn: &Connection, id: DecisionId) -> Result<Option<Decision>, StoreError> {
    conn.prepare_cached(&format!("{SELECT} WHERE d.id = ?1"))?.query_row([id], from_row).optional()?.transpose()
}

/// A roadmap's decisions, newest first.
pub fn list(conn: &Connection, roadmap_id: RoadmapId) -> Result<Vec<Decision>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE d.roadmap_id = ?1 ORDER BY d.id DESC"))?;
    let rows = stmt.query_map([roadmap_id], from_row)?;
    rows.map(|r| r?).collect()
}

/// Inserts a decision as given (its id, revision and times are assigned here).
pub fn insert(conn: &Connection, d: &Decision, created_by: ProfileId, at: &str) -> Result<DecisionId, StoreError> {
    conn.prepare_cached(
        "INSERT INTO decision (roadmap_id, kind, topic, title, context, options, outcome, linked_items,
            trade_off_for, deprioritised, capacity_reason, status, supersedes, created_by, created_at, updated_at,
            capacity)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16)",
    )?
    .execute(params![
        d.roadmap_id,
        d.kind.as_str(),
        d.topic.as_str(),
        d.title,
        d.context,
        d.options,
        d.outcome,
        ids_json(&d.linked_items),
        d.trade_off_for,
        ids_json(&d.deprioritised),
        d.capacity_reason,
        d.status.as_str(),
        d.supersedes,
        created_by,
        at,
        capacity_json(d),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Writes a decision's editable fields if it is still at `base_revision`;
/// false when another change won the race.
pub fn update_if_current(conn: &Connection, d: &Decision, base_revision: i64, at: &str) -> Result<bool, StoreError> {
    let n = conn
        .prepare_cached(
            "UPDATE decision SET title = ?1, context = ?2, options = ?3, outcome = ?4, linked_items = ?5,
                status = ?6, superseded_by = ?7, revision = revision + 1, updated_at = ?8, capacity = ?11
             WHERE id = ?9 AND revision = ?10",
        )?
        .execute(params![
            d.title,
            d.context,
            d.options,
            d.outcome,
            ids_json(&d.linked_items),
            d.status.as_str(),
            d.superseded_by,
            at,
            d.id,
            base_revision,
            capacity_json(d),
        ])?;
    Ok(n == 1)
}

pub fn positions(conn: &Connection, decision_id: DecisionId) -> Result<Vec<Position>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT dp.role, p.name, dp.position, dp.understanding, dp.compromises, dp.updated_at
         FROM decision_position dp JOIN profile p ON p.id = dp.author_id
         WHERE dp.decision_id = ?1 ORDER BY dp.role",
    )?;
    let rows = stmt.query_map([decision_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
    })?;
    rows.map(|row| {
        let (role, author_name, position, understanding, compromises, updated_at) = row?;
        let role = Role::parse(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("decision {decision_id}: position role {role:?}")))?;
        Ok(Position { role, author_name, position, understanding, compromises, updated_at })
    })
    .collect()
}

pub fn upsert_position(
    conn: &Connection,
    decision_id: DecisionId,
    author_id: ProfileId,
    p: &Position,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO decision_position (decision_id, role, author_id, position, understanding, compromises, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (decision_id, role) DO UPDATE SET author_id = ?3, position = ?4, understanding = ?5,
            compromises = ?6, updated_at = ?7",
        params![decision_id, p.role.as_str(), author_id, p.position, p.understanding, p.compromises, p.updated_at],
    )?;
    Ok(())
}

/// An escalation as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationRow {
    pub decision_id: DecisionId,
    pub director_name: String,
    pub head_of_product_name: String,
    pub escalated_by_name: String,
    pub escalated_at: String,
    pub decided_by: Option<String>,
    pub resolution: Option<String>,
    pub resolved_hash: Option<String>,
    pub recorded_by_name: Option<String>,
    pub resolved_at: Option<String>,
}

pub fn escalation(conn: &Connection, decision_id: DecisionId) -> Result<Option<EscalationRow>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT e.decision_id, e.director_name, e.head_of_product_name, a.name, e.escalated_at,
                e.decided_by, e.resolution, e.resolved_hash, r.name, e.resolved_at
             FROM escalation e JOIN profile a ON a.id = e.escalated_by LEFT JOIN profile r ON r.id = e.recorded_by
             WHERE e.decision_id = ?1",
        )?
        .query_row([decision_id], |r| {
            Ok(EscalationRow {
                decision_id: r.get(0)?,
                director_name: r.get(1)?,
                head_of_product_name: r.get(2)?,
                escalated_by_name: r.get(3)?,
                escalated_at: r.get(4)?,
                decided_by: r.get(5)?,
                resolution: r.get(6)?,
                resolved_hash: r.get(7)?,
                recorded_by_name: r.get(8)?,
                resolved_at: r.get(9)?,
            })
        })
        .optional()?)
}

pub fn insert_escalation(
    conn: &Connection,
    decision_id: DecisionId,
    director_name: &str,
    head_of_product_name: &str,
    by: ProfileId,
    at: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO escalation (decision_id, director_name, head_of_product_name, escalated_by, escalated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![decision_id, director_name, head_of_product_name, by, at],
    )?;
    Ok(())
}

pub struct Resolution<'a> {
    pub decided_by: &'a str,
    pub outcome: &'a str,
    pub resolved_hash: &'a str,
    pub recorded_by: ProfileId,
    pub at: &'a str,
}

pub fn resolve_escalation(conn: &Connection, decision_id: DecisionId, r: &Resolution<'_>) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE escalation SET decided_by = ?1, resolution = ?2, resolved_hash = ?3, recorded_by = ?4, resolved_at = ?5
         WHERE decision_id = ?6",
        params![r.decided_by, r.outcome, r.resolved_hash, r.recorded_by, r.at, decision_id],
    )?;
    Ok(())
}

/// When a roadmap's escalations were opened, oldest first.
pub fn escalated_at(conn: &Connection, roadmap_id: RoadmapId) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.escalated_at FROM escalation e JOIN decision d ON d.id = e.decision_id
         WHERE d.roadmap_id = ?1 ORDER BY e.escalated_at",
    )?;
    let rows = stmt.query_map([roadmap_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
