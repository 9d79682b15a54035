//! An item's planning fields (goals, RICE, tech-debt framing), the rank as
//! the PM's decision, the score beside it and the capacity share.

use accord_domain::{
    authorize, check_commitment, Action, DecisionStatus, DecisionTopic, Field, HistoryAction, Item, ItemKind, Limits,
    PlanningValue, Profile, ProfileId, Proposal, RankTarget, RoadmapId,
};
use accord_store::items::{self, Column};
use accord_store::proposals::{self, NewProposal};
use accord_store::rusqlite::Connection;

use crate::record::{current, live, lost_race, record, reload};
use crate::signoff::{when_state, Signers};
use crate::{
    Accord, ApiError, ApiResult, CapacityPart, CapacityView, ErrorCode, ItemScore, ProposeMove, SetPlanning, WhenState,
};

/// How far, in percentage points, a kind's share of committed effort may
/// sit from the agreed share and still respect it.
pub const CAPACITY_TOLERANCE: f64 = 5.0;

/// A planning value checked against its scale and, for goal links,
/// against the roadmap's live goals; dependencies against its items.
pub(crate) fn checked(conn: &Connection, item: &Item, value: PlanningValue) -> ApiResult<PlanningValue> {
    let roadmap_id = item.roadmap_id;
    let value = value.validated()?;
    if let PlanningValue::DependsOn(ids) = &value {
        crate::dependencies::check_dependencies(conn, item, ids)?;
    }
    if let PlanningValue::Goals(ids) = &value {
        for &id in ids {
            let goal = accord_store::goals::get(conn, id)?.ok_or_else(|| ApiError::not_found("goal", id))?;
            if goal.roadmap_id != roadmap_id {
                return Err(ApiError::invalid(format!("goal {id} belongs to another roadmap")));
            }
            if goal.archived {
                return Err(ApiError::invalid(format!(
                    "the goal \u{201c}{}\u{201d} is archived; restore it before linking items to it",
                    goal.fields.objective
                )));
            }
        }
    }
    Ok(value)
}

/// Writes one planning field and its history line; shared by direct
/// edits, accepted proposals and undo.
pub(crate) fn apply_planning(
    tx: &Connection,
    item: &Item,
    actor: &Profile,
    at: &str,
    value: PlanningValue,
    action: HistoryAction,
    undoes: Option<i64>,
) -> ApiResult<Item> {
    let field = value.field();
    if let PlanningValue::DependsOn(ids) = &value {
        // Checked where it is written: the roadmap may have changed since a proposal was filed.
        crate::dependencies::check_dependencies(tx, item, ids)?;
    }
    let before = item.planning.get(field).map(|v| v.to_text()).unwrap_or_default();
    let after = value.to_text();
    if item.planning.get(field).as_ref() == Some(&value) && action == HistoryAction::PlanningChanged {
        return Ok(item.clone());
    }
    let mut planning = item.planning.clone();
    planning.set(value);
    let json = crate::record::planning_json(&planning)?;
    if !items::set_if_current(tx, item.id, item.revision, Column::Planning, &json, at)? {
        return Err(lost_race(tx, item.id));
    }
    crate::record::record_undo(tx, item, actor, at, action, field.as_str(), &before, &after, undoes)?;
    reload(tx, item.id)
}

/// Where an item lands in the visible order when it goes above or below another.
pub(crate) fn index_for(conn: &Connection, item: &Item, target: RankTarget) -> ApiResult<usize> {
    let (RankTarget::Above(other) | RankTarget::Below(other)) = target;
    if other == item.id {
        return Err(ApiError::invalid("an item cannot move above or below itself"));
    }
    let mut order = items::order(conn, item.roadmap_id)?;
    order.retain(|&id| id != item.id);
    let at = order.iter().position(|&id| id == other).ok_or_else(|| {
        ApiError::invalid(format!("item {other} is not a live item of this roadmap: it cannot be moved next to"))
    })?;
    Ok(match target {
        RankTarget::Above(_) => at,
        RankTarget::Below(_) => at + 1,
    })
}

/// Moves `item` to `to` in the visible order with its history line.
pub(crate) fn apply_move(
    tx: &Connection,
    item: &Item,
    actor: &Profile,
    at: &str,
    to: usize,
    action: HistoryAction,
    undoes: Option<i64>,
) -> ApiResult<(Item, Vec<i64>)> {
    let mut order = items::order(tx, item.roadmap_id)?;
    let from = order.iter().position(|&id| id == item.id).expect("a live item is in its roadmap's order");
    let to = to.min(order.len() - 1);
    if from == to && action == HistoryAction::Moved {
        return Ok((item.clone(), order));
    }
    order.remove(from);
    order.insert(to, item.id);
    if !items::touch_if_current(tx, item.id, item.revision, at)? {
        return Err(lost_race(tx, item.id));
    }
    items::renumber(tx, &order)?;
    let (before, after) = ((from + 1).to_string(), (to + 1).to_string());
    crate::record::record_undo(tx, item, actor, at, action, "rank", &before, &after, undoes)?;
    Ok((reload(tx, item.id)?, order))
}

