//! Planning fields through `Accord` on a real file: each field is set by
//! its owner (confidence by either partner) with a history line, the other
//! partner's direct write is refused and writes nothing, a proposal is
//! applied when its owner accepts it and left when they decline; the rank
//! is the PM's, the EM's reorder a proposal. Bad input is refused with its
//! code and writes nothing.

use std::fmt::Write as _;
use std::path::PathBuf;

use accord_api::{
    Accord, ApiResult, EditDimension, ErrorCode, ItemChange, MoveItem, NewDecision, NewGoal, NewItem, NewProfile,
    ProposeMove, RespondToProposal, SetPlanning, SignWhen, UpdateGoal, UpdateItem,
};
use accord_domain::{
    CapacityShare, DecisionKind, DecisionTopic, Dimension, Field, Framing, Goal, GoalFields, GoalStatus, HistoryAction,
    HistoryEntry, Item, ItemId, ItemKind, ItemStatus, Level, PlanningValue, Profile, Proposal, ProposalStatus,
    RankTarget, Roadmap, Role,
};
use accord_store::rusqlite::{self, types::Value};

use crate::api::{new_roadmap, refused};
use crate::people::{host_db, HostDb};
use crate::sync_net::someone;

pub const PM_PASS: &str = "priya plans the quarter";
pub const EM_PASS: &str = "emil builds it to last";
const DIRECTOR_PASS: &str = "dana decides carefully";
const HEAD_PASS: &str = "hugo heads product";

struct Template {
    _dir: tempfile::TempDir,
    path: PathBuf,
    pm: Profile,
    em: Profile,
    director: Profile,
    head: Profile,
    roadmap: Roadmap,
}

/// The PM, the EM, both escalation contacts and a roadmap the PM set up,
/// made once (sealing keys is deliberately slow) and copied for each test.
fn template() -> &'static Template {
    static T: std::sync::OnceLock<Template> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("template.db");
        let mut app = Accord::open(&path).unwrap();
        let mut profile = |name: &str, role, pass: &str| {
            app.create_profile(NewProfile { name: name.into(), role, passphrase: pass.into() }).unwrap()
        };
        let pm = profile("Priya", Role::Pm, PM_PASS);
        let em = profile("Emil", Role::Em, EM_PASS);
        let director = profile("Dana", Role::DirectorOfEngineering, DIRECTOR_PASS);
        let head = profile("Hugo", Role::HeadOfProduct, HEAD_PASS);
        let roadmap = new_roadmap(&mut app, &pm);
        drop(app);
        Template { _dir: dir, path, pm, em, director, head, roadmap }
    })
}

pub struct Desk {
    _dir: tempfile::TempDir,
    pub app: Accord,
    pub pm: Profile,
    pub em: Profile,
    pub director: Profile,
    pub head: Profile,
    pub roadmap: Roadmap,
}

pub fn desk() -> Desk {
    let t = template();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    std::fs::copy(&t.path, &path).unwrap();
    Desk {
        app: Accord::open(&path).unwrap(),
        _dir: dir,
        pm: t.pm.clone(),
        em: t.em.clone(),
        director: t.director.clone(),
        head: t.head.clone(),
        roadmap: t.roadmap.clone(),
    }
}

/// Every row of every table, to prove that a refused call wrote nothing.
pub fn everything(conn: &rusqlite::Connection) -> String {
    let mut tables = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    let names: Vec<String> = tables.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    let mut out = String::new();
    for table in names {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY rowid")).unwrap();
        let n = stmt.column_count();
        let rows = stmt.query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect::<Result<Vec<_>, _>>()).unwrap();
        for row in rows {
            writeln!(out, "{table}: {:?}", row.unwrap()).unwrap();
        }
    }
    out
}

/// Emil (EM) hosts on his machine; Priya (PM) is a planning-session guest,
/// admitted by the key she proved, with no key sealed here.
pub fn hosted() -> (HostDb, Profile) {
    let mut host = host_db();
    let (priya, _key) = someone("Priya", Role::Pm);
    match host.app.admit_guest(host.roadmap.id, &priya, None).unwrap() {
        accord_api::Admission::Admitted { profile, .. } => (host, profile),
        other => panic!("Priya is admitted: {other:?}"),
    }
}

