//! The use-cases through `Accord` on a real file: decision rights,
//! proposals, stale writes, bad input, history, ordering and archiving.
//! Every refusal is checked to have written nothing.

use std::fmt::Write as _;
use std::path::PathBuf;

use accord_api::{
    Accord, ApiError, ApiResult, EditDimension, ErrorCode, ItemChange, MoveItem, NewItem, NewProfile, NewRoadmap,
    ProposeChange, RespondToProposal, UpdateItem,
};
use accord_domain::{
    Dimension, Field, HistoryAction, Item, ItemKind, ItemStatus, Owner, Profile, ProposalStatus, Roadmap, Role,
};
use accord_store::rusqlite::{self, types::Value};

struct World {
    _dir: tempfile::TempDir,
    path: PathBuf,
    app: Accord,
    pm: Profile,
    em: Profile,
    roadmap: Roadmap,
}

/// Every test profile seals its key under this.
pub const PASS: &str = "correct horse battery";

fn open(path: &std::path::Path) -> Accord {
    Accord::open(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    let mut app = open(&path);
    let pm = app.create_profile(NewProfile { name: "Priya".into(), role: Role::Pm, passphrase: PASS.into() }).unwrap();
    let em = app.create_profile(NewProfile { name: "Emil".into(), role: Role::Em, passphrase: PASS.into() }).unwrap();
    let roadmap = new_roadmap(&mut app, &pm);
    World { _dir: dir, path, app, pm, em, roadmap }
}

/// The roadmap every test world works on, created by `creator`.
pub fn new_roadmap(app: &mut Accord, creator: &Profile) -> Roadmap {
    let req = NewRoadmap {
        name: "Core platform".into(),
        team: "Core".into(),
        em_name: "Emil".into(),
        pm_name: "Priya".into(),
        director_name: "Dana".into(),
        head_of_product_name: "Hugo".into(),
    };
    app.create_roadmap(creator.id, req).unwrap()
}

impl World {
    fn add(&mut self, title: &str) -> Item {
        let req = NewItem {
            roadmap_id: self.roadmap.id,
            title: title.into(),
            kind: ItemKind::Feature,
            horizon: "next".into(),
        };
        self.app.create_item(self.pm.id, req).unwrap()
    }

    fn edit(&mut self, actor: &Profile, item: &Item, dimension: Dimension, text: &str) -> ApiResult<Item> {
        let req = EditDimension {
            item_id: item.id,
            base_revision: item.revision,
            dimension,
            text: text.into(),
            trade_off: None,
        };
        self.app.edit_dimension(actor.id, req)
    }

    fn propose(
        &mut self,
        actor: &Profile,
        item: &Item,
        dimension: Dimension,
        text: &str,
    ) -> ApiResult<accord_domain::Proposal> {
        let req = ProposeChange { item_id: item.id, base_revision: item.revision, dimension, text: text.into() };
        self.app.propose(actor.id, req)
    }

    fn respond(&mut self, actor: &Profile, proposal_id: i64, accept: bool, reason: &str) -> ApiResult<Item> {
        let item_id = self.app.proposal(proposal_id)?.item_id;
        let base_revision = self.app.item(item_id)?.revision;
        self.app.respond(
            actor.id,
            RespondToProposal { item_id, proposal_id, base_revision, accept, reason: reason.into(), trade_off: None },
        )
    }

    fn update(&mut self, item: &Item, change: ItemChange) -> ApiResult<Item> {
        self.app.update_item(self.pm.id, UpdateItem { item_id: item.id, base_revision: item.revision, change })
    }

    fn move_to(&mut self, item_id: i64, to_index: u32) -> ApiResult<accord_api::Moved> {
        let base_revision = self.app.item(item_id)?.revision;
        // The order is the PM's decision.
        self.app.move_item(self.pm.id, MoveItem { item_id, base_revision, to_index })
    }

    fn visible(&self) -> Vec<Item> {
        self.app.items(self.roadmap.id, false).unwrap()
    }

    fn archived(&self) -> Vec<Item> {
        self.app.items(self.roadmap.id, true).unwrap()
    }

    /// Every row of every table, to prove that a refused call wrote nothing.
    fn dump(&self) -> String {
        dump(self.app.store().conn())
    }
}

pub fn dump(conn: &rusqlite::Connection) -> String {
    let mut out = String::new();
    for table in [
        "profile",
        "profile_key",
        "roadmap",
        "item",
        "proposal",
        "history",
        "setting",
        "signoff",
        "decision",
        "decision_position",
        "escalation",
        "baseline",
    ] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY rowid")).unwrap();
        let n = stmt.column_count();
        let rows = stmt.query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect::<Result<Vec<_>, _>>()).unwrap();
        for row in rows {
            writeln!(out, "{table}: {:?}", row.unwrap()).unwrap();
        }
    }
    out
}

#[track_caller]
pub fn refused<T>(r: ApiResult<T>, code: ErrorCode) -> ApiError {
    match r {
        Ok(_) => panic!("expected {code:?}, the call succeeded"),
        Err(e) => {
            assert_eq!(e.code, code, "unexpected error: {}", e.message);
            assert!(!e.message.is_empty());
            e
        }
    }
}

