//! Decision records, escalation, trade-offs, baselines and the attention
//! agenda through `Accord`: the rules hold in the core, and every refusal
//! writes nothing.

use accord_api::{
    Accord, ApiResult, DecisionView, EditDimension, ErrorCode, EscalateDecision, ItemChange, NewBaseline, NewDecision,
    NewItem, NewProfile, ProposeChange, ResolveEscalation, RespondToProposal, SignBaseline, SignDecision, SignWhen,
    SupersedeDecision, TradeOff, UpdateDecision, UpdateItem, WhenState, WritePosition,
};
use accord_domain::{
    DecisionKind, DecisionStatus, DecisionTopic, DiffKind, Dimension, HistoryAction, Item, ItemKind, ItemStatus,
    Profile, Role, Subject,
};

use crate::api::{dump, new_roadmap, refused};

const PM_PASS: &str = "priya's long passphrase";
const EM_PASS: &str = "emil's other passphrase";
const DIRECTOR_PASS: &str = "dana decides carefully";

struct Planning {
    _dir: tempfile::TempDir,
    app: Accord,
    pm: Profile,
    em: Profile,
    roadmap_id: i64,
}

fn planning() -> Planning {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Accord::open(&dir.path().join("accord.db")).unwrap();
    let pm =
        app.create_profile(NewProfile { name: "Priya".into(), role: Role::Pm, passphrase: PM_PASS.into() }).unwrap();
    let em =
        app.create_profile(NewProfile { name: "Emil".into(), role: Role::Em, passphrase: EM_PASS.into() }).unwrap();
    let roadmap_id = new_roadmap(&mut app, &pm).id;
    Planning { _dir: dir, app, pm, em, roadmap_id }
}

impl Planning {
    fn who(&self, role: Role) -> &Profile {
        if role == Role::Pm {
            &self.pm
        } else {
            &self.em
        }
    }

    fn pass(role: Role) -> &'static str {
        match role {
            Role::Pm => PM_PASS,
            Role::Em => EM_PASS,
            _ => DIRECTOR_PASS,
        }
    }

    fn dump(&self) -> String {
        dump(self.app.store().conn())
    }

    fn item(&mut self, title: &str) -> Item {
        let req = NewItem {
            roadmap_id: self.roadmap_id,
            title: title.into(),
            kind: ItemKind::Feature,
            horizon: "next".into(),
        };
        self.app.create_item(self.pm.id, req).unwrap()
    }

    fn edit(&mut self, role: Role, item_id: i64, d: Dimension, text: &str, t: Option<TradeOff>) -> ApiResult<Item> {
        let item = self.app.item(item_id).unwrap();
        let req =
            EditDimension { item_id, base_revision: item.revision, dimension: d, text: text.into(), trade_off: t };
        self.app.edit_dimension(self.who(role).id, req)
    }

    fn sign_when(&mut self, role: Role, item_id: i64) {
        let item = self.app.item(item_id).unwrap();
        let req = SignWhen { item_id, base_revision: item.revision, passphrase: Self::pass(role).into() };
        self.app.sign_when(self.who(role).id, req).unwrap();
    }

    /// An item planned, with every dimension written and its `when` signed by both.
    fn committed(&mut self, title: &str) -> Item {
        let item = self.item(title);
        for (role, d, text) in [
            (Role::Pm, Dimension::What, "One-page checkout"),
            (Role::Pm, Dimension::Why, "Abandonment is 68%"),
            (Role::Em, Dimension::How, "New flow behind a flag"),
            (Role::Em, Dimension::Who, "Payments squad"),
            (Role::Pm, Dimension::When, "Beta by 2027-Q1"),
        ] {
            self.edit(role, item.id, d, text, None).unwrap();
        }
        let item = self.app.item(item.id).unwrap();
        let req = UpdateItem {
            item_id: item.id,
            base_revision: item.revision,
            change: ItemChange::Status(ItemStatus::Planned),
        };
        self.app.update_item(self.pm.id, req).unwrap();
        self.sign_when(Role::Pm, item.id);
        self.sign_when(Role::Em, item.id);
        self.app.item(item.id).unwrap()
    }

    fn decision(&mut self, role: Role, kind: DecisionKind, title: &str, outcome: &str) -> ApiResult<DecisionView> {
        let req = NewDecision {
            roadmap_id: self.roadmap_id,
            kind,
            topic: DecisionTopic::Risk,
            title: title.into(),
            context: "Card payments fail 2% of the time at peak.".into(),
            options: "Retry in the client\nQueue and retry on the server".into(),
            outcome: outcome.into(),
            linked_items: vec![],
            proposed: true,
            capacity: None,
        };
        self.app.create_decision(self.who(role).id, req)
    }

    fn sign(&mut self, role: Role, id: i64) -> ApiResult<DecisionView> {
        let revision = self.app.decision(id).unwrap().decision.revision;
        let req = SignDecision { decision_id: id, base_revision: revision, passphrase: Self::pass(role).into() };
        self.app.sign_decision(self.who(role).id, req)
    }

    fn update(&mut self, role: Role, id: i64, outcome: &str) -> ApiResult<DecisionView> {
        let d = self.app.decision(id).unwrap().decision;
        let req = UpdateDecision {
            decision_id: id,
            base_revision: d.revision,
            title: d.title,
            context: d.context,
            options: d.options,
            outcome: outcome.into(),
            linked_items: d.linked_items,
            proposed: true,
            capacity: None,
        };
        self.app.update_decision(self.who(role).id, req)
    }

    fn position(&mut self, role: Role, id: i64, compromises: &str) -> ApiResult<DecisionView> {
        let req = WritePosition {
            decision_id: id,
            position: format!("The {} wants it their way", role.label()),
            understanding: "The other side worries about the date".into(),
            compromises: compromises.into(),
        };
        self.app.write_position(self.who(role).id, req)
    }

    fn escalate(&mut self, id: i64, director: &str) -> ApiResult<DecisionView> {
        let revision = self.app.decision(id).unwrap().decision.revision;
        let req = EscalateDecision {
            decision_id: id,
            base_revision: revision,
            director_name: director.into(),
            head_of_product_name: "Hugo".into(),
        };
        self.app.escalate(self.em.id, req)
    }
}

