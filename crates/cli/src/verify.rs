//! `accord verify FILE.pdf`: every check and its verdict, for a person or
//! (with --json) a script. The exit code is the verdict.

use std::path::{Path, PathBuf};

use accord_api::domain::PublicIdentity;
use accord_export::{CheckName, Verdict};

use crate::{fail, Failure};

/// Identities to compare the signers with: the data directory's, when there is one.
fn known(dir: Option<PathBuf>) -> Option<Vec<PublicIdentity>> {
    let dir = crate::data_dir::resolve(dir)?;
    if !dir.join("accord.db").exists() {
        return None;
    }
    crate::open(Some(dir)).ok()?.identities().ok()
}

pub fn run(dir: Option<PathBuf>, file: &Path, json: bool) -> Result<(), Failure> {
    let bytes = std::fs::read(file).map_err(|e| fail(format!("{}: {e}", file.display())))?;
    let known = known(dir);
    let v = accord_export::verify(&bytes, known.as_deref()).map_err(|e| fail(format!("{}: {e}", file.display())))?;
    let (verdict, code) = match v.verdict {
        Verdict::SignedOff => ("signed off and untouched", 0),
        Verdict::Draft => ("untouched, but a DRAFT: not signed off", 4),
        Verdict::Tampered => ("FAILED: do not trust this file", 5),
        Verdict::Unconfirmed => ("signed and intact, but not fully confirmed here", 6),
    };
    if json {
        let checks: Vec<_> = v
            .checks
            .iter()
            .map(|c| serde_json::json!({ "check": c.name.label(), "passed": c.passed, "skipped": c.skipped, "detail": c.detail }))
            .collect();
        let out = serde_json::json!({
            "file": file.display().to_string(),
            "verdict": verdict,
            "summary": v.summary(),
            "roadmap": v.doc.roadmap.name,
            "baseline": v.doc.baseline.as_ref().map(|b| &b.name),
            "exported_at": v.doc.exported_at,
            "content_hash": v.doc.content_hash,
            "checks": checks,
        });
        println!("{}", serde_json::to_string_pretty(&out).expect("json serialises"));
    } else {
        println!("{}: {verdict}", file.display());
        println!("{}", v.summary());
        println!("Roadmap \u{201c}{}\u{201d}, exported {}", v.doc.roadmap.name, v.doc.exported_at);
        for c in &v.checks {
            // A draft is honest about not being signed off: that is not a failure.
            let mark = match (c.passed, c.name, v.verdict) {
                _ if c.skipped => "skip",
                (true, ..) => "ok  ",
                (false, CheckName::SignedOff, Verdict::Draft) => "no  ",
                (false, ..) => "FAIL",
            };
            println!("  {mark} {}: {}", c.name.label(), c.detail);
        }
        println!("Content hash {}", v.doc.content_hash);
    }
    if code == 0 {
        Ok(())
    } else {
        Err(Failure { code, kind: None, message: verdict.to_string(), reported: true })
    }
}