fn titles(items: &[Item]) -> Vec<&str> {
    items.iter().map(|i| i.title.as_str()).collect()
}

fn ranks(items: &[Item]) -> Vec<i64> {
    items.iter().map(|i| i.rank).collect()
}

#[test]
fn first_run_set_up_and_the_acting_profile() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("accord.db");
    let mut app = open(&path);
    refused(app.acting(), ErrorCode::NotSetUp);
    assert!(app.bootstrap().unwrap().acting.is_none());
    refused(
        app.create_profile(NewProfile { name: "  ".into(), role: Role::Pm, passphrase: PASS.into() }),
        ErrorCode::InvalidInput,
    );

    let pm =
        app.create_profile(NewProfile { name: "  Priya ".into(), role: Role::Pm, passphrase: PASS.into() }).unwrap();
    assert_eq!((pm.name.as_str(), pm.role), ("Priya", Role::Pm));
    assert_eq!(app.acting().unwrap(), pm, "the first profile becomes the acting one");

    let em = app.create_profile(NewProfile { name: "Emil".into(), role: Role::Em, passphrase: PASS.into() }).unwrap();
    assert_eq!((em.name.as_str(), em.role), ("Emil", Role::Em));
    assert_ne!(em.id, pm.id);
    assert_eq!(app.acting().unwrap(), pm, "later profiles do not take over");

    assert_eq!(app.set_acting(em.id).unwrap(), em);
    assert_eq!(app.acting().unwrap(), em);
    refused(app.set_acting(em.id + 100), ErrorCode::NotFound);
    assert_eq!(app.acting().unwrap(), em);

    let roadmap = app
        .create_roadmap(
            em.id,
            NewRoadmap {
                name: " Core ".into(),
                team: String::new(),
                em_name: "Emil".into(),
                pm_name: "Priya".into(),
                director_name: String::new(),
                head_of_product_name: String::new(),
            },
        )
        .unwrap();
    assert_eq!(roadmap.name, "Core");
    assert_eq!(app.roadmap(roadmap.id).unwrap(), roadmap);

    let boot = app.bootstrap().unwrap();
    assert_eq!(boot.profiles, [pm.clone(), em.clone()]);
    assert_eq!(boot.roadmaps, std::slice::from_ref(&roadmap));
    assert_eq!(boot.acting, Some(em.clone()));
    assert_eq!(boot.data_file, path.display().to_string());
    let owners: Vec<(Dimension, Owner)> = boot.dimensions.iter().map(|r| (r.dimension, r.owner)).collect();
    assert_eq!(
        owners,
        [
            (Dimension::What, Owner::Pm),
            (Dimension::Why, Owner::Pm),
            (Dimension::How, Owner::Em),
            (Dimension::Who, Owner::Em),
            (Dimension::When, Owner::Shared),
        ]
    );

    drop(app);
    let app = open(&path);
    assert_eq!(app.acting().unwrap(), em, "the acting profile survives a restart");
    assert_eq!(app.bootstrap().unwrap().roadmaps, [roadmap]);
}

#[test]
fn create_profile_returns_the_profile_it_created() {
    // Another setting written before the first profile must not confuse
    // which row was created.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    drop(open(&path));
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("INSERT INTO setting (key, value) VALUES ('ui.theme', 'dark')", [])
        .unwrap();
    let mut app = open(&path);
    let pm = app.create_profile(NewProfile { name: "Priya".into(), role: Role::Pm, passphrase: PASS.into() }).unwrap();
    assert_eq!((pm.name.as_str(), pm.role), ("Priya", Role::Pm));
    assert_eq!(app.acting().unwrap(), pm);
    let em = app.create_profile(NewProfile { name: "Emil".into(), role: Role::Em, passphrase: PASS.into() }).unwrap();
    assert_eq!((em.name.as_str(), em.role), ("Emil", Role::Em));
}