#[test]
fn product_decisions_are_the_pms_alone_and_shared_ones_lapse_on_change() {
    let mut p = planning();
    // A product decision is the PM's: the EM neither creates, edits nor signs it.
    let before = p.dump();
    refused(p.decision(Role::Em, DecisionKind::Product, "Target SMBs", "SMBs first"), ErrorCode::Forbidden);
    assert_eq!(p.dump(), before);
    let product = p.decision(Role::Pm, DecisionKind::Product, "Target SMBs", "SMBs first").unwrap();
    assert_eq!(product.status, DecisionStatus::Proposed);
    assert_eq!(product.signoff.agreement.missing, [Role::Pm]);
    let before = p.dump();
    refused(p.update(Role::Em, product.decision.id, "Enterprises first"), ErrorCode::Forbidden);
    refused(p.sign(Role::Em, product.decision.id), ErrorCode::Forbidden);
    assert_eq!(p.dump(), before);
    let signed = p.sign(Role::Pm, product.decision.id).unwrap();
    assert_eq!(signed.status, DecisionStatus::Agreed, "the PM alone agrees a product decision");

    // A shared decision needs both; a change to its content lapses both
    // signatures and says who changed which field from what to what.
    let shared = p.decision(Role::Em, DecisionKind::Shared, "Payment retries", "Retry on the server").unwrap();
    let id = shared.decision.id;
    assert_eq!(p.sign(Role::Pm, id).unwrap().status, DecisionStatus::Proposed);
    let agreed = p.sign(Role::Em, id).unwrap();
    assert_eq!(agreed.status, DecisionStatus::Agreed);
    assert_eq!(agreed.signoff.agreement.signed, [Role::Em, Role::Pm]);

    let lapsed = p.update(Role::Pm, id, "Retry in the client").unwrap();
    assert_eq!(lapsed.status, DecisionStatus::Proposed);
    assert_eq!(lapsed.signoff.agreement.lapsed, [Role::Em, Role::Pm]);
    let reason = &lapsed.lapsed_by[0];
    assert_eq!(
        (reason.field.as_str(), reason.before.as_str(), reason.after.as_str()),
        ("outcome", "Retry on the server", "Retry in the client")
    );
    assert_eq!((reason.actor_name.as_str(), reason.actor_role), ("Priya", Role::Pm));

    // The positions are outside the signed content: writing one lapses nothing.
    p.sign(Role::Pm, id).unwrap();
    p.sign(Role::Em, id).unwrap();
    let with_position = p.position(Role::Pm, id, "Ship retries behind a flag").unwrap();
    assert_eq!(with_position.status, DecisionStatus::Agreed);
}

