use std::path::Path;

use rusqlite::Connection;

use crate::StoreError;

/// A migration step written in Rust, run inside the upgrade's transaction.
pub type MigrationStep = fn(&Connection) -> Result<(), StoreError>;

pub struct Migration {
    pub version: i64,
    pub sql: &'static str,
    /// A step SQL cannot express, run after `sql` in the same transaction.
    pub then: Option<MigrationStep>,
}

/// Every schema change, in order. Append only: a released migration is never edited.
pub const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, sql: include_str!("../migrations/0001_initial.sql"), then: None },
    Migration { version: 2, sql: include_str!("../migrations/0002_signoff.sql"), then: None },
    Migration { version: 3, sql: include_str!("../migrations/0003_decisions.sql"), then: None },
    Migration { version: 4, sql: include_str!("../migrations/0004_op_log.sql"), then: None },
    Migration { version: 5, sql: include_str!("../migrations/0005_session_host.sql"), then: None },
    Migration { version: 6, sql: include_str!("../migrations/0006_people_are_keys.sql"), then: None },
    Migration { version: 7, sql: include_str!("../migrations/0007_planning.sql"), then: None },
    Migration { version: 8, sql: include_str!("../migrations/0008_when_and_roadmaps.sql"), then: Some(structure_when) },
];

/// Rewrites each free-text *when* as its canonical line: what parses
/// becomes the target and confidence, the rest stays as the note.
fn structure_when(conn: &Connection) -> Result<(), StoreError> {
    let rows: Vec<(i64, String)> = conn
        .prepare("SELECT id, dim_when FROM item WHERE dim_when != ''")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = conn.prepare("UPDATE item SET dim_when = ?1 WHERE id = ?2")?;
    for (id, text) in rows {
        let line = accord_domain::When::parse(&text).render();
        if line != text {
            update.execute(rusqlite::params![line, id])?;
        }
    }
    Ok(())
}

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn user_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

pub(crate) fn refuse_newer(conn: &Connection, supported: i64) -> Result<(), StoreError> {
    let found = user_version(conn)?;
    if found > supported {
        return Err(StoreError::NewerDatabase { found, supported });
    }
    Ok(())
}

/// Applies the migrations the database lacks, all in one transaction.
/// A file that already holds data is first backed up (kind
/// before-upgrade), so a failed or regretted upgrade can be undone.
pub fn migrate_with(conn: &mut Connection, path: Option<&Path>, migrations: &[Migration]) -> Result<(), StoreError> {
    let latest = migrations.last().map_or(0, |m| m.version);
    refuse_newer(conn, latest)?;
    let current = user_version(conn)?;
    if current == latest {
        return Ok(());
    }
    if current > 0 {
        if let Some(path) = path {
            crate::backups::take(conn, path, accord_domain::backup::BackupKind::BeforeUpgrade)?;
        }
    }
    // A migration may rebuild a table others refer to (SQLite's way to
    // change a constraint), which needs foreign keys off; they are checked
    // before the upgrade commits.
    let enforced: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let upgraded = (|| {
        let tx = conn.transaction()?;
        for m in migrations.iter().filter(|m| m.version > current) {
            tx.execute_batch(m.sql)?;
            if let Some(then) = m.then {
                then(&tx)?;
            }
            tx.pragma_update(None, "user_version", m.version)?;
        }
        let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
        if broken > 0 {
            return Err(StoreError::Corrupt(format!("the upgrade would leave {broken} broken references")));
        }
        tx.commit()?;
        Ok(())
    })();
    conn.pragma_update(None, "foreign_keys", enforced)?;
    upgraded
}
