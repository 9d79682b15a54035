//! The desktop shell: the only place that knows Tauri. It opens the
//! database, holds the use-cases behind a lock, and exposes each one as a
//! thin command. Rules live in `accord-api`, never here.

mod commands;
mod data_dir;
mod menu;
mod single_instance;

use std::sync::Mutex;

use accord_api::{Accord, ApiError};
use tauri::{Emitter, Manager};

/// What the commands reach: the open roadmap database, or why it could not
/// be opened (shown to the user instead of crashing).
pub struct AppState {
    accord: Result<Mutex<Accord>, ApiError>,
}

fn bring_to_front(app: &tauri::AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
    let _ = app.emit("second-launch", ());
}

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            let dir = data_dir::resolve(app.handle())?;
            let handle = app.handle().clone();
            match single_instance::claim(&dir, move || bring_to_front(&handle))? {
                single_instance::Instance::First(guard) => {
                    app.manage(guard);
                }
                single_instance::Instance::Second => {
                    eprintln!("accord: already open on {}; brought that window to the front", dir.display());
                    std::process::exit(0);
                }
            }
            // The window is created here, not from the config, so a second
            // launch exits before anything flashes on screen.
            for config in &app.config().app.windows {
                tauri::WebviewWindowBuilder::from_config(app.handle(), config)?.build()?;
            }
            menu::install(app)?;
            let file = dir.join("accord.db");
            let accord = Accord::open(&file).map(Mutex::new);
            if let Err(e) = &accord {
                eprintln!("accord: cannot open {}: {e}", file.display());
            }
            app.manage(AppState { accord });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::bootstrap,
            commands::create_profile,
            commands::set_acting,
            commands::create_roadmap,
            commands::list_items,
            commands::get_item,
            commands::create_item,
            commands::update_item,
            commands::edit_dimension,
            commands::move_item,
            commands::propose_change,
            commands::respond_to_proposal,
            commands::list_proposals,
            commands::item_history,
        ])
        .run(tauri::generate_context!("tauri.conf.json"))
        .expect("error while running Accord");
}
