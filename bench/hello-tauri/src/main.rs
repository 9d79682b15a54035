//! A window with one line of text: what any Tauri 2 app costs before it
//! does anything.

fn main() {
    tauri::Builder::default().run(tauri::generate_context!()).expect("the window opens");
}
