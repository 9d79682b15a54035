//! The committed TypeScript bindings must match what the Rust types
//! generate. Regenerate with `UPDATE_BINDINGS=1 cargo test --test it bindings`.

use std::path::Path;

#[test]
fn committed_bindings_match_the_rust_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        accord_api::bindings::write(&dir).expect("write bindings");
    }
    let fresh = accord_api::bindings::render();
    let committed = accord_api::bindings::read_dir(&dir);
    assert!(fresh.len() > 20, "expected every IPC type to be exported, got {}", fresh.len());
    let stale: Vec<_> = fresh
        .iter()
        .filter(|(name, body)| committed.get(*name) != Some(body))
        .map(|(name, _)| name.as_str())
        .chain(committed.keys().filter(|n| !fresh.contains_key(*n)).map(|n| n.as_str()))
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/bindings is out of date for {stale:?}; run UPDATE_BINDINGS=1 cargo test --test it bindings"
    );
}
