//! The native menu bar: the usual application, edit, view and window menus.
//! View commands are forwarded to the page as `menu` events.

use tauri::menu::{AboutMetadataBuilder, MenuBuilder, MenuItemBuilder, SubmenuBuilder};
use tauri::{App, Emitter};

pub const VIEW_ROADMAP: &str = "view-roadmap";
pub const VIEW_MATRIX: &str = "view-matrix";
pub const VIEW_DECISIONS: &str = "view-decisions";
pub const VIEW_BASELINES: &str = "view-baselines";
pub const VIEW_ATTENTION: &str = "view-attention";
pub const VIEW_GOALS: &str = "view-goals";
pub const VIEW_HEALTH: &str = "view-health";
pub const VIEW_TIMELINE: &str = "view-timeline";
pub const NEW_ROADMAP: &str = "new-roadmap";
pub const IMPORT: &str = "import";
pub const EXPORT_CSV: &str = "export-csv";
pub const EXPORT_JSON: &str = "export-json";
pub const NEW_ITEM: &str = "new-item";
pub const EXPORT_PDF: &str = "export-pdf";
pub const VERIFY_PDF: &str = "verify-pdf";
pub const BACK_UP_NOW: &str = "back-up-now";
pub const RESTORE_BACKUP: &str = "restore-backup";

pub fn install(app: &App) -> tauri::Result<()> {
    let about = AboutMetadataBuilder::new()
        .name(Some("Accord"))
        .version(Some(app.package_info().version.to_string()))
        .comments(Some(
            "One roadmap, clear ownership and signed-off agreements for an engineering manager and a product manager.",
        ))
        .copyright(app.config().bundle.copyright.clone())
        .license(Some("MIT"))
        .icon(app.default_window_icon().cloned())
        .build();
    let item = |id: &str, text: &str, accel: &str| MenuItemBuilder::with_id(id, text).accelerator(accel).build(app);

    let accord =
        SubmenuBuilder::new(app, "Accord").about_with_text("About Accord", Some(about)).separator().quit().build()?;
    let file = SubmenuBuilder::new(app, "File")
        .item(&item(NEW_ROADMAP, "New roadmap…", "CmdOrCtrl+Shift+N")?)
        .item(&item(IMPORT, "Import…", "CmdOrCtrl+I")?)
        .separator()
        .item(&item(EXPORT_PDF, "Export roadmap PDF…", "CmdOrCtrl+E")?)
        .item(&item(EXPORT_CSV, "Export as CSV…", "CmdOrCtrl+Alt+C")?)
        .item(&item(EXPORT_JSON, "Export as JSON…", "CmdOrCtrl+Alt+J")?)
        .item(&item(VERIFY_PDF, "Verify a PDF…", "CmdOrCtrl+Shift+E")?)
        .separator()
        .item(&MenuItemBuilder::with_id(BACK_UP_NOW, "Back up now…").build(app)?)
        .item(&MenuItemBuilder::with_id(RESTORE_BACKUP, "Restore from a backup…").build(app)?)
        .build()?;
    let edit = SubmenuBuilder::new(app, "Edit").undo().redo().separator().cut().copy().paste().select_all().build()?;
    let view = SubmenuBuilder::new(app, "View")
        .item(&item(NEW_ITEM, "New item", "CmdOrCtrl+N")?)
        .separator()
        .item(&item(VIEW_ROADMAP, "Roadmap", "CmdOrCtrl+1")?)
        .item(&item(VIEW_MATRIX, "Ownership matrix", "CmdOrCtrl+2")?)
        .item(&item(VIEW_DECISIONS, "Decisions", "CmdOrCtrl+3")?)
        .item(&item(VIEW_BASELINES, "Baselines", "CmdOrCtrl+4")?)
        .item(&item(VIEW_ATTENTION, "Attention", "CmdOrCtrl+5")?)
        .item(&item(VIEW_GOALS, "Goals", "CmdOrCtrl+6")?)
        .item(&item(VIEW_HEALTH, "Health check", "CmdOrCtrl+7")?)
        .item(&item(VIEW_TIMELINE, "Timeline", "CmdOrCtrl+8")?)
        .build()?;
    let window =
        SubmenuBuilder::new(app, "Window").minimize().maximize().fullscreen().separator().close_window().build()?;
    app.set_menu(MenuBuilder::new(app).items(&[&accord, &file, &edit, &view, &window]).build()?)?;

    app.on_menu_event(|app, event| {
        let id = event.id().as_ref();
        if [
            VIEW_ROADMAP,
            VIEW_MATRIX,
            VIEW_DECISIONS,
            VIEW_BASELINES,
            VIEW_ATTENTION,
            VIEW_GOALS,
            VIEW_HEALTH,
            VIEW_TIMELINE,
            NEW_ROADMAP,
            IMPORT,
            EXPORT_CSV,
            EXPORT_JSON,
            NEW_ITEM,
            EXPORT_PDF,
            VERIFY_PDF,
            BACK_UP_NOW,
            RESTORE_BACKUP,
        ]
        .contains(&id)
        {
            let _ = app.emit("menu", id);
        }
    });
    Ok(())
}
