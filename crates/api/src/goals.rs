//! Company goals: the PM writes them, the EM proposes changes, items link
//! to them as part of their *why*.

use accord_domain::{authorize, validate, Action, Field, Goal, GoalId, HistoryAction, Limits, ProfileId, RoadmapId};
use accord_store::goals;
use accord_store::rusqlite::Connection;

use crate::record::record_roadmap;
use crate::{
    Accord, ApiError, ApiResult, GoalRow, GoalsView, NewGoal, ProposeGoalChange, RespondToGoalProposal, UpdateGoal,
};

/// Goals one roadmap may have.
pub const GOALS_PER_ROADMAP_MAX: usize = 200;

fn load(conn: &Connection, id: GoalId) -> ApiResult<Goal> {
    goals::get(conn, id)?.ok_or_else(|| ApiError::not_found("goal", id))
}

fn current(conn: &Connection, id: GoalId, base_revision: i64) -> ApiResult<Goal> {
    let goal = load(conn, id)?;
    if goal.revision != base_revision {
        return Err(ApiError::new(
            crate::ErrorCode::StaleRevision,
            format!(
                "the goal \u{201c}{}\u{201d} was changed by someone else (now at revision {}); review it and try again",
                goal.fields.objective, goal.revision
            ),
        ));
    }
    Ok(goal)
}

impl Accord {
    pub fn goals(&self, roadmap_id: RoadmapId) -> ApiResult<GoalsView> {
        let conn = self.store.conn();
        let items = self.items(roadmap_id, false)?;
        let agreed = self.agreed_whens(roadmap_id, &items)?;
        let goals = goals::list(conn, roadmap_id)?
            .into_iter()
            .map(|goal| {
                let mut row = GoalRow { items: Vec::new(), committed: 0, agreed: 0, goal };
                for (item, agreed) in items.iter().zip(&agreed) {
                    if item.planning.goals.contains(&row.goal.id) {
                        row.items.push(item.id);
                        if item.status.is_committed() {
                            row.committed += 1;
                            row.agreed += u32::from(*agreed);
                        }
                    }
                }
                row
            })
            .collect();
        Ok(GoalsView {
            goals,
            proposals: goals::proposals(conn, roadmap_id)?,
            unlinked_items: items.iter().filter(|i| i.planning.goals.is_empty()).map(|i| i.id).collect(),
        })
    }

    pub fn goal(&self, id: GoalId) -> ApiResult<Goal> {
        load(self.store.conn(), id)
    }

    /// The PM adds a goal.
    pub fn create_goal(&mut self, actor: ProfileId, req: NewGoal) -> ApiResult<Goal> {
        let actor = self.profile(actor)?;
        authorize(actor.role, Field::Goals, Action::Edit)?;
        self.roadmap(req.roadmap_id)?;
        let fields = req.fields.validated()?;
        let at = accord_store::now();
        let id = self.store.write(|tx| {
            if goals::list(tx, req.roadmap_id)?.len() >= GOALS_PER_ROADMAP_MAX {
                return Err(ApiError::invalid(format!("a roadmap has at most {GOALS_PER_ROADMAP_MAX} goals")));
            }
            let id = goals::insert(tx, req.roadmap_id, &fields, &at)?;
            record_roadmap(tx, req.roadmap_id, &actor, &at, HistoryAction::GoalCreated, "goal", &fields.objective)?;
            Ok(id)
        })?;
        self.goal(id)
    }

    /// The PM edits (or archives, or restores) a goal.
    pub fn update_goal(&mut self, actor: ProfileId, req: UpdateGoal) -> ApiResult<Goal> {
        let actor = self.profile(actor)?;
        authorize(actor.role, Field::Goals, Action::Edit)?;
        let fields = req.fields.validated()?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let goal = current(tx, req.goal_id, req.base_revision)?;
            if goal.fields == fields && goal.archived == req.archived {
                return Ok(goal);
            }
            if !goals::update_if_current(tx, goal.id, goal.revision, &fields, req.archived, &at)? {
                return Err(current(tx, goal.id, req.base_revision)
                    .err()
                    .unwrap_or_else(|| ApiError::invalid("lost a race")));
            }
            let what = if req.archived && !goal.archived { "archived" } else { "goal" };
            let line = format!("{}: {}", fields.objective, fields.target());
            record_roadmap(tx, goal.roadmap_id, &actor, &at, HistoryAction::GoalEdited, what, &line)?;
            load(tx, goal.id)
        })
    }

    /// The EM proposes a change to a goal, for the PM to answer.
    pub fn propose_goal_change(
        &mut self,
        actor: ProfileId,
        req: ProposeGoalChange,
    ) -> ApiResult<accord_domain::GoalProposal> {
        let actor = self.profile(actor)?;
        authorize(actor.role, Field::Goals, Action::Propose)?;
        let fields = req.fields.validated()?;
        let at = accord_store::now();
        let id = self.store.write(|tx| {
            let goal = current(tx, req.goal_id, req.base_revision)?;
            if goal.archived {
                return Err(ApiError::invalid("the goal is archived"));
            }
            if goal.fields == fields {
                return Err(ApiError::invalid("the proposed goal is the same as the current one"));
            }
            let id = goals::insert_proposal(tx, &goal, &fields, actor.id, &at)?;
            let line = format!("{}: {}", fields.objective, fields.target());
            record_roadmap(tx, goal.roadmap_id, &actor, &at, HistoryAction::ProposalFiled, "goal", &line)?;
            Ok(id)
        })?;
        goals::proposal(self.store.conn(), id)?.ok_or_else(|| ApiError::not_found("goal proposal", id))
    }

    /// The PM accepts (the goal takes the proposed fields) or declines with a reason.
    pub fn respond_to_goal_proposal(&mut self, actor: ProfileId, req: RespondToGoalProposal) -> ApiResult<Goal> {
        let actor = self.profile(actor)?;
        let action = if req.accept { Action::Accept } else { Action::Decline };
        authorize(actor.role, Field::Goals, action)?;
        let reason = validate::text("reason", &req.reason, Limits::REASON_MAX)?;
        if !req.accept && reason.trim().is_empty() {
            return Err(ApiError::invalid("reason: say why the proposal is declined"));
        }
        let at = accord_store::now();
        self.store.write(|tx| {
            let proposal = goals::proposal(tx, req.proposal_id)?
                .ok_or_else(|| ApiError::not_found("goal proposal", req.proposal_id))?;
            let status = proposal
                .status
                .respond(req.accept)
                .map_err(|answered| ApiError::invalid(format!("this proposal was already {}", answered.as_str())))?;
            let goal = current(tx, proposal.goal_id, req.base_revision)?;
            if !goals::respond(tx, proposal.id, status, &reason, actor.id, &at)? {
                return Err(ApiError::invalid("this proposal was answered in the meantime"));
            }
            if req.accept {
                let fields = proposal.proposed.clone().validated()?;
                if !goals::update_if_current(tx, goal.id, goal.revision, &fields, goal.archived, &at)? {
                    return Err(ApiError::invalid("the goal changed in the meantime"));
                }
                let line = format!("{}: {}", fields.objective, fields.target());
                record_roadmap(tx, goal.roadmap_id, &actor, &at, HistoryAction::ProposalAccepted, "goal", &line)?;
            } else {
                record_roadmap(tx, goal.roadmap_id, &actor, &at, HistoryAction::ProposalDeclined, "goal", &reason)?;
            }
            load(tx, goal.id)
        })
    }
}
