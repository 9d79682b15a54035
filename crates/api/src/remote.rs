//! Ops a planning-session guest sends to the host. The host applies each
//! with the guest's own decision rights (its paired profile, never a role the
//! op claims), at most once per client op id: a re-sent op gets its first
//! outcome back. Applied ops are logged in the transaction of their change;
//! rejected ones are logged after, with nothing else written.

use accord_domain::{authorize, Action, ProfileId, RoadmapId, Subject};
use accord_store::op_log::{self, OpEntry, Outcome};
use serde::Serialize;

use crate::remote_op::{Effect, RemoteOp, RemoteOutcome, CLIENT_OP_ID_MAX};
use crate::signoff::Proof;
use crate::{Accord, ApiError, ApiResult, ErrorCode, ResolveEscalation};

impl Accord {
    /// Applies `op` from `peer` to the session's roadmap, exactly once per
    /// `client_op_id`. An `Err` means the op was not even logged (a bad op
    /// id, an op for another roadmap, or a storage failure); the guest may
    /// send it again.
    pub fn apply_remote(
        &mut self,
        roadmap_id: RoadmapId,
        peer: ProfileId,
        client_op_id: &str,
        op: &RemoteOp,
    ) -> ApiResult<RemoteOutcome> {
        self.apply_remote_after(roadmap_id, peer, client_op_id, op, None)
    }

    /// As [`Accord::apply_remote`], for an op the guest built on its own
    /// earlier op `after` (the same item, changed while that one was still
    /// unanswered): if `after` was not applied, this one is refused as
    /// stale too, whatever revision it names, so it can never land on a
    /// state its author did not see.
    pub fn apply_remote_after(
        &mut self,
        roadmap_id: RoadmapId,
        peer: ProfileId,
        client_op_id: &str,
        op: &RemoteOp,
        after: Option<&str>,
    ) -> ApiResult<RemoteOutcome> {
        if client_op_id.trim().is_empty() || client_op_id.len() > CLIENT_OP_ID_MAX {
            return Err(ApiError::invalid(format!(
                "an op id is 1 to {CLIENT_OP_ID_MAX} characters; this one has {}",
                client_op_id.len()
            )));
        }
        if let Some(logged) = op_log::find(self.store.conn(), client_op_id)? {
            return self.replay(peer, op, logged);
        }
        self.profile(peer)?;
        self.check_roadmap(roadmap_id, op)?;

        let entry = OpEntry {
            client_op_id: client_op_id.to_string(),
            roadmap_id,
            peer_id: peer,
            kind: op.kind().to_string(),
            body: serde_json::to_string(op).map_err(|e| ApiError::invalid(e.to_string()))?,
            at: accord_store::now(),
        };
        let built_on_refused = match after {
            Some(prev) => !matches!(op_log::find(self.store.conn(), prev)?, Some(l) if l.outcome == Outcome::Applied),
            None => false,
        };
        let applied = if built_on_refused {
            // Not the peer's to make at all: say that first.
            let role = self.profile(peer)?.role;
            let forbidden = match op {
                RemoteOp::EditDimension(e) => authorize(role, e.dimension, Action::Edit).err(),
                _ => None,
            };
            let current = op.item_id().and_then(|id| self.item(id).ok());
            let message = "it was made on top of an earlier change of yours that was refused; nothing was written";
            Err(forbidden.map(ApiError::from).unwrap_or(ApiError {
                code: ErrorCode::StaleRevision,
                message: message.into(),
                current: current.map(Box::new),
            }))
        } else {
            self.store.log_next_write(entry.clone());
            let applied = self.dispatch(peer, op.clone());
            self.store.forget_op();
            applied
        };
        match applied {
            Ok(effect) => {
                let seq = op_log::find(self.store.conn(), client_op_id)?
                    .map(|l| l.seq)
                    .ok_or_else(|| ApiError::new(ErrorCode::Storage, "an applied op was not logged"))?;
                Ok(RemoteOutcome::Applied { seq, effect: Some(Box::new(effect)) })
            }
            // Not the op's fault: nothing is logged, so the guest may send it again.
            Err(error) if matches!(error.code, ErrorCode::Storage | ErrorCode::Internal) => Err(error),
            Err(error) => {
                let outcome = Outcome::Rejected { code: code_name(error.code), message: error.message.clone() };
                let seq = self.store.write(|tx| op_log::append(tx, &entry, &outcome))?;
                Ok(RemoteOutcome::Rejected { seq, error })
            }
        }
    }

