//! `accord backup`, `accord backups` and `accord restore`.

use std::path::Path;

use accord_api::domain::BackupInfo;
use accord_api::Accord;

use crate::{Failure, Output};

fn line(b: &BackupInfo) -> String {
    format!("{}\t{:?}\t{} items\t{} KB\t{}", b.taken_at, b.kind, b.items, b.bytes.div_ceil(1024), b.path)
}

fn print<T: serde::Serialize>(out: Output, value: &T, text: String) {
    if out.json {
        println!("{}", serde_json::to_string_pretty(value).expect("backups serialise"));
    } else {
        println!("{text}");
    }
}

pub fn take(accord: &Accord, out: Output) -> Result<(), Failure> {
    let b = accord.back_up_now()?;
    print(out, &b, format!("Backed up to {} ({} items, {} KB).", b.path, b.items, b.bytes.div_ceil(1024)));
    Ok(())
}

pub fn list(db: &Path, out: Output) -> Result<(), Failure> {
    let all = accord_api::list_backups(db)?;
    let text = if all.is_empty() {
        format!("No backups yet beside {}.", db.display())
    } else {
        all.iter().map(line).collect::<Vec<_>>().join("\n")
    };
    print(out, &all, text);
    Ok(())
}

pub fn restore(db: &Path, from: &Path, out: Output) -> Result<(), Failure> {
    let (_, restored) = accord_api::restore_backup(db, from)?;
    let mut text = format!("Restored {} ({} items).", restored.from.path, restored.from.items);
    if let Some(kept) = &restored.kept {
        text.push_str(&format!(" The file as it was is kept as {}.", kept.path));
    }
    if let Some(aside) = &restored.set_aside {
        text.push_str(&format!(" The damaged file is kept aside as {aside}."));
    }
    print(out, &restored, text);
    Ok(())
}
