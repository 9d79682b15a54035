//! The SQLite store on real files: migrations, refusal of newer files,
//! backups before upgrades, and the append-only guarantees.

use std::path::{Path, PathBuf};

use accord_domain::{Field, HistoryAction, ItemKind, ItemStatus, Roadmap, Role};
use accord_store::history::{self, Change};
use accord_store::items::{self, NewItem};
use accord_store::proposals::{self, NewProposal};
use accord_store::{migrate_with, profiles, roadmaps, Migration, Store, StoreError, MIGRATIONS, SCHEMA_VERSION};
use rusqlite::Connection;

fn db_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("accord.db");
    (dir, path)
}

fn open(path: &Path) -> Store {
    match Store::open(path) {
        Ok(s) => s,
        Err(e) => panic!("open {}: {e}", path.display()),
    }
}

fn user_version(conn: &Connection) -> i64 {
    conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

fn journal_mode(conn: &Connection) -> String {
    conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap()
}

fn tables(conn: &Connection) -> Vec<String> {
    let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

fn schema(conn: &Connection) -> Vec<(String, String)> {
    let mut stmt = conn.prepare("SELECT name, COALESCE(sql, '') FROM sqlite_master ORDER BY name").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// The backups taken before an upgrade of the file at `path`.
fn upgrade_backups(path: &Path) -> Vec<PathBuf> {
    accord_store::backups::list(path)
        .unwrap()
        .into_iter()
        .filter(|b| b.kind == accord_domain::BackupKind::BeforeUpgrade)
        .map(|b| PathBuf::from(b.path))
        .collect()
}

/// The shipped migrations followed by one more.
fn with_next(sql: &'static str) -> Vec<Migration> {
    let mut all: Vec<Migration> =
        MIGRATIONS.iter().map(|m| Migration { version: m.version, sql: m.sql, then: m.then }).collect();
    all.push(Migration { version: SCHEMA_VERSION + 1, sql, then: None });
    all
}

#[test]
fn migrations_are_numbered_from_one_without_gaps() {
    for (i, m) in MIGRATIONS.iter().enumerate() {
        assert_eq!(m.version, i as i64 + 1);
    }
    assert_eq!(SCHEMA_VERSION, MIGRATIONS.last().unwrap().version);
}

#[test]
fn a_new_file_is_migrated_to_the_current_schema_in_wal_mode() {
    let (_dir, path) = db_file();
    assert!(!path.exists());
    let store = open(&path);
    let conn = store.conn();
    assert_eq!(user_version(conn), SCHEMA_VERSION);
    assert_eq!(journal_mode(conn), "wal");
    let t = tables(conn);
    for want in ["history", "item", "profile", "profile_key", "proposal", "roadmap", "setting", "signoff"] {
        assert!(t.iter().any(|n| n == want), "table {want} missing from {t:?}");
    }
    assert_eq!(store.path(), Some(path.as_path()));
    // A fresh file holds nothing worth backing up.
    assert!(upgrade_backups(&path).is_empty());
}

#[test]
fn reopening_a_current_file_changes_nothing() {
    let (_dir, path) = db_file();
    let before = {
        let store = open(&path);
        profiles::insert(store.conn(), "uid-pat", "Pat", Role::Pm, "2026-01-01T00:00:00.000Z").unwrap();
        schema(store.conn())
    };
    let store = open(&path);
    assert_eq!(user_version(store.conn()), SCHEMA_VERSION);
    assert_eq!(schema(store.conn()), before);
    let people = profiles::list(store.conn()).unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].name, "Pat");
    assert!(upgrade_backups(&path).is_empty(), "no upgrade happened, so no backup");
}

#[test]
fn a_file_from_a_newer_accord_is_refused_untouched() {
    let (_dir, path) = db_file();
    let newer = SCHEMA_VERSION + 5;
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future(x); INSERT INTO future VALUES (42);").unwrap();
        conn.pragma_update(None, "user_version", newer).unwrap();
        assert_eq!(journal_mode(&conn), "delete");
    }
    let bytes_before = std::fs::read(&path).unwrap();

    match Store::open(&path) {
        Err(StoreError::NewerDatabase { found, supported }) => {
            assert_eq!(found, newer);
            assert_eq!(supported, SCHEMA_VERSION);
        }
        Err(e) => panic!("expected NewerDatabase, got {e}"),
        Ok(_) => panic!("a newer database was opened"),
    }

    assert_eq!(std::fs::read(&path).unwrap(), bytes_before, "the refused file was modified");
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    assert!(!PathBuf::from(wal).exists(), "a WAL file was created for a refused database");
    let conn = Connection::open(&path).unwrap();
    assert_eq!(user_version(&conn), newer);
    assert_eq!(journal_mode(&conn), "delete");
    assert_eq!(tables(&conn), ["future"]);
}