#[test]
fn superseding_a_decision_updates_both_records() {
    let mut p = planning();
    let old = p.decision(Role::Em, DecisionKind::Engineering, "Use Postgres", "Postgres 16").unwrap();
    let revision = old.decision.revision;
    let replacement = NewDecision {
        roadmap_id: p.roadmap_id,
        kind: DecisionKind::Engineering,
        topic: DecisionTopic::Other,
        title: "Use Postgres 17".into(),
        context: "16 lacks the JSON features we need".into(),
        options: String::new(),
        outcome: "Postgres 17".into(),
        linked_items: vec![],
        proposed: true,
        capacity: None,
    };
    let req =
        SupersedeDecision { decision_id: old.decision.id, base_revision: revision, replacement: replacement.clone() };
    let before = p.dump();
    refused(p.app.supersede_decision(p.pm.id, req.clone()), ErrorCode::Forbidden);
    let wrong_kind = SupersedeDecision {
        replacement: NewDecision { kind: DecisionKind::Shared, ..replacement.clone() },
        ..req.clone()
    };
    refused(p.app.supersede_decision(p.em.id, wrong_kind), ErrorCode::InvalidInput);
    let stale = SupersedeDecision { base_revision: revision - 1, ..req.clone() };
    refused(p.app.supersede_decision(p.em.id, stale), ErrorCode::StaleRevision);
    assert_eq!(p.dump(), before);

    let new = p.app.supersede_decision(p.em.id, req.clone()).unwrap();
    let old = p.app.decision(old.decision.id).unwrap();
    assert_eq!(new.decision.supersedes, Some(old.decision.id));
    assert_eq!(old.decision.superseded_by, Some(new.decision.id));
    assert_eq!(old.status, DecisionStatus::Superseded);
    assert!(old.history.iter().any(|h| h.action == HistoryAction::DecisionSuperseded));
    assert!(new.history.iter().any(|h| h.action == HistoryAction::DecisionCreated));

    // A superseded record is history: not edited, signed or superseded again.
    let before = p.dump();
    refused(p.update(Role::Em, old.decision.id, "Postgres 15"), ErrorCode::InvalidInput);
    refused(p.sign(Role::Em, old.decision.id), ErrorCode::InvalidInput);
    let again = SupersedeDecision { base_revision: old.decision.revision, ..req };
    refused(p.app.supersede_decision(p.em.id, again), ErrorCode::InvalidInput);
    assert_eq!(p.dump(), before);
}

#[test]
fn escalation_needs_both_sides_written_and_its_resolution_becomes_the_content() {
    let mut p = planning();
    let director = p
        .app
        .create_profile(NewProfile {
            name: "Dana".into(),
            role: Role::DirectorOfEngineering,
            passphrase: DIRECTOR_PASS.into(),
        })
        .unwrap();
    let d = p.decision(Role::Pm, DecisionKind::Shared, "Launch date", "October").unwrap();
    let id = d.decision.id;

    // Without both positions, or with one incomplete, nothing is escalated.
    let before = p.dump();
    let e = refused(p.escalate(id, "Dana"), ErrorCode::EscalationIncomplete);
    assert!(e.message.contains("EM") && e.message.contains("PM"), "{}", e.message);
    assert_eq!(p.dump(), before);
    p.position(Role::Pm, id, "Cut the admin screens").unwrap();
    p.position(Role::Em, id, "").unwrap();
    let before = p.dump();
    let e = refused(p.escalate(id, "Dana"), ErrorCode::EscalationIncomplete);
    assert!(e.message.contains("EM has not written their compromise options"), "{}", e.message);
    p.position(Role::Em, id, "Ship in two steps").unwrap();
    let before_contact = p.dump();
    refused(p.escalate(id, "  "), ErrorCode::EscalationIncomplete);
    assert_eq!(p.dump(), before_contact);
    assert_ne!(p.dump(), before);

    // A product decision is not escalated; the PM decides it.
    let product = p.decision(Role::Pm, DecisionKind::Product, "Pricing page", "Three tiers").unwrap();
    let e = refused(p.escalate(product.decision.id, "Dana"), ErrorCode::InvalidInput);
    assert!(e.message.contains("only shared decisions"), "{}", e.message);

    let escalated = p.escalate(id, "Dana").unwrap();
    assert_eq!(escalated.status, DecisionStatus::Escalated);
    let e = escalated.escalation.as_ref().unwrap();
    assert_eq!(
        (e.director_name.as_str(), e.head_of_product_name.as_str(), e.escalated_by_name.as_str()),
        ("Dana", "Hugo", "Emil")
    );
    assert!(e.resolution.is_none());

    // While escalated, the content and the positions wait for the resolution.
    let before = p.dump();
    refused(p.update(Role::Pm, id, "November"), ErrorCode::InvalidInput);
    refused(p.position(Role::Pm, id, "Anything"), ErrorCode::InvalidInput);
    refused(p.escalate(id, "Dana"), ErrorCode::InvalidInput);
    // The director signs their resolution with their own key.
    let revision = escalated.decision.revision;
    let resolve = |passphrase: &str, decided_by: &str| ResolveEscalation {
        decision_id: id,
        base_revision: revision,
        outcome: "November, admin screens in December".into(),
        decided_by: decided_by.into(),
        passphrase: passphrase.into(),
    };
    refused(p.app.resolve_escalation(director.id, resolve(PM_PASS, "")), ErrorCode::WrongPassphrase);
    refused(p.app.resolve_escalation(p.pm.id, resolve("", " ")), ErrorCode::InvalidInput);
    let stale = ResolveEscalation { base_revision: revision - 1, ..resolve(DIRECTOR_PASS, "") };
    refused(p.app.resolve_escalation(director.id, stale), ErrorCode::StaleRevision);
    assert_eq!(p.dump(), before);

    let resolved = p.app.resolve_escalation(director.id, resolve(DIRECTOR_PASS, "ignored")).unwrap();
    assert_eq!(resolved.decision.outcome, "November, admin screens in December");
    assert_eq!(resolved.status, DecisionStatus::Agreed, "the resolution decides it");
    let r = resolved.escalation.unwrap().resolution.unwrap();
    assert_eq!(r.decided_by, "Dana (Director of Engineering)");
    assert!(r.current);
    assert_eq!(r.signatures.len(), 1);
    assert_eq!(r.signatures[0].role, Role::DirectorOfEngineering);
    // Resolved once; a later change to the content undoes "agreed".
    let again = ResolveEscalation { base_revision: resolved.decision.revision, ..resolve(DIRECTOR_PASS, "") };
    refused(p.app.resolve_escalation(director.id, again), ErrorCode::InvalidInput);
    let changed = p.update(Role::Pm, id, "December").unwrap();
    assert_eq!(changed.status, DecisionStatus::Proposed);
    assert!(!changed.escalation.unwrap().resolution.unwrap().current);
}

