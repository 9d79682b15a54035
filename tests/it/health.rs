//! The partnership health check through `Accord`: each partner answers on
//! their own, neither sees the other's answers (locally or as a
//! planning-session guest) until both have answered, a round is answered
//! once, and the signals beside it count what the data says.

use accord_api::{
    AnswerHealthCheck, ErrorCode, EscalateDecision, HealthView, NewDecision, PartnerAnswers, RemoteOp, RemoteOutcome,
    RemoteRead, WritePosition,
};
use accord_domain::health::QUESTIONS;
use accord_domain::{DecisionKind, DecisionTopic, Dimension, HealthAnswer, HealthResponse, ItemKind, Role};

use crate::api::refused;
use crate::people::HostDb;
use crate::planning::{desk, everything, hosted};

fn answers(pattern: [HealthAnswer; 5], note: &str) -> Vec<HealthResponse> {
    pattern.into_iter().map(|answer| HealthResponse { answer, note: note.into() }).collect()
}

const ALL_YES: [HealthAnswer; 5] = [HealthAnswer::Yes; 5];
const MIXED: [HealthAnswer; 5] =
    [HealthAnswer::Yes, HealthAnswer::Partly, HealthAnswer::No, HealthAnswer::Partly, HealthAnswer::Yes];

#[test]
fn the_other_partners_answers_stay_hidden_until_both_have_answered() {
    let (mut host, guest) = hosted();
    let roadmap = host.roadmap.id;
    let secret = "EM-ONLY: the team doubts the roadmap";
    let req = AnswerHealthCheck { roadmap_id: roadmap, responses: answers(MIXED, secret) };
    let mine = host.app.answer_health_check(host.emil.id, req).unwrap();
    assert_eq!((mine.round, mine.answered.as_slice()), (1, &[Role::Em][..]));
    assert_eq!(mine.mine.as_ref().map(|m| m[0].note.as_str()), Some(secret));
    assert!(mine.past.is_empty());

    // The guest sees that the EM answered, never what.
    let seen = host.app.read_remote(roadmap, guest.id, &RemoteRead::Health).unwrap();
    assert!(!seen.to_string().contains(secret), "the EM's answers leaked: {seen}");
    let seen: HealthView = serde_json::from_value(seen).unwrap();
    assert_eq!((seen.round, seen.answered.as_slice(), seen.mine.as_ref()), (1, &[Role::Em][..], None));
    assert!(seen.past.is_empty());
    assert_eq!(seen.questions, QUESTIONS);

    let before = everything(host.app.store().conn());
    let e = refused(host.app.health_answers(roadmap, 1), ErrorCode::AnswersHidden);
    assert!(e.message.contains("waiting for the PM"), "{}", e.message);
    let e = refused(
        host.app.read_remote(roadmap, guest.id, &RemoteRead::HealthAnswers { round: 1 }),
        ErrorCode::AnswersHidden,
    );
    assert!(!e.message.contains(secret));
    refused(host.app.health_answers(roadmap, 2), ErrorCode::AnswersHidden);
    assert_eq!(everything(host.app.store().conn()), before);

    // The guest answers from its own machine; now both see both.
    let op =
        RemoteOp::AnswerHealthCheck(AnswerHealthCheck { roadmap_id: roadmap, responses: answers(ALL_YES, "fine") });
    let outcome = host.app.apply_remote(roadmap, guest.id, "health-1", &op).unwrap();
    assert!(matches!(outcome, RemoteOutcome::Applied { .. }), "{outcome:?}");
    let both: Vec<PartnerAnswers> = serde_json::from_value(
        host.app.read_remote(roadmap, guest.id, &RemoteRead::HealthAnswers { round: 1 }).unwrap(),
    )
    .unwrap();
    assert_eq!(both, host.app.health_answers(roadmap, 1).unwrap());
    let by_role = |role| both.iter().find(|a| a.role == role).unwrap();
    assert_eq!((by_role(Role::Em).score, by_role(Role::Em).responses[0].note.as_str()), (6, secret));
    assert_eq!((by_role(Role::Pm).score, by_role(Role::Pm).name.as_str()), (10, "Priya"));
    let seen: HealthView =
        serde_json::from_value(host.app.read_remote(roadmap, guest.id, &RemoteRead::Health).unwrap()).unwrap();
    assert_eq!(seen.past.len(), 1);
    assert_eq!(seen.past[0].answers.len(), 2);
}

