//! A roadmap's goals and the EM's proposals on them.

use accord_domain::{Goal, GoalFields, GoalId, GoalProposal, GoalStatus, ProfileId, ProposalStatus, RoadmapId, Role};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::StoreError;

const SELECT: &str = "SELECT id, roadmap_id, objective, metric, from_value, to_value, by_when, status, archived,
        revision, created_at, updated_at FROM goal";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Goal, StoreError>> {
    let id: GoalId = r.get(0)?;
    let status: String = r.get(7)?;
    let Some(status) = GoalStatus::parse(&status) else {
        return Ok(Err(StoreError::Corrupt(format!("goal {id}: status {status:?}"))));
    };
    Ok(Ok(Goal {
        id,
        roadmap_id: r.get(1)?,
        fields: GoalFields {
            objective: r.get(2)?,
            metric: r.get(3)?,
            from_value: r.get(4)?,
            to_value: r.get(5)?,
            by_when: r.get(6)?,
            status,
        },
        archived: r.get(8)?,
        revision: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
    }))
}

pub fn get(conn: &Connection, id: GoalId) -> Result<Option<Goal>, StoreError> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?.query_row([id], from_row).optional()?.transpose()
}

/// A roadmap's goals, live first, oldest first.
pub fn list(conn: &Connection, roadmap_id: RoadmapId) -> Result<Vec<Goal>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE roadmap_id = ?1 ORDER BY archived, id"))?;
    let rows = stmt.query_map([roadmap_id], from_row)?;
    rows.map(|r| r?).collect()
}

pub fn insert(conn: &Connection, roadmap_id: RoadmapId, f: &GoalFields, at: &str) -> Result<GoalId, StoreError> {
    conn.prepare_cached(
        "INSERT INTO goal (roadmap_id, objective, metric, from_value, to_value, by_when, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?
    .execute(params![roadmap_id, f.objective, f.metric, f.from_value, f.to_value, f.by_when, f.status.as_str(), at])?;
    Ok(conn.last_insert_rowid())
}

/// Writes a goal's fields and archived flag if it is still at `base_revision`.
pub fn update_if_current(
    conn: &Connection,
    id: GoalId,
    base_revision: i64,
    f: &GoalFields,
    archived: bool,
    at: &str,
) -> Result<bool, StoreError> {
    let n = conn
        .prepare_cached(
            "UPDATE goal SET objective = ?1, metric = ?2, from_value = ?3, to_value = ?4, by_when = ?5, status = ?6,
                archived = ?7, revision = revision + 1, updated_at = ?8 WHERE id = ?9 AND revision = ?10",
        )?
        .execute(params![
            f.objective,
            f.metric,
            f.from_value,
            f.to_value,
            f.by_when,
            f.status.as_str(),
            archived,
            at,
            id,
            base_revision
        ])?;
    Ok(n == 1)
}

const SELECT_PROPOSAL: &str = "SELECT gp.id, gp.goal_id, gp.proposed, gp.before, gp.base_revision, a.name, a.role,
        gp.status, gp.response_reason, r.name, gp.created_at, gp.responded_at
    FROM goal_proposal gp JOIN profile a ON a.id = gp.author_id LEFT JOIN profile r ON r.id = gp.responder_id";

fn proposal_from_row(r: &Row<'_>) -> rusqlite::Result<Result<GoalProposal, StoreError>> {
    let id: i64 = r.get(0)?;
    let (proposed, before, role, status): (String, String, String, String) =
        (r.get(2)?, r.get(3)?, r.get(6)?, r.get(7)?);
    let corrupt = |what: &str| StoreError::Corrupt(format!("goal proposal {id}: {what}"));
    let build = || -> Result<GoalProposal, StoreError> {
        Ok(GoalProposal {
            id,
            goal_id: r.get(1)?,
            proposed: serde_json::from_str(&proposed).map_err(|_| corrupt("proposed fields"))?,
            before: serde_json::from_str(&before).map_err(|_| corrupt("fields before"))?,
            base_revision: r.get(4)?,
            author_name: r.get(5)?,
            author_role: Role::parse(&role).ok_or_else(|| corrupt("role"))?,
            status: ProposalStatus::parse(&status).ok_or_else(|| corrupt("status"))?,
            response_reason: r.get(8)?,
            responder_name: r.get(9)?,
            created_at: r.get(10)?,
            responded_at: r.get(11)?,
        })
    };
    Ok(build())
}

pub fn insert_proposal(
    conn: &Connection,
    goal: &Goal,
    proposed: &GoalFields,
    author: ProfileId,
    at: &str,
) -> Result<i64, StoreError> {
    let json = |f: &GoalFields| serde_json::to_string(f).expect("goal fields serialise");
    conn.prepare_cached(
        "INSERT INTO goal_proposal (goal_id, proposed, before, base_revision, author_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![goal.id, json(proposed), json(&goal.fields), goal.revision, author, at])?;
    Ok(conn.last_insert_rowid())
}

pub fn proposal(conn: &Connection, id: i64) -> Result<Option<GoalProposal>, StoreError> {
    conn.prepare_cached(&format!("{SELECT_PROPOSAL} WHERE gp.id = ?1"))?
        .query_row([id], proposal_from_row)
        .optional()?
        .transpose()
}

/// Proposals on a roadmap's goals, pending first, then newest first.
pub fn proposals(conn: &Connection, roadmap_id: RoadmapId) -> Result<Vec<GoalProposal>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_PROPOSAL} JOIN goal g ON g.id = gp.goal_id WHERE g.roadmap_id = ?1
         ORDER BY gp.status != 'pending', gp.id DESC"
    ))?;
    let rows = stmt.query_map([roadmap_id], proposal_from_row)?;
    rows.map(|r| r?).collect()
}

/// Records the PM's answer; false if the proposal was no longer pending.
pub fn respond(
    conn: &Connection,
    id: i64,
    status: ProposalStatus,
    reason: &str,
    responder: ProfileId,
    at: &str,
) -> Result<bool, StoreError> {
    let n = conn.execute(
        "UPDATE goal_proposal SET status = ?1, response_reason = ?2, responder_id = ?3, responded_at = ?4
         WHERE id = ?5 AND status = 'pending'",
        params![status.as_str(), reason, responder, at, id],
    )?;
    Ok(n == 1)
}
