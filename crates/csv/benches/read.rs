//! Reading a 5,000-issue Jira export (all fields, repeated columns, wiki
//! markup in every description). The floor is the same bytes split into
//! records by a bare csv::Reader, so the figure that matters is the ratio:
//! what UTF-8 checks, row numbering, markup and date parsing cost on top.
//!
//! Run: `cargo bench -p accord-csv --bench read -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::time::Instant;

use accord_csv::{read, Format};
use criterion::{criterion_group, Criterion, Throughput};

const ROWS: usize = 5_000;

const HEADER: &str = "Summary,Issue key,Issue id,Issue Type,Status,Project key,Priority,Assignee,Reporter,\
Created,Updated,Resolved,Fix versions,Fix versions,Due date,Labels,Labels,Labels,Description,Sprint,Sprint,\
Custom field (Story point estimate),Outward issue link (Blocks),Inward issue link (Blocks),\
Outward issue link (Relates),Comment,Comment";

const KINDS: [&str; 4] = ["Story", "Bug", "Epic", "Tech Debt"];
const STATUSES: [&str; 4] = ["To Do", "In Progress", "In Review", "Done"];

fn jira_export(rows: usize) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    out.push_str(HEADER);
    out.push_str("\r\n");
    for i in 1..=rows {
        let key = 1000 + i;
        let blocks = if i < rows { format!("ACC-{}", key + 1) } else { String::new() };
        let blocked_by = if i > 1 { format!("ACC-{}", key - 1) } else { String::new() };
        let description = format!(
            "h2. Goal\r\nCut *cart abandonment* for segment {i} with a one-page checkout.\r\n\r\n\
             * Address autocomplete\r\n* Saved cards (see [design doc|https://example.com/design/{i}])\r\n\
             # Ship behind the {{{{checkout_v{i}}}}} flag\r\n{{code}}\r\nflags.enable(\"\"v{i}\"\");\r\n{{code}}"
        );
        let summary = if i % 97 == 0 {
            format!("\"=HYPERLINK(\"\"https://example.com/{i}\"\")\"")
        } else {
            format!("Checkout step {i}")
        };
        out.push_str(&format!(
            "{summary},ACC-{key},{id},{kind},{status},ACC,Medium,Sam Lee,Priya Patel,02/Jun/25 9:14 AM,10/Jul/25 4:01 PM,,\
             2025.{fix},,{day}/Jul/25 3:42 PM,checkout,growth,,\"{description}\",ACC Sprint 12,ACC Sprint 13,{points},\
             {blocks},{blocked_by},,\"03/Jun/25 10:00 AM;557058:priya;Scope agreed, see notes\",\r\n",
            id = 20000 + i,
            kind = KINDS[i % 4],
            status = STATUSES[i % 4],
            fix = i % 4,
            day = 1 + i % 28,
            points = i % 13,
        ));
    }
    out.into_bytes()
}

fn bare_count(bytes: &[u8]) -> usize {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    while reader.read_byte_record(&mut record).unwrap() {
        n += 1;
    }
    n
}

fn bench(c: &mut Criterion) {
    let bytes = jira_export(ROWS);
    let mut g = c.benchmark_group("jira_5000");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("csv_reader_floor", |b| b.iter(|| bare_count(black_box(&bytes))));
    g.bench_function("read", |b| b.iter(|| read(black_box(&bytes), Format::Jira, None).unwrap()));
    g.finish();
}

/// One line to quote: both timings and their ratio.
fn summary() {
    let bytes = jira_export(ROWS);
    let sheet = read(&bytes, Format::Jira, None).unwrap();
    assert_eq!(sheet.rows.len(), ROWS);
    assert_eq!(bare_count(&bytes), ROWS + 1);
    let runs = 20;
    let time = |f: &dyn Fn()| {
        f();
        let t = Instant::now();
        for _ in 0..runs {
            f();
        }
        t.elapsed().as_secs_f64() * 1000.0 / runs as f64
    };
    let floor = time(&|| {
        black_box(bare_count(black_box(&bytes)));
    });
    let full = time(&|| {
        black_box(read(black_box(&bytes), Format::Jira, None).unwrap());
    });
    println!(
        "5,000-issue Jira export ({:.1} MiB): read {full:.2} ms, bare csv::Reader {floor:.2} ms, ratio {:.1}x (mean of {runs})",
        bytes.len() as f64 / (1024.0 * 1024.0),
        full / floor
    );
}

criterion_group!(benches, bench);

fn main() {
    summary();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
