//! Undo through `Accord`: a person's own last change is reversed by a new
//! change (with a history line naming the one it undoes); a second undo
//! walks back further; an undo that would overwrite someone else's change,
//! or a signed `when`, is refused and writes nothing; a guest undoes its
//! own change through the planning session.

use accord_api::{ErrorCode, NewItem, RemoteOp, RemoteOutcome, SetPlanning, Undone};
use accord_domain::{Dimension, HistoryAction, ItemKind, PlanningValue, Role};

use crate::api::refused;
use crate::planning::{committed_tech_debt, desk, everything, hosted};

#[test]
fn an_edited_what_is_restored_and_a_second_undo_walks_back_further() {
    let mut d = desk();
    let pm = d.pm.clone();
    let item = d.add("Search", ItemKind::Feature);
    d.edit(&pm, item.id, Dimension::What, "Search by title").unwrap();
    let first = d.last_line(item.id);
    d.edit(&pm, item.id, Dimension::What, "Search by title and body").unwrap();
    let second = d.last_line(item.id);

    let undone = d.app.undo(pm.id, d.roadmap.id).unwrap();
    assert_eq!(undone.item.matrix.what, "Search by title");
    assert_eq!(undone.item, d.item(item.id));
    assert!(undone.summary.contains("what") && undone.summary.contains("Search"), "{}", undone.summary);
    let line = d.last_line(item.id);
    assert_eq!(
        (line.action, line.field.as_str(), line.before.as_str(), line.after.as_str(), line.undoes),
        (HistoryAction::DimensionEdited, "what", "Search by title and body", "Search by title", Some(second.id))
    );

    let undone = d.app.undo(pm.id, d.roadmap.id).unwrap();
    assert_eq!(undone.item.matrix.what, "");
    let line = d.last_line(item.id);
    assert_eq!((line.after.as_str(), line.undoes), ("", Some(first.id)));

    // Creating the item is not undone: nothing of Priya's is left.
    let before = d.dump();
    let e = refused(d.app.undo(pm.id, d.roadmap.id), ErrorCode::CannotUndo);
    assert!(e.message.contains("no change of yours"), "{}", e.message);
    assert_eq!(d.dump(), before);
}

#[test]
fn undo_with_nothing_of_ones_own_to_undo_is_refused() {
    let mut d = desk();
    let pm = d.pm.clone();
    let item = d.add("Search", ItemKind::Feature);
    d.edit(&pm, item.id, Dimension::What, "Search by title").unwrap();
    let before = d.dump();
    // Emil has made no change: Priya's is not his to undo.
    refused(d.app.undo(d.em.id, d.roadmap.id), ErrorCode::CannotUndo);
    refused(d.app.undo(d.director.id, d.roadmap.id), ErrorCode::CannotUndo);
    refused(d.app.undo(pm.id, 9_999), ErrorCode::NotFound);
    assert_eq!(d.dump(), before);
    assert_eq!(d.item(item.id).matrix.what, "Search by title");
}

#[test]
fn undo_after_the_other_partner_changed_the_field_is_stale_and_writes_nothing() {
    let mut d = desk();
    let (pm, em) = (d.pm.clone(), d.em.clone());
    let item = d.add("Search", ItemKind::Feature);
    d.edit(&pm, item.id, Dimension::When, "Beta by 2027-Q1").unwrap();
    d.edit(&em, item.id, Dimension::When, "Beta by 2027-Q2").unwrap();
    let before = d.dump();
    let e = refused(d.app.undo(pm.id, d.roadmap.id), ErrorCode::StaleRevision);
    assert!(e.message.contains("changed again"), "{}", e.message);
    assert_eq!(e.current.as_deref(), Some(&d.item(item.id)));
    assert_eq!(d.dump(), before);

    // The same for a shared planning field.
    let other = d.add("Export", ItemKind::Feature);
    d.set(&em, other.id, PlanningValue::Confidence(Some(80))).unwrap();
    d.set(&pm, other.id, PlanningValue::Confidence(Some(50))).unwrap();
    let before = d.dump();
    refused(d.app.undo(em.id, d.roadmap.id), ErrorCode::StaleRevision);
    assert_eq!(d.dump(), before);
    assert_eq!(d.item(other.id).planning.confidence, Some(50));
}

#[test]
fn undo_of_a_when_edit_signed_since_is_refused_and_writes_nothing() {
    let mut d = desk();
    let pm = d.pm.clone();
    let item = d.add("Search", ItemKind::Feature);
    d.edit(&pm, item.id, Dimension::When, "Beta by 2027-Q1").unwrap();
    d.sign_when(Role::Em, item.id);
    let before = d.dump();
    let e = refused(d.app.undo(pm.id, d.roadmap.id), ErrorCode::CannotUndo);
    assert!(e.message.contains("Emil (EM) signed"), "{}", e.message);
    assert_eq!(d.dump(), before);
    assert_eq!(d.item(item.id).matrix.when, "2027-Q1 \u{2014} Beta");
}