#[test]
fn each_partner_edits_only_the_dimensions_they_own() {
    let mut w = world();
    let (pm, em) = (w.pm.clone(), w.em.clone());
    let item = w.add("Search");
    assert_eq!((item.rank, item.revision, item.status, item.horizon.as_str()), (1, 1, ItemStatus::Idea, "next"));
    assert_eq!(item.matrix, Default::default());

    let item = w.edit(&pm, &item, Dimension::What, "Full-text search").unwrap();
    let item = w.edit(&pm, &item, Dimension::Why, "Users cannot find things").unwrap();
    assert_eq!(item.revision, 3);
    assert_eq!(item.matrix.what, "Full-text search");
    assert_eq!(item.matrix.why, "Users cannot find things");

    let before = w.dump();
    let e = refused(w.edit(&em, &item, Dimension::Why, "Because I said so"), ErrorCode::Forbidden);
    assert!(e.current.is_none());
    assert_eq!(w.dump(), before, "a refused edit wrote something");
    assert_eq!(w.app.item(item.id).unwrap().revision, 3);
    assert_eq!(w.app.history(item.id).unwrap().len(), 3);
    refused(w.edit(&em, &item, Dimension::What, "Regex search"), ErrorCode::Forbidden);
    assert_eq!(w.dump(), before);

    let item = w.edit(&em, &item, Dimension::How, "Tantivy index").unwrap();
    let item = w.edit(&em, &item, Dimension::Who, "Search squad").unwrap();
    assert_eq!(
        (item.matrix.how.as_str(), item.matrix.who.as_str(), item.revision),
        ("Tantivy index", "Search squad", 5)
    );

    let before = w.dump();
    refused(w.edit(&pm, &item, Dimension::How, "Elasticsearch"), ErrorCode::Forbidden);
    refused(w.edit(&pm, &item, Dimension::Who, "Contractors"), ErrorCode::Forbidden);
    assert_eq!(w.dump(), before);

    let item = w.edit(&pm, &item, Dimension::When, "2027-Q1").unwrap();
    assert_eq!(item.matrix.when, "2027-Q1");
    let item = w.edit(&em, &item, Dimension::When, "2027-Q2, needs the index first").unwrap();
    assert_eq!((item.matrix.when.as_str(), item.revision), ("2027-Q2 \u{2014} needs the index first", 7));

    // Saving unchanged text is not a change.
    let same = w.edit(&em, &item, Dimension::When, "2027-Q2, needs the index first  ").unwrap();
    assert_eq!(same.revision, 7);
    assert_eq!(w.app.history(item.id).unwrap().len(), 7);
}

#[test]
fn the_owner_accepts_a_proposal_from_the_other_partner() {
    let mut w = world();
    let (pm, em) = (w.pm.clone(), w.em.clone());
    let item = w.add("Search");
    let item = w.edit(&pm, &item, Dimension::Why, "Findability").unwrap();

    let p = w.propose(&em, &item, Dimension::Why, "Support tickets about search").unwrap();
    assert_eq!(p.status, ProposalStatus::Pending);
    assert_eq!((p.item_id, p.field, p.body.as_str()), (item.id, Field::Why, "Support tickets about search"));
    assert_eq!((p.before_text.as_str(), p.base_revision), ("Findability", item.revision));
    assert_eq!((p.author_id, p.author_name.as_str(), p.author_role), (em.id, "Emil", Role::Em));
    assert_eq!((p.responder_name.as_ref(), p.responded_at.as_ref()), (None, None));
    let item = w.app.item(item.id).unwrap();
    assert_eq!(item.pending, [Dimension::Why]);
    assert_eq!(item.revision, 2, "filing a proposal does not change the item");
    assert_eq!(item.matrix.why, "Findability");
    assert_eq!(w.app.proposals(item.id).unwrap(), std::slice::from_ref(&p));

    let before = w.dump();
    refused(w.propose(&pm, &item, Dimension::Why, "Owner proposing"), ErrorCode::Forbidden);
    refused(w.propose(&em, &item, Dimension::When, "Nobody proposes on when"), ErrorCode::Forbidden);
    refused(w.respond(&em, p.id, true, ""), ErrorCode::Forbidden);
    refused(w.respond(&em, p.id, false, "changed my mind"), ErrorCode::Forbidden);
    refused(w.propose(&em, &item, Dimension::Why, "Findability"), ErrorCode::InvalidInput);
    assert_eq!(w.dump(), before);

    let accepted = w.respond(&pm, p.id, true, "").unwrap();
    assert_eq!(accepted.matrix.why, p.body);
    assert_eq!(accepted.revision, item.revision + 1);
    assert!(accepted.pending.is_empty());
    assert_eq!(w.app.item(item.id).unwrap(), accepted);
    let p = w.app.proposal(p.id).unwrap();
    assert_eq!(p.status, ProposalStatus::Accepted);
    assert_eq!(p.responder_name.as_deref(), Some("Priya"));
    assert!(p.responded_at.is_some());

    // The PM proposes on the EM's dimension the same way.
    let q = w.propose(&pm, &accepted, Dimension::How, "Reuse Postgres FTS").unwrap();
    refused(w.respond(&pm, q.id, true, ""), ErrorCode::Forbidden);
    let item = w.respond(&em, q.id, true, "").unwrap();
    assert_eq!(item.matrix.how, "Reuse Postgres FTS");
}

