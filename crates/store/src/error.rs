#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("this database was written by a newer version of Accord (schema {found}; this version understands up to {supported}); update Accord to open it")]
    NewerDatabase { found: i64, supported: i64 },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("file error: {0}")]
    Io(String),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
}
