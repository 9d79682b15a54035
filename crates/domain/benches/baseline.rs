//! Signing off a 1,000-item baseline: canonical hash of the whole snapshot
//! (ordered items with their matrix), one Ed25519 signature over the
//! statement, and its verification. Goal: all three ≤ 50 ms in release.
//!
//! Run: `cargo bench -p accord-domain --bench baseline -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::time::Instant;

use accord_domain::{
    ContentHash, ItemKind, ItemStatus, Keypair, Matrix, PublicIdentity, Role, SignedRoadmap, Snapshot, SnapshotItem,
    Statement, Subject,
};
use criterion::{criterion_group, Criterion};

const ROADMAP: SignedRoadmap<'static> = SignedRoadmap { id: 1, uid: "bench-roadmap" };

/// A baseline as Accord takes it: the ordered items with their matrix.
fn snapshot(n: i64) -> Snapshot {
    Snapshot {
        roadmap_id: 1,
        roadmap_name: "Core platform".into(),
        em_name: "Emil".into(),
        pm_name: "Priya".into(),
        items: (1..=n)
            .map(|i| SnapshotItem {
                id: i,
                rank: i,
                title: format!("Checkout redesign, part {i}"),
                status: ItemStatus::Planned,
                kind: ItemKind::Feature,
                horizon: "2027-Q1".into(),
                matrix: Matrix {
                    what: "One-page checkout with saved cards and address autocomplete.".into(),
                    why: "Cart abandonment is 68%; target 55% by Q3.".into(),
                    how: "New React checkout behind a flag; reuse the payments service.".into(),
                    who: "Payments squad: 3 engineers, 1 designer.".into(),
                    when: "Beta by 2027-Q1, confidence medium".into(),
                },
                when_agreed: true,
            })
            .collect(),
        decisions: vec![],
    }
}

fn bench(c: &mut Criterion) {
    let items = snapshot(1_000);
    let key = Keypair::from_seed(&[7; 32]);
    let who = PublicIdentity::new("Priya", Role::Pm, key.public());
    let hash = ContentHash::of(&items).unwrap();
    let statement = Statement::new(ROADMAP, Subject::Baseline(1), 1, hash, Role::Pm, "2026-11-23T10:00:00Z");
    let signature = key.sign(statement.clone()).unwrap();

    let mut g = c.benchmark_group("baseline_1000");
    g.bench_function("hash", |b| b.iter(|| ContentHash::of(black_box(&items)).unwrap()));
    g.bench_function("sign", |b| b.iter(|| key.sign(black_box(statement.clone())).unwrap()));
    g.bench_function("verify", |b| b.iter(|| signature.verify(black_box(&who)).unwrap()));
    g.bench_function("hash+sign+verify", |b| {
        b.iter(|| {
            let hash = ContentHash::of(black_box(&items)).unwrap();
            let s = Statement::new(ROADMAP, Subject::Baseline(1), 1, hash, Role::Pm, "2026-11-23T10:00:00Z");
            key.sign(s).unwrap().verify(&who).unwrap()
        })
    });
    g.finish();
}

/// One plain figure per step, for the README and notes.
fn summary() {
    let items = snapshot(1_000);
    let key = Keypair::from_seed(&[7; 32]);
    let who = PublicIdentity::new("Priya", Role::Pm, key.public());
    let runs = 50;
    let (mut h, mut s, mut v) = (0.0, 0.0, 0.0);
    for _ in 0..runs {
        let t = Instant::now();
        let hash = ContentHash::of(&items).unwrap();
        h += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let sig =
            key.sign(Statement::new(ROADMAP, Subject::Baseline(1), 1, hash, Role::Pm, "2026-11-23T10:00:00Z")).unwrap();
        s += t.elapsed().as_secs_f64();
        let t = Instant::now();
        sig.verify(&who).unwrap();
        v += t.elapsed().as_secs_f64();
    }
    let ms = |x: f64| x * 1000.0 / runs as f64;
    let bytes = ContentHash::canonical(&items).unwrap().0.len();
    println!(
        "1,000-item baseline ({:.0} KiB canonical): hash {:.2} ms + sign {:.3} ms + verify {:.3} ms = {:.2} ms (mean of {runs})",
        bytes as f64 / 1024.0,
        ms(h),
        ms(s),
        ms(v),
        ms(h + s + v)
    );
}

criterion_group!(benches, bench);

fn main() {
    summary();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
