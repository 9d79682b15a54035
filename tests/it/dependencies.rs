//! "A depends on B" is the EM's: the PM proposes it, a cycle is refused
//! with its chain named, and a plan that breaks one is flagged; the
//! timeline places items by their *when* and moving one is an edit of it.

use accord_api::{ErrorCode, ItemChange, MoveInTime};
use accord_domain::{Day, Dimension, ItemKind, ItemStatus, PlanningValue, Quarter, Role, ViolationKind};

use crate::api::refused;
use crate::planning::desk;

#[test]
fn the_em_sets_dependencies_and_the_pm_proposes_them() {
    let mut d = desk();
    let (pm, em) = (d.pm.clone(), d.em.clone());
    let a = d.add("Checkout", ItemKind::Feature);
    let b = d.add("Payments API", ItemKind::Feature);
    let before = d.dump();
    refused(d.set(&pm, a.id, PlanningValue::DependsOn(vec![b.id])), ErrorCode::Forbidden);
    assert_eq!(d.dump(), before);
    let proposal = d.propose(&pm, a.id, PlanningValue::DependsOn(vec![b.id])).unwrap();
    let accepted = d.respond(&em, proposal.id, true, "").unwrap();
    assert_eq!(accepted.planning.depends_on, [b.id]);
    let set = d.set(&em, b.id, PlanningValue::DependsOn(vec![])).unwrap();
    assert!(set.planning.depends_on.is_empty());
}

#[test]
fn a_cycle_is_refused_with_its_chain_named_and_nothing_written() {
    let mut d = desk();
    let em = d.em.clone();
    let a = d.add("Checkout", ItemKind::Feature);
    let b = d.add("Payments API", ItemKind::Feature);
    let c = d.add("Vault", ItemKind::TechDebt);
    d.set(&em, a.id, PlanningValue::DependsOn(vec![b.id])).unwrap();
    d.set(&em, b.id, PlanningValue::DependsOn(vec![c.id])).unwrap();
    let before = d.dump();
    let e = refused(d.set(&em, c.id, PlanningValue::DependsOn(vec![a.id])), ErrorCode::DependencyCycle);
    assert!(
        e.message.contains("\u{201c}Vault\u{201d} \u{2192} \u{201c}Checkout\u{201d} \u{2192} \u{201c}Payments API\u{201d} \u{2192} \u{201c}Vault\u{201d}"),
        "{}",
        e.message
    );
    refused(d.set(&em, c.id, PlanningValue::DependsOn(vec![c.id])), ErrorCode::InvalidInput);
    refused(d.set(&em, c.id, PlanningValue::DependsOn(vec![9_999])), ErrorCode::NotFound);
    assert_eq!(d.dump(), before);
}

#[test]
fn a_plan_that_breaks_a_dependency_is_flagged() {
    let mut d = desk();
    let (pm, em) = (d.pm.clone(), d.em.clone());
    let a = d.add("Checkout", ItemKind::Feature);
    let b = d.add("Payments API", ItemKind::Feature);
    d.set(&em, a.id, PlanningValue::DependsOn(vec![b.id])).unwrap();
    assert!(d.app.dependency_violations(d.roadmap.id).unwrap().is_empty());
    d.edit(&pm, a.id, Dimension::When, "2027-Q1").unwrap();
    d.edit(&pm, b.id, Dimension::When, "2027-Q2").unwrap();
    d.update(&pm, a.id, ItemChange::Status(ItemStatus::Planned)).unwrap();
    let v = d.app.dependency_violations(d.roadmap.id).unwrap();
    let kinds: Vec<ViolationKind> = v.iter().map(|v| v.kind).collect();
    assert_eq!(kinds, [ViolationKind::CommittedBeforeDependency, ViolationKind::TargetBefore]);
    assert!(v[1].message.contains("aimed at 2027-Q1") && v[1].message.contains("aimed at 2027-Q2"), "{}", v[1].message);

    assert_eq!(d.app.sync_agenda(d.roadmap.id).unwrap().violations, v, "the weekly sync lists them");

    let today = Day { year: 2026, month: 12, day: 2 };
    let t = d.app.timeline_on(d.roadmap.id, today).unwrap();
    assert_eq!(t.columns.first().map(|c| c.label.as_str()), Some("2026-Q4"));
    assert!(t.columns[0].current);
    let col =
        |id| t.cards.iter().find(|c| c.item_id == id).unwrap().column.map(|i| t.columns[i as usize].label.clone());
    assert_eq!((col(a.id).as_deref(), col(b.id).as_deref()), (Some("2027-Q1"), Some("2027-Q2")));
    assert_eq!(t.links.len(), 1);
    assert!(t.links[0].violated && t.links[0].from == a.id && t.links[0].to == b.id);
}

