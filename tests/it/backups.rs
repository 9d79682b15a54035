//! Data that survives: backups taken online and rotated, restore with its
//! checks, damaged files detected and kept, a full disk and two processes.

use std::path::{Path, PathBuf};

use accord_api::domain::{BackupKind, Dimension, ItemKind};
use accord_api::{list_backups, restore_backup, Accord, ErrorCode};

use crate::api::{dump, refused};
use crate::planning::desk;

fn db_of(app: &Accord) -> PathBuf {
    app.store().path().unwrap().to_path_buf()
}

fn backups_of(path: &Path, kind: BackupKind) -> Vec<accord_api::domain::BackupInfo> {
    list_backups(path).unwrap().into_iter().filter(|b| b.kind == kind).collect()
}

#[test]
fn opening_takes_one_daily_backup_and_a_restore_brings_the_file_back() {
    let mut d = desk();
    let path = db_of(&d.app);
    let daily = backups_of(&path, BackupKind::Daily);
    assert_eq!(daily.len(), 1, "the first opening of the day backs up");
    drop(Accord::open(&path).unwrap());
    assert_eq!(backups_of(&path, BackupKind::Daily).len(), 1, "at most once a day");

    let pm = d.pm.clone();
    let item = d.add("Checkout", ItemKind::Feature);
    let manual = d.app.back_up_now().unwrap();
    assert_eq!((manual.kind, manual.items), (BackupKind::Manual, 1));
    assert!(manual.bytes > 0 && Path::new(&manual.path).is_file());
    d.edit(&pm, item.id, Dimension::What, "One-page checkout").unwrap();
    let listed = d.app.backups().unwrap();
    assert_eq!(listed[0].path, manual.path, "newest first");

    let (app, restored) = restore_backup(&path, Path::new(&manual.path)).unwrap();
    assert_eq!(app.item(item.id).unwrap().matrix.what, "", "the change after the backup is gone");
    let kept = restored.kept.expect("the file as it was is kept");
    assert_eq!(kept.kind, BackupKind::BeforeRestore);
    assert!(restored.set_aside.is_none());
    // The copy kept before the restore still holds the change.
    let (back, _) = restore_backup(&path, Path::new(&kept.path)).unwrap();
    assert_eq!(back.item(item.id).unwrap().matrix.what, "One-page checkout");
    // The backup restored from is still listed: a restore never pushes it out.
    assert!(list_backups(&path).unwrap().iter().any(|b| b.path == manual.path));
}

#[test]
fn a_backup_is_consistent_while_another_connection_writes() {
    let mut d = desk();
    let path = db_of(&d.app);
    let other = Accord::open(&path).unwrap();
    for n in 0..20 {
        d.add(&format!("Item {n}"), ItemKind::Feature);
    }
    let b = other.back_up_now().unwrap();
    assert_eq!(b.items, 20, "the other connection's backup sees every committed change");
    let conn = rusqlite::Connection::open(&b.path).unwrap();
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(verdict, "ok");
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete", "a backup stands alone, with no WAL beside it");
}

#[test]
fn restore_refuses_what_is_not_a_sound_accord_database_and_touches_nothing() {
    let d = desk();
    let path = db_of(&d.app);
    let before = dump(d.app.store().conn());
    let dir = path.parent().unwrap();

    let random = dir.join("random.db");
    std::fs::write(&random, vec![0x5a; 8192]).unwrap();
    let other_app = dir.join("other.db");
    rusqlite::Connection::open(&other_app)
        .unwrap()
        .execute_batch("CREATE TABLE notes(x); INSERT INTO notes VALUES (1);")
        .unwrap();
    let newer = dir.join("newer.db");
    std::fs::copy(&d.app.back_up_now().unwrap().path, &newer).unwrap();
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let truncated = dir.join("truncated.db");
    let good = std::fs::read(&d.app.back_up_now().unwrap().path).unwrap();
    std::fs::write(&truncated, &good[..good.len() / 2]).unwrap();

    let count = list_backups(&path).unwrap().len();
    for (file, code) in [
        (&random, ErrorCode::BadFile),
        (&other_app, ErrorCode::BadFile),
        (&newer, ErrorCode::NewerDatabase),
        (&truncated, ErrorCode::BadFile),
        (&dir.join("missing.db"), ErrorCode::BadFile),
    ] {
        let e = refused(restore_backup(&path, file).map(|(_, r)| r), code);
        assert!(!e.message.is_empty());
        assert_eq!(list_backups(&path).unwrap().len(), count, "no backup was taken for {}", file.display());
    }
    assert_eq!(dump(d.app.store().conn()), before, "the database is as it was");
}

/// A file made bad in a way `damage` says, where the roadmap was.
fn damaged(damage: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let d = desk();
    let path = db_of(&d.app);
    let good = backups_of(&path, BackupKind::Daily).remove(0);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("accord.db");
    // The damaged file sits beside a copy of the good backup, as it would.
    std::fs::create_dir_all(dir.path().join("backups")).unwrap();
    let backup = dir.path().join("backups").join(&good.file_name);
    std::fs::copy(&good.path, &backup).unwrap();
    std::fs::copy(&good.path, &target).unwrap();
    drop(d);
    damage(&target);
    (dir, target, backup)
}

