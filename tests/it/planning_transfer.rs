//! The roadmap file with planning (`accord.roadmap.v2`): exported with its
//! goals, goal links and planning fields; imported with the decision rights
//! (the importer's fields written, the other partner's filed as proposals);
//! version 1 files still import; a bad file writes nothing. And a database
//! from before planning (schema 6) upgrades with its proposals, decisions
//! and signatures intact.

use accord_api::{Accord, ErrorCode, ImportReport, ItemChange, ROADMAP_FORMAT};
use accord_domain::{
    ContentHash, DecisionStatus, Dimension, Field, HistoryAction, Item, ItemKind, ItemStatus, Keypair, Level,
    PlanningValue, ProposalStatus, Role, SignedRoadmap, Statement, Subject,
};
use accord_store::rusqlite::{self, params};
use accord_store::{migrate_with, MIGRATIONS};

use crate::api::refused;
use crate::planning::{desk, framing, Desk};

/// A roadmap with a goal served by a scored feature and a committed,
/// framed tech-debt item; an archived goal stays out of the file.
fn planned(d: &mut Desk) -> (Item, Item, i64) {
    let (pm, em) = (d.pm.clone(), d.em.clone());
    let goal = d.goal("Grow teams");
    let old = d.goal("Old bet");
    d.archive_goal(&old);
    let feature = d.add("Search", ItemKind::Feature);
    d.set(&pm, feature.id, PlanningValue::Goals(vec![goal.id])).unwrap();
    for v in [PlanningValue::Reach(Some(2_000)), PlanningValue::Impact(Some(2.0)), PlanningValue::Confidence(Some(80))]
    {
        d.set(&pm, feature.id, v).unwrap();
    }
    d.set(&em, feature.id, PlanningValue::Effort(Some(4.0))).unwrap();
    d.edit(&em, feature.id, Dimension::How, "Postgres full-text").unwrap();
    d.edit(&pm, feature.id, Dimension::What, "Search by title").unwrap();
    let debt = d.add("Replace the job queue", ItemKind::TechDebt);
    for v in [
        PlanningValue::CustomerImpact(framing(Level::Low, "Nobody sees it")),
        PlanningValue::VelocityCost(framing(Level::Medium, "Billing changes take twice as long")),
        PlanningValue::IncidentRisk(framing(Level::High, "It paged twice")),
    ] {
        d.set(&em, debt.id, v).unwrap();
    }
    d.update(&pm, debt.id, ItemChange::Status(ItemStatus::Planned)).unwrap();
    (d.item(feature.id), d.item(debt.id), goal.id)
}

#[test]
fn the_export_is_v2_with_goals_goal_links_and_planning() {
    let mut d = desk();
    let (_, _, goal) = planned(&mut d);
    let out: serde_json::Value = serde_json::from_str(&d.app.export_roadmap(d.roadmap.id).unwrap()).unwrap();
    assert_eq!(out["format"], "accord.roadmap.v2");
    assert_eq!(ROADMAP_FORMAT, "accord.roadmap.v2");
    let goals = out["goals"].as_array().unwrap();
    assert_eq!(goals.len(), 1, "the archived goal stays out: {goals:?}");
    let key = goals[0]["key"].as_str().unwrap();
    assert_eq!(key, format!("g{goal}"));
    assert_eq!(
        (
            goals[0]["objective"].as_str(),
            goals[0]["metric"].as_str(),
            goals[0]["to_value"].as_str(),
            goals[0]["status"].as_str()
        ),
        (Some("Grow teams"), Some("weekly active teams"), Some("120"), Some("on_track"))
    );

    let feature = &out["items"][0];
    assert_eq!(feature["goals"], serde_json::json!([key]));
    assert_eq!(feature["planning"], serde_json::json!({"reach": 2000, "impact": 2.0, "confidence": 80, "effort": 4.0}));
    let debt = &out["items"][1];
    assert_eq!((debt["kind"].as_str(), debt["status"].as_str()), (Some("tech_debt"), Some("planned")));
    assert!(debt.get("goals").is_none(), "no links, no key: {debt}");
    assert_eq!(debt["planning"]["incident_risk"], serde_json::json!({"level": "high", "note": "It paged twice"}));
    assert_eq!(debt["planning"]["customer_impact"]["level"], "low");
}

fn imported_items(app: &Accord, report: &ImportReport) -> (Item, Item) {
    let items = app.items(report.roadmap.id, false).unwrap();
    assert_eq!(items.len(), 2);
    (items[0].clone(), items[1].clone())
}

