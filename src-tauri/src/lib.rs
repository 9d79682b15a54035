//! The desktop shell: the only place that knows Tauri. It opens the
//! database, holds the use-cases behind a lock, and exposes each one as a
//! thin command. Rules live in `accord-api`, never here.

mod commands;
mod data_dir;

use std::sync::Mutex;

use accord_api::{Accord, ApiError};
use tauri::Manager;

/// What the commands reach: the open roadmap database, or why it could not
/// be opened (shown to the user instead of crashing).
pub struct AppState {
    accord: Result<Mutex<Accord>, ApiError>,
}

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            let file = data_dir::resolve(app.handle())?.join("accord.db");
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