#[test]
fn declining_needs_a_reason_and_a_proposal_is_answered_once() {
    let mut w = world();
    let (pm, em) = (w.pm.clone(), w.em.clone());
    let item = w.add("Search");
    let item = w.edit(&pm, &item, Dimension::What, "Full-text search").unwrap();
    let p = w.propose(&em, &item, Dimension::What, "Fuzzy search").unwrap();

    let before = w.dump();
    refused(w.respond(&pm, p.id, false, ""), ErrorCode::InvalidInput);
    refused(w.respond(&pm, p.id, false, "  \n "), ErrorCode::InvalidInput);
    assert_eq!(w.dump(), before);

    let after = w.respond(&pm, p.id, false, "Out of scope for Q1").unwrap();
    assert_eq!(after.matrix.what, "Full-text search", "declining keeps the owner's text");
    assert_eq!(after.revision, item.revision);
    assert!(after.pending.is_empty());
    let p = w.app.proposal(p.id).unwrap();
    assert_eq!(p.status, ProposalStatus::Declined);
    assert_eq!(p.response_reason, "Out of scope for Q1");
    assert_eq!(p.responder_name.as_deref(), Some("Priya"));
    let last = &w.app.history(item.id).unwrap()[0];
    assert_eq!(last.action, HistoryAction::ProposalDeclined);
    assert_eq!(
        (last.field.as_str(), last.before.as_str(), last.after.as_str()),
        ("what", "Fuzzy search", "Out of scope for Q1")
    );

    let before = w.dump();
    let e = refused(w.respond(&pm, p.id, true, ""), ErrorCode::InvalidInput);
    assert!(e.message.contains("declined"), "{}", e.message);
    refused(w.respond(&pm, p.id, false, "again"), ErrorCode::InvalidInput);
    assert_eq!(w.dump(), before);

    let q = w.propose(&em, &after, Dimension::What, "Fuzzy search, take two").unwrap();
    w.respond(&pm, q.id, true, "").unwrap();
    let before = w.dump();
    let e = refused(w.respond(&pm, q.id, true, ""), ErrorCode::InvalidInput);
    assert!(e.message.contains("accepted"), "{}", e.message);
    assert_eq!(w.dump(), before);
}

#[test]
fn a_stale_write_is_refused_and_returns_the_current_item() {
    let mut w = world();
    let pm = w.pm.clone();
    let seen = w.add("Search");

    let first = w.edit(&pm, &seen, Dimension::What, "First edit").unwrap();
    assert_eq!(first.revision, seen.revision + 1);
    let before = w.dump();
    let e = refused(w.edit(&pm, &seen, Dimension::What, "Second edit"), ErrorCode::StaleRevision);
    let current = e.current.expect("a stale error carries the current item");
    assert_eq!(*current, first);
    assert_eq!(current.matrix.what, "First edit");
    assert_eq!(w.dump(), before, "the stale edit wrote something");

    // Every kind of change checks the revision.
    let em = w.em.clone();
    refused(w.edit(&pm, &seen, Dimension::Why, "Other dimension"), ErrorCode::StaleRevision);
    refused(w.update(&seen, ItemChange::Title("Renamed".into())), ErrorCode::StaleRevision);
    refused(w.propose(&em, &seen, Dimension::Why, "Because"), ErrorCode::StaleRevision);
    let mv = MoveItem { item_id: seen.id, base_revision: seen.revision, to_index: 0 };
    refused(w.app.move_item(pm.id, mv), ErrorCode::StaleRevision);
    let p = w.propose(&em, &first, Dimension::Why, "Because").unwrap();
    let before = w.dump();
    let answer = RespondToProposal {
        item_id: seen.id,
        proposal_id: p.id,
        base_revision: seen.revision,
        accept: true,
        reason: String::new(),
        trade_off: None,
    };
    let e = refused(w.app.respond(pm.id, answer), ErrorCode::StaleRevision);
    assert_eq!(e.current.unwrap().revision, first.revision);
    assert_eq!(w.dump(), before);
    assert_eq!(w.app.proposal(p.id).unwrap().status, ProposalStatus::Pending);
}