/// A tech-debt item the EM framed (its incident risk last) and the PM committed.
pub fn committed_tech_debt(d: &mut Desk) -> Item {
    let (pm, em) = (d.pm.clone(), d.em.clone());
    let debt = d.add("Replace the job queue", ItemKind::TechDebt);
    for v in [
        PlanningValue::CustomerImpact(framing(Level::Low, "Nobody sees it")),
        PlanningValue::VelocityCost(framing(Level::Medium, "Billing changes take twice as long")),
        PlanningValue::IncidentRisk(framing(Level::High, "It paged twice")),
    ] {
        d.set(&em, debt.id, v).unwrap();
    }
    d.update(&pm, debt.id, ItemChange::Status(ItemStatus::Planned)).unwrap()
}

pub fn framing(level: Level, note: &str) -> Option<Framing> {
    Some(Framing { level, note: note.into() })
}

impl Desk {
    pub fn dump(&self) -> String {
        everything(self.app.store().conn())
    }

    pub fn who(&self, role: Role) -> Profile {
        match role {
            Role::Pm => self.pm.clone(),
            Role::Em => self.em.clone(),
            Role::DirectorOfEngineering => self.director.clone(),
            Role::HeadOfProduct => self.head.clone(),
        }
    }

    pub fn other(&self, role: Role) -> Profile {
        self.who(if role == Role::Pm { Role::Em } else { Role::Pm })
    }

    pub fn pass(role: Role) -> &'static str {
        match role {
            Role::Pm => PM_PASS,
            Role::Em => EM_PASS,
            Role::DirectorOfEngineering => DIRECTOR_PASS,
            Role::HeadOfProduct => HEAD_PASS,
        }
    }

    pub fn add(&mut self, title: &str, kind: ItemKind) -> Item {
        let req = NewItem { roadmap_id: self.roadmap.id, title: title.into(), kind, horizon: "next".into() };
        self.app.create_item(self.pm.id, req).unwrap()
    }

    pub fn item(&self, id: ItemId) -> Item {
        self.app.item(id).unwrap()
    }

    pub fn set(&mut self, by: &Profile, item_id: ItemId, value: PlanningValue) -> ApiResult<Item> {
        let base_revision = self.item(item_id).revision;
        self.app.set_planning(by.id, SetPlanning { item_id, base_revision, value })
    }

    pub fn propose(&mut self, by: &Profile, item_id: ItemId, value: PlanningValue) -> ApiResult<Proposal> {
        let base_revision = self.item(item_id).revision;
        self.app.propose_planning(by.id, SetPlanning { item_id, base_revision, value })
    }

    pub fn respond(&mut self, by: &Profile, proposal_id: i64, accept: bool, reason: &str) -> ApiResult<Item> {
        let item_id = self.app.proposal(proposal_id).unwrap().item_id;
        let base_revision = self.item(item_id).revision;
        let req =
            RespondToProposal { item_id, proposal_id, base_revision, accept, reason: reason.into(), trade_off: None };
        self.app.respond(by.id, req)
    }

    pub fn edit(&mut self, by: &Profile, item_id: ItemId, dimension: Dimension, text: &str) -> ApiResult<Item> {
        let base_revision = self.item(item_id).revision;
        let req = EditDimension { item_id, base_revision, dimension, text: text.into(), trade_off: None };
        self.app.edit_dimension(by.id, req)
    }

    pub fn update(&mut self, by: &Profile, item_id: ItemId, change: ItemChange) -> ApiResult<Item> {
        let base_revision = self.item(item_id).revision;
        self.app.update_item(by.id, UpdateItem { item_id, base_revision, change })
    }

    pub fn move_to(&mut self, by: &Profile, item_id: ItemId, to_index: u32) -> ApiResult<accord_api::Moved> {
        let base_revision = self.item(item_id).revision;
        self.app.move_item(by.id, MoveItem { item_id, base_revision, to_index })
    }

    pub fn propose_move(&mut self, by: &Profile, item_id: ItemId, target: RankTarget) -> ApiResult<Proposal> {
        let base_revision = self.item(item_id).revision;
        self.app.propose_move(by.id, ProposeMove { item_id, base_revision, target })
    }

    pub fn goal(&mut self, objective: &str) -> Goal {
        let fields = GoalFields {
            objective: objective.into(),
            metric: "weekly active teams".into(),
            from_value: "40".into(),
            to_value: "120".into(),
            by_when: "2027-Q2".into(),
            status: GoalStatus::OnTrack,
        };
        self.app.create_goal(self.pm.id, NewGoal { roadmap_id: self.roadmap.id, fields }).unwrap()
    }

    pub fn archive_goal(&mut self, goal: &Goal) -> Goal {
        let req =
            UpdateGoal { goal_id: goal.id, base_revision: goal.revision, fields: goal.fields.clone(), archived: true };
        self.app.update_goal(self.pm.id, req).unwrap()
    }

    pub fn sign_when(&mut self, role: Role, item_id: ItemId) {
        let base_revision = self.item(item_id).revision;
        let req = SignWhen { item_id, base_revision, passphrase: Self::pass(role).into() };
        self.app.sign_when(self.who(role).id, req).unwrap();
    }

    pub fn last_line(&self, item_id: ItemId) -> HistoryEntry {
        // Newest first.
        self.app.history(item_id).unwrap().into_iter().next().expect("the item has history")
    }

    pub fn order(&self) -> Vec<ItemId> {
        self.app.items(self.roadmap.id, false).unwrap().iter().map(|i| i.id).collect()
    }

    pub fn decision(&self, topic: DecisionTopic, capacity: Option<CapacityShare>) -> NewDecision {
        NewDecision {
            roadmap_id: self.roadmap.id,
            kind: DecisionKind::Shared,
            topic,
            title: "How we split the quarter".into(),
            context: "Incidents doubled last quarter.".into(),
            options: "70/20/10\n60/30/10".into(),
            outcome: "Features 60, tech debt 30, experiments 10".into(),
            linked_items: vec![],
            proposed: true,
            capacity,
        }
    }
}

