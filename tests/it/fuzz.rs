//! Hostile input, fuzzed with a fixed case budget: every import parser
//! (an Accord roadmap file, Jira, Linear and mapped CSV) and the session
//! frames a paired guest sends, as the host handles them. Invariants: no
//! panic; a refusal is typed (never an internal or storage failure) and
//! writes nothing; an input that is accepted is a whole import, or an op
//! applied with the sender's rights only.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::path::PathBuf;

use accord_api::{ErrorCode, ImportRequest, RemoteOp, RemoteRead};
use accord_csv::Format;
use accord_domain::{Dimension, ItemId, ItemKind};
use accord_sync::protocol::{decode, encode};
use accord_sync::{Editing, Host, ToHost};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use crate::mutate::{apply, cases, mutations, runner, show};
use crate::planning::{desk, Desk};

/// A refusal the caller can act on: anything but the codes that mean the
/// program itself went wrong.
fn typed(code: ErrorCode, message: &str) -> Result<(), TestCaseError> {
    prop_assert!(!matches!(code, ErrorCode::Internal | ErrorCode::Storage), "an untyped failure ({code:?}): {message}");
    Ok(())
}

/// A roadmap with goals, items of each kind and matrix text from both
/// partners, so that an export of it has every kind of node to mutate.
fn filled() -> Desk {
    let mut d = desk();
    let (pm, em) = (d.pm.clone(), d.em.clone());
    d.goal("Grow self-serve teams");
    for (title, kind) in [
        ("Usage-based billing", ItemKind::Feature),
        ("Retire the cron box", ItemKind::TechDebt),
        ("SSO", ItemKind::Feature),
    ] {
        let item = d.add(title, kind);
        d.edit(&pm, item.id, Dimension::What, "Invoices follow usage").unwrap();
        d.edit(&pm, item.id, Dimension::Why, "Churn in small accounts").unwrap();
        d.edit(&em, item.id, Dimension::How, "Metering service behind a flag").unwrap();
        d.edit(&em, item.id, Dimension::Who, "Payments squad").unwrap();
    }
    d
}

