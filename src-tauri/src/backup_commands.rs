//! Backups from the window: listed and restored even while the database
//! cannot be opened (the damaged-file screen offers them).

use std::path::PathBuf;

use accord_api::domain::{BackupInfo, Restored};
use accord_api::{ApiError, ErrorCode};
use tauri::State;

use crate::commands::{with, Res};
use crate::AppState;

fn db_file(state: &State<'_, AppState>) -> Res<PathBuf> {
    state.db_file.clone().ok_or_else(|| ApiError::new(ErrorCode::Storage, "there is no data directory to back up"))
}

#[tauri::command]
pub fn list_backups(state: State<'_, AppState>) -> Res<Vec<BackupInfo>> {
    accord_api::list_backups(&db_file(&state)?)
}

#[tauri::command]
pub fn back_up_now(state: State<'_, AppState>) -> Res<BackupInfo> {
    with(&state, |a| a.back_up_now())
}

/// Replaces the database with a backup and opens it in its place. Refused
/// while a planning session runs on the file.
#[tauri::command]
pub fn restore_backup(state: State<'_, AppState>, path: String) -> Res<Restored> {
    state.session.refuse_in_session("restoring a backup")?;
    let file = db_file(&state)?;
    let mut opened = state.accord.lock();
    let (accord, restored) = accord_api::restore_backup(&file, std::path::Path::new(&path))?;
    *opened = Ok(accord);
    Ok(restored)
}