/// Three distinct valid values of every planning field, for an owner to
/// set, for the other partner to propose (accepted) and to propose again
/// (declined). Goal ids are the two goals of the test.
fn values(field: Field, goals: [i64; 2]) -> [PlanningValue; 3] {
    match field {
        Field::Goals => [
            PlanningValue::Goals(vec![goals[0]]),
            PlanningValue::Goals(goals.to_vec()),
            PlanningValue::Goals(vec![goals[1]]),
        ],
        Field::Reach => {
            [PlanningValue::Reach(Some(100)), PlanningValue::Reach(Some(2_000)), PlanningValue::Reach(Some(5))]
        }
        Field::Impact => {
            [PlanningValue::Impact(Some(2.0)), PlanningValue::Impact(Some(3.0)), PlanningValue::Impact(Some(0.25))]
        }
        Field::Confidence => [
            PlanningValue::Confidence(Some(80)),
            PlanningValue::Confidence(Some(50)),
            PlanningValue::Confidence(Some(100)),
        ],
        Field::Effort => {
            [PlanningValue::Effort(Some(3.0)), PlanningValue::Effort(Some(5.5)), PlanningValue::Effort(Some(1.0))]
        }
        Field::CustomerImpact => [
            PlanningValue::CustomerImpact(framing(Level::Low, "A slow page for admins")),
            PlanningValue::CustomerImpact(framing(Level::High, "Checkout times out for 1 in 50")),
            PlanningValue::CustomerImpact(framing(Level::Medium, "Support tickets weekly")),
        ],
        Field::VelocityCost => [
            PlanningValue::VelocityCost(framing(Level::Medium, "Each billing change takes twice as long")),
            PlanningValue::VelocityCost(framing(Level::High, "Releases wait a day on it")),
            PlanningValue::VelocityCost(framing(Level::Low, "An hour a sprint")),
        ],
        Field::IncidentRisk => [
            PlanningValue::IncidentRisk(framing(Level::High, "It paged twice last month")),
            PlanningValue::IncidentRisk(framing(Level::Low, "Never paged")),
            PlanningValue::IncidentRisk(framing(Level::Medium, "Once a quarter")),
        ],
        f => panic!("{f:?} is not a planning field"),
    }
}

const OWNED: [(Field, Role); 7] = [
    (Field::Goals, Role::Pm),
    (Field::Reach, Role::Pm),
    (Field::Impact, Role::Pm),
    (Field::Effort, Role::Em),
    (Field::CustomerImpact, Role::Em),
    (Field::VelocityCost, Role::Em),
    (Field::IncidentRisk, Role::Em),
];

#[test]
fn every_planning_field_is_owned_as_the_table_says() {
    let planning_fields: Vec<Field> =
        Field::ALL.into_iter().filter(|f| accord_domain::Planning::default().get(*f).is_some()).collect();
    // Dependencies name other items: tests/it/dependencies.rs covers them.
    let planning_fields: Vec<Field> = planning_fields.into_iter().filter(|f| *f != Field::DependsOn).collect();
    assert_eq!(planning_fields.len(), OWNED.len() + 1, "the owned fields and confidence");
    for f in planning_fields {
        match OWNED.iter().find(|(g, _)| *g == f) {
            Some((_, role)) => assert_eq!(
                f.owner(),
                if *role == Role::Pm { accord_domain::Owner::Pm } else { accord_domain::Owner::Em }
            ),
            None => assert_eq!(f, Field::Confidence),
        }
    }
}