fn roadmap_count(d: &Desk) -> i64 {
    d.app.store().conn().query_row("SELECT count(*) FROM roadmap", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_mutated_roadmap_file_imports_whole_or_is_refused_with_nothing_written() {
    let d = RefCell::new(filled());
    let original = d.borrow().app.export_roadmap(d.borrow().roadmap.id).unwrap().into_bytes();
    let (accepted, refused) = (Cell::new(0), Cell::new(0));
    let n = cases(128);
    runner(n, file!())
        .run(&mutations(), |m| {
            let mut d = d.borrow_mut();
            let text = String::from_utf8_lossy(&apply(&original, &m)).into_owned();
            let (before, roadmaps) = (d.dump(), roadmap_count(&d));
            let pm = d.pm.id;
            match d.app.import_roadmap(pm, &text) {
                Ok(report) => {
                    prop_assert_eq!(roadmap_count(&d), roadmaps + 1, "an import is one new roadmap");
                    let items = d.app.items(report.roadmap.id, false).unwrap();
                    prop_assert_eq!(items.len() as u32, report.items, "the report counts what was written");
                    accepted.set(accepted.get() + 1);
                }
                Err(e) => {
                    typed(e.code, &e.message)?;
                    prop_assert!(d.dump() == before, "a refused import wrote something: {}", e.message);
                    refused.set(refused.get() + 1);
                }
            }
            Ok(())
        })
        .unwrap();
    let (accepted, refused) = (accepted.get(), refused.get());
    show(&format!("roadmap import: {n} cases, {accepted} imported whole, {refused} refused with nothing written"));
    assert!(refused > 0 && accepted > 0, "the mutations reach both the importer's checks and its writes");
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

#[test]
fn the_csv_readers_take_any_bytes_without_panicking() {
    let sources: Vec<Vec<u8>> = ["jira-all-fields.csv", "linear.csv", "generic.csv", "ragged.csv"]
        .iter()
        .map(|f| std::fs::read(fixture(f)).unwrap())
        .collect();
    let n = cases(256);
    let strategy = (0..sources.len() + 1, mutations(), prop::collection::vec(any::<u8>(), 0..512));
    runner(n, file!())
        .run(&strategy, |(source, m, noise)| {
            // One in five inputs is noise, the rest a mutated real export.
            let bytes = sources.get(source).map_or(noise, |s| apply(s, &m));
            for format in [Format::Jira, Format::Linear, Format::Generic] {
                let _ = accord_csv::read(&bytes, format, None);
            }
            Ok(())
        })
        .unwrap();
    show(&format!("csv readers: {n} cases, each read as Jira, Linear and generic CSV"));
}

#[test]
fn a_mutated_jira_export_imports_or_is_refused_with_nothing_written() {
    let d = RefCell::new(desk());
    let original = std::fs::read(fixture("jira-all-fields.csv")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    let req = ImportRequest { path: path.display().to_string(), format: None, mapping_path: None };
    let refused = Cell::new(0);
    let n = cases(96);
    runner(n, file!())
        .run(&mutations(), |m| {
            let mut d = d.borrow_mut();
            std::fs::write(&path, apply(&original, &m)).unwrap();
            let before = d.dump();
            let em = d.em.id;
            if let Err(e) = d.app.import_file(em, &req) {
                typed(e.code, &e.message)?;
                prop_assert!(d.dump() == before, "a refused import wrote something: {}", e.message);
                refused.set(refused.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    show(&format!("jira import: {n} cases, {} refused with nothing written", refused.get()));
}

#[test]
fn mutated_frames_from_a_paired_guest_change_only_what_the_guest_may() {
    let d = filled();
    let (pm, roadmap_id) = (d.pm.clone(), d.roadmap.id);
    let items = d.app.items(roadmap_id, false).unwrap();
    let engineering = |items: &[accord_domain::Item]| -> BTreeMap<ItemId, (String, String)> {
        items.iter().map(|i| (i.id, (i.matrix.how.clone(), i.matrix.who.clone()))).collect()
    };
    let theirs = engineering(&items);
    let Desk { app, .. } = d;
    let host = RefCell::new(Host::new(app, roadmap_id).unwrap());
    let (peer, _) = host.borrow_mut().connect(pm.id).unwrap();
    let item = &items[0];
    let frames: Vec<Vec<u8>> = vec![
        encode(&ToHost::Op {
            client_op_id: "a".into(),
            op: RemoteOp::edit(item, Dimension::What, "Invoices per seat"),
            after: None,
        }),
        encode(&ToHost::Op { client_op_id: "b".into(), op: RemoteOp::edit(item, Dimension::How, "Cron"), after: None }),
        encode(&ToHost::Presence { editing: Some(Editing { item_id: item.id, dimension: Some(Dimension::Why) }) }),
        encode(&ToHost::Read { id: 7, read: RemoteRead::History { item_id: item.id } }),
    ];
    let (decoded, refused) = (Cell::new(0), Cell::new(0));
    let n = cases(384);
    runner(n, file!())
        .run(&(0..frames.len(), mutations()), |(base, m)| {
            let mut host = host.borrow_mut();
            let bytes = apply(&frames[base], &m);
            let Ok(frame) = decode::<ToHost>(&bytes) else {
                refused.set(refused.get() + 1);
                return Ok(());
            };
            decoded.set(decoded.get() + 1);
            if let Err(e) = host.receive(peer, frame) {
                typed(e.code, &e.message)?;
            }
            let app = host.accord();
            let mut now = engineering(&app.items(roadmap_id, false).unwrap());
            now.extend(engineering(&app.items(roadmap_id, true).unwrap()));
            for (id, how_who) in &theirs {
                prop_assert_eq!(now.get(id), Some(how_who), "the PM never writes the EM's how and who");
            }
            Ok(())
        })
        .unwrap();
    show(&format!(
        "session frames in process: {n} cases, {} decoded and handled, {} refused by the decoder",
        decoded.get(),
        refused.get()
    ));
}