#[test]
fn the_pm_importing_writes_the_pm_fields_and_files_the_ems_as_proposals() {
    let mut d = desk();
    planned(&mut d);
    let file = d.app.export_roadmap(d.roadmap.id).unwrap();
    let report = d.app.import_roadmap(d.pm.id, &file).unwrap();
    assert_eq!((report.items, report.goals, report.uncommitted), (2, 1, 1));
    // Written: what, goals, reach, impact, confidence. Proposed: how, effort and the three framings.
    assert_eq!((report.written, report.proposed), (5, 5));
    let (feature, debt) = imported_items(&d.app, &report);

    let goals = d.app.goals(report.roadmap.id).unwrap();
    assert_eq!(goals.goals.len(), 1);
    let new_goal = goals.goals[0].goal.id;
    assert_eq!(goals.goals[0].goal.fields.objective, "Grow teams");
    assert_eq!(feature.planning.goals, [new_goal], "links name the new roadmap's goal");
    assert_eq!(
        (feature.planning.reach, feature.planning.impact, feature.planning.confidence),
        (Some(2_000), Some(2.0), Some(80))
    );
    assert_eq!(feature.matrix.what, "Search by title");
    assert_eq!(
        (feature.planning.effort, feature.matrix.how.as_str()),
        (None, ""),
        "the EM's fields are not the PM's to write"
    );
    let mut pending = feature.pending.clone();
    pending.sort_by_key(|f| f.as_str());
    assert_eq!(pending, [Field::Effort, Field::How]);
    let proposals = d.app.proposals(feature.id).unwrap();
    let effort = proposals.iter().find(|p| p.field == Field::Effort).unwrap();
    assert_eq!((effort.author_role, effort.status), (Role::Pm, ProposalStatus::Pending));
    assert_eq!(serde_json::from_str::<PlanningValue>(&effort.body).unwrap(), PlanningValue::Effort(Some(4.0)));
    let how = proposals.iter().find(|p| p.field == Field::How).unwrap();
    assert_eq!(how.body, "Postgres full-text");

    // The tech debt arrives as an idea: its framing is the EM's to accept.
    assert_eq!((debt.kind, debt.status), (ItemKind::TechDebt, ItemStatus::Idea));
    assert_eq!(debt.planning.missing_framing().len(), 3);
    let before = d.dump();
    refused(d.update(&d.pm.clone(), debt.id, ItemChange::Status(ItemStatus::Planned)), ErrorCode::FramingRequired);
    assert_eq!(d.dump(), before);
    let em = d.em.clone();
    for p in d.app.proposals(debt.id).unwrap() {
        assert!(matches!(p.field, Field::CustomerImpact | Field::VelocityCost | Field::IncidentRisk), "{:?}", p.field);
        d.respond(&em, p.id, true, "").unwrap();
    }
    let framed = d.item(debt.id);
    assert_eq!(framed.planning.incident_risk, framing(Level::High, "It paged twice"));
    assert_eq!(
        d.update(&d.pm.clone(), debt.id, ItemChange::Status(ItemStatus::Planned)).unwrap().status,
        ItemStatus::Planned
    );
}

#[test]
fn the_em_importing_writes_the_em_fields_and_files_the_pms_as_proposals() {
    let mut d = desk();
    planned(&mut d);
    let file = d.app.export_roadmap(d.roadmap.id).unwrap();
    let report = d.app.import_roadmap(d.em.id, &file).unwrap();
    assert_eq!((report.uncommitted, report.goals), (0, 1), "the EM frames what the EM commits");
    let (feature, debt) = imported_items(&d.app, &report);
    assert_eq!((feature.planning.effort, feature.matrix.how.as_str()), (Some(4.0), "Postgres full-text"));
    assert_eq!(feature.planning.confidence, Some(80), "confidence is shared: written by either");
    assert_eq!((feature.planning.reach, feature.planning.impact), (None, None));
    assert!(feature.planning.goals.is_empty(), "linking to goals is the PM's");
    for f in [Field::Goals, Field::Reach, Field::Impact, Field::What] {
        assert!(feature.pending.contains(&f), "{f:?} is proposed to the PM: {:?}", feature.pending);
    }
    assert_eq!((debt.status, debt.planning.missing_framing()), (ItemStatus::Planned, vec![]));
    let history = d.app.history(feature.id).unwrap();
    assert!(history.iter().any(|h| h.action == HistoryAction::ProposalFiled && h.field == "goals"));
}