#[test]
fn migrate_with_refuses_a_file_newer_than_its_list() {
    let (_dir, path) = db_file();
    let mut conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    match migrate_with(&mut conn, Some(&path), MIGRATIONS) {
        Err(StoreError::NewerDatabase { found, supported }) => {
            assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
        }
        other => panic!("expected NewerDatabase, got {other:?}"),
    }
    assert!(tables(&conn).is_empty());
}

#[test]
fn an_upgrade_backs_up_the_file_first() {
    let (_dir, path) = db_file();
    {
        let store = open(&path);
        profiles::insert(store.conn(), "uid-pat", "Pat", Role::Pm, "2026-01-01T00:00:00.000Z").unwrap();
    }
    let next = with_next("CREATE TABLE extra(x);");
    let mut conn = Connection::open(&path).unwrap();
    migrate_with(&mut conn, Some(&path), &next).expect("upgrade");
    assert_eq!(user_version(&conn), SCHEMA_VERSION + 1);
    assert!(tables(&conn).iter().any(|t| t == "extra"));
    assert_eq!(count(&conn, "profile"), 1, "the upgrade kept the data");
    drop(conn);

    let baks = upgrade_backups(&path);
    assert_eq!(baks.len(), 1, "one backup before the upgrade");
    let bak = baks[0].clone();
    let old = Connection::open(&bak).unwrap();
    assert_eq!(user_version(&old), SCHEMA_VERSION);
    assert!(!tables(&old).iter().any(|t| t == "extra"));
    let name: String = old.query_row("SELECT name FROM profile", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "Pat");
    drop(old);

    // The backup is a usable Accord file of the previous schema.
    let restored = open(&bak);
    assert_eq!(profiles::list(restored.conn()).unwrap()[0].name, "Pat");
}

#[test]
fn a_failing_migration_is_rolled_back_entirely() {
    let (_dir, path) = db_file();
    {
        let store = open(&path);
        profiles::insert(store.conn(), "uid-pat", "Pat", Role::Pm, "2026-01-01T00:00:00.000Z").unwrap();
    }
    let next = with_next("CREATE TABLE partial(x); INSERT INTO profile (name, role, created_at) VALUES ('Ghost', 'em', 'x'); THIS IS NOT SQL;");
    let mut conn = Connection::open(&path).unwrap();
    let err = migrate_with(&mut conn, Some(&path), &next).expect_err("broken SQL must fail");
    assert!(matches!(err, StoreError::Sqlite(_)), "got {err}");
    drop(conn);

    let conn = Connection::open(&path).unwrap();
    assert_eq!(user_version(&conn), SCHEMA_VERSION);
    assert!(!tables(&conn).iter().any(|t| t == "partial"), "half a migration was kept");
    assert_eq!(count(&conn, "profile"), 1);
    drop(conn);
    // The current Accord still opens the file.
    assert_eq!(profiles::list(open(&path).conn()).unwrap().len(), 1);
}