#[test]
fn the_owner_sets_each_planning_field_with_a_history_line_and_the_other_partner_cannot() {
    let mut d = desk();
    let goals = [d.goal("Grow teams").id, d.goal("Cut churn").id];
    for (field, owner_role) in OWNED {
        let item = d.add(&format!("Item for {}", field.as_str()), ItemKind::Feature);
        let owner = d.who(owner_role);
        let other = d.other(owner_role);
        let [first, ..] = values(field, goals);

        let before = d.dump();
        let e = refused(d.set(&other, item.id, first.clone()), ErrorCode::Forbidden);
        assert!(e.message.contains(owner_role.label()), "{field:?}: {}", e.message);
        for outsider in [d.director.clone(), d.head.clone()] {
            refused(d.set(&outsider, item.id, first.clone()), ErrorCode::Forbidden);
            refused(d.propose(&outsider, item.id, first.clone()), ErrorCode::Forbidden);
        }
        // The owner edits directly; a proposal is for the other partner.
        refused(d.propose(&owner, item.id, first.clone()), ErrorCode::Forbidden);
        assert_eq!(d.dump(), before, "{field:?}: a refused write wrote something");

        let set = d.set(&owner, item.id, first.clone()).unwrap();
        assert_eq!(set.planning.get(field), Some(first.clone()), "{field:?}");
        assert_eq!(set.revision, item.revision + 1);
        assert_eq!(set, d.item(item.id), "{field:?}: the returned item is the stored one");
        let line = d.last_line(item.id);
        assert_eq!(
            (line.action, line.field.as_str(), line.before.as_str(), line.after.as_str(), line.actor_role),
            (HistoryAction::PlanningChanged, field.as_str(), "", first.to_text().as_str(), owner_role),
            "{field:?}"
        );
        // Setting the same value again changes nothing.
        let again = d.set(&owner, item.id, first.clone()).unwrap();
        assert_eq!(again.revision, set.revision, "{field:?}");
    }
}

#[test]
fn the_other_partners_planning_proposal_is_applied_when_the_owner_accepts() {
    let mut d = desk();
    let goals = [d.goal("Grow teams").id, d.goal("Cut churn").id];
    for (field, owner_role) in OWNED {
        let item = d.add(&format!("Item for {}", field.as_str()), ItemKind::Feature);
        let (owner, other) = (d.who(owner_role), d.other(owner_role));
        let [first, second, _] = values(field, goals);
        d.set(&owner, item.id, first.clone()).unwrap();

        let p = d.propose(&other, item.id, second.clone()).unwrap();
        assert_eq!((p.field, p.status, p.author_role), (field, ProposalStatus::Pending, other.role), "{field:?}");
        assert_eq!(p.before_text, first.to_text());
        assert_eq!(serde_json::from_str::<PlanningValue>(&p.body).unwrap(), second, "{field:?}");
        let pending = d.item(item.id);
        assert_eq!(pending.pending, [field], "{field:?}");
        assert_eq!(pending.planning.get(field), Some(first.clone()), "a proposal changes nothing yet");
        let filed = d.last_line(item.id);
        assert_eq!((filed.action, filed.after.clone()), (HistoryAction::ProposalFiled, second.to_text()));

        // Only the owner answers it.
        let before = d.dump();
        refused(d.respond(&other, p.id, true, ""), ErrorCode::Forbidden);
        refused(d.respond(&d.director.clone(), p.id, true, ""), ErrorCode::Forbidden);
        assert_eq!(d.dump(), before);

        let accepted = d.respond(&owner, p.id, true, "").unwrap();
        assert_eq!(accepted.planning.get(field), Some(second.clone()), "{field:?}");
        assert!(accepted.pending.is_empty());
        let line = d.last_line(item.id);
        assert_eq!(
            (line.action, line.field.as_str(), line.before.clone(), line.after.clone(), line.actor_role),
            (HistoryAction::ProposalAccepted, field.as_str(), first.to_text(), second.to_text(), owner_role),
            "{field:?}"
        );
        assert_eq!(d.app.proposal(p.id).unwrap().status, ProposalStatus::Accepted);
        refused(d.respond(&owner, p.id, false, "changed my mind"), ErrorCode::InvalidInput);
    }
}