/// A rank proposal's body in words: "above “Checkout”".
pub(crate) fn rank_text(conn: &Connection, target: RankTarget) -> ApiResult<String> {
    let (place, id) = match target {
        RankTarget::Above(id) => ("above", id),
        RankTarget::Below(id) => ("below", id),
    };
    let title = items::get(conn, id)?.map(|i| i.title).unwrap_or_else(|| format!("item {id}"));
    Ok(format!("{place} \u{201c}{title}\u{201d}"))
}

fn framing_error(e: accord_domain::FramingMissing) -> ApiError {
    ApiError::new(ErrorCode::FramingRequired, e.to_string())
}

/// A tech-debt item stays uncommitted until it is framed in business terms.
pub(crate) fn check_committable(item: &Item, kind: ItemKind, committed: bool) -> ApiResult<()> {
    check_commitment(&item.title, kind, committed, &item.planning).map_err(framing_error)
}

/// Clearing framing from a committed tech-debt item would undo the
/// condition of its commitment: refused on every path that writes a
/// planning value (a direct edit, an accepted proposal, an undo).
pub(crate) fn keeps_framing(item: &Item, value: &PlanningValue) -> ApiResult<()> {
    if item.status.is_committed() && item.kind == ItemKind::TechDebt {
        let mut after = item.clone();
        after.planning.set(value.clone());
        check_committable(&after, after.kind, true)?;
    }
    Ok(())
}

impl Accord {
    /// The owner sets a planning field (confidence: either partner).
    pub fn set_planning(&mut self, actor: ProfileId, req: SetPlanning) -> ApiResult<Item> {
        let actor = self.profile(actor)?;
        authorize(actor.role, req.value.field(), Action::Edit)?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let item = live(current(tx, req.item_id, req.base_revision)?)?;
            let value = checked(tx, &item, req.value)?;
            keeps_framing(&item, &value)?;
            apply_planning(tx, &item, &actor, &at, value, HistoryAction::PlanningChanged, None)
        })
    }

    /// The other partner proposes a planning value to the field's owner.
    pub fn propose_planning(&mut self, actor: ProfileId, req: SetPlanning) -> ApiResult<Proposal> {
        let actor = self.profile(actor)?;
        let field = req.value.field();
        authorize(actor.role, field, Action::Propose)?;
        let at = accord_store::now();
        let id = self.store.write(|tx| {
            let item = live(current(tx, req.item_id, req.base_revision)?)?;
            let value = checked(tx, &item, req.value)?;
            if item.planning.get(field).as_ref() == Some(&value) {
                return Err(ApiError::invalid(format!(
                    "the proposed {} is the same as the current one",
                    field.label()
                )));
            }
            let before = item.planning.get(field).map(|v| v.to_text()).unwrap_or_default();
            let body = serde_json::to_string(&value).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
            file(tx, &item, &actor, &at, field, &body, &before, &value.to_text())
        })?;
        self.proposal(id)
    }

    /// An EM's reorder: a proposal to the PM ("move X above Y").
    pub fn propose_move(&mut self, actor: ProfileId, req: ProposeMove) -> ApiResult<Proposal> {
        let actor = self.profile(actor)?;
        authorize(actor.role, Field::Rank, Action::Propose)?;
        let at = accord_store::now();
        let id = self.store.write(|tx| {
            let item = live(current(tx, req.item_id, req.base_revision)?)?;
            let to = index_for(tx, &item, req.target)?;
            if to as i64 + 1 == item.rank {
                return Err(ApiError::invalid(format!("\u{201c}{}\u{201d} is already there", item.title)));
            }
            let body =
                serde_json::to_string(&req.target).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
            let words = rank_text(tx, req.target)?;
            file(tx, &item, &actor, &at, Field::Rank, &body, &item.rank.to_string(), &words)
        })?;
        self.proposal(id)
    }

    /// Scores in score order (incomplete ones last, in rank order), each
    /// marked where its rank sits far from its place by score.
    pub fn scores(&self, roadmap_id: RoadmapId) -> ApiResult<Vec<ItemScore>> {
        let items = self.items(roadmap_id, false)?;
        Ok(score_items(&items))
    }

    /// Committed effort in the current horizon against the agreed capacity share.
    pub fn capacity(&self, roadmap_id: RoadmapId) -> ApiResult<CapacityView> {
        let conn = self.store.conn();
        let mut agreed = None;
        let mut pending = None;
        for d in self.decisions(roadmap_id)? {
            if d.topic != DecisionTopic::CapacityShare {
                continue;
            }
            match d.status {
                DecisionStatus::Agreed if agreed.is_none() => agreed = Some(d.id),
                DecisionStatus::Proposed | DecisionStatus::Draft | DecisionStatus::Escalated
                    if pending.is_none() && agreed.is_none() =>
                {
                    pending = Some(d.id)
                }
                _ => {}
            }
        }
        let share = match agreed {
            Some(id) => crate::decisions::load(conn, id)?.capacity,
            None => None,
        };
        let quarter = current_quarter();
        let mut effort = [0.0f64; 3];
        let mut unestimated = 0;
        for item in self.items(roadmap_id, false)? {
            let in_horizon = item.horizon == "now" || item.horizon == quarter;
            if !in_horizon || !item.status.is_committed() {
                continue;
            }
            match item.planning.effort {
                Some(e) => effort[kind_index(item.kind)] += e,
                None => unestimated += 1,
            }
        }
        let total: f64 = effort.iter().sum();
        let parts: Vec<CapacityPart> = ItemKind::ALL
            .iter()
            .map(|&kind| {
                let e = effort[kind_index(kind)];
                CapacityPart {
                    kind,
                    effort: e,
                    actual: if total > 0.0 { (e / total * 1000.0).round() / 10.0 } else { 0.0 },
                    agreed: share.map(|s| s.of(kind)),
                }
            })
            .collect();
        let respects = match (share, total > 0.0) {
            (Some(_), true) => {
                Some(parts.iter().all(|p| (p.actual - p.agreed.unwrap_or(0) as f64).abs() <= CAPACITY_TOLERANCE))
            }
            _ => None,
        };
        Ok(CapacityView {
            agreed_decision: agreed,
            agreed: share,
            pending_decision: pending,
            horizon: format!("now \u{00b7} {quarter}"),
            parts,
            unestimated,
            respects,
            tolerance: CAPACITY_TOLERANCE,
        })
    }

    /// Whether each live item's `when` is agreed (for the goals view's counts).
    pub(crate) fn agreed_whens(&self, roadmap_id: RoadmapId, items: &[Item]) -> ApiResult<Vec<bool>> {
        let conn = self.store.conn();
        let signers = Signers::load(conn, roadmap_id)?;
        items.iter().map(|i| Ok(when_state(conn, &signers, i)? == WhenState::Agreed)).collect()
    }
}