#[test]
fn a_partner_records_a_resolution_made_elsewhere_naming_who_decided() {
    let mut p = planning();
    let id = p.decision(Role::Pm, DecisionKind::Shared, "Launch date", "October").unwrap().decision.id;
    p.position(Role::Pm, id, "Cut scope").unwrap();
    p.position(Role::Em, id, "Two steps").unwrap();
    let revision = p.escalate(id, "Dana").unwrap().decision.revision;
    let req = ResolveEscalation {
        decision_id: id,
        base_revision: revision,
        outcome: "Two steps: October and December".into(),
        decided_by: "Dana and Hugo, in the staff meeting".into(),
        passphrase: String::new(),
    };
    let resolved = p.app.resolve_escalation(p.pm.id, req).unwrap();
    let r = resolved.escalation.unwrap().resolution.unwrap();
    assert_eq!((r.decided_by.as_str(), r.recorded_by_name.as_str()), ("Dana and Hugo, in the staff meeting", "Priya"));
    assert!(r.signatures.is_empty(), "nobody signed for the deciders");
    assert_eq!(resolved.status, DecisionStatus::Agreed);
}

#[test]
fn a_committed_item_changes_scope_or_date_only_with_a_named_trade_off() {
    let mut p = planning();
    let checkout = p.committed("Checkout");
    let search = p.item("Search");
    let idea = p.item("Dark mode");

    // More scope without naming what makes room: refused, nothing written.
    let before = p.dump();
    let e = refused(
        p.edit(Role::Pm, checkout.id, Dimension::What, "One-page checkout + wallets", None),
        ErrorCode::TradeOffRequired,
    );
    assert!(e.message.contains("Checkout"), "{}", e.message);
    let empty = TradeOff { deprioritised: vec![], capacity_reason: " ".into(), why: "Wallets convert".into() };
    refused(p.edit(Role::Pm, checkout.id, Dimension::What, "+ wallets", Some(empty)), ErrorCode::TradeOffRequired);
    let no_why = TradeOff { deprioritised: vec![search.id], capacity_reason: String::new(), why: String::new() };
    refused(p.edit(Role::Pm, checkout.id, Dimension::What, "+ wallets", Some(no_why)), ErrorCode::TradeOffRequired);
    let ghost = TradeOff { deprioritised: vec![search.id + 100], capacity_reason: String::new(), why: "x".into() };
    refused(p.edit(Role::Pm, checkout.id, Dimension::What, "+ wallets", Some(ghost)), ErrorCode::NotFound);
    let itself = TradeOff { deprioritised: vec![checkout.id], capacity_reason: String::new(), why: "x".into() };
    refused(p.edit(Role::Pm, checkout.id, Dimension::What, "+ wallets", Some(itself)), ErrorCode::InvalidInput);
    // A proposal accepted onto a committed item is the same change.
    let proposal = p
        .app
        .propose(
            p.em.id,
            ProposeChange {
                item_id: checkout.id,
                base_revision: checkout.revision,
                dimension: Dimension::What,
                text: "+ wallets".into(),
            },
        )
        .unwrap();
    let snapshot = p.dump();
    let item = p.app.item(checkout.id).unwrap();
    let accept = RespondToProposal {
        item_id: checkout.id,
        proposal_id: proposal.id,
        base_revision: item.revision,
        accept: true,
        reason: String::new(),
        trade_off: None,
    };
    refused(p.app.respond(p.pm.id, accept.clone()), ErrorCode::TradeOffRequired);
    assert_eq!(p.dump(), snapshot);
    assert_ne!(snapshot, before);

    // Naming what is deprioritised records a shared decision to sign.
    let named = TradeOff {
        deprioritised: vec![search.id],
        capacity_reason: String::new(),
        why: "Wallets lift conversion 4%".into(),
    };
    p.app.respond(p.pm.id, RespondToProposal { trade_off: Some(named), ..accept }).unwrap();
    let log = p.app.trade_offs(p.roadmap_id).unwrap();
    assert_eq!(log.len(), 1);
    let t = p.app.decision(log[0].id).unwrap();
    assert_eq!(
        (t.decision.kind, t.decision.topic, t.status),
        (DecisionKind::Shared, DecisionTopic::ScopeTradeOff, DecisionStatus::Proposed)
    );
    assert_eq!(t.decision.trade_off_for, Some(checkout.id));
    assert_eq!(t.decision.deprioritised, [search.id]);
    assert_eq!(t.decision.linked_items, [checkout.id, search.id]);
    assert!(
        t.decision.context.contains("What was: One-page checkout")
            && t.decision.context.contains("What now: + wallets")
    );
    assert_eq!(t.decision.outcome, "Wallets lift conversion 4%");
    assert_eq!(t.signoff.agreement.missing, [Role::Em, Role::Pm], "a trade-off is a shared decision to sign");

    // Moving the date with "nothing — capacity exists" is a timeline trade-off.
    let capacity = TradeOff {
        deprioritised: vec![],
        capacity_reason: "Two engineers join in January".into(),
        why: "QA needs a month".into(),
    };
    p.edit(Role::Em, checkout.id, Dimension::When, "Beta by 2027-Q2", Some(capacity)).unwrap();
    let log = p.app.trade_offs(p.roadmap_id).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].topic, DecisionTopic::Timeline);
    // The when changed, so it is no longer agreed: the next change is free until both sign again.
    p.edit(Role::Pm, checkout.id, Dimension::When, "Beta by 2027-Q3", None).unwrap();

    // Not a trade-off: an idea's scope, or the how of a committed item.
    p.edit(Role::Pm, idea.id, Dimension::What, "Dark theme", None).unwrap();
    let other = p.committed("Payouts");
    p.edit(Role::Em, other.id, Dimension::How, "Reuse the ledger", None).unwrap();
    assert_eq!(p.app.trade_offs(p.roadmap_id).unwrap().len(), 2);
}

