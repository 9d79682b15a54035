//! Importing a 5,000-row Jira CSV export as the app does it: the preview
//! (everything written, then rolled back) and the import itself. The
//! floors are reading the sheet alone and a bare `csv::Reader` over the
//! same bytes.
//!
//! Run: `cargo bench -p accord-api --bench import -- --warm-up-time 1 --measurement-time 5`

use std::fmt::Write as _;
use std::hint::black_box;

use accord_api::domain::Role;
use accord_api::*;
use criterion::{criterion_group, Criterion};

const ROWS: usize = 5_000;

/// A Jira-shaped export: repeated Labels and Sprint headers, a link column,
/// story points, due dates, and descriptions with wiki markup.
fn jira_csv() -> String {
    let mut out = String::from(
        "Summary,Issue key,Issue Type,Status,Assignee,Labels,Labels,Sprint,Sprint,Description,\
         Custom field (Story point estimate),Due date,Inward issue link (Blocks)\n",
    );
    for n in 0..ROWS {
        let kind = ["Story", "Bug", "Tech Debt", "Epic"][n % 4];
        let status = ["To Do", "In Progress", "Done", "Backlog"][n % 4];
        let blocked_by = if n % 5 == 4 { format!("ACC-{}", n - 1) } else { String::new() };
        writeln!(
            out,
            "Issue {n} of the checkout work,ACC-{n},{kind},{status},Engineer {},label-{},team-{},Sprint {},Sprint {},\
             \"h2. Goal\nCut *abandonment* for [cohort {n}|https://example.com/{n}].\",{},{}/Jul/27 3:42 PM,{blocked_by}",
            n % 7,
            n % 13,
            n % 3,
            n % 20,
            n % 20 + 1,
            n % 8 + 1,
            n % 28 + 1,
        )
        .unwrap();
    }
    out
}

fn import(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("jira.csv");
    let text = jira_csv();
    std::fs::write(&file, &text).unwrap();
    let mut app = Accord::open(&dir.path().join("accord.db")).unwrap();
    let em = app
        .create_profile(NewProfile { name: "Marco".into(), role: Role::Em, passphrase: "em passphrase".into() })
        .unwrap();
    let req = ImportRequest { path: file.display().to_string(), format: Some(ImportFormat::Jira), mapping_path: None };

    let mut g = c.benchmark_group("import 5,000 Jira rows");
    g.sample_size(10);
    g.bench_function("bare csv::Reader (floor)", |b| {
        b.iter(|| csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes()).records().count())
    });
    g.bench_function("read the sheet", |b| {
        b.iter(|| black_box(accord_csv::read(text.as_bytes(), accord_csv::Format::Jira, None).unwrap().rows.len()))
    });
    g.bench_function("preview (written, rolled back)", |b| {
        b.iter(|| black_box(app.preview_import(em.id, &req).unwrap()))
    });
    g.bench_function("preview then import", |b| {
        b.iter(|| {
            black_box(app.preview_import(em.id, &req).unwrap());
            black_box(app.import_file(em.id, &req).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, import);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
