//! Backups beside the database, and bringing one back.
//!
//! A backup is taken with SQLite's online backup API in one step, under one
//! read lock, so it is a consistent copy even while another process writes
//! (a file copy of a live WAL database is not). It is written under a
//! temporary name, flushed and renamed, so a crash leaves either the whole
//! backup or none. Backups live in `backups/` beside the database, named
//! `accord-<UTC time>-<kind>.db`, and are rotated after each new one
//! ([`accord_domain::backup::rotation_removes`]).

use std::path::{Path, PathBuf};

use accord_domain::backup::{rotation_removes, BackupInfo, BackupKind, Restored};
use rusqlite::{Connection, OpenFlags};

use crate::{health, StoreError, SCHEMA_VERSION};

const PREFIX: &str = "accord-";
const SUFFIX: &str = ".db";
const PARTIAL: &str = ".partial";

/// Where the backups of the database at `db` live.
pub fn dir_of(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("backups")
}

/// Copies the database `conn` has open into a new backup of `kind`, then rotates.
pub fn take(conn: &Connection, db: &Path, kind: BackupKind) -> Result<BackupInfo, StoreError> {
    let info = take_unrotated(conn, db, kind)?;
    rotate(db, None)?;
    Ok(info)
}

fn take_unrotated(conn: &Connection, db: &Path, kind: BackupKind) -> Result<BackupInfo, StoreError> {
    let dir = dir_of(db);
    std::fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, e))?;
    let now = chrono::Utc::now();
    let name = format!("{PREFIX}{}-{}{SUFFIX}", now.format("%Y%m%dT%H%M%S%3fZ"), kind.slug());
    let target = dir.join(&name);
    let partial = dir.join(format!("{name}{PARTIAL}"));
    let _ = std::fs::remove_file(&partial);
    copy_into(conn, &partial)?;
    sync_file(&partial)?;
    std::fs::rename(&partial, &target).map_err(|e| StoreError::io(&target, e))?;
    sync_dir(&dir);
    let info = describe(&target).map_err(|e| StoreError::Io(format!("the backup just taken cannot be read: {e}")))?;
    Ok(info)
}

/// The start-up backup: taken when today (UTC) has none yet and the file
/// holds something worth keeping.
pub fn take_daily_if_due(conn: &Connection, db: &Path) -> Result<Option<BackupInfo>, StoreError> {
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    if names(db)?.iter().any(|(_, taken_at, kind)| *kind == BackupKind::Daily && taken_at.starts_with(&today)) {
        return Ok(None);
    }
    let roadmaps: i64 = conn.query_row("SELECT count(*) FROM roadmap", [], |r| r.get(0))?;
    if roadmaps == 0 {
        return Ok(None);
    }
    take(conn, db, BackupKind::Daily).map(Some)
}

/// The backups of the database at `db` that can be read, newest first.
pub fn list(db: &Path) -> Result<Vec<BackupInfo>, StoreError> {
    let mut out: Vec<BackupInfo> = names(db)?.into_iter().filter_map(|(path, ..)| describe(&path).ok()).collect();
    out.sort_by(|a, b| b.taken_at.cmp(&a.taken_at));
    Ok(out)
}

/// Replaces the database at `db` with the backup at `from`. The backup must
/// be an Accord database this version can open that passes a full integrity
/// check. The file it replaces is kept first: as a backup when it can be
/// read, else renamed aside (a damaged file is never overwritten).
pub fn restore(db: &Path, from: &Path) -> Result<Restored, StoreError> {
    let source = check_backup(from)?;
    let mut kept = None;
    let mut set_aside = None;
    if std::fs::metadata(db).is_ok_and(|m| m.len() > 0) {
        match health::check(db) {
            Ok(()) => {
                let conn = Connection::open(db)?;
                kept = Some(take_unrotated(&conn, db, BackupKind::BeforeRestore)?);
            }
            Err(StoreError::Damaged(_)) => set_aside = Some(set_aside_damaged(db)?),
            Err(e) => return Err(e),
        }
    }
    let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut dst = Connection::open(db)?;
    copy_all(&src, &mut dst)?;
    drop(dst);
    // The backup just restored is not rotated out by the copy made before it.
    rotate(db, Some(from))?;
    Ok(Restored { from: source, kept, set_aside: set_aside.map(|p| p.display().to_string()) })
}

/// What a file offered for restore is, once it passes every check.
fn check_backup(path: &Path) -> Result<BackupInfo, StoreError> {
    let bad = |why: &str| StoreError::BadBackup(format!("{} {why}", path.display()));
    if !path.is_file() {
        return Err(bad("is not a file"));
    }
    health::check_header(path).map_err(|_| bad("is not an Accord database"))?;
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| bad(&format!("cannot be opened: {e}")))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|_| bad("is damaged"))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerDatabase { found: version, supported: SCHEMA_VERSION });
    }
    let verdict: String = conn
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .map_err(|_| bad("is damaged: its integrity check cannot run"))?;
    if verdict != "ok" {
        return Err(bad(&format!("fails its integrity check ({verdict})")));
    }
    if version == 0 || !health::has_accord_tables(&conn)? {
        return Err(bad("is not an Accord database"));
    }
    drop(conn);
    describe(path).map_err(|_| bad("cannot be read"))
}

