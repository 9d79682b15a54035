//! Renders (and verifies) a roadmap of N items, 1,000 by default, and prints
//! the time each took and the process's peak memory (max RSS):
//!
//! ```sh
//! cargo run --release -p accord-export --example peak_memory -- 1000
//! ```

#[path = "../tests/pdf/fixture.rs"]
#[allow(dead_code)]
mod fixture;

use std::time::Instant;

fn main() {
    let n: usize = std::env::args().nth(1).map_or(1000, |a| a.parse().expect("a number of items"));
    let doc = fixture::many(n);
    println!("before rendering: max RSS {}", max_rss());

    let start = Instant::now();
    let rendered = accord_export::render_detailed(&doc).expect("the roadmap renders");
    println!(
        "render {n} items: {:.2?}, {} pages, {} bytes, {}",
        start.elapsed(),
        rendered.pages,
        rendered.pdf.len(),
        rendered.conformance.label()
    );
    println!("after rendering: max RSS {}", max_rss());

    let start = Instant::now();
    let v = accord_export::verify(&rendered.pdf, None).expect("the roadmap reads back");
    println!("verify {n} items: {:.2?}, verdict {:?}", start.elapsed(), v.verdict);
    println!("after verifying: max RSS {}", max_rss());
}

#[cfg(unix)]
fn max_rss() -> String {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given; RUSAGE_SELF is valid.
    let usage = unsafe {
        if libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) != 0 {
            return "unavailable".into();
        }
        usage.assume_init()
    };
    // Linux reports kilobytes, macOS bytes.
    let bytes = if cfg!(target_os = "macos") { usage.ru_maxrss as u64 } else { usage.ru_maxrss as u64 * 1024 };
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

#[cfg(not(unix))]
fn max_rss() -> String {
    "not measured on this OS".into()
}