fn kind_index(kind: ItemKind) -> usize {
    match kind {
        ItemKind::Feature => 0,
        ItemKind::TechDebt => 1,
        ItemKind::Experiment => 2,
    }
}

/// The calendar quarter today falls in, as a horizon: "2026-Q4".
pub(crate) fn current_quarter() -> String {
    use chrono::Datelike;
    let today = chrono::Utc::now().date_naive();
    format!("{}-Q{}", today.year(), (today.month() - 1) / 3 + 1)
}

/// Scores in score order, incomplete last; the far-from-rank mark compares
/// an item's place among the scored items by rank and by score.
pub fn score_items(items: &[Item]) -> Vec<ItemScore> {
    let mut scored: Vec<(usize, f64)> =
        items.iter().enumerate().filter_map(|(i, item)| item.planning.score().map(|s| (i, s))).collect();
    let by_rank: Vec<usize> = scored.iter().map(|&(i, _)| i).collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let limit = accord_domain::planning::rank_gap_limit(scored.len());
    let mut out: Vec<ItemScore> = Vec::with_capacity(items.len());
    for (place, &(i, score)) in scored.iter().enumerate() {
        let rank_place = by_rank.binary_search(&i).expect("a scored item is in the rank order");
        let item = &items[i];
        out.push(ItemScore {
            item_id: item.id,
            rank: item.rank,
            score: Some(score),
            missing: Vec::new(),
            place_by_score: Some(place as u32 + 1),
            far_from_rank: rank_place.abs_diff(place) >= limit,
        });
    }
    for item in items.iter().filter(|i| i.planning.score().is_none()) {
        out.push(ItemScore {
            item_id: item.id,
            rank: item.rank,
            score: None,
            missing: item.planning.missing_factors(),
            place_by_score: None,
            far_from_rank: false,
        });
    }
    out
}

/// Files a proposal on `field` with its history line.
#[allow(clippy::too_many_arguments)] // the proposal's and the history line's columns
pub(crate) fn file(
    tx: &Connection,
    item: &Item,
    actor: &Profile,
    at: &str,
    field: Field,
    body: &str,
    before: &str,
    words: &str,
) -> ApiResult<i64> {
    if body.chars().count() > Limits::DIMENSION_MAX {
        return Err(ApiError::invalid(format!("the proposed {} is too long", field.label())));
    }
    let id = proposals::insert(
        tx,
        &NewProposal {
            item_id: item.id,
            field,
            body,
            before_text: before,
            base_revision: item.revision,
            author_id: actor.id,
            at,
        },
    )?;
    record(tx, item, actor, at, HistoryAction::ProposalFiled, field.as_str(), before, words)?;
    Ok(id)
}
