//! Accord's SQLite storage.
//!
//! One file per installation, opened in WAL mode. The schema is a list of
//! numbered SQL migrations applied in one transaction and tracked by
//! `PRAGMA user_version`; a file written by a newer Accord is refused
//! untouched, and an older one is backed up before it is upgraded.
//!
//! Query functions take a `&Connection`, so callers run them inside the
//! transaction that also appends to the history.

pub mod backups;
pub mod baselines;
pub mod comments;
pub mod decisions;
mod error;
pub mod goals;
mod health;
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
    /// Opened from a file this process cannot write.
    read_only: bool,
}

impl Store {
    /// Opens (creating if needed) the database file and brings its schema up
    /// to date.
    ///
    /// A file that is not an Accord database or fails the quick integrity
    /// check is refused untouched ([`StoreError::Damaged`]). A file that
    /// cannot be written (a read-only directory or disk) is opened for
    /// reading: every read works and every write is refused as
    /// [`StoreError::ReadOnly`].
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let exists = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
        if exists {
            health::check_header(path)?;
        } else if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        match Self::prepare(conn, Some(path.to_path_buf())) {
            Err(StoreError::ReadOnly(_)) | Err(StoreError::Sqlite(_)) if exists && !writable(path) => {
                Self::open_read_only(path)
            }
            // Damage met by any statement is reported with the file it is in.
            Err(StoreError::Damaged(why)) if !why.starts_with(&path.display().to_string()) => {
                Err(StoreError::Damaged(format!("{} is damaged ({why})", path.display())))
            }
            other => other,
        }
    }

    /// A file this process may not write, read as it is: no migration, no
    /// WAL files created (SQLite's `immutable`, since nothing can write it).
    fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let uri = format!("file:{}?mode=ro&immutable=1", uri_path(path));
        let conn = Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        migrate::refuse_newer(&conn, SCHEMA_VERSION)?;
        health::check_open(&conn, path)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version < SCHEMA_VERSION {
            return Err(StoreError::ReadOnly(format!(
                "{} needs an upgrade, which cannot be written here",
                path.display()
            )));
        }
        Ok(Store { conn, path: Some(path.to_path_buf()), logging: None, read_only: true })
    }

    pub fn open_in_memory() -> Result<Store, StoreError> {
        Self::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Store, StoreError> {
        conn.busy_timeout(Duration::from_secs(5))?;
        // Check the version before touching the file in any way (WAL mode
        // would rewrite the header of a database we must refuse).
        migrate::refuse_newer(&conn, SCHEMA_VERSION)?;
        if let Some(path) = &path {
            health::check_open(&conn, path)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
        }
        // FULL: each commit is synced to the WAL before it is acknowledged,
        // so a power cut loses no change the user saw saved (NORMAL would
        // keep the file sound but could drop the last commits). A process
        // crash loses nothing committed either way. The cost is one fsync
        // per change, which a person's pace of editing never notices.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        migrate_with(&mut conn, path.as_deref(), MIGRATIONS)?;
        Ok(Store { conn, path, logging: None, read_only: false })
    }

    /// The file could not be written when it was opened: writes are refused.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// A backup of the file now (none for an in-memory store).
    pub fn back_up(&self, kind: accord_domain::BackupKind) -> Result<accord_domain::BackupInfo, StoreError> {
        let path = self.path.as_deref().ok_or_else(|| StoreError::Io("an in-memory roadmap has no file".into()))?;
        backups::take(&self.conn, path, kind)
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
        if self.read_only {
            return Err(
                StoreError::ReadOnly(self.path.as_deref().map_or(String::new(), |p| p.display().to_string())).into()
            );
        }
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

/// Whether this process may write the file and create its WAL files beside it.
fn writable(path: &Path) -> bool {
    let probe = path.parent().unwrap_or(Path::new(".")).join(format!(".accord-write-probe-{}", std::process::id()));
    let dir_ok = std::fs::File::create(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    dir_ok && std::fs::OpenOptions::new().append(true).open(path).is_ok()
}

/// A path as a SQLite URI's path: the characters a URI gives meaning to escaped.
fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = absolute.to_string_lossy().replace('\\', "/");
    let mut out = String::new();
    if !text.starts_with('/') {
        out.push('/'); // C:/… on Windows
    }
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// Current time as stored: RFC 3339, UTC, milliseconds.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
