//! Weekly syncs marked held, and the partnership health check's answers.

use accord_domain::{HealthResponse, ProfileId, RoadmapId, Role, SyncMeeting};
use rusqlite::{params, Connection, OptionalExtension};

use crate::StoreError;

pub fn insert_sync(
    conn: &Connection,
    roadmap_id: RoadmapId,
    held_at: &str,
    marked_by: ProfileId,
    attendees: &[String],
    note: &str,
) -> Result<i64, StoreError> {
    let attendees = serde_json::to_string(attendees).expect("names serialise");
    conn.prepare_cached(
        "INSERT INTO sync_meeting (roadmap_id, held_at, marked_by, attendees, note) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![roadmap_id, held_at, marked_by, attendees, note])?;
    Ok(conn.last_insert_rowid())
}

/// The sync held most recently.
pub fn last_sync(conn: &Connection, roadmap_id: RoadmapId) -> Result<Option<SyncMeeting>, StoreError> {
    let row = conn
        .prepare_cached(
            "SELECT s.id, s.held_at, p.name, s.attendees, s.note FROM sync_meeting s JOIN profile p ON p.id = s.marked_by
             WHERE s.roadmap_id = ?1 ORDER BY s.id DESC LIMIT 1",
        )?
        .query_row([roadmap_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?, r.get(4)?))
        })
        .optional()?;
    row.map(|(id, held_at, marked_by, attendees, note)| {
        Ok(SyncMeeting {
            id,
            roadmap_id,
            held_at,
            marked_by,
            attendees: serde_json::from_str(&attendees)
                .map_err(|_| StoreError::Corrupt(format!("sync {id}: attendees")))?,
            note,
        })
    })
    .transpose()
}

/// One partner's answers to one round of the health check.
#[derive(Debug, Clone)]
pub struct HealthRow {
    pub round: i64,
    pub role: Role,
    pub name: String,
    pub responses: Vec<HealthResponse>,
    pub answered_at: String,
}

/// Every answer given on a roadmap, by round then role.
pub fn health_answers(conn: &Connection, roadmap_id: RoadmapId) -> Result<Vec<HealthRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.round, h.role, p.name, h.responses, h.answered_at FROM health_answer h
         JOIN profile p ON p.id = h.profile_id WHERE h.roadmap_id = ?1 ORDER BY h.round, h.role",
    )?;
    let rows = stmt.query_map([roadmap_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get::<_, String>(3)?, r.get(4)?))
    })?;
    rows.map(|row| {
        let (round, role, name, responses, answered_at) = row?;
        let corrupt = || StoreError::Corrupt(format!("health check round {round}: answer of {role}"));
        Ok(HealthRow {
            round,
            role: Role::parse(&role).ok_or_else(corrupt)?,
            name,
            responses: serde_json::from_str(&responses).map_err(|_| corrupt())?,
            answered_at,
        })
    })
    .collect()
}

pub fn insert_health_answer(
    conn: &Connection,
    roadmap_id: RoadmapId,
    round: i64,
    role: Role,
    profile: ProfileId,
    responses: &[HealthResponse],
    at: &str,
) -> Result<(), StoreError> {
    let responses = serde_json::to_string(responses).expect("answers serialise");
    conn.prepare_cached(
        "INSERT INTO health_answer (roadmap_id, round, role, profile_id, responses, answered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![roadmap_id, round, role.as_str(), profile, responses, at])?;
    Ok(())
}
