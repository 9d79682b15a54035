//! Influence without override: the other partner proposes, the owner answers.

use accord_domain::{
    authorize, validate, Action, HistoryAction, Item, ItemId, Limits, ProfileId, Proposal, ProposalStatus,
};
use accord_store::proposals::{self, NewProposal};

use crate::items::{apply_dimension, current, record, reload};
use crate::trade_offs::record_trade_off;
use crate::{Accord, ApiError, ApiResult, ProposeChange, RespondToProposal};

impl Accord {
    pub fn propose(&mut self, actor: ProfileId, req: ProposeChange) -> ApiResult<Proposal> {
        let actor = self.profile(actor)?;
        authorize(actor.role, req.dimension, Action::Propose)?;
        let text = validate::text(req.dimension.as_str(), &req.text, Limits::DIMENSION_MAX)?;
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
                    dimension: req.dimension,
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
        authorize(actor.role, proposal.dimension, action)?;
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
                let body = &proposal.body;
                record_trade_off(tx, &item, proposal.dimension, body, req.trade_off.as_ref(), &actor, &at)?;
                apply_dimension(
                    tx,
                    &item,
                    &actor,
                    &at,
                    proposal.dimension,
                    &proposal.body,
                    HistoryAction::ProposalAccepted,
                )
            } else {
                record(
                    tx,
                    &item,
                    &actor,
                    &at,
                    HistoryAction::ProposalDeclined,
                    proposal.dimension.as_str(),
                    &proposal.body,
                    &reason,
                )?;
                reload(tx, item.id)
            }
        })
    }
}