#[test]
fn baselines_are_signed_by_both_kept_and_diffed() {
    let mut p = planning();
    let checkout = p.committed("Checkout");
    let search = p.item("Search");
    let new = |name: &str, pass: &str| NewBaseline { roadmap_id: 1, name: name.into(), passphrase: pass.into() };

    let before = p.dump();
    refused(p.app.create_baseline(p.pm.id, new("Q3 plan", EM_PASS)), ErrorCode::WrongPassphrase);
    refused(p.app.create_baseline(p.pm.id, new("  ", PM_PASS)), ErrorCode::InvalidInput);
    let director = p
        .app
        .create_profile(NewProfile {
            name: "Dana".into(),
            role: Role::DirectorOfEngineering,
            passphrase: DIRECTOR_PASS.into(),
        })
        .unwrap();
    let before_director = p.dump();
    refused(p.app.create_baseline(director.id, new("Q3 plan", DIRECTOR_PASS)), ErrorCode::Forbidden);
    assert_eq!(p.dump(), before_director);
    assert_ne!(before, before_director);

    let q3 = p.app.create_baseline(p.pm.id, new("Q3 plan", PM_PASS)).unwrap();
    assert_eq!((q3.item_count, q3.intact, q3.signoff.agreement.agreed), (2, true, false));
    assert_eq!(q3.signoff.agreement.signed, [Role::Pm]);
    refused(
        p.app.sign_baseline(p.em.id, SignBaseline { baseline_id: q3.id, passphrase: PM_PASS.into() }),
        ErrorCode::WrongPassphrase,
    );
    let q3 = p.app.sign_baseline(p.em.id, SignBaseline { baseline_id: q3.id, passphrase: EM_PASS.into() }).unwrap();
    assert!(q3.signoff.agreement.agreed);

    // Nothing changed yet: the diff against now is empty.
    assert!(p.app.baseline_diff(q3.id, None).unwrap().changes.is_empty());

    // Change the date, add an item, move search to the top.
    let capacity = TradeOff { deprioritised: vec![search.id], capacity_reason: String::new(), why: "QA".into() };
    p.edit(Role::Pm, checkout.id, Dimension::When, "Beta by 2027-Q2", Some(capacity)).unwrap();
    let wallet = p.item("Wallets");
    let s = p.app.item(search.id).unwrap();
    p.app.move_item(p.pm.id, accord_api::MoveItem { item_id: s.id, base_revision: s.revision, to_index: 0 }).unwrap();

    let diff = p.app.baseline_diff(q3.id, None).unwrap();
    let has = |kind: DiffKind, id: i64, field: &str| {
        diff.changes.iter().any(|c| c.kind == kind && c.id == id && c.field == field)
    };
    assert!(has(DiffKind::ItemChanged, checkout.id, "when"), "{:#?}", diff.changes);
    assert!(has(DiffKind::ItemChanged, checkout.id, "when_agreed"));
    assert!(has(DiffKind::ItemAdded, wallet.id, "rank"));
    assert!(has(DiffKind::DecisionAdded, p.app.trade_offs(1).unwrap()[0].id, "outcome"));
    let moved: Vec<i64> = diff.changes.iter().filter(|c| c.kind == DiffKind::ItemMoved).map(|c| c.id).collect();
    assert_eq!(moved.len(), 1, "one move explains the new order: {moved:?}");
    let when = diff.changes.iter().find(|c| c.field == "when").unwrap();
    assert_eq!((when.before.as_str(), when.after.as_str()), ("2027-Q1 \u{2014} Beta", "2027-Q2 \u{2014} Beta"));

    // Every baseline is kept; two of them diff the same as the first did against now.
    let q4 = p.app.create_baseline(p.em.id, new("Q4 plan", EM_PASS)).unwrap();
    let between = p.app.baseline_diff(q3.id, Some(q4.id)).unwrap();
    assert_eq!(between.changes, diff.changes);
    assert_eq!(p.app.baselines(1).unwrap().iter().map(|b| b.name.as_str()).collect::<Vec<_>>(), ["Q4 plan", "Q3 plan"]);
    refused(p.app.baseline_diff(q3.id + 100, None), ErrorCode::NotFound);

    // A stored baseline is immutable, and one altered behind Accord's back is detected.
    let conn = p.app.store().conn();
    assert!(conn.execute("UPDATE baseline SET name = 'x' WHERE id = ?1", [q3.id]).is_err());
    conn.execute_batch("DROP TRIGGER baseline_no_update").unwrap();
    conn.execute("UPDATE baseline SET snapshot = replace(snapshot, 'Checkout', 'Checkoot') WHERE id = ?1", [q3.id])
        .unwrap();
    let damaged = p.app.baseline(q3.id).unwrap();
    assert!(!damaged.intact);
    assert!(!damaged.signoff.agreement.agreed, "signatures over the original hash do not cover the altered snapshot");
    let before = p.dump();
    refused(
        p.app.sign_baseline(p.em.id, SignBaseline { baseline_id: q3.id, passphrase: EM_PASS.into() }),
        ErrorCode::Storage,
    );
    refused(p.app.baseline_diff(q3.id, None), ErrorCode::Storage);
    assert_eq!(p.dump(), before);
}

