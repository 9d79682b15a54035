//! The host's append-only log of the ops planning-session guests sent.

use accord_domain::{ProfileId, RoadmapId};
use rusqlite::{params, Connection, OptionalExtension};

use crate::StoreError;

/// An op about to be logged, as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpEntry {
    pub client_op_id: String,
    pub roadmap_id: RoadmapId,
    pub peer_id: ProfileId,
    pub kind: String,
    /// The op as the guest sent it (JSON).
    pub body: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Applied,
    Rejected { code: String, message: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub seq: i64,
    pub entry: OpEntry,
    pub outcome: Outcome,
}

pub fn append(conn: &Connection, e: &OpEntry, outcome: &Outcome) -> Result<i64, StoreError> {
    let (name, code, message) = match outcome {
        Outcome::Applied => ("applied", "", ""),
        Outcome::Rejected { code, message } => ("rejected", code.as_str(), message.as_str()),
    };
    conn.prepare_cached(
        "INSERT INTO op_log (client_op_id, roadmap_id, peer_id, kind, body, outcome, error_code, error_message, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![e.client_op_id, e.roadmap_id, e.peer_id, e.kind, e.body, name, code, message, e.at])?;
    Ok(conn.last_insert_rowid())
}

const COLUMNS: &str = "seq, client_op_id, roadmap_id, peer_id, kind, body, outcome, error_code, error_message, at";

fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<Logged> {
    let outcome: String = row.get(6)?;
    Ok(Logged {
        seq: row.get(0)?,
        entry: OpEntry {
            client_op_id: row.get(1)?,
            roadmap_id: row.get(2)?,
            peer_id: row.get(3)?,
            kind: row.get(4)?,
            body: row.get(5)?,
            at: row.get(9)?,
        },
        outcome: if outcome == "applied" {
            Outcome::Applied
        } else {
            Outcome::Rejected { code: row.get(7)?, message: row.get(8)? }
        },
    })
}

/// The first outcome of the op with this id, if it was ever received.
pub fn find(conn: &Connection, client_op_id: &str) -> Result<Option<Logged>, StoreError> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM op_log WHERE client_op_id = ?1"))?
        .query_row([client_op_id], read)
        .optional()?)
}

/// Every logged op of a roadmap after `seq`, oldest first.
pub fn after(conn: &Connection, roadmap_id: RoadmapId, seq: i64) -> Result<Vec<Logged>, StoreError> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM op_log WHERE roadmap_id = ?1 AND seq > ?2 ORDER BY seq"))?;
    let rows = stmt.query_map(params![roadmap_id, seq], read)?;
    Ok(rows.collect::<Result<_, _>>()?)
}
