//! Backups of this machine's database, and bringing one back: the same for
//! the window and the CLI, and usable while the file cannot be opened.

use std::path::Path;

use accord_domain::backup::{BackupInfo, BackupKind, Restored};
use accord_store::backups;

use crate::{Accord, ApiResult};

impl Accord {
    /// A consistent copy of the database now, beside it.
    pub fn back_up_now(&self) -> ApiResult<BackupInfo> {
        Ok(self.store.back_up(BackupKind::Manual)?)
    }

    /// The backups beside this database, newest first.
    pub fn backups(&self) -> ApiResult<Vec<BackupInfo>> {
        match self.store.path() {
            Some(path) => list_backups(path),
            None => Ok(Vec::new()),
        }
    }
}

/// The backups beside the database at `db`, newest first, whether or not
/// the database itself can be opened.
pub fn list_backups(db: &Path) -> ApiResult<Vec<BackupInfo>> {
    Ok(backups::list(db)?)
}

/// Replaces the database at `db` with the backup `from` and opens it. The
/// file it replaces is kept as a backup first, or set aside renamed when it
/// is damaged; a backup that is not a sound Accord database, or is newer
/// than this Accord, is refused and nothing is touched.
pub fn restore_backup(db: &Path, from: &Path) -> ApiResult<(Accord, Restored)> {
    let restored = backups::restore(db, from)?;
    Ok((Accord::open(db)?, restored))
}