#[test]
fn a_declined_planning_proposal_leaves_the_field_and_keeps_the_reason() {
    let mut d = desk();
    let goals = [d.goal("Grow teams").id, d.goal("Cut churn").id];
    for (field, owner_role) in OWNED {
        let item = d.add(&format!("Item for {}", field.as_str()), ItemKind::Feature);
        let (owner, other) = (d.who(owner_role), d.other(owner_role));
        let [first, _, third] = values(field, goals);
        d.set(&owner, item.id, first.clone()).unwrap();
        let p = d.propose(&other, item.id, third.clone()).unwrap();

        let before = d.dump();
        refused(d.respond(&owner, p.id, false, "  "), ErrorCode::InvalidInput);
        assert_eq!(d.dump(), before, "a decline without a reason writes nothing");

        let declined = d.respond(&owner, p.id, false, "We measured it last week").unwrap();
        assert_eq!(declined.planning.get(field), Some(first.clone()), "{field:?}");
        assert!(declined.pending.is_empty());
        let p = d.app.proposal(p.id).unwrap();
        assert_eq!((p.status, p.response_reason.as_str()), (ProposalStatus::Declined, "We measured it last week"));
        let line = d.last_line(item.id);
        assert_eq!((line.action, line.field.as_str()), (HistoryAction::ProposalDeclined, field.as_str()));
        assert_eq!(line.after, "We measured it last week");
    }
}

#[test]
fn confidence_is_set_directly_by_either_partner_and_never_proposed() {
    let mut d = desk();
    let item = d.add("Search", ItemKind::Feature);
    let by_pm = d.set(&d.pm.clone(), item.id, PlanningValue::Confidence(Some(80))).unwrap();
    assert_eq!(by_pm.planning.confidence, Some(80));
    let by_em = d.set(&d.em.clone(), item.id, PlanningValue::Confidence(Some(50))).unwrap();
    assert_eq!(by_em.planning.confidence, Some(50));
    let line = d.last_line(item.id);
    assert_eq!(
        (line.action, line.actor_role, line.before.as_str(), line.after.as_str()),
        (HistoryAction::PlanningChanged, Role::Em, "80%", "50%")
    );

    let before = d.dump();
    for role in [Role::Pm, Role::Em] {
        let e = refused(d.propose(&d.who(role), item.id, PlanningValue::Confidence(Some(100))), ErrorCode::Forbidden);
        assert!(e.message.contains("directly"), "{}", e.message);
    }
    refused(d.set(&d.director.clone(), item.id, PlanningValue::Confidence(Some(100))), ErrorCode::Forbidden);
    assert_eq!(d.dump(), before);
}

#[test]
fn the_pm_reorders_and_the_ems_move_is_refused() {
    let mut d = desk();
    let [a, b, c] = ["A", "B", "C"].map(|t| d.add(t, ItemKind::Feature).id);
    assert_eq!(d.order(), [a, b, c]);

    let before = d.dump();
    let e = refused(d.move_to(&d.em.clone(), c, 0), ErrorCode::Forbidden);
    assert!(e.message.contains("PM"), "{}", e.message);
    refused(d.move_to(&d.director.clone(), c, 0), ErrorCode::Forbidden);
    refused(d.propose_move(&d.pm.clone(), c, RankTarget::Above(a)), ErrorCode::Forbidden);
    assert_eq!(d.dump(), before);

    let moved = d.move_to(&d.pm.clone(), c, 0).unwrap();
    assert_eq!(moved.order, [c, a, b]);
    assert_eq!(d.order(), [c, a, b]);
    let line = d.last_line(c);
    assert_eq!(
        (line.action, line.field.as_str(), line.before.as_str(), line.after.as_str()),
        (HistoryAction::Moved, "rank", "3", "1")
    );
}

