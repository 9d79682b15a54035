//! The weekly sync and comments through `Accord`: what changed since the
//! sync was last held, goals and items that do not meet, marking a sync
//! held; comments that lapse nothing and show in the history and the agenda.

use accord_api::{ErrorCode, ItemChange, MarkSyncHeld, NewComment, NewDecision, WhenState};
use accord_domain::{DecisionKind, DecisionTopic, Dimension, Field, HistoryAction, ItemKind, PlanningValue};

use crate::api::refused;
use crate::planning::desk;

fn held(roadmap_id: i64, attendees: &[&str]) -> MarkSyncHeld {
    MarkSyncHeld {
        roadmap_id,
        attendees: attendees.iter().map(|a| a.to_string()).collect(),
        note: "Walked the top ten".into(),
    }
}

#[test]
fn the_agenda_lists_the_changes_since_the_sync_was_last_held_only() {
    let mut d = desk();
    let roadmap = d.roadmap.id;
    let (pm, em) = (d.pm.clone(), d.em.clone());
    let item = d.add("Search", ItemKind::Feature);
    d.edit(&pm, item.id, Dimension::What, "Full-text search").unwrap();

    let never = d.app.sync_agenda(roadmap).unwrap();
    assert_eq!(never.since.last, None);
    let actions: Vec<HistoryAction> = never.since.changes.iter().map(|c| c.action).collect();
    assert_eq!(actions, [HistoryAction::ItemCreated, HistoryAction::DimensionEdited]);
    assert_eq!(never.since.total_changes, 2);

    let meeting = d.app.mark_sync_held(pm.id, held(roadmap, &["Priya", " Emil ", "Priya"])).unwrap();
    assert_eq!(meeting.attendees, ["Priya", "Emil"], "names trimmed, each once");
    assert_eq!((meeting.marked_by.as_str(), meeting.note.as_str()), ("Priya", "Walked the top ten"));
    let just_held = d.app.sync_agenda(roadmap).unwrap();
    assert_eq!(just_held.since.last.as_ref(), Some(&meeting));
    assert!(just_held.since.changes.is_empty(), "{:?}", just_held.since.changes);
    assert_eq!(just_held.since.total_changes, 0);

    d.edit(&em, item.id, Dimension::How, "Postgres full-text").unwrap();
    d.set(&pm, item.id, PlanningValue::Reach(Some(300))).unwrap();
    let after = d.app.sync_agenda(roadmap).unwrap();
    let lines: Vec<(HistoryAction, &str)> = after.since.changes.iter().map(|c| (c.action, c.field.as_str())).collect();
    assert_eq!(lines, [(HistoryAction::DimensionEdited, "how"), (HistoryAction::PlanningChanged, "reach")]);
    assert_eq!(after.since.total_changes, 2);

    // The next sync starts the list again.
    let second = d.app.mark_sync_held(em.id, held(roadmap, &["Emil"])).unwrap();
    assert_ne!(second.id, meeting.id);
    let again = d.app.sync_agenda(roadmap).unwrap();
    assert_eq!(again.since.last.as_ref().map(|m| m.marked_by.as_str()), Some("Emil"));
    assert!(again.since.changes.is_empty());
}

#[test]
fn a_sync_is_marked_held_only_with_who_attended() {
    let mut d = desk();
    let roadmap = d.roadmap.id;
    let before = d.dump();
    for attendees in [&[][..], &["   "][..], &["Priya", "two\nlines"][..]] {
        let e = refused(d.app.mark_sync_held(d.pm.id, held(roadmap, attendees)), ErrorCode::InvalidInput);
        assert!(e.message.contains("attendee"), "{}", e.message);
    }
    let crowd: Vec<String> = (0..21).map(|n| format!("Person {n}")).collect();
    let req = MarkSyncHeld { roadmap_id: roadmap, attendees: crowd, note: String::new() };
    refused(d.app.mark_sync_held(d.pm.id, req), ErrorCode::InvalidInput);
    refused(d.app.mark_sync_held(d.director.id, held(roadmap, &["Dana"])), ErrorCode::Forbidden);
    refused(d.app.mark_sync_held(d.pm.id, held(9_999, &["Priya"])), ErrorCode::NotFound);
    assert_eq!(d.dump(), before);
    assert_eq!(d.app.sync_agenda(roadmap).unwrap().since.last, None);
}

#[test]
fn the_agenda_names_items_without_a_goal_and_goals_without_items() {
    let mut d = desk();
    let roadmap = d.roadmap.id;
    let pm = d.pm.clone();
    let served = d.goal("Grow teams");
    let lonely = d.goal("Cut churn");
    let old = d.goal("Old bet");
    d.archive_goal(&old);
    let a = d.add("Linked", ItemKind::Feature);
    let b = d.add("Unlinked", ItemKind::Feature);
    let c = d.add("Archived, linked", ItemKind::Feature);
    d.set(&pm, a.id, PlanningValue::Goals(vec![served.id])).unwrap();
    d.set(&pm, c.id, PlanningValue::Goals(vec![lonely.id])).unwrap();

    let agenda = d.app.sync_agenda(roadmap).unwrap();
    assert_eq!(agenda.items_without_goal, [b.id]);
    assert!(agenda.goals_without_items.is_empty(), "every live goal is served");

    // An archived item serves no goal; an archived goal is not asked about.
    d.update(&pm, c.id, ItemChange::Archived(true)).unwrap();
    let agenda = d.app.sync_agenda(roadmap).unwrap();
    assert_eq!(agenda.items_without_goal, [b.id]);
    assert_eq!(agenda.goals_without_items, [lonely.id]);
    let goals = d.app.goals(roadmap).unwrap();
    assert_eq!(goals.unlinked_items, [b.id]);
}

