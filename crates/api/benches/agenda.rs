//! What a 2,000-item roadmap costs after every change in the app: the
//! agreement marks of all items (`when_states`) and the weekly-sync agenda
//! (`attention`), both re-derived from signatures; and a baseline's snapshot
//! and diff against now.
//!
//! Run: `cargo bench -p accord-api --bench agenda -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use accord_api::domain::{Dimension, ItemKind, ItemStatus, Role};
use accord_api::*;
use criterion::{criterion_group, Criterion};

const ITEMS: usize = 2_000;
const SIGNED: usize = 20;

fn roadmap() -> (tempfile::TempDir, Accord, i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Accord::open(&dir.path().join("accord.db")).unwrap();
    let pm = app
        .create_profile(NewProfile { name: "Priya".into(), role: Role::Pm, passphrase: "pm passphrase".into() })
        .unwrap();
    let em = app
        .create_profile(NewProfile { name: "Marco".into(), role: Role::Em, passphrase: "em passphrase".into() })
        .unwrap();
    let r = app
        .create_roadmap(
            pm.id,
            NewRoadmap {
                name: "Big".into(),
                team: String::new(),
                em_name: String::new(),
                pm_name: String::new(),
                director_name: String::new(),
                head_of_product_name: String::new(),
            },
        )
        .unwrap();
    for n in 0..ITEMS {
        let item = app
            .create_item(
                pm.id,
                NewItem {
                    roadmap_id: r.id,
                    title: format!("Item {n}"),
                    kind: ItemKind::Feature,
                    horizon: "next".into(),
                },
            )
            .unwrap();
        let item = app
            .edit_dimension(
                pm.id,
                EditDimension {
                    item_id: item.id,
                    base_revision: item.revision,
                    dimension: Dimension::When,
                    text: format!("Q{}", n % 4 + 1),
                    trade_off: None,
                },
            )
            .unwrap();
        let item = app
            .update_item(
                pm.id,
                UpdateItem {
                    item_id: item.id,
                    base_revision: item.revision,
                    change: ItemChange::Status(ItemStatus::Planned),
                },
            )
            .unwrap();
        if n < SIGNED {
            for (who, pass) in [(pm.id, "pm passphrase"), (em.id, "em passphrase")] {
                let rev = app.item(item.id).unwrap().revision;
                app.sign_when(who, SignWhen { item_id: item.id, base_revision: rev, passphrase: pass.into() }).unwrap();
            }
        }
    }
    let base = app
        .create_baseline(
            pm.id,
            NewBaseline { roadmap_id: r.id, name: "Q1 plan".into(), passphrase: "pm passphrase".into() },
        )
        .unwrap();
    (dir, app, r.id, base.id)
}

fn bench(c: &mut Criterion) {
    let (_dir, app, roadmap, baseline) = roadmap();
    let mut g = c.benchmark_group("agenda_2000");
    g.bench_function("list_items", |b| b.iter(|| app.items(black_box(roadmap), false).unwrap()));
    g.bench_function("when_states", |b| b.iter(|| app.when_states(black_box(roadmap)).unwrap()));
    g.bench_function("attention", |b| b.iter(|| app.attention(black_box(roadmap)).unwrap()));
    g.bench_function("baseline_diff_now", |b| b.iter(|| app.baseline_diff(black_box(baseline), None).unwrap()));
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