#[test]
fn bad_input_is_refused_and_writes_nothing() {
    let mut w = world();
    let (pm, em) = (w.pm.clone(), w.em.clone());
    let item = w.add("Search");
    let other = w.add("Billing");
    let p = w.propose(&em, &item, Dimension::What, "Fuzzy").unwrap();
    let rid = w.roadmap.id;
    let new = |title: &str, horizon: &str| NewItem {
        roadmap_id: rid,
        title: title.into(),
        kind: ItemKind::Feature,
        horizon: horizon.into(),
    };
    let before = w.dump();

    refused(w.app.create_item(pm.id, new("", "now")), ErrorCode::InvalidInput);
    refused(w.app.create_item(pm.id, new(" \t ", "now")), ErrorCode::InvalidInput);
    refused(w.app.create_item(pm.id, new("two\nlines", "now")), ErrorCode::InvalidInput);
    let e = refused(w.app.create_item(pm.id, new(&"t".repeat(201), "now")), ErrorCode::InvalidInput);
    assert!(e.message.contains("201"), "{}", e.message);
    refused(w.app.create_item(pm.id, new("Search", "soon")), ErrorCode::InvalidInput);
    refused(w.app.create_item(pm.id, new("Search", "2027-Q5")), ErrorCode::InvalidInput);
    refused(w.app.create_item(pm.id, NewItem { roadmap_id: rid + 100, ..new("Search", "now") }), ErrorCode::NotFound);
    refused(w.app.create_item(pm.id + 100, new("Search", "now")), ErrorCode::NotFound);

    refused(w.update(&item, ItemChange::Title(String::new())), ErrorCode::InvalidInput);
    refused(w.update(&item, ItemChange::Title("ü".repeat(201))), ErrorCode::InvalidInput);
    refused(w.update(&item, ItemChange::Horizon("soon".into())), ErrorCode::InvalidInput);

    let long = "x".repeat(10_001);
    refused(w.edit(&pm, &item, Dimension::What, &long), ErrorCode::InvalidInput);
    refused(w.propose(&em, &item, Dimension::What, &long), ErrorCode::InvalidInput);
    let ghost = Item { id: item.id + 100, ..item.clone() };
    refused(w.edit(&pm, &ghost, Dimension::What, "text"), ErrorCode::NotFound);
    refused(w.propose(&em, &ghost, Dimension::What, "text"), ErrorCode::NotFound);
    refused(w.update(&ghost, ItemChange::Title("Renamed".into())), ErrorCode::NotFound);
    let mv = MoveItem { item_id: ghost.id, base_revision: 1, to_index: 0 };
    refused(w.app.move_item(pm.id, mv), ErrorCode::NotFound);
    let edit = EditDimension {
        item_id: item.id,
        base_revision: item.revision,
        dimension: Dimension::When,
        text: "now".into(),
        trade_off: None,
    };
    refused(w.app.edit_dimension(pm.id + 100, edit), ErrorCode::NotFound);
    let answer = RespondToProposal {
        item_id: item.id,
        proposal_id: p.id + 100,
        base_revision: item.revision,
        accept: true,
        reason: String::new(),
        trade_off: None,
    };
    refused(w.app.respond(pm.id, answer), ErrorCode::NotFound);
    let long_reason = RespondToProposal {
        item_id: item.id,
        proposal_id: p.id,
        base_revision: item.revision,
        accept: false,
        reason: "r".repeat(2_001),
        trade_off: None,
    };
    refused(w.app.respond(pm.id, long_reason), ErrorCode::InvalidInput);
    let elsewhere = RespondToProposal {
        item_id: other.id,
        proposal_id: p.id,
        base_revision: other.revision,
        accept: true,
        reason: String::new(),
        trade_off: None,
    };
    let e = refused(w.app.respond(pm.id, elsewhere), ErrorCode::InvalidInput);
    assert!(e.message.contains("another item"), "{}", e.message);
    refused(w.app.item(ghost.id), ErrorCode::NotFound);
    refused(w.app.history(ghost.id), ErrorCode::NotFound);
    refused(w.app.proposals(ghost.id), ErrorCode::NotFound);
    refused(w.app.proposal(p.id + 100), ErrorCode::NotFound);
    refused(w.app.items(rid + 100, false), ErrorCode::NotFound);
    refused(w.app.profile(pm.id + 100), ErrorCode::NotFound);

    assert_eq!(w.dump(), before, "a refused call wrote something");

    // The limits themselves are allowed.
    let item = w.app.create_item(pm.id, new(&"t".repeat(200), "2027-Q1")).unwrap();
    assert_eq!(item.horizon, "2027-Q1");
    let item = w.edit(&pm, &item, Dimension::What, &"x".repeat(10_000)).unwrap();
    assert_eq!(item.matrix.what.chars().count(), 10_000);
    let default_horizon = w.app.create_item(pm.id, new("No horizon", "  ")).unwrap();
    assert_eq!(default_horizon.horizon, "later");
}

#[test]
fn escalation_contacts_cannot_change_the_roadmap() {
    let mut w = world();
    let em = w.em.clone();
    let director = w
        .app
        .create_profile(NewProfile { name: "Dana".into(), role: Role::DirectorOfEngineering, passphrase: PASS.into() })
        .unwrap();
    let head = w
        .app
        .create_profile(NewProfile { name: "Hugo".into(), role: Role::HeadOfProduct, passphrase: PASS.into() })
        .unwrap();
    let item = w.add("Search");
    let p = w.propose(&em, &item, Dimension::What, "Fuzzy").unwrap();
    let before = w.dump();

    for who in [&director, &head] {
        let req = NewItem {
            roadmap_id: w.roadmap.id,
            title: "Mine".into(),
            kind: ItemKind::Experiment,
            horizon: "now".into(),
        };
        let e = refused(w.app.create_item(who.id, req), ErrorCode::Forbidden);
        assert!(e.message.contains(who.role.label()), "{}", e.message);
        let roadmap = NewRoadmap {
            name: "Shadow roadmap".into(),
            team: String::new(),
            em_name: String::new(),
            pm_name: String::new(),
            director_name: String::new(),
            head_of_product_name: String::new(),
        };
        refused(w.app.create_roadmap(who.id, roadmap), ErrorCode::Forbidden);
        for d in Dimension::ALL {
            refused(w.edit(who, &item, d, "override"), ErrorCode::Forbidden);
            refused(w.propose(who, &item, d, "suggestion"), ErrorCode::Forbidden);
        }
        refused(w.respond(who, p.id, true, ""), ErrorCode::Forbidden);
        refused(w.respond(who, p.id, false, "no"), ErrorCode::Forbidden);
        let change = UpdateItem {
            item_id: item.id,
            base_revision: item.revision,
            change: ItemChange::Status(ItemStatus::Dropped),
        };
        refused(w.app.update_item(who.id, change), ErrorCode::Forbidden);
        let mv = MoveItem { item_id: item.id, base_revision: item.revision, to_index: 0 };
        refused(w.app.move_item(who.id, mv), ErrorCode::Forbidden);
    }
    assert_eq!(w.dump(), before);
}