#[test]
fn undo_puts_back_a_planning_value_and_a_place_in_the_order() {
    let mut d = desk();
    let pm = d.pm.clone();
    let [a, b, c] = ["A", "B", "C"].map(|t| d.add(t, ItemKind::Feature).id);
    d.set(&pm, a, PlanningValue::Reach(Some(100))).unwrap();
    d.set(&pm, a, PlanningValue::Reach(Some(250))).unwrap();
    let reach = d.last_line(a);
    d.move_to(&pm, c, 0).unwrap();
    let moved = d.last_line(c);
    assert_eq!(d.order(), [c, a, b]);

    let Undone { item, .. } = d.app.undo(pm.id, d.roadmap.id).unwrap();
    assert_eq!((item.id, item.rank), (c, 3));
    assert_eq!(d.order(), [a, b, c]);
    let line = d.last_line(c);
    assert_eq!((line.action, line.undoes), (HistoryAction::Moved, Some(moved.id)));

    let Undone { item, .. } = d.app.undo(pm.id, d.roadmap.id).unwrap();
    assert_eq!(item.planning.reach, Some(100));
    let line = d.last_line(a);
    assert_eq!(
        (line.action, line.field.as_str(), line.after.as_str(), line.undoes),
        (HistoryAction::PlanningChanged, "reach", "100", Some(reach.id))
    );
}

#[test]
fn undo_does_not_unframe_a_committed_tech_debt_item() {
    let mut d = desk();
    let em = d.em.clone();
    let debt = committed_tech_debt(&mut d);
    // Emil's last change is the incident-risk framing; undoing it would
    // leave a committed tech-debt item without it.
    let before = d.dump();
    refused(d.app.undo(em.id, d.roadmap.id), ErrorCode::FramingRequired);
    assert_eq!(d.dump(), before);
    assert!(d.item(debt.id).planning.incident_risk.is_some());
}

#[test]
fn a_guest_undoes_its_own_change_through_the_session() {
    let (mut host, guest) = hosted();
    let roadmap = host.roadmap.id;
    let req = NewItem { roadmap_id: roadmap, title: "Search".into(), kind: ItemKind::Feature, horizon: "next".into() };
    let item = host.app.create_item(host.emil.id, req).unwrap();

    let set = RemoteOp::SetPlanning(SetPlanning {
        item_id: item.id,
        base_revision: item.revision,
        value: PlanningValue::Reach(Some(4_000)),
    });
    let outcome = host.app.apply_remote(roadmap, guest.id, "reach", &set).unwrap();
    assert!(matches!(outcome, RemoteOutcome::Applied { .. }), "{outcome:?}");
    let changed = host.app.history(item.id).unwrap()[0].clone();
    assert_eq!((changed.actor_name.as_str(), changed.after.as_str()), ("Priya", "4000"));

    // Emil at the host's keyboard has nothing of his own to undo.
    refused(host.app.undo(host.emil.id, roadmap), ErrorCode::CannotUndo);

    let undo = RemoteOp::Undo { roadmap_id: roadmap };
    let RemoteOutcome::Applied { effect: Some(effect), .. } =
        host.app.apply_remote(roadmap, guest.id, "undo-1", &undo).unwrap()
    else {
        panic!("the guest's undo was not applied")
    };
    let undone: Undone = serde_json::from_value(effect.view.clone()).unwrap();
    assert_eq!(undone.item.planning.reach, None);
    assert_eq!(effect.item.as_ref(), Some(&undone.item));
    assert_eq!(host.app.item(item.id).unwrap().planning.reach, None);
    let line = host.app.history(item.id).unwrap()[0].clone();
    assert_eq!((line.actor_name.as_str(), line.undoes), ("Priya", Some(changed.id)));

    // Nothing is left to undo: refused, logged once, and the re-sent op gets the same answer.
    let before = everything(host.app.store().conn());
    let refusal = host.app.apply_remote(roadmap, guest.id, "undo-2", &undo).unwrap();
    let RemoteOutcome::Rejected { seq, error } = refusal else { panic!("{refusal:?}") };
    assert_eq!(error.code, ErrorCode::CannotUndo);
    let again = host.app.apply_remote(roadmap, guest.id, "undo-2", &undo).unwrap();
    assert!(
        matches!(again, RemoteOutcome::Rejected { seq: s, ref error } if s == seq && error.code == ErrorCode::CannotUndo),
        "{again:?}"
    );
    let after = everything(host.app.store().conn());
    let new: Vec<&str> = after.lines().filter(|l| !before.contains(*l)).collect();
    assert_eq!(new.len(), 1, "only the op-log line: {new:?}");
    assert!(new[0].starts_with("op_log:"), "{new:?}");

    // An undo aimed at another roadmap is refused before anything is logged.
    let elsewhere = RemoteOp::Undo { roadmap_id: roadmap + 1 };
    refused(host.app.apply_remote(roadmap, guest.id, "undo-3", &elsewhere), ErrorCode::Forbidden);
}
