//! The planning fields in the domain, without I/O: who edits, proposes and
//! answers each field (the whole table, written out by hand), the scales a
//! planning value is checked against, the RICE score, the text a history
//! line keeps of a value, the capacity share and the commitment rule for
//! tech debt.

use accord_domain::planning::{CONFIDENCES, EFFORT_MAX, GOALS_MAX, IMPACTS, REACH_MAX};
use accord_domain::{
    authorize, check_commitment, Action, CapacityShare, Field, Framing, ItemKind, Level, Owner, Planning,
    PlanningValue, RightsError, Role,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allowed,
    NotOwner,
    OwnerEditsDirectly,
    NotTheOwnerToRespond,
    NotAPartner,
}
use Expect::*;

/// A field one partner owns, seen by its owner and by the other partner.
const OWNER: [Expect; 4] = [Allowed, OwnerEditsDirectly, Allowed, Allowed];
const OTHER: [Expect; 4] = [NotOwner, Allowed, NotTheOwnerToRespond, NotTheOwnerToRespond];
/// A shared field: both partners edit it, nobody proposes it.
const SHARED: [Expect; 4] = [Allowed, OwnerEditsDirectly, Allowed, Allowed];
const ACTIONS: [Action; 4] = [Action::Edit, Action::Propose, Action::Accept, Action::Decline];

// Written out by hand, not derived from `Field::owner`, so a change to the
// rules has to be mirrored here on purpose. Columns: PM, then EM.
const TABLE: [(Field, [Expect; 4], [Expect; 4]); 15] = [
    (Field::What, OWNER, OTHER),
    (Field::Why, OWNER, OTHER),
    (Field::Rank, OWNER, OTHER),
    (Field::Goals, OWNER, OTHER),
    (Field::Reach, OWNER, OTHER),
    (Field::Impact, OWNER, OTHER),
    (Field::How, OTHER, OWNER),
    (Field::Who, OTHER, OWNER),
    (Field::Effort, OTHER, OWNER),
    (Field::CustomerImpact, OTHER, OWNER),
    (Field::VelocityCost, OTHER, OWNER),
    (Field::IncidentRisk, OTHER, OWNER),
    (Field::DependsOn, OTHER, OWNER),
    (Field::When, SHARED, SHARED),
    (Field::Confidence, SHARED, SHARED),
];

fn expected(role: Role, field: Field, action: Action) -> Expect {
    let row = TABLE.iter().find(|(f, _, _)| *f == field).expect("every field has a row");
    let col = ACTIONS.iter().position(|a| *a == action).unwrap();
    match role {
        Role::Pm => row.1[col],
        Role::Em => row.2[col],
        Role::DirectorOfEngineering | Role::HeadOfProduct => NotAPartner,
    }
}

fn classify(r: &Result<(), RightsError>) -> Expect {
    match r {
        Ok(()) => Allowed,
        Err(RightsError::NotOwner { .. }) => NotOwner,
        Err(RightsError::OwnerEditsDirectly { .. }) => OwnerEditsDirectly,
        Err(RightsError::NotTheOwnerToRespond { .. }) => NotTheOwnerToRespond,
        Err(RightsError::NotAPartner { .. }) => NotAPartner,
        Err(e) => panic!("authorize judges only item fields: {e}"),
    }
}

#[test]
fn the_table_names_every_field_once() {
    assert_eq!(Field::ALL.len(), TABLE.len());
    for f in Field::ALL {
        assert_eq!(TABLE.iter().filter(|(g, _, _)| *g == f).count(), 1, "{f:?}");
        assert_eq!(Field::parse(f.as_str()), Some(f));
    }
}

