//! Baselines: both partners sign the roadmap as it stands ("Q3 plan"); every
//! signed baseline is kept, and a diff shows what changed since.

use accord_domain::{
    authorize_signature, diff, validate, ContentHash, DecisionKind, DecisionStatus, HistoryAction, Limits, ProfileId,
    PublicIdentity, RoadmapId, Snapshot, SnapshotDecision, SnapshotItem, Subject, PARTNERS,
};
use accord_store::baselines::{self, BaselineRow};
use accord_store::history::{self, Change};
use accord_store::rusqlite::Connection;
use accord_store::{decisions, items, roadmaps, signoffs};

use crate::decisions::derive;
use crate::signoff::{sign, signoff_state, when_state, Proof, Signers};
use crate::{Accord, ApiError, ApiResult, BaselineDiff, BaselineView, ErrorCode, NewBaseline, SignBaseline, WhenState};

/// The roadmap as it stands: live items in priority order with their
/// matrix and whether their `when` is agreed, and the shared decisions in force.
pub(crate) fn snapshot(conn: &Connection, roadmap_id: RoadmapId) -> ApiResult<Snapshot> {
    let signers = Signers::load(conn, roadmap_id)?;
    let people = &signers.people;
    let roadmap = roadmaps::get(conn, roadmap_id)?.ok_or_else(|| ApiError::not_found("roadmap", roadmap_id))?;
    let items = items::list(conn, roadmap_id, false)?
        .into_iter()
        .map(|i| {
            Ok(SnapshotItem {
                when_agreed: when_state(conn, &signers, &i)? == WhenState::Agreed,
                id: i.id,
                rank: i.rank,
                title: i.title,
                status: i.status,
                kind: i.kind,
                horizon: i.horizon,
                matrix: i.matrix,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let mut shared = Vec::new();
    for d in decisions::list(conn, roadmap_id)?.into_iter().rev() {
        if d.kind != DecisionKind::Shared {
            continue;
        }
        let status = derive(conn, people, &d)?.0;
        if status == DecisionStatus::Superseded {
            continue;
        }
        shared.push(SnapshotDecision {
            id: d.id,
            topic: d.topic,
            title: d.title,
            outcome: d.outcome,
            status,
            linked_items: d.linked_items,
        });
    }
    Ok(Snapshot {
        roadmap_id,
        roadmap_name: roadmap.name,
        em_name: roadmap.em_name,
        pm_name: roadmap.pm_name,
        items,
        decisions: shared,
    })
}

fn load(conn: &Connection, id: i64) -> ApiResult<BaselineRow> {
    baselines::get(conn, id)?.ok_or_else(|| ApiError::not_found("baseline", id))
}

/// The stored snapshot, refused if it no longer hashes to what was signed.
fn intact_snapshot(row: &BaselineRow) -> ApiResult<Snapshot> {
    let damaged = || {
        ApiError::new(
            ErrorCode::Storage,
            format!("baseline \u{201c}{}\u{201d} no longer matches the hash it was signed with", row.name),
        )
    };
    if ContentHash::of_canonical(&row.snapshot).to_hex() != row.content_hash {
        return Err(damaged());
    }
    serde_json::from_str(&row.snapshot).map_err(|_| damaged())
}

fn view(conn: &Connection, people: &[(ProfileId, PublicIdentity)], row: &BaselineRow) -> ApiResult<BaselineView> {
    let snapshot = intact_snapshot(row).ok();
    let hash = ContentHash::of_canonical(&row.snapshot);
    let signoff = signoff_state(conn, people, row.roadmap_id, Subject::Baseline(row.id), hash, PARTNERS)?;
    Ok(BaselineView {
        id: row.id,
        name: row.name.clone(),
        created_by_name: row.created_by_name.clone(),
        created_at: row.created_at.clone(),
        item_count: snapshot.as_ref().map_or(0, |s| s.items.len() as u32),
        intact: snapshot.is_some(),
        signoff,
    })
}

impl Accord {
    pub fn baselines(&self, roadmap_id: RoadmapId) -> ApiResult<Vec<BaselineView>> {
        self.roadmap(roadmap_id)?;
        let conn = self.store.conn();
        let people = signoffs::identities(conn)?;
        baselines::list(conn, roadmap_id)?.iter().map(|row| view(conn, &people, row)).collect()
    }

    pub fn baseline(&self, id: i64) -> ApiResult<BaselineView> {
        let conn = self.store.conn();
        view(conn, &signoffs::identities(conn)?, &load(conn, id)?)
    }

    /// Takes the roadmap's snapshot as it stands and signs it as its creator;
    /// the other partner signs the same snapshot afterwards.
    pub fn create_baseline(&mut self, actor: ProfileId, req: NewBaseline) -> ApiResult<BaselineView> {
        self.create_baseline_with(actor, req.roadmap_id, &req.name, Some(Proof::Passphrase(&req.passphrase)))
    }

    /// Takes the snapshot; signs it as its creator with `proof`, or leaves
    /// it for its creator to sign on their own machine (`None`: a guest
    /// cannot sign content it has not seen hashed yet).
    pub(crate) fn create_baseline_with(
        &mut self,
        actor: ProfileId,
        roadmap_id: RoadmapId,
        name: &str,
        proof: Option<Proof<'_>>,
    ) -> ApiResult<BaselineView> {
        let req = NewBaseline { roadmap_id, name: name.to_string(), passphrase: String::new() };
        let actor = self.profile(actor)?;
        authorize_signature(actor.role, PARTNERS)?;
        let name = validate::required_line("baseline name", &req.name, Limits::TITLE_MAX)?;
        self.roadmap(req.roadmap_id)?;
        let at = accord_store::now();
        let id = self.store.write(|tx| {
            let snap = snapshot(tx, req.roadmap_id)?;
            let (canonical, hash) = ContentHash::canonical(&snap).map_err(|e| ApiError::invalid(e.to_string()))?;
            let id = baselines::insert(tx, req.roadmap_id, &name, &canonical, &hash.to_hex(), actor.id, &at)?;
            if let Some(proof) = proof {
                sign(tx, &actor, proof, req.roadmap_id, Subject::Baseline(id), 1, hash, &at)?;
            }
            history::append(
                tx,
                &Change {
                    roadmap_id: req.roadmap_id,
                    item_id: None,
                    decision_id: None,
                    actor: &actor,
                    at: &at,
                    action: HistoryAction::BaselineCreated,
                    field: "baseline",
                    before: "",
                    after: &name,
                    undoes: None,
                },
            )?;
            Ok::<_, ApiError>(id)
        })?;
        self.baseline(id)
    }

    pub fn sign_baseline(&mut self, actor: ProfileId, req: SignBaseline) -> ApiResult<BaselineView> {
        self.sign_baseline_with(actor, req.baseline_id, Proof::Passphrase(&req.passphrase))
    }

    pub(crate) fn sign_baseline_with(
        &mut self,
        actor: ProfileId,
        id: i64,
        proof: Proof<'_>,
    ) -> ApiResult<BaselineView> {
        let actor = self.profile(actor)?;
        authorize_signature(actor.role, PARTNERS)?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let row = load(tx, id)?;
            intact_snapshot(&row)?;
            let hash = ContentHash::of_canonical(&row.snapshot);
            sign(tx, &actor, proof, row.roadmap_id, Subject::Baseline(row.id), 1, hash, &at)
        })?;
        self.baseline(id)
    }

    /// What changed from baseline `from` to baseline `to`, or to the roadmap
    /// as it is now when `to` is `None`.
    pub fn baseline_diff(&self, from: i64, to: Option<i64>) -> ApiResult<BaselineDiff> {
        let conn = self.store.conn();
        let from_row = load(conn, from)?;
        let a = intact_snapshot(&from_row)?;
        let (b, to_name) = match to {
            Some(id) => {
                let row = load(conn, id)?;
                if row.roadmap_id != from_row.roadmap_id {
                    return Err(ApiError::invalid("the two baselines are of different roadmaps"));
                }
                (intact_snapshot(&row)?, row.name)
            }
            None => (snapshot(conn, from_row.roadmap_id)?, "Now".to_string()),
        };
        Ok(BaselineDiff { from_id: from, from_name: from_row.name, to_id: to, to_name, changes: diff(&a, &b) })
    }
}