#[test]
fn history_records_who_changed_what_from_what() {
    let mut w = world();
    let (pm, em) = (w.pm.clone(), w.em.clone());
    let item = w.add("Search");
    let item = w.edit(&pm, &item, Dimension::What, "Full-text search").unwrap();
    let item = w.edit(&pm, &item, Dimension::Why, "Findability").unwrap();
    let p = w.propose(&em, &item, Dimension::Why, "Support tickets").unwrap();
    w.respond(&pm, p.id, true, "").unwrap();

    let h = w.app.history(item.id).unwrap();
    let got: Vec<_> = h
        .iter()
        .map(|e| (e.action, e.field.as_str(), e.actor_name.as_str(), e.actor_role, e.before.as_str(), e.after.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (HistoryAction::ProposalAccepted, "why", "Priya", Role::Pm, "Findability", "Support tickets"),
            (HistoryAction::ProposalFiled, "why", "Emil", Role::Em, "Findability", "Support tickets"),
            (HistoryAction::DimensionEdited, "why", "Priya", Role::Pm, "", "Findability"),
            (HistoryAction::DimensionEdited, "what", "Priya", Role::Pm, "", "Full-text search"),
            (HistoryAction::ItemCreated, "title", "Priya", Role::Pm, "", "Search"),
        ]
    );
    assert!(h.iter().all(|e| e.item_id == Some(item.id)));
    assert!(h.windows(2).all(|pair| pair[0].id > pair[1].id), "newest first");
    assert!(h.windows(2).all(|pair| pair[0].at >= pair[1].at));

    // Another item's history is its own.
    let other = w.add("Billing");
    assert_eq!(w.app.history(other.id).unwrap().len(), 1);
    assert_eq!(w.app.history(item.id).unwrap().len(), 5);
}

#[test]
fn attribute_changes_are_recorded() {
    let mut w = world();
    let item = w.add("Search");
    let item = w.update(&item, ItemChange::Title("  Better search ".into())).unwrap();
    let item = w.update(&item, ItemChange::Status(ItemStatus::InProgress)).unwrap();
    let item = w.update(&item, ItemChange::Kind(ItemKind::Experiment)).unwrap();
    let item = w.update(&item, ItemChange::Horizon("2027-Q3".into())).unwrap();
    assert_eq!(
        (item.title.as_str(), item.status, item.kind, item.horizon.as_str(), item.revision),
        ("Better search", ItemStatus::InProgress, ItemKind::Experiment, "2027-Q3", 5)
    );
    // An unchanged value is not a change.
    let same = w.update(&item, ItemChange::Status(ItemStatus::InProgress)).unwrap();
    assert_eq!(same.revision, 5);

    let h = w.app.history(item.id).unwrap();
    let got: Vec<_> =
        h.iter().take(4).map(|e| (e.action, e.field.as_str(), e.before.as_str(), e.after.as_str())).collect();
    assert_eq!(
        got,
        [
            (HistoryAction::HorizonChanged, "horizon", "next", "2027-Q3"),
            (HistoryAction::KindChanged, "kind", "feature", "experiment"),
            (HistoryAction::StatusChanged, "status", "idea", "in_progress"),
            (HistoryAction::TitleChanged, "title", "Search", "Better search"),
        ]
    );
    assert_eq!(h.len(), 5);
}

#[test]
fn moving_an_item_renumbers_the_order_and_is_recorded() {
    let mut w = world();
    let ids: Vec<i64> = ["A", "B", "C", "D", "E"].into_iter().map(|t| w.add(t).id).collect();
    assert_eq!(ranks(&w.visible()), [1, 2, 3, 4, 5]);
    let e_before = w.app.item(ids[4]).unwrap();

    let moved = w.move_to(ids[4], 0).unwrap();
    assert_eq!(moved.order, [ids[4], ids[0], ids[1], ids[2], ids[3]]);
    assert_eq!(moved.item.id, ids[4]);
    assert_eq!(moved.item.rank, 1);
    assert_eq!(moved.item.revision, e_before.revision + 1);
    let now = w.visible();
    assert_eq!(titles(&now), ["E", "A", "B", "C", "D"]);
    assert_eq!(ranks(&now), [1, 2, 3, 4, 5]);
    let last = &w.app.history(ids[4]).unwrap()[0];
    assert_eq!(
        (last.action, last.field.as_str(), last.before.as_str(), last.after.as_str()),
        (HistoryAction::Moved, "rank", "5", "1")
    );
    assert_eq!(last.actor_role, Role::Pm);

    let back = w.move_to(ids[4], 4).unwrap();
    assert_eq!(back.order, ids);
    let now = w.visible();
    assert_eq!(titles(&now), ["A", "B", "C", "D", "E"]);
    assert_eq!(ranks(&now), [1, 2, 3, 4, 5]);
    let last = &w.app.history(ids[4]).unwrap()[0];
    assert_eq!((last.action, last.before.as_str(), last.after.as_str()), (HistoryAction::Moved, "1", "5"));

    // To the middle, and past the end (clamped to last).
    w.move_to(ids[0], 2).unwrap();
    assert_eq!(titles(&w.visible()), ["B", "C", "A", "D", "E"]);
    w.move_to(ids[1], 99).unwrap();
    let now = w.visible();
    assert_eq!(titles(&now), ["C", "A", "D", "E", "B"]);
    assert_eq!(ranks(&now), [1, 2, 3, 4, 5]);

    // Staying in place is not a change.
    let before = w.dump();
    let stay = w.move_to(ids[2], 0).unwrap();
    assert_eq!(stay.order, [ids[2], ids[0], ids[3], ids[4], ids[1]]);
    assert_eq!(w.dump(), before);
}

