//! Decision rights, the proposal state machine, horizons, input limits and
//! the wire names of the enums.

use accord_domain::validate::{optional_line, required_line, text};
use accord_domain::{
    authorize, authorize_roadmap_change, Action, Dimension, HistoryAction, Horizon, ItemKind, ItemStatus, Limits,
    Owner, ProposalStatus, RightsError, Role,
};

/// The expected answer of `authorize`, by error variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allowed,
    NotOwner,
    OwnerEditsDirectly,
    NotTheOwnerToRespond,
    NotAPartner,
}
use Expect::*;

// Written out by hand rather than derived from `owner_of`, so a change to the
// rules in the crate has to be mirrored here on purpose.
// Columns: Edit, Propose, Accept, Decline.
const PM_TABLE: [(Dimension, [Expect; 4]); 5] = [
    (Dimension::What, [Allowed, OwnerEditsDirectly, Allowed, Allowed]),
    (Dimension::Why, [Allowed, OwnerEditsDirectly, Allowed, Allowed]),
    (Dimension::How, [NotOwner, Allowed, NotTheOwnerToRespond, NotTheOwnerToRespond]),
    (Dimension::Who, [NotOwner, Allowed, NotTheOwnerToRespond, NotTheOwnerToRespond]),
    (Dimension::When, [Allowed, OwnerEditsDirectly, Allowed, Allowed]),
];

const EM_TABLE: [(Dimension, [Expect; 4]); 5] = [
    (Dimension::What, [NotOwner, Allowed, NotTheOwnerToRespond, NotTheOwnerToRespond]),
    (Dimension::Why, [NotOwner, Allowed, NotTheOwnerToRespond, NotTheOwnerToRespond]),
    (Dimension::How, [Allowed, OwnerEditsDirectly, Allowed, Allowed]),
    (Dimension::Who, [Allowed, OwnerEditsDirectly, Allowed, Allowed]),
    (Dimension::When, [Allowed, OwnerEditsDirectly, Allowed, Allowed]),
];

const ACTIONS: [Action; 4] = [Action::Edit, Action::Propose, Action::Accept, Action::Decline];

fn expected(role: Role, dimension: Dimension, action: Action) -> Expect {
    let table = match role {
        Role::Pm => &PM_TABLE,
        Role::Em => &EM_TABLE,
        Role::DirectorOfEngineering | Role::HeadOfProduct => return NotAPartner,
    };
    let row = table.iter().find(|(d, _)| *d == dimension).expect("every dimension has a row");
    let col = ACTIONS.iter().position(|a| *a == action).expect("every action has a column");
    row.1[col]
}

/// The owner label the error messages name, by hand.
fn owner_label(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::What | Dimension::Why => "PM",
        Dimension::How | Dimension::Who => "EM",
        Dimension::When => "EM and PM",
    }
}

fn classify(r: &Result<(), RightsError>) -> Expect {
    match r {
        Ok(()) => Allowed,
        Err(RightsError::NotOwner { .. }) => NotOwner,
        Err(RightsError::OwnerEditsDirectly { .. }) => OwnerEditsDirectly,
        Err(RightsError::NotTheOwnerToRespond { .. }) => NotTheOwnerToRespond,
        Err(RightsError::NotAPartner { .. }) => NotAPartner,
        Err(e @ (RightsError::NotASigner { .. } | RightsError::NotDecisionOwner { .. })) => {
            panic!("authorize judges only item dimensions: {e}")
        }
    }
}

#[test]
fn only_the_em_and_the_pm_sign_shared_decisions() {
    use accord_domain::{authorize_signature, DecisionKind, PARTNERS};
    assert_eq!(DecisionKind::Shared.signers(), PARTNERS);
    for role in Role::ALL {
        let r = authorize_signature(role, PARTNERS);
        if role.is_partner() {
            assert_eq!(r, Ok(()));
        } else {
            assert_eq!(r, Err(RightsError::NotASigner { role: role.label(), signers: "the EM and the PM" }));
        }
    }
}

