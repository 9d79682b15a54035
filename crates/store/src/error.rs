use std::path::Path;

use rusqlite::ErrorCode as Sqlite;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("this database was written by a newer version of Accord (schema {found}; this version understands up to {supported}); update Accord to open it")]
    NewerDatabase { found: i64, supported: i64 },
    /// The file is not an Accord database, or fails its integrity check.
    #[error("{0}")]
    Damaged(String),
    /// A file offered for restore that is not a sound Accord database.
    #[error("{0}")]
    BadBackup(String),
    #[error("the disk is full: nothing was written; free some space and try again")]
    DiskFull,
    #[error("the data cannot be written here ({0}); nothing was written, and the roadmap can still be read")]
    ReadOnly(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("file error: {0}")]
    Io(String),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub(crate) fn io(path: &Path, e: std::io::Error) -> StoreError {
        match e.kind() {
            std::io::ErrorKind::StorageFull => StoreError::DiskFull,
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                StoreError::ReadOnly(format!("{}: {e}", path.display()))
            }
            _ => StoreError::Io(format!("{}: {e}", path.display())),
        }
    }
}

/// SQLite's own codes say which kind of failure it is, whatever the
/// statement: a full disk, a file that cannot be written, a damaged one.
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(Sqlite::DiskFull) => StoreError::DiskFull,
            Some(Sqlite::ReadOnly) => StoreError::ReadOnly(e.to_string()),
            Some(Sqlite::DatabaseCorrupt | Sqlite::NotADatabase) => StoreError::Damaged(e.to_string()),
            _ => StoreError::Sqlite(e),
        }
    }
}