#[test]
fn the_ems_reorder_is_a_rank_proposal_the_pm_accepts() {
    let mut d = desk();
    let [a, b, c] = ["A", "B", "C"].map(|t| d.add(t, ItemKind::Feature).id);
    let req: ProposeMove = serde_json::from_value(serde_json::json!({
        "item_id": c, "base_revision": d.item(c).revision, "target": {"place": "above", "item_id": a}
    }))
    .unwrap();
    let p = d.app.propose_move(d.em.id, req).unwrap();
    assert_eq!((p.field, p.status, p.author_role), (Field::Rank, ProposalStatus::Pending, Role::Em));
    assert_eq!(serde_json::from_str::<RankTarget>(&p.body).unwrap(), RankTarget::Above(a));
    assert_eq!(p.before_text, "3");
    assert_eq!(d.order(), [a, b, c], "a proposal moves nothing");
    assert_eq!(d.item(c).pending, [Field::Rank]);
    let filed = d.last_line(c);
    assert_eq!((filed.action, filed.after.as_str()), (HistoryAction::ProposalFiled, "above \u{201c}A\u{201d}"));

    let before = d.dump();
    refused(d.respond(&d.em.clone(), p.id, true, ""), ErrorCode::Forbidden);
    // Already in that place: nothing to propose.
    refused(d.propose_move(&d.em.clone(), b, RankTarget::Below(a)), ErrorCode::InvalidInput);
    refused(d.propose_move(&d.em.clone(), b, RankTarget::Above(b)), ErrorCode::InvalidInput);
    assert_eq!(d.dump(), before);

    let accepted = d.respond(&d.pm.clone(), p.id, true, "").unwrap();
    assert_eq!(d.order(), [c, a, b]);
    assert_eq!(accepted.rank, 1);
    assert!(accepted.pending.is_empty());
    let line = d.last_line(c);
    assert_eq!(
        (line.action, line.field.as_str(), line.actor_role),
        (HistoryAction::ProposalAccepted, "rank", Role::Pm)
    );

    // Below works the same way.
    let p = d.propose_move(&d.em.clone(), c, RankTarget::Below(b)).unwrap();
    d.respond(&d.pm.clone(), p.id, true, "").unwrap();
    assert_eq!(d.order(), [a, b, c]);
}

#[test]
fn the_pm_declines_a_rank_proposal_with_a_reason_and_the_order_stays() {
    let mut d = desk();
    let [a, b, c] = ["A", "B", "C"].map(|t| d.add(t, ItemKind::Feature).id);
    let p = d.propose_move(&d.em.clone(), a, RankTarget::Below(c)).unwrap();
    refused(d.respond(&d.pm.clone(), p.id, false, ""), ErrorCode::InvalidInput);
    d.respond(&d.pm.clone(), p.id, false, "A unblocks the sales demo").unwrap();
    assert_eq!(d.order(), [a, b, c]);
    let p = d.app.proposal(p.id).unwrap();
    assert_eq!((p.status, p.response_reason.as_str()), (ProposalStatus::Declined, "A unblocks the sales demo"));
    assert!(d.item(a).pending.is_empty());
    let line = d.last_line(a);
    assert_eq!((line.action, line.field.as_str()), (HistoryAction::ProposalDeclined, "rank"));
}

#[test]
fn out_of_scale_planning_values_are_refused_and_write_nothing() {
    let mut d = desk();
    let item = d.add("Search", ItemKind::Feature);
    let (pm, em) = (d.pm.clone(), d.em.clone());
    let before = d.dump();
    for (by, value, names) in [
        (&pm, PlanningValue::Impact(Some(4.0)), "impact"),
        (&pm, PlanningValue::Confidence(Some(30)), "confidence"),
        (&em, PlanningValue::Confidence(Some(30)), "confidence"),
        (&em, PlanningValue::Effort(Some(0.0)), "effort"),
        (&em, PlanningValue::Effort(Some(-1.0)), "effort"),
        (&pm, PlanningValue::Reach(Some(-5)), "reach"),
        (&em, PlanningValue::CustomerImpact(framing(Level::High, "   ")), "customer impact"),
    ] {
        let e = refused(d.set(by, item.id, value.clone()), ErrorCode::InvalidInput);
        assert!(e.message.contains(names), "{value:?}: {}", e.message);
    }
    // A proposal is checked against the same scales.
    refused(d.propose(&em, item.id, PlanningValue::Impact(Some(4.0))), ErrorCode::InvalidInput);
    refused(d.propose(&pm, item.id, PlanningValue::Effort(Some(-1.0))), ErrorCode::InvalidInput);
    assert_eq!(d.dump(), before);
}

