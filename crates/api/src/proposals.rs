//! Influence without override: the other partner proposes, the owner answers.

use accord_domain::{
    authorize, validate, Action, Field, HistoryAction, Item, ItemId, Limits, PlanningValue, Profile, ProfileId,
    Proposal, ProposalStatus, RankTarget,
};
use accord_store::proposals::{self, NewProposal};
use accord_store::rusqlite::Connection;

use crate::items::apply_dimension;
use crate::planning::{apply_move, apply_planning, checked, index_for, keeps_framing};
use crate::record::{current, record, reload};
use crate::trade_offs::record_trade_off;
use crate::{Accord, ApiError, ApiResult, ErrorCode, ProposeChange, RespondToProposal, TradeOff};

impl Accord {
    pub fn propose(&mut self, actor: ProfileId, req: ProposeChange) -> ApiResult<Proposal> {
        let actor = self.profile(actor)?;
        authorize(actor.role, req.dimension, Action::Propose)?;
        let text = crate::record::dimension_text(req.dimension, &req.text)?;
        let at = accord_store::now();
        let id = self.store.write(|tx| {
            let item = current(tx, req.item_id, req.base_revision)?;
            if item.archived {
                return Err(ApiError::invalid("the item is archived; restore it first"));
            }
            let before = item.matrix.get(req.dimension);
            if before == text {
                return Err(ApiError::invalid(format!(
                    "the proposed {} is the same as the current one",
                    req.dimension.as_str()
                )));
            }
            let id = proposals::insert(
                tx,
                &NewProposal {
                    item_id: item.id,
                    field: req.dimension.into(),
                    body: &text,
                    before_text: before,
                    base_revision: item.revision,
                    author_id: actor.id,
                    at: &at,
                },
            )?;
            record(tx, &item, &actor, &at, HistoryAction::ProposalFiled, req.dimension.as_str(), before, &text)?;
            Ok(id)
        })?;
        self.proposal(id)
    }

    pub fn proposal(&self, id: i64) -> ApiResult<Proposal> {
        proposals::get(self.store.conn(), id)?.ok_or_else(|| ApiError::not_found("proposal", id))
    }

    pub fn proposals(&self, item_id: ItemId) -> ApiResult<Vec<Proposal>> {
        self.item(item_id)?;
        Ok(proposals::for_item(self.store.conn(), item_id)?)
    }

    /// The owner accepts (the proposal becomes the owner's edit) or declines
    /// with a reason. Returns the item as it now is.
    pub fn respond(&mut self, actor: ProfileId, req: RespondToProposal) -> ApiResult<Item> {
        let actor = self.profile(actor)?;
        let proposal = self.proposal(req.proposal_id)?;
        if proposal.item_id != req.item_id {
            return Err(ApiError::invalid(format!(
                "proposal {} belongs to another item, not to item {}",
                proposal.id, req.item_id
            )));
        }
        let action = if req.accept { Action::Accept } else { Action::Decline };
        authorize(actor.role, proposal.field, action)?;
        let reason = validate::text("reason", &req.reason, Limits::REASON_MAX)?;
        if !req.accept && reason.trim().is_empty() {
            return Err(ApiError::invalid("reason: say why the proposal is declined"));
        }
        let status = proposal
            .status
            .respond(req.accept)
            .map_err(|answered| ApiError::invalid(format!("this proposal was already {}", answered.as_str())))?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let item = current(tx, proposal.item_id, req.base_revision)?;
            if !proposals::respond(tx, proposal.id, status, &reason, actor.id, &at)? {
                return Err(ApiError::invalid("this proposal was answered in the meantime"));
            }
            if status == ProposalStatus::Accepted {
                if item.archived {
                    return Err(ApiError::invalid("the item is archived; restore it first"));
                }
                accept(tx, &item, &proposal, req.trade_off.as_ref(), &actor, &at)
            } else {
                record(
                    tx,
                    &item,
                    &actor,
                    &at,
                    HistoryAction::ProposalDeclined,
                    proposal.field.as_str(),
                    &proposal.body,
                    &reason,
                )?;
                reload(tx, item.id)
            }
        })
    }
}

/// Applies an accepted proposal as the owner's change of its field.
fn accept(
    tx: &Connection,
    item: &Item,
    proposal: &Proposal,
    trade_off: Option<&TradeOff>,
    actor: &Profile,
    at: &str,
) -> ApiResult<Item> {
    let accepted = HistoryAction::ProposalAccepted;
    let unreadable = || ApiError::new(ErrorCode::Internal, format!("proposal {} cannot be read back", proposal.id));
    if let Some(dimension) = proposal.field.dimension() {
        record_trade_off(tx, item, dimension, &proposal.body, trade_off, actor, at)?;
        return apply_dimension(tx, item, actor, at, dimension, &proposal.body, accepted, None);
    }
    if proposal.field == Field::Rank {
        let target: RankTarget = serde_json::from_str(&proposal.body).map_err(|_| unreadable())?;
        let to = index_for(tx, item, target)?;
        return Ok(apply_move(tx, item, actor, at, to, accepted, None)?.0);
    }
    let value: PlanningValue = serde_json::from_str(&proposal.body).map_err(|_| unreadable())?;
    let value = checked(tx, item, value)?;
    keeps_framing(item, &value)?;
    apply_planning(tx, item, actor, at, value, accepted, None)
}