#[test]
fn authorize_matches_the_planning_rights_table_for_every_field_role_and_action() {
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for field in Field::ALL {
        for role in Role::ALL {
            for action in ACTIONS {
                let got = classify(&authorize(role, field, action));
                let want = expected(role, field, action);
                if got != want {
                    mismatches.push(format!("{role:?} {action:?} {field:?}: got {got:?}, want {want:?}"));
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 15 * 4 * 4);
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn field_owners_are_the_pm_the_em_or_both() {
    let pm = [Field::What, Field::Why, Field::Rank, Field::Goals, Field::Reach, Field::Impact];
    let em = [
        Field::How,
        Field::Who,
        Field::Effort,
        Field::CustomerImpact,
        Field::VelocityCost,
        Field::IncidentRisk,
        Field::DependsOn,
    ];
    for f in Field::ALL {
        let want = if pm.contains(&f) {
            Owner::Pm
        } else if em.contains(&f) {
            Owner::Em
        } else {
            assert!(matches!(f, Field::When | Field::Confidence), "{f:?}");
            Owner::Shared
        };
        assert_eq!(f.owner(), want, "{f:?}");
    }
}

#[test]
fn refusals_name_who_owns_the_planning_field() {
    let e = authorize(Role::Em, Field::Rank, Action::Edit).unwrap_err();
    assert_eq!(e, RightsError::NotOwner { role: "EM", dimension: "Priority", owner: "PM" });
    let e = authorize(Role::Pm, Field::Effort, Action::Accept).unwrap_err();
    assert_eq!(e, RightsError::NotTheOwnerToRespond { dimension: "Effort", owner: "EM" });
    let e = authorize(Role::Pm, Field::Confidence, Action::Propose).unwrap_err();
    assert_eq!(e, RightsError::OwnerEditsDirectly { role: "PM", dimension: "Confidence" });
    let e = authorize(Role::HeadOfProduct, Field::Goals, Action::Propose).unwrap_err();
    assert_eq!(e, RightsError::NotAPartner { role: "Head of Product" });
    assert!(e.to_string().contains("only the EM and the PM"), "{e}");
}

fn framing(level: Level, note: &str) -> Option<Framing> {
    Some(Framing { level, note: note.into() })
}

#[track_caller]
fn bad(v: PlanningValue, field: &str) {
    match v.clone().validated() {
        Ok(ok) => panic!("{v:?} was accepted as {ok:?}"),
        Err(e) => assert_eq!(e.field, field, "{v:?}: {e}"),
    }
}

#[test]
fn planning_values_are_checked_against_their_scales() {
    for r in [0, 1, 5_000, REACH_MAX] {
        assert_eq!(PlanningValue::Reach(Some(r)).validated().unwrap(), PlanningValue::Reach(Some(r)));
    }
    for r in [-1, -5, REACH_MAX + 1] {
        bad(PlanningValue::Reach(Some(r)), "reach");
    }
    for i in IMPACTS {
        assert!(PlanningValue::Impact(Some(i)).validated().is_ok(), "{i}");
    }
    for i in [4.0, 1.5, 0.0, -1.0, 0.1, f64::NAN] {
        bad(PlanningValue::Impact(Some(i)), "impact");
    }
    for c in CONFIDENCES {
        assert!(PlanningValue::Confidence(Some(c)).validated().is_ok(), "{c}");
    }
    for c in [30, 0, 90, 101, -50] {
        bad(PlanningValue::Confidence(Some(c)), "confidence");
    }
    for e in [0.5, 1.0, 13.25, EFFORT_MAX] {
        assert!(PlanningValue::Effort(Some(e)).validated().is_ok(), "{e}");
    }
    for e in [0.0, -1.0, -0.0, EFFORT_MAX + 0.5, f64::NAN, f64::INFINITY] {
        bad(PlanningValue::Effort(Some(e)), "effort");
    }
    // Clearing a value is always allowed.
    for v in [
        PlanningValue::Reach(None),
        PlanningValue::Impact(None),
        PlanningValue::Confidence(None),
        PlanningValue::Effort(None),
        PlanningValue::CustomerImpact(None),
        PlanningValue::VelocityCost(None),
        PlanningValue::IncidentRisk(None),
        PlanningValue::Goals(vec![]),
    ] {
        assert_eq!(v.clone().validated().unwrap(), v);
    }
}

#[test]
fn framing_needs_a_sentence_and_goal_links_are_sorted_and_bounded() {
    let v = PlanningValue::VelocityCost(framing(Level::High, "  Every release waits a day on it  "));
    assert_eq!(
        v.validated().unwrap(),
        PlanningValue::VelocityCost(framing(Level::High, "Every release waits a day on it"))
    );
    bad(PlanningValue::CustomerImpact(framing(Level::Low, "   ")), "customer impact");
    bad(PlanningValue::VelocityCost(framing(Level::Low, "")), "team velocity");
    bad(PlanningValue::IncidentRisk(framing(Level::Medium, &"x".repeat(10_001))), "incident risk");

    assert_eq!(PlanningValue::Goals(vec![3, 1, 3, 2]).validated().unwrap(), PlanningValue::Goals(vec![1, 2, 3]));
    let most: Vec<i64> = (1..=GOALS_MAX as i64).collect();
    assert!(PlanningValue::Goals(most.clone()).validated().is_ok());
    let mut too_many = most;
    too_many.push(GOALS_MAX as i64 + 1);
    bad(PlanningValue::Goals(too_many), "goals");
}

fn complete() -> Planning {
    Planning { reach: Some(2_000), impact: Some(2.0), confidence: Some(80), effort: Some(4.0), ..Planning::default() }
}

#[test]
fn the_score_is_reach_times_impact_times_confidence_over_effort() {
    let p = complete();
    assert_eq!(p.score(), Some(2_000.0 * 2.0 * 0.8 / 4.0));
    assert!(p.missing_factors().is_empty());
    let low = Planning { confidence: Some(50), ..complete() };
    assert_eq!(low.score(), Some(500.0));
}

#[test]
fn a_score_with_a_missing_factor_is_incomplete_and_says_which() {
    let cases = [
        (Field::Reach, PlanningValue::Reach(None)),
        (Field::Impact, PlanningValue::Impact(None)),
        (Field::Confidence, PlanningValue::Confidence(None)),
        (Field::Effort, PlanningValue::Effort(None)),
    ];
    for (field, cleared) in cases {
        let mut p = complete();
        p.set(cleared);
        assert_eq!(p.score(), None, "{field:?} missing");
        assert_eq!(p.missing_factors(), [field]);
    }
    let empty = Planning::default();
    assert_eq!(empty.score(), None);
    assert_eq!(empty.missing_factors(), [Field::Reach, Field::Impact, Field::Confidence, Field::Effort]);
    // Reach 0 is a value, not a missing factor.
    assert_eq!(Planning { reach: Some(0), ..complete() }.score(), Some(0.0));
}

/// Values of every planning field, set and cleared.
fn every_value() -> Vec<PlanningValue> {
    let mut out = vec![
        PlanningValue::Goals(vec![]),
        PlanningValue::Goals(vec![7]),
        PlanningValue::Goals(vec![1, 2, 30]),
        PlanningValue::Reach(None),
        PlanningValue::Reach(Some(0)),
        PlanningValue::Reach(Some(REACH_MAX)),
        PlanningValue::Confidence(None),
        PlanningValue::Effort(None),
        PlanningValue::Effort(Some(0.5)),
        PlanningValue::Effort(Some(13.25)),
        PlanningValue::Effort(Some(EFFORT_MAX)),
        PlanningValue::Impact(None),
    ];
    out.extend(IMPACTS.map(|i| PlanningValue::Impact(Some(i))));
    out.extend(CONFIDENCES.map(|c| PlanningValue::Confidence(Some(c))));
    for level in Level::ALL.iter().copied() {
        out.push(PlanningValue::CustomerImpact(framing(level, "Checkout fails for 1 in 50 buyers")));
        out.push(PlanningValue::VelocityCost(framing(level, "Deploys wait: a day a week, lost")));
        out.push(PlanningValue::IncidentRisk(framing(level, "A page at 3 a.m.: two a month")));
    }
    out.extend([
        PlanningValue::DependsOn(vec![]),
        PlanningValue::DependsOn(vec![3]),
        PlanningValue::DependsOn(vec![2, 9]),
    ]);
    out.extend([
        PlanningValue::CustomerImpact(None),
        PlanningValue::VelocityCost(None),
        PlanningValue::IncidentRisk(None),
    ]);
    out
}

#[test]
fn a_value_reads_back_from_the_text_its_history_line_keeps() {
    let values = every_value();
    for f in Field::ALL.into_iter().filter(|f| Planning::default().get(*f).is_some()) {
        assert!(values.iter().any(|v| v.field() == f), "no value of {f:?} tried");
    }
    for v in values {
        let text = v.to_text();
        assert_eq!(PlanningValue::from_text(v.field(), &text), Some(v.clone()), "{v:?} as {text:?}");
    }
    // Fields that are not planning fields, and text that is not a value, read as nothing.
    assert_eq!(PlanningValue::from_text(Field::What, "anything"), None);
    assert_eq!(PlanningValue::from_text(Field::Rank, "3"), None);
    assert_eq!(PlanningValue::from_text(Field::Confidence, "80"), None);
    assert_eq!(PlanningValue::from_text(Field::Reach, "many"), None);
    assert_eq!(PlanningValue::from_text(Field::VelocityCost, "severe: it hurts"), None);
}

#[test]
fn a_capacity_share_is_three_parts_that_make_100() {
    for ok in [(60, 30, 10), (100, 0, 0), (0, 0, 100), (34, 33, 33)] {
        let share = CapacityShare { feature: ok.0, tech_debt: ok.1, experiment: ok.2 };
        assert_eq!(share.validated().unwrap(), share);
    }
    for bad in [(60, 30, 9), (60, 30, 11), (0, 0, 0), (120, -10, -10), (101, 0, -1), (50, 50, 50)] {
        let share = CapacityShare { feature: bad.0, tech_debt: bad.1, experiment: bad.2 };
        let e = share.validated().unwrap_err();
        assert_eq!(e.field, "capacity share", "{bad:?}");
    }
    let e = CapacityShare { feature: 60, tech_debt: 30, experiment: 5 }.validated().unwrap_err();
    assert!(e.reason.contains("95 %"), "{}", e.reason);
    assert_eq!(CapacityShare { feature: 60, tech_debt: 30, experiment: 10 }.of(ItemKind::TechDebt), 30);
}

#[test]
fn tech_debt_is_committed_only_with_its_three_framings() {
    let mut p = Planning::default();
    assert!(check_commitment("Old queue", ItemKind::TechDebt, false, &p).is_ok(), "an idea needs no framing");
    assert!(check_commitment("Search", ItemKind::Feature, true, &p).is_ok(), "a feature needs none");
    let e = check_commitment("Old queue", ItemKind::TechDebt, true, &p).unwrap_err();
    assert_eq!(e.missing, "customer impact, team velocity, incident risk");
    assert!(e.to_string().contains("Old queue"), "{e}");

    p.customer_impact = framing(Level::Low, "Nobody notices");
    p.incident_risk = framing(Level::High, "It pages weekly");
    let e = check_commitment("Old queue", ItemKind::TechDebt, true, &p).unwrap_err();
    assert_eq!(e.missing, "team velocity");
    p.velocity_cost = framing(Level::Medium, "Every change to billing takes twice as long");
    assert!(check_commitment("Old queue", ItemKind::TechDebt, true, &p).is_ok());
}