#[test]
fn goal_links_to_a_missing_or_archived_goal_are_refused_and_write_nothing() {
    let mut d = desk();
    let item = d.add("Search", ItemKind::Feature);
    let live = d.goal("Grow teams");
    let archived = d.goal("Old bet");
    let archived = d.archive_goal(&archived);
    let pm = d.pm.clone();

    let before = d.dump();
    let e = refused(d.set(&pm, item.id, PlanningValue::Goals(vec![live.id, 9_999])), ErrorCode::NotFound);
    assert!(e.message.contains("9999"), "{}", e.message);
    let e = refused(d.set(&pm, item.id, PlanningValue::Goals(vec![archived.id])), ErrorCode::InvalidInput);
    assert!(e.message.contains("Old bet") && e.message.contains("archived"), "{}", e.message);
    refused(d.propose(&d.em.clone(), item.id, PlanningValue::Goals(vec![archived.id])), ErrorCode::InvalidInput);
    assert_eq!(d.dump(), before);

    let linked = d.set(&pm, item.id, PlanningValue::Goals(vec![live.id])).unwrap();
    assert_eq!(linked.planning.goals, [live.id]);
}

#[test]
fn a_capacity_share_must_make_100_and_only_a_capacity_decision_carries_one() {
    let mut d = desk();
    let before = d.dump();
    let off = CapacityShare { feature: 60, tech_debt: 30, experiment: 5 };
    let e = refused(
        d.app.create_decision(d.pm.id, d.decision(DecisionTopic::CapacityShare, Some(off))),
        ErrorCode::InvalidInput,
    );
    assert!(e.message.contains("95 %"), "{}", e.message);
    let fine = CapacityShare { feature: 60, tech_debt: 30, experiment: 10 };
    let e =
        refused(d.app.create_decision(d.pm.id, d.decision(DecisionTopic::Risk, Some(fine))), ErrorCode::InvalidInput);
    assert!(e.message.contains("capacity"), "{}", e.message);
    refused(d.app.create_decision(d.em.id, d.decision(DecisionTopic::CapacityShare, None)), ErrorCode::InvalidInput);
    let product = NewDecision { kind: DecisionKind::Product, ..d.decision(DecisionTopic::CapacityShare, Some(fine)) };
    refused(d.app.create_decision(d.pm.id, product), ErrorCode::InvalidInput);
    assert_eq!(d.dump(), before);

    let made = d.app.create_decision(d.pm.id, d.decision(DecisionTopic::CapacityShare, Some(fine))).unwrap();
    assert_eq!(made.decision.capacity, Some(fine));
    assert_eq!(d.app.capacity(d.roadmap.id).unwrap().pending_decision, Some(made.decision.id));
}

#[test]
fn committing_tech_debt_needs_its_framing_and_the_refusal_names_what_is_missing() {
    let mut d = desk();
    let debt = d.add("Replace the job queue", ItemKind::TechDebt);
    let (pm, em) = (d.pm.clone(), d.em.clone());

    let before = d.dump();
    for status in [ItemStatus::Planned, ItemStatus::InProgress, ItemStatus::Shipped] {
        let e = refused(d.update(&pm, debt.id, ItemChange::Status(status)), ErrorCode::FramingRequired);
        assert!(e.message.contains("customer impact, team velocity, incident risk"), "{}", e.message);
        assert!(e.message.contains("Replace the job queue"), "{}", e.message);
    }
    assert_eq!(d.dump(), before);

    d.set(&em, debt.id, PlanningValue::CustomerImpact(framing(Level::Low, "Nobody sees it"))).unwrap();
    d.set(&em, debt.id, PlanningValue::IncidentRisk(framing(Level::High, "It paged twice"))).unwrap();
    let before = d.dump();
    let e = refused(d.update(&em, debt.id, ItemChange::Status(ItemStatus::Planned)), ErrorCode::FramingRequired);
    assert!(e.message.contains("team velocity"), "{}", e.message);
    assert!(!e.message.contains("customer impact") && !e.message.contains("incident risk"), "{}", e.message);
    assert_eq!(d.dump(), before);

    d.set(&em, debt.id, PlanningValue::VelocityCost(framing(Level::Medium, "Billing changes take twice as long")))
        .unwrap();
    let planned = d.update(&pm, debt.id, ItemChange::Status(ItemStatus::Planned)).unwrap();
    assert_eq!(planned.status, ItemStatus::Planned);

    // Once committed, its framing cannot be cleared.
    let before = d.dump();
    refused(d.set(&em, debt.id, PlanningValue::VelocityCost(None)), ErrorCode::FramingRequired);
    assert_eq!(d.dump(), before);
    // Any other kind of item is committed without framing.
    let feature = d.add("Search", ItemKind::Feature);
    assert_eq!(d.update(&pm, feature.id, ItemChange::Status(ItemStatus::Planned)).unwrap().status, ItemStatus::Planned);
}

