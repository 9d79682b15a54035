//! Where the database lives: `--data-dir DIR`, else `ACCORD_DATA_DIR`,
//! else the OS application-data directory.

use std::path::PathBuf;

use tauri::{AppHandle, Manager};

pub fn resolve(app: &AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(dir) = from_args(std::env::args()) {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os("ACCORD_DATA_DIR").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    Ok(app.path().app_data_dir()?)
}

fn from_args(args: impl Iterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.skip(1);
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(v) = arg.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(v));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> impl Iterator<Item = String> {
        v.iter().map(|s| s.to_string()).collect::<Vec<_>>().into_iter()
    }

    #[test]
    fn data_dir_flag_in_both_spellings() {
        assert_eq!(from_args(args(&["accord", "--data-dir", "/x"])), Some(PathBuf::from("/x")));
        assert_eq!(from_args(args(&["accord", "--data-dir=/y"])), Some(PathBuf::from("/y")));
        assert_eq!(from_args(args(&["accord"])), None);
    }
}