fn assert_detected_then_restored(dir: &tempfile::TempDir, path: &Path, backup: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let e = refused(Accord::open(path).map(|_| ()), ErrorCode::DamagedDatabase);
    assert!(e.message.contains("accord.db"), "the message names the file: {}", e.message);
    assert_eq!(std::fs::read(path).unwrap(), bytes, "a damaged file is not touched by opening it");
    let offered = list_backups(path).unwrap();
    assert_eq!(offered.len(), 1, "the backups are listed while the file cannot be opened");

    let (app, restored) = restore_backup(path, backup).unwrap();
    assert!(restored.kept.is_none(), "a damaged file cannot be backed up");
    let aside = PathBuf::from(restored.set_aside.expect("the damaged file is set aside"));
    assert!(aside.starts_with(dir.path()));
    assert_eq!(std::fs::read(&aside).unwrap(), bytes, "kept as it was, renamed");
    assert_eq!(app.bootstrap().unwrap().roadmaps.len(), 1, "the roadmap is back");
}

#[test]
fn a_truncated_file_is_detected_and_kept_aside_on_restore() {
    let (dir, path, backup) = damaged(|p| {
        let bytes = std::fs::read(p).unwrap();
        std::fs::write(p, &bytes[..bytes.len() * 2 / 3]).unwrap();
    });
    assert_detected_then_restored(&dir, &path, &backup);
}

#[test]
fn a_zeroed_page_is_detected_and_kept_aside_on_restore() {
    let (dir, path, backup) = damaged(|p| {
        let mut bytes = std::fs::read(p).unwrap();
        let page = 4096;
        let pages = bytes.len() / page;
        assert!(pages > 4, "the template has pages to damage");
        // Every page but the header's: whichever holds a table's root is hit.
        for n in 1..pages {
            if n % 2 == 1 {
                bytes[n * page..(n + 1) * page].fill(0);
            }
        }
        std::fs::write(p, bytes).unwrap();
    });
    assert_detected_then_restored(&dir, &path, &backup);
}

#[test]
fn a_random_file_named_accord_db_is_detected_and_kept_aside_on_restore() {
    let (dir, path, backup) = damaged(|p| {
        let noise: Vec<u8> = (0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        std::fs::write(p, noise).unwrap();
    });
    assert_detected_then_restored(&dir, &path, &backup);
}

#[test]
fn a_full_disk_is_a_typed_error_that_writes_nothing_and_reads_go_on() {
    let mut d = desk();
    let pm = d.pm.clone();
    let item = d.add("Checkout", ItemKind::Feature);
    let conn = d.app.store().conn();
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    conn.pragma_update(None, "max_page_count", pages).unwrap();

    let long = "A long paragraph about the scope of checkout. ".repeat(200);
    let e = refused(d.edit(&pm, item.id, Dimension::What, &long), ErrorCode::DiskFull);
    assert!(e.message.contains("disk is full"), "{}", e.message);
    let many = (0..200).map(|n| {
        d.app.create_item(
            pm.id,
            accord_api::NewItem {
                roadmap_id: d.roadmap.id,
                title: format!("Filler {n}"),
                kind: ItemKind::Feature,
                horizon: "later".into(),
            },
        )
    });
    let first_refusal = many.into_iter().find_map(|r| r.err()).expect("the disk fills up");
    assert_eq!(first_refusal.code, ErrorCode::DiskFull);
    assert_ne!(dump(d.app.store().conn()), "", "reads still work");
    // Whatever fitted was written whole, with its history; the refused
    // changes left nothing.
    let after = d.app.items(d.roadmap.id, false).unwrap();
    assert_eq!(d.app.item(item.id).unwrap().matrix.what, "");
    for i in &after {
        assert!(!d.app.history(i.id).unwrap().is_empty(), "{} has its history", i.title);
    }
}

#[test]
fn two_processes_on_one_file_lose_no_update_and_see_each_other() {
    let mut d = desk();
    let (pm, em) = (d.pm.clone(), d.em.clone());
    let item = d.add("Checkout", ItemKind::Feature);
    let path = db_of(&d.app);
    // The CLI's connection, beside the window's.
    let mut cli = Accord::open(&path).unwrap();
    let read = cli.item(item.id).unwrap();
    d.edit(&pm, item.id, Dimension::What, "One-page checkout").unwrap();
    let req = accord_api::EditDimension {
        item_id: item.id,
        base_revision: read.revision,
        dimension: Dimension::How,
        text: "Server-rendered".into(),
        trade_off: None,
    };
    let e = refused(cli.edit_dimension(em.id, req.clone()), ErrorCode::StaleRevision);
    assert_eq!(e.current.unwrap().matrix.what, "One-page checkout", "the CLI sees the window's change");
    let now = cli.item(item.id).unwrap();
    cli.edit_dimension(em.id, accord_api::EditDimension { base_revision: now.revision, ..req }).unwrap();
    let seen = d.app.item(item.id).unwrap();
    assert_eq!((seen.matrix.what.as_str(), seen.matrix.how.as_str()), ("One-page checkout", "Server-rendered"));
}
