// Prevents an extra console window on Windows in release.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if started_as_cli(&args) {
        return accord_cli::main_from(args);
    }
    accord_app::run();
    std::process::ExitCode::SUCCESS
}

/// Linux packages install `/usr/bin/accord` as a link to this binary, so
/// one binary ships the window and the command. (macOS and Windows bundles
/// carry the command as its own binary: a Windows GUI binary has no console.)
fn started_as_cli(args: &[std::ffi::OsString]) -> bool {
    cfg!(unix) && args.first().and_then(|a| std::path::Path::new(a).file_name()).is_some_and(|n| n == "accord")
}