#[test]
fn a_comment_on_an_agreed_when_keeps_it_agreed_and_shows_in_the_history_and_the_agenda() {
    let mut d = desk();
    let roadmap = d.roadmap.id;
    let (pm, em) = (d.pm.clone(), d.em.clone());
    let item = d.add("Search", ItemKind::Feature);
    d.edit(&pm, item.id, Dimension::When, "Beta by 2027-Q1").unwrap();
    d.sign_when(accord_domain::Role::Pm, item.id);
    d.sign_when(accord_domain::Role::Em, item.id);
    let state = |d: &crate::planning::Desk| d.app.when_states(roadmap).unwrap()[0].state;
    assert_eq!(state(&d), WhenState::Agreed);
    d.app.mark_sync_held(pm.id, held(roadmap, &["Priya", "Emil"])).unwrap();
    let revision = d.item(item.id).revision;

    let req = NewComment {
        item_id: Some(item.id),
        decision_id: None,
        field: Some(Field::When),
        body: "  Could the beta be a week earlier?  ".into(),
    };
    let comment = d.app.add_comment(em.id, req).unwrap();
    assert_eq!(comment.body, "Could the beta be a week earlier?");
    assert_eq!(
        (comment.author_name.as_str(), comment.author_role, comment.field),
        ("Emil", accord_domain::Role::Em, Some(Field::When))
    );

    assert_eq!(state(&d), WhenState::Agreed, "a comment lapses nothing");
    assert!(d.app.when_signoff(item.id).unwrap().agreement.agreed);
    assert_eq!(d.item(item.id).revision, revision, "a comment is not a change to the item");
    let line = d.last_line(item.id);
    assert_eq!(
        (line.action, line.field.as_str(), line.after.as_str(), line.actor_role),
        (HistoryAction::Commented, "when", "Could the beta be a week earlier?", accord_domain::Role::Em)
    );
    assert_eq!(d.app.comments_on(Some(item.id), None).unwrap(), std::slice::from_ref(&comment));

    // On a decision, too; both show as new since the sync.
    let decision = d
        .app
        .create_decision(
            pm.id,
            NewDecision {
                roadmap_id: roadmap,
                kind: DecisionKind::Product,
                topic: DecisionTopic::Other,
                title: "Pricing page".into(),
                context: String::new(),
                options: String::new(),
                outcome: "Three tiers".into(),
                linked_items: vec![],
                proposed: true,
                capacity: None,
            },
        )
        .unwrap()
        .decision;
    let on_decision = d
        .app
        .add_comment(
            pm.id,
            NewComment {
                item_id: None,
                decision_id: Some(decision.id),
                field: None,
                body: "Tiers as agreed with sales".into(),
            },
        )
        .unwrap();
    let agenda = d.app.sync_agenda(roadmap).unwrap();
    assert_eq!(agenda.since.new_comments, [comment, on_decision.clone()]);
    assert_eq!(d.app.comments_on(None, Some(decision.id)).unwrap(), [on_decision]);
    assert!(agenda
        .since
        .changes
        .iter()
        .any(|c| c.action == HistoryAction::Commented && c.decision_id == Some(decision.id)));
}

#[test]
fn an_empty_comment_or_one_not_on_exactly_one_thing_is_refused_and_writes_nothing() {
    let mut d = desk();
    let item = d.add("Search", ItemKind::Feature);
    let decision = d
        .app
        .create_decision(
            d.pm.id,
            NewDecision {
                roadmap_id: d.roadmap.id,
                kind: DecisionKind::Product,
                topic: DecisionTopic::Other,
                title: "Pricing page".into(),
                context: String::new(),
                options: String::new(),
                outcome: String::new(),
                linked_items: vec![],
                proposed: false,
                capacity: None,
            },
        )
        .unwrap()
        .decision;
    let comment =
        |item_id, decision_id, body: &str| NewComment { item_id, decision_id, field: None, body: body.into() };
    let before = d.dump();
    let e = refused(d.app.add_comment(d.pm.id, comment(Some(item.id), None, "  \n ")), ErrorCode::InvalidInput);
    assert!(e.message.contains("comment"), "{}", e.message);
    refused(d.app.add_comment(d.pm.id, comment(Some(item.id), Some(decision.id), "Both")), ErrorCode::InvalidInput);
    refused(d.app.add_comment(d.pm.id, comment(None, None, "Neither")), ErrorCode::InvalidInput);
    refused(d.app.add_comment(d.pm.id, comment(Some(item.id), None, &"x".repeat(2_001))), ErrorCode::InvalidInput);
    refused(d.app.add_comment(d.pm.id, comment(Some(9_999), None, "Nowhere")), ErrorCode::NotFound);
    refused(d.app.add_comment(d.pm.id, comment(None, Some(9_999), "Nowhere")), ErrorCode::NotFound);
    refused(d.app.add_comment(d.director.id, comment(Some(item.id), None, "From above")), ErrorCode::Forbidden);
    assert_eq!(d.dump(), before);
    assert!(d.app.comments_on(Some(item.id), None).unwrap().is_empty());
}