/// Renames a damaged database (and its WAL files) aside, beside it.
fn set_aside_damaged(db: &Path) -> Result<PathBuf, StoreError> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut aside = db.as_os_str().to_owned();
    aside.push(format!(".damaged-{stamp}"));
    let aside = PathBuf::from(aside);
    std::fs::rename(db, &aside).map_err(|e| StoreError::io(db, e))?;
    for ext in ["-wal", "-shm"] {
        let (mut from, mut to) = (db.as_os_str().to_owned(), aside.as_os_str().to_owned());
        from.push(ext);
        to.push(ext);
        if Path::new(&from).exists() {
            std::fs::rename(&from, &to).map_err(|e| StoreError::io(Path::new(&from), e))?;
        }
    }
    Ok(aside)
}

/// Removes what rotation does not keep, and partial copies a crash left.
fn rotate(db: &Path, spare: Option<&Path>) -> Result<(), StoreError> {
    let all = names(db)?;
    let keys: Vec<(String, BackupKind)> = all.iter().map(|(_, t, k)| (t.clone(), *k)).collect();
    let spared = |p: &Path| spare.is_some_and(|s| same_file(s, p));
    for i in rotation_removes(&keys).into_iter().filter(|&i| !spared(&all[i].0)) {
        std::fs::remove_file(&all[i].0).map_err(|e| StoreError::io(&all[i].0, e))?;
    }
    if let Ok(entries) = std::fs::read_dir(dir_of(db)) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().ends_with(PARTIAL) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The backup files beside `db`, with the time and kind their names give.
fn names(db: &Path) -> Result<Vec<(PathBuf, String, BackupKind)>, StoreError> {
    let dir = dir_of(db);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io(&dir, e)),
    };
    Ok(entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let (taken_at, kind) = parse_name(&name)?;
            Some((e.path(), taken_at, kind))
        })
        .collect())
}

/// `accord-20261202T184800123Z-daily.db` → ("2026-12-02T18:48:00.123Z", daily).
fn parse_name(name: &str) -> Option<(String, BackupKind)> {
    let stem = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (stamp, slug) = stem.split_once('-')?;
    let kind = BackupKind::from_slug(slug)?;
    let time = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S%3fZ").ok()?;
    Some((time.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Millis, true), kind))
}

fn describe(path: &Path) -> Result<BackupInfo, StoreError> {
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let bytes = std::fs::metadata(path).map_err(|e| StoreError::io(path, e))?.len();
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let items: u32 = conn.query_row("SELECT count(*) FROM item", [], |r| r.get(0))?;
    // A file restored from outside the backups folder has no time in its name.
    let (taken_at, kind) = parse_name(&file_name).unwrap_or_else(|| {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).map(chrono::DateTime::<chrono::Utc>::from);
        let at = modified.unwrap_or_else(|_| chrono::Utc::now());
        (at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true), BackupKind::Manual)
    });
    Ok(BackupInfo { path: path.display().to_string(), file_name, taken_at, kind, bytes, items })
}

/// The whole database in one backup step, written as a self-contained file.
fn copy_into(conn: &Connection, target: &Path) -> Result<(), StoreError> {
    // Made here first: a folder that cannot be written then says so, where
    // SQLite would only say it cannot open the file.
    std::fs::File::create(target).map_err(|e| StoreError::io(target, e))?;
    let mut dst = Connection::open(target)?;
    copy_all(conn, &mut dst)?;
    // A backup needs no -wal or -shm beside it to be read or restored.
    dst.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}

/// Every page in one step: one read lock on `src` for the whole copy, so
/// the copy is of one moment even while another process writes.
fn copy_all(src: &Connection, dst: &mut Connection) -> Result<(), StoreError> {
    dst.busy_timeout(std::time::Duration::from_secs(5))?;
    match rusqlite::backup::Backup::new(src, dst)?.step(-1)? {
        rusqlite::backup::StepResult::Done => Ok(()),
        _ => Err(StoreError::Io("the database stayed busy; try again in a moment".into())),
    }
}

fn sync_file(path: &Path) -> Result<(), StoreError> {
    std::fs::File::open(path).and_then(|f| f.sync_all()).map_err(|e| StoreError::io(path, e))
}

/// Makes a rename durable where the platform allows syncing a directory.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        assert_eq!(
            parse_name("accord-20261202T184800123Z-before-restore.db"),
            Some(("2026-12-02T18:48:00.123Z".to_string(), BackupKind::BeforeRestore))
        );
        assert_eq!(parse_name("accord-20261202T184800123Z-daily.db.partial"), None);
        assert_eq!(parse_name("notes.db"), None);
    }
}