    fn dispatch(&mut self, peer: ProfileId, op: RemoteOp) -> ApiResult<Effect> {
        let item = |item: accord_domain::Item| Ok(Effect { view: json(&item)?, item: Some(item) });
        match op {
            RemoteOp::CreateItem(r) => item(self.create_item(peer, r)?),
            RemoteOp::UpdateItem(r) => item(self.update_item(peer, r)?),
            RemoteOp::EditDimension(r) => item(self.edit_dimension(peer, r)?),
            RemoteOp::MoveItem(r) => item(self.move_item(peer, r)?.item),
            RemoteOp::ProposeChange(r) => {
                let item_id = r.item_id;
                let proposal = self.propose(peer, r)?;
                Ok(Effect { item: Some(self.item(item_id)?), view: json(&proposal)? })
            }
            RemoteOp::RespondToProposal(r) => item(self.respond(peer, r)?),
            RemoteOp::Sign(r) => {
                let proof = Proof::Signed(&r.signature);
                match r.subject {
                    Subject::ItemWhen(id) => view(&self.sign_when_with(peer, id, r.base_revision, proof)?),
                    Subject::Decision(id) => view(&self.sign_decision_with(peer, id, r.base_revision, proof)?),
                    Subject::Baseline(id) if r.base_revision == 1 => view(&self.sign_baseline_with(peer, id, proof)?),
                    Subject::Baseline(_) => {
                        Err(ApiError::new(ErrorCode::StaleRevision, "a baseline is signed at revision 1"))
                    }
                }
            }
            RemoteOp::CreateDecision(r) => view(&self.create_decision(peer, r)?),
            RemoteOp::UpdateDecision(r) => view(&self.update_decision(peer, r)?),
            RemoteOp::SupersedeDecision(r) => view(&self.supersede_decision(peer, r)?),
            RemoteOp::WritePosition(r) => view(&self.write_position(peer, r)?),
            RemoteOp::EscalateDecision(r) => view(&self.escalate(peer, r)?),
            RemoteOp::ResolveEscalation(r) => {
                let req = ResolveEscalation {
                    decision_id: r.decision_id,
                    base_revision: r.base_revision,
                    outcome: r.outcome,
                    decided_by: r.decided_by,
                    passphrase: String::new(),
                };
                view(&self.resolve_escalation_with(peer, req, r.signature.as_ref().map(Proof::Signed))?)
            }
            RemoteOp::CreateBaseline(r) => view(&self.create_baseline_with(peer, r.roadmap_id, &r.name, None)?),
            RemoteOp::SetPlanning(r) => item(self.set_planning(peer, r)?),
            RemoteOp::ProposePlanning(r) => {
                let item_id = r.item_id;
                let proposal = self.propose_planning(peer, r)?;
                Ok(Effect { item: Some(self.item(item_id)?), view: json(&proposal)? })
            }
            RemoteOp::ProposeMove(r) => {
                let item_id = r.item_id;
                let proposal = self.propose_move(peer, r)?;
                Ok(Effect { item: Some(self.item(item_id)?), view: json(&proposal)? })
            }
            RemoteOp::CreateGoal(r) => view(&self.create_goal(peer, r)?),
            RemoteOp::UpdateGoal(r) => view(&self.update_goal(peer, r)?),
            RemoteOp::ProposeGoalChange(r) => view(&self.propose_goal_change(peer, r)?),
            RemoteOp::RespondToGoalProposal(r) => view(&self.respond_to_goal_proposal(peer, r)?),
            RemoteOp::AnswerHealthCheck(r) => view(&self.answer_health_check(peer, r)?),
            RemoteOp::SetHealthInterval(r) => view(&self.set_health_interval(peer, r)?),
            RemoteOp::MarkSyncHeld(r) => view(&self.mark_sync_held(peer, r)?),
            RemoteOp::AddComment(r) => view(&self.add_comment(peer, r)?),
            RemoteOp::Undo { roadmap_id } => {
                let undone = self.undo(peer, roadmap_id)?;
                Ok(Effect { item: Some(undone.item.clone()), view: json(&undone)? })
            }
        }
    }