#[test]
fn attention_lists_what_waits_on_someone() {
    let mut p = planning();
    let checkout = p.committed("Checkout");
    let search = p.item("Search");
    assert_eq!(
        p.app.when_states(1).unwrap().iter().map(|s| s.state).collect::<Vec<_>>(),
        [WhenState::Agreed, WhenState::Unsigned]
    );

    let quiet = p.app.attention(1).unwrap();
    assert!(quiet.proposals.is_empty() && quiet.lapsed.is_empty() && quiet.escalations.is_empty());
    assert!(quiet.awaiting_signature.is_empty() && quiet.incomplete.is_empty(), "{quiet:#?}");

    // A proposal, a lapsed when, an escalation, an unsigned decision, a
    // committed item with empty dimensions, and a baseline half signed.
    p.app
        .propose(
            p.em.id,
            ProposeChange {
                item_id: search.id,
                base_revision: search.revision,
                dimension: Dimension::Why,
                text: "Support load".into(),
            },
        )
        .unwrap();
    let t = TradeOff { deprioritised: vec![search.id], capacity_reason: String::new(), why: "QA".into() };
    p.edit(Role::Em, checkout.id, Dimension::When, "Beta by 2027-Q2", Some(t)).unwrap();
    let escalated = p.decision(Role::Pm, DecisionKind::Shared, "Launch date", "October").unwrap().decision.id;
    p.position(Role::Pm, escalated, "Cut scope").unwrap();
    p.position(Role::Em, escalated, "Two steps").unwrap();
    p.escalate(escalated, "Dana").unwrap();
    let s = p.app.item(search.id).unwrap();
    p.app
        .update_item(
            p.pm.id,
            UpdateItem { item_id: s.id, base_revision: s.revision, change: ItemChange::Status(ItemStatus::InProgress) },
        )
        .unwrap();
    p.app
        .create_baseline(p.pm.id, NewBaseline { roadmap_id: 1, name: "Q3 plan".into(), passphrase: PM_PASS.into() })
        .unwrap();

    let a = p.app.attention(1).unwrap();
    assert_eq!(a.proposals.len(), 1);
    assert_eq!(
        (a.proposals[0].item_id, a.proposals[0].waiting_on.as_slice()),
        (Some(search.id), [Role::Pm].as_slice())
    );
    assert!(a.lapsed.iter().any(|e| e.subject == Subject::ItemWhen(checkout.id)), "{:#?}", a.lapsed);
    assert_eq!(a.escalations.len(), 1);
    assert_eq!(a.escalations[0].subject, Subject::Decision(escalated));
    let awaiting: Vec<Subject> = a.awaiting_signature.iter().map(|e| e.subject).collect();
    assert!(
        awaiting.iter().any(|s| matches!(s, Subject::Decision(_))),
        "the trade-off awaits signatures: {awaiting:?}"
    );
    assert!(awaiting.iter().any(|s| matches!(s, Subject::Baseline(_))), "{awaiting:?}");
    let baseline = a.awaiting_signature.iter().find(|e| matches!(e.subject, Subject::Baseline(_))).unwrap();
    assert_eq!(baseline.waiting_on, [Role::Em]);
    assert_eq!(a.incomplete.len(), 1);
    assert_eq!(a.incomplete[0].item_id, Some(search.id));
    assert!(a.incomplete[0].detail.contains("What, Why, How, Who, When"), "{}", a.incomplete[0].detail);
}

