//! Import and export of a roadmap as JSON: the decision rights hold on
//! import (no path lets a partner write the other's dimensions), and a
//! refused import writes nothing.

use accord_api::{Accord, ErrorCode, NewProfile, ROADMAP_FORMAT};
use accord_domain::{Dimension, HistoryAction, Role};

use crate::api::{dump, refused};

fn doc(items: &str) -> String {
    format!(r#"{{"format": "{ROADMAP_FORMAT}", "roadmap": {{"name": "Payments"}}, "items": [{items}]}}"#)
}

const FULL: &str = r#"{"title": "Saved cards", "status": "in_progress",
    "matrix": {"what": "W", "why": "Y", "how": "H", "who": "O", "when": "Q1"}}"#;

fn app_with(role: Role) -> (Accord, i64) {
    let mut app = Accord::open_in_memory().unwrap();
    let p =
        app.create_profile(NewProfile { name: "Pat".into(), role, passphrase: "a long passphrase".into() }).unwrap();
    (app, p.id)
}

#[test]
fn an_import_writes_the_importers_dimensions_and_proposes_the_others() {
    for (role, own, other) in [
        (Role::Em, [Dimension::How, Dimension::Who], [Dimension::What, Dimension::Why]),
        (Role::Pm, [Dimension::What, Dimension::Why], [Dimension::How, Dimension::Who]),
    ] {
        let (mut app, me) = app_with(role);
        let report = app.import_roadmap(me, &doc(FULL)).unwrap();
        assert_eq!((report.items, report.written, report.proposed), (1, 3, 2));
        let item = &app.items(report.roadmap.id, false).unwrap()[0];
        for d in own.into_iter().chain([Dimension::When]) {
            assert!(!item.matrix.get(d).is_empty(), "{role:?} writes {d:?}");
        }
        for d in other {
            assert_eq!(item.matrix.get(d), "", "{role:?} cannot write {d:?} by importing it");
            assert!(item.pending.contains(&d.into()), "{d:?} is proposed to its owner");
        }
        let proposals = app.proposals(item.id).unwrap();
        assert!(proposals.iter().all(|p| p.author_role == role));
        let history = app.history(item.id).unwrap();
        assert_eq!(history.iter().filter(|h| h.action == HistoryAction::ProposalFiled).count(), 2);

        // Exported again, the document holds what was written, not what was proposed.
        let out: serde_json::Value = serde_json::from_str(&app.export_roadmap(report.roadmap.id).unwrap()).unwrap();
        assert_eq!(out["items"][0]["status"], "in_progress");
        for d in other {
            assert_eq!(out["items"][0]["matrix"][d.as_str()], "");
        }
    }
}

#[test]
fn a_refused_import_writes_nothing() {
    let (mut app, me) = app_with(Role::Pm);
    let before = dump(app.store().conn());
    let too_many = doc(&vec![r#"{"title": "x"}"#; 5_001].join(","));
    for bad in [
        String::new(),
        "[]".into(),
        doc(r#"{"title": ""}"#),
        doc(r#"{"title": "ok"}, {"title": "two\nlines"}"#),
        doc(&FULL.replace("\"W\"", &format!("\"{}\"", "w".repeat(10_001)))),
        doc(r#"{"title": "ok", "horizon": "2027-Q5"}"#),
        doc(r#"{"title": "ok", "kind": "epic"}"#),
        too_many,
        doc(FULL).replace("Payments", ""),
    ] {
        refused(app.import_roadmap(me, &bad), ErrorCode::BadFile);
    }
    let (mut directed, director) = app_with(Role::DirectorOfEngineering);
    refused(directed.import_roadmap(director, &doc(FULL)), ErrorCode::Forbidden);
    refused(app.import_roadmap(me + 100, &doc(FULL)), ErrorCode::NotFound);
    assert_eq!(dump(app.store().conn()), before);
}
