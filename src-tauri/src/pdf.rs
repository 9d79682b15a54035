//! Export the roadmap as a PDF and verify one: native dialogs, rendering
//! off the database lock, progress events while it runs. The document and
//! the checks come from `accord-api` and `accord-export`.
//!
//! `ACCORD_SAVE_TO` / `ACCORD_OPEN_FROM` answer the save and open dialogs
//! with a path without showing them, for automation.

use std::path::PathBuf;
use std::time::Instant;

use accord_api::domain::{ExportStatus, RoadmapId};
use accord_api::{ApiError, ErrorCode, PdfCheck, PdfExported, PdfProgress, PdfVerdict, PdfVerified};
use accord_export::Verdict;
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::AppState;

type Res<T> = Result<T, ApiError>;

fn failed(what: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Storage, format!("{what}: {e}"))
}

fn progress(app: &AppHandle, stage: &str, percent: u8) {
    let _ = app.emit("pdf-progress", PdfProgress { stage: stage.into(), percent });
}

fn answered(var: &str) -> Option<PathBuf> {
    std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// A name for the file: the roadmap's, safe on every file system.
fn file_name(roadmap: &str) -> String {
    let base: String = roadmap
        .chars()
        .map(|c| if c.is_alphanumeric() || c == ' ' || c == '-' { c } else { '_' })
        .collect::<String>()
        .trim()
        .to_string();
    format!("{} roadmap.pdf", if base.is_empty() { "Accord" } else { &base })
}

/// Asks where to save the roadmap's PDF, then renders and writes it.
/// `None` when the person cancels the dialog.
#[tauri::command]
pub async fn export_pdf(app: AppHandle, roadmap_id: RoadmapId) -> Res<Option<PdfExported>> {
    let state: State<'_, AppState> = app.state();
    let name = crate::commands::with(&state, |a| a.roadmap(roadmap_id))?.name;
    let document = async {
        let at = chrono_now();
        crate::commands::with(&app.state::<AppState>(), |a| a.export_document(roadmap_id, &at))
    };
    save(&app, &name, document).await
}

/// Renders a kept copy of a host's roadmap, offline, as it was last seen.
#[tauri::command]
pub async fn export_kept_pdf(app: AppHandle, roadmap_uid: String) -> Res<Option<PdfExported>> {
    let doc = crate::commands::with(&app.state::<AppState>(), |a| a.kept_document(&roadmap_uid))?;
    let name = doc.roadmap.name.clone();
    save(&app, &name, async { Ok(doc) }).await
}

/// Asks where to save `name`'s PDF, then renders the document `document`
/// gives and writes it. `None` when the person cancels the dialog.
pub(crate) async fn save(
    app: &AppHandle,
    name: &str,
    document: impl std::future::Future<Output = Res<accord_api::domain::ExportDoc>>,
) -> Res<Option<PdfExported>> {
    let path = match answered("ACCORD_SAVE_TO") {
        Some(p) => p,
        None => {
            let chosen = app
                .dialog()
                .file()
                .set_title("Export roadmap PDF")
                .set_file_name(file_name(name))
                .add_filter("PDF", &["pdf"])
                .blocking_save_file();
            match chosen {
                None => return Ok(None),
                Some(p) => p.into_path().map_err(|e| failed("the chosen file", e))?,
            }
        }
    };
    let started = Instant::now();
    progress(app, "Collecting the roadmap and its signatures", 10);
    let doc = document.await?;
    let items = doc.snapshot.items.len() as u32;
    progress(app, &format!("Laying out {items} items"), 35);
    let rendered = tauri::async_runtime::spawn_blocking(move || accord_export::render(&doc).map(|pdf| (pdf, doc)))
        .await
        .map_err(|e| failed("rendering stopped", e))?
        .map_err(|e| failed("the PDF could not be rendered", e))?;
    let (pdf, doc) = rendered;
    progress(app, "Saving the PDF", 90);
    std::fs::write(&path, &pdf).map_err(|e| failed(&path.display().to_string(), e))?;
    progress(app, "Done", 100);
    Ok(Some(PdfExported {
        path: path.display().to_string(),
        signed_off: doc.status == ExportStatus::SignedOff,
        draft_reason: doc.draft_reason,
        items,
        bytes: pdf.len() as u64,
        millis: started.elapsed().as_millis() as u32,
    }))
}

/// Asks for a PDF and checks it offline against the identities known here.
#[tauri::command]
pub async fn verify_pdf(app: AppHandle) -> Res<Option<PdfVerified>> {
    let path = match answered("ACCORD_OPEN_FROM") {
        Some(p) => p,
        None => {
            let chosen =
                app.dialog().file().set_title("Verify a roadmap PDF").add_filter("PDF", &["pdf"]).blocking_pick_file();
            match chosen {
                None => return Ok(None),
                Some(p) => p.into_path().map_err(|e| failed("the chosen file", e))?,
            }
        }
    };
    let state: State<'_, AppState> = app.state();
    let known = crate::commands::with(&state, |a| a.identities())?;
    let bytes = std::fs::read(&path).map_err(|e| ApiError::invalid(format!("{}: {e}", path.display())))?;
    let shown = path.display().to_string();
    tauri::async_runtime::spawn_blocking(move || verified(shown, &bytes, &known))
        .await
        .map_err(|e| failed("verification stopped", e))?
}

fn verified(path: String, bytes: &[u8], known: &[accord_api::domain::PublicIdentity]) -> Res<Option<PdfVerified>> {
    let v = accord_export::verify(bytes, Some(known)).map_err(|e| ApiError::invalid(e.to_string()))?;
    let verdict = match v.verdict {
        Verdict::SignedOff => PdfVerdict::SignedOff,
        Verdict::Draft => PdfVerdict::Draft,
        Verdict::Tampered => PdfVerdict::Failed,
        Verdict::Unconfirmed => PdfVerdict::Unconfirmed,
    };
    Ok(Some(PdfVerified {
        path,
        verdict,
        summary: v.summary(),
        roadmap_name: v.doc.roadmap.name.clone(),
        baseline_name: v.doc.baseline.as_ref().map(|b| b.name.clone()),
        exported_at: v.doc.exported_at.clone(),
        content_hash: v.doc.content_hash.clone(),
        checks: v
            .checks
            .iter()
            .map(|c| PdfCheck {
                label: c.name.label().into(),
                passed: c.passed,
                skipped: c.skipped,
                detail: c.detail.clone(),
            })
            .collect(),
    }))
}

fn chrono_now() -> String {
    accord_api::now()
}

#[tauri::command]
pub fn open_file(app: AppHandle, path: String) -> Res<()> {
    app.opener().open_path(path, None::<&str>).map_err(|e| failed("cannot open the file", e))
}

#[tauri::command]
pub fn show_in_folder(app: AppHandle, path: String) -> Res<()> {
    app.opener().reveal_item_in_dir(path).map_err(|e| failed("cannot show the folder", e))
}
