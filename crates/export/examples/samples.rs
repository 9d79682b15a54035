//! Writes sample roadmap PDFs (the test fixture, a draft, the changed-after-
//! signing draft and a 1,000-item roadmap) to a directory, to look at:
//!
//! ```sh
//! cargo run --release -p accord-export --example samples -- target/pdf-samples
//! pdftoppm -png -r 60 target/pdf-samples/fixture.pdf target/pdf-samples/fixture
//! ```

#[path = "../tests/pdf/fixture.rs"]
#[allow(dead_code)]
mod fixture;

use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "target/pdf-samples".into());
    std::fs::create_dir_all(&dir).expect("the output directory can be created");
    for (name, doc) in [
        ("fixture", fixture::doc()),
        ("draft", fixture::draft()),
        ("changed", fixture::changed_after_signing()),
        ("many-1000", fixture::many(std::env::args().nth(2).map_or(1000, |n| n.parse().unwrap()))),
    ] {
        let start = Instant::now();
        let rendered = accord_export::render_detailed(&doc).expect("the sample renders");
        let path = format!("{dir}/{name}.pdf");
        std::fs::write(&path, &rendered.pdf).expect("the PDF can be written");
        println!(
            "{path}: {} pages, {} bytes, {}, {:.2?}{}",
            rendered.pages,
            rendered.pdf.len(),
            rendered.conformance.label(),
            start.elapsed(),
            if rendered.warnings.is_empty() { String::new() } else { format!(", warnings: {:?}", rendered.warnings) }
        );
        for (flavour, why) in &rendered.refused {
            println!("  {} refused: {why}", flavour.label());
        }
    }
}