#[test]
fn archiving_hides_an_item_without_deleting_it_and_restoring_puts_it_last() {
    let mut w = world();
    let (pm, em) = (w.pm.clone(), w.em.clone());
    let items: Vec<Item> = ["A", "B", "C", "D"].into_iter().map(|t| w.add(t)).collect();
    let b = w.edit(&pm, &items[1], Dimension::What, "Keep me").unwrap();
    let waiting = w.propose(&pm, &b, Dimension::How, "Behind a flag").unwrap();
    let b = w.app.item(b.id).unwrap();

    let archived = w.update(&b, ItemChange::Archived(true)).unwrap();
    assert!(archived.archived);
    let visible = w.visible();
    assert_eq!(titles(&visible), ["A", "C", "D"]);
    assert_eq!(ranks(&visible), [1, 2, 3]);
    let hidden = w.archived();
    assert_eq!(titles(&hidden), ["B"]);
    assert_eq!(hidden[0].matrix.what, "Keep me");
    let rows: i64 = w.app.store().conn().query_row("SELECT COUNT(*) FROM item", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 4, "archiving deleted a row");
    let last = &w.app.history(b.id).unwrap()[0];
    assert_eq!((last.action, last.before.as_str(), last.after.as_str()), (HistoryAction::Archived, "false", "true"));

    // An archived item is read-only until restored.
    let before = w.dump();
    refused(w.edit(&pm, &archived, Dimension::What, "Edited while archived"), ErrorCode::InvalidInput);
    refused(w.propose(&em, &archived, Dimension::What, "Proposed while archived"), ErrorCode::InvalidInput);
    refused(w.update(&archived, ItemChange::Title("Renamed".into())), ErrorCode::InvalidInput);
    let mv = MoveItem { item_id: archived.id, base_revision: archived.revision, to_index: 0 };
    refused(w.app.move_item(pm.id, mv), ErrorCode::InvalidInput);
    // A proposal filed before archiving waits for the restore.
    refused(w.respond(&em, waiting.id, true, ""), ErrorCode::InvalidInput);
    assert_eq!(w.dump(), before);
    assert_eq!(w.app.proposal(waiting.id).unwrap().status, ProposalStatus::Pending);

    // New items go after the visible ones.
    let e = w.add("E");
    assert_eq!(e.rank, 4);

    let restored = w.update(&archived, ItemChange::Archived(false)).unwrap();
    assert!(!restored.archived);
    let visible = w.visible();
    assert_eq!(titles(&visible), ["A", "C", "D", "E", "B"]);
    assert_eq!(ranks(&visible), [1, 2, 3, 4, 5]);
    assert!(w.archived().is_empty());
    assert_eq!(restored.matrix.what, "Keep me");
    let last = &w.app.history(b.id).unwrap()[0];
    assert_eq!((last.action, last.before.as_str(), last.after.as_str()), (HistoryAction::Restored, "true", "false"));
    let restored = w.edit(&pm, &restored, Dimension::What, "Editable again").unwrap();
    assert_eq!(restored.pending, [Dimension::How]);
    let accepted = w.respond(&em, waiting.id, true, "").unwrap();
    assert_eq!(accepted.matrix.how, "Behind a flag");
}

#[test]
fn archiving_the_top_item_keeps_ranks_contiguous() {
    let mut w = world();
    let items: Vec<Item> = ["A", "B", "C"].into_iter().map(|t| w.add(t)).collect();
    let a = w.update(&items[0], ItemChange::Archived(true)).unwrap();
    assert_eq!(ranks(&w.visible()), [1, 2]);
    let c = w.app.item(items[2].id).unwrap();
    w.update(&c, ItemChange::Archived(true)).unwrap();
    assert_eq!(titles(&w.visible()), ["B"]);
    assert_eq!(ranks(&w.visible()), [1]);
    w.update(&a, ItemChange::Archived(false)).unwrap();
    let visible = w.visible();
    assert_eq!(titles(&visible), ["B", "A"]);
    assert_eq!(ranks(&visible), [1, 2]);
}