    /// A session works on one roadmap: an op aimed elsewhere is refused unlogged.
    fn check_roadmap(&self, roadmap_id: RoadmapId, op: &RemoteOp) -> ApiResult<()> {
        let decision = |id| crate::decisions::load(self.store.conn(), id).map(|d| d.roadmap_id);
        let target = match op {
            RemoteOp::CreateItem(r) => r.roadmap_id,
            RemoteOp::CreateDecision(r) => r.roadmap_id,
            RemoteOp::CreateBaseline(r) => r.roadmap_id,
            RemoteOp::UpdateDecision(r) => decision(r.decision_id)?,
            RemoteOp::SupersedeDecision(r) => decision(r.decision_id)?,
            RemoteOp::WritePosition(r) => decision(r.decision_id)?,
            RemoteOp::EscalateDecision(r) => decision(r.decision_id)?,
            RemoteOp::ResolveEscalation(r) => decision(r.decision_id)?,
            RemoteOp::Sign(r) => self.roadmap_of(r.subject)?,
            RemoteOp::CreateGoal(r) => r.roadmap_id,
            RemoteOp::UpdateGoal(r) => self.goal(r.goal_id)?.roadmap_id,
            RemoteOp::ProposeGoalChange(r) => self.goal(r.goal_id)?.roadmap_id,
            RemoteOp::RespondToGoalProposal(r) => {
                let p = accord_store::goals::proposal(self.store.conn(), r.proposal_id)?
                    .ok_or_else(|| ApiError::not_found("goal proposal", r.proposal_id))?;
                self.goal(p.goal_id)?.roadmap_id
            }
            RemoteOp::AnswerHealthCheck(r) => r.roadmap_id,
            RemoteOp::SetHealthInterval(r) => r.roadmap_id,
            RemoteOp::MarkSyncHeld(r) => r.roadmap_id,
            RemoteOp::AddComment(r) => self.thread_roadmap(r.item_id, r.decision_id)?,
            RemoteOp::Undo { roadmap_id: target } => *target,
            _ => match op.item_id() {
                Some(id) => self.item(id)?.roadmap_id,
                None => roadmap_id,
            },
        };
        refuse_other_roadmap(roadmap_id, target)
    }

    /// The roadmap a signature's subject belongs to.
    pub(crate) fn roadmap_of(&self, subject: Subject) -> ApiResult<RoadmapId> {
        let conn = self.store.conn();
        Ok(match subject {
            Subject::ItemWhen(id) => self.item(id)?.roadmap_id,
            Subject::Decision(id) => crate::decisions::load(conn, id)?.roadmap_id,
            Subject::Baseline(id) => {
                accord_store::baselines::get(conn, id)?.ok_or_else(|| ApiError::not_found("baseline", id))?.roadmap_id
            }
        })
    }

    fn replay(&self, peer: ProfileId, op: &RemoteOp, logged: op_log::Logged) -> ApiResult<RemoteOutcome> {
        // Op ids are random per guest: the same id from someone else, or for
        // another op, is a forgery or a bug, never a retry.
        let same_op = serde_json::to_string(op).ok().as_deref() == Some(logged.entry.body.as_str());
        if logged.entry.peer_id != peer || !same_op {
            return Err(ApiError::invalid(format!(
                "op id {} was already used for another op",
                logged.entry.client_op_id
            )));
        }
        Ok(match logged.outcome {
            Outcome::Applied => RemoteOutcome::Applied { seq: logged.seq, effect: None },
            Outcome::Rejected { code, message } => {
                let code = code_from_name(&code);
                let current = if code == ErrorCode::StaleRevision {
                    op.shown_item().and_then(|id| self.item(id).ok())
                } else {
                    None
                };
                RemoteOutcome::Rejected {
                    seq: logged.seq,
                    error: ApiError { code, message, current: current.map(Box::new) },
                }
            }
        })
    }
}

fn code_name(code: ErrorCode) -> String {
    serde_json::to_value(code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn code_from_name(name: &str) -> ErrorCode {
    serde_json::from_value(serde_json::Value::String(name.into())).unwrap_or(ErrorCode::InvalidInput)
}

pub(crate) fn refuse_other_roadmap(session: RoadmapId, target: RoadmapId) -> ApiResult<()> {
    if target != session {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            format!("this planning session works on roadmap {session}, not roadmap {target}"),
        ));
    }
    Ok(())
}

/// A result as its sender's window reads it.
pub(crate) fn json<T: Serialize>(value: &T) -> ApiResult<serde_json::Value> {
    serde_json::to_value(value)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("cannot encode the answer: {e}")))
}

fn view<T: Serialize>(value: &T) -> ApiResult<Effect> {
    Ok(Effect { item: None, view: json(value)? })
}