#[test]
fn unknown_ids_and_oversized_text_are_refused_and_write_nothing() {
    let mut p = planning();
    let d = p.decision(Role::Pm, DecisionKind::Shared, "Launch date", "October").unwrap();
    let before = p.dump();
    refused(p.app.decision(d.decision.id + 100), ErrorCode::NotFound);
    let ghost = SignDecision { decision_id: d.decision.id + 100, base_revision: 1, passphrase: PM_PASS.into() };
    let e = refused(p.app.sign_decision(p.pm.id, ghost), ErrorCode::NotFound);
    assert!(e.message.contains("decision"), "{}", e.message);
    assert_eq!(p.dump(), before);
    let mut req = NewDecision {
        roadmap_id: p.roadmap_id,
        kind: DecisionKind::Shared,
        topic: DecisionTopic::Timeline,
        title: "t".repeat(201),
        context: String::new(),
        options: String::new(),
        outcome: String::new(),
        linked_items: vec![],
        proposed: false,
        capacity: None,
    };
    refused(p.app.create_decision(p.pm.id, req.clone()), ErrorCode::InvalidInput);
    req.title = "Fine".into();
    req.outcome = "o".repeat(25_001);
    refused(p.app.create_decision(p.pm.id, req.clone()), ErrorCode::InvalidInput);
    req.outcome = String::new();
    req.linked_items = vec![999];
    refused(p.app.create_decision(p.pm.id, req.clone()), ErrorCode::NotFound);
    req.linked_items = vec![];
    req.roadmap_id = 999;
    refused(p.app.create_decision(p.pm.id, req), ErrorCode::NotFound);
    // A draft has nothing to sign until it has an outcome.
    let draft = p
        .app
        .create_decision(
            p.pm.id,
            NewDecision {
                roadmap_id: p.roadmap_id,
                kind: DecisionKind::Shared,
                topic: DecisionTopic::Risk,
                title: "Vendor risk".into(),
                context: String::new(),
                options: String::new(),
                outcome: String::new(),
                linked_items: vec![],
                proposed: false,
                capacity: None,
            },
        )
        .unwrap();
    assert_eq!(draft.status, DecisionStatus::Draft);
    let before = p.dump();
    refused(p.sign(Role::Pm, draft.decision.id), ErrorCode::InvalidInput);
    let position = WritePosition {
        decision_id: draft.decision.id + 100,
        position: String::new(),
        understanding: String::new(),
        compromises: String::new(),
    };
    refused(p.app.write_position(p.pm.id, position), ErrorCode::NotFound);
    assert_eq!(p.dump(), before);
}