#[test]
fn a_committed_item_does_not_become_tech_debt_without_framing() {
    let mut d = desk();
    let pm = d.pm.clone();
    let item = d.add("Rework sessions", ItemKind::Feature);
    d.update(&pm, item.id, ItemChange::Status(ItemStatus::InProgress)).unwrap();
    let before = d.dump();
    let e = refused(d.update(&pm, item.id, ItemChange::Kind(ItemKind::TechDebt)), ErrorCode::FramingRequired);
    assert!(e.message.contains("customer impact"), "{}", e.message);
    assert_eq!(d.dump(), before);
    // An idea may become tech debt; framing is needed when it is committed.
    let idea = d.add("Old cache", ItemKind::Feature);
    assert_eq!(d.update(&pm, idea.id, ItemChange::Kind(ItemKind::TechDebt)).unwrap().kind, ItemKind::TechDebt);
}

#[test]
fn a_committed_tech_debt_item_keeps_its_framing_through_an_accepted_proposal() {
    let mut d = desk();
    let (pm, em) = (d.pm.clone(), d.em.clone());
    let debt = committed_tech_debt(&mut d);
    // The PM proposes clearing a framing; accepting it would leave a
    // committed tech-debt item unframed, so the EM's acceptance is refused.
    let p = d.propose(&pm, debt.id, PlanningValue::IncidentRisk(None)).unwrap();
    let before = d.dump();
    refused(d.respond(&em, p.id, true, ""), ErrorCode::FramingRequired);
    assert_eq!(d.dump(), before);
    assert!(d.item(debt.id).planning.incident_risk.is_some());
    // Declining it is always possible.
    d.respond(&em, p.id, false, "It still pages").unwrap();
}

#[test]
fn a_stale_or_unknown_item_is_refused_and_writes_nothing() {
    let mut d = desk();
    let item = d.add("Search", ItemKind::Feature);
    let pm = d.pm.clone();
    d.set(&pm, item.id, PlanningValue::Reach(Some(10))).unwrap();
    let before = d.dump();
    let stale = SetPlanning { item_id: item.id, base_revision: item.revision, value: PlanningValue::Reach(Some(20)) };
    let e = refused(d.app.set_planning(pm.id, stale.clone()), ErrorCode::StaleRevision);
    assert_eq!(e.current.as_deref(), Some(&d.item(item.id)), "a stale write returns the item as it is now");
    refused(
        d.app.propose_planning(d.em.id, SetPlanning { value: PlanningValue::Reach(Some(30)), ..stale }),
        ErrorCode::StaleRevision,
    );
    let stale_move = ProposeMove { item_id: item.id, base_revision: item.revision, target: RankTarget::Above(item.id) };
    refused(d.app.propose_move(d.em.id, stale_move), ErrorCode::StaleRevision);
    let unknown = SetPlanning { item_id: 9_999, base_revision: 1, value: PlanningValue::Reach(Some(20)) };
    refused(d.app.set_planning(pm.id, unknown.clone()), ErrorCode::NotFound);
    refused(d.app.propose_planning(d.em.id, unknown), ErrorCode::NotFound);
    refused(
        d.app.set_planning(
            9_999,
            SetPlanning { item_id: item.id, base_revision: 2, value: PlanningValue::Reach(Some(1)) },
        ),
        ErrorCode::NotFound,
    );
    assert_eq!(d.dump(), before);
    assert_eq!(d.item(item.id).planning.reach, Some(10));
}

#[test]
fn an_edit_to_the_when_keeps_working_beside_planning_fields() {
    // The matrix and the planning fields share the item's revision: a
    // planning change makes an edit based on the older revision stale.
    let mut d = desk();
    let item = d.add("Search", ItemKind::Feature);
    let pm = d.pm.clone();
    d.set(&pm, item.id, PlanningValue::Reach(Some(10))).unwrap();
    let req = EditDimension {
        item_id: item.id,
        base_revision: item.revision,
        dimension: Dimension::When,
        text: "2027-Q1".into(),
        trade_off: None,
    };
    refused(d.app.edit_dimension(pm.id, req), ErrorCode::StaleRevision);
    let edited = d.edit(&pm, item.id, Dimension::When, "2027-Q1").unwrap();
    assert_eq!((edited.matrix.when.as_str(), edited.planning.reach), ("2027-Q1", Some(10)));
}
