//! Accord's SQLite storage.
//!
//! One file per installation, opened in WAL mode. The schema is a list of
//! numbered SQL migrations applied in one transaction and tracked by
//! `PRAGMA user_version`; a file written by a newer Accord is refused
//! untouched, and an older one is backed up before it is upgraded.
//!
//! Query functions take a `&Connection`, so callers run them inside the
//! transaction that also appends to the history.

pub mod baselines;
pub mod comments;
pub mod decisions;
mod error;
pub mod goals;
pub mod history;
pub mod items;
pub mod meetings;
mod migrate;
pub mod op_log;
pub mod profiles;
pub mod proposals;
pub mod roadmaps;
pub mod seats;
pub mod session;
pub mod settings;
pub mod signoffs;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction};

pub use error::StoreError;
pub use migrate::{migrate_with, Migration, MIGRATIONS, SCHEMA_VERSION};
pub use rusqlite;

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// A remote op being applied: the next write logs it as applied in its
    /// own transaction, so a change and its log row land together or not at all.
    logging: Option<op_log::OpEntry>,
}

impl Store {
    /// Opens (creating if needed) the database file and brings its schema up
    /// to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(format!("{}: {e}", dir.display())))?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Self::prepare(conn, Some(path.to_path_buf()))
    }

    pub fn open_in_memory() -> Result<Store, StoreError> {
        Self::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Store, StoreError> {
        conn.busy_timeout(Duration::from_secs(5))?;
        // Check the version before touching the file in any way (WAL mode
        // would rewrite the header of a database we must refuse).
        migrate::refuse_newer(&conn, SCHEMA_VERSION)?;
        if path.is_some() {
            conn.pragma_update(None, "journal_mode", "WAL")?;
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        migrate_with(&mut conn, path.as_deref(), MIGRATIONS)?;
        Ok(Store { conn, path, logging: None })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one IMMEDIATE transaction: all of its writes land, or none.
    pub fn write<T, E>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let logging = self.logging.take();
        let tx =
            self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(StoreError::from)?;
        let out = f(&tx)?;
        if let Some(op) = &logging {
            op_log::append(&tx, op, &op_log::Outcome::Applied)?;
        }
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }

    /// Runs `f` as [`Store::write`] would and rolls it back whatever it
    /// returns: what a change would do, shown before it is made.
    pub fn rehearse<T, E>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let tx =
            self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(StoreError::from)?;
        let out = f(&tx);
        tx.rollback().map_err(StoreError::from)?;
        out
    }

    /// SQLite's count of commits made to the file by other connections: it
    /// changes when anything else wrote to the database.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Makes the next [`Store::write`] also append `op` to the op log as
    /// applied, in the same transaction. Cleared by that write, whatever its
    /// result, and by [`Store::forget_op`].
    pub fn log_next_write(&mut self, op: op_log::OpEntry) {
        self.logging = Some(op);
    }

    /// Drops an op [`Store::log_next_write`] was given, if no write took it.
    pub fn forget_op(&mut self) {
        self.logging = None;
    }
}

/// Current time as stored: RFC 3339, UTC, milliseconds.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
