//! The window remembers its size and position. The window-state plugin
//! saves on a clean exit; this also saves shortly after the window stops
//! moving or resizing, so a crash or a forced quit does not forget it.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::OnceLock;
use std::time::Duration;

use tauri::AppHandle;
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

const SETTLE: Duration = Duration::from_millis(400);

static CHANGED: OnceLock<Sender<()>> = OnceLock::new();

/// Starts the saver; call once from setup.
pub fn start(app: &AppHandle) -> std::io::Result<()> {
    let (tx, rx) = mpsc::channel::<()>();
    let app = app.clone();
    std::thread::Builder::new().name("window-memory".into()).spawn(move || {
        while rx.recv().is_ok() {
            // Wait until the changes stop arriving, then save once.
            loop {
                match rx.recv_timeout(SETTLE) {
                    Ok(()) => continue,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            // Saved on the main thread: the plugin holds its lock while it asks
            // the window for its size, and the main thread takes that lock for
            // every window event, so a save from here can wait on it forever.
            let saver = app.clone();
            let _ = app.run_on_main_thread(move || {
                if let Err(e) = saver.save_window_state(StateFlags::all()) {
                    eprintln!("accord: could not remember the window's place: {e}");
                }
            });
        }
    })?;
    let _ = CHANGED.set(tx);
    Ok(())
}

/// The window moved or was resized.
pub fn changed() {
    if let Some(tx) = CHANGED.get() {
        let _ = tx.send(());
    }
}
