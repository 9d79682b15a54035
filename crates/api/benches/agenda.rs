//! What a 2,000-item roadmap costs after every change in the app: the
//! agreement marks of all items (`when_states`) and the weekly-sync agenda
//! (`attention`), both re-derived from signatures; and a baseline's snapshot
//! and diff against now. With the planning sections: what changed since
//! the last sync, goals against items, the health check's reminder, and
//! the RICE score sort (`scores`); `list_items` is the floor they compare with.
//!
//! Run: `cargo bench -p accord-api --bench agenda -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use accord_api::domain::{Dimension, GoalFields, GoalStatus, ItemKind, ItemStatus, PlanningValue, Role};
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
    let goals: Vec<i64> = (0..10)
        .map(|g| {
            let fields = GoalFields {
                objective: format!("Goal {g}"),
                metric: "weekly active teams".into(),
                from_value: "40".into(),
                to_value: "120".into(),
                by_when: "2027-Q2".into(),
                status: GoalStatus::OnTrack,
            };
            app.create_goal(pm.id, NewGoal { roadmap_id: r.id, fields }).unwrap().id
        })
        .collect();
    app.mark_sync_held(
        pm.id,
        MarkSyncHeld { roadmap_id: r.id, attendees: vec!["Priya".into(), "Marco".into()], note: String::new() },
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
        // Most items are scored and serve a goal; every tenth misses a factor.
        let mut values = vec![
            (pm.id, PlanningValue::Reach(Some(100 + (n as i64 * 37) % 5_000))),
            (pm.id, PlanningValue::Impact(Some([3.0, 2.0, 1.0, 0.5, 0.25][n % 5]))),
            (em.id, PlanningValue::Confidence(Some([100, 80, 50][n % 3]))),
        ];
        if n % 10 != 0 {
            values.push((em.id, PlanningValue::Effort(Some(1.0 + (n % 12) as f64))));
            values.push((pm.id, PlanningValue::Goals(vec![goals[n % goals.len()]])));
        }
        for (who, value) in values {
            let rev = app.item(item.id).unwrap().revision;
            app.set_planning(who, SetPlanning { item_id: item.id, base_revision: rev, value }).unwrap();
        }
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
    g.bench_function("sync_agenda", |b| b.iter(|| app.sync_agenda(black_box(roadmap)).unwrap()));
    g.bench_function("agenda_with_planning", |b| {
        b.iter(|| (app.attention(black_box(roadmap)).unwrap(), app.sync_agenda(black_box(roadmap)).unwrap()))
    });
    g.bench_function("scores", |b| b.iter(|| app.scores(black_box(roadmap)).unwrap()));
    g.bench_function("goals", |b| b.iter(|| app.goals(black_box(roadmap)).unwrap()));
    g.bench_function("capacity", |b| b.iter(|| app.capacity(black_box(roadmap)).unwrap()));
    g.bench_function("timeline", |b| b.iter(|| app.timeline(black_box(roadmap)).unwrap()));
    g.bench_function("dependency_violations", |b| b.iter(|| app.dependency_violations(black_box(roadmap)).unwrap()));
    g.bench_function("baseline_diff_now", |b| b.iter(|| app.baseline_diff(black_box(baseline), None).unwrap()));
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