#[test]
fn a_v1_file_still_imports() {
    let mut d = desk();
    let v1 = r#"{"format": "accord.roadmap.v1", "roadmap": {"name": "Payments", "team": "Pay"},
        "items": [{"title": "Saved cards", "status": "planned",
                   "matrix": {"what": "W", "why": "Y", "how": "H", "when": "Q1"}},
                  {"title": "Refunds", "kind": "tech_debt"}]}"#;
    let report = d.app.import_roadmap(d.em.id, v1).unwrap();
    assert_eq!((report.items, report.goals, report.written, report.proposed), (2, 0, 2, 2));
    assert_eq!(report.uncommitted, 0);
    let items = d.app.items(report.roadmap.id, false).unwrap();
    assert_eq!(items.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(), ["Saved cards", "Refunds"]);
    assert_eq!(
        (items[0].status, items[0].matrix.how.as_str(), items[0].matrix.when.as_str()),
        (ItemStatus::Planned, "H", "no target \u{2014} Q1"),
        "a when with no year is kept as its note"
    );
    assert_eq!(items[0].pending.len(), 2, "what and why are proposed to the PM");
    assert_eq!((items[1].kind, items[1].status), (ItemKind::TechDebt, ItemStatus::Idea));
    assert_eq!(items[0].planning, accord_domain::Planning::default());

    // A v1 file cannot frame its tech debt: a committed one comes in uncommitted.
    let v1 = r#"{"format": "accord.roadmap.v1", "roadmap": {"name": "Old"},
        "items": [{"title": "Retire the cluster", "kind": "tech_debt", "status": "in_progress"}]}"#;
    let report = d.app.import_roadmap(d.em.id, v1).unwrap();
    assert_eq!((report.items, report.uncommitted), (1, 1));
    let items = d.app.items(report.roadmap.id, false).unwrap();
    assert_eq!((items[0].kind, items[0].status), (ItemKind::TechDebt, ItemStatus::Idea));
}

fn file(goals: &str, items: &str) -> String {
    format!(
        r#"{{"format": "{ROADMAP_FORMAT}", "roadmap": {{"name": "Payments"}}, "goals": [{goals}], "items": [{items}]}}"#
    )
}