#[test]
fn a_partner_answers_a_check_in_once() {
    let (mut host, guest) = hosted();
    let roadmap = host.roadmap.id;
    let req = || AnswerHealthCheck { roadmap_id: roadmap, responses: answers(ALL_YES, "") };
    let but_the_op_log = |host: &HostDb| {
        everything(host.app.store().conn()).lines().filter(|l| !l.starts_with("op_log:")).collect::<Vec<_>>().join("\n")
    };

    // The guest answers from its machine; a second answer to the same round is refused.
    let op = RemoteOp::AnswerHealthCheck(req());
    let first = host.app.apply_remote(roadmap, guest.id, "first", &op).unwrap();
    assert!(matches!(first, RemoteOutcome::Applied { .. }), "{first:?}");
    let before = but_the_op_log(&host);
    match host.app.apply_remote(roadmap, guest.id, "second", &op).unwrap() {
        RemoteOutcome::Rejected { error, .. } => {
            assert_eq!(error.code, ErrorCode::InvalidInput, "{}", error.message);
            assert!(error.message.contains("PM has already answered check-in 1"), "{}", error.message);
        }
        other => panic!("a second answer to check-in 1 was applied: {other:?}"),
    }
    assert_eq!(but_the_op_log(&host), before, "a refused op writes only its op-log line");

    // Locally the same: once the round is complete the next one is open, and answered once too.
    host.app.answer_health_check(host.emil.id, req()).unwrap();
    let second_round = host.app.answer_health_check(host.emil.id, req()).unwrap();
    assert_eq!((second_round.round, second_round.past.len()), (2, 1));
    let before = everything(host.app.store().conn());
    let e = refused(host.app.answer_health_check(host.emil.id, req()), ErrorCode::InvalidInput);
    assert!(e.message.contains("already answered check-in 2"), "{}", e.message);
    assert_eq!(everything(host.app.store().conn()), before);
}

#[test]
fn bad_answers_and_non_partners_are_refused_and_write_nothing() {
    let mut d = desk();
    let before = d.dump();
    let four = AnswerHealthCheck { roadmap_id: d.roadmap.id, responses: answers(ALL_YES, "")[..4].to_vec() };
    let e = refused(d.app.answer_health_check(d.pm.id, four), ErrorCode::InvalidInput);
    assert!(e.message.contains("5 questions"), "{}", e.message);
    let long = AnswerHealthCheck { roadmap_id: d.roadmap.id, responses: answers(ALL_YES, &"x".repeat(2_001)) };
    refused(d.app.answer_health_check(d.pm.id, long), ErrorCode::InvalidInput);
    for outsider in [d.director.id, d.head.id] {
        let req = AnswerHealthCheck { roadmap_id: d.roadmap.id, responses: answers(ALL_YES, "") };
        refused(d.app.answer_health_check(outsider, req), ErrorCode::Forbidden);
    }
    let elsewhere = AnswerHealthCheck { roadmap_id: 9_999, responses: answers(ALL_YES, "") };
    refused(d.app.answer_health_check(d.pm.id, elsewhere), ErrorCode::NotFound);
    assert_eq!(d.dump(), before);
}

