//! Rendering a roadmap PDF of 20 and of 1,000 items, and verifying one of 20
//! (which reads it back and re-renders it).
//!
//! ```sh
//! cargo bench -p accord-export --bench render
//! ```
//! Peak memory: `cargo run --release -p accord-export --example peak_memory`.

#[path = "../tests/pdf/fixture.rs"]
#[allow(dead_code)]
mod fixture;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    for n in [20, 1000] {
        let doc = fixture::many(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &doc, |b, doc| {
            b.iter(|| accord_export::render(doc).unwrap())
        });
    }
    group.finish();

    let pdf = accord_export::render(&fixture::many(20)).unwrap();
    c.bench_function("verify/20", |b| b.iter(|| accord_export::verify(&pdf, None).unwrap()));
}

criterion_group!(benches, render);
criterion_main!(benches);
