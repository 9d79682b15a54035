//! The desktop shell: the only place that knows Tauri. It opens the
//! database, holds the use-cases behind a lock, and exposes each one as a
//! thin command. Rules live in `accord-api`, never here.

mod backup_commands;
mod commands;
mod data_dir;
mod database;
mod menu;
mod pdf;
mod planning_commands;
mod rendering;
mod roadmap_commands;
mod session;
mod single_instance;
mod window_memory;

use accord_api::{Accord, ApiError, ErrorCode};
use tauri::{Emitter, Manager, WindowEvent};

/// What the commands reach: the open roadmap database, or why it could not
/// be opened (shown to the user instead of crashing).
pub struct AppState {
    /// Replaced whole when a backup is restored, and then it may open where
    /// it could not before.
    accord: database::Database,
    /// The database file, once the data directory is known: backups are
    /// listed and restored from it even while it cannot be opened.
    db_file: Option<std::path::PathBuf>,
    /// The planning session this window hosts or joined, if any.
    session: session::Session,
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
    rendering::choose();
    tauri::Builder::default()
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let handle = app.handle().clone();
            let claimed = data_dir::resolve(app.handle())
                .and_then(|dir| Ok((single_instance::claim(&dir, move || bring_to_front(&handle))?, dir)));
            let db_file = claimed.as_ref().ok().map(|(_, dir)| dir.join("accord.db"));
            let accord = match claimed {
                Ok((single_instance::Instance::Second, dir)) => {
                    eprintln!("accord: already open on {}; brought that window to the front", dir.display());
                    std::process::exit(0);
                }
                Ok((single_instance::Instance::First(guard), dir)) => {
                    app.manage(guard);
                    let file = dir.join("accord.db");
                    database::Database::opening(move || {
                        let opened = Accord::open(&file).inspect_err(|e| {
                            eprintln!("accord: cannot open {}: {e}", file.display());
                        });
                        if let Some(e) = opened.as_ref().ok().and_then(|a| a.startup_backup_error()) {
                            eprintln!("accord: today's backup could not be made: {e}");
                        }
                        opened
                    })
                }
                // An unusable data directory is shown in the window, not a crash.
                Err(e) => {
                    eprintln!("accord: cannot use the data directory: {e}");
                    database::Database::ready(Err(ApiError::new(
                        ErrorCode::Storage,
                        format!("cannot use the data directory: {e}"),
                    )))
                }
            };
            // Managed before any window exists, so no command can run without
            // it; a command waits for the opening to finish.
            app.manage(AppState { accord, db_file, session: session::Session::default() });
            // The window is created here, not from the config, so a second
            // launch exits before anything flashes on screen.
            for config in &app.config().app.windows {
                tauri::WebviewWindowBuilder::from_config(app.handle(), config)?.build()?;
            }
            menu::install(app)?;
            window_memory::start(app.handle())?;
            Ok(())
        })
        .on_window_event(|_, event| {
            if matches!(event, WindowEvent::Resized(_) | WindowEvent::Moved(_)) {
                window_memory::changed();
            }
        })
        .invoke_handler(tauri::generate_handler![
            session::hosting::host_session,
            session::hosting::hosting,
            session::hosting::stop_hosting,
            session::hosting::session_editing,
            session::hosting::session_confirm_guest,
            session::joining::discover_sessions,
            session::joining::join_session,
            session::joining::rejoin_session,
            session::joining::known_sessions,
            session::joining::forget_session,
            session::joining::joined,
            session::joining::guest_items,
            session::joining::guest_read,
            session::joining::guest_submit,
            session::joining::guest_sign,
            session::joining::guest_resolve,
            session::joining::leave_session,
            session::joining::guest_export_pdf,
            session::joining::kept_roadmaps,
            session::joining::kept_document,
            pdf::export_kept_pdf,
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
            commands::sign_when,
            commands::when_signoff,
            commands::identities,
            commands::when_states,
            commands::list_decisions,
            commands::get_decision,
            commands::create_decision,
            commands::update_decision,
            commands::supersede_decision,
            commands::sign_decision,
            commands::write_position,
            commands::escalate_decision,
            commands::resolve_escalation,
            commands::list_baselines,
            commands::create_baseline,
            commands::sign_baseline,
            commands::baseline_diff,
            commands::attention,
            commands::export_identity,
            commands::import_identity,
            commands::create_signing_key,
            planning_commands::set_planning,
            planning_commands::propose_planning,
            planning_commands::propose_move,
            planning_commands::scores,
            planning_commands::capacity,
            planning_commands::goals,
            planning_commands::create_goal,
            planning_commands::update_goal,
            planning_commands::propose_goal_change,
            planning_commands::respond_to_goal_proposal,
            planning_commands::health,
            planning_commands::health_answers,
            planning_commands::answer_health_check,
            planning_commands::set_health_interval,
            planning_commands::sync_agenda,
            planning_commands::mark_sync_held,
            planning_commands::add_comment,
            planning_commands::comments,
            planning_commands::undo,
            roadmap_commands::open_roadmap,
            roadmap_commands::archive_roadmap,
            roadmap_commands::carry_over,
            roadmap_commands::timeline,
            roadmap_commands::move_in_time,
            roadmap_commands::dependency_violations,
            roadmap_commands::preview_import,
            roadmap_commands::import_file,
            roadmap_commands::choose_import_file,
            roadmap_commands::choose_mapping_file,
            roadmap_commands::export_file,
            session::joining::guest_move_in_time,
            session::joining::guest_export_file,
            backup_commands::list_backups,
            backup_commands::back_up_now,
            backup_commands::restore_backup,
            pdf::export_pdf,
            pdf::verify_pdf,
            pdf::open_file,
            pdf::show_in_folder,
        ])
        .run(tauri::generate_context!("tauri.conf.json"))
        .expect("error while running Accord");
}