#[test]
fn moving_an_agreed_item_in_time_lapses_its_agreement_and_a_committed_one_names_a_trade_off() {
    let mut d = desk();
    let pm = d.pm.clone();
    let a = d.add("Checkout", ItemKind::Feature);
    d.edit(&pm, a.id, Dimension::When, "2027-02-15 \u{b7} high confidence \u{2014} Beta").unwrap();
    d.sign_when(Role::Pm, a.id);
    d.sign_when(Role::Em, a.id);
    assert!(d.app.when_signoff(a.id).unwrap().agreement.agreed);

    let item = d.item(a.id);
    let to = Some(Quarter { year: 2027, quarter: 2 });
    let moved =
        d.app.move_in_time(pm.id, MoveInTime { item_id: a.id, base_revision: item.revision, to, trade_off: None });
    let moved = moved.unwrap();
    assert_eq!(
        moved.matrix.when, "2027-05-15 \u{b7} high confidence \u{2014} Beta",
        "a date keeps its place in the quarter"
    );
    let state = d.app.when_signoff(a.id).unwrap();
    assert!(!state.agreement.agreed);
    assert_eq!(state.lapsed_by[0].actor_name, pm.name);

    d.sign_when(Role::Pm, a.id);
    d.sign_when(Role::Em, a.id);
    d.update(&pm, a.id, ItemChange::Status(ItemStatus::Planned)).unwrap();
    let item = d.item(a.id);
    let before = d.dump();
    let req = MoveInTime { item_id: a.id, base_revision: item.revision, to: None, trade_off: None };
    refused(d.app.move_in_time(pm.id, req), ErrorCode::TradeOffRequired);
    let stale = MoveInTime { item_id: a.id, base_revision: item.revision - 1, to: None, trade_off: None };
    refused(d.app.move_in_time(pm.id, stale), ErrorCode::StaleRevision);
    assert_eq!(d.dump(), before);
}

#[test]
fn a_guest_reads_the_timeline_and_moves_an_item_in_time_with_its_rights() {
    use accord_api::{RemoteOp, RemoteOutcome, RemoteRead, Timeline};
    let (mut host, priya) = crate::planning::hosted();
    let roadmap = host.roadmap.id;
    let emil = host.emil.clone();
    let item = host
        .app
        .create_item(
            emil.id,
            accord_api::NewItem {
                roadmap_id: roadmap,
                title: "Search".into(),
                kind: ItemKind::Feature,
                horizon: String::new(),
            },
        )
        .unwrap();
    let item = host
        .app
        .edit_dimension(
            emil.id,
            accord_api::EditDimension {
                item_id: item.id,
                base_revision: item.revision,
                dimension: Dimension::When,
                text: "2027-03 \u{2014} beta".into(),
                trade_off: None,
            },
        )
        .unwrap();
    let seen: Timeline =
        serde_json::from_value(host.app.read_remote(roadmap, priya.id, &RemoteRead::Timeline).unwrap()).unwrap();
    assert_eq!(seen.cards[0].target, "2027-03");

    // The guest builds the edit from its copy, as its window does.
    let to = Some(Quarter { year: 2027, quarter: 3 });
    let edit = accord_api::when_moved(
        &item,
        MoveInTime { item_id: item.id, base_revision: item.revision, to, trade_off: None },
    );
    let outcome = host.app.apply_remote(roadmap, priya.id, "move-1", &RemoteOp::EditDimension(edit)).unwrap();
    assert!(matches!(outcome, RemoteOutcome::Applied { .. }), "{outcome:?}");
    let moved = host.app.item(item.id).unwrap();
    assert_eq!(moved.matrix.when, "2027-09 \u{2014} beta");
    assert_eq!(host.app.history(item.id).unwrap()[0].actor_name, priya.name, "the change is the guest's");

    // A guest's dependency is a proposal to the EM, never an edit.
    let set = RemoteOp::SetPlanning(accord_api::SetPlanning {
        item_id: item.id,
        base_revision: moved.revision,
        value: PlanningValue::DependsOn(vec![]),
    });
    let outcome = host.app.apply_remote(roadmap, priya.id, "deps-1", &set).unwrap();
    let RemoteOutcome::Rejected { error, .. } = outcome else {
        panic!("the PM does not set dependencies: {outcome:?}")
    };
    assert_eq!(error.code, ErrorCode::Forbidden);
}