/// A store holding one profile, roadmap, item and history line.
fn seeded() -> (tempfile::TempDir, Store, i64) {
    let (dir, path) = db_file();
    let mut store = open(&path);
    let at = "2026-01-01T00:00:00.000Z";
    let item_id = store
        .write(|tx| {
            let pid = profiles::insert(tx, "uid-pat", "Pat", Role::Pm, at)?;
            let actor = profiles::get(tx, pid)?.unwrap();
            let roadmap = Roadmap {
                id: 0,
                uid: "uid-core".into(),
                name: "Core".into(),
                team: String::new(),
                em_name: String::new(),
                pm_name: String::new(),
                director_name: String::new(),
                head_of_product_name: String::new(),
                created_at: at.into(),
                archived: false,
            };
            let rid = roadmaps::insert(tx, &roadmap)?;
            let item_id = items::insert(
                tx,
                &NewItem {
                    roadmap_id: rid,
                    title: "Search",
                    status: ItemStatus::Idea,
                    kind: ItemKind::Feature,
                    horizon: "now",
                    at,
                },
            )?;
            history::append(
                tx,
                &Change {
                    roadmap_id: rid,
                    item_id: Some(item_id),
                    decision_id: None,
                    actor: &actor,
                    at,
                    action: HistoryAction::ItemCreated,
                    field: "title",
                    before: "",
                    after: "Search",
                    undoes: None,
                },
            )?;
            Ok::<_, StoreError>(item_id)
        })
        .unwrap();
    (dir, store, item_id)
}

fn refused_by_trigger(r: rusqlite::Result<usize>, why: &str) {
    match r {
        Err(e) => assert!(e.to_string().contains(why), "unexpected error: {e}"),
        Ok(n) => panic!("statement succeeded on {n} rows"),
    }
}

#[test]
fn history_is_append_only() {
    let (_dir, store, item_id) = seeded();
    let conn = store.conn();
    refused_by_trigger(conn.execute("UPDATE history SET after = 'forged'", []), "history is append-only");
    refused_by_trigger(conn.execute("DELETE FROM history", []), "history is append-only");
    let h = history::for_item(conn, item_id).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].after, "Search");
    assert_eq!(h[0].action, HistoryAction::ItemCreated);
    assert_eq!(h[0].actor_role, Role::Pm);
}

#[test]
fn items_proposals_and_roadmaps_are_never_deleted() {
    let (_dir, store, item_id) = seeded();
    let conn = store.conn();
    let proposal = NewProposal {
        item_id,
        field: Field::Why,
        body: "because",
        before_text: "",
        base_revision: 1,
        author_id: 1,
        at: "2026-01-02T00:00:00.000Z",
    };
    let proposal_id = proposals::insert(conn, &proposal).unwrap();
    refused_by_trigger(conn.execute("DELETE FROM item", []), "items are archived, never deleted");
    refused_by_trigger(conn.execute("DELETE FROM proposal", []), "proposals are answered, never deleted");
    refused_by_trigger(conn.execute("DELETE FROM roadmap", []), "roadmaps are never deleted");
    assert!(items::get(conn, item_id).unwrap().is_some());
    assert!(proposals::get(conn, proposal_id).unwrap().is_some());
    assert_eq!(count(conn, "roadmap"), 1);
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let (_dir, mut store, item_id) = seeded();
    let r: Result<(), StoreError> = store.write(|tx| {
        items::set_if_current(tx, item_id, 1, items::Column::Title, &"Renamed", "2026-01-02T00:00:00.000Z")?;
        Err(StoreError::Corrupt("abandon".into()))
    });
    assert!(r.is_err());
    let item = items::get(store.conn(), item_id).unwrap().unwrap();
    assert_eq!((item.title.as_str(), item.revision), ("Search", 1));
}

#[test]
fn compare_and_set_writes_only_at_the_expected_revision() {
    let (_dir, store, item_id) = seeded();
    let conn = store.conn();
    let at = "2026-01-02T00:00:00.000Z";
    assert!(items::set_if_current(conn, item_id, 1, items::Column::Title, &"Renamed", at).unwrap());
    assert!(!items::set_if_current(conn, item_id, 1, items::Column::Title, &"Lost", at).unwrap());
    let item = items::get(conn, item_id).unwrap().unwrap();
    assert_eq!((item.title.as_str(), item.revision), ("Renamed", 2));
}