#[test]
fn both_answers_complete_the_round_with_scores_and_the_next_one_opens() {
    let mut d = desk();
    let roadmap = d.roadmap.id;
    let fresh = d.app.health(roadmap, d.pm.id).unwrap();
    assert_eq!((fresh.round, fresh.due, fresh.last_completed_at.as_ref()), (1, true, None));
    assert!(d.app.sync_agenda(roadmap).unwrap().health_check_due);

    d.app
        .answer_health_check(d.pm.id, AnswerHealthCheck { roadmap_id: roadmap, responses: answers(ALL_YES, "good") })
        .unwrap();
    let half = d.app.health(roadmap, d.em.id).unwrap();
    assert!(half.due, "half a check-in is not a check-in");
    assert!(half.past.is_empty());
    d.app
        .answer_health_check(d.em.id, AnswerHealthCheck { roadmap_id: roadmap, responses: answers(MIXED, "so-so") })
        .unwrap();

    for viewer in [d.pm.id, d.em.id] {
        let view = d.app.health(roadmap, viewer).unwrap();
        assert_eq!(view.round, 2, "a new round opens");
        assert!(view.answered.is_empty() && view.mine.is_none());
        assert!(!view.due, "a check-in was just completed");
        assert_eq!(view.past.len(), 1);
        let past = &view.past[0];
        assert_eq!(past.round, 1);
        assert_eq!(view.last_completed_at.as_deref(), Some(past.completed_at.as_str()));
        let mut scores: Vec<(Role, i64)> = past.answers.iter().map(|a| (a.role, a.score)).collect();
        scores.sort_by_key(|(r, _)| r.as_str());
        assert_eq!(scores, [(Role::Em, 6), (Role::Pm, 10)]);
        let em = past.answers.iter().find(|a| a.role == Role::Em).unwrap();
        assert_eq!(em.responses, answers(MIXED, "so-so"));
    }
    assert!(!d.app.sync_agenda(roadmap).unwrap().health_check_due);
}

#[test]
fn signals_count_escalations_and_declined_proposals() {
    let mut d = desk();
    let roadmap = d.roadmap.id;
    let quiet = d.app.health(roadmap, d.pm.id).unwrap().signals;
    assert_eq!((quiet.proposals_answered, quiet.proposals_declined, quiet.median_answer_hours), (0, 0, None));
    assert_eq!(quiet.escalations_per_quarter.len(), 4);
    assert!(quiet.escalations_per_quarter.iter().all(|q| q.count == 0));

    let item = d.add("Search", ItemKind::Feature);
    let (pm, em) = (d.pm.clone(), d.em.clone());
    for (text, accept) in
        [("Use Postgres full-text", false), ("Use the search service", true), ("Use SQLite FTS", false)]
    {
        let base_revision = d.item(item.id).revision;
        let p = d
            .app
            .propose(
                pm.id,
                accord_api::ProposeChange {
                    item_id: item.id,
                    base_revision,
                    dimension: Dimension::How,
                    text: text.into(),
                },
            )
            .unwrap();
        d.respond(&em, p.id, accept, if accept { "" } else { "Too slow at our size" }).unwrap();
    }
    let pending = d.item(item.id).revision;
    d.app
        .propose(
            pm.id,
            accord_api::ProposeChange {
                item_id: item.id,
                base_revision: pending,
                dimension: Dimension::Who,
                text: "Squad B".into(),
            },
        )
        .unwrap();

    let req = NewDecision {
        roadmap_id: roadmap,
        kind: DecisionKind::Shared,
        topic: DecisionTopic::Timeline,
        title: "Launch date".into(),
        context: String::new(),
        options: String::new(),
        outcome: "October".into(),
        linked_items: vec![],
        proposed: true,
        capacity: None,
    };
    let decision = d.app.create_decision(pm.id, req).unwrap().decision;
    for who in [&pm, &em] {
        let req = WritePosition {
            decision_id: decision.id,
            position: format!("The {} way", who.role.label()),
            understanding: "They worry about the date".into(),
            compromises: "Ship in two steps".into(),
        };
        d.app.write_position(who.id, req).unwrap();
    }
    let revision = d.app.decision(decision.id).unwrap().decision.revision;
    let req = EscalateDecision {
        decision_id: decision.id,
        base_revision: revision,
        director_name: "Dana".into(),
        head_of_product_name: "Hugo".into(),
    };
    d.app.escalate(em.id, req).unwrap();

    let signals = d.app.health(roadmap, d.em.id).unwrap().signals;
    assert_eq!((signals.proposals_answered, signals.proposals_declined), (3, 2), "the pending proposal is not counted");
    let hours = signals.median_answer_hours.expect("answered proposals have a median");
    assert!((0.0..0.1).contains(&hours), "answered within the test: {hours}");
    let counts: Vec<u32> = signals.escalations_per_quarter.iter().map(|q| q.count).collect();
    assert_eq!(counts, [0, 0, 0, 1], "this quarter's escalation, oldest quarter first");
    let this_quarter = &signals.escalations_per_quarter[3].quarter;
    assert!(accord_api::now().starts_with(&this_quarter[..4]), "{this_quarter}");
}
