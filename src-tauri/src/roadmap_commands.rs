//! The adapters for several roadmaps, the timeline and files in and out:
//! the switcher's calls, moving an item in time, and import and export
//! through the system's file dialogs.

use std::path::PathBuf;

use accord_api::domain::{Item, Roadmap, RoadmapId, Violation};
use accord_api::{
    ApiError, ArchiveRoadmap, CarryOver, ErrorCode, ImportPreview, ImportReport, ImportRequest, MoveInTime, Timeline,
};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::commands::{acting, with, Res};
use crate::AppState;

#[tauri::command]
pub fn open_roadmap(state: State<'_, AppState>, roadmap_id: RoadmapId) -> Res<Roadmap> {
    with(&state, |a| a.open_roadmap(roadmap_id))
}

#[tauri::command]
pub fn archive_roadmap(state: State<'_, AppState>, req: ArchiveRoadmap) -> Res<Roadmap> {
    acting(&state, |a, who| a.archive_roadmap(who, req))
}

#[tauri::command]
pub fn carry_over(state: State<'_, AppState>, req: CarryOver) -> Res<Roadmap> {
    acting(&state, |a, who| a.carry_over(who, req))
}

#[tauri::command(async)]
pub fn timeline(state: State<'_, AppState>, roadmap_id: RoadmapId) -> Res<Timeline> {
    with(&state, |a| a.timeline(roadmap_id))
}

#[tauri::command]
pub fn move_in_time(state: State<'_, AppState>, req: MoveInTime) -> Res<Item> {
    acting(&state, |a, who| a.move_in_time(who, req))
}

#[tauri::command(async)]
pub fn dependency_violations(state: State<'_, AppState>, roadmap_id: RoadmapId) -> Res<Vec<Violation>> {
    with(&state, |a| a.dependency_violations(roadmap_id))
}

#[tauri::command]
pub fn preview_import(state: State<'_, AppState>, req: ImportRequest) -> Res<ImportPreview> {
    with(&state, |a| {
        let who = a.acting()?.id;
        a.preview_import(who, &req)
    })
}

#[tauri::command]
pub fn import_file(state: State<'_, AppState>, req: ImportRequest) -> Res<ImportReport> {
    acting(&state, |a, who| a.import_file(who, &req))
}

/// A path the tests give instead of a dialog's answer.
fn answered(var: &str) -> Option<PathBuf> {
    std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from)
}

fn chosen(path: Option<tauri_plugin_dialog::FilePath>) -> Res<Option<PathBuf>> {
    path.map(|p| p.into_path().map_err(|e| ApiError::new(ErrorCode::InvalidInput, format!("the chosen file: {e}"))))
        .transpose()
}

/// Asks for a file to import (a roadmap JSON, or a Jira, Linear or other CSV).
#[tauri::command]
pub async fn choose_import_file(app: AppHandle) -> Res<Option<String>> {
    if let Some(p) = answered("ACCORD_IMPORT_FROM") {
        return Ok(Some(p.display().to_string()));
    }
    let dialog = app.dialog().file().set_title("Import a roadmap").add_filter("Roadmap files", &["csv", "json"]);
    Ok(chosen(dialog.blocking_pick_file())?.map(|p| p.display().to_string()))
}

/// Asks for a generic CSV's mapping file.
#[tauri::command]
pub async fn choose_mapping_file(app: AppHandle) -> Res<Option<String>> {
    if let Some(p) = answered("ACCORD_MAPPING_FROM") {
        return Ok(Some(p.display().to_string()));
    }
    let dialog = app.dialog().file().set_title("Choose a column mapping").add_filter("Mapping", &["json"]);
    Ok(chosen(dialog.blocking_pick_file())?.map(|p| p.display().to_string()))
}

/// Asks where to save `text` as the roadmap's CSV or JSON file; the path
/// written, or `None` when the person cancels.
pub(crate) fn save_text(app: &AppHandle, roadmap: &str, format: &str, text: &str) -> Res<Option<String>> {
    let ext = if format == "csv" { "csv" } else { "json" };
    let path = match answered("ACCORD_SAVE_TO") {
        Some(p) => p,
        None => {
            let base: String =
                roadmap.chars().map(|c| if c.is_alphanumeric() || c == ' ' || c == '-' { c } else { '_' }).collect();
            let dialog = app
                .dialog()
                .file()
                .set_title("Export the roadmap")
                .set_file_name(format!("{}.{ext}", base.trim()))
                .add_filter(ext.to_uppercase(), &[ext]);
            match chosen(dialog.blocking_save_file())? {
                Some(p) => p,
                None => return Ok(None),
            }
        }
    };
    std::fs::write(&path, text).map_err(|e| ApiError::new(ErrorCode::Storage, format!("{}: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}

/// Exports the roadmap as CSV (`format` "csv") or as an Accord JSON file.
#[tauri::command]
pub async fn export_file(
    app: AppHandle,
    state: State<'_, AppState>,
    roadmap_id: RoadmapId,
    format: String,
) -> Res<Option<String>> {
    let (name, text) = with(&state, |a| {
        let name = a.roadmap(roadmap_id)?.name;
        let text = if format == "csv" { a.export_csv(roadmap_id)? } else { a.export_roadmap(roadmap_id)? };
        Ok((name, text))
    })?;
    save_text(&app, &name, &format, &text)
}
