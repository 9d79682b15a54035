//! Whether a file is an Accord database in good health, checked before it
//! is opened for writing, so damage is reported instead of built upon.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::StoreError;

/// What every SQLite file starts with.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// Tables every Accord schema has had since the first.
const TABLES: [&str; 3] = ["profile", "roadmap", "item"];

/// The file starts like a SQLite database (a random file does not).
pub(crate) fn check_header(path: &Path) -> Result<(), StoreError> {
    let mut head = [0u8; 100];
    let read = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).map_err(|e| StoreError::io(path, e))?;
    if read < head.len() || &head[..16] != MAGIC {
        return Err(StoreError::Damaged(format!("{} is not an Accord database", path.display())));
    }
    Ok(())
}

/// The quick integrity check of an open database, and that it is Accord's.
pub(crate) fn check_open(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let damaged = |why: String| StoreError::Damaged(format!("{} is damaged: {why}", path.display()));
    let verdicts: Vec<String> = conn
        .prepare("PRAGMA quick_check(3)")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| damaged(e.to_string()))?;
    if verdicts != ["ok"] {
        return Err(damaged(verdicts.join("; ")));
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if (version == 0 && tables > 0) || (version > 0 && !has_accord_tables(conn)?) {
        return Err(StoreError::Damaged(format!("{} is not an Accord database", path.display())));
    }
    Ok(())
}

/// The whole check of a file on disk, without opening it for writing.
pub(crate) fn check(path: &Path) -> Result<(), StoreError> {
    check_header(path)?;
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    check_open(&conn, path)
}

pub(crate) fn has_accord_tables(conn: &Connection) -> Result<bool, StoreError> {
    let found: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?1, ?2, ?3)",
        TABLES,
        |r| r.get(0),
    )?;
    Ok(found == TABLES.len() as i64)
}