#[test]
fn product_decisions_are_the_pms_and_engineering_decisions_the_ems() {
    use accord_domain::{authorize_decision_edit, authorize_signature, DecisionKind};
    let cases = [
        (DecisionKind::Product, [Role::Pm].as_slice()),
        (DecisionKind::Engineering, &[Role::Em]),
        (DecisionKind::Shared, &[Role::Em, Role::Pm]),
    ];
    for (kind, owners) in cases {
        assert_eq!(kind.signers(), owners);
        for role in Role::ALL {
            let owns = owners.contains(&role);
            assert_eq!(authorize_signature(role, kind.signers()).is_ok(), owns, "{role:?} signs {kind:?}");
            match authorize_decision_edit(role, kind) {
                Ok(()) => assert!(owns, "{role:?} edited a {kind:?} decision"),
                Err(RightsError::NotAPartner { .. }) => assert!(!role.is_partner()),
                Err(RightsError::NotDecisionOwner { role: r, .. }) => {
                    assert!(role.is_partner() && !owns);
                    assert_eq!(r, role.label());
                }
                Err(e) => panic!("unexpected refusal: {e}"),
            }
        }
    }
}

#[test]
fn constants_list_every_variant_once() {
    assert_eq!(Role::ALL.len(), 4);
    assert_eq!(Dimension::ALL.len(), 5);
    assert_eq!(Action::ALL, ACTIONS);
    for (i, a) in HistoryAction::ALL.iter().enumerate() {
        assert!(!HistoryAction::ALL[..i].contains(a), "{a:?} listed twice");
    }
}

