//! The cost of one dimension edit through the api (rights check, stale
//! check, compare-and-set, history line, reload, commit) against the floor:
//! a bare UPDATE + COMMIT on the same kind of file with the same pragmas.
//!
//! Run: `cargo bench -p accord-api --bench edit -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use accord_api::domain::{Dimension, ItemKind, Role};
use accord_api::{Accord, EditDimension, NewItem, NewProfile, NewRoadmap};
use criterion::{criterion_group, Criterion};
use rusqlite::{params, Connection, TransactionBehavior};

const ITEMS: usize = 2_000;
const PASS: usize = 2_000;
const WARM_UP: usize = 100;
const TEXTS: [&str; 2] = [
    "Full-text search across titles and descriptions; results ranked by recency.",
    "Full-text search across titles, descriptions and comments; ranked by relevance.",
];

/// Edits `what` of one item through the api, tracking its revision.
struct ApiSide {
    app: Accord,
    actor: i64,
    item_id: i64,
    revision: i64,
    turn: usize,
}

impl ApiSide {
    fn edit(&mut self) {
        self.turn += 1;
        let req = EditDimension {
            item_id: self.item_id,
            base_revision: self.revision,
            dimension: Dimension::What,
            text: TEXTS[self.turn % 2].into(),
            trade_off: None,
        };
        let item = self.app.edit_dimension(self.actor, req).expect("edit");
        debug_assert_eq!(item.revision, self.revision + 1);
        self.revision = black_box(item.revision);
    }
}

/// The same write with nothing around it.
struct BareSide {
    conn: Connection,
    item_id: i64,
    turn: usize,
}

impl BareSide {
    fn edit(&mut self) {
        self.turn += 1;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).expect("begin");
        let n = tx
            .prepare_cached("UPDATE item SET dim_what = ?1 WHERE id = ?2")
            .and_then(|mut s| s.execute(params![TEXTS[self.turn % 2], self.item_id]))
            .expect("update");
        assert_eq!(n, 1);
        tx.commit().expect("commit");
    }
}

/// A file holding one PM, one roadmap and `ITEMS` items, written through the api.
fn seed(path: &Path) -> (Accord, i64, i64) {
    let mut app = Accord::open(path).expect("open");
    let pm = app
        .create_profile(NewProfile { name: "Priya".into(), role: Role::Pm, passphrase: "bench passphrase".into() })
        .expect("profile");
    let roadmap = app
        .create_roadmap(
            pm.id,
            NewRoadmap {
                name: "Core platform".into(),
                team: "Core".into(),
                em_name: "Emil".into(),
                pm_name: "Priya".into(),
                director_name: String::new(),
                head_of_product_name: String::new(),
            },
        )
        .expect("roadmap");
    let mut middle = 0;
    for i in 0..ITEMS {
        let req = NewItem {
            roadmap_id: roadmap.id,
            title: format!("Item {i}"),
            kind: ItemKind::Feature,
            horizon: "next".into(),
        };
        let item = app.create_item(pm.id, req).expect("item");
        if i == ITEMS / 2 {
            middle = item.id;
        }
    }
    (app, pm.id, middle)
}

fn api_side(dir: &Path) -> ApiSide {
    let (app, actor, item_id) = seed(&dir.join("api.db"));
    let revision = app.item(item_id).expect("item").revision;
    ApiSide { app, actor, item_id, revision, turn: 0 }
}

fn bare_side(dir: &Path) -> BareSide {
    let path = dir.join("bare.db");
    let (app, _, item_id) = seed(&path);
    drop(app);
    let conn = Connection::open(&path).expect("open");
    // The pragmas `Store::open` sets.
    conn.busy_timeout(Duration::from_secs(5)).expect("busy_timeout");
    conn.pragma_update(None, "journal_mode", "WAL").expect("wal");
    conn.pragma_update(None, "synchronous", "NORMAL").expect("synchronous");
    conn.pragma_update(None, "foreign_keys", true).expect("foreign_keys");
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).expect("journal_mode");
    assert_eq!(mode, "wal");
    BareSide { conn, item_id, turn: 0 }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    // Nearest rank.
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// 2,000 timed edits of each kind, interleaved so that disk and CPU noise
/// hits both sides alike.
fn manual_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut api = api_side(dir.path());
    let mut bare = bare_side(dir.path());
    for _ in 0..WARM_UP {
        api.edit();
        bare.edit();
    }
    let mut api_times = Vec::with_capacity(PASS);
    let mut bare_times = Vec::with_capacity(PASS);
    for _ in 0..PASS {
        let t = Instant::now();
        api.edit();
        api_times.push(t.elapsed());
        let t = Instant::now();
        bare.edit();
        bare_times.push(t.elapsed());
    }
    api_times.sort();
    bare_times.sort();
    let (a50, a95) = (percentile(&api_times, 50.0), percentile(&api_times, 95.0));
    let (b50, b95) = (percentile(&bare_times, 50.0), percentile(&bare_times, 95.0));
    println!(
        "edit via api: p50 {:.1} µs p95 {:.1} µs | bare update+commit: p50 {:.1} µs p95 {:.1} µs | ratio p95 {:.2}x (goal <= 3x)",
        micros(a50),
        micros(a95),
        micros(b50),
        micros(b95),
        a95.as_secs_f64() / b95.as_secs_f64(),
    );
    println!(
        "({PASS} timed iterations each after {WARM_UP} untimed; {ITEMS} items per file; ratio p50 {:.2}x)",
        a50.as_secs_f64() / b50.as_secs_f64()
    );
}

fn edit_what(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut api = api_side(dir.path());
    let mut bare = bare_side(dir.path());
    let mut group = c.benchmark_group("edit_what");
    group.bench_function("accord_api_edit_dimension", |b| b.iter(|| api.edit()));
    group.bench_function("bare_update_commit", |b| b.iter(|| bare.edit()));
    group.finish();
}

criterion_group!(benches, edit_what);

fn main() {
    manual_pass();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
