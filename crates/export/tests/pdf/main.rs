//! The roadmap PDF end to end: real renders, read back with poppler's
//! `pdftotext`, verified, tampered with and fed junk.

mod bad_input;
mod fixture;
mod fuzz;
mod golden;
mod tamper;

use std::io::Write;
use std::process::Command;

/// poppler's text of `pdf`, all pages or one (`page` counts from 1).
pub fn pdftotext(pdf: &[u8], page: Option<usize>) -> String {
    pdftotext_with(pdf, page, false)
}

/// The text as laid out on the page, each run of whitespace made one space:
/// what reads left to right on a line stays together ("What PM Réécrire…").
pub fn layout_words(pdf: &[u8]) -> String {
    pdftotext_with(pdf, None, true).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdftotext_with(pdf: &[u8], page: Option<usize>, layout: bool) -> String {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(pdf).unwrap();
    let mut cmd = Command::new("pdftotext");
    if layout {
        cmd.arg("-layout");
    }
    if let Some(n) = page {
        cmd.args(["-f", &n.to_string(), "-l", &n.to_string()]);
    }
    let out = cmd.arg(file.path()).arg("-").output().expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// poppler's page count and other facts of `pdf`.
pub fn pdfinfo(pdf: &[u8]) -> String {
    pdfinfo_with(pdf, &[])
}

fn pdfinfo_with(pdf: &[u8], args: &[&str]) -> String {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(pdf).unwrap();
    let out =
        Command::new("pdfinfo").args(args).arg(file.path()).output().expect("pdfinfo (poppler-utils) is installed");
    assert!(out.status.success(), "pdfinfo failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

pub fn page_count(pdf: &[u8]) -> usize {
    pdfinfo(pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .expect("pdfinfo prints the page count")
}

/// Page `n`'s width and height in points.
pub fn page_size(pdf: &[u8], n: usize) -> (f64, f64) {
    let page = n.to_string();
    let info = pdfinfo_with(pdf, &["-f", &page, "-l", &page]);
    let line = info.lines().find(|l| l.starts_with("Page") && l.contains("size:")).expect("pdfinfo prints the size");
    let mut numbers = line.split("size:").nth(1).unwrap().split_whitespace().filter_map(|w| w.parse::<f64>().ok());
    (numbers.next().unwrap(), numbers.next().unwrap())
}

/// Renders and insists typst had nothing to warn about.
pub fn render(doc: &accord_domain::ExportDoc) -> Vec<u8> {
    let rendered = accord_export::render_detailed(doc).expect("the document renders");
    assert!(rendered.warnings.is_empty(), "typst warned: {:?}", rendered.warnings);
    rendered.pdf
}