#[test]
fn a_bad_planning_file_is_refused_with_its_code_and_writes_nothing() {
    let mut d = desk();
    let before = d.dump();
    let goal = r#"{"key": "growth", "objective": "Grow teams"}"#;
    let e = refused(
        d.app.import_roadmap(d.pm.id, &file(goal, r#"{"title": "A", "goals": ["growht"]}"#)),
        ErrorCode::BadFile,
    );
    assert!(e.message.contains("growht") && e.message.contains("item 1"), "{}", e.message);
    for bad in [
        file(goal, r#"{"title": "A", "planning": {"impact": 4}}"#),
        file(goal, r#"{"title": "A", "planning": {"confidence": 30}}"#),
        file(goal, r#"{"title": "A", "planning": {"effort": 0}}"#),
        file(goal, r#"{"title": "A", "planning": {"reach": -5}}"#),
        file(goal, r#"{"title": "A", "planning": {"score": 5}}"#),
        file(&format!("{goal}, {goal}"), r#"{"title": "A"}"#),
        file(r#"{"key": "g", "objective": ""}"#, r#"{"title": "A"}"#),
    ] {
        refused(d.app.import_roadmap(d.pm.id, &bad), ErrorCode::BadFile);
    }

    let unframed = file(
        "",
        r#"{"title": "A"}, {"title": "Old queue", "kind": "tech_debt", "status": "in_progress",
        "planning": {"customer_impact": {"level": "low", "note": "Nobody sees it"}}}"#,
    );
    for who in [d.pm.id, d.em.id] {
        let e = refused(d.app.import_roadmap(who, &unframed), ErrorCode::FramingRequired);
        assert!(e.message.contains("item 2") && e.message.contains("Old queue"), "{}", e.message);
        assert!(e.message.contains("team velocity, incident risk"), "{}", e.message);
    }
    assert_eq!(d.dump(), before);
}

// ---- upgrading a database from before planning ----

const AT: &str = "2026-01-05T09:00:00.000Z";

/// What a decision's signature covered at schema 6, as it was hashed then.
fn v6_decision_hash() -> ContentHash {
    ContentHash::of(&serde_json::json!({
        "decision_id": 1, "kind": "product", "topic": "risk", "title": "Target SMBs",
        "context": "Card payments fail at peak.", "options": "SMBs\nEnterprises", "outcome": "SMBs first",
        "linked_items": [1], "trade_off_for": null, "deprioritised": [], "capacity_reason": ""
    }))
    .unwrap()
}

/// A file at schema 6 with two people, a roadmap, an item, a pending
/// proposal on its `how`, an edit of its `what` and a product decision the
/// PM (a guest, known by her key) signed.
fn schema_6_file(path: &std::path::Path, key: &Keypair) {
    let mut conn = rusqlite::Connection::open(path).unwrap();
    migrate_with(&mut conn, Some(path), &MIGRATIONS[..6]).unwrap();
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, 6);
    conn.execute_batch(&format!(
        "INSERT INTO profile (id, name, role, created_at, uid) VALUES
             (1, 'Priya', 'pm', '{AT}', 'uid-priya'), (2, 'Emil', 'em', '{AT}', 'uid-emil');
         INSERT INTO roadmap (id, name, team, em_name, pm_name, director_name, head_of_product_name, created_at, uid)
             VALUES (1, 'Core', 'Core', 'Emil', 'Priya', 'Dana', 'Hugo', '{AT}', 'uid-roadmap');
         INSERT INTO item (id, roadmap_id, title, rank, status, kind, horizon, dim_what, dim_when, revision, created_at, updated_at)
             VALUES (1, 1, 'Search', 1, 'idea', 'feature', 'next', 'Full-text', 'Q1', 2, '{AT}', '{AT}');
         INSERT INTO history (roadmap_id, item_id, actor_id, actor_name, actor_role, at, action, field, before, after)
             VALUES (1, 1, 1, 'Priya', 'pm', '{AT}', 'dimension_edited', 'what', '', 'Full-text');
         INSERT INTO proposal (id, item_id, dimension, body, before_text, base_revision, author_id, created_at)
             VALUES (1, 1, 'how', 'Use Postgres', '', 2, 1, '{AT}');
         INSERT INTO decision (id, roadmap_id, kind, topic, title, context, options, outcome, linked_items, status,
                               created_by, created_at, updated_at)
             VALUES (1, 1, 'product', 'risk', 'Target SMBs', 'Card payments fail at peak.', 'SMBs
Enterprises', 'SMBs first', '[1]', 'proposed', 1, '{AT}', '{AT}');"
    ))
    .unwrap();
    conn.execute(
        "INSERT INTO remote_key (profile_id, public_key, bound_at) VALUES (1, ?1, ?2)",
        params![key.public().to_hex(), AT],
    )
    .unwrap();
    let roadmap = SignedRoadmap { id: 1, uid: "uid-roadmap" };
    let statement = Statement::new(roadmap, Subject::Decision(1), 1, v6_decision_hash(), Role::Pm, AT);
    let signature = key.sign(statement).unwrap();
    conn.execute(
        "INSERT INTO signoff (roadmap_id, subject_kind, subject_id, signer_id, signature, signed_at)
         VALUES (1, 'decision', 1, 1, ?1, ?2)",
        params![serde_json::to_string(&signature).unwrap(), AT],
    )
    .unwrap();
}

#[test]
fn a_schema_6_database_upgrades_with_its_proposals_decisions_and_signatures_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    let key = Keypair::from_seed(&[7; 32]);
    schema_6_file(&path, &key);

    let mut app = Accord::open(&path).unwrap();
    let version: i64 = app.store().conn().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, accord_store::SCHEMA_VERSION);
    assert!(
        accord_api::list_backups(&path)
            .unwrap()
            .iter()
            .any(|b| b.kind == accord_api::domain::BackupKind::BeforeUpgrade),
        "the schema-6 file was backed up first"
    );

    // The old proposal keeps its field; the item reads with empty planning.
    let proposal = app.proposal(1).unwrap();
    assert_eq!(
        (proposal.field, proposal.body.as_str(), proposal.status),
        (Field::How, "Use Postgres", ProposalStatus::Pending)
    );
    let item = app.item(1).unwrap();
    assert_eq!((item.pending.as_slice(), &item.planning), (&[Field::How][..], &accord_domain::Planning::default()));
    assert_eq!(item.planning.score(), None);

    // The old decision reads without a capacity, hashes as it did, and stays agreed.
    let view = app.decision(1).unwrap();
    assert_eq!(view.decision.capacity, None);
    assert_eq!(ContentHash::of(&view.decision.content()).unwrap(), v6_decision_hash());
    assert_eq!(view.status, DecisionStatus::Agreed, "the PM's signature from before the upgrade still holds");
    assert!(view.signoff.agreement.agreed);
    assert_eq!(view.signoff.content_hash, v6_decision_hash().to_hex());

    // The old history line reads with no undo link, and can be undone.
    let history = app.history(1).unwrap();
    assert_eq!((history.len(), history[0].undoes), (1, None));
    let undone = app.undo(1, 1).unwrap();
    assert_eq!(undone.item.matrix.what, "");
    assert_eq!(app.history(1).unwrap()[0].undoes, Some(history[0].id));
}