#[test]
fn the_export_document_is_signed_off_only_for_a_baseline_of_exactly_this_content() {
    use accord_domain::{ContentHash, ExportStatus};
    let mut p = planning();
    let checkout = p.committed("Checkout");
    let search = p.item("Search");
    let at = "2026-11-23T10:00:00.000Z";

    let draft = p.app.export_document(1, at).unwrap();
    assert_eq!(draft.status, ExportStatus::Draft);
    assert!(draft.draft_reason.contains("No baseline"), "{}", draft.draft_reason);
    assert_eq!(draft.content_hash, ContentHash::of(&draft.snapshot).unwrap().to_hex());
    assert_eq!(draft.snapshot.items.len(), 2);
    assert!(draft.snapshot.items[0].when_agreed);
    assert_eq!((draft.exported_at.as_str(), draft.generator.starts_with("Accord ")), (at, true));

    let q1 = p
        .app
        .create_baseline(p.pm.id, NewBaseline { roadmap_id: 1, name: "Q1 plan".into(), passphrase: PM_PASS.into() })
        .unwrap();
    let half = p.app.export_document(1, at).unwrap();
    assert_eq!(half.status, ExportStatus::Draft);
    assert!(half.draft_reason.contains("awaits the EM"), "{}", half.draft_reason);
    assert_eq!(half.signatures.len(), 1);

    p.app.sign_baseline(p.em.id, SignBaseline { baseline_id: q1.id, passphrase: EM_PASS.into() }).unwrap();
    let signed = p.app.export_document(1, at).unwrap();
    assert_eq!(signed.status, ExportStatus::SignedOff);
    assert_eq!(signed.baseline.as_ref().unwrap().name, "Q1 plan");
    assert_eq!(signed.signers.iter().map(|s| s.role).collect::<Vec<_>>(), [Role::Pm, Role::Em]);
    assert!(signed.signatures.iter().all(|s| s.statement.content_hash == signed.content_hash));
    assert_eq!(signed.identities.len(), 2);

    // A trade-off and an escalation show up; the roadmap changed, so it is a draft again.
    let t = TradeOff { deprioritised: vec![search.id], capacity_reason: String::new(), why: "QA needs a month".into() };
    p.edit(Role::Em, checkout.id, Dimension::When, "Beta by 2027-Q2", Some(t)).unwrap();
    let id = p.decision(Role::Pm, DecisionKind::Shared, "Launch date", "October").unwrap().decision.id;
    p.position(Role::Pm, id, "Cut scope").unwrap();
    p.position(Role::Em, id, "Two steps").unwrap();
    p.escalate(id, "Dana").unwrap();
    let changed = p.app.export_document(1, at).unwrap();
    assert_eq!(changed.status, ExportStatus::Draft);
    assert!(
        changed.draft_reason.contains("changed since the baseline \u{201c}Q1 plan\u{201d}"),
        "{}",
        changed.draft_reason
    );
    assert!(changed.signatures.is_empty(), "signatures over another version are not carried");
    assert_eq!(changed.trade_offs.len(), 1);
    assert_eq!(
        (changed.trade_offs[0].changed.as_str(), changed.trade_offs[0].deprioritised.as_slice()),
        ("When", ["Search".to_string()].as_slice())
    );
    assert_eq!(changed.escalations.len(), 1);
    assert_eq!(changed.escalations[0].director_name, "Dana");
    assert_eq!(changed.decisions.len(), 2, "the trade-off and the escalated decision are shared decisions");
}
