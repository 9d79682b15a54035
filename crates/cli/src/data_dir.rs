//! The same data directory the desktop app uses: `--data-dir`, else
//! `ACCORD_DATA_DIR`, else the OS application-data directory under the
//! app's identifier.

use std::path::PathBuf;

/// `identifier` in tauri.conf.json.
const APP_ID: &str = "app.accord.desktop";

pub fn resolve(flag: Option<PathBuf>) -> Option<PathBuf> {
    flag.or_else(|| std::env::var_os("ACCORD_DATA_DIR").filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(|| dirs::data_dir().map(|d| d.join(APP_ID)))
}