#[test]
fn a_database_from_a_newer_accord_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", accord_store::SCHEMA_VERSION + 5).unwrap();
    }
    match Accord::open(&path) {
        Ok(_) => panic!("a newer database was opened"),
        Err(e) => {
            assert_eq!(e.code, ErrorCode::NewerDatabase);
            assert!(e.message.contains("newer version of Accord"), "{}", e.message);
            assert!(e.current.is_none());
        }
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(v, accord_store::SCHEMA_VERSION + 5);
}

#[test]
fn data_survives_reopening_the_file() {
    let mut w = world();
    let pm = w.pm.clone();
    let item = w.add("Search");
    let item = w.edit(&pm, &item, Dimension::What, "Full-text search").unwrap();
    let World { _dir, path, app, roadmap, .. } = w;
    drop(app);
    let app = open(&path);
    assert_eq!(app.items(roadmap.id, false).unwrap(), std::slice::from_ref(&item));
    assert_eq!(app.history(item.id).unwrap().len(), 2);
}

#[test]
fn errors_serialise_with_a_snake_case_code_and_the_current_item() {
    let mut w = world();
    let pm = w.pm.clone();
    let seen = w.add("Search");
    let first = w.edit(&pm, &seen, Dimension::What, "First edit").unwrap();
    let e = refused(w.edit(&pm, &seen, Dimension::What, "Second edit"), ErrorCode::StaleRevision);

    let json = serde_json::to_value(&e).unwrap();
    let obj = json.as_object().expect("an object");
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["code", "current", "message"]);
    assert_eq!(json["code"], "stale_revision");
    assert_eq!(json["message"], e.message.as_str());
    assert!(e.message.contains("Search"), "{}", e.message);
    assert_eq!(json["current"], serde_json::to_value(&first).unwrap());
    assert_eq!(json["current"]["id"], first.id);
    assert_eq!(json["current"]["revision"], first.revision);
    assert_eq!(json["current"]["matrix"]["what"], "First edit");
    assert!(serde_json::to_string(&e).unwrap().starts_with(r#"{"code":"stale_revision","message":"#));

    let em = w.em.clone();
    let e = refused(w.edit(&em, &first, Dimension::What, "x"), ErrorCode::Forbidden);
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["code"], "forbidden");
    assert!(json["current"].is_null());
    for (code, name) in [
        (ErrorCode::NotFound, "not_found"),
        (ErrorCode::InvalidInput, "invalid_input"),
        (ErrorCode::NewerDatabase, "newer_database"),
        (ErrorCode::NotSetUp, "not_set_up"),
        (ErrorCode::Storage, "storage"),
    ] {
        assert_eq!(serde_json::to_value(code).unwrap(), name);
    }
}

#[test]
fn every_mutation_returns_the_item_exactly_as_stored() {
    let mut w = world();
    let item = w.add("Returned as stored");
    let (pm, em) = (w.pm.clone(), w.em.clone());
    let edited = w.edit(&pm, &item, Dimension::What, "Scope  ").unwrap();
    assert_eq!(edited, w.app.item(item.id).unwrap());
    let edited = w.edit(&em, &edited, Dimension::When, "2027-Q1").unwrap();
    assert_eq!(edited, w.app.item(item.id).unwrap());
    let p = w
        .app
        .propose(
            em.id,
            ProposeChange {
                item_id: item.id,
                base_revision: edited.revision,
                dimension: Dimension::Why,
                text: "Because".into(),
            },
        )
        .unwrap();
    let accepted = w
        .app
        .respond(
            pm.id,
            RespondToProposal {
                item_id: item.id,
                proposal_id: p.id,
                base_revision: edited.revision,
                accept: true,
                reason: String::new(),
                trade_off: None,
            },
        )
        .unwrap();
    assert_eq!(accepted, w.app.item(item.id).unwrap());
    assert!(accepted.pending.is_empty());
}

#[test]
fn hosts_joined_before_are_kept_across_restarts_updated_on_rejoin_and_forgotten_on_request() {
    let mut w = world();
    assert!(w.app.session_hosts().unwrap().is_empty());
    let key = "ab".repeat(32);
    let mut known = accord_domain::SessionKnown {
        host_key: key.clone(),
        address: "192.0.2.9:4100".into(),
        roadmap_name: "Checkout 2027".into(),
        host_name: "Sam Okafor".into(),
        as_name: "Priya".into(),
        as_role: Role::Pm,
        joined_at: String::new(),
    };
    w.app.remember_session_host(&known).unwrap();
    known.address = "192.0.2.9:4200".into();
    w.app.remember_session_host(&known).unwrap();
    let reopened = open(&w.path);
    let known = reopened.session_hosts().unwrap();
    assert_eq!(known.len(), 1, "one row per host key");
    assert_eq!((known[0].address.as_str(), known[0].host_name.as_str()), ("192.0.2.9:4200", "Sam Okafor"));
    assert_eq!((known[0].as_name.as_str(), known[0].as_role), ("Priya", Role::Pm));
    assert!(!known[0].joined_at.is_empty());

    w.app.forget_session_host(&key).unwrap();
    assert!(w.app.session_hosts().unwrap().is_empty());
    let err = w.app.forget_session_host(&key).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}