#[test]
fn authorize_matches_the_decision_rights_table_for_every_combination() {
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for role in Role::ALL {
        for dimension in Dimension::ALL {
            for action in Action::ALL {
                let got = authorize(role, dimension, action);
                let want = expected(role, dimension, action);
                if classify(&got) != want {
                    mismatches.push(format!("{role:?} {action:?} {dimension:?}: want {want:?}, got {got:?}"));
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 4 * 5 * 4);
    assert!(mismatches.is_empty(), "authorize disagrees with the table:\n{}", mismatches.join("\n"));
}

#[test]
fn the_table_itself_encodes_the_partnership_rules() {
    // Guards the hand-written table against typos: exactly one partner may
    // propose on each owned dimension, nobody proposes on `when`.
    for d in Dimension::ALL {
        let proposers: Vec<Role> =
            Role::ALL.into_iter().filter(|r| expected(*r, d, Action::Propose) == Allowed).collect();
        let editors: Vec<Role> = Role::ALL.into_iter().filter(|r| expected(*r, d, Action::Edit) == Allowed).collect();
        match d {
            Dimension::What | Dimension::Why => {
                assert_eq!(editors, [Role::Pm]);
                assert_eq!(proposers, [Role::Em]);
            }
            Dimension::How | Dimension::Who => {
                assert_eq!(editors, [Role::Em]);
                assert_eq!(proposers, [Role::Pm]);
            }
            Dimension::When => {
                assert_eq!(editors, [Role::Em, Role::Pm]);
                assert!(proposers.is_empty());
            }
        }
        for r in Role::ALL {
            let edit = expected(r, d, Action::Edit) == Allowed;
            assert_eq!(expected(r, d, Action::Accept) == Allowed, edit, "{r:?} {d:?}: accept follows ownership");
            assert_eq!(expected(r, d, Action::Decline) == Allowed, edit, "{r:?} {d:?}: decline follows ownership");
        }
    }
}

#[test]
fn refusals_name_the_role_the_dimension_and_the_owner() {
    for role in Role::ALL {
        for dimension in Dimension::ALL {
            for action in Action::ALL {
                match authorize(role, dimension, action) {
                    Ok(()) => {}
                    Err(RightsError::NotAPartner { role: r }) => assert_eq!(r, role.label()),
                    Err(e @ (RightsError::NotASigner { .. } | RightsError::NotDecisionOwner { .. })) => {
                        panic!("unexpected: {e}")
                    }
                    Err(RightsError::NotOwner { role: r, dimension: d, owner }) => {
                        assert_eq!(r, role.label());
                        assert_eq!(d, dimension.label());
                        assert_eq!(owner, owner_label(dimension));
                    }
                    Err(RightsError::OwnerEditsDirectly { role: r, dimension: d }) => {
                        assert_eq!(r, role.label());
                        assert_eq!(d, dimension.label());
                    }
                    Err(RightsError::NotTheOwnerToRespond { dimension: d, owner }) => {
                        assert_eq!(d, dimension.label());
                        assert_eq!(owner, owner_label(dimension));
                    }
                }
            }
        }
    }
    let msg = authorize(Role::Em, Dimension::Why, Action::Edit).unwrap_err().to_string();
    assert_eq!(msg, "the PM owns Why; the EM can propose a change instead");
}

#[test]
fn only_partners_make_roadmap_changes() {
    assert_eq!(authorize_roadmap_change(Role::Em), Ok(()));
    assert_eq!(authorize_roadmap_change(Role::Pm), Ok(()));
    assert_eq!(
        authorize_roadmap_change(Role::DirectorOfEngineering),
        Err(RightsError::NotAPartner { role: "Director of Engineering" })
    );
    assert_eq!(
        authorize_roadmap_change(Role::HeadOfProduct),
        Err(RightsError::NotAPartner { role: "Head of Product" })
    );
}

#[test]
fn a_proposal_is_answered_exactly_once() {
    assert_eq!(ProposalStatus::Pending.respond(true), Ok(ProposalStatus::Accepted));
    assert_eq!(ProposalStatus::Pending.respond(false), Ok(ProposalStatus::Declined));
    for answered in [ProposalStatus::Accepted, ProposalStatus::Declined] {
        for accept in [true, false] {
            assert_eq!(answered.respond(accept), Err(answered), "{answered:?} answered again ({accept})");
        }
    }
}

#[test]
fn horizons_are_buckets_or_calendar_quarters() {
    assert_eq!(Horizon::parse("now"), Some(Horizon::Now));
    assert_eq!(Horizon::parse("next"), Some(Horizon::Next));
    assert_eq!(Horizon::parse("later"), Some(Horizon::Later));
    assert_eq!(Horizon::parse("2027-Q1"), Some(Horizon::Quarter { year: 2027, quarter: 1 }));
    assert_eq!(Horizon::parse("2030-Q4"), Some(Horizon::Quarter { year: 2030, quarter: 4 }));
    for ok in ["now", "next", "later", "2027-Q1", "2030-Q4"] {
        assert_eq!(Horizon::parse(ok).unwrap().to_text(), ok, "round trip of {ok}");
    }
    for bad in [
        "2027-Q5", "2027-Q0", "27-Q1", "02027-Q1", "2027-Q12", "2027-q1", "2027Q1", "soon", "", " now", "NOW",
        "+027-Q1", "1999-Q1", "2101-Q1",
    ] {
        assert_eq!(Horizon::parse(bad), None, "{bad:?} must be rejected");
    }
}

#[test]
fn required_lines_are_trimmed_non_empty_single_lines() {
    assert_eq!(required_line("title", "  Ship it \t", 200).as_deref(), Ok("Ship it"));
    for (input, reason) in [
        ("", "must not be empty"),
        ("   \t ", "must not be empty"),
        ("\n", "must not be empty"),
        ("two\nlines", "must be a single line"),
        ("carriage\rreturn", "must be a single line"),
    ] {
        let err = required_line("title", input, 200).unwrap_err();
        assert_eq!(err.field, "title");
        assert_eq!(err.reason, reason, "for {input:?}");
    }
    // Surrounding newlines are trimmed away, not rejected.
    assert_eq!(required_line("title", "\nok\n", 200).as_deref(), Ok("ok"));
}

#[test]
fn the_title_limit_is_200_characters_not_bytes() {
    let max = Limits::TITLE_MAX;
    assert_eq!(max, 200);
    assert!(required_line("title", &"a".repeat(200), max).is_ok());
    let err = required_line("title", &"a".repeat(201), max).unwrap_err();
    assert_eq!(err.reason, "is 201 characters; the limit is 200");
    // 200 two-byte and four-byte characters are still 200 characters.
    assert!(required_line("title", &"é".repeat(200), max).is_ok());
    assert!(required_line("title", &"🚀".repeat(200), max).is_ok());
    assert!(required_line("title", &"é".repeat(201), max).is_err());
    // Trimmed before counting.
    assert!(required_line("title", &format!("  {}  ", "a".repeat(200)), max).is_ok());
}

#[test]
fn optional_lines_allow_empty_but_not_bad_text() {
    assert_eq!(optional_line("team", "   ", 100).as_deref(), Ok(""));
    assert_eq!(optional_line("team", " Core ", 100).as_deref(), Ok("Core"));
    assert!(optional_line("team", "a\nb", 100).is_err());
    assert!(optional_line("team", &"x".repeat(101), 100).is_err());
}

#[test]
fn free_text_keeps_lines_and_counts_characters() {
    let max = Limits::DIMENSION_MAX;
    assert_eq!(max, 10_000);
    assert_eq!(text("why", "", max).as_deref(), Ok(""));
    assert_eq!(text("why", "  line one\nline two  \n\n", max).as_deref(), Ok("  line one\nline two"));
    assert!(text("why", &"ü".repeat(10_000), max).is_ok());
    let err = text("why", &"ü".repeat(10_001), max).unwrap_err();
    assert_eq!((err.field, err.reason.as_str()), ("why", "is 10001 characters; the limit is 10000"));
    // Trailing space does not count toward the limit.
    assert!(text("why", &format!("{}   ", "a".repeat(10_000)), max).is_ok());
}

fn wire<T: serde::Serialize>(v: T) -> String {
    let json = serde_json::to_string(&v).expect("serialise");
    json.trim_matches('"').to_string()
}

fn back<T: serde::de::DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&format!("\"{name}\"")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn enums_use_snake_case_names_on_the_wire() {
    assert_eq!(wire(Role::DirectorOfEngineering), "director_of_engineering");
    assert_eq!(wire(Role::HeadOfProduct), "head_of_product");
    assert_eq!(wire(Role::Em), "em");
    assert_eq!(wire(Role::Pm), "pm");
    assert_eq!(wire(Dimension::When), "when");
    assert_eq!(wire(Action::Decline), "decline");
    assert_eq!(wire(Owner::Shared), "shared");
    assert_eq!(wire(ProposalStatus::Pending), "pending");
    assert_eq!(wire(ItemStatus::InProgress), "in_progress");
    assert_eq!(wire(ItemKind::TechDebt), "tech_debt");
    assert_eq!(wire(HistoryAction::ProposalAccepted), "proposal_accepted");
    assert!(serde_json::from_str::<Role>("\"DirectorOfEngineering\"").is_err());
}

#[test]
fn wire_names_match_the_stored_names_and_round_trip() {
    // The store writes `as_str`; the UI reads serde. They must agree.
    for r in Role::ALL {
        assert_eq!(wire(r), r.as_str());
        assert_eq!(back::<Role>(r.as_str()), r);
        assert_eq!(Role::parse(r.as_str()), Some(r));
    }
    for d in Dimension::ALL {
        assert_eq!(wire(d), d.as_str());
        assert_eq!(back::<Dimension>(d.as_str()), d);
        assert_eq!(Dimension::parse(d.as_str()), Some(d));
    }
    for s in [ProposalStatus::Pending, ProposalStatus::Accepted, ProposalStatus::Declined] {
        assert_eq!(wire(s), s.as_str());
        assert_eq!(ProposalStatus::parse(s.as_str()), Some(s));
    }
    for s in ItemStatus::ALL.iter().copied() {
        assert_eq!(wire(s), s.as_str());
        assert_eq!(back::<ItemStatus>(s.as_str()), s);
        assert_eq!(ItemStatus::parse(s.as_str()), Some(s));
    }
    for k in ItemKind::ALL.iter().copied() {
        assert_eq!(wire(k), k.as_str());
        assert_eq!(ItemKind::parse(k.as_str()), Some(k));
    }
    for a in HistoryAction::ALL {
        assert_eq!(wire(a), a.as_str());
        assert_eq!(back::<HistoryAction>(a.as_str()), a);
        assert_eq!(HistoryAction::parse(a.as_str()), Some(a));
    }
    assert_eq!(Role::parse("director"), None);
    assert_eq!(Dimension::parse("What"), None);
}
